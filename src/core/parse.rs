//! The record parser: plain text (already decoded) to a [`Document`].
//!
//! The parser works in two passes. First, lines become *items*: bullet entries (with
//! wrapped continuation lines joined) and paragraphs (runs of non-blank lines). Then the
//! items are read top to bottom as the genre lays them out: masthead, pull quote with
//! attribution, introduction, sections of entries, related remarks with dates, footer.
//! Every decision is a general rule about the genre; nothing here knows any one file.

use crate::core::dates::{PartialDate, parse_date, trailing_date};
use crate::core::error::DocumentError;
use crate::core::model::{DocMeta, Document, Entry, Quote, Reference, Section};
use crate::core::text::{
    collapse_letter_spacing, ends_sentence, hash_hex, is_title_like, join_lines, normalise_for_id,
    normalise_for_id_into, slug, squash_spaces, squash_spaces_owned,
};
use rayon::prelude::*;
use smol_str::SmolStr;
use std::borrow::Cow;

/// Title used for entries that come before any section heading.
pub const UNTITLED_SECTION: &str = "Entries";

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Bullet { marker: char },
    Para,
}

type Lines = smallvec::SmallVec<[String; 1]>;

#[derive(Debug, Clone, PartialEq)]
struct Item {
    kind: Kind,
    /// For a paragraph, its lines; for a bullet, one element: its joined text (held inline:
    /// no list is allocated for the one line of each of a long record's bullets).
    lines: Lines,
}

impl Item {
    fn text(&self) -> String {
        join_lines(&self.lines)
    }
    fn is_bullet(&self) -> bool {
        matches!(self.kind, Kind::Bullet { .. })
    }
    fn is_dash_bullet(&self) -> bool {
        matches!(self.kind, Kind::Bullet { marker } if matches!(marker, '-' | '–' | '—' | '~'))
    }
    fn single_line(&self) -> Option<&str> {
        (self.lines.len() == 1).then(|| self.lines[0].as_str())
    }
    /// A one-line paragraph that reads like a heading.
    fn is_heading_para(&self) -> bool {
        self.is_heading_para_with(self.ref_count())
    }
    /// [`Self::is_heading_para`], given the item's [`Self::ref_count`].
    fn is_heading_para_with(&self, ref_count: Option<usize>) -> bool {
        matches!(self.kind, Kind::Para) && self.single_line().is_some_and(is_title_like) && ref_count.is_none()
    }
    /// Running text rather than a label: a sentence of some length, or simply long.
    fn is_prose(&self) -> bool {
        let t = self.text();
        let words = t.split_whitespace().count();
        (ends_sentence(&t) && words >= 6) || words >= 25
    }
    fn starts_quote(&self) -> bool {
        matches!(self.kind, Kind::Para)
            && self.lines[0].starts_with(['"', '“', '„', '«', '‘', '\''])
            && self.text().chars().count() >= 20
    }
    /// How many reference lines [`Self::ref_lines`] would give, without copying them.
    fn ref_count(&self) -> Option<usize> {
        if self.lines.iter().all(|l| is_reference_line(l)) {
            return Some(self.lines.len());
        }
        (self.lines.len() > 1 && {
            let joined = self.text();
            joined.chars().count() <= 300 && is_reference_line(&joined)
        })
        .then_some(1)
    }
    /// The reference lines of this item, when it is a list of dated remarks.
    fn ref_lines(&self) -> Option<Vec<String>> {
        // Every line a reference, or (count 1 of several lines) the lines joined into one.
        let n = self.ref_count()?;
        Some(if n == self.lines.len() { self.lines.to_vec() } else { vec![self.text()] })
    }
    /// Site navigation or legal lines.
    fn is_nav(&self) -> bool {
        if self.is_bullet() || self.ref_count().is_some() {
            return false;
        }
        self.lines.iter().all(|l| {
            let lower = l.to_lowercase();
            l.contains('|')
                || l.contains('©')
                || ["copyright", "privacy", "last updated", "back to top", "return to", "top of page"]
                    .iter()
                    .any(|p| lower.starts_with(p))
                || (l.chars().count() <= 60 && !ends_sentence(l) && !l.ends_with(':'))
        })
    }
}

/// A line of the related-remarks list: a title, then a date set off by a comma or dash.
fn is_reference_line(line: &str) -> bool {
    let Some((_, at)) = trailing_date(line) else {
        return false;
    };
    let before = line[..at].trim_end();
    !before.is_empty()
        && line.chars().count() <= 300
        && (before.ends_with([',', '-', '–', '—', ':', '(', '|']) || before.ends_with(",\"") || before.ends_with(",”"))
}

fn reference_from_line(line: &str) -> Reference {
    match trailing_date(line) {
        Some((date, at)) => {
            let mut title = line[..at].trim_end().trim_end_matches([',', '-', '–', '—', ':', '(', '|', ' ']).to_owned();
            // `Fact Sheet: "U.S. Efforts …,"` → `Fact Sheet: "U.S. Efforts …"`
            for close in ["\"", "”"] {
                if let Some(stripped) = line[..at].trim_end().strip_suffix(&format!(",{close}")) {
                    title = format!("{}{close}", stripped.trim_end());
                }
            }
            Reference { title, date: Some(date) }
        }
        None => Reference { title: line.trim().to_owned(), date: None },
    }
}

/// Strips a list marker from the start of a line: •, ·, *, -, o, a stray "?", "1." …
fn strip_bullet(line: &str) -> Option<(char, &str)> {
    let t = line.trim_start();
    let mut chars = t.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let next_is_start = |r: &str| {
        r.trim_start()
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘' | '('))
    };
    let with_space = rest.starts_with(char::is_whitespace);
    let ok = match first {
        '•' | '·' | '▪' | '■' | '◦' | '‣' | '●' | '○' | '►' | '▸' | '➢' | '✓' | '\u{f0b7}' | '\u{f0a7}' => {
            !rest.trim().is_empty()
        }
        '-' | '*' | '+' | '–' | '—' | '~' => with_space && !rest.trim().is_empty(),
        'o' | '?' => (with_space || first == '?') && next_is_start(rest),
        c if c.is_ascii_digit() => {
            let digits = t.chars().take_while(char::is_ascii_digit).count();
            let after = &t[digits..];
            if digits <= 3 && (after.starts_with(". ") || after.starts_with(") ")) && next_is_start(&after[1..]) {
                return Some(('1', after[1..].trim_start()));
            }
            false
        }
        '(' => {
            let inner: String = rest.chars().take_while(char::is_ascii_alphanumeric).collect();
            let after = &rest[inner.len()..];
            if (1..=3).contains(&inner.len()) && after.starts_with(") ") && next_is_start(&after[1..]) {
                return Some(('1', after[1..].trim_start()));
            }
            false
        }
        _ => false,
    };
    ok.then(|| (first, rest.trim_start()))
}

/// Can `text` hold entries run together? Only if it has a bullet mark inside.
fn may_run_together(text: &str) -> bool {
    !text.is_ascii() && text.contains(['•', '·', '▪', '■', '●', '\u{f0b7}'])
}

/// Splits entries run together on one line: "…Soviet Union.· Pressed consistently…".
fn split_run_together(text: &str) -> Vec<String> {
    if !may_run_together(text) {
        return vec![text.to_owned()];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '•' | '·' | '▪' | '■' | '●' | '\u{f0b7}') {
            continue;
        }
        let before = text[start..i].trim_end();
        let after = text[i + c.len_utf8()..].trim_start();
        let space_before = k > 0 && chars[k - 1].1.is_whitespace();
        let space_after = chars.get(k + 1).is_some_and(|(_, n)| n.is_whitespace());
        let next_starts = after.chars().next().is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“'));
        if next_starts && !before.is_empty() && (ends_sentence(before) || (space_before && space_after)) {
            out.push(before.trim_start().to_owned());
            start = i + c.len_utf8();
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last.to_owned());
    }
    out
}

/// Cleans up lines: line endings, odd spaces, invisible characters, tabs.
fn normalise_lines(text: &str) -> Vec<Cow<'_, str>> {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        let unified = text.replace("\r\n", "\n").replace('\r', "\n");
        return normalise_lines(&unified).into_iter().map(|l| Cow::Owned(l.into_owned())).collect();
    }
    if text.len() < 2 * PART_BYTES {
        return normalise_part(text);
    }
    normalise_in_parts(text, PART_BYTES)
}

/// A long text for [`normalise_lines`]: cut at line ends into parts of at least `part_bytes`,
/// each cleaned on its own core.
fn normalise_in_parts(text: &str, part_bytes: usize) -> Vec<Cow<'_, str>> {
    let mut parts = Vec::with_capacity(text.len() / part_bytes.max(1) + 1);
    let mut rest = text;
    while rest.len() >= 2 * part_bytes {
        let Some(nl) = memchr::memchr(b'\n', &rest.as_bytes()[part_bytes..]) else { break };
        let (part, after) = rest.split_at(part_bytes + nl);
        parts.push(part);
        rest = &after[1..]; // the line end itself belongs to neither part
    }
    parts.push(rest);
    parts.into_par_iter().flat_map_iter(normalise_part).collect()
}

/// The fewest bytes in a part of a long text that [`normalise_lines`] cleans on its own core.
const PART_BYTES: usize = 2 << 20;

/// [`normalise_lines`] of a text with no carriage return.
fn normalise_part(text: &str) -> Vec<Cow<'_, str>> {
    // Most texts, and most lines, have nothing to replace: they are borrowed as they are.
    let text_clean = !has_special_space(text);
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    lines.extend(text.split('\n').map(|line| {
        if text_clean || !has_special_space(line) {
            return Cow::Borrowed(line.trim_end());
        }
        line.chars()
            .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'))
            .map(|c| match c {
                '\t' => ' ',
                '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
                c => c,
            })
            .collect::<String>()
            .trim_end()
            .to_owned()
            .into()
    }));
    lines
}

/// A character [`normalise_lines`] replaces with a space or drops.
fn is_special_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' | '\u{a0}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Does `text` hold a [`is_special_space`] character? Found by bytes: each is a tab or
/// starts with one of four lead bytes (C2, E2, E3, EF).
fn has_special_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    let special_at = |i: usize| text[i..].chars().next().is_some_and(is_special_space);
    memchr::memchr(b'\t', bytes).is_some()
        || memchr::memchr_iter(0xEF, bytes).any(special_at)
        || memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(special_at)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The fewest lines in a part of [`items_on_every_core`].
const PART_LINES: usize = 16_384;

/// [`items`] of a long text, in parts cut at blank lines and read on every core. A blank
/// line ends every item, and nothing before it is looked at after it, so each part gives the
/// items the whole text gives there.
fn items_on_every_core(lines: &[Cow<'_, str>]) -> Vec<Item> {
    if lines.len() < 2 * PART_LINES {
        return items(lines);
    }
    items_in_parts(lines, PART_LINES)
}

/// [`items_on_every_core`] with parts of at least `part_lines` lines.
fn items_in_parts(lines: &[Cow<'_, str>], part_lines: usize) -> Vec<Item> {
    let mut parts = Vec::with_capacity(lines.len() / part_lines.max(1) + 1);
    let mut start = 0;
    while start < lines.len() {
        // The first blank line at or after the part's length; the rest if there is none.
        let end = lines
            .get(start + part_lines..)
            .and_then(|rest| rest.iter().position(|l| l.trim().is_empty()))
            .map_or(lines.len(), |i| start + part_lines + i + 1);
        parts.push(start..end);
        start = end;
    }
    parts.into_par_iter().flat_map_iter(|range| items(&lines[range])).collect()
}

/// First pass: lines to bullets and paragraphs.
fn items(lines: &[Cow<'_, str>]) -> Vec<Item> {
    // At most one item per line; the untouched part of the allocation costs nothing.
    let mut items: Vec<Item> = Vec::with_capacity(lines.len());
    let mut open = false; // the last item can still take lines
    let mut bullet_indent = 0;
    for line in lines {
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        if let Some((marker, rest)) = strip_bullet(line) {
            items.push(Item { kind: Kind::Bullet { marker }, lines: smallvec::smallvec![rest.trim().to_owned()] });
            bullet_indent = indent(line);
            open = true;
            continue;
        }
        let trimmed = line.trim().to_owned();
        match items.last_mut() {
            Some(last) if open => {
                if last.is_bullet() {
                    // A bullet's wrapped lines are gathered here and joined once, below (joined
                    // line by line, a bullet of 100,000 lines took two minutes). The joined
                    // text ends a sentence when its last line does.
                    let prev = last.lines.last().map_or("", String::as_str);
                    let continues = indent(line) > bullet_indent
                        || !ends_sentence(prev)
                        || trimmed.starts_with(|c: char| c.is_lowercase());
                    if continues {
                        last.lines.push(trimmed);
                        continue;
                    }
                    items.push(Item { kind: Kind::Para, lines: smallvec::smallvec![trimmed] });
                } else {
                    last.lines.push(trimmed);
                }
            }
            _ => items.push(Item { kind: Kind::Para, lines: smallvec::smallvec![trimmed] }),
        }
        open = true;
    }
    for item in &mut items {
        if item.is_bullet() && item.lines.len() > 1 {
            item.lines = smallvec::smallvec![join_lines(&item.lines)];
        }
    }
    if !items.iter().any(needs_split) {
        return items; // the usual case: wrapped text, or one bullet per line
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        split_unwrapped(item, &mut out);
    }
    out
}

/// Text written one paragraph per line, without blank lines between paragraphs: a
/// paragraph whose lines are longer than any hard wrap is split after each sentence end
/// and after each heading line.
fn split_unwrapped(item: Item, out: &mut Vec<Item>) {
    if !needs_split(&item) {
        out.push(item);
        return;
    }
    let mut cur = Lines::new();
    for line in item.lines {
        let breaks = ends_sentence(&line) || (is_title_like(&line) && line.chars().count() <= 100);
        cur.push(line);
        if breaks {
            out.push(Item { kind: Kind::Para, lines: std::mem::take(&mut cur) });
        }
    }
    if !cur.is_empty() {
        out.push(Item { kind: Kind::Para, lines: cur });
    }
}

/// A paragraph of several lines, one of them longer than any hard wrap: see [`split_unwrapped`].
fn needs_split(item: &Item) -> bool {
    !item.is_bullet() && item.lines.len() >= 2 && item.lines.iter().any(|l| l.chars().count() > 100)
}

/// Reads the quote and its attribution starting at `items[i]`; returns it and the index
/// of the first item after it.
fn parse_quote(items: &[Item], i: usize) -> Option<(Quote, usize)> {
    let item = &items[i];
    let text = item.lines.join("\n");
    let open = text.chars().next()?;
    // The last closing quote followed by nothing, a line break, a dash or a comma.
    let closers = ['"', '”', '’', '\'', '»', '“'];
    let mut close_at = None;
    for (idx, c) in text.char_indices().skip(1) {
        if closers.contains(&c) {
            let after = text[idx + c.len_utf8()..].trim_start_matches([' ', '.', ',']);
            if after.is_empty() || after.starts_with(['\n', '-', '–', '—', '~']) {
                close_at = Some(idx);
            }
        }
    }
    let close_at = close_at?;
    let quote_text = squash_spaces(&text[open.len_utf8()..close_at].replace('\n', " "));
    if quote_text.split_whitespace().count() < 4 {
        return None;
    }
    let tail = &text[close_at..];
    let tail = tail.char_indices().nth(1).map_or("", |(j, _)| &tail[j..]).trim_start_matches([' ', '.', ',']);
    let mut attribution: Vec<String> = tail
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '–', '—', '~']).trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let mut next = i + 1;
    if attribution.is_empty() {
        // The attribution on the following one to three lines: short paragraphs (blank
        // lines between them are allowed) or dash-led lines.
        let short = |l: &String| l.chars().count() <= 100;
        while let Some(n) = items.get(next) {
            let room = 3 - attribution.len();
            let takes = match n.kind {
                Kind::Para => {
                    n.lines.len() <= room
                        && n.lines.iter().all(short)
                        && !n.is_prose()
                        && !n.starts_quote()
                        && !items.get(next + 1).is_some_and(Item::is_bullet)
                }
                Kind::Bullet { .. } => n.is_dash_bullet() && room > 0 && n.lines.iter().all(short),
            };
            if !takes {
                break;
            }
            attribution.extend(n.lines.iter().cloned());
            next += 1;
            if attribution.len() >= 3 || attribution.iter().any(|l| trailing_date(l).is_some()) {
                break;
            }
        }
    }
    let (speaker, occasion, date) = parse_attribution(&attribution);
    Some((Quote { text: quote_text, speaker, occasion, date }, next))
}

/// "President Clinton / Freedom House Speech / October 6, 1995", on one to three lines,
/// or on one line separated by commas.
fn parse_attribution(lines: &[String]) -> (Option<String>, Option<String>, Option<PartialDate>) {
    let mut parts: Vec<String> = Vec::new();
    let mut date = None;
    for line in lines {
        if let Some(d) = parse_date(line) {
            date = Some(d);
            continue;
        }
        let mut rest = line.as_str();
        if let Some((d, at)) = trailing_date(line) {
            date = Some(d);
            rest = line[..at].trim_end().trim_end_matches([',', '-', '–', '—']);
        }
        if lines.len() == 1 {
            parts.extend(rest.split([',', '—', '–']).map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()));
        } else if !rest.trim().is_empty() {
            parts.push(rest.trim().to_owned());
        }
    }
    let mut parts = parts.into_iter();
    let speaker = parts.next();
    let occasion = parts.collect::<Vec<_>>().join(", ");
    (speaker, (!occasion.is_empty()).then_some(occasion), date)
}

/// What the caller knows about the document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Metadata that wins over anything derived (the embedded document has it).
    pub meta: Option<DocMeta>,
    /// The file's name, for a title when the text has none.
    pub file_name: Option<String>,
    /// The HTML `<title>` of a saved web page.
    pub html_title: Option<String>,
    pub source: Option<String>,
}

const NAV_WORDS: &[&str] = &[
    "text",
    "only",
    "help",
    "site",
    "map",
    "home",
    "search",
    "contact",
    "contacts",
    "us",
    "about",
    "index",
    "privacy",
    "statement",
    "menu",
    "skip",
    "to",
    "content",
    "main",
    "navigation",
    "the",
    "and",
    "links",
    "graphics",
    "version",
    "print",
    "email",
    "page",
    "back",
    "top",
    "next",
    "previous",
    "sitemap",
];

fn derive_title(masthead_raw: &[String], hints: &Hints) -> String {
    if let Some(t) = hints.html_title.as_ref().filter(|t| !t.trim().is_empty()) {
        return t.trim().to_owned();
    }
    let from_masthead = masthead_raw.iter().rev().find(|line| {
        let letter_spaced = collapse_letter_spacing(line) != **line;
        let all_nav = line
            .split_whitespace()
            .all(|w| NAV_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str()));
        !letter_spaced && !all_nav && is_title_like(line) && line.split_whitespace().count() >= 2
    });
    if let Some(t) = from_masthead {
        return t.clone();
    }
    if let Some(name) = &hints.file_name {
        let stem = std::path::Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.clone());
        let words = stem.replace(['_', '-'], " ");
        let words = squash_spaces(&words);
        let mut c = words.chars();
        if let Some(first) = c.next() {
            return first.to_uppercase().chain(c).collect();
        }
    }
    "Untitled record".to_owned()
}

/// Texts from this size on have their revision hashed beside the parse, on another core.
/// Shorter ones stay on the calling thread: handing work to the pool and waiting for it
/// costs more than they take (start-up, which parses the embedded record, took 10 ms more).
const HASH_BESIDE_BYTES: usize = 1 << 20;

/// Parses decoded text into a document.
pub fn parse_text(text: &str, hints: &Hints) -> Result<Document, DocumentError> {
    let (rev, doc) = if text.len() < HASH_BESIDE_BYTES {
        (hash_hex(text, 16), parse_with_rev(text, hints))
    } else {
        rayon::join(|| hash_hex(text, 16), || parse_with_rev(text, hints))
    };
    let mut doc = doc?;
    doc.rev = rev;
    Ok(doc)
}

/// [`parse_text`], but for the revision hash, which is left empty.
fn parse_with_rev(text: &str, hints: &Hints) -> Result<Document, DocumentError> {
    let lines = normalise_lines(text);
    if lines.iter().all(|l| l.trim().is_empty()) {
        return Err(DocumentError::Empty);
    }
    let mut items = items_on_every_core(&lines);
    let n = items.len();

    // Footer: navigation and legal lines at the very end.
    let mut body_end = n;
    while body_end > 0 && items[body_end - 1].is_nav() {
        body_end -= 1;
    }
    let has_bullets = items[..body_end].iter().filter(|it| it.is_bullet() && !it.is_dash_bullet()).count() >= 2;

    // Masthead, quote, introduction.
    let mut i = 0;
    let mut masthead_raw: Vec<String> = Vec::new();
    let mut quote = None;
    let mut intro: Vec<String> = Vec::new();
    // The last heading paragraph of the body, when it is first asked for.
    let mut last_heading: Option<Option<usize>> = None;
    while i < body_end {
        let item = &items[i];
        if item.is_bullet() {
            break;
        }
        if quote.is_none()
            && intro.is_empty()
            && item.starts_quote()
            && let Some((q, next)) = parse_quote(&items, i)
        {
            quote = Some(q);
            i = next;
            continue;
        }
        let next_is_bullet = items.get(i + 1).is_some_and(Item::is_bullet);
        if item.is_heading_para() {
            let heads_bullets = has_bullets && next_is_bullet;
            if intro.is_empty() && !heads_bullets {
                masthead_raw.extend(item.lines.iter().cloned());
                i += 1;
                continue;
            }
            break;
        }
        if intro.is_empty() && !item.is_prose() {
            masthead_raw.extend(item.lines.iter().cloned());
            i += 1;
            continue;
        }
        // No heading from here on. Its position is found once, not searched for again from
        // each paragraph of a long introduction (quadratic: 40,000 paragraphs took 90 s).
        let no_heading_after = |last: &mut Option<Option<usize>>| {
            last.get_or_insert_with(|| items[..body_end].iter().rposition(Item::is_heading_para)).is_none_or(|h| h < i)
        };
        if !has_bullets && !intro.is_empty() && no_heading_after(&mut last_heading) {
            // Paragraphs only, no headings: the first paragraph introduces, the rest are entries.
            break;
        }
        if item.ref_count().is_some() && !intro.is_empty() {
            break;
        }
        intro.push(item.text());
        i += 1;
    }

    // Sections, entries and related remarks.
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    let mut references: Vec<Reference> = Vec::new();
    let mut references_title = None;
    let mut in_refs = false;
    // What the loop asks of each item depends only on the items, so it is asked of them all
    // at once, on every core, before the loop moves entries' text out of their items.
    let body_start = i;
    // (A short body stays on this thread: see `HASH_BESIDE_BYTES`.)
    let (body, of) = (body_start..body_end, |k| ItemFacts::of(&items, k));
    let facts: Vec<ItemFacts> = if body.len() < 2 * FACTS_MIN {
        body.map(of).collect()
    } else {
        body.into_par_iter().with_min_len(FACTS_MIN).map(of).collect()
    };
    let fact = |k: usize| facts.get(k.wrapping_sub(body_start)).copied().unwrap_or_default();
    let ref_count_at = |k: usize| fact(k).ref_count;
    while i < body_end {
        let item = &items[i];
        let refs = ref_count_at(i).and_then(|_| item.ref_lines());
        let next_is_ref = ref_count_at(i + 1).is_some();
        let starts_refs = ref_count_at(i).is_some_and(|r| r > 1 || next_is_ref || i + 1 == body_end);
        if !in_refs && starts_refs && !sections.is_empty() {
            in_refs = true;
            if sections.last().is_some_and(|(_, e)| e.is_empty()) {
                references_title = sections.pop().map(|(t, _)| t);
            }
        }
        if in_refs {
            match refs {
                Some(lines) => references.extend(lines.iter().map(|l| reference_from_line(l))),
                None if !item.is_prose() && item.lines.len() == 1 && i + 1 < body_end => {} // a sub-heading
                None => references.push(reference_from_line(&item.text())),
            }
            i += 1;
            continue;
        }
        // Entries' spaces are squashed later, by `finish_entries`, on every core.
        let f = fact(i);
        match &item.kind {
            _ if f.heading => sections.push((item.lines[0].clone(), Vec::new())),
            Kind::Bullet { .. } if f.run_together => {
                let pieces = split_run_together(&item.lines[0]);
                current(&mut sections).extend(pieces);
            }
            Kind::Bullet { .. } => {
                // The usual entry: its text is moved, not copied (the loop never looks at it again).
                let text = std::mem::take(&mut items[i].lines[0]);
                current(&mut sections).push(text);
            }
            Kind::Para => current(&mut sections).push(item.text()),
        }
        i += 1;
    }
    sections.retain(|(_, entries)| !entries.is_empty());

    if sections.is_empty() && references.is_empty() {
        return Err(DocumentError::NotADocument);
    }

    let footer: Vec<String> = items[body_end..].iter().flat_map(|it| it.lines.iter().cloned()).collect();
    let meta = match &hints.meta {
        Some(m) => m.clone(),
        None => DocMeta {
            title: derive_title(&masthead_raw, hints),
            publisher: None,
            kind: if hints.html_title.is_some() { "saved web page" } else { "text document" }.to_owned(),
            licence: None,
            source: hints.source.clone(),
        },
    };
    let masthead: Vec<String> = masthead_raw.iter().map(|l| collapse_letter_spacing(l)).collect();
    let mut doc = assemble(meta, masthead, quote, intro.join("\n\n"), sections, references_title, references, footer);
    finish_entries(&mut doc, crate::core::places::gazetteer()?);
    Ok(doc)
}

/// The fewest items the facts of which are asked on one core.
const FACTS_MIN: usize = 4_000;

/// What the section loop of [`parse_with_rev`] asks of one item of the body.
#[derive(Debug, Clone, Copy, Default)]
struct ItemFacts {
    /// [`Item::ref_count`].
    ref_count: Option<usize>,
    /// A heading: a one-line paragraph that reads like one, or a bullet that is one
    /// ([`bullet_is_heading`]).
    heading: bool,
    /// A bullet that may hold entries run together ([`may_run_together`]).
    run_together: bool,
}

impl ItemFacts {
    fn of(items: &[Item], k: usize) -> Self {
        let item = &items[k];
        let ref_count = item.ref_count();
        let (heading, run_together) = match item.kind {
            Kind::Para => (item.is_heading_para_with(ref_count), false),
            Kind::Bullet { .. } => {
                // The item before is not a bullet, or it ends a sentence.
                let prev_ok = k == 0 || !items[k - 1].is_bullet() || ends_sentence(&items[k - 1].lines[0]);
                let heading = bullet_is_heading(items, k, prev_ok);
                (heading, !heading && may_run_together(&item.lines[0]))
            }
        };
        Self { ref_count, heading, run_together }
    }
}

fn current(sections: &mut Vec<(String, Vec<String>)>) -> &mut Vec<String> {
    if sections.is_empty() {
        sections.push((UNTITLED_SECTION.to_owned(), Vec::new()));
    }
    let last = sections.len() - 1;
    &mut sections[last].1
}

/// A bullet that is really a section heading: short and title-like, no closing period,
/// between entries that are sentences.
/// `prev_ok`: the item before is not a bullet, or it ends a sentence.
fn bullet_is_heading(items: &[Item], i: usize, prev_ok: bool) -> bool {
    let text = &items[i].lines[0];
    if text.ends_with(['.', ':', ';', ',', '!', '?']) || !is_title_like(text) || text.split_whitespace().count() > 15 {
        return false;
    }
    let Some(next) = items.get(i + 1) else {
        return false;
    };
    let next_text = next.text();
    let next_is_entry = next.is_bullet() && ends_sentence(&next_text) && !is_title_like(&next_text);
    next_is_entry && prev_ok
}

/// The fewest entries given their ids on one core.
const ENTRIES_MIN: usize = 2_000;

/// Squashes every entry's spaces and gives it its stable id; each entry is independent, so
/// long documents use every core. Then, in document order, a repeated id in a section gets a
/// suffix ("-2"), and the entries are tagged with their places.
fn finish_entries(doc: &mut Document, gazetteer: &'static crate::core::places::Gazetteer) {
    let title_keys: Vec<String> = doc.sections.iter().map(|s| normalise_for_id(&s.title)).collect();
    let mut work: Vec<(&str, &mut Entry)> = Vec::with_capacity(doc.entry_count());
    work.extend(
        doc.sections
            .iter_mut()
            .zip(&title_keys)
            .flat_map(|(s, key)| s.entries.iter_mut().map(move |e| (key.as_str(), e))),
    );
    let finish = |words: &mut Vec<u8>, (title_key, entry): &mut (&str, &mut Entry)| {
        entry.text = squash_spaces_owned(std::mem::take(&mut entry.text));
        // The id hashes "<section title key>\n<entry words>", built in one reused buffer.
        words.clear();
        words.extend_from_slice(title_key.as_bytes());
        words.push(b'\n');
        normalise_for_id_into(&entry.text, words);
        let hex = blake3::hash(words).to_hex();
        // "e-" and 12 hex digits, held inline.
        let mut id = *b"e-____________";
        id[2..].copy_from_slice(&hex.as_bytes()[..12]);
        entry.id = SmolStr::new(std::str::from_utf8(&id).unwrap_or_default());
    };
    // (A short document stays on this thread: see `HASH_BESIDE_BYTES`.)
    if work.len() <= ENTRIES_MIN {
        let mut words = Vec::new();
        work.iter_mut().for_each(|w| finish(&mut words, w));
    } else {
        work.par_iter_mut().with_min_len(ENTRIES_MIN).for_each_init(Vec::new, finish);
    }
    for section in &mut doc.sections {
        let mut ids = foldhash::HashSet::with_capacity_and_hasher(section.entries.len(), Default::default());
        if section.entries.iter().all(|e| ids.insert(e.id.as_str())) {
            continue; // no id repeated: the usual case
        }
        let mut seen: std::collections::HashMap<SmolStr, usize> = std::collections::HashMap::new();
        for entry in &mut section.entries {
            let count = seen.entry(entry.id.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                entry.id = SmolStr::from(format!("{}-{count}", entry.id));
            }
        }
    }
    doc.tag_places(gazetteer);
}

/// "2.3": section and position, written without `format!` or a heap string (it is done for
/// every entry).
fn entry_number(section: usize, position: usize) -> SmolStr {
    let (mut a, mut b) = (itoa::Buffer::new(), itoa::Buffer::new());
    let (section, position) = (a.format(section).as_bytes(), b.format(position).as_bytes());
    let mut buf = [0u8; 2 * 20 + 1]; // two usizes of at most 20 digits, and the dot
    let dot = section.len();
    let len = dot + 1 + position.len();
    buf[..dot].copy_from_slice(section);
    buf[dot] = b'.';
    buf[dot + 1..len].copy_from_slice(position);
    SmolStr::new(std::str::from_utf8(&buf[..len]).unwrap_or_default())
}

#[allow(clippy::too_many_arguments)] // one call site; the arguments are the parts of a document
fn assemble(
    meta: DocMeta,
    masthead: Vec<String>,
    quote: Option<Quote>,
    intro: String,
    raw_sections: Vec<(String, Vec<String>)>,
    references_title: Option<String>,
    references: Vec<Reference>,
    footer: Vec<String>,
) -> Document {
    // A repeated slug gets the first free suffix from "-2" on. The ids taken are a set, and
    // each slug remembers where its search stopped (ids are only ever added, so the ones
    // passed stay taken): with a list searched from "-2" each time, 300,000 sections took
    // minutes, and as many sections of one title, hours.
    let mut section_ids: foldhash::HashSet<String> = foldhash::HashSet::default();
    let mut next_suffix: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut sections = Vec::with_capacity(raw_sections.len());
    for (si, (title, texts)) in raw_sections.into_iter().enumerate() {
        let base = slug(&title);
        let id = if section_ids.insert(base.clone()) {
            base
        } else {
            let k = next_suffix.entry(base.clone()).or_insert(2);
            loop {
                let id = format!("{base}-{k}");
                *k += 1;
                if section_ids.insert(id.clone()) {
                    break id;
                }
            }
        };
        let entries = texts
            .into_iter()
            .enumerate()
            .map(|(ei, text)| Entry {
                id: SmolStr::default(), // given by `finish_entries`
                number: entry_number(si + 1, ei + 1),
                text,
                tags: Default::default(),
            })
            .collect();
        sections.push(Section { id, title, entries });
    }
    let identity = format!(
        "{}\n{}\n{}",
        quote.as_ref().map(|q| normalise_for_id(&q.text)).unwrap_or_default(),
        normalise_for_id(&intro),
        sections.iter().map(|s| normalise_for_id(&s.title)).collect::<Vec<_>>().join("\n")
    );
    Document {
        id: format!("doc-{}", hash_hex(&identity, 16)),
        rev: String::new(), // given by `parse_text`
        meta,
        masthead,
        quote,
        intro,
        sections,
        references_title,
        references,
        footer,
        index: Default::default(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_numbers() {
        // The longest (two 20-digit numbers) is longer than a number held inline.
        for (s, p) in [(1, 1), (2, 10), (10, 0), (123, 45_678), (usize::MAX, 7), (usize::MAX, usize::MAX)] {
            assert_eq!(entry_number(s, p), format!("{s}.{p}"));
        }
    }

    #[test]
    fn repeated_section_titles_get_the_first_free_suffix() {
        // The rule as it was written first: search from "-2" each time, in a list.
        fn searched(slugs: &[String]) -> Vec<String> {
            let mut taken: Vec<String> = Vec::new();
            for base in slugs {
                let (mut id, mut k) = (base.clone(), 2);
                while taken.contains(&id) {
                    id = format!("{base}-{k}");
                    k += 1;
                }
                taken.push(id);
            }
            taken
        }
        let titles = ["A", "A", "A 2", "A", "A 3", "A", "B", "A 2", "A-2-2", "A", "B", "B 2", "B"];
        let raw: Vec<(String, Vec<String>)> = titles.iter().map(|t| ((*t).to_owned(), Vec::new())).collect();
        let meta = DocMeta { title: String::new(), publisher: None, kind: String::new(), licence: None, source: None };
        let doc = assemble(meta, vec![], None, String::new(), raw, None, vec![], vec![]);
        let ids: Vec<String> = doc.sections.iter().map(|s| s.id.clone()).collect();
        let slugs: Vec<String> = titles.iter().map(|t| slug(t)).collect();
        assert_eq!(ids, searched(&slugs));
        assert!(ids.contains(&"a-2-2-2".to_owned()), "{ids:?}");
    }

    #[test]
    fn a_wrapped_bullet_is_joined_as_its_lines_were_one_by_one() {
        // Hyphenated breaks, a line of closing quotes only, a lower-case continuation.
        let text = "• Supported democratically-\n  elected leaders in the\n  region.\n  \"\n  and more (see\n  below)\n• Next.\n";
        let lines = normalise_lines(text);
        let got = items(&lines);
        let wrapped: Vec<String> =
            ["Supported democratically-", "elected leaders in the", "region.", "\"", "and more (see", "below)"]
                .iter()
                .map(|l| (*l).to_owned())
                .collect();
        let one_by_one = wrapped[1..].iter().fold(wrapped[0].clone(), |acc, l| join_lines(&[acc, l.clone()]));
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].lines.as_slice(), [one_by_one]);
        assert_eq!(got[0].lines[0], "Supported democratically-elected leaders in the region. \" and more (see below)");
    }

    #[test]
    fn items_read_in_parts_are_the_items_of_the_whole() {
        // The seed and the wrapped fixture (bullets, wrapped bullets, paragraphs, headings,
        // blank lines), cut after every few lines; and a long generated record.
        let wrapped = include_str!("../../tests/fixtures/record-of-progress-wrapped.txt");
        let text = [crate::core::open::EMBEDDED_TEXT, wrapped].concat().repeat(3);
        let lines = normalise_lines(&text);
        let whole = items(&lines);
        assert!(whole.iter().any(Item::is_bullet) && whole.iter().any(|i| !i.is_bullet()));
        for part_lines in [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89] {
            assert_eq!(items_in_parts(&lines, part_lines), whole, "parts of {part_lines} lines");
        }
        let g = crate::core::places::gazetteer().unwrap();
        let long = crate::core::synth::document_text(40_000, 7, g);
        let lines = normalise_lines(&long);
        assert!(lines.len() > 2 * PART_LINES, "long enough to be cut: {} lines", lines.len());
        assert_eq!(items_on_every_core(&lines), items(&lines));
    }

    #[test]
    fn lines_cleaned_in_parts_are_the_lines_of_the_whole() {
        // Odd spaces, tabs and invisible characters here and there, lines of every length.
        let text = crate::core::open::EMBEDDED_TEXT.replacen("Worked with", "Worked\u{a0}with", 1).replacen(
            "the ",
            "the\t\u{200b}",
            40,
        ) + "\n\nlast\u{3000}line \n";
        let whole = normalise_part(&text);
        assert!(whole.iter().any(|l| matches!(l, Cow::Owned(_))), "some lines were cleaned");
        for part_bytes in [0, 1, 2, 7, 64, 500, 4_096, text.len()] {
            assert_eq!(normalise_in_parts(&text, part_bytes), whole, "parts of {part_bytes} bytes");
        }
        let long = text.repeat(2 * PART_BYTES / text.len() + 1);
        assert_eq!(normalise_lines(&long), normalise_part(&long));
    }

    #[test]
    fn odd_spaces_are_found_by_their_bytes() {
        for c in ['\t', '\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}', '\u{ad}', '\u{a0}', '\u{2000}', '\u{2005}']
            .into_iter()
            .chain(['\u{200a}', '\u{202f}', '\u{205f}', '\u{3000}'])
        {
            assert!(is_special_space(c), "{c:?}");
            assert!(has_special_space(&format!("• a{c}b"),), "{c:?}");
        }
        // Characters that share those lead bytes but are kept.
        for c in ['•', '€', '©', '\u{3001}', '\u{fffd}', '\u{2010}', 'é', ' '] {
            assert!(!is_special_space(c), "{c:?}");
            assert!(!has_special_space(&format!("• a{c}b")), "{c:?}");
        }
        let lines = normalise_lines("a\u{a0}b\tc\u{200b}d \n• clean line  \n");
        assert_eq!(lines, ["a b cd", "• clean line", ""]);
        assert!(matches!(lines[1], Cow::Borrowed(_)));
    }

    #[test]
    fn bullet_markers_of_the_genre() {
        for line in [
            "• Worked",
            "· Worked",
            "* Worked",
            "- Worked",
            "o Worked",
            "? Worked",
            "?Worked",
            "1. Worked",
            "(a) Worked",
            "  – Worked",
            "\u{f0b7} Worked",
        ] {
            assert_eq!(strip_bullet(line).map(|(_, r)| r), Some("Worked"), "{line}");
        }
        for line in ["order was kept.", "-- ", "Why? Because", "1995. Worked", "o", "?"] {
            assert_eq!(strip_bullet(line), None, "{line}");
        }
    }

    #[test]
    fn run_together_entries_split_only_at_sentence_ends() {
        assert_eq!(
            split_run_together("Helped the former Soviet Union.· Pressed for rights."),
            vec!["Helped the former Soviet Union.", "Pressed for rights."]
        );
        assert_eq!(split_run_together("The Catalan l·l and Tom·Jerry."), vec!["The Catalan l·l and Tom·Jerry."]);
        assert_eq!(split_run_together("Haiti • Bosnia • Kosovo"), vec!["Haiti", "Bosnia", "Kosovo"]);
    }
}
