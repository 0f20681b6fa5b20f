//! The window, driven through AccessKit with `egui_kittest`: what a reader sees and clicks.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::open::embedded;
use record_reader::gui::clipboard::{FailingClipboard, MemoryClipboard};
use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
use record_reader::gui::{Command, ExportCommand, NotesCommand, Prefs, ReaderApp, Status, style};
use std::path::PathBuf;

/// The section headers as a screen reader names them (open).
const SECTION_LABELS: [&str; 6] = [
    "Advancing Democracy Worldwide · 13 entries, expanded",
    "Promoting Human Rights Abroad · 7 entries, expanded",
    "Bringing War Criminals to Justice · 3 entries, expanded",
    "Supporting Labor Rights and Combating Child Labor and Trafficking in Women · 6 entries, expanded",
    "Assisting Refugees · 4 entries, expanded",
    "Promoting Religious Freedom · 4 entries, expanded",
];

/// Chooses an item of the top bar's menu.
fn menu(h: &mut Harness<'static, ReaderApp>, item: &str) {
    h.get_by_label("Menu").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
}

fn app_with(prefs: Prefs, dialog: ScriptedDialog) -> ReaderApp {
    // Each window keeps its notes in a folder of its own, never the user's.
    let dir = tempfile::tempdir().unwrap().keep();
    app_in(&dir, prefs, dialog)
}

/// A window on `tests/fixtures/NAME`, its notes in a folder of its own.
fn app_on_fixture(name: &str) -> ReaderApp {
    let doc = record_reader::core::open::open_path(&std::path::Path::new("tests/fixtures").join(name)).unwrap();
    let dir = tempfile::tempdir().unwrap().keep();
    ReaderApp::new(doc, Prefs::default(), Box::new(ScriptedDialog::default()), &dir).unwrap()
}

fn app_in(notes_dir: &std::path::Path, prefs: Prefs, dialog: ScriptedDialog) -> ReaderApp {
    ReaderApp::new(embedded().unwrap(), prefs, Box::new(dialog), notes_dir).unwrap()
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

/// Whether `w` is another form of `word` that does not have it inside ("democracies" of
/// "democracy"), by the stems of the library's index.
fn other_form(w: &str, word: &str) -> bool {
    use record_reader::core::stem::stem;
    !w.is_empty() && !w.contains(word) && stem(w) == stem(word)
}

/// How many times `word`, or another form of it as a whole word, occurs in the parts of
/// `doc` that Find searches (the quote, the introduction, the entries and the related
/// remarks), counted the slow way.
fn matches_of(doc: &record_reader::core::Document, word: &str) -> usize {
    let quote = doc.quote.iter().map(|q| q.text.as_str());
    let entries = doc.entries().map(|(_, e)| e.text.as_str());
    let remarks = doc.references.iter().map(|r| r.title.as_str());
    quote
        .chain([doc.intro.as_str()])
        .chain(entries)
        .chain(remarks)
        .map(|t| {
            let t = t.to_lowercase();
            t.matches(word).count() + t.split(|c: char| !c.is_alphanumeric()).filter(|w| other_form(w, word)).count()
        })
        .sum()
}

fn harness(app: ReaderApp) -> Harness<'static, ReaderApp> {
    // Showing an entry (a note clicked, a Find match) scrolls to it and measures the rows
    // that come into view: a few frames.
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 1400.0))
        .with_max_steps(12)
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    h
}

#[test]
fn quote_banner_shows_the_quote_and_its_attribution() {
    let h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    // A block quote, named by its text and attribution, as a screen reader reads it.
    let quote = h.get_by(|n| {
        n.role() == egui::accesskit::Role::Blockquote
            && n.label().is_some_and(|name| {
                name.starts_with("“It is important that we never forget that our values")
                    && name.ends_with("” — President Clinton, Freedom House Speech, October 6, 1995")
            })
    });
    quote.get_by_label("— President Clinton, Freedom House Speech, October 6, 1995");
    assert_eq!(h.get_all_by_label("Promoting Democracy and Human Rights").count(), 1, "the title block, once");
}

#[test]
fn clicking_a_section_header_collapses_and_expands_it() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let first_entry = "Worked with partners in the Organization of American States";
    h.get_by_label_contains(first_entry);
    h.get_by_label(SECTION_LABELS[0]).click();
    h.run();
    assert!(h.query_by_label_contains(first_entry).is_none(), "entries hidden when collapsed");
    assert!(!h.state().is_open("advancing-democracy-worldwide"));
    h.get_by_label("Advancing Democracy Worldwide · 13 entries, collapsed").click();
    h.run();
    h.get_by_label_contains(first_entry);
    assert!(h.state().is_open("advancing-democracy-worldwide"));
}

#[test]
fn collapse_all_collapses_every_section_and_counts_are_shown() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    menu(&mut h, "Collapse all");
    for label in SECTION_LABELS {
        h.get_by_label(&label.replace("expanded", "collapsed"));
    }
    h.get_by_label("Related remarks · 10, collapsed");
    for entry in [
        "Worked with partners",
        "Reformed the asylum",
        "Designated and sanctioned",
        "Remarks by the President at Moscow",
    ] {
        assert!(h.query_by_label_contains(entry).is_none(), "{entry} should be hidden");
    }
    menu(&mut h, "Expand all");
    h.get_by_label_contains("Worked with partners");
    h.get_by_label("1.1");
}

#[test]
fn closed_sections_are_remembered_in_the_saved_preferences() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    h.get_by_label(SECTION_LABELS[0]).click();
    h.run();
    // eframe stores the preferences as RON; read them back into a new window.
    let saved = ron::to_string(&h.state().prefs()).unwrap();
    let prefs: Prefs = ron::from_str(&saved).unwrap();
    let h2 = harness(app_with(prefs, ScriptedDialog::default()));
    assert!(h2.query_by_label_contains("Worked with partners").is_none());
    h2.get_by_label_contains("Continued to press vigorously");
}

/// Runs frames until the document being opened in the background is shown (or 20 s pass).
fn wait_for_open(h: &mut Harness<'static, ReaderApp>) {
    let start = std::time::Instant::now();
    h.step();
    while h.state().is_opening() {
        assert!(start.elapsed() < std::time::Duration::from_secs(20), "the document never opened");
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.step();
    }
    // The new document's rows are measured over a few frames.
    h.run_steps(8);
}

#[test]
fn open_dialog_opens_another_record_and_reports_errors() {
    let fixture = PathBuf::from("tests/fixtures/record-of-progress-wrapped.txt");
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.txt");
    std::fs::write(&broken, [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 4, 0, 0]).unwrap();
    // The scripted dialog answers from the back: first the broken file, then the fixture.
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog(vec![fixture, broken])));
    h.get_by_label("Open…").click();
    wait_for_open(&mut h);
    assert!(matches!(&h.state().status, Some(Status::Error(m)) if m.contains("binary file")));
    h.get_by_label_contains("looks like a binary file");
    h.get_by_label_contains("Worked with partners in the Organization"); // the record is still there

    h.get_by_label("Open…").click();
    wait_for_open(&mut h);
    h.get_by_label_contains("Opened tests/fixtures/record-of-progress-wrapped.txt: ");
    h.get_by_label("Building Open Markets · 3 entries, expanded");
    h.get_by_label_contains("Negotiated the North American Free Trade Agreement");
    h.get_by_label("— Vice President Gore, Remarks to the Summit of the Americas, December 10, 1994");
}

#[test]
fn a_long_record_opens_in_the_background_while_the_window_answers() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long-record.txt");
    let g = record_reader::core::places::gazetteer().unwrap();
    std::fs::write(&long, record_reader::core::synth::document_text(50_000, 3, g)).unwrap();
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog(vec![long])));
    h.get_by_label("Open…").click();
    h.step();
    h.step();
    // Reading 50,000 entries takes far longer than two frames: the window is drawn meanwhile,
    // says what it is doing, and still shows the record that was open.
    assert!(h.state().is_opening());
    h.get_by_label_contains("Opening ");
    h.get_by_label_contains("Worked with partners in the Organization");
    wait_for_open(&mut h);
    h.get_by_label_contains("sections, 50000 entries");
    assert!(h.query_by_label_contains("Worked with partners in the Organization").is_none());
}

#[test]
fn reopening_the_same_record_keeps_an_edit_not_yet_saved() {
    let dir = tempfile::tempdir().unwrap();
    let copy = PathBuf::from("assets/documents/promoting-democracy-and-human-rights.txt");
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog(vec![copy])));
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    type_into(&mut h, "Write your note (Markdown)…", "saved");
    h.state_mut().flush_notes();
    // Edited, then the record opened again before the edit reached the disk: the copy of the
    // notes read in the background does not have it, and must not replace those in the window.
    let id = h.state().notes.store.live().next().unwrap().id;
    h.state_mut().apply(Command::Notes(NotesCommand::SetBody(id, "saved, then edited".to_owned())));
    h.run();
    h.get_by_label("Open…").click();
    wait_for_open(&mut h);
    h.get_by_label_contains("Opened assets/documents/promoting-democracy-and-human-rights.txt");
    let bodies: Vec<String> = h.state().notes.store.live().map(|n| n.body.clone()).collect();
    assert_eq!(bodies, ["saved, then edited"]);
    h.state_mut().flush_notes();
    assert!(notes_on_disk(dir.path()).contains("saved, then edited"));
}

#[test]
fn an_edited_copy_of_the_record_updates_the_region_counts() {
    // The same record (same id: the same quote, introduction and headings) with one entry
    // edited to name Kenya: the counts must follow the text just read.
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("edited.txt");
    let text = record_reader::core::open::EMBEDDED_TEXT.replacen(
        "Worked with partners in the Organization",
        "Worked with Kenya and partners in the Organization",
        1,
    );
    std::fs::write(&edited, text).unwrap();
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog(vec![edited])));
    h.get_by_label_contains("Africa · 9");
    h.get_by_label("Open…").click();
    wait_for_open(&mut h);
    h.get_by_label_contains("Africa · 10");
    h.get_by_label_contains("Worked with Kenya and partners");
}

#[test]
fn region_toggle_filters_entries_and_hides_empty_sections() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    h.get_by_label("South and Central Asia · 1").click();
    h.run();
    // Only 6.4 (Afghanistan) is about South and Central Asia.
    h.get_by_label_contains("Designated and sanctioned Afghanistan");
    h.get_by_label("Promoting Religious Freedom · 1 of 4 entries, expanded");
    let heading = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == egui::accesskit::Role::Heading
            && n.label().is_some_and(|l| l.contains("Advancing Democracy Worldwide"))
    };
    assert!(h.query_by(heading).is_none(), "empty section hidden (the outline still lists it)");
    assert!(h.query_by_label_contains("Worked with partners").is_none());
    h.get_by_label_contains("Showing 1 of 37 entries about South and Central Asia");
    // A second region adds its entries (any of them).
    h.get_by_label("Near East · 4").click();
    h.run();
    h.get_by_label_contains("Showing 4 of 37 entries");
    h.get_by_label_contains("Enhanced the rescue component");
    // The banner's; the sidebar has one too, worded the same.
    assert_eq!(h.get_all_by_label("Clear filter").count(), 2);
    h.get_all_by_label("Clear filter").next().unwrap().click();
    h.run();
    h.get_by_label_contains("Worked with partners");
    assert!(h.state().filter.selection.is_empty());
}

#[test]
fn find_in_document_shows_only_the_entries_with_the_words_as_you_type() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    let expected = doc.entries().filter(|(_, e)| e.text.to_lowercase().contains("haiti")).count();
    assert!(expected > 0 && expected < 37);
    // An entry near the top, on screen before and after finding, without the word.
    let other: String = doc.sections[0]
        .entries
        .iter()
        .find(|e| !e.text.to_lowercase().contains("haiti"))
        .map(|e| e.text.chars().take(40).collect())
        .unwrap();
    h.get_by_label_contains(&other);
    type_into(&mut h, "Find in document", "haiti");
    h.get_by_label_contains(&format!("Showing {expected} of 37 entries containing “haiti”"));
    h.get_by_label(&format!("1 of {}", matches_of(&doc, "haiti")));
    h.get_by_label_contains("restore the elected Government of Haiti");
    assert!(
        h.query_by_label_contains("Provided critical assistance to Nigeria").is_none(),
        "an entry without the word"
    );
    // A second word narrows the result; the order of the words does not matter.
    // (With text in it, the box is found by its text: egui drops the placeholder.)
    h.get_by(|n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some("haiti"))
        .type_text(" elect");
    h.run();
    let both =
        doc.entries().filter(|(_, e)| ["haiti", "elect"].iter().all(|w| e.text.to_lowercase().contains(w))).count();
    h.get_by_label_contains(&format!("Showing {both} of 37 entries"));
    h.get_by_label("Clear Find").click();
    h.run();
    h.get_by_label_contains(&other);
    assert!(h.state().find.found.is_none());
    assert!(h.query_by_label_contains("entries containing").is_none());
}

#[test]
fn find_in_document_finds_the_other_forms_of_a_word() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    // One entry says "democracies"; many more say "democracy".
    let has_form = |text: &str| {
        let text = text.to_lowercase();
        text.contains("democracies") || text.split(|c: char| !c.is_alphanumeric()).any(|w| other_form(w, "democracies"))
    };
    let expected = doc.entries().filter(|(_, e)| has_form(&e.text)).count();
    let plural = doc.entries().filter(|(_, e)| e.text.to_lowercase().contains("democracies")).count();
    assert!(plural == 1 && expected > 5, "{plural} {expected}");
    type_into(&mut h, "Find in document", "democracies");
    h.get_by_label_contains(&format!("Showing {expected} of 37 entries containing “democracies”"));
    h.get_by_label(&format!("1 of {}", matches_of(&doc, "democracies")));
    h.get_by_label_contains("Provided critical assistance to Nigeria - Africa's largest, newest democracy");
    // Each match marks a whole word: the one typed, or another form of it.
    let texts = |h: &Harness<'static, ReaderApp>| {
        let state = h.state();
        state.find.matches().iter().map(|m| m.spot.text(&state.doc)[m.start..m.end].to_lowercase()).collect::<Vec<_>>()
    };
    assert!(texts(&h).iter().all(|t| t == "democracies" || t == "democracy"), "{:?}", texts(&h));
    assert!(texts(&h).iter().any(|t| t == "democracy"));
}

#[test]
fn clicking_a_country_chip_filters_to_that_country() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    // The chip under entry 1.2.
    h.get_by_label("Paraguay").click();
    h.run();
    h.get_by_label_contains("Showing 1 of 37 entries about Paraguay");
    h.get_by_label_contains("Promoted free and fair elections");
    assert!(h.query_by_label_contains("Worked with partners").is_none());
    assert_eq!(h.state().filter.selection.countries.iter().collect::<Vec<_>>(), ["PY"]);
}

#[test]
fn scheme_switch_updates_counts_and_country_search_suggests() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    h.get_by_label("UN M49").click();
    h.run();
    h.get_by_label("Americas · 6");
    h.get_by_label("Oceania · 0");
    type_into(&mut h, "Find a country…", "sud");
    h.get_by_label("Sudan · 3").click();
    h.run();
    h.get_by_label_contains("Showing 3 of 37 entries about Sudan");
}

#[test]
fn map_shows_countries_with_counts_and_a_click_filters() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    h.get_by_label("Map").click();
    h.run();
    // Countries the record names are buttons on the map, with their entry counts.
    h.get_by_label("Sudan · 3 entries");
    h.get_by_label("Paraguay · 1 entry");
    assert!(h.query_by_label_contains("Canada ·").is_none(), "unnamed countries carry no count");
    h.get_by_label("Cuba · 3 entries").click();
    h.run();
    assert_eq!(h.state().filter.selection.countries.iter().collect::<Vec<_>>(), ["CU"]);
    // The list below the map shows the result, without leaving the map.
    assert_eq!(h.state().layout.view, record_reader::gui::MainView::Map);
    h.get_by_label_contains("Showing 3 of 37 entries about Cuba");
    h.get_by_label_contains("where every country but one - Cuba - is democratic");
    h.get_by_label("Document").click();
    h.run();
    h.get_by_label_contains("Showing 3 of 37 entries about Cuba");
}

/// Runs frames until the notes on disk hold `text`: the autosave writes on a thread of its
/// own, which a busy machine may not have run yet. Fails after ten seconds.
fn wait_for_autosave(h: &mut Harness<'static, ReaderApp>, dir: &std::path::Path, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !notes_on_disk(dir).contains(text) {
        assert!(std::time::Instant::now() < deadline, "not saved: {text:?} in {}", notes_on_disk(dir));
        std::thread::sleep(std::time::Duration::from_millis(10));
        h.run();
    }
}

fn notes_on_disk(dir: &std::path::Path) -> String {
    let doc = embedded().unwrap();
    std::fs::read_to_string(record_reader::core::notes::store::notes_path(dir, &doc.id)).unwrap_or_default()
}

#[test]
fn add_edit_tag_delete_restore_and_undo_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    // "Add note" under entry 1.1 (the first visible entry).
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 1);
    h.get_by_label("Note on 1.1");
    // Write the body.
    type_into(&mut h, "Write your note (Markdown)…", "OAS and Cuba");
    // Tag it.
    type_into(&mut h, "Add a tag, then Enter…", "hemisphere");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("Remove tag #hemisphere");
    // Pick a colour.
    h.get_by_label("Question").click();
    h.run();
    h.state_mut().flush_notes();
    let disk = notes_on_disk(dir.path());
    assert!(disk.contains("body: \"OAS and Cuba\""), "{disk}");
    assert!(disk.contains("\"hemisphere\"") && disk.contains("color: \"red\""), "{disk}");
    // The entry shows its marker.
    h.get_by_label("1 note");

    // Delete moves it to the Trash; restore brings it back.
    h.get_by_label("Delete").click();
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 0);
    h.get_by_label("Trash · 1").click();
    h.run();
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 1);

    // Undo the restore, then the delete: the note is live again with its body.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 0, "undo restore");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 1, "undo delete");
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 0, "redo delete");
    h.state_mut().flush_notes();
    let disk = notes_on_disk(dir.path());
    assert!(disk.contains("deleted: Some("), "the file has what the window shows: {disk}");
}

/// Presses the primary button at `from`, drags to `to` and releases, a frame each.
fn drag(h: &mut Harness<'static, ReaderApp>, from: egui::Pos2, to: egui::Pos2) {
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(from));
    h.event(button(from, true));
    h.step();
    for k in 1..=4 {
        h.event(egui::Event::PointerMoved(from.lerp(to, k as f32 / 4.0)));
        h.step();
    }
    h.event(button(to, false));
    h.run();
}

/// Where entry 1.1's text is on screen.
fn first_entry_rect(h: &Harness<'static, ReaderApp>) -> egui::Rect {
    h.get_by_label_contains("Worked with partners in the Organization").rect()
}

#[test]
fn dragging_across_an_entry_and_a_swatch_make_a_highlight_of_exactly_that_passage() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    let text = first_entry_rect(&h);
    let (from, to) = (text.left_top() + egui::vec2(1.0, 8.0), text.left_top() + egui::vec2(text.width() * 0.6, 8.0));
    drag(&mut h, from, to);
    // The toolbar floats beside the selection.
    h.get_by_label("Copy with citation");
    let sel = record_reader::gui::panels::entry_text::selection(&h.ctx).expect("a passage is selected");
    assert_eq!(sel.start, 0, "from the first character");
    assert!(sel.end > 10, "{sel:?}");
    h.get_by_label("Highlight in Question").click();
    h.run();
    assert!(h.query_by_label("Copy with citation").is_none(), "the toolbar goes with the selection");
    let doc = embedded().unwrap();
    let entry = &doc.sections[0].entries[0];
    let exact: String = entry.text.chars().take(sel.end).collect();
    let notes: Vec<_> = h.state().notes.store.live().cloned().collect();
    assert_eq!(notes.len(), 1);
    assert_eq!((notes[0].anchor.start, notes[0].anchor.end), (0, sel.end));
    assert_eq!(notes[0].anchor.quote.exact, exact);
    assert_eq!(notes[0].color, "red");
    h.state_mut().flush_notes();
    let file = notes_on_disk(dir.path());
    assert!(file.contains("kind: Highlight") && file.contains(&exact), "{file}");
}

#[test]
fn a_double_click_selects_a_word_and_ctrl_h_highlights_it() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let text = first_entry_rect(&h);
    let at = text.left_top() + egui::vec2(8.0, 8.0);
    let button = |pressed| egui::Event::PointerButton {
        pos: at,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(at));
    for pressed in [true, false, true, false] {
        h.event(button(pressed));
        h.step();
    }
    h.run();
    let sel = record_reader::gui::panels::entry_text::selection(&h.ctx).expect("a word is selected");
    assert_eq!((sel.start, sel.end), (0, "Worked".len()));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::H);
    h.run();
    let notes: Vec<_> = h.state().notes.store.live().cloned().collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].anchor.quote.exact, "Worked");
    assert!(record_reader::gui::panels::entry_text::selection(&h.ctx).is_none());
}

#[test]
fn copy_with_citation_puts_the_passage_and_its_source_on_the_clipboard() {
    let clipboard = MemoryClipboard::default();
    let app = app_with(Prefs::default(), ScriptedDialog::default()).with_clipboard(Box::new(clipboard.clone()));
    let mut h = harness(app);
    let text = first_entry_rect(&h);
    drag(&mut h, text.left_top() + egui::vec2(1.0, 8.0), text.left_top() + egui::vec2(text.width() * 0.5, 8.0));
    let sel = record_reader::gui::panels::entry_text::selection(&h.ctx).unwrap();
    let doc = embedded().unwrap();
    let passage: String = doc.sections[0].entries[0].text.chars().take(sel.end).collect();
    h.get_by_label("Copy with citation").click();
    h.run();
    let copied = clipboard.copied();
    assert_eq!(copied.len(), 1, "{copied:?}");
    let cited = &copied[0];
    assert!(cited.starts_with(&format!("“{}”\n\n", passage.trim())), "{cited}");
    h.get_by_label_contains("Copied the passage with its citation (Chicago");
    for part in [
        "“Promoting Democracy and Human Rights,”",
        "The White House (Clinton Administration)",
        "para. 1.1",
        "Clinton White House Archives",
        "https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html",
    ] {
        assert!(cited.contains(part), "{part} in {cited}");
    }
    // In the style chosen once in the menu.
    h.get_by_label("Menu").click();
    h.run();
    h.get_by_label("Citation style").hover();
    h.run();
    h.get_by_label("APA").click();
    h.run();
    assert_eq!(h.state().prefs().cite_style, record_reader::core::export::cite::CiteStyle::Apa);
    let text = first_entry_rect(&h);
    drag(&mut h, text.left_top() + egui::vec2(1.0, 8.0), text.left_top() + egui::vec2(text.width() * 0.5, 8.0));
    h.get_by_label("Copy with citation").click();
    h.run();
    let apa = clipboard.copied().pop().unwrap();
    assert!(apa.contains("(The White House") || apa.contains("(Promoting Democracy"), "an in-text citation: {apa}");
    h.get_by_label_contains("Copied the passage with its citation (APA)");
}

#[test]
fn a_copy_the_system_refuses_is_told_and_not_called_copied() {
    let failing = FailingClipboard("no X server".into());
    let app = app_with(Prefs::default(), ScriptedDialog::default()).with_clipboard(Box::new(failing));
    let mut h = harness(app);
    let text = first_entry_rect(&h);
    drag(&mut h, text.left_top() + egui::vec2(1.0, 8.0), text.left_top() + egui::vec2(text.width() * 0.5, 8.0));
    h.get_by_label("Copy").click();
    h.run();
    h.get_by_label_contains("Could not copy the passage: no X server");
    assert!(h.query_by_label_contains("Copied").is_none());
}

#[test]
fn clicking_a_note_selects_it_and_a_note_written_elsewhere_appears() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    // A note written by another window (or a sync tool) before and while this one runs.
    let mut other = record_reader::core::notes::NotesStore::open(dir.path(), &doc.id);
    let (_, e) = doc.find_entry("6.4").unwrap();
    other.put(record_reader::core::notes::Note::on_entry(&doc, e, "countries of particular concern"));
    other.save().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    h.get_by_label("Note on 6.4: countries of particular concern").click();
    h.run();
    assert!(h.state().notes.selected.is_some());
    h.get_by_label("Note on 6.4");

    let (_, e) = doc.find_entry("2.1").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20)); // a new modification time
    other.put(record_reader::core::notes::Note::on_entry(&doc, e, "written while the window was open"));
    other.save().unwrap();
    // The window looks at the disk every couple of seconds.
    for _ in 0..4 {
        h.run_steps(60);
    }
    h.get_by_label_contains("Note on 2.1: written while the window was open");
}

#[test]
fn typing_in_a_note_is_saved_again_after_the_first_save() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    type_into(&mut h, "Write your note (Markdown)…", "first words");
    h.run_steps(60); // autosave after a short pause
    wait_for_autosave(&mut h, dir.path(), "first words");
    h.get_by_role(egui::accesskit::Role::MultilineTextInput).type_text(", then more");
    h.run();
    h.run_steps(60);
    wait_for_autosave(&mut h, dir.path(), "first words, then more");
    // One undo step for the typing.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().notes.store.live().next().map(|n| n.body.as_str()), Some(""));
}

#[test]
fn export_dialog_writes_the_chosen_format_and_import_shows_its_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.csv");
    let doc = embedded().unwrap();
    let mut other = record_reader::core::notes::NotesStore::open(dir.path(), &doc.id);
    for n in ["1.1", "5.4"] {
        let (_, e) = doc.find_entry(n).unwrap();
        other.put(record_reader::core::notes::Note::on_entry(&doc, e, &format!("note on {n}")));
    }
    other.save().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog(vec![out.clone()])));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_label("All notes · 2");
    h.get_by_label("CSV (spreadsheets)").click();
    h.run();
    h.get_by_label("Export 2 notes…").click();
    h.run();
    h.get_by_label_contains("Exported 2 notes to");
    let data = std::fs::read(&out).unwrap();
    let mut r = csv::Reader::from_reader(&data[3..]);
    let entries: Vec<String> = r.records().map(|r| r.unwrap()[3].to_owned()).collect();
    assert_eq!(entries, ["1.1", "5.4"]);

    // Importing the app's own export back: nothing new, everything skipped, shown first.
    let json = dir.path().join("notes.jsonld");
    let input = record_reader::core::export::ExportInput {
        doc: &doc,
        store: &other,
        gazetteer: record_reader::core::places::gazetteer().unwrap(),
        notes: other.live().collect(),
        filter: "all notes".into(),
    };
    std::fs::write(
        &json,
        record_reader::core::export::export(
            &input,
            record_reader::core::export::Format::Json,
            record_reader::core::notes::model::now(),
        )
        .unwrap(),
    )
    .unwrap();
    h.state_mut().apply(Command::Export(ExportCommand::ImportPath(json)));
    h.run();
    h.get_by_label("0 to add, 0 to update, 2 to skip");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().export.import.is_none());
}

#[test]
fn thousands_of_notes_list_only_the_cards_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut store = record_reader::core::notes::NotesStore::open(dir.path(), &doc.id);
    let notes = record_reader::core::synth::notes(&doc, 3000, 5);
    let live = notes.iter().filter(|n| n.deleted.is_none()).count();
    for n in notes {
        store.put(n);
    }
    store.save().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    h.get_by_label(&format!("Notes · {live}"));
    let cards = h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Note on "))).count();
    assert!(cards > 3 && cards < 60, "{cards} cards laid out for {live} notes");
    // Searching narrows the list, and says how many it shows.
    type_into(&mut h, "Words, quotes or tags…", "chapter 3");
    let app = h.state();
    let shown = app.notes.visible_notes(&app.doc).len();
    assert!(shown > 0 && shown < live);
    h.get_by_label(&format!("{shown} shown"));
}

#[test]
fn the_glyph_atlas_is_no_wider_than_the_text_needs() {
    use eframe::App as _;
    let mut app = app_with(Prefs::default(), ScriptedDialog::default());
    let ctx = egui::Context::default();
    style::apply(&ctx);
    // A GPU that takes 16384-pixel textures (Mesa's software renderer) gets a narrower atlas;
    // one that takes less keeps its own limit.
    let mut small = egui::RawInput { max_texture_side: Some(2048), ..egui::RawInput::default() };
    app.raw_input_hook(&ctx, &mut small);
    assert_eq!(small.max_texture_side, Some(2048));
    let mut input = egui::RawInput {
        max_texture_side: Some(16384),
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1100.0, 820.0))),
        ..egui::RawInput::default()
    };
    app.raw_input_hook(&ctx, &mut input);
    let mut out = ctx.run_ui(input, |ui| app.show(ui));
    let widths: Vec<usize> =
        out.textures_delta.set.values().flat_map(|deltas| deltas.iter().map(|d| d.image.width())).collect();
    assert!(!widths.is_empty(), "the first frame uploads the glyph atlas");
    out.textures_delta.clear(); // no GPU here to upload them to
    assert!(widths.iter().all(|&w| w <= 4096), "texture widths {widths:?}");
}

#[test]
fn a_note_with_nothing_written_shows_its_entry_on_its_card() {
    // An empty note written elsewhere (the command line, another window): its card shows
    // the entry it is on. (One added here and left empty is not kept.)
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut store = record_reader::core::notes::NotesStore::open(dir.path(), &doc.id);
    let (_, e) = doc.find_entry("1.1").unwrap();
    let empty = record_reader::core::notes::Note::on_entry(&doc, e, "");
    let id = empty.id;
    store.put(empty);
    store.save().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    let words = "Worked with partners in the Organization of American States";
    assert_eq!(h.get_all_by_label_contains(words).count(), 2, "the entry, and the card of its empty note");
    // Once something is written, the card shows that instead.
    h.get_by_label_contains("Note on 1.1").click();
    h.run();
    assert_eq!(h.state().notes.selected, Some(id));
    type_into(&mut h, "Write your note (Markdown)…", "OAS and Cuba");
    h.get_by_label("Done").click();
    h.run();
    assert_eq!(h.get_all_by_label_contains(words).count(), 1, "the entry only");
    h.get_by_label("OAS and Cuba");
}

#[test]
fn find_counts_the_matches_steps_through_them_and_esc_clears_it() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    let total = matches_of(&doc, "rights");
    assert!(total > 3, "{total}");
    type_into(&mut h, "Find in document", "rights");
    h.get_by_label(&format!("1 of {total}"));
    h.get_by_label_contains("entries containing “rights”");
    // Marking in place: every entry stays, the matches are counted.
    h.get_by_label("Only matching entries").click();
    h.run();
    h.get_by_label(&format!("1 of {total}"));
    assert!(!h.state().find.only_matching, "the toggle is off");
    assert!(h.query_by_label_contains("entries containing").is_none(), "no entry is hidden");
    h.get_by_label("Next").click();
    h.run();
    h.get_by_label(&format!("2 of {total}"));
    // Enter in the box goes on to the next match, Shift+Enter back.
    h.get_by(|n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some("rights")).focus();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label(&format!("3 of {total}"));
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    h.run();
    h.get_by_label(&format!("2 of {total}"));
    h.get_by_label("Previous").click();
    h.run();
    h.get_by_label("Previous").click();
    h.run();
    h.get_by_label(&format!("{total} of {total}"));
    // The last match is in view: its entry is laid out, and so on the screen.
    let state = h.state();
    let last = state.find.matches()[total - 1];
    let text = last.spot.text(&state.doc).chars().take(40).collect::<String>();
    assert!(h.get_all_by_label_contains(&text).next().is_some(), "{text}");
    // Esc clears Find.
    h.get_by(|n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some("rights")).focus();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().find.found.is_none() && h.state().find.query.is_empty());
    assert!(h.query_by_label(&format!("1 of {total}")).is_none());
    assert!(h.query_by_label_contains("of {total}").is_none());
}

#[test]
fn page_down_and_end_move_the_view_and_home_comes_back() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    let first = doc.sections[0].entries[0].text.chars().take(40).collect::<String>();
    let last_section = doc.sections.last().unwrap();
    let last = last_section.entries.last().unwrap().text.chars().take(40).collect::<String>();
    h.get_by_label_contains(&first);
    assert!(h.query_by_label_contains(&last).is_none(), "the end is not in view at the start");
    h.key_press(egui::Key::PageDown);
    h.run();
    h.key_press(egui::Key::PageDown);
    h.run();
    assert!(h.query_by_label_contains(&first).is_none(), "two screens down, the first entry is gone");
    h.key_press(egui::Key::End);
    h.run();
    h.get_by_label_contains(&last);
    h.key_press(egui::Key::Home);
    h.run();
    h.get_by_label_contains(&first);
}

#[test]
fn arrow_down_moves_the_current_entry_and_n_adds_a_note_to_it() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    // ↓ from nowhere: the first entry or header in view; then on, one at a time.
    for _ in 0..3 {
        h.key_press(egui::Key::ArrowDown);
        h.run();
    }
    h.key_press(egui::Key::K);
    h.run();
    h.key_press(egui::Key::N);
    h.run();
    let notes: Vec<_> = h.state().notes.store.live().cloned().collect();
    assert_eq!(notes.len(), 1, "N added one note");
    // The first header, then entries 1.1 and 1.2, then back (k) to 1.1.
    let expected = &doc.sections[0].entries[0];
    assert_eq!(notes[0].anchor.entry_id, expected.id.as_str());
    assert!(h.get_all_by_label_contains(&format!("Note on {}", expected.number)).next().is_some());
    // ] goes to the next section's header, and Enter closes it.
    h.key_press(egui::Key::Escape);
    h.run();
    h.state_mut().apply(record_reader::gui::NotesCommand::Deselect);
    h.run();
    h.key_press(egui::Key::CloseBracket);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(!h.state().is_open(&doc.sections[1].id), "Enter on the second header closed it");
}

#[test]
fn the_reading_position_comes_back_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    h.key_press(egui::Key::End);
    h.run();
    let prefs = h.state().prefs();
    let top = prefs.positions.get(&doc.id).cloned().expect("a position is saved");
    let (_, entry) = doc.find_entry(&top).unwrap();
    assert!(entry.number.as_str() > "3", "the end of the record, not its start: {}", entry.number);
    drop(h);
    // A new window with the saved preferences opens where the reader was.
    let h = harness(app_in(dir.path(), prefs, ScriptedDialog::default()));
    let text = entry.text.chars().take(40).collect::<String>();
    h.get_by_label_contains(&text);
    let first = doc.sections[0].entries[0].text.chars().take(40).collect::<String>();
    assert!(h.query_by_label_contains(&first).is_none(), "not at the top");
}

#[test]
fn the_outline_lists_the_sections_and_goes_to_one() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    let first = doc.sections[0].entries[0].text.chars().take(40).collect::<String>();
    h.get_by_label_contains(&first);
    for s in &doc.sections {
        h.get_by_label(&format!("{} · {}", s.title, s.entries.len()));
    }
    h.get_by_label(&format!("Related remarks · {}", doc.references.len()));
    let target = &doc.sections[4];
    h.get_by_label(&format!("{} · {}", target.title, target.entries.len())).click();
    h.run();
    let its_first = target.entries[0].text.chars().take(40).collect::<String>();
    h.get_by_label_contains(&its_first);
    assert!(h.query_by_label_contains(&first).is_none(), "the view moved to the section");
}

#[test]
fn f6_moves_the_keyboard_between_the_bar_the_sidebar_the_document_and_the_notes() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let focused = |h: &Harness<'static, ReaderApp>| {
        let is_focused = |n: &egui_kittest::kittest::AccessKitNode<'_>| n.is_focused();
        h.query_by(is_focused).map(|n| format!("{n:?}")).unwrap_or_default()
    };
    // From the document (nothing focused), on to the notes panel's search box.
    h.key_press(egui::Key::F6);
    h.run();
    assert!(focused(&h).contains("Search notes"), "{}", focused(&h));
    h.key_press(egui::Key::F6);
    h.run();
    assert!(focused(&h).contains("Find in document"), "{}", focused(&h));
    h.key_press(egui::Key::F6);
    h.run();
    assert!(focused(&h).contains("Contents"), "{}", focused(&h));
    h.key_press(egui::Key::F6);
    h.run();
    assert_eq!(focused(&h), "", "the document is read with no control focused");
    // There the arrow keys read.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::N);
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 1);
    // Shift+F6 goes back.
    h.state_mut().apply(record_reader::gui::NotesCommand::Deselect);
    h.run();
    h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::F6);
    h.run();
    assert!(focused(&h).contains("Contents"), "{}", focused(&h));
}

#[test]
fn a_note_card_is_reached_and_opened_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut store = record_reader::core::notes::NotesStore::open(dir.path(), &doc.id);
    let (_, e) = doc.find_entry("2.1").unwrap();
    store.put(record_reader::core::notes::Note::on_entry(&doc, e, "prisoner releases"));
    store.save().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    // F6 to the notes panel, then Tab until the card has the keyboard.
    h.key_press(egui::Key::F6);
    h.run();
    let card = |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.is_focused() && n.label().is_some_and(|l| l.starts_with("Note on 2.1"))
    };
    for _ in 0..12 {
        if h.query_by(card).is_some() {
            break;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    assert!(h.query_by(card).is_some(), "Tab reaches the note card");
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().notes.selected.is_some(), "Enter opens it");
}

#[test]
fn note_cards_render_markdown_a_bold_run_is_bold_and_no_marks_show() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut store = record_reader::core::notes::NotesStore::open(dir.path(), &doc.id);
    let (_, e) = doc.find_entry("2.1").unwrap();
    store.put(record_reader::core::notes::Note::on_entry(&doc, e, "Only **binding** treaties count"));
    store.save().unwrap();
    let h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    assert!(h.query_by_label_contains("**").is_none(), "no Markdown marks are shown");
    // The card reads as the words, without marks.
    h.get_by_label("Note on 2.1: Only binding treaties count");
    h.get_by_label("Only binding treaties count");
    // What is painted: the bold run in the theme's strong colour, the rest not.
    let strong = h.ctx.global_style().visuals.strong_text_color();
    let colour_of = |run: &str| {
        h.output()
            .shapes
            .iter()
            .find_map(|s| match &s.shape {
                egui::Shape::Text(t) if t.galley.text() == "Only binding treaties count" => {
                    let job = &t.galley.job;
                    job.sections
                        .iter()
                        .find(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0] == run)
                        .map(|s| s.format.color)
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{run:?} is painted as a run of its own"))
    };
    assert_eq!(colour_of("binding"), strong);
    assert_ne!(colour_of("Only "), strong);
    assert_ne!(colour_of(" treaties count"), strong);
}

#[test]
fn clicking_away_in_the_document_drops_an_empty_new_note_but_keeps_a_written_one() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    assert_eq!(h.state().notes.store.notes.len(), 1);
    let click_text = |h: &mut Harness<'static, ReaderApp>| {
        // The entry in the document (its note's card, to the right, quotes it too).
        let text = h.get_all_by_label_contains("Worked with partners in the Organization").map(|n| n.rect());
        let at = text.min_by(|a, b| a.left().total_cmp(&b.left())).unwrap().center();
        drag(h, at, at);
    };
    click_text(&mut h);
    assert_eq!(h.state().notes.store.notes.len(), 0, "a click in the text drops the empty note");
    assert!(h.state().notes.selected.is_none());
    h.get_by_label_contains("The empty note was not kept");
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note").focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note").type_text("kept");
    h.run();
    click_text(&mut h);
    assert_eq!(h.state().notes.store.live().count(), 1, "a note with words stays");
}

#[test]
fn an_empty_new_note_is_not_kept_and_undo_says_what_it_undid() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    assert_eq!(h.state().notes.store.notes.len(), 1);
    h.get_by_label("Done").click();
    h.run();
    assert_eq!(h.state().notes.store.notes.len(), 0, "Done on an empty note drops it");
    h.get_by_label_contains("The empty note was not kept");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().notes.store.notes.len(), 1, "Undo brings it back");
    h.get_by_label_contains("Undid: note deleted");
    // Esc in its text box leaves it too; a note with words is kept.
    let id = *h.state().notes.store.notes.keys().next().unwrap();
    h.state_mut().apply(NotesCommand::Select(id));
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note").focus();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().notes.store.notes.len(), 0, "Esc on an empty note drops it");
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note").focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note").type_text("kept");
    h.run();
    h.get_by_label("Done").click();
    h.run();
    assert_eq!(h.state().notes.store.live().count(), 1);
    // A colour change, undone, is named.
    let id = *h.state().notes.store.notes.keys().next().unwrap();
    h.state_mut().apply(NotesCommand::Select(id));
    h.run();
    h.get_by_label("Question").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    h.get_by_label_contains("Undid: colour change");
}

/// ↓ twice (the first header, then entry 1.1), then Shift+→ `chars` times.
fn select_by_keyboard(h: &mut Harness<'static, ReaderApp>, chars: usize) {
    for _ in 0..2 {
        h.key_press(egui::Key::ArrowDown);
        h.run();
    }
    for _ in 0..chars {
        h.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::ArrowRight);
        h.run();
    }
}

#[test]
fn shift_and_the_arrows_select_in_the_current_entry() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    select_by_keyboard(&mut h, 6);
    let sel = record_reader::gui::panels::entry_text::selection(&h.ctx).expect("a passage is selected");
    let doc = embedded().unwrap();
    assert_eq!((sel.entry_id.as_str(), sel.start, sel.end), (doc.sections[0].entries[0].id.as_str(), 0, 6));
    h.get_by_label("Copy with citation");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::H);
    h.run();
    assert_eq!(h.state().notes.store.live().next().map(|n| n.anchor.quote.exact.clone()).as_deref(), Some("Worked"));
}

#[test]
fn record_details_are_kept_beside_the_record_and_used_in_citations() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("peace.txt");
    std::fs::copy("tests/fixtures/record-of-progress-wrapped.txt", &record).unwrap();
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    // The built-in record's details cannot be changed: it says so.
    menu(&mut h, "Record details…");
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label_contains("The built-in record's details cannot be changed");
    h.get_by_label("Cancel").click();
    h.run();
    h.state_mut().apply(record_reader::gui::DocumentCommand::Open(record.clone()));
    wait_for_open(&mut h);
    menu(&mut h, "Record details…");
    for (label, text) in [("Web address", "https://example.gov/peace.html"), ("Accessed (date)", "2026-11-29")] {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label).focus();
        h.run();
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, label).type_text(text);
        h.run();
    }
    h.get_by_label("Save").click();
    h.run();
    wait_for_open(&mut h);
    assert!(record_reader::core::details::details_path(&record).is_file(), "saved beside the record");
    let meta = &h.state().doc.meta;
    assert_eq!(meta.url.as_deref(), Some("https://example.gov/peace.html"));
    assert_eq!(meta.accessed.as_deref(), Some("2026-11-29"));
    // Opened again later, the record has them.
    let doc = record_reader::core::open::open_path(&record).unwrap();
    assert_eq!(doc.meta.url.as_deref(), Some("https://example.gov/peace.html"));
}

#[test]
fn the_selection_is_copied_with_its_citation_from_the_keyboard() {
    let clipboard = MemoryClipboard::default();
    let app = app_with(Prefs::default(), ScriptedDialog::default()).with_clipboard(Box::new(clipboard.clone()));
    let mut h = harness(app);
    select_by_keyboard(&mut h, 6);
    assert!(record_reader::gui::panels::entry_text::selection(&h.ctx).is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::C);
    h.run();
    assert_eq!(clipboard.copied(), ["Worked"], "Ctrl+C: the passage");
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::C);
    h.run();
    h.get_by_label_contains("Copied the passage with its citation");
    assert!(clipboard.copied()[1].starts_with("“Worked”\n\n"), "{:?}", clipboard.copied());
}

#[test]
fn a_group_heading_stands_over_its_sections_for_the_eye_and_the_screen_reader() {
    let mut h = harness(app_on_fixture("two-heading-levels.txt"));
    let level_of = |h: &Harness<'static, ReaderApp>, label: &str| {
        (1..=6).find(|&level| {
            h.query_by(|n| {
                n.role() == egui::accesskit::Role::Heading
                    && n.label().as_deref() == Some(label)
                    && n.level() == Some(level)
            })
            .is_some()
        })
    };
    assert_eq!(level_of(&h, "REGIONAL STABILITY"), Some(2));
    assert_eq!(level_of(&h, "ECONOMIC PROSPERITY"), Some(2));
    assert_eq!(level_of(&h, "Positive Results · 2 entries, expanded"), Some(3));
    assert_eq!(level_of(&h, "GLOBAL ISSUES · 1 entry, expanded"), Some(2), "a section of no group");
    // The outline lists each group over its sections: "Positive Results" is in two.
    assert_eq!(h.get_all_by_label("Positive Results · 1").count(), 1);
    h.get_by_label("Positive Results · 2");
    h.get_all_by_label("ECONOMIC PROSPERITY").next().unwrap().click();
    h.run();
    // A filter that leaves a group no entries hides its heading.
    type_into(&mut h, "Find in document", "Kashmir");
    let heading = |label: &'static str| {
        move |n: &egui_kittest::kittest::AccessKitNode<'_>| {
            n.role() == egui::accesskit::Role::Heading && n.label().as_deref() == Some(label)
        }
    };
    assert!(h.query_by(heading("ECONOMIC PROSPERITY")).is_none(), "(the outline still lists it)");
    h.get_by(heading("REGIONAL STABILITY"));
}

#[test]
fn the_page_s_other_text_is_one_fold_away() {
    let mut h = harness(app_on_fixture("not-entries.txt"));
    assert!(h.query_by_label("AP/Wide World Photos").is_none(), "folded");
    h.get_by_label("Other text on this page · 3").click(); // the lead-in describes its section
    h.run();
    h.get_by_label("AP/Wide World Photos");
    h.get_by_label("[source: National Security Council, 1999]");
    h.get_by_label("Other text on this page. Hide").click();
    h.run();
    assert!(h.query_by_label("AP/Wide World Photos").is_none());
}

/// The entry at the top of the document view, and where its text is on screen.
fn top_entry(h: &Harness<'static, ReaderApp>) -> (String, f32) {
    let state = h.state();
    let id = state.document.view.top_entry(&state.doc).expect("an entry in view");
    let (_, entry) = state.doc.find_entry(&id).unwrap();
    let text = entry.text.chars().take(40).collect::<String>();
    (entry.number.to_string(), h.get_by_label_contains(&text).rect().top())
}

#[test]
fn the_reader_keeps_their_place_through_zoom_panels_highlights_and_find() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    let (_, entry) = doc.find_entry("3.2").unwrap();
    h.state_mut().apply(record_reader::gui::DocumentCommand::Reveal(entry.id.to_string()));
    h.run();
    let (number, top) = top_entry(&h);
    assert_eq!(number, "3.2", "revealed at the top");
    let same_place = |h: &Harness<'static, ReaderApp>, after: &str| {
        let (n, y) = top_entry(h);
        assert_eq!(n, "3.2", "after {after}, entry {n} is at the top");
        assert!((y - top).abs() < 8.0, "after {after}, its text moved from {top} to {y}");
    };
    for (what, command) in [
        ("Ctrl+Plus", record_reader::gui::LayoutCommand::ReadingSize(1)),
        ("Ctrl+Plus again", record_reader::gui::LayoutCommand::ReadingSize(1)),
        ("Ctrl+0", record_reader::gui::LayoutCommand::ReadingSize(0)),
        ("hiding the notes panel", record_reader::gui::LayoutCommand::ToggleNotesPanel),
        ("hiding the sidebar", record_reader::gui::LayoutCommand::ToggleFilterPanel),
        ("showing both again", record_reader::gui::LayoutCommand::ToggleNotesPanel),
    ] {
        h.state_mut().apply(command);
        h.run();
        same_place(&h, what);
    }
    h.state_mut().apply(record_reader::gui::LayoutCommand::ToggleFilterPanel);
    h.run();
    // A highlight in an entry above the one read, and a note: the rows are measured again.
    let (_, above) = doc.find_entry("1.2").unwrap();
    h.state_mut().apply(NotesCommand::AddHighlight {
        entry_id: above.id.to_string(),
        start: 0,
        end: 20,
        color: None,
        edit: false,
    });
    h.run();
    same_place(&h, "a highlight");
    // Find opens (its bar takes room above the text) and closes.
    h.state_mut().apply(record_reader::gui::FindCommand::SetOnlyMatching(false));
    h.state_mut().apply(record_reader::gui::FindCommand::Set("Rwanda".into()));
    h.run();
    // Find brought its first match into view, or left it in view; closing Find keeps the
    // entry read where it is.
    let (at_match, y_match) = top_entry(&h);
    h.state_mut().apply(record_reader::gui::FindCommand::Stop);
    h.run();
    let (n, y) = top_entry(&h);
    assert_eq!(n, at_match, "closing Find keeps the entry read");
    // On screen it rises by the Find bar's height (the bar goes), no more.
    let bar = y_match - y;
    assert!((0.0..40.0).contains(&bar), "closing Find moved the entry from {y_match} to {y}");
}

#[test]
fn a_bracket_puts_the_next_section_header_at_the_top() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    for _ in 0..3 {
        h.key_press(egui::Key::CloseBracket);
        h.run();
    }
    let third = &doc.sections[2];
    let label = format!("{} · {} entries, expanded", third.title, third.entries.len());
    let header = h.get_by_label(&label).rect();
    assert!(header.top() < 140.0, "the third header is at the top of the view: {header:?}");
}

#[test]
fn records_read_are_offered_again_under_open_recent_and_the_last_one_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = PathBuf::from("tests/fixtures/record-of-progress-wrapped.txt");
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    assert_eq!(h.state().prefs().open_record, None, "the built-in record is no file");
    h.get_by_label("Menu").click();
    h.run();
    h.get_by_label("Open recent").hover();
    h.run();
    assert!(h.query_by_label("No records read yet").is_some());
    h.key_press(egui::Key::Escape);
    h.run();
    h.state_mut().apply(record_reader::gui::DocumentCommand::Open(fixture.clone()));
    wait_for_open(&mut h);
    let prefs = h.state().prefs();
    assert_eq!(prefs.open_record.as_deref(), Some(fixture.as_path()));
    assert!(prefs.read_at.contains_key(&fixture));
    // Back to the built-in record, then the recent one from the menu.
    h.state_mut().apply(record_reader::gui::DocumentCommand::Open(
        "assets/documents/promoting-democracy-and-human-rights.txt".into(),
    ));
    wait_for_open(&mut h);
    h.get_by_label("Menu").click();
    h.run();
    h.get_by_label("Open recent").hover();
    h.run();
    h.get_by_label("record-of-progress-wrapped.txt").click();
    h.run();
    wait_for_open(&mut h);
    assert_eq!(h.state().doc.meta.source.as_deref(), Some("tests/fixtures/record-of-progress-wrapped.txt"));
}

#[test]
fn the_reading_width_setting_widens_the_centred_column() {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1920.0, 1000.0))
        .with_max_steps(12)
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app_with(Prefs::default(), ScriptedDialog::default()));
    h.run();
    let medium = first_entry_rect(&h);
    menu(&mut h, "Reading width");
    h.get_by_label_contains("Wide (about 100").click();
    h.run();
    let wide = first_entry_rect(&h);
    assert!(wide.width() > medium.width() * 1.25, "{medium:?} → {wide:?}");
    assert_eq!(h.state().prefs().reading.width, style::ReadingWidth::Wide, "saved with the preferences");
    menu(&mut h, "Reading width");
    h.get_by_label_contains("Narrow (about 60").click();
    h.run();
    assert!(first_entry_rect(&h).width() < medium.width());
}

#[test]
fn a_related_remark_s_date_never_runs_into_its_title_at_any_reading_size() {
    // (Chips on one line: filter_panel's own test, in a narrow sidebar.)
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    // At 125 % and 200 %, a related remark's date ends before its title begins.
    for _ in 0..4 {
        h.state_mut().apply(record_reader::gui::LayoutCommand::ReadingSize(1));
        h.run();
        h.key_press(egui::Key::End);
        h.run();
        let date = h.get_by_label("December 6, 2000").rect();
        let title = h
            .get_all_by_label("Remarks by the President at Human Rights Day/Eleanor Roosevelt Award Ceremony")
            .map(|n| n.rect())
            .find(|r| (r.top() - date.top()).abs() < 8.0)
            .expect("the remark's title on the date's line");
        assert!(
            date.right() <= title.left(),
            "at {} %: {date:?} runs into {title:?}",
            h.state().layout.reading.scale * 100.0
        );
    }
}

#[test]
fn a_new_note_takes_the_typing_tags_follow_by_keyboard_and_esc_goes_back_to_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_in(dir.path(), Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    for _ in 0..2 {
        h.key_press(egui::Key::ArrowDown);
        h.run();
    }
    let entry = doc.sections[0].entries[0].id.to_string();
    let top_before = h.state().document.view.top_entry(&h.state().doc);
    h.key_press(egui::Key::N);
    h.run();
    // Typed straight into the body: a space is a space, not a page down.
    let typed = |h: &mut Harness<'static, ReaderApp>, text: &str| {
        for c in text.chars() {
            if c == ' ' {
                h.key_press(egui::Key::Space);
            }
            h.event(egui::Event::Text(c.to_string()));
            h.run();
        }
    };
    typed(&mut h, "Compare the 1998 report");
    assert_eq!(h.state().document.view.top_entry(&h.state().doc), top_before, "the document did not move");
    let note = h.state().notes.selected.expect("the new note is open");
    assert_eq!(h.state().notes.store.notes[&note].body, "Compare the 1998 report");
    // Tab to the tags; each Enter adds one and the box keeps the keyboard.
    h.key_press(egui::Key::Tab);
    h.run();
    typed(&mut h, "asylum");
    h.key_press(egui::Key::Enter);
    h.run();
    typed(&mut h, "labor");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().notes.store.notes[&note].tags, ["asylum", "labor"]);
    // Esc is Done: the note is kept, and the keyboard is back on its entry.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().notes.selected, None);
    assert_eq!(h.state().notes.store.live().count(), 1);
    assert_eq!(h.state().document.view.current_entry(&h.state().doc).as_deref(), Some(entry.as_str()));
    // And the reading keys are the reader's again.
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert_eq!(h.state().document.view.current_entry(&h.state().doc), Some(doc.sections[0].entries[1].id.to_string()));
}

#[test]
fn ctrl_shift_and_the_arrows_select_by_word() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    for _ in 0..2 {
        h.key_press(egui::Key::ArrowDown);
        h.run();
    }
    for _ in 0..3 {
        // Ctrl, as a Linux or Windows keyboard sends it (Ctrl is the command key there).
        h.key_press_modifiers(
            egui::Modifiers::CTRL | egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
            egui::Key::ArrowRight,
        );
        h.run();
    }
    let sel = record_reader::gui::panels::entry_text::selection(&h.ctx).expect("a passage is selected");
    let doc = embedded().unwrap();
    let text: String = doc.sections[0].entries[0].text.chars().take(sel.end).collect();
    assert_eq!((sel.start, text.trim_end()), (0, "Worked with partners"));
}

#[test]
fn a_drag_from_inside_a_word_to_inside_another_takes_in_both_words_when_let_go() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let text = first_entry_rect(&h);
    let doc = embedded().unwrap();
    let entry: Vec<char> = doc.sections[0].entries[0].text.chars().collect();
    // From inside "Worked" to inside a word some way along the first line.
    drag(&mut h, text.left_top() + egui::vec2(23.0, 8.0), text.left_top() + egui::vec2(text.width() * 0.55, 8.0));
    let sel = record_reader::gui::panels::entry_text::selection(&h.ctx).expect("a passage is selected");
    assert!(!sel.dragging);
    assert_eq!(sel.start, 0, "out to the start of \"Worked\"");
    let word = |c: char| c.is_alphanumeric();
    assert!(
        word(entry[sel.end - 1]) && !entry.get(sel.end).copied().is_some_and(word),
        "ends on a word's end: {sel:?}"
    );
    // And what is highlighted is those whole words.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::H);
    h.run();
    let quote = h.state().notes.store.live().next().map(|n| n.anchor.quote.exact.clone()).unwrap();
    assert!(quote.starts_with("Worked ") && quote.chars().last().is_some_and(word), "{quote}");
}

#[test]
fn leaving_a_note_by_a_click_further_down_does_not_take_the_reader_back_to_it() {
    let mut h = harness(app_with(Prefs::default(), ScriptedDialog::default()));
    let doc = embedded().unwrap();
    // A note added and left empty (a press in the text then leaves it).
    h.get_all_by_label("Add note").next().unwrap().click();
    h.run();
    // The reader reads on, far below the note's entry, and clicks in the text there.
    let (_, far) = doc.find_entry("5.2").unwrap();
    h.state_mut().apply(record_reader::gui::DocumentCommand::Reveal(far.id.to_string()));
    h.run();
    let before = h.state().document.view.top_entry(&h.state().doc);
    let at = h.get_by_label_contains(&far.text[..40]).rect().center();
    drag(&mut h, at, at);
    assert!(h.state().notes.selected.is_none(), "the click left the note");
    assert_eq!(h.state().document.view.top_entry(&h.state().doc), before, "the view stayed");
}

/// A fact sheet's lead-in groups: each lead-in shows under its group's heading, as the
/// page says it, and is no entry; the closing "Full report here:" is other text.
#[test]
fn a_lead_in_shows_over_its_group_and_is_no_entry() {
    let mut h = harness(app_on_fixture("lead-in-groups.md"));
    h.run();
    // The groups have no heading of their own: each is headed by its lead-in, as a screen
    // reader names the header (the outline names them so too).
    for lead_in in ["In the past year, the Administration has:", "In the coming year, the Administration will:"] {
        let header = format!("{lead_in} · 2 entries, expanded");
        assert!(h.query_by_label(&header).is_some(), "the group headed {header:?} is shown");
        assert!(h.query_by_label(&format!("{lead_in} · 2")).is_some(), "the outline names {lead_in:?}");
    }
    let doc = record_reader::core::open::open_path(std::path::Path::new("tests/fixtures/lead-in-groups.md")).unwrap();
    assert_eq!(doc.sections.len(), 2, "two groups");
    assert_eq!(doc.entry_count(), 4);
    assert!(doc.entries().all(|(_, e)| !e.text.ends_with(':')), "no lead-in is an entry");
    assert!(doc.unplaced.iter().any(|t| t == "Full report here:"));
    assert!(h.query_by_label("Full report here:").is_none(), "other text is folded");
}

/// A heading with a list of its own and then a sub-heading with another (a saved page's
/// `<h2>` over an `<h3>`) is one heading: shown once, in the reading column and in the outline,
/// with the sub-section under it; the site's navigation and footer are no sections.
#[test]
fn a_heading_over_its_own_list_and_a_sub_section_is_shown_once() {
    let doc =
        record_reader::core::open::open_path(std::path::Path::new("tests/fixtures/heading-with-its-own-list.html"))
            .unwrap();
    let shape: Vec<(&str, Option<&str>, usize)> = doc
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.group.as_ref().map(|g| g.title.as_str()), s.entries.len()))
        .collect();
    assert_eq!(
        shape,
        [
            ("Driving Abroad", None, 2),
            ("Get an International Driving Permit", Some("Driving Abroad"), 2),
            ("Staying Safe", None, 1)
        ]
    );
    let mut h = harness(app_on_fixture("heading-with-its-own-list.html"));
    h.run();
    assert!(h.query_by_label("Driving Abroad · 2 entries, expanded").is_some());
    assert!(h.query_by_label("Get an International Driving Permit · 2 entries, expanded").is_some());
    // No second heading of the same name over the sub-section, in the column or the outline.
    assert_eq!(h.query_all_by_label("Driving Abroad").count(), 0, "the group heading is not shown again");
    assert!(h.query_by_label("Home").is_none() && h.query_by_label("Privacy Policy").is_none());
}
