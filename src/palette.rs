//! The colours and line styles ideagraph draws with, in plain sRGB so that both the
//! window (`ui::theme`, which turns them into egui colours) and the image, DOT and GEXF
//! exports (`io`) use one palette: an exported picture looks like the canvas.

use crate::model::{Kind, Tone};

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// A grey of this level.
    pub const fn grey(level: u8) -> Self {
        Self(level, level, level)
    }
}

/// The fill for a node kind, on a light or dark background.
pub fn kind_colour(kind: Kind, dark: bool) -> Rgb {
    // Tableau 10, which stays distinguishable for the common colour-vision deficiencies.
    let (light, darker_bg) = match kind {
        Kind::Person => (Rgb(0x4e, 0x79, 0xa7), Rgb(0x6b, 0x9b, 0xd1)),
        Kind::Organisation => (Rgb(0xf2, 0x8e, 0x2b), Rgb(0xf5, 0xa1, 0x4e)),
        Kind::Publication => (Rgb(0x4f, 0x9e, 0x98), Rgb(0x76, 0xb7, 0xb2)),
        Kind::Concept => (Rgb(0xa0, 0x6a, 0x96), Rgb(0xc0, 0x8f, 0xb8)),
        Kind::Event => (Rgb(0xc9, 0xa8, 0x22), Rgb(0xed, 0xc9, 0x48)),
    };
    if dark { darker_bg } else { light }
}

/// How an edge of a given tone is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ToneStyle {
    /// Line colour.
    pub colour: Rgb,
    /// Line width in points at normal emphasis.
    pub width: f32,
    /// Dash and gap lengths, for dashed lines.
    pub dash: Option<(f32, f32)>,
}

/// The style for each tone of relation, on a light or dark background.
pub fn tone_style(tone: Tone, dark: bool) -> ToneStyle {
    let pick = |light: Rgb, on_dark: Rgb| if dark { on_dark } else { light };
    match tone {
        Tone::Support => ToneStyle {
            colour: pick(Rgb(0x3a, 0x8a, 0x34), Rgb(0x6c, 0xc0, 0x5f)),
            width: 1.6,
            dash: None,
        },
        Tone::Opposition => ToneStyle {
            colour: pick(Rgb(0xc8, 0x37, 0x3a), Rgb(0xf0, 0x6a, 0x6c)),
            width: 1.6,
            dash: Some((6.0, 4.0)),
        },
        Tone::Authorship => ToneStyle {
            colour: pick(Rgb::grey(110), Rgb::grey(150)),
            width: 1.3,
            dash: None,
        },
        Tone::Affiliation => ToneStyle {
            colour: pick(Rgb(0x3d, 0x6f, 0xb0), Rgb(0x6f, 0x9f, 0xd8)),
            width: 1.3,
            dash: None,
        },
        Tone::Reference => ToneStyle {
            colour: pick(Rgb::grey(170), Rgb::grey(105)),
            width: 1.0,
            dash: Some((2.0, 3.0)),
        },
    }
}

/// Every tone, in legend order, with its legend text.
pub const TONES: [(Tone, &str); 5] = [
    (Tone::Support, "supports, advocates"),
    (Tone::Opposition, "criticises, opposes"),
    (Tone::Authorship, "wrote, published"),
    (Tone::Affiliation, "member, works for, leads, organises"),
    (Tone::Reference, "mentions, related to"),
];

/// The canvas background, light or dark.
pub fn background(dark: bool) -> Rgb {
    if dark {
        Rgb(0x1b, 0x1d, 0x22)
    } else {
        Rgb(0xfa, 0xfa, 0xf7)
    }
}

/// Palette for factions (in order of how many nodes claim each) and communities
/// (largest first). Tableau 10 again, starting with red so the largest group stands out.
const GROUP_PALETTE: [Rgb; 10] = [
    Rgb(0xe1, 0x57, 0x59),
    Rgb(0x4e, 0x79, 0xa7),
    Rgb(0x59, 0xa1, 0x4f),
    Rgb(0xb0, 0x7a, 0xa1),
    Rgb(0xf2, 0x8e, 0x2b),
    Rgb(0x76, 0xb7, 0xb2),
    Rgb(0xed, 0xc9, 0x48),
    Rgb(0xff, 0x9d, 0xa7),
    Rgb(0x9c, 0x75, 0x5f),
    Rgb(0x2f, 0x4b, 0x7c),
];

/// The colour of the `rank`-th most common faction; the palette repeats after ten.
pub fn faction_colour(rank: usize) -> Rgb {
    GROUP_PALETTE
        .get(rank % GROUP_PALETTE.len())
        .copied()
        .unwrap_or(Rgb::grey(0x88))
}

/// The colour of community `c` (community 0 is the largest): the faction palette.
pub fn community_colour(c: usize) -> Rgb {
    faction_colour(c)
}

/// The colour for nodes with no faction claim.
pub fn no_faction_colour(dark: bool) -> Rgb {
    if dark { Rgb::grey(110) } else { Rgb::grey(185) }
}

/// Scene radius of a node sized by a metric, from its value and the largest value in
/// the view: area grows with the value, from 5 (nothing) to 26 (the largest). The
/// canvas and the picture exports both size by this rule.
pub fn metric_radius(value: f64, max: f64) -> f32 {
    let f = if max > 0.0 {
        (value / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    5.0 + 21.0 * (f.sqrt() as f32)
}

/// Labels are drawn at most this long (characters) unless the node is in focus.
pub const SHORT_LABEL_CHARS: usize = 32;

/// A node's label as drawn: whole when it must be (the focus) or is short, else cut to
/// [`SHORT_LABEL_CHARS`] with an ellipsis. The canvas and the picture exports share it,
/// so an exported picture names nodes as the screen does.
pub fn short_label(label: &str, whole: bool) -> String {
    if whole || label.chars().count() <= SHORT_LABEL_CHARS {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(SHORT_LABEL_CHARS - 1).collect();
        format!("{}\u{2026}", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_cut_as_on_the_canvas() {
        assert_eq!(short_label("Short", false), "Short");
        let long = "Institute for Public Policy Research North";
        let cut = short_label(long, false);
        assert_eq!(cut, "Institute for Public Policy Res\u{2026}");
        assert!(cut.chars().count() <= SHORT_LABEL_CHARS);
        assert_eq!(short_label(long, true), long);
    }

    #[test]
    fn metric_radius_grows_with_the_value() {
        assert_eq!(metric_radius(0.0, 0.0), 5.0);
        assert_eq!(metric_radius(1.0, 1.0), 26.0);
        assert!(metric_radius(0.25, 1.0) > metric_radius(0.1, 1.0));
    }
}
