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

/// The part of an SVG from the group with this id to its end.
fn svg_group<'s>(svg: &'s str, id: &str) -> &'s str {
    let start = svg
        .find(&format!("<g id=\"{id}\">"))
        .unwrap_or_else(|| panic!("no group {id}"));
    let rest = &svg[start..];
    &rest[..rest.find("\n</g>").unwrap_or(rest.len())]
}

#[test]
fn svg_with_a_view_draws_what_the_view_shows() {
    // The issue's view: filtered to Milibandites, coloured by community, sized by
    // betweenness.
    let dir = tempfile::tempdir().expect("tempdir");
    let view = dir.path().join("milibandites.ron");
    std::fs::write(
        &view,
        r#"SavedView(
    name: "Milibandites",
    filter: Filter(factions: ["Milibandite"], depth: 1),
    colour_by: Community,
    size_by: Some(Betweenness),
)"#,
    )
    .expect("write view");
    let out = dir.path().join("milibandites.svg");
    bin()
        .args(["export", "--format", "svg", "-o"])
        .arg(&out)
        .arg("--view")
        .arg(&view)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&out).expect("svg written");

    let caption = svg_group(&svg, "caption");
    assert!(caption.contains("Faction: Milibandite"), "{caption}");
    assert!(caption.contains("Colour: community"), "{caption}");
    // Community colours on the nodes, not kind colours: concepts, publications and
    // events have kind colours no community has (the Milibandites' view holds all three).
    let nodes = svg_group(&svg, "nodes");
    for kind_colour in ["#a06a96", "#4f9e98", "#c9a822"] {
        assert!(!nodes.contains(kind_colour), "{kind_colour} in {nodes}");
    }
    assert!(nodes.contains("#e15759"), "the largest community's colour");
    let legend = svg_group(&svg, "legend");
    assert!(legend.contains("size: betweenness"), "{legend}");
    assert!(legend.contains("'s community ("), "{legend}");
    // Each label is plain text over a halo of its own, cut as the canvas cuts it.
    assert!(!svg.contains("paint-order"));
    let labels = svg_group(&svg, "labels");
    let halos = labels.matches("<rect class=\"halo\"").count();
    assert!(halos > 5, "{labels}");
    assert_eq!(halos, labels.matches("<text class=\"label\"").count());
    let texts: Vec<&str> = labels
        .split("</text>")
        .filter_map(|t| t.rsplit('>').next())
        .filter(|t| !t.is_empty())
        .collect();
    assert!(texts.iter().all(|t| t.chars().count() <= 32), "{texts:?}");
    assert!(texts.iter().any(|t| t.ends_with('\u{2026}')), "{texts:?}");
}

/// `--years` asks for one range: a view that compares two others exports only the
/// years asked for, as `stats` selects them.
#[test]
fn years_given_on_the_command_line_replace_a_views_comparison() {
    let dir = tempfile::tempdir().expect("tempdir");
    let view = dir.path().join("compare.ron");
    std::fs::write(
        &view,
        r#"SavedView(name: "Then and now", compare: Some(((2007, 2009), (2014, 2016))))"#,
    )
    .expect("write view");
    let out = dir.path().join("y.json");
    bin()
        .args(["export", "--format", "json", "--years", "2015", "-o"])
        .arg(&out)
        .arg("--view")
        .arg(&view)
        .assert()
        .success();
    let exported = std::fs::read_to_string(&out).expect("json written");
    let json: serde_json::Value = serde_json::from_str(&exported).expect("json");
    let n = json["nodes"].as_array().map_or(0, Vec::len);
    let stats = bin()
        .args(["stats", "--years", "2015", "--view"])
        .arg(&view)
        .output()
        .expect("stats");
    let text = String::from_utf8_lossy(&stats.stdout);
    assert!(
        text.contains(&format!("{n} of ")),
        "export {n} nodes, stats: {text}"
    );
}

/// `--layout timeline` places every node along time, as the window's timeline: the 2008
/// pamphlet left of the 2015 one, left of the 2016 Momentum piece.
#[test]
fn export_with_the_timeline_layout_places_nodes_along_time() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("t.json");
    bin()
        .args(["export", "--layout", "timeline", "--format", "json", "-o"])
        .arg(&out)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("read")).expect("json");
    let x = |id: &str| {
        json["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .find(|n| n["id"] == id)
            .and_then(|n| n["pos"][0].as_f64())
            .expect("a position")
    };
    assert!(x("beyond-whitehall") < x("kendall-reed-pamphlet"));
    assert!(x("kendall-reed-pamphlet") < x("article-momentum-conspiracy"));
    bin()
        .args(["export", "--layout", "radial", "-o"])
        .arg(dir.path().join("r.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("force, timeline"));
}
