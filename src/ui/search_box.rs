//! The search box: fuzzy matching on labels and aliases ([`crate::query::search`]),
//! results with their kind in a drop-down; ↑ and ↓ move through them, Enter selects
//! and centres the highlighted hit, Esc closes the list.

use std::sync::Arc;

use egui::{Key, RichText, Ui};

use super::command::Command;
use super::jobs::Job;
use crate::model::KnowledgeGraph;
use crate::query::search::{Hit, normalise, search};

/// How many results the drop-down lists.
const MAX_HITS: usize = 8;

/// Graphs with at most this many nodes are searched inline (7 ms for 10,000 nodes in
/// `cargo bench --bench view`); larger ones on a job, one keystroke superseding the
/// last.
const INLINE_NODES: usize = 20_000;

/// What a list of hits answers: the query and the graph revision.
type Searched = (String, u64);

/// The id of the search text field, so Ctrl+F can focus it.
pub fn search_field_id() -> egui::Id {
    egui::Id::unique("ideagraph-search-field")
}

/// The search box's state.
#[derive(Debug, Default)]
pub struct SearchState {
    /// What the user typed.
    pub query: String,
    /// Results for `query`.
    pub hits: Vec<Hit>,
    /// The query and the graph revision `hits` were computed for.
    searched: Searched,
    /// The search on its way, on a large graph.
    pending: Option<(Searched, Job<Vec<Hit>>)>,
    /// Whether the drop-down is open.
    popup_open: bool,
    /// The hit Enter selects (moved with ↑ and ↓).
    highlighted: usize,
}

impl SearchState {
    /// Whether the list of hits is open.
    pub fn list_open(&self) -> bool {
        self.popup_open
    }

    /// Closes the list of hits, keeping the query.
    pub fn close_list(&mut self) {
        self.popup_open = false;
    }
}

/// Draws the search box and its drop-down. With the list open, ↑ and ↓ move through
/// the hits, Enter selects the highlighted one (the first unless moved), Esc closes it.
pub fn search_ui(
    ui: &mut Ui,
    kg: &Arc<KnowledgeGraph>,
    st: &mut SearchState,
    cmds: &mut Vec<Command>,
) {
    // Arrows are taken before the field sees them (it would move its cursor).
    let focused = ui.memory(|m| m.has_focus(search_field_id()));
    if focused && st.popup_open {
        move_highlight(ui, st);
    }
    // Read before the field, which takes Esc to give up the focus.
    let esc = focused && ui.input(|i| i.key_pressed(Key::Escape));
    let label = ui.label("Search");
    let edit = egui::TextEdit::singleline(&mut st.query)
        .id(search_field_id())
        .hint_text("name or alias (Ctrl+F)")
        .desired_width(240.0);
    let resp = ui.add(edit).labelled_by(label.id);
    refresh_hits(ui.ctx(), kg, st);
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    if esc {
        st.popup_open = false;
        return;
    }
    if resp.lost_focus() && enter {
        if st.pending.take().is_some() {
            // Enter means the hits of what is typed, not the last ones listed: one
            // search here, on an explicit action, rather than the wrong node.
            st.hits = search(kg, &st.query, MAX_HITS);
            st.searched = (st.query.clone(), kg.revision());
            st.highlighted = 0;
        }
        if let Some(hit) = st.hits.get(st.highlighted).or(st.hits.first()) {
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
    if let Some(ix) = hits_popup_ui(&resp, kg, st) {
        cmds.push(Command::SelectAndCentre(ix));
        st.popup_open = false;
    }
}

/// Searches again when the query or the graph changed; a new query opens the list and
/// highlights its first hit. On a large graph the hits come from a job, and the last
/// ones stay listed until they are in.
fn refresh_hits(ctx: &egui::Context, kg: &Arc<KnowledgeGraph>, st: &mut SearchState) {
    // Keyed on the revision too: an edit that renames a node changes what matches.
    let wanted = (st.query.clone(), kg.revision());
    if st.searched == wanted {
        st.pending = None;
        return;
    }
    let hits = match &mut st.pending {
        Some((asked, job)) if *asked == wanted => match job.poll() {
            Some(hits) => hits,
            // Running, or ended with nothing (no thread): searched below if so.
            None if job.is_running() => return,
            None => search(kg, &st.query, MAX_HITS),
        },
        _ if kg.num_nodes() <= INLINE_NODES => search(kg, &st.query, MAX_HITS),
        _ => {
            let (kg, query) = (Arc::clone(kg), st.query.clone());
            let job = Job::spawn(Some(ctx.clone()), move |cx| {
                cx.send(search(&kg, &query, MAX_HITS));
            });
            st.pending = Some((wanted, job));
            return;
        }
    };
    st.pending = None;
    let typed = st.searched.0 != st.query;
    st.hits = hits;
    st.searched = wanted;
    if typed {
        st.popup_open = !st.hits.is_empty();
        st.highlighted = 0;
    }
    st.highlighted = st.highlighted.min(st.hits.len().saturating_sub(1));
}

/// ↓ and ↑ move the highlight through the hits (wrapping round).
fn move_highlight(ui: &mut Ui, st: &mut SearchState) {
    let n = st.hits.len();
    if n == 0 {
        return;
    }
    let (down, up) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
            i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
        )
    });
    if down {
        st.highlighted = (st.highlighted + 1) % n;
    }
    if up {
        st.highlighted = (st.highlighted + n - 1) % n;
    }
}

/// The drop-down of hits; returns the one clicked.
fn hits_popup_ui(
    resp: &egui::Response,
    kg: &KnowledgeGraph,
    st: &mut SearchState,
) -> Option<petgraph::stable_graph::NodeIndex> {
    let mut chosen = None;
    let hits = st.hits.clone();
    let (highlighted, query) = (st.highlighted, st.query.clone());
    egui::Popup::from_response(resp)
        .open_bool(&mut st.popup_open)
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
        .width(320.0)
        .show(|ui| {
            for (i, hit) in hits.iter().enumerate() {
                let Some(node) = kg.node_at(hit.node) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    let on = i == highlighted;
                    let text = RichText::new(&node.label);
                    let r = ui.selectable_label(on, if on { text.strong() } else { text });
                    let name = format!("{} ({})", node.label, node.kind.name());
                    r.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Button, true, on, name.clone())
                    });
                    if r.clicked() {
                        chosen = Some(hit.node);
                    }
                    ui.weak(node.kind.name());
                    // Say which alias matched when the label alone would not have.
                    if hit.matched != node.label
                        && !normalise(&node.label).contains(&normalise(&query))
                    {
                        ui.weak(format!("as \u{201c}{}\u{201d}", hit.matched));
                    }
                });
            }
            ui.weak("Up and Down choose, Enter selects, Esc closes");
        });
    chosen
}
