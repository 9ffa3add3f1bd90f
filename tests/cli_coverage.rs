//! `ideagraph coverage` on the real binary: one row per source text (sources sharing a
//! text counted together), the share of its sentences that back a quote, the names no
//! node is called, `--list` with each unbacked sentence at its file and line, a text that
//! cannot be read named in its row; exit 0, or 2 for a graph that cannot be read.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

/// An article and a reader's comment sharing `piece.txt`, and a source whose text is
/// missing.
const GRAPH: &str = r#"#![enable(implicit_some)]
Document(
  version: 1,
  sources: [
    Source(id: "article", title: "The article", file: "piece.txt"),
    Source(id: "comment", title: "A comment on it", file: "piece.txt"),
    Source(id: "lost", title: "A lost text", file: "lost.txt"),
  ],
  nodes: [
    Node(id: "ada", label: "Ada Reformer", kind: Person, aliases: ["Ada"]),
    Node(id: "localism", label: "Localism", kind: Concept),
  ],
  edges: [
    Edge(from: "ada", to: "localism", relation: Advocates, evidence: [
      Evidence(source: "article", quote: "Ada Reformer argues for localism"),
      Evidence(source: "comment", quote: "I agree with Ada"),
    ]),
  ],
)
"#;

const PIECE: &str = "Localism now\n\nAda Reformer argues for localism. Bob Builder \
disagrees with her.\nI agree with Ada.\n";

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("g.ron"), GRAPH).expect("graph");
    std::fs::create_dir(dir.path().join("texts")).expect("texts");
    std::fs::write(dir.path().join("texts/piece.txt"), PIECE).expect("text");
    dir
}

fn coverage(dir: &Path, list: bool) -> String {
    let mut cmd = bin();
    cmd.current_dir(dir)
        .args(["coverage", "g.ron", "--sources", "texts"]);
    if list {
        cmd.arg("--list");
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn each_text_has_a_row_with_its_share_and_new_names() {
    let dir = fixture();
    let out = coverage(dir.path(), false);
    // Four sentences: the headline, two in the paragraph, the comment; two back quotes.
    let row = out
        .lines()
        .find(|l| l.starts_with("piece.txt"))
        .unwrap_or_else(|| panic!("no row for piece.txt:\n{out}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells,
        ["piece.txt", "4", "2", "50%", "1", "article,", "comment"],
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("lost.txt") && l.contains("not read")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("all ")), "{out}");
}

#[test]
fn list_names_each_unbacked_sentence_at_its_line_and_each_new_name() {
    let dir = fixture();
    let out = coverage(dir.path(), true);
    for wanted in [
        "== piece.txt (article, comment)",
        "  piece.txt:1: Localism now",
        "  piece.txt:3: Bob Builder disagrees with her.",
        "  Bob Builder (1)",
    ] {
        assert!(out.lines().any(|l| l == wanted), "{wanted:?} in\n{out}");
    }
    assert!(!out.contains("Ada Reformer argues for localism."), "{out}");
}

#[test]
fn a_graph_that_cannot_be_read_exits_2() {
    let dir = fixture();
    std::fs::write(dir.path().join("bad.ron"), "Document(").expect("bad");
    bin()
        .current_dir(dir.path())
        .args(["coverage", "bad.ron", "--sources", "texts"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.ron"));
}

/// Runs coverage with an exceptions file holding `entries`, strictly; returns the exit
/// code and the output.
fn with_exceptions(dir: &Path, entries: &str, list: bool) -> (i32, String, String) {
    std::fs::write(
        dir.join("exc.md"),
        format!("# Exceptions\n\nWhy not.\n{entries}"),
    )
    .expect("exc");
    let mut cmd = bin();
    cmd.current_dir(dir).args([
        "coverage",
        "g.ron",
        "--sources",
        "texts",
        "--exceptions",
        "exc.md",
        "--strict",
    ]);
    if list {
        cmd.arg("--list");
    }
    let out = cmd.output().expect("runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("utf-8");
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

#[test]
fn exceptions_explain_unbacked_sentences_and_strict_fails_on_what_is_owed() {
    let dir = fixture();
    let both = "- piece.txt:1 \"Localism now\" \u{2014} headline\n\
                - piece.txt:3 \"Bob Builder disagrees\" \u{2014} no quote yet, on purpose\n";
    let (code, out, err) = with_exceptions(dir.path(), both, false);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("excepted      owed"), "{out}");
    let row = out
        .lines()
        .find(|l| l.starts_with("piece.txt"))
        .expect("row");
    assert!(row.contains("       2         0"), "{row}");

    let one = "- piece.txt:1 \"Localism now\" \u{2014} headline\n";
    let (code, out, _) = with_exceptions(dir.path(), one, true);
    assert_eq!(code, 1, "a sentence is owed: {out}");
    assert!(
        out.contains("piece.txt:1: Localism now [excepted: headline]"),
        "{out}"
    );
    assert!(
        out.contains("piece.txt:3: Bob Builder disagrees with her.\n"),
        "{out}"
    );

    let stale = format!("{both}- piece.txt:3 \"Ada Reformer argues\" \u{2014} now backed\n");
    let (code, out, _) = with_exceptions(dir.path(), &stale, true);
    assert_eq!(code, 1, "a stale entry: {out}");
    assert!(
        out.contains("stale exception (exceptions line 6): piece.txt:3 \"Ada Reformer argues\""),
        "{out}"
    );
}

#[test]
fn a_malformed_exceptions_file_is_named_with_its_line() {
    let dir = fixture();
    let (code, out, err) =
        with_exceptions(dir.path(), "- piece.txt:x \"Localism\" \u{2014} y\n", false);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("exc.md: line 4:"), "{err}");
    assert!(out.is_empty(), "no report: {out}");
}
