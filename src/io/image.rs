//! Pictures of a graph: SVG drawn like the canvas, and PNG rasterised from that SVG
//! with resvg, headless. Also the visual encoding other exports share (GEXF and DOT
//! colours and shapes), and the layout used when nodes have no saved position.
//!
//! # The drawing
//! Nodes sit at their saved positions (`Node::pos`); nodes without one are placed by
//! the canvas's seeded force simulation ([`crate::layout::from_graph`]) with the saved
//! ones pinned, so the same graph always draws the same way. Shapes, colours, sizes and
//! line styles are the canvas's: people circles, organisations rounded squares,
//! publications pages with a folded corner, concepts diamonds, events hexagons;
//! radius by number of connections; edges coloured and dashed by the tone of their
//! relation, with an arrowhead at the object. Labels sit below their nodes, biggest
//! nodes first, leaving out those that would overlap (every node keeps its name as a
//! tooltip). A legend explains the encoding and a caption cites every source the
//! graph quotes ([`crate::model::Source::citation`]).
//!
//! # Why the palette is repeated here
//! The canvas's palette lives in `ui::theme`, which is egui code that `io` must not
//! depend on (see the architecture notes); the values below are copied from
//! `ui::theme::kind_colour(kind, dark = false)` and `ui::theme::edge_style`, so an
//! export looks like the light canvas. Change them together. Radii and the layout
//! come from [`crate::layout::from_graph`], as on the canvas.

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
use crate::query::View;

/// Most steps the export layout runs before it is used, settled or not.
const LAYOUT_MAX_STEPS: usize = 2_000;

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
fn shortened(text: &str, max: usize) -> Cow<'_, str> {
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
/// Label size in pixels.
const LABEL_PX: f32 = 11.0;
/// Rough width of a character at `LABEL_PX`, to make room for labels.
const CHAR_W: f32 = 6.2;
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

fn f(v: f32) -> String {
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

fn text(x: f32, y: f32, size: f32, fill: &str, weight: &str, body: &str) -> String {
    format!(
        r#"<text x="{}" y="{}" font-size="{}" fill="{fill}"{weight}>{}</text>"#,
        f(x),
        f(y),
        f(size),
        escape_text(body)
    )
}

/// The legend, drawn with its top left at (`x`, `y`); returns the SVG and its height.
fn legend(x: f32, y: f32) -> (String, f32) {
    let mut s = String::from(r#"<g id="legend">"#);
    let row = 20.0;
    let mut cy = y;
    let h = 2.0 * MARGIN / 3.0 + 14.0 * row;
    let _ = write!(
        s,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#ffffff" stroke="#d0d0d0"/>"##,
        f(x),
        f(y),
        f(LEGEND_W),
        f(h)
    );
    let (lx, tx) = (x + 22.0, x + 42.0);
    cy += 22.0;
    s += &text(x + 12.0, cy, 13.0, INK, r#" font-weight="bold""#, "Legend");
    cy += row;
    s += &text(x + 12.0, cy, 11.0, WEAK, "", "Shape and colour: kind");
    for kind in Kind::ALL {
        cy += row;
        s += &shape(kind, lx, cy - 4.0, 6.0, &kind_colour(kind).hex(), "");
        s += &text(tx, cy, 11.0, INK, "", kind.plural());
    }
    cy += row;
    s += &text(
        x + 12.0,
        cy,
        11.0,
        WEAK,
        "",
        "Lines: relation (arrow points to object)",
    );
    for (tone, words) in TONES {
        cy += row;
        s += &edge_line(
            [lx - 12.0, cy - 4.0],
            [lx + 14.0, cy - 4.0],
            tone_style(tone),
            true,
        );
        s += &text(tx, cy, 11.0, INK, "", words);
    }
    cy += row;
    let _ = write!(
        s,
        r##"<circle cx="{}" cy="{}" r="3" fill="#999999"/><circle cx="{}" cy="{}" r="7" fill="#999999"/>"##,
        f(lx - 8.0),
        f(cy - 4.0),
        f(lx + 6.0),
        f(cy - 4.0)
    );
    s += &text(tx, cy, 11.0, INK, "", "size: number of connections");
    s += "</g>";
    (s, h)
}

/// The rectangle a node's label covers (scene units): centred below the node.
fn label_rect(label: &str, p: [f32; 2], r: f32) -> [f32; 4] {
    let half = label.chars().count() as f32 * CHAR_W / 2.0 + 2.0;
    let top = p[1] + r * 1.15 + 1.0;
    [p[0] - half, top, p[0] + half, top + LABEL_PX + 2.0]
}

/// Which nodes get a label: biggest first, each where it overlaps no label already
/// placed, as the canvas does at a glance, so a dense picture stays readable. Every
/// node keeps its name as a tooltip (`<title>`) either way.
///
/// # Complexity
/// O(n log n + n · k) for k labels placed.
fn place_labels(
    kg: &KnowledgeGraph,
    nodes: &[NodeIndex],
    pos: &[[f32; 2]],
    radius: &[f32],
) -> Vec<bool> {
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    let r = |i: usize| radius.get(i).copied().unwrap_or(6.0);
    order.sort_by(|&a, &b| r(b).total_cmp(&r(a)).then(a.cmp(&b)));
    let mut placed: Vec<[f32; 4]> = Vec::new();
    let mut out = vec![false; nodes.len()];
    for i in order {
        let (Some(&ix), Some(&p)) = (nodes.get(i), pos.get(i)) else {
            continue;
        };
        let Some(n) = kg.node_at(ix) else { continue };
        let rect = label_rect(&drawn_label(&n.label), p, r(i));
        let overlaps =
            |q: &[f32; 4]| rect[0] < q[2] && q[0] < rect[2] && rect[1] < q[3] && q[1] < rect[3];
        if !placed.iter().any(overlaps) {
            placed.push(rect);
            if let Some(slot) = out.get_mut(i) {
                *slot = true;
            }
        }
    }
    out
}

/// Draws the graph as an SVG document (see the module docs).
///
/// # Complexity
/// O(n + m) once positions are known; see [`positions`].
pub fn to_svg(kg: &KnowledgeGraph) -> String {
    draw(kg).svg
}

/// An SVG document and its size in SVG units, known before any text is laid out.
struct Drawing {
    svg: String,
    width: f32,
    height: f32,
}

/// Draws the graph (see [`to_svg`]).
fn draw(kg: &KnowledgeGraph) -> Drawing {
    let nodes: Vec<NodeIndex> = kg.node_indices().collect();
    let pos = positions(kg);
    let slot: HashMap<NodeIndex, usize> =
        nodes.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
    let radius: Vec<f32> = nodes.iter().map(|&ix| node_radius(kg.degree(ix))).collect();

    // Bounds of the drawing in scene units, including labels below the nodes.
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for ((&ix, p), &r) in nodes.iter().zip(&pos).zip(&radius) {
        let label_w = kg.node_at(ix).map_or(0.0, |n| {
            drawn_label(&n.label).chars().count() as f32 * CHAR_W / 2.0
        });
        let half = (r * 1.2).max(label_w);
        x0 = x0.min(p[0] - half);
        x1 = x1.max(p[0] + half);
        y0 = y0.min(p[1] - r * 1.2);
        y1 = y1.max(p[1] + r * 1.15 + 4.0 + LABEL_PX);
    }
    if nodes.is_empty() {
        (x0, y0, x1, y1) = (0.0, 0.0, 200.0, 100.0);
    }
    let title = if kg.title.is_empty() {
        "ideagraph"
    } else {
        kg.title.as_str()
    };
    let header_h = 52.0;
    let graph_w = x1 - x0;
    let graph_h = y1 - y0;
    let (legend_svg, legend_h) = legend(MARGIN + graph_w + MARGIN, header_h);
    // Wide enough for the body, the drawn title and a caption line of 40 characters.
    let title_w = drawn_label(title).chars().count() as f32 * TITLE_CHAR_W;
    let width = (MARGIN + graph_w + MARGIN + LEGEND_W + MARGIN)
        .max(2.0 * MARGIN + title_w)
        .max(2.0 * MARGIN + 40.0 * CAPTION_CHAR_W);
    let chars_per_line = ((width - 2.0 * MARGIN) / CAPTION_CHAR_W) as usize;
    let mut caption = vec!["Sources cited".to_owned()];
    if kg.sources.is_empty() {
        caption.push("No sources are cited by this selection.".into());
    }
    for (i, s) in kg.sources.iter().enumerate() {
        let citation = format!("[{}] {}", i + 1, s.citation());
        caption.extend(wrap(
            &shortened(&citation, MAX_CAPTION_CITATION_CHARS),
            chars_per_line,
        ));
    }
    let body_h = graph_h.max(legend_h);
    let caption_y = header_h + body_h + MARGIN;
    let height = caption_y + 16.0 * caption.len() as f32 + MARGIN;
    // Scene to SVG: translate so the drawing's top left sits inside the margins.
    let (ox, oy) = (MARGIN - x0, header_h - y0);
    let at = |i: usize| pos.get(i).map(|p| [p[0] + ox, p[1] + oy]);

    let mut s = String::new();
    let _ = writeln!(s, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"#,
        escape_attr(FONTS),
        w = f(width.ceil()),
        h = f(height.ceil()),
    );
    let _ = writeln!(s, "<title>{}</title>", escape_text(title));
    let _ = writeln!(
        s,
        "<desc>{} nodes and {} edges drawn by ideagraph, with a legend and the sources cited.</desc>",
        kg.num_nodes(),
        kg.num_edges()
    );
    let _ = writeln!(
        s,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        crate::palette::background(false).hex()
    );
    s += &text(
        MARGIN,
        28.0,
        18.0,
        INK,
        r#" font-weight="bold""#,
        &drawn_label(title),
    );
    s += "\n";
    s += &text(
        MARGIN,
        44.0,
        11.0,
        WEAK,
        "",
        &format!("{} nodes, {} edges", kg.num_nodes(), kg.num_edges()),
    );
    s += "\n<g id=\"edges\">\n";
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
        let (ra, rb) = (
            radius.get(ia).copied().unwrap_or(6.0),
            radius.get(ib).copied().unwrap_or(6.0),
        );
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
    s += "</g>\n<g id=\"nodes\">\n";
    let labelled = place_labels(kg, &nodes, &pos, &radius);
    for (i, &ix) in nodes.iter().enumerate() {
        let (Some(n), Some(p)) = (kg.node_at(ix), at(i)) else {
            continue;
        };
        let r = radius.get(i).copied().unwrap_or(6.0);
        let _ = write!(
            s,
            "<g><title>{} ({})</title>",
            escape_text(&n.label),
            n.kind.name()
        );
        s += &shape(n.kind, p[0], p[1], r, &kind_colour(n.kind).hex(), "");
        if !labelled.get(i).copied().unwrap_or(false) {
            s += "</g>\n";
            continue;
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" font-size="{}" text-anchor="middle" fill="{INK}" stroke="{}" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
            f(p[0]),
            f(p[1] + r * 1.15 + 2.0 + LABEL_PX * 0.85),
            f(LABEL_PX),
            crate::palette::background(false).hex(),
            escape_text(&drawn_label(&n.label))
        );
        s += "</g>\n";
    }
    s += "</g>\n";
    s += &legend_svg;
    s += "\n<g id=\"caption\">\n";
    for (i, line) in caption.iter().enumerate() {
        let weight = if i == 0 { r#" font-weight="bold""# } else { "" };
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

/// Draws the graph and rasterises it (see [`to_svg`] and [`svg_to_png`]). The size
/// is checked from the drawing before any text is laid out or pixel allocated.
///
/// # Errors
/// As [`svg_to_png`].
pub fn to_png(kg: &KnowledgeGraph, scale: f32) -> Result<Vec<u8>, IoError> {
    check_scale(scale)?;
    let d = draw(kg);
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

    fn sample() -> KnowledgeGraph {
        let mut d = Document {
            title: "A <small> & \"odd\" graph".into(),
            ..Document::default()
        };
        d.sources.push(Source {
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
        let drawing = draw(&KnowledgeGraph::from_document(d));
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
}
