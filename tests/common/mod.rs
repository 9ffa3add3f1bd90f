//! Helpers shared by the kittest suites: the window on a graph, the filter panel, names
//! and positions.

use std::collections::BTreeMap;

use egui::{Key, Modifiers, Role, Vec2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::ui::App;

/// The bundled graph, laid out and paused (a moving layout keeps asking for repaints),
/// with the filter panel opened through its toolbar button.
pub fn harness() -> Harness<'static, App> {
    let mut h = window(settled(None), vec2(1500.0, 950.0), 40);
    h.get_by_label("Toggle filter panel").click();
    h.run();
    h
}

/// The bundled graph, filtered by `filter` if given, laid out and paused (a moving
/// layout keeps asking for repaints).
pub fn settled(filter: Option<ideagraph::query::Filter>) -> App {
    let kg = ideagraph::bundled::bundled_graph().expect("bundled graph");
    let mut app = App::new(kg, None);
    if let Some(filter) = filter {
        app.set_filter(filter);
    }
    app.settle_layout();
    app.set_layout_paused(true);
    app
}

/// `app` in a window of `size`, running at most `max_steps` steps a run, after its
/// first frames.
pub fn window(app: App, size: Vec2, max_steps: u64) -> Harness<'static, App> {
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(max_steps)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    h
}

/// Every shown node's position in the scene, by id.
pub fn scene_positions(app: &App) -> BTreeMap<String, [f32; 2]> {
    app.view()
        .nodes
        .iter()
        .filter_map(|&ix| {
            let id = app.graph().node_at(ix)?.id.clone();
            let p = app.node_position(&id)?;
            Some((id, p))
        })
        .collect()
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
