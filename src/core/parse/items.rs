//! Second stage: lines to *items*, bullet entries (wrapped continuation lines joined) and
//! paragraphs (runs of non-blank lines), read in parts on every core for a long text; and
//! what the later stages ask of an item (a heading? prose? a list of dated remarks? site
//! navigation?).

use crate::core::dates::trailing_date;
use crate::core::text::{ends_sentence, is_title_like, join_lines};
use rayon::prelude::*;
use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Bullet { marker: char },
    Para,
}

pub(super) type Lines = smallvec::SmallVec<[String; 1]>;

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    pub(super) kind: Kind,
    /// For a paragraph, its lines; for a bullet, one element: its joined text (held inline:
    /// no list is allocated for the one line of each of a long record's bullets).
    pub(super) lines: Lines,
}

impl Item {
    pub(super) fn text(&self) -> String {
        join_lines(&self.lines)
    }
    pub(super) fn is_bullet(&self) -> bool {
        matches!(self.kind, Kind::Bullet { .. })
    }
    pub(super) fn is_dash_bullet(&self) -> bool {
        matches!(self.kind, Kind::Bullet { marker } if matches!(marker, '-' | '–' | '—' | '~'))
    }
    pub(super) fn single_line(&self) -> Option<&str> {
        (self.lines.len() == 1).then(|| self.lines[0].as_str())
    }
    /// A one-line paragraph that reads like a heading.
    pub(super) fn is_heading_para(&self) -> bool {
        self.is_heading_para_with(self.ref_count())
    }
    /// [`Self::is_heading_para`], given the item's [`Self::ref_count`].
    pub(super) fn is_heading_para_with(&self, ref_count: Option<usize>) -> bool {
        matches!(self.kind, Kind::Para) && self.single_line().is_some_and(is_title_like) && ref_count.is_none()
    }
    /// Running text rather than a label: a sentence of some length, or simply long.
    pub(super) fn is_prose(&self) -> bool {
        let t = self.text();
        let words = t.split_whitespace().count();
        (ends_sentence(&t) && words >= 6) || words >= 25
    }
    pub(super) fn starts_quote(&self) -> bool {
        matches!(self.kind, Kind::Para)
            && self.lines[0].starts_with(['"', '“', '„', '«', '‘', '\''])
            && self.text().chars().count() >= 20
    }
    /// How many reference lines [`Self::ref_lines`] would give, without copying them.
    pub(super) fn ref_count(&self) -> Option<usize> {
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
    pub(super) fn ref_lines(&self) -> Option<Vec<String>> {
        // Every line a reference, or (count 1 of several lines) the lines joined into one.
        let n = self.ref_count()?;
        Some(if n == self.lines.len() { self.lines.to_vec() } else { vec![self.text()] })
    }
    /// Site navigation or legal lines.
    pub(super) fn is_nav(&self) -> bool {
        if self.is_bullet() || self.ref_count().is_some() {
            return false;
        }
        self.lines.iter().all(|l| {
            let lower = l.to_lowercase();
            l.contains('|')
                || l.contains('©')
                // A web address alone on its line: the page's own address, not reading text.
                || (!l.trim().contains(' ') && (l.trim().starts_with("http://") || l.trim().starts_with("https://")))
                || ["copyright", "privacy", "last updated", "back to top", "return to", "top of page"]
                    .iter()
                    .any(|p| lower.starts_with(p))
                // A short label ("Privacy Statement"), not running text cut short (a page's
                // excerpt ends mid-sentence: "In response to the attacks, the President fu").
                || (l.chars().count() <= 60 && !ends_sentence(l) && !l.ends_with(':') && !is_running_text(l))
        })
    }
}

/// Words of a sentence rather than a label: six words or more, not in title case.
fn is_running_text(line: &str) -> bool {
    line.split_whitespace().count() >= 6 && !is_title_like(line)
}

/// A line of the related-remarks list: a title, then a date set off by a comma or dash.
pub(crate) fn is_reference_line(line: &str) -> bool {
    let Some((_, at)) = trailing_date(line) else {
        return false;
    };
    let before = line[..at].trim_end();
    !before.is_empty()
        && line.chars().count() <= 300
        && (before.ends_with([',', '-', '–', '—', ':', '(', '|']) || before.ends_with(",\"") || before.ends_with(",”"))
}

/// Strips a list marker from the start of a line: •, ·, *, -, o, a stray "?", "1." …
fn strip_bullet(line: &str) -> Option<(char, &str)> {
    let t = line.trim_start();
    // "-- " at the start of a line: the bullet of older typewritten releases (1990s State
    // Department fact sheets), where a lone "-" would be a minus or a hyphen.
    if let Some(rest) = t.strip_prefix("-- ")
        && !rest.trim().is_empty()
    {
        return Some(('-', rest.trim_start()));
    }
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
pub(super) fn may_run_together(text: &str) -> bool {
    !text.is_ascii() && text.contains(['•', '·', '▪', '■', '●', '\u{f0b7}'])
}

/// Splits entries run together on one line: "…Soviet Union.· Pressed consistently…".
pub(super) fn split_run_together(text: &str) -> Vec<String> {
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

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The fewest lines in a part of [`items_on_every_core`].
const PART_LINES: usize = 16_384;

/// [`items`] of a long text, in parts cut at blank lines and read on every core. A blank
/// line ends every item, and nothing before it is looked at after it, so each part gives the
/// items the whole text gives there.
pub(super) fn items_on_every_core(lines: &[Cow<'_, str>]) -> Vec<Item> {
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
                    // A banner of spaced-out letters is never part of an entry.
                    let continues = (indent(line) > bullet_indent
                        || !ends_sentence(prev)
                        || trimmed.starts_with(|c: char| c.is_lowercase()))
                        && !crate::core::text::is_letter_spaced(&trimmed);
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

#[cfg(test)]
mod tests {
    use super::super::lines::normalise_lines;
    use super::*;

    #[test]
    pub(super) fn a_wrapped_bullet_is_joined_as_its_lines_were_one_by_one() {
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
    pub(super) fn items_read_in_parts_are_the_items_of_the_whole() {
        // The seed and the wrapped fixture (bullets, wrapped bullets, paragraphs, headings,
        // blank lines), cut after every few lines; and a long generated record.
        let wrapped = include_str!("../../../tests/fixtures/record-of-progress-wrapped.txt");
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
    pub(super) fn bullet_markers_of_the_genre() {
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
            "-- Worked",
        ] {
            assert_eq!(strip_bullet(line).map(|(_, r)| r), Some("Worked"), "{line}");
        }
        for line in ["order was kept.", "-- ", "Why? Because", "1995. Worked", "o", "?"] {
            assert_eq!(strip_bullet(line), None, "{line}");
        }
    }

    #[test]
    pub(super) fn run_together_entries_split_only_at_sentence_ends() {
        assert_eq!(
            split_run_together("Helped the former Soviet Union.· Pressed for rights."),
            vec!["Helped the former Soviet Union.", "Pressed for rights."]
        );
        assert_eq!(split_run_together("The Catalan l·l and Tom·Jerry."), vec!["The Catalan l·l and Tom·Jerry."]);
        assert_eq!(split_run_together("Haiti • Bosnia • Kosovo"), vec!["Haiti", "Bosnia", "Kosovo"]);
    }
}
