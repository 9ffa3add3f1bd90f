//! Where people stand, in the window, driven headless by `egui_kittest`: two people
//! selected with Shift get *Where they stand* in the sidebar; the agreement map draws
//! the view's people with derived edges, one of which the sidebar explains when
//! clicked; leaving the map puts every node back where it was, to the bit; the stance
//! groups table and the CSV export.

use egui::Role;
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::model::Kind;
use ideagraph::ui::{App, Command, ExploreCommand};

// Shared with the other kittest suites; this one uses only a few of its helpers.
#[allow(dead_code)]
mod common;
use common::{click, name, scene_positions, settled, window};

/// The bundled graph, laid out and paused, in a window of the default size.
fn harness() -> Harness<'static, App> {
    window(settled(None), vec2(1400.0, 900.0), 40)
}

/// Adds the nodes with these labels to the Shift selection, as Shift+clicks do.
fn choose_with_shift(h: &mut Harness<'_, App>, labels: &[&str]) {
    let ctx = h.ctx.clone();
    for label in labels {
        let ix = h
            .state()
            .graph()
            .graph()
            .node_indices()
            .find(|&ix| {
                h.state()
                    .graph()
                    .node_at(ix)
                    .is_some_and(|n| n.label == *label)
            })
            .expect("node");
        h.state_mut()
            .apply(&ctx, Command::Explore(ExploreCommand::ToggleMulti(ix)));
    }
    h.run();
}

/// The accessible names that contain `part`.
fn names_with(h: &Harness<'_, App>, part: &str) -> Vec<String> {
    h.query_all_by_label_contains(part)
        .filter_map(|n| name(&n))
        .collect()
}

/// Turns the agreement map on (or off) through View > Agreement map.
fn toggle_map(h: &mut Harness<'_, App>) {
    click(h, "View");
    click(h, "Agreement map");
    // Close the menu.
    h.key_press(egui::Key::Escape);
    h.run();
}

#[test]
fn two_people_selected_show_where_they_stand_with_their_quotes() {
    let mut h = harness();
    choose_with_shift(&mut h, &["Liz Kendall", "Alan Milburn"]);
    h.get_by_label_contains("Where they stand: ");
    h.get_by_label("Both back: Citizen empowerment");
    let rebuke = names_with(&h, "rebuked Alan Milburn");
    assert!(
        rebuke
            .iter()
            .any(|s| s.starts_with("Liz Kendall rebuked Alan Milburn (")),
        "{rebuke:?}"
    );
    // Each stance is told with its quote, and selects its edge.
    let kendall = names_with(&h, "Liz Kendall advocates Citizen empowerment (");
    assert_eq!(kendall.len(), 1, "{kendall:?}");
    assert!(
        kendall[0].contains("empowers people to shape"),
        "{}",
        kendall[0]
    );
    click(&mut h, &kendall[0]);
    assert!(
        h.state().selection().and_then(|s| s.edge()).is_some(),
        "the stance's edge is selected"
    );
    // Stances of the texts they wrote count when asked, marked as inherited.
    click(&mut h, "Count stances of texts they wrote");
    let inherited = names_with(&h, "inherited through a text: Alan Milburn wrote Up a gear");
    assert!(!inherited.is_empty(), "Milburn's stances through Up a gear");
    // The idea selects its node.
    click(&mut h, "Both back: Citizen empowerment");
    assert_eq!(h.state().selected_label(), Some("Citizen empowerment"));
}

#[test]
fn the_agreement_map_draws_derived_edges_that_explain_themselves() {
    let mut h = harness();
    let before = scene_positions(h.state());
    toggle_map(&mut h);
    let map = h.state().agreement_map().expect("the map is drawn").clone();
    assert!(!map.edges.is_empty());
    let kg = h.state().graph();
    assert!(
        map.nodes
            .iter()
            .all(|&ix| kg.node_at(ix).is_some_and(|n| n.kind == Kind::Person))
    );
    // Kendall and Milburn share three ideas: their derived edge is on the canvas.
    let label = "Agreement between Alan Milburn and Liz Kendall";
    let found = names_with(&h, "Agreement between ");
    let label = if found.iter().any(|l| l == label) {
        label.to_owned()
    } else {
        "Agreement between Liz Kendall and Alan Milburn".to_owned()
    };
    assert!(found.contains(&label), "{found:?}");
    // No node of another kind is drawn: no widget for an idea.
    assert!(h.query_by_label("Citizen empowerment").is_none());
    h.get_by_label(&label).click_accesskit();
    h.run();
    let (a, b) = h
        .state()
        .agreement_pair()
        .expect("a derived edge is selected");
    let names: Vec<&str> = [a, b]
        .iter()
        .filter_map(|&ix| h.state().graph().node_at(ix).map(|n| n.label.as_str()))
        .collect();
    assert!(names.contains(&"Liz Kendall") && names.contains(&"Alan Milburn"));
    h.get_by_label("Derived edge of the agreement map");
    h.get_by_label_contains("Agree on 3 ideas, disagree on 0");
    h.get_by_label("Both back: Citizen empowerment");
    // Clearing the selection (Esc, a click on empty canvas) leaves the derived edge.
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Command::ClearSelection);
    h.run();
    assert_eq!(h.state().agreement_pair(), None);
    // Leaving the map: every node where it was, to the bit.
    click(&mut h, "Leave");
    assert!(h.state().agreement_map().is_none());
    assert_eq!(scene_positions(h.state()), before);
    h.get_by_role_and_label(Role::Button, "Citizen empowerment");
}

#[test]
fn stance_groups_stand_beside_the_faction_claims() {
    let mut h = harness();
    click(&mut h, "Toggle filter panel");
    click(&mut h, "Analysis: stance groups");
    h.get_by_label("Faction claims beside the groups");
    let groups = names_with(&h, "Group 1 (");
    assert!(!groups.is_empty(), "a first group");
    h.get_by_label("Milibandite");
}

#[test]
fn the_agreement_graph_exports_as_csv() {
    ideagraph::ui::set_native_dialogs(false);
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("agreement.csv");
    let mut h = harness();
    toggle_map(&mut h);
    click(&mut h, "Export CSV…");
    h.get_by_label("Agreement CSV path").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Agreement CSV path")
        .type_text(&out.display().to_string());
    h.run();
    click(&mut h, "Write CSV");
    h.get_by_label_contains("derived edges between");
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.starts_with("source,target,source_label,target_label,agree,disagree"));
    assert!(text.contains("stance agreement"));
}

#[test]
fn a_person_is_compared_with_one_picked_by_name() {
    let mut h = harness();
    h.get_by_role_and_label(Role::Button, "Liz Kendall").click();
    h.run();
    assert_eq!(h.state().selected_label(), Some("Liz Kendall"));
    h.get_by_label("Compare stances with").scroll_to_me();
    h.run();
    click(&mut h, "Compare stances with");
    h.get_by_label("Compare with name").type_text("milb");
    h.run();
    click(&mut h, "Compare with Alan Milburn");
    h.get_by_label("Both back: Citizen empowerment");
    assert!(!names_with(&h, "Liz Kendall rebuked Alan Milburn (").is_empty());
}
