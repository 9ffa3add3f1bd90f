//! Analysis: the "Top nodes" table (degree, betweenness, closeness, PageRank, community)
//! on the current view, sortable by clicking a header, rows selecting nodes; the
//! communities found; and the size and colour mappings the canvas honours.

use std::collections::HashMap;

use egui::{Align, Layout, Rect, Response, RichText, Sense, Ui, Vec2, vec2};
use petgraph::stable_graph::NodeIndex;

use super::command::Command;
use super::explore::{ExploreCommand, SortKey, TOP_ROWS, community_sizes};
use crate::model::KnowledgeGraph;
use crate::query::metrics::{Metric, Metrics};
use crate::query::{ColourMode, ViewSpec};

/// How the "Top nodes" table is sorted: a column, in its usual order (the highest value,
/// or the largest community, first) or reversed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TableSort {
    /// The column sorted by.
    pub key: SortKey,
    /// Lowest (or smallest community) first.
    pub reversed: bool,
}

impl TableSort {
    /// The order in words, for the line above the table.
    fn words(self) -> String {
        let (column, usual, reversed) = match self.key {
            SortKey::Metric(m) => (column_name(m), "highest first", "lowest first"),
            SortKey::Community => ("community", "largest first", "smallest first"),
        };
        let order = if self.reversed { reversed } else { usual };
        format!("Sorted by {column}, {order}. Click a header to sort; again to reverse.")
    }
}

/// A column after the node's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Metric(Metric),
    Community,
}

/// The columns after the node's name, left to right.
const COLUMNS: [Column; 5] = [
    Column::Metric(Metric::Degree),
    Column::Metric(Metric::Betweenness),
    Column::Metric(Metric::Closeness),
    Column::Metric(Metric::PageRank),
    Column::Community,
];

/// A metric's name in a sentence.
fn column_name(m: Metric) -> &'static str {
    match m {
        Metric::Degree => "degree",
        Metric::Betweenness => "betweenness",
        Metric::Closeness => "closeness",
        Metric::PageRank => "PageRank",
    }
}

impl Column {
    /// The key that sorts by this column.
    fn key(self) -> SortKey {
        match self {
            Self::Metric(m) => SortKey::Metric(m),
            Self::Community => SortKey::Community,
        }
    }

    /// The header: short, so every column fits the panel at its default width.
    fn title(self) -> &'static str {
        match self {
            Self::Metric(Metric::Degree) => "Deg",
            Self::Metric(Metric::Betweenness) => "Betw",
            Self::Metric(Metric::Closeness) => "Close",
            Self::Metric(Metric::PageRank) => "PR",
            Self::Community => "Comm",
        }
    }

    /// The column's name in full, for its accessible name and tooltip.
    fn name(self) -> &'static str {
        match self {
            Self::Metric(m) => column_name(m),
            Self::Community => "community",
        }
    }

    /// What the column measures, for the header's tooltip.
    fn meaning(self) -> &'static str {
        match self {
            Self::Metric(Metric::Degree) => "Degree: distinct neighbours in the view",
            Self::Metric(Metric::Betweenness) => {
                "Betweenness: how often the node lies on shortest paths (normalised)"
            }
            Self::Metric(Metric::Closeness) => "Closeness: how near the node is to all others",
            Self::Metric(Metric::PageRank) => "PageRank: importance from links (sums to 1)",
            Self::Community => "Community (Louvain); 1 is the largest",
        }
    }
}

/// The rows of the table, sorted: the column's usual order, ties by node index, the whole
/// list turned round when reversed.
pub fn sorted_rows(m: &Metrics, sort: TableSort) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..m.nodes.len()).collect();
    let val = |metric: Metric, i: usize| value(m, metric, i);
    match sort.key {
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
    if sort.reversed {
        rows.reverse();
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
    pub names: Option<&'a HashMap<usize, String>>,
    /// How long they have been computing, while they are.
    pub running: Option<std::time::Duration>,
}

/// Draws the mappings, the community summary and the table; while the metrics of a
/// large view compute in the background, what is in so far, a timer and Cancel.
pub fn analysis_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    progress: MetricsProgress<'_>,
    sort: TableSort,
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
    ui.weak(sort.words());
    let table = Table {
        kg,
        metrics: m,
        ready: progress.ready,
        names: progress.names,
        sort,
    };
    top_nodes_ui(ui, &table, cmds);
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

/// What the table draws from.
struct Table<'a> {
    kg: &'a KnowledgeGraph,
    metrics: &'a Metrics,
    ready: &'a [Metric],
    names: Option<&'a HashMap<usize, String>>,
    sort: TableSort,
}

/// Space before each value column.
const GAP: f32 = 6.0;
/// Room for the sort mark beside a header.
const MARK_W: f32 = 10.0;
/// The name column's narrowest and widest.
const NAME_W: (f32, f32) = (64.0, 220.0);
/// The community cell's colour dot and the space after it.
const DOT_W: f32 = 13.0;

/// The table: the names in a column of their own, the values beside them. Every column
/// fits the panel at its default width; in a narrower panel only the values scroll
/// sideways, so the names stay in place beside them.
fn top_nodes_ui(ui: &mut Ui, t: &Table<'_>, cmds: &mut Vec<Command>) {
    // Only rows with a node: the two halves of the table must line up row for row.
    let rows: Vec<(usize, NodeIndex)> = sorted_rows(t.metrics, t.sort)
        .into_iter()
        .filter_map(|i| {
            let ix = *t.metrics.nodes.get(i)?;
            t.kg.node_at(ix).map(|_| (i, ix))
        })
        .take(TOP_ROWS)
        .collect();
    let widths = column_widths(ui, t, &rows);
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let values_w = widths.iter().map(|w| w + GAP).sum::<f32>();
    // The panel's scroll bar floats over the content's right edge: keep clear of it.
    let bar = ui.spacing().scroll;
    let avail = ui.available_width() - bar.bar_width - bar.bar_outer_margin;
    let name_w = (avail - values_w).clamp(NAME_W.0, NAME_W.1);
    stripes_ui(ui, rows.len(), row_h, name_w + values_w.min(avail - name_w));
    ui.scope(|ui| {
        ui.spacing_mut().item_spacing = Vec2::ZERO;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                cell_ui(ui, vec2(name_w, row_h), Align::Min, |ui| ui.strong("Node"));
                for &(_, ix) in &rows {
                    name_cell_ui(ui, t.kg, ix, vec2(name_w, row_h), cmds);
                }
            });
            egui::ScrollArea::horizontal()
                .id_salt("ideagraph-top-nodes-values")
                .show(ui, |ui| values_ui(ui, t, &rows, &widths, row_h, cmds));
        });
    });
}

/// The value columns: their headers, then a line per row.
fn values_ui(
    ui: &mut Ui,
    t: &Table<'_>,
    rows: &[(usize, NodeIndex)],
    widths: &[f32; 5],
    row_h: f32,
    cmds: &mut Vec<Command>,
) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            for (col, w) in COLUMNS.into_iter().zip(widths) {
                header_ui(ui, t.sort, col, vec2(w + GAP, row_h), cmds);
            }
        });
        for &(i, _) in rows {
            ui.horizontal(|ui| {
                for (col, w) in COLUMNS.into_iter().zip(widths) {
                    value_cell_ui(ui, t, col, i, vec2(w + GAP, row_h));
                }
            });
        }
    });
}

/// Faint bands behind every other row, across both halves of the table.
fn stripes_ui(ui: &Ui, num_rows: usize, row_h: f32, width: f32) {
    let top_left = ui.cursor().min;
    let fill = ui.visuals().faint_bg_color;
    for r in (1..=num_rows).step_by(2) {
        let min = top_left + vec2(0.0, row_h * r as f32);
        ui.painter()
            .rect_filled(Rect::from_min_size(min, vec2(width, row_h)), 0.0, fill);
    }
}

/// A cell of exactly `size`, its content at the left (`Align::Min`) or the right.
fn cell_ui<R>(ui: &mut Ui, size: Vec2, align: Align, add: impl FnOnce(&mut Ui) -> R) -> R {
    let layout = if align == Align::Min {
        Layout::left_to_right(Align::Center)
    } else {
        Layout::right_to_left(Align::Center)
    };
    ui.allocate_ui_with_layout(size, layout, |ui| {
        ui.set_min_size(size);
        ui.set_max_size(size);
        add(ui)
    })
    .inner
}

/// Each value column's width: its header with the sort mark, or its widest cell.
fn column_widths(ui: &Ui, t: &Table<'_>, rows: &[(usize, NodeIndex)]) -> [f32; 5] {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text_w = |s: String| {
        ui.painter()
            .layout_no_wrap(s, font.clone(), egui::Color32::PLACEHOLDER)
            .size()
            .x
    };
    COLUMNS.map(|col| {
        let header = text_w(col.title().to_owned()) + MARK_W;
        let dot = if col == Column::Community { DOT_W } else { 0.0 };
        rows.iter()
            .map(|&(i, _)| text_w(cell_text(t, col, i)) + dot)
            .fold(header, f32::max)
            .ceil()
    })
}

/// A value as the table shows it: short, the full value is in the cell's tooltip.
fn cell_text(t: &Table<'_>, col: Column, i: usize) -> String {
    match col {
        Column::Metric(m) if !t.ready.contains(&m) => "…".to_owned(),
        Column::Metric(Metric::Degree) => format!("{:.0}", value(t.metrics, Metric::Degree, i)),
        Column::Metric(m) => compact(value(t.metrics, m, i)),
        Column::Community => format!("{}", community(t.metrics, i) + 1),
    }
}

fn value(m: &Metrics, metric: Metric, i: usize) -> f64 {
    m.values(metric).get(i).copied().unwrap_or(0.0)
}

fn community(m: &Metrics, i: usize) -> usize {
    m.community.get(i).copied().unwrap_or(0)
}

/// Three decimals without the leading zero (".123"), as sports tables print averages:
/// the values run from 0 to 1, so the zero only takes room.
fn compact(v: f64) -> String {
    let s = format!("{v:.3}");
    match s.strip_prefix("0.") {
        Some(rest) => format!(".{rest}"),
        None => s,
    }
}

/// A sortable header: its title at the right, a triangle before it on the sorted column
/// (pointing down for the usual order, highest first; up when reversed). Focusable, so
/// Tab reaches it and Enter sorts.
fn header_ui(ui: &mut Ui, sort: TableSort, col: Column, size: Vec2, cmds: &mut Vec<Command>) {
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    let sorted = sort.key == col.key();
    let name = format!("Sort by {}", col.name());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
    if ui.is_rect_visible(rect) {
        paint_header(ui, &resp, col.title(), sorted.then_some(sort.reversed));
    }
    let order = if sorted {
        "click again to reverse"
    } else {
        "click to sort by it"
    };
    if resp
        .on_hover_text(format!("{}; {order}", col.meaning()))
        .clicked()
    {
        cmds.push(Command::Explore(ExploreCommand::SetSort(col.key())));
    }
}

/// Paints a header's title, its sort mark (`Some(reversed)` on the sorted column) and,
/// with the keyboard focus, a ring.
fn paint_header(ui: &Ui, resp: &Response, title: &str, mark: Option<bool>) {
    let rect = resp.rect;
    let visuals = ui.visuals();
    let colour = if resp.hovered() || resp.has_focus() {
        visuals.hyperlink_color
    } else {
        visuals.strong_text_color()
    };
    let font = egui::TextStyle::Body.resolve(ui.style());
    let galley = ui.painter().layout_no_wrap(title.to_owned(), font, colour);
    let text_pos = egui::pos2(
        rect.right() - galley.size().x,
        rect.center().y - galley.size().y / 2.0,
    );
    if let Some(reversed) = mark {
        let c = egui::pos2(text_pos.x - MARK_W / 2.0, rect.center().y);
        let (dx, dy) = (3.5, if reversed { -2.5 } else { 2.5 });
        let points = vec![c + vec2(-dx, -dy), c + vec2(dx, -dy), c + vec2(0.0, dy)];
        ui.painter().add(egui::Shape::convex_polygon(
            points,
            colour,
            egui::Stroke::NONE,
        ));
    }
    ui.painter().galley(text_pos, galley, colour);
    if resp.has_focus() {
        ui.painter().rect_stroke(
            rect,
            2.0,
            visuals.selection.stroke,
            egui::StrokeKind::Inside,
        );
    }
}

/// The node's name as a link that selects and centres it, cut with "…" to the column;
/// the full name is in its tooltip.
fn name_cell_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    ix: NodeIndex,
    size: Vec2,
    cmds: &mut Vec<Command>,
) {
    let Some(node) = kg.node_at(ix) else {
        ui.allocate_exact_size(size, Sense::hover());
        return;
    };
    let resp = cell_ui(ui, size, Align::Min, |ui| {
        let colour = ui.visuals().hyperlink_color;
        let text = RichText::new(&node.label).color(colour);
        let resp = ui.add(egui::Label::new(text).sense(Sense::click()).truncate());
        // A link's look: underlined under the pointer or the keyboard focus.
        if resp.hovered() || resp.has_focus() {
            let r = resp.rect;
            ui.painter()
                .hline(r.x_range(), r.bottom(), egui::Stroke::new(1.0, colour));
        }
        resp
    });
    let name = format!("Top: {}", node.label);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone()));
    if resp.on_hover_text(&node.label).clicked() {
        cmds.push(Command::SelectAndCentre(ix));
    }
}

/// A value at the right of its cell, its full value in the tooltip; the community cell
/// with its colour dot and name.
fn value_cell_ui(ui: &mut Ui, t: &Table<'_>, col: Column, i: usize, size: Vec2) {
    let text = cell_text(t, col, i);
    cell_ui(ui, size, Align::Max, |ui| match col {
        Column::Metric(m) if t.ready.contains(&m) => {
            let full = format!("{}: {:.6}", col.name(), value(t.metrics, m, i));
            ui.label(text).on_hover_text(full);
        }
        Column::Metric(_) => {
            ui.weak(text).on_hover_text("Computing…");
        }
        Column::Community => {
            let c = community(t.metrics, i);
            let name = t.names.and_then(|n| n.get(&c)).map_or("", String::as_str);
            ui.label(text).on_hover_text(name);
            let (r, _) = ui.allocate_exact_size(vec2(DOT_W, 10.0), Sense::hover());
            let centre = egui::pos2(r.left() + 5.0, r.center().y);
            ui.painter()
                .circle_filled(centre, 4.5, super::explore::community_colour(c));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_drop_the_leading_zero() {
        assert_eq!(compact(0.12345), ".123");
        assert_eq!(compact(0.0), ".000");
        assert_eq!(compact(1.0), "1.000");
    }

    /// Reversing turns the whole order round, ties included.
    #[test]
    fn reversed_is_the_usual_order_turned_round() {
        let kg = crate::bundled::bundled_graph().expect("bundled graph");
        let view = crate::query::apply(&kg, &crate::query::Filter::default());
        let m = crate::query::metrics::compute(&kg, &view);
        for key in [SortKey::Metric(Metric::Closeness), SortKey::Community] {
            let usual = sorted_rows(
                &m,
                TableSort {
                    key,
                    reversed: false,
                },
            );
            let mut back = sorted_rows(
                &m,
                TableSort {
                    key,
                    reversed: true,
                },
            );
            back.reverse();
            assert_eq!(usual, back, "{key:?}");
        }
    }
}
