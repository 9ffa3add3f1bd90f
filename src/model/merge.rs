//! Merging a duplicate node into the node kept, as one [`Edit::Batch`]: the kept node
//! takes the other's label (as an alias), aliases, evidence, roles and faction claims;
//! every edge of the duplicate is re-pointed to the kept node, or folded into an edge
//! the kept node already has when the two state the same fact; then the duplicate goes.
//! Nothing is lost: what the kept record has no room for (a second date, a kind that
//! differs) is kept in its attributes, named after the node merged.

use std::collections::BTreeMap;

use petgraph::stable_graph::EdgeIndex;

use super::document::{Edge, Node};
use super::edit::Edit;
use super::graph::KnowledgeGraph;
use super::validate::shown;

/// A merge, ready to apply with [`KnowledgeGraph::apply`], and what it will do.
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    /// The batch: the kept node's new record, the edges re-pointed or folded, and the
    /// removal of the merged node.
    pub edit: Edit,
    /// Edges of the merged node that move to the kept node as they are.
    pub repointed: usize,
    /// Edges of the merged node folded into an edge stating the same fact (same ends,
    /// relation, and no date, note or attribute that disagrees): their evidence joins it.
    pub folded: usize,
    /// Edges between the two nodes, which become loops on the kept node (kept, since
    /// a loop still holds its quotes; delete it by hand if it says nothing).
    pub loops: usize,
}

/// Why a merge cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// No node has this id.
    #[error("no node has id {}", shown(.0))]
    UnknownNode(String),
    /// A node cannot be merged into itself.
    #[error("a node cannot be merged into itself")]
    SameNode,
    /// The node to merge away stands for a source's text: merge the other way.
    #[error("{} stands for source {}: merge the other node into it instead", shown(.0), shown(.1))]
    StandsForSource(String, String),
}

/// The merge of the node `merged` into the node `kept`, as one batch of edits (see the
/// module's documentation). Applying it and undoing it is one step each.
///
/// # Errors
/// [`MergeError`] when an id is unknown or both are the same.
///
/// # Complexity
/// O(d_m · d_k) for the degrees of the two nodes (each moved edge is compared with the
/// kept node's edges), plus the size of their records.
///
/// # Examples
///
/// ```
/// use ideagraph::model::{Document, Kind, KnowledgeGraph, Node, merge};
///
/// let mut doc = Document::default();
/// doc.nodes.push(Node::new("jon-cruddas", "Jon Cruddas", Kind::Person));
/// doc.nodes.push(Node::new("cruddas", "Cruddas", Kind::Person));
/// let mut kg = KnowledgeGraph::from_document(doc);
/// let m = merge(&kg, "cruddas", "jon-cruddas")?;
/// kg.apply(m.edit).expect("a valid batch");
/// assert!(kg.node("cruddas").is_none());
/// assert_eq!(kg.node("jon-cruddas").map(|n| n.aliases.clone()), Some(vec!["Cruddas".to_owned()]));
/// # Ok::<(), ideagraph::model::MergeError>(())
/// ```
pub fn merge(kg: &KnowledgeGraph, merged: &str, kept: &str) -> Result<Merge, MergeError> {
    if merged == kept {
        return Err(MergeError::SameNode);
    }
    if let Some(s) = kg
        .sources
        .iter()
        .find(|s| s.node.as_deref() == Some(merged))
    {
        return Err(MergeError::StandsForSource(merged.to_owned(), s.id.clone()));
    }
    let unknown = |id: &str| MergeError::UnknownNode(id.to_owned());
    let (mi, ki) = (
        kg.index_of(merged).ok_or_else(|| unknown(merged))?,
        kg.index_of(kept).ok_or_else(|| unknown(kept))?,
    );
    let (Some(m), Some(k)) = (kg.node_at(mi), kg.node_at(ki)) else {
        return Err(unknown(merged));
    };
    let mut steps = vec![Edit::UpdateNode {
        id: kept.to_owned(),
        node: united_node(k, m),
    }];
    let moved = edges_at(kg, mi);
    // What the kept node's edges hold as the merge goes on: the ones it had, then the
    // ones moved to it; an edge that states a moved edge's fact takes its evidence.
    let mut at_kept: Vec<Candidate> = edges_at(kg, ki)
        .into_iter()
        .filter(|e| !moved.contains(e))
        .filter_map(|e| Candidate::of(kg, e))
        .collect();
    let mut out = Merge {
        edit: Edit::Batch(Vec::new()),
        repointed: 0,
        folded: 0,
        loops: 0,
    };
    for e in moved {
        let Some(mut edge) = kg.graph().edge_weight(e).cloned() else {
            continue;
        };
        for end in [&mut edge.from, &mut edge.to] {
            if end == merged {
                *end = kept.to_owned();
            }
        }
        if edge.from == kept && edge.to == kept {
            out.loops += 1;
        }
        if let Some(c) = at_kept.iter_mut().find(|c| same_fact(&c.edge, &edge)) {
            unite_edges(&mut c.edge, edge);
            c.changed = true;
            steps.push(Edit::RemoveEdge(e));
            out.folded += 1;
        } else {
            steps.push(Edit::UpdateEdge {
                at: e,
                edge: edge.clone(),
            });
            at_kept.push(Candidate {
                at: e,
                edge,
                changed: false,
            });
            out.repointed += 1;
        }
    }
    let changed = at_kept.into_iter().filter(|c| c.changed);
    steps.extend(changed.map(|c| Edit::UpdateEdge {
        at: c.at,
        edge: c.edge,
    }));
    // Last: by now the merged node has no edge left to take with it.
    steps.push(Edit::RemoveNode(merged.to_owned()));
    out.edit = Edit::Batch(steps);
    Ok(out)
}

/// An edge at the kept node during a merge: where it is and what it will hold.
struct Candidate {
    at: EdgeIndex,
    edge: Edge,
    /// Whether a moved edge was folded into it.
    changed: bool,
}

impl Candidate {
    fn of(kg: &KnowledgeGraph, at: EdgeIndex) -> Option<Self> {
        let edge = kg.graph().edge_weight(at)?.clone();
        Some(Self {
            at,
            edge,
            changed: false,
        })
    }
}

/// The edges touching a node, each once (a loop is listed by petgraph both ways), in
/// index order.
fn edges_at(kg: &KnowledgeGraph, ix: petgraph::stable_graph::NodeIndex) -> Vec<EdgeIndex> {
    let mut edges: Vec<EdgeIndex> = kg.incident(ix).into_iter().map(|(e, ..)| e).collect();
    edges.dedup();
    edges
}

/// Whether two edges state the same fact: same ends and relation, and nothing the one
/// says that the other contradicts (a different date, note or attribute value).
fn same_fact(a: &Edge, b: &Edge) -> bool {
    fn agree<T: PartialEq>(x: Option<&T>, y: Option<&T>) -> bool {
        x.is_none() || y.is_none() || x == y
    }
    a.from == b.from
        && a.to == b.to
        && a.relation == b.relation
        && agree(a.date.as_ref(), b.date.as_ref())
        && agree(a.note.as_ref(), b.note.as_ref())
        && a.attrs
            .iter()
            .all(|(k, v)| b.attrs.get(k).is_none_or(|w| w == v))
}

/// Folds `other` into `edge`, which [`same_fact`] says state the same fact: its
/// evidence not already there, and a date, note and attributes where `edge` has none.
fn unite_edges(edge: &mut Edge, other: Edge) {
    push_new(&mut edge.evidence, other.evidence);
    if edge.date.is_none() {
        edge.date = other.date;
    }
    if edge.note.is_none() {
        edge.note = other.note;
    }
    for (k, v) in other.attrs {
        edge.attrs.entry(k).or_insert(v);
    }
}

/// The kept node's record with everything of the merged node's united into it.
fn united_node(kept: &Node, merged: &Node) -> Node {
    let mut n = kept.clone();
    let names = std::iter::once(&merged.label).chain(&merged.aliases);
    for name in names {
        if *name != n.label && !n.aliases.contains(name) {
            n.aliases.push(name.clone());
        }
    }
    if n.description.is_empty() {
        n.description.clone_from(&merged.description);
    } else if !merged.description.is_empty() && !n.description.contains(&merged.description) {
        n.description = format!("{} {}", n.description, merged.description);
    }
    push_new(&mut n.roles, merged.roles.clone());
    push_new(&mut n.factions, merged.factions.clone());
    push_new(&mut n.evidence, merged.evidence.clone());
    let lost = lost_fields(&n, merged);
    if n.sub_kind.is_none() {
        n.sub_kind = merged.sub_kind.filter(|s| s.kinds().contains(&n.kind));
    }
    if n.date.is_none() {
        n.date.clone_from(&merged.date);
    }
    for (k, v) in &merged.attrs {
        let key = match n.attrs.get(k) {
            Some(w) if w == v => continue,
            Some(_) => format!("{k} of {}", merged.id),
            None => k.clone(),
        };
        n.attrs.entry(key).or_insert_with(|| v.clone());
    }
    for (k, v) in lost {
        n.attrs.entry(k).or_insert(v);
    }
    n
}

/// What the merged node says that the kept record has no room for, as attributes
/// named after the merged node: a kind that differs, a sub-kind that does not fit or
/// differs, a date that differs.
fn lost_fields(kept: &Node, merged: &Node) -> BTreeMap<String, String> {
    let mut lost = BTreeMap::new();
    let key = |field: &str| format!("{field} of {}", merged.id);
    if merged.kind != kept.kind {
        lost.insert(key("kind"), merged.kind.name().to_owned());
    }
    if let Some(s) = merged.sub_kind {
        let fits = s.kinds().contains(&kept.kind);
        if kept.sub_kind.is_some_and(|k| k != s) || (kept.sub_kind.is_none() && !fits) {
            lost.insert(key("sub-kind"), s.name().to_owned());
        }
    }
    if let (Some(k), Some(m)) = (&kept.date, &merged.date)
        && k != m
    {
        let basis = match &m.basis {
            super::Basis::Stated => "stated".to_owned(),
            super::Basis::Inferred(why) => format!("inferred: {why}"),
        };
        lost.insert(key("date"), format!("{} ({basis})", m.date));
    }
    lost
}

/// Appends the items of `more` not already in `list`, in order.
fn push_new<T: PartialEq>(list: &mut Vec<T>, more: Vec<T>) {
    for item in more {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Basis, Dated, Document, Evidence, FactionClaim, Kind, Relation, Role, Source, SubKind,
    };

    fn ev(q: &str) -> Evidence {
        Evidence::new("s", q)
    }

    fn edge(from: &str, to: &str, relation: Relation, q: &str) -> Edge {
        let mut e = Edge::new(from, to, relation);
        e.evidence.push(ev(q));
        e
    }

    /// Jon Cruddas and a duplicate "Cruddas", each with facts of their own, edges to
    /// the same idea (one the same fact, one not), an edge between them and a loop.
    fn sample() -> KnowledgeGraph {
        let mut d = Document::default();
        d.sources.push(Source {
            node: None,
            id: "s".into(),
            title: "S".into(),
            outlet: None,
            authors: vec![],
            date: None,
            file: String::new(),
            note: None,
        });
        let mut jon = Node::new("jon", "Jon Cruddas", Kind::Person);
        jon.aliases.push("JC".into());
        jon.evidence.push(ev("jon about"));
        jon.roles.push(Role {
            title: "policy review chair".into(),
            when: None,
            evidence: ev("chair of the Labour party policy review"),
        });
        jon.description = "A Labour MP.".into();
        let mut dup = Node::new("cruddas", "Cruddas", Kind::Person);
        dup.sub_kind = Some(SubKind::Politician);
        dup.aliases.extend(["JC".to_owned(), "Jon C".to_owned()]);
        dup.evidence.extend([ev("jon about"), ev("dup about")]);
        dup.roles.push(Role {
            title: "MP for Dagenham".into(),
            when: None,
            evidence: ev("MP for Dagenham"),
        });
        dup.factions.push(FactionClaim {
            faction: "Blue Labour".into(),
            basis: Basis::Inferred("his writing".into()),
            when: None,
            evidence: ev("blue labour"),
        });
        dup.description = "Chaired the policy review.".into();
        dup.attrs.insert("colour".into(), "red".into());
        d.nodes.extend([
            jon,
            Node::new("plan", "Reed-Kendall plan", Kind::Concept),
            dup,
            Node::new("other", "Other", Kind::Person),
        ]);
        d.nodes[0].attrs.insert("colour".into(), "blue".into());
        d.edges.extend([
            edge("jon", "plan", Relation::Supports, "jon supports"),
            edge("cruddas", "plan", Relation::Supports, "dup supports"),
            edge("cruddas", "plan", Relation::Criticises, "dup criticises"),
            edge("other", "cruddas", Relation::Mentions, "other mentions"),
            edge("cruddas", "jon", Relation::RelatedTo, "between them"),
            edge("cruddas", "cruddas", Relation::Mentions, "loop"),
        ]);
        d.edges[2].date = Some(Dated {
            date: "2015".parse().expect("a year"),
            basis: Basis::Stated,
        });
        KnowledgeGraph::from_document(d)
    }

    /// Every quote anywhere in the graph, as (source, quote), sorted, each once.
    fn all_quotes(kg: &KnowledgeGraph) -> Vec<(String, String)> {
        let doc = kg.to_document();
        let nodes = doc.nodes.iter().flat_map(|n| {
            n.evidence
                .iter()
                .chain(n.roles.iter().map(|r| &r.evidence))
                .chain(n.factions.iter().map(|f| &f.evidence))
        });
        let edges = doc.edges.iter().flat_map(|e| &e.evidence);
        let mut v: Vec<_> = nodes
            .chain(edges)
            .map(|e| (e.source.clone(), e.quote.clone()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn nothing_is_lost_and_nothing_repeated() {
        let mut kg = sample();
        let before = kg.to_document();
        let quotes = all_quotes(&kg);
        let m = merge(&kg, "cruddas", "jon").expect("a merge");
        assert_eq!((m.repointed, m.folded, m.loops), (4, 1, 2));
        let applied = kg.apply(m.edit).expect("a valid batch");
        assert!(kg.node("cruddas").is_none());
        assert_eq!(all_quotes(&kg), quotes, "every quote is still somewhere");
        let jon = kg.node("jon").expect("kept");
        assert_eq!(jon.label, "Jon Cruddas");
        assert_eq!(jon.aliases, ["JC", "Cruddas", "Jon C"]);
        assert_eq!(jon.evidence, [ev("jon about"), ev("dup about")]);
        let titles: Vec<&str> = jon.roles.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(titles, ["policy review chair", "MP for Dagenham"]);
        assert_eq!(jon.faction_names(), ["Blue Labour"]);
        assert_eq!(jon.sub_kind, Some(SubKind::Politician));
        assert_eq!(jon.description, "A Labour MP. Chaired the policy review.");
        assert_eq!(jon.attrs.get("colour").map(String::as_str), Some("blue"));
        assert_eq!(
            jon.attrs.get("colour of cruddas").map(String::as_str),
            Some("red")
        );
        // Edges: the same fact folded, a different one re-pointed, loops kept.
        let doc = kg.to_document();
        let supports: Vec<&Edge> = doc
            .edges
            .iter()
            .filter(|e| e.relation == Relation::Supports)
            .collect();
        assert_eq!(supports.len(), 1);
        assert_eq!(
            supports[0].evidence,
            [ev("jon supports"), ev("dup supports")]
        );
        assert!(
            doc.edges
                .iter()
                .all(|e| e.from != "cruddas" && e.to != "cruddas")
        );
        let ends = |r: Relation| {
            doc.edges
                .iter()
                .find(|e| e.relation == r && e.evidence.len() == 1)
                .map(|e| (e.from.as_str(), e.to.as_str()))
        };
        assert_eq!(ends(Relation::Criticises), Some(("jon", "plan")));
        assert_eq!(ends(Relation::RelatedTo), Some(("jon", "jon")));
        let mentions: Vec<(&str, &str)> = doc
            .edges
            .iter()
            .filter(|e| e.relation == Relation::Mentions)
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .collect();
        assert_eq!(mentions, [("other", "jon"), ("jon", "jon")]);
        assert_eq!(doc.edges.len(), 5);
        // One step to undo, exactly.
        kg.undo(applied.inverse).expect("undone");
        assert_eq!(kg.to_document(), before);
    }

    #[test]
    fn what_the_kept_record_has_no_room_for_is_kept_in_attributes() {
        let mut kg = sample();
        let mut idea = kg.node("plan").cloned().expect("plan");
        idea.date = Some(Dated {
            date: "2014".parse().expect("a year"),
            basis: Basis::Stated,
        });
        kg.apply(Edit::UpdateNode {
            id: "plan".into(),
            node: idea,
        })
        .expect("dated");
        let mut dup = kg.node("cruddas").cloned().expect("dup");
        dup.date = Some(Dated {
            date: "2015-01".parse().expect("a month"),
            basis: Basis::Inferred("the byline".into()),
        });
        kg.apply(Edit::UpdateNode {
            id: "cruddas".into(),
            node: dup,
        })
        .expect("dated");
        let m = merge(&kg, "cruddas", "plan").expect("a merge");
        kg.apply(m.edit).expect("a valid batch");
        let plan = kg.node("plan").expect("kept");
        assert_eq!(plan.kind, Kind::Concept);
        assert_eq!(plan.sub_kind, None, "a politician's sub-kind does not fit");
        assert_eq!(plan.date.as_ref().map(|d| d.year()), Some(2014));
        let attr = |k: &str| plan.attrs.get(k).map(String::as_str);
        assert_eq!(attr("kind of cruddas"), Some("person"));
        assert_eq!(attr("sub-kind of cruddas"), Some("politician"));
        assert_eq!(
            attr("date of cruddas"),
            Some("2015-01 (inferred: the byline)")
        );
    }

    #[test]
    fn unknown_or_identical_nodes_are_refused() {
        let kg = sample();
        assert_eq!(merge(&kg, "jon", "jon"), Err(MergeError::SameNode));
        assert_eq!(
            merge(&kg, "ghost", "jon"),
            Err(MergeError::UnknownNode("ghost".into()))
        );
        assert_eq!(
            merge(&kg, "jon", "ghost"),
            Err(MergeError::UnknownNode("ghost".into()))
        );
    }
}
