//! The sidebar's sections on a node through time: for a concept, where it first
//! appeared (its earliest dated evidence, with its source and whether the date is
//! stated or inferred) and who took it up afterwards, in date order, each step a link
//! with its date and first quote; then, for any node, who rose and fell
//! ([`super::rise_fall`]).

use egui::{RichText, Ui};
use petgraph::stable_graph::NodeIndex;

use super::command::Command;
use super::derived::YearlyView;
use super::sidebar::node_link;
use super::theme;
use crate::model::{Basis, Dated, Evidence, Kind, KnowledgeGraph};
use crate::query::paths::human_date;
use crate::query::uptake::{FirstAppearance, Origin, UptakeStep, date_words, uptake};

/// The node's sections through time: first appearance and uptake (concepts only), then
/// its chart of who rose and fell.
pub fn time_sections_ui(
    ui: &mut Ui,
    yearly: YearlyView<'_>,
    ix: NodeIndex,
    cmds: &mut Vec<Command>,
) {
    let kg = yearly.kg;
    if kg.node_at(ix).is_some_and(|n| n.kind == Kind::Concept) {
        uptake_ui(ui, kg, ix, cmds);
    }
    super::rise_fall::rise_fall_ui(ui, yearly, ix, cmds);
}

/// "First appeared: …" and "Taken up by", for a concept. The chain is a handful of
/// steps (one per neighbour), found anew each frame at no noticeable cost.
fn uptake_ui(ui: &mut Ui, kg: &KnowledgeGraph, ix: NodeIndex, cmds: &mut Vec<Command>) {
    let Some(u) = uptake(kg, ix) else {
        return;
    };
    ui.add_space(8.0);
    ui.label(
        RichText::new("First appearance and uptake")
            .strong()
            .size(15.0),
    );
    match &u.first {
        Some(f) => first_ui(ui, kg, ix, f, cmds),
        None => {
            ui.weak("No dated evidence: where it first appeared is not known.");
        }
    }
    ui.add_space(4.0);
    if u.chain.is_empty() {
        ui.weak("Taken up by no person, organisation or publication.");
        return;
    }
    ui.strong(format!("Taken up by ({})", u.chain.len()));
    for (i, step) in u.chain.iter().enumerate() {
        step_ui(ui, kg, ix, i, step, cmds);
    }
}

/// The first appearance: its source and date, its quote, and who voiced it.
fn first_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    concept: NodeIndex,
    f: &FirstAppearance,
    cmds: &mut Vec<Command>,
) {
    let source = f
        .evidence
        .as_ref()
        .map_or_else(String::new, |ev| format!("{}, ", source_words(kg, ev)));
    let resp = ui.label(format!("First appeared: {source}{}", when(&f.date)));
    if let Basis::Inferred(why) = &f.date.basis
        && !why.is_empty()
    {
        resp.on_hover_text(format!("Date inferred: {why}"));
    }
    if let Some(ev) = &f.evidence {
        // Its source is in the line above.
        quote_line(ui, ev);
    }
    let voiced_by = match f.origin {
        Origin::Node => None,
        Origin::Edge(e) => kg
            .endpoints(e)
            .map(|(a, b)| if a == concept { b } else { a }),
    };
    if let Some(by) = voiced_by {
        ui.horizontal_wrapped(|ui| {
            ui.weak("In:");
            node_link(ui, kg, by, "First appeared in", cmds);
        });
    }
}

/// One step of the uptake: its date, the node as a link, how it links to the idea, and
/// its first quote.
fn step_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    concept: NodeIndex,
    i: usize,
    step: &UptakeStep,
    cmds: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let date = ui.weak(date_words(step.date.as_ref()));
        if let Some(Dated {
            basis: Basis::Inferred(why),
            ..
        }) = &step.date
            && !why.is_empty()
        {
            date.on_hover_text(format!("Date inferred: {why}"));
        }
        node_link(ui, kg, step.node, "Taken up by", cmds);
        if let Some(verb) = relation_words(kg, step, concept) {
            ui.weak(verb);
        }
    });
    if let Some(ev) = &step.evidence {
        ui.indent(("ideagraph-uptake-step", concept.index(), i), |ui| {
            quote_ui(ui, kg, ev);
        });
    }
}

/// How the step's node links to the idea, read from the node: "advocates", or
/// "mentioned by" when the edge runs from the idea to it.
fn relation_words(kg: &KnowledgeGraph, step: &UptakeStep, concept: NodeIndex) -> Option<String> {
    let w = kg.graph().edge_weight(step.edge)?;
    let (from, _) = kg.endpoints(step.edge)?;
    Some(if from == concept {
        w.relation.inverse_label().to_lowercase()
    } else {
        w.relation.verb().to_owned()
    })
}

/// A quote in italics.
fn quote_line(ui: &mut Ui, ev: &Evidence) {
    ui.label(RichText::new(format!("\u{201c}{}\u{201d}", ev.quote)).italics());
}

/// A quote in italics, then its source in small type.
fn quote_ui(ui: &mut Ui, kg: &KnowledgeGraph, ev: &Evidence) {
    quote_line(ui, ev);
    let dark = ui.visuals().dark_mode;
    ui.label(theme::citation_text(
        format!("— {}", source_words(kg, ev)),
        dark,
    ));
}

/// "Outlet, Authors, “Title”": the source without its date (the date is told beside
/// it, stated or inferred).
fn source_words(kg: &KnowledgeGraph, ev: &Evidence) -> String {
    let Some(s) = kg.source(&ev.source) else {
        return format!("source \u{201c}{}\u{201d}", ev.source);
    };
    let mut parts = Vec::new();
    if let Some(o) = &s.outlet {
        parts.push(o.clone());
    }
    if !s.authors.is_empty() {
        parts.push(s.authors.join(" and "));
    }
    parts.push(format!("\u{201c}{}\u{201d}", s.title));
    parts.join(", ")
}

/// `2012 (inferred)` or `29 January 2015 (stated)`.
fn when(d: &Dated) -> String {
    let basis = if d.basis.is_inferred() {
        "inferred"
    } else {
        "stated"
    };
    format!("{} ({basis})", human_date(&d.date))
}
