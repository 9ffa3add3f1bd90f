//! The agreement map's derived edges: between two people who take a side on a same
//! idea, as wide as |agree − disagree|, in the support colour where they agree on
//! balance, the opposition colour where they disagree, neutral where even. Each is
//! hovered and clicked along its length (and has a small widget at its middle, with an
//! accessible name); a click selects it, and the sidebar explains it.

use egui::{Pos2, Rect, Response, Sense, Stroke, Vec2};
use petgraph::stable_graph::NodeIndex;

use super::super::agreement::{AgreementCommand, MapInput};
use super::super::shapes::distance_to_segment;
use super::super::theme;
use super::frame::Frame;
use super::geometry::clip_segment;
use crate::query::stances::AgreementEdge;
use crate::ui::command::Command;

/// How near the pointer must come to a derived edge to hover it, in points.
const HIT_DISTANCE: f32 = 6.0;

/// Up to this many derived edges on screen, each gets a widget: an accessible name,
/// and a click target at its middle.
const MAX_EDGE_WIDGETS: usize = 600;

/// The widest a derived edge is drawn, in points (the largest balance of the view).
const MAX_WIDTH: f32 = 7.0;

/// One derived edge on screen.
struct OnScreen<'m> {
    edge: &'m AgreementEdge,
    a: Pos2,
    b: Pos2,
}

/// Draws the derived edges of the agreement mode, under the nodes; a hover shows what
/// an edge stands for and a click selects it (a click on the background elsewhere
/// leaves it).
pub(super) fn derived_edges_ui(
    ui: &mut egui::Ui,
    painter: &egui::Painter,
    frame: &Frame<'_>,
    bg: &Response,
    cmds: &mut Vec<Command>,
) {
    let Some(map) = frame.input.agreement else {
        return;
    };
    let shown = on_screen(frame, &map);
    let pointer = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| frame.rect().contains(*p) && frame.focus.hovered.is_none());
    let hovered = pointer.and_then(|p| nearest(&shown, p));
    for (i, s) in shown.iter().enumerate() {
        paint(painter, frame, &map, s, hovered == Some(i));
    }
    if shown.len() <= MAX_EDGE_WIDGETS {
        for s in &shown {
            edge_widget_ui(ui, frame, s, cmds);
        }
    }
    if let Some(i) = hovered
        && let Some(s) = shown.get(i)
    {
        let kg = frame.input.kg;
        let tip = bg.clone();
        tip.on_hover_ui_at_pointer(|ui| explain(ui, kg, s.edge));
        if bg.clicked() {
            select(cmds, s.edge);
        }
    } else if bg.clicked() {
        cmds.push(Command::Agreement(AgreementCommand::ClearPair));
    }
}

/// The derived edges with both ends placed, reaching into the canvas.
fn on_screen<'m>(frame: &Frame<'_>, map: &MapInput<'m>) -> Vec<OnScreen<'m>> {
    let (layout, camera) = (frame.input.layout, &frame.camera);
    let clip = frame.edge_clip();
    map.map
        .graph
        .edges
        .iter()
        .filter_map(|edge| {
            let a = camera.screen_from_scene(layout.pos(edge.a)?);
            let b = camera.screen_from_scene(layout.pos(edge.b)?);
            clip_segment(a, b, clip)?;
            Some(OnScreen { edge, a, b })
        })
        .collect()
}

/// The derived edge nearest `p`, within [`HIT_DISTANCE`].
fn nearest(shown: &[OnScreen<'_>], p: Pos2) -> Option<usize> {
    shown
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            Rect::from_two_pos(s.a, s.b)
                .expand(HIT_DISTANCE)
                .contains(p)
        })
        .map(|(i, s)| (i, distance_to_segment(p, s.a, s.b)))
        .filter(|&(_, d)| d <= HIT_DISTANCE)
        .min_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(i, _)| i)
}

/// How wide a derived edge is drawn: by its balance against the view's largest.
pub(super) fn width(edge: &AgreementEdge, max_weight: i64) -> f32 {
    let share = edge.weight().abs() as f32 / max_weight.max(1) as f32;
    1.0 + (MAX_WIDTH - 1.0) * share
}

/// Paints one derived edge: faded outside a focus, brighter hovered, ringed in the
/// selection colour when selected.
fn paint(
    painter: &egui::Painter,
    frame: &Frame<'_>,
    map: &MapInput<'_>,
    s: &OnScreen<'_>,
    hovered: bool,
) {
    let dark = frame.dark();
    let w = width(s.edge, map.map.max_weight);
    let selected = map
        .selected
        .is_some_and(|(a, b)| (s.edge.a, s.edge.b) == (a, b) || (s.edge.a, s.edge.b) == (b, a));
    let touches = |ix: NodeIndex| frame.focus.is_near(ix);
    let bright = hovered
        || selected
        || !frame.focus.is_focused()
        || (touches(s.edge.a) && touches(s.edge.b));
    let alpha = if bright {
        0.85
    } else {
        frame.focus.fade(false)
    };
    if selected || hovered {
        let ring = theme::faded(theme::selection_colour(dark), 0.7);
        painter.line_segment([s.a, s.b], Stroke::new(w + 4.0, ring));
    }
    let colour = theme::faded(theme::agreement_colour(s.edge.weight(), dark), alpha);
    painter.line_segment([s.a, s.b], Stroke::new(w, colour));
}

/// The edge's widget at its middle: an accessible name for screen readers and tests,
/// and a click target.
fn edge_widget_ui(ui: &mut egui::Ui, frame: &Frame<'_>, s: &OnScreen<'_>, cmds: &mut Vec<Command>) {
    let mid = s.a + (s.b - s.a) * 0.5;
    if !frame.rect().contains(mid) {
        return;
    }
    let kg = frame.input.kg;
    let id = egui::Id::unique((
        "ideagraph-agreement-edge",
        s.edge.a.index(),
        s.edge.b.index(),
    ));
    let resp = ui.interact(
        Rect::from_center_size(mid, Vec2::splat(10.0)),
        id,
        Sense::click(),
    );
    let name = format!("Agreement between {}", pair_words(kg, s.edge));
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name.clone()));
    if resp.clicked() {
        select(cmds, s.edge);
    }
    resp.on_hover_ui(|ui| explain(ui, kg, s.edge));
}

/// Selects a derived edge: the graph's selection is cleared so the sidebar explains it.
fn select(cmds: &mut Vec<Command>, e: &AgreementEdge) {
    cmds.push(Command::ClearSelection);
    cmds.push(Command::Agreement(AgreementCommand::SelectPair(e.a, e.b)));
}

/// "Liz Kendall and Alan Milburn".
fn pair_words(kg: &crate::model::KnowledgeGraph, e: &AgreementEdge) -> String {
    let label = |ix| kg.node_at(ix).map_or("?", |n| n.label.as_str());
    format!("{} and {}", label(e.a), label(e.b))
}

/// What a derived edge stands for, in a tooltip.
fn explain(ui: &mut egui::Ui, kg: &crate::model::KnowledgeGraph, e: &AgreementEdge) {
    ui.strong(pair_words(kg, e));
    ui.label(format!(
        "agree on {}, disagree on {} idea{}",
        e.agree,
        e.disagree,
        if e.disagree == 1 { "" } else { "s" }
    ));
    ui.weak("Derived from their stances: an analysis, not a fact in the graph. Click for where they stand.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_grows_with_the_balance_either_way() {
        let e = |agree, disagree| AgreementEdge {
            a: NodeIndex::new(0),
            b: NodeIndex::new(1),
            agree,
            disagree,
        };
        assert_eq!(width(&e(1, 1), 4), 1.0);
        assert_eq!(width(&e(4, 0), 4), MAX_WIDTH);
        assert_eq!(width(&e(0, 4), 4), MAX_WIDTH);
        assert!(width(&e(2, 0), 4) < width(&e(3, 0), 4));
    }
}
