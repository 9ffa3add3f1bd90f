//! The toolbar over the canvas's top left corner: the filter panel, fit, zoom, zoom to
//! the selection, reset the layout, and colour by kind or faction. Every button emits a
//! [`Command`].

use egui::{Ui, UiBuilder};

use super::command::Command;
use super::explore::ExploreCommand;
use crate::query::ColourMode;

/// What the toolbar shows as on or enabled.
pub struct Toolbar {
    /// The filter panel is open.
    pub filters_open: bool,
    /// Something is selected (so "Zoom to selection" can act).
    pub has_selection: bool,
    /// The colour mapping.
    pub colour_by: ColourMode,
}

/// Draws the toolbar at the top left of `rect`.
pub fn toolbar_ui(ui: &mut Ui, rect: egui::Rect, bar: &Toolbar, cmds: &mut Vec<Command>) {
    ui.scope_builder(
        UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::left_to_right(egui::Align::TOP)),
        |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(4.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let filters = ui
                            .selectable_label(bar.filters_open, "Filters")
                            .on_hover_text(
                                "Filters, focus, paths, analysis and comparison (left panel)",
                            );
                        filters.widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::Button,
                                true,
                                "Toggle filter panel",
                            )
                        });
                        if filters.clicked() {
                            cmds.push(Command::Explore(ExploreCommand::ToggleFilterPanel));
                        }
                        if ui
                            .button("Fit")
                            .on_hover_text("Show everything (F)")
                            .clicked()
                        {
                            cmds.push(Command::Fit);
                        }
                        let zin = ui.button("+").on_hover_text("Zoom in (+)");
                        zin.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, "Zoom in")
                        });
                        if zin.clicked() {
                            cmds.push(Command::Zoom(1.25));
                        }
                        let zout = ui.button("−").on_hover_text("Zoom out (−)");
                        zout.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, "Zoom out")
                        });
                        if zout.clicked() {
                            cmds.push(Command::Zoom(0.8));
                        }
                        if ui
                            .add_enabled(bar.has_selection, egui::Button::new("Zoom to selection"))
                            .clicked()
                        {
                            cmds.push(Command::ZoomToSelection);
                        }
                        if ui
                            .button("Reset layout")
                            .on_hover_text("Unpin all and lay out again")
                            .clicked()
                        {
                            cmds.push(Command::ResetLayout);
                        }
                        ui.separator();
                        ui.label("Colour:");
                        let by = bar.colour_by;
                        if ui
                            .selectable_label(by == ColourMode::Kind, "kind")
                            .clicked()
                        {
                            cmds.push(Command::SetColourBy(ColourMode::Kind));
                        }
                        if ui
                            .selectable_label(by == ColourMode::Faction, "faction")
                            .clicked()
                        {
                            cmds.push(Command::SetColourBy(ColourMode::Faction));
                        }
                    });
                });
        },
    );
}
