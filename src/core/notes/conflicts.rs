//! Conflict copies of notes files that sync tools leave in a shared notes folder.
//!
//! When two machines change `<doc_id>.notes.ron` before they hear of each other, the sync
//! tool keeps one version under the name and renames the other. The names, as the tools
//! write them (each inserts its marker before the file's last extension, `.ron`):
//!
//! - **Syncthing**: `<doc_id>.notes.sync-conflict-20261206-101010-ABCDEF7.ron`, the date and
//!   time of the conflict and the 7-character short id of the device that changed it
//!   (`conflictName` in `lib/model/folder_sendrecv.go` of syncthing/syncthing: the name up
//!   to `filepath.Ext`, then `.sync-conflict-20060102-150405-<lastModBy>`, then the
//!   extension; see "Conflicting Changes" in docs.syncthing.net/users/syncing.html).
//!   Versions before the device id was added wrote no `-ABCDEF7`.
//! - **Nextcloud** (and ownCloud) desktop client: `<doc_id>.notes (conflicted copy 2026-12-06
//!   101010).ron`, or with the user's name, `… (conflicted copy Jane Doe 2026-12-06
//!   101010).ron` (`Utility::makeConflictFileName` in `src/common/utility.cpp` of
//!   nextcloud/desktop: `" (conflicted copy " [+ user + " "] + "yyyy-MM-dd hhmmss)"` before
//!   the last dot). Older clients wrote `<doc_id>.notes_conflict-20261206-101010.ron` (the
//!   "old pattern" `isConflictFile` still recognises; owncloud/client pull request 6417,
//!   2018, changed it).
//! - **Dropbox**: `<doc_id>.notes (Jane Doe's conflicted copy 2026-12-06).ron`, the name of
//!   the person or computer and the date (help.dropbox.com/syncing-uploads/conflicted-copy:
//!   "The editor's username, 'conflicted copy', and the save date will be added to the
//!   filename"; real names in stefankueng/CryptSync issue 22, `shopping history.xlsx
//!   (DESKTOP-UMS014A's conflicted copy 2019-04-24).7z`, and BloomBooks/BloomDesktop pull
//!   request 4309). Older clients wrote no date, and a second conflict adds ` (1)`
//!   (dtjm/textdropapp.com issue 62: `INBOX (michael johnson's conflicted copy) (1)`). The
//!   bare `(conflicted copy)` of issue 29 is taken as Dropbox's too.
//!
//! A marker is also recognised before `.notes.ron` (`<doc_id>.sync-conflict-….notes.ron`,
//! `<doc_id> (conflicted copy).notes.ron`): a tool that takes `.notes.ron` for the extension
//! would write that. A notes file's own name is `<doc_id>.notes.ron` with only ASCII letters,
//! digits, `-` and `_` in the id (`store::notes_path`), so no record's notes file is taken
//! for a conflict copy: `conflict-report.notes.ron` and `x_conflict-20261206-101010.notes.ron`
//! are notes files.
//!
//! What is done with a copy ([`crate::core::notes::NotesStore::merge_conflict_copies`]):
//! its notes are merged in by note id, the copy is removed once the merged notes are saved,
//! and a copy that cannot be read is never removed or written.

use super::disk::{self, FileRead};
use super::model::VERSION;
use crate::core::fsio::read_regular_file;
use std::path::{Path, PathBuf};

/// The end of every notes file's name.
const NOTES_EXT: &str = ".notes";
const RON_EXT: &str = ".ron";

/// The tool that left a conflict copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SyncTool {
    Syncthing,
    Nextcloud,
    Dropbox,
}

impl std::fmt::Display for SyncTool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Syncthing => "Syncthing",
            Self::Nextcloud => "Nextcloud",
            Self::Dropbox => "Dropbox",
        })
    }
}

/// A conflict copy in the notes folder.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConflictCopy {
    pub path: PathBuf,
    /// The file name of the notes file it is a copy of: `<doc_id>.notes.ron`.
    pub of: String,
    pub tool: SyncTool,
}

impl ConflictCopy {
    /// Its file name, as the reader sees it in the folder.
    pub fn name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

/// Why a conflict copy was not merged, or not removed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConflictError {
    #[error("it cannot be read ({0})")]
    Unreadable(String),
    #[error("it is a symbolic link, which is not followed")]
    Link,
    /// Why it does not read as a notes file, as `disk::parse_file` says it ("it is not a
    /// notes file this version can read (…)").
    #[error("{0}")]
    NotNotes(String),
    #[error("{0} note record(s) in it cannot be read as they are")]
    Damaged(usize),
    #[error("a newer Record Reader wrote it (format {0}; this one knows {VERSION})")]
    TooNew(u32),
    #[error("it holds the notes of another record ({0})")]
    OtherRecord(String),
    #[error("the notes file it is a copy of is open read-only ({0})")]
    ReadOnly(String),
    #[error("the merged notes could not be saved ({0})")]
    NotSaved(String),
    #[error("it changed after its notes were merged, so it was kept to be merged again")]
    Changed,
    #[error("it could not be removed ({0})")]
    Remove(String),
}

/// What became of a conflict copy, for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictNews {
    pub copy: ConflictCopy,
    /// Notes of the copy that were new here, or changed later there than here.
    pub merged: usize,
    /// `Ok`: merged, saved and removed. Else why it is still there: merged and saved but
    /// not removed ([`ConflictError::Changed`], [`ConflictError::Remove`]), or not merged.
    pub outcome: Result<(), ConflictError>,
}

impl ConflictNews {
    /// Was the copy merged, saved and removed?
    pub fn done(&self) -> bool {
        self.outcome.is_ok()
    }
}

impl std::fmt::Display for ConflictNews {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (tool, name, n) = (self.copy.tool, self.copy.name(), self.merged);
        let notes = if n == 1 { "1 note".to_owned() } else { format!("{n} notes") };
        match &self.outcome {
            Ok(()) if n == 0 => {
                write!(f, "Removed a {tool} conflict copy ({name}): every note in it was here already")
            }
            Ok(()) => write!(f, "Merged {notes} from a {tool} conflict copy ({name}) and removed it"),
            Err(e @ (ConflictError::Changed | ConflictError::Remove(_))) => {
                write!(f, "Merged {notes} from a {tool} conflict copy ({name}) and saved them, but {e}")
            }
            Err(e) => write!(f, "A {tool} conflict copy ({name}) was not merged and was left as it was: {e}"),
        }
    }
}

/// The notes file `name` is a conflict copy of (its file name), and the tool that left it;
/// `None` when `name` is no conflict copy of a notes file (see the module's doc).
pub fn conflict_of(name: &str) -> Option<(String, SyncTool)> {
    let body = name.strip_suffix(RON_EXT)?;
    let stem_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
    let (stem, rest) = body.split_at(stem_len);
    if stem.is_empty() {
        return None;
    }
    let tool = match rest.strip_prefix(NOTES_EXT) {
        // `<doc_id>.notes<markers>.ron`: where the tools put them.
        Some(markers) if !markers.is_empty() => markers_tool(markers)?,
        // `<doc_id><markers>.notes.ron`.
        _ => markers_tool(rest.strip_suffix(NOTES_EXT)?)?,
    };
    Some((format!("{stem}{NOTES_EXT}{RON_EXT}"), tool))
}

/// The tool of one or more conflict markers, the whole of `s` (a conflict copy of a conflict
/// copy has two); `None` unless all of `s` is markers.
fn markers_tool(mut s: &str) -> Option<SyncTool> {
    let mut tool = None;
    while !s.is_empty() {
        let (found, rest) = syncthing_marker(s)
            .or_else(|| nextcloud_marker(s))
            .or_else(|| old_nextcloud_marker(s))
            .or_else(|| dropbox_marker(s))
            // Dropbox's " (1)" after a marker, never alone.
            .or_else(|| tool.and_then(|_| counter(s)).map(|rest| (SyncTool::Dropbox, rest)))?;
        tool.get_or_insert(found);
        s = rest;
    }
    tool
}

/// `.sync-conflict-YYYYMMDD-HHMMSS[-DEVICE7]`; what follows it.
fn syncthing_marker(s: &str) -> Option<(SyncTool, &str)> {
    let rest = s.strip_prefix(".sync-conflict-")?;
    let rest = compact_stamp(rest)?;
    // The short device id: 7 of base32's A–Z and 2–7 (digits allowed, to be lenient).
    let device = rest
        .strip_prefix('-')
        .filter(|d| d.len() >= 7 && d.as_bytes()[..7].iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
    let rest = match device {
        Some(d) if d.len() == 7 || d.as_bytes()[7] == b'.' || d.as_bytes()[7] == b' ' => &d[7..],
        _ => rest,
    };
    Some((SyncTool::Syncthing, rest))
}

/// ` (conflicted copy [USER ]YYYY-MM-DD HHMMSS)`; what follows it.
fn nextcloud_marker(s: &str) -> Option<(SyncTool, &str)> {
    let rest = strip_prefix_ignore_case(s, " (conflicted copy ")?;
    let close = rest.find(')')?;
    let (inner, after) = (&rest[..close], &rest[close + 1..]);
    // The date and time are the last 17 characters; a user's name (no parentheses) and a
    // space may come before them.
    let stamp_at = inner.len().checked_sub(17)?;
    let (user, stamp) = inner.split_at_checked(stamp_at)?;
    let (date, time) = stamp.split_once(' ')?;
    let ok_user = user.is_empty() || (user.len() > 1 && user.ends_with(' ') && !user.contains('('));
    (ok_user && is_date(date) && is_time(time)).then_some((SyncTool::Nextcloud, after))
}

/// `_conflict-[USER-]YYYYMMDD-HHMMSS` (clients before 2.5), only where the tools put it:
/// right before `.ron`.
fn old_nextcloud_marker(s: &str) -> Option<(SyncTool, &str)> {
    let rest = s.strip_prefix("_conflict-")?;
    // YYYYMMDD-HHMMSS ends it; a user's name and '-' may come before it.
    let stamp_at = rest.len().checked_sub(15)?;
    let (user, stamp) = rest.split_at_checked(stamp_at)?;
    let ok_user = user.is_empty() || (user.len() > 1 && user.ends_with('-') && !user.contains(['.', ' ']));
    (ok_user && compact_stamp(stamp) == Some("")).then_some((SyncTool::Nextcloud, ""))
}

/// ` ([OWNER's ]conflicted copy[ YYYY-MM-DD][ (N)])`; what follows it.
fn dropbox_marker(s: &str) -> Option<(SyncTool, &str)> {
    let rest = s.strip_prefix(" (")?;
    let after_words = match strip_prefix_ignore_case(rest, "conflicted copy") {
        Some(after) => after,
        None => {
            // The owner: a person's or a computer's name, then 's (or ’s).
            let (at, len) = ["'s conflicted copy", "\u{2019}s conflicted copy"]
                .iter()
                .find_map(|w| find_ignore_case(rest, w).map(|at| (at, w.len())))?;
            let owner = &rest[..at];
            if owner.trim().is_empty() || owner.contains(['(', ')']) {
                return None;
            }
            &rest[at + len..]
        }
    };
    let mut after = after_words;
    if let Some(date) = after.strip_prefix(' ').and_then(|d| d.get(..10)).filter(|d| is_date(d)) {
        after = &after[1 + date.len()..];
    }
    if let Some(rest) = counter(after) {
        after = rest;
    }
    Some((SyncTool::Dropbox, after.strip_prefix(')')?))
}

/// ` (N)`, a copy's number; what follows it.
fn counter(s: &str) -> Option<&str> {
    let rest = s.strip_prefix(" (")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| rest[digits..].strip_prefix(')')).flatten()
}

/// `YYYYMMDD-HHMMSS` at the start of `s`; what follows it.
fn compact_stamp(s: &str) -> Option<&str> {
    let (date, rest) = s.split_at_checked(8)?;
    let rest = rest.strip_prefix('-')?;
    let (time, rest) = rest.split_at_checked(6)?;
    let dashed = format!("{}-{}-{}", date.get(..4)?, date.get(4..6)?, date.get(6..)?);
    (is_date(&dashed) && is_time(time)).then_some(rest)
}

/// `YYYY-MM-DD`, a real month and a day of 1 to 31.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit).then(|| number(&b[r]));
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4).is_some()
        && digits(5..7).is_some_and(|m| (1..=12).contains(&m))
        && digits(8..10).is_some_and(|d| (1..=31).contains(&d))
}

/// `HHMMSS`, a time of day (a leap second allowed).
fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 6
        && b.iter().all(u8::is_ascii_digit)
        && number(&b[0..2]) < 24
        && number(&b[2..4]) < 60
        && number(&b[4..6]) <= 60
}

fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

fn find_ignore_case(s: &str, needle: &str) -> Option<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .find(|&i| s.get(i..i + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle)))
}

/// The conflict copies in `dir`, of every notes file, by name. Links, pipes and folders
/// with such a name are listed too: they are told, never merged or removed.
pub fn conflict_copies(dir: &Path) -> std::io::Result<Vec<ConflictCopy>> {
    let mut found: Vec<ConflictCopy> = std::fs::read_dir(dir)?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name();
            let (of, tool) = conflict_of(name.to_str()?)?;
            Some(ConflictCopy { path: e.path(), of, tool })
        })
        .collect();
    found.sort();
    Ok(found)
}

/// The conflict copies of the notes file at `notes_file`, in its folder. A folder that
/// cannot be read has none to merge.
pub fn copies_of(notes_file: &Path) -> Vec<ConflictCopy> {
    let (Some(dir), Some(name)) = (notes_file.parent(), notes_file.file_name()) else { return Vec::new() };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let mut copies = conflict_copies(dir).unwrap_or_default();
    copies.retain(|c| std::ffi::OsStr::new(&c.of) == name);
    copies
}

/// A conflict copy read whole: its notes and labels, and the hash of its bytes (it is
/// removed only if it still holds them). `doc_id` is the record whose notes file it is a
/// copy of: a copy that names another record is not merged.
pub fn read_copy(copy: &ConflictCopy, doc_id: &str) -> Result<(FileRead, blake3::Hash), ConflictError> {
    if std::fs::symlink_metadata(&copy.path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ConflictError::Link);
    }
    let bytes =
        read_regular_file(&copy.path, disk::MAX_NOTES_BYTES).map_err(|e| ConflictError::Unreadable(e.to_string()))?;
    let file = disk::parse_file(&bytes).map_err(ConflictError::NotNotes)?;
    if file.version > VERSION {
        return Err(ConflictError::TooNew(file.version));
    }
    if !file.set_aside.is_empty() {
        return Err(ConflictError::Damaged(file.set_aside.len()));
    }
    if !file.doc_id.is_empty() && file.doc_id != doc_id {
        return Err(ConflictError::OtherRecord(file.doc_id));
    }
    Ok((file, blake3::hash(&bytes)))
}

/// Removes a conflict copy whose notes are saved in its notes file, if it still holds what
/// was merged (`hash`): one changed since is kept, to be merged again.
pub fn remove_merged(path: &Path, hash: blake3::Hash) -> Result<(), ConflictError> {
    match read_regular_file(path, disk::MAX_NOTES_BYTES) {
        Ok(bytes) if blake3::hash(&bytes) == hash => {}
        Err(e) if e.is_not_found() => return Ok(()), // someone removed it already
        _ => return Err(ConflictError::Changed),
    }
    std::fs::remove_file(path).map_err(|e| ConflictError::Remove(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(name: &str) -> Option<(String, SyncTool)> {
        conflict_of(name)
    }

    fn copy(name: &str, tool: SyncTool) {
        assert_eq!(of(name), Some(("doc-3f2a9c.notes.ron".to_owned(), tool)), "{name}");
    }

    #[test]
    fn syncthing_names_as_syncthing_writes_them_and_before_notes_ron() {
        use SyncTool::Syncthing;
        copy("doc-3f2a9c.notes.sync-conflict-20261206-101010-ABCDEF7.ron", Syncthing);
        copy("doc-3f2a9c.sync-conflict-20261206-101010-ABCDEF7.notes.ron", Syncthing);
        // Before the device id was added to the name.
        copy("doc-3f2a9c.notes.sync-conflict-20261206-101010.ron", Syncthing);
        copy("doc-3f2a9c.notes.sync-conflict-20261206-235959-Z2Z2Z2Z.ron", Syncthing);
    }

    #[test]
    fn nextcloud_names_with_and_without_a_user_and_the_old_pattern() {
        use SyncTool::Nextcloud;
        copy("doc-3f2a9c.notes (conflicted copy 2026-12-06 101010).ron", Nextcloud);
        copy("doc-3f2a9c.notes (conflicted copy Jane Doe 2026-12-06 101010).ron", Nextcloud);
        copy("doc-3f2a9c.notes (conflicted copy j.doe@example.org 2026-12-06 101010).ron", Nextcloud);
        copy("doc-3f2a9c (conflicted copy 2026-12-06 101010).notes.ron", Nextcloud);
        copy("doc-3f2a9c.notes_conflict-20261206-101010.ron", Nextcloud);
        copy("doc-3f2a9c.notes_conflict-jane-20261206-101010.ron", Nextcloud);
    }

    #[test]
    fn dropbox_names_with_an_owner_a_date_a_number_or_none() {
        use SyncTool::Dropbox;
        copy("doc-3f2a9c.notes (Jane's conflicted copy 2026-12-06).ron", Dropbox);
        copy("doc-3f2a9c.notes (DESKTOP-UMS014A's conflicted copy 2026-12-06).ron", Dropbox);
        copy("doc-3f2a9c.notes (Jane Doe\u{2019}s conflicted copy 2026-12-06).ron", Dropbox);
        copy("doc-3f2a9c.notes (Jane's conflicted copy 2026-12-06 (1)).ron", Dropbox);
        copy("doc-3f2a9c.notes (michael johnson's conflicted copy) (1).ron", Dropbox);
        copy("doc-3f2a9c (Jane's conflicted copy 2026-12-06).notes.ron", Dropbox);
        copy("doc-3f2a9c (conflicted copy).notes.ron", Dropbox);
        copy("doc-3f2a9c.notes (conflicted copy 2026-12-06).ron", Dropbox);
        // A copy of a copy.
        copy("doc-3f2a9c.notes (Jane's conflicted copy) (Jane's conflicted copy 2026-12-07).ron", Dropbox);
    }

    #[test]
    fn look_alikes_are_not_conflict_copies() {
        for name in [
            // Notes files of records whose ids say "conflict".
            "conflict.notes.ron",
            "conflict-report.notes.ron",
            "sync-conflict-20261206-101010-ABCDEF7.notes.ron",
            "x_conflict-20261206-101010.notes.ron",
            "doc-3f2a9c.notes.ron",
            // Not notes files, or not whole markers.
            "doc-3f2a9c.sync-conflict-20261206-101010-ABCDEF7.txt",
            "doc-3f2a9c.notes.sync-conflict-20261306-101010-ABCDEF7.ron",
            "doc-3f2a9c.notes.sync-conflict-2026126-101010.ron",
            "doc-3f2a9c.notes (conflicted copy 2026-12-06 251010).ron",
            "doc-3f2a9c.notes (conflicted copy 2026-12-06).ron.bak",
            "doc-3f2a9c.notes (1).ron",
            "doc-3f2a9c.notes (Jane's copy 2026-12-06).ron",
            "doc-3f2a9c.notes (Conflicts between families).ron",
            "doc-3f2a9c.notes.ron.rejected",
            "doc-3f2a9c.notes.ron.lock",
            ".doc-3f2a9c.notes.ron.a1b2c3.tmp",
            ".sync-conflict-20261206-101010-ABCDEF7.notes.ron",
            "doc-3f2a9c.notes.sync-conflict-20261206-101010-ABCDEF7.ron.tmp",
            "doc-3f2a9c.notes.sync-conflict-20261206-101010-ABCDEF7 extra.ron",
        ] {
            assert_eq!(of(name), None, "{name} was taken for a conflict copy");
        }
    }

    #[test]
    fn the_news_says_what_was_done_in_words() {
        let copy = ConflictCopy {
            path: PathBuf::from("/n/doc-1.notes.sync-conflict-20261206-101010-ABCDEF7.ron"),
            of: "doc-1.notes.ron".into(),
            tool: SyncTool::Syncthing,
        };
        let news = |merged, outcome| ConflictNews { copy: copy.clone(), merged, outcome }.to_string();
        assert_eq!(
            news(3, Ok(())),
            "Merged 3 notes from a Syncthing conflict copy (doc-1.notes.sync-conflict-20261206-101010-ABCDEF7.ron) and removed it"
        );
        assert!(news(0, Ok(())).starts_with("Removed a Syncthing conflict copy"));
        let why = "it is not a notes file this version can read (expected `(`)";
        let kept = news(0, Err(ConflictError::NotNotes(why.into())));
        assert!(kept.contains("was not merged and was left as it was: it is not a notes file"), "{kept}");
    }

    #[test]
    fn the_store_merges_a_copy_removes_it_after_the_save_and_tells_a_bad_one_once() {
        use crate::core::notes::{Note, NotesStore};
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let entry = doc.entries().next().unwrap().1;
        let theirs = Note::on_entry(&doc, entry, "theirs");
        let text = crate::core::notes::store::notes_to_ron(&doc.id, &Default::default(), vec![&theirs]).unwrap();
        let good = dir.path().join(format!("{}.notes (conflicted copy 2026-12-06 101010).ron", doc.id));
        let bad = dir.path().join(format!("{}.notes.sync-conflict-20261206-101010-ABCDEF7.ron", doc.id));
        std::fs::write(&good, &text).unwrap();
        std::fs::write(&bad, b"not RON at all").unwrap();
        let mut store = NotesStore::open(dir.path(), &doc.id);
        assert_eq!(store.merge_conflict_copies(), 1);
        assert!(store.live().any(|n| n.body == "theirs"));
        let told = store.take_conflict_news();
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(matches!(told[0].outcome, Err(ConflictError::NotNotes(_))));
        assert!(good.exists(), "removed before its notes were saved");
        // Looked at again before the save: the good one waits for it, the bad one was told.
        assert_eq!(store.merge_conflict_copies(), 0);
        assert!(store.take_conflict_news().is_empty());
        store.save().unwrap();
        let told = store.take_conflict_news();
        assert_eq!(told.len(), 1, "{told:?}");
        assert!(told[0].done() && told[0].copy.path == good && told[0].merged == 1);
        assert!(!good.exists() && bad.exists());
        assert_eq!(store.merge_conflict_copies(), 0);
        assert!(store.take_conflict_news().is_empty(), "the bad copy was told again");
        assert_eq!(std::fs::read(&bad).unwrap(), b"not RON at all");
    }
}
