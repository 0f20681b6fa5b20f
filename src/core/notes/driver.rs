//! Three notes files made one, for git (`record-reader notes merge-driver %O %A %B %P`,
//! registered for `*.notes.ron` by `record-reader share init`): the common ancestor, ours
//! and theirs, merged note by note with the rule of two writers ([`super::merge`]) instead
//! of line by line. A note added on either side is kept; a note changed on one side takes
//! that change; a note changed on both sides keeps the later change and the other is set
//! aside, for `.rejected`; a removal loses to an edit. No conflict markers are ever written:
//! a side that cannot be read is an error, and git then shows an ordinary conflict with no
//! file changed.

use super::disk::{FileRead, SetAside, parse_file};
use super::merge::{Base, merge_labels, merge_notes};
use super::model::VERSION;
use super::store::notes_to_ron;

/// The merged file, and the versions set aside.
#[derive(Debug)]
pub struct Merged {
    /// The notes file's text, ordered by note id as every notes file is.
    pub text: String,
    /// How many notes the merged file holds.
    pub notes: usize,
    /// Notes both sides changed (the version that lost), and records of either side that
    /// could not be read, each with why.
    pub set_aside: Vec<SetAside>,
}

/// Why the files cannot be merged (git then shows a conflict; nothing is written).
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    #[error("{side} cannot be read as a notes file: {why}")]
    Unreadable { side: &'static str, why: String },
    #[error("{side} was written by a newer Record Reader (format {version}); update this one to merge it")]
    Newer { side: &'static str, version: u32 },
    #[error("the two sides are the notes of different records ({ours} and {theirs})")]
    OtherRecord { ours: String, theirs: String },
    #[error("the merged notes could not be written: {0}")]
    Write(String),
}

fn read(side: &'static str, bytes: &[u8]) -> Result<FileRead, DriverError> {
    let file = parse_file(bytes).map_err(|why| DriverError::Unreadable { side, why })?;
    if file.version > VERSION {
        return Err(DriverError::Newer { side, version: file.version });
    }
    Ok(file)
}

/// Merges `ours` and `theirs` against `base` (empty when the two sides added the file each
/// on their own).
pub fn merge_files(base: &[u8], ours: &[u8], theirs: &[u8]) -> Result<Merged, DriverError> {
    let base =
        if base.iter().all(u8::is_ascii_whitespace) { FileRead::default() } else { read("the common version", base)? };
    let mut ours = read("our version", ours)?;
    let theirs = read("their version", theirs)?;
    if !ours.doc_id.is_empty() && !theirs.doc_id.is_empty() && ours.doc_id != theirs.doc_id {
        return Err(DriverError::OtherRecord { ours: ours.doc_id, theirs: theirs.doc_id });
    }
    let start = Base::of(&base.notes, &base.labels);
    let report = merge_notes(&start, &mut ours.notes, &theirs.notes);
    merge_labels(&base.labels, &mut ours.labels, &theirs.labels);
    let doc_id = if ours.doc_id.is_empty() { theirs.doc_id.clone() } else { ours.doc_id.clone() };
    let text = notes_to_ron(&doc_id, &ours.labels, ours.notes.values().map(AsRef::as_ref).collect())
        .map_err(|e| DriverError::Write(e.to_string()))?;
    let mut set_aside = Vec::new();
    for lost in &report.set_aside {
        let kept = ours.notes.get(&lost.id);
        let raw = super::format::write_note(lost).map_err(|e| DriverError::Write(e.to_string()))?;
        let by = |n: &super::Note| n.modified_by.as_ref().map(|a| format!(" by {}", a.name)).unwrap_or_default();
        let why = format!(
            "both sides changed note {} since they last agreed; the later change{} was kept, and this one{} set aside",
            lost.id,
            kept.map(|k| format!(" (of {}{})", k.modified, by(k))).unwrap_or_default(),
            by(lost)
        );
        set_aside.push(SetAside { raw: raw.into_bytes(), why });
    }
    set_aside.extend(ours.set_aside);
    set_aside.extend(theirs.set_aside);
    Ok(Merged { text, notes: ours.notes.len(), set_aside })
}

/// What the merge driver did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub notes: usize,
    /// How many versions were set aside, and where (`<path>.rejected`).
    pub set_aside: usize,
    pub rejected: Option<std::path::PathBuf>,
}

/// Git's merge driver: reads the common version `base`, `ours` and `theirs` (the files git
/// names `%O %A %B`), writes the merged notes over `ours` (whole or not at all), and appends
/// what was set aside to `<path>.rejected`, `path` being the file's path in the working copy
/// (`%P`). On any error nothing is written.
pub fn merge_in_place(
    base: &std::path::Path,
    ours: &std::path::Path,
    theirs: &std::path::Path,
    path: &std::path::Path,
) -> Result<Done, DriverError> {
    use std::io::Write as _;
    let read = |side: &'static str, p: &std::path::Path| {
        crate::core::fsio::read_regular_file(p, super::disk::MAX_NOTES_BYTES)
            .map_err(|e| DriverError::Unreadable { side, why: format!("{}: {e}", p.display()) })
    };
    let base_bytes = match read("the common version", base) {
        Ok(bytes) => bytes,
        Err(_) if !base.exists() => Vec::new(),
        Err(e) => return Err(e),
    };
    let merged = merge_files(&base_bytes, &read("our version", ours)?, &read("their version", theirs)?)?;
    let write = |e: std::io::Error| DriverError::Write(format!("{}: {e}", ours.display()));
    let rejected = if merged.set_aside.is_empty() {
        None
    } else {
        let (file, _) = super::disk::append_rejected(path, &merged.set_aside).map_err(write)?;
        Some(file)
    };
    let dir = ours.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write)?;
    tmp.write_all(merged.text.as_bytes()).and_then(|()| tmp.as_file().sync_all()).map_err(write)?;
    tmp.persist(ours).map_err(|e| write(e.error))?;
    Ok(Done { notes: merged.notes, set_aside: merged.set_aside.len(), rejected })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::notes::{Note, NoteMap};
    use std::sync::Arc;

    fn file(doc: &crate::core::Document, notes: &[&Note]) -> Vec<u8> {
        notes_to_ron(&doc.id, &std::collections::BTreeMap::new(), notes.to_vec()).unwrap().into_bytes()
    }

    fn edited(n: &Note, body: &str, seconds: i64) -> Note {
        let mut n = n.clone();
        n.body = body.to_owned();
        n.modified += time::Duration::seconds(seconds);
        n
    }

    fn notes_of(text: &str) -> NoteMap {
        parse_file(text.as_bytes()).unwrap().notes
    }

    #[test]
    fn notes_added_on_both_sides_and_changed_on_one_are_all_kept() {
        let doc = crate::core::open::embedded().unwrap();
        let entry = doc.entries().next().unwrap().1;
        let (a, b, c) =
            (Note::on_entry(&doc, entry, "a"), Note::on_entry(&doc, entry, "b"), Note::on_entry(&doc, entry, "c"));
        let base = file(&doc, &[&a]);
        let ours = file(&doc, &[&edited(&a, "a, ours", 5), &b]);
        let theirs = file(&doc, &[&a, &c]);
        let merged = merge_files(&base, &ours, &theirs).unwrap();
        let notes = notes_of(&merged.text);
        assert_eq!(notes.len(), 3);
        assert_eq!(notes[&a.id].body, "a, ours");
        assert!(notes.contains_key(&b.id) && notes.contains_key(&c.id));
        assert!(merged.set_aside.is_empty());
        assert!(!merged.text.contains("<<<<<<<") && !merged.text.contains(">>>>>>>"));
        // The same on either side: git's result does not depend on who merges.
        let other_way = merge_files(&base, &theirs, &ours).unwrap();
        assert_eq!(other_way.text, merged.text);
    }

    #[test]
    fn a_note_changed_on_both_sides_keeps_the_later_change_and_sets_the_other_aside() {
        let doc = crate::core::open::embedded().unwrap();
        let entry = doc.entries().next().unwrap().1;
        let a = Note::on_entry(&doc, entry, "a");
        let base = file(&doc, &[&a]);
        let ours = file(&doc, &[&edited(&a, "ours, earlier", 5)]);
        let theirs = file(&doc, &[&edited(&a, "theirs, later", 9)]);
        for (o, t) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged = merge_files(&base, o, t).unwrap();
            assert_eq!(notes_of(&merged.text)[&a.id].body, "theirs, later");
            assert_eq!(merged.set_aside.len(), 1);
            let lost = String::from_utf8(merged.set_aside[0].raw.clone()).unwrap();
            assert!(lost.contains("ours, earlier"), "{lost}");
            assert!(merged.set_aside[0].why.contains("both sides changed"));
        }
    }

    #[test]
    fn a_removal_loses_to_an_edit() {
        let doc = crate::core::open::embedded().unwrap();
        let entry = doc.entries().next().unwrap().1;
        let (a, b) = (Note::on_entry(&doc, entry, "a"), Note::on_entry(&doc, entry, "b"));
        let base = file(&doc, &[&a, &b]);
        let ours = file(&doc, &[&b]); // we removed a, and left b alone
        let theirs = file(&doc, &[&edited(&a, "a, edited", 3)]); // they edited a, removed b
        let notes = notes_of(&merge_files(&base, &ours, &theirs).unwrap().text);
        assert_eq!(notes.keys().copied().collect::<Vec<_>>(), vec![a.id], "a's edit beats our removal; b goes");
        assert_eq!(notes[&a.id].body, "a, edited");
        let _ = Arc::new(a);
    }

    #[test]
    fn a_side_that_cannot_be_read_fails_and_nothing_is_written() {
        let doc = crate::core::open::embedded().unwrap();
        let entry = doc.entries().next().unwrap().1;
        let a = Note::on_entry(&doc, entry, "a");
        let good = file(&doc, &[&a]);
        let dir = tempfile::tempdir().unwrap();
        let (base, ours, theirs) = (dir.path().join("O"), dir.path().join("A"), dir.path().join("B"));
        std::fs::write(&base, &good).unwrap();
        std::fs::write(&ours, &good).unwrap();
        let mut damaged = good.clone();
        damaged.truncate(good.len() / 2);
        std::fs::write(&theirs, &damaged).unwrap();
        let e = merge_in_place(&base, &ours, &theirs, &dir.path().join("x.notes.ron")).unwrap_err();
        assert!(matches!(e, DriverError::Unreadable { side: "their version", .. }), "{e}");
        assert_eq!(std::fs::read(&ours).unwrap(), good, "ours untouched");
        assert!(!dir.path().join("x.notes.ron.rejected").exists());
        // Two sides that added the file each on their own: no common version.
        let b = Note::on_entry(&doc, entry, "b");
        std::fs::write(&theirs, file(&doc, &[&b])).unwrap();
        std::fs::write(&base, "").unwrap();
        let done = merge_in_place(&base, &ours, &theirs, &dir.path().join("x.notes.ron")).unwrap();
        assert_eq!(done.notes, 2);
    }
}
