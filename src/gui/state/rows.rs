//! The document view's layout memory: which rows show (the region filter's and Find's
//! verdicts, open sections, folded parts), their heights (estimated, then measured),
//! where the reader is (an anchor kept through changes of height) and the keyboard's row.
//! [`DocumentState`](super::document::DocumentState) holds it and moves it by its commands;
//! the panel ([`crate::gui::panels::document_view`]) draws the rows it lists and writes
//! back what it measured, as egui writes its own memory.

use crate::core::Document;
use crate::core::export::cite::CiteStyle;
use crate::core::filter::RegionFilter;
use crate::core::places::Gazetteer;
use crate::core::search::{Match, Spot};
use crate::gui::REFERENCES_ID;
use crate::gui::command::Fold;
use crate::gui::style::Reading;
use egui::Color32;
use std::collections::{BTreeSet, HashMap};

/// Width of the entry-number column, at the usual reading size.
pub(crate) const NUMBER_WIDTH: f32 = 46.0;
pub(crate) const HEADER_HEIGHT: f32 = 34.0;

/// A scroll asked for, carried out in the next frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scroll {
    /// This row at the top of the view.
    ToRow(Row),
    /// This row in view, moving as little as possible.
    Show(Row),
    /// This offset (clamped to the document).
    To(f32),
    /// By this many screens.
    By(f32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Row {
    Title,
    Quote,
    Intro,
    /// The heading of the group section `usize` is the first shown of.
    GroupHeader(usize),
    SectionHeader(usize),
    Entry(usize, usize),
    ReferencesHeader,
    Reference(usize),
    /// The quote and introduction, folded into one line while a filter narrows the entries.
    FrontMatter,
    /// The page's own navigation and footer lines, folded into one small line.
    PageDetails,
    /// Text of the page that is none of the record's parts, folded into one line.
    OtherText,
}

impl Row {
    /// Where the row is in the document, whatever rows are shown: the order rows are laid
    /// out in, so that a row hidden by a filter is replaced by the next one shown.
    pub(crate) fn order(self) -> (usize, usize, usize) {
        const END: usize = usize::MAX;
        match self {
            Row::Title => (0, 0, 0),
            Row::Quote | Row::FrontMatter => (0, 1, 0),
            Row::Intro => (0, 2, 0),
            Row::GroupHeader(si) => (1 + si, 0, 0),
            Row::SectionHeader(si) => (1 + si, 0, 1),
            Row::Entry(si, ei) => (1 + si, 1 + ei, 0),
            Row::ReferencesHeader => (END - 2, 0, 0),
            Row::Reference(i) => (END - 2, 1 + i, 0),
            Row::OtherText => (END - 1, 0, 0),
            Row::PageDetails => (END, 0, 0),
        }
    }

    /// A row the keyboard stops on: an entry or a header.
    pub(crate) fn is_stop(self) -> bool {
        matches!(self, Row::Entry(..) | Row::Reference(_)) || self.is_header()
    }

    pub(crate) fn is_header(self) -> bool {
        matches!(self, Row::SectionHeader(_) | Row::ReferencesHeader)
    }
}

/// Where the reader is, as "this row, this far into it": kept through whatever changes the
/// rows' heights or which rows show (the reading size, the window's width, a side panel, a
/// highlight or a note, Find, a filter that keeps the row), where a pixel offset would land
/// somewhere else.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Anchor {
    pub(crate) row: Row,
    /// How far into the row the view's top is, as a share of its height.
    pub(crate) into: f32,
    /// Pixels added (a row shown at the top keeps a small margin above it).
    pub(crate) extra: f32,
}

/// What the view reads for one frame.
pub struct ViewContext<'a> {
    pub doc: &'a Document,
    pub collapsed: &'a BTreeSet<String>,
    pub filter: &'a RegionFilter,
    /// The entries the Find box found, in document order, when only they are shown; `None`
    /// when every entry shows.
    pub find: Option<&'a [(usize, usize)]>,
    pub find_query: &'a str,
    /// Every Find match, in document order, and the one the reader is on.
    pub matches: &'a [Match],
    pub current_match: Option<Match>,
    /// The reading size and face.
    pub reading: Reading,
    pub gazetteer: &'a Gazetteer,
    pub notes: &'a NoteMarks,
    /// A new note is open in the editor with nothing written: a click in the document
    /// leaves it, as Done does (and it is not kept).
    pub empty_note_open: bool,
    /// egui time of this frame, seconds.
    pub now: f64,
    /// How "Copy with citation" cites.
    pub cite_style: CiteStyle,
}

/// What the entries show of the notes: counts, highlighted passages, the colours of the
/// margin's markers.
#[derive(Debug, Default)]
pub struct NoteMarks {
    pub counts: HashMap<String, usize>,
    /// Per entry id: the highlights, (start, end) in chars, colour, note id and the first
    /// line of its note.
    pub highlights: HashMap<String, Vec<Highlight>>,
    /// First note of each entry, for its marker.
    pub first_note: HashMap<String, uuid::Uuid>,
    /// Per entry id: the colour of each of its notes and highlights, for the margin.
    pub colors: HashMap<String, Vec<Color32>>,
}

/// A highlight as the entry shows it.
#[derive(Debug, Clone)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub color: Color32,
    pub note: uuid::Uuid,
    pub summary: String,
}

impl NoteMarks {
    /// Built when the notes change (see `NotesState::fingerprint`), not every frame.
    pub fn of(notes: &crate::gui::state::notes::NotesState) -> Self {
        let mut marks = NoteMarks { counts: notes.counts_by_entry(), ..Default::default() };
        for n in notes.store.live() {
            marks.first_note.entry(n.anchor.entry_id.clone()).or_insert(n.id);
            let color = crate::gui::style::palette_color(&n.color);
            marks.colors.entry(n.anchor.entry_id.clone()).or_default().push(color);
            if n.kind == crate::core::notes::NoteKind::Highlight && !notes.orphans.contains(&n.id) {
                marks.highlights.entry(n.anchor.entry_id.clone()).or_default().push(Highlight {
                    start: n.anchor.start,
                    end: n.anchor.end,
                    color,
                    note: n.id,
                    summary: n.plain_summary(),
                });
            }
        }
        marks
    }
}

/// Document id, revision and the filter the verdicts were made for.
pub(crate) type PassesKey = (String, String, RegionFilter);

#[derive(Debug, Default)]
pub struct DocumentView {
    /// Per section: entries passing the filter (all when there is no filter).
    pub(crate) visible: Vec<Vec<usize>>,
    pub(crate) rows: Vec<Row>,
    /// Row heights: measured where known, else estimated.
    pub(crate) heights: Vec<f32>,
    /// Prefix sums of `heights` (one more element than rows).
    pub(crate) offsets: Vec<f32>,
    pub(crate) measured: Measured,
    /// Width the measurements were made at.
    pub(crate) width: f32,
    pub(crate) rows_valid: bool,
    pub(crate) offsets_valid: bool,
    /// False when a row changed height in the last frame.
    pub(crate) settled: bool,
    /// Where to scroll on the next frame.
    pub(crate) pending_scroll: Option<Scroll>,
    /// Where the reader is (see [`Anchor`]); the view's top follows it when the rows change.
    pub(crate) anchor: Option<Anchor>,
    /// The scroll offset and the viewport's height in the last frame.
    pub(crate) scroll_y: f32,
    pub(crate) viewport_h: f32,
    /// The row the keyboard is on (an entry or a header), marked in the margin.
    pub(crate) current: Option<Row>,
    /// The reading the measurements were made with.
    pub(crate) measured_reading: Option<Reading>,
    /// The quote and introduction are shown while a filter narrows the entries (they fold
    /// into one line then, unless opened).
    pub(crate) front_open: bool,
    /// The page's navigation and footer lines are shown.
    pub(crate) details_open: bool,
    /// The page's other text is shown.
    pub(crate) other_open: bool,
    /// The region filter's verdict per (section, entry), for this document and filter.
    pub(crate) passes: Option<(PassesKey, Vec<Vec<bool>>)>,
    /// The entry that flashes after being revealed, and since when.
    pub(crate) flash: Option<(String, f64)>,
}

/// Row heights measured once shown, and what each entry's height is guessed from until then.
/// Entries' are kept in arrays in document order, not in a map: on each keystroke in Find
/// the offsets of 20,000 rows are summed, and a map lookup and a visit to each entry's text
/// for its length took 2.4 ms of that frame (`bench report`, 100k entries; 0.3 ms now).
#[derive(Debug, Default)]
pub(crate) struct Measured {
    /// The document (id, revision) the arrays are for.
    pub(crate) doc: (String, String),
    /// Per section, per entry: its text's length in bytes.
    pub(crate) lens: Vec<Vec<u32>>,
    /// Per section, per entry: its measured height, NaN until it is shown.
    pub(crate) entries: Vec<Vec<f32>>,
    /// The other rows' measured heights.
    pub(crate) others: HashMap<Row, f32>,
}

impl Measured {
    /// Makes the arrays for `doc` if they are for another; true when it did.
    pub(crate) fn for_doc(&mut self, doc: &Document) -> bool {
        if self.doc.0 == doc.id && self.doc.1 == doc.rev && self.lens.len() == doc.sections.len() {
            return false;
        }
        self.doc = (doc.id.clone(), doc.rev.clone());
        self.lens = doc
            .sections
            .iter()
            .map(|s| s.entries.iter().map(|e| u32::try_from(e.text.len()).unwrap_or(u32::MAX)).collect())
            .collect();
        self.entries = doc.sections.iter().map(|s| vec![f32::NAN; s.entries.len()]).collect();
        self.others.clear();
        true
    }

    pub(crate) fn get(&self, row: Row) -> Option<f32> {
        match row {
            Row::Entry(si, ei) => self.entries.get(si).and_then(|s| s.get(ei)).copied().filter(|h| !h.is_nan()),
            _ => self.others.get(&row).copied(),
        }
    }

    pub(crate) fn set(&mut self, row: Row, h: f32) {
        match row {
            Row::Entry(si, ei) => {
                if let Some(slot) = self.entries.get_mut(si).and_then(|s| s.get_mut(ei)) {
                    *slot = h;
                }
            }
            _ => {
                self.others.insert(row, h);
            }
        }
    }

    pub(crate) fn forget_entries(&mut self) {
        for s in &mut self.entries {
            s.fill(f32::NAN);
        }
    }

    pub(crate) fn forget_all(&mut self) {
        self.forget_entries();
        self.others.clear();
    }

    pub(crate) fn estimate(&self, doc: &Document, row: Row, width: f32) -> f32 {
        let lines = |chars: usize, avail: f32, char_w: f32| ((chars as f32 * char_w) / avail.max(50.0)).ceil().max(1.0);
        match row {
            Row::Title => 90.0,
            Row::Quote => doc.quote.as_ref().map_or(0.0, |q| lines(q.text.len(), width - 40.0, 8.5) * 26.0 + 70.0),
            Row::Intro => lines(doc.intro.len(), width, 7.2) * 21.0 + 24.0,
            Row::SectionHeader(si) => {
                let described = doc.sections.get(si).and_then(|s| s.description.as_ref());
                HEADER_HEIGHT + 14.0 + described.map_or(0.0, |d| lines(d.len(), width, 7.2) * 21.0 + 6.0)
            }
            Row::ReferencesHeader => HEADER_HEIGHT + 14.0,
            Row::GroupHeader(_) => 48.0,
            Row::Entry(si, ei) => {
                let len = self.lens.get(si).and_then(|s| s.get(ei)).map_or(0, |&l| l as usize);
                lines(len, width - NUMBER_WIDTH, 7.2) * 21.0 + 10.0 + 26.0
            }
            Row::Reference(i) => lines(doc.references[i].title.len(), width - 140.0, 7.2) * 21.0 + 6.0,
            Row::FrontMatter | Row::PageDetails | Row::OtherText => 40.0,
        }
    }
}

impl DocumentView {
    /// The row list must be rebuilt (a section opened or closed).
    pub fn invalidate(&mut self) {
        self.rows_valid = false;
    }

    /// Entry rows must be measured again (their notes changed).
    pub fn invalidate_heights(&mut self) {
        self.measured.forget_entries();
        self.offsets_valid = false;
    }

    /// Opens or closes a folded part: the quote and introduction while filtering, or the
    /// page details.
    pub fn toggle_fold(&mut self, fold: Fold) {
        match fold {
            Fold::FrontMatter => self.front_open = !self.front_open,
            Fold::PageDetails => self.details_open = !self.details_open,
            Fold::OtherText => self.other_open = !self.other_open,
        }
        self.rows_valid = false;
    }

    /// Scrolls to an entry and flashes it.
    pub fn reveal(&mut self, doc: &Document, entry_id: &str, now: f64) {
        if let Some((si, ei)) = doc.entry_indices(entry_id) {
            self.pending_scroll = Some(Scroll::ToRow(Row::Entry(si, ei)));
            self.current = Some(Row::Entry(si, ei));
        }
        self.flash = Some((entry_id.to_owned(), now));
    }

    /// Scrolls to a section's header ([`REFERENCES_ID`] for the related remarks), and the
    /// keyboard's row goes there.
    pub fn reveal_header(&mut self, doc: &Document, section_id: &str) {
        let row = if section_id == REFERENCES_ID {
            Row::ReferencesHeader
        } else {
            match doc.sections.iter().position(|s| s.id == section_id) {
                Some(si) => Row::SectionHeader(si),
                None => return,
            }
        };
        self.current = Some(row);
        self.pending_scroll = Some(Scroll::ToRow(row));
    }

    /// The keyboard's row goes to an entry. The view does not move (leaving a note by a
    /// click elsewhere in the document must not take the reader back); the next arrow key
    /// moves on from it, into view.
    pub fn set_current(&mut self, doc: &Document, entry_id: &str) {
        if let Some((si, ei)) = doc.entry_indices(entry_id) {
            self.current = Some(Row::Entry(si, ei));
        }
    }

    /// Scrolls so that an entry is at the top (a reading position coming back).
    pub fn scroll_to_entry(&mut self, doc: &Document, entry_id: &str) {
        if let Some((si, ei)) = doc.entry_indices(entry_id) {
            self.pending_scroll = Some(Scroll::ToRow(Row::Entry(si, ei)));
        }
    }

    /// Scrolls to a part of the document (a Find match's), unless it is in view already.
    pub fn reveal_spot(&mut self, spot: Spot) {
        let row = match spot {
            Spot::Quote => Row::Quote,
            Spot::Intro => Row::Intro,
            Spot::Entry(si, ei) => Row::Entry(si, ei),
            Spot::Reference(i) => Row::Reference(i),
        };
        self.pending_scroll = Some(Scroll::Show(row));
    }

    /// Scrolls by `pages` screens (negative: up), as Page Down and Space do.
    pub fn scroll_pages(&mut self, pages: f32) {
        self.pending_scroll = Some(Scroll::By(pages));
    }

    /// Scrolls to the top (`false`) or the end (`true`) of the document.
    pub fn scroll_to_end(&mut self, end: bool) {
        self.pending_scroll = Some(Scroll::To(if end { f32::INFINITY } else { 0.0 }));
        self.current = None;
    }

    /// Where the reader is: the first entry at the top of the view (for the reading
    /// position kept per document). A row showing only its last few pixels (the margin
    /// left above an entry brought to the top) is not where the reader is.
    pub fn top_entry(&self, doc: &Document) -> Option<String> {
        let first = self.offsets.partition_point(|&y| y <= self.scroll_y + 12.0).saturating_sub(1);
        self.rows.get(first..)?.iter().find_map(|r| match *r {
            Row::Entry(si, ei) => doc.sections.get(si)?.entries.get(ei).map(|e| e.id.to_string()),
            _ => None,
        })
    }

    /// Moves the keyboard's row by `by` rows of entries and headers (↓ ↑, j k), from the
    /// first one in view when there is none yet, and keeps it in view.
    pub fn move_current(&mut self, by: isize) {
        let stops: Vec<usize> = (0..self.rows.len()).filter(|&i| self.rows[i].is_stop()).collect();
        self.move_among(&stops, by);
    }

    /// Moves the keyboard's row to the next or previous section header (`[` and `]`), and that
    /// header to the top of the view.
    pub fn move_section(&mut self, by: isize) {
        let stops: Vec<usize> = (0..self.rows.len()).filter(|&i| self.rows[i].is_header()).collect();
        self.move_among(&stops, by);
        if let Some(row) = self.current.filter(|r| r.is_header()) {
            self.pending_scroll = Some(Scroll::ToRow(row));
        }
    }

    pub(crate) fn move_among(&mut self, stops: &[usize], by: isize) {
        if stops.is_empty() {
            return;
        }
        let at = self.current.and_then(|c| self.row_index(c));
        let last = stops.len() - 1;
        let next = match at {
            // From the row the reader is on: the first stop after it, or the last before it.
            Some(i) if by > 0 => (stops.partition_point(|&s| s <= i) + by.unsigned_abs() - 1).min(last),
            Some(i) => stops.partition_point(|&s| s < i).saturating_sub(by.unsigned_abs()),
            // The first stop in view.
            None => {
                let top = self.offsets.partition_point(|&y| y < self.scroll_y);
                stops.partition_point(|&s| s < top).min(last)
            }
        };
        let row = self.rows[stops[next]];
        self.current = Some(row);
        self.pending_scroll = Some(Scroll::Show(row));
    }

    /// The entry the keyboard is on: its id.
    pub fn current_entry(&self, doc: &Document) -> Option<String> {
        match self.current? {
            Row::Entry(si, ei) => doc.sections.get(si)?.entries.get(ei).map(|e| e.id.to_string()),
            _ => None,
        }
    }

    /// The section whose header the keyboard is on: its id ([`REFERENCES_ID`] for the
    /// related remarks).
    pub fn current_header(&self, doc: &Document) -> Option<String> {
        match self.current? {
            Row::SectionHeader(si) => doc.sections.get(si).map(|s| s.id.clone()),
            Row::ReferencesHeader => Some(REFERENCES_ID.to_owned()),
            _ => None,
        }
    }

    /// True when the last frame changed no row height: the layout is final.
    pub fn settled(&self) -> bool {
        self.settled && self.rows_valid
    }

    pub(crate) fn rebuild_rows(&mut self, cx: &ViewContext<'_>) {
        self.visible = self.visible_entries(cx);
        let doc = cx.doc;
        let mut rows = vec![Row::Title];
        let has_front = doc.quote.is_some() || !doc.intro.is_empty();
        let narrowed = !cx.filter.is_empty() || cx.find.is_some();
        if has_front && narrowed && !self.front_open {
            rows.push(Row::FrontMatter);
        } else {
            if doc.quote.is_some() {
                rows.push(Row::Quote);
            }
            if !doc.intro.is_empty() {
                rows.push(Row::Intro);
            }
        }
        self.push_sections(cx, &mut rows);
        let collapsed = cx.collapsed;
        if !doc.references.is_empty() {
            rows.push(Row::ReferencesHeader);
            if !collapsed.contains(REFERENCES_ID) {
                rows.extend((0..doc.references.len()).map(Row::Reference));
            }
        }
        if !doc.unplaced.is_empty() {
            rows.push(Row::OtherText);
        }
        if !doc.footer.is_empty() || !doc.masthead.is_empty() {
            rows.push(Row::PageDetails);
        }
        self.rows = rows;
        self.rows_valid = true;
        self.offsets_valid = false;
        self.settled = false;
    }

    /// Per section, the entries shown: those the region filter passes, of those Find found
    /// when it narrows the document.
    fn visible_entries(&mut self, cx: &ViewContext<'_>) -> Vec<Vec<usize>> {
        let doc = cx.doc;
        // The region filter's verdict on every entry is kept until the filter or the document
        // changes, so that each keystroke in Find costs a walk over its hits only.
        let key = (doc.id.clone(), doc.rev.clone(), cx.filter.clone());
        if self.passes.as_ref().is_none_or(|(k, _)| *k != key) {
            let matcher = cx.filter.matcher();
            let passes = doc.sections.iter().map(|s| s.entries.iter().map(|e| matcher.matches(e)).collect()).collect();
            self.passes = Some((key, passes));
        }
        let passes = self.passes.as_ref().map(|(_, p)| p.as_slice()).unwrap_or_default();
        let passes_at =
            |si: usize, ei: usize| passes.get(si).and_then(|s: &Vec<bool>| s.get(ei)).copied().unwrap_or(true);
        match cx.find {
            Some(hits) => {
                let mut visible = vec![Vec::new(); doc.sections.len()];
                for &(si, ei) in hits {
                    if passes_at(si, ei)
                        && let Some(v) = visible.get_mut(si)
                    {
                        v.push(ei);
                    }
                }
                visible
            }
            None => doc
                .sections
                .iter()
                .enumerate()
                .map(|(si, s)| (0..s.entries.len()).filter(|&ei| passes_at(si, ei)).collect())
                .collect(),
        }
    }

    /// The sections' rows: a group's heading, each section's header, its entries shown.
    fn push_sections(&self, cx: &ViewContext<'_>, rows: &mut Vec<Row>) {
        let mut shown_group: Option<&str> = None;
        for (si, section) in cx.doc.sections.iter().enumerate() {
            if self.visible[si].is_empty() {
                continue; // a section the filter leaves empty is hidden
            }
            // A group's heading over the first of its sections shown (not when it is the
            // section's just above, with entries of its own: shown once).
            if let Some(group) = &section.group
                && shown_group != Some(group.id.as_str())
                && !(group.heads_section && si > 0 && !self.visible[si - 1].is_empty())
            {
                rows.push(Row::GroupHeader(si));
            }
            shown_group = section.group.as_ref().map(|g| g.id.as_str());
            rows.push(Row::SectionHeader(si));
            if !cx.collapsed.contains(&section.id) {
                rows.extend(self.visible[si].iter().map(|&ei| Row::Entry(si, ei)));
            }
        }
    }

    pub(crate) fn layout(&mut self, cx: &ViewContext<'_>, width: f32) {
        let doc = cx.doc;
        if (width - self.width).abs() > 0.5 || self.measured_reading != Some(cx.reading) {
            self.measured_reading = Some(cx.reading);
            self.width = width;
            self.measured.forget_all();
            self.offsets_valid = false;
        }
        if self.measured.for_doc(doc) {
            self.offsets_valid = false;
        }
        if !self.rows_valid {
            self.rebuild_rows(cx);
        }
        if !self.offsets_valid {
            let heights: Vec<f32> = self
                .rows
                .iter()
                .map(|r| self.measured.get(*r).unwrap_or_else(|| self.measured.estimate(doc, *r, width)))
                .collect();
            let mut offsets = Vec::with_capacity(heights.len() + 1);
            let mut y = 0.0;
            offsets.push(y);
            for h in &heights {
                y += h;
                offsets.push(y);
            }
            self.heights = heights;
            self.offsets = offsets;
            self.offsets_valid = true;
        }
    }

    /// Where this frame's view starts: a scroll asked for (which sets where the reader is),
    /// else the anchor's offset when rows above it or the row itself changed height; `None`
    /// when the view stays where it is. `bottom` is the furthest the view can go.
    pub(crate) fn frame_target(&mut self, bottom: f32) -> Option<f32> {
        // A scroll asked for sets where the reader is; otherwise the view's top follows the
        // anchor, which moves when rows above it or the row itself changed height.
        let asked = self.pending_scroll.take();
        match asked.and_then(|scroll| self.scroll_target(scroll)) {
            Some(y) => {
                self.anchor = match asked {
                    Some(Scroll::ToRow(row)) => Some(Anchor { row, into: 0.0, extra: -8.0 }),
                    // Held by the row shown, so that rows measured above it cannot push it
                    // out of view.
                    Some(Scroll::Show(row)) => self.row_index(row).map(|i| Anchor {
                        row,
                        into: 0.0,
                        extra: y.clamp(0.0, bottom) - self.offsets[i],
                    }),
                    // The end stays the end while the rows near it are measured.
                    Some(Scroll::To(y)) if y.is_infinite() => {
                        self.anchor_at(bottom).map(|a| Anchor { extra: f32::INFINITY, ..a })
                    }
                    _ => self.anchor_at(y.clamp(0.0, bottom)),
                };
                Some(y)
            }
            None => self.anchor_y().filter(|y| (y.clamp(0.0, bottom) - self.scroll_y).abs() > 0.5),
        }
    }

    /// The anchor at offset `y`: the row there and how far into it.
    pub(crate) fn anchor_at(&self, y: f32) -> Option<Anchor> {
        let i = self.offsets.partition_point(|&o| o <= y).saturating_sub(1).min(self.rows.len().checked_sub(1)?);
        let h = self.heights.get(i).copied().unwrap_or(0.0);
        let into = if h > 0.0 { ((y - self.offsets[i]) / h).clamp(0.0, 1.0) } else { 0.0 };
        Some(Anchor { row: self.rows[i], into, extra: 0.0 })
    }

    /// Where `row` is among the rows shown, or where it would be (the next row in the
    /// document's order), found by a binary search: the rows are in the document's order.
    pub(crate) fn row_place(&self, row: Row) -> usize {
        let order = row.order();
        self.rows.partition_point(|r| r.order() < order)
    }

    /// Where `row` is among the rows shown, if it is shown.
    pub(crate) fn row_index(&self, row: Row) -> Option<usize> {
        let i = self.row_place(row);
        (self.rows.get(i) == Some(&row)).then_some(i)
    }

    /// The offset the anchor is at now: its row's, or, when it is not shown, the next row's
    /// in the document's order.
    pub(crate) fn anchor_y(&self) -> Option<f32> {
        let anchor = self.anchor?;
        match self.row_index(anchor.row) {
            Some(i) => Some(self.offsets[i] + anchor.into * self.heights[i] + anchor.extra),
            None => Some(self.offsets[self.row_place(anchor.row).min(self.rows.len().checked_sub(1)?)]),
        }
    }

    /// The scroll offset that carries out `scroll`; `None` when nothing needs to move.
    pub(crate) fn scroll_target(&self, scroll: Scroll) -> Option<f32> {
        let row_span = |row: Row| {
            let i = self.row_index(row)?;
            Some((self.offsets[i], self.offsets[i + 1]))
        };
        match scroll {
            Scroll::ToRow(row) => row_span(row).map(|(top, _)| (top - 8.0).max(0.0)),
            Scroll::Show(row) => {
                let (top, bottom) = row_span(row)?;
                let (view_top, view_bottom) = (self.scroll_y, self.scroll_y + self.viewport_h);
                if top < view_top || bottom - top > self.viewport_h {
                    Some(top - 8.0)
                } else if bottom > view_bottom {
                    Some(bottom - self.viewport_h + 8.0)
                } else {
                    None
                }
            }
            Scroll::To(y) => Some(y),
            // A screen, less a line or two of overlap so the reader keeps their place.
            Scroll::By(pages) => Some(self.scroll_y + pages * (self.viewport_h - 40.0).max(40.0)),
        }
    }
}
