//! The agreement mode's bar over the canvas's top right corner: what the map shows,
//! that it is an analysis, the inherit toggle, *Export CSV…* and *Leave*.

use egui::{Rect, Ui};

use super::{AgreementCommand, AgreementUi};
use crate::ui::command::Command;

/// Draws the bar in the top right corner of `inner`, in the agreement mode; returns
/// the rect it covers (the camera fits the graph clear of it).
pub fn map_bar_ui(ui: &mut Ui, inner: Rect, ag: &AgreementUi, cmds: &mut Vec<Command>) -> Rect {
    egui::Area::new(egui::Id::unique("ideagraph-agreement-bar"))
        .fixed_pos(inner.right_top())
        .pivot(egui::Align2::RIGHT_TOP)
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style())
                .inner_margin(6.0)
                .show(ui, |ui| bar_body_ui(ui, ag, cmds));
        })
        .response
        .rect
}

fn bar_body_ui(ui: &mut Ui, ag: &AgreementUi, cmds: &mut Vec<Command>) {
    let emit = |cmds: &mut Vec<Command>, c| cmds.push(Command::Agreement(c));
    ui.horizontal(|ui| {
        ui.strong("Agreement map");
        match ag.map() {
            Some(m) => {
                ui.weak(format!(
                    "{} people, {} derived edges",
                    m.people.len(),
                    m.graph.edges.len()
                ));
            }
            None => {
                ui.weak("no map yet");
            }
        }
        if let Some(t) = ag.map_running() {
            ui.spinner();
            ui.weak(format!("{:.1} s", t.as_secs_f32()));
        }
    });
    ui.horizontal(|ui| {
        let mut inherit = ag.inherit;
        if ui
            .checkbox(&mut inherit, "Texts they wrote")
            .on_hover_text("Count the stances of the texts a person wrote as theirs")
            .changed()
        {
            emit(cmds, AgreementCommand::SetInherit(inherit));
        }
        let export = ui
            .add_enabled(ag.fresh_map().is_some(), egui::Button::new("Export CSV…"))
            .on_hover_text(
                "The derived edges as a table (source, target, agree, disagree, weight, sign)",
            );
        if export.clicked() {
            emit(cmds, AgreementCommand::Export);
        }
        if ui
            .button("Leave")
            .on_hover_text("Back to the graph, every node where it was")
            .clicked()
        {
            emit(cmds, AgreementCommand::SetMap(false));
        }
    });
}
