//! Writing the index: the scan of the folders (incremental, parsed on every core, one commit
//! per batch), one file at a time for the watcher, and the notes.

use super::schema::{self, KIND_RECORD, KIND_UNREADABLE, RecordNotes, Stamp, record_docs, unreadable_doc};
use super::{Library, LibraryError};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use tantivy::{IndexWriter, TantivyDocument, Term};

/// The file name endings the library reads (any case).
pub const RECORD_EXTENSIONS: [&str; 6] = ["txt", "text", "htm", "html", "md", "markdown"];

/// Files parsed between two commits: each commit makes the batch searchable, and a cancelled
/// scan keeps every batch committed before it.
const BATCH_FILES: usize = 256;

/// Segments beyond which a small change waits for the merges its commit starts.
pub(super) const MAX_SEGMENTS: usize = 16;

/// How long a change waits for another writer to finish.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Memory for the index writer (shared by its threads).
const WRITER_HEAP_BYTES: usize = 96 * 1024 * 1024;

/// How far a scan has got: `done` of `total` files to read, the one just read.
#[derive(Debug, Clone, Copy)]
pub struct ScanProgress<'a> {
    pub done: usize,
    pub total: usize,
    pub current: &'a Path,
}

/// What a scan did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanReport {
    /// Record files found in the folders.
    pub found: usize,
    /// Files read and indexed again (new or changed), readable or not.
    pub indexed: usize,
    /// Files whose stamp had not changed: not read.
    pub unchanged: usize,
    /// Files gone since the last scan, taken out of the index.
    pub removed: usize,
    /// Files read now that could not be read as records (all of them: [`Library::unreadable`]).
    pub unreadable: usize,
    /// What the reader should know: folders that could not be listed, notes that could not
    /// be read.
    pub warnings: Vec<String>,
    /// Unchanged records indexed again because their notes changed.
    pub notes_changed: usize,
    /// The scan was cancelled: what was committed before stays, the rest is read next time.
    pub cancelled: bool,
}

/// What [`Library::reindex_path`] did with a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reindexed {
    /// The record was read and indexed (entries in it).
    Record { entries: usize },
    /// The file could not be read as a record; kept in the unreadable list with why.
    Unreadable(String),
    /// The file (or folder) is gone: its records were taken out (how many files).
    Removed(usize),
    /// A notes file: the records whose notes changed were indexed again (how many).
    Notes(usize),
    /// A folder or a symbolic link appeared or changed (or a record with other names did):
    /// the library was scanned again.
    Scanned(ScanReport),
    /// Not a record in the library (another kind of file, a hidden one, outside the folders).
    Ignored,
}

/// One file read for the index.
struct Read {
    path: PathBuf,
    docs: Vec<TantivyDocument>,
    unreadable: bool,
    entries: usize,
    warning: Option<String>,
}

impl Library {
    /// Scans the folders: reads new and changed files (by modification time and size) on
    /// every core, takes out the files gone, commits every [`BATCH_FILES`] files, then
    /// indexes again the records whose notes changed ([`Library::refresh_notes`]).
    /// `progress` is called from the reading threads; `cancel` stops the scan between files.
    pub fn scan(
        &self,
        progress: &(dyn Fn(ScanProgress<'_>) + Sync),
        cancel: &AtomicBool,
    ) -> Result<ScanReport, LibraryError> {
        let mut report = ScanReport::default();
        let found = walk(&self.config.folders, &mut report.warnings);
        report.found = found.len();
        let known = self.known_stamps()?;
        let found_paths: HashSet<String> = found.iter().map(|(p, _)| key(p)).collect();
        let gone: Vec<&String> = known.keys().filter(|p| !found_paths.contains(*p)).collect();
        let todo: Vec<(PathBuf, Stamp)> = found.into_iter().filter(|(p, s)| known.get(&key(p)) != Some(s)).collect();
        report.unchanged = report.found - todo.len();
        if todo.is_empty() && gone.is_empty() {
            report.notes_changed = self.refresh_notes()?;
            return Ok(report);
        }
        let mut writer = self.writer()?;
        for path in &gone {
            writer.delete_term(Term::from_field_text(self.fields.path, path));
        }
        report.removed = gone.len();
        let done = AtomicUsize::new(0);
        for batch in todo.chunks(BATCH_FILES) {
            if cancel.load(Ordering::Relaxed) {
                report.cancelled = true;
                break;
            }
            let read: Vec<Read> = batch
                .par_iter()
                .filter(|_| !cancel.load(Ordering::Relaxed))
                .map(|(path, stamp)| {
                    let r = self.read_file(path, *stamp);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress(ScanProgress { done: n, total: todo.len(), current: path });
                    r
                })
                .collect();
            report.cancelled |= read.len() < batch.len();
            self.write(&writer, read, &mut report)?;
            writer.commit().map_err(|e| self.index_error(&e))?;
        }
        writer.commit().map_err(|e| self.index_error(&e))?;
        // Merges started by the commits finish here, so that the next search finds few segments.
        writer.wait_merging_threads().map_err(|e| self.index_error(&e))?;
        self.reload()?;
        if !report.cancelled {
            report.notes_changed = self.refresh_notes()?;
        }
        Ok(report)
    }

    /// Indexes one path again, as the watcher reports it: a record file added, changed or
    /// removed; a notes file in the notes folder; a folder (scanned again). Anything else is
    /// [`Reindexed::Ignored`].
    pub fn reindex_path(&self, path: &Path) -> Result<Reindexed, LibraryError> {
        if is_notes_file(&self.notes_dir, path) {
            return self.refresh_notes().map(Reindexed::Notes);
        }
        let abs = absolute(path);
        if !self.config.contains(&abs) || is_hidden(&abs, &self.config.folders) {
            return Ok(Reindexed::Ignored);
        }
        // A folder, a link (it may lead to a folder, or to a file indexed under another
        // path) or a record with other names (hard links): the scan's rules decide what is
        // indexed and under which path (see `walk`), so the folders are scanned again.
        let other_names = |meta: &std::fs::Metadata| {
            #[cfg(unix)]
            return std::os::unix::fs::MetadataExt::nlink(meta) > 1;
            #[cfg(not(unix))]
            return false;
        };
        match std::fs::symlink_metadata(&abs) {
            Ok(meta)
                if meta.is_dir()
                    || meta.file_type().is_symlink()
                    || (meta.is_file() && is_record_file(&abs) && other_names(&meta)) =>
            {
                let report = self.scan(&|_| {}, &AtomicBool::new(false))?;
                Ok(Reindexed::Scanned(report))
            }
            Ok(meta) if meta.is_file() && is_record_file(&abs) => {
                let read = self.read_file(&abs, Stamp::of(&meta));
                let outcome = match (&read.unreadable, read.warning.clone()) {
                    (true, why) => Reindexed::Unreadable(why.unwrap_or_default()),
                    (false, _) => Reindexed::Record { entries: read.entries },
                };
                let writer = self.writer()?;
                self.write(&writer, vec![read], &mut ScanReport::default())?;
                self.finish(writer)?;
                Ok(outcome)
            }
            Ok(_) => Ok(Reindexed::Ignored),
            Err(_) => {
                // Gone: the file, or a folder with every file under it.
                let gone: Vec<String> =
                    self.known_stamps()?.into_keys().filter(|p| Path::new(p).starts_with(&abs)).collect();
                if gone.is_empty() {
                    return Ok(Reindexed::Ignored);
                }
                let writer = self.writer()?;
                for p in &gone {
                    writer.delete_term(Term::from_field_text(self.fields.path, p));
                }
                self.finish(writer)?;
                Ok(Reindexed::Removed(gone.len()))
            }
        }
    }

    /// Indexes again the records whose notes file changed (by its modification time, or
    /// appeared, or went) since they were indexed. Gives how many were.
    pub fn refresh_notes(&self) -> Result<usize, LibraryError> {
        let f = self.fields;
        let mut todo = Vec::new();
        for card in self.cards(KIND_RECORD)? {
            let (Some(path), Some(id)) = (schema::text(&card, f.path), schema::text(&card, f.record_id)) else {
                continue;
            };
            let notes_file = crate::core::notes::store::notes_path(&self.notes_dir, id);
            let now = Stamp::of_path(&notes_file).map_or(0, |s| s.mtime);
            if schema::number(&card, f.notes_mtime) != Some(now)
                && let Some(stamp) = Stamp::of_path(Path::new(path))
            {
                todo.push((PathBuf::from(path), stamp));
            }
        }
        if todo.is_empty() {
            return Ok(0);
        }
        let read: Vec<Read> = todo.par_iter().map(|(p, s)| self.read_file(p, *s)).collect();
        let writer = self.writer()?;
        self.write(&writer, read, &mut ScanReport::default())?;
        self.finish(writer)?;
        Ok(todo.len())
    }

    /// Takes out the records of files no longer under any folder.
    pub(super) fn forget_outside_folders(&self) -> Result<usize, LibraryError> {
        let gone: Vec<String> =
            self.known_stamps()?.into_keys().filter(|p| !self.config.contains(Path::new(p))).collect();
        if gone.is_empty() {
            return Ok(0);
        }
        let writer = self.writer()?;
        for p in &gone {
            writer.delete_term(Term::from_field_text(self.fields.path, p));
        }
        self.finish(writer)?;
        Ok(gone.len())
    }

    /// Reads a file as a record (with its notes), or as an unreadable file with why.
    fn read_file(&self, path: &Path, stamp: Stamp) -> Read {
        let p = key(path);
        match crate::core::open::open_path(path) {
            Ok(doc) => {
                // Opening a record takes over, once, its notes file of before its id took in
                // its title and entries (the only writing to the notes folder here).
                let taken = crate::core::notes::former::take_over_former_notes(&self.notes_dir, &doc)
                    .unwrap_or_else(|e| Some(e.to_string()));
                let notes = RecordNotes::read(&self.notes_dir, &doc.id);
                let docs = record_docs(&self.fields, &p, stamp, &doc, &notes);
                let warning = match (taken, notes.problem) {
                    (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                    (a, b) => a.or(b),
                };
                Read { path: path.to_owned(), docs, unreadable: false, entries: doc.entry_count(), warning }
            }
            Err(e) => {
                let why = e.to_string();
                let docs = vec![unreadable_doc(&self.fields, &p, stamp, &why)];
                Read { path: path.to_owned(), docs, unreadable: true, entries: 0, warning: Some(why) }
            }
        }
    }

    /// Replaces the documents of each file read with the new ones (committed by the caller).
    fn write(&self, writer: &IndexWriter, read: Vec<Read>, report: &mut ScanReport) -> Result<(), LibraryError> {
        for r in read {
            writer.delete_term(Term::from_field_text(self.fields.path, &key(&r.path)));
            for d in r.docs {
                writer.add_document(d).map_err(|e| self.index_error(&e))?;
            }
            report.indexed += 1;
            if r.unreadable {
                report.unreadable += 1;
            } else if let Some(w) = r.warning {
                report.warnings.push(w);
            }
        }
        Ok(())
    }

    /// The writer: one per change, so that the index's lock is held only while writing. When
    /// another writer holds the lock (another process, or another thread of this one), waits
    /// up to [`LOCK_WAIT`] for it before saying so.
    pub(super) fn writer(&self) -> Result<IndexWriter, LibraryError> {
        let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).clamp(1, 4);
        let deadline = std::time::Instant::now() + LOCK_WAIT;
        loop {
            match self.index.writer_with_num_threads(threads, WRITER_HEAP_BYTES) {
                Err(tantivy::TantivyError::LockFailure(..)) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => return other.map_err(|e| self.index_error(&e)),
            }
        }
    }

    /// Commits a small change. Each makes a segment, and a writer dropped at once abandons the
    /// merges its commit started: when segments pile up, this one waits for its merges.
    fn finish(&self, mut writer: IndexWriter) -> Result<(), LibraryError> {
        writer.commit().map_err(|e| self.index_error(&e))?;
        let segments = self.index.searchable_segment_ids().map_err(|e| self.index_error(&e))?.len();
        if segments > MAX_SEGMENTS {
            writer.wait_merging_threads().map_err(|e| self.index_error(&e))?;
        }
        self.reload()
    }

    pub(super) fn reload(&self) -> Result<(), LibraryError> {
        self.reader.reload().map_err(|e| self.index_error(&e))
    }

    /// Path → stamp of every file in the index (records and unreadable files).
    fn known_stamps(&self) -> Result<HashMap<String, Stamp>, LibraryError> {
        let f = self.fields;
        let mut out = HashMap::new();
        for kind in [KIND_RECORD, KIND_UNREADABLE] {
            for card in self.cards(kind)? {
                if let Some(p) = schema::text(&card, f.path) {
                    let stamp = Stamp {
                        mtime: schema::number(&card, f.mtime).unwrap_or(0),
                        size: schema::number(&card, f.size).unwrap_or(0),
                    };
                    out.insert(p.to_owned(), stamp);
                }
            }
        }
        Ok(out)
    }
}

/// The key of a file in the index: its path as text.
pub(super) fn key(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

pub(super) fn is_record_file(path: &Path) -> bool {
    let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
    !hidden
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| RECORD_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Whether a part of `path` below its folder is hidden (starts with a dot).
fn is_hidden(path: &Path, folders: &[PathBuf]) -> bool {
    let Some(rest) = folders.iter().find_map(|f| path.strip_prefix(f).ok()) else { return false };
    rest.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

fn is_notes_file(notes_dir: &Path, path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".notes.ron"))
        && path.parent().is_some_and(|p| p == notes_dir || absolute(p) == absolute(notes_dir))
}

/// The record files under `folders`, with their stamps: walked with a list, not recursion;
/// hidden folders and files are skipped. The walk stays inside the folders:
///
/// - A symbolic link to a folder is followed only when the folder it leads to is itself in
///   one of the folders; it is then walked once, under its real path. A link to a folder
///   outside them is not followed, and a link to a folder that holds it (a loop) neither:
///   both are listed in `warnings` with why.
/// - A link to a file is followed only to a regular file; a file reached by two paths (a
///   link and the file, two links, hard links) is indexed once: under its real path when
///   that is in the folders, else under the first path in order.
/// - Folders of the system's own pseudo file systems (`/proc`, `/sys` and the like, bound
///   into a folder) and folders that cannot be listed are skipped and listed with why.
pub(super) fn walk(folders: &[PathBuf], warnings: &mut Vec<String>) -> Vec<(PathBuf, Stamp)> {
    let inside = |p: &Path| folders.iter().any(|f| p.starts_with(f));
    let mut seen_dirs = HashSet::new();
    let mut found: Vec<Found> = Vec::new();
    // Every folder on the list is a real path (no link in it), and so are the files in it.
    let mut stack: Vec<PathBuf> = Vec::new();
    for folder in folders.iter().rev() {
        match std::fs::canonicalize(folder) {
            Ok(real) if inside(&real) => stack.push(real),
            Ok(real) => warnings.push(format!(
                "{} now leads to {}, outside the library's folders: it was not scanned",
                folder.display(),
                real.display()
            )),
            Err(e) => warnings.push(format!("{} could not be looked at: {e}", folder.display())),
        }
    }
    while let Some(dir) = stack.pop() {
        if !seen_dirs.insert(dir.clone()) {
            continue;
        }
        if let Some(kind) = pseudo_file_system(&dir) {
            warnings.push(format!("{} is {kind}, not a folder of records: it was skipped", dir.display()));
            continue;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                warnings.push(format!("{} could not be listed: {e}", dir.display()));
                continue;
            }
        };
        let mut subdirs = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    warnings.push(format!("a file in {} could not be read: {e}", dir.display()));
                    continue;
                }
            };
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                subdirs.push(path);
            } else if kind.is_file() {
                if is_record_file(&path)
                    && let Ok(meta) = std::fs::symlink_metadata(&path)
                {
                    found.push(Found::new(path, false, &meta));
                }
            } else if kind.is_symlink()
                && let Some(next) = follow_link(&path, &dir, folders, &mut found, warnings)
            {
                subdirs.push(next);
            }
            // Pipes, sockets and devices are not records: skipped without a word, as before.
        }
        subdirs.sort();
        stack.extend(subdirs.into_iter().rev());
    }
    once_each(found)
}

/// Follows the link at `path`, in the real folder `dir`, by the rules of [`walk`]: gives the
/// real folder to walk, or adds the file to `found`, or neither (listed in `warnings` with
/// why when it is a folder, a loop, or a record's name).
fn follow_link(
    path: &Path,
    dir: &Path,
    folders: &[PathBuf],
    found: &mut Vec<Found>,
    warnings: &mut Vec<String>,
) -> Option<PathBuf> {
    let inside = |p: &Path| folders.iter().any(|f| p.starts_with(f));
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) => {
            #[cfg(unix)]
            let a_loop = e.raw_os_error() == Some(libc::ELOOP);
            #[cfg(not(unix))]
            let a_loop = false;
            // A link to nothing is worth a word only when it bears a record's name.
            if a_loop || is_record_file(path) {
                warnings
                    .push(format!("{} is a symbolic link that leads nowhere ({e}): it was skipped", path.display()));
            }
            return None;
        }
    };
    let meta = std::fs::metadata(&real).ok()?;
    if meta.is_dir() {
        let why = if !inside(&real) {
            "a folder outside the library's folders"
        } else if dir.starts_with(&real) {
            "a folder that holds it (a loop)"
        } else if is_hidden(&real, folders) {
            return None; // hidden, as the folder itself would be
        } else {
            return Some(real); // walked under its real path, once
        };
        warnings.push(format!("{} is a link to {}, {why}: it was not followed", path.display(), real.display()));
        return None;
    }
    if !is_record_file(path) {
        return None;
    }
    if !meta.is_file() {
        warnings.push(format!(
            "{} is a link to {}, which is not a regular file: it was skipped",
            path.display(),
            real.display()
        ));
        return None;
    }
    // Under the file's own path when it is in the folders (found there too, it is one file).
    let (key, through_link) =
        if inside(&real) && !is_hidden(&real, folders) { (real, false) } else { (path.to_owned(), true) };
    found.push(Found::new(key, through_link, &meta));
    None
}

/// What a folder of the system's own pseudo file systems is (`/proc`, `/sys` and the like),
/// when `dir` is one: its files are not records, and some never end.
#[cfg(target_os = "linux")]
fn pseudo_file_system(dir: &Path) -> Option<&'static str> {
    let stat = rustix::fs::statfs(dir).ok()?;
    // The magic numbers of linux/magic.h, compared as the 32 bits they are.
    #[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)]
    let magic = stat.f_type as u64 as u32;
    Some(match magic {
        0x0000_9fa0 => "the system's process file system (proc)",
        0x6265_6572 => "the system's device file system (sysfs)",
        0x0000_1cd1 => "the system's terminal file system (devpts)",
        0x6462_6720 => "the system's debug file system (debugfs)",
        0x7472_6163 => "the system's trace file system (tracefs)",
        0x7363_6673 => "the system's security file system (securityfs)",
        0x0027_e0eb | 0x6367_7270 => "the system's control group file system (cgroup)",
        0xcafe_4a11 => "the system's BPF file system",
        0x6165_676c => "the system's pstore file system",
        0x6265_6570 => "the system's configfs",
        0x6573_5543 => "the system's fusectl file system",
        0xde5e_81e4 => "the system's EFI variables (efivarfs)",
        0xf97c_ff8c => "the system's SELinux file system",
        0x4249_4e4d => "the system's binfmt_misc file system",
        0x1980_0202 => "the system's message queue file system (mqueue)",
        0x0000_0187 => "an automount point (autofs)",
        _ => return None,
    })
}

#[cfg(not(target_os = "linux"))]
fn pseudo_file_system(_dir: &Path) -> Option<&'static str> {
    None
}

/// A record file found by [`walk`]: the path it is indexed under, its stamp, what file it
/// is (to index a file reached by two paths once), and whether the path is a link's.
struct Found {
    path: PathBuf,
    stamp: Stamp,
    id: FileId,
    through_link: bool,
}

/// A file, whatever the path to it: its device and inode (on Unix; elsewhere its path, as a
/// link in the folders is indexed under its real path).
#[cfg(unix)]
type FileId = (u64, u64);
#[cfg(not(unix))]
type FileId = PathBuf;

impl Found {
    fn new(path: PathBuf, through_link: bool, meta: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt as _;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let id = path.clone();
        Self { stamp: Stamp::of(meta), id, through_link, path }
    }
}

/// Each file once: under a path that is no link when it has one, else the first in order.
fn once_each(mut found: Vec<Found>) -> Vec<(PathBuf, Stamp)> {
    found.sort_by(|a, b| (a.through_link, &a.path).cmp(&(b.through_link, &b.path)));
    let mut ids = HashSet::new();
    let mut out = Vec::with_capacity(found.len());
    for Found { path, stamp, id, .. } in found {
        if ids.insert(id) {
            out.push((path, stamp));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
