//! What floats over the canvas: the toolbar in its top left corner (the filter panel,
//! fit, zoom, zoom to the selection, pause and reset the layout, colour by kind or
//! faction), and, when the filters leave nothing, a note in its middle saying which
//! filters and how to clear them. Every button emits a [`Command`].

use egui::{Ui, UiBuilder};

use super::command::Command;
use super::explore::{ExploreCommand, chips};
use crate::model::KnowledgeGraph;
use crate::query::{ColourMode, ViewSpec};

/// What the toolbar shows as on or enabled.
pub struct Toolbar {
    /// The filter panel is open.
    pub filters_open: bool,
    /// Something is selected (so "Zoom to selection" can act).
    pub has_selection: bool,
    /// The colour mapping.
    pub colour_by: ColourMode,
    /// The layout is paused.
    pub layout_paused: bool,
}

/// Draws the toolbar at the top left of `rect`; returns the rect it covers.
pub fn toolbar_ui(
    ui: &mut Ui,
    rect: egui::Rect,
    bar: &Toolbar,
    cmds: &mut Vec<Command>,
) -> egui::Rect {
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
                        let (pause, why) = if bar.layout_paused {
                            ("Resume layout", "Let the layout move again")
                        } else {
                            (
                                "Pause layout",
                                "Hold every node where it is (a large map takes minutes to settle)",
                            )
                        };
                        if ui.button(pause).on_hover_text(why).clicked() {
                            cmds.push(Command::SetLayoutPaused(!bar.layout_paused));
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
                })
                .response
                .rect
        },
    )
    .inner
}

/// Says in the middle of an empty canvas that no node matches, which filters are on,
/// and offers to clear them.
pub fn empty_view_ui(
    ui: &mut Ui,
    rect: egui::Rect,
    kg: &KnowledgeGraph,
    spec: &ViewSpec,
    cmds: &mut Vec<Command>,
) {
    let mut why: Vec<String> = chips(kg, &spec.filter)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    if let Some((a, b)) = spec.compare {
        why.push(format!("Comparing {}–{} with {}–{}", a.0, a.1, b.0, b.1));
    }
    why.extend(spec.by_hand.words());
    egui::Area::new(egui::Id::unique("ideagraph-empty-view"))
        .fixed_pos(rect.center())
        .pivot(egui::Align2::CENTER_CENTER)
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(12.0)
                .show(ui, |ui| {
                    ui.set_max_width(420.0);
                    ui.label(egui::RichText::new("No nodes match").strong().size(16.0));
                    if !why.is_empty() {
                        ui.label(why.join(" · "));
                    }
                    if ui.button("Clear filters").clicked() {
                        cmds.push(Command::Explore(ExploreCommand::ClearFilters));
                    }
                });
        });
}
