//! View > Stances: the stance matrix beside the canvas. Rows are people (and, on
//! request, organisations and publications), columns are ideas; each cell shows the
//! stance in colour and shape with its number of stances, hollow when it comes only
//! through a text the person wrote. Hovering a cell tells its stances with their
//! citations; clicking it selects its edge, whose evidence the sidebar then shows;
//! clicking a name selects its node. Rows and columns sort by name, number of stances,
//! faction or similarity; the matrix is built on the view the canvas shows, off the UI
//! thread when the view is large (see [`slot`]), and only its visible part is painted.
//! It exports as CSV and as SVG with a legend and a caption.

mod export;
mod grid;
mod marks;
mod slot;

use std::path::PathBuf;
use std::sync::Arc;

use egui::Ui;

use crate::model::{Kind, KnowledgeGraph};
use crate::query::stances::{MatrixOptions, SortOrder};
use crate::query::{View, ViewSpec};
use crate::ui::command::Command;
use crate::ui::history::Selection;
use crate::ui::panels::fixed_width;

pub use export::{ExportAction, ExportKind};
use slot::{Key, Slot};

/// The narrowest and widest the panel can be dragged.
const WIDTHS: std::ops::RangeInclusive<f32> = 320.0..=1600.0;

/// The sides a cell can have, in points.
const CELLS: std::ops::RangeInclusive<f32> = 10.0..=28.0;

/// The narrowest the canvas is left by the panel: its legend's width and margins.
const MIN_CANVAS: f32 = 300.0;

/// The panel's settings and what it computed.
#[derive(Debug)]
pub struct StancesPanel {
    /// Whether the panel is shown.
    pub open: bool,
    /// Whether organisations are rows too.
    pub organisations: bool,
    /// Whether publications are rows too.
    pub publications: bool,
    /// Whether people hold the stances of the texts they wrote.
    pub inherit: bool,
    /// How the rows are ordered.
    pub row_sort: SortOrder,
    /// How the columns are ordered.
    pub col_sort: SortOrder,
    /// The side of a cell, in points.
    pub cell: f32,
    slot: Slot,
    /// Where the grid was scrolled, and the selection it last brought into sight.
    grid: grid::GridMemory,
    /// An export asked for this frame, done after the panel is drawn.
    export: Option<ExportAction>,
    /// The typed path of an export, when no file dialog could be shown.
    typed: Option<(ExportKind, String)>,
    /// What the last export did.
    note: Option<String>,
}

impl Default for StancesPanel {
    fn default() -> Self {
        StancesPanel {
            open: false,
            organisations: false,
            publications: false,
            inherit: false,
            row_sort: SortOrder::Similarity,
            col_sort: SortOrder::Similarity,
            cell: 18.0,
            slot: Slot::default(),
            grid: grid::GridMemory::default(),
            export: None,
            typed: None,
            note: None,
        }
    }
}

/// The panel's settings kept between runs (in [`crate::ui::State`]); orders by their
/// command-line names, so a stored name no longer known falls back to the default.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct StancePrefs {
    /// Whether the panel is shown.
    pub open: bool,
    /// Whether organisations are rows too.
    pub organisations: bool,
    /// Whether publications are rows too.
    pub publications: bool,
    /// Whether people hold the stances of the texts they wrote.
    pub inherit: bool,
    /// The rows' order, by name ("similarity").
    pub row_sort: String,
    /// The columns' order, by name.
    pub col_sort: String,
    /// The side of a cell, in points.
    pub cell: f32,
}

impl Default for StancePrefs {
    fn default() -> Self {
        StancesPanel::default().prefs()
    }
}

/// What the panel draws from.
pub struct StancesInput<'a> {
    /// The graph, shared with background work.
    pub kg: &'a Arc<KnowledgeGraph>,
    /// The view the canvas shows, with its generation.
    pub view: (u64, &'a Arc<View>),
    /// What is shown and how, for the SVG's caption.
    pub spec: &'a ViewSpec,
    /// What is selected.
    pub selection: Option<Selection>,
    /// The file the graph came from, which no export may overwrite.
    pub graph_path: Option<PathBuf>,
}

impl StancesPanel {
    /// A panel with stored settings, nothing computed yet.
    pub fn from_prefs(p: &StancePrefs) -> Self {
        let d = StancesPanel::default();
        let order = |name: &str, or: SortOrder| SortOrder::from_name(name).unwrap_or(or);
        StancesPanel {
            open: p.open,
            organisations: p.organisations,
            publications: p.publications,
            inherit: p.inherit,
            row_sort: order(&p.row_sort, d.row_sort),
            col_sort: order(&p.col_sort, d.col_sort),
            cell: p.cell.clamp(*CELLS.start(), *CELLS.end()),
            ..d
        }
    }

    /// The settings to keep between runs.
    pub fn prefs(&self) -> StancePrefs {
        StancePrefs {
            open: self.open,
            organisations: self.organisations,
            publications: self.publications,
            inherit: self.inherit,
            row_sort: self.row_sort.name().to_owned(),
            col_sort: self.col_sort.name().to_owned(),
            cell: self.cell,
        }
    }

    /// The same settings for another graph, with nothing computed.
    pub fn for_new_graph(self) -> Self {
        StancesPanel {
            slot: Slot::default(),
            grid: grid::GridMemory::default(),
            export: None,
            typed: None,
            note: None,
            ..self
        }
    }

    /// The matrix's rows, columns and inheritance as chosen.
    pub fn options(&self) -> MatrixOptions {
        let mut rows = vec![Kind::Person];
        if self.organisations {
            rows.push(Kind::Organisation);
        }
        if self.publications {
            rows.push(Kind::Publication);
        }
        MatrixOptions {
            rows,
            cols: vec![Kind::Concept],
            inherit: self.inherit,
        }
    }

    fn key(&self, generation: u64) -> Key {
        Key {
            generation,
            options: self.options(),
            row_sort: self.row_sort,
            // Ideas claim no faction: by faction, they keep their names' order.
            col_sort: self.col_sort,
        }
    }

    /// The row labels in display order, as the last matrix computed has them.
    pub fn row_labels(&self, kg: &KnowledgeGraph) -> Vec<String> {
        self.slot.latest().map_or_else(Vec::new, |o| {
            o.rows
                .iter()
                .filter_map(|&r| kg.node_at(*o.m.rows.get(r)?).map(|n| n.label.clone()))
                .collect()
        })
    }

    /// The column labels in display order, as the last matrix computed has them.
    pub fn col_labels(&self, kg: &KnowledgeGraph) -> Vec<String> {
        self.slot.latest().map_or_else(Vec::new, |o| {
            o.cols
                .iter()
                .filter_map(|&c| kg.node_at(*o.m.cols.get(c)?).map(|n| n.label.clone()))
                .collect()
        })
    }
}

/// The stance matrix as a panel right of the canvas, when open; `width` is the
/// remembered width, which a drag on its edge changes.
pub fn stances_panel_ui(
    ui: &mut Ui,
    panel: &mut StancesPanel,
    input: &StancesInput<'_>,
    width: &mut f32,
    cmds: &mut Vec<Command>,
) {
    if !panel.open {
        return;
    }
    let key = panel.key(input.view.0);
    panel
        .slot
        .update(input.kg, input.view.1, &key, Some(ui.ctx()));
    // The canvas keeps room for its toolbar and legend, whatever the panel is given.
    let widest = (ui.available_width() - MIN_CANVAS).clamp(*WIDTHS.start(), *WIDTHS.end());
    let shown = egui::Panel::right("ideagraph-stances")
        .resizable(true)
        .default_size(width.min(widest))
        .size_range(*WIDTHS.start()..=widest)
        .show(ui, fixed_width(|ui| body_ui(ui, panel, input, &key, cmds)));
    *width = shown.response.rect.width();
    if let Some(action) = panel.export.take() {
        export::export_ui(panel, action, input);
    }
}

/// The panel's content: title, settings, status, exports, then the grid.
fn body_ui(
    ui: &mut Ui,
    panel: &mut StancesPanel,
    input: &StancesInput<'_>,
    key: &Key,
    cmds: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading("Stances");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let close = ui.button("Close").on_hover_text("Close the stance matrix");
            close.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, "Close stances")
            });
            if close.clicked() {
                cmds.push(Command::ToggleStances);
            }
        });
    });
    settings_ui(ui, panel);
    status_ui(ui, panel, key);
    export::export_row_ui(ui, panel);
    ui.separator();
    let Some(o) = panel.slot.latest().cloned() else {
        return;
    };
    let rect = ui.available_rect_before_wrap();
    let dark = ui.visuals().dark_mode;
    let text = ui.visuals().text_color();
    grid::legend(ui.painter(), grid::corner(rect), dark, text);
    let grid = grid::GridInput {
        kg: input.kg,
        o: &o,
        selection: input.selection,
        cell: panel.cell,
        dark,
    };
    grid::grid_ui(ui, &grid, &mut panel.grid, cmds);
}

/// Which rows, inheritance, the two orders and the cell size.
fn settings_ui(ui: &mut Ui, panel: &mut StancesPanel) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Rows: people");
        ui.checkbox(&mut panel.organisations, "organisations");
        ui.checkbox(&mut panel.publications, "publications");
        ui.separator();
        ui.checkbox(&mut panel.inherit, "Through texts they wrote")
            .on_hover_text(
                "Also give people the stances of the texts they wrote, co-wrote or delivered (drawn hollow)",
            );
    });
    ui.horizontal_wrapped(|ui| {
        sort_ui(ui, "Sort rows", &mut panel.row_sort, &SortOrder::ALL);
        let cols = [SortOrder::Name, SortOrder::Stances, SortOrder::Similarity];
        sort_ui(ui, "Sort columns", &mut panel.col_sort, &cols);
        let l = ui.label("Cell");
        ui.add(egui::Slider::new(&mut panel.cell, CELLS).step_by(1.0))
            .labelled_by(l.id);
    });
}

/// An order's words in the panel.
fn order_words(o: SortOrder) -> &'static str {
    match o {
        SortOrder::Name => "Name",
        SortOrder::Stances => "Number of stances",
        SortOrder::Faction => "Faction",
        SortOrder::Similarity => "Similarity",
    }
}

/// A drop-down of orders, named `name` for screen readers and tests.
fn sort_ui(ui: &mut Ui, name: &str, value: &mut SortOrder, options: &[SortOrder]) {
    let label = ui.label(name);
    let combo = egui::ComboBox::from_id_salt(("ideagraph-stance-sort", name))
        .selected_text(order_words(*value))
        .show_ui(ui, |ui| {
            for &o in options {
                ui.selectable_value(value, o, order_words(o))
                    .on_hover_text(order_hint(o));
            }
        });
    let shown = order_words(*value);
    combo.response.labelled_by(label.id).widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::ComboBox, true, name);
        info.current_text_value = Some(shown.to_owned());
        info
    });
}

fn order_hint(o: SortOrder) -> &'static str {
    match o {
        SortOrder::Name => "Alphabetically",
        SortOrder::Stances => "Most stances first",
        SortOrder::Faction => "By the faction claimed, then by name",
        SortOrder::Similarity => {
            "Those who take the same sides together, so blocks of agreement show (average-linkage seriation)"
        }
    }
}

/// How big the matrix is, or that it is being computed.
fn status_ui(ui: &mut Ui, panel: &StancesPanel, key: &Key) {
    if let Some(t) = panel.slot.running() {
        ui.weak(format!("Computing… {:.1} s", t.as_secs_f64()));
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(200));
    }
    let Some(o) = panel.slot.latest() else {
        return;
    };
    let (nr, nc, n) = (o.m.rows.len(), o.m.cols.len(), o.m.cells.len());
    let rows = if key.options.rows.len() == 1 {
        "people"
    } else {
        "rows"
    };
    let mut words = format!("{nr} {rows} by {nc} ideas, {n} stances, on the view shown");
    if !panel.slot.is_fresh(key) {
        words.push_str(" (updating)");
    }
    if nr == 0 {
        words = "No stances in the view shown: no person here is for or against an idea.".into();
    }
    ui.weak(words);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings come back as they were kept; an order no longer known, or a cell
    /// size out of range, falls back.
    #[test]
    fn settings_round_trip_through_the_preferences() {
        let panel = StancesPanel {
            open: true,
            publications: true,
            inherit: true,
            row_sort: SortOrder::Faction,
            col_sort: SortOrder::Stances,
            cell: 14.0,
            ..StancesPanel::default()
        };
        let text = ron::to_string(&panel.prefs()).expect("serialises");
        let back: StancePrefs = ron::from_str(&text).expect("parses");
        assert_eq!(StancesPanel::from_prefs(&back).prefs(), panel.prefs());
        let odd: StancePrefs =
            ron::from_str("(row_sort: \"shoe size\", cell: 500.0)").expect("parses");
        let panel = StancesPanel::from_prefs(&odd);
        assert_eq!(panel.row_sort, SortOrder::Similarity);
        assert_eq!(panel.cell, 28.0);
        assert!(!panel.open);
    }
}
