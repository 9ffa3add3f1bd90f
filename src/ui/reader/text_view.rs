//! The reader's text: each [`Block`] a read-only, selectable `TextEdit` whose layouter
//! colours the quoted passages, laid out only while in view; over each highlight a
//! clickable, named region that says what it backs; the selection kept while the user
//! reaches for a button; a passage flashed after *Show in source*.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::{CCursor, CCursorRange, LayoutJob, TextFormat};
use egui::{Galley, Id, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use super::library::{Block, FileIndex, Span};
use crate::model::KnowledgeGraph;
use crate::ui::command::Command;
use crate::ui::theme;

/// How long a flashed passage takes to fade, in seconds.
pub const FLASH_SECS: f64 = 1.5;

/// Blocks this far (in points) above or below the view are laid out too, so scrolling
/// a little never shows a gap.
const VIEW_MARGIN: f32 = 400.0;

/// Words selected in a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// The file.
    pub file: String,
    /// The block.
    pub block: usize,
    /// The characters selected in the block, in order.
    pub chars: Range<usize>,
}

/// A passage flashing.
#[derive(Clone, Debug, PartialEq)]
pub struct Flash {
    /// The file.
    pub file: String,
    /// Its bytes in the text.
    pub bytes: Range<usize>,
    /// When it started (egui time, seconds).
    pub since: f64,
}

/// The view's state for one reader.
#[derive(Debug, Default)]
pub struct TextState {
    /// The words selected, kept when the text loses the focus.
    pub selected: Option<Selected>,
    /// A passage to bring into view: its file and bytes; flashed once it is.
    pub scroll_to: Option<(String, Range<usize>)>,
    /// The passage flashing.
    pub flash: Option<Flash>,
    /// Measured block heights, by file and block, at `heights_width`.
    heights: HashMap<(String, usize), f32>,
    heights_width: f32,
    /// The highlights drawn in the last frame: their rects (screen) and spans.
    pub drawn: Vec<(Rect, usize)>,
}

/// What the view needs for a frame.
pub struct TextInput<'a> {
    /// The file's name, as sources name it.
    pub file: &'a str,
    /// Its index.
    pub index: &'a FileIndex,
    /// The graph the index was built for, or `None` when it has changed since (the
    /// highlights are then drawn but name nothing and select nothing).
    pub kg: Option<&'a KnowledgeGraph>,
}

/// The id of a block's `TextEdit`.
pub fn block_id(file: &str, block: usize) -> Id {
    Id::unique(("ideagraph-reader-text", file, block))
}

/// The selected words of `selected` in `index`'s text, trimmed of surrounding
/// whitespace; `None` when nothing but whitespace is selected.
pub fn selected_words<'t>(index: &'t FileIndex, selected: &Selected) -> Option<&'t str> {
    let block = index.blocks.get(selected.block)?;
    let body = index.text.get(block.bytes.clone())?;
    let bytes = char_bytes(body, &selected.chars)?;
    let words = body.get(bytes)?.trim();
    (!words.is_empty()).then_some(words)
}

/// The byte range of characters `chars` in `s`.
fn char_bytes(s: &str, chars: &Range<usize>) -> Option<Range<usize>> {
    let at = |n: usize| {
        s.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()))
            .nth(n)
    };
    Some(at(chars.start)?..at(chars.end)?)
}

/// Draws the text of `input.file` in a vertical scroll area filling `ui`. Context-menu
/// items go through `menu`, which draws the passage actions for the selection.
pub fn text_ui(
    ui: &mut Ui,
    st: &mut TextState,
    input: &TextInput<'_>,
    cmds: &mut Vec<Command>,
    menu: &mut dyn FnMut(&mut Ui, &mut Vec<Command>),
) {
    let width = ui.available_width();
    if (width - st.heights_width).abs() > 1.0 {
        st.heights.clear();
        st.heights_width = width;
    }
    st.drawn.clear();
    let now = ui.input(|i| i.time);
    if st
        .flash
        .as_ref()
        .is_some_and(|f| now - f.since > FLASH_SECS)
    {
        st.flash = None;
    }
    // A passage to bring into view is laid out wherever it is, then scrolled to.
    let target = st
        .scroll_to
        .as_ref()
        .filter(|(f, _)| f == input.file)
        .and_then(|(_, r)| Some((input.index.block_char(r.start)?, r.clone())));
    egui::ScrollArea::vertical()
        .id_salt(("ideagraph-reader-scroll", input.file))
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            let mut y = 0.0;
            for (b, block) in input.index.blocks.iter().enumerate() {
                let key = (input.file.to_owned(), b);
                let guess = st
                    .heights
                    .get(&key)
                    .copied()
                    .unwrap_or_else(|| estimate_height(ui, block, width));
                let wanted = target.as_ref().is_some_and(|((tb, _), _)| *tb == b);
                let in_view =
                    y + guess >= viewport.min.y - VIEW_MARGIN && y <= viewport.max.y + VIEW_MARGIN;
                if !in_view && !wanted {
                    ui.add_space(guess);
                    y += guess + ui.spacing().item_spacing.y;
                    continue;
                }
                let height = block_ui(ui, st, input, b, block, now, cmds, menu);
                st.heights.insert(key, height);
                y += height + ui.spacing().item_spacing.y;
            }
        });
    if st.flash.is_some() {
        ui.ctx().request_repaint();
    }
}

/// A block's height before it is laid out: its characters at an average width, plus
/// its line breaks.
fn estimate_height(ui: &Ui, block: &Block, width: f32) -> f32 {
    let row = ui.text_style_height(&egui::TextStyle::Body);
    let per_row = (width / (row * 0.45)).max(10.0);
    (block.num_chars as f32 / per_row + block.num_lines as f32) * row
}

/// One block: the text, its highlights, selection and flash. Returns its height.
#[allow(clippy::too_many_arguments)] // One call site; a struct would only rename them.
fn block_ui(
    ui: &mut Ui,
    st: &mut TextState,
    input: &TextInput<'_>,
    b: usize,
    block: &Block,
    now: f64,
    cmds: &mut Vec<Command>,
    menu: &mut dyn FnMut(&mut Ui, &mut Vec<Command>),
) -> f32 {
    let index = input.index;
    let body = index.text.get(block.bytes.clone()).unwrap_or_default();
    let dark = ui.visuals().dark_mode;
    let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap: f32| -> Arc<Galley> {
        let job = block_job(ui, buf.as_str(), block, &index.spans, dark, wrap);
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let id = block_id(input.file, b);
    let mut text: &str = body;
    // Wrapped clear of the scroll bar, which floats over the content's right edge.
    let width = ui.available_width() - ui.spacing().scroll.allocated_width().max(12.0);
    let out = egui::TextEdit::multiline(&mut text)
        .id(id)
        .desired_width(width)
        .frame(egui::Frame::NONE)
        .layouter(&mut layouter)
        .show(ui);
    let origin = out.galley_pos - vec2(out.galley.rect.left(), 0.0);
    let response = out.response.response.clone();
    keep_selection(ui, st, input.file, b, &out);
    response.context_menu(|ui| menu(ui, cmds));
    let clip = ui.clip_rect();
    let drawn = Drawn {
        b,
        block,
        galley: &out.galley,
        origin,
        clip,
    };
    highlights_ui(ui, st, input, &drawn, cmds, menu);
    if let Some((file, bytes)) = st.scroll_to.clone()
        && file == input.file
        && let Some(chars) = block_chars(index, b, &bytes)
    {
        let rects = range_rects(&out.galley, origin, &chars);
        if let Some(first) = rects.first() {
            let all = rects.iter().fold(*first, |a, r| a.union(*r));
            // At once, not animated: the flash, which starts now, must be seen in place.
            ui.scroll_to_rect_animation(
                all,
                Some(egui::Align::Center),
                egui::style::ScrollAnimation::none(),
            );
            st.scroll_to = None;
            st.flash = Some(Flash {
                file,
                bytes,
                since: now,
            });
        }
    }
    paint_selection(
        ui,
        st,
        input.file,
        b,
        &out.galley,
        origin,
        response.has_focus(),
    );
    paint_flash(ui, st, input, b, &out.galley, origin, now);
    response.rect.height()
}

/// The characters of `bytes` (of the whole text) in block `b`, if it has any.
fn block_chars(index: &FileIndex, b: usize, bytes: &Range<usize>) -> Option<Range<usize>> {
    let block = index.blocks.get(b)?;
    let (a, z) = (
        bytes.start.max(block.bytes.start),
        bytes.end.min(block.bytes.end),
    );
    if a >= z {
        return None;
    }
    let count = |from: usize, to: usize| index.text.get(from..to).map(|t| t.chars().count());
    let start = count(block.bytes.start, a)?;
    Some(start..start + count(a, z)?)
}

/// The layout of a block: its text, each highlight segment on its tone's colour.
fn block_job(
    ui: &Ui,
    text: &str,
    block: &Block,
    spans: &[Span],
    dark: bool,
    wrap: f32,
) -> LayoutJob {
    let font_id = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let plain = TextFormat::simple(font_id, color);
    let mut job = LayoutJob {
        text: text.to_owned(),
        ..LayoutJob::default()
    };
    job.wrap.max_width = wrap;
    let mut at = 0;
    let section = |job: &mut LayoutJob, range: Range<usize>, format: TextFormat| {
        if range.start < range.end {
            job.sections.push(egui::text::LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(range.start)..egui::text::ByteIndex(range.end),
                format,
            });
        }
    };
    for seg in &block.segments {
        if seg.bytes.end > text.len() || seg.bytes.start < at {
            continue;
        }
        section(&mut job, at..seg.bytes.start, plain.clone());
        let tone = spans.get(seg.span).and_then(|s| s.tone);
        let format = TextFormat {
            background: theme::passage_fill(tone, dark),
            ..plain.clone()
        };
        section(&mut job, seg.bytes.clone(), format);
        at = seg.bytes.end;
    }
    section(&mut job, at..text.len(), plain);
    job
}

/// Keeps the selection of the focused block in `st`; a click in the text without a
/// drag clears it. A right-click is not a new selection: egui collapses the selection
/// on any press, so the kept one is written back for the context menu and after it.
fn keep_selection(
    ui: &Ui,
    st: &mut TextState,
    file: &str,
    b: usize,
    out: &egui::text_edit::TextEditOutput,
) {
    let secondary = ui.input(|i| {
        i.pointer.button_down(egui::PointerButton::Secondary)
            || i.pointer.button_released(egui::PointerButton::Secondary)
    });
    let ours = st
        .selected
        .as_ref()
        .filter(|s| s.file == file && s.block == b)
        .cloned();
    if secondary {
        if let Some(sel) = ours {
            let mut state = out.state.clone();
            let range =
                CCursorRange::two(CCursor::new(sel.chars.start), CCursor::new(sel.chars.end));
            state.cursor.set_char_range(Some(range));
            state.store(ui.ctx(), out.response.id);
        }
        return;
    }
    // The memory, not the response: a response made before this frame's press gave
    // the focus does not know it has it yet.
    if !ui.memory(|m| m.has_focus(out.response.id)) {
        return;
    }
    let Some(range) = out.cursor_range else {
        return;
    };
    let sorted = range.as_sorted_char_range();
    let selected = (sorted.start.0 < sorted.end.0).then(|| Selected {
        file: file.to_owned(),
        block: b,
        chars: sorted.start.0..sorted.end.0,
    });
    if selected != st.selected {
        st.selected = selected;
        // The buttons above were drawn with the old selection: draw them again.
        ui.ctx().request_repaint();
    }
}

/// A block as laid out this frame.
struct Drawn<'a> {
    b: usize,
    block: &'a Block,
    galley: &'a Galley,
    /// Where the galley is drawn.
    origin: Pos2,
    /// What of it is visible.
    clip: Rect,
}

/// The clickable, named regions over the highlights in view, longest spans first so
/// the shortest is on top where they overlap. A right-click on one opens the passage
/// menu, as it does on the text beneath.
fn highlights_ui(
    ui: &mut Ui,
    st: &mut TextState,
    input: &TextInput<'_>,
    drawn: &Drawn<'_>,
    cmds: &mut Vec<Command>,
    menu: &mut dyn FnMut(&mut Ui, &mut Vec<Command>),
) {
    let Drawn {
        b,
        block,
        galley,
        origin,
        clip,
    } = *drawn;
    for (span_ix, chars) in &block.spans {
        let Some(span) = input.index.spans.get(*span_ix) else {
            continue;
        };
        let rects: Vec<Rect> = range_rects(galley, origin, chars)
            .into_iter()
            .filter(|r| r.intersects(clip))
            .collect();
        if rects.is_empty() {
            continue;
        }
        let facts: Vec<String> = match input.kg {
            Some(kg) => span.backs.iter().filter_map(|f| f.describe(kg)).collect(),
            None => Vec::new(),
        };
        let name = if facts.is_empty() {
            "Highlight: a quote (the graph changed; updating)".to_owned()
        } else {
            format!("Highlight: {}", facts.join("; "))
        };
        let mut hovered = false;
        for (row, rect) in rects.iter().enumerate() {
            let id = Id::unique(("ideagraph-reader-highlight", input.file, b, *span_ix, row));
            let resp = ui.interact(*rect, id, Sense::click());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, name.clone()));
            st.drawn.push((*rect, *span_ix));
            hovered |= resp.hovered();
            resp.context_menu(|ui| menu(ui, cmds));
            if resp.clicked()
                && input.kg.is_some()
                && let Some(first) = span.backs.first()
            {
                cmds.push(Command::SelectAndReveal(first.selects()));
            }
            if !facts.is_empty() {
                resp.on_hover_ui(|ui| {
                    ui.strong("This passage backs");
                    for f in &facts {
                        ui.label(f);
                    }
                    ui.weak("Click to select it on the canvas.");
                });
            }
        }
        if hovered {
            let stroke = Stroke::new(1.5, ui.visuals().strong_text_color());
            for rect in &rects {
                ui.painter()
                    .rect_stroke(*rect, 2.0, stroke, egui::StrokeKind::Outside);
            }
        }
    }
}

/// Paints the kept selection while the text does not have the focus (egui paints it
/// only while it does).
fn paint_selection(
    ui: &Ui,
    st: &TextState,
    file: &str,
    b: usize,
    galley: &Galley,
    origin: Pos2,
    focused: bool,
) {
    let Some(sel) = st
        .selected
        .as_ref()
        .filter(|s| s.file == file && s.block == b)
    else {
        return;
    };
    if focused {
        return;
    }
    let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.5);
    for rect in range_rects(galley, origin, &sel.chars) {
        ui.painter().rect_filled(rect, 0.0, fill);
    }
}

/// Paints the flashing passage, fading over [`FLASH_SECS`].
fn paint_flash(
    ui: &Ui,
    st: &TextState,
    input: &TextInput<'_>,
    b: usize,
    galley: &Galley,
    origin: Pos2,
    now: f64,
) {
    let Some(flash) = st.flash.as_ref().filter(|f| f.file == input.file) else {
        return;
    };
    let Some(chars) = block_chars(input.index, b, &flash.bytes) else {
        return;
    };
    let left = (1.0 - (now - flash.since) / FLASH_SECS).clamp(0.0, 1.0) as f32;
    let colour = theme::selection_colour(ui.visuals().dark_mode);
    for rect in range_rects(galley, origin, &chars) {
        let rect = rect.expand(2.0);
        ui.painter()
            .rect_filled(rect, 3.0, colour.gamma_multiply(0.35 * left));
        let stroke = Stroke::new(2.0, colour.gamma_multiply(left));
        ui.painter()
            .rect_stroke(rect, 3.0, stroke, egui::StrokeKind::Outside);
    }
}

/// The screen rects of characters `chars` of a galley drawn at `origin`: one per row.
pub fn range_rects(galley: &Galley, origin: Pos2, chars: &Range<usize>) -> Vec<Rect> {
    if chars.start >= chars.end {
        return Vec::new();
    }
    let start = galley.layout_from_cursor(CCursor {
        index: chars.start.into(),
        prefer_next_row: true,
    });
    let end = galley.layout_from_cursor(CCursor::new(chars.end));
    let mut out = Vec::new();
    for ri in start.row..=end.row {
        let Some(placed) = galley.rows.get(ri) else {
            break;
        };
        let row = &placed.row;
        let left = if ri == start.row {
            row.x_offset(start.column)
        } else {
            0.0
        };
        let right = if ri == end.row {
            row.x_offset(end.column)
        } else {
            row.size.x
        };
        if right <= left {
            continue;
        }
        let rect = Rect::from_min_max(pos2(left, 0.0), pos2(right, row.size.y));
        out.push(rect.translate(placed.pos.to_vec2() + origin.to_vec2()));
    }
    out
}
