//! Where people stand, pinned on the bundled graph: the shared and opposed stances of
//! Liz Kendall and Alan Milburn and of two Milibandites (Ed Miliband and Jon Cruddas),
//! the inheritance of *Up a gear*'s stances by its author, the seriation's determinism;
//! and the `stances` and `agreement` commands on the real binary.

use std::collections::BTreeSet;

use assert_cmd::Command;
use ideagraph::bundled::bundled_graph;
use ideagraph::model::{KnowledgeGraph, Relation};
use ideagraph::query::View;
use ideagraph::query::stances::{
    Agreement, MatrixOptions, Shared, SortOrder, StanceMatrix, agreement, narrate_agreement,
    order_cols, order_rows,
};
use petgraph::stable_graph::NodeIndex;

fn kg() -> KnowledgeGraph {
    bundled_graph().expect("the bundled graph loads")
}

fn ix(kg: &KnowledgeGraph, id: &str) -> NodeIndex {
    kg.index_of(id).expect("a node of the bundled graph")
}

fn ideas(kg: &KnowledgeGraph, list: &[Shared]) -> BTreeSet<String> {
    list.iter()
        .map(|s| kg.node_at(s.concept).expect("idea").label.clone())
        .collect()
}

fn set(labels: &[&str]) -> BTreeSet<String> {
    labels.iter().map(|s| (*s).to_owned()).collect()
}

fn compare(kg: &KnowledgeGraph, a: &str, b: &str) -> Agreement {
    agreement(
        kg,
        &View::all(kg),
        ix(kg, a),
        ix(kg, b),
        &MatrixOptions::default(),
    )
}

#[test]
fn kendall_and_milburn_back_three_ideas_and_she_rebukes_him() {
    let kg = kg();
    let ag = compare(&kg, "liz-kendall", "alan-milburn");
    assert_eq!(
        ideas(&kg, &ag.both_back),
        set(&[
            "Citizen empowerment",
            "Localism and devolution",
            "Public service reform"
        ])
    );
    assert!(ag.both_attack.is_empty());
    assert!(ag.opposed.is_empty());
    let direct: Vec<Relation> = ag.direct.iter().map(|&e| kg.graph()[e].relation).collect();
    assert_eq!(direct, [Relation::Rebukes]);
    // Each idea carries both people's quotes.
    assert!(
        ag.both_back
            .iter()
            .all(|s| !s.a.is_empty() && !s.b.is_empty())
    );
    let told = narrate_agreement(&kg, ix(&kg, "liz-kendall"), ix(&kg, "alan-milburn"), &ag);
    assert!(told[0].starts_with("Liz Kendall and Alan Milburn both back 3 ideas"));
    assert!(
        told.iter()
            .any(|l| l.contains("Liz Kendall rebuked Alan Milburn (The Guardian, Patrick Wintour"))
    );
    assert!(told.iter().any(|l| l.contains(
        "Alan Milburn advocates Localism and devolution (Progress, Alan Milburn, \u{2018}Up a gear\u{2019}"
    )));
}

#[test]
fn two_milibandites_back_the_same_ideas_and_miliband_supports_cruddas() {
    let kg = kg();
    for id in ["ed-miliband", "jon-cruddas"] {
        let n = kg.node(id).expect("node");
        assert!(n.faction_names().contains(&"Milibandite"), "{id}");
    }
    let ag = compare(&kg, "ed-miliband", "jon-cruddas");
    assert_eq!(
        ideas(&kg, &ag.both_back),
        set(&["Citizen empowerment", "Public service reform"])
    );
    assert!(ag.both_attack.is_empty() && ag.opposed.is_empty());
    assert!(
        ag.direct
            .iter()
            .any(|&e| kg.graph()[e].relation == Relation::Supports)
    );
    // Across factions, Miliband and Milburn also both attack Blairism.
    let across = compare(&kg, "ed-miliband", "alan-milburn");
    assert_eq!(ideas(&kg, &across.both_attack), set(&["Blairism"]));
}

#[test]
fn milburn_inherits_every_stance_of_up_a_gear_through_writing_it() {
    let kg = kg();
    let view = View::all(&kg);
    let milburn = ix(&kg, "alan-milburn");
    let text = ix(&kg, "article-up-a-gear");
    let wrote = kg
        .graph()
        .edges_connecting(milburn, text)
        .find(|e| e.weight().relation == Relation::Wrote)
        .map(|e| petgraph::visit::EdgeRef::id(&e))
        .expect("Milburn wrote Up a gear");
    let opts = MatrixOptions {
        inherit: true,
        ..MatrixOptions::default()
    };
    let m = StanceMatrix::build(&kg, &view, &opts);
    let row = m.row_of(milburn).expect("Milburn has a row");
    let mut text_stances = 0;
    for (e, to, out) in kg.incident(text) {
        let concept = kg.node_at(to).expect("node").kind == ideagraph::model::Kind::Concept;
        let stance = ideagraph::query::stances::Stance::of(kg.graph()[e].relation).is_some();
        if !(out && concept && stance) {
            continue;
        }
        text_stances += 1;
        let cell = m
            .cell(row, m.col_of(to).expect("column"))
            .expect("Milburn's cell");
        assert!(
            cell.links
                .iter()
                .any(|l| l.edge == e && l.via == Some(wrote)),
            "the stance on {} is inherited through Wrote",
            kg.node_at(to).expect("node").label
        );
    }
    assert!(text_stances >= 20, "Up a gear takes {text_stances} stances");
    // Without inheritance no link goes through a text.
    let plain = StanceMatrix::build(&kg, &view, &MatrixOptions::default());
    assert!(
        plain
            .cells
            .values()
            .all(|c| c.links.iter().all(|l| l.via.is_none()))
    );
}

#[test]
fn seriation_of_the_bundled_graph_is_deterministic() {
    let first = kg();
    let second = kg();
    let m1 = StanceMatrix::build(&first, &View::all(&first), &MatrixOptions::default());
    let m2 = StanceMatrix::build(&second, &View::all(&second), &MatrixOptions::default());
    let ids = |kg: &KnowledgeGraph, m: &StanceMatrix, rows: Vec<usize>| -> Vec<String> {
        rows.iter()
            .map(|&r| kg.node_at(m.rows[r]).expect("row").id.clone())
            .collect()
    };
    let a = ids(&first, &m1, order_rows(&first, &m1, SortOrder::Similarity));
    let b = ids(
        &second,
        &m2,
        order_rows(&second, &m2, SortOrder::Similarity),
    );
    assert_eq!(a, b);
    assert_ne!(
        a,
        ids(&first, &m1, order_rows(&first, &m1, SortOrder::Name))
    );
    // Graeme Cooke and Rick Muir, who wrote one text together, sit side by side.
    let at = |id: &str| a.iter().position(|x| x == id).expect("row");
    assert_eq!(at("graeme-cooke").abs_diff(at("rick-muir")), 1);
    assert_eq!(
        order_cols(&first, &m1, SortOrder::Similarity),
        order_cols(&first, &m1, SortOrder::Similarity)
    );
}

fn bin() -> Command {
    Command::cargo_bin("ideagraph").expect("the binary is built")
}

fn stdout(args: &[&str]) -> String {
    let out = bin().args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {:?}", out);
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn cli_agreement_tells_the_shared_stances_with_citations() {
    let text = stdout(&["agreement", "Liz Kendall", "alan-milburn"]);
    assert!(text.starts_with(
        "Liz Kendall and Alan Milburn both back 3 ideas, both attack 0 ideas, and stand on opposite sides of 0 ideas.\n"
    ));
    assert!(text.contains(
        "Both back Citizen empowerment:\n  Liz Kendall advocates Citizen empowerment (The Guardian"
    ));
    assert!(text.contains("Directly:\n  Liz Kendall rebuked Alan Milburn ("));
    let inherited = stdout(&["agreement", "Alan Milburn", "Liz Kendall", "--inherit"]);
    assert!(
        inherited.contains("Alan Milburn wrote Up a gear ("),
        "{inherited}"
    );
    assert!(inherited.contains("), which advocates Localism and devolution ("));
}

#[test]
fn cli_stances_prints_writes_csv_groups_and_pairs() {
    let text = stdout(&["stances", "--sort", "stances"]);
    assert!(text.starts_with("22 rows by 107 columns"), "{text}");
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("Alan Milburn [New Labour]: "))
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("stances.csv");
    let csv_arg = csv.to_str().expect("UTF-8 path");
    stdout(&["stances", "--inherit", "-o", csv_arg]);
    let written = std::fs::read_to_string(&csv).expect("written");
    let mut reader = csv::Reader::from_reader(written.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(
        header.iter().take(3).collect::<Vec<_>>(),
        ["name", "id", "factions"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert!(records.iter().all(|r| r.len() == header.len()));
    let kendall = records
        .iter()
        .find(|r| &r[0] == "Liz Kendall")
        .expect("row");
    assert_eq!(&kendall[2], "Milibandite");
    let col = header
        .iter()
        .position(|h| h == "Personal budgets")
        .expect("column");
    // Her own words, and her pamphlet's, which she co-wrote.
    assert_eq!(&kendall[col], "for (2, 1 inherited)");
    let groups = stdout(&["stances", "--groups"]);
    assert!(groups.contains("Faction claims by stance group\n"));
    assert!(groups.contains("\nMilibandite\t"));
    let pairs = stdout(&["stances", "--pairs"]);
    assert!(pairs.starts_with(
        "source,target,source_label,target_label,agree,disagree,weight,sign,derived\n"
    ));
    assert!(
        pairs.contains(
            "liz-kendall,alan-milburn,Liz Kendall,Alan Milburn,3,0,3,agree,stance agreement"
        ) || pairs.contains(
            "alan-milburn,liz-kendall,Alan Milburn,Liz Kendall,3,0,3,agree,stance agreement"
        )
    );
    // Filters apply: one year's view holds fewer rows.
    let y2015 = stdout(&["stances", "--years", "2015"]);
    assert!(!y2015.starts_with("22 rows"), "{y2015}");
}

#[test]
fn cli_stances_refuses_bad_flags() {
    for (args, code) in [
        (&["stances", "--rows", "widget"][..], 1),
        (&["stances", "--sort", "colour"], 1),
        (&["stances", "--cols", ","], 1),
        (&["agreement", "Liz Kendall", "Nobody At All"], 1),
        (&["stances", "--groups", "--pairs"], 2),
    ] {
        let out = bin().args(args).output().expect("runs");
        assert_eq!(out.status.code(), Some(code), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty());
        assert!(String::from_utf8_lossy(&out.stderr).starts_with("error"));
    }
}
