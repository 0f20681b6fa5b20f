//! A notes panel's search and filters: one state and one command enum for both panels (the
//! record's notes, and every note in the library), turned into the core's one rule for
//! choosing notes, [`NoteFilter`].

use crate::core::notes::NoteFilter;
use crate::core::places::Bureau;
use crate::gui::command::NotesFilterCommand;

/// What a notes panel lists: the words searched (the record's panel), a tag, a colour key, a
/// bureau, an author (by name) and a record (by id; the library's panel); `None`: any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesFilterState {
    pub query: String,
    pub tag: Option<String>,
    pub color: Option<String>,
    pub region: Option<Bureau>,
    pub record: Option<String>,
    pub author: Option<String>,
}

impl NotesFilterState {
    pub fn apply(&mut self, command: NotesFilterCommand) {
        match command {
            NotesFilterCommand::Query(query) => self.query = query,
            NotesFilterCommand::Tag(tag) => self.tag = tag,
            NotesFilterCommand::Color(color) => self.color = color,
            NotesFilterCommand::Region(region) => self.region = region,
            NotesFilterCommand::Record(record) => self.record = record,
            NotesFilterCommand::Author(author) => self.author = author,
        }
    }

    /// The search and filters as the core's rule (live notes; the record is the library's
    /// to apply).
    pub fn note_filter(&self) -> NoteFilter {
        NoteFilter {
            tags: self.tag.iter().cloned().collect(),
            color: self.color.clone(),
            bureaus: self.region.into_iter().collect(),
            search: self.query.clone(),
            author: self.author.clone(),
            ..NoteFilter::live()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_command_sets_its_filter_and_the_rule_follows() {
        let mut filter = NotesFilterState::default();
        assert_eq!(filter.note_filter(), NoteFilter::live());
        filter.apply(NotesFilterCommand::Query("treaty".into()));
        filter.apply(NotesFilterCommand::Tag(Some("oas".into())));
        filter.apply(NotesFilterCommand::Color(Some("red".into())));
        filter.apply(NotesFilterCommand::Region(Some(Bureau::AF)));
        filter.apply(NotesFilterCommand::Record(Some("doc".into())));
        filter.apply(NotesFilterCommand::Author(Some("Ada Lovelace".into())));
        let rule = filter.note_filter();
        assert_eq!(rule.author.as_deref(), Some("Ada Lovelace"));
        assert_eq!((rule.search.as_str(), rule.color.as_deref()), ("treaty", Some("red")));
        assert_eq!((rule.tags, rule.bureaus), (vec!["oas".to_owned()], vec![Bureau::AF]));
        assert_eq!(filter.record.as_deref(), Some("doc"));
        filter.apply(NotesFilterCommand::Tag(None));
        assert!(filter.note_filter().tags.is_empty());
    }
}
