//! "Who rose and fell": a small chart in the sidebar of the selected node's degree,
//! PageRank and betweenness on each year's view (the graph as the year filter shows it,
//! the user's other filters kept), with the years charted and a sliding window of N
//! years. Painted here with egui's painter: one row a metric, each on its own scale,
//! a gap where a year's view does not show the node. Every row carries its values as
//! its accessible name, so a screen reader (and a test) reads the chart.

use egui::{Pos2, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};
use petgraph::stable_graph::NodeIndex;

use super::command::Command;
use super::derived::{Chart, MAX_CHART_WINDOW, YearlyCommand, YearlyView};
use super::theme;
use crate::query::metrics::Metric;
use crate::query::timeline::{Years, period_label};

/// Height of one metric's row, in points.
const ROW_H: f32 = 38.0;

/// Room inside a row's frame around the line.
const PAD: f32 = 5.0;

/// The section, open at first.
pub fn rise_fall_ui(ui: &mut Ui, y: YearlyView<'_>, ix: NodeIndex, cmds: &mut Vec<Command>) {
    ui.add_space(8.0);
    egui::CollapsingHeader::new(RichText::new("Who rose and fell").strong().size(15.0))
        .id_salt("ideagraph-rise-fall")
        .default_open(true)
        .show(ui, |ui| body_ui(ui, y, ix, cmds));
}

/// The controls, then the chart or "computing…".
fn body_ui(ui: &mut Ui, y: YearlyView<'_>, ix: NodeIndex, cmds: &mut Vec<Command>) {
    let Some(span) = y.yearly.span() else {
        ui.weak("The graph dates nothing: there are no years to chart.");
        return;
    };
    controls_ui(ui, y, span, cmds);
    match y.chart(ix) {
        Some(chart) => chart_ui(ui, y, chart),
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                let secs = y.chart_running(ix).map_or(0.0, |t| t.as_secs_f32());
                ui.label(format!("computing… {secs:.1} s"));
            });
            // The timer counts while nothing else changes.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}

/// The years charted (from, to, or all) and the window.
fn controls_ui(ui: &mut Ui, y: YearlyView<'_>, span: Years, cmds: &mut Vec<Command>) {
    let whole = y.yearly.graph_span().unwrap_or(span);
    ui.horizontal_wrapped(|ui| {
        let (mut a, mut b) = span;
        // Named apart from the filter panel's year range.
        let from = ui.label("Chart from");
        let ra = ui.add(egui::DragValue::new(&mut a).range(whole.0..=whole.1));
        ra.labelled_by(from.id);
        let to = ui.label("until");
        let rb = ui.add(egui::DragValue::new(&mut b).range(whole.0..=whole.1));
        rb.labelled_by(to.id);
        if a != span.0 || b != span.1 {
            cmds.push(Command::Yearly(YearlyCommand::SetSpan(Some((a, b)))));
        }
        if y.yearly.span_is_set()
            && ui
                .small_button("Every year")
                .on_hover_text("Chart every year the graph dates")
                .clicked()
        {
            cmds.push(Command::Yearly(YearlyCommand::SetSpan(None)));
        }
    });
    ui.horizontal_wrapped(|ui| {
        let mut n = y.yearly.window();
        let label = ui.label("Window of");
        let unit = if n == 1 { " year" } else { " years" };
        let resp = ui
            .add(
                egui::DragValue::new(&mut n)
                    .range(1..=MAX_CHART_WINDOW)
                    .suffix(unit),
            )
            .on_hover_text("Each point: the N years ending in its year (1: single years)");
        resp.labelled_by(label.id);
        if n != y.yearly.window() {
            cmds.push(Command::Yearly(YearlyCommand::SetWindow(n)));
        }
    });
}

/// A value as the chart tells it: degree whole, the others to three decimals.
fn value_words(m: Metric, v: f64) -> String {
    match m {
        Metric::Degree => format!("{v:.0}"),
        _ => format!("{v:.3}"),
    }
}

/// Each metric's row, then the first and last period under them.
fn chart_ui(ui: &mut Ui, y: YearlyView<'_>, chart: &Chart) {
    let name = y.kg.node_at(chart.node).map_or("", |n| n.label.as_str());
    if chart
        .series
        .iter()
        .all(|(_, v)| v.iter().all(Option::is_none))
    {
        ui.weak("No year of these shows it: it has no dated link in them.");
    }
    let dark = ui.visuals().dark_mode;
    for (i, (metric, values)) in chart.series.iter().enumerate() {
        let colour = theme::series_colour(i, dark);
        let best = values
            .iter()
            .enumerate()
            .filter_map(|(p, v)| Some((p, (*v)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(capitalised(metric.words())).color(colour));
            if let Some((p, v)) = best
                && let Some(&period) = chart.periods.get(p)
            {
                ui.weak(format!(
                    "highest {} in {}",
                    value_words(*metric, v),
                    period_label(period)
                ));
            }
        });
        let row = Row {
            name,
            metric: *metric,
            values,
            periods: &chart.periods,
            colour,
        };
        row_ui(ui, &row);
    }
    ends_ui(ui, &chart.periods);
}

/// One metric's line through the periods.
struct Row<'a> {
    name: &'a str,
    metric: Metric,
    values: &'a [Option<f64>],
    periods: &'a [Years],
    colour: egui::Color32,
}

impl Row<'_> {
    /// The accessible name: every period that shows the node, with its value.
    fn words(&self) -> String {
        let told: Vec<String> = self
            .periods
            .iter()
            .zip(self.values)
            .filter_map(|(p, v)| {
                Some(format!(
                    "{}: {}",
                    period_label(*p),
                    value_words(self.metric, (*v)?)
                ))
            })
            .collect();
        let list = if told.is_empty() {
            "not shown in any of these years".to_owned()
        } else {
            told.join(", ")
        };
        format!("{}'s {} by year: {list}", self.name, self.metric.words())
    }

    /// Where period `p` lies across `rect`.
    fn x(&self, rect: Rect, p: usize) -> f32 {
        let n = self.periods.len();
        if n < 2 {
            return rect.center().x;
        }
        rect.left() + PAD + (rect.width() - 2.0 * PAD) * p as f32 / (n - 1) as f32
    }

    /// The screen point of each period that shows the node, `None` for the others.
    fn points(&self, rect: Rect) -> Vec<Option<Pos2>> {
        let max = self.values.iter().flatten().copied().fold(0.0, f64::max);
        let (bottom, height) = (rect.bottom() - PAD, rect.height() - 2.0 * PAD);
        self.values
            .iter()
            .enumerate()
            .map(|(p, v)| {
                let share = if max > 0.0 { (*v)? / max } else { 0.0 };
                Some(pos2(self.x(rect, p), bottom - height * share as f32))
            })
            .collect()
    }
}

/// Paints a row: its frame, the line through each run of periods that show the node,
/// a dot at each, and under the pointer the period's value.
fn row_ui(ui: &mut Ui, row: &Row<'_>) {
    let width = ui.available_width().max(60.0);
    let (rect, resp) = ui.allocate_exact_size(vec2(width, ROW_H), Sense::hover());
    let words = row.words();
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, words.clone()));
    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 3.0, visuals.faint_bg_color);
    let base = Stroke::new(1.0, visuals.weak_text_color().gamma_multiply(0.5));
    painter.hline(rect.x_range(), rect.bottom() - PAD, base);
    let points = row.points(rect);
    for run in points.split(Option::is_none) {
        let line: Vec<Pos2> = run.iter().flatten().copied().collect();
        if line.len() > 1 {
            painter.add(egui::Shape::line(line, Stroke::new(1.8, row.colour)));
        }
    }
    for p in points.iter().flatten() {
        painter.circle_filled(*p, 2.6, row.colour);
    }
    let Some(pointer) = resp.hover_pos() else {
        return;
    };
    let Some(p) = (0..row.periods.len()).min_by(|&a, &b| {
        let d = |p| (row.x(rect, p) - pointer.x).abs();
        d(a).total_cmp(&d(b))
    }) else {
        return;
    };
    let x = row.x(rect, p);
    painter.vline(
        x,
        rect.y_range(),
        Stroke::new(1.0, visuals.weak_text_color()),
    );
    let period = row
        .periods
        .get(p)
        .map_or_else(String::new, |&y| period_label(y));
    let value = match row.values.get(p).copied().flatten() {
        Some(v) => value_words(row.metric, v),
        None => "not shown".to_owned(),
    };
    resp.on_hover_text(format!("{period}: {} {value}", row.metric.words()));
}

/// The first and last period, under the chart's left and right ends.
fn ends_ui(ui: &mut Ui, periods: &[Years]) {
    let (Some(&first), Some(&last)) = (periods.first(), periods.last()) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.weak(period_label(first));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.weak(period_label(last));
        });
    });
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
