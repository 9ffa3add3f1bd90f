//! The orders of the matrix's rows and columns: by name, by number of stances, by
//! faction, or by similarity (seriation: average-linkage clustering of the signed
//! agreement, leaves read off the dendrogram, so people with similar stances sit
//! together and blocks of agreement show).

use std::cmp::Ordering;

use kodama::{Method, linkage};
use petgraph::stable_graph::NodeIndex;

use super::{StanceMatrix, pair_counts, similarity};
use crate::model::KnowledgeGraph;

/// Above this many rows (or columns), similarity order falls back to the number of
/// stances: clustering needs a distance for every pair, n² / 2 of them (5,000 rows:
/// 12.5 million, 100 MB and about a second).
pub const MAX_SERIATED: usize = 5_000;

/// How rows or columns are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortOrder {
    /// Alphabetically by label.
    #[default]
    Name,
    /// Most stances first.
    Stances,
    /// By first faction claimed (rows without one last), then by label. Columns, which
    /// claim no faction, fall back to labels.
    Faction,
    /// Similar stances together (seriation).
    Similarity,
}

impl SortOrder {
    /// Every order, as menus list them.
    pub const ALL: [SortOrder; 4] = [
        SortOrder::Name,
        SortOrder::Stances,
        SortOrder::Faction,
        SortOrder::Similarity,
    ];

    /// Its name on the command line and in menus.
    pub fn name(self) -> &'static str {
        match self {
            SortOrder::Name => "name",
            SortOrder::Stances => "stances",
            SortOrder::Faction => "faction",
            SortOrder::Similarity => "similarity",
        }
    }

    /// The order a name stands for.
    pub fn from_name(s: &str) -> Option<SortOrder> {
        SortOrder::ALL.into_iter().find(|o| o.name() == s)
    }
}

fn label(kg: &KnowledgeGraph, ix: NodeIndex) -> String {
    kg.node_at(ix)
        .map_or(String::new(), |n| n.label.to_lowercase())
}

/// Positions of `nodes` ordered by `order`; ties (and every order's last resort) by
/// label, then index, so the order is deterministic.
fn ordered(
    kg: &KnowledgeGraph,
    nodes: &[NodeIndex],
    order: SortOrder,
    stances: impl Fn(usize) -> usize,
    signed: impl FnOnce() -> Vec<Vec<(usize, i8)>>,
    positions: usize,
) -> Vec<usize> {
    let labels: Vec<String> = nodes.iter().map(|&ix| label(kg, ix)).collect();
    let by_label = |a: &usize, b: &usize| labels[*a].cmp(&labels[*b]).then(a.cmp(b));
    let mut out: Vec<usize> = (0..nodes.len()).collect();
    match order {
        SortOrder::Name => out.sort_by(by_label),
        SortOrder::Stances => {
            out.sort_by(|a, b| stances(*b).cmp(&stances(*a)).then_with(|| by_label(a, b)));
        }
        SortOrder::Faction => {
            let faction: Vec<Option<String>> = nodes
                .iter()
                .map(|&ix| {
                    kg.node_at(ix)
                        .and_then(|n| n.factions.first())
                        .map(|c| c.faction.clone())
                })
                .collect();
            out.sort_by(|a, b| {
                let fa = &faction[*a];
                let fb = &faction[*b];
                match (fa, fb) {
                    (Some(x), Some(y)) => x.cmp(y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
                .then_with(|| by_label(a, b))
            });
        }
        SortOrder::Similarity if nodes.len() > MAX_SERIATED => {
            return ordered(kg, nodes, SortOrder::Stances, stances, signed, positions);
        }
        SortOrder::Similarity => {
            // Start from name order so equal distances resolve the same way every time.
            out.sort_by(by_label);
            let signs = signed();
            let paired = paired(&signs, positions);
            // Those who share a side with no one come last, most stances first: at the
            // front they would push the blocks of agreement out of sight.
            let (mut alone, together): (Vec<usize>, Vec<usize>) =
                out.into_iter().partition(|&i| !paired[i]);
            let items: Vec<Vec<(usize, i8)>> = together.iter().map(|&i| signs[i].clone()).collect();
            out = seriate(&items, positions)
                .into_iter()
                .map(|k| together[k])
                .collect();
            alone.sort_by(|a, b| stances(*b).cmp(&stances(*a)).then_with(|| by_label(a, b)));
            out.extend(alone);
        }
    }
    out
}

/// The rows' positions in the order asked for.
pub fn order_rows(kg: &KnowledgeGraph, m: &StanceMatrix, order: SortOrder) -> Vec<usize> {
    ordered(
        kg,
        &m.rows,
        order,
        |r| m.row_stances(r),
        || m.signed_rows(),
        m.cols.len(),
    )
}

/// The columns' positions in the order asked for: by similarity, two ideas sit together
/// when the same people take the same side on both.
pub fn order_cols(kg: &KnowledgeGraph, m: &StanceMatrix, order: SortOrder) -> Vec<usize> {
    let counts = m.col_stances();
    ordered(
        kg,
        &m.cols,
        order,
        |c| counts[c],
        || m.signed_cols(),
        m.rows.len(),
    )
}

/// Which items share a signed position with at least one other item.
fn paired(items: &[Vec<(usize, i8)>], positions: usize) -> Vec<bool> {
    let mut out = vec![false; items.len()];
    for (i, j) in pair_counts(items, positions).into_keys() {
        out[i] = true;
        out[j] = true;
    }
    out
}

/// The condensed distance matrix kodama takes: for i < j, `1 - similarity`, in (0, 2).
pub(super) fn condensed_distances(items: &[Vec<(usize, i8)>], positions: usize) -> Vec<f64> {
    let n = items.len();
    let mut d = vec![1.0; n * n.saturating_sub(1) / 2];
    for ((i, j), (agree, disagree)) in pair_counts(items, positions) {
        // Row-major upper triangle, as kodama lays it out.
        let at = i * n - i * (i + 1) / 2 + (j - i - 1);
        d[at] = 1.0 - similarity(agree, disagree);
    }
    d
}

/// The leaf order of the average-linkage dendrogram: items in the order a depth-first
/// walk meets them, the larger of each merge's two clusters first (ties: the first), so
/// the largest blocks of agreement lead and loose ends trail.
pub(super) fn seriate(items: &[Vec<(usize, i8)>], positions: usize) -> Vec<usize> {
    let n = items.len();
    if n < 3 {
        return (0..n).collect();
    }
    let mut d = condensed_distances(items, positions);
    let dendrogram = linkage(&mut d, n, Method::Average);
    // Cluster k >= n is the merge of step k - n.
    let steps = dendrogram.steps();
    let size = |c: usize| {
        if c < n {
            1
        } else {
            steps.get(c - n).map_or(1, |s| s.size)
        }
    };
    let mut out = Vec::with_capacity(n);
    let mut stack = vec![n + steps.len() - 1];
    while let Some(c) = stack.pop() {
        if c < n {
            out.push(c);
        } else if let Some(step) = steps.get(c - n) {
            let (first, second) = if size(step.cluster2) > size(step.cluster1) {
                (step.cluster2, step.cluster1)
            } else {
                (step.cluster1, step.cluster2)
            };
            stack.push(second);
            stack.push(first);
        }
    }
    out
}
