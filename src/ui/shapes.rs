//! Painting nodes and edges: a shape per kind, a line style per relation tone, arrowheads.
//! Used by the canvas and by the legend, so the legend always matches the drawing.

use egui::{Color32, Painter, Pos2, Shape, Stroke, Vec2, pos2, vec2};

use super::theme::EdgeStyle;
use crate::model::Kind;

/// Paints a node of `kind` centred at `c` with radius `r` (in points).
///
/// People are circles, organisations squares, publications documents (a page with a
/// folded corner), concepts diamonds and events hexagons.
pub fn paint_node(painter: &Painter, kind: Kind, c: Pos2, r: f32, fill: Color32, stroke: Stroke) {
    match kind {
        Kind::Person => {
            painter.circle(c, r, fill, stroke);
        }
        Kind::Organisation => {
            let s = r * 0.9;
            let rect = egui::Rect::from_center_size(c, Vec2::splat(2.0 * s));
            painter.rect(rect, r * 0.15, fill, stroke, egui::StrokeKind::Middle);
        }
        Kind::Publication => {
            let (w, h) = (r * 0.8, r);
            let fold = r * 0.45;
            let pts = vec![
                pos2(c.x - w, c.y - h),
                pos2(c.x + w - fold, c.y - h),
                pos2(c.x + w, c.y - h + fold),
                pos2(c.x + w, c.y + h),
                pos2(c.x - w, c.y + h),
            ];
            painter.add(Shape::convex_polygon(pts, fill, stroke));
            // The folded corner.
            let corner = vec![
                pos2(c.x + w - fold, c.y - h),
                pos2(c.x + w - fold, c.y - h + fold),
                pos2(c.x + w, c.y - h + fold),
            ];
            painter.add(Shape::line(corner, stroke));
        }
        Kind::Concept => {
            let s = r * 1.15;
            let pts = vec![
                pos2(c.x, c.y - s),
                pos2(c.x + s, c.y),
                pos2(c.x, c.y + s),
                pos2(c.x - s, c.y),
            ];
            painter.add(Shape::convex_polygon(pts, fill, stroke));
        }
        Kind::Event => {
            let pts = (0..6)
                .map(|i| {
                    let a = std::f32::consts::FRAC_PI_3 * i as f32;
                    c + r * 1.05 * vec2(a.cos(), a.sin())
                })
                .collect();
            painter.add(Shape::convex_polygon(pts, fill, stroke));
        }
    }
}

/// Paints an edge from `a` to `b` with the tone's style, `width_scale` times as wide,
/// and an arrowhead at `b` when `arrow` is set.
pub fn paint_edge(
    painter: &Painter,
    a: Pos2,
    b: Pos2,
    style: EdgeStyle,
    colour: Color32,
    width_scale: f32,
    arrow: bool,
) {
    let d = b - a;
    let len = d.length();
    if len < 1.0 || !len.is_finite() {
        return;
    }
    let dir = d / len;
    let width = style.width * width_scale;
    let head = if arrow {
        (5.0 + 1.5 * width).min(len * 0.5)
    } else {
        0.0
    };
    let line_end = b - dir * head * 0.8;
    let stroke = Stroke::new(width, colour);
    match style.dash {
        Some((dash, gap)) => {
            painter.extend(Shape::dashed_line(&[a, line_end], stroke, dash, gap));
        }
        None => {
            painter.line_segment([a, line_end], stroke);
        }
    }
    if arrow && head > 1.0 {
        let normal = vec2(-dir.y, dir.x);
        let base = b - dir * head;
        let pts = vec![b, base + normal * head * 0.45, base - normal * head * 0.45];
        painter.add(Shape::convex_polygon(pts, colour, Stroke::NONE));
    }
}

/// A small pin mark at the top right of a node of radius `r` at `c`.
pub fn paint_pin(painter: &Painter, c: Pos2, r: f32, colour: Color32, outline: Color32) {
    let head = c + vec2(r * 0.75, -r * 0.75) + vec2(4.0, -4.0);
    let tip = head + vec2(-5.0, 5.0);
    painter.line_segment([head, tip], Stroke::new(2.0, outline));
    painter.circle(head, 4.0, colour, Stroke::new(1.2, outline));
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return (p - a).length();
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    (p - (a + ab * t)).length()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_distance() {
        let (a, b) = (pos2(0.0, 0.0), pos2(10.0, 0.0));
        assert!((distance_to_segment(pos2(5.0, 3.0), a, b) - 3.0).abs() < 1e-5);
        assert!((distance_to_segment(pos2(-4.0, 3.0), a, b) - 5.0).abs() < 1e-5);
        assert!((distance_to_segment(pos2(1.0, 1.0), a, a) - 2f32.sqrt()).abs() < 1e-5);
    }
}
