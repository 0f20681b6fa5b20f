//! A bibliography of the records a library export cites: the records with at least one chosen
//! note (or all, with [`LibraryInput::all_records`]), as CSL-JSON (Zotero, Pandoc, citeproc)
//! or BibTeX. The rules for authors, publishers, addresses and keys are the passage
//! citation's ([`super::cite`]).

use crate::core::dates::PartialDate;
use crate::core::export::cite::{bib, bib_url, key_words};
use crate::core::export::formats::web_url;
use crate::core::export::library::{LibraryInput, json_bytes, record_date, record_file, short_id};
use crate::core::model::Document;
use serde_json::json;
use std::collections::HashSet;
use time::OffsetDateTime;

/// The formats of a bibliography.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum BibFormat {
    /// CSL-JSON: an array of items (Zotero, Pandoc, citeproc).
    CslJson,
    /// BibTeX: `@online` for a record with a web address, `@misc` for the others.
    Bibtex,
}

impl BibFormat {
    pub const ALL: [BibFormat; 2] = [BibFormat::CslJson, BibFormat::Bibtex];

    /// Its name on the command line: `csl-json`, `bibtex`.
    pub fn key(self) -> &'static str {
        match self {
            BibFormat::CslJson => "csl-json",
            BibFormat::Bibtex => "bibtex",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            BibFormat::CslJson => "json",
            BibFormat::Bibtex => "bib",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BibFormat::CslJson => "CSL-JSON (Zotero, Pandoc)",
            BibFormat::Bibtex => "BibTeX",
        }
    }
}

/// One record as a bibliography has it.
struct Item<'a> {
    doc: &'a Document,
    /// Unique in the bibliography, and the same for the record in every export: the first
    /// words of its title and a short id.
    key: String,
}

/// The records cited, in the library export's order, each with its key.
fn items<'a>(input: &LibraryInput<'a>) -> Vec<Item<'a>> {
    let mut taken = HashSet::new();
    input
        .chosen()
        .into_iter()
        .map(|c| {
            let words = key_words(&c.doc.meta.title);
            let base = if words.is_empty() { short_id(&c.doc.id) } else { format!("{words}-{}", short_id(&c.doc.id)) };
            let mut key = base.clone();
            let mut n = 2;
            while !taken.insert(key.clone()) {
                key = format!("{base}-{n}");
                n += 1;
            }
            Item { doc: c.doc, key }
        })
        .collect()
}

/// Writes the bibliography of the records `input` cites. Records without a web address are
/// cited as documents, with their file in a note; a record's access date is its details', or
/// the day of the export.
pub fn bibliography(input: &LibraryInput<'_>, format: BibFormat, at: OffsetDateTime) -> Result<Vec<u8>, String> {
    let items = items(input);
    match format {
        BibFormat::CslJson => json_bytes(&serde_json::Value::Array(items.iter().map(|i| csl(i, at)).collect())),
        BibFormat::Bibtex => Ok(items.iter().map(|i| bibtex(i, at)).collect::<Vec<_>>().join("\n").into_bytes()),
    }
}

/// The author of a record its publisher names as the White House.
fn white_house(doc: &Document) -> bool {
    doc.meta.publisher.as_deref().is_some_and(|p| p.to_lowercase().contains("white house"))
}

fn publisher(doc: &Document) -> Option<&str> {
    doc.meta.publisher.as_deref().map(str::trim).filter(|p| !p.is_empty())
}

/// When the reader accessed the record: its details' date when that is an ISO date, else the
/// export's day. `Err` holds a date written some other way, to be given as it is.
fn accessed(doc: &Document, at: OffsetDateTime) -> Result<PartialDate, String> {
    match doc.meta.accessed.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => PartialDate::parse_iso(a).ok_or_else(|| a.to_owned()),
        None => {
            let d = at.date();
            Ok(PartialDate { year: d.year(), month: Some(u8::from(d.month())), day: Some(d.day()) })
        }
    }
}

fn date_parts(d: PartialDate) -> serde_json::Value {
    let mut parts = vec![d.year];
    if let Some(m) = d.month {
        parts.push(i32::from(m));
        if let Some(day) = d.day {
            parts.push(i32::from(day));
        }
    }
    json!({ "date-parts": [parts] })
}

fn csl(item: &Item<'_>, at: OffsetDateTime) -> serde_json::Value {
    let doc = item.doc;
    let url = web_url(doc);
    let mut v = json!({
        "id": item.key,
        "type": if url.is_some() { "webpage" } else { "document" },
        "title": doc.meta.title,
    });
    let mut put = |k: &str, value: serde_json::Value| {
        if let Some(map) = v.as_object_mut() {
            map.insert(k.to_owned(), value);
        }
    };
    if white_house(doc) {
        put("author", json!([{ "literal": "The White House" }]));
    }
    if let Some(p) = publisher(doc) {
        put("publisher", json!(p));
    }
    if let Some(d) = record_date(doc) {
        put("issued", date_parts(d));
    }
    if let Some(u) = url {
        put("URL", json!(u));
        put("accessed", accessed(doc, at).map_or_else(|raw| json!({ "raw": raw }), date_parts));
        // An archived copy: the archive that holds it, and for a Wayback Machine capture the
        // address it archived and when.
        if let Some(archive) = crate::core::export::cite::archive_of(u) {
            put("archive", json!(archive));
        }
        if let Some(location) = crate::core::export::cite::archive_location(u) {
            put("archive_location", json!(location));
        }
    }
    if let Some(file) = record_file(doc) {
        put("note", json!(format!("Source: {file}")));
    }
    put("genre", json!(doc.meta.kind));
    v
}

fn bibtex(item: &Item<'_>, at: OffsetDateTime) -> String {
    let doc = item.doc;
    let url = web_url(doc);
    let mut fields = vec![("title", format!("{{{}}}", bib(&doc.meta.title)))];
    if white_house(doc) {
        // Braced twice: one corporate name, not a first and a last name.
        fields.push(("author", "{{The White House}}".to_owned()));
    }
    if let Some(p) = publisher(doc) {
        fields.push(("organization", format!("{{{}}}", bib(p))));
    }
    if let Some(d) = record_date(doc) {
        fields.push(("date", format!("{{{}}}", d.iso())));
        fields.push(("year", format!("{{{}}}", d.year)));
    }
    if let Some(u) = url {
        fields.push(("url", format!("{{{}}}", bib_url(u))));
        match accessed(doc, at) {
            Ok(d) => fields.push(("urldate", format!("{{{}}}", d.iso()))),
            Err(raw) => fields.push(("addendum", format!("{{Accessed {}}}", bib(&raw)))),
        }
    }
    if let Some(file) = record_file(doc) {
        fields.push(("note", format!("{{Source: {}}}", bib(&file))));
    }
    let kind = if url.is_some() { "online" } else { "misc" };
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("  {k} = {v}")).collect();
    format!("@{kind}{{{},\n{}\n}}\n", item.key, body.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wayback_capture_is_an_archived_webpage_with_its_place_in_the_archive() {
        let mut doc = crate::core::open::embedded().unwrap();
        doc.meta.url = Some(
            "https://web.archive.org/web/20091201142210/http://www.whitehouse.gov/issues/foreign-policy".to_owned(),
        );
        doc.meta.accessed = Some("2026-12-07".to_owned());
        let item = Item { doc: &doc, key: "k".to_owned() };
        let v = csl(&item, OffsetDateTime::UNIX_EPOCH);
        assert_eq!(v["type"], "webpage");
        assert_eq!(v["URL"], doc.meta.url.as_deref().unwrap());
        assert_eq!(v["archive"], "Internet Archive, Wayback Machine");
        assert_eq!(
            v["archive_location"],
            "http://www.whitehouse.gov/issues/foreign-policy, captured 2009-12-01 14:22:10 UTC"
        );
        assert_eq!(v["accessed"]["date-parts"], json!([[2026, 12, 7]]));
    }
}
