//! The egui explorer window. All egui code lives under this module.
//!
//! [`App`] holds the state; each frame it draws the menu bar and search box, the detail
//! sidebar and the canvas, collects the [`Command`]s they emit and applies them at the
//! end of the frame. `egui_kittest` drives the same [`App::show`].

mod agreement;
mod analysis;
mod app;
mod by_node;
mod canvas;
mod command;
mod derived;
mod dialogs;
mod editor;
mod encoding;
mod error;
mod explore;
mod export_dialog;
mod filters;
mod history;
mod jobs;
mod layout_state;
mod layout_worker;
mod legend;
mod loading;
mod menu;
mod movers;
mod panels;
mod path_panel;
mod prompts;
mod reader;
mod rise_fall;
mod script;
mod search_box;
mod selection_actions;
mod shapes;
mod shortcuts;
mod sidebar;
mod stance_groups;
mod stances;
mod state;
mod theme;
mod time_sidebar;
mod toolbar;
mod undo;

use std::path::PathBuf;

pub use agreement::AgreementCommand;
pub use app::{App, JOURNAL_INTERVAL};
pub use canvas::MINIMAP_MIN_NODES;
pub use command::{Command, PassageAction};
pub use dialogs::set_native_dialogs;
pub use editor::EditorCommand;
pub use error::UiError;
pub use explore::{ExploreCommand, ExportScope, SortKey};
pub use history::{History, Selection};
pub use layout_state::{LayoutMode, node_radius};
pub use loading::{Prepared, load_prepared};
pub use reader::{
    Backing, FLASH_SECS, Library, Passage, Reader, ReaderCommand, SourceForm, block_id,
    node_passages, reader_ui,
};
pub use script::{SCRIPT, ScriptStep, run_script};
pub use selection_actions::SelectionCommand;
pub use state::{STORAGE_KEY, State};
pub use theme::ThemeChoice;
pub use undo::{MAX_UNDO, UndoStack};

use crate::model::KnowledgeGraph;

/// Opens the explorer window and blocks until it closes. With `file`, the window opens
/// at once on an empty canvas and the file loads in the background with a progress
/// window (an error shows there); without, it shows the bundled graph. `sources` is
/// the folder the source reader looks in first (`--sources DIR`). The window keeps
/// a recovery journal of unsaved edits (the bundled graph's in eframe's data folder)
/// and offers to restore one it finds; closing it with unsaved edits asks first.
/// With [`SCRIPT`] set, runs that script headless instead (see [`run_script`]).
///
/// # Errors
/// [`UiError::Window`] if no window could be made (no display or GL driver);
/// [`UiError::Open`] if a script cannot be read.
pub fn run_native(file: Option<PathBuf>, sources: Option<PathBuf>) -> Result<(), UiError> {
    if let Some(script) = std::env::var_os(SCRIPT) {
        return run_script(file, std::path::Path::new(&script));
    }
    let title = match &file {
        Some(p) => format!("ideagraph — {}", p.display()),
        None => "ideagraph".to_owned(),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "ideagraph",
        options,
        Box::new(move |cc| {
            let state: State = cc
                .storage
                .and_then(|s| eframe::get_value(s, STORAGE_KEY))
                .unwrap_or_default();
            let data_dir = eframe::storage_dir("ideagraph");
            let mut app = match file {
                Some(path) => {
                    let mut app = App::with_state(KnowledgeGraph::default(), None, state);
                    app.enable_recovery(data_dir);
                    app.open_path(&cc.egui_ctx, path);
                    app
                }
                None => {
                    let mut app = App::bundled(state);
                    app.enable_recovery(data_dir);
                    app
                }
            };
            app.set_sources_flag(sources);
            if std::env::var_os(STARTUP_PROBE).is_some() {
                return Ok(Box::new(StartupProbe(app, 0)));
            }
            if std::env::var_os(FRAME_LOG).is_some() {
                return Ok(Box::new(FrameLog(app)));
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| UiError::Window(e.to_string()))
}

/// Set this environment variable to have the window print the time from process start
/// to its first frame drawn, then close: how `BENCHMARKS.md` measures startup.
pub const STARTUP_PROBE: &str = "IDEAGRAPH_STARTUP_PROBE";

/// The explorer, closing itself after one frame and reporting how long that took.
/// It asks for a second frame and reports when that begins, which is after the first
/// has been painted and presented.
struct StartupProbe(App, usize);

impl eframe::App for StartupProbe {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.1 += 1;
        if self.1 == 2 {
            let ms = PROCESS_START
                .get()
                .map_or(f64::NAN, |t| t.elapsed().as_secs_f64() * 1e3);
            println!("first frame presented {ms:.1} ms after start");
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.1 >= 2 {
            return;
        }
        eframe::App::ui(&mut self.0, ui, frame);
        ui.ctx().request_repaint();
    }
}

/// Set this environment variable to have the window print, for every frame, when it
/// began (seconds since start) and how long its UI pass took: the gaps between frames
/// are what a user feels, and how `BENCHMARKS.md` measures the window under Xvfb.
pub const FRAME_LOG: &str = "IDEAGRAPH_FRAME_LOG";

/// The explorer, printing a line per frame to standard error (see [`FRAME_LOG`]).
struct FrameLog(App);

impl eframe::App for FrameLog {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let start = PROCESS_START
            .get()
            .copied()
            .unwrap_or_else(std::time::Instant::now);
        let began = start.elapsed();
        eframe::App::ui(&mut self.0, ui, frame);
        let ms = (start.elapsed() - began).as_secs_f64() * 1e3;
        eprintln!("frame t={:.3} ui={ms:.1}ms", began.as_secs_f64());
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::App::save(&mut self.0, storage);
    }
}

static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Notes when the process began its work, for the [`STARTUP_PROBE`] measurement;
/// `main` calls it first.
pub fn mark_start() {
    PROCESS_START.get_or_init(std::time::Instant::now);
}
