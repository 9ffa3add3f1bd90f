//! [`Command`]: what the UI asks the app to do. Widgets emit commands while the frame is
//! drawn; the app applies them at the end of the frame, so drawing never mutates the
//! model halfway through.

use std::path::PathBuf;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::theme::ThemeChoice;
use crate::query::ColourMode;

/// A request from the UI, applied by [`super::App`] at the end of the frame.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Select a node (recorded in the history).
    SelectNode(NodeIndex),
    /// Select a node and bring it to the centre of the canvas.
    SelectAndCentre(NodeIndex),
    /// Select an edge.
    SelectEdge(EdgeIndex),
    /// Clear the selection.
    ClearSelection,
    /// Go back in the selection history.
    Back,
    /// Go forward in the selection history.
    Forward,
    /// Fit every visible node in the canvas.
    Fit,
    /// Zoom in (factor above 1) or out, around the canvas centre.
    Zoom(f32),
    /// Centre and zoom in on the selection.
    ZoomToSelection,
    /// Select the next (true) or previous neighbour of the node being walked round.
    StepNeighbour(bool),
    /// Move a node to a scene position and pin it there.
    Pin(NodeIndex, [f32; 2]),
    /// Release a pinned node.
    Unpin(NodeIndex),
    /// Unpin every node and run the layout again.
    ResetLayout,
    /// Switch light or dark.
    SetTheme(ThemeChoice),
    /// Switch what node colour means.
    SetColourBy(ColourMode),
    /// Show (true) or hide the overview map, whatever the view's size.
    SetOverviewMap(bool),
    /// Show the native file dialog.
    OpenDialog,
    /// Load a graph file.
    OpenPath(PathBuf),
    /// Open the knowledge base the app ships with.
    OpenBundled,
    /// Show the About window.
    ShowAbout,
    /// Put the keyboard focus in the search box.
    FocusSearch,
    /// A request from the filter, path, analysis or export panels.
    Explore(super::explore::ExploreCommand),
    /// An action on the selection (hide, show only, expand, export) or its undo.
    Selection(super::selection_actions::SelectionCommand),
}
