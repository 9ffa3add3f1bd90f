//! What the canvas draws besides the view's nodes, edges and labels: the excluded
//! nodes faded where they were, a highlighted path, and the layout's progress.

use egui::{FontId, Rect, Stroke, pos2, vec2};
use petgraph::stable_graph::NodeIndex;

use super::super::layout_state::node_radius;
use super::super::shapes::paint_node;
use super::super::theme;
use super::frame::Frame;

/// Excluded nodes and edges, faded, where they were (fade mode); drawn first, under
/// everything.
pub(super) fn ghosts_ui(ui: &egui::Ui, painter: &egui::Painter, frame: &Frame<'_>) {
    if frame.input.agreement.is_some() {
        // The agreement map shows people only, not what the filters leave out.
        return;
    }
    let (input, camera, visible) = (frame.input, &frame.camera, frame.visible.rect);
    let ghost_line = theme::faded(ui.visuals().weak_text_color(), 0.18);
    for (a, b) in &input.overlay.ghost_edges {
        let (sa, sb) = (camera.screen_from_scene(*a), camera.screen_from_scene(*b));
        if visible.intersects(Rect::from_two_pos(sa, sb)) {
            painter.line_segment([sa, sb], Stroke::new(0.8, ghost_line));
        }
    }
    for &(ix, p) in &input.overlay.ghosts {
        let Some(node) = input.kg.node_at(ix) else {
            continue;
        };
        let pos = camera.screen_from_scene(p);
        if !visible.contains(pos) {
            continue;
        }
        // The radius it had when it was laid out, if larger than the layout's now.
        let scene_radius = input
            .layout
            .radius(ix)
            .max(node_radius(input.kg.degree(ix)));
        let radius = camera.screen_radius(scene_radius);
        let fill = theme::faded(
            input
                .encoding
                .node_colour(node, input.colour_by, input.dark),
            0.15,
        );
        paint_node(painter, node.kind, pos, radius, fill, Stroke::NONE);
    }
}

/// Paths between A and B: thick and violet, under the nodes.
pub(super) fn path_ui(painter: &egui::Painter, frame: &Frame<'_>) {
    if frame.input.agreement.is_some() {
        // A path runs along the graph's edges, which the agreement map does not draw.
        return;
    }
    let input = frame.input;
    let screen_pos = |ix: NodeIndex| {
        input
            .layout
            .pos(ix)
            .map(|p| frame.camera.screen_from_scene(p))
    };
    let path_colour = theme::path_colour(input.dark);
    for &e in &input.overlay.path_edges {
        if let Some((a, b)) = input.kg.endpoints(e)
            && let (Some(pa), Some(pb)) = (screen_pos(a), screen_pos(b))
        {
            painter.line_segment([pa, pb], Stroke::new(5.0, path_colour.gamma_multiply(0.85)));
        }
    }
}

/// While a new view is filtered off the UI thread, for how long; else, while the layout
/// settles, how far it has come: a note (with a bar for the layout) at the bottom of the
/// canvas.
pub(super) fn progress_ui(ui: &egui::Ui, painter: &egui::Painter, frame: &Frame<'_>) {
    let layout = frame.input.layout;
    let (text, done) = match frame.input.filtering {
        Some(t) => {
            // The timer counts on screen: a frame every tenth of a second meanwhile.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
            (format!("Filtering… {:.1} s", t.as_secs_f32()), None)
        }
        // The edges of a large view come a second or two after its nodes.
        None if frame.edges_pending => ("Drawing the edges…".to_owned(), None),
        None if layout.is_settled() => return,
        // Paused by the user: say so, or the map looks stuck mid-layout.
        None if !frame.input.layout_moving => {
            let pct = (layout.progress() * 100.0).round();
            (
                format!("Layout paused at {pct:.0}%"),
                Some(layout.progress()),
            )
        }
        None => {
            let pct = (layout.progress() * 100.0).round();
            (format!("Laying out… {pct:.0}%"), Some(layout.progress()))
        }
    };
    let (rect, dark) = (frame.rect(), frame.dark());
    let galley =
        painter.layout_no_wrap(text, FontId::proportional(12.0), ui.visuals().text_color());
    let top = pos2(
        rect.center().x - galley.size().x / 2.0,
        rect.bottom() - galley.size().y - 14.0,
    );
    let bar = Rect::from_min_size(top, galley.size()).expand2(vec2(8.0, 4.0));
    painter.rect_filled(bar, 4.0, theme::canvas_background(dark).gamma_multiply(0.9));
    if let Some(progress) = done {
        let done = Rect::from_min_max(
            pos2(bar.left(), bar.bottom() - 2.0),
            pos2(bar.left() + bar.width() * progress, bar.bottom()),
        );
        painter.rect_filled(done, 1.0, theme::selection_colour(dark));
    }
    painter.galley(top, galley, ui.visuals().text_color());
}
