//! The last stage: stable ids and numbers. Section ids are slugs of their titles, entry ids
//! hashes of their section's title and their words (squashed first, on every core), the
//! document's id a hash of what identifies it (see [`record_id`]); then entries are tagged
//! with their places.

use super::sections::Body;
use crate::core::model::{DocMeta, Document, Entry, Group, Quote, Section};
use crate::core::text::{hash_hex, normalise_for_id, normalise_for_id_into, slug, squash_spaces_owned};
use rayon::prelude::*;
use smol_str::SmolStr;

/// The fewest entries given their ids on one core.
const ENTRIES_MIN: usize = 2_000;

/// Squashes every entry's spaces and gives it its stable id; each entry is independent, so
/// long documents use every core. Then, in document order, a repeated id in a section gets a
/// suffix ("-2"), and the entries are tagged with their places.
pub(super) fn finish_entries(doc: &mut Document, gazetteer: &'static crate::core::places::Gazetteer) {
    let title_keys: Vec<String> = doc.sections.iter().map(|s| normalise_for_id(&full_title(s))).collect();
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

/// A section's title after its group's, when it has one: what its entries' ids and the
/// document's id are made from (a record without groups keeps the ids it had before them).
fn full_title(section: &Section) -> std::borrow::Cow<'_, str> {
    match &section.group {
        Some(g) => format!("{} {}", g.title, section.title).into(),
        None => section.title.as_str().into(),
    }
}

/// What the first ids were made of: the pull quote, the introduction and the headings
/// (normalised). Two records of one series (an annual report, year after year) can share it.
fn head_identity(quote: Option<&Quote>, intro: &str, sections: &[Section]) -> String {
    format!(
        "{}\n{}\n{}",
        quote.map(|q| normalise_for_id(&q.text)).unwrap_or_default(),
        normalise_for_id(intro),
        sections.iter().map(|s| normalise_for_id(&full_title(s))).collect::<Vec<_>>().join("\n")
    )
}

/// Gives a record without fixed metadata its full id, once its entries have theirs: a hash
/// of its title, its quote, introduction and headings, and its entries' ids (each a hash of
/// its section's title and its words), so that two records that share the first three (two
/// years of one annual report) never share an id, and notes of one never show on the other.
/// The id of the first three alone is kept as `former_id` (the notes files of records read
/// before are named by it). Like entry ids, it does not change with case, punctuation or
/// spacing.
pub(super) fn record_id(doc: &mut Document) {
    let mut hash = blake3::Hasher::new();
    hash.update(b"record-reader document id 2\n");
    hash.update(normalise_for_id(&doc.meta.title).as_bytes());
    hash.update(b"\n");
    hash.update(head_identity(doc.quote.as_ref(), &doc.intro, &doc.sections).as_bytes());
    for (_, entry) in doc.entries() {
        hash.update(b"\n");
        hash.update(entry.id.as_bytes());
    }
    let id = format!("doc-{}", &hash.finalize().to_hex()[..16]);
    doc.former_id = Some(std::mem::replace(&mut doc.id, id));
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

/// The document of these parts: sections given their ids, entries their numbers (their ids
/// and places come after, from [`finish_entries`]), the document its id.
pub(super) fn assemble(
    meta: DocMeta,
    masthead: Vec<String>,
    quote: Option<Quote>,
    intro: String,
    body: Body,
    footer: Vec<String>,
) -> Document {
    let Body { sections: raw_sections, references_title, references, unplaced } = body;
    // A repeated slug gets the first free suffix from "-2" on. The ids taken are a set, and
    // each slug remembers where its search stopped (ids are only ever added, so the ones
    // passed stay taken): with a list searched from "-2" each time, 300,000 sections took
    // minutes, and as many sections of one title, hours.
    let mut section_ids: foldhash::HashSet<String> = foldhash::HashSet::default();
    let mut next_suffix: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut sections = Vec::with_capacity(raw_sections.len());
    let mut unique = |base: String| {
        if section_ids.insert(base.clone()) {
            return base;
        }
        let k = next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{k}");
            *k += 1;
            if section_ids.insert(id.clone()) {
                break id;
            }
        }
    };
    let mut last_group: Option<(usize, Group)> = None;
    for (si, raw) in raw_sections.into_iter().enumerate() {
        let group = raw.group.map(|raw_group| match &last_group {
            Some((nth, g)) if *nth == raw_group.nth => g.clone(),
            _ => {
                let g = Group {
                    id: unique(slug(&raw_group.title)),
                    title: raw_group.title,
                    heads_section: raw_group.heads_section,
                };
                last_group = Some((raw_group.nth, g.clone()));
                g
            }
        });
        let id = unique(match &group {
            Some(g) => slug(&format!("{} {}", g.title, raw.title)),
            None => slug(&raw.title),
        });
        let entries = raw
            .entries
            .into_iter()
            .enumerate()
            .map(|(ei, text)| Entry {
                id: SmolStr::default(), // given by `finish_entries`
                number: entry_number(si + 1, ei + 1),
                text,
                tags: Default::default(),
            })
            .collect();
        sections.push(Section { id, title: raw.title, group, description: raw.description, entries });
    }
    let identity = head_identity(quote.as_ref(), &intro, &sections);
    Document {
        // The id of the quote, introduction and headings; `record_id` makes the full one.
        id: format!("doc-{}", hash_hex(&identity, 16)),
        former_id: None,
        rev: String::new(), // given by `parse_text`
        meta,
        masthead,
        quote,
        intro,
        sections,
        references_title,
        references,
        footer,
        unplaced,
        index: Default::default(),
        warnings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse::sections::RawSection;

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
        let raw: Vec<RawSection> = titles
            .iter()
            .map(|t| RawSection { title: (*t).to_owned(), group: None, description: None, entries: Vec::new() })
            .collect();
        let meta = DocMeta {
            title: String::new(),
            publisher: None,
            kind: String::new(),
            licence: None,
            source: None,
            url: None,
            accessed: None,
            date: None,
        };
        let body = Body { sections: raw, references_title: None, references: vec![], unplaced: vec![] };
        let doc = assemble(meta, vec![], None, String::new(), body, vec![]);
        let ids: Vec<String> = doc.sections.iter().map(|s| s.id.clone()).collect();
        let slugs: Vec<String> = titles.iter().map(|t| slug(t)).collect();
        assert_eq!(ids, searched(&slugs));
        assert!(ids.contains(&"a-2-2-2".to_owned()), "{ids:?}");
    }
}
