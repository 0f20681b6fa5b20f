//! The Library view through AccessKit, as a reader uses it: add a folder (the file dialog
//! answers), wait for the scan, search across the records, click a result, and the record
//! opens at that entry.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::open::embedded;
use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
use record_reader::gui::{MainView, Prefs, ReaderApp, style};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A folder of three records: two fixtures and a Markdown fact sheet.
fn folder_of_records() -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    for name in ["two-heading-levels.txt", "text-only-layout.txt", "fact-sheet.md"] {
        std::fs::copy(Path::new("tests/fixtures").join(name), dir.join(name)).unwrap();
    }
    dir
}

fn harness(folder: &Path) -> Harness<'static, ReaderApp> {
    harness_with(folder, &tempfile::tempdir().unwrap().keep(), vec![])
}

/// The dialog answers with `folder` first, then with `later`, from the back.
fn harness_with(folder: &Path, notes: &Path, mut later: Vec<PathBuf>) -> Harness<'static, ReaderApp> {
    let library = tempfile::tempdir().unwrap().keep();
    later.push(folder.to_owned());
    let dialog = ScriptedDialog(later);
    let app = ReaderApp::new(embedded().unwrap(), Prefs::default(), Box::new(dialog), notes)
        .unwrap()
        .with_library_dir(Some(library));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 900.0))
        .with_max_steps(12)
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    h
}

/// Runs frames until `done` holds (the library works on background threads), or fails.
fn run_until(h: &mut Harness<'static, ReaderApp>, what: &str, done: impl Fn(&ReaderApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        h.run();
    }
    h.run();
}

/// Shows the Library view, adds the folder (the dialog answers with it), waits for the scan.
fn add_the_folder(h: &mut Harness<'static, ReaderApp>) {
    h.get_by_label("Library").click();
    h.run();
    h.get_by_label("Add folder…").click();
    h.run();
    run_until(h, "the scan", |app| app.library.catalogue.records.len() == 3 && !app.library.busy());
}

#[test]
fn search_across_the_library_and_open_a_result_at_its_entry() {
    let folder = folder_of_records();
    let mut h = harness(&folder);
    h.get_by_label("Library").click();
    h.run();
    assert_eq!(h.state().layout.view, MainView::Library);
    h.get_by_label("No folders yet. Add a folder of records to search, filter and annotate them together.");

    h.get_by_label("Add folder…").click();
    h.run();
    run_until(&mut h, "the scan", |app| app.library.catalogue.records.len() == 3 && !app.library.busy());
    // The catalogue lists the records, each a link that opens it.
    let titles: Vec<String> = h.state().library.catalogue.records.iter().map(|r| r.title.clone()).collect();
    for title in &titles {
        h.get_by_label(title);
    }
    h.get_by_label("3 of 3 records");

    let search = h.get_by(|n| n.label().as_deref() == Some("Search the library"));
    search.focus();
    h.run();
    h.get_by(|n| n.label().as_deref() == Some("Search the library")).type_text("Kosovo refugees");
    h.run();
    run_until(&mut h, "the search", |app| {
        app.library.search.searched == "Kosovo refugees" && !app.library.search.hits.is_empty()
    });
    let hit = h.state().library.search.hits[0].clone();
    assert!(hit.path.ends_with("two-heading-levels.txt"), "{hit:?}");
    // Results are grouped under their record's title, with the entry's number and snippet.
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with(&format!("{} · ", hit.title))));
    let result = h.get_by(|n| {
        n.role() == egui::accesskit::Role::Button
            && n.label().is_some_and(|l| l.starts_with(&format!("{} {}", hit.number, hit.section)))
    });
    result.click();
    h.run();
    run_until(&mut h, "the record to open", |app| !app.is_opening() && app.doc.find_entry(&hit.entry_id).is_some());
    let app = h.state();
    assert_eq!(app.layout.view, MainView::Document, "the record is shown");
    assert!(
        app.doc.meta.source.as_deref().is_some_and(|s| s.ends_with("two-heading-levels.txt")),
        "{:?}",
        app.doc.meta
    );
    assert_eq!(app.document.view.current_entry(&app.doc).as_deref(), Some(hit.entry_id.as_str()), "at the entry");
}

#[test]
fn a_query_the_library_cannot_read_says_why() {
    let folder = folder_of_records();
    let mut h = harness(&folder);
    add_the_folder(&mut h);
    h.get_by(|n| n.label().as_deref() == Some("Search the library")).focus();
    h.run();
    h.get_by(|n| n.label().as_deref() == Some("Search the library")).type_text("colour:red");
    h.run();
    run_until(&mut h, "the search", |app| app.library.search.searched == "colour:red");
    let why = h.state().library.search.search_error.clone().expect("an unknown field is an error");
    h.get_by_label(&why);
}

#[test]
fn the_library_exports_a_bibliography_of_the_records_its_notes_cite() {
    let folder = folder_of_records();
    // A note on one record, written as the window or the command line would.
    let notes = tempfile::tempdir().unwrap().keep();
    let doc = record_reader::core::open::open_path(&folder.join("text-only-layout.txt")).unwrap();
    let mut store = record_reader::core::notes::NotesStore::open(&notes, &doc.id);
    let (_, entry) = doc.entries().next().unwrap();
    store.put(record_reader::core::notes::Note::on_entry(&doc, entry, "Cite this one."));
    store.save().unwrap();
    let out = tempfile::tempdir().unwrap().keep().join("library.bib");
    let mut h = harness_with(&folder, &notes, vec![out.clone()]);
    add_the_folder(&mut h);
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::ComboBox
            && n.label().as_deref() == Some("Export every note in the library as")
    })
    .click();
    h.run();
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with("Bibliography: BibTeX"))).click();
    h.run();
    h.get_by_label("Export library…").click();
    h.run();
    run_until(&mut h, "the export", |app| !app.library.busy());
    let bib = std::fs::read_to_string(&out).unwrap();
    assert_eq!(bib.matches("@misc{").count() + bib.matches("@online{").count(), 1, "{bib}");
    assert!(bib.contains(&format!("title = {{{}}}", doc.meta.title)), "{bib}");
    let status = format!("{:?}", h.state().status);
    assert!(status.contains("Exported the notes of 1 record(s)"), "{status}");
}

#[test]
fn the_region_list_beside_the_library_narrows_the_search_to_a_region() {
    let folder = folder_of_records();
    let mut h = harness(&folder);
    add_the_folder(&mut h);
    let europe = h.state().library.search.region_counts.iter().find(|(b, _)| b.code() == "EUR").unwrap().1;
    assert!(europe > 0, "the fixtures name Kosovo, Ukraine and Moldova");
    h.get_by_label(&format!("Europe and Eurasia · {europe}")).click();
    h.run();
    run_until(&mut h, "the search", |app| app.library.search.searched == "region:EUR");
    assert_eq!(h.state().library.search.hits.len(), europe, "every entry about Europe, and only those");
    // The count beside each region is now of the entries found.
    h.get_by_label(&format!("Europe and Eurasia · {europe}")).click();
    h.run();
    run_until(&mut h, "the search", |app| app.library.search.searched.is_empty());
    assert!(h.state().library.search.hits.is_empty(), "the catalogue again");
}

#[test]
fn notes_written_by_another_program_show_in_the_catalogue_while_the_app_runs() {
    let folder = folder_of_records();
    let notes = tempfile::tempdir().unwrap().keep();
    let mut h = harness_with(&folder, &notes, vec![]);
    add_the_folder(&mut h);
    assert!(h.state().library.catalogue.records.iter().all(|r| r.notes == 0));
    // The command line (or a second window) adds a note to one record.
    let doc = record_reader::core::open::open_path(&folder.join("fact-sheet.md")).unwrap();
    let mut store = record_reader::core::notes::NotesStore::open(&notes, &doc.id);
    let (_, entry) = doc.entries().next().unwrap();
    store.put(record_reader::core::notes::Note::on_entry(&doc, entry, "Written elsewhere."));
    store.save().unwrap();
    run_until(&mut h, "the watcher", |app| {
        app.library.catalogue.records.iter().any(|r| r.id == doc.id && r.notes == 1)
    });
}

#[test]
fn a_record_saved_into_a_library_folder_appears_while_the_app_runs() {
    let folder = folder_of_records();
    let mut h = harness(&folder);
    add_the_folder(&mut h);
    std::fs::create_dir(folder.join("more")).unwrap();
    std::fs::copy("tests/fixtures/saved-page.html", folder.join("more/saved-page.html")).unwrap();
    run_until(&mut h, "the watcher", |app| app.library.catalogue.records.len() == 4);
    let added =
        h.state().library.catalogue.records.iter().find(|r| r.path.ends_with("more/saved-page.html")).cloned().unwrap();
    h.get_by_label(&added.title);
    std::fs::remove_file(folder.join("more/saved-page.html")).unwrap();
    run_until(&mut h, "the watcher", |app| app.library.catalogue.records.len() == 3);
}

#[test]
fn the_notes_panel_beside_the_library_shows_every_note_filtered_by_tag_and_opens_one() {
    let folder = folder_of_records();
    let notes = tempfile::tempdir().unwrap().keep();
    let mut wanted = None;
    for (name, body, tag) in
        [("fact-sheet.md", "Media funds", "press"), ("two-heading-levels.txt", "Kosovo", "sanctions")]
    {
        let doc = record_reader::core::open::open_path(&folder.join(name)).unwrap();
        let mut store = record_reader::core::notes::NotesStore::open(&notes, &doc.id);
        let (_, entry) = doc.entries().last().unwrap();
        let mut note = record_reader::core::notes::Note::on_entry(&doc, entry, body);
        note.tags = vec![tag.to_owned()];
        store.put(note);
        store.save().unwrap();
        if tag == "sanctions" {
            wanted = Some((doc.meta.title.clone(), entry.id.to_string(), entry.number.to_string()));
        }
    }
    let (title, entry_id, number) = wanted.unwrap();
    let mut h = harness_with(&folder, &notes, vec![]);
    add_the_folder(&mut h);
    h.get_by_label("All notes in the library · 2");
    h.get_by(|n| n.role() == egui::accesskit::Role::ComboBox && n.label().as_deref() == Some("Tag")).click();
    h.run();
    // The menu's choice (the cards show the tag as a chip too).
    h.get_by(|n| n.label().as_deref() == Some("#sanctions") && n.role() != egui::accesskit::Role::Label).click();
    h.run();
    h.get_by_label("All notes in the library · 1");
    // Its card renders the note's tags as chips.
    h.get_by_role_and_label(egui::accesskit::Role::Label, "#sanctions");
    h.get_by_label(&format!("{number} in {title}: Kosovo")).click();
    h.run();
    run_until(&mut h, "the record to open", |app| !app.is_opening() && app.doc.find_entry(&entry_id).is_some());
    let app = h.state();
    assert_eq!(app.layout.view, MainView::Document);
    assert_eq!(app.document.view.current_entry(&app.doc).as_deref(), Some(entry_id.as_str()));
}

#[test]
fn the_map_of_the_library_is_shaded_by_its_entries_and_a_country_is_a_search() {
    let folder = folder_of_records();
    let mut h = harness(&folder);
    add_the_folder(&mut h);
    h.get_by_label("Show the map").click();
    h.run();
    run_until(&mut h, "the counts per country", |app| {
        !app.library.busy() && !app.library.search.country_counts.is_empty()
    });
    // Kosovo's entry names Kosovo (XK); Ukraine and Moldova are in the fact sheet.
    let counts = h.state().library.search.country_counts.clone();
    assert_eq!(counts.get("UA"), Some(&1), "{counts:?}");
    // The map's countries are buttons for screen readers and keyboards: Ukraine is a search.
    h.get_by(|n| n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l.starts_with("Ukraine")))
        .click();
    h.run();
    run_until(&mut h, "the search", |app| app.library.search.searched == "country:UA" && !app.library.busy());
    assert_eq!(h.state().library.search.hits.len(), 1);
}

#[test]
fn a_folder_that_cannot_be_watched_is_said_in_the_window() {
    let folder = folder_of_records();
    let notes = tempfile::tempdir().unwrap().keep();
    let library = tempfile::tempdir().unwrap().keep();
    let mut lib = record_reader::core::library::Library::open(&library, &notes).unwrap();
    lib.add_folder(&folder).unwrap();
    drop(lib);
    // The folder is gone (an unplugged disk) when the window opens the library.
    std::fs::remove_dir_all(&folder).unwrap();
    let app = ReaderApp::new(embedded().unwrap(), Prefs::default(), Box::new(ScriptedDialog::default()), &notes)
        .unwrap()
        .with_library_dir(Some(library));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 900.0))
        .with_max_steps(12)
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    h.get_by_label("Library").click();
    h.run();
    run_until(&mut h, "the watcher's error", |app| app.library.jobs.watch_problem.is_some() && !app.library.busy());
    // Said in the view for as long as it holds, whatever the status bar says since.
    let why = h.state().library.jobs.watch_problem.clone().unwrap();
    assert!(why.starts_with("Changes to the library's files will not show"), "{why}");
    h.get_by_label(&why);
}

#[test]
fn ctrl_f_beside_the_library_types_into_the_library_search() {
    let folder = folder_of_records();
    let mut h = harness(&folder);
    add_the_folder(&mut h);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    // Typed wherever the keyboard is: in the library's search box.
    h.event(egui::Event::Text("kosovo".to_owned()));
    h.run();
    run_until(&mut h, "the search", |app| app.library.search.searched == "kosovo" && !app.library.busy());
    assert!(h.state().find.query.is_empty(), "not the document's Find box");
    assert!(!h.state().library.search.hits.is_empty());
}
