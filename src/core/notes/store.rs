//! The notes file: `<dir>/<doc_id>.notes.ron`, one per document, never lost.
//!
//! - Saving takes the file's lock, reads what is on disk, merges it with ours (three-way,
//!   against what we last read or wrote: see `merge`) and writes the result
//!   atomically, keeping the old file as `.bak` (see [`super::disk`]). Several windows, the
//!   command line and a sync tool can write the same file without losing each other's notes.
//! - Loading is tolerant: a record that does not parse is kept verbatim in `.rejected` and
//!   reported; the others load. A file that does not parse at all, or that a newer Record
//!   Reader wrote, opens read-only and is never overwritten.
//! - Temp files left by an interrupted save are read, their notes merged back in (newest
//!   change wins) and reported, and the files removed after the next save.
//! - Conflict copies a sync tool left beside the file (Syncthing's, Nextcloud's, Dropbox's:
//!   see [`conflicts`]) are merged in by note id when asked
//!   ([`NotesStore::merge_conflict_copies`]), and removed by the save that writes their notes.

use super::conflicts::{self, ConflictCopy, ConflictError, ConflictNews};
use super::disk::{self, FileRead, SetAside};
use super::merge::{Base, merge_labels, merge_notes};
use super::model::Note;
pub use super::model::{NoteMap, NotesError, VERSION};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use uuid::Uuid;

pub use super::merge::MergeReport;

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

/// What one save writes, taken from the store by [`NotesStore::begin_save`].
#[derive(Debug)]
pub struct SaveJob {
    path: PathBuf,
    doc_id: String,
    labels: BTreeMap<String, String>,
    notes: NoteMap,
    base: Base,
    leftovers: Vec<PathBuf>,
    /// Conflict copies whose notes are in these: removed once they are written.
    conflicts: Vec<TakenCopy>,
    lock_wait: std::time::Duration,
}

/// A conflict copy whose notes were merged into the store: removed once they are saved, if
/// it still holds the bytes (`hash`) that were merged.
#[derive(Debug, Clone)]
struct TakenCopy {
    copy: ConflictCopy,
    hash: blake3::Hash,
    merged: usize,
}

/// How long after the notes folder last changed its modification time is not trusted to
/// tell of every change (file systems keep it to a few milliseconds, some to two seconds).
const FOLDER_SETTLED: std::time::Duration = std::time::Duration::from_secs(3);

/// When the folder of the notes file at `path` last changed (a file added, removed, renamed).
fn folder_modified(path: &Path) -> Option<SystemTime> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::metadata(dir).and_then(|m| m.modified()).ok()
}

/// What a save wrote, for [`NotesStore::finish_save`].
#[derive(Debug)]
pub struct Saved {
    /// The notes as they were when the save began (the base for taking the result back).
    sent: Base,
    /// What the file now holds: ours merged with what was on disk.
    notes: NoteMap,
    labels: BTreeMap<String, String>,
    /// The base for the next merge: what the file now holds.
    written: Base,
    stamp: Option<Stamp>,
    warnings: Vec<String>,
    /// What became of the conflict copies whose notes were written.
    conflicts: Vec<ConflictNews>,
}

impl SaveJob {
    /// Under the file's lock: reads the file, merges it with these notes, writes the result
    /// atomically and removes temp files recovered from an interrupted save.
    pub fn run(self) -> Result<Saved, NotesError> {
        let write_err = |source| NotesError::Write { path: self.path.clone(), source };
        let real = disk::resolve(&self.path).map_err(write_err)?;
        let _lock = disk::lock(&real, self.lock_wait)?;
        let sent = Base::of(&self.notes, &self.labels);
        let mut notes = self.notes;
        let mut labels = self.labels;
        let mut warnings = Vec::new();
        let old = disk::read_bytes(&real).map_err(NotesError::ReadOnly)?;
        match &old {
            // What this writer last read or wrote: nothing new to merge.
            Some(bytes) if self.base.file_hash.is_some_and(|h| h == blake3::hash(bytes)) => {}
            Some(bytes) => {
                let file = disk::parse_existing(&real, bytes).map_err(NotesError::ReadOnly)?;
                if let Some(why) = disk::too_new(&real, file.version) {
                    return Err(NotesError::ReadOnly(why));
                }
                warnings.extend(set_aside(&self.path, &file.set_aside).map_err(NotesError::ReadOnly)?);
                merge_notes(&self.base, &mut notes, &file.notes);
                merge_labels(&self.base.labels, &mut labels, &file.labels);
            }
            None => {}
        }
        let text = notes_to_ron(&self.doc_id, &labels, notes.values().map(|n| &**n).collect())?;
        disk::write_atomic(&real, text.as_bytes(), old.as_deref())?;
        let stamp = stamp(&real);
        for leftover in &self.leftovers {
            // Its notes are in the file now. One that is already gone is fine.
            let _ = std::fs::remove_file(leftover);
        }
        // Their notes are in the file now, written while the lock is held.
        let conflicts = (self.conflicts.into_iter())
            .map(|t| {
                let outcome = conflicts::remove_merged(&t.copy.path, t.hash);
                ConflictNews { copy: t.copy, merged: t.merged, outcome }
            })
            .collect();
        let written = Base::of_file(&notes, &labels, text.as_bytes());
        Ok(Saved { sent, notes, labels, written, stamp, warnings, conflicts })
    }
}

/// Puts records aside in `<path>.rejected`; the message for the user, or why it failed
/// (then the file must not be overwritten, or the records would be lost).
fn set_aside(path: &Path, records: &[SetAside]) -> Result<Option<String>, String> {
    if records.is_empty() {
        return Ok(None);
    }
    match disk::append_rejected(path, records) {
        Ok((rejected, 0)) => Ok(Some(format!(
            "{} note record(s) could not be read as they were; they were set aside in {} before",
            records.len(),
            rejected.display()
        ))),
        Ok((rejected, _)) => Ok(Some(format!(
            "{} note record(s) could not be read as they were and were set aside in {}",
            records.len(),
            rejected.display()
        ))),
        Err(e) => Err(format!(
            "{} note record(s) in {} could not be read and could not be set aside ({e}); the file was left untouched",
            records.len(),
            path.display()
        )),
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
    /// Why the file there could not be read (then it is read-only too, and no note of it is
    /// held): cut short, damaged, too large, not a file. A command that reads notes fails
    /// with it; [`recover`] offers its complete notes back.
    pub unreadable: Option<String>,
    /// Problems found while loading (set-aside records), for the user.
    pub warnings: Vec<String>,
    pub state: SaveState,
    disk: Option<Stamp>,
    generation: u64,
    /// What the file held when last read or written: the base of every merge.
    base: Base,
    /// Temp files of an interrupted save whose notes were merged in; removed on save.
    leftovers: Vec<PathBuf>,
    /// Conflict copies whose notes were merged in; removed once those are saved.
    conflicts: Vec<TakenCopy>,
    /// Conflict copies that could not be merged, as they were when told (told once).
    refused: BTreeMap<PathBuf, Option<Stamp>>,
    /// What became of conflict copies, not yet told: see [`NotesStore::take_conflict_news`].
    conflict_news: Vec<ConflictNews>,
    /// The notes folder's modification time at the last look for conflict copies.
    folder_seen: Option<SystemTime>,
    /// How long a save waits for another writer's lock.
    pub lock_wait: std::time::Duration,
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

/// The notes folder: the one chosen (`--notes-dir`, `RECORD_READER_NOTES_DIR`), else
/// [`default_notes_dir`]. The one rule for it: the window and the command line both ask here.
pub fn folder(chosen: Option<&Path>) -> Result<PathBuf, NotesError> {
    chosen.map_or_else(default_notes_dir, |dir| Ok(dir.to_owned()))
}

/// The file name of a document's notes.
pub fn notes_path(dir: &Path, doc_id: &str) -> PathBuf {
    let safe: String = doc_id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    dir.join(format!("{safe}.notes.ron"))
}

impl NotesStore {
    /// Opens (or starts) the notes of `doc_id` in `dir`. Problems with the content never
    /// fail: they make the store read-only or set records aside, and say so. To open a
    /// record's notes, use [`NotesStore::open_document`], which takes over its notes file
    /// of before first.
    pub fn open(dir: &Path, doc_id: &str) -> Self {
        Self::open_named(dir, doc_id, None)
    }

    /// [`NotesStore::open`]; a file that names `former` (the document's former id) as its
    /// document is not told as another document's.
    pub(super) fn open_named(dir: &Path, doc_id: &str, former: Option<&str>) -> Self {
        let path = notes_path(dir, doc_id);
        let mut store = Self {
            path: path.clone(),
            doc_id: doc_id.to_owned(),
            notes: BTreeMap::new(),
            labels: BTreeMap::new(),
            read_only: None,
            unreadable: None,
            warnings: Vec::new(),
            state: SaveState::Saved,
            disk: None,
            generation: next_generation(),
            base: Base::default(),
            leftovers: Vec::new(),
            conflicts: Vec::new(),
            refused: BTreeMap::new(),
            conflict_news: Vec::new(),
            folder_seen: None,
            lock_wait: disk::LOCK_WAIT,
        };
        let real = disk::resolve(&path).unwrap_or_else(|_| path.clone());
        store.disk = stamp(&real);
        match disk::read_existing(&real) {
            Ok(Some((bytes, file))) => {
                // A newer format: shown, never written over.
                store.read_only = disk::too_new(&real, file.version);
                if let Err(reason) = store.take_file(file, &bytes, former) {
                    store.read_only = Some(reason);
                }
            }
            Ok(None) => {}
            Err(reason) => {
                store.unreadable = Some(reason.clone());
                store.read_only = Some(reason);
            }
        }
        match &store.read_only {
            Some(r) => store.state = SaveState::ReadOnly(r.clone()),
            None => store.recover_leftovers(&real),
        }
        store
    }

    /// Takes a file just read as ours (nothing held yet): sets its bad records aside first.
    fn take_file(&mut self, file: FileRead, bytes: &[u8], former: Option<&str>) -> Result<(), String> {
        self.warnings.extend(set_aside(&self.path, &file.set_aside)?);
        if !file.doc_id.is_empty() && file.doc_id != self.doc_id && Some(file.doc_id.as_str()) != former {
            self.warnings.push(format!("{} names another document ({})", self.path.display(), file.doc_id));
        }
        self.base = Base::of_file(&file.notes, &file.labels, bytes);
        self.notes = file.notes;
        self.labels = file.labels;
        Ok(())
    }

    /// Merges in the notes of temp files an interrupted save left (the newest version of a
    /// note wins), says so, and removes the files after the next save.
    fn recover_leftovers(&mut self, real: &Path) {
        let found = disk::leftovers(real);
        if found.is_empty() {
            return;
        }
        // A temp file is left over only if no one is saving: a writer holds the lock from
        // before it makes its temp file until after it has renamed it. So this looks only
        // while it holds the lock itself, and leaves them for next time if it cannot.
        let Ok(_lock) = disk::lock(real, std::time::Duration::ZERO) else { return };
        for leftover in disk::leftovers(real) {
            let Ok(bytes) = crate::core::fsio::read_regular_file(&leftover, disk::MAX_NOTES_BYTES) else { continue };
            let (found, bad) = disk::salvage(&bytes);
            let theirs: NoteMap = found.into_iter().map(|n| (n.id, Arc::new(n))).collect();
            // No base: nothing is removed, only added or updated.
            let report = merge_notes(&Base::default(), &mut self.notes, &theirs);
            let mut said = format!(
                "{} was left by an interrupted save: {} note(s) recovered from it, {} newer than the file's",
                leftover.display(),
                report.added,
                report.updated
            );
            match set_aside(&self.path, &bad) {
                Ok(Some(w)) => said.push_str(&format!("; {w}")),
                Ok(None) => {}
                Err(why) => {
                    // Its unreadable lines could not be kept elsewhere: keep the file.
                    self.warnings.push(format!("{said}; it was kept because {why}"));
                    continue;
                }
            }
            if report.changed() {
                self.touch();
            }
            self.warnings.push(said);
            self.leftovers.push(leftover);
        }
        if !self.leftovers.is_empty() && self.state == SaveState::Saved {
            self.state = SaveState::Unsaved; // the leftovers go once their notes are saved
        }
    }

    /// Merges in the conflict copies of this notes file that sync tools left in its folder
    /// (see [`conflicts`]), by note id as two writers merge, against no base: a note only in
    /// the copy is added, a note in both takes the later `modified` (a removal to the Trash is
    /// a change too), and no note is removed (what the copy lacks may have been added here
    /// since; the file as read is no base for it). Each copy is removed once the notes are
    /// saved, by [`NotesStore::save`] or a [`SaveJob`], under the lock like every save. A copy
    /// that cannot be read is left as it is, and told once. Nothing is merged into a file
    /// open read-only. Returns how many copies were merged; what became of each is told by
    /// [`NotesStore::take_conflict_news`].
    pub fn merge_conflict_copies(&mut self) -> usize {
        self.folder_seen = folder_modified(&self.path);
        if self.read_only.is_some() {
            return 0;
        }
        let mut taken = 0;
        for copy in conflicts::copies_of(&self.path) {
            if self.conflicts.iter().any(|t| t.copy.path == copy.path) {
                continue; // merged, and waiting for its save
            }
            match conflicts::read_copy(&copy, &self.doc_id) {
                Ok((file, hash)) => {
                    self.refused.remove(&copy.path);
                    let report = merge_notes(&Base::default(), &mut self.notes, &file.notes);
                    merge_labels(&BTreeMap::new(), &mut self.labels, &file.labels);
                    self.conflicts.push(TakenCopy { copy, hash, merged: report.added + report.updated });
                    self.touch(); // saved even when nothing was new: the copy goes after the save
                    taken += 1;
                }
                Err(why) => {
                    let seen = std::fs::symlink_metadata(&copy.path)
                        .ok()
                        .map(|m| Stamp { len: m.len(), modified: m.modified().ok() });
                    if self.refused.get(&copy.path) != Some(&seen) {
                        self.refused.insert(copy.path.clone(), seen);
                        self.conflict_news.push(ConflictNews { copy, merged: 0, outcome: Err(why) });
                    }
                }
            }
        }
        taken
    }

    /// [`NotesStore::merge_conflict_copies`], if the notes folder changed since the last look
    /// (or changed so lately that its time may not tell): a window's watch, every few seconds.
    pub fn watch_conflict_copies(&mut self) -> usize {
        let modified = folder_modified(&self.path);
        let settled = modified.and_then(|m| m.elapsed().ok()).is_some_and(|age| age > FOLDER_SETTLED);
        if modified.is_some() && modified == self.folder_seen && settled {
            return 0;
        }
        self.merge_conflict_copies()
    }

    /// What became of conflict copies since this was last asked, oldest first: merged, saved
    /// and removed, or left as they were and why.
    pub fn take_conflict_news(&mut self) -> Vec<ConflictNews> {
        std::mem::take(&mut self.conflict_news)
    }

    /// Gives up the conflict copies merged here and not yet saved (the notes could not be
    /// saved, `why`, and will not be): they stay where they are, and are told so.
    pub fn give_up_conflict_copies(&mut self, why: &str) {
        for t in std::mem::take(&mut self.conflicts) {
            let outcome = Err(ConflictError::NotSaved(why.to_owned()));
            self.conflict_news.push(ConflictNews { copy: t.copy, merged: 0, outcome });
        }
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

    /// Keeps records in `.rejected` beside the notes file (an import's duplicates), and says so.
    pub fn set_aside(&mut self, records: &[SetAside]) -> Result<(), NotesError> {
        match set_aside(&self.path, records) {
            Ok(w) => {
                self.warnings.extend(w);
                Ok(())
            }
            Err(why) => Err(NotesError::SetAside(why)),
        }
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
                super::anchor::Placement::NewlyOrphaned => {
                    moved = true; // saved, so that the search is not run again on this text
                    orphans.push(note.id);
                }
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

    /// Writes the notes: under the lock, merged with the file on disk, atomically.
    pub fn save(&mut self) -> Result<MergeReport, NotesError> {
        let saved = self.begin_save().and_then(SaveJob::run);
        self.finish_save(saved)
    }

    /// The first half of a save, on the caller's thread: refuses a read-only file and
    /// copies what is to be written (pointers). [`SaveJob::run`] (the lock, the merge with
    /// the file, the write) can then run on another thread while the notes are edited;
    /// [`NotesStore::finish_save`] takes its result back.
    pub fn begin_save(&mut self) -> Result<SaveJob, NotesError> {
        if let Some(r) = &self.read_only {
            return Err(NotesError::ReadOnly(r.clone()));
        }
        Ok(SaveJob {
            path: self.path.clone(),
            doc_id: self.doc_id.clone(),
            labels: self.labels.clone(),
            notes: self.notes.clone(),
            base: self.base.clone(),
            leftovers: self.leftovers.clone(),
            conflicts: self.conflicts.clone(),
            lock_wait: self.lock_wait,
        })
    }

    /// Takes back how a [`SaveJob`] went. On success, what others had written (now in the
    /// file) is merged into the notes here, which may have been edited meanwhile; the report
    /// says what came in. On failure the notes stay as they are, unsaved, and the state
    /// says why.
    pub fn finish_save(&mut self, result: Result<Saved, NotesError>) -> Result<MergeReport, NotesError> {
        match result {
            Ok(saved) => {
                let report = merge_notes(&saved.sent, &mut self.notes, &saved.notes);
                if merge_labels(&saved.sent.labels, &mut self.labels, &saved.labels) || report.changed() {
                    self.generation = next_generation();
                }
                self.base = saved.written;
                self.disk = saved.stamp;
                self.warnings.extend(saved.warnings);
                self.leftovers.clear();
                // Taken meanwhile (the save ran on another thread): written by the next save.
                self.conflicts.retain(|t| !saved.conflicts.iter().any(|n| n.copy.path == t.copy.path));
                self.conflict_news.extend(saved.conflicts);
                self.state = SaveState::Saved;
                Ok(report)
            }
            Err(e) => {
                if let NotesError::ReadOnly(why) = &e
                    && self.read_only.is_none()
                {
                    // Someone wrote a file we cannot read: keep ours in memory, write nothing.
                    self.read_only = Some(why.clone());
                }
                self.state = match &self.read_only {
                    Some(why) => SaveState::ReadOnly(why.clone()),
                    None => SaveState::Error(e.to_string()),
                };
                Err(e)
            }
        }
    }

    /// Writes a copy elsewhere (for a read-only store: "save elsewhere").
    pub fn save_as(&self, path: &Path) -> Result<(), NotesError> {
        let real = disk::resolve(path).map_err(|source| NotesError::Write { path: path.to_owned(), source })?;
        disk::write_atomic(&real, self.to_ron()?.as_bytes(), None)
    }

    /// Has someone else written the file since we last read or wrote it?
    pub fn changed_on_disk(&self) -> bool {
        let real = disk::resolve(&self.path).unwrap_or_else(|_| self.path.clone());
        stamp(&real) != self.disk
    }

    /// Reads the file on disk and merges it in (see `merge`). The file is not
    /// written here.
    pub fn merge_from_disk(&mut self) -> Result<MergeReport, NotesError> {
        let real = disk::resolve(&self.path).unwrap_or_else(|_| self.path.clone());
        let disk_stamp = stamp(&real);
        let (bytes, file) = match disk::read_existing(&real) {
            Ok(Some((_, file))) if let Some(why) = disk::too_new(&real, file.version) => {
                self.read_only = Some(why.clone());
                self.state = SaveState::ReadOnly(why.clone());
                return Err(NotesError::ReadOnly(why));
            }
            Ok(Some((bytes, file))) => (bytes, file),
            Ok(None) => {
                self.disk = None;
                return Ok(MergeReport::default());
            }
            Err(reason) => {
                // Someone wrote a file we cannot read: keep ours in memory, write nothing.
                self.read_only = Some(reason.clone());
                self.state = SaveState::ReadOnly(reason.clone());
                return Err(NotesError::ReadOnly(reason));
            }
        };
        if let Err(reason) = set_aside(&self.path, &file.set_aside).map(|w| self.warnings.extend(w)) {
            self.read_only = Some(reason.clone());
            self.state = SaveState::ReadOnly(reason.clone());
            return Err(NotesError::ReadOnly(reason));
        }
        let report = merge_notes(&self.base, &mut self.notes, &file.notes);
        if merge_labels(&self.base.labels, &mut self.labels, &file.labels) || report.changed() {
            self.generation = next_generation();
        }
        self.base = Base::of_file(&file.notes, &file.labels, &bytes);
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
    super::format::write_file(VERSION, doc_id, labels, &notes).map_err(|e| NotesError::Serialize(e.to_string()))
}

/// Reads the notes of a notes file's bytes (for import): the notes that can be read, and
/// the records set aside (unreadable, or a second record with the same id), with why.
pub fn notes_from_ron(bytes: &[u8]) -> Result<(Vec<Note>, Vec<SetAside>), String> {
    let file = disk::parse_file(bytes).map_err(|e| format!("not a Record Reader notes file: {e}"))?;
    if file.version > VERSION {
        return Err(format!("written by a newer Record Reader (format {})", file.version));
    }
    Ok((file.notes.into_values().map(Arc::unwrap_or_clone).collect(), file.set_aside))
}

/// What [`recover`] found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// There is no notes file.
    NoFile,
    /// The file reads as a whole: there is nothing to recover.
    Readable,
    /// Not one complete note is in it; `left_out` records could not be read.
    Nothing { left_out: usize },
    /// `notes` complete notes were written to the new file `to`; `left_out` records could not
    /// be read (the last, cut short, as a rule).
    Written { to: PathBuf, notes: usize, left_out: usize },
}

/// How many complete notes [`recover`] would find in the notes file at `path`, when it
/// cannot be read as a whole (0 when it can, or there is none).
pub fn recoverable(path: &Path) -> usize {
    let real = disk::resolve(path).unwrap_or_else(|_| path.to_owned());
    match disk::read_bytes(&real) {
        Ok(Some(bytes)) if disk::parse_file(&bytes).is_err() => disk::salvage(&bytes).0.len(),
        _ => 0,
    }
}

/// Offers back the complete notes of a notes file that cannot be read as a whole (one cut
/// short by a full disk or a crashed sync, say): they are written, as a notes file of
/// `doc_id` with the labels its head still gives, to a new file beside it,
/// `<file>.recovered` (or `.recovered-2`, `-3`, …: nothing is overwritten). The file itself
/// is left as it is; move the new one over it once it has been checked.
pub fn recover(path: &Path, doc_id: &str) -> Result<Recovery, NotesError> {
    let real = disk::resolve(path).map_err(|source| NotesError::Write { path: path.to_owned(), source })?;
    let Some(bytes) = disk::read_bytes(&real).map_err(NotesError::ReadOnly)? else { return Ok(Recovery::NoFile) };
    if disk::parse_file(&bytes).is_ok() {
        return Ok(Recovery::Readable);
    }
    let (notes, bad) = disk::salvage(&bytes);
    if notes.is_empty() {
        return Ok(Recovery::Nothing { left_out: bad.len() });
    }
    let labels = super::format::read_head(&String::from_utf8_lossy(&bytes)).map(|h| h.labels).unwrap_or_default();
    let text = notes_to_ron(doc_id, &labels, notes.iter().collect())?;
    let to = disk::write_new_beside(path, ".recovered", text.as_bytes())
        .map_err(|source| NotesError::Write { path: disk::with_suffix(path, ".recovered"), source })?;
    Ok(Recovery::Written { to, notes: notes.len(), left_out: bad.len() })
}
