//! "How are A and B connected?": pick the two ends from the selection, see up to three
//! shortest paths in the current view as sentences with their evidence; each sentence
//! selects the node its step reaches.

use egui::{RichText, Sense, Ui};
use petgraph::stable_graph::NodeIndex;

use super::command::Command;
use super::explore::ExploreCommand;
use crate::model::KnowledgeGraph;
use crate::query::paths::{Path, narrate};

/// Each sentence of [`narrate`] with the node its last step reaches. Mirrors the way
/// `narrate` merges two co-authorship steps into one sentence.
pub fn sentences_with_nodes(kg: &KnowledgeGraph, path: &Path) -> Vec<(String, NodeIndex)> {
    let sentences = narrate(kg, path);
    let relation = |i: usize| {
        path.steps
            .get(i)
            .and_then(|s| kg.graph().edge_weight(s.edge))
            .map(|w| w.relation)
    };
    let mut ends = Vec::new();
    let mut i = 0;
    while let Some(s) = path.steps.get(i) {
        let Some(rel) = relation(i) else {
            i += 1;
            continue;
        };
        let merged = path.steps.get(i + 1).is_some_and(|next| {
            s.forward && !next.forward && relation(i + 1) == Some(rel) && rel.is_authorship()
        });
        if merged {
            ends.push(path.steps.get(i + 1).map_or(s.to, |n| n.to));
            i += 2;
        } else {
            ends.push(s.to);
            i += 1;
        }
    }
    sentences.into_iter().zip(ends).collect()
}

fn label(kg: &KnowledgeGraph, ix: Option<NodeIndex>) -> String {
    ix.and_then(|ix| kg.node_at(ix))
        .map_or_else(|| "—".to_owned(), |n| n.label.clone())
}

/// Draws the path finder.
pub fn path_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    selected: Option<NodeIndex>,
    (start, end): (Option<NodeIndex>, Option<NodeIndex>),
    (paths, searching): (&[Path], Option<std::time::Duration>),
    cmds: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        let from = ui
            .add_enabled(selected.is_some(), egui::Button::new("Path from selection"))
            .on_hover_text("Start the path at the selected node")
            .on_disabled_hover_text("Select a node first");
        if from.clicked()
            && let Some(ix) = selected
        {
            cmds.push(Command::Explore(ExploreCommand::PathFrom(ix)));
        }
        let to = ui
            .add_enabled(selected.is_some(), egui::Button::new("Path to selection"))
            .on_hover_text("End the path at the selected node")
            .on_disabled_hover_text("Select a node first");
        if to.clicked()
            && let Some(ix) = selected
        {
            cmds.push(Command::Explore(ExploreCommand::PathTo(ix)));
        }
        if ui
            .add_enabled(
                start.is_some() || end.is_some(),
                egui::Button::new("Clear path"),
            )
            .clicked()
        {
            cmds.push(Command::Explore(ExploreCommand::ClearPath));
        }
    });
    ui.label(format!("From {} to {}", label(kg, start), label(kg, end)));
    if start.is_none() || end.is_none() {
        ui.weak("Select a node, then \"Path from selection\"; select another, then \"Path to selection\".");
        return;
    }
    if let Some(t) = searching {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(format!("Finding paths … {:.1} s", t.as_secs_f32()));
        });
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
        return;
    }
    if paths.is_empty() {
        ui.label("No connection in the current view. Clearing filters may find one.");
        return;
    }
    for (k, path) in paths.iter().enumerate() {
        let hops = path.steps.len();
        ui.add_space(4.0);
        ui.label(
            RichText::new(format!(
                "Path {} ({hops} step{})",
                k + 1,
                if hops == 1 { "" } else { "s" }
            ))
            .strong(),
        );
        for (sentence, ix) in sentences_with_nodes(kg, path) {
            let resp = ui
                .add(egui::Label::new(format!("• {sentence}")).sense(Sense::click()))
                .on_hover_text("Click to select where this step leads");
            if resp.clicked() {
                cmds.push(Command::SelectAndCentre(ix));
            }
        }
    }
    ui.weak("Highlighted on the canvas in violet.");
}
