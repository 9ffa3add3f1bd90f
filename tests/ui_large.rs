//! A large view in the real UI: at rest its edges and nodes become one picture, made off
//! the UI thread (the canvas's `picture` module). A hover or a selection veils it and
//! draws the focus on top instead of redrawing everything, and clicking still selects.

use std::time::{Duration, Instant};

use egui::vec2;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotOptions};
use ideagraph::model::KnowledgeGraph;
use ideagraph::model::generate::{Model, generate};
use ideagraph::ui::{App, Command, ExploreCommand};

/// Enough nodes and edges for both to go into the picture (over 3,000 nodes on screen,
/// over 2,000 edges), few enough for a debug build to lay out in seconds.
const NODES: usize = 3_200;
const EDGES: usize = 6_400;

fn large_harness() -> Harness<'static, App> {
    let kg = KnowledgeGraph::from_document(generate(Model::Communities, NODES, EDGES, 1));
    let mut app = App::new(kg, None);
    app.settle_layout();
    app.set_layout_paused(true);
    Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(60)
        .wgpu()
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// Runs frames until the picture is shown and no other is being drawn.
fn wait_for_picture(h: &mut Harness<'_, App>) {
    let start = Instant::now();
    while !h.state().canvas_picture_ready() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no picture within a minute"
        );
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

/// The label of a node that has a widget (a labelled one, on a view this large).
fn some_node_label(h: &Harness<'_, App>) -> String {
    h.query_all_by_role(egui::accesskit::Role::Button)
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.starts_with("Node "))
        .expect("a labelled node")
}

#[test]
fn a_large_view_at_rest_is_one_picture() {
    let mut h = large_harness();
    h.run();
    wait_for_picture(&mut h);
    // Seeded and settled: the same picture on every run.
    let options = SnapshotOptions::new().threshold(1.0).max_failed_pixels(800);
    h.snapshot_options("large_view_picture", &options);
}

#[test]
fn hovering_keeps_the_picture_and_clicking_still_selects() {
    let mut h = large_harness();
    h.run();
    wait_for_picture(&mut h);
    let label = some_node_label(&h);
    h.get_by_label(&label).hover();
    h.run();
    assert!(
        h.state().canvas_picture_ready(),
        "a hover only veils the picture: no new one is drawn"
    );
    // The tooltip names the node too: click the node's own widget.
    h.query_all_by_role(egui::accesskit::Role::Button)
        .find(|n| n.accesskit_node().label().as_deref() == Some(label.as_str()))
        .expect("the node's widget")
        .click();
    h.run();
    assert!(h.state().canvas_picture_ready(), "nor does a selection");
    // The sidebar now describes the node.
    assert!(h.query_by_label("Zoom to").is_some(), "node details shown");
    assert!(
        h.query_all_by_label(&label).count() >= 2,
        "{label} named on the canvas and in the sidebar"
    );
}

/// On a crowded view a node Shift+click selected is always named, whatever the label
/// budget leaves out.
#[test]
fn shift_selected_nodes_keep_their_labels() {
    let mut h = large_harness();
    h.run();
    wait_for_picture(&mut h);
    let named = h.state().labelled_nodes().to_vec();
    assert!(!named.is_empty(), "a crowded view names some nodes");
    let unnamed: Vec<_> = h
        .state()
        .view()
        .nodes
        .iter()
        .copied()
        .filter(|ix| !named.contains(ix))
        .take(3)
        .collect();
    assert_eq!(unnamed.len(), 3);
    let ctx = h.ctx.clone();
    for &ix in &unnamed {
        let toggle = Command::Explore(ExploreCommand::ToggleMulti(ix));
        h.state_mut().apply(&ctx, toggle);
    }
    h.run();
    let named = h.state().labelled_nodes();
    assert!(
        unnamed.iter().all(|ix| named.contains(ix)),
        "{unnamed:?} not in {named:?}"
    );
}

/// A view of more nodes than software GL rasterises in a frame: while the layout moves
/// (and no picture holds the nodes), a frame draws a sample of them (one in so many by
/// slot, the hubs, the focus), never all; a million nodes a frame were seconds.
#[test]
fn a_huge_view_in_motion_draws_a_sample_of_its_nodes() {
    let kg = KnowledgeGraph::from_document(generate(Model::ScaleFree, 40_000, 40_000, 1));
    let app = App::new(kg, None);
    let mut h = Harness::builder()
        .with_size(vec2(1600.0, 1000.0))
        .with_max_steps(4)
        .wgpu()
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    for _ in 0..3 {
        h.step();
    }
    let drawn = h.state().canvas_nodes_drawn();
    assert!(
        (10_000..=22_000).contains(&drawn),
        "{drawn} of 40,000 nodes drawn one by one"
    );
}
