//! The top of a record, before its first entry: masthead (site banner and navigation), pull
//! quote, introduction; and the title, when nothing gives one.

use super::Hints;
use super::items::Item;
use super::quote::{parse_quote, parse_unmarked_quote};
use crate::core::model::Quote;
use crate::core::text::{collapse_letter_spacing, is_title_like};

/// What comes before a record's body.
pub(super) struct Head {
    /// Masthead lines as they are (letter spacing not yet collapsed).
    pub(super) masthead_raw: Vec<String>,
    pub(super) quote: Option<Quote>,
    /// Introductory paragraphs.
    pub(super) intro: Vec<String>,
    /// The first item of the body.
    pub(super) end: usize,
}

/// Reads masthead, quote and introduction from the items before `body_end` (where the footer
/// starts).
pub(super) fn read_head(items: &[Item], body_end: usize) -> Head {
    let has_bullets = items[..body_end].iter().filter(|it| it.is_bullet() && !it.is_dash_bullet()).count() >= 2;
    let mut i = 0;
    let mut masthead_raw: Vec<String> = Vec::new();
    let mut quote = None;
    let mut intro: Vec<String> = Vec::new();
    // The last heading paragraph of the body, when it is first asked for.
    let mut last_heading: Option<Option<usize>> = None;
    while i < body_end {
        let item = &items[i];
        if item.is_bullet() {
            // A quotation set as the page's first bullet, with its speaker: the quote.
            if quote.is_none()
                && intro.is_empty()
                && item.lines[0].starts_with(['"', '“'])
                && let Some((q, next)) = parse_quote(items, i).filter(|(q, _)| q.speaker.is_some())
            {
                quote = Some(q);
                i = next;
                continue;
            }
            break;
        }
        if quote.is_none()
            && intro.is_empty()
            && let Some((q, next)) =
                if item.starts_quote() { parse_quote(items, i) } else { parse_unmarked_quote(items, i) }
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
    Head { masthead_raw, quote, intro, end: i }
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

pub(super) fn derive_title(masthead_raw: &[String], first_heading: Option<&str>, hints: &Hints) -> String {
    if let Some(t) = hints.html_title.as_ref().filter(|t| !t.trim().is_empty()) {
        return t.trim().to_owned();
    }
    // A title-like line of the masthead that is not navigation, a date alone or spaced out
    // letters; of those, one of three words or more before a shorter one (site sections,
    // "Your Government", are short), then the last (navigation comes first).
    let from_masthead = masthead_raw
        .iter()
        .enumerate()
        .filter(|(_, line)| {
            let letter_spaced = collapse_letter_spacing(line) != **line;
            let all_nav = line
                .split_whitespace()
                .all(|w| NAV_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase().as_str()));
            let a_date = crate::core::dates::parse_date(line).is_some();
            !letter_spaced && !all_nav && !a_date && is_title_like(line) && line.split_whitespace().count() >= 2
        })
        .max_by_key(|(at, line)| (line.split_whitespace().count() >= 3, *at));
    if let Some((_, t)) = from_masthead {
        return t.clone();
    }
    // Then the first heading of the body: a file's name is how it was saved, not what the
    // record is called, and is never the title.
    if let Some(heading) = first_heading.filter(|h| !h.trim().is_empty() && *h != super::UNTITLED_SECTION) {
        return heading.trim().to_owned();
    }
    "Untitled record".to_owned()
}

/// The first web address named in `lines` (an archive page's header or footer often names
/// the page's own address), without the punctuation around it.
pub(super) fn named_url<'l>(lines: impl Iterator<Item = &'l String>) -> Option<String> {
    lines.flat_map(|l| l.split_whitespace()).find_map(|word| {
        let at = word.find("https://").or_else(|| word.find("http://"))?;
        let url = word[at..].trim_end_matches(['.', ',', ';', ')', ']', '>', '"', '\'']);
        (url.len() > "https://".len() && url.len() < 2048).then(|| url.to_owned())
    })
}
