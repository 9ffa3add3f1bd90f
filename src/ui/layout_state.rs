//! [`LayoutState`]: the force simulation for the visible nodes, with the mapping between
//! graph node indices and simulation slots. Rebuilt (warm, from current positions) when
//! the visible set changes.
//!
//! The simulation lives on a [`LayoutWorker`] thread, which steps it and publishes its
//! positions; each frame the UI copies the latest and draws that, so a frame never waits
//! on a step. Pins and releases go to the worker numbered, and are shown at once on top
//! of every snapshot that does not include them yet, so a dragged node follows the
//! pointer however long a step takes.

use std::collections::{BTreeSet, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::layout_worker::{Change, Command, LayoutWorker, Snapshot};
use crate::layout::Simulation;
use crate::model::KnowledgeGraph;

pub use crate::layout::from_graph::{LAYOUT_SEED, node_radius};

/// Most simulation steps per frame when no worker thread could be started and the UI
/// thread steps the layout itself: the worker's own pace on small graphs.
pub const STEPS_PER_FRAME: usize = super::layout_worker::STEPS_PER_WINDOW;

/// Time a frame may spend stepping when the UI thread steps the layout itself.
pub const STEP_BUDGET: std::time::Duration = std::time::Duration::from_millis(6);

/// The temperature a layout restarts at when the visible set changes: warm enough for
/// newcomers to find their place, cool enough that laid-out nodes stay put.
const WARM_ALPHA: f32 = 0.3;

/// Where the simulation runs.
enum Runner {
    /// On a worker thread (the usual case).
    Worker(LayoutWorker),
    /// Here, a few steps per frame: no thread could be started.
    Here(Box<Simulation>),
    /// Nowhere: the worker died with it. The positions stay as last seen.
    Lost,
}

/// Positions for the visible nodes and the simulation that moves them.
pub struct LayoutState {
    runner: Runner,
    /// What the UI draws: the latest snapshot, with unacknowledged changes on top.
    seen: Snapshot,
    /// Changes sent but not yet in a snapshot, by number.
    unacknowledged: Vec<(u64, Change)>,
    /// The number of the last change sent.
    changes: u64,
    /// Bumped whenever the simulation is replaced, so a snapshot of an old one is
    /// ignored.
    generation: u64,
    /// Whether the worker has been given a context to wake.
    woken: bool,
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
            .field("generation", &self.generation)
            .field("settled", &self.seen.settled)
            .finish_non_exhaustive()
    }
}

impl LayoutState {
    /// A fresh, hot layout of `visible` (nodes) joined by `edges`, starting from saved
    /// positions (`Node::pos`) where the file has them. Its worker starts stepping at
    /// once.
    pub fn new(
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) -> Self {
        let initial = |ix: NodeIndex| kg.node_at(ix).and_then(|n| n.pos);
        let (sim, nodes) = Self::simulation(kg, visible, edges, initial, &[]);
        let mut state = Self {
            runner: LayoutWorker::spawn().map_or(Runner::Lost, Runner::Worker),
            seen: Snapshot::default(),
            unacknowledged: Vec::new(),
            changes: 0,
            generation: 0,
            woken: false,
            nodes: Vec::new(),
            slot: HashMap::new(),
            radii: Vec::new(),
        };
        state.replace(sim, nodes);
        state
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

    /// Puts a new simulation in place of the current one; snapshots of the old one that
    /// are still to come are ignored.
    fn replace(&mut self, sim: Simulation, nodes: Vec<NodeIndex>) {
        self.generation += 1;
        self.unacknowledged.clear();
        self.seen.update(&sim);
        self.seen.generation = self.generation;
        // Whatever the worker publishes for this generation is newer than this.
        self.seen.version = u64::MAX;
        self.seen.applied = self.changes;
        self.radii = sim.radii().to_vec();
        self.slot = nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
        self.nodes = nodes;
        let sim = Box::new(sim);
        self.runner = match std::mem::replace(&mut self.runner, Runner::Lost) {
            Runner::Worker(worker) => match worker.send(Command::Replace {
                generation: self.generation,
                sim,
            }) {
                Ok(()) => Runner::Worker(worker),
                Err(Command::Replace { sim, .. }) => Runner::Here(sim),
                Err(_) => Runner::Lost,
            },
            Runner::Here(_) | Runner::Lost => Runner::Here(sim),
        };
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

    /// Copies in the worker's latest snapshot, with unacknowledged changes on top.
    fn refresh(&mut self) {
        let Runner::Worker(worker) = &self.runner else {
            return;
        };
        if !worker.latest(self.generation, &mut self.seen) {
            return;
        }
        let applied = self.seen.applied;
        self.unacknowledged.retain(|&(n, _)| n > applied);
        for &(_, change) in &self.unacknowledged {
            change.show(&mut self.seen);
        }
    }

    /// Shows the layout's latest positions; the worker is asked to wake `wake` when it
    /// has new ones. Without a worker, steps here (up to `steps`, within
    /// [`STEP_BUDGET`]). Never waits on the worker. Returns true while the layout moves.
    pub fn tick(&mut self, steps: usize, wake: Option<&egui::Context>) -> bool {
        match &mut self.runner {
            Runner::Worker(worker) => {
                if !self.woken
                    && let Some(ctx) = wake
                {
                    self.woken = worker.send(Command::Wake(ctx.clone())).is_ok();
                }
                self.refresh();
            }
            Runner::Here(sim) => {
                let start = std::time::Instant::now();
                for k in 0..steps {
                    if sim.is_settled() || (k > 0 && start.elapsed() >= STEP_BUDGET) {
                        break;
                    }
                    sim.step();
                }
                self.seen.update(sim);
            }
            Runner::Lost => {}
        }
        !self.seen.settled
    }

    /// Stops or resumes the layout's motion (positions are kept).
    pub fn set_paused(&mut self, paused: bool) {
        if let Runner::Worker(worker) = &self.runner
            && worker.send(Command::Paused(paused)).is_err()
        {
            self.runner = Runner::Lost;
        }
    }

    /// Whether the UI must draw another frame to keep the layout going: only when it
    /// steps on the UI thread. A worker wakes the UI itself when it has new positions.
    pub fn needs_frame(&self) -> bool {
        matches!(&self.runner, Runner::Here(sim) if !sim.is_settled())
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

    /// Runs to rest (at most `max_steps` steps) and waits for it: tests and
    /// screenshots start from a settled layout.
    pub fn settle(&mut self, max_steps: usize) {
        match &mut self.runner {
            Runner::Worker(worker) => {
                let (done, settled) = std::sync::mpsc::channel();
                if worker.send(Command::Settle(max_steps, done)).is_ok() && settled.recv().is_ok() {
                    self.refresh();
                } else {
                    self.runner = Runner::Lost;
                }
            }
            Runner::Here(sim) => {
                sim.run(max_steps);
                self.seen.update(sim);
            }
            Runner::Lost => {}
        }
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

    /// Sends a pin or a release to the simulation and shows it at once.
    fn change(&mut self, change: Change) {
        change.show(&mut self.seen);
        match &mut self.runner {
            Runner::Worker(worker) => {
                self.changes += 1;
                if worker.send(Command::Change(self.changes, change)).is_ok() {
                    self.unacknowledged.push((self.changes, change));
                } else {
                    self.runner = Runner::Lost;
                }
            }
            Runner::Here(sim) => {
                change.apply(sim);
                self.seen.update(sim);
            }
            Runner::Lost => {}
        }
    }

    /// Pins a node at a scene position and warms the layout so the rest responds.
    pub fn pin(&mut self, ix: NodeIndex, p: [f32; 2]) {
        if let Some(&i) = self.slot.get(&ix) {
            self.change(Change::Pin(i, p));
        }
    }

    /// Releases a pinned node.
    pub fn unpin(&mut self, ix: NodeIndex) {
        if let Some(&i) = self.slot.get(&ix) {
            self.change(Change::Unpin(i));
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
            if !layout.tick(STEPS_PER_FRAME, None) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("layout never came to rest");
    }

    #[test]
    fn the_worker_moves_the_layout_while_frames_only_look() {
        let (kg, nodes, edges) = bundled();
        let mut threaded = LayoutState::new(&kg, &nodes, &edges);
        let start = threaded.positions().to_vec();
        assert!(threaded.tick(STEPS_PER_FRAME, None), "a hot layout moves");
        tick_to_rest(&mut threaded);
        assert_ne!(threaded.positions(), &start[..]);
        let mut here = LayoutState::new(&kg, &nodes, &edges);
        here.settle(100_000);
        assert!(threaded.is_settled() && here.is_settled());
        assert_eq!(
            threaded.positions(),
            here.positions(),
            "same steps, same rest"
        );
    }

    #[test]
    fn a_pin_shows_at_once_and_holds() {
        let (kg, nodes, edges) = bundled();
        let mut layout = LayoutState::new(&kg, &nodes, &edges);
        let ix = kg.index_of("progress").expect("progress");
        layout.tick(STEPS_PER_FRAME, None);
        layout.pin(ix, [123.0, -45.0]);
        assert_eq!(layout.pos(ix), Some(egui::pos2(123.0, -45.0)));
        assert!(layout.is_pinned(ix));
        // Every frame shows it pinned, whichever snapshot it copies.
        for _ in 0..20 {
            layout.tick(STEPS_PER_FRAME, None);
            assert_eq!(layout.pos(ix), Some(egui::pos2(123.0, -45.0)));
        }
        tick_to_rest(&mut layout);
        assert_eq!(layout.pos(ix), Some(egui::pos2(123.0, -45.0)));
        layout.unpin(ix);
        assert!(!layout.is_pinned(ix));
        assert!(!layout.is_settled(), "a release warms the layout");
        layout.settle(100_000);
        assert!(!layout.is_pinned(ix));
    }

    #[test]
    fn a_paused_layout_stays_put() {
        let (kg, nodes, edges) = bundled();
        let mut layout = LayoutState::new(&kg, &nodes, &edges);
        layout.set_paused(true);
        // Commands run in order: once a zero-step settle is answered, the pause has
        // been taken and its snapshot published.
        layout.settle(0);
        layout.tick(STEPS_PER_FRAME, None);
        let before = layout.positions().to_vec();
        std::thread::sleep(std::time::Duration::from_millis(100));
        layout.tick(STEPS_PER_FRAME, None);
        assert_eq!(layout.positions(), &before[..]);
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
