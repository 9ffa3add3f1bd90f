//! Saving a graph in place without ever losing work: the canonical RON text is written
//! atomically (a temp file, fsync, rename) and the file it replaces is kept beside it
//! as `NAME.ron.bak`, both in one all-or-nothing write ([`super::atomic::write_atomic_set`]).
//!
//! A [`FileStamp`] remembers what a file held when it was opened or saved, so the window
//! can tell whether someone else (a `git pull`, another editor) changed it since, and
//! warn before overwriting their work.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{IoError, atomic, read_bytes, ron_format};
use crate::model::{Document, KnowledgeGraph};

/// What a file held at one moment: its length, modification time and a hash of its
/// bytes. Cheap to take (one read and one pass of a 64-bit FNV-1a hash) and small to
/// keep; compared with [`FileStamp::compare`] to learn whether the file changed on disk.
///
/// The content hash decides: a file touched but not changed (same bytes, new time) is
/// unchanged, and a file rewritten within the file system's time resolution with the
/// same length but other bytes is changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// The file's length in bytes.
    pub len: u64,
    /// When the file was last modified, where the file system says.
    pub modified: Option<SystemTime>,
    /// FNV-1a (64-bit) of the file's bytes: stable across runs and builds.
    pub hash: u64,
}

/// What a file on disk is now, next to a [`FileStamp`] taken earlier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDisk {
    /// The same bytes as when stamped.
    Unchanged,
    /// Other bytes: the file's stamp now.
    Changed(FileStamp),
    /// The file is gone, or cannot be read (it is reported by the save that follows).
    Missing,
}

impl FileStamp {
    /// The stamp of the file at `path` as it is now, or `None` if it cannot be read
    /// (missing, not a regular file, over the input limit).
    pub fn of(path: &Path) -> Option<Self> {
        let bytes = read_bytes(path).ok()?;
        let modified = modified_time(path);
        Some(Self::of_bytes(&bytes, modified))
    }

    /// The stamp of `bytes` read from a file last modified at `modified`: for a caller
    /// that already holds the file's bytes, so the stamp matches exactly what it read.
    pub fn of_bytes(bytes: &[u8], modified: Option<SystemTime>) -> Self {
        Self {
            len: bytes.len() as u64,
            modified,
            hash: fnv1a(bytes),
        }
    }

    /// A stamp no file on disk matches (its length is more than a file can have): for a
    /// file whose bytes could not be pinned down, so that saving over it asks first.
    pub fn matching_nothing() -> Self {
        Self {
            len: u64::MAX,
            modified: None,
            hash: 0,
        }
    }

    /// Whether the file at `path` still holds what this stamp saw, and if not, its
    /// stamp now. The file is read and hashed: the bytes decide, not the time.
    pub fn compare(&self, path: &Path) -> OnDisk {
        match Self::of(path) {
            None => OnDisk::Missing,
            Some(now) if now.len == self.len && now.hash == self.hash => OnDisk::Unchanged,
            Some(now) => OnDisk::Changed(now),
        }
    }

    /// True if the file at `path` no longer holds what this stamp saw: changed, removed
    /// or unreadable. What the window asks before saving over a file it opened. A file
    /// of another length answers without being read.
    pub fn changed_on_disk(&self, path: &Path) -> bool {
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() && m.len() == self.len => self.compare(path) != OnDisk::Unchanged,
            _ => true,
        }
    }
}

/// When the file at `path` was last modified, where the file system says.
pub fn modified_time(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// 64-bit FNV-1a: simple, stable across Rust releases (unlike `DefaultHasher`), and
/// fast enough for a few megabytes per save.
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// Where the previous version of `path` is kept: the same name with `.bak` added
/// (`graph.ron` → `graph.ron.bak`), in the same folder.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves the graph at `path` in the canonical RON form ([`ron_format::to_string`]);
/// see [`save_text`].
///
/// # Errors
/// [`IoError::Encode`] if the graph cannot be written as RON; as [`save_text`].
pub fn save_graph(path: &Path, kg: &KnowledgeGraph) -> Result<FileStamp, IoError> {
    save_document(path, &kg.to_document())
}

/// Saves a document at `path` in the canonical RON form; see [`save_text`].
///
/// # Errors
/// As [`save_graph`].
pub fn save_document(path: &Path, doc: &Document) -> Result<FileStamp, IoError> {
    save_text(path, &ron_format::to_string(doc)?)
}

/// Writes `text` to `path` atomically, keeping the file it replaces as
/// [`backup_path`]`(path)`: the backup and the new file are written in one
/// all-or-nothing step, so if anything fails the original file (and any older backup)
/// is left exactly as it was. Saving where no file exists yet writes no backup; a
/// path that names a stream (a device, a FIFO, standard output) is written straight
/// into, with no backup. Returns the stamp of what was written.
///
/// # Errors
/// [`IoError::Read`] if the existing file cannot be read to keep its backup (then
/// nothing is written); [`IoError::Write`] naming the file that could not be written.
pub fn save_text(path: &Path, text: &str) -> Result<FileStamp, IoError> {
    let bytes = text.as_bytes();
    let is_file = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if is_file {
        let old = read_bytes(path)?;
        let bak = backup_path(path);
        atomic::write_atomic_set(&[(bak.as_path(), old.as_slice()), (path, bytes)])?;
    } else {
        atomic::write_atomic(path, bytes)?;
    }
    let modified = modified_time(path);
    Ok(FileStamp::of_bytes(bytes, modified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_previous_version_is_kept_as_bak() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("g.ron");
        save_text(&path, "first").expect("save");
        assert!(
            !backup_path(&path).exists(),
            "a new file has no previous version"
        );
        save_text(&path, "second").expect("save");
        assert_eq!(std::fs::read(&path).expect("read"), b"second");
        let bak = dir.path().join("g.ron.bak");
        assert_eq!(std::fs::read(&bak).expect("bak"), b"first");
        save_text(&path, "third").expect("save");
        assert_eq!(std::fs::read(&bak).expect("bak"), b"second");
    }

    #[test]
    fn a_failing_write_leaves_the_original_and_its_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("g.ron");
        std::fs::write(&path, "original").expect("write");
        // A folder where the backup must go: that write fails, so nothing may change.
        std::fs::create_dir(backup_path(&path)).expect("mkdir");
        let err = save_text(&path, "new").expect_err("the backup cannot be written");
        assert!(err.to_string().contains("g.ron.bak"), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), b"original");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        names.sort();
        assert_eq!(names, ["g.ron", "g.ron.bak"], "a temp file was left");
    }

    #[test]
    fn saving_into_a_missing_folder_fails_cleanly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("no-such-folder").join("g.ron");
        let err = save_text(&path, "x").expect_err("no folder");
        assert!(err.to_string().contains("g.ron"), "{err}");
    }

    #[test]
    fn the_stamp_sees_a_change_on_disk_and_not_a_touch() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("g.ron");
        let stamp = save_text(&path, "abc").expect("save");
        assert_eq!(FileStamp::of(&path).map(|s| s.hash), Some(stamp.hash));
        assert_eq!(stamp.compare(&path), OnDisk::Unchanged);
        assert!(!stamp.changed_on_disk(&path));
        // Touched: a new time, the same bytes.
        let f = std::fs::File::options()
            .write(true)
            .open(&path)
            .expect("open");
        f.set_modified(SystemTime::now() + std::time::Duration::from_secs(5))
            .expect("touch");
        assert_eq!(stamp.compare(&path), OnDisk::Unchanged);
        // The same length, other bytes (as a quick rewrite within one clock tick).
        std::fs::write(&path, "abd").expect("write");
        assert!(matches!(stamp.compare(&path), OnDisk::Changed(s) if s.len == 3));
        // Another length.
        std::fs::write(&path, "longer").expect("write");
        assert!(stamp.changed_on_disk(&path));
        std::fs::remove_file(&path).expect("rm");
        assert_eq!(stamp.compare(&path), OnDisk::Missing);
        assert_eq!(FileStamp::of(&path), None);
    }

    #[test]
    fn the_hash_is_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn backup_path_adds_bak() {
        assert_eq!(
            backup_path(Path::new("dir/graph.ron")),
            Path::new("dir/graph.ron.bak")
        );
        assert_eq!(backup_path(Path::new("g")), Path::new("g.bak"));
    }
}
