//! The library against real records in temporary folders.

use super::*;
use crate::core::notes::{Note, NotesStore};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

struct Setup {
    _tmp: tempfile::TempDir,
    records: PathBuf,
    notes: PathBuf,
    lib_dir: PathBuf,
    lib: Library,
}

/// The built-in record's title and address, as the reader would give them in its details.
const SEED_DETAILS: &str = r#"(
    title: Some("Promoting Democracy and Human Rights"),
    url: Some("https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html"),
)"#;

const FIXTURES: [&str; 3] = ["essay-no-bullets.txt", "fact-sheet.md", "saved-page.html"];

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("records");
    std::fs::create_dir_all(records.join("sub")).unwrap();
    std::fs::write(records.join("seed.txt"), crate::core::open::EMBEDDED_TEXT).unwrap();
    std::fs::write(records.join("seed.txt.record.ron"), SEED_DETAILS).unwrap();
    for f in FIXTURES {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(f);
        std::fs::copy(from, records.join("sub").join(f)).unwrap();
    }
    // Not records, or not to be read: skipped without a word.
    std::fs::create_dir_all(records.join(".hidden")).unwrap();
    std::fs::write(records.join(".hidden/secret.txt"), "Hidden\n\nSection\n\n  • An entry.\n").unwrap();
    std::fs::write(records.join("picture.png"), [0x89, b'P', b'N', b'G']).unwrap();
    // A record file that cannot be read: listed with why.
    std::fs::write(records.join("empty.txt"), "").unwrap();
    let notes = tmp.path().join("notes");
    let lib_dir = tmp.path().join("library");
    std::fs::create_dir_all(&lib_dir).unwrap();
    let mut lib = Library::open(&lib_dir, &notes).unwrap();
    lib.add_folder(&records).unwrap();
    let records = std::fs::canonicalize(records).unwrap();
    Setup { _tmp: tmp, records, notes, lib_dir, lib }
}

fn scan(lib: &Library) -> ScanReport {
    lib.scan(&|_| {}, &AtomicBool::new(false)).unwrap()
}

fn numbers(hits: &[Hit]) -> Vec<String> {
    hits.iter().map(|h| format!("{}:{}", h.path.file_name().unwrap().to_string_lossy(), h.number)).collect()
}

#[test]
fn a_library_can_be_used_from_another_thread() {
    fn send_and_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_and_sync::<Library>();
    send::<watch::LibraryWatcher>();
}

#[test]
fn a_scan_indexes_every_record_and_lists_what_it_could_not_read() {
    let s = setup();
    let seen = std::sync::Mutex::new(Vec::new());
    let report = s.lib.scan(&|p| seen.lock().unwrap().push((p.done, p.total)), &AtomicBool::new(false)).unwrap();
    assert_eq!((report.found, report.indexed, report.unreadable, report.cancelled), (5, 5, 1, false), "{report:?}");
    let mut seen = seen.into_inner().unwrap();
    seen.sort_unstable();
    assert_eq!(seen.last(), Some(&(5, 5)));
    let records = s.lib.records().unwrap();
    assert_eq!(records.len(), 4);
    let seed = records.iter().find(|r| r.path.ends_with("seed.txt")).unwrap();
    assert_eq!(seed.title, "Promoting Democracy and Human Rights");
    assert_eq!(
        (seed.entries, seed.date.as_deref(), seed.administration),
        (37, Some("1995-10-06"), Administration::Clinton)
    );
    assert!(seed.regions.contains(&"AF".to_owned()), "{:?}", seed.regions);
    let unreadable = s.lib.unreadable().unwrap();
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].path.ends_with("empty.txt") && unreadable[0].reason.contains("empty"), "{unreadable:?}");
    // A second scan reads nothing again.
    let again = scan(&s.lib);
    assert_eq!((again.found, again.indexed, again.unchanged, again.removed), (5, 0, 5, 0));
}

#[test]
fn search_ranks_words_phrases_and_filters() {
    let s = setup();
    scan(&s.lib);
    let hits = s.lib.search("SIERRA leone", 10).unwrap();
    assert_eq!(numbers(&hits)[0], "seed.txt:3.2", "{hits:#?}");
    let top = &hits[0];
    assert_eq!(
        (top.title.as_str(), top.section.as_str()),
        ("Promoting Democracy and Human Rights", "Bringing War Criminals to Justice")
    );
    let marked: Vec<&str> = top.snippet.matches.iter().map(|r| &top.snippet.text[r.clone()]).collect();
    assert_eq!(marked, ["Sierra", "Leone"]);
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    // A phrase must be whole and in order.
    assert!(!s.lib.search("\"leone sierra\"", 10).unwrap().iter().any(|h| h.number == "3.2"));
    // Filters: region, country, year, and both with words.
    let africa = s.lib.search("democracy region:AF", 50).unwrap();
    assert!(!africa.is_empty());
    let everywhere = s.lib.search("democracy", 50).unwrap();
    assert!(africa.len() < everywhere.len());
    let nigeria = s.lib.search("country:NG", 50).unwrap();
    assert!(numbers(&nigeria).contains(&"seed.txt:1.9".to_owned()), "{:?}", numbers(&nigeria));
    assert!(nigeria.iter().all(|h| h.snippet.matches.is_empty() && !h.snippet.text.is_empty()));
    // A country by its name or an alias, as the sidebar finds it.
    assert_eq!(numbers(&s.lib.search("country:Nigeria", 50).unwrap()), numbers(&nigeria));
    let burma = numbers(&s.lib.search("country:burma", 50).unwrap());
    assert!(!burma.is_empty());
    assert_eq!(numbers(&s.lib.search("country:MM", 50).unwrap()), burma);
    let e = s.lib.search("country:Narnia", 10).unwrap_err();
    assert!(matches!(e, LibraryError::Query(QueryError::BadCountry { .. })), "{e}");
    assert!(s.lib.search("democracy year:1994..1996", 50).unwrap().iter().all(|h| h.path.ends_with("seed.txt")));
    assert!(!s.lib.search("democracy year:2022", 50).unwrap().iter().any(|h| h.path.ends_with("seed.txt")));
    assert!(s.lib.search("democracy year:1990", 50).unwrap().is_empty());
    // Catalogue cards are never hits.
    assert!(s.lib.search("year:1995", 500).unwrap().iter().all(|h| !h.number.is_empty()));
    let e = s.lib.search("speaker:clinton", 10).unwrap_err();
    assert!(matches!(e, LibraryError::Query(QueryError::UnknownField { .. })), "{e}");
    assert!(matches!(s.lib.search("— …", 10).unwrap_err(), LibraryError::Query(QueryError::Empty)));
}

#[test]
fn a_rescan_takes_in_an_edit_an_added_file_and_a_removed_one() {
    let s = setup();
    scan(&s.lib);
    assert!(s.lib.search("zanzibarian", 10).unwrap().is_empty());
    let seed = s.records.join("seed.txt");
    let edited = crate::core::open::EMBEDDED_TEXT.replace("Sierra Leone", "Sierra Leone and the zanzibarian coast");
    std::fs::write(&seed, edited).unwrap();
    std::fs::copy(s.records.join("sub/essay-no-bullets.txt"), s.records.join("sub/added.txt")).unwrap();
    std::fs::remove_file(s.records.join("sub/fact-sheet.md")).unwrap();
    let report = scan(&s.lib);
    assert_eq!((report.indexed, report.removed, report.unchanged), (2, 1, 3), "{report:?}");
    assert_eq!(numbers(&s.lib.search("zanzibarian", 10).unwrap()), ["seed.txt:3.2"]);
    let malawi = numbers(&s.lib.search("malawi", 10).unwrap());
    assert!(malawi.contains(&"added.txt:1.2".to_owned()) && malawi.len() == 2, "{malawi:?}");
    assert!(s.lib.search("corruption", 10).unwrap().iter().all(|h| !h.path.ends_with("fact-sheet.md")));
    assert!(!s.lib.records().unwrap().iter().any(|r| r.path.ends_with("fact-sheet.md")));
    // One file at a time, as the watcher does it.
    std::fs::remove_file(s.records.join("sub/added.txt")).unwrap();
    assert_eq!(s.lib.reindex_path(&s.records.join("sub/added.txt")).unwrap(), Reindexed::Removed(1));
    assert_eq!(numbers(&s.lib.search("malawi", 10).unwrap()).len(), 1);
    assert_eq!(s.lib.reindex_path(&s.records.join("picture.png")).unwrap(), Reindexed::Ignored);
    assert_eq!(s.lib.reindex_path(Path::new("/elsewhere/x.txt")).unwrap(), Reindexed::Ignored);
}

#[test]
fn note_tags_and_has_note_follow_the_notes_file() {
    let s = setup();
    scan(&s.lib);
    assert!(s.lib.search("has:note", 10).unwrap().is_empty());
    let doc = crate::core::open::open_path(&s.records.join("seed.txt")).unwrap();
    let (_, entry) = doc.find_entry("3.2").unwrap();
    let mut store = NotesStore::open(&s.notes, &doc.id);
    let mut note = Note::on_entry(&doc, entry, "Compare with the court's statute.");
    note.tags = vec!["sanctions".to_owned()];
    store.put(note);
    store.save().unwrap();
    assert_eq!(s.lib.refresh_notes().unwrap(), 1);
    assert_eq!(numbers(&s.lib.search("tag:sanctions", 10).unwrap()), ["seed.txt:3.2"]);
    assert_eq!(numbers(&s.lib.search("has:note court", 10).unwrap()), ["seed.txt:3.2"]);
    let seed = s.lib.records().unwrap().into_iter().find(|r| r.path.ends_with("seed.txt")).unwrap();
    assert_eq!(seed.notes, 1);
    // Nothing changed: nothing read again.
    assert_eq!(s.lib.refresh_notes().unwrap(), 0);
    // The notes file as the watcher reports it.
    let file = crate::core::notes::store::notes_path(&s.notes, &doc.id);
    std::fs::remove_file(&file).unwrap();
    assert_eq!(s.lib.reindex_path(&file).unwrap(), Reindexed::Notes(1));
    assert!(s.lib.search("tag:sanctions", 10).unwrap().is_empty());
}

#[test]
fn author_finds_the_entries_a_person_wrote_notes_on_by_name_or_id() {
    use crate::core::notes::Author;
    let s = setup();
    scan(&s.lib);
    let doc = crate::core::open::open_path(&s.records.join("seed.txt")).unwrap();
    let mut store = NotesStore::open(&s.notes, &doc.id);
    let ada = Author { name: "Ada Lovelace".into(), id: Some("ada@example.org".into()) };
    store.put(Note::on_entry(&doc, doc.find_entry("3.2").unwrap().1, "Ada's").by(&ada));
    store.put(Note::on_entry(&doc, doc.find_entry("1.1").unwrap().1, "Grace's").by(&Author::named("Grace")));
    store.save().unwrap();
    assert_eq!(s.lib.refresh_notes().unwrap(), 1);
    assert_eq!(numbers(&s.lib.search(r#"author:"ada  LOVELACE""#, 10).unwrap()), ["seed.txt:3.2"]);
    assert_eq!(numbers(&s.lib.search("author:ada@example.org", 10).unwrap()), ["seed.txt:3.2"]);
    assert_eq!(numbers(&s.lib.search("author:grace", 10).unwrap()), ["seed.txt:1.1"]);
    assert!(s.lib.search("author:Ada", 10).unwrap().is_empty(), "the whole name, not a part of it");
    assert!(s.lib.search("author:nobody", 10).unwrap().is_empty());
}

#[test]
fn the_watcher_reports_a_new_file_and_it_is_indexed() {
    let s = setup();
    scan(&s.lib);
    let watcher = s.lib.watch().unwrap();
    let new = s.records.join("sub/new-record.txt");
    std::fs::write(&new, "Watched Record\n\nQuokkas\n\n  • Counted the quokkas of Rottnest Island.\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut found = false;
    while !found && Instant::now() < deadline {
        if let Ok(watch::WatchEvent::Changed(path)) = watcher.events.recv_timeout(Duration::from_millis(200)) {
            s.lib.reindex_path(&path).unwrap();
        }
        found = !s.lib.search("quokkas", 10).unwrap().is_empty();
    }
    assert!(found, "the new file was not indexed within 20 s");
}

#[test]
fn the_watcher_reports_a_notes_file_and_its_tags_are_indexed() {
    let s = setup();
    scan(&s.lib);
    std::fs::create_dir_all(&s.notes).unwrap();
    let watcher = s.lib.watch().unwrap();
    let doc = crate::core::open::open_path(&s.records.join("seed.txt")).unwrap();
    let (_, entry) = doc.find_entry("1.9").unwrap();
    let mut store = NotesStore::open(&s.notes, &doc.id);
    let mut note = Note::on_entry(&doc, entry, "Watched.");
    note.tags = vec!["watched-tag".to_owned()];
    store.put(note);
    store.save().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut found = false;
    while !found && Instant::now() < deadline {
        if let Ok(watch::WatchEvent::Changed(path)) = watcher.events.recv_timeout(Duration::from_millis(200)) {
            s.lib.reindex_path(&path).unwrap();
        }
        found = !s.lib.search("tag:watched-tag", 10).unwrap().is_empty();
    }
    assert!(found, "the note's tag was not indexed within 20 s");
}

#[test]
fn a_cancelled_scan_keeps_nothing_half_done_and_the_next_scan_finishes() {
    let s = setup();
    let report = s.lib.scan(&|_| {}, &AtomicBool::new(true)).unwrap();
    assert!(report.cancelled && report.indexed == 0, "{report:?}");
    assert!(s.lib.records().unwrap().is_empty());
    assert_eq!(scan(&s.lib).indexed, 5);
}

#[test]
fn folders_are_kept_and_removing_one_takes_its_records_out() {
    let mut s = setup();
    scan(&s.lib);
    let reopened = Library::open(&s.lib_dir, &s.notes).unwrap();
    assert_eq!(reopened.folders(), [s.records.clone()]);
    assert_eq!(reopened.records().unwrap().len(), 4);
    drop(reopened);
    let e = s.lib.remove_folder(Path::new("/not/added")).unwrap_err().to_string();
    assert!(e.contains("not a folder of the library") && e.contains(&*s.records.to_string_lossy()), "{e}");
    assert!(s.lib.add_folder(&s.records.join("seed.txt")).unwrap_err().to_string().contains("not a folder"));
    s.lib.remove_folder(&s.records).unwrap();
    assert!(s.lib.records().unwrap().is_empty() && s.lib.unreadable().unwrap().is_empty());
    assert!(Library::open(&s.lib_dir, &s.notes).unwrap().folders().is_empty());
}

#[test]
fn a_locked_or_damaged_index_says_what_to_do() {
    let s = setup();
    scan(&s.lib);
    let writer = s.lib.writer().unwrap();
    let other = Library::open(&s.lib_dir, &s.notes).unwrap();
    std::fs::write(s.records.join("more.txt"), "More\n\nPart\n\n  • Another entry about Chad.\n").unwrap();
    let e = other.reindex_path(&s.records.join("more.txt")).unwrap_err();
    assert!(matches!(e, LibraryError::Locked { .. }), "{e}");
    drop(writer);
    drop(other);
    let meta = s.lib_dir.join(INDEX_DIR).join("meta.json");
    std::fs::write(&meta, "{ not json").unwrap();
    let e = Library::open(&s.lib_dir, &s.notes).unwrap_err();
    assert!(matches!(e, LibraryError::Corrupt { .. }) && e.to_string().contains("library rebuild"), "{e}");
    let rebuilt = Library::rebuild(&s.lib_dir, &s.notes).unwrap();
    assert_eq!(scan(&rebuilt).indexed, 6);
    assert!(!rebuilt.search("chad", 10).unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_walked_once_and_listed() {
    let s = setup();
    std::os::unix::fs::symlink(&s.records, s.records.join("sub/loop")).unwrap();
    // Two links that lead to each other: nowhere.
    std::os::unix::fs::symlink(s.records.join("b.txt"), s.records.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(s.records.join("a.txt"), s.records.join("b.txt")).unwrap();
    let mut warnings = Vec::new();
    let found = index::walk(s.lib.folders(), &mut warnings);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(warnings.iter().any(|w| w.contains("sub/loop") && w.contains("a loop")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("a.txt") && w.contains("leads nowhere")), "{warnings:?}");
}

/// A folder outside the library with a record in it, and a link to it in the records.
#[cfg(unix)]
fn link_to_a_folder_outside(s: &Setup) -> PathBuf {
    let outside = s.records.parent().unwrap().join("outside");
    std::fs::create_dir_all(outside.join("deeper")).unwrap();
    std::fs::write(outside.join("deeper/far.txt"), "Far Away\n\nPart\n\n  • An entry about the wombats of Peru.\n")
        .unwrap();
    std::os::unix::fs::symlink(&outside, s.records.join("sub/out")).unwrap();
    outside
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_outside_the_library_is_not_followed() {
    let s = setup();
    let outside = link_to_a_folder_outside(&s);
    let mut warnings = Vec::new();
    let found = index::walk(s.lib.folders(), &mut warnings);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(found.iter().all(|(p, _)| p.starts_with(&s.records)), "{found:?}");
    let said = warnings.iter().find(|w| w.contains("sub/out")).expect("the link is listed");
    assert!(said.contains(&*outside.to_string_lossy()) && said.contains("outside the library"), "{said}");
    let report = scan(&s.lib);
    assert!(report.warnings.iter().any(|w| w.contains("sub/out")), "{report:?}");
    assert!(s.lib.search("wombats", 10).unwrap().is_empty(), "a record outside was indexed");
    // As the watcher reports the link: the same rule.
    assert!(matches!(s.lib.reindex_path(&s.records.join("sub/out")).unwrap(), Reindexed::Scanned(_)));
    assert!(s.lib.reindex_path(&outside.join("deeper/far.txt")).unwrap() == Reindexed::Ignored);
    assert!(s.lib.search("wombats", 10).unwrap().is_empty(), "a record outside was indexed");
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_library_is_indexed_once_under_the_real_path() {
    let s = setup();
    // A link to a folder of the library, and links to files in it and outside it.
    std::os::unix::fs::symlink(s.records.join("sub"), s.records.join("sub-again")).unwrap();
    std::os::unix::fs::symlink(s.records.join("seed.txt"), s.records.join("alias.txt")).unwrap();
    std::fs::hard_link(s.records.join("seed.txt"), s.records.join("hard.txt")).unwrap();
    let elsewhere = s.records.parent().unwrap().join("elsewhere.txt");
    std::fs::write(&elsewhere, "Elsewhere\n\nPart\n\n  • An entry about the quolls of Chad.\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, s.records.join("linked.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", s.records.join("zero.txt")).unwrap();
    let mut warnings = Vec::new();
    let found = index::walk(s.lib.folders(), &mut warnings);
    let names: Vec<String> =
        found.iter().map(|(p, _)| p.strip_prefix(&s.records).unwrap().display().to_string()).collect();
    // seed.txt, hard.txt and alias.txt are one file: under the first real path in order.
    // The files of sub-again are those of sub. linked.txt leads outside: under its own path.
    let expected =
        ["empty.txt", "hard.txt", "linked.txt", "sub/essay-no-bullets.txt", "sub/fact-sheet.md", "sub/saved-page.html"];
    assert_eq!(names, expected, "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("zero.txt") && w.contains("not a regular file")), "{warnings:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn the_system_s_pseudo_file_systems_are_skipped_and_listed() {
    if !Path::new("/proc/self").exists() {
        return; // no /proc here to try
    }
    let mut warnings = Vec::new();
    let found = index::walk(&[PathBuf::from("/proc")], &mut warnings);
    assert!(found.is_empty(), "{} files of /proc", found.len());
    assert!(warnings.iter().any(|w| w.contains("/proc") && w.contains("proc")), "{warnings:?}");
}

#[cfg(unix)]
#[test]
fn the_watcher_does_not_follow_a_link_out_of_the_library() {
    let s = setup();
    scan(&s.lib);
    let outside = link_to_a_folder_outside(&s);
    let watcher = s.lib.watch().unwrap();
    // A change outside, then one inside: the events of one watcher come in order, so once
    // the second is reported, the first would have been.
    std::fs::write(outside.join("deeper/new.txt"), "New\n\nPart\n\n  • About Chad.\n").unwrap();
    let sentinel = s.records.join("sub/sentinel.txt");
    std::fs::write(&sentinel, "Sentinel\n\nPart\n\n  • About Peru.\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while !seen.contains(&sentinel) && Instant::now() < deadline {
        if let Ok(watch::WatchEvent::Changed(path)) = watcher.events.recv_timeout(Duration::from_millis(200)) {
            seen.push(path);
        }
    }
    assert!(seen.contains(&sentinel), "the change inside was not reported within 20 s: {seen:?}");
    let out = s.records.join("sub/out");
    assert!(!seen.iter().any(|p| p.starts_with(&out) || p.starts_with(&outside)), "{seen:?}");
}

#[test]
fn many_small_changes_do_not_pile_up_segments() {
    let s = setup();
    scan(&s.lib);
    let file = s.records.join("sub/essay-no-bullets.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    for i in 0..40 {
        std::fs::write(&file, format!("{text}\nMore\n\nIn {i} more aid was given.\n")).unwrap();
        assert!(matches!(s.lib.reindex_path(&file).unwrap(), Reindexed::Record { .. }));
    }
    let segments = s.lib.index.searchable_segment_ids().unwrap().len();
    assert!(segments <= index::MAX_SEGMENTS + 1, "{segments} segments");
    assert_eq!(numbers(&s.lib.search("malawi", 10).unwrap()), ["essay-no-bullets.txt:1.2"]);
}

#[test]
fn a_change_waits_for_another_writer_to_finish() {
    let s = setup();
    scan(&s.lib);
    let writer = s.lib.writer().unwrap();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(writer);
    });
    let file = s.records.join("later.txt");
    std::fs::write(&file, "Later\n\nPart\n\n  • Observers went to Benin.\n").unwrap();
    assert!(matches!(s.lib.reindex_path(&file).unwrap(), Reindexed::Record { entries: 1 }));
    releaser.join().unwrap();
    assert!(!s.lib.search("benin", 10).unwrap().is_empty());
}

#[test]
fn words_are_found_by_their_stem() {
    let s = setup();
    scan(&s.lib);
    // The seed says "refugees" and "elections"; a reader types the singular.
    let plural = numbers(&s.lib.search("refugees", 50).unwrap());
    assert!(!plural.is_empty());
    assert_eq!(numbers(&s.lib.search("refugee", 50).unwrap()), plural);
    assert_eq!(numbers(&s.lib.search("election", 50).unwrap()), numbers(&s.lib.search("elections", 50).unwrap()));
}

#[test]
fn an_index_of_another_layout_is_made_again_and_filled_by_the_next_scan() {
    let s = setup();
    let first = scan(&s.lib).indexed;
    drop(s.lib);
    // An index another version wrote, with other fields.
    let index_dir = s.lib_dir.join(INDEX_DIR);
    std::fs::remove_dir_all(&index_dir).unwrap();
    std::fs::create_dir_all(&index_dir).unwrap();
    let mut b = tantivy::schema::Schema::builder();
    b.add_text_field("body", tantivy::schema::TEXT);
    Index::create_in_dir(&index_dir, b.build()).unwrap();
    let lib = Library::open(&s.lib_dir, &s.notes).unwrap();
    assert_eq!(lib.folders().len(), 1, "the folders are kept");
    assert_eq!(scan(&lib).indexed, first, "every record read again");
    assert!(!lib.search("refugees", 10).unwrap().is_empty());
}

#[test]
fn a_markdown_record_is_filed_under_its_front_matter_date() {
    let s = setup();
    scan(&s.lib);
    // Its front matter says 2022-03-29; its quote was said in 2021.
    let fact_sheet = |query: &str| s.lib.search(query, 50).unwrap().iter().any(|h| h.path.ends_with("fact-sheet.md"));
    assert!(fact_sheet("journalists year:2022"));
    assert!(!fact_sheet("journalists year:2021"));
    let card = s.lib.records().unwrap().into_iter().find(|r| r.path.ends_with("fact-sheet.md")).unwrap();
    assert_eq!(card.date.as_deref(), Some("2022-03-29"));
}

#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_listed_is_skipped_and_listed() {
    use std::os::unix::fs::PermissionsExt as _;
    let s = setup();
    let locked = s.records.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("inside.txt"), "Locked\n\nPart\n\n  • About Chad.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = std::fs::read_dir(&locked).is_ok(); // root reads every folder
    let mut warnings = Vec::new();
    let found = index::walk(s.lib.folders(), &mut warnings);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable_anyway {
        return;
    }
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(warnings.iter().any(|w| w.contains("locked") && w.contains("could not be listed")), "{warnings:?}");
}

#[test]
fn an_index_made_with_tantivys_own_stemmer_is_made_again_with_core_stems() {
    let s = setup();
    let first = scan(&s.lib).indexed;
    drop(s.lib);
    // The layout before core::stem: the same fields, tantivy's `en_stem` for the text.
    let index_dir = s.lib_dir.join(INDEX_DIR);
    std::fs::remove_dir_all(&index_dir).unwrap();
    std::fs::create_dir_all(&index_dir).unwrap();
    let (schema, _) = Fields::schema();
    let json = serde_json::to_string(&schema).unwrap();
    assert!(json.contains(&format!("\"{}\"", crate::core::stem::ANALYZER)));
    let before: tantivy::schema::Schema =
        serde_json::from_str(&json.replace(crate::core::stem::ANALYZER, "en_stem")).unwrap();
    Index::create_in_dir(&index_dir, before).unwrap();
    let lib = Library::open(&s.lib_dir, &s.notes).unwrap();
    assert_eq!(lib.index.schema(), schema, "made again with the analyzer Find shares");
    assert_eq!(scan(&lib).indexed, first);
    assert_eq!(numbers(&lib.search("refugee", 50).unwrap()), numbers(&lib.search("refugees", 50).unwrap()));
}
