//! Edges on the canvas: parallel edges grouped and spread apart, clipping to the
//! screen, and, on large views, every resting edge in one textured mesh.
//!
//! The mesh draws a dashed edge as one quad whose texture coordinates run along a
//! repeating dash pattern, so a long dashed edge zoomed in costs four vertices, not a
//! quad per dash. The mesh is kept between frames while the camera, the layout and the
//! focus stay the same.

use std::collections::HashSet;
use std::sync::Arc;

use egui::epaint::Vertex;
use egui::{Color32, Mesh, Pos2, Rect, Vec2, pos2, vec2};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use rayon::prelude::*;

use super::super::layout_state::{LayoutState, slot_in};
use super::super::shapes::{distance_to_segment, paint_edge};
use super::super::theme::{self, EdgeStyle, edge_style};
use super::geometry::{MIN_SCREEN_RADIUS, clip_segment, fast_length};
use super::keys::Fnv;
use super::picture::PictureEdge;
use crate::model::{KnowledgeGraph, Tone};
use crate::query::View;

/// Texels across one row of the dash texture. Each row repeats its pattern so that a
/// texel is about a point long, neither blurred nor skipped when drawn.
const DASH_TEXELS: usize = 20;

/// Views with at least this many edges have their edges grouped on a thread of their
/// own (200,000 take about 60 ms here).
const BACKGROUND_GROUPING_MIN: usize = 200_000;

/// Edges per mesh of resting edges: the chunks are built in parallel.
const EDGES_PER_CHUNK: usize = 8_192;

/// Subsamples per texel when drawing the dash pattern, for soft dash ends.
const DASH_SUBSAMPLES: usize = 8;

/// One edge of the view, as the canvas draws it.
#[derive(Clone, Copy, Debug)]
pub(super) struct CachedEdge {
    pub(super) e: EdgeIndex,
    /// Layout slots of the end nodes, source then target.
    pub(super) a: usize,
    pub(super) b: usize,
    /// Slots of the lower and higher node index: the parallel group's direction.
    pub(super) lo: usize,
    pub(super) hi: usize,
    /// Offset across the group's direction, in multiples of the spacing.
    pub(super) offset: f32,
    /// How the edge's relation is drawn.
    pub(super) tone: Tone,
}

/// The view's edges, grouped so that parallel ones are spread apart, kept between
/// frames while the graph's revision, the view's edges and the layout's slots stay the
/// same. A large view's edges are grouped on a thread of their own (a second and a half
/// for five million edges), the frames meanwhile drawing none.
#[derive(Clone)]
pub(super) struct EdgeCache {
    /// Views with at least this many edges have them grouped on a thread of their own.
    background_min: usize,
    key: u64,
    edges: Arc<Vec<CachedEdge>>,
    /// Where each edge lies in `edges`, by edge index ([`bright_edges`] looks up the
    /// focus's edges in it).
    at: Arc<Vec<u32>>,
    /// What the edges were last checked against: the graph's revision, the view (held,
    /// so its address is not reused) and the layout's slots. While these stay, the key
    /// is not hashed again: hashing five million edge indices took 40 ms a frame.
    checked: Option<(u64, Arc<View>, Vec<NodeIndex>)>,
    /// The grouping under way on its own thread, for the key it will have.
    pending: Option<Pending>,
}

/// Grouped edges and where each lies among them ([`positions_of`]).
type Grouped = (Vec<CachedEdge>, Vec<u32>);

impl Default for EdgeCache {
    fn default() -> Self {
        Self {
            background_min: BACKGROUND_GROUPING_MIN,
            key: 0,
            edges: Arc::default(),
            at: Arc::default(),
            checked: None,
            pending: None,
        }
    }
}

/// Edges being grouped off the UI thread: the key they are for, and where they land.
#[derive(Clone)]
struct Pending {
    key: u64,
    done: Arc<std::sync::Mutex<Option<Grouped>>>,
}

impl std::fmt::Debug for EdgeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EdgeCache({} edges)", self.edges.len())
    }
}

impl EdgeCache {
    /// The cached edges for `view` of `kg` laid out by `layout`, rebuilding them if any
    /// of the three changed: an edit to the graph (a relation, so a tone) may leave the
    /// view's indices as they were, so the graph's revision is part of the key.
    pub(super) fn get(
        &mut self,
        ctx: &egui::Context,
        kg: &Arc<KnowledgeGraph>,
        view: &Arc<View>,
        layout: &LayoutState,
    ) -> Arc<Vec<CachedEdge>> {
        let unchanged = self.checked.as_ref().is_some_and(|(revision, v, slots)| {
            *revision == kg.revision() && Arc::ptr_eq(v, view) && slots == layout.nodes()
        });
        if !unchanged {
            self.checked = Some((kg.revision(), Arc::clone(view), layout.nodes().to_vec()));
            let key = Fnv::of(
                [kg.revision(), view.edges.len() as u64]
                    .into_iter()
                    .chain(view.edges.iter().map(|e| e.index() as u64))
                    .chain(std::iter::once(layout.nodes().len() as u64 | 1 << 40))
                    .chain(layout.nodes().iter().map(|n| n.index() as u64)),
            );
            if key != self.key || self.edges.is_empty() {
                self.regroup(ctx, key, kg, view, layout);
            }
        }
        self.take_finished();
        Arc::clone(&self.edges)
    }

    /// Groups the edges for `key` at once on a small view; on a large one starts the
    /// grouping on its own thread (unless it is already under way) and shows no edges
    /// until it is done: the old ones would join the wrong slots.
    fn regroup(
        &mut self,
        ctx: &egui::Context,
        key: u64,
        kg: &Arc<KnowledgeGraph>,
        view: &Arc<View>,
        layout: &LayoutState,
    ) {
        if view.edges.len() < self.background_min {
            self.pending = None;
            self.key = key;
            let (edges, at) = grouped(kg, view, &|ix| layout.slot(ix));
            (self.edges, self.at) = (Arc::new(edges), Arc::new(at));
            return;
        }
        if self.pending.as_ref().is_some_and(|p| p.key == key) {
            return;
        }
        self.key = key;
        self.edges = Arc::default();
        self.at = Arc::default();
        let done = Arc::new(std::sync::Mutex::new(None));
        self.pending = Some(Pending {
            key,
            done: Arc::clone(&done),
        });
        let (kg, view, ctx) = (Arc::clone(kg), Arc::clone(view), ctx.clone());
        let slots = layout.slot_table().to_vec();
        let work = move || {
            let result = grouped(&kg, &view, &|ix| slot_in(&slots, ix));
            if let Ok(mut done) = done.lock() {
                *done = Some(result);
            }
            ctx.request_repaint();
        };
        if let Err(e) = std::thread::Builder::new()
            .name("ideagraph-edge-groups".into())
            .spawn(work)
        {
            eprintln!("ideagraph: no thread to group the edges: {e}");
            self.pending = None;
        }
    }

    /// Takes the edges grouped off the UI thread, once they are done.
    fn take_finished(&mut self) {
        let Some(pending) = &self.pending else {
            return;
        };
        if pending.key != self.key {
            self.pending = None;
        } else if let Some((edges, at)) = pending.done.lock().ok().and_then(|mut d| d.take()) {
            // Moved in, not copied: five million edges are 200 MB.
            self.edges = Arc::new(edges);
            self.at = Arc::new(at);
            self.pending = None;
        }
    }

    /// Where each edge lies in the edges [`EdgeCache::get`] returned, by edge index.
    pub(super) fn positions(&self) -> &[u32] {
        &self.at
    }

    /// Whether the edges shown are still being grouped (there are none meanwhile).
    pub(super) fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// A hash of the graph's revision, the view's edges and the layout's slots the
    /// cache was built for.
    pub(super) fn key(&self) -> u64 {
        self.key
    }
}

/// [`group_edges`], and where each lies among them.
fn grouped(kg: &KnowledgeGraph, view: &View, slot: &dyn Fn(NodeIndex) -> Option<usize>) -> Grouped {
    let edges = group_edges(kg, view, slot);
    let at = positions_of(&edges);
    (edges, at)
}

/// The view's edges with both ends laid out, parallel ones together (ordered by their
/// end nodes), each with its offset across the group.
fn group_edges(
    kg: &KnowledgeGraph,
    view: &View,
    slot: &dyn Fn(NodeIndex) -> Option<usize>,
) -> Vec<CachedEdge> {
    let ends: Vec<Ends> = view
        .edges
        .iter()
        .filter_map(|&e| {
            let ((a, b), w) = (kg.endpoints(e)?, kg.graph().edge_weight(e)?);
            let (lo, hi) = (a.index().min(b.index()), a.index().max(b.index()));
            Some(Ends {
                e,
                a,
                b,
                lo,
                hi,
                tone: w.relation.tone(),
            })
        })
        .collect();
    // In edge order (the view's), then stably by higher end and by lower end: parallel
    // edges lie side by side, groups in node order, each group in edge order.
    let bound = petgraph::visit::NodeIndexable::node_bound(kg.graph());
    let ends = stable_by(&stable_by(&ends, bound, |x| x.hi), bound, |x| x.lo);
    let mut out = Vec::with_capacity(ends.len());
    for group in ends.chunk_by(|x, y| (x.lo, x.hi) == (y.lo, y.hi)) {
        let n = group.len() as f32;
        for (k, x) in group.iter().enumerate() {
            let slots = [x.a, x.b, NodeIndex::new(x.lo), NodeIndex::new(x.hi)].map(slot);
            let [Some(sa), Some(sb), Some(slo), Some(shi)] = slots else {
                continue;
            };
            out.push(CachedEdge {
                e: x.e,
                a: sa,
                b: sb,
                lo: slo,
                hi: shi,
                offset: (k as f32) - (n - 1.0) / 2.0,
                tone: x.tone,
            });
        }
    }
    out
}

/// An edge of the view with its ends, read once from the graph.
#[derive(Clone, Copy)]
struct Ends {
    e: EdgeIndex,
    a: NodeIndex,
    b: NodeIndex,
    /// The lower and higher node index of the two ends.
    lo: usize,
    hi: usize,
    tone: Tone,
}

/// `items` sorted stably by `key` (below `bound`): a counting sort, linear in the
/// items and the bound, where a comparison sort of a large view's edges took
/// milliseconds of the frame after each edit.
fn stable_by(items: &[Ends], bound: usize, key: impl Fn(&Ends) -> usize) -> Vec<Ends> {
    let mut next = vec![0usize; bound + 1];
    for x in items {
        next[key(x).min(bound - 1) + 1] += 1;
    }
    for i in 1..next.len() {
        next[i] += next[i - 1];
    }
    let mut out = items.to_vec();
    for &x in items {
        let at = &mut next[key(&x).min(bound - 1)];
        out[*at] = x;
        *at += 1;
    }
    out
}

/// Screen offset that spreads an edge of a parallel group (`plo`, `phi`: the group's
/// ends on screen) away from its siblings.
pub(super) fn parallel_offset(ce: &CachedEdge, plo: Pos2, phi: Pos2) -> Vec2 {
    if ce.offset == 0.0 {
        Vec2::ZERO
    } else {
        let d = phi - plo;
        let len = fast_length(d);
        if len > 0.0 {
            (d / len).rot90() * ce.offset * 5.0
        } else {
            Vec2::ZERO
        }
    }
}

/// The segment between two node centres shortened to the nodes' borders (scene radii
/// `ra`, `rb` at `zoom`), or `None` when the nodes touch.
pub(super) fn shorten(sa: Pos2, sb: Pos2, ra: f32, rb: f32, zoom: f32) -> Option<(Pos2, Pos2)> {
    let len = fast_length(sb - sa);
    let ra = (ra * zoom).max(MIN_SCREEN_RADIUS) + 1.0;
    let rb = (rb * zoom).max(MIN_SCREEN_RADIUS) + 2.0;
    if len <= ra + rb + 2.0 || !len.is_finite() {
        return None;
    }
    let dir = (sb - sa) / len;
    Some((sa + dir * ra, sb - dir * rb))
}

/// [`paint_edge`] on the part of the edge inside `clip`; the arrowhead only when the
/// edge's end is inside.
#[allow(clippy::too_many_arguments)]
pub(super) fn paint_edge_clipped(
    painter: &egui::Painter,
    a: Pos2,
    b: Pos2,
    style: EdgeStyle,
    colour: Color32,
    width: f32,
    arrow: bool,
    clip: Rect,
) {
    let Some((ca, cb)) = clip_segment(a, b, clip) else {
        return;
    };
    paint_edge(painter, ca, cb, style, colour, width, arrow && cb == b);
}

/// The visible edge nearest to `p` within 6 points, if any (the first in `edges` of
/// two as near). Only asked on a click on the background; a cheap box test skips edges
/// far from the pointer, and the edges are scanned in parallel pieces (five million
/// took 90 ms on one core).
pub(super) fn nearest_edge(edges: &[CachedEdge], spos: &[Pos2], p: Pos2) -> Option<EdgeIndex> {
    edges
        .par_iter()
        .enumerate()
        .filter_map(|(i, ce)| {
            let (a, b) = (*spos.get(ce.a)?, *spos.get(ce.b)?);
            if !Rect::from_two_pos(a, b).expand(6.0).contains(p) {
                return None;
            }
            let d = distance_to_segment(p, a, b);
            (d <= 6.0).then_some((d, i, ce.e))
        })
        .min_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)))
        .map(|(_, _, e)| e)
}

/// The texture of dash patterns: one row per pattern used by a tone after two solid
/// rows, white where the line is drawn, repeating along its length. The batched nodes
/// use a solid texel too, so that the two biggest meshes of a frame share a texture and
/// each reaches egui's tessellator as the start of its own draw call (copied once,
/// rather than appended to a growing mesh).
#[derive(Clone)]
pub(super) struct DashTexture {
    handle: egui::TextureHandle,
    /// Each row's pattern (dash, gap in points) and how many times it repeats across
    /// the row; `None` for the solid rows.
    rows: Vec<Option<((f32, f32), f32)>>,
}

impl std::fmt::Debug for DashTexture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DashTexture({:?}, {} rows)",
            self.handle.id(),
            self.rows.len()
        )
    }
}

impl DashTexture {
    /// Draws the patterns of every tone into a texture owned by `ctx`.
    pub(super) fn new(ctx: &egui::Context) -> Self {
        // Two solid rows: sampling on the line between them reads solid white even
        // with linear filtering.
        let mut rows: Vec<Option<((f32, f32), f32)>> = vec![None, None];
        for (tone, _) in theme::TONES {
            for dark in [false, true] {
                let Some((dash, gap)) = edge_style(tone, dark).dash else {
                    continue;
                };
                let period = dash + gap;
                if period <= 0.0 || rows.iter().flatten().any(|(p, _)| *p == (dash, gap)) {
                    continue;
                }
                let repeats = (DASH_TEXELS as f32 / period).round().max(1.0);
                rows.push(Some(((dash, gap), repeats)));
            }
        }
        let mut pixels = Vec::with_capacity(DASH_TEXELS * rows.len());
        for row in &rows {
            for x in 0..DASH_TEXELS {
                let coverage = match row {
                    None => 1.0,
                    Some(((dash, gap), repeats)) => {
                        let period = dash + gap;
                        // Points along the line per texel.
                        let step = repeats * period / DASH_TEXELS as f32;
                        let on = (0..DASH_SUBSAMPLES)
                            .filter(|k| {
                                let t =
                                    (x as f32 + (*k as f32 + 0.5) / DASH_SUBSAMPLES as f32) * step;
                                t % period < *dash
                            })
                            .count();
                        on as f32 / DASH_SUBSAMPLES as f32
                    }
                };
                pixels.push(Color32::from_white_alpha((coverage * 255.0).round() as u8));
            }
        }
        let image = egui::ColorImage::new([DASH_TEXELS, rows.len()], pixels);
        let options = egui::TextureOptions {
            magnification: egui::TextureFilter::Linear,
            minification: egui::TextureFilter::Linear,
            wrap_mode: egui::TextureWrapMode::Repeat,
            mipmap_mode: None,
        };
        let handle = ctx.load_texture("ideagraph-edge-dashes", image, options);
        Self { handle, rows }
    }

    /// How to draw an edge of `style`: its row and its texture length per point.
    fn look(&self, style: &EdgeStyle) -> DashLook {
        let v_of = |row: usize| (row as f32 + 0.5) / self.rows.len() as f32;
        let found = style.dash.and_then(|d| {
            self.rows.iter().enumerate().find_map(|(row, r)| match r {
                Some((p, repeats)) if *p == d => Some((row, *p, *repeats)),
                _ => None,
            })
        });
        match found {
            Some((row, (dash, gap), repeats)) => DashLook {
                v: v_of(row),
                u_per_point: 1.0 / (repeats * (dash + gap)),
            },
            None => DashLook {
                v: self.solid_uv().y,
                u_per_point: 0.0,
            },
        }
    }

    /// Texture coordinates that read solid white.
    pub(super) fn solid_uv(&self) -> Pos2 {
        pos2(0.5 / DASH_TEXELS as f32, 1.0 / self.rows.len() as f32)
    }

    /// The texture's id, for meshes drawn with it.
    pub(super) fn id(&self) -> egui::TextureId {
        self.handle.id()
    }
}

/// Where an edge's pattern is in the dash texture.
#[derive(Clone, Copy)]
struct DashLook {
    /// The row's centre.
    v: f32,
    /// Texture units per point along the edge: zero for a solid line.
    u_per_point: f32,
}

/// What the resting-edge mesh needs to know about this frame.
pub(super) struct EdgeFrame<'a> {
    /// Screen positions by layout slot.
    pub(super) spos: &'a [Pos2],
    /// Scene radii by layout slot.
    pub(super) radii: &'a [f32],
    /// Screen points per scene unit.
    pub(super) zoom: f32,
    /// Edges are drawn only inside this screen rectangle.
    pub(super) clip: Rect,
    /// Edges drawn bright (touching the focus), left out of the mesh.
    pub(super) near_edges: &'a HashSet<EdgeIndex>,
    /// The selected edge, also drawn bright.
    pub(super) selected_edge: Option<EdgeIndex>,
    /// The opacity of a resting edge.
    pub(super) alpha: f32,
    /// Arrowheads, when zoomed in far enough.
    pub(super) arrow: bool,
    /// Dark theme.
    pub(super) dark: bool,
    /// Draw one resting edge in this many (by edge index): 1 draws them all. Large views
    /// thin their edges while the camera or the layout moves, as sigma.js hides them, so
    /// motion stays smooth where the rasteriser is slow; the frame at rest has them all.
    pub(super) stride: usize,
}

impl EdgeFrame<'_> {
    /// A hash of everything that shapes the mesh besides the edges and positions.
    fn key(&self, edges_key: u64, positions_key: u64) -> u64 {
        let mut h = Fnv::new();
        let mut mix = |x: u64| h.mix(x);
        mix(edges_key);
        mix(positions_key);
        for v in [
            self.clip.min.x,
            self.clip.min.y,
            self.clip.max.x,
            self.clip.max.y,
            self.zoom,
            self.alpha,
        ] {
            mix(u64::from(v.to_bits()));
        }
        // The screen position of slot 0 pins down the camera's centre.
        if let Some(p) = self.spos.first() {
            mix(u64::from(p.x.to_bits()) << 32 | u64::from(p.y.to_bits()));
        }
        mix(u64::from(self.arrow) | u64::from(self.dark) << 1);
        mix(self.stride as u64);
        mix(self.selected_edge.map_or(u64::MAX, |e| e.index() as u64));
        // Order-independent: the set's iteration order is arbitrary.
        let near = self.near_edges.iter().fold(0u64, |acc, e| {
            acc.wrapping_add((e.index() as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        });
        mix(near);
        mix(self.near_edges.len() as u64);
        h.0
    }
}

/// The resting edges of one frame as one mesh (built in parallel chunks, then joined),
/// and the bright ones left to draw apart, kept while nothing that shapes them changes.
#[derive(Clone, Default)]
pub(super) struct EdgeMeshCache {
    key: Option<u64>,
    mesh: Arc<Mesh>,
    /// Buffers for the chunks, kept to be reused.
    chunks: Vec<Mesh>,
    bright: Vec<(EdgeIndex, Vec2)>,
}

impl std::fmt::Debug for EdgeMeshCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EdgeMeshCache({} vertices)", self.mesh.vertices.len())
    }
}

impl EdgeMeshCache {
    /// The mesh of resting edges (textured with `dashes`) and the bright edges (with
    /// their parallel offsets), rebuilt only when the edges, positions
    /// (`positions_key`) or frame changed.
    pub(super) fn get(
        &mut self,
        dashes: &DashTexture,
        edges: &[CachedEdge],
        edges_key: u64,
        positions_key: u64,
        frame: &EdgeFrame<'_>,
    ) -> (Arc<Mesh>, &[(EdgeIndex, Vec2)]) {
        let key = frame.key(edges_key, positions_key);
        if self.key != Some(key) {
            let looks = ToneLooks::new(frame, dashes);
            let texture = dashes.id();
            let mut chunks = std::mem::take(&mut self.chunks);
            chunks.resize_with(edges.len().div_ceil(EDGES_PER_CHUNK), Mesh::default);
            let bright: Vec<Vec<(EdgeIndex, Vec2)>> = chunks
                .par_iter_mut()
                .zip(edges.par_chunks(EDGES_PER_CHUNK))
                .map(|(mesh, chunk)| {
                    mesh.clear();
                    mesh.texture_id = texture;
                    let mut bright = Vec::new();
                    build_edge_mesh(mesh, &mut bright, chunk, frame, &looks);
                    bright
                })
                .collect();
            self.bright = bright.concat();
            // One mesh, sized once: egui copies it into its draw call in one go.
            let mut mesh = Arc::try_unwrap(std::mem::take(&mut self.mesh)).unwrap_or_default();
            mesh.clear();
            mesh.texture_id = texture;
            mesh.vertices
                .reserve(chunks.iter().map(|m| m.vertices.len()).sum());
            mesh.indices
                .reserve(chunks.iter().map(|m| m.indices.len()).sum());
            for chunk in &chunks {
                mesh.append_ref(chunk);
            }
            self.chunks = chunks;
            self.mesh = Arc::new(mesh);
            self.key = Some(key);
        }
        (Arc::clone(&self.mesh), &self.bright)
    }
}

/// Each tone's style, colour and dash pattern for one frame, by the tone's discriminant.
pub(super) struct ToneLooks {
    looks: Vec<Option<(EdgeStyle, Color32, DashLook)>>,
    solid: Pos2,
}

impl ToneLooks {
    pub(super) fn new(frame: &EdgeFrame<'_>, dashes: &DashTexture) -> Self {
        let mut looks: Vec<Option<(EdgeStyle, Color32, DashLook)>> = Vec::new();
        for &(tone, _) in &theme::TONES {
            let style = edge_style(tone, frame.dark);
            let colour = theme::faded(style.colour, frame.alpha);
            if looks.len() <= tone as usize {
                looks.resize(tone as usize + 1, None);
            }
            if let Some(slot) = looks.get_mut(tone as usize) {
                *slot = Some((style, colour, dashes.look(&style)));
            }
        }
        Self {
            looks,
            solid: dashes.solid_uv(),
        }
    }
}

/// Where an edge of the view goes in this frame.
enum Placement {
    /// Off screen, or left out by the frame's stride.
    Hidden,
    /// Touching the focus: drawn bright, apart from the resting edges, spread from
    /// its parallel siblings by this offset.
    Bright(Vec2),
    /// A resting edge, shortened to the node borders (screen points).
    Resting(Pos2, Pos2),
}

/// Where `ce` goes in `frame`; `focus` says whether anything is drawn bright.
fn place(ce: &CachedEdge, frame: &EdgeFrame<'_>, focus: bool) -> Placement {
    let bright = focus && (frame.near_edges.contains(&ce.e) || frame.selected_edge == Some(ce.e));
    // The stride is tested before anything else: a coarse frame of five million edges
    // keeps one in thousands, and clipping the others first cost most of the frame.
    if !bright && frame.stride > 1 && !ce.e.index().is_multiple_of(frame.stride) {
        return Placement::Hidden;
    }
    let (Some(&plo), Some(&phi)) = (frame.spos.get(ce.lo), frame.spos.get(ce.hi)) else {
        return Placement::Hidden;
    };
    if clip_segment(plo, phi, frame.clip).is_none() {
        return Placement::Hidden;
    }
    let offset = parallel_offset(ce, plo, phi);
    if bright {
        return Placement::Bright(offset);
    }
    let (Some(&pa), Some(&pb)) = (frame.spos.get(ce.a), frame.spos.get(ce.b)) else {
        return Placement::Hidden;
    };
    let ra = frame.radii.get(ce.a).copied().unwrap_or(6.0);
    let rb = frame.radii.get(ce.b).copied().unwrap_or(6.0);
    match shorten(pa + offset, pb + offset, ra, rb, frame.zoom) {
        Some((sa, sb)) => Placement::Resting(sa, sb),
        None => Placement::Hidden,
    }
}

/// The edges of `edges` touching the frame's focus, with their parallel offsets: what
/// is drawn bright over a raster of the resting edges.
pub(super) fn bright_edges(
    edges: &[CachedEdge],
    at: &[u32],
    frame: &EdgeFrame<'_>,
) -> Vec<(EdgeIndex, Vec2)> {
    // The focus's edges are looked up by index, not found by a pass over every edge: a
    // hash lookup for each of five million edges took 200 ms a frame.
    let mut found: Vec<usize> = frame
        .near_edges
        .iter()
        .copied()
        .chain(frame.selected_edge)
        .filter_map(|e| position_of(edges, at, e))
        .collect();
    // In the edges' order, as drawn before: where bright edges cross, the same is on top.
    found.sort_unstable();
    found.dedup();
    found
        .into_iter()
        .filter_map(|i| match place(&edges[i], frame, true) {
            Placement::Bright(offset) => Some((edges[i].e, offset)),
            _ => None,
        })
        .collect()
}

/// Where `e` lies in `edges`, read from `at` (what [`positions_of`] made of them), if
/// it is there.
pub(super) fn position_of(edges: &[CachedEdge], at: &[u32], e: EdgeIndex) -> Option<usize> {
    let i = *at.get(e.index())? as usize;
    (edges.get(i)?.e == e).then_some(i)
}

/// Where each edge lies in `edges`, by edge index (`u32::MAX` for an edge not there).
fn positions_of(edges: &[CachedEdge]) -> Vec<u32> {
    let bound = edges.iter().map(|ce| ce.e.index() + 1).max().unwrap_or(0);
    let mut at = vec![u32::MAX; bound];
    for (i, ce) in edges.iter().enumerate() {
        at[ce.e.index()] = u32::try_from(i).unwrap_or(u32::MAX);
    }
    at
}

/// The resting edges of `frame` as lines of a picture whose top-left corner is `origin`
/// on screen, at `scale` pixels per point (see the `picture` module), each tone drawn
/// as `looks` says ([`ToneLooks::new`] of the same frame).
pub(super) fn picture_edges(
    edges: &[CachedEdge],
    frame: &EdgeFrame<'_>,
    looks: &ToneLooks,
    origin: Pos2,
    scale: f32,
) -> Vec<PictureEdge> {
    let px = |p: Pos2| pos2((p.x - origin.x) * scale, (p.y - origin.y) * scale);
    let mut lines = Vec::with_capacity(edges.len());
    let mut bright = Vec::new();
    for_each_resting(
        edges,
        frame,
        looks,
        &mut bright,
        |a, b, style, colour, _| {
            let Some(shape) = EdgeShape::new(a, b, style.width, frame.arrow, frame.clip) else {
                return;
            };
            let (ca, cb) = shape.line;
            lines.push(PictureEdge {
                a: px(ca),
                b: px(cb),
                width: style.width.max(1.0) * scale,
                colour,
                // Measured from the edge's own start, as in the mesh.
                dash: style
                    .dash
                    .map(|(dash, gap)| (dash * scale, gap * scale, fast_length(ca - a) * scale)),
                head: shape.head.map(|corners| corners.map(px)),
            });
        },
    );
    thin_out(&mut lines, PICTURE_LINE_BUDGET);
    lines
}

/// Most lines a picture draws one by one (see [`thin_out`]).
const PICTURE_LINE_BUDGET: usize = 1_000_000;

/// Keeps one line in `k` of more than `budget`, each `k` times as opaque as its
/// overlap would be (1 − (1 − α)^k): where lines pile up, as they do by the million,
/// the picture keeps its density and hue. Drawing five million anti-aliased lines in
/// software took over a minute; a million take a fifth of that.
fn thin_out(lines: &mut Vec<PictureEdge>, budget: usize) {
    if lines.len() <= budget {
        return;
    }
    let k = lines.len().div_ceil(budget.max(1));
    let mut i = 0;
    lines.retain(|_| {
        i += 1;
        (i - 1) % k == 0
    });
    for line in lines.iter_mut() {
        let alpha = f32::from(line.colour.a()) / 255.0;
        if alpha > 0.0 {
            let stacked = 1.0 - (1.0 - alpha).powi(k as i32);
            line.colour = line.colour.gamma_multiply(stacked / alpha);
        }
    }
}

/// Calls `draw` with every resting edge of `edges` in `frame` (ends on screen, style,
/// colour at the frame's opacity, dash look); pushes the bright ones to `bright`.
fn for_each_resting(
    edges: &[CachedEdge],
    frame: &EdgeFrame<'_>,
    looks: &ToneLooks,
    bright: &mut Vec<(EdgeIndex, Vec2)>,
    mut draw: impl FnMut(Pos2, Pos2, &EdgeStyle, Color32, DashLook),
) {
    let focus = !frame.near_edges.is_empty() || frame.selected_edge.is_some();
    for ce in edges {
        match place(ce, frame, focus) {
            Placement::Hidden => {}
            Placement::Bright(offset) => bright.push((ce.e, offset)),
            Placement::Resting(sa, sb) => {
                if let Some(Some((style, colour, look))) = looks.looks.get(ce.tone as usize) {
                    draw(sa, sb, style, *colour, *look);
                }
            }
        }
    }
}

/// Adds every resting edge in `edges` to `mesh`; pushes the bright ones to `bright`.
fn build_edge_mesh(
    mesh: &mut Mesh,
    bright: &mut Vec<(EdgeIndex, Vec2)>,
    edges: &[CachedEdge],
    frame: &EdgeFrame<'_>,
    looks: &ToneLooks,
) {
    for_each_resting(
        edges,
        frame,
        looks,
        bright,
        |sa, sb, style, colour, look| {
            mesh_edge(
                mesh,
                sa,
                sb,
                style,
                colour,
                look,
                looks.solid,
                frame.arrow,
                frame.clip,
            );
        },
    );
}

/// An edge's line, clipped, and its arrowhead: the line stops short of the tip, under
/// the head, so the tip stays sharp.
pub(super) struct EdgeShape {
    /// The visible part of the line.
    pub(super) line: (Pos2, Pos2),
    /// Unit vector across the line.
    pub(super) normal: Vec2,
    /// The arrowhead's tip and base corners, when drawn.
    pub(super) head: Option<[Pos2; 3]>,
}

impl EdgeShape {
    /// The shape of an edge from `a` to `b` drawn `width` wide, clipped to `clip`; the
    /// arrowhead when `arrow` is set and the end is inside `clip`. `None` when nothing
    /// of it shows.
    pub(super) fn new(a: Pos2, b: Pos2, width: f32, arrow: bool, clip: Rect) -> Option<Self> {
        let len = fast_length(b - a);
        if len < 1.0 || !len.is_finite() {
            return None;
        }
        let dir = (b - a) / len;
        let arrow = arrow && clip.contains(b);
        let head = if arrow {
            (5.0 + 1.5 * width).min(len * 0.5)
        } else {
            0.0
        };
        let line = clip_segment(a, b - dir * head * 0.8, clip)?;
        let normal = vec2(-dir.y, dir.x);
        let base = b - dir * head;
        let head = (arrow && head > 1.0)
            .then(|| [b, base + normal * head * 0.45, base - normal * head * 0.45]);
        Some(Self { line, normal, head })
    }
}

/// Adds an edge to `mesh`: one quad textured with its dash pattern, plus an arrowhead
/// triangle when `arrow` is set and the end is on screen, clipped to `clip`.
#[allow(clippy::too_many_arguments)]
fn mesh_edge(
    mesh: &mut Mesh,
    a: Pos2,
    b: Pos2,
    style: &EdgeStyle,
    colour: Color32,
    look: DashLook,
    solid: Pos2,
    arrow: bool,
    clip: Rect,
) {
    let Some(shape) = EdgeShape::new(a, b, style.width, arrow, clip) else {
        return;
    };
    let (ca, cb) = shape.line;
    let half = shape.normal * (style.width.max(1.0) * 0.5);
    // Measured from the edge's own start, so dashes stay put as clipping changes.
    let u0 = fast_length(ca - a) * look.u_per_point;
    let u1 = fast_length(cb - a) * look.u_per_point;
    let (v, uv_solid) = (look.v, look.u_per_point == 0.0);
    let (u0, u1) = if uv_solid {
        (solid.x, solid.x)
    } else {
        (u0, u1)
    };
    let i = mesh.vertices.len() as u32;
    let vertex = |pos: Pos2, u: f32| Vertex {
        pos,
        uv: pos2(u, v),
        color: colour,
    };
    mesh.vertices.extend([
        vertex(ca + half, u0),
        vertex(ca - half, u0),
        vertex(cb - half, u1),
        vertex(cb + half, u1),
    ]);
    mesh.indices.extend([i, i + 1, i + 2, i, i + 2, i + 3]);
    if let Some(corners) = shape.head {
        let i = mesh.vertices.len() as u32;
        mesh.vertices.extend(corners.map(|pos| Vertex {
            pos,
            uv: solid,
            color: colour,
        }));
        mesh.indices.extend([i, i + 1, i + 2]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edge, Kind, Node, Relation};

    /// A graph of two nodes and one edge between them of `relation`.
    fn graph(relation: Relation) -> KnowledgeGraph {
        let mut d = Document::default();
        d.nodes.push(Node::new("a", "A", Kind::Person));
        d.nodes.push(Node::new("b", "B", Kind::Concept));
        d.edges.push(Edge::new("a", "b", relation));
        KnowledgeGraph::from_document(d)
    }

    /// Parallel edges, either way round, come out side by side with offsets spread
    /// about zero; groups in the order of their lower then higher node index, each
    /// group in edge order, as the counting sort promises.
    #[test]
    fn parallel_edges_are_grouped_in_node_order_and_spread_about_zero() {
        let mut d = Document::default();
        for id in ["a", "b", "c"] {
            d.nodes.push(Node::new(id, id, Kind::Person));
        }
        for (from, to) in [("b", "c"), ("a", "b"), ("c", "a"), ("b", "a"), ("a", "b")] {
            d.edges.push(Edge::new(from, to, Relation::Supports));
        }
        let kg = KnowledgeGraph::from_document(d);
        let view = View::all(&kg);
        let layout = LayoutState::new(&kg, &view.nodes, &view.edges);
        let edges = group_edges(&kg, &view, &|ix| layout.slot(ix));
        let got: Vec<(usize, f32)> = edges.iter().map(|ce| (ce.e.index(), ce.offset)).collect();
        assert_eq!(
            got,
            [(1, -1.0), (3, 0.0), (4, 1.0), (2, 0.0), (0, 0.0)],
            "a-b (three edges), a-c, b-c"
        );
        for ce in &edges {
            let (a, b) = kg.endpoints(ce.e).expect("ends");
            assert_eq!((layout.slot(a), layout.slot(b)), (Some(ce.a), Some(ce.b)));
        }
    }

    /// An edit that keeps every index (one relation changed) shows with the same view
    /// and layout: the cache is rebuilt, with the new relation's tone.
    #[test]
    fn the_edge_cache_is_rebuilt_when_the_graph_changes_under_the_same_view() {
        let ctx = egui::Context::default();
        let before = Arc::new(graph(Relation::Advocates));
        let after = Arc::new(graph(Relation::Opposes));
        let view = Arc::new(View::all(&before));
        assert_eq!(*view, View::all(&after), "the same indices");
        let layout = LayoutState::new(&before, &view.nodes, &view.edges);
        let mut cache = EdgeCache::default();
        let tones = |edges: &[CachedEdge]| edges.iter().map(|ce| ce.tone).collect::<Vec<_>>();
        let first = cache.get(&ctx, &before, &view, &layout);
        let key = cache.key();
        assert_eq!(tones(&first), [Relation::Advocates.tone()]);
        cache.get(&ctx, &before, &view, &layout);
        assert_eq!(cache.key(), key, "nothing changed: the same key");
        // The same view computed again (a new allocation) is checked, not rebuilt.
        let again = Arc::new(View::all(&before));
        let same = cache.get(&ctx, &before, &again, &layout);
        assert!(
            Arc::ptr_eq(&first, &same),
            "the same edges, not built again"
        );
        let second = cache.get(&ctx, &after, &view, &layout);
        assert_ne!(cache.key(), key, "a new revision is a new key");
        assert_eq!(tones(&second), [Relation::Opposes.tone()]);
    }

    /// A large view's edges are grouped on a thread of their own: none are shown until
    /// they are done, then the same as grouped here, with every edge found by index.
    #[test]
    fn a_large_view_has_its_edges_grouped_off_the_ui_thread() {
        let ctx = egui::Context::default();
        let kg = Arc::new(KnowledgeGraph::from_document(
            crate::model::generate::generate(crate::model::generate::Model::ScaleFree, 50, 120, 3),
        ));
        let view = Arc::new(View::all(&kg));
        let layout = LayoutState::new(&kg, &view.nodes, &view.edges);
        let mut cache = EdgeCache {
            background_min: 10,
            ..EdgeCache::default()
        };
        let first = cache.get(&ctx, &kg, &view, &layout);
        // The thread may be done by the end of the call; until it is, nothing shows.
        assert_eq!(first.is_empty(), cache.is_pending(), "none until grouped");
        let start = std::time::Instant::now();
        let edges = loop {
            let edges = cache.get(&ctx, &kg, &view, &layout);
            if !cache.is_pending() {
                break edges;
            }
            assert!(start.elapsed().as_secs() < 30, "grouped within 30 s");
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        let here = group_edges(&kg, &view, &|ix| layout.slot(ix));
        let ids = |edges: &[CachedEdge]| {
            edges
                .iter()
                .map(|ce| (ce.e, ce.a, ce.b))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&edges), ids(&here));
        assert_eq!(edges.len(), view.edges.len());
        for (i, ce) in edges.iter().enumerate() {
            assert_eq!(cache.positions()[ce.e.index()] as usize, i);
        }
    }

    /// Past the budget, one line in k stays, as opaque as k of them stacked.
    #[test]
    fn a_picture_past_its_budget_keeps_one_line_in_k_as_dense() {
        let line = |i: usize| PictureEdge {
            a: pos2(0.0, i as f32),
            b: pos2(10.0, i as f32),
            width: 1.0,
            colour: Color32::from_black_alpha(51),
            dash: None,
            head: None,
        };
        let mut lines: Vec<PictureEdge> = (0..10).map(line).collect();
        thin_out(&mut lines, 10);
        assert_eq!(lines.len(), 10, "within the budget, all stay");
        thin_out(&mut lines, 4);
        let kept: Vec<f32> = lines.iter().map(|l| l.a.y).collect();
        assert_eq!(kept, [0.0, 3.0, 6.0, 9.0], "one in three, in order");
        // Three lines of α 0.2 stacked: 1 − 0.8³ = 0.488.
        let alpha = f32::from(lines[0].colour.a()) / 255.0;
        assert!((alpha - 0.488).abs() < 0.01, "{alpha}");
    }
}
