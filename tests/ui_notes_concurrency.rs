//! The window and the command line writing one notes file at the same time: the window
//! (driven through AccessKit with `egui_kittest`, its autosave on a thread of its own) keeps
//! what the command line adds, trashes and removes, and the command line keeps what the
//! window writes.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::notes::{NotesStore, SaveState};
use record_reader::core::open::embedded;
use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
use record_reader::gui::{Prefs, ReaderApp, style};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

fn harness(notes_dir: &Path) -> Harness<'static, ReaderApp> {
    let app =
        ReaderApp::new(embedded().unwrap(), Prefs::default(), Box::new(ScriptedDialog::default()), notes_dir).unwrap();
    // Tall, so that every note's card is laid out in the (virtualised) list.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 8000.0))
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    h
}

/// A text field, found by its placeholder as a reader sees it.
fn input<'h>(h: &'h Harness<'static, ReaderApp>, placeholder: &'h str) -> egui_kittest::Node<'h> {
    h.get_by(|n| n.placeholder() == Some(placeholder))
}

/// Clicks into a text field and types, as a reader would.
fn type_into(h: &mut Harness<'static, ReaderApp>, placeholder: &str, text: &str) {
    input(h, placeholder).focus();
    h.run();
    input(h, placeholder).type_text(text);
    h.run();
}

/// The command line on one notes folder. What a command that succeeded said on stderr is
/// kept: when nothing is wrong it says nothing.
#[derive(Debug, Clone)]
struct Cli {
    dir: PathBuf,
    warnings: Arc<Mutex<Vec<String>>>,
}

impl Cli {
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new(env!("CARGO_BIN_EXE_record-reader"))
            .env("RECORD_READER_NOTES_DIR", &self.dir)
            .arg("notes")
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("could not start `notes {}`: {e}", args.join(" ")))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(format!("`notes {}` failed ({}): {stderr}", args.join(" "), out.status));
        }
        if !stderr.trim().is_empty() {
            self.warnings.lock().unwrap().push(format!("`notes {}` said: {stderr}", args.join(" ")));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn add(&self, entry: &str, body: &str) -> Result<Uuid, String> {
        let out = self.run(&["add", "--entry", entry, "--body", body])?;
        Uuid::parse_str(out.trim()).map_err(|e| format!("`notes add` printed {out:?}, not an id: {e}"))
    }

    fn rm(&self, id: Uuid, purge: bool) -> Result<(), String> {
        let id = id.to_string();
        if purge { self.run(&["rm", &id, "--purge"]) } else { self.run(&["rm", &id]) }.map(drop)
    }

    fn assert_no_warnings(&self) {
        let w = self.warnings.lock().unwrap();
        assert!(w.is_empty(), "the command line warned though nothing was wrong:\n{}", w.join("\n"));
    }
}

/// Notes by id: (body, in the Trash).
type Notes = BTreeMap<Uuid, (String, bool)>;

fn notes_of(store: &NotesStore) -> Notes {
    store.notes.values().map(|n| (n.id, (n.body.clone(), n.is_deleted()))).collect()
}

/// What the notes file holds, read as a new window would.
fn on_disk(dir: &Path) -> (Notes, Vec<String>) {
    let store = NotesStore::open(dir, &embedded().unwrap().id);
    (notes_of(&store), store.warnings.clone())
}

/// Runs frames (a quarter of a second of the window's time each) until the window has
/// saved, and the file and the window both hold exactly `expected`. Fails after 20 s.
fn wait_until_both_hold(h: &mut Harness<'static, ReaderApp>, dir: &Path, expected: &Notes, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        h.step();
        let app = h.state();
        let saved = app.notes.store.state == SaveState::Saved && app.notes.dirty_since.is_none();
        let window = notes_of(&app.notes.store);
        let (disk, warnings) = on_disk(dir);
        if saved && window == *expected && disk == *expected {
            assert!(warnings.is_empty(), "{what}: the file reads with warnings: {warnings:?}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: after 20 s,\nthe window ({:?}) holds {window:#?}\nthe file holds {disk:#?}\nexpected {expected:#?}",
            app.notes.store.state
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs frames until `job` (the command line) is done, calling `each` before every frame,
/// and counts in `saves` the saves the window finished meanwhile. Fails after 30 s.
fn run_while<T>(
    h: &mut Harness<'static, ReaderApp>,
    job: &std::thread::JoinHandle<T>,
    saves: &AtomicU64,
    mut each: impl FnMut(&mut Harness<'static, ReaderApp>, u64),
) {
    let started = Instant::now();
    let mut frame = 0;
    let mut was = h.state().notes.store.state.clone();
    while !job.is_finished() {
        assert!(started.elapsed() < Duration::from_secs(30), "the command line did not finish in 30 s");
        each(h, frame);
        h.step();
        let now = h.state().notes.store.state.clone();
        assert!(!matches!(now, SaveState::Error(_) | SaveState::ReadOnly(_)), "the window could not save: {now:?}");
        if now == SaveState::Saved && was != SaveState::Saved {
            saves.fetch_add(1, Ordering::SeqCst);
        }
        was = now;
        frame += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The command line's side: `notes add` (bodies `cli-<first>`, `cli-<first + 1>`, …) at
/// least `at_least` times, and on until the window has saved `window_saves` times meanwhile,
/// so that their writes overlap however fast either side runs; `after(i, added)` runs after
/// each add. Fails if the window has not saved after `cap` notes.
fn cli_adds(
    cli: Cli,
    numbers: Vec<String>,
    first: usize,
    at_least: usize,
    window_saves: (Arc<AtomicU64>, u64),
    cap: usize,
    mut after: impl FnMut(&Cli, usize, &[Added]) -> Result<(), String> + Send + 'static,
) -> std::thread::JoinHandle<Result<Vec<Added>, String>> {
    std::thread::spawn(move || {
        let mut added = Vec::new();
        for i in first.. {
            if i - first >= at_least && window_saves.0.load(Ordering::SeqCst) >= window_saves.1 {
                return Ok(added);
            }
            if i - first >= cap {
                return Err(format!("the window did not save {} times while {cap} notes were added", window_saves.1));
            }
            let number = numbers[(5 + i * 3) % numbers.len()].clone();
            let body = format!("cli-{i}");
            added.push((cli.add(&number, &body)?, number, body));
            after(&cli, i, &added)?;
        }
        unreachable!()
    })
}

/// A note the command line added: its id, entry number and body.
type Added = (Uuid, String, String);

/// The card of a live note in the notes panel, as AccessKit names it.
fn card(number: &str, body: &str) -> String {
    format!("Note on {number}: {body}")
}

#[test]
fn the_window_and_the_command_line_write_one_file_and_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let numbers: Vec<String> = doc.entries().map(|(_, e)| e.number.to_string()).collect();
    let cli = Cli { dir: dir.path().to_owned(), warnings: Arc::default() };
    let mut h = harness(dir.path());

    // In the window: a note on 1.1, typed as a reader would.
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    type_into(&mut h, "Write your note (Markdown)…", "window: OAS");
    let window_note = h.state().notes.store.live().next().unwrap().id;

    // Meanwhile the command line adds notes (ten at least, and on until the window has saved
    // twice) and moves one of them to the Trash, while the window runs frames and the reader
    // keeps typing: its autosave writes on a thread of its own, again and again.
    let saves = Arc::new(AtomicU64::new(0));
    let from_cli = cli_adds(cli.clone(), numbers.clone(), 0, 10, (saves.clone(), 2), 30, |cli, i, added| {
        if i == 6 { cli.rm(added[3].0, false) } else { Ok(()) }
    });
    let mut body = "window: OAS".to_owned();
    run_while(&mut h, &from_cli, &saves, |h, frame| {
        if frame % 4 == 0 {
            h.get_by_role(egui::accesskit::Role::MultilineTextInput).type_text(".");
            body.push('.');
        }
    });
    let added = from_cli.join().unwrap().unwrap();

    let mut expected: Notes = [(window_note, (body.clone(), false))].into();
    for (i, (id, _, body)) in added.iter().enumerate() {
        expected.insert(*id, (body.clone(), i == 3));
    }
    wait_until_both_hold(&mut h, dir.path(), &expected, "after the command line's adds and rm");
    // The panel shows what the command line wrote.
    h.run();
    h.get_by_label(&format!("Notes · {}", added.len()));
    h.get_by_label(&card("1.1", &body));
    for (i, (_, number, body)) in added.iter().enumerate() {
        let shown = h.query_by_label(&card(number, body)).is_some();
        assert_eq!(shown, i != 3, "the card of {body} on {number} (in the Trash: {})", i == 3);
    }
    h.get_by_label("Trash · 1");

    // The window's note typed on, while the command line removes one of its notes for good
    // and adds five more (and on until the window has saved again).
    h.get_by_role(egui::accesskit::Role::MultilineTextInput).type_text(", and more");
    h.run();
    body.push_str(", and more");
    let saves = Arc::new(AtomicU64::new(0));
    let purged = added[5].clone();
    let (purged_id, first) = (purged.0, added.len());
    let from_cli = cli_adds(cli.clone(), numbers.clone(), first, 5, (saves.clone(), 1), 30, move |cli, i, _| {
        if i == first { cli.rm(purged_id, true) } else { Ok(()) }
    });
    run_while(&mut h, &from_cli, &saves, |h, frame| {
        if frame % 4 == 0 {
            h.get_by_role(egui::accesskit::Role::MultilineTextInput).type_text("!");
            body.push('!');
        }
    });
    let more = from_cli.join().unwrap().unwrap();
    expected.insert(window_note, (body.clone(), false));
    expected.remove(&purged.0);
    for (id, _, body) in &more {
        expected.insert(*id, (body.clone(), false));
    }
    wait_until_both_hold(&mut h, dir.path(), &expected, "after typing on in the window");
    h.run();
    h.get_by_label(&format!("Notes · {}", added.len() - 1 + more.len()));
    h.get_by_label(&card("1.1", &body));
    assert!(h.query_by_label(&card(&purged.1, &purged.2)).is_none(), "the note removed for good is gone");
    let live = added.iter().enumerate().filter(|(i, _)| ![3, 5].contains(i)).map(|(_, a)| a);
    for (_, number, body) in live.chain(&more) {
        h.get_by_label(&card(number, body));
    }
    cli.assert_no_warnings();
}
