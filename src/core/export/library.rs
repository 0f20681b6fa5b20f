//! Notes across a library of records: one Markdown file (a heading per record over the notes
//! as its own export writes them), one file per record for a folder, one CSV and one W3C
//! `AnnotationCollection` for them all. The notes of each record are chosen by one
//! [`NoteFilter`] ([`NoteFilter::select`], the rule every export shares); records come in a
//! stable order, by title, then id.

use crate::core::export::formats::{self, ExportInput, Format, date_seconds, web_url};
use crate::core::export::md_escape::{self as md, yaml};
use crate::core::model::Document;
use crate::core::notes::{NoteFilter, NotesStore};
use crate::core::places::Gazetteer;
use std::collections::HashSet;
use time::OffsetDateTime;

/// One record of a library and its notes.
#[derive(Debug, Clone, Copy)]
pub struct LibraryRecord<'a> {
    pub doc: &'a Document,
    pub store: &'a NotesStore,
}

/// What to export from a library.
#[derive(Debug, Clone)]
pub struct LibraryInput<'a> {
    /// The records, in any order (the export sorts them; a record given twice counts once).
    pub records: Vec<LibraryRecord<'a>>,
    pub gazetteer: &'a Gazetteer,
    /// Which notes of each record.
    pub filter: NoteFilter,
    /// Words for the filter ("all notes" when none).
    pub filter_label: String,
    /// Records none of whose notes are chosen are exported too (a heading with no notes, a
    /// bibliography entry); by default they are left out.
    pub all_records: bool,
}

impl<'a> LibraryInput<'a> {
    /// The records to export, each once, by title (any case), then title, then id, each with
    /// the notes the filter chooses, in document order.
    pub(crate) fn chosen(&self) -> Vec<ExportInput<'a>> {
        let mut seen = HashSet::new();
        let mut records: Vec<LibraryRecord<'a>> =
            self.records.iter().copied().filter(|r| seen.insert(r.doc.id.as_str())).collect();
        records.sort_by_cached_key(|r| (r.doc.meta.title.to_lowercase(), r.doc.meta.title.clone(), r.doc.id.clone()));
        records
            .into_iter()
            .map(|r| ExportInput {
                doc: r.doc,
                store: r.store,
                gazetteer: self.gazetteer,
                notes: self.filter.select(r.doc, r.store.notes.values().map(AsRef::as_ref)),
                filter: self.filter_label.clone(),
            })
            .filter(|c| self.all_records || !c.notes.is_empty())
            .collect()
    }
}

/// Writes the library's notes as one file: Markdown, CSV or W3C Web Annotation JSON. (HTML and
/// the notes file are written one per record, by [`export_library_files`].)
pub fn export_library(input: &LibraryInput<'_>, format: Format, at: OffsetDateTime) -> Result<Vec<u8>, String> {
    let chosen = input.chosen();
    match format {
        Format::Md => Ok(markdown(input, &chosen, at).into_bytes()),
        Format::Csv => csv(&chosen),
        Format::Json => json_bytes(&w3c(&chosen, at)),
        Format::Html | Format::Ron => {
            Err(format!("{} is written one file per record for a library, not as one file", format.label()))
        }
    }
}

/// Writes one file per record, each as that record's own export in `format`: (file name,
/// bytes), for the caller to write into a folder. The names are unique (whatever the case) and
/// safe: a slug of the title and a short id, of letters, digits and hyphens, with the format's
/// extension (see [`record_file_name`]).
pub fn export_library_files(
    input: &LibraryInput<'_>,
    format: Format,
    at: OffsetDateTime,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut taken = HashSet::new();
    input
        .chosen()
        .iter()
        .map(|c| {
            let bytes = formats::export(c, format, at)?;
            Ok((unique_name(c.doc, format.extension(), &mut taken), bytes))
        })
        .collect()
}

/// The most characters of a title that go into a file name, and the most bytes.
const SLUG_CHARS: usize = 60;
const SLUG_BYTES: usize = 120;

/// A file name for a record: a slug of its title (lower-case letters and digits of any script,
/// runs of anything else as one hyphen, at most [`SLUG_CHARS`] characters, "record" when none
/// is left), a hyphen, the first 8 letters and digits of its id (after `doc-`), then `.extension`. It has no
/// path separator, dot-dot, control or space, and is at most about 140 bytes long.
pub fn record_file_name(doc: &Document, extension: &str) -> String {
    format!("{}-{}.{}", slug(&doc.meta.title), short_id(&doc.id), safe_extension(extension))
}

fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if out.chars().count() >= SLUG_CHARS || out.len() + c.len_utf8() + 1 > SLUG_BYTES {
            break;
        }
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        out.push(c);
    }
    if out.is_empty() { "record".to_owned() } else { out }
}

/// The first 8 ASCII letters and digits of a record's id after its `doc-`, lower-case ("record"
/// when it has none).
pub(crate) fn short_id(id: &str) -> String {
    let id = id.strip_prefix("doc-").unwrap_or(id);
    let s: String = id.chars().filter(char::is_ascii_alphanumeric).take(8).collect::<String>().to_ascii_lowercase();
    if s.is_empty() { "record".to_owned() } else { s }
}

/// An extension of ASCII letters, digits and inner dots only (`notes.ron`).
fn safe_extension(ext: &str) -> String {
    let parts: Vec<String> = ext
        .split('.')
        .map(|p| p.chars().filter(char::is_ascii_alphanumeric).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() { "txt".to_owned() } else { parts.join(".") }
}

/// [`record_file_name`], with `-2`, `-3`… before the extension when a name (in any case) is
/// taken already.
fn unique_name(doc: &Document, extension: &str, taken: &mut HashSet<String>) -> String {
    let base = record_file_name(doc, extension);
    let ext = safe_extension(extension);
    let stem = base.strip_suffix(&format!(".{ext}")).unwrap_or(&base).to_owned();
    let mut name = base;
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{stem}-{n}.{ext}");
        n += 1;
    }
    name
}

/// Where a record came from, for a reader: its web address, else its file, else "built in".
pub(crate) fn record_source(doc: &Document) -> String {
    web_url(doc).map(str::to_owned).or_else(|| record_file(doc)).unwrap_or_else(|| "built in".to_owned())
}

/// The record's file, when it was opened from one (not the built-in record).
pub(crate) fn record_file(doc: &Document) -> Option<String> {
    doc.meta.source.as_deref().filter(|s| !s.trim().is_empty() && *s != "embedded").map(str::to_owned)
}

/// The record's date ([`Document::date`]: the one rule, as the library files it).
pub(crate) fn record_date(doc: &Document) -> Option<crate::core::dates::PartialDate> {
    doc.date()
}

/// The record as an IRI: its web address, or its id (as [`formats::source_iri`] names its
/// entries).
pub(crate) fn record_iri(doc: &Document) -> String {
    web_url(doc)
        .map_or_else(|| format!("urn:record-reader:{}", doc.id), |u| u.split('#').next().unwrap_or(u).to_owned())
}

fn markdown(input: &LibraryInput<'_>, chosen: &[ExportInput<'_>], at: OffsetDateTime) -> String {
    let notes: usize = chosen.iter().map(|c| c.notes.len()).sum();
    let title = format!("Notes across {} records", chosen.len());
    let mut out = String::new();
    out.push_str("---\n");
    out.push_str(&format!("title: {}\n", yaml(&title)));
    out.push_str(&format!("exported_at: {}\n", yaml(&date_seconds(at))));
    out.push_str(&format!("filter: {}\n", yaml(&input.filter_label)));
    out.push_str(&format!("records: {}\n", chosen.len()));
    out.push_str(&format!("notes: {notes}\n"));
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n", md::inline(&title)));
    for c in chosen {
        let doc = c.doc;
        out.push_str(&format!("\n## {}\n\n", md::inline(&doc.meta.title)));
        let mut facts = vec![format!("Source: {}", md::inline(&record_source(doc)))];
        if let Some(d) = record_date(doc) {
            facts.push(format!("date: {}", md::inline(&d.to_string())));
        }
        if let Some(p) = doc.meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
            facts.push(md::inline(p));
        }
        facts.push(match c.notes.len() {
            1 => "1 note".to_owned(),
            n => format!("{n} notes"),
        });
        facts.push(format!("record {}", md::inline(&doc.id)));
        out.push_str(&facts.join(" · "));
        out.push('\n');
        formats::markdown_notes(c, 1, &mut out);
    }
    out
}

/// The columns that say which record a row's note is on, before the record export's own.
pub const LIBRARY_CSV_RECORD_COLUMNS: [&str; 4] = ["record_title", "record_source", "record_url", "record_id"];

fn csv(chosen: &[ExportInput<'_>]) -> Result<Vec<u8>, String> {
    let header: Vec<&str> = LIBRARY_CSV_RECORD_COLUMNS.iter().chain(formats::CSV_HEADER.iter()).copied().collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for c in chosen {
        let doc = c.doc;
        let record = [
            doc.meta.title.clone(),
            record_file(doc).unwrap_or_else(|| "built in".to_owned()),
            web_url(doc).unwrap_or("").to_owned(),
            doc.id.clone(),
        ];
        for row in formats::csv_rows(c) {
            rows.push(record.iter().cloned().chain(row).collect());
        }
    }
    formats::csv_document(&header, &rows)
}

fn w3c(chosen: &[ExportInput<'_>], at: OffsetDateTime) -> serde_json::Value {
    let mut items = Vec::new();
    for c in chosen {
        let doc = c.doc;
        let record = super::w3c::Record {
            id: doc.id.clone(),
            iri: record_iri(doc),
            title: doc.meta.title.clone(),
            file: record_file(doc),
            url: web_url(doc).map(str::to_owned),
        };
        for mut item in formats::w3c_items(c) {
            if let Some(rr) = &mut item.record_reader {
                rr.record = Some(record.clone());
            }
            items.push(item);
        }
    }
    let ids: Vec<&str> = chosen.iter().map(|c| c.doc.id.as_str()).collect();
    let id = blake3::hash(ids.join("\n").as_bytes()).to_hex();
    formats::w3c_collection(
        &format!("urn:record-reader:library:{}:notes", &id[..16]),
        &format!("Notes across {} records", chosen.len()),
        at,
        &items,
    )
}

/// Pretty JSON with every `<`, `>` and `&` written as a `\u` escape: the same JSON to a
/// parser, and no markup to a page that shows or embeds the file.
pub(crate) fn json_bytes(value: &serde_json::Value) -> Result<Vec<u8>, String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    // Outside strings JSON has none of these characters, so each is inside a string.
    Ok(text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_letters_and_digits_of_any_script_and_nothing_else() {
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("<script>alert(1)</script>"), "script-alert-1-script");
        assert_eq!(slug("Promoting Democracy & Human Rights"), "promoting-democracy-human-rights");
        assert_eq!(slug("Été à Genève"), "été-à-genève");
        assert_eq!(slug(""), "record");
        assert_eq!(slug("..\u{0}/\\\n"), "record");
        assert_eq!(slug(&"x".repeat(300)).len(), SLUG_CHARS);
        assert!(slug(&"語".repeat(300)).len() <= SLUG_BYTES);
    }

    #[test]
    fn ids_and_extensions_are_cut_to_safe_characters() {
        assert_eq!(short_id("doc-0123ABCDEF456789"), "0123abcd");
        assert_eq!(short_id("../"), "record");
        assert_eq!(safe_extension("notes.ron"), "notes.ron");
        assert_eq!(safe_extension("../x/."), "x");
        assert_eq!(safe_extension(""), "txt");
    }

    #[test]
    fn names_taken_in_any_case_get_a_number() {
        let mut a = crate::core::open::embedded().unwrap();
        let mut taken = HashSet::new();
        let first = unique_name(&a, "md", &mut taken);
        a.meta.title = a.meta.title.to_uppercase();
        let second = unique_name(&a, "md", &mut taken);
        let third = unique_name(&a, "md", &mut taken);
        assert_eq!(second, first.replace(".md", "-2.md"));
        assert_eq!(third, first.replace(".md", "-3.md"));
    }
}
