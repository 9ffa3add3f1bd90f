//! File > Export: format, scope (view, selection, whole graph), PNG scale and the output
//! path (typed, or picked with the native dialog through [`super::dialogs`]); and the
//! typed-path prompt for saving and opening view files.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

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
            if let Some(note) = &st.note {
                ui.label(note);
            }
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

/// What the export window says when Browse… can show no file dialog.
pub const NO_DIALOG_NOTE: &str =
    "No file dialog could be shown here (no desktop portal?): type the path in the field above.";

/// Where an export goes when none was used before: the user's documents folder, else
/// their home folder (not the working directory, which for a desktop launch is anywhere).
pub fn default_export_dir() -> Option<PathBuf> {
    let env = |k: &str| std::env::var_os(k);
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    documents_dir(&env, &read, &|p: &Path| p.is_dir())
}

/// The documents folder as XDG says (`$XDG_DOCUMENTS_DIR`, or its line in
/// `user-dirs.dirs`), else `~/Documents` when it exists, else home. The environment,
/// files and folders are passed in, so tests can stand in for a machine.
fn documents_dir(
    env: &dyn Fn(&str) -> Option<OsString>,
    read: &dyn Fn(&Path) -> Option<String>,
    is_dir: &dyn Fn(&Path) -> bool,
) -> Option<PathBuf> {
    let home = env("HOME")
        .or_else(|| env("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    let from_env = env("XDG_DOCUMENTS_DIR").map(PathBuf::from);
    let config = env("XDG_CONFIG_HOME")
        .filter(|c| !c.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    let from_file = config
        .and_then(|c| read(&c.join("user-dirs.dirs")))
        .and_then(|text| user_dirs_documents(&text, home.as_deref()));
    let documents = home.as_ref().map(|h| h.join("Documents"));
    [from_env, from_file, documents]
        .into_iter()
        .flatten()
        .find(|d| d.is_absolute() && is_dir(d))
        .or(home)
}

/// The `XDG_DOCUMENTS_DIR="$HOME/…"` line of a `user-dirs.dirs` file, `$HOME` expanded.
fn user_dirs_documents(text: &str, home: Option<&Path>) -> Option<PathBuf> {
    let line = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("XDG_DOCUMENTS_DIR="))?;
    let value = line.trim().trim_matches('"');
    match value.strip_prefix("$HOME") {
        Some(rest) => Some(home?.join(rest.trim_start_matches('/'))),
        None => Some(PathBuf::from(value)),
    }
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
        format!("Current selection ({num_multi} selected with Shift, or the selected node)"),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A machine with these environment variables, files and folders.
    fn machine(vars: &[(&str, &str)], files: &[(&str, &str)], dirs: &[&str]) -> Option<PathBuf> {
        let env = |k: &str| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| OsString::from(v))
        };
        let read = |p: &Path| {
            files
                .iter()
                .find(|(name, _)| Path::new(name) == p)
                .map(|(_, t)| (*t).to_owned())
        };
        let is_dir = |p: &Path| dirs.iter().any(|d| Path::new(d) == p);
        documents_dir(&env, &read, &is_dir)
    }

    #[test]
    fn exports_default_to_the_documents_folder_else_home() {
        let home = [("HOME", "/home/ada")];
        assert_eq!(
            machine(&home, &[], &["/home/ada/Documents"]),
            Some(PathBuf::from("/home/ada/Documents"))
        );
        assert_eq!(machine(&home, &[], &[]), Some(PathBuf::from("/home/ada")));
        let dirs_file = [(
            "/home/ada/.config/user-dirs.dirs",
            "# comment\nXDG_DOCUMENTS_DIR=\"$HOME/Dokumente\"\n",
        )];
        assert_eq!(
            machine(
                &home,
                &dirs_file,
                &["/home/ada/Dokumente", "/home/ada/Documents"]
            ),
            Some(PathBuf::from("/home/ada/Dokumente"))
        );
        let env = [("HOME", "/home/ada"), ("XDG_DOCUMENTS_DIR", "/data/docs")];
        assert_eq!(
            machine(&env, &[], &["/data/docs"]),
            Some(PathBuf::from("/data/docs"))
        );
        assert_eq!(machine(&[], &[], &[]), None);
    }
}
