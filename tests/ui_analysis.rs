//! The Analysis panel's "Top nodes" table, driven headless by `egui_kittest`: every
//! column fits the panel at the window's default size, and a header sorts by its column,
//! then reverses.

use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use ideagraph::query::Filter;
use ideagraph::ui::App;

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::{settled, window};

/// The bundled graph at the window's default size, laid out and paused, with the filter
/// panel and its Analysis section open.
fn harness(filter: Filter) -> Harness<'static, App> {
    let mut h = window(settled(Some(filter)), vec2(1400.0, 900.0), 40);
    h.get_by_label("Toggle filter panel").click();
    h.run();
    h.get_by_label("Analysis: top nodes").click();
    h.run();
    h
}

/// The accessible names of the table's rows, top to bottom.
fn rows(h: &Harness<'_, App>) -> Vec<String> {
    h.query_all_by_label_contains("Top: ")
        .filter_map(|n| n.accesskit_node().label())
        .collect()
}

/// The panel's inner margin and the width of egui's floating scroll bar: the content
/// under them is hidden or covered.
const SCROLL_BAR_ROOM: f32 = 14.0;

/// Every header, and the cells of the first row, lie inside the panel: nothing is cut
/// off or needs scrolling sideways at the default size.
#[test]
fn every_column_fits_the_panel() {
    let h = harness(Filter::default());
    // The panel ends where the canvas begins; its inner margin and the vertical
    // scroll bar, drawn over the content's right edge, take the last few points.
    let panel_right = h.get_by_label("Graph canvas").rect().left() - SCROLL_BAR_ROOM;
    let mut columns = vec![h.get_by_label("Node").rect()];
    for metric in [
        "degree",
        "betweenness",
        "closeness",
        "pagerank",
        "community",
    ] {
        // Matched without case: the names read "Sort by PageRank".
        let header = format!("sort by {metric}");
        let named = move |n: &egui_kittest::kittest::AccessKitNode<'_>| {
            n.label().is_some_and(|l| l.to_lowercase() == header)
        };
        columns.push(h.get_by(named).rect());
    }
    for (i, r) in columns.iter().enumerate() {
        assert!(
            r.left() >= 0.0 && r.right() <= panel_right,
            "column {i} at {r:?}, panel ends at {panel_right}"
        );
        if let Some(next) = columns.get(i + 1) {
            assert!(
                r.right() <= next.left(),
                "columns {i} and {} overlap",
                i + 1
            );
        }
    }
    assert_eq!(rows(&h).len(), 15, "{:?}", rows(&h));
    let first = h
        .query_all_by_label_contains("Top: ")
        .next()
        .expect("a row")
        .rect();
    assert!(first.right() <= columns[1].left(), "{first:?}");
}

/// A header sorts by its column, highest first; clicking it again turns the rows round,
/// and the line above the table says which way they run.
#[test]
fn clicking_a_header_twice_reverses_the_rows() {
    // A view of fewer rows than the table holds, so the whole order shows.
    let mut h = harness(Filter {
        focus: Some("jim-mcmahon".to_owned()),
        depth: 1,
        ..Filter::default()
    });
    h.get_by_label("Sort by closeness").click_accesskit();
    h.run();
    h.get_by_label_contains("Sorted by closeness, highest first");
    let down = rows(&h);
    assert!(down.len() >= 3 && down.len() < 15, "{down:?}");
    h.get_by_label("Sort by closeness").click_accesskit();
    h.run();
    h.get_by_label_contains("Sorted by closeness, lowest first");
    let mut up = rows(&h);
    up.reverse();
    assert_eq!(up, down);
    // Another column starts again from its highest.
    h.get_by_label("Sort by degree").click_accesskit();
    h.run();
    h.get_by_label_contains("Sorted by degree, highest first");
}
