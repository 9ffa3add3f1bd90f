//! Helpers shared by the kittest suites that drive the filter panel
//! (`ui_filters.rs`, `ui_views.rs`).

use egui::{Key, Modifiers, Role, vec2};
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

/// Replaces the text of the field labelled `label` with `text`.
pub fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Ticks the "New Labour (n)" faction checkbox.
pub fn tick_new_labour(h: &mut Harness<'_, App>) {
    let check = h
        .query_all_by_label_contains("New Labour (")
        .filter_map(|n| name(&n))
        .find(|l| l.starts_with("New Labour ("))
        .expect("a New Labour checkbox");
    click(h, &check);
}

/// In the open export dialog: types `out` as the path, clicks Export and checks that
/// it succeeded with a message containing `reported`.
pub fn export_to(h: &mut Harness<'_, App>, out: &std::path::Path, reported: &str) {
    type_into(h, "Export path", &out.display().to_string());
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run();
    assert!(
        h.state().error_message().is_none(),
        "{:?}",
        h.state().error_message()
    );
    h.get_by_label_contains(reported);
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
