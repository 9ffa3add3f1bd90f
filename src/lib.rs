//! ideagraph: a sourced knowledge graph of people and ideas, with a CLI and an egui explorer.

pub mod bundled;
pub mod cli;
pub mod io;
pub mod layout;
pub mod limits;
pub mod model;
pub mod palette;
pub mod query;
pub mod rng;
pub mod ui;
