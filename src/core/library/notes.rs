//! Every note in the library: read from each record's notes file (read only, never written
//! here), each with its record and its entry's number and regions from the index, so that no
//! record has to be parsed again. Chosen by the same [`NoteFilter`] as one record's notes.

use super::schema::{self, KIND_ENTRY};
use super::{Library, LibraryError};
use crate::core::notes::{Note, NoteFilter, NotesStore};
use crate::core::places::Bureau;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

/// A note, with the record it is on.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryNote {
    pub record_id: String,
    pub record_title: String,
    pub path: PathBuf,
    /// The entry's number ("2.3") and bureaus, as indexed; `None` when the entry is gone.
    pub number: Option<String>,
    pub regions: Option<Vec<Bureau>>,
    pub note: Note,
}

impl Library {
    /// The notes of every record of the library, by record title, then in entry order.
    /// Records whose notes file cannot be read are left out, with why.
    pub fn notes(&self) -> Result<(Vec<LibraryNote>, Vec<String>), LibraryError> {
        let records = self.records()?;
        let read: Vec<Result<Vec<LibraryNote>, String>> = records
            .par_iter()
            // Asked of the notes folder, not of the catalogue: notes written since the last
            // scan count too.
            .filter(|r| crate::core::notes::store::notes_path(&self.notes_dir, &r.id).exists())
            .map(|r| {
                let store = NotesStore::open(&self.notes_dir, &r.id);
                if let Some(why) = store.unreadable {
                    return Err(format!("the notes of {} cannot be read: {why}", r.path.display()));
                }
                let entries = self.entry_facts(&r.id).map_err(|e| e.to_string())?;
                Ok(store
                    .notes
                    .values()
                    .map(|n| {
                        let facts = entries.get(n.anchor.entry_id.as_str());
                        LibraryNote {
                            record_id: r.id.clone(),
                            record_title: r.title.clone(),
                            path: r.path.clone(),
                            number: facts.map(|(number, _)| number.clone()),
                            regions: facts.map(|(_, regions)| regions.clone()),
                            note: (**n).clone(),
                        }
                    })
                    .collect())
            })
            .collect();
        let mut notes = Vec::new();
        let mut problems = Vec::new();
        for r in read {
            match r {
                Ok(n) => notes.extend(n),
                Err(e) => problems.push(e),
            }
        }
        notes.sort_by_cached_key(|n| {
            let number = n.number.as_deref().map_or((u32::MAX, u32::MAX), entry_order);
            (n.record_title.to_lowercase(), n.record_id.clone(), number, n.note.anchor.start, n.note.id)
        });
        Ok((notes, problems))
    }

    /// Entry id → (number, bureaus) of one record, from the index.
    fn entry_facts(&self, record_id: &str) -> Result<HashMap<String, (String, Vec<Bureau>)>, LibraryError> {
        let f = self.fields;
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
        };
        let query = BooleanQuery::new(vec![
            (Occur::Must, term(f.kind, KIND_ENTRY)),
            (Occur::Must, term(f.record_id, record_id)),
        ]);
        let searcher = self.reader.searcher();
        let addresses =
            searcher.search(&query, &tantivy::collector::DocSetCollector).map_err(|e| self.index_error(&e))?;
        let mut facts = HashMap::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.index_error(&e))?;
            let id = schema::text(&doc, f.entry_id).unwrap_or_default().to_owned();
            let number = schema::text(&doc, f.number).unwrap_or_default().to_owned();
            let regions = schema::texts(&doc, f.regions).iter().filter_map(|c| Bureau::from_code(c)).collect();
            facts.insert(id, (number, regions));
        }
        Ok(facts)
    }
}

/// "2.10" as (2, 10), so that 2.10 comes after 2.9.
fn entry_order(number: &str) -> (u32, u32) {
    let (s, e) = number.split_once('.').unwrap_or((number, "0"));
    (s.parse().unwrap_or(u32::MAX), e.parse().unwrap_or(u32::MAX))
}

/// The notes `filter` takes, of those of the record `record` (any, when `None`).
pub fn select<'a>(notes: &'a [LibraryNote], filter: &NoteFilter, record: Option<&str>) -> Vec<&'a LibraryNote> {
    notes
        .iter()
        .filter(|n| record.is_none_or(|r| n.record_id == r))
        .filter(|n| filter.matches_regions(&n.note, n.regions.as_deref()))
        .collect()
}
