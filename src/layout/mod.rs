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
    /// Velocity kept from one step to the next (0..1).
    pub velocity_decay: f32,
    /// Alpha below which the simulation counts as settled.
    pub alpha_min: f32,
    /// Per-step alpha decay factor.
    pub alpha_decay: f32,
}

/// The simulation state: positions and velocities in flat arrays.
#[derive(Clone, Debug)]
pub struct Simulation {
    _todo: (),
}
