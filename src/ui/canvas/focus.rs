//! The focus and the fading around it: the hovered node, else the selected node or
//! edge, else a highlighted path, stays bright with what it touches; the rest fades.

use std::collections::HashSet;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::super::history::Selection;
use super::input::CanvasInput;

/// Opacity of a resting edge while nothing is focused (a focus dims them further).
pub(super) const RESTING_EDGE_ALPHA: f32 = 0.45;

/// What stays bright this frame.
pub(super) struct Focus {
    /// The node under the pointer (or being dragged).
    pub(super) hovered: Option<NodeIndex>,
    /// The selected node, if a node is selected.
    pub(super) selected_node: Option<NodeIndex>,
    /// The selected edge, if an edge is selected.
    pub(super) selected_edge: Option<EdgeIndex>,
    /// The nodes drawn bright: the focus and its neighbours in the view.
    pub(super) near: HashSet<NodeIndex>,
    /// The edges drawn bright: those between the focus and its neighbours.
    pub(super) near_edges: HashSet<EdgeIndex>,
}

impl Focus {
    /// The focus of a frame whose pointer is over `hovered`.
    pub(super) fn new(input: &CanvasInput<'_>, hovered: Option<NodeIndex>) -> Self {
        let selected_node = input.selection.and_then(Selection::node);
        let selected_edge = input.selection.and_then(Selection::edge);
        let mut near: HashSet<NodeIndex> = HashSet::new();
        let mut near_edges: HashSet<EdgeIndex> = HashSet::new();
        if let Some(map) = &input.agreement {
            // The agreement map: a person and those they share stances with, or the
            // two ends of the derived edge selected.
            if let Some(f) = hovered.or(selected_node).filter(|&f| map.shows(f)) {
                near.extend(map.near(f));
            } else if let Some((a, b)) = map.selected {
                near.extend([a, b]);
            }
        } else if let Some(f) = hovered.or(selected_node) {
            near.insert(f);
            for (e, other, _) in input.kg.incident(f) {
                if input.view.has_edge(e) {
                    near.insert(other);
                    near_edges.insert(e);
                }
            }
        } else if let Some(e) = selected_edge
            && let Some((a, b)) = input.kg.endpoints(e)
        {
            near.extend([a, b]);
            near_edges.insert(e);
        }
        // With nothing hovered or selected, a highlighted path is the focus.
        if near.is_empty() && input.agreement.is_none() && !input.overlay.path_nodes.is_empty() {
            near.extend(input.overlay.path_nodes.iter().copied());
            near_edges.extend(input.overlay.path_edges.iter().copied());
        }
        Self {
            hovered,
            selected_node,
            selected_edge,
            near,
            near_edges,
        }
    }

    /// Whether anything is in focus (and the rest faded).
    pub(super) fn is_focused(&self) -> bool {
        !self.near.is_empty()
    }

    /// Whether `ix` is drawn bright.
    pub(super) fn is_near(&self, ix: NodeIndex) -> bool {
        self.near.contains(&ix)
    }

    /// The opacity of something bright (`true`) or not: outside a focus, fainter under
    /// a hover than under a selection, which lasts.
    pub(super) fn fade(&self, bright: bool) -> f32 {
        if !self.is_focused() || bright {
            1.0
        } else if self.hovered.is_some() {
            0.12
        } else {
            0.25
        }
    }

    /// The opacity of a resting edge: unfocused edges recede so nodes and labels read
    /// first.
    pub(super) fn resting_edge_alpha(&self) -> f32 {
        let resting = if self.is_focused() {
            1.0
        } else {
            RESTING_EDGE_ALPHA
        };
        self.fade(false) * resting
    }
}
