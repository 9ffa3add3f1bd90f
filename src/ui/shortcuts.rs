//! The window's keyboard shortcuts in one table. The key handling in `App` and the
//! menus' labels both read it, so a menu never shows a key that does nothing and a key
//! never goes unlisted. Esc, Tab and the search list's arrows are not here: what they do
//! depends on what is open or focused (see `App::shortcuts` and the search box).

use egui::{Key, KeyboardShortcut, Modifiers, Ui};

use super::command::Command;

/// Something a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Put the keyboard focus in the search box.
    Search,
    /// The previous selection.
    Back,
    /// The next selection.
    Forward,
    /// Fit everything shown.
    Fit,
    /// Zoom in around the canvas centre.
    ZoomIn,
    /// Zoom out around the canvas centre.
    ZoomOut,
    /// Select the selected node's next neighbour.
    NextNeighbour,
    /// Select the selected node's previous neighbour.
    PreviousNeighbour,
    /// Undo the last change.
    Undo,
    /// Redo the last change undone.
    Redo,
    /// Save the graph in place.
    Save,
    /// Save the graph to another file.
    SaveAs,
}

/// One row of the table: an action, its name in menus and the keys that run it.
#[derive(Clone, Copy, Debug)]
pub struct Shortcut {
    /// What the keys do.
    pub action: Action,
    /// The action's name in menus and the Help list.
    pub name: &'static str,
    /// The keys, the one shown first; a press of any of them runs the action.
    pub keys: &'static [KeyboardShortcut],
    /// The keys as menus show them.
    pub text: &'static str,
    /// Whether the keys work while a text field has the focus (they type nothing).
    pub while_typing: bool,
}

/// Every shortcut, in the order menus and Help list them.
pub const SHORTCUTS: [Shortcut; 12] = [
    Shortcut {
        action: Action::Search,
        name: "Search",
        keys: &[KeyboardShortcut::new(Modifiers::COMMAND, Key::F)],
        text: if cfg!(target_os = "macos") {
            "Cmd+F"
        } else {
            "Ctrl+F"
        },
        while_typing: true,
    },
    Shortcut {
        action: Action::Back,
        name: "Back",
        keys: &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft)],
        text: "Alt+Left",
        while_typing: true,
    },
    Shortcut {
        action: Action::Forward,
        name: "Forward",
        keys: &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight)],
        text: "Alt+Right",
        while_typing: true,
    },
    Shortcut {
        action: Action::Fit,
        name: "Fit all",
        keys: &[KeyboardShortcut::new(Modifiers::NONE, Key::F)],
        text: "F",
        while_typing: false,
    },
    Shortcut {
        action: Action::ZoomIn,
        name: "Zoom in",
        // `+` is Shift+= on many layouts, and `=` unshifted is easier to reach.
        keys: &[
            KeyboardShortcut::new(Modifiers::NONE, Key::Plus),
            KeyboardShortcut::new(Modifiers::NONE, Key::Equals),
            KeyboardShortcut::new(Modifiers::SHIFT, Key::Equals),
        ],
        text: "+",
        while_typing: false,
    },
    Shortcut {
        action: Action::ZoomOut,
        name: "Zoom out",
        keys: &[KeyboardShortcut::new(Modifiers::NONE, Key::Minus)],
        text: "\u{2212}",
        while_typing: false,
    },
    Shortcut {
        action: Action::NextNeighbour,
        name: "Next neighbour",
        keys: &[KeyboardShortcut::new(Modifiers::NONE, Key::N)],
        text: "N",
        while_typing: false,
    },
    Shortcut {
        action: Action::PreviousNeighbour,
        name: "Previous neighbour",
        keys: &[KeyboardShortcut::new(Modifiers::SHIFT, Key::N)],
        text: "Shift+N",
        while_typing: false,
    },
    // Not while typing: a text field keeps Ctrl+Z for its own undo.
    Shortcut {
        action: Action::Undo,
        name: "Undo",
        keys: &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)],
        text: if cfg!(target_os = "macos") {
            "Cmd+Z"
        } else {
            "Ctrl+Z"
        },
        while_typing: false,
    },
    Shortcut {
        action: Action::Redo,
        name: "Redo",
        keys: &[
            KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
            KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
        ],
        text: if cfg!(target_os = "macos") {
            "Cmd+Shift+Z, Cmd+Y"
        } else {
            "Ctrl+Shift+Z, Ctrl+Y"
        },
        while_typing: false,
    },
    Shortcut {
        action: Action::Save,
        name: "Save",
        keys: &[KeyboardShortcut::new(Modifiers::COMMAND, Key::S)],
        text: if cfg!(target_os = "macos") {
            "Cmd+S"
        } else {
            "Ctrl+S"
        },
        while_typing: true,
    },
    Shortcut {
        action: Action::SaveAs,
        name: "Save as…",
        keys: &[KeyboardShortcut::new(
            Modifiers::COMMAND.plus(Modifiers::SHIFT),
            Key::S,
        )],
        text: if cfg!(target_os = "macos") {
            "Cmd+Shift+S"
        } else {
            "Ctrl+Shift+S"
        },
        while_typing: true,
    },
];

impl Action {
    /// The command the action sends.
    pub fn command(self) -> Command {
        match self {
            Self::Search => Command::FocusSearch,
            Self::Back => Command::Back,
            Self::Forward => Command::Forward,
            Self::Fit => Command::Fit,
            Self::ZoomIn => Command::Zoom(1.25),
            Self::ZoomOut => Command::Zoom(0.8),
            Self::NextNeighbour => Command::StepNeighbour(true),
            Self::PreviousNeighbour => Command::StepNeighbour(false),
            Self::Undo => Command::Undo,
            Self::Redo => Command::Redo,
            Self::Save => Command::Save,
            Self::SaveAs => Command::SaveAs,
        }
    }

    /// The action's row in [`SHORTCUTS`].
    pub fn shortcut(self) -> Option<&'static Shortcut> {
        SHORTCUTS.iter().find(|s| s.action == self)
    }
}

/// Takes this frame's shortcut presses out of the input (so no widget sees them too) and
/// returns their commands. While a text field has the focus, keys that would type text
/// are left to it.
pub fn consume_shortcuts(ui: &Ui, typing: bool) -> Vec<Command> {
    let mut rows: Vec<&Shortcut> = SHORTCUTS
        .iter()
        .filter(|s| s.while_typing || !typing)
        .collect();
    // Keys with more modifiers first: egui ignores Shift when a pattern does not name
    // it, so a plain N tried first would take Shift+N too.
    rows.sort_by_key(|s| std::cmp::Reverse(s.keys.iter().map(modifier_count).max()));
    ui.input_mut(|i| {
        rows.into_iter()
            .filter(|s| {
                // Every key of the row is consumed, so one press of `=` cannot also
                // count as Shift+= in the same frame.
                s.keys.iter().filter(|k| i.consume_shortcut(k)).count() > 0
            })
            .map(|s| s.action.command())
            .collect()
    })
}

/// How many modifiers a shortcut names.
fn modifier_count(k: &KeyboardShortcut) -> u8 {
    let m = k.modifiers;
    [m.alt, m.ctrl, m.shift, m.mac_cmd, m.command]
        .into_iter()
        .map(u8::from)
        .sum()
}

/// A menu item for `action`: its name with its keys at the right; clicked, it sends the
/// action's command.
pub fn menu_item_ui(ui: &mut Ui, action: Action, cmds: &mut Vec<Command>) {
    let Some(s) = action.shortcut() else {
        return;
    };
    if ui
        .add(egui::Button::new(s.name).shortcut_text(s.text))
        .clicked()
    {
        cmds.push(action.command());
    }
}

/// The Help menu's list of keys: every row of [`SHORTCUTS`], then the keys whose effect
/// depends on what is open or focused.
pub fn keys_help_ui(ui: &mut Ui) {
    egui::Grid::new("ideagraph-keys-help")
        .num_columns(2)
        .spacing([16.0, 2.0])
        .show(ui, |ui| {
            for s in &SHORTCUTS {
                ui.label(s.name);
                ui.weak(s.text);
                ui.end_row();
            }
            for (name, keys) in CONTEXT_KEYS {
                ui.label(name);
                ui.weak(keys);
                ui.end_row();
            }
        });
}

/// Keys that act on what is open or focused, for the Help list.
const CONTEXT_KEYS: [(&str, &str); 4] = [
    (
        "Close the menu, window or list on top, else clear the selection",
        "Esc",
    ),
    ("Move between links and buttons", "Tab, Shift+Tab"),
    (
        "Follow the focused link or press the button",
        "Enter, Space",
    ),
    ("Choose a search result", "Up, Down, Enter"),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action has exactly one row, with at least one key and a label for it.
    #[test]
    fn each_action_has_one_row_with_keys() {
        for s in &SHORTCUTS {
            let rows = SHORTCUTS.iter().filter(|o| o.action == s.action).count();
            assert_eq!(rows, 1, "{:?}", s.action);
            assert!(!s.keys.is_empty() && !s.text.is_empty(), "{:?}", s.action);
        }
    }

    /// Shift+N is tried before N, which would take it: it sends the previous neighbour.
    #[test]
    fn shift_n_is_not_taken_by_n() {
        let ctx = egui::Context::default();
        let shift_n = egui::Event::Key {
            key: Key::N,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::SHIFT,
        };
        let input = egui::RawInput {
            events: vec![shift_n],
            ..Default::default()
        };
        let mut sent = Vec::new();
        let mut out = ctx.run_ui(input, |ui| sent = consume_shortcuts(ui, false));
        // The pass's font textures are not drawn anywhere here.
        out.textures_delta.clear();
        assert_eq!(sent, [Command::StepNeighbour(false)]);
    }

    /// The frame's commands for one key press with `modifiers`, typing or not.
    fn press(key: Key, modifiers: Modifiers, typing: bool) -> Vec<Command> {
        let ctx = egui::Context::default();
        let event = egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        };
        let input = egui::RawInput {
            events: vec![event],
            ..Default::default()
        };
        let mut sent = Vec::new();
        let mut out = ctx.run_ui(input, |ui| sent = consume_shortcuts(ui, typing));
        out.textures_delta.clear();
        sent
    }

    /// Ctrl+Shift+Z is redo, not taken by Ctrl+Z; Ctrl+Y is redo too.
    #[test]
    fn undo_and_redo_keys() {
        let shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        assert_eq!(press(Key::Z, Modifiers::COMMAND, false), [Command::Undo]);
        assert_eq!(press(Key::Z, shift, false), [Command::Redo]);
        assert_eq!(press(Key::Y, Modifiers::COMMAND, false), [Command::Redo]);
        assert_eq!(press(Key::S, Modifiers::COMMAND, false), [Command::Save]);
        assert_eq!(press(Key::S, shift, false), [Command::SaveAs]);
    }

    /// While a text field has the focus, Ctrl+Z is its own undo; Ctrl+S still saves.
    #[test]
    fn a_text_field_keeps_its_undo() {
        assert!(press(Key::Z, Modifiers::COMMAND, true).is_empty());
        assert!(press(Key::Y, Modifiers::COMMAND, true).is_empty());
        assert_eq!(press(Key::S, Modifiers::COMMAND, true), [Command::Save]);
    }
}
