//! Stance groups: the matrix's rows clustered by signed agreement, set beside the
//! faction claims. Groups are an analysis; they are never written back as claims.

use std::collections::BTreeMap;

use kodama::{Method, linkage};

use super::StanceMatrix;
use super::order::{MAX_SERIATED, condensed_distances};
use crate::model::KnowledgeGraph;
use crate::query::filter::{NO_FACTION, in_faction};

/// The rows of a matrix in stance groups.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StanceGroups {
    /// Each group's rows (positions in the matrix), largest group first; every group has
    /// at least two rows.
    pub groups: Vec<Vec<usize>>,
    /// Each row's group, or `None` for a row that agrees on balance with no one.
    pub group_of: Vec<Option<usize>>,
}

/// Average-linkage clustering of the rows' signed stances, cut where the average
/// similarity of two clusters stops being positive: two groups merge only while their
/// members agree, on average, more than they disagree (see [`super::similarity`]).
/// `None` when there are more rows than [`MAX_SERIATED`].
pub fn stance_groups(m: &StanceMatrix) -> Option<StanceGroups> {
    let n = m.rows.len();
    if n > MAX_SERIATED {
        return None;
    }
    let mut parent: Vec<usize> = (0..n).collect();
    if n >= 2 {
        let mut d = condensed_distances(&m.signed_rows(), m.cols.len());
        let dendrogram = linkage(&mut d, n, Method::Average);
        // Cluster k >= n is step k - n; each cluster is named by one of its leaves.
        let mut leaf_of: Vec<usize> = (0..n).collect();
        for step in dendrogram.steps() {
            let (x, y) = (leaf_of[step.cluster1], leaf_of[step.cluster2]);
            leaf_of.push(x);
            if step.dissimilarity < 1.0 - 1e-9 {
                let (rx, ry) = (root(&mut parent, x), root(&mut parent, y));
                parent[ry] = rx;
            }
        }
    }
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for r in 0..n {
        let top = root(&mut parent, r);
        members.entry(top).or_default().push(r);
    }
    let mut groups: Vec<Vec<usize>> = members.into_values().filter(|g| g.len() >= 2).collect();
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    let mut group_of = vec![None; n];
    for (g, rows) in groups.iter().enumerate() {
        for &r in rows {
            group_of[r] = Some(g);
        }
    }
    Some(StanceGroups { groups, group_of })
}

fn root(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// One faction's members across the stance groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactionRow {
    /// The faction claimed ([`NO_FACTION`] for rows claiming none).
    pub faction: String,
    /// How many of its members fall in each group, by group.
    pub per_group: Vec<usize>,
    /// How many are in no group.
    pub ungrouped: usize,
}

/// The faction claims beside the stance groups: for each faction claimed by a row, how
/// many of its members fall in each group; then the rows claiming none.
pub fn faction_table(kg: &KnowledgeGraph, m: &StanceMatrix, g: &StanceGroups) -> Vec<FactionRow> {
    let mut names: Vec<String> = m
        .rows
        .iter()
        .filter_map(|&ix| kg.node_at(ix))
        .flat_map(|n| n.factions.iter().map(|c| c.faction.clone()))
        .collect();
    names.sort();
    names.dedup();
    names.push(NO_FACTION.to_owned());
    names
        .into_iter()
        .map(|faction| {
            let mut row = FactionRow {
                per_group: vec![0; g.groups.len()],
                ungrouped: 0,
                faction,
            };
            for (r, &ix) in m.rows.iter().enumerate() {
                if !kg.node_at(ix).is_some_and(|n| in_faction(n, &row.faction)) {
                    continue;
                }
                match g.group_of.get(r).copied().flatten() {
                    Some(k) => row.per_group[k] += 1,
                    None => row.ungrouped += 1,
                }
            }
            row
        })
        .collect()
}
