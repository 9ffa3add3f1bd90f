//! The debate through time: per-year metrics against networkx on the year views of the
//! bundled graph (its shape as `tests/fixtures/make_yearly_metrics.py` took it), movers
//! between two ranges, and where "the relational state" and "subsidiarity" first
//! appeared and who took them up, pinned on the bundled graph.

use std::collections::BTreeSet;

use ideagraph::bundled::bundled_graph;
use ideagraph::model::{
    Basis, Dated, Document, Edge, Kind, KnowledgeGraph, Node, PartialDate, Relation,
};
use ideagraph::query::Filter;
use ideagraph::query::metrics::Metric;
use ideagraph::query::timeline::{Years, movers, period_view, periods, yearly_metrics};
use ideagraph::query::uptake::{Origin, narrate_uptake, uptake};
use serde_json::Value;

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

fn year(v: &Value) -> Option<Dated> {
    let y = i32::try_from(v.as_i64()?).ok()?;
    Some(Dated {
        date: PartialDate::year(y),
        basis: Basis::Stated,
    })
}

/// The bundled graph's shape (ids, kinds, years, edges) from the fixture.
fn snapshot() -> KnowledgeGraph {
    let g = json(include_str!("fixtures/yearly_graph.json"));
    let mut doc = Document::default();
    for n in g["nodes"].as_array().expect("nodes") {
        let id = n["id"].as_str().expect("id");
        let kind = Kind::from_name(n["kind"].as_str().expect("kind")).expect("a kind");
        let mut node = Node::new(id, id, kind);
        node.date = year(&n["year"]);
        doc.nodes.push(node);
    }
    for e in g["edges"].as_array().expect("edges") {
        let (a, b) = (e["source"].as_str(), e["target"].as_str());
        let mut edge = Edge::new(a.expect("source"), b.expect("target"), Relation::Mentions);
        edge.date = year(&e["year"]);
        doc.edges.push(edge);
    }
    KnowledgeGraph::from_document(doc)
}

fn fixture_periods(m: &Value) -> Vec<Years> {
    m["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| {
            let y = |i: usize| i32::try_from(p["years"][i].as_i64().expect("year")).expect("i32");
            (y(0), y(1))
        })
        .collect()
}

#[test]
fn year_views_are_the_ones_networkx_was_given() {
    let kg = snapshot();
    let m = json(include_str!("fixtures/yearly_metrics.json"));
    for (p, years) in fixture_periods(&m).into_iter().enumerate() {
        let view = period_view(&kg, &Filter::default(), years);
        let ours: BTreeSet<&str> = view
            .nodes
            .iter()
            .filter_map(|&ix| kg.node_at(ix).map(|n| n.id.as_str()))
            .collect();
        let theirs: BTreeSet<&str> = m["periods"][p]["nodes"]
            .as_object()
            .expect("nodes")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(ours, theirs, "{years:?}");
    }
}

#[test]
fn per_year_metrics_match_networkx() {
    let kg = snapshot();
    let m = json(include_str!("fixtures/yearly_metrics.json"));
    let ps = fixture_periods(&m);
    let mut compared = 0;
    for (metric, key, tol) in [
        (Metric::Degree, "degree", 1e-12),
        (Metric::Betweenness, "betweenness", 1e-9),
        (Metric::PageRank, "pagerank", 1e-6),
    ] {
        let t = yearly_metrics(&kg, &Filter::default(), metric, &ps, None);
        assert_eq!(t.periods, ps);
        for ix in kg.node_indices() {
            let id = kg.node_at(ix).map(|n| n.id.as_str()).expect("node");
            for (p, years) in ps.iter().enumerate() {
                let want = m["periods"][p]["nodes"][id][key].as_f64();
                let got = t.get(ix, p);
                match (got, want) {
                    (Some(g), Some(w)) => {
                        assert!(
                            (g - w).abs() < tol,
                            "{key} of {id} in {years:?}: {g}, networkx {w}"
                        );
                        compared += 1;
                    }
                    (None, None) => {}
                    _ => panic!("{key} of {id} in {years:?}: {got:?}, networkx {want:?}"),
                }
            }
        }
    }
    assert!(compared > 1000, "only {compared} values compared");
}

#[test]
fn the_bundled_graph_has_values_only_where_a_year_shows_a_node() {
    let kg = bundled_graph().expect("bundled");
    let milburn = kg.index_of("alan-milburn").expect("Milburn");
    let t = yearly_metrics(
        &kg,
        &Filter::default(),
        Metric::Degree,
        &periods((2008, 2016), 1),
        Some(&[milburn]),
    );
    let series = t.series(milburn).expect("asked for");
    assert_eq!(series.len(), 9);
    assert!(series[0].is_some_and(|d| d > 10.0), "{series:?}");
    // Milburn is not in the 2009 texts: no value, not 0.
    assert_eq!(series[1], None, "{series:?}");
}

#[test]
fn movers_between_the_new_labour_years_and_the_corbyn_years() {
    let kg = bundled_graph().expect("bundled");
    let m = movers(
        &kg,
        &Filter::default(),
        Metric::Degree,
        (2008, 2010),
        (2014, 2016),
    );
    let id = |ix| kg.node_at(ix).map_or("?", |n| n.id.as_str());
    let leaving: Vec<&str> = m.leaving.iter().map(|x| id(x.node)).collect();
    let entering: Vec<&str> = m.entering.iter().map(|x| id(x.node)).collect();
    assert!(leaving.contains(&"james-purnell"), "{leaving:?}");
    assert!(entering.contains(&"jeremy-corbyn"), "{entering:?}");
    // Every mover is in both ranges, and the lists are in order.
    for x in m.up.iter().chain(&m.down) {
        assert!(x.first.is_some() && x.second.is_some());
    }
    assert!(m.up.windows(2).all(|w| w[0].change() >= w[1].change()));
    assert!(m.down.windows(2).all(|w| w[0].change() <= w[1].change()));
    assert!(m.up.iter().all(|x| x.change() > Some(0)));
    assert_eq!(
        m,
        movers(
            &kg,
            &Filter::default(),
            Metric::Degree,
            (2008, 2010),
            (2014, 2016)
        ),
        "deterministic"
    );
}

fn ids(kg: &KnowledgeGraph, u: &ideagraph::query::uptake::Uptake) -> Vec<(String, Option<i32>)> {
    u.chain
        .iter()
        .map(|s| {
            let id = kg.node_at(s.node).map(|n| n.id.clone()).unwrap_or_default();
            (id, s.date.as_ref().map(Dated::year))
        })
        .collect()
}

#[test]
fn the_relational_state_first_appears_in_cooke_and_muir_and_is_taken_up_by_miliband() {
    let kg = bundled_graph().expect("bundled");
    let idea = kg.index_of("relational-state").expect("relational state");
    let u = uptake(&kg, idea).expect("a node");
    let first = u.first.clone().expect("dated");
    let Origin::Edge(e) = first.origin else {
        panic!("a concept has no date of its own: {first:?}");
    };
    let (from, _) = kg.endpoints(e).expect("edge");
    assert_eq!(
        kg.node_at(from).map(|n| n.id.as_str()),
        Some("article-relational-state")
    );
    assert_eq!(first.date.date, PartialDate::year(2012));
    assert!(first.is_inferred());
    assert_eq!(first.source(), Some("cooke-muir-relational-state"));
    assert_eq!(
        first.evidence.map(|ev| ev.quote).as_deref(),
        Some("Labour's next big idea: the \"relational state\"")
    );
    let chain = ids(&kg, &u);
    let want: Vec<(String, Option<i32>)> = [
        ("graeme-cooke", Some(2012)),
        ("rick-muir", Some(2012)),
        ("article-relational-state", Some(2012)),
        ("ed-miliband", Some(2014)),
        ("rafael-behr", None),
        ("ippr", None),
        ("ippr-relational-state-publication", None),
        ("ippr-relational-state-report", None),
    ]
    .into_iter()
    .map(|(id, y)| (id.to_owned(), y))
    .collect();
    assert_eq!(chain, want);
    assert!(
        u.chain
            .iter()
            .all(|s| s.date.as_ref().is_none_or(|d| d.basis.is_inferred()))
    );
    let told = narrate_uptake(&kg, &u);
    assert_eq!(
        told[0],
        "The relational state: Graeme Cooke, Rick Muir and Labour's next big idea: the \
         \"relational state\", 2012 (inferred) \u{2192} Ed Miliband, 2014 (inferred); \
         undated: Rafael Behr, IPPR, IPPR publication on the relational state (Cooke and \
         Muir) and IPPR report on the relational state (previewed by Behr)"
    );
    assert!(
        told[1].starts_with(
            "First appearance, 2012 (inferred): Labour's next big idea: the \"relational \
             state\" advocates The relational state (Graeme Cooke and Rick Muir"
        ),
        "{}",
        told[1]
    );
    assert!(
        told[5].starts_with(
            "2014 (inferred): Ed Miliband advocates The relational state (Rafael Behr"
        ),
        "{}",
        told[5]
    );
    assert!(
        told[6].starts_with("undated: Rafael Behr mentions The relational state"),
        "{}",
        told[6]
    );
    assert_eq!(told.len(), 2 + u.chain.len());
}

#[test]
fn subsidiarity_first_appears_in_milburns_up_a_gear() {
    let kg = bundled_graph().expect("bundled");
    let idea = kg.index_of("subsidiarity").expect("subsidiarity");
    let u = uptake(&kg, idea).expect("a node");
    let first = u.first.clone().expect("dated");
    let Origin::Edge(e) = first.origin else {
        panic!("{first:?}");
    };
    let (from, _) = kg.endpoints(e).expect("edge");
    assert_eq!(
        kg.node_at(from).map(|n| n.id.as_str()),
        Some("alan-milburn")
    );
    assert_eq!((first.date.year(), first.is_inferred()), (2008, true));
    assert_eq!(first.source(), Some("progress-milburn-up-a-gear"));
    assert_eq!(
        ids(&kg, &u),
        [
            ("alan-milburn".to_owned(), Some(2008)),
            ("article-up-a-gear".to_owned(), Some(2008)),
        ]
    );
    let told = narrate_uptake(&kg, &u);
    assert_eq!(
        told[0],
        "Subsidiarity: Alan Milburn and Up a gear, 2008 (inferred)"
    );
    assert_eq!(
        told[1],
        "First appearance, 2008 (inferred): Alan Milburn advocates Subsidiarity (Progress, \
         Alan Milburn, \u{2018}Up a gear\u{2019}, 2008 (date inferred): \u{201c}there should be a \
         new guiding principle in our governance: subsidiarity\u{201d}, own words)"
    );
}

#[test]
fn no_uptake_step_is_given_a_date_its_edge_lacks() {
    let kg = bundled_graph().expect("bundled");
    for ix in kg.node_indices() {
        let Some(u) = uptake(&kg, ix) else { continue };
        for s in &u.chain {
            let w = kg.graph().edge_weight(s.edge).expect("edge");
            assert_eq!(s.date, w.date, "{:?}", kg.node_at(ix).map(|n| &n.id));
        }
        if let Some(f) = &u.first
            && let Origin::Edge(e) = f.origin
        {
            assert_eq!(
                Some(&f.date),
                kg.graph().edge_weight(e).and_then(|w| w.date.as_ref())
            );
        }
    }
}
