//! The real binary against hostile flags and pipes: every numeric flag is range-checked
//! with a message naming it, a closed pipe ends a command quietly, a saved view's text
//! filter is kept, and pictures of absurdly long labels are drawn at once.

#[path = "support/json_ids.rs"]
mod json_ids;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

fn bin_path() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ideagraph")
}

/// Two linked nodes and one apart, with a source.
const SMALL: &str = r#"#![enable(implicit_some)]
Document(
  version: 1,
  sources: [Source(id: "s", title: "T", file: "s.txt")],
  nodes: [
    Node(id: "a", label: "Alpha", kind: Person),
    Node(id: "b", label: "Beta", kind: Concept),
    Node(id: "c", label: "Gamma", kind: Concept),
  ],
  edges: [
    Edge(from: "a", to: "b", relation: Advocates, evidence: [Evidence(source: "s", quote: "a backs b")]),
  ],
)
"#;

fn small(dir: &tempfile::TempDir) -> PathBuf {
    let p = dir.path().join("small.ron");
    std::fs::write(&p, SMALL).expect("write");
    p
}

/// Runs the binary with `args`; asserts a usage error (exit 2, no panic) whose
/// message contains every one of `words`.
fn refused(args: &[&str], words: &[&str]) {
    let out = bin().args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for w in words {
        assert!(err.contains(w), "{args:?}: {w:?} missing from: {err}");
    }
}

#[test]
fn layout_steps_out_of_range_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    let g = g.to_str().expect("utf-8 path");
    refused(
        &["layout", g, "--steps", "18446744073709551615"],
        &["--steps", "0..=1000000"],
    );
    refused(&["layout", g, "--steps", "4294967296"], &["--steps"]);
    refused(&["layout", g, "--warmup", "4294967296"], &["--warmup"]);
    bin().args(["layout", g, "--steps", "0"]).assert().success();
}

#[test]
fn generate_sizes_out_of_range_are_refused() {
    refused(
        &["generate", "--nodes", "1000000000", "--edges", "1"],
        &["--nodes", "1000000"],
    );
    refused(
        &[
            "generate",
            "--nodes",
            "10",
            "--edges",
            "18446744073709551615",
        ],
        &["--edges"],
    );
    bin()
        .args(["generate", "--nodes", "3", "--edges", "2", "--seed"])
        .arg(u64::MAX.to_string())
        .assert()
        .success();
}

#[test]
fn path_k_must_be_at_least_one_and_bounded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    let g = g.to_str().expect("utf-8 path");
    refused(&["path", "a", "b", g, "--k", "0"], &["--k", "1..=100"]);
    refused(
        &["path", "a", "b", g, "--k", "18446744073709551615"],
        &["--k"],
    );
    bin()
        .args(["path", "a", "b", g, "--k", "100"])
        .assert()
        .success();
}

#[test]
fn other_numeric_flags_are_range_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    let g = g.to_str().expect("utf-8 path");
    refused(&["stats", g, "--top", "0"], &["--top"]);
    refused(&["stats", g, "--top", "18446744073709551615"], &["--top"]);
    refused(&["stats", g, "--focus", "a", "--depth", "0"], &["--depth"]);
    refused(
        &[
            "stats",
            g,
            "--focus",
            "a",
            "--depth",
            "18446744073709551615",
        ],
        &["--depth"],
    );
    let out = dir.path().join("p.png");
    let out = out.to_str().expect("utf-8 path");
    for bad in ["0", "-1", "NaN", "inf", "17", "1e30"] {
        refused(
            &[
                "export",
                g,
                "-f",
                "png",
                "-o",
                out,
                &format!("--scale={bad}"),
            ],
            &["--scale"],
        );
    }
}

/// Spawns the binary with stdout piped, closes the pipe before it writes, and gives
/// its exit code and standard error (checked for a panic).
fn run_with_closed_pipe(args: &[&str]) -> (Option<i32>, String) {
    let mut child = StdCommand::new(bin_path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        e.read_to_string(&mut err).expect("stderr");
    }
    let status = child.wait().expect("wait");
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    (status.code(), err)
}

/// A closed pipe before any output: the command ends quietly with exit 0 (Rust
/// ignores SIGPIPE, so the process is never killed by it).
fn quiet_on_closed_pipe(args: &[&str]) {
    let (code, err) = run_with_closed_pipe(args);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    assert!(err.is_empty(), "{args:?} was not quiet: {err}");
}

/// Reads one byte of the output, then closes the pipe: for outputs larger than a pipe
/// holds, so the writer is certainly still writing. The command ends quietly, exit 0.
fn quiet_after_one_line(args: &[&str]) {
    let mut child = StdCommand::new(bin_path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
}

#[test]
fn every_command_ends_quietly_when_the_reader_goes() {
    quiet_on_closed_pipe(&["stats"]);
    quiet_on_closed_pipe(&["stats", "--metric", "pagerank", "--top", "50"]);
    quiet_on_closed_pipe(&["path", "Jon Cruddas", "Alan Milburn", "--k", "5"]);
    quiet_on_closed_pipe(&["compare", "2007..2009", "2014..2016"]);
    quiet_on_closed_pipe(&["export", "-f", "json"]);
    quiet_on_closed_pipe(&["export", "-f", "json", "-o", "/dev/stdout"]);
    quiet_on_closed_pipe(&["generate", "--nodes", "2000", "--edges", "4000"]);
    quiet_after_one_line(&["export", "-f", "json"]);
    quiet_after_one_line(&["export", "-f", "svg"]);
    quiet_after_one_line(&["generate", "--nodes", "20000", "--edges", "40000"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    quiet_on_closed_pipe(&["layout", g.to_str().expect("utf-8"), "--steps", "3"]);
}

#[test]
fn check_ends_quietly_when_the_reader_goes() {
    quiet_on_closed_pipe(&["check"]);
}

/// A closed pipe stops output; the exit code is still what the command found.
#[test]
fn a_closed_pipe_keeps_checks_exit_code_for_problems() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, SMALL.replace(r#"to: "b""#, r#"to: "nowhere""#)).expect("write");
    let bad = bad.to_str().expect("utf-8");
    let out = bin().args(["check", bad]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "the file has a problem");
    let (code, err) = run_with_closed_pipe(&["check", bad]);
    assert_eq!(code, Some(1), "{err}");
}

/// `layout -o` writes its positions before its summary: a closed pipe for the summary
/// does not lose the file.
#[test]
fn layout_writes_its_positions_even_when_the_reader_goes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    let pos = dir.path().join("pos.csv");
    let args = [
        "layout",
        g.to_str().expect("utf-8"),
        "--steps",
        "3",
        "-o",
        pos.to_str().expect("utf-8"),
    ];
    let (code, err) = run_with_closed_pipe(&args);
    assert_eq!(code, Some(0), "{err}");
    let csv = std::fs::read_to_string(&pos).expect("positions written");
    assert!(csv.starts_with("id,x,y\n"), "{csv}");
}

/// The ids in a JSON node-link export written to standard output.
fn exported_ids(args: &[&str]) -> Vec<String> {
    let out = bin().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_ids::json_ids(&out.stdout)
}

#[test]
fn a_saved_views_text_filter_applies_and_flags_override_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    let g = g.to_str().expect("utf-8 path");
    let view = dir.path().join("v.ron");
    std::fs::write(&view, r#"(name: "about alpha", filter: (text: "alpha"))"#).expect("write");
    let view = view.to_str().expect("utf-8 path");
    // Text matches keep their neighbours: Alpha and Beta, not Gamma.
    assert_eq!(
        exported_ids(&["export", g, "-f", "json", "--view", view]),
        ["a", "b"]
    );
    // A --text given on the command line replaces the view's text.
    assert_eq!(
        exported_ids(&["export", g, "-f", "json", "--view", view, "--text", "gamma"]),
        ["c"]
    );
    // Other flags add to the view: among concepts alone, none matches its text.
    assert_eq!(
        exported_ids(&[
            "export", g, "-f", "json", "--view", view, "--kind", "concept"
        ]),
        Vec::<String>::new()
    );
}

#[test]
fn a_saved_views_focus_depth_is_kept_unless_given() {
    let dir = tempfile::tempdir().expect("tempdir");
    let chain = dir.path().join("chain.ron");
    std::fs::write(
        &chain,
        r#"#![enable(implicit_some)]
Document(
  version: 1,
  sources: [Source(id: "s", title: "T", file: "s.txt")],
  nodes: [
    Node(id: "a", label: "A", kind: Person),
    Node(id: "b", label: "B", kind: Person),
    Node(id: "c", label: "C", kind: Person),
  ],
  edges: [
    Edge(from: "a", to: "b", relation: Supports, evidence: [Evidence(source: "s", quote: "q")]),
    Edge(from: "b", to: "c", relation: Supports, evidence: [Evidence(source: "s", quote: "q")]),
  ],
)
"#,
    )
    .expect("write");
    let g = chain.to_str().expect("utf-8 path");
    let view = dir.path().join("v.ron");
    std::fs::write(&view, r#"(filter: (focus: "a", depth: 2))"#).expect("write");
    let view = view.to_str().expect("utf-8 path");
    assert_eq!(
        exported_ids(&["export", g, "-f", "json", "--view", view]),
        ["a", "b", "c"]
    );
    assert_eq!(
        exported_ids(&["export", g, "-f", "json", "--view", view, "--depth", "1"]),
        ["a", "b"]
    );
    // A new focus without --depth keeps the view's depth.
    assert_eq!(
        exported_ids(&["export", g, "-f", "json", "--view", view, "--focus", "c"]),
        ["a", "b", "c"]
    );
}

/// A graph of one node whose label is `chars` long.
fn long_label_graph(dir: &tempfile::TempDir, chars: usize) -> PathBuf {
    let p = dir.path().join("long.ron");
    let label = "x".repeat(chars);
    std::fs::write(
        &p,
        format!("Document(version: 1, nodes: [Node(id: \"a\", label: \"{label}\", kind: Person)])"),
    )
    .expect("write");
    p
}

#[test]
fn very_long_labels_are_shortened_for_drawing() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Old code laid out all of this text and then refused the picture as too wide. (A
    // label longer than `limits::MAX_LABEL_CHARS`, 16,384, is refused when read.)
    let g = long_label_graph(&dir, 16_000);
    let png = dir.path().join("long.png");
    bin()
        .arg("export")
        .arg(&g)
        .args(["-f", "png", "-o"])
        .arg(&png)
        .assert()
        .success();
    assert!(std::fs::read(&png).expect("png").starts_with(b"\x89PNG"));
    let out = bin()
        .arg("export")
        .arg(&g)
        .args(["-f", "svg"])
        .output()
        .expect("runs");
    let svg = String::from_utf8_lossy(&out.stdout);
    assert!(svg.contains("x\u{2026}</text>"), "no ellipsis in the label");
    let width: f32 = svg
        .split_once("width=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .and_then(|(w, _)| w.parse().ok())
        .expect("an SVG width");
    assert!(width < 2_000.0, "the drawing is {width} wide");
    let out = bin()
        .arg("export")
        .arg(&g)
        .args(["-f", "dot"])
        .output()
        .expect("runs");
    let dot = String::from_utf8_lossy(&out.stdout);
    assert!(dot.contains("x\u{2026}\", shape="), "{}", dot.len());
}

/// An absurd `--focus` or `path` name is refused with a short message: the name is cut
/// where it is echoed, and only its start is compared against labels for suggestions.
#[test]
fn a_huge_node_name_gets_a_short_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    let g = g.to_str().expect("utf-8");
    let name = "zq".repeat(50_000);
    for args in [
        ["path", name.as_str(), "Alpha", g],
        ["export", g, "--focus", name.as_str()],
    ] {
        let out = bin().args(args).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("no node named") && err.contains('…'), "{err}");
        assert!(err.len() < 1_000, "{} bytes of message", err.len());
    }
}

/// A saved view's nodes hidden, kept or added by hand apply on the command line as in
/// the window: `export` writes what the view shows and `stats` counts the same nodes.
#[test]
fn a_saved_views_nodes_chosen_by_hand_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = small(&dir);
    let g = g.to_str().expect("utf-8 path");
    let view = dir.path().join("v.ron");
    // People only (Alpha), with Beta, its neighbour, added by hand; Gamma hidden.
    std::fs::write(
        &view,
        r#"(filter: (kinds: [Person]), by_hand: (added: ["b"], hidden: ["c"]))"#,
    )
    .expect("write");
    let view = view.to_str().expect("utf-8 path");
    assert_eq!(
        exported_ids(&["export", g, "-f", "json", "--view", view]),
        ["a", "b"]
    );
    let stats = bin()
        .args(["stats", g, "--view", view])
        .output()
        .expect("stats");
    let text = String::from_utf8_lossy(&stats.stdout);
    assert!(text.contains("2 of 3 nodes, 1 of 1 edges"), "{text}");
    let only = dir.path().join("only.ron");
    std::fs::write(&only, r#"(by_hand: (only: ["a", "c"]))"#).expect("write");
    let only = only.to_str().expect("utf-8 path");
    assert_eq!(
        exported_ids(&["export", g, "-f", "json", "--view", only]),
        ["a", "c"]
    );
}

/// `compare` with `--view` leaves out what the view hid by hand, as the window does.
#[test]
fn compare_leaves_out_what_a_saved_view_hid_by_hand() {
    use ideagraph::query::{ViewSpec, shown};
    let kg = ideagraph::bundled::bundled_graph().expect("bundled graph");
    let spec = ViewSpec {
        compare: Some(((2007, 2009), (2014, 2016))),
        ..ViewSpec::default()
    };
    let (_, c) = shown(&kg, &spec);
    let new = *c
        .expect("comparing")
        .only_second
        .first()
        .expect("something new");
    let node = kg.node_at(new).expect("node");
    let listed = format!("  {} ({})", node.label, node.kind.name());
    let run = |view: Option<&std::path::Path>| {
        let mut cmd = bin();
        cmd.args(["compare", "2007..2009", "2014..2016"]);
        if let Some(v) = view {
            cmd.arg("--view").arg(v);
        }
        let out = cmd.output().expect("compare");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(None).contains(&listed), "{listed} is new");
    let dir = tempfile::tempdir().expect("tempdir");
    let view = dir.path().join("v.ron");
    std::fs::write(&view, format!("(by_hand: (hidden: [{:?}]))", node.id)).expect("write");
    let text = run(Some(&view));
    assert!(!text.contains(&listed), "{listed} hidden by hand: {text}");
}
