//! The notes file against hostile files and a hostile folder: planted links, links the user
//! made, duplicate ids, bytes that are not UTF-8, fields from a newer version, temp files of
//! an interrupted save, pipes and devices, and orphans that are expensive to look for.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::notes::anchor::{Placement, reanchor};
use record_reader::core::notes::store::notes_path;
use record_reader::core::notes::{Note, NotesStore, SaveState};
use record_reader::core::open::embedded;
use std::path::{Path, PathBuf};
use time::Duration;

fn doc() -> record_reader::core::Document {
    embedded().unwrap()
}

fn note(doc: &record_reader::core::Document, number: &str, body: &str) -> Note {
    Note::on_entry(doc, doc.find_entry(number).unwrap().1, body)
}

/// A notes file of these notes, as this program writes it.
fn write_notes(dir: &Path, notes: &[Note]) -> PathBuf {
    let d = doc();
    let mut s = NotesStore::open(dir, &d.id);
    for n in notes {
        s.put(n.clone());
    }
    s.save().unwrap();
    s.path
}

fn rejected(path: &Path) -> String {
    let mut p = path.as_os_str().to_owned();
    p.push(".rejected");
    std::fs::read_to_string(PathBuf::from(p)).unwrap_or_default()
}

fn stray_temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.contains(".tmp-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_old_temp_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = write_notes(dir.path(), &[note(&d, "1.1", "first")]);
    // Before, the temp file was `<notes>.tmp-<pid>`: a link planted there received the notes.
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let mut planted = path.as_os_str().to_owned();
    planted.push(format!(".tmp-{}", std::process::id()));
    std::os::unix::fs::symlink(&victim, PathBuf::from(&planted)).unwrap();

    let mut s = NotesStore::open(dir.path(), &d.id);
    s.put(note(&d, "1.2", "second"));
    s.save().unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious", "the link's target was written");
    let meta = std::fs::symlink_metadata(&path).unwrap();
    assert!(meta.file_type().is_file(), "the notes file became a link");
    assert!(std::fs::read_to_string(&path).unwrap().contains("second"));
}

#[cfg(unix)]
#[test]
fn a_notes_file_linked_into_a_synced_folder_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let synced = tempfile::tempdir().unwrap();
    let d = doc();
    let target = synced.path().join("democracy.notes.ron");
    let first = write_notes(synced.path(), &[note(&d, "1.1", "first")]);
    std::fs::rename(first, &target).unwrap();
    let path = notes_path(dir.path(), &d.id);
    std::os::unix::fs::symlink(&target, &path).unwrap();

    let mut s = NotesStore::open(dir.path(), &d.id);
    assert_eq!(s.live().count(), 1, "read through the link");
    s.put(note(&d, "1.2", "second"));
    s.save().unwrap();
    assert!(std::fs::symlink_metadata(&path).unwrap().file_type().is_symlink(), "the link was replaced");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("first") && text.contains("second"), "{text}");
    let bak = std::fs::read_to_string(synced.path().join("democracy.notes.ron.bak")).unwrap();
    assert!(bak.contains("first") && !bak.contains("second"), "the backup sits beside the target");
}

#[cfg(unix)]
#[test]
fn the_backup_never_shares_the_notes_files_inode() {
    use std::os::unix::fs::MetadataExt as _;
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = write_notes(dir.path(), &[note(&d, "1.1", "first")]);
    let mut bak = path.as_os_str().to_owned();
    bak.push(".bak");
    let bak = PathBuf::from(bak);
    // What a second writer did before: the .bak made a hard link to the live file. Copying
    // the old file "into" it then truncated both.
    let _ = std::fs::remove_file(&bak);
    std::fs::hard_link(&path, &bak).unwrap();
    let mut s = NotesStore::open(dir.path(), &d.id);
    s.put(note(&d, "1.2", "second"));
    s.save().unwrap();
    let (live, backup) = (std::fs::metadata(&path).unwrap(), std::fs::metadata(&bak).unwrap());
    assert_ne!(live.ino(), backup.ino());
    assert!(std::fs::read_to_string(&path).unwrap().contains("second"));
    let old = std::fs::read_to_string(&bak).unwrap();
    assert!(old.contains("first") && !old.contains("second"), "{old}");
    assert!(stray_temp_files(dir.path()).is_empty());
}

#[test]
fn a_file_holding_one_id_twice_keeps_the_newer_and_sets_the_other_aside() {
    let d = doc();
    let older = note(&d, "1.1", "older text");
    let mut newer = older.clone();
    newer.body = "newer text".into();
    newer.modified += Duration::seconds(5);
    // Either order in the file.
    for (first, second) in [(&newer, &older), (&older, &newer)] {
        let dir = tempfile::tempdir().unwrap();
        let path = write_notes(dir.path(), std::slice::from_ref(first));
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text.lines().find(|l| l.contains("(id:")).unwrap();
        let other_line = line.replace(&format!("\"{}\"", first.body), &format!("\"{}\"", second.body)).replace(
            &first.modified.format(&time::format_description::well_known::Rfc3339).unwrap(),
            &second.modified.format(&time::format_description::well_known::Rfc3339).unwrap(),
        );
        std::fs::write(&path, text.replace(line, &format!("{line}\n{other_line}"))).unwrap();

        let mut s = NotesStore::open(dir.path(), &d.id);
        assert!(!s.is_read_only(), "{:?}", s.read_only);
        assert_eq!(s.notes.len(), 1);
        assert_eq!(s.notes.values().next().unwrap().body, "newer text");
        assert!(s.warnings.iter().any(|w| w.contains("set aside")), "{:?}", s.warnings);
        assert!(rejected(&path).contains("older text"), "the other record is kept in .rejected");
        // Two saves later, the newer text is still there.
        s.put(note(&d, "1.2", "another"));
        s.save().unwrap();
        s.put(note(&d, "1.3", "and another"));
        s.save().unwrap();
        let again = NotesStore::open(dir.path(), &d.id);
        assert!(again.notes.values().any(|n| n.body == "newer text"));
        assert!(!std::fs::read_to_string(&path).unwrap().contains("older text"));
    }
}

#[test]
fn a_record_with_bytes_that_are_not_utf8_is_set_aside_and_the_rest_load() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = write_notes(dir.path(), &[note(&d, "1.1", "caf\u{e9} one"), note(&d, "1.2", "two")]);
    let mut bytes = std::fs::read(&path).unwrap();
    // "café" in Latin-1, as a sync tool or an editor might leave it.
    let at = bytes.windows(4).position(|w| w == b"caf\xc3").unwrap();
    bytes.splice(at + 3..at + 5, [0xe9]);
    std::fs::write(&path, &bytes).unwrap();

    let s = NotesStore::open(dir.path(), &d.id);
    assert!(!s.is_read_only(), "one bad record made the whole file read-only: {:?}", s.read_only);
    assert_eq!(s.notes.len(), 2);
    assert!(s.notes.values().any(|n| n.body == "caf\u{fffd} one"), "kept, with a replacement character");
    let mut rejected_path = path.as_os_str().to_owned();
    rejected_path.push(".rejected");
    let set_aside = std::fs::read(PathBuf::from(rejected_path)).unwrap();
    assert!(set_aside.windows(5).any(|w| w == b"caf\xe9 "), "the record's own bytes are kept");
    assert!(s.warnings.iter().any(|w| w.contains("set aside")), "{:?}", s.warnings);
}

#[test]
fn a_bad_byte_outside_the_notes_keeps_the_file_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = write_notes(dir.path(), &[note(&d, "1.1", "one")]);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut bytes = text.replacen("doc_id: \"", "doc_id: \"\u{0}", 1).into_bytes();
    let at = bytes.iter().position(|b| *b == 0).unwrap();
    bytes[at] = 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let mut s = NotesStore::open(dir.path(), &d.id);
    assert!(s.is_read_only());
    s.put(note(&d, "1.2", "two"));
    assert!(s.save().is_err());
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "never overwritten");
}

#[test]
fn fields_of_a_newer_version_are_written_back() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = write_notes(dir.path(), &[note(&d, "1.1", "one")]);
    let text = std::fs::read_to_string(&path).unwrap();
    let future = ", reviewed_by: Some((name: \"Ada\", at: [1, 2])), stars: 4)";
    let marked = text.replacen("),\n  ]", &format!("{future},\n  ]"), 1);
    assert!(marked.contains("reviewed_by"), "{marked}");
    std::fs::write(&path, &marked).unwrap();

    let mut s = NotesStore::open(dir.path(), &d.id);
    assert!(!s.is_read_only() && s.warnings.is_empty(), "{:?} {:?}", s.read_only, s.warnings);
    let first = *s.notes.keys().next().unwrap();
    s.put(note(&d, "1.2", "two"));
    s.save().unwrap();
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(written.contains("reviewed_by: Some((name: \"Ada\", at: [1, 2]))"), "{written}");
    assert!(written.contains("stars: 4"), "{written}");
    // Still there after the note itself is edited.
    let mut edited = Note::clone(&s.notes[&first]);
    edited.body = "one, edited".into();
    edited.modified += Duration::seconds(1);
    s.put(edited);
    s.save().unwrap();
    let again = NotesStore::open(dir.path(), &d.id);
    assert_eq!(again.notes[&first].extra.len(), 2);
    assert!(std::fs::read_to_string(&path).unwrap().contains("stars: 4"));
}

#[test]
fn temp_files_of_an_interrupted_save_are_recovered_then_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let kept = note(&d, "1.1", "saved before the crash");
    let path = write_notes(dir.path(), std::slice::from_ref(&kept));
    // The save that was interrupted: a newer version of the note and a new one, cut short
    // in the middle of a third.
    let mut edited = kept.clone();
    edited.body = "edited when the power went".into();
    edited.modified += Duration::seconds(5);
    let lost = note(&d, "1.2", "written when the power went");
    let other = tempfile::tempdir().unwrap();
    let full = std::fs::read_to_string(write_notes(other.path(), &[edited, lost, note(&d, "1.3", "cut")])).unwrap();
    let cut = &full[..full.find("\"cut\"").unwrap()];
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let leftover = dir.path().join(format!(".{name}.a8Xk2q.tmp"));
    std::fs::write(&leftover, cut).unwrap();
    let old_style = dir.path().join(format!("{name}.tmp-4242"));
    std::fs::write(&old_style, b"not notes at all").unwrap();

    let mut s = NotesStore::open(dir.path(), &d.id);
    let mut bodies: Vec<&str> = s.notes.values().map(|n| n.body.as_str()).collect();
    bodies.sort_unstable();
    assert_eq!(bodies, ["edited when the power went", "written when the power went"]);
    assert!(s.warnings.iter().any(|w| w.contains("interrupted save") && w.contains("recovered")), "{:?}", s.warnings);
    assert_eq!(s.state, SaveState::Unsaved, "recovered notes are to be saved");
    s.save().unwrap();
    assert!(!leftover.exists() && !old_style.exists(), "leftovers removed once their notes are saved");
    let again = NotesStore::open(dir.path(), &d.id);
    assert_eq!(again.notes.len(), 2);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_as_the_notes_file_is_refused_at_once() {
    let d = doc();
    for kind in ["fifo", "dev-zero"] {
        let dir = tempfile::tempdir().unwrap();
        let path = notes_path(dir.path(), &d.id);
        if kind == "fifo" {
            assert!(std::process::Command::new("mkfifo").arg(&path).status().unwrap().success());
        } else {
            std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        }
        // On a thread, so that a hang fails the test instead of stopping it.
        let (tx, rx) = std::sync::mpsc::channel();
        let dir_path = dir.path().to_owned();
        let id = d.id.clone();
        std::thread::spawn(move || {
            let s = NotesStore::open(&dir_path, &id);
            let _ = tx.send((s.read_only.clone(), s.state.clone()));
        });
        let (read_only, state) = rx.recv_timeout(std::time::Duration::from_secs(10)).expect("opening the notes hung");
        let why = read_only.expect("opened read-only");
        assert!(why.contains(if kind == "fifo" { "named pipe" } else { "device" }), "{why}");
        assert!(matches!(state, SaveState::ReadOnly(_)));
    }
}

#[test]
fn an_orphan_with_a_huge_quote_is_looked_for_once_per_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let mut huge = note(&d, "1.1", "quoted a whole book");
    huge.kind = record_reader::core::notes::NoteKind::Highlight;
    huge.anchor.entry_id = "gone".into();
    huge.anchor.doc_rev = "older".into();
    huge.anchor.quote.exact = "a passage no longer in the record ".repeat(32 * 1024); // about 1 MB
    write_notes(dir.path(), std::slice::from_ref(&huge));

    let mut s = NotesStore::open(dir.path(), &d.id);
    assert_eq!(s.reanchor(&d), vec![huge.id]);
    assert_eq!(s.notes[&huge.id].anchor.unplaced_on.as_deref(), Some(d.rev.as_str()));
    assert_eq!(s.state, SaveState::Unsaved, "the failed search is saved with the note");
    s.save().unwrap();
    // The next open (the next command) does not search again on the same text.
    let again = NotesStore::open(dir.path(), &d.id);
    let mut n = Note::clone(&again.notes[&huge.id]);
    assert_eq!(reanchor(&mut n, &d), Placement::Orphaned);
    assert_eq!(n.anchor.quote.exact, huge.anchor.quote.exact, "kept as it was");
}

#[test]
fn a_long_quote_is_placed_by_an_exact_match_only() {
    use record_reader::core::notes::anchor::MAX_FUZZY_QUOTE;
    let d = doc();
    let (_, e) = d.find_entry("1.1").unwrap();
    // The record with entry 1.1 made long, and a highlight of all of it.
    let words = ["refugees", "elections", "courts", "press", "observers", "monitors", "reform"];
    let long: String = (0..900).map(|i| words[i % words.len()]).collect::<Vec<_>>().join(" ");
    let text = record_reader::core::open::EMBEDDED_TEXT.replacen(&e.text, &long, 1);
    let long_doc = record_reader::core::open::from_bytes(text.as_bytes(), None).unwrap();
    let (_, long_entry) = long_doc.find_entry("1.1").unwrap();
    assert!(long_entry.text.len() > MAX_FUZZY_QUOTE);
    let len = long_entry.text.chars().count();
    let mut hl = Note::highlight(&long_doc, long_entry, 0, len, "");
    // The passage as it was before a small edit: a fuzzy match would find it.
    hl.anchor.quote.exact = long_entry.text.replacen("courts", "tribunals", 1);
    hl.anchor.entry_id = "gone".into();
    assert_eq!(reanchor(&mut hl, &long_doc), Placement::NewlyOrphaned, "placed by a fuzzy match");
    // The same edit to a short passage is still placed by a fuzzy match.
    let (_, short) = d.find_entry("1.2").unwrap();
    let mut near = Note::highlight(&d, short, 0, short.text.chars().count(), "");
    near.anchor.quote.exact = short.text.replacen('e', "E", 1);
    near.anchor.entry_id = "gone".into();
    assert_eq!(reanchor(&mut near, &d), Placement::Moved);
}

/// A notes file with one record that is not UTF-8 (set aside each time it is read, until a
/// save writes the file again), and its path.
fn file_with_a_bad_record(dir: &Path) -> PathBuf {
    let d = doc();
    let path = write_notes(dir, &[note(&d, "1.1", "caf\u{e9} one"), note(&d, "1.2", "two")]);
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.windows(4).position(|w| w == b"caf\xc3").unwrap();
    bytes.splice(at + 3..at + 5, [0xe9]);
    std::fs::write(&path, &bytes).unwrap();
    path
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_rejected_file_is_not_written_through() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = file_with_a_bad_record(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, side_file(&path, ".rejected")).unwrap();
    // Only reading, as `notes list` does.
    let s = NotesStore::open(dir.path(), &d.id);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious", "written through the link");
    let why = s.read_only.clone().unwrap_or_default();
    assert!(why.contains("symbolic link") && why.contains("could not be set aside"), "{why}");
    // Without the link, it is made the notes' own: 0600 like them.
    std::fs::remove_file(side_file(&path, ".rejected")).unwrap();
    let s = NotesStore::open(dir.path(), &d.id);
    assert!(!s.is_read_only(), "{:?}", s.read_only);
    let meta = std::fs::symlink_metadata(side_file(&path, ".rejected")).unwrap();
    assert!(meta.file_type().is_file());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_record_set_aside_is_kept_once_however_often_the_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = file_with_a_bad_record(dir.path());
    for _ in 0..5 {
        let s = NotesStore::open(dir.path(), &d.id);
        assert!(s.warnings.iter().any(|w| w.contains("set aside")), "still told: {:?}", s.warnings);
    }
    let set_aside = std::fs::read(side_file(&path, ".rejected")).unwrap();
    let copies = set_aside.windows(5).filter(|w| *w == b"caf\xe9 ").count();
    assert_eq!(copies, 1, "{}", String::from_utf8_lossy(&set_aside));
    // An import that sets the same records aside again (a file imported twice).
    let records = vec![record_reader::core::notes::disk::SetAside { raw: b"(id: \"x\")".to_vec(), why: "dup".into() }];
    let mut s = NotesStore::open(dir.path(), &d.id);
    s.set_aside(&records).unwrap();
    s.set_aside(&records).unwrap();
    let set_aside = String::from_utf8_lossy(&std::fs::read(side_file(&path, ".rejected")).unwrap()).into_owned();
    assert_eq!(set_aside.matches("(id: \"x\")").count(), 1, "{set_aside}");
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_lock_is_not_followed_nor_its_target_made() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = notes_path(dir.path(), &d.id);
    std::fs::create_dir_all(dir.path()).unwrap();
    // A dangling link: following it would create the file it names.
    let target = dir.path().join("made-by-the-lock");
    std::os::unix::fs::symlink(&target, side_file(&path, ".lock")).unwrap();
    let mut s = NotesStore::open(dir.path(), &d.id);
    s.put(note(&d, "1.1", "one"));
    let e = s.save().unwrap_err().to_string();
    assert!(e.contains("symbolic link"), "{e}");
    assert!(!target.exists(), "the lock's link made its target");
    // A link to a file: not opened, not truncated.
    std::fs::remove_file(side_file(&path, ".lock")).unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, side_file(&path, ".lock")).unwrap();
    assert!(s.save().is_err());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    // Without a link the lock is made, 0600.
    std::fs::remove_file(side_file(&path, ".lock")).unwrap();
    s.save().unwrap();
    let meta = std::fs::symlink_metadata(side_file(&path, ".lock")).unwrap();
    assert!(meta.file_type().is_file());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_notes_file_larger_than_one_can_be_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = doc();
    let path = notes_path(dir.path(), &d.id);
    // Sparse: 65 MB that takes no room and would take seconds and gigabytes to parse.
    std::fs::File::create(&path).unwrap().set_len(65 * 1024 * 1024).unwrap();
    let s = NotesStore::open(dir.path(), &d.id);
    let why = s.read_only.clone().unwrap_or_default();
    assert!(why.contains("too large") && s.notes.is_empty(), "{why}");
}
