//! The command line: most tests run it in this process (`cli::run`), a few through the real
//! binary (exit codes, help and version as clap prints them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;

use cli::{fails, ok, run};
use std::process::{Command, ExitCode};

fn record_reader() -> Command {
    Command::new(env!("CARGO_BIN_EXE_record-reader"))
}

#[test]
fn inspect_json_has_the_documented_shape() {
    let v: serde_json::Value = serde_json::from_str(&ok(["inspect", "--json"])).unwrap();
    assert_eq!(v["title"], "Promoting Democracy and Human Rights");
    assert_eq!(v["quote"]["speaker"], "President Clinton");
    assert_eq!(v["quote"]["occasion"], "Freedom House Speech");
    assert_eq!(v["quote"]["date"], "1995-10-06");
    assert!(v["intro"].as_str().unwrap().starts_with("President Clinton has made"));
    let sections = v["sections"].as_array().unwrap();
    assert_eq!(sections.len(), 6);
    let entries: usize = sections.iter().map(|s| s["entries"].as_array().unwrap().len()).sum();
    assert_eq!(entries, 37);
    let first = &sections[0]["entries"][0];
    assert_eq!(first["number"], "1.1");
    assert!(first["id"].as_str().unwrap().starts_with("e-"));
    assert_eq!(sections[4]["title"], "Assisting Refugees");
    assert_eq!(v["references"].as_array().unwrap().len(), 10);
    assert_eq!(v["references"][9]["date"], "2000-12-06");
}

#[test]
fn inspect_outline_of_a_file() {
    let text = ok(["inspect", "tests/fixtures/essay-no-bullets.txt"]);
    assert!(text.starts_with("Supporting Democracy in Africa\n"), "{text}");
    assert!(text.contains("1. Elections · 2"), "{text}");
}

#[test]
fn a_bad_file_fails_with_a_message_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = record_reader().args(["inspect".as_ref(), empty.as_os_str()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("empty.txt") && err.contains("the file is empty"), "{err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn help_and_version() {
    let out = record_reader().arg("--version").output().unwrap();
    let version = String::from_utf8(out.stdout).unwrap();
    assert!(version.starts_with(&format!("record-reader {} (", env!("CARGO_PKG_VERSION"))), "{version}");
    // Built from a git checkout (as here and in CI), it names the commit it was built from.
    let head = Command::new("git").args(["rev-parse", "--short=10", "HEAD"]).output().ok();
    if let Some(head) = head.filter(|h| h.status.success()) {
        let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
        assert!(version.contains(&head), "{version:?} does not name commit {head}");
    }
    let out = record_reader().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("inspect") && help.contains("--screenshot"), "{help}");
    // In this process: what clap prints to a file, with its exit codes (0 for help, 2 for a
    // usage error), byte for byte as the binary prints it.
    for args in [&["--help"][..], &["--version"], &["notes", "add", "--help"], &["export", "--format", "docx"]] {
        let binary = record_reader().args(args).output().unwrap();
        let here = run(args);
        assert_eq!(here.stdout.as_bytes(), binary.stdout, "{args:?}");
        assert_eq!(here.stderr.as_bytes(), binary.stderr, "{args:?}");
        let code = binary.status.code().and_then(|c| u8::try_from(c).ok()).unwrap();
        assert_eq!(here.code, ExitCode::from(code), "{args:?}");
    }
    assert_eq!(run(["export", "--format", "docx"]).code, ExitCode::from(2));
}

#[test]
fn regions_table_counts_entries_per_bureau() {
    let text = ok(["regions"]);
    let row = |code: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{code} ")))
            .unwrap_or_else(|| panic!("{code} row in\n{text}"))
            .to_owned()
    };
    let count = |line: &str| line.split_whitespace().find_map(|w| w.parse::<usize>().ok()).unwrap();
    assert_eq!(count(&row("WHA")), 6);
    assert_eq!(count(&row("EUR")), 8);
    assert_eq!(count(&row("SCA")), 1);
    assert!(row("AF").contains("Sudan (3)"), "{}", row("AF"));
    assert!(row("-").contains("No specific place"));
    assert_eq!(count(&row("-")), 18);
    assert!(text.contains("37 entries in all"));
}

#[test]
fn generate_files_writes_man_pages_and_completions() {
    let dir = tempfile::tempdir().unwrap();
    ok(["generate-files".as_ref(), dir.path().as_os_str()]);
    let man = std::fs::read_to_string(dir.path().join("man/record-reader.1")).unwrap();
    assert!(man.starts_with(".ie") || man.contains(".TH record-reader 1"), "not roff: {}", &man[..80.min(man.len())]);
    for option in ["screenshot", "notes\\-dir", "region"] {
        assert!(man.contains(option), "the man page lacks {option}");
    }
    let export = std::fs::read_to_string(dir.path().join("man/record-reader-export.1")).unwrap();
    assert!(export.contains("format"));
    // The packaging helper itself stays out of the pages and the completions' command list.
    assert!(!dir.path().join("man/record-reader-generate-files.1").exists());
    let bash = std::fs::read_to_string(dir.path().join("completions/record-reader.bash")).unwrap();
    assert!(bash.contains("complete") && bash.contains("--notes-dir") && bash.contains("inspect"));
    for shell_file in ["_record-reader", "record-reader.fish", "record-reader.elv"] {
        let text = std::fs::read_to_string(dir.path().join("completions").join(shell_file)).unwrap();
        assert!(text.contains("export"), "{shell_file} lacks the export command");
        assert!(!text.contains("generate-files"), "{shell_file} offers the hidden packaging command");
    }
}

#[test]
fn inspect_explain_tells_where_each_line_went() {
    let text = ok(["inspect", "--explain", "tests/fixtures/text-only-layout.txt"]);
    let role_of = |needle: &str| {
        // "   12  section heading [title-like line] Israeli-…": the role, without its block.
        text.lines().find(|l| l.ends_with(needle)).map(|l| l[7..].split(" [").next().unwrap_or("").trim().to_owned())
    };
    assert_eq!(role_of("BUILDING PEACE IN THE MIDDLE EAST").as_deref(), Some("title"));
    assert_eq!(role_of("And Other Palestinian Organizations").as_deref(), Some("attribution"));
    assert_eq!(role_of("A RECORD OF ACCOMPLISHMENT").as_deref(), Some("group heading"));
    assert_eq!(role_of("Israeli-Palestinian Peace Process").as_deref(), Some("section heading"));
    assert_eq!(role_of("in September 1995.").as_deref(), Some("entry 1.1"));
    assert_eq!(role_of("Privacy Statement").as_deref(), Some("page foot"));
    // Every line of every fixture is found in the record.
    for entry in std::fs::read_dir("tests/fixtures").unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let text = run(["inspect".as_ref(), "--explain".as_ref(), path.as_os_str()]).stdout;
        assert!(!text.contains("not read"), "{}:\n{text}", path.display());
        // And every line names its block: the one its format's reader, or plain text's line
        // classifier, made of it.
        for line in text.lines().filter(|l| l.get(..5).is_some_and(|n| n.trim().parse::<usize>().is_ok())) {
            assert!(line.contains(" ["), "{}: a line without its block: {line}", path.display());
        }
    }
}

#[test]
fn inspect_shows_escape_bytes_in_a_record_as_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>Report &#x1b;]0;pwned&#7; Title</title></head><body><h1>Report</h1>\
         <h2>Section &#x1b;[31mOne</h2><ul><li>An entry about Chad &#x1b;[2J with an escape.</li>\
         <li>Another entry about Peru.</li></ul></body></html>",
    )
    .unwrap();
    for args in [&["inspect"][..], &["inspect", "--json"], &["inspect", "--explain"]] {
        let text = ok(args.iter().map(std::ffi::OsStr::new).chain([page.as_os_str()]));
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{args:?}: {text:?}");
    }
}

#[test]
fn a_markdown_record_is_dated_by_its_front_matter() {
    // The fact sheet's front matter says 2022-03-29; its quote was said on 2021-12-09.
    let v: serde_json::Value =
        serde_json::from_str(&ok(["inspect", "--json", "tests/fixtures/fact-sheet.md"])).unwrap();
    assert_eq!(v["date"], "2022-03-29");
    assert_eq!(v["quote"]["date"], "2021-12-09");
    let text = ok(["inspect", "tests/fixtures/fact-sheet.md"]);
    assert!(text.lines().take(3).any(|l| l == "Dated 2022-03-29"), "{text}");
}

/// A page with no list of entries opens with its title, quote and introduction, and says so
/// (on stderr: stdout is the record); a binary file is still refused.
#[test]
fn inspect_opens_a_page_without_entries_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("blog.txt");
    std::fs::write(
        &page,
        "Honoring Refugees on World Refugee Day\n\n\"Protecting and assisting refugees is a part of our history as a nation.\"\n\nPresident Obama\n\nEvery year, communities across the globe honor the courage and resilience of refugees.\n",
    )
    .unwrap();
    let out = run(["inspect".as_ref(), page.as_os_str(), "--json".as_ref()]);
    assert!(out.success(), "{}", out.stderr);
    assert!(out.stderr.contains("No list of entries was found on this page"), "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["title"], "Honoring Refugees on World Refugee Day");
    assert_eq!(v["quote"]["speaker"], "President Obama");
    assert!(v["intro"].as_str().unwrap().starts_with("Every year"));
    assert!(v["sections"].as_array().unwrap().is_empty());

    let binary = dir.path().join("program.txt");
    let mut bytes = vec![0x7f, b'E', b'L', b'F', 2, 1, 1, 0];
    bytes.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    std::fs::write(&binary, bytes).unwrap();
    assert!(fails(["inspect".as_ref(), binary.as_os_str()]).contains("binary file"));
}

/// A closed pipe (`record-reader inspect | head`) ends the command quietly; a stdout that
/// fails otherwise is said, with exit code 1.
#[test]
fn a_closed_stdout_ends_quietly_and_a_failing_one_is_said() {
    struct Failing(std::io::ErrorKind);
    impl std::io::Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut err = Vec::new();
    let code =
        record_reader::cli::run(["record-reader", "inspect"], &mut Failing(std::io::ErrorKind::BrokenPipe), &mut err);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(err.is_empty(), "{}", String::from_utf8_lossy(&err));
    let code =
        record_reader::cli::run(["record-reader", "regions"], &mut Failing(std::io::ErrorKind::StorageFull), &mut err);
    assert_eq!(code, ExitCode::FAILURE);
    let said = String::from_utf8(err).unwrap();
    assert!(said.starts_with("record-reader: ") && said.ends_with('\n') && said.lines().count() == 1, "{said}");
}

/// `bench gen`: a record and its notes, or a library of records, each file named on stdout.
#[test]
fn bench_gen_writes_a_record_and_its_notes_or_a_library() {
    let dir = tempfile::tempdir().unwrap();
    let out = ok([
        "bench".as_ref(),
        "gen".as_ref(),
        "--entries".as_ref(),
        "60".as_ref(),
        "--notes".as_ref(),
        "7".as_ref(),
        dir.path().as_os_str(),
    ]);
    let files: Vec<&str> = out.lines().collect();
    assert_eq!(files.len(), 2, "{out}");
    assert!(files[0].ends_with("record-60.txt") && files[1].ends_with(".notes.ron"), "{out}");
    // The 7 notes, some of them in the Trash, as `notes list` reads them.
    let count = |trash: &[&str]| {
        let notes_dir = dir.path().join("notes");
        let args =
            ["notes", "--notes-dir", &notes_dir.to_string_lossy(), "list", "--json", files[0]].map(str::to_owned);
        let listed = ok(args.into_iter().chain(trash.iter().map(|t| (*t).to_owned())));
        serde_json::from_str::<serde_json::Value>(&listed).unwrap().as_array().map_or(0, Vec::len)
    };
    assert_eq!(count(&[]) + count(&["--trash"]), 7);
    let library = dir.path().join("library");
    let out = ok(["bench".as_ref(), "gen".as_ref(), "--records".as_ref(), "3".as_ref(), library.as_os_str()]);
    assert!(out.starts_with("3 records, ") && out.trim_end().ends_with(&*library.to_string_lossy()), "{out}");
}
