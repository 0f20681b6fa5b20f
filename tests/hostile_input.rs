//! Hostile documents: what is not a file, HTML nested without end, inputs that make a parser
//! slow, and UTF-8 with a few broken bytes. Each must end promptly, with a document or a
//! clear error, in the library, the command line and the window.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::open::{EMBEDDED_TEXT, embedded, from_bytes, open_path};
use record_reader::core::{Document, DocumentError};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a command may take before it counts as hung.
const PROMPTLY: Duration = Duration::from_secs(10);

/// Runs the real binary with `args`, killed if it runs longer than `limit`. Its address space
/// is capped, so that a build that reads `/dev/zero` without end fails instead of taking the
/// machine's memory.
fn run_binary(args: &[&str], limit: Duration) -> (Output, Duration) {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 4000000 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_record-reader"))
        .args(args)
        .env("RECORD_READER_NOTES_DIR", std::env::temp_dir().join("record-reader-hostile-notes"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes beside the wait, so that a large output cannot block the child.
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`record-reader {}` was still running after {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let stdout = out_reader.join().unwrap().unwrap();
    let stderr = err_reader.join().unwrap().unwrap();
    (Output { status, stdout, stderr }, elapsed)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A named pipe in a fresh folder.
#[cfg(unix)]
fn make_fifo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("record.txt");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo");
    (dir, fifo)
}

/// Runs `f`; if it is still running after [`PROMPTLY`], a writer opens `fifo` and closes it
/// (end of file), so that a reader blocked on the FIFO returns and the test fails, instead of
/// hanging the test run. Returns `f`'s result and whether it had to be set free.
#[cfg(unix)]
fn with_fifo_watchdog<T>(fifo: &Path, f: impl FnOnce() -> T) -> (T, bool) {
    use std::os::unix::fs::OpenOptionsExt as _;
    let done = AtomicBool::new(false);
    let freed = AtomicBool::new(false);
    let result = std::thread::scope(|s| {
        s.spawn(|| {
            let start = Instant::now();
            while !done.load(Ordering::SeqCst) {
                if start.elapsed() > PROMPTLY {
                    // Non-blocking: succeeds only while a reader waits on the FIFO.
                    let writer = std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(fifo);
                    if writer.is_ok() {
                        freed.store(true, Ordering::SeqCst);
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let result = f();
        done.store(true, Ordering::SeqCst);
        result
    });
    (result, freed.load(Ordering::SeqCst))
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_document_is_refused_by_the_command_line() {
    let (_dir, fifo) = make_fifo();
    let (out, _) = run_binary(&["inspect", fifo.to_str().unwrap()], PROMPTLY);
    assert!(!out.status.success(), "a FIFO is not a document");
    assert!(stderr(&out).contains("named pipe (FIFO)"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_document_is_refused_by_open_path() {
    let (_dir, fifo) = make_fifo();
    let (result, freed) = with_fifo_watchdog(&fifo, || open_path(&fifo));
    assert!(!freed, "open_path waited on the FIFO for a writer");
    let err = result.unwrap_err();
    assert!(err.to_string().contains("named pipe (FIFO), not a regular file"), "{err}");
}

#[cfg(unix)]
#[test]
fn devices_that_never_end_are_refused_promptly() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let (out, elapsed) = run_binary(&["inspect", device], PROMPTLY);
        assert!(!out.status.success(), "{device} is not a document");
        let err = stderr(&out);
        assert!(err.contains("is a device, not a regular file"), "{device}: {err}");
        assert!(elapsed < PROMPTLY, "{device}");
        let lib = open_path(Path::new(device)).unwrap_err();
        assert!(lib.to_string().contains("is a device, not a regular file"), "{device}: {lib}");
    }
}

#[test]
fn a_folder_as_the_document_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = open_path(dir.path()).unwrap_err();
    assert!(err.to_string().contains("a folder, not a regular file"), "{err}");
}

/// The seed record with `bad` byte strings inserted inside entries (never in the quote, the
/// introduction or a heading, which make the document's id): after the tenth character of
/// entries 1, 11, 21…
fn seed_with_bad_bytes(bad: &[&[u8]]) -> Vec<u8> {
    let clean = embedded().unwrap();
    let mut at: Vec<usize> = clean
        .entries()
        .step_by(10)
        .take(bad.len())
        .map(|(_, e)| {
            let head: String = e.text.chars().take(20).collect();
            let start = EMBEDDED_TEXT.find(&head).unwrap_or_else(|| panic!("{head:?} is in the seed"));
            start + head.char_indices().nth(10).unwrap().0
        })
        .collect();
    assert_eq!(at.len(), bad.len(), "enough entries");
    let mut bytes = EMBEDDED_TEXT.as_bytes().to_vec();
    // From the last position back, so that the earlier ones stay where they are.
    at.reverse();
    for (pos, b) in at.into_iter().zip(bad.iter().rev()) {
        bytes.splice(pos..pos, b.iter().copied());
    }
    assert!(std::str::from_utf8(&bytes).is_err());
    bytes
}

/// The broken bytes tried: a stray byte, Latin-1 and Windows-1252 characters, a character cut
/// short.
const BAD_BYTES: &[&[&[u8]]] = &[&[b"\xFF"], &[b"\xE9", b"\x95"], &[b"\x93", b"\xE2\x80", b"\xA0"]];

#[test]
fn a_few_bad_bytes_leave_a_utf8_record_utf8_with_its_id() {
    let clean = embedded().unwrap();
    let bullets = EMBEDDED_TEXT.matches('•').count();
    for bad in BAD_BYTES {
        let bytes = seed_with_bad_bytes(bad);
        let decoded = record_reader::core::decode::decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8", "{bad:?}");
        assert_eq!(decoded.text.matches('•').count(), bullets, "{bad:?}: bullets intact");
        assert_eq!(decoded.text.matches('\u{fffd}').count(), bad.len(), "{bad:?}");
        let doc = from_bytes(&bytes, None).unwrap();
        assert_eq!(doc.sections.len(), clean.sections.len(), "{bad:?}");
        assert_eq!(doc.entry_count(), clean.entry_count(), "{bad:?}");
        // The same quote, introduction and headings: the id those make is the record's
        // former id (its notes of before are taken over); its own id takes in its entries'
        // words too since issue 26, and a bad byte inside a word changes them.
        assert_eq!(doc.former_id.as_deref(), Some(clean.id.as_str()), "{bad:?}: the same record");
        let broken: usize = bad.iter().map(|b| b.len()).sum();
        assert_eq!(doc.warnings.len(), 1, "{bad:?}");
        assert!(doc.warnings[0].starts_with(&format!("{broken} byte")), "{:?}", doc.warnings);
        assert!(doc.warnings[0].contains("not valid UTF-8") && doc.warnings[0].ends_with("replaced with �"));
    }
    assert!(clean.warnings.is_empty());
}

#[test]
fn the_command_line_tells_of_replaced_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("record.txt");
    std::fs::write(&path, seed_with_bad_bytes(BAD_BYTES[2])).unwrap();
    let (out, _) = run_binary(&["inspect", path.to_str().unwrap()], PROMPTLY);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: 4 bytes that are not valid UTF-8 were replaced with �"),
        "{}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("6 sections, 37 entries"));
    let (clean, _) = run_binary(&["inspect", "assets/documents/promoting-democracy-and-human-rights.txt"], PROMPTLY);
    assert!(clean.status.success() && clean.stderr.is_empty(), "{}", stderr(&clean));
}

/// The window, driven as `tests/ui.rs` drives it.
#[cfg(feature = "gui")]
mod window {
    use super::*;
    use egui_kittest::Harness;
    use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
    use record_reader::gui::{DocumentCommand, ExportCommand, Prefs, ReaderApp, Status, style};

    pub fn harness(notes_dir: &Path) -> Harness<'static, ReaderApp> {
        let doc = record_reader::core::open::embedded().unwrap();
        let app = ReaderApp::new(doc, Prefs::default(), Box::new(ScriptedDialog::default()), notes_dir).unwrap();
        // The window's fonts have no glyph for U+FFFD, which a document with broken bytes
        // shows: the window draws a box for it; the test harness would panic.
        let mut h = Harness::builder()
            .with_size(egui::vec2(1100.0, 900.0))
            .with_context_setup(style::apply)
            .allow_missing_glyphs()
            .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
        h.run();
        h
    }

    /// Opens `path` as the window does (on its background thread) and runs frames until it is
    /// shown or refused; false if it was still opening after `limit`.
    pub fn open_in_window(h: &mut Harness<'static, ReaderApp>, path: &Path, limit: Duration) -> bool {
        h.state_mut().apply(DocumentCommand::Open(path.to_owned()));
        let start = Instant::now();
        h.step();
        while h.state().is_opening() {
            if start.elapsed() > limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
            h.step();
        }
        h.run_steps(2);
        true
    }

    pub fn status(h: &Harness<'static, ReaderApp>) -> Option<Status> {
        h.state().status.clone()
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_opened_in_the_window_is_refused() {
        let notes = tempfile::tempdir().unwrap();
        let (_dir, fifo) = make_fifo();
        let mut h = harness(notes.path());
        let (opened, freed) = with_fifo_watchdog(&fifo, || open_in_window(&mut h, &fifo, 2 * PROMPTLY));
        assert!(opened && !freed, "the window waited on the FIFO");
        let status = status(&h);
        assert!(matches!(&status, Some(Status::Error(m)) if m.contains("named pipe (FIFO)")), "{status:?}");
        assert_eq!(h.state().doc.sections.len(), 6, "the record open before is still there");
    }

    #[test]
    fn the_window_tells_of_replaced_bytes() {
        let notes = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record.txt");
        std::fs::write(&path, seed_with_bad_bytes(BAD_BYTES[0])).unwrap();
        let mut h = harness(notes.path());
        assert!(open_in_window(&mut h, &path, 2 * PROMPTLY));
        let status = status(&h);
        assert!(
            matches!(&status, Some(Status::Info(m)) if m.contains("6 sections, 37 entries")
                && m.contains("1 byte that is not valid UTF-8 was replaced with �")),
            "{status:?}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_imported_as_notes_is_refused() {
        let notes = tempfile::tempdir().unwrap();
        let (_dir, fifo) = make_fifo();
        let mut h = harness(notes.path());
        let ((), freed) = with_fifo_watchdog(&fifo, || h.state_mut().apply(ExportCommand::ImportPath(fifo.clone())));
        assert!(!freed, "the window waited on the FIFO");
        let status = status(&h);
        assert!(matches!(&status, Some(Status::Error(m)) if m.contains("named pipe (FIFO)")), "{status:?}");
    }
}

/// An HTML page with `depth` elements nested in one another, each level opened with `open`
/// and closed with `close`; every 10,000th level holds a word, and the deepest holds "bottom".
fn nested_page(open: &str, close: &str, depth: usize) -> String {
    let mut page = String::with_capacity(depth * (open.len() + close.len()) + 200);
    // A heading and two entries, so that the page is a record.
    page.push_str("<!DOCTYPE html><html><head><title>Deep</title></head><body><h2>Deep Section</h2>\n");
    page.push_str("<ul><li>Worked with partners in Haiti.</li><li>Met with partners in Chile.</li></ul>\n");
    for level in 0..depth {
        page.push_str(open);
        if level % 10_000 == 0 {
            page.push_str(&format!("level{level} "));
        }
    }
    page.push_str("bottom");
    for _ in 0..depth {
        page.push_str(close);
    }
    page.push_str("</body></html>\n");
    page
}

/// The nestings that stress a parser and a walker: inline and block elements, lists,
/// tables, formatting elements that the HTML parser reopens, and unclosed tags.
const NESTINGS: &[(&str, &str, &str)] = &[
    ("span", "<span>", "</span>"),
    ("div", "<div>", "</div>"),
    ("ul-li", "<ul><li>", "</li></ul>"),
    ("table", "<table><tr><td>", "</td></tr></table>"),
    ("b", "<b>", "</b>"),
    ("blockquote", "<blockquote>", "</blockquote>"),
    ("unclosed-div", "<div>", ""),
    ("svg", "<svg><g>", "</g></svg>"),
    ("object", "<object>", "</object>"),
    ("template", "<template>", "</template>"),
];

/// Nestings whose content is hidden: only the record around them is shown.
const HIDDEN: &[&str] = &["object", "template"];

/// The text of the page: all its words, in order, the deepest included.
fn assert_text_kept(name: &str, depth: usize, text: &str) {
    assert!(text.contains("Worked with partners in Haiti."), "{name}: the entries before are lost");
    if HIDDEN.contains(&name) {
        assert!(!text.contains("bottom"), "{name}: hidden text is shown");
        return;
    }
    let mut at = 0;
    for level in (0..depth).step_by(10_000) {
        let word = format!("level{level}");
        let found = text[at..].find(&word).unwrap_or_else(|| panic!("{name}: {word} lost or out of order"));
        at += found + word.len();
    }
    assert!(text[at..].contains("bottom"), "{name}: the deepest text is lost");
}

/// The depths tried: every nesting 100,000 deep, and some a million deep (the others take
/// the same paths, only slower in a debug build).
fn depths(name: &str, million: &[&str]) -> Vec<usize> {
    if million.contains(&name) { vec![100_000, 1_000_000] } else { vec![100_000] }
}

#[test]
fn deeply_nested_html_is_read_on_a_small_stack() {
    for &(name, open, close) in NESTINGS {
        for depth in depths(name, &["span", "div"]) {
            let page = nested_page(open, close, depth);
            // The window opens documents on a thread with the default stack of 2 MiB.
            let text = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || record_reader::core::blocks::html::read(&page).text())
                .unwrap()
                .join()
                .unwrap();
            assert_text_kept(name, depth, &text);
        }
    }
}

/// Just under the depth below which tags are flattened, a page is given whole to every
/// reader of the DOM (Readability's too): on the window's small stack.
#[test]
fn html_nested_just_under_the_taming_depth_is_read_on_a_small_stack() {
    for &(name, open, close) in NESTINGS {
        let page = nested_page(open, close, 500);
        let text = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || record_reader::core::blocks::html::read(&page).text())
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("{name}: reading the page failed"));
        assert_text_kept(name, 500, &text);
    }
}

#[test]
fn deeply_nested_html_opens_in_the_command_line() {
    // The main thread's stack, 8 MiB; a stack overflow aborts the process (exit 134).
    let dir = tempfile::tempdir().unwrap();
    for &(name, open, close) in NESTINGS {
        for depth in depths(name, &["span"]) {
            let path = dir.path().join(format!("{name}-{depth}.html"));
            std::fs::write(&path, nested_page(open, close, depth)).unwrap();
            let (out, _) = run_binary(&["inspect", "--json", path.to_str().unwrap()], Duration::from_secs(120));
            assert!(out.status.success(), "{name} {depth}: {:?} {}", out.status, stderr(&out));
            assert_text_kept(name, depth, &String::from_utf8_lossy(&out.stdout));
        }
    }
}

/// Title-case headings, numbered so that each is its own, with a short entry under each
/// when `entries`.
fn headings(n: usize, entries: bool) -> String {
    const WORDS: [&str; 8] = ["Advancing", "Democracy", "Human", "Rights", "Labor", "Refugees", "Justice", "Peace"];
    let mut text = String::with_capacity(n * 40);
    for i in 0..n {
        text.push_str(&format!("{} {} {i}\n", WORDS[i % 8], WORDS[(i / 8) % 8]));
        if entries {
            text.push_str(&format!("• Met partners {i}.\n"));
        }
    }
    text
}

fn unique_section_ids(doc: &Document) -> usize {
    doc.sections.iter().map(|s| s.id.as_str()).collect::<std::collections::HashSet<_>>().len()
}

// The parser was quadratic in the sections (their ids were searched for in a list): 300,000
// headings (10 MB) took 242 s. The real case runs here, so that a return to quadratic time
// shows as a suite that takes minutes; no time is asserted.
#[test]
fn three_hundred_thousand_headings_parse() {
    let n = 300_000;
    let doc = from_bytes(headings(n, true).as_bytes(), Some("headings.txt")).unwrap();
    assert_eq!(doc.sections.len(), n);
    assert!(doc.sections.iter().all(|s| s.entries.len() == 1));
    assert_eq!(unique_section_ids(&doc), n);

    // Headings and nothing else: no record, said at once.
    let err = from_bytes(headings(n, false).as_bytes(), Some("headings.txt")).unwrap_err();
    assert!(matches!(err, DocumentError::NotADocument), "{err}");
}

#[test]
fn many_sections_of_one_title_get_unique_ids() {
    // Each repeated title searched its suffix from "-2" on, through a list: cubic.
    let n = 30_000;
    let text: String = (0..n).map(|i| format!("Advancing Democracy\n• Met partners {i}.\n")).collect();
    let doc = from_bytes(text.as_bytes(), None).unwrap();
    assert_eq!(doc.sections.len(), n);
    assert_eq!(unique_section_ids(&doc), n);
    assert_eq!(doc.sections[n - 1].id, format!("advancing-democracy-{n}"));
}

#[test]
fn a_long_introduction_before_a_late_heading_parses() {
    // Each paragraph of the introduction searched the rest of the text for a heading.
    let n = 100_000;
    let mut text = String::from("Some Heading Here\n\n");
    for i in 0..n {
        text.push_str(&format!("The administration worked with partners in Haiti on item number {i} and more.\n\n"));
    }
    text.push_str("A Late Heading\n\nThe last paragraph of this record is here, and it is prose.\n");
    let doc = from_bytes(text.as_bytes(), None).unwrap();
    assert_eq!(doc.intro.matches("The administration worked").count(), n);
    assert_eq!(doc.sections.len(), 1);
    assert_eq!(doc.sections[0].title, "A Late Heading");
}

#[test]
fn a_bullet_wrapped_over_many_lines_parses() {
    // Each wrapped line was joined to the whole bullet so far: quadratic in its length
    // (100,000 lines took 77 s in a debug build).
    let n = 300_000;
    let mut text = String::from("Heading One\n\n• worked with partners\n");
    for i in 0..n {
        text.push_str(&format!("and with more partners in place {i}\n"));
    }
    let doc = from_bytes(text.as_bytes(), None).unwrap();
    let entries: Vec<&str> = doc.entries().map(|(_, e)| e.text.as_str()).collect();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].starts_with("worked with partners and with more partners in place 0 and"));
    assert!(entries[0].ends_with(&format!("in place {}", n - 1)));
}
