//! Labels in dense areas: the canvas places them by importance (the selection, then its
//! neighbours, then the biggest nodes) wherever they do not overlap one already placed,
//! and always names the nodes chosen with Shift. Driven headless by `egui_kittest` on
//! the bundled graph, around Alan Milburn's fan of 45 links.

use egui::Rect;
use egui_kittest::Harness;
use ideagraph::ui::{App, Command, ExploreCommand};
use petgraph::stable_graph::NodeIndex;

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::harness;

/// Selects a node by id and draws the frames that follow.
fn select(h: &mut Harness<'_, App>, id: &str) -> NodeIndex {
    let ix = h
        .state()
        .graph()
        .index_of(id)
        .expect("in the bundled graph");
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::SelectNode(ix));
    h.run();
    ix
}

/// The distinct neighbours of `ix`, by index.
fn fan(h: &Harness<'_, App>, ix: NodeIndex) -> Vec<NodeIndex> {
    let mut fan: Vec<NodeIndex> = h
        .state()
        .graph()
        .incident(ix)
        .iter()
        .map(|&(_, n, _)| n)
        .collect();
    fan.sort_by_key(|n| n.index());
    fan.dedup();
    fan
}

/// Adds `nodes` to the Shift selection, as Shift+clicks do, and draws the frames that
/// follow.
fn choose_with_shift(h: &mut Harness<'_, App>, nodes: &[NodeIndex]) {
    let ctx = h.ctx.clone();
    for &ix in nodes {
        h.state_mut()
            .apply(&ctx, Command::Explore(ExploreCommand::ToggleMulti(ix)));
    }
    h.run();
}

/// The labels of the last frame, by node.
fn boxes(h: &Harness<'_, App>) -> Vec<(NodeIndex, Rect)> {
    h.state().label_boxes().to_vec()
}

/// Asserts that no two labels overlap.
fn assert_apart(labels: &[(NodeIndex, Rect)], h: &Harness<'_, App>) {
    let name = |ix: NodeIndex| h.state().graph().node_at(ix).map(|n| n.label.clone());
    for (i, (a, ra)) in labels.iter().enumerate() {
        for (b, rb) in &labels[i + 1..] {
            assert!(
                !ra.intersects(*rb),
                "the labels of {:?} and {:?} overlap",
                name(*a),
                name(*b)
            );
        }
    }
}

#[test]
fn the_milburn_fan_is_labelled_without_overlaps_selection_first() {
    let mut h = harness();
    let milburn = select(&mut h, "alan-milburn");
    let labels = boxes(&h);
    assert!(labels.iter().any(|&(ix, _)| ix == milburn), "the selection");
    let neighbours = fan(&h, milburn);
    let named = labels
        .iter()
        .filter(|(ix, _)| neighbours.contains(ix))
        .count();
    assert!(named >= 10, "most of the fan is named: {named}");
    assert_apart(&labels, &h);
    // Importance decides who is named where labels compete: the selection's
    // neighbours go before every other node, so no node beyond the fan is named
    // while a neighbour on screen is left out for want of room near a bigger one.
    let first_other = labels
        .iter()
        .position(|(ix, _)| *ix != milburn && !neighbours.contains(ix));
    let last_neighbour = labels.iter().rposition(|(ix, _)| neighbours.contains(ix));
    if let (Some(other), Some(neighbour)) = (first_other, last_neighbour) {
        assert!(neighbour < other, "the fan is placed before the rest");
    }
}

#[test]
fn nodes_chosen_with_shift_are_always_named() {
    let mut h = harness();
    let milburn = select(&mut h, "alan-milburn");
    // Ten of the fan's smallest members, where labels crowd most (before labels that
    // must be drawn looked further out, these overlapped Milburn's own).
    let mut chosen = fan(&h, milburn);
    let kg = h.state().graph();
    chosen.sort_by_key(|&ix| kg.degree(ix));
    chosen.truncate(10);
    choose_with_shift(&mut h, &chosen);
    let labels = boxes(&h);
    for &ix in &chosen {
        assert!(
            labels.iter().any(|&(l, _)| l == ix),
            "{:?} is named",
            h.state().graph().node_at(ix).map(|n| &n.label)
        );
    }
    // Named apart: a label that must be drawn looks further out before it overlaps.
    assert_apart(&labels, &h);
}

/// A large Shift selection (a box over a dense area) is named where names fit, not
/// piled up: no two labels overlap.
#[test]
fn a_large_shift_selection_is_named_without_a_pile() {
    let mut h = harness();
    let milburn = select(&mut h, "alan-milburn");
    let fan = fan(&h, milburn);
    assert!(fan.len() > 30, "the fan: {}", fan.len());
    choose_with_shift(&mut h, &fan);
    let labels = boxes(&h);
    assert!(labels.len() > 10, "many are still named: {}", labels.len());
    assert_apart(&labels, &h);
}
