//! Choosing a node by typing: a field that searches labels and aliases
//! ([`crate::query::search`]) and lists the best [`MAX_HITS`] matches to click. The
//! search runs when the text or the graph changes, not every frame, and is bounded, so
//! a form on a 10,000-node graph does not cost a frame.

use egui::{RichText, Ui};

use crate::model::KnowledgeGraph;
use crate::query::search::{Hit, search};

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

    /// Searches again if the text or the graph changed since the last search.
    fn refresh(&mut self, kg: &KnowledgeGraph) {
        let wanted = (self.query.clone(), kg.revision());
        if self.searched != wanted {
            self.hits = search(kg, &self.query, MAX_HITS);
            self.searched = wanted;
        }
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
    picker.refresh(kg);
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
        picker.refresh(&kg);
        assert_eq!(
            picker.hits.len(),
            MAX_HITS,
            "thousands match; twenty are listed"
        );
        // A frame with nothing new keeps the matches it has.
        picker.hits.clear();
        picker.refresh(&kg);
        assert!(picker.hits.is_empty());
        picker.query.push('2');
        picker.refresh(&kg);
        assert!(!picker.hits.is_empty());
    }
}
