//! Blocks to a [`Document`], read the way the genre lays a record out: the title, a pull
//! quote with its attribution, the introduction, then groups and sections of entries.
//!
//! - **Headings** are the page's own (`<h2>`, `##`) and the paragraphs it sets as headings:
//!   wholly bold and short ("**Key Summit Outcomes**:"), all in capitals ("1. FOSTER
//!   OPENNESS AND OPEN SOCIETIES"), or a bold lead-in in capitals or on a line of its own
//!   over a sentence ("**ADDRESSING … IN SOUTH AFRICA:** The sentence", "**Name:**⏎text"),
//!   whose sentence is the section's description. Headings nest by level; a section is the
//!   second heading of the path, its group the first, deeper headings are other text.
//! - **Entries** are top-level list items (a sub-item goes on in its item, after "◦"),
//!   paragraphs with a bold lead-in ("**Partnerships:** …"; two or more in a row start the
//!   body), and, in a page with no list at all, the paragraphs under its headings.
//! - **Lead-in groups:** a paragraph ending in ":" straight over a list opens a group of
//!   its own (no heading; the lead-in is its description), unless it follows a heading that
//!   has no entries yet, which it then describes.
//! - Anything else (a paragraph between lists, a heading over nothing, a description) is
//!   other text on the page; nothing read is dropped.

use super::{Block, Bold, Kind, Page, in_capitals};
use crate::core::error::DocumentError;
use crate::core::model::{DocMeta, Document, Quote, UNTITLED_SECTION};
use crate::core::parse::{Body, Hints, RawGroup, RawSection};

/// The level given to a heading the page sets as a paragraph: below its own headings.
const PARA_HEADING: u8 = 7;
/// The most words a paragraph set as a heading has ("How you can keep following the
/// President, First Lady, and other White House Officials:" has 15).
const HEADING_WORDS: usize = 20;
/// Separates a list item from its sub-items in the entry's one line of text.
const SUB_ITEM: &str = " ◦ ";

/// Assembles a page's blocks into a record.
pub fn assemble(page: Page, hints: &Hints) -> Result<Document, DocumentError> {
    if page.blocks.iter().all(|b| b.text.trim().is_empty()) {
        return Err(DocumentError::Empty);
    }
    // The site's regions before and after the content are masthead and footer.
    let first = page.blocks.iter().position(|b| !b.chrome);
    let last = page.blocks.iter().rposition(|b| !b.chrome);
    let (Some(first), Some(last)) = (first, last) else {
        return Err(DocumentError::NotADocument);
    };
    let Page { blocks: mut content, title, head_title, url, date, kind, quote } = page;
    // The blocks are moved, not copied, and the content is kept in place: an entry's text
    // goes on into the record.
    let mut masthead: Vec<String> = content.drain(..first).map(|b| b.text).collect();
    let mut footer: Vec<String> = content.drain(last + 1 - first..).map(|b| b.text).collect();
    content.retain_mut(|b| {
        if b.chrome {
            footer.push(std::mem::take(&mut b.text)); // a region inside the content (a share bar): the site's
        }
        !b.chrome
    });
    // The page's own `<h1>` is its title line.
    let h1 = content.iter().position(|b| b.kind == Kind::Heading(1));
    let h1_text = h1.map(|i| content[i].text.replace('\n', " "));
    if let Some(i) = h1 {
        masthead.push(content.remove(i).text);
    }
    if let Some(items) = listing(&content) {
        content = items;
    }
    let listed = take_contents_lists(&mut content);
    let mut reader = Reader::new(content);
    if let Some(quote) = quote {
        reader.quote = quote;
        reader.quote_read = true;
    }
    reader.read();
    let Reader { intro, quote, sections, mut unplaced, references, references_title, .. } = reader;
    unplaced.extend(listed);
    let intro = intro.join("\n\n");
    let mut warnings = Vec::new();
    if sections.is_empty() {
        warnings.push(crate::core::parse::NO_ENTRIES_WARNING.to_owned());
    }
    // Headings that headed nothing are other text.
    unplaced.retain(|t| !t.trim().is_empty());
    let stated = title.filter(|t| !t.trim().is_empty());
    let title = stated
        .or(h1_text)
        .or(head_title)
        .or_else(|| hints.html_title.clone())
        .or_else(|| sections.first().map(|s| s.group.as_ref().map_or(s.title.clone(), |g| g.title.clone())))
        .filter(|t| !t.trim().is_empty() && t != UNTITLED_SECTION)
        .unwrap_or_else(|| "Untitled record".to_owned());
    let meta = hints.meta.clone().unwrap_or_else(|| DocMeta {
        title: title.split_whitespace().collect::<Vec<_>>().join(" "),
        publisher: None,
        kind: hints.kind.clone().unwrap_or_else(|| kind.to_owned()),
        licence: None,
        source: hints.source.clone(),
        url: url.or_else(|| hints.url.clone()),
        accessed: None,
        date: date.or(hints.date),
    });
    masthead.retain(|t| !t.trim().is_empty());
    footer.retain(|t| !t.trim().is_empty());
    let body = Body { sections, references_title, references, unplaced };
    let mut doc = crate::core::parse::build(meta, masthead, quote, intro, body, footer, hints)?;
    doc.warnings.extend(warnings);
    Ok(doc)
}

/// Takes the page's lists of contents ([`contents_lists`]) out of `content`: their texts,
/// which are other text of the record.
fn take_contents_lists(content: &mut Vec<Block>) -> Vec<String> {
    let mut in_contents = vec![false; content.len()];
    for i in contents_lists(content) {
        in_contents[i] = true;
    }
    let mut listed: Vec<String> = Vec::new();
    let mut at = 0;
    content.retain_mut(|b| {
        at += 1;
        if in_contents[at - 1] {
            listed.push(std::mem::take(&mut b.text));
        }
        !in_contents[at - 1]
    });
    listed
}

/// The most words of a label or date under a listing's item ("Presidential Actions,
/// Proclamations").
const LISTING_LABEL_WORDS: usize = 8;

/// A listing page (a news index: each item a heading, then its labels and its date, and
/// nothing else): its items as list items, "Title — Labels — October 9, 2025", so that they
/// are the record's entries. `None` when the page is not one: fewer than three headings of
/// one level are dated items, or they are not four in five of that level's headings.
fn listing(blocks: &[Block]) -> Option<Vec<Block>> {
    let dated_item = |i: usize| -> Option<usize> {
        let Kind::Heading(level) = blocks[i].kind else { return None };
        let under = blocks[i + 1..].iter().take_while(|b| b.kind == Kind::Para).count();
        let labels = &blocks[i + 1..i + 1 + under];
        let short = labels.iter().all(|b| b.text.split_whitespace().count() <= LISTING_LABEL_WORDS);
        let dated = labels.iter().any(|b| crate::core::dates::parse_date(b.text.trim()).is_some());
        let next_same = blocks.get(i + 1 + under).is_none_or(|b| b.kind == Kind::Heading(level));
        (short && dated && (1..=3).contains(&under) && next_same).then_some(under)
    };
    let level_of = |b: &Block| match b.kind {
        Kind::Heading(l) => Some(l),
        _ => None,
    };
    let items: Vec<(usize, usize)> = (0..blocks.len()).filter_map(|i| dated_item(i).map(|u| (i, u))).collect();
    let level = level_of(&blocks[items.first()?.0])?;
    let of_level = blocks.iter().filter(|b| b.kind == Kind::Heading(level)).count();
    if items.len() < 3
        || items.len() * 5 < of_level * 4
        || items.iter().any(|&(i, _)| level_of(&blocks[i]) != Some(level))
    {
        return None;
    }
    let items_at: foldhash::HashMap<usize, usize> = items.iter().copied().collect();
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        match items_at.get(&i) {
            Some(&under) => {
                let at = i;
                let parts: Vec<&str> = blocks[at..=at + under].iter().map(|b| b.text.as_str()).collect();
                out.push(Block::new(Kind::Item(0), parts.join(" — "), "an item of a listing page"));
                i = at + under + 1;
            }
            None => {
                out.push(blocks[i].clone());
                i += 1;
            }
        }
    }
    Some(out)
}

/// The longest line of a page's table of contents.
const CONTENTS_LINE_BYTES: usize = 300;
/// The most words of a label before the heading a contents line names ("Section 1.").
const CONTENTS_LABEL_WORDS: usize = 3;

/// The page's own tables of contents ("On This Page"): runs of three or more list items at
/// least half of which name a heading of the page ("Section 1. Life" names "Life"), with
/// the short heading right over them. Their positions in `blocks`.
fn contents_lists(blocks: &[Block]) -> Vec<usize> {
    let key = |t: &str| crate::core::text::normalise_for_id(t);
    let headings: std::collections::HashSet<String> = blocks
        .iter()
        .filter(|b| matches!(b.kind, Kind::Heading(_)) || heading(b).is_some())
        .map(|b| key(&heading(b).map_or_else(|| b.text.clone(), |h| h.title)))
        .filter(|k| !k.is_empty())
        .collect();
    let names_a_heading = |b: &Block| {
        // A contents line is short; a long item is an entry (and its suffixes are not all
        // looked up: that is quadratic in its length).
        // Nor does it end with a full stop, as a heading does not (a question mark it may);
        // an entry mostly does, and its key is not made: making it took a tenth of the time
        // to open 100,000 entries.
        if b.text.len() > CONTENTS_LINE_BYTES || b.text.trim_end().ends_with('.') {
            return false;
        }
        let k = key(&b.text);
        // The item, or its words after a short label ("Section 1. Life" names "Life"):
        // looked up in the set, never searched through it (a long record has many of both).
        headings.contains(&k)
            || k.match_indices(' ').take(CONTENTS_LABEL_WORDS).any(|(at, _)| headings.contains(&k[at + 1..]))
    };
    if headings.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < blocks.len() {
        let run = blocks[i..].iter().take_while(|b| matches!(b.kind, Kind::Item(_))).count();
        if run >= 3 && blocks[i..i + run].iter().filter(|b| names_a_heading(b)).count() * 2 >= run {
            if i > 0
                && matches!(blocks[i - 1].kind, Kind::Heading(_))
                && blocks[i - 1].text.split_whitespace().count() <= 4
            {
                out.push(i - 1);
            }
            out.extend(i..i + run);
        }
        i += run.max(1);
    }
    out
}

/// A heading as read: its level, its title, and the sentence after a lead-in heading.
struct Heading {
    level: u8,
    title: String,
    rest: Option<String>,
}

/// A heading of the path the reader is in.
struct Open {
    level: u8,
    title: String,
    nth: usize,
    /// A lead-in group's: no heading of its own.
    untitled: bool,
    /// What the page says under the heading before its first entry: its description.
    description: Vec<String>,
}

struct Reader {
    /// The content's blocks. A list item's text is moved into its entry when read (nothing
    /// looks back at a list item); other blocks stay, for the lookbehinds.
    blocks: Vec<Block>,
    intro: Vec<String>,
    quote: Option<Quote>,
    sections: Vec<RawSection>,
    unplaced: Vec<String>,
    /// The related remarks after the entries ("Remarks … , April 22, 1999").
    references: Vec<crate::core::model::Reference>,
    /// The heading over them ("Related Remarks"): a heading over no entry, right before the
    /// first.
    references_title: Option<String>,
    /// The page's reader has read the pull quote (or found none): it is not looked for.
    quote_read: bool,
    path: Vec<Open>,
    /// Headings read so far (each open heading's `nth`).
    headings: usize,
    /// The `nth` of the headings that head a section or group with entries.
    used: foldhash::HashSet<usize>,
    /// The `nth` of the headings that head a section.
    section_heads: foldhash::HashSet<usize>,
    /// The page has no list: its paragraphs under headings are its entries.
    prose: bool,
    /// Where the last section starts in `path` terms: (group nth, section nth).
    last_key: Option<(Option<usize>, Option<usize>)>,
}

impl Reader {
    fn new(blocks: Vec<Block>) -> Self {
        let prose = !blocks.iter().any(|b| matches!(b.kind, Kind::Item(_)));
        Self {
            blocks,
            intro: Vec::new(),
            quote: None,
            sections: Vec::new(),
            unplaced: Vec::new(),
            references: Vec::new(),
            references_title: None,
            quote_read: false,
            path: Vec::new(),
            headings: 0,
            used: foldhash::HashSet::default(),
            section_heads: foldhash::HashSet::default(),
            prose,
            last_key: None,
        }
    }

    fn read(&mut self) {
        let body = self.read_head();
        for i in body..self.blocks.len() {
            self.read_block(i);
        }
        // Headings that headed no entry, at the two levels that could have.
        while !self.path.is_empty() {
            self.close_top();
        }
    }

    /// Reads the quote and the introduction; returns where the body starts: at the first
    /// heading, list item, lead-in group, or run of bold lead-in paragraphs.
    fn read_head(&mut self) -> usize {
        let mut i = 0;
        while i < self.blocks.len() {
            if self.starts_body(i) {
                return i;
            }
            if self.quote.is_none()
                && !self.quote_read
                && self.intro.len() <= 2
                && let Some((quote, next)) = self.pull_quote(i)
            {
                self.quote = Some(quote);
                i = next;
                continue;
            }
            self.intro.push(self.blocks[i].text.clone());
            i += 1;
        }
        i
    }

    fn starts_body(&self, i: usize) -> bool {
        let b = &self.blocks[i];
        match b.kind {
            Kind::Heading(_) | Kind::Item(_) => true,
            Kind::Quote => false,
            Kind::Para => {
                heading(b).is_some()
                    // The page's first paragraph, of sentences ending in a lead-in ("… in
                    // Miami. This is a unique opportunity:"), introduces the page.
                    || (self.is_lead_in(i) && (!self.intro.is_empty() || last_sentence_start(&b.text).is_none()))
                    || (lead_entry(b) && self.blocks.get(i + 1).is_some_and(lead_entry))
            }
        }
    }

    /// A pull quote at `i`: a block quote, or a paragraph in italics or in quotation marks,
    /// followed by its attribution (a line starting with a dash), or with its attribution
    /// inside the block quote. Returns the quote and the block after it.
    fn pull_quote(&self, i: usize) -> Option<(Quote, usize)> {
        let b = &self.blocks[i];
        let quoted = b.text.starts_with(['"', '“', '‘']);
        if !(b.kind == Kind::Quote || b.italic || quoted) || b.text.chars().count() < 20 {
            return None;
        }
        let mut text = b.text.clone();
        let mut next = i + 1;
        // A block quote's further paragraphs, up to its attribution.
        while b.kind == Kind::Quote
            && let Some(n) = self.blocks.get(next).filter(|n| n.kind == Kind::Quote && !is_attribution(&n.text))
        {
            text.push_str("\n\n");
            text.push_str(&n.text);
            next += 1;
        }
        let attribution = self.blocks.get(next).filter(|n| is_attribution(&n.text))?;
        let lines: Vec<String> = attribution.text.lines().map(str::to_owned).collect();
        let (speaker, occasion, date) = crate::core::parse::parse_attribution(&lines);
        speaker.as_ref()?;
        let text = text.trim().trim_matches(['"', '“', '”', '‘', '’']).trim().to_owned();
        Some((Quote { text, speaker, occasion, date }, next + 1))
    }

    /// A paragraph ending in ":" straight over a list.
    fn is_lead_in(&self, i: usize) -> bool {
        let b = &self.blocks[i];
        b.kind == Kind::Para
            && b.text.trim_end().ends_with(':')
            && self.blocks.get(i + 1).is_some_and(|n| matches!(n.kind, Kind::Item(_)))
    }

    fn read_block(&mut self, i: usize) {
        let b = &self.blocks[i];
        match b.kind {
            Kind::Heading(level) => {
                let title = b.text.replace('\n', " ");
                self.open_heading(Heading { level, title, rest: None });
            }
            Kind::Item(depth) => {
                let text = std::mem::take(&mut self.blocks[i].text);
                let text = if text.contains('\n') { text.replace('\n', " ") } else { text };
                if depth == 0 { self.add_entry(text) } else { self.add_sub_item(&text) }
            }
            Kind::Quote => self.unplaced.push(b.text.clone()),
            Kind::Para => {
                let text = b.text.clone();
                if let Some(h) = heading(b) {
                    self.open_heading(h);
                } else if self.is_lead_in(i) {
                    self.open_lead_in(text);
                } else if !self.sections.is_empty() && crate::core::parse::is_reference_line(&text) {
                    self.add_reference(&text);
                } else if self.lead_run(i) || (self.prose && !self.path.is_empty() && is_prose(&text)) {
                    self.add_entry(text.replace('\n', " "));
                } else {
                    self.describe(text);
                }
            }
        }
    }

    /// A related remark; the first takes the heading right over it, when that heads no
    /// entry, as the remarks' heading.
    fn add_reference(&mut self, text: &str) {
        if self.references.is_empty()
            && self.references_title.is_none()
            && self.path.last().is_some_and(|o| !o.untitled && !self.used.contains(&o.nth) && o.description.is_empty())
            && let Some(open) = self.path.pop()
        {
            self.references_title = Some(open.title);
            // Its remarks are under no heading of the page: the path is closed.
            while !self.path.is_empty() {
                self.close_top();
            }
        }
        self.references.push(crate::core::parse::reference_from_line(text));
    }

    /// A bold lead-in paragraph that is an entry: in a page with no list, or one of a run
    /// ("**Partnerships:** …", "**Deterrence:** …"); a lone one in a page of lists is a note
    /// ("**Note:** The AAA also offers …").
    fn lead_run(&self, i: usize) -> bool {
        let at = |k: usize| self.blocks.get(k).is_some_and(lead_entry);
        at(i) && (self.prose || (i > 0 && at(i - 1)) || at(i + 1))
    }

    fn open_heading(&mut self, mut h: Heading) {
        // A paragraph set as a heading after a heading of the page's own that has entries
        // is its sibling ("## Media", entries, "**Corruption**"), not below it.
        if h.level == PARA_HEADING
            && let Some(top) = self.path.last().filter(|o| o.level < PARA_HEADING && self.used.contains(&o.nth))
        {
            h.level = top.level;
        }
        while self.path.last().is_some_and(|o| o.level >= h.level) {
            self.close_top();
        }
        self.headings += 1;
        let deeper = self.path.len() >= 2;
        if deeper {
            // Deeper than a section: its entries are the section's, its title other text.
            self.unplaced.push(h.title.clone());
            self.used.insert(self.headings);
        }
        self.path.push(Open {
            level: h.level,
            title: h.title,
            nth: self.headings,
            untitled: false,
            description: Vec::new(),
        });
        if let Some(rest) = h.rest {
            self.describe(rest);
        }
    }

    /// Text under the heading the reader is in, before its first entry, describes it; any
    /// other is other text on the page.
    fn describe(&mut self, text: String) {
        let section_level = self.path.len() <= 2;
        match self.path.last_mut() {
            Some(top) if section_level && !self.used.contains(&top.nth) => top.description.push(text),
            _ => self.unplaced.push(text),
        }
    }

    /// Leaves the innermost heading: one that headed no entry is other text, with its
    /// description.
    fn close_top(&mut self) {
        if let Some(open) = self.path.pop() {
            if !self.used.contains(&open.nth) && !open.untitled {
                self.unplaced.push(open.title);
            }
            if !self.used.contains(&open.nth) {
                self.unplaced.extend(open.description);
            }
        }
    }

    /// A lead-in: the description of a heading with no entries yet, else a group of its own.
    fn open_lead_in(&mut self, text: String) {
        let fresh_heading = self.path.last().is_some_and(|o| !o.untitled && !self.used.contains(&o.nth));
        if fresh_heading {
            self.describe(text);
            return;
        }
        while self.path.last().is_some_and(|o| o.level >= PARA_HEADING) {
            self.close_top();
        }
        self.headings += 1;
        self.path.push(Open {
            level: PARA_HEADING,
            title: UNTITLED_SECTION.to_owned(),
            nth: self.headings,
            untitled: true,
            description: vec![text],
        });
    }

    fn add_entry(&mut self, text: String) {
        let (g, s) = match self.path.len() {
            0 => (None, None),
            1 => (None, Some(0)),
            _ => (Some(0), Some(1)),
        };
        let key = (g.map(|g| self.path[g].nth), s.map(|s| self.path[s].nth));
        if self.last_key != Some(key) || self.sections.is_empty() {
            // A group's own description has no place of its own: it is other text.
            let group_description = g.map(|g| std::mem::take(&mut self.path[g].description)).unwrap_or_default();
            self.unplaced.extend(group_description);
            let title = s.map_or_else(|| UNTITLED_SECTION.to_owned(), |s| self.path[s].title.clone());
            let description = s.map(|s| std::mem::take(&mut self.path[s].description)).unwrap_or_default();
            let group = g.map(|g| RawGroup {
                title: self.path[g].title.clone(),
                nth: self.path[g].nth,
                heads_section: self.section_heads.contains(&self.path[g].nth),
            });
            self.section_heads.extend(key.1);
            self.used.extend(key.0);
            self.used.extend(key.1);
            self.sections.push(RawSection {
                title,
                group,
                description: (!description.is_empty()).then(|| description.join("\n\n")),
                entries: Vec::new(),
            });
            self.last_key = Some(key);
        }
        if let Some(s) = self.sections.last_mut() {
            s.entries.push(text);
        }
    }

    fn add_sub_item(&mut self, text: &str) {
        match self.sections.last_mut().and_then(|s| s.entries.last_mut()) {
            Some(entry) => {
                // "… the 21st century. This includes:" over its sub-items: the closing lead-in
                // is the sub-list's, as a lead-in paragraph is a group's, not the entry's words.
                if entry.trim_end().ends_with(':')
                    && let Some(at) = last_sentence_start(entry)
                    && entry[at..].split_whitespace().count() <= LEAD_IN_WORDS
                {
                    self.unplaced.push(entry[at..].trim().to_owned());
                    entry.truncate(at);
                    let kept = entry.trim_end().len();
                    entry.truncate(kept);
                }
                entry.push_str(SUB_ITEM);
                entry.push_str(&text.replace('\n', " "));
            }
            None => self.add_entry(text.replace('\n', " ")),
        }
    }
}

/// The most words of a lead-in sentence that closes a list item over its sub-items.
const LEAD_IN_WORDS: usize = 6;

/// Where the last sentence of `text` starts, when it has one before it.
fn last_sentence_start(text: &str) -> Option<usize> {
    let t = text.trim_end();
    let body = &t[..t.len().saturating_sub(1)];
    ['.', '!', '?']
        .iter()
        .filter_map(|end| body.rfind(&format!("{end} ")).map(|at| at + 2))
        .max()
        .filter(|&at| at < t.len())
}

/// A paragraph the page sets as a heading (see the module's notes).
fn heading(b: &Block) -> Option<Heading> {
    if b.kind != Kind::Para {
        return None;
    }
    let text = b.text.trim();
    let words = text.split_whitespace().count();
    let short = words <= HEADING_WORDS && !crate::core::text::ends_sentence(text);
    let title = |t: &str| t.trim().trim_end_matches(':').trim().replace('\n', " ");
    match b.bold {
        Bold::Whole if short => Some(Heading { level: PARA_HEADING, title: title(text), rest: None }),
        Bold::Lead(n) if n <= text.len() && text.is_char_boundary(n) => {
            let (lead, rest) = text.split_at(n);
            // "**Name:**⏎text" or "**CAPITALS:** sentence": a heading over a description.
            let on_own_line = rest.trim_start_matches([' ', ':']).starts_with('\n');
            let lead_words = lead.split_whitespace().count();
            let ok = lead_words <= HEADING_WORDS && (on_own_line || (in_capitals(lead) && lead_words >= 2));
            ok.then(|| Heading {
                level: PARA_HEADING,
                title: title(lead),
                rest: Some(rest.trim_start_matches(':').trim().to_owned()).filter(|r| !r.is_empty()),
            })
        }
        _ if short && in_capitals(text) && text.chars().filter(|c| c.is_alphabetic()).count() >= 8 => {
            Some(Heading { level: PARA_HEADING, title: title(text), rest: None })
        }
        _ => None,
    }
}

/// Running text: four words or more ("# # #", a press release's end mark, and "Section 1.",
/// a label over a heading, are not).
fn is_prose(text: &str) -> bool {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() >= 4
}

/// A paragraph with a bold lead-in that is not a heading: an entry ("**Partnerships:** …").
fn lead_entry(b: &Block) -> bool {
    b.kind == Kind::Para && matches!(b.bold, Bold::Lead(_)) && heading(b).is_none()
}

/// A quote's attribution: a dash, then a name ("– Secretary Antony J. Blinken, May 28,
/// 2021"), or up to four short lines, the last a date ("President Clinton⏎Earth Day
/// Address⏎April 21, 1993").
fn is_attribution(text: &str) -> bool {
    let t = text.trim();
    if t.chars().count() > 200 {
        return false;
    }
    let dated = || t.lines().last().is_some_and(|l| crate::core::dates::parse_date(l.trim()).is_some());
    t.starts_with(['–', '—', '-', '~']) || ((2..=4).contains(&t.lines().count()) && dated())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        assemble(super::super::markdown::read(md), &Hints::default()).unwrap()
    }

    fn shape(d: &Document) -> Vec<(String, Option<String>, usize)> {
        d.sections
            .iter()
            .map(|s| (s.title.clone(), s.group.as_ref().map(|g| g.title.clone()), s.entries.len()))
            .collect()
    }

    #[test]
    fn lead_in_groups_are_groups_and_their_lead_ins_are_not_entries() {
        let d = doc("---\ntitle: A Fact Sheet\n---\n\nIntro paragraph of the record, long enough.\n\n\
                     In the past year, the Administration has:\n\n- one\n- two\n\n<!-- -->\n\n- three\n\n\
                     In the coming year, it will:\n\n- four\n- five\n\nFull report here:\n");
        assert_eq!(d.meta.title, "A Fact Sheet");
        assert_eq!(shape(&d), vec![("Entries".into(), None, 3), ("Entries".into(), None, 2)]);
        assert!(d.unplaced.iter().any(|u| u.contains("Full report here")));
        assert_eq!(d.sections[1].description.as_deref(), Some("In the coming year, it will:"));
        assert_eq!(d.intro, "Intro paragraph of the record, long enough.");
    }

    #[test]
    fn headings_nest_and_bold_paragraphs_head_sections() {
        // A page with no list: its paragraphs under headings are its entries.
        let d = doc(
            "## Life\n\n### a. Killings\n\nThere were no reports of killings.\n\n#### Sub\n\nThe law provided for redress.\n\n## Liberty\n\n### b. Press\n\nThe press was free this year.\n",
        );
        assert_eq!(
            shape(&d),
            vec![("a. Killings".into(), Some("Life".into()), 2), ("b. Press".into(), Some("Liberty".into()), 1)]
        );
        assert!(d.unplaced.iter().any(|u| u == "Sub"));
        // With lists, the list items are the entries; a bold paragraph under a heading with
        // no entries of its own heads a section below it, and after one with entries, beside it.
        let d = doc("## Liberty\n\n**Bold Heading**\n\n- x\n- y\n  - y1\n\n## Media\n\n- m\n\n**Corruption**\n\n- c\n");
        assert_eq!(
            shape(&d),
            vec![
                ("Bold Heading".into(), Some("Liberty".into()), 2),
                ("Media".into(), None, 1),
                ("Corruption".into(), None, 1)
            ]
        );
        assert_eq!(d.sections[0].entries[1].text, "y ◦ y1");
        // A closing lead-in over sub-items is the sub-list's, not the entry's.
        let d = doc("- The partnership will be executed. This includes:\n  - Tackling the crisis\n- Another\n");
        assert_eq!(d.sections[0].entries[0].text, "The partnership will be executed. ◦ Tackling the crisis");
        assert!(d.unplaced.iter().any(|u| u == "This includes:"));
    }

    #[test]
    fn capitals_lead_ins_head_sections_and_bold_lead_paragraphs_are_entries() {
        let d = doc("Intro words here for the page.\n\n**ADDRESSING RIGHTS:** The sentence after it.\n\n- a\n- b\n\n\
                     **Key Outcomes**:\n\n**Partnerships:** one.\n\n**Values:** two.\n");
        assert_eq!(shape(&d), vec![("ADDRESSING RIGHTS".into(), None, 2), ("Key Outcomes".into(), None, 2)]);
        assert_eq!(d.sections[0].description.as_deref(), Some("The sentence after it."));
    }

    #[test]
    fn the_pull_quote_and_its_attribution() {
        let d = doc(
            "*“The alliance is the strong foundation on which we build.”*\n\n – *President Biden, February 19, 2021*\n\nIntro.\n\n- a\n",
        );
        let q = d.quote.unwrap();
        assert!(q.text.starts_with("The alliance"), "{q:?}");
        assert_eq!(q.speaker.as_deref(), Some("President Biden"));
        assert_eq!(q.date.map(crate::core::dates::PartialDate::iso).as_deref(), Some("2021-02-19"));
    }

    #[test]
    fn a_page_with_no_list_opens_and_says_so() {
        let d = doc("# Title\n\nJust an introduction paragraph.\n");
        assert!(d.sections.is_empty());
        assert_eq!(d.intro, "Just an introduction paragraph.");
        assert!(d.warnings.iter().any(|w| w.contains("No list of entries")));
    }
}
