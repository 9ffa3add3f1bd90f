//! Saving in the window: Ctrl+S writes the file (the old one kept as `.bak`) and the
//! title loses its mark; undoing back to the saved state is clean again; Save / Discard
//! / Cancel before another graph opens or the window closes; the warning when the file
//! changed on disk; Save as by a typed path; and the recovery journal, written as the
//! user edits, offered and restored on the next open.

#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers, ViewportCommand, ViewportEvent, ViewportId, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::io::journal::{journal_path, read_journal};
use ideagraph::io::ron_format;
use ideagraph::model::{Document, Edit, Evidence, Kind, KnowledgeGraph, Node, Source};
use ideagraph::ui::{App, Command};

/// A small graph document with a source to quote.
fn document(title: &str) -> Document {
    let mut doc = Document {
        title: title.into(),
        ..Document::default()
    };
    doc.nodes
        .push(Node::new("ada", "Ada Reformer", Kind::Person));
    doc.nodes
        .push(Node::new("localism", "Localism", Kind::Concept));
    doc.sources.push(Source {
        node: None,
        id: "notes".into(),
        title: "Notes".into(),
        outlet: None,
        authors: Vec::new(),
        date: None,
        file: String::new(),
        note: None,
    });
    doc
}

/// Writes `doc` as `name` in `dir`, in the canonical form.
fn write(dir: &Path, name: &str, doc: &Document) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, ron_format::to_string(doc).expect("encodes")).expect("write");
    path
}

/// The window on the graph file at `path`, journals kept if `recovery`.
fn open(path: &Path, recovery: bool) -> Harness<'static, App> {
    ideagraph::ui::set_native_dialogs(false);
    let mut app = App::new(KnowledgeGraph::default(), None);
    if recovery {
        app.enable_recovery(None);
    }
    app.set_layout_paused(true);
    let mut h = common::window(app, vec2(1300.0, 850.0), 40);
    let ctx = h.ctx.clone();
    h.state_mut().load_path(&ctx, path.to_path_buf());
    h.state_mut().settle_layout();
    h.run();
    assert!(
        h.state().error_message().is_none(),
        "{:?}",
        h.state().error_message()
    );
    h
}

fn new_concept(id: &str, label: &str) -> Command {
    let mut n = Node::new(id, label, Kind::Concept);
    n.evidence
        .push(Evidence::new("notes", format!("on {label}")));
    Command::Edit {
        edit: Edit::AddNode(n),
        label: format!("add node {label}"),
    }
}

fn send(h: &mut Harness<'_, App>, cmd: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, cmd);
    h.run();
}

/// Presses Ctrl+S and waits for the save to be written.
fn ctrl_s(h: &mut Harness<'_, App>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_save(&ctx);
    h.run();
}

/// Waits for a graph opening in the background.
fn wait_for_load(h: &mut Harness<'_, App>) {
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_load(&ctx);
    h.state_mut().settle_layout();
    h.run();
}

fn ids(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("read");
    let doc = ron_format::parse_document(&text, "saved").expect("parses");
    doc.nodes.into_iter().map(|n| n.id).collect()
}

/// The commands the last frame sent to the window.
fn viewport_commands(h: &Harness<'_, App>) -> Vec<ViewportCommand> {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .map(|v| v.commands.clone())
        .unwrap_or_default()
}

#[test]
fn ctrl_s_writes_the_file_keeps_a_bak_and_cleans_the_title() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let original = std::fs::read(&path).expect("read");
    let mut h = open(&path, false);
    assert!(!h.state().title().ends_with('•'), "{}", h.state().title());
    send(&mut h, new_concept("markets", "Markets"));
    assert!(h.state().is_dirty());
    assert!(h.state().title().ends_with(" •"), "{}", h.state().title());
    assert!(h.state().title().contains("g.ron"));
    ctrl_s(&mut h);
    assert!(
        h.state().error_message().is_none(),
        "{:?}",
        h.state().error_message()
    );
    assert!(ids(&path).contains(&"markets".to_owned()), "written");
    let bak = dir.path().join("g.ron.bak");
    assert_eq!(
        std::fs::read(&bak).expect("a .bak"),
        original,
        "the old file kept"
    );
    assert!(!h.state().is_dirty());
    assert!(!h.state().title().ends_with('•'), "{}", h.state().title());
    // The window's title followed, sent once when it changed.
    assert!(!h.state().is_saving());
}

#[test]
fn undoing_back_to_the_saved_state_is_clean_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let mut h = open(&path, false);
    send(&mut h, new_concept("markets", "Markets"));
    send(&mut h, Command::Undo);
    assert!(!h.state().is_dirty(), "back as opened");
    send(&mut h, Command::Redo);
    assert!(h.state().is_dirty());
    ctrl_s(&mut h);
    send(&mut h, new_concept("state", "The State"));
    assert!(h.state().is_dirty());
    send(&mut h, Command::Undo);
    assert!(!h.state().is_dirty(), "back as saved");
    send(&mut h, Command::Undo);
    assert!(
        h.state().is_dirty(),
        "before the save differs from the file"
    );
    assert_eq!(h.state().unsaved_labels(), ["undo add node Markets"]);
}

#[test]
fn opening_another_graph_asks_save_discard_or_cancel() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let other = write(dir.path(), "other.ron", &document("Other"));
    let mut h = open(&path, false);
    send(&mut h, new_concept("markets", "Markets"));

    // Cancel keeps the graph and its edit.
    send(&mut h, Command::OpenPath(other.clone()));
    h.get_by_label_contains("Save the changes to g.ron before opening other.ron?");
    common::click(&mut h, "Cancel");
    assert!(!h.state().is_loading());
    assert_eq!(h.state().graph().title, "G");
    assert!(h.state().graph().node("markets").is_some() && h.state().is_dirty());

    // Discard switches, and the file keeps what it had.
    send(&mut h, Command::OpenPath(other.clone()));
    common::click(&mut h, "Discard");
    wait_for_load(&mut h);
    assert_eq!(h.state().graph().title, "Other");
    assert!(!ids(&path).contains(&"markets".to_owned()));

    // Save writes first, then switches.
    send(&mut h, new_concept("state", "The State"));
    send(&mut h, Command::OpenPath(path.clone()));
    common::click(&mut h, "Save");
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_save(&ctx);
    h.run();
    wait_for_load(&mut h);
    assert!(
        ids(&other).contains(&"state".to_owned()),
        "saved before switching"
    );
    assert_eq!(h.state().graph().title, "G");
    assert!(!h.state().is_dirty());
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let mut h = open(&path, false);
    send(&mut h, new_concept("markets", "Markets"));
    let close = |h: &mut Harness<'_, App>| {
        if let Some(v) = h.input_mut().viewports.get_mut(&ViewportId::ROOT) {
            v.events.push(ViewportEvent::Close);
        }
        h.step();
    };
    close(&mut h);
    assert!(
        viewport_commands(&h).contains(&ViewportCommand::CancelClose),
        "the close is held back"
    );
    h.run();
    common::click(&mut h, "Cancel");
    close(&mut h);
    assert!(viewport_commands(&h).contains(&ViewportCommand::CancelClose));
    h.run();
    h.get_by_label("Discard").click();
    h.step();
    assert!(
        viewport_commands(&h).contains(&ViewportCommand::Close),
        "Discard closes the window"
    );
    // The close that follows goes ahead.
    close(&mut h);
    assert!(!viewport_commands(&h).contains(&ViewportCommand::CancelClose));
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_silently() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let mut h = open(&path, false);
    send(&mut h, new_concept("markets", "Markets"));
    // A git pull changes the file under the window.
    let pulled = write(dir.path(), "g.ron", &document("Pulled"));
    let pulled_bytes = std::fs::read(&pulled).expect("read");
    ctrl_s(&mut h);
    h.get_by_label_contains("changed on disk since it was opened");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        pulled_bytes,
        "untouched"
    );
    assert!(h.state().is_dirty());

    // Save a copy… writes elsewhere, and the file stays as pulled.
    common::click(&mut h, "Save a copy…");
    let copy = dir.path().join("copy.ron");
    common::type_into(&mut h, "Save as path", &copy.display().to_string());
    common::click(&mut h, "Save here");
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_save(&ctx);
    h.run();
    assert!(ids(&copy).contains(&"markets".to_owned()));
    assert_eq!(std::fs::read(&path).expect("read"), pulled_bytes);
    assert_eq!(
        h.state().path(),
        Some(copy.as_path()),
        "the copy is the open file now"
    );
}

#[test]
fn reload_from_disk_asks_to_confirm_and_overwrite_saves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let mut h = open(&path, false);
    send(&mut h, new_concept("markets", "Markets"));
    write(dir.path(), "g.ron", &document("Pulled"));
    ctrl_s(&mut h);
    common::click(&mut h, "Reload from disk");
    h.get_by_label_contains("Your 1 unsaved edit will be lost");
    common::click(&mut h, "Reload and lose my edits");
    wait_for_load(&mut h);
    assert_eq!(h.state().graph().title, "Pulled");
    assert!(h.state().graph().node("markets").is_none() && !h.state().is_dirty());

    // Overwrite, after another change on disk, saves over it.
    send(&mut h, new_concept("markets", "Markets"));
    write(dir.path(), "g.ron", &document("Pulled again"));
    ctrl_s(&mut h);
    common::click(&mut h, "Overwrite");
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_save(&ctx);
    h.run();
    assert!(ids(&path).contains(&"markets".to_owned()));
    assert!(!h.state().is_dirty());
}

#[test]
fn the_bundled_graph_saves_as_a_new_file() {
    ideagraph::ui::set_native_dialogs(false);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut h = common::window(common::settled(None), vec2(1400.0, 900.0), 40);
    ctrl_s(&mut h);
    let to = dir.path().join("mine");
    common::type_into(&mut h, "Save as path", &to.display().to_string());
    common::click(&mut h, "Save here");
    let ctx = h.ctx.clone();
    h.state_mut().wait_for_save(&ctx);
    h.run();
    let saved = dir.path().join("mine.ron");
    assert_eq!(h.state().path(), Some(saved.as_path()), ".ron added");
    let nodes = ids(&saved).len();
    assert_eq!(nodes, h.state().graph().num_nodes());
    assert!(
        !dir.path().join("mine.ron.bak").exists(),
        "nothing to back up"
    );
}

#[test]
fn the_journal_follows_the_edits_and_is_offered_and_restored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let journal = journal_path(&path);
    let mut h = open(&path, true);
    send(&mut h, new_concept("markets", "Markets"));
    send(&mut h, new_concept("state", "The State"));
    h.state_mut().flush_journal();
    let j = read_journal(&journal).expect("reads").expect("written");
    assert_eq!(j.labels, ["add node Markets", "add node The State"]);
    // Undo back to the file's state: nothing to recover, the journal goes.
    send(&mut h, Command::Undo);
    send(&mut h, Command::Undo);
    h.state_mut().flush_journal();
    assert!(!journal.exists(), "removed when clean");
    send(&mut h, new_concept("markets", "Markets"));
    h.state_mut().flush_journal();
    let expected = h.state().graph().to_document();
    drop(h);

    // The next window on the file offers it; Restore brings the edit back, unsaved.
    let mut h = open(&path, true);
    assert!(h.state().restore_offered());
    h.get_by_label_contains("g.ron has 1 unsaved edit from");
    h.get_by_label_contains("add node Markets");
    common::click(&mut h, "Restore");
    wait_for_load(&mut h);
    assert_eq!(h.state().graph().to_document(), expected);
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(h.state().is_dirty() && h.state().title().ends_with(" •"));
    assert_eq!(h.state().unsaved_labels(), ["add node Markets"]);
    // Saving clears it.
    ctrl_s(&mut h);
    h.state_mut().flush_journal();
    assert!(!journal.exists(), "removed on save");
    assert!(ids(&path).contains(&"markets".to_owned()));
}

#[test]
fn discarding_the_offer_removes_the_journal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let journal = journal_path(&path);
    let mut h = open(&path, true);
    send(&mut h, new_concept("markets", "Markets"));
    h.state_mut().flush_journal();
    assert!(journal.exists());
    drop(h);
    let mut h = open(&path, true);
    common::click(&mut h, "Discard");
    h.state_mut().flush_journal();
    assert!(!journal.exists());
    assert!(h.state().graph().node("markets").is_none() && !h.state().is_dirty());
}

#[test]
fn an_edit_made_past_the_undo_stack_still_counts_as_unsaved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let mut h = open(&path, false);
    send(&mut h, new_concept("markets", "Markets"));
    let Command::Edit { edit, .. } = new_concept("state", "The State") else {
        unreachable!("an edit");
    };
    h.state_mut().edit(edit).expect("valid");
    h.run();
    assert!(h.state().is_dirty());
    // Its undo is stale now: refused, the history cleared, and the graph stays unsaved.
    send(&mut h, Command::Undo);
    assert!(
        h.state()
            .error_message()
            .is_some_and(|m| m.contains("Undo history cleared"))
    );
    assert!(h.state().is_dirty() && h.state().undo_label().is_none());
    ctrl_s(&mut h);
    assert!(!h.state().is_dirty());
    assert!(ids(&path).contains(&"state".to_owned()));
}

/// A file dropped on the window, as eframe hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_file_dropped_on_the_window_opens_after_asking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), "g.ron", &document("G"));
    let other = write(dir.path(), "other.ron", &document("Other"));
    let mut h = open(&path, false);
    send(&mut h, new_concept("markets", "Markets"));
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(other.clone())));
    h.run();
    h.get_by_label_contains("before opening other.ron?");
    common::click(&mut h, "Discard");
    wait_for_load(&mut h);
    assert_eq!(h.state().path(), Some(other.as_path()));
}

#[test]
fn the_bundled_graphs_journal_lives_in_the_data_folder() {
    let data = tempfile::tempdir().expect("tempdir");
    let bundled = || {
        let mut app = App::bundled(ideagraph::ui::State::default());
        app.enable_recovery(Some(data.path().to_path_buf()));
        app.set_layout_paused(true);
        common::window(app, vec2(1400.0, 900.0), 40)
    };
    let mut h = bundled();
    assert!(!h.state().restore_offered());
    // The bundled graph's own first source backs the new node.
    let source = h.state().graph().sources[0].id.clone();
    let mut node = Node::new("a-new-idea", "A new idea", Kind::Concept);
    node.evidence.push(Evidence::new(source, "an idea"));
    let edit = Edit::AddNode(node);
    let label = "add node A new idea".to_owned();
    send(&mut h, Command::Edit { edit, label });
    assert!(
        h.state().error_message().is_none(),
        "{:?}",
        h.state().error_message()
    );
    h.state_mut().flush_journal();
    let at = h.state().journal_at().expect("kept");
    assert!(
        at.starts_with(data.path()) && at.exists(),
        "{}",
        at.display()
    );
    let expected = h.state().graph().to_document();
    drop(h);

    let mut h = bundled();
    h.get_by_label_contains("The bundled knowledge base has 1 unsaved edit");
    common::click(&mut h, "Restore");
    wait_for_load(&mut h);
    assert_eq!(h.state().graph().to_document(), expected);
    assert_eq!(h.state().path(), None);
    assert!(h.state().is_dirty());
}
