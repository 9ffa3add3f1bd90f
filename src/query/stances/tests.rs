use super::*;
use crate::model::{Document, Edge, Node};

/// A small signed graph with a known split: camp A (a1..a3) for x and against y, camp B
/// (b1..b3) the other way; everyone for z (a consensus that must not merge the camps);
/// `lone` takes a stance no one else takes.
fn camps() -> KnowledgeGraph {
    let mut doc = Document::default();
    for id in ["a1", "a2", "a3", "b1", "b2", "b3", "lone"] {
        doc.nodes.push(Node::new(id, id, Kind::Person));
    }
    for id in ["x", "y", "z", "w"] {
        doc.nodes.push(Node::new(id, id, Kind::Concept));
    }
    let stance = |from: &str, to: &str, r: Relation| Edge::new(from, to, r);
    for a in ["a1", "a2", "a3"] {
        doc.edges.push(stance(a, "x", Relation::Advocates));
        doc.edges.push(stance(a, "y", Relation::Criticises));
        doc.edges.push(stance(a, "z", Relation::Supports));
    }
    for b in ["b1", "b2", "b3"] {
        doc.edges.push(stance(b, "x", Relation::Opposes));
        doc.edges.push(stance(b, "y", Relation::Advocates));
        doc.edges.push(stance(b, "z", Relation::Advocates));
    }
    doc.edges.push(stance("lone", "w", Relation::Mentions));
    KnowledgeGraph::from_document(doc)
}

fn ix(kg: &KnowledgeGraph, id: &str) -> NodeIndex {
    kg.index_of(id).expect("a node of the fixture")
}

fn labels(kg: &KnowledgeGraph, m: &StanceMatrix, rows: &[usize]) -> Vec<String> {
    rows.iter()
        .map(|&r| kg.node_at(m.rows[r]).expect("row").id.clone())
        .collect()
}

#[test]
fn relations_take_sides() {
    assert_eq!(Stance::of(Relation::Advocates), Some(Stance::For));
    assert_eq!(Stance::of(Relation::Rebukes), Some(Stance::Against));
    assert_eq!(Stance::of(Relation::Mentions), Some(Stance::Mentions));
    assert_eq!(Stance::of(Relation::Wrote), None);
    assert_eq!(Stance::of(Relation::RelatedTo), None);
}

#[test]
fn the_matrix_has_a_row_per_person_with_a_stance_and_a_column_per_idea() {
    let kg = camps();
    let m = StanceMatrix::build(&kg, &View::all(&kg), &MatrixOptions::default());
    assert_eq!(m.rows.len(), 7);
    assert_eq!(m.cols.len(), 4);
    assert_eq!(m.cells.len(), 19);
    let (a1, x, y) = (ix(&kg, "a1"), ix(&kg, "x"), ix(&kg, "y"));
    let cell = |p, c| {
        m.cell(m.row_of(p).expect("row"), m.col_of(c).expect("col"))
            .expect("cell")
    };
    assert_eq!(cell(a1, x).stance(), CellStance::For);
    assert_eq!(cell(a1, y).stance(), CellStance::Against);
    assert_eq!(
        cell(ix(&kg, "lone"), ix(&kg, "w")).stance(),
        CellStance::Mentions
    );
    assert_eq!(cell(a1, x).csv_text(), "for (1)");
}

#[test]
fn filters_apply_a_hidden_edge_takes_no_stance() {
    let kg = camps();
    let mut view = View::all(&kg);
    view.nodes.remove(&ix(&kg, "lone"));
    let m = StanceMatrix::build(&kg, &view, &MatrixOptions::default());
    assert_eq!(m.rows.len(), 6, "the hidden person has no row");
    assert!(m.col_of(ix(&kg, "w")).is_none(), "nor its idea a column");
}

#[test]
fn stance_groups_find_the_known_split_and_leave_the_loner_out() {
    let kg = camps();
    let m = StanceMatrix::build(&kg, &View::all(&kg), &MatrixOptions::default());
    let g = stance_groups(&m).expect("small enough");
    assert_eq!(g.groups.len(), 2);
    let mut found: Vec<Vec<String>> = g.groups.iter().map(|r| labels(&kg, &m, r)).collect();
    found.sort();
    assert_eq!(found, [["a1", "a2", "a3"], ["b1", "b2", "b3"]]);
    assert_eq!(g.group_of[m.row_of(ix(&kg, "lone")).expect("row")], None);
}

#[test]
fn seriation_puts_each_camp_together_and_is_deterministic() {
    let kg = camps();
    let m = StanceMatrix::build(&kg, &View::all(&kg), &MatrixOptions::default());
    let order = order_rows(&kg, &m, SortOrder::Similarity);
    assert_eq!(order, order_rows(&kg, &m, SortOrder::Similarity));
    let ids = labels(&kg, &m, &order);
    let camp = |id: &str| id.chars().next();
    // Each camp's three rows are contiguous.
    for c in ['a', 'b'] {
        let at: Vec<usize> = ids
            .iter()
            .enumerate()
            .filter(|(_, id)| camp(id) == Some(c))
            .map(|(k, _)| k)
            .collect();
        assert_eq!(at.len(), 3);
        assert_eq!(at[2] - at[0], 2, "{c} camp split in {ids:?}");
    }
    assert_eq!(order_cols(&kg, &m, SortOrder::Similarity).len(), 4);
}

#[test]
fn name_and_stance_orders() {
    let kg = camps();
    let m = StanceMatrix::build(&kg, &View::all(&kg), &MatrixOptions::default());
    let by_name = labels(&kg, &m, &order_rows(&kg, &m, SortOrder::Name));
    assert_eq!(by_name, ["a1", "a2", "a3", "b1", "b2", "b3", "lone"]);
    let by_count = labels(&kg, &m, &order_rows(&kg, &m, SortOrder::Stances));
    assert_eq!(by_count.last().map(String::as_str), Some("lone"));
}

#[test]
fn agreement_of_two_camps_and_within_one() {
    let kg = camps();
    let view = View::all(&kg);
    let opts = MatrixOptions::default();
    let across = agreement(&kg, &view, ix(&kg, "a1"), ix(&kg, "b1"), &opts);
    assert_eq!(across.both_back.len(), 1, "both back z");
    assert_eq!(across.opposed.len(), 2, "x and y");
    assert_eq!(across.balance(), -1);
    let within = agreement(&kg, &view, ix(&kg, "a1"), ix(&kg, "a2"), &opts);
    assert_eq!((within.both_back.len(), within.both_attack.len()), (2, 1));
    let graph = agreement_graph(&StanceMatrix::build(&kg, &view, &opts));
    assert_eq!(graph.edges.len(), 15, "every pair of the six camp members");
    assert!(graph.edges.iter().all(|e| e.agree + e.disagree == 3));
}

#[test]
fn inheritance_goes_through_writing_not_contributing() {
    let mut doc = Document::default();
    doc.nodes.push(Node::new("p", "p", Kind::Person));
    doc.nodes.push(Node::new("q", "q", Kind::Person));
    doc.nodes.push(Node::new("t", "t", Kind::Publication));
    doc.nodes.push(Node::new("x", "x", Kind::Concept));
    doc.edges.push(Edge::new("p", "t", Relation::Wrote));
    doc.edges.push(Edge::new("q", "t", Relation::ContributedTo));
    doc.edges.push(Edge::new("t", "x", Relation::Advocates));
    let kg = KnowledgeGraph::from_document(doc);
    let view = View::all(&kg);
    let plain = StanceMatrix::build(&kg, &view, &MatrixOptions::default());
    assert!(plain.rows.is_empty());
    let opts = MatrixOptions {
        inherit: true,
        ..MatrixOptions::default()
    };
    let m = StanceMatrix::build(&kg, &view, &opts);
    assert_eq!(m.rows, [ix(&kg, "p")]);
    let cell = m.cell(0, 0).expect("inherited cell");
    assert!(cell.is_inherited_only());
    assert_eq!(cell.links[0].path().len(), 2);
    assert_eq!(cell.csv_text(), "for (1, inherited)");
    let told = describe_link(&kg, &cell.links[0]);
    assert!(told.starts_with("p wrote t"), "{told}");
    assert!(told.contains(", which advocates x"), "{told}");
}

#[test]
fn pair_counts_and_similarity() {
    let items = vec![vec![(0, 1), (1, -1)], vec![(0, 1), (1, 1)], vec![(2, 1)]];
    let counts = pair_counts(&items, 3);
    assert_eq!(counts.get(&(0, 1)), Some(&(1, 1)));
    assert!(!counts.contains_key(&(0, 2)));
    assert!((similarity(1, 0) - 0.5).abs() < 1e-12);
    assert!(similarity(10, 0) > similarity(1, 0));
    assert!(similarity(0, 1) < 0.0);
}

#[test]
fn similarity_order_puts_those_who_share_no_side_last() {
    let kg = camps();
    let m = StanceMatrix::build(&kg, &View::all(&kg), &MatrixOptions::default());
    let ids = labels(&kg, &m, &order_rows(&kg, &m, SortOrder::Similarity));
    assert_eq!(ids.last().map(String::as_str), Some("lone"), "{ids:?}");
}
