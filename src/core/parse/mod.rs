//! The record parser: plain text (already decoded) to a [`Document`], stage by stage.
//!
//! The parser works in two passes. First, lines become *items*: bullet entries (with
//! wrapped continuation lines joined) and paragraphs (runs of non-blank lines). Then the
//! items are read top to bottom as the genre lays them out: masthead, pull quote with
//! attribution, introduction, sections of entries, related remarks with dates, footer.
//! Every decision is a general rule about the genre; nothing here knows any one file.
//!
//! Stages: [`lines`] cleans the text's lines, [`wrap`] marks where the paragraphs of a
//! hard-wrapped text without blank lines end, [`items`] makes them bullets and paragraphs,
//! [`head`] reads masthead, pull quote ([`quote`]) and introduction, [`sections`] the
//! sections of entries and the related remarks, and [`ids`] gives sections and entries
//! their stable ids and has the entries tagged with their places.

mod head;
mod ids;
mod items;
mod lines;
mod quote;
mod sections;
mod wrap;

use crate::core::error::DocumentError;
use crate::core::model::{DocMeta, Document};
use crate::core::text::{collapse_letter_spacing, hash_hex};
pub(crate) use items::is_reference_line;
pub(crate) use quote::parse_attribution;
pub(crate) use sections::{Body, RawGroup, RawSection, reference_from_line};

/// Title used for entries that come before any section heading.
pub const UNTITLED_SECTION: &str = "Entries";

/// What a record opened without any entry says of itself (in [`Document::warnings`]).
pub const NO_ENTRIES_WARNING: &str = "No list of entries was found on this page";

/// What the caller knows about the document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Metadata that wins over anything derived (the embedded document has it).
    pub meta: Option<DocMeta>,
    /// The HTML `<title>` of a saved web page.
    pub html_title: Option<String>,
    /// The web address the page gives for itself.
    pub url: Option<String>,
    pub source: Option<String>,
    /// What kind of file it was, when the caller knows ("Markdown document").
    pub kind: Option<String>,
    /// The record's date, when the file gives it apart from the text (a saved page's
    /// `<meta>`, a Markdown copy's front matter).
    pub date: Option<crate::core::dates::PartialDate>,
}

/// Texts from this size on have their revision hashed beside the parse, on another core.
/// Shorter ones stay on the calling thread: handing work to the pool and waiting for it
/// costs more than they take (start-up, which parses the embedded record, took 10 ms more).
pub(super) const HASH_BESIDE_BYTES: usize = 1 << 20;

/// Parses decoded text into a document.
pub fn parse_text(text: &str, hints: &Hints) -> Result<Document, DocumentError> {
    let (rev, doc) = if text.len() < HASH_BESIDE_BYTES {
        (hash_hex(text, 16), parse_without_rev(text, hints))
    } else {
        rayon::join(|| hash_hex(text, 16), || parse_without_rev(text, hints))
    };
    let mut doc = doc?;
    doc.rev = rev;
    Ok(doc)
}

/// [`parse_text`], but for the revision hash, which is left empty.
fn parse_without_rev(text: &str, hints: &Hints) -> Result<Document, DocumentError> {
    let lines = lines::normalise_lines(text);
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(DocumentError::Empty);
    }
    let lines = wrap::mark_paragraph_ends(lines);
    let mut items = items::items_on_every_core(&lines);
    // Footer: navigation and legal lines at the very end.
    let body_end = items.len() - items.iter().rev().take_while(|it| it.is_nav()).count();
    let head = head::read_head(&items, body_end);
    let body = sections::read_body(&mut items, head.end, body_end);
    // A page with no list of entries still opens when it has something of a record to read
    // (a pull quote, an introduction, other text): a blog post, or an excerpt that ends before
    // the first list. Text with none of those (a word, a line of data, headings alone) is no
    // record.
    let no_entries = body.sections.is_empty() && body.references.is_empty();
    if no_entries && head.quote.is_none() && head.intro.is_empty() && body.unplaced.is_empty() {
        return Err(DocumentError::NotADocument);
    }
    let footer: Vec<String> = items[body_end..].iter().flat_map(|it| it.lines.iter().cloned()).collect();
    let meta = hints.meta.clone().unwrap_or_else(|| DocMeta {
        title: head::derive_title(
            &head.masthead_raw,
            body.sections.first().map(|s| s.group.as_ref().map_or(s.title.as_str(), |g| g.title.as_str())),
            hints,
        ),
        publisher: None,
        kind: hints
            .kind
            .clone()
            .unwrap_or_else(|| if hints.html_title.is_some() { "saved web page" } else { "text document" }.to_owned()),
        licence: None,
        source: hints.source.clone(),
        // The page's own address, or one its header or footer lines name.
        url: hints.url.clone().or_else(|| head::named_url(head.masthead_raw.iter().chain(&footer))),
        accessed: None,
        date: hints.date,
    });
    let masthead: Vec<String> = head.masthead_raw.iter().map(|l| collapse_letter_spacing(l)).collect();
    let mut doc = build(meta, masthead, head.quote, head.intro.join("\n\n"), body, footer, hints)?;
    if no_entries {
        doc.warnings.push(NO_ENTRIES_WARNING.to_owned());
    }
    Ok(doc)
}

/// The document of its parts, as read from text here or from a page's blocks
/// ([`crate::core::blocks::assemble`]): ids, numbers and places given. Its `rev` is left
/// empty.
pub(crate) fn build(
    meta: DocMeta,
    masthead: Vec<String>,
    quote: Option<crate::core::model::Quote>,
    intro: String,
    body: Body,
    footer: Vec<String>,
    hints: &Hints,
) -> Result<Document, DocumentError> {
    let mut doc = ids::assemble(meta, masthead, quote, intro, body, footer);
    ids::finish_entries(&mut doc, crate::core::places::gazetteer()?);
    // Fixed metadata (the built-in record) keeps the id its notes have always had.
    if hints.meta.is_none() {
        ids::record_id(&mut doc);
    }
    Ok(doc)
}
