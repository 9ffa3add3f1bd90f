//! Synthetic graphs for scale testing: scale-free (Barabási–Albert) or planted
//! communities, seeded and deterministic. Their edges carry no evidence, and the
//! document says so in its title: they are test data, not knowledge.

use std::collections::HashSet;

use super::date::{Basis, Dated, PartialDate};
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

/// What a generated date says it was inferred from.
pub const GENERATED_BASIS: &str = "generated";

/// Dates a generated document with years in `years` (inclusive), each drawn from its own
/// seeded generator, so the same seed dates the same records and the graph's shape is
/// the one [`generate`] made without dates. As in a real knowledge base, every edge is
/// dated, and of the nodes only those that carry their own date there: publications and
/// events (a person or an idea has no date of its own; its years are its edges').
/// Every date's basis is `Inferred("generated")`. A reversed range dates nothing.
///
/// # Complexity
/// O(nodes + edges).
pub fn date_years(doc: &mut Document, years: (i32, i32), seed: u64) {
    let (a, b) = years;
    if a > b {
        return;
    }
    let span = usize::try_from(i64::from(b) - i64::from(a) + 1).unwrap_or(1);
    // A stream apart from `generate`'s, so dating changes no node, kind or edge.
    let mut rng = SplitMix64::new(crate::rng::mix(seed ^ 0x7965_6172_7321));
    let year = |rng: &mut SplitMix64| {
        let offset = i32::try_from(rng.below(span)).unwrap_or(0);
        Some(Dated {
            date: PartialDate::year(a.saturating_add(offset)),
            basis: Basis::Inferred(GENERATED_BASIS.to_owned()),
        })
    };
    for n in &mut doc.nodes {
        if matches!(n.kind, Kind::Publication | Kind::Event) {
            n.date = year(&mut rng);
        }
    }
    for e in &mut doc.edges {
        e.date = year(&mut rng);
    }
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
    fn dating_keeps_the_shape_and_is_seeded() {
        let plain = generate(Model::ScaleFree, 500, 2000, 3);
        let mut dated = plain.clone();
        date_years(&mut dated, (2007, 2016), 3);
        let mut again = plain.clone();
        date_years(&mut again, (2007, 2016), 3);
        assert_eq!(dated, again);
        assert_eq!(dated.edges.len(), plain.edges.len());
        for (d, p) in dated.edges.iter().zip(&plain.edges) {
            assert_eq!((&d.from, &d.to, d.relation), (&p.from, &p.to, p.relation));
            let date = d.date.as_ref().expect("every edge dated");
            assert!((2007..=2016).contains(&date.year()));
            assert_eq!(date.basis, Basis::Inferred("generated".into()));
        }
        let years: HashSet<i32> = dated
            .edges
            .iter()
            .filter_map(|e| e.date.as_ref())
            .map(Dated::year)
            .collect();
        assert_eq!(years.len(), 10, "every year drawn");
        for n in &dated.nodes {
            let own = matches!(n.kind, Kind::Publication | Kind::Event);
            assert_eq!(n.date.is_some(), own, "{}", n.id);
        }
        assert!(validate(&dated).iter().all(|p| p.rule == Rule::NoEvidence));
        let mut none = plain.clone();
        date_years(&mut none, (2016, 2007), 3);
        assert_eq!(none, plain);
    }

    #[test]
    fn tiny_and_impossible_requests() {
        assert_eq!(generate(Model::ScaleFree, 0, 10, 1).edges.len(), 0);
        assert_eq!(generate(Model::ScaleFree, 1, 10, 1).edges.len(), 0);
        assert_eq!(generate(Model::Communities, 4, 100, 1).edges.len(), 6);
    }
}
