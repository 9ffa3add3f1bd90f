//! The overview map (as Cytoscape's Network Overview): every shown node as a dot in a
//! small box in the canvas's corner, with a rectangle for what the canvas shows.
//! Clicking or dragging in it moves the camera there, the rectangle following the
//! pointer. The dots are one mesh, built again only when the layout moves, and at
//! most [`MAX_DOTS`] of them, so a 10,000-node view costs a frame almost nothing.

use std::sync::Arc;

use egui::{Mesh, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2, pos2, vec2};

use super::super::layout_state::LayoutState;
use super::super::theme;
use super::geometry::Camera;
use super::keys::Fnv;

/// Views with more nodes than this show the overview map unless the user turned it off.
pub const MINIMAP_MIN_NODES: usize = 300;

/// The most dots drawn: beyond it, every k-th node, which shows the shape as well.
const MAX_DOTS: usize = 4_000;

/// The map's size, in points.
const MAP_SIZE: Vec2 = vec2(200.0, 140.0);

/// Space left between the map's edge and the dots, in points.
const MAP_PADDING: f32 = 6.0;

/// Side of a dot, in points.
const DOT_SIDE: f32 = 2.0;

/// The dots as last built, and what they were built from.
#[derive(Clone, Debug, Default)]
pub(super) struct MinimapCache {
    /// Hash of the positions, the map's rect and the theme the mesh was built from.
    key: Option<u64>,
    /// The dots, in screen points.
    mesh: Arc<Mesh>,
    /// How scene points map into the map.
    map: Option<MapTransform>,
}

/// Scene to map and back: the layout's bounds fitted into the map, keeping their
/// shape.
#[derive(Clone, Copy, Debug, PartialEq)]
struct MapTransform {
    /// The scene point at the map's centre.
    scene_center: Pos2,
    /// The map's centre, in screen points.
    map_center: Pos2,
    /// Map points per scene unit.
    scale: f32,
}

impl MapTransform {
    /// Fits `bounds` (scene units) into `rect` (screen points).
    fn fitting(bounds: Rect, rect: Rect) -> Self {
        let room = rect.shrink(MAP_PADDING).size();
        let size = bounds.size().max(Vec2::splat(1e-3));
        Self {
            scene_center: bounds.center(),
            map_center: rect.center(),
            scale: (room.x / size.x).min(room.y / size.y),
        }
    }

    fn map_from_scene(&self, p: Pos2) -> Pos2 {
        self.map_center + (p - self.scene_center) * self.scale
    }

    fn scene_from_map(&self, p: Pos2) -> Pos2 {
        self.scene_center + (p - self.map_center) / self.scale
    }
}

/// Draws the overview map of `layout` into `ui`, with `camera`'s view as a box.
/// `positions_key` changes whenever a node moves (the grid's fingerprint). Returns the
/// map's response (its rect is what it covers) and, while the pointer is pressed on
/// it, the scene point the camera should centre.
pub(super) fn map_ui(
    ui: &mut egui::Ui,
    layout: &LayoutState,
    cache: &mut MinimapCache,
    (camera, positions_key): (Camera, u64),
    dark: bool,
) -> (egui::Response, Option<Pos2>) {
    let (rect, resp) = ui.allocate_exact_size(MAP_SIZE, Sense::click_and_drag());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Overview map"));
    let resp = resp.on_hover_text("Overview: click or drag to move the view");
    let visuals = ui.visuals();
    let (fill, border, dot) = (
        visuals.panel_fill.gamma_multiply(0.94),
        visuals.widgets.noninteractive.bg_stroke,
        visuals.weak_text_color(),
    );
    let painter = ui.painter_at(rect);
    painter.rect(rect, 4.0, fill, border, StrokeKind::Inside);
    update_dots(cache, layout, positions_key, rect, dot);
    painter.add(egui::Shape::Mesh(Arc::clone(&cache.mesh)));
    let Some(map) = cache.map else {
        return (resp, None);
    };
    // What the canvas shows, clipped to the map when it reaches past.
    let shown = Rect::from_two_pos(
        map.map_from_scene(camera.scene_from_screen(camera.canvas.min)),
        map.map_from_scene(camera.scene_from_screen(camera.canvas.max)),
    );
    painter.rect_stroke(
        shown.intersect(rect.shrink(1.0)),
        1.0,
        Stroke::new(1.5, theme::selection_colour(dark)),
        StrokeKind::Middle,
    );
    // Pressing is enough: the box jumps under the pointer and follows it while dragged.
    let target = resp
        .is_pointer_button_down_on()
        .then(|| resp.interact_pointer_pos())
        .flatten()
        .map(|p| map.scene_from_map(rect.clamp(p)));
    (resp, target)
}

/// Builds the dots again if the layout, the map's place or the colour changed.
fn update_dots(
    cache: &mut MinimapCache,
    layout: &LayoutState,
    positions_key: u64,
    rect: Rect,
    colour: egui::Color32,
) {
    let key = Fnv::of([
        positions_key,
        u64::from(rect.min.x.to_bits()),
        u64::from(rect.min.y.to_bits()),
        u64::from(u32::from_ne_bytes(colour.to_array())),
        layout.positions().len() as u64,
    ]);
    if cache.key == Some(key) {
        return;
    }
    cache.key = Some(key);
    let Some(bounds) = layout.bounds() else {
        cache.map = None;
        cache.mesh = Arc::new(Mesh::default());
        return;
    };
    let map = MapTransform::fitting(bounds, rect);
    let positions = layout.positions();
    let stride = positions.len().div_ceil(MAX_DOTS).max(1);
    // Reuse last build's buffers when no frame holds them any more.
    let mesh = Arc::make_mut(&mut cache.mesh);
    mesh.clear();
    for p in positions.iter().step_by(stride) {
        if !(p[0].is_finite() && p[1].is_finite()) {
            continue;
        }
        let at = map.map_from_scene(pos2(p[0], p[1]));
        mesh.add_colored_rect(Rect::from_center_size(at, Vec2::splat(DOT_SIDE)), colour);
    }
    cache.map = Some(map);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scene_and_map_are_inverse_and_the_bounds_fit() {
        let bounds = Rect::from_min_max(pos2(-500.0, -100.0), pos2(1500.0, 300.0));
        let rect = Rect::from_min_size(pos2(700.0, 500.0), MAP_SIZE);
        let map = MapTransform::fitting(bounds, rect);
        for p in [bounds.min, bounds.max, bounds.center(), pos2(3.0, 7.0)] {
            let back = map.scene_from_map(map.map_from_scene(p));
            assert!((back - p).length() < 1e-2, "{p:?} -> {back:?}");
        }
        assert!(rect.contains(map.map_from_scene(bounds.min)));
        assert!(rect.contains(map.map_from_scene(bounds.max)));
    }
}
