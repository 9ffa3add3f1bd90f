//! A node added by an edit settles beside its neighbour while the rest of the map stays
//! where the user learned it, and undoing the edit leaves every other node exactly in
//! its place: the window's own path (a `Command::Edit`, then frames), on a generated
//! graph of a few thousand nodes laid out to rest first, with the layout running on its
//! worker as in the real window.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, Vec2};
use ideagraph::model::generate::{Model, generate};
use ideagraph::model::{Edge, Edit, Evidence, Kind, KnowledgeGraph, Node, Relation, Source};
use ideagraph::ui::{App, Command};

#[allow(dead_code)]
mod common;
use common::scene_positions;

/// Enough nodes for a map, few enough for a debug build to lay out in seconds.
const NODES: usize = 3_000;
const EDGES: usize = 6_000;

/// The node the edit adds, and the one it is joined to.
const NEWCOMER: &str = "newcomer";
const NEIGHBOUR: &str = "n42";

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
        ..RawInput::default()
    }
}

/// One frame of the window.
fn frame(ctx: &egui::Context, app: &mut App) {
    let mut out = ctx.run_ui(input(), |ui| app.show(ui));
    // No renderer takes the textures: dropped on purpose.
    out.textures_delta.clear();
}

/// Runs frames, as the window would, until `ready` holds and the layout is at rest.
fn frames_until(ctx: &egui::Context, app: &mut App, ready: impl Fn(&App) -> bool) {
    let end = Instant::now() + Duration::from_secs(180);
    loop {
        frame(ctx, app);
        if ready(app) && app.is_layout_settled() {
            return;
        }
        assert!(Instant::now() < end, "the layout never came to rest");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A generated graph with a source for the new edge's quote, laid out to rest.
fn settled_app(ctx: &egui::Context) -> App {
    let mut doc = generate(Model::Communities, NODES, EDGES, 7);
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
    let mut app = App::new(KnowledgeGraph::from_document(doc), None);
    app.settle_layout();
    frames_until(ctx, &mut app, |_| true);
    app
}

/// The edit: a new node and an edge from it to [`NEIGHBOUR`], in one step.
fn add_newcomer() -> Command {
    let mut edge = Edge::new(NEWCOMER, NEIGHBOUR, Relation::Supports);
    edge.evidence
        .push(Evidence::new("notes", "the newcomer supports n42"));
    Command::Edit {
        edit: Edit::Batch(vec![
            Edit::AddNode(Node::new(NEWCOMER, "Newcomer", Kind::Concept)),
            Edit::AddEdge(edge),
        ]),
        label: "add node Newcomer".into(),
    }
}

fn distance(a: [f32; 2], b: [f32; 2]) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

fn median(mut values: Vec<f32>) -> f32 {
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// The median drawn length of the graph's edges.
fn median_edge_length(app: &App, at: &BTreeMap<String, [f32; 2]>) -> f32 {
    let kg = app.graph();
    let lengths = kg
        .graph()
        .edge_weights()
        .filter_map(|e| Some(distance(*at.get(&e.from)?, *at.get(&e.to)?)))
        .collect();
    median(lengths)
}

/// The diagonal of the box holding every node.
fn extent(at: &BTreeMap<String, [f32; 2]>) -> f32 {
    let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
    for p in at.values() {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    distance(lo, hi)
}

/// How far each node of `before` moved by `after`.
fn movements(before: &BTreeMap<String, [f32; 2]>, after: &BTreeMap<String, [f32; 2]>) -> Vec<f32> {
    before
        .iter()
        .map(|(id, p)| after.get(id).map_or(f32::INFINITY, |q| distance(*p, *q)))
        .collect()
}

#[test]
fn a_new_node_settles_beside_its_neighbour_and_the_rest_stays_still() {
    let ctx = egui::Context::default();
    let mut app = settled_app(&ctx);
    let before = scene_positions(&app);
    assert_eq!(before.len(), NODES, "every node shown");
    let link = median_edge_length(&app, &before);
    let size = extent(&before);
    assert!(link > 0.0 && size > 10.0 * link, "{link} {size}");

    app.apply(&ctx, add_newcomer());
    frames_until(&ctx, &mut app, |app| app.node_position(NEWCOMER).is_some());
    let after = scene_positions(&app);
    let (new, neighbour) = (after[NEWCOMER], after[NEIGHBOUR]);
    let off = distance(new, neighbour);
    assert!(
        off < 3.0 * link,
        "the newcomer rests {off} from its neighbour; an edge is {link} long"
    );
    let moved = movements(&before, &after);
    let most = moved.iter().copied().fold(0.0, f32::max);
    assert!(
        most < 0.01 * size,
        "a node moved {most} in a map {size} across"
    );
    assert_eq!(median(moved), 0.0, "the map stays where it was");

    app.apply(&ctx, Command::Undo);
    frames_until(&ctx, &mut app, |app| app.node_position(NEWCOMER).is_none());
    assert!(app.graph().node(NEWCOMER).is_none(), "undone");
    let undone = scene_positions(&app);
    assert_eq!(
        undone,
        after.into_iter().filter(|(id, _)| id != NEWCOMER).collect()
    );
}
