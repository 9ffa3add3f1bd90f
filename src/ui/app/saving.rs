//! Saving without losing work: Save in place and Save as (written off the UI thread by
//! [`crate::io::save::save_document`], atomic, keeping `NAME.ron.bak`), the title that shows
//! unsaved changes, *Save / Discard / Cancel* before anything that would drop them
//! (opening another graph, closing the window), and the warning when the file changed
//! on disk since it was opened or saved. A child of `app` so it can reach the app's state.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use super::App;
use crate::io::save::{FileStamp, save_document};
use crate::model::{Document, KnowledgeGraph};
use crate::ui::dialogs::{Answer, Picked, pick_save_path};

/// What waits on the unsaved changes being saved or discarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Then {
    /// Open this graph file.
    Open(PathBuf),
    /// Open the bundled graph.
    OpenBundled,
    /// Close the window.
    Quit,
}

/// How a save ended, as the thread that wrote it reports.
#[derive(Debug)]
enum Outcome {
    /// Written: what the file holds now.
    Saved(FileStamp),
    /// Not written: the file is no longer what was opened or last saved.
    ChangedOnDisk,
    /// Not written, for this reason (the old file is untouched).
    Failed(String),
}

/// A save under way on its own thread.
#[derive(Debug)]
struct SaveJob {
    /// Where it writes.
    to: PathBuf,
    /// The undo state of the document it writes (see `UndoStack::state`).
    state: u64,
    rx: Receiver<Outcome>,
}

/// Saving's part of the app's state.
#[derive(Debug, Default)]
pub(super) struct Saving {
    /// What the file held when it was opened or last saved, if it could be read.
    pub(super) stamp: Option<FileStamp>,
    job: Option<SaveJob>,
    /// What runs once the unsaved changes are saved (or discarded).
    then: Option<Then>,
    /// The window title last sent, so it is sent only when it changes.
    pub(super) title: Option<String>,
    /// The user answered Discard (or saved) before closing: the next close goes ahead.
    quit_confirmed: bool,
}

impl Saving {
    /// What carries over to the next graph opened: the title last sent.
    pub(super) fn carried(&self) -> Self {
        Self {
            title: self.title.clone(),
            ..Self::default()
        }
    }
}

/// Whether a graph is saved in place at `path`: only RON files are; a graph opened
/// from another format is saved as a new `.ron` file, never over its JSON or GraphML.
fn saves_in_place(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

/// `path` with `.ron` added when it has no extension.
fn with_ron_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("ron")
    }
}

impl App {
    /// Whether the graph differs from the file it was last saved to (or opened from).
    pub fn is_dirty(&self) -> bool {
        self.undo.is_dirty() || self.kg.revision() != self.recorded_revision
    }

    /// The window's title: the file shown (or "ideagraph" for the bundled graph), and
    /// a `•` while there are unsaved changes.
    pub fn title(&self) -> String {
        let base = match &self.path {
            Some(p) => format!("ideagraph — {}", p.display()),
            None => "ideagraph".to_owned(),
        };
        if self.is_dirty() {
            format!("{base} •")
        } else {
            base
        }
    }

    /// Whether a save is being written.
    pub fn is_saving(&self) -> bool {
        self.saving.job.is_some()
    }

    /// Waits for a save being written and takes in how it ended (tests; the window
    /// polls each frame instead).
    pub fn wait_for_save(&mut self, ctx: &egui::Context) {
        let Some(job) = self.saving.job.take() else {
            return;
        };
        let out = job
            .rx
            .recv()
            .unwrap_or_else(|_| Outcome::Failed("the saving thread stopped".to_owned()));
        self.finish_save(ctx, job, out);
    }

    /// Sends the title when it changed.
    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = self.title();
        if self.saving.title.as_ref() != Some(&title) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.saving.title = Some(title);
        }
    }

    /// `Command::Save`: in place, unless the graph has no file of ours yet (the bundled
    /// graph, or one imported from another format), when it is Save as.
    pub(super) fn save(&mut self, ctx: &egui::Context) {
        match self.path.clone() {
            Some(p) if saves_in_place(&p) => self.start_save(ctx, p, true),
            _ => self.save_as(ctx),
        }
    }

    /// `Command::SaveAs`: asks where (the native dialog, else a typed path), then saves.
    pub(super) fn save_as(&mut self, ctx: &egui::Context) {
        let current = self
            .path
            .as_deref()
            .map_or_else(|| PathBuf::from("graph.ron"), |p| p.with_extension("ron"));
        match pick_save_path("Save the graph as", "ron", &current) {
            Picked::File(p) => self.save_to(ctx, p),
            Picked::Cancelled => self.saving.then = None,
            Picked::Unavailable => {
                self.dialogs.save_prompt = Some(current.display().to_string());
                self.dialogs.focus_prompt = true;
            }
        }
    }

    /// Saves to a path the user chose; over the open file, its disk is checked first.
    fn save_to(&mut self, ctx: &egui::Context, to: PathBuf) {
        let to = with_ron_extension(to);
        let same = self.path.as_deref() == Some(to.as_path());
        self.start_save(ctx, to, same);
    }

    /// Starts writing the graph as it is now to `to` on a thread; with `check_disk`,
    /// the thread first makes sure the file still holds what was opened or last saved.
    /// Another save still being written is let finish first (the window keeps one).
    fn start_save(&mut self, ctx: &egui::Context, to: PathBuf, check_disk: bool) {
        if self.saving.job.is_some() {
            return;
        }
        self.note_unrecorded_changes();
        // The thread holds the graph by reference count: an edit meanwhile copies it,
        // and the save writes the state it was asked for.
        let kg: Arc<KnowledgeGraph> = Arc::clone(&self.kg);
        let stamp = self.saving.stamp.filter(|_| check_disk);
        let (tx, rx) = channel();
        let job_path = to.clone();
        let wake = ctx.clone();
        let work = move || {
            // The graph is let go as soon as its document is taken: an edit in the
            // window while it is held copies the whole graph on the UI thread.
            let doc = kg.to_document();
            drop(kg);
            let out = write(&job_path, &doc, stamp);
            // The receiver is gone only if the window closed meanwhile.
            let _ = tx.send(out);
            wake.request_repaint();
        };
        let state = self.undo.state();
        if std::thread::Builder::new()
            .name("ideagraph-save".to_owned())
            .spawn(work)
            .is_err()
        {
            self.dialogs.error = Some(format!(
                "Could not start saving {}: no thread could be started.",
                to.display()
            ));
            self.saving.then = None;
            return;
        }
        self.saving.job = Some(SaveJob { to, state, rx });
    }

    /// Takes in a finished save, if there is one.
    pub(super) fn poll_save(&mut self, ctx: &egui::Context) {
        let Some(job) = self.saving.job.take() else {
            return;
        };
        match job.rx.try_recv() {
            Ok(out) => self.finish_save(ctx, job, out),
            Err(TryRecvError::Empty) => self.saving.job = Some(job),
            Err(TryRecvError::Disconnected) => {
                let out = Outcome::Failed("the saving thread stopped".to_owned());
                self.finish_save(ctx, job, out);
            }
        }
    }

    fn finish_save(&mut self, ctx: &egui::Context, job: SaveJob, out: Outcome) {
        match out {
            Outcome::Saved(stamp) => {
                // The journal of where the graph was is done with: its edits are saved.
                self.clear_journal();
                self.saving.stamp = Some(stamp);
                self.undo.mark_saved(job.state);
                self.recovery.saved();
                if self.path.as_deref() != Some(job.to.as_path()) {
                    self.state.push_recent(job.to.clone());
                    self.path = Some(job.to);
                }
                if let Some(then) = self.saving.then.take() {
                    self.run_then(ctx, then);
                }
            }
            Outcome::ChangedOnDisk => {
                self.dialogs.disk_changed = Some(job.to.display().to_string());
            }
            Outcome::Failed(why) => {
                self.dialogs.error = Some(format!("Could not save: {why}"));
                self.saving.then = None;
            }
        }
    }

    /// Runs `then` at once if nothing is unsaved; else asks Save / Discard / Cancel and
    /// runs it after Save (once written) or Discard.
    pub(super) fn guard(&mut self, ctx: &egui::Context, then: Then) {
        if !self.is_dirty() {
            self.run_then(ctx, then);
            return;
        }
        let doing = match &then {
            Then::Open(p) => format!("opening {}", file_name(p)),
            Then::OpenBundled => "opening the bundled knowledge base".to_owned(),
            Then::Quit => "closing".to_owned(),
        };
        let name = self
            .path
            .as_deref()
            .map_or_else(|| "the bundled knowledge base".to_owned(), file_name);
        let n = self.unsaved_labels().len();
        self.dialogs.unsaved = Some(format!(
            "Save the changes to {name} before {doing}? {}",
            match n {
                0 => "Without saving, they will be lost.".to_owned(),
                1 => "Without saving, 1 edit will be lost.".to_owned(),
                n => format!("Without saving, {n} edits will be lost."),
            }
        ));
        self.saving.then = Some(then);
    }

    /// Does what waited on the unsaved changes.
    fn run_then(&mut self, ctx: &egui::Context, then: Then) {
        match then {
            Then::Open(p) => self.open_path(ctx, p),
            Then::OpenBundled => self.open_bundled(ctx),
            Then::Quit => {
                // The journal's last word (written, or removed) is on disk before exit.
                self.flush_journal();
                self.saving.quit_confirmed = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// A close of the window (its close button, File > Quit) with unsaved changes is
    /// held back and asks first.
    pub(super) fn handle_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.saving.quit_confirmed {
            return;
        }
        if self.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.guard(ctx, Then::Quit);
        }
    }

    /// What the user answered in a saving prompt.
    pub(super) fn answer(&mut self, ctx: &egui::Context, answer: Answer) {
        match answer {
            Answer::SaveFirst => self.save(ctx),
            Answer::DiscardChanges => {
                self.discard_journal();
                if let Some(then) = self.saving.then.take() {
                    self.run_then(ctx, then);
                }
            }
            Answer::CancelAction | Answer::CancelSave | Answer::CancelSaveAs => {
                self.saving.then = None;
            }
            Answer::ReloadFromDisk => {
                let n = self.unsaved_labels().len();
                self.dialogs.confirm_reload = Some(format!(
                    "Reload the file from disk? Your {n} unsaved edit{} will be lost.",
                    if n == 1 { "" } else { "s" }
                ));
            }
            Answer::ReloadConfirmed => {
                self.saving.then = None;
                self.discard_journal();
                if let Some(p) = self.path.clone() {
                    self.open_for(ctx, p, super::opening::Purpose::Reload);
                }
            }
            Answer::SaveCopy => self.save_as(ctx),
            Answer::Overwrite => {
                if let Some(p) = self.path.clone() {
                    self.start_save(ctx, p, false);
                }
            }
            Answer::SaveAsPath(p) => self.save_to(ctx, p),
            Answer::Restore => self.restore_journal(ctx),
            Answer::DiscardJournal => self.decline_journal(),
        }
    }

    /// Files dropped on the window open (the first of them), asking first about
    /// unsaved changes.
    pub(super) fn dropped_file(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf()));
        if let Some(p) = dropped {
            self.guard(ctx, Then::Open(p));
        }
    }
}

/// A file's name for prompts (its whole path if it has none).
fn file_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The saving thread's work: check the disk if asked, then write.
fn write(to: &Path, doc: &Document, stamp: Option<FileStamp>) -> Outcome {
    if let Some(stamp) = stamp
        && stamp.changed_on_disk(to)
        && to.exists()
    {
        return Outcome::ChangedOnDisk;
    }
    match save_document(to, doc) {
        Ok(stamp) => Outcome::Saved(stamp),
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ron_files_are_saved_in_place() {
        assert!(saves_in_place(Path::new("a/graph.ron")));
        assert!(saves_in_place(Path::new("graph.RON")));
        assert!(!saves_in_place(Path::new("graph.json")));
        assert!(!saves_in_place(Path::new("graph")));
    }

    #[test]
    fn a_typed_name_without_extension_gets_ron() {
        assert_eq!(
            with_ron_extension(PathBuf::from("x/mine")),
            Path::new("x/mine.ron")
        );
        assert_eq!(
            with_ron_extension(PathBuf::from("x/mine.txt")),
            Path::new("x/mine.txt")
        );
    }
}
