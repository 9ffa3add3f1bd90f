//! The menu bar: File (open, recent, save, source texts), Edit (undo, redo, the history
//! of changes), View (camera, neighbours, history, search, layout, theme, colour; each
//! item with its key), Help (About, the keys).

use std::path::PathBuf;

use egui::Ui;

use super::command::Command;
use super::explore::ExploreCommand;
use super::layout_state::LayoutMode;
use super::reader::ReaderCommand;
use super::shortcuts::{Action, keys_help_ui, menu_item_ui};
use super::state::State;
use super::theme::ThemeChoice;
use crate::query::ColourMode;

/// What the Edit menu shows: the changes that can be undone and redone.
#[derive(Clone, Debug, Default)]
pub struct EditMenu<'a> {
    /// Every change's label, oldest first.
    pub history: Vec<&'a str>,
    /// How many of them are done; the rest were undone and can be redone.
    pub done: usize,
}

/// How many changes the History submenu lists, newest first.
const HISTORY_SHOWN: usize = 40;

/// What the View menu marks as chosen.
#[derive(Clone, Copy, Debug)]
pub struct MenuLook {
    /// What node colour means.
    pub colour_by: ColourMode,
    /// Whether the canvas shows the overview map now.
    pub overview: bool,
    /// Force or timeline.
    pub layout: LayoutMode,
    /// Whether the stance matrix is shown.
    pub stances: bool,
    /// Whether the canvas shows the agreement map.
    pub agreement_map: bool,
}

/// Draws the menu bar's menus into `ui` (the caller provides the bar).
pub fn menu_ui(
    ui: &mut Ui,
    state: &State,
    look: MenuLook,
    edits: &EditMenu<'_>,
    cmds: &mut Vec<Command>,
) {
    file_menu_ui(ui, state, cmds);
    edit_menu_ui(ui, edits, cmds);
    view_menu_ui(ui, state, look, cmds);
    ui.menu_button("Help", |ui| {
        if ui.button("About and sources").clicked() {
            cmds.push(Command::ShowAbout);
        }
        ui.separator();
        ui.strong("Keys");
        keys_help_ui(ui);
    });
}

/// File: open, recent files, export, views, quit.
fn file_menu_ui(ui: &mut Ui, state: &State, cmds: &mut Vec<Command>) {
    ui.menu_button("File", |ui| {
        if ui.button("Open…").clicked() {
            cmds.push(Command::OpenDialog);
        }
        ui.menu_button("Open recent", |ui| {
            // The knowledge base the app ships with is always one click away.
            if ui
                .button("The bundled knowledge base")
                .on_hover_text("UK Labour's public-service reform debate, 2007–2016")
                .clicked()
            {
                cmds.push(Command::OpenBundled);
            }
            if !state.recent_files.is_empty() {
                ui.separator();
            }
            for path in &state.recent_files {
                if ui.button(path.display().to_string()).clicked() {
                    cmds.push(Command::OpenPath(PathBuf::clone(path)));
                }
            }
        });
        ui.separator();
        menu_item_ui(ui, Action::Save, cmds);
        menu_item_ui(ui, Action::SaveAs, cmds);
        ui.separator();
        sources_items_ui(ui, cmds);
        ui.separator();
        if ui.button("Export…").clicked() {
            cmds.push(Command::Explore(ExploreCommand::ShowExport));
        }
        if ui.button("Save view…").clicked() {
            cmds.push(Command::Explore(ExploreCommand::SaveViewDialog));
        }
        if ui.button("Open view…").clicked() {
            cmds.push(Command::Explore(ExploreCommand::OpenViewDialog));
        }
        ui.separator();
        if ui.button("Quit").clicked() {
            ui.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    });
}

/// Edit: Undo and Redo naming the change ("Undo: add edge Liz Kendall advocates
/// localism"), and the History of changes, newest first: choosing one undoes (or redoes)
/// every change after it.
fn edit_menu_ui(ui: &mut Ui, edits: &EditMenu<'_>, cmds: &mut Vec<Command>) {
    ui.menu_button("Edit", |ui| {
        let undo = edits.done.checked_sub(1).and_then(|i| edits.history.get(i));
        let redo = edits.history.get(edits.done);
        step_item_ui(ui, Action::Undo, undo.copied(), "Nothing to undo", cmds);
        step_item_ui(ui, Action::Redo, redo.copied(), "Nothing to redo", cmds);
        ui.separator();
        ui.add_enabled_ui(!edits.history.is_empty(), |ui| {
            ui.menu_button("History", |ui| history_ui(ui, edits, cmds));
        });
    });
}

/// Undo or Redo naming the change it would undo or redo, with its key; greyed out with
/// `none` when there is nothing.
fn step_item_ui(
    ui: &mut Ui,
    action: Action,
    label: Option<&str>,
    none: &str,
    cmds: &mut Vec<Command>,
) {
    let keys = action.shortcut().map_or("", |s| s.text);
    let name = action.shortcut().map_or("", |s| s.name);
    let text = label.map_or_else(|| none.to_owned(), |l| format!("{name}: {l}"));
    let button = egui::Button::new(text).shortcut_text(keys);
    if ui.add_enabled(label.is_some(), button).clicked() {
        cmds.push(action.command());
    }
}

/// The History list, newest first: the changes done, then (greyed, italic) those
/// undone; the last entry is the graph as opened. Choosing one returns to the state
/// just after it, by as many undos or redos as that takes.
fn history_ui(ui: &mut Ui, edits: &EditMenu<'_>, cmds: &mut Vec<Command>) {
    let n = edits.history.len();
    let shown = n.min(HISTORY_SHOWN);
    egui::ScrollArea::vertical()
        .max_height(420.0)
        .show(ui, |ui| {
            for i in (n - shown..n).rev() {
                let Some(label) = edits.history.get(i) else {
                    continue;
                };
                // Entry i done is the state with i + 1 changes done.
                let target = i + 1;
                let text = if target > edits.done {
                    egui::RichText::new(*label).italics().weak()
                } else {
                    egui::RichText::new(*label)
                };
                let current = target == edits.done;
                if ui.selectable_label(current, text).clicked() {
                    go_to(edits.done, target, cmds);
                }
            }
            if shown == n {
                let opened = egui::RichText::new("As opened").weak();
                if ui.selectable_label(edits.done == 0, opened).clicked() {
                    go_to(edits.done, 0, cmds);
                }
            }
        });
}

/// The undos or redos that walk from `done` changes done to `target`.
fn go_to(done: usize, target: usize, cmds: &mut Vec<Command>) {
    if target < done {
        cmds.extend(std::iter::repeat_n(Command::Undo, done - target));
    } else {
        cmds.extend(std::iter::repeat_n(Command::Redo, target - done));
    }
}

/// The source texts: the reader, where texts are looked for, adding one.
fn sources_items_ui(ui: &mut Ui, cmds: &mut Vec<Command>) {
    if ui
        .button("Source reader")
        .on_hover_text("Show or hide the source texts beside the graph")
        .clicked()
    {
        cmds.push(Command::Reader(ReaderCommand::Toggle));
    }
    if ui
        .button("Sources folder…")
        .on_hover_text("The folder holding the source texts (remembered)")
        .clicked()
    {
        cmds.push(Command::Reader(ReaderCommand::ChooseFolder));
    }
    if ui
        .button("Add source…")
        .on_hover_text("Import a plain-text document as a new source of this graph")
        .clicked()
    {
        cmds.push(Command::Reader(ReaderCommand::AddSourceDialog));
    }
}

/// View: camera, neighbours, theme, colour mapping, the filter panel.
fn view_menu_ui(ui: &mut Ui, state: &State, look: MenuLook, cmds: &mut Vec<Command>) {
    let MenuLook {
        colour_by,
        overview,
        layout: layout_mode,
        stances,
        agreement_map,
    } = look;
    ui.menu_button("View", |ui| {
        // The keys shown beside these items come from the same table that handles them.
        menu_item_ui(ui, Action::Fit, cmds);
        if ui.button("Zoom to selection").clicked() {
            cmds.push(Command::ZoomToSelection);
        }
        menu_item_ui(ui, Action::ZoomIn, cmds);
        menu_item_ui(ui, Action::ZoomOut, cmds);
        ui.separator();
        menu_item_ui(ui, Action::NextNeighbour, cmds);
        menu_item_ui(ui, Action::PreviousNeighbour, cmds);
        menu_item_ui(ui, Action::Back, cmds);
        menu_item_ui(ui, Action::Forward, cmds);
        menu_item_ui(ui, Action::Search, cmds);
        ui.separator();
        if ui
            .button("Reset layout")
            .on_hover_text("Unpin every node and lay the graph out again")
            .clicked()
        {
            cmds.push(Command::ResetLayout);
        }
        ui.label("Layout");
        for mode in LayoutMode::ALL {
            let text = match mode {
                LayoutMode::Force => "Force",
                LayoutMode::Timeline => "Timeline",
            };
            let hint = match mode {
                LayoutMode::Force => "Connected nodes near each other",
                LayoutMode::Timeline => {
                    "Left to right by date: a dated node at its date, the others across their dated links"
                }
            };
            if ui
                .radio(layout_mode == mode, text)
                .on_hover_text(hint)
                .clicked()
            {
                cmds.push(Command::SetLayoutMode(mode));
            }
        }
        if ui
            .checkbox(&mut agreement_map.clone(), "Agreement map")
            .on_hover_text(
                "The view's people only, joined where they share stances: wider for more \
                 agreement (or disagreement) on balance. An analysis, not facts in the graph",
            )
            .clicked()
        {
            let c = super::agreement::AgreementCommand::SetMap(!agreement_map);
            cmds.push(Command::Agreement(c));
        }
        ui.separator();
        ui.label("Theme");
        if ui
            .radio(state.theme == ThemeChoice::Light, "Light")
            .clicked()
        {
            cmds.push(Command::SetTheme(ThemeChoice::Light));
        }
        if ui.radio(state.theme == ThemeChoice::Dark, "Dark").clicked() {
            cmds.push(Command::SetTheme(ThemeChoice::Dark));
        }
        ui.separator();
        ui.label("Colour nodes by");
        if ui.radio(colour_by == ColourMode::Kind, "Kind").clicked() {
            cmds.push(Command::SetColourBy(ColourMode::Kind));
        }
        if ui
            .radio(colour_by == ColourMode::Faction, "Faction")
            .clicked()
        {
            cmds.push(Command::SetColourBy(ColourMode::Faction));
        }
        if ui
            .radio(colour_by == ColourMode::Community, "Community")
            .clicked()
        {
            cmds.push(Command::SetColourBy(ColourMode::Community));
        }
        ui.separator();
        if ui
            .checkbox(&mut state.filters_open.clone(), "Filter panel")
            .clicked()
        {
            cmds.push(Command::Explore(ExploreCommand::ToggleFilterPanel));
        }
        if ui
            .checkbox(&mut overview.clone(), "Overview map")
            .on_hover_text("A small map of the whole graph in the canvas's corner; drag in it to move the view")
            .clicked()
        {
            cmds.push(Command::SetOverviewMap(!overview));
        }
        if ui
            .checkbox(&mut stances.clone(), "Stances")
            .on_hover_text("The stance matrix beside the canvas: who is for and against which idea")
            .clicked()
        {
            cmds.push(Command::ToggleStances);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_a_change_in_history_walks_there() {
        let mut cmds = Vec::new();
        go_to(5, 2, &mut cmds);
        assert_eq!(cmds, vec![Command::Undo; 3]);
        cmds.clear();
        go_to(1, 3, &mut cmds);
        assert_eq!(cmds, vec![Command::Redo; 2]);
        cmds.clear();
        go_to(2, 2, &mut cmds);
        assert!(cmds.is_empty());
    }
}
