//! The debate through time in the window, driven headless by `egui_kittest`: the
//! selected node's chart of who rose and fell, the analysis panel's Movers, and a
//! concept's first appearance and uptake in the sidebar (and on the timeline).

use egui::Role;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::query::Filter;
use ideagraph::query::metrics::Metric;
use ideagraph::query::timeline::movers;
use ideagraph::ui::App;

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::{click, name, settled, type_into, window};

/// The bundled graph, laid out and paused, in a window of the default size.
fn harness() -> Harness<'static, App> {
    window(settled(None), vec2(1400.0, 900.0), 40)
}

/// Clicks a node on the canvas.
fn select(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_role_and_label(Role::Button, label).click();
    h.run();
    assert_eq!(h.state().selected_label(), Some(label));
}

/// The accessible names that contain `part`.
fn names_with(h: &Harness<'_, App>, part: &str) -> Vec<String> {
    h.query_all_by_label_contains(part)
        .filter_map(|n| name(&n))
        .collect()
}

/// Selecting Ed Miliband charts his degree, PageRank and betweenness by year: each row
/// names the years that show him with their values, and the window changes the periods.
#[test]
fn the_chart_tells_a_nodes_values_by_year() {
    let mut h = harness();
    select(&mut h, "Ed Miliband");
    h.get_by_label("Who rose and fell");
    let degree = name(&h.get_by_label_contains("Ed Miliband's degree by year:")).expect("named");
    // As `ideagraph timeline --metric degree --node "Ed Miliband"` prints it.
    assert!(
        degree.ends_with("2010: 2, 2012: 1, 2013: 2, 2014: 16"),
        "{degree}"
    );
    h.get_by_label_contains("Ed Miliband's PageRank by year: 2010: 0.246");
    h.get_by_label_contains("Ed Miliband's betweenness by year:");
    // A sliding window of two years: each point is the two years ending in it.
    type_into(&mut h, "Window of", "2");
    h.key_press(egui::Key::Enter);
    h.run();
    let windowed = names_with(&h, "Ed Miliband's degree by year:");
    assert!(
        windowed.iter().any(|l| l.contains("2013-2014: ")),
        "{windowed:?}"
    );
}

/// Movers between 2008 and 2014..2016 by degree list the library's risers, fallers,
/// entrants and leavers; clicking one selects it.
#[test]
fn movers_list_who_moved_and_select_on_click() {
    let mut h = harness();
    click(&mut h, "Toggle filter panel");
    click(&mut h, "Analysis: top nodes");
    h.get_by_label("Movers").scroll_to_me();
    h.run();
    click(&mut h, "Movers");
    type_into(&mut h, "Years A", "2008");
    type_into(&mut h, "Years B", "2014..2016");
    h.get_by_label("Compute movers").scroll_to_me();
    h.run();
    click(&mut h, "Compute movers");
    h.get_by_label_contains("By degree: 2008 against 2014..2016");
    // Alan Milburn led the 2008 debate, 1st by degree, and is 48th by 2014-2016.
    h.get_by_label("Fell: Alan Milburn");
    h.get_by_label_contains("#1 then #48 (-47)");
    h.get_by_label("Rose: Labour Party");
    h.get_by_label("Leaving: Up a gear");
    // The rows are the library's, in its order.
    let kg = ideagraph::bundled::bundled_graph().expect("bundled graph");
    let m = movers(
        &kg,
        &Filter::default(),
        Metric::Degree,
        (2008, 2008),
        (2014, 2016),
    );
    let label = |ix| kg.node_at(ix).map(|n| n.label.clone()).expect("a node");
    let shown: Vec<String> = names_with(&h, "Rose: ");
    let want: Vec<String> =
        m.up.iter()
            .map(|x| format!("Rose: {}", label(x.node)))
            .collect();
    assert_eq!(shown, want);
    let entering = label(m.entering.first().expect("someone enters").node);
    assert_eq!(entering, "Jon Cruddas");
    let row = format!("Entering: {entering}");
    h.get_by_label(&row).scroll_to_me();
    h.run();
    h.get_by_label(&row).click();
    h.run();
    assert_eq!(h.state().selected_label(), Some(entering.as_str()));
}

/// The relational state first appeared in Cooke and Muir's IPPR piece, 2012 (an
/// inferred date), and Ed Miliband took it up; his link in the chain selects him. In
/// the timeline layout, the overlay draws over the selection without trouble.
#[test]
fn a_concept_shows_its_first_appearance_and_uptake() {
    let mut h = harness();
    select(&mut h, "The relational state");
    let first = name(&h.get_by_label_contains("First appeared: ")).expect("named");
    for part in ["Graeme Cooke", "Rick Muir", "2012 (inferred)"] {
        assert!(first.contains(part), "{first}");
    }
    h.get_by_label("Taken up by (8)");
    click(&mut h, "Taken up by: Ed Miliband");
    assert_eq!(h.state().selected_label(), Some("Ed Miliband"));
    // Back to the idea, on the timeline: its first appearance and path are drawn.
    click(&mut h, "Back");
    click(&mut h, "View");
    click(&mut h, "Timeline");
    h.state_mut().settle_layout();
    h.run();
    assert_eq!(h.state().selected_label(), Some("The relational state"));
}
