//! Laying out a [`KnowledgeGraph`] (or the part a [`View`] shows): node radii by degree,
//! edges as index pairs, saved positions kept. Shared by the window, the CLI and the image
//! exports, so all three place nodes the same way.

use std::collections::BTreeSet;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::{Params, Simulation};
use crate::model::KnowledgeGraph;
use crate::query::View;

/// The seed of every layout, so the same graph always opens the same way.
pub const LAYOUT_SEED: u64 = 0x1dea_9a7f;

/// The radius of a node with `degree` connections, in scene units.
pub fn node_radius(degree: usize) -> f32 {
    let d = f32::from(u16::try_from(degree).unwrap_or(u16::MAX));
    (6.0 + 2.6 * d.sqrt()).min(26.0)
}

/// A simulation over the view's nodes (in index order) and edges, with the node of each
/// slot. Radii use the degree in the whole graph, so a node keeps its size when filtered;
/// nodes with a saved `pos` start there.
pub fn simulation_for(kg: &KnowledgeGraph, view: &View, seed: u64) -> (Simulation, Vec<NodeIndex>) {
    simulation_with(
        kg,
        &view.nodes,
        &view.edges,
        |ix| kg.node_at(ix).and_then(|n| n.pos),
        seed,
    )
}

/// Like [`simulation_for`], with the starting position of each node given by `initial`
/// (`None` places it near an already placed neighbour).
pub fn simulation_with(
    kg: &KnowledgeGraph,
    visible: &BTreeSet<NodeIndex>,
    edges: &BTreeSet<EdgeIndex>,
    initial: impl Fn(NodeIndex) -> Option<[f32; 2]>,
    seed: u64,
) -> (Simulation, Vec<NodeIndex>) {
    let nodes: Vec<NodeIndex> = visible.iter().copied().collect();
    // Slots by node index: an array, since every edge end is looked up.
    let mut slot: Vec<Option<usize>> = vec![None; nodes.last().map_or(0, |ix| ix.index() + 1)];
    for (i, ix) in nodes.iter().enumerate() {
        slot[ix.index()] = Some(i);
    }
    let slot_of = |ix: NodeIndex| slot.get(ix.index()).copied().flatten();
    let radii: Vec<f32> = degrees_of(kg, &nodes)
        .into_iter()
        .map(node_radius)
        .collect();
    let pairs: Vec<(usize, usize)> = edges
        .iter()
        .filter_map(|&e| kg.endpoints(e))
        .filter_map(|(a, b)| Some((slot_of(a)?, slot_of(b)?)))
        .filter(|(a, b)| a != b)
        .collect();
    let start: Vec<Option<[f32; 2]>> = nodes.iter().map(|&ix| initial(ix)).collect();
    (
        Simulation::with_positions(radii, pairs, start, Params::default(), seed),
        nodes,
    )
}

/// The degree in the whole graph of each of `nodes`. For many nodes, one pass over
/// the edges: walking each node's adjacency lists in turn took a quarter of a second
/// for a fifth of a million-node graph, on the window's thread as a filter applied.
fn degrees_of(kg: &KnowledgeGraph, nodes: &[NodeIndex]) -> Vec<usize> {
    let bound = petgraph::visit::NodeIndexable::node_bound(kg.graph());
    if nodes.len() < bound / 8 {
        return nodes.iter().map(|&ix| kg.degree(ix)).collect();
    }
    let degree = crate::query::filter::Part::graph(kg).degrees();
    nodes.iter().map(|ix| degree[ix.index()]).collect()
}

/// Runs the layout of a view to rest (at most `max_steps`) and writes each node's
/// position into `pos`. Returns the steps taken.
pub fn settle_positions(
    kg: &mut KnowledgeGraph,
    view: &View,
    max_steps: usize,
    seed: u64,
) -> usize {
    let (mut sim, nodes) = simulation_for(kg, view, seed);
    let steps = sim.run(max_steps);
    for (&ix, &p) in nodes.iter().zip(sim.positions()) {
        kg.set_pos(ix, Some(p));
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::{Model, generate};

    /// One pass over the edges counts what walking each node's lists counts, self-loops
    /// (twice) included, for few nodes and for many.
    #[test]
    fn degrees_by_one_pass_match_degrees_node_by_node() {
        let mut doc = generate(Model::ScaleFree, 400, 1_200, 5);
        let loop_at = doc.nodes[3].id.clone();
        doc.edges.push(crate::model::Edge::new(
            &loop_at,
            &loop_at,
            crate::model::Relation::Mentions,
        ));
        let kg = KnowledgeGraph::from_document(doc);
        let all: Vec<NodeIndex> = kg.node_indices().collect();
        for nodes in [&all[..], &all[..10]] {
            let expected: Vec<usize> = nodes.iter().map(|&ix| kg.degree(ix)).collect();
            assert_eq!(degrees_of(&kg, nodes), expected);
        }
    }
}
