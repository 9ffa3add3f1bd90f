//! The app's side of the explore panels: drawing the left panel and the export windows,
//! and applying [`ExploreCommand`]s (filters, play, focus, paths, metrics, comparison,
//! saved views and exports). A child of `app` so it can reach the app's state.

use std::path::{Path, PathBuf};

use egui::Ui;
use petgraph::stable_graph::NodeIndex;

use super::App;
use crate::io::export::{ExportFormat, ExportOptions, bundled_source_path, export_to};
use crate::query::saved::{ColourMode, SavedView};
use crate::query::{Filter, View, apply, compare, year_span};
use crate::ui::analysis::analysis_ui;
use crate::ui::command::Command;
use crate::ui::dialogs::{Picked, pick_open_path, pick_save_path};
use crate::ui::explore::{
    ExploreCommand, ExportScope, Overlay, PLAY_STEP_SECS, ViewPrompt, build_overlay,
};
use crate::ui::export_dialog::export_windows_ui;
use crate::ui::filters::{compare_ui, filters_ui, focus_ui, summary_ui};
use crate::ui::history::Selection;
use crate::ui::path_panel::path_ui;
use crate::ui::theme::ColourBy;

impl App {
    /// The view the filter (or the comparison of two year ranges) selects.
    pub(super) fn compute_view(&self) -> View {
        match self.explore.compare {
            // Comparing shows both ranges at once, so new and gone nodes are both on screen.
            Some((a, b)) => {
                let va = apply(
                    &self.kg,
                    &Filter {
                        years: Some(a),
                        ..self.filter.clone()
                    },
                );
                let vb = apply(
                    &self.kg,
                    &Filter {
                        years: Some(b),
                        ..self.filter.clone()
                    },
                );
                View {
                    nodes: va.nodes.union(&vb.nodes).copied().collect(),
                    edges: va.edges.union(&vb.edges).copied().collect(),
                }
            }
            None => apply(&self.kg, &self.filter),
        }
    }

    /// The selected node, if a node is selected.
    fn selected_node(&self) -> Option<NodeIndex> {
        self.history.current().and_then(Selection::node)
    }

    /// The left panel: filters, focus, paths, analysis and comparison.
    pub(super) fn explore_panel_ui(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        let selected = self.selected_node();
        let mut open = self.state.filters_open;
        egui::Panel::left("ideagraph-filters")
            .resizable(true)
            .default_size(330.0)
            .size_range(240.0..=560.0)
            .show_collapsible(ui, &mut open, |ui| {
                summary_ui(ui, &self.kg, &self.filter, &self.view, cmds);
                ui.separator();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        egui::CollapsingHeader::new("Filters")
                            .default_open(true)
                            .show(ui, |ui| {
                                filters_ui(ui, &self.kg, &self.filter, &mut self.explore, cmds);
                            });
                        egui::CollapsingHeader::new("Focus")
                            .default_open(true)
                            .show(ui, |ui| {
                                focus_ui(ui, &self.kg, &self.filter, selected, cmds);
                            });
                        egui::CollapsingHeader::new("How are A and B connected?")
                            .default_open(true)
                            .show(ui, |ui| {
                                self.explore.refresh_paths(&self.kg, &self.view);
                                path_ui(ui, &self.kg, selected, &self.explore, cmds);
                            });
                        let analysis = egui::CollapsingHeader::new("Analysis: top nodes")
                            .default_open(false)
                            .show(ui, |ui| {
                                let sort = self.explore.sort;
                                let size_by = self.explore.size_by;
                                let m = self.explore.metrics(&self.kg, &self.view);
                                analysis_ui(
                                    ui,
                                    &self.kg,
                                    m,
                                    sort,
                                    size_by,
                                    self.state.colour_by,
                                    cmds,
                                );
                            });
                        self.explore.analysis_open = analysis.body_returned.is_some();
                        egui::CollapsingHeader::new("Compare two year ranges")
                            .default_open(false)
                            .show(ui, |ui| {
                                compare_ui(ui, &self.kg, &mut self.explore, cmds);
                            });
                        if !self.explore.multi.is_empty() {
                            ui.separator();
                            ui.horizontal(|ui| {
                                ui.label(format!(
                                    "{} nodes in the Shift+click selection",
                                    self.explore.multi.len()
                                ));
                                if ui.small_button("Clear").clicked() {
                                    cmds.push(Command::Explore(ExploreCommand::ClearMulti));
                                }
                            });
                        }
                    });
            });
        self.state.filters_open = open;
        let num_multi = self.explore.multi.len();
        export_windows_ui(ui, &mut self.explore, num_multi, cmds);
    }

    /// What the canvas draws over the graph this frame.
    pub(super) fn overlay(&mut self) -> Overlay {
        let community = self.state.colour_by == ColourBy::Community;
        let metrics = if self.explore.needs_metrics(community) {
            Some(self.explore.metrics(&self.kg, &self.view).clone())
        } else {
            None
        };
        build_overlay(
            &self.kg,
            &self.view,
            &self.layout,
            &self.explore,
            metrics.as_ref(),
            community,
        )
    }

    /// Community colours and sizes for the legend: `(colour, nodes)`, largest first.
    pub(super) fn legend_communities(&mut self) -> Vec<(egui::Color32, usize)> {
        if self.state.colour_by != ColourBy::Community {
            return Vec::new();
        }
        let m = self.explore.metrics(&self.kg, &self.view);
        crate::ui::explore::community_sizes(m)
            .into_iter()
            .map(|(_, c, n)| (c, n))
            .collect()
    }

    /// Applies one explore command.
    pub(super) fn apply_explore(&mut self, ctx: &egui::Context, cmd: ExploreCommand) {
        match cmd {
            ExploreCommand::SetFilter(f) => {
                self.set_filter(f);
                // The compared ranges are filtered too: compare again under the new filter.
                self.recompare();
                // Follow the new view until it settles, so what is left is in sight.
                self.canvas.auto_fit = true;
            }
            ExploreCommand::SetHideExcluded(h) => self.explore.hide_excluded = h,
            ExploreCommand::TogglePlay => {
                if self.explore.play_next_at.is_some() {
                    self.explore.play_next_at = None;
                } else if let Some(span) = year_span(&self.kg) {
                    // Start from the first year, keeping the window's width.
                    let (a, b) = self.filter.years.unwrap_or((span.0, span.0));
                    let width = b - a;
                    let start = if b >= span.1 { span.0 } else { a };
                    self.set_filter(Filter {
                        years: Some((start, start + width)),
                        ..self.filter.clone()
                    });
                    self.play_again_in(ctx, PLAY_STEP_SECS);
                }
            }
            ExploreCommand::PlayStep => {
                let span = year_span(&self.kg);
                match (self.filter.years, span) {
                    (Some((a, b)), Some(span)) if b < span.1 => {
                        self.set_filter(Filter {
                            years: Some((a + 1, b + 1)),
                            ..self.filter.clone()
                        });
                        self.play_again_in(ctx, PLAY_STEP_SECS);
                    }
                    _ => self.explore.play_next_at = None,
                }
            }
            ExploreCommand::FocusSelection => {
                if let Some(n) = self.selected_node().and_then(|ix| self.kg.node_at(ix)) {
                    let id = n.id.clone();
                    self.set_filter(Filter {
                        focus: Some(id),
                        depth: self.filter.depth.clamp(1, 3),
                        ..self.filter.clone()
                    });
                    self.recompare();
                }
            }
            ExploreCommand::PathFrom(ix) => {
                self.explore.path_from = Some(ix);
                self.explore.invalidate_paths();
            }
            ExploreCommand::PathTo(ix) => {
                self.explore.path_to = Some(ix);
                self.explore.invalidate_paths();
            }
            ExploreCommand::ClearPath => {
                self.explore.path_from = None;
                self.explore.path_to = None;
                self.explore.invalidate_paths();
                self.explore.paths.clear();
            }
            ExploreCommand::SetSizeBy(m) => self.explore.size_by = m,
            ExploreCommand::SetSort(s) => self.explore.sort = s,
            ExploreCommand::ToggleMulti(ix) => {
                if !self.explore.multi.remove(&ix) {
                    self.explore.multi.insert(ix);
                }
            }
            ExploreCommand::ClearMulti => self.explore.multi.clear(),
            ExploreCommand::SetCompare(c) => {
                self.explore.compare = c;
                self.recompare();
                self.refresh_view();
            }
            ExploreCommand::ShowExport => {
                let mut st = self.explore.export_last.clone();
                if st.path.trim().is_empty() {
                    let dir = self
                        .path
                        .as_deref()
                        .and_then(Path::parent)
                        .map(Path::to_path_buf)
                        .or_else(|| std::env::current_dir().ok())
                        .unwrap_or_default();
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
                    Picked::File(p) => st.path = p.display().to_string(),
                    Picked::Cancelled => {}
                    Picked::Unavailable => st.focus_path = true,
                }
            }
            ExploreCommand::ExportNow => self.export_now(),
            ExploreCommand::SaveViewDialog => {
                match pick_save_path("Save view", "ron", Path::new("view.ron")) {
                    Picked::File(p) => self.save_view(&p),
                    Picked::Cancelled => {}
                    Picked::Unavailable => {
                        self.explore.view_prompt = Some(ViewPrompt {
                            save: true,
                            text: "view.ron".into(),
                            focus: true,
                        });
                    }
                }
            }
            ExploreCommand::OpenViewDialog => match pick_open_path("Open view", "ron") {
                Picked::File(p) => self.open_view(&p),
                Picked::Cancelled => {}
                Picked::Unavailable => {
                    self.explore.view_prompt = Some(ViewPrompt {
                        save: false,
                        text: String::new(),
                        focus: true,
                    });
                }
            },
            ExploreCommand::SaveView(p) => self.save_view(&p),
            ExploreCommand::OpenView(p) => self.open_view(&p),
            ExploreCommand::ToggleFilterPanel => {
                self.state.filters_open = !self.state.filters_open;
            }
        }
    }

    /// Compares the two year ranges (if any) again under the current filter.
    fn recompare(&mut self) {
        self.explore.comparison = self.explore.compare.map(|(a, b)| {
            compare(
                &self.kg,
                &Filter {
                    years: None,
                    ..self.filter.clone()
                },
                a,
                b,
            )
        });
    }

    /// Schedules the next year step. The timer in the filter panel only asks for a
    /// repaint on frames that do not step, so the frame that steps must ask here, or a
    /// paused layout would leave nothing to wake the next frame.
    fn play_again_in(&mut self, ctx: &egui::Context, secs: f64) {
        self.explore.play_next_at = Some(ctx.input(|i| i.time) + secs);
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(secs));
    }

    /// The nodes and edges an export of `scope` writes.
    fn export_view(&self, scope: ExportScope) -> View {
        match scope {
            ExportScope::View => self.view.clone(),
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
        let opts = ExportOptions {
            scale: st.scale,
            protect,
        };
        let out = PathBuf::from(st.path.trim());
        let format = if st.format == ExportFormat::Csv {
            st.format
        } else {
            ExportFormat::from_path(&out).unwrap_or(st.format)
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

    /// The current view as a saved view.
    pub fn saved_view(&self) -> SavedView {
        let pinned = self
            .layout
            .nodes()
            .iter()
            .filter(|&&ix| self.layout.is_pinned(ix))
            .filter_map(|&ix| {
                let p = self.layout.pos(ix)?;
                Some((self.kg.node_at(ix)?.id.clone(), [p.x, p.y]))
            })
            .collect();
        SavedView {
            name: String::new(),
            filter: self.filter.clone(),
            hide_excluded: self.explore.hide_excluded,
            colour_by: match self.state.colour_by {
                ColourBy::Kind => ColourMode::Kind,
                ColourBy::Faction => ColourMode::Faction,
                ColourBy::Community => ColourMode::Community,
            },
            size_by: self.explore.size_by,
            pinned,
            compare: self.explore.compare,
        }
    }

    fn save_view(&mut self, path: &Path) {
        let mut v = self.saved_view();
        v.name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        match crate::io::saved_view::save_view(&v, path) {
            Ok(()) => self.explore.message = Some(format!("Saved the view to {}", path.display())),
            Err(e) => self.dialogs.error = Some(format!("Could not save the view: {e}")),
        }
    }

    /// Opens a saved view; on failure shows the error and keeps the current view.
    pub fn open_view(&mut self, path: &Path) {
        match crate::io::saved_view::load_view(path) {
            Ok(v) => self.apply_saved_view(v),
            Err(e) => self.dialogs.error = Some(format!("Could not open the view: {e}")),
        }
    }

    /// Applies a saved view: filters, hide or fade, colour and size, comparison, pins.
    pub fn apply_saved_view(&mut self, v: SavedView) {
        self.explore.hide_excluded = v.hide_excluded;
        self.state.colour_by = match v.colour_by {
            ColourMode::Kind => ColourBy::Kind,
            ColourMode::Faction => ColourBy::Faction,
            ColourMode::Community => ColourBy::Community,
        };
        self.explore.size_by = v.size_by;
        self.explore.compare = v.compare;
        // Show the compared ranges in the Range A and B fields, as if typed.
        if let Some((a, b)) = v.compare {
            let text = |(x, y): (i32, i32)| {
                if x == y {
                    x.to_string()
                } else {
                    format!("{x}..{y}")
                }
            };
            self.explore.compare_text = (text(a), text(b));
        }
        self.explore.comparison = v.compare.map(|(a, b)| {
            compare(
                &self.kg,
                &Filter {
                    years: None,
                    ..v.filter.clone()
                },
                a,
                b,
            )
        });
        self.set_filter(v.filter);
        for (id, p) in v.pinned {
            if let Some(ix) = self.kg.index_of(&id) {
                self.layout.pin(ix, p);
            }
        }
    }
}
