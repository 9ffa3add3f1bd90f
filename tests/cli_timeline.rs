//! `ideagraph timeline`, `ideagraph uptake` and `generate --years` on the real binary:
//! the table of a metric by year (or sliding window) for the top nodes or those named,
//! the same as CSV with `-o`, bad flags refused with exit 2, the first appearance and
//! uptake of an idea told with citations, and dated synthetic graphs.

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

fn stdout(args: &[&str]) -> String {
    let out = bin()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8")
}

/// Two people who back an idea in different years, and one who never dates it (so no
/// year shows him: an undated node is shown only through a dated edge).
const SMALL: &str = r#"#![enable(implicit_some)]
Document(
  version: 1,
  sources: [Source(id: "s", title: "T", date: (date: "2011", basis: Stated), file: "s.txt")],
  nodes: [
    Node(id: "a", label: "Ada", kind: Person),
    Node(id: "b", label: "Bob", kind: Person),
    Node(id: "c", label: "Cy", kind: Person),
    Node(id: "idea", label: "The idea", kind: Concept),
  ],
  edges: [
    Edge(from: "a", to: "idea", relation: Advocates, date: (date: "2010", basis: Inferred("a guess")), evidence: [Evidence(source: "s", quote: "Ada backs it")]),
    Edge(from: "b", to: "idea", relation: Criticises, date: (date: "2011-03", basis: Stated), evidence: [Evidence(source: "s", quote: "Bob doubts it")]),
    Edge(from: "c", to: "idea", relation: Mentions, evidence: [Evidence(source: "s", quote: "Cy names it")]),
  ],
)
"#;

fn small() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("small.ron");
    std::fs::write(&p, SMALL).expect("write");
    let p = p.to_str().expect("utf-8 path").to_owned();
    (dir, p)
}

#[test]
fn timeline_prints_a_row_per_node_and_a_column_per_year() {
    let (_dir, g) = small();
    let out = stdout(&["timeline", &g, "--metric", "degree"]);
    let lines: Vec<Vec<&str>> = out
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    // Cy's only edge is undated, so no year shows him: he has no row.
    assert_eq!(lines[0], ["degree", "per", "year:", "3", "nodes"], "{out}");
    assert_eq!(lines[1], ["node", "2010", "2011"], "{out}");
    // Ties on the best value go by label.
    assert_eq!(lines[2], ["Ada", "1", "-"], "{out}");
    assert_eq!(lines[3], ["Bob", "-", "1"], "{out}");
    assert_eq!(lines[4], ["The", "idea", "1", "1"], "{out}");
    assert_eq!(lines.len(), 5, "{out}");
}

#[test]
fn timeline_on_the_bundled_graph_with_named_nodes_and_a_window() {
    let out = stdout(&[
        "timeline",
        "--metric",
        "degree",
        "--years",
        "2008..2010",
        "--node",
        "Alan Milburn",
        "--node",
        "relational-state",
    ]);
    assert!(out.contains("2008    2009    2010"), "{out}");
    let milburn = out
        .lines()
        .find(|l| l.starts_with("Alan Milburn"))
        .expect(&out);
    assert_eq!(
        milburn.split_whitespace().skip(2).collect::<Vec<_>>(),
        ["47", "-", "-"]
    );
    let out = stdout(&[
        "timeline",
        "--metric",
        "pagerank",
        "--window",
        "3",
        "--years",
        "2014..2016",
        "--top",
        "2",
    ]);
    assert!(
        out.starts_with("pagerank per 3-year window: 2 nodes\n"),
        "{out}"
    );
    assert!(out.contains("2012-2014  2013-2015  2014-2016"), "{out}");
    let out = stdout(&[
        "timeline",
        "--metric",
        "betweenness",
        "--years",
        "2015",
        "--top",
        "3",
    ]);
    assert_eq!(out.lines().count(), 2 + 3, "{out}");
}

#[test]
fn timeline_writes_csv_with_empty_cells_where_a_year_does_not_show_a_node() {
    let (dir, g) = small();
    let csv = dir.path().join("out.csv");
    bin()
        .args([
            "timeline", &g, "--metric", "degree", "--node", "Ada", "--node", "idea",
        ])
        .arg("-o")
        .arg(&csv)
        .assert()
        .success()
        .stdout("");
    let text = std::fs::read_to_string(&csv).expect("written");
    assert_eq!(text, "id,label,2010,2011\na,Ada,1,\nidea,The idea,1,1\n");
    // Windows name their years; no temporary file is left beside the output.
    bin()
        .args([
            "timeline", &g, "--metric", "pagerank", "--window", "2", "--top", "1",
        ])
        .arg("-o")
        .arg(&csv)
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).expect("written");
    assert!(
        // Ada and the idea share 2009-2010's highest PageRank: the label decides.
        text.starts_with("id,label,2009-2010,2010-2011\na,Ada,0.5,0.2"),
        "{text}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

/// Runs the binary with `args`; asserts a usage error (exit 2, no panic) whose
/// message contains `word`.
fn refused(args: &[&str], word: &str) {
    let out = bin().args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(word), "{args:?}: {word:?} missing from: {err}");
    assert!(out.stdout.is_empty(), "{args:?}");
}

#[test]
fn timeline_refuses_bad_flags_with_exit_2() {
    refused(&["timeline"], "--metric");
    refused(&["timeline", "--metric", "fame"], "fame");
    refused(
        &["timeline", "--metric", "degree", "--window", "0"],
        "--window",
    );
    refused(
        &["timeline", "--metric", "degree", "--window", "400"],
        "--window",
    );
    refused(&["timeline", "--metric", "degree", "--top", "0"], "--top");
    refused(
        &["timeline", "--metric", "degree", "--node", "Alan Milbern"],
        "did you mean",
    );
    refused(
        &["timeline", "--metric", "degree", "--years", "2016..2008"],
        "start is after end",
    );
    refused(
        &["timeline", "--metric", "degree", "--years", "then"],
        "invalid year range",
    );
    refused(
        &["timeline", "--metric", "degree", "--years", "1066"],
        "1800..=2100",
    );
    refused(
        &["timeline", "--metric", "degree", "--kind", "wizard"],
        "unknown kind",
    );
    refused(
        &["timeline", "/no/such/graph.ron", "--metric", "degree"],
        "graph.ron",
    );
}

#[test]
fn uptake_tells_the_first_appearance_and_the_chain_with_citations() {
    let out = stdout(&["uptake", "the relational state"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(
            "The relational state: Graeme Cooke, Rick Muir and Labour's next big idea"
        ),
        "{out}"
    );
    assert!(
        lines[1].starts_with("First appearance, 2012 (inferred): "),
        "{out}"
    );
    assert!(
        lines[2].contains("source cooke-muir-relational-state; date inferred: "),
        "{out}"
    );
    assert!(out.contains("Taken up by (8):"), "{out}");
    assert!(
        out.contains(
            "  - 2014 (inferred): Ed Miliband advocates The relational state (Rafael Behr"
        ),
        "{out}"
    );
    assert!(
        out.contains("  - undated: IPPR advocates The relational state"),
        "{out}"
    );
}

#[test]
fn uptake_takes_a_file_before_the_concept_and_refuses_unknown_names() {
    let (_dir, g) = small();
    let out = stdout(&["uptake", &g, "The idea"]);
    assert_eq!(
        out.lines().next(),
        Some("The idea: Ada, 2010 (inferred) \u{2192} Bob, March 2011; undated: Cy")
    );
    assert!(out.contains("First appearance, 2010 (inferred): Ada advocates The idea (\u{2018}T\u{2019}, 2011: \u{201c}Ada backs it\u{201d}, author's report)"), "{out}");
    assert!(
        out.contains("  source s; date inferred: a guess\n"),
        "{out}"
    );
    assert!(
        out.contains("  - March 2011: Bob criticises The idea"),
        "{out}"
    );
    refused(&["uptake", &g, "Nobody"], "no node named");
    refused(&["uptake"], "CONCEPT");
}

#[test]
fn generate_with_years_dates_every_edge_and_leaves_the_rest_unchanged() {
    let plain = stdout(&[
        "generate", "--nodes", "200", "--edges", "600", "--seed", "4",
    ]);
    let dated = stdout(&[
        "generate",
        "--nodes",
        "200",
        "--edges",
        "600",
        "--seed",
        "4",
        "--years",
        "2007..2016",
    ]);
    assert!(!plain.contains("date:"), "no dates without --years");
    // Without the dates, the dated graph is the plain one, line for line.
    let undated: Vec<&str> = dated
        .lines()
        .filter(|l| !l.trim_start().starts_with("date: "))
        .collect();
    assert_eq!(undated, plain.lines().collect::<Vec<_>>());
    assert!(dated.matches("date: (date: \"").count() >= 600);
    assert!(dated.contains("basis: Inferred(\"generated\")"));
    assert_eq!(
        dated,
        stdout(&[
            "generate",
            "--nodes",
            "200",
            "--edges",
            "600",
            "--seed",
            "4",
            "--years",
            "2007..2016"
        ]),
        "seeded"
    );
    refused(
        &[
            "generate",
            "--nodes",
            "5",
            "--edges",
            "5",
            "--years",
            "2016..2007",
        ],
        "start is after end",
    );
    refused(
        &[
            "generate", "--nodes", "5", "--edges", "5", "--years", "0..9",
        ],
        "1800..=2100",
    );
    // A dated synthetic graph has a timeline.
    let dir = tempfile::tempdir().expect("tempdir");
    let g = dir.path().join("g.ron");
    bin()
        .args([
            "generate",
            "--nodes",
            "300",
            "--edges",
            "900",
            "--years",
            "2010..2012",
            "-o",
        ])
        .arg(&g)
        .assert()
        .success();
    let out = stdout(&[
        "timeline",
        g.to_str().expect("utf-8"),
        "--metric",
        "pagerank",
        "--top",
        "3",
    ]);
    assert!(out.contains("2010    2011    2012"), "{out}");
    assert_eq!(out.lines().count(), 5, "{out}");
}
