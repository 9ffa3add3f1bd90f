//! Atomic writes: a temporary file beside the target, then a rename, so a failed write
//! never leaves a half-written file in place of a good one.

use std::io::Write;
use std::path::Path;

use super::IoError;

/// Writes `bytes` to `path` atomically (temp file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    let shown = path.display().to_string();
    let err = |source| IoError::Write {
        path: shown.clone(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    let perms = target_permissions(path, tmp.as_file()).map_err(err)?;
    tmp.as_file().set_permissions(perms).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// The permissions of the file being replaced, or the usual ones for a new document
/// (temp files start private, 0600).
fn target_permissions(path: &Path, tmp: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    if let Ok(m) = std::fs::metadata(path) {
        return Ok(m.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp;
        Ok(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        tmp.metadata().map(|m| m.permissions())
    }
}

/// Writes to standard output when `out` is `None` or `-`, else atomically to the file.
pub fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<(), IoError> {
    match out {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, bytes),
        _ => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|source| IoError::Write {
                    path: "<stdout>".into(),
                    source,
                })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
