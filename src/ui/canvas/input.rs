//! [`CanvasInput`]: what the window hands the canvas for one frame, and what follows
//! from it alone (a node's size and colour). A leaf: it uses nothing else in the
//! canvas.

use egui::Color32;
use petgraph::stable_graph::NodeIndex;

use super::super::agreement::MapInput;
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
    /// The graph (shared: the canvas groups a large view's edges on another thread).
    pub kg: &'a std::sync::Arc<KnowledgeGraph>,
    /// What is shown (shared: the canvas's caches know it by its address).
    pub view: &'a std::sync::Arc<View>,
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
    /// The agreement map, in the agreement mode: only the view's people are drawn,
    /// with derived edges in place of the graph's.
    pub agreement: Option<MapInput<'a>>,
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

    /// At most 64 slots of the layout with their nodes, spread evenly over it: a
    /// sample, whatever the camera shows, in which a change to every node's look or size
    /// shows (the keys of the canvas's caches take it).
    pub(super) fn sampled_slots(&self) -> impl Iterator<Item = (usize, NodeIndex)> + '_ {
        let nodes = self.layout.nodes();
        let step = nodes.len().div_ceil(64).max(1);
        nodes.iter().copied().enumerate().step_by(step)
    }

    /// What fitting the camera shows: in the agreement mode the people, else every
    /// node.
    pub(super) fn fit_bounds(&self) -> Option<egui::Rect> {
        self.agreement
            .and_then(|m| m.bounds(self.layout))
            .or_else(|| self.layout.bounds())
    }

    /// Whether the canvas leaves the node out: in the agreement mode, all but people.
    pub(super) fn hides(&self, ix: NodeIndex) -> bool {
        self.agreement.is_some_and(|m| !m.shows(ix))
    }

    /// The largest scene radius of any node, given the layout's largest.
    pub(super) fn max_scene_radius(&self, layout_max: f32) -> f32 {
        self.overlay
            .size
            .values()
            .copied()
            .fold(layout_max, f32::max)
    }

    /// A node's colour at full strength: by stance group in the agreement mode, by
    /// community when asked, else by the encoding.
    pub(super) fn node_colour(&self, ix: NodeIndex, node: &Node) -> Color32 {
        if let Some(map) = &self.agreement {
            // The agreement map colours people by stance group.
            return match map.map.group_of.get(&ix) {
                Some(&g) => super::super::theme::stance_group_colour(g),
                None => super::super::theme::no_faction_colour(self.dark),
            };
        }
        let community = (self.colour_by == ColourMode::Community)
            .then(|| self.overlay.community.get(&ix))
            .flatten();
        match community {
            Some(&c) => c,
            None => self.encoding.node_colour(node, self.colour_by, self.dark),
        }
    }
}
