//! The search box: fuzzy matching on labels and aliases ([`crate::query::search`]),
//! results with their kind in a drop-down; ↑ and ↓ move through them, Enter selects
//! and centres the highlighted hit, Esc closes the list.
//!
//! Searches go through the window's [`SearchIndex`], built once per graph revision
//! (when a search first needs it) and shared with the editor's node pickers
//! ([`search_index_for`]).

use std::sync::{Arc, Mutex};

use egui::{Key, RichText, Ui};

use super::command::Command;
use super::jobs::{Job, in_background};
use crate::model::KnowledgeGraph;
use crate::query::search::{Hit, Narrowed, SearchIndex, normalise, search};

/// How many results the drop-down lists.
const MAX_HITS: usize = 8;

/// Graphs with at most this many nodes are indexed and searched inline (the index of
/// 10,000 nodes builds in about 2 ms and answers a keystroke in well under one, in
/// `cargo bench --bench search`); larger ones on jobs, one keystroke superseding the
/// last, so no frame waits for a million nodes.
const INLINE_NODES: usize = 20_000;

/// What a list of hits answers: the query and the graph revision.
type Searched = (String, u64);

/// What a search job hands back: the hits, and what they leave for the next keystroke.
type Found = (Vec<Hit>, Narrowed);

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
    pending: Option<(Searched, Job<Found>)>,
    /// What the last search left for the next keystroke.
    narrowed: Option<Narrowed>,
    /// Whether the index is being built for the graph as it is (the hits wait for it).
    indexing: bool,
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
    // Indexing starts when the field is focused, so it is usually done by the first key.
    let wanted = resp.has_focus() || !st.query.is_empty() || index_asked_for(ui.ctx());
    st.indexing = wanted && search_index(ui.ctx(), kg).is_none();
    refresh_hits(ui.ctx(), kg, st);
    if st.indexing {
        ui.weak("Indexing\u{2026}");
    }
    let enter = ui.input(|i| i.key_pressed(Key::Enter));
    if esc {
        st.popup_open = false;
        return;
    }
    if resp.lost_focus() && enter {
        if st.pending.take().is_some() || st.searched != (st.query.clone(), kg.revision()) {
            // Enter means the hits of what is typed, not the last ones listed: one
            // search here, on an explicit action, rather than the wrong node (through
            // a throwaway index if the window's is not built yet).
            st.hits = match search_index(ui.ctx(), kg) {
                Some(index) => index.search(&st.query, MAX_HITS),
                None => search(kg, &st.query, MAX_HITS),
            };
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
        if !st.query.trim().is_empty() && st.hits.is_empty() && resp.has_focus() && !st.indexing {
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
/// highlights its first hit. The search waits for the index; on a large graph the hits
/// come from a job, and the last ones stay listed until they are in.
fn refresh_hits(ctx: &egui::Context, kg: &Arc<KnowledgeGraph>, st: &mut SearchState) {
    // Keyed on the revision too: an edit that renames a node changes what matches.
    let wanted = (st.query.clone(), kg.revision());
    if st.searched == wanted {
        st.pending = None;
        return;
    }
    let found = match &mut st.pending {
        Some((asked, job)) if *asked == wanted => match job.poll() {
            Some(found) => found,
            // Running, or ended with nothing (no thread): searched below if so.
            None if job.is_running() => return,
            None => search_now(ctx, kg, st),
        },
        _ if normalise(&st.query).is_empty() => (Vec::new(), Narrowed::default()),
        _ if kg.num_nodes() <= INLINE_NODES => search_now(ctx, kg, st),
        _ => {
            let Some(index) = search_index(ctx, kg) else {
                return;
            };
            let (query, before) = (st.query.clone(), st.narrowed.clone());
            let job = Job::spawn(Some(ctx.clone()), move |cx| {
                cx.send(in_background(|| {
                    index.search_from(&query, MAX_HITS, before.as_ref())
                }));
            });
            st.pending = Some((wanted, job));
            return;
        }
    };
    st.pending = None;
    let typed = st.searched.0 != st.query;
    (st.hits, st.narrowed) = (found.0, Some(found.1));
    st.searched = wanted;
    if typed {
        st.popup_open = !st.hits.is_empty();
        st.highlighted = 0;
    }
    st.highlighted = st.highlighted.min(st.hits.len().saturating_sub(1));
}

/// The hits for the query, searched on this thread (through a throwaway index if the
/// window's is not built).
fn search_now(ctx: &egui::Context, kg: &Arc<KnowledgeGraph>, st: &SearchState) -> Found {
    match search_index(ctx, kg) {
        Some(index) => index.search_from(&st.query, MAX_HITS, st.narrowed.as_ref()),
        None => (search(kg, &st.query, MAX_HITS), Narrowed::default()),
    }
}

/// The window's search index and the build on its way, kept in the egui context so
/// the editor's pickers, which are given the graph but not its `Arc`, share it.
#[derive(Default)]
struct IndexCell {
    /// The last index built.
    ready: Option<Arc<SearchIndex>>,
    /// The build on its way, and the revision it indexes.
    building: Option<(u64, Job<SearchIndex>)>,
    /// A picker wants an index it could not build itself: the search box builds it.
    asked: bool,
}

/// The context's [`IndexCell`].
fn index_cell(ctx: &egui::Context) -> Arc<Mutex<IndexCell>> {
    let id = egui::Id::unique("ideagraph-search-index");
    ctx.data_mut(|d| {
        d.get_temp_mut_or_default::<Arc<Mutex<IndexCell>>>(id)
            .clone()
    })
}

/// Whether a picker has asked for the index.
fn index_asked_for(ctx: &egui::Context) -> bool {
    let cell = index_cell(ctx);
    let cell = cell.lock().unwrap_or_else(|e| e.into_inner());
    cell.asked
}

/// The search index of `kg` as it is, or `None` while it is being built: a small
/// graph's is built here and now, a large graph's on a job (which wakes the window
/// when it is done).
fn search_index(ctx: &egui::Context, kg: &Arc<KnowledgeGraph>) -> Option<Arc<SearchIndex>> {
    let cell = index_cell(ctx);
    let mut cell = cell.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(index) = ready(&mut cell, kg) {
        return Some(index);
    }
    let revision = kg.revision();
    if let Some((_, job)) = cell.building.as_mut().filter(|(r, _)| *r == revision) {
        match job.poll() {
            Some(index) => return Some(store(&mut cell, index)),
            None if job.is_running() => return None,
            // Ended with nothing (no thread for it): built here instead.
            None => return Some(store(&mut cell, SearchIndex::build(kg))),
        }
    }
    let kg = Arc::clone(kg);
    let job = Job::spawn(Some(ctx.clone()), move |cx| {
        cx.send(in_background(|| SearchIndex::build(&kg)));
    });
    cell.building = Some((revision, job));
    None
}

/// The search index of `kg` as it is, for a caller that has the graph but not its
/// `Arc` (the editor's pickers): a small graph's is built here and now; a large one's
/// is asked of the search box, which builds it from the next frame (`None` meanwhile).
pub(super) fn search_index_for(
    ctx: &egui::Context,
    kg: &KnowledgeGraph,
) -> Option<Arc<SearchIndex>> {
    let cell = index_cell(ctx);
    let mut cell = cell.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(index) = ready(&mut cell, kg) {
        return Some(index);
    }
    cell.asked = true;
    ctx.request_repaint();
    None
}

/// The index kept, if it is `kg`'s as it is; for a small graph, one built now.
fn ready(cell: &mut IndexCell, kg: &KnowledgeGraph) -> Option<Arc<SearchIndex>> {
    match &cell.ready {
        Some(index) if index.revision() == kg.revision() => Some(Arc::clone(index)),
        _ if kg.num_nodes() <= INLINE_NODES => Some(store(cell, SearchIndex::build(kg))),
        _ => None,
    }
}

/// Keeps `index` as the window's, ending any build and answering any picker's ask.
fn store(cell: &mut IndexCell, index: SearchIndex) -> Arc<SearchIndex> {
    let index = Arc::new(index);
    cell.ready = Some(Arc::clone(&index));
    cell.building = None;
    cell.asked = false;
    index
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
