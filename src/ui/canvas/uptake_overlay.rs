//! In the timeline layout, a selected concept's first appearance and uptake: a star
//! over the node that first voiced it (the other end of its earliest dated edge, or the
//! concept itself when its own date is earliest), and a path along the axis from there
//! through each dated step of who took it up, in date order, each stop at its date on
//! its node's row, so the idea's travel reads left to right. Only what the view shows
//! is drawn; nothing in the force layout.

use std::f32::consts::{FRAC_PI_2, TAU};

use egui::{Pos2, Shape, Stroke, pos2, vec2};
use petgraph::stable_graph::NodeIndex;

use super::super::history::Selection;
use super::super::theme;
use super::frame::Frame;
use crate::model::{Kind, PartialDate};
use crate::query::uptake::{Origin, Uptake, uptake_in};

/// The star's outer radius, in points.
const STAR_R: f32 = 9.0;

/// A point of the path: a node, and the date it took the idea up (or first voiced it).
type Stop = (NodeIndex, Option<PartialDate>);

/// Draws the selected concept's first appearance and uptake, over the nodes. The
/// chain is a handful of steps (one per neighbour in the view), found each frame at no
/// noticeable cost.
pub(super) fn uptake_ui(painter: &egui::Painter, frame: &Frame<'_>) {
    let input = frame.input;
    if input.agreement.is_some() {
        // The agreement map draws people only: an idea's uptake has no place there.
        return;
    }
    let Some(timeline) = input.layout.timeline() else {
        return;
    };
    let Some(Selection::Node(concept)) = input.selection else {
        return;
    };
    if input.kg.node_at(concept).map(|n| n.kind) != Some(Kind::Concept) {
        return;
    }
    let Some(u) = uptake_in(input.kg, input.view, concept) else {
        return;
    };
    let colour = theme::uptake_colour(frame.dark());
    let stops = stops(frame, &u);
    // Each stop at its date on the axis, on its node's row; a node drawn elsewhere
    // (an undated node across its span) is tied to it by a thin line.
    let placed: Vec<(Pos2, Pos2, f32)> = stops
        .iter()
        .filter_map(|&(ix, date)| {
            let (node, r) = screen(frame, ix)?;
            let x = date
                .and_then(|d| timeline.x_of(&d))
                .map_or(node.x, |x| frame.camera.screen_from_scene(pos2(x, 0.0)).x);
            Some((pos2(x, node.y), node, r))
        })
        .collect();
    let points: Vec<Pos2> = placed.iter().map(|&(p, _, _)| p).collect();
    if points.len() > 1 {
        painter.add(Shape::line(
            points.clone(),
            Stroke::new(4.0, theme::faded(colour, 0.7)),
        ));
        for w in points.windows(2) {
            if let [a, b] = w {
                arrow_head(painter, *a, *b, colour);
            }
        }
    }
    for (i, &(p, node, r)) in placed.iter().enumerate() {
        if (p - node).length() > r + 2.0 {
            painter.line_segment([p, node], Stroke::new(1.0, colour));
        }
        if i == 0 {
            painter.circle_stroke(node, r + 4.0, Stroke::new(2.5, colour));
            // Beside the node, where its label (drawn later, below it) leaves room.
            let beside = node + vec2(-(r + 6.0 + STAR_R), 0.0);
            star(painter, beside, colour, frame.dark());
        } else {
            painter.circle_stroke(node, r + 3.0, Stroke::new(2.0, colour));
        }
        painter.circle_filled(p, 3.5, colour);
    }
}

/// The first appearance (the node that first voiced the idea, at its date), then each
/// dated step in date order, each node once.
fn stops(frame: &Frame<'_>, u: &Uptake) -> Vec<Stop> {
    let mut out: Vec<Stop> = Vec::new();
    if let Some(f) = &u.first {
        let node = match f.origin {
            Origin::Node => Some(u.concept),
            Origin::Edge(e) => frame
                .input
                .kg
                .endpoints(e)
                .map(|(a, b)| if a == u.concept { b } else { a }),
        };
        out.extend(node.map(|ix| (ix, Some(f.date.date))));
    }
    for s in &u.chain {
        let Some(d) = &s.date else {
            continue;
        };
        if !out.iter().any(|&(ix, _)| ix == s.node) {
            out.push((s.node, Some(d.date)));
        }
    }
    out
}

/// A node's centre on screen and its radius (0 when it is off screen).
fn screen(frame: &Frame<'_>, ix: NodeIndex) -> Option<(Pos2, f32)> {
    let slot = frame.input.layout.slot(ix)?;
    match frame.visible.drawn_at(slot) {
        Some(d) => Some((d.pos, d.radius)),
        None => frame.visible.spos.get(slot).map(|&p| (p, 0.0)),
    }
}

/// A small arrowhead half way from `a` to `b`, pointing at `b`.
fn arrow_head(painter: &egui::Painter, a: Pos2, b: Pos2, colour: egui::Color32) {
    let d = b - a;
    let len = d.length();
    if len < 24.0 {
        return;
    }
    let dir = d / len;
    let normal = vec2(-dir.y, dir.x);
    let tip = a + d * 0.5 + dir * 5.0;
    let back = tip - dir * 10.0;
    let points = vec![tip, back + normal * 5.0, back - normal * 5.0];
    painter.add(Shape::convex_polygon(points, colour, Stroke::NONE));
}

/// A five-pointed star centred at `c`: a pentagon with a triangle on each side (each
/// convex, as egui fills only convex shapes), outlined against the canvas.
fn star(painter: &egui::Painter, c: Pos2, colour: egui::Color32, dark: bool) {
    let at = |k: usize, r: f32| {
        let a = -FRAC_PI_2 + TAU * k as f32 / 10.0;
        pos2(c.x + r * a.cos(), c.y + r * a.sin())
    };
    let inner_r = STAR_R * 0.42;
    let outline: Vec<Pos2> = (0..10)
        .map(|k| at(k, if k % 2 == 0 { STAR_R } else { inner_r }))
        .collect();
    let pentagon: Vec<Pos2> = (0..5).map(|k| at(2 * k + 1, inner_r)).collect();
    painter.add(Shape::convex_polygon(pentagon, colour, Stroke::NONE));
    for k in 0..5 {
        let tip = at(2 * k, STAR_R);
        let (l, r) = (at((2 * k + 9) % 10, inner_r), at(2 * k + 1, inner_r));
        painter.add(Shape::convex_polygon(vec![tip, r, l], colour, Stroke::NONE));
    }
    let edge = Stroke::new(1.0, theme::node_outline(dark));
    painter.add(Shape::closed_line(outline, edge));
}
