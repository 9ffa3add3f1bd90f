//! [`LayoutState`]: the force simulation for the visible nodes, with the mapping between
//! graph node indices and simulation slots.
//!
//! The map stays where the user learned it: the state remembers where every node it
//! has laid out was last drawn, shown or not. When the visible set changes, the nodes
//! that stay and the ones that come back are held exactly where they were, and only
//! the nodes never laid out move: they start beside their shown neighbours and settle
//! around the held ones. So a filter and then *Clear all* give back the arrangement the
//! user left; laying everything out again is the explicit [`LayoutState::reset`].
//!
//! The simulation lives on a [`LayoutWorker`] thread, which steps it and publishes its
//! positions; each frame the UI copies the latest and draws that, so a frame never waits
//! on a step. Pins and releases go to the worker numbered, and are shown at once on top
//! of every snapshot that does not include them yet, so a dragged node follows the
//! pointer however long a step takes.

use std::collections::{BTreeSet, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

mod mode;

pub use mode::LayoutMode;

use super::by_node::ByNode;
use super::layout_worker::{Change, Command, LayoutWorker, Snapshot};
use crate::layout::Simulation;
use crate::model::KnowledgeGraph;
use crate::rng::SplitMix64;

pub use crate::layout::from_graph::{LAYOUT_SEED, node_radius};

/// Most simulation steps per frame when no worker thread could be started and the UI
/// thread steps the layout itself: the worker's own pace on small graphs.
pub const STEPS_PER_FRAME: usize = super::layout_worker::STEPS_PER_WINDOW;

/// Time a frame may spend stepping when the UI thread steps the layout itself.
pub const STEP_BUDGET: std::time::Duration = std::time::Duration::from_millis(6);

/// The least temperature newcomers settle from after a view change (the nodes already
/// laid out are held still meanwhile): warm enough for them to find their place.
const LOCAL_ALPHA: f32 = 0.3;

/// How far from the mean of its laid-out neighbours a newcomer starts, at most, in
/// scene units: a third of a link, so it starts beside them rather than on top.
const NEWCOMER_OFFSET: f32 = 30.0;

/// What the layout remembers of a node it has laid out.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Remembered {
    /// Where it was last drawn, in scene units.
    pos: [f32; 2],
    /// Whether it was pinned.
    pinned: bool,
    /// A hash of its id: an edit may give a removed node's index to a new node, which
    /// must not inherit the old one's place.
    id: u64,
    /// The arrangement it was remembered in ([`LayoutState`]'s `arrangement`).
    arrangement: u64,
}

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
    /// Simulation slot of each visible graph node, by node index (`NO_SLOT` where the
    /// node is not shown): a lookup per edge end while edges are grouped and drawn, so
    /// a plain array rather than a hash map.
    slot: Vec<u32>,
    /// Radius of each slot, in scene units.
    radii: Vec<f32>,
    /// The id hash of each slot's node when the simulation was built.
    ids: Vec<u64>,
    /// Whether each slot is held still while newcomers settle. A pin or a release
    /// lets them all go (see [`Change::apply`]), so this is cleared with it.
    held: Vec<bool>,
    /// Every node laid out since the last reset, shown or not, as last drawn: updated
    /// from the drawn positions whenever the visible set changes.
    memory: Memory,
    /// Renewed by every pin or release, which lets the shown nodes reflow: a hidden
    /// node remembered in an older arrangement comes back at its place but free to
    /// move, so it settles among nodes that may have moved meanwhile rather than being
    /// held on top of them.
    arrangement: u64,
    /// Force or timeline, the other mode's memory, and the glide between them.
    modes: mode::Modes,
    /// Renewed whenever a shown position or radius may have changed (see
    /// [`LayoutState::stamp`]).
    stamp: u64,
    /// [`LayoutState::bounds`] as last computed, and the stamp it was computed at: the
    /// minimap asks every frame, and a pass over a million positions is milliseconds.
    bounds: std::cell::Cell<Option<(u64, Option<egui::Rect>)>>,
}

/// A stamp no layout has had: the canvas keys its caches by it, so two layouts (an old
/// graph's and a new one's) never share one.
fn new_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
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
            slot: Vec::new(),
            radii: Vec::new(),
            ids: Vec::new(),
            held: Vec::new(),
            memory: Memory::default(),
            arrangement: 0,
            modes: mode::Modes::default(),
            stamp: new_stamp(),
            bounds: std::cell::Cell::new(None),
        };
        state.replace(sim, nodes, kg);
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
        // The nodes are in index order (from the set), so a pin finds its slot by search.
        for &(ix, p) in pinned {
            if let Ok(i) = nodes.binary_search(&ix) {
                sim.pin(i, p);
            }
        }
        (sim, nodes)
    }

    /// Puts a new simulation in place of the current one; snapshots of the old one that
    /// are still to come are ignored.
    fn replace(&mut self, mut sim: Simulation, nodes: Vec<NodeIndex>, kg: &KnowledgeGraph) {
        self.lock_timeline(&mut sim, &nodes);
        self.generation += 1;
        self.held = (0..sim.len()).map(|i| sim.is_held(i)).collect();
        self.ids = nodes.iter().map(|&ix| id_hash(kg, ix)).collect();
        self.unacknowledged.clear();
        self.seen.update(&sim);
        self.stamp = new_stamp();
        self.seen.generation = self.generation;
        // Whatever the worker publishes for this generation is newer than this.
        self.seen.version = u64::MAX;
        self.seen.applied = self.changes;
        self.radii = sim.radii().to_vec();
        self.slot = slots_by_index(&nodes);
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

    /// Changes the visible set. Nodes still shown and nodes shown again are held where
    /// they were last drawn (with their pins); nodes never laid out start beside their
    /// shown neighbours and settle around them. A layout still moving (not yet
    /// settled) carries on from where it was.
    pub fn set_visible(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) {
        let moving = self.remember();
        // An edit may have dated, undated or added a node: the axis follows.
        self.refresh_timeline(kg);
        self.rebuild(kg, visible, edges, &moving);
    }

    /// Shows `visible` with the given nodes placed (not pinned) at `positions` and
    /// pinned at `pins`, both by node; the other shown nodes are placed as newcomers,
    /// beside their neighbours. Nothing placed moves: a saved view's picture comes
    /// back as it was saved.
    pub fn restore(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
        positions: &HashMap<NodeIndex, [f32; 2]>,
        pins: &HashMap<NodeIndex, [f32; 2]>,
    ) {
        self.remember();
        for ix in visible {
            let placed = pins.get(ix).or_else(|| positions.get(ix));
            match placed.filter(|p| p[0].is_finite() && p[1].is_finite()) {
                Some(&pos) => {
                    let pinned =
                        pins.contains_key(ix) || self.memory.get(ix).is_some_and(|m| m.pinned);
                    let id = id_hash(kg, *ix);
                    let arrangement = self.arrangement;
                    self.memory.insert(
                        *ix,
                        Remembered {
                            pos,
                            pinned,
                            id,
                            arrangement,
                        },
                    );
                }
                None => {
                    self.memory.remove(ix);
                }
            }
        }
        self.rebuild(kg, visible, edges, &Moving::default());
    }

    /// Takes the drawn positions and pins into the memory; returns the nodes that were
    /// still moving: free in a layout that has not settled.
    fn remember(&mut self) -> Moving {
        let mut moving = Moving::default();
        let slots = self.nodes.iter().zip(&self.ids).zip(&self.seen.positions);
        for (i, ((&ix, &id), &pos)) in slots.enumerate() {
            let pinned = self.is_pinned_at(i);
            let arrangement = self.arrangement;
            self.memory.insert(
                ix,
                Remembered {
                    pos,
                    pinned,
                    id,
                    arrangement,
                },
            );
            let held = self.held.get(i).copied().unwrap_or(false);
            if !(self.seen.settled || held || pinned) {
                moving.insert(ix, ());
            }
        }
        moving
    }

    /// A new simulation of `visible` from the memory: remembered nodes held where they
    /// were (except those in `moving`, which carry on), newcomers beside their shown
    /// neighbours, warm enough for the newcomers to settle. Nothing remembered: a
    /// fresh, hot layout, as when a graph is opened.
    fn rebuild(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
        moving: &Moving,
    ) {
        // Each shown node's memory, looked up (and its id hashed) once: placing the
        // newcomers asks for both ends of every shown edge.
        let bound = visible.last().map_or(0, |ix| ix.index() + 1);
        let mut remembered: Vec<Option<Remembered>> = vec![None; bound];
        for &ix in visible {
            remembered[ix.index()] = self
                .memory
                .get(&ix)
                .filter(|m| m.id == id_hash(kg, ix))
                .copied();
        }
        let known = |ix: NodeIndex| remembered.get(ix.index()).copied().flatten();
        let fresh = !visible.iter().any(|&ix| known(ix).is_some());
        // A newcomer with a saved position (a node made with *New node here*) starts
        // there and is held there, as a node laid out before is.
        let saved = |ix: NodeIndex| {
            let pos = kg.node_at(ix).and_then(|n| n.pos);
            pos.filter(|p| !fresh && p[0].is_finite() && p[1].is_finite())
        };
        let mut places = vec![Place::Hidden; bound];
        for &ix in visible {
            places[ix.index()] = match known(ix).map(|m| m.pos).or_else(|| saved(ix)) {
                Some(p) => Place::At(p),
                None => Place::New,
            };
        }
        let beside = newcomer_places(kg, edges, &places);
        let pinned: Vec<(NodeIndex, [f32; 2])> = visible
            .iter()
            .filter_map(|&ix| known(ix).filter(|m| m.pinned).map(|m| (ix, m.pos)))
            .collect();
        let initial = |ix: NodeIndex| match known(ix) {
            Some(m) => Some(m.pos),
            None if fresh => kg.node_at(ix).and_then(|n| n.pos),
            None => saved(ix).or_else(|| beside.get(&ix).copied()),
        };
        let (mut sim, nodes) = Self::simulation(kg, visible, edges, initial, &pinned);
        let (mut newcomers, mut carried) = (0, 0);
        let arrangement = self.arrangement;
        for (i, &ix) in nodes.iter().enumerate() {
            match known(ix) {
                None if saved(ix).is_some() => sim.hold(i),
                None => newcomers += 1,
                // Remembered in an older arrangement: from its place, it settles as a
                // newcomer does, among nodes that may have moved since.
                Some(m) if m.arrangement != arrangement => newcomers += 1,
                Some(_) if moving.contains(&ix) => carried += 1,
                Some(_) => sim.hold(i),
            }
        }
        let alpha = if fresh {
            1.0
        } else {
            start_alpha(nodes.len(), newcomers, carried, self.seen.alpha)
        };
        sim.set_alpha(alpha);
        self.replace(sim, nodes, kg);
    }

    /// Copies in the worker's latest snapshot, with unacknowledged changes on top.
    fn refresh(&mut self) {
        let Runner::Worker(worker) = &self.runner else {
            return;
        };
        if !worker.latest(self.generation, &mut self.seen) {
            return;
        }
        self.stamp = new_stamp();
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
                self.stamp = new_stamp();
            }
            Runner::Lost => {}
        }
        self.blend();
        !self.seen.settled || self.gliding()
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
        matches!(&self.runner, Runner::Here(sim) if !sim.is_settled()) || self.gliding()
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
        slot_in(&self.slot, ix)
    }

    /// The slots of the pinned nodes, in order.
    pub fn pinned_slots(&self) -> impl Iterator<Item = usize> + '_ {
        self.seen
            .pinned
            .iter()
            .enumerate()
            .filter(|(_, p)| **p)
            .map(|(i, _)| i)
    }

    /// Each node's slot by node index, `u32::MAX` for a node not laid out: what
    /// [`LayoutState::slot`] reads, for work on another thread to copy.
    pub fn slot_table(&self) -> &[u32] {
        &self.slot
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
                self.stamp = new_stamp();
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
        let p = self.seen.positions.get(self.slot(ix)?)?;
        Some(egui::pos2(p[0], p[1]))
    }

    /// A node's radius in scene units.
    pub fn radius(&self, ix: NodeIndex) -> f32 {
        self.slot(ix)
            .and_then(|i| self.radii.get(i))
            .copied()
            .unwrap_or(6.0)
    }

    /// Changes whenever a shown position or radius may have changed, and differs
    /// between any two layouts: what the canvas keys its grid and pictures by, rather
    /// than hashing a million positions every frame.
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    /// The box holding every node (centres padded by radii), in scene units.
    pub fn bounds(&self) -> Option<egui::Rect> {
        if let Some((stamp, bounds)) = self.bounds.get()
            && stamp == self.stamp
        {
            return bounds;
        }
        let bounds = self.measure_bounds();
        self.bounds.set(Some((self.stamp, bounds)));
        bounds
    }

    /// [`LayoutState::bounds`], measured.
    fn measure_bounds(&self) -> Option<egui::Rect> {
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
        self.stamp = new_stamp();
        self.held.fill(false);
        self.arrangement += 1;
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
        if let Some(i) = self.slot(ix) {
            self.change(Change::Pin(i, p));
        }
    }

    /// Releases a pinned node.
    pub fn unpin(&mut self, ix: NodeIndex) {
        if let Some(i) = self.slot(ix) {
            self.change(Change::Unpin(i));
        } else if let Some(m) = self.memory.get_mut(&ix) {
            // Not shown: it comes back unpinned.
            m.pinned = false;
        }
    }

    /// Whether a node is pinned.
    pub fn is_pinned(&self, ix: NodeIndex) -> bool {
        self.slot(ix).is_some_and(|i| self.is_pinned_at(i))
    }

    /// Unpins everything and lays the graph out again from scratch, forgetting where
    /// every node was: the explicit re-layout.
    pub fn reset(
        &mut self,
        kg: &KnowledgeGraph,
        visible: &BTreeSet<NodeIndex>,
        edges: &BTreeSet<EdgeIndex>,
    ) {
        self.memory.clear();
        let (sim, nodes) = Self::simulation(kg, visible, edges, |_| None, &[]);
        self.replace(sim, nodes, kg);
    }
}

/// The temperature a rebuilt layout starts at: settled when every node keeps its place,
/// else as warm as the layout it carries on (if any nodes were still moving), and at
/// least [`LOCAL_ALPHA`] with newcomers. When newcomers are most of the view they need
/// room to unfold, so it starts as warm as their share. Why not warmer sooner: never
/// more steps than the layout took before it kept places (warm at 0.3 up to half new,
/// hot above), so large views settle no slower.
fn start_alpha(shown: usize, newcomers: usize, carried: usize, old_alpha: f32) -> f32 {
    let mut alpha: f32 = 0.0;
    if carried > 0 {
        alpha = old_alpha;
    }
    if newcomers > 0 {
        let share = newcomers as f32 / shown.max(1) as f32;
        let local = if share > 0.5 { share } else { LOCAL_ALPHA };
        alpha = alpha.max(local);
    }
    alpha.clamp(0.0, 1.0)
}

/// Where each shown node that has no place yet starts: at the mean position of its
/// placed shown neighbours, plus a small offset seeded by its index (so the same change
/// always gives the same layout). Nodes with no placed neighbour are left out; the
/// simulation grows them from the placed ones.
///
/// # Complexity
/// O(m) for the m shown edges.
fn newcomer_places(
    kg: &KnowledgeGraph,
    edges: &BTreeSet<EdgeIndex>,
    places: &[Place],
) -> HashMap<NodeIndex, [f32; 2]> {
    let place = |ix: NodeIndex| places.get(ix.index()).copied().unwrap_or(Place::Hidden);
    let mut sums: HashMap<NodeIndex, ([f64; 2], u32)> = HashMap::new();
    for (a, b) in edges.iter().filter_map(|&e| kg.endpoints(e)) {
        for (new, other) in [(a, b), (b, a)] {
            if let (Place::New, Place::At(p)) = (place(new), place(other)) {
                let (sum, k) = sums.entry(new).or_insert(([0.0; 2], 0));
                sum[0] += f64::from(p[0]);
                sum[1] += f64::from(p[1]);
                *k += 1;
            }
        }
    }
    sums.into_iter()
        .map(|(ix, (sum, k))| {
            let mut rng = SplitMix64::new(LAYOUT_SEED ^ ix.index() as u64);
            let angle = rng.next_f32() * std::f32::consts::TAU;
            let dist = NEWCOMER_OFFSET * (0.5 + 0.5 * rng.next_f32());
            let k = f64::from(k);
            let mean = [(sum[0] / k) as f32, (sum[1] / k) as f32];
            (
                ix,
                [mean[0] + dist * angle.cos(), mean[1] + dist * angle.sin()],
            )
        })
        .collect()
}

/// The nodes still moving when the view changed.
type Moving = ByNode<()>;

/// What the layout remembers of each node it has laid out.
type Memory = ByNode<Remembered>;

/// Where a node starts when the layout is rebuilt, by node index.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    /// Not shown.
    Hidden,
    /// Shown and not placed yet: it starts beside its placed neighbours.
    New,
    /// Shown, at a remembered or saved position.
    At([f32; 2]),
}

/// Marks a node index with no slot in [`LayoutState::slot`]'s array.
const NO_SLOT: u32 = u32::MAX;

/// The slot of `ix` in a table of slots by node index ([`LayoutState::slot_table`]):
/// what [`LayoutState::slot`] reads, for work on another thread holding a copy.
pub fn slot_in(table: &[u32], ix: NodeIndex) -> Option<usize> {
    match table.get(ix.index()) {
        Some(&i) if i != NO_SLOT => Some(i as usize),
        _ => None,
    }
}

/// Each node's slot by node index, for nodes listed in slot order.
fn slots_by_index(nodes: &[NodeIndex]) -> Vec<u32> {
    let len = nodes.iter().map(|ix| ix.index() + 1).max().unwrap_or(0);
    let mut out = vec![NO_SLOT; len];
    for (i, ix) in nodes.iter().enumerate() {
        out[ix.index()] = u32::try_from(i).unwrap_or(NO_SLOT);
    }
    out
}

/// A hash of a node's id (FNV-1a), 0 for a node not in the graph.
fn id_hash(kg: &KnowledgeGraph, ix: NodeIndex) -> u64 {
    kg.node_at(ix).map_or(0, |n| {
        n.id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    })
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

    /// The stamp the canvas keys its grid and bounds by changes with every move and
    /// stays while nothing moves; two layouts never share one.
    #[test]
    fn the_stamp_changes_when_positions_change_and_only_then() {
        let (kg, nodes, edges) = bundled();
        let mut layout = LayoutState::new(&kg, &nodes, &edges);
        let other = LayoutState::new(&kg, &nodes, &edges);
        assert_ne!(layout.stamp(), other.stamp());
        let (stamp, bounds) = (layout.stamp(), layout.bounds());
        layout.settle(100_000);
        assert_ne!(layout.stamp(), stamp, "settling moved the nodes");
        assert_ne!(layout.bounds(), bounds, "the bounds follow");
        let (stamp, bounds) = (layout.stamp(), layout.bounds());
        for _ in 0..5 {
            layout.tick(STEPS_PER_FRAME, None);
        }
        assert_eq!(layout.stamp(), stamp, "at rest, frames only look");
        assert_eq!(layout.bounds(), bounds);
        let ix = kg.index_of("progress").expect("progress");
        layout.pin(ix, [1.0e4, -1.0e4]);
        assert_ne!(layout.stamp(), stamp, "a pin moves a node");
        let grown = layout.bounds().expect("bounds");
        assert!(grown.contains(egui::pos2(1.0e4, -1.0e4)), "{grown:?}");
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

    /// The edges of `kg` among `nodes`.
    fn among(kg: &KnowledgeGraph, nodes: &BTreeSet<NodeIndex>) -> BTreeSet<EdgeIndex> {
        kg.edge_indices()
            .filter(|&e| {
                kg.endpoints(e)
                    .is_some_and(|(a, b)| nodes.contains(&a) && nodes.contains(&b))
            })
            .collect()
    }

    /// Every shown node's position.
    fn places(layout: &LayoutState) -> HashMap<NodeIndex, [f32; 2]> {
        layout
            .nodes()
            .iter()
            .copied()
            .zip(layout.positions().iter().copied())
            .collect()
    }

    /// A settled layout of the whole bundled graph.
    fn settled() -> (KnowledgeGraph, LayoutState, BTreeSet<NodeIndex>) {
        let (kg, nodes, edges) = bundled();
        let mut layout = LayoutState::new(&kg, &nodes, &edges);
        layout.settle(100_000);
        (kg, layout, nodes)
    }

    #[test]
    fn nodes_that_stay_keep_their_exact_places() {
        let (kg, mut layout, nodes) = settled();
        let before = places(&layout);
        let some: BTreeSet<NodeIndex> = nodes.iter().copied().step_by(3).collect();
        layout.set_visible(&kg, &some, &among(&kg, &some));
        assert!(layout.is_settled(), "nothing new: nothing to settle");
        tick_to_rest(&mut layout);
        layout.settle(100_000);
        for (ix, p) in places(&layout) {
            assert_eq!(Some(&p), before.get(&ix), "{ix:?} moved");
            assert!(!layout.is_pinned(ix), "kept, not pinned");
        }
    }

    #[test]
    fn nodes_that_return_come_back_to_their_places() {
        let (kg, mut layout, nodes) = settled();
        let before = places(&layout);
        let ix = kg.index_of("progress").expect("progress");
        layout.pin(ix, [40.0, 40.0]);
        layout.settle(100_000);
        let pinned = places(&layout);
        let some: BTreeSet<NodeIndex> = nodes.iter().copied().take(25).collect();
        assert!(!some.contains(&ix));
        layout.set_visible(&kg, &some, &among(&kg, &some));
        layout.settle(100_000);
        layout.set_visible(&kg, &nodes, &among(&kg, &nodes));
        assert!(layout.is_settled());
        layout.settle(100_000);
        assert_eq!(places(&layout), pinned, "back where they were");
        assert!(layout.is_pinned(ix), "with their pins");
        assert_ne!(places(&layout), before, "the pin moved the layout");
    }

    /// A pin while some nodes are hidden lets the shown ones reflow: the hidden ones come
    /// back free to settle among them, not held on top of nodes that moved.
    #[test]
    fn nodes_hidden_through_a_pin_come_back_free_to_move() {
        let (kg, mut layout, nodes) = settled();
        let all_before = places(&layout);
        let some: BTreeSet<NodeIndex> = nodes.iter().copied().take(60).collect();
        layout.set_visible(&kg, &some, &among(&kg, &some));
        layout.settle(100_000);
        let ix = *some.iter().next().expect("a shown node");
        layout.pin(ix, [300.0, -300.0]);
        layout.settle(100_000);
        layout.set_visible(&kg, &nodes, &among(&kg, &nodes));
        assert!(!layout.is_settled(), "the returning nodes settle");
        layout.settle(100_000);
        let after = places(&layout);
        let returned_and_moved = nodes
            .iter()
            .filter(|ix| !some.contains(ix))
            .filter(|ix| after.get(ix) != all_before.get(ix))
            .count();
        assert!(
            returned_and_moved > 0,
            "the returning nodes found new places"
        );
    }

    #[test]
    fn a_newcomer_starts_beside_its_neighbours_and_settles_among_held_nodes() {
        let (kg, nodes, _) = bundled();
        let newcomer = kg.index_of("progress").expect("progress");
        let without: BTreeSet<NodeIndex> =
            nodes.iter().copied().filter(|&ix| ix != newcomer).collect();
        let run = || {
            let mut layout = LayoutState::new(&kg, &without, &among(&kg, &without));
            layout.settle(100_000);
            let before = places(&layout);
            layout.set_visible(&kg, &nodes, &among(&kg, &nodes));
            (layout, before)
        };
        let (mut layout, before) = run();
        let shown: Vec<[f32; 2]> = kg
            .incident(newcomer)
            .into_iter()
            .filter_map(|(_, o, _)| before.get(&o).copied())
            .collect();
        assert!(shown.len() >= 2, "progress has laid-out neighbours");
        let n = shown.len() as f32;
        let mean = [
            shown.iter().map(|p| p[0]).sum::<f32>() / n,
            shown.iter().map(|p| p[1]).sum::<f32>() / n,
        ];
        let start = layout.pos(newcomer).expect("shown");
        let off = (start.x - mean[0]).hypot(start.y - mean[1]);
        assert!(off <= NEWCOMER_OFFSET + 1e-3, "starts {off} from the mean");
        assert!(!layout.is_settled(), "the newcomer settles");
        tick_to_rest(&mut layout);
        let after = places(&layout);
        for (ix, p) in &before {
            assert_eq!(after.get(ix), Some(p), "{ix:?} was held");
        }
        assert!(!layout.is_pinned(newcomer));
        // Seeded: the same change settles the same way.
        let (mut again, _) = run();
        again.settle(100_000);
        assert_eq!(places(&again), after);
    }

    #[test]
    fn a_layout_still_moving_carries_on_and_reset_starts_afresh() {
        let (kg, nodes, edges) = bundled();
        let mut layout = LayoutState::new(&kg, &nodes, &edges);
        layout.set_paused(true);
        let some: BTreeSet<NodeIndex> = nodes.iter().copied().take(40).collect();
        layout.set_visible(&kg, &some, &among(&kg, &some));
        assert!(!layout.is_settled(), "the first layout goes on cooling");
        layout.settle(100_000);
        let kept = places(&layout);
        layout.reset(&kg, &some, &among(&kg, &some));
        assert!(!layout.is_settled(), "a reset lays out again, hot");
        layout.settle(100_000);
        assert_ne!(places(&layout), kept);
        // Forgotten: the nodes hidden before the reset are newcomers now.
        layout.set_visible(&kg, &nodes, &edges);
        assert!(!layout.is_settled());
    }

    #[test]
    fn newcomers_settle_from_no_warmer_than_before() {
        assert_eq!(start_alpha(100, 0, 0, 0.5), 0.0, "nothing new: at rest");
        assert_eq!(start_alpha(100, 0, 10, 0.2), 0.2, "carries on");
        assert_eq!(start_alpha(100, 10, 0, 0.0), LOCAL_ALPHA);
        assert_eq!(start_alpha(100, 50, 0, 0.0), LOCAL_ALPHA);
        assert_eq!(start_alpha(100, 80, 0, 0.0), 0.8);
        assert_eq!(start_alpha(100, 10, 10, 0.9), 0.9);
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
