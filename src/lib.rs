//! ideagraph: a sourced knowledge graph of people and ideas, with a CLI and an egui explorer.

pub mod io;
pub mod model;
pub mod layout;
pub mod ui;
pub mod query;
pub mod bundled;
pub mod cli;
