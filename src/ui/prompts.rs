//! The prompts that keep work from being lost: *Save / Discard / Cancel* before unsaved
//! changes would be dropped, the warning when the file changed on disk before a save,
//! the confirmation before reloading it, the offer to restore a recovery journal, and
//! the typed path of Save as when no file dialog can be shown. Each sets
//! [`Dialogs::answer`] and closes; the app acts on the answer.

use std::path::PathBuf;

use egui::{Context, RichText};

use super::dialogs::{Answer, Dialogs};

/// A centred window that cannot be collapsed or resized.
fn prompt_window(title: &str) -> egui::Window<'_> {
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
}

/// Shows `question` with one button per `(label, answer)`; returns the answer clicked.
fn ask(ctx: &Context, title: &str, question: &str, buttons: &[(&str, Answer)]) -> Option<Answer> {
    let mut answer = None;
    prompt_window(title).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.label(question);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            for (label, a) in buttons {
                if ui.button(*label).clicked() {
                    answer = Some(a.clone());
                }
            }
        });
    });
    answer
}

/// Draws whichever prompts are open; `focus` puts the keyboard in the Save as path
/// field.
pub fn prompts_ui(ctx: &Context, dialogs: &mut Dialogs, focus: bool) {
    if let Some(question) = &dialogs.unsaved {
        let buttons = [
            ("Save", Answer::SaveFirst),
            ("Discard", Answer::DiscardChanges),
            ("Cancel", Answer::CancelAction),
        ];
        if let Some(a) = ask(ctx, "Unsaved changes", question, &buttons) {
            dialogs.unsaved = None;
            dialogs.answer = Some(a);
        }
    }
    if let Some(path) = &dialogs.disk_changed {
        let question = format!(
            "{path} changed on disk since it was opened or last saved (another program, \
             or a git pull?). Saving now would overwrite those changes."
        );
        let buttons = [
            ("Reload from disk", Answer::ReloadFromDisk),
            ("Save a copy…", Answer::SaveCopy),
            ("Overwrite", Answer::Overwrite),
            ("Cancel", Answer::CancelSave),
        ];
        if let Some(a) = ask(ctx, "The file changed on disk", &question, &buttons) {
            dialogs.disk_changed = None;
            dialogs.answer = Some(a);
        }
    }
    if let Some(question) = &dialogs.confirm_reload {
        let buttons = [
            ("Reload and lose my edits", Answer::ReloadConfirmed),
            ("Cancel", Answer::CancelSave),
        ];
        if let Some(a) = ask(ctx, "Reload from disk", question, &buttons) {
            dialogs.confirm_reload = None;
            dialogs.answer = Some(a);
        }
    }
    if let Some(text) = &dialogs.restore {
        let buttons = [
            ("Restore", Answer::Restore),
            ("Discard", Answer::DiscardJournal),
        ];
        if let Some(a) = ask(ctx, "Restore unsaved edits?", text, &buttons) {
            dialogs.restore = None;
            dialogs.answer = Some(a);
        }
    }
    save_prompt_ui(ctx, dialogs, focus);
}

/// Save as, typed: when no file dialog can be shown.
fn save_prompt_ui(ctx: &Context, dialogs: &mut Dialogs, focus: bool) {
    let Some(text) = &mut dialogs.save_prompt else {
        return;
    };
    let mut answer = None;
    prompt_window("Save the graph as").show(ctx, |ui| {
        ui.label("No file dialog could be shown here. Type the path to save the graph to (.ron):");
        let label = ui.label("Save as path");
        let resp = ui
            .add(
                egui::TextEdit::singleline(text)
                    .desired_width(420.0)
                    .hint_text("/path/to/graph.ron"),
            )
            .labelled_by(label.id);
        if focus {
            resp.request_focus();
        }
        let enter = resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.label(RichText::new("The file it replaces is kept as NAME.ron.bak.").weak());
        ui.horizontal(|ui| {
            let typed = text.trim();
            if (ui.button("Save here").clicked() || enter) && !typed.is_empty() {
                answer = Some(Answer::SaveAsPath(PathBuf::from(typed)));
            }
            if ui.button("Cancel").clicked() {
                answer = Some(Answer::CancelSaveAs);
            }
        });
    });
    if answer.is_some() {
        dialogs.save_prompt = None;
        dialogs.answer = answer;
    }
}
