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
        let taken = match take_over_former_notes(dir, doc) {
            Ok(None) => copy_earlier_notes(dir, doc),
            other => other,
        };
        let mut store = Self::open_named(dir, &doc.id, doc.former_id.as_deref());
        match taken {
            Ok(Some(said)) => store.warnings.insert(0, said),
            Ok(None) => {}
            Err(e) => store.warnings.insert(0, e.to_string()),
        }
        store
    }
}

/// The most notes files looked through for notes made on an earlier reading of a record, and
/// the largest read (see [`copy_earlier_notes`]): a person's notes folder holds far fewer,
/// and a file of 1 MB holds thousands of notes.
const EARLIER_FILES: usize = 2_000;
const EARLIER_FILE_BYTES: u64 = 1 << 20;

/// Notes made on an earlier reading of this record, when it has no notes file of its own:
/// a better reading (a saved page's headings and lists read as the page states them, a
/// title found) gives a record another id, and its notes file, named by the id it had, is
/// then not its own any more. The notes folder's files are looked through (the most recently
/// changed first, at most [`EARLIER_FILES`]); the first whose every note is on this record
/// (its entry, its text's revision, or its passage, as [`on_record`] has it) gives this
/// record a copy of them, with its id. The file itself is left as it was: it may be another
/// record's too (two copies of one page). `None` when there is no such file.
pub fn copy_earlier_notes(dir: &Path, doc: &Document) -> Result<Option<String>, NotesError> {
    let new = notes_path(dir, &doc.id);
    if std::fs::symlink_metadata(&new).is_ok() || doc.entry_count() == 0 {
        return Ok(None);
    }
    let Ok(listing) = std::fs::read_dir(dir) else { return Ok(None) };
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = listing
        .filter_map(Result::ok)
        // A sync tool's conflict copy is its own record's, merged into that record's file.
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.ends_with(".notes.ron") && super::conflicts::conflict_of(n).is_none())
        })
        .filter_map(|e| {
            // Regular files only, not through links (a link's target may be anywhere).
            let meta = std::fs::symlink_metadata(e.path()).ok()?;
            let modified = meta.modified().ok()?;
            (meta.is_file() && meta.len() <= EARLIER_FILE_BYTES).then(|| (modified, e.path()))
        })
        .filter(|(_, p)| Some(p.as_path()) != builtin_id().map(|b| notes_path(dir, b)).as_deref())
        .collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, path) in files.into_iter().take(EARLIER_FILES) {
        // A file that cannot be read is no earlier notes of this record: it is not touched.
        let Ok(Some(bytes)) = disk::read_bytes(&path) else { continue };
        let Ok(file) = disk::parse_existing(&path, &bytes) else { continue };
        if file.notes.is_empty() || !file.notes.values().all(|n| on_record(n, doc)) {
            continue;
        }
        let ours: Vec<Note> = file
            .notes
            .values()
            .map(|n| {
                let mut note = Note::clone(n);
                note.anchor.doc_id.clone_from(&doc.id);
                note
            })
            .collect();
        let text = notes_to_ron(&doc.id, &file.labels, ours.iter().collect())?;
        return match disk::write_new(&new, text.as_bytes()) {
            Ok(()) => Ok(Some(format!(
                "{} note(s) made when this record was read before, under another id, were copied from {} to {}, its notes file now (the reader reads its headings and entries better: its id changed). {} was left as it was.",
                ours.len(),
                path.display(),
                new.display(),
                path.display()
            ))),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(None),
            Err(e) => Err(NotesError::ReadOnly(format!(
                "notes made when this record was read before, in {}, were not copied: {} could not be written ({e})",
                path.display(),
                new.display()
            ))),
        };
    }
    Ok(None)
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
    Ok(Some(taken_over(ours.len(), total, &old, &new, builtin, whole)))
}

/// What was done, in words, once the `moved` of the `total` notes are in the record's file
/// `new`. The former file `old` goes when every note moved out of it (`whole`), unless it is
/// the built-in record's.
fn taken_over(moved: usize, total: usize, old: &Path, new: &Path, builtin: bool, whole: bool) -> String {
    let why_now = "a record's id now comes from its title and entries too, so that two records never share one";
    if builtin {
        return format!(
            "{moved} of the {total} note(s) of the built-in record, which this text shared before, are on it: they were copied to {}, this record's own notes file ({why_now}).",
            new.display()
        );
    }
    if !whole {
        return format!(
            "{moved} of the {total} note(s) in {}, the notes file this record shared with other records under its former id, are on this record: they were copied to {}. The file was left as it was for the other records, which take theirs when they are opened ({why_now}).",
            old.display(),
            new.display()
        );
    }
    // Every note is in the new file (fsynced): the old name goes.
    let kept = match std::fs::remove_file(old) {
        Ok(()) => String::new(),
        Err(e) => format!("; {} could not be removed ({e}), and is not read any more", old.display()),
    };
    format!(
        "This record's {total} note(s) were in {}, under its former id: they are in {} now{kept} ({why_now}).",
        old.display(),
        new.display()
    )
}
