//! Counts across the library for the map: how many entries name each country, of those a
//! query finds (or of all, with an empty query).

use super::query::{Clause, LibraryQuery};
use super::{Library, LibraryError};
use std::collections::{BTreeMap, BTreeSet};

impl Library {
    /// Per country (ISO 3166 alpha-2) named anywhere in the library, the entries that match
    /// `query` and name it; countries with none are left out.
    pub fn country_counts(&self, query: &LibraryQuery) -> Result<BTreeMap<String, usize>, LibraryError> {
        let mut counts = BTreeMap::new();
        for code in self.countries_named()? {
            let mut q = query.clone();
            q.clauses.push(Clause::Country(code.clone()));
            let n = self.count(&q)?;
            if n > 0 {
                counts.insert(code, n);
            }
        }
        Ok(counts)
    }

    /// The country codes in the index's term dictionary (a few hundred at most).
    fn countries_named(&self) -> Result<BTreeSet<String>, LibraryError> {
        let searcher = self.reader.searcher();
        let mut codes = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(self.fields.countries).map_err(|e| self.index_error(&e))?;
            let mut terms = index.terms().stream().map_err(|e| self.index_error(&e.into()))?;
            while terms.advance() {
                if let Ok(code) = std::str::from_utf8(terms.key()) {
                    codes.insert(code.to_owned());
                }
            }
        }
        Ok(codes)
    }
}
