//! The sidebar's side of the agreement: *Where they stand* for two people (the ideas
//! both back, both attack and stand on opposite sides of, each stance told with its
//! quote and citation, and any direct relation), a derived edge explained, and the
//! person's *Compare stances with…* picker.

use egui::{RichText, Sense, Ui};
use petgraph::stable_graph::NodeIndex;

use super::{AgreementCommand, AgreementUi, PairResult, Stood};
use crate::model::{Kind, KnowledgeGraph};
use crate::query::View;
use crate::query::stances::AgreementEdge;
use crate::ui::command::Command;
use crate::ui::history::Selection;

/// How many names the compare picker lists at most (a large view has thousands).
const MAX_PICKER_ROWS: usize = 200;

fn emit(cmds: &mut Vec<Command>, c: AgreementCommand) {
    cmds.push(Command::Agreement(c));
}

fn label(kg: &KnowledgeGraph, ix: NodeIndex) -> String {
    kg.node_at(ix)
        .map_or_else(|| "?".to_owned(), |n| n.label.clone())
}

/// A derived edge of the agreement map explained: the two people, how many ideas they
/// agree and disagree on, that this is an analysis, then where they stand.
pub fn pair_view_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    ag: &AgreementUi,
    edge: Option<&AgreementEdge>,
    (a, b): (NodeIndex, NodeIndex),
    cmds: &mut Vec<Command>,
) {
    ui.heading(format!("{} and {}", label(kg, a), label(kg, b)));
    ui.label(RichText::new("Derived edge of the agreement map").italics());
    ui.horizontal_wrapped(|ui| {
        crate::ui::sidebar::node_link(ui, kg, a, "First person", cmds);
        ui.label("and");
        crate::ui::sidebar::node_link(ui, kg, b, "Second person", cmds);
    });
    match edge {
        Some(e) => {
            let balance = match e.weight() {
                w if w > 0 => format!("agree on balance (+{w})"),
                w if w < 0 => format!("disagree on balance ({w})"),
                _ => "are even".to_owned(),
            };
            ui.label(format!(
                "Agree on {} idea{}, disagree on {}: they {balance}.",
                e.agree,
                if e.agree == 1 { "" } else { "s" },
                e.disagree
            ));
        }
        None => {
            ui.label("They take no side on a same idea in this view.");
        }
    }
    ui.weak(
        "An analysis of their stances in the shown view, not a fact in the graph: \
         nothing here is written back.",
    );
    if ui.button("Deselect pair").clicked() {
        emit(cmds, AgreementCommand::ClearPair);
    }
    where_they_stand_ui(ui, kg, ag, (a, b), true, cmds);
}

/// *Where they stand*: the inherit toggle, the summary, then the ideas both back, both
/// attack and are opposed on, each with both people's stances, and the direct
/// relations. Every idea and stance selects its node or edge. `heading`: whether to
/// title it (a caller whose own title says it does not).
pub fn where_they_stand_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    ag: &AgreementUi,
    (a, b): (NodeIndex, NodeIndex),
    heading: bool,
    cmds: &mut Vec<Command>,
) {
    if heading {
        ui.add_space(8.0);
        ui.label(RichText::new("Where they stand").strong().size(15.0));
    }
    let mut inherit = ag.inherit;
    if ui
        .checkbox(&mut inherit, "Count stances of texts they wrote")
        .on_hover_text("A person also holds the stances of the pamphlets and articles they wrote")
        .changed()
    {
        emit(cmds, AgreementCommand::SetInherit(inherit));
    }
    let Some(r) = ag.pair_result(a, b) else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.weak("Comparing their stances…");
        });
        return;
    };
    ui.label(&r.summary);
    let sections: [(&str, &[Stood]); 3] = [
        ("Both back", &r.both_back),
        ("Both attack", &r.both_attack),
        ("On opposite sides of", &r.opposed),
    ];
    for (heading, list) in sections {
        if list.is_empty() {
            continue;
        }
        ui.add_space(4.0);
        ui.strong(format!("{heading} ({})", list.len()));
        for s in list {
            stood_ui(ui, kg, heading, s, cmds);
        }
    }
    direct_ui(ui, r, cmds);
}

/// One idea: its link, then each stance's sentence, clickable.
fn stood_ui(ui: &mut Ui, kg: &KnowledgeGraph, heading: &str, s: &Stood, cmds: &mut Vec<Command>) {
    let resp = ui
        .link(label(kg, s.concept))
        .on_hover_text("Select this idea");
    let name = format!("{heading}: {}", label(kg, s.concept));
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone()));
    if resp.clicked() {
        cmds.push(Command::SelectAndReveal(Selection::Node(s.concept)));
    }
    ui.indent(("stood", heading, s.concept.index()), |ui| {
        for (link, sentence) in &s.links {
            let tag = if link.is_inherited() {
                "inherited through a text: "
            } else {
                ""
            };
            sentence_ui(
                ui,
                &format!("{tag}{}.", sentence.trim_end()),
                link.edge,
                cmds,
            );
        }
    });
}

/// A stance or relation told as a sentence; clicking it selects its edge.
fn sentence_ui(
    ui: &mut Ui,
    text: &str,
    e: petgraph::stable_graph::EdgeIndex,
    cmds: &mut Vec<Command>,
) {
    let resp = ui
        .add(egui::Label::new(text).sense(Sense::click()))
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .on_hover_text("Select this edge and open its evidence");
    let name = text.to_owned();
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone()));
    if resp.clicked() {
        cmds.push(Command::SelectAndReveal(Selection::Edge(e)));
    }
    ui.add_space(2.0);
}

/// The relations directly between the two ("Liz Kendall rebuked Alan Milburn").
fn direct_ui(ui: &mut Ui, r: &PairResult, cmds: &mut Vec<Command>) {
    if r.direct.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.strong("Directly");
    ui.indent("direct", |ui| {
        for (e, sentence) in &r.direct {
            sentence_ui(ui, &format!("{}.", sentence.trim_end()), *e, cmds);
        }
    });
}

/// *Compare stances with…*: a person of the view to compare the selected one with,
/// then where the two stand.
pub fn compare_picker_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    view: &View,
    ag: &AgreementUi,
    selected: NodeIndex,
    cmds: &mut Vec<Command>,
) {
    if kg.node_at(selected).is_none_or(|n| n.kind != Kind::Person) {
        return;
    }
    ui.add_space(8.0);
    let chosen = ag.compare_with().filter(|&b| b != selected);
    let text = chosen.map_or_else(|| "Compare stances with…".to_owned(), |b| label(kg, b));
    let mut filter = ag.compare_filter.clone();
    let combo = egui::ComboBox::from_id_salt("compare-stances")
        .selected_text(text)
        .width(ui.available_width().min(260.0))
        .show_ui(ui, |ui| {
            let field = ui.add(egui::TextEdit::singleline(&mut filter).hint_text("Name…"));
            field.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Compare with name")
            });
            for ix in people(kg, view, selected, &filter) {
                let name = label(kg, ix);
                let item = ui.selectable_label(chosen == Some(ix), &name);
                let words = format!("Compare with {name}");
                item.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, words.clone())
                });
                if item.clicked() {
                    emit(cmds, AgreementCommand::CompareWith(Some(ix)));
                }
            }
            if chosen.is_some() && ui.button("Stop comparing").clicked() {
                emit(cmds, AgreementCommand::CompareWith(None));
            }
        });
    combo.response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::ComboBox, true, "Compare stances with")
    });
    if filter != ag.compare_filter {
        // The filter text is the picker's own state, kept by the app between frames.
        cmds.push(Command::Agreement(AgreementCommand::CompareFilter(filter)));
    }
    if let Some(b) = chosen
        && ag.active_pair_is((selected, b))
    {
        where_they_stand_ui(ui, kg, ag, (selected, b), true, cmds);
    }
}

/// The people of the view whose names hold `filter` (any case), by name, at most
/// [`MAX_PICKER_ROWS`].
fn people(kg: &KnowledgeGraph, view: &View, except: NodeIndex, filter: &str) -> Vec<NodeIndex> {
    let filter = filter.to_lowercase();
    let mut out: Vec<(String, NodeIndex)> = view
        .nodes
        .iter()
        .filter(|&&ix| ix != except)
        .filter_map(|&ix| {
            let n = kg.node_at(ix)?;
            let name = n.label.to_lowercase();
            (n.kind == Kind::Person && name.contains(&filter)).then_some((name, ix))
        })
        .collect();
    out.sort();
    out.truncate(MAX_PICKER_ROWS);
    out.into_iter().map(|(_, ix)| ix).collect()
}
