//! The matrix itself, virtualised: a scroll area as large as every row and column, of
//! which only the visible cells are painted, and only its non-empty visible cells get a
//! widget (hover, click, an accessible name). The row names (left) and the idea names
//! (top, at an angle) stay in place and follow the scrolling.

use egui::text::{LayoutJob, TextWrapping};
use egui::{
    Align2, FontId, Painter, Pos2, Rect, Role, Sense, TextFormat, Ui, UiBuilder, Vec2, WidgetInfo,
    pos2, vec2,
};
use petgraph::stable_graph::NodeIndex;

use super::marks::{Mark, paint_mark};
use super::slot::Ordered;
use crate::model::KnowledgeGraph;
use crate::query::stances::{Cell, describe_link};
use crate::ui::command::Command;
use crate::ui::history::Selection;
use crate::ui::theme::{matrix_band, stance_colour};

/// Width of the row names, in points.
pub const ROW_HEADER_W: f32 = 180.0;
/// Height of the idea names' band, in points.
pub const COL_HEADER_H: f32 = 130.0;
/// The angle of the idea names: up and to the right, readable without turning the head.
const COL_ANGLE: f32 = -std::f32::consts::FRAC_PI_4;
/// Most lines a cell's tooltip lists before summing up the rest.
const MAX_TOOLTIP_LINKS: usize = 8;

/// What the grid draws.
pub struct GridInput<'a> {
    /// The graph.
    pub kg: &'a KnowledgeGraph,
    /// The matrix and its orders.
    pub o: &'a Ordered,
    /// What is selected, to mark its row, column or cell.
    pub selection: Option<Selection>,
    /// The side of a cell, in points.
    pub cell: f32,
    /// Dark theme.
    pub dark: bool,
}

/// What the grid keeps between frames: where it was scrolled, how much of it showed,
/// and the selection it last brought into sight.
#[derive(Debug, Default)]
pub struct GridMemory {
    offset: Vec2,
    size: Vec2,
    revealed: Option<Selection>,
}

/// The visible part of the grid: display rows and columns, half-open.
#[derive(Clone, Copy, Debug)]
struct Visible {
    rows: (usize, usize),
    cols: (usize, usize),
}

/// Draws the grid in the rest of `ui`, emitting a selection on a click.
pub fn grid_ui(
    ui: &mut Ui,
    input: &GridInput<'_>,
    memory: &mut GridMemory,
    cmds: &mut Vec<Command>,
) {
    let rect = ui.available_rect_before_wrap();
    let body = Rect::from_min_max(rect.min + vec2(ROW_HEADER_W, COL_HEADER_H), rect.max);
    if body.width() < 20.0 || body.height() < 20.0 {
        return;
    }
    let (nr, nc) = (input.o.rows.len(), input.o.cols.len());
    let cell = input.cell;
    let content = vec2(nc as f32 * cell, nr as f32 * cell);
    let mut child = ui.new_child(UiBuilder::new().max_rect(body));
    let mut visible = None;
    let mut scroll = egui::ScrollArea::both()
        .id_salt("ideagraph-stance-grid")
        .auto_shrink([false, false]);
    let jump = reveal(input, memory).or_else(|| wheel_on_names(ui, rect, body, memory));
    if let Some(offset) = jump {
        scroll = scroll.scroll_offset(offset);
    }
    let out = scroll.show_viewport(&mut child, |ui, viewport| {
        ui.set_min_size(content);
        let origin = ui.max_rect().min;
        let span = |lo: f32, hi: f32, n: usize| {
            let a = (lo / cell).floor().max(0.0) as usize;
            let b = ((hi / cell).ceil().max(0.0) as usize).min(n);
            (a.min(b), b)
        };
        let v = Visible {
            rows: span(viewport.top(), viewport.bottom(), nr),
            cols: span(viewport.left(), viewport.right(), nc),
        };
        visible = Some((v, cells_ui(ui, input, origin, v, cmds)));
    });
    let Some((v, hovered)) = visible else {
        return;
    };
    let inner = out.inner_rect;
    let offset = out.state.clamped_offset();
    memory.offset = offset;
    memory.size = inner.size();
    let origin = inner.min - offset;
    let row_strip = Rect::from_min_max(
        pos2(rect.left(), inner.top()),
        pos2(body.left(), inner.bottom()),
    );
    let col_strip = Rect::from_min_max(
        pos2(inner.left(), rect.top()),
        pos2(rect.right(), body.top()),
    );
    row_headers_ui(ui, input, row_strip, (origin.y, hovered.0), v, cmds);
    col_headers_ui(ui, input, col_strip, (origin.x, hovered.1), v, cmds);
    ui.advance_cursor_after_rect(rect);
}

/// Where to scroll so that a selection made elsewhere (a node's row or column, an
/// edge's cell) is in sight, when it is not; once per new selection.
fn reveal(input: &GridInput<'_>, memory: &mut GridMemory) -> Option<Vec2> {
    if input.selection == memory.revealed {
        return None;
    }
    memory.revealed = input.selection;
    let o = input.o;
    let row_rank = |r: usize| o.rows.iter().position(|&x| x == r);
    let (row, col) = match input.selection? {
        Selection::Node(ix) => (
            o.m.row_of(ix).and_then(row_rank),
            o.m.col_of(ix).and_then(|c| o.col_rank.get(c).copied()),
        ),
        Selection::Edge(e) => {
            let (&(r, c), _) =
                o.m.cells
                    .iter()
                    .find(|(_, cell)| cell.links.iter().any(|l| l.edge == e))?;
            (row_rank(r), o.col_rank.get(c).copied())
        }
    };
    let cell = input.cell;
    let into_sight = |at: Option<usize>, from: f32, room: f32| match at {
        Some(i) if (i as f32 * cell) < from || (i as f32 + 1.0) * cell > from + room => {
            (i as f32 * cell - room / 2.0).max(0.0)
        }
        _ => from,
    };
    let to = vec2(
        into_sight(col, memory.offset.x, memory.size.x),
        into_sight(row, memory.offset.y, memory.size.y),
    );
    (to != memory.offset).then_some(to)
}

/// The wheel over the names scrolls the grid too: down the rows beside it, or along the
/// columns above it (a plain wheel turned sideways there).
fn wheel_on_names(ui: &Ui, rect: Rect, body: Rect, memory: &GridMemory) -> Option<Vec2> {
    let p = ui.ctx().pointer_hover_pos()?;
    if !rect.contains(p) || body.contains(p) {
        return None;
    }
    let delta = ui.input(|i| i.smooth_scroll_delta);
    let by = if p.x < body.left() && p.y >= body.top() {
        vec2(0.0, delta.y)
    } else if p.y < body.top() && p.x >= body.left() {
        vec2(delta.x + delta.y, 0.0)
    } else {
        return None;
    };
    (by != Vec2::ZERO).then(|| (memory.offset - by).max(Vec2::ZERO))
}

/// The node a selection is about, for marking its row or column.
fn selected_node(sel: Option<Selection>) -> Option<NodeIndex> {
    sel.and_then(Selection::node)
}

/// Paints the visible cells (bands for every other row, the selection and the pointer's
/// row and column under them), each non-empty one a widget; returns the display row and
/// column under the pointer.
fn cells_ui(
    ui: &mut Ui,
    input: &GridInput<'_>,
    origin: Pos2,
    v: Visible,
    cmds: &mut Vec<Command>,
) -> (Option<usize>, Option<usize>) {
    let (o, cell) = (input.o, input.cell);
    let painter = ui.painter().clone();
    let at = |i: usize, j: usize| {
        Rect::from_min_size(origin + vec2(j as f32, i as f32) * cell, Vec2::splat(cell))
    };
    let visible_cols = Rect::from_min_max(at(v.rows.0, v.cols.0).min, at(v.rows.1, v.cols.1).min);
    let selected = selected_node(input.selection);
    let hovered = hovered_cell(ui, origin, cell, v);
    for (i, j) in [(hovered.0, None), (None, hovered.1)] {
        let band = match (i, j) {
            (Some(i), _) => Rect::from_x_y_ranges(visible_cols.x_range(), at(i, 0).y_range()),
            (_, Some(j)) => Rect::from_x_y_ranges(at(0, j).x_range(), visible_cols.y_range()),
            _ => continue,
        };
        painter.rect_filled(band, 0.0, matrix_band(input.dark, false));
    }
    for i in v.rows.0..v.rows.1 {
        let strong = selected.is_some_and(|s| o.m.rows.get(o.rows[i]) == Some(&s));
        if strong || i % 2 == 1 {
            let band = Rect::from_x_y_ranges(visible_cols.x_range(), at(i, 0).y_range());
            painter.rect_filled(band, 0.0, matrix_band(input.dark, strong));
        }
    }
    for j in v.cols.0..v.cols.1 {
        if selected.is_some_and(|s| o.m.cols.get(o.cols[j]) == Some(&s)) {
            let band = Rect::from_x_y_ranges(at(0, j).x_range(), visible_cols.y_range());
            painter.rect_filled(band, 0.0, matrix_band(input.dark, true));
        }
    }
    let selected_edge = match input.selection {
        Some(Selection::Edge(e)) => Some(e),
        _ => None,
    };
    for i in v.rows.0..v.rows.1 {
        let r = o.rows[i];
        for (c, content) in o.m.row_cells(r) {
            let j = o.col_rank.get(c).copied().unwrap_or(usize::MAX);
            if j < v.cols.0 || j >= v.cols.1 {
                continue;
            }
            let rect = at(i, j);
            paint_mark(
                &painter,
                rect.center(),
                cell * 0.4,
                Mark::of(content),
                input.dark,
            );
            if selected_edge.is_some_and(|e| content.links.iter().any(|l| l.edge == e)) {
                let ring = egui::Stroke::new(2.0, crate::ui::theme::selection_colour(input.dark));
                painter.rect_stroke(rect.shrink(1.0), 2.0, ring, egui::StrokeKind::Inside);
            }
            cell_widget_ui(ui, input, rect, (r, c), content, cmds);
        }
    }
    hovered
}

/// The display row and column under the pointer, when it is over the visible grid.
fn hovered_cell(ui: &Ui, origin: Pos2, cell: f32, v: Visible) -> (Option<usize>, Option<usize>) {
    let Some(p) = ui
        .ctx()
        .pointer_hover_pos()
        .filter(|&p| ui.clip_rect().contains(p))
    else {
        return (None, None);
    };
    let index = |d: f32, (lo, hi): (usize, usize)| {
        let k = (d / cell).floor();
        (k >= 0.0 && (k as usize) >= lo && (k as usize) < hi).then_some(k as usize)
    };
    (index(p.y - origin.y, v.rows), index(p.x - origin.x, v.cols))
}

/// A non-empty cell's widget: its accessible name, its quotes on hover, and a click that
/// selects its first stance's edge (the sidebar then shows its evidence).
fn cell_widget_ui(
    ui: &mut Ui,
    input: &GridInput<'_>,
    rect: Rect,
    (r, c): (usize, usize),
    content: &Cell,
    cmds: &mut Vec<Command>,
) {
    let kg = input.kg;
    let (row, col) = (input.o.m.rows[r], input.o.m.cols[c]);
    let id = ui.scope_id().with(("stance-cell", row, col));
    let resp = ui.interact(rect, id, Sense::click());
    resp.widget_info(|| WidgetInfo::labeled(Role::Button, true, cell_name(kg, row, col, content)));
    if resp.clicked()
        && let Some(first) = content.links.first()
    {
        cmds.push(Command::SelectEdge(first.edge));
    }
    resp.on_hover_ui(|ui| cell_tooltip_ui(ui, kg, (row, col), content, input.dark));
}

fn label(kg: &KnowledgeGraph, ix: NodeIndex) -> &str {
    kg.node_at(ix).map_or("?", |n| n.label.as_str())
}

/// "Liz Kendall on Personal budgets: for, 1 stance, 2 quotes, inherited".
pub fn cell_name(kg: &KnowledgeGraph, row: NodeIndex, col: NodeIndex, cell: &Cell) -> String {
    let n = cell.links.len();
    let q = cell.quotes(kg);
    format!(
        "{} on {}: {}, {n} {}, {q} {}{}",
        label(kg, row),
        label(kg, col),
        cell.stance().word(),
        if n == 1 { "stance" } else { "stances" },
        if q == 1 { "quote" } else { "quotes" },
        if cell.is_inherited_only() {
            ", inherited"
        } else {
            ""
        }
    )
}

/// The tooltip of a cell: who, on what, then each stance told with its citation (an
/// inherited one names the text it comes through).
fn cell_tooltip_ui(
    ui: &mut Ui,
    kg: &KnowledgeGraph,
    (row, col): (NodeIndex, NodeIndex),
    cell: &Cell,
    dark: bool,
) {
    ui.set_max_width(460.0);
    ui.strong(format!("{} on {}", label(kg, row), label(kg, col)));
    for link in cell.links.iter().take(MAX_TOOLTIP_LINKS) {
        let colour = stance_colour(link.stance, dark);
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(colour, link.stance.word());
            ui.label(describe_link(kg, link));
        });
    }
    if cell.links.len() > MAX_TOOLTIP_LINKS {
        ui.weak(format!(
            "…and {} more",
            cell.links.len() - MAX_TOOLTIP_LINKS
        ));
    }
    ui.weak("Click to open its evidence in the sidebar.");
}

/// One line of text cut to `width` with an ellipsis.
fn one_line(
    ui: &Ui,
    text: &str,
    width: f32,
    size: f32,
    colour: egui::Color32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::single_section(
        text.to_owned(),
        TextFormat::simple(FontId::proportional(size), colour),
    );
    job.wrap = TextWrapping::truncate_at_width(width);
    ui.fonts_mut(|f| f.layout_job(job))
}

/// The names of the visible rows, each a widget selecting its node.
fn row_headers_ui(
    ui: &mut Ui,
    input: &GridInput<'_>,
    strip: Rect,
    (top, hovered): (f32, Option<usize>),
    v: Visible,
    cmds: &mut Vec<Command>,
) {
    let (o, cell) = (input.o, input.cell);
    let painter = ui.painter_at(strip);
    let selected = selected_node(input.selection);
    let size = (cell * 0.68).clamp(9.0, 13.0);
    for i in v.rows.0..v.rows.1 {
        let Some(&ix) = o.m.rows.get(o.rows[i]) else {
            continue;
        };
        let y = top + i as f32 * cell;
        let rect = Rect::from_x_y_ranges(strip.x_range(), y..=y + cell).intersect(strip);
        if rect.height() <= 0.0 {
            continue;
        }
        if selected == Some(ix) || hovered == Some(i) {
            painter.rect_filled(rect, 0.0, matrix_band(input.dark, selected == Some(ix)));
        }
        let galley = one_line(
            ui,
            label(input.kg, ix),
            strip.width() - 10.0,
            size,
            ui.visuals().text_color(),
        );
        let at = pos2(
            strip.right() - 6.0 - galley.size().x,
            y + (cell - galley.size().y) / 2.0,
        );
        painter.galley(at, galley, ui.visuals().text_color());
        header_widget_ui(ui, input, rect, ix, "Stances of", cmds);
    }
}

/// The names of the visible columns, at an angle, each a widget selecting its node.
fn col_headers_ui(
    ui: &mut Ui,
    input: &GridInput<'_>,
    strip: Rect,
    (left, hovered): (f32, Option<usize>),
    v: Visible,
    cmds: &mut Vec<Command>,
) {
    let (o, cell) = (input.o, input.cell);
    let painter = ui.painter_at(strip);
    let selected = selected_node(input.selection);
    let size = (cell * 0.68).clamp(9.0, 13.0);
    let room = strip.height() / COL_ANGLE.sin().abs() - 12.0;
    for j in v.cols.0..v.cols.1 {
        let Some(&ix) = o.m.cols.get(o.cols[j]) else {
            continue;
        };
        let x = left + j as f32 * cell;
        let rect = Rect::from_x_y_ranges(x..=x + cell, strip.y_range()).intersect(strip);
        if rect.width() <= 0.0 {
            continue;
        }
        if selected == Some(ix) || hovered == Some(j) {
            painter.rect_filled(rect, 0.0, matrix_band(input.dark, selected == Some(ix)));
        }
        let colour = ui.visuals().text_color();
        let galley = one_line(ui, label(input.kg, ix), room, size, colour);
        // Rotated about its top left corner: step back by half its height across the
        // text, so the line runs out of the column's middle.
        let anchor = pos2(x + cell / 2.0, strip.bottom() - 4.0);
        let (s, c) = COL_ANGLE.sin_cos();
        let h = galley.size().y / 2.0;
        let at = anchor - vec2(-s, c) * h;
        painter.add(egui::epaint::TextShape::new(at, galley, colour).with_angle(COL_ANGLE));
        header_widget_ui(ui, input, rect, ix, "Stances on", cmds);
    }
}

/// A row or column name's widget: named "Stances of Liz Kendall", its node selected on
/// a click.
fn header_widget_ui(
    ui: &mut Ui,
    input: &GridInput<'_>,
    rect: Rect,
    ix: NodeIndex,
    what: &str,
    cmds: &mut Vec<Command>,
) {
    let id = ui.scope_id().with(("stance-header", what, ix));
    let resp = ui.interact(rect, id, Sense::click());
    let name = format!("{what} {}", label(input.kg, ix));
    resp.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
    if resp.clicked() {
        cmds.push(Command::SelectNode(ix));
    }
    let Some(node) = input.kg.node_at(ix) else {
        return;
    };
    // The faction claimed, so an order by faction can be read from the names.
    let factions = node.faction_names();
    let claims = if factions.is_empty() {
        String::new()
    } else {
        format!(", {}", factions.join(", "))
    };
    resp.on_hover_text(format!(
        "{} ({}{claims}): click to select",
        node.label,
        node.kind.name()
    ));
}

/// The corner above the row names and left of the idea names, where the legend goes.
pub fn corner(rect: Rect) -> Rect {
    Rect::from_min_size(rect.min, vec2(ROW_HEADER_W, COL_HEADER_H))
}

/// Paints the legend: one mark and its words a line.
pub fn legend(painter: &Painter, rect: Rect, dark: bool, text: egui::Color32) {
    use crate::query::stances::CellStance;
    let rows = [
        (
            Mark {
                stance: CellStance::For,
                inherited: false,
                count: 1,
            },
            "for (advocates, supports)",
        ),
        (
            Mark {
                stance: CellStance::Against,
                inherited: false,
                count: 1,
            },
            "against (criticises, opposes)",
        ),
        (
            Mark {
                stance: CellStance::Mixed,
                inherited: false,
                count: 1,
            },
            "both for and against",
        ),
        (
            Mark {
                stance: CellStance::Mentions,
                inherited: false,
                count: 1,
            },
            "mentions",
        ),
        (
            Mark {
                stance: CellStance::For,
                inherited: true,
                count: 1,
            },
            "through a text they wrote",
        ),
        (
            Mark {
                stance: CellStance::For,
                inherited: false,
                count: 3,
            },
            "number of stances",
        ),
    ];
    let line = 17.0;
    for (k, (mark, words)) in rows.into_iter().enumerate() {
        let y = rect.top() + 8.0 + line * k as f32 + line / 2.0;
        paint_mark(painter, pos2(rect.left() + 14.0, y), 6.5, mark, dark);
        painter.text(
            pos2(rect.left() + 28.0, y),
            Align2::LEFT_CENTER,
            words,
            FontId::proportional(11.0),
            text,
        );
    }
}
