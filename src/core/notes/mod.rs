//! Annotations: the note model, the RON store that never loses a note, re-anchoring notes
//! when the document text changes, and taking over a record's notes file of before its id
//! changed ([`former`]).

pub mod anchor;
pub mod change;
pub mod disk;
pub mod driver;
mod format;
pub mod former;
pub(crate) mod merge;
pub mod model;
pub mod select;
pub mod store;

pub use disk::SetAside;
pub use model::{Anchor, Note, NoteKind, NoteMap, NotesError, PALETTE, TextQuote};
pub use select::{NoteFilter, document_order};
pub use store::{MergeReport, NotesStore, SaveState, folder};
