//! Synthetic graphs for scale testing: scale-free (Barabási–Albert) or planted
//! communities, seeded and deterministic. Their edges carry no evidence, and the
//! document says so in its title: they are test data, not knowledge.

use std::collections::HashSet;

use super::document::{Document, Edge, Node};
use super::kinds::{Kind, Relation};
use crate::rng::SplitMix64;

/// Which random graph model to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    /// Preferential attachment: a few hubs, many leaves.
    ScaleFree,
    /// About √n/2 groups; 90 % of edges inside a group, 10 % between groups.
    Communities,
}

const RELATIONS: [Relation; 5] = [
    Relation::Mentions,
    Relation::Advocates,
    Relation::Criticises,
    Relation::RelatedTo,
    Relation::Supports,
];

/// Generates `nodes` nodes and about `edges` distinct undirected edges (fewer only when
/// the graph cannot hold that many).
///
/// # Complexity
/// O(nodes + edges) expected.
pub fn generate(model: Model, nodes: usize, edges: usize, seed: u64) -> Document {
    let mut rng = SplitMix64::new(seed);
    let max_edges = nodes.saturating_mul(nodes.saturating_sub(1)) / 2;
    let edges = edges.min(max_edges);
    let groups = ((nodes as f64).sqrt() / 2.0).ceil().max(1.0) as usize;
    let mut doc = Document {
        title: format!(
            "Synthetic {model:?} graph: {nodes} nodes, seed {seed} (generated, no sources)"
        ),
        ..Document::default()
    };
    for i in 0..nodes {
        let kind = Kind::ALL[rng.below(Kind::ALL.len())];
        let mut n = Node::new(format!("n{i}"), format!("Node {i}"), kind);
        if model == Model::Communities {
            n.attrs.insert("community".into(), (i % groups).to_string());
        }
        doc.nodes.push(n);
    }
    let mut seen: HashSet<(usize, usize)> = HashSet::with_capacity(edges);
    // Endpoint list for preferential attachment: a node appears once per edge end.
    let mut ends: Vec<usize> = Vec::with_capacity(edges * 2);
    let mut add =
        |a: usize, b: usize, doc: &mut Document, ends: &mut Vec<usize>, rng: &mut SplitMix64| {
            if a == b || !seen.insert((a.min(b), a.max(b))) {
                return false;
            }
            let rel = RELATIONS[rng.below(RELATIONS.len())];
            doc.edges
                .push(Edge::new(format!("n{a}"), format!("n{b}"), rel));
            ends.push(a);
            ends.push(b);
            true
        };
    if nodes < 2 {
        return doc;
    }
    let per_node = edges.div_ceil(nodes).max(1);
    let mut tries = 0usize;
    // Grow node by node so every node gets edges; then top up to the target count.
    for v in 1..nodes {
        for _ in 0..per_node.min(v) {
            if doc.edges.len() >= edges {
                break;
            }
            let u = match model {
                Model::ScaleFree if !ends.is_empty() && rng.below(4) != 0 => {
                    ends[rng.below(ends.len())]
                }
                Model::Communities if rng.below(10) != 0 => {
                    let g = v % groups;
                    let k = v / groups;
                    g + groups * rng.below(k.max(1))
                }
                _ => rng.below(v),
            };
            add(u, v, &mut doc, &mut ends, &mut rng);
        }
    }
    while doc.edges.len() < edges && tries < edges * 20 {
        tries += 1;
        let (a, b) = (rng.below(nodes), rng.below(nodes));
        add(a, b, &mut doc, &mut ends, &mut rng);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rule, validate};

    #[test]
    fn sizes_are_as_asked_and_output_is_deterministic() {
        for model in [Model::ScaleFree, Model::Communities] {
            let d = generate(model, 1000, 5000, 7);
            assert_eq!(d.nodes.len(), 1000);
            assert_eq!(d.edges.len(), 5000);
            assert_eq!(d, generate(model, 1000, 5000, 7));
            assert_ne!(d, generate(model, 1000, 5000, 8));
            // Structurally valid; only the missing evidence is reported.
            assert!(validate(&d).iter().all(|p| p.rule == Rule::NoEvidence));
        }
    }

    #[test]
    fn tiny_and_impossible_requests() {
        assert_eq!(generate(Model::ScaleFree, 0, 10, 1).edges.len(), 0);
        assert_eq!(generate(Model::ScaleFree, 1, 10, 1).edges.len(), 0);
        assert_eq!(generate(Model::Communities, 4, 100, 1).edges.len(), 6);
    }
}
