//! The body of a record: sections of entries under their headings (bullets that are really
//! headings, entries run together on one line), then the related remarks with their dates.

use super::items::{Item, Kind, may_run_together, split_run_together};
use crate::core::dates::trailing_date;
use crate::core::model::Reference;
use crate::core::parse::UNTITLED_SECTION;
use crate::core::text::{ends_sentence, is_title_like};
use rayon::prelude::*;

/// A section as read: its title, the group heading it sits under, its entries' text.
pub(crate) struct RawSection {
    pub(crate) title: String,
    pub(crate) group: Option<RawGroup>,
    /// See [`crate::core::model::Section::description`].
    pub(crate) description: Option<String>,
    pub(crate) entries: Vec<String>,
}

impl RawSection {
    /// A section of this title, under this group, with no description or entries yet.
    pub(crate) fn new(title: String, group: Option<RawGroup>) -> Self {
        Self { title, group, description: None, entries: Vec::new() }
    }
}

/// A group heading as read: its title, and which group heading of the page it is (two
/// headings of one title are two groups, each over its own sections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawGroup {
    pub(crate) title: String,
    pub(crate) nth: usize,
    /// See [`crate::core::model::Group::heads_section`].
    pub(crate) heads_section: bool,
}

/// A record's body as read: sections and the related remarks.
pub(crate) struct Body {
    /// Entries' spaces are squashed later, with their ids, on every core.
    pub(crate) sections: Vec<RawSection>,
    pub(crate) references_title: Option<String>,
    pub(crate) references: Vec<Reference>,
    /// Paragraphs of the body that are not entries ([`not_an_entry`]).
    pub(crate) unplaced: Vec<String>,
}

/// Reads the items from `start` to `end` (where the footer starts). Entries' text is moved
/// out of their items.
pub(super) fn read_body(items: &mut [Item], start: usize, end: usize) -> Body {
    let mut sections: Vec<RawSection> = Vec::new();
    // The group heading the sections are under, and whether it is in capitals.
    let mut group: Option<(RawGroup, bool)> = None;
    let mut groups_read = 0;
    // Whether a section has been read under the group yet.
    let mut group_used = false;
    let mut references: Vec<Reference> = Vec::new();
    let mut references_title = None;
    let mut unplaced = Vec::new();
    let mut in_refs = false;
    // A record of bullets has its entries in them: its other paragraphs are not entries.
    let bulleted = items.get(start..end).unwrap_or_default().iter().filter(|it| it.is_bullet()).count() >= 2;
    let facts = ItemFacts::of_all(items, start..end);
    let fact = |k: usize| facts.get(k.wrapping_sub(start)).copied().unwrap_or_default();
    let ref_count_at = |k: usize| fact(k).ref_count;
    let contents = contents_run(items, start, end, &facts);
    for (i, item) in items.iter_mut().enumerate().take(end).skip(start) {
        if contents.contains(&i) {
            unplaced.push(item.text());
            continue;
        }
        let refs = ref_count_at(i).and_then(|_| item.ref_lines());
        let next_is_ref = ref_count_at(i + 1).is_some();
        let starts_refs = ref_count_at(i).is_some_and(|r| r > 1 || next_is_ref || i + 1 == end);
        if !in_refs && starts_refs && !sections.is_empty() {
            in_refs = true;
            if sections.last().is_some_and(|s| s.entries.is_empty())
                && let Some(last) = sections.pop()
            {
                // Its group, when it headed nothing else, is kept as other text.
                if let Some(g) = last.group.filter(|g| !sections.iter().any(|s| s.group.as_ref() == Some(g))) {
                    unplaced.push(g.title);
                }
                references_title = Some(last.title);
            }
        }
        if in_refs {
            match refs {
                Some(lines) => references.extend(lines.iter().map(|l| reference_from_line(l))),
                // A sub-heading of the remarks: kept as other text.
                None if !item.is_prose() && item.lines.len() == 1 && i + 1 < end => unplaced.push(item.text()),
                None => references.push(reference_from_line(&item.text())),
            }
            continue;
        }
        let f = fact(i);
        match &item.kind {
            Kind::Para if is_credit(&item.text()) => unplaced.push(item.text()),
            _ if f.heading => {
                let title = item.lines[0].clone();
                let capitals = in_capitals(&title);
                // A heading of the group's style ends the group (once it heads a section).
                if group_used && group.as_ref().is_some_and(|(_, c)| *c == capitals) {
                    group = None;
                }
                // A heading straight over another heading heads the sections below it.
                if fact(i + 1).heading && i + 1 < end && ref_count_at(i + 1).is_none() {
                    // A group that headed no section is kept as other text.
                    if let Some((unused, _)) = group.take().filter(|_| !group_used) {
                        unplaced.push(unused.title);
                    }
                    groups_read += 1;
                    group = Some((RawGroup { title, nth: groups_read, heads_section: false }, capitals));
                    group_used = false;
                } else {
                    group_used |= group.is_some();
                    sections.push(RawSection::new(title, group.as_ref().map(|(g, _)| g.clone())));
                }
            }
            // A source note set as a bullet ("• [source: National Security Council]"): it
            // says where the entries above come from, it is not one.
            Kind::Bullet { .. } if is_bracketed(&item.lines[0]) => unplaced.push(item.text()),
            Kind::Bullet { .. } if f.run_together => {
                let pieces = split_run_together(&item.lines[0]);
                current(&mut sections).extend(pieces);
            }
            Kind::Bullet { .. } => {
                // The usual entry: its text is moved, not copied (the loop never looks at it again).
                let text = std::mem::take(&mut item.lines[0]);
                current(&mut sections).push(text);
            }
            Kind::Para if not_an_entry(item, bulleted) => unplaced.push(item.text()),
            Kind::Para => current(&mut sections).push(item.text()),
        }
    }
    drop_empty_sections(&mut sections, &mut unplaced);
    Body { sections, references_title, references, unplaced }
}

/// Takes out the sections with no entries. A heading with no entries under it is kept as
/// other text, not dropped; so is a group heading none of whose sections has entries.
fn drop_empty_sections(sections: &mut Vec<RawSection>, unplaced: &mut Vec<String>) {
    for (k, s) in sections.iter().enumerate().filter(|(_, s)| s.entries.is_empty()) {
        if let Some(g) = &s.group
            && !sections.iter().any(|o| o.group.as_ref() == Some(g) && !o.entries.is_empty())
            && !sections[..k].iter().any(|o| o.group.as_ref() == Some(g))
        {
            unplaced.push(g.title.clone());
        }
        unplaced.push(s.title.clone());
    }
    sections.retain(|s| !s.entries.is_empty());
}

/// The items of the body that are the page's table of contents: its first run of three or
/// more short bullets without a sentence end (after a heading or none), at least half of
/// which name a heading further down (the links at the top of an archive page). Empty when
/// there is none.
fn contents_run(items: &[Item], start: usize, end: usize, facts: &[ItemFacts]) -> std::ops::Range<usize> {
    if start >= end || end > items.len() {
        return start..start;
    }
    let key = |t: &str| crate::core::text::normalise_for_id(t);
    let from = start + usize::from(facts.first().is_some_and(|f| f.heading) && items[start].is_heading_para());
    let run = items[from..end]
        .iter()
        .take_while(|it| it.is_bullet() && it.lines.len() == 1 && is_title_like(&it.lines[0]))
        .count();
    if run < 3 {
        return from..from;
    }
    let headings: foldhash::HashSet<String> = items[from + run..end]
        .iter()
        .zip(&facts[from + run - start..])
        .filter(|(_, f)| f.heading)
        .map(|(it, _)| key(&it.lines[0]))
        .collect();
    let named = items[from..from + run].iter().filter(|it| headings.contains(&key(&it.lines[0]))).count();
    if named * 2 >= run { from..from + run } else { from..from }
}

/// A paragraph of the body that is not an entry: a source note in brackets ("[source:
/// …]"), a photo credit ("AP/Wide World Photos"), a lead-in to a list (ending in ":"), or,
/// in a record whose entries are bullets, any other paragraph of running text.
fn not_an_entry(item: &Item, bulleted: bool) -> bool {
    let text = item.text();
    let t = text.trim();
    is_bracketed(t) || is_credit(t) || (bulleted && (t.ends_with(':') || item.is_prose()))
}

/// A note in square brackets: "[source: National Security Council]".
fn is_bracketed(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[') && t.ends_with(']')
}

/// A photo credit: a short line naming a picture agency or a credit ("AP/Wide World
/// Photos", "Photo courtesy of USAID").
fn is_credit(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    t.split_whitespace().count() <= 8
        && !ends_sentence(t)
        && ["photo", "courtesy of", "ap/", "reuters", "getty images", "credit:"].iter().any(|w| lower.contains(w))
}

/// A heading all in capitals ("REGIONAL STABILITY"), rather than in title case.
fn in_capitals(title: &str) -> bool {
    let mut letters = title.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// The fewest items the facts of which are asked on one core.
const FACTS_MIN: usize = 4_000;

/// What the section loop of [`read_body`] asks of one item of the body.
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
    /// The facts of the items in `body`. They depend only on the items, so they are asked of
    /// them all at once, on every core, before the loop moves entries' text out of their
    /// items. A short body stays on this thread (see [`super::HASH_BESIDE_BYTES`]).
    fn of_all(items: &[Item], body: std::ops::Range<usize>) -> Vec<Self> {
        let of = |k| Self::of(items, k);
        if body.len() < 2 * FACTS_MIN {
            body.map(of).collect()
        } else {
            body.into_par_iter().with_min_len(FACTS_MIN).map(of).collect()
        }
    }

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

fn current(sections: &mut Vec<RawSection>) -> &mut Vec<String> {
    if sections.is_empty() {
        sections.push(RawSection::new(UNTITLED_SECTION.to_owned(), None));
    }
    let last = sections.len() - 1;
    &mut sections[last].entries
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

pub(crate) fn reference_from_line(line: &str) -> Reference {
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
