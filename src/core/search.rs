//! Find in the document: which entries contain words typed by the reader.
//!
//! Case-insensitive, every word must occur (in any order). The lower-cased text of the
//! entries is made once per document, so a keystroke costs one pass of substring searches
//! over the text, not a fresh lower-casing of it.

use crate::core::Document;

/// The entries of one document, not yet lower-cased.
#[derive(Debug)]
pub struct Unbuilt(SearchIndex);

impl Unbuilt {
    pub fn build(mut self) -> SearchIndex {
        for (_, _, text) in &mut self.0.entries {
            if text.is_ascii() {
                text.make_ascii_lowercase();
            } else {
                *text = text.to_lowercase();
            }
        }
        self.0
    }
}

/// The lower-cased entries of one document, ready for searching.
#[derive(Debug, Default)]
pub struct SearchIndex {
    doc_id: String,
    doc_rev: String,
    /// (section, entry, lower-cased text), in document order.
    entries: Vec<(usize, usize, String)>,
}

impl SearchIndex {
    pub fn new(doc: &Document) -> Self {
        Self::building(doc).build()
    }

    /// What an index is made from, copied out of `doc` so that the lower-casing (most of the
    /// cost) can run on another thread: `SearchIndex::building(doc).build()`.
    pub fn building(doc: &Document) -> Unbuilt {
        let entries = doc
            .sections
            .iter()
            .enumerate()
            .flat_map(|(si, s)| s.entries.iter().enumerate().map(move |(ei, e)| (si, ei, e.text.clone())))
            .collect();
        Unbuilt(Self { doc_id: doc.id.clone(), doc_rev: doc.rev.clone(), entries })
    }

    /// Whether this index was made from `doc`.
    pub fn is_for(&self, doc: &Document) -> bool {
        self.doc_id == doc.id && self.doc_rev == doc.rev && self.entries.len() == doc.entry_count()
    }

    /// The (section, entry) positions of the entries containing every word of `query`.
    /// An empty query finds nothing.
    pub fn find(&self, query: &str) -> Vec<(usize, usize)> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter(|(_, _, text)| words.iter().all(|w| text.contains(w.as_str())))
            .map(|&(si, ei, _)| (si, ei))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_word_in_any_case_and_order() {
        let doc = crate::core::open::embedded().unwrap();
        let index = SearchIndex::new(&doc);
        assert!(index.is_for(&doc));
        let haiti = index.find("HAITI");
        assert!(!haiti.is_empty());
        for &(si, ei) in &haiti {
            assert!(doc.sections[si].entries[ei].text.to_lowercase().contains("haiti"));
        }
        let both = index.find("elections haiti");
        assert!(both.iter().all(|p| haiti.contains(p)));
        assert_eq!(index.find("elections haiti"), index.find("Haiti   ELECTIONS"));
        assert!(index.find("zzzz-not-there").is_empty());
        assert!(index.find("   ").is_empty());
    }
}
