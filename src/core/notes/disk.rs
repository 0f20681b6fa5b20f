//! The notes file on disk: reading it tolerantly, the lock, and the atomic write.
//!
//! - **Reading** never fails on a bad record: it is set aside (its own bytes, verbatim) with
//!   the reason, and the others load. Bytes that are not UTF-8 inside a record set that
//!   record aside too (the note loads with U+FFFD in their place). A second record with the
//!   same id is set aside, and the newer of the two is kept. A file that cannot be read as
//!   a whole is reported, and the caller opens it read-only.
//! - **Writing** takes an advisory lock on `<file>.lock` (waiting a few seconds at most),
//!   then writes a temp file with a random name (`tempfile`, created with `O_EXCL`, so a
//!   planted symlink is never followed), fsyncs it, writes the old file's bytes to a new
//!   `.bak` the same way (fsynced too), renames the new file over the old one and fsyncs the
//!   folder. No two paths ever share an inode, so no writer can truncate another's file.
//! - The side files, `.lock` and `.rejected`, are the notes file's own: opened with
//!   `O_NOFOLLOW` (a link planted there is refused, a dangling one does not make its
//!   target), only when they are regular files, and created 0600 as the notes are. A record
//!   set aside is appended to `.rejected` once, however often the file is read.
//! - A notes file that is a symbolic link is written where the link points; the link stays.

use super::model::Note;
use super::model::{NoteMap, NotesError, VERSION};
use crate::core::fsio::{ReadError, open_own_file, read_regular_file};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The largest notes file read: ten thousand notes take about 5 MB. A larger file is refused
/// before it is parsed (200 MB of random bytes took 2.6 GB and 6 s to refuse after).
pub const MAX_NOTES_BYTES: u64 = 64 * 1024 * 1024;

/// How long a save waits for another writer to finish before it gives up and says so.
pub const LOCK_WAIT: Duration = Duration::from_secs(5);

/// A record that was not loaded as it stood, and why; it goes to `<file>.rejected`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// The record's bytes as they were in the file (or as this program writes it, for a
    /// duplicate read by the fast path).
    pub raw: Vec<u8>,
    pub why: String,
}

/// A notes file as read.
#[derive(Debug, Default)]
pub struct FileRead {
    pub version: u32,
    pub doc_id: String,
    pub labels: BTreeMap<String, String>,
    pub notes: NoteMap,
    pub set_aside: Vec<SetAside>,
}

/// A notes file with its records kept as RON text, to be read one by one.
#[derive(Debug, Deserialize)]
struct FileIn<'a> {
    version: u32,
    #[serde(default)]
    doc_id: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default, borrow)]
    notes: Vec<&'a ron::value::RawValue>,
}

/// The top level of a notes file of this version or older, whose every field name this
/// version knows: a damaged name (`otes:` for `notes:`) must refuse the file, not read it as
/// one with no notes, which the next save would write back.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // read only to check the names
struct KnownFields<'a> {
    version: u32,
    #[serde(default)]
    doc_id: String,
    #[serde(default)]
    labels: BTreeMap<String, String>,
    #[serde(default, borrow)]
    notes: Vec<&'a ron::value::RawValue>,
}

/// Text with the bytes that were not UTF-8 replaced by U+FFFD, and where each was:
/// (offset in the text, offset in the bytes, how many bytes).
fn lossy_text(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Vec<(usize, usize, usize)>) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.into(), Vec::new());
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut bad = Vec::new();
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad.push((text.len(), at, chunk.invalid().len()));
            text.push(char::REPLACEMENT_CHARACTER);
            at += chunk.invalid().len();
        }
    }
    (text.into(), bad)
}

/// The original bytes of `text[start..end]`, where `text` is [`lossy_text`] of `bytes`.
fn original_bytes(bytes: &[u8], bad: &[(usize, usize, usize)], start: usize, end: usize) -> Vec<u8> {
    // Each replacement is 3 bytes of text for `len` bytes of input.
    let to_input = |pos: usize| {
        bad.iter().take_while(|(t, _, _)| *t < pos).fold(pos as isize, |p, (_, _, len)| p - 3 + *len as isize).max(0)
            as usize
    };
    bytes[to_input(start).min(bytes.len())..to_input(end).min(bytes.len())].to_vec()
}

/// Reads a notes file's bytes. `Err` says why the file cannot be read as a whole.
pub fn parse_file(bytes: &[u8]) -> Result<FileRead, String> {
    let (text, bad) = lossy_text(bytes);
    // The usual case, every record good and every byte UTF-8: the records read on every core.
    if bad.is_empty()
        && let Some(file) = super::format::read_layout(&text)
    {
        let mut read =
            FileRead { version: file.version, doc_id: file.doc_id, labels: file.labels, ..FileRead::default() };
        for note in file.notes {
            keep_newer(&mut read, note, None);
        }
        return Ok(read);
    }
    let file: FileIn<'_> =
        ron::from_str(&text).map_err(|e| format!("it is not a notes file this version can read ({e})"))?;
    if file.version <= VERSION {
        ron::from_str::<KnownFields<'_>>(&text)
            .map_err(|e| format!("it is not a notes file this version can read ({e})"))?;
    }
    let mut read = FileRead { version: file.version, doc_id: file.doc_id, labels: file.labels, ..FileRead::default() };
    let base = text.as_ptr() as usize;
    let mut covered = 0;
    for raw in file.notes {
        let ron_text = raw.get_ron();
        let start = ron_text.as_ptr() as usize - base;
        let end = start + ron_text.len();
        let bad_here = bad.iter().filter(|(t, _, _)| (start..end).contains(t)).count();
        covered += bad_here;
        let original =
            || if bad.is_empty() { ron_text.as_bytes().to_vec() } else { original_bytes(bytes, &bad, start, end) };
        match super::format::read_note(ron_text) {
            Ok(note) => {
                if bad_here > 0 {
                    read.set_aside.push(SetAside {
                        raw: original(),
                        why: format!(
                            "{bad_here} byte sequence(s) in it are not UTF-8; the note was kept with \u{fffd} in their place"
                        ),
                    });
                }
                keep_newer(&mut read, note, Some(ron_text));
            }
            Err(e) => read.set_aside.push(SetAside { raw: original(), why: e.to_string() }),
        }
    }
    if covered < bad.len() {
        return Err(format!("{} byte sequence(s) outside its notes are not UTF-8", bad.len() - covered));
    }
    Ok(read)
}

/// Adds `note`, or keeps the newer of it and a record with the same id read before (the
/// later one when they are as new), and sets the other aside.
fn keep_newer(read: &mut FileRead, note: Note, raw: Option<&str>) {
    let text = |n: &Note, raw: Option<&str>| {
        raw.map(|r| r.as_bytes().to_vec())
            .or_else(|| super::format::write_note(n).ok().map(String::into_bytes))
            .unwrap_or_default()
    };
    let why = |id| format!("a second record with the id {id}; the one changed last was kept");
    match read.notes.get(&note.id) {
        Some(old) if old.modified > note.modified => {
            read.set_aside.push(SetAside { raw: text(&note, raw), why: why(note.id) });
        }
        Some(old) => {
            let old = old.clone();
            read.set_aside.push(SetAside { raw: text(&old, None), why: why(note.id) });
            read.notes.insert(note.id, Arc::new(note));
        }
        None => {
            read.notes.insert(note.id, Arc::new(note));
        }
    }
}

/// `path` with `suffix` added to its file name.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// The largest `.rejected` file read to see which records it holds already.
const MAX_REJECTED_BYTES: u64 = MAX_NOTES_BYTES;

/// Appends set-aside records to `<path>.rejected`, each after a comment saying why, and
/// fsyncs it. A record the file holds already (its bytes, as set aside before) is not
/// appended again: a file read again, or imported again, sets the same records aside. The
/// file is the notes file's own: never written through a link, created 0600 (see
/// [`open_own_file`]). Gives the file and how many records were appended.
pub fn append_rejected(path: &Path, records: &[SetAside]) -> std::io::Result<(PathBuf, usize)> {
    let rejected = with_suffix(path, ".rejected");
    if let Some(dir) = rejected.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = open_own_file(&rejected, std::fs::OpenOptions::new().read(true).append(true).create(true))?;
    let mut held = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(&f, MAX_REJECTED_BYTES), &mut held)?;
    let when = super::model::now().format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    let mut out = Vec::new();
    let mut appended = 0;
    for r in records {
        // As it is written below: after its comment line, before ",\n".
        let mut framed = Vec::with_capacity(r.raw.len() + 3);
        framed.push(b'\n');
        framed.extend_from_slice(&r.raw);
        framed.extend_from_slice(b",\n");
        let here = |bytes: &[u8]| memchr::memmem::find(bytes, &framed).is_some();
        if here(&held) || here(&out) {
            continue;
        }
        let why = r.why.replace(['\n', '\r'], " ");
        out.extend_from_slice(format!("// set aside {when} because: {why}").as_bytes());
        out.extend_from_slice(&framed);
        appended += 1;
    }
    if appended > 0 {
        f.write_all(&out)?;
        f.sync_all()?;
    }
    Ok((rejected, appended))
}

/// Where the notes really are: `path`, or the file its symbolic link(s) point to.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_owned();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if target.is_relative() => dir.join(target),
                    _ => target,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other(format!("{} is a loop of symbolic links", path.display())))
}

/// An advisory lock on `<notes file>.lock`, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: std::fs::File, // closing it unlocks
}

/// Takes the lock beside `real`, waiting up to `wait` for another writer to let go of it.
/// std's `File::try_lock` (flock on Linux and the BSDs, `LockFileEx` on Windows; stable
/// since Rust 1.89) is what the fd-lock and fs4 crates wrap, without a dependency.
pub fn lock(real: &Path, wait: Duration) -> Result<Lock, NotesError> {
    let path = with_suffix(real, ".lock");
    // The first save of all goes to a notes folder not yet made.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| NotesError::Write { path: path.clone(), source })?;
    }
    // The notes file's own: a link planted there is not followed, nor its target made.
    let file = open_own_file(&path, std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false))
        .map_err(|source| NotesError::Write { path: path.clone(), source })?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(NotesError::Locked { path, seconds: wait.as_secs_f64() });
            }
            Err(std::fs::TryLockError::Error(source)) => return Err(NotesError::Write { path, source }),
        }
    }
}

/// Reads the file at `real` (under the lock when writing). `Ok(None)`: there is none yet.
/// A file of a newer format is read too: see [`too_new`].
pub fn read_existing(real: &Path) -> Result<Option<(Vec<u8>, FileRead)>, String> {
    match read_bytes(real)? {
        Some(bytes) => parse_existing(real, &bytes).map(|file| Some((bytes, file))),
        None => Ok(None),
    }
}

/// The bytes of the notes file at `real`; `Ok(None)`: there is none yet.
pub fn read_bytes(real: &Path) -> Result<Option<Vec<u8>>, String> {
    match read_regular_file(real, MAX_NOTES_BYTES) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e @ (ReadError::NotAFile { .. } | ReadError::TooLarge { .. })) => {
            Err(format!("{} cannot be read: {e}; it was left untouched", real.display()))
        }
        Err(e) => Err(format!("{} cannot be read ({e}); it was left untouched", real.display())),
    }
}

/// [`parse_file`], with a message for the user that names the file.
pub fn parse_existing(real: &Path, bytes: &[u8]) -> Result<FileRead, String> {
    parse_file(bytes).map_err(|why| {
        format!(
            "{} cannot be read: {why}. It was left untouched; save your notes elsewhere to keep new ones",
            real.display()
        )
    })
}

/// Why a file of format `version` must not be written by this one, if it must not.
pub fn too_new(real: &Path, version: u32) -> Option<String> {
    (version > VERSION).then(|| {
        format!(
            "{} was written by a newer Record Reader (format {version}; this one knows {VERSION}); it is shown read-only",
            real.display()
        )
    })
}

/// Writes `bytes` to `real` atomically; with `old`, first keeps those bytes as `<real>.bak`.
pub fn write_atomic(real: &Path, bytes: &[u8], old: Option<&[u8]>) -> Result<(), NotesError> {
    let err = |source| NotesError::Write { path: real.to_owned(), source };
    let dir = real.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let mode = std::fs::metadata(real).ok().map(|m| m.permissions());
    let new = temp_with(dir, real, bytes, mode.clone()).map_err(err)?;
    if let Some(old) = old {
        // Fsynced before it is renamed, as the new file is: renamed unwritten, a power cut
        // could leave an empty `.bak` in place of the last good one.
        let bak = temp_with(dir, real, old, mode).map_err(err)?;
        bak.persist(with_suffix(real, ".bak")).map_err(|e| err(e.error))?;
    }
    new.persist(real).map_err(|e| err(e.error))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all(); // not every platform can fsync a folder
    }
    Ok(())
}

/// A new temp file beside `real` (random name, `O_EXCL`, 0600 unless `mode`) holding `bytes`,
/// fsynced. It is removed if it is dropped before being renamed into place.
fn temp_with(
    dir: &Path,
    real: &Path,
    bytes: &[u8],
    mode: Option<std::fs::Permissions>,
) -> std::io::Result<tempfile::NamedTempFile> {
    let name = real.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tmp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(TEMP_SUFFIX).tempfile_in(dir)?;
    if let Some(mode) = mode {
        tmp.as_file().set_permissions(mode)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

const TEMP_SUFFIX: &str = ".tmp";

/// Temp files an interrupted save left beside `real`: this version's (`.<name>.XXXXXX.tmp`)
/// and older versions' (`<name>.tmp-<pid>`). Only regular files, never links.
pub fn leftovers(real: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (real.parent(), real.file_name()) else { return Vec::new() };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let name = name.to_string_lossy();
    let (new_prefix, old_prefix) = (format!(".{name}."), format!("{name}.tmp-"));
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            (n.starts_with(&new_prefix) && n.ends_with(TEMP_SUFFIX)) || n.starts_with(&old_prefix)
        })
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// The notes that can be read from a notes file that does not read as a whole (a leftover
/// temp file, a file cut short): as a whole file if it can be, else record by record. A
/// record starts at a line that starts with `(id:` (this program writes one note a line, a
/// body's line breaks inside it) and runs to the next; the end of the file's list after the
/// last is left aside. The records that are not notes go with the reason.
pub fn salvage(bytes: &[u8]) -> (Vec<Note>, Vec<SetAside>) {
    if let Ok(file) = parse_file(bytes) {
        return (file.notes.into_values().map(Arc::unwrap_or_clone).collect(), file.set_aside);
    }
    let (text, _) = lossy_text(bytes);
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let blanks = line.len() - line.trim_start().len();
        if line[blanks..].starts_with("(id:") {
            starts.push(at + blanks);
        }
        at += line.len();
    }
    let mut notes = Vec::new();
    let mut bad = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let piece = text[start..starts.get(k + 1).copied().unwrap_or(text.len())].trim_end();
        let record = piece.trim_end_matches(',');
        // The last record, followed by the end of the list and of the file.
        let without_end = || {
            let mut rest = piece;
            while let Some((head, last)) = rest.rsplit_once('\n')
                && matches!(last.trim(), ")" | "]," | "]")
            {
                rest = head.trim_end();
            }
            rest.trim_end_matches(',')
        };
        match super::format::read_note(record).or_else(|e| super::format::read_note(without_end()).map_err(|_| e)) {
            Ok(n) => notes.push(n),
            Err(e) => bad.push(SetAside { raw: record.as_bytes().to_vec(), why: format!("not a complete note: {e}") }),
        }
    }
    (notes, bad)
}

/// Writes `bytes` to a new file at `path`: never over a file (`O_EXCL`: `AlreadyExists` when
/// there is one), 0600, fsynced.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = open_own_file(path, std::fs::OpenOptions::new().write(true).create_new(true))?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path); // not left half written under that name
    }
    written
}

/// Writes `bytes` to a new file beside `path`, named `<path><suffix>` or, when that is taken,
/// `<path><suffix>-2`, `-3`, …: never over a file (`O_EXCL`), 0600, fsynced. Gives its path.
pub fn write_new_beside(path: &Path, suffix: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    for n in 1..10_000 {
        let to = if n == 1 { with_suffix(path, suffix) } else { with_suffix(path, &format!("{suffix}-{n}")) };
        match write_new(&to, bytes) {
            Ok(()) => return Ok(to),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!("{} and 9,998 names after it are taken", with_suffix(path, suffix).display())))
}
