//! The window open on a record while a sync tool leaves conflict copies of its notes file in
//! the notes folder (driven through AccessKit with `egui_kittest`): its watch merges each in,
//! the notes panel shows the other machine's notes, the copy goes from the folder, and the
//! status bar says so. A copy that cannot be read stays, and the status bar says why.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::notes::store::{notes_path, notes_to_ron};
use record_reader::core::notes::{Note, NotesStore};
use record_reader::core::open::embedded;
use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
use record_reader::gui::{Prefs, ReaderApp, style};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

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

/// The card of a live note in the notes panel, as AccessKit names it.
fn card(number: &str, body: &str) -> String {
    format!("Note on {number}: {body}")
}

/// A conflict copy's name for the built-in record's notes file: `marker` before `.ron`.
fn copy_name(marker: &str) -> String {
    let file = notes_path(Path::new(""), &embedded().unwrap().id);
    format!("{}{marker}.ron", file.to_str().unwrap().strip_suffix(".ron").unwrap())
}

/// Runs frames (a quarter of a second of the window's time each) until `done` holds;
/// fails after 20 s.
fn run_until(
    h: &mut Harness<'static, ReaderApp>,
    what: &str,
    mut done: impl FnMut(&Harness<'static, ReaderApp>) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        h.step();
        if done(h) {
            return;
        }
        assert!(Instant::now() < deadline, "after 20 s, {what}; the status bar says {:?}", h.state().status);
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn the_window_merges_each_tool_s_conflict_copy_as_it_appears_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let on = |number: &str, body: &str| Note::on_entry(&doc, doc.find_entry(number).unwrap().1, body);
    // This machine's note, saved before the window opens.
    let mut store = NotesStore::open(dir.path(), &doc.id);
    let ours = on("1.1", "ours, from this machine");
    store.put(ours.clone());
    store.save().unwrap();
    let mut h = harness(dir.path());
    h.get_by_label(&card("1.1", "ours, from this machine"));
    h.get_by_label("Notes · 1");

    for (i, (marker, tool, number)) in [
        (".sync-conflict-20261206-101010-ABCDEF7", "Syncthing", "2.1"),
        (" (conflicted copy Jane Doe 2026-12-06 101010)", "Nextcloud", "2.2"),
        (" (Jane Doe's conflicted copy 2026-12-06)", "Dropbox", "2.3"),
    ]
    .into_iter()
    .enumerate()
    {
        // The other machine's notes file, with our note and one of its own, as the sync
        // tool leaves it beside ours.
        let body = format!("theirs, by way of {tool}");
        let theirs = on(number, &body);
        let name = copy_name(marker);
        let copy = dir.path().join(&name);
        std::fs::write(&copy, notes_to_ron(&doc.id, &BTreeMap::new(), vec![&ours, &theirs]).unwrap()).unwrap();

        let said = format!("Merged 1 note from a {tool} conflict copy ({name}) and removed it");
        run_until(&mut h, &format!("the {tool} copy is not merged, removed and told"), |h| {
            !copy.exists() && h.query_by_label(&said).is_some()
        });
        // The panel shows the other machine's note beside ours.
        h.run();
        h.get_by_label(&card(number, &body));
        h.get_by_label(&card("1.1", "ours, from this machine"));
        h.get_by_label(&format!("Notes · {}", i + 2));
        // And the notes file holds them, as a new window would read it.
        let on_disk = NotesStore::open(dir.path(), &doc.id);
        assert!(on_disk.live().any(|n| n.body == body), "{tool}: its note is not in the notes file");
        assert!(on_disk.warnings.is_empty(), "{:?}", on_disk.warnings);
    }
}

#[test]
fn a_copy_that_cannot_be_read_is_kept_and_the_status_bar_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    let name = copy_name(" (Jane Doe's conflicted copy 2026-12-06)");
    let copy = dir.path().join(&name);
    let bytes = b"(version: 1, notes: [ (id: \"cut short".to_vec();
    std::fs::write(&copy, &bytes).unwrap();
    let said = format!(
        "Error: A Dropbox conflict copy ({name}) was not merged and was left as it was: it is not a notes file"
    );
    run_until(&mut h, "the damaged copy is not told", |h| h.query_by_label_contains(&said).is_some());
    assert_eq!(std::fs::read(&copy).unwrap(), bytes, "the damaged copy was changed");
    // Told once, not at every look: dismissed, it does not come back.
    // (Through AccessKit, as a screen reader clicks: a pointer click on the status bar's
    // "Dismiss" beside a message of two lines is not taken in the harness.)
    h.get_by_label("Dismiss").click_accesskit();
    h.run();
    assert!(h.state().status.is_none(), "not dismissed: {:?}", h.state().status);
    for _ in 0..20 {
        h.step();
    }
    assert!(h.state().status.is_none(), "told again: {:?}", h.state().status);
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
}
