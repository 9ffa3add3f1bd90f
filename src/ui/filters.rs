//! The filter panel: kinds, factions, relations, evidence (own words, predictions), a
//! year window with a play button, text,
//! hide or fade, focus on the selection, active filters as removable chips, and two year
//! ranges compared. Every change is a [`Command`]; the app recomputes the view.

use std::collections::BTreeMap;

use egui::{RichText, Ui};
use petgraph::stable_graph::NodeIndex;

use super::command::Command;
use super::explore::{ExploreCommand, PLAY_SECS_RANGE, chips};
use super::selection_actions::SelectionCommand;
use crate::model::{Kind, KnowledgeGraph, Relation};
use crate::query::{
    ByHand, ByHandPart, Comparison, Filter, PlayMode, View, ViewSpec, YearRanges, faction_counts,
    parse_years, year_span,
};

/// Largest focus depth offered.
pub const MAX_DEPTH: usize = 3;

fn emit(cmds: &mut Vec<Command>, c: ExploreCommand) {
    cmds.push(Command::Explore(c));
}

fn set(cmds: &mut Vec<Command>, f: Filter) {
    emit(cmds, ExploreCommand::SetFilter(f));
}

/// "41 of 200 nodes shown".
pub fn count_text(kg: &KnowledgeGraph, view: &View) -> String {
    format!("{} of {} nodes shown", view.nodes.len(), kg.num_nodes())
}

fn years_text(years: Option<(i32, i32)>) -> String {
    match years {
        Some((a, b)) if a == b => a.to_string(),
        Some((a, b)) => format!("{a}..{b}"),
        None => String::new(),
    }
}

/// The summary at the top of the panel: count, chips and "Clear all"; after the
/// chips, what else makes the view less than the filters show (two compared ranges,
/// nodes hidden, kept or added by hand).
pub fn summary_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    spec: &ViewSpec,
    view: &View,
    cmds: &mut Vec<Command>,
) {
    let filter = &spec.filter;
    ui.horizontal(|ui| {
        ui.strong(count_text(kg, view));
        if ui
            .add_enabled(!filter.is_empty(), egui::Button::new("Clear all"))
            .on_hover_text("Remove every filter and the focus")
            .clicked()
        {
            set(cmds, Filter::default());
        }
    });
    let mut active: Vec<(String, Command)> = chips(kg, filter)
        .into_iter()
        .map(|(text, without)| (text, Command::Explore(ExploreCommand::SetFilter(without))))
        .collect();
    active.extend(by_hand_chips(&spec.by_hand));
    // Comparing two ranges shows them in place of the filter's years: not a chip (the
    // comparison has its own section), but the summary must not say "No filters".
    let besides = spec.compare.map(|_| "comparing two year ranges");
    chips_row_ui(ui, active, besides, cmds);
}

/// What was hidden, kept or added by hand, as chips whose click undoes it: the
/// summary says "No filters" only when nothing at all narrows the view.
fn by_hand_chips(by_hand: &ByHand) -> Vec<(String, Command)> {
    by_hand
        .parts()
        .into_iter()
        .map(|(part, words)| {
            let undo = match part {
                ByHandPart::Only | ByHandPart::Hidden => SelectionCommand::ShowHidden,
                ByHandPart::Added => SelectionCommand::RemoveAdded,
            };
            (words, Command::Selection(undo))
        })
        .collect()
}

/// The active filters as removable chips, on one row that is always there: a chip
/// appearing or going never moves the controls below it, which the pointer may be
/// about to click. Chips beyond the panel's width scroll sideways. `besides` says, after
/// them, what else than filters changes the view.
fn chips_row_ui(
    ui: &mut Ui,
    active: Vec<(String, Command)>,
    besides: Option<&str>,
    cmds: &mut Vec<Command>,
) {
    let height = ui.spacing().interact_size.y;
    egui::ScrollArea::horizontal()
        .id_salt("ideagraph-filter-chips")
        .auto_shrink([false, false])
        .max_height(height)
        .min_scrolled_height(height)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.set_min_height(height);
                if active.is_empty() && besides.is_none() {
                    ui.weak("No filters: everything is shown");
                }
                let no_chips = active.is_empty();
                for (text, undo) in active {
                    if ui
                        .small_button(format!("{text} ×"))
                        .on_hover_text("Remove this filter")
                        .clicked()
                    {
                        cmds.push(undo);
                    }
                }
                if let Some(besides) = besides {
                    let lead = if no_chips { "No filters;" } else { "and" };
                    ui.weak(format!("{lead} {besides}"));
                }
            });
        });
}

/// The filters proper: hide or fade, text, years, kinds, factions, relations. Reads the
/// spec and changes it only through commands.
pub fn filters_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    spec: &ViewSpec,
    play: &PlaySettings,
    cmds: &mut Vec<Command>,
) {
    hide_or_fade_ui(ui, spec.hide_excluded, cmds);
    text_ui(ui, &spec.filter, cmds);
    ui.add_space(4.0);
    ui.strong("Year range");
    match per_revision(ui, "year span", kg, year_span) {
        Some(span) => {
            years_ui(ui, span, &spec.filter, play.playing, cmds);
            play_settings_ui(ui, play, cmds);
        }
        None => {
            ui.weak("Nothing in this graph is dated.");
        }
    }
    ui.add_space(4.0);
    kinds_ui(ui, kg, &spec.filter, cmds);
    factions_ui(ui, kg, &spec.filter, cmds);
    relations_ui(ui, kg, &spec.filter, cmds);
    statements_ui(ui, &spec.filter, cmds);
}

/// Whose words and how sure: "own words only" and "hide predictions", under a header
/// that opens by itself while either is on (so an active filter is never hidden).
fn statements_ui(ui: &mut Ui, filter: &Filter, cmds: &mut Vec<Command>) {
    let on = filter.own_words || filter.hide_expected;
    egui::CollapsingHeader::new("Evidence")
        .default_open(on)
        .open(on.then_some(true))
        .show(ui, |ui| {
            let mut own = filter.own_words;
            if ui
                .checkbox(&mut own, "Own words only")
                .on_hover_text(
                    "Only links backed by the subject's own words: a direct quotation of them, or a text they wrote",
                )
                .changed()
            {
                let f = Filter { own_words: own, ..filter.clone() };
                set(cmds, f);
            }
            let mut hide = filter.hide_expected;
            if ui
                .checkbox(&mut hide, "Hide predictions")
                .on_hover_text(
                    "Hide links that only a forecast or the author's hedge backs (\"will\", \"I expect\")",
                )
                .changed()
            {
                let f = Filter { hide_expected: hide, ..filter.clone() };
                set(cmds, f);
            }
        });
}

/// How a field's typed text follows the value it edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Follow {
    /// Shows the value whenever the field does not have the keyboard focus: what is
    /// typed and not applied goes when the user clicks elsewhere, and a value changed
    /// meanwhile (Play) never overwrites what is being typed.
    WhenUnfocused,
    /// Keeps what was typed until the value changes to a new one; no value (not
    /// comparing) keeps it too, so the ranges just compared stay in the fields.
    NewValues,
}

/// A one-line text field editing a draft of `value` (`fallback` when there is none),
/// kept in egui's memory rather than in the app, so the app holds each value once.
fn draft_field(
    ui: &mut Ui,
    id: egui::Id,
    (value, fallback): (Option<&str>, &str),
    follow: Follow,
    edit: impl FnOnce(egui::TextEdit<'_>) -> egui::TextEdit<'_>,
) -> (egui::Response, String) {
    let key = id.with("draft");
    let focused = ui.memory(|m| m.has_focus(id));
    let value = value.map(str::to_owned);
    let stored = ui.data(|d| d.get_temp::<(Option<String>, String)>(key));
    let mut draft = match (follow, stored) {
        (Follow::WhenUnfocused, Some((_, text))) if focused => text,
        (Follow::NewValues, Some((based_on, text))) if value.is_none() || based_on == value => text,
        _ => value.clone().unwrap_or_else(|| fallback.to_owned()),
    };
    let resp = ui.add(edit(egui::TextEdit::singleline(&mut draft).id(id)));
    ui.data_mut(|d| d.insert_temp(key, (value, draft.clone())));
    (resp, draft)
}

fn hide_or_fade_ui(ui: &mut Ui, hide: bool, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui
            .radio(hide, "Hide excluded")
            .on_hover_text("Excluded nodes disappear")
            .clicked()
        {
            emit(cmds, ExploreCommand::SetHideExcluded(true));
        }
        if ui
            .radio(!hide, "Fade excluded")
            .on_hover_text(
                "Excluded nodes stay, faded, where they were; the layout and exports use only what is shown",
            )
            .clicked()
        {
            emit(cmds, ExploreCommand::SetHideExcluded(false));
        }
    });
}

/// The text filter, applied as it is typed.
fn text_ui(ui: &mut Ui, filter: &Filter, cmds: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let label = ui.label("Text");
        let mut text = filter.text.clone();
        let resp = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .id(egui::Id::unique("ideagraph-text-filter"))
                    .hint_text("label, alias or description")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if resp.changed() {
            set(
                cmds,
                Filter {
                    text,
                    ..filter.clone()
                },
            );
        }
    });
}

/// The year sliders, the typed range, Play and "All years".
fn years_ui(
    ui: &mut Ui,
    span: (i32, i32),
    filter: &Filter,
    playing: bool,
    cmds: &mut Vec<Command>,
) {
    let (mut a, mut b) = filter.years.unwrap_or(span);
    let from = ui.add(egui::Slider::new(&mut a, span.0..=span.1).text("from"));
    let to = ui.add(egui::Slider::new(&mut b, span.0..=span.1).text("to"));
    if from.changed() || to.changed() {
        if from.changed() && a > b {
            b = a;
        }
        if to.changed() && b < a {
            a = b;
        }
        set(
            cmds,
            Filter {
                years: Some((a, b)),
                ..filter.clone()
            },
        );
    }
    ui.horizontal(|ui| {
        let label = ui.label("Years");
        let id = egui::Id::unique("ideagraph-years-field");
        let value = years_text(filter.years);
        let (resp, typed) = draft_field(ui, id, (Some(&value), ""), Follow::WhenUnfocused, |e| {
            e.hint_text("2015 or 2012..2015").desired_width(110.0)
        });
        let resp = resp
            .labelled_by(label.id)
            .on_hover_text("Type a year or a range and press Enter; empty for all years");
        if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            let t = typed.trim();
            match if t.is_empty() {
                Ok(None)
            } else {
                parse_years(t).map(Some)
            } {
                Ok(years) => set(
                    cmds,
                    Filter {
                        years,
                        ..filter.clone()
                    },
                ),
                Err(e) => emit(cmds, ExploreCommand::Say(e.to_string())),
            }
        }
        let play = if playing { "Pause" } else { "Play" };
        if ui
            .button(play)
            .on_hover_text("Step the year range through the years that show something")
            .clicked()
        {
            emit(cmds, ExploreCommand::TogglePlay);
        }
        if ui
            .add_enabled(filter.years.is_some(), egui::Button::new("All years"))
            .clicked()
        {
            set(
                cmds,
                Filter {
                    years: None,
                    ..filter.clone()
                },
            );
        }
    });
}

/// How Play is set up, for the filter panel to show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlaySettings {
    /// Play is on.
    pub playing: bool,
    /// Seconds a step.
    pub secs: f32,
    /// Sliding or cumulative.
    pub mode: PlayMode,
}

/// Play's speed and whether it slides a window or grows from the first year.
fn play_settings_ui(ui: &mut Ui, play: &PlaySettings, cmds: &mut Vec<Command>) {
    // Wrapped: on one line it was wider than the panel's default width.
    ui.horizontal_wrapped(|ui| {
        let mut secs = play.secs;
        let (lo, hi) = PLAY_SECS_RANGE;
        let speed = ui
            .add(
                egui::Slider::new(&mut secs, lo..=hi)
                    .step_by(0.1)
                    .suffix(" s a year")
                    .text("speed"),
            )
            .on_hover_text("How long Play shows each step");
        if speed.changed() {
            emit(cmds, ExploreCommand::SetPlaySpeed(secs));
        }
        let mut cumulative = play.mode == PlayMode::Cumulative;
        if ui
            .checkbox(&mut cumulative, "Cumulative")
            .on_hover_text("Play from the first year up to each year, rather than a sliding window")
            .changed()
        {
            let mode = if cumulative {
                PlayMode::Cumulative
            } else {
                PlayMode::Sliding
            };
            emit(cmds, ExploreCommand::SetPlayMode(mode));
        }
    });
}

/// A filter with `item` added to (`on`) or taken from one of its sets.
fn toggled<T: Ord>(
    filter: &Filter,
    on: bool,
    item: T,
    set_of: impl FnOnce(&mut Filter) -> &mut std::collections::BTreeSet<T>,
) -> Filter {
    let mut g = filter.clone();
    let items = set_of(&mut g);
    if on {
        items.insert(item);
    } else {
        items.remove(&item);
    }
    g
}

/// `count` of the graph, computed once per graph revision and kept in egui's memory:
/// counting a 100,000-node graph every frame the panel is open costs frames.
fn per_revision<T: Clone + Send + Sync + 'static>(
    ui: &Ui,
    what: &'static str,
    kg: &KnowledgeGraph,
    count: impl FnOnce(&KnowledgeGraph) -> T,
) -> T {
    let id = egui::Id::unique((what, kg.revision()));
    if let Some(counts) = ui.data(|d| d.get_temp::<T>(id)) {
        return counts;
    }
    let counts = count(kg);
    ui.data_mut(|d| d.insert_temp(id, counts.clone()));
    counts
}

fn kinds_ui(ui: &mut Ui, kg: &KnowledgeGraph, filter: &Filter, cmds: &mut Vec<Command>) {
    egui::CollapsingHeader::new("Kinds")
        .default_open(true)
        .show(ui, |ui| {
            let counts = per_revision(ui, "kind counts", kg, |kg| {
                let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
                for n in kg.graph().node_weights() {
                    *counts.entry(n.kind).or_default() += 1;
                }
                counts
            });
            ui.horizontal_wrapped(|ui| {
                for kind in Kind::ALL {
                    let n = counts.get(&kind).copied().unwrap_or(0);
                    let mut on = filter.kinds.contains(&kind);
                    if ui
                        .checkbox(&mut on, format!("{} ({n})", kind.name()))
                        .changed()
                    {
                        set(cmds, toggled(filter, on, kind, |f| &mut f.kinds));
                    }
                }
            });
            ui.weak("None ticked: every kind.");
        });
}

fn factions_ui(ui: &mut Ui, kg: &KnowledgeGraph, filter: &Filter, cmds: &mut Vec<Command>) {
    egui::CollapsingHeader::new("Factions")
        .default_open(true)
        .show(ui, |ui| {
            // One pass over the nodes; query::in_faction is the rule the filter applies.
            for (name, n) in per_revision(ui, "faction counts", kg, faction_counts) {
                let mut on = filter.factions.contains(&name);
                if ui.checkbox(&mut on, format!("{name} ({n})")).changed() {
                    set(cmds, toggled(filter, on, name, |f| &mut f.factions));
                }
            }
            ui.weak(
                "People and organisations with the faction claim, and what they wrote or argued.",
            );
        });
}

fn relations_ui(ui: &mut Ui, kg: &KnowledgeGraph, filter: &Filter, cmds: &mut Vec<Command>) {
    egui::CollapsingHeader::new("Relations")
        .default_open(false)
        .show(ui, |ui| {
            let counts = per_revision(ui, "relation counts", kg, |kg| {
                let mut counts: BTreeMap<Relation, usize> = BTreeMap::new();
                for e in kg.graph().edge_weights() {
                    *counts.entry(e.relation).or_default() += 1;
                }
                counts
            });
            for rel in Relation::ALL {
                let Some(&n) = counts.get(&rel) else {
                    continue;
                };
                let mut on = filter.relations.contains(&rel);
                if ui
                    .checkbox(&mut on, format!("{} ({n})", rel.verb()))
                    .changed()
                {
                    set(cmds, toggled(filter, on, rel, |f| &mut f.relations));
                }
            }
        });
}

/// Focus on the selected node, with the depth.
pub fn focus_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    filter: &Filter,
    selected: Option<NodeIndex>,
    cmds: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        if ui
            .add_enabled(selected.is_some(), egui::Button::new("Focus on selection"))
            .on_hover_text("Show only the selected node and its neighbours (with the filters)")
            .on_disabled_hover_text("Select a node first")
            .clicked()
        {
            emit(cmds, ExploreCommand::FocusSelection);
        }
        let focused = filter.focus.is_some();
        let depth = filter.depth.max(1);
        if ui
            .add_enabled(focused && depth > 1, egui::Button::new("Depth −"))
            .on_hover_text("Fewer steps from the focus")
            .clicked()
        {
            set(
                cmds,
                Filter {
                    depth: depth - 1,
                    ..filter.clone()
                },
            );
        }
        if ui
            .add_enabled(focused && depth < MAX_DEPTH, egui::Button::new("Depth +"))
            .on_hover_text("More steps from the focus (at most 3)")
            .clicked()
        {
            set(
                cmds,
                Filter {
                    depth: depth + 1,
                    ..filter.clone()
                },
            );
        }
    });
    if let Some(id) = &filter.focus {
        let label = kg
            .index_of(id)
            .and_then(|ix| kg.node_at(ix))
            .map_or(id.as_str(), |n| n.label.as_str());
        ui.label(format!(
            "Focused on {label}, {} step{}",
            filter.depth.max(1),
            if filter.depth.max(1) == 1 { "" } else { "s" }
        ));
    }
}

/// The Range A and B fields before anything is compared.
const COMPARE_DEFAULTS: (&str, &str) = ("2008", "2015");

/// Two year ranges compared: what is new in B and gone since A.
pub fn compare_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    compared: Option<YearRanges>,
    comparison: Option<&Comparison>,
    cmds: &mut Vec<Command>,
) {
    let shown = compared.map(|(a, b)| (years_text(Some(a)), years_text(Some(b))));
    let (typed_a, typed_b) = ui
        .horizontal(|ui| {
            let field = |ui: &mut Ui, name: &str, id: &str, value: Option<&String>, fallback| {
                let label = ui.label(name);
                let value = (value.map(String::as_str), fallback);
                let id = egui::Id::unique(id);
                let (resp, text) =
                    draft_field(ui, id, value, Follow::NewValues, |e| e.desired_width(80.0));
                resp.labelled_by(label.id);
                text
            };
            let a = field(
                ui,
                "Range A",
                "ideagraph-compare-a",
                shown.as_ref().map(|s| &s.0),
                COMPARE_DEFAULTS.0,
            );
            let b = field(
                ui,
                "Range B",
                "ideagraph-compare-b",
                shown.as_ref().map(|s| &s.1),
                COMPARE_DEFAULTS.1,
            );
            (a, b)
        })
        .inner;
    ui.horizontal(|ui| {
        if ui
            .button("Compare")
            .on_hover_text("Mark what only range A shows (gone) and only range B shows (new)")
            .clicked()
        {
            match (parse_years(&typed_a), parse_years(&typed_b)) {
                (Ok(a), Ok(b)) => emit(cmds, ExploreCommand::SetCompare(Some((a, b)))),
                (Err(e), _) | (_, Err(e)) => emit(cmds, ExploreCommand::Say(e.to_string())),
            }
        }
        if ui
            .add_enabled(compared.is_some(), egui::Button::new("Stop comparing"))
            .clicked()
        {
            emit(cmds, ExploreCommand::SetCompare(None));
        }
    });
    let Some(c) = comparison else {
        return;
    };
    ui.label(format!(
        "{} new, {} gone, {} in both",
        c.only_second.len(),
        c.only_first.len(),
        c.both.len()
    ));
    let list = |ui: &mut Ui,
                title: &str,
                nodes: &std::collections::BTreeSet<NodeIndex>,
                cmds: &mut Vec<Command>| {
        egui::CollapsingHeader::new(format!("{title} ({})", nodes.len()))
            .default_open(false)
            .show(ui, |ui| {
                for &ix in nodes {
                    let Some(n) = kg.node_at(ix) else {
                        continue;
                    };
                    let resp = ui.link(&n.label);
                    let name = format!("{title}: {}", n.label);
                    resp.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone())
                    });
                    if resp.clicked() {
                        cmds.push(Command::SelectAndCentre(ix));
                    }
                }
            });
    };
    list(ui, "New", &c.only_second, cmds);
    list(ui, "Gone", &c.only_first, cmds);
    ui.label(RichText::new("Green ring: new in B · red ring: gone since A").small());
}
