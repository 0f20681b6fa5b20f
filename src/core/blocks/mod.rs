//! The structure a file states, kept: each format's own reader turns a page into *blocks*
//! (headings with their level, list items with their depth, paragraphs with their emphasis,
//! block quotes, and the site's regions around the content), and one assembler
//! ([`assemble`]) reads the blocks the way the genre lays them out.
//!
//! [`markdown`] reads pulldown-cmark's events, [`html`] a saved page's DOM (its chrome set
//! apart as regions, its main content found first), and plain text's line classifier
//! ([`crate::core::parse`]) gives each bullet and paragraph of a text its block, guessing
//! what the other formats state: a `<h3>` is a heading of the third level, a `<li>` inside
//! two lists an entry's sub-item, where a text has only short lines and bullet marks.

pub mod assemble;
pub mod html;
pub mod markdown;

use crate::core::dates::PartialDate;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading of a level (1–6); a heading the page sets as a bold or capitals paragraph
    /// is a [`Kind::Para`] the assembler reads as one.
    Heading(u8),
    /// A list item at a depth (0 for a top-level list).
    Item(u8),
    Para,
    /// A paragraph inside a block quote.
    Quote,
}

/// How much of a block is in bold (or strong).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bold {
    #[default]
    None,
    /// All of it.
    Whole,
    /// A run at its start, of this many bytes ("**Partnerships**: …").
    Lead(usize),
}

/// One block of a page, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    /// Its text, its spaces squashed; a hard line break kept as `\n`.
    pub text: String,
    pub bold: Bold,
    /// All of it in italics (emphasis): a deck line, a pull quote.
    pub italic: bool,
    /// Set apart as the site's, not the record's: navigation, a header or footer, an
    /// aside, a form, or outside the page's main content. Kept, as masthead and footer.
    pub chrome: bool,
    /// The rule of the reader that made it ("<h2>", "list item", "• in a paragraph"), for
    /// `inspect --explain`.
    pub rule: &'static str,
}

impl Block {
    pub fn new(kind: Kind, text: String, rule: &'static str) -> Self {
        Self { kind, text, bold: Bold::None, italic: false, chrome: false, rule }
    }
}

impl Block {
    /// A block of its text as written (`raw`, tidied here) with its bold and italic runs
    /// (byte ranges of `raw`).
    pub(crate) fn marked(
        kind: Kind,
        rule: &'static str,
        raw: &str,
        bold: &[(usize, usize)],
        italic: &[(usize, usize)],
    ) -> Self {
        let mut block = Self::new(kind, tidy(raw), rule);
        block.bold = emphasis(raw, bold, &block.text);
        block.italic = emphasis(raw, italic, &block.text) == Bold::Whole;
        block
    }
}

/// How much of a block the runs cover: all its words (punctuation outside them does not
/// count: "**Key Summit Outcomes**:"), a lead at its start, or none. `raw` is the block's
/// text as written, `text` as tidied (the lead's length is counted in it). One sweep over
/// the runs in order: a paragraph of 100,000 bold words took 47 s when each letter searched
/// the runs.
fn emphasis(raw: &str, runs: &[(usize, usize)], text: &str) -> Bold {
    if runs.is_empty() {
        return Bold::None;
    }
    let mut sorted = runs.to_vec();
    sorted.sort_unstable();
    // The runs as disjoint spans, in order (a run inside another is in it).
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (a, b) in sorted {
        match spans.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => spans.push((a, b)),
        }
    }
    let words_in = |from: usize, to: usize| raw.get(from..to).is_some_and(|t| t.chars().any(char::is_alphanumeric));
    let mut at = 0;
    let mut outside = false;
    for &(a, b) in &spans {
        outside |= words_in(at, a);
        at = at.max(b);
    }
    outside |= words_in(at, raw.len());
    if !outside {
        return Bold::Whole;
    }
    // A lead: the first span, with no word before it.
    let Some(&(first, end)) = spans.first() else { return Bold::None };
    if words_in(0, first) || !words_in(first, end) {
        return Bold::None;
    }
    // The lead as tidied: its words, found at the start of the tidied text.
    let lead = raw.get(..end).map(tidy).unwrap_or_default();
    if text.starts_with(&lead) && !lead.is_empty() { Bold::Lead(lead.len()) } else { Bold::None }
}

/// A page read into blocks, with what it says of itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub blocks: Vec<Block>,
    /// The title the file states for itself: a Markdown front matter's `title`, a saved
    /// page's `og:title`, else its `<title>` with the site's name taken off.
    pub title: Option<String>,
    /// A saved page's `<title>`, the site's name taken off: the title when the page states
    /// no other.
    pub head_title: Option<String>,
    /// The page's web address (front matter `source_url`, canonical link, `og:url`).
    pub url: Option<String>,
    /// The page's date (front matter `date`/`published_time`, `article:published_time`).
    pub date: Option<PartialDate>,
    /// "Markdown document", "saved web page".
    pub kind: &'static str,
    /// The pull quote, when the reader has read it itself: plain text's classifier reads a
    /// quote and its attribution across lines (`Some(None)`: it found none). `None` leaves it
    /// to the assembler, which finds it among the blocks.
    pub quote: Option<Option<crate::core::model::Quote>>,
}

impl Page {
    /// The page's text as the blocks hold it: one block a paragraph, a list item after a
    /// bullet, blank lines between (what `inspect --explain` and the text tests read).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            if let Kind::Item(depth) = b.kind {
                out.push_str(&"  ".repeat(usize::from(depth)));
                out.push_str("• ");
            }
            out.push_str(&b.text);
            out.push_str("\n\n");
        }
        out
    }
}

/// Every letter a capital (at least one letter).
pub(crate) fn in_capitals(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Squashes runs of spaces and tabs to one space and trims each line, keeping line breaks
/// (a `<br>` or a Markdown hard break), without blank lines at either end.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split('\n') {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

/// Takes the site's name off a page's `<title>`: "Tuvalu - United States Department of
/// State" → "Tuvalu", "News | The White House" → "News". The part kept is the longer side of
/// the last separator that leaves a site-like name (two words or more) after it.
pub fn title_without_site(title: &str) -> String {
    let squashed = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = squashed.as_str();
    for sep in [" | ", " – ", " — ", " - ", " :: ", " « ", " » "] {
        if let Some(at) = t.rfind(sep) {
            let (page, site) = (t[..at].trim(), t[at + sep.len()..].trim());
            if !page.is_empty() && site.split_whitespace().count() <= 8 {
                return page.to_owned();
            }
        }
    }
    t.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_loses_the_site_s_name() {
        assert_eq!(title_without_site("Tuvalu - United States Department of State"), "Tuvalu");
        assert_eq!(title_without_site("News | The White House"), "News");
        assert_eq!(title_without_site("Serve and Remember"), "Serve and Remember");
        assert_eq!(title_without_site(" Promoting\n  Peace "), "Promoting Peace");
    }

    #[test]
    fn tidy_keeps_line_breaks_and_squashes_spaces() {
        assert_eq!(tidy("  a   b \n\n  c\t d  "), "a b\nc d");
    }
}

#[cfg(test)]
mod dump {
    /// `BLOCKS_FILE=page.md cargo test --lib dump_blocks -- --ignored --nocapture`: a page's
    /// blocks, one a line, to see what a reader made of it.
    #[test]
    #[ignore = "a tool: prints the blocks of the page in BLOCKS_FILE"]
    fn dump_blocks() {
        let path = std::env::var("BLOCKS_FILE").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let page = if path.ends_with(".md") { super::markdown::read(&text) } else { super::html::read(&text) };
        for b in &page.blocks {
            let t: String = b.text.chars().take(90).collect();
            println!("{:?}{} {:?} it={} {:?}", b.kind, if b.chrome { " CHROME" } else { "" }, b.bold, b.italic, t);
        }
    }
}
