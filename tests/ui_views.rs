//! Saved views, two year ranges compared, the year Play button and the Shift+click
//! selection export, driven headless by `egui_kittest` on the bundled graph: every
//! change goes through the widgets, never through `App` setters.

use std::collections::BTreeSet;
use std::time::Duration;

use egui::{Key, Modifiers, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::ui::App;

// Shared with the other kittest suites; this one uses only some of its helpers.
#[allow(dead_code)]
mod common;
use common::{click, export_to, harness, name, tick_new_labour, type_into};

/// Every accessible name on screen that contains `part`.
fn names_containing(h: &Harness<'_, App>, part: &str) -> Vec<String> {
    h.query_all_by_label_contains(part)
        .filter_map(|n| name(&n))
        .collect()
}

/// The "N of M nodes shown" label, checked against the view.
fn count_label(h: &Harness<'_, App>) -> String {
    let total = h.state().graph().num_nodes();
    let suffix = format!(" of {total} nodes shown");
    let labels: Vec<String> = names_containing(h, &suffix)
        .into_iter()
        .filter(|l| l.ends_with(&suffix))
        .collect();
    assert_eq!(labels.len(), 1, "one count label: {labels:?}");
    assert_eq!(
        labels[0],
        format!("{} of {total} nodes shown", h.state().view().nodes.len())
    );
    labels[0].clone()
}

/// The chips: every "… ×" button.
fn chips(h: &Harness<'_, App>) -> BTreeSet<String> {
    names_containing(h, " ×")
        .into_iter()
        .filter(|l| l.ends_with(" ×"))
        .collect()
}

/// Types a path into the view prompt (shown because no native dialog can be shown
/// headless) and confirms it with Enter.
fn answer_view_prompt(h: &mut Harness<'_, App>, path: &std::path::Path) {
    type_into(h, "View path", &path.display().to_string());
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn a_saved_view_comes_back_and_a_bad_one_keeps_the_current_view() {
    let mut h = harness();
    let all = count_label(&h);
    type_into(&mut h, "Years", "2015");
    h.key_press(Key::Enter);
    h.run();
    tick_new_labour(&mut h);
    let filtered = count_label(&h);
    let filtered_chips = chips(&h);
    assert_ne!(filtered, all);
    assert_eq!(
        filtered_chips,
        ["Faction: New Labour ×", "Years: 2015 ×"]
            .map(String::from)
            .into(),
    );
    let filter = h.state().filter().clone();

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new-labour-2015.ron");
    click(&mut h, "File");
    click(&mut h, "Save view…");
    answer_view_prompt(&mut h, &path);
    assert!(
        h.state().error_message().is_none(),
        "{:?}",
        h.state().error_message()
    );
    assert!(path.is_file(), "the view file is written");
    click(&mut h, "OK");

    click(&mut h, "Clear all");
    assert_eq!(count_label(&h), all);
    assert!(chips(&h).is_empty());

    click(&mut h, "File");
    click(&mut h, "Open view…");
    answer_view_prompt(&mut h, &path);
    assert!(
        h.state().error_message().is_none(),
        "{:?}",
        h.state().error_message()
    );
    assert_eq!(count_label(&h), filtered);
    assert_eq!(chips(&h), filtered_chips);
    assert_eq!(h.state().filter(), &filter);

    // A malformed file: an error, and the view stays as it is.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(filter: (years: oops))\n").expect("write");
    click(&mut h, "File");
    click(&mut h, "Open view…");
    answer_view_prompt(&mut h, &bad);
    let err = h.state().error_message().expect("an error").to_owned();
    assert!(err.contains("bad.ron"), "names the file: {err}");
    h.get_by_label_contains("Could not open the view");
    assert_eq!(count_label(&h), filtered);
    assert_eq!(chips(&h), filtered_chips);
    assert_eq!(h.state().filter(), &filter);
}

#[test]
fn comparing_two_ranges_lists_what_is_new_and_gone() {
    let mut h = harness();
    click(&mut h, "Compare two year ranges");
    type_into(&mut h, "Range A", "2007..2009");
    type_into(&mut h, "Range B", "2014..2016");
    click(&mut h, "Compare");
    let new = names_containing(&h, "New (")
        .into_iter()
        .find(|l| l.starts_with("New ("))
        .expect("a New list");
    let gone = names_containing(&h, "Gone (")
        .into_iter()
        .find(|l| l.starts_with("Gone ("))
        .expect("a Gone list");
    // The lists are long and scroll: open them through AccessKit.
    for header in [&new, &gone] {
        h.get_by_label(header).click_accesskit();
        h.run();
    }
    let beyond = "Beyond Whitehall: a new vision for a progressive state";
    let pamphlet = "Kendall and Reed's Progress pamphlet on public service reform (2015)";
    h.get_by_role_and_label(Role::Link, &format!("Gone: {beyond}"));
    h.get_by_role_and_label(Role::Link, &format!("New: {pamphlet}"));
    assert!(h.query_by_label(&format!("New: {beyond}")).is_none());
    assert!(h.query_by_label(&format!("Gone: {pamphlet}")).is_none());
    // Both are on the canvas, ringed.
    h.get_by_role_and_label(Role::Button, beyond);
    h.get_by_role_and_label(Role::Button, pamphlet);
    click(&mut h, "Stop comparing");
    assert!(h.query_by_label(&format!("Gone: {beyond}")).is_none());
    // The ranges just compared stay in their fields, ready to compare again.
    assert_eq!(field_text(&h, "Range A"), "2007..2009");
    assert_eq!(field_text(&h, "Range B"), "2014..2016");
}

/// The text in the field labelled `label`.
fn field_text(h: &Harness<'_, App>, label: &str) -> String {
    h.get_by_label(label)
        .accesskit_node()
        .value()
        .unwrap_or_default()
}

/// A year range typed and not applied goes when the field loses the focus: the field
/// shows the years the filter applies, as before the typing.
#[test]
fn an_unapplied_year_range_goes_when_the_field_loses_focus() {
    let mut h = harness();
    type_into(&mut h, "Years", "2015");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().filter().years, Some((2015, 2015)));
    type_into(&mut h, "Years", "2009..20");
    assert_eq!(field_text(&h, "Years"), "2009..20");
    h.get_by_label("Text").focus();
    h.run();
    assert_eq!(field_text(&h, "Years"), "2015");
    assert_eq!(h.state().filter().years, Some((2015, 2015)));
}

/// The root viewport's repaint delay after the last frame.
fn repaint_delay(h: &Harness<'_, App>) -> Duration {
    h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay
}

/// Steps frames until the years in the filter change (`Some`), or playing stops (`None`),
/// at most `max` frames. While playing, every frame must ask for the next one in time.
fn step_until_years_change(h: &mut Harness<'_, App>, max: usize) -> Option<(i32, i32)> {
    let before = h.state().filter().years;
    for _ in 0..max {
        h.step();
        let now = h.state().filter().years;
        let delay = repaint_delay(h);
        if now != before {
            assert!(
                delay <= Duration::from_secs(1),
                "stepped to {now:?}, but the next repaint is {delay:?} away"
            );
            return now;
        }
        if delay > Duration::from_secs(1) {
            // Only allowed once playing has stopped, at the last year.
            h.step();
            assert!(
                h.query_by_role_and_label(Role::Button, "Play").is_some(),
                "playing, but the next repaint is {delay:?} away"
            );
            return None;
        }
    }
    panic!("the years did not move in {max} frames");
}

#[test]
fn play_steps_the_years_and_pause_stops_repainting() {
    let mut h = harness();
    type_into(&mut h, "Years", "2008..2009");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().filter().years, Some((2008, 2009)));
    h.get_by_role_and_label(Role::Button, "Play").click();
    h.step();
    let first = h.state().filter().years.expect("years");
    let second = step_until_years_change(&mut h, 20).expect("the years move on");
    assert_eq!(second, (first.0 + 1, first.1 + 1));
    let third = step_until_years_change(&mut h, 20).expect("and on");
    assert_eq!(third, (second.0 + 1, second.1 + 1));
    h.get_by_role_and_label(Role::Button, "Pause").click();
    h.run();
    let paused = h.state().filter().years;
    h.get_by_role_and_label(Role::Button, "Play");
    // No more frames asked for, and the years stay.
    let delay = repaint_delay(&h);
    assert_eq!(delay, Duration::MAX, "paused, but a repaint is asked for");
    h.run_steps(10);
    assert_eq!(h.state().filter().years, paused);
}

#[test]
fn play_stops_at_the_last_year() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Play").click();
    h.step();
    let mut last = h.state().filter().years;
    for _ in 0..200 {
        match step_until_years_change(&mut h, 8) {
            Some(y) => last = Some(y),
            None => break,
        }
    }
    let (_, end) = last.expect("years");
    h.run();
    h.get_by_role_and_label(Role::Button, "Play");
    let delay = repaint_delay(&h);
    assert_eq!(
        delay,
        Duration::MAX,
        "at the end, but a repaint is asked for"
    );
    assert_eq!(h.state().filter().years.map(|y| y.1), Some(end));
}

#[test]
fn shift_clicked_nodes_export_as_the_selection() {
    let mut h = harness();
    for label in ["Alan Milburn", "Progress"] {
        h.get_by_role_and_label(Role::Button, label)
            .click_modifiers(Modifiers::SHIFT);
        h.run();
    }
    h.get_by_label("2 nodes selected with Shift (click or drag)");
    let want: BTreeSet<String> = ["Alan Milburn", "Progress"]
        .iter()
        .map(|l| {
            let g = h.state().graph();
            let ix = g
                .node_indices()
                .find(|&ix| g.node_at(ix).is_some_and(|n| n.label == *l))
                .expect("node");
            g.node_at(ix).expect("node").id.clone()
        })
        .collect();

    click(&mut h, "File");
    click(&mut h, "Export…");
    let scope = names_containing(&h, "Current selection (")
        .into_iter()
        .next()
        .expect("a selection scope");
    assert!(scope.starts_with("Current selection (2 "), "{scope}");
    click(&mut h, &scope);
    let json = names_containing(&h, "JSON node-link")
        .into_iter()
        .next()
        .expect("a JSON format");
    click(&mut h, &json);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("selection.json");
    export_to(&mut h, &out, "Exported 2 nodes");

    let ids = common::exported_json_ids(&out);
    assert_eq!(ids, want);
}

/// The numbers in "N new, M gone, K in both", summed.
fn compared_total(h: &Harness<'_, App>) -> usize {
    let line = names_containing(h, " in both")
        .into_iter()
        .find(|l| l.ends_with(" in both"))
        .expect("a comparison summary");
    line.split(", ")
        .map(|part| {
            part.split(' ')
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .expect("a number")
        })
        .sum()
}

#[test]
fn the_comparison_follows_a_filter_change() {
    let mut h = harness();
    click(&mut h, "Compare two year ranges");
    type_into(&mut h, "Range A", "2007..2009");
    type_into(&mut h, "Range B", "2014..2016");
    click(&mut h, "Compare");
    let before = compared_total(&h);
    assert_eq!(
        before,
        h.state().view().nodes.len(),
        "A and B make the view"
    );
    tick_new_labour(&mut h);
    let after = compared_total(&h);
    assert!(after < before, "a faction narrows the comparison: {after}");
    assert_eq!(after, h.state().view().nodes.len(), "A and B make the view");
}

#[test]
fn a_saved_comparison_comes_back_with_its_ranges() {
    let mut h = harness();
    click(&mut h, "Compare two year ranges");
    type_into(&mut h, "Range A", "2007..2009");
    type_into(&mut h, "Range B", "2014..2016");
    click(&mut h, "Compare");
    let summary = names_containing(&h, " in both");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("compared.ron");
    click(&mut h, "File");
    click(&mut h, "Save view…");
    answer_view_prompt(&mut h, &path);
    click(&mut h, "OK");
    click(&mut h, "Stop comparing");
    type_into(&mut h, "Range A", "2010");
    type_into(&mut h, "Range B", "2011");
    assert!(names_containing(&h, " in both").is_empty());

    click(&mut h, "File");
    click(&mut h, "Open view…");
    answer_view_prompt(&mut h, &path);
    assert_eq!(names_containing(&h, " in both"), summary);
    let field = |h: &Harness<'_, App>, l: &str| h.get_by_label(l).value().unwrap_or_default();
    assert_eq!(field(&h, "Range A"), "2007..2009");
    assert_eq!(field(&h, "Range B"), "2014..2016");
}

#[test]
fn the_view_prompt_takes_the_keyboard_focus() {
    let mut h = harness();
    click(&mut h, "File");
    click(&mut h, "Open view…");
    assert!(
        h.get_by_label("View path").is_focused(),
        "typing goes straight into the path field"
    );
}

#[test]
fn esc_closes_the_export_window_before_clearing_the_selection() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Alan Milburn")
        .click();
    h.run();
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
    click(&mut h, "File");
    click(&mut h, "Export…");
    assert!(
        !names_containing(&h, "JSON node-link").is_empty(),
        "export window open"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(
        names_containing(&h, "JSON node-link").is_empty(),
        "export window closed"
    );
    assert_eq!(
        h.state().selected_label(),
        Some("Alan Milburn"),
        "selection kept"
    );
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selected_label(), None);
}

#[test]
fn play_goes_on_with_the_filter_panel_closed() {
    let mut h = harness();
    type_into(&mut h, "Years", "2008..2009");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_role_and_label(Role::Button, "Play").click();
    h.step();
    h.get_by_label("Toggle filter panel").click();
    h.step();
    assert!(!h.state().state.filters_open, "panel closed");
    let first = h.state().filter().years.expect("years");
    let next = step_until_years_change(&mut h, 20).expect("the years move on");
    assert_eq!(next, (first.0 + 1, first.1 + 1));
}

/// The view-file prompt starts from the last view file saved or opened.
#[test]
fn the_view_prompt_remembers_the_last_view_file() {
    ideagraph::ui::set_native_dialogs(false);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("milburn.view.ron");
    let mut h = harness();
    click(&mut h, "File");
    click(&mut h, "Save view…");
    assert_eq!(field_text(&h, "View path"), "view.ron");
    type_into(&mut h, "View path", &path.display().to_string());
    h.key_press(Key::Enter);
    h.run();
    assert!(path.is_file(), "saved");
    h.key_press(Key::Escape);
    h.run();
    click(&mut h, "File");
    click(&mut h, "Open view…");
    assert_eq!(field_text(&h, "View path"), path.display().to_string());
}

/// File > Open recent always offers the bundled knowledge base.
#[test]
fn open_recent_brings_back_the_bundled_knowledge_base() {
    let mut doc = ideagraph::model::Document::default();
    doc.nodes.push(ideagraph::model::Node::new(
        "a",
        "A",
        ideagraph::model::Kind::Person,
    ));
    let kg = ideagraph::model::KnowledgeGraph::from_document(doc);
    let mut app = App::new(kg, None);
    app.set_layout_paused(true);
    let mut h = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(40)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app);
    h.run();
    click(&mut h, "File");
    click(&mut h, "Open recent");
    click(&mut h, "The bundled knowledge base");
    let bundled = ideagraph::bundled::bundled_graph().expect("bundled");
    assert_eq!(h.state().graph().num_nodes(), bundled.num_nodes());
    assert_eq!(h.state().path(), None);
}
