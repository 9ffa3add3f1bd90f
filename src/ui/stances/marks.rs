//! A stance drawn as a mark, in colour and shape so it reads without colour too: for is
//! a filled circle in the support colour, against a filled square in the opposition
//! colour, mixed a diamond split between the two, a mention a small grey dot. A cell
//! whose every stance comes through a text the person wrote is drawn hollow. The SVG
//! export (`io::stance_svg`) draws the same marks.

use egui::{Align2, Color32, FontId, Painter, Pos2, Shape, Stroke, pos2, vec2};

use crate::query::stances::{Cell, CellStance, Stance};
use crate::ui::theme::stance_colour;

/// What one cell shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    /// The sides taken.
    pub stance: CellStance,
    /// Whether every stance comes through a text the row wrote.
    pub inherited: bool,
    /// How many stances the cell holds (drawn inside the mark from two).
    pub count: usize,
}

impl Mark {
    /// The mark of a cell.
    pub fn of(cell: &Cell) -> Mark {
        Mark {
            stance: cell.stance(),
            inherited: cell.is_inherited_only(),
            count: cell.links.len(),
        }
    }
}

/// Paints `mark` centred on `c`, `r` points from its centre to its edge.
pub fn paint_mark(painter: &Painter, c: Pos2, r: f32, mark: Mark, dark: bool) {
    let (pro, con) = (
        stance_colour(Stance::For, dark),
        stance_colour(Stance::Against, dark),
    );
    let hollow = mark.inherited;
    let stroke = |colour| Stroke::new((r * 0.28).max(1.2), colour);
    let fill_or_ring = |colour: Color32| {
        if hollow {
            (Color32::TRANSPARENT, stroke(colour))
        } else {
            (colour, Stroke::NONE)
        }
    };
    let text_colour = match mark.stance {
        CellStance::For if hollow => pro,
        CellStance::Against if hollow => con,
        _ => Color32::WHITE,
    };
    match mark.stance {
        CellStance::For => {
            let (fill, s) = fill_or_ring(pro);
            painter.circle(c, r, fill, s);
        }
        CellStance::Against => {
            // The square's area matches the circle's.
            let half = r * 0.89;
            let (fill, s) = fill_or_ring(con);
            let rect = egui::Rect::from_center_size(c, vec2(2.0 * half, 2.0 * half));
            painter.rect(rect, 0.0, fill, s, egui::StrokeKind::Inside);
        }
        CellStance::Mixed => paint_mixed(painter, c, r * 1.15, hollow, (pro, con)),
        CellStance::Mentions => {
            let colour = stance_colour(Stance::Mentions, dark);
            let (fill, s) = fill_or_ring(colour);
            painter.circle(c, (r * 0.4).max(2.0), fill, s);
            return;
        }
    }
    if mark.count >= 2 && r >= 5.0 {
        let size = (r * 1.35).clamp(8.0, 13.0);
        painter.text(
            c,
            Align2::CENTER_CENTER,
            mark.count.min(99).to_string(),
            FontId::proportional(size),
            text_colour,
        );
    }
}

/// A diamond, its left half in the support colour and its right half in the opposition
/// colour: for and against at once.
fn paint_mixed(painter: &Painter, c: Pos2, r: f32, hollow: bool, (pro, con): (Color32, Color32)) {
    let (top, bottom) = (pos2(c.x, c.y - r), pos2(c.x, c.y + r));
    let (left, right) = (pos2(c.x - r, c.y), pos2(c.x + r, c.y));
    if hollow {
        let w = (r * 0.22).max(1.2);
        painter.line(vec![top, left, bottom], Stroke::new(w, pro));
        painter.line(vec![top, right, bottom], Stroke::new(w, con));
    } else {
        painter.add(Shape::convex_polygon(
            vec![top, left, bottom],
            pro,
            Stroke::NONE,
        ));
        painter.add(Shape::convex_polygon(
            vec![top, bottom, right],
            con,
            Stroke::NONE,
        ));
    }
}
