//! The index's fields, and a record (with the notes on it) as index documents: one per entry,
//! and one for the record itself in the catalogue.

use super::admin::Administration;
use crate::core::Document;
use crate::core::dates::PartialDate;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value as _,
};

/// What an index document stands for (the `kind` field).
pub const KIND_ENTRY: &str = "entry";
pub const KIND_RECORD: &str = "record";
pub const KIND_UNREADABLE: &str = "unreadable";

/// The index's fields, by name.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    /// The file, as found under an added folder: the key every document of a file carries.
    pub path: Field,
    pub record_id: Field,
    pub title: Field,
    pub section: Field,
    pub group: Field,
    pub entry_id: Field,
    pub number: Field,
    /// The entry's text: tokenised (lower case), with positions for phrases; stored for snippets.
    pub text: Field,
    pub regions: Field,
    pub countries: Field,
    pub year: Field,
    pub has_note: Field,
    pub tags: Field,
    /// Who wrote the live notes on the entry, as [`author_key`] writes a name or an id.
    pub authors: Field,
    pub publisher: Field,
    pub administration: Field,
    pub date: Field,
    pub url: Field,
    pub entries: Field,
    pub notes: Field,
    pub mtime: Field,
    pub size: Field,
    pub notes_mtime: Field,
    pub error: Field,
}

impl Fields {
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let fields = Fields {
            kind: b.add_text_field("kind", STRING | STORED),
            path: b.add_text_field("path", STRING | STORED),
            record_id: b.add_text_field("record_id", STRING | STORED),
            title: b.add_text_field("title", STORED),
            section: b.add_text_field("section", STORED),
            group: b.add_text_field("group", STORED),
            entry_id: b.add_text_field("entry_id", STRING | STORED),
            number: b.add_text_field("number", STORED),
            // English stems: "refugee" finds "refugees", "elections" finds "election". The
            // analyzer is core::stem's (registered by `Library::open`), which Find shares.
            text: b.add_text_field(
                "text",
                TextOptions::default()
                    .set_indexing_options(
                        TextFieldIndexing::default()
                            .set_tokenizer(crate::core::stem::ANALYZER)
                            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                    )
                    .set_stored(),
            ),
            regions: b.add_text_field("regions", STRING | STORED),
            countries: b.add_text_field("countries", STRING | STORED),
            year: b.add_u64_field("year", INDEXED | FAST | STORED),
            has_note: b.add_u64_field("has_note", INDEXED | STORED),
            tags: b.add_text_field("tags", STRING | STORED),
            authors: b.add_text_field("authors", STRING | STORED),
            publisher: b.add_text_field("publisher", STORED),
            administration: b.add_text_field("administration", STRING | STORED),
            date: b.add_text_field("date", STORED),
            url: b.add_text_field("url", STORED),
            entries: b.add_u64_field("entries", STORED),
            notes: b.add_u64_field("notes", STORED),
            mtime: b.add_u64_field("mtime", STORED),
            size: b.add_u64_field("size", STORED),
            notes_mtime: b.add_u64_field("notes_mtime", STORED),
            error: b.add_text_field("error", STORED),
        };
        (b.build(), fields)
    }
}

/// A file's modification time (nanoseconds since 1970) and size: a re-scan reads the file
/// again only when either changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub mtime: u64,
    pub size: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Self {
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        Self { mtime, size: meta.len() }
    }

    /// The stamp of `path`, or `None` when it cannot be looked at (gone).
    pub fn of_path(path: &Path) -> Option<Self> {
        std::fs::metadata(path).ok().map(|m| Self::of(&m))
    }
}

/// The live notes on one record, as the index needs them.
#[derive(Debug, Default)]
pub struct RecordNotes {
    /// Entry id → the tags of the live notes on it (an entry with notes but no tags has an
    /// empty set).
    pub by_entry: HashMap<String, BTreeSet<String>>,
    /// Entry id → who wrote its live notes: names and ids, as [`author_key`] writes them.
    pub authors_by_entry: HashMap<String, BTreeSet<String>>,
    pub live: u64,
    /// The notes file's modification time (0: there is none).
    pub mtime: u64,
    /// Why the notes could not be read, when they could not.
    pub problem: Option<String>,
}

impl RecordNotes {
    /// Reads (never writes) the notes file of `doc_id` in `notes_dir`.
    pub fn read(notes_dir: &Path, doc_id: &str) -> Self {
        let path = crate::core::notes::store::notes_path(notes_dir, doc_id);
        let mut out = Self { mtime: Stamp::of_path(&path).map_or(0, |s| s.mtime), ..Self::default() };
        let bytes = match crate::core::fsio::read_regular_file(&path, crate::core::notes::disk::MAX_NOTES_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.is_not_found() => return out,
            Err(e) => {
                out.problem = Some(format!("the notes {} could not be read: {e}", path.display()));
                return out;
            }
        };
        match crate::core::notes::store::notes_from_ron(&bytes) {
            Ok((notes, _)) => {
                for note in notes.iter().filter(|n| !n.is_deleted()) {
                    out.live += 1;
                    out.by_entry.entry(note.anchor.entry_id.clone()).or_default().extend(note.tags.iter().cloned());
                    if let Some(a) = &note.created_by {
                        let keys = std::iter::once(&a.name).chain(&a.id).map(|k| author_key(k));
                        out.authors_by_entry.entry(note.anchor.entry_id.clone()).or_default().extend(keys);
                    }
                }
            }
            Err(why) => out.problem = Some(format!("the notes {} were not read: {why}", path.display())),
        }
        out
    }
}

/// A note author's name or id as the index keeps it and `author:` looks for it: lower case,
/// inner white space as one space ("Ada  Lovelace" and "ada lovelace" are one author).
pub fn author_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The date a record is filed under: its own (a Markdown copy's front matter `date:`), else
/// its quote's (when it was said), else the latest of the related remarks it lists (the
/// record is at least that recent).
pub fn record_date(doc: &Document) -> Option<PartialDate> {
    doc.date()
}

/// The index documents of one record: its entries, then its catalogue card.
pub fn record_docs(f: &Fields, path: &str, stamp: Stamp, doc: &Document, notes: &RecordNotes) -> Vec<TantivyDocument> {
    let date = record_date(doc);
    let year = date.and_then(|d| u64::try_from(d.year).ok());
    let mut out = Vec::with_capacity(doc.entry_count() + 1);
    let mut regions = BTreeSet::new();
    for (section, entry) in doc.entries() {
        let mut d = TantivyDocument::default();
        d.add_text(f.kind, KIND_ENTRY);
        d.add_text(f.path, path);
        d.add_text(f.record_id, &doc.id);
        d.add_text(f.title, &doc.meta.title);
        d.add_text(f.section, section.label());
        if let Some(g) = &section.group {
            d.add_text(f.group, &g.title);
        }
        d.add_text(f.entry_id, &entry.id);
        d.add_text(f.number, &entry.number);
        d.add_text(f.text, &entry.text);
        for b in &entry.tags.regions {
            d.add_text(f.regions, b.code());
            regions.insert(b.code());
        }
        for c in &entry.tags.countries {
            d.add_text(f.countries, c);
        }
        if let Some(y) = year {
            d.add_u64(f.year, y);
        }
        let tags = notes.by_entry.get(entry.id.as_str());
        d.add_u64(f.has_note, u64::from(tags.is_some()));
        for t in tags.into_iter().flatten() {
            d.add_text(f.tags, t);
        }
        for a in notes.authors_by_entry.get(entry.id.as_str()).into_iter().flatten() {
            d.add_text(f.authors, a);
        }
        out.push(d);
    }
    let mut card = TantivyDocument::default();
    card.add_text(f.kind, KIND_RECORD);
    card.add_text(f.path, path);
    card.add_text(f.record_id, &doc.id);
    card.add_text(f.title, &doc.meta.title);
    if let Some(p) = &doc.meta.publisher {
        card.add_text(f.publisher, p);
    }
    let administration = Administration::of_record(doc.meta.url.as_deref(), date);
    card.add_text(f.administration, administration.key());
    if let Some(d) = date {
        card.add_text(f.date, d.iso());
    }
    if let Some(y) = year {
        card.add_u64(f.year, y);
    }
    if let Some(u) = &doc.meta.url {
        card.add_text(f.url, u);
    }
    for r in regions {
        card.add_text(f.regions, r);
    }
    card.add_u64(f.entries, doc.entry_count() as u64);
    card.add_u64(f.notes, notes.live);
    card.add_u64(f.mtime, stamp.mtime);
    card.add_u64(f.size, stamp.size);
    card.add_u64(f.notes_mtime, notes.mtime);
    out.push(card);
    out
}

/// The document kept for a file that could not be read, with why.
pub fn unreadable_doc(f: &Fields, path: &str, stamp: Stamp, why: &str) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.kind, KIND_UNREADABLE);
    d.add_text(f.path, path);
    d.add_text(f.error, why);
    d.add_u64(f.mtime, stamp.mtime);
    d.add_u64(f.size, stamp.size);
    d
}

/// A stored text value.
pub fn text(doc: &TantivyDocument, field: Field) -> Option<&str> {
    doc.get_first(field).and_then(|v| v.as_str())
}

/// Every stored text value of a multi-valued field.
pub fn texts(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field).filter_map(|v| v.as_str().map(str::to_owned)).collect()
}

pub fn number(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field).and_then(|v| v.as_u64())
}
