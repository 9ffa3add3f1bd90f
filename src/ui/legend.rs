//! The legend: always on the canvas, explaining the current encoding (shape by kind,
//! colour by kind or faction, size by connections, line style by relation, pins).

use egui::{Color32, Sense, Stroke, vec2};

use super::encoding::Encoding;
use super::explore::LegendExtra;
use super::shapes::{paint_edge, paint_node, paint_pin};
use super::theme::{self, TONES, edge_style};
use crate::model::Kind;
use crate::query::ColourMode;

/// How many factions the legend lists before summarising the rest.
const MAX_FACTIONS: usize = 8;

/// The legend's title line and frame margins, in points: what its height cap leaves
/// for the body.
const TITLE_HEIGHT: f32 = 34.0;

/// Draws the legend, at most `max_height` points tall (past that its body scrolls).
/// `open` folds it to a single line.
pub fn legend_ui(
    ui: &mut egui::Ui,
    colour_by: ColourMode,
    encoding: &Encoding,
    dark: bool,
    open: &mut bool,
    extra: &LegendExtra,
    max_height: f32,
) {
    let frame = egui::Frame::popup(ui.style())
        .inner_margin(8.0)
        .fill(ui.visuals().panel_fill.gamma_multiply(0.94));
    frame.show(ui, |ui| {
        // A top-down column even when the caller lays out bottom-up.
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = 1.0;
            if !title_ui(ui, open) {
                return;
            }
            // The title stays put; a long legend (many communities) scrolls under it
            // rather than covering the canvas.
            let cap = (max_height - TITLE_HEIGHT).max(80.0);
            // The area offers last frame's height: the minimum lets the legend grow
            // back to the cap when its content grows.
            egui::ScrollArea::vertical()
                .max_height(cap)
                .min_scrolled_height(cap)
                .show(ui, |ui| {
                    legend_body_ui(ui, colour_by, encoding, dark, extra);
                });
        });
    });
}

/// The legend's title, which folds it. Returns whether it is open.
fn title_ui(ui: &mut egui::Ui, open: &mut bool) -> bool {
    let title = if *open {
        "Legend (hide)"
    } else {
        "Legend (show)"
    };
    if ui
        .add(egui::Button::new(egui::RichText::new(title).strong()).frame(false))
        .clicked()
    {
        *open = !*open;
    }
    *open
}

/// What each encoding means.
fn legend_body_ui(
    ui: &mut egui::Ui,
    colour_by: ColourMode,
    encoding: &Encoding,
    dark: bool,
    extra: &LegendExtra,
) {
    ui.spacing_mut().item_spacing.y = 1.0;
    let outline = theme::node_outline(dark);
    if let Some(groups) = &extra.agreement_groups {
        agreement_key_ui(ui, groups, dark, outline);
        ui.add_space(3.0);
        size_and_pin_ui(ui, dark, extra);
        return;
    }
    match colour_by {
        ColourMode::Kind => kinds_ui(ui, dark, outline),
        ColourMode::Faction => factions_ui(ui, encoding, dark, outline),
        ColourMode::Community => communities_ui(ui, extra, outline),
    }
    ui.add_space(3.0);
    lines_ui(ui, dark);
    if extra.has_path || extra.comparing || extra.has_multi || extra.fading {
        ui.add_space(3.0);
        highlights_ui(ui, dark, extra);
    }
    ui.add_space(3.0);
    size_and_pin_ui(ui, dark, extra);
    if extra.timeline {
        ui.add_space(3.0);
        timeline_key_ui(ui);
    }
}

/// Most stance groups the legend lists before summarising the rest.
const MAX_GROUPS: usize = 8;

/// The agreement map's key: what a derived edge means (colour by the balance of
/// agreement, width by its size), that it is an analysis, and the stance groups'
/// colours.
fn agreement_key_ui(ui: &mut egui::Ui, groups: &[usize], dark: bool, outline: Color32) {
    ui.weak("Agreement map: people only");
    ui.weak("Lines: shared stances (derived)");
    for (balance, words) in [
        (1, "agree on balance"),
        (-1, "disagree on balance"),
        (0, "even"),
    ] {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(28.0, 12.0), Sense::hover());
            let width = if balance == 0 { 1.2 } else { 3.5 };
            ui.painter().line_segment(
                [rect.left_center(), rect.right_center()],
                Stroke::new(width, theme::agreement_colour(balance, dark)),
            );
            ui.label(words);
        });
    }
    ui.weak("width: |agree - disagree|");
    ui.label(egui::RichText::new("An analysis of the stances, not facts in the graph.").italics());
    ui.add_space(3.0);
    ui.weak("Colour: stance group");
    for (g, size) in groups.iter().enumerate().take(MAX_GROUPS) {
        let text = format!("group {} ({size})", g + 1);
        short_swatch_row(ui, theme::stance_group_colour(g), outline, &text);
    }
    if groups.len() > MAX_GROUPS {
        ui.weak(format!("…and {} more", groups.len() - MAX_GROUPS));
    }
    short_swatch_row(ui, theme::no_faction_colour(dark), outline, "in no group");
}

/// The timeline's marks: a hollow node stands at an inferred date, a bar spans a node's
/// dated links.
fn timeline_key_ui(ui: &mut egui::Ui) {
    let text = ui.visuals().text_color();
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(18.0, 14.0), Sense::hover());
        ui.painter()
            .circle_stroke(rect.center(), 5.0, egui::Stroke::new(2.0, text));
        ui.label("hollow: date inferred");
    });
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(18.0, 14.0), Sense::hover());
        let (a, b) = (rect.left_center(), rect.right_center());
        ui.painter()
            .line_segment([a, b], egui::Stroke::new(3.0, theme::faded(text, 0.45)));
        ui.label("bar: first to last dated link");
    });
}

/// Colour by kind: each kind's shape in its colour.
fn kinds_ui(ui: &mut egui::Ui, dark: bool, outline: Color32) {
    ui.weak("Shape and colour: kind");
    egui::Grid::new("legend-kinds")
        .num_columns(2)
        .spacing([10.0, 1.0])
        .show(ui, |ui| {
            for (i, kind) in Kind::ALL.into_iter().enumerate() {
                swatch_row(
                    ui,
                    kind,
                    theme::kind_colour(kind, dark),
                    outline,
                    kind.plural(),
                );
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
}

/// Colour by faction: the kinds' shapes, then the largest factions' colours.
fn factions_ui(ui: &mut egui::Ui, encoding: &Encoding, dark: bool, outline: Color32) {
    kind_shapes_ui(ui, outline);
    ui.weak("Colour: faction (first claim)");
    for (name, colour, count) in encoding.factions.iter().take(MAX_FACTIONS) {
        swatch_row(
            ui,
            Kind::Person,
            *colour,
            outline,
            &format!("{name} ({count})"),
        );
    }
    let rest = encoding.factions.len().saturating_sub(MAX_FACTIONS);
    if rest > 0 {
        ui.weak(format!("…and {rest} more (colours repeat)"));
    }
    swatch_row(
        ui,
        Kind::Person,
        theme::no_faction_colour(dark),
        outline,
        "no faction claimed",
    );
}

/// Colour by community: the kinds' shapes, then the largest communities' colours.
fn communities_ui(ui: &mut egui::Ui, extra: &LegendExtra, outline: Color32) {
    kind_shapes_ui(ui, outline);
    ui.weak("Colour: community (Louvain, on the view)");
    for (colour, count, name) in extra.communities.iter().take(MAX_FACTIONS) {
        // One line each, cut short: a long name wrapping doubled the legend's height.
        let text = format!("{name} ({count})");
        let row = short_swatch_row(ui, *colour, outline, &text);
        row.on_hover_text(format!("{name}: {count} nodes"));
    }
    let rest = extra.communities.len().saturating_sub(MAX_FACTIONS);
    if rest > 0 {
        ui.weak(format!("…and {rest} smaller (colours repeat)"));
    }
}

/// Line style by relation, with the arrow to its object.
fn lines_ui(ui: &mut egui::Ui, dark: bool) {
    ui.weak("Lines: relation, arrow to its object");
    for (tone, words) in TONES {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(28.0, 12.0), Sense::hover());
            let style = edge_style(tone, dark);
            paint_edge(
                ui.painter(),
                rect.left_center(),
                rect.right_center(),
                style,
                style.colour,
                1.3,
                true,
            );
            ui.label(words);
        });
    }
}

/// What the explore tools highlight, when in use: a path, a comparison's rings, the
/// multi-selection's ring, faded exclusions.
fn highlights_ui(ui: &mut egui::Ui, dark: bool, extra: &LegendExtra) {
    let ring = |ui: &mut egui::Ui, colour: Color32, text: &str| {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::hover());
            ui.painter()
                .circle_stroke(rect.center(), 6.0, Stroke::new(2.5, colour));
            ui.label(text);
        });
    };
    if extra.has_path {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(28.0, 12.0), Sense::hover());
            ui.painter().line_segment(
                [rect.left_center(), rect.right_center()],
                Stroke::new(4.0, theme::path_colour(dark)),
            );
            ui.label("path between A and B");
        });
    }
    if extra.comparing {
        ring(ui, theme::new_colour(dark), "new in range B");
        ring(ui, theme::gone_colour(dark), "gone since range A");
    }
    if extra.has_multi {
        ring(ui, theme::multi_colour(dark), "selected with Shift");
    }
    if extra.fading {
        ui.weak("faded: excluded by the filters");
    }
}

/// Size by connections (or a metric), and the pin.
fn size_and_pin_ui(ui: &mut egui::Ui, dark: bool, extra: &LegendExtra) {
    let text = ui.visuals().text_color();
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(28.0, 14.0), Sense::hover());
        let p = ui.painter();
        p.circle_filled(rect.left_center() + vec2(4.0, 0.0), 3.0, Color32::GRAY);
        p.circle_filled(rect.right_center() - vec2(7.0, 0.0), 7.0, Color32::GRAY);
        ui.label(match extra.size_by {
            Some(m) => format!("size: {}", m.name()),
            None => "size: connections".to_owned(),
        });
        let (rect, _) = ui.allocate_exact_size(vec2(18.0, 14.0), Sense::hover());
        paint_pin(
            ui.painter(),
            rect.center() + vec2(-4.0, 4.0),
            5.0,
            theme::selection_colour(dark),
            text,
        );
        ui.label("pinned");
    });
}

/// The shapes of the five kinds in neutral grey, for when colour encodes something else.
fn kind_shapes_ui(ui: &mut egui::Ui, outline: Color32) {
    ui.weak("Shape: kind");
    egui::Grid::new("legend-shapes")
        .num_columns(2)
        .spacing([10.0, 1.0])
        .show(ui, |ui| {
            for (i, kind) in Kind::ALL.into_iter().enumerate() {
                swatch_row(ui, kind, theme::neutral_swatch(), outline, kind.name());
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });
}

/// A person's shape in `fill` and `text` beside it on one line, cut short with an
/// ellipsis if too long; returns the text's response.
fn short_swatch_row(
    ui: &mut egui::Ui,
    fill: Color32,
    outline: Color32,
    text: &str,
) -> egui::Response {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::hover());
        paint_node(
            ui.painter(),
            Kind::Person,
            rect.center(),
            6.0,
            fill,
            Stroke::new(1.0, outline),
        );
        ui.add(egui::Label::new(text).truncate())
    })
    .inner
}

/// One kind's shape in `fill`, and `text` beside it.
fn swatch_row(ui: &mut egui::Ui, kind: Kind, fill: Color32, outline: Color32, text: &str) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(16.0, 16.0), Sense::hover());
        paint_node(
            ui.painter(),
            kind,
            rect.center(),
            6.0,
            fill,
            Stroke::new(1.0, outline),
        );
        ui.label(text);
    });
}
