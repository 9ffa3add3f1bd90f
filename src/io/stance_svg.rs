//! The stance matrix as an SVG picture, drawn as the window's panel draws it: a row per
//! person, a column per idea (its name at an angle), each cell's stance as a mark in
//! colour and shape (for: a filled circle in the support colour; against: a filled
//! square in the opposition colour; both: a diamond split between the two; a mention: a
//! small grey dot; hollow when every stance comes through a text the person wrote; the
//! number of stances inside from two), a legend, and a caption as the other image
//! exports have: what is shown in words, how it is drawn, and every source cited.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::image::{f, shortened, svg_start, text};
use crate::model::{KnowledgeGraph, Tone};
use crate::palette::{self, Rgb};
use crate::query::stances::{CellStance, StanceMatrix};

/// The side of a cell.
const CELL: f32 = 18.0;
/// The row names' width.
const ROW_W: f32 = 200.0;
/// The idea names' band.
const HEAD_H: f32 = 150.0;
/// Margin around everything.
const MARGIN: f32 = 24.0;
/// The legend's width.
const LEGEND_W: f32 = 230.0;
/// The title's band.
const TITLE_H: f32 = 52.0;
/// A caption line.
const LINE: f32 = 16.0;
/// Rough width of a caption character (11 px).
const CHAR_W: f32 = 5.8;
/// Longest row or column name drawn, in characters.
const MAX_NAME: usize = 30;
const INK: &str = "#222222";
const WEAK: &str = "#666666";

/// The words under the picture.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StanceCaption {
    /// The picture's title.
    pub title: String,
    /// What is shown, one phrase per filter (`query::look::view_words`).
    pub view_words: Vec<String>,
    /// How it is drawn: rows, columns, orders, inheritance.
    pub encoding_words: Vec<String>,
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > width.max(1) {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// One mark, as an SVG element with `class="mark"`, centred on `(x, y)`.
pub fn mark_svg(stance: CellStance, inherited: bool, count: usize, x: f32, y: f32) -> String {
    let r = CELL * 0.36;
    let pro = palette::tone_style(Tone::Support, false).colour.hex();
    let con = palette::tone_style(Tone::Opposition, false).colour.hex();
    let grey = palette::tone_style(Tone::Authorship, false).colour.hex();
    let paint = |c: &str| {
        if inherited {
            format!(r#"fill="none" stroke="{c}" stroke-width="1.8""#)
        } else {
            format!(r#"fill="{c}""#)
        }
    };
    let mut s = String::from(r#"<g class="mark">"#);
    match stance {
        CellStance::For => {
            let _ = write!(
                s,
                r#"<circle cx="{}" cy="{}" r="{}" {}/>"#,
                f(x),
                f(y),
                f(r),
                paint(&pro)
            );
        }
        CellStance::Against => {
            let h = r * 0.89;
            let _ = write!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" {}/>"#,
                f(x - h),
                f(y - h),
                f(2.0 * h),
                f(2.0 * h),
                paint(&con)
            );
        }
        CellStance::Mixed => {
            let d = r * 1.15;
            for (c, side) in [(&pro, -d), (&con, d)] {
                let _ = write!(
                    s,
                    r#"<polygon points="{},{} {},{} {},{}" {}/>"#,
                    f(x),
                    f(y - d),
                    f(x + side),
                    f(y),
                    f(x),
                    f(y + d),
                    paint(c)
                );
            }
        }
        CellStance::Mentions => {
            let _ = write!(
                s,
                r#"<circle cx="{}" cy="{}" r="{}" {}/>"#,
                f(x),
                f(y),
                f(r * 0.4),
                paint(&grey)
            );
        }
    }
    if count >= 2 && stance != CellStance::Mentions {
        let ink = match stance {
            CellStance::For if inherited => pro,
            CellStance::Against if inherited => con,
            _ => "#ffffff".to_owned(),
        };
        s += &text(
            x,
            y + 3.0,
            8.5,
            &ink,
            r#" text-anchor="middle" font-weight="bold""#,
            &count.min(99).to_string(),
        );
    }
    s += "</g>";
    s
}

/// The legend, its top left at `(x, y)`; returns its SVG and height.
fn legend(x: f32, y: f32) -> (String, f32) {
    let rows = [
        (CellStance::For, false, 1, "for (advocates, supports)"),
        (
            CellStance::Against,
            false,
            1,
            "against (criticises, opposes)",
        ),
        (CellStance::Mixed, false, 1, "both for and against"),
        (CellStance::Mentions, false, 1, "mentions (no side)"),
        (CellStance::For, true, 1, "through a text they wrote"),
        (CellStance::For, false, 3, "number of stances"),
    ];
    let h = 34.0 + 20.0 * rows.len() as f32;
    let mut s = String::from("<g id=\"legend\">");
    let _ = write!(
        s,
        r##"<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#ffffff" stroke="#cccccc"/>"##,
        f(x),
        f(y),
        f(LEGEND_W),
        f(h)
    );
    s += &text(
        x + 12.0,
        y + 20.0,
        13.0,
        INK,
        r#" font-weight="bold""#,
        "Legend",
    );
    for (k, (stance, inherited, count, words)) in rows.into_iter().enumerate() {
        let cy = y + 38.0 + 20.0 * k as f32;
        s += &mark_svg(stance, inherited, count, x + 22.0, cy);
        s += &text(x + 40.0, cy + 4.0, 11.0, INK, "", words);
    }
    s += "</g>\n";
    (s, h)
}

/// The caption's lines (the first of a block bold): the view, the encoding, then every
/// source the drawn stances cite.
fn caption_lines(
    kg: &KnowledgeGraph,
    m: &StanceMatrix,
    caption: &StanceCaption,
    width: usize,
) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    for (head, parts) in [
        ("Shown: ", &caption.view_words),
        ("Drawn: ", &caption.encoding_words),
    ] {
        if !parts.is_empty() {
            let line = format!("{head}{}", parts.join(" \u{b7} "));
            out.extend(wrap(&line, width).into_iter().map(|l| (false, l)));
        }
    }
    let cited: BTreeSet<&str> = m
        .cells
        .values()
        .flat_map(|c| c.links.iter())
        .flat_map(|l| l.path())
        .filter_map(|e| kg.graph().edge_weight(e))
        .flat_map(|w| w.evidence.iter().map(|ev| ev.source.as_str()))
        .collect();
    out.push((true, "Sources cited".to_owned()));
    if cited.is_empty() {
        out.push((false, "No sources are cited by these stances.".to_owned()));
    }
    for (i, id) in cited.iter().enumerate() {
        let words = kg
            .source(id)
            .map_or_else(|| (*id).to_owned(), |s| s.citation());
        let line = format!("[{}] {}", i + 1, shortened(&words, 400));
        out.extend(wrap(&line, width).into_iter().map(|l| (false, l)));
    }
    out
}

/// Draws the matrix with its rows and columns in the orders given (positions into
/// `m.rows` and `m.cols`), a legend and a caption.
///
/// # Complexity
/// O(r + c + k) for r rows, c columns and k cells, plus the sources cited.
pub fn stance_svg(
    kg: &KnowledgeGraph,
    m: &StanceMatrix,
    row_order: &[usize],
    col_order: &[usize],
    caption: &StanceCaption,
) -> String {
    let (nr, nc) = (row_order.len(), col_order.len());
    let grid_x = MARGIN + ROW_W;
    let grid_y = TITLE_H + HEAD_H;
    let (grid_w, grid_h) = (nc as f32 * CELL, nr as f32 * CELL);
    // The last names run out to the right at their angle.
    let names_right = grid_x + grid_w + HEAD_H;
    let legend_x = names_right.max(grid_x + grid_w + MARGIN);
    let (legend_svg, legend_h) = legend(legend_x, TITLE_H);
    let width = (legend_x + LEGEND_W + MARGIN).max(2.0 * MARGIN + 60.0 * CHAR_W);
    let per_line = ((width - 2.0 * MARGIN) / CHAR_W) as usize;
    let lines = caption_lines(kg, m, caption, per_line);
    let caption_y = (grid_y + grid_h).max(TITLE_H + legend_h) + MARGIN + 6.0;
    let height = caption_y + LINE * lines.len() as f32 + MARGIN;
    let desc = format!(
        "The stance matrix: {nr} rows by {nc} ideas, {} cells, drawn by ideagraph, with a legend and the sources cited.",
        m.cells.len()
    );
    let mut s = svg_start((width, height), &caption.title, &desc);
    s += &text(
        MARGIN,
        28.0,
        18.0,
        INK,
        r#" font-weight="bold""#,
        &shortened(&caption.title, 80),
    );
    let counts = format!("{nr} rows by {nc} ideas, {} stances", m.cells.len());
    s += &text(MARGIN, 44.0, 11.0, WEAK, "", &counts);
    s += "\n";
    s += &names_svg(kg, m, row_order, col_order, grid_x, grid_y);
    s += &cells_svg(m, row_order, col_order, grid_x, grid_y);
    s += &legend_svg;
    s += "<g id=\"caption\">\n";
    for (i, (strong, line)) in lines.iter().enumerate() {
        let weight = if *strong {
            r#" font-weight="bold""#
        } else {
            ""
        };
        s += &text(MARGIN, caption_y + LINE * i as f32, 11.0, INK, weight, line);
        s += "\n";
    }
    s += "</g>\n</svg>\n";
    s
}

/// Bands on every other row, the row names (right-aligned) and the idea names (at 45°).
fn names_svg(
    kg: &KnowledgeGraph,
    m: &StanceMatrix,
    row_order: &[usize],
    col_order: &[usize],
    x0: f32,
    y0: f32,
) -> String {
    let label = |ix| {
        kg.node_at(ix).map_or(String::new(), |n| {
            shortened(&n.label, MAX_NAME).into_owned()
        })
    };
    let band = Rgb::grey(244).hex();
    let mut s = String::from("<g id=\"rows\">\n");
    let grid_w = col_order.len() as f32 * CELL;
    for (i, &r) in row_order.iter().enumerate() {
        let y = y0 + i as f32 * CELL;
        if i % 2 == 1 {
            let _ = write!(
                s,
                r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{band}"/>"#,
                f(x0),
                f(y),
                f(grid_w),
                f(CELL)
            );
        }
        let name = m.rows.get(r).map(|&ix| label(ix)).unwrap_or_default();
        s += &text(
            x0 - 6.0,
            y + CELL * 0.7,
            11.0,
            INK,
            r#" text-anchor="end""#,
            &name,
        );
        s += "\n";
    }
    s += "</g>\n<g id=\"columns\">\n";
    for (j, &c) in col_order.iter().enumerate() {
        let x = x0 + j as f32 * CELL + CELL / 2.0 + 3.0;
        let y = y0 - 6.0;
        let name = m.cols.get(c).map(|&ix| label(ix)).unwrap_or_default();
        // Translate, then rotate about the origin: renderers that ignore rotate's centre
        // (ImageMagick's own) still place the name.
        let rotate = format!(r#" transform="translate({} {}) rotate(-45)""#, f(x), f(y));
        s += &text(0.0, 0.0, 11.0, INK, &rotate, &name);
        s += "\n";
    }
    s += "</g>\n";
    s
}

/// One mark per non-empty cell.
fn cells_svg(
    m: &StanceMatrix,
    row_order: &[usize],
    col_order: &[usize],
    x0: f32,
    y0: f32,
) -> String {
    let mut col_rank = vec![usize::MAX; m.cols.len()];
    for (j, &c) in col_order.iter().enumerate() {
        if let Some(slot) = col_rank.get_mut(c) {
            *slot = j;
        }
    }
    let mut s = String::from("<g id=\"cells\">\n");
    for (i, &r) in row_order.iter().enumerate() {
        for (c, cell) in m.row_cells(r) {
            let Some(&j) = col_rank.get(c).filter(|&&j| j != usize::MAX) else {
                continue;
            };
            let (x, y) = (x0 + (j as f32 + 0.5) * CELL, y0 + (i as f32 + 0.5) * CELL);
            s += &mark_svg(
                cell.stance(),
                cell.is_inherited_only(),
                cell.links.len(),
                x,
                y,
            );
            s += "\n";
        }
    }
    s += "</g>\n";
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::View;
    use crate::query::stances::{MatrixOptions, SortOrder, order_cols, order_rows};

    fn bundled_svg(inherit: bool) -> (StanceMatrix, String) {
        // Read from the source tree: `bundled` sits above `io`.
        let path = crate::io::export::bundled_source_path();
        let kg = crate::io::load_graph_file(&path).expect("bundled graph");
        let options = MatrixOptions {
            inherit,
            ..MatrixOptions::default()
        };
        let m = StanceMatrix::build(&kg, &View::all(&kg), &options);
        let rows = order_rows(&kg, &m, SortOrder::Similarity);
        let cols = order_cols(&kg, &m, SortOrder::Similarity);
        let caption = StanceCaption {
            title: "Where people stand".into(),
            view_words: vec!["Whole graph".into()],
            encoding_words: vec!["Rows: people, by similarity".into()],
        };
        let svg = stance_svg(&kg, &m, &rows, &cols, &caption);
        (m, svg)
    }

    /// The picture parses, has a legend and a caption citing the sources, and one mark
    /// per cell (the legend's own six apart).
    #[test]
    fn the_svg_parses_with_a_legend_a_caption_and_a_mark_per_cell() {
        for inherit in [false, true] {
            let (m, svg) = bundled_svg(inherit);
            assert!(!m.cells.is_empty());
            let opt = resvg::usvg::Options::default();
            resvg::usvg::Tree::from_str(&svg, &opt).expect("the SVG parses");
            let mut reader = quick_xml::Reader::from_str(&svg);
            let (mut marks, mut ids) = (0, Vec::new());
            loop {
                match reader.read_event().expect("well-formed XML") {
                    quick_xml::events::Event::Eof => break,
                    quick_xml::events::Event::Start(e) => {
                        for a in e.attributes().flatten() {
                            let v = a.value.to_string();
                            match a.key.as_ref() {
                                "class" if v == "mark" => marks += 1,
                                "id" => ids.push(v),
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            assert_eq!(marks, m.cells.len() + 6, "inherit {inherit}");
            for id in ["legend", "caption", "rows", "columns", "cells"] {
                assert!(ids.iter().any(|i| i == id), "{id} in {ids:?}");
            }
            assert!(svg.contains("Sources cited"));
            assert!(svg.contains("Shown: Whole graph"));
            assert!(svg.contains("Liz Kendall"));
            assert!(svg.contains("The Guardian"), "a citation in the caption");
        }
    }

    /// Inherited-only cells are drawn hollow.
    #[test]
    fn inherited_marks_are_hollow() {
        let (m, svg) = bundled_svg(true);
        let inherited = m.cells.values().filter(|c| c.is_inherited_only()).count();
        assert!(inherited > 0, "Milburn inherits Up a gear's stances");
        // The legend's one hollow mark besides.
        assert!(svg.matches(r#"fill="none""#).count() > inherited);
    }
}
