//! The document's Find box: the words, the entries that contain them, every match, and the
//! match the reader is on.

use crate::core::Document;
use crate::core::search::{Found, Match, SearchIndex, Unbuilt};
use crate::gui::command::{DocumentCommand, Effects, FindCommand, Status};
use crate::gui::job::{Job, JobFailed};

/// The document's Find box: the words, what they found, and the match the reader is on.
#[derive(Debug, Default)]
pub struct FindState {
    pub query: String,
    /// What the words found; `None` when the box is empty.
    pub found: Option<Found>,
    /// The match the reader is on (an index into `found.matches`).
    pub current: Option<usize>,
    /// Show only the entries that match (true), or every entry with the matches marked.
    pub only_matching: bool,
    /// Lower-cased parts of the document and its words by stem, made on a background thread
    /// after the document's first frame.
    index: Option<SearchIndex>,
    unbuilt: Option<Unbuilt>,
    building: Option<Job<SearchIndex>>,
    /// The index could not be made in the background: told by the next [`Self::poll`].
    trouble: Option<Status>,
}

impl FindState {
    /// Find for `doc`, its search index to be made by [`Self::start_building`].
    pub fn for_document(doc: &Document, only_matching: bool) -> Self {
        Self { unbuilt: Some(SearchIndex::building(doc)), only_matching, ..Self::default() }
    }

    /// Starts making the search index on a background thread (once), so that the first
    /// keystroke in Find does not wait for 100,000 entries to be lower-cased and their words
    /// gathered by stem. The window calls it after each frame: made at once, the index (about
    /// 50 ms on both cores for the 100k record) held up the record's first frame
    /// (`open_with_notes_ms_large`, median of six runs 372 → 448 ms on a busy machine).
    pub fn start_building(&mut self) {
        if let Some(unbuilt) = self.unbuilt.take() {
            match Job::spawn("find-index", move |_| unbuilt.build()) {
                Ok(job) => self.building = Some(job),
                Err(failed) => self.failed(&failed),
            }
        }
    }

    /// Once a frame: starts making the index (once); what to tell the reader if making it in
    /// the background failed (it is then made when Find is used).
    pub fn poll(&mut self) -> Option<Status> {
        self.start_building();
        self.trouble.take()
    }

    fn failed(&mut self, failed: &JobFailed) {
        let why = failed.why_or("it stopped unexpectedly");
        self.trouble = Some(Status::Error(format!(
            "Find's index could not be made in the background ({why}); Find makes it when it is used"
        )));
    }

    /// The index of `doc`: the one built in the background (waiting for it if needed), or
    /// one made now.
    fn index(&mut self, doc: &Document) -> &SearchIndex {
        self.start_building();
        if let Some(job) = self.building.take() {
            match job.wait() {
                Ok(index) => self.index = Some(index),
                Err(failed) => self.failed(&failed),
            }
        }
        if !self.index.as_ref().is_some_and(|index| index.is_for(doc)) {
            self.index = Some(SearchIndex::new(doc));
        }
        self.index.get_or_insert_with(|| SearchIndex::new(doc))
    }

    /// The entries found, when the document shows only those (`None`: every entry shows).
    pub fn entries_shown(&self) -> Option<&[(usize, usize)]> {
        self.found.as_ref().filter(|_| self.only_matching).map(|f| f.entries.as_slice())
    }

    /// Every match, in document order (empty when not finding).
    pub fn matches(&self) -> &[Match] {
        self.found.as_ref().map_or(&[], |f| f.matches.as_slice())
    }

    /// "3 of 17", or "No matches"; `None` when not finding.
    pub fn position_text(&self) -> Option<String> {
        let found = self.found.as_ref()?;
        let total = found.matches.len();
        if found.more {
            let at = self.current.map_or(String::new(), |i| format!("{} of ", i + 1));
            return Some(format!("{at}more than {total} matches"));
        }
        Some(match (self.current, total) {
            (_, 0) => "No matches".to_owned(),
            (Some(i), _) => format!("{} of {total}", i + 1),
            (None, 1) => "1 match".to_owned(),
            (None, _) => format!("{total} matches"),
        })
    }

    pub fn apply(&mut self, command: FindCommand, doc: &Document) -> Effects {
        match command {
            FindCommand::Set(query) => {
                let previous = self.found.take();
                self.found = if query.trim().is_empty() {
                    None
                } else {
                    Some(self.index(doc).find_after(doc, &query, previous.as_ref()))
                };
                self.query = query;
                // As in a browser: the first match is the current one, and is shown.
                self.current = self.found.as_ref().filter(|f| !f.matches.is_empty()).map(|_| 0);
                self.reveal_current().with_rows_changed()
            }
            FindCommand::Stop => {
                self.query.clear();
                self.found = None;
                self.current = None;
                Effects::rows_changed()
            }
            FindCommand::Next => self.step(1),
            FindCommand::Previous => self.step(-1),
            FindCommand::SetOnlyMatching(only) => {
                self.only_matching = only;
                self.reveal_current().with_rows_changed()
            }
        }
    }

    /// Moves to the next (`1`) or previous (`-1`) match, round the end, and shows it.
    fn step(&mut self, by: isize) -> Effects {
        let total = self.matches().len();
        if total == 0 {
            return Effects::none();
        }
        let next = match self.current {
            Some(i) => (i.cast_signed() + by).rem_euclid(total.cast_signed()).cast_unsigned(),
            None if by < 0 => total - 1,
            None => 0,
        };
        self.current = Some(next);
        self.reveal_current()
    }

    fn reveal_current(&self) -> Effects {
        match self.current.and_then(|i| self.matches().get(i)) {
            Some(m) => Effects::then(DocumentCommand::RevealSpot(m.spot)),
            None => Effects::none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_keeps_the_words_and_the_entries_found_until_stopped() {
        let doc = crate::core::open::embedded().unwrap();
        let mut find = FindState::for_document(&doc, true);
        let effects = find.apply(FindCommand::Set("Haiti".into()), &doc);
        assert!(effects.rows_changed);
        let hits = find.entries_shown().unwrap().to_vec();
        let haiti = doc.entries().filter(|(_, e)| e.text.to_lowercase().contains("haiti")).count();
        assert!(haiti > 0 && hits.len() == haiti, "{hits:?}");
        assert_eq!(find.query, "Haiti");
        let _ = find.apply(FindCommand::Set("  ".into()), &doc);
        assert_eq!((find.entries_shown(), find.query.as_str()), (None, "  "), "blank words find nothing");
        let _ = find.apply(FindCommand::Set("haiti".into()), &doc);
        let _ = find.apply(FindCommand::Stop, &doc);
        assert_eq!((find.entries_shown(), find.query.as_str()), (None, ""));
    }

    #[test]
    fn next_and_previous_go_round_the_matches_and_show_each() {
        let doc = crate::core::open::embedded().unwrap();
        let mut find = FindState::for_document(&doc, false);
        let effects = find.apply(FindCommand::Set("democracy".into()), &doc);
        let total = find.matches().len();
        assert!(total > 3, "{total}");
        assert_eq!(find.current, Some(0));
        assert_eq!(find.position_text().unwrap(), format!("1 of {total}"));
        assert_eq!(effects.then, vec![DocumentCommand::RevealSpot(find.matches()[0].spot).into()]);
        assert!(find.entries_shown().is_none(), "marking in place shows every entry");
        let _ = find.apply(FindCommand::Next, &doc);
        let effects = find.apply(FindCommand::Next, &doc);
        assert_eq!(find.current, Some(2));
        assert_eq!(effects.then, vec![DocumentCommand::RevealSpot(find.matches()[2].spot).into()]);
        for _ in 0..3 {
            let _ = find.apply(FindCommand::Previous, &doc);
        }
        assert_eq!(find.current, Some(total - 1), "back past the first is the last");
        let _ = find.apply(FindCommand::Next, &doc);
        assert_eq!(find.position_text().unwrap(), format!("1 of {total}"));
        let _ = find.apply(FindCommand::SetOnlyMatching(true), &doc);
        assert!(find.entries_shown().is_some_and(|e| !e.is_empty()));
        let _ = find.apply(FindCommand::Set("zzzz".into()), &doc);
        assert_eq!((find.current, find.position_text().as_deref()), (None, Some("No matches")));
        assert_eq!(find.apply(FindCommand::Next, &doc), Effects::none());
    }
}
