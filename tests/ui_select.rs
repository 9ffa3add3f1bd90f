//! Box selection and the actions on a selection, driven headless by `egui_kittest` on
//! the bundled graph: Shift+drag on empty canvas selects the nodes in the box (a plain
//! drag still pans), and Hide selected, Show only selected, Expand and Export
//! selected… act on them through the spec, so the view, saved views and exports agree.

use std::collections::{BTreeMap, BTreeSet};

use egui::{Event, Modifiers, PointerButton, Pos2, Rect, Role, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ideagraph::ui::App;

#[allow(dead_code)]
mod common;
use common::{click, export_to, exported_json_ids, harness, scene_positions, tick_new_labour};

/// The canvas rect on screen.
fn canvas(h: &Harness<'_, App>) -> Rect {
    h.get_by_label("Graph canvas").rect()
}

/// Every shown node's centre on screen, by id (as the canvas maps the scene).
fn on_screen(h: &Harness<'_, App>) -> BTreeMap<String, Pos2> {
    let rect = canvas(h);
    let app = h.state();
    let (centre, zoom) = app.camera();
    scene_positions(app)
        .into_iter()
        .map(|(id, p)| (id, rect.center() + (vec2(p[0], p[1]) - centre) * zoom))
        .collect()
}

/// A box in the middle of the canvas whose corners are on empty canvas (no widget
/// there), and the ids of the nodes inside it (a few, not all).
fn a_box(h: &Harness<'_, App>) -> (Rect, BTreeSet<String>) {
    let nodes = on_screen(h);
    let widgets: Vec<Rect> = h
        .query_all_by_role(Role::Button)
        .map(|n| n.rect().expand(2.0))
        .collect();
    let empty = |p: Pos2| widgets.iter().all(|r| !r.contains(p));
    let c = canvas(h).center();
    for i in 0..81 {
        let (dx, dy) = ((i % 9) as f32 * 15.0 - 60.0, (i / 9) as f32 * 15.0 - 60.0);
        let area = Rect::from_center_size(c + vec2(dx, dy), vec2(220.0, 160.0));
        if !empty(area.min) || !empty(area.max) {
            continue;
        }
        let inside: BTreeSet<String> = nodes
            .iter()
            .filter(|(_, p)| area.contains(**p))
            .map(|(id, _)| id.clone())
            .collect();
        if inside.len() >= 2 && inside.len() < nodes.len() / 2 {
            return (area, inside);
        }
    }
    panic!("no box with empty corners and a few nodes in it");
}

/// Presses the primary button at `from`, moves to `to` in steps and, with `release`,
/// lets go there; with Shift held throughout when `shift`.
fn drag(h: &mut Harness<'_, App>, from: Pos2, to: Pos2, shift: bool, release: bool) {
    let modifiers = if shift {
        Modifiers::SHIFT
    } else {
        Modifiers::NONE
    };
    h.event(Event::ModifiersChanged(modifiers));
    h.event(Event::PointerMoved(from));
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers,
    });
    for t in [0.1, 0.4, 0.7, 1.0] {
        h.event(Event::PointerMoved(from + (to - from) * t));
    }
    h.run();
    if release {
        h.event(Event::PointerButton {
            pos: to,
            button: PointerButton::Primary,
            pressed: false,
            modifiers,
        });
        h.event(Event::ModifiersChanged(Modifiers::NONE));
        h.run();
    }
}

/// Shift+drags the box from its top-left corner to its bottom-right one.
fn box_select(h: &mut Harness<'_, App>, area: Rect) {
    drag(h, area.min, area.max, true, true);
}

/// The ids of the shown nodes.
fn shown_ids(h: &Harness<'_, App>) -> BTreeSet<String> {
    let app = h.state();
    app.view()
        .nodes
        .iter()
        .filter_map(|&ix| app.graph().node_at(ix).map(|n| n.id.clone()))
        .collect()
}

/// Whether this frame painted a rectangle covering `area` (within a point).
fn painted_box(h: &Harness<'_, App>, area: Rect) -> bool {
    h.output().shapes.iter().any(|s| match &s.shape {
        egui::Shape::Rect(r) => {
            (r.rect.min - area.min).length() < 1.0 && (r.rect.max - area.max).length() < 1.0
        }
        _ => false,
    })
}

#[test]
fn shift_drag_selects_the_nodes_in_the_box_and_a_plain_drag_still_pans() {
    let mut h = harness();
    let (area, inside) = a_box(&h);
    let camera = h.state().camera();
    // While the button is held, the box is drawn.
    drag(&mut h, area.min, area.max, true, false);
    assert!(painted_box(&h, area), "the box shows while dragging");
    h.event(Event::PointerButton {
        pos: area.max,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::SHIFT,
    });
    h.event(Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    assert!(!painted_box(&h, area), "and goes once let go");
    assert_eq!(h.state().camera(), camera, "a box does not pan");
    h.get_by_label(&format!(
        "{} nodes selected with Shift (click or drag)",
        inside.len()
    ));
    // A plain drag on empty canvas pans, and selects nothing more.
    drag(&mut h, area.min, area.min + vec2(-60.0, 40.0), false, true);
    assert_ne!(h.state().camera(), camera, "a plain drag pans");
    h.get_by_label(&format!(
        "{} nodes selected with Shift (click or drag)",
        inside.len()
    ));
}

#[test]
fn hide_selected_takes_the_box_off_the_map_and_show_hidden_brings_it_back() {
    let mut h = harness();
    let before = scene_positions(h.state());
    let (area, inside) = a_box(&h);
    box_select(&mut h, area);
    click(&mut h, "Hide selected");
    let shown = shown_ids(&h);
    assert!(shown.is_disjoint(&inside), "the box's nodes are hidden");
    assert_eq!(shown.len(), before.len() - inside.len());
    assert_eq!(h.state().spec().by_hand.hidden, inside, "kept by id");
    h.get_by_label(&format!("{} nodes hidden by hand", inside.len()));
    // The nodes that stayed kept their places.
    for (id, p) in scene_positions(h.state()) {
        assert_eq!(before.get(&id), Some(&p), "{id} moved");
    }
    click(&mut h, "Show hidden nodes");
    assert_eq!(
        scene_positions(h.state()),
        before,
        "everything back where it was"
    );
    assert!(h.state().spec().by_hand.is_empty());
}

#[test]
fn show_only_selected_from_the_canvas_menu() {
    let mut h = harness();
    let (area, inside) = a_box(&h);
    box_select(&mut h, area);
    // A right-click on empty canvas (the box's corner) opens the selection's menu.
    h.event(Event::PointerMoved(area.min));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: area.min,
            button: PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    let left = canvas(&h).left();
    let item = h
        .query_all_by_role_and_label(Role::Button, "Show only selected")
        .find(|n| n.rect().center().x > left)
        .expect("the menu offers Show only selected");
    item.click();
    h.run();
    assert_eq!(shown_ids(&h), inside);
    h.get_by_label(&format!("Only {} nodes chosen by hand", inside.len()));
}

#[test]
fn export_selected_writes_exactly_the_selection_and_the_edges_among_it() {
    let mut h = harness();
    let (area, inside) = a_box(&h);
    box_select(&mut h, area);
    click(&mut h, "Export selected…");
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("selected.json");
    export_to(&mut h, &out, &format!("Exported {} nodes", inside.len()));
    assert_eq!(exported_json_ids(&out), inside);
    let text = std::fs::read_to_string(&out).expect("written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let links = json["links"].as_array().expect("links");
    let kg = h.state().graph();
    let among = kg
        .edge_indices()
        .filter_map(|e| kg.endpoints(e))
        .filter(|&(a, b)| {
            let id = |ix| kg.node_at(ix).map(|n| n.id.clone()).unwrap_or_default();
            inside.contains(&id(a)) && inside.contains(&id(b))
        })
        .count();
    assert_eq!(links.len(), among, "every edge among them, no other");
}

/// Expand brings in the neighbours the filters hide, leaves the filters as they were,
/// and the map keeps its places; a saved view keeps what was brought in.
#[test]
fn expand_shows_hidden_neighbours_without_changing_the_filters() {
    let mut h = harness();
    tick_new_labour(&mut h);
    let filter = h.state().filter().clone();
    let before = scene_positions(h.state());
    // A shown node, apart from the others on screen, with neighbours the filter hides.
    let screen = on_screen(&h);
    let rect = canvas(&h).shrink(120.0);
    let app = h.state();
    let kg = app.graph();
    let (seed, hidden) = app
        .view()
        .nodes
        .iter()
        .filter_map(|&ix| {
            let id = &kg.node_at(ix)?.id;
            let p = *screen.get(id)?;
            let apart = screen
                .iter()
                .all(|(other, q)| other == id || (*q - p).length() > 20.0);
            let hidden: BTreeSet<String> = kg
                .incident(ix)
                .into_iter()
                .filter(|&(_, o, _)| !app.view().has_node(o))
                .filter_map(|(_, o, _)| kg.node_at(o).map(|n| n.id.clone()))
                .collect();
            (rect.contains(p) && apart && !hidden.is_empty()).then_some((ix, hidden))
        })
        .next()
        .expect("a node with hidden neighbours");
    let label = kg.node_at(seed).expect("seed").label.clone();
    h.get_by_role_and_label(Role::Button, &label)
        .click_secondary();
    h.run();
    click(&mut h, "Expand this node");
    assert_eq!(h.state().filter(), &filter, "the filters stay");
    let shown = shown_ids(&h);
    assert!(hidden.is_subset(&shown), "the hidden neighbours are shown");
    assert_eq!(h.state().spec().by_hand.added, hidden);
    let after = scene_positions(h.state());
    for (id, p) in &before {
        assert_eq!(after.get(id), Some(p), "{id} moved");
    }
    assert!(hidden.iter().all(|id| after.contains_key(id)), "placed");
    let words = if hidden.len() == 1 {
        "1 node added by hand".to_owned()
    } else {
        format!("{} nodes added by hand", hidden.len())
    };
    h.get_by_label(&words);

    // Saved and opened again: the same nodes.
    let text = ideagraph::io::saved_view::view_to_ron(&h.state().saved_view()).expect("ron");
    let read = ideagraph::io::saved_view::view_from_ron(&text, "v.ron").expect("read");
    let mut again = harness();
    again.state_mut().apply_saved_view(read);
    again.run();
    assert_eq!(shown_ids(&again), shown);
    again.get_by_label(&words);
    click(&mut again, "Remove added nodes");
    assert!(shown_ids(&again).is_disjoint(&hidden));
}

/// Hiding the selected node by hand: the sidebar's "Show it" shows it again without
/// removing any filter.
#[test]
fn show_it_undoes_a_hide_by_hand_and_keeps_the_filters() {
    let mut h = harness();
    tick_new_labour(&mut h);
    let filter = h.state().filter().clone();
    let app = h.state();
    let kg = app.graph();
    let ix = *app.view().nodes.first().expect("a shown node");
    let label = kg.node_at(ix).expect("node").label.clone();
    let ctx = h.ctx.clone();
    h.state_mut()
        .apply(&ctx, ideagraph::ui::Command::SelectNode(ix));
    h.run();
    let one = BTreeSet::from([ix]);
    h.state_mut().apply(
        &ctx,
        ideagraph::ui::Command::Selection(ideagraph::ui::SelectionCommand::Hide(one)),
    );
    h.run();
    assert!(!h.state().view().has_node(ix), "{label} hidden");
    // The sidebar says what hides it: the hand, not the filters.
    h.get_by_label("Hidden by hand.");
    assert!(h.query_by_label("Hidden by the current filters.").is_none());
    click(&mut h, "Show it");
    assert!(h.state().view().has_node(ix), "{label} back");
    assert_eq!(h.state().filter(), &filter);
    assert!(h.state().spec().by_hand.is_empty());
}

/// The filter summary counts what was hidden by hand as a chip: it never says "No
/// filters" while nodes are hidden, and the chip's click shows them again.
#[test]
fn a_hide_by_hand_is_a_chip_in_the_summary() {
    let mut h = harness();
    let ix = *h.state().view().nodes.first().expect("a shown node");
    let ctx = h.ctx.clone();
    h.state_mut().apply(
        &ctx,
        ideagraph::ui::Command::Selection(ideagraph::ui::SelectionCommand::Hide(BTreeSet::from([
            ix,
        ]))),
    );
    h.run();
    assert!(
        h.query_by_label("No filters: everything is shown")
            .is_none()
    );
    click(&mut h, "1 node hidden by hand ×");
    assert!(h.state().view().has_node(ix), "shown again");
    assert!(h.state().spec().by_hand.is_empty());
    h.get_by_label("No filters: everything is shown");
}

/// The filter summary does not claim everything is shown while nodes are hidden by
/// hand: it says so after the (absent) chips.
#[test]
fn the_filter_summary_names_what_is_hidden_by_hand() {
    let mut h = harness();
    h.get_by_label("No filters: everything is shown");
    let mut spec = h.state().spec().clone();
    spec.by_hand
        .hide(["alan-milburn".to_owned(), "progress".to_owned()]);
    h.state_mut().set_spec(spec);
    h.run();
    assert!(
        h.query_by_label("No filters: everything is shown")
            .is_none(),
        "198 of 200 nodes are shown"
    );
    h.get_by_label("2 nodes hidden by hand ×");
    // Comparing two ranges is not a filter chip, but not "No filters" either.
    let mut spec = h.state().spec().clone();
    spec.by_hand = Default::default();
    spec.compare = Some(((2008, 2010), (2014, 2016)));
    h.state_mut().set_spec(spec);
    h.run();
    h.get_by_label("No filters; comparing two year ranges");
}
