//! Making a FIFO for the tests of what reading and writing do with one (included with
//! `#[path]` by the suites that need it).

use std::path::Path;

/// Makes a FIFO at `p` with the system's `mkfifo` (the crate forbids `unsafe`, so not
/// through libc).
pub fn mkfifo(p: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo {}", p.display());
}
