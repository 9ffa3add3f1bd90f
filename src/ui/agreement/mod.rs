//! Where people stand, in the window: the agreement of two people in the sidebar
//! (*Where they stand*), the agreement map (a canvas mode drawing the view's people
//! with derived person-to-person edges), the stance groups beside the faction claims,
//! and the agreement graph's export.
//!
//! Everything here is an analysis of the stance edges on the shown view: derived edges
//! and groups are never written into the knowledge graph. The agreement mode keeps
//! every person where the layout has them (the user's learned map), so it moves no
//! node, and leaving it shows the map exactly as it was.

mod export;
mod map_bar;
mod sidebar;
mod slots;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use petgraph::stable_graph::NodeIndex;

pub use export::export_prompt_ui;
pub use map_bar::map_bar_ui;
pub use sidebar::{compare_picker_ui, pair_view_ui, where_they_stand_ui};
pub use slots::{MapResult, PairResult, Stood};

use self::slots::{Slot, is_small};
use super::history::Selection;
use super::layout_state::LayoutState;
use crate::model::{Kind, KnowledgeGraph};
use crate::query::View;
use crate::query::stances::AgreementEdge;

/// A request about the agreement analyses, applied by the app at the end of the frame.
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgreementCommand {
    /// Turn the agreement map on or off (View > Agreement map).
    SetMap(bool),
    /// Count (or not) the stances of the texts people wrote as theirs.
    SetInherit(bool),
    /// Select a derived edge: the sidebar explains the pair.
    SelectPair(NodeIndex, NodeIndex),
    /// Forget the selected derived edge.
    ClearPair,
    /// Compare the selected person's stances with this one's (or stop).
    CompareWith(Option<NodeIndex>),
    /// The compare picker's filter text.
    CompareFilter(String),
    /// Export the agreement graph as CSV (a file dialog, else a path field).
    Export,
    /// Write the agreement graph's CSV to this path.
    ExportTo(PathBuf),
}

/// A derived edge selected, and what was selected in the graph when it was: selecting
/// anything else there leaves the pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Picked {
    pair: (NodeIndex, NodeIndex),
    under: Option<Selection>,
}

/// What the map and pair analyses answer.
type MapKey = (u64, u64, bool);
type PairKey = (u64, u64, NodeIndex, NodeIndex, bool);

/// The agreement analyses' state in the window.
#[derive(Debug, Default)]
pub struct AgreementUi {
    /// Whether the canvas shows the agreement map.
    pub map_on: bool,
    /// Whether a person holds the stances of the texts they wrote.
    pub inherit: bool,
    /// Whether the stance groups table was drawn last frame (it asks for the map).
    pub groups_open: bool,
    picked: Option<Picked>,
    compare_with: Option<NodeIndex>,
    /// The compare picker's filter text.
    pub compare_filter: String,
    map: Slot<MapKey, MapResult>,
    pair: Slot<PairKey, PairResult>,
    map_key: Option<MapKey>,
    pair_key: Option<PairKey>,
    /// The pair the sidebar explains this frame.
    active: Option<(NodeIndex, NodeIndex)>,
    /// The path field shown when no file dialog can be (and a message after export).
    pub export_prompt: Option<String>,
    /// What the last export did, for the user.
    pub export_message: Option<String>,
    /// Asked to repaint when a job has an answer.
    wake: Option<egui::Context>,
    /// The camera (centre, zoom, following the layout) before the mode was turned on:
    /// leaving it shows the map as it was left.
    pub camera_before: Option<(egui::Vec2, f32, bool)>,
}

/// What the analyses are asked this frame.
pub struct Asked<'a> {
    /// The graph.
    pub kg: &'a Arc<KnowledgeGraph>,
    /// The view and its generation.
    pub view: (u64, &'a Arc<View>),
    /// The selection in the graph.
    pub selection: Option<Selection>,
    /// The Shift multi-selection.
    pub multi: &'a BTreeSet<NodeIndex>,
}

/// Whether a node can be compared: a person, organisation or text (ideas are what
/// they take stances on).
fn comparable(kg: &KnowledgeGraph, ix: NodeIndex) -> bool {
    kg.node_at(ix).is_some_and(|n| {
        matches!(
            n.kind,
            Kind::Person | Kind::Organisation | Kind::Publication
        )
    })
}

impl AgreementUi {
    /// The pair the sidebar explains, first found of: a selected derived edge, two
    /// nodes selected with Shift, the selected person and the one picked to compare.
    pub fn active_pair(
        &self,
        kg: &KnowledgeGraph,
        selection: Option<Selection>,
        multi: &BTreeSet<NodeIndex>,
    ) -> Option<(NodeIndex, NodeIndex)> {
        if let Some(p) = self.picked_pair(selection) {
            return Some(p);
        }
        if let Some(p) = multi_pair(kg, multi) {
            return Some(p);
        }
        let a = selection.and_then(Selection::node)?;
        let b = self.compare_with.filter(|&b| b != a)?;
        Some((a, b))
    }

    /// The selected derived edge, while what it was selected over is still selected.
    pub fn picked_pair(&self, selection: Option<Selection>) -> Option<(NodeIndex, NodeIndex)> {
        self.picked.filter(|p| p.under == selection).map(|p| p.pair)
    }

    /// The person the selected one is compared with.
    pub fn compare_with(&self) -> Option<NodeIndex> {
        self.compare_with
    }

    /// Brings the analyses up to date with what is asked: the map when the mode is on
    /// or the groups table open, the active pair's agreement.
    pub fn update(&mut self, asked: &Asked<'_>) {
        if self
            .picked
            .is_some_and(|p| p.under != asked.selection || !asked.view.1.has_node(p.pair.0))
        {
            self.picked = None;
        }
        let (generation, view) = asked.view;
        let revision = asked.kg.revision();
        let small = is_small(view);
        self.map_key =
            (self.map_on || self.groups_open).then_some((revision, generation, self.inherit));
        match self.map_key {
            Some(key) => {
                let (kg, view, inherit) = (Arc::clone(asked.kg), Arc::clone(view), self.inherit);
                self.map.ask(key, small, self.wake.as_ref(), move || {
                    MapResult::compute(&kg, &view, inherit)
                });
            }
            None => self.map.drop_job(),
        }
        let pair = self.active_pair(asked.kg, asked.selection, asked.multi);
        self.active = pair;
        self.pair_key = pair.map(|(a, b)| (revision, generation, a, b, self.inherit));
        match self.pair_key {
            Some(key) => {
                let (kg, view, inherit) = (Arc::clone(asked.kg), Arc::clone(view), self.inherit);
                let (_, _, a, b, _) = key;
                self.pair.ask(key, small, self.wake.as_ref(), move || {
                    PairResult::compute(&kg, &view, (a, b), inherit)
                });
            }
            None => self.pair.drop_job(),
        }
    }

    /// The agreement map for the current view, or the last one while it computes.
    pub fn map(&self) -> Option<&MapResult> {
        self.map.latest().map(Arc::as_ref)
    }

    /// The agreement map of exactly the current view, once it is in.
    pub fn fresh_map(&self) -> Option<&Arc<MapResult>> {
        self.map.get(self.map_key.as_ref()?)
    }

    /// How long the map has been computing, while it is.
    pub fn map_running(&self) -> Option<std::time::Duration> {
        self.map.running()
    }

    /// Whether `pair` is the one the sidebar explains this frame.
    pub fn active_pair_is(&self, pair: (NodeIndex, NodeIndex)) -> bool {
        self.active == Some(pair)
    }

    /// The active pair's agreement, once it is in.
    pub fn pair_result(&self, a: NodeIndex, b: NodeIndex) -> Option<&PairResult> {
        let key = self.pair_key.filter(|k| (k.2, k.3) == (a, b))?;
        self.pair.get(&key).map(Arc::as_ref)
    }

    /// Who to wake when background work has an answer (the window's context).
    pub fn set_wake(&mut self, ctx: &egui::Context) {
        if self.wake.is_none() {
            self.wake = Some(ctx.clone());
        }
    }

    /// In the agreement mode, each stance group's size, largest first (empty before
    /// the map is in, or past the size groups are computed for).
    pub fn legend_groups(&self) -> Option<Vec<usize>> {
        if !self.map_on {
            return None;
        }
        let groups = self.map().and_then(|m| m.groups.as_ref());
        Some(groups.map_or_else(Vec::new, |g| g.groups.iter().map(Vec::len).collect()))
    }

    /// The derived edge between two people in the map, if they share stances.
    pub fn derived_edge(&self, a: NodeIndex, b: NodeIndex) -> Option<AgreementEdge> {
        let map = self.map()?;
        let input = MapInput {
            map,
            selected: None,
        };
        input.edge(a, b).copied()
    }

    /// What the canvas's agreement mode draws, when it is on and a map is in.
    pub fn canvas_input(&self, selection: Option<Selection>) -> Option<MapInput<'_>> {
        if !self.map_on {
            return None;
        }
        Some(MapInput {
            map: self.map()?,
            selected: self.picked_pair(selection),
        })
    }

    /// Applies what the frame asked; `selection` is the graph's selection now.
    pub fn apply(
        &mut self,
        kg: &KnowledgeGraph,
        cmd: AgreementCommand,
        selection: Option<Selection>,
    ) {
        match cmd {
            AgreementCommand::SetMap(on) => {
                self.map_on = on;
                if !on {
                    self.picked = None;
                }
            }
            AgreementCommand::SetInherit(on) => self.inherit = on,
            AgreementCommand::SelectPair(a, b) => {
                self.picked = Some(Picked {
                    pair: (a, b),
                    under: selection,
                });
            }
            AgreementCommand::ClearPair => self.picked = None,
            AgreementCommand::CompareWith(b) => {
                self.compare_with = b;
                self.compare_filter.clear();
            }
            AgreementCommand::CompareFilter(text) => self.compare_filter = text,
            AgreementCommand::Export => self.export_dialog(kg),
            AgreementCommand::ExportTo(path) => self.export_to(kg, &path),
        }
    }
}

/// Two comparable nodes selected with Shift, in index order.
pub fn multi_pair(
    kg: &KnowledgeGraph,
    multi: &BTreeSet<NodeIndex>,
) -> Option<(NodeIndex, NodeIndex)> {
    let mut it = multi.iter().copied();
    let (a, b) = (it.next()?, it.next()?);
    (it.next().is_none() && comparable(kg, a) && comparable(kg, b)).then_some((a, b))
}

/// What the canvas's agreement mode draws: the map and the derived edge selected.
#[derive(Clone, Copy, Debug)]
pub struct MapInput<'a> {
    /// The agreement map of the view (the last one while the next computes).
    pub map: &'a MapResult,
    /// The derived edge selected, if one is.
    pub selected: Option<(NodeIndex, NodeIndex)>,
}

impl MapInput<'_> {
    /// Whether the mode shows the node: the view's people only.
    pub fn shows(&self, ix: NodeIndex) -> bool {
        self.map.people.contains(&ix)
    }

    /// A person and the people they share stances with (a derived edge either way).
    pub fn near(&self, ix: NodeIndex) -> Vec<NodeIndex> {
        let mut out = vec![ix];
        for e in &self.map.graph.edges {
            if e.a == ix {
                out.push(e.b);
            } else if e.b == ix {
                out.push(e.a);
            }
        }
        out
    }

    /// What fitting the camera shows in the agreement mode: every person placed.
    pub fn bounds(&self, layout: &LayoutState) -> Option<egui::Rect> {
        let mut out: Option<egui::Rect> = None;
        for &ix in &self.map.people {
            if let Some(p) = layout.pos(ix) {
                let size = egui::Vec2::splat(2.0 * layout.radius(ix));
                let r = egui::Rect::from_center_size(p, size);
                out = Some(out.map_or(r, |b| b.union(r)));
            }
        }
        out
    }

    /// The derived edge between two people, either way round.
    pub fn edge(&self, a: NodeIndex, b: NodeIndex) -> Option<&AgreementEdge> {
        self.map
            .graph
            .edges
            .iter()
            .find(|e| (e.a, e.b) == (a, b) || (e.a, e.b) == (b, a))
    }
}
