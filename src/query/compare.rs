//! Comparing two year ranges: what appears only in one (new or gone) and what both share.

use std::collections::BTreeSet;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::filter::{Filter, View, apply};
use crate::model::KnowledgeGraph;

/// The difference between the views of two year ranges under the same other filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Nodes shown only in the first range ("gone" by the second).
    pub only_first: BTreeSet<NodeIndex>,
    /// Nodes shown only in the second range ("new").
    pub only_second: BTreeSet<NodeIndex>,
    /// Nodes shown in both.
    pub both: BTreeSet<NodeIndex>,
    /// Edges shown only in the first range.
    pub edges_only_first: BTreeSet<EdgeIndex>,
    /// Edges shown only in the second range.
    pub edges_only_second: BTreeSet<EdgeIndex>,
}

/// Applies `base` with each year range in turn and compares the two views.
///
/// # Complexity
/// Two filter passes, O(n + e) each.
pub fn compare(
    kg: &KnowledgeGraph,
    base: &Filter,
    first: (i32, i32),
    second: (i32, i32),
) -> Comparison {
    let a = apply(
        kg,
        &Filter {
            years: Some(first),
            ..base.clone()
        },
    );
    let b = apply(
        kg,
        &Filter {
            years: Some(second),
            ..base.clone()
        },
    );
    compare_views(&a, &b)
}

/// Compares two views already computed (see [`compare`]).
pub fn compare_views(a: &View, b: &View) -> Comparison {
    Comparison {
        only_first: a.nodes.difference(&b.nodes).copied().collect(),
        only_second: b.nodes.difference(&a.nodes).copied().collect(),
        both: a.nodes.intersection(&b.nodes).copied().collect(),
        edges_only_first: a.edges.difference(&b.edges).copied().collect(),
        edges_only_second: b.edges.difference(&a.edges).copied().collect(),
    }
}
