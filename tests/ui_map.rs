//! The map stays where the user learned it: view changes keep the positions of the nodes
//! that stay, *Clear all* gives back the arrangement the user left, a saved view brings
//! back the picture, and focusing fits the camera to what is left. Driven headless by
//! `egui_kittest` on the bundled graph.

use std::collections::BTreeMap;

use egui::{Key, Rect, Role, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::ui::App;

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::{click, harness, scene_positions, tick_new_labour};

/// Every shown node's position, by id.
fn positions(h: &Harness<'_, App>) -> BTreeMap<String, [f32; 2]> {
    scene_positions(h.state())
}

/// Lets the layout move again and runs it to rest, as a user who waits would see it.
fn settle(h: &mut Harness<'_, App>) {
    h.state_mut().set_layout_paused(false);
    h.state_mut().settle_layout();
    h.state_mut().set_layout_paused(true);
    h.run();
}

/// Asserts that every node in `before` is at the same place in `after`.
fn assert_same_places(before: &BTreeMap<String, [f32; 2]>, after: &BTreeMap<String, [f32; 2]>) {
    for (id, p) in before {
        let q = after.get(id).unwrap_or_else(|| panic!("{id} is not shown"));
        let moved = (p[0] - q[0]).hypot(p[1] - q[1]);
        assert!(moved < 1e-3, "{id} moved by {moved}: {p:?} -> {q:?}");
    }
}

#[test]
fn clear_all_gives_back_the_arrangement_the_user_left() {
    let mut h = harness();
    let all = positions(&h);
    assert_eq!(all.len(), h.state().graph().num_nodes());
    tick_new_labour(&mut h);
    settle(&mut h);
    let some = positions(&h);
    assert!(!some.is_empty() && some.len() < all.len());
    // The nodes that stayed kept their places, even with the layout let run.
    assert_same_places(&some, &all);
    click(&mut h, "Clear all");
    settle(&mut h);
    let back = positions(&h);
    assert_eq!(back.len(), all.len());
    assert_same_places(&all, &back);
}

#[test]
fn a_saved_view_brings_back_every_position() {
    let mut h = harness();
    tick_new_labour(&mut h);
    settle(&mut h);
    let shown = positions(&h);
    let saved = h.state().saved_view();
    assert_eq!(
        saved.positions, shown,
        "every shown node's position is saved"
    );
    let text = ideagraph::io::saved_view::view_to_ron(&saved).expect("ron");
    let read = ideagraph::io::saved_view::view_from_ron(&text, "v.ron").expect("read");
    assert_eq!(read, saved);

    // Somewhere else entirely: everything shown again, laid out from scratch.
    click(&mut h, "Clear all");
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, ideagraph::ui::Command::ResetLayout);
    settle(&mut h);
    assert_ne!(positions(&h).get("progress"), shown.get("progress"));

    h.state_mut().apply_saved_view(read);
    settle(&mut h);
    let back = positions(&h);
    assert_eq!(back.len(), shown.len());
    assert_same_places(&shown, &back);
    assert!(
        shown.keys().all(|id| !h.state().is_pinned(id)),
        "placed, not pinned"
    );
}

#[test]
fn focusing_fits_the_camera_to_what_is_left() {
    let mut h = harness();
    // The user zooms out: the camera no longer follows the layout by itself.
    h.key_press(Key::Minus);
    h.run();
    let (_, zoom_before) = h.state().camera();
    h.get_by_role_and_label(Role::Button, "Alan Milburn")
        .click_accesskit();
    h.run();
    click(&mut h, "Focus on selection");
    settle(&mut h);
    let shown = positions(&h);
    assert!(shown.len() < h.state().graph().num_nodes());
    let (centre, zoom) = h.state().camera();
    assert!(zoom > zoom_before, "zoom {zoom_before} -> {zoom}");
    let canvas = h.get_by_label("Graph canvas").rect();
    for (id, p) in &shown {
        let screen = canvas.center() + (egui::vec2(p[0], p[1]) - centre) * zoom;
        assert!(
            canvas.contains(screen),
            "{id} at {screen:?} is off {canvas:?}"
        );
    }
    // Every shown node's widget is on the canvas too.
    let app = h.state();
    let labels: Vec<String> = app
        .view()
        .nodes
        .iter()
        .filter_map(|&ix| app.graph().node_at(ix).map(|n| n.label.clone()))
        .collect();
    for label in labels {
        for node in h.query_all_by_role_and_label(Role::Button, &label) {
            let r: Rect = node.rect();
            assert!(
                canvas.contains(pos2(r.center().x, r.center().y)),
                "{label}'s widget at {r:?} is off {canvas:?}"
            );
        }
    }
}

/// A large view (over the layout's parallel threshold) keeps its places too, and a
/// change that brings no new node costs no layout steps at all: the view is at rest
/// as soon as it changes, where it used to warm the whole layout up again.
#[test]
fn a_large_view_change_is_at_rest_at_once() {
    use ideagraph::model::generate::{Model, generate};
    use ideagraph::model::{Kind, KnowledgeGraph};
    use ideagraph::query::Filter;

    let kg = KnowledgeGraph::from_document(generate(Model::Communities, 3_200, 6_400, 1));
    let mut app = App::new(kg, None);
    app.settle_layout();
    let all = scene_positions(&app);
    let mut filter = Filter::default();
    filter.kinds.insert(Kind::ALL[0]);
    app.set_filter(filter);
    assert!(app.is_layout_settled(), "nothing new: at rest at once");
    let some = scene_positions(&app);
    assert!(!some.is_empty() && some.len() < all.len());
    assert_same_places(&some, &all);
    app.set_filter(Filter::default());
    assert!(app.is_layout_settled());
    assert_same_places(&all, &scene_positions(&app));
}
