//! Pictures of a graph: SVG drawn like the canvas, and PNG rasterised from that SVG
//! with resvg, headless. Also the visual encoding other exports share (GEXF and DOT
//! colours and shapes), and the layout used when nodes have no saved position.
//!
//! # The drawing
//! Nodes sit at their saved positions (`Node::pos`: the window passes its on-screen
//! ones); nodes without one are placed by the canvas's seeded force simulation
//! ([`crate::layout::from_graph`]) with the saved ones pinned, so the same graph always
//! draws the same way. Shapes and line styles are the canvas's: people circles,
//! organisations rounded squares, publications pages with a folded corner, concepts
//! diamonds, events hexagons; edges coloured and dashed by the tone of their relation,
//! with an arrowhead at the object.
//!
//! Colours, sizes, faded nodes, the focus's label and the words of the caption come
//! from a [`Look`], built from the view's [`crate::query::ViewSpec`] exactly as the
//! window draws it (see [`look`]); without one the graph is drawn plainly (kind colours,
//! radius by connections). Labels are placed as on the canvas (the `labels` module): cut to the
//! canvas's length, biggest nodes first, below, above or beside their node where they
//! overlap no other, each over a halo that is an element of its own (a rectangle, not a
//! stroke with `paint-order`, which several renderers ignore and so lose the text).
//! Every node keeps its whole name as a tooltip. A legend explains the encoding and a
//! caption states the view and its encoding in words and cites every source the graph
//! quotes ([`crate::model::Source::citation`]).
//!
//! # One palette
//! Colours come from [`crate::palette`], which the window's `ui::theme` turns into egui
//! colours, so an export looks like the light canvas.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use petgraph::stable_graph::NodeIndex;
use resvg::tiny_skia;
use resvg::usvg;

use super::IoError;
use super::interchange::{escape_attr, escape_text};
pub use crate::layout::from_graph::node_radius;
use crate::layout::from_graph::{LAYOUT_SEED, simulation_for};
use crate::model::{Kind, KnowledgeGraph, Tone, cut_to};
use crate::query::{ColourMode, View};

mod labels;
pub mod look;

use labels::{Candidate, LABEL_PX, Placed, place_labels};
use look::key_heading;
pub use look::{Ghost, KeyRow, Look, picture_of};

/// Most steps the export layout runs before it is used, settled or not.
pub const LAYOUT_MAX_STEPS: usize = 2_000;

use crate::limits::MAX_CAPTION_CITATION_CHARS;
pub use crate::limits::{MAX_DRAWN_LABEL_CHARS, MAX_PNG_PIXELS, MAX_PNG_SIDE, MIN_PNG_SCALE};

/// Largest allowed PNG scale factor ([`crate::limits::MAX_PNG_SCALE`]).
pub use crate::limits::MAX_PNG_SCALE as MAX_SCALE;

/// `label` as drawn: at most [`MAX_DRAWN_LABEL_CHARS`] characters, the last an
/// ellipsis when it was cut. Pictures (SVG, PNG) and DOT labels use this; tooltips
/// and data formats keep the whole label.
pub fn drawn_label(label: &str) -> Cow<'_, str> {
    shortened(label, MAX_DRAWN_LABEL_CHARS)
}

/// `text` cut to at most `max` characters, the last an ellipsis when it was cut.
pub(crate) fn shortened(text: &str, max: usize) -> Cow<'_, str> {
    match cut_to(text, max) {
        (_, "") => Cow::Borrowed(text),
        // Room for the ellipsis within `max`.
        _ => Cow::Owned(format!("{}\u{2026}", cut_to(text, max.saturating_sub(1)).0)),
    }
}

pub use crate::palette::{Rgb, TONES, ToneStyle};

/// The fill of a node kind, as on the canvas in the light theme.
pub fn kind_colour(kind: Kind) -> Rgb {
    crate::palette::kind_colour(kind, false)
}

/// How an edge of a tone is drawn, as on the canvas in the light theme.
pub fn tone_style(tone: Tone) -> ToneStyle {
    crate::palette::tone_style(tone, false)
}

/// Text colour.
const INK: &str = "#222222";
/// Secondary text colour.
const WEAK: &str = "#666666";
/// Fonts to try, in order; DejaVu Sans is what headless Linux machines usually have.
const FONTS: &str = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";
/// Rough width of a caption character (11 px regular).
const CAPTION_CHAR_W: f32 = 5.8;
/// Rough width of a title character (18 px bold).
const TITLE_CHAR_W: f32 = 10.5;

/// Positions for every node, in `kg.node_indices()` order: saved ones as they are,
/// the others from the seeded simulation with the saved ones pinned.
///
/// # Complexity
/// O(s · (n log n + m)) for up to [`LAYOUT_MAX_STEPS`] steps s when any node lacks a
/// position; O(n) otherwise.
pub fn positions(kg: &KnowledgeGraph) -> Vec<[f32; 2]> {
    let (mut sim, slots) = simulation_for(kg, &View::all(kg), LAYOUT_SEED);
    let mut free = false;
    for (i, &ix) in slots.iter().enumerate() {
        match kg
            .node_at(ix)
            .and_then(|n| n.pos)
            .filter(|p| p.iter().all(|c| c.is_finite()))
        {
            // Saved positions are what the user arranged: they stay put.
            Some(p) => sim.pin(i, p),
            None => free = true,
        }
    }
    if free {
        sim.run(LAYOUT_MAX_STEPS);
    }
    let at: HashMap<NodeIndex, [f32; 2]> = slots
        .iter()
        .copied()
        .zip(sim.positions().iter().copied())
        .collect();
    kg.node_indices()
        .map(|ix| at.get(&ix).copied().unwrap_or([0.0, 0.0]))
        .collect()
}

/// A copy of the graph with every node's `pos` set (see [`positions`]).
pub fn with_positions(kg: &KnowledgeGraph) -> KnowledgeGraph {
    let pos = positions(kg);
    let mut out = kg.clone();
    let ixs: Vec<NodeIndex> = out.node_indices().collect();
    for (ix, p) in ixs.into_iter().zip(pos) {
        out.set_pos(ix, Some(p));
    }
    out
}

/// The start of an SVG picture `width` by `height`: the XML declaration, the root
/// element (the fonts; no stroke unless a shape asks), its title and description, and
/// the page's background. Shared by the graph pictures and the stance matrix.
pub(crate) fn svg_start((width, height): (f32, f32), title: &str, desc: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}" stroke="none">"#,
        escape_attr(FONTS),
        w = f(width.ceil()),
        h = f(height.ceil()),
    );
    let _ = writeln!(s, "<title>{}</title>", escape_text(title));
    let _ = writeln!(s, "<desc>{}</desc>", escape_text(desc));
    let _ = writeln!(
        s,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        crate::palette::background(false).hex()
    );
    s
}

/// A coordinate in an SVG: one decimal, `0` for nothing.
pub(crate) fn f(v: f32) -> String {
    // One decimal is plenty on screen and keeps files small.
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { "0".into() } else { format!("{r}") }
}

/// The SVG shape of a node of `kind` centred at (`x`, `y`) with radius `r`.
fn shape(kind: Kind, x: f32, y: f32, r: f32, fill: &str, extra: &str) -> String {
    let poly = |pts: &[(f32, f32)]| {
        pts.iter()
            .map(|(a, b)| format!("{},{}", f(*a), f(*b)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let style = format!(r##"fill="{fill}" stroke="#ffffff" stroke-width="1"{extra}"##);
    match kind {
        Kind::Person => format!(
            r#"<circle cx="{}" cy="{}" r="{}" {style}/>"#,
            f(x),
            f(y),
            f(r)
        ),
        Kind::Organisation => {
            let s = r * 0.9;
            format!(
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" {style}/>"#,
                f(x - s),
                f(y - s),
                f(2.0 * s),
                f(2.0 * s),
                f(r * 0.15)
            )
        }
        Kind::Publication => {
            let (w, h, fold) = (r * 0.8, r, r * 0.45);
            let page = poly(&[
                (x - w, y - h),
                (x + w - fold, y - h),
                (x + w, y - h + fold),
                (x + w, y + h),
                (x - w, y + h),
            ]);
            let corner = poly(&[
                (x + w - fold, y - h),
                (x + w - fold, y - h + fold),
                (x + w, y - h + fold),
            ]);
            format!(
                r##"<polygon points="{page}" {style}/><polyline points="{corner}" fill="none" stroke="#ffffff" stroke-width="1"/>"##
            )
        }
        Kind::Concept => {
            let s = r * 1.15;
            format!(
                r#"<polygon points="{}" {style}/>"#,
                poly(&[(x, y - s), (x + s, y), (x, y + s), (x - s, y)])
            )
        }
        Kind::Event => {
            let pts: Vec<(f32, f32)> = (0..6u8)
                .map(|i| {
                    let a = std::f32::consts::FRAC_PI_3 * f32::from(i);
                    (x + r * 1.05 * a.cos(), y + r * 1.05 * a.sin())
                })
                .collect();
            format!(r#"<polygon points="{}" {style}/>"#, poly(&pts))
        }
    }
}

/// A line from `a` to `b` in a tone's style, with an arrowhead at `b` if `arrow`.
fn edge_line(a: [f32; 2], b: [f32; 2], style: ToneStyle, arrow: bool) -> String {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = dx.hypot(dy);
    if !(len >= 1.0 && len.is_finite()) {
        return String::new();
    }
    let (ux, uy) = (dx / len, dy / len);
    let head = if arrow {
        (5.0 + 1.5 * style.width).min(len * 0.5)
    } else {
        0.0
    };
    let end = [b[0] - ux * head * 0.8, b[1] - uy * head * 0.8];
    let colour = style.colour.hex();
    let dash = style.dash.map_or(String::new(), |(d, g)| {
        format!(r#" stroke-dasharray="{},{}""#, f(d), f(g))
    });
    let mut s = format!(
        r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{colour}" stroke-width="{}"{dash}/>"#,
        f(a[0]),
        f(a[1]),
        f(end[0]),
        f(end[1]),
        f(style.width)
    );
    if arrow && head > 1.0 {
        let (nx, ny) = (-uy, ux);
        let base = [b[0] - ux * head, b[1] - uy * head];
        let _ = write!(
            s,
            r#"<polygon points="{},{} {},{} {},{}" fill="{colour}"/>"#,
            f(b[0]),
            f(b[1]),
            f(base[0] + nx * head * 0.45),
            f(base[1] + ny * head * 0.45),
            f(base[0] - nx * head * 0.45),
            f(base[1] - ny * head * 0.45)
        );
    }
    s
}

/// Splits `text` into lines of at most `width` characters, at spaces where possible;
/// a word longer than a line is broken across lines, so no line overflows the picture.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in text.split(' ') {
        let wl = word.chars().count();
        // A word that fits no line starts where it is, so the line is not left short.
        if cur_len > 0 && cur_len + 1 + wl > width && wl <= width {
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if cur_len > 0 && cur_len < width {
            cur.push(' ');
            cur_len += 1;
        }
        for ch in word.chars() {
            if cur_len == width {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            cur.push(ch);
            cur_len += 1;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Width of the legend panel.
const LEGEND_W: f32 = 230.0;
/// Margin around everything.
const MARGIN: f32 = 24.0;
/// Height of a legend row.
const LEGEND_ROW: f32 = 20.0;
/// Opacity of an excluded node in fade mode (the canvas's).
const GHOST_FILL_OPACITY: f32 = 0.15;
/// Opacity of an excluded edge in fade mode (the canvas's).
const GHOST_LINE_OPACITY: f32 = 0.18;
/// Colour of an excluded edge before fading (the canvas's weak text, light theme).
const GHOST_LINE: Rgb = Rgb::grey(140);
/// How far around the shown nodes faded ones are kept, in scene units.
const GHOST_MARGIN: f32 = 80.0;
/// Opacity of a label's halo (the canvas's).
const HALO_OPACITY: f32 = 0.8;
/// Fill of the kind shapes in the legend when colour encodes something else.
const NEUTRAL: Rgb = Rgb::grey(150);

pub(crate) fn text(x: f32, y: f32, size: f32, fill: &str, weight: &str, body: &str) -> String {
    format!(
        r#"<text x="{}" y="{}" font-size="{}" fill="{fill}"{weight}>{}</text>"#,
        f(x),
        f(y),
        f(size),
        escape_text(body)
    )
}

/// One row of the legend.
enum Row<'a> {
    /// A heading in weak text.
    Heading(&'a str),
    /// A kind's shape in a colour, with words.
    Shape(Kind, Rgb, &'a str),
    /// A colour key row (a swatch, or words alone).
    Key(&'a KeyRow),
    /// A relation tone's line.
    Line(Tone, &'a str),
    /// A faded node, for fade mode.
    Faded,
    /// A small and a large node, with what size encodes.
    Size(String),
}

/// The legend's rows for a look, as the window's legend lists them.
fn legend_rows(look: &Look) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    if look.colour_by == ColourMode::Kind {
        rows.push(Row::Heading("Shape and colour: kind"));
        rows.extend(Kind::ALL.map(|k| Row::Shape(k, kind_colour(k), k.plural())));
    } else {
        rows.push(Row::Heading("Shape: kind"));
        rows.extend(Kind::ALL.map(|k| Row::Shape(k, NEUTRAL, k.plural())));
        rows.push(Row::Heading(key_heading(look.colour_by)));
        rows.extend(look.colour_key.iter().map(Row::Key));
    }
    rows.push(Row::Heading("Lines: relation (arrow points to object)"));
    rows.extend(TONES.map(|(tone, words)| Row::Line(tone, words)));
    if !look.ghosts.is_empty() {
        rows.push(Row::Faded);
    }
    rows.push(Row::Size(match look.size_by {
        Some(m) => format!("size: {}", m.name()),
        None => "size: number of connections".to_owned(),
    }));
    rows
}

/// One legend row's SVG, its words' baseline at `y`; `lx` is the swatch's centre and
/// `tx` where the words start.
fn legend_row(row: &Row<'_>, x: f32, lx: f32, tx: f32, y: f32) -> String {
    let mut s = String::new();
    match row {
        Row::Heading(words) => s += &text(x + 12.0, y, 11.0, WEAK, "", words),
        Row::Shape(kind, fill, words) => {
            s += &shape(*kind, lx, y - 4.0, 6.0, &fill.hex(), "");
            s += &text(tx, y, 11.0, INK, "", words);
        }
        Row::Key(key) => {
            if let Some(c) = key.swatch {
                s += &shape(Kind::Person, lx, y - 4.0, 6.0, &c.hex(), "");
            }
            s += &text(tx, y, 11.0, INK, "", &key.text);
        }
        Row::Line(tone, words) => {
            s += &edge_line(
                [lx - 12.0, y - 4.0],
                [lx + 14.0, y - 4.0],
                tone_style(*tone),
                true,
            );
            s += &text(tx, y, 11.0, INK, "", words);
        }
        Row::Faded => {
            let fill = over_background(NEUTRAL, GHOST_FILL_OPACITY * 2.0);
            s += &shape(Kind::Person, lx, y - 4.0, 6.0, &fill.hex(), "");
            s += &text(tx, y, 11.0, INK, "", "faded: excluded by the filters");
        }
        Row::Size(words) => {
            let _ = write!(
                s,
                r##"<circle cx="{}" cy="{}" r="3" fill="#999999"/><circle cx="{}" cy="{}" r="7" fill="#999999"/>"##,
                f(lx - 8.0),
                f(y - 4.0),
                f(lx + 6.0),
                f(y - 4.0)
            );
            s += &text(tx, y, 11.0, INK, "", words);
        }
    }
    s
}

/// The legend of a look, drawn with its top left at (`x`, `y`); returns the SVG and its
/// height.
fn legend(x: f32, y: f32, look: &Look) -> (String, f32) {
    let rows = legend_rows(look);
    let mut s = String::from(r#"<g id="legend">"#);
    let h = 2.0 * MARGIN / 3.0 + (rows.len() + 1) as f32 * LEGEND_ROW;
    let _ = write!(
        s,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#ffffff" stroke="#d0d0d0"/>"##,
        f(x),
        f(y),
        f(LEGEND_W),
        f(h)
    );
    let (lx, tx) = (x + 22.0, x + 42.0);
    let mut cy = y + 22.0;
    s += &text(x + 12.0, cy, 13.0, INK, r#" font-weight="bold""#, "Legend");
    for row in &rows {
        cy += LEGEND_ROW;
        s += &legend_row(row, x, lx, tx, cy);
    }
    s += "</g>";
    (s, h)
}

/// Draws the graph as an SVG document, plainly: kind colours, sizes by connections
/// (see the module docs and [`to_svg_with`]).
///
/// # Complexity
/// O(n + m) once positions are known; see [`positions`].
pub fn to_svg(kg: &KnowledgeGraph) -> String {
    draw(kg, &Look::plain(kg)).svg
}

/// Draws the graph as an SVG document with a view's [`Look`]: its colours, sizes,
/// faded nodes, legend, and the view and encoding in words in the caption.
pub fn to_svg_with(kg: &KnowledgeGraph, look: &Look) -> String {
    draw(kg, look).svg
}

/// An SVG document and its size in SVG units, known before any text is laid out.
struct Drawing {
    svg: String,
    width: f32,
    height: f32,
}

/// A box `[left, top, right, bottom]` that grows to hold others.
struct Bounds([f32; 4]);

impl Bounds {
    fn new() -> Self {
        Bounds([f32::MAX, f32::MAX, f32::MIN, f32::MIN])
    }

    fn add(&mut self, r: [f32; 4]) {
        let b = &mut self.0;
        (b[0], b[1], b[2], b[3]) = (
            b[0].min(r[0]),
            b[1].min(r[1]),
            b[2].max(r[2]),
            b[3].max(r[3]),
        );
    }

    fn add_node(&mut self, p: [f32; 2], r: f32) {
        self.add([
            p[0] - r * 1.2,
            p[1] - r * 1.2,
            p[0] + r * 1.2,
            p[1] + r * 1.2,
        ]);
    }

    /// The box, or a small empty one when nothing was added.
    fn get(&self) -> [f32; 4] {
        if self.0[0] > self.0[2] {
            [0.0, 0.0, 200.0, 100.0]
        } else {
            self.0
        }
    }
}

/// The nodes of a drawing with where and how each is drawn.
struct Placement {
    nodes: Vec<NodeIndex>,
    pos: Vec<[f32; 2]>,
    radius: Vec<f32>,
    fill: Vec<Rgb>,
    labels: Vec<Placed>,
}

/// Positions, radii, fills and labels of every node of `kg` drawn with `look`.
fn placement(kg: &KnowledgeGraph, look: &Look) -> Placement {
    let nodes: Vec<NodeIndex> = kg.node_indices().collect();
    let pos = positions(kg);
    let mut radius = Vec::with_capacity(nodes.len());
    let mut fill = Vec::with_capacity(nodes.len());
    for &ix in &nodes {
        let n = kg.node_at(ix);
        let id = n.map(|n| n.id.as_str()).unwrap_or_default();
        radius.push(
            look.radius
                .get(id)
                .copied()
                .unwrap_or_else(|| node_radius(kg.degree(ix))),
        );
        let kind = n.map_or(Kind::Concept, |n| n.kind);
        fill.push(
            look.fill
                .get(id)
                .copied()
                .unwrap_or_else(|| kind_colour(kind)),
        );
    }
    let candidates: Vec<Candidate<'_>> = nodes
        .iter()
        .zip(&pos)
        .zip(&radius)
        .filter_map(|((&ix, &p), &r)| {
            let n = kg.node_at(ix)?;
            Some(Candidate {
                label: &n.label,
                pos: p,
                radius: r,
                whole: look.whole_label.as_deref() == Some(n.id.as_str()),
            })
        })
        .collect();
    let labels = place_labels(&candidates);
    Placement {
        nodes,
        pos,
        radius,
        fill,
        labels,
    }
}

/// The caption's lines: the view and its encoding in words, then every source cited,
/// each wrapped to `chars_per_line`. The first of each block is bold.
fn caption_lines(kg: &KnowledgeGraph, look: &Look, chars_per_line: usize) -> Vec<(bool, String)> {
    let mut caption = Vec::new();
    let words = [
        ("Shown: ", &look.view_words),
        ("Drawn: ", &look.encoding_words),
    ];
    for (head, parts) in words {
        if !parts.is_empty() {
            let line = format!("{head}{}", parts.join(" \u{b7} "));
            caption.extend(wrap(&line, chars_per_line).into_iter().map(|l| (false, l)));
        }
    }
    caption.push((true, "Sources cited".to_owned()));
    if kg.sources.is_empty() {
        caption.push((false, "No sources are cited by this selection.".into()));
    }
    for (i, s) in kg.sources.iter().enumerate() {
        let citation = format!("[{}] {}", i + 1, s.citation());
        caption.extend(
            wrap(
                &shortened(&citation, MAX_CAPTION_CITATION_CHARS),
                chars_per_line,
            )
            .into_iter()
            .map(|l| (false, l)),
        );
    }
    caption
}

/// `c` at opacity `alpha` over the background, as one opaque colour: every renderer
/// draws it alike (ImageMagick's own ignores `fill-opacity`).
fn over_background(c: Rgb, alpha: f32) -> Rgb {
    let bg = crate::palette::background(false);
    let mix = |a: u8, b: u8| {
        let v = f32::from(b) + (f32::from(a) - f32::from(b)) * alpha.clamp(0.0, 1.0);
        // In 0..=255 since alpha is clamped: the conversion is exact.
        v.round() as u8
    };
    Rgb(mix(c.0, bg.0), mix(c.1, bg.1), mix(c.2, bg.2))
}

/// Faded excluded edges and nodes inside `keep` (scene units), shifted by `o`. Those
/// outside are off the picture, as they would be off a screen fitted to the view.
fn ghosts_svg(look: &Look, keep: [f32; 4], o: [f32; 2]) -> String {
    let inside =
        |p: &[f32; 2]| p[0] >= keep[0] && p[0] <= keep[2] && p[1] >= keep[1] && p[1] <= keep[3];
    let line = over_background(GHOST_LINE, GHOST_LINE_OPACITY).hex();
    let mut s = String::from("<g id=\"faded\">\n");
    for (a, b) in look
        .ghost_edges
        .iter()
        .filter(|(a, b)| inside(a) && inside(b))
    {
        let _ = writeln!(
            s,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{line}" stroke-width="0.8"/>"#,
            f(a[0] + o[0]),
            f(a[1] + o[1]),
            f(b[0] + o[0]),
            f(b[1] + o[1]),
        );
    }
    for g in look.ghosts.iter().filter(|g| inside(&g.pos)) {
        let fill = over_background(g.fill, GHOST_FILL_OPACITY).hex();
        s += &shape(
            g.kind,
            g.pos[0] + o[0],
            g.pos[1] + o[1],
            g.radius,
            &fill,
            "",
        );
        s += "\n";
    }
    s += "</g>\n";
    s
}

/// The edges of the graph, between the nodes' rims, shifted by `o`.
fn edges_svg(kg: &KnowledgeGraph, pl: &Placement, o: [f32; 2]) -> String {
    let slot: HashMap<NodeIndex, usize> = pl
        .nodes
        .iter()
        .enumerate()
        .map(|(i, &ix)| (ix, i))
        .collect();
    let at = |i: usize| pl.pos.get(i).map(|p| [p[0] + o[0], p[1] + o[1]]);
    let mut s = String::from("<g id=\"edges\">\n");
    for e in kg.edge_indices() {
        let (Some((a, b)), Some(w)) = (kg.endpoints(e), kg.graph().edge_weight(e)) else {
            continue;
        };
        let (Some(&ia), Some(&ib)) = (slot.get(&a), slot.get(&b)) else {
            continue;
        };
        let (Some(pa), Some(pb)) = (at(ia), at(ib)) else {
            continue;
        };
        let r = |i: usize| pl.radius.get(i).copied().unwrap_or(6.0);
        let (ra, rb) = (r(ia), r(ib));
        let (dx, dy) = (pb[0] - pa[0], pb[1] - pa[1]);
        let len = dx.hypot(dy);
        if len <= ra + rb {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        let start = [pa[0] + ux * ra, pa[1] + uy * ra];
        let end = [pb[0] - ux * rb, pb[1] - uy * rb];
        s += &edge_line(start, end, tone_style(w.relation.tone()), true);
        s += "\n";
    }
    s += "</g>\n";
    s
}

/// The nodes, each with its whole name as a tooltip, shifted by `o`.
fn nodes_svg(kg: &KnowledgeGraph, pl: &Placement, o: [f32; 2]) -> String {
    let mut s = String::from("<g id=\"nodes\">\n");
    for (i, &ix) in pl.nodes.iter().enumerate() {
        let (Some(n), Some(p)) = (kg.node_at(ix), pl.pos.get(i)) else {
            continue;
        };
        let r = pl.radius.get(i).copied().unwrap_or(6.0);
        let fill = pl.fill.get(i).copied().unwrap_or(NEUTRAL);
        let _ = write!(
            s,
            "<g><title>{} ({})</title>",
            escape_text(&n.label),
            n.kind.name()
        );
        s += &shape(n.kind, p[0] + o[0], p[1] + o[1], r, &fill.hex(), "");
        s += "</g>\n";
    }
    s += "</g>\n";
    s
}

/// The labels: each a halo (a rectangle of the background, its own element, since
/// several renderers ignore `paint-order` and would drop a stroked halo's text) under
/// plain text, shifted by `o`.
fn labels_svg(pl: &Placement, o: [f32; 2]) -> String {
    let bg = crate::palette::background(false).hex();
    let mut s = String::from("<g id=\"labels\">\n");
    for p in &pl.labels {
        let [x0, y0, x1, y1] = p.rect;
        let _ = writeln!(
            s,
            r#"<rect class="halo" x="{}" y="{}" width="{}" height="{}" rx="3" fill="{bg}" fill-opacity="{HALO_OPACITY}" stroke="none"/><text class="label" x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{INK}" stroke="none">{}</text>"#,
            f(x0 + o[0]),
            f(y0 + o[1]),
            f(x1 - x0),
            f(y1 - y0),
            f((x0 + x1) / 2.0 + o[0]),
            // The baseline, so the text's middle sits in the halo's middle.
            f((y0 + y1) / 2.0 + LABEL_PX * 0.35 + o[1]),
            f(LABEL_PX),
            escape_text(&p.text)
        );
    }
    s += "</g>\n";
    s
}

/// Draws the graph with a look (see [`to_svg_with`]).
fn draw(kg: &KnowledgeGraph, look: &Look) -> Drawing {
    let pl = placement(kg, look);
    // Bounds of the drawing in scene units: nodes, labels and faded nodes.
    let mut bounds = Bounds::new();
    for (p, &r) in pl.pos.iter().zip(&pl.radius) {
        bounds.add_node(*p, r);
    }
    for p in &pl.labels {
        bounds.add(p.rect);
    }
    let [x0, y0, x1, y1] = bounds.get();
    let keep = [
        x0 - GHOST_MARGIN,
        y0 - GHOST_MARGIN,
        x1 + GHOST_MARGIN,
        y1 + GHOST_MARGIN,
    ];
    // Faded nodes near the shown ones widen the picture; the rest are left out.
    for g in &look.ghosts {
        if keep[0] <= g.pos[0] && g.pos[0] <= keep[2] && keep[1] <= g.pos[1] && g.pos[1] <= keep[3]
        {
            bounds.add_node(g.pos, g.radius);
        }
    }
    let [x0, y0, x1, y1] = bounds.get();
    let title = if kg.title.is_empty() {
        "ideagraph"
    } else {
        kg.title.as_str()
    };
    let header_h = 52.0;
    let (graph_w, graph_h) = (x1 - x0, y1 - y0);
    let (legend_svg, legend_h) = legend(MARGIN + graph_w + MARGIN, header_h, look);
    // Wide enough for the body, the drawn title and a caption line of 40 characters.
    let title_w = drawn_label(title).chars().count() as f32 * TITLE_CHAR_W;
    let width = (MARGIN + graph_w + MARGIN + LEGEND_W + MARGIN)
        .max(2.0 * MARGIN + title_w)
        .max(2.0 * MARGIN + 40.0 * CAPTION_CHAR_W);
    let chars_per_line = ((width - 2.0 * MARGIN) / CAPTION_CHAR_W) as usize;
    let caption = caption_lines(kg, look, chars_per_line);
    let caption_y = header_h + graph_h.max(legend_h) + MARGIN;
    let height = caption_y + 16.0 * caption.len() as f32 + MARGIN;
    // Scene to SVG: shift so the drawing's top left sits inside the margins.
    let o = [MARGIN - x0, header_h - y0];

    let desc = format!(
        "{} nodes and {} edges drawn by ideagraph ({}; {}), with a legend and the sources cited.",
        kg.num_nodes(),
        kg.num_edges(),
        look.view_words.join(" \u{b7} "),
        look.encoding_words.join(" \u{b7} "),
    );
    let mut s = svg_start((width, height), title, &desc);
    let bold = r#" font-weight="bold""#;
    s += &text(MARGIN, 28.0, 18.0, INK, bold, &drawn_label(title));
    s += "\n";
    let counts = format!("{} nodes, {} edges", kg.num_nodes(), kg.num_edges());
    s += &text(MARGIN, 44.0, 11.0, WEAK, "", &counts);
    s += "\n";
    if !look.ghosts.is_empty() || !look.ghost_edges.is_empty() {
        s += &ghosts_svg(look, keep, o);
    }
    s += &edges_svg(kg, &pl, o);
    s += &nodes_svg(kg, &pl, o);
    s += &labels_svg(&pl, o);
    s += &legend_svg;
    s += "\n<g id=\"caption\">\n";
    for (i, (strong, line)) in caption.iter().enumerate() {
        let weight = if *strong { bold } else { "" };
        s += &text(MARGIN, caption_y + 16.0 * i as f32, 11.0, INK, weight, line);
        s += "\n";
    }
    s += "</g>\n</svg>\n";
    Drawing {
        svg: s,
        width: width.ceil(),
        height: height.ceil(),
    }
}

/// The system fonts, loaded once per process (scanning font folders takes a while).
/// Empty when the machine has none: text is then left out of PNGs, nothing fails.
fn font_db() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        if db
            .faces()
            .any(|f| f.families.iter().any(|(name, _)| name == "DejaVu Sans"))
        {
            db.set_sans_serif_family("DejaVu Sans");
        }
        Arc::new(db)
    })
    .clone()
}

/// Rasterises an SVG document to PNG bytes at `scale` (1 = one pixel per SVG unit).
///
/// # Errors
/// [`IoError::Encode`] for a scale outside `MIN_PNG_SCALE..=MAX_SCALE`, an image larger than
/// [`MAX_PNG_SIDE`] on a side or [`MAX_PNG_PIXELS`] in all, or SVG that resvg cannot read.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, IoError> {
    let err = png_err;
    check_scale(scale)?;
    let opt = usvg::Options {
        fontdb: font_db(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &opt).map_err(|e| err(format!("cannot read the SVG: {e}")))?;
    let size = tree.size();
    let (w, h) = png_size(size.width(), size.height(), scale)?;
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| err(format!("cannot allocate {w}×{h} pixels")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().map_err(|e| err(e.to_string()))
}

fn png_err(message: String) -> IoError {
    IoError::Encode {
        message,
        path: "PNG".into(),
    }
}

/// Refuses a scale outside [`MIN_PNG_SCALE`]`..=`[`MAX_SCALE`] (or not a number).
fn check_scale(scale: f32) -> Result<(), IoError> {
    if (MIN_PNG_SCALE..=MAX_SCALE).contains(&scale) {
        Ok(())
    } else {
        Err(png_err(format!(
            "scale {scale} is outside {MIN_PNG_SCALE}..={MAX_SCALE}"
        )))
    }
}

/// The pixel size of a `width`×`height` drawing at `scale`, or an error if a side is
/// under one pixel or over [`MAX_PNG_SIDE`], or the area is over [`MAX_PNG_PIXELS`].
fn png_size(width: f32, height: f32, scale: f32) -> Result<(u32, u32), IoError> {
    let (w, h) = ((width * scale).ceil(), (height * scale).ceil());
    let max = MAX_PNG_SIDE as f32;
    if !(w >= 1.0 && h >= 1.0 && w <= max && h <= max) {
        return Err(png_err(format!(
            "a {w}×{h} pixel image is too large (at most {MAX_PNG_SIDE} a side); lower the scale"
        )));
    }
    if f64::from(w) * f64::from(h) > MAX_PNG_PIXELS as f64 {
        return Err(png_err(format!(
            "a {w}×{h} pixel image is too large (at most {MAX_PNG_PIXELS} pixels); lower the scale"
        )));
    }
    // In range 1..=MAX_PNG_SIDE, so the conversions are exact.
    Ok((w as u32, h as u32))
}

/// Draws the graph plainly and rasterises it (see [`to_svg`] and [`svg_to_png`]).
///
/// # Errors
/// As [`svg_to_png`].
pub fn to_png(kg: &KnowledgeGraph, scale: f32) -> Result<Vec<u8>, IoError> {
    to_png_with(kg, &Look::plain(kg), scale)
}

/// Draws the graph with a look and rasterises it (see [`to_svg_with`] and
/// [`svg_to_png`]). The size is checked from the drawing before any text is laid out
/// or pixel allocated.
///
/// # Errors
/// As [`svg_to_png`].
pub fn to_png_with(kg: &KnowledgeGraph, look: &Look, scale: f32) -> Result<Vec<u8>, IoError> {
    check_scale(scale)?;
    let d = draw(kg, look);
    png_size(d.width, d.height, scale)?;
    svg_to_png(&d.svg, scale)
}

/// The companion bibliography written beside an image: a heading, then one
/// numbered citation per source, numbered as in the caption.
pub fn sources_txt(kg: &KnowledgeGraph) -> String {
    let title = if kg.title.is_empty() {
        "ideagraph export"
    } else {
        kg.title.as_str()
    };
    let mut s = format!(
        "Sources cited in {title} ({} nodes, {} edges)\n\n",
        kg.num_nodes(),
        kg.num_edges()
    );
    if kg.sources.is_empty() {
        s += "No sources are cited by this selection.\n";
    }
    for (i, src) in kg.sources.iter().enumerate() {
        let _ = writeln!(s, "[{}] {}  (id: {})", i + 1, src.citation(), src.id);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edge, Node, Relation, Source};
    use crate::query::ViewSpec;

    fn sample() -> KnowledgeGraph {
        let mut d = Document {
            title: "A <small> & \"odd\" graph".into(),
            ..Document::default()
        };
        d.sources.push(Source {
            node: None,
            id: "s".into(),
            title: "Beyond Whitehall".into(),
            outlet: Some("The Guardian".into()),
            authors: vec!["A. Writer".into()],
            date: None,
            file: String::new(),
            note: None,
        });
        for (i, k) in Kind::ALL.into_iter().enumerate() {
            d.nodes
                .push(Node::new(format!("n{i}"), format!("Node <{i}> & é"), k));
        }
        d.edges.push(Edge::new("n0", "n1", Relation::Supports));
        d.edges.push(Edge::new("n1", "n2", Relation::Opposes));
        KnowledgeGraph::from_document(d)
    }

    #[test]
    fn svg_has_shapes_legend_and_caption() {
        let svg = to_svg(&sample());
        assert!(
            svg.contains("<g id=\"legend\">") && svg.contains("ideas and concepts"),
            "{svg}"
        );
        assert!(
            svg.contains("The Guardian, A. Writer, \u{201c}Beyond Whitehall\u{201d}"),
            "{svg}"
        );
        assert!(
            svg.contains("<title>Node &lt;0&gt; &amp; é (person)</title>"),
            "{svg}"
        );
        assert!(
            svg.contains("<circle") && svg.contains("<rect") && svg.contains("stroke-dasharray"),
            "{svg}"
        );
        assert!(roxmltree_ok(&svg));
    }

    fn roxmltree_ok(svg: &str) -> bool {
        usvg::Tree::from_str(svg, &usvg::Options::default()).is_ok()
    }

    #[test]
    fn layout_is_deterministic_and_keeps_saved_positions() {
        let mut kg = sample();
        let first = kg.node_indices().next().expect("a node");
        kg.set_pos(first, Some([500.0, -20.0]));
        let a = positions(&kg);
        assert_eq!(a, positions(&kg));
        assert_eq!(a.first(), Some(&[500.0, -20.0]));
        assert!(a.iter().all(|p| p.iter().all(|c| c.is_finite())));
    }

    #[test]
    fn png_has_signature_and_scaled_size() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><text x="1" y="9">Hi</text></svg>"#;
        let png = svg_to_png(svg, 2.0).expect("png");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let w = u32::from_be_bytes(png[16..20].try_into().expect("4 bytes"));
        let h = u32::from_be_bytes(png[20..24].try_into().expect("4 bytes"));
        assert_eq!((w, h), (40, 20));
        assert!(svg_to_png(svg, 0.0).is_err());
        assert!(svg_to_png(svg, f32::NAN).is_err());
        assert!(svg_to_png(svg, 10_000.0).is_err());
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(drawn_label("short"), "short");
        let exact = "é".repeat(MAX_DRAWN_LABEL_CHARS);
        assert_eq!(drawn_label(&exact), exact);
        let cut = drawn_label(&"é".repeat(MAX_DRAWN_LABEL_CHARS + 1)).into_owned();
        assert_eq!(cut.chars().count(), MAX_DRAWN_LABEL_CHARS);
        assert!(cut.ends_with("é\u{2026}"), "{cut}");
    }

    /// A source with only an id and a title.
    fn titled_source(id: &str, title: String) -> Source {
        Source {
            node: None,
            id: id.into(),
            title,
            outlet: None,
            authors: Vec::new(),
            date: None,
            file: String::new(),
            note: None,
        }
    }

    #[test]
    fn wrap_breaks_a_word_longer_than_a_line() {
        assert_eq!(wrap("ab cd", 5), ["ab cd"]);
        assert_eq!(wrap("ab cdef", 5), ["ab", "cdef"]);
        assert_eq!(wrap("abcdefghijk", 4), ["abcd", "efgh", "ijk"]);
        assert_eq!(wrap("ééééé x", 2), ["éé", "éé", "é", "x"]);
        assert_eq!(wrap("[1] abcdefgh", 5), ["[1] a", "bcdef", "gh"]);
        assert_eq!(wrap("", 5), [""]);
        let long = "x".repeat(10_000);
        assert!(wrap(&long, 40).iter().all(|l| l.chars().count() <= 40));
    }

    #[test]
    fn the_caption_and_title_stay_inside_the_picture() {
        // One unbroken 50,000-character title: before, it became one caption line
        // far wider than the picture and the whole of it was shaped.
        let d = Document {
            title: "T".repeat(MAX_DRAWN_LABEL_CHARS),
            sources: vec![titled_source("s", "w".repeat(50_000))],
            ..Document::default()
        };
        let kg = KnowledgeGraph::from_document(d);
        let drawing = draw(&kg, &Look::plain(&kg));
        let room = ((drawing.width - 2.0 * MARGIN) / CAPTION_CHAR_W) as usize;
        let caption = drawing
            .svg
            .split("<g id=\"caption\">")
            .nth(1)
            .expect("caption");
        let lines: Vec<&str> = caption.split("</text>").collect();
        assert!(lines.len() > 2, "{caption}");
        let drawn: usize = lines.iter().map(|l| l.matches('w').count()).sum();
        assert!(
            drawn < MAX_CAPTION_CITATION_CHARS,
            "{drawn} characters drawn"
        );
        for line in lines {
            let body = line.rsplit('>').next().unwrap_or_default();
            assert!(body.chars().count() <= room, "{body}");
        }
        let title_w = MAX_DRAWN_LABEL_CHARS as f32 * TITLE_CHAR_W;
        assert!(drawing.width >= 2.0 * MARGIN + title_w, "{}", drawing.width);
        assert!(drawing.svg.contains('\u{2026}'));
    }

    #[test]
    fn a_picture_over_the_pixel_budget_is_refused() {
        // Under MAX_PNG_SIDE on both sides, over MAX_PNG_PIXELS in all.
        let side = MAX_PNG_SIDE as f32 - 1.0;
        let err = png_size(side, side, 1.0).expect_err("too many pixels");
        assert!(err.to_string().contains("pixels"), "{err}");
        assert!(png_size(1000.0, 1000.0, 1.0).is_ok());
    }

    #[test]
    fn a_picture_too_large_is_refused_before_its_text_is_laid_out() {
        // A caption of 50,000 citations: laying it out would take minutes; the
        // drawing's height already says it cannot fit.
        let d = Document {
            sources: (0..50_000)
                .map(|i| titled_source(&format!("s{i}"), "A pamphlet".into()))
                .collect(),
            ..Document::default()
        };
        let err = to_png(&KnowledgeGraph::from_document(d), 1.0).expect_err("too tall");
        assert!(err.to_string().contains("too large"), "{err}");
        assert!(to_png(&sample(), MIN_PNG_SCALE / 2.0).is_err());
        assert!(to_png(&sample(), f32::NAN).is_err());
    }

    /// A chain of concepts a–b–c–d with one long label, and an event off on its own.
    fn chain() -> KnowledgeGraph {
        let mut d = Document::default();
        for (id, label) in [
            ("a", "Alpha"),
            ("b", "Beta"),
            ("c", "Gamma"),
            ("d", "A label far longer than any canvas label may be drawn"),
        ] {
            d.nodes.push(Node::new(id, label, Kind::Concept));
        }
        d.nodes.push(Node::new("e", "Elsewhere", Kind::Event));
        for (a, b) in [("a", "b"), ("b", "c"), ("c", "d")] {
            d.edges.push(Edge::new(a, b, Relation::Supports));
        }
        KnowledgeGraph::from_document(d)
    }

    /// The SVG of the group with this id.
    fn group<'s>(svg: &'s str, id: &str) -> &'s str {
        let start = svg
            .find(&format!("<g id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no group {id} in {svg}"));
        let rest = &svg[start..];
        &rest[..rest.find("\n</g>").unwrap_or(rest.len())]
    }

    fn look_of(kg: &KnowledgeGraph, spec: &ViewSpec) -> (Look, KnowledgeGraph) {
        let (view, _) = crate::query::shown(kg, spec);
        let (sub, look) = picture_of(kg, spec, &view);
        (look, sub)
    }

    #[test]
    fn a_look_colours_by_community_and_sizes_by_the_metric() {
        let kg = chain();
        let spec = ViewSpec {
            colour_by: ColourMode::Community,
            size_by: Some(crate::query::metrics::Metric::Betweenness),
            ..ViewSpec::default()
        };
        let (look, sub) = look_of(&kg, &spec);
        let svg = to_svg_with(&sub, &look);
        let nodes = group(&svg, "nodes");
        let concept = kind_colour(Kind::Concept).hex();
        assert!(!nodes.contains(&concept), "kind colours: {nodes}");
        assert!(
            nodes.contains(&crate::palette::community_colour(0).hex()),
            "{nodes}"
        );
        // Betweenness: the middle of the chain is largest, its ends and the loner least.
        let r = |id: &str| look.radius.get(id).copied().unwrap_or_default();
        assert!(r("b") > r("a") && r("a") == r("e"), "{:?}", look.radius);
        assert_eq!(r("b"), crate::palette::metric_radius(1.0, 1.0));
        let legend = group(&svg, "legend");
        assert!(legend.contains("size: betweenness"), "{legend}");
        assert!(legend.contains("'s community ("), "{legend}");
        assert!(!legend.contains("number of connections"), "{legend}");
    }

    #[test]
    fn the_caption_states_the_view_and_its_encoding() {
        let kg = chain();
        let mut spec = ViewSpec {
            colour_by: ColourMode::Community,
            ..ViewSpec::default()
        };
        spec.filter.kinds.insert(Kind::Concept);
        spec.filter.focus = Some("b".into());
        spec.filter.depth = 2;
        let (look, sub) = look_of(&kg, &spec);
        let caption = group(&to_svg_with(&sub, &look), "caption").to_owned();
        assert!(
            caption.contains("Shown: Kind: concept \u{b7} Focus: Beta, depth 2"),
            "{caption}"
        );
        assert!(
            caption.contains(
                "Drawn: Colour: community (Louvain, on the view) \u{b7} Size: connections"
            ),
            "{caption}"
        );
        assert!(caption.contains("Sources cited"), "{caption}");
    }

    #[test]
    fn labels_have_their_halo_as_an_element_and_are_cut_as_on_the_canvas() {
        let kg = chain();
        let svg = to_svg(&kg);
        assert!(!svg.contains("paint-order"), "{svg}");
        let labels = group(&svg, "labels");
        let halos = labels.matches("<rect class=\"halo\"").count();
        let texts = labels.matches("<text class=\"label\"").count();
        assert_eq!((halos, texts), (5, 5), "{labels}");
        // Each text follows its own halo and has no stroke of its own.
        assert!(
            labels.split("<text class=\"label\"").skip(1).all(|t| !t
                .split('>')
                .next()
                .unwrap_or_default()
                .contains("stroke-width")),
            "{labels}"
        );
        let cut = crate::palette::short_label(
            "A label far longer than any canvas label may be drawn",
            false,
        );
        assert!(labels.contains(&format!(">{cut}</text>")), "{labels}");
        assert!(
            svg.contains(
                "<title>A label far longer than any canvas label may be drawn (concept)</title>"
            ),
            "the tooltip keeps the whole label"
        );
    }

    #[test]
    fn the_focus_label_is_whole_and_fade_mode_draws_excluded_nodes_faded() {
        let kg = chain();
        let mut spec = ViewSpec {
            hide_excluded: false,
            ..ViewSpec::default()
        };
        spec.filter.focus = Some("d".into());
        spec.filter.depth = 1;
        let (look, sub) = look_of(&kg, &spec);
        assert_eq!(sub.num_nodes(), 2);
        // a and b are excluded (e too), drawn faded where the whole layout put them.
        assert!(look.ghosts.len() >= 2, "{:?}", look.ghosts);
        let svg = to_svg_with(&sub, &look);
        let faded = group(&svg, "faded");
        assert!(
            faded.contains("<line") && faded.contains("<polygon"),
            "{faded}"
        );
        assert!(
            group(&svg, "labels")
                .contains(">A label far longer than any canvas label may be drawn</text>"),
            "{svg}"
        );
        assert!(group(&svg, "legend").contains("faded: excluded by the filters"));
    }
}
