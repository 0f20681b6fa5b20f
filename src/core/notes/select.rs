//! Which notes, in which order: the rules the notes panel, the exports and the command line
//! share. Each lives here once.
//!
//! - **Order**: document order (the entry's place in the record, then the offset in the
//!   entry, then the id); notes whose entry is gone (orphans) come last.
//! - **The Trash**: a note with a `deleted` time is in the Trash; every other note is live.
//! - **Filters**: tags and regions match any of those asked for, the colour one key, the
//!   author one name (the note's writer, `created_by`, in any case), the search every note
//!   whose body, passage or tags contain the words (any case); all that are set must hold.

use super::model::{Note, clean_tag};
use crate::core::Document;
use crate::core::filter::RegionFilter;
use crate::core::places::Bureau;

/// Which notes to take. The default takes every live note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteFilter {
    /// The Trash instead of the live notes.
    pub trash: bool,
    /// Notes with any of these tags (written as the user typed them: `#sanctions` or
    /// `sanctions`).
    pub tags: Vec<String>,
    /// Notes of this colour key.
    pub color: Option<String>,
    /// Notes written by this author (by name, in any case).
    pub author: Option<String>,
    /// Notes on entries about any of these bureaus.
    pub bureaus: Vec<Bureau>,
    /// Notes on entries that the window's region filter shows.
    pub region: Option<RegionFilter>,
    /// Words to find in the body, the passage or the tags, in any case.
    pub search: String,
}

impl NoteFilter {
    /// The live notes, nothing else asked.
    pub fn live() -> Self {
        Self::default()
    }

    /// The notes in the Trash.
    pub fn trash() -> Self {
        Self { trash: true, ..Self::default() }
    }

    /// Does `note` pass? `doc` tells which regions its entry is about.
    pub fn matches(&self, doc: &Document, note: &Note) -> bool {
        self.prepared().passes(self, doc, note)
    }

    /// The notes of `notes` that pass, in document order.
    pub fn select<'a>(&self, doc: &Document, notes: impl IntoIterator<Item = &'a Note>) -> Vec<&'a Note> {
        let prepared = self.prepared();
        document_order(doc, notes.into_iter().filter(|n| prepared.passes(self, doc, n)))
    }

    /// What is worked out once for many notes.
    fn prepared(&self) -> Prepared<'_> {
        Prepared {
            tags: self.tags.iter().filter_map(|t| clean_tag(t)).collect(),
            region: self.region.as_ref().filter(|r| !r.is_empty()).map(RegionFilter::matcher),
            search: self.search.to_lowercase(),
            author: self.author.as_deref().map(|a| a.trim().to_lowercase()),
        }
    }
}

struct Prepared<'a> {
    tags: Vec<String>,
    region: Option<crate::core::filter::Matcher<'a>>,
    search: String,
    author: Option<String>,
}

impl Prepared<'_> {
    fn passes(&self, f: &NoteFilter, doc: &Document, note: &Note) -> bool {
        let entry = || doc.find_entry(&note.anchor.entry_id).map(|(_, e)| e);
        self.passes_own(f, note)
            && (f.bureaus.is_empty() || entry().is_some_and(|e| e.tags.regions.iter().any(|b| f.bureaus.contains(b))))
            && self.region.as_ref().is_none_or(|m| entry().is_some_and(|e| m.matches(e)))
    }

    /// What the note holds itself: Trash, tags, colour, author, words.
    fn passes_own(&self, f: &NoteFilter, note: &Note) -> bool {
        note.is_deleted() == f.trash
            && (f.tags.is_empty() || self.tags.iter().any(|t| note.tags.contains(t)))
            && f.color.as_ref().is_none_or(|c| &note.color == c)
            && self.author.as_ref().is_none_or(|a| note.author_name().is_some_and(|n| n.trim().to_lowercase() == *a))
            && matches_search(note, &self.search)
    }
}

impl NoteFilter {
    /// The same rule for a note whose document is not open, only its entry's bureaus known
    /// (`None`: its entry is gone): the library's notes. The window's region filter
    /// ([`NoteFilter::region`]) needs the entry itself: a note passes it only if it is unset.
    pub fn matches_regions(&self, note: &Note, regions: Option<&[Bureau]>) -> bool {
        self.prepared().passes_own(self, note)
            && (self.bureaus.is_empty() || regions.is_some_and(|r| r.iter().any(|b| self.bureaus.contains(b))))
            && self.region.as_ref().is_none_or(RegionFilter::is_empty)
    }
}

/// Does the note's body, passage or a tag contain `lowercase_query` (already lower-cased)?
fn matches_search(note: &Note, lowercase_query: &str) -> bool {
    lowercase_query.is_empty()
        || note.body.to_lowercase().contains(lowercase_query)
        || note.anchor.quote.exact.to_lowercase().contains(lowercase_query)
        || note.tags.iter().any(|t| t.to_lowercase().contains(lowercase_query))
}

/// The names of who wrote `notes`, each once (in any case, the first spelling met), sorted:
/// what an author filter offers.
pub fn authors<'a>(notes: impl IntoIterator<Item = &'a Note>) -> Vec<String> {
    let mut by_key = std::collections::BTreeMap::new();
    for name in notes.into_iter().filter_map(Note::author_name) {
        by_key.entry(name.trim().to_lowercase()).or_insert_with(|| name.trim().to_owned());
    }
    by_key.into_values().collect()
}

/// `notes` in document order (see the module doc).
pub fn document_order<'a>(doc: &Document, notes: impl IntoIterator<Item = &'a Note>) -> Vec<&'a Note> {
    let mut v: Vec<&Note> = notes.into_iter().collect();
    v.sort_by_cached_key(|n| (doc.entry_position(&n.anchor.entry_id).unwrap_or(usize::MAX), n.anchor.start, n.id));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        crate::core::open::embedded().unwrap()
    }

    fn note(doc: &Document, number: &str, body: &str) -> Note {
        Note::on_entry(doc, doc.find_entry(number).unwrap().1, body)
    }

    #[test]
    fn notes_come_in_document_order_orphans_last() {
        let d = doc();
        let (a, b, c) = (note(&d, "3.2", "c"), note(&d, "1.1", "a"), note(&d, "2.1", "b"));
        let mut orphan = note(&d, "1.2", "orphan");
        orphan.anchor.entry_id = "gone".into();
        let mut later_in_entry = note(&d, "1.1", "a2");
        later_in_entry.anchor.start = 10;
        let all = [orphan, a, later_in_entry, b, c];
        let bodies: Vec<&str> = document_order(&d, &all).iter().map(|n| n.body.as_str()).collect();
        assert_eq!(bodies, ["a", "a2", "b", "c", "orphan"]);
    }

    #[test]
    fn the_trash_and_the_live_notes_are_apart() {
        let d = doc();
        let live = note(&d, "1.1", "live");
        let mut gone = note(&d, "1.2", "gone");
        gone.deleted = Some(gone.modified);
        let all = [live, gone];
        assert_eq!(NoteFilter::live().select(&d, &all).iter().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["live"]);
        assert_eq!(NoteFilter::trash().select(&d, &all).iter().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["gone"]);
    }

    #[test]
    fn every_filter_that_is_set_must_hold() {
        let d = doc();
        // 1.1 is about the Western Hemisphere (Cuba); 5.4 about the Near East.
        let mut a = note(&d, "1.1", "OAS and Cuba");
        a.tags = vec!["hemisphere".into()];
        a.color = "red".into();
        let mut b = note(&d, "5.4", "Refugees");
        b.tags = vec!["refugees".into(), "sanctions".into()];
        let all = [a, b];
        let bodies = |f: &NoteFilter| f.select(&d, &all).iter().map(|n| n.body.clone()).collect::<Vec<_>>();
        assert_eq!(
            bodies(&NoteFilter { tags: vec!["#sanctions".into(), "none".into()], ..NoteFilter::live() }),
            ["Refugees"]
        );
        assert_eq!(bodies(&NoteFilter { color: Some("red".into()), ..NoteFilter::live() }), ["OAS and Cuba"]);
        assert_eq!(bodies(&NoteFilter { bureaus: vec![Bureau::NEA], ..NoteFilter::live() }), ["Refugees"]);
        assert_eq!(bodies(&NoteFilter { search: "CUBA".into(), ..NoteFilter::live() }), ["OAS and Cuba"]);
        assert_eq!(
            bodies(&NoteFilter { search: "hemi".into(), ..NoteFilter::live() }),
            ["OAS and Cuba"],
            "tags are searched"
        );
        let region = RegionFilter { regions: [Bureau::WHA.code().to_owned()].into(), ..RegionFilter::default() };
        assert_eq!(bodies(&NoteFilter { region: Some(region), ..NoteFilter::live() }), ["OAS and Cuba"]);
        let both = NoteFilter { color: Some("red".into()), bureaus: vec![Bureau::NEA], ..NoteFilter::live() };
        assert!(bodies(&both).is_empty(), "all that are set must hold");
    }

    #[test]
    fn the_author_filter_takes_one_writer_in_any_case() {
        use crate::core::notes::Author;
        let d = doc();
        let a = note(&d, "1.1", "by Ada").by(&Author::named("Ada Lovelace"));
        let mut b = note(&d, "1.2", "by Grace").by(&Author::named("Grace Hopper"));
        // Edited by Ada: still Grace's note.
        b.touched_by(&Author::named("Ada Lovelace"), b.modified);
        let c = note(&d, "2.1", "no author");
        let all = [a, b, c];
        let bodies = |f: &NoteFilter| f.select(&d, &all).iter().map(|n| n.body.clone()).collect::<Vec<_>>();
        assert_eq!(bodies(&NoteFilter { author: Some(" ada lovelace".into()), ..NoteFilter::live() }), ["by Ada"]);
        assert_eq!(bodies(&NoteFilter { author: Some("Grace Hopper".into()), ..NoteFilter::live() }), ["by Grace"]);
        assert_eq!(bodies(&NoteFilter::live()).len(), 3);
        assert_eq!(authors(&all), ["Ada Lovelace", "Grace Hopper"]);
    }
}
