//! Ids that belong to one record (issue 26): two records with the same introduction and
//! headings have ids of their own, and notes written before, under the one id they shared
//! (by Record Reader dd520e4: `tests/fixtures/notes/written-by-dd520e4-shared-id.notes.ron`),
//! open unchanged on the same records.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;

use record_reader::core::notes::store::notes_path;
use record_reader::core::notes::{Note, NotesStore};
use record_reader::core::open::{embedded, open_path};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The id dd520e4 gave both annual reports.
const SHARED_ID: &str = "doc-fdecb1aa78a3404c";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A notes folder holding the notes file dd520e4 wrote for both reports.
fn notes_written_before() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("notes/written-by-dd520e4-shared-id.notes.ron"), notes_path(dir.path(), SHARED_ID)).unwrap();
    dir
}

fn list(notes_dir: &Path, record: &Path) -> (serde_json::Value, String) {
    let args = ["notes".as_ref(), "--notes-dir".as_ref(), notes_dir.as_os_str(), "list".as_ref(), "--json".as_ref()];
    let out = cli::run(args.into_iter().chain([record.as_os_str()]));
    assert!(out.success(), "{}", out.stderr);
    (serde_json::from_str(&out.stdout).unwrap(), out.stderr)
}

/// (entry, body) of each note listed, and whether any is orphaned.
fn placed(list: &serde_json::Value) -> Vec<(String, String, bool)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| (n["entry"].to_string(), n["body"].as_str().unwrap().to_owned(), n["orphaned"].as_bool().unwrap()))
        .collect()
}

#[test]
fn two_records_with_the_same_introduction_and_headings_have_ids_of_their_own() {
    let (a, b) =
        (open_path(&fixture("annual-report-1998.md")).unwrap(), open_path(&fixture("annual-report-1999.md")).unwrap());
    assert_eq!((a.intro.as_str(), a.sections[0].title.as_str()), (b.intro.as_str(), b.sections[0].title.as_str()));
    assert_ne!(a.id, b.id);
    // The id they shared, which their notes files of before are named by.
    assert_eq!(a.former_id.as_deref(), Some(SHARED_ID));
    assert_eq!(b.former_id.as_deref(), Some(SHARED_ID));
    // Only the title, or only one entry, tells them apart just as well.
    let text = std::fs::read_to_string(fixture("annual-report-1998.md")).unwrap();
    let retitled = record_reader::core::open::from_bytes(text.replace("1998", "2001").as_bytes(), None).unwrap();
    let one_entry = text.replace("two hundred judges", "three hundred judges");
    let one_entry = record_reader::core::open::from_bytes(one_entry.as_bytes(), None).unwrap();
    assert!(retitled.id != a.id && one_entry.id != a.id && retitled.id != one_entry.id);
    // Case and spacing are not the record's words: the id stays, as entry ids do.
    let respaced = text.replace("Opened a regional office", "Opened  a REGIONAL office");
    assert_eq!(record_reader::core::open::from_bytes(respaced.as_bytes(), None).unwrap().id, a.id);
    // A record with fixed metadata (the built-in one) keeps the id its notes have had.
    let seed = embedded().unwrap();
    assert_eq!((seed.id.as_str(), seed.former_id.as_deref()), ("doc-e48caece25363a67", None));
}

#[test]
fn notes_written_before_open_unchanged_on_the_same_records() {
    let dir = notes_written_before();
    let (y1998, said) = list(dir.path(), &fixture("annual-report-1998.md"));
    assert_eq!(
        placed(&y1998),
        [("\"1.1\"".into(), "Nairobi office: 1998".into(), false), ("\"1.3\"".into(), "judges 1998".into(), false)],
        "{said}"
    );
    assert!(said.contains("2 of the 3 note(s)") && said.contains(SHARED_ID), "{said}");
    assert_eq!(y1998[1]["quote"], "two hundred judges");
    assert_eq!(y1998[0]["tags"][0], "offices");
    let (y1999, said) = list(dir.path(), &fixture("annual-report-1999.md"));
    assert_eq!(placed(&y1999), [("\"1.2\"".into(), "Serbia press: 1999".into(), false)], "{said}");
    assert!(said.contains("1 of the 3 note(s)"), "{said}");
    // Once: opened again, each has its own file and says nothing more.
    let (again, said) = list(dir.path(), &fixture("annual-report-1998.md"));
    assert_eq!(placed(&again), placed(&y1998));
    assert!(!said.contains("former id"), "{said}");
    let (ids_1998, ids_1999) = (
        open_path(&fixture("annual-report-1998.md")).unwrap().id,
        open_path(&fixture("annual-report-1999.md")).unwrap().id,
    );
    assert!(notes_path(dir.path(), &ids_1998).exists() && notes_path(dir.path(), &ids_1999).exists());
    // The shared file is left as it was written.
    let before = std::fs::read(fixture("notes/written-by-dd520e4-shared-id.notes.ron")).unwrap();
    assert_eq!(std::fs::read(notes_path(dir.path(), SHARED_ID)).unwrap(), before);
}

#[test]
fn a_record_s_own_notes_file_of_before_is_moved_to_its_id_once() {
    let dir = tempfile::tempdir().unwrap();
    let doc = open_path(&fixture("fact-sheet.md")).unwrap();
    let former = doc.former_id.clone().unwrap();
    // As the version before wrote it: under the id of the quote, introduction and headings.
    let mut before = NotesStore::open(dir.path(), &former);
    let (_, entry) = doc.find_entry("1.1").unwrap();
    let mut note = Note::on_entry(&doc, entry, "kept");
    note.anchor.doc_id.clone_from(&former);
    let id = note.id;
    before.put(note);
    before.save().unwrap();

    let store = NotesStore::open_document(dir.path(), &doc);
    assert!(
        store.warnings[0].contains("under its former id") && store.warnings[0].contains(&former),
        "{:?}",
        store.warnings
    );
    assert_eq!(store.warnings.len(), 1, "{:?}", store.warnings);
    assert_eq!(store.notes[&id].body, "kept");
    assert_eq!(store.notes[&id].anchor.doc_id, doc.id);
    assert!(!notes_path(dir.path(), &former).exists(), "the former name stays");
    assert!(
        std::fs::read_to_string(notes_path(dir.path(), &doc.id)).unwrap().contains(&format!("doc_id: \"{}\"", doc.id))
    );
    let again = NotesStore::open_document(dir.path(), &doc);
    assert!(again.warnings.is_empty() && again.notes.contains_key(&id), "{:?}", again.warnings);
}

#[cfg(unix)]
#[test]
fn a_notes_file_of_before_linked_into_a_synced_folder_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let synced = tempfile::tempdir().unwrap();
    let doc = open_path(&fixture("fact-sheet.md")).unwrap();
    let former = doc.former_id.clone().unwrap();
    let mut before = NotesStore::open(synced.path(), &former);
    before.put(Note::on_entry(&doc, doc.find_entry("1.2").unwrap().1, "synced"));
    before.save().unwrap();
    std::os::unix::fs::symlink(&before.path, notes_path(dir.path(), &former)).unwrap();

    let store = NotesStore::open_document(dir.path(), &doc);
    assert_eq!(store.live().next().unwrap().body, "synced");
    let link = notes_path(dir.path(), &doc.id);
    assert_eq!(std::fs::read_link(&link).unwrap(), before.path, "the link leads where it did");
    assert!(std::fs::read_to_string(&before.path).unwrap().contains(&doc.id));
}

#[test]
fn the_library_files_each_report_s_notes_under_its_own_title() {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("records");
    std::fs::create_dir_all(&records).unwrap();
    for name in ["annual-report-1998.md", "annual-report-1999.md"] {
        std::fs::copy(fixture(name), records.join(name)).unwrap();
    }
    let notes = notes_written_before();
    let library = tmp.path().join("library");
    let run = |args: &[&str]| {
        let folders = ["--notes-dir".as_ref(), notes.path().as_os_str(), "--library-dir".as_ref(), library.as_os_str()];
        let out = cli::run(std::iter::once(OsStr::new("library")).chain(folders).chain(args.iter().map(OsStr::new)));
        assert!(out.success(), "{args:?}: {}", out.stderr);
        out.stderr
    };
    let said = run(&["add", records.to_str().unwrap()]);
    assert!(said.contains("former id"), "{said}");
    let md = tmp.path().join("notes.md");
    run(&["export", "--format", "md", "-o", md.to_str().unwrap()]);
    let text = std::fs::read_to_string(&md).unwrap();
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} is not in\n{text}"));
    let (t1998, t1999) = (at("Annual Report 1998\n"), at("Annual Report 1999\n"));
    let (nairobi, judges, serbia) = (at("Nairobi office"), at("judges 1998"), at("Serbia press"));
    assert!(t1998 < nairobi && nairobi < t1999 && judges < t1999 && t1999 < serbia, "{text}");
    assert_eq!(text.matches("Nairobi office").count(), 1, "{text}");
}

#[test]
fn the_built_in_record_keeps_its_notes_when_an_edited_copy_of_it_opens() {
    let dir = tempfile::tempdir().unwrap();
    let seed = embedded().unwrap();
    let mut own = NotesStore::open(dir.path(), &seed.id);
    own.put(Note::on_entry(&seed, seed.find_entry("1.11").unwrap().1, "on the built-in record"));
    own.save().unwrap();
    // Its text from a file is the built-in record itself.
    let same =
        record_reader::core::open::from_bytes(record_reader::core::open::EMBEDDED_TEXT.as_bytes(), None).unwrap();
    assert_eq!((same.id.as_str(), same.former_id.as_deref()), (seed.id.as_str(), None));
    // Edited, it is another record: it takes a copy, and the built-in record keeps its file.
    let text = record_reader::core::open::EMBEDDED_TEXT
        .replace("fewer fraudulent ones.", "fewer fraudulent ones, as reported.");
    let edited = record_reader::core::open::from_bytes(text.as_bytes(), None).unwrap();
    let copy = NotesStore::open_document(dir.path(), &edited);
    assert_eq!(copy.live().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["on the built-in record"]);
    assert!(copy.warnings[0].contains("built-in record"), "{:?}", copy.warnings);
    let again = NotesStore::open_document(dir.path(), &seed);
    assert_eq!(again.live().count(), 1, "the built-in record lost its notes");
}

/// The id the release before the blocks readers (6f0cb70) gave `lead-in-groups.md`, which
/// it read as one list under "Entries"; its notes file, written by that release's
/// `notes add`, is `tests/fixtures/notes/written-by-6f0cb70-lead-in-groups.notes.ron`.
const READ_BEFORE_ID: &str = "doc-95748bc160859b6d";

/// A record read better now (its lead-in groups found) has another id; the notes made on it
/// before are found by their passages, copied to its own notes file and shown on the entries
/// they were made on; the file they were in is left as it was.
#[test]
fn notes_made_on_an_earlier_reading_of_a_record_are_shown_on_it() {
    let dir = tempfile::tempdir().unwrap();
    let before = notes_path(dir.path(), READ_BEFORE_ID);
    std::fs::copy(fixture("notes/written-by-6f0cb70-lead-in-groups.notes.ron"), &before).unwrap();
    // Another record's notes in the same folder are not on this one: never copied.
    std::fs::copy(fixture("notes/written-by-dd520e4-shared-id.notes.ron"), notes_path(dir.path(), SHARED_ID)).unwrap();
    let written = std::fs::read(&before).unwrap();
    let record = fixture("lead-in-groups.md");
    let doc = open_path(&record).unwrap();
    assert_ne!(doc.id, READ_BEFORE_ID, "the record is read better now: another id");
    let (listed, stderr) = list(dir.path(), &record);
    assert_eq!(
        placed(&listed),
        [
            ("\"1.1\"".to_owned(), "Norway co-hosted.".to_owned(), false),
            ("\"2.2\"".to_owned(), "Check the 2023 report.".to_owned(), false),
        ],
        "{stderr}"
    );
    assert!(stderr.contains("read before") && stderr.contains(READ_BEFORE_ID), "{stderr}");
    assert_eq!(std::fs::read(&before).unwrap(), written, "the file they were in is left as it was");
    assert!(notes_path(dir.path(), &doc.id).exists());
    // Once copied, the record's own file is read: nothing is copied again.
    let (again, stderr) = list(dir.path(), &record);
    assert_eq!(placed(&again).len(), 2);
    assert!(!stderr.contains("read before"), "{stderr}");
    // A record none of whose notes files is its own takes none.
    let other = fixture("fact-sheet.md");
    let (none, _) = list(dir.path(), &other);
    assert!(none.as_array().unwrap().is_empty(), "{none}");
}
