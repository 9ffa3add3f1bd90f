//! `ideagraph export` in every format, and opening graphs made by other tools.

#[path = "support/json_ids.rs"]
mod json_ids;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn ids_in_json(path: &Path) -> Vec<String> {
    json_ids::json_ids(&std::fs::read(path).expect("read"))
}

#[test]
fn every_format_exports_the_selection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sel = ["--kind", "person,publication", "--years", "2010..2016"];
    let json = dir.path().join("sel.json");
    bin()
        .args(["export", "--format", "json", "-o"])
        .arg(&json)
        .args(sel)
        .assert()
        .success();
    let want = ids_in_json(&json);
    assert!(!want.is_empty());
    for format in ["graphml", "gexf", "csv"] {
        let out = dir.path().join(format!("sel.{format}"));
        bin()
            .args(["export", "--format", format, "-o"])
            .arg(&out)
            .args(sel)
            .assert()
            .success()
            .stderr(predicate::str::contains(format!(
                "wrote {} nodes",
                want.len()
            )));
        // Open the export as a graph and write it back as JSON: the same nodes.
        let opened = if format == "csv" {
            dir.path().join("sel.nodes.csv")
        } else {
            out
        };
        let again = dir.path().join(format!("again-{format}.json"));
        bin()
            .arg("export")
            .arg(&opened)
            .args(["--format", "json", "-o"])
            .arg(&again)
            .assert()
            .success();
        assert_eq!(ids_in_json(&again), want, "{format}");
    }
}

#[test]
fn text_formats_stream_to_stdout() {
    for (format, needle) in [
        ("graphml", "<graphml"),
        ("gexf", "<viz:position"),
        ("dot", "digraph"),
        ("svg", "<g id=\"legend\">"),
        ("ron", "Document("),
    ] {
        bin()
            .args(["export", "--format", format, "--kind", "concept"])
            .assert()
            .success()
            .stdout(predicate::str::contains(needle));
    }
}

#[test]
fn png_export_is_headless_with_scale_and_bibliography() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("slide.png");
    bin()
        .args([
            "export", "--format", "png", "--scale", "1", "--kind", "person", "-o",
        ])
        .arg(&png)
        .assert()
        .success();
    let bytes = std::fs::read(&png).expect("png written");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let bib = std::fs::read_to_string(dir.path().join("slide.sources.txt")).expect("bibliography");
    assert!(bib.starts_with("Sources cited"), "{bib}");
    bin()
        .args(["export", "--format", "png"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("needs an output path"));
    bin()
        .args(["export", "--format", "png", "--scale", "0", "-o"])
        .arg(&png)
        .assert()
        .failure()
        .stderr(predicate::str::contains("scale"));
}

#[test]
fn csv_into_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut out = dir.path().join("tables").into_os_string();
    out.push("/");
    bin()
        .args(["export", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    for name in ["nodes.csv", "edges.csv", "sources.csv"] {
        assert!(dir.path().join("tables").join(name).is_file(), "{name}");
    }
    let nodes = std::fs::read_to_string(dir.path().join("tables/nodes.csv")).expect("nodes");
    assert!(nodes.starts_with("Id,Label,kind"), "{nodes}");
}

#[test]
fn never_overwrites_the_graph_being_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let graph = dir.path().join("mine.graphml");
    bin()
        .args(["export", "--format", "graphml", "-o"])
        .arg(&graph)
        .assert()
        .success();
    let before = std::fs::read(&graph).expect("read");
    bin()
        .arg("export")
        .arg(&graph)
        .args(["--format", "graphml", "--kind", "person", "-o"])
        .arg(dir.path().join(".").join("mine.graphml"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("refusing to overwrite"));
    assert_eq!(std::fs::read(&graph).expect("read"), before);
}

#[test]
fn opens_networkx_files_and_reports_malformed_ones() {
    bin()
        .arg("stats")
        .arg(fixture("karate.graphml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("34 of 34 nodes, 78 of 78 edges"));
    bin()
        .arg("stats")
        .arg(fixture("les_miserables.gexf"))
        .assert()
        .success()
        .stdout(predicate::str::contains("77 of 77 nodes"));
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.graphml");
    std::fs::write(
        &bad,
        "<graphml>\n  <graph>\n    <node id=\"a\">\n</graphml>\n",
    )
    .expect("write");
    bin().arg("stats").arg(&bad).assert().code(2).stderr(
        predicate::str::contains("bad.graphml:4:").and(predicate::str::contains("panicked").not()),
    );
}
