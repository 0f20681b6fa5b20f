//! A note as a card, the same in the notes panel and in the library's list of notes: its
//! colour, entry and date; two lines of its passage beside a bar of its colour; two or three
//! lines of its body, its Markdown rendered; its tags as chips. What does not fit ends in
//! "…"; the whole note shows when the card is opened (the editor).
//!
//! Every card is [`CARD_HEIGHT`] tall, so that a list lays out only the cards in view
//! (10,000 notes cost what 10 do).
//!
//! The body's Markdown is set here, inline (bold, italics, code, links as text), rather than
//! by `egui_commonmark`, which lays out whole blocks and cannot stop after a number of lines
//! with an ellipsis; the editor and hover still render it whole with `egui_commonmark`.

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Color32, FontId, Response, RichText, Sense, Ui, vec2};

/// Height of a card in a list.
pub const CARD_HEIGHT: f32 = 136.0;

/// What a card shows.
pub struct Card<'a> {
    pub color: Color32,
    /// The entry's number ("2.3"), or why there is none.
    pub number: &'a str,
    /// The colour's label ("Key claim").
    pub label: &'a str,
    /// The record, in the library's list (the panel beside a record leaves it out).
    pub record: Option<&'a str>,
    pub date: String,
    /// The highlighted passage, or, for a note with nothing written, its entry's text.
    pub passage: Option<&'a str>,
    /// Whether the passage is a highlight's (in italics, in quotation marks).
    pub highlight: bool,
    pub body: &'a str,
    pub tags: &'a [String],
    /// Who wrote it, and who last changed it when someone else did: "by Ada · edited by
    /// Grace" ([`byline`]); none for a note without an author.
    pub byline: Option<String>,
    pub selected: bool,
    /// What a screen reader hears.
    pub name: String,
}

/// Draws the card at the full width of `ui`, [`CARD_HEIGHT`] tall; the response is its click.
pub fn card_ui(ui: &mut Ui, id: egui::Id, card: &Card<'_>) -> Response {
    let visuals = ui.visuals().clone();
    let fill = if card.selected { visuals.selection.bg_fill.gamma_multiply(0.35) } else { visuals.faint_bg_color };
    let (rect, _) = ui.allocate_exact_size(vec2(ui.available_width(), CARD_HEIGHT - 4.0), Sense::hover());
    ui.add_space(4.0);
    ui.painter().rect_filled(rect, 4.0, fill);
    let inner = rect.shrink(6.0);
    let mut c = ui.new_child(egui::UiBuilder::new().max_rect(inner).layout(egui::Layout::top_down(egui::Align::Min)));
    c.set_clip_rect(rect.intersect(ui.clip_rect()));
    c.spacing_mut().item_spacing.y = 2.0;
    header_ui(&mut c, card);
    let body_rows = if card.passage.is_some() { 2 } else { 3 };
    if let Some(passage) = card.passage {
        let text = if card.highlight { format!("“{passage}”") } else { passage.to_owned() };
        let font = egui::TextStyle::Body.resolve(c.style());
        let color = if card.highlight { visuals.text_color() } else { visuals.weak_text_color() };
        let mut format = TextFormat::simple(font, color);
        format.italics = card.highlight;
        let mut job = LayoutJob::single_section(text, format);
        // Beside its bar, the full width of the card less the bar's room.
        let at = c.cursor().min + vec2(8.0, 0.0);
        let room = egui::Rect::from_min_max(at, egui::pos2(c.max_rect().right(), c.max_rect().bottom()));
        let mut beside =
            c.new_child(egui::UiBuilder::new().max_rect(room).layout(egui::Layout::top_down(egui::Align::Min)));
        clamp(&mut job, beside.available_width(), 2);
        let r = beside.add(egui::Label::new(job).wrap().selectable(false)).rect;
        c.advance_cursor_after_rect(egui::Rect::from_min_max(c.cursor().min, egui::pos2(r.right(), r.bottom())));
        let bar = egui::Rect::from_min_max(r.left_top() - vec2(5.0, 0.0), r.left_bottom() - vec2(2.0, 0.0));
        c.painter().rect_filled(bar, 1.0, card.color);
    }
    if !card.body.trim().is_empty() {
        let mut job = inline_markdown(&c, card.body);
        clamp(&mut job, c.available_width(), body_rows);
        c.add(egui::Label::new(job).wrap().selectable(false));
    }
    if !card.tags.is_empty() {
        tags_ui(&mut c, card.tags);
    }
    let click = ui.interact(rect, id, Sense::click());
    click.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &card.name));
    click
}

/// The colour, the entry's number, the colour's label (or the record), and the date.
fn header_ui(ui: &mut Ui, card: &Card<'_>) {
    ui.horizontal(|ui| {
        let (rect, _) = ui.allocate_exact_size(vec2(10.0, 10.0), Sense::hover());
        ui.painter().rect_filled(rect, 2.0, card.color);
        ui.label(RichText::new(card.number).monospace().strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(&card.date).small().weak());
            if let Some(by) = &card.byline {
                ui.add(egui::Label::new(RichText::new(by).small().weak()).truncate());
            }
            let what = card.record.unwrap_or(card.label);
            ui.add(egui::Label::new(RichText::new(what).small().weak()).truncate());
        });
    });
}

/// "by NAME", and " · edited by NAME" when another person changed the note last; none for a
/// note without an author (written before notes had authors).
pub fn byline(note: &crate::core::notes::Note) -> Option<String> {
    let by = note.author_name()?;
    Some(match note.modified_by.as_ref().map(|m| m.name.as_str()).filter(|m| *m != by) {
        Some(editor) => format!("by {by} · edited by {editor}"),
        None => format!("by {by}"),
    })
}

/// Stops `job` after `rows` rows at `width`, with "…" where it is cut.
fn clamp(job: &mut LayoutJob, width: f32, rows: usize) {
    job.wrap = TextWrapping {
        max_width: width.max(40.0),
        max_rows: rows,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
}

/// The tags as chips on one line; those that do not fit are counted ("+2").
fn tags_ui(ui: &mut Ui, tags: &[String]) {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let fill = ui.visuals().widgets.inactive.weak_bg_fill;
        let font = egui::TextStyle::Small.resolve(ui.style());
        for (i, tag) in tags.iter().enumerate() {
            let text = format!("#{tag}");
            let width = ui.fonts_mut(|f| f.layout_no_wrap(text.clone(), font.clone(), Color32::WHITE)).size().x;
            if width + 14.0 > ui.available_width() - 24.0 {
                ui.label(RichText::new(format!("+{}", tags.len() - i)).small().weak());
                break;
            }
            egui::Frame::new().fill(fill).corner_radius(8.0).inner_margin(egui::Margin::symmetric(5, 1)).show(
                ui,
                |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(text).small())
                            .wrap_mode(egui::TextWrapMode::Extend)
                            .selectable(false),
                    )
                },
            );
        }
    });
}

/// A note's Markdown as one run of text: bold, italics, code and links set as such, blocks
/// run together (a list item starts with "•"), so that it can be cut after a few rows.
pub fn inline_markdown(ui: &Ui, markdown: &str) -> LayoutJob {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = egui::TextStyle::Body.resolve(ui.style());
    let mut run = Inline {
        job: LayoutJob::default(),
        mono: FontId::monospace(body.size * 0.9),
        body,
        colors: [ui.visuals().text_color(), ui.visuals().strong_text_color(), ui.visuals().hyperlink_color],
        gap: false,
        bold: 0,
        italic: 0,
        linked: 0,
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Strong | Tag::Heading { .. }) => run.bold += 1,
            Event::End(TagEnd::Strong) => run.bold = run.bold.saturating_sub(1),
            Event::End(TagEnd::Heading(_)) => {
                run.bold = run.bold.saturating_sub(1);
                run.gap = true;
            }
            Event::Start(Tag::Emphasis) => run.italic += 1,
            Event::End(TagEnd::Emphasis) => run.italic = run.italic.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => run.linked += 1,
            Event::End(TagEnd::Link) => run.linked = run.linked.saturating_sub(1),
            Event::Start(Tag::Item) => {
                run.push("•", false);
                run.gap = true;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::CodeBlock)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule => run.gap = true,
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => run.push(&t, false),
            Event::Code(t) => run.push(&t, true),
            _ => {}
        }
    }
    run.job
}

/// [`inline_markdown`]'s work: the text so far and the marks open.
struct Inline {
    job: LayoutJob,
    body: FontId,
    mono: FontId,
    /// Text, strong text, links.
    colors: [Color32; 3],
    /// A space is owed before the next text (a block or a line ended).
    gap: bool,
    bold: u32,
    italic: u32,
    linked: u32,
}

impl Inline {
    fn push(&mut self, text: &str, code: bool) {
        let [plain, strong, link] = self.colors;
        if std::mem::take(&mut self.gap) && !self.job.text.is_empty() && !self.job.text.ends_with(' ') {
            self.job.append(" ", 0.0, TextFormat::simple(self.body.clone(), plain));
        }
        let color = if self.linked > 0 {
            link
        } else if self.bold > 0 {
            strong
        } else {
            plain
        };
        let mut format = TextFormat::simple(if code { self.mono.clone() } else { self.body.clone() }, color);
        format.italics = self.italic > 0;
        if self.linked > 0 {
            format.underline = egui::Stroke::new(1.0, link);
        }
        self.job.append(text, 0.0, format);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    fn card<'a>(passage: Option<&'a str>, body: &'a str, tags: &'a [String]) -> Card<'a> {
        Card {
            color: Color32::YELLOW,
            number: "5.1",
            label: "Key claim",
            record: None,
            date: "2026-12-06".to_owned(),
            passage,
            highlight: true,
            body,
            tags,
            byline: Some("by Ada · edited by Grace".to_owned()),
            selected: false,
            name: "Note on 5.1".to_owned(),
        }
    }

    #[test]
    fn markdown_is_set_inline_without_its_marks() {
        let ctx = egui::Context::default();
        let mut text = String::new();
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let job = inline_markdown(ui, "**1997 Nicaraguan** Adjustment Act, *see* `NACARA`\n\n- one\n- two");
            text = job.text.clone();
            let bold = job
                .sections
                .iter()
                .find(|s| job.text[s.byte_range.start.0..s.byte_range.end.0].contains("1997"))
                .unwrap();
            assert_eq!(bold.format.color, ui.visuals().strong_text_color());
        });
        out.textures_delta.clear();
        assert_eq!(text, "1997 Nicaraguan Adjustment Act, see NACARA • one • two");
        assert!(!text.contains("**") && !text.contains('`'));
    }

    #[test]
    fn a_long_card_is_cut_with_an_ellipsis_and_shows_its_tags_as_chips() {
        let passage = "Reformed the asylum adjudication process, which has resulted in more expeditious granting of \
                       meritorious claims and fewer fraudulent ones, and then some more words to run past two lines.";
        let body = "First paragraph of a long note that goes on and on about the asylum process and its reform. \
                    Second sentence with more words, and a third that will not fit, nor will the fourth line.";
        let tags = vec!["asylum".to_owned(), "refugees".to_owned()];
        let mut h = Harness::builder().with_size(vec2(300.0, 200.0)).build_ui(|ui| {
            let _ = card_ui(ui, ui.scope_id().with("card"), &card(Some(passage), body, &tags));
        });
        h.run();
        // The passage and the body: two rows each, cut with "…" (a screen reader hears them whole).
        h.get_by_label_contains("“Reformed the asylum");
        h.get_by_label_contains("First paragraph");
        let texts: Vec<std::sync::Arc<egui::Galley>> = h
            .output()
            .shapes
            .iter()
            .filter_map(|c| match &c.shape {
                egui::Shape::Text(t) => Some(t.galley.clone()),
                _ => None,
            })
            .collect();
        for start in ["“Reformed the asylum", "First paragraph"] {
            let g = texts.iter().find(|g| g.text().starts_with(start)).expect(start);
            assert!(g.elided && g.rows.len() == 2, "{start}: {} rows, elided {}", g.rows.len(), g.elided);
            assert!(g.rows.last().unwrap().glyphs.last().unwrap().chr == '…');
        }
        h.get_by_label("#asylum");
        h.get_by_label("#refugees");
        h.get_by_label("Note on 5.1");
        h.get_by_label("by Ada · edited by Grace");
    }

    #[test]
    fn the_byline_names_the_writer_and_another_editor() {
        use crate::core::notes::{Author, Note};
        let doc = crate::core::open::embedded().unwrap();
        let mut note = Note::on_entry(&doc, &doc.sections[0].entries[0], "x");
        assert_eq!(byline(&note), None, "a note of before authors");
        note = note.by(&Author::named("Ada"));
        assert_eq!(byline(&note).as_deref(), Some("by Ada"));
        note.touched_by(&Author::named("Grace"), note.modified);
        assert_eq!(byline(&note).as_deref(), Some("by Ada · edited by Grace"));
    }
}
