//! Markdown copies of records (a fact sheet saved as `.md`): the text laid out as the parser
//! reads any record, with the Markdown's own marks gone. Read with `pulldown-cmark`.
//!
//! Front matter gives the title and the date; `#` headings and lines wholly in bold are
//! headings; list items are entries; a block quote is the pull quote; links keep their text,
//! inline HTML (`<sup>`) and emphasis marks are dropped.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

/// A Markdown record as plain text, with the title its front matter or first `#` heading
/// gives.
#[derive(Debug, Default, PartialEq)]
pub struct MarkdownPage {
    pub text: String,
    pub title: Option<String>,
    /// The front matter's `date:`, as written: the record's date.
    pub date: Option<String>,
}

/// Whether `text` reads as Markdown rather than as plain text that happens to hold a `#`:
/// YAML front matter, or an ATX heading with another mark of Markdown (a second heading, a
/// bold run, a link, or a list).
pub fn looks_like_markdown(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}');
    if head.starts_with("---\n") && head[4..].contains("\n---") {
        return true;
    }
    let mut headings = 0;
    let mut other = false;
    for line in text.lines().take(2_000) {
        let t = line.trim_start();
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            headings += 1;
        }
        other |= t.contains("**") || t.contains("](") || t.starts_with("* ") || t.starts_with("> ");
    }
    headings >= 2 || (headings == 1 && other)
}

/// The record in `source`, laid out as plain text: one block a paragraph, blank lines
/// between them.
pub fn markdown_to_page(source: &str) -> MarkdownPage {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = Writer::default();
    for event in Parser::new_ext(source, options) {
        out.event(event);
    }
    out.finish()
}

#[derive(Default)]
struct Writer {
    blocks: Vec<String>,
    /// The block being written.
    current: String,
    title: Option<String>,
    date: Option<String>,
    in_metadata: bool,
    in_quote: usize,
    /// Blocks written in the block quote being read.
    quote_blocks: usize,
    /// The heading level being written, if a heading is.
    heading: Option<u8>,
    /// Inside `<sup>…</sup>` (a footnote's number): its text is left out.
    in_sup: bool,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => self.in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => self.in_metadata = false,
            Event::Text(t) if self.in_metadata => self.front_matter(&t),
            Event::Start(Tag::Heading { level, .. }) => {
                self.end_block();
                self.heading = Some(level as u8);
            }
            Event::End(TagEnd::Heading(_)) => {
                let text = self.current.trim().to_owned();
                if self.heading == Some(1) && self.title.is_none() && !text.is_empty() {
                    self.title = Some(text);
                }
                self.heading = None;
                self.end_block();
            }
            Event::Start(Tag::Item) => {
                self.end_block();
                self.current.push_str("• ");
            }
            Event::End(TagEnd::Item | TagEnd::Paragraph | TagEnd::TableRow | TagEnd::TableHead | TagEnd::CodeBlock) => {
                self.end_block();
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.end_block();
                self.in_quote += 1;
                self.quote_blocks = 0;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.end_block();
                self.in_quote = self.in_quote.saturating_sub(1);
            }
            // Emphasis marks go; a line wholly in bold is then a short line alone, which the
            // parser reads as a heading.
            Event::Text(t) | Event::Code(t) if !self.in_sup => self.current.push_str(&t),
            Event::InlineHtml(tag) => {
                let tag = tag.to_ascii_lowercase();
                if tag.starts_with("<sup") {
                    self.in_sup = true;
                } else if tag.starts_with("</sup") {
                    self.in_sup = false;
                }
            }
            Event::SoftBreak => self.current.push(' '),
            Event::HardBreak => self.current.push('\n'),
            Event::End(TagEnd::TableCell) => self.current.push_str(" | "),
            // Inline HTML (`<sup>`), rules, images' own marks: nothing a reader reads.
            _ => {}
        }
    }

    fn front_matter(&mut self, yaml: &str) {
        for line in yaml.lines() {
            let Some((key, value)) = line.split_once(':') else { continue };
            let value = value.trim().trim_matches(['"', '\'']).trim();
            if value.is_empty() {
                continue;
            }
            match key.trim().to_lowercase().as_str() {
                "title" => self.title = Some(value.to_owned()),
                "date" => self.date = Some(value.to_owned()),
                _ => {}
            }
        }
    }

    fn end_block(&mut self) {
        let text = std::mem::take(&mut self.current);
        let text = text.trim();
        if text.is_empty() || text == "•" {
            return;
        }
        let block = if self.in_quote > 0 && self.quote_blocks == 0 && !text.starts_with(['"', '“', '•']) {
            // A block quote is the record's pull quote: set in quote marks, as the parser
            // knows it (the blocks after its first are its attribution).
            format!("“{text}”")
        } else {
            text.to_owned()
        };
        self.blocks.push(block);
        if self.in_quote > 0 {
            self.quote_blocks += 1;
        }
    }

    fn finish(mut self) -> MarkdownPage {
        self.end_block();
        // The title first, then the date (a dateline under it).
        if let Some(title) = &self.title
            && self.blocks.first().is_none_or(|b| b != title)
        {
            self.blocks.insert(0, title.clone());
        }
        if let Some(date) = &self.date {
            let at = usize::from(self.title.is_some()).min(self.blocks.len());
            self.blocks.insert(at, date.clone());
        }
        let mut text = String::new();
        for b in &self.blocks {
            text.push_str(b);
            text.push_str("\n\n");
        }
        MarkdownPage { text, title: self.title, date: self.date }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_told_from_plain_text_with_a_hash() {
        assert!(looks_like_markdown("---\ntitle: A\n---\n\nText"));
        assert!(looks_like_markdown("# Title\n\n## Section\n\n- entry"));
        assert!(looks_like_markdown("# Title\n\nSome **bold** text"));
        assert!(!looks_like_markdown("• Entry one\n• Entry #2 of the series\n"));
        assert!(!looks_like_markdown("#1 priority: peace.\nA record of progress.\n"));
        assert!(!looks_like_markdown("# One heading alone\nand plain lines\n"));
    }

    #[test]
    fn marks_go_and_the_layout_is_the_genre_s() {
        let page = markdown_to_page(
            "# The Title\n\nIntro with a [link](https://x.org) and a note.<sup>2</sup>\n\n**Bold Heading**\n\n* one `x`\n* two\n",
        );
        assert_eq!(page.title.as_deref(), Some("The Title"));
        assert_eq!(page.text, "The Title\n\nIntro with a link and a note.\n\nBold Heading\n\n• one x\n\n• two\n\n");
    }
}
