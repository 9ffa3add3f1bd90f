//! [`LayoutState`]: the force simulation for the visible nodes, with the mapping between
//! graph node indices and simulation slots. Rebuilt (warm, from current positions) when
//! the visible set changes.

use std::collections::{BTreeSet, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::layout::Simulation;
use crate::model::KnowledgeGraph;

pub use crate::layout::from_graph::{LAYOUT_SEED, node_radius};

/// Most simulation steps per frame while the layout moves: enough to settle in a few
/// seconds at 60 frames per second on small graphs.
pub const STEPS_PER_FRAME: usize = 3;

/// Time a frame may spend stepping the layout: once a step has run and this much time
/// has gone, the rest waits for the next frame, so large graphs do not stall a frame
/// on several steps.
pub const STEP_BUDGET: std::time::Duration = std::time::Duration::from_millis(6);

/// The temperature a layout restarts at when the visible set changes: warm enough for
/// newcomers to find their place, cool enough that laid-out nodes stay put.
const WARM_ALPHA: f32 = 0.3;

/// Positions for the visible nodes and the simulation that moves them.
#[derive(Clone, Debug)]
pub struct LayoutState {
    sim: Simulation,
    /// Graph node of each simulation slot.
    nodes: Vec<NodeIndex>,
    /// Simulation slot of each visible graph node.
    slot: HashMap<NodeIndex, usize>,
    /// Radius of each slot, in scene units.
    radii: Vec<f32>,
}

impl LayoutState {
    /// A fresh, hot layout of `visible` (nodes) joined by `edges`, starting from saved
    /// positions (`Node::pos`) where the file has them.
    pub fn new(
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) -> Self {
        let initial = |ix: NodeIndex| kg.node_at(ix).and_then(|n| n.pos);
        Self::build(kg, visible, edges, initial, &[])
    }

    fn build(
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
        initial: impl Fn(NodeIndex) -> Option<[f32; 2]>,
        pinned: &[(NodeIndex, [f32; 2])],
    ) -> Self {
        let (mut sim, nodes) =
            crate::layout::from_graph::simulation_with(kg, visible, edges, initial, LAYOUT_SEED);
        let slot: HashMap<NodeIndex, usize> =
            nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
        let radii = sim.radii().to_vec();
        for &(ix, p) in pinned {
            if let Some(&i) = slot.get(&ix) {
                sim.pin(i, p);
            }
        }
        Self {
            sim,
            nodes,
            slot,
            radii,
        }
    }

    /// Changes the visible set, keeping the positions and pins of nodes still shown and
    /// warming the simulation up so newcomers find their place.
    pub fn set_visible(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) {
        let old: HashMap<NodeIndex, [f32; 2]> = self
            .nodes
            .iter()
            .zip(self.sim.positions())
            .map(|(&ix, &p)| (ix, p))
            .collect();
        let pinned: Vec<(NodeIndex, [f32; 2])> = self
            .nodes
            .iter()
            .enumerate()
            .filter(|&(i, _)| self.sim.is_pinned(i))
            .filter_map(|(i, &ix)| Some((ix, *self.sim.positions().get(i)?)))
            .collect();
        // Restart warm, not hot, from the kept positions: known nodes stay roughly where
        // they were and newcomers settle in around them.
        // When most of the shown nodes are new, a full hot start lays them out better.
        let known = visible.iter().filter(|ix| old.contains_key(ix)).count();
        let mostly_known = 2 * known >= visible.len();
        *self = Self::build(
            kg,
            visible,
            edges,
            |ix| {
                old.get(&ix)
                    .copied()
                    .or_else(|| kg.node_at(ix).and_then(|n| n.pos))
            },
            &pinned,
        );
        if mostly_known {
            self.sim.set_alpha(WARM_ALPHA);
        }
    }

    /// Advances the simulation by up to `steps` steps, stopping early (after at least
    /// one) once [`STEP_BUDGET`] has gone; returns true while it still moves.
    pub fn tick(&mut self, steps: usize) -> bool {
        let start = std::time::Instant::now();
        for k in 0..steps {
            if self.sim.is_settled() || (k > 0 && start.elapsed() >= STEP_BUDGET) {
                break;
            }
            self.sim.step();
        }
        !self.sim.is_settled()
    }

    /// How far the layout has cooled, from 0 (hot) to 1 (settled), for a progress
    /// indicator: the temperature falls geometrically, so this is its logarithm.
    pub fn progress(&self) -> f32 {
        let min = self.sim.params().alpha_min.max(1e-6);
        let alpha = self.sim.alpha().max(min);
        if self.sim.is_settled() || min >= 1.0 {
            return 1.0;
        }
        (alpha.ln() / min.ln()).clamp(0.0, 1.0)
    }

    /// The simulation slot of a visible node.
    pub fn slot(&self, ix: NodeIndex) -> Option<usize> {
        self.slot.get(&ix).copied()
    }

    /// Positions by slot, in scene units.
    pub fn positions(&self) -> &[[f32; 2]] {
        self.sim.positions()
    }

    /// Whether the node in a slot is pinned.
    pub fn is_pinned_at(&self, slot: usize) -> bool {
        self.sim.is_pinned(slot)
    }

    /// Radii by slot, in scene units.
    pub fn radii(&self) -> &[f32] {
        &self.radii
    }

    /// Runs until settled (at most `max_steps`); returns the steps taken.
    pub fn settle(&mut self, max_steps: usize) -> usize {
        self.sim.run(max_steps)
    }

    /// Whether the layout has come to rest.
    pub fn is_settled(&self) -> bool {
        self.sim.is_settled()
    }

    /// The visible nodes, in slot order.
    pub fn nodes(&self) -> &[NodeIndex] {
        &self.nodes
    }

    /// A node's position in scene units.
    pub fn pos(&self, ix: NodeIndex) -> Option<egui::Pos2> {
        let i = *self.slot.get(&ix)?;
        let p = self.sim.positions().get(i)?;
        Some(egui::pos2(p[0], p[1]))
    }

    /// A node's radius in scene units.
    pub fn radius(&self, ix: NodeIndex) -> f32 {
        self.slot
            .get(&ix)
            .and_then(|&i| self.radii.get(i))
            .copied()
            .unwrap_or(6.0)
    }

    /// The box holding every node (centres padded by radii), in scene units.
    pub fn bounds(&self) -> Option<egui::Rect> {
        let mut out: Option<egui::Rect> = None;
        for (p, r) in self.sim.positions().iter().zip(&self.radii) {
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            let rect =
                egui::Rect::from_center_size(egui::pos2(p[0], p[1]), egui::Vec2::splat(2.0 * r));
            out = Some(out.map_or(rect, |o| o.union(rect)));
        }
        out
    }

    /// Pins a node at a scene position and warms the layout so the rest responds.
    pub fn pin(&mut self, ix: NodeIndex, p: [f32; 2]) {
        if let Some(&i) = self.slot.get(&ix) {
            self.sim.pin(i, p);
            self.sim.reheat(0.3);
        }
    }

    /// Releases a pinned node.
    pub fn unpin(&mut self, ix: NodeIndex) {
        if let Some(&i) = self.slot.get(&ix) {
            self.sim.unpin(i);
            self.sim.reheat(0.3);
        }
    }

    /// Whether a node is pinned.
    pub fn is_pinned(&self, ix: NodeIndex) -> bool {
        self.slot.get(&ix).is_some_and(|&i| self.sim.is_pinned(i))
    }

    /// Unpins everything and lays the graph out again from scratch.
    pub fn reset(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) {
        *self = Self::build(kg, visible, edges, |_| None, &[]);
    }
}
