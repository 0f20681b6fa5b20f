//! `record-reader library …` on temporary folders: in this process (`cli::run`), and a few
//! through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

struct Env {
    _tmp: tempfile::TempDir,
    records: PathBuf,
    library: PathBuf,
    notes: PathBuf,
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let records = tmp.path().join("records");
    std::fs::create_dir_all(records.join("fixtures")).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("assets/documents/promoting-democracy-and-human-rights.txt"), records.join("seed.txt"))
        .unwrap();
    // Its title and address, as the reader would give them in the record's details.
    std::fs::write(
        records.join("seed.txt.record.ron"),
        r#"(title: Some("Promoting Democracy and Human Rights"), url: Some("https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html"))"#,
    )
    .unwrap();
    for f in ["essay-no-bullets.txt", "fact-sheet.md", "saved-page.html", "two-heading-levels.txt"] {
        std::fs::copy(root.join("tests/fixtures").join(f), records.join("fixtures").join(f)).unwrap();
    }
    std::fs::write(records.join("empty.txt"), "").unwrap();
    let library = tmp.path().join("library");
    let notes = tmp.path().join("notes");
    Env { records, library, notes, _tmp: tmp }
}

impl Env {
    /// `record-reader library ARGS…` through the real binary, its folders from the environment.
    fn binary(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_record-reader"))
            .arg("library")
            .args(args)
            .env("RECORD_READER_LIBRARY_DIR", &self.library)
            .env("RECORD_READER_NOTES_DIR", &self.notes)
            .output()
            .unwrap()
    }

    /// The arguments of `record-reader library ARGS…` on this library and notes folder.
    fn args(&self, args: &[&str]) -> Vec<OsString> {
        let mut all: Vec<OsString> = vec!["library".into(), "--library-dir".into(), self.library.clone().into()];
        all.extend(["--notes-dir".into(), self.notes.clone().into()]);
        all.extend(args.iter().map(OsString::from));
        all
    }

    /// `record-reader library ARGS…` in this process.
    fn run(&self, args: &[&str]) -> cli::Ran {
        cli::run(self.args(args))
    }

    fn ok(&self, args: &[&str]) -> String {
        cli::ok(self.args(args))
    }

    fn fails(&self, args: &[&str]) -> String {
        cli::fails(self.args(args))
    }

    /// `record-reader notes add FILE ARGS…` into this notes folder, in this process.
    fn add_note(&self, file: &str, args: &[&str]) {
        let file = self.records.join(file);
        let mut all: Vec<OsString> = vec!["notes".into(), "--notes-dir".into(), self.notes.clone().into()];
        all.extend(["add".into(), file.into_os_string()]);
        all.extend(args.iter().map(OsString::from));
        cli::ok(all);
    }
}

#[test]
fn add_scans_and_reports_records_entries_and_unreadable_files() {
    let e = env();
    // Through the real binary: the scan's progress is told on its stderr.
    let out = e.binary(&["add", e.records.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("scanning 6/6"), "{stderr}");
    assert!(stdout.contains("Scanned: 6 files found, 6 read, 0 unchanged, 0 removed."), "{stdout}");
    assert!(stdout.contains("The library holds 5 records"), "{stdout}");
    assert!(stdout.contains("1 file could not be read:") && stdout.contains("empty.txt: "), "{stdout}");
    // Nothing changed: nothing read.
    let again = e.ok(&["scan"]);
    assert!(again.contains("6 files found, 0 read, 6 unchanged"), "{again}");
}

#[test]
fn list_shows_the_catalogue_as_a_table_and_as_json() {
    let e = env();
    e.ok(&["add", e.records.to_str().unwrap()]);
    let table = e.ok(&["list"]);
    let seed_line = table.lines().find(|l| l.contains("Promoting Democracy and Human Rights")).unwrap();
    assert!(seed_line.starts_with("1995-10-06  Clinton") && seed_line.contains(" 37 "), "{seed_line}");
    assert!(table.contains("seed.txt") && table.contains("5 records,"), "{table}");
    assert!(table.contains("could not be read") && table.contains("empty.txt"), "{table}");
    let v: serde_json::Value = serde_json::from_str(&e.ok(&["list", "--json"])).unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 5);
    assert_eq!(v["unreadable"][0]["reason"].as_str().map(|r| r.contains("empty")), Some(true));
    let seed = v["records"].as_array().unwrap().iter().find(|r| r["entries"] == 37).unwrap();
    assert_eq!((seed["administration"].as_str(), seed["date"].as_str()), (Some("Clinton"), Some("1995-10-06")));
}

#[test]
fn search_groups_by_record_and_marks_the_matches() {
    let e = env();
    e.ok(&["add", e.records.to_str().unwrap()]);
    let out = e.ok(&["search", "sierra", "leone"]);
    let first = out.lines().next().unwrap();
    assert!(first.starts_with("Promoting Democracy and Human Rights — ") && first.ends_with("seed.txt"), "{out}");
    assert!(out.contains("«Sierra» «Leone».\n"), "the whole entry, its full stop too: {out}");
    assert!(out.contains("3.2  Bringing War Criminals to Justice"), "{out}");
    let v: serde_json::Value =
        serde_json::from_str(&e.ok(&["search", "--json", "--limit", "3", "democracy region:AF"])).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 3, "{v}");
    assert_eq!(v["query"], "democracy region:AF");
    let m = &hits[0]["snippet"]["matches"][0];
    let text = hits[0]["snippet"]["text"].as_str().unwrap();
    let word = &text[m["start"].as_u64().unwrap() as usize..m["end"].as_u64().unwrap() as usize];
    assert!(word.eq_ignore_ascii_case("democracy"), "{word}");
    let none = e.ok(&["search", "\"quokka census\""]);
    assert!(none.starts_with("No entries match \"quokka census\""), "{none}");
}

#[test]
fn errors_are_told_and_exit_non_zero() {
    let e = env();
    let err = e.fails(&["scan"]);
    assert!(err.contains("the library has no folders") && err.contains("library add"), "{err}");
    let binary = e.binary(&["scan"]);
    assert_eq!(binary.status.code(), Some(1));
    assert_eq!(String::from_utf8(binary.stderr).unwrap(), err, "the binary says the same");
    let err = e.fails(&["search", "democracy"]);
    assert!(err.contains("the library has no folders to search"), "{err}");
    let err = e.fails(&["add", e.records.join("missing").to_str().unwrap()]);
    assert!(err.contains("missing") && err.contains("cannot be added"), "{err}");
    e.ok(&["add", e.records.to_str().unwrap()]);
    let err = e.fails(&["search", "speaker:clinton"]);
    assert!(err.contains("unknown field \"speaker\"") && err.contains("author:"), "{err}");
    let err = e.fails(&["search", "author:"]);
    assert!(err.contains("author: needs a value"), "{err}");
    let err = e.fails(&["search", "year:1998..1994"]);
    assert!(err.contains("not a year"), "{err}");
    let err = e.fails(&["remove", "/not/in/it"]);
    assert!(err.contains("is not a folder of the library"), "{err}");
    // A damaged index: the message says how to rebuild, and rebuild does it.
    std::fs::write(e.library.join("index/meta.json"), "{ damaged").unwrap();
    let err = e.fails(&["search", "democracy"]);
    assert!(err.contains("library rebuild"), "{err}");
    let out = e.ok(&["rebuild"]);
    assert!(out.contains("The library holds 5 records"), "{out}");
    assert!(e.ok(&["search", "democracy"]).contains("seed.txt"));
}

#[test]
fn remove_takes_the_folder_and_its_records_out() {
    let e = env();
    e.ok(&["add", e.records.to_str().unwrap()]);
    let out = e.ok(&["remove", e.records.to_str().unwrap()]);
    assert!(out.contains("The library holds 0 records, 0 entries."), "{out}");
    assert!(e.ok(&["list"]).contains("The library has no folders"));
}

#[test]
fn note_tags_are_searchable_after_a_scan() {
    let e = env();
    e.ok(&["add", e.records.to_str().unwrap()]);
    let seed = e.records.join("seed.txt");
    let add = Command::new(env!("CARGO_BIN_EXE_record-reader"))
        .args(["notes", "add", seed.to_str().unwrap(), "--entry", "1.9", "--tag", "nigeria-file", "--body", "x"])
        .env("RECORD_READER_NOTES_DIR", &e.notes)
        .output()
        .unwrap();
    assert!(add.status.success(), "{}", String::from_utf8_lossy(&add.stderr));
    assert!(e.ok(&["search", "tag:nigeria-file"]).starts_with("No entries match"));
    e.ok(&["scan"]);
    let out = e.ok(&["search", "tag:nigeria-file"]);
    assert!(out.contains("1.9") && out.contains("Nigeria"), "{out}");
    assert!(e.ok(&["search", "has:note"]).contains("1 entries in 1 records."));
}

#[test]
fn export_writes_the_notes_and_the_bibliography_of_the_library() {
    let e = env();
    e.ok(&["add", e.records.to_str().unwrap()]);
    for (file, entry, tag) in [("seed.txt", "1.9", "nigeria-file"), ("fixtures/fact-sheet.md", "1.1", "press")] {
        e.add_note(file, &["--entry", entry, "--tag", tag, "--body", &format!("Note on {file}")]);
    }
    // No scan since: the notes written are exported all the same.
    let out_dir = e.library.parent().unwrap().join("out");
    let md = out_dir.join("notes.md");
    let said = e.ok(&["export", "--format", "md", "-o", md.to_str().unwrap()]);
    assert!(said.contains("2 records with notes"), "{said}");
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("Note on seed.txt") && text.contains("Note on fixtures/fact-sheet.md"), "{text}");
    // Only the notes with a tag.
    let tagged = out_dir.join("tagged.csv");
    e.ok(&["export", "--format", "csv", "--tag", "press", "-o", tagged.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&tagged).unwrap();
    assert!(csv.contains("Note on fixtures/fact-sheet.md") && !csv.contains("Note on seed.txt"), "{csv}");
    // A file per record, into a folder.
    let per_record = out_dir.join("per-record");
    e.ok(&["export", "--format", "md-per-record", "-o", per_record.to_str().unwrap()]);
    assert_eq!(std::fs::read_dir(&per_record).unwrap().count(), 2);
    // The bibliography of the records cited: the seed with its address, from its details.
    let bib = out_dir.join("library.bib");
    e.ok(&["export", "--format", "bibtex", "-o", bib.to_str().unwrap()]);
    let bib = std::fs::read_to_string(&bib).unwrap();
    assert_eq!(bib.matches("\n@").count() + usize::from(bib.starts_with('@')), 2, "{bib}");
    assert!(bib.contains("title = {Promoting Democracy and Human Rights}"), "{bib}");
    assert!(bib.contains("clintonwhitehouse5.archives.gov"), "{bib}");
    let csl = out_dir.join("library.json");
    e.ok(&["export", "--format", "csl-json", "-o", csl.to_str().unwrap()]);
    let items: serde_json::Value = serde_json::from_slice(&std::fs::read(&csl).unwrap()).unwrap();
    assert_eq!(items.as_array().map(Vec::len), Some(2), "{items}");
    // A format it does not know, and a region that is not one: said, non-zero.
    let out = e.run(&["export", "--format", "docx", "-o", "x"]);
    assert_eq!(out.code, ExitCode::from(2), "a usage error");
    assert!(out.stderr.contains("docx"));
    assert_eq!(e.binary(&["export", "--format", "docx", "-o", "x"]).status.code(), Some(2));
    let err = e.fails(&["export", "--format", "md", "--region", "XX", "-o", md.to_str().unwrap()]);
    assert!(err.contains("not a bureau"), "{err}");
}

#[test]
fn escape_bytes_in_file_names_and_record_text_are_shown_not_sent_to_the_terminal() {
    let e = env();
    // A saved page whose name and text hold escape sequences (as character references).
    let page = "<html><head><title>Report</title></head><body><h1>Report &#x1b;]0;pwned&#7; Title</h1>\
        <h2>Section &#x1b;[31mOne</h2><ul><li>An entry about the quokkas of Chad &#x1b;[2J with an escape.</li>\
        <li>Another entry about Peru.</li></ul></body></html>";
    std::fs::write(e.records.join("name\u{1b}[31m.html"), page).unwrap();
    let controls = |text: &str| text.chars().any(|c| c.is_control() && c != '\n');
    let added = e.run(&["add", e.records.to_str().unwrap()]);
    assert!(added.success());
    let (stdout, stderr) = (added.stdout, added.stderr);
    assert!(stderr.contains("scanning 7/7"), "the progress, on stderr: {stderr}");
    assert!(!controls(&stdout) && !controls(&stderr), "{stdout:?}\n{stderr:?}");
    let list = e.ok(&["list"]);
    assert!(!controls(&list), "{list:?}");
    assert!(list.contains("Report \\x1b]0;pwned\\x07 Title") && list.contains("name\\x1b[31m.html"), "{list}");
    let found = e.ok(&["search", "quokkas"]);
    assert!(!controls(&found), "{found:?}");
    assert!(found.contains("Section \\x1b[31mOne") && found.contains("\\x1b[2J"), "{found}");
    for json in [e.ok(&["list", "--json"]), e.ok(&["search", "--json", "quokkas"])] {
        assert!(!controls(&json), "{json:?}");
        serde_json::from_str::<serde_json::Value>(&json).unwrap();
    }
}

#[test]
fn export_fails_when_a_record_s_notes_cannot_be_read_and_writes_the_rest() {
    let e = env();
    e.ok(&["add", e.records.to_str().unwrap()]);
    for (file, entry) in [("seed.txt", "1.9"), ("fixtures/fact-sheet.md", "1.1")] {
        e.add_note(file, &["--entry", entry, "--body", &format!("Note on {file}")]);
    }
    // The fact sheet's notes file, cut short.
    let damaged = std::fs::read_dir(&e.notes)
        .unwrap()
        .map(|f| f.unwrap().path())
        .find(|p| {
            p.to_string_lossy().ends_with(".notes.ron") && std::fs::read_to_string(p).unwrap().contains("fact-sheet")
        })
        .unwrap();
    let text = std::fs::read(&damaged).unwrap();
    std::fs::write(&damaged, &text[..text.len() / 2]).unwrap();
    let md = e.library.parent().unwrap().join("notes.md");
    let err = e.fails(&["export", "--format", "md", "-o", md.to_str().unwrap()]);
    assert!(err.contains("fact-sheet.md was left out: its notes cannot be read"), "{err}");
    assert!(err.contains("1 record(s) with notes were left out"), "{err}");
    let written = std::fs::read_to_string(&md).unwrap();
    assert!(written.contains("Note on seed.txt") && !written.contains("Note on fixtures"), "{written}");
}
