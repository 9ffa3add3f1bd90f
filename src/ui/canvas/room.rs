//! The room the graph has on the canvas: the canvas less what floats over it (the
//! toolbar, the legend, the overview map). The camera fits into this room, so an
//! overlay never covers the fitted graph. A leaf: it uses nothing else in the canvas.

use egui::{Rect, Vec2, pos2};

/// The smallest share of the canvas's width and of its height the room keeps: an
/// overlay that would leave less is drawn over the graph instead of squeezing it.
const MIN_SHARE: f32 = 0.35;

/// The part of `canvas` clear of every rect in `covered` that shows a graph of
/// `size` (scene units, any scale) largest; `canvas` itself when every clear part is
/// too small to be worth it.
///
/// # Complexity
/// O(4ⁿ · n) for n covering rects: a handful of overlays, so a few hundred rects.
pub(super) fn free_rect(canvas: Rect, covered: &[Rect], size: Vec2) -> Rect {
    let mut parts = Vec::new();
    clear_parts(canvas, covered, &mut parts);
    let min = canvas.size() * MIN_SHARE;
    let size = size.max(Vec2::splat(1.0));
    // How large the graph is drawn in a part; the larger part wins a tie.
    let score = |r: &Rect| ((r.width() / size.x).min(r.height() / size.y), r.area());
    parts
        .into_iter()
        .filter(|r| r.width() >= min.x && r.height() >= min.y)
        .max_by(|a, b| {
            let (sa, sb) = (score(a), score(b));
            sa.0.total_cmp(&sb.0).then(sa.1.total_cmp(&sb.1))
        })
        .unwrap_or(canvas)
}

/// Every rect left of `free` when each of `covered` in turn is cut away by keeping
/// the part left of, right of, above or below it.
fn clear_parts(free: Rect, covered: &[Rect], out: &mut Vec<Rect>) {
    let Some((&r, rest)) = covered.split_first() else {
        out.push(free);
        return;
    };
    // Touching is not covering: only an overlap with area needs a cut.
    let overlap = free.intersect(r);
    if overlap.width() <= 0.0 || overlap.height() <= 0.0 {
        clear_parts(free, rest, out);
        return;
    }
    let sides = [
        Rect::from_min_max(free.min, pos2(r.min.x, free.max.y)),
        Rect::from_min_max(pos2(r.max.x, free.min.y), free.max),
        Rect::from_min_max(free.min, pos2(free.max.x, r.min.y)),
        Rect::from_min_max(pos2(free.min.x, r.max.y), free.max),
    ];
    for side in sides {
        if side.width() > 0.0 && side.height() > 0.0 {
            clear_parts(side, rest, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::vec2;

    fn canvas() -> Rect {
        Rect::from_min_size(pos2(0.0, 0.0), vec2(1000.0, 800.0))
    }

    #[test]
    fn nothing_covered_is_the_whole_canvas() {
        assert_eq!(free_rect(canvas(), &[], vec2(1.0, 1.0)), canvas());
    }

    #[test]
    fn the_room_is_clear_of_every_overlay() {
        let legend = Rect::from_min_max(pos2(10.0, 500.0), pos2(260.0, 790.0));
        let toolbar = Rect::from_min_max(pos2(10.0, 10.0), pos2(560.0, 45.0));
        let map = Rect::from_min_max(pos2(780.0, 650.0), pos2(990.0, 790.0));
        let covered = [toolbar, legend, map];
        for size in [vec2(1.0, 1.0), vec2(3.0, 1.0), vec2(1.0, 3.0)] {
            let room = free_rect(canvas(), &covered, size);
            for r in covered {
                let o = room.intersect(r);
                assert!(
                    o.width() <= 0.0 || o.height() <= 0.0,
                    "{room:?} covers {r:?}"
                );
            }
            assert!(canvas().contains_rect(room));
        }
    }

    #[test]
    fn a_wide_graph_goes_above_a_corner_overlay_and_a_tall_one_beside_it() {
        let legend = Rect::from_min_max(pos2(0.0, 500.0), pos2(250.0, 800.0));
        let wide = free_rect(canvas(), &[legend], vec2(4.0, 1.0));
        assert_eq!(wide.max.y, 500.0);
        let tall = free_rect(canvas(), &[legend], vec2(1.0, 4.0));
        assert_eq!(tall.min.x, 250.0);
    }

    #[test]
    fn an_overlay_that_leaves_no_room_is_ignored() {
        let huge = Rect::from_min_max(pos2(0.0, 0.0), pos2(900.0, 700.0));
        assert_eq!(free_rect(canvas(), &[huge], vec2(1.0, 1.0)), canvas());
    }
}
