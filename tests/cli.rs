//! Runs the real `ideagraph` binary on good and bad files.

#[cfg(unix)]
#[path = "support/fifo.rs"]
mod fifo;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

fn bundled_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("graph.ron")
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// Exit code and combined output of `ideagraph check FILE`.
fn check_file(bytes: &[u8], name: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(&dir, name, bytes);
    let out = bin().arg("check").arg(&p).output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "panic: {text}");
    (out.status.code().expect("exited"), text)
}

const SMALL: &str = r#"#![enable(implicit_some)]
Document(
  version: 1,
  sources: [Source(id: "s", title: "T", file: "s.txt")],
  nodes: [
    Node(id: "a", label: "A", kind: Person),
    Node(id: "b", label: "B", kind: Concept),
  ],
  edges: [
    Edge(from: "a", to: "b", relation: Advocates, evidence: [Evidence(source: "s", quote: "a backs b")]),
  ],
)
"#;

#[test]
fn bundled_graph_checks_clean() {
    bin()
        .arg("check")
        .assert()
        .success()
        .stdout(predicate::str::contains("ok:"));
    bin().arg("check").arg(bundled_path()).assert().success();
}

#[test]
fn bundled_quotes_are_found_in_the_sources() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: no ../shared/seeds here");
        return;
    }
    bin()
        .args(["check", "graph.ron", "--sources"])
        .arg(&seeds)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .success()
        .stdout(predicate::str::contains("every quote found"));
}

#[test]
fn small_good_file_checks_clean() {
    let (code, text) = check_file(SMALL.as_bytes(), "g.ron");
    assert_eq!(code, 0, "{text}");
}

#[test]
fn quotes_not_in_source_are_reported_with_nearest_passage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let g = write(&dir, "g.ron", SMALL.as_bytes());
    write(
        &dir,
        "s.txt",
        b"Here it is said that a really backs b, they say.",
    );
    let out = bin()
        .arg("check")
        .arg(&g)
        .arg("--sources")
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("quote-not-found"), "{text}");
    assert!(
        text.contains("nearest passage: \"said that a really backs b"),
        "{text}"
    );
}

#[test]
fn empty_file_is_unreadable() {
    let (code, text) = check_file(b"", "g.ron");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("empty"), "{text}");
}

#[test]
fn truncated_file_reports_line_and_column() {
    let cut = &SMALL[..SMALL.len() / 2];
    let (code, text) = check_file(cut.as_bytes(), "cut.ron");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("cut.ron:"), "{text}");
}

#[test]
fn wrong_types_are_reported() {
    let bad = SMALL.replace("label: \"A\"", "label: 5");
    let (code, text) = check_file(bad.as_bytes(), "t.ron");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("t.ron:6:"), "{text}");
}

#[test]
fn dangling_and_duplicate_ids_are_all_reported() {
    let bad = SMALL
        .replace("to: \"b\"", "to: \"nobody\"")
        .replace("id: \"b\"", "id: \"a\"");
    let (code, text) = check_file(bad.as_bytes(), "d.ron");
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("[unknown-node]"), "{text}");
    assert!(text.contains("[duplicate-id]"), "{text}");
    assert!(text.contains("2 problem(s)"), "{text}");
}

#[test]
fn random_bytes_are_unreadable() {
    let mut x: u32 = 0x9e37_79b9;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect();
    let (code, text) = check_file(&bytes, "r.ron");
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("r.ron:"), "{text}");
}

#[test]
fn ten_megabytes_of_garbage_fail_cleanly() {
    let garbage = "(((( [[[ \"unterminated ".repeat(10 * 1024 * 1024 / 24);
    let (code, text) = check_file(garbage.as_bytes(), "big.ron");
    assert_eq!(code, 2, "{}", &text[..text.len().min(500)]);
}

#[test]
fn deeply_nested_input_does_not_overflow() {
    let deep = format!("Document(version: 1, title: {}", "(".repeat(100_000));
    let (code, _) = check_file(deep.as_bytes(), "deep.ron");
    assert_eq!(code, 2);
}

#[test]
fn missing_file_is_unreadable() {
    bin()
        .args(["check", "/no/such/file.ron"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("file.ron"));
}

#[test]
fn opening_a_missing_file_fails_before_any_window() {
    // The window reads a file's contents itself, but a path that cannot be opened is
    // reported where it was typed, with no window (and no display needed).
    bin()
        .arg("/no/such/graph.graphml")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("graph.graphml"));
}

#[test]
fn stats_lists_kinds_relations_sources_and_top_nodes() {
    bin()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("Nodes by kind"))
        .stdout(predicate::str::contains("Edges by relation"))
        .stdout(predicate::str::contains("Sources"))
        .stdout(predicate::str::contains("Top 10 by degree"));
}

#[test]
fn stats_on_bad_file_fails_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = write(&dir, "bad.ron", b"Document(version: 1, nodes: [");
    bin()
        .arg("stats")
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.ron:1:"));
}

#[test]
fn json_export_is_node_link_with_evidence() {
    let out = bin()
        .args(["export", "--format", "json"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["directed"], true);
    assert_eq!(v["multigraph"], true);
    let nodes = v["nodes"].as_array().expect("nodes");
    let links = v["links"].as_array().expect("links");
    assert!(
        nodes
            .iter()
            .all(|n| n["id"].is_string() && n["label"].is_string() && n["kind"].is_string())
    );
    assert!(
        links.iter().all(|l| l["relation"].is_string()
            && !l["evidence"].as_array().expect("evidence").is_empty())
    );
    assert!(v["graph"]["sources"].is_array());
}

#[test]
fn export_to_file_round_trips_through_ron_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ron = dir.path().join("out.ron");
    let json = dir.path().join("out.json");
    bin()
        .args(["export", "--format", "ron", "-o"])
        .arg(&ron)
        .assert()
        .success();
    bin()
        .args(["export", "--format", "json", "-o"])
        .arg(&json)
        .assert()
        .success();
    bin().arg("check").arg(&ron).assert().success();
    bin().arg("check").arg(&json).assert().success();
    let again = dir.path().join("again.ron");
    bin()
        .arg("export")
        .arg(&json)
        .args(["--format", "ron", "-o"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&ron).expect("ron"),
        std::fs::read_to_string(&again).expect("again")
    );
}

#[test]
fn export_to_unwritable_path_fails_cleanly() {
    bin()
        .args(["export", "-o", "/no/such/dir/out.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("out.json"));
}

#[test]
fn unknown_selection_names_are_explained() {
    bin()
        .args(["export", "--kind", "wizard"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown kind"));
    bin()
        .args(["export", "--focus", "Alan Milbern"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean"));
}

#[test]
fn path_narrates_with_citations() {
    bin()
        .args(["path", "Jon Cruddas", "alan-milburn"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Path 1"))
        .stdout(predicate::str::contains("Jon Cruddas supports Liz Kendall"))
        .stdout(predicate::str::contains("29 January 2015"));
    bin()
        .args(["path", "Liz Kendall", "Steve Reed", "--k", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Liz Kendall co-wrote"))
        .stdout(predicate::str::contains("with Steve Reed"));
}

#[test]
fn path_with_unknown_name_suggests_matches() {
    bin()
        .args(["path", "Jon Crudas", "Alan Milburn"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean \"Jon Cruddas\""));
}

#[test]
fn stats_ranks_by_any_metric_and_lists_communities() {
    // Without --metric the summary is whole: the degree ranking and the communities.
    bin()
        .args(["stats", "--top", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Top 3 by degree"))
        .stdout(predicate::str::contains(
            "Communities (Louvain): 8, modularity 0.604",
        ));
    for metric in ["degree", "betweenness", "closeness", "pagerank"] {
        // A metric asked for is what is computed: Louvain, most of the time on a large
        // graph, only with --communities.
        bin()
            .args(["stats", "--metric", metric, "--top", "3"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("Top 3 by {metric}")))
            .stdout(predicate::str::contains("Communities").not());
        bin()
            .args(["stats", "--metric", metric, "--top", "3", "--communities"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("Top 3 by {metric}")))
            .stdout(predicate::str::contains("Communities (Louvain): 8"));
    }
}

#[test]
fn export_selection_flags_match_the_2015_example() {
    let out = bin()
        .args(["export", "--years", "2015"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let ids: Vec<&str> = v["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"liz-kendall")
            && ids.contains(&"steve-reed")
            && ids.contains(&"kendall-reed-pamphlet")
    );
    assert!(!ids.contains(&"beyond-whitehall"));
    let sources = v["graph"]["sources"].as_array().expect("sources");
    assert!(!sources.is_empty());
}

#[test]
fn focus_and_saved_view_select_the_same_nodes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let view = write(
        &dir,
        "v.ron",
        b"SavedView(name: \"Milburn\", filter: (focus: Some(\"alan-milburn\"), depth: 1))",
    );
    let a = bin()
        .args(["export", "--focus", "Alan Milburn", "--depth", "1"])
        .output()
        .expect("runs");
    let b = bin()
        .arg("export")
        .arg("--view")
        .arg(&view)
        .output()
        .expect("runs");
    assert!(
        a.status.success() && b.status.success(),
        "{}",
        String::from_utf8_lossy(&b.stderr)
    );
    assert_eq!(a.stdout, b.stdout);
    let bad = write(&dir, "bad.ron", b"SavedView(name: 3)");
    bin()
        .arg("export")
        .arg("--view")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.ron:1:"));
}

#[test]
fn compare_lists_new_and_gone() {
    bin()
        .args(["compare", "2007..2009", "2014..2016"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Only in 2007..2009"))
        .stdout(predicate::str::contains("Beyond Whitehall"))
        .stdout(predicate::str::contains("Kendall and Reed"));
}

/// Opening the window on a FIFO is refused before any window opens: the old check opened
/// the path with a plain `open`, which blocks on a FIFO until a writer appears.
#[cfg(unix)]
#[test]
fn opening_the_window_on_a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("graph.ron");
    fifo::mkfifo(&fifo);
    bin()
        .arg(&fifo)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("FIFO").and(predicate::str::contains("graph.ron")));
}

/// A consistency warning is listed at its edge's line and leaves the exit code 0.
#[test]
fn consistency_warnings_are_placed_and_do_not_fail_check() {
    let graph = SMALL
        .replace(
            r#"Node(id: "b", label: "B", kind: Concept),"#,
            r#"Node(id: "b", label: "B", kind: Concept),
    Node(id: "e", label: "E", kind: Event),"#,
        )
        .replace(
            "  ],\n)",
            r#"    Edge(from: "a", to: "e", relation: Leads, evidence: [Evidence(source: "s", quote: "a leads e")]),
  ],
)"#,
        );
    let (code, text) = check_file(graph.as_bytes(), "g.ron");
    assert_eq!(code, 0, "{text}");
    let line = graph
        .lines()
        .position(|l| l.contains("relation: Leads"))
        .expect("the edge")
        + 1;
    assert!(
        text.contains(&format!(
            "g.ron:{line}:5: warning [kind-mismatch] edge a leads e: a person leads or chairs an event"
        )),
        "{text}"
    );
    assert!(text.contains("1 consistency warning(s)"), "{text}");
    assert!(text.contains("ok: 3 nodes, 2 edges"), "{text}");
}
