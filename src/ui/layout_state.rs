//! [`LayoutState`]: the force simulation for the visible nodes, with the mapping between
//! graph node indices and simulation slots. Rebuilt (warm, from current positions) when
//! the visible set changes.
//!
//! The simulation steps on a [`LayoutWorker`] thread: [`LayoutState::tick`] hands it over
//! and returns at once, and the canvas draws the positions of the last batch that came
//! back. Pins and releases made while it is away are queued and applied when it returns;
//! a pinned node is drawn at its pin straight away, so dragging never waits on a step.

use std::collections::{BTreeSet, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::layout_worker::{LayoutWorker, run_batch};
use crate::layout::Simulation;
use crate::model::KnowledgeGraph;

pub use crate::layout::from_graph::{LAYOUT_SEED, node_radius};

/// Most simulation steps per batch while the layout moves: enough to settle in a few
/// seconds at 60 frames per second on small graphs, and slow enough to watch.
pub const STEPS_PER_FRAME: usize = 3;

/// Time a batch may spend stepping: once a step has run and this much time has gone,
/// the batch ends and its positions are shown. The steps run off the UI thread, so this
/// paces how often new positions appear, not how long a frame takes.
pub const STEP_BUDGET: std::time::Duration = std::time::Duration::from_millis(12);

/// The temperature a layout restarts at when the visible set changes: warm enough for
/// newcomers to find their place, cool enough that laid-out nodes stay put.
const WARM_ALPHA: f32 = 0.3;

/// How much a pin or a release warms the layout so the rest responds.
const PIN_ALPHA: f32 = 0.3;

/// A change made while the simulation was on the worker, applied when it returns.
#[derive(Clone, Copy, Debug)]
enum Op {
    Pin(usize, [f32; 2]),
    Unpin(usize),
}

impl Op {
    fn apply(self, sim: &mut Simulation) {
        match self {
            Op::Pin(i, p) => sim.pin(i, p),
            Op::Unpin(i) => sim.unpin(i),
        }
        sim.reheat(PIN_ALPHA);
    }
}

/// The simulation's state as last seen on the UI thread.
#[derive(Clone, Debug, Default)]
struct Seen {
    /// Positions by slot, in scene units.
    positions: Vec<[f32; 2]>,
    /// Whether each slot is pinned.
    pinned: Vec<bool>,
    alpha: f32,
    alpha_min: f32,
    settled: bool,
}

impl Seen {
    fn of(sim: &Simulation) -> Self {
        let mut seen = Self::default();
        seen.update(sim);
        seen
    }

    fn update(&mut self, sim: &Simulation) {
        self.positions.clear();
        self.positions.extend_from_slice(sim.positions());
        self.pinned.clear();
        self.pinned.extend((0..sim.len()).map(|i| sim.is_pinned(i)));
        self.alpha = sim.alpha();
        self.alpha_min = sim.params().alpha_min;
        self.settled = sim.is_settled();
    }
}

/// Positions for the visible nodes and the simulation that moves them.
pub struct LayoutState {
    /// The simulation while it is on the UI thread; `None` while the worker has it.
    sim: Option<Box<Simulation>>,
    /// What the UI draws: the simulation as of its last return, plus queued pins.
    seen: Seen,
    /// Pins and releases waiting for the simulation to return.
    pending: Vec<Op>,
    /// Bumped whenever the simulation is replaced, so a batch of an old one is dropped.
    generation: u64,
    /// Started on the first tick; `None` before, or if no thread could be started.
    worker: Option<LayoutWorker>,
    /// Graph node of each simulation slot.
    nodes: Vec<NodeIndex>,
    /// Simulation slot of each visible graph node.
    slot: HashMap<NodeIndex, usize>,
    /// Radius of each slot, in scene units.
    radii: Vec<f32>,
}

impl std::fmt::Debug for LayoutState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayoutState")
            .field("nodes", &self.nodes.len())
            .field("away", &self.sim.is_none())
            .field("generation", &self.generation)
            .field("settled", &self.seen.settled)
            .finish_non_exhaustive()
    }
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
        let (sim, nodes) = Self::simulation(kg, visible, edges, initial, &[]);
        let slot = nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
        Self {
            seen: Seen::of(&sim),
            radii: sim.radii().to_vec(),
            sim: Some(Box::new(sim)),
            pending: Vec::new(),
            generation: 0,
            worker: None,
            nodes,
            slot,
        }
    }

    fn simulation(
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
        initial: impl Fn(NodeIndex) -> Option<[f32; 2]>,
        pinned: &[(NodeIndex, [f32; 2])],
    ) -> (Simulation, Vec<NodeIndex>) {
        let (mut sim, nodes) =
            crate::layout::from_graph::simulation_with(kg, visible, edges, initial, LAYOUT_SEED);
        let slot: HashMap<NodeIndex, usize> =
            nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
        for &(ix, p) in pinned {
            if let Some(&i) = slot.get(&ix) {
                sim.pin(i, p);
            }
        }
        (sim, nodes)
    }

    /// Puts a new simulation in place of the current one, wherever that is; a batch of
    /// the old one still on the worker is dropped when it returns.
    fn replace(&mut self, sim: Simulation, nodes: Vec<NodeIndex>) {
        self.generation += 1;
        self.pending.clear();
        self.seen.update(&sim);
        self.radii = sim.radii().to_vec();
        self.slot = nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
        self.nodes = nodes;
        self.sim = Some(Box::new(sim));
    }

    /// Changes the visible set, keeping the positions and pins of nodes still shown and
    /// warming the simulation up so newcomers find their place.
    pub fn set_visible(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) {
        // The positions and pins as drawn: the simulation may be on the worker.
        let old: HashMap<NodeIndex, [f32; 2]> = self
            .nodes
            .iter()
            .zip(&self.seen.positions)
            .map(|(&ix, &p)| (ix, p))
            .collect();
        let pinned: Vec<(NodeIndex, [f32; 2])> = self
            .nodes
            .iter()
            .zip(self.seen.pinned.iter().zip(&self.seen.positions))
            .filter(|(_, (pinned, _))| **pinned)
            .map(|(&ix, (_, &p))| (ix, p))
            .collect();
        // Restart warm, not hot, from the kept positions: known nodes stay roughly where
        // they were and newcomers settle in around them.
        // When most of the shown nodes are new, a full hot start lays them out better.
        let known = visible.iter().filter(|ix| old.contains_key(ix)).count();
        let mostly_known = 2 * known >= visible.len();
        let (mut sim, nodes) = Self::simulation(
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
            sim.set_alpha(WARM_ALPHA);
        }
        self.replace(sim, nodes);
    }

    /// Takes in batches the worker has finished; the current one comes home.
    fn collect(&mut self) {
        let Some(worker) = &self.worker else { return };
        let mut back = Vec::new();
        let gone = loop {
            match worker.try_recv() {
                Ok(Some(done)) => back.push(done),
                Ok(None) => break false,
                Err(_) => break true,
            }
        };
        for done in back {
            self.arrive(done.generation, done.sim);
        }
        if gone {
            self.lose_worker();
        }
    }

    /// A simulation back from the worker: the current one comes home with the queued
    /// pins applied; a stale one is dropped.
    fn arrive(&mut self, generation: u64, mut sim: Box<Simulation>) {
        if generation != self.generation || self.sim.is_some() {
            return;
        }
        for op in self.pending.drain(..) {
            op.apply(&mut sim);
        }
        self.seen.update(&sim);
        self.sim = Some(sim);
    }

    /// The worker died with the simulation: keep the positions as drawn, stop moving.
    fn lose_worker(&mut self) {
        self.worker = None;
        if self.sim.is_none() {
            self.pending.clear();
            self.seen.settled = true;
        }
    }

    /// Waits for the simulation to come home (tests, settling, exports).
    fn reclaim(&mut self) {
        while self.sim.is_none() {
            let Some(worker) = &self.worker else {
                return;
            };
            match worker.recv() {
                Ok(done) => self.arrive(done.generation, done.sim),
                Err(_) => return self.lose_worker(),
            }
        }
    }

    /// Takes in finished steps and hands the simulation over for up to `steps` more
    /// (ending early after [`STEP_BUDGET`]); `wake` is asked to repaint when they are
    /// done. Never waits on a step. Returns true while the layout still moves.
    pub fn tick(&mut self, steps: usize, wake: Option<&egui::Context>) -> bool {
        self.collect();
        let Some(mut sim) = self.sim.take() else {
            return !self.seen.settled;
        };
        if sim.is_settled() {
            self.sim = Some(sim);
            return false;
        }
        if self.worker.is_none() {
            self.worker = LayoutWorker::spawn();
        }
        if let Some(worker) = &self.worker {
            match worker.send(self.generation, sim, steps, STEP_BUDGET, wake.cloned()) {
                Ok(()) => return true,
                Err(back) => {
                    sim = back;
                    self.worker = None;
                }
            }
        }
        // No thread: step here, within the budget.
        run_batch(&mut sim, steps, STEP_BUDGET);
        self.seen.update(&sim);
        self.sim = Some(sim);
        !self.seen.settled
    }

    /// Whether the UI must draw another frame to keep the layout going: the simulation
    /// is home and still moves. While it is on the worker, the worker wakes the UI.
    pub fn needs_frame(&self) -> bool {
        self.sim.as_ref().is_some_and(|s| !s.is_settled())
    }

    /// How far the layout has cooled, from 0 (hot) to 1 (settled), for a progress
    /// indicator: the temperature falls geometrically, so this is its logarithm.
    pub fn progress(&self) -> f32 {
        let min = self.seen.alpha_min.max(1e-6);
        let alpha = self.seen.alpha.max(min);
        if self.seen.settled || min >= 1.0 {
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
        &self.seen.positions
    }

    /// Whether the node in a slot is pinned.
    pub fn is_pinned_at(&self, slot: usize) -> bool {
        self.seen.pinned.get(slot).copied().unwrap_or(false)
    }

    /// Radii by slot, in scene units.
    pub fn radii(&self) -> &[f32] {
        &self.radii
    }

    /// Runs until settled (at most `max_steps`) on this thread, waiting first for a
    /// batch on the worker; returns the steps taken.
    pub fn settle(&mut self, max_steps: usize) -> usize {
        self.reclaim();
        let Some(sim) = &mut self.sim else { return 0 };
        let steps = sim.run(max_steps);
        self.seen.update(sim);
        steps
    }

    /// Whether the layout has come to rest.
    pub fn is_settled(&self) -> bool {
        self.seen.settled
    }

    /// The visible nodes, in slot order.
    pub fn nodes(&self) -> &[NodeIndex] {
        &self.nodes
    }

    /// A node's position in scene units.
    pub fn pos(&self, ix: NodeIndex) -> Option<egui::Pos2> {
        let i = *self.slot.get(&ix)?;
        let p = self.seen.positions.get(i)?;
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
        for (p, r) in self.seen.positions.iter().zip(&self.radii) {
            if !(p[0].is_finite() && p[1].is_finite()) {
                continue;
            }
            let rect =
                egui::Rect::from_center_size(egui::pos2(p[0], p[1]), egui::Vec2::splat(2.0 * r));
            out = Some(out.map_or(rect, |o| o.union(rect)));
        }
        out
    }

    /// Applies a pin or release now if the simulation is home, else when it returns;
    /// either way it shows at once.
    fn change(&mut self, op: Op) {
        match op {
            Op::Pin(i, p) => {
                if let Some(slot) = self.seen.positions.get_mut(i) {
                    *slot = p;
                }
                if let Some(pinned) = self.seen.pinned.get_mut(i) {
                    *pinned = true;
                }
            }
            Op::Unpin(i) => {
                if let Some(pinned) = self.seen.pinned.get_mut(i) {
                    *pinned = false;
                }
            }
        }
        match &mut self.sim {
            Some(sim) => {
                op.apply(sim);
                self.seen.update(sim);
            }
            None => {
                self.pending.push(op);
                self.seen.settled = false;
            }
        }
    }

    /// Pins a node at a scene position and warms the layout so the rest responds.
    pub fn pin(&mut self, ix: NodeIndex, p: [f32; 2]) {
        if let Some(&i) = self.slot.get(&ix) {
            self.change(Op::Pin(i, p));
        }
    }

    /// Releases a pinned node.
    pub fn unpin(&mut self, ix: NodeIndex) {
        if let Some(&i) = self.slot.get(&ix) {
            self.change(Op::Unpin(i));
        }
    }

    /// Whether a node is pinned.
    pub fn is_pinned(&self, ix: NodeIndex) -> bool {
        self.slot.get(&ix).is_some_and(|&i| self.is_pinned_at(i))
    }

    /// Unpins everything and lays the graph out again from scratch.
    pub fn reset(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) {
        let (sim, nodes) = Self::simulation(kg, visible, edges, |_| None, &[]);
        self.replace(sim, nodes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Filter, apply};

    fn bundled() -> (KnowledgeGraph, BTreeSet<NodeIndex>, BTreeSet<EdgeIndex>) {
        let kg = crate::bundled::bundled_graph().expect("bundled graph loads");
        let view = apply(&kg, &Filter::default());
        (kg, view.nodes, view.edges)
    }

    /// Ticks until the layout rests, as frames would.
    fn tick_to_rest(layout: &mut LayoutState) {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(120) {
            if !layout.tick(STEPS_PER_FRAME, None) && layout.sim.is_some() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        panic!("layout never came to rest");
    }

    #[test]
    fn worker_batches_reach_the_same_rest_as_settling_here() {
        let (kg, nodes, edges) = bundled();
        let mut threaded = LayoutState::new(&kg, &nodes, &edges);
        let mut here = LayoutState::new(&kg, &nodes, &edges);
        assert!(threaded.tick(STEPS_PER_FRAME, None), "a hot layout moves");
        assert!(threaded.sim.is_none(), "the first batch went to the worker");
        tick_to_rest(&mut threaded);
        here.settle(100_000);
        assert!(threaded.is_settled() && here.is_settled());
        assert_eq!(threaded.positions(), here.positions());
    }

    #[test]
    fn a_pin_made_while_the_worker_steps_shows_at_once_and_holds() {
        let (kg, nodes, edges) = bundled();
        let mut layout = LayoutState::new(&kg, &nodes, &edges);
        let ix = kg.index_of("progress").expect("progress");
        layout.tick(STEPS_PER_FRAME, None);
        assert!(layout.sim.is_none());
        layout.pin(ix, [123.0, -45.0]);
        assert_eq!(layout.pos(ix), Some(egui::pos2(123.0, -45.0)));
        assert!(layout.is_pinned(ix));
        tick_to_rest(&mut layout);
        assert_eq!(layout.pos(ix), Some(egui::pos2(123.0, -45.0)));
        layout.unpin(ix);
        assert!(!layout.is_pinned(ix));
        assert!(!layout.is_settled(), "a release warms the layout");
    }

    #[test]
    fn changing_the_visible_set_mid_batch_drops_the_stale_batch() {
        let (kg, nodes, edges) = bundled();
        let mut layout = LayoutState::new(&kg, &nodes, &edges);
        layout.tick(STEPS_PER_FRAME, None);
        let fewer: BTreeSet<NodeIndex> = nodes.iter().copied().take(20).collect();
        let kept: BTreeSet<EdgeIndex> = edges
            .iter()
            .copied()
            .filter(|&e| {
                kg.endpoints(e)
                    .is_some_and(|(a, b)| fewer.contains(&a) && fewer.contains(&b))
            })
            .collect();
        layout.set_visible(&kg, &fewer, &kept);
        assert_eq!(layout.positions().len(), 20);
        tick_to_rest(&mut layout);
        assert_eq!(layout.positions().len(), 20);
        assert_eq!(layout.nodes().len(), 20);
    }
}
