//! The egui explorer window. All egui code lives under this module.

use std::path::PathBuf;

use crate::model::KnowledgeGraph;

/// Opens the explorer window on `graph` (loaded from `path`, or the bundled graph when `None`).
/// Blocks until the window closes.
pub fn run_native(graph: KnowledgeGraph, path: Option<PathBuf>) -> Result<(), String> {
    let _ = path;
    let options = eframe::NativeOptions::default();
    let title = format!("ideagraph — {} nodes", graph.num_nodes());
    eframe::run_native(
        "ideagraph",
        options,
        Box::new(move |_cc| Ok(Box::new(StubApp { graph }))),
    )
    .map_err(|e| e.to_string())
    .map(|()| drop(title))
}

struct StubApp {
    graph: KnowledgeGraph,
}

impl eframe::App for StubApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label(format!("{} nodes, {} edges", self.graph.num_nodes(), self.graph.num_edges()));
    }
}
