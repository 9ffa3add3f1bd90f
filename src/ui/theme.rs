//! Colours and visual encodings: kind and faction palettes, edge styles by tone,
//! and the light and dark themes.
// The one place in the window that makes colours from numbers (see clippy.toml).
#![allow(clippy::disallowed_methods)]

use egui::Color32;
use serde::{Deserialize, Serialize};

use crate::model::{Kind, Tone};
use crate::palette::{self, Rgb};

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

impl ThemeChoice {
    /// The egui theme.
    pub fn egui(self) -> egui::Theme {
        match self {
            ThemeChoice::Light => egui::Theme::Light,
            ThemeChoice::Dark => egui::Theme::Dark,
        }
    }

    /// True for [`ThemeChoice::Dark`].
    pub fn is_dark(self) -> bool {
        self == ThemeChoice::Dark
    }
}

/// The fill for a node kind ([`palette::kind_colour`]).
pub fn kind_colour(kind: Kind, dark: bool) -> Color32 {
    colour(palette::kind_colour(kind, dark))
}

/// An egui colour from a palette colour.
pub fn colour(c: Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// The colour of the `rank`-th most common faction ([`palette::faction_colour`]).
pub fn faction_colour(rank: usize) -> Color32 {
    colour(palette::faction_colour(rank))
}

/// The colour for nodes with no faction claim ([`palette::no_faction_colour`]).
pub fn no_faction_colour(dark: bool) -> Color32 {
    colour(palette::no_faction_colour(dark))
}

/// How an edge of a given tone is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EdgeStyle {
    /// Line colour.
    pub colour: Color32,
    /// Line width in points at normal emphasis.
    pub width: f32,
    /// Dash and gap lengths, for dashed lines.
    pub dash: Option<(f32, f32)>,
}

/// The style for each tone of relation ([`palette::tone_style`]).
pub fn edge_style(tone: Tone, dark: bool) -> EdgeStyle {
    let style = palette::tone_style(tone, dark);
    EdgeStyle {
        colour: colour(style.colour),
        width: style.width,
        dash: style.dash,
    }
}

/// Every tone, in legend order, with its legend text.
pub const TONES: [(Tone, &str); 5] = palette::TONES;

/// Background of the canvas.
pub fn canvas_background(dark: bool) -> Color32 {
    colour(palette::background(dark))
}

/// The fill of the legend's kind shapes when colour encodes something else.
pub fn neutral_swatch() -> Color32 {
    Color32::from_gray(150)
}

/// The ring around every node, on the canvas and in the legend's swatches: it parts
/// overlapping nodes from each other.
pub fn node_outline(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}

/// The colour of a selection ring.
pub fn selection_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0xd5, 0x4f)
    } else {
        Color32::from_rgb(0xe0, 0x8a, 0x00)
    }
}

/// The colour of a highlighted path.
pub fn path_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xc0, 0x7c, 0xff)
    } else {
        Color32::from_rgb(0x8e, 0x2c, 0xd6)
    }
}

/// The ring of a node new in the second compared range.
pub fn new_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x6c, 0xd0, 0x5f)
    } else {
        Color32::from_rgb(0x1f, 0x9a, 0x2e)
    }
}

/// The ring of a node gone since the first compared range.
pub fn gone_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0x6b, 0x6b)
    } else {
        Color32::from_rgb(0xd0, 0x24, 0x24)
    }
}

/// The ring of a node in the Shift+click selection.
pub fn multi_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x4f, 0xc3, 0xf7)
    } else {
        Color32::from_rgb(0x00, 0x77, 0xcc)
    }
}

/// The line of the `i`-th series of a node's chart through the years (degree,
/// PageRank, betweenness): the canvas's own accent colours, so the chart matches it.
pub fn series_colour(i: usize, dark: bool) -> Color32 {
    match i % 3 {
        0 => multi_colour(dark),
        1 => path_colour(dark),
        _ => selection_colour(dark),
    }
}

/// An idea's first appearance (a star) and its uptake (a path along the timeline).
pub fn uptake_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x4d, 0xd0, 0xc4)
    } else {
        Color32::from_rgb(0x00, 0x89, 0x7b)
    }
}

/// The mark of a stance in the stance matrix: the support colour for, the opposition
/// colour against (the edges' own, so a cell reads like the line it stands for), and a
/// neutral grey for a mention, which takes no side.
pub fn stance_colour(stance: crate::query::stances::Stance, dark: bool) -> Color32 {
    use crate::query::stances::Stance;
    colour(match stance {
        Stance::For => palette::tone_style(Tone::Support, dark).colour,
        Stance::Against => palette::tone_style(Tone::Opposition, dark).colour,
        Stance::Mentions => palette::tone_style(Tone::Authorship, dark).colour,
    })
}

/// The faint band behind the stance matrix's selected row or column, and the grid's
/// alternate rows.
pub fn matrix_band(dark: bool, strong: bool) -> Color32 {
    let c = if strong {
        selection_colour(dark)
    } else if dark {
        Color32::WHITE
    } else {
        Color32::BLACK
    };
    c.gamma_multiply(if strong { 0.22 } else { 0.04 })
}

/// Scales a colour's alpha by `f` (0..1), keeping it premultiplied.
pub fn faded(c: Color32, f: f32) -> Color32 {
    c.gamma_multiply(f.clamp(0.0, 1.0))
}

/// Point size of citations (sidebar, About): small beside the quote, yet readable.
pub const CITATION_SIZE: f32 = 11.5;

/// The colour of citations on the panels' background: dark grey on light, light grey on
/// dark, each at least 4.5:1 against the panel (WCAG AA for normal text).
pub fn citation_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(185)
    } else {
        Color32::from_gray(80)
    }
}

/// A citation as it is shown in the panels.
pub fn citation_text(text: impl Into<String>, dark: bool) -> egui::RichText {
    egui::RichText::new(text)
        .size(CITATION_SIZE)
        .color(citation_colour(dark))
}

/// The fill behind a passage the graph quotes, in the source reader: the edge colour
/// of its relation's tone (`None`: evidence of a node, role or faction claim, in the
/// events' neutral amber), translucent enough to read the text on.
pub fn passage_fill(tone: Option<Tone>, dark: bool) -> Color32 {
    let base = match tone {
        Some(t) => edge_style(t, dark).colour,
        None => kind_colour(Kind::Event, dark),
    };
    let alpha = if dark { 70 } else { 60 };
    Color32::from_rgba_unmultiplied(base.r(), base.g(), base.b(), alpha)
}

/// A derived edge of the agreement map, by its balance (agreements minus
/// disagreements): the support colour where two people agree on balance, the
/// opposition colour where they disagree, the neutral reference colour where even.
pub fn agreement_colour(balance: i64, dark: bool) -> Color32 {
    let tone = match balance.signum() {
        1 => Tone::Support,
        -1 => Tone::Opposition,
        _ => Tone::Reference,
    };
    colour(palette::tone_style(tone, dark).colour)
}

/// A stance group's fill on the agreement map: the community palette, as groups are
/// clusters too, less its red and green, which the derived edges use for disagreement
/// and agreement.
pub fn stance_group_colour(group: usize) -> Color32 {
    const SHADES: [usize; 8] = [1, 3, 4, 5, 6, 7, 8, 9];
    let shade = SHADES.get(group % SHADES.len()).copied().unwrap_or(1);
    colour(palette::community_colour(shade))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG contrast ratio of two opaque colours, from 1 (same) to 21 (black on white).
    fn contrast_ratio(a: Color32, b: Color32) -> f32 {
        fn luminance(c: Color32) -> f32 {
            let channel = |v: u8| {
                let s = f32::from(v) / 255.0;
                if s <= 0.040_45 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
        }
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// Citations meet WCAG AA (4.5:1) on both themes' panels and windows, and are at
    /// least 11 points.
    #[test]
    fn citations_are_readable_in_both_themes() {
        const { assert!(CITATION_SIZE >= 11.0) };
        for (dark, visuals) in [
            (false, egui::Visuals::light()),
            (true, egui::Visuals::dark()),
        ] {
            let fg = citation_colour(dark);
            for bg in [visuals.panel_fill, visuals.window_fill] {
                let ratio = contrast_ratio(fg, bg);
                assert!(ratio >= 4.5, "dark {dark}: {ratio:.2} against {bg:?}");
            }
        }
    }

    #[test]
    fn contrast_ratio_runs_from_one_to_twenty_one() {
        assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast_ratio(Color32::GRAY, Color32::GRAY) - 1.0).abs() < 1e-6);
    }
}
