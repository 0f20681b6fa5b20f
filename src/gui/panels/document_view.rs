//! The document: title block, quote banner, introduction, collapsible sections of numbered
//! entries, related remarks, footer.
//!
//! Rows are virtualised: only the rows inside the viewport are laid out. Heights are
//! estimated from text length until a row has been shown once, then measured; offsets are
//! prefix sums recomputed only when a height or the row list changes.
//!
//! The view reads the app's state through [`ViewContext`] and sends [`Command`]s. The one
//! thing drawing writes is the [`DocumentView`] itself: the view's own layout memory (the
//! rows, their measured heights, the filter's verdicts), as egui writes its own memory.
//! Others ask it to start afresh through `invalidate` and `invalidate_heights`, which
//! [`crate::gui::app::ReaderApp::apply`] calls.

use crate::core::Document;
use crate::core::export::cite::{CiteStyle, Cited};
use crate::core::search::Spot;
use crate::gui::REFERENCES_ID;
use crate::gui::command::{Command, DocumentCommand, FilterCommand, Fold, NotesCommand};
use crate::gui::state::rows::{DocumentView, HEADER_HEIGHT, Highlight, NUMBER_WIDTH, Row, ViewContext};
use crate::gui::style::Reading;
use egui::{Color32, FontId, Rect, RichText, Sense, Stroke, Ui, UiBuilder, pos2, vec2};

/// Drawing: the rows in view, and what the reader does on them.
impl DocumentView {
    pub fn ui(&mut self, ui: &mut Ui, cx: &ViewContext<'_>, commands: &mut Vec<Command>) {
        let sent_before = commands.len();
        // A press, not a click: starting a selection elsewhere leaves the note too.
        let pressed_here = ui.rect_contains_pointer(ui.max_rect()) && ui.input(|i| i.pointer.primary_pressed());
        if !cx.filter.is_empty() || cx.find.is_some() {
            if !self.rows_valid {
                self.rebuild_rows(cx);
            }
            filter_banner(ui, cx, self.visible.iter().map(Vec::len).sum(), commands);
        }
        cx.reading.apply_to(ui);
        let full_width = ui.available_width();
        let width = full_width.min(column_width(ui, cx.reading));
        self.layout(cx, width);
        let total = self.offsets.last().copied().unwrap_or(0.0);
        // The view's top is set from the anchor as rows are measured; past the edge of the
        // content it is clamped at once, not sprung back over many frames.
        ui.spacing_mut().scroll.kinetic.rubber_band = false;
        let mut area = egui::ScrollArea::vertical().auto_shrink([false, false]);
        let bottom = (total - self.viewport_h).max(0.0);
        let target = self.frame_target(bottom);
        if let Some(y) = target {
            area = area.vertical_scroll_offset(y.clamp(0.0, bottom));
            ui.ctx().request_repaint();
        }
        // The first row whose measured height differed from the one assumed.
        let mut changed: Option<usize> = None;
        area.show_viewport(ui, |ui, viewport| {
            self.scroll_y = viewport.min.y;
            self.viewport_h = viewport.height();
            ui.set_min_size(vec2(ui.available_width(), total));
            let origin = ui.max_rect().min;
            let left = origin.x + ((ui.available_width() - width) / 2.0).max(0.0);
            let first = self.offsets.partition_point(|&y| y <= viewport.min.y).saturating_sub(1);
            let mut r = first;
            while r < self.rows.len() && self.offsets[r] < viewport.max.y {
                let row = self.rows[r];
                let top = origin.y + self.offsets[r];
                let rect = Rect::from_min_size(pos2(left, top), vec2(width, f32::INFINITY));
                let mut row_ui = ui.new_child(UiBuilder::new().max_rect(rect).id_salt(row));
                row_ui.set_width(width);
                self.row_ui(&mut row_ui, cx, row, commands);
                if self.current == Some(row) {
                    current_marker(ui, row_ui.min_rect());
                }
                let h = row_ui.min_rect().height();
                if (h - self.heights[r]).abs() > 0.5 {
                    self.measured.set(row, h);
                    self.heights[r] = h;
                    changed.get_or_insert(r);
                } else if self.measured.get(row).is_none() {
                    self.measured.set(row, h);
                }
                r += 1;
            }
            crate::gui::panels::keys::scroll_focus_into_view(ui);
        });
        // Where the reader is, as the rows were drawn (a scroll asked for has set it; the
        // end, once reached, is kept until the reader scrolls).
        let at_end = self.anchor.is_some_and(|a| a.extra.is_infinite()) && self.scroll_y >= bottom - 0.5;
        if target.is_none() && !at_end {
            self.anchor = self.anchor_at(self.scroll_y);
        }
        selection_ui(ui, cx, commands);
        if cx.empty_note_open && pressed_here && commands.len() == sent_before {
            commands.push(NotesCommand::Deselect.into());
        }
        if let Some(from) = changed {
            // Only the offsets below the first changed row move: a pass of additions, with no
            // lookups, so scrolling into unmeasured rows stays cheap on long documents.
            for i in from..self.heights.len() {
                self.offsets[i + 1] = self.offsets[i] + self.heights[i];
            }
            ui.ctx().request_repaint();
        }
        self.settled = changed.is_none();
    }

    /// A section's header: its title, how many of its entries show, open or closed; level 3
    /// under a group's heading.
    fn section_header_row(&self, ui: &mut Ui, cx: &ViewContext<'_>, si: usize, commands: &mut Vec<Command>) {
        let s = &cx.doc.sections[si];
        let shown = self.visible.get(si).map_or(s.entries.len(), Vec::len);
        let count = if cx.filter.is_empty() && cx.find.is_none() {
            entries_count(s.entries.len())
        } else {
            format!("{shown} of {}", entries_count(s.entries.len()))
        };
        let level = if s.group.is_some() { 3 } else { 2 };
        let open = !cx.collapsed.contains(&s.id);
        let label = s.label();
        if section_header(ui, &label, &count, open, level).clicked() {
            commands.push(DocumentCommand::ToggleSection(s.id.clone()).into());
        }
        // What the page says over the entries ("In the coming year, it will:"), under the
        // heading while the section is open (all of it, unless the heading says it whole).
        if open && let Some(description) = s.description.as_deref().filter(|d| *d != label) {
            for para in description.split("\n\n") {
                ui.add(egui::Label::new(RichText::new(para).font(scaled(ui, 0.95)).italics()).wrap());
            }
            ui.add_space(6.0);
        }
    }

    /// The page's text that is none of the record's parts (a lead-in, a credit, a paragraph
    /// between lists), folded into one line: nothing read from the page is hidden for good.
    fn other_text_row(&self, ui: &mut Ui, doc: &Document, commands: &mut Vec<Command>) {
        ui.add_space(18.0);
        let n = doc.unplaced.len();
        let label = if self.other_open {
            "Other text on this page. Hide".to_owned()
        } else {
            format!("Other text on this page · {n}")
        };
        let hover = "Text of the page that is not part of the record's quote, introduction, entries or remarks";
        if fold_line(ui, &label, hover).clicked() {
            commands.push(DocumentCommand::ToggleFold(Fold::OtherText).into());
        }
        if self.other_open {
            for text in &doc.unplaced {
                ui.add(egui::Label::new(RichText::new(text).font(scaled(ui, 1.0))).wrap());
                ui.add_space(6.0);
            }
        }
    }

    /// The page's navigation and footer lines, folded into one small line unless opened.
    fn page_details_row(&self, ui: &mut Ui, doc: &Document, commands: &mut Vec<Command>) {
        ui.add_space(18.0);
        ui.separator();
        let open = self.details_open;
        let label = if open { "Page details: navigation and footer lines. Hide" } else { "Page details" };
        let hover = if open { "Hide the page's navigation and footer lines" } else { "Show them" };
        if fold_line(ui, label, hover).clicked() {
            commands.push(DocumentCommand::ToggleFold(Fold::PageDetails).into());
        }
        if open {
            for line in doc.masthead.iter().chain(&doc.footer) {
                ui.add(egui::Label::new(RichText::new(line).small().weak()).wrap());
            }
        }
        ui.add_space(12.0);
    }

    fn row_ui(&self, ui: &mut Ui, cx: &ViewContext<'_>, row: Row, commands: &mut Vec<Command>) {
        let (doc, collapsed) = (cx.doc, cx.collapsed);
        match row {
            Row::Title => title_ui(ui, doc),
            Row::Quote => {
                if let Some(q) = &doc.quote {
                    quote_ui(ui, q, &find_marks(cx, Spot::Quote));
                }
            }
            Row::Intro => intro_ui(ui, cx),
            Row::GroupHeader(si) => {
                if let Some(group) = doc.sections.get(si).and_then(|s| s.group.as_ref()) {
                    group_header(ui, &group.title);
                }
            }
            Row::SectionHeader(si) => self.section_header_row(ui, cx, si, commands),
            Row::Entry(si, ei) => {
                let marks = find_marks(cx, Spot::Entry(si, ei));
                entry_ui(ui, &doc.sections[si].entries[ei], &marks, self.current == Some(row), cx, commands);
            }
            Row::ReferencesHeader => {
                let title = doc.references_title.as_deref().unwrap_or("Related remarks");
                let count = format!("{}", doc.references.len());
                if section_header(ui, title, &count, !collapsed.contains(REFERENCES_ID), 2).clicked() {
                    commands.push(DocumentCommand::ToggleSection(REFERENCES_ID.to_owned()).into());
                }
            }
            Row::Reference(i) => reference_ui(ui, &doc.references[i], &find_marks(cx, Spot::Reference(i))),
            Row::FrontMatter => front_matter_row(ui, doc, commands),
            Row::OtherText => self.other_text_row(ui, doc, commands),
            Row::PageDetails => self.page_details_row(ui, doc, commands),
        }
    }
}

/// The introduction, a paragraph at a time, with Find's matches marked.
fn intro_ui(ui: &mut Ui, cx: &ViewContext<'_>) {
    ui.add_space(4.0);
    let marks = find_marks(cx, Spot::Intro);
    let mut at = 0;
    for para in cx.doc.intro.split("\n\n") {
        let (from, to) = (at, at + para.len());
        at = to + 2;
        let here: Vec<FindMark> = marks
            .iter()
            .filter(|m| m.start >= from && m.end <= to)
            .map(|m| FindMark { start: m.start - from, end: m.end - from, ..*m })
            .collect();
        let font = scaled(ui, 1.0);
        let job = marked_job(ui, para, &font, &Marks { finds: &here, ..Marks::default() });
        ui.add(egui::Label::new(job).wrap());
    }
    ui.add_space(14.0);
}

/// The quote and introduction folded into one line while a filter or Find narrows the entries.
fn front_matter_row(ui: &mut Ui, doc: &Document, commands: &mut Vec<Command>) {
    ui.add_space(4.0);
    let what = match (&doc.quote, doc.intro.is_empty()) {
        (Some(_), false) => "The quote and the introduction",
        (Some(_), true) => "The quote",
        (None, _) => "The introduction",
    };
    let label = format!("{what}: folded while filtering. Show");
    if fold_line(ui, &label, &format!("Show {}", what.to_lowercase())).clicked() {
        commands.push(DocumentCommand::ToggleFold(Fold::FrontMatter).into());
    }
    ui.add_space(10.0);
}

/// The toolbar that floats beside a selected passage once the mouse is released: a swatch
/// per colour (one click highlights in it), Note (a highlight with its editor open), Copy,
/// Copy with citation (Chicago) and BibTeX. Ctrl+H highlights in the last colour used; Esc
/// drops the selection.
fn selection_ui(ui: &Ui, cx: &ViewContext<'_>, commands: &mut Vec<Command>) {
    use crate::gui::panels::entry_text::{clear_selection, selection};
    let ctx = ui.ctx();
    let Some(sel) = selection(ctx) else { return };
    let Some((section, entry)) = cx.doc.find_entry(&sel.entry_id) else { return };
    let highlight = |color: Option<String>, edit: bool| -> Command {
        NotesCommand::AddHighlight { entry_id: sel.entry_id.clone(), start: sel.start, end: sel.end, color, edit }
            .into()
    };
    // A text box with the keyboard keeps its own keys (its Ctrl+C copies its own selection);
    // the toolbar still shows.
    let keys = !ctx.egui_wants_keyboard_input();
    let (ctrl_h, escape, copy, cite) = if keys {
        ctx.input_mut(|i| {
            // Ctrl+C arrives as egui's Copy event (Ctrl+Shift+C too, with Shift held); a key press
            // where no platform turned it into one.
            let copy_event = i.events.iter().any(|e| matches!(e, egui::Event::Copy));
            let c_key = |shift: bool| {
                i.events.iter().any(|e| {
                    matches!(e, egui::Event::Key { key: egui::Key::C, pressed: true, modifiers, .. }
                    if modifiers.command && modifiers.shift == shift)
                })
            };
            let cite = c_key(true) || (copy_event && i.modifiers.shift);
            let copy = !cite && (c_key(false) || copy_event);
            (i.consume_key(egui::Modifiers::COMMAND, egui::Key::H), i.key_pressed(egui::Key::Escape), copy, cite)
        })
    } else {
        (false, false, false, false)
    };
    if ctrl_h {
        commands.push(highlight(None, false));
        clear_selection(ctx);
        return;
    }
    if escape {
        clear_selection(ctx);
        return;
    }
    let passage: String = entry.text.chars().skip(sel.start).take(sel.end - sel.start).collect();
    let cited =
        Cited { doc: cx.doc, section, entry, passage: &passage, accessed: time::OffsetDateTime::now_utc().date() };
    // The toolbar's Copy and Copy with citation, from the keyboard.
    if copy {
        commands.push(copy_command(passage.clone(), "the passage"));
        return;
    }
    if cite {
        commands.push(cite_command(&cited, cx.cite_style));
        return;
    }
    // Only once the mouse is released, and only while the passage is in view.
    if sel.dragging || !ui.clip_rect().intersects(sel.end_rect) {
        return;
    }
    let at = pos2(sel.end_rect.left(), sel.end_rect.bottom() + 6.0);
    let area = egui::Area::new(egui::Id::unique("selection-toolbar")).order(egui::Order::Foreground).fixed_pos(at);
    let done = area
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style())
                .show(ui, |ui| toolbar_ui(ui, &cited, cx.cite_style, &highlight, commands))
                .inner
        })
        .inner;
    if done {
        clear_selection(ctx);
    }
}

/// The selection toolbar's buttons; whether one was used.
fn toolbar_ui(
    ui: &mut Ui,
    cited: &Cited<'_>,
    style: CiteStyle,
    highlight: &dyn Fn(Option<String>, bool) -> Command,
    commands: &mut Vec<Command>,
) -> bool {
    let mut done = false;
    ui.horizontal(|ui| {
        for (key, label, rgb) in crate::core::notes::model::PALETTE {
            let (rect, swatch) = ui.allocate_exact_size(vec2(20.0, 20.0), Sense::click());
            ui.painter().rect_filled(rect.shrink(2.0), 4.0, Color32::from_rgb(rgb[0], rgb[1], rgb[2]));
            if swatch.hovered() {
                ui.painter().rect_stroke(rect, 4.0, ui.visuals().selection.stroke, egui::StrokeKind::Inside);
            }
            let name = format!("Highlight in {label}");
            crate::gui::a11y::name_button(&swatch, &name);
            if swatch.on_hover_text(name).clicked() {
                commands.push(highlight(Some(key.to_owned()), false));
                done = true;
            }
        }
        ui.separator();
        if ui.button("Note").on_hover_text("Highlight it and write a note").clicked() {
            commands.push(highlight(None, true));
            done = true;
        }
        if ui.button("Copy").on_hover_text("The passage (Ctrl+C)").clicked() {
            commands.push(copy_command(cited.passage.to_owned(), "the passage"));
            done = true;
        }
        let hover =
            format!("The passage and its source, {} (Ctrl+Shift+C; the style: Menu, Citation style)", style.label());
        if ui.button("Copy with citation").on_hover_text(hover).clicked() {
            commands.push(cite_command(cited, style));
            done = true;
        }
        let bibtex = CiteStyle::Bibtex;
        if ui.button("BibTeX").on_hover_text("A BibTeX entry, for a reference manager").clicked() {
            commands.push(cite_command(cited, bibtex));
            done = true;
        }
    });
    done
}

/// Copies `text`; the status bar names it as `what`.
fn copy_command(text: String, what: &str) -> Command {
    crate::gui::command::LayoutCommand::Copy { text, what: what.to_owned() }.into()
}

/// Copies the passage with its source in `style`, or says why the citation could not be made.
fn cite_command(cited: &Cited<'_>, style: CiteStyle) -> Command {
    match crate::core::export::cite::cite(cited, style) {
        Ok(text) if style == CiteStyle::Bibtex => copy_command(text, "a BibTeX entry for the record"),
        Ok(text) => copy_command(text, &format!("the passage with its citation ({})", style.label())),
        Err(e) => crate::gui::command::LayoutCommand::ShowStatus(crate::gui::command::Status::Error(format!(
            "No citation was copied: {e}"
        )))
        .into(),
    }
}

/// A small line that opens a folded part of the page.
fn fold_line(ui: &mut Ui, label: &str, hover: &str) -> egui::Response {
    let button = egui::Button::new(RichText::new(label).small()).frame(false);
    ui.add(button).on_hover_text(hover)
}

/// The keyboard's row: an accent bar in the margin beside it.
fn current_marker(ui: &Ui, rect: Rect) {
    let accent = ui.visuals().selection.stroke.color;
    let x = (rect.left() - 10.0).max(ui.max_rect().left() + 3.0);
    ui.painter().line_segment([pos2(x, rect.top() + 2.0), pos2(x, rect.bottom() - 2.0)], Stroke::new(4.0, accent));
}

/// The widest the reading column gets: the reading width's characters a line
/// ([`crate::gui::style::ReadingWidth`]) in the reading face and size, beside the entry numbers.
fn column_width(ui: &Ui, reading: Reading) -> f32 {
    const SAMPLE: &str = "The quick brown fox jumps over the lazy dog, and then some more.";
    let font = reading.font(16.0);
    let sample = ui.fonts_mut(|f| f.layout_no_wrap(SAMPLE.to_owned(), font, Color32::WHITE)).size().x;
    let per_char = sample / SAMPLE.chars().count() as f32;
    per_char * reading.width.line_chars() + NUMBER_WIDTH * reading.scale
}

fn title_ui(ui: &mut Ui, doc: &Document) {
    ui.add_space(10.0);
    let title = ui.add(egui::Label::new(RichText::new(&doc.meta.title).heading().strong()).wrap());
    crate::gui::a11y::heading(&title, 1, &doc.meta.title);
    let facts: Vec<&str> = [doc.meta.publisher.as_deref(), Some(doc.meta.kind.as_str()), doc.meta.licence.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    ui.add(egui::Label::new(RichText::new(facts.join(" · ")).weak()).wrap());
    ui.add_space(12.0);
}

fn quote_ui(ui: &mut Ui, q: &crate::core::Quote, finds: &[FindMark]) {
    let accent = Color32::from_rgb(0xb4, 0x44, 0x2f);
    let fill =
        if ui.visuals().dark_mode { Color32::from_rgb(0x2a, 0x27, 0x22) } else { Color32::from_rgb(0xf6, 0xf1, 0xe4) };
    let frame = egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin { left: 24, right: 20, top: 16, bottom: 14 })
        .corner_radius(6.0);
    // A block quote with its attribution, as one node a screen reader reads whole.
    let name = match q.attribution() {
        Some(a) => format!("“{}” — {a}", q.text),
        None => format!("“{}”", q.text),
    };
    let quote = UiBuilder::new().accessibility_role(egui::accesskit::Role::Blockquote).accessibility_label(name);
    let response = ui.scope_builder(quote, |ui| {
        frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            // The marks are on the quote's own text; the quotation marks shift them by one.
            let text = format!("“{}”", q.text);
            let shift = "“".len();
            let finds: Vec<FindMark> =
                finds.iter().map(|m| FindMark { start: m.start + shift, end: m.end + shift, ..*m }).collect();
            let mut job = marked_job(ui, &text, &scaled(ui, 18.0 / 16.0), &Marks { finds: &finds, ..Marks::default() });
            for section in &mut job.sections {
                section.format.italics = true;
            }
            ui.add(egui::Label::new(job).wrap());
            if let Some(line) = q.attribution().map(|a| format!("— {a}")) {
                ui.add_space(6.0);
                ui.add(egui::Label::new(RichText::new(line).strong()).wrap());
            }
        })
    });
    let r = response.inner.response.rect;
    ui.painter().line_segment(
        [pos2(r.left() + 6.0, r.top() + 10.0), pos2(r.left() + 6.0, r.bottom() - 10.0)],
        Stroke::new(4.0, accent),
    );
    ui.add_space(16.0);
}

/// A section's header: a heading that opens and closes the section. Its title is cut with
/// "…" where it is too long, so that its count stays in view; a screen reader hears the
/// whole title, the count and whether it is open (AccessKit's Linux adapter does not pass
/// on the expanded state, so it is in the name too).
/// "1 entry", "13 entries".
fn entries_count(n: usize) -> String {
    if n == 1 { "1 entry".to_owned() } else { format!("{n} entries") }
}

/// A group's heading: a title over the sections that follow (level 2 for a screen reader;
/// its sections are level 3).
fn group_header(ui: &mut Ui, title: &str) {
    ui.add_space(14.0);
    let font = scaled(ui, 1.25);
    let label = ui.add(egui::Label::new(RichText::new(title).font(font).strong()).wrap());
    label.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Heading, true, title));
    ui.ctx().accesskit_node_builder(label.id, |node| node.set_level(2));
    ui.add_space(2.0);
}

fn section_header(ui: &mut Ui, title: &str, count: &str, open: bool, level: usize) -> egui::Response {
    let font = scaled(ui, 17.0 / 16.0);
    let height = (font.size * 2.0).max(HEADER_HEIGHT);
    ui.add_space(8.0);
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
    let name = format!("{title} · {count}, {}", if open { "expanded" } else { "collapsed" });
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Heading, true, &name));
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_level(level);
        node.set_expanded(open);
    });
    let visuals = ui.style().interact(&response);
    ui.painter().rect_filled(
        rect,
        4.0,
        if response.hovered() { visuals.weak_bg_fill } else { ui.visuals().faint_bg_color },
    );
    // Disclosure triangle.
    let c = pos2(rect.left() + 16.0, rect.center().y);
    let s = 5.0;
    let points = if open {
        vec![pos2(c.x - s, c.y - s * 0.6), pos2(c.x + s, c.y - s * 0.6), pos2(c.x, c.y + s * 0.7)]
    } else {
        vec![pos2(c.x - s * 0.6, c.y - s), pos2(c.x - s * 0.6, c.y + s), pos2(c.x + s * 0.7, c.y)]
    };
    ui.painter().add(egui::Shape::convex_polygon(points, visuals.fg_stroke.color, Stroke::NONE));
    let strong = ui.visuals().strong_text_color();
    let count_text = format!(" · {count}");
    let count_galley = ui.fonts_mut(|f| f.layout_no_wrap(count_text, font.clone(), ui.visuals().weak_text_color()));
    let room = (rect.width() - 44.0 - count_galley.size().x).max(40.0);
    let mut job = egui::text::LayoutJob::simple_singleline(title.to_owned(), font, strong);
    job.wrap = egui::text::TextWrapping::truncate_at_width(room);
    let title_galley = ui.fonts_mut(|f| f.layout_job(job));
    let left = pos2(rect.left() + 32.0, rect.center().y - title_galley.size().y / 2.0);
    let count_at = pos2(left.x + title_galley.size().x, rect.center().y - count_galley.size().y / 2.0);
    ui.painter().galley(left, title_galley, strong);
    ui.painter().galley(count_at, count_galley, strong);
    ui.add_space(6.0);
    response
}

/// The reading face at `factor` times the body size.
fn scaled(ui: &Ui, factor: f32) -> FontId {
    let body = egui::TextStyle::Body.resolve(ui.style());
    FontId::new(body.size * factor, body.family)
}

fn entry_ui(
    ui: &mut Ui,
    entry: &crate::core::Entry,
    finds: &[FindMark],
    current: bool,
    cx: &ViewContext<'_>,
    commands: &mut Vec<Command>,
) {
    let top = ui.cursor().min;
    let number_width = NUMBER_WIDTH * cx.reading.scale;
    let number_rect = Rect::from_min_size(top, vec2(number_width, 20.0));
    ui.put(number_rect, egui::Label::new(RichText::new(entry.number.as_str()).weak().monospace()));
    let text_rect = Rect::from_min_max(pos2(top.x + number_width, top.y), pos2(ui.max_rect().right(), f32::INFINITY));
    let mut text_ui = ui.new_child(UiBuilder::new().max_rect(text_rect));
    let highlights = cx.notes.highlights.get(entry.id.as_str()).map_or(&[][..], Vec::as_slice);
    let job = highlighted(&text_ui, entry, highlights, finds);
    let places =
        crate::gui::panels::entry_text::char_ranges(&entry.text, entry.tags.mentions.iter().map(|m| (m.start, m.end)));
    let find_chars: Vec<(usize, usize, bool)> =
        crate::gui::panels::entry_text::char_ranges(&entry.text, finds.iter().map(|f| (f.start, f.end)))
            .into_iter()
            .zip(finds)
            .map(|((a, b), f)| (a, b, f.current))
            .collect();
    let overlays = crate::gui::panels::entry_text::Overlays {
        places: &places,
        places_underlined: cx.reading.underline_places,
        finds: &find_chars,
    };
    let (text, hovered) =
        crate::gui::panels::entry_text::entry_text_ui(&mut text_ui, &entry.id, &entry.text, job, &overlays, current);
    // A highlight tells its note on hover; a click on it selects its card.
    if let Some(at) = hovered
        && let Some(h) = highlights.iter().rev().find(|h| h.start <= at && at < h.end)
    {
        let summary = if h.summary.is_empty() { "A highlight (no note written)" } else { h.summary.as_str() };
        text.clone().on_hover_text(summary);
        if text.clicked() && crate::gui::panels::entry_text::selection(ui.ctx()).is_none() {
            commands.push(NotesCommand::Select(h.note).into());
        }
    }
    text_ui.add_space(2.0);
    text_ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        if !entry.tags.is_empty() {
            place_chips(ui, entry, cx, commands);
            ui.add_space(8.0);
        }
        let count = cx.notes.counts.get(entry.id.as_str()).copied().unwrap_or(0);
        if count > 0
            && let Some(first) = cx.notes.first_note.get(entry.id.as_str())
        {
            let label = if count == 1 { "1 note".to_owned() } else { format!("{count} notes") };
            if ui.add(crate::gui::style::chip(RichText::new(label).small().strong())).clicked() {
                commands.push(NotesCommand::Select(*first).into());
            }
        }
        // A real button, with its mark.
        let note = ui.add(crate::gui::style::chip(RichText::new("+ Add note").small()));
        crate::gui::a11y::name_button(&note, "Add note");
        if note.on_hover_text(format!("Add a note to entry {} (N)", entry.number)).clicked() {
            commands.push(NotesCommand::Add(entry.id.to_string()).into());
        }
    });
    let bottom = text_ui.min_rect().bottom().max(number_rect.bottom());
    margin_markers(ui, cx.notes.colors.get(entry.id.as_str()), number_rect.left(), top.y + 22.0, bottom);
    ui.advance_cursor_after_rect(Rect::from_min_max(top, pos2(ui.max_rect().right(), bottom)));
    ui.add_space(6.0);
}

/// Beside the entry, under its number: a marker in the colour of each of its notes and
/// highlights (as many as fit).
fn margin_markers(ui: &Ui, colors: Option<&Vec<Color32>>, left: f32, top: f32, bottom: f32) {
    let Some(colors) = colors else { return };
    let mut y = top;
    for c in colors {
        if y + 6.0 > bottom.max(top + 6.0) {
            break;
        }
        let r = Rect::from_min_size(pos2(left + 2.0, y), vec2(14.0, 5.0));
        ui.painter().rect_filled(r, 2.0, *c);
        y += 8.0;
    }
}

/// A Find match in a piece of text: its byte range, and whether the reader is on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FindMark {
    start: usize,
    end: usize,
    current: bool,
}

/// The Find matches in one part of the document.
fn find_marks(cx: &ViewContext<'_>, spot: Spot) -> Vec<FindMark> {
    let from = cx.matches.partition_point(|m| m.spot < spot);
    let to = from + cx.matches[from..].partition_point(|m| m.spot == spot);
    cx.matches[from..to]
        .iter()
        .map(|m| FindMark { start: m.start, end: m.end, current: cx.current_match == Some(*m) })
        .collect()
}

/// What is marked in a piece of text, all as byte ranges.
#[derive(Default)]
struct Marks<'a> {
    /// Highlighted passages, in their note's colour.
    notes: &'a [(usize, usize, Color32)],
    /// Find matches: filled (the current one stronger), or, where `outlined` (an entry,
    /// whose outlines are painted over it), only the current one is filled.
    finds: &'a [FindMark],
    outlined: bool,
}

/// An entry's text with its highlighted passages in their note's colour and the current
/// Find match filled (the place names' underlines and Find's outlines are painted over it).
fn highlighted(
    ui: &Ui,
    entry: &crate::core::Entry,
    highlights: &[Highlight],
    finds: &[FindMark],
) -> egui::text::LayoutJob {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text = &entry.text;
    // Char offsets of note highlights as byte offsets, in one pass over the text.
    let bytes = crate::gui::panels::entry_text::byte_offsets(text, highlights.iter().flat_map(|h| [h.start, h.end]));
    let notes: Vec<(usize, usize, Color32)> =
        highlights.iter().zip(bytes.chunks_exact(2)).map(|(h, b)| (b[0], b[1], highlight_fill(ui, h.color))).collect();
    marked_job(ui, text, &font, &Marks { notes: &notes, finds, outlined: true })
}

/// A highlight's fill in the current theme ([`crate::gui::style::highlight_fill`]).
fn highlight_fill(ui: &Ui, color: Color32) -> Color32 {
    crate::gui::style::highlight_fill(ui.visuals().dark_mode, color)
}

/// `text` laid out in `font` with its marks.
fn marked_job(ui: &Ui, text: &str, font: &FontId, marks: &Marks<'_>) -> egui::text::LayoutJob {
    let color = ui.visuals().text_color();
    let dark = ui.visuals().dark_mode;
    let (find_fill, current_fill) = if dark {
        (Color32::from_rgb(0x6b, 0x3d, 0x00), Color32::from_rgb(0xb3, 0x5c, 0x00))
    } else {
        (Color32::from_rgb(0xff, 0xc8, 0x8a), Color32::from_rgb(0xff, 0x8c, 0x1a))
    };
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(marks.notes.iter().flat_map(|n| [n.0, n.1]));
    cuts.extend(marks.finds.iter().flat_map(|f| [f.start, f.end]));
    cuts.retain(|&c| c <= text.len() && text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();
    let mut job = egui::text::LayoutJob::default();
    // The marks over each piece, swept in order (one pass for all; a search of every mark for
    // each piece was quadratic on a long entry with many): the first Find match over it,
    // and the last highlight (the one drawn on top).
    let mut finds = Sweep::new(marks.finds.iter().map(|f| (f.start, f.end)));
    let mut notes = Sweep::new(marks.notes.iter().map(|n| (n.0, n.1)));
    for w in cuts.windows(2) {
        let a = w[0];
        finds.advance(a);
        notes.advance(a);
        let find = finds.active.first().map(|&i| &marks.finds[i]).filter(|f| f.current || !marks.outlined);
        let note = notes.active.last().map(|&i| marks.notes[i].2);
        let b = w[1];
        let mut format = egui::TextFormat::simple(font.clone(), color);
        // Lines 1.5 times the type size apart, as reading text is set.
        format.line_height = Some(font.size * 1.5);
        if let Some(f) = find {
            format.background = if f.current { current_fill } else { find_fill };
            if f.current && dark {
                format.color = Color32::WHITE;
            }
        } else if let Some(c) = note {
            format.background = c;
        }
        job.append(&text[a..b], 0.0, format);
    }
    job
}

/// Which of a list of ranges cover a point, for points visited in increasing order: each
/// range enters once and leaves once.
struct Sweep {
    /// (start, index) and (end, index), by position.
    starts: Vec<(usize, usize)>,
    ends: Vec<(usize, usize)>,
    next_start: usize,
    next_end: usize,
    /// The indices of the ranges covering the last point, in list order.
    active: std::collections::BTreeSet<usize>,
}

impl Sweep {
    fn new(ranges: impl Iterator<Item = (usize, usize)>) -> Self {
        let (mut starts, mut ends): (Vec<_>, Vec<_>) =
            ranges.enumerate().filter(|(_, (a, b))| a < b).map(|(i, (a, b))| ((a, i), (b, i))).unzip();
        starts.sort_unstable();
        ends.sort_unstable();
        Self { starts, ends, next_start: 0, next_end: 0, active: std::collections::BTreeSet::new() }
    }

    /// Moves to `at` (no smaller than the last point): `active` is then the ranges covering it.
    fn advance(&mut self, at: usize) {
        while let Some(&(_, i)) = self.starts.get(self.next_start).filter(|(s, _)| *s <= at) {
            self.active.insert(i);
            self.next_start += 1;
        }
        while let Some(&(_, i)) = self.ends.get(self.next_end).filter(|(e, _)| *e <= at) {
            self.active.remove(&i);
            self.next_end += 1;
        }
    }
}

/// The entry's regions, then one chip per country; a chip filters to its country.
fn place_chips(ui: &mut Ui, entry: &crate::core::Entry, cx: &ViewContext<'_>, commands: &mut Vec<Command>) {
    let codes: Vec<&str> = entry.tags.regions.iter().map(|b| b.code()).collect();
    if !codes.is_empty() {
        ui.label(RichText::new(codes.join(" · ")).small().weak())
            .on_hover_text(entry.tags.regions.iter().map(|b| b.name()).collect::<Vec<_>>().join(", "));
    }
    for a2 in &entry.tags.countries {
        let name = cx.gazetteer.country(a2).map_or(a2.as_ref(), |c| c.name.as_str());
        let chip = crate::gui::style::chip(RichText::new(name).small()).corner_radius(8.0);
        if ui.add(chip).on_hover_text(format!("Show only entries about {name}")).clicked() {
            commands.push(FilterCommand::OnlyCountry(a2.to_string()).into());
        }
    }
}

fn filter_banner(ui: &mut Ui, cx: &ViewContext<'_>, shown: usize, commands: &mut Vec<Command>) {
    let fill =
        if ui.visuals().dark_mode { Color32::from_rgb(0x23, 0x33, 0x45) } else { Color32::from_rgb(0xe3, 0xee, 0xfa) };
    egui::Frame::new().fill(fill).inner_margin(8.0).corner_radius(4.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            let mut what = Vec::new();
            if !cx.filter.is_empty() {
                what.push(format!("about {}", cx.filter.describe(cx.gazetteer)));
            }
            if cx.find.is_some() {
                what.push(format!("containing “{}”", cx.find_query.trim()));
            }
            ui.label(format!("Showing {shown} of {} entries {}", cx.doc.entry_count(), what.join(" and ")));
            if !cx.filter.is_empty() && crate::gui::a11y::clear_button(ui, "filter", true).clicked() {
                commands.push(FilterCommand::Clear.into());
            }
        });
    });
    ui.add_space(4.0);
}

fn reference_ui(ui: &mut Ui, r: &crate::core::Reference, finds: &[FindMark]) {
    // "September 27, 1995" on one line, at the reading size (a fixed width let the date run
    // into the title at 125 %).
    let font = egui::TextStyle::Body.resolve(ui.style());
    let widest = ui.fonts_mut(|f| f.layout_no_wrap("September 27, 1995".to_owned(), font.clone(), Color32::WHITE));
    let date_width = widest.size().x + 16.0;
    let top = ui.cursor().min;
    let date = r.date.map(|d| d.to_string()).unwrap_or_default();
    let date_rect = Rect::from_min_size(top, vec2(date_width, 20.0));
    ui.put(date_rect, egui::Label::new(RichText::new(date).weak()).wrap_mode(egui::TextWrapMode::Extend));
    let text_rect = Rect::from_min_max(pos2(top.x + date_width, top.y), pos2(ui.max_rect().right(), f32::INFINITY));
    let mut text_ui = ui.new_child(UiBuilder::new().max_rect(text_rect));
    text_ui.add(egui::Label::new(marked_job(ui, &r.title, &font, &Marks { finds, ..Marks::default() })).wrap());
    let bottom = text_ui.min_rect().bottom().max(date_rect.bottom());
    ui.advance_cursor_after_rect(Rect::from_min_max(top, pos2(ui.max_rect().right(), bottom)));
    ui.add_space(4.0);
}
