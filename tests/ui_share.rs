//! Menu → Sync notes in the window, through AccessKit, on a notes folder shared through real
//! git: what came in ("4 notes from Ben Okafor arrived") and what went, nothing to do, no git
//! installed, and a push the shared copy refuses, each said in the status bar.
#![cfg(feature = "gui")]
#![allow(clippy::unwrap_used)]

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use record_reader::core::notes::{Note, NotesStore};
use record_reader::core::open::embedded;
use record_reader::core::share::Git;
use record_reader::gui::dialogs::file_dialog::ScriptedDialog;
use record_reader::gui::{Prefs, ReaderApp, style};
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/git.rs"]
mod common_git;
use common_git::{git, has_git};
use std::time::{Duration, Instant};

/// A clone of `remote` in `dir`, shared, with this person's name.
fn clone(dir: &Path, remote: &Path, name: &str) {
    let exe = Path::new(env!("CARGO_BIN_EXE_record-reader"));
    Git::default().init(dir, Some(remote.to_str().unwrap()), exe).unwrap();
    git(dir, &["config", "user.name", name]);
    git(dir, &["config", "user.email", "someone@example.org"]);
}

fn add_notes(dir: &Path, n: usize) {
    let doc = embedded().unwrap();
    let mut store = NotesStore::open(dir, &doc.id);
    for (_, entry) in doc.entries().take(n) {
        store.put(Note::on_entry(&doc, entry, "from Ben"));
    }
    store.save().unwrap();
}

fn harness(notes: &Path) -> Harness<'static, ReaderApp> {
    let app =
        ReaderApp::new(embedded().unwrap(), Prefs::default(), Box::new(ScriptedDialog::default()), notes).unwrap();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 800.0))
        .with_max_steps(12)
        .with_context_setup(style::apply)
        .build_ui_state(|ui, app: &mut ReaderApp| app.show(ui), app);
    h.run();
    h
}

/// Menu → Sync notes, then the status bar's message once the sync ended.
fn sync(h: &mut Harness<'static, ReaderApp>) -> String {
    h.get_by_label("Menu").click();
    h.run();
    h.get_by_label("Sync notes").click();
    h.step();
    let start = Instant::now();
    while h.state().share.busy() {
        assert!(start.elapsed() < Duration::from_secs(60), "the sync ends");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run();
    match &h.state().status {
        Some(record_reader::gui::Status::Info(m) | record_reader::gui::Status::Error(m)) => {
            h.get_by_label_contains(m.get(..20).unwrap_or(m));
            m.clone()
        }
        other => panic!("no message: {other:?}"),
    }
}

#[test]
fn sync_tells_whose_notes_came_in_then_that_there_is_nothing_to_do() {
    if !has_git() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let shared: PathBuf = root.path().join("shared.git");
    Command::new("git").args(["init", "--quiet", "--bare"]).arg(&shared).status().unwrap();
    let (ana, ben) = (root.path().join("ana"), root.path().join("ben"));
    clone(&ana, &shared, "Ana Ruiz");
    clone(&ben, &shared, "Ben Okafor");
    add_notes(&ben, 4);
    Git::default().sync(&ben).unwrap();

    let mut h = harness(&ana);
    let said = sync(&mut h);
    assert!(said.contains("4 notes from Ben Okafor arrived") && said.contains("pushed"), "{said}");
    // The notes panel shows them at once (the notes area looks at the disk after a sync).
    h.run();
    assert_eq!(h.state().notes.store.notes.len(), 4);
    h.get_by_label("Notes · 4");
    let said = sync(&mut h);
    assert_eq!(said, "Nothing to do: the notes are the same here and in the shared copy");
    // The notes panel reads the notes that came in (the notes area looks at the disk).
    let doc = embedded().unwrap();
    assert_eq!(NotesStore::open(&ana, &doc.id).notes.len(), 4);
}

#[test]
fn no_git_and_a_refused_push_are_said_and_the_notes_stay() {
    if !has_git() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    // A shared copy that refuses pushes to the branch it has checked out.
    let upstream = root.path().join("upstream");
    std::fs::create_dir_all(&upstream).unwrap();
    git(&upstream, &["init", "--quiet"]);
    git(
        &upstream,
        &["-c", "user.name=U", "-c", "user.email=u@example.org", "commit", "--quiet", "--allow-empty", "-m", "start"],
    );
    let ana = root.path().join("ana");
    clone(&ana, &upstream, "Ana Ruiz");
    let mut h = harness(&ana);
    h.state_mut().share.git = Git { program: PathBuf::from("/nonexistent/git") };
    let said = sync(&mut h);
    assert!(said.contains("git is not installed"), "{said}");
    h.state_mut().share.git = Git::default();
    add_notes(&ana, 2);
    let said = sync(&mut h);
    assert!(said.contains("the push was refused") && said.contains("committed here"), "{said}");
    assert!(git(&ana, &["status", "--porcelain"]).trim().is_empty(), "the notes are committed here");
}
