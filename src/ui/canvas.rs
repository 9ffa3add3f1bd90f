//! The graph canvas: nodes at their layout positions, pan and zoom through our own
//! scene-to-screen transform, hover and selection highlighting, level-of-detail labels,
//! dragging to pin, and an accessible name on every node shown.
//!
//! We keep our own transform rather than `egui::Scene` so that each node's widget rect
//! is in screen space: AccessKit bounds, hit testing and `egui_kittest`'s `click()` then
//! all agree.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, Vec2, pos2, vec2};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use super::command::Command;
use super::encoding::Encoding;
use super::explore::{ExploreCommand, Overlay};
use super::history::Selection;
use super::layout_state::LayoutState;
use super::shapes::{distance_to_segment, paint_edge, paint_node, paint_pin};
use super::theme::{self, ColourBy, edge_style};
use crate::model::KnowledgeGraph;
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
    /// The view's edges grouped for parallel offsets, rebuilt when the view changes.
    edges: EdgeCache,
}

/// One edge of the view, as the canvas draws it.
#[derive(Clone, Copy, Debug)]
struct CachedEdge {
    e: EdgeIndex,
    /// Layout slots of the end nodes, source then target.
    a: usize,
    b: usize,
    /// Slots of the lower and higher node index: the parallel group's direction.
    lo: usize,
    hi: usize,
    /// Offset across the group's direction, in multiples of the spacing.
    offset: f32,
}

/// The view's edges, grouped so that parallel ones are spread apart, kept between
/// frames while the view's edges and the layout's slots stay the same.
#[derive(Clone, Default)]
struct EdgeCache {
    key: u64,
    edges: Arc<Vec<CachedEdge>>,
}

impl std::fmt::Debug for EdgeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EdgeCache({} edges)", self.edges.len())
    }
}

impl PartialEq for EdgeCache {
    /// A cache: never part of what the camera is.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl EdgeCache {
    /// The cached edges for `view` laid out by `layout`, rebuilding them if either changed.
    fn get(
        &mut self,
        kg: &KnowledgeGraph,
        view: &View,
        layout: &LayoutState,
    ) -> Arc<Vec<CachedEdge>> {
        let mut key: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix = |x: u64| key = (key ^ x).wrapping_mul(0x0000_0100_0000_01b3);
        mix(view.edges.len() as u64);
        for e in &view.edges {
            mix(e.index() as u64);
        }
        mix(layout.nodes().len() as u64 | 1 << 40);
        for n in layout.nodes() {
            mix(n.index() as u64);
        }
        if key != self.key || self.edges.is_empty() {
            self.key = key;
            self.edges = Arc::new(group_edges(kg, view, layout));
        }
        Arc::clone(&self.edges)
    }
}

/// The view's edges with both ends laid out, parallel ones together (ordered by their
/// end nodes), each with its offset across the group.
fn group_edges(kg: &KnowledgeGraph, view: &View, layout: &LayoutState) -> Vec<CachedEdge> {
    let mut parallel: HashMap<(NodeIndex, NodeIndex), Vec<EdgeIndex>> = HashMap::new();
    for &e in &view.edges {
        if let Some((a, b)) = kg.endpoints(e) {
            parallel.entry((a.min(b), a.max(b))).or_default().push(e);
        }
    }
    let mut groups: Vec<_> = parallel.into_iter().collect();
    groups.sort_by_key(|((a, b), _)| (a.index(), b.index()));
    let mut out = Vec::with_capacity(view.edges.len());
    for ((lo, hi), es) in groups {
        let (Some(slo), Some(shi)) = (layout.slot(lo), layout.slot(hi)) else {
            continue;
        };
        let n = es.len() as f32;
        for (k, e) in es.into_iter().enumerate() {
            let Some((a, b)) = kg.endpoints(e) else {
                continue;
            };
            let (Some(sa), Some(sb)) = (layout.slot(a), layout.slot(b)) else {
                continue;
            };
            out.push(CachedEdge {
                e,
                a: sa,
                b: sb,
                lo: slo,
                hi: shi,
                offset: (k as f32) - (n - 1.0) / 2.0,
            });
        }
    }
    out
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
            edges: EdgeCache::default(),
        }
    }
}

impl CanvasView {
    /// Screen position of a scene point.
    pub fn screen_from_scene(&self, p: Pos2) -> Pos2 {
        self.rect.center() + (p.to_vec2() - self.center) * self.zoom
    }

    /// Scene position of a screen point.
    pub fn scene_from_screen(&self, p: Pos2) -> Pos2 {
        (self.center + (p - self.rect.center()) / self.zoom).to_pos2()
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
/// animates (a camera move), so the caller keeps repainting.
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
    painter.rect_filled(rect, 0.0, theme::canvas_background(dark));

    // The background: pan by dragging, click to clear or to pick an edge.
    let bg = ui.interact(
        rect,
        egui::Id::unique("ideagraph-canvas"),
        Sense::click_and_drag(),
    );
    bg.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, "Graph canvas"));
    if bg.dragged() {
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

    // Nodes on screen, in slot order.
    let visible_rect = rect.expand(30.0);
    // Screen positions by layout slot.
    let spos: Vec<Pos2> = input
        .layout
        .positions()
        .iter()
        .map(|p| cv.screen_from_scene(pos2(p[0], p[1])))
        .collect();
    let radii = input.layout.radii();
    let sized = !input.overlay.size.is_empty();
    let drawn: Vec<DrawnNode> = input
        .layout
        .nodes()
        .iter()
        .enumerate()
        .filter_map(|(slot, &ix)| {
            let pos = *spos.get(slot)?;
            if !(pos.x.is_finite() && pos.y.is_finite() && visible_rect.contains(pos)) {
                return None;
            }
            let layout_radius = radii.get(slot).copied().unwrap_or(6.0);
            let scene_radius = if sized {
                input
                    .overlay
                    .size
                    .get(&ix)
                    .copied()
                    .unwrap_or(layout_radius)
            } else {
                layout_radius
            };
            let radius = (scene_radius * cv.zoom).max(MIN_SCREEN_RADIUS);
            Some(DrawnNode {
                ix,
                slot,
                pos,
                radius,
                scene_radius,
            })
        })
        .collect();

    // Which nodes get a widget: all of them on small graphs; on large ones the node
    // under the pointer, the one being dragged or with its menu open, and the ones
    // labelled last frame (so what is named on screen has an accessible name).
    let many = drawn.len() > MAX_NODE_WIDGETS;
    let with_widget: Vec<&DrawnNode> = if many {
        let pointer = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| rect.contains(*p));
        let under_pointer = pointer.and_then(|p| node_under(&drawn, p));
        let mut wanted: HashSet<NodeIndex> = cv.labelled.iter().copied().collect();
        wanted.extend(under_pointer);
        wanted.extend(cv.drag_offset.map(|(ix, _)| ix));
        wanted.extend(cv.menu_node);
        wanted.extend(input.selection.and_then(Selection::node));
        // In drawing order, so the topmost node wins where hit boxes overlap.
        drawn.iter().filter(|d| wanted.contains(&d.ix)).collect()
    } else {
        drawn.iter().collect()
    };

    // Node widgets first, so hover is known before painting.
    let mut hovered = None;
    for d in with_widget {
        let Some(node) = input.kg.node_at(d.ix) else {
            continue;
        };
        let hit = Rect::from_center_size(d.pos, Vec2::splat(2.0 * d.radius.max(6.0)));
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

    // Background click: an edge near the pointer, else clear.
    let cached = cv.edges.get(input.kg, input.view, input.layout);
    let screen_pos = |ix: NodeIndex| input.layout.pos(ix).map(|p| cv.screen_from_scene(p));
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

    // Edges: parallel ones are spread apart so each stays visible. Edges are clipped
    // to the visible area (a long edge zoomed in would otherwise be thousands of dashes).
    let clip = rect.expand(40.0);
    let mut bright_edges = Vec::new();
    // Unfocused edges recede so nodes and labels read first.
    let resting_alpha = if focused { 1.0 } else { 0.45 };
    let resting = fade(false) * resting_alpha;
    let arrow = cv.zoom >= ARROW_MIN_ZOOM;
    let batched = cached.len() > EDGE_MESH_MIN;
    let mut mesh = egui::Mesh::default();
    let spacing_zoom = cv.zoom;
    for ce in cached.iter() {
        let (Some(&plo), Some(&phi)) = (spos.get(ce.lo), spos.get(ce.hi)) else {
            continue;
        };
        if clip_segment(plo, phi, clip).is_none() {
            continue;
        }
        let offset = if ce.offset == 0.0 {
            Vec2::ZERO
        } else {
            (phi - plo).normalized().rot90() * ce.offset * 5.0
        };
        if near_edges.contains(&ce.e) || selected_edge == Some(ce.e) {
            bright_edges.push((ce.e, offset));
            continue;
        }
        let Some(w) = input.kg.graph.edge_weight(ce.e) else {
            continue;
        };
        let (Some(&pa), Some(&pb)) = (spos.get(ce.a), spos.get(ce.b)) else {
            continue;
        };
        let ra = radii.get(ce.a).copied().unwrap_or(6.0);
        let rb = radii.get(ce.b).copied().unwrap_or(6.0);
        let Some((sa, sb)) = shorten(pa + offset, pb + offset, ra, rb, spacing_zoom) else {
            continue;
        };
        let style = edge_style(w.relation.tone(), input.dark);
        let colour = theme::faded(style.colour, resting);
        if batched {
            mesh_edge(&mut mesh, sa, sb, style, colour, arrow, clip);
        } else {
            paint_edge_clipped(&painter, sa, sb, style, colour, 1.0, arrow, clip);
        }
    }
    if !mesh.is_empty() {
        painter.add(egui::Shape::mesh(mesh));
    }
    for (e, offset) in bright_edges {
        let width = if selected_edge == Some(e) { 2.6 } else { 1.6 };
        draw_edge(&painter, input, cv, e, offset, 1.0, width, true, clip);
    }
    // Paths between A and B: thick and violet, under the nodes.
    let path_colour = theme::path_colour(dark);
    for &e in &input.overlay.path_edges {
        if let Some((a, b)) = input.kg.endpoints(e)
            && let (Some(pa), Some(pb)) = (screen_pos(a), screen_pos(b))
        {
            painter.line_segment([pa, pb], Stroke::new(5.0, path_colour.gamma_multiply(0.85)));
        }
    }

    // Nodes: faded ones first, so bright ones sit on top.
    let outline = if dark {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    };
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
    for d in &order {
        let Some(node) = input.kg.node_at(d.ix) else {
            continue;
        };
        let alpha = fade(near.contains(&d.ix));
        let base = match input.overlay.community.get(&d.ix) {
            Some(&c) if input.colour_by == ColourBy::Community => c,
            _ => input.encoding.node_colour(node, input.colour_by, dark),
        };
        let fill = theme::faded(base, alpha);
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
        let stroke = Stroke::new(1.2, theme::faded(outline, alpha));
        if Some(d.ix) == selected_node {
            painter.circle_stroke(
                d.pos,
                d.radius * 1.25 + 4.0,
                Stroke::new(3.0, theme::selection_colour(dark)),
            );
        }
        paint_node(&painter, node.kind, d.pos, d.radius, fill, stroke);
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
    moving
}

/// The drawn node under `p`: the nearest whose hit box holds it, last drawn first.
fn node_under(drawn: &[DrawnNode], p: Pos2) -> Option<NodeIndex> {
    drawn
        .iter()
        .rev()
        .filter(|d| {
            let half = d.radius.max(6.0);
            (d.pos.x - p.x).abs() <= half && (d.pos.y - p.y).abs() <= half
        })
        .min_by(|a, b| (a.pos - p).length_sq().total_cmp(&(b.pos - p).length_sq()))
        .map(|d| d.ix)
}

/// The part of the segment `a`–`b` inside `r` (Liang–Barsky), if any.
fn clip_segment(a: Pos2, b: Pos2, r: Rect) -> Option<(Pos2, Pos2)> {
    if r.contains(a) && r.contains(b) {
        return Some((a, b));
    }
    let d = b - a;
    let (mut t0, mut t1) = (0.0f32, 1.0f32);
    for (p, q) in [
        (-d.x, a.x - r.min.x),
        (d.x, r.max.x - a.x),
        (-d.y, a.y - r.min.y),
        (d.y, r.max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((a + d * t0, a + d * t1))
}

/// The segment between two node centres shortened to the nodes' borders (scene radii
/// `ra`, `rb` at `zoom`), or `None` when the nodes touch.
fn shorten(sa: Pos2, sb: Pos2, ra: f32, rb: f32, zoom: f32) -> Option<(Pos2, Pos2)> {
    let len = (sb - sa).length();
    let ra = (ra * zoom).max(MIN_SCREEN_RADIUS) + 1.0;
    let rb = (rb * zoom).max(MIN_SCREEN_RADIUS) + 2.0;
    if len <= ra + rb + 2.0 || !len.is_finite() {
        return None;
    }
    let dir = (sb - sa) / len;
    Some((sa + dir * ra, sb - dir * rb))
}

/// [`paint_edge`] on the part of the edge inside `clip`; the arrowhead only when the
/// edge's end is inside.
#[allow(clippy::too_many_arguments)]
fn paint_edge_clipped(
    painter: &egui::Painter,
    a: Pos2,
    b: Pos2,
    style: theme::EdgeStyle,
    colour: Color32,
    width: f32,
    arrow: bool,
    clip: Rect,
) {
    let Some((ca, cb)) = clip_segment(a, b, clip) else {
        return;
    };
    paint_edge(painter, ca, cb, style, colour, width, arrow && cb == b);
}

/// Adds an edge to `mesh`: a thin quad (or quads for dashes, when zoomed in enough for
/// arrowheads) plus an arrowhead triangle, clipped to `clip`.
fn mesh_edge(
    mesh: &mut egui::Mesh,
    a: Pos2,
    b: Pos2,
    style: theme::EdgeStyle,
    colour: Color32,
    detail: bool,
    clip: Rect,
) {
    let len = (b - a).length();
    if len < 1.0 || !len.is_finite() {
        return;
    }
    let dir = (b - a) / len;
    let arrow = detail && clip.contains(b);
    let head = if arrow {
        (5.0 + 1.5 * style.width).min(len * 0.5)
    } else {
        0.0
    };
    let line_end = b - dir * head * 0.8;
    let Some((ca, cb)) = clip_segment(a, line_end, clip) else {
        return;
    };
    let normal = vec2(-dir.y, dir.x);
    let half = normal * (style.width.max(1.0) * 0.5);
    let mut quad = |p: Pos2, q: Pos2| {
        let i = mesh.vertices.len() as u32;
        mesh.colored_vertex(p + half, colour);
        mesh.colored_vertex(p - half, colour);
        mesh.colored_vertex(q - half, colour);
        mesh.colored_vertex(q + half, colour);
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i, i + 2, i + 3);
    };
    match style.dash {
        Some((dash, gap)) if detail && dash + gap > 0.5 => {
            let total = (cb - ca).length();
            let mut t = 0.0;
            while t < total {
                let u = (t + dash).min(total);
                quad(ca + dir * t, ca + dir * u);
                t += dash + gap;
            }
        }
        _ => quad(ca, cb),
    }
    if arrow && head > 1.0 {
        let base = b - dir * head;
        let i = mesh.vertices.len() as u32;
        mesh.colored_vertex(b, colour);
        mesh.colored_vertex(base + normal * head * 0.45, colour);
        mesh.colored_vertex(base - normal * head * 0.45, colour);
        mesh.add_triangle(i, i + 1, i + 2);
    }
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
    let (Some((a, b)), Some(w)) = (input.kg.endpoints(e), input.kg.graph.edge_weight(e)) else {
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

/// The visible edge nearest to `p` within 6 points, if any. Only asked on a click on
/// the background; a cheap box test skips edges far from the pointer.
fn nearest_edge(edges: &[CachedEdge], spos: &[Pos2], p: Pos2) -> Option<EdgeIndex> {
    edges
        .iter()
        .filter_map(|ce| {
            let (a, b) = (*spos.get(ce.a)?, *spos.get(ce.b)?);
            if !Rect::from_two_pos(a, b).expand(6.0).contains(p) {
                return None;
            }
            let d = distance_to_segment(p, a, b);
            (d <= 6.0).then_some((d, ce.e))
        })
        .min_by(|x, y| x.0.total_cmp(&y.0))
        .map(|(_, e)| e)
}

/// Level-of-detail labels: the focus and its neighbours always, then the biggest nodes
/// first wherever a label fits without overlapping one already placed. Zooming in
/// spreads nodes apart, so more labels fit.
#[allow(clippy::too_many_arguments)]
fn draw_labels(
    ui: &egui::Ui,
    painter: &egui::Painter,
    input: &CanvasInput<'_>,
    cv: &CanvasView,
    drawn: &[DrawnNode],
    near: &HashSet<NodeIndex>,
    hovered: Option<NodeIndex>,
    selected: Option<NodeIndex>,
    fade: impl Fn(bool) -> f32,
) -> Vec<NodeIndex> {
    let text_colour = ui.visuals().strong_text_color();
    let halo = theme::canvas_background(input.dark).gamma_multiply(0.8);
    // 0: always labelled; 1: neighbours of the focus, first in line; 2: the rest.
    let rank = |ix: NodeIndex| {
        if Some(ix) == hovered || Some(ix) == selected {
            0
        } else if near.contains(&ix) {
            1
        } else {
            2
        }
    };
    // By rank, then bigger nodes, then by index for a stable result.
    let mut order: Vec<(u8, &DrawnNode)> = drawn.iter().map(|d| (rank(d.ix), d)).collect();
    let by_rank = |a: &(u8, &DrawnNode), b: &(u8, &DrawnNode)| {
        a.0.cmp(&b.0)
            .then(b.1.scene_radius.total_cmp(&a.1.scene_radius))
            .then(a.1.ix.index().cmp(&b.1.ix.index()))
    };
    let budget = (cv.rect.area() / AREA_PER_LABEL).max(8.0) as usize;
    // Only so many optional candidates are tried: the first ones in line.
    let forced = order.iter().filter(|(r, _)| *r < 2).count();
    let keep = forced + budget * LABEL_TRIES_PER_SLOT;
    if order.len() > keep {
        order.select_nth_unstable_by(keep, by_rank);
        order.truncate(keep);
    }
    order.sort_unstable_by(by_rank);
    let zoom_boost = cv.zoom.log2().clamp(-1.0, 2.0);
    let mut placed: Vec<Rect> = Vec::new();
    let mut labelled = Vec::new();
    let mut optional = 0;
    // The focus labels go last so they are painted on top.
    let mut deferred = Vec::new();
    for (r0, d) in order {
        let Some(node) = input.kg.node_at(d.ix) else {
            continue;
        };
        let must = r0 == 0;
        if r0 == 2 && optional >= budget {
            break;
        }
        let text: String = if must || node.label.chars().count() <= SHORT_LABEL_CHARS {
            node.label.clone()
        } else {
            let cut: String = node.label.chars().take(SHORT_LABEL_CHARS - 1).collect();
            format!("{}…", cut.trim_end())
        };
        let big = if d.scene_radius >= BIG_NODE_RADIUS {
            1.0
        } else {
            0.0
        };
        let size = (12.0 + zoom_boost + big).clamp(11.0, 15.0) + if must { 1.0 } else { 0.0 };
        let alpha = fade(near.contains(&d.ix));
        let galley = painter.layout_no_wrap(
            text,
            FontId::proportional(size),
            theme::faded(text_colour, alpha),
        );
        let g = galley.size();
        let gap = d.radius * 1.15 + 2.0;
        // Below the node, else above, right or left: the first spot that is free.
        let spots = [
            pos2(d.pos.x - g.x / 2.0, d.pos.y + gap),
            pos2(d.pos.x - g.x / 2.0, d.pos.y - gap - g.y),
            pos2(d.pos.x + gap + 2.0, d.pos.y - g.y / 2.0),
            pos2(d.pos.x - gap - 2.0 - g.x, d.pos.y - g.y / 2.0),
        ];
        let rect_at = |top: Pos2| Rect::from_min_size(top, g).expand2(vec2(3.0, 1.0));
        let free = |top: &Pos2| {
            let r = rect_at(*top);
            cv.rect.contains_rect(r) && !placed.iter().any(|p| p.intersects(r))
        };
        let top = match spots.iter().find(|t| free(t)) {
            Some(t) => *t,
            None if must => spots[0],
            None => continue,
        };
        let r = rect_at(top);
        placed.push(r);
        labelled.push(d.ix);
        if r0 == 2 {
            optional += 1;
        }
        let entry = (r, top, galley, alpha);
        if r0 < 2 {
            deferred.push(entry);
        } else {
            painter.rect_filled(entry.0, 3.0, theme::faded(halo, entry.3));
            painter.galley(entry.1, entry.2, text_colour);
        }
    }
    // Highest rank painted last, on top.
    for (r, top, galley, alpha) in deferred.into_iter().rev() {
        painter.rect_filled(r, 3.0, theme::faded(halo, alpha.max(0.9)));
        painter.galley(top, galley, text_colour);
    }
    labelled
}
