//! Level-of-detail labels: which nodes are named on the canvas and where each name goes.

use egui::{FontId, Pos2, Rect, Vec2, pos2, vec2};
use petgraph::stable_graph::NodeIndex;

use super::super::theme;
use super::frame::{DrawnNode, Frame};

/// Nodes at least this big (scene radius) get a slightly larger label.
const BIG_NODE_RADIUS: f32 = 14.0;

/// Screen area per optional label, in square points: keeps the default view airy.
const AREA_PER_LABEL: f32 = 14_000.0;

/// Up to this many nodes selected with Shift are named whatever the crowd.
const ALWAYS_NAMED_SELECTION: usize = 12;

/// How many rings of places round its node a label that must be drawn tries before it
/// overlaps another.
const MUST_RINGS: usize = 6;

/// How many optional labels, per label of the budget, are tried before giving up.
const LABEL_TRIES_PER_SLOT: usize = 4;

/// Level-of-detail labels: the focus and its neighbours always, then the biggest nodes
/// first wherever a label fits without overlapping one already placed. Zooming in
/// spreads nodes apart, so more labels fit. Returns the nodes labelled, each with its
/// label's box.
pub(super) fn draw_labels(
    ui: &egui::Ui,
    painter: &egui::Painter,
    frame: &Frame<'_>,
) -> Vec<(NodeIndex, Rect)> {
    let (input, canvas) = (frame.input, frame.rect());
    let text_colour = ui.visuals().strong_text_color();
    let halo = theme::canvas_background(input.dark).gamma_multiply(0.8);
    let budget = (canvas.area() / AREA_PER_LABEL).max(8.0) as usize;
    let zoom_boost = frame.camera.zoom.log2().clamp(-1.0, 2.0);
    let mut placed: Vec<Rect> = Vec::new();
    let mut labelled = Vec::new();
    let mut optional = 0;
    // The focus labels go last so they are painted on top.
    let mut deferred = Vec::new();
    for (r0, d) in candidates(frame, budget) {
        let Some(node) = input.kg.node_at(d.ix) else {
            continue;
        };
        let must = r0 == 0;
        if r0 == 2 && optional >= budget {
            break;
        }
        let alpha = frame.focus.fade(frame.focus.is_near(d.ix));
        let galley = painter.layout_no_wrap(
            // One rule for the canvas and the picture exports.
            crate::palette::short_label(&node.label, must),
            FontId::proportional(label_size(zoom_boost, d.scene_radius, must)),
            theme::faded(text_colour, alpha),
        );
        let g = galley.size();
        let rect_at = |top: Pos2| Rect::from_min_size(top, g).expand2(vec2(3.0, 1.0));
        let free = |top: &Pos2| {
            let r = rect_at(*top);
            canvas.contains_rect(r) && !placed.iter().any(|p| p.intersects(r))
        };
        // A label that must be drawn looks further out before it settles for
        // overlapping: a box selected in a dense area names every node in it.
        let spots = spots(d, g, if must { MUST_RINGS } else { 1 });
        let top = match spots.iter().find(|t| free(t)) {
            Some(t) => *t,
            None if must => spots[0],
            None => continue,
        };
        let r = rect_at(top);
        placed.push(r);
        labelled.push((d.ix, r));
        if r0 == 2 {
            optional += 1;
        }
        let entry = (r, top, galley, alpha);
        if r0 < 2 {
            deferred.push(entry);
        } else {
            painter.rect_filled(entry.0, 3.0, theme::faded(halo, entry.3));
            painter.galley(entry.1, entry.2, text_colour);
        }
    }
    // Highest rank painted last, on top.
    for (r, top, galley, alpha) in deferred.into_iter().rev() {
        painter.rect_filled(r, 3.0, theme::faded(halo, alpha.max(0.9)));
        painter.galley(top, galley, text_colour);
    }
    labelled
}

/// The nodes in line for a label, each with its rank (0: always labelled, the focus and
/// a Shift selection of at most [`ALWAYS_NAMED_SELECTION`]; 1: neighbours of the focus
/// and a larger Shift selection, first in line; 2: the rest), by rank, then bigger nodes,
/// then by index for a stable result. Only so many optional ones are kept (for a
/// `budget` of optional labels): the first ones in line.
fn candidates<'f>(frame: &'f Frame<'_>, budget: usize) -> Vec<(u8, &'f DrawnNode)> {
    let focus = &frame.focus;
    let multi = &frame.input.overlay.multi;
    // A few nodes selected with Shift are always named; a box over a dense area
    // selects a hundred, whose names would pile up: they are named where they fit,
    // first in line after the focus.
    let multi_named = multi.len() <= ALWAYS_NAMED_SELECTION;
    let rank = |ix: NodeIndex| {
        if Some(ix) == focus.hovered || Some(ix) == focus.selected_node {
            0
        } else if multi.contains(&ix) {
            if multi_named { 0 } else { 1 }
        } else if focus.is_near(ix) {
            1
        } else {
            2
        }
    };
    let mut order: Vec<(u8, &DrawnNode)> = frame
        .visible
        .drawn
        .iter()
        .map(|d| (rank(d.ix), d))
        .collect();
    let by_rank = |a: &(u8, &DrawnNode), b: &(u8, &DrawnNode)| {
        a.0.cmp(&b.0)
            .then(b.1.scene_radius.total_cmp(&a.1.scene_radius))
            .then(a.1.ix.index().cmp(&b.1.ix.index()))
    };
    let forced = order.iter().filter(|(r, _)| *r < 2).count();
    let keep = forced + budget * LABEL_TRIES_PER_SLOT;
    if order.len() > keep {
        order.select_nth_unstable_by(keep, by_rank);
        order.truncate(keep);
    }
    order.sort_unstable_by(by_rank);
    order
}

/// The font size of a label: larger zoomed in, for big nodes and for the focus.
fn label_size(zoom_boost: f32, scene_radius: f32, must: bool) -> f32 {
    let big = if scene_radius >= BIG_NODE_RADIUS {
        1.0
    } else {
        0.0
    };
    // In half-point steps: every new size is a new set of glyphs to rasterise and lay
    // out, which a smooth zoom would otherwise ask for every frame.
    ((12.0 + zoom_boost + big).clamp(11.0, 15.0) * 2.0).round() / 2.0 + if must { 1.0 } else { 0.0 }
}

/// Where a label of size `g` may go, best first: below the node, else above, right or
/// left; then, for `rings` above 1, the same sides a label's height further out each
/// ring.
fn spots(d: &DrawnNode, g: Vec2, rings: usize) -> Vec<Pos2> {
    let mut out = Vec::with_capacity(4 * rings);
    for ring in 0..rings {
        let gap = d.radius * 1.15 + 2.0 + ring as f32 * (g.y + 2.0);
        out.extend([
            pos2(d.pos.x - g.x / 2.0, d.pos.y + gap),
            pos2(d.pos.x - g.x / 2.0, d.pos.y - gap - g.y),
            pos2(d.pos.x + gap + 2.0, d.pos.y - g.y / 2.0),
            pos2(d.pos.x - gap - 2.0 - g.x, d.pos.y - g.y / 2.0),
        ]);
    }
    out
}
