//! The recovery journal: what the window writes as the user edits, so that a crash, a
//! `kill -9` or a power cut loses nothing done since the last save.
//!
//! # What it holds
//! The simplest form that restores exactly: the whole current document in the canonical
//! RON of a saved graph ([`ron_format::to_string`]), with the file it was opened from,
//! that file's [`FileStamp`] (so that a restore can tell whether the file changed since),
//! the labels of the unsaved edits (to name them in the restore offer) and when it was
//! written. It is replaced whole on every write (atomically, see [`super::atomic`]), so
//! it is always one consistent state, never a half-appended log.
//!
//! # Its form
//! A first line `ideagraph-recovery-journal VERSION HEADER_BYTES`, then a header of that
//! many bytes (the file, stamp, time and labels, as one line of RON), then the document
//! as it would be saved, verbatim: the document is neither escaped nor parsed twice (on
//! a 100,000-node graph that would double the write), and cutting the first two lines
//! leaves a graph file that opens as it is.
//!
//! # Where it lives
//! Beside the graph file, hidden: `.NAME.recovery` for `NAME` (`.graph.ron.recovery`
//! for `graph.ron`, see [`journal_path`]), so it travels with the graph and is found
//! whoever opens it next. The bundled graph has no file: its journal is
//! [`BUNDLED_JOURNAL`] in the app's data folder. A save or a discard removes it.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::save::FileStamp;
use super::{IoError, atomic, read_text, ron_format};
use crate::model::{Document, KnowledgeGraph};

/// The journal's name for the bundled graph, in the app's data folder.
pub const BUNDLED_JOURNAL: &str = "bundled-graph.ron.recovery";

/// What ends a journal's file name.
pub const JOURNAL_SUFFIX: &str = ".recovery";

/// The journal format's version.
const VERSION: u32 = 1;

/// What a journal's first line starts with.
const MAGIC: &str = "ideagraph-recovery-journal";

/// Where the journal of the graph at `graph` lives: the same folder, the file's name
/// with a dot before (hidden on Unix) and [`JOURNAL_SUFFIX`] after.
pub fn journal_path(graph: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(graph.file_name().unwrap_or_default());
    name.push(JOURNAL_SUFFIX);
    graph.with_file_name(name)
}

/// The unsaved work on one graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Journal {
    /// The file the graph was opened from (`None` for the bundled graph).
    pub file: Option<PathBuf>,
    /// What that file held when it was opened or last saved.
    pub stamp: Option<FileStamp>,
    /// When the journal was written.
    pub written: SystemTime,
    /// The unsaved edits, by their undo labels, oldest first.
    pub labels: Vec<String>,
    /// The whole document as it was, in canonical RON.
    pub document: String,
}

/// The journal's header as stored: plain fields that RON writes and reads the same
/// everywhere.
#[derive(Serialize, Deserialize)]
struct Header {
    file: Option<PathBuf>,
    stamp: Option<StoredStamp>,
    /// Seconds since the Unix epoch.
    written: u64,
    labels: Vec<String>,
}

/// A [`FileStamp`] as stored: its time as seconds and nanoseconds since the epoch.
#[derive(Serialize, Deserialize)]
struct StoredStamp {
    len: u64,
    hash: u64,
    modified: Option<(u64, u32)>,
}

impl From<&FileStamp> for StoredStamp {
    fn from(s: &FileStamp) -> Self {
        let modified = s
            .modified
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| (d.as_secs(), d.subsec_nanos()));
        Self {
            len: s.len,
            hash: s.hash,
            modified,
        }
    }
}

impl From<StoredStamp> for FileStamp {
    fn from(s: StoredStamp) -> Self {
        Self {
            len: s.len,
            hash: s.hash,
            modified: s
                .modified
                .and_then(|(secs, nanos)| UNIX_EPOCH.checked_add(Duration::new(secs, nanos))),
        }
    }
}

impl Journal {
    /// The journal of `doc` (a graph's [`KnowledgeGraph::to_document`]), opened from
    /// `file` as `stamp` saw it, with the unsaved edits `labels`, written now.
    ///
    /// # Errors
    /// [`IoError::Encode`] if the document cannot be written as RON.
    pub fn of(
        doc: &Document,
        file: Option<PathBuf>,
        stamp: Option<FileStamp>,
        labels: Vec<String>,
    ) -> Result<Self, IoError> {
        Ok(Self {
            file,
            stamp,
            written: SystemTime::now(),
            labels,
            document: ron_format::to_string(doc)?,
        })
    }

    /// The graph the journal holds, checked as a loaded file is (only problems that
    /// block loading refuse it: an imported graph restores as it was).
    ///
    /// # Errors
    /// [`IoError::Parse`] or [`IoError::Invalid`], naming `shown` (the journal's path).
    pub fn graph(&self, shown: &str) -> Result<KnowledgeGraph, IoError> {
        let doc = ron_format::parse_document(&self.document, shown)?;
        super::interchange::accept_imported(doc, shown)
    }
}

/// Writes `journal` to `path`, replacing any journal there in one atomic step. A
/// missing folder is made first (the app's data folder, on a first run).
///
/// # Errors
/// [`IoError::Encode`] if its header cannot be written as RON (a file name that is not
/// UTF-8), [`IoError::Write`] if the folder or the file cannot be written.
pub fn write_journal(path: &Path, journal: &Journal) -> Result<(), IoError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| IoError::Write {
            path: dir.display().to_string(),
            source,
        })?;
    }
    let header = Header {
        file: journal.file.clone(),
        stamp: journal.stamp.as_ref().map(StoredStamp::from),
        written: journal
            .written
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        labels: journal.labels.clone(),
    };
    let header = ron::to_string(&header).map_err(|e| IoError::Encode {
        message: e.to_string(),
        path: path.display().to_string(),
    })? + "\n";
    let first = format!("{MAGIC} {VERSION} {}\n", header.len());
    let mut bytes = Vec::with_capacity(first.len() + header.len() + journal.document.len());
    bytes.extend_from_slice(first.as_bytes());
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(journal.document.as_bytes());
    atomic::write_atomic(path, &bytes)
}

/// Reads the journal at `path`: `Ok(None)` when there is none.
///
/// # Errors
/// [`IoError::Read`] if it exists but cannot be read, [`IoError::Parse`] if it is not a
/// journal (or one of a newer version).
pub fn read_journal(path: &Path) -> Result<Option<Journal>, IoError> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let text = read_text(path)?;
    let shown = path.display().to_string();
    let not_a_journal =
        |message: String, line: usize| IoError::parse_at(message, &shown, &text, line, 1);
    let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
    let mut words = first.split(' ');
    if words.next() != Some(MAGIC) {
        return Err(not_a_journal(
            format!("not a recovery journal: expected `{MAGIC}` first"),
            1,
        ));
    }
    let version: Option<u32> = words.next().and_then(|w| w.parse().ok());
    if version != Some(VERSION) {
        return Err(not_a_journal(
            format!(
                "a recovery journal of version {} (this ideagraph reads version {VERSION})",
                version.map_or_else(|| "?".to_owned(), |v| v.to_string())
            ),
            1,
        ));
    }
    let split = words
        .next()
        .and_then(|w| w.parse::<usize>().ok())
        .and_then(|n| Some((rest.get(..n)?, rest.get(n..)?)));
    let Some((header, document)) = split else {
        return Err(not_a_journal("the journal's header is cut short".into(), 1));
    };
    let header: Header = ron::from_str(header)
        .map_err(|e| not_a_journal(format!("the journal's header: {}", e.code), 2))?;
    Ok(Some(Journal {
        file: header.file,
        stamp: header.stamp.map(FileStamp::from),
        written: UNIX_EPOCH
            .checked_add(Duration::from_secs(header.written))
            .unwrap_or(UNIX_EPOCH),
        labels: header.labels,
        document: document.to_owned(),
    }))
}

/// Removes the journal at `path`; one that is not there is already removed.
///
/// # Errors
/// [`IoError::Write`] if it exists and cannot be removed.
pub fn remove_journal(path: &Path) -> Result<(), IoError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(IoError::Write {
            path: path.display().to_string(),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Kind, Node};

    #[test]
    fn the_journal_sits_hidden_beside_the_graph() {
        assert_eq!(
            journal_path(Path::new("/data/graph.ron")),
            Path::new("/data/.graph.ron.recovery")
        );
        assert_eq!(
            journal_path(Path::new("g.json")),
            Path::new(".g.json.recovery")
        );
    }

    #[test]
    fn a_journal_round_trips_its_document_exactly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let graph = dir.path().join("g.ron");
        let mut kg = KnowledgeGraph::from_document(Document::default());
        kg.apply(Edit::AddNode(Node::new(
            "a",
            "A \"quoted\"\nline",
            Kind::Person,
        )))
        .expect("valid");
        std::fs::write(&graph, "old").expect("write");
        let stamp = FileStamp::of(&graph);
        // Labels with quotes, a line break and non-ASCII: the header stays one line.
        let labels = vec![
            "add node A \"quoted\"\nline".to_owned(),
            "ünïcode".to_owned(),
        ];
        let journal = Journal::of(
            &kg.to_document(),
            Some(graph.clone()),
            stamp,
            labels.clone(),
        )
        .expect("encodes");
        let at = journal_path(&graph);
        write_journal(&at, &journal).expect("written");
        // The data folder of a first run is made.
        let data = dir
            .path()
            .join("data")
            .join("ideagraph")
            .join(BUNDLED_JOURNAL);
        write_journal(&data, &journal).expect("folder made");
        assert!(read_journal(&data).expect("reads").is_some());
        let back = read_journal(&at).expect("reads").expect("there");
        assert_eq!(back.document, journal.document);
        assert_eq!(back.labels, labels);
        assert_eq!(back.file.as_deref(), Some(graph.as_path()));
        assert_eq!(back.stamp, stamp, "the stamp, time included, comes back");
        let restored = back.graph("journal").expect("valid");
        assert_eq!(restored.to_document(), kg.to_document());
        remove_journal(&at).expect("removed");
        assert!(read_journal(&at).expect("reads").is_none());
        remove_journal(&at).expect("removing none is fine");
    }

    #[test]
    fn a_file_that_is_not_a_journal_is_refused_with_its_place() {
        let dir = tempfile::tempdir().expect("tempdir");
        let at = dir.path().join(".g.ron.recovery");
        std::fs::write(&at, "(version: 1, file: None, oops").expect("write");
        let err = read_journal(&at).expect_err("not a journal");
        assert!(matches!(err, IoError::Parse { .. }), "{err}");
        std::fs::write(&at, "ideagraph-recovery-journal 9 2\n()\n").expect("write");
        let err = read_journal(&at).expect_err("newer version");
        assert!(err.to_string().contains("version 9"), "{err}");
        std::fs::write(&at, "ideagraph-recovery-journal 1 500\n(file: None)").expect("write");
        let err = read_journal(&at).expect_err("cut short");
        assert!(err.to_string().contains("cut short"), "{err}");
        std::fs::write(&at, "ideagraph-recovery-journal 1 4\n(x)\n").expect("write");
        let err = read_journal(&at).expect_err("a bad header");
        assert!(err.to_string().contains("header"), "{err}");
    }
}
