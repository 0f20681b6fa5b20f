//! `record-reader notes …`, in this process (`cli::run`), and through the real binary: a
//! crash test of the store, and the notes folder from the environment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;

use record_reader::core::notes::{Note, NotesStore};
use record_reader::core::open::embedded;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The real binary's `notes`, with the notes folder from the environment.
fn notes(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_record-reader"));
    c.env("RECORD_READER_NOTES_DIR", dir).arg("notes");
    c
}

/// `record-reader notes --notes-dir DIR ARGS…` in this process.
fn notes_args(dir: &Path, args: &[&str]) -> Vec<OsString> {
    let mut all: Vec<OsString> = vec!["notes".into(), "--notes-dir".into(), dir.into()];
    all.extend(args.iter().map(OsString::from));
    all
}

/// … which must succeed: its stdout.
fn run(dir: &Path, args: &[&str]) -> String {
    cli::ok(notes_args(dir, args))
}

#[test]
fn add_list_and_remove_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let id = run(
        dir.path(),
        &["add", "--entry", "1.11", "--body", "Burma & co", "--tag", "sanctions", "--color", "Question"],
    );
    let id = id.trim().to_owned();
    // The binary, with the notes folder from the environment, writes to the same file.
    let out =
        notes(dir.path()).args(["add", "--entry", "5.4", "--quote", "the Near East", "--body", "which?"]).output();
    assert!(out.unwrap().status.success());
    let list: serde_json::Value = serde_json::from_str(&run(dir.path(), &["list", "--json"])).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["entry"], "1.11");
    assert_eq!(list[0]["color"], "red");
    assert_eq!(list[0]["color_label"], "Question");
    assert_eq!(list[0]["tags"][0], "sanctions");
    assert_eq!(list[1]["kind"], "Highlight");
    assert_eq!(list[1]["quote"], "the Near East");

    // The same store the window uses.
    let doc = embedded().unwrap();
    let store = NotesStore::open(dir.path(), &doc.id);
    assert_eq!(store.live().count(), 2);

    let out = run(dir.path(), &["rm", &id]);
    assert!(out.contains("Trash"), "{out}");
    let text = run(dir.path(), &["list"]);
    assert!(!text.contains("Burma"), "{text}");
    assert!(run(dir.path(), &["list", "--trash"]).contains("Burma & co"));

    let bad = cli::fails(notes_args(dir.path(), &["add", "--entry", "9.9", "--body", "x"]));
    assert!(bad.contains("no entry \"9.9\""), "{bad}");
    let bad = cli::fails(notes_args(dir.path(), &["add", "--entry", "1.1", "--quote", "not in the text"]));
    assert!(bad.contains("does not contain the passage"), "{bad}");
    // The binary says so too, and exits with 1.
    let bad = notes(dir.path()).args(["add", "--entry", "9.9", "--body", "x"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no entry \"9.9\""));
}

/// Kill the process (SIGKILL) in the middle of saves, many times: the file always loads and
/// holds the state before or after the last save.
/// `notes add` stamps the note with its author: `--author`, else git's or the login name
/// (never blank); `list --json` shows it.
#[test]
fn a_note_added_by_the_command_line_names_its_author() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["add", "--entry", "1.1", "--body", "mine", "--author", "Ada Lovelace"]);
    run(dir.path(), &["add", "--entry", "1.2", "--body", "whose?"]);
    let list: serde_json::Value = serde_json::from_str(&run(dir.path(), &["list", "--json"])).unwrap();
    assert_eq!(list[0]["author"], "Ada Lovelace");
    assert!(list[1]["author"].as_str().is_some_and(|a| !a.trim().is_empty()), "{}", list[1]);
    let doc = embedded().unwrap();
    let store = NotesStore::open(dir.path(), &doc.id);
    let ada = store.live().find(|n| n.body == "mine").unwrap();
    assert_eq!(ada.modified_by, ada.created_by);
}

#[test]
fn killing_the_process_mid_save_never_damages_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    // A large file, so that saves take long enough to be interrupted.
    let mut store = NotesStore::open(dir.path(), &doc.id);
    let entries: Vec<_> = doc.entries().map(|(_, e)| e.clone()).collect();
    for i in 0..3000 {
        store.put(Note::on_entry(&doc, &entries[i % entries.len()], &format!("note {i} {}", "lorem ipsum ".repeat(8))));
    }
    store.save().unwrap();
    let mut count = 3000;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut killed = 0;
    for round in 0..40 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut child = notes(dir.path())
            .args(["add", "--entry", "2.1", "--body", &format!("round {round}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(seed % 60_000));
        let finished = child.try_wait().unwrap().is_some();
        if !finished {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        let status = child.wait().unwrap();
        let after = NotesStore::open(dir.path(), &doc.id);
        assert!(!after.is_read_only(), "round {round}: {:?}", after.read_only);
        assert!(after.warnings.is_empty(), "round {round}: {:?}", after.warnings);
        let n = after.notes.len();
        assert!(n == count || n == count + 1, "round {round}: {n} notes, expected {count} or {}", count + 1);
        if status.success() {
            assert_eq!(n, count + 1, "a finished save is on disk");
        }
        count = n;
        // Leftover temporary files are never mistaken for the notes.
        assert!(after.notes.values().all(|n| !n.body.is_empty()));
    }
    assert!(killed > 5, "the test must actually interrupt saves ({killed} kills)");
}

/// Whether `text` holds a byte a terminal would obey: C0 controls but the line feed, DEL,
/// and C1 controls.
fn has_terminal_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn escape_bytes_in_a_note_body_are_shown_not_sent_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // Sets the window title, rings the bell, turns text red and (C1 CSI) clears the screen.
    let body = "title\u{1b}]0;pwned\u{7}\u{1b}[31mred\u{9b}2J";
    run(dir.path(), &["add", "--entry", "1.1", "--body", body]);
    run(dir.path(), &["add", "--entry", "5.4", "--quote", "the Near East", "--body", "bell\u{7}"]);
    let text = run(dir.path(), &["list"]);
    assert!(!has_terminal_controls(&text), "{text:?}");
    assert!(text.contains("title\\x1b]0;pwned\\x07\\x1b[31mred\\u{9b}2J"), "{text}");
    assert!(text.contains("bell\\x07"), "{text}");
    // JSON escapes them as JSON does, and reads back as written.
    let json = run(dir.path(), &["list", "--json"]);
    assert!(!has_terminal_controls(&json), "{json:?}");
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(list[0]["body"], body);
}

#[test]
fn a_truncated_notes_file_fails_the_commands_that_read_it_and_its_notes_are_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut store = NotesStore::open(dir.path(), &doc.id);
    for k in 1..=9 {
        let (_, entry) = doc.find_entry(&format!("1.{k}")).unwrap();
        // Line breaks inside a body too: a record is more than a line then.
        store.put(Note::on_entry(&doc, entry, &format!("note {k}\nits second line")));
    }
    store.save().unwrap();
    let path = store.path.clone();
    let full = std::fs::read(&path).unwrap();
    // Cut short in the middle of the last note, as a full disk or a crashed sync leaves it.
    let last = full.windows(5).rposition(|w| w == b"(id: ").unwrap();
    let cut = &full[..last + 40];
    std::fs::write(&path, cut).unwrap();

    for args in [&["list", "--json"][..], &["list"], &["add", "--entry", "2.1", "--body", "x"]] {
        let out = cli::run(notes_args(dir.path(), args));
        let stderr = &out.stderr;
        assert!(!out.success(), "{args:?} succeeded on a file it cannot read: {stderr}");
        assert!(out.stdout.trim().is_empty(), "{args:?} printed notes");
        assert!(stderr.contains("cannot be read") && stderr.contains("8 complete note(s)"), "{stderr}");
        assert!(stderr.contains("record-reader notes recover"), "{stderr}");
    }
    let export = Command::new(env!("CARGO_BIN_EXE_record-reader"))
        .env("RECORD_READER_NOTES_DIR", dir.path())
        .args(["export", "--format", "md"])
        .output()
        .unwrap();
    assert!(!export.status.success(), "export of notes it cannot read succeeded");

    let said = run(dir.path(), &["recover"]);
    assert!(said.contains("Recovered 8 note(s)") && said.contains(".recovered"), "{said}");
    assert_eq!(std::fs::read(&path).unwrap(), cut, "the damaged file was changed");
    let mut recovered = path.clone().into_os_string();
    recovered.push(".recovered");
    let recovered = std::path::PathBuf::from(recovered);
    let again = run(dir.path(), &["recover"]);
    assert!(again.contains(".recovered-2"), "the first recovery was overwritten: {again}");
    assert_eq!(std::fs::read(&recovered).unwrap(), std::fs::read(format!("{}-2", recovered.display())).unwrap());
    // Put in place, it is a notes file of the record with the 8 complete notes.
    std::fs::rename(&recovered, &path).unwrap();
    let list: serde_json::Value = serde_json::from_str(&run(dir.path(), &["list", "--json"])).unwrap();
    let bodies: Vec<&str> = list.as_array().unwrap().iter().map(|n| n["body"].as_str().unwrap()).collect();
    assert_eq!(bodies.len(), 8, "{bodies:?}");
    assert!(bodies.iter().all(|b| b.ends_with("\nits second line")), "{bodies:?}");
    let readable = run(dir.path(), &["recover"]);
    assert!(readable.contains("nothing to recover"), "{readable}");
}
