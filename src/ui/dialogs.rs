//! Dialogs: the native file picker (the only place `rfd` is called), a typed-path
//! fallback when no picker can be shown, the error window, About, and the prompts that
//! keep work from being lost (unsaved changes, a file changed on disk, a recovery
//! journal to restore), whose answers the app reads back as an [`Answer`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use super::command::Command;
use crate::io::export::ExportFormat;
use crate::model::KnowledgeGraph;

/// What the file picker gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    /// A file was chosen.
    File(PathBuf),
    /// The user closed the dialog.
    Cancelled,
    /// No dialog could be shown (e.g. no desktop portal).
    Unavailable,
}

/// Whether the native file dialogs may be shown (see [`set_native_dialogs`]).
static NATIVE_DIALOGS: AtomicBool = AtomicBool::new(true);

/// Turns the native file dialogs off (or on again) for this process: every picker then
/// reports [`Picked::Unavailable`] at once, as on a machine with no desktop portal, and
/// the window falls back to typed paths. Tests drive the fallbacks with it, and never
/// block on a real dialog.
pub fn set_native_dialogs(enabled: bool) {
    NATIVE_DIALOGS.store(enabled, Ordering::Relaxed);
}

fn native_dialogs() -> bool {
    NATIVE_DIALOGS.load(Ordering::Relaxed)
}

/// A picker that returns within this time without a file almost surely never showed:
/// nobody cancels a dialog that fast.
const TOO_FAST: Duration = Duration::from_millis(250);

/// The extensions ideagraph opens, as a sentence: ".ron, .json, .graphml, .gexf or .csv".
fn import_list() -> String {
    let exts: Vec<String> = ExportFormat::import_extensions()
        .into_iter()
        .map(|e| format!(".{e}"))
        .collect();
    match exts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => exts.concat(),
    }
}

/// Shows the native open dialog and blocks until it closes. The only call to `rfd`.
pub fn pick_graph_file(start_dir: Option<&Path>) -> Picked {
    if !native_dialogs() {
        return Picked::Unavailable;
    }
    let started = Instant::now();
    let mut dialog = rfd::FileDialog::new()
        .set_title("Open a knowledge graph")
        .add_filter("Graph files", &ExportFormat::import_extensions())
        .add_filter("All files", &["*"]);
    if let Some(dir) = start_dir {
        dialog = dialog.set_directory(dir);
    }
    match dialog.pick_file() {
        Some(p) => Picked::File(p),
        None if started.elapsed() < TOO_FAST => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// Shows the native save dialog for a file with extension `ext`, starting at `current`
/// (its folder and name), and blocks until it closes.
pub fn pick_save_path(title: &str, ext: &str, current: &Path) -> Picked {
    if !native_dialogs() {
        return Picked::Unavailable;
    }
    let started = Instant::now();
    let mut dialog = rfd::FileDialog::new()
        .set_title(title)
        .add_filter(ext, &[ext])
        .add_filter("All files", &["*"]);
    if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    if let Some(name) = current.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    match dialog.save_file() {
        Some(p) => Picked::File(p),
        None if started.elapsed() < TOO_FAST => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// Shows the native open dialog for a file with extension `ext` and blocks until it closes.
pub fn pick_open_path(title: &str, ext: &str) -> Picked {
    if !native_dialogs() {
        return Picked::Unavailable;
    }
    let started = Instant::now();
    let dialog = rfd::FileDialog::new()
        .set_title(title)
        .add_filter(ext, &[ext])
        .add_filter("All files", &["*"]);
    match dialog.pick_file() {
        Some(p) => Picked::File(p),
        None if started.elapsed() < TOO_FAST => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// What the user answered in one of the prompts that keep work from being lost.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Unsaved changes: save them, then go on.
    SaveFirst,
    /// Unsaved changes: drop them and go on.
    DiscardChanges,
    /// Unsaved changes: do nothing.
    CancelAction,
    /// The file changed on disk: reload it (asks to confirm first).
    ReloadFromDisk,
    /// Reloading from disk is confirmed: the edits are dropped.
    ReloadConfirmed,
    /// The file changed on disk: save to another file.
    SaveCopy,
    /// The file changed on disk: save over it all the same.
    Overwrite,
    /// The file changed on disk, or reloading it was not confirmed: do not save.
    CancelSave,
    /// Restore the recovery journal's edits.
    Restore,
    /// Remove the recovery journal.
    DiscardJournal,
    /// Save as, to this typed path.
    SaveAsPath(PathBuf),
    /// Save as was cancelled.
    CancelSaveAs,
}

/// Shows the native folder dialog (File > Sources folder…), starting in `start_dir`,
/// and blocks until it closes.
pub fn pick_folder(title: &str, start_dir: Option<&Path>) -> Picked {
    if !native_dialogs() {
        return Picked::Unavailable;
    }
    let started = Instant::now();
    let mut dialog = rfd::FileDialog::new().set_title(title);
    if let Some(dir) = start_dir.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    match dialog.pick_folder() {
        Some(p) => Picked::File(p),
        None if started.elapsed() < TOO_FAST => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// Shows the native open dialog for a plain-text document (File > Add source…),
/// starting in `start_dir`, and blocks until it closes.
pub fn pick_text_file(start_dir: Option<&Path>) -> Picked {
    if !native_dialogs() {
        return Picked::Unavailable;
    }
    let started = Instant::now();
    let mut dialog = rfd::FileDialog::new()
        .set_title("Add a source: a plain-text document")
        .add_filter("Text", &["txt", "text", "md"])
        .add_filter("All files", &["*"]);
    if let Some(dir) = start_dir.filter(|d| d.is_dir()) {
        dialog = dialog.set_directory(dir);
    }
    match dialog.pick_file() {
        Some(p) => Picked::File(p),
        None if started.elapsed() < TOO_FAST => Picked::Unavailable,
        None => Picked::Cancelled,
    }
}

/// Open windows and their contents.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dialogs {
    /// The message of the last failed load, until dismissed.
    pub error: Option<String>,
    /// Whether About is open.
    pub about_open: bool,
    /// The typed-path fallback, when open: the text typed so far.
    pub path_prompt: Option<String>,
    /// Put the keyboard focus in the path field on the next frame.
    pub focus_prompt: bool,
    /// Save / Discard / Cancel, when open: the question.
    pub unsaved: Option<String>,
    /// The file changed on disk since it was opened or saved, when open: its path.
    pub disk_changed: Option<String>,
    /// Reload from disk, to confirm, when open: the question.
    pub confirm_reload: Option<String>,
    /// The offer to restore a recovery journal, when open: what it holds.
    pub restore: Option<String>,
    /// The typed-path fallback of Save as, when open: the text typed so far.
    pub save_prompt: Option<String>,
    /// What the user answered in a prompt this frame, for the app to act on.
    pub answer: Option<Answer>,
}

impl Dialogs {
    /// Whether any dialog is open (then Esc closes it rather than clearing the selection).
    pub fn any_open(&self) -> bool {
        self.error.is_some() || self.about_open || self.path_prompt.is_some() || self.prompt_open()
    }

    /// Whether one of the prompts that keep work from being lost is open.
    fn prompt_open(&self) -> bool {
        self.unsaved.is_some()
            || self.disk_changed.is_some()
            || self.confirm_reload.is_some()
            || self.restore.is_some()
            || self.save_prompt.is_some()
    }

    /// Closes the topmost dialog. A prompt closed so answers its Cancel; the restore
    /// offer waits for its answer (until then the journal must not be overwritten).
    pub fn close_top(&mut self) {
        if self.error.is_some() {
            self.error = None;
        } else if self.confirm_reload.take().is_some() || self.disk_changed.take().is_some() {
            self.answer = Some(Answer::CancelSave);
        } else if self.unsaved.take().is_some() {
            self.answer = Some(Answer::CancelAction);
        } else if self.save_prompt.take().is_some() {
            self.answer = Some(Answer::CancelSaveAs);
        } else if self.path_prompt.is_some() {
            self.path_prompt = None;
        } else {
            self.about_open = false;
        }
    }
}

/// Draws whichever dialogs are open.
pub fn dialogs_ui(
    ui: &mut Ui,
    dialogs: &mut Dialogs,
    kg: &KnowledgeGraph,
    cmds: &mut Vec<Command>,
) {
    let ctx = ui.ctx().clone();
    let mut dialogs_focus = std::mem::take(&mut dialogs.focus_prompt);
    if let Some(text) = &mut dialogs.path_prompt {
        let mut close = false;
        egui::Window::new("Open a graph file")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(&ctx, |ui| {
                ui.label(format!(
                    "No file dialog could be shown here (no desktop portal?). Type the path of a graph file ({}):",
                    import_list()
                ));
                let label = ui.label("Path");
                let resp = ui
                    .add(egui::TextEdit::singleline(text).desired_width(420.0).hint_text("/path/to/graph.ron"))
                    .labelled_by(label.id);
                if std::mem::take(&mut dialogs_focus) {
                    resp.request_focus();
                }
                let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    if (ui.button("Open").clicked() || enter) && !text.trim().is_empty() {
                        cmds.push(Command::OpenPath(PathBuf::from(text.trim())));
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        if close {
            dialogs.path_prompt = None;
        }
    }
    super::prompts::prompts_ui(&ctx, dialogs, dialogs_focus);
    if let Some(message) = &dialogs.error {
        let mut close = false;
        // One window for every failed open, save and export: each message says which.
        egui::Window::new("That did not work")
            .collapsible(false)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .show(&ctx, |ui| {
                ui.label("The open graph is unchanged, and no file was half-written.");
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .show(ui, |ui| {
                        ui.label(RichText::new(message).monospace());
                    });
                if ui.button("OK").clicked() {
                    close = true;
                }
            });
        if close {
            dialogs.error = None;
        }
    }
    if dialogs.about_open {
        let mut open = true;
        egui::Window::new("About ideagraph")
            .open(&mut open)
            .default_width(520.0)
            .show(&ctx, |ui| about_ui(ui, kg));
        dialogs.about_open = open;
    }
}

fn about_ui(ui: &mut Ui, kg: &KnowledgeGraph) {
    ui.label(RichText::new(format!("ideagraph {}", env!("CARGO_PKG_VERSION"))).strong());
    ui.label(env!("CARGO_PKG_DESCRIPTION"));
    ui.add_space(6.0);
    if !kg.title.is_empty() {
        ui.label(format!("This graph: {}", kg.title));
    }
    ui.label(
        "Every connection is backed by verbatim quotes from the sources below, reproduced \
         for research and commentary. Copyright in the quoted text remains with its \
         authors and publishers.",
    );
    ui.add_space(6.0);
    ui.strong(format!("Sources ({})", kg.sources.len()));
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            let dark = ui.visuals().dark_mode;
            for s in &kg.sources {
                ui.label(super::theme::citation_text(
                    format!("• {}", s.citation()),
                    dark,
                ));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_prompt_names_every_format_that_opens() {
        assert_eq!(import_list(), ".ron, .json, .graphml, .gexf or .csv");
    }
}
