//! The search box: fuzzy matching on labels and aliases ([`crate::query::search`]),
//! results with their kind in a drop-down; Enter selects and centres the top hit.

use egui::{Key, RichText, Ui};

use super::command::Command;
use crate::model::KnowledgeGraph;
use crate::query::search::{Hit, normalise, search};

/// How many results the drop-down lists.
const MAX_HITS: usize = 8;

/// The id of the search text field, so Ctrl+F can focus it.
pub fn search_field_id() -> egui::Id {
    egui::Id::unique("ideagraph-search-field")
}

/// The search box's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchState {
    /// What the user typed.
    pub query: String,
    /// Results for `query`.
    pub hits: Vec<Hit>,
    /// The query and the graph revision `hits` were computed for.
    searched: (String, u64),
    /// Whether the drop-down is open.
    popup_open: bool,
}

/// Draws the search box and its drop-down.
pub fn search_ui(ui: &mut Ui, kg: &KnowledgeGraph, st: &mut SearchState, cmds: &mut Vec<Command>) {
    let label = ui.label("Search");
    let edit = egui::TextEdit::singleline(&mut st.query)
        .id(search_field_id())
        .hint_text("name or alias (Ctrl+F)")
        .desired_width(240.0);
    let resp = ui.add(edit).labelled_by(label.id);
    // Keyed on the revision too: an edit that renames a node changes what matches.
    if st.searched.0 != st.query || st.searched.1 != kg.revision() {
        let typed = st.searched.0 != st.query;
        st.hits = search(kg, &st.query, MAX_HITS);
        st.searched = (st.query.clone(), kg.revision());
        if typed {
            st.popup_open = !st.hits.is_empty();
        }
    }
    let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if enter {
        if let Some(hit) = st.hits.first() {
            cmds.push(Command::SelectAndCentre(hit.node));
        }
        st.popup_open = false;
        return;
    }
    if resp.has_focus() && !st.hits.is_empty() && resp.changed() {
        st.popup_open = true;
    }
    if st.query.trim().is_empty() {
        st.popup_open = false;
    }
    if !st.popup_open {
        if !st.query.trim().is_empty() && st.hits.is_empty() && resp.has_focus() {
            resp.on_hover_text("No match");
        }
        return;
    }
    let mut chosen = None;
    let hits = st.hits.clone();
    egui::Popup::from_response(&resp)
        .open_bool(&mut st.popup_open)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .width(320.0)
        .show(|ui| {
            for (i, hit) in hits.iter().enumerate() {
                let Some(node) = kg.node_at(hit.node) else {
                    continue;
                };
                let mut text = RichText::new(&node.label);
                if i == 0 {
                    text = text.strong();
                }
                ui.horizontal(|ui| {
                    let r = ui.selectable_label(false, text);
                    let name = format!("{} ({})", node.label, node.kind.name());
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone())
                    });
                    if r.clicked() {
                        chosen = Some(hit.node);
                    }
                    ui.weak(node.kind.name());
                    // Say which alias matched when the label alone would not have.
                    if hit.matched != node.label
                        && !normalise(&node.label).contains(&normalise(&st.query))
                    {
                        ui.weak(format!("as \u{201c}{}\u{201d}", hit.matched));
                    }
                });
            }
            ui.weak("Enter selects the first");
        });
    if let Some(ix) = chosen {
        cmds.push(Command::SelectAndCentre(ix));
        st.popup_open = false;
    }
}
