//! Times the window's own work on a graph file without a display: how long the file
//! takes to show (loaded on the window's loading thread while frames keep coming), then
//! the UI thread's time per frame while the layout runs, at rest, hovering, panning,
//! zooming, selecting and after a filter. Each frame is `egui::Context::run_ui` with
//! the app's `show`, plus tessellation, as eframe does before painting; the painting
//! itself (the GPU, or llvmpipe under Xvfb) is not in these figures.
//!
//! `cargo run --release --example frame_times -- m.ron [seconds of layout]`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, PointerButton, Pos2, RawInput, Rect, pos2, vec2};
use ideagraph::model::{Kind, KnowledgeGraph};
use ideagraph::query::Filter;
use ideagraph::ui::App;

/// The window's size in points.
const SCREEN: egui::Vec2 = vec2(1600.0, 1000.0);

/// A headless window: the context, the app and the time of its frames.
struct Window {
    ctx: egui::Context,
    app: App,
    started: Instant,
}

impl Window {
    /// Runs one frame with `events`; returns the UI pass and tessellation time.
    fn frame(&mut self, events: Vec<Event>) -> Duration {
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
            time: Some(self.started.elapsed().as_secs_f64()),
            events,
            ..RawInput::default()
        };
        let t = Instant::now();
        let out = self.ctx.run_ui(input, |ui| self.app.show(ui));
        let shapes = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(shapes);
        t.elapsed()
    }

    /// Runs `n` frames, each with the events `at(i)` gives, `pause` apart; reports them.
    fn phase(&mut self, what: &str, n: usize, pause: Duration, at: impl Fn(usize) -> Vec<Event>) {
        let mut times: Vec<Duration> = (0..n)
            .map(|i| {
                std::thread::sleep(pause);
                self.frame(at(i))
            })
            .collect();
        report(what, &mut times);
    }
}

/// Prints the median, 90th percentile and slowest of `times`.
fn report(what: &str, times: &mut [Duration]) {
    if times.is_empty() {
        return;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what:<28} {:>4} frames  median {:>7.1} ms  p90 {:>7.1} ms  slowest {:>7.1} ms",
        times.len(),
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(1.0)),
    );
}

fn moved(p: Pos2) -> Vec<Event> {
    vec![Event::PointerMoved(p)]
}

fn button(p: Pos2, pressed: bool) -> Event {
    Event::PointerButton {
        pos: p,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

/// Times the loading thread's steps one by one, on this thread.
fn loading_phases(path: &std::path::Path) {
    let t = Instant::now();
    let stamp = ideagraph::io::save::FileStamp::of(path);
    println!("stamp {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let kg = ideagraph::io::load_graph_file(path).expect("a graph");
    println!("load {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let prepared = ideagraph::ui::Prepared::new(kg);
    println!("prepare {:.2} s", t.elapsed().as_secs_f64());
    std::hint::black_box((stamp, prepared));
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(
        args.next()
            .expect("usage: frame_times FILE [layout seconds]"),
    );
    let layout_secs: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(20.0);
    if std::env::var_os("PHASES").is_some() {
        loading_phases(&path);
        return;
    }
    let mut w = Window {
        ctx: egui::Context::default(),
        app: App::new(KnowledgeGraph::default(), None),
        started: Instant::now(),
    };
    w.frame(Vec::new());
    let t = Instant::now();
    w.app.open_path(&w.ctx, path);
    let mut waiting = Vec::new();
    while w.app.is_loading() {
        std::thread::sleep(Duration::from_millis(16));
        waiting.push(w.frame(Vec::new()));
    }
    println!("shown after {:.2} s", t.elapsed().as_secs_f64());
    report("frames while opening", &mut waiting);
    let mut first = vec![w.frame(Vec::new())];
    report("first frame of the graph", &mut first);
    let n = (layout_secs / 0.05) as usize;
    w.phase("layout running", n, Duration::from_millis(30), |_| {
        Vec::new()
    });
    w.app.set_layout_paused(true);
    let t = Instant::now();
    let mut waiting = Vec::new();
    while !w.app.canvas_picture_ready() && t.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(30));
        waiting.push(w.frame(Vec::new()));
    }
    println!("picture after {:.2} s", t.elapsed().as_secs_f64());
    report("waiting for the picture", &mut waiting);
    w.phase("at rest", 30, Duration::from_millis(20), |_| Vec::new());
    let c = pos2(SCREEN.x * 0.4, SCREEN.y * 0.5);
    w.phase("hovering", 60, Duration::from_millis(20), |i| {
        moved(c + vec2(i as f32 * 3.0, (i % 7) as f32 * 2.0))
    });
    let start = c + vec2(0.0, 100.0);
    w.frame(vec![Event::PointerMoved(start), button(start, true)]);
    w.phase("panning (dragging)", 60, Duration::from_millis(20), |i| {
        moved(start + vec2(i as f32 * 4.0, i as f32 * 2.0))
    });
    let end = start + vec2(240.0, 120.0);
    w.frame(vec![button(end, false)]);
    w.phase("zooming (wheel)", 60, Duration::from_millis(20), |i| {
        let dy = if i < 30 { 40.0 } else { -40.0 };
        vec![
            Event::PointerMoved(c),
            Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: vec2(0.0, dy),
                modifiers: Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Unknown,
            },
        ]
    });
    w.phase("selecting (clicks)", 10, Duration::from_millis(50), |i| {
        let p = c + vec2(i as f32 * 37.0, i as f32 * -23.0);
        vec![Event::PointerMoved(p), button(p, true), button(p, false)]
    });
    let t = Instant::now();
    let mut filter = Filter::default();
    filter.kinds.insert(Kind::Person);
    w.app.set_filter(filter);
    let mut frames = vec![w.frame(Vec::new())];
    while w.app.filtering().is_some() && t.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(16));
        frames.push(w.frame(Vec::new()));
    }
    println!(
        "filter (people only) applied after {:.2} s, {} nodes shown",
        t.elapsed().as_secs_f64(),
        w.app.view().nodes.len()
    );
    report("frames while filtering", &mut frames);
    w.phase("after the filter", 20, Duration::from_millis(20), |_| {
        Vec::new()
    });
}
