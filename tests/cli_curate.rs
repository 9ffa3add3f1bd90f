//! The curation commands on the real binary: `fmt`, `add-edge` and `add-node`, what
//! they write, and that a refused command leaves the file byte for byte as it was.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

/// A small graph in canonical form, and the source text it quotes.
const SMALL: &str = r#"#![enable(implicit_some)]
Document(
  version: 1,
  title: "Engines",
  sources: [
    Source(
      id: "notes",
      title: "Notes on the engines",
      file: "notes.txt",
    ),
  ],
  nodes: [
    Node(
      id: "ada",
      label: "Ada Lovelace",
      kind: Person,
      aliases: ["Ada", "the mathematician"],
    ),
    Node(
      id: "charles",
      label: "Charles Babbage",
      kind: Person,
      aliases: ["Babbage", "the mathematician"],
    ),
    Node(
      id: "engine",
      label: "Analytical Engine",
      kind: Concept,
    ),
  ],
  edges: [
    Edge(
      from: "charles",
      to: "engine",
      relation: Advocates,
      evidence: [
        Evidence(source: "notes", quote: "Babbage designed the engine", voice: Reported, modality: Stated),
      ],
    ),
  ],
)
"#;

const NOTES: &str = "Ada Lovelace wrote the first program for the Analytical Engine.\n\
Charles Babbage designed the engine, and Ada admired\nhis work greatly; \
she said it \u{201c}weaves algebraic patterns\u{201d}.\n";

/// A folder holding the small graph and its source text.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("g.ron"), SMALL).expect("write graph");
        std::fs::create_dir(dir.path().join("texts")).expect("mkdir");
        std::fs::write(dir.path().join("texts/notes.txt"), NOTES).expect("write text");
        Fixture { dir }
    }

    fn graph(&self) -> PathBuf {
        self.dir.path().join("g.ron")
    }

    fn text(&self) -> String {
        std::fs::read_to_string(self.graph()).expect("read graph")
    }

    /// Runs `ideagraph ARGS` in the fixture's folder: exit code, stdout, stderr.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = bin()
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("runs");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        (out.status.code().expect("exited"), stdout, stderr)
    }

    /// `add-edge g.ron` with the flags given.
    fn add_edge(&self, flags: &[&str]) -> (i32, String, String) {
        let mut args = vec!["add-edge", "g.ron"];
        args.extend_from_slice(flags);
        self.run(&args)
    }

    /// Runs a command that must be refused (exit `code`) and leave the graph byte for
    /// byte as it was, with no backup written; gives its standard error.
    fn refused(&self, args: &[&str], code: i32) -> String {
        let before = std::fs::read(self.graph()).expect("read");
        let (got, stdout, stderr) = self.run(args);
        assert_eq!(got, code, "{args:?}\n{stdout}{stderr}");
        assert_eq!(
            std::fs::read(self.graph()).expect("read"),
            before,
            "{args:?} wrote"
        );
        assert!(
            !self.dir.path().join("g.ron.bak").exists(),
            "{args:?} kept a backup"
        );
        stderr
    }
}

const EDGE: [&str; 8] = [
    "--from",
    "Ada Lovelace",
    "--to",
    "engine",
    "--relation",
    "Advocates",
    "--source",
    "notes",
];

fn with<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    head.iter().chain(tail).copied().collect()
}

#[test]
fn the_knowledge_base_is_canonical() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = bin()
        .args(["fmt", "--check", "graph.ron"])
        .current_dir(root)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("graph.ron: canonical"), "{text}");
}

#[test]
fn the_fixture_is_canonical_and_fmt_leaves_it_alone() {
    let f = Fixture::new();
    let (code, stdout, _) = f.run(&["fmt", "--check", "g.ron"]);
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout, _) = f.run(&["fmt", "g.ron"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("already canonical"), "{stdout}");
    assert!(
        !f.dir.path().join("g.ron.bak").exists(),
        "nothing to back up"
    );
}

#[test]
fn fmt_check_names_the_first_line_that_differs_and_fmt_fixes_it() {
    let f = Fixture::new();
    // Two fields of a record swapped, and a record squeezed onto one line below.
    let messy = SMALL
        .replace(
            "      id: \"engine\",\n      label: \"Analytical Engine\",",
            "      label: \"Analytical Engine\",\n      id: \"engine\",",
        )
        .replace(
            "    Node(\n      id: \"ada\",\n      label: \"Ada Lovelace\",\n      kind: Person,\n      aliases: [\"Ada\", \"the mathematician\"],\n    ),",
            "    Node(id: \"ada\", label: \"Ada Lovelace\", kind: Person, aliases: [\"Ada\", \"the mathematician\"]),",
        );
    std::fs::write(f.graph(), &messy).expect("write");
    let stderr = f.refused(&["fmt", "--check", "g.ron"], 1);
    assert!(
        stderr.contains("g.ron:13: not in canonical form"),
        "{stderr}"
    );
    assert!(stderr.contains("expected:     Node(\n"), "{stderr}");
    assert!(
        stderr.contains("found:        Node(id: \"ada\""),
        "{stderr}"
    );

    let (code, stdout, stderr) = f.run(&["fmt", "g.ron"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("rewritten in canonical form"), "{stdout}");
    assert_eq!(f.text(), SMALL);
    let bak = std::fs::read_to_string(f.dir.path().join("g.ron.bak")).expect("backup");
    assert_eq!(bak, messy);
}

#[test]
fn fmt_without_a_file_formats_graph_ron_here() {
    let f = Fixture::new();
    std::fs::rename(f.graph(), f.dir.path().join("graph.ron")).expect("rename");
    let (code, stdout, stderr) = f.run(&["fmt", "--check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("graph.ron: canonical"), "{stdout}");
}

#[test]
fn fmt_of_a_file_it_cannot_read_says_where_and_exits_2() {
    let f = Fixture::new();
    std::fs::write(
        f.graph(),
        SMALL.replace("kind: Concept", "kind: Concept Concept"),
    )
    .expect("write");
    let stderr = f.refused(&["fmt", "--check", "g.ron"], 2);
    assert!(stderr.contains("g.ron:28:"), "{stderr}");
    f.refused(&["fmt", "g.ron"], 2);
    let (code, _, stderr) = f.run(&["fmt", "missing.ron"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.ron"), "{stderr}");
}

#[test]
fn an_edge_is_added_checked_against_its_source_and_saved_canonically() {
    let f = Fixture::new();
    let quote = [
        "--quote",
        "wrote the first program for the Analytical Engine",
    ];
    let dated = [
        "--date",
        "1843",
        "--basis",
        "inferred:the year the notes appeared",
    ];
    let args = with(
        &with(&with(&EDGE, &quote), &dated),
        &["--sources", "texts", "--note", "Her notes."],
    );
    let (code, stdout, stderr) = f.add_edge(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "added: Ada Lovelace advocates Analytical Engine (edge #2), quoting notes: \
         \u{ab}wrote the first program for the Analytical Engine\u{bb} (author's report)\n"
    );
    let want = SMALL.replace(
        "  ],\n)\n",
        "    Edge(\n      from: \"ada\",\n      to: \"engine\",\n      relation: Advocates,\n      \
         date: (date: \"1843\", basis: Inferred(\"the year the notes appeared\")),\n      evidence: [\n        \
         Evidence(source: \"notes\", quote: \"wrote the first program for the Analytical Engine\", voice: Reported, modality: Stated),\n      \
         ],\n      note: \"Her notes.\",\n    ),\n  ],\n)\n",
    );
    assert_eq!(f.text(), want);
    let bak = std::fs::read_to_string(f.dir.path().join("g.ron.bak")).expect("backup");
    assert_eq!(bak, SMALL);
    let (code, stdout, _) = f.run(&["check", "g.ron", "--sources", "texts"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn adding_to_a_file_not_in_canonical_form_says_all_of_it_was_rewritten() {
    let f = Fixture::new();
    let squeezed = SMALL.replace(
        "    Node(\n      id: \"engine\",\n      label: \"Analytical Engine\",\n      kind: Concept,\n    ),",
        "    Node(id: \"engine\", label: \"Analytical Engine\", kind: Concept),",
    );
    assert_ne!(squeezed, SMALL);
    std::fs::write(f.graph(), &squeezed).expect("write");
    let (code, _, stderr) = f.add_edge(&with(&EDGE, &["--quote", "Ada"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("g.ron was not in canonical form, so all of it was rewritten"),
        "{stderr}"
    );
    assert!(f.text().contains("    Node(\n      id: \"engine\",\n"));
    let bak = std::fs::read_to_string(f.dir.path().join("g.ron.bak")).expect("backup");
    assert_eq!(bak, squeezed);
    // From a canonical file, no such note.
    let (code, _, stderr) = f.add_edge(&with(&EDGE, &["--quote", "Lovelace"]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn a_quote_that_differs_only_in_typography_and_spacing_is_verbatim() {
    let f = Fixture::new();
    let quote = ["--quote", "she said it \"weaves  algebraic patterns\""];
    let (code, _, stderr) = f.add_edge(&with(&with(&EDGE, &quote), &["--sources", "texts"]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_quote_not_in_the_source_is_refused_with_the_nearest_passage() {
    let f = Fixture::new();
    let quote = ["--quote", "Babbage built the engine, and Ada admired"];
    let stderr = f.refused(
        &with(
            &with(&["add-edge", "g.ron"], &EDGE),
            &with(&quote, &["--sources", "texts"]),
        ),
        1,
    );
    assert!(
        stderr.contains("not word for word in source notes"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "nearest: \u{ab}Engine. Charles Babbage designed the engine, and Ada admired his"
        ),
        "{stderr}"
    );
}

#[test]
fn a_source_text_that_cannot_be_found_is_named() {
    let f = Fixture::new();
    let quote = ["--quote", "Ada Lovelace"];
    let stderr = f.refused(
        &with(
            &with(&["add-edge", "g.ron"], &EDGE),
            &with(&quote, &["--sources", "nowhere"]),
        ),
        1,
    );
    assert!(
        stderr.contains("notes.txt") && stderr.contains("nowhere"),
        "{stderr}"
    );
}

#[test]
fn unknown_and_ambiguous_names_are_refused() {
    let f = Fixture::new();
    let tail = [
        "--relation",
        "supports",
        "--source",
        "notes",
        "--quote",
        "Ada",
    ];
    let stderr = f.refused(
        &with(
            &[
                "add-edge",
                "g.ron",
                "--from",
                "Ada Lovelase",
                "--to",
                "engine",
            ],
            &tail,
        ),
        1,
    );
    assert!(
        stderr.contains("no node named \"Ada Lovelase\"; did you mean \"Ada Lovelace\""),
        "{stderr}"
    );
    let stderr = f.refused(
        &with(
            &[
                "add-edge",
                "g.ron",
                "--from",
                "The Mathematician",
                "--to",
                "engine",
            ],
            &tail,
        ),
        1,
    );
    assert!(
        stderr.contains("\"The Mathematician\" names 2 nodes; give one of their ids: Ada Lovelace (id ada), Charles Babbage (id charles)"),
        "{stderr}"
    );
    // By an alias that is one node's, and by id, it is found.
    let (code, stdout, stderr) = f.add_edge(&with(&["--from", "babbage", "--to", "ada"], &tail));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("added: Charles Babbage supports Ada Lovelace (edge #2)"),
        "{stdout}"
    );
}

#[test]
fn an_unknown_relation_is_refused_listing_the_valid_ones() {
    let f = Fixture::new();
    let args = [
        "add-edge",
        "g.ron",
        "--from",
        "ada",
        "--to",
        "engine",
        "--relation",
        "likes",
        "--source",
        "notes",
        "--quote",
        "Ada",
    ];
    let stderr = f.refused(&args, 1);
    assert!(
        stderr.contains("unknown relation \"likes\"; expected one of: wrote, co_wrote"),
        "{stderr}"
    );
    // Names are read in any case, with spaces or hyphens.
    let (code, _, stderr) = f.add_edge(&[
        "--from",
        "ada",
        "--to",
        "engine",
        "--relation",
        "Contributed-To",
        "--source",
        "notes",
        "--quote",
        "Ada",
    ]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn bad_dates_bases_and_sources_are_refused() {
    let f = Fixture::new();
    let head = with(&["add-edge", "g.ron"], &with(&EDGE, &["--quote", "Ada"]));
    let stderr = f.refused(&with(&head, &["--date", "2015-02-30"]), 1);
    assert!(
        stderr.contains("invalid date \"2015-02-30\": day 30 is outside 1..=28"),
        "{stderr}"
    );
    let stderr = f.refused(&with(&head, &["--date", "last year"]), 1);
    assert!(stderr.contains("invalid date \"last year\""), "{stderr}");
    let stderr = f.refused(&with(&head, &["--date", "2015", "--basis", "inferred:"]), 1);
    assert!(stderr.contains("needs its reason"), "{stderr}");
    // A basis without a date is a usage error.
    f.refused(&with(&head, &["--basis", "stated"]), 2);
    let args = [
        "add-edge",
        "g.ron",
        "--from",
        "ada",
        "--to",
        "engine",
        "--relation",
        "advocates",
        "--source",
        "gossip",
        "--quote",
        "Ada",
    ];
    let stderr = f.refused(&args, 1);
    assert!(
        stderr.contains("unknown source \"gossip\"; the graph's sources are: notes"),
        "{stderr}"
    );
}

#[test]
fn an_edge_that_breaks_a_rule_of_check_is_refused() {
    let f = Fixture::new();
    let args = with(&["add-edge", "g.ron"], &with(&EDGE, &["--quote", "   "]));
    let stderr = f.refused(&args, 1);
    assert!(
        stderr.contains("[empty-quote]") && stderr.contains("nothing written"),
        "{stderr}"
    );
}

#[test]
fn a_node_is_added_with_an_id_made_from_its_label() {
    let f = Fixture::new();
    let args = [
        "add-node",
        "g.ron",
        "--kind",
        "Concept",
        "--label",
        "Analytical Engine",
        "--sub-kind",
        "idea",
        "--alias",
        "the engine",
        "--alias",
        "AE",
        "--description",
        "A machine never built.",
        "--source",
        "notes",
        "--quote",
        "the Analytical Engine",
        "--sources",
        "texts",
    ];
    let (code, stdout, stderr) = f.run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "added: node Analytical Engine (concept, id analytical-engine), quoting notes: \u{ab}the Analytical Engine\u{bb} (author's report)\n"
    );
    let text = f.text();
    let want = "    Node(\n      id: \"analytical-engine\",\n      label: \"Analytical Engine\",\n      kind: Concept,\n      \
                sub_kind: Idea,\n      aliases: [\"the engine\", \"AE\"],\n      description: \"A machine never built.\",\n      \
                evidence: [\n        Evidence(source: \"notes\", quote: \"the Analytical Engine\", voice: Reported, modality: Stated),\n      ],\n    ),\n  ],\n  edges: [";
    assert!(text.contains(want), "{text}");
    // The same label again: the id gets the next free suffix.
    let (code, stdout, _) = f.run(&args);
    assert_eq!(code, 0);
    assert!(stdout.contains("id analytical-engine-2"), "{stdout}");
    let (code, stdout, _) = f.run(&["fmt", "--check", "g.ron"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn a_node_is_refused_for_a_taken_id_an_unknown_kind_or_a_sub_kind_that_does_not_fit() {
    let f = Fixture::new();
    let tail = ["--source", "notes", "--quote", "Ada"];
    let stderr = f.refused(
        &with(
            &[
                "add-node", "g.ron", "--kind", "person", "--label", "Ada", "--id", "ada",
            ],
            &tail,
        ),
        1,
    );
    assert!(
        stderr.contains("a node with id \"ada\" already exists"),
        "{stderr}"
    );
    let stderr = f.refused(
        &with(
            &["add-node", "g.ron", "--kind", "wizard", "--label", "Merlin"],
            &tail,
        ),
        1,
    );
    assert!(
        stderr.contains("unknown kind \"wizard\"; expected one of: person, organisation"),
        "{stderr}"
    );
    let stderr = f.refused(
        &with(
            &[
                "add-node",
                "g.ron",
                "--kind",
                "person",
                "--label",
                "X",
                "--sub-kind",
                "sorcerer",
            ],
            &tail,
        ),
        1,
    );
    assert!(
        stderr.contains("for a person it is one of: politician, journalist"),
        "{stderr}"
    );
    let stderr = f.refused(
        &with(
            &[
                "add-node",
                "g.ron",
                "--kind",
                "person",
                "--label",
                "X",
                "--sub-kind",
                "think tank",
            ],
            &tail,
        ),
        1,
    );
    assert!(stderr.contains("[sub-kind-mismatch]"), "{stderr}");
}

#[test]
fn a_file_with_problems_or_in_another_format_is_not_edited() {
    let f = Fixture::new();
    let args = with(&["add-edge", "g.ron"], &with(&EDGE, &["--quote", "Ada"]));
    std::fs::write(f.graph(), SMALL.replace("to: \"engine\"", "to: \"nobody\"")).expect("write");
    let stderr = f.refused(&args, 1);
    assert!(
        stderr.contains("[unknown-node]") && stderr.contains("ideagraph check"),
        "{stderr}"
    );
    std::fs::write(f.graph(), "(version: 1, nodes: [oops])").expect("write");
    let stderr = f.refused(&args, 2);
    assert!(stderr.contains("g.ron:1:"), "{stderr}");
    std::fs::write(f.dir.path().join("g.json"), "{}").expect("write");
    let (code, _, stderr) = f.run(&with(
        &["add-edge", "g.json"],
        &with(&EDGE, &["--quote", "Ada"]),
    ));
    assert_eq!(code, 2);
    assert!(stderr.contains("only RON graph files"), "{stderr}");
}
