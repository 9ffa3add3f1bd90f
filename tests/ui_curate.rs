//! Curating in the window, driven headless by `egui_kittest`: a passage becomes a new
//! edge (to a new node), a new node or evidence for an existing fact; a node is edited
//! from the sidebar, an edge swapped, a node deleted after a confirmation that counts
//! its edges, two duplicates merged; the canvas makes a node where it is right-clicked
//! and an edge between two nodes Ctrl-dragged together; an invalid date is refused
//! beside its field with the graph unchanged, and so is a quote not in its source's
//! text (with the nearest passage), while a quote whose text cannot be found is noted
//! and allowed.

use egui::{Event, Modifiers, PointerButton, Pos2, Rect, Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::io::quotes::{QuoteMatch, match_quote};
use ideagraph::model::{
    Document, Edge, Evidence, Kind, KnowledgeGraph, Node, Relation, Role as NodeRole, Source,
    SubKind,
};
use ideagraph::ui::{App, Command, EditorCommand, PassageAction, Selection};

#[allow(dead_code)]
mod common;
use common::{click, settled, type_into, window};

/// A quote from the notes, the fixture graphs' one source.
fn note(quote: &str) -> Evidence {
    Evidence::new("notes", quote)
}

fn sourced(from: &str, to: &str, relation: Relation) -> Edge {
    let mut e = Edge::new(from, to, relation);
    e.evidence.push(note(&format!("{from} and {to}")));
    e
}

/// Ada Reformer (who holds a role) advocates localism and markets and wrote an essay;
/// "A. Reformer" is her duplicate, with an alias and an edge of its own; the Guild
/// mentions localism.
fn small_graph() -> KnowledgeGraph {
    let mut doc = Document::default();
    let mut ada = Node::new("ada", "Ada Reformer", Kind::Person);
    ada.roles.push(NodeRole {
        title: "Council leader".into(),
        when: None,
        evidence: note("Ada, the council leader"),
    });
    let mut dup = Node::new("a-reformer", "A. Reformer", Kind::Person);
    dup.aliases.push("Reformer".into());
    dup.evidence.push(note("A. Reformer, writing today"));
    doc.nodes.extend([
        ada,
        Node::new("localism", "Localism", Kind::Concept),
        Node::new("markets", "Markets", Kind::Concept),
        Node::new("essay", "An Essay", Kind::Publication),
        Node::new("guild", "The Guild", Kind::Organisation),
        dup,
    ]);
    doc.edges.extend([
        sourced("ada", "localism", Relation::Advocates),
        sourced("ada", "markets", Relation::Advocates),
        sourced("ada", "essay", Relation::Wrote),
        sourced("guild", "localism", Relation::Mentions),
        sourced("a-reformer", "markets", Relation::Criticises),
        sourced("a-reformer", "localism", Relation::Advocates),
    ]);
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

/// The window on `kg`, laid out and paused.
fn harness_on(kg: KnowledgeGraph) -> Harness<'static, App> {
    let mut app = App::new(kg, None);
    app.settle_layout();
    app.set_layout_paused(true);
    window(app, vec2(1400.0, 900.0), 40)
}

/// Applies a command to the app, as a widget's would be, and lets the frame settle.
fn send(h: &mut Harness<'_, App>, cmd: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, cmd);
    h.run();
}

/// Picks `option` in the drop-down named `name`.
fn choose(h: &mut Harness<'_, App>, name: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, name).click();
    h.run();
    click(h, option);
}

/// Types `query` in the node picker named `name` and clicks the match `pick`.
fn pick(h: &mut Harness<'_, App>, name: &str, query: &str, pick: &str) {
    type_into(h, name, query);
    click(h, &format!("{name}: {pick}"));
}

/// Selects a node by clicking it on the canvas.
fn select_node(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label)
        .click_accesskit();
    h.run();
    assert_eq!(h.state().selected_label(), Some(label));
}

fn edge_between(kg: &KnowledgeGraph, from: &str, to: &str, relation: Relation) -> Option<Edge> {
    let (a, b) = (kg.index_of(from)?, kg.index_of(to)?);
    kg.graph()
        .edges_connecting(a, b)
        .map(|r| r.weight().clone())
        .find(|e| e.relation == relation)
}

/// The words the Done-when scenario selects in the Guardian piece on Kendall and Reed.
const CRUDDAS_QUOTE: &str = "has the strong support of Jon Cruddas";

/// The scenario of issue 14: in the Guardian piece, "has the strong support of Jon
/// Cruddas" becomes an edge Jon Cruddas supports a new node, with the passage as its
/// quote, shown on the canvas and in the sidebar.
#[test]
fn a_passage_becomes_an_edge_to_a_new_node() {
    let seed = std::path::Path::new("../shared/seeds/001_155680d1aa5e14ed.txt");
    match std::fs::read_to_string(seed) {
        Ok(text) => assert!(text.contains(CRUDDAS_QUOTE), "the quote is verbatim"),
        Err(_) => println!(
            "note: {} is absent; not checking the quote against it",
            seed.display()
        ),
    }
    let mut h = window(settled(None), vec2(1500.0, 950.0), 40);
    let source = "guardian-kendall-reed-2015";
    assert!(h.state().graph().source(source).is_some());
    let passage = Evidence::new(source, CRUDDAS_QUOTE);
    send(
        &mut h,
        Command::Passage(PassageAction::NewEdge(passage.clone())),
    );
    assert_eq!(h.state().editor_dialog(), Some("New edge"));
    pick(&mut h, "From node", "Cruddas", "Jon Cruddas (person)");
    click(&mut h, "To: new node");
    // Prefilled from the passage; the curator names the idea.
    assert_eq!(
        h.get_by_label("To new node label").value().as_deref(),
        Some(CRUDDAS_QUOTE)
    );
    type_into(&mut h, "To new node label", "Reed\u{2013}Kendall plan");
    choose(
        &mut h,
        "Relation",
        "Jon Cruddas \u{2014} supports \u{2014} Reed\u{2013}Kendall plan",
    );
    click(&mut h, "Create edge");

    assert_eq!(
        h.state().editor_dialog(),
        None,
        "the dialog closes once applied"
    );
    let kg = h.state().graph();
    let plan = kg.node("reed-kendall-plan").expect("the new node");
    assert_eq!(
        (plan.label.as_str(), plan.kind),
        ("Reed\u{2013}Kendall plan", Kind::Concept)
    );
    let edge = edge_between(kg, "jon-cruddas", "reed-kendall-plan", Relation::Supports)
        .expect("the new edge");
    assert_eq!(edge.evidence, [passage], "the passage, verbatim");
    // Selected, so the sidebar shows it; the canvas shows the new node.
    assert!(matches!(h.state().selection(), Some(Selection::Edge(_))));
    h.get_by_label("To: Reed\u{2013}Kendall plan");
    h.get_by_label(&format!("\u{201c}{CRUDDAS_QUOTE}\u{201d}"));
    h.get_by_role_and_label(Role::Button, "Reed\u{2013}Kendall plan");
}

#[test]
fn a_passage_is_added_as_evidence_to_the_selected_edge_or_re_anchors_a_role() {
    let mut h = harness_on(small_graph());
    let kg = h.state().graph();
    let (ada, localism) = (
        kg.index_of("ada").expect("ada"),
        kg.index_of("localism").expect("localism"),
    );
    let e = kg.graph().find_edge(ada, localism).expect("an edge");
    send(&mut h, Command::SelectEdge(e));
    let passage = note("Ada has long argued for localism");
    send(
        &mut h,
        Command::Passage(PassageAction::AddAsEvidence(passage.clone())),
    );
    assert_eq!(h.state().editor_dialog(), Some("Add as evidence"));
    click(&mut h, "Add evidence");
    let quotes = &h.state().graph().graph()[e].evidence;
    assert_eq!(quotes.len(), 2);
    assert_eq!(quotes.last(), Some(&passage));

    // A role holds one quote: the passage replaces it.
    select_node(&mut h, "Ada Reformer");
    let anchor = note("Ada, who leads the council");
    send(
        &mut h,
        Command::Passage(PassageAction::AddAsEvidence(anchor.clone())),
    );
    click(&mut h, "Role: Council leader");
    h.get_by_label_contains("the passage replaces");
    click(&mut h, "Add evidence");
    let ada = h.state().graph().node("ada").expect("ada");
    assert_eq!(ada.roles[0].evidence, anchor);
    assert_eq!(h.state().editor_dialog(), None);
}

#[test]
fn a_passage_becomes_a_new_node_with_an_id_from_its_label() {
    let mut h = harness_on(small_graph());
    let passage = note("Bea Planner");
    send(
        &mut h,
        Command::Passage(PassageAction::NewNode(passage.clone())),
    );
    assert_eq!(h.state().editor_dialog(), Some("New node"));
    assert_eq!(
        h.get_by_label("New node label").value().as_deref(),
        Some("Bea Planner")
    );
    choose(&mut h, "New node kind", "person");
    choose(&mut h, "New node sub-kind", "politician");
    type_into(&mut h, "New node aliases", "B. Planner");
    click(&mut h, "Create node");
    let kg = h.state().graph();
    let bea = kg
        .node("bea-planner")
        .expect("made, with its id from its label");
    assert_eq!(bea.kind, Kind::Person);
    assert_eq!(bea.sub_kind, Some(SubKind::Politician));
    assert_eq!(bea.aliases, ["B. Planner"]);
    assert_eq!(bea.evidence, [passage]);
    assert_eq!(h.state().selected_label(), Some("Bea Planner"));
}

#[test]
fn a_label_edited_in_the_sidebar_shows_on_the_canvas_and_in_the_sidebar() {
    let mut h = harness_on(small_graph());
    select_node(&mut h, "Localism");
    click(&mut h, "Edit…");
    assert_eq!(h.state().editor_dialog(), Some("Edit node"));
    type_into(&mut h, "Node label", "Local power");
    // An id another node has is refused beside the field, and nothing is sent.
    type_into(&mut h, "Node id", "markets");
    h.get_by_label("Another node has the id \"markets\".");
    let revision = h.state().graph().revision();
    click(&mut h, "Save node");
    assert_eq!(h.state().graph().revision(), revision);
    assert_eq!(h.state().editor_dialog(), Some("Edit node"));
    type_into(&mut h, "Node id", "localism");
    click(&mut h, "Save node");
    assert_eq!(h.state().editor_dialog(), None);
    assert_eq!(h.state().selected_label(), Some("Local power"));
    h.get_by_role_and_label(Role::Button, "Local power");
    assert!(
        h.query_by_role_and_label(Role::Button, "Localism")
            .is_none()
    );
    // The sidebar's heading, and the id (so every edge) unchanged.
    assert_eq!(
        h.query_all_by_role_and_label(Role::Label, "Local power")
            .count(),
        1
    );
    assert_eq!(
        h.state().graph().node("localism").map(|n| n.label.as_str()),
        Some("Local power")
    );
}

#[test]
fn an_edge_is_swapped_in_place() {
    let mut h = harness_on(small_graph());
    let kg = h.state().graph();
    let (ada, essay) = (
        kg.index_of("ada").expect("ada"),
        kg.index_of("essay").expect("essay"),
    );
    let e = kg
        .graph()
        .find_edge(ada, essay)
        .expect("ada wrote the essay");
    send(&mut h, Command::SelectEdge(e));
    click(&mut h, "Edit…");
    assert_eq!(h.state().editor_dialog(), Some("Edit edge"));
    click(&mut h, "Swap direction");
    click(&mut h, "Save edge");
    let w = &h.state().graph().graph()[e];
    assert_eq!(
        (w.from.as_str(), w.to.as_str()),
        ("essay", "ada"),
        "same index, ends swapped"
    );
    assert_eq!(h.state().graph().endpoints(e), Some((essay, ada)));
    assert_eq!(h.state().selection(), Some(Selection::Edge(e)));
}

#[test]
fn a_node_is_deleted_after_a_confirmation_that_counts_its_edges() {
    let mut h = harness_on(small_graph());
    select_node(&mut h, "Ada Reformer");
    // Esc closes the question, and nothing goes.
    click(&mut h, "Delete…");
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().editor_dialog(), None);
    assert_eq!(
        h.state().selected_label(),
        Some("Ada Reformer"),
        "Esc closed the dialog only"
    );
    click(&mut h, "Delete…");
    h.get_by_label("Delete Ada Reformer and their 3 edges?");
    assert!(h.state().graph().node("ada").is_some(), "nothing yet");
    h.get_by_role_and_label(Role::Button, "Delete").click();
    h.run();
    let kg = h.state().graph();
    assert!(kg.node("ada").is_none());
    assert_eq!(kg.num_edges(), 3);
    assert_eq!(h.state().selection(), None);
    assert!(
        h.query_by_role_and_label(Role::Button, "Ada Reformer")
            .is_none()
    );
}

#[test]
fn duplicates_are_merged_with_edges_re_pointed_and_aliases_united() {
    let mut h = harness_on(small_graph());
    select_node(&mut h, "A. Reformer");
    click(&mut h, "Merge into…");
    pick(&mut h, "Node to keep", "Ada", "Ada Reformer (person)");
    h.get_by_label_contains("Merge A. Reformer into Ada Reformer: 1 edge re-pointed; 1 folded");
    h.get_by_role_and_label(Role::Button, "Merge").click();
    h.run();
    let kg = h.state().graph();
    assert!(kg.node("a-reformer").is_none());
    let ada = kg.node("ada").expect("kept");
    assert_eq!(ada.aliases, ["A. Reformer", "Reformer"]);
    assert_eq!(ada.evidence, [note("A. Reformer, writing today")]);
    assert!(edge_between(kg, "ada", "markets", Relation::Criticises).is_some());
    let advocates = edge_between(kg, "ada", "localism", Relation::Advocates).expect("folded");
    assert_eq!(advocates.evidence.len(), 2, "{advocates:?}");
    assert_eq!(kg.num_edges(), 5);
    assert_eq!(h.state().selected_label(), Some("Ada Reformer"));
}

/// A point on empty canvas: no node, label or overlay there.
fn empty_spot(h: &Harness<'_, App>) -> Pos2 {
    let canvas = h.get_by_label("Graph canvas").rect();
    let taken: Vec<Rect> = h
        .query_all_by_role(Role::Button)
        .map(|n| n.rect().expand(12.0))
        .chain(h.state().covered_rects().iter().copied())
        .chain(h.state().label_boxes().iter().map(|(_, r)| r.expand(6.0)))
        .collect();
    (0..100)
        .map(|i| {
            canvas.center()
                + vec2(
                    (i % 10) as f32 * 40.0 - 200.0,
                    (i / 10) as f32 * 40.0 - 200.0,
                )
        })
        .find(|p| canvas.shrink(40.0).contains(*p) && taken.iter().all(|r| !r.contains(*p)))
        .expect("an empty spot on the canvas")
}

#[test]
fn new_node_here_puts_the_node_where_the_canvas_was_right_clicked() {
    let mut h = harness_on(small_graph());
    let at = empty_spot(&h);
    let canvas = h.get_by_label("Graph canvas").rect();
    let (centre, zoom) = h.state().camera();
    let scene = centre + (at - canvas.center()) / zoom;
    h.event(Event::PointerMoved(at));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    click(&mut h, "New node here");
    assert_eq!(h.state().editor_dialog(), Some("New node"));
    type_into(&mut h, "New node label", "Town hall");
    click(&mut h, "Create node");
    let node = h.state().graph().node("town-hall").expect("made");
    let pos = node.pos.expect("a position");
    assert!(
        (pos[0] - scene.x).abs() < 0.5 && (pos[1] - scene.y).abs() < 0.5,
        "{pos:?} vs {scene:?}"
    );
    // The layout keeps it there, even run to rest.
    h.state_mut().set_layout_paused(false);
    h.state_mut().settle_layout();
    h.state_mut().set_layout_paused(true);
    h.run();
    let shown = h.state().node_position("town-hall").expect("shown");
    assert!(
        (shown[0] - pos[0]).abs() < 0.5 && (shown[1] - pos[1]).abs() < 0.5,
        "{shown:?} vs {pos:?}"
    );
}

/// Presses at `from`, moves to `to` in steps and lets go there, with `modifiers` held.
fn drag(h: &mut Harness<'_, App>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    press_and_move(h, from, to, modifiers);
    let_go(h, to, modifiers);
}

/// Presses at `from` and moves to `to` in steps, with `modifiers` held, not letting go.
fn press_and_move(h: &mut Harness<'_, App>, from: Pos2, to: Pos2, modifiers: Modifiers) {
    h.event(Event::ModifiersChanged(modifiers));
    h.event(Event::PointerMoved(from));
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    move_to(h, from, to);
}

/// Moves the pointer from `from` to `to` in steps.
fn move_to(h: &mut Harness<'_, App>, from: Pos2, to: Pos2) {
    for t in [0.1, 0.4, 0.7, 1.0] {
        h.event(Event::PointerMoved(from + (to - from) * t));
    }
    h.run();
}

/// Lets go of the primary button at `at`, then of `modifiers`.
fn let_go(h: &mut Harness<'_, App>, at: Pos2, modifiers: Modifiers) {
    h.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed: false,
        modifiers,
    });
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

/// Whether this frame painted a line from `from` to `to` (within a point).
fn painted_line(h: &Harness<'_, App>, from: Pos2, to: Pos2) -> bool {
    h.output().shapes.iter().any(|s| match &s.shape {
        egui::Shape::LineSegment { points, .. } => {
            (points[0] - from).length() < 1.0 && (points[1] - to).length() < 1.0
        }
        _ => false,
    })
}

#[test]
fn ctrl_drag_between_two_nodes_starts_an_edge_that_asks_for_its_quote() {
    let mut h = harness_on(small_graph());
    let node =
        |h: &Harness<'_, App>, label| h.get_by_role_and_label(Role::Button, label).rect().center();
    let (guild, markets) = (node(&h, "The Guild"), node(&h, "Markets"));
    let before = h.state().node_position("guild");
    // A line follows the pointer while the drag lasts.
    let halfway = guild + (markets - guild) * 0.5;
    press_and_move(&mut h, guild, halfway, Modifiers::COMMAND);
    assert!(painted_line(&h, guild, halfway), "a line to the pointer");
    move_to(&mut h, halfway, markets);
    let_go(&mut h, markets, Modifiers::COMMAND);
    assert!(!painted_line(&h, guild, markets), "gone once let go");
    assert_eq!(h.state().editor_dialog(), Some("New edge"));
    assert!(
        !h.state().is_pinned("guild"),
        "the drag drew a link, it did not move the node"
    );
    assert_eq!(h.state().node_position("guild"), before);
    // Both ends are chosen; an edge needs its quote.
    h.get_by_label("Change From node");
    h.get_by_label("Change To node");
    choose(
        &mut h,
        "Relation",
        "The Guild \u{2014} criticises \u{2014} Markets",
    );
    click(&mut h, "Create edge");
    h.get_by_label_contains("The quote is empty");
    assert!(edge_between(h.state().graph(), "guild", "markets", Relation::Criticises).is_none());
    type_into(&mut h, "Edge quote", "the Guild attacked markets");
    click(&mut h, "Create edge");
    let edge =
        edge_between(h.state().graph(), "guild", "markets", Relation::Criticises).expect("made");
    assert_eq!(edge.evidence, [note("the Guild attacked markets")]);
    // A plain drag still pins the node where it is let go.
    let (guild, essay) = (node(&h, "The Guild"), node(&h, "An Essay"));
    drag(
        &mut h,
        guild,
        guild + (essay - guild) * 0.5,
        Modifiers::NONE,
    );
    assert!(h.state().is_pinned("guild"));
    assert_eq!(h.state().editor_dialog(), None);
}

#[test]
fn an_invalid_date_is_refused_beside_its_field_and_nothing_changes() {
    let mut h = harness_on(small_graph());
    send(
        &mut h,
        Command::Passage(PassageAction::NewNode(note("Bea Planner"))),
    );
    type_into(&mut h, "New node date", "2015-13");
    let message = "\"2015-13\": month 13 is outside 1..=12";
    let shown = h.get_by_label(message).rect();
    let field = h.get_by_label("New node date").rect();
    assert!(
        shown.top() >= field.top() && shown.top() - field.bottom() < 60.0,
        "beside the field"
    );
    let (revision, nodes) = (h.state().graph().revision(), h.state().graph().num_nodes());
    click(&mut h, "Create node");
    assert_eq!(h.state().graph().revision(), revision, "nothing was sent");
    assert_eq!(h.state().graph().num_nodes(), nodes);
    assert_eq!(
        h.state().editor_dialog(),
        Some("New node"),
        "still open, input kept"
    );
    assert_eq!(
        h.get_by_label("New node date").value().as_deref(),
        Some("2015-13")
    );
    // Mended, it goes in.
    type_into(&mut h, "New node date", "2015-01");
    click(&mut h, "Create node");
    let bea = h.state().graph().node("bea-planner").expect("made");
    assert_eq!(
        bea.date.as_ref().map(|d| d.date.to_string()).as_deref(),
        Some("2015-01")
    );
}

/// The notes' text for the quote checks: an apostrophe and a dash typeset, a line
/// break inside a sentence.
const NOTES_TEXT: &str = "Ada Reformer, the council leader, said it\u{2019}s time to act on\nlocalism \u{2013} and soon. The Guild attacked markets in its newsletter.\n";

/// The small graph with its notes kept in `notes.txt`, and the window on it with
/// `--sources` naming `dir`, the texts read.
fn harness_with_sources(dir: &std::path::Path) -> Harness<'static, App> {
    let mut kg = small_graph();
    let mut doc = kg.to_document();
    doc.sources[0].file = "notes.txt".into();
    kg = KnowledgeGraph::from_document(doc);
    let mut app = App::new(kg, None);
    app.set_sources_flag(Some(dir.to_path_buf()));
    assert!(app.wait_for_sources(), "the texts are read");
    app.settle_layout();
    app.set_layout_paused(true);
    window(app, vec2(1400.0, 900.0), 40)
}

/// A folder holding the notes' text.
fn notes_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("notes.txt"), NOTES_TEXT).expect("write the notes");
    dir
}

/// What the form says beside a quote not in the notes: the nearest passage, as
/// `check --sources` finds it.
fn not_in_notes(quote: &str) -> String {
    let QuoteMatch::Missing { nearest } = match_quote(NOTES_TEXT, quote) else {
        panic!("{quote:?} is in the notes")
    };
    format!("Not in Notes: nearest passage \"{nearest}\"")
}

/// Asserts that the label `shown` sits just below the field named `field`.
fn beside(h: &Harness<'_, App>, shown: &str, field: &str) {
    let shown = h.get_by_label(shown).rect();
    let field = h.get_by_label(field).rect();
    assert!(
        shown.top() >= field.top() && shown.top() - field.bottom() < 60.0,
        "{shown:?} beside {field:?}"
    );
}

#[test]
fn a_quote_not_in_its_source_is_refused_beside_its_field_and_a_verbatim_one_goes_in() {
    let dir = notes_folder();
    let mut h = harness_with_sources(dir.path());
    let kg = h.state().graph();
    let (ada, localism) = (
        kg.index_of("ada").expect("ada"),
        kg.index_of("localism").expect("localism"),
    );
    let e = kg.graph().find_edge(ada, localism).expect("an edge");
    send(&mut h, Command::SelectEdge(e));
    click(&mut h, "Edit…");
    // The quote the edge holds is not in the notes: shown, to re-anchor, but an edit
    // that leaves it as it was is not refused for it.
    let held = format!("{} (so before this edit)", not_in_notes("ada and localism"));
    beside(&h, &held, "Edge quote 1");
    click(&mut h, "Add a quote");
    let wrong = "Ada said it is time to act on localism";
    type_into(&mut h, "Edge quote 2", wrong);
    let refused = not_in_notes(wrong);
    assert!(
        refused.contains("it's time to act on localism"),
        "{refused}"
    );
    beside(&h, &refused, "Edge quote 2");
    let revision = h.state().graph().revision();
    click(&mut h, "Save edge");
    assert_eq!(h.state().graph().revision(), revision, "nothing was sent");
    assert_eq!(h.state().graph().graph()[e].evidence.len(), 1);
    assert_eq!(h.state().editor_dialog(), Some("Edit edge"), "still open");
    // Verbatim but for a straight apostrophe, a dash and the line break: accepted.
    let verbatim = "it's time to act on localism - and soon";
    type_into(&mut h, "Edge quote 2", verbatim);
    assert!(
        h.query_by_label_contains("Not in Notes").is_some(),
        "the held one"
    );
    assert!(h.query_by_label(&refused).is_none());
    click(&mut h, "Save edge");
    assert_eq!(h.state().editor_dialog(), None);
    let quotes = &h.state().graph().graph()[e].evidence;
    assert_eq!(quotes.last(), Some(&note(verbatim)));

    // A passage the reader selected is verbatim by construction: it goes in.
    let passage = note("The Guild attacked markets");
    send(
        &mut h,
        Command::Passage(PassageAction::NewNode(passage.clone())),
    );
    click(&mut h, "Create node");
    let made = h
        .state()
        .graph()
        .node("the-guild-attacked-markets")
        .expect("made");
    assert_eq!(made.evidence, [passage]);
}

#[test]
fn a_new_edge_and_a_role_refuse_a_quote_not_in_the_text() {
    let dir = notes_folder();
    let mut h = harness_with_sources(dir.path());
    let kg = h.state().graph();
    let (guild, markets) = (
        kg.index_of("guild").expect("guild"),
        kg.index_of("markets").expect("markets"),
    );
    // What Ctrl+drag from the Guild to Markets opens.
    send(
        &mut h,
        Command::Editor(EditorCommand::NewEdgeBetween(guild, markets)),
    );
    choose(
        &mut h,
        "Relation",
        "The Guild \u{2014} criticises \u{2014} Markets",
    );
    let wrong = "the Guild attacked the markets";
    type_into(&mut h, "Edge quote", wrong);
    beside(&h, &not_in_notes(wrong), "Edge quote");
    let nodes_and_edges = |h: &Harness<'_, App>| {
        let kg = h.state().graph();
        (kg.revision(), kg.num_edges())
    };
    let before = nodes_and_edges(&h);
    click(&mut h, "Create edge");
    assert_eq!(nodes_and_edges(&h), before, "refused");
    type_into(&mut h, "Edge quote", "The Guild attacked markets");
    click(&mut h, "Create edge");
    assert!(edge_between(h.state().graph(), "guild", "markets", Relation::Criticises).is_some());

    // A role's quote, re-anchored by hand, is checked as well.
    select_node(&mut h, "Ada Reformer");
    click(&mut h, "Edit…");
    let wrong = "Ada, leader of the council";
    type_into(&mut h, "Role 1 quote", wrong);
    beside(&h, &not_in_notes(wrong), "Role 1 quote");
    let revision = h.state().graph().revision();
    click(&mut h, "Save node");
    assert_eq!(h.state().graph().revision(), revision, "refused");
    type_into(&mut h, "Role 1 quote", "Ada Reformer, the council leader");
    click(&mut h, "Save node");
    let ada = h.state().graph().node("ada").expect("ada");
    assert_eq!(
        ada.roles[0].evidence,
        note("Ada Reformer, the council leader")
    );
}

#[test]
fn a_quote_whose_text_is_not_found_is_noted_and_goes_in() {
    // A sources folder without the notes in it.
    let empty = tempfile::tempdir().expect("temp dir");
    let mut h = harness_with_sources(empty.path());
    send(
        &mut h,
        Command::Editor(EditorCommand::NewNodeAt([0.0, 0.0])),
    );
    type_into(&mut h, "New node label", "Town hall");
    type_into(&mut h, "New node quote", "words no text was read for");
    let note_shown = format!(
        "Not checked: notes.txt not found in {}",
        empty.path().display()
    );
    beside(&h, &note_shown, "New node quote");
    click(&mut h, "Create node");
    let made = h.state().graph().node("town-hall").expect("made");
    assert_eq!(made.evidence, [note("words no text was read for")]);
}
