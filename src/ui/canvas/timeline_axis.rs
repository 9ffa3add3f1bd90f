//! The timeline's axis on the canvas: a band per year (every other one shaded, a year
//! with nothing in it narrow and bare), the years written in a ruler along the top, the
//! undated column named, and each node placed by its dated links drawn across their
//! span as a bar. Nothing is drawn in the force layout.

use egui::{Align2, FontId, Pos2, Rect, Stroke, pos2};

use super::super::theme;
use super::frame::Frame;
use crate::layout::timeline::Timeline;

/// How far below the canvas's top the ruler's years stand, clear of the toolbar.
const RULER_Y: f32 = 64.0;

/// The bands and the span bars, under the edges and nodes.
pub(super) fn bands_ui(ui: &egui::Ui, painter: &egui::Painter, frame: &Frame<'_>) {
    let Some(t) = frame.input.layout.timeline() else {
        return;
    };
    let rect = frame.rect();
    let shade = ui.visuals().faint_bg_color;
    for (i, b) in t.bands.iter().enumerate() {
        if !b.filled || i % 2 == 1 {
            continue;
        }
        let (left, right) = (
            x_on_screen(frame, b.left),
            x_on_screen(frame, b.left + b.width),
        );
        let band = Rect::from_x_y_ranges(left..=right, rect.y_range());
        painter.rect_filled(band.intersect(rect), 0.0, shade);
    }
    spans_ui(painter, frame, t);
}

/// Each undated node's span, from its first dated link to its last, as a bar through it.
fn spans_ui(painter: &egui::Painter, frame: &Frame<'_>, t: &Timeline) {
    for d in &frame.visible.drawn {
        let (Some(p), Some(node)) = (t.placed.get(&d.ix), frame.input.kg.node_at(d.ix)) else {
            continue;
        };
        let Some((a, b)) = p.span else {
            continue;
        };
        let colour = theme::faded(frame.input.node_colour(d.ix, node), 0.45);
        let (a, b) = (x_on_screen(frame, a), x_on_screen(frame, b));
        painter.line_segment(
            [pos2(a, d.pos.y), pos2(b, d.pos.y)],
            Stroke::new(3.0, colour),
        );
        for x in [a, b] {
            painter.line_segment(
                [pos2(x, d.pos.y - 4.0), pos2(x, d.pos.y + 4.0)],
                Stroke::new(1.5, colour),
            );
        }
    }
}

/// The ruler: each year that holds a date written over its band, and "undated" over
/// the undated column, on top of everything.
pub(super) fn ruler_ui(ui: &egui::Ui, painter: &egui::Painter, frame: &Frame<'_>) {
    let Some(t) = frame.input.layout.timeline() else {
        return;
    };
    let rect = frame.rect();
    let visuals = ui.visuals();
    let y = rect.top() + RULER_Y;
    let font = FontId::proportional(13.0);
    let write = |x: f32, text: String| {
        if !(rect.left()..=rect.right()).contains(&x) {
            return;
        }
        let galley = painter.layout_no_wrap(text, font.clone(), visuals.strong_text_color());
        let r = Align2::CENTER_CENTER.anchor_size(Pos2::new(x, y), galley.size());
        painter.rect_filled(r.expand(3.0), 3.0, visuals.window_fill);
        painter.galley(r.min, galley, visuals.strong_text_color());
    };
    for b in t.bands.iter().filter(|b| b.filled) {
        write(
            x_on_screen(frame, b.left + b.width / 2.0),
            b.year.to_string(),
        );
    }
    let any_undated = t.placed.values().any(|p| p.undated);
    if any_undated {
        write(x_on_screen(frame, t.undated_x), "undated".to_owned());
    }
}

/// A scene x on screen.
fn x_on_screen(frame: &Frame<'_>, x: f32) -> f32 {
    frame.camera.screen_from_scene(pos2(x, 0.0)).x
}
