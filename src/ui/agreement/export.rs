//! The agreement graph as CSV ([`crate::io::stances::agreement_csv`]): through the
//! native save dialog when one can be shown, else a path field; written atomically.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::{AgreementCommand, AgreementUi};
use crate::io::atomic::write_atomic;
use crate::io::stances::agreement_csv;
use crate::model::KnowledgeGraph;
use crate::ui::command::Command;
use crate::ui::dialogs::{Picked, pick_save_path};
use crate::ui::export_dialog::default_export_dir;

/// The file an export suggests.
const FILE_NAME: &str = "agreement.csv";

impl AgreementUi {
    /// Asks where to write the agreement graph: the native dialog, else the path field.
    pub fn export_dialog(&mut self, kg: &KnowledgeGraph) {
        let start = default_export_dir().unwrap_or_default().join(FILE_NAME);
        match pick_save_path("Export the agreement graph", "csv", &start) {
            Picked::File(p) => self.export_to(kg, &p),
            Picked::Cancelled => {}
            Picked::Unavailable => self.export_prompt = Some(start.display().to_string()),
        }
    }

    /// Writes the agreement graph of the view to `path`, atomically; says what it did.
    pub fn export_to(&mut self, kg: &KnowledgeGraph, path: &Path) {
        self.export_prompt = None;
        let Some(map) = self.fresh_map() else {
            self.export_message =
                Some("The agreement map is still being computed: try again in a moment.".into());
            return;
        };
        let written = agreement_csv(kg, &map.graph)
            .map_err(|e| e.to_string())
            .and_then(|bytes| write_atomic(path, &bytes).map_err(|e| e.to_string()));
        self.export_message = Some(match written {
            Ok(()) => format!(
                "Wrote {} derived edges between {} people to {}",
                map.graph.edges.len(),
                map.graph.nodes.len(),
                path.display()
            ),
            Err(e) => format!("Could not export the agreement graph: {e}"),
        });
    }
}

/// The path field (when no file dialog could be shown) and the export's message.
pub fn export_prompt_ui(ctx: &egui::Context, ag: &mut AgreementUi, cmds: &mut Vec<Command>) {
    if let Some(text) = &mut ag.export_prompt {
        let mut open = true;
        let mut write = false;
        egui::Window::new("Export the agreement graph")
            .collapsible(false)
            .open(&mut open)
            .show(ctx, |ui: &mut Ui| {
                ui.label("No file dialog is available here: type where to write the CSV.");
                let field = ui.add(egui::TextEdit::singleline(text).desired_width(360.0));
                field.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Agreement CSV path")
                });
                write = ui.button("Write CSV").clicked()
                    || (field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)));
            });
        if write {
            let path = PathBuf::from(text.trim());
            cmds.push(Command::Agreement(AgreementCommand::ExportTo(path)));
        } else if !open {
            ag.export_prompt = None;
        }
    }
    if let Some(msg) = ag.export_message.clone() {
        let mut open = true;
        egui::Window::new("Agreement graph")
            .collapsible(false)
            .open(&mut open)
            .show(ctx, |ui: &mut Ui| {
                ui.label(&msg);
            });
        if !open {
            ag.export_message = None;
        }
    }
}
