//! A deterministic synthetic corpus for benchmarks: records in the genre of the built-in one
//! (masthead, quote banner, introduction, sections of bullet entries naming places from the
//! gazetteer, related remarks with dates, footer) at any size, and notes on them.
//!
//! The same `(entries, notes, seed)` always gives the same bytes.

use crate::core::notes::model::{Note, NoteKind, PALETTE, quote_of};
use crate::core::places::Gazetteer;
use crate::core::{Document, DocumentError};
use std::fmt::Write as _;
use time::OffsetDateTime;

const VERBS: &[&str] = &[
    "Supported",
    "Worked with partners to strengthen",
    "Provided assistance for",
    "Pressed for",
    "Helped build",
    "Led international efforts on",
    "Funded programs for",
    "Convened regional talks on",
    "Expanded support for",
    "Promoted",
    "Condemned abuses against",
    "Secured commitments to",
];
const OBJECTS: &[&str] = &[
    "free and fair elections",
    "independent media and a free press",
    "the rule of law and independent courts",
    "the rights of women and girls",
    "religious freedom and tolerance",
    "the return of refugees and displaced persons",
    "labor rights and the end of child labor",
    "accountability for war crimes",
    "civil society organizations",
    "democratic transitions",
    "the release of political prisoners",
    "humanitarian relief",
];
const PURPOSES: &[&str] = &[
    "so that citizens can choose their own leaders.",
    "and encouraged regional partners to do the same.",
    "through the United Nations and regional organizations.",
    "with bilateral assistance and international monitoring.",
    "in cooperation with non-governmental organizations.",
    "and raised the issue at the highest levels of government.",
];
const TOPICS: &[&str] = &[
    "Advancing Democracy Worldwide",
    "Promoting Human Rights Abroad",
    "Bringing War Criminals to Justice",
    "Supporting Labor Rights",
    "Assisting Refugees",
    "Promoting Religious Freedom",
    "Strengthening Civil Society",
    "Defending a Free Press",
];
const TAGS: &[&str] = &["elections", "refugees", "press", "labor", "follow-up", "cite", "disputed", "chapter-3"];
const BODIES: &[&str] = &[
    "Compare with the State Department country report for the same year.",
    "Check the date against the press release.",
    "Key example for the argument in chapter 3.",
    "Contradicts the account in the memoirs; find the primary source.",
    "",
];

/// Entries per section (the last section takes the rest).
const SECTION_SIZE: usize = 200;

/// The text of a record with `entries` entries.
pub fn document_text(entries: usize, seed: u64, gazetteer: &Gazetteer) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let names: Vec<&str> = gazetteer.countries.iter().map(|c| c.name.as_str()).collect();
    let mut s = String::with_capacity(entries * 190 + 4096);
    s.push_str("T H E   W H I T E   H O U S E\n\n\nText Only Help Site Map\n\n\n");
    let _ = writeln!(
        s,
        "\"Freedom and security are one and the same: nations that respect the rights of their own people are \
         better partners in peace and prosperity. Record {seed} sets out what was done.\"\n"
    );
    s.push_str("President Clinton\nRemarks to the Diplomatic Corps\nMarch 4, 1997\n\n");
    let _ = writeln!(
        s,
        "This record ({entries} entries) describes the Administration's work to promote democracy and human rights \
         abroad, region by region and year by year. It is generated for benchmarks and is not a historical document.\n\n"
    );
    let mut written = 0;
    let mut section = 0;
    while written < entries {
        let n = SECTION_SIZE.min(entries - written);
        let topic = TOPICS[section % TOPICS.len()];
        let _ = writeln!(s, "{topic}, Part {}\n", section + 1);
        for _ in 0..n {
            let mut line = format!("  • {} {}", pick(&mut rng, VERBS), pick(&mut rng, OBJECTS));
            // Most entries name one or two places; some name none, as in the real records.
            match rng.u8(0..10) {
                0..=5 => {
                    let _ = write!(line, " in {}", pick(&mut rng, &names));
                }
                6..=7 => {
                    let _ = write!(line, " in {} and {}", pick(&mut rng, &names), pick(&mut rng, &names));
                }
                _ => {}
            }
            let _ = write!(line, " {} ", pick(&mut rng, PURPOSES));
            let _ = write!(line, "Entry {written} of the series, {}.", 1993 + rng.u32(0..8));
            s.push_str(&line);
            s.push('\n');
            written += 1;
        }
        s.push('\n');
        section += 1;
    }
    s.push('\n');
    for i in 0..12u8 {
        let topic = pick(&mut rng, TOPICS);
        let (day, year) = (1 + rng.u8(0..28), 1993 + rng.i32(0..8));
        let _ = writeln!(
            s,
            "Remarks by the President on {} {}, {}.\n",
            topic,
            i + 1,
            crate::core::dates::PartialDate { year, month: Some(i + 1), day: Some(day) }
        );
    }
    s.push_str("President and First Lady | Vice President and Mrs. Gore\nRecord of Progress | The Briefing Room\n\n");
    s.push_str("Privacy Statement\n");
    s
}

/// A record whose one entry is about `bytes` long and names a place about every
/// `bytes / places` bytes: a pasted report or a page whose list lost its line breaks, for
/// the window's frames on one long entry (`bench report`'s `frame_ms_long_entry`).
pub fn long_entry_text(bytes: usize, places: usize, seed: u64, gazetteer: &Gazetteer) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let names: Vec<&str> = gazetteer.countries.iter().map(|c| c.name.as_str()).collect();
    let every = (bytes / places.max(1)).max(1);
    let mut entry = String::with_capacity(bytes + 256);
    let mut next_place = 0;
    while entry.len() < bytes {
        if entry.len() >= next_place {
            let _ = write!(entry, "{} in {} ", pick(&mut rng, VERBS), pick(&mut rng, &names));
            next_place += every;
        } else {
            let _ = write!(entry, "{} {} ", pick(&mut rng, OBJECTS), pick(&mut rng, PURPOSES));
        }
    }
    format!(
        "A Long Record\n\nThis record has one long entry, generated for benchmarks.\n\nThe Entry\n\n  • {}.\n",
        entry.trim_end()
    )
}

/// `count` notes on `doc`, spread over its entries: a third highlights of a passage, the rest
/// notes on whole entries, with tags, colours and a few in the Trash.
pub fn notes(doc: &Document, count: usize, seed: u64) -> Vec<Note> {
    notes_with(doc, count, seed, 3)
}

/// `count` notes on `doc` as [`notes`] makes them, but every one a highlight (on entries long
/// enough to hold one): the most the entries' text has to paint.
pub fn highlights(doc: &Document, count: usize, seed: u64) -> Vec<Note> {
    notes_with(doc, count, seed, 1)
}

/// Notes of which each `highlight_every`th is a highlight.
fn notes_with(doc: &Document, count: usize, seed: u64, highlight_every: usize) -> Vec<Note> {
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x05ee_d0f0_a7e5);
    let entries: Vec<_> = doc.entries().map(|(_, e)| e).collect();
    if entries.is_empty() {
        return Vec::new();
    }
    let base = OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap_or(OffsetDateTime::UNIX_EPOCH); // 2026-01-01
    (0..count)
        .map(|i| {
            let entry = entries[rng.usize(0..entries.len())];
            let len = entry.text.chars().count();
            let mut note = Note::on_entry(doc, entry, pick(&mut rng, BODIES));
            if i % highlight_every.max(1) == 0 && len > 20 {
                let start = rng.usize(0..len - 10);
                let end = (start + 10 + rng.usize(0..40)).min(len);
                note.kind = NoteKind::Highlight;
                note.anchor.start = start;
                note.anchor.end = end;
                note.anchor.quote = quote_of(&entry.text, start, end);
            }
            let mut bytes = [0u8; 16];
            rng.fill(&mut bytes);
            note.id = uuid::Builder::from_random_bytes(bytes).into_uuid();
            note.color = PALETTE[rng.usize(0..PALETTE.len())].0.to_owned();
            note.tags = (0..rng.usize(0..3)).map(|_| pick(&mut rng, TAGS).to_owned()).collect();
            note.tags.sort();
            note.tags.dedup();
            note.created = base + time::Duration::minutes(i as i64);
            note.modified = note.created;
            if i % 97 == 0 {
                note.deleted = Some(note.modified);
            }
            note
        })
        .collect()
}

/// Parses a generated record, as the app opens it.
pub fn document(entries: usize, seed: u64, gazetteer: &Gazetteer) -> Result<Document, DocumentError> {
    let text = document_text(entries, seed, gazetteer);
    crate::core::open::from_bytes(text.as_bytes(), Some(&format!("record-{entries}.txt")))
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(0..items.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_records_parse_to_the_asked_size_with_places() {
        let g = crate::core::places::gazetteer().unwrap();
        for n in [1, 199, 200, 201, 1000] {
            let doc = document(n, 7, g).unwrap();
            assert_eq!(doc.entry_count(), n, "entries for {n}");
            assert_eq!(doc.sections.len(), n.div_ceil(SECTION_SIZE));
            assert!(doc.quote.is_some());
            assert_eq!(doc.references.len(), 12);
        }
        let doc = document(1000, 7, g).unwrap();
        let tagged = doc.entries().filter(|(_, e)| !e.tags.regions.is_empty()).count();
        assert!(tagged > 600 && tagged < 1000, "{tagged} of 1000 entries name a region");
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let g = crate::core::places::gazetteer().unwrap();
        assert_eq!(document_text(300, 1, g), document_text(300, 1, g));
        assert_ne!(document_text(300, 1, g), document_text(300, 2, g));
        let doc = document(300, 1, g).unwrap();
        let a = notes(&doc, 50, 1);
        let b = notes(&doc, 50, 1);
        assert_eq!(a, b);
        assert!(a.iter().any(|n| n.kind == NoteKind::Highlight));
        for n in &a {
            let entry = doc.find_entry(&n.anchor.entry_id).unwrap().1;
            assert_eq!(
                crate::core::notes::model::char_slice(&entry.text, n.anchor.start, n.anchor.end),
                n.anchor.quote.exact
            );
        }
    }
}
