//! "How are A and B connected?": up to k shortest paths between two nodes in a view,
//! told as sentences with each step's evidence and citation.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::filter::View;
use crate::model::{KnowledgeGraph, PartialDate, Relation, Tone};

/// One hop of a path: an edge walked from `from` to `to`, along or against its direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The node the step starts at.
    pub from: NodeIndex,
    /// The node the step ends at.
    pub to: NodeIndex,
    /// The edge used.
    pub edge: EdgeIndex,
    /// True when the edge points from `from` to `to`.
    pub forward: bool,
}

/// A path as a node sequence and the steps between.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// Nodes from start to end.
    pub nodes: Vec<NodeIndex>,
    /// One step per consecutive pair of nodes.
    pub steps: Vec<Step>,
}

/// Cost of one hop: hops count first, then how much the best edge says (see [`edge_rank`]).
const HOP: u32 = 1000;

/// Undirected weighted adjacency of the view, neighbours sorted so results are deterministic.
fn adjacency(kg: &KnowledgeGraph, view: &View) -> HashMap<NodeIndex, Vec<(NodeIndex, u32)>> {
    let mut adj: HashMap<NodeIndex, BTreeMap<NodeIndex, u32>> = HashMap::new();
    for &e in &view.edges {
        let (Some((a, b)), Some(w)) = (kg.endpoints(e), kg.graph().edge_weight(e)) else {
            continue;
        };
        if a == b || !view.has_node(a) || !view.has_node(b) {
            continue;
        }
        let cost = HOP + u32::from(edge_rank(w.relation));
        for (x, y) in [(a, b), (b, a)] {
            let slot = adj.entry(x).or_default().entry(y).or_insert(cost);
            *slot = (*slot).min(cost);
        }
    }
    adj.into_iter()
        .map(|(k, v)| (k, v.into_iter().collect()))
        .collect()
}

fn pair(a: NodeIndex, b: NodeIndex) -> (NodeIndex, NodeIndex) {
    if a < b { (a, b) } else { (b, a) }
}

/// Cheapest path by Dijkstra, ties broken by node index; returns (cost, nodes).
fn cheapest(
    adj: &HashMap<NodeIndex, Vec<(NodeIndex, u32)>>,
    start: NodeIndex,
    goal: NodeIndex,
    banned_nodes: &HashSet<NodeIndex>,
    banned_pairs: &HashSet<(NodeIndex, NodeIndex)>,
) -> Option<(u32, Vec<NodeIndex>)> {
    let mut dist: HashMap<NodeIndex, u32> = HashMap::from([(start, 0)]);
    let mut prev: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    let mut heap = BinaryHeap::from([Reverse((0u32, start))]);
    while let Some(Reverse((d, u))) = heap.pop() {
        if dist.get(&u).is_some_and(|&best| d > best) {
            continue;
        }
        if u == goal {
            let mut path = vec![goal];
            let mut cur = goal;
            while let Some(&p) = prev.get(&cur) {
                path.push(p);
                cur = p;
            }
            path.reverse();
            return Some((d, path));
        }
        for &(v, w) in adj.get(&u).map(Vec::as_slice).unwrap_or(&[]) {
            if banned_nodes.contains(&v) || banned_pairs.contains(&pair(u, v)) {
                continue;
            }
            let nd = d + w;
            if dist.get(&v).is_none_or(|&old| nd < old) {
                dist.insert(v, nd);
                prev.insert(v, u);
                heap.push(Reverse((nd, v)));
            }
        }
    }
    None
}

fn path_cost(adj: &HashMap<NodeIndex, Vec<(NodeIndex, u32)>>, nodes: &[NodeIndex]) -> u32 {
    nodes
        .windows(2)
        .map(|w| {
            adj.get(&w[0])
                .and_then(|row| row.iter().find(|&&(v, _)| v == w[1]))
                .map_or(HOP * 10, |&(_, c)| c)
        })
        .sum()
}

/// Up to `k` shortest simple paths from `a` to `b`, moving along the view's edges in
/// either direction: fewest hops first; among equals, paths through authorship and
/// stances before mere mentions; then node order. Yen's algorithm over Dijkstra.
///
/// # Complexity
/// O(k · L · (n + e)) for paths of length L.
pub fn k_shortest_paths(
    kg: &KnowledgeGraph,
    view: &View,
    a: NodeIndex,
    b: NodeIndex,
    k: usize,
) -> Vec<Path> {
    if k == 0 || !view.has_node(a) || !view.has_node(b) {
        return Vec::new();
    }
    let adj = adjacency(kg, view);
    let Some((_, first)) = cheapest(&adj, a, b, &HashSet::new(), &HashSet::new()) else {
        return Vec::new();
    };
    let mut found: Vec<Vec<NodeIndex>> = vec![first];
    let mut candidates: BTreeSet<(u32, Vec<NodeIndex>)> = BTreeSet::new();
    while found.len() < k {
        let last = found[found.len() - 1].clone();
        for i in 0..last.len().saturating_sub(1) {
            let spur = last[i];
            let root = &last[..=i];
            let mut banned_pairs = HashSet::new();
            for p in &found {
                if p.len() > i + 1 && &p[..=i] == root {
                    banned_pairs.insert(pair(p[i], p[i + 1]));
                }
            }
            let banned_nodes: HashSet<NodeIndex> = root[..i].iter().copied().collect();
            if let Some((_, spur_path)) = cheapest(&adj, spur, b, &banned_nodes, &banned_pairs) {
                let mut total = root[..i].to_vec();
                total.extend(spur_path);
                if !found.contains(&total) {
                    candidates.insert((path_cost(&adj, &total), total));
                }
            }
        }
        let Some(next) = candidates.pop_first() else {
            break;
        };
        found.push(next.1);
    }
    found
        .into_iter()
        .map(|nodes| with_steps(kg, view, nodes))
        .collect()
}

/// How much an edge says about a connection: authorship and stances before mentions.
fn edge_rank(r: Relation) -> u8 {
    match r.tone() {
        Tone::Authorship => 0,
        Tone::Support | Tone::Opposition => 1,
        Tone::Affiliation => 2,
        Tone::Reference => 3,
    }
}

fn with_steps(kg: &KnowledgeGraph, view: &View, nodes: Vec<NodeIndex>) -> Path {
    let mut steps = Vec::new();
    for w in nodes.windows(2) {
        let (u, v) = (w[0], w[1]);
        let best = kg
            .incident(u)
            .into_iter()
            .filter(|&(e, other, _)| other == v && view.has_edge(e))
            .min_by_key(|&(e, _, _)| {
                (
                    kg.graph()
                        .edge_weight(e)
                        .map_or(9, |w| edge_rank(w.relation)),
                    e.index(),
                )
            });
        if let Some((edge, _, forward)) = best {
            steps.push(Step {
                from: u,
                to: v,
                edge,
                forward,
            });
        }
    }
    Path { nodes, steps }
}

/// "29 January 2015", "January 2015" or "2015".
pub fn human_date(d: &PartialDate) -> String {
    let month = d
        .month
        .and_then(|m| crate::model::MONTH_NAMES.get(usize::from(m).wrapping_sub(1)));
    match (month, d.day) {
        (Some(m), Some(day)) => format!("{day} {m} {}", d.year),
        (Some(m), None) => format!("{m} {}", d.year),
        _ => d.year.to_string(),
    }
}

/// The citation of an edge's first piece of evidence, with whose words it is:
/// `(Outlet, 29 January 2015: "quote", own words)`.
pub fn cite_edge(kg: &KnowledgeGraph, e: EdgeIndex) -> String {
    let Some(ev) = kg.graph().edge_weight(e).and_then(|w| w.evidence.first()) else {
        return String::new();
    };
    let Some(src) = kg.source(&ev.source) else {
        return format!("(\u{201c}{}\u{201d})", ev.quote);
    };
    let mut who = Vec::new();
    if let Some(o) = &src.outlet {
        who.push(o.clone());
    }
    if !src.authors.is_empty() {
        who.push(src.authors.join(" and "));
    }
    who.push(format!("\u{2018}{}\u{2019}", src.title));
    if let Some(d) = &src.date {
        let inferred = if d.basis.is_inferred() {
            " (date inferred)"
        } else {
            ""
        };
        who.push(format!("{}{inferred}", human_date(&d.date)));
    }
    format!(
        "({}: \u{201c}{}\u{201d}, {})",
        who.join(", "),
        ev.quote,
        statement(ev)
    )
}

/// Whose words and how sure, as a citation ends: "own words", "author's report", and
/// ", expected" for a forecast.
pub fn statement(ev: &crate::model::Evidence) -> String {
    match ev.modality {
        crate::model::Modality::Stated => ev.voice.label().to_owned(),
        crate::model::Modality::Expected => format!("{}, expected", ev.voice.label()),
    }
}

/// Tells a path as sentences, one per step, each with its citation. Two co-authorship
/// steps that meet at a publication become one sentence ("A co-wrote P with B").
pub fn narrate(kg: &KnowledgeGraph, path: &Path) -> Vec<String> {
    let label = |ix: NodeIndex| kg.node_at(ix).map_or("?", |n| n.label.as_str()).to_owned();
    let relation = |s: &Step| kg.graph().edge_weight(s.edge).map(|w| w.relation);
    let mut out = Vec::new();
    let mut i = 0;
    while i < path.steps.len() {
        let s = path.steps[i];
        let (subj, obj) = if s.forward {
            (s.from, s.to)
        } else {
            (s.to, s.from)
        };
        let Some(rel) = relation(&s) else {
            i += 1;
            continue;
        };
        // Merge "A co-wrote P" + "B co-wrote P" into "A co-wrote P with B".
        if let Some(next) = path.steps.get(i + 1)
            && s.forward
            && !next.forward
            && relation(next) == Some(rel)
            && rel.is_authorship()
        {
            out.push(format!(
                "{} {} {} with {} {}",
                label(subj),
                rel.verb(),
                label(obj),
                label(next.to),
                cite_edge(kg, s.edge)
            ));
            i += 2;
            continue;
        }
        out.push(format!(
            "{} {} {} {}",
            label(subj),
            rel.verb(),
            label(obj),
            cite_edge(kg, s.edge)
        ));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edge, Evidence, Kind, Node};

    fn graph() -> KnowledgeGraph {
        // a - p - b, a - c - d - b: one path of 2 hops, one of 3.
        let mut d = Document::default();
        for (id, k) in [
            ("a", Kind::Person),
            ("b", Kind::Person),
            ("p", Kind::Publication),
            ("c", Kind::Concept),
            ("d", Kind::Concept),
        ] {
            d.nodes.push(Node::new(id, id.to_uppercase(), k));
        }
        for (f, t, r) in [
            ("a", "p", Relation::CoWrote),
            ("b", "p", Relation::CoWrote),
            ("a", "c", Relation::Advocates),
            ("c", "d", Relation::RelatedTo),
            ("b", "d", Relation::Criticises),
        ] {
            let mut e = Edge::new(f, t, r);
            e.evidence.push(Evidence::new("s", format!("{f} {t}")));
            d.edges.push(e);
        }
        KnowledgeGraph::from_document(d)
    }

    #[test]
    fn finds_paths_shortest_first() {
        let kg = graph();
        let view = View::all(&kg);
        let (a, b) = (kg.index_of("a").expect("a"), kg.index_of("b").expect("b"));
        let paths = k_shortest_paths(&kg, &view, a, b, 3);
        assert_eq!(paths.len(), 2);
        assert_eq!(paths[0].nodes.len(), 3);
        assert_eq!(paths[1].nodes.len(), 4);
        let told = narrate(&kg, &paths[0]);
        assert_eq!(told.len(), 1);
        assert!(told[0].starts_with("A co-wrote P with B"), "{told:?}");
        let told = narrate(&kg, &paths[1]);
        assert_eq!(told[2], "B criticises D (\u{201c}b d\u{201d})");
    }

    #[test]
    fn no_path_outside_the_view() {
        let kg = graph();
        let mut view = View::all(&kg);
        view.nodes.remove(&kg.index_of("p").expect("p"));
        view.nodes.remove(&kg.index_of("c").expect("c"));
        let (a, b) = (kg.index_of("a").expect("a"), kg.index_of("b").expect("b"));
        assert!(k_shortest_paths(&kg, &view, a, b, 3).is_empty());
    }

    #[test]
    fn human_dates() {
        assert_eq!(
            human_date(&"2015-01-29".parse().expect("d")),
            "29 January 2015"
        );
        assert_eq!(human_date(&"2015".parse().expect("d")), "2015");
    }
}
