//! The app's side of the selection's actions: [`SelectionCommand`]s change the
//! multi-selection or the spec's [`crate::query::ByHand`] (by node id), and the view,
//! the layout and everything derived follow through `sync` like any other spec change.

use std::collections::BTreeSet;

use petgraph::stable_graph::NodeIndex;

use super::App;
use crate::query::{apply, hidden_neighbours};
use crate::ui::explore::{ExploreCommand, ExportScope};
use crate::ui::selection_actions::SelectionCommand;

impl App {
    /// Applies one action on the selection.
    pub(super) fn apply_selection(&mut self, ctx: &egui::Context, cmd: SelectionCommand) {
        match cmd {
            SelectionCommand::AddToMulti(nodes) => self.explore.multi.extend(nodes),
            SelectionCommand::Hide(nodes) => {
                let ids = self.ids_of(&nodes);
                self.spec.by_hand.hide(ids);
                // What is off the map is no longer selected there.
                self.explore.multi.retain(|ix| !nodes.contains(ix));
            }
            SelectionCommand::ShowOnly(nodes) => {
                let ids = self.ids_of(&nodes);
                self.spec.by_hand.show_only(ids);
                // The few nodes left keep their places: bring them into view, once
                // they are in (a large graph filters on a job).
                self.fit_when_shown = true;
            }
            SelectionCommand::Expand(nodes) => self.expand(&nodes),
            SelectionCommand::Export => {
                self.apply_explore(ctx, ExploreCommand::ShowExport);
                if let Some(st) = &mut self.explore.export {
                    st.scope = ExportScope::Selection;
                }
            }
            SelectionCommand::ShowHidden => self.spec.by_hand.show_hidden(),
            SelectionCommand::RemoveAdded => self.spec.by_hand.remove_added(),
        }
        self.sync();
    }

    /// Shows the neighbours of `nodes` that are not shown, leaving the filters as they
    /// are; says so when there are none. They are laid out beside the nodes they touch
    /// (the layout places newcomers by their neighbours).
    fn expand(&mut self, nodes: &BTreeSet<NodeIndex>) {
        let new = hidden_neighbours(&self.kg, self.derived.view(), nodes);
        if new.is_empty() {
            self.explore.message =
                Some("Every neighbour of the selection is shown already.".to_owned());
            return;
        }
        self.spec.by_hand.add(new);
    }

    /// The ids of `nodes`, skipping any the graph lacks.
    fn ids_of(&self, nodes: &BTreeSet<NodeIndex>) -> Vec<String> {
        nodes
            .iter()
            .filter_map(|&ix| self.kg.node_at(ix).map(|n| n.id.clone()))
            .collect()
    }

    /// Stops hiding `ix` by hand, if it was; true when that is enough to show it (the
    /// filters show it), so no filter need be removed.
    pub(super) fn unhide_by_hand(&mut self, ix: NodeIndex) -> bool {
        let Some(id) = self.kg.node_at(ix).map(|n| n.id.clone()) else {
            return false;
        };
        if !self.spec.by_hand.hides(&id) {
            return false;
        }
        self.spec.by_hand.unhide(&id);
        apply(&self.kg, &self.spec.filter).has_node(ix)
    }
}
