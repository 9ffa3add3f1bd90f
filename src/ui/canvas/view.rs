//! [`CanvasView`]: the camera and the interaction state that last between frames, and
//! the caches the canvas keeps to avoid redoing work.

use std::sync::Arc;

use egui::{Pos2, Rect, Vec2, vec2};
use petgraph::stable_graph::NodeIndex;

use super::edges::{DashTexture, EdgeCache, EdgeMeshCache};
use super::geometry::Camera;
use super::grid::NodeGrid;
use super::minimap::MinimapCache;
use super::picture::Picture;
use super::room::free_rect;

/// Zoom limits, in screen points per scene unit. A map too large to fit at the lower
/// limit may be zoomed out further, to half the zoom that fits it whole (see
/// `CanvasView::floor`).
pub const ZOOM_RANGE: (f32, f32) = (0.05, 8.0);

/// The lowest zoom fitting may choose: a million nodes span tens of thousands of scene
/// units.
const FIT_MIN_ZOOM: f32 = 1e-4;

/// Seconds a camera move takes.
const CAMERA_SECS: f32 = 0.35;

/// How far inside the canvas's edges (and outside an overlay's) a point must be to
/// count as shown, in points: a node there is seen whole, not cut by the edge.
const SHOWN_MARGIN: f32 = 40.0;

/// A camera move in progress.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct CameraMove {
    from: (Vec2, f32),
    to: (Vec2, f32),
    t: f32,
}

/// The canvas camera and the interaction state that lasts between frames.
#[derive(Clone, Debug, PartialEq)]
pub struct CanvasView {
    /// The scene point shown at the centre of the canvas.
    pub center: Vec2,
    /// Screen points per scene unit.
    pub zoom: f32,
    /// While true, the camera follows the layout so that everything stays in view;
    /// cleared as soon as the user pans or zooms.
    pub auto_fit: bool,
    /// The lowest zoom the wheel reaches: [`ZOOM_RANGE`]'s, or half the zoom that last
    /// fitted the map whole if that is lower (at the fixed limit a million-node map
    /// could never be seen whole).
    floor: f32,
    /// The canvas rect of the last frame, in screen points.
    pub rect: Rect,
    /// What floated over the canvas in the last frame (toolbar, legend, overview map),
    /// in screen points: fitting keeps the graph clear of it.
    covered: Vec<Rect>,
    /// The node under the pointer in the last frame.
    pub hovered: Option<NodeIndex>,
    /// The camera move under way, if any.
    pub(super) camera_move: Option<CameraMove>,
    /// Offset from the pointer to the centre of the node being dragged, in scene units.
    pub(super) drag_offset: Option<(NodeIndex, Vec2)>,
    /// The node whose context menu is open (large graphs keep its widget alive).
    pub(super) menu_node: Option<NodeIndex>,
    /// The box being drawn with Shift+drag: where it began and where the pointer is,
    /// in screen points.
    pub(super) select_box: Option<(Pos2, Pos2)>,
    /// The node a new edge is being drawn from with Ctrl+drag (see `linking`).
    pub(super) link_from: Option<NodeIndex>,
    /// Where that drag was let go, in screen points, until the frame reads it.
    pub(super) link_drop: Option<Pos2>,
    /// Where the background was right-clicked, in scene units: where *New node here*
    /// puts the node.
    pub(super) menu_at: Option<Pos2>,
    /// Nodes labelled in the last frame: on large graphs, the ones given widgets (and
    /// so accessible names) besides the one under the pointer.
    pub(super) labelled: Vec<NodeIndex>,
    /// Every label the last frame drew: its node and its box, in screen points.
    pub(super) label_boxes: Vec<(NodeIndex, Rect)>,
    /// What the canvas keeps between frames.
    pub(super) caches: Caches,
}

/// What the canvas keeps between frames to avoid redoing work: never part of what the
/// camera is, so two views compare equal whatever their caches hold.
#[derive(Clone, Debug, Default)]
pub(super) struct Caches {
    /// The view's edges grouped for parallel offsets, rebuilt when the graph or the
    /// view changes.
    pub(super) edges: EdgeCache,
    /// Node centres by grid cell, rebuilt when the layout moves.
    pub(super) grid: NodeGrid,
    /// The resting-edge mesh of large views, rebuilt when the graph, camera, layout or
    /// focus changes.
    pub(super) edge_mesh: EdgeMeshCache,
    /// A picture of a large view's resting edges (and nodes), made off the UI thread
    /// at rest.
    pub(super) picture: Picture,
    /// Dash patterns for the edge mesh, and a solid texel for the node mesh.
    pub(super) dashes: Option<DashTexture>,
    /// Last frame's node mesh of a large view, whose buffers the next frame reuses.
    pub(super) node_mesh: Arc<egui::Mesh>,
    /// The overview map's dots, rebuilt when the layout moves.
    pub(super) minimap: MinimapCache,
    /// The nodes on screen, and the key of what they were found from (see
    /// `visible::visible_nodes`).
    pub(super) visible: Option<(u64, Arc<super::frame::Visible>)>,
    /// The inputs of the last frame's node looks, and the key they gave (see
    /// `draw_edges::looks_key`).
    pub(super) looks: Option<(u64, u64)>,
    /// How many nodes the last frame drew one by one (not from the picture).
    pub(super) nodes_drawn: usize,
}

impl PartialEq for Caches {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Default for CanvasView {
    fn default() -> Self {
        Self {
            center: Vec2::ZERO,
            zoom: 1.0,
            auto_fit: true,
            floor: ZOOM_RANGE.0,
            rect: Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            covered: Vec::new(),
            hovered: None,
            camera_move: None,
            drag_offset: None,
            menu_node: None,
            select_box: None,
            link_from: None,
            link_drop: None,
            menu_at: None,
            labelled: Vec::new(),
            label_boxes: Vec::new(),
            caches: Caches::default(),
        }
    }
}

impl CanvasView {
    /// The camera as it is now.
    pub(super) fn camera(&self) -> Camera {
        Camera {
            center: self.center,
            zoom: self.zoom,
            canvas: self.rect,
        }
    }

    /// Screen position of a scene point.
    pub fn screen_from_scene(&self, p: Pos2) -> Pos2 {
        self.camera().screen_from_scene(p)
    }

    /// Scene position of a screen point.
    pub fn scene_from_screen(&self, p: Pos2) -> Pos2 {
        self.camera().scene_from_screen(p)
    }

    /// Records what floats over the canvas this frame (screen rects): the next fit
    /// keeps the graph clear of it. Returns whether it changed, so the caller can ask
    /// for one more frame while the camera follows the layout.
    pub fn set_covered(&mut self, covered: Vec<Rect>) -> bool {
        let changed = covered != self.covered;
        self.covered = covered;
        changed
    }

    /// What floated over the canvas in the last frame, in screen points.
    pub fn covered(&self) -> &[Rect] {
        &self.covered
    }

    /// Whether the scene point `p` is on screen, clear of the canvas's edges and of
    /// every overlay: where the user sees it.
    pub fn shows(&self, p: Pos2) -> bool {
        let at = self.screen_from_scene(p);
        self.rect.shrink(SHOWN_MARGIN).contains(at)
            && !self
                .covered
                .iter()
                .any(|r| r.expand(SHOWN_MARGIN / 2.0).contains(at))
    }

    /// The camera that shows `bounds` (scene units) whole, with a margin, in the part
    /// of the canvas no overlay covers.
    fn fitting(&self, bounds: Rect, max_zoom: f32) -> (Vec2, f32) {
        let size = bounds.size().max(Vec2::splat(1.0));
        let room = free_rect(self.rect, &self.covered, size);
        let avail = (room.size() - Vec2::splat(60.0)).max(Vec2::splat(50.0));
        let zoom = (avail.x / size.x)
            .min(avail.y / size.y)
            .clamp(FIT_MIN_ZOOM, max_zoom.max(FIT_MIN_ZOOM));
        // The camera centres the canvas: offset it so the bounds centre the room.
        let center = bounds.center().to_vec2() - (room.center() - self.rect.center()) / zoom;
        (center, zoom)
    }

    /// Jumps so that `bounds` fits.
    pub fn fit_now(&mut self, bounds: Rect) {
        let (c, z) = self.fitting(bounds, 1.5);
        self.floor = (z * 0.5).min(ZOOM_RANGE.0);
        self.center = c;
        self.zoom = z;
        self.camera_move = None;
    }

    /// Moves smoothly so that `bounds` fits, zooming to at most `max_zoom`.
    pub fn animate_fit(&mut self, bounds: Rect, max_zoom: f32) {
        let to = self.fitting(bounds, max_zoom);
        self.floor = (to.1 * 0.5).min(ZOOM_RANGE.0);
        self.animate_to(to.0, to.1);
    }

    /// Moves smoothly to centre `center` at `zoom`.
    pub fn animate_to(&mut self, center: Vec2, zoom: f32) {
        let zoom = zoom.clamp(self.floor, ZOOM_RANGE.1);
        self.camera_move = Some(CameraMove {
            from: (self.center, self.zoom),
            to: (center, zoom),
            t: 0.0,
        });
    }

    /// Zooms by `factor` keeping the scene point under `screen_pos` fixed.
    pub fn zoom_around(&mut self, factor: f32, screen_pos: Pos2) {
        let before = self.scene_from_screen(screen_pos);
        self.zoom = (self.zoom * factor).clamp(self.floor, ZOOM_RANGE.1);
        let after = self.scene_from_screen(screen_pos);
        self.center += before - after;
        self.camera_move = None;
    }

    /// Advances a camera move by `dt` seconds; returns true while moving.
    pub(super) fn advance_camera(&mut self, dt: f32) -> bool {
        let Some(mut m) = self.camera_move else {
            return false;
        };
        m.t = (m.t + dt / CAMERA_SECS).min(1.0);
        let s = m.t * m.t * (3.0 - 2.0 * m.t);
        self.center = m.from.0 + (m.to.0 - m.from.0) * s;
        // Interpolate zoom geometrically so zooming feels even.
        self.zoom = m.from.1 * (m.to.1 / m.from.1).powf(s);
        if m.t >= 1.0 {
            self.camera_move = None;
            false
        } else {
            self.camera_move = Some(m);
            true
        }
    }

    /// Whether a camera move is under way.
    pub fn is_moving(&self) -> bool {
        self.camera_move.is_some()
    }

    /// The nodes the last frame named on the canvas and gave widgets (crowded views
    /// only; see [`CanvasView::label_boxes`] for every label).
    pub fn labelled(&self) -> &[NodeIndex] {
        &self.labelled
    }

    /// Every label the last frame drew: its node and its box (text and halo), in
    /// screen points.
    pub fn label_boxes(&self) -> &[(NodeIndex, Rect)] {
        &self.label_boxes
    }

    /// How many nodes the last frame drew one by one rather than from the picture: all
    /// on screen for small views, a sample for huge ones in motion.
    pub fn nodes_drawn(&self) -> usize {
        self.caches.nodes_drawn
    }

    /// Whether a picture of a large view is shown and no other is being drawn.
    pub fn picture_ready(&self) -> bool {
        self.caches.picture.is_shown() && !self.caches.picture.is_pending()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A map wider than the lower zoom limit can show is fitted whole, and the wheel
    /// reaches half that zoom but no further; a small map keeps the usual limit.
    #[test]
    fn a_map_too_large_for_the_zoom_limit_still_fits_whole() {
        let mut cv = CanvasView::default();
        let huge = Rect::from_center_size(Pos2::ZERO, vec2(100_000.0, 80_000.0));
        cv.fit_now(huge);
        assert!(cv.zoom < ZOOM_RANGE.0, "{}", cv.zoom);
        let seen = Rect::from_center_size(cv.center.to_pos2(), cv.rect.size() / cv.zoom);
        assert!(seen.contains_rect(huge), "{seen:?}");
        let fitted = cv.zoom;
        for _ in 0..50 {
            cv.zoom_around(0.5, cv.rect.center());
        }
        assert!(
            (cv.zoom - fitted * 0.5).abs() < 1e-9,
            "{} vs {fitted}",
            cv.zoom
        );
        let mut small = CanvasView::default();
        small.fit_now(Rect::from_center_size(Pos2::ZERO, vec2(500.0, 400.0)));
        for _ in 0..50 {
            small.zoom_around(0.5, small.rect.center());
        }
        assert_eq!(small.zoom, ZOOM_RANGE.0);
    }
}
