//! The recovery journal as the window keeps it (its format and place are in
//! [`crate::io::journal`]): while the graph has unsaved changes, the journal is written
//! off the UI thread, at most every [`JOURNAL_INTERVAL`] (the first change after a quiet
//! spell at once); it is removed on save, on discard and when undo returns to the saved
//! state. Opening a graph whose journal exists offers to restore it. A child of `app` so
//! it can reach the app's state.
//!
//! Journals are the window's: [`App::enable_recovery`] turns them on (the window does,
//! and the tests that test them); an `App` made by a library user or another test
//! writes none, so it never leaves journals beside files it only reads.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use super::App;
use super::opening::Purpose;
use crate::io::journal::{
    BUNDLED_JOURNAL, Journal, journal_path, read_journal, remove_journal, write_journal,
};
use crate::io::save::FileStamp;
use crate::model::KnowledgeGraph;
use crate::ui::loading::{Loading, Prepared};

/// The least time between two journal writes: a burst of edits is one write.
pub const JOURNAL_INTERVAL: Duration = Duration::from_millis(250);

/// How long [`App::flush_journal`] waits for the writer at most.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(30);

/// What the writer thread is asked to do, in order.
enum Job {
    /// Write the journal of `kg` at `at`.
    Write {
        at: PathBuf,
        kg: Arc<KnowledgeGraph>,
        file: Option<PathBuf>,
        stamp: Option<FileStamp>,
        labels: Vec<String>,
    },
    /// Remove the journal at this path.
    Remove(PathBuf),
}

/// The thread that writes and removes journals, one job after another, so that a
/// removal never overtakes a write sent before it.
#[derive(Debug)]
struct Writer {
    tx: Sender<Job>,
    /// Jobs sent and not yet done, with a condition signalled when one is done.
    pending: Arc<(Mutex<usize>, Condvar)>,
    /// Errors the thread met, as messages.
    errors: Receiver<String>,
}

impl Writer {
    fn start() -> Option<Self> {
        let (tx, rx) = channel::<Job>();
        let (err_tx, errors) = channel();
        let pending = Arc::new((Mutex::new(0usize), Condvar::new()));
        let done = Arc::clone(&pending);
        std::thread::Builder::new()
            .name("ideagraph-journal".to_owned())
            .spawn(move || {
                for job in rx {
                    if let Err(e) = run(job) {
                        let _ = err_tx.send(e);
                    }
                    let (count, signal) = &*done;
                    if let Ok(mut n) = count.lock() {
                        *n = n.saturating_sub(1);
                    }
                    signal.notify_all();
                }
            })
            .ok()?;
        Some(Self {
            tx,
            pending,
            errors,
        })
    }

    fn send(&self, job: Job) -> bool {
        if let Ok(mut n) = self.pending.0.lock() {
            *n += 1;
        }
        if self.tx.send(job).is_ok() {
            return true;
        }
        if let Ok(mut n) = self.pending.0.lock() {
            *n = n.saturating_sub(1);
        }
        false
    }

    fn is_idle(&self) -> bool {
        self.pending.0.lock().map_or(true, |n| *n == 0)
    }

    /// Waits until every job sent is done (at most `FLUSH_TIMEOUT`).
    fn wait_idle(&self) {
        let (count, signal) = &*self.pending;
        let Ok(guard) = count.lock() else {
            return;
        };
        let _ = signal.wait_timeout_while(guard, FLUSH_TIMEOUT, |n| *n > 0);
    }
}

/// The writer thread's work on one job.
fn run(job: Job) -> Result<(), String> {
    match job {
        Job::Write {
            at,
            kg,
            file,
            stamp,
            labels,
        } => {
            // The graph is let go as soon as its document is taken: an edit in the
            // window while it is held copies the whole graph on the UI thread.
            let doc = kg.to_document();
            drop(kg);
            let journal = Journal::of(&doc, file, stamp, labels).map_err(|e| e.to_string())?;
            write_journal(&at, &journal).map_err(|e| e.to_string())
        }
        Job::Remove(at) => remove_journal(&at).map_err(|e| e.to_string()),
    }
}

/// The journal's part of the app's state.
#[derive(Debug, Default)]
pub(super) struct Recovery {
    /// Whether journals are kept (see the module docs).
    enabled: bool,
    /// The app's data folder, where the bundled graph's journal lives.
    bundled_dir: Option<PathBuf>,
    writer: Option<Writer>,
    /// What the writer was last told: the revision journaled, or `None` for "no
    /// journal". Starts at `None`: a journal found on opening is the user's, and left
    /// alone until they answer the offer.
    sent: Option<u64>,
    last_sent: Option<Instant>,
    /// The unsaved edits of a restored journal: made before this session, so not on
    /// the undo stack.
    restored: Vec<String>,
    /// A journal found on opening, offered for restoring: where it is and what it holds.
    offer: Option<(PathBuf, Journal)>,
    /// A journal error was shown for this graph: one message, not one per write.
    reported: bool,
    /// The revision whose changes the user discarded: not journaled again.
    discarded: Option<u64>,
}

impl Recovery {
    /// What carries over to the next graph opened: the settings and the writer.
    pub(super) fn carried(&mut self) -> Self {
        Self {
            enabled: self.enabled,
            bundled_dir: self.bundled_dir.take(),
            writer: self.writer.take(),
            ..Self::default()
        }
    }

    /// The graph was saved: the restored edits are in the file now.
    pub(super) fn saved(&mut self) {
        self.restored.clear();
    }
}

impl App {
    /// Keeps a recovery journal of unsaved changes from now on (see the module docs),
    /// the bundled graph's in `bundled_dir` (none for it if `None`), and offers to
    /// restore the open graph's journal if it has one.
    pub fn enable_recovery(&mut self, bundled_dir: Option<PathBuf>) {
        self.recovery.enabled = true;
        self.recovery.bundled_dir = bundled_dir;
        if self.loading.is_none() {
            self.look_for_journal();
        }
    }

    /// Whether journals are kept.
    pub(super) fn recovery_enabled(&self) -> bool {
        self.recovery.enabled
    }

    /// Offers the open graph's journal, if it has one, reading it here (the bundled
    /// graph's; a file's is looked for on the thread that opens it).
    pub(super) fn look_for_journal(&mut self) {
        if let Some(at) = self.journal_at() {
            let found = read_journal(&at).map_err(|e| e.to_string());
            self.offer_journal(at, Some(found));
        }
    }

    /// The unsaved edits, by label, oldest first: those restored from a journal, then
    /// those of this session (see `UndoStack::unsaved_labels`).
    pub fn unsaved_labels(&self) -> Vec<String> {
        let mut labels = self.recovery.restored.clone();
        labels.extend(self.undo.unsaved_labels());
        labels
    }

    /// Where the open graph's journal is, while journals are kept.
    pub fn journal_at(&self) -> Option<PathBuf> {
        if !self.recovery.enabled {
            return None;
        }
        match &self.path {
            Some(p) => Some(journal_path(p)),
            None => self
                .recovery
                .bundled_dir
                .as_ref()
                .map(|d| d.join(BUNDLED_JOURNAL)),
        }
    }

    /// Whether a journal is offered for restoring.
    pub fn restore_offered(&self) -> bool {
        self.recovery.offer.is_some()
    }

    /// Hands every journal change due to the writer now, whatever the interval, and
    /// waits until it is on disk (tests, and before the window closes).
    pub fn flush_journal(&mut self) {
        // A write under way is let finish first: the writer takes one at a time.
        if let Some(w) = &self.recovery.writer {
            w.wait_idle();
        }
        self.recovery.last_sent = None;
        self.send_journal(None);
        if let Some(w) = &self.recovery.writer {
            w.wait_idle();
        }
    }

    /// Each frame: tells the writer what the journal should hold now, if it changed
    /// and the last write is old enough; else asks for a frame when it will be.
    pub(super) fn keep_journal(&mut self, ctx: &egui::Context) {
        self.report_journal_errors();
        self.send_journal(Some(ctx));
    }

    fn send_journal(&mut self, ctx: Option<&egui::Context>) {
        // A journal offered for restoring is the user's until they answer.
        if self.recovery.offer.is_some() {
            return;
        }
        let Some(at) = self.journal_at() else {
            return;
        };
        if self.recovery.discarded == Some(self.kg.revision()) {
            return;
        }
        let want = self.is_dirty().then(|| self.kg.revision());
        if want == self.recovery.sent {
            return;
        }
        let wait = self.recovery.last_sent.map_or(Duration::ZERO, |t| {
            JOURNAL_INTERVAL.saturating_sub(t.elapsed())
        });
        let busy = self.recovery.writer.as_ref().is_some_and(|w| !w.is_idle());
        if wait > Duration::ZERO || busy {
            // One journal at a time: the next is sent once the last is written.
            if let Some(ctx) = ctx {
                ctx.request_repaint_after(wait.max(Duration::from_millis(20)));
            }
            return;
        }
        let job = match want {
            Some(_) => Job::Write {
                at,
                kg: Arc::clone(&self.kg),
                file: self.path.clone(),
                stamp: self.saving.stamp,
                labels: self.unsaved_labels(),
            },
            None => Job::Remove(at),
        };
        if self.send_job(job) {
            self.recovery.sent = want;
            self.recovery.last_sent = Some(Instant::now());
        }
    }

    /// Sends a job to the writer, starting it if need be; false if no thread runs.
    fn send_job(&mut self, job: Job) -> bool {
        if self.recovery.writer.is_none() {
            self.recovery.writer = Writer::start();
        }
        let sent = self.recovery.writer.as_ref().is_some_and(|w| w.send(job));
        if !sent && !self.recovery.reported {
            self.recovery.reported = true;
            self.dialogs.error = Some(
                "The recovery journal cannot be written: no thread could be started. \
                 Save often."
                    .to_owned(),
            );
        }
        sent
    }

    /// Shows the first error the writer met for this graph.
    fn report_journal_errors(&mut self) {
        let Some(w) = &self.recovery.writer else {
            return;
        };
        if let Ok(e) = w.errors.try_recv()
            && !self.recovery.reported
        {
            self.recovery.reported = true;
            self.dialogs.error = Some(format!(
                "The recovery journal could not be written, so a crash now would lose \
                 unsaved edits. Save often. {e}"
            ));
        }
    }

    /// Removes the open graph's journal (its changes were saved), in order after any
    /// write still queued.
    pub(super) fn clear_journal(&mut self) {
        if let Some(at) = self.journal_at()
            && self.send_job(Job::Remove(at))
        {
            self.recovery.sent = None;
        }
    }

    /// Removes the open graph's journal because the user discarded its changes, which
    /// are then not journaled again (the window is closing, or another graph opening).
    pub(super) fn discard_journal(&mut self) {
        self.clear_journal();
        self.recovery.discarded = Some(self.kg.revision());
    }

    /// Offers a journal found on opening for restoring (or says why it cannot be
    /// read). `found` is `None` when it was not looked for.
    pub(super) fn offer_journal(
        &mut self,
        at: PathBuf,
        found: Option<Result<Option<Journal>, String>>,
    ) {
        match found {
            Some(Ok(Some(journal))) => {
                self.dialogs.restore = Some(offer_text(&journal, SystemTime::now()));
                self.recovery.offer = Some((at, journal));
            }
            Some(Err(e)) => {
                self.dialogs.error = Some(format!(
                    "A recovery journal was found but cannot be read; it is left as it \
                     is: {e}"
                ));
            }
            Some(Ok(None)) | None => {}
        }
    }

    /// Restore: opens the journal's graph in the background, in place of the open one,
    /// with the journal's file as its file; it comes in unsaved.
    pub(super) fn restore_journal(&mut self, ctx: &egui::Context) {
        let Some((at, journal)) = self.recovery.offer.take() else {
            return;
        };
        let shown = at.display().to_string();
        let file = journal.file.clone().or_else(|| self.path.clone());
        let stamp = journal.stamp;
        let labels = journal.labels.clone();
        let journal = Arc::new(journal);
        self.loading = Some(Loading::start_with(at, Some(ctx.clone()), move |_| {
            journal
                .graph(&shown)
                .map(Prepared::new)
                .map_err(crate::ui::UiError::from)
        }));
        self.opening = Some(super::opening::Opening::new(Purpose::Restore {
            file,
            stamp,
            labels,
        }));
    }

    /// Discard on the restore offer: the journal is removed.
    pub(super) fn decline_journal(&mut self) {
        if let Some((at, _)) = self.recovery.offer.take() {
            self.send_job(Job::Remove(at));
        }
    }

    /// A graph restored from a journal came in: it is unsaved, its file's stamp is the
    /// one the journal's edits were made on (so Save warns if the file changed since),
    /// and its journal stays until the edits are saved or discarded.
    pub(super) fn restored(&mut self, stamp: Option<FileStamp>, labels: Vec<String>) {
        self.saving.stamp = stamp;
        self.undo.mark_unsaved();
        self.recovery.restored = labels;
    }
}

/// "graph.ron has 3 unsaved edits from 14:02 UTC, 5 minutes ago: add edge …, …": what
/// the restore offer says.
pub(super) fn offer_text(journal: &Journal, now: SystemTime) -> String {
    let n = journal.labels.len();
    let count = match n {
        0 => "unsaved changes".to_owned(),
        1 => "1 unsaved edit".to_owned(),
        n => format!("{n} unsaved edits"),
    };
    let what = match journal.labels.split_last() {
        None => String::new(),
        Some(_) if n <= 3 => format!(": {}", journal.labels.join(", ")),
        Some(_) => format!(": {}, … {}", journal.labels[..2].join(", "), last(journal)),
    };
    let file = journal
        .file
        .as_deref()
        .map_or_else(|| "The bundled knowledge base".to_owned(), shown_name);
    format!(
        "{file} has {count} from {}{what}.",
        when(journal.written, now)
    )
}

fn last(journal: &Journal) -> String {
    journal
        .labels
        .last()
        .map(|l| format!("and {l}"))
        .unwrap_or_default()
}

fn shown_name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// "14:02 UTC, 5 minutes ago": the clock time (in UTC: the standard library knows no
/// time zones) and how long ago.
fn when(written: SystemTime, now: SystemTime) -> String {
    let secs = written
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (h, m) = ((secs / 3600) % 24, (secs / 60) % 60);
    let ago = now.duration_since(written).unwrap_or_default().as_secs();
    let ago = match ago {
        0..60 => "moments ago".to_owned(),
        60..3600 => plural(ago / 60, "minute"),
        3600..86_400 => plural(ago / 3600, "hour"),
        _ => plural(ago / 86_400, "day"),
    };
    format!("{h:02}:{m:02} UTC, {ago}")
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal(labels: &[&str], written: SystemTime) -> Journal {
        Journal {
            file: Some(PathBuf::from("/data/graph.ron")),
            stamp: None,
            written,
            labels: labels.iter().map(|s| (*s).to_owned()).collect(),
            document: String::new(),
        }
    }

    #[test]
    fn the_offer_names_the_count_time_and_edits() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(14 * 3600 + 2 * 60);
        let now = at + Duration::from_secs(5 * 60 + 7);
        let j = journal(&["add edge A advocates B", "move C", "add node D"], at);
        assert_eq!(
            offer_text(&j, now),
            "graph.ron has 3 unsaved edits from 14:02 UTC, 5 minutes ago: \
             add edge A advocates B, move C, add node D."
        );
        let j = journal(&["a", "b", "c", "d", "e"], at);
        assert!(
            offer_text(&j, now).ends_with(": a, b, … and e."),
            "{}",
            offer_text(&j, now)
        );
        let j = journal(&["a"], at);
        assert!(
            offer_text(&j, at)
                .starts_with("graph.ron has 1 unsaved edit from 14:02 UTC, moments ago")
        );
    }

    #[test]
    fn ages_read_in_the_largest_unit() {
        let t = SystemTime::UNIX_EPOCH;
        assert!(when(t, t + Duration::from_secs(3600)).ends_with("1 hour ago"));
        assert!(when(t, t + Duration::from_secs(3 * 86_400)).ends_with("3 days ago"));
    }
}
