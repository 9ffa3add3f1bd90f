//! Force-directed layout: a seeded, deterministic simulation with Barnes–Hut repulsion,
//! springs along edges, gentle centring and collision. No egui here.
//!
//! Usage: build a [`Simulation`] from node radii and edges, call [`Simulation::step`]
//! until [`Simulation::is_settled`], read [`Simulation::positions`].
//!
//! ```
//! use ideagraph::layout::{Params, Simulation};
//!
//! let radii = vec![10.0; 4];
//! let edges = vec![(0, 1), (1, 2), (2, 3)];
//! let mut sim = Simulation::new(radii, edges, Params::default(), 42);
//! let steps = sim.run(1_000);
//! assert!(sim.is_settled() && steps <= 400);
//! assert!(sim.positions().iter().all(|p| p[0].is_finite() && p[1].is_finite()));
//! ```
//!
//! # The model
//!
//! The same velocity-Verlet scheme as d3-force, so its tuning intuitions carry over.
//! Each step the temperature `alpha` decays toward 0
//! (`alpha += (target − alpha) · alpha_decay`), every force adds to the node
//! velocities, and then `v ← v · (1 − velocity_decay)`, `x ← x + v`. The forces:
//!
//! - **Many-body repulsion**,
//!   `Δv_i = −repulsion · alpha · Σ_j (x_j − x_i) / max(|x_j − x_i|², 1)`
//!   (d3's `forceManyBody`, a 1/distance force softened within one unit), approximated
//!   with Barnes–Hut on a quadtree: a cell whose points are far compared to its width
//!   (`width / d < theta`) acts as one body at its centre of mass.
//! - **Springs** along edges toward `link_distance` (d3's `forceLink`): stiffness
//!   `link_strength / min(degree)` so hubs are not crushed by their many springs, and
//!   each end moves in proportion to the *other* end's degree, so leaves move rather
//!   than hubs.
//! - **Gravity**, `Δv_i = −gravity · alpha · x_i`: keeps disconnected pieces in view.
//! - **Collision**: circles of `radius + collision_padding / 2` push apart by most of
//!   their overlap, the smaller node moving more. This force does *not* fade with
//!   `alpha`, so overlaps left when the other forces cool down are still removed.
//!
//! Pinned nodes never move but still act on the others; so do held ones
//! ([`Simulation::hold`]), which are not pins: a view change holds the nodes already
//! laid out while the newcomers settle.
//!
//! # Stress refinement
//!
//! Forces only approximate what a reader checks in a layout: that nodes a few hops
//! apart are drawn a few edge lengths apart. The last stretch of the cooling
//! (alpha below [`Params::stress_alpha`], 0.01: about the last 100 of 300 steps)
//! therefore minimises that directly: each step is one sweep of sparse stress
//! majorization (Ortmann, Klimenta & Brandes 2016; terms for the edges and for 100
//! seeded pivots, see the `stress` module) with a Barnes–Hut repulsive term (as in
//! Gansner, Hu & North's maxent-stress), followed by collision; the last ~50 steps
//! are collision alone, with circles widened to a twentieth of a hop, so no circles
//! are left overlapping and no two nodes are left almost on one point. Repulsion
//! that would be scaled by zero is not computed. Pinned nodes
//! stay put; nodes in different components share no term, so components neither
//! merge nor drift apart, and isolated nodes stay where the forces left them.
//!
//! # Performance and determinism
//!
//! One step costs O(n log n + m) for n nodes and m edges. The quadtree is rebuilt in
//! O(n) from a radix sort of Morton codes (see the `quadtree` module); each group of
//! up to 16 nearby nodes (a small subtree) then walks the tree once, collecting the
//! far cells and near nodes that act on it and the nodes it may touch, and its nodes
//! sum that list in a SIMD-friendly loop. Above 2,000 nodes these walks run on
//! rayon's thread pool.
//! Each node's force is summed on its own, in an order fixed by the tree, and the
//! results are applied in a fixed order afterwards, so positions are bit-identical
//! whatever the number of threads. Nothing depends on hash order or clocks; the only
//! randomness is a SplitMix64 stream seeded by the caller. Buffers are kept between
//! steps, so a step allocates nothing once warmed up.
//!
//! On the project's 2-core machine (shared, load average about 2) the median step
//! of a 300-step run took about 0.4 ms at 1,000 nodes, 3–4 ms at 10,000 and
//! 16–30 ms at 50,000 (Barabási–Albert graphs with 5 edges per node, as in the shared
//! peer benchmark; `cargo bench --bench layout`), against 2.2, 42 and 410 ms for a
//! d3-force tick. The stress phase leaves the median where it was; a whole
//! 300-step run at 10,000 nodes took 1.2–1.4 s, up to a quarter more than without
//! it (measured side by side at load average 2.4–2.9).
//!
//! Layout quality after 300 steps, by the shared benchmark's `quality.py`
//! (normalized stress / edge-length spread, lower is better):
//!
//! | graph | forces only | with the stress phase | d3-force |
//! |---|---|---|---|
//! | scale-free, 10,000 nodes | 0.192 / 0.511 | 0.179 / 0.443 | 0.190 / 0.511 |
//! | communities, 10,000 nodes | 0.192 / 1.257 | 0.187 / 0.592 | 0.194 / 1.266 |
//! | scale-free, 1,000 nodes | 0.196 / 0.477 | 0.180 / 0.373 | 0.192 / 0.479 |
//! | communities, 1,000 nodes | 0.176 / 1.000 | 0.157 / 0.403 | 0.190 / 1.042 |
//! | scale-free, 50,000 nodes | 0.187 / 0.515 | 0.179 / 0.508 | 0.191 / 0.518 |
//!
//! From 2,000 nodes the stress phase also spreads crowded cores (see
//! `DENSE_MIN_NODES`). One run of the benchmark (10,000 nodes; stress / edge-length
//! spread / pairs closer than a tenth of the median edge): scale-free 0.178 / 0.475 /
//! 107,192 against d3-force's 0.190 / 0.511 / 118,296 and ForceAtlas2's 0.188 /
//! 0.510 / 123,159; communities 0.187 / 1.152 / 0 against 0.194 / 1.266 / 6,968 and
//! 0.192 / 1.323 / 5,252. Before, the stress phase left 159,282 and 38,576 such pairs.

pub mod from_graph;
mod quadtree;
mod rng;
mod stress;
pub mod timeline;

use crate::rng::SplitMix64;
use quadtree::QuadTree;
use rayon::prelude::*;
use rng::coincident_direction;
use stress::StressModel;

/// Node count above which the per-node force walks run in parallel. Why 2,000:
/// below it a step takes well under a millisecond and rayon's fork/join overhead
/// would eat most of the gain.
const PARALLEL_MIN_NODES: usize = 2_000;

/// Nodes handed to a rayon task at once: large enough to amortise scheduling, small
/// enough that two threads stay balanced on uneven trees.
const CHUNK: usize = 256;

/// Squared distance below which repulsion stops growing (d3's `distanceMin²`):
/// caps the push between (nearly) coincident nodes.
const MIN_DIST2: f32 = 1.0;

/// Fraction of an overlap removed per step. Why below 1: every node resolves all its
/// overlaps at once (rather than pair by pair, as d3 does), so a node squeezed from
/// several sides would overshoot at full strength.
const COLLISION_STRENGTH: f32 = 0.7;

/// Coordinates are kept within ±this: far beyond any sensible scene, and well inside
/// the range where squared distances still fit an `f32`.
const MAX_COORD: f32 = 1e9;

/// Radii are clamped to this for the same reason.
const MAX_RADIUS: f32 = 1e6;

/// Collision weight of a pinned node: it never yields, so its neighbours take the
/// whole push.
const PINNED_WEIGHT: f32 = 1e30;

/// The stress phase stops sweeping once alpha is below this multiple of
/// `alpha_min`, leaving the last steps to collision alone.
const STRESS_END: f32 = 3.0;

/// Nodes from which the stress phase spreads crowded cores: edge terms that pull their
/// ends together (`stress::EDGE_REACH`), the sweeps' repulsive term
/// ([`STRESS_REPULSION`]) and the widened circles of the last steps ([`SPREAD`]).
/// Why not below: in a small graph every node carries a label and its circle (with
/// the padding) is a good part of a hop already, so crowding is collision's work; on
/// the bundled 256-node graph the pulled-in edges packed the labelled core tighter.
/// Smaller graphs keep the classical sparse model (edges a hop long).
const DENSE_MIN_NODES: usize = 2_000;

/// Radius of every collision circle in the last steps (after the sweeps), in hop
/// lengths. Why: the shared benchmark's `quality.py` counts as overlapping the pairs
/// closer than a tenth of the median edge, and stress majorization packs nodes that
/// share their terms (a hub's leaves) onto nearly one point; circles of a twentieth
/// of a hop part such pairs in the steps that follow the sweeps.
const SPREAD: f32 = 0.05;

/// Strength of the stress phase's repulsive term, in squared hop lengths: each
/// sweep adds `STRESS_REPULSION · unit² · Σ_j (x_i − x_j) / |x_i − x_j|²`
/// (Barnes–Hut) to node i's weighted sum, as the entropy term of Gansner, Hu &
/// North's maxent-stress does. Why: stress alone draws dense cores denser than
/// they need be; on the shared benchmark's 10,000-node graphs 0.1 already lowered
/// stress and close pairs, 0.3 more so, while 1.0 raised stress on the scale-free
/// one (0.178 → 0.186).
const STRESS_REPULSION: f32 = 0.3;

/// How strongly a node kept in a range of x ([`Simulation::lock_x_range`]) is pulled to
/// its middle, per unit of alpha (d3's `forceX` default).
const X_PULL: f32 = 0.5;

/// Tunable forces. Defaults suit graphs of tens to tens of thousands of nodes with
/// radii of about 5–20 scene units and a label beside each node.
///
/// Out-of-range values are tolerated: non-finite numbers fall back to the default and
/// fractions are clamped to `0..=1` when a step reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Barnes–Hut opening angle: larger is faster and coarser; 0 sums every pair.
    pub theta: f32,
    /// Strength of many-body repulsion (d3's `-strength`), in squared scene units
    /// per step: equal spacing scales with its square root.
    pub repulsion: f32,
    /// Rest length of edge springs, in scene units.
    pub link_distance: f32,
    /// Spring stiffness, multiplied by `1 / min(degree of either end)` as in d3.
    pub link_strength: f32,
    /// Pull toward the origin, per step and per scene unit of distance.
    pub gravity: f32,
    /// Extra gap kept between node circles, in scene units.
    pub collision_padding: f32,
    /// Fraction of velocity lost each step (0..1).
    pub velocity_decay: f32,
    /// Alpha below which the simulation counts as settled.
    pub alpha_min: f32,
    /// Per-step alpha decay factor.
    pub alpha_decay: f32,
    /// Alpha below which the forces give way to sparse stress majorization (see
    /// [`Simulation::step`]); 0 keeps the forces to the end. Clamped to `0..=1`.
    pub stress_alpha: f32,
}

impl Default for Params {
    /// Why these values: d3's cooling schedule (300 steps from alpha 1 to 0.001 with
    /// 40 % velocity decay) and its theta, with distances scaled to nodes of radius
    /// 5–20 that carry a label: springs of 90 units (d3: 30 for dimensionless
    /// points), repulsion ~1.5× d3's in proportion to the squared link length so
    /// labels in dense cores have room, and a 32-unit gap between circles. Tuned by
    /// eye on 150-node scale-free graphs. The stress phase starts at alpha 0.01
    /// (step ~200 of 300): about 50 sweeps, where 10–30 already reach the sparse
    /// model's optimum, and late enough that the forces have untangled the graph.
    fn default() -> Self {
        Self {
            theta: 0.9,
            repulsion: 400.0,
            link_distance: 90.0,
            link_strength: 1.0,
            gravity: 0.02,
            collision_padding: 32.0,
            velocity_decay: 0.4,
            alpha_min: 0.001,
            alpha_decay: 0.0228,
            stress_alpha: 0.01,
        }
    }
}

impl Params {
    /// A copy safe to compute with: non-finite values replaced by defaults, fractions
    /// clamped to `0..=1`, lengths and strengths that must not be negative clamped
    /// at 0.
    fn sanitized(&self) -> Self {
        let d = Self::default();
        let pick = |v: f32, default: f32| if v.is_finite() { v } else { default };
        Self {
            theta: pick(self.theta, d.theta).max(0.0),
            repulsion: pick(self.repulsion, d.repulsion),
            link_distance: pick(self.link_distance, d.link_distance).max(0.0),
            link_strength: pick(self.link_strength, d.link_strength).max(0.0),
            gravity: pick(self.gravity, d.gravity).max(0.0),
            collision_padding: pick(self.collision_padding, d.collision_padding),
            velocity_decay: pick(self.velocity_decay, d.velocity_decay).clamp(0.0, 1.0),
            alpha_min: pick(self.alpha_min, d.alpha_min).max(0.0),
            alpha_decay: pick(self.alpha_decay, d.alpha_decay).clamp(0.0, 1.0),
            stress_alpha: pick(self.stress_alpha, d.stress_alpha).clamp(0.0, 1.0),
        }
    }
}

/// A run of consecutive quadtree groups handled by one rayon task, with its own
/// buffers (kept between steps so the hot path does not allocate).
#[derive(Clone, Debug, Default)]
struct Task {
    groups: std::ops::Range<usize>,
    /// Velocity change of each point of the run, in Morton-rank order.
    out: Vec<[f32; 2]>,
    scratch: quadtree::Scratch,
}

/// One spring, with what does not change between steps precomputed.
#[derive(Clone, Copy, Debug)]
struct Link {
    a: u32,
    b: u32,
    /// Share of the correction applied to `b`: `degree(a) / (degree(a) + degree(b))`.
    bias: f32,
    /// `1 / min(degree(a), degree(b))`.
    inv_min_degree: f32,
}

/// The simulation state: positions and velocities in flat arrays.
///
/// # Examples
///
/// ```
/// use ideagraph::layout::{Params, Simulation};
///
/// // A path of four nodes of radius 6, seeded: the same seed gives the same layout.
/// let radii = vec![6.0; 4];
/// let edges = vec![(0, 1), (1, 2), (2, 3)];
/// let settle = |mut sim: Simulation| {
///     for _ in 0..5_000 {
///         if sim.is_settled() {
///             break;
///         }
///         sim.step();
///     }
///     sim
/// };
/// let sim = settle(Simulation::new(radii.clone(), edges.clone(), Params::default(), 7));
/// let again = settle(Simulation::new(radii, edges, Params::default(), 7));
/// assert!(sim.is_settled());
/// assert_eq!(sim.positions(), again.positions());
/// assert!(sim.positions().iter().flatten().all(|v| v.is_finite()));
/// ```
#[derive(Clone, Debug)]
pub struct Simulation {
    pos: Vec<[f32; 2]>,
    vel: Vec<[f32; 2]>,
    /// Pinned by the user ([`Simulation::pin`]).
    pinned: Vec<bool>,
    /// Held still for a while ([`Simulation::hold`]): a node laid out before a view
    /// change, kept in place while the newcomers settle around it.
    held: Vec<bool>,
    /// Pinned or held: what the forces leave alone.
    fixed: Vec<bool>,
    /// The node and reach of the last [`Simulation::reheat_near`], while its holds
    /// stand.
    held_around: Option<(usize, usize)>,
    radii: Vec<f32>,
    links: Vec<Link>,
    params: Params,
    alpha: f32,
    alpha_target: f32,
    /// Rebuilt every step; kept only so its buffers are reused.
    tree: QuadTree,
    /// Per-node scratch, reused every step.
    collide_r: Vec<f32>,
    collide_w: Vec<f32>,
    /// The stress phase's repulsive term, per node, reused every sweep.
    push: Vec<[f32; 2]>,
    tasks: Vec<Task>,
    /// Seeds the stress phase's pivot choice.
    seed: u64,
    /// The sparse stress terms, built when the stress phase first starts.
    stress: Option<Box<StressModel>>,
    /// Length of one hop while the stress phase runs; `None` outside it.
    stress_unit: Option<f32>,
    /// The range each node's x is kept in, if it has one (a timeline keeps a node in
    /// its year). Empty when no node is kept.
    x_locks: Vec<Option<(f32, f32)>>,
    /// How many entries of `x_locks` are `Some`.
    x_kept: usize,
}

impl Simulation {
    /// A simulation with seeded initial positions.
    ///
    /// `radii[i]` is node i's radius in scene units; `edges` are pairs of node indices
    /// (out-of-range pairs and self-loops are ignored; duplicates count twice, as in
    /// d3). Equal inputs and `seed` give bit-identical layouts.
    pub fn new(radii: Vec<f32>, edges: Vec<(usize, usize)>, params: Params, seed: u64) -> Self {
        let initial = vec![None; radii.len()];
        Self::with_positions(radii, edges, initial, params, seed)
    }

    /// Keeps the given positions; places the `None` ones (seeded, near their neighbours).
    ///
    /// A node without a position is put beside an already-placed neighbour (at a
    /// seeded angle, about a link length away), growing outward breadth-first from
    /// the placed nodes. Nodes with no placed node in their component go on a
    /// phyllotaxis spiral (d3's start) around the placed ones, best-connected first,
    /// so hubs start in the middle and leaves outside, where the forces would take
    /// them anyway; the seed turns the spiral and jitters each point. `initial` may
    /// be shorter or longer than `radii`; non-finite positions count as `None`.
    ///
    /// Why by degree rather than breadth-first from a hub (as before): a
    /// breadth-first spiral packs a hub's whole neighbourhood, leaves included, into
    /// the middle, and 300 steps do not fully undo it. On the shared benchmark's
    /// planted-community graph (10,000 nodes) the degree order lowered normalized
    /// stress from 0.196 to 0.192 (d3-force: 0.194), and left it unchanged on the
    /// scale-free one, with the same edge-length spread.
    ///
    /// # Complexity
    /// O(n log n + m): a sort of the nodes by degree and a breadth-first search.
    pub fn with_positions(
        radii: Vec<f32>,
        edges: Vec<(usize, usize)>,
        initial: Vec<Option<[f32; 2]>>,
        params: Params,
        seed: u64,
    ) -> Self {
        let n = radii.len();
        let radii: Vec<f32> = radii
            .into_iter()
            .map(|r| {
                if r.is_finite() {
                    r.clamp(0.0, MAX_RADIUS)
                } else {
                    0.0
                }
            })
            .collect();
        let valid: Vec<(u32, u32)> = edges
            .into_iter()
            .filter(|&(a, b)| a < n && b < n && a != b)
            .map(|(a, b)| (a as u32, b as u32))
            .collect();
        let mut degree = vec![0u32; n];
        for &(a, b) in &valid {
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
        let links = valid
            .iter()
            .map(|&(a, b)| {
                let (da, db) = (degree[a as usize] as f32, degree[b as usize] as f32);
                Link {
                    a,
                    b,
                    bias: da / (da + db),
                    inv_min_degree: 1.0 / da.min(db),
                }
            })
            .collect();
        let pos = initial_positions(&radii, &valid, &degree, &initial, &params.sanitized(), seed);
        Self {
            vel: vec![[0.0; 2]; n],
            pinned: vec![false; n],
            held: vec![false; n],
            fixed: vec![false; n],
            held_around: None,
            pos,
            radii,
            links,
            params,
            alpha: 1.0,
            alpha_target: 0.0,
            tree: QuadTree::default(),
            collide_r: Vec::with_capacity(n),
            collide_w: Vec::with_capacity(n),
            push: Vec::new(),
            tasks: Vec::new(),
            seed,
            stress: None,
            stress_unit: None,
            x_locks: Vec::new(),
            x_kept: 0,
        }
    }

    /// One tick of the simulation.
    ///
    /// While alpha is at least `stress_alpha` this is a force step. Below it (the
    /// last stretch of the cooling, about 100 of d3's 300 steps) the springs,
    /// repulsion and gravity stop and each step is one sparse stress-majorization
    /// sweep (see the module docs) followed by collision alone; the sweeps stop at
    /// 3 × `alpha_min`, so the last steps only separate circles the sweeps pushed
    /// together. Alpha decays the same way throughout, so settling takes the same
    /// number of steps.
    ///
    /// # Complexity
    /// O(n log n + m) for n nodes and m edges with `theta > 0` (O(n² + m) with
    /// `theta = 0`); the per-node part runs on rayon above 2,000 nodes. A stress
    /// step adds O(n · k) for k = 100 pivots; the first one also builds the terms,
    /// O(k · (n + m)), once per simulation. No allocation after that.
    pub fn step(&mut self) {
        let p = self.params.sanitized();
        self.alpha += (self.alpha_target - self.alpha) * p.alpha_decay;
        if self.pos.is_empty() {
            return;
        }
        let alpha = self.alpha;
        if alpha < p.stress_alpha && !self.links.is_empty() && self.x_locks.is_empty() {
            self.stress_step(&p, alpha);
            self.apply_x_locks();
            return;
        }
        self.stress_unit = None;
        self.apply_tree_forces(&p, -p.repulsion * alpha, 0.0);
        self.apply_links(&p, alpha);
        self.integrate(&p, alpha);
        self.apply_x_locks();
    }

    /// Fixes node `i`'s x (`None` frees it): from now on the forces move it along y
    /// only, and a pin or a drag keeps its x too. While any node is locked the stress
    /// phase is skipped (its sweeps place nodes in both axes by graph distance), so the
    /// forces alone arrange each column.
    pub fn lock_x(&mut self, i: usize, x: Option<f32>) {
        self.lock_x_range(i, x.map(|x| (x, x)));
    }

    /// Keeps node `i`'s x within `lo..=hi` (`None` frees it): a timeline lets a node
    /// move within its year, or across the span of its dated links, and no further.
    /// Gravity does not pull a kept node sideways. As [`Simulation::lock_x`] for the
    /// stress phase.
    pub fn lock_x_range(&mut self, i: usize, range: Option<(f32, f32)>) {
        if i >= self.pos.len() {
            return;
        }
        let range = range.filter(|(lo, hi)| {
            lo.is_finite()
                && hi.is_finite()
                && lo <= hi
                && lo.abs() <= MAX_COORD
                && hi.abs() <= MAX_COORD
        });
        if self.x_locks.is_empty() {
            if range.is_none() {
                return;
            }
            self.x_locks = vec![None; self.pos.len()];
        }
        let was = std::mem::replace(&mut self.x_locks[i], range);
        match (was.is_some(), range) {
            (false, Some(_)) => self.x_kept += 1,
            (true, None) => self.x_kept -= 1,
            _ => {}
        }
        // Only this node is put back in range: locking every node of a large graph
        // one by one stays linear.
        if let Some((lo, hi)) = range
            && !(lo..=hi).contains(&self.pos[i][0])
        {
            self.pos[i][0] = self.pos[i][0].clamp(lo, hi);
            self.vel[i][0] = 0.0;
        }
        if self.x_kept == 0 {
            self.x_locks.clear();
        }
    }

    /// The range node `i`'s x is kept in, if [`Simulation::lock_x_range`] gave one.
    pub fn locked_x(&self, i: usize) -> Option<(f32, f32)> {
        self.x_locks.get(i).copied().flatten()
    }

    /// Puts every kept node back within its range.
    fn apply_x_locks(&mut self) {
        for ((p, v), lock) in self.pos.iter_mut().zip(&mut self.vel).zip(&self.x_locks) {
            if let Some((lo, hi)) = *lock
                && !(lo..=hi).contains(&p[0])
            {
                p[0] = p[0].clamp(lo, hi);
                v[0] = 0.0;
            }
        }
    }

    /// A step of the stress phase: one majorization sweep with a repulsive term
    /// (until alpha is nearly settled), then collision alone, the circles widened to
    /// [`SPREAD`] hop lengths.
    ///
    /// Why the forces stop rather than run alongside: at 10,000 nodes the force
    /// layout's edges are ~20 link lengths long, held there by repulsion, so even
    /// at alpha 0.003 the springs and repulsion still move nodes tens of units a
    /// step, undoing what the sweeps gain. Why the hop length is fitted to the
    /// current layout rather than taken from `link_distance`: for the same reason
    /// `link_distance` is far from the drawn edge length, and sweeps at that scale
    /// would shrink the picture twentyfold and leave collision to blow it apart.
    /// Velocities are zeroed on entry so the forces' momentum does not carry on.
    fn stress_step(&mut self, p: &Params, alpha: f32) {
        let n = self.pos.len();
        let parallel = n > PARALLEL_MIN_NODES;
        let sweeping = alpha >= STRESS_END * p.alpha_min;
        if sweeping {
            let (links, seed) = (&self.links, self.seed);
            let dense = n >= DENSE_MIN_NODES;
            let model = self.stress.get_or_insert_with(|| {
                let model = StressModel::new(n, links.iter().map(|l| (l.a, l.b)), seed);
                Box::new(if dense {
                    model
                } else {
                    model.with_edges(stress::CLASSIC_EDGES)
                })
            });
            let unit = match self.stress_unit {
                Some(unit) => unit,
                None => {
                    self.vel.fill([0.0; 2]);
                    let unit = model
                        .fit_unit(&self.pos, parallel)
                        .unwrap_or(p.link_distance.max(1.0));
                    self.stress_unit = Some(unit);
                    unit
                }
            };
            // The repulsive term, read off the quadtree into `push` (in place of the
            // velocities, which the sweep does not use).
            self.push.clear();
            if dense {
                std::mem::swap(&mut self.vel, &mut self.push);
                self.vel.resize(n, [0.0; 2]);
                self.apply_tree_forces(p, -STRESS_REPULSION * unit * unit, 0.0);
                std::mem::swap(&mut self.vel, &mut self.push);
            }
            if let Some(model) = self.stress.as_mut() {
                model.sweep(&mut self.pos, &self.fixed, unit, &self.push, parallel);
            }
        }
        // While sweeping, the circles keep their drawn size: widened, they would
        // fight the sweep that pulls them back each step.
        let spread = match self.stress_unit {
            Some(unit) if !sweeping && n >= DENSE_MIN_NODES => SPREAD * unit,
            _ => 0.0,
        };
        self.apply_tree_forces(p, 0.0, spread);
        self.integrate(p, 0.0);
    }

    /// Repulsion (`rep` times the many-body sum: negative pushes apart) and
    /// collision, both read off one quadtree, added to the velocities; every
    /// collision circle at least `min_radius` wide.
    fn apply_tree_forces(&mut self, p: &Params, rep: f32, min_radius: f32) {
        let n = self.pos.len();
        let half_pad = 0.5 * p.collision_padding;
        self.collide_r.clear();
        self.collide_r.extend(
            self.radii
                .iter()
                .map(|&r| (r + half_pad).max(min_radius).max(0.0)),
        );
        self.collide_w.clear();
        // Weight by the drawn area (not the widened circle), so a small node yields
        // to a big one; the epsilon keeps two zero-radius nodes from splitting a push
        // as 0/0.
        self.collide_w
            .extend(self.radii.iter().zip(&self.fixed).map(|(&r, &fixed)| {
                let r = (r + half_pad).max(0.0);
                if fixed { PINNED_WEIGHT } else { r * r + 1e-6 }
            }));
        self.tree
            .build(&self.pos, &self.collide_r, &self.collide_w, p.theta);

        // Cut the groups into runs of about CHUNK points. The cut depends only on the
        // tree, never on the number of threads.
        let tree = &self.tree;
        let mut num_tasks = 0;
        let mut first_group = 0;
        for group in 0..tree.num_groups() {
            let last = group + 1 == tree.num_groups();
            if last || tree.group_ranks(group).end - tree.group_ranks(first_group).start >= CHUNK {
                if self.tasks.len() == num_tasks {
                    self.tasks.push(Task::default());
                }
                if let Some(task) = self.tasks.get_mut(num_tasks) {
                    task.groups = first_group..group + 1;
                }
                num_tasks += 1;
                first_group = group + 1;
            }
        }

        // Repulsion scaled by zero (collision alone) is not computed at all.
        let many_body = (rep != 0.0).then_some(MIN_DIST2);
        // Each node's change of velocity is computed alone, from the interaction
        // list of its group, into its task's buffer.
        let work = |task: &mut Task| {
            task.out.clear();
            for group in task.groups.clone() {
                tree.group_forces(group, &mut task.scratch, many_body, |_, f, c| {
                    task.out.push([
                        rep * f[0] - COLLISION_STRENGTH * c[0],
                        rep * f[1] - COLLISION_STRENGTH * c[1],
                    ]);
                });
            }
        };
        let tasks = &mut self.tasks[..num_tasks];
        if n > PARALLEL_MIN_NODES {
            tasks.par_iter_mut().for_each(work);
        } else {
            tasks.iter_mut().for_each(work);
        }
        // Applied in rank order, one addition per node: the result cannot depend on
        // which thread finished first. Pinned nodes are skipped (their velocity is
        // zeroed anyway).
        let deltas = tasks.iter().flat_map(|t| t.out.iter());
        for (&i, d) in tree.order().iter().zip(deltas) {
            let i = i as usize;
            if let (Some(v), Some(false)) = (self.vel.get_mut(i), self.fixed.get(i)) {
                v[0] += d[0];
                v[1] += d[1];
            }
        }
    }

    /// Springs, as in d3's `forceLink`: each link sees the velocities updated by the
    /// links before it (sequential, in edge order, so deterministic), and corrects
    /// the predicted positions `x + v` toward `link_distance`.
    ///
    /// # Complexity
    /// O(m).
    fn apply_links(&mut self, p: &Params, alpha: f32) {
        let k0 = p.link_strength * alpha;
        if k0 == 0.0 {
            return;
        }
        let (pos, vel, pinned) = (&self.pos, &mut self.vel, &self.fixed);
        for link in &self.links {
            let (a, b) = (link.a as usize, link.b as usize);
            let (Some(&pa), Some(&pb), Some(&xa), Some(&xb)) =
                (pinned.get(a), pinned.get(b), pos.get(a), pos.get(b))
            else {
                continue;
            };
            if pa && pb {
                continue;
            }
            let (va, vb) = (vel[a], vel[b]);
            let dx = xb[0] + vb[0] - xa[0] - va[0];
            let dy = xb[1] + vb[1] - xa[1] - va[1];
            let l2 = dx * dx + dy * dy;
            // Unit vector from a to b and the distance; coincident ends get a hashed
            // direction so the spring can push them apart.
            let (ux, uy, l) = if l2 > 0.0 {
                let l = l2.sqrt();
                (dx / l, dy / l, l)
            } else {
                let [ux, uy] = coincident_direction(link.a, link.b);
                (ux, uy, 0.0)
            };
            let k = (l - p.link_distance) * k0 * link.inv_min_degree;
            let (fx, fy) = (ux * k, uy * k);
            // A pinned end cannot take its share, so the free end takes it all.
            let bias = if pa {
                1.0
            } else if pb {
                0.0
            } else {
                link.bias
            };
            vel[b][0] -= fx * bias;
            vel[b][1] -= fy * bias;
            vel[a][0] += fx * (1.0 - bias);
            vel[a][1] += fy * (1.0 - bias);
        }
    }

    /// Gravity, velocity decay and the position update; pinned nodes stay put.
    ///
    /// # Complexity
    /// O(n).
    fn integrate(&mut self, p: &Params, alpha: f32) {
        let g = p.gravity * alpha;
        let keep = 1.0 - p.velocity_decay;
        // A node kept in a range of x is pulled to the range's middle rather than to
        // the picture's (d3's forceX, at its default strength): nodes of one year
        // gather about it instead of lining the walls.
        let pull = X_PULL * alpha;
        for (i, ((x, v), &pinned)) in self
            .pos
            .iter_mut()
            .zip(self.vel.iter_mut())
            .zip(&self.fixed)
            .enumerate()
        {
            if pinned {
                *v = [0.0; 2];
                continue;
            }
            let vx = match self.x_locks.get(i).copied().flatten() {
                Some((lo, hi)) => v[0] + ((lo + hi) / 2.0 - x[0]) * pull,
                None => v[0] - x[0] * g,
            };
            let nv = [vx * keep, (v[1] - x[1] * g) * keep];
            let nx = [x[0] + nv[0], x[1] + nv[1]];
            // Never let a runaway force leave a non-finite or absurd position behind:
            // stop the node where it is instead.
            if nx.iter().all(|c| c.is_finite() && c.abs() <= MAX_COORD) {
                *v = nv;
                *x = nx;
            } else {
                *v = [0.0; 2];
            }
        }
    }

    /// Steps until settled or `max_steps`; returns the steps taken.
    pub fn run(&mut self, max_steps: usize) -> usize {
        let mut n = 0;
        while !self.is_settled() && n < max_steps {
            self.step();
            n += 1;
        }
        n
    }

    /// True once the simulation has cooled below `alpha_min`.
    pub fn is_settled(&self) -> bool {
        self.alpha < self.params.sanitized().alpha_min
    }

    /// Current temperature, 1 when hot, falling toward 0.
    pub fn alpha(&self) -> f32 {
        self.alpha
    }

    /// Warms the simulation up again from the current positions: alpha becomes at
    /// least `alpha` (clamped to `0..=1`); velocities are kept.
    pub fn reheat(&mut self, alpha: f32) {
        if alpha.is_finite() {
            self.alpha = self.alpha.max(alpha.clamp(0.0, 1.0));
        }
    }

    /// Warms the layout around node `i` only, after the user moved (or let go of)
    /// it: nodes more than `hops` links away are held still ([`Simulation::hold`]),
    /// the others let go, and alpha rises to just below [`Params::stress_alpha`], so
    /// the neighbourhood settles around the node by stress sweeps against a fixed
    /// map. Why: reheating everything reshuffled (and grew) the whole map the user
    /// had learned. While the layout is still unfolding (alpha at or above
    /// `stress_alpha`), or when the stress phase cannot run (x locks, no
    /// stress phase), everything is let go and warmed to `alpha` as
    /// [`Simulation::reheat`] does.
    ///
    /// # Complexity
    /// O(n + m): a breadth-first search, skipped when the last call was for the same
    /// node and nothing was held or released since.
    pub fn reheat_near(&mut self, i: usize, hops: usize, alpha: f32) {
        let p = self.params.sanitized();
        let local = self.alpha < p.stress_alpha
            && p.stress_alpha > 0.0
            && self.x_locks.is_empty()
            && i < self.pos.len();
        if !local {
            self.release_held();
            self.reheat(alpha);
            return;
        }
        if self.held_around != Some((i, hops)) {
            let far = self.farther_than(i, hops);
            for (k, far) in far.into_iter().enumerate() {
                self.held[k] = far;
                self.fixed[k] = far || self.pinned[k];
                if far {
                    self.vel[k] = [0.0; 2];
                }
            }
            self.held_around = Some((i, hops));
        }
        // Just inside the stress phase: sweeps, then the collision tail.
        self.reheat(p.stress_alpha * 0.99);
    }

    /// Whether each node is more than `hops` links from node `i` (or unreachable).
    ///
    /// # Complexity
    /// O(n + m).
    fn farther_than(&self, i: usize, hops: usize) -> Vec<bool> {
        let n = self.pos.len();
        let mut start = vec![0u32; n + 1];
        for l in &self.links {
            start[l.a as usize + 1] += 1;
            start[l.b as usize + 1] += 1;
        }
        for k in 0..n {
            start[k + 1] += start[k];
        }
        let mut fill = start.clone();
        let mut adjacent = vec![0u32; start[n] as usize];
        for l in &self.links {
            adjacent[fill[l.a as usize] as usize] = l.b;
            fill[l.a as usize] += 1;
            adjacent[fill[l.b as usize] as usize] = l.a;
            fill[l.b as usize] += 1;
        }
        let mut dist = vec![usize::MAX; n];
        dist[i] = 0;
        let mut queue = std::collections::VecDeque::from([i]);
        while let Some(u) = queue.pop_front() {
            if dist[u] >= hops {
                continue;
            }
            for &v in &adjacent[start[u] as usize..start[u + 1] as usize] {
                if dist[v as usize] == usize::MAX {
                    dist[v as usize] = dist[u] + 1;
                    queue.push_back(v as usize);
                }
            }
        }
        dist.into_iter().map(|d| d > hops).collect()
    }

    /// Sets the temperature outright (clamped to `0..=1`; NaN is ignored). Why: a
    /// simulation rebuilt with [`Simulation::with_positions`] after a small change
    /// (a node shown again) starts hot at 1; setting, say, 0.3 lets the newcomers
    /// find their place without reshuffling the nodes that were already laid out.
    pub fn set_alpha(&mut self, alpha: f32) {
        if alpha.is_finite() {
            self.alpha = alpha.clamp(0.0, 1.0);
        }
    }

    /// The temperature alpha decays toward (d3's `alphaTarget`), 0 by default.
    pub fn alpha_target(&self) -> f32 {
        self.alpha_target
    }

    /// Sets the temperature alpha decays toward, clamped to `0..=1`. Why: while the
    /// user drags a node, a target such as 0.3 keeps the rest of the graph moving
    /// around it; set it back to 0 on release to let the layout settle.
    pub fn set_alpha_target(&mut self, target: f32) {
        if target.is_finite() {
            self.alpha_target = target.clamp(0.0, 1.0);
        }
    }

    /// The force parameters.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The force parameters, to tune a running simulation; the next step uses them.
    pub fn params_mut(&mut self) -> &mut Params {
        &mut self.params
    }

    /// Positions, one per node, in scene units.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.pos
    }

    /// Node radii as given (negative and non-finite ones read as 0).
    pub fn radii(&self) -> &[f32] {
        &self.radii
    }

    /// The smallest axis-aligned box `[min, max]` holding every node centre, or
    /// `None` when there are no nodes.
    ///
    /// # Complexity
    /// O(n).
    pub fn bounds(&self) -> Option<[[f32; 2]; 2]> {
        let first = *self.pos.first()?;
        Some(self.pos.iter().fold([first, first], |[lo, hi], p| {
            [
                [lo[0].min(p[0]), lo[1].min(p[1])],
                [hi[0].max(p[0]), hi[1].max(p[1])],
            ]
        }))
    }

    /// Moves a node (without pinning it) and stops it. Out-of-range indices and
    /// non-finite positions are ignored.
    pub fn set_position(&mut self, i: usize, p: [f32; 2]) {
        if !(p[0].is_finite() && p[1].is_finite()) {
            return;
        }
        let locked = self.locked_x(i);
        if let Some(slot) = self.pos.get_mut(i) {
            let x = locked.map_or(p[0], |(lo, hi)| p[0].clamp(lo, hi));
            *slot = [
                x.clamp(-MAX_COORD, MAX_COORD),
                p[1].clamp(-MAX_COORD, MAX_COORD),
            ];
        }
        if let Some(v) = self.vel.get_mut(i) {
            *v = [0.0; 2];
        }
    }

    /// Pins a node at `p`: forces no longer move it. A non-finite `p` pins the node
    /// where it is.
    pub fn pin(&mut self, i: usize, p: [f32; 2]) {
        self.set_position(i, p);
        if let (Some(pinned), Some(fixed)) = (self.pinned.get_mut(i), self.fixed.get_mut(i)) {
            *pinned = true;
            *fixed = true;
        }
    }

    /// Releases a pinned node (a held one stays held).
    pub fn unpin(&mut self, i: usize) {
        if let (Some(pinned), Some(fixed), Some(&held)) = (
            self.pinned.get_mut(i),
            self.fixed.get_mut(i),
            self.held.get(i),
        ) {
            *pinned = false;
            *fixed = held;
        }
    }

    /// Holds a node still where it is, as a pin would, without pinning it: it is not
    /// [`Simulation::is_pinned`] and [`Simulation::release_held`] lets it go. Why: after
    /// a view change the nodes already laid out keep their exact places while the
    /// newcomers settle around them.
    pub fn hold(&mut self, i: usize) {
        if let (Some(held), Some(fixed), Some(v)) = (
            self.held.get_mut(i),
            self.fixed.get_mut(i),
            self.vel.get_mut(i),
        ) {
            *held = true;
            *fixed = true;
            *v = [0.0; 2];
        }
        self.held_around = None;
    }

    /// Whether a node is held still by [`Simulation::hold`].
    pub fn is_held(&self, i: usize) -> bool {
        self.held.get(i).copied().unwrap_or(false)
    }

    /// Lets every held node move again; pinned ones stay pinned.
    pub fn release_held(&mut self) {
        self.held_around = None;
        self.held.fill(false);
        self.fixed.clone_from(&self.pinned);
    }

    /// Whether a node is pinned.
    pub fn is_pinned(&self, i: usize) -> bool {
        self.pinned.get(i).copied().unwrap_or(false)
    }

    /// Releases every pinned node.
    pub fn unpin_all(&mut self) {
        self.pinned.fill(false);
        self.fixed.clone_from(&self.held);
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.pos.len()
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.pos.is_empty()
    }
}

/// Initial positions: given ones kept, the rest grown from placed neighbours or laid
/// on a seeded phyllotaxis spiral (see [`Simulation::with_positions`]).
///
/// # Complexity
/// O(n log n + m).
fn initial_positions(
    radii: &[f32],
    edges: &[(u32, u32)],
    degree: &[u32],
    initial: &[Option<[f32; 2]>],
    p: &Params,
    seed: u64,
) -> Vec<[f32; 2]> {
    let n = radii.len();
    let mut rng = SplitMix64::new(seed);

    // Adjacency in compressed rows, neighbours in edge order.
    let mut offsets = vec![0usize; n + 1];
    for (i, &d) in degree.iter().enumerate() {
        offsets[i + 1] = offsets[i] + d as usize;
    }
    let mut fill = offsets.clone();
    let mut neighbours = vec![0u32; offsets[n]];
    for &(a, b) in edges {
        neighbours[fill[a as usize]] = b;
        fill[a as usize] += 1;
        neighbours[fill[b as usize]] = a;
        fill[b as usize] += 1;
    }
    let adjacent = |i: usize| &neighbours[offsets[i]..offsets[i + 1]];

    let mean_r = if n > 0 {
        radii.iter().sum::<f32>() / n as f32
    } else {
        0.0
    };
    let mean_collide_r = (mean_r + 0.5 * p.collision_padding).max(1.0);
    // Spiral points are ~1.77 c apart; starting nodes about touching (d3 starts at a
    // third of a link) gives the repulsion room to unfold the graph evenly.
    let c = (p.link_distance / 3.0).max(1.2 * mean_collide_r);
    let hop = p.link_distance.max(2.0 * mean_collide_r);

    let mut pos = vec![[0.0f32; 2]; n];
    let mut placed = vec![false; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    for (i, slot) in initial.iter().take(n).enumerate() {
        if let Some([x, y]) = *slot
            && x.is_finite()
            && y.is_finite()
        {
            pos[i] = [
                x.clamp(-MAX_COORD, MAX_COORD),
                y.clamp(-MAX_COORD, MAX_COORD),
            ];
            placed[i] = true;
            queue.push(i as u32);
        }
    }
    let num_given = queue.len();
    let centre = if num_given > 0 {
        let s = queue.iter().fold([0.0f64; 2], |s, &i| {
            [
                s[0] + f64::from(pos[i as usize][0]),
                s[1] + f64::from(pos[i as usize][1]),
            ]
        });
        [
            (s[0] / num_given as f64) as f32,
            (s[1] / num_given as f64) as f32,
        ]
    } else {
        [0.0; 2]
    };

    // Grow outward from the given nodes, each newcomer beside the node that reached it.
    let grown = Grow {
        offsets: &offsets,
        neighbours: &neighbours,
        hop,
    };
    grown.run(&mut queue, 0, &mut pos, &mut placed, &mut rng);

    // The rest: the 2-core (what is left after repeatedly removing nodes with at most
    // one link) goes on a spiral continuing outside the given nodes, best-connected
    // first (ties in index order), so the dense core starts in the middle; the trees
    // hanging off it then grow outward from it, each node beside its parent, so a
    // leaf never starts across the graph from its only neighbour. A component that
    // is a tree puts its best-connected node on the spiral and grows from there.
    let mut core_degree: Vec<u32> = degree.to_vec();
    let mut peel: Vec<u32> = (0..n as u32)
        .filter(|&i| !placed[i as usize] && degree[i as usize] <= 1)
        .collect();
    let mut in_core: Vec<bool> = placed.iter().map(|&p| !p).collect();
    while let Some(u) = peel.pop() {
        if !std::mem::replace(&mut in_core[u as usize], false) {
            continue;
        }
        for &v in adjacent(u as usize) {
            let d = &mut core_degree[v as usize];
            *d = d.saturating_sub(1);
            if *d == 1 && in_core[v as usize] {
                peel.push(v);
            }
        }
    }
    let mut rest: Vec<u32> = (0..n as u32).filter(|&i| !placed[i as usize]).collect();
    rest.sort_by_key(|&i| {
        (
            !in_core[i as usize],
            std::cmp::Reverse(degree[i as usize]),
            i,
        )
    });
    let turn = rng.next_f32() * std::f32::consts::TAU;
    let golden = std::f32::consts::PI * (3.0 - 5.0f32.sqrt());
    let mut slot = num_given;
    let spiral = |u: u32, slot: &mut usize, pos: &mut [[f32; 2]], rng: &mut SplitMix64| {
        let r = c * (*slot as f32 + 0.5).sqrt();
        let a = *slot as f32 * golden + turn;
        let jitter = [
            (rng.next_f32() - 0.5) * 0.6 * c,
            (rng.next_f32() - 0.5) * 0.6 * c,
        ];
        pos[u as usize] = [
            centre[0] + r * a.cos() + jitter[0],
            centre[1] + r * a.sin() + jitter[1],
        ];
        *slot += 1;
    };
    let num_core = rest.iter().take_while(|&&i| in_core[i as usize]).count();
    let start = queue.len();
    for &u in &rest[..num_core] {
        spiral(u, &mut slot, &mut pos, &mut rng);
        placed[u as usize] = true;
        queue.push(u);
    }
    grown.run(&mut queue, start, &mut pos, &mut placed, &mut rng);
    for &u in &rest[num_core..] {
        if !placed[u as usize] {
            spiral(u, &mut slot, &mut pos, &mut rng);
            placed[u as usize] = true;
            let start = queue.len();
            queue.push(u);
            grown.run(&mut queue, start, &mut pos, &mut placed, &mut rng);
        }
    }
    pos
}

/// Places nodes breadth-first beside the placed node that reaches them first, at a
/// seeded angle and about a link length away.
struct Grow<'a> {
    offsets: &'a [usize],
    neighbours: &'a [u32],
    hop: f32,
}

impl Grow<'_> {
    /// Grows from `queue[head..]`, appending every node it places to `queue`.
    ///
    /// # Complexity
    /// O(nodes placed + their links).
    fn run(
        &self,
        queue: &mut Vec<u32>,
        mut head: usize,
        pos: &mut [[f32; 2]],
        placed: &mut [bool],
        rng: &mut SplitMix64,
    ) {
        while let Some(&u) = queue.get(head) {
            head += 1;
            let (Some(&lo), Some(&hi)) = (
                self.offsets.get(u as usize),
                self.offsets.get(u as usize + 1),
            ) else {
                continue;
            };
            for &v in self.neighbours.get(lo..hi).unwrap_or_default() {
                if !placed[v as usize] {
                    let angle = rng.next_f32() * std::f32::consts::TAU;
                    let dist = self.hop * (0.5 + 0.5 * rng.next_f32());
                    let base = pos[u as usize];
                    pos[v as usize] = [base[0] + dist * angle.cos(), base[1] + dist * angle.sin()];
                    placed[v as usize] = true;
                    queue.push(v);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(n: usize) -> Vec<(usize, usize)> {
        (0..n).map(|i| (i, (i + 1) % n)).collect()
    }

    fn all_finite(sim: &Simulation) -> bool {
        sim.positions()
            .iter()
            .all(|p| p[0].is_finite() && p[1].is_finite())
    }

    #[test]
    fn sanitized_params_are_finite_and_in_range() {
        let p = Params {
            theta: f32::NAN,
            repulsion: f32::INFINITY,
            link_distance: -5.0,
            link_strength: f32::NEG_INFINITY,
            gravity: -1.0,
            collision_padding: f32::NAN,
            velocity_decay: 7.0,
            alpha_min: f32::NAN,
            alpha_decay: -1.0,
            stress_alpha: f32::NAN,
        }
        .sanitized();
        let d = Params::default();
        assert_eq!(p.theta, d.theta);
        assert_eq!(p.repulsion, d.repulsion);
        assert_eq!(p.link_distance, 0.0);
        assert_eq!(p.link_strength, d.link_strength);
        assert_eq!(p.gravity, 0.0);
        assert_eq!(p.collision_padding, d.collision_padding);
        assert_eq!(p.velocity_decay, 1.0);
        assert_eq!(p.alpha_decay, 0.0);
    }

    #[test]
    fn links_skip_invalid_edges_and_count_duplicates() {
        let sim = Simulation::new(
            vec![5.0; 3],
            vec![(0, 1), (0, 1), (1, 1), (2, 9), (7, 0)],
            Params::default(),
            1,
        );
        assert_eq!(sim.links.len(), 2);
        // Both ends of the doubled edge have degree 2.
        assert!(
            sim.links
                .iter()
                .all(|l| l.inv_min_degree == 0.5 && l.bias == 0.5)
        );
    }

    #[test]
    fn leaf_moves_more_than_hub() {
        // A star: the bias gives each spring's correction mostly to the leaf.
        let edges: Vec<(usize, usize)> = (1..6).map(|i| (0, i)).collect();
        let sim = Simulation::new(vec![5.0; 6], edges, Params::default(), 1);
        assert!(sim.links.iter().all(|l| (l.bias - 5.0 / 6.0).abs() < 1e-6));
    }

    #[test]
    fn parallel_and_sequential_paths_agree_bit_for_bit() {
        // The same steps on the global pool and on a one-thread pool must match: the
        // per-node work is identical, only its scheduling differs.
        let n = PARALLEL_MIN_NODES + 500;
        let mut rng = SplitMix64::new(5);
        let edges: Vec<(usize, usize)> = (0..2 * n)
            .map(|_| {
                (
                    (rng.next_u64() % n as u64) as usize,
                    (rng.next_u64() % n as u64) as usize,
                )
            })
            .collect();
        let mut a = Simulation::new(vec![6.0; n], edges, Params::default(), 3);
        let mut b = a.clone();
        for _ in 0..5 {
            a.step();
        }
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
        let Ok(pool) = pool else { return };
        pool.install(|| {
            for _ in 0..5 {
                b.step();
            }
        });
        assert_eq!(a.positions(), b.positions());
    }

    #[test]
    fn ring_settles_round_and_finite() {
        let mut sim = Simulation::new(vec![8.0; 20], ring(20), Params::default(), 7);
        let steps = sim.run(1000);
        assert!(sim.is_settled());
        assert!(steps <= 400, "{steps}");
        assert!(all_finite(&sim));
        // Springs hold neighbours near the rest length.
        let p = sim.positions();
        for (a, b) in ring(20) {
            let d = (p[a][0] - p[b][0]).hypot(p[a][1] - p[b][1]);
            assert!(d > 30.0 && d < 250.0, "edge {a}-{b} has length {d}");
        }
    }

    #[test]
    fn alpha_target_keeps_it_warm() {
        let mut sim = Simulation::new(vec![5.0; 10], ring(10), Params::default(), 1);
        sim.set_alpha_target(0.3);
        sim.run(2000);
        assert!(!sim.is_settled());
        assert!((sim.alpha() - 0.3).abs() < 0.01);
        sim.set_alpha_target(0.0);
        assert!(sim.run(2000) < 2000);
    }

    #[test]
    fn runaway_parameters_stay_finite() {
        let params = Params {
            repulsion: 1e30,
            link_strength: 1e30,
            gravity: 1e30,
            ..Params::default()
        };
        let mut sim = Simulation::new(vec![5.0; 50], ring(50), params, 1);
        for _ in 0..50 {
            sim.step();
        }
        assert!(all_finite(&sim));
        assert!(sim.vel.iter().all(|v| v[0].is_finite() && v[1].is_finite()));
    }

    #[test]
    fn held_nodes_stay_put_without_being_pinned() {
        let mut sim = Simulation::new(vec![5.0; 12], ring(12), Params::default(), 4);
        sim.run(1000);
        let rest = sim.positions().to_vec();
        for i in 0..6 {
            sim.hold(i);
        }
        sim.pin(6, [500.0, 500.0]);
        sim.set_alpha(1.0);
        sim.run(1000);
        assert_eq!(&sim.positions()[..6], &rest[..6]);
        assert!((0..6).all(|i| sim.is_held(i) && !sim.is_pinned(i)));
        sim.unpin_all();
        assert!(sim.is_held(0), "unpinning keeps the holds");
        sim.pin(6, [500.0, 500.0]);
        sim.release_held();
        assert!(!sim.is_held(0) && sim.is_pinned(6));
        sim.set_alpha(1.0);
        sim.run(1000);
        assert_ne!(&sim.positions()[..6], &rest[..6]);
        assert_eq!(sim.positions()[6], [500.0, 500.0]);
    }

    #[test]
    fn bounds_cover_every_node() {
        let sim = Simulation::new(vec![5.0; 30], ring(30), Params::default(), 2);
        let Some([lo, hi]) = sim.bounds() else {
            panic!("no bounds")
        };
        assert!(
            sim.positions()
                .iter()
                .all(|p| p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1])
        );
        assert!(
            Simulation::new(vec![], vec![], Params::default(), 0)
                .bounds()
                .is_none()
        );
    }
}
