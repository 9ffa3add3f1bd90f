//! The fuzz targets, shared by the long coverage-guided campaigns (`fuzz/`, run by
//! `scripts/fuzz.sh` under AFL++) and the short pass inside `cargo test`
//! (`tests/fuzz_short.rs` includes this file by path), so each target's body is written
//! once.
//!
//! A target takes arbitrary bytes, reads them as UTF-8 (lossily: a mutated byte should
//! still reach the parser), calls one loader or the quote matcher, and must not panic.
//! Where the call succeeds, a cheap invariant is checked too: a loaded graph exported in
//! the same format loads again, a saved view written out parses again, and the nearest
//! passage the quote matcher offers is a piece of the text it searched. A broken
//! invariant panics with a message saying which, so the fuzzer reports it as a crash.
//!
//! Inputs that hold several texts (a CSV node list and edge list, a source text and a
//! quote) separate them with a NUL byte ([`SPLIT`]), which none of the texts needs.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use ideagraph::bundled::GRAPH_RON;
use ideagraph::io::export::{ExportFormat, ExportOptions, render};
use ideagraph::io::{
    IoError, csv_format, gexf, graphml, interchange, json, quotes, ron_format, saved_view,
};
use ideagraph::model::{Document, Evidence, Kind, KnowledgeGraph, Node, Relation, Source};
use ideagraph::query::{self, ColourMode, SavedView};

/// The byte that separates the texts of a several-text input.
pub const SPLIT: u8 = 0;

/// One fuzz target: a loader or the quote matcher.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `io::ron_format::load`, the native format.
    Ron,
    /// `io::json::load_str`, node-link JSON.
    Json,
    /// `io::graphml::load_str`.
    Graphml,
    /// `io::gexf::load_str`.
    Gexf,
    /// `io::csv_format::parse_tables` on a node list, an edge list and a source list.
    Csv,
    /// `io::saved_view::view_from_ron`, then the view's filter applied to a small graph.
    View,
    /// `io::quotes`: `normalize`, `nearest_passage` and `check_quotes` on a text and a quote.
    Quotes,
}

impl Target {
    /// Every target, in the order the campaigns run them.
    pub const ALL: [Target; 7] = [
        Target::Ron,
        Target::Json,
        Target::Graphml,
        Target::Gexf,
        Target::Csv,
        Target::View,
        Target::Quotes,
    ];

    /// The name used on the command line and for corpus and regression folders.
    pub fn name(self) -> &'static str {
        match self {
            Target::Ron => "ron",
            Target::Json => "json",
            Target::Graphml => "graphml",
            Target::Gexf => "gexf",
            Target::Csv => "csv",
            Target::View => "view",
            Target::Quotes => "quotes",
        }
    }

    /// The target of this name.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Runs the target on one input. Returns normally unless a finding panics.
    pub fn run(self, data: &[u8]) {
        let text = String::from_utf8_lossy(data);
        match self {
            Target::Ron => graph_file(&text, ExportFormat::Ron, load_ron),
            Target::Json => graph_file(&text, ExportFormat::Json, json::load_str),
            Target::Graphml => graph_file(&text, ExportFormat::Graphml, graphml::load_str),
            Target::Gexf => graph_file(&text, ExportFormat::Gexf, gexf::load_str),
            Target::Csv => csv_tables(&text),
            Target::View => saved_view(&text),
            Target::Quotes => quote_matcher(&text),
        }
    }

    /// Seed inputs: the fixtures and exports of a slice of the bundled `graph.ron`, each
    /// with a name. The whole of `graph.ron` (320 KB) is a seed of the RON target only
    /// in the short pass: the campaigns skip seeds larger than [`MAX_CAMPAIGN_SEED`].
    pub fn seeds(self) -> Vec<(String, Vec<u8>)> {
        let kg = slice();
        let export = |format| render(kg, format, &ExportOptions::default()).unwrap_or_default();
        let named = |name: &str, bytes: &[u8]| (name.to_owned(), bytes.to_vec());
        match self {
            Target::Ron => vec![
                named("slice.ron", &export(ExportFormat::Ron)),
                named("graph.ron", GRAPH_RON.as_bytes()),
            ],
            Target::Json => vec![
                named("slice.json", &export(ExportFormat::Json)),
                named("karate_metrics.json", KARATE_METRICS_JSON),
            ],
            Target::Graphml => vec![
                named("slice.graphml", &export(ExportFormat::Graphml)),
                named("karate.graphml", KARATE_GRAPHML),
                named("les_miserables.graphml", LES_MISERABLES_GRAPHML),
            ],
            Target::Gexf => vec![
                named("slice.gexf", &export(ExportFormat::Gexf)),
                named("karate.gexf", KARATE_GEXF),
                named("les_miserables.gexf", LES_MISERABLES_GEXF),
            ],
            Target::Csv => csv_seeds(kg),
            Target::View => view_seeds(),
            Target::Quotes => quote_seeds(kg),
        }
    }
}

/// Seeds larger than this are left out of the campaigns' starting corpus: AFL++ runs
/// best on small inputs, and the short pass covers the big one.
pub const MAX_CAMPAIGN_SEED: usize = 64 * 1024;

const KARATE_GRAPHML: &[u8] = include_bytes!("../../tests/fixtures/karate.graphml");
const KARATE_GEXF: &[u8] = include_bytes!("../../tests/fixtures/karate.gexf");
const LES_MISERABLES_GRAPHML: &[u8] = include_bytes!("../../tests/fixtures/les_miserables.graphml");
const LES_MISERABLES_GEXF: &[u8] = include_bytes!("../../tests/fixtures/les_miserables.gexf");
const KARATE_NODES_CSV: &[u8] = include_bytes!("../../tests/fixtures/karate.nodes.csv");
const KARATE_EDGES_CSV: &[u8] = include_bytes!("../../tests/fixtures/karate.edges.csv");
const KARATE_METRICS_JSON: &[u8] = include_bytes!("../../tests/fixtures/karate_metrics.json");

/// The RON loader in the shape of the others: lenient, problems dropped.
fn load_ron(text: &str, path: &str) -> Result<KnowledgeGraph, IoError> {
    ron_format::load(text, path).map(|(kg, _problems)| kg)
}

/// Loads a single-file graph; if it loads, exports it in the same format (an export
/// may refuse a graph the format cannot express) and the export must load again.
fn graph_file(
    text: &str,
    format: ExportFormat,
    load: fn(&str, &str) -> Result<KnowledgeGraph, IoError>,
) {
    let Ok(mut kg) = load(text, "fuzz-input") else {
        return;
    };
    place_unplaced(&mut kg);
    let Ok(bytes) = render(&kg, format, &ExportOptions::default()) else {
        return;
    };
    let again = String::from_utf8(bytes).expect("a text export is UTF-8");
    if let Err(e) = load(&again, "re-exported") {
        panic!(
            "a loaded graph, exported as {}, does not load again: {e}",
            format.name()
        );
    }
}

/// Puts nodes without a usable position at the origin. A GEXF export lays out such
/// nodes with the force simulation first, which made the GEXF target ten times slower
/// than the others; the layout is not what these targets test.
fn place_unplaced(kg: &mut KnowledgeGraph) {
    let unplaced: Vec<_> = kg
        .node_indices()
        .filter(|&ix| {
            kg.node_at(ix)
                .is_some_and(|n| !n.pos.is_some_and(|p| p.iter().all(|c| c.is_finite())))
        })
        .collect();
    for ix in unplaced {
        kg.set_pos(ix, Some([0.0, 0.0]));
    }
}

/// Splits a several-text input at [`SPLIT`] bytes into at most `n` texts.
fn split_texts(text: &str, n: usize) -> Vec<&str> {
    text.splitn(n, char::from(SPLIT)).collect()
}

/// Parses up to three CSV tables (nodes, edges, sources); if they make a graph, its
/// CSV export must make one again.
fn csv_tables(text: &str) {
    let parts = split_texts(text, 3);
    let table = |i: usize, path| parts.get(i).map(|t| (*t, path));
    let Ok(kg) = csv_graph(
        table(0, "fuzz.nodes.csv"),
        table(1, "fuzz.edges.csv"),
        table(2, "fuzz.sources.csv"),
    ) else {
        return;
    };
    let tables = (
        csv_format::nodes_csv(&kg),
        csv_format::edges_csv(&kg),
        csv_format::sources_csv(&kg),
    );
    let (Ok(nodes), Ok(edges), Ok(sources)) = tables else {
        return;
    };
    if let Err(e) = csv_graph(
        Some((&nodes, "again.nodes.csv")),
        Some((&edges, "again.edges.csv")),
        Some((&sources, "again.sources.csv")),
    ) {
        panic!("a loaded graph, exported as CSV, does not load again: {e}");
    }
}

/// What `csv_format::load_path` does once the files are read.
fn csv_graph(
    nodes: Option<(&str, &str)>,
    edges: Option<(&str, &str)>,
    sources: Option<(&str, &str)>,
) -> Result<KnowledgeGraph, IoError> {
    let doc = csv_format::parse_tables(nodes, edges, sources)?;
    interchange::accept_imported(doc, "fuzz.csv")
}

/// Parses a saved view, shows its spec (filter and compared ranges) on a small graph,
/// and writes it out: what it writes must parse again.
fn saved_view(text: &str) {
    let Ok(view) = saved_view::view_from_ron(text, "fuzz.view.ron") else {
        return;
    };
    let (shown, _) = query::shown(slice(), &view.spec);
    for &e in &shown.edges {
        let Some((a, b)) = slice().endpoints(e) else {
            panic!("a view shows an edge the graph does not have");
        };
        assert!(
            shown.has_node(a) && shown.has_node(b),
            "a view shows an edge without both its ends"
        );
    }
    let again = match saved_view::view_to_ron(&view) {
        Ok(again) => again,
        Err(e) => panic!("a parsed view cannot be written: {e}"),
    };
    if let Err(e) = saved_view::view_from_ron(&again, "again.view.ron") {
        panic!("a view written out does not parse again: {e}\n{again}");
    }
}

/// Runs the quote matcher on a source text and a quote: both normalised, the nearest
/// passage found, and the whole check run against the text written to a file.
fn quote_matcher(text: &str) {
    let parts = split_texts(text, 2);
    let (source, quote) = (parts.first().copied().unwrap_or(""), parts.get(1).copied());
    let norm = quotes::normalize(source);
    assert_eq!(
        quotes::normalize(&norm),
        norm,
        "normalize is not idempotent"
    );
    let Some(quote) = quote else {
        return;
    };
    let passage = quotes::nearest_passage(&norm, &quotes::normalize(quote));
    assert!(
        norm.contains(&passage),
        "the nearest passage {passage:?} is not in the text"
    );
    check_one_quote(source, quote);
}

/// `check_quotes` on a one-source document whose file holds `source`; the quote is
/// found exactly when its normalised form is in the normalised text.
fn check_one_quote(source: &str, quote: &str) {
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if std::fs::write(dir.path().join(SOURCE_FILE), source).is_err() {
        return;
    }
    let mut doc = Document::default();
    doc.sources.push(Source {
        node: None,
        id: "s".into(),
        title: "Fuzz".into(),
        outlet: None,
        authors: Vec::new(),
        date: None,
        file: SOURCE_FILE.into(),
        note: None,
    });
    let mut node = Node::new("a", "A", Kind::Person);
    node.evidence.push(Evidence::new("s", quote));
    doc.nodes.push(node);
    let problems = quotes::check_quotes(&doc, dir.path());
    let q = quotes::normalize(quote);
    let found = q.is_empty() || quotes::normalize(source).contains(&q);
    assert_eq!(
        problems.is_empty(),
        found,
        "check_quotes disagrees with normalize: {problems:?}"
    );
}

const SOURCE_FILE: &str = "source.txt";

/// A small, valid slice of the bundled graph: its first nodes, the edges between them
/// and the sources their evidence cites. Made once per process.
pub fn slice() -> &'static KnowledgeGraph {
    static SLICE: OnceLock<KnowledgeGraph> = OnceLock::new();
    SLICE.get_or_init(|| {
        let full = ron_format::parse_document(GRAPH_RON, "graph.ron").unwrap_or_default();
        KnowledgeGraph::from_document(slice_of(full, 8))
    })
}

/// The first `n` nodes of `doc` with the edges between them and the sources cited.
fn slice_of(doc: Document, n: usize) -> Document {
    let nodes: Vec<Node> = doc.nodes.into_iter().take(n).collect();
    let has = |id: &str| nodes.iter().any(|node| node.id == id);
    let edges: Vec<_> = doc
        .edges
        .into_iter()
        .filter(|e| has(&e.from) && has(&e.to))
        .collect();
    let cited: Vec<&str> = nodes
        .iter()
        .flat_map(|n| {
            let roles = n.roles.iter().map(|r| &r.evidence);
            let factions = n.factions.iter().map(|f| &f.evidence);
            n.evidence.iter().chain(roles).chain(factions)
        })
        .chain(edges.iter().flat_map(|e| e.evidence.iter()))
        .map(|ev| ev.source.as_str())
        .collect();
    let sources = doc
        .sources
        .iter()
        .filter(|s| cited.contains(&s.id.as_str()))
        .cloned()
        .collect();
    Document {
        title: doc.title.clone(),
        sources,
        nodes: nodes.clone(),
        edges,
        ..Document::default()
    }
}

/// Joins texts with [`SPLIT`] into one several-text input.
fn joined(texts: &[&[u8]]) -> Vec<u8> {
    texts.join(&SPLIT)
}

fn csv_seeds(kg: &KnowledgeGraph) -> Vec<(String, Vec<u8>)> {
    let table = |t: Result<String, IoError>| t.unwrap_or_default().into_bytes();
    let (nodes, edges, sources) = (
        table(csv_format::nodes_csv(kg)),
        table(csv_format::edges_csv(kg)),
        table(csv_format::sources_csv(kg)),
    );
    vec![
        ("slice.csv".into(), joined(&[&nodes, &edges, &sources])),
        (
            "karate.csv".into(),
            joined(&[KARATE_NODES_CSV, KARATE_EDGES_CSV]),
        ),
        ("karate.edges.csv".into(), KARATE_EDGES_CSV.to_vec()),
    ]
}

fn view_seeds() -> Vec<(String, Vec<u8>)> {
    let mut full = SavedView {
        name: "Blairites, 2008".into(),
        pinned: BTreeMap::from([("tony-blair".to_owned(), [1.5, -2.0])]),
        ..SavedView::default()
    };
    full.spec.hide_excluded = true;
    full.spec.colour_by = ColourMode::Community;
    full.spec.size_by = Some(query::metrics::Metric::Degree);
    full.spec.compare = Some(((1997, 2007), (2010, 2015)));
    full.spec.filter.kinds.insert(Kind::Person);
    full.spec.filter.relations.insert(Relation::Wrote);
    full.spec.filter.factions.insert("Blairite".into());
    full.spec.filter.years = Some((1990, 2010));
    full.spec.filter.text = "milburn".into();
    full.spec.filter.focus = slice().to_document().nodes.first().map(|n| n.id.clone());
    full.spec.filter.depth = 2;
    let written = saved_view::view_to_ron(&full)
        .unwrap_or_default()
        .into_bytes();
    vec![
        ("full.view.ron".into(), written),
        (
            "focus.view.ron".into(),
            b"SavedView(name: \"Milburn\", filter: (focus: Some(\"alan-milburn\"), depth: 1))"
                .to_vec(),
        ),
    ]
}

fn quote_seeds(kg: &KnowledgeGraph) -> Vec<(String, Vec<u8>)> {
    let doc = kg.to_document();
    let quotes: Vec<String> = quotes::all_evidence(&doc)
        .into_iter()
        .map(|(_, ev)| ev.quote.clone())
        .take(3)
        .collect();
    let text = format!(
        "Before the quote, \u{201c}some words\u{201d} \u{2014} and then:\n\n{}\n\nAfter it\u{2026}",
        quotes.join("  \n")
    );
    let mut seeds = Vec::new();
    for (i, q) in quotes.iter().enumerate() {
        let typographic = q.replace('\'', "\u{2019}").replace(" - ", " \u{2013} ");
        let misquoted = q.replacen(' ', " not ", 1);
        for (kind, quote) in [("exact", q), ("curly", &typographic), ("miss", &misquoted)] {
            let bytes = joined(&[text.as_bytes(), quote.as_bytes()]);
            seeds.push((format!("{kind}-{i}.txt"), bytes));
        }
    }
    seeds
}
