//! A Markdown copy of a record read into blocks from pulldown-cmark's events: `#` headings
//! keep their level, list items their depth, a paragraph wholly or partly in bold says so;
//! "•" and "o" lines typed inside paragraphs are list items; a block quote's paragraphs
//! are quotes; the YAML front matter gives the title, the date and the address.

use super::{Block, Kind, Page, tidy};
use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

/// Reads a Markdown page into blocks.
pub fn read(source: &str) -> Page {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut r = Reader::default();
    for event in Parser::new_ext(source, options) {
        r.event(event);
    }
    r.flush();
    Page { blocks: r.blocks, kind: "Markdown document", ..r.front.page() }
}

/// A soft line break while a block is written: a space, unless the line after it starts a
/// bullet typed by hand.
const SOFT: char = '\r';

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The block being written: its raw text (soft breaks as [`SOFT`]).
    raw: String,
    /// Bold and italic runs of `raw`, as byte ranges.
    bold: Vec<(usize, usize)>,
    italic: Vec<(usize, usize)>,
    bold_from: Vec<usize>,
    italic_from: Vec<usize>,
    /// The kind of the block being written, when it is not a paragraph.
    kind: Option<Kind>,
    /// Lists open, and whether an item of the innermost is open.
    lists: usize,
    quotes: usize,
    in_metadata: bool,
    in_sup: bool,
    front: FrontMatter,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => self.in_metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => self.in_metadata = false,
            Event::Text(t) if self.in_metadata => self.front.read(&t),
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                self.kind = Some(Kind::Heading(level as u8));
            }
            Event::Start(Tag::List(_)) => {
                // An item's own text ends where its sub-list starts.
                self.flush();
                self.lists += 1;
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists = self.lists.saturating_sub(1);
            }
            Event::Start(Tag::Item) => {
                self.flush();
                self.kind = Some(Kind::Item(u8::try_from(self.lists.saturating_sub(1)).unwrap_or(u8::MAX)));
            }
            // A second paragraph of an item goes on in the item, after a line break.
            Event::Start(Tag::Paragraph) if matches!(self.kind, Some(Kind::Item(_))) && !self.raw.trim().is_empty() => {
                self.raw.push('\n');
            }
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                if matches!(self.kind, Some(Kind::Item(_))) => {}
            Event::Start(Tag::Paragraph)
            | Event::End(
                TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::Paragraph
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::CodeBlock,
            ) => self.flush(),
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.quotes += 1;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quotes = self.quotes.saturating_sub(1);
            }
            Event::Start(Tag::Strong) => self.bold_from.push(self.raw.len()),
            Event::End(TagEnd::Strong) => {
                if let Some(from) = self.bold_from.pop() {
                    self.bold.push((from, self.raw.len()));
                }
            }
            Event::Start(Tag::Emphasis) => self.italic_from.push(self.raw.len()),
            Event::End(TagEnd::Emphasis) => {
                if let Some(from) = self.italic_from.pop() {
                    self.italic.push((from, self.raw.len()));
                }
            }
            Event::Text(t) | Event::Code(t) if !self.in_sup => self.raw.push_str(&t.replace(['\r', '\n'], " ")),
            Event::InlineHtml(tag) => {
                let tag = tag.to_ascii_lowercase();
                if tag.starts_with("<sup") {
                    self.in_sup = true;
                } else if tag.starts_with("</sup") {
                    self.in_sup = false;
                } else if tag.starts_with("<br") {
                    self.raw.push('\n');
                }
            }
            Event::SoftBreak => self.raw.push(SOFT),
            Event::HardBreak => self.raw.push('\n'),
            Event::End(TagEnd::TableCell) => self.raw.push_str(" | "),
            // Rules, images' marks, HTML blocks (a `<!-- -->` between two lists): nothing a
            // reader reads.
            _ => {}
        }
    }

    /// Ends the block being written.
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.raw);
        let bold = std::mem::take(&mut self.bold);
        let italic = std::mem::take(&mut self.italic);
        self.bold_from.clear();
        self.italic_from.clear();
        let kind = self.kind.take().unwrap_or(if self.quotes > 0 { Kind::Quote } else { Kind::Para });
        if raw.trim().is_empty() {
            return;
        }
        // "•" and "o" bullets typed by hand inside a paragraph, one per line.
        if kind == Kind::Para && raw.split([SOFT, '\n']).any(|l| typed_bullet(l).is_some()) {
            self.typed_bullets(&raw);
            return;
        }
        let (raw, bold) = stray_bold(raw, bold);
        self.blocks.push(Block::marked(kind, rule_of(kind), &raw, &bold, &italic));
    }

    /// A paragraph whose lines are bullets typed by hand: an item per bullet (its wrapped
    /// lines joined to it), the lines before the first a paragraph.
    fn typed_bullets(&mut self, raw: &str) {
        let mut current: Option<(Kind, String)> = None;
        for line in raw.split([SOFT, '\n']) {
            match typed_bullet(line) {
                Some((depth, rest)) => {
                    self.push_typed(current.take());
                    current = Some((Kind::Item(depth), rest.to_owned()));
                }
                None => match &mut current {
                    Some((_, text)) => {
                        text.push(' ');
                        text.push_str(line);
                    }
                    None => current = Some((Kind::Para, line.to_owned())),
                },
            }
        }
        self.push_typed(current);
    }

    fn push_typed(&mut self, block: Option<(Kind, String)>) {
        if let Some((kind, text)) = block {
            let text = tidy(&text.replace("**", ""));
            if !text.is_empty() {
                let rule = if kind == Kind::Para { "paragraph" } else { "• or o typed in a paragraph" };
                self.blocks.push(Block::new(kind, text, rule));
            }
        }
    }
}

/// Bold that Markdown left as marks: "**Values: **The United States …" (a space before the
/// closing marks, which `CommonMark` then does not close) is a bold lead-in as the writer
/// meant it. Pairs of `**` left in the text become bold runs, without their marks.
fn stray_bold(raw: String, mut bold: Vec<(usize, usize)>) -> (String, Vec<(usize, usize)>) {
    if raw.matches("**").count() < 2 {
        return (raw, bold);
    }
    let mut out = String::with_capacity(raw.len());
    let mut open: Option<usize> = None;
    let mut rest = raw.as_str();
    while let Some(at) = rest.find("**") {
        out.push_str(&rest[..at]);
        match open.take() {
            Some(from) => bold.push((from, out.len())),
            None => open = Some(out.len()),
        }
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    // Runs found before were counted in the text with its marks: they are given up rather
    // than misplaced (a page mixes the two rarely).
    if open.is_some() {
        return (raw, Vec::new());
    }
    (out, bold)
}

fn rule_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Heading(_) => "# heading",
        Kind::Item(0) => "list item",
        Kind::Item(_) => "list item in a list item",
        Kind::Para => "paragraph",
        Kind::Quote => "> block quote",
    }
}

/// A bullet typed by hand at the start of a line: "•" (depth 0) or a sub-bullet "o" or "◦"
/// (depth 1), or a number ("1." written with a no-break space after it, which Markdown does
/// not take for a list), followed by a space of any kind; the text after it. A number over
/// a line in capitals is a numbered heading ("1\\. FOSTER OPENNESS"), not a bullet.
fn typed_bullet(line: &str) -> Option<(u8, &str)> {
    let t = line.trim_start();
    let after = |mark: &str| {
        let rest = t.strip_prefix(mark)?;
        let first = rest.chars().next()?;
        (first.is_whitespace())
            .then(|| rest.trim_start())
            // "o" is a letter too: only before a word that starts a sentence is it a bullet.
            .filter(|r| mark != "o" || r.chars().next().is_some_and(|c| !c.is_lowercase()))
    };
    for (mark, depth) in [("•", 0), ("·", 0), ("o", 1), ("◦", 1), ("▪", 1)] {
        if let Some(rest) = after(mark) {
            return Some((depth, rest));
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits)
        && let Some(rest) = t[digits..].strip_prefix(['.', ')'])
        && rest.starts_with('\u{a0}')
    {
        let rest = rest.trim_start();
        let capitals = super::in_capitals(rest);
        return (!capitals && rest.chars().next().is_some_and(|c| !c.is_lowercase())).then_some((0, rest));
    }
    None
}

/// What a YAML front matter says of the page.
#[derive(Default)]
pub(crate) struct FrontMatter {
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

/// The most front matter read: a real one is a few hundred bytes.
const MAX_FRONT_MATTER: usize = 64 * 1024;

impl FrontMatter {
    /// Reads the front matter's flat keys with `serde_yaml` (so that `"…\_…"` is a no-break
    /// space, as YAML has it); a front matter that is not a YAML mapping gives nothing.
    fn read(&mut self, yaml: &str) {
        if yaml.len() > MAX_FRONT_MATTER {
            return;
        }
        let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(yaml) else {
            return;
        };
        let get = |key: &str| {
            map.iter().find_map(|(k, v)| {
                (k.as_str()?.eq_ignore_ascii_case(key))
                    .then(|| match v {
                        serde_yaml::Value::String(s) => Some(s.trim().to_owned()),
                        serde_yaml::Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .flatten()
                    .filter(|s| !s.is_empty())
            })
        };
        self.title = get("title");
        self.date = get("date").or_else(|| get("published_time")).or_else(|| get("published"));
        self.url = ["source_url", "url", "canonical_url", "link", "source"]
            .iter()
            .filter_map(|k| get(k))
            .find(|u| (u.starts_with("https://") || u.starts_with("http://")) && u.len() < 2048);
    }

    fn page(&self) -> Page {
        Page {
            title: self.title.clone(),
            url: self.url.clone(),
            date: self.date.as_deref().and_then(crate::core::details::page_date),
            ..Page::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::blocks::Bold;

    fn kinds(page: &Page) -> Vec<(Kind, &str, Bold)> {
        page.blocks.iter().map(|b| (b.kind, b.text.as_str(), b.bold)).collect()
    }

    #[test]
    fn structure_is_kept() {
        let page = read(
            "---\ntitle: \"FACT SHEET: A\\_B\"\ndate: '2022-08-08'\nsource_url: https://x.gov/a\n---\n\n\
             ## Section\n\n**Bold Heading**\n\n1\\. FOSTER OPENNESS    \n  \n\nLead:\n\n- one\n  - sub\n- **Lead** two\n\n\
             • typed one\n\no Typed sub\n\n> Quoted\n",
        );
        assert_eq!(page.title.as_deref(), Some("FACT SHEET: A\u{a0}B"));
        assert_eq!(page.url.as_deref(), Some("https://x.gov/a"));
        assert_eq!(page.date.map(crate::core::dates::PartialDate::iso).as_deref(), Some("2022-08-08"));
        assert_eq!(
            kinds(&page),
            vec![
                (Kind::Heading(2), "Section", Bold::None),
                (Kind::Para, "Bold Heading", Bold::Whole),
                (Kind::Para, "1. FOSTER OPENNESS", Bold::None),
                (Kind::Para, "Lead:", Bold::None),
                (Kind::Item(0), "one", Bold::None),
                (Kind::Item(1), "sub", Bold::None),
                (Kind::Item(0), "Lead two", Bold::Lead(4)),
                (Kind::Item(0), "typed one", Bold::None),
                (Kind::Item(1), "Typed sub", Bold::None),
                (Kind::Quote, "Quoted", Bold::None),
            ]
        );
    }

    /// Each letter searched the runs: 100,000 bold words took 47 s. A return to that shows
    /// as a suite that takes minutes; no time is asserted.
    #[test]
    fn a_paragraph_of_many_bold_runs_is_read_in_one_sweep() {
        let page = read(&"**a** ".repeat(100_000));
        assert_eq!(page.blocks[0].bold, Bold::Whole);
        let page = read(&format!("**Lead:** {}", "*x* y ".repeat(100_000)));
        assert_eq!(page.blocks[0].bold, Bold::Lead("Lead:".len()));
    }

    #[test]
    fn punctuation_outside_the_bold_still_makes_it_whole() {
        let page = read("**<u>Key Summit Outcomes</u>**:\n\n*Deck line in italics.*\n");
        assert_eq!(page.blocks[0].bold, Bold::Whole);
        assert!(page.blocks[1].italic);
    }
}
