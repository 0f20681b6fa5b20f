//! Three-way merge of two sets of notes against what both started from.
//!
//! Two writers (two windows, a window and the command line, a sync tool) each change their
//! copy of the same notes file. The base is what the file held when this writer last read or
//! wrote it. Per note id:
//! - on both sides: theirs if only they changed it since the base, ours if only we did
//!   (an undo may make ours older than the base), else the newest `modified` (a tie keeps
//!   ours);
//! - only on their side: kept, unless it was in the base and we removed it without their
//!   having changed it since (our removal travels);
//! - only on our side: kept, unless it was in the base and they removed it without our
//!   having changed it since (their removal travels).
//!
//! An edit always beats a removal, so a note someone is still writing is never dropped.
//! A note both sides changed, each differently, keeps the later change; the other is given
//! back in [`MergeReport::set_aside`], for the caller to keep (the git merge driver writes
//! it to `.rejected`).

use super::model::{Note, NoteMap};
use std::collections::BTreeMap;
use std::sync::Arc;
use time::OffsetDateTime;
use uuid::Uuid;

/// What a notes file held when last read or written: each note's id and `modified`, and
/// the colour labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Base {
    pub notes: BTreeMap<Uuid, OffsetDateTime>,
    pub labels: BTreeMap<String, String>,
    /// The hash of the file's bytes, when the base is a file as read or written: a file
    /// that still hashes the same holds nothing new, and need not be read again.
    pub file_hash: Option<blake3::Hash>,
}

impl Base {
    pub fn of(notes: &NoteMap, labels: &BTreeMap<String, String>) -> Self {
        Self { notes: notes.iter().map(|(id, n)| (*id, n.modified)).collect(), labels: labels.clone(), file_hash: None }
    }

    /// The base of a file read or written as `bytes`.
    pub fn of_file(notes: &NoteMap, labels: &BTreeMap<String, String>, bytes: &[u8]) -> Self {
        Self { file_hash: Some(blake3::hash(bytes)), ..Self::of(notes, labels) }
    }

    /// Was `id` in the base with a `modified` at least as new as `modified`?
    fn had_unchanged(&self, id: &Uuid, modified: OffsetDateTime) -> bool {
        self.notes.get(id).is_some_and(|b| modified <= *b)
    }
}

/// What a merge took from their side.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Notes they added.
    pub added: usize,
    /// Notes they changed more recently than we did.
    pub updated: usize,
    /// Notes they removed (emptied from the Trash).
    pub removed: usize,
    /// Of the notes both sides changed since the base, each differently, the version that
    /// lost (the earlier change): ours when theirs was kept, theirs when ours was.
    pub set_aside: Vec<Arc<Note>>,
}

impl MergeReport {
    pub fn changed(&self) -> bool {
        self.added + self.updated + self.removed > 0
    }
}

/// Merges `theirs` into `ours` against `base` (see the module doc). `ours` is changed in
/// place; the report counts what came from their side.
pub fn merge_notes(base: &Base, ours: &mut NoteMap, theirs: &NoteMap) -> MergeReport {
    let mut report = MergeReport::default();
    for (id, t) in theirs {
        match ours.get(id) {
            Some(o) => {
                let base_modified = base.notes.get(id);
                let they_changed = base_modified != Some(&t.modified);
                let we_changed = base_modified != Some(&o.modified);
                // An undo here may make ours older than the base: only a change of theirs
                // can replace ours.
                if Arc::ptr_eq(o, t) || !they_changed {
                    continue;
                }
                let both_changed = we_changed && !same_but_time(o, t);
                if !we_changed || t.modified > o.modified {
                    if both_changed {
                        report.set_aside.push(o.clone());
                    }
                    ours.insert(*id, t.clone());
                    report.updated += 1;
                } else if both_changed {
                    report.set_aside.push(t.clone());
                }
            }
            None if base.had_unchanged(id, t.modified) => {} // we removed it
            None => {
                ours.insert(*id, t.clone());
                report.added += 1;
            }
        }
    }
    let before = ours.len();
    ours.retain(|id, o| theirs.contains_key(id) || !base.had_unchanged(id, o.modified));
    report.removed = before - ours.len();
    report
}

/// Whether two versions of a note say the same, whenever each was written.
fn same_but_time(a: &Note, b: &Note) -> bool {
    a.body == b.body
        && a.tags == b.tags
        && a.color == b.color
        && a.anchor == b.anchor
        && a.deleted.is_some() == b.deleted.is_some()
}

/// Merges colour labels the same way: a label we did not change since the base takes
/// theirs (which may be its removal).
pub fn merge_labels(
    base: &BTreeMap<String, String>,
    ours: &mut BTreeMap<String, String>,
    theirs: &BTreeMap<String, String>,
) -> bool {
    let keys: Vec<String> = ours.keys().chain(theirs.keys()).cloned().collect();
    let mut changed = false;
    for k in keys {
        if ours.get(&k) == base.get(&k) && ours.get(&k) != theirs.get(&k) {
            changed = true;
            match theirs.get(&k) {
                Some(v) => ours.insert(k, v.clone()),
                None => ours.remove(&k),
            };
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::notes::Note;
    use std::sync::Arc;

    fn note(doc: &crate::core::Document, body: &str) -> Note {
        Note::on_entry(doc, doc.entries().next().unwrap().1, body)
    }

    fn later(mut n: Note, body: &str) -> Note {
        n.body = body.to_owned();
        n.modified += time::Duration::seconds(1);
        n
    }

    fn map(notes: &[&Note]) -> NoteMap {
        notes.iter().map(|n| (n.id, Arc::new((*n).clone()))).collect()
    }

    #[test]
    fn additions_edits_and_removals_travel_both_ways() {
        let doc = crate::core::open::embedded().unwrap();
        let (kept, edited_by_them, edited_by_us, removed_by_them, removed_by_us) =
            (note(&doc, "a"), note(&doc, "b"), note(&doc, "c"), note(&doc, "d"), note(&doc, "e"));
        let base_notes = map(&[&kept, &edited_by_them, &edited_by_us, &removed_by_them, &removed_by_us]);
        let base = Base::of(&base_notes, &BTreeMap::new());
        let (ours_new, theirs_new) = (note(&doc, "ours"), note(&doc, "theirs"));
        let mut ours = map(&[&kept, &edited_by_them, &later(edited_by_us.clone(), "c2"), &removed_by_them, &ours_new]);
        let theirs = map(&[&kept, &later(edited_by_them.clone(), "b2"), &edited_by_us, &removed_by_us, &theirs_new]);
        let report = merge_notes(&base, &mut ours, &theirs);
        assert_eq!(report, MergeReport { added: 1, updated: 1, removed: 1, set_aside: vec![] });
        let bodies: Vec<&str> = ours.values().map(|n| n.body.as_str()).collect();
        let mut sorted = bodies.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ["a", "b2", "c2", "ours", "theirs"]);
    }

    #[test]
    fn an_undo_here_is_not_undone_by_the_file_we_wrote() {
        let doc = crate::core::open::embedded().unwrap();
        let before = note(&doc, "before");
        let after = later(before.clone(), "after");
        // We wrote "after"; then undid it here, back to the older "before".
        let written = map(&[&after]);
        let base = Base::of(&written, &BTreeMap::new());
        let mut ours = map(&[&before]);
        let report = merge_notes(&base, &mut ours, &written);
        assert_eq!(report, MergeReport::default());
        assert_eq!(ours.values().next().map(|n| n.body.as_str()), Some("before"));
        // But a newer change of theirs still wins over our undo.
        let theirs = map(&[&later(after.clone(), "theirs")]);
        merge_notes(&base, &mut ours, &theirs);
        assert_eq!(ours.values().next().map(|n| n.body.as_str()), Some("theirs"));
    }

    #[test]
    fn an_edit_beats_a_removal() {
        let doc = crate::core::open::embedded().unwrap();
        let n = note(&doc, "x");
        let base = Base::of(&map(&[&n]), &BTreeMap::new());
        // We removed it; they edited it since: their edit stays.
        let mut ours = NoteMap::new();
        merge_notes(&base, &mut ours, &map(&[&later(n.clone(), "edited")]));
        assert_eq!(ours.values().next().map(|n| n.body.as_str()), Some("edited"));
        // They removed it; we edited it since: our edit stays.
        let mut ours = map(&[&later(n.clone(), "ours")]);
        let report = merge_notes(&base, &mut ours, &NoteMap::new());
        assert_eq!(report.removed, 0);
        assert_eq!(ours.len(), 1);
    }

    #[test]
    fn labels_take_their_change_unless_we_made_one() {
        let base: BTreeMap<String, String> =
            [("red".into(), "Question".into()), ("blue".into(), "Follow".into())].into();
        let mut ours = base.clone();
        ours.insert("red".into(), "Doubt".into());
        let mut theirs = base.clone();
        theirs.insert("red".into(), "Query".into());
        theirs.insert("blue".into(), "Later".into());
        theirs.insert("green".into(), "Proof".into());
        assert!(merge_labels(&base, &mut ours, &theirs));
        assert_eq!(ours["red"], "Doubt");
        assert_eq!(ours["blue"], "Later");
        assert_eq!(ours["green"], "Proof");
    }
}
