//! File > Export: format, scope (view, selection, whole graph), PNG scale and the output
//! path (typed, or picked with the native dialog through [`super::dialogs`]); and the
//! typed-path prompt for saving and opening view files.

use std::path::PathBuf;

use egui::Ui;

use super::command::Command;
use super::explore::{Explore, ExploreCommand, ExportScope, ExportState, ViewPrompt};
use crate::io::export::ExportFormat;

fn emit(cmds: &mut Vec<Command>, c: ExploreCommand) {
    cmds.push(Command::Explore(c));
}

/// Draws the export window, the view-path prompt and the last message, whichever are open.
pub fn export_windows_ui(ui: &mut Ui, ex: &mut Explore, num_multi: usize, cmds: &mut Vec<Command>) {
    let ctx = ui.ctx().clone();
    if let Some(st) = &mut ex.export
        && !export_window(&ctx, st, num_multi, cmds)
    {
        ex.export = None;
    }
    if let Some(p) = &mut ex.view_prompt
        && !view_prompt_window(&ctx, p, cmds)
    {
        ex.view_prompt = None;
    }
    if let Some(msg) = &ex.message
        && !message_window(&ctx, msg)
    {
        ex.message = None;
    }
}

/// The export window; false once the user closed it.
fn export_window(
    ctx: &egui::Context,
    st: &mut ExportState,
    num_multi: usize,
    cmds: &mut Vec<Command>,
) -> bool {
    let mut open = true;
    egui::Window::new("Export")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            format_ui(ui, st);
            ui.add_space(4.0);
            scope_ui(ui, &mut st.scope, num_multi);
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let l = ui.label("Export path");
                let resp = ui
                    .add(
                        egui::TextEdit::singleline(&mut st.path)
                            .desired_width(340.0)
                            .hint_text("/path/to/export.json"),
                    )
                    .labelled_by(l.id);
                if std::mem::take(&mut st.focus_path) {
                    resp.request_focus();
                }
                if ui.button("Browse…").clicked() {
                    emit(cmds, ExploreCommand::ExportBrowse);
                }
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!st.path.trim().is_empty(), egui::Button::new("Export"))
                    .clicked()
                {
                    emit(cmds, ExploreCommand::ExportNow);
                }
            });
        });
    open
}

/// The format radio buttons, and the PNG scale.
fn format_ui(ui: &mut Ui, st: &mut ExportState) {
    ui.strong("Format");
    for f in ExportFormat::ALL {
        if ui
            .radio(st.format == f, format!("{} — {}", f.name(), f.help()))
            .clicked()
        {
            st.format = f;
            // Keep the typed path's extension in step with the format.
            let p = PathBuf::from(st.path.trim());
            if !st.path.trim().is_empty() {
                st.path = p.with_extension(f.extension()).display().to_string();
            }
        }
    }
    if st.format == ExportFormat::Png {
        ui.horizontal(|ui| {
            let l = ui.label("Scale");
            ui.add(egui::Slider::new(&mut st.scale, 1.0..=8.0).step_by(0.5))
                .labelled_by(l.id);
        });
    }
}

/// What an export writes: the view, the selection or the whole graph.
fn scope_ui(ui: &mut Ui, scope: &mut ExportScope, num_multi: usize) {
    ui.strong("What");
    ui.radio_value(
        scope,
        ExportScope::View,
        "Current view (what the canvas shows)",
    );
    ui.radio_value(
        scope,
        ExportScope::Selection,
        format!("Current selection ({num_multi} Shift+clicked, or the selected node)"),
    );
    ui.radio_value(scope, ExportScope::Whole, "Whole graph");
}

/// The typed-path prompt for a view file; false once it is done or cancelled.
fn view_prompt_window(ctx: &egui::Context, p: &mut ViewPrompt, cmds: &mut Vec<Command>) -> bool {
    let mut close = false;
    let title = if p.save { "Save view" } else { "Open view" };
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.label("No file dialog could be shown here. Type the path of the view file (.ron):");
            let l = ui.label("View path");
            let resp = ui
                .add(egui::TextEdit::singleline(&mut p.text).desired_width(420.0))
                .labelled_by(l.id);
            if std::mem::take(&mut p.focus) {
                resp.request_focus();
            }
            let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                let go = if p.save { "Save" } else { "Open" };
                if (ui.button(go).clicked() || enter) && !p.text.trim().is_empty() {
                    let path = PathBuf::from(p.text.trim());
                    emit(
                        cmds,
                        if p.save {
                            ExploreCommand::SaveView(path)
                        } else {
                            ExploreCommand::OpenView(path)
                        },
                    );
                    close = true;
                }
                if ui.button("Cancel").clicked() {
                    close = true;
                }
            });
        });
    !close
}

/// A short report (an export written, a field that could not be read); false once
/// dismissed.
fn message_window(ctx: &egui::Context, msg: &str) -> bool {
    let mut close = false;
    egui::Window::new("ideagraph")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_BOTTOM, [0.0, -40.0])
        .show(ctx, |ui| {
            ui.label(msg);
            if ui.button("OK").clicked() {
                close = true;
            }
        });
    !close
}
