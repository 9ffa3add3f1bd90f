//! Drawing a new edge on the canvas: Ctrl+drag (Cmd+drag on a Mac) from a node draws a
//! line that follows the pointer; let go over another node and the new-edge dialog
//! opens with both ends chosen, asking for the quote that backs it. Ctrl, because the
//! other drags are taken: a plain drag moves (pins) a node, Shift+drag on the
//! background draws a selection box, and Alt+drag moves the window on many Linux
//! desktops.

use egui::{Pos2, Response, Stroke};

use super::super::command::Command;
use super::super::editor::EditorCommand;
use super::super::theme;
use super::frame::{Frame, Visible};
use super::view::CanvasView;

/// Smallest half-size of a node's target when a link is let go over it, in points.
const DROP_MIN_HALF: f32 = 8.0;

/// Follows a Ctrl+drag that starts on the node `ix` (its response `resp`). Returns
/// whether this drag draws a link, so that it does not also move the node.
pub(super) fn link_drag(
    ui: &egui::Ui,
    cv: &mut CanvasView,
    ix: petgraph::stable_graph::NodeIndex,
    resp: &Response,
) -> bool {
    if resp.drag_started() && ui.input(|i| i.modifiers.command) {
        cv.link_from = Some(ix);
        cv.link_drop = None;
    }
    if cv.link_from != Some(ix) {
        return false;
    }
    if resp.drag_stopped() {
        cv.link_drop = resp
            .interact_pointer_pos()
            .or_else(|| ui.input(|i| i.pointer.latest_pos()));
    }
    true
}

/// When a link was let go this frame, opens the new-edge dialog if it was let go over
/// another node. A link whose drag ended unseen (the node's widget went) is dropped.
pub(super) fn finish_link(
    ui: &egui::Ui,
    visible: &Visible,
    cv: &mut CanvasView,
    cmds: &mut Vec<Command>,
) {
    let Some(from) = cv.link_from else {
        return;
    };
    let Some(at) = cv.link_drop else {
        if !ui.input(|i| i.pointer.any_down()) {
            cv.link_from = None;
        }
        return;
    };
    cv.link_from = None;
    cv.link_drop = None;
    let under = visible
        .drawn
        .iter()
        .filter(|d| {
            let half = d.radius.max(DROP_MIN_HALF);
            (d.pos.x - at.x).abs() <= half && (d.pos.y - at.y).abs() <= half
        })
        .min_by(|a, b| {
            (a.pos - at)
                .length_sq()
                .total_cmp(&(b.pos - at).length_sq())
        });
    if let Some(to) = under.map(|d| d.ix).filter(|&to| to != from) {
        cmds.push(Command::Editor(EditorCommand::NewEdgeBetween(from, to)));
    }
}

/// The line from the node a link is drawn from to the pointer.
pub(super) fn paint_link(
    ui: &egui::Ui,
    painter: &egui::Painter,
    cv: &CanvasView,
    frame: &Frame<'_>,
) {
    let Some(from) = cv.link_from else {
        return;
    };
    let start = frame
        .input
        .layout
        .slot(from)
        .and_then(|slot| frame.visible.spos.get(slot).copied());
    let end: Option<Pos2> = ui.input(|i| i.pointer.latest_pos());
    if let (Some(a), Some(b)) = (start, end) {
        let colour = theme::selection_colour(frame.dark());
        painter.line_segment([a, b], Stroke::new(2.0, colour));
        painter.circle_filled(b, 4.0, colour);
    }
}
