//! An entry's text as one selectable galley: drag to select (snapped to whole words when the
//! mouse is released), double-click for a word,
//! triple-click for the entry, Shift+click to extend, Shift+arrows on the current entry.
//! egui's labels cannot report where their selection is, so this widget keeps its own
//! (egui's `TextCursorState` does the clicking and dragging), and paints the selection,
//! the place names' dotted underline and Find's outlines on the galley it lays out.
//!
//! One selection exists at a time, in one entry; it lives in egui's memory, as a text
//! box's cursor does. [`selection`] tells the document view where it is, for the toolbar
//! that floats beside it.

use egui::text::{CCursor, CharIndex, Galley, LayoutJob};
use egui::text_selection::{CCursorRange, TextCursorState};
use egui::{Color32, Pos2, Rect, Sense, Stroke, Ui, pos2};
use std::sync::Arc;

/// The selection: which entry, and the cursor state in its text.
#[derive(Clone, Default)]
struct EntrySelection {
    entry_id: String,
    cursor: TextCursorState,
    /// Where its end is on screen (for the toolbar), this frame.
    end_rect: Option<Rect>,
    /// The mouse is still selecting.
    dragging: bool,
}

fn selection_id() -> egui::Id {
    egui::Id::unique("entry-selection")
}

/// A selected passage: its entry, its range in characters, and where it ends on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Selected {
    pub entry_id: String,
    pub start: usize,
    pub end: usize,
    pub end_rect: Rect,
    /// The mouse is still selecting (the toolbar waits for it to be released).
    pub dragging: bool,
}

/// The selected passage, if something is selected.
pub fn selection(ctx: &egui::Context) -> Option<Selected> {
    let sel = ctx.data(|d| d.get_temp::<EntrySelection>(selection_id()))?;
    let range = sel.cursor.char_range()?;
    let [a, b] = range.sorted_cursors();
    (a.index < b.index).then(|| Selected {
        entry_id: sel.entry_id,
        start: a.index.0,
        end: b.index.0,
        end_rect: sel.end_rect.unwrap_or(Rect::NOTHING),
        dragging: sel.dragging,
    })
}

/// Forgets the selection (after a highlight is made from it, or on Esc).
pub fn clear_selection(ctx: &egui::Context) {
    ctx.data_mut(|d| d.remove::<EntrySelection>(selection_id()));
}

/// What is drawn over the text.
pub struct Overlays<'a> {
    /// Char ranges of the place names: a dotted underline (none when `places_underlined` is off).
    pub places: &'a [(usize, usize)],
    pub places_underlined: bool,
    /// Char ranges of Find's matches, and whether the reader is on each: outlined.
    pub finds: &'a [(usize, usize, bool)],
}

/// Shift+arrows pressed this frame, moving the selection in the entry the keyboard is on
/// (from its start when it has none); whether it changed.
fn keyboard_selection(ui: &Ui, galley: &egui::Galley, entry_id: &str, sel: &mut EntrySelection) -> bool {
    let keys: Vec<(egui::Key, egui::Modifiers)> = ui.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key { key, pressed: true, modifiers, .. } if modifiers.shift => Some((*key, *modifiers)),
                _ => None,
            })
            .collect()
    });
    let mut changed = false;
    for (key, modifiers) in keys {
        let mut range = if sel.entry_id == entry_id { sel.cursor.char_range() } else { None }
            .unwrap_or_else(|| CCursorRange::one(CCursor::new(0)));
        if range.on_key_press(ui.ctx().os(), galley, &modifiers, key) {
            let mut cursor = TextCursorState::default();
            cursor.set_char_range(Some(range));
            *sel = EntrySelection { entry_id: entry_id.to_owned(), cursor, end_rect: None, dragging: false };
            changed = true;
        }
    }
    changed
}

/// Shows `text` (laid out as `job`) selectable; `current` is whether the keyboard is on
/// this entry (Shift+arrows then select in it).
pub fn entry_text_ui(
    ui: &mut Ui,
    entry_id: &str,
    text: &str,
    mut job: LayoutJob,
    overlays: &Overlays<'_>,
    current: bool,
) -> (egui::Response, Option<usize>) {
    job.wrap.max_width = ui.available_width();
    let mut galley = ui.fonts_mut(|f| f.layout_job(job));
    let (rect, response) = ui.allocate_exact_size(galley.size(), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, text));
    if response.hovered() || response.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
    }
    let mut sel = ui.data(|d| d.get_temp::<EntrySelection>(selection_id())).unwrap_or_default();
    let mine = sel.entry_id == entry_id;
    let mut changed = false;
    // The pointer: a press here starts a selection here (ending one in another entry).
    if let Some(pointer) = response.interact_pointer_pos().or_else(|| response.hover_pos()) {
        let pressed_here = response.hovered() && ui.input(|i| i.pointer.any_pressed());
        if mine || pressed_here || response.double_clicked() || response.triple_clicked() {
            let mut cursor = if mine { sel.cursor } else { TextCursorState::default() };
            let at = galley.cursor_from_pos(pointer - rect.min);
            if cursor.pointer_interaction(ui, &response, at, &galley, response.dragged()) {
                sel = EntrySelection { entry_id: entry_id.to_owned(), cursor, end_rect: None, dragging: false };
                changed = true;
            }
        }
    }
    if sel.entry_id == entry_id {
        let dragging = response.dragged() || (response.is_pointer_button_down_on() && !response.clicked());
        if sel.dragging && !dragging {
            snap_to_words(&mut sel.cursor, text);
        }
        changed |= sel.dragging != dragging;
        sel.dragging = dragging;
    }
    // The keyboard: Shift+arrows select in the current entry, from its start.
    if current && !ui.ctx().egui_wants_keyboard_input() {
        changed |= keyboard_selection(ui, &galley, entry_id, &mut sel);
    }
    let mine = sel.entry_id == entry_id;
    let range = if mine { sel.cursor.range(&galley) } else { None };
    if let Some(range) = range.filter(|r| !r.is_empty()) {
        // In the reading column's own selection colours, unlike any highlight's.
        let mut visuals = ui.visuals().clone();
        (visuals.selection.bg_fill, visuals.selection.stroke.color) =
            crate::gui::style::reading_selection(visuals.dark_mode);
        egui::text_selection::visuals::paint_text_selection(&mut galley, &visuals, &range, None);
        let [_, end] = range.sorted_cursors();
        sel.end_rect = Some(galley.pos_from_cursor(end).translate(rect.min.to_vec2()));
        changed = true;
    }
    if changed {
        ui.data_mut(|d| d.insert_temp(selection_id(), sel));
    }
    let hovered = response.hover_pos().map(|p| galley.cursor_from_pos(p - rect.min).index.0);
    let color = ui.visuals().text_color();
    paint_overlays(ui, &galley, rect.min, overlays);
    ui.painter().galley(rect.min, galley, color);
    (response, hovered)
}

/// Once the mouse is released, the selection takes in the whole words its ends are in
/// ([`crate::core::text::snap_to_words`]), as Okular and Zotero do. The keyboard's
/// selection is the reader's to the character (Ctrl+Shift+arrows go by word).
fn snap_to_words(cursor: &mut TextCursorState, text: &str) {
    let Some(range) = cursor.char_range() else { return };
    let [a, b] = range.sorted_cursors();
    let (start, end) = crate::core::text::snap_to_words(text, a.index.0, b.index.0);
    if (start, end) != (a.index.0, b.index.0) {
        cursor.set_char_range(Some(CCursorRange::two(CCursor::new(start), CCursor::new(end))));
    }
}

/// The dotted underlines of place names and the outlines of Find's matches, on the rows in
/// view only (an entry of a megabyte has thousands of rows and of place names).
fn paint_overlays(ui: &Ui, galley: &Arc<Galley>, origin: Pos2, overlays: &Overlays<'_>) {
    let painter = ui.painter();
    let clip = painter.clip_rect();
    let text = ui.visuals().text_color();
    if overlays.places_underlined {
        let dots = text.gamma_multiply(0.55);
        for r in ranges_rects(galley, overlays.places.iter().map(|&(a, b)| (a, b)), origin, clip) {
            let y = r.bottom() - 1.0;
            let mut x = r.left();
            while x < r.right() {
                painter.line_segment([pos2(x, y), pos2((x + 1.5).min(r.right()), y)], Stroke::new(1.2, dots));
                x += 3.5;
            }
        }
    }
    let dark = ui.visuals().dark_mode;
    let outline = if dark { Color32::from_rgb(0xff, 0xb4, 0x5c) } else { Color32::from_rgb(0xb3, 0x4d, 0x00) };
    let current: Vec<(usize, usize)> = overlays.finds.iter().filter(|f| f.2).map(|f| (f.0, f.1)).collect();
    for (ranges, width) in [(overlays.finds.iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(), 1.2), (current, 2.5)] {
        for r in ranges_rects(galley, ranges.into_iter(), origin, clip) {
            painter.rect_stroke(r.expand(1.0), 2.0, Stroke::new(width, outline), egui::StrokeKind::Outside);
        }
    }
}

/// The rectangles (one per row) covering characters `a..b` of the galley, relative to it.
pub fn range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
    ranges_rects(galley, std::iter::once((a, b)), Pos2::ZERO, Rect::EVERYTHING)
}

/// The rectangles covering each of `ranges` (character ranges in order of their start, as a
/// record's place names and Find's matches are), moved to `origin`, those that meet `clip`:
/// one walk over the galley's rows for them all. Measured: a range at a time, from the first
/// row each time, cost a second a frame on an entry of 250 KB naming 5,000 places.
pub fn ranges_rects(
    galley: &Galley,
    ranges: impl Iterator<Item = (usize, usize)>,
    origin: Pos2,
    clip: Rect,
) -> Vec<Rect> {
    // Each row's first character and its span of characters, once.
    let mut starts = Vec::with_capacity(galley.rows.len());
    let mut at = 0;
    for placed in &galley.rows {
        starts.push(at);
        at += placed.char_count_including_newline().0;
    }
    let mut rects = Vec::new();
    for (a, b) in ranges {
        // The row holding `a`: rows are in order, so a binary search.
        let mut ri = starts.partition_point(|&s| s <= a).saturating_sub(1);
        while ri < galley.rows.len() && starts[ri] < b {
            let placed = &galley.rows[ri];
            let top = origin.y + placed.pos.y;
            if top > clip.bottom() {
                break;
            }
            let row = &placed.row;
            let row_start = starts[ri];
            let row_end = row_start + row.char_count_excluding_newline().0;
            let (from, to) = (a.max(row_start), b.min(row_end));
            if from < to && top + row.size.y >= clip.top() {
                let left = row.x_offset(CharIndex(from - row_start));
                let right = row.x_offset(CharIndex(to - row_start));
                let x = origin.x + placed.pos.x;
                rects.push(Rect::from_min_max(pos2(x + left, top), pos2(x + right, top + row.size.y)));
            }
            ri += 1;
        }
    }
    rects
}

/// Byte ranges in `text` as char ranges, in one pass over the text (the ranges in any order).
pub fn char_ranges(text: &str, bytes: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let bytes: Vec<(usize, usize)> = bytes.collect();
    let mut offsets: Vec<usize> = bytes.iter().flat_map(|&(a, b)| [a, b]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let chars = chars_at(text, &offsets);
    let char_of = |byte: usize| offsets.binary_search(&byte).map_or(0, |i| chars[i]);
    bytes.iter().map(|&(a, b)| (char_of(a), char_of(b))).collect()
}

/// For each byte offset of `sorted` (ascending), the number of characters before it (a byte
/// inside a character counts that character as before it; past the end, all of them).
fn chars_at(text: &str, sorted: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut chars = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    let mut count = 0;
    for &byte in sorted {
        while let Some(&(i, b)) = chars.peek() {
            if b >= byte {
                break;
            }
            count = i + 1;
            chars.next();
        }
        out.push(if byte >= text.len() { text.chars().count().max(count) } else { count });
    }
    out
}

/// Char offsets in `text` as byte offsets, in one pass over the text (the offsets in any
/// order; past the end, the text's length).
pub fn byte_offsets(text: &str, chars: impl Iterator<Item = usize>) -> Vec<usize> {
    let chars: Vec<usize> = chars.collect();
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_unstable_by_key(|&i| chars[i]);
    let mut out = vec![text.len(); chars.len()];
    let mut walk = text.char_indices().map(|(b, _)| b).enumerate().peekable();
    for i in order {
        while walk.peek().is_some_and(|&(c, _)| c < chars[i]) {
            walk.next();
        }
        out[i] = walk.peek().map_or(text.len(), |&(_, b)| b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_and_char_offsets_agree_with_the_slow_way() {
        let text = "Côte d’Ivoire and Türkiye, then Cuba.";
        let slow_chars = |byte: usize| text.get(..byte).map_or_else(|| text.chars().count(), |s| s.chars().count());
        let spans: Vec<(usize, usize)> = vec![(30, 34), (0, 6), (19, 28), (10, 18), (0, text.len())];
        let fast = char_ranges(text, spans.iter().copied());
        let slow: Vec<(usize, usize)> = spans.iter().map(|&(a, b)| (slow_chars(a), slow_chars(b))).collect();
        assert_eq!(fast, slow);
        let slow_byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
        let wanted = [9, 0, 200, 3, 36];
        assert_eq!(byte_offsets(text, wanted.into_iter()), wanted.map(slow_byte));
    }
}
