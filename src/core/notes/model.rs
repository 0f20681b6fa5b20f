//! What a note is, the notes of a document ([`NoteMap`]), the notes' errors and the file
//! format's version: what the store, the file (`disk`) and the merge all speak of.

use crate::core::model::{Document, Entry};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;
use uuid::Uuid;

/// The notes of a document by id. Shared (`Arc`), so that a save or an undo step copies
/// pointers, not ten thousand notes; a note is changed with `Arc::make_mut` or replaced.
pub type NoteMap = BTreeMap<Uuid, Arc<Note>>;

/// The file format version this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("the notes are open read-only and were not saved: {0}")]
    ReadOnly(String),
    #[error("could not save the notes to {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the notes were not saved: another Record Reader window or command was saving them for over {seconds:.1} s (it holds the lock {path})"
    )]
    Locked { path: PathBuf, seconds: f64 },
    #[error("{0}")]
    SetAside(String),
    #[error("could not write the notes as RON: {0}")]
    Serialize(String),
    #[error("no folder for notes could be found on this system; use --notes-dir")]
    NoDataDir,
    #[error("the notes were not saved: {0}")]
    SaveThread(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoteKind {
    /// A note on a whole entry.
    EntryNote,
    /// A passage of an entry, highlighted, with an optional note.
    Highlight,
}

/// The selected text with some context each side (W3C Web Annotation `TextQuoteSelector`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    pub exact: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prefix: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub suffix: String,
}

/// Where a note belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub doc_id: String,
    /// Hash of the document text the anchor was made (or last placed) on.
    pub doc_rev: String,
    pub entry_id: String,
    pub quote: TextQuote,
    /// Char offsets in the entry text.
    pub start: usize,
    pub end: usize,
    /// The document revision on which this note could not be placed (an orphan), so that
    /// the search for it is not run again on every open of the same text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unplaced_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// An unknown field is an error here, so that `format::read_note` keeps it in `extra`.
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: Uuid,
    pub kind: NoteKind,
    pub anchor: Anchor,
    /// Markdown.
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// A key of [`PALETTE`].
    #[serde(default = "default_color")]
    pub color: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub modified: OffsetDateTime,
    /// Set when the note is in the Trash.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "time::serde::rfc3339::option")]
    pub deleted: Option<OffsetDateTime>,
    /// Who wrote the note (none in files written before notes had authors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<Author>,
    /// Who last changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<Author>,
    /// Fields of the record that this version does not know (a newer one wrote them), as
    /// (name, RON text), written back unchanged on save so that no data is dropped.
    #[serde(skip)]
    pub extra: Vec<(String, String)>,
}

/// The fields of a note record this version reads; any other is kept in [`Note::extra`].
pub const NOTE_FIELDS: [&str; 11] =
    ["id", "kind", "anchor", "body", "tags", "color", "created", "modified", "deleted", "created_by", "modified_by"];

/// Who wrote or changed a note: a name, and an email address or an ORCID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Author {
    /// An author with a name only.
    pub fn named(name: &str) -> Self {
        Self { name: name.to_owned(), id: None }
    }
}

pub(super) fn default_color() -> String {
    PALETTE[0].0.to_owned()
}

/// Colour keys with their default labels; the labels can be renamed per notes file.
pub const PALETTE: [(&str, &str, [u8; 3]); 5] = [
    ("yellow", "Key claim", [0xf2, 0xc9, 0x4c]),
    ("red", "Question", [0xe0, 0x6c, 0x5c]),
    ("blue", "Follow up", [0x5b, 0x9b, 0xd5]),
    ("green", "Evidence", [0x6a, 0xb0, 0x5a]),
    ("purple", "Context", [0xa5, 0x7f, 0xc9]),
];

/// Characters of context kept each side of a highlighted passage.
pub const CONTEXT_CHARS: usize = 32;

/// The current time, truncated to whole microseconds (RFC 3339 keeps them exactly).
pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

/// Slices `text` by char offsets (clamped).
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let byte = |n: usize| text.char_indices().nth(n).map_or(text.len(), |(b, _)| b);
    let (s, e) = (byte(start), byte(end.max(start)));
    &text[s..e]
}

impl Note {
    /// A note on a whole entry.
    pub fn on_entry(doc: &Document, entry: &Entry, body: &str) -> Self {
        let len = entry.text.chars().count();
        Self::new(doc, entry, NoteKind::EntryNote, 0, len, body)
    }

    /// A highlight of `entry`'s chars `start..end`.
    pub fn highlight(doc: &Document, entry: &Entry, start: usize, end: usize, body: &str) -> Self {
        Self::new(doc, entry, NoteKind::Highlight, start, end, body)
    }

    fn new(doc: &Document, entry: &Entry, kind: NoteKind, start: usize, end: usize, body: &str) -> Self {
        let t = now();
        let len = entry.text.chars().count();
        let (start, end) = (start.min(len), end.min(len).max(start.min(len)));
        Self {
            id: Uuid::now_v7(),
            kind,
            anchor: Anchor {
                doc_id: doc.id.clone(),
                doc_rev: doc.rev.clone(),
                entry_id: entry.id.to_string(),
                quote: quote_of(&entry.text, start, end),
                start,
                end,
                unplaced_on: None,
            },
            body: body.to_owned(),
            tags: Vec::new(),
            color: default_color(),
            created: t,
            modified: t,
            deleted: None,
            created_by: None,
            modified_by: None,
            extra: Vec::new(),
        }
    }

    /// The note as written by `author`: its writer and its last editor.
    #[must_use]
    pub fn by(mut self, author: &Author) -> Self {
        self.created_by = Some(author.clone());
        self.modified_by = Some(author.clone());
        self
    }

    /// Records a change made by `author` at `when`.
    pub fn touched_by(&mut self, author: &Author, when: OffsetDateTime) {
        self.modified = when;
        self.modified_by = Some(author.clone());
    }

    /// The name of who wrote the note, if known.
    pub fn author_name(&self) -> Option<&str> {
        self.created_by.as_ref().map(|a| a.name.as_str())
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    /// The Trash rule: a note moved to the Trash keeps everything and is marked deleted at
    /// `when`, which is also its last change (so the move wins a merge against older edits).
    /// It is purged only by emptying the Trash.
    pub fn move_to_trash(&mut self, when: OffsetDateTime) {
        self.deleted = Some(when);
        self.modified = when;
    }

    /// Brings a note back from the Trash, as a change made at `when`.
    pub fn restore(&mut self, when: OffsetDateTime) {
        self.deleted = None;
        self.modified = when;
    }

    /// The first line of the body, for lists.
    pub fn summary(&self) -> &str {
        self.body.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
    }

    /// The first line of the body as it reads, without its Markdown marks (for a screen
    /// reader, a tooltip, a list): "Only **binding** treaties" reads "Only binding treaties".
    pub fn plain_summary(&self) -> String {
        use pulldown_cmark::{Event, Parser};
        Parser::new(self.summary())
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.into_string()),
                Event::SoftBreak | Event::HardBreak => Some(" ".to_owned()),
                _ => None,
            })
            .collect()
    }
}

/// The quote for chars `start..end` of `text`, with context.
pub fn quote_of(text: &str, start: usize, end: usize) -> TextQuote {
    TextQuote {
        exact: char_slice(text, start, end).to_owned(),
        prefix: char_slice(text, start.saturating_sub(CONTEXT_CHARS), start).to_owned(),
        suffix: char_slice(text, end, end + CONTEXT_CHARS).to_owned(),
    }
}

/// Normalises a tag: trimmed, inner spaces as hyphens, no leading '#'.
pub fn clean_tag(tag: &str) -> Option<String> {
    let t = tag.trim().trim_start_matches('#').trim();
    (!t.is_empty()).then(|| t.split_whitespace().collect::<Vec<_>>().join("-"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn the_trash_keeps_the_note_and_marks_the_move_as_its_last_change() {
        let doc = crate::core::open::embedded().expect("the built-in record");
        let entry = &doc.sections[0].entries[0];
        let mut note = Note::on_entry(&doc, entry, "keep me");
        let later = note.modified + Duration::seconds(5);
        note.move_to_trash(later);
        assert!(note.is_deleted());
        assert_eq!((note.deleted, note.modified, note.body.as_str()), (Some(later), later, "keep me"));
        note.body = "Only **binding** treaties, see [the text](https://example.org) and `art. 5`\nmore".to_owned();
        assert_eq!(note.plain_summary(), "Only binding treaties, see the text and art. 5");
        let again = later + Duration::seconds(5);
        note.restore(again);
        assert!(!note.is_deleted());
        assert_eq!(note.modified, again);
    }
}
