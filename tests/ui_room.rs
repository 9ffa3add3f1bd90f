//! Room on the canvas and nothing moving by itself: Fit keeps the graph clear of what
//! floats over the canvas (the legend, the overview map), the side panels keep the
//! width they were given whatever they show, a filter chip appearing moves no control,
//! and large views get an overview map whose box follows a drag. Driven headless by
//! `egui_kittest`.

use std::time::{Duration, Instant};

use egui::{Pos2, Rect, Role, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::model::KnowledgeGraph;
use ideagraph::model::generate::{Model, generate};
use ideagraph::query::ColourMode;
use ideagraph::ui::{App, Command};

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::{name, tick_new_labour};

/// The window of the user's report: 1,400 points wide, both side panels open.
const WINDOW: egui::Vec2 = vec2(1400.0, 900.0);

/// An explorer on `kg`, laid out and paused, in a window of the report's size, with
/// the filter panel open.
fn harness_on(kg: KnowledgeGraph) -> Harness<'static, App> {
    let mut h = closed_harness_on(kg);
    h.get_by_label("Toggle filter panel").click();
    h.run();
    h
}

/// As [`harness_on`], the filter panel still closed.
fn closed_harness_on(kg: KnowledgeGraph) -> Harness<'static, App> {
    let mut app = App::new(kg, None);
    app.settle_layout();
    app.set_layout_paused(true);
    let mut h = Harness::builder()
        .with_size(WINDOW)
        .with_max_steps(60)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h
}

fn bundled() -> Harness<'static, App> {
    harness_on(ideagraph::bundled::bundled_graph().expect("bundled graph"))
}

/// A generated graph well over the overview map's threshold.
fn large() -> Harness<'static, App> {
    harness_on(KnowledgeGraph::from_document(generate(
        Model::Communities,
        600,
        1_200,
        1,
    )))
}

fn apply(h: &mut Harness<'_, App>, cmd: Command) {
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, cmd);
    h.run();
}

/// Runs frames until `done`, for at most a minute (background work: metrics).
fn wait_for(h: &mut Harness<'_, App>, what: &str, done: impl Fn(&Harness<'_, App>) -> bool) {
    let start = Instant::now();
    while !done(h) {
        assert!(start.elapsed() < Duration::from_secs(60), "no {what}");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
}

/// Every shown node's centre on screen, by label.
fn screen_positions(h: &Harness<'_, App>) -> Vec<(String, Pos2)> {
    let app = h.state();
    let canvas = h.get_by_label("Graph canvas").rect();
    let (centre, zoom) = app.camera();
    app.view()
        .nodes
        .iter()
        .filter_map(|&ix| {
            let node = app.graph().node_at(ix)?;
            let p = app.node_position(&node.id)?;
            let screen = canvas.center() + (vec2(p[0], p[1]) - centre) * zoom;
            Some((node.label.clone(), screen))
        })
        .collect()
}

/// The covered rect (as the app reports it) holding the widget labelled `label`.
fn overlay_holding(h: &Harness<'_, App>, label: &str) -> Rect {
    let at = h.get_by_label(label).rect().center();
    *h.state()
        .covered_rects()
        .iter()
        .find(|r| r.contains(at))
        .unwrap_or_else(|| panic!("no overlay holds {label}"))
}

/// Asserts that no shown node's centre is under `overlay`, and all are on the canvas.
fn assert_clear_of(h: &Harness<'_, App>, overlay: Rect) {
    let canvas = h.get_by_label("Graph canvas").rect();
    for (label, p) in screen_positions(h) {
        assert!(canvas.contains(p), "{label} at {p:?} is off {canvas:?}");
        assert!(
            !overlay.contains(p),
            "{label} at {p:?} is under {overlay:?}"
        );
    }
}

#[test]
fn fit_keeps_the_graph_clear_of_the_legend_of_community_colours() {
    let mut h = bundled();
    apply(&mut h, Command::SetColourBy(ColourMode::Community));
    wait_for(&mut h, "community legend", |h| {
        h.query_all_by_label_contains("'s community (")
            .next()
            .is_some()
    });
    h.key_press(egui::Key::F);
    h.run();
    let legend = overlay_holding(&h, "Legend (hide)");
    let canvas = h.get_by_label("Graph canvas").rect();
    // Compact: the legend of community colours takes little of the canvas.
    assert!(
        legend.area() < canvas.area() / 6.0,
        "legend {legend:?} on canvas {canvas:?}"
    );
    assert!(legend.height() <= canvas.height() * 0.4, "{legend:?}");
    assert_clear_of(&h, legend);
    // The toolbar too.
    assert_clear_of(&h, overlay_holding(&h, "Toggle filter panel"));
}

/// The left and right panels' widths: where the canvas starts and how far from the
/// window's right edge it ends.
fn panel_widths(h: &Harness<'_, App>) -> (f32, f32) {
    let canvas = h.get_by_label("Graph canvas").rect();
    (canvas.left(), WINDOW.x - canvas.right())
}

#[test]
fn side_panels_keep_their_width_whatever_they_show() {
    let mut h = closed_harness_on(ideagraph::bundled::bundled_graph().expect("bundled graph"));
    let (closed, _) = panel_widths(&h);
    let asked = h.state().state.filters_width;
    h.get_by_label("Toggle filter panel").click();
    h.run();
    let before = panel_widths(&h);
    // The filter panel opens at the width it was given, not at its content's.
    assert!(
        (before.0 - closed - asked).abs() < 1.5,
        "filter panel {} wide, asked {asked}",
        before.0 - closed
    );
    // Nodes with long quotes and many connections, their quotes unfolded.
    for label in [
        "Alan Milburn",
        "Progress Public Service Reform Policy Group",
    ] {
        h.get_by_role_and_label(Role::Button, label)
            .click_accesskit();
        h.run();
        let quotes: Vec<String> = h
            .query_all_by_label_contains(" quote")
            .filter_map(|n| name(&n))
            .take(6)
            .collect();
        for q in quotes {
            if let Some(n) = h.query_all_by_label(&q).next() {
                n.click();
            }
            h.run();
        }
        assert_eq!(panel_widths(&h), before, "after selecting {label}");
    }
    // The Analysis table appearing.
    h.get_by_label("Analysis: top nodes").click();
    h.run();
    wait_for(&mut h, "metrics", |h| {
        !h.state().view().nodes.is_empty()
            && h.query_all_by_label_contains("Top: ").next().is_some()
    });
    assert_eq!(panel_widths(&h), before, "after opening Analysis");
}

#[test]
fn a_filter_chip_appearing_moves_no_filter_control() {
    let mut h = bundled();
    let checkbox = |h: &Harness<'_, App>| {
        h.query_all_by_label_contains("New Labour (")
            .find(|n| name(n).is_some_and(|l| l.starts_with("New Labour (")))
            .map(|n| n.rect())
            .expect("a New Labour checkbox")
    };
    let text_field = |h: &Harness<'_, App>| h.get_by_label("Text").rect();
    let (check_before, text_before) = (checkbox(&h), text_field(&h));
    tick_new_labour(&mut h);
    assert!(
        h.query_all_by_label_contains(" ×").next().is_some(),
        "a chip appeared"
    );
    assert_eq!(checkbox(&h), check_before);
    assert_eq!(text_field(&h), text_before);
}

#[test]
fn the_overview_map_shows_on_large_views_and_when_asked() {
    let mut h = bundled();
    assert!(
        h.query_by_label("Overview map").is_none(),
        "200 nodes: no map"
    );
    assert!(!h.state().overview_shown());
    // View > Overview map turns it on, and the choice is kept in the preferences.
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Overview map").click();
    h.run();
    assert!(h.state().overview_shown());
    assert_eq!(
        h.state().state.overview_map,
        Some(true),
        "the choice is kept"
    );
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_role_and_label(Role::Image, "Overview map");

    let mut h = large();
    h.get_by_label("Overview map");
    apply(&mut h, Command::SetOverviewMap(false));
    assert!(h.query_by_label("Overview map").is_none(), "turned off");
}

#[test]
fn fit_keeps_a_large_graph_clear_of_the_overview_map() {
    let mut h = large();
    h.key_press(egui::Key::F);
    h.run();
    assert_clear_of(&h, overlay_holding(&h, "Overview map"));
    assert_clear_of(&h, overlay_holding(&h, "Legend (hide)"));
}

#[test]
fn dragging_in_the_overview_map_moves_the_camera_there() {
    let mut h = large();
    let map = h.get_by_label("Overview map").rect();
    let (start_centre, zoom) = h.state().camera();
    // Zoomed in first, so the box is small and can move.
    apply(&mut h, Command::Zoom(3.0));
    let from = map.center();
    let to = pos2(map.left() + 20.0, map.top() + 20.0);
    h.hover_at(from);
    h.drag_at(from);
    h.run_steps(1);
    for i in 1..=5 {
        h.hover_at(from + (to - from) * (i as f32 / 5.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(2);
    let (centre, _) = h.state().camera();
    // The map's top left is the graph's top left: the camera went up and left.
    assert!(
        centre.x < start_centre.x - 50.0 / zoom && centre.y < start_centre.y - 50.0 / zoom,
        "{start_centre:?} -> {centre:?}"
    );
    // And the box is under the pointer: the canvas centre shows what the map shows there.
    let bounds = h
        .state()
        .view()
        .nodes
        .iter()
        .filter_map(|&ix| {
            let id = &h.state().graph().node_at(ix)?.id;
            h.state().node_position(id)
        })
        .fold(Rect::NOTHING, |r, p| {
            r.union(Rect::from_min_max(pos2(p[0], p[1]), pos2(p[0], p[1])))
        });
    assert!(
        centre.x < bounds.center().x && centre.y < bounds.center().y,
        "{centre:?} in {bounds:?}"
    );
}
