//! Force-directed layout: a seeded, deterministic simulation with Barnes–Hut repulsion,
//! springs along edges, gentle centring and collision. No egui here.
//!
//! Usage: build a [`Simulation`] from node radii and edges, call [`Simulation::step`]
//! until [`Simulation::is_settled`], read [`Simulation::positions`].

/// Tunable forces. Defaults suit graphs of tens to tens of thousands of nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Barnes–Hut opening angle: larger is faster and coarser.
    pub theta: f32,
    /// Strength of many-body repulsion.
    pub repulsion: f32,
    /// Rest length of edge springs, in scene units.
    pub link_distance: f32,
    /// Spring stiffness.
    pub link_strength: f32,
    /// Pull toward the origin.
    pub gravity: f32,
    /// Extra gap kept between node circles.
    pub collision_padding: f32,
    /// Fraction of velocity lost each step (0..1).
    pub velocity_decay: f32,
    /// Alpha below which the simulation counts as settled.
    pub alpha_min: f32,
    /// Per-step alpha decay factor.
    pub alpha_decay: f32,
}

impl Default for Params {
    fn default() -> Self {
        Self {
            theta: 0.9,
            repulsion: 900.0,
            link_distance: 60.0,
            link_strength: 0.3,
            gravity: 0.02,
            collision_padding: 4.0,
            velocity_decay: 0.4,
            alpha_min: 0.001,
            alpha_decay: 0.0228,
        }
    }
}

/// The simulation state: positions and velocities in flat arrays.
/// STUB: the real Barnes–Hut implementation replaces the body of `step`.
#[derive(Clone, Debug)]
pub struct Simulation {
    pos: Vec<[f32; 2]>,
    pinned: Vec<bool>,
    radii: Vec<f32>,
    edges: Vec<(usize, usize)>,
    params: Params,
    alpha: f32,
}

impl Simulation {
    /// A simulation with seeded initial positions.
    pub fn new(radii: Vec<f32>, edges: Vec<(usize, usize)>, params: Params, seed: u64) -> Self {
        let initial = vec![None; radii.len()];
        Self::with_positions(radii, edges, initial, params, seed)
    }

    /// Keeps the given positions; places the `None` ones (seeded, near their neighbours).
    pub fn with_positions(
        radii: Vec<f32>,
        edges: Vec<(usize, usize)>,
        initial: Vec<Option<[f32; 2]>>,
        params: Params,
        seed: u64,
    ) -> Self {
        let _ = seed;
        let pos = (0..radii.len())
            .map(|i| {
                initial.get(i).copied().flatten().unwrap_or_else(|| {
                    let a = i as f32 * 2.399_963;
                    let r = 10.0 * (i as f32 + 0.5).sqrt();
                    [r * a.cos(), r * a.sin()]
                })
            })
            .collect();
        let n = radii.len();
        Self { pos, pinned: vec![false; n], radii, edges, params, alpha: 1.0 }
    }

    /// One tick of the simulation.
    pub fn step(&mut self) {
        let _ = (&self.radii, &self.edges, &self.params);
        self.alpha *= 1.0 - self.params.alpha_decay;
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
        self.alpha < self.params.alpha_min
    }

    /// Current temperature, 1 when hot, falling toward 0.
    pub fn alpha(&self) -> f32 {
        self.alpha
    }

    /// Warms the simulation up again from the current positions.
    pub fn reheat(&mut self, alpha: f32) {
        self.alpha = self.alpha.max(alpha);
    }

    /// Positions, one per node, in scene units.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.pos
    }

    /// Moves a node (without pinning it).
    pub fn set_position(&mut self, i: usize, p: [f32; 2]) {
        if let Some(slot) = self.pos.get_mut(i) {
            *slot = p;
        }
    }

    /// Pins a node at `p`: forces no longer move it.
    pub fn pin(&mut self, i: usize, p: [f32; 2]) {
        self.set_position(i, p);
        if let Some(slot) = self.pinned.get_mut(i) {
            *slot = true;
        }
    }

    /// Releases a pinned node.
    pub fn unpin(&mut self, i: usize) {
        if let Some(slot) = self.pinned.get_mut(i) {
            *slot = false;
        }
    }

    /// Whether a node is pinned.
    pub fn is_pinned(&self, i: usize) -> bool {
        self.pinned.get(i).copied().unwrap_or(false)
    }

    /// Releases every pinned node.
    pub fn unpin_all(&mut self) {
        self.pinned.fill(false);
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
