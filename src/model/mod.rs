//! The data model: nodes, edges, sources and evidence, and the [`KnowledgeGraph`] on petgraph.
//! No egui here.

mod consistency;
mod date;
mod document;
mod edit;
pub mod generate;
mod graph;
mod kinds;
mod merge;
mod validate;

pub use consistency::consistency_warnings;
pub use date::{Basis, Dated, MAX_YEAR, MIN_YEAR, MONTH_NAMES, PartialDate};
pub use document::{
    Document, Edge, Evidence, FORMAT_VERSION, FactionClaim, Modality, Node, Role, Source, Voice,
};
pub use edit::{Applied, Edit, EditError, Inverse, Target, Touched};
pub use graph::KnowledgeGraph;
pub use kinds::{Kind, Relation, SubKind, Tone};
pub use merge::{Merge, MergeError, merge};
pub use validate::{
    Locus, Problem, Rule, cut, cut_to, edge_problems, id_defect, is_kebab_id, node_problems,
    plain_relative, shown, source_problems, validate,
};
