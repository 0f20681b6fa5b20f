//! Records taken from the web, in the window through AccessKit as a reader uses it: Ctrl+L
//! (or the menu, or a pasted address), the address typed, Enter; the page served on
//! loopback is fetched in the background, kept in the Web records folder beside the
//! library with its address, and opened. A failure is said in the dialog, the address kept.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

#[path = "common/serve.rs"]
mod serve;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::open::embedded;
use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
use record_reader::gui::{Prefs, ReaderApp, style};
use serve::{Answer, Server, serve};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const PAGE: &str = "<html><head><title>Aid to Democracy, 1997</title></head><body><h1>Aid to Democracy, 1997</h1>\
<ul><li>Supported elections in Chad and Niger.</li><li>Trained judges in Peru.</li></ul></body></html>";

fn server() -> Server {
    let mut pages = std::collections::BTreeMap::new();
    let mut page = Answer::ok("text/html; charset=utf-8", PAGE);
    page.headers.push(("Last-Modified".into(), "Wed, 01 Oct 1997 10:00:00 GMT".into()));
    pages.insert("/WH/aid.html".to_owned(), page);
    pages.insert("/gone.html".to_owned(), Answer::status("410 Gone"));
    serve(pages)
}

/// The window on the built-in record, its library in a folder of its own (the Web records
/// folder is beside it).
fn harness() -> (Harness<'static, ReaderApp>, PathBuf) {
    let root = tempfile::tempdir().unwrap().keep();
    let library = root.join("library");
    let app =
        ReaderApp::new(embedded().unwrap(), Prefs::default(), Box::new(ScriptedDialog::default()), &root.join("notes"))
            .unwrap()
            .with_library_dir(Some(library));
    let mut app = app;
    // A Wayback Machine that is not there: nothing leaves loopback.
    app.web.archive = record_reader::core::web::Wayback { base: "http://127.0.0.1:1".to_owned() };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .with_max_steps(12)
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    (h, root)
}

fn run_until(h: &mut Harness<'static, ReaderApp>, what: &str, done: impl Fn(&ReaderApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        // One frame: the spinner repaints while the page is fetched.
        h.step();
    }
    h.run();
}

fn type_address(h: &mut Harness<'static, ReaderApp>, address: &str) {
    h.get_by_label("Web address").click();
    h.run();
    h.get_by_label("Web address").type_text(address);
    h.run();
    h.key_press(Key::Enter);
    h.step();
}

#[test]
fn ctrl_l_and_an_address_fetch_the_page_keep_a_copy_and_open_it() {
    let server = server();
    let (mut h, root) = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    h.get_by_label("Open web address");
    let address = format!("{}/WH/aid.html", server.address);
    type_address(&mut h, &address);
    run_until(&mut h, "the page to open", |app| app.doc.meta.title == "Aid to Democracy, 1997");
    assert!(h.query_by_label("Open web address").is_none(), "the dialog closed");
    h.get_by_label("Supported elections in Chad and Niger.");
    // Kept byte for byte in the Web records folder beside the library, its address beside it.
    let copies: Vec<PathBuf> = std::fs::read_dir(root.join("web-records"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(std::fs::read(&copies[0]).unwrap(), PAGE.as_bytes());
    let details = record_reader::core::details::read_details(&copies[0]).unwrap().unwrap();
    assert_eq!(details.url.as_deref(), Some(address.as_str()));
    assert_eq!(h.state().doc.meta.url.as_deref(), Some(address.as_str()), "the record cites its address");
    assert_eq!(server.asked.lock().unwrap().as_slice(), ["/WH/aid.html"], "one request");
    // The library holds the folder.
    run_until(&mut h, "the library to hold the copy", |app| {
        app.library.jobs.folders.iter().any(|f| f.ends_with("web-records")) && !app.library.busy()
    });
}

#[test]
fn a_page_that_is_gone_is_said_in_the_dialog_and_the_address_stays() {
    let server = server();
    let (mut h, _root) = harness();
    h.get_by_label("Menu").click();
    h.run();
    // The item's label carries its shortcut.
    h.get_by_label_contains("Open web address…").click();
    h.run();
    let address = format!("{}/gone.html", server.address);
    type_address(&mut h, &address);
    run_until(&mut h, "the fetch to fail", |app| !app.web.busy());
    // Said in the dialog, and in the status bar.
    let said = h.query_all_by_label_contains("the page has been removed from this address (410 Gone)").count();
    assert_eq!(said, 2);
    assert_eq!(h.state().web.dialog.as_ref().unwrap().address, address, "the address stays");
    assert_eq!(h.state().doc.sections.len(), 6, "the record shown stays");
    // Not an address at all: said before anything is sent.
    h.get_by_label("Web address").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Web address").type_text("democracy in Haiti");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label_contains("is not a web address");
    assert_eq!(server.asked.lock().unwrap().len(), 1, "nothing more was asked");
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().web.dialog.is_none());
}

#[test]
fn a_pasted_address_is_offered_not_fetched_unasked() {
    let server = server();
    let (mut h, _root) = harness();
    let address = format!("{}/WH/aid.html", server.address);
    h.event(egui::Event::Paste(format!("{address}\n")));
    h.run();
    h.get_by_label("Open web address");
    assert_eq!(h.state().web.dialog.as_ref().unwrap().address, address);
    assert!(server.asked.lock().unwrap().is_empty(), "nothing is fetched before Open");
    h.get_by_label("Open").click();
    h.step();
    run_until(&mut h, "the page to open", |app| app.doc.meta.title == "Aid to Democracy, 1997");
    // Pasted words are not an address: no dialog.
    h.event(egui::Event::Paste("notes.ron".into()));
    h.run();
    assert!(h.state().web.dialog.is_none());
}

#[test]
fn an_address_that_is_gone_offers_the_internet_archives_copy_and_opens_it() {
    let server = server();
    let gone = format!("{}/gone.html", server.address);
    // The archive (on the same loopback server): its availability API, and the capture in
    // its raw form (the toolbar only on the other form).
    let capture = format!("{}/web/20091201142210/{gone}", server.address);
    let json = format!(
        r#"{{"archived_snapshots":{{"closest":{{"available":true,"url":"{capture}","timestamp":"20091201142210","status":"200"}}}}}}"#
    );
    server.set(&format!("/wayback/available?url={}", url_encoded(&gone)), Answer::ok("application/json", json));
    server.set(&format!("/web/20091201142210id_/{gone}"), Answer::ok("text/html", PAGE));
    let (mut h, root) = harness();
    h.state_mut().web.archive = record_reader::core::web::Wayback { base: server.address.clone() };
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    type_address(&mut h, &gone);
    run_until(&mut h, "the fetch to fail", |app| !app.web.busy());
    assert_eq!(h.state().doc.sections.len(), 6, "nothing opened unasked");
    h.get_by_label_contains("The Internet Archive holds the Internet Archive's copy of 1 December 2009");
    h.get_by_label("Open the Internet Archive's copy of 1 December 2009").click();
    h.step();
    run_until(&mut h, "the archived copy to open", |app| app.doc.meta.title == "Aid to Democracy, 1997");
    assert_eq!(h.state().doc.meta.url.as_deref(), Some(capture.as_str()), "cited as the capture");
    let asked = server.asked.lock().unwrap().clone();
    assert!(asked.contains(&format!("/web/20091201142210id_/{gone}")), "the raw form was asked: {asked:?}");
    assert!(!asked.contains(&format!("/web/20091201142210/{gone}")), "not the one with the toolbar: {asked:?}");
    let copy = h.state().doc.meta.source.clone().unwrap();
    assert!(Path::new(&copy).starts_with(root.join("web-records")));
    let details = record_reader::core::details::read_details(Path::new(&copy)).unwrap().unwrap();
    assert_eq!(details.archived_from.as_deref(), Some(gone.as_str()));
    assert_eq!(details.captured.as_deref(), Some("2009-12-01T14:22:10Z"));
}

#[test]
fn a_page_that_changed_offers_the_newer_copy_and_keeps_the_readers_own() {
    let server = server();
    let address = format!("{}/WH/aid.html", server.address);
    let (mut h, _root) = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    type_address(&mut h, &address);
    run_until(&mut h, "the page to open", |app| app.doc.meta.title == "Aid to Democracy, 1997");
    let first = h.state().doc.meta.source.clone().unwrap();
    let first_bytes = std::fs::read(&first).unwrap();
    // The page changes on the server; fetched again, both copies are kept and offered.
    server.set(
        "/WH/aid.html",
        Answer::ok("text/html", PAGE.replace("Trained judges in Peru.", "Trained judges in Bolivia.")),
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    type_address(&mut h, &address);
    run_until(&mut h, "the second fetch", |app| !app.web.busy());
    h.get_by_label("A newer copy exists");
    assert_eq!(h.state().doc.meta.source.as_deref(), Some(first.as_str()), "the reader's copy stays shown");
    h.get_by_label("Open the newer copy").click();
    h.step();
    run_until(&mut h, "the newer copy to open", |app| app.doc.meta.source.as_deref() != Some(first.as_str()));
    h.get_by_label("Trained judges in Bolivia.");
    assert_eq!(std::fs::read(&first).unwrap(), first_bytes, "the earlier copy is kept as it was");
}

/// `text` as a query's value (the availability API's `url=`), as `url` writes it.
fn url_encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[test]
fn a_copy_can_be_kept_in_a_folder_of_the_library_the_reader_picks() {
    let server = server();
    let (mut h, root) = harness();
    let folder = root.join("my-records");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy("tests/fixtures/fact-sheet.md", folder.join("fact-sheet.md")).unwrap();
    // The library holds the folder (added as the Library view adds one).
    let library = root.join("library");
    let mut lib = record_reader::core::library::Library::open(&library, &root.join("notes")).unwrap();
    lib.add_folder(&folder).unwrap();
    drop(lib);
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    h.get_by_label("Keep the copy in").click();
    h.run();
    h.get_by_label("my-records").click();
    h.run();
    assert_eq!(h.state().web.into.as_deref(), Some(std::fs::canonicalize(&folder).unwrap().as_path()));
    type_address(&mut h, &format!("{}/WH/aid.html", server.address));
    run_until(&mut h, "the page to open", |app| app.doc.meta.title == "Aid to Democracy, 1997");
    let source = h.state().doc.meta.source.clone().unwrap();
    assert!(std::fs::canonicalize(&source).unwrap().starts_with(std::fs::canonicalize(&folder).unwrap()), "{source}");
    assert!(!root.join("web-records").exists(), "not in Web records");
}
