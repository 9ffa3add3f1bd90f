//! `export` and `stats` read what a selection shows in place rather than copying it into
//! a graph of its own: what they write must be what the straightforward path wrote (copy
//! the shown nodes, edges and cited sources into a new graph, then write that graph), byte
//! for byte, in every format and for every kind of selection.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use ideagraph::bundled::bundled_graph;
use ideagraph::io::export::{ExportFormat, ExportOptions, export_to};
use ideagraph::io::saved_view::save_view;
use ideagraph::model::{Kind, KnowledgeGraph, Relation};
use ideagraph::query::{self, SavedView, View, ViewSpec};

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("binary built")
}

/// The straightforward copy of what `view` shows, written here on its own so that the
/// test does not lean on the code it checks: shown nodes in index order, shown edges
/// whose ends were copied, the sources any shown node or edge cites (a source's `node`
/// kept only when that node was copied).
fn copied(kg: &KnowledgeGraph, view: &View) -> KnowledgeGraph {
    let mut out = KnowledgeGraph::default();
    out.title = kg.title.clone();
    let mut cited = BTreeSet::new();
    for n in view.nodes.iter().filter_map(|&ix| kg.node_at(ix)) {
        for ev in n
            .evidence
            .iter()
            .chain(n.roles.iter().map(|r| &r.evidence))
            .chain(n.factions.iter().map(|f| &f.evidence))
        {
            cited.insert(ev.source.clone());
        }
        out.add_node(n.clone());
    }
    for w in view.edges.iter().filter_map(|&e| kg.graph().edge_weight(e)) {
        cited.extend(w.evidence.iter().map(|ev| ev.source.clone()));
        out.add_edge(w.clone());
    }
    out.sources = kg
        .sources
        .iter()
        .filter(|s| cited.contains(&s.id))
        .map(|s| {
            let mut s = s.clone();
            s.node = s.node.filter(|n| out.index_of(n).is_some());
            s
        })
        .collect();
    out
}

/// A selection as the command line gives it, and the spec it stands for.
struct Case {
    args: Vec<String>,
    spec: ViewSpec,
}

fn case(args: &[&str], edit: impl FnOnce(&mut ViewSpec)) -> Case {
    let mut spec = ViewSpec::default();
    edit(&mut spec);
    Case {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        spec,
    }
}

/// The whole graph, each filter stage, and a saved view with nodes hidden by hand.
fn cases(kg: &KnowledgeGraph, dir: &Path) -> Vec<Case> {
    let hidden: BTreeSet<String> = kg
        .node_indices()
        .filter(|&ix| kg.degree(ix) > 8)
        .filter_map(|ix| Some(kg.node_at(ix)?.id.clone()))
        .take(5)
        .collect();
    assert!(!hidden.is_empty(), "the bundled graph has hubs to hide");
    let mut saved = SavedView {
        name: "hubs hidden".into(),
        ..SavedView::default()
    };
    saved.spec.by_hand.hidden = hidden;
    let view_file = dir.join("hubs.view.ron");
    save_view(&saved, &view_file).expect("save the view");
    let view_arg = view_file.display().to_string();
    let focus = kg
        .node_indices()
        .max_by_key(|&ix| kg.degree(ix))
        .and_then(|ix| kg.node_at(ix))
        .map(|n| n.id.clone())
        .expect("a node");
    vec![
        case(&[], |_| {}),
        case(&["--kind", "person,publication"], |s| {
            s.filter.kinds = [Kind::Person, Kind::Publication].into();
        }),
        case(&["--relation", "advocates,wrote"], |s| {
            s.filter.relations = [Relation::Advocates, Relation::Wrote].into();
        }),
        case(&["--years", "2014..2016"], |s| {
            s.filter.years = Some((2014, 2016));
        }),
        case(&["--text", "labour"], |s| s.filter.text = "labour".into()),
        case(&["--own-words", "--hide-expected"], |s| {
            s.filter.own_words = true;
            s.filter.hide_expected = true;
        }),
        case(&["--focus", &focus, "--depth", "2"], |s| {
            s.filter.focus = Some(focus.clone());
            s.filter.depth = 2;
        }),
        case(&["--view", &view_arg], |s| *s = saved.spec.clone()),
    ]
}

/// The files an export to `out` makes: CSV's three, or the one.
fn files(format: ExportFormat, out: &Path) -> Vec<PathBuf> {
    if format == ExportFormat::Csv {
        let stem = out.with_extension("");
        ["nodes", "edges", "sources"]
            .iter()
            .map(|t| stem.with_extension(format!("{t}.csv")))
            .collect()
    } else {
        vec![out.to_path_buf()]
    }
}

#[test]
fn exports_write_what_the_copy_wrote_in_every_format() {
    let kg = bundled_graph().expect("bundled graph");
    let dir = tempfile::tempdir().expect("tempdir");
    let formats = ExportFormat::ALL
        .into_iter()
        .filter(|f| !matches!(f, ExportFormat::Svg | ExportFormat::Png));
    let cases = cases(&kg, dir.path());
    for format in formats {
        for (i, c) in cases.iter().enumerate() {
            let ext = format.extension();
            let got = dir.path().join(format!("got{i}.{ext}"));
            let want = dir.path().join(format!("want{i}.{ext}"));
            bin()
                .args(["export", "--format", format.name()])
                .args(&c.args)
                .arg("-o")
                .arg(&got)
                .assert()
                .success();
            let (view, _) = query::shown(&kg, &c.spec);
            assert!(!view.nodes.is_empty(), "{:?} shows something", c.args);
            let sub = copied(&kg, &view);
            export_to(&sub, format, Some(&want), &ExportOptions::default()).expect("export");
            for (g, w) in files(format, &got).iter().zip(files(format, &want)) {
                let (g, w) = (
                    std::fs::read(g).expect("got"),
                    std::fs::read(w).expect("want"),
                );
                assert!(g == w, "{} {:?}: the bytes differ", format.name(), c.args);
            }
        }
    }
}

/// DOT goes to standard output as it is written, as to a file.
#[test]
fn dot_streams_to_standard_output_as_to_a_file() {
    let kg = bundled_graph().expect("bundled graph");
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("g.dot");
    bin()
        .args(["export", "--format", "dot", "--kind", "person", "-o"])
        .arg(&file)
        .assert()
        .success();
    let out = bin()
        .args(["export", "--format", "dot", "--kind", "person"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(out.stdout, std::fs::read(&file).expect("read"));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let people = kg
        .graph()
        .node_weights()
        .filter(|n| n.kind == Kind::Person)
        .count();
    assert!(
        text.starts_with("// ") && text.contains(&format!(": {people} nodes, ")),
        "{}",
        &text[..200.min(text.len())]
    );
    assert!(text.ends_with("}\n"));
}

/// What `stats` says of the counts, kinds, relations and sources, from the copy.
fn summary_of(kg: &KnowledgeGraph, sub: &KnowledgeGraph) -> String {
    let mut out = format!(
        "{} of {} nodes, {} of {} edges\n\nNodes by kind\n",
        sub.num_nodes(),
        kg.num_nodes(),
        sub.num_edges(),
        kg.num_edges()
    );
    let mut kinds: BTreeMap<Kind, usize> = BTreeMap::new();
    for n in sub.graph().node_weights() {
        *kinds.entry(n.kind).or_default() += 1;
    }
    for (k, c) in &kinds {
        out += &format!("  {:<14}{c:>6}\n", k.name());
    }
    out += "\nEdges by relation\n";
    let mut rels: BTreeMap<Relation, usize> = BTreeMap::new();
    for e in sub.graph().edge_weights() {
        *rels.entry(e.relation).or_default() += 1;
    }
    for (r, c) in &rels {
        out += &format!("  {:<14}{c:>6}\n", r.name());
    }
    out += &format!("\nSources ({})\n", sub.sources.len());
    for s in &sub.sources {
        out += &format!("  {:<34} {}\n", s.id, s.citation());
    }
    out
}

#[test]
fn stats_count_what_the_copy_held() {
    let kg = bundled_graph().expect("bundled graph");
    let dir = tempfile::tempdir().expect("tempdir");
    for c in cases(&kg, dir.path()) {
        let out = bin()
            .args(["stats", "--metric", "degree", "--top", "3"])
            .args(&c.args)
            .output()
            .expect("runs");
        assert!(out.status.success(), "{:?}", c.args);
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let (view, _) = query::shown(&kg, &c.spec);
        let want = summary_of(&kg, &copied(&kg, &view));
        assert!(
            text.contains(&want),
            "{:?}:\n{text}\nwanted:\n{want}",
            c.args
        );
    }
}
