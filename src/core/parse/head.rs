//! The top of a record, before its first entry: masthead (site banner and navigation), pull
//! quote, introduction; and the title, when nothing gives one.

use super::Hints;
use super::items::Item;
use super::quote::{names_a_speaker, parse_quote, parse_unmarked_quote};
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
    // The quote's attribution is looked for after it: never in the footer.
    let items = &items[..body_end.min(items.len())];
    let has_bullets = items[..body_end].iter().filter(|it| it.is_bullet() && !it.is_dash_bullet()).count() >= 2;
    let mut i = 0;
    let mut masthead_raw: Vec<String> = Vec::new();
    let mut quote = None;
    let mut intro: Vec<String> = Vec::new();
    // The last heading paragraph of the body, when it is first asked for.
    let mut last_heading: Option<Option<usize>> = None;
    while i < body_end {
        let item = &items[i];
        if quote.is_none()
            && let Some((q, next)) = quote_at(items, i, intro.len())
        {
            quote = Some(q);
            i = next;
            continue;
        }
        if item.is_bullet() {
            break;
        }
        let next_is_bullet = items.get(i + 1).is_some_and(Item::is_bullet);
        if item.is_heading_para() {
            let heads_bullets = has_bullets && next_is_bullet;
            // Above the quote, a heading is the page's own (title, site, section of the
            // site); under it, the first heading of the record's body.
            if intro.is_empty() && !heads_bullets && quote.is_none() {
                masthead_raw.extend(item.lines.iter().cloned());
                i += 1;
                continue;
            }
            break;
        }
        // The archive's notice that the page is kept as it was ("This is historical material,
        // 'frozen in time'"): site chrome above the page, however long.
        if intro.is_empty() && quote.is_none() && is_archive_notice(item) {
            masthead_raw.extend(item.lines.iter().cloned());
            i += 1;
            continue;
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
        if !has_bullets && opens_with_lead_in(&item.text()) && no_heading_after(&mut last_heading) {
            // Paragraphs only, no headings: the paragraphs that open with a lead-in phrase
            // ("Honoring A Leader In The Struggle For Human Rights. President Clinton …")
            // are the entries, from the first of them on; the paragraphs before them
            // introduce. A page of plain paragraphs (a blog post) is all introduction.
            break;
        }
        if item.ref_count().is_some() && !intro.is_empty() {
            break;
        }
        intro.push(item.text());
        i += 1;
    }
    if let Some(q) = quote.as_mut().filter(|q| q.speaker.is_none()) {
        take_trailing_attribution(q, &mut intro);
    }
    Head { masthead_raw, quote, intro, end: i }
}

/// The pull quote that begins at `items[i]`, when one may begin there, and the item after
/// it. Before the introduction: a quotation, which a bullet is only when set in quote marks
/// with its speaker (the page's first bullet). After one paragraph (a blog post's deck, one
/// sentence under the title): a quotation in quote marks over a speaker's name.
fn quote_at(items: &[Item], i: usize, intro_len: usize) -> Option<(Quote, usize)> {
    let item = &items[i];
    match intro_len {
        0 if item.is_bullet() => {
            if !item.lines[0].starts_with(['"', '“']) {
                return None;
            }
            parse_quote(items, i).filter(|(q, _)| q.speaker.is_some())
        }
        0 if item.starts_quote() => parse_quote(items, i),
        0 => parse_unmarked_quote(items, i),
        1 if !item.is_bullet() && item.starts_quote() => {
            parse_quote(items, i).filter(|(q, _)| q.speaker.as_deref().is_some_and(names_a_speaker))
        }
        _ => None,
    }
}

/// The archive's notice above a page it keeps as it was: "This is historical material,
/// 'frozen in time.' The web site is no longer updated …" (the presidential libraries'
/// archived White House sites).
fn is_archive_notice(item: &Item) -> bool {
    let lower = item.text().to_lowercase();
    item.lines.len() <= 3
        && (lower.starts_with("this is historical material")
            || (lower.contains("frozen in time") && lower.contains("no longer updated")))
}

/// A paragraph that opens with a lead-in phrase in title case ending in a period, before its
/// sentences: "Supporting Africa's Progress Toward The 21st Century. President Clinton …"
/// (the White House's daily pages set each item of their list so).
pub(super) fn opens_with_lead_in(text: &str) -> bool {
    let Some(end) = text.find(". ") else { return false };
    let phrase = &text[..end];
    let words = phrase.split_whitespace().count();
    // The period is the phrase's own, not an abbreviation's ("U.S. Policy").
    let last = phrase.split_whitespace().last().unwrap_or("");
    let last_is_word = last.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !last.contains('.');
    (2..=15).contains(&words)
        && last_is_word
        && is_title_like(phrase)
        && text[end + 2..].trim_start().starts_with(char::is_uppercase)
}

/// A pull quote with no attribution under it, when the page was laid out in a table: its
/// attribution cell comes after the introduction, at the end of one of its paragraphs, after
/// the last sentence (`… the post-Cold War world. President ClintonSan Francisco, California
/// February 26, 1999`), the cells' text run together. It is taken out of the paragraph into
/// the quote.
fn take_trailing_attribution(quote: &mut Quote, intro: &mut [String]) {
    for para in intro.iter_mut() {
        let Some((_, at)) = crate::core::dates::trailing_date(para) else { continue };
        let before = para[..at].trim_end();
        // The tail after the paragraph's last sentence.
        let Some(start) = [". ", "? ", "! ", ".\" ", ".” ", "?\" ", "?” "]
            .iter()
            .filter_map(|end| before.rfind(end).map(|k| k + end.len() - 1))
            .max()
        else {
            continue;
        };
        let tail = before[start..].trim();
        if tail.chars().count() > 100 {
            continue;
        }
        let mut lines: Vec<String> = match split_run_together_cells(tail) {
            Some((speaker, place)) => vec![speaker.to_owned(), place.to_owned()],
            None => vec![tail.to_owned()],
        };
        if !names_a_speaker(&lines[0]) {
            continue;
        }
        lines.push(para[at..].trim().to_owned());
        let (speaker, occasion, date) = super::quote::parse_attribution(&lines);
        (quote.speaker, quote.occasion, quote.date) = (speaker, occasion, date);
        let kept = para[..start].trim_end().to_owned();
        *para = kept;
        return;
    }
}

/// Two table cells whose text a rendering ran together: `President ClintonSan Francisco` is
/// "President Clinton" and "San Francisco". Split where a word of three or more lower-case
/// letters runs into a capital followed by lower case (`McDonald`, `MacArthur` stay whole).
fn split_run_together_cells(text: &str) -> Option<(&str, &str)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut lower_run = 0;
    for (k, &(at, c)) in chars.iter().enumerate() {
        if c.is_uppercase() && lower_run >= 3 && chars.get(k + 1).is_some_and(|(_, n)| n.is_lowercase()) {
            return Some((text[..at].trim(), text[at..].trim()));
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
    }
    None
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
            !letter_spaced
                && !all_nav
                && !a_date
                && !is_page_chrome(line)
                && !names_an_office(line)
                && is_title_like(line)
                && line.split_whitespace().count() >= 2
        })
        .max_by_key(|(at, line)| (line.split_whitespace().count() >= 3, *at));
    if let Some((_, t)) = from_masthead {
        return t.clone();
    }
    // Then the first heading of the body: a file's name is how it was saved, not what the
    // record is called, and is never the title.
    if let Some(heading) = first_heading.filter(|h| !h.trim().is_empty() && *h != crate::core::model::UNTITLED_SECTION)
    {
        return heading.trim().to_owned();
    }
    UNTITLED.to_owned()
}

/// The title of a record that gives none.
pub(super) const UNTITLED: &str = "Untitled record";

/// A line of the site's letterhead or of the page's tools, not its title: "The White House,
/// President George W. Bush Click to print this document", "The White House Skip Main
/// Navigation", "Print this document", "Search form".
fn is_page_chrome(line: &str) -> bool {
    const TOOLS: &[&str] = &[
        "click to print",
        "print this",
        "printer-friendly",
        "printer friendly",
        "skip main navigation",
        "skip navigation",
        "skip to main content",
        "skip to content",
        "search form",
        "email this page",
        "print-only banner",
    ];
    let lower = line.trim().to_lowercase();
    // The site's own name, alone or with its administration's ("The White House, President
    // George W. Bush"): a letterhead.
    let letterhead = ["the white house", "whitehouse.gov"]
        .iter()
        .any(|site| lower == *site || lower.strip_prefix(site).is_some_and(|rest| rest.starts_with(',')));
    letterhead || TOOLS.iter().any(|t| lower.contains(t))
}

/// A line naming the office a page comes from, or a press release's slug, not what the page
/// is called: "Bureau of Public Affairs", "Office of the Press Secretary", "For Immediate
/// Release".
fn names_an_office(line: &str) -> bool {
    const OFFICES: &[&str] = &[
        "bureau of ",
        "office of ",
        "department of ",
        "u.s. department of ",
        "united states department of ",
        "embassy of ",
        "u.s. embassy ",
        "for immediate release",
    ];
    let lower = line.trim().to_lowercase();
    line.split_whitespace().count() <= 6 && OFFICES.iter().any(|o| lower.starts_with(o))
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
