//! Level-of-detail labels: which nodes are named on the canvas and where each name goes.

use std::collections::HashSet;

use egui::{FontId, Pos2, Rect, pos2, vec2};
use petgraph::stable_graph::NodeIndex;

use super::super::theme;
use super::{
    AREA_PER_LABEL, BIG_NODE_RADIUS, CanvasInput, CanvasView, DrawnNode, LABEL_TRIES_PER_SLOT,
    SHORT_LABEL_CHARS,
};

/// Level-of-detail labels: the focus and its neighbours always, then the biggest nodes
/// first wherever a label fits without overlapping one already placed. Zooming in
/// spreads nodes apart, so more labels fit.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_labels(
    ui: &egui::Ui,
    painter: &egui::Painter,
    input: &CanvasInput<'_>,
    cv: &CanvasView,
    drawn: &[DrawnNode],
    near: &HashSet<NodeIndex>,
    hovered: Option<NodeIndex>,
    selected: Option<NodeIndex>,
    fade: impl Fn(bool) -> f32,
) -> Vec<NodeIndex> {
    let text_colour = ui.visuals().strong_text_color();
    let halo = theme::canvas_background(input.dark).gamma_multiply(0.8);
    // 0: always labelled; 1: neighbours of the focus, first in line; 2: the rest.
    let rank = |ix: NodeIndex| {
        if Some(ix) == hovered || Some(ix) == selected {
            0
        } else if near.contains(&ix) {
            1
        } else {
            2
        }
    };
    // By rank, then bigger nodes, then by index for a stable result.
    let mut order: Vec<(u8, &DrawnNode)> = drawn.iter().map(|d| (rank(d.ix), d)).collect();
    let by_rank = |a: &(u8, &DrawnNode), b: &(u8, &DrawnNode)| {
        a.0.cmp(&b.0)
            .then(b.1.scene_radius.total_cmp(&a.1.scene_radius))
            .then(a.1.ix.index().cmp(&b.1.ix.index()))
    };
    let budget = (cv.rect.area() / AREA_PER_LABEL).max(8.0) as usize;
    // Only so many optional candidates are tried: the first ones in line.
    let forced = order.iter().filter(|(r, _)| *r < 2).count();
    let keep = forced + budget * LABEL_TRIES_PER_SLOT;
    if order.len() > keep {
        order.select_nth_unstable_by(keep, by_rank);
        order.truncate(keep);
    }
    order.sort_unstable_by(by_rank);
    let zoom_boost = cv.zoom.log2().clamp(-1.0, 2.0);
    let mut placed: Vec<Rect> = Vec::new();
    let mut labelled = Vec::new();
    let mut optional = 0;
    // The focus labels go last so they are painted on top.
    let mut deferred = Vec::new();
    for (r0, d) in order {
        let Some(node) = input.kg.node_at(d.ix) else {
            continue;
        };
        let must = r0 == 0;
        if r0 == 2 && optional >= budget {
            break;
        }
        let text: String = if must || node.label.chars().count() <= SHORT_LABEL_CHARS {
            node.label.clone()
        } else {
            let cut: String = node.label.chars().take(SHORT_LABEL_CHARS - 1).collect();
            format!("{}…", cut.trim_end())
        };
        let big = if d.scene_radius >= BIG_NODE_RADIUS {
            1.0
        } else {
            0.0
        };
        // In half-point steps: every new size is a new set of glyphs to rasterise and
        // lay out, which a smooth zoom would otherwise ask for every frame.
        let size = ((12.0 + zoom_boost + big).clamp(11.0, 15.0) * 2.0).round() / 2.0
            + if must { 1.0 } else { 0.0 };
        let alpha = fade(near.contains(&d.ix));
        let galley = painter.layout_no_wrap(
            text,
            FontId::proportional(size),
            theme::faded(text_colour, alpha),
        );
        let g = galley.size();
        let gap = d.radius * 1.15 + 2.0;
        // Below the node, else above, right or left: the first spot that is free.
        let spots = [
            pos2(d.pos.x - g.x / 2.0, d.pos.y + gap),
            pos2(d.pos.x - g.x / 2.0, d.pos.y - gap - g.y),
            pos2(d.pos.x + gap + 2.0, d.pos.y - g.y / 2.0),
            pos2(d.pos.x - gap - 2.0 - g.x, d.pos.y - g.y / 2.0),
        ];
        let rect_at = |top: Pos2| Rect::from_min_size(top, g).expand2(vec2(3.0, 1.0));
        let free = |top: &Pos2| {
            let r = rect_at(*top);
            cv.rect.contains_rect(r) && !placed.iter().any(|p| p.intersects(r))
        };
        let top = match spots.iter().find(|t| free(t)) {
            Some(t) => *t,
            None if must => spots[0],
            None => continue,
        };
        let r = rect_at(top);
        placed.push(r);
        labelled.push(d.ix);
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
