//! Edits of a `KnowledgeGraph` undo exactly: random sessions of valid edits (with refused
//! ones among them) on a small graph, then every edit undone last first, then every edit
//! redone; and an edit of the bundled graph, undone to the same bytes.
//!
//! "Exactly" is: the same document (`to_document`) and the same bytes saved (the
//! canonical writer's), the same index for every node and edge, and an id index that
//! finds every live node and no other.

use std::collections::BTreeSet;

use ideagraph::bundled::bundled_graph;
use ideagraph::io::ron_format;
use ideagraph::model::{
    Basis, Document, Edge, Edit, EditError, Evidence, FactionClaim, Kind, KnowledgeGraph, Node,
    Relation, Role, Source, Target, Touched,
};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use proptest::prelude::*;

fn ev(source: &str, quote: &str) -> Evidence {
    Evidence::new(source, quote)
}

fn source(id: &str) -> Source {
    Source {
        node: None,
        id: id.into(),
        title: format!("Title of {id}"),
        outlet: None,
        authors: vec![],
        date: None,
        file: String::new(),
        note: None,
    }
}

fn edge(from: &str, to: &str, relation: Relation, quotes: &[&str]) -> Edge {
    let mut e = Edge::new(from, to, relation);
    e.evidence = quotes.iter().map(|q| ev("s1", q)).collect();
    e
}

/// A small graph with a bit of everything: roles, claims, evidence on nodes and edges, a
/// self-loop, an imported node whose id is not kebab-case and an unsourced edge (both
/// tolerated on load), and free slots left by a node removed with its edges.
fn start() -> KnowledgeGraph {
    let mut d = Document {
        sources: vec![source("s1"), source("s2")],
        ..Document::default()
    };
    let mut a = Node::new("a", "A", Kind::Person);
    a.roles.push(Role {
        title: "Minister".into(),
        when: None,
        evidence: ev("s1", "the minister"),
    });
    a.factions.push(FactionClaim {
        faction: "Blairite".into(),
        basis: Basis::Inferred("from the text".into()),
        when: None,
        evidence: ev("s2", "a Blairite"),
    });
    a.evidence.push(ev("s2", "A said"));
    d.nodes.push(a);
    d.nodes.push(Node::new("gone", "Gone", Kind::Event));
    d.nodes.push(Node::new("b", "B", Kind::Publication));
    d.nodes.push(Node::new("c", "C", Kind::Concept));
    d.nodes
        .push(Node::new("Imported Node", "Imported", Kind::Organisation));
    d.edges.push(edge("a", "b", Relation::Wrote, &["wrote it"]));
    d.edges
        .push(edge("gone", "a", Relation::Mentions, &["gone"]));
    d.edges
        .push(edge("b", "c", Relation::Advocates, &["one", "two"]));
    d.edges
        .push(edge("c", "c", Relation::Mentions, &["itself"]));
    d.edges
        .push(edge("Imported Node", "a", Relation::Mentions, &[]));
    let mut kg = KnowledgeGraph::from_document(d);
    kg.apply(Edit::RemoveNode("gone".into()))
        .expect("leaves free slots");
    kg
}

/// What undoing must restore.
#[derive(Debug, PartialEq)]
struct State {
    doc: Document,
    /// The document as saving writes it: undo and redo give back these very bytes.
    saved: String,
    nodes: Vec<(NodeIndex, String)>,
    edges: Vec<(EdgeIndex, NodeIndex, NodeIndex)>,
}

fn state(kg: &KnowledgeGraph) -> State {
    let id = |ix| kg.node_at(ix).map(|n| n.id.clone()).unwrap_or_default();
    let doc = kg.to_document();
    State {
        saved: ron_format::to_string(&doc).expect("serialises"),
        doc,
        nodes: kg.node_indices().map(|ix| (ix, id(ix))).collect(),
        edges: kg
            .edge_indices()
            .filter_map(|e| kg.endpoints(e).map(|(a, b)| (e, a, b)))
            .collect(),
    }
}

/// The id index finds every live node by its id, and no id ever used in the session
/// that no live node has; every edge's `from` and `to` are its ends' ids.
fn index_is_right(kg: &KnowledgeGraph, ids: &BTreeSet<String>) -> Result<(), TestCaseError> {
    for id in ids {
        let live = kg
            .node_indices()
            .find(|&ix| kg.node_at(ix).is_some_and(|n| &n.id == id));
        prop_assert_eq!(kg.index_of(id), live, "index of {:?}", id);
    }
    for e in kg.edge_indices() {
        let (Some((a, b)), Some(w)) = (kg.endpoints(e), kg.graph().edge_weight(e)) else {
            return Err(TestCaseError::fail("an edge index without an edge"));
        };
        let ids = (kg.node_at(a).map(|n| &n.id), kg.node_at(b).map(|n| &n.id));
        prop_assert_eq!(ids, (Some(&w.from), Some(&w.to)));
    }
    Ok(())
}

/// An edit made from four random numbers against the graph as it is: `op` says what,
/// the others pick records, positions and values. `None` when the graph has nothing to
/// pick (no edge, an empty list).
enum Step {
    /// An edit the graph must accept.
    Valid(Edit),
    /// An edit the graph must refuse, changing nothing.
    Invalid(Edit),
}

/// Picks the `k`-th of `items`, wrapping.
fn pick<T: Clone>(items: &[T], k: u8) -> Option<T> {
    (!items.is_empty()).then(|| items[usize::from(k) % items.len()].clone())
}

struct Session {
    kg: KnowledgeGraph,
    /// Every id used so far, for [`index_is_right`].
    ids: BTreeSet<String>,
    fresh: u32,
}

impl Session {
    fn new_id(&mut self) -> String {
        self.fresh += 1;
        let id = format!("n-{}", self.fresh);
        self.ids.insert(id.clone());
        id
    }

    fn node_ids(&self) -> Vec<String> {
        let nodes = self.kg.node_indices().filter_map(|ix| self.kg.node_at(ix));
        nodes.map(|n| n.id.clone()).collect()
    }

    fn step(&mut self, (op, x, y, z): (u8, u8, u8, u8)) -> Option<Step> {
        let ids = self.node_ids();
        let edges: Vec<EdgeIndex> = self.kg.edge_indices().collect();
        let relation = Relation::ALL[usize::from(z) % Relation::ALL.len()];
        let quote = format!("quote {y}");
        let edit = match op % 17 {
            0..=4 => return self.node_step(op % 17, x, y, z),
            5 => Edit::AddEdge(edge(&pick(&ids, x)?, &pick(&ids, y)?, relation, &[&quote])),
            6 | 7 => {
                let at = pick(&edges, x)?;
                let mut e = self.kg.graph().edge_weight(at)?.clone();
                e.relation = relation;
                if op % 17 == 7 {
                    (e.from, e.to) = (pick(&ids, y)?, pick(&ids, z)?);
                }
                Edit::UpdateEdge { at, edge: e }
            }
            8 => Edit::RemoveEdge(pick(&edges, x)?),
            9 | 10 => return self.evidence_step(op % 17 == 9, x, y, z),
            11..=14 => return self.list_step(op % 17, pick(&ids, x)?, z),
            15 => {
                // A new node linked to an old one, and another old one removed.
                let n = self.new_id();
                let mut steps = vec![Edit::AddNode(Node::new(n.clone(), "New", Kind::Event))];
                if let (Some(to), Some(gone)) = (pick(&ids, x), pick(&ids, y)) {
                    steps.push(Edit::AddEdge(edge(&n, &to, relation, &[&quote])));
                    steps.push(Edit::RemoveNode(gone));
                }
                Edit::Batch(steps)
            }
            _ => return Some(self.refused_step(x, y)),
        };
        Some(Step::Valid(edit))
    }

    /// Adding, changing, renaming and removing nodes.
    fn node_step(&mut self, op: u8, x: u8, y: u8, z: u8) -> Option<Step> {
        let kind = Kind::ALL[usize::from(y) % Kind::ALL.len()];
        if op <= 1 {
            let mut node = Node::new(self.new_id(), format!("Node {y}"), kind);
            if op == 1 {
                node.evidence.push(ev("s2", "introduced"));
            }
            return Some(Step::Valid(Edit::AddNode(node)));
        }
        let id = pick(&self.node_ids(), x)?;
        let edit = match op {
            2 => {
                let mut node = self.kg.node(&id)?.clone();
                node.label = format!("Label {y}");
                node.description = format!("Described {z}");
                node.pos = z.is_multiple_of(2).then_some([f32::from(y), f32::from(z)]);
                Edit::UpdateNode { id, node }
            }
            3 => {
                let mut node = self.kg.node(&id)?.clone();
                node.id = self.new_id();
                Edit::UpdateNode { id, node }
            }
            _ => Edit::RemoveNode(id),
        };
        Some(Step::Valid(edit))
    }

    /// Adding or removing a piece of evidence, on a node (`y` even) or an edge.
    fn evidence_step(&mut self, add: bool, x: u8, y: u8, z: u8) -> Option<Step> {
        let (target, len, least) = if y.is_multiple_of(2) {
            let id = pick(&self.node_ids(), x)?;
            let len = self.kg.node(&id)?.evidence.len();
            (Target::Node(id), len, 0)
        } else {
            let edges: Vec<EdgeIndex> = self.kg.edge_indices().collect();
            let at = pick(&edges, x)?;
            let len = self.kg.graph().edge_weight(at)?.evidence.len();
            // An edge must keep a quote (removing its last would be refused).
            (Target::Edge(at), len, 1)
        };
        let edit = if add {
            let at = usize::from(z) % (len + 1);
            let evidence = ev("s1", &format!("added {z}"));
            Edit::AddEvidence {
                target,
                at,
                evidence,
            }
        } else if len > least {
            let at = usize::from(z) % len;
            Edit::RemoveEvidence { target, at }
        } else {
            return None;
        };
        Some(Step::Valid(edit))
    }

    /// Adding or removing a role or a faction claim.
    fn list_step(&mut self, op: u8, node: String, z: u8) -> Option<Step> {
        let n = self.kg.node(&node)?;
        let (roles, factions) = (n.roles.len(), n.factions.len());
        let edit = match op {
            11 => Edit::AddRole {
                node,
                at: usize::from(z) % (roles + 1),
                role: Role {
                    title: format!("Role {z}"),
                    when: None,
                    evidence: ev("s1", "a post"),
                },
            },
            12 if roles > 0 => Edit::RemoveRole {
                node,
                at: usize::from(z) % roles,
            },
            13 => Edit::AddFaction {
                node,
                at: usize::from(z) % (factions + 1),
                claim: FactionClaim {
                    faction: format!("Faction {z}"),
                    basis: Basis::Stated,
                    when: None,
                    evidence: ev("s2", "one of them"),
                },
            },
            14 if factions > 0 => Edit::RemoveFaction {
                node,
                at: usize::from(z) % factions,
            },
            _ => return None,
        };
        Some(Step::Valid(edit))
    }

    /// An edit that breaks a rule, alone or after a valid step of a batch.
    fn refused_step(&mut self, x: u8, y: u8) -> Step {
        let blank = Node::new(self.new_id(), " ", Kind::Person);
        if x.is_multiple_of(2) {
            return Step::Invalid(Edit::AddNode(blank));
        }
        let fine = Node::new(self.new_id(), "Fine", Kind::Person);
        let dangling = edge(
            &fine.id,
            "no-such-node",
            Relation::ALL[usize::from(y) % 18],
            &["q"],
        );
        Step::Invalid(Edit::Batch(vec![
            Edit::AddNode(fine),
            Edit::AddEdge(dangling),
        ]))
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn undoing_every_edit_restores_the_graph_and_redoing_reaches_the_edits_again(
        ops in proptest::collection::vec(any::<(u8, u8, u8, u8)>(), 1..40)
    ) {
        let kg = start();
        let ids = kg.to_document().nodes.into_iter().map(|n| n.id).chain(["gone".into()]).collect();
        let mut s = Session { kg, ids, fresh: 0 };
        let mut states = vec![state(&s.kg)];
        let mut inverses = Vec::new();
        for op in ops {
            let revision = s.kg.revision();
            match s.step(op) {
                None => continue,
                Some(Step::Valid(edit)) => {
                    let shown = format!("{edit:?}");
                    let applied = s.kg.apply(edit);
                    let applied = applied.map_err(|e| TestCaseError::fail(format!("{shown}: {e}")))?;
                    prop_assert_ne!(s.kg.revision(), revision);
                    for t in &applied.touched {
                        let there = match *t {
                            Touched::Node(ix) => s.kg.node_at(ix).is_some(),
                            Touched::Edge(e) => s.kg.endpoints(e).is_some(),
                        };
                        prop_assert!(there, "{:?} touched {:?}", shown, t);
                    }
                    inverses.push(applied.inverse);
                    states.push(state(&s.kg));
                }
                Some(Step::Invalid(edit)) => {
                    let shown = format!("{edit:?}");
                    prop_assert!(s.kg.apply(edit).is_err(), "{} was accepted", shown);
                    prop_assert_eq!(states.last(), Some(&state(&s.kg)));
                    prop_assert_eq!(s.kg.revision(), revision);
                }
            }
            index_is_right(&s.kg, &s.ids)?;
        }
        let mut redos = Vec::new();
        for (inverse, before) in inverses.into_iter().rev().zip(states.iter().rev().skip(1)) {
            let undone = s.kg.undo(inverse).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&state(&s.kg), before);
            index_is_right(&s.kg, &s.ids)?;
            redos.push(undone.inverse);
        }
        for (redo, after) in redos.into_iter().rev().zip(states.iter().skip(1)) {
            s.kg.undo(redo).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&state(&s.kg), after);
            index_is_right(&s.kg, &s.ids)?;
        }
    }
}

fn ron(kg: &KnowledgeGraph) -> String {
    ron_format::to_string(&kg.to_document()).expect("serialises")
}

#[test]
fn an_edge_of_the_bundled_graph_changes_relation_and_undo_gives_back_the_same_bytes() {
    let mut kg = bundled_graph().expect("the bundled graph loads");
    let before = ron(&kg);
    let edges: Vec<EdgeIndex> = kg.edge_indices().collect();
    let at = edges[edges.len() / 2];
    let old = kg.graph().edge_weight(at).cloned().expect("an edge");
    let relation = Relation::ALL
        .into_iter()
        .find(|&r| r != old.relation)
        .expect("another relation");
    let edge = Edge {
        relation,
        ..old.clone()
    };
    let revision = kg.revision();

    let applied = kg
        .apply(Edit::UpdateEdge {
            at,
            edge: edge.clone(),
        })
        .expect("a valid change");
    assert_eq!(kg.graph().edge_weight(at), Some(&edge));
    assert_ne!(kg.revision(), revision);
    assert_eq!(applied.touched, [Touched::Edge(at)]);
    let doc = kg.to_document();
    assert_eq!(
        doc.edges[edges.len() / 2],
        edge,
        "in its place in the document"
    );
    assert_ne!(ron(&kg), before);

    let changed = kg.revision();
    kg.undo(applied.inverse).expect("undoes");
    assert_eq!(kg.graph().edge_weight(at), Some(&old));
    assert_ne!(kg.revision(), changed, "an undo is a change too");
    assert_eq!(ron(&kg), before);
}

#[test]
fn removing_every_node_of_the_bundled_graph_undoes_to_the_same_bytes() {
    let mut kg = bundled_graph().expect("the bundled graph loads");
    let before = ron(&kg);
    // A node that stands for a source's text is refused (see below); the rest go.
    let standing: Vec<String> = kg.sources.iter().filter_map(|s| s.node.clone()).collect();
    let all: Vec<String> = kg.to_document().nodes.into_iter().map(|n| n.id).collect();
    let ids: Vec<&String> = all.iter().filter(|id| !standing.contains(id)).collect();
    // Every other node first, so that slots are freed out of order.
    let (even, odd): (Vec<_>, Vec<_>) = ids.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let mut inverses = Vec::new();
    for (_, id) in even.into_iter().chain(odd) {
        let applied = kg.apply(Edit::RemoveNode((*id).clone())).expect("removes");
        inverses.push(applied.inverse);
    }
    let among = kg
        .to_document()
        .edges
        .iter()
        .filter(|e| standing.contains(&e.from) && standing.contains(&e.to))
        .count();
    assert_eq!((kg.num_nodes(), kg.num_edges()), (standing.len(), among));
    for inverse in inverses.into_iter().rev() {
        kg.undo(inverse).expect("undoes");
    }
    assert_eq!(ron(&kg), before);
    for (i, id) in all.iter().enumerate() {
        assert_eq!(kg.index_of(id).map(|ix| ix.index()), Some(i), "{id}");
    }
}

#[test]
fn a_refused_edit_of_the_bundled_graph_names_what_check_would() {
    let mut kg = bundled_graph().expect("the bundled graph loads");
    let before = ron(&kg);
    let first = kg.to_document().nodes[0].id.clone();
    let err = kg
        .apply(Edit::AddEvidence {
            target: Target::Node(first),
            at: 0,
            evidence: ev("no-such-source", "words"),
        })
        .expect_err("an unknown source");
    let EditError::Invalid(problems) = &err else {
        panic!("{err}");
    };
    assert_eq!(problems.len(), 1, "{err}");
    assert!(
        err.to_string()
            .contains("[unknown-source] node \"alan-milburn\": evidence cites unknown source \"no-such-source\""),
        "{err}"
    );
    assert_eq!(ron(&kg), before);
}

#[test]
fn a_node_standing_for_a_source_is_not_removed_or_merged_away() {
    let mut kg = bundled_graph().expect("the bundled graph loads");
    let before = ron(&kg);
    let err = kg
        .apply(Edit::RemoveNode("article-up-a-gear".into()))
        .expect_err("refused");
    assert!(
        err.to_string()
            .contains("stands for source \"progress-milburn-up-a-gear\""),
        "{err}"
    );
    let merged = ideagraph::model::merge(&kg, "article-up-a-gear", "alan-milburn");
    assert!(
        matches!(
            merged,
            Err(ideagraph::model::MergeError::StandsForSource(..))
        ),
        "{merged:?}"
    );
    assert_eq!(ron(&kg), before, "nothing changed");
}
