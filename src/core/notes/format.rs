//! The notes file's layout, written and read by `ron` only.
//!
//! ```text
//! (
//!   version: 1,
//!   doc_id: "doc-…",
//!   labels: {},
//!   notes: [
//!     (id: "…", kind: Highlight, anchor: (…), body: "…", color: "yellow", created: "…", modified: "…"),
//!   ],
//! )
//! ```
//!
//! One note per line (a change to a note is a change to one line, for diffs and merges),
//! fields left out when empty, strings written as they are (raw `r#"…"#` when they hold a
//! quote or a backslash). Each record is written and read by `ron`, one per task on every
//! core (rayon): through serde, `ron` takes about 60 ms to read 10,000 notes on one core.
//! A file in any other RON layout (comments, other whitespace) is read whole by `ron`.
//!
//! Fields a newer version wrote are kept in [`Note::extra`] and written back after the
//! fields this version knows.

use super::model::{NOTE_FIELDS, Note};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn pretty() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new().struct_names(false).indentor("  ".to_owned()).depth_limit(2).escape_strings(false)
}

/// The file around its notes.
#[derive(Serialize)]
struct Head<'a> {
    version: u32,
    doc_id: &'a str,
    labels: &'a BTreeMap<String, String>,
    notes: &'a [&'a Note],
}

/// The file's text: the file's fields, then each note on its own line.
pub fn write_file(
    version: u32,
    doc_id: &str,
    labels: &BTreeMap<String, String>,
    notes: &[&Note],
) -> Result<String, ron::Error> {
    let head = ron::ser::to_string_pretty(&Head { version, doc_id, labels, notes: &[] }, pretty())?;
    if notes.is_empty() {
        return Ok(head);
    }
    let records: Vec<String> = notes.par_iter().map(|n| write_note(n)).collect::<Result<_, _>>()?;
    let stem = head.strip_suffix("[],\n)").ok_or_else(|| ron::Error::Message(format!("unexpected layout: {head}")))?;
    let mut out = String::with_capacity(stem.len() + 16 + records.iter().map(|r| r.len() + 6).sum::<usize>());
    out.push_str(stem);
    out.push_str("[\n");
    for r in &records {
        out.push_str("    ");
        out.push_str(r);
        out.push_str(",\n");
    }
    out.push_str("  ],\n)");
    Ok(out)
}

/// One note record as the file holds it.
pub fn write_note(n: &Note) -> Result<String, ron::Error> {
    // Deeper than the depth limit, `ron` writes a struct on one line, as it does inside the
    // file's list of notes.
    let mut s = ron::ser::to_string_pretty(n, pretty().depth_limit(0))?;
    if !n.extra.is_empty() && s.ends_with(')') {
        s.pop();
        for (name, value) in &n.extra {
            let _ = write!(s, ", {name}: {value}");
        }
        s.push(')');
    }
    Ok(s)
}

/// The file's fields other than its notes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadIn {
    version: u32,
    #[serde(default)]
    doc_id: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    /// Always `[]`: the records are read apart.
    #[serde(default, rename = "notes")]
    _notes: Vec<()>,
}

/// The fields of a notes file before its notes (version, document, labels), as
/// [`write_file`] lays them out: read even when the notes after them are damaged or cut off.
pub fn read_head(text: &str) -> Option<Layout> {
    let (before, _) = text.split_once("\n  notes: [")?;
    let head: HeadIn = ron::from_str(&format!("{before}\n  notes: [],\n)")).ok()?;
    Some(Layout { version: head.version, doc_id: head.doc_id, labels: head.labels, notes: Vec::new() })
}

/// A file in the layout [`write_file`] writes, each record read by `ron` on every core.
/// `None` when the text is laid out otherwise, or a record does not read: the caller then
/// reads the file whole, record by record, to set bad ones aside.
pub fn read_layout(text: &str) -> Option<Layout> {
    const LIST: &str = "\n  notes: [\n";
    const END: &str = "\n  ],\n)";
    let (before, after) = text.split_once(LIST)?;
    let body = after.trim_end().strip_suffix(END)?;
    let head: HeadIn = ron::from_str(&format!("{before}\n  notes: [],\n)")).ok()?;
    // Records start at a line "    (id: "; a body with such a line inside a string makes a
    // piece that does not read, and the whole file is read the other way.
    let mut starts: Vec<usize> = body.match_indices("\n    (id: ").map(|(i, _)| i + 1).collect();
    if !body.starts_with("    (id: ") {
        return None;
    }
    starts.insert(0, 0);
    let pieces: Vec<&str> = starts
        .iter()
        .enumerate()
        .map(|(k, &s)| body[s..starts.get(k + 1).map_or(body.len(), |e| e - 1)].trim().trim_end_matches(','))
        .collect();
    let notes: Option<Vec<Note>> = pieces.par_iter().map(|p| ron::from_str::<Note>(p).ok()).collect();
    Some(Layout { version: head.version, doc_id: head.doc_id, labels: head.labels, notes: notes? })
}

/// A file read by [`read_layout`].
#[derive(Debug)]
pub struct Layout {
    pub version: u32,
    pub doc_id: String,
    pub labels: BTreeMap<String, String>,
    pub notes: Vec<Note>,
}

/// A note record's field names and their RON text, whatever the fields are.
struct FieldTexts(Vec<(String, String)>);

impl<'de> Deserialize<'de> for FieldTexts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = FieldTexts;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a note record")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<FieldTexts, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Box<ron::value::RawValue>>()? {
                    out.push((k, v.get_ron().trim().to_owned()));
                }
                Ok(FieldTexts(out))
            }
        }
        d.deserialize_struct("Note", &[], Fields)
    }
}

/// One record, read by `ron`; fields this version does not know go to [`Note::extra`].
pub fn read_note(record: &str) -> Result<Note, ron::error::SpannedError> {
    match ron::from_str::<Note>(record) {
        Err(e) if matches!(e.code, ron::Error::NoSuchStructField { .. }) => {
            let FieldTexts(fields) = ron::from_str(record)?;
            let (known, extra): (Vec<_>, Vec<_>) =
                fields.into_iter().partition(|(k, _)| NOTE_FIELDS.contains(&k.as_str()));
            let known: Vec<String> = known.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            let mut note: Note = ron::from_str(&format!("({})", known.join(", ")))?;
            note.extra = extra;
            Ok(note)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::notes::model::{Anchor, Author, NoteKind, TextQuote};
    use time::macros::datetime;
    use uuid::Uuid;

    /// Text that has broken RON writers: quotes, backslashes, `"#` runs, line breaks,
    /// control characters, right-to-left text, emoji, a lone `r`.
    const HOSTILE: [&str; 14] = [
        "",
        "plain",
        "say \"no\"",
        r"C:\path\to",
        "\"#",
        "a \"## b \\ c ###",
        "line one\nline two\r\nthree",
        "tab\there\0nul \u{7}\u{1b}[0m",
        "\u{200b}zero\u{feff}width\u{85}",
        "שלום عليكم",
        "🙂👩‍👩‍👧 ✓",
        "r",
        "'single' and \\'",
        "#",
    ];

    fn sample_notes(seed: u64, count: usize) -> Vec<Note> {
        let mut rng = fastrand::Rng::with_seed(seed);
        let pick = |rng: &mut fastrand::Rng| HOSTILE[rng.usize(..HOSTILE.len())].to_owned();
        let dates = [
            datetime!(2026-01-04 09:01:00 UTC),
            datetime!(1999-12-31 23:59:59.123456 UTC),
            datetime!(2026-06-01 12:00:00.5 +02:00),
            datetime!(2030-02-28 00:00:00 -05:30),
        ];
        (0..count)
            .map(|i| Note {
                id: Uuid::from_u64_pair(rng.u64(..), i as u64),
                kind: if rng.bool() { NoteKind::EntryNote } else { NoteKind::Highlight },
                anchor: Anchor {
                    doc_id: "doc-0123456789abcdef".to_owned(),
                    doc_rev: pick(&mut rng),
                    entry_id: format!("e-{i:012x}"),
                    quote: TextQuote { exact: pick(&mut rng), prefix: pick(&mut rng), suffix: pick(&mut rng) },
                    start: rng.usize(..1000),
                    end: rng.usize(..usize::MAX),
                    unplaced_on: rng.bool().then(|| pick(&mut rng)),
                },
                body: pick(&mut rng),
                tags: (0..rng.usize(..3)).map(|_| pick(&mut rng)).collect(),
                color: pick(&mut rng),
                created: dates[rng.usize(..dates.len())],
                modified: dates[rng.usize(..dates.len())],
                deleted: rng.bool().then(|| dates[rng.usize(..dates.len())]),
                created_by: rng.bool().then(|| Author { name: pick(&mut rng), id: rng.bool().then(|| pick(&mut rng)) }),
                modified_by: rng.bool().then(|| Author::named(&pick(&mut rng))),
                extra: Vec::new(),
            })
            .collect()
    }

    /// The whole file as `ron` writes it in one piece: the layout [`write_file`] must give.
    fn whole(doc_id: &str, labels: &BTreeMap<String, String>, notes: &[&Note]) -> String {
        #[derive(Serialize)]
        struct File<'a> {
            version: u32,
            doc_id: &'a str,
            labels: &'a BTreeMap<String, String>,
            notes: &'a [&'a Note],
        }
        ron::ser::to_string_pretty(&File { version: 1, doc_id, labels, notes }, pretty()).unwrap()
    }

    fn labels(n: usize) -> BTreeMap<String, String> {
        HOSTILE.iter().take(n).enumerate().map(|(i, s)| (format!("{s}{i}"), (*s).to_owned())).collect()
    }

    #[test]
    fn each_record_is_written_as_ron_writes_the_whole_file() {
        for (seed, count, n_labels) in [(1, 0, 0), (2, 1, 1), (3, 40, 0), (4, 300, HOSTILE.len())] {
            let notes = sample_notes(seed, count);
            let refs: Vec<&Note> = notes.iter().collect();
            let labels = labels(n_labels);
            let mine = write_file(1, "doc-\"x\"", &labels, &refs).unwrap();
            assert_eq!(mine, whole("doc-\"x\"", &labels, &refs), "seed {seed}");
        }
    }

    #[test]
    fn the_layout_reads_back_the_same_notes_record_by_record() {
        let notes = sample_notes(7, 500);
        let refs: Vec<&Note> = notes.iter().collect();
        let text = write_file(1, "doc-a", &labels(3), &refs).unwrap();
        let read = read_layout(&text).expect("this layout");
        assert_eq!((read.version, read.doc_id.as_str(), &read.labels), (1, "doc-a", &labels(3)));
        assert_eq!(read.notes, notes);
        // A body holding a line that looks like the start of a record: not this layout.
        let mut trapped = notes.clone();
        trapped[0].body = "x\n    (id: \"y\"".to_owned();
        let refs: Vec<&Note> = trapped.iter().collect();
        assert!(read_layout(&write_file(1, "doc-a", &labels(0), &refs).unwrap()).is_none());
        let empty = write_file(1, "doc-a", &labels(0), &[]).unwrap();
        assert!(read_layout(&empty).is_none(), "no list of notes to split: read whole");
    }

    #[test]
    fn fields_of_a_newer_version_are_read_aside_and_written_back() {
        let mut n = sample_notes(9, 1).remove(0);
        let line = write_note(&n).unwrap();
        let newer = format!("{}, stars: 4, reviewed: Some((by: \"Ada\")))", &line[..line.len() - 1]);
        let read = read_note(&newer).unwrap();
        assert_eq!(
            read.extra,
            [("stars".to_owned(), "4".to_owned()), ("reviewed".to_owned(), "Some((by: \"Ada\"))".to_owned())]
        );
        n.extra = read.extra.clone();
        assert_eq!(read, n);
        assert_eq!(write_note(&read).unwrap(), newer);
        // A known field twice is still an error.
        assert!(read_note(&line.replacen("(id:", "(body: \"x\", id:", 1)).is_err());
    }
}
