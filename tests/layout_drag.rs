//! Dragging a node moves its neighbourhood and leaves the rest of the map where the
//! user learned it: the window's own path (a `Command::Pin` each frame of the drag,
//! then frames until the layout rests) on the bundled graph, laid out to rest first,
//! with the layout running on its worker as in the real window.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use egui::{Pos2, RawInput, Rect, Vec2};
use ideagraph::ui::{App, Command, State};

#[allow(dead_code)]
mod common;
use common::scene_positions;

/// Nodes farther than this many hops from the dragged one count as "the rest".
const FAR_HOPS: usize = 3;

/// How far the rest may move, as a fraction of the layout's width.
const FAR_MOVE: f32 = 0.02;

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
        ..RawInput::default()
    }
}

/// One frame of the window.
fn frame(ctx: &egui::Context, app: &mut App) {
    let mut out = ctx.run_ui(input(), |ui| app.show(ui));
    out.textures_delta.clear();
}

/// Runs frames, as the window would, until the layout is at rest.
fn frames_until_settled(ctx: &egui::Context, app: &mut App) {
    let end = Instant::now() + Duration::from_secs(120);
    loop {
        frame(ctx, app);
        if app.is_layout_settled() {
            return;
        }
        assert!(Instant::now() < end, "the layout never came to rest");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Hop distance from `from` to every node it reaches, edges taken both ways.
fn hops(app: &App, from: &str) -> BTreeMap<String, usize> {
    let kg = app.graph();
    let mut adjacent: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in kg.graph().edge_weights() {
        adjacent.entry(&e.from).or_default().push(&e.to);
        adjacent.entry(&e.to).or_default().push(&e.from);
    }
    let mut dist = BTreeMap::from([(from.to_owned(), 0)]);
    let mut queue = VecDeque::from([from]);
    while let Some(u) = queue.pop_front() {
        let d = dist[u];
        for &v in adjacent.get(u).into_iter().flatten() {
            if !dist.contains_key(v) {
                dist.insert(v.to_owned(), d + 1);
                queue.push_back(v);
            }
        }
    }
    dist
}

fn width(at: &BTreeMap<String, [f32; 2]>) -> f32 {
    let xs = at.values().map(|p| p[0]);
    xs.clone().fold(f32::MIN, f32::max) - xs.fold(f32::MAX, f32::min)
}

#[test]
fn a_drag_moves_the_neighbourhood_and_leaves_the_rest_of_the_map() {
    let ctx = egui::Context::default();
    let mut app = App::bundled(State::default());
    app.settle_layout();
    frames_until_settled(&ctx, &mut app);
    let before = scene_positions(&app);
    let size = width(&before);
    assert!(before.len() > 200 && size > 0.0);

    // A person in the thick of the debate, dragged a fifth of the map across in 20
    // frames, as a hand would.
    let dragged = "alan-milburn";
    let ix = app.graph().index_of(dragged).expect("bundled node");
    let start = before[dragged];
    for k in 1..=20 {
        let t = k as f32 / 20.0;
        let p = [start[0] + 0.2 * size * t, start[1] - 0.1 * size * t];
        app.apply(&ctx, Command::Pin(ix, p));
        frame(&ctx, &mut app);
    }
    frames_until_settled(&ctx, &mut app);
    let after = scene_positions(&app);

    let dist = hops(&app, dragged);
    let far: Vec<&String> = before
        .keys()
        .filter(|id| dist.get(*id).is_none_or(|&d| d > FAR_HOPS))
        .collect();
    assert!(!far.is_empty(), "no node farther than {FAR_HOPS} hops");
    let moved = |id: &String| {
        let (p, q) = (before[id], after[id]);
        (p[0] - q[0]).hypot(p[1] - q[1])
    };
    let worst = far
        .iter()
        .map(|id| (moved(id), *id))
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .expect("far nodes");
    assert!(
        worst.0 < FAR_MOVE * size,
        "{} ({} hops or more away) moved {:.0} of a {size:.0}-wide map",
        worst.1,
        FAR_HOPS + 1,
        worst.0
    );
    // The drag did move the dragged node and some of its neighbours.
    let near_moved = dist
        .iter()
        .filter(|&(id, &d)| d == 1 && moved(id) > FAR_MOVE * size)
        .count();
    assert!(near_moved > 0, "no neighbour followed the drag");
}
