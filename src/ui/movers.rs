//! *Movers*, in the analysis panel: for two year ranges and a metric, the nodes whose
//! rank changed most (rose, fell), and those only one range shows (entering, leaving),
//! each row with both ranks and a link selecting the node. Computed by
//! [`super::derived::Yearly`], off the UI thread on a large graph.

use egui::{RichText, Ui};

use super::command::Command;
use super::derived::{MoversResult, YearlyCommand, YearlyView};
use super::explore::ExploreCommand;
use crate::model::KnowledgeGraph;
use crate::query::metrics::Metric;
use crate::query::parse_years;
use crate::query::timeline::{Mover, Ranked, Years};

/// The fields' text before anything is computed: the first pamphlets and the end of
/// the debate, in the bundled graph.
const DEFAULTS: (&str, &str) = ("2008", "2014..2016");

/// Rows shown in each list; the rest are counted.
const MAX_ROWS: usize = 10;

/// The sub-section, closed at first.
pub fn movers_ui(ui: &mut Ui, y: YearlyView<'_>, cmds: &mut Vec<Command>) {
    egui::CollapsingHeader::new("Movers")
        .id_salt("ideagraph-movers")
        .default_open(false)
        .show(ui, |ui| body_ui(ui, y, cmds));
}

/// The two ranges, the metric, Compute, then the lists or "computing…".
fn body_ui(ui: &mut Ui, y: YearlyView<'_>, cmds: &mut Vec<Command>) {
    ui.weak("The nodes whose rank changed most between two year ranges.");
    let asked = y.yearly.movers_ranges();
    let (a, b) = ui
        .horizontal(|ui| {
            let a = range_field(
                ui,
                "Years A",
                "ideagraph-movers-a",
                asked.map(|r| r.0),
                DEFAULTS.0,
            );
            let b = range_field(
                ui,
                "Years B",
                "ideagraph-movers-b",
                asked.map(|r| r.1),
                DEFAULTS.1,
            );
            (a, b)
        })
        .inner;
    metric_ui(ui, y.yearly.movers_metric(), cmds);
    if ui
        .button("Compute movers")
        .on_hover_text("Rank every node by the metric in each range and list who moved")
        .clicked()
    {
        match (parse_years(&a), parse_years(&b)) {
            (Ok(a), Ok(b)) => cmds.push(Command::Yearly(YearlyCommand::ComputeMovers(a, b))),
            (Err(e), _) | (_, Err(e)) => {
                cmds.push(Command::Explore(ExploreCommand::Say(e.to_string())));
            }
        }
    }
    if let Some(r) = y.movers() {
        lists_ui(ui, y.kg, r, cmds);
    } else if asked.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            let secs = y.movers_running().map_or(0.0, |t| t.as_secs_f32());
            ui.label(format!("computing… {secs:.1} s"));
        });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }
}

/// `2015` or `2014..2016`.
fn years_text(y: Years) -> String {
    if y.0 == y.1 {
        y.0.to_string()
    } else {
        format!("{}..{}", y.0, y.1)
    }
}

/// A year-range field whose text is kept in egui's memory: what was typed stays until
/// other ranges are computed, which it then shows.
fn range_field(
    ui: &mut Ui,
    name: &str,
    salt: &str,
    asked: Option<Years>,
    fallback: &str,
) -> String {
    let id = egui::Id::unique(salt);
    let key = id.with("draft");
    let asked = asked.map(years_text);
    let stored = ui.data(|d| d.get_temp::<(Option<String>, String)>(key));
    let mut text = match stored {
        Some((based_on, text)) if asked.is_none() || based_on == asked => text,
        _ => asked.clone().unwrap_or_else(|| fallback.to_owned()),
    };
    let label = ui.label(name);
    let resp = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id(id)
            .desired_width(80.0),
    );
    resp.labelled_by(label.id);
    ui.data_mut(|d| d.insert_temp(key, (asked, text.clone())));
    text
}

/// Which metric ranks the nodes.
fn metric_ui(ui: &mut Ui, chosen: Metric, cmds: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Rank");
        for m in Metric::ALL {
            if ui.radio(chosen == m, format!("by {}", m.words())).clicked() {
                cmds.push(Command::Yearly(YearlyCommand::SetMoversMetric(m)));
            }
        }
    });
}

/// What was compared, then the four lists.
fn lists_ui(ui: &mut Ui, kg: &KnowledgeGraph, r: &MoversResult, cmds: &mut Vec<Command>) {
    let ((a, b), m) = (r.ranges, &r.movers);
    ui.label(format!(
        "By {}: {} against {}",
        r.metric.words(),
        years_text(a),
        years_text(b)
    ));
    let lists: [(&str, &[Mover]); 4] = [
        ("Rose", &m.up),
        ("Fell", &m.down),
        ("Entering", &m.entering),
        ("Leaving", &m.leaving),
    ];
    if lists.iter().all(|(_, v)| v.is_empty()) {
        ui.weak("No node changed rank.");
    }
    for (title, movers) in lists {
        if movers.is_empty() {
            continue;
        }
        ui.add_space(4.0);
        ui.strong(format!("{title} ({})", movers.len()));
        for mover in movers.iter().take(MAX_ROWS) {
            row_ui(ui, kg, title, mover, cmds);
        }
        if movers.len() > MAX_ROWS {
            ui.weak(format!("… and {} more", movers.len() - MAX_ROWS));
        }
    }
}

/// `#3`, or `—` when the range does not show the node.
fn rank_words(r: Option<Ranked>) -> String {
    r.map_or_else(|| "—".to_owned(), |r| format!("#{}", r.rank))
}

/// A mover: the node as a link selecting it, its rank in each range, and the change.
fn row_ui(ui: &mut Ui, kg: &KnowledgeGraph, title: &str, m: &Mover, cmds: &mut Vec<Command>) {
    let Some(node) = kg.node_at(m.node) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let resp = ui
            .link(&node.label)
            .on_hover_text(format!("{} — click to select and centre", node.kind.name()));
        let name = format!("{title}: {}", node.label);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone()));
        if resp.clicked() {
            cmds.push(Command::SelectAndCentre(m.node));
        }
        let change = m.change().map_or_else(String::new, |c| format!(" ({c:+})"));
        ui.label(
            RichText::new(format!(
                "{} then {}{change}",
                rank_words(m.first),
                rank_words(m.second)
            ))
            .weak(),
        )
        .on_hover_text("Rank in range A, then in range B (places gained)");
    });
}
