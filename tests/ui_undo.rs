//! Undo and redo in the window: an edit named in the Edit menu, undone and redone by
//! the keys (not while a text field has them), several steps at once from the History
//! list, the touched record selected after each step; and a node's drag, pin and release,
//! and *Reset layout*, undone as one step each.

#[allow(dead_code)]
mod common;

use egui::accesskit::Role;
use egui::{Key, Modifiers, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::model::{
    Document, Edge, Edit, Evidence, Kind, KnowledgeGraph, Node, Relation, Source,
};
use ideagraph::ui::{App, Command, Selection};

/// Ada advocates localism; the Guild mentions it; a source to quote.
fn small_graph() -> KnowledgeGraph {
    let mut doc = Document::default();
    for (id, label, kind) in [
        ("ada", "Ada Reformer", Kind::Person),
        ("localism", "Localism", Kind::Concept),
        ("guild", "The Guild", Kind::Organisation),
    ] {
        doc.nodes.push(Node::new(id, label, kind));
    }
    doc.edges
        .push(Edge::new("ada", "localism", Relation::Advocates));
    doc.edges
        .push(Edge::new("guild", "localism", Relation::Mentions));
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
    KnowledgeGraph::from_document(doc)
}

fn harness() -> Harness<'static, App> {
    let mut app = App::new(small_graph(), None);
    app.settle_layout();
    app.set_layout_paused(true);
    common::window(app, vec2(1300.0, 850.0), 40)
}

/// Ada criticises the Guild, sourced.
fn criticises() -> Command {
    let mut e = Edge::new("ada", "guild", Relation::Criticises);
    e.evidence.push(Evidence::new("notes", "Ada on the Guild"));
    Command::Edit {
        edit: Edit::AddEdge(e),
        label: "add edge Ada Reformer criticises The Guild".into(),
    }
}

/// A new concept node, as the editor would send it.
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

fn keys(h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

fn has_edge(app: &App, from: &str, to: &str) -> bool {
    let kg = app.graph();
    match (kg.index_of(from), kg.index_of(to)) {
        (Some(a), Some(b)) => kg.graph().find_edge(a, b).is_some(),
        _ => false,
    }
}

#[test]
fn an_edit_is_named_in_the_edit_menu_and_undone_and_redone_by_its_keys() {
    let mut h = harness();
    let before = h.state().graph().to_document();
    common::click(&mut h, "Edit");
    assert!(
        h.get_by_label_contains("Nothing to undo")
            .accesskit_node()
            .is_disabled(),
        "greyed out with nothing to undo"
    );
    h.key_press(Key::Escape);
    h.run();
    send(&mut h, criticises());
    assert!(has_edge(h.state(), "ada", "guild"));
    common::click(&mut h, "Edit");
    // Menu items read with their keys: "Undo: … Ctrl+Z".
    h.get_by_label_contains("Undo: add edge Ada Reformer criticises The Guild");
    h.get_by_label_contains("Nothing to redo");
    h.key_press(Key::Escape);
    h.run();

    keys(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!has_edge(h.state(), "ada", "guild"), "Ctrl+Z undid it");
    assert_eq!(h.state().graph().to_document(), before, "exactly as before");
    assert_eq!(
        h.state().redo_label(),
        Some("add edge Ada Reformer criticises The Guild")
    );
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(has_edge(h.state(), "ada", "guild"), "Ctrl+Shift+Z redid it");
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    keys(&mut h, Modifiers::COMMAND, Key::Y);
    assert!(has_edge(h.state(), "ada", "guild"), "Ctrl+Y redid it");
    common::click(&mut h, "Edit");
    h.get_by_label_contains("Undo: add edge Ada Reformer criticises The Guild")
        .click();
    h.run();
    assert!(
        !has_edge(h.state(), "ada", "guild"),
        "the menu item undid it"
    );
}

#[test]
fn after_undo_and_redo_what_the_step_touched_is_selected() {
    let mut h = harness();
    send(&mut h, criticises());
    let id = "localism";
    let mut node = h.state().graph().node(id).cloned().expect("localism");
    node.label = "Localism, renamed".into();
    send(
        &mut h,
        Command::Edit {
            edit: Edit::UpdateNode {
                id: id.into(),
                node,
            },
            label: "rename Localism".into(),
        },
    );
    send(&mut h, Command::ClearSelection);
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().selected_label(),
        Some("Localism"),
        "the node undone"
    );
    send(&mut h, Command::ClearSelection);
    keys(&mut h, Modifiers::COMMAND, Key::Y);
    assert_eq!(h.state().selected_label(), Some("Localism, renamed"));
    // Undoing the added edge removes it: nothing of it to select, the selection stays.
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(!has_edge(h.state(), "ada", "guild"));
    keys(&mut h, Modifiers::COMMAND, Key::Y);
    let Some(Selection::Edge(e)) = h.state().selection() else {
        panic!("the redone edge is selected: {:?}", h.state().selection());
    };
    let (a, b) = h.state().graph().endpoints(e).expect("an edge");
    let kg = h.state().graph();
    assert_eq!(
        (
            kg.node_at(a).map(|n| n.id.as_str()),
            kg.node_at(b).map(|n| n.id.as_str())
        ),
        (Some("ada"), Some("guild"))
    );
}

#[test]
fn ctrl_z_in_a_text_field_is_the_fields_own() {
    let mut h = harness();
    send(&mut h, criticises());
    common::type_into(&mut h, "Search", "Ada");
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(
        has_edge(h.state(), "ada", "guild"),
        "the graph edit is not undone while the search field has the keys"
    );
    assert!(h.state().undo_label().is_some());
}

#[test]
fn a_new_edit_clears_redo_and_history_jumps_several_steps() {
    let mut h = harness();
    send(&mut h, new_concept("one", "One"));
    send(&mut h, new_concept("two", "Two"));
    send(&mut h, Command::Undo);
    send(&mut h, new_concept("three", "Three"));
    assert_eq!(h.state().redo_label(), None, "Two can no longer be redone");
    send(&mut h, criticises());
    assert_eq!(h.state().undo_history().0.len(), 3);

    // History, newest first: choosing the oldest entry undoes the two after it.
    common::click(&mut h, "Edit");
    common::click(&mut h, "History");
    common::click(&mut h, "add node One");
    let app = h.state();
    assert!(app.graph().node("one").is_some() && app.graph().node("three").is_none());
    assert!(!has_edge(app, "ada", "guild"));
    assert_eq!(app.undo_history().1, 1);
    // And forward again, to the newest.
    common::click(&mut h, "Edit");
    common::click(&mut h, "History");
    common::click(&mut h, "add edge Ada Reformer criticises The Guild");
    assert!(has_edge(h.state(), "ada", "guild"));
    assert_eq!(h.state().undo_history().1, 3);
}

#[test]
fn a_refused_edit_is_not_recorded() {
    let mut h = harness();
    // An edge without evidence is refused by the rules of `check`.
    let bare = Edge::new("ada", "guild", Relation::Supports);
    send(
        &mut h,
        Command::Edit {
            edit: Edit::AddEdge(bare),
            label: "add edge".into(),
        },
    );
    assert!(
        h.state()
            .error_message()
            .is_some_and(|m| m.contains("refused"))
    );
    assert_eq!(h.state().undo_label(), None);
}

/// Drags the node labelled `label` by `by` over several frames; returns where it ended.
fn drag(h: &mut Harness<'_, App>, label: &str, by: egui::Vec2) {
    let start = h.get_by_role_and_label(Role::Button, label).rect().center();
    let end = start + by;
    h.hover_at(start);
    h.drag_at(start);
    h.run_steps(1);
    for i in 1..=6 {
        h.hover_at(start + (end - start) * (i as f32 / 6.0));
        h.run_steps(1);
    }
    h.drop_at(end);
    h.run_steps(2);
}

fn close(a: [f32; 2], b: [f32; 2]) -> bool {
    (a[0] - b[0]).abs() < 0.5 && (a[1] - b[1]).abs() < 0.5
}

#[test]
fn a_drag_is_one_step_that_puts_the_node_back_unpinned() {
    let mut h = harness();
    let before = h.state().node_position("guild").expect("shown");
    drag(&mut h, "The Guild", vec2(90.0, 60.0));
    assert!(h.state().is_pinned("guild"));
    let moved = h.state().node_position("guild").expect("shown");
    assert!(!close(before, moved), "{before:?} -> {moved:?}");
    assert_eq!(
        h.state().undo_history().0,
        ["move The Guild"],
        "one step for the whole drag"
    );
    keys(&mut h, Modifiers::COMMAND, Key::Z);
    h.state_mut().settle_layout();
    h.run();
    let back = h.state().node_position("guild").expect("shown");
    assert!(!h.state().is_pinned("guild"), "unpinned, as it was");
    assert!(
        (back[0] - before[0]).hypot(back[1] - before[1]) < 5.0,
        "back where it was: {before:?}, now {back:?}"
    );
    keys(&mut h, Modifiers::COMMAND, Key::Y);
    h.state_mut().settle_layout();
    h.run();
    assert!(h.state().is_pinned("guild"), "redo pins it again");
    let again = h.state().node_position("guild").expect("shown");
    assert!(close(again, moved), "{moved:?} vs {again:?}");
}

#[test]
fn releasing_a_pin_is_undone_as_one_step() {
    let mut h = harness();
    let ix = h.state().graph().index_of("ada").expect("ada");
    // Two pins in one frame's commands are one drag; the frame after ends it.
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::Pin(ix, [40.0, -30.0]));
    h.state_mut().apply(&ctx, Command::Pin(ix, [50.0, -20.0]));
    h.run();
    send(&mut h, Command::Unpin(ix));
    assert!(!h.state().is_pinned("ada"));
    assert_eq!(
        h.state().undo_history().0,
        ["move Ada Reformer", "unpin Ada Reformer"]
    );
    send(&mut h, Command::Undo);
    assert!(h.state().is_pinned("ada"), "pinned again where it was");
    h.state_mut().settle_layout();
    h.run();
    let p = h.state().node_position("ada").expect("shown");
    assert!(close(p, [50.0, -20.0]), "{p:?}");
    assert!(
        !h.state().is_dirty(),
        "places are not changes to the document"
    );
}

#[test]
fn reset_layout_is_one_step_that_puts_every_node_and_pin_back() {
    let mut h = harness();
    let ada = h.state().graph().index_of("ada").expect("ada");
    send(&mut h, Command::Pin(ada, [400.0, -250.0]));
    send(&mut h, Command::ClearSelection);
    let before = common::scene_positions(h.state());
    assert!(h.state().is_pinned("ada"));
    send(&mut h, Command::ResetLayout);
    assert_eq!(h.state().undo_label(), Some("reset layout"));
    assert!(!h.state().is_pinned("ada"), "reset releases every pin");
    assert_ne!(
        common::scene_positions(h.state()),
        before,
        "laid out afresh"
    );
    send(&mut h, Command::Undo);
    assert_eq!(
        common::scene_positions(h.state()),
        before,
        "every node where it was"
    );
    assert!(h.state().is_pinned("ada"), "and pinned again");
    assert_eq!(h.state().redo_label(), Some("reset layout"));
    send(&mut h, Command::Redo);
    assert!(!h.state().is_pinned("ada"));
    assert_ne!(common::scene_positions(h.state()), before);
    assert!(
        !h.state().title().contains('•'),
        "the layout is not the document"
    );
}
