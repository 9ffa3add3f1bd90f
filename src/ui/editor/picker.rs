//! Choosing a node by typing: a field that searches labels and aliases
//! ([`crate::query::search`]) and lists the best [`MAX_HITS`] matches to click. The
//! search runs when the text or the graph changes, not every frame, through the
//! window's search index (shared with the search box), so a form on a large graph does
//! not cost a frame; while a large graph's index is built the list says so.

use egui::{RichText, Ui};

use crate::model::KnowledgeGraph;
use crate::query::search::{Hit, SearchIndex};
use crate::ui::search_box::search_index_for;

/// How many matches a picker lists.
pub(super) const MAX_HITS: usize = 20;

/// A node being chosen: what is typed, the matches, and the node chosen (by id, so a
/// node that goes while the form is open is not mistaken for another in its slot).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct NodePicker {
    /// What is typed.
    pub(super) query: String,
    /// The id of the node chosen.
    pub(super) chosen: Option<String>,
    hits: Vec<Hit>,
    /// The text and the graph revision `hits` answer.
    searched: (String, u64),
}

impl NodePicker {
    /// A picker with this node already chosen.
    pub(super) fn with(id: Option<String>) -> Self {
        Self {
            chosen: id,
            ..Self::default()
        }
    }

    /// The chosen node's id, if it is still in the graph.
    pub(super) fn id<'a>(&'a self, kg: &KnowledgeGraph) -> Option<&'a str> {
        self.chosen.as_deref().filter(|id| kg.node(id).is_some())
    }

    /// Searches again if the text or the graph changed since the last search, through
    /// `index` if it is the graph's as it is. False while the matches wait for an index.
    fn refresh(&mut self, kg: &KnowledgeGraph, index: Option<&SearchIndex>) -> bool {
        let wanted = (self.query.clone(), kg.revision());
        if self.searched == wanted {
            return true;
        }
        let Some(index) = index.filter(|i| i.revision() == kg.revision()) else {
            return false;
        };
        self.hits = index.search(&self.query, MAX_HITS);
        self.searched = wanted;
        true
    }
}

/// The picker named `name`: the chosen node with a button to change it, or a field and
/// the matches for what is typed. `except` is left out of the matches (a node is not
/// merged into itself). Returns true when a node was chosen this frame.
pub(super) fn picker_ui(
    ui: &mut Ui,
    name: &str,
    kg: &KnowledgeGraph,
    picker: &mut NodePicker,
    except: Option<&str>,
) -> bool {
    if let Some(id) = picker.id(kg).map(str::to_owned) {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!("{name}:"));
            if let Some(n) = kg.node(&id) {
                ui.label(RichText::new(&n.label).strong());
                ui.weak(n.kind.name());
            }
            let change = ui.small_button("Change");
            let label = format!("Change {name}");
            change.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if change.clicked() {
                picker.chosen = None;
            }
        });
        return false;
    }
    let field = super::fields::text_ui(ui, name, &mut picker.query, false, "type a name or alias");
    if field.changed() {
        picker.chosen = None;
    }
    let index = if picker.query.trim().is_empty() {
        None
    } else {
        search_index_for(ui.ctx(), kg)
    };
    if !picker.refresh(kg, index.as_deref()) && !picker.query.trim().is_empty() {
        ui.weak("Indexing\u{2026}");
        return false;
    }
    hits_ui(ui, name, kg, picker, except)
}

/// The matches as a list to click; returns true when one was clicked.
fn hits_ui(
    ui: &mut Ui,
    name: &str,
    kg: &KnowledgeGraph,
    picker: &mut NodePicker,
    except: Option<&str>,
) -> bool {
    if picker.query.trim().is_empty() {
        return false;
    }
    let mut chosen = None;
    egui::ScrollArea::vertical()
        .id_salt(("picker", name))
        .max_height(150.0)
        .show(ui, |ui| {
            let mut listed = 0;
            for hit in &picker.hits {
                let Some(n) = kg.node_at(hit.node) else {
                    continue;
                };
                if except == Some(n.id.as_str()) {
                    continue;
                }
                listed += 1;
                let r = ui.selectable_label(false, format!("{}  ({})", n.label, n.kind.name()));
                let label = format!("{name}: {} ({})", n.label, n.kind.name());
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                if r.clicked() {
                    chosen = Some(n.id.clone());
                }
            }
            if listed == 0 {
                ui.weak("No node matches.");
            }
        });
    if chosen.is_some() {
        picker.chosen = chosen;
        picker.query.clear();
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::{Model, generate};

    #[test]
    fn matches_are_bounded_and_searched_once_per_text_and_revision() {
        let kg = KnowledgeGraph::from_document(generate(Model::Communities, 10_000, 10_000, 1));
        let mut picker = NodePicker {
            query: "node 1".into(),
            ..NodePicker::default()
        };
        let index = SearchIndex::build(&kg);
        assert!(picker.refresh(&kg, Some(&index)));
        assert_eq!(
            picker.hits.len(),
            MAX_HITS,
            "thousands match; twenty are listed"
        );
        // A frame with nothing new keeps the matches it has.
        picker.hits.clear();
        picker.refresh(&kg, Some(&index));
        assert!(picker.hits.is_empty());
        picker.query.push('2');
        assert!(
            !picker.refresh(&kg, None),
            "no index, no search: the list waits for one"
        );
        assert!(picker.hits.is_empty());
        picker.refresh(&kg, Some(&index));
        assert!(!picker.hits.is_empty());
    }
}
