//! [`App`]: the explorer's state and its frame: menu bar, sidebar, canvas and dialogs.
//! Widgets emit [`Command`]s; [`App::apply`] runs them at the end of the frame.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Key, Modifiers, Ui};
use petgraph::stable_graph::NodeIndex;

use super::canvas::{CanvasInput, CanvasView, MINIMAP_MIN_NODES, canvas_ui, minimap_ui};
use super::command::Command;
use super::derived::Derived;
use super::dialogs::{Dialogs, Picked, dialogs_ui, pick_graph_file};
use super::editor::{Editor, SourceTexts, editor_ui};
use super::error::UiError;
use super::explore::{Explore, LegendExtra};
use super::history::{History, Selection};
use super::layout_state::{LayoutState, STEPS_PER_FRAME};
use super::legend::legend_ui;
use super::loading::{Loading, Prepared, loading_ui};
use super::menu::{EditMenu, MenuLook, menu_ui};
use super::panels::fixed_width;
use super::search_box::{SearchState, search_field_id, search_ui};
use super::shortcuts::consume_shortcuts;
use super::sidebar::{SidebarInput, sidebar_ui};
use super::state::{STORAGE_KEY, State};
use super::toolbar::{Toolbar, empty_view_ui, toolbar_ui};
use super::undo::UndoStack;
use crate::model::KnowledgeGraph;
use crate::query::{ColourMode, Filter, View, ViewSpec};

mod edits;
mod explore_apply;
mod opening;
mod play;
mod reading;
mod recovery;
mod saving;
mod selection_apply;
mod undoing;

pub use recovery::JOURNAL_INTERVAL;

/// Most simulation steps [`App::settle_layout`] runs.
const MAX_SETTLE_STEPS: usize = 5_000;

/// The legend never takes more than this share of the canvas's height: past it, it
/// scrolls.
const LEGEND_MAX_SHARE: f32 = 0.4;

/// The legend's widest, in points: its longer lines wrap or are cut short.
const LEGEND_MAX_WIDTH: f32 = 260.0;

/// The explorer: the graph being explored, what is shown and selected, and the UI state.
pub struct App {
    /// Shared with background work (metrics, paths) by reference count; an edit while
    /// such work runs copies it first (`Arc::make_mut`), and the work's answer, for the
    /// old revision, is dropped.
    kg: Arc<KnowledgeGraph>,
    path: Option<PathBuf>,
    /// UI preferences (persisted).
    pub state: State,
    /// What is shown and how: widgets change it only by commands; [`App::set_filter`] and
    /// [`App::set_spec`] set it from code.
    spec: ViewSpec,
    /// Everything computed from the graph and `spec`, brought up to date by `sync`.
    derived: Derived,
    layout: LayoutState,
    canvas: CanvasView,
    history: History,
    search: SearchState,
    /// A filter changed what is asked for: fit the camera to the new view once it is
    /// in.
    fit_when_shown: bool,
    dialogs: Dialogs,
    /// The editor's forms and dialogs.
    editor: Editor,
    /// Paused layouts do not step (tests and screenshots).
    layout_paused: bool,
    /// Filter, path, analysis, comparison and export panels.
    explore: Explore,
    /// A file being opened in the background.
    loading: Option<Loading>,
    /// Walking round a node's neighbours with N: the node walked round and the
    /// neighbour reached.
    walk: Option<(NodeIndex, usize)>,
    /// The widget with the keyboard focus at the end of the last frame: Esc then only
    /// takes the focus away (egui does), it does not also clear the selection.
    focus_last_frame: Option<egui::Id>,
    /// Every change, for undo and redo, with the state last saved.
    undo: UndoStack,
    /// The graph's revision after the last change the undo stack knows of: another
    /// revision means the graph was changed past it ([`App::edit`] called directly),
    /// which makes it unsaved.
    recorded_revision: u64,
    /// A node being dragged, recorded as one undo step when the drag ends.
    dragging: Option<undoing::Drag>,
    /// Saving, its prompts and the window title.
    saving: saving::Saving,
    /// The recovery journal of unsaved changes.
    recovery: recovery::Recovery,
    /// Why the file being opened in the background is opened.
    opening: Option<opening::Opening>,
    /// The source reader: its panel, texts and windows.
    reader: super::reader::Reader,
    /// Where people stand: the agreement map, a pair's agreement, the stance groups.
    agreement: super::agreement::AgreementUi,
    /// The stance matrix beside the canvas (View > Stances).
    stances: super::stances::StancesPanel,
}

impl App {
    /// An explorer on `kg`, loaded from `path` (`None` for the bundled graph), with
    /// default preferences.
    pub fn new(kg: KnowledgeGraph, path: Option<PathBuf>) -> Self {
        Self::with_state(kg, path, State::default())
    }

    /// An explorer on the bundled graph; if that cannot be read (a broken build), an
    /// empty canvas that says why.
    pub fn bundled(state: State) -> Self {
        match crate::bundled::bundled_graph() {
            Ok(kg) => Self::with_state(kg, None, state),
            Err(e) => {
                let mut app = Self::with_state(KnowledgeGraph::default(), None, state);
                app.dialogs.error = Some(format!("Could not read the bundled graph: {e}"));
                app
            }
        }
    }

    /// An explorer with the given preferences.
    pub fn with_state(kg: KnowledgeGraph, path: Option<PathBuf>, state: State) -> Self {
        Self::from_prepared(Prepared::new(kg), path, state)
    }

    /// An explorer on a graph prepared (perhaps on another thread) by [`Prepared::new`].
    fn from_prepared(ready: Prepared, path: Option<PathBuf>, state: State) -> Self {
        let Prepared {
            kg,
            view,
            layout,
            encoding,
            most_connected,
        } = ready;
        let kg = Arc::new(kg);
        let recorded_revision = kg.revision();
        // The colour mapping is a preference: a new graph keeps it; the filters start clear.
        let spec = ViewSpec {
            colour_by: state.colour_by,
            ..ViewSpec::default()
        };
        // The reader opens as the window last closed.
        let mut reader = super::reader::Reader::default();
        reader.open = state.reader_open;
        let stance_prefs = state.stances.clone();
        Self {
            derived: Derived::prepared(&kg, &spec, view, encoding, most_connected),
            spec,
            kg,
            path,
            state,
            layout,
            canvas: CanvasView::default(),
            history: History::default(),
            search: SearchState::default(),
            fit_when_shown: false,
            dialogs: Dialogs::default(),
            editor: Editor::default(),
            layout_paused: false,
            explore: Explore::default(),
            loading: None,
            walk: None,
            focus_last_frame: None,
            undo: UndoStack::default(),
            recorded_revision,
            dragging: None,
            saving: saving::Saving::default(),
            recovery: recovery::Recovery::default(),
            opening: None,
            reader,
            agreement: super::agreement::AgreementUi::default(),
            stances: super::stances::StancesPanel::from_prefs(&stance_prefs),
        }
    }

    /// The graph being explored.
    pub fn graph(&self) -> &KnowledgeGraph {
        &self.kg
    }

    /// The file the graph came from (`None` for the bundled graph).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// How long the view asked for has been filtering off the UI thread, while it is
    /// (large graphs only; [`App::view`] is the last view meanwhile).
    pub fn filtering(&self) -> Option<std::time::Duration> {
        self.derived.view_running()
    }

    /// What is shown.
    pub fn view(&self) -> &View {
        self.derived.view()
    }

    /// What is shown and how: filter, compared ranges, hide or fade, colour and size.
    pub fn spec(&self) -> &ViewSpec {
        &self.spec
    }

    /// Replaces the whole view specification; the view follows at once.
    pub fn set_spec(&mut self, spec: ViewSpec) {
        self.spec = spec;
        self.sync();
    }

    /// Whether the canvas shows a finished picture of a large view at rest and is not
    /// drawing another (see the canvas's `picture` module); tests wait for it.
    pub fn canvas_picture_ready(&self) -> bool {
        self.canvas.picture_ready()
    }

    /// How many nodes the canvas drew one by one in the last frame (see
    /// [`CanvasView::nodes_drawn`]).
    pub fn canvas_nodes_drawn(&self) -> usize {
        self.canvas.nodes_drawn()
    }

    /// The nodes the canvas named and gave widgets in the last frame (crowded views).
    pub fn labelled_nodes(&self) -> &[NodeIndex] {
        self.canvas.labelled()
    }

    /// Every label the canvas drew in the last frame: its node and its box, in screen
    /// points.
    pub fn label_boxes(&self) -> &[(NodeIndex, egui::Rect)] {
        self.canvas.label_boxes()
    }

    /// The current filter.
    pub fn filter(&self) -> &Filter {
        &self.spec.filter
    }

    /// Replaces the filter; nodes that stay keep their places, newcomers settle beside
    /// their neighbours.
    pub fn set_filter(&mut self, filter: Filter) {
        self.spec.filter = filter;
        self.sync();
    }

    /// Brings the derived state up to date with the graph, the spec and the path ends
    /// (see [`Derived::update`]); when the view changed, the layout follows it from the
    /// positions it had. Cheap when nothing changed, so it runs every frame.
    fn sync(&mut self) {
        let wants_metrics = self.explore.analysis_open
            || self.spec.size_by.is_some()
            || self.spec.colour_by == ColourMode::Community;
        let ends = self.explore.path_ends();
        let changed = self
            .derived
            .update(&self.kg, &self.spec, ends, wants_metrics);
        let selected = self.history.current().and_then(Selection::node);
        self.derived.update_yearly(&self.kg, &self.spec, selected);
        self.agreement.update(&super::agreement::Asked {
            kg: &self.kg,
            view: self.derived.shared_view(),
            selection: self.history.current(),
            multi: &self.explore.multi,
        });
        if self.fit_when_shown && self.derived.view_running().is_none() {
            // The camera follows the view asked for once it is in (on a large graph
            // a later frame), not the one still on screen.
            self.fit_when_shown = false;
            self.canvas.auto_fit = true;
        }
        if changed {
            self.explore.remember_positions(&self.layout);
            let view = self.derived.view();
            self.layout.set_visible(&self.kg, &view.nodes, &view.edges);
        }
    }

    /// The current selection.
    pub fn selection(&self) -> Option<Selection> {
        self.history.current()
    }

    /// The label of the selected node, if a node is selected.
    pub fn selected_label(&self) -> Option<&str> {
        let ix = self.selection()?.node()?;
        self.kg.node_at(ix).map(|n| n.label.as_str())
    }

    /// Whether the node with this id is pinned.
    pub fn is_pinned(&self, id: &str) -> bool {
        self.kg
            .index_of(id)
            .is_some_and(|ix| self.layout.is_pinned(ix))
    }

    /// The title of the editor's open dialog ("New edge", "Edit node"…), if one is
    /// open.
    pub fn editor_dialog(&self) -> Option<&'static str> {
        self.editor.title()
    }

    /// The message of a failed load shown to the user, if any.
    pub fn error_message(&self) -> Option<&str> {
        self.dialogs.error.as_deref()
    }

    /// Where the node with this id is drawn, in scene units (`None` when it is not
    /// shown).
    pub fn node_position(&self, id: &str) -> Option<[f32; 2]> {
        let p = self.layout.pos(self.kg.index_of(id)?)?;
        Some([p.x, p.y])
    }

    /// Whether the canvas shows the node with this id where the user sees it: on
    /// screen, clear of the canvas's edges and of every overlay.
    pub fn node_in_view(&self, id: &str) -> bool {
        self.kg
            .index_of(id)
            .and_then(|ix| self.layout.pos(ix))
            .is_some_and(|p| self.canvas.shows(p))
    }

    /// The canvas camera: `(centre in scene units, zoom)`.
    pub fn camera(&self) -> (egui::Vec2, f32) {
        (self.canvas.center, self.canvas.zoom)
    }

    /// What floated over the canvas in the last frame (toolbar, legend, overview map),
    /// in screen points: fitting keeps the graph clear of these.
    pub fn covered_rects(&self) -> &[egui::Rect] {
        self.canvas.covered()
    }

    /// Whether the canvas shows the overview map: the user's choice, else on views of
    /// more than [`MINIMAP_MIN_NODES`] nodes.
    pub fn overview_shown(&self) -> bool {
        self.state
            .overview_map
            .unwrap_or(self.derived.view().nodes.len() > MINIMAP_MIN_NODES)
    }

    /// Runs the layout to rest (so a test harness sees no more repaint requests).
    pub fn settle_layout(&mut self) {
        self.layout.settle(MAX_SETTLE_STEPS);
    }

    /// Stops (or restarts) the layout's animation; a paused layout keeps its positions.
    pub fn set_layout_paused(&mut self, paused: bool) {
        self.layout_paused = paused;
        self.layout.set_paused(paused);
    }

    /// Whether the layout is paused.
    pub fn is_layout_paused(&self) -> bool {
        self.layout_paused
    }

    /// Force or timeline.
    pub fn layout_mode(&self) -> super::LayoutMode {
        self.layout.mode()
    }

    /// The agreement graph the canvas draws, in the agreement mode once it is in.
    pub fn agreement_map(&self) -> Option<&crate::query::stances::AgreementGraph> {
        let input = self.agreement.canvas_input(self.history.current())?;
        Some(&input.map.graph)
    }

    /// The derived edge selected on the agreement map, if one is.
    pub fn agreement_pair(&self) -> Option<(NodeIndex, NodeIndex)> {
        self.agreement.picked_pair(self.history.current())
    }

    /// Whether the layout still moves.
    pub fn is_layout_settled(&self) -> bool {
        self.layout.is_settled()
    }

    /// Draws one frame into `ui` and applies the commands it produced.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if ctx.theme() != self.state.theme.egui() {
            ctx.set_theme(self.state.theme.egui());
        }
        self.poll_loading(&ctx);
        self.note_unrecorded_changes();
        self.poll_save(&ctx);
        self.handle_close(&ctx);
        self.dropped_file(&ctx);
        self.derived.set_wake(&ctx);
        self.agreement.set_wake(&ctx);
        // The graph may have been edited since the last frame: whatever changed is
        // derived again here, keyed on its revision.
        self.sync();
        let mut cmds = Vec::new();
        self.shortcuts(ui, &mut cmds);
        self.play_timer(&ctx, &mut cmds);
        if !self.layout_paused && (!self.layout.is_settled() || self.layout.gliding()) {
            self.layout.tick(STEPS_PER_FRAME, Some(&ctx));
        }
        egui::Panel::top("ideagraph-menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                let overview = self.overview_shown();
                let (history, done) = self.undo_history();
                let edits = EditMenu { history, done };
                let look = MenuLook {
                    colour_by: self.spec.colour_by,
                    overview,
                    layout: self.layout.mode(),
                    stances: self.stances.open,
                    agreement_map: self.agreement.map_on,
                };
                menu_ui(ui, &self.state, look, &edits, &mut cmds);
                ui.separator();
                search_ui(ui, &self.kg, &mut self.search, &mut cmds);
            });
        });
        self.explore_panel_ui(ui, &mut cmds);
        self.sidebar_panel_ui(ui, &mut cmds);
        self.reader_panel_ui(ui, &mut cmds);
        self.stances_panel_ui(ui, &mut cmds);
        let camera_moving = self.canvas_panel_ui(ui, &mut cmds);
        dialogs_ui(ui, &mut self.dialogs, &self.kg, &mut cmds);
        super::agreement::export_prompt_ui(&ctx, &mut self.agreement, &mut cmds);
        if self.editor.is_open() {
            // The form checks its quotes against the texts the reader reads, open or not.
            self.reader.refresh(Some(&ctx), &self.kg);
        }
        let texts = SourceTexts {
            library: self.reader.library(),
            indexing: self.reader.is_indexing(),
            dirs: self.reader.dirs(),
        };
        editor_ui(ui, &mut self.editor, &self.kg, texts, &mut cmds);
        self.reader_dialogs_ui(ui, &mut cmds);
        if let Some(loading) = &self.loading
            && loading_ui(ui, loading)
        {
            // Cancelled: the thread finishes on its own and its result is dropped.
            self.loading = None;
            self.opening = None;
        }

        for cmd in cmds {
            self.apply(&ctx, cmd);
        }
        // The editor learns whether its edit went in: it then selects what it made,
        // else shows why not in its form.
        if let Some(cmd) = self.editor.settle(&self.kg, &mut self.dialogs.error) {
            self.apply(&ctx, cmd);
        }
        if let Some(answer) = self.dialogs.answer.take() {
            self.answer(&ctx, answer);
        }
        self.drag_frame_ended();
        self.keep_journal(&ctx);
        self.update_title(&ctx);
        self.focus_last_frame = ctx.memory(|m| m.focused());
        self.sync();
        // While the layout's steps run on the worker, the worker asks for the repaint
        // that shows them; frames in between would only redraw the same positions.
        if camera_moving
            || self.canvas.is_moving()
            || (!self.layout_paused && self.layout.needs_frame())
        {
            ctx.request_repaint();
        }
    }

    /// The stance matrix (right of the canvas), when open.
    fn stances_panel_ui(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        let input = super::stances::StancesInput {
            kg: &self.kg,
            view: self.derived.shared_view(),
            spec: &self.spec,
            selection: self.selection(),
            graph_path: self.path.clone(),
        };
        let width = &mut self.state.stances_width;
        super::stances::stances_panel_ui(ui, &mut self.stances, &input, width, cmds);
    }

    /// The stance matrix's row and column labels in display order, as last computed
    /// (empty while the panel has computed nothing).
    pub fn stance_labels(&self) -> (Vec<String>, Vec<String>) {
        (
            self.stances.row_labels(&self.kg),
            self.stances.col_labels(&self.kg),
        )
    }

    /// The detail sidebar (right).
    fn sidebar_panel_ui(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        let selection = self.selection();
        let sidebar = egui::Panel::right("ideagraph-sidebar")
            .resizable(true)
            .default_size(self.state.sidebar_width)
            .size_range(260.0..=760.0)
            // Its width is the user's alone: no selection's content widens it.
            .show(
                ui,
                fixed_width(|ui| {
                    let input = SidebarInput {
                        kg: &self.kg,
                        view: self.derived.view(),
                        selection,
                        can_go_back: self.history.can_go_back(),
                        can_go_forward: self.history.can_go_forward(),
                        most_connected: self.derived.most_connected(),
                        selected_pinned: selection
                            .and_then(Selection::node)
                            .is_some_and(|ix| self.layout.is_pinned(ix)),
                        selected_hidden_by_hand: selection
                            .and_then(Selection::node)
                            .and_then(|ix| self.kg.node_at(ix))
                            .is_some_and(|n| self.spec.by_hand.hides(&n.id)),
                        sources: self.reader.library(),
                        yearly: self.derived.yearly(&self.kg, &self.spec),
                        agreement: &self.agreement,
                        multi: &self.explore.multi,
                    };
                    sidebar_ui(ui, &input, cmds);
                }),
            );
        self.state.sidebar_width = sidebar.response.rect.width();
    }

    /// The canvas with its toolbar and legend; true while the camera moves.
    fn canvas_panel_ui(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) -> bool {
        self.update_frame_overlay();
        // A selection the filters hide stays in the sidebar, which says so; the canvas
        // does not dim everything for a node it does not show.
        let view = self.derived.view();
        let selection = self.selection().filter(|s| match *s {
            Selection::Node(ix) => view.has_node(ix),
            Selection::Edge(e) => view.has_edge(e),
        });
        let mut camera_moving = false;
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let dark = ui.visuals().dark_mode;
            let input = CanvasInput {
                kg: &self.kg,
                view: self.derived.shared_view().1,
                layout: &self.layout,
                selection,
                colour_by: self.spec.colour_by,
                encoding: self.derived.encoding(),
                dark,
                overlay: self.derived.overlay(),
                layout_moving: !self.layout_paused && !self.layout.is_settled(),
                filtering: self.derived.view_running(),
                by_hand: &self.spec.by_hand,
                agreement: self.agreement.canvas_input(self.history.current()),
            };
            let rect = ui.available_rect_before_wrap();
            camera_moving = canvas_ui(ui, &input, &mut self.canvas, cmds);
            if self.derived.view().nodes.is_empty() && self.kg.num_nodes() > 0 {
                empty_view_ui(ui, rect, &self.kg, &self.spec, cmds);
            }
            self.overlays_ui(ui, rect, dark, cmds);
        });
        camera_moving
    }

    /// What floats over the canvas: the toolbar (top left), the legend (bottom left)
    /// and the overview map (bottom right). The one place that knows where they are:
    /// it hands their rects to the camera, which fits the graph clear of them.
    fn overlays_ui(&mut self, ui: &mut Ui, rect: egui::Rect, dark: bool, cmds: &mut Vec<Command>) {
        let inner = rect.shrink(10.0);
        let bar = Toolbar {
            filters_open: self.state.filters_open,
            has_selection: self.selection().is_some(),
            colour_by: self.spec.colour_by,
            layout_paused: self.layout_paused,
        };
        let mut covered = vec![toolbar_ui(ui, inner, &bar, cmds)];
        if self.agreement.map_on {
            covered.push(super::agreement::map_bar_ui(
                ui,
                inner,
                &self.agreement,
                cmds,
            ));
        }
        covered.push(self.legend_area_ui(ui, inner, dark));
        if self.overview_shown() {
            covered.push(self.overview_area_ui(ui, inner, dark));
        }
        // The first frames learn the overlays' sizes: while the camera follows the
        // layout, it fits again into the room they leave.
        if self.canvas.set_covered(covered) && self.canvas.auto_fit {
            ui.ctx().request_repaint();
        }
    }

    /// The legend in the bottom left corner of `inner`; returns the rect it covers.
    fn legend_area_ui(&mut self, ui: &mut Ui, inner: egui::Rect, dark: bool) -> egui::Rect {
        let extra = LegendExtra {
            communities: self.legend_communities(),
            size_by: self.spec.size_by,
            has_path: !self.derived.paths().is_empty(),
            comparing: self.derived.comparison().is_some(),
            has_multi: !self.explore.multi.is_empty(),
            fading: !self.spec.hide_excluded
                && self.derived.view().nodes.len() < self.kg.num_nodes(),
            timeline: self.layout.mode() == super::LayoutMode::Timeline,
            agreement_groups: self.agreement.legend_groups(),
        };
        let max_height = inner.height() * LEGEND_MAX_SHARE;
        // The legend floats on its own layer, so nodes under it are not hovered through it.
        egui::Area::new(egui::Id::unique("ideagraph-legend"))
            .fixed_pos(inner.left_bottom())
            .pivot(egui::Align2::LEFT_BOTTOM)
            .order(egui::Order::Middle)
            .show(ui.ctx(), |ui| {
                ui.set_max_width(LEGEND_MAX_WIDTH);
                legend_ui(
                    ui,
                    self.spec.colour_by,
                    self.derived.encoding(),
                    dark,
                    &mut self.state.legend_open,
                    &extra,
                    max_height,
                );
            })
            .response
            .rect
    }

    /// The overview map in the bottom right corner of `inner`; returns the rect it
    /// covers.
    fn overview_area_ui(&mut self, ui: &mut Ui, inner: egui::Rect, dark: bool) -> egui::Rect {
        egui::Area::new(egui::Id::unique("ideagraph-overview"))
            .fixed_pos(inner.right_bottom())
            .pivot(egui::Align2::RIGHT_BOTTOM)
            .order(egui::Order::Middle)
            .show(ui.ctx(), |ui| {
                minimap_ui(ui, &self.layout, &mut self.canvas, dark);
            })
            .response
            .rect
    }

    /// Keyboard shortcuts: the table in `shortcuts`, then Esc. Keys that type text are
    /// left to a text field with the focus.
    fn shortcuts(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        let ctx = ui.ctx().clone();
        cmds.extend(consume_shortcuts(ui, ctx.text_edit_focused()));
        let esc = ui.input(|i| i.key_pressed(Key::Escape));
        // A focused widget had the focus last frame: egui dropped it as this frame began.
        let dropped_focus = self.focus_last_frame.is_some();
        self.focus_last_frame = None;
        if !esc {
            return;
        }
        // An open menu or context menu closes itself on Esc, drawn later in the frame:
        // the key is left to it, and nothing under the menu reacts.
        if egui::Popup::is_any_open(&ctx) {
            return;
        }
        ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape));
        self.escape(dropped_focus, cmds);
    }

    /// Esc closes the topmost window or list first; leaving a focused link or field
    /// comes next; only with nothing else to close does it clear the selection.
    fn escape(&mut self, dropped_focus: bool, cmds: &mut Vec<Command>) {
        if self.editor.is_open() {
            self.editor.close();
        } else if self.dialogs.any_open() {
            self.dialogs.close_top();
        } else if self.close_reader_dialog() {
            // Closed by the call.
        } else if self.explore.message.is_some() {
            self.explore.message = None;
        } else if self.explore.view_prompt.is_some() {
            self.explore.view_prompt = None;
        } else if self.explore.export.is_some() {
            self.explore.export = None;
        } else if self.search.list_open() {
            self.search.close_list();
        } else if !dropped_focus {
            cmds.push(Command::ClearSelection);
        }
    }

    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, cmd: Command) {
        match cmd {
            Command::SelectNode(ix) => self.history.select(Some(Selection::Node(ix))),
            Command::SelectAndCentre(ix) => {
                self.history.select(Some(Selection::Node(ix)));
                self.centre_on(ix);
            }
            Command::SelectEdge(e) => self.history.select(Some(Selection::Edge(e))),
            Command::SelectAndReveal(sel) => {
                self.history.select(Some(sel));
                self.reveal_selection(sel);
            }
            Command::ClearSelection => {
                self.history.select(None);
                // Esc or a click on empty canvas also leaves a derived edge selected.
                let pair = super::agreement::AgreementCommand::ClearPair;
                self.agreement.apply(&self.kg, pair, None);
            }
            Command::Back => {
                if let Some(Selection::Node(ix)) = self.history.back() {
                    self.reveal(ix);
                }
            }
            Command::Forward => {
                if let Some(Selection::Node(ix)) = self.history.forward() {
                    self.reveal(ix);
                }
            }
            Command::Fit => {
                if self.layout.is_settled() {
                    let people = self.agreement.canvas_input(self.selection());
                    let bounds = people.and_then(|m| m.bounds(&self.layout));
                    if let Some(b) = bounds.or_else(|| self.layout.bounds()) {
                        self.canvas.animate_fit(b, 1.5);
                    }
                    self.canvas.auto_fit = false;
                } else {
                    self.canvas.auto_fit = true;
                }
            }
            Command::Zoom(f) => {
                let c = self.canvas.rect.center();
                self.canvas.zoom_around(f, c);
                self.canvas.auto_fit = false;
            }
            Command::ZoomToSelection => self.zoom_to_selection(),
            Command::StepNeighbour(forward) => self.step_neighbour(forward),
            Command::Pin(ix, p) => {
                self.pin_node(ix, p);
                self.canvas.auto_fit = false;
            }
            Command::Unpin(ix) => self.unpin_node(ix),
            Command::ResetLayout => self.record_reset_layout(),
            Command::SetLayoutPaused(paused) => self.set_layout_paused(paused),
            Command::SetLayoutMode(mode) => self.set_layout_mode(mode),
            Command::SetTheme(t) => {
                self.state.theme = t;
                ctx.set_theme(t.egui());
            }
            Command::SetColourBy(c) => self.spec.colour_by = c,
            Command::SetOverviewMap(on) => self.state.overview_map = Some(on),
            Command::OpenDialog => {
                let dir = self.path.as_deref().and_then(Path::parent);
                match pick_graph_file(dir) {
                    Picked::File(p) => self.guard(ctx, saving::Then::Open(p)),
                    Picked::Cancelled => {}
                    Picked::Unavailable => {
                        let start = self
                            .path
                            .as_ref()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default();
                        self.dialogs.path_prompt = Some(start);
                        self.dialogs.focus_prompt = true;
                    }
                }
            }
            Command::OpenPath(p) => self.guard(ctx, saving::Then::Open(p)),
            Command::OpenBundled => self.guard(ctx, saving::Then::OpenBundled),
            Command::ShowAbout => self.dialogs.about_open = true,
            Command::FocusSearch => ctx.memory_mut(|m| m.request_focus(search_field_id())),
            Command::Explore(c) => self.apply_explore(ctx, c),
            Command::Selection(c) => self.apply_selection(ctx, c),
            Command::Edit { edit, label } => self.record_edit(edit, label),
            Command::Undo => self.undo_step(),
            Command::Redo => self.redo_step(),
            Command::Save => self.save(ctx),
            Command::SaveAs => self.save_as(ctx),
            Command::Passage(action) => {
                let selection = self.selection();
                self.editor.open_passage(action, &self.kg, selection);
            }
            Command::Editor(c) => self.editor.open(c, &self.kg),
            Command::ShowInSource(ev) => self.show_in_source(ev),
            Command::Reader(c) => self.apply_reader(ctx, c),
            Command::Yearly(c) => self.derived.apply_yearly(c),
            Command::Agreement(c) => self.apply_agreement(c),
            Command::ToggleStances => self.stances.open = !self.stances.open,
        }
    }

    /// Applies a request about where people stand. Turning the agreement map on fits
    /// the camera to the people; turning it off puts the camera back as it was.
    fn apply_agreement(&mut self, c: super::agreement::AgreementCommand) {
        use super::agreement::AgreementCommand::SetMap;
        match c {
            SetMap(true) if !self.agreement.map_on => {
                let cv = &self.canvas;
                self.agreement.camera_before = Some((cv.center, cv.zoom, cv.auto_fit));
                self.canvas.auto_fit = true;
            }
            SetMap(false) if self.agreement.map_on => {
                if let Some((centre, zoom, fit)) = self.agreement.camera_before.take() {
                    self.canvas.auto_fit = fit;
                    self.canvas.animate_to(centre, zoom);
                }
            }
            _ => {}
        }
        let selection = self.history.current();
        self.agreement.apply(&self.kg, c, selection);
    }

    /// Switches to the bundled knowledge base (small: prepared at once), keeping the
    /// preferences; if it cannot be read, says why and keeps the current graph.
    pub fn open_bundled(&mut self, ctx: &egui::Context) {
        self.loading = None;
        match crate::bundled::bundled_graph() {
            Ok(kg) => {
                self.switch_to(ctx, Prepared::new(kg), None);
                self.look_for_journal();
            }
            Err(e) => self.dialogs.error = Some(format!("Could not read the bundled graph: {e}")),
        }
    }

    /// As [`App::open_path`], reading with `load` (see [`Loading::start_with`]).
    pub fn open_path_with<F>(&mut self, ctx: &egui::Context, path: PathBuf, load: F)
    where
        F: Fn(&Path) -> Result<Prepared, UiError> + Send + Sync + 'static,
    {
        self.loading = Some(Loading::start_with(path, Some(ctx.clone()), load));
        self.opening = None;
    }

    /// Whether a file is being opened in the background.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Waits for a file being opened in the background, and takes it in.
    pub fn wait_for_load(&mut self, ctx: &egui::Context) {
        if let Some(loading) = self.loading.take() {
            let out = loading.wait();
            let path = loading.path().to_path_buf();
            self.finish_load(ctx, path, out);
        }
    }

    /// Takes in a finished background open, if there is one.
    fn poll_loading(&mut self, ctx: &egui::Context) {
        let Some(out) = self.loading.as_ref().and_then(Loading::poll) else {
            return;
        };
        let path = self
            .loading
            .take()
            .map(|l| l.path().to_path_buf())
            .unwrap_or_default();
        self.finish_load(ctx, path, out);
    }

    /// Replaces the graph and everything about it, keeping the preferences (the colour
    /// mapping among them), whether the layout is paused, and the journal's settings
    /// and writer; the title follows.
    fn switch_to(&mut self, ctx: &egui::Context, ready: Prepared, path: Option<PathBuf>) {
        let mut state = std::mem::take(&mut self.state);
        state.colour_by = self.spec.colour_by;
        let layout_paused = self.layout_paused;
        let saving = self.saving.carried();
        let recovery = self.recovery.carried();
        let reader = std::mem::take(&mut self.reader).for_new_graph();
        let stances = std::mem::take(&mut self.stances).for_new_graph();
        *self = Self::from_prepared(ready, path, state);
        self.stances = stances;
        self.saving = saving;
        self.recovery = recovery;
        self.reader = reader;
        self.set_layout_paused(layout_paused);
        self.update_title(ctx);
    }

    /// Centres the camera on a node, keeping the zoom (but not zoomed out too far to see it).
    fn centre_on(&mut self, ix: NodeIndex) {
        if let Some(p) = self.layout.pos(ix) {
            let zoom = self.canvas.zoom.max(0.6);
            self.canvas.auto_fit = false;
            self.canvas.animate_to(p.to_vec2(), zoom);
        }
    }

    /// Centres on a node only if the canvas does not show it (off screen or under an
    /// overlay).
    fn reveal(&mut self, ix: NodeIndex) {
        if let Some(p) = self.layout.pos(ix)
            && !self.canvas.shows(p)
        {
            self.centre_on(ix);
        }
    }

    /// Brings a selection into view when the canvas does not show it: a node as
    /// [`Self::reveal`] does, an edge so that both its ends show, zooming out only as
    /// far as that needs.
    fn reveal_selection(&mut self, sel: Selection) {
        let e = match sel {
            Selection::Node(ix) => return self.reveal(ix),
            Selection::Edge(e) => e,
        };
        let Some((a, b)) = self.kg.endpoints(e) else {
            return;
        };
        let (Some(pa), Some(pb)) = (self.layout.pos(a), self.layout.pos(b)) else {
            return;
        };
        if self.canvas.shows(pa) && self.canvas.shows(pb) {
            return;
        }
        let margin = self.layout.radius(a).max(self.layout.radius(b)) + 20.0;
        let bounds = egui::Rect::from_two_pos(pa, pb).expand(margin);
        self.canvas.auto_fit = false;
        self.canvas.animate_fit(bounds, self.canvas.zoom.max(0.6));
    }

    /// The neighbours of `ix` in the view, by label: the order N walks them in.
    fn neighbours_in_view(&self, ix: NodeIndex) -> Vec<NodeIndex> {
        let view = self.derived.view();
        let mut around: Vec<NodeIndex> = self
            .kg
            .incident(ix)
            .into_iter()
            .filter(|&(e, other, _)| view.has_edge(e) && other != ix)
            .map(|(_, other, _)| other)
            .collect();
        let label = |n: &NodeIndex| self.kg.node_at(*n).map(|n| n.label.to_lowercase());
        around.sort_by_key(|n| (label(n), n.index()));
        around.dedup();
        around
    }

    /// Selects the next (or previous) neighbour of the node being walked round: the
    /// selected node, or the node whose neighbour is selected, while walking.
    fn step_neighbour(&mut self, forward: bool) {
        let Some(current) = self.selection().and_then(Selection::node) else {
            return;
        };
        let (origin, at) = match self.walk {
            Some((origin, i)) if self.neighbours_in_view(origin).get(i) == Some(&current) => {
                (origin, Some(i))
            }
            _ => (current, None),
        };
        let around = self.neighbours_in_view(origin);
        let n = around.len();
        if n == 0 {
            return;
        }
        let next = match (at, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.walk = Some((origin, next));
        let ix = around[next];
        self.history.select(Some(Selection::Node(ix)));
        self.reveal(ix);
    }

    fn zoom_to_selection(&mut self) {
        let nodes: Vec<NodeIndex> = match self.selection() {
            Some(Selection::Node(ix)) => std::iter::once(ix)
                .chain(self.kg.incident(ix).into_iter().map(|(_, o, _)| o))
                .collect(),
            Some(Selection::Edge(e)) => self
                .kg
                .endpoints(e)
                .map(|(a, b)| vec![a, b])
                .unwrap_or_default(),
            None => return,
        };
        let mut bounds: Option<egui::Rect> = None;
        for ix in nodes {
            if let Some(p) = self.layout.pos(ix) {
                let r = egui::Rect::from_center_size(
                    p,
                    egui::Vec2::splat(2.0 * self.layout.radius(ix) + 40.0),
                );
                bounds = Some(bounds.map_or(r, |b| b.union(r)));
            }
        }
        if let Some(b) = bounds {
            self.canvas.auto_fit = false;
            self.canvas.animate_fit(b, 2.0);
        }
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        // The spec owns the colour mapping while the window runs; the stored preferences
        // take a copy so the next window starts with it.
        self.state.colour_by = self.spec.colour_by;
        // Likewise whether the reader is open, which the reader owns.
        self.state.reader_open = self.reader.open;
        // And the stance matrix's settings, which its panel owns.
        self.state.stances = self.stances.prefs();
        eframe::set_value(storage, STORAGE_KEY, &self.state);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // Whatever the window closes with is in the journal (or its removal done)
        // before the process ends and takes the writer thread with it.
        self.flush_journal();
    }
}
