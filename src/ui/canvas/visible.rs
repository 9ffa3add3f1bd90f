//! Visibility: which nodes are on screen this frame, found through the grid rather
//! than by testing every node, and where every node is on screen.

use std::sync::Arc;

use egui::{Pos2, pos2};

use super::frame::{DrawnNode, Visible};
use super::input::CanvasInput;
use super::keys::Fnv;
use super::view::CanvasView;

/// How far past the canvas a node may be and still be drawn, in points.
const VISIBLE_MARGIN: f32 = 30.0;

/// The nodes on screen through the camera of `cv`, in slot order; brings the grid up
/// to date with the layout first.
pub(super) fn visible_nodes(input: &CanvasInput<'_>, cv: &mut CanvasView) -> Arc<Visible> {
    let positions = input.layout.positions();
    cv.caches
        .grid
        .update(positions, input.layout.radii(), input.layout.stamp());
    // Kept while nothing it depends on changed: a frame at rest or hovering over a
    // million nodes in sight otherwise placed every one of them again (20 ms).
    let key = visible_key(input, cv);
    if let Some((kept, visible)) = &cv.caches.visible
        && *kept == key
    {
        return Arc::clone(visible);
    }
    let visible = Arc::new(find_visible(input, cv));
    cv.caches.visible = Some((key, Arc::clone(&visible)));
    visible
}

/// What [`visible_nodes`] depends on besides the grid: the camera and canvas, the
/// layout's stamp (positions and radii), the graph's revision, the agreement mode
/// (which hides all but people) and the metric sizes (their count and a sample).
fn visible_key(input: &CanvasInput<'_>, cv: &CanvasView) -> u64 {
    let camera = cv.camera();
    let sizes = input
        .sampled_slots()
        .map(|(slot, ix)| u64::from(input.scene_radius(slot, ix).to_bits()));
    Fnv::of(
        [
            camera.center.x.to_bits(),
            camera.center.y.to_bits(),
            camera.zoom.to_bits(),
            cv.rect.min.x.to_bits(),
            cv.rect.min.y.to_bits(),
            cv.rect.max.x.to_bits(),
            cv.rect.max.y.to_bits(),
        ]
        .map(u64::from)
        .into_iter()
        .chain([
            input.layout.stamp(),
            input.kg.revision(),
            input
                .agreement
                .map_or(0, |m| std::ptr::from_ref(m.map) as u64),
            input.overlay.size.len() as u64,
        ])
        .chain(sizes),
    )
}

/// [`visible_nodes`], found.
fn find_visible(input: &CanvasInput<'_>, cv: &CanvasView) -> Visible {
    let rect = cv.rect.expand(VISIBLE_MARGIN);
    let positions = input.layout.positions();
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
