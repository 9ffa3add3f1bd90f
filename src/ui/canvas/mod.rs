//! The graph canvas: nodes at their layout positions, pan and zoom through our own
//! scene-to-screen transform, hover and selection highlighting, level-of-detail labels,
//! dragging to pin, and an accessible name on every node shown.
//!
//! We keep our own transform rather than `egui::Scene` so that each node's widget rect
//! is in screen space: AccessKit bounds, hit testing and `egui_kittest`'s `click()` then
//! all agree.

mod edges;
mod grid;
mod hairline;
mod labels;
mod nodes;
mod picture;

use std::collections::HashSet;
use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use edges::{
    DashTexture, EdgeCache, EdgeFrame, EdgeMeshCache, bright_edges, clip_segment, nearest_edge,
    paint_edge_clipped, parallel_offset, picture_edges, shorten,
};
use grid::NodeGrid;
use labels::draw_labels;
use nodes::NodeMesher;
use picture::{Content, Picture, PictureNode, Shot};

use super::command::Command;
use super::encoding::Encoding;
use super::explore::{ExploreCommand, Overlay};
use super::history::Selection;
use super::layout_state::LayoutState;
use super::shapes::{paint_node, paint_pin};
use super::theme::{self, ColourBy, edge_style};
use crate::model::{KnowledgeGraph, Node};
use crate::query::View;

/// Zoom limits, in screen points per scene unit.
pub const ZOOM_RANGE: (f32, f32) = (0.05, 8.0);

/// Seconds a camera move takes.
const CAMERA_SECS: f32 = 0.35;

/// Labels at most this long unless the node is in focus.
const SHORT_LABEL_CHARS: usize = 32;

/// Nodes at least this big (scene radius) get a slightly larger label.
const BIG_NODE_RADIUS: f32 = 14.0;

/// Nodes are never drawn smaller than this, in points, so they stay clickable.
const MIN_SCREEN_RADIUS: f32 = 4.5;

/// Screen area per optional label, in square points: keeps the default view airy.
const AREA_PER_LABEL: f32 = 14_000.0;

/// Below this zoom, edges outside the focus are drawn without arrowheads.
const ARROW_MIN_ZOOM: f32 = 0.8;

/// Up to this many nodes on screen, every node is its own widget (hit testing and an
/// accessible name each). Beyond it, only the node under the pointer, the one being
/// dragged, the one with a menu open and the labelled ones are: thousands of widgets
/// a frame would cost more than the drawing.
const MAX_NODE_WIDGETS: usize = 1_500;

/// Views with more edges than this draw their resting edges into one mesh, by level of
/// detail (dashes and arrowheads only when zoomed in), instead of a shape per edge.
const EDGE_MESH_MIN: usize = 2_000;

/// Above this many nodes on screen, frames in motion mesh node fills only (no outline or
/// anti-aliased rim): a fifth of the triangles, all back at rest. Views with a picture
/// of their edges also put their nodes in it from this many on.
const NODE_MESH_LITE_MIN: usize = 3_000;

/// Width of a node's outline, in points.
const NODE_OUTLINE_WIDTH: f32 = 1.2;

/// Most resting edges a large view draws while the camera or the layout moves and no
/// picture of them covers the canvas; the rest come back at rest (see
/// `EdgeFrame::stride` and the `edge_raster` module).
const MOVING_EDGE_BUDGET: usize = 2_000;

/// Seconds the camera stays still before a picture of a large view is started: a
/// gesture (wheel ticks, key presses) is one picture, not one per step.
const PICTURE_DELAY: f64 = 0.1;

/// Opacity of a resting edge while nothing is focused (a focus dims them further).
const RESTING_EDGE_ALPHA: f32 = 0.45;

/// Over this many nodes on screen, node shapes are built into one mesh: egui's own
/// circles and polygons cost more to tessellate one by one (the ~200-node bundled graph
/// stays below it, drawn exactly as egui draws shapes).
const NODE_MESH_MIN: usize = 500;

/// A node's hit box reaches at least this far from its centre, in points.
const HIT_MIN_HALF: f32 = 6.0;

/// How many optional labels, per label of the budget, are tried before giving up.
const LABEL_TRIES_PER_SLOT: usize = 4;

/// A camera move in progress.
#[derive(Clone, Copy, Debug, PartialEq)]
struct CameraMove {
    from: (Vec2, f32),
    to: (Vec2, f32),
    t: f32,
}

/// The canvas camera and the interaction state that lasts between frames.
#[derive(Clone, Debug, PartialEq)]
pub struct CanvasView {
    /// The scene point shown at the centre of the canvas.
    pub center: Vec2,
    /// Screen points per scene unit.
    pub zoom: f32,
    /// While true, the camera follows the layout so that everything stays in view;
    /// cleared as soon as the user pans or zooms.
    pub auto_fit: bool,
    /// The canvas rect of the last frame, in screen points.
    pub rect: Rect,
    /// The node under the pointer in the last frame.
    pub hovered: Option<NodeIndex>,
    camera: Option<CameraMove>,
    /// Offset from the pointer to the centre of the node being dragged, in scene units.
    drag_offset: Option<(NodeIndex, Vec2)>,
    /// The node whose context menu is open (large graphs keep its widget alive).
    menu_node: Option<NodeIndex>,
    /// Nodes labelled in the last frame: on large graphs, the ones given widgets (and
    /// so accessible names) besides the one under the pointer.
    labelled: Vec<NodeIndex>,
    caches: Caches,
}

/// What the canvas keeps between frames to avoid redoing work: never part of what the
/// camera is, so two views compare equal whatever their caches hold.
#[derive(Clone, Debug, Default)]
struct Caches {
    /// The view's edges grouped for parallel offsets, rebuilt when the view changes.
    edges: EdgeCache,
    /// Node centres by grid cell, rebuilt when the layout moves.
    grid: NodeGrid,
    /// The resting-edge mesh of large views, rebuilt when the camera, layout or focus
    /// changes.
    edge_mesh: EdgeMeshCache,
    /// A picture of a large view's resting edges (and nodes), made off the UI thread
    /// at rest.
    picture: Picture,
    /// The camera of the last frame and when it was first seen, in egui's seconds: a
    /// picture waits until the camera has been still a moment.
    camera_since: Option<(Camera, f64)>,
    /// Dash patterns for the edge mesh, and a solid texel for the node mesh.
    dashes: Option<DashTexture>,
    /// Last frame's node mesh of a large view, whose buffers the next frame reuses.
    node_mesh: Arc<egui::Mesh>,
}

impl PartialEq for Caches {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Default for CanvasView {
    fn default() -> Self {
        Self {
            center: Vec2::ZERO,
            zoom: 1.0,
            auto_fit: true,
            rect: Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0)),
            hovered: None,
            camera: None,
            drag_offset: None,
            menu_node: None,
            labelled: Vec::new(),
            caches: Caches::default(),
        }
    }
}

/// What the camera shows: the scene point at the canvas centre, the zoom and the
/// canvas rect. Scene to screen and back, for the view and for pictures made with an
/// earlier camera.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Camera {
    center: Vec2,
    zoom: f32,
    canvas: Rect,
}

impl Camera {
    fn screen_from_scene(&self, p: Pos2) -> Pos2 {
        self.canvas.center() + (p.to_vec2() - self.center) * self.zoom
    }

    fn scene_from_screen(&self, p: Pos2) -> Pos2 {
        (self.center + (p - self.canvas.center()) / self.zoom).to_pos2()
    }
}

impl CanvasView {
    fn camera(&self) -> Camera {
        Camera {
            center: self.center,
            zoom: self.zoom,
            canvas: self.rect,
        }
    }

    /// Screen position of a scene point.
    pub fn screen_from_scene(&self, p: Pos2) -> Pos2 {
        self.camera().screen_from_scene(p)
    }

    /// Scene position of a screen point.
    pub fn scene_from_screen(&self, p: Pos2) -> Pos2 {
        self.camera().scene_from_screen(p)
    }

    /// The camera that shows `bounds` (scene units) whole, with a margin.
    fn fitting(&self, bounds: Rect, max_zoom: f32) -> (Vec2, f32) {
        let avail = (self.rect.size() - Vec2::splat(60.0)).max(Vec2::splat(50.0));
        let size = bounds.size().max(Vec2::splat(1.0));
        let zoom = (avail.x / size.x)
            .min(avail.y / size.y)
            .clamp(ZOOM_RANGE.0, max_zoom);
        (bounds.center().to_vec2(), zoom)
    }

    /// Jumps so that `bounds` fits.
    pub fn fit_now(&mut self, bounds: Rect) {
        let (c, z) = self.fitting(bounds, 1.5);
        self.center = c;
        self.zoom = z;
        self.camera = None;
    }

    /// Moves smoothly so that `bounds` fits, zooming to at most `max_zoom`.
    pub fn animate_fit(&mut self, bounds: Rect, max_zoom: f32) {
        let to = self.fitting(bounds, max_zoom);
        self.animate_to(to.0, to.1);
    }

    /// Moves smoothly to centre `center` at `zoom`.
    pub fn animate_to(&mut self, center: Vec2, zoom: f32) {
        let zoom = zoom.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        self.camera = Some(CameraMove {
            from: (self.center, self.zoom),
            to: (center, zoom),
            t: 0.0,
        });
    }

    /// Zooms by `factor` keeping the scene point under `screen_pos` fixed.
    pub fn zoom_around(&mut self, factor: f32, screen_pos: Pos2) {
        let before = self.scene_from_screen(screen_pos);
        self.zoom = (self.zoom * factor).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        let after = self.scene_from_screen(screen_pos);
        self.center += before - after;
        self.camera = None;
    }

    /// Advances a camera move by `dt` seconds; returns true while moving.
    fn advance_camera(&mut self, dt: f32) -> bool {
        let Some(mut m) = self.camera else {
            return false;
        };
        m.t = (m.t + dt / CAMERA_SECS).min(1.0);
        let s = m.t * m.t * (3.0 - 2.0 * m.t);
        self.center = m.from.0 + (m.to.0 - m.from.0) * s;
        // Interpolate zoom geometrically so zooming feels even.
        self.zoom = m.from.1 * (m.to.1 / m.from.1).powf(s);
        if m.t >= 1.0 {
            self.camera = None;
            false
        } else {
            self.camera = Some(m);
            true
        }
    }

    /// Whether a camera move is under way.
    pub fn is_moving(&self) -> bool {
        self.camera.is_some()
    }

    /// Whether a picture of a large view is shown and no other is being drawn.
    pub fn picture_ready(&self) -> bool {
        self.caches.picture.is_shown() && !self.caches.picture.is_pending()
    }
}

/// What the canvas needs to draw one frame.
pub struct CanvasInput<'a> {
    /// The graph.
    pub kg: &'a KnowledgeGraph,
    /// What is shown.
    pub view: &'a View,
    /// Positions.
    pub layout: &'a LayoutState,
    /// The current selection.
    pub selection: Option<Selection>,
    /// What colour means.
    pub colour_by: ColourBy,
    /// Faction colours.
    pub encoding: &'a Encoding,
    /// Dark theme.
    pub dark: bool,
    /// Faded excluded nodes, paths, rings, community colours and metric sizes.
    pub overlay: &'a Overlay,
    /// Whether the layout is moving (neither settled nor paused).
    pub layout_moving: bool,
}

/// One node as drawn this frame.
struct DrawnNode {
    ix: NodeIndex,
    slot: usize,
    pos: Pos2,
    radius: f32,
    scene_radius: f32,
}

/// Draws the canvas into the rest of `ui` and handles its input. Returns true while it
/// animates (a camera move or input that moved the camera), so the caller keeps
/// repainting.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    input: &CanvasInput<'_>,
    cv: &mut CanvasView,
    cmds: &mut Vec<Command>,
) -> bool {
    let rect = ui.available_rect_before_wrap();
    cv.rect = rect;
    let dark = input.dark;
    let painter = ui.painter_at(rect);
    // The backdrop: the canvas colour, or a picture of the resting edges on it.
    let backdrop_slot = painter.add(egui::Shape::Noop);
    let canvas_colour = theme::canvas_background(dark);
    let mut backdrop = egui::Shape::rect_filled(rect, 0.0, canvas_colour);

    // The background: pan by dragging, click to clear or to pick an edge.
    let bg = ui.interact(
        rect,
        egui::Id::unique("ideagraph-canvas"),
        Sense::click_and_drag(),
    );
    bg.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Graph canvas"));
    let mut camera_input = false;
    if bg.dragged() {
        camera_input |= bg.drag_delta() != Vec2::ZERO;
        cv.center -= bg.drag_delta() / cv.zoom;
        cv.auto_fit = false;
        cv.camera = None;
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
        && let Some(b) = input.layout.bounds()
    {
        cv.fit_now(b);
    }
    let dt = ui.input(|i| i.stable_dt).clamp(0.0, 0.5);
    let moving = cv.advance_camera(dt);

    // Nodes on screen, in slot order, found through the grid rather than by testing
    // every node.
    let visible_rect = rect.expand(30.0);
    let positions = input.layout.positions();
    let radii = input.layout.radii();
    cv.caches.grid.update(positions, radii);
    // Screen positions by layout slot (edges need both ends, on screen or not).
    let spos: Vec<Pos2> = positions
        .iter()
        .map(|p| cv.screen_from_scene(pos2(p[0], p[1])))
        .collect();
    let sized = !input.overlay.size.is_empty();
    let scene_radius_at = |slot: usize, ix: NodeIndex| {
        let layout_radius = radii.get(slot).copied().unwrap_or(6.0);
        if sized {
            input
                .overlay
                .size
                .get(&ix)
                .copied()
                .unwrap_or(layout_radius)
        } else {
            layout_radius
        }
    };
    let max_scene_radius = if sized {
        input
            .overlay
            .size
            .values()
            .copied()
            .fold(cv.caches.grid.max_radius(), f32::max)
    } else {
        cv.caches.grid.max_radius()
    };
    // How far past the visible rect a node's centre may be while its body still shows.
    let reach = (max_scene_radius * cv.zoom).max(MIN_SCREEN_RADIUS);
    let drawn: Vec<DrawnNode> = slots_reaching(&cv.caches.grid, &cv.camera(), visible_rect, reach)
        .into_iter()
        .filter_map(|slot| {
            let pos = *spos.get(slot)?;
            let ix = *input.layout.nodes().get(slot)?;
            let scene_radius = scene_radius_at(slot, ix);
            let radius = (scene_radius * cv.zoom).max(MIN_SCREEN_RADIUS);
            if !(pos.x.is_finite()
                && pos.y.is_finite()
                && visible_rect.expand(radius).contains(pos))
            {
                return None;
            }
            Some(DrawnNode {
                ix,
                slot,
                pos,
                radius,
                scene_radius,
            })
        })
        .collect();
    let drawn_at = |slot: usize| {
        drawn
            .binary_search_by_key(&slot, |d| d.slot)
            .ok()
            .and_then(|i| drawn.get(i))
    };

    // Which nodes get a widget: all of them on small graphs; on large ones the node
    // under the pointer, the one being dragged or with its menu open, and the ones
    // labelled last frame (so what is named on screen has an accessible name).
    let many = drawn.len() > MAX_NODE_WIDGETS;
    let with_widget: Vec<&DrawnNode> = if many {
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| rect.contains(*p));
        let under_pointer = pointer.and_then(|p| {
            node_under(&cv.caches.grid, cv, reach, p, |slot| {
                let ix = *input.layout.nodes().get(slot)?;
                let radius = (scene_radius_at(slot, ix) * cv.zoom).max(MIN_SCREEN_RADIUS);
                Some((*spos.get(slot)?, radius))
            })
        });
        let mut wanted: Vec<usize> = cv
            .labelled
            .iter()
            .copied()
            .chain(cv.drag_offset.map(|(ix, _)| ix))
            .chain(cv.menu_node)
            .chain(input.selection.and_then(Selection::node))
            .filter_map(|ix| input.layout.slot(ix))
            .chain(under_pointer)
            .collect();
        // In drawing order, so the topmost node wins where hit boxes overlap.
        wanted.sort_unstable();
        wanted.dedup();
        wanted.into_iter().filter_map(drawn_at).collect()
    } else {
        drawn.iter().collect()
    };

    // Node widgets first, so hover is known before painting.
    let mut hovered = None;
    for d in with_widget {
        let Some(node) = input.kg.node_at(d.ix) else {
            continue;
        };
        let hit = Rect::from_center_size(d.pos, Vec2::splat(2.0 * d.radius.max(HIT_MIN_HALF)));
        let id = egui::Id::unique(("ideagraph-node", d.ix.index()));
        let resp = ui.interact(hit, id, Sense::click_and_drag());
        let label = node.label.clone();
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
        if resp.hovered() || resp.dragged() {
            hovered = Some(d.ix);
        }
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
        let pinned = input.layout.is_pinned_at(d.slot);
        let menu = resp.context_menu(|ui| {
            if ui.button("Select").clicked() {
                cmds.push(Command::SelectNode(d.ix));
            }
            if ui.button("Select and zoom to").clicked() {
                cmds.push(Command::SelectNode(d.ix));
                cmds.push(Command::ZoomToSelection);
            }
            if pinned && ui.button("Unpin").clicked() {
                cmds.push(Command::Unpin(d.ix));
            }
            if ui.button("Path from here").clicked() {
                cmds.push(Command::Explore(ExploreCommand::PathFrom(d.ix)));
            }
            if ui.button("Path to here").clicked() {
                cmds.push(Command::Explore(ExploreCommand::PathTo(d.ix)));
            }
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
    }
    cv.hovered = hovered;

    // The focus: hovered node, else the selected node or edge; what it touches stays bright.
    let focus_node = hovered.or_else(|| input.selection.and_then(Selection::node));
    let selected_edge = input.selection.and_then(Selection::edge);
    let mut near: HashSet<NodeIndex> = HashSet::new();
    let mut near_edges: HashSet<EdgeIndex> = HashSet::new();
    if let Some(f) = focus_node {
        near.insert(f);
        for (e, other, _) in input.kg.incident(f) {
            if input.view.has_edge(e) {
                near.insert(other);
                near_edges.insert(e);
            }
        }
    } else if let Some(e) = selected_edge
        && let Some((a, b)) = input.kg.endpoints(e)
    {
        near.extend([a, b]);
        near_edges.insert(e);
    }
    // With nothing hovered or selected, a highlighted path is the focus.
    if near.is_empty() && !input.overlay.path_nodes.is_empty() {
        near.extend(input.overlay.path_nodes.iter().copied());
        near_edges.extend(input.overlay.path_edges.iter().copied());
    }
    let focused = !near.is_empty();
    let fade = |bright: bool| {
        if !focused || bright {
            1.0
        } else if hovered.is_some() {
            0.12
        } else {
            0.25
        }
    };

    // A node's colour at full strength: by community when asked, else by the encoding.
    let by_community = input.colour_by == ColourBy::Community;
    let base_colour = |ix: NodeIndex, node: &Node| match by_community
        .then(|| input.overlay.community.get(&ix))
        .flatten()
    {
        Some(&c) => c,
        None => input.encoding.node_colour(node, input.colour_by, dark),
    };
    let outline = theme::node_outline(dark);

    // Background click: an edge near the pointer, else clear.
    let cached = cv.caches.edges.get(input.kg, input.view, input.layout);
    if bg.clicked() {
        let hit = bg
            .interact_pointer_pos()
            .and_then(|p| nearest_edge(&cached, &spos, p));
        cmds.push(match hit {
            Some(e) => Command::SelectEdge(e),
            None => Command::ClearSelection,
        });
    }

    // Excluded nodes, faded, where they were (fade mode); drawn first, under everything.
    let ghost_line = theme::faded(ui.visuals().weak_text_color(), 0.18);
    for (a, b) in &input.overlay.ghost_edges {
        let (sa, sb) = (cv.screen_from_scene(*a), cv.screen_from_scene(*b));
        if visible_rect.intersects(Rect::from_two_pos(sa, sb)) {
            painter.line_segment([sa, sb], Stroke::new(0.8, ghost_line));
        }
    }
    for &(ix, p) in &input.overlay.ghosts {
        let Some(node) = input.kg.node_at(ix) else {
            continue;
        };
        let pos = cv.screen_from_scene(p);
        if !visible_rect.contains(pos) {
            continue;
        }
        let radius = (input
            .layout
            .radius(ix)
            .max(node_radius_fallback(input.kg, ix))
            * cv.zoom)
            .max(MIN_SCREEN_RADIUS);
        let fill = theme::faded(
            input.encoding.node_colour(node, input.colour_by, dark),
            0.15,
        );
        paint_node(&painter, node.kind, pos, radius, fill, Stroke::NONE);
    }

    // Frames in motion (camera or layout) may draw large views more coarsely; the frame
    // at rest draws everything.
    let in_motion = camera_input || moving || input.layout_moving;

    // Edges: parallel ones are spread apart so each stays visible. Edges are clipped
    // to the visible area (a long edge zoomed in would otherwise be thousands of dashes).
    let clip = rect.expand(40.0);
    // Unfocused edges recede so nodes and labels read first.
    let resting_alpha = if focused { 1.0 } else { RESTING_EDGE_ALPHA };
    let resting = fade(false) * resting_alpha;
    let arrow = cv.zoom >= ARROW_MIN_ZOOM;
    // Whether the nodes outside the focus are in the picture, not drawn one by one.
    let mut nodes_pictured = false;
    let bright_edges: Vec<(EdgeIndex, Vec2)> = if cached.len() > EDGE_MESH_MIN {
        let camera = cv.camera();
        let now = ui.input(|i| i.time);
        let since = match cv.caches.camera_since {
            Some((seen, since)) if seen == camera => since,
            _ => now,
        };
        cv.caches.camera_since = Some((camera, since));
        let still = now - since >= PICTURE_DELAY;
        if !still {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(PICTURE_DELAY));
        }
        let with_nodes = drawn.len() > NODE_MESH_LITE_MIN;
        let looks = if with_nodes {
            node_looks_key(drawn.iter().filter_map(|d| {
                let node = input.kg.node_at(d.ix)?;
                Some((d.slot, node.kind, base_colour(d.ix, node), d.radius))
            }))
        } else {
            0
        };
        let dashes = cv
            .caches
            .dashes
            .get_or_insert_with(|| DashTexture::new(ui.ctx()));
        let picture = &mut cv.caches.picture;
        picture.poll(ui.ctx());
        let scene = Fnv::of([
            cv.caches.edges.key(),
            cv.caches.grid.fingerprint(),
            u64::from(dark),
            looks,
        ]);
        let shot = Shot {
            scene,
            camera,
            pixels_per_point: ui.ctx().pixels_per_point(),
            background: canvas_colour,
        };
        // At rest, and once the camera has been still a moment, a picture of every
        // resting edge (unfocused) and, on crowded views, every node, unless it is
        // there or on its way.
        if !in_motion && still && !picture.has(&shot) {
            let area = shot.area();
            let (_, scale) = shot.pixels();
            let whole = EdgeFrame {
                spos: &spos,
                radii,
                zoom: cv.zoom,
                clip: area,
                near_edges: &HashSet::new(),
                selected_edge: None,
                alpha: RESTING_EDGE_ALPHA,
                arrow,
                dark,
                stride: 1,
            };
            let mut content = Content {
                edges: picture_edges(&cached, &whole, dashes, area.min, scale),
                nodes: Vec::new(),
            };
            if with_nodes {
                // Every node whose body reaches into the picture, in drawing order.
                let px = |p: Pos2| pos2((p.x - area.min.x) * scale, (p.y - area.min.y) * scale);
                content.nodes = slots_reaching(&cv.caches.grid, &camera, area, reach)
                    .into_iter()
                    .filter_map(|slot| {
                        let ix = *input.layout.nodes().get(slot)?;
                        let node = input.kg.node_at(ix)?;
                        let centre = *spos.get(slot)?;
                        let radius = (scene_radius_at(slot, ix) * cv.zoom).max(MIN_SCREEN_RADIUS);
                        Some(PictureNode {
                            kind: node.kind,
                            centre: px(centre),
                            radius: radius * scale,
                            fill: base_colour(ix, node),
                            outline,
                            outline_width: NODE_OUTLINE_WIDTH * scale,
                        })
                    })
                    .collect();
            }
            picture.start(ui.ctx(), shot, content);
        }
        let frame = EdgeFrame {
            spos: &spos,
            radii,
            zoom: cv.zoom,
            clip,
            near_edges: &near_edges,
            selected_edge,
            alpha: resting,
            arrow,
            dark,
            // Coarse until the picture is there: the full mesh is what it replaces.
            stride: if in_motion || !still || picture.is_pending() {
                cached.len().div_ceil(MOVING_EDGE_BUDGET).max(1)
            } else {
                1
            },
        };
        match picture.placement(scene, &camera, rect) {
            Some((texture, at)) => {
                // The picture is opaque (drawn on the canvas colour), so it replaces the
                // backdrop rather than adding a layer over the whole canvas: a software
                // rasteriser pays for every covered pixel of every layer.
                backdrop = egui::Shape::image(
                    texture,
                    at,
                    Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0)),
                    Color32::WHITE,
                );
                nodes_pictured = with_nodes;
                // It was drawn unfocused: a focus veils it in the canvas colour, which
                // scales the opacity of everything in it by `dim`, to the faded nodes'
                // opacity when they are in it, else to the resting edges'.
                let dim = if with_nodes {
                    fade(false)
                } else {
                    (resting / RESTING_EDGE_ALPHA).clamp(0.0, 1.0)
                };
                if dim < 1.0 {
                    painter.rect_filled(rect, 0.0, theme::faded(canvas_colour, 1.0 - dim));
                }
                bright_edges(&cached, &frame)
            }
            None => {
                let (mesh, bright) = cv.caches.edge_mesh.get(
                    dashes,
                    &cached,
                    cv.caches.edges.key(),
                    cv.caches.grid.fingerprint(),
                    &frame,
                );
                if !mesh.is_empty() {
                    painter.add(egui::Shape::Mesh(mesh));
                }
                bright.to_vec()
            }
        }
    } else {
        let mut bright = Vec::new();
        for ce in cached.iter() {
            let (Some(&plo), Some(&phi)) = (spos.get(ce.lo), spos.get(ce.hi)) else {
                continue;
            };
            if clip_segment(plo, phi, clip).is_none() {
                continue;
            }
            let offset = parallel_offset(ce, plo, phi);
            if near_edges.contains(&ce.e) || selected_edge == Some(ce.e) {
                bright.push((ce.e, offset));
                continue;
            }
            let (Some(&pa), Some(&pb)) = (spos.get(ce.a), spos.get(ce.b)) else {
                continue;
            };
            let ra = radii.get(ce.a).copied().unwrap_or(6.0);
            let rb = radii.get(ce.b).copied().unwrap_or(6.0);
            let Some((sa, sb)) = shorten(pa + offset, pb + offset, ra, rb, cv.zoom) else {
                continue;
            };
            let style = edge_style(ce.tone, dark);
            let colour = theme::faded(style.colour, resting);
            paint_edge_clipped(&painter, sa, sb, style, colour, 1.0, arrow, clip);
        }
        bright
    };
    painter.set(backdrop_slot, backdrop);
    for (e, offset) in bright_edges {
        let width = if selected_edge == Some(e) { 2.6 } else { 1.6 };
        draw_edge(&painter, input, cv, e, offset, 1.0, width, true, clip);
    }
    // Paths between A and B: thick and violet, under the nodes.
    let screen_pos = |ix: NodeIndex| input.layout.pos(ix).map(|p| cv.screen_from_scene(p));
    let path_colour = theme::path_colour(dark);
    for &e in &input.overlay.path_edges {
        if let Some((a, b)) = input.kg.endpoints(e)
            && let (Some(pa), Some(pb)) = (screen_pos(a), screen_pos(b))
        {
            painter.line_segment([pa, pb], Stroke::new(5.0, path_colour.gamma_multiply(0.85)));
        }
    }

    // Nodes: faded ones first, so bright ones sit on top.
    let selected_node = input.selection.and_then(Selection::node);
    let mut order: Vec<&DrawnNode> = drawn.iter().collect();
    if focused || selected_node.is_some() || hovered.is_some() {
        order.sort_by_cached_key(|d| {
            (
                near.contains(&d.ix),
                Some(d.ix) == selected_node,
                Some(d.ix) == hovered,
            )
        });
    }
    // Many nodes go into one mesh, drawn where this placeholder sits: under their
    // rings and pins, which are few.
    let mut batch = (drawn.len() > NODE_MESH_MIN).then(|| {
        let slot = painter.add(egui::Shape::Noop);
        let dashes = cv
            .caches
            .dashes
            .get_or_insert_with(|| DashTexture::new(ui.ctx()));
        let mesher = NodeMesher::new(
            ui.ctx().pixels_per_point(),
            dashes.solid_uv(),
            in_motion && drawn.len() > NODE_MESH_LITE_MIN,
        );
        let texture = dashes.id();
        // Last frame's buffers, if egui has let go of them: no regrowing each frame.
        let mut mesh =
            Arc::try_unwrap(std::mem::take(&mut cv.caches.node_mesh)).unwrap_or_default();
        mesh.clear();
        mesh.texture_id = texture;
        (slot, mesher, mesh)
    });
    for d in &order {
        let Some(node) = input.kg.node_at(d.ix) else {
            continue;
        };
        let alpha = fade(near.contains(&d.ix));
        // Rings: Shift+click selection, then new and gone in a comparison.
        let mut ring = d.radius + 3.0;
        for (set, colour) in [
            (&input.overlay.multi, theme::multi_colour(dark)),
            (&input.overlay.new_nodes, theme::new_colour(dark)),
            (&input.overlay.gone_nodes, theme::gone_colour(dark)),
        ] {
            if set.contains(&d.ix) {
                painter.circle_stroke(
                    d.pos,
                    ring,
                    Stroke::new(2.5, theme::faded(colour, alpha.max(0.6))),
                );
                ring += 3.5;
            }
        }
        if Some(d.ix) == selected_node {
            painter.circle_stroke(
                d.pos,
                d.radius * 1.25 + 4.0,
                Stroke::new(3.0, theme::selection_colour(dark)),
            );
        }
        // A node in the picture is drawn again only when it stands out from it.
        let live = !nodes_pictured
            || near.contains(&d.ix)
            || Some(d.ix) == selected_node
            || Some(d.ix) == hovered;
        if live {
            let fill = theme::faded(base_colour(d.ix, node), alpha);
            let stroke = Stroke::new(NODE_OUTLINE_WIDTH, theme::faded(outline, alpha));
            match &mut batch {
                Some((_, mesher, mesh)) => {
                    // Outlines stay even on the smallest nodes: where thousands
                    // overlap, they are what tells one node from the next.
                    mesher.add(mesh, node.kind, d.pos, d.radius, fill, Some(stroke));
                }
                None => paint_node(&painter, node.kind, d.pos, d.radius, fill, stroke),
            }
        }
        if input.layout.is_pinned_at(d.slot) {
            let text = ui.visuals().text_color();
            paint_pin(
                &painter,
                d.pos,
                d.radius,
                theme::selection_colour(dark),
                theme::faded(text, alpha),
            );
        }
    }
    if let Some((slot, _, mesh)) = batch {
        let mesh = Arc::new(mesh);
        cv.caches.node_mesh = Arc::clone(&mesh);
        painter.set(slot, egui::Shape::Mesh(mesh));
    }

    let labelled = draw_labels(
        ui,
        &painter,
        input,
        cv,
        &drawn,
        &near,
        hovered,
        selected_node,
        fade,
    );
    cv.labelled = if many { labelled } else { Vec::new() };

    // While the layout settles, how far it has come.
    if !input.layout.is_settled() {
        let pct = (input.layout.progress() * 100.0).round();
        let galley = painter.layout_no_wrap(
            format!("Laying out… {pct:.0}%"),
            FontId::proportional(12.0),
            ui.visuals().text_color(),
        );
        let top = pos2(
            rect.center().x - galley.size().x / 2.0,
            rect.bottom() - galley.size().y - 14.0,
        );
        let bar = Rect::from_min_size(top, galley.size()).expand2(vec2(8.0, 4.0));
        painter.rect_filled(bar, 4.0, theme::canvas_background(dark).gamma_multiply(0.9));
        let done = Rect::from_min_max(
            pos2(bar.left(), bar.bottom() - 2.0),
            pos2(
                bar.left() + bar.width() * input.layout.progress(),
                bar.bottom(),
            ),
        );
        painter.rect_filled(done, 1.0, theme::selection_colour(dark));
        painter.galley(top, galley, ui.visuals().text_color());
    }
    // One more frame after camera input, so the frame at rest comes even when no
    // further input does.
    moving || camera_input
}

/// The slots of the nodes whose centres lie within `reach` points of the screen rect
/// `screen` seen through `camera` (a superset of those whose bodies show in it), in
/// slot order, which is drawing order; found through the grid.
fn slots_reaching(grid: &NodeGrid, camera: &Camera, screen: Rect, reach: f32) -> Vec<usize> {
    let mut slots = Vec::new();
    grid.query(
        Rect::from_two_pos(
            camera.scene_from_screen(screen.min - Vec2::splat(reach)),
            camera.scene_from_screen(screen.max + Vec2::splat(reach)),
        ),
        &mut slots,
    );
    slots.sort_unstable();
    slots
}

/// FNV-1a over 64-bit words: the fingerprints the canvas's caches compare to know
/// whether what they hold is still what a frame would build.
#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn mix(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(0x0000_0100_0000_01b3);
    }

    fn of(words: impl IntoIterator<Item = u64>) -> u64 {
        let mut h = Self::new();
        words.into_iter().for_each(|x| h.mix(x));
        h.0
    }
}

/// A hash of how the nodes on screen look: slot, kind, colour and radius of each. A
/// change of colouring, community or size shows in the nodes on screen, so they stand
/// for the picture's margin too.
fn node_looks_key(looks: impl Iterator<Item = (usize, crate::model::Kind, Color32, f32)>) -> u64 {
    Fnv::of(looks.flat_map(|(slot, kind, colour, radius)| {
        [
            slot as u64,
            kind as u64,
            u64::from(u32::from_ne_bytes(colour.to_array())),
            u64::from(radius.to_bits()),
        ]
    }))
}

/// The slot of the node under the screen point `p`: the nearest whose hit box holds
/// it, the last drawn where two are as near. Asks the grid for the nodes around `p`
/// (`reach`: the largest node radius on screen, in points); `at` gives a slot's screen
/// position and radius.
fn node_under(
    grid: &NodeGrid,
    cv: &CanvasView,
    reach: f32,
    p: Pos2,
    at: impl Fn(usize) -> Option<(Pos2, f32)>,
) -> Option<usize> {
    let half = reach.max(HIT_MIN_HALF) / cv.zoom;
    let mut near = Vec::new();
    grid.query(
        Rect::from_center_size(cv.scene_from_screen(p), Vec2::splat(2.0 * half)),
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

/// The radius a node had when it was laid out, for drawing it faded once excluded.
fn node_radius_fallback(kg: &KnowledgeGraph, ix: NodeIndex) -> f32 {
    super::layout_state::node_radius(kg.degree(ix))
}

/// Paints one edge, shortened to the borders of its end nodes.
#[allow(clippy::too_many_arguments)]
fn draw_edge(
    painter: &egui::Painter,
    input: &CanvasInput<'_>,
    cv: &CanvasView,
    e: EdgeIndex,
    offset: Vec2,
    alpha: f32,
    width: f32,
    arrow: bool,
    clip: Rect,
) {
    let (Some((a, b)), Some(w)) = (input.kg.endpoints(e), input.kg.graph().edge_weight(e)) else {
        return;
    };
    let (Some(pa), Some(pb)) = (input.layout.pos(a), input.layout.pos(b)) else {
        return;
    };
    let (sa, sb) = (
        cv.screen_from_scene(pa) + offset,
        cv.screen_from_scene(pb) + offset,
    );
    let len = (sb - sa).length();
    let ra = (input.layout.radius(a) * cv.zoom).max(MIN_SCREEN_RADIUS) + 1.0;
    let rb = (input.layout.radius(b) * cv.zoom).max(MIN_SCREEN_RADIUS) + 2.0;
    if len <= ra + rb + 2.0 {
        return;
    }
    let dir = (sb - sa) / len;
    let style = edge_style(w.relation.tone(), input.dark);
    let colour = theme::faded(style.colour, alpha);
    paint_edge_clipped(
        painter,
        sa + dir * ra,
        sb - dir * rb,
        style,
        colour,
        width,
        arrow,
        clip,
    );
}
