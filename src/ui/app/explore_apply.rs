//! The app's side of the explore panels: drawing the left panel and the export windows,
//! and applying [`ExploreCommand`]s (filters, play, focus, paths, metrics, comparison,
//! saved views and exports). A child of `app` so it can reach the app's state.

use std::path::{Path, PathBuf};

use egui::Ui;
use petgraph::stable_graph::NodeIndex;

use super::App;
use crate::io::export::{ExportFormat, ExportOptions, bundled_source_path, export_to};
use crate::io::image::Look;
use crate::query::{ColourMode, Filter, SavedView, View, ViewSpec, revealing};
use crate::ui::analysis::{MetricsProgress, TableSort, analysis_ui};
use crate::ui::command::Command;
use crate::ui::dialogs::{Picked, pick_open_path, pick_save_path};
use crate::ui::explore::{ExploreCommand, ExportScope, Ghosts, PLAY_SECS_RANGE, ViewPrompt};
use crate::ui::export_dialog::{NO_DIALOG_NOTE, default_export_dir, export_windows_ui};
use crate::ui::filters::{PlaySettings, compare_ui, filters_ui, focus_ui, summary_ui};
use crate::ui::history::Selection;
use crate::ui::panels::fixed_width;
use crate::ui::path_panel::path_ui;
use crate::ui::selection_actions::selection_panel_ui;

impl App {
    /// The selected node, if a node is selected.
    fn selected_node(&self) -> Option<NodeIndex> {
        self.history.current().and_then(Selection::node)
    }

    /// The left panel: filters, focus, paths, analysis and comparison.
    pub(super) fn explore_panel_ui(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        let selected = self.selected_node();
        let mut open = self.state.filters_open;
        let panel = egui::Panel::left("ideagraph-filters")
            .resizable(true)
            .default_size(self.state.filters_width)
            .size_range(240.0..=560.0)
            // Its width is the user's alone: no content (a long name, the Analysis
            // table) widens it.
            .show_collapsible(
                ui,
                &mut open,
                fixed_width(|ui| self.explore_panel_body(ui, selected, cmds)),
            );
        if let Some(panel) = panel {
            self.state.filters_width = panel.response.rect.width();
        }
        self.state.filters_open = open;
        let num_multi = self.explore.multi.len();
        export_windows_ui(ui, &mut self.explore, num_multi, cmds);
    }

    /// The left panel's content: the filter summary and the selection's actions, then,
    /// scrolling, filters, focus, paths, analysis and comparison.
    fn explore_panel_body(
        &mut self,
        ui: &mut Ui,
        selected: Option<NodeIndex>,
        cmds: &mut Vec<Command>,
    ) {
        summary_ui(ui, &self.kg, &self.spec, self.derived.view(), cmds);
        // The selection's actions stay in sight above the scrolling sections: a pick
        // made on the map is acted on at once, however long the filters run.
        let (multi, by_hand) = (&self.explore.multi, &self.spec.by_hand);
        selection_panel_ui(ui, multi, by_hand, cmds);
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::CollapsingHeader::new("Filters")
                    .default_open(true)
                    .show(ui, |ui| {
                        let play = PlaySettings {
                            playing: self.explore.play.is_some(),
                            secs: self.explore.play_secs,
                            mode: self.explore.play_mode,
                        };
                        filters_ui(ui, &self.kg, &self.spec, &play, cmds);
                    });
                egui::CollapsingHeader::new("Focus")
                    .default_open(true)
                    .show(ui, |ui| {
                        focus_ui(ui, &self.kg, &self.spec.filter, selected, cmds);
                    });
                egui::CollapsingHeader::new("How are A and B connected?")
                    .default_open(true)
                    .show(ui, |ui| {
                        let ends = (self.explore.path_from, self.explore.path_to);
                        let found = (self.derived.paths(), self.derived.paths_running());
                        path_ui(ui, &self.kg, selected, ends, found, cmds);
                    });
                let analysis = egui::CollapsingHeader::new("Analysis: top nodes")
                    .default_open(false)
                    .show(ui, |ui| {
                        // Opening the section asks for the metrics at once.
                        self.derived.request_metrics(&self.kg);
                        let progress = MetricsProgress {
                            metrics: self.derived.fresh_metrics(),
                            ready: self.derived.metrics_ready(),
                            names: self.derived.community_names(),
                            running: self.derived.metrics_running(),
                        };
                        let sort = TableSort {
                            key: self.explore.sort,
                            reversed: self.explore.sort_reversed,
                        };
                        analysis_ui(ui, &self.kg, progress, sort, &self.spec, cmds);
                        crate::ui::movers::movers_ui(
                            ui,
                            self.derived.yearly(&self.kg, &self.spec),
                            cmds,
                        );
                    });
                self.explore.analysis_open = analysis.body_returned.is_some();
                let groups = egui::CollapsingHeader::new("Analysis: stance groups")
                    .default_open(false)
                    .show(ui, |ui| {
                        let ag = &self.agreement;
                        crate::ui::stance_groups::stance_groups_ui(ui, &self.kg, ag, cmds);
                    });
                // An open table asks for the groups (computed with the agreement map).
                self.agreement.groups_open = groups.body_returned.is_some();
                egui::CollapsingHeader::new("Compare two year ranges")
                    .default_open(false)
                    .show(ui, |ui| {
                        let comparison = self.derived.comparison();
                        compare_ui(ui, &self.kg, self.spec.compare, comparison, cmds);
                    });
            });
    }

    /// Puts this frame's faded nodes and multi-selection into the overlay.
    pub(super) fn update_frame_overlay(&mut self) {
        let ghosts = if self.spec.hide_excluded {
            Ghosts::default()
        } else {
            self.explore
                .ghosts(&self.kg, self.derived.view(), &self.layout)
        };
        self.derived.set_frame_overlay(ghosts, &self.explore.multi);
    }

    /// Community colours, sizes and names for the legend: `(colour, nodes, name)`,
    /// largest first.
    pub(super) fn legend_communities(&mut self) -> Vec<(egui::Color32, usize, String)> {
        if self.spec.colour_by != ColourMode::Community {
            return Vec::new();
        }
        let (Some(m), Some(names)) = (self.derived.fresh_metrics(), self.derived.community_names())
        else {
            return Vec::new();
        };
        crate::ui::explore::community_sizes(m)
            .into_iter()
            .enumerate()
            .map(|(i, (c, colour, n))| {
                let name = names
                    .get(&c)
                    .cloned()
                    .unwrap_or_else(|| format!("community {}", i + 1));
                (colour, n, name)
            })
            .collect()
    }

    /// Applies one explore command: what is shown, the path ends and selection, or the
    /// export and view-file windows.
    pub(super) fn apply_explore(&mut self, ctx: &egui::Context, cmd: ExploreCommand) {
        match cmd {
            ExploreCommand::SetFilter(_)
            | ExploreCommand::SetHideExcluded(_)
            | ExploreCommand::SetSizeBy(_)
            | ExploreCommand::SetCompare(_)
            | ExploreCommand::FocusSelection
            | ExploreCommand::TogglePlay
            | ExploreCommand::PlayStep
            | ExploreCommand::ClearFilters
            | ExploreCommand::Reveal(_) => self.apply_spec_command(ctx, cmd),
            ExploreCommand::SetPlaySpeed(secs) => {
                let (lo, hi) = PLAY_SECS_RANGE;
                self.explore.play_secs = secs.clamp(lo, hi);
            }
            ExploreCommand::SetPlayMode(mode) => self.explore.play_mode = mode,
            ExploreCommand::PathFrom(ix) => self.explore.path_from = Some(ix),
            ExploreCommand::PathTo(ix) => self.explore.path_to = Some(ix),
            ExploreCommand::ClearPath => {
                self.explore.path_from = None;
                self.explore.path_to = None;
            }
            ExploreCommand::SetSort(s) => {
                // The sorted column's header again turns the order round.
                self.explore.sort_reversed = self.explore.sort == s && !self.explore.sort_reversed;
                self.explore.sort = s;
            }
            ExploreCommand::CancelMetrics => self.derived.cancel_metrics(),
            ExploreCommand::ToggleMulti(ix) => {
                if !self.explore.multi.remove(&ix) {
                    self.explore.multi.insert(ix);
                }
            }
            ExploreCommand::ClearMulti => self.explore.multi.clear(),
            ExploreCommand::Say(message) => self.explore.message = Some(message),
            ExploreCommand::ToggleFilterPanel => {
                self.state.filters_open = !self.state.filters_open;
            }
            ExploreCommand::ShowExport
            | ExploreCommand::ExportBrowse
            | ExploreCommand::ExportNow => {
                self.apply_export_command(cmd);
            }
            ExploreCommand::SaveViewDialog
            | ExploreCommand::OpenViewDialog
            | ExploreCommand::SaveView(_)
            | ExploreCommand::OpenView(_) => self.apply_view_file_command(cmd),
        }
        self.sync();
    }

    /// The commands that change the [`crate::query::ViewSpec`].
    fn apply_spec_command(&mut self, ctx: &egui::Context, cmd: ExploreCommand) {
        match cmd {
            ExploreCommand::SetFilter(f) => {
                self.spec.filter = f;
                // Follow the new view until it settles, so what is left is in sight.
                self.fit_when_shown = true;
            }
            ExploreCommand::SetHideExcluded(h) => self.spec.hide_excluded = h,
            ExploreCommand::SetSizeBy(m) => self.spec.size_by = m,
            ExploreCommand::SetCompare(c) => self.spec.compare = c,
            ExploreCommand::FocusSelection => {
                if let Some(n) = self.selected_node().and_then(|ix| self.kg.node_at(ix)) {
                    self.spec.filter.focus = Some(n.id.clone());
                    self.spec.filter.depth = self.spec.filter.depth.clamp(1, 3);
                    // The few nodes left keep their places, far apart on a map zoomed
                    // out for the whole graph: bring them into view.
                    self.fit_when_shown = true;
                }
            }
            ExploreCommand::TogglePlay => self.toggle_play(ctx),
            ExploreCommand::PlayStep => self.play_step(ctx),
            ExploreCommand::ClearFilters => {
                self.spec.filter = Filter::default();
                self.spec.by_hand = crate::query::ByHand::default();
                self.spec.compare = None;
                // Play would put the years back at its next step.
                self.explore.play = None;
                self.fit_when_shown = true;
            }
            ExploreCommand::Reveal(ix) => {
                // Comparing shows two year ranges in place of the filter's years: the
                // comparison goes first, then as few filters as needed.
                self.spec.compare = None;
                // A node hidden by hand, not by the filters, needs no filter removed.
                if !self.unhide_by_hand(ix) {
                    self.spec.filter = revealing(&self.kg, &self.spec.filter, ix);
                }
                self.explore.play = None;
                self.fit_when_shown = true;
            }
            _ => {}
        }
    }

    /// The export window's commands.
    fn apply_export_command(&mut self, cmd: ExploreCommand) {
        match cmd {
            ExploreCommand::ShowExport => {
                let mut st = self.explore.export_last.clone();
                st.note = None;
                // The last export's path, else a new file in the documents folder.
                if st.path.trim().is_empty() {
                    let dir = default_export_dir().unwrap_or_default();
                    st.path = dir
                        .join(format!("ideagraph-export.{}", st.format.extension()))
                        .display()
                        .to_string();
                }
                self.explore.export = Some(st);
            }
            ExploreCommand::ExportBrowse => {
                let Some(st) = &mut self.explore.export else {
                    return;
                };
                let current = PathBuf::from(st.path.trim());
                let ext = st.format.extension();
                match pick_save_path("Export", ext, &current) {
                    Picked::File(p) => {
                        st.path = p.display().to_string();
                        st.note = None;
                    }
                    Picked::Cancelled => {}
                    // As Open does: say why, and let the path be typed.
                    Picked::Unavailable => {
                        st.focus_path = true;
                        st.note = Some(NO_DIALOG_NOTE.to_owned());
                    }
                }
            }
            ExploreCommand::ExportNow => self.export_now(),
            _ => {}
        }
    }

    /// Saving and opening view files.
    fn apply_view_file_command(&mut self, cmd: ExploreCommand) {
        match cmd {
            ExploreCommand::SaveViewDialog => {
                let last = self.explore.last_view_path.clone();
                let start = last.unwrap_or_else(|| PathBuf::from("view.ron"));
                match pick_save_path("Save view", "ron", &start) {
                    Picked::File(p) => self.save_view(&p),
                    Picked::Cancelled => {}
                    Picked::Unavailable => self.prompt_view_path(true, &start),
                }
            }
            ExploreCommand::OpenViewDialog => match pick_open_path("Open view", "ron") {
                Picked::File(p) => self.open_view(&p),
                Picked::Cancelled => {}
                Picked::Unavailable => {
                    let last = self.explore.last_view_path.clone().unwrap_or_default();
                    self.prompt_view_path(false, &last);
                }
            },
            ExploreCommand::SaveView(p) => self.save_view(&p),
            ExploreCommand::OpenView(p) => self.open_view(&p),
            _ => {}
        }
    }

    /// Asks for a view file's path in a text field (no native dialog here), starting
    /// from `start` (the last view file used, if any).
    fn prompt_view_path(&mut self, save: bool, start: &Path) {
        self.explore.view_prompt = Some(ViewPrompt {
            save,
            text: start.display().to_string(),
            focus: true,
        });
    }

    /// The nodes and edges an export of `scope` writes.
    fn export_view(&self, scope: ExportScope) -> View {
        match scope {
            ExportScope::View => self.derived.view().clone(),
            ExportScope::Whole => View::all(&self.kg),
            ExportScope::Selection => {
                let mut nodes = self.explore.multi.clone();
                if nodes.is_empty()
                    && let Some(ix) = self.selected_node()
                {
                    nodes.insert(ix);
                }
                let edges = self
                    .kg
                    .edge_indices()
                    .filter(|&e| {
                        self.kg
                            .endpoints(e)
                            .is_some_and(|(a, b)| nodes.contains(&a) && nodes.contains(&b))
                    })
                    .collect();
                View { nodes, edges }
            }
        }
    }

    fn export_now(&mut self) {
        let Some(st) = self.explore.export.clone() else {
            return;
        };
        let view = self.export_view(st.scope);
        if view.nodes.is_empty() {
            self.explore.message = Some("Nothing to export: the selection is empty.".into());
            return;
        }
        let mut sub = view.subgraph(&self.kg);
        // Positions as on screen, so GEXF, SVG and PNG look like the canvas.
        let on_screen: Vec<(NodeIndex, [f32; 2])> = sub
            .node_indices()
            .filter_map(|at| {
                let ix = self.kg.index_of(&sub.node_at(at)?.id)?;
                let p = self.layout.pos(ix).map(|p| [p.x, p.y]);
                Some((at, p.or_else(|| self.explore.last_pos.get(&ix).copied())?))
            })
            .collect();
        for (at, p) in on_screen {
            sub.set_pos(at, Some(p));
        }
        let protect = vec![self.path.clone().unwrap_or_else(bundled_source_path)];
        let out = PathBuf::from(st.path.trim());
        let format = if st.format == ExportFormat::Csv {
            st.format
        } else {
            ExportFormat::from_path(&out).unwrap_or(st.format)
        };
        // Only pictures draw the look; communities or metric sizes come from the window's
        // own metrics of the view, so nothing heavy runs here.
        let picture = matches!(format, ExportFormat::Svg | ExportFormat::Png);
        if picture && !self.picture_metrics_ready(st.scope) {
            self.explore.message = Some(
                "The picture needs the view's metrics, which are still being computed \
                 (see Analysis). Export again once they are in."
                    .into(),
            );
            return;
        }
        let look = picture.then(|| self.export_look(st.scope, &view));
        let opts = ExportOptions {
            scale: st.scale,
            protect,
            look,
        };
        match export_to(&sub, format, Some(&out), &opts) {
            Ok(files) => {
                let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                self.explore.message = Some(format!(
                    "Exported {} nodes and {} edges as {} to {}",
                    view.nodes.len(),
                    view.edges.len(),
                    format.name(),
                    names.join(", ")
                ));
                self.explore.export_last = st;
                self.explore.export = None;
            }
            Err(e) => self.dialogs.error = Some(format!("Export failed: {e}")),
        }
    }

    /// Whether the metrics a picture of `scope` needs (communities, or the size metric)
    /// are in; asks for them if not (on a small view they are computed at once).
    fn picture_metrics_ready(&mut self, scope: ExportScope) -> bool {
        let needs = self.spec.colour_by == ColourMode::Community || self.spec.size_by.is_some();
        if !needs || scope == ExportScope::Whole {
            return true;
        }
        self.derived.request_metrics(&self.kg);
        let ready = self.derived.metrics_ready();
        self.spec.size_by.is_none_or(|m| ready.contains(&m)) && !ready.is_empty()
    }

    /// How a picture export of `view` is drawn: as the window draws it (the app's spec:
    /// colours, sizes, faded nodes where they are on screen, the focus), with the caption
    /// describing what `scope` exports.
    fn export_look(&self, scope: ExportScope, view: &View) -> Look {
        let spec = match scope {
            ExportScope::View => self.spec.clone(),
            // The whole graph or a selection is not what the filters show: only the
            // colour and size mappings carry over.
            ExportScope::Whole | ExportScope::Selection => ViewSpec {
                filter: Filter::default(),
                compare: None,
                hide_excluded: true,
                ..self.spec.clone()
            },
        };
        let pos_of = |ix: NodeIndex| {
            let on_screen = self.layout.pos(ix).map(|p| [p.x, p.y]);
            on_screen.or_else(|| self.explore.last_pos.get(&ix).copied())
        };
        // The view's metrics serve the view and a selection from it (communities as on
        // screen); the whole graph, when the view is not all of it, is measured here.
        let shows_all = self.derived.view().nodes.len() == self.kg.num_nodes();
        let known = match scope {
            ExportScope::View | ExportScope::Selection => self.derived.fresh_metrics(),
            ExportScope::Whole if shows_all => self.derived.fresh_metrics(),
            ExportScope::Whole => None,
        };
        let mut look = Look::with_metrics(&self.kg, &spec, view, &pos_of, known);
        if scope == ExportScope::Selection {
            look.view_words = vec![format!("A selection of {} nodes", view.nodes.len())];
        }
        look
    }

    /// The current view as a saved view: the spec, the pinned positions and the
    /// position of every shown node.
    pub fn saved_view(&self) -> SavedView {
        let placed = |pinned_only: bool| {
            self.layout
                .nodes()
                .iter()
                .filter(|&&ix| !pinned_only || self.layout.is_pinned(ix))
                .filter_map(|&ix| {
                    let p = self.layout.pos(ix)?;
                    Some((self.kg.node_at(ix)?.id.clone(), [p.x, p.y]))
                })
                .collect()
        };
        SavedView {
            name: String::new(),
            spec: self.spec.clone(),
            pinned: placed(true),
            positions: placed(false),
        }
    }

    fn save_view(&mut self, path: &Path) {
        let mut v = self.saved_view();
        v.name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match crate::io::saved_view::save_view(&v, path) {
            Ok(()) => {
                self.explore.message = Some(format!("Saved the view to {}", path.display()));
                self.explore.last_view_path = Some(path.to_path_buf());
            }
            Err(e) => self.dialogs.error = Some(format!("Could not save the view: {e}")),
        }
    }

    /// Opens a saved view; on failure shows the error and keeps the current view.
    pub fn open_view(&mut self, path: &Path) {
        match crate::io::saved_view::load_view(path) {
            Ok(v) => {
                self.apply_saved_view(v);
                self.explore.last_view_path = Some(path.to_path_buf());
            }
            Err(e) => self.dialogs.error = Some(format!("Could not open the view: {e}")),
        }
    }

    /// Applies a saved view: its spec, then its positions (the nodes are placed, held
    /// still, not pinned), then its pins. Ids the graph lacks are skipped. A view saved
    /// without positions pins its pins into the current layout, which responds.
    pub fn apply_saved_view(&mut self, v: SavedView) {
        self.set_spec(v.spec);
        use std::collections::{BTreeMap, HashMap};
        let by_index = |m: BTreeMap<String, [f32; 2]>| -> HashMap<NodeIndex, [f32; 2]> {
            m.into_iter()
                .filter_map(|(id, p)| Some((self.kg.index_of(&id)?, p)))
                .collect()
        };
        let pins = by_index(v.pinned);
        if v.positions.is_empty() {
            for (ix, p) in pins {
                self.layout.pin(ix, p);
            }
            return;
        }
        let positions = by_index(v.positions);
        let view = self.derived.view();
        self.layout
            .restore(&self.kg, &view.nodes, &view.edges, &positions, &pins);
        self.canvas.auto_fit = true;
    }
}
