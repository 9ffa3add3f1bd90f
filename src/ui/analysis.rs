//! Analysis: the "Top nodes" table (degree, betweenness, closeness, PageRank, community)
//! on the current view, sortable by clicking a header, rows selecting nodes; the
//! communities found; and the size and colour mappings the canvas honours.

use egui::{RichText, Ui};

use super::command::Command;
use super::explore::{ExploreCommand, SortKey, TOP_ROWS, community_sizes};
use crate::model::KnowledgeGraph;
use crate::query::metrics::{Metric, Metrics};
use crate::query::{ColourMode, ViewSpec};

fn metric_title(m: Metric) -> &'static str {
    match m {
        Metric::Degree => "Degree",
        Metric::Betweenness => "Betweenness",
        Metric::Closeness => "Closeness",
        Metric::PageRank => "PageRank",
    }
}

/// The rows of the table, sorted.
pub fn sorted_rows(m: &Metrics, sort: SortKey) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..m.nodes.len()).collect();
    let val = |metric: Metric, i: usize| m.values(metric).get(i).copied().unwrap_or(0.0);
    match sort {
        SortKey::Metric(metric) => rows.sort_by(|&a, &b| {
            val(metric, b)
                .total_cmp(&val(metric, a))
                .then(m.nodes.get(a).cmp(&m.nodes.get(b)))
        }),
        SortKey::Community => rows.sort_by(|&a, &b| {
            m.community
                .get(a)
                .cmp(&m.community.get(b))
                .then(val(Metric::Degree, b).total_cmp(&val(Metric::Degree, a)))
                .then(m.nodes.get(a).cmp(&m.nodes.get(b)))
        }),
    }
    rows
}

/// How far the view's metrics have come.
#[derive(Clone, Copy, Debug)]
pub struct MetricsProgress<'a> {
    /// The metrics, once their first stage is in.
    pub metrics: Option<&'a Metrics>,
    /// Which metrics are computed.
    pub ready: &'a [Metric],
    /// Each community's name, once the metrics are in.
    pub names: Option<&'a std::collections::HashMap<usize, String>>,
    /// How long they have been computing, while they are.
    pub running: Option<std::time::Duration>,
}

/// Draws the mappings, the community summary and the table; while the metrics of a
/// large view compute in the background, what is in so far, a timer and Cancel.
pub fn analysis_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    progress: MetricsProgress<'_>,
    sort: SortKey,
    spec: &ViewSpec,
    cmds: &mut Vec<Command>,
) {
    mappings_ui(ui, spec, cmds);
    progress_ui(ui, &progress, cmds);
    let Some(m) = progress.metrics else {
        return;
    };
    let sizes = community_sizes(m);
    ui.label(format!(
        "{} communities (Louvain), modularity {:.2}",
        sizes.len(),
        m.modularity
    ));
    // Scrolls sideways rather than widening the panel over the canvas.
    egui::ScrollArea::horizontal()
        .id_salt("ideagraph-top-nodes-scroll")
        .show(ui, |ui| {
            top_nodes_grid_ui(ui, kg, m, progress.ready, progress.names, sort, cmds)
        });
}

/// While metrics compute: which, for how long, and Cancel.
fn progress_ui(ui: &mut Ui, progress: &MetricsProgress<'_>, cmds: &mut Vec<Command>) {
    let Some(running) = progress.running else {
        return;
    };
    let pending: Vec<&str> = Metric::ALL
        .into_iter()
        .filter(|m| !progress.ready.contains(m))
        .map(Metric::name)
        .collect();
    // Wrapped, so the line never widens the panel (and moves the canvas under the
    // pointer) while it counts.
    ui.horizontal_wrapped(|ui| {
        ui.spinner();
        ui.label(format!(
            "Computing {} … {:.1} s",
            pending.join(", "),
            running.as_secs_f32()
        ));
        if ui
            .button("Cancel")
            .on_hover_text("Stop computing; what is in stays")
            .clicked()
        {
            cmds.push(Command::Explore(ExploreCommand::CancelMetrics));
        }
    });
    // The timer counts while nothing else changes.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
}

/// Size by a metric, colour by community.
fn mappings_ui(ui: &mut Ui, spec: &ViewSpec, cmds: &mut Vec<Command>) {
    let size_by = spec.size_by;
    ui.horizontal_wrapped(|ui| {
        ui.label("Size by");
        if ui.radio(size_by.is_none(), "connections").clicked() {
            cmds.push(Command::Explore(ExploreCommand::SetSizeBy(None)));
        }
        for metric in Metric::ALL {
            if ui.radio(size_by == Some(metric), metric.name()).clicked() {
                cmds.push(Command::Explore(ExploreCommand::SetSizeBy(Some(metric))));
            }
        }
    });
    let mut by_community = spec.colour_by == ColourMode::Community;
    if ui
        .checkbox(&mut by_community, "Colour by community")
        .changed()
    {
        cmds.push(Command::SetColourBy(if by_community {
            ColourMode::Community
        } else {
            ColourMode::Kind
        }));
    }
}

/// The table itself.
fn top_nodes_grid_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    m: &Metrics,
    ready: &[Metric],
    names: Option<&std::collections::HashMap<usize, String>>,
    sort: SortKey,
    cmds: &mut Vec<Command>,
) {
    egui::Grid::new("ideagraph-top-nodes")
        .num_columns(6)
        .striped(true)
        .spacing([8.0, 2.0])
        .show(ui, |ui| {
            let header = |ui: &mut Ui, text: &str, key: SortKey, cmds: &mut Vec<Command>| {
                let mut title = RichText::new(text).strong();
                if sort == key {
                    title = title.underline();
                }
                let resp = ui
                    .add(egui::Button::new(title).frame(false))
                    .on_hover_text("Sort by this column");
                let name = format!("Sort by {}", text.to_lowercase());
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone())
                });
                if resp.clicked() {
                    cmds.push(Command::Explore(ExploreCommand::SetSort(key)));
                }
            };
            ui.strong("Node");
            for metric in Metric::ALL {
                header(ui, metric_title(metric), SortKey::Metric(metric), cmds);
            }
            header(ui, "Community", SortKey::Community, cmds);
            ui.end_row();
            for i in sorted_rows(m, sort).into_iter().take(TOP_ROWS) {
                let Some(&ix) = m.nodes.get(i) else {
                    continue;
                };
                let Some(node) = kg.node_at(ix) else {
                    continue;
                };
                let short: String = node.label.chars().take(22).collect();
                let resp = ui.link(if short.len() < node.label.len() {
                    format!("{short}…")
                } else {
                    short
                });
                let name = format!("Top: {}", node.label);
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone())
                });
                if resp.on_hover_text(&node.label).clicked() {
                    cmds.push(Command::SelectAndCentre(ix));
                }
                for metric in Metric::ALL {
                    let v = m.values(metric).get(i).copied().unwrap_or(0.0);
                    if !ready.contains(&metric) {
                        ui.weak("…");
                    } else if metric == Metric::Degree {
                        ui.label(format!("{v:.0}"));
                    } else {
                        ui.label(format!("{v:.3}"));
                    }
                }
                let c = m.community.get(i).copied().unwrap_or(0);
                ui.horizontal(|ui| {
                    let (r, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().circle_filled(
                        r.center(),
                        4.5,
                        super::explore::community_colour(c),
                    );
                    ui.label(format!("{}", c + 1));
                })
                .response
                .on_hover_text(names.and_then(|n| n.get(&c)).map_or("", String::as_str));
                ui.end_row();
            }
        });
}
