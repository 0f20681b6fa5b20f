//! Annotations: the note model, the RON store that never loses a note, re-anchoring notes
//! when the document text changes, taking over a record's notes file of before its id
//! changed ([`former`]), and merging in the conflict copies sync tools leave ([`conflicts`]).

pub mod anchor;
pub mod author;
pub mod change;
pub mod conflicts;
pub mod disk;
pub mod driver;
mod format;
pub mod former;
pub(crate) mod merge;
pub mod model;
pub mod select;
pub mod store;

pub use conflicts::{ConflictCopy, ConflictError, ConflictNews, SyncTool};
pub use disk::SetAside;
pub use model::{Anchor, Author, Note, NoteKind, NoteMap, NotesError, PALETTE, TextQuote};
pub use select::{NoteFilter, authors, document_order};
pub use store::{MergeReport, NotesStore, SaveState, folder};
