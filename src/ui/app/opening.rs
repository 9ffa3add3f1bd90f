//! Opening a graph with what saving needs to know of it: the file's [`FileStamp`],
//! taken on the loading thread before the file is read (so a change in between shows
//! as a change on disk, and never hides one), and its recovery journal, looked for
//! there too. A child of `app` so it can reach the app's state.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::App;
use crate::io::journal::{Journal, journal_path, read_journal};
use crate::io::save::{FileStamp, modified_time};
use crate::ui::error::UiError;
use crate::ui::loading::{Loading, Prepared, load_prepared};

/// Why a graph is being opened.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Purpose {
    /// A graph file, whose journal is looked for.
    Open,
    /// The open file again, from disk, its edits discarded (with its journal).
    Reload,
    /// A journal's graph, restored in place of the graph of `file`.
    Restore {
        /// The file the journal's edits were made on.
        file: Option<PathBuf>,
        /// What that file held when they began.
        stamp: Option<FileStamp>,
        /// The edits, by label.
        labels: Vec<String>,
    },
}

/// A journal looked for: `None` inside when there is none, `Err` when it cannot be read.
type Found = Result<Option<Journal>, String>;

/// What the loading thread learnt besides the graph.
#[derive(Debug, Default)]
struct Learnt {
    stamp: Option<FileStamp>,
    journal: Option<Found>,
}

/// A graph being opened in the background, and why.
#[derive(Debug)]
pub(super) struct Opening {
    purpose: Purpose,
    learnt: Arc<Mutex<Learnt>>,
}

impl Opening {
    /// An opening that learns nothing on its thread (the app learns what it needs when
    /// the graph is in).
    pub(super) fn new(purpose: Purpose) -> Self {
        Self {
            purpose,
            learnt: Arc::default(),
        }
    }
}

/// Stamps the file and looks for its journal if `look`, while loading it: the loading
/// thread's work. Hashing the file for the stamp is a pass over every byte (1.6 s for a
/// 600 MB graph), so it runs on a thread of its own beside the load.
fn stamp_and_load(path: &Path, look: bool, learnt: &Mutex<Learnt>) -> Result<Prepared, UiError> {
    let stamp_and_look = || {
        let stamp = FileStamp::of(path);
        let journal = look.then(|| read_journal(&journal_path(path)).map_err(|e| e.to_string()));
        (stamp, journal)
    };
    let Some(before) = modified_time(path) else {
        // Without a modification time, a write during the load could not be noticed:
        // stamp first, so that one shows as a change on disk.
        let (stamp, journal) = stamp_and_look();
        if let Ok(mut l) = learnt.lock() {
            *l = Learnt { stamp, journal };
        }
        return load_prepared(path);
    };
    let (stamp, journal, out) = std::thread::scope(|s| {
        let stamping = s.spawn(stamp_and_look);
        let out = load_prepared(path);
        let (stamp, journal) = stamping.join().unwrap_or((None, None));
        (stamp, journal, out)
    });
    let stamp = stamp.map(|stamp| trusted(stamp, before, modified_time(path)));
    if let Ok(mut l) = learnt.lock() {
        *l = Learnt { stamp, journal };
    }
    out
}

/// The stamp taken beside the load, if the file was not written to meanwhile (it was
/// modified at `before` when both began, and at `after` when both were done); else one
/// no file matches, so that saving asks first. Read side by side, the stamp could
/// otherwise describe newer bytes than those loaded and hide a change on disk.
fn trusted(
    stamp: FileStamp,
    before: std::time::SystemTime,
    after: Option<std::time::SystemTime>,
) -> FileStamp {
    if after == Some(before) && stamp.modified == Some(before) {
        stamp
    } else {
        FileStamp::matching_nothing()
    }
}

impl App {
    /// Starts opening a graph file in the background: the current graph stays on screen
    /// and usable, with a progress window, until the new one is ready. On failure the
    /// error is shown and the current graph kept. Asks nothing: the window's commands
    /// ask about unsaved changes first.
    pub fn open_path(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.open_for(ctx, path, Purpose::Open);
    }

    /// Opens `path` in the background for `purpose`.
    pub(super) fn open_for(&mut self, ctx: &egui::Context, path: PathBuf, purpose: Purpose) {
        let look = self.recovery_enabled() && purpose == Purpose::Open;
        let opening = Opening::new(purpose);
        let learnt = Arc::clone(&opening.learnt);
        self.loading = Some(Loading::start_with(path, Some(ctx.clone()), move |p| {
            stamp_and_load(p, look, &learnt)
        }));
        self.opening = Some(opening);
    }

    /// Loads a graph file and waits for it; on failure shows the error and keeps the
    /// current graph. The window opens files with [`App::open_path`] instead.
    pub fn load_path(&mut self, ctx: &egui::Context, path: PathBuf) {
        self.loading = None;
        let opening = Opening::new(Purpose::Open);
        let look = self.recovery_enabled();
        let out = stamp_and_load(&path, look, &opening.learnt);
        self.opening = Some(opening);
        self.finish_load(ctx, path, out);
    }

    /// Switches to a loaded graph, or shows why it could not be loaded.
    pub(super) fn finish_load(
        &mut self,
        ctx: &egui::Context,
        path: PathBuf,
        out: Result<Prepared, UiError>,
    ) {
        let opening = self
            .opening
            .take()
            .unwrap_or_else(|| Opening::new(Purpose::Open));
        let ready = match out {
            Ok(ready) => ready,
            Err(e) => {
                self.dialogs.error = Some(e.to_string());
                return;
            }
        };
        let learnt = opening
            .learnt
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default();
        match opening.purpose {
            Purpose::Restore {
                file,
                stamp,
                labels,
            } => {
                self.switch_to(ctx, ready, file);
                self.restored(stamp, labels);
            }
            purpose => {
                self.switch_to(ctx, ready, Some(path.clone()));
                // A loader that learnt nothing (a test's) leaves it to this thread.
                self.saving.stamp = learnt.stamp.or_else(|| FileStamp::of(&path));
                self.state.push_recent(path);
                if purpose == Purpose::Open
                    && let Some(at) = self.journal_at()
                {
                    let found = learnt
                        .journal
                        .unwrap_or_else(|| read_journal(&at).map_err(|e| e.to_string()));
                    self.offer_journal(at, Some(found));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stamp taken beside the load is kept only if the file's time stayed put; else
    /// saving over the file asks first.
    #[test]
    fn a_stamp_taken_while_the_file_changed_matches_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("g.ron");
        std::fs::write(&path, "(nodes: [], edges: [])").expect("write");
        let stamp = FileStamp::of(&path).expect("stamp");
        let at = stamp.modified.expect("a modification time");
        assert_eq!(trusted(stamp, at, Some(at)), stamp);
        assert!(!trusted(stamp, at, Some(at)).changed_on_disk(&path));
        let later = at + std::time::Duration::from_secs(1);
        for (before, after) in [(at, Some(later)), (later, Some(later)), (at, None)] {
            let doubted = trusted(stamp, before, after);
            assert_eq!(doubted, FileStamp::matching_nothing());
            assert!(doubted.changed_on_disk(&path), "saving asks first");
        }
    }
}
