//! Helpers shared by the kittest suites that drive the filter panel
//! (`ui_filters.rs`, `ui_views.rs`).

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::ui::App;

/// The bundled graph, laid out and paused (a moving layout keeps asking for repaints),
/// with the filter panel opened through its toolbar button.
pub fn harness() -> Harness<'static, App> {
    let kg = ideagraph::bundled::bundled_graph().expect("bundled graph");
    let mut app = App::new(kg, None);
    app.settle_layout();
    app.set_layout_paused(true);
    let mut h = Harness::builder()
        .with_size(vec2(1500.0, 950.0))
        .with_max_steps(40)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h.get_by_label("Toggle filter panel").click();
    h.run();
    h
}

/// A node's accessible name: AccessKit keeps a label widget's text in `value`.
pub fn name(n: &egui_kittest::Node<'_>) -> Option<String> {
    let a = n.accesskit_node();
    a.label().or_else(|| a.value())
}

/// Clicks the widget with this accessible name and lets the frame settle.
pub fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

/// The node ids in a JSON node-link file the window exported.
pub fn exported_json_ids(path: &std::path::Path) -> std::collections::BTreeSet<String> {
    let text = std::fs::read_to_string(path).expect("export written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str().map(str::to_owned))
        .collect()
}
