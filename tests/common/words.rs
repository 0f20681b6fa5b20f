//! Text conservation, for the tests: the words a page holds and the words its record reads.
#![allow(dead_code)]

use record_reader::core::Document;

/// The words of a text, as a multiset: letters and digits, lower-cased; numbers, month and
/// weekday names left out (a date is kept as a date, and may be written another way).
pub fn words_of(text: &str) -> std::collections::BTreeMap<String, usize> {
    const DATE_WORDS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let mut words = std::collections::BTreeMap::new();
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let w = w.to_lowercase();
        if w.chars().all(|c| c.is_ascii_digit()) || DATE_WORDS.contains(&w.as_str()) {
            continue;
        }
        *words.entry(w).or_insert(0) += 1;
    }
    words
}

/// The words of a page's text, its spaced-out letters ("T H E  W H I T E …") read as the
/// words they spell.
pub fn source_words(text: &str) -> std::collections::BTreeMap<String, usize> {
    let collapsed: Vec<String> =
        text.lines().map(|l| record_reader::core::text::collapse_letter_spacing(without_bullet(l))).collect();
    words_of(&collapsed.join("\n"))
}

/// A line without its bullet: a glyph ("•", "-", "o"), or a number or letter in the ways
/// lists write them ("1.", "(a)", "iv)").
fn without_bullet(line: &str) -> &str {
    let t = line.trim_start();
    let Some((first, rest)) = t.split_once(' ') else { return line };
    let glyph = first.chars().count() == 1 && !first.chars().all(char::is_alphanumeric) || first == "o";
    let inner = first.trim_start_matches('(').trim_end_matches([')', '.']);
    let counter = first != inner && (1..=4).contains(&inner.len()) && inner.chars().all(char::is_alphanumeric);
    if glyph || counter { rest } else { line }
}

/// Every word of the record as read: head, quote and attribution, introduction, groups,
/// sections, entries, remarks, other text and footer.
pub fn words_read(doc: &Document) -> std::collections::BTreeMap<String, usize> {
    let mut parts: Vec<String> = doc.masthead.clone();
    if let Some(q) = &doc.quote {
        parts.push(q.text.clone());
        parts.extend(q.speaker.clone());
        parts.extend(q.occasion.clone());
    }
    parts.push(doc.intro.clone());
    let mut group = None;
    for s in &doc.sections {
        // A heading with entries of its own over sections of its own (an `<h2>` with a list,
        // then `<h3>`s) is both a section's title and their group's: one heading of the page.
        if let Some(g) = &s.group
            && group != Some(&g.id)
            && !g.heads_section
        {
            parts.push(g.title.clone());
        }
        group = s.group.as_ref().map(|g| &g.id);
        if s.title != record_reader::core::model::UNTITLED_SECTION {
            parts.push(s.title.clone());
        }
        parts.extend(s.description.clone());
        parts.extend(s.entries.iter().map(|e| e.text.clone()));
    }
    parts.extend(doc.references_title.clone());
    parts.extend(doc.references.iter().map(|r| r.title.clone()));
    parts.extend(doc.unplaced.iter().cloned());
    parts.extend(doc.footer.iter().cloned());
    let collapsed: Vec<String> =
        parts.iter().flat_map(|p| p.lines()).map(record_reader::core::text::collapse_letter_spacing).collect();
    words_of(&collapsed.join("\n"))
}

/// The words of `source` the record does not read, and the words it reads that `source`
/// does not hold.
/// What a page holds that its record does not read, and what the record reads that the page
/// does not hold, with how many of each.
pub type Gaps<T> = (Vec<(T, usize)>, Vec<(T, usize)>);

pub fn gaps(source: &str, doc: &Document) -> Gaps<String> {
    let (input, read) = (source_words(source), words_read(doc));
    let missing = input.iter().filter(|(w, n)| read.get(*w) < Some(n)).map(|(w, n)| (w.clone(), *n)).collect();
    let added = read.iter().filter(|(w, n)| input.get(*w) < Some(n)).map(|(w, n)| (w.clone(), *n)).collect();
    (missing, added)
}

/// The letters and digits of a text, lower-cased, as a multiset: what a page holds whatever
/// its spacing ("T H E  W H I T E" and "THE WHITE" hold the same).
pub fn letters_of(text: &str) -> std::collections::BTreeMap<char, usize> {
    let mut letters = std::collections::BTreeMap::new();
    for c in text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase) {
        *letters.entry(c).or_insert(0) += 1;
    }
    letters
}

/// [`letter_gaps`] of a page read into blocks: its blocks' text is its text (no line of it
/// starts with a bullet to take off: "a. Extrajudicial Killings" is a heading's).
pub fn block_letter_gaps(page: &record_reader::core::blocks::Page, doc: &Document) -> Gaps<char> {
    let text: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
    let joined = |words: std::collections::BTreeMap<String, usize>| {
        words.into_iter().map(|(w, n)| w.repeat(n)).collect::<String>()
    };
    let (input, read) = (letters_of(&joined(words_of(&text.join("\n")))), letters_of(&joined(words_read(doc))));
    let missing = input.iter().filter(|(c, n)| read.get(*c) < Some(n)).map(|(c, n)| (*c, *n)).collect();
    let added = read.iter().filter(|(c, n)| input.get(*c) < Some(n)).map(|(c, n)| (*c, *n)).collect();
    (missing, added)
}

/// [`gaps`] in letters: the words of `source` and of `doc`, joined, compared as
/// [`letters_of`].
pub fn letter_gaps(source: &str, doc: &Document) -> Gaps<char> {
    let joined = |words: std::collections::BTreeMap<String, usize>| {
        words.into_iter().map(|(w, n)| w.repeat(n)).collect::<String>()
    };
    let (input, read) = (letters_of(&joined(source_words(source))), letters_of(&joined(words_read(doc))));
    let missing = input.iter().filter(|(c, n)| read.get(*c) < Some(n)).map(|(c, n)| (*c, *n)).collect();
    let added = read.iter().filter(|(c, n)| input.get(*c) < Some(n)).map(|(c, n)| (*c, *n)).collect();
    (missing, added)
}
