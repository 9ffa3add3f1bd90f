//! The window by keyboard, driven headless by `egui_kittest`: Esc closes menus before
//! it clears the selection, menus show their keys, Tab reaches the sidebar's links and
//! Enter follows them.

use egui::{Key, Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::ui::App;

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::{name, settled, window};

/// The bundled graph at the window's default size, laid out and paused.
fn harness() -> Harness<'static, App> {
    window(settled(None), vec2(1400.0, 900.0), 40)
}

/// The accessible name of the widget with the keyboard focus.
fn focused(h: &Harness<'_, App>) -> Option<String> {
    h.query_by(|n| n.is_focused()).and_then(|n| name(&n))
}

/// Presses Tab until the focused widget's name passes `want` (at most 120 times);
/// returns that name.
fn tab_to(h: &mut Harness<'_, App>, want: impl Fn(&str) -> bool) -> Option<String> {
    for _ in 0..120 {
        h.key_press(Key::Tab);
        h.run();
        if let Some(at) = focused(h).filter(|at| want(at)) {
            return Some(at);
        }
    }
    None
}

/// Selects the canvas node with this label.
fn select(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label)
        .click_accesskit();
    h.run();
    assert_eq!(h.state().selected_label(), Some(label));
}

/// Tab walks from the canvas into the sidebar and reaches a link to a neighbour of the
/// selected node; Enter on it selects that neighbour.
#[test]
fn tab_reaches_a_neighbour_link_and_enter_follows_it() {
    let mut h = harness();
    select(&mut h, "Alan Milburn");
    let kg = h.state().graph().clone();
    let milburn = kg.index_of("alan-milburn").expect("milburn");
    let neighbours: Vec<String> = kg
        .incident(milburn)
        .into_iter()
        .filter_map(|(_, o, _)| kg.node_at(o).map(|n| n.label.clone()))
        .collect();
    // A connection link reads "Wrote: Beyond Whitehall"; the overview's "Most
    // connected" links are not shown while a node is selected.
    let to_neighbour = |at: &str| {
        at.split_once(": ")
            .is_some_and(|(_, other)| neighbours.iter().any(|n| n == other))
    };
    let at = tab_to(&mut h, to_neighbour).expect("Tab reaches a neighbour link");
    let other = at
        .split_once(": ")
        .map(|(_, o)| o.to_owned())
        .unwrap_or_default();
    assert_eq!(
        h.state().selected_label(),
        Some("Alan Milburn"),
        "Tab moves the focus, not the selection"
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().selected_label(), Some(other.as_str()));
}

/// Tab reaches every link in the sidebar (each connection, in order), not only the
/// first.
#[test]
fn tab_reaches_every_sidebar_link() {
    let mut h = harness();
    select(&mut h, "Alan Milburn");
    let links: std::collections::BTreeSet<String> = h
        .query_all_by_role(Role::Link)
        .filter_map(|n| name(&n))
        .collect();
    assert!(links.len() > 5, "{links:?}");
    let mut seen = std::collections::BTreeSet::new();
    // The menus, the search box, the sidebar, then the canvas's nodes: one round.
    for _ in 0..400 {
        h.key_press(Key::Tab);
        h.run();
        seen.extend(focused(&h));
        if links.is_subset(&seen) {
            return;
        }
    }
    let missed: Vec<_> = links.difference(&seen).collect();
    panic!("Tab never reached {missed:?}");
}

/// Esc on a link reached by Tab only takes the focus away: the selection stays, and the
/// keys that act on the canvas work while a link has the focus.
#[test]
fn esc_leaves_a_focused_link_and_keeps_the_selection() {
    let mut h = harness();
    select(&mut h, "Alan Milburn");
    let link = |f: &str| f.contains(": ");
    tab_to(&mut h, link).expect("a link in the sidebar");
    h.key_press(Key::N);
    h.run();
    let neighbour = h.state().selected_label().map(str::to_owned);
    assert_ne!(neighbour.as_deref(), Some("Alan Milburn"), "N works");
    tab_to(&mut h, link).expect("a link in the sidebar");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(focused(&h), None);
    assert_eq!(h.state().selected_label(), neighbour.as_deref());
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selection(), None);
}

/// Esc closes the open File menu and keeps the selection; a second Esc clears it.
#[test]
fn esc_closes_the_file_menu_and_keeps_the_selection() {
    let mut h = harness();
    select(&mut h, "Alan Milburn");
    h.get_by_label("File").click();
    h.run();
    assert!(
        h.query_by_label_contains("Open…").is_some(),
        "the menu is open"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Open…").is_none(),
        "Esc closed it"
    );
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selection(), None);
}

/// Esc closes a node's context menu and keeps the selection.
#[test]
fn esc_closes_the_context_menu_and_keeps_the_selection() {
    let mut h = harness();
    select(&mut h, "Alan Milburn");
    h.get_by_role_and_label(Role::Button, "Progress")
        .click_secondary();
    h.run();
    assert!(
        h.query_by_label_contains("Path from here").is_some(),
        "the context menu is open"
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Path from here").is_none(),
        "Esc closed it"
    );
    assert_eq!(h.state().selected_label(), Some("Alan Milburn"));
}

/// The View menu shows each command's key beside it.
#[test]
fn menu_items_show_their_shortcuts() {
    let mut h = harness();
    h.get_by_label("View").click();
    h.run();
    let items: Vec<String> = h
        .query_all_by_role(Role::Button)
        .filter_map(|n| name(&n))
        .collect();
    for (item, key) in [
        ("Fit all", "F"),
        ("Next neighbour", "N"),
        ("Previous neighbour", "Shift+N"),
        ("Zoom in", "+"),
    ] {
        assert!(
            items
                .iter()
                .any(|l| l.starts_with(item) && l.ends_with(key)),
            "{item} shows {key}: {items:?}"
        );
    }
}
