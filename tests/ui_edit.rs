//! An edit made through the model's mutation API reaches the window on the next frame,
//! with no other code told: the edge's tone on the canvas, the metrics in the Analysis
//! table, the search hits, and, on a large view, the picture of its edges. The window
//! finds the graph's revision renewed and derives everything again from it.

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::model::generate::{Model, generate};
use ideagraph::model::{
    Document, Edge, Edit, Evidence, Kind, KnowledgeGraph, Node, Relation, Source,
};
use ideagraph::ui::App;
use petgraph::stable_graph::EdgeIndex;

/// Pixels whose colour leans clearly green (a supporting edge) and clearly red (an
/// opposing one), over the light background at the resting edges' opacity.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Tones {
    green: usize,
    red: usize,
}

/// Renders the frame and counts the green and red pixels inside `area` (in points).
fn tones(h: &mut Harness<'_, App>, area: egui::Rect) -> Tones {
    let scale = h.ctx.pixels_per_point();
    let img = h.render().expect("render");
    let (w, ht) = (img.width(), img.height());
    let rgba = img.as_raw();
    let mut t = Tones::default();
    let (x0, y0) = ((area.min.x * scale) as u32, (area.min.y * scale) as u32);
    let (x1, y1) = ((area.max.x * scale) as u32, (area.max.y * scale) as u32);
    for y in y0..y1.min(ht) {
        for x in x0..x1.min(w) {
            let i = 4 * (y as usize * w as usize + x as usize);
            let [r, g, b] = [rgba[i], rgba[i + 1], rgba[i + 2]].map(i32::from);
            if g > r + 15 && g > b + 15 {
                t.green += 1;
            }
            if r > g + 30 && r > b + 30 {
                t.red += 1;
            }
        }
    }
    t
}

/// A small graph: Ada advocates localism and markets and wrote an essay that mentions
/// markets. Ada is the most connected.
fn small_graph() -> KnowledgeGraph {
    let mut doc = Document::default();
    doc.nodes
        .push(Node::new("ada", "Ada Reformer", Kind::Person));
    doc.nodes
        .push(Node::new("localism", "Localism", Kind::Concept));
    doc.nodes
        .push(Node::new("markets", "Markets", Kind::Concept));
    doc.nodes
        .push(Node::new("essay", "An Essay", Kind::Publication));
    doc.nodes
        .push(Node::new("guild", "The Guild", Kind::Organisation));
    doc.edges
        .push(Edge::new("ada", "localism", Relation::Advocates));
    doc.edges
        .push(Edge::new("ada", "markets", Relation::Advocates));
    doc.edges.push(Edge::new("ada", "essay", Relation::Wrote));
    doc.edges
        .push(Edge::new("essay", "markets", Relation::Mentions));
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

/// A new edge with a quote: the mutation API takes no unsourced fact.
fn sourced(from: &str, to: &str, relation: Relation) -> Edge {
    let mut e = Edge::new(from, to, relation);
    e.evidence
        .push(Evidence::new("notes", format!("{from} and {to}")));
    e
}

fn harness(kg: KnowledgeGraph, size: egui::Vec2) -> Harness<'static, App> {
    let mut app = App::new(kg, None);
    app.settle_layout();
    app.set_layout_paused(true);
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(60)
        .wgpu()
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h
}

/// The middle of the segment between two nodes' widgets, away from both nodes.
fn middle_of(h: &Harness<'_, App>, a: &str, b: &str) -> egui::Rect {
    let node = |label| h.get_by_role_and_label(Role::Button, label).rect().center();
    let (pa, pb) = (node(a), node(b));
    let mid = pa + (pb - pa) * 0.5;
    let half = ((pb - pa).length() * 0.15).max(4.0);
    egui::Rect::from_center_size(mid, vec2(2.0 * half, 2.0 * half))
}

fn the_edge(kg: &KnowledgeGraph, from: &str, to: &str) -> (EdgeIndex, Edge) {
    let a = kg.index_of(from).expect("from");
    let b = kg.index_of(to).expect("to");
    let e = kg.graph().find_edge(a, b).expect("edge");
    (e, kg.graph()[e].clone())
}

#[test]
fn an_edit_changes_the_edge_tone_the_metrics_and_the_search_hits_on_the_next_frame() {
    let mut h = harness(small_graph(), vec2(1300.0, 850.0));
    // The edge's tone: Ada advocates localism (green), then criticises it (red).
    let area = middle_of(&h, "Ada Reformer", "Localism");
    let before = tones(&mut h, area);
    assert!(before.green > 0 && before.red == 0, "{before:?}");
    let (at, mut edge) = the_edge(h.state().graph(), "ada", "localism");
    edge.relation = Relation::Criticises;
    h.state_mut()
        .edit(Edit::UpdateEdge { at, edge })
        .expect("a valid edit");
    h.run();
    let after = tones(&mut h, area);
    assert!(after.red > 0 && after.green == 0, "{after:?}");

    // The metrics: the Analysis table ranks Ada first, then the Guild once it is
    // connected to everyone and Ada no longer to markets.
    h.get_by_label("Toggle filter panel").click();
    h.run();
    h.get_by_label("Analysis: top nodes").click();
    h.run();
    let top = |h: &Harness<'_, App>| {
        h.query_all_by_label_contains("Top: ")
            .filter_map(|n| n.accesskit_node().label())
            .next()
            .expect("a top row")
    };
    assert_eq!(top(&h), "Top: Ada Reformer");
    let (ada_markets, _) = the_edge(h.state().graph(), "ada", "markets");
    let mut edits: Vec<Edit> = ["markets", "essay", "ada"]
        .into_iter()
        .map(|to| Edit::AddEdge(sourced("guild", to, Relation::Mentions)))
        .collect();
    edits.push(Edit::RemoveEdge(ada_markets));
    h.state_mut().edit(Edit::Batch(edits)).expect("valid edits");
    h.run();
    assert_eq!(top(&h), "Top: The Guild");

    // The search hits: "mark" finds Markets; once Localism is renamed "Market towns",
    // the same query, untouched, finds it too.
    h.get_by_label("Search").focus();
    h.run();
    h.get_by_label("Search").type_text("mark");
    h.run();
    h.get_by_label("Markets (concept)");
    assert!(h.query_by_label("Market towns (concept)").is_none());
    let mut node = h
        .state()
        .graph()
        .node("localism")
        .expect("localism")
        .clone();
    node.label = "Market towns".into();
    h.state_mut()
        .edit(Edit::UpdateNode {
            id: "localism".into(),
            node,
        })
        .expect("a valid edit");
    h.run();
    h.get_by_label("Market towns (concept)");
    h.get_by_label("Markets (concept)");
}

/// A node removed by an edit is forgotten by the window's index-keyed state: a new node
/// given its slot is neither selected nor a path end.
#[test]
fn a_removed_node_is_forgotten_when_its_slot_is_given_to_another() {
    let mut h = harness(small_graph(), vec2(1300.0, 850.0));
    h.get_by_role_and_label(Role::Button, "Localism")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().selected_label(), Some("Localism"));
    h.get_by_label("Toggle filter panel").click();
    h.run();
    h.get_by_label("Path from selection").click();
    h.run();
    h.get_by_label("From Localism to —");
    let slot = h.state().graph().index_of("localism").expect("localism");
    h.state_mut()
        .edit(Edit::RemoveNode("localism".into()))
        .expect("a valid edit");
    let mut newcomer = Node::new("newcomer", "Newcomer", Kind::Concept);
    newcomer.evidence.push(Evidence::new("notes", "a newcomer"));
    h.state_mut()
        .edit(Edit::AddNode(newcomer))
        .expect("a valid edit");
    assert_eq!(h.state().graph().index_of("newcomer"), Some(slot));
    h.run();
    assert_eq!(h.state().selected_label(), None);
    h.get_by_label("From — to —");
}

/// Runs frames until the large view's picture is shown and no other is being drawn.
fn wait_for_picture(h: &mut Harness<'_, App>) {
    let start = Instant::now();
    while !h.state().canvas_picture_ready() {
        assert!(start.elapsed() < Duration::from_secs(60), "no picture");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

/// On a view large enough for its edges to be drawn into one picture off the UI
/// thread, an edit that turns every edge into criticism paints them red in the next
/// picture: the picture is keyed on the graph's revision, not only on the view.
#[test]
fn an_edit_repaints_the_picture_of_a_large_view() {
    let kg = KnowledgeGraph::from_document(generate(Model::Communities, 3_200, 6_400, 1));
    let mut h = harness(kg, vec2(1600.0, 1000.0));
    wait_for_picture(&mut h);
    let all = egui::Rect::from_min_size(egui::Pos2::ZERO, vec2(1600.0, 1000.0));
    let before = tones(&mut h, all);
    let kg = h.state().graph();
    let edits: Vec<Edit> = kg
        .edge_indices()
        .map(|at| {
            let mut edge = kg.graph()[at].clone();
            edge.relation = Relation::Criticises;
            Edit::UpdateEdge { at, edge }
        })
        .collect();
    h.state_mut().edit(Edit::Batch(edits)).expect("valid edits");
    h.run();
    wait_for_picture(&mut h);
    let after = tones(&mut h, all);
    // Green (support) edges all but vanish and red grows; how much red depends on how
    // long the edges are drawn, which the layout decides.
    assert!(
        after.green * 20 < before.green && after.red > before.red + before.green / 2,
        "the edges turn red: {before:?} then {after:?}"
    );
}

/// The spec names nodes by id: a node hidden by hand stays hidden when an edit renames
/// it, one focused on stays the focus, and undoing the rename keeps both again.
#[test]
fn a_renamed_node_stays_hidden_by_hand_and_focused() {
    let mut h = harness(small_graph(), vec2(1000.0, 700.0));
    let mut spec = h.state().spec().clone();
    spec.by_hand.hide(["markets".to_owned()]);
    spec.filter.focus = Some("ada".to_owned());
    h.state_mut().set_spec(spec);
    h.run();
    let shown = |h: &Harness<'_, App>, id: &str| {
        let app = h.state();
        app.graph()
            .index_of(id)
            .is_some_and(|ix| app.view().has_node(ix))
    };
    assert!(!shown(&h, "markets") && shown(&h, "ada"));
    let rename = |h: &mut Harness<'_, App>, from: &str, to: &str| {
        let mut node = h.state().graph().node(from).expect("node").clone();
        node.id = to.into();
        h.state_mut()
            .edit(Edit::UpdateNode {
                id: from.into(),
                node,
            })
            .expect("a valid rename")
    };
    let first = rename(&mut h, "markets", "free-markets");
    let second = rename(&mut h, "ada", "ada-r");
    h.run();
    assert!(!shown(&h, "free-markets"), "still hidden under its new id");
    assert!(h.state().spec().by_hand.hides("free-markets"));
    assert_eq!(h.state().filter().focus.as_deref(), Some("ada-r"));
    assert!(shown(&h, "ada-r") && shown(&h, "essay"));
    for applied in [second, first] {
        h.state_mut().undo_edit(applied.inverse).expect("undone");
    }
    h.run();
    assert!(h.state().spec().by_hand.hides("markets"));
    assert_eq!(h.state().filter().focus.as_deref(), Some("ada"));
    assert!(!shown(&h, "markets") && shown(&h, "ada"));
}
