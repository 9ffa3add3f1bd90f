//! The real binary's writes: devices, FIFOs and symlinks given as `-o` are written
//! through, never replaced; an export never overwrites any file its graph was read
//! from (compared by device and inode); a CSV set is written all or nothing; stale
//! temp files of a killed write are swept.

#[cfg(unix)]
#[path = "support/fifo.rs"]
mod fifo;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    v.sort();
    v
}

/// Exports the bundled graph as a CSV set `dir/k.{nodes,edges,sources}.csv`.
fn csv_set(dir: &Path) -> PathBuf {
    bin()
        .args(["export", "-f", "csv", "-o"])
        .arg(dir.join("k.csv"))
        .assert()
        .success();
    dir.join("k.nodes.csv")
}

#[cfg(target_os = "linux")]
#[test]
fn dev_full_stays_a_device_and_the_error_says_no_space() {
    use std::os::unix::fs::FileTypeExt;
    let full = Path::new("/dev/full");
    let is_dev =
        |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_char_device());
    if !is_dev(full) {
        eprintln!("skipped: no /dev/full device");
        return;
    }
    let out = bin()
        .args(["generate", "--nodes", "10", "--edges", "5", "-o"])
        .arg(full)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(is_dev(full), "/dev/full was replaced: {err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("/dev/full") && err.contains("space"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_given_as_output_is_written_into() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.ron");
    fifo::mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the fifo"))
    };
    bin()
        .args(["generate", "--nodes", "10", "--edges", "5", "-o"])
        .arg(&fifo)
        .assert()
        .success();
    // Checked before joining: had the FIFO been replaced, the reader would wait for ever.
    let kind = std::fs::symlink_metadata(&fifo).expect("meta").file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced by {kind:?}");
    assert!(reader.join().expect("reader").contains("Document("));
}

#[cfg(unix)]
#[test]
fn a_symlink_given_as_output_keeps_pointing_at_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::write(&real, "old").expect("write");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    bin()
        .args(["export", "-f", "json", "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .expect("read")
            .contains("\"nodes\"")
    );
}

/// Runs an export expected to be refused as overwriting its own input; checks that
/// `kept` still holds `before`.
fn refused_as_input(args: &[&std::ffi::OsStr], kept: &Path) {
    let before = std::fs::read(kept).expect("read");
    let out = bin().args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(err.contains("refusing"), "{err}");
    assert_eq!(std::fs::read(kept).expect("read"), before, "{args:?}");
}

#[test]
fn an_export_never_overwrites_any_file_of_its_csv_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nodes = csv_set(dir.path());
    for (format, target) in [
        ("svg", "k.edges.csv"),
        ("json", "k.sources.csv"),
        ("csv", "k.csv"),
    ] {
        let out = dir.path().join(target);
        let kept = if target == "k.csv" {
            dir.path().join("k.edges.csv")
        } else {
            out.clone()
        };
        refused_as_input(
            &[
                "export".as_ref(),
                nodes.as_os_str(),
                "-f".as_ref(),
                format.as_ref(),
                "-o".as_ref(),
                out.as_os_str(),
            ],
            &kept,
        );
    }
}

#[cfg(unix)]
#[test]
fn an_export_never_overwrites_a_hard_link_to_its_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nodes = csv_set(dir.path());
    let linked = dir.path().join("picture.svg");
    std::fs::hard_link(dir.path().join("k.edges.csv"), &linked).expect("hard link");
    refused_as_input(
        &[
            "export".as_ref(),
            nodes.as_os_str(),
            "-f".as_ref(),
            "svg".as_ref(),
            "-o".as_ref(),
            linked.as_os_str(),
        ],
        &linked,
    );
    // The companion bibliography is checked too.
    let ron = dir.path().join("g.ron");
    bin()
        .args(["export", "-f", "ron", "-o"])
        .arg(&ron)
        .assert()
        .success();
    let companion = dir.path().join("slide.sources.txt");
    std::fs::hard_link(&ron, &companion).expect("hard link");
    refused_as_input(
        &[
            "export".as_ref(),
            ron.as_os_str(),
            "-f".as_ref(),
            "svg".as_ref(),
            "-o".as_ref(),
            dir.path().join("slide.svg").as_os_str(),
        ],
        &ron,
    );
    assert!(
        !dir.path().join("slide.svg").exists(),
        "half the export was written"
    );
}

#[test]
fn a_csv_set_that_cannot_be_written_whole_is_not_written_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nodes = dir.path().join("g.nodes.csv");
    std::fs::write(&nodes, "old nodes").expect("write");
    // The edges file cannot be written: its name is taken by a folder.
    std::fs::create_dir(dir.path().join("g.edges.csv")).expect("mkdir");
    let out = bin()
        .args(["export", "-f", "csv", "-o"])
        .arg(dir.path().join("g.csv"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("g.edges.csv"), "{err}");
    assert_eq!(std::fs::read(&nodes).expect("read"), b"old nodes");
    assert_eq!(names(dir.path()), ["g.edges.csv", "g.nodes.csv"]);
}

/// Creates a file named like our temp files for `pid`, last modified `age_s` ago.
fn temp_named(dir: &Path, pid: u32, age_s: u64) -> PathBuf {
    let p = dir.join(format!(".ideagraph-tmp-{pid}-Xy12Ab"));
    let f = std::fs::File::create(&p).expect("create");
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(age_s);
    f.set_modified(when).expect("mtime");
    p
}

#[test]
fn a_killed_writes_stale_temp_is_swept_by_the_next_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Above Linux's largest pid (2^22): no process has it.
    let dead = 4_194_304 + 777;
    let stale = temp_named(dir.path(), dead, 3_600);
    let fresh = temp_named(dir.path(), dead + 1, 0);
    let out = dir.path().join("g.json");
    bin()
        .args(["export", "-f", "json", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(!stale.exists(), "the stale temp is still there");
    assert!(fresh.exists(), "a temp still being written was removed");
    // The export's own temp is gone too: only the output and the fresh temp remain.
    assert_eq!(names(dir.path()).len(), 2, "{:?}", names(dir.path()));
}

/// `/dev/stdout` given as `-o` writes into the process's own standard output, whatever
/// it is (here the test's pipe, which `/proc/self/fd/1` names as `pipe:[N]`).
#[cfg(unix)]
#[test]
fn dev_stdout_as_output_writes_into_a_piped_stdout() {
    if !Path::new("/dev/stdout").exists() {
        eprintln!("skipped: no /dev/stdout");
        return;
    }
    for path in ["/dev/stdout", "/dev/fd/1"] {
        let out = bin()
            .args(["export", "-f", "json", "-o", path])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{path}: {err}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert!(json["nodes"].as_array().is_some_and(|n| !n.is_empty()));
    }
}

/// A FIFO given as `-o` whose reader goes is an error naming it (exit 1): only
/// standard output's reader leaving is a quiet end.
#[cfg(unix)]
#[test]
fn a_fifo_whose_reader_goes_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.ron");
    fifo::mkfifo(&fifo);
    // Opens the FIFO (which lets the writer's open return) and closes it unread. The
    // output is larger than a pipe holds, so the write fails whatever the timing.
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || drop(std::fs::File::open(fifo).expect("open the fifo")))
    };
    let out = bin()
        .args(["generate", "--nodes", "5000", "--edges", "5000", "-o"])
        .arg(&fifo)
        .output()
        .expect("runs");
    reader.join().expect("reader");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("pipe.ron"), "{err}");
}

/// `export --view V -o V` would replace the saved view with the export; `layout G -o G`
/// would replace the graph with positions. Both are refused and leave the file whole.
#[test]
fn a_command_never_overwrites_a_file_it_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let view = dir.path().join("v.ron");
    let view_text = "SavedView(name: \"Milburn\", filter: (focus: Some(\"alan-milburn\")))";
    std::fs::write(&view, view_text).expect("write");
    // Runs the binary, which must refuse to write `kept` and leave it as it was.
    let refused = |args: &[&std::ffi::OsStr], kept: &Path| {
        let before = std::fs::read(kept).expect("read");
        bin()
            .args(args)
            .assert()
            .code(1)
            .stderr(predicates::str::contains("refusing to overwrite"));
        assert_eq!(std::fs::read(kept).expect("read"), before, "{args:?}");
    };
    let os = std::ffi::OsStr::new;
    let v = view.as_os_str();
    refused(
        &[
            os("export"),
            os("-f"),
            os("ron"),
            os("--view"),
            v,
            os("-o"),
            v,
        ],
        &view,
    );

    let graph = dir.path().join("g.ron");
    bin()
        .args(["export", "-f", "ron", "-o"])
        .arg(&graph)
        .assert()
        .success();
    let g = graph.as_os_str();
    refused(
        &[os("layout"), g, os("--steps"), os("2"), os("-o"), g],
        &graph,
    );

    let edges = dir.path().join("e.edges.csv");
    std::fs::write(&edges, "source,target\na,b\n").expect("write");
    let prefix = dir.path().join("e");
    let (p, e) = (prefix.as_os_str(), edges.as_os_str());
    refused(
        &[os("layout"), p, os("--steps"), os("2"), os("-o"), e],
        &edges,
    );
}

/// A new file gets 0666 less the user's umask, as any program's would; a replaced file
/// keeps its rwx bits but never set-user-id, set-group-id or sticky.
#[cfg(unix)]
#[test]
fn written_files_follow_the_umask_and_drop_special_bits() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = env!("CARGO_BIN_EXE_ideagraph");
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o7777;
    for (umask, want) in [("077", 0o600), ("002", 0o664), ("022", 0o644)] {
        let out = dir.path().join(format!("u{umask}.json"));
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$0\" export -o \"$1\""))
            .arg(exe)
            .arg(&out)
            .status()
            .expect("runs");
        assert!(status.success());
        assert_eq!(mode(&out), want, "umask {umask}");
    }
    let kept = dir.path().join("kept.json");
    std::fs::write(&kept, "{}").expect("write");
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o4750)).expect("chmod");
    bin().args(["export", "-o"]).arg(&kept).assert().success();
    assert_eq!(mode(&kept), 0o750);
}

/// A picture sent into a device gets no bibliography beside it: `-o /dev/null` used to
/// write `/dev/null.sources.txt`, a regular file in /dev when run as root.
#[cfg(unix)]
#[test]
fn a_picture_written_into_a_device_gets_no_companion_file() {
    let null = Path::new("/dev/null");
    let companion = Path::new("/dev/null.sources.txt");
    if companion.exists() {
        eprintln!("skipped: {} is already there", companion.display());
        return;
    }
    let out = bin()
        .args(["export", "-f", "svg", "-o"])
        .arg(null)
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!companion.exists(), "{err}");
    assert!(!err.contains("sources.txt"), "{err}");
}
