//! [`Command`]: what the UI asks the app to do. Widgets emit commands while the frame is
//! drawn; the app applies them at the end of the frame, so drawing never mutates the
//! model halfway through.

use std::path::PathBuf;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::history::Selection;
use super::theme::ThemeChoice;
use crate::model::{Edit, Evidence};
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
    /// Select a node or an edge and, when the canvas does not show it (off screen or
    /// under an overlay), move the camera until it does: what a click in the source
    /// reader selects is seen on the canvas.
    SelectAndReveal(Selection),
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
    /// Stop (true) or resume the layout's motion; positions are kept.
    SetLayoutPaused(bool),
    /// Lay the map out by force, or along time.
    SetLayoutMode(super::layout_state::LayoutMode),
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
    /// Change the graph (checked by the model's mutation API), recorded for undo under
    /// `label`, which reads as an action: "add edge Liz Kendall advocates localism".
    Edit {
        /// The change.
        edit: Edit,
        /// What Edit > Undo calls it.
        label: String,
    },
    /// Undo the last change (graph edit, pin or drag).
    Undo,
    /// Redo the last change undone.
    Redo,
    /// Save the graph in place (Save as… when it has no file yet).
    Save,
    /// Save the graph to a file the user picks.
    SaveAs,
    /// Open the source reader scrolled to this quote, flashing it.
    ShowInSource(Evidence),
    /// Turn a passage selected in the source reader into a fact.
    Passage(PassageAction),
    /// Open one of the editor's dialogs (edit, delete, merge, a new node or edge).
    Editor(super::editor::EditorCommand),
    /// Show or hide the source reader, choose its folder, add a source.
    Reader(super::reader::ReaderCommand),
    /// Change what the chart of who rose and fell, or the movers, are asked.
    Yearly(super::derived::YearlyCommand),
    /// Where people stand: the agreement map, a pair's agreement, its export.
    Agreement(super::agreement::AgreementCommand),
    /// Show or hide the stance matrix beside the canvas (View > Stances).
    ToggleStances,
}

/// What a passage selected in the source reader becomes; the evidence is the selection,
/// verbatim by construction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PassageAction {
    /// A new edge, its ends and relation still to choose.
    NewEdge(Evidence),
    /// A new node, its kind and label still to choose (the label prefilled from the words).
    NewNode(Evidence),
    /// Evidence for an existing edge, node, role or faction claim, still to choose.
    AddAsEvidence(Evidence),
}
