//! Atomic writes: a temporary file beside the target, then a rename, so a failed write
//! never leaves a half-written file in place of a good one.
//!
//! # What a target may be
//! - a regular file, or nothing yet: replaced atomically (temp file, fsync, rename);
//! - a symlink: followed, and the file it points to is replaced atomically; the link
//!   stays a link (as `>` in a shell would write through it);
//! - a character device (`/dev/null`, `/dev/full`, a terminal) or a FIFO: written
//!   straight into, without a temp file or rename, as Unix tools do; a device is never
//!   replaced by a regular file, and a device that fails (`/dev/full`) is an error;
//! - `/dev/stdout` or `/dev/stderr` (also as `/dev/fd/1`, `/proc/self/fd/1`, ...): the
//!   process's own open handle is written, whatever it is (a pipe, a socket, a file);
//! - a folder, a block device or a socket: refused with a message naming the path.
//!
//! # Several files as one
//! [`write_atomic_set`] writes a set of files (a CSV export's three, a picture and its
//! bibliography) all or nothing: every temp file is written and fsynced first, and only
//! when all succeeded are they renamed into place; on any failure the temps are removed
//! and the old files are left as they were. Before the renames, each existing target is
//! kept under a backup temp name (a hard link, or a copy where there are none); if a
//! rename fails part way, the files already replaced get their backups back and new
//! ones are removed, and on success the backups are removed. (Only a crash during the
//! renames can leave a mix; the old data is then still in the backup temp file.)
//!
//! # Temp files
//! Ours are named `.ideagraph-tmp-<pid>-<six letters or digits>` ([`TEMP_PREFIX`]). A
//! process killed mid-write leaves one behind; the next write into that folder removes
//! files of exactly that shape (nothing else, a user's `.ideagraph-tmp-notes` included)
//! untouched for [`STALE_AFTER`] whose process is gone. Whether it is gone is checked
//! in `/proc` on Linux; elsewhere, and for a writer in another pid namespace or on
//! another machine sharing the folder (NFS), the pid says nothing reliable, so there
//! age decides: on systems without `/proc`, [`STALE_UNCHECKED_AFTER`]; on Linux such a
//! writer's pid means nothing here, and what protects its temp is that a live write
//! changes or renames it well within [`STALE_AFTER`].

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::IoError;

/// The start of every temp file name this module creates, so stale ones can be told
/// from anyone else's files.
pub const TEMP_PREFIX: &str = ".ideagraph-tmp-";

/// How many random letters and digits end a temp file name (after the pid and a dash).
const TEMP_RANDOM_CHARS: usize = 6;

/// The start of this process's temp file names: the prefix, the pid and a dash.
fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// A temp file of ours untouched this long, whose writer is not running, is stale: a
/// write renames its temp file within moments of creating it, so a minute's grace
/// only covers a writer whose pid another process has already reused.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// Where whether the writer runs cannot be checked (no `/proc`), a temp file of ours is
/// stale only after this long: no write takes a day.
pub const STALE_UNCHECKED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Symlinks followed at most before giving up, as the OS does (Linux's `ELOOP` limit).
const MAX_SYMLINK_HOPS: usize = 40;

/// Writes `bytes` to `path` atomically (see the module docs for what `path` may be).
///
/// # Errors
/// [`IoError::Write`] naming `path` if it cannot be written; the old file is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    write_atomic_set(&[(path, bytes)])
}

/// What produces a streamed file's bytes: called once, with where to write them.
pub type Writing<'a> = dyn FnMut(&mut dyn Write) -> std::io::Result<()> + 'a;

/// Writes what `write` produces to `path` atomically, as [`write_atomic`] does, without
/// holding the bytes in memory: a large export is written as it is made, into the
/// temp file (or straight into a device, FIFO or this process's own stream).
///
/// # Errors
/// [`IoError::Write`] naming `path`, for its own errors or the writer's; the old file
/// is untouched.
pub fn write_atomic_with(path: &Path, write: &mut Writing<'_>) -> Result<(), IoError> {
    let err = |source| write_err(path, source);
    match target_of(path)? {
        Target::File(real) => {
            sweep_stale(&folder_of(&real));
            let staged = stage_with(path, real, write)?;
            rename_all(vec![staged], &mut |from, to| std::fs::rename(from, to))
        }
        Target::Own(OwnStream::Stdout) => {
            buffered(&mut std::io::stdout().lock(), write).map_err(err)
        }
        Target::Own(OwnStream::Stderr) => {
            buffered(&mut std::io::stderr().lock(), write).map_err(err)
        }
        Target::Stream(p) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(err)?;
            buffered(&mut f, write).map_err(err)
        }
    }
}

/// Runs `write` into `out` through a buffer, and flushes both.
fn buffered(out: &mut dyn Write, write: &mut Writing<'_>) -> std::io::Result<()> {
    let mut b = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
    write(&mut b)?;
    b.flush()?;
    drop(b);
    out.flush()
}

/// As [`write_output`], with the bytes made as they are written ([`write_atomic_with`]).
///
/// # Errors
/// As [`write_output`].
pub fn write_output_with(out: Option<&Path>, write: &mut Writing<'_>) -> Result<(), IoError> {
    match out {
        Some(p) if p.as_os_str() != "-" => write_atomic_with(p, write),
        _ => buffered(&mut std::io::stdout().lock(), write).map_err(|source| IoError::Write {
            path: STDOUT_NAME.into(),
            source,
        }),
    }
}

/// Writes every `(path, bytes)` pair, all or nothing (see the module docs).
///
/// # Errors
/// [`IoError::Write`] naming the first path that failed; then no regular file of the
/// set has been changed. A device or FIFO in the set is written after every temp file
/// is ready and before any rename, so its failure also leaves the files untouched.
pub fn write_atomic_set(files: &[(&Path, &[u8])]) -> Result<(), IoError> {
    let mut staged: Vec<Staged> = Vec::with_capacity(files.len());
    let mut streams: Vec<(&Path, Target, &[u8])> = Vec::new();
    let mut swept: Vec<PathBuf> = Vec::new();
    for &(path, bytes) in files {
        match target_of(path)? {
            Target::File(real) => {
                let dir = folder_of(&real);
                if !swept.contains(&dir) {
                    sweep_stale(&dir);
                    swept.push(dir);
                }
                // On an error, `staged` is dropped: each temp file deletes itself.
                staged.push(stage(path, real, bytes)?);
            }
            stream => streams.push((path, stream, bytes)),
        }
    }
    for (shown, stream, bytes) in streams {
        let written = match stream {
            Target::Own(own) => write_own(own, bytes),
            Target::Stream(p) | Target::File(p) => write_stream(&p, bytes),
        };
        written.map_err(|source| write_err(shown, source))?;
    }
    rename_all(staged, &mut |from, to| std::fs::rename(from, to))
}

/// Renames every staged temp over its target with `rename` (a parameter so tests can
/// make one fail part way), all or nothing: each existing target is first kept under a
/// backup name (a hard link, so no data is copied), and if any rename fails, the
/// targets already replaced get their backups back and new files are removed.
fn rename_all(
    staged: Vec<Staged>,
    rename: &mut dyn FnMut(&Path, &Path) -> std::io::Result<()>,
) -> Result<(), IoError> {
    let mut pending = Vec::with_capacity(staged.len());
    for s in staged {
        // On an error here nothing is renamed yet: temps and backups delete themselves.
        let backup = back_up(&s.target).map_err(|e| write_err(&s.shown, e))?;
        pending.push((s, backup));
    }
    let mut done: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    for (s, backup) in pending {
        let Staged { tmp, target, shown } = s;
        let tmp = tmp.into_temp_path();
        if let Err(e) = rename(&tmp, &target) {
            roll_back(done);
            return Err(write_err(&shown, e));
        }
        let _ = tmp.keep();
        done.push((target, backup));
    }
    // Success: dropping `done` removes the backups.
    Ok(())
}

/// Keeps the file at `target`, if there is one, under a fresh temp name beside it: a
/// hard link, or a copy where the file system has no hard links. Our temp prefix lets
/// a crash's leftover be swept like any temp.
fn back_up(target: &Path) -> std::io::Result<Option<tempfile::TempPath>> {
    if std::fs::symlink_metadata(target).is_err() {
        return Ok(None);
    }
    let prefix = temp_prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(TEMP_RANDOM_CHARS);
    let backup = builder.make_in(folder_of(target), |p| {
        std::fs::hard_link(target, p).or_else(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Err(e),
            _ => copy_new(target, p),
        })
    })?;
    Ok(Some(backup.into_temp_path()))
}

/// Copies `from` to a new file `to` (never over an existing one) and fsyncs it.
fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut src = std::fs::File::open(from)?;
    let mut dst = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(to)?;
    std::io::copy(&mut src, &mut dst)?;
    dst.sync_all()
}

/// Undoes the renames in `done`: each target gets its backup back, or is removed if
/// it did not exist before. Best effort: a failure here leaves the backup in place
/// under our temp name, where the old data can still be found.
fn roll_back(done: Vec<(PathBuf, Option<tempfile::TempPath>)>) {
    for (target, backup) in done {
        match backup {
            Some(b) => {
                // Kept either way: restored under the target's name, or left as is.
                let _ = std::fs::rename(&b, &target);
                let _ = b.keep();
            }
            None => {
                let _ = std::fs::remove_file(&target);
            }
        }
    }
}

/// A temp file written and fsynced, waiting to be renamed over `target`.
struct Staged {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
    shown: PathBuf,
}

/// Where a write really goes, once symlinks are followed.
enum Target {
    /// A regular file, existing or not: replace atomically.
    File(PathBuf),
    /// A character device or FIFO: write straight into it.
    Stream(PathBuf),
    /// This process's standard output or error, named by path (`/dev/stdout`).
    Own(OwnStream),
}

/// Which of this process's own output handles a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum OwnStream {
    Stdout,
    Stderr,
}

fn write_err(path: &Path, source: std::io::Error) -> IoError {
    IoError::Write {
        path: path.display().to_string(),
        source,
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Follows symlinks from `path` to the path that is not one (which may not exist).
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut cur = path.to_path_buf();
    for _ in 0..MAX_SYMLINK_HOPS {
        match std::fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&cur)?;
                cur = if link.is_absolute() {
                    link
                } else {
                    folder_of(&cur).join(link)
                };
            }
            _ => return Ok(cur),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Classifies what `path` names (see the module docs). The kernel is asked first
/// (following links itself): `/proc/self/fd/N` links name a pipe or socket as
/// `pipe:[N]`, which no walk of ours could follow. Links are walked here only to find
/// the regular file (existing or not) that a temp file must be renamed over.
fn target_of(path: &Path) -> Result<Target, IoError> {
    if let Some(own) = own_stream(path) {
        return Ok(Target::Own(own));
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Nothing there yet, or a dangling link: create what it points to.
            return Ok(Target::File(
                follow_links(path).map_err(|e| write_err(path, e))?,
            ));
        }
        Err(e) => return Err(write_err(path, e)),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Target::File(
            follow_links(path).map_err(|e| write_err(path, e))?,
        ));
    }
    if kind.is_dir() {
        return Err(write_err(
            path,
            std::io::Error::other("it is a folder; name a file to write"),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            return Ok(Target::Stream(path.to_path_buf()));
        }
    }
    Err(write_err(
        path,
        std::io::Error::other(
            "it is not a regular file, character device or FIFO (a block device or socket); refusing to write",
        ),
    ))
}

/// This process's own standard output or error, when `path` names it: written through
/// the open handle, which works whatever it is (a pipe, a socket, a terminal or a file),
/// where opening the path anew fails for a socket.
fn own_stream(path: &Path) -> Option<OwnStream> {
    if !cfg!(unix) {
        return None;
    }
    match path.to_str()? {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(OwnStream::Stdout),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(OwnStream::Stderr),
        _ => None,
    }
}

/// True if writing `path` goes into a stream (a character device, a FIFO, or this
/// process's standard output or error) rather than a regular file.
pub fn is_stream(path: &Path) -> bool {
    matches!(target_of(path), Ok(Target::Own(_) | Target::Stream(_)))
}

/// True if `path` (as an [`IoError::Write`] shows it) is this process's standard
/// output: `<stdout>` ([`write_output`]) or a name of it such as `/dev/stdout`.
pub fn names_stdout(path: &str) -> bool {
    path == STDOUT_NAME || own_stream(Path::new(path)) == Some(OwnStream::Stdout)
}

/// How errors name standard output written by [`write_output`].
const STDOUT_NAME: &str = "<stdout>";

/// Writes `bytes` to this process's standard output or error.
fn write_own(own: OwnStream, bytes: &[u8]) -> std::io::Result<()> {
    match own {
        OwnStream::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()
        }
        OwnStream::Stderr => {
            let mut err = std::io::stderr().lock();
            err.write_all(bytes)?;
            err.flush()
        }
    }
}

/// Writes and fsyncs a temp file beside `real`, with the permissions `real` has.
fn stage(shown: &Path, real: PathBuf, bytes: &[u8]) -> Result<Staged, IoError> {
    stage_with(shown, real, &mut |w| w.write_all(bytes))
}

/// Writes what `write` produces (buffered) into a temp file beside `real`, with the
/// permissions `real` has, and fsyncs it.
fn stage_with(shown: &Path, real: PathBuf, write: &mut Writing<'_>) -> Result<Staged, IoError> {
    let err = |source| write_err(shown, source);
    let prefix = temp_prefix();
    let existing = std::fs::metadata(&real).ok().map(|m| kept_permissions(&m));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(TEMP_RANDOM_CHARS);
    #[cfg(unix)]
    if existing.is_none() {
        // A new document gets what any program's new file gets: 0666 less the umask
        // (the kernel applies it), not tempfile's private 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(folder_of(&real)).map_err(err)?;
    if let Some(perms) = existing {
        tmp.as_file().set_permissions(perms).map_err(err)?;
    }
    let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
    write(&mut buffered)
        .and_then(|()| buffered.flush())
        .map_err(err)?;
    drop(buffered);
    tmp.as_file().sync_all().map_err(err)?;
    Ok(Staged {
        tmp,
        target: real,
        shown: shown.to_path_buf(),
    })
}

/// Writes into an existing device or FIFO as it is: no temp file, no truncation.
fn write_stream(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// The permissions a replacement keeps from the file it replaces: its read, write and
/// execute bits, never set-user-id, set-group-id or sticky (the new file is ours).
fn kept_permissions(m: &std::fs::Metadata) -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        m.permissions()
    }
}

/// Removes our stale temp files in `dir` (see the module docs). Best effort: a file
/// that cannot be inspected or removed is left alone, and never blocks the write.
pub fn sweep_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else {
            continue;
        };
        if is_stale(&entry, pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The writer's pid if `name` has exactly the shape of our temp names,
/// `.ideagraph-tmp-<digits>-<TEMP_RANDOM_CHARS letters or digits>`; `None` for any
/// other file (a user's `.ideagraph-tmp-notes` included).
fn temp_pid(name: &str) -> Option<u32> {
    let (pid, random) = name.strip_prefix(TEMP_PREFIX)?.split_once('-')?;
    let digits = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    let shaped =
        random.len() == TEMP_RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric());
    if digits && shaped {
        pid.parse().ok()
    } else {
        None
    }
}

/// True for a regular file untouched long enough whose writer is not known to run:
/// [`STALE_AFTER`] where the writer can be checked, [`STALE_UNCHECKED_AFTER`] where it
/// cannot (see [`writer_state`]).
fn is_stale(entry: &std::fs::DirEntry, pid: u32) -> bool {
    let Ok(meta) = entry.metadata() else {
        return false;
    };
    let Some(age) = meta.modified().ok().and_then(|t| t.elapsed().ok()) else {
        return false;
    };
    let wait = match writer_state(pid) {
        Writer::Running => return false,
        Writer::Gone => STALE_AFTER,
        Writer::Unknown => STALE_UNCHECKED_AFTER,
    };
    meta.is_file() && age >= wait
}

/// What is known of the process that wrote a temp file.
enum Writer {
    Running,
    Gone,
    Unknown,
}

/// Whether process `pid` runs: this process, or on Linux whether `/proc/<pid>` exists.
/// Elsewhere there is no `/proc`, and asking the OS (`kill(pid, 0)`) would need unsafe
/// code, so it is unknown and age alone decides.
fn writer_state(pid: u32) -> Writer {
    if pid == std::process::id() {
        return Writer::Running;
    }
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        if Path::new("/proc").join(pid.to_string()).exists() {
            Writer::Running
        } else {
            Writer::Gone
        }
    } else {
        Writer::Unknown
    }
}

/// Writes to standard output when `out` is `None` or `-`, else atomically to the file.
///
/// # Errors
/// [`IoError::Write`]; for standard output its path is `<stdout>`, and a reader that
/// closed the pipe gives [`std::io::ErrorKind::BrokenPipe`] as the source.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<(), IoError> {
    match out {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, bytes),
        _ => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|source| IoError::Write {
                    path: STDOUT_NAME.into(),
                    source,
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("ls")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("out.txt");
        write_atomic(&p, b"one").expect("write");
        write_atomic(&p, b"two").expect("write");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(
                mode, 0o644,
                "a new export is readable by others, not private"
            );
        }
    }

    #[test]
    fn unwritable_path_is_an_error() {
        let err = write_atomic(Path::new("/nonexistent-dir/x/y.ron"), b"x").expect_err("fails");
        assert!(err.to_string().contains("y.ron"), "{err}");
    }

    #[test]
    fn a_set_that_fails_part_way_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = dir.path().join("g.nodes.csv");
        let second = dir.path().join("g.edges.csv");
        std::fs::write(&first, "old nodes").expect("write");
        // A folder where the second file should go: its write must fail.
        std::fs::create_dir(&second).expect("mkdir");
        let err = write_atomic_set(&[
            (first.as_path(), b"new nodes".as_slice()),
            (second.as_path(), b"new edges".as_slice()),
        ])
        .expect_err("the second target is a folder");
        assert!(err.to_string().contains("g.edges.csv"), "{err}");
        assert_eq!(std::fs::read(&first).expect("read"), b"old nodes");
        assert_eq!(names(dir.path()), ["g.edges.csv", "g.nodes.csv"]);
    }

    #[test]
    fn a_rename_failing_part_way_restores_every_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = dir.path().join("a");
        let also_old = dir.path().join("b");
        let new = dir.path().join("c");
        std::fs::write(&old, "old a").expect("write");
        std::fs::write(&also_old, "old b").expect("write");
        let files = [
            (old.as_path(), b"new a".as_slice()),
            (new.as_path(), b"new c".as_slice()),
            (also_old.as_path(), b"new b".as_slice()),
        ];
        let staged: Vec<Staged> = files
            .iter()
            .map(|&(p, b)| stage(p, p.to_path_buf(), b).expect("stage"))
            .collect();
        let mut calls = 0;
        let err = rename_all(staged, &mut |from, to| {
            calls += 1;
            if calls == 3 {
                return Err(std::io::Error::other("injected"));
            }
            std::fs::rename(from, to)
        })
        .expect_err("the third rename fails");
        assert!(err.to_string().contains("injected"), "{err}");
        assert_eq!(std::fs::read(&old).expect("a"), b"old a");
        assert_eq!(std::fs::read(&also_old).expect("b"), b"old b");
        assert_eq!(
            names(dir.path()),
            ["a", "b"],
            "a new file or a temp is left"
        );
    }

    #[test]
    fn a_set_is_written_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        write_atomic_set(&[
            (a.as_path(), b"1".as_slice()),
            (b.as_path(), b"2".as_slice()),
        ])
        .expect("write");
        assert_eq!(std::fs::read(&a).expect("a"), b"1");
        assert_eq!(std::fs::read(&b).expect("b"), b"2");
        assert_eq!(names(dir.path()), ["a", "b"]);
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = write_atomic(dir.path(), b"x").expect_err("a folder");
        assert!(err.to_string().contains("folder"), "{err}");
        assert!(dir.path().is_dir());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_stays_and_its_target_is_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink("real.txt", &link).expect("symlink");
        write_atomic(&link, b"new").expect("write");
        let meta = std::fs::symlink_metadata(&link).expect("meta");
        assert!(meta.file_type().is_symlink(), "the link was replaced");
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        assert_eq!(names(dir.path()), ["link.txt", "real.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_into_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: no mkfifo");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).expect("read the fifo"))
        };
        let wrote = write_atomic(&fifo, b"through the pipe");
        if wrote.is_err() {
            // Release the reader blocked in open(), or a failure would hang the suite.
            let _ = std::fs::OpenOptions::new().write(true).open(&fifo);
        }
        wrote.expect("write");
        assert_eq!(reader.join().expect("reader"), b"through the pipe");
        let kind = std::fs::symlink_metadata(&fifo).expect("meta").file_type();
        assert!(kind.is_fifo(), "the FIFO was replaced by {kind:?}");
        assert_eq!(names(dir.path()), ["pipe"]);
    }

    /// Creates one of our temp files named for `pid` (and `tag`), last modified `age` ago.
    fn temp_of(dir: &Path, pid: u32, tag: &str, age: Duration) -> PathBuf {
        temp_named(dir, &format!("{TEMP_PREFIX}{pid}-{tag}"), age)
    }

    /// Creates a file `name` in `dir`, last modified `age` ago.
    fn temp_named(dir: &Path, name: &str, age: Duration) -> PathBuf {
        let p = dir.join(name);
        let f = std::fs::File::create(&p).expect("create");
        let when = std::time::SystemTime::now() - age;
        f.set_modified(when).expect("set mtime");
        p
    }

    #[test]
    fn stale_temps_are_swept_and_live_ones_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        // No process has this id: Linux pids stay below 2^22.
        let dead = 4_194_304 + 12_345;
        let stale = temp_of(dir.path(), dead, "old123", Duration::from_secs(3600));
        let fresh = temp_of(dir.path(), dead, "new123", Duration::ZERO);
        let live = temp_of(
            dir.path(),
            std::process::id(),
            "mine12",
            Duration::from_secs(3600),
        );
        let other = dir.path().join(".tmpXYZ");
        std::fs::write(&other, "not ours").expect("write");
        // Named like ours, but not in our shape: a user's files.
        let lookalikes = [
            temp_named(
                dir.path(),
                ".ideagraph-tmp-notes",
                Duration::from_secs(3600),
            ),
            temp_named(
                dir.path(),
                &format!("{TEMP_PREFIX}{dead}-notes.txt"),
                Duration::from_secs(3600),
            ),
            temp_named(
                dir.path(),
                &format!("{TEMP_PREFIX}x{dead}-abcdef"),
                Duration::from_secs(3600),
            ),
        ];
        write_atomic(&dir.path().join("out.txt"), b"x").expect("write");
        assert!(!stale.exists(), "a stale temp survived");
        assert!(fresh.exists(), "a fresh temp was removed");
        assert!(live.exists(), "a running writer's temp was removed");
        assert!(other.exists(), "someone else's file was removed");
        for p in lookalikes {
            assert!(p.exists(), "{} was removed", p.display());
        }
    }

    #[test]
    fn temps_carry_the_recognisable_prefix() {
        let dir = tempfile::tempdir().expect("tempdir");
        let staged = stage(Path::new("x"), dir.path().join("x"), b"x").expect("stage");
        let name = staged
            .tmp
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        assert!(
            name.starts_with(&format!("{TEMP_PREFIX}{}-", std::process::id())),
            "{name}"
        );
    }
}
