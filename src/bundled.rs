//! The knowledge base shipped inside the binary, so `ideagraph` runs from anywhere.

use crate::io::{IoError, ron_format};
use crate::model::KnowledgeGraph;

/// The text of `graph.ron` at build time.
pub const GRAPH_RON: &str = include_str!("../graph.ron");

/// The name shown for the bundled graph in messages.
pub const BUNDLED_NAME: &str = "graph.ron (bundled)";

/// Parses and validates the bundled graph.
pub fn bundled_graph() -> Result<KnowledgeGraph, IoError> {
    ron_format::load_valid(GRAPH_RON, BUNDLED_NAME)
}
