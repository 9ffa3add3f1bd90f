//! The egui explorer window. All egui code lives under this module.
//!
//! [`App`] holds the state; each frame it draws the menu bar and search box, the detail
//! sidebar and the canvas, collects the [`Command`]s they emit and applies them at the
//! end of the frame. `egui_kittest` drives the same [`App::show`].

mod analysis;
mod app;
mod canvas;
mod command;
mod dialogs;
mod encoding;
mod explore;
mod export_dialog;
mod filters;
mod history;
mod layout_state;
mod layout_worker;
mod legend;
mod menu;
mod path_panel;
mod search_box;
mod shapes;
mod sidebar;
mod state;
mod theme;

use std::path::PathBuf;

pub use app::App;
pub use command::Command;
pub use explore::{ExploreCommand, ExportScope, SortKey};
pub use history::{History, Selection};
pub use layout_state::node_radius;
pub use state::{STORAGE_KEY, State};
pub use theme::{ColourBy, ThemeChoice};

use crate::model::KnowledgeGraph;

/// Opens the explorer window on `graph` (loaded from `path`, or the bundled graph when `None`).
/// Blocks until the window closes.
pub fn run_native(graph: KnowledgeGraph, path: Option<PathBuf>) -> Result<(), String> {
    let title = match &path {
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
            Ok(Box::new(App::with_state(graph, path, state)))
        }),
    )
    .map_err(|e| e.to_string())
}
