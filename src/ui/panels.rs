//! Side panels that keep the width they were given. An egui panel grows to hold
//! whatever its content asks for and remembers that width as the user's: a row that
//! cannot wrap (a long label, a slider beside a checkbox, a wide table) made a panel
//! jump wider by itself, and the canvas narrower. Here the content gets exactly the
//! panel's room and the panel is told it used exactly that, so only the user's drag on
//! its edge changes its width.

use egui::{Ui, UiBuilder};

/// Lays `add_contents` out in the room `ui` offers and reports exactly that room as
/// used, whatever the content asked for: what does not fit is clipped by the panel
/// rather than widening it.
pub fn fixed_width_ui<R>(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    let room = ui.max_rect();
    // A child's size reaches its parent only through the cursor, which is advanced
    // by the room alone.
    let mut child = ui.new_child(UiBuilder::new().max_rect(room).layout(*ui.layout()));
    let inner = add_contents(&mut child);
    ui.advance_cursor_after_rect(room);
    inner
}

/// `add_contents` as [`fixed_width_ui`] lays it out: what a panel's `show` takes.
pub fn fixed_width<R>(add_contents: impl FnOnce(&mut Ui) -> R) -> impl FnOnce(&mut Ui) -> R {
    move |ui| fixed_width_ui(ui, add_contents)
}
