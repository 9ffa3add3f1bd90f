//! Anti-aliased lines blended straight into premultiplied RGBA pixels: one pixel wide
//! by Xiaolin Wu's method (along the major axis, each step shares its coverage between
//! the two pixels the line passes between), and wider, as on a screen of 2 pixels per
//! point, by its generalisation (each step covers the span the line's width takes
//! across that column).
//!
//! Why not tiny-skia, which draws everything else in the picture: its anti-aliased
//! hairlines go through its general blending pipeline once per pixel, about 150 ns a
//! pixel; tens of thousands of edges then took over half a second to draw. This loop
//! does the same blend in a few nanoseconds.

use egui::Pos2;

/// The whole number at or below `v`, without a library call (`f32::floor` is one).
#[inline]
fn floor(v: f32) -> f32 {
    let t = v as i64 as f32;
    if t > v { t - 1.0 } else { t }
}

/// A premultiplied colour as floats, 0 to 255 a channel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Ink {
    rgba: [f32; 4],
}

impl Ink {
    /// The colour `rgba` (premultiplied), its opacity scaled by `weight` and capped at
    /// opaque: a line of that weight drawn one pixel wide.
    pub(super) fn new(rgba: [u8; 4], weight: f32) -> Self {
        let weight = if weight.is_finite() {
            weight.max(0.0)
        } else {
            1.0
        };
        let alpha = f32::from(rgba[3]);
        // Scaled together, so the colour stays premultiplied when alpha caps.
        let scale = if alpha > 0.0 {
            weight.min(255.0 / alpha)
        } else {
            weight
        };
        Self {
            rgba: rgba.map(|c| (f32::from(c) * scale).min(255.0)),
        }
    }

    /// The colour, premultiplied, as egui keeps it.
    pub(super) fn colour(&self) -> egui::Color32 {
        // `as u8` saturates; adding a half rounds.
        let [r, g, b, a] = self.rgba.map(|c| (c + 0.5) as u8);
        egui::Color32::from_rgba_premultiplied(r, g, b, a)
    }
}

/// Pixels to draw into: `width` × `height`, four bytes (premultiplied RGBA) each, rows
/// top to bottom.
pub(super) struct Canvas<'a> {
    pub(super) data: &'a mut [u8],
    pub(super) width: usize,
    pub(super) height: usize,
}

impl Canvas<'_> {
    /// Blends `ink` at `coverage` (0 to 1) over pixel (`x`, `y`), source over.
    #[inline]
    fn plot(&mut self, x: i64, y: i64, ink: Ink, coverage: f32) {
        if x < 0 || y < 0 || coverage <= 0.0 {
            return;
        }
        let (x, y) = (x as usize, y as usize);
        if x >= self.width || y >= self.height {
            return;
        }
        let i = (y * self.width + x) * 4;
        let Some(px) = self.data.get_mut(i..i + 4) else {
            return;
        };
        let keep = 1.0 - ink.rgba[3] * coverage / 255.0;
        for (d, s) in px.iter_mut().zip(ink.rgba) {
            // `as u8` saturates, and adding a half rounds (the sum is never negative).
            // Not `round()`: it is a library call, a fifth of a line's time.
            *d = (s * coverage + f32::from(*d) * keep + 0.5) as u8;
        }
    }

    /// Draws the line from `a` to `b` (pixel coordinates: pixel (i, j) covers
    /// [i, i+1] × [j, j+1]) one pixel wide, anti-aliased. Points off the canvas are
    /// skipped pixel by pixel, so callers clip long lines first.
    pub(super) fn line(&mut self, a: Pos2, b: Pos2, ink: Ink) {
        if !(a.x.is_finite() && a.y.is_finite() && b.x.is_finite() && b.y.is_finite()) {
            return;
        }
        // Pixel centres at whole numbers, as the method counts them.
        let half = egui::vec2(0.5, 0.5);
        let Octant {
            x0,
            y0,
            x1,
            y1,
            steep,
            gradient,
        } = Octant::of(a - half, b - half);
        let dx = x1 - x0;
        let mut plot = |major: i64, minor: i64, coverage: f32| {
            if steep {
                self.plot(minor, major, ink, coverage);
            } else {
                self.plot(major, minor, ink, coverage);
            }
        };
        // A line shorter than a pixel: one dab, weighted by its length.
        if dx < 1.0 {
            let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            let (fx, fy) = (floor(mx + 0.5) as i64, floor(my));
            plot(fx, fy as i64, (1.0 - (my - fy)) * dx);
            plot(fx, fy as i64 + 1, (my - fy) * dx);
            return;
        }
        // Each end covers its pixel column only in part.
        let end = |x: f32, y: f32, gap: f32, plot: &mut dyn FnMut(i64, i64, f32)| {
            let fy = floor(y);
            let frac = y - fy;
            plot(x as i64, fy as i64, (1.0 - frac) * gap);
            plot(x as i64, fy as i64 + 1, frac * gap);
        };
        let x_start = floor(x0 + 0.5);
        let y_start = y0 + gradient * (x_start - x0);
        end(
            x_start,
            y_start,
            1.0 - (x0 + 0.5 - floor(x0 + 0.5)),
            &mut plot,
        );
        let x_end = floor(x1 + 0.5);
        let y_end = y1 + gradient * (x_end - x1);
        end(x_end, y_end, x1 + 0.5 - floor(x1 + 0.5), &mut plot);
        let mut y = y_start + gradient;
        for x in (x_start as i64 + 1)..(x_end as i64) {
            let fy = floor(y);
            let frac = y - fy;
            plot(x, fy as i64, 1.0 - frac);
            plot(x, fy as i64 + 1, frac);
            y += gradient;
        }
    }
}

/// A segment turned so that x is its major axis and runs left to right, as both line
/// loops walk it: `steep` says x and y were swapped to get there.
struct Octant {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    steep: bool,
    /// dy per unit of x; 0 for a segment with no length along x.
    gradient: f32,
}

impl Octant {
    fn of(a: Pos2, b: Pos2) -> Self {
        let (mut x0, mut y0, mut x1, mut y1) = (a.x, a.y, b.x, b.y);
        let steep = (y1 - y0).abs() > (x1 - x0).abs();
        if steep {
            std::mem::swap(&mut x0, &mut y0);
            std::mem::swap(&mut x1, &mut y1);
        }
        if x0 > x1 {
            std::mem::swap(&mut x0, &mut x1);
            std::mem::swap(&mut y0, &mut y1);
        }
        let dx = x1 - x0;
        let gradient = if dx > 1e-6 { (y1 - y0) / dx } else { 0.0 };
        Self {
            x0,
            y0,
            x1,
            y1,
            steep,
            gradient,
        }
    }
}

impl Canvas<'_> {
    /// Draws the line from `a` to `b` `width` pixels wide (at least one), anti-aliased,
    /// with square-cut ends across the major axis. Why not tiny-skia: it strokes a
    /// wide line by filling its outline through its general pipeline, about 20 times
    /// slower than this loop; at 2 pixels per point every edge is wider than a
    /// hairline, and 50,000 of them took seconds.
    ///
    /// Along the major axis, each pixel column (or row) gets the span
    /// `centre ± width / 2 · √(1 + slope²)` across it, each pixel the part of the span
    /// it holds (so the ink per unit of length is `width`, whatever the slope), the
    /// end columns the part of them the line reaches, as in [`Canvas::line`].
    pub(super) fn wide_line(&mut self, a: Pos2, b: Pos2, width: f32, ink: Ink) {
        if !(a.x.is_finite() && a.y.is_finite() && b.x.is_finite() && b.y.is_finite()) {
            return;
        }
        let width = if width.is_finite() {
            width.max(1.0)
        } else {
            1.0
        };
        let Octant {
            x0,
            y0,
            x1,
            y1: _,
            steep,
            gradient,
        } = Octant::of(a, b);
        let half = 0.5 * width * (1.0 + gradient * gradient).sqrt();
        let (first, last) = (floor(x0) as i64, floor(x1) as i64);
        for column in first..=last {
            // The part of this column the line reaches along the major axis.
            let c = column as f32;
            let reach = (x1.min(c + 1.0) - x0.max(c)).max(0.0);
            if reach <= 0.0 {
                continue;
            }
            let y = y0 + gradient * (c + 0.5 - x0);
            let (top, bottom) = (y - half, y + half);
            let mut row = floor(top);
            while row < bottom {
                let covered = bottom.min(row + 1.0) - top.max(row);
                let (major, minor) = (column, row as i64);
                if steep {
                    self.plot(minor, major, ink, covered * reach);
                } else {
                    self.plot(major, minor, ink, covered * reach);
                }
                row += 1.0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    fn canvas(data: &mut [u8], width: usize) -> Canvas<'_> {
        let height = data.len() / 4 / width;
        Canvas {
            data,
            width,
            height,
        }
    }

    fn alpha(data: &[u8], width: usize, x: usize, y: usize) -> u8 {
        data[(y * width + x) * 4 + 3]
    }

    const RED: [u8; 4] = [255, 0, 0, 255];

    #[test]
    fn a_wide_line_lays_its_width_of_ink_across_every_slope() {
        // Three pixels wide on whole rows: rows 2..5 full, the rest empty.
        let mut data = vec![0u8; 20 * 8 * 4];
        canvas(&mut data, 20).wide_line(pos2(2.0, 3.5), pos2(18.0, 3.5), 3.0, Ink::new(RED, 1.0));
        for x in 3..17 {
            for y in 2..5 {
                assert_eq!(alpha(&data, 20, x, y), 255, "x {x} y {y}");
            }
            assert_eq!(alpha(&data, 20, x, 1), 0);
            assert_eq!(alpha(&data, 20, x, 5), 0);
        }
        // Any slope: the ink across the line sums to about its width, in red at 2.5
        // pixels, steep and reversed alike.
        for (a, b) in [
            (pos2(5.0, 5.0), pos2(35.0, 25.0)),
            (pos2(30.0, 38.0), pos2(12.0, 2.0)),
        ] {
            let mut data = vec![0u8; 40 * 40 * 4];
            canvas(&mut data, 40).wide_line(a, b, 2.5, Ink::new(RED, 1.0));
            let ink: f32 = (0..40 * 40)
                .map(|i| f32::from(data[i * 4 + 3]) / 255.0)
                .sum();
            let length = (b - a).length();
            assert!(
                (ink / length - 2.5).abs() < 0.2,
                "{} per pixel of length",
                ink / length
            );
        }
    }

    #[test]
    fn a_horizontal_line_on_a_pixel_row_fills_that_row() {
        let mut data = vec![0u8; 20 * 6 * 4];
        canvas(&mut data, 20).line(pos2(2.0, 3.5), pos2(18.0, 3.5), Ink::new(RED, 1.0));
        for x in 3..17 {
            assert_eq!(alpha(&data, 20, x, 3), 255, "x {x}");
            assert_eq!(alpha(&data, 20, x, 2), 0);
            assert_eq!(alpha(&data, 20, x, 4), 0);
        }
        assert_eq!(alpha(&data, 20, 19, 3), 0, "past the end");
    }

    #[test]
    fn a_line_between_rows_shares_its_coverage() {
        let mut data = vec![0u8; 20 * 6 * 4];
        canvas(&mut data, 20).line(pos2(2.0, 3.0), pos2(18.0, 3.0), Ink::new(RED, 1.0));
        let (above, below) = (alpha(&data, 20, 10, 2), alpha(&data, 20, 10, 3));
        assert!((120..=135).contains(&above) && (120..=135).contains(&below));
    }

    #[test]
    fn steep_and_reversed_lines_draw_every_row() {
        let mut data = vec![0u8; 10 * 30 * 4];
        canvas(&mut data, 10).line(pos2(6.0, 28.0), pos2(4.0, 1.0), Ink::new(RED, 1.0));
        for y in 2..27 {
            let row: u32 = (0..10).map(|x| u32::from(alpha(&data, 10, x, y))).sum();
            assert!(row >= 200, "row {y}: {row}");
        }
    }

    #[test]
    fn ink_blends_over_what_is_there_and_weight_scales_it() {
        let faint = Ink::new([100, 0, 0, 100], 1.0);
        let mut data = vec![0u8; 8 * 3 * 4];
        let mut c = canvas(&mut data, 8);
        c.line(pos2(0.0, 1.5), pos2(8.0, 1.5), faint);
        let once = alpha(&data, 8, 4, 1);
        let mut c = canvas(&mut data, 8);
        c.line(pos2(0.0, 1.5), pos2(8.0, 1.5), faint);
        assert!(
            alpha(&data, 8, 4, 1) > once,
            "two faint lines are darker than one"
        );
        assert_eq!(
            Ink::new([100, 0, 0, 100], 1.5).rgba,
            [150.0, 0.0, 0.0, 150.0]
        );
        // Capped at opaque, still premultiplied.
        assert_eq!(
            Ink::new([200, 0, 0, 200], 2.0).rgba,
            [255.0, 0.0, 0.0, 255.0]
        );
    }

    #[test]
    fn lines_off_the_canvas_or_not_finite_are_skipped() {
        let mut data = vec![0u8; 8 * 8 * 4];
        let mut c = canvas(&mut data, 8);
        c.line(pos2(-50.0, -5.0), pos2(-1.0, -40.0), Ink::new(RED, 1.0));
        c.line(pos2(f32::NAN, 1.0), pos2(4.0, 4.0), Ink::new(RED, 1.0));
        c.line(pos2(2.0, 2.0), pos2(2.2, 2.1), Ink::new(RED, 1.0));
        let sum: u32 = data.iter().map(|&v| u32::from(v)).sum();
        assert!(sum < 4 * 255, "only the tiny dab: {sum}");
    }
}
