//! Authors in the window, driven through AccessKit with `egui_kittest`: notes by two people
//! (written to the notes file before the window opens) show "by NAME" on their cards, the
//! notes panel's author filter narrows the list to one person's, and a note added in the
//! window is signed with the name set in Menu → "Your name…".
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::notes::{Author, Note, NotesStore};
use record_reader::core::open::embedded;
use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
use record_reader::gui::{Prefs, ReaderApp, style};
use std::path::Path;

fn harness(notes_dir: &Path) -> Harness<'static, ReaderApp> {
    let app =
        ReaderApp::new(embedded().unwrap(), Prefs::default(), Box::new(ScriptedDialog::default()), notes_dir).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 1400.0))
        .with_max_steps(12)
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    h
}

/// Two notes, by Ada Lovelace and by Grace Hopper, in the built-in record's notes file.
fn two_authors(dir: &Path) {
    let doc = embedded().unwrap();
    let on = |number: &str, body: &str| Note::on_entry(&doc, doc.find_entry(number).unwrap().1, body);
    let mut store = NotesStore::open(dir, &doc.id);
    let ada = Author { name: "Ada Lovelace".into(), id: Some("ada@example.org".into()) };
    store.put(on("1.1", "Ada on the OAS").by(&ada));
    store.put(on("2.1", "Grace on rights").by(&Author::named("Grace Hopper")));
    store.save().unwrap();
}

/// Chooses `choice` in the notes panel's author filter.
fn filter_by(h: &mut Harness<'static, ReaderApp>, choice: &str) {
    h.get_by_role_and_label(Role::ComboBox, "Author").click();
    h.run();
    h.get_by_role_and_label(Role::Button, choice).click();
    h.run();
}

#[test]
fn the_cards_name_their_authors_and_the_author_filter_narrows_the_list() {
    let dir = tempfile::tempdir().unwrap();
    two_authors(dir.path());
    let mut h = harness(dir.path());
    h.get_by_label("Note on 1.1: Ada on the OAS");
    h.get_by_label("Note on 2.1: Grace on rights");
    h.get_by_label("by Ada Lovelace");
    h.get_by_label("by Grace Hopper");

    filter_by(&mut h, "Grace Hopper");
    assert!(h.query_by_label("Note on 1.1: Ada on the OAS").is_none(), "Ada's note is filtered out");
    h.get_by_label("Note on 2.1: Grace on rights");
    assert_eq!(h.state().notes.filter.author.as_deref(), Some("Grace Hopper"));

    filter_by(&mut h, "All authors");
    h.get_by_label("Note on 1.1: Ada on the OAS");
    h.get_by_label("Note on 2.1: Grace on rights");
}

#[test]
fn a_note_added_in_the_window_is_signed_with_the_name_set_in_your_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(dir.path());
    h.get_by_label("Menu").click();
    h.run();
    h.get_by_label("Your name…").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name").type_text("Mary Somerville");
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Email or ORCID").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Email or ORCID").type_text("0000-0001-2345-6789");
    h.run();
    h.get_by_role_and_label(Role::Button, "Save").click();
    h.run();
    h.get_by_label("Your notes will be signed Mary Somerville");
    assert_eq!(h.state().prefs().author.map(|a| a.name), Some("Mary Somerville".to_owned()), "saved");

    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Note").type_text("Mine");
    h.run();
    h.get_by_label("by Mary Somerville");
    h.state_mut().flush_notes();
    let doc = embedded().unwrap();
    let store = NotesStore::open(dir.path(), &doc.id);
    let note = store.live().next().expect("the note is saved");
    let mary = Author { name: "Mary Somerville".into(), id: Some("0000-0001-2345-6789".into()) };
    assert_eq!((note.created_by.as_ref(), note.modified_by.as_ref()), (Some(&mary), Some(&mary)));
}
