//! The filter, focus, path and export panels driven headless by `egui_kittest` on the
//! bundled graph: every change goes through the widgets, never through `App` setters.

use egui::{Key, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::ui::App;

// Shared with the other kittest suites; this one uses only some of its helpers.
#[allow(dead_code)]
mod common;
use common::{click, export_to, harness, name, tick_new_labour};

/// The number of shown nodes, read from the "N of M nodes shown" label.
fn shown(h: &Harness<'_, App>) -> usize {
    let total = h.state().graph().num_nodes();
    let suffix = format!(" of {total} nodes shown");
    let labels: Vec<String> = h
        .query_all_by_label_contains(&suffix)
        .filter_map(|n| name(&n))
        .filter(|l| l.ends_with(&suffix))
        .collect();
    assert_eq!(labels.len(), 1, "one count label: {labels:?}");
    let n: usize = labels[0]
        .trim_end_matches(&suffix)
        .parse()
        .expect("a number");
    assert_eq!(n, h.state().view().nodes.len(), "label matches the view");
    n
}

fn click_node(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label)
        .click_accesskit();
    h.run();
}

#[test]
fn year_range_changes_the_count() {
    let mut h = harness();
    let all = shown(&h);
    assert_eq!(all, h.state().graph().num_nodes());
    h.get_by_label("Years").focus();
    h.run();
    h.get_by_label("Years").type_text("2015");
    h.key_press(Key::Enter);
    h.run();
    let in_2015 = shown(&h);
    assert!(
        0 < in_2015 && in_2015 < all,
        "2015 shows {in_2015} of {all}"
    );
    assert_eq!(h.state().filter().years, Some((2015, 2015)));
    // The chip removes the year range again.
    click(&mut h, "Years: 2015 ×");
    assert_eq!(shown(&h), all);
}

#[test]
fn a_faction_chip_removes_and_restores_nodes() {
    let mut h = harness();
    let all = shown(&h);
    tick_new_labour(&mut h);
    let some = shown(&h);
    assert!(0 < some && some < all, "New Labour shows {some} of {all}");
    click(&mut h, "Faction: New Labour ×");
    assert_eq!(shown(&h), all);
}

#[test]
fn focus_depth_plus_and_minus_change_the_count() {
    let mut h = harness();
    click_node(&mut h, "Alan Milburn");
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
    click(&mut h, "Focus on selection");
    let one = shown(&h);
    click(&mut h, "Depth +");
    let two = shown(&h);
    assert!(two > one, "depth 2 shows {two}, depth 1 {one}");
    click(&mut h, "Depth −");
    assert_eq!(shown(&h), one);
    click(&mut h, "Clear all");
    assert_eq!(shown(&h), h.state().graph().num_nodes());
}

#[test]
fn choosing_two_nodes_tells_the_paths() {
    let mut h = harness();
    click_node(&mut h, "Jon Cruddas");
    click(&mut h, "Path from selection");
    click_node(&mut h, "Alan Milburn");
    click(&mut h, "Path to selection");
    let sentence = h.get_by_label_contains("Jon Cruddas supports Liz Kendall");
    let text = name(&sentence).unwrap_or_default();
    assert!(text.contains("The Guardian"), "cited: {text}");
    // A sentence selects where its step leads.
    sentence.click();
    h.run();
    assert_eq!(h.state().selected_label(), Some("Liz Kendall"));
}

#[test]
fn exported_json_holds_exactly_the_visible_nodes() {
    let mut h = harness();
    tick_new_labour(&mut h);
    let visible: std::collections::BTreeSet<String> = h
        .state()
        .view()
        .nodes
        .iter()
        .filter_map(|&ix| h.state().graph().node_at(ix).map(|n| n.id.clone()))
        .collect();
    assert!(!visible.is_empty() && visible.len() < h.state().graph().num_nodes());

    click(&mut h, "File");
    click(&mut h, "Export…");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("new-labour.json");
    export_to(&mut h, &out, "Exported ");

    let ids = common::exported_json_ids(&out);
    assert_eq!(ids, visible);
}

/// "Own words only" under Evidence narrows the map to links backed by the subject's own
/// words, its chip puts everything back; the sidebar says whose words each quote is.
#[test]
fn own_words_only_narrows_the_map_and_the_sidebar_says_whose_words() {
    let mut h = harness();
    let all = shown(&h);
    click(&mut h, "Evidence");
    click(&mut h, "Own words only");
    assert!(h.state().filter().own_words);
    let own = shown(&h);
    assert!(0 < own && own < all, "own words show {own} of {all}");
    click(&mut h, "Evidence: own words only ×");
    assert!(!h.state().filter().own_words);
    assert_eq!(shown(&h), all);

    click(&mut h, "Hide predictions");
    assert!(
        h.state().filter().hide_expected,
        "the section stays open with a filter on"
    );
    click(&mut h, "Evidence: no predictions ×");

    click_node(&mut h, "John Hutton");
    assert!(
        h.query_all_by_label("own words").next().is_some(),
        "\"John Hutton writes: ...\" is marked as his own words"
    );
    assert!(h.query_all_by_label("author's report").next().is_some());
}
