//! Screen geometry the canvas's other modules share: the camera's mapping between
//! scene and screen, the smallest size a node is drawn at, and clipping a segment to a
//! rectangle. A leaf: it uses nothing else in the canvas.

use egui::{Pos2, Rect, Vec2};

/// Nodes are never drawn smaller than this, in points, so they stay clickable.
pub(super) const MIN_SCREEN_RADIUS: f32 = 4.5;

/// What the camera shows: the scene point at the canvas centre, the zoom and the
/// canvas rect. Scene to screen and back, for the view and for pictures made with an
/// earlier camera.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Camera {
    /// The scene point shown at the centre of the canvas.
    pub(super) center: Vec2,
    /// Screen points per scene unit.
    pub(super) zoom: f32,
    /// The canvas rect, in screen points.
    pub(super) canvas: Rect,
}

impl Camera {
    /// Screen position of a scene point.
    pub(super) fn screen_from_scene(&self, p: Pos2) -> Pos2 {
        self.canvas.center() + (p.to_vec2() - self.center) * self.zoom
    }

    /// Scene position of a screen point.
    pub(super) fn scene_from_screen(&self, p: Pos2) -> Pos2 {
        (self.center + (p - self.canvas.center()) / self.zoom).to_pos2()
    }

    /// The radius on screen of a node `scene_radius` big, never below
    /// [`MIN_SCREEN_RADIUS`].
    pub(super) fn screen_radius(&self, scene_radius: f32) -> f32 {
        (scene_radius * self.zoom).max(MIN_SCREEN_RADIUS)
    }
}

/// The length of `v`: `Vec2::length` calls `hypot`, which guards against overflow
/// that screen coordinates never reach and costs several times a square root.
#[inline]
pub(super) fn fast_length(v: Vec2) -> f32 {
    v.length_sq().sqrt()
}

/// The part of the segment `a`–`b` inside `r` (Liang–Barsky), if any.
pub(super) fn clip_segment(a: Pos2, b: Pos2, r: Rect) -> Option<(Pos2, Pos2)> {
    if r.contains(a) && r.contains(b) {
        return Some((a, b));
    }
    // Both ends beyond the same side: the common case for edges off screen.
    if (a.x < r.min.x && b.x < r.min.x)
        || (a.x > r.max.x && b.x > r.max.x)
        || (a.y < r.min.y && b.y < r.min.y)
        || (a.y > r.max.y && b.y > r.max.y)
    {
        return None;
    }
    let d = b - a;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - r.min.x),
        (d.x, r.max.x - a.x),
        (-d.y, a.y - r.min.y),
        (d.y, r.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((a + d * t0, a + d * t1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{pos2, vec2};

    #[test]
    fn clipping_keeps_inside_and_drops_outside() {
        let r = Rect::from_min_max(pos2(0.0, 0.0), pos2(10.0, 10.0));
        assert_eq!(
            clip_segment(pos2(1.0, 1.0), pos2(2.0, 2.0), r),
            Some((pos2(1.0, 1.0), pos2(2.0, 2.0)))
        );
        assert_eq!(clip_segment(pos2(-5.0, 1.0), pos2(-1.0, 9.0), r), None);
        let (a, b) = clip_segment(pos2(-10.0, 5.0), pos2(20.0, 5.0), r).unwrap_or_default();
        assert!((a.x - 0.0).abs() < 1e-5 && (b.x - 10.0).abs() < 1e-5);
        // Crossing the corner's outside: no part inside.
        assert_eq!(clip_segment(pos2(-5.0, 4.0), pos2(4.0, -5.0), r), None);
    }

    #[test]
    fn the_camera_maps_there_and_back() {
        let camera = Camera {
            center: vec2(100.0, -40.0),
            zoom: 2.5,
            canvas: Rect::from_min_size(pos2(10.0, 20.0), vec2(400.0, 300.0)),
        };
        assert_eq!(
            camera.screen_from_scene(pos2(100.0, -40.0)),
            pos2(210.0, 170.0)
        );
        let p = pos2(33.0, 71.0);
        let back = camera.scene_from_screen(camera.screen_from_scene(p));
        assert!((back - p).length() < 1e-4, "{back:?}");
        assert_eq!(camera.screen_radius(10.0), 25.0);
        assert_eq!(camera.screen_radius(0.1), MIN_SCREEN_RADIUS);
    }
}
