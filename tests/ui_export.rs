//! The export window where no file dialog can be shown: Browse… explains and puts the
//! cursor in the path field (as Open falls back to a typed path), and the path starts
//! in the documents folder, not the working directory.

// The helpers are shared by the filter panel's suites; this one needs only a few.
#[allow(dead_code)]
mod common;

use common::{click, harness, name};
use egui_kittest::kittest::Queryable;

#[test]
fn browse_without_a_file_dialog_explains_and_focuses_the_path() {
    // No native dialog in this process: every picker reports it unavailable.
    ideagraph::ui::set_native_dialogs(false);
    let mut h = harness();
    click(&mut h, "File");
    click(&mut h, "Export…");

    let path = h
        .get_by_label("Export path")
        .value()
        .expect("the path field has a value");
    let cwd = std::env::current_dir().expect("cwd");
    assert!(
        !std::path::Path::new(&path).starts_with(&cwd),
        "{path} is in the working directory"
    );
    assert!(path.ends_with("ideagraph-export.json"), "{path}");

    assert!(h.query_by_label_contains("No file dialog").is_none());
    click(&mut h, "Browse…");
    h.run();
    let note = h.get_by_label_contains("No file dialog could be shown here");
    assert!(
        name(&note).is_some_and(|n| n.contains("type the path")),
        "{:?}",
        name(&note)
    );
    assert!(
        h.get_by_label("Export path").is_focused(),
        "path field focused"
    );
}

#[test]
fn the_window_exports_its_view_as_the_cli_does() {
    ideagraph::ui::set_native_dialogs(false);
    let mut h = harness();
    let mut spec = ideagraph::query::ViewSpec {
        colour_by: ideagraph::query::ColourMode::Community,
        size_by: Some(ideagraph::query::metrics::Metric::Betweenness),
        ..ideagraph::query::ViewSpec::default()
    };
    spec.filter.factions.insert("Milibandite".into());
    h.state_mut().set_spec(spec);
    h.run();
    click(&mut h, "File");
    click(&mut h, "Export…");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("view.svg");
    common::export_to(&mut h, &out, "Exported");
    let svg = std::fs::read_to_string(&out).expect("svg written");
    assert!(svg.contains("Shown: Faction: Milibandite"), "{svg}");
    assert!(svg.contains("size: betweenness"), "{svg}");
    assert!(svg.contains("'s community ("), "{svg}");
    assert!(svg.contains("<rect class=\"halo\""), "{svg}");
}
