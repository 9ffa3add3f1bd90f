//! Box selection and the background's menu: Shift+drag on empty canvas draws a box
//! (instead of panning) and, on release, adds the nodes inside it to the
//! multi-selection; a right-click on empty canvas offers a new node there, the
//! selection's actions and the undo of what was changed by hand.

use std::collections::BTreeSet;

use egui::{Rect, Response, Stroke};
use petgraph::stable_graph::NodeIndex;

use super::super::command::Command;
use super::super::editor::EditorCommand;
use super::super::history::Selection;
use super::super::selection_actions::{
    SelectionCommand, selection_actions_ui, targets, undo_by_hand_ui,
};
use super::super::theme;
use super::frame::Visible;
use super::input::CanvasInput;
use super::view::CanvasView;

/// Starts a box when a drag on the background begins with Shift held, and follows the
/// pointer while it lasts. Returns whether a box is being drawn (the camera then does
/// not pan).
pub(super) fn track_box(ui: &egui::Ui, bg: &Response, cv: &mut CanvasView) -> bool {
    if bg.drag_started() && ui.input(|i| i.modifiers.shift) {
        // From where the button went down: the drag starts only once the pointer moved.
        let from = ui
            .input(|i| i.pointer.press_origin())
            .or(bg.interact_pointer_pos());
        cv.select_box = from.map(|p| (p, p));
    }
    if let Some((_, to)) = &mut cv.select_box
        && let Some(p) = bg.interact_pointer_pos()
    {
        *to = p;
    }
    cv.select_box.is_some()
}

/// When the box is let go, adds the nodes whose centres lie inside it to the
/// multi-selection. A box left behind by a drag that ended elsewhere is dropped.
pub(super) fn finish_box(
    bg: &Response,
    visible: &Visible,
    cv: &mut CanvasView,
    cmds: &mut Vec<Command>,
) {
    let Some((from, to)) = cv.select_box else {
        return;
    };
    if bg.dragged() && !bg.drag_stopped() {
        return;
    }
    cv.select_box = None;
    let inside = nodes_in(visible, Rect::from_two_pos(from, to));
    if !inside.is_empty() {
        cmds.push(Command::Selection(SelectionCommand::AddToMulti(inside)));
    }
}

/// The nodes drawn this frame whose centres lie in `area` (screen points).
fn nodes_in(visible: &Visible, area: Rect) -> BTreeSet<NodeIndex> {
    visible
        .drawn
        .iter()
        .filter(|d| area.contains(d.pos))
        .map(|d| d.ix)
        .collect()
}

/// The box being drawn, over the graph.
pub(super) fn paint_box(painter: &egui::Painter, cv: &CanvasView, dark: bool) {
    let Some((from, to)) = cv.select_box else {
        return;
    };
    let colour = theme::selection_colour(dark);
    let area = Rect::from_two_pos(from, to);
    painter.rect_filled(area, 0.0, colour.gamma_multiply(0.12));
    painter.rect_stroke(
        area,
        0.0,
        Stroke::new(1.0, colour),
        egui::StrokeKind::Inside,
    );
}

/// A right-click on empty canvas: *New node here* (at the scene point clicked), the
/// selection's actions, and the undo of what was changed by hand.
pub(super) fn background_menu(
    bg: &Response,
    input: &CanvasInput<'_>,
    cv: &mut CanvasView,
    cmds: &mut Vec<Command>,
) {
    if bg.secondary_clicked()
        && let Some(p) = bg.interact_pointer_pos()
    {
        cv.menu_at = Some(cv.scene_from_screen(p));
    }
    let selected = input.selection.and_then(Selection::node);
    let exportable = !input.overlay.multi.is_empty();
    let menu_at = cv.menu_at;
    bg.context_menu(|ui| {
        if let Some(at) = menu_at
            && ui
                .button("New node here")
                .on_hover_text("A new node at this place on the map")
                .clicked()
        {
            cmds.push(Command::Editor(EditorCommand::NewNodeAt([at.x, at.y])));
        }
        if !exportable && selected.is_none() && input.by_hand.is_empty() {
            return;
        }
        ui.separator();
        // Gathered only while the menu is open: the selection can be thousands of nodes.
        let chosen = targets(&input.overlay.multi, selected);
        selection_actions_ui(ui, &chosen, exportable, cmds);
        if !chosen.is_empty() && !input.by_hand.is_empty() {
            ui.separator();
        }
        undo_by_hand_ui(ui, input.by_hand, cmds);
    });
}

/// The selection's actions in a node's menu: on the whole multi-selection when the node
/// is in it, else on the node alone.
pub(super) fn node_menu_actions_ui(
    ui: &mut egui::Ui,
    ix: NodeIndex,
    multi: &BTreeSet<NodeIndex>,
    cmds: &mut Vec<Command>,
) {
    ui.separator();
    if multi.contains(&ix) {
        selection_actions_ui(ui, multi, true, cmds);
    } else {
        super::super::selection_actions::node_actions_ui(ui, ix, cmds);
    }
}
