//! [`ByHand`]: the nodes the user hid, kept alone or brought in by hand (the canvas's
//! Hide selected, Show only selected and Expand selected), on top of what the filters
//! show. Part of the [`super::ViewSpec`], so the canvas, the metrics, every export, saved
//! views and the CLI's `--view` all see the same nodes.
//!
//! Nodes are kept by id, not by index, so the sets mean the same nodes after an edit of
//! the graph and in a saved view opened on another copy of it; ids the graph lacks are
//! skipped.
//!
//! # Semantics
//! On the nodes and edges the filters (and a comparison) show, in this order:
//! 1. **Added** nodes are shown, with every edge joining them to a shown node: they are
//!    the neighbours the filters hid, brought in beside the nodes they touch.
//! 2. **Only**, when set, keeps just its nodes.
//! 3. **Hidden** nodes are taken away, with their edges.

use std::collections::BTreeSet;

use petgraph::stable_graph::NodeIndex;
use serde::{Deserialize, Serialize};

use super::filter::View;
use crate::model::KnowledgeGraph;

/// What the user changed by hand in what the filters show, by node id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ByHand {
    /// Nodes hidden by hand.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub hidden: BTreeSet<String>,
    /// When set, only these nodes are shown (of what the filters show or was added).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only: Option<BTreeSet<String>>,
    /// Nodes shown although the filters hide them (brought in by Expand).
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub added: BTreeSet<String>,
}

impl ByHand {
    /// True when nothing was changed by hand.
    pub fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.only.is_none() && self.added.is_empty()
    }

    /// Hides `ids`: they leave the "only" and "added" sets too, so hiding always wins.
    pub fn hide<I: IntoIterator<Item = String>>(&mut self, ids: I) {
        for id in ids {
            self.added.remove(&id);
            if let Some(only) = &mut self.only {
                only.remove(&id);
            }
            self.hidden.insert(id);
        }
    }

    /// Shows only `ids` (of what would be shown otherwise); none of them stays hidden.
    pub fn show_only<I: IntoIterator<Item = String>>(&mut self, ids: I) {
        let only: BTreeSet<String> = ids.into_iter().collect();
        self.hidden.retain(|id| !only.contains(id));
        self.only = Some(only);
    }

    /// Shows `ids` although the filters hide them, and whatever hid them by hand
    /// no longer does.
    pub fn add<I: IntoIterator<Item = String>>(&mut self, ids: I) {
        for id in ids {
            self.hidden.remove(&id);
            if let Some(only) = &mut self.only {
                only.insert(id.clone());
            }
            self.added.insert(id);
        }
    }

    /// Undoes Hide and Show only: every node hidden by hand is shown again.
    pub fn show_hidden(&mut self) {
        self.hidden.clear();
        self.only = None;
    }

    /// Undoes Expand: the nodes brought in are left to the filters again, and to
    /// "only" as it was (Expand put them there too, to show them).
    pub fn remove_added(&mut self) {
        if let Some(only) = &mut self.only {
            only.retain(|id| !self.added.contains(id));
        }
        self.added.clear();
    }

    /// Whether this hides the node `id` by hand (hidden, or left out of "only").
    pub fn hides(&self, id: &str) -> bool {
        self.hidden.contains(id) || self.only.as_ref().is_some_and(|o| !o.contains(id))
    }

    /// Stops hiding the node `id` by hand (the sidebar's "Show it").
    pub fn unhide(&mut self, id: &str) {
        self.hidden.remove(id);
        if let Some(only) = &mut self.only {
            only.insert(id.to_owned());
        }
    }

    /// Follows a node's rename from `from` to `to` in every set, so what was hidden,
    /// kept or added by hand stays so under its new id.
    pub fn rename(&mut self, from: &str, to: &str) {
        let sets = [
            Some(&mut self.hidden),
            self.only.as_mut(),
            Some(&mut self.added),
        ];
        for set in sets.into_iter().flatten() {
            if set.remove(from) {
                set.insert(to.to_owned());
            }
        }
    }

    /// Applies the sets to `view`, what the filters show of `kg` (see the module's
    /// semantics). Ids the graph lacks are skipped.
    ///
    /// # Complexity
    /// O((h + o + a) log n + e) for h hidden, o only and a added ids: one pass over the
    /// edges of the added nodes and one over the view's edges.
    pub fn apply(&self, kg: &KnowledgeGraph, view: &mut View) {
        if self.is_empty() {
            return;
        }
        let indices = |ids: &BTreeSet<String>| -> BTreeSet<NodeIndex> {
            ids.iter().filter_map(|id| kg.index_of(id)).collect()
        };
        let added: BTreeSet<NodeIndex> = indices(&self.added)
            .into_iter()
            .filter(|ix| !view.has_node(*ix))
            .collect();
        view.nodes.extend(added.iter().copied());
        for &ix in &added {
            for (e, other, _) in kg.incident(ix) {
                if view.nodes.contains(&other) {
                    view.edges.insert(e);
                }
            }
        }
        if let Some(only) = &self.only {
            let keep = indices(only);
            view.nodes.retain(|ix| keep.contains(ix));
        }
        for ix in indices(&self.hidden) {
            view.nodes.remove(&ix);
        }
        let nodes = &view.nodes;
        view.edges.retain(|&e| {
            kg.endpoints(e)
                .is_some_and(|(a, b)| nodes.contains(&a) && nodes.contains(&b))
        });
    }

    /// What was changed by hand, in words, one phrase each ("3 nodes hidden by hand");
    /// nothing when nothing was.
    pub fn words(&self) -> Vec<String> {
        self.parts().into_iter().map(|(_, words)| words).collect()
    }

    /// Each kind of change by hand there is, with its phrase: what the filter
    /// summary offers to undo, one chip each.
    pub fn parts(&self) -> Vec<(ByHandPart, String)> {
        let nodes = |n: usize| {
            if n == 1 {
                "1 node".to_owned()
            } else {
                format!("{n} nodes")
            }
        };
        let mut parts = Vec::new();
        if let Some(only) = &self.only {
            // Expand puts what it adds in "only" too: those count as added.
            // O(a log o): drawn every frame, and "only" can hold a whole view.
            let chosen = only.len() - self.added.iter().filter(|id| only.contains(*id)).count();
            let words = format!("Only {} chosen by hand", nodes(chosen));
            parts.push((ByHandPart::Only, words));
        }
        if !self.added.is_empty() {
            let words = format!("{} added by hand", nodes(self.added.len()));
            parts.push((ByHandPart::Added, words));
        }
        if !self.hidden.is_empty() {
            let words = format!("{} hidden by hand", nodes(self.hidden.len()));
            parts.push((ByHandPart::Hidden, words));
        }
        parts
    }
}

/// The neighbours of `seeds` in `kg` that `view` does not show, by id, sorted: what
/// Expand brings in.
///
/// # Complexity
/// O(d log n) for the d edges at the seeds.
pub fn hidden_neighbours(
    kg: &KnowledgeGraph,
    view: &View,
    seeds: &BTreeSet<NodeIndex>,
) -> BTreeSet<String> {
    seeds
        .iter()
        .flat_map(|&ix| kg.incident(ix))
        .map(|(_, other, _)| other)
        .filter(|other| !view.has_node(*other) && !seeds.contains(other))
        .filter_map(|other| kg.node_at(other).map(|n| n.id.clone()))
        .collect()
}

/// A kind of change made by hand (see [`ByHand::parts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByHandPart {
    /// Only the nodes chosen are shown.
    Only,
    /// Nodes Expand brought in beside the filters.
    Added,
    /// Nodes hidden.
    Hidden,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edge, Kind, Node, Relation};
    use crate::query::{Filter, apply};

    /// a - b - c, and d alone; a and b are people, c and d concepts.
    fn kg() -> KnowledgeGraph {
        let mut doc = Document::default();
        doc.nodes.push(Node::new("a", "A", Kind::Person));
        doc.nodes.push(Node::new("b", "B", Kind::Person));
        doc.nodes.push(Node::new("c", "C", Kind::Concept));
        doc.nodes.push(Node::new("d", "D", Kind::Concept));
        doc.edges.push(Edge::new("a", "b", Relation::Criticises));
        doc.edges.push(Edge::new("b", "c", Relation::Advocates));
        KnowledgeGraph::from_document(doc)
    }

    fn ids(kg: &KnowledgeGraph, view: &View) -> Vec<String> {
        view.nodes
            .iter()
            .filter_map(|&ix| kg.node_at(ix).map(|n| n.id.clone()))
            .collect()
    }

    fn set(ids: &[&str]) -> BTreeSet<String> {
        ids.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn hiding_takes_nodes_and_their_edges_away() {
        let kg = kg();
        let mut view = View::all(&kg);
        let mut by_hand = ByHand::default();
        by_hand.hide(set(&["b", "nobody"]));
        by_hand.apply(&kg, &mut view);
        assert_eq!(ids(&kg, &view), ["a", "c", "d"]);
        assert!(view.edges.is_empty(), "both edges touched b");
    }

    #[test]
    fn only_keeps_just_its_nodes_of_what_the_filters_show() {
        let kg = kg();
        let people = Filter {
            kinds: [Kind::Person].into(),
            ..Filter::default()
        };
        let mut view = apply(&kg, &people);
        let mut by_hand = ByHand::default();
        by_hand.show_only(set(&["b", "c"]));
        by_hand.apply(&kg, &mut view);
        assert_eq!(ids(&kg, &view), ["b"], "c stays hidden by the filter");
    }

    #[test]
    fn expanding_adds_the_neighbours_the_filters_hide_and_keeps_the_filters() {
        let kg = kg();
        let people = Filter {
            kinds: [Kind::Person].into(),
            ..Filter::default()
        };
        let view = apply(&kg, &people);
        let b = kg.index_of("b").expect("b");
        let new = hidden_neighbours(&kg, &view, &[b].into());
        assert_eq!(new, set(&["c"]), "a is shown already; d is no neighbour");
        let mut by_hand = ByHand::default();
        by_hand.add(new);
        let mut expanded = view.clone();
        by_hand.apply(&kg, &mut expanded);
        assert_eq!(ids(&kg, &expanded), ["a", "b", "c"]);
        assert_eq!(expanded.edges.len(), 2, "c comes with its edge to b");
        // Only and hide still win over what was added.
        by_hand.hide(set(&["c"]));
        let mut hidden = view.clone();
        by_hand.apply(&kg, &mut hidden);
        assert_eq!(hidden, view);
        assert!(by_hand.added.is_empty());
    }

    #[test]
    fn expanding_inside_show_only_shows_the_new_neighbours_too() {
        let kg = kg();
        let mut by_hand = ByHand::default();
        by_hand.show_only(set(&["a"]));
        let mut view = View::all(&kg);
        by_hand.apply(&kg, &mut view);
        let a = kg.index_of("a").expect("a");
        by_hand.add(hidden_neighbours(&kg, &view, &[a].into()));
        let mut view = View::all(&kg);
        by_hand.apply(&kg, &mut view);
        assert_eq!(ids(&kg, &view), ["a", "b"]);
        assert_eq!(view.edges.len(), 1);
    }

    /// Remove added nodes undoes an Expand made inside Show only: the neighbours it
    /// brought in go again.
    #[test]
    fn removing_the_added_nodes_undoes_an_expand_inside_show_only() {
        let kg = kg();
        let mut by_hand = ByHand::default();
        by_hand.show_only(set(&["a"]));
        let mut before = View::all(&kg);
        by_hand.apply(&kg, &mut before);
        let a = kg.index_of("a").expect("a");
        by_hand.add(hidden_neighbours(&kg, &before, &[a].into()));
        by_hand.remove_added();
        let mut after = View::all(&kg);
        by_hand.apply(&kg, &mut after);
        assert_eq!(
            ids(&kg, &after),
            ["a"],
            "b came with Expand and goes with it"
        );
        assert_eq!(by_hand.only, Some(set(&["a"])));
    }

    #[test]
    fn undoing_brings_back_what_the_filters_show() {
        let mut by_hand = ByHand::default();
        by_hand.hide(set(&["a"]));
        by_hand.show_only(set(&["b", "c"]));
        assert!(by_hand.hides("a") && by_hand.hides("d") && !by_hand.hides("b"));
        by_hand.show_hidden();
        by_hand.add(set(&["d"]));
        by_hand.remove_added();
        assert!(by_hand.is_empty());
        by_hand.hide(set(&["a"]));
        by_hand.unhide("a");
        assert!(by_hand.is_empty());
    }

    #[test]
    fn the_words_count_the_nodes() {
        let mut by_hand = ByHand::default();
        assert!(by_hand.words().is_empty());
        by_hand.hide(set(&["a", "b", "c"]));
        by_hand.add(set(&["d"]));
        assert_eq!(
            by_hand.words(),
            ["1 node added by hand", "3 nodes hidden by hand"]
        );
    }

    /// What Expand adds inside Show only is counted once, as added, not as chosen.
    #[test]
    fn the_words_count_what_expand_added_inside_show_only_as_added() {
        let mut by_hand = ByHand::default();
        by_hand.show_only(set(&["a"]));
        by_hand.add(set(&["b", "c"]));
        assert_eq!(
            by_hand.words(),
            ["Only 1 node chosen by hand", "2 nodes added by hand"]
        );
    }
}
