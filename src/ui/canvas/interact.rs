//! Input: panning and zooming the camera (Shift+drag draws a selection box instead,
//! see `selecting`), and the nodes as widgets (click to select, drag to pin, Ctrl+drag
//! to draw a new edge (see `linking`), a context menu and a tooltip each, an accessible
//! name each), and a click on the background, which picks an edge or clears the
//! selection.

use egui::{Pos2, Rect, Response, Sense, Vec2};
use petgraph::stable_graph::NodeIndex;

use super::super::command::Command;
use super::super::explore::ExploreCommand;
use super::super::history::Selection;
use super::edges::{CachedEdge, nearest_edge, position_of};
use super::frame::{DrawnNode, Motion, Visible};
use super::geometry::Camera;
use super::grid::NodeGrid;
use super::input::CanvasInput;
use super::linking;
use super::selecting;
use super::view::CanvasView;

/// A node's hit box reaches at least this far from its centre, in points.
const HIT_MIN_HALF: f32 = 6.0;

/// The camera phase: the background as a widget (drag to pan), the wheel or a pinch
/// to zoom around the pointer, following the layout while auto-fitting, and the
/// camera move under way. Returns the background's response and what moves.
pub(super) fn camera_ui(
    ui: &mut egui::Ui,
    input: &CanvasInput<'_>,
    cv: &mut CanvasView,
) -> (Response, Motion) {
    let rect = cv.rect;
    let bg = ui.interact(
        rect,
        egui::Id::unique("ideagraph-canvas"),
        Sense::click_and_drag(),
    );
    bg.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Graph canvas"));
    let mut camera_input = false;
    // Shift+drag draws a selection box instead of panning.
    let boxing = selecting::track_box(ui, &bg, cv);
    if boxing {
        // The user is picking nodes by where they stand: the map must stay put, even
        // if the sidebar that lists the pick grows and the canvas with it shrinks.
        cv.auto_fit = false;
    }
    if bg.dragged() && !boxing {
        camera_input |= bg.drag_delta() != Vec2::ZERO;
        cv.center -= bg.drag_delta() / cv.zoom;
        cv.auto_fit = false;
        cv.camera_move = None;
    }
    // Zoom with the wheel (or pinch, or Ctrl+wheel) around the pointer.
    if let Some(hover) = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| rect.contains(*p))
    {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        let factor = pinch * (scroll.y / 400.0).exp();
        if (factor - 1.0).abs() > 1e-4 {
            camera_input = true;
            cv.zoom_around(factor, hover);
            cv.auto_fit = false;
        }
    }
    if cv.auto_fit
        && let Some(b) = input.fit_bounds()
    {
        cv.fit_now(b);
    }
    let dt = ui.input(|i| i.stable_dt).clamp(0.0, 0.5);
    let camera_moving = cv.advance_camera(dt);
    let motion = Motion {
        camera_input,
        camera_moving,
        layout_moving: input.layout_moving,
    };
    (bg, motion)
}

/// The node widgets, first so that hover is known before painting. Returns the node
/// under the pointer (or being dragged).
pub(super) fn node_widgets_ui(
    ui: &mut egui::Ui,
    input: &CanvasInput<'_>,
    cv: &mut CanvasView,
    visible: &Visible,
    cmds: &mut Vec<Command>,
) -> Option<NodeIndex> {
    let mut hovered = None;
    for d in with_widget(ui, input, cv, visible) {
        if node_widget_ui(ui, input, cv, d, cmds) {
            hovered = Some(d.ix);
        }
    }
    hovered
}

/// Which nodes get a widget: all of them on small graphs; on large ones the node
/// under the pointer, the one being dragged or with its menu open, and the ones
/// labelled last frame (so what is named on screen has an accessible name).
fn with_widget<'v>(
    ui: &egui::Ui,
    input: &CanvasInput<'_>,
    cv: &CanvasView,
    visible: &'v Visible,
) -> Vec<&'v DrawnNode> {
    if !visible.is_crowded() {
        return visible.drawn.iter().collect();
    }
    let camera = cv.camera();
    let pointer = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| camera.canvas.contains(*p));
    let under_pointer = pointer.and_then(|p| {
        node_under(&cv.caches.grid, &camera, visible.reach, p, |slot| {
            let ix = *input.layout.nodes().get(slot)?;
            let radius = camera.screen_radius(input.scene_radius(slot, ix));
            Some((*visible.spos.get(slot)?, radius))
        })
    });
    let mut wanted: Vec<usize> = cv
        .labelled
        .iter()
        .copied()
        .chain(cv.drag_offset.map(|(ix, _)| ix))
        .chain(cv.link_from)
        .chain(cv.menu_node)
        .chain(input.selection.and_then(Selection::node))
        .filter_map(|ix| input.layout.slot(ix))
        .chain(under_pointer)
        .collect();
    // In drawing order, so the topmost node wins where hit boxes overlap.
    wanted.sort_unstable();
    wanted.dedup();
    wanted
        .into_iter()
        .filter_map(|slot| visible.drawn_at(slot))
        .collect()
}

/// One node as a widget: selects on click (Shift+click: the multi-selection), pins
/// where dragged, releases on double-click, and has a menu and a tooltip. Returns
/// whether it is under the pointer or being dragged.
fn node_widget_ui(
    ui: &mut egui::Ui,
    input: &CanvasInput<'_>,
    cv: &mut CanvasView,
    d: &DrawnNode,
    cmds: &mut Vec<Command>,
) -> bool {
    let Some(node) = input.kg.node_at(d.ix) else {
        return false;
    };
    let hit = Rect::from_center_size(d.pos, Vec2::splat(2.0 * d.radius.max(HIT_MIN_HALF)));
    let id = egui::Id::unique(("ideagraph-node", d.ix.index()));
    let resp = ui.interact(hit, id, Sense::click_and_drag());
    let label = node.label.clone();
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
    let hovered = resp.hovered() || resp.dragged();
    if resp.clicked() {
        // Shift+click builds a multi-selection (for export) instead of selecting.
        if ui.input(|i| i.modifiers.shift) {
            cmds.push(Command::Explore(ExploreCommand::ToggleMulti(d.ix)));
        } else {
            cmds.push(Command::SelectNode(d.ix));
        }
    }
    if resp.double_clicked() && input.layout.is_pinned(d.ix) {
        cmds.push(Command::Unpin(d.ix));
    }
    // Ctrl+drag draws a new edge instead of moving the node.
    if !linking::link_drag(ui, cv, d.ix, &resp) {
        drag_to_pin(ui, cv, d, &resp, cmds);
    }
    let pinned = input.layout.is_pinned_at(d.slot);
    let menu = resp.context_menu(|ui| {
        node_menu_ui(ui, d.ix, pinned, cmds);
        selecting::node_menu_actions_ui(ui, d.ix, &input.overlay.multi, cmds);
    });
    if menu.is_some() {
        cv.menu_node = Some(d.ix);
    } else if cv.menu_node == Some(d.ix) {
        cv.menu_node = None;
    }
    if !resp.dragged() {
        resp.on_hover_ui(|ui| {
            ui.strong(&node.label);
            let kind = match node.sub_kind {
                Some(s) => format!("{} · {}", node.kind.name(), s.name()),
                None => node.kind.name().to_owned(),
            };
            ui.label(kind);
            let n = input.kg.degree(d.ix);
            ui.weak(format!("{n} connection{}", if n == 1 { "" } else { "s" }));
            if pinned {
                ui.weak("Pinned: double-click to release");
            }
        });
    }
    hovered
}

/// Dragging a node pins it under the pointer, keeping the offset from where the drag
/// began.
fn drag_to_pin(
    ui: &egui::Ui,
    cv: &mut CanvasView,
    d: &DrawnNode,
    resp: &Response,
    cmds: &mut Vec<Command>,
) {
    // Measured from where the button went down: the drag only starts once the
    // pointer has moved a little, and the node should not jump by that much.
    if resp.drag_started()
        && let Some(p) = ui
            .input(|i| i.pointer.press_origin())
            .or(resp.interact_pointer_pos())
    {
        let node_scene = cv.scene_from_screen(d.pos);
        cv.drag_offset = Some((d.ix, node_scene - cv.scene_from_screen(p)));
    }
    if resp.dragged()
        && let Some(p) = resp.interact_pointer_pos()
    {
        let offset = cv
            .drag_offset
            .filter(|(ix, _)| *ix == d.ix)
            .map_or(Vec2::ZERO, |(_, o)| o);
        let target = cv.scene_from_screen(p) + offset;
        cmds.push(Command::Pin(d.ix, [target.x, target.y]));
    }
    if resp.drag_stopped() {
        cv.drag_offset = None;
    }
}

/// A node's context menu.
fn node_menu_ui(ui: &mut egui::Ui, ix: NodeIndex, pinned: bool, cmds: &mut Vec<Command>) {
    if ui.button("Select").clicked() {
        cmds.push(Command::SelectNode(ix));
    }
    if ui.button("Select and zoom to").clicked() {
        cmds.push(Command::SelectNode(ix));
        cmds.push(Command::ZoomToSelection);
    }
    if pinned && ui.button("Unpin").clicked() {
        cmds.push(Command::Unpin(ix));
    }
    if ui.button("Path from here").clicked() {
        cmds.push(Command::Explore(ExploreCommand::PathFrom(ix)));
    }
    if ui.button("Path to here").clicked() {
        cmds.push(Command::Explore(ExploreCommand::PathTo(ix)));
    }
}

/// A click on the background selects the edge near the pointer, else clears the
/// selection.
pub(super) fn background_click(
    bg: &Response,
    input: &CanvasInput<'_>,
    cv: &CanvasView,
    visible: &Visible,
    edges: &[CachedEdge],
    cmds: &mut Vec<Command>,
) {
    if bg.clicked() {
        let hit = bg.interact_pointer_pos().and_then(|p| {
            if edges.len() <= FULL_EDGE_SCAN_MAX {
                nearest_edge(edges, &visible.spos, p)
            } else {
                let near = edges_near(input, cv, edges, p);
                nearest_edge(&near, &visible.spos, p)
            }
        });
        cmds.push(match hit {
            Some(e) => Command::SelectEdge(e),
            None => Command::ClearSelection,
        });
    }
}

/// Views with more edges than this look for a clicked edge only among the edges of
/// the nodes near the pointer ([`edges_near`]).
const FULL_EDGE_SCAN_MAX: usize = 500_000;

/// How near the pointer, in points, a node's edges are candidates for a click.
const EDGE_PICK_REACH: f32 = 48.0;

/// The view's edges touching a node within [`EDGE_PICK_REACH`] of `p`, in the order
/// of `edges`. Scanning five million edges took 150 ms of processor time a click; a
/// long edge passing the pointer with both ends further away is not found this way.
fn edges_near(
    input: &CanvasInput<'_>,
    cv: &CanvasView,
    edges: &[CachedEdge],
    p: Pos2,
) -> Vec<CachedEdge> {
    let camera = cv.camera();
    let reach = Vec2::splat(EDGE_PICK_REACH);
    let area = Rect::from_two_pos(
        camera.scene_from_screen(p - reach),
        camera.scene_from_screen(p + reach),
    );
    let mut slots = Vec::new();
    cv.caches.grid.query(area, &mut slots);
    let at = cv.caches.edges.positions();
    let mut found: Vec<usize> = slots
        .into_iter()
        .filter_map(|slot| input.layout.nodes().get(slot).copied())
        .flat_map(|ix| input.kg.incident(ix))
        .filter_map(|(e, _, _)| position_of(edges, at, e))
        .collect();
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(|i| edges[i]).collect()
}

/// The slot of the node under the screen point `p`: the nearest whose hit box holds
/// it, the last drawn where two are as near. Asks the grid for the nodes around `p`
/// (`reach`: the largest node radius on screen, in points); `at` gives a slot's screen
/// position and radius.
fn node_under(
    grid: &NodeGrid,
    camera: &Camera,
    reach: f32,
    p: Pos2,
    at: impl Fn(usize) -> Option<(Pos2, f32)>,
) -> Option<usize> {
    let half = reach.max(HIT_MIN_HALF) / camera.zoom;
    let mut near = Vec::new();
    grid.query(
        Rect::from_center_size(camera.scene_from_screen(p), Vec2::splat(2.0 * half)),
        &mut near,
    );
    near.into_iter()
        .filter_map(|slot| {
            let (pos, radius) = at(slot)?;
            let half = radius.max(HIT_MIN_HALF);
            ((pos.x - p.x).abs() <= half && (pos.y - p.y).abs() <= half)
                .then_some((slot, (pos - p).length_sq()))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(slot, _)| slot)
}
