//! The file dialogs in the window, driven through AccessKit as `tests/ui.rs` drives it: the
//! in-app dialog (shown when no desktop portal runs) picks a path and the command flows on;
//! every failure to save or open reaches the window; a save offers to open its folder.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::open::embedded;
use record_reader::gui::dialogs::fallback_dialog::InAppDialog;
use record_reader::gui::dialogs::file_dialog::{FailingDialog, FileDialog};
use record_reader::gui::{NotesCommand, Prefs, ReaderApp, Status, style};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn harness(notes_dir: &Path, dialog: Box<dyn FileDialog>) -> Harness<'static, ReaderApp> {
    let app = ReaderApp::new(embedded().unwrap(), Prefs::default(), dialog, notes_dir).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 900.0))
        .with_context_setup(style::apply)
        // Opening the dialog takes a few passes: drawn, then the keyboard given to its name box.
        .with_max_steps(10)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    h
}

/// The in-app dialog, offering `recent` and `documents` as its places (never the user's own).
fn in_app(recent: &Path, documents: Option<&Path>) -> Box<dyn FileDialog> {
    Box::new(InAppDialog::with_places([recent.to_path_buf()], None, documents.map(Path::to_path_buf)))
}

/// Is this the in-app dialog's window with this title? (`egui_file` puts an icon before it.)
fn is_dialog(n: &egui_kittest::kittest::AccessKitNode<'_>, title: &str) -> bool {
    n.role() == Role::Window && n.label().is_some_and(|l| l.strip_prefix("💾  ") == Some(title))
}

/// The in-app dialog's file name box, by its name as a screen reader reads it.
fn file_name_box<'h>(h: &'h Harness<'static, ReaderApp>, title: &'h str) -> egui_kittest::Node<'h> {
    let window = h.get_by(|n| is_dialog(n, title));
    window.get_by(|n| n.role() == Role::TextInput && n.label().as_deref() == Some("File name"))
}

/// Replaces what the file name box holds with `text`, and presses Enter, as a reader would.
fn type_file_name(h: &mut Harness<'static, ReaderApp>, title: &str, text: &str) {
    file_name_box(h, title).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    file_name_box(h, title).type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

/// Runs frames until `done` holds (or 20 s pass): the record is read, and a folder shown,
/// on threads of their own.
fn run_until(h: &mut Harness<'static, ReaderApp>, what: &str, done: impl Fn(&ReaderApp) -> bool) {
    let start = Instant::now();
    h.step();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(20), "never: {what}; status {:?}", h.state().status);
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run_steps(8);
}

fn is_dialog_open(h: &Harness<'static, ReaderApp>, title: &str) -> bool {
    h.query_by(|n| is_dialog(n, title)).is_some()
}

/// A folder of records: a copy of the wrapped fixture, and a file the dialog does not list.
fn records() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("progress.txt");
    std::fs::copy("tests/fixtures/record-of-progress-wrapped.txt", &record).unwrap();
    std::fs::write(dir.path().join("picture.png"), b"not a record").unwrap();
    std::fs::create_dir(dir.path().join("older")).unwrap();
    (dir, record)
}

/// A window with two notes on the built-in record, in `notes_dir`.
fn with_two_notes(notes_dir: &Path, dialog: Box<dyn FileDialog>) -> Harness<'static, ReaderApp> {
    let doc = embedded().unwrap();
    let mut store = record_reader::core::notes::NotesStore::open(notes_dir, &doc.id);
    for n in ["1.1", "5.4"] {
        let (_, e) = doc.find_entry(n).unwrap();
        store.put(record_reader::core::notes::Note::on_entry(&doc, e, &format!("note on {n}")));
    }
    store.save().unwrap();
    harness(notes_dir, dialog)
}

#[test]
fn the_in_app_dialog_opens_a_record_typed_into_its_file_name_box() {
    let notes = tempfile::tempdir().unwrap();
    let (dir, record) = records();
    let mut h = harness(notes.path(), in_app(dir.path(), None));
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(is_dialog_open(&h, "Open a record"), "Ctrl+O shows the in-app dialog");
    // Both its text boxes have names (egui_file gives them none).
    let folder = h.get_by(|n| n.role() == Role::TextInput && n.label().as_deref() == Some("Folder")).value();
    assert_eq!(folder.as_deref(), dir.path().to_str());
    // It starts in the recent folder, and lists records only.
    h.get_by_label("🗋 progress.txt");
    h.get_by_label("🗀 older");
    assert!(h.query_by_label("🗋 picture.png").is_none());
    // The keyboard is in the file name box already: a path and Enter open the record.
    assert!(file_name_box(&h, "Open a record").is_focused(), "the file name box has the keyboard");
    h.get_by_role(Role::Window).type_text("ignored"); // any node: typed text goes to the focused box
    h.run();
    assert_eq!(file_name_box(&h, "Open a record").value().as_deref(), Some("ignored"));
    type_file_name(&mut h, "Open a record", &record.display().to_string());
    assert!(!is_dialog_open(&h, "Open a record"), "the dialog closes once a file is chosen");
    run_until(&mut h, "the record opened", |app| !app.is_opening());
    h.get_by_label_contains(&format!("Opened {}: ", record.display()));
    h.get_by_label("Building Open Markets · 3");
    assert_eq!(h.state().prefs().last_dir.as_deref(), Some(dir.path()));
}

#[test]
fn the_in_app_dialog_opens_a_file_clicked_in_its_list_and_goes_to_its_places() {
    let notes = tempfile::tempdir().unwrap();
    let (dir, record) = records();
    let documents = tempfile::tempdir().unwrap();
    std::fs::write(documents.path().join("elsewhere.txt"), "x").unwrap();
    let mut h = harness(notes.path(), in_app(dir.path(), Some(documents.path())));
    h.get_by_label("Open…").click();
    h.run();
    // The places beside the list: the recent folder, and Documents.
    h.get_by_label("Places");
    h.get_by_label("Documents").click();
    h.run();
    h.get_by_label("🗋 elsewhere.txt");
    assert!(h.query_by_label("🗋 progress.txt").is_none());
    let recent = dir.path().file_name().unwrap().to_string_lossy().into_owned();
    h.get_by_label(&recent).click();
    h.run();
    h.get_by_label("🗋 progress.txt").click();
    h.run();
    h.get_by_label("Open").click();
    run_until(&mut h, "the record opened", |app| !app.is_opening());
    h.get_by_label_contains(&format!("Opened {}: ", record.display()));
}

#[test]
fn a_record_that_cannot_be_read_or_a_cancelled_dialog_leaves_the_record_shown() {
    let notes = tempfile::tempdir().unwrap();
    let (dir, _) = records();
    let mut h = harness(notes.path(), in_app(dir.path(), None));
    h.get_by_label("Open…").click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!is_dialog_open(&h, "Open a record") && h.state().status.is_none(), "a cancel says nothing");
    // A name typed that is not there: the window says so.
    h.get_by_label("Open…").click();
    h.run();
    type_file_name(&mut h, "Open a record", "missing.txt");
    run_until(&mut h, "the open failed", |app| !app.is_opening());
    let expected = format!("Error: Could not open {}: ", dir.path().join("missing.txt").display());
    h.get_by_label_contains(&expected);
    h.get_by_label_contains("Worked with partners in the Organization");
}

#[test]
fn a_failed_export_reaches_the_window_with_its_reason_and_the_dialog_stays() {
    let notes = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = with_two_notes(notes.path(), in_app(out.path(), None));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export 2 notes…").click();
    h.run();
    let name = file_name_box(&h, "Export notes").value();
    assert_eq!(name.as_deref(), Some("promoting-democracy-and-human-rights-notes.md"), "a name is proposed");
    type_file_name(&mut h, "Export notes", "/nonexistent-folder/notes.md");
    let status = h.state().status.clone();
    assert!(
        matches!(&status, Some(Status::Error(m)) if m.starts_with("Could not write /nonexistent-folder/notes.md: ")),
        "{status:?}"
    );
    h.get_by_label_contains("Error: Could not write /nonexistent-folder/notes.md: No such file or directory");
    h.get_by_label("Export 2 notes…"); // the Export dialog stays, to try elsewhere
}

#[test]
fn an_export_says_what_it_wrote_and_offers_its_folder() {
    let notes = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("promoting-democracy-and-human-rights-notes.md");
    std::fs::write(&file, "an older export").unwrap();
    let mut h = with_two_notes(notes.path(), in_app(out.path(), None));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export 2 notes…").click();
    h.run();
    // The proposed name exists already: the dialog asks first.
    h.get_by_label("Export").click();
    h.run();
    assert!(h.query_all_by_label("Replace the file?").next().is_some(), "asked before replacing");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "an older export");
    h.get_by_label("Replace").click();
    h.run();
    h.get_by_label(&format!("Exported 2 notes to {}", file.display()));
    assert!(std::fs::read_to_string(&file).unwrap().contains("note on 5.4"));
    assert!(h.query_by_label("Export 2 notes…").is_none(), "the Export dialog closed");
    // "Open folder" runs the desktop's opener; one that fails is reported.
    h.state_mut().export.folder.program = Some("false".into());
    h.get_by_label("Open folder").click();
    run_until(&mut h, "the opener failed", |app| matches!(app.status, Some(Status::Error(_))));
    h.get_by_label_contains(&format!("Error: Could not open the folder {}: false failed", out.path().display()));
}

#[test]
fn notes_saved_elsewhere_and_imported_back_through_the_in_app_dialog() {
    let notes = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut h = with_two_notes(notes.path(), in_app(out.path(), None));
    h.state_mut().apply(NotesCommand::SaveAs);
    h.run();
    let name = file_name_box(&h, "Save the notes elsewhere").value().unwrap();
    assert!(name.ends_with(".notes.ron"), "{name}");
    h.get_by_label("Save").click();
    h.run();
    let saved = out.path().join(&name);
    h.get_by_label(&format!("Notes saved to {}", saved.display()));
    h.get_by_label("Open folder");
    assert!(std::fs::read_to_string(&saved).unwrap().contains("note on 1.1"));

    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    h.get_by_label(&format!("🗋 {name}")).click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label_contains(&format!("From {}", saved.display()));
    h.get_by_label("0 to add, 0 to update, 2 to skip");
}

#[test]
fn a_system_dialog_that_fails_reaches_the_window() {
    let notes = tempfile::tempdir().unwrap();
    let failing = FailingDialog("the system file dialog failed".to_owned());
    let mut h = harness(notes.path(), Box::new(failing));
    h.get_by_label("Open…").click();
    h.run();
    h.get_by_label("Error: Cannot open a record: the system file dialog failed");
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    h.get_by_label("Error: Cannot import notes: the system file dialog failed");
}
