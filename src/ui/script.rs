//! Scripted sessions without a window: with [`SCRIPT`] set to a file of
//! [`ScriptStep`]s, the real binary opens its graph as the window would (recovery
//! journal on), applies each step as the window's [`Command`] through [`App::apply`],
//! draws a frame of [`App::show`] in an egui context that has no window after each, and
//! prints `applied N` once step N is in. The crash-recovery test runs it and `kill -9`s
//! it mid-session: a real process, with its journal thread, killed as a crash would,
//! needing no display (CI's test stage has none), unlike driving a real window under
//! Xvfb, whose clicks and timings would make the test slow and flaky.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::app::App;
use super::command::Command;
use super::error::UiError;
use super::state::State;
use crate::io::IoError;
use crate::model::{Edge, Edit, KnowledgeGraph, Node};

/// Set this environment variable to a script's path to run it headless (see the module
/// docs) instead of opening the window.
pub const SCRIPT: &str = "IDEAGRAPH_SCRIPT";

/// One step of a script, as written in its RON list.
#[derive(Clone, Debug, Deserialize)]
pub enum ScriptStep {
    /// Add this node ("add node LABEL").
    AddNode(Node),
    /// Add this edge ("add edge FROM RELATION TO").
    AddEdge(Edge),
    /// Remove the node with this id, and its edges.
    RemoveNode(String),
    /// Undo the last change.
    Undo,
    /// Redo the last change undone.
    Redo,
    /// Save in place.
    Save,
    /// Keep drawing frames for this many milliseconds, as an idle window would.
    Wait(u64),
}

/// How often frames are drawn while a script waits.
const FRAME: Duration = Duration::from_millis(16);

/// Runs the script at `script` on `file` (the bundled graph if `None`), headless.
///
/// # Errors
/// [`UiError::Open`] if the script cannot be read or parsed.
pub fn run_script(file: Option<PathBuf>, script: &Path) -> Result<(), UiError> {
    let steps = read_script(script)?;
    super::set_native_dialogs(false);
    let ctx = egui::Context::default();
    let data_dir = eframe::storage_dir("ideagraph");
    let mut app = match file {
        Some(path) => {
            let mut app = App::new(KnowledgeGraph::default(), None);
            app.enable_recovery(data_dir);
            app.load_path(&ctx, path);
            app
        }
        None => {
            let mut app = App::bundled(State::default());
            app.enable_recovery(data_dir);
            app
        }
    };
    // The layout is not what a script tests: still, it leaves the cores to the rest.
    app.set_layout_paused(true);
    frame(&ctx, &mut app);
    say(&format!("ready {}", app.graph().num_nodes()));
    if let Some(e) = app.error_message() {
        say(&format!("error {e}"));
    }
    for (i, step) in steps.into_iter().enumerate() {
        match command(&app, step) {
            Err(ms) => idle(&ctx, &mut app, Duration::from_millis(ms)),
            Ok(cmd) => {
                app.apply(&ctx, cmd);
                if app.is_saving() {
                    app.wait_for_save(&ctx);
                }
                frame(&ctx, &mut app);
            }
        }
        say(&format!("applied {}", i + 1));
    }
    say("done");
    Ok(())
}

/// Reads and parses a script.
fn read_script(script: &Path) -> Result<Vec<ScriptStep>, UiError> {
    let text = crate::io::read_text(script)?;
    let shown = script.display().to_string();
    ron::from_str(&text).map_err(|e| {
        let p = e.span.start;
        let err = IoError::parse_at(
            e.code.to_string(),
            &shown,
            &text,
            p.line.max(1),
            p.col.max(1),
        );
        UiError::Open(err)
    })
}

/// The window's command for a step, labelled as the window would label it; for a
/// wait, how many milliseconds.
fn command(app: &App, step: ScriptStep) -> Result<Command, u64> {
    let name = |id: &str| {
        app.graph()
            .node(id)
            .map_or_else(|| id.to_owned(), |n| n.label.clone())
    };
    Ok(match step {
        ScriptStep::AddNode(node) => Command::Edit {
            label: format!("add node {}", node.label),
            edit: Edit::AddNode(node),
        },
        ScriptStep::AddEdge(edge) => Command::Edit {
            label: format!(
                "add edge {} {} {}",
                name(&edge.from),
                edge.relation.verb(),
                name(&edge.to)
            ),
            edit: Edit::AddEdge(edge),
        },
        ScriptStep::RemoveNode(id) => Command::Edit {
            label: format!("remove node {}", name(&id)),
            edit: Edit::RemoveNode(id),
        },
        ScriptStep::Undo => Command::Undo,
        ScriptStep::Redo => Command::Redo,
        ScriptStep::Save => Command::Save,
        ScriptStep::Wait(ms) => return Err(ms),
    })
}

/// One frame of the whole window, drawn into nothing.
fn frame(ctx: &egui::Context, app: &mut App) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        ..egui::RawInput::default()
    };
    let mut out = ctx.run_ui(input, |ui| app.show(ui));
    // No painter takes the textures: dropping them here keeps memory flat.
    out.textures_delta.clear();
}

/// Frames for `long`, as an idle window draws when asked.
fn idle(ctx: &egui::Context, app: &mut App, long: Duration) {
    let until = Instant::now() + long;
    while Instant::now() < until {
        frame(ctx, app);
        std::thread::sleep(FRAME);
    }
}

/// A line on standard output, flushed at once: the test reads it while the process runs.
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    // Nobody reading is no reason to stop the session.
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}
