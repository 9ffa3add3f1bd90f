//! The explorer window driven headless by `egui_kittest`: clicking through who wrote what,
//! history, search, keyboard, dragging to pin, and opening a bad file.

use egui::{Key, Modifiers, Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::model::{Document, Edge, Evidence, Kind, KnowledgeGraph, Node, Relation, Source};
use ideagraph::ui::App;

/// The bundled graph once it holds the people the tests click on; until then a small
/// fixture with the same names.
fn graph() -> KnowledgeGraph {
    let bundled = ideagraph::io::ron_format::load_valid(include_str!("../graph.ron"), "graph.ron");
    match bundled {
        Ok(kg) if kg.index_of("alan-milburn").is_some() && kg.num_nodes() > 20 => kg,
        _ => fixture(),
    }
}

fn fixture() -> KnowledgeGraph {
    let mut d = Document {
        title: "Fixture".into(),
        ..Document::default()
    };
    d.sources.push(Source {
        node: None,
        id: "src".into(),
        title: "A pamphlet".into(),
        outlet: Some("The Guardian".into()),
        authors: vec!["A Writer".into()],
        date: None,
        file: String::new(),
        note: None,
    });
    let ev = |q: &str| Evidence::new("src", q);
    for (id, label, kind) in [
        ("alan-milburn", "Alan Milburn", Kind::Person),
        (
            "beyond-whitehall",
            "Beyond Whitehall: a new vision for a progressive state",
            Kind::Publication,
        ),
        ("progress", "Progress", Kind::Organisation),
        ("relational-state", "The relational state", Kind::Concept),
        ("jon-cruddas", "Jon Cruddas", Kind::Person),
        ("stephen-twigg", "Stephen Twigg", Kind::Person),
        ("new-labour", "New Labour", Kind::Concept),
        ("ippr", "IPPR", Kind::Organisation),
    ] {
        d.nodes.push(Node::new(id, label, kind));
    }
    let mut edge = |from: &str, to: &str, rel: Relation, quote: &str| {
        let mut e = Edge::new(from, to, rel);
        e.evidence.push(ev(quote));
        d.edges.push(e);
    };
    edge(
        "alan-milburn",
        "beyond-whitehall",
        Relation::Wrote,
        "Milburn wrote it",
    );
    edge(
        "progress",
        "beyond-whitehall",
        Relation::Published,
        "Published by Progress",
    );
    edge(
        "stephen-twigg",
        "beyond-whitehall",
        Relation::ContributedTo,
        "Twigg contributed",
    );
    edge(
        "jon-cruddas",
        "relational-state",
        Relation::Advocates,
        "Cruddas argued for it",
    );
    edge(
        "ippr",
        "relational-state",
        Relation::Published,
        "IPPR published it",
    );
    edge(
        "alan-milburn",
        "new-labour",
        Relation::Supports,
        "Milburn backed it",
    );
    edge(
        "jon-cruddas",
        "new-labour",
        Relation::Criticises,
        "Cruddas attacked it",
    );
    edge(
        "alan-milburn",
        "progress",
        Relation::MemberOf,
        "Milburn at Progress",
    );
    KnowledgeGraph::from_document(d)
}

fn harness(kg: KnowledgeGraph) -> Harness<'static, App> {
    let mut app = App::new(kg, None);
    // A settled layout stops asking for repaints, which `Harness::run` needs.
    app.settle_layout();
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(40)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h
}

/// The label of the node with this id.
fn label(h: &Harness<'_, App>, id: &str) -> String {
    h.state()
        .graph()
        .node(id)
        .map(|n| n.label.clone())
        .unwrap_or_else(|| panic!("no node {id}"))
}

/// Clicks the canvas node with this label (the sidebar's links carry a prefix such as
/// "Wrote: ", so the canvas node is the only button with the bare label).
fn click_node(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
}

#[test]
fn click_through_who_wrote_what_and_back() {
    let mut h = harness(graph());
    let bw = label(&h, "beyond-whitehall");
    click_node(&mut h, "Alan Milburn");
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
    // Beyond Whitehall, whose introduction he wrote, is listed under "Contributed to"
    // in the sidebar. The sidebar is taller than the window: bring the link into view
    // first.
    h.get_by_label(&format!("Contributed to: {bw}"))
        .scroll_to_me();
    h.run();
    h.get_by_label(&format!("Contributed to: {bw}")).click();
    h.run();
    assert_eq!(h.state().selected_label(), Some(bw.as_str()));
    h.get_by_label("Published by: Progress");
    assert!(
        h.query_all_by_label_contains("Contributors: ")
            .next()
            .is_some(),
        "Beyond Whitehall should list its contributors"
    );
    h.get_by_label("Back").click();
    h.run();
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
    h.get_by_label(&format!("Contributed to: {bw}"));
    h.get_by_label("Forward").click();
    h.run();
    assert_eq!(h.state().selected_label(), Some(bw.as_str()));
}

#[test]
fn alt_arrows_walk_the_history() {
    let mut h = harness(graph());
    click_node(&mut h, "Alan Milburn");
    click_node(&mut h, "Progress");
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
    h.key_press_modifiers(Modifiers::ALT, Key::ArrowRight);
    h.run();
    assert_eq!(h.state().selected_label(), Some("Progress"));
}

#[test]
fn search_selects_the_relational_state_and_esc_clears() {
    let mut h = harness(graph());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Search").type_text("relational");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let label = h.state().selected_label().map(str::to_lowercase);
    assert!(
        label
            .as_deref()
            .is_some_and(|l| l.contains("relational state")),
        "selected {label:?}"
    );
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selection(), None);
}

/// ↓ moves the highlight through the search hits and Enter selects the highlighted
/// one; Esc closes the list and keeps the selection.
#[test]
fn arrow_keys_choose_a_search_hit_and_esc_closes_the_list() {
    let mut h = harness(graph());
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Search").type_text("mil");
    h.run();
    let hits: Vec<String> = h
        .query_all_by_role(Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .filter(|l| l.ends_with(" (person)") || l.ends_with(" (concept)"))
        .collect();
    assert!(hits.len() >= 2, "{hits:?}");
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let second = hits[1].rsplit_once(" (").map(|(l, _)| l.to_owned());
    assert_eq!(h.state().selected_label().map(str::to_owned), second);
    // Esc in the field closes the list and keeps what is selected.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_label("Search").type_text("a");
    h.run();
    assert!(
        h.query_by_label_contains("Enter selects").is_some(),
        "the list is open"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Enter selects").is_none(),
        "closed"
    );
    assert_eq!(h.state().selected_label().map(str::to_owned), second);
}

/// N walks round the selected node's neighbours in turn, Shift+N walks back.
#[test]
fn n_walks_round_the_selected_nodes_neighbours() {
    let mut h = harness(graph());
    click_node(&mut h, "Alan Milburn");
    let kg = h.state().graph().clone();
    let milburn = kg.index_of("alan-milburn").expect("milburn");
    let neighbours: std::collections::BTreeSet<_> = kg
        .incident(milburn)
        .into_iter()
        .map(|(_, o, _)| o)
        .collect();
    let mut seen = Vec::new();
    for _ in 0..3 {
        h.key_press(Key::N);
        h.run();
        let ix = h
            .state()
            .selection()
            .and_then(|s| s.node())
            .expect("a node");
        assert!(neighbours.contains(&ix), "a neighbour of Milburn's");
        seen.push(ix);
    }
    assert!(seen[0] != seen[1] && seen[1] != seen[2], "{seen:?}");
    h.key_press_modifiers(Modifiers::SHIFT, Key::N);
    h.run();
    assert_eq!(h.state().selection().and_then(|s| s.node()), Some(seen[1]));
}

#[test]
fn clicking_the_background_clears_the_selection() {
    let mut h = harness(graph());
    click_node(&mut h, "Alan Milburn");
    assert!(h.state().selection().is_some());
    // The bottom right corner of the canvas, left of the sidebar, is empty.
    let canvas = h.get_by_label("Graph canvas").rect();
    let empty = canvas.right_bottom() - vec2(20.0, 20.0);
    h.hover_at(empty);
    h.drag_at(empty);
    h.drop_at(empty);
    h.run();
    assert_eq!(h.state().selection(), None);
}

#[test]
fn dragging_a_node_pins_it_and_the_context_menu_releases_it() {
    let mut h = harness(graph());
    let start = h
        .get_by_role_and_label(Role::Button, "Progress")
        .rect()
        .center();
    let end = start + vec2(80.0, 50.0);
    h.hover_at(start);
    h.drag_at(start);
    h.run_steps(1);
    for i in 1..=5 {
        h.hover_at(start + (end - start) * (i as f32 / 5.0));
        h.run_steps(1);
    }
    h.drop_at(end);
    h.run_steps(1);
    assert!(
        h.state().is_pinned("progress"),
        "dragged node should be pinned"
    );
    h.state_mut().settle_layout();
    h.run();
    let now = h
        .get_by_role_and_label(Role::Button, "Progress")
        .rect()
        .center();
    assert!(
        (now - end).length() < 2.0,
        "pinned node stays where dropped: {now:?} vs {end:?}"
    );
    // The context menu releases it.
    h.get_by_role_and_label(Role::Button, "Progress")
        .click_secondary();
    h.run();
    h.get_by_label("Unpin").click();
    h.run_steps(2);
    assert!(!h.state().is_pinned("progress"));
}

#[test]
fn connections_read_in_plain_words_both_ways() {
    let mut h = harness(graph());
    let bw = label(&h, "beyond-whitehall");
    click_node(&mut h, "Progress");
    h.get_by_label(&format!("Published: {bw}"));
    click_node(&mut h, "The relational state");
    assert!(
        h.query_all_by_label_contains("Advocated by: ")
            .next()
            .is_some()
    );
}

#[test]
fn fit_and_zoom_keys_move_the_camera() {
    let mut h = harness(graph());
    let (_, z0) = h.state().camera();
    h.key_press(Key::Plus);
    h.run();
    let (_, z1) = h.state().camera();
    assert!(z1 > z0 * 1.1, "{z1} after + from {z0}");
    h.key_press(Key::F);
    h.run();
    let (_, z2) = h.state().camera();
    assert!((z2 - z0).abs() < 0.05 * z0, "F fits back: {z2} vs {z0}");
}

#[test]
fn a_bad_file_shows_its_error_and_keeps_the_graph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(version: 1,\n  nodes: [ oops ]\n)").expect("write");
    let mut h = harness(graph());
    let before = h.state().graph().num_nodes();
    let ctx = h.ctx.clone();
    h.state_mut().load_path(&ctx, bad);
    h.run();
    let msg = h
        .state()
        .error_message()
        .map(str::to_owned)
        .expect("an error");
    assert!(
        msg.contains("bad.ron:2:"),
        "message has file:line:column: {msg}"
    );
    assert_eq!(h.state().graph().num_nodes(), before);
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(h.state().error_message(), None);
}

#[test]
fn double_click_releases_a_pinned_node() {
    let mut app = App::new(graph(), None);
    app.settle_layout();
    // Short frames, so that two clicks fall within the double-click interval.
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_step_dt(0.02)
        .with_max_steps(200)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    let at = h
        .get_by_role_and_label(Role::Button, "Progress")
        .rect()
        .center();
    let node = h.state().graph().index_of("progress").expect("progress");
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, ideagraph::ui::Command::Pin(node, [0.0, 0.0]));
    h.state_mut().settle_layout();
    h.run();
    assert!(h.state().is_pinned("progress"));
    let at2 = h
        .get_by_role_and_label(Role::Button, "Progress")
        .rect()
        .center();
    assert_ne!(at, at2, "pinning moved it to the origin");
    let node = h.get_by_role_and_label(Role::Button, "Progress");
    node.click();
    node.click();
    h.run_steps(8);
    assert!(!h.state().is_pinned("progress"));
}

#[test]
fn clicking_an_edge_shows_its_relation_and_evidence() {
    let mut h = harness(graph());
    let bw = label(&h, "beyond-whitehall");
    let a = h
        .get_by_role_and_label(Role::Button, "Alan Milburn")
        .rect()
        .center();
    let b = h.get_by_role_and_label(Role::Button, &bw).rect().center();
    // A point on the edge, well away from both nodes.
    let on_edge = a + (b - a) * 0.5;
    h.hover_at(on_edge);
    h.drag_at(on_edge);
    h.drop_at(on_edge);
    h.run();
    let sel = h.state().selection().expect("an edge is selected");
    let e = sel.edge().expect("an edge, not a node");
    let kg = h.state().graph();
    let (from, to) = kg.endpoints(e).expect("ends");
    let ends = [from, to].map(|ix| kg.node_at(ix).map(|n| n.label.clone()));
    assert!(ends.contains(&Some("Alan Milburn".to_owned())), "{ends:?}");
    h.get_by_label("From: Alan Milburn");
    h.get_by_label("Evidence");
}

#[test]
fn colour_by_faction_switches_the_legend() {
    let mut h = harness(graph());
    h.get_by_label("faction").click();
    h.run();
    assert_eq!(
        h.state().spec().colour_by,
        ideagraph::query::ColourMode::Faction
    );
    h.get_by_label("Colour: faction (first claim)");
    h.get_by_label("kind").click();
    h.run();
    h.get_by_label("Shape and colour: kind");
}

/// The View menu's colour radios show the mapping the toolbar chose: one owner, the spec.
#[test]
fn the_view_menu_shows_the_colour_the_toolbar_chose() {
    let mut h = harness(graph());
    h.get_by_label("faction").click();
    h.run();
    h.get_by_label("View").click();
    h.run();
    let checked = |h: &Harness<'_, App>, label: &str| {
        h.get_by_role_and_label(Role::RadioButton, label)
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True)
    };
    assert!(checked(&h, "Faction"));
    assert!(!checked(&h, "Kind"));
}

/// A named pipe: opening it blocks the reader until something is written, so a test can
/// hold a background open in progress for as long as it likes.
/// A loader that holds the file back until the returned sender says go (or is
/// dropped): a slow file, without timing.
fn held_loader() -> (
    std::sync::mpsc::Sender<()>,
    impl Fn(&std::path::Path) -> Result<ideagraph::ui::Prepared, ideagraph::ui::UiError>
    + Send
    + Sync
    + 'static,
) {
    let (go, gate) = std::sync::mpsc::channel::<()>();
    let gate = std::sync::Mutex::new(gate);
    let load = move |p: &std::path::Path| {
        if let Ok(gate) = gate.lock() {
            let _ = gate.recv();
        }
        ideagraph::ui::load_prepared(p)
    };
    (go, load)
}

#[test]
fn opening_a_file_shows_progress_keeps_the_graph_usable_then_switches() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("incoming.ron");
    std::fs::write(&file, "").expect("write");
    let (go, load) = held_loader();
    let mut h = harness(fixture());
    let ctx = h.ctx.clone();
    h.state_mut().open_path_with(&ctx, file.clone(), load);
    h.run_steps(2);
    assert!(h.state().is_loading());
    h.get_by_label("Opening incoming.ron (0 KB)…");
    // The current graph is still there and clickable while the file loads.
    assert_eq!(h.state().graph().num_nodes(), fixture().num_nodes());
    h.get_by_role_and_label(Role::Button, "Progress")
        .click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().selected_label(), Some("Progress"));
    // The file arrives: the window switches to it.
    std::fs::write(&file, include_str!("../graph.ron")).expect("write");
    go.send(()).expect("the loader waits");
    for _ in 0..2_000 {
        if !h.state().is_loading() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    assert!(!h.state().is_loading(), "the open finished");
    assert_eq!(h.state().path(), Some(file.as_path()));
    assert!(h.state().graph().num_nodes() > fixture().num_nodes());
    assert_eq!(h.state().selection(), None);
}

#[test]
fn cancelling_an_open_keeps_the_current_graph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("slow.ron");
    std::fs::write(&file, include_str!("../graph.ron")).expect("write");
    let (go, load) = held_loader();
    let mut h = harness(fixture());
    let ctx = h.ctx.clone();
    h.state_mut().open_path_with(&ctx, file, load);
    h.run_steps(2);
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state().is_loading());
    // Let the abandoned loader finish; its graph must not replace ours.
    go.send(()).expect("the loader waits");
    std::thread::sleep(std::time::Duration::from_millis(300));
    h.run_steps(3);
    assert_eq!(h.state().graph().num_nodes(), fixture().num_nodes());
    assert_eq!(h.state().path(), None);
}

#[test]
fn an_empty_graph_draws_without_trouble() {
    let mut h = harness(KnowledgeGraph::default());
    h.key_press(Key::F);
    h.run();
    assert_eq!(h.state().graph().num_nodes(), 0);
    assert_eq!(h.state().selection(), None);
}

/// The toolbar pauses a moving layout (every node holds its place over later frames)
/// and resumes it: what a user of a large map needs, whose layout takes minutes.
#[test]
fn the_toolbar_pauses_and_resumes_the_layout() {
    let kg = ideagraph::bundled::bundled_graph().expect("bundled graph");
    let app = App::new(kg, None);
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run_steps(3);
    assert!(!h.state().is_layout_paused() && !h.state().is_layout_settled());
    h.get_by_label("Pause layout").click();
    h.run_steps(2);
    assert!(h.state().is_layout_paused());
    let at = h.state().node_position("progress").expect("progress");
    for _ in 0..5 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    assert_eq!(
        h.state().node_position("progress"),
        Some(at),
        "paused: held"
    );
    h.get_by_label("Resume layout").click();
    h.run_steps(2);
    assert!(!h.state().is_layout_paused());
}
