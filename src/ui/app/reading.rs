//! The window's side of the source reader: its panel beside the sidebar, *Show in
//! source*, the folder of texts, and File > Add source…. A child of `app` so it can
//! reach the app's state.

use std::path::{Path, PathBuf};

use egui::Ui;

use super::App;
use crate::io::sources::{SourceDirs, import_text};
use crate::model::{Edit, Evidence};
use crate::ui::command::Command;
use crate::ui::dialogs::{Picked, pick_folder, pick_text_file};
use crate::ui::history::Selection;
use crate::ui::panels::fixed_width;
use crate::ui::reader::{Reader, ReaderCommand, SourceForm, reader_dialogs_ui, reader_ui};

/// The widths the reader can be given, in points (its first width is the preferences'
/// default, 440: at 1400 points wide, with the sidebar, the canvas keeps more than a
/// third of the window).
const READER_WIDTHS: std::ops::RangeInclusive<f32> = 300.0..=900.0;

/// Why a source cannot be added to a graph without a file.
const SAVE_FIRST: &str = "This graph has no file yet (it is the bundled graph). Save it to a \
     file first: File > Add source… copies the text into a sources folder beside the graph file.";

impl App {
    /// The source reader.
    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// The source reader, to drive it (tests, scripts).
    pub fn reader_mut(&mut self) -> &mut Reader {
        &mut self.reader
    }

    /// Sets the folder given with `--sources`, looked in before any other.
    pub fn set_sources_flag(&mut self, dir: Option<PathBuf>) {
        let open = self.reader.open;
        self.reader = Reader::with_flag_dir(dir);
        self.reader.open = open;
    }

    /// Waits (up to ten seconds) until the source texts are read and indexed for the
    /// graph as it is; true if they are. For tests and scripts that drive the window
    /// without a display: the window itself never waits.
    pub fn wait_for_sources(&mut self) -> bool {
        let dirs = self.sources_dirs();
        self.reader.set_dirs(dirs);
        self.reader
            .wait_for_index(&self.kg, std::time::Duration::from_secs(10))
    }

    /// Where the reader looks for texts now.
    pub fn sources_dirs(&self) -> SourceDirs {
        let flag = self.reader.flag_dir().map(Path::to_path_buf);
        SourceDirs::new(flag, self.state.sources_dir.clone(), self.path.as_deref())
    }

    /// The reader's panel (right, beside the sidebar) while it is open. Its index is
    /// kept up to date also while a node is selected, for the sidebar's passages.
    pub(super) fn reader_panel_ui(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        let dirs = self.sources_dirs();
        self.reader.set_dirs(dirs);
        let node_selected = matches!(self.selection(), Some(Selection::Node(_)));
        if !self.reader.open {
            if node_selected {
                self.reader.refresh(Some(ui.ctx()), &self.kg);
            }
            return;
        }
        let panel = egui::Panel::right("ideagraph-reader")
            .resizable(true)
            .default_size(self.state.reader_width)
            .size_range(READER_WIDTHS)
            .show(
                ui,
                fixed_width(|ui| reader_ui(ui, &mut self.reader, &self.kg, cmds)),
            );
        self.state.reader_width = panel.response.rect.width();
    }

    /// The reader's windows (folder prompt, Add source form).
    pub(super) fn reader_dialogs_ui(&mut self, ui: &mut Ui, cmds: &mut Vec<Command>) {
        reader_dialogs_ui(ui, &mut self.reader, cmds);
    }

    /// Closes the reader's topmost window; false if none was open.
    pub(super) fn close_reader_dialog(&mut self) -> bool {
        if self.reader.form.take().is_some() {
            return true;
        }
        self.reader.folder_prompt.take().is_some()
    }

    /// Opens the reader at the passage `ev` quotes, flashing it.
    pub(super) fn show_in_source(&mut self, ev: Evidence) {
        self.reader.show_evidence(ev);
    }

    /// Applies a request from the menu or the reader's windows.
    pub(super) fn apply_reader(&mut self, ctx: &egui::Context, cmd: ReaderCommand) {
        match cmd {
            ReaderCommand::Toggle => self.reader.open = !self.reader.open,
            ReaderCommand::ChooseFolder => self.choose_sources_folder(),
            ReaderCommand::SetFolder(dir) => {
                self.state.sources_dir = dir;
                self.reader.look_again();
            }
            ReaderCommand::AddSourceDialog => self.add_source_dialog(),
            ReaderCommand::SubmitSource => self.submit_source(ctx),
        }
    }

    /// File > Sources folder…: the folder dialog, or the typed fallback.
    fn choose_sources_folder(&mut self) {
        let start = self.state.sources_dir.clone().or_else(|| {
            self.path
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
        });
        match pick_folder("The folder of source texts", start.as_deref()) {
            Picked::File(dir) => {
                self.state.sources_dir = Some(dir);
                self.reader.look_again();
            }
            Picked::Cancelled => {}
            Picked::Unavailable => {
                let typed = start.map(|d| d.display().to_string()).unwrap_or_default();
                self.reader.folder_prompt = Some(typed);
            }
        }
    }

    /// File > Add source…: needs a graph file; then the file dialog (or a typed path in
    /// the form) and the form.
    fn add_source_dialog(&mut self) {
        if self.path.is_none() {
            self.dialogs.error = Some(SAVE_FIRST.to_owned());
            return;
        }
        let start = self.path.as_deref().and_then(Path::parent);
        match pick_text_file(start) {
            Picked::File(p) => self.reader.form = Some(SourceForm::new(Some(&p))),
            Picked::Cancelled => {}
            Picked::Unavailable => self.reader.form = Some(SourceForm::new(None)),
        }
    }

    /// The form's Add: checks the record, copies the text beside the graph file, then
    /// adds the source as an edit (undoable, under "add source …") and opens it in the
    /// reader. What is wrong is said in the form, which stays open.
    fn submit_source(&mut self, ctx: &egui::Context) {
        let Some(form) = self.reader.form.as_mut() else {
            return;
        };
        let Some(graph) = self.path.clone() else {
            form.error = Some(SAVE_FIRST.to_owned());
            return;
        };
        let source = match form.to_source(&self.kg) {
            Ok(s) => s,
            Err(why) => {
                form.error = Some(why);
                return;
            }
        };
        let file = match import_text(&graph, Path::new(form.path.trim())) {
            Ok(file) => file,
            Err(why) => {
                form.error = Some(why);
                return;
            }
        };
        let id = source.id.clone();
        let label = format!("add source {}", source.title);
        let edit = Edit::AddSource(crate::model::Source { file, ..source });
        self.reader.form = None;
        self.apply(ctx, Command::Edit { edit, label });
        if self.kg.source(&id).is_some() {
            self.reader.open = true;
            self.reader.show_source(&id);
        }
    }
}
