//! Whatever one format writes, its reader reads back: random valid graphs with awkward
//! strings (quotes, commas, line breaks, `<&>`, leading spaces, non-ASCII) in ids,
//! labels, descriptions, notes and quotes go through the exporter's files
//! ([`export_to`]) and the loader every command and the window use
//! ([`load_graph_file`]), in every readable format.
//!
//! What a format legitimately changes, and so is allowed for here:
//! - GEXF always carries positions (its `viz:position`), so unplaced nodes come back
//!   placed where the exporter laid them out;
//! - CSV has no place for the graph's title;
//! - CSV reads an empty cell as a missing one (see `io::csv_format`), so an optional
//!   text that is present but empty (`note: Some("")`) comes back as absent: the
//!   generator makes optional texts absent or non-empty;
//! - DOT, SVG and PNG are written, never read, so they are not in the round trip.
//!
//! Ids are the ones validation accepts (see `Rule::InvalidId`): not empty, no leading or
//! trailing whitespace and no control characters; anything else is in them.

use std::path::PathBuf;

use ideagraph::io::export::{ExportFormat, ExportOptions, export_to};
use ideagraph::io::{image, load_graph_file};
use ideagraph::model::{
    Basis, Dated, Document, Edge, Evidence, Kind, KnowledgeGraph, Node, PartialDate, Relation,
    Role, Source,
};
use proptest::prelude::*;

/// Text a reader must give back as written: quotes, separators of CSV, markup of XML,
/// line breaks and tabs, non-ASCII, and leading or trailing spaces, starting with
/// something that is not blank (an all-blank label is a validation problem).
fn awkward() -> impl Strategy<Value = String> {
    " ?[A-Za-zé\"<&,][A-Za-z0-9 &<>\"'\\\\,;é中ß\u{1F600}\n\r\t=-]{0,12}"
}

/// An id validation accepts, with commas, quotes, spaces inside, markup and non-ASCII.
fn awkward_id() -> impl Strategy<Value = String> {
    "[a-zé中\"<&,'0-9][a-z0-9 &<>\"',;é中=.#-]{0,8}[a-z0-9é\"'>]"
}

fn date() -> impl Strategy<Value = Dated> {
    (1900..2030i32, proptest::option::of(1..=12u8), any::<bool>()).prop_map(
        |(year, month, inferred)| Dated {
            date: PartialDate {
                year,
                month,
                day: None,
            },
            basis: if inferred {
                Basis::Inferred("a guess, \"roughly\"".into())
            } else {
                Basis::Stated
            },
        },
    )
}

fn evidence(sources: Vec<String>) -> impl Strategy<Value = Evidence> {
    (proptest::sample::select(sources), awkward())
        .prop_map(|(source, quote)| Evidence::new(source, quote))
}

fn node(id: String, sources: Vec<String>) -> impl Strategy<Value = Node> {
    (
        awkward(),
        proptest::sample::select(vec![Kind::Person, Kind::Concept, Kind::Organisation]),
        proptest::option::of(awkward()),
        proptest::collection::vec(evidence(sources.clone()), 0..2),
        proptest::option::of((awkward(), evidence(sources))),
        proptest::option::of(date()),
    )
        .prop_map(move |(label, kind, description, ev, role, date)| {
            let mut n = Node::new(id.clone(), label, kind);
            n.description = description.unwrap_or_default();
            n.evidence = ev;
            n.date = date;
            if let Some((title, evidence)) = role {
                n.roles.push(Role {
                    title,
                    when: None,
                    evidence,
                });
            }
            n
        })
}

/// A valid graph: 1 to 4 nodes and 1 or 2 sources with awkward ids, up to 6 edges
/// between them, each with evidence citing those sources.
fn graph() -> impl Strategy<Value = Document> {
    (
        proptest::collection::btree_set(awkward_id(), 1..5),
        proptest::collection::btree_set(awkward_id(), 1..3),
    )
        .prop_flat_map(|(ids, sources)| {
            let ids: Vec<String> = ids.into_iter().collect();
            let sources: Vec<String> = sources.into_iter().collect();
            let nodes: Vec<_> = ids
                .iter()
                .map(|id| node(id.clone(), sources.clone()))
                .collect();
            let edge = (
                proptest::sample::select(ids.clone()),
                proptest::sample::select(ids.clone()),
                proptest::sample::select(Relation::ALL.to_vec()),
                proptest::collection::vec(evidence(sources.clone()), 1..3),
                proptest::option::of(awkward()),
            )
                .prop_map(|(from, to, relation, evidence, note)| {
                    let mut e = Edge::new(from, to, relation);
                    e.evidence = evidence;
                    e.note = note;
                    e
                });
            let source = |id: String| {
                (awkward(), proptest::option::of(awkward())).prop_map(move |(title, outlet)| {
                    Source {
                        node: None,
                        id: id.clone(),
                        title,
                        outlet,
                        authors: vec!["Ann \"A\", Jr.".into()],
                        date: None,
                        file: String::new(),
                        note: None,
                    }
                })
            };
            let sources: Vec<_> = sources.into_iter().map(source).collect();
            (
                awkward(),
                nodes,
                sources,
                proptest::collection::vec(edge, 0..6),
            )
                .prop_map(|(title, nodes, sources, edges)| Document {
                    title,
                    sources,
                    nodes,
                    edges,
                    ..Document::default()
                })
        })
}

/// Writes `kg` as `format` into `dir` and returns the file to open again.
fn write(kg: &KnowledgeGraph, format: ExportFormat, dir: &std::path::Path) -> PathBuf {
    let ext = match format {
        ExportFormat::Ron => "ron",
        ExportFormat::Json => "json",
        ExportFormat::Graphml => "graphml",
        ExportFormat::Gexf => "gexf",
        _ => "csv",
    };
    let out = dir.join(format!("g.{ext}"));
    let written = export_to(kg, format, Some(&out), &ExportOptions::default()).expect("export");
    if format == ExportFormat::Csv {
        // The node list; the loader finds its edge and source lists beside it.
        return written
            .into_iter()
            .find(|p| p.to_string_lossy().ends_with(".nodes.csv"))
            .expect("a nodes file");
    }
    out
}

/// What `format` should give back for `doc` (see the module docs).
fn expected(doc: &Document, kg: &KnowledgeGraph, format: ExportFormat) -> Document {
    match format {
        ExportFormat::Gexf => image::with_positions(kg).to_document(),
        ExportFormat::Csv => Document {
            title: String::new(),
            ..doc.clone()
        },
        _ => doc.clone(),
    }
}

const READABLE: [ExportFormat; 5] = [
    ExportFormat::Ron,
    ExportFormat::Json,
    ExportFormat::Graphml,
    ExportFormat::Gexf,
    ExportFormat::Csv,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_readable_format_reads_back_what_it_wrote(doc in graph()) {
        let kg = KnowledgeGraph::from_document(doc.clone());
        for format in READABLE {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = write(&kg, format, dir.path());
            let back = load_graph_file(&path);
            prop_assert!(back.is_ok(), "{:?}: {}", format, back.err().map(|e| e.to_string()).unwrap_or_default());
            let back = back.map(|g| g.to_document()).unwrap_or_default();
            let want = expected(&doc, &kg, format);
            prop_assert_eq!(&back.nodes, &want.nodes, "{:?} nodes", format);
            prop_assert_eq!(&back.edges, &want.edges, "{:?} edges", format);
            prop_assert_eq!(&back.sources, &want.sources, "{:?} sources", format);
            prop_assert_eq!(&back.title, &want.title, "{:?} title", format);
        }
    }
}

/// A graph file with one node whose id is `id`, written by hand in the format of `ext`.
fn hand_written(ext: &str, id: &str) -> String {
    let escaped = |s: &str, esc: &dyn Fn(char) -> Option<String>| -> String {
        s.chars()
            .map(|c| esc(c).unwrap_or_else(|| c.to_string()))
            .collect()
    };
    let xml = |c: char| match c {
        '<' => Some("&lt;".to_owned()),
        '&' => Some("&amp;".to_owned()),
        '"' => Some("&quot;".to_owned()),
        c if c.is_control() => Some(format!("&#{};", u32::from(c))),
        _ => None,
    };
    let ron = |c: char| match c {
        '"' | '\\' => Some(format!("\\{c}")),
        c if c.is_control() => Some(format!("\\u{{{:x}}}", u32::from(c))),
        _ => None,
    };
    match ext {
        "ron" => format!(
            "(version: 1, nodes: [(id: \"{}\", label: \"L\", kind: Person)])",
            escaped(id, &ron)
        ),
        "json" => serde_json::json!({
            "directed": true, "multigraph": true, "graph": {},
            "nodes": [{"id": id, "label": "L", "kind": "person"}], "links": []
        })
        .to_string(),
        "graphml" => format!(
            "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\
             <graph edgedefault=\"directed\"><node id=\"{}\"/></graph></graphml>",
            escaped(id, &xml)
        ),
        "gexf" => format!(
            "<?xml version=\"1.0\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\
             <graph defaultedgetype=\"directed\"><nodes><node id=\"{}\" label=\"L\"/></nodes>\
             <edges/></graph></gexf>",
            escaped(id, &xml)
        ),
        _ => format!("Id,Label\n\"{}\",L\n", id.replace('"', "\"\"")),
    }
}

const HAND_WRITTEN: [&str; 5] = ["ron", "json", "graphml", "gexf", "nodes.csv"];

/// An id no format can carry is refused by every reader, rather than read by one and
/// then unwritable or unreadable by the next (an empty id used to export to CSV and
/// then not load). CSV trims the cells it reads ids from, so an id with a space at an
/// end comes back without it: valid, not refused.
#[test]
fn ids_no_format_can_carry_are_refused_by_every_reader() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The files are well formed: with a good id, each loads.
    for ext in HAND_WRITTEN {
        let path = dir.path().join(format!("good.{ext}"));
        std::fs::write(&path, hand_written(ext, "a good, \"id\"")).expect("write");
        let kg = load_graph_file(&path).unwrap_or_else(|e| panic!("{ext}: {e}"));
        let ids: Vec<&str> = kg.graph().node_weights().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["a good, \"id\""], "{ext}");
    }
    for bad in [
        "",
        " lead",
        "trail ",
        "line\nbreak",
        "tab\there",
        "bell\u{7}",
    ] {
        for ext in HAND_WRITTEN {
            let path = dir.path().join(format!("bad.{ext}"));
            std::fs::write(&path, hand_written(ext, bad)).expect("write");
            let trimmed_by_csv = ext == "nodes.csv" && bad.trim() != bad && !bad.trim().is_empty();
            match load_graph_file(&path) {
                Err(e) => {
                    // CSV reads no node at all from an empty Id cell.
                    let why = if ext == "nodes.csv" && bad.is_empty() {
                        "a node without an Id"
                    } else {
                        "[invalid-id]"
                    };
                    let e = e.to_string();
                    assert!(!trimmed_by_csv && e.contains(why), "{ext} {bad:?}: {e}");
                }
                Ok(kg) => {
                    let ids: Vec<String> =
                        kg.graph().node_weights().map(|n| n.id.clone()).collect();
                    assert!(
                        trimmed_by_csv && ids == [bad.trim()],
                        "{ext} {bad:?} was read: {ids:?}"
                    );
                }
            }
        }
    }
}
