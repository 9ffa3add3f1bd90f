//! Building one frame of the explorer headless: egui's pass over the whole UI (canvas
//! shapes for the visible nodes, edges and labels, sidebar, legend) plus tessellation into
//! meshes, the work a frame does before the GPU. Graphs of 1k and 10k nodes from
//! `ideagraph generate`, laid out to rest first; at the fitted (default) zoom and zoomed
//! into a corner. The targets: 16 ms at 10k fitted, 8 ms zoomed in.
//!
//! A still frame reuses the canvas's cached edge mesh; the "camera moving" cases zoom a
//! little every frame, so every frame rebuilds it, as while panning or zooming.
//!
//! Run with `cargo bench --bench frame`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, Vec2};
use ideagraph::model::KnowledgeGraph;
use ideagraph::model::generate::{Model, generate};
use ideagraph::ui::{App, Command};

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
        ..RawInput::default()
    }
}

/// One frame: the UI pass and tessellation.
fn frame(ctx: &egui::Context, app: &mut App) -> usize {
    let out = ctx.run_ui(input(), |ui| app.show(ui));
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

/// One frame after a small zoom, in on even `k` and out on odd, so the view stays put.
fn moving_frame(ctx: &egui::Context, app: &mut App, k: &mut u32) -> usize {
    *k += 1;
    let factor = if k.is_multiple_of(2) {
        1.01
    } else {
        1.0 / 1.01
    };
    app.apply(ctx, Command::Zoom(factor));
    frame(ctx, app)
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    for nodes in [1_000usize, 10_000] {
        let kg = KnowledgeGraph::from_document(generate(Model::Communities, nodes, nodes * 5, 1));
        let ctx = egui::Context::default();
        let mut app = App::new(kg, None);
        app.settle_layout();
        app.set_layout_paused(true);
        app.apply(&ctx, Command::Fit);
        // A few frames so the camera animation and font atlas settle.
        for _ in 0..30 {
            frame(&ctx, &mut app);
        }
        group.bench_function(format!("{nodes} nodes, fitted"), |b| {
            b.iter(|| black_box(frame(&ctx, &mut app)))
        });
        group.bench_function(format!("{nodes} nodes, fitted, camera moving"), |b| {
            let mut k = 0;
            b.iter(|| black_box(moving_frame(&ctx, &mut app, &mut k)))
        });
        app.apply(&ctx, Command::Zoom(8.0));
        for _ in 0..30 {
            frame(&ctx, &mut app);
        }
        group.bench_function(format!("{nodes} nodes, zoomed in 8x"), |b| {
            b.iter(|| black_box(frame(&ctx, &mut app)))
        });
        group.bench_function(format!("{nodes} nodes, zoomed in 8x, camera moving"), |b| {
            let mut k = 0;
            b.iter(|| black_box(moving_frame(&ctx, &mut app, &mut k)))
        });
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
