//! Export and import formats: round trips (also on random graphs with awkward labels),
//! the networkx fixtures, malformed input, and what the pictures must show.

use std::path::{Path, PathBuf};
use std::process::Command;

use ideagraph::bundled::bundled_graph;
use ideagraph::io::export::{ExportFormat, ExportOptions, export_to, render};
use ideagraph::io::{IoError, csv_format, gexf, graphml, image, json, load_graph_file};
use ideagraph::model::{
    Basis, Dated, Document, Edge, Evidence, FactionClaim, Kind, KnowledgeGraph, Node, PartialDate,
    Relation, Role, Source, SubKind,
};
use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn bundled() -> KnowledgeGraph {
    bundled_graph().expect("the bundled graph loads")
}

/// The document a format that always carries positions gives back: every node placed.
fn positioned(kg: &KnowledgeGraph) -> Document {
    image::with_positions(kg).to_document()
}

fn csv_round_trip(kg: &KnowledgeGraph) -> Document {
    let (n, e, s) = (
        csv_format::nodes_csv(kg).expect("nodes"),
        csv_format::edges_csv(kg).expect("edges"),
        csv_format::sources_csv(kg).expect("sources"),
    );
    csv_format::parse_tables(
        Some((&n, "n.csv")),
        Some((&e, "e.csv")),
        Some((&s, "s.csv")),
    )
    .expect("CSV reads back")
}

#[test]
fn bundled_graph_round_trips_through_every_data_format() {
    let kg = bundled();
    let doc = kg.to_document();
    let graphml = graphml::to_string(&kg).expect("graphml");
    assert_eq!(
        graphml::parse_document(&graphml, "g.graphml").expect("parse"),
        doc
    );
    let gexf = gexf::to_string(&kg);
    assert_eq!(
        gexf::parse_document(&gexf, "g.gexf").expect("parse"),
        positioned(&kg)
    );
    // CSV has no place for the title.
    let mut no_title = doc.clone();
    no_title.title.clear();
    assert_eq!(csv_round_trip(&kg), no_title);
    assert_eq!(
        json::parse_document(&json::to_string(&kg), "g.json").expect("parse"),
        doc
    );
}

#[test]
fn files_written_by_export_open_again() {
    let kg = bundled();
    let dir = tempfile::tempdir().expect("tempdir");
    for (format, name) in [
        (ExportFormat::Ron, "g.ron"),
        (ExportFormat::Json, "g.json"),
        (ExportFormat::Graphml, "g.graphml"),
        (ExportFormat::Gexf, "g.gexf"),
        (ExportFormat::Csv, "g.csv"),
    ] {
        let out = dir.path().join(name);
        let written =
            export_to(&kg, format, Some(&out), &ExportOptions::default()).expect("export");
        let open = written.first().expect("a file");
        let back = load_graph_file(open).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (back.num_nodes(), back.num_edges()),
            (kg.num_nodes(), kg.num_edges()),
            "{name}"
        );
        assert_eq!(back.sources, kg.sources, "{name} keeps the bibliography");
    }
}

#[test]
fn every_data_export_carries_the_bibliography() {
    let kg = bundled();
    let first = kg.sources.first().expect("a source");
    let citation = first.citation();
    let graphml = graphml::to_string(&kg).expect("graphml");
    assert!(graphml.contains(r#"attr.name="bibliography""#));
    for (name, text) in [
        ("graphml", graphml),
        ("gexf", gexf::to_string(&kg)),
        (
            "dot",
            String::from_utf8(
                render(&kg, ExportFormat::Dot, &ExportOptions::default()).expect("dot"),
            )
            .expect("utf8"),
        ),
        ("csv", csv_format::sources_csv(&kg).expect("csv")),
        ("svg", image::to_svg(&kg)),
    ] {
        // XML escapes nothing in a citation but `&`, `<` and `>`, none of which it has here.
        let ok = text.contains(&citation) || text.contains(&citation.replace('"', "\\\""));
        assert!(ok, "{name} lacks {citation}");
    }
}

// --- Fixtures written by networkx (tests/fixtures/make_fixtures.py). ---

fn club(kg: &KnowledgeGraph, id: &str) -> Option<String> {
    kg.node(id).and_then(|n| n.attrs.get("club").cloned())
}

#[test]
fn reads_networkx_karate_in_every_format() {
    for name in [
        "karate.graphml",
        "karate.gexf",
        "karate.nodes.csv",
        "karate.edges.csv",
    ] {
        let kg = load_graph_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((kg.num_nodes(), kg.num_edges()), (34, 78), "{name}");
        assert_eq!(club(&kg, "0").as_deref(), Some("Mr. Hi"), "{name}");
        assert_eq!(club(&kg, "33").as_deref(), Some("Officer"), "{name}");
        let e = kg.graph().edge_weights().next().expect("an edge");
        let weight = e.attrs.get("weight").or_else(|| e.attrs.get("Weight"));
        assert!(weight.is_some(), "{name}: {:?}", e.attrs);
        assert!(
            kg.graph()
                .node_weights()
                .all(|n| n.kind == Kind::Concept && !n.label.is_empty())
        );
    }
    let kg = load_graph_file(&fixture("karate.graphml")).expect("graphml");
    assert_eq!(kg.title, "Zachary's Karate Club");
    let csv = load_graph_file(&fixture("karate.nodes.csv")).expect("csv");
    assert_eq!(csv.node("5").map(|n| n.label.as_str()), Some("Member 5"));
}

#[test]
fn reads_networkx_les_miserables_with_positions() {
    let g = load_graph_file(&fixture("les_miserables.graphml")).expect("graphml");
    assert_eq!((g.num_nodes(), g.num_edges()), (77, 254));
    assert_eq!(g.node("Valjean").map(|n| n.label.as_str()), Some("Valjean"));
    let x = load_graph_file(&fixture("les_miserables.gexf")).expect("gexf 1.3");
    assert_eq!((x.num_nodes(), x.num_edges()), (77, 254));
    assert!(x.graph().node_weights().all(|n| n.pos.is_some()));
}

#[test]
fn imported_graphs_export_again_and_keep_their_attributes() {
    let kg = load_graph_file(&fixture("karate.graphml")).expect("graphml");
    let text = graphml::to_string(&kg).expect("graphml");
    assert!(
        text.contains(r#"attr.name="club" attr.type="string""#),
        "{text}"
    );
    assert!(
        text.contains(r#"attr.name="weight" attr.type="long""#),
        "{text}"
    );
    assert_eq!(
        graphml::parse_document(&text, "k.graphml").expect("parse"),
        kg.to_document()
    );
}

// --- Malformed input: errors with positions, never a panic. ---

fn parse_all(text: &str) -> [Result<(), IoError>; 3] {
    [
        graphml::parse_document(text, "x.graphml").map(drop),
        gexf::parse_document(text, "x.gexf").map(drop),
        csv_format::parse_tables(Some((text, "x.csv")), None, None).map(drop),
    ]
}

#[test]
fn truncated_files_are_parse_errors_with_positions() {
    let kg = bundled();
    for (name, text) in [
        ("graphml", graphml::to_string(&kg).expect("graphml")),
        ("gexf", gexf::to_string(&kg)),
    ] {
        for cut in [10, text.len() / 3, text.len() / 2, text.len() - 12] {
            let mut at = cut;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let short = text.get(..at).expect("prefix");
            let err = if name == "graphml" {
                graphml::parse_document(short, "t.graphml").map(drop)
            } else {
                gexf::parse_document(short, "t.gexf").map(drop)
            }
            .expect_err("truncated");
            let IoError::Parse { line, column, .. } = err else {
                panic!("{name}: {err}")
            };
            assert!(line >= 1 && column >= 1);
        }
    }
    let csv = csv_format::nodes_csv(&kg).expect("csv");
    let cut = csv.find("\n\"").map_or(csv.len() / 2, |i| i + 2);
    // An open quote at the end is read as a field running to the end of the file; the
    // row is short, which is a placed error.
    let err =
        csv_format::parse_tables(Some((csv.get(..cut).expect("prefix"), "t.csv")), None, None);
    assert!(matches!(err, Err(IoError::Parse { .. }) | Ok(_)));
}

#[test]
fn not_xml_and_wrong_roots_are_placed() {
    for text in [
        "",
        "garbage",
        "<graphml><graph>",
        "<gexf/>",
        "<other/>",
        "<a></b>",
        "\u{feff}<?xml?>",
    ] {
        for r in &parse_all(text)[..2] {
            let err = r.as_ref().expect_err(text);
            assert!(matches!(err, IoError::Parse { .. }), "{text}: {err}");
        }
    }
    let err = load_graph_file(&fixture("no-such-file.graphml")).expect_err("missing");
    assert!(matches!(err, IoError::Read { .. }), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_all(&text);
        let _ = parse_all(&format!("<graphml>{text}"));
        let _ = parse_all(&format!("<gexf><graph><nodes>{text}"));
    }
}

// --- Round trips of random graphs with awkward labels. ---

/// Text with quotes, ampersands, angle brackets, non-ASCII and line breaks, starting
/// with a letter (an all-blank label falls back to the id on import).
fn awkward() -> impl Strategy<Value = String> {
    "[A-Za-zé][A-Za-z0-9 &<>\"'\\\\,;é中ß\u{1F600}\n\r\t=-]{0,14}"
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4})?"
}

fn date() -> impl Strategy<Value = Dated> {
    (
        1900..2030i32,
        proptest::option::of(1..=12u8),
        proptest::option::of(1..=28u8),
        proptest::option::of(awkward()),
    )
        .prop_map(|(year, month, day, why)| Dated {
            date: PartialDate {
                year,
                month,
                day: month.and(day),
            },
            basis: why.map_or(Basis::Stated, Basis::Inferred),
        })
}

/// Attribute keys, including ones that collide with our columns and Gephi's.
fn attr_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("x".to_owned()),
        Just("label".to_owned()),
        Just("Id".to_owned()),
        Just("kind".to_owned()),
        Just("relation".to_owned()),
        Just("attr.y".to_owned()),
        Just("weight".to_owned()),
        Just("Source".to_owned()),
        Just("club".to_owned()),
        Just("näme".to_owned()),
        "[a-z][a-z_ ]{0,6}",
    ]
}

fn attrs() -> impl Strategy<Value = std::collections::BTreeMap<String, String>> {
    proptest::collection::btree_map(
        attr_key(),
        prop_oneof![awkward(), "-?[0-9]{1,3}(\\.[0-9]{1,2})?"],
        0..4,
    )
}

fn evidence(sources: usize) -> impl Strategy<Value = Evidence> {
    (0..sources, awkward()).prop_map(|(i, quote)| Evidence::new(format!("s{i}"), quote))
}

fn kind_and_sub() -> impl Strategy<Value = (Kind, Option<SubKind>)> {
    prop_oneof![
        Just((Kind::Person, None)),
        Just((Kind::Person, Some(SubKind::Journalist))),
        Just((Kind::Organisation, Some(SubKind::ThinkTank))),
        Just((Kind::Publication, Some(SubKind::Lecture))),
        Just((Kind::Concept, Some(SubKind::PolicyProposal))),
        Just((Kind::Event, None)),
    ]
}

fn node(id: String) -> impl Strategy<Value = Node> {
    (
        awkward(),
        kind_and_sub(),
        proptest::collection::vec(awkward(), 0..2),
        proptest::option::of(awkward()),
        proptest::option::of(date()),
        proptest::collection::vec(evidence(2), 0..2),
        proptest::option::of((awkward(), evidence(2), proptest::option::of(date()))),
        attrs(),
        proptest::option::of((-1e4f32..1e4, -1e4f32..1e4)),
    )
        .prop_map(
            move |(
                label,
                (kind, sub_kind),
                aliases,
                description,
                date,
                evidence,
                extra,
                attrs,
                pos,
            )| {
                let mut n = Node::new(id.clone(), label, kind);
                n.sub_kind = sub_kind;
                n.aliases = aliases;
                n.description = description.unwrap_or_default();
                n.date = date;
                n.evidence = evidence;
                if let Some((title, ev, when)) = extra {
                    n.roles.push(Role {
                        title: title.clone(),
                        when,
                        evidence: ev.clone(),
                    });
                    n.factions.push(FactionClaim {
                        faction: title,
                        basis: Basis::Inferred("x".into()),
                        when: None,
                        evidence: ev,
                    });
                }
                n.attrs = attrs;
                n.pos = pos.map(|(x, y)| [x, y]);
                n
            },
        )
}

fn relation() -> impl Strategy<Value = Relation> {
    proptest::sample::select(Relation::ALL.to_vec())
}

fn graph() -> impl Strategy<Value = Document> {
    proptest::collection::btree_set(ident(), 1..6).prop_flat_map(|ids| {
        let ids: Vec<String> = ids.into_iter().collect();
        let n = ids.len();
        let nodes: Vec<_> = ids.iter().cloned().map(node).collect();
        let edge = (
            0..n,
            0..n,
            relation(),
            proptest::option::of(date()),
            proptest::collection::vec(evidence(2), 0..3),
            proptest::option::of(awkward()),
            attrs(),
        );
        (
            awkward(),
            nodes,
            proptest::collection::vec(edge, 0..8),
            proptest::collection::vec(
                (
                    awkward(),
                    proptest::option::of(awkward()),
                    proptest::collection::vec(awkward(), 0..2),
                    proptest::option::of(date()),
                ),
                2,
            ),
        )
            .prop_map(move |(title, nodes, edges, sources)| {
                let mut d = Document {
                    title,
                    nodes,
                    ..Document::default()
                };
                d.sources = sources
                    .into_iter()
                    .enumerate()
                    .map(|(i, (title, outlet, authors, date))| Source {
                        node: None,
                        id: format!("s{i}"),
                        title,
                        outlet,
                        authors,
                        date,
                        file: format!("s{i}.txt"),
                        note: Some("a, \"note\"".into()),
                    })
                    .collect();
                for (a, b, relation, date, evidence, note, attrs) in edges {
                    let (Some(from), Some(to)) = (ids.get(a), ids.get(b)) else {
                        continue;
                    };
                    let mut e = Edge::new(from.clone(), to.clone(), relation);
                    e.date = date;
                    e.evidence = evidence;
                    e.note = note;
                    e.attrs = attrs;
                    d.edges.push(e);
                }
                d
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn graphml_round_trips_random_graphs(doc in graph()) {
        let kg = KnowledgeGraph::from_document(doc.clone());
        let text = graphml::to_string(&kg).expect("encode");
        prop_assert_eq!(graphml::parse_document(&text, "r.graphml").expect("parse"), doc);
    }

    #[test]
    fn gexf_round_trips_random_graphs(doc in graph()) {
        let kg = KnowledgeGraph::from_document(doc);
        let text = gexf::to_string(&kg);
        prop_assert_eq!(gexf::parse_document(&text, "r.gexf").expect("parse"), positioned(&kg));
    }

    #[test]
    fn csv_round_trips_random_graphs(doc in graph()) {
        let kg = KnowledgeGraph::from_document(doc.clone());
        let mut want = doc;
        want.title.clear();
        prop_assert_eq!(csv_round_trip(&kg), want);
    }

    #[test]
    fn svg_and_dot_escape_random_labels(doc in graph()) {
        let kg = KnowledgeGraph::from_document(doc);
        let svg = image::to_svg(&kg);
        prop_assert!(resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).is_ok(), "{}", svg);
        let dot = String::from_utf8(render(&kg, ExportFormat::Dot, &ExportOptions::default()).expect("dot")).expect("utf8");
        // Every quote inside a DOT string is escaped, so quotes come in pairs per line.
        for line in dot.lines().filter(|l| !l.starts_with("//")) {
            let unescaped = line.replace("\\\\", "").replace("\\\"", "");
            prop_assert_eq!(unescaped.matches('"').count() % 2, 0, "{}", line);
        }
    }
}

// --- What GEXF, DOT and the pictures must contain. ---

#[test]
fn gexf_has_viz_position_colour_and_size_for_every_node() {
    let kg = bundled();
    let text = gexf::to_string(&kg);
    assert!(
        text.contains(r#"xmlns="http://gexf.net/1.3""#)
            && text.contains(r#"xmlns:viz="http://gexf.net/1.3/viz""#)
    );
    for tag in ["<viz:position ", "<viz:size ", "<node id="] {
        assert_eq!(text.matches(tag).count(), kg.num_nodes(), "{tag}");
    }
    assert_eq!(
        text.matches("<viz:color ").count(),
        kg.num_nodes() + kg.num_edges()
    );
    // The person colour of the canvas (Tableau blue #4e79a7).
    assert!(text.contains(r#"<viz:color r="78" g="121" b="167" a="1.0"/>"#));
    assert!(text.contains(r#"<attributes class="node" mode="static">"#));
    assert!(text.contains(r#"timeformat="date""#) && text.contains(" start=\""));
}

fn dot_available() -> bool {
    Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn graphviz_renders_our_dot() {
    if !dot_available() {
        eprintln!("skipped: Graphviz `dot` is not installed (.ci/run installs it)");
        return;
    }
    let mut d = Document::default();
    for (id, label) in [
        ("a", "Quote \" back\\slash"),
        ("b", "<html> & ampersand"),
        ("c", "Ünïcödé\nnew line"),
        ("graph", "keyword id"),
    ] {
        d.nodes.push(Node::new(id, label, Kind::Organisation));
    }
    d.edges.push(Edge::new("a", "b", Relation::Opposes));
    d.edges.push(Edge::new("c", "graph", Relation::Mentions));
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, kg) in [
        ("awkward", KnowledgeGraph::from_document(d)),
        ("bundled", bundled()),
    ] {
        let path = dir.path().join(format!("{name}.dot"));
        export_to(
            &kg,
            ExportFormat::Dot,
            Some(&path),
            &ExportOptions::default(),
        )
        .expect("dot");
        let out = Command::new("dot")
            .arg("-Tsvg")
            .arg(&path)
            .output()
            .expect("dot runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && !stderr.contains("Error"),
            "{name}: {stderr}"
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            svg.matches("class=\"node").count(),
            kg.num_nodes(),
            "{name}"
        );
    }
}

#[test]
fn svg_has_legend_caption_and_every_node() {
    let kg = bundled();
    let svg = image::to_svg(&kg);
    assert!(svg.contains("<g id=\"legend\">") && svg.contains("Legend"));
    for words in [
        "people",
        "organisations",
        "publications",
        "ideas and concepts",
        "events",
        "supports, advocates",
        "criticises, opposes",
    ] {
        assert!(svg.contains(words), "legend lacks {words}");
    }
    assert!(svg.contains("<g id=\"caption\">") && svg.contains("Sources cited"));
    for s in &kg.sources {
        let start: String = s.citation().chars().take(30).collect();
        let escaped = start
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(svg.contains(&escaped), "caption lacks {start}");
    }
    assert_eq!(svg.matches("<g><title>").count(), kg.num_nodes());
}

#[test]
fn png_decodes_at_the_chosen_scale_with_a_companion_bibliography() {
    let kg = bundled();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("slide.png");
    let opts = ExportOptions {
        scale: 0.5,
        ..ExportOptions::default()
    };
    let files = export_to(&kg, ExportFormat::Png, Some(&out), &opts).expect("png");
    assert_eq!(
        files,
        vec![out.clone(), dir.path().join("slide.sources.txt")]
    );
    let png = std::fs::read(&out).expect("read png");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let be = |i: usize| {
        u32::from_be_bytes(
            png.get(i..i + 4)
                .and_then(|b| b.try_into().ok())
                .expect("header"),
        )
    };
    let (w, h) = (be(16), be(20));
    let svg = image::to_svg(&kg);
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("svg");
    assert_eq!(w, (tree.size().width() * 0.5).ceil() as u32);
    assert_eq!(h, (tree.size().height() * 0.5).ceil() as u32);
    let bib = std::fs::read_to_string(dir.path().join("slide.sources.txt")).expect("bibliography");
    for s in &kg.sources {
        assert!(bib.contains(&s.citation()));
    }
}

#[test]
fn unwritable_destinations_are_clear_errors() {
    let kg = bundled();
    for format in [ExportFormat::Graphml, ExportFormat::Csv, ExportFormat::Png] {
        let err = export_to(
            &kg,
            format,
            Some(Path::new("/no/such/dir/out.x")),
            &ExportOptions::default(),
        )
        .expect_err("unwritable");
        assert!(matches!(err, IoError::Write { .. }), "{err}");
        assert!(err.to_string().contains("/no/such/dir/"), "{err}");
    }
}

// --- The streaming XML importers: hostile input, declarations out of place, yEd. ---

/// Moves every line for which `pick` holds to just before `before` (the closing tag).
fn move_lines(text: &str, mut pick: impl FnMut(&str) -> bool, before: &str) -> String {
    let (moved, kept): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| pick(l));
    let kept = kept.join("\n");
    let at = kept.rfind(before).expect("closing tag");
    format!("{}{}\n{}", &kept[..at], moved.join("\n"), &kept[at..])
}

/// GraphML keys after the graph, GEXF attribute blocks after the edges: the schema puts
/// them first, but a reader that saw the whole file before mapping it accepted them
/// anywhere, and the streaming reader reads such a file again to mean the same.
fn late_declarations(kg: &KnowledgeGraph) -> (String, String) {
    let graphml = graphml::to_string(kg).expect("graphml");
    let late_graphml = move_lines(
        &graphml,
        |l| l.trim_start().starts_with("<key "),
        "</graphml>",
    );
    let gexf = gexf::to_string(kg);
    let mut in_block = false;
    let late_gexf = move_lines(
        &gexf,
        |l| {
            let t = l.trim_start();
            if t.starts_with("<attributes ") {
                in_block = true;
            }
            let pick = in_block;
            if t.starts_with("</attributes>") {
                in_block = false;
            }
            pick
        },
        "</graph>",
    );
    (late_graphml, late_gexf)
}

#[test]
fn declarations_after_the_graph_mean_the_same() {
    let kg = bundled();
    let (late_graphml, late_gexf) = late_declarations(&kg);
    assert!(late_graphml.find("<key ") > late_graphml.find("</graph>"));
    assert_eq!(
        graphml::parse_document(&late_graphml, "late.graphml").expect("graphml"),
        kg.to_document()
    );
    assert!(late_gexf.find("<attributes ") > late_gexf.find("</edges>"));
    assert_eq!(
        gexf::parse_document(&late_gexf, "late.gexf").expect("gexf"),
        positioned(&kg)
    );
}

#[test]
fn deep_nesting_is_a_placed_error_not_a_stack_overflow() {
    let depth = 200_000;
    for (name, head) in [
        (
            "x.graphml",
            r#"<graphml><graph><node id="a"><data key="k">"#,
        ),
        ("x.gexf", r#"<gexf><graph><nodes><node id="a">"#),
    ] {
        let text = format!("{head}\n{}", "<y:Shape>".repeat(depth));
        let err = if name.ends_with("graphml") {
            graphml::parse_document(&text, name).map(drop)
        } else {
            gexf::parse_document(&text, name).map(drop)
        }
        .expect_err("too deep");
        let IoError::Parse { line, message, .. } = &err else {
            panic!("{err}")
        };
        assert!(message.contains("nested deeper than"), "{err}");
        assert_eq!(*line, 2, "{err}");
    }
}

#[test]
fn entity_tricks_go_nowhere() {
    // Billion laughs, an external entity and a parameter entity: no DTD is read, so
    // every custom entity is unknown, in text or in an attribute.
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<graphml><key id="l" for="node" attr.name="label"/><graph><node id="a"><data key="l">&lol2;</data></node></graph></graphml>"#;
    let external = r#"<?xml version="1.0"?>
<!DOCTYPE g [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gexf><graph><nodes><node id="a" label="&xxe;"/></nodes></graph></gexf>"#;
    let err = graphml::parse_document(laughs, "lol.graphml").expect_err("laughs");
    assert!(err.to_string().contains("unknown entity &lol2;"), "{err}");
    assert!(err.to_string().contains("lol.graphml:3:"), "{err}");
    let err = gexf::parse_document(external, "xxe.gexf").expect_err("xxe");
    assert!(err.to_string().contains("xxe"), "{err}");
    assert!(matches!(err, IoError::Parse { line: 3, .. }), "{err}");
}

#[test]
fn malformed_xml_is_reported_before_a_problem_in_the_content() {
    // A node without an id on line 2, and a mismatched tag on line 3: as when the whole
    // file was parsed before it was mapped, the XML error is the one reported.
    let text = "<graphml><graph>\n<node/>\n<node id=\"a\"></nod></graph></graphml>";
    let err = graphml::parse_document(text, "x.graphml").expect_err("bad");
    assert!(matches!(err, IoError::Parse { line: 3, .. }), "{err}");
    // Between content problems, nodes come before edges, whatever the order in the file.
    let text = "<graphml><graph>\n<edge source=\"a\"/>\n<node/></graph></graphml>";
    let err = graphml::parse_document(text, "x.graphml").expect_err("bad");
    assert!(err.to_string().contains("a <node> without an id"), "{err}");
    let text = "<gexf><graph><edges>\n<edge/></edges><nodes>\n<node/></nodes></graph></gexf>";
    let err = gexf::parse_document(text, "x.gexf").expect_err("bad");
    assert!(err.to_string().contains("x.gexf:3:1"), "{err}");
}

#[test]
fn yed_labels_nested_graphs_and_defaults() {
    let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d6" yfiles.type="nodegraphics"/>
  <key for="edge" id="d10" yfiles.type="edgegraphics"/>
  <key for="node" id="d5" attr.name="description"><default>none</default></key>
  <graph edgedefault="directed" id="G">
    <node id="n0"><data key="d5"><![CDATA[a & <b>]]></data><data key="d6"><y:ShapeNode><y:NodeLabel> </y:NodeLabel><y:NodeLabel>Outer<y:X><y:NodeLabel>inner</y:NodeLabel></y:X></y:NodeLabel></y:ShapeNode></data>
      <graph id="n0:"><node id="n0::a"/><edge source="n0::a" target="n1"/></graph>
    </node>
    <node id="n1"><port name="p"/></node>
    <edge source="n0" target="n1"><data key="d10"><y:PolyLineEdge><y:EdgeLabel>supports</y:EdgeLabel></y:PolyLineEdge></data></edge>
  </graph>
</graphml>"#;
    let d = graphml::parse_document(text, "y.graphml").expect("yEd");
    let ids: Vec<&str> = d.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        ["n0", "n0::a", "n1"],
        "nested nodes follow their parent"
    );
    assert_eq!(d.nodes[0].label, "Outer", "the first yEd label with text");
    assert_eq!(d.nodes[0].description, "a & <b>");
    assert_eq!(d.nodes[2].description, "none");
    assert_eq!(d.edges.len(), 2);
    assert_eq!(d.edges[1].relation, Relation::Supports);
}

#[test]
fn a_large_graph_round_trips_through_the_streaming_importers() {
    let mut doc = ideagraph::model::generate::generate(
        ideagraph::model::generate::Model::ScaleFree,
        3_000,
        15_000,
        7,
    );
    // Saved positions, so the GEXF export does not lay the graph out first.
    for (i, n) in doc.nodes.iter_mut().enumerate() {
        n.pos = Some([i as f32, -(i as f32) / 2.0]);
    }
    let kg = KnowledgeGraph::from_document(doc.clone());
    let text = graphml::to_string(&kg).expect("graphml");
    assert_eq!(
        graphml::parse_document(&text, "big.graphml").expect("graphml"),
        doc
    );
    let text = gexf::to_string(&kg);
    assert_eq!(gexf::parse_document(&text, "big.gexf").expect("gexf"), doc);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn late_declarations_read_the_same_on_random_graphs(doc in graph()) {
        let kg = KnowledgeGraph::from_document(doc.clone());
        let (late_graphml, late_gexf) = late_declarations(&kg);
        prop_assert_eq!(graphml::parse_document(&late_graphml, "r.graphml").expect("graphml"), doc);
        prop_assert_eq!(gexf::parse_document(&late_gexf, "r.gexf").expect("gexf"), positioned(&kg));
    }

    #[test]
    fn cut_or_corrupted_xml_never_panics(doc in graph(), cut in 0.0f64..1.0, junk in "[<>&/\"a-z ]{0,12}") {
        let kg = KnowledgeGraph::from_document(doc);
        for text in [graphml::to_string(&kg).expect("graphml"), gexf::to_string(&kg)] {
            let mut at = (text.len() as f64 * cut) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let broken = format!("{}{junk}{}", &text[..at], &text[at..]);
            for t in [&text[..at], broken.as_str()] {
                for r in [
                    graphml::parse_document(t, "c.graphml").map(drop),
                    gexf::parse_document(t, "c.gexf").map(drop),
                ] {
                    if let Err(e) = r {
                        prop_assert!(matches!(e, IoError::Parse { line, column, .. } if line >= 1 && column >= 1), "{}", e);
                    }
                }
            }
        }
    }
}

/// Every data format carries each edge's voice and modality as attributes (own when any
/// quote is the subject's own words; expected when every quote is a forecast), beside
/// the evidence that holds each quote's own.
#[test]
fn edges_carry_voice_and_modality_as_attributes() {
    let kg = bundled();
    let json: serde_json::Value = serde_json::from_str(&json::to_string(&kg)).expect("json");
    let link = |from: &str, to: &str| {
        json["links"]
            .as_array()
            .expect("links")
            .iter()
            .find(|l| l["source"] == from && l["target"] == to)
            .cloned()
            .expect("link")
    };
    let lecture = link("hugo-young-lecture", "localism");
    assert_eq!(
        (lecture["voice"].as_str(), lecture["modality"].as_str()),
        (Some("reported"), Some("expected"))
    );
    assert_eq!(lecture["evidence"][0]["modality"], "Expected");
    let kendall = link("liz-kendall", "state-letting-go");
    assert_eq!(kendall["voice"], "own");

    let graphml = graphml::to_string(&kg).expect("graphml");
    for key in ["attr.name=\"voice\"", "attr.name=\"modality\""] {
        assert!(graphml.contains(key), "{key}");
    }
    assert!(graphml.contains(">expected</data>"), "a forecast's edge");
    let gexf = gexf::to_string(&kg);
    assert!(gexf.contains("title=\"modality\""), "GEXF declares it");
    let csv = ideagraph::io::csv_format::edges_csv(&kg).expect("csv");
    let header = csv.lines().next().expect("header");
    assert!(
        header.contains("voice") && header.contains("modality"),
        "{header}"
    );
}
