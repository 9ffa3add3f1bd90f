//! Edges by strategy: a frame plans how its resting edges are drawn (a shape each, one
//! mesh, or the picture, which it schedules), then draws them so, and the edges that
//! touch the focus bright over them.

use std::collections::HashSet;
use std::sync::Arc;

use egui::layers::ShapeIdx;
use egui::{Color32, Pos2, Rect, Shape, TextureId, Vec2, pos2};
use petgraph::stable_graph::EdgeIndex;

use super::super::theme::{self, edge_style};
use super::edges::{
    CachedEdge, DashTexture, EdgeFrame, ToneLooks, bright_edges, paint_edge_clipped,
    parallel_offset, picture_edges, shorten,
};
use super::focus::RESTING_EDGE_ALPHA;
use super::frame::{EdgeStrategy, Frame, NODE_OUTLINE_WIDTH};
use super::geometry::{MIN_SCREEN_RADIUS, clip_segment};
use super::grid::NodeGrid;
use super::keys::{Fnv, node_looks_key, scene_key};
use super::picture::{Content, PictureEdge, PictureNode, Shot};
use super::view::Caches;

/// Views with more edges than this draw their resting edges into one mesh, by level of
/// detail (dashes and arrowheads only when zoomed in), instead of a shape per edge, and
/// at rest from a picture of them.
const EDGE_MESH_MIN: usize = 2_000;

/// Most resting edges a large view draws while the camera or the layout moves and no
/// picture of them covers the canvas; the rest come back at rest (see
/// `EdgeFrame::stride`).
const MOVING_EDGE_BUDGET: usize = 2_000;

/// A large view's picture, as scheduled this frame.
#[derive(Clone, Copy, Debug)]
struct Scheduled {
    /// The picture's texture and where it lands, when one of this scene covers the
    /// canvas.
    placed: Option<(TextureId, Rect)>,
    /// Whether the nodes are in the picture too.
    with_nodes: bool,
    /// Whether the frame should draw coarsely: in motion, or before the picture is
    /// there (the full mesh is what it replaces).
    coarse: bool,
}

/// Plans how `frame` draws the resting `edges`. Only views with many edges have a
/// picture, scheduled here (see the `picture` module).
pub(super) fn plan_edges(
    ctx: &egui::Context,
    frame: &Frame<'_>,
    caches: &mut Caches,
    edges: &Arc<Vec<CachedEdge>>,
) -> EdgeStrategy {
    if edges.len() > EDGE_MESH_MIN && frame.motion.layout_moving {
        // No picture can be shown or started while the layout moves (its positions
        // are new with every step): skip keying the scene, a pass over every node
        // drawn (30 ms a frame at a million).
        return choose_strategy(
            edges.len(),
            Some(Scheduled {
                placed: None,
                with_nodes: false,
                coarse: true,
            }),
        );
    }
    let scheduled =
        (edges.len() > EDGE_MESH_MIN).then(|| schedule_picture(ctx, frame, caches, edges));
    choose_strategy(edges.len(), scheduled)
}

/// How the resting edges are drawn: a shape each when no picture is scheduled (few
/// edges), else the picture once one covers the canvas, else one mesh, with one edge
/// in so many while coarse.
fn choose_strategy(num_edges: usize, scheduled: Option<Scheduled>) -> EdgeStrategy {
    match scheduled {
        None => EdgeStrategy::Shapes,
        Some(Scheduled {
            placed: Some((texture, at)),
            with_nodes,
            ..
        }) => EdgeStrategy::Picture {
            texture,
            at,
            with_nodes,
        },
        Some(Scheduled { coarse, .. }) => EdgeStrategy::Mesh {
            stride: if coarse {
                num_edges.div_ceil(MOVING_EDGE_BUDGET).max(1)
            } else {
                1
            },
        },
    }
}

/// Schedules the picture of the frame's scene: its edges, positions, theme and, on
/// crowded views, its nodes' looks, all of the graph at its revision.
fn schedule_picture(
    ctx: &egui::Context,
    frame: &Frame<'_>,
    caches: &mut Caches,
    edges: &Arc<Vec<CachedEdge>>,
) -> Scheduled {
    let input = frame.input;
    let with_nodes = frame.visible.is_packed();
    let looks = if with_nodes {
        looks_key(frame, &mut caches.looks)
    } else {
        0
    };
    let Caches {
        edges: edge_cache,
        grid,
        picture,
        dashes,
        ..
    } = caches;
    let dashes: &DashTexture = dashes.get_or_insert_with(|| DashTexture::new(ctx));
    let grid: &NodeGrid = grid;
    let revision = input.kg.revision();
    let shot = Shot {
        scene: scene_key(
            revision,
            edge_cache.key(),
            grid.fingerprint(),
            input.dark,
            looks,
        ),
        camera: frame.camera,
        pixels_per_point: ctx.pixels_per_point(),
        background: theme::canvas_background(input.dark),
    };
    let in_motion = frame.motion.in_motion();
    let still = picture.schedule(ctx, shot, in_motion, |shot| {
        let edges = pictured_edges(shot, frame, dashes, edges);
        let nodes = if with_nodes {
            pictured_nodes(shot, frame, grid)
        } else {
            Vec::new()
        };
        move || Content {
            edges: edges(),
            nodes,
        }
    });
    Scheduled {
        placed: picture.placement(shot.scene, &frame.camera, frame.rect()),
        with_nodes,
        coarse: in_motion || !still || picture.is_pending(),
    }
}

/// [`node_looks_key`] of the nodes `frame` draws, taken again only when something a
/// node's look depends on has changed since `memo` was kept: the graph's revision, the
/// layout's stamp (radii, and any new view), the colouring and theme, the agreement
/// mode, the community colours and metric sizes (their counts, and a sample of the
/// looks). Not the camera: the nodes on screen only stand for all of them, and a look
/// changes through one of these. At rest, hovering or panning, a pass over every node
/// drawn is saved: 30 ms a frame at a million.
fn looks_key(frame: &Frame<'_>, memo: &mut Option<(u64, u64)>) -> u64 {
    let input = frame.input;
    let inputs = Fnv::of([
        input.kg.revision(),
        input.layout.stamp(),
        input.colour_by as u64,
        u64::from(input.dark),
        input.agreement.map_or(0, |m| m.map as *const _ as u64),
        input.overlay.community.len() as u64,
        input.overlay.size.len() as u64,
        std::ptr::from_ref(input.encoding) as u64,
        sampled_looks(frame),
    ]);
    if let Some((kept, looks)) = *memo
        && kept == inputs
    {
        return looks;
    }
    let looks = node_looks_key(frame.visible.drawn.iter().filter_map(|d| {
        let node = input.kg.node_at(d.ix)?;
        Some((d.slot, node.kind, input.node_colour(d.ix, node), d.radius))
    }));
    *memo = Some((inputs, looks));
    looks
}

/// [`node_looks_key`] of at most 64 of the nodes laid out, spread over them by slot
/// (whatever the camera shows): a change that keeps every count above (sizing by
/// another metric) still shows in it.
fn sampled_looks(frame: &Frame<'_>) -> u64 {
    let input = frame.input;
    node_looks_key(input.sampled_slots().filter_map(|(slot, ix)| {
        let node = input.kg.node_at(ix)?;
        let colour = input.node_colour(ix, node);
        Some((slot, node.kind, colour, input.scene_radius(slot, ix)))
    }))
}

/// Every resting edge of the frame, unfocused, as lines of the picture of `shot`: what
/// they look like is settled here, the lines are worked out by the returned job on the
/// picture's own thread (for a large view, milliseconds the frame after an edit would
/// otherwise spend).
fn pictured_edges(
    shot: &Shot,
    frame: &Frame<'_>,
    dashes: &DashTexture,
    edges: &Arc<Vec<CachedEdge>>,
) -> impl FnOnce() -> Vec<PictureEdge> + Send + use<> {
    let area = shot.area();
    let (_, scale) = shot.pixels();
    let (spos, radii) = (
        frame.visible.spos.clone(),
        frame.input.layout.radii().to_vec(),
    );
    let look = WholeView {
        zoom: frame.camera.zoom,
        clip: area,
        arrow: frame.arrows(),
        dark: frame.dark(),
    };
    let none = HashSet::new();
    let looks = ToneLooks::new(&look.frame(&spos, &radii, &none), dashes);
    let edges = Arc::clone(edges);
    move || {
        let none = HashSet::new();
        let frame = look.frame(&spos, &radii, &none);
        picture_edges(&edges, &frame, &looks, area.min, scale)
    }
}

/// What a picture's edges are drawn with besides positions and radii: the whole view,
/// unfocused, at rest.
#[derive(Clone, Copy)]
struct WholeView {
    zoom: f32,
    clip: Rect,
    arrow: bool,
    dark: bool,
}

impl WholeView {
    fn frame<'a>(
        &self,
        spos: &'a [Pos2],
        radii: &'a [f32],
        near_edges: &'a HashSet<EdgeIndex>,
    ) -> EdgeFrame<'a> {
        EdgeFrame {
            spos,
            radii,
            zoom: self.zoom,
            clip: self.clip,
            near_edges,
            selected_edge: None,
            alpha: RESTING_EDGE_ALPHA,
            arrow: self.arrow,
            dark: self.dark,
            stride: 1,
        }
    }
}

/// Every node whose body reaches into the picture of `shot`, in drawing order.
fn pictured_nodes(shot: &Shot, frame: &Frame<'_>, grid: &NodeGrid) -> Vec<PictureNode> {
    let input = frame.input;
    let area = shot.area();
    let (_, scale) = shot.pixels();
    let px = |p: Pos2| pos2((p.x - area.min.x) * scale, (p.y - area.min.y) * scale);
    let outline = theme::node_outline(input.dark);
    grid.slots_reaching(&frame.camera, area, frame.visible.reach)
        .into_iter()
        .filter_map(|slot| {
            let ix = *input.layout.nodes().get(slot)?;
            let node = input.kg.node_at(ix)?;
            let centre = *frame.visible.spos.get(slot)?;
            let radius = frame.camera.screen_radius(input.scene_radius(slot, ix));
            Some(PictureNode {
                kind: node.kind,
                centre: px(centre),
                radius: radius * scale,
                fill: input.node_colour(ix, node),
                outline,
                outline_width: NODE_OUTLINE_WIDTH * scale,
            })
        })
        .collect()
}

/// Draws the resting edges by the frame's strategy, and the canvas backdrop into the
/// slot `backdrop` (the picture, when they are drawn from one), then the bright edges
/// over them.
pub(super) fn edges_ui(
    painter: &egui::Painter,
    backdrop: ShapeIdx,
    frame: &Frame<'_>,
    caches: &mut Caches,
    edges: &[CachedEdge],
) {
    let canvas_colour = theme::canvas_background(frame.dark());
    let plain = Shape::rect_filled(frame.rect(), 0.0, canvas_colour);
    let bright = match frame.strategy {
        EdgeStrategy::Shapes => {
            painter.set(backdrop, plain);
            resting_shapes(painter, frame, edges)
        }
        EdgeStrategy::Mesh { stride } => {
            painter.set(backdrop, plain);
            let dashes = caches
                .dashes
                .get_or_insert_with(|| DashTexture::new(painter.ctx()));
            let (mesh, bright) = caches.edge_mesh.get(
                dashes,
                edges,
                caches.edges.key(),
                caches.grid.fingerprint(),
                &edge_frame(frame, stride),
            );
            if !mesh.is_empty() {
                painter.add(Shape::Mesh(mesh));
            }
            bright.to_vec()
        }
        EdgeStrategy::Picture {
            texture,
            at,
            with_nodes,
        } => {
            // The picture is opaque (drawn on the canvas colour), so it replaces the
            // backdrop rather than adding a layer over the whole canvas: a software
            // rasteriser pays for every covered pixel of every layer.
            let uv = Rect::from_min_max(Pos2::ZERO, pos2(1.0, 1.0));
            painter.set(backdrop, Shape::image(texture, at, uv, Color32::WHITE));
            veil_picture(painter, frame, canvas_colour, with_nodes);
            bright_edges(edges, caches.edges.positions(), &edge_frame(frame, 1))
        }
    };
    let clip = frame.edge_clip();
    for (e, offset) in bright {
        let width = if frame.focus.selected_edge == Some(e) {
            2.6
        } else {
            1.6
        };
        draw_bright_edge(painter, frame, e, offset, width, clip);
    }
}

/// What the edge module needs to know about this frame, drawing one resting edge in
/// `stride`.
fn edge_frame<'f>(frame: &'f Frame<'_>, stride: usize) -> EdgeFrame<'f> {
    EdgeFrame {
        spos: &frame.visible.spos,
        radii: frame.input.layout.radii(),
        zoom: frame.camera.zoom,
        clip: frame.edge_clip(),
        near_edges: &frame.focus.near_edges,
        selected_edge: frame.focus.selected_edge,
        alpha: frame.focus.resting_edge_alpha(),
        arrow: frame.arrows(),
        dark: frame.dark(),
        stride,
    }
}

/// The picture was drawn unfocused: a focus veils it in the canvas colour, which
/// scales the opacity of everything in it by `dim`, to the faded nodes' opacity when
/// they are in it, else to the resting edges'.
fn veil_picture(painter: &egui::Painter, frame: &Frame<'_>, canvas: Color32, with_nodes: bool) {
    let dim = if with_nodes {
        frame.focus.fade(false)
    } else {
        (frame.focus.resting_edge_alpha() / RESTING_EDGE_ALPHA).clamp(0.0, 1.0)
    };
    if dim < 1.0 {
        painter.rect_filled(frame.rect(), 0.0, theme::faded(canvas, 1.0 - dim));
    }
}

/// Paints each resting edge of a small view as egui shapes, parallel ones spread
/// apart; returns the bright ones (touching the focus) with their offsets.
fn resting_shapes(
    painter: &egui::Painter,
    frame: &Frame<'_>,
    edges: &[CachedEdge],
) -> Vec<(EdgeIndex, Vec2)> {
    let (spos, radii) = (&frame.visible.spos, frame.input.layout.radii());
    let (clip, arrow, resting) = (
        frame.edge_clip(),
        frame.arrows(),
        frame.focus.resting_edge_alpha(),
    );
    let mut bright = Vec::new();
    for ce in edges {
        let (Some(&plo), Some(&phi)) = (spos.get(ce.lo), spos.get(ce.hi)) else {
            continue;
        };
        if clip_segment(plo, phi, clip).is_none() {
            continue;
        }
        let offset = parallel_offset(ce, plo, phi);
        if frame.focus.near_edges.contains(&ce.e) || frame.focus.selected_edge == Some(ce.e) {
            bright.push((ce.e, offset));
            continue;
        }
        let (Some(&pa), Some(&pb)) = (spos.get(ce.a), spos.get(ce.b)) else {
            continue;
        };
        let ra = radii.get(ce.a).copied().unwrap_or(6.0);
        let rb = radii.get(ce.b).copied().unwrap_or(6.0);
        let Some((sa, sb)) = shorten(pa + offset, pb + offset, ra, rb, frame.camera.zoom) else {
            continue;
        };
        let style = edge_style(ce.tone, frame.dark());
        let colour = theme::faded(style.colour, resting);
        paint_edge_clipped(painter, sa, sb, style, colour, 1.0, arrow, clip);
    }
    bright
}

/// Paints one edge touching the focus at full strength, `width` wide, shortened to
/// the borders of its end nodes and spread from its parallel siblings by `offset`.
fn draw_bright_edge(
    painter: &egui::Painter,
    frame: &Frame<'_>,
    e: EdgeIndex,
    offset: Vec2,
    width: f32,
    clip: Rect,
) {
    let (input, camera) = (frame.input, &frame.camera);
    let (Some((a, b)), Some(w)) = (input.kg.endpoints(e), input.kg.graph().edge_weight(e)) else {
        return;
    };
    let (Some(pa), Some(pb)) = (input.layout.pos(a), input.layout.pos(b)) else {
        return;
    };
    let (sa, sb) = (
        camera.screen_from_scene(pa) + offset,
        camera.screen_from_scene(pb) + offset,
    );
    let len = (sb - sa).length();
    let ra = (input.layout.radius(a) * camera.zoom).max(MIN_SCREEN_RADIUS) + 1.0;
    let rb = (input.layout.radius(b) * camera.zoom).max(MIN_SCREEN_RADIUS) + 2.0;
    if len <= ra + rb + 2.0 {
        return;
    }
    let dir = (sb - sa) / len;
    let style = edge_style(w.relation.tone(), input.dark);
    let colour = theme::faded(style.colour, 1.0);
    paint_edge_clipped(
        painter,
        sa + dir * ra,
        sb - dir * rb,
        style,
        colour,
        width,
        true,
        clip,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_edges_are_shapes_and_many_a_mesh_until_the_picture_covers() {
        assert_eq!(choose_strategy(10, None), EdgeStrategy::Shapes);
        let scheduled = |placed, coarse| Scheduled {
            placed,
            with_nodes: true,
            coarse,
        };
        assert_eq!(
            choose_strategy(5_000, Some(scheduled(None, false))),
            EdgeStrategy::Mesh { stride: 1 }
        );
        assert_eq!(
            choose_strategy(5_000, Some(scheduled(None, true))),
            EdgeStrategy::Mesh { stride: 3 },
            "coarse: about the budget's worth of edges"
        );
        let at = Rect::from_min_max(pos2(-10.0, -10.0), pos2(900.0, 700.0));
        let placed = Some((TextureId::Managed(7), at));
        assert_eq!(
            choose_strategy(5_000, Some(scheduled(placed, true))),
            EdgeStrategy::Picture {
                texture: TextureId::Managed(7),
                at,
                with_nodes: true
            }
        );
    }
}
