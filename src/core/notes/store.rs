//! The notes file: `<dir>/<doc_id>.notes.ron`, one per document, never lost.
//!
//! - Saving writes a temporary file in the same folder, fsyncs it, keeps the old file as
//!   `.bak`, renames the new one over it and fsyncs the folder: a crash leaves either the
//!   old or the new file, never a torn one.
//! - Loading is tolerant: a record that does not parse is kept verbatim in `.rejected` and
//!   reported; the others load. A file that does not parse at all, or that a newer Record
//!   Reader wrote, opens read-only and is never overwritten.
//! - A file changed on disk by someone else is merged by id: the newest `modified` wins,
//!   deletions (the Trash marker) travel with it, and nothing is dropped.

use super::model::Note;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
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
    #[error("could not read the notes in {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("could not write the notes as RON: {0}")]
    Serialize(String),
    #[error("no folder for notes could be found on this system; use --notes-dir")]
    NoDataDir,
    #[error("the notes were not saved: {0}")]
    SaveThread(String),
}

/// How the file is laid out on disk (as serde sees it; written by `codec`).
#[cfg(test)]
#[derive(Debug, serde::Serialize)]
struct FileOut<'a> {
    version: u32,
    doc_id: &'a str,
    labels: &'a BTreeMap<String, String>,
    notes: Vec<&'a Note>,
}

/// A notes file as read: the records typed (`Note`, one pass, when all are good) or raw
/// (`Box<RawValue>`, to read them one by one and set bad ones aside).
#[derive(Debug, Deserialize)]
pub(super) struct FileIn<N> {
    pub(super) version: u32,
    #[serde(default)]
    pub(super) doc_id: String,
    #[serde(default)]
    pub(super) labels: BTreeMap<String, String>,
    #[serde(default = "Vec::new")]
    pub(super) notes: Vec<N>,
}

type RawRecord = Box<ron::value::RawValue>;

/// What reading a notes file gives, by either path.
struct FileRead {
    version: u32,
    doc_id: String,
    labels: BTreeMap<String, String>,
    notes: NoteMap,
}

/// The honest state of the notes on disk, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// Changes not yet written.
    Unsaved,
    Error(String),
    ReadOnly(String),
}

/// Size and modification time: enough to notice that someone else wrote the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp { len: m.len(), modified: m.modified().ok() })
}

/// What a merge with the file on disk did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub added: usize,
    pub updated: usize,
}

/// What one save writes, taken from the store by [`NotesStore::begin_save`].
#[derive(Debug)]
pub struct SaveJob {
    path: PathBuf,
    doc_id: String,
    labels: BTreeMap<String, String>,
    notes: Vec<Arc<Note>>,
}

impl SaveJob {
    /// Serialises and writes atomically (temp file, fsync, rename, folder fsync).
    pub fn run(self) -> Result<(), NotesError> {
        let text = notes_to_ron(&self.doc_id, &self.labels, self.notes.iter().map(|n| &**n).collect())?;
        write_atomic(&self.path, text.as_bytes(), true)
    }
}

#[derive(Debug)]
pub struct NotesStore {
    pub path: PathBuf,
    pub doc_id: String,
    pub notes: NoteMap,
    /// Renamed colour labels (palette key → label).
    pub labels: BTreeMap<String, String>,
    /// Why the file must not be written, when it must not.
    pub read_only: Option<String>,
    /// Problems found while loading (set-aside records), for the user.
    pub warnings: Vec<String>,
    pub state: SaveState,
    disk: Option<Stamp>,
    generation: u64,
}

static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_generation() -> u64 {
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The app's data folder: `~/.local/share/record-reader` on Linux (or under `$XDG_DATA_HOME`).
pub fn data_dir() -> Result<PathBuf, NotesError> {
    directories::ProjectDirs::from("", "", "record-reader")
        .map(|d| d.data_dir().to_owned())
        .ok_or(NotesError::NoDataDir)
}

/// The default folder for notes files: `<data dir>/notes`.
pub fn default_notes_dir() -> Result<PathBuf, NotesError> {
    Ok(data_dir()?.join("notes"))
}

/// The file name of a document's notes.
pub fn notes_path(dir: &Path, doc_id: &str) -> PathBuf {
    let safe: String = doc_id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    dir.join(format!("{safe}.notes.ron"))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

impl NotesStore {
    /// Opens (or starts) the notes of `doc_id` in `dir`. Problems with the content never
    /// fail: they make the store read-only or set records aside, and say so.
    pub fn open(dir: &Path, doc_id: &str) -> Self {
        let path = notes_path(dir, doc_id);
        let mut store = Self {
            path: path.clone(),
            doc_id: doc_id.to_owned(),
            notes: BTreeMap::new(),
            labels: BTreeMap::new(),
            read_only: None,
            warnings: Vec::new(),
            state: SaveState::Saved,
            disk: None,
            generation: next_generation(),
        };
        match std::fs::read(&path) {
            Ok(bytes) => {
                store.disk = stamp(&path);
                match store.read_file(&bytes) {
                    Ok((notes, labels)) => {
                        store.notes = notes;
                        store.labels = labels;
                    }
                    Err(reason) => store.read_only = Some(reason),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => store.read_only = Some(format!("the notes file {} cannot be read: {e}", path.display())),
        }
        if let Some(r) = &store.read_only {
            store.state = SaveState::ReadOnly(r.clone());
        }
        store
    }

    /// Parses a notes file. `Err` means it must be opened read-only (the reason says why);
    /// bad records are set aside into `.rejected` and listed in `warnings`.
    #[allow(clippy::type_complexity)] // one private caller
    fn read_file(&mut self, bytes: &[u8]) -> Result<(NoteMap, BTreeMap<String, String>), String> {
        let display = self.path.display().to_string();
        let text =
            std::str::from_utf8(bytes).map_err(|_| format!("{display} is not a text file; it was left untouched"))?;
        // The usual case, every record good: one typed pass, by hand for the layout this program
        // writes (`codec`), else by `ron`. Otherwise the records are read one by one, so that
        // good ones are kept and bad ones set aside.
        let typed = super::codec::read_file(text)
            .map(|f| FileIn { version: f.version, doc_id: f.doc_id, labels: f.labels, notes: f.notes })
            .map_or_else(|| ron::from_str::<FileIn<Note>>(text).ok(), Some);
        let file = match typed {
            Some(t) => FileRead {
                version: t.version,
                doc_id: t.doc_id,
                labels: t.labels,
                notes: t.notes.into_iter().map(|n| (n.id, Arc::new(n))).collect(),
            },
            None => self.read_records(text, &display)?,
        };
        let notes = file.notes;
        if file.version > VERSION {
            // Show what can be read, but never write over it.
            self.read_only = Some(format!(
                "{display} was written by a newer Record Reader (format {}; this one knows {VERSION}); it is shown read-only",
                file.version
            ));
        }
        if !file.doc_id.is_empty() && file.doc_id != self.doc_id {
            self.warnings.push(format!("{display} names another document ({})", file.doc_id));
        }
        Ok((notes, file.labels))
    }

    /// The slow path of [`Self::read_file`]: record by record, setting bad ones aside.
    fn read_records(&mut self, text: &str, display: &str) -> Result<FileRead, String> {
        let file: FileIn<RawRecord> = ron::from_str(text).map_err(|e| {
            format!("{display} cannot be read ({e}); it was left untouched. Save your notes elsewhere to keep new ones")
        })?;
        let mut notes = BTreeMap::new();
        let mut rejected = Vec::new();
        for raw in &file.notes {
            match raw.into_rust::<Note>() {
                Ok(n) => {
                    notes.insert(n.id, Arc::new(n));
                }
                Err(e) => rejected.push((raw.get_ron().to_owned(), e.to_string())),
            }
        }
        if !rejected.is_empty() {
            let path = with_suffix(&self.path, ".rejected");
            let mut out = String::new();
            for (raw, why) in &rejected {
                out.push_str(&format!("// set aside {} because: {why}\n{raw},\n", time_now_text()));
            }
            let written = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .and_then(|mut f| f.write_all(out.as_bytes()).and_then(|()| f.sync_all()));
            match written {
                Ok(()) => self.warnings.push(format!(
                    "{} note(s) could not be read and were set aside in {}",
                    rejected.len(),
                    path.display()
                )),
                Err(e) => {
                    // Without a copy of the bad records, overwriting the file would lose them.
                    return Err(format!(
                        "{} note(s) in {display} could not be read and could not be set aside ({e}); the file was left untouched",
                        rejected.len()
                    ));
                }
            }
        }
        Ok(FileRead { version: file.version, doc_id: file.doc_id, labels: file.labels, notes })
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Notes not in the Trash.
    pub fn live(&self) -> impl Iterator<Item = &Note> {
        self.notes.values().map(|n| &**n).filter(|n| !n.is_deleted())
    }

    pub fn trash(&self) -> impl Iterator<Item = &Note> {
        self.notes.values().map(|n| &**n).filter(|n| n.is_deleted())
    }

    /// Adds or replaces a note; marks the store unsaved.
    pub fn put(&mut self, note: Note) {
        self.notes.insert(note.id, Arc::new(note));
        self.touch();
    }

    /// Removes a note for good (emptying the Trash).
    pub fn purge(&mut self, id: Uuid) -> Option<Note> {
        let n = self.notes.remove(&id).map(Arc::unwrap_or_clone);
        self.touch();
        n
    }

    fn touch(&mut self) {
        self.generation = next_generation();
        if self.read_only.is_none() {
            self.state = SaveState::Unsaved;
        }
    }

    /// Every tag in use, sorted.
    pub fn tags(&self) -> BTreeSet<String> {
        self.live().flat_map(|n| n.tags.iter().cloned()).collect()
    }

    /// The label of a colour key: renamed, or the palette's default.
    pub fn label<'a>(&'a self, key: &'a str) -> &'a str {
        self.labels
            .get(key)
            .map(String::as_str)
            .or_else(|| super::PALETTE.iter().find(|p| p.0 == key).map(|p| p.1))
            .unwrap_or(key)
    }

    /// Places every note on `doc` (see [`super::anchor`]). Returns the orphans: notes that
    /// could not be placed, kept as they were.
    pub fn reanchor(&mut self, doc: &crate::core::Document) -> Vec<Uuid> {
        let mut orphans = Vec::new();
        let mut moved = false;
        for note in self.notes.values_mut() {
            match super::anchor::reanchor(Arc::make_mut(note), doc) {
                super::anchor::Placement::Unchanged => {}
                super::anchor::Placement::Moved => moved = true,
                super::anchor::Placement::Orphaned => orphans.push(note.id),
            }
        }
        if moved {
            self.touch();
        }
        self.generation = next_generation();
        orphans
    }

    /// Changes with every change to the notes made through the store's methods (and
    /// [`NotesStore::replace_notes`]); unique across stores. Views key their caches on it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Swaps in another set of notes (undo, redo) and returns the old one.
    pub fn replace_notes(&mut self, notes: NoteMap) -> NoteMap {
        self.generation = next_generation();
        std::mem::replace(&mut self.notes, notes)
    }

    /// The file's text, ordered by id so that it diffs cleanly.
    pub fn to_ron(&self) -> Result<String, NotesError> {
        notes_to_ron(&self.doc_id, &self.labels, self.notes.values().map(|n| &**n).collect())
    }

    /// Writes the notes: merge with any change on disk first, then an atomic replace.
    pub fn save(&mut self) -> Result<(), NotesError> {
        let job = self.begin_save();
        let result = job.and_then(SaveJob::run);
        self.finish_save(&result);
        result
    }

    /// The first half of a save, on the caller's thread: refuses a read-only file, merges
    /// changes made on disk, and copies what is to be written. [`SaveJob::run`] (the
    /// serialising and the atomic write) can then run on another thread while the notes
    /// are edited; [`NotesStore::finish_save`] takes its result back.
    pub fn begin_save(&mut self) -> Result<SaveJob, NotesError> {
        if let Some(r) = &self.read_only {
            return Err(NotesError::ReadOnly(r.clone()));
        }
        if self.changed_on_disk() {
            self.merge_from_disk()?;
        }
        Ok(SaveJob {
            path: self.path.clone(),
            doc_id: self.doc_id.clone(),
            labels: self.labels.clone(),
            notes: self.notes.values().cloned().collect(),
        })
    }

    /// Records how a [`SaveJob`] went: the file's new stamp and `Saved`, or the error.
    pub fn finish_save(&mut self, result: &Result<(), NotesError>) {
        match result {
            Ok(()) => {
                self.disk = stamp(&self.path);
                self.state = SaveState::Saved;
            }
            Err(e) => self.state = SaveState::Error(e.to_string()),
        }
    }

    /// Writes a copy elsewhere (for a read-only store: "save elsewhere").
    pub fn save_as(&self, path: &Path) -> Result<(), NotesError> {
        write_atomic(path, self.to_ron()?.as_bytes(), false)
    }

    /// Has someone else written the file since we last read or wrote it?
    pub fn changed_on_disk(&self) -> bool {
        stamp(&self.path) != self.disk
    }

    /// Reads the file on disk and merges it in by id: newest `modified` wins, notes only on
    /// one side are kept. The file is not written here.
    pub fn merge_from_disk(&mut self) -> Result<MergeReport, NotesError> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.disk = None;
                return Ok(MergeReport::default());
            }
            Err(source) => return Err(NotesError::Read { path: self.path.clone(), source }),
        };
        let disk_stamp = stamp(&self.path);
        let (theirs, labels) = match self.read_file(&bytes) {
            Ok(x) => x,
            Err(reason) => {
                // Someone wrote a file we cannot read: keep ours in memory, write nothing.
                self.read_only = Some(reason.clone());
                self.state = SaveState::ReadOnly(reason.clone());
                return Err(NotesError::ReadOnly(reason));
            }
        };
        let mut report = MergeReport::default();
        for (id, note) in theirs {
            match self.notes.get(&id) {
                None => {
                    self.notes.insert(id, note);
                    self.generation = next_generation();
                    report.added += 1;
                }
                Some(mine) if note.modified > mine.modified => {
                    self.notes.insert(id, note);
                    self.generation = next_generation();
                    report.updated += 1;
                }
                Some(_) => {}
            }
        }
        for (k, v) in labels {
            self.labels.entry(k).or_insert(v);
        }
        if let Some(r) = &self.read_only {
            self.state = SaveState::ReadOnly(r.clone());
        }
        self.disk = disk_stamp;
        Ok(report)
    }
}

/// A notes file's text for these notes, ordered by id.
pub fn notes_to_ron(
    doc_id: &str,
    labels: &BTreeMap<String, String>,
    mut notes: Vec<&Note>,
) -> Result<String, NotesError> {
    notes.sort_by_key(|n| n.id);
    // Written by hand, exactly as `ron` would write it (see `notes_to_ron_with_serde`), in a
    // fraction of the time.
    super::codec::write_file(VERSION, doc_id, labels, &notes).map_err(|e| NotesError::Serialize(e.to_string()))
}

/// [`notes_to_ron`] through serde and `ron`: the layout the hand-written writer must match.
/// One note per line (a change to a note is a change to one line, for diffs and merges),
/// fields left out when empty, and strings written as they are (raw `r#"…"#` when they hold
/// a quote or a backslash).
#[cfg(test)]
pub(super) fn notes_to_ron_with_serde(
    doc_id: &str,
    labels: &BTreeMap<String, String>,
    mut notes: Vec<&Note>,
) -> Result<String, NotesError> {
    notes.sort_by_key(|n| n.id);
    let file = FileOut { version: VERSION, doc_id, labels, notes };
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ".to_owned())
        .depth_limit(2)
        .escape_strings(false);
    ron::ser::to_string_pretty(&file, config).map_err(|e| NotesError::Serialize(e.to_string()))
}

/// Reads the notes of a notes file's text (for import): the notes that parse, and why the
/// others did not.
pub fn notes_from_ron(text: &str) -> Result<(Vec<Note>, Vec<String>), String> {
    let file: FileIn<RawRecord> = ron::from_str(text).map_err(|e| format!("not a Record Reader notes file: {e}"))?;
    if file.version > VERSION {
        return Err(format!("written by a newer Record Reader (format {})", file.version));
    }
    let mut notes = Vec::new();
    let mut bad = Vec::new();
    for raw in &file.notes {
        match raw.into_rust::<Note>() {
            Ok(n) => notes.push(n),
            Err(e) => bad.push(e.to_string()),
        }
    }
    Ok((notes, bad))
}

fn time_now_text() -> String {
    super::model::now().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Temp file in the same folder, fsync, keep the old file as `.bak`, rename, fsync folder.
fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), NotesError> {
    let err = |source| NotesError::Write { path: path.to_owned(), source };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let tmp = with_suffix(path, &format!(".tmp-{}", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp); // the half-written temp file is worthless
        return Err(err(e));
    }
    if keep_backup && path.exists() {
        let bak = with_suffix(path, ".bak");
        let _ = std::fs::remove_file(&bak);
        // A hard link keeps the old version without copying; fall back to a copy.
        if std::fs::hard_link(path, &bak).is_err() {
            std::fs::copy(path, &bak).map_err(err)?;
        }
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all(); // not every platform can fsync a folder
    }
    Ok(())
}
