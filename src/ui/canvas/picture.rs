//! A large view at rest as one picture: its resting edges and, when thousands of nodes
//! are on screen, its nodes, drawn on the CPU off the UI thread on the canvas colour and
//! shown as a single textured rectangle.
//!
//! Why: tens of thousands of edges are tens of millions of blended fragments a frame,
//! and ten thousand outlined, anti-aliased nodes nearly a million thin triangles. A GPU
//! shrugs that off, but a software rasteriser (Mesa's llvmpipe, as on a remote desktop
//! or under Xvfb) took about a second a frame, and every hover repainted it all. The
//! picture is one quad, and an opaque one: it takes the place of the canvas backdrop,
//! so a frame covers the canvas about once, as with a small graph. It follows the
//! camera while panning and zooming (scaled until the next one is ready), and a focus
//! veils it in the canvas colour rather than redrawing it, the focused node and its
//! neighbours and edges being drawn bright on top.
//!
//! A picture is made for one scene (edges, positions, node looks, theme) seen through
//! one camera, over the canvas plus a margin so that a short pan needs no new one. It is
//! made again once the camera or the layout has come to rest somewhere else.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use egui::{Color32, ColorImage, Pos2, Rect, TextureOptions, pos2};
use rayon::prelude::*;
use resvg::tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Stroke, Transform};

use super::geometry::{Camera, clip_segment};
use super::hairline::{Canvas, Ink};
use super::node_mesh::unit_corners;
use crate::model::Kind;

/// Margin drawn around the canvas, as a fraction of its size on each side: pans of up
/// to this much keep every edge on screen while the next picture is made.
const MARGIN: f32 = 0.25;

/// Most pixels in one picture (about 64 MB): beyond it, the picture is drawn at a
/// lower resolution rather than not at all.
const MAX_PIXELS: f32 = 16.0e6;

/// Largest side of a picture, in pixels: within every GPU's texture limit.
const MAX_SIDE: f32 = 8_192.0;

/// Horizontal bands per rayon thread: bands are drawn in parallel, each with every
/// edge that crosses it, and a few per thread keep the threads evenly loaded.
const BANDS_PER_THREAD: usize = 4;

/// Widest line drawn as a hairline (see `stroke_of`), in pixels.
const HAIRLINE_MAX: f32 = 2.0;

/// Fewest rows in a band: tiny-skia draws no hairline into a pixmap only a row or two
/// high.
const MIN_BAND_ROWS: usize = 16;

/// Shapes drawn between two looks at the cancel flag.
const CANCEL_CHECK_EVERY: usize = 2_048;

/// Seconds the camera stays still before a picture is started: a gesture (wheel ticks,
/// key presses) is one picture, not one per step.
const PICTURE_DELAY: f64 = 0.1;

/// What a picture shows, in its pixels: edges first, then nodes, each in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Content {
    pub(super) edges: Vec<PictureEdge>,
    pub(super) nodes: Vec<PictureNode>,
}

/// One node of the picture, in its pixels.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PictureNode {
    pub(super) kind: Kind,
    pub(super) centre: Pos2,
    pub(super) radius: f32,
    /// Fill and outline colours, premultiplied, and the outline's width.
    pub(super) fill: Color32,
    pub(super) outline: Color32,
    pub(super) outline_width: f32,
}

impl PictureNode {
    /// The rows the node may touch (the widest shape reaches 1.15 radii out).
    fn y_range(&self) -> (f32, f32) {
        let reach = self.radius * 1.2 + self.outline_width + 1.0;
        (self.centre.y - reach, self.centre.y + reach)
    }

    /// Draws the node into `band`, whose top row is row `top` of the picture: its
    /// shape as the canvas draws it (`unit_corners`), a true circle for people.
    fn draw(&self, band: &mut Pixmap, top: f32) {
        let (c, r) = (pos2(self.centre.x, self.centre.y - top), self.radius);
        let path = if self.kind == Kind::Person {
            PathBuilder::from_circle(c.x, c.y, r)
        } else {
            let mut shape = PathBuilder::new();
            for (i, u) in unit_corners(self.kind, 0).into_iter().enumerate() {
                let p = c + u * r;
                if i == 0 {
                    shape.move_to(p.x, p.y);
                } else {
                    shape.line_to(p.x, p.y);
                }
            }
            shape.close();
            shape.finish()
        };
        let Some(path) = path else {
            return;
        };
        band.fill_path(
            &path,
            &solid(self.fill),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        if self.outline_width > 0.0 {
            let (paint, stroke) = stroke_of(self.outline, self.outline_width);
            band.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        }
    }
}

/// The paint and stroke for a line `width` pixels wide. Lines up to [`HAIRLINE_MAX`]
/// wide are drawn one pixel wide, their opacity scaled up by their width: tiny-skia
/// strokes a wider line by filling its outline, many times slower than a hairline, and
/// at these widths the eye reads a line's weight rather than its width.
fn stroke_of(colour: Color32, width: f32) -> (Paint<'static>, Stroke) {
    let (colour, width) = if width <= HAIRLINE_MAX {
        (Ink::new(colour.to_array(), width.max(1.0)).colour(), 1.0)
    } else {
        (colour, width)
    };
    let stroke = Stroke {
        width,
        ..Stroke::default()
    };
    (solid(colour), stroke)
}

/// An anti-aliased paint of one colour (premultiplied in, as egui keeps them).
fn solid(colour: Color32) -> Paint<'static> {
    let [r, g, b, a] = colour.to_srgba_unmultiplied();
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, a);
    paint.anti_alias = true;
    paint
}

/// One edge of the picture, in its pixels.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PictureEdge {
    /// The line's ends.
    pub(super) a: Pos2,
    pub(super) b: Pos2,
    /// Line width.
    pub(super) width: f32,
    /// Colour, premultiplied.
    pub(super) colour: Color32,
    /// Dash and gap lengths, and how far into the pattern the line starts.
    pub(super) dash: Option<(f32, f32, f32)>,
    /// Arrowhead: tip and base corners.
    pub(super) head: Option<[Pos2; 3]>,
}

impl PictureEdge {
    /// The rows the edge may touch.
    fn y_range(&self) -> (f32, f32) {
        let pad = self.width + 1.0;
        let (mut lo, mut hi) = (self.a.y.min(self.b.y), self.a.y.max(self.b.y));
        for p in self.head.iter().flatten() {
            lo = lo.min(p.y);
            hi = hi.max(p.y);
        }
        (lo - pad, hi + pad)
    }

    /// Calls `draw` with each dash of the part of the edge inside `over` (the whole
    /// part when solid), `top` taken off every y.
    fn for_each_dash(&self, over: Rect, top: f32, mut draw: impl FnMut(Pos2, Pos2)) {
        let Some((a, b)) = clip_segment(self.a, self.b, over) else {
            return;
        };
        let up = |p: Pos2| pos2(p.x, p.y - top);
        let (dash, gap, start) = match self.dash {
            Some((dash, gap, start)) if dash > 0.0 && dash + gap >= MIN_DASH_PERIOD => {
                // The pattern continues from where the whole line would have it.
                (dash, gap, start + (a - self.a).length())
            }
            _ => return draw(up(a), up(b)),
        };
        let len = (b - a).length();
        if !(len > 0.0 && len.is_finite()) {
            return;
        }
        let dir = (b - a) / len;
        let period = dash + gap;
        let (mut t, mut phase) = (0.0f32, start.rem_euclid(period));
        while t < len {
            if phase < dash {
                let end = (t + dash - phase).min(len);
                draw(up(a + dir * t), up(a + dir * end));
                t += dash - phase;
                phase = dash;
            } else {
                t += period - phase;
                phase = 0.0;
            }
        }
    }
}

/// Shortest dash pattern drawn as dashes, in pixels: a finer one reads as a solid line.
const MIN_DASH_PERIOD: f32 = 1.0;

/// Arrowheads of one colour, which tiny-skia fills, in one path, so one call draws
/// them all. (Lines, however wide, are drawn by the `hairline` module's loops.)
struct Batch {
    colour: Color32,
    heads: PathBuilder,
}

impl Batch {
    fn draw(self, band: &mut Pixmap) {
        if let Some(path) = self.heads.finish() {
            band.fill_path(
                &path,
                &solid(self.colour),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
        }
    }
}

/// Draws the edges that cross `band` (its first row is row `top` of the picture), lines
/// straight into the pixels: up to [`HAIRLINE_MAX`] wide as hairlines of their weight,
/// wider ones (every edge at 2 pixels per point) at their width; arrowheads batched
/// by colour for tiny-skia. `None` if `cancel` was set meanwhile.
fn draw_edges(
    edges: &[PictureEdge],
    band: &mut Pixmap,
    top: f32,
    cancel: &AtomicBool,
) -> Option<()> {
    let (rows, width) = (band.height() as f32, band.width() as f32);
    let mut batches: Vec<Batch> = Vec::new();
    let mut canvas = Canvas {
        width: band.width() as usize,
        height: band.height() as usize,
        data: band.data_mut(),
    };
    for (i, edge) in edges.iter().enumerate() {
        if i % CANCEL_CHECK_EVERY == 0 && cancel.load(Ordering::Relaxed) {
            return None;
        }
        let (lo, hi) = edge.y_range();
        if hi < top || lo >= top + rows {
            continue;
        }
        let pad = edge.width + 2.0;
        let over = Rect::from_min_max(pos2(-pad, top - pad), pos2(width + pad, top + rows + pad));
        let hairline = edge.width <= HAIRLINE_MAX;
        if hairline {
            let ink = Ink::new(edge.colour.to_array(), edge.width.max(1.0));
            edge.for_each_dash(over, top, |a, b| canvas.line(a, b, ink));
        } else {
            let ink = Ink::new(edge.colour.to_array(), 1.0);
            edge.for_each_dash(over, top, |a, b| canvas.wide_line(a, b, edge.width, ink));
        }
        if edge.head.is_none() {
            continue;
        }
        let k = match batches.iter().position(|b| b.colour == edge.colour) {
            Some(k) => k,
            None => {
                batches.push(Batch {
                    colour: edge.colour,
                    heads: PathBuilder::new(),
                });
                batches.len() - 1
            }
        };
        let Some(batch) = batches.get_mut(k) else {
            continue;
        };
        if let Some([tip, left, right]) = edge.head {
            batch.heads.move_to(tip.x, tip.y - top);
            batch.heads.line_to(left.x, left.y - top);
            batch.heads.line_to(right.x, right.y - top);
            batch.heads.close();
        }
    }
    for batch in batches {
        batch.draw(band);
    }
    Some(())
}

/// Draws `content` on `background` in a picture of `size` pixels, anti-aliased, each
/// shape blended over the ones before it. `None` if `cancel` was set meanwhile or the
/// size is empty.
pub(super) fn paint(
    content: &Content,
    size: [usize; 2],
    background: Color32,
    cancel: &AtomicBool,
) -> Option<ColorImage> {
    let [r, g, b, a] = background.to_srgba_unmultiplied();
    let background = Color::from_rgba8(r, g, b, a);
    let [width, height] = size;
    if width == 0 || height == 0 {
        return None;
    }
    let bands = (rayon::current_num_threads() * BANDS_PER_THREAD)
        .min(height.div_ceil(MIN_BAND_ROWS))
        .max(1);
    let band_height = height.div_ceil(bands);
    let drawn: Option<Vec<Pixmap>> = (0..height.div_ceil(band_height))
        .into_par_iter()
        .map(|k| {
            let top = k * band_height;
            let rows = band_height.min(height - top);
            let mut band = Pixmap::new(u32::try_from(width).ok()?, u32::try_from(rows).ok()?)?;
            band.fill(background);
            let (y0, y1) = (top as f32, (top + rows) as f32);
            draw_edges(&content.edges, &mut band, y0, cancel)?;
            for (i, node) in content.nodes.iter().enumerate() {
                if i % CANCEL_CHECK_EVERY == 0 && cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let (lo, hi) = node.y_range();
                if hi >= y0 && lo < y1 {
                    node.draw(&mut band, y0);
                }
            }
            Some(band)
        })
        .collect();
    let mut pixels = Vec::with_capacity(width * height);
    for band in drawn? {
        pixels.extend(
            band.data()
                .chunks_exact(4)
                .map(|p| Color32::from_rgba_premultiplied(p[0], p[1], p[2], p[3])),
        );
    }
    Some(ColorImage::new([width, height], pixels))
}

/// What a picture shows: a scene seen through a camera at a pixel density.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Shot {
    /// A hash of what was drawn: the edges, the positions, the nodes' looks (when
    /// nodes are in it) and the theme.
    pub(super) scene: u64,
    /// The camera it was seen through.
    pub(super) camera: Camera,
    /// Physical pixels per point.
    pub(super) pixels_per_point: f32,
    /// The canvas colour behind the edges.
    pub(super) background: Color32,
}

impl Shot {
    /// The screen area the picture covers, in points: the canvas and a margin, its
    /// corners on physical pixels so that at rest it lands pixel for pixel.
    pub(super) fn area(&self) -> Rect {
        let ppp = self.pixels_per_point.max(0.1);
        let r = self
            .camera
            .canvas
            .expand2(self.camera.canvas.size() * MARGIN);
        let snap = |p: Pos2, f: fn(f32) -> f32| pos2(f(p.x * ppp) / ppp, f(p.y * ppp) / ppp);
        Rect::from_min_max(snap(r.min, f32::floor), snap(r.max, f32::ceil))
    }

    /// The picture's size in pixels and pixels per point: the area at full density,
    /// or at less where that would exceed [`MAX_PIXELS`] or [`MAX_SIDE`].
    pub(super) fn pixels(&self) -> ([usize; 2], f32) {
        let size = self.area().size() * self.pixels_per_point.max(0.1);
        if !(size.x.is_finite() && size.y.is_finite()) || size.x < 1.0 || size.y < 1.0 {
            return ([0, 0], 0.0);
        }
        let fit = (MAX_PIXELS / (size.x * size.y))
            .sqrt()
            .min(MAX_SIDE / size.x.max(size.y))
            .min(1.0);
        let scale = self.pixels_per_point.max(0.1) * fit;
        let px = self.area().size() * scale;
        ([px.x.round() as usize, px.y.round() as usize], scale)
    }

    /// Where the picture's area lands on screen seen through `camera`.
    pub(super) fn area_seen_by(&self, camera: &Camera) -> Rect {
        let area = self.area();
        let map = |p: Pos2| camera.screen_from_scene(self.camera.scene_from_screen(p));
        Rect::from_min_max(map(area.min), map(area.max))
    }
}

/// A picture being drawn on another thread.
struct Pending {
    shot: Shot,
    done: mpsc::Receiver<Option<ColorImage>>,
    cancel: Arc<AtomicBool>,
}

/// The latest picture, as a texture, the one being drawn, and when to draw the next.
#[derive(Default)]
pub(super) struct Picture {
    texture: Option<egui::TextureHandle>,
    shown: Option<Shot>,
    pending: Option<Pending>,
    /// The camera of the last frame and when it was first seen, in egui's seconds: a
    /// picture waits until the camera has been still a moment.
    camera_since: Option<(Camera, f64)>,
}

impl Clone for Picture {
    /// The shown picture is shared; one still being drawn stays with the original.
    fn clone(&self) -> Self {
        Self {
            texture: self.texture.clone(),
            shown: self.shown,
            pending: None,
            camera_since: self.camera_since,
        }
    }
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picture")
            .field("shown", &self.shown)
            .field("pending", &self.pending.as_ref().map(|p| p.shot))
            .field("camera_since", &self.camera_since)
            .finish()
    }
}

/// The content job left in `slot`, taken once: by the picture's thread, or here when no
/// thread could be started.
fn take<F>(slot: &std::sync::Mutex<Option<F>>) -> Option<F> {
    slot.lock().ok()?.take()
}

impl Drop for Picture {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl Picture {
    /// This frame's part in making pictures: takes a finished one in, and starts one of
    /// `shot` once the frame is at rest (`in_motion` false) and the camera has been
    /// still a moment, unless it is there or on its way. `content` reads what it needs
    /// from the frame and returns the job that makes the content, run on the picture's
    /// thread. Returns whether the camera has been still that long.
    pub(super) fn schedule<J>(
        &mut self,
        ctx: &egui::Context,
        shot: Shot,
        in_motion: bool,
        content: impl FnOnce(&Shot) -> J,
    ) -> bool
    where
        J: FnOnce() -> Content + Send + 'static,
    {
        let still = self.camera_still(ctx, shot.camera);
        self.poll(ctx);
        if !in_motion && still && !self.has(&shot) {
            self.start(ctx, shot, content(&shot));
        }
        still
    }

    /// Whether `camera` has been this frame's camera for [`PICTURE_DELAY`] seconds;
    /// until then, asks for the frame that will tell.
    fn camera_still(&mut self, ctx: &egui::Context, camera: Camera) -> bool {
        let now = ctx.input(|i| i.time);
        let since = match self.camera_since {
            Some((seen, since)) if seen == camera => since,
            _ => now,
        };
        self.camera_since = Some((camera, since));
        let still = now - since >= PICTURE_DELAY;
        if !still {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(PICTURE_DELAY));
        }
        still
    }

    /// Takes a finished picture, if one arrived, into the texture.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.pending else {
            return;
        };
        match pending.done.try_recv() {
            Err(mpsc::TryRecvError::Empty) => {}
            Ok(Some(image)) => {
                let shot = pending.shot;
                self.pending = None;
                self.show(ctx, shot, image);
            }
            Ok(None) | Err(mpsc::TryRecvError::Disconnected) => self.pending = None,
        }
    }

    fn show(&mut self, ctx: &egui::Context, shot: Shot, image: ColorImage) {
        match &mut self.texture {
            Some(texture) => texture.set(image, TextureOptions::LINEAR),
            None => {
                self.texture =
                    Some(ctx.load_texture("ideagraph-picture", image, TextureOptions::LINEAR));
            }
        }
        self.shown = Some(shot);
    }

    /// Whether a picture of exactly `shot` is shown or being drawn.
    fn has(&self, shot: &Shot) -> bool {
        self.shown.as_ref() == Some(shot) || self.pending.as_ref().map(|p| &p.shot) == Some(shot)
    }

    /// Whether a finished picture is in the texture.
    pub(super) fn is_shown(&self) -> bool {
        self.shown.is_some() && self.texture.is_some()
    }

    /// Whether a picture is being drawn.
    pub(super) fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts drawing what `content` makes (in the picture's pixels, see
    /// [`Shot::pixels`]) for `shot` on a thread of its own, dropping any picture still
    /// being drawn. Where no thread can be started, draws it here.
    fn start(
        &mut self,
        ctx: &egui::Context,
        shot: Shot,
        content: impl FnOnce() -> Content + Send + 'static,
    ) {
        self.cancel();
        let (size, _) = shot.pixels();
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, done) = mpsc::channel();
        let content = Arc::new(std::sync::Mutex::new(Some(content)));
        let job = {
            let (content, cancel, ctx) = (Arc::clone(&content), Arc::clone(&cancel), ctx.clone());
            move || {
                let Some(content) = take(&content) else {
                    return;
                };
                let content = content();
                // Its bands in parallel on the background pool, shared with the
                // metrics: on rayon's global pool they would hold up the window's own
                // parallel loops.
                let image = crate::ui::jobs::in_background(|| {
                    paint(&content, size, shot.background, &cancel)
                });
                // The receiver may be gone (a newer picture): nothing to do then.
                let _ = tx.send(image);
                ctx.request_repaint();
            }
        };
        match std::thread::Builder::new()
            .name("ideagraph-picture".into())
            .spawn(job)
        {
            Ok(_) => {
                self.pending = Some(Pending { shot, done, cancel });
            }
            Err(_) => {
                if let Some(content) = take(&content)
                    && let Some(image) = paint(&content(), size, shot.background, &cancel)
                {
                    self.show(ctx, shot, image);
                }
            }
        }
    }

    /// Stops the picture being drawn, if any.
    fn cancel(&mut self) {
        if let Some(p) = self.pending.take() {
            p.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// The texture and where it goes on screen, for a frame of `scene` through
    /// `camera`: only when the shown picture is of that scene and covers all of
    /// `needed` (the canvas) once moved and scaled to the camera.
    pub(super) fn placement(
        &self,
        scene: u64,
        camera: &Camera,
        needed: Rect,
    ) -> Option<(egui::TextureId, Rect)> {
        let shot = self.shown.filter(|s| s.scene == scene)?;
        let texture = self.texture.as_ref()?;
        let at = shot.area_seen_by(camera);
        // A hair of tolerance for rounding in the mapping.
        at.expand(0.5)
            .contains_rect(needed)
            .then(|| (texture.id(), at))
    }
}

#[cfg(test)]
// Test pictures use plain colours, which need no theme.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use egui::{Vec2, vec2};

    /// A transparent background, so that coverage reads straight off alpha.
    const CLEAR: Color32 = Color32::TRANSPARENT;

    fn camera(center: Vec2, zoom: f32) -> Camera {
        Camera {
            center,
            zoom,
            canvas: Rect::from_min_size(pos2(10.0, 20.0), vec2(400.0, 300.0)),
        }
    }

    fn edge(a: Pos2, b: Pos2) -> PictureEdge {
        PictureEdge {
            a,
            b,
            width: 1.0,
            colour: Color32::from_rgb(200, 0, 0),
            dash: None,
            head: None,
        }
    }

    fn lines(edges: &[PictureEdge]) -> Content {
        Content {
            edges: edges.to_vec(),
            nodes: Vec::new(),
        }
    }

    fn alpha_at(image: &ColorImage, x: usize, y: usize) -> u8 {
        image.pixels[y * image.size[0] + x].a()
    }

    /// The picture of a fitted 10,000-node view at 2 pixels per point: 50,000 edges
    /// 1.3 points wide (2.6 pixels), on a 1,600 × 1,000-point canvas and its margin.
    /// `cargo test --release --lib hidpi_picture_time -- --ignored --nocapture`.
    #[test]
    #[ignore = "a timing, not a check"]
    fn hidpi_picture_time() {
        let mut rng = crate::rng::SplitMix64::new(1);
        let (w, h) = (4_800.0f32, 3_000.0f32);
        let edges: Vec<PictureEdge> = (0..50_000)
            .map(|_| {
                let a = pos2(rng.next_f32() * w, rng.next_f32() * h);
                let d = vec2(rng.next_f32() - 0.5, rng.next_f32() - 0.5) * 1_200.0;
                PictureEdge {
                    width: 2.6,
                    ..edge(a, a + d)
                }
            })
            .collect();
        for width in [2.0, 2.6] {
            let edges: Vec<PictureEdge> = edges
                .iter()
                .map(|e| PictureEdge { width, ..e.clone() })
                .collect();
            let content = lines(&edges);
            for _ in 0..3 {
                let t = std::time::Instant::now();
                let image = paint(&content, [4_800, 3_000], CLEAR, &AtomicBool::new(false));
                assert!(image.is_some());
                println!(
                    "50,000 edges {width} px wide at 4800x3000: {:?}",
                    t.elapsed()
                );
            }
        }
    }

    #[test]
    fn an_edge_covers_the_pixels_on_its_line_and_no_others() {
        let edges = [edge(pos2(2.0, 10.5), pos2(60.0, 10.5))];
        let image = paint(&lines(&edges), [64, 40], CLEAR, &AtomicBool::new(false)).expect("drawn");
        assert_eq!(image.size, [64, 40]);
        assert!(alpha_at(&image, 30, 10) > 200, "on the line");
        assert_eq!(alpha_at(&image, 30, 20), 0, "far from it");
        assert_eq!(alpha_at(&image, 63, 10), 0, "past its end");
        // Colour is kept (premultiplied red).
        let p = image.pixels[10 * 64 + 30];
        assert!(p.r() > 150 && p.g() == 0 && p.b() == 0, "{p:?}");
    }

    #[test]
    fn bands_join_without_a_seam() {
        // A vertical line crosses every band: every row of it is drawn.
        let edges = [edge(pos2(20.5, 0.0), pos2(20.5, 97.0))];
        let image = paint(&lines(&edges), [40, 97], CLEAR, &AtomicBool::new(false)).expect("drawn");
        for y in 1..96 {
            assert!(alpha_at(&image, 20, y) > 200, "row {y}");
        }
    }

    #[test]
    fn dashes_leave_gaps_and_heads_are_filled() {
        let mut dashed = edge(pos2(0.0, 5.5), pos2(40.0, 5.5));
        dashed.dash = Some((4.0, 4.0, 0.0));
        let mut arrow = edge(pos2(0.0, 20.5), pos2(30.0, 20.5));
        arrow.head = Some([pos2(38.0, 20.5), pos2(30.0, 16.0), pos2(30.0, 25.0)]);
        let image = paint(
            &lines(&[dashed, arrow]),
            [48, 30],
            CLEAR,
            &AtomicBool::new(false),
        )
        .expect("drawn");
        let row: Vec<u8> = (0..40).map(|x| alpha_at(&image, x, 5)).collect();
        assert!(row.iter().any(|&a| a > 200) && row.contains(&0), "{row:?}");
        assert!(alpha_at(&image, 33, 18) > 200, "inside the head");
    }

    #[test]
    fn overlapping_edges_blend() {
        let mut faint = edge(pos2(0.0, 5.5), pos2(30.0, 5.5));
        faint.colour = Color32::from_rgb(200, 0, 0).gamma_multiply(0.4);
        let one = paint(
            &lines(&[faint.clone()]),
            [32, 12],
            CLEAR,
            &AtomicBool::new(false),
        )
        .expect("one");
        let two = paint(
            &lines(&[faint.clone(), faint]),
            [32, 12],
            CLEAR,
            &AtomicBool::new(false),
        )
        .expect("two");
        assert!(alpha_at(&two, 15, 5) > alpha_at(&one, 15, 5));
    }

    #[test]
    fn edges_lie_on_the_background() {
        let paper = Color32::from_rgb(250, 248, 240);
        let image = paint(
            &lines(&[edge(pos2(0.0, 4.5), pos2(20.0, 4.5))]),
            [24, 10],
            paper,
            &AtomicBool::new(false),
        )
        .expect("drawn");
        assert_eq!(image.pixels[8 * 24 + 10], paper, "off the line");
        let on = image.pixels[4 * 24 + 10];
        assert!(on.a() == 255 && on.r() > 150 && on.g() < 60, "{on:?}");
    }

    #[test]
    fn nodes_are_filled_and_outlined_over_the_edges() {
        let node = |kind, x: f32| PictureNode {
            kind,
            centre: pos2(x, 12.0),
            radius: 8.0,
            fill: Color32::from_rgb(0, 0, 200),
            outline: Color32::WHITE,
            outline_width: 1.5,
        };
        let content = Content {
            edges: vec![edge(pos2(0.0, 12.5), pos2(100.0, 12.5))],
            nodes: vec![node(Kind::Person, 20.0), node(Kind::Concept, 60.0)],
        };
        let image = paint(&content, [100, 30], CLEAR, &AtomicBool::new(false)).expect("drawn");
        let at = |x: usize, y: usize| image.pixels[y * 100 + x];
        // The fill covers the edge at the centres; the outline is light at the rim.
        for x in [20, 60] {
            let p = at(x, 12);
            assert!(p.b() > 150 && p.r() < 40, "{x}: {p:?}");
        }
        assert!(
            at(20, 4).r() > 120,
            "outline at the circle's top: {:?}",
            at(20, 4)
        );
        // A diamond's corner reaches 1.15 radii out; its side's middle, less.
        assert!(at(60, 3).a() > 100, "diamond tip: {:?}", at(60, 3));
        assert_eq!(at(66, 5).a(), 0, "outside the diamond");
        // Between the nodes, the edge.
        assert!(at(40, 12).r() > 150, "{:?}", at(40, 12));
    }

    #[test]
    fn a_cancelled_or_empty_picture_is_none() {
        let edges = [edge(pos2(0.0, 0.0), pos2(10.0, 10.0))];
        assert!(paint(&lines(&edges), [16, 16], CLEAR, &AtomicBool::new(true)).is_none());
        assert!(paint(&lines(&edges), [0, 16], CLEAR, &AtomicBool::new(false)).is_none());
    }

    #[test]
    fn the_area_is_the_canvas_and_its_margin_on_whole_pixels() {
        let shot = Shot {
            scene: 1,
            camera: camera(Vec2::ZERO, 1.0),
            pixels_per_point: 1.5,
            background: CLEAR,
        };
        let area = shot.area();
        assert!(area.contains_rect(shot.camera.canvas.expand2(vec2(99.0, 74.0))));
        for v in [area.min.x, area.min.y, area.max.x, area.max.y] {
            assert!(((v * 1.5).round() - v * 1.5).abs() < 1e-3, "{v}");
        }
        let ([w, h], scale) = shot.pixels();
        assert_eq!(scale, 1.5);
        // 600 × 450 points and a little, snapped outwards to whole pixels.
        assert_eq!([w, h], [900, 676]);
    }

    #[test]
    fn huge_pictures_are_drawn_at_lower_density() {
        let shot = Shot {
            scene: 1,
            camera: Camera {
                canvas: Rect::from_min_size(Pos2::ZERO, vec2(6_000.0, 4_000.0)),
                ..camera(Vec2::ZERO, 1.0)
            },
            pixels_per_point: 2.0,
            background: CLEAR,
        };
        let ([w, h], scale) = shot.pixels();
        assert!(scale < 2.0);
        assert!((w * h) as f32 <= MAX_PIXELS * 1.01 && (w.max(h) as f32) <= MAX_SIDE);
    }

    #[test]
    fn the_picture_follows_the_camera() {
        let shot = Shot {
            scene: 7,
            camera: camera(vec2(100.0, 50.0), 2.0),
            pixels_per_point: 1.0,
            background: CLEAR,
        };
        // The same camera: exactly where it was made.
        assert_eq!(shot.area_seen_by(&shot.camera), shot.area());
        // Panned by 30 scene units to the right: the picture moves 60 points left.
        let panned = shot.area_seen_by(&camera(vec2(130.0, 50.0), 2.0));
        assert!((panned.min.x - (shot.area().min.x - 60.0)).abs() < 1e-3);
        assert!((panned.width() - shot.area().width()).abs() < 1e-3);
        // Zoomed in 2x about the same centre: twice as big, same centre.
        let zoomed = shot.area_seen_by(&camera(vec2(100.0, 50.0), 4.0));
        assert!((zoomed.width() - 2.0 * shot.area().width()).abs() < 1e-2);
        assert!((zoomed.center() - shot.area().center()).length() < 1e-3);
    }

    /// Runs one pass of `ctx` at `time` seconds, scheduling `shot` in it; whether the
    /// camera was still.
    fn schedule_at(ctx: &egui::Context, picture: &mut Picture, time: f64, shot: Shot) -> bool {
        let input = egui::RawInput {
            time: Some(time),
            ..Default::default()
        };
        let mut still = false;
        let mut output = ctx.run_ui(input, |ui| {
            still = picture.schedule(ui.ctx(), shot, false, |_| || lines(&[]));
        });
        // No renderer takes the font atlas: drop it knowingly.
        output.textures_delta.clear();
        still
    }

    #[test]
    fn a_picture_waits_for_the_camera_to_be_still_a_moment() {
        let ctx = egui::Context::default();
        let mut picture = Picture::default();
        let shot = |x: f32| Shot {
            scene: 5,
            camera: camera(vec2(x, 0.0), 1.0),
            pixels_per_point: 1.0,
            background: CLEAR,
        };
        assert!(
            !schedule_at(&ctx, &mut picture, 1.0, shot(0.0)),
            "just moved"
        );
        assert!(!picture.has(&shot(0.0)), "no picture yet");
        assert!(!schedule_at(&ctx, &mut picture, 1.05, shot(0.0)));
        // Moved again: the wait starts over.
        assert!(!schedule_at(&ctx, &mut picture, 1.12, shot(9.0)));
        assert!(!picture.has(&shot(9.0)));
        assert!(schedule_at(&ctx, &mut picture, 1.25, shot(9.0)), "still");
        assert!(picture.has(&shot(9.0)), "started once still");
    }

    #[test]
    fn a_picture_is_placed_only_for_its_scene_and_when_it_covers_the_canvas() {
        let ctx = egui::Context::default();
        let mut raster = Picture::default();
        let shot = Shot {
            scene: 3,
            camera: camera(Vec2::ZERO, 1.0),
            pixels_per_point: 1.0,
            background: CLEAR,
        };
        let canvas = shot.camera.canvas;
        assert!(
            raster.placement(3, &shot.camera, canvas).is_none(),
            "nothing yet"
        );
        let content = lines(&[edge(pos2(0.0, 0.0), pos2(50.0, 50.0))]);
        raster.start(&ctx, shot, move || content);
        assert!(raster.has(&shot) && raster.is_pending());
        for _ in 0..500 {
            raster.poll(&ctx);
            if !raster.is_pending() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!raster.is_pending(), "the picture arrived");
        let (_, at) = raster.placement(3, &shot.camera, canvas).expect("placed");
        assert_eq!(at, shot.area());
        assert!(
            raster.placement(4, &shot.camera, canvas).is_none(),
            "other scene"
        );
        // A small pan stays inside the margin; a zoom out by half does not cover.
        assert!(
            raster
                .placement(3, &camera(vec2(40.0, 0.0), 1.0), canvas)
                .is_some()
        );
        assert!(
            raster
                .placement(3, &camera(Vec2::ZERO, 0.5), canvas)
                .is_none()
        );
    }
}
