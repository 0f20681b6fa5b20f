//! Writers. Every export is in document order and carries each note's stable id, section,
//! entry number, entry text (or the highlighted passage), body, tags, colour label, the
//! entry's regions and countries, and its dates.

use crate::core::export::md_escape::{self as md, yaml};
use crate::core::export::w3c::{self, Annotation};
use crate::core::model::{Document, Entry, Section};
use crate::core::notes::{Note, NoteKind, NotesStore};
use crate::core::places::Gazetteer;
use serde_json::json;
use time::format_description::well_known::Rfc3339;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Format {
    /// Markdown with YAML front matter (Obsidian, Zotero).
    Md,
    /// One self-contained, printable HTML page.
    Html,
    /// CSV (RFC 4180, UTF-8 with BOM) for spreadsheets.
    Csv,
    /// W3C Web Annotation Data Model (JSON-LD).
    Json,
    /// Record Reader's own notes file.
    Ron,
}

impl Format {
    pub const ALL: [Format; 5] = [Format::Md, Format::Html, Format::Csv, Format::Json, Format::Ron];

    /// Its name on the command line: `md`, `html`, `csv`, `json`, `ron`.
    pub fn key(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ron => "ron",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Json => "jsonld",
            Format::Ron => "notes.ron",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Md => "Markdown (Obsidian, Zotero)",
            Format::Html => "HTML page (print, share)",
            Format::Csv => "CSV (spreadsheets)",
            Format::Json => "W3C Web Annotation JSON",
            Format::Ron => "Record Reader notes (RON backup)",
        }
    }
}

/// What to export.
pub struct ExportInput<'a> {
    pub doc: &'a Document,
    pub store: &'a NotesStore,
    pub gazetteer: &'a Gazetteer,
    /// The notes to export (any order; the export sorts them into document order).
    pub notes: Vec<&'a Note>,
    /// Words for the filter that chose them ("all notes" when none).
    pub filter: String,
}

/// One note with everything an export row needs.
struct Row<'a> {
    note: &'a Note,
    section: Option<&'a Section>,
    entry: Option<&'a Entry>,
    color_label: &'a str,
    regions: Vec<&'static str>,
    countries: Vec<String>,
}

impl Row<'_> {
    /// The passage for a highlight, the entry text for an entry note.
    fn quoted(&self) -> &str {
        match (self.note.kind, self.entry) {
            (NoteKind::EntryNote, Some(e)) => &e.text,
            _ => &self.note.anchor.quote.exact,
        }
    }
    fn number(&self) -> &str {
        self.entry.map_or("orphaned", |e| e.number.as_str())
    }
    /// Its section's name ([`crate::core::model::Section::label`]: a group with no heading
    /// of its own is called by its lead-in).
    fn section(&self) -> std::borrow::Cow<'_, str> {
        self.section.map_or(std::borrow::Cow::Borrowed(""), |s| s.label())
    }
    /// The heading the section sits under, if any.
    fn group(&self) -> &str {
        self.section.and_then(|s| s.group.as_ref()).map_or("", |g| g.title.as_str())
    }
}

/// The headings over the notes, in order: a section's group (level 2), then the section
/// (level 3 under a group, 2 otherwise); "Orphaned notes" for notes whose entry is gone.
#[derive(Default)]
struct Headings {
    group: Option<String>,
    section: Option<String>,
}

impl Headings {
    /// Writes, through `heading`, the headings `row` comes under that are not written yet;
    /// gives the level of its section's heading.
    fn next(&mut self, row: &Row<'_>, mut heading: impl FnMut(&str, usize)) -> usize {
        let group = row.section.and_then(|s| s.group.as_ref());
        let section = row.section();
        let section_key = format!("{}\u{1f}{section}", group.map_or("", |g| g.id.as_str()));
        if self.section.as_deref() != Some(section_key.as_str()) {
            if let Some(g) = group
                && self.group.as_deref() != Some(g.id.as_str())
            {
                heading(&g.title, 2);
            }
            self.group = group.map(|g| g.id.clone());
            let title = if section.is_empty() { "Orphaned notes" } else { &section };
            heading(title, if group.is_some() { 3 } else { 2 });
            self.section = Some(section_key);
        }
        if group.is_some() { 3 } else { 2 }
    }
}

fn rows<'a>(input: &'a ExportInput<'a>) -> Vec<Row<'a>> {
    crate::core::notes::document_order(input.doc, input.notes.iter().copied())
        .into_iter()
        .map(|note| {
            let place = input.doc.find_entry(&note.anchor.entry_id);
            let entry = place.map(|(_, e)| e);
            Row {
                note,
                section: place.map(|(s, _)| s),
                entry,
                color_label: input.store.label(&note.color),
                regions: entry.map(|e| e.tags.regions.iter().map(|b| b.code()).collect()).unwrap_or_default(),
                countries: entry
                    .map(|e| e.tags.countries.iter().map(ToString::to_string).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// A time as RFC 3339, to the nanosecond (the W3C JSON, which may be imported back).
pub(crate) fn date(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

/// A time as RFC 3339 to the second, for the exports people read (Markdown, HTML, CSV).
pub(crate) fn date_seconds(t: time::OffsetDateTime) -> String {
    date(t.replace_nanosecond(0).unwrap_or(t))
}

/// Writes the export as bytes.
pub fn export(input: &ExportInput<'_>, format: Format, exported_at: time::OffsetDateTime) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    export_to(input, format, exported_at, &mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Writes the export to `out` (a file, standard output) without a copy of the whole in
/// memory first: CSV rows and JSON are written to it as they are made; Markdown, HTML and RON
/// are made as one text, then written. Errors are the writer's, or say what could not be
/// written (`ErrorKind::Other`).
pub fn export_to(
    input: &ExportInput<'_>,
    format: Format,
    exported_at: time::OffsetDateTime,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Md => markdown(input, exported_at),
        Format::Html => html(input, exported_at),
        Format::Csv => return csv_document_to(out, &CSV_HEADER, &csv_rows(input)),
        Format::Json => return serde_json::to_writer_pretty(out, &w3c(input, exported_at)).map_err(Into::into),
        Format::Ron => {
            crate::core::notes::store::notes_to_ron(&input.store.doc_id, &input.store.labels, input.notes.clone())
                .map_err(std::io::Error::other)?
        }
    };
    out.write_all(text.as_bytes())
}

fn markdown(input: &ExportInput<'_>, at: time::OffsetDateTime) -> String {
    let doc = input.doc;
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&format!("title: {}\n", yaml(&doc.meta.title)));
    out.push_str(&format!("publisher: {}\n", yaml(doc.meta.publisher.as_deref().unwrap_or(""))));
    if let Some(url) = web_url(doc) {
        out.push_str(&format!("url: {}\n", yaml(url)));
    }
    out.push_str(&format!("doc_id: {}\n", yaml(&doc.id)));
    out.push_str(&format!("doc_rev: {}\n", yaml(&doc.rev)));
    out.push_str(&format!("exported_at: {}\n", yaml(&date_seconds(at))));
    out.push_str(&format!("filter: {}\n", yaml(&input.filter)));
    out.push_str(&format!("notes: {}\n", input.notes.len()));
    out.push_str("---\n\n");
    out.push_str(&format!("# Notes on {}\n", md::inline(&doc.meta.title)));
    markdown_notes(input, 0, &mut out);
    out
}

/// The notes of a Markdown export, under their group and section headings, each heading
/// `shift` levels deeper than in a record's own export (a library's puts each record's
/// notes under a heading of the record).
pub(crate) fn markdown_notes(input: &ExportInput<'_>, shift: usize, out: &mut String) {
    let mut headings = Headings::default();
    for r in rows(input) {
        let level = shift
            + headings.next(&r, |title, level| {
                out.push_str(&format!("\n{} {}\n", "#".repeat(level + shift), md::inline(title)));
            });
        let kind = if r.note.kind == NoteKind::Highlight { "highlight" } else { "note" };
        out.push_str(&format!(
            "\n{} {} · {} · {kind}\n\n",
            "#".repeat(level + 1),
            md::inline(r.number()),
            md::inline(r.color_label)
        ));
        out.push_str(&md::quoted_text(r.quoted()));
        out.push_str("\n\n");
        // The passage is a plain block quote; the note is a note callout under it (Obsidian's
        // and GitHub's `[!NOTE]`; elsewhere a quote headed "[!NOTE]"), told apart at a
        // glance, and a block of its own, so that nothing in it reaches the next note.
        if !r.note.body.trim().is_empty() {
            out.push_str("> [!NOTE]\n>\n");
            out.push_str(&md::quoted_body(&r.note.body));
            out.push_str("\n\n");
        }
        if let Some(line) = author_line(r.note) {
            out.push_str(&line);
            out.push_str("\n\n");
        }
        let mut meta: Vec<String> =
            r.note.tags.iter().map(|t| md::tag(t)).filter(|t| !t.is_empty()).map(|t| format!("#{t}")).collect();
        if !r.regions.is_empty() {
            meta.push(format!("regions: {}", md::inline(&r.regions.join(", "))));
        }
        if !r.countries.is_empty() {
            meta.push(format!("countries: {}", md::inline(&r.countries.join(", "))));
        }
        meta.push(format!("created {} · modified {}", date_seconds(r.note.created), date_seconds(r.note.modified)));
        out.push_str(&format!("{} ^note-{}\n", meta.join(" · "), r.note.id));
    }
}

/// The Markdown export's line naming who wrote a note ("Author: NAME", and who last changed
/// it when someone else did); none for a note without an author.
fn author_line(note: &crate::core::notes::Note) -> Option<String> {
    let by = note.created_by.as_ref()?;
    let mut line = format!("Author: {}", md::inline(&by.name));
    if let Some(id) = &by.id {
        line.push_str(&format!(" ({})", md::inline(id)));
    }
    if let Some(editor) = note.modified_by.as_ref().filter(|m| m.name != by.name) {
        line.push_str(&format!(" · edited by {}", md::inline(&editor.name)));
    }
    Some(line)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The allow-list a note body's HTML goes through: the tags plain Markdown makes, links only
/// to http, https and mailto (checked by ammonia after it decodes entities, drops tabs and
/// newlines and ignores case), no relative links (they would point into the reader's disk),
/// no images (the page loads nothing; images become links), and no other attributes than a
/// link's title and a list's start.
fn body_sanitizer() -> ammonia::Builder<'static> {
    use std::collections::{HashMap, HashSet};
    let mut b = ammonia::Builder::empty();
    b.tags("p br hr h1 h2 h3 h4 h5 h6 blockquote pre code ul ol li em strong a".split(' ').collect())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href", "title"])), ("ol", HashSet::from(["start"]))]))
        .generic_attributes(HashSet::new())
        .url_schemes(HashSet::from(super::links::SCHEMES))
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    b
}

/// Markdown to HTML with any raw HTML in it turned into text, then through the allow-list.
fn markdown_html(md: &str, sanitizer: &ammonia::Builder<'_>) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd, html::push_html};
    if md.len() > md::MAX_MARKDOWN_BODY {
        return format!("<pre>{}</pre>", escape_html(md)); // as the Markdown export: text
    }
    let events = super::links::allowed_events(Parser::new(md).map(|e| match e {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        // An image becomes a link to it with its alt text: the page stays self-contained.
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        e => e,
    }));
    let mut out = String::new();
    push_html(&mut out, events);
    sanitizer.clean(&out).to_string()
}

/// No scripts, plugins, frames, forms or loads from elsewhere; the page's own inline style
/// (and the colour each article sets in its style attribute) still applies.
const CSP: &str = "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; \
img-src 'none'; base-uri 'none'; form-action 'none'";

const CSS: &str = "body{font:16px/1.5 Georgia,serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}\
header p{color:#555;margin:.2rem 0}h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}\
article{margin:1.2rem 0;padding:.6rem 1rem;border-left:4px solid var(--c,#999);background:#f7f5ef;break-inside:avoid}\
blockquote{margin:.4rem 0;padding-left:.8rem;border-left:2px solid #bbb;color:#333;font-style:italic}\
.meta{font:13px/1.4 system-ui,sans-serif;color:#555}.tag{background:#e6e6e6;border-radius:3px;padding:0 .3rem;margin-right:.3rem}\
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#18181a}article{background:#242428}blockquote{color:#ccc;border-color:#666}\
.meta,header p{color:#aaa}.tag{background:#3a3a40}h2{border-color:#444}}\
@media print{body{margin:0;max-width:none;color:#000;background:#fff}article{background:none}}";

fn html(input: &ExportInput<'_>, at: time::OffsetDateTime) -> String {
    let doc = input.doc;
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    out.push_str(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"));
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>Notes on {}</title>\n<style>{CSS}</style></head><body>\n",
        escape_html(&doc.meta.title)
    ));
    out.push_str(&format!("<header><h1>Notes on {}</h1>\n", escape_html(&doc.meta.title)));
    if let Some(p) = &doc.meta.publisher {
        out.push_str(&format!("<p>{}</p>\n", escape_html(p)));
    }
    out.push_str(&format!(
        "<p>{} notes · {} · exported {} · document revision {}</p></header>\n",
        input.notes.len(),
        escape_html(&input.filter),
        escape_html(&date_seconds(at)),
        escape_html(&doc.rev)
    ));
    let sanitizer = body_sanitizer();
    let mut headings = Headings::default();
    for r in rows(input) {
        headings.next(&r, |title, level| {
            out.push_str(&format!("<h{level}>{}</h{level}>\n", escape_html(title)));
        });
        let rgb = crate::core::notes::PALETTE.iter().find(|p| p.0 == r.note.color).map_or([0x99; 3], |p| p.2);
        out.push_str(&format!(
            "<article id=\"note-{}\" style=\"--c:#{:02x}{:02x}{:02x}\">\n",
            r.note.id, rgb[0], rgb[1], rgb[2]
        ));
        out.push_str(&format!(
            "<p class=\"meta\"><strong>{}</strong> · {}</p>\n",
            escape_html(r.number()),
            escape_html(r.color_label)
        ));
        out.push_str(&format!("<blockquote>{}</blockquote>\n", escape_html(r.quoted())));
        if !r.note.body.trim().is_empty() {
            out.push_str(&format!("<div class=\"body\">{}</div>\n", markdown_html(&r.note.body, &sanitizer)));
        }
        let tags: String =
            r.note.tags.iter().map(|t| format!("<span class=\"tag\">#{}</span>", escape_html(t))).collect();
        out.push_str(&format!(
            "<p class=\"meta\">{tags}{}{} · created {} · modified {}</p>\n</article>\n",
            if r.regions.is_empty() {
                String::new()
            } else {
                format!("regions: {} · ", escape_html(&r.regions.join(", ")))
            },
            if r.countries.is_empty() {
                String::new()
            } else {
                format!("countries: {}", escape_html(&r.countries.join(", ")))
            },
            escape_html(&date_seconds(r.note.created)),
            escape_html(&date_seconds(r.note.modified))
        ));
    }
    if let Some(url) = web_url(doc) {
        // As text, not a link: the page links nowhere (its policy allows no navigation).
        out.push_str(&format!(
            "<footer><p>Source: {}, {}</p></footer>\n",
            escape_html(&doc.meta.title),
            escape_html(url)
        ));
    }
    out.push_str("</body></html>\n");
    out
}

/// Neutralises a spreadsheet formula (OWASP CSV injection): a cell that starts with a tab or
/// CR, or whose first visible character is = + - @ or a full-width form of one, gets a
/// leading '. Spreadsheets skip blanks and invisible characters before a formula, so those
/// do not hide one.
pub fn csv_cell(s: &str) -> String {
    let visible = s.trim_start_matches(invisible);
    let formula = s.starts_with(['\t', '\r'])
        || visible.starts_with(['=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}']);
    if formula { format!("'{s}") } else { s.to_owned() }
}

/// White space, control characters, and the format characters that show nothing (BOM,
/// zero-width, soft hyphen, direction marks).
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

/// The columns of the CSV export, one row per note.
pub(crate) const CSV_HEADER: [&str; 14] = [
    "id",
    "group",
    "section",
    "entry",
    "regions",
    "countries",
    "kind",
    "color",
    "quote",
    "note",
    "tags",
    "created",
    "modified",
    "author",
];

/// The CSV export's rows, under [`CSV_HEADER`], as text: each cell goes through [`csv_cell`]
/// when it is written.
pub(crate) fn csv_rows(input: &ExportInput<'_>) -> Vec<[String; 14]> {
    rows(input)
        .iter()
        .map(|r| {
            let kind = if r.note.kind == NoteKind::Highlight { "highlight" } else { "entry note" };
            [
                r.note.id.to_string(),
                r.group().to_owned(),
                r.section().into_owned(),
                r.number().to_owned(),
                r.regions.join(" "),
                r.countries.join(" "),
                kind.to_owned(),
                r.color_label.to_owned(),
                r.quoted().to_owned(),
                r.note.body.clone(),
                r.note.tags.join(" "),
                date_seconds(r.note.created),
                date_seconds(r.note.modified),
                r.note.author_name().unwrap_or("").to_owned(),
            ]
        })
        .collect()
}

/// CSV as spreadsheets read it (RFC 4180, CRLF, UTF-8 with a BOM), every cell through
/// [`csv_cell`].
pub(crate) fn csv_document<R: AsRef<[String]>>(header: &[&str], records: &[R]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    csv_document_to(&mut out, header, records).map_err(|e| e.to_string())?;
    Ok(out)
}

/// [`csv_document`], written to `out` row by row.
fn csv_document_to<R: AsRef<[String]>>(
    out: &mut dyn std::io::Write,
    header: &[&str],
    records: &[R],
) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    // A buffer of 1 MB, not 8 KB: csv-core looks for the next quote in the rest of a cell
    // each time its buffer is full (a 50 MB body took 4 s to write).
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).buffer_capacity(1 << 20).from_writer(out);
    w.write_record(header)?;
    for record in records {
        w.write_record(record.as_ref().iter().map(|c| csv_cell(c)))?;
    }
    w.flush()
}

/// The source IRI of an entry: the document, and the entry as its fragment.
pub fn source_iri(doc_id: &str, entry_id: &str) -> String {
    format!("urn:record-reader:{doc_id}#{entry_id}")
}

/// The record's web address, when it has one that is `http` or `https` (a citation's, and
/// a safe link's).
pub(crate) fn web_url(doc: &crate::core::Document) -> Option<&str> {
    doc.meta.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

fn w3c(input: &ExportInput<'_>, at: time::OffsetDateTime) -> serde_json::Value {
    let items = w3c_items(input);
    w3c_collection(
        &format!("urn:record-reader:{}:notes", input.doc.id),
        &format!("Notes on {}", input.doc.meta.title),
        at,
        &items,
    )
}

/// An `AnnotationCollection` of `items` in one page.
pub(crate) fn w3c_collection(
    id: &str,
    label: &str,
    at: time::OffsetDateTime,
    items: &[Annotation],
) -> serde_json::Value {
    let mut collection = json!({
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"record_reader": "urn:record-reader:vocab#"}],
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "generated": date(at),
        "total": items.len(),
        "first": {"type": "AnnotationPage"}
    });
    collection["first"]["items"] = serde_json::Value::Array(items.iter().map(Annotation::to_value).collect());
    collection
}

/// One W3C `Annotation` per note, in document order.
pub(crate) fn w3c_items(input: &ExportInput<'_>) -> Vec<Annotation> {
    rows(input).iter().map(|r| w3c_annotation(input.doc, r)).collect()
}

fn w3c_annotation(doc: &Document, r: &Row<'_>) -> Annotation {
    let n = r.note;
    let text = |value: &str, format: Option<&str>, purpose: &str| w3c::Body {
        kind: "TextualBody".to_owned(),
        value: Some(value.to_owned()),
        format: format.map(str::to_owned),
        purpose: Some(purpose.to_owned()),
    };
    let mut body = Vec::new();
    if !n.body.is_empty() {
        body.push(text(&n.body, Some("text/markdown"), "commenting"));
    }
    body.extend(n.tags.iter().map(|t| text(t, None, "tagging")));
    let quote = &n.anchor.quote;
    let selector = vec![
        w3c::Selector {
            kind: Some(w3c::Selector::QUOTE.to_owned()),
            exact: Some(quote.exact.clone()),
            prefix: Some(quote.prefix.clone()),
            suffix: Some(quote.suffix.clone()),
            ..w3c::Selector::default()
        },
        w3c::Selector {
            kind: Some(w3c::Selector::POSITION.to_owned()),
            start: Some(n.anchor.start as u64),
            end: Some(n.anchor.end as u64),
            ..w3c::Selector::default()
        },
    ];
    // The record's web address when it has one (the entry as the fragment, as import reads
    // it), else the record's id.
    let source = web_url(doc).map_or_else(
        || source_iri(&n.anchor.doc_id, &n.anchor.entry_id),
        |url| format!("{}#{}", url.split('#').next().unwrap_or(url), n.anchor.entry_id),
    );
    Annotation {
        id: Some(format!("urn:uuid:{}", n.id)),
        kind: "Annotation".to_owned(),
        motivation: Some(if n.kind == NoteKind::Highlight { "highlighting" } else { "commenting" }.to_owned()),
        created: Some(date(n.created)),
        modified: Some(date(n.modified)),
        body,
        target: Some(w3c::Target { source: Some(source), selector }),
        creator: n.created_by.as_ref().map(w3c::Creator::of),
        record_reader: Some(w3c::Extension {
            kind: Some(n.kind),
            color: Some(n.color.clone()),
            color_label: r.color_label.to_owned(),
            doc_rev: Some(n.anchor.doc_rev.clone()),
            entry: r.number().to_owned(),
            group: r.section.and_then(|s| s.group.as_ref()).map(|g| g.title.clone()),
            section: r.section().into_owned(),
            regions: r.regions.iter().map(|&r| r.to_owned()).collect(),
            countries: r.countries.clone(),
            deleted: n.deleted.map(date),
            modified_by: n.modified_by.as_ref().filter(|m| n.created_by.as_ref() != Some(*m)).map(w3c::Creator::of),
            record: None,
        }),
    }
}
