//! The fingerprints the canvas's caches compare to know whether what they hold is still
//! what a frame would build. Every key built from the graph's content takes the graph's
//! revision ([`KnowledgeGraph::revision`]) as well: an edit that leaves the view's
//! indices as they were (a relation changed, a node renamed) still renews the caches.
//! A leaf: it uses nothing else in the canvas.
//!
//! [`KnowledgeGraph::revision`]: crate::model::KnowledgeGraph::revision

use egui::Color32;

use crate::model::Kind;

/// FNV-1a over 64-bit words.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fnv(pub(super) u64);

impl Fnv {
    /// The hash of nothing yet.
    pub(super) fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    /// Mixes one word in.
    pub(super) fn mix(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(0x0000_0100_0000_01b3);
    }

    /// The hash of `words`, in order.
    pub(super) fn of(words: impl IntoIterator<Item = u64>) -> u64 {
        let mut h = Self::new();
        words.into_iter().for_each(|x| h.mix(x));
        h.0
    }
}

/// A hash of how the nodes on screen look: slot, kind, colour and radius of each. A
/// change of colouring, community or size shows in the nodes on screen, so they stand
/// for the picture's margin too.
pub(super) fn node_looks_key(looks: impl Iterator<Item = (usize, Kind, Color32, f32)>) -> u64 {
    Fnv::of(looks.flat_map(|(slot, kind, colour, radius)| {
        [
            slot as u64,
            kind as u64,
            u64::from(u32::from_ne_bytes(colour.to_array())),
            u64::from(radius.to_bits()),
        ]
    }))
}

/// The key of a picture's scene: the graph's `revision`, its edges as grouped
/// (`edges_key`), the positions (`positions_key`), the theme and the nodes' looks
/// (`looks`, zero when no nodes are in the picture).
pub(super) fn scene_key(
    revision: u64,
    edges_key: u64,
    positions_key: u64,
    dark: bool,
    looks: u64,
) -> u64 {
    Fnv::of([revision, edges_key, positions_key, u64::from(dark), looks])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edge, KnowledgeGraph, Node, Relation};

    /// Two graphs of the same shape (the same view, the same positions), one of whose
    /// edges has another relation: their pictures must differ.
    #[test]
    fn a_changed_graph_is_a_new_scene_for_the_same_view() {
        let graph = |relation| {
            let mut d = Document::default();
            d.nodes.push(Node::new("a", "A", Kind::Person));
            d.nodes.push(Node::new("b", "B", Kind::Concept));
            d.edges.push(Edge::new("a", "b", relation));
            KnowledgeGraph::from_document(d)
        };
        let (before, after) = (graph(Relation::Advocates), graph(Relation::Opposes));
        let key = |kg: &KnowledgeGraph| scene_key(kg.revision(), 7, 11, false, 0);
        assert_eq!(key(&before), key(&before));
        assert_ne!(key(&before), key(&after));
        assert_ne!(scene_key(1, 7, 11, false, 0), scene_key(1, 7, 11, true, 0));
    }
}
