//! An image snapshot of the settled bundled graph, rendered headless by wgpu on Mesa's
//! software OpenGL (`WGPU_BACKEND=gl`, set for `cargo test` in `.cargo/config.toml`).
//! The reference image is `tests/snapshots/bundled_graph_settled.png`; after an
//! intended visual change, regenerate it with `UPDATE_SNAPSHOTS=1 cargo test --test snapshot`.

use egui::vec2;
use egui_kittest::{Harness, SnapshotOptions};
use ideagraph::bundled::bundled_graph;
use ideagraph::ui::App;

#[test]
fn settled_bundled_graph_looks_as_before() {
    let mut app = App::new(bundled_graph().expect("bundled graph"), None);
    // Seeded and settled, so the picture is the same on every run.
    app.settle_layout();
    app.set_layout_paused(true);
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_max_steps(60)
        .wgpu()
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    // Text anti-aliasing may differ by a few pixels between Mesa builds.
    let options = SnapshotOptions::new().threshold(1.0).max_failed_pixels(400);
    h.snapshot_options("bundled_graph_settled", &options);
}
