//! Hostile input on the real binary: what is not a regular file, files too large or
//! too wide, absurdly long ids, and `check` on every format the other commands read,
//! with each problem placed at its own record.

#[cfg(unix)]
#[path = "support/fifo.rs"]
mod fifo;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// A guard against hangs (a FIFO used to block reading forever): no test here comes
/// near it when it passes.
const HANG_GUARD: Duration = Duration::from_secs(60);

fn bin() -> Command {
    let mut c = Command::cargo_bin("ideagraph").expect("binary built");
    c.timeout(HANG_GUARD);
    c
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Exit code and combined output of `ideagraph ARGS...`; never a panic or a timeout.
fn run(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = bin().args(args).output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "panic: {text}");
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed (timeout or signal): {text}"));
    (code, text)
}

fn run2(cmd: &str, file: &Path) -> (i32, String) {
    run(&[cmd.as_ref(), file.as_os_str()])
}

// --- Item 4: only regular files are read. ---

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_by_every_reader_without_blocking() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in [
        "f.ron",
        "f.json",
        "f.graphml",
        "f.gexf",
        "f.nodes.csv",
        "f.csv",
    ] {
        let p = dir.path().join(name);
        fifo::mkfifo(&p);
        for cmd in ["check", "stats"] {
            let (code, text) = run2(cmd, &p);
            assert_eq!(code, 2, "{cmd} {name}: {text}");
            assert!(
                text.contains("FIFO") && text.contains(name),
                "{cmd} {name}: {text}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_partner_of_a_csv_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let nodes = write(dir.path(), "g.nodes.csv", b"Id,Label\na,A\n");
    fifo::mkfifo(&dir.path().join("g.edges.csv"));
    let (code, text) = run2("stats", &nodes);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("FIFO") && text.contains("g.edges.csv"),
        "{text}"
    );
}

#[test]
fn a_directory_named_like_a_graph_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["d.nodes.csv", "d.ron", "d.graphml"] {
        let p = dir.path().join(name);
        std::fs::create_dir(&p).expect("mkdir");
        for cmd in ["check", "stats"] {
            let (code, text) = run2(cmd, &p);
            assert_eq!(code, 2, "{cmd} {name}: {text}");
            assert!(
                text.contains("a directory") && text.contains(name),
                "{cmd} {name}: {text}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_device_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["z.nodes.csv", "z.ron", "z.json"] {
        let p = dir.path().join(name);
        std::os::unix::fs::symlink("/dev/zero", &p).expect("symlink");
        for cmd in ["check", "stats"] {
            let (code, text) = run2(cmd, &p);
            assert_eq!(code, 2, "{cmd} {name}: {text}");
            assert!(
                text.contains("character device") && text.contains(name),
                "{cmd} {name}: {text}"
            );
        }
    }
    let (code, text) = run(&["check".as_ref(), "/dev/urandom".as_ref()]);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("character device"), "{text}");
}

// --- Item 3: a size limit on input. ---

#[test]
fn a_file_over_the_input_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["big.ron", "big.graphml", "big.nodes.csv"] {
        let p = dir.path().join(name);
        // Sparse: no disk space and no time, but its length is over the limit.
        let f = std::fs::File::create(&p).expect("create");
        f.set_len(ideagraph::limits::MAX_INPUT_BYTES + 1)
            .expect("set_len");
        for cmd in ["check", "stats"] {
            let (code, text) = run2(cmd, &p);
            assert_eq!(code, 2, "{cmd} {name}: {text}");
            assert!(
                text.contains("limit") && text.contains(name),
                "{cmd} {name}: {text}"
            );
        }
    }
}

// --- Item 2: a bound on CSV columns. ---

#[test]
fn a_csv_with_too_many_columns_is_refused_with_its_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cols = ideagraph::limits::MAX_CSV_COLUMNS * 10;
    let mut text = String::from("Id,Label");
    for i in 0..cols {
        text += &format!(",c{i}");
    }
    text.push('\n');
    for r in 0..4 {
        text += &format!("n{r},N{r}");
        text += &",".repeat(cols);
        text.push('\n');
    }
    let p = write(dir.path(), "wide.nodes.csv", text.as_bytes());
    let (code, text) = run2("stats", &p);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("columns") && text.contains("wide.nodes.csv:1:"),
        "{text}"
    );
}

/// Rows of 10,000 cells, empty but for the id, until the table is over
/// `MAX_CSV_CELLS`: 60 MB of text that the old reader held as 24 bytes a cell (1.4 GB).
#[cfg(target_os = "linux")]
#[test]
fn a_csv_of_empty_cells_is_refused_at_the_cell_limit_in_bounded_memory() {
    use ideagraph::limits::{MAX_CSV_CELLS, MAX_CSV_COLUMNS};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = String::from("Id");
    for i in 1..MAX_CSV_COLUMNS {
        text += &format!(",c{i}");
    }
    text.push('\n');
    let rows = MAX_CSV_CELLS / MAX_CSV_COLUMNS + 1;
    let commas = ",".repeat(MAX_CSV_COLUMNS - 1);
    for r in 0..rows + 1000 {
        text += &format!("n{r}{commas}\n");
    }
    let p = write(dir.path(), "empty.nodes.csv", text.as_bytes());
    drop(text);
    let (code, out) = run_capped(&["stats".as_ref(), p.as_os_str()]);
    assert_eq!(code, 2, "{}", &out[..out.len().min(2000)]);
    let line = rows + 1; // the header is line 1
    assert!(
        out.contains("cells") && out.contains(&format!("empty.nodes.csv:{line}:")),
        "{}",
        &out[..out.len().min(2000)]
    );
}

/// A header of 50 million commas: the old reader split it into 50 million strings
/// (1.2 GB, and 400 MB of field bounds) before it counted the columns.
#[cfg(target_os = "linux")]
#[test]
fn a_header_of_fifty_million_commas_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = ",".repeat(50_000_000);
    text += "\na,b\n";
    let p = write(dir.path(), "commas.csv", text.as_bytes());
    drop(text);
    let (code, out) = run_capped(&["stats".as_ref(), p.as_os_str()]);
    assert_eq!(code, 2, "{}", &out[..out.len().min(2000)]);
    assert!(
        out.contains("columns") && out.contains("commas.csv:1:"),
        "{}",
        &out[..out.len().min(2000)]
    );
}

// --- Item 1: a long id with many quotes is checked quickly, in bounded memory. ---

/// `ideagraph ARGS...` under an address-space cap of `kib` KiB, and the hang guard: the
/// exit code (-1 if killed, as when an allocation fails) and the output, never a panic.
#[cfg(target_os = "linux")]
fn run_capped_at(kib: u32, args: &[&std::ffi::OsStr]) -> (i32, String) {
    let exe = assert_cmd::cargo::cargo_bin("ideagraph");
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$@\""))
        .arg("sh")
        .arg(exe)
        .args(args)
        .timeout(HANG_GUARD)
        .output()
        .expect("sh runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "panic: {text}");
    (out.status.code().unwrap_or(-1), text)
}

/// `ideagraph ARGS...` under a 1 GiB address-space cap (see [`run_capped_at`]).
#[cfg(target_os = "linux")]
fn run_capped(args: &[&std::ffi::OsStr]) -> (i32, String) {
    run_capped_at(1 << 20, args)
}

/// `ideagraph check FILE` under the cap (the old check formatted the million-character
/// id once per quote: 5 GB for the file below).
#[cfg(target_os = "linux")]
fn check_capped(p: &Path) -> (i32, String) {
    run_capped(&["check".as_ref(), p.as_os_str()])
}

#[cfg(target_os = "linux")]
#[test]
fn a_million_character_id_with_5000_quotes_is_checked_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = "a".repeat(1_000_000);
    let quotes = "Evidence(source: \"s\", quote: \"q\"),".repeat(5_000);
    let text = format!(
        "(version: 1, sources: [Source(id: \"s\", title: \"S\")], nodes: [Node(id: \"{id}\", \
         label: \"A\", kind: Person, evidence: [{quotes}])])"
    );
    let p = write(dir.path(), "long.ron", text.as_bytes());
    let (code, out) = check_capped(&p);
    assert_eq!(code, 1, "{}", &out[..out.len().min(2000)]);
    assert!(
        out.contains("[too-long]"),
        "{}",
        &out[..out.len().min(2000)]
    );
    // Every message names the id shortened, never a million characters of it.
    assert!(out.len() < 20_000, "{} bytes of output", out.len());
}

// --- Item 5: `check` reads every format the other commands read. ---

#[test]
fn check_reads_graphml_gexf_and_csv_and_reports_their_problems() {
    for name in ["karate.graphml", "karate.gexf", "karate.nodes.csv"] {
        let (code, text) = run2("check", &fixture(name));
        assert_eq!(code, 1, "{name}: {text}");
        assert!(
            text.contains("[no-evidence]") && text.contains("problem(s)"),
            "{name}: {text}"
        );
        assert!(!text.contains("Expected opening"), "{name}: {text}");
    }
}

#[test]
fn check_reports_every_problem_of_an_imported_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let graphml = r#"<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <graph edgedefault="directed">
    <node id="a"/>
    <node id="a"/>
    <node id=""/>
    <edge source="a" target="ghost"/>
  </graph>
</graphml>
"#;
    let p = write(dir.path(), "bad.graphml", graphml.as_bytes());
    let (code, text) = run2("check", &p);
    assert_eq!(code, 1, "{text}");
    for rule in ["[duplicate-id]", "[invalid-id]", "[unknown-node]"] {
        assert!(text.contains(rule), "{rule}: {text}");
    }
}

// --- Item 6: each problem at its own record. ---

#[test]
fn check_places_each_bad_edge_at_its_own_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = r#"(
  version: 1,
  sources: [Source(id: "s", title: "S")],
  nodes: [
    Node(id: "a", label: "A", kind: Person),
    Node(id: "b", label: "B", kind: Person),
    Node(id: "a", label: "A again", kind: Person),
  ],
  edges: [
    Edge(from: "a", to: "b", relation: Advocates,
      evidence: [Evidence(source: "s", quote: "ok")]),
    Edge(from: "a", to: "ghost", relation: Advocates,
      evidence: [Evidence(source: "s", quote: "ok")]),
    Edge(from: "a", to: "b", relation: Advocates,
      evidence: [Evidence(source: "nowhere", quote: "ok")]),
    Edge(from: "a", to: "b", relation: Advocates,
      evidence: [Evidence(source: "s", quote: " ")]),
  ],
)
"#;
    let p = write(dir.path(), "edges.ron", text.as_bytes());
    let (code, out) = run2("check", &p);
    assert_eq!(code, 1, "{out}");
    let line_of = |rule: &str| {
        out.lines()
            .find(|l| l.contains(rule))
            .and_then(|l| l.split(':').nth(1))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{rule} not placed: {out}"))
    };
    assert_eq!(line_of("[duplicate-id]"), 7, "{out}");
    assert_eq!(line_of("[unknown-node]"), 12, "{out}");
    assert_eq!(line_of("[unknown-source]"), 15, "{out}");
    assert_eq!(line_of("[empty-quote]"), 17, "{out}");
}

// --- Item 7: an id no format can carry is refused up front. ---

#[test]
fn an_empty_id_is_refused_not_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = r#"(version: 1, nodes: [Node(id: "", label: "A", kind: Person)])"#;
    let p = write(dir.path(), "empty.ron", text.as_bytes());
    let (code, out) = run2("check", &p);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("[invalid-id]"), "{out}");
    let out_csv = dir.path().join("out.csv");
    let (code, out) = run(&[
        "export".as_ref(),
        p.as_os_str(),
        "--format".as_ref(),
        "csv".as_ref(),
        "-o".as_ref(),
        out_csv.as_os_str(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("invalid-id"), "{out}");
}

// --- `check --sources` reads only files inside the sources folder. ---

#[test]
fn check_sources_refuses_files_outside_the_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let secret = write(
        dir.path(),
        "secret.txt",
        b"TOP SECRET PASSAGE of the machine",
    );
    let sources = dir.path().join("sources");
    std::fs::create_dir(&sources).expect("mkdir");
    let abs = secret.display().to_string();
    let graph = format!(
        "(version: 1, sources: [\n\
           Source(id: \"up\", title: \"U\", file: \"../secret.txt\"),\n\
           Source(id: \"abs\", title: \"A\", file: {abs:?}),\n\
           Source(id: \"dot\", title: \"D\", file: \"./../secret.txt\"),\n\
         ], nodes: [Node(id: \"a\", label: \"A\", kind: Person, evidence: [\n\
           Evidence(source: \"up\", quote: \"SECRET of\"),\n\
           Evidence(source: \"abs\", quote: \"PASSAGE the\"),\n\
           Evidence(source: \"dot\", quote: \"TOP of\"),\n\
         ])])"
    );
    let g = write(dir.path(), "g.ron", graph.as_bytes());
    let (code, out) = run(&[
        "check".as_ref(),
        g.as_os_str(),
        "--sources".as_ref(),
        sources.as_os_str(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("SECRET PASSAGE"), "{out}");
    for id in ["up", "abs", "dot"] {
        assert!(
            out.lines().any(|l| l.contains("[source-file]")
                && l.contains(&format!("source \"{id}\""))
                && l.contains("inside")),
            "{id}: {out}"
        );
    }
}

/// A 6 MB source of 3 million words with a quote not in it, under a 128 MiB cap: the
/// nearest passage used to cost a string and a slice per word of the source (over
/// 200 MB); it is found in a lower-cased copy of the source's text now.
#[cfg(target_os = "linux")]
#[test]
fn the_nearest_passage_of_a_long_source_is_found_in_bounded_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "a ".repeat(3_000_000);
    write(dir.path(), "s.txt", text.as_bytes());
    drop(text);
    let graph = "(version: 1, sources: [Source(id: \"s\", title: \"S\", file: \"s.txt\")], \
                 nodes: [Node(id: \"n\", label: \"N\", kind: Person, \
                 evidence: [Evidence(source: \"s\", quote: \"b a c\")])])";
    let g = write(dir.path(), "g.ron", graph.as_bytes());
    let (code, out) = run_capped_at(
        128 << 10,
        &[
            "check".as_ref(),
            g.as_os_str(),
            "--sources".as_ref(),
            dir.path().as_os_str(),
        ],
    );
    assert_eq!(code, 1, "{}", &out[..out.len().min(2000)]);
    assert!(
        out.contains("[quote-not-found]") && out.contains("nearest passage: \"a a a"),
        "{}",
        &out[..out.len().min(2000)]
    );
}

// --- A multi-byte character before `: "` in a file with a problem of no record. ---

#[test]
fn check_places_a_version_problem_past_multibyte_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "(version: 9, nodes: [Node(id: \"a\", label: \"x\u{2014}: \", kind: Person)])";
    let p = write(dir.path(), "v.ron", text.as_bytes());
    let (code, out) = run2("check", &p);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("v.ron:1:2: [version]"), "{out}");
}
