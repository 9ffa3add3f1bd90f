//! The graph canvas: nodes at their layout positions, pan and zoom through our own
//! scene-to-screen transform, hover and selection highlighting, level-of-detail labels,
//! dragging to pin, and an accessible name on every node shown.
//!
//! We keep our own transform rather than `egui::Scene` so that each node's widget rect
//! is in screen space: AccessKit bounds, hit testing and `egui_kittest`'s `click()` then
//! all agree.
//!
//! [`canvas_ui`] runs a frame in phases, each in its own module: input and camera
//! (`interact`, with `selecting` for the Shift+drag box and the background's menu, and
//! `linking` for a new edge drawn with Ctrl+drag),
//! visibility (`visible`), focus and fading (`focus`), edges by strategy
//! (`draw_edges`, which schedules the `picture`; in the agreement mode the derived
//! person-to-person edges of `agreement` instead), nodes (`draw_nodes`), labels and
//! overlays. What one phase learns goes to the next in a [`frame::Frame`]. The window
//! draws what floats over the canvas (toolbar, legend, the overview map of [`minimap_ui`],
//! and hands their rects to [`CanvasView::set_covered`]: fitting fills the part of the
//! canvas they leave free (`room`). The
//! modules import each other one way only: this file uses them all, none of them uses
//! this file, and `geometry`, `keys`, `input`, `hairline`, `node_mesh` and `room` use no other
//! (`tests/module_direction.rs` checks it).

mod agreement;
mod draw_edges;
mod draw_nodes;
mod edges;
mod focus;
mod frame;
mod geometry;
mod grid;
mod hairline;
mod input;
mod interact;
mod keys;
mod labels;
mod linking;
mod minimap;
mod node_mesh;
mod overlays;
mod picture;
mod room;
mod selecting;
mod timeline_axis;
mod uptake_overlay;
mod view;
mod visible;

pub use input::CanvasInput;
pub use minimap::MINIMAP_MIN_NODES;
pub use view::CanvasView;
#[allow(
    unused_imports,
    reason = "the zoom limits are part of the canvas's interface, though no caller reads them today"
)]
pub use view::ZOOM_RANGE;

use super::command::Command;
use focus::Focus;
use frame::{EdgeStrategy, Frame};

/// Draws the canvas into the rest of `ui` and handles its input. Returns true while it
/// animates (a camera move or input that moved the camera), so the caller keeps
/// repainting.
pub fn canvas_ui(
    ui: &mut egui::Ui,
    input: &CanvasInput<'_>,
    cv: &mut CanvasView,
    cmds: &mut Vec<Command>,
) -> bool {
    cv.rect = ui.available_rect_before_wrap();
    let painter = ui.painter_at(cv.rect);
    // The backdrop: the canvas colour, or a picture of the resting edges on it.
    let backdrop = painter.add(egui::Shape::Noop);

    // Input first: the camera this frame shows, then the nodes it shows, and which of
    // them is under the pointer before anything is painted.
    let (bg, motion) = interact::camera_ui(ui, input, cv);
    let visible = visible::visible_nodes(input, cv);
    let hovered = interact::node_widgets_ui(ui, input, cv, &visible, cmds);
    cv.hovered = hovered;
    // The agreement mode draws derived edges instead of the graph's.
    let edges = if input.agreement.is_some() {
        std::sync::Arc::new(Vec::new())
    } else {
        cv.caches
            .edges
            .get(ui.ctx(), input.kg, input.view, input.layout)
    };
    interact::background_click(&bg, input, cv, &visible, &edges, cmds);
    selecting::finish_box(&bg, &visible, cv, cmds);
    linking::finish_link(ui, &visible, cv, cmds);
    selecting::background_menu(&bg, input, cv, cmds);

    let mut frame = Frame {
        input,
        camera: cv.camera(),
        motion,
        visible,
        focus: Focus::new(input, hovered),
        strategy: EdgeStrategy::Shapes,
        edges_pending: cv.caches.edges.is_pending(),
    };
    // The strategy is planned from the rest of what the frame knows.
    frame.strategy = draw_edges::plan_edges(ui.ctx(), &frame, &mut cv.caches, &edges);

    // Painted bottom up.
    overlays::ghosts_ui(ui, &painter, &frame);
    timeline_axis::bands_ui(ui, &painter, &frame);
    draw_edges::edges_ui(&painter, backdrop, &frame, &mut cv.caches, &edges);
    agreement::derived_edges_ui(ui, &painter, &frame, &bg, cmds);
    overlays::path_ui(&painter, &frame);
    draw_nodes::nodes_ui(ui, &painter, &frame, &mut cv.caches);
    uptake_overlay::uptake_ui(&painter, &frame);
    cv.label_boxes = labels::draw_labels(ui, &painter, &frame);
    // On crowded views, the labelled nodes get widgets next frame.
    cv.labelled = if frame.visible.is_crowded() {
        cv.label_boxes.iter().map(|&(ix, _)| ix).collect()
    } else {
        Vec::new()
    };
    timeline_axis::ruler_ui(ui, &painter, &frame);
    overlays::progress_ui(ui, &painter, &frame);
    selecting::paint_box(&painter, cv, frame.dark());
    linking::paint_link(ui, &painter, cv, &frame);
    // One more frame after camera input, so the frame at rest comes even when no
    // further input does.
    motion.camera_moving || motion.camera_input
}

/// Draws the overview map of the layout into `ui` (the caller places it over the
/// canvas) and, while it is pressed or dragged, centres the camera of `cv` on the
/// scene point under the pointer, so the map's box follows it. Returns the map's
/// response; its rect is what the map covers.
pub fn minimap_ui(
    ui: &mut egui::Ui,
    layout: &super::layout_state::LayoutState,
    cv: &mut CanvasView,
    dark: bool,
) -> egui::Response {
    let seen = (cv.camera(), cv.caches.grid.fingerprint());
    let (resp, target) = minimap::map_ui(ui, layout, &mut cv.caches.minimap, seen, dark);
    if let Some(target) = target {
        cv.center = target.to_vec2();
        cv.auto_fit = false;
        cv.camera_move = None;
    }
    resp
}
