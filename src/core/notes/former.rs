//! A record's notes file of before its id took in its title and entries (see
//! [`Document::former_id`]). Records that shared that id (two years of one annual report)
//! shared one notes file; each now has its own. When a record is opened and has no notes
//! file under its id, but has one under its former id, it takes that file over, once:
//!
//! - when every note in it is on this record, it is written under the record's name (a link
//!   keeps its place: its file is written where it is, and the link takes the new name),
//!   and the former name goes;
//! - when only some are (the file was shared), those are copied to a new file of the
//!   record, and the file stays as it was for the other records, which take theirs when
//!   they are opened;
//! - when none are, nothing is done (they are other records' notes).
//!
//! The built-in record keeps the id it had (it has fixed metadata), and so does its text read
//! from a file; a copy of it edited has another id now, and takes a copy of the notes on it:
//! the built-in record's file stays its own.
//!
//! A note is on this record when its entry is one of the record's, when it was placed on
//! this very text (its revision), or when its passage is in one of the record's entries.
//! The window, the command line and the library's scan all call
//! [`NotesStore::open_document`] (or [`take_over_former_notes`]).

use super::disk;
use super::model::Note;
use super::store::{NotesError, NotesStore, notes_path, notes_to_ron};
use crate::core::Document;
use std::path::Path;

impl NotesStore {
    /// Opens the notes of `doc` in `dir`, as the window and the command line do: first takes
    /// over, once, the record's notes file of before (see [`take_over_former_notes`]). What
    /// was taken over, or why it could not be, is the first of the store's warnings.
    pub fn open_document(dir: &Path, doc: &Document) -> Self {
        let taken = take_over_former_notes(dir, doc);
        let mut store = Self::open_named(dir, &doc.id, doc.former_id.as_deref());
        match taken {
            Ok(Some(said)) => store.warnings.insert(0, said),
            Ok(None) => {}
            Err(e) => store.warnings.insert(0, e.to_string()),
        }
        store
    }
}

/// The built-in record's id (its notes file is never moved away).
fn builtin_id() -> Option<&'static str> {
    static ID: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    ID.get_or_init(|| crate::core::open::embedded().ok().map(|d| d.id)).as_deref()
}

/// Whether `note` is on `doc`: its entry is one of the record's, it was placed on this very
/// text, or its passage is in one of the record's entries.
fn on_record(note: &Note, doc: &Document) -> bool {
    let a = &note.anchor;
    doc.find_entry(&a.entry_id).is_some()
        || a.doc_rev == doc.rev
        || (!a.quote.exact.is_empty() && doc.entries().any(|(_, e)| e.text.contains(a.quote.exact.as_str())))
}

/// Takes over the notes file `doc` had under its former id, when it has one and none under
/// its id (see the module's text). Gives what was done, in words, for the reader: `None`
/// when there was nothing to do. The former file's lock is held meanwhile, and the record's
/// file is only ever created new (never over one another writer made meanwhile).
pub fn take_over_former_notes(dir: &Path, doc: &Document) -> Result<Option<String>, NotesError> {
    let Some(former) = doc.former_id.as_deref().filter(|f| *f != doc.id) else { return Ok(None) };
    let new = notes_path(dir, &doc.id);
    let old = notes_path(dir, former);
    if std::fs::symlink_metadata(&new).is_ok() || std::fs::symlink_metadata(&old).is_err() {
        return Ok(None);
    }
    let not_taken = |why: String| {
        NotesError::ReadOnly(format!(
            "this record's notes under its former id, in {}, were not taken over: {why}",
            old.display()
        ))
    };
    let real = disk::resolve(&old).map_err(|e| not_taken(e.to_string()))?;
    let _lock = disk::lock(&real, disk::LOCK_WAIT).map_err(|e| not_taken(e.to_string()))?;
    // Under the lock, as it is now: another writer may have taken it meanwhile.
    let Some(bytes) = disk::read_bytes(&real).map_err(not_taken)? else { return Ok(None) };
    if std::fs::symlink_metadata(&new).is_ok() {
        return Ok(None);
    }
    let file = disk::parse_existing(&real, &bytes).map_err(not_taken)?;
    let total = file.notes.len();
    // Ours, with the record's id now (as an import gives it).
    let ours: Vec<Note> = file
        .notes
        .values()
        .filter(|n| on_record(n, doc))
        .map(|n| {
            let mut note = Note::clone(n);
            note.anchor.doc_id.clone_from(&doc.id);
            note
        })
        .collect();
    if ours.is_empty() {
        return Ok(None);
    }
    let why_now = "a record's id now comes from its title and entries too, so that two records never share one";
    let text = notes_to_ron(&doc.id, &file.labels, ours.iter().collect())?;
    // The built-in record's file is its own still: an edited copy of its text takes a copy.
    let builtin = Some(former) == builtin_id();
    let whole = ours.len() == total && file.set_aside.is_empty() && !builtin;
    if whole && real != old {
        // A link (into a synced folder, say): its file is written where it is, and the link
        // itself takes the new name, so that it still leads there.
        disk::write_atomic(&real, text.as_bytes(), Some(&bytes))?;
        match std::fs::hard_link(&old, &new) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
            Err(e) => return Err(not_taken(format!("the link could not be given the name {} ({e})", new.display()))),
        }
    } else {
        match disk::write_new(&new, text.as_bytes()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
            Err(e) => return Err(not_taken(format!("{} could not be written ({e})", new.display()))),
        }
    }
    if builtin {
        return Ok(Some(format!(
            "{} of the {total} note(s) of the built-in record, which this text shared before, are on it: they were copied to {}, this record's own notes file ({why_now}).",
            ours.len(),
            new.display()
        )));
    }
    if !whole {
        return Ok(Some(format!(
            "{} of the {total} note(s) in {}, the notes file this record shared with other records under its former id, are on this record: they were copied to {}. The file was left as it was for the other records, which take theirs when they are opened ({why_now}).",
            ours.len(),
            old.display(),
            new.display()
        )));
    }
    // Every note is in the new file (fsynced): the old name goes.
    let kept = match std::fs::remove_file(&old) {
        Ok(()) => String::new(),
        Err(e) => format!("; {} could not be removed ({e}), and is not read any more", old.display()),
    };
    Ok(Some(format!(
        "This record's {total} note(s) were in {}, under its former id: they are in {} now{kept} ({why_now}).",
        old.display(),
        new.display()
    )))
}
