//! [`Frame`]: what one frame of the canvas knows, gathered phase by phase (the camera
//! after input, the nodes on screen, the focus, how edges are drawn) and read by the
//! phases that paint.

use egui::{Pos2, Rect, TextureId};
use petgraph::stable_graph::NodeIndex;

use super::focus::Focus;
use super::geometry::Camera;
use super::input::CanvasInput;

/// Up to this many nodes on screen, every node is its own widget (hit testing and an
/// accessible name each). Beyond it, only the node under the pointer, the one being
/// dragged, the one with a menu open and the labelled ones are: thousands of widgets
/// a frame would cost more than the drawing.
const MAX_NODE_WIDGETS: usize = 1_500;

/// Below this zoom, edges outside the focus are drawn without arrowheads.
const ARROW_MIN_ZOOM: f32 = 0.8;

/// Above this many nodes on screen, frames in motion mesh node fills only (no outline or
/// anti-aliased rim): a fifth of the triangles, all back at rest. Views with a picture
/// of their edges also put their nodes in it from this many on.
const NODE_MESH_LITE_MIN: usize = 3_000;

/// Width of a node's outline, in points.
pub(super) const NODE_OUTLINE_WIDTH: f32 = 1.2;

/// One node as drawn this frame.
#[derive(Debug)]
pub(super) struct DrawnNode {
    /// The node.
    pub(super) ix: NodeIndex,
    /// Its layout slot.
    pub(super) slot: usize,
    /// Its centre on screen.
    pub(super) pos: Pos2,
    /// Its radius on screen, in points.
    pub(super) radius: f32,
    /// Its radius in the scene.
    pub(super) scene_radius: f32,
}

/// The nodes on screen this frame.
#[derive(Debug)]
pub(super) struct Visible {
    /// The canvas grown by a margin: what reaches into it is drawn.
    pub(super) rect: Rect,
    /// Screen positions by layout slot (edges need both ends, on screen or not).
    pub(super) spos: Vec<Pos2>,
    /// The nodes on screen, in slot order, which is drawing order.
    pub(super) drawn: Vec<DrawnNode>,
    /// How far past the visible rect a node's centre may be while its body still
    /// shows: the largest node radius on screen, in points.
    pub(super) reach: f32,
}

impl Visible {
    /// The node drawn from `slot`, if it is on screen.
    pub(super) fn drawn_at(&self, slot: usize) -> Option<&DrawnNode> {
        self.drawn
            .binary_search_by_key(&slot, |d| d.slot)
            .ok()
            .and_then(|i| self.drawn.get(i))
    }

    /// Whether there are too many nodes on screen for each to be a widget.
    pub(super) fn is_crowded(&self) -> bool {
        self.drawn.len() > MAX_NODE_WIDGETS
    }

    /// Whether there are so many nodes on screen that frames in motion draw them
    /// plainer, and a picture of the edges takes the nodes in too.
    pub(super) fn is_packed(&self) -> bool {
        self.drawn.len() > NODE_MESH_LITE_MIN
    }
}

/// What moves this frame.
#[derive(Clone, Copy, Debug)]
pub(super) struct Motion {
    /// The user panned or zoomed in this frame.
    pub(super) camera_input: bool,
    /// A camera move is under way.
    pub(super) camera_moving: bool,
    /// The layout is moving (neither settled nor paused).
    pub(super) layout_moving: bool,
}

impl Motion {
    /// Frames in motion (camera or layout) may draw large views more coarsely; the
    /// frame at rest draws everything.
    pub(super) fn in_motion(&self) -> bool {
        self.camera_input || self.camera_moving || self.layout_moving
    }
}

/// How a frame draws its resting edges (those outside the focus).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum EdgeStrategy {
    /// A shape per edge, exactly as egui draws shapes: views with few edges.
    Shapes,
    /// All of them in one textured mesh, one edge in `stride` (1: every one).
    Mesh {
        /// Draw one resting edge in this many.
        stride: usize,
    },
    /// The picture of them, at `at` on screen, in place of the canvas backdrop.
    Picture {
        /// The picture's texture.
        texture: TextureId,
        /// Where it lands on screen.
        at: Rect,
        /// Whether the nodes outside the focus are in the picture too.
        with_nodes: bool,
    },
}

/// What one frame of the canvas knows.
pub(super) struct Frame<'a> {
    /// What the window handed the canvas.
    pub(super) input: &'a CanvasInput<'a>,
    /// The camera, once input has moved it.
    pub(super) camera: Camera,
    /// What moves.
    pub(super) motion: Motion,
    /// The nodes on screen.
    pub(super) visible: std::sync::Arc<Visible>,
    /// What stays bright.
    pub(super) focus: Focus,
    /// How the resting edges are drawn.
    pub(super) strategy: EdgeStrategy,
    /// Whether a large view's edges are still being grouped (none are drawn meanwhile).
    pub(super) edges_pending: bool,
}

impl Frame<'_> {
    /// The canvas rect, in screen points.
    pub(super) fn rect(&self) -> Rect {
        self.camera.canvas
    }

    /// Whether the theme is dark.
    pub(super) fn dark(&self) -> bool {
        self.input.dark
    }

    /// Whether resting edges get arrowheads: only when zoomed in far enough.
    pub(super) fn arrows(&self) -> bool {
        self.camera.zoom >= ARROW_MIN_ZOOM
    }

    /// Whether the nodes outside the focus are in the picture, not drawn one by one.
    pub(super) fn nodes_pictured(&self) -> bool {
        matches!(
            self.strategy,
            EdgeStrategy::Picture {
                with_nodes: true,
                ..
            }
        )
    }

    /// Edges are clipped to this screen rect: a long edge zoomed in would otherwise be
    /// thousands of dashes.
    pub(super) fn edge_clip(&self) -> Rect {
        self.rect().expand(40.0)
    }
}
