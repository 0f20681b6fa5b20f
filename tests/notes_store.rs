//! The notes store under bad conditions: nothing that was saved is lost, and the user is told.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::notes::store::notes_path;
use record_reader::core::notes::{Note, NotesStore, SaveState};
use record_reader::core::open::embedded;
use std::path::Path;

fn store_with(dir: &Path, bodies: &[&str]) -> NotesStore {
    let doc = embedded().unwrap();
    let mut s = NotesStore::open(dir, &doc.id);
    let entries: Vec<_> = doc.entries().map(|(_, e)| e.clone()).collect();
    for (i, b) in bodies.iter().enumerate() {
        s.put(Note::on_entry(&doc, &entries[i % entries.len()], b));
    }
    s.save().unwrap();
    s
}

fn bodies(s: &NotesStore) -> Vec<String> {
    let mut v: Vec<String> = s.notes.values().map(|n| n.body.clone()).collect();
    v.sort();
    v
}

#[test]
fn round_trip_is_sorted_versioned_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with(dir.path(), &["first"]);
    assert_eq!(s.state, SaveState::Saved);
    let text = std::fs::read_to_string(&s.path).unwrap();
    assert!(text.contains("version: 1"), "{text}");
    let doc = embedded().unwrap();
    let (_, e) = doc.find_entry("1.2").unwrap();
    s.put(Note::on_entry(&doc, e, "second"));
    assert_eq!(s.state, SaveState::Unsaved);
    s.save().unwrap();
    let bak = std::fs::read_to_string(s.path.with_extension("ron.bak")).unwrap();
    assert!(bak.contains("first") && !bak.contains("second"), "the .bak is the previous version");
    let again = NotesStore::open(dir.path(), &doc.id);
    assert_eq!(bodies(&again), ["first", "second"]);
    let ids: Vec<_> = again.notes.keys().collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    // The file is ordered by id.
    let text = std::fs::read_to_string(&again.path).unwrap();
    let pos: Vec<usize> = again.notes.keys().map(|id| text.find(&id.to_string()).unwrap()).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn any_text_survives_the_file_and_each_note_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let awkward = [
        "plain",
        "He said \"no\" twice",
        "a \\ backslash and a \\\" pair",
        "raw-string breakers: \"# and \"## and r#\"",
        "two\nlines\r\nand a tab\there",
        "control \u{0} \u{1b} \u{7f} and BOM \u{feff}",
        "Côte d’Ivoire — “quoted” 中文 🙂",
        "",
        "ends with a backslash \\",
    ];
    let mut s = store_with(dir.path(), &awkward);
    let first = s.notes.keys().next().copied().unwrap();
    if let Some(n) = s.notes.get_mut(&first).map(std::sync::Arc::make_mut) {
        n.tags = vec!["a\"b".into(), "c\\d".into()];
        n.anchor.quote.prefix = "pre \"#".into();
    }
    let expected = s.notes.clone();
    s.save().unwrap();
    let again = NotesStore::open(dir.path(), &s.doc_id);
    assert!(again.read_only.is_none() && again.warnings.is_empty(), "{:?} {:?}", again.read_only, again.warnings);
    assert_eq!(again.notes, expected);
    // Notes whose text has no line break are one line each.
    let text = std::fs::read_to_string(&again.path).unwrap();
    let one_liners = again.notes.values().filter(|n| !n.body.contains(['\n', '\r'])).count();
    let lines_with_ids = again
        .notes
        .keys()
        .filter(|id| text.lines().any(|l| l.contains(&format!("id: \"{id}\"")) && l.contains("body:")))
        .count();
    assert!(lines_with_ids >= one_liners, "{text}");
}

#[test]
fn truncated_or_garbage_files_open_read_only_and_are_never_overwritten() {
    for damage in ["truncate", "garbage", "binary", "misspelt field"] {
        let dir = tempfile::tempdir().unwrap();
        let s = store_with(dir.path(), &["precious"]);
        let original = std::fs::read(&s.path).unwrap();
        let damaged: Vec<u8> = match damage {
            "truncate" => original[..original.len() / 2].to_vec(),
            "garbage" => b"this is not RON at all {{{".to_vec(),
            // `notes:` lost a letter: not a file with no notes, which a save would write back.
            "misspelt field" => String::from_utf8(original.clone()).unwrap().replace("notes:", "otes:").into_bytes(),
            _ => vec![0, 159, 146, 150, 255, 0],
        };
        std::fs::write(&s.path, &damaged).unwrap();
        let mut s2 = NotesStore::open(dir.path(), &s.doc_id);
        assert!(s2.is_read_only(), "{damage}");
        assert!(
            matches!(&s2.state, SaveState::ReadOnly(why) if why.contains("left untouched")),
            "{damage}: {:?}",
            s2.state
        );
        let doc = embedded().unwrap();
        let (_, e) = doc.find_entry("1.1").unwrap();
        s2.put(Note::on_entry(&doc, e, "new"));
        let err = s2.save().unwrap_err();
        assert!(err.to_string().contains("read-only"), "{err}");
        assert_eq!(std::fs::read(&s2.path).unwrap(), damaged, "{damage}: the file was not touched");
        // Save elsewhere keeps the new note.
        let elsewhere = dir.path().join("rescued.notes.ron");
        s2.save_as(&elsewhere).unwrap();
        assert!(std::fs::read_to_string(&elsewhere).unwrap().contains("new"));
    }
}

#[test]
fn a_future_version_is_shown_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_with(dir.path(), &["from the future"]);
    // A newer version may have fields this one does not know.
    let text = std::fs::read_to_string(&s.path).unwrap().replace("version: 1", "version: 7,\n  shelves: [\"a\"]");
    std::fs::write(&s.path, &text).unwrap();
    let mut s2 = NotesStore::open(dir.path(), &s.doc_id);
    assert_eq!(bodies(&s2), ["from the future"], "what can be read is shown");
    assert!(matches!(&s2.state, SaveState::ReadOnly(why) if why.contains("newer Record Reader")));
    assert!(s2.save().is_err());
    assert_eq!(std::fs::read_to_string(&s2.path).unwrap(), text);
}

#[test]
fn a_bad_record_is_set_aside_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_with(dir.path(), &["good one", "bad one", "good two"]);
    let text = std::fs::read_to_string(&s.path).unwrap();
    // Break the middle record: its kind is not a kind.
    let bad_id = s.notes.values().find(|n| n.body == "bad one").unwrap().id.to_string();
    let at = text.find(&bad_id).unwrap();
    let kind_at = at + text[at..].find("EntryNote").unwrap();
    let broken = format!("{}Scribble{}", &text[..kind_at], &text[kind_at + "EntryNote".len()..]);
    std::fs::write(&s.path, &broken).unwrap();
    let mut s2 = NotesStore::open(dir.path(), &s.doc_id);
    assert!(!s2.is_read_only());
    assert_eq!(bodies(&s2), ["good one", "good two"]);
    assert_eq!(s2.warnings.len(), 1);
    assert!(s2.warnings[0].contains("set aside"), "{:?}", s2.warnings);
    let rejected = std::fs::read_to_string(s2.path.with_extension("ron.rejected")).unwrap();
    assert!(rejected.contains(&bad_id) && rejected.contains("Scribble") && rejected.contains("bad one"));
    s2.save().unwrap();
}

#[test]
fn a_read_only_folder_reports_the_error_and_keeps_the_notes_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store_with(dir.path(), &["kept"]);
    let mut perms = std::fs::metadata(dir.path()).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(dir.path(), perms.clone()).unwrap();
    let doc = embedded().unwrap();
    let (_, e) = doc.find_entry("1.3").unwrap();
    s.put(Note::on_entry(&doc, e, "unsaved"));
    let result = s.save();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(dir.path(), perms).unwrap();
    // Root ignores permissions; anyone else gets an honest error.
    if let Err(e) = result {
        assert!(e.to_string().contains("could not save"), "{e}");
        assert!(matches!(s.state, SaveState::Error(_)));
        assert_eq!(bodies(&s), ["kept", "unsaved"], "nothing lost in memory");
        s.save().unwrap();
    }
    assert_eq!(bodies(&NotesStore::open(dir.path(), &s.doc_id)), ["kept", "unsaved"]);
}

#[test]
fn changes_on_disk_are_merged_newest_wins_and_deletions_travel() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = store_with(dir.path(), &["shared", "to delete"]);
    let mut b = NotesStore::open(dir.path(), &a.doc_id);
    let doc = embedded().unwrap();
    // Window B edits one note, trashes another and adds one.
    let shared = b.notes.values().find(|n| n.body == "shared").unwrap().id;
    let del = b.notes.values().find(|n| n.body == "to delete").unwrap().id;
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut n = Note::clone(&b.notes[&shared]);
    n.body = "shared, edited in B".into();
    n.modified = record_reader::core::notes::model::now();
    b.put(n);
    let mut d = Note::clone(&b.notes[&del]);
    d.deleted = Some(record_reader::core::notes::model::now());
    d.modified = d.deleted.unwrap();
    b.put(d);
    let (_, e) = doc.find_entry("2.1").unwrap();
    b.put(Note::on_entry(&doc, e, "added in B"));
    b.save().unwrap();
    // Window A adds its own note, notices the change and merges before saving.
    let (_, e) = doc.find_entry("2.2").unwrap();
    a.put(Note::on_entry(&doc, e, "added in A"));
    assert!(a.changed_on_disk());
    a.save().unwrap();
    let merged = NotesStore::open(dir.path(), &a.doc_id);
    let live: Vec<&str> = merged.live().map(|n| n.body.as_str()).collect();
    assert!(live.contains(&"shared, edited in B") && live.contains(&"added in A") && live.contains(&"added in B"));
    assert_eq!(merged.trash().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["to delete"]);
    assert_eq!(merged.notes.len(), 4);
}

#[test]
fn notes_are_keyed_by_document_not_path() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    assert_eq!(notes_path(dir.path(), &doc.id).file_name().unwrap().to_string_lossy(), format!("{}.notes.ron", doc.id));
}

#[test]
fn an_unwritable_location_is_an_honest_error() {
    let dir = tempfile::tempdir().unwrap();
    let notes_dir = dir.path().join("notes");
    let doc = embedded().unwrap();
    let mut s = NotesStore::open(&notes_dir, &doc.id);
    // Something takes the folder's place: the save cannot happen (even for root).
    std::fs::write(&notes_dir, "a file where the notes folder should be").unwrap();
    let (_, e) = doc.find_entry("1.1").unwrap();
    s.put(Note::on_entry(&doc, e, "in memory"));
    let err = s.save().unwrap_err();
    assert!(err.to_string().starts_with("could not save the notes to"), "{err}");
    assert!(matches!(&s.state, SaveState::Error(_)));
    assert_eq!(bodies(&s), ["in memory"]);
}

#[test]
fn document_changed_under_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut s = NotesStore::open(dir.path(), &doc.id);
    let (_, kept) = doc.find_entry("5.4").unwrap();
    let (_, dropped) = doc.find_entry("3.3").unwrap();
    s.put(Note::on_entry(&doc, kept, "follows its entry"));
    s.put(Note::on_entry(&doc, dropped, "its entry is gone"));
    s.save().unwrap();
    let text = record_reader::core::open::EMBEDDED_TEXT
        .replace(&format!("  • {}\n", dropped.text), "")
        .replace("  • Reformed the asylum", "  • A new first entry.\n  • Reformed the asylum");
    let new = record_reader::core::open::from_bytes(text.as_bytes(), None).unwrap();
    // The same quote, introduction and headings; other entries, so another id since issue
    // 26. The window keeps the store it has when the text changes under it.
    assert_eq!(new.former_id.as_deref(), Some(doc.id.as_str()));
    let mut s2 = NotesStore::open(dir.path(), &doc.id);
    let orphans = s2.reanchor(&new);
    assert_eq!(orphans.len(), 1);
    assert_eq!(s2.notes[&orphans[0]].body, "its entry is gone");
    let placed = s2.notes.values().find(|n| n.body == "follows its entry").unwrap();
    assert_eq!(new.find_entry(&placed.anchor.entry_id).unwrap().1.number, "5.5");
    s2.save().unwrap();
    assert_eq!(NotesStore::open(dir.path(), &doc.id).notes.len(), 2, "the orphan is kept");
}

/// A notes file written by an earlier build (db0f253, whose hand-written writer matched
/// `ron` byte for byte) loads as it was, and is written back byte for byte.
#[test]
fn a_file_written_by_an_earlier_build_loads_and_is_written_back_unchanged() {
    let fixture = include_str!("fixtures/notes/written-by-db0f253.notes.ron");
    let doc = embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(notes_path(dir.path(), &doc.id), fixture).unwrap();
    let s = NotesStore::open(dir.path(), &doc.id);
    assert!(s.read_only.is_none() && s.warnings.is_empty(), "{:?} {:?}", s.read_only, s.warnings);
    assert_eq!((s.live().count(), s.trash().count()), (4, 1));
    let quoted = s.live().find(|n| n.body.starts_with("He said")).unwrap();
    assert_eq!(quoted.body, "He said \"no\" \\ and r#\"raw\"# ");
    assert_eq!(quoted.anchor.quote.exact, "the Near East");
    assert_eq!(quoted.tags, ["two-words"]);
    assert!(s.live().any(|n| n.body.contains("two\nlines\r\nand a tab\there 🙂")));
    assert_eq!(s.to_ron().unwrap(), fixture);
}

/// Notes files written before notes had authors load with no author, and are saved back
/// byte for byte (the author fields are written only when there is one); a note with an
/// author keeps it through a save and a load.
#[test]
fn files_written_before_authors_are_saved_back_unchanged_and_authors_are_kept() {
    use record_reader::core::notes::Author;
    let fixture = include_str!("fixtures/notes/written-by-db0f253.notes.ron");
    let doc = embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = notes_path(dir.path(), &doc.id);
    std::fs::write(&path, fixture).unwrap();
    let mut s = NotesStore::open(dir.path(), &doc.id);
    assert!(s.notes.values().all(|n| n.created_by.is_none() && n.modified_by.is_none()));
    s.state = SaveState::Unsaved;
    s.save().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixture, "re-saved byte for byte");
    let ada = Author { name: "Ada Lovelace".into(), id: Some("https://orcid.org/0000-0002-1825-0097".into()) };
    let entry = &doc.sections[0].entries[0];
    let note = Note::on_entry(&doc, entry, "mine").by(&ada);
    let id = note.id;
    s.put(note);
    s.save().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(r#"created_by: Some((name: "Ada Lovelace", id: Some("https://orcid.org/0000-0002-1825-0097")))"#)
    );
    let again = NotesStore::open(dir.path(), &doc.id);
    assert_eq!((again.notes[&id].created_by.as_ref(), again.notes[&id].modified_by.as_ref()), (Some(&ada), Some(&ada)));
    assert!(again.notes[&id].extra.is_empty(), "the author fields are known, not kept aside");
}
