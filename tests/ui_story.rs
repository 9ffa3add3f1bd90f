//! The year slider tells the story: Play steps only through years that show something
//! under the other filters (sliding or cumulative), an empty view says why on the
//! canvas with a way out, and a selected node the filters hide is said to be hidden,
//! with a way to show it.

// The helpers shared by the filter-panel suites; this one needs only some of them.
#[allow(dead_code)]
mod common;

use egui::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::ui::{App, Command, ExploreCommand};

use common::{click, harness, name, type_into};

/// Ticks the "Milibandite (n)" faction checkbox.
fn tick_milibandite(h: &mut Harness<'_, App>) {
    let check = h
        .query_all_by_label_contains("Milibandite (")
        .filter_map(|n| name(&n))
        .find(|l| l.starts_with("Milibandite ("))
        .expect("a Milibandite checkbox");
    click(h, &check);
}

/// Sets Play to its fastest speed, as the speed slider would.
fn fastest_play(h: &mut Harness<'_, App>) {
    let ctx = h.ctx.clone();
    let fastest = Command::Explore(ExploreCommand::SetPlaySpeed(0.2));
    h.state_mut().apply(&ctx, fastest);
}

/// Presses Play and steps frames until Play stops, returning every year range shown.
fn play_through(h: &mut Harness<'_, App>) -> Vec<(i32, i32)> {
    h.get_by_role_and_label(Role::Button, "Play").click();
    h.step();
    let mut shown = Vec::new();
    for _ in 0..2_000 {
        let years = h.state().filter().years.expect("playing sets years");
        if shown.last() != Some(&years) {
            assert!(
                !h.state().view().nodes.is_empty(),
                "{years:?} shows nothing"
            );
            shown.push(years);
        }
        if h.query_by_role_and_label(Role::Button, "Pause").is_none() && shown.len() > 1 {
            return shown;
        }
        h.step();
    }
    panic!("Play did not stop: {shown:?}");
}

#[test]
fn play_steps_only_through_years_with_something_to_show() {
    let mut h = harness();
    tick_milibandite(&mut h);
    // The fastest speed keeps the test short.
    fastest_play(&mut h);
    let shown = play_through(&mut h);
    assert!(shown.len() > 2, "{shown:?}");
    assert!(
        shown.iter().all(|&(a, b)| a == b),
        "single years: {shown:?}"
    );
    // It stops on the last year with data, not on an empty one.
    assert!(!h.state().view().nodes.is_empty());
    let span = ideagraph::query::year_span(h.state().graph()).expect("dated");
    assert!(
        shown.first().is_some_and(|&(a, _)| a > span.0),
        "skips the empty first years: {shown:?}"
    );
}

#[test]
fn cumulative_play_grows_from_the_first_year() {
    let mut h = harness();
    fastest_play(&mut h);
    click(&mut h, "Cumulative");
    let shown = play_through(&mut h);
    let first = shown.first().expect("steps").0;
    assert!(shown.iter().all(|&(a, _)| a == first), "{shown:?}");
    assert!(shown.windows(2).all(|w| w[0].1 < w[1].1), "{shown:?}");
}

#[test]
fn an_empty_view_says_why_and_clears_in_one_click() {
    let mut h = harness();
    let all = h.state().graph().num_nodes();
    tick_milibandite(&mut h);
    type_into(&mut h, "Years", "1996");
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().view().nodes.is_empty());
    h.get_by_label("No nodes match");
    h.get_by_label("Faction: Milibandite · Years: 1996");
    // The sidebar's list of the most connected says why it is empty.
    h.get_by_label("Nothing is shown: the filters leave no node.");
    click(&mut h, "Clear filters");
    assert_eq!(h.state().view().nodes.len(), all);
    assert!(h.query_by_label("No nodes match").is_none());
}

#[test]
fn a_selected_node_the_filters_hide_is_said_to_be_hidden_and_can_be_shown() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Alan Milburn")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
    type_into(&mut h, "Years", "1996");
    h.key_press(egui::Key::Enter);
    h.run();
    let milburn = h.state().graph().index_of("alan-milburn").expect("milburn");
    assert!(!h.state().view().has_node(milburn));
    h.get_by_label("Hidden by the current filters.");
    click(&mut h, "Show it");
    assert!(h.state().view().has_node(milburn));
    assert_eq!(h.state().filter().years, None, "only the years went");
    assert!(h.query_by_label("Hidden by the current filters.").is_none());
}

/// Presses Play and, at every year it steps to, checks that each shown node stands
/// exactly where it stood in the whole map: Play shows change as nodes appearing and
/// going, never as the map re-laid out. Returns how many years it stepped through.
fn play_keeps_places(h: &mut Harness<'_, App>) -> usize {
    let before = common::scene_positions(h.state());
    let steps = {
        h.get_by_role_and_label(Role::Button, "Play").click();
        h.step();
        let mut seen = Vec::new();
        for _ in 0..2_000 {
            let years = h.state().filter().years.expect("playing sets years");
            if seen.last() != Some(&years) {
                seen.push(years);
                for (id, p) in common::scene_positions(h.state()) {
                    assert_eq!(Some(&p), before.get(&id), "{id} moved in {years:?}");
                }
            }
            if h.query_by_role_and_label(Role::Button, "Pause").is_none() && seen.len() > 1 {
                break;
            }
            h.step();
        }
        seen.len()
    };
    assert!(steps > 3, "{steps} years");
    steps
}

#[test]
fn play_keeps_the_map_still_in_both_layouts() {
    let mut h = harness();
    fastest_play(&mut h);
    play_keeps_places(&mut h);
    // Comparing two ranges shows both on the same map, every node in its place.
    click(&mut h, "All years");
    let before = common::scene_positions(h.state());
    click(&mut h, "Compare two year ranges");
    type_into(&mut h, "Range A", "2007..2009");
    type_into(&mut h, "Range B", "2014..2016");
    click(&mut h, "Compare");
    for (id, p) in common::scene_positions(h.state()) {
        assert_eq!(Some(&p), before.get(&id), "{id} moved in the comparison");
    }
    click(&mut h, "Stop comparing");
    click(&mut h, "All years");
    click(&mut h, "View");
    click(&mut h, "Timeline");
    assert_eq!(h.state().layout_mode(), ideagraph::ui::LayoutMode::Timeline);
    h.state_mut().settle_layout();
    h.run();
    play_keeps_places(&mut h);
}
