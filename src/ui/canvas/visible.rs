//! Visibility: which nodes are on screen this frame, found through the grid rather
//! than by testing every node, and where every node is on screen.

use egui::{Pos2, pos2};

use super::frame::{DrawnNode, Visible};
use super::input::CanvasInput;
use super::view::CanvasView;

/// How far past the canvas a node may be and still be drawn, in points.
const VISIBLE_MARGIN: f32 = 30.0;

/// The nodes on screen through the camera of `cv`, in slot order; brings the grid up
/// to date with the layout first.
pub(super) fn visible_nodes(input: &CanvasInput<'_>, cv: &mut CanvasView) -> Visible {
    let rect = cv.rect.expand(VISIBLE_MARGIN);
    let positions = input.layout.positions();
    cv.caches
        .grid
        .update(positions, input.layout.radii(), input.layout.stamp());
    let camera = cv.camera();
    let spos: Vec<Pos2> = positions
        .iter()
        .map(|p| camera.screen_from_scene(pos2(p[0], p[1])))
        .collect();
    let max_scene_radius = input.max_scene_radius(cv.caches.grid.max_radius());
    let reach = camera.screen_radius(max_scene_radius);
    let drawn = cv
        .caches
        .grid
        .slots_reaching(&camera, rect, reach)
        .into_iter()
        .filter_map(|slot| {
            let pos = *spos.get(slot)?;
            let ix = *input.layout.nodes().get(slot)?;
            if input.hides(ix) {
                return None;
            }
            let scene_radius = input.scene_radius(slot, ix);
            let radius = camera.screen_radius(scene_radius);
            if !(pos.x.is_finite() && pos.y.is_finite() && rect.expand(radius).contains(pos)) {
                return None;
            }
            Some(DrawnNode {
                ix,
                slot,
                pos,
                radius,
                scene_radius,
            })
        })
        .collect();
    Visible {
        rect,
        spos,
        drawn,
        reach,
    }
}
