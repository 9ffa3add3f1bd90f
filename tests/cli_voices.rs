//! Voice and modality from the command line, on the real binary: `ideagraph voices`
//! (counts, disagreements, `--apply`), `check --sources` warning of labels the text does
//! not support, and `add-edge` labelling a new quote as its text reads (or as told).

use std::path::Path;

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

const TEXT: &str = "Kendall says: \u{201c}We will let the state go.\u{201d}\n\
The author thinks reform is likely to win. Reform will, I expect, be the theme.\n";

/// Kendall's quoted words labelled as the author's report (allowed: the weaker claim),
/// and the author's forecast labelled stated (warned of: the text hedges it).
const GRAPH: &str = r#"#![enable(implicit_some)]
Document(
  version: 1,
  sources: [
    Source(id: "piece", title: "The piece", file: "piece.txt"),
  ],
  nodes: [
    Node(id: "kendall", label: "Liz Kendall", kind: Person),
    Node(id: "reform", label: "Reform", kind: Concept),
    Node(id: "state", label: "The state", kind: Concept),
  ],
  edges: [
    Edge(from: "kendall", to: "state", relation: Advocates, evidence: [
      Evidence(source: "piece", quote: "We will let the state go"),
    ]),
    Edge(from: "kendall", to: "reform", relation: Advocates, evidence: [
      Evidence(source: "piece", quote: "Reform will, I expect, be the theme."),
    ]),
  ],
)
"#;

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("g.ron"), GRAPH).expect("graph");
    std::fs::create_dir(dir.path().join("texts")).expect("texts");
    std::fs::write(dir.path().join("texts/piece.txt"), TEXT).expect("text");
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = bin().current_dir(dir).args(args).output().expect("runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("utf-8");
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

#[test]
fn check_warns_of_a_hedged_quote_stated_and_voices_apply_labels_by_the_text() {
    let dir = fixture();
    let (code, out, err) = run(dir.path(), &["check", "g.ron", "--sources", "texts"]);
    assert_eq!(code, 0, "warnings do not fail check: {out}{err}");
    assert!(
        out.contains("warning [modality] edge #2 kendall -advocates-> reform: quote \"Reform will, I expect, be the theme.\" is marked stated, but the author writes \"i expect\""),
        "{out}"
    );
    assert!(
        !out.contains("[voice]"),
        "quoted words called a report are allowed: {out}"
    );

    let (code, out, _) = run(
        dir.path(),
        &["voices", "g.ron", "--sources", "texts", "--apply"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("g.ron: 2 quote(s) relabelled by the rule"),
        "{out}"
    );
    assert!(out.contains("0 quote(s) labelled otherwise"), "{out}");
    let saved = std::fs::read_to_string(dir.path().join("g.ron")).expect("saved");
    assert!(
        saved.contains("quote: \"We will let the state go\", voice: Own, modality: Stated"),
        "her own words, a commitment: {saved}"
    );
    assert!(
        saved.contains(
            "quote: \"Reform will, I expect, be the theme.\", voice: Reported, modality: Expected"
        ),
        "{saved}"
    );
    assert!(
        dir.path().join("g.ron.bak").exists(),
        "the previous version kept"
    );
}

#[test]
fn own_words_the_text_does_not_support_are_warned_of() {
    let dir = fixture();
    let claimed = GRAPH.replace(
        "quote: \"Reform will, I expect, be the theme.\")",
        "quote: \"The author thinks reform\", voice: Own)",
    );
    std::fs::write(dir.path().join("g.ron"), claimed).expect("graph");
    let (code, out, _) = run(dir.path(), &["voices", "g.ron", "--sources", "texts"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 quote(s) labelled otherwise"), "{out}");
    assert!(out.contains("[voice] edge #2"), "{out}");
    assert!(
        out.contains("is marked own words, but it is not inside quotation marks"),
        "{out}"
    );
}

#[test]
fn add_edge_labels_a_quote_as_its_text_reads_unless_told() {
    let dir = fixture();
    let edge = |extra: &[&str]| {
        let mut args = vec![
            "add-edge",
            "g.ron",
            "--from",
            "kendall",
            "--to",
            "reform",
            "--relation",
            "mentions",
            "--source",
            "piece",
            "--quote",
            "We will let the state go",
            "--sources",
            "texts",
        ];
        args.extend_from_slice(extra);
        run(dir.path(), &args)
    };
    let (code, out, err) = edge(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.ends_with("\u{bb} (own words)\n"), "{out}");
    let (code, out, err) = edge(&["--voice", "reported", "--modality", "expected"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("\u{bb} (author's report, expected)\n"),
        "{out}"
    );
    let (code, _, err) = edge(&["--voice", "loud"]);
    assert_eq!(code, 2, "a bad value is a usage error");
    assert!(err.contains("loud"), "{err}");
}
