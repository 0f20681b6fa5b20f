//! The document's Find box: the words, and the entries that contain them.

use super::command::{Effects, FindCommand};
use crate::core::Document;
use crate::core::search::SearchIndex;

/// The document's Find box: the words, and the entries that contain them.
#[derive(Debug, Default)]
pub struct FindState {
    pub query: String,
    /// (section, entry) of the entries found, in document order; `None` when the query is empty.
    pub hits: Option<Vec<(usize, usize)>>,
    /// Lower-cased entries, made on a background thread when the document opens.
    index: Option<SearchIndex>,
    building: Option<std::thread::JoinHandle<SearchIndex>>,
}

impl FindState {
    /// Starts making the search index of `doc` on a background thread, so that the first
    /// keystroke in Find does not wait for 100,000 entries to be lower-cased.
    pub fn for_document(doc: &Document) -> Self {
        let unbuilt = SearchIndex::building(doc);
        let building = std::thread::Builder::new().name("find-index".to_owned()).spawn(move || unbuilt.build()).ok();
        Self { building, ..Self::default() }
    }

    /// The index of `doc`: the one built in the background (waiting for it if needed), or
    /// one made now.
    fn index(&mut self, doc: &Document) -> &SearchIndex {
        if let Some(handle) = self.building.take()
            && let Ok(index) = handle.join()
        {
            self.index = Some(index);
        }
        if !self.index.as_ref().is_some_and(|index| index.is_for(doc)) {
            self.index = Some(SearchIndex::new(doc));
        }
        self.index.get_or_insert_with(|| SearchIndex::new(doc))
    }

    pub fn apply(&mut self, command: FindCommand, doc: &Document) -> Effects {
        let query = match command {
            FindCommand::Set(query) => query,
            FindCommand::Stop => String::new(),
        };
        self.hits = if query.trim().is_empty() { None } else { Some(self.index(doc).find(&query)) };
        self.query = query;
        Effects::rows_changed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_keeps_the_words_and_the_entries_found_until_stopped() {
        let doc = crate::core::open::embedded().unwrap();
        let mut find = FindState::for_document(&doc);
        let effects = find.apply(FindCommand::Set("Haiti".into()), &doc);
        assert_eq!(effects, Effects::rows_changed());
        let hits = find.hits.clone().unwrap();
        let haiti = doc.entries().filter(|(_, e)| e.text.to_lowercase().contains("haiti")).count();
        assert!(haiti > 0 && hits.len() == haiti, "{hits:?}");
        assert_eq!(find.query, "Haiti");
        let _ = find.apply(FindCommand::Set("  ".into()), &doc);
        assert_eq!((find.hits.as_ref(), find.query.as_str()), (None, "  "), "blank words find nothing");
        let _ = find.apply(FindCommand::Set("haiti".into()), &doc);
        let _ = find.apply(FindCommand::Stop, &doc);
        assert_eq!((find.hits.as_ref(), find.query.as_str()), (None, ""));
    }
}
