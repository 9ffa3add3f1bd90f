//! [`CanvasInput`]: what the window hands the canvas for one frame, and what follows
//! from it alone (a node's size and colour). A leaf: it uses nothing else in the
//! canvas.

use egui::Color32;
use petgraph::stable_graph::NodeIndex;

use super::super::encoding::Encoding;
use super::super::explore::Overlay;
use super::super::history::Selection;
use super::super::layout_state::LayoutState;
use crate::model::{KnowledgeGraph, Node};
use crate::query::View;
use crate::query::{ByHand, ColourMode};

/// A node's scene radius when the layout has none for it.
const FALLBACK_RADIUS: f32 = 6.0;

/// What the canvas needs to draw one frame.
pub struct CanvasInput<'a> {
    /// The graph.
    pub kg: &'a KnowledgeGraph,
    /// What is shown.
    pub view: &'a View,
    /// Positions.
    pub layout: &'a LayoutState,
    /// The current selection.
    pub selection: Option<Selection>,
    /// What colour means.
    pub colour_by: ColourMode,
    /// Faction colours.
    pub encoding: &'a Encoding,
    /// Dark theme.
    pub dark: bool,
    /// Faded excluded nodes, paths, rings, community colours and metric sizes.
    pub overlay: &'a Overlay,
    /// Whether the layout is moving (neither settled nor paused).
    pub layout_moving: bool,
    /// How long the view asked for has been filtering off the UI thread, while it is
    /// (the view shown meanwhile is the last one).
    pub filtering: Option<std::time::Duration>,
    /// What was hidden, kept or added by hand (the background menu offers its undo).
    pub by_hand: &'a ByHand,
}

impl CanvasInput<'_> {
    /// The scene radius of the node `ix` in layout slot `slot`: by the metric when
    /// sizing by one, else the layout's.
    pub(super) fn scene_radius(&self, slot: usize, ix: NodeIndex) -> f32 {
        let layout_radius = self
            .layout
            .radii()
            .get(slot)
            .copied()
            .unwrap_or(FALLBACK_RADIUS);
        self.overlay.size.get(&ix).copied().unwrap_or(layout_radius)
    }

    /// The largest scene radius of any node, given the layout's largest.
    pub(super) fn max_scene_radius(&self, layout_max: f32) -> f32 {
        self.overlay
            .size
            .values()
            .copied()
            .fold(layout_max, f32::max)
    }

    /// A node's colour at full strength: by community when asked, else by the
    /// encoding.
    pub(super) fn node_colour(&self, ix: NodeIndex, node: &Node) -> Color32 {
        let community = (self.colour_by == ColourMode::Community)
            .then(|| self.overlay.community.get(&ix))
            .flatten();
        match community {
            Some(&c) => c,
            None => self.encoding.node_colour(node, self.colour_by, self.dark),
        }
    }
}
