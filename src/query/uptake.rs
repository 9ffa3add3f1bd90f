//! Where an idea first appeared and who took it up: for a concept, the earliest dated
//! evidence on it, and the people, organisations and publications linked to it in the
//! order of their earliest dated link, each with its quote. Dates are only ever read
//! from the graph (an edge's date, or the node's own): nothing undated is given a date.

use std::cmp::Ordering;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::filter::View;
use super::paths::{cite_edge, human_date};
use crate::model::{Dated, Evidence, Kind, KnowledgeGraph};

/// What carries a dated piece of evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A dated edge touching the concept.
    Edge(EdgeIndex),
    /// The concept's own date, with its own evidence.
    Node,
}

/// The earliest dated evidence on a node.
#[derive(Clone, Debug, PartialEq)]
pub struct FirstAppearance {
    /// The edge (or the node itself) that carries it.
    pub origin: Origin,
    /// Its date, stated or inferred (see [`Dated::basis`]).
    pub date: Dated,
    /// Its first quote, if it has one.
    pub evidence: Option<Evidence>,
}

impl FirstAppearance {
    /// The id of the source quoted, if there is a quote.
    pub fn source(&self) -> Option<&str> {
        self.evidence.as_ref().map(|e| e.source.as_str())
    }

    /// Whether the date is inferred rather than stated in the text.
    pub fn is_inferred(&self) -> bool {
        self.date.basis.is_inferred()
    }
}

/// One node that took the concept up.
#[derive(Clone, Debug, PartialEq)]
pub struct UptakeStep {
    /// Who or what took it up: a person, an organisation or a publication.
    pub node: NodeIndex,
    /// The link: its earliest dated edge to the concept, or (when none is dated) its
    /// first edge.
    pub edge: EdgeIndex,
    /// The edge's date; `None` when none of the node's links to the concept is dated.
    pub date: Option<Dated>,
    /// The edge's first quote, if it has one.
    pub evidence: Option<Evidence>,
}

/// A concept's first appearance and its uptake.
#[derive(Clone, Debug, PartialEq)]
pub struct Uptake {
    /// The concept.
    pub concept: NodeIndex,
    /// The earliest dated evidence on it, if any is dated.
    pub first: Option<FirstAppearance>,
    /// Who took it up: dated steps in date order, then the undated ones; ties by kind
    /// (people, then organisations, then publications: the authors before their text),
    /// then label, then index.
    pub chain: Vec<UptakeStep>,
}

/// The kinds that take an idea up: people, organisations and publications.
fn takes_up(kind: Kind) -> bool {
    matches!(kind, Kind::Person | Kind::Organisation | Kind::Publication)
}

/// [`uptake_in`] over the whole graph.
///
/// # Examples
///
/// ```
/// use ideagraph::bundled::bundled_graph;
/// use ideagraph::query::uptake::uptake;
///
/// let kg = bundled_graph().expect("the bundled graph is valid");
/// let idea = kg.index_of("relational-state").expect("in the graph");
/// let u = uptake(&kg, idea).expect("a node");
/// assert_eq!(u.first.map(|f| f.date.year()), Some(2012));
/// ```
pub fn uptake(kg: &KnowledgeGraph, concept: NodeIndex) -> Option<Uptake> {
    uptake_in(kg, &View::all(kg), concept)
}

/// A node's first appearance and who took it up, moving only along the view's edges;
/// `None` if the graph has no such node.
///
/// # Complexity
/// O(d log d) for a node of degree d.
pub fn uptake_in(kg: &KnowledgeGraph, view: &View, concept: NodeIndex) -> Option<Uptake> {
    let node = kg.node_at(concept)?;
    let links: Vec<(EdgeIndex, NodeIndex)> = kg
        .incident(concept)
        .into_iter()
        .filter(|&(e, other, _)| other != concept && view.has_edge(e))
        .map(|(e, other, _)| (e, other))
        .collect();
    let own = node.date.clone().map(|date| FirstAppearance {
        origin: Origin::Node,
        date,
        evidence: node.evidence.first().cloned(),
    });
    let from_edges = links
        .iter()
        .filter_map(|&(e, _)| dated_edge(kg, e))
        .min_by(earlier);
    let first = match (own, from_edges) {
        (Some(o), Some(e)) if earlier(&e, &o) == Ordering::Less => Some(e),
        (Some(o), _) => Some(o),
        (None, e) => e,
    };
    Some(Uptake {
        concept,
        first,
        chain: chain(kg, &links),
    })
}

/// A dated edge as a first appearance.
fn dated_edge(kg: &KnowledgeGraph, e: EdgeIndex) -> Option<FirstAppearance> {
    let w = kg.graph().edge_weight(e)?;
    Some(FirstAppearance {
        origin: Origin::Edge(e),
        date: w.date.clone()?,
        evidence: w.evidence.first().cloned(),
    })
}

/// Earlier date first; on the same date, stated before inferred, the node's own date
/// before an edge's, then edge order.
fn earlier(a: &FirstAppearance, b: &FirstAppearance) -> Ordering {
    let key = |f: &FirstAppearance| {
        let edge = match f.origin {
            Origin::Node => None,
            Origin::Edge(e) => Some(e.index()),
        };
        (f.date.date, f.date.basis.is_inferred(), edge)
    };
    key(a).cmp(&key(b))
}

/// The uptake chain: for each person, organisation or publication linked to the
/// concept, its earliest dated link (or its first link when none is dated).
fn chain(kg: &KnowledgeGraph, links: &[(EdgeIndex, NodeIndex)]) -> Vec<UptakeStep> {
    let mut best: Vec<UptakeStep> = Vec::new();
    for &(e, other) in links {
        if !kg.node_at(other).is_some_and(|n| takes_up(n.kind)) {
            continue;
        }
        let Some(w) = kg.graph().edge_weight(e) else {
            continue;
        };
        let step = UptakeStep {
            node: other,
            edge: e,
            date: w.date.clone(),
            evidence: w.evidence.first().cloned(),
        };
        match best.iter_mut().find(|s| s.node == other) {
            Some(s) if better(&step, s) => *s = step,
            Some(_) => {}
            None => best.push(step),
        }
    }
    let kind = |ix: NodeIndex| kg.node_at(ix).map(|n| n.kind);
    best.sort_by(|a, b| {
        step_key(a)
            .cmp(&step_key(b))
            .then_with(|| kind(a.node).cmp(&kind(b.node)))
            .then_with(|| label(kg, a.node).cmp(label(kg, b.node)))
            .then(a.node.cmp(&b.node))
    });
    best
}

/// Whether `a` represents its node better than `b`: dated before undated, then the
/// earlier date (stated before inferred), then the lower edge index.
fn better(a: &UptakeStep, b: &UptakeStep) -> bool {
    (step_key(a), a.edge.index()) < (step_key(b), b.edge.index())
}

/// Dated steps first, by date, stated before inferred.
fn step_key(s: &UptakeStep) -> (bool, Option<crate::model::PartialDate>, bool) {
    match &s.date {
        Some(d) => (false, Some(d.date), d.basis.is_inferred()),
        None => (true, None, false),
    }
}

fn label(kg: &KnowledgeGraph, ix: NodeIndex) -> &str {
    kg.node_at(ix).map_or("?", |n| n.label.as_str())
}

/// `2012 (inferred)`, `29 January 2015`, or `undated`.
pub fn date_words(d: Option<&Dated>) -> String {
    match d {
        Some(d) if d.basis.is_inferred() => format!("{} (inferred)", human_date(&d.date)),
        Some(d) => human_date(&d.date),
        None => "undated".to_owned(),
    }
}

/// Tells a concept's first appearance and uptake as sentences, as
/// [`super::paths::narrate`] tells a path: first the chain in one line (`The relational
/// state: Graeme Cooke and Rick Muir, 2012 (inferred) → Ed Miliband, 2014 (inferred);
/// undated: IPPR`, steps of the same date together), then the first appearance, then
/// one sentence per step, each with its date and citation.
pub fn narrate_uptake(kg: &KnowledgeGraph, uptake: &Uptake) -> Vec<String> {
    let concept = label(kg, uptake.concept);
    let mut out = vec![summary(kg, uptake)];
    match &uptake.first {
        Some(f) => out.push(format!(
            "First appearance, {}: {}",
            date_words(Some(&f.date)),
            telling(kg, uptake.concept, f)
        )),
        None => out.push(format!("{concept}: no dated evidence")),
    }
    for s in &uptake.chain {
        out.push(format!(
            "{}: {}",
            date_words(s.date.as_ref()),
            edge_sentence(kg, s.edge)
        ));
    }
    out
}

/// `A, B and C`.
fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The chain in one line, steps of the same date together.
fn summary(kg: &KnowledgeGraph, uptake: &Uptake) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    let mut undated: Vec<&str> = Vec::new();
    for s in &uptake.chain {
        let name = label(kg, s.node);
        let Some(d) = &s.date else {
            undated.push(name);
            continue;
        };
        let when = date_words(Some(d));
        match groups.last_mut() {
            Some((w, names)) if *w == when => names.push(name),
            _ => groups.push((when, vec![name])),
        }
    }
    let mut line = format!("{}: ", label(kg, uptake.concept));
    let dated: Vec<String> = groups
        .iter()
        .map(|(when, names)| format!("{}, {when}", and_list(names)))
        .collect();
    line += &dated.join(" \u{2192} ");
    if !undated.is_empty() {
        if !dated.is_empty() {
            line += "; ";
        }
        line += &format!("undated: {}", and_list(&undated));
    }
    if uptake.chain.is_empty() {
        line += "taken up by no person, organisation or publication";
    }
    line
}

/// The first appearance as a sentence with its citation.
fn telling(kg: &KnowledgeGraph, concept: NodeIndex, f: &FirstAppearance) -> String {
    match f.origin {
        Origin::Edge(e) => edge_sentence(kg, e),
        Origin::Node => {
            let quote = f
                .evidence
                .as_ref()
                .map(|ev| {
                    let cite = kg
                        .source(&ev.source)
                        .map_or(ev.source.clone(), |s| s.citation());
                    format!(" ({cite}: \u{201c}{}\u{201d})", ev.quote)
                })
                .unwrap_or_default();
            format!("{}{quote}", label(kg, concept))
        }
    }
}

/// `Subject verb Object (citation)`, read along the edge's direction.
fn edge_sentence(kg: &KnowledgeGraph, e: EdgeIndex) -> String {
    let (Some((a, b)), Some(w)) = (kg.endpoints(e), kg.graph().edge_weight(e)) else {
        return String::new();
    };
    let cite = cite_edge(kg, e);
    let sentence = format!("{} {} {}", label(kg, a), w.relation.verb(), label(kg, b));
    if cite.is_empty() {
        sentence
    } else {
        format!("{sentence} {cite}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Basis, Document, Edge, Node, PartialDate, Relation};

    fn dated(s: &str, inferred: bool) -> Option<Dated> {
        Some(Dated {
            date: s.parse::<PartialDate>().ok()?,
            basis: if inferred {
                Basis::Inferred("test".into())
            } else {
                Basis::Stated
            },
        })
    }

    /// An idea taken up by b (2014, stated) and a (2012 and 2013, inferred), c undated,
    /// and related to another idea in 2011.
    fn graph() -> KnowledgeGraph {
        let mut d = Document::default();
        for (id, kind) in [
            ("idea", Kind::Concept),
            ("a", Kind::Person),
            ("b", Kind::Organisation),
            ("c", Kind::Publication),
            ("other", Kind::Concept),
        ] {
            d.nodes.push(Node::new(id, id.to_uppercase(), kind));
        }
        for (f, t, r, date) in [
            ("b", "idea", Relation::Supports, dated("2014", false)),
            ("a", "idea", Relation::Mentions, dated("2013", true)),
            ("a", "idea", Relation::Advocates, dated("2012-05", true)),
            ("c", "idea", Relation::Criticises, None),
            ("idea", "other", Relation::RelatedTo, dated("2011", false)),
        ] {
            let mut e = Edge::new(f, t, r);
            e.date = date;
            e.evidence.push(Evidence::new("s", format!("{f} {t}")));
            d.edges.push(e);
        }
        KnowledgeGraph::from_document(d)
    }

    #[test]
    fn first_appearance_is_the_earliest_dated_edge_of_any_kind() {
        let kg = graph();
        let idea = kg.index_of("idea").expect("idea");
        let u = uptake(&kg, idea).expect("node");
        let first = u.first.expect("dated");
        assert_eq!(first.date.year(), 2011);
        assert!(!first.is_inferred());
        assert_eq!(first.evidence.map(|e| e.quote), Some("idea other".into()));
    }

    #[test]
    fn chain_is_in_date_order_with_undated_last() {
        let kg = graph();
        let idea = kg.index_of("idea").expect("idea");
        let u = uptake(&kg, idea).expect("node");
        let who: Vec<&str> = u.chain.iter().map(|s| label(&kg, s.node)).collect();
        assert_eq!(who, ["A", "B", "C"]);
        assert_eq!(
            u.chain[0].date.as_ref().map(|d| d.date.month),
            Some(Some(5))
        );
        assert!(u.chain[2].date.is_none());
        let told = narrate_uptake(&kg, &u);
        assert_eq!(
            told[0],
            "IDEA: A, May 2012 (inferred) \u{2192} B, 2014; undated: C"
        );
        assert_eq!(
            told[1],
            "First appearance, 2011: IDEA is related to OTHER (\u{201c}idea other\u{201d})"
        );
        assert_eq!(
            told[2],
            "May 2012 (inferred): A advocates IDEA (\u{201c}a idea\u{201d})"
        );
        assert_eq!(
            told[4],
            "undated: C criticises IDEA (\u{201c}c idea\u{201d})"
        );
    }

    #[test]
    fn a_view_limits_the_edges_and_nothing_undated_gets_a_date() {
        let kg = graph();
        let idea = kg.index_of("idea").expect("idea");
        let mut view = View::all(&kg);
        view.edges
            .retain(|&e| kg.graph().edge_weight(e).is_some_and(|w| w.date.is_none()));
        let u = uptake_in(&kg, &view, idea).expect("node");
        assert_eq!(u.first, None);
        assert_eq!(u.chain.len(), 1);
        let told = narrate_uptake(&kg, &u);
        assert_eq!(told[0], "IDEA: undated: C");
        assert_eq!(told[1], "IDEA: no dated evidence");
    }

    #[test]
    fn a_dated_node_appears_on_its_own_date() {
        let mut kg = graph();
        let ix = kg.index_of("idea").expect("idea");
        let mut doc = kg.to_document();
        if let Some(n) = doc.nodes.iter_mut().find(|n| n.id == "idea") {
            n.date = dated("2010", true);
            n.evidence.push(Evidence::new("s", "the idea"));
        }
        kg = KnowledgeGraph::from_document(doc);
        let u = uptake(&kg, ix).expect("node");
        let first = u.first.clone().expect("dated");
        assert_eq!((first.origin, first.date.year()), (Origin::Node, 2010));
        assert_eq!(first.source(), Some("s"));
        assert!(narrate_uptake(&kg, &u)[1].starts_with("First appearance, 2010 (inferred): IDEA"));
        assert_eq!(uptake(&kg, NodeIndex::new(99)), None);
    }
}
