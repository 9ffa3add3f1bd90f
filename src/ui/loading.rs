//! Opening a graph file without freezing the window: [`Loading`] reads, checks and
//! prepares the graph on a thread while the current graph stays on screen and usable,
//! and [`loading_ui`] shows what is being opened, how big it is and for how long.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use egui::Ui;
use petgraph::stable_graph::NodeIndex;

use super::encoding::Encoding;
use super::error::UiError;
use super::layout_state::LayoutState;
use crate::model::KnowledgeGraph;
use crate::query::{Filter, View, apply};

/// A graph ready to explore: the graph, what the default filter shows, its first layout
/// and its colours. Everything here is built off the UI thread when a file is opened.
pub struct Prepared {
    /// The graph.
    pub kg: KnowledgeGraph,
    /// What the default filter shows.
    pub view: View,
    /// The hot layout of that view.
    pub layout: LayoutState,
    /// Colours and shapes for its factions and kinds.
    pub encoding: Encoding,
    /// The view's best-connected nodes ([`crate::ui::sidebar::most_connected`]): a
    /// pass over every edge, half a second at five million, done here rather than on
    /// the window's thread.
    pub most_connected: Vec<(NodeIndex, usize)>,
}

impl Prepared {
    /// Everything the explorer needs for `kg` under the default filter.
    pub fn new(kg: KnowledgeGraph) -> Self {
        let view = apply(&kg, &Filter::default());
        let layout = LayoutState::new(&kg, &view.nodes, &view.edges);
        Self {
            most_connected: super::sidebar::most_connected(&kg, &view),
            encoding: Encoding::new(&kg),
            kg,
            view,
            layout,
        }
    }
}

/// A file being opened on a background thread.
pub struct Loading {
    path: PathBuf,
    /// The file's size, if it could be read.
    bytes: Option<u64>,
    started: Instant,
    result: Receiver<Result<Prepared, UiError>>,
}

impl Loading {
    /// Starts opening `path`; `wake` is asked to repaint when it is done. (The window
    /// opens with [`Loading::start_with`], stamping the file and looking for its
    /// recovery journal on the same thread.)
    #[cfg(test)]
    pub fn start(path: PathBuf, wake: Option<egui::Context>) -> Self {
        Self::start_with(path, wake, load_prepared)
    }

    /// Starts opening `path` with `load` in place of [`load_prepared`]: a reader of
    /// another kind, or, in tests, one that holds the file back until told (a FIFO
    /// cannot stand in for a slow file: opening refuses anything but a regular file).
    pub fn start_with<F>(path: PathBuf, wake: Option<egui::Context>, load: F) -> Self
    where
        F: Fn(&Path) -> Result<Prepared, UiError> + Send + Sync + 'static,
    {
        let (tx, result) = channel();
        let fallback = tx.clone();
        let bytes = std::fs::metadata(&path).ok().map(|m| m.len());
        let job = path.clone();
        let load = std::sync::Arc::new(load);
        let here = std::sync::Arc::clone(&load);
        let spawned = std::thread::Builder::new()
            .name("ideagraph-open".to_owned())
            .spawn(move || {
                let out = load(&job);
                // The receiver is gone if the user cancelled or opened another file.
                let _ = tx.send(out);
                if let Some(ctx) = wake {
                    ctx.request_repaint();
                }
            });
        if spawned.is_err() {
            // No thread could be started: open it here, as a last resort.
            let _ = fallback.send(here(&path));
        }
        drop(fallback);
        Self {
            path,
            bytes,
            started: Instant::now(),
            result,
        }
    }

    /// The file being opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The outcome, once the thread is done.
    pub fn poll(&self) -> Option<Result<Prepared, UiError>> {
        match self.result.try_recv() {
            Ok(out) => Some(out),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(UiError::LoaderStopped)),
        }
    }

    /// Waits for the outcome.
    pub fn wait(&self) -> Result<Prepared, UiError> {
        self.result
            .recv()
            .unwrap_or_else(|_| Err(UiError::LoaderStopped))
    }
}

/// Reads, checks and prepares a graph file; the error is the message shown to the user.
pub fn load_prepared(path: &Path) -> Result<Prepared, UiError> {
    crate::io::load_graph_file(path)
        .map(Prepared::new)
        .map_err(UiError::from)
}

/// The progress window while a file opens: its name and size, a spinner, the time so
/// far, and Cancel (which keeps the current graph). Returns true if Cancel was clicked.
pub fn loading_ui(ui: &mut Ui, loading: &Loading) -> bool {
    let mut cancel = false;
    let name = loading
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| loading.path.display().to_string());
    egui::Window::new("Opening")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ui.ctx(), |ui| {
            ui.horizontal(|ui| {
                ui.spinner();
                let size = loading.bytes.map(human_size).unwrap_or_default();
                ui.label(format!("Opening {name}{size}…"));
            });
            ui.label(format!(
                "Reading, checking and laying out: {:.1} s",
                loading.started.elapsed().as_secs_f32()
            ));
            ui.label("The current graph stays open until this one is ready.");
            if ui.button("Cancel").clicked() {
                cancel = true;
            }
        });
    cancel
}

/// " (64 MB)" style size for the progress window.
fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes >= 1024 * 1024 {
        format!(" ({:.0} MB)", bytes as f64 / MB)
    } else {
        format!(" ({} KB)", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_file_comes_back_as_a_message_naming_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("broken.ron");
        std::fs::write(&p, "(nodes: [").expect("write");
        let loading = Loading::start(p, None);
        let err = loading.wait().err().expect("fails").to_string();
        assert!(err.contains("broken.ron"), "{err}");
    }

    #[test]
    fn a_good_file_arrives_prepared() {
        let loading = Loading::start(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("graph.ron"),
            None,
        );
        let ready = loading.wait().expect("loads");
        assert_eq!(ready.view.nodes.len(), ready.kg.num_nodes());
        assert_eq!(ready.layout.positions().len(), ready.kg.num_nodes());
    }

    #[test]
    fn sizes_read_in_kilobytes_and_megabytes() {
        assert_eq!(human_size(10), " (1 KB)");
        assert_eq!(human_size(64 * 1024 * 1024), " (64 MB)");
    }
}
