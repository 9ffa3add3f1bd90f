//! The window never waits for analysis, filtering or search: with the Analysis section
//! open on a 10,000-node view, the metrics compute on a background job while frames keep
//! coming, the table fills in stage by stage, and Cancel stops them; on a 100,000-node
//! graph a filter and a search come in from jobs while frames keep coming.
//!
//! The bound is 50 ms a frame in an optimised build (`.ci/run` runs this test with
//! `--release`). An unoptimised build lays out and draws several times slower, so
//! there the bound is 50 ms over twice the slowest frame of the same view with the
//! Analysis section closed: still far below a frame that computed betweenness itself
//! (minutes, on this view).

use std::time::{Duration, Instant};

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::model::generate::{Model, generate};
use ideagraph::model::{Kind, KnowledgeGraph};
use ideagraph::ui::{App, Command};

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::window;

/// The slowest frame allowed in an optimised build.
const MAX_FRAME: Duration = Duration::from_millis(50);

/// How long frames are watched while the metrics compute.
const WATCH: Duration = Duration::from_secs(4);

/// The tests here measure frames: one at a time, or each would time the other's work.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A generated graph of `nodes` and `edges` in a window with the filter panel open and
/// the layout paused, zoomed in `zooms` steps: the canvas draws a few hundred of the
/// nodes, so the frames measure the window's own work (the canvas's cost at this size
/// is the frame benchmark's).
fn zoomed_in(nodes: usize, edges: usize, zooms: usize) -> Harness<'static, App> {
    let kg = KnowledgeGraph::from_document(generate(Model::Communities, nodes, edges, 1));
    let mut app = App::new(kg, None);
    app.set_layout_paused(true);
    let mut h = window(app, vec2(1600.0, 1000.0), 10);
    h.get_by_label("Toggle filter panel").click();
    h.run();
    let ctx = h.ctx.clone();
    for _ in 0..zooms {
        h.state_mut().apply(&ctx, Command::Zoom(1.25));
    }
    h.run();
    h
}

/// Runs frames for `watch` (or until `done`), returning the slowest and the count.
fn frames(
    h: &mut Harness<'_, App>,
    watch: Duration,
    done: impl Fn(&Harness<'_, App>) -> bool,
) -> (Duration, usize) {
    let start = Instant::now();
    let (mut slowest, mut count) = (Duration::ZERO, 0);
    while start.elapsed() < watch && !done(h) {
        let t = Instant::now();
        h.step();
        if t.elapsed() > MAX_FRAME {
            eprintln!("frame {count}: {:?}", t.elapsed());
        }
        slowest = slowest.max(t.elapsed());
        count += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    (slowest, count)
}

#[test]
fn frames_keep_coming_while_the_metrics_of_a_large_view_compute() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut h = zoomed_in(10_000, 20_000, 8);
    let (baseline, _) = frames(&mut h, Duration::from_secs(1), |_| false);
    let bound = if cfg!(debug_assertions) {
        MAX_FRAME + 2 * baseline
    } else {
        MAX_FRAME
    };

    h.get_by_label("Analysis: top nodes").click();
    let first_stage = |h: &Harness<'_, App>| h.query_all_by_label_contains("Top: ").count() > 0;
    // The metrics share the background pool with the canvas's picture, which an
    // unoptimised build draws several times slower: the first stage may wait longer.
    let watch = if cfg!(debug_assertions) {
        4 * WATCH
    } else {
        WATCH
    };
    let (slowest, count) = frames(&mut h, watch, first_stage);
    assert!(
        first_stage(&h),
        "degree, PageRank and communities come first"
    );
    let computing = |h: &Harness<'_, App>| h.query_by_label_contains("Computing").is_some();
    let (later, more) = frames(&mut h, watch, |h| !computing(h));
    let slowest = slowest.max(later);
    eprintln!(
        "{} frames, slowest {slowest:?} (closed: {baseline:?}, bound {bound:?})",
        count + more
    );
    assert!(
        slowest < bound,
        "slowest frame {slowest:?}, bound {bound:?}"
    );
    assert!(count + more > 20, "frames kept coming: {}", count + more);
    // On a fast machine everything may be in by now; otherwise Cancel stops the rest.
    if computing(&h) {
        h.get_by_label("Cancel").click();
        h.run();
        assert!(!computing(&h), "cancelled");
    }
    h.get_by_label("Sort by degree");
}

/// Filtering and searching a graph of 100,000 nodes take longer than a frame: they run
/// on jobs while frames keep coming, the last view staying on screen until the new one
/// is in.
#[test]
fn frames_keep_coming_while_a_large_graph_is_filtered_and_searched() {
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    // The filter panel open, as it is when a user ticks a box.
    let mut h = zoomed_in(100_000, 300_000, 12);
    let everything = h.state().graph().num_nodes();
    // The bound of a view's frames from the same view at rest (see the module's doc).
    let bound_after = |baseline: Duration| {
        if cfg!(debug_assertions) {
            MAX_FRAME + 2 * baseline
        } else {
            MAX_FRAME
        }
    };
    let (baseline, _) = frames(&mut h, Duration::from_secs(1), |_| false);
    let bound = bound_after(baseline);

    // Ticked as a user does: the frame of the click is measured.
    let persons = h
        .state()
        .graph()
        .graph()
        .node_weights()
        .filter(|n| n.kind == Kind::Person);
    let person_box = format!("person ({})", persons.count());
    h.get_by_label(&person_box).click();
    // Frames until the view is in, the last view on screen meanwhile.
    let start = Instant::now();
    let (mut slowest, mut count) = (Duration::ZERO, 0);
    let arrival = loop {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the view never came"
        );
        let t = Instant::now();
        h.step();
        if h.state().filtering().is_none() {
            break t.elapsed();
        }
        slowest = slowest.max(t.elapsed());
        count += 1;
        std::thread::sleep(Duration::from_millis(5));
    };
    eprintln!("filtering: {count} frames, slowest {slowest:?} (bound {bound:?})");
    assert!(count > 0, "the view was filtered while frames came");
    assert!(
        slowest < bound,
        "slowest frame {slowest:?}, bound {bound:?}"
    );
    assert!(
        h.state().view().nodes.len() < everything,
        "the filtered view came in"
    );
    // The frame it came in re-seats the layout of 100,000 nodes on this thread:
    // reported, not bounded (BENCHMARKS.md; left for the scale work).
    eprintln!("the frame the view came in: {arrival:?}");
    // Long enough for the new view's picture to be drawn and shown (slow unoptimised).
    let (shown, _) = frames(&mut h, Duration::from_secs(2), |_| false);
    let bound = bound_after(shown);
    if !cfg!(debug_assertions) {
        assert!(shown < MAX_FRAME, "frames showing the view: {shown:?}");
    }

    h.get_by_label("Search").focus();
    h.get_by_label("Search").type_text("Node 4242");
    let listed = |h: &Harness<'_, App>| h.query_by_label_contains("Node 42421").is_some();
    let (slowest, count) = frames(&mut h, Duration::from_secs(60), listed);
    eprintln!("searching: {count} frames, slowest {slowest:?} (bound {bound:?})");
    assert!(listed(&h), "the hits came in");
    assert!(
        slowest < bound,
        "slowest frame {slowest:?}, bound {bound:?}"
    );
}
