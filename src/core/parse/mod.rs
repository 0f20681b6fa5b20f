//! The record parser for plain text (already decoded): its lines given their roles as
//! [`crate::core::blocks::Block`]s, which the one assembler
//! ([`crate::core::blocks::assemble`]) reads as it reads Markdown's and saved pages'.
//!
//! The text's lines become *items* first: bullet entries (with wrapped continuation lines
//! joined) and paragraphs (runs of non-blank lines). Then the items are classified top to
//! bottom as the genre lays them out: masthead, pull quote with attribution, introduction,
//! headings and entries, related remarks with dates, footer. Every decision is a general
//! rule about the genre; nothing here knows any one file.
//!
//! Stages: [`lines`] cleans the text's lines, [`wrap`] marks where the paragraphs of a
//! hard-wrapped text without blank lines end, [`items`] makes them bullets and paragraphs,
//! [`head`] reads masthead, pull quote ([`quote`]) and introduction, [`classify`] gives the
//! items their blocks, with what [`sections`] asks of each; after the assembler, [`ids`]
//! gives sections and entries their stable ids and has the entries tagged with their places.

mod classify;
mod head;
mod ids;
mod items;
mod lines;
mod quote;
mod sections;
mod wrap;

use crate::core::error::DocumentError;
use crate::core::model::{DocMeta, Document};
pub(crate) use items::is_reference_line;
pub(crate) use quote::parse_attribution;
pub(crate) use sections::{Body, RawGroup, RawSection, reference_from_line};

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

/// A text read into blocks by its line classifier ([`classify`]): lines cleaned, the
/// paragraph ends of a hard-wrapped text marked, lines to bullets and paragraphs, the head
/// (masthead, quote, introduction) read, then each item of the body given its role.
pub(crate) fn read_blocks(text: &str, hints: &Hints) -> Result<crate::core::blocks::Page, DocumentError> {
    let lines = lines::normalise_lines(text);
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(DocumentError::Empty);
    }
    let lines = wrap::mark_paragraph_ends(lines);
    let mut items = items::items_on_every_core(&lines);
    // Footer: navigation and legal lines at the very end.
    let body_end = items.len() - items.iter().rev().take_while(|it| it.is_nav()).count();
    let head = head::read_head(&items, body_end);
    let footer: Vec<String> = items[body_end..].iter().flat_map(|it| it.lines.iter().cloned()).collect();
    let title = head::derive_title(&head.masthead_raw, None, hints);
    let blocks = classify::blocks(&mut items, &head, body_end);
    Ok(crate::core::blocks::Page {
        blocks,
        title: (title != head::UNTITLED).then_some(title),
        head_title: None,
        // The page's own address, or one its header or footer lines name.
        url: hints.url.clone().or_else(|| head::named_url(head.masthead_raw.iter().chain(&footer))),
        date: None,
        kind: if hints.html_title.is_some() { "saved web page" } else { "text document" },
        quote: Some(head.quote),
    })
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
