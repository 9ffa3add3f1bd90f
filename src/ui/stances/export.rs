//! The panel's exports: the matrix as CSV (one row per person, one column per idea)
//! and as SVG (the same marks, a legend and a caption), in the orders shown. The path
//! comes from the native save dialog, or is typed when none can be shown; the file is
//! written atomically and never over the graph's own file.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::{StancesInput, StancesPanel};
use crate::io::atomic::write_atomic;
use crate::io::export::{bundled_source_path, check_not_protected};
use crate::io::stance_svg::{StanceCaption, stance_svg};
use crate::io::stances::table_csv;
use crate::query::look::view_words;
use crate::query::stances::SortOrder;
use crate::ui::dialogs::{Picked, pick_save_path};
use crate::ui::export_dialog::{NO_DIALOG_NOTE, default_export_dir};

/// What the panel exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    /// A table: one row per row node, one column per idea.
    Csv,
    /// A picture with a legend and a caption.
    Svg,
}

impl ExportKind {
    fn extension(self) -> &'static str {
        match self {
            ExportKind::Csv => "csv",
            ExportKind::Svg => "svg",
        }
    }
}

/// The export buttons, the typed path when no dialog could be shown, and what the last
/// export did.
pub fn export_row_ui(ui: &mut Ui, panel: &mut StancesPanel) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Export");
        if ui
            .button("CSV…")
            .on_hover_text("One row per person, one column per idea, in the orders shown")
            .clicked()
        {
            panel.export = Some(ExportAction::Ask(ExportKind::Csv));
        }
        if ui
            .button("SVG…")
            .on_hover_text("The matrix as a picture, with a legend and a caption")
            .clicked()
        {
            panel.export = Some(ExportAction::Ask(ExportKind::Svg));
        }
    });
    let mut write = None;
    if let Some((kind, path)) = &mut panel.typed {
        ui.horizontal(|ui| {
            let l = ui.label("Stances path");
            ui.add(egui::TextEdit::singleline(path).desired_width(240.0))
                .labelled_by(l.id);
            if ui.button("Write").clicked() && !path.trim().is_empty() {
                write = Some((*kind, PathBuf::from(path.trim())));
            }
        });
    }
    if let Some(note) = &panel.note {
        ui.weak(note);
    }
    if let Some((kind, path)) = write {
        panel.export = Some(ExportAction::Write(kind, path));
    }
}

/// What the panel asked to export this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportAction {
    /// Ask where (the save dialog), then write.
    Ask(ExportKind),
    /// Write to a typed path.
    Write(ExportKind, PathBuf),
}

/// Does what the panel asked: asks where to write (or for a typed path), then writes.
pub fn export_ui(panel: &mut StancesPanel, action: ExportAction, input: &StancesInput<'_>) {
    let (kind, path) = match action {
        ExportAction::Write(kind, path) => (kind, path),
        ExportAction::Ask(kind) => {
            let name = format!("stances.{}", kind.extension());
            let start =
                default_export_dir().map_or_else(|| PathBuf::from(&name), |d| d.join(&name));
            match pick_save_path("Export the stance matrix", kind.extension(), &start) {
                Picked::File(p) => (kind, p),
                Picked::Cancelled => return,
                Picked::Unavailable => {
                    panel.typed = Some((kind, start.display().to_string()));
                    panel.note = Some(NO_DIALOG_NOTE.to_owned());
                    return;
                }
            }
        }
    };
    panel.typed = None;
    let graph_path = input.graph_path.clone();
    panel.note = Some(write_bytes(
        panel, kind, &path, input.kg, input.spec, graph_path,
    ));
}

fn write_bytes(
    panel: &StancesPanel,
    kind: ExportKind,
    path: &Path,
    kg: &crate::model::KnowledgeGraph,
    spec: &crate::query::ViewSpec,
    graph_path: Option<PathBuf>,
) -> String {
    let Some(o) = panel.slot.latest() else {
        return "Nothing to export yet: the matrix is still being computed.".to_owned();
    };
    let bytes = match kind {
        ExportKind::Csv => match table_csv(&o.m.csv_rows(kg, &o.rows, &o.cols)) {
            Ok(b) => b,
            Err(e) => return format!("Export failed: {e}"),
        },
        ExportKind::Svg => {
            let caption = StanceCaption {
                title: "Where people stand".to_owned(),
                view_words: view_words(kg, spec),
                encoding_words: encoding_words(panel),
            };
            stance_svg(kg, &o.m, &o.rows, &o.cols, &caption).into_bytes()
        }
    };
    let protect = vec![graph_path.unwrap_or_else(bundled_source_path)];
    let written = check_not_protected(path, &protect).and_then(|()| write_atomic(path, &bytes));
    match written {
        Ok(()) => format!(
            "Wrote {} rows by {} ideas as {} to {}",
            o.rows.len(),
            o.cols.len(),
            kind.extension().to_uppercase(),
            path.display()
        ),
        Err(e) => format!("Export failed: {e}"),
    }
}

/// How the picture is drawn, in words, for its caption.
fn encoding_words(panel: &StancesPanel) -> Vec<String> {
    let order = |o: SortOrder| match o {
        SortOrder::Name => "by name",
        SortOrder::Stances => "most stances first",
        SortOrder::Faction => "by faction",
        SortOrder::Similarity => "by similarity of stances",
    };
    let mut rows = vec!["people"];
    if panel.organisations {
        rows.push("organisations");
    }
    if panel.publications {
        rows.push("publications");
    }
    let mut words = vec![
        format!("Rows: {}, {}", rows.join(", "), order(panel.row_sort)),
        format!("Columns: ideas, {}", order(panel.col_sort)),
    ];
    words.push(if panel.inherit {
        "Stances of the texts people wrote included, drawn hollow".to_owned()
    } else {
        "Direct stances only".to_owned()
    });
    words
}
