//! Conflict copies that Syncthing, Nextcloud and Dropbox leave in a shared notes folder,
//! merged by the command line (in this process, `cli::run`): `notes merge-conflicts`, and
//! any command that opens a record's notes. The notes of both sides are there afterwards,
//! the copies are gone, and a copy that cannot be read is kept and told.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;

use record_reader::core::notes::store::{notes_path, notes_to_ron};
use record_reader::core::notes::{Note, NotesStore};
use record_reader::core::open::embedded;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// `record-reader notes --notes-dir DIR ARGS…` in this process.
fn notes_args(dir: &Path, args: &[&str]) -> Vec<OsString> {
    let mut all: Vec<OsString> = vec!["notes".into(), "--notes-dir".into(), dir.into()];
    all.extend(args.iter().map(OsString::from));
    all
}

/// The built-in record's notes as `notes list --json` gives them: body by id, and what it
/// said on stderr.
fn listed(dir: &Path) -> (BTreeMap<String, String>, String) {
    let ran = cli::run(notes_args(dir, &["list", "--json"]));
    assert!(ran.success(), "{}", ran.stderr);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&ran.stdout).unwrap();
    let bodies = rows.iter().map(|r| (r["id"].as_str().unwrap().to_owned(), r["body"].as_str().unwrap().to_owned()));
    (bodies.collect(), ran.stderr)
}

/// The two sides of one record's notes: this machine's, saved in the notes file, and the
/// other machine's, in a conflict copy named `copy`.
struct Sides {
    /// Only here.
    ours: Note,
    /// Only there.
    theirs: Note,
    /// On both, changed later here.
    later_here: Note,
    /// On both, changed later there.
    later_there: Note,
    copy: PathBuf,
}

fn later(note: &Note, body: &str, seconds: i64) -> Note {
    let mut n = note.clone();
    n.body = body.to_owned();
    n.modified += time::Duration::seconds(seconds);
    n
}

/// Writes both sides: the notes file through the store, the copy as the other machine's
/// Record Reader wrote its notes file (then renamed by the sync tool).
fn two_sides(dir: &Path, copy_name: &str) -> Sides {
    let doc = embedded().unwrap();
    let entry = |n: &str| doc.find_entry(n).unwrap().1;
    let on = |n: &str, body: &str| Note::on_entry(&doc, entry(n), body);
    let (ours, theirs) = (on("1.1", "ours: only here"), on("2.1", "theirs: only there"));
    let (shared_a, shared_b) = (on("1.2", "shared a, as it was"), on("1.3", "shared b, as it was"));
    let later_here = later(&shared_a, "shared a, changed here later", 20);
    let later_there = later(&shared_b, "shared b, changed there later", 20);
    let mut store = NotesStore::open(dir, &doc.id);
    for n in [&ours, &later_here, &later(&shared_b, "shared b, changed here first", 10)] {
        store.put(n.clone());
    }
    store.save().unwrap();
    let copy = dir.join(copy_name);
    let there = [&theirs, &later(&shared_a, "shared a, changed there first", 10), &later_there];
    std::fs::write(&copy, notes_to_ron(&doc.id, &BTreeMap::new(), there.to_vec()).unwrap()).unwrap();
    Sides { ours, theirs, later_here, later_there, copy }
}

/// A conflict copy's name for the built-in record's notes file: `marker` where the tools
/// put it, before `.ron`.
fn copy_name(marker: &str) -> String {
    let file = notes_path(Path::new(""), &embedded().unwrap().id);
    let name = file.to_str().unwrap();
    format!("{}{marker}.ron", name.strip_suffix(".ron").unwrap())
}

fn assert_both_sides_are_there(dir: &Path, sides: &Sides) {
    let (bodies, _) = listed(dir);
    let body = |n: &Note| bodies.get(&n.id.to_string()).map(String::as_str);
    assert_eq!(body(&sides.ours), Some("ours: only here"));
    assert_eq!(body(&sides.theirs), Some("theirs: only there"));
    assert_eq!(body(&sides.later_here), Some("shared a, changed here later"), "the later change wins");
    assert_eq!(body(&sides.later_there), Some("shared b, changed there later"), "the later change wins");
    assert_eq!(bodies.len(), 4, "{bodies:#?}");
}

#[test]
fn a_copy_of_each_tool_is_merged_and_removed_by_merge_conflicts() {
    for (marker, tool) in [
        (".sync-conflict-20261206-101010-ABCDEF7", "Syncthing"),
        (" (conflicted copy 2026-12-06 101010)", "Nextcloud"),
        (" (Jane Doe's conflicted copy 2026-12-06)", "Dropbox"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let name = copy_name(marker);
        let sides = two_sides(dir.path(), &name);
        let out = cli::ok(notes_args(dir.path(), &["merge-conflicts"]));
        let said = format!("Merged 2 notes from a {tool} conflict copy ({name}) and removed it");
        assert!(out.contains(&said), "{tool}: {out}");
        assert!(!sides.copy.exists(), "{tool}: the copy is still there");
        assert_both_sides_are_there(dir.path(), &sides);
        // Nothing is left to merge.
        let again = cli::ok(notes_args(dir.path(), &["merge-conflicts"]));
        assert!(again.starts_with("No conflict copies"), "{again}");
    }
}

#[test]
fn the_copies_as_issue_29_names_them_before_notes_ron_are_merged_too() {
    let id = embedded().unwrap().id;
    for name in
        [format!("{id}.sync-conflict-20261206-101010-ABCDEF7.notes.ron"), format!("{id} (conflicted copy).notes.ron")]
    {
        let dir = tempfile::tempdir().unwrap();
        let sides = two_sides(dir.path(), &name);
        let out = cli::ok(notes_args(dir.path(), &["merge-conflicts"]));
        assert!(out.contains(&format!("({name}) and removed it")), "{out}");
        assert_both_sides_are_there(dir.path(), &sides);
    }
}

#[test]
fn opening_a_record_s_notes_merges_its_copies_and_leaves_another_record_s_alone() {
    let dir = tempfile::tempdir().unwrap();
    let name = copy_name(" (Jane's conflicted copy 2026-12-06)");
    let sides = two_sides(dir.path(), &name);
    let other = dir.path().join("doc-0000000000000000.notes.sync-conflict-20261206-101010-ABCDEF7.ron");
    std::fs::write(&other, b"(version: 1, doc_id: \"doc-0000000000000000\", notes: [])").unwrap();
    let (_, said) = listed(dir.path());
    assert!(said.contains(&format!("Merged 2 notes from a Dropbox conflict copy ({name}) and removed it")), "{said}");
    assert!(!sides.copy.exists());
    assert_both_sides_are_there(dir.path(), &sides);
    assert!(other.exists(), "another record's conflict copy was touched");
}

#[test]
fn a_copy_that_cannot_be_read_is_kept_as_it_was_and_the_command_fails_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let good = copy_name(".sync-conflict-20261206-101010-ABCDEF7");
    let sides = two_sides(dir.path(), &good);
    let damaged = dir.path().join(copy_name(" (conflicted copy 2026-12-07 090000)"));
    let bytes = b"(version: 1, notes: [ (id: \"cut short by a crash".to_vec();
    std::fs::write(&damaged, &bytes).unwrap();
    // Larger than a notes file may be (a sparse file: no disk is used).
    let large = dir.path().join(copy_name(" (Jane's conflicted copy 2026-12-07)"));
    std::fs::File::create(&large).unwrap().set_len(65 * 1024 * 1024).unwrap();

    let ran = cli::run(notes_args(dir.path(), &["merge-conflicts"]));
    assert_eq!(ran.code, std::process::ExitCode::FAILURE, "{}", ran.stdout);
    let damaged_name = damaged.file_name().unwrap().to_str().unwrap();
    let large_name = large.file_name().unwrap().to_str().unwrap();
    assert!(
        ran.stdout.contains(&format!(
            "A Nextcloud conflict copy ({damaged_name}) was not merged and was left as it was: it is not a notes file"
        )),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains(&format!("A Dropbox conflict copy ({large_name}) was not merged and was left as it was: it cannot be read (it is too large")), "{}", ran.stdout);
    assert!(ran.stderr.contains("2 conflict copies could not be merged and were kept"), "{}", ran.stderr);
    assert!(ran.stderr.contains(damaged_name) && ran.stderr.contains(large_name), "{}", ran.stderr);
    // Kept as they were; the readable copy was merged and removed all the same.
    assert_eq!(std::fs::read(&damaged).unwrap(), bytes);
    assert_eq!(std::fs::metadata(&large).unwrap().len(), 65 * 1024 * 1024);
    assert!(!sides.copy.exists());
    assert_both_sides_are_there(dir.path(), &sides);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_with_a_copy_s_name_is_not_read_nor_removed() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join(copy_name(".sync-conflict-20261206-101010-ABCDEF7"));
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let stderr = cli::fails(notes_args(dir.path(), &["merge-conflicts"]));
    assert!(stderr.contains("1 conflict copy could not be merged and was kept"), "{stderr}");
    let ran = cli::run(notes_args(dir.path(), &["merge-conflicts"]));
    assert!(ran.stdout.contains("it is a named pipe (FIFO), not a regular file"), "{}", ran.stdout);
    use std::os::unix::fs::FileTypeExt as _;
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the pipe was removed");
}
