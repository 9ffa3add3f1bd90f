//! Actions on the multi-selection (Shift+click, or a box drawn with Shift+drag): hide
//! it, show only it, expand it (bring in the neighbours the filters hide) or export it,
//! and the undo of what was changed by hand. The canvas's context menus and the
//! explore panel draw the same buttons and emit the same [`SelectionCommand`]s; the
//! app turns them into the spec's [`crate::query::ByHand`], so what is hidden by hand
//! is part of the view the canvas, the exports and saved views share.

use std::collections::BTreeSet;

use egui::Ui;
use petgraph::stable_graph::NodeIndex;

use super::command::Command;
use super::explore::ExploreCommand;
use crate::query::ByHand;

/// A request about the selection, applied by the app at the end of the frame.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum SelectionCommand {
    /// Add these nodes to the multi-selection (the nodes in a box drawn with
    /// Shift+drag).
    AddToMulti(BTreeSet<NodeIndex>),
    /// Hide these nodes by hand.
    Hide(BTreeSet<NodeIndex>),
    /// Show only these nodes.
    ShowOnly(BTreeSet<NodeIndex>),
    /// Show the neighbours of these nodes that are not shown, keeping the filters.
    Expand(BTreeSet<NodeIndex>),
    /// Open the export window set to export the selection.
    Export,
    /// Show again every node hidden by hand (undoes Hide and Show only).
    ShowHidden,
    /// Leave the nodes Expand brought in to the filters again.
    RemoveAdded,
}

fn emit(cmds: &mut Vec<Command>, c: SelectionCommand) {
    cmds.push(Command::Selection(c));
}

/// What the selection's actions act on: the multi-selection, else the selected node.
pub fn targets(multi: &BTreeSet<NodeIndex>, selected: Option<NodeIndex>) -> BTreeSet<NodeIndex> {
    if multi.is_empty() {
        selected.into_iter().collect()
    } else {
        multi.clone()
    }
}

/// The actions on `targets` (the selection), as buttons in a menu or a panel:
/// "Hide selected", "Show only selected", "Expand selected", "Export selected…". Export
/// is offered only for the multi-selection (`exportable`), which the export window's
/// "Current selection" writes.
pub fn selection_actions_ui(
    ui: &mut Ui,
    targets: &BTreeSet<NodeIndex>,
    exportable: bool,
    cmds: &mut Vec<Command>,
) {
    if targets.is_empty() {
        return;
    }
    if ui
        .button("Hide selected")
        .on_hover_text("Take the selected nodes off the map (undo: Show hidden nodes)")
        .clicked()
    {
        emit(cmds, SelectionCommand::Hide(targets.clone()));
    }
    if ui
        .button("Show only selected")
        .on_hover_text("Hide every other node (undo: Show hidden nodes)")
        .clicked()
    {
        emit(cmds, SelectionCommand::ShowOnly(targets.clone()));
    }
    if ui
        .button("Expand selected")
        .on_hover_text("Also show the neighbours the filters hide; the filters stay as they are")
        .clicked()
    {
        emit(cmds, SelectionCommand::Expand(targets.clone()));
    }
    if exportable
        && ui
            .button("Export selected…")
            .on_hover_text("Export these nodes and the edges among them")
            .clicked()
    {
        emit(cmds, SelectionCommand::Export);
    }
}

/// The actions on one node that is not in the multi-selection (its context menu).
pub fn node_actions_ui(ui: &mut Ui, ix: NodeIndex, cmds: &mut Vec<Command>) {
    let one = BTreeSet::from([ix]);
    if ui.button("Hide this node").clicked() {
        emit(cmds, SelectionCommand::Hide(one.clone()));
    }
    if ui.button("Show only this node").clicked() {
        emit(cmds, SelectionCommand::ShowOnly(one.clone()));
    }
    if ui
        .button("Expand this node")
        .on_hover_text("Also show its neighbours the filters hide")
        .clicked()
    {
        emit(cmds, SelectionCommand::Expand(one));
    }
}

/// The undo of what was changed by hand: "Show hidden nodes" (Hide and Show only) and
/// "Remove added nodes" (Expand), each when there is something to undo.
pub fn undo_by_hand_ui(ui: &mut Ui, by_hand: &ByHand, cmds: &mut Vec<Command>) {
    if (!by_hand.hidden.is_empty() || by_hand.only.is_some())
        && ui
            .button("Show hidden nodes")
            .on_hover_text("Show again every node hidden by hand")
            .clicked()
    {
        emit(cmds, SelectionCommand::ShowHidden);
    }
    if !by_hand.added.is_empty()
        && ui
            .button("Remove added nodes")
            .on_hover_text("Leave the nodes Expand brought in to the filters again")
            .clicked()
    {
        emit(cmds, SelectionCommand::RemoveAdded);
    }
}

/// The explore panel's part on the multi-selection (its size, Clear, and its actions)
/// and on what was changed by hand (in words, with its undo). Draws nothing when
/// neither is there, so the panel's default look is unchanged.
pub fn selection_panel_ui(
    ui: &mut Ui,
    multi: &BTreeSet<NodeIndex>,
    by_hand: &ByHand,
    cmds: &mut Vec<Command>,
) {
    if !multi.is_empty() {
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} nodes selected with Shift (click or drag)",
                multi.len()
            ));
            if ui.small_button("Clear").clicked() {
                cmds.push(Command::Explore(ExploreCommand::ClearMulti));
            }
        });
        ui.horizontal_wrapped(|ui| selection_actions_ui(ui, multi, true, cmds));
    }
    if !by_hand.is_empty() {
        ui.separator();
        ui.label(by_hand.words().join(" · "));
        ui.horizontal_wrapped(|ui| undo_by_hand_ui(ui, by_hand, cmds));
    }
}
