//! Nodes: faded ones first so bright ones sit on top, with their rings (selection,
//! Shift+click, comparison) and pins; many at once are built into one mesh.

use std::sync::Arc;

use egui::layers::ShapeIdx;
use egui::{Mesh, Stroke};

use super::super::shapes::{paint_node, paint_pin};
use super::super::theme;
use super::edges::DashTexture;
use super::frame::{DrawnNode, Frame, NODE_OUTLINE_WIDTH};
use super::node_mesh::NodeMesher;
use super::view::Caches;

/// Over this many nodes on screen, node shapes are built into one mesh: egui's own
/// circles and polygons cost more to tessellate one by one (the ~200-node bundled graph
/// stays below it, drawn exactly as egui draws shapes).
const NODE_MESH_MIN: usize = 500;

/// Most nodes a frame draws one by one when no picture holds them (see [`sampled`]):
/// about what software GL rasterises in a few milliseconds.
const NODE_DRAW_BUDGET: usize = 20_000;

/// A sampled frame still draws every node at least this large in the scene: the hubs,
/// whose size is near the cap (about 60 links and more; 1 % of a scale-free graph).
const SAMPLED_HUB_RADIUS: f32 = 25.0;

/// Nodes built into one mesh, drawn where a placeholder sits: under their rings and
/// pins, which are few.
struct Batch {
    slot: ShapeIdx,
    mesher: NodeMesher,
    mesh: Mesh,
}

impl Batch {
    /// Starts a batch at the painter's next shape, reusing last frame's buffers if
    /// egui has let go of them: no regrowing each frame.
    fn new(painter: &egui::Painter, frame: &Frame<'_>, caches: &mut Caches) -> Self {
        let slot = painter.add(egui::Shape::Noop);
        let ctx = painter.ctx();
        let dashes = caches.dashes.get_or_insert_with(|| DashTexture::new(ctx));
        let lite = frame.motion.in_motion() && frame.visible.is_packed();
        let mesher = NodeMesher::new(ctx.pixels_per_point(), dashes.solid_uv(), lite);
        let mut mesh = Arc::try_unwrap(std::mem::take(&mut caches.node_mesh)).unwrap_or_default();
        mesh.clear();
        mesh.texture_id = dashes.id();
        Self { slot, mesher, mesh }
    }

    /// Puts the mesh in its place, and keeps it for the next frame's buffers.
    fn finish(self, painter: &egui::Painter, caches: &mut Caches) {
        let mesh = Arc::new(self.mesh);
        caches.node_mesh = Arc::clone(&mesh);
        painter.set(self.slot, egui::Shape::Mesh(mesh));
    }
}

/// Draws the nodes on screen.
pub(super) fn nodes_ui(
    ui: &egui::Ui,
    painter: &egui::Painter,
    frame: &Frame<'_>,
    caches: &mut Caches,
) {
    let focus = &frame.focus;
    let mut order: Vec<&DrawnNode> = if frame.nodes_pictured() {
        standing_out(frame)
    } else {
        sampled(frame).collect()
    };
    if focus.is_focused() || focus.selected_node.is_some() || focus.hovered.is_some() {
        order.sort_by_cached_key(|d| {
            (
                focus.is_near(d.ix),
                Some(d.ix) == focus.selected_node,
                Some(d.ix) == focus.hovered,
            )
        });
    }
    let mut batch =
        (frame.visible.drawn.len() > NODE_MESH_MIN).then(|| Batch::new(painter, frame, caches));
    let outline = theme::node_outline(frame.dark());
    let mut drawn = 0;
    for d in order {
        let Some(node) = frame.input.kg.node_at(d.ix) else {
            continue;
        };
        let alpha = focus.fade(focus.is_near(d.ix));
        rings(painter, frame, d, alpha);
        // A node in the picture is drawn again only when it stands out from it.
        let live = !frame.nodes_pictured()
            || focus.is_near(d.ix)
            || Some(d.ix) == focus.selected_node
            || Some(d.ix) == focus.hovered;
        if live {
            drawn += 1;
            let colour = frame.input.node_colour(d.ix, node);
            let (fill, stroke) = if placed_by_inference(frame, d) {
                // Hollow: in the timeline, a place that rests on an inferred date.
                let ring = Stroke::new(2.0, theme::faded(colour, alpha));
                (theme::faded(colour, alpha * 0.2), ring)
            } else {
                let fill = theme::faded(colour, alpha);
                (
                    fill,
                    Stroke::new(NODE_OUTLINE_WIDTH, theme::faded(outline, alpha)),
                )
            };
            match &mut batch {
                // Outlines stay even on the smallest nodes: where thousands overlap,
                // they are what tells one node from the next.
                Some(b) => {
                    b.mesher
                        .add(&mut b.mesh, node.kind, d.pos, d.radius, fill, Some(stroke))
                }
                None => paint_node(painter, node.kind, d.pos, d.radius, fill, stroke),
            }
        }
        if frame.input.layout.is_pinned_at(d.slot) {
            let text = ui.visuals().text_color();
            paint_pin(
                painter,
                d.pos,
                d.radius,
                theme::selection_colour(frame.dark()),
                theme::faded(text, alpha),
            );
        }
    }
    if let Some(b) = batch {
        b.finish(painter, caches);
    }
    caches.nodes_drawn = drawn;
}

/// The nodes on screen that stand out from a picture holding every node, in slot
/// order: those the focus lights, the selected and hovered ones, those ringed (chosen,
/// new or gone) and the pinned ones. Looked up by slot rather than found by a pass over
/// every node on screen: a selection sorted a million nodes, half a second a frame.
fn standing_out<'f>(frame: &'f Frame<'_>) -> Vec<&'f DrawnNode> {
    let (focus, overlay, layout) = (&frame.focus, frame.input.overlay, frame.input.layout);
    let mut slots: Vec<usize> = focus
        .near
        .iter()
        .copied()
        .chain(focus.selected_node)
        .chain(focus.hovered)
        .chain(overlay.multi.iter().copied())
        .chain(overlay.new_nodes.iter().copied())
        .chain(overlay.gone_nodes.iter().copied())
        .filter_map(|ix| layout.slot(ix))
        .chain(layout.pinned_slots())
        .collect();
    slots.sort_unstable();
    slots.dedup();
    slots
        .into_iter()
        .filter_map(|s| frame.visible.drawn_at(s))
        .collect()
}

/// The nodes a frame draws one by one when no picture holds them: every node on
/// screen, except when there are more than [`NODE_DRAW_BUDGET`] (in motion, or while
/// the picture is being painted): then one in so many by slot, the large ones (hubs),
/// the pinned ones and those the focus lights. A million nodes a frame were seconds of
/// rasterising in software GL; the frame at rest has them all, in its picture.
fn sampled<'f>(frame: &'f Frame<'_>) -> impl Iterator<Item = &'f DrawnNode> + 'f {
    let drawn = &frame.visible.drawn;
    let stride = drawn.len().div_ceil(NODE_DRAW_BUDGET).max(1);
    let focus = &frame.focus;
    drawn.iter().filter(move |d| {
        stride == 1
            || d.slot.is_multiple_of(stride)
            || d.scene_radius >= SAMPLED_HUB_RADIUS
            || focus.is_near(d.ix)
            || Some(d.ix) == focus.selected_node
            || Some(d.ix) == focus.hovered
            || frame.input.layout.is_pinned_at(d.slot)
    })
}

/// Whether the timeline places this node by an inferred date (drawn hollow, as most of
/// the bundled graph's years are inferred from a post or a context).
fn placed_by_inference(frame: &Frame<'_>, d: &DrawnNode) -> bool {
    let timeline = frame.input.layout.timeline();
    timeline
        .and_then(|t| t.placed.get(&d.ix))
        .is_some_and(|p| p.inferred)
}

/// The rings around a node: Shift+click selection, then new and gone in a comparison,
/// then the selection's.
fn rings(painter: &egui::Painter, frame: &Frame<'_>, d: &DrawnNode, alpha: f32) {
    let (overlay, dark) = (frame.input.overlay, frame.dark());
    let mut ring = d.radius + 3.0;
    for (set, colour) in [
        (&overlay.multi, theme::multi_colour(dark)),
        (&overlay.new_nodes, theme::new_colour(dark)),
        (&overlay.gone_nodes, theme::gone_colour(dark)),
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
    if Some(d.ix) == frame.focus.selected_node {
        painter.circle_stroke(
            d.pos,
            d.radius * 1.25 + 4.0,
            Stroke::new(3.0, theme::selection_colour(dark)),
        );
    }
}
