//! A notes folder shared through real git (issue 29): a bare repository on disk and two
//! clones, each its own notes folder, made with `record-reader share init` and synced with
//! `record-reader share sync` (the real binary, which git runs again as the notes merge
//! driver). Two people add, edit and remove notes of the same record at the same time, and
//! sync in turn for ten rounds.
#![allow(clippy::unwrap_used)]

use record_reader::core::notes::{Note, NotesStore};
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/git.rs"]
mod common_git;
use common_git::{git, has_git};
use uuid::Uuid;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_record-reader"))
}

fn share(args: &[&str]) -> String {
    let out = bin().arg("share").args(args).output().unwrap();
    assert!(out.status.success(), "share {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A person: their clone (their notes folder) and their name.
struct Person {
    dir: PathBuf,
    name: String,
}

impl Person {
    fn join(root: &Path, who: &str, name: &str, shared: &Path) -> Self {
        let dir = root.join(who);
        let out = share(&["init", dir.to_str().unwrap(), "--remote", shared.to_str().unwrap()]);
        assert!(out.contains("cloned"), "{out}");
        git(&dir, &["config", "user.name", name]);
        git(&dir, &["config", "user.email", &format!("{who}@example.org")]);
        Self { dir, name: name.to_owned() }
    }

    fn store(&self) -> NotesStore {
        let doc = record_reader::core::open::embedded().unwrap();
        NotesStore::open(&self.dir, &doc.id)
    }

    fn add(&self, n: usize, tag: &str) -> Vec<Uuid> {
        let doc = record_reader::core::open::embedded().unwrap();
        let mut store = self.store();
        let mut ids = Vec::new();
        for (i, (_, entry)) in doc.entries().take(n).enumerate() {
            let note = Note::on_entry(&doc, entry, &format!("{tag} {i}"));
            ids.push(note.id);
            store.put(note);
        }
        store.save().unwrap();
        ids
    }

    fn edit(&self, ids: &[Uuid], body: &str) {
        let mut store = self.store();
        for id in ids {
            let mut note = (*store.notes[id]).clone();
            note.body = format!("{body} {id}");
            note.modified = record_reader::core::notes::model::now();
            note.modified_by = Some(record_reader::core::notes::Author::named(&self.name));
            store.put(note);
        }
        store.save().unwrap();
    }

    fn remove(&self, ids: &[Uuid]) {
        let mut store = self.store();
        for id in ids {
            store.purge(*id).unwrap();
        }
        store.save().unwrap();
    }

    fn sync(&self) -> String {
        share(&["sync", self.dir.to_str().unwrap()])
    }

    /// Every file the folder shares (each machine's own, the `.bak` and the lock, are not
    /// shared), with its bytes.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        let listed = git(&self.dir, &["ls-files"]);
        let mut files: Vec<(String, Vec<u8>)> =
            listed.lines().map(|name| (name.to_owned(), std::fs::read(self.dir.join(name)).unwrap())).collect();
        files.sort();
        files
    }

    /// The shared files' names and a hash of each (for a short failure message).
    fn digest(&self) -> Vec<(String, blake3::Hash)> {
        self.files().into_iter().map(|(n, b)| (n, blake3::hash(&b))).collect()
    }
}

#[test]
fn two_people_annotating_at_once_through_git_lose_nothing_and_end_the_same() {
    if !has_git() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let shared = root.path().join("shared.git");
    Command::new("git").args(["init", "--quiet", "--bare"]).arg(&shared).status().unwrap();
    let ana = Person::join(root.path(), "ana", "Ana Ruiz", &shared);
    let ben = Person::join(root.path(), "ben", "Ben Okafor", &shared);

    // Eight notes both start from.
    let common = ana.add(8, "common");
    assert!(ana.sync().contains("8 notes added to 'Promoting Democracy and Human Rights'"));
    let told = ben.sync();
    assert!(told.contains("8 notes from Ana Ruiz arrived"), "{told}");
    let (both_edit, ben_removes) = (&common[..5], &common[5..]);
    let mut added = Vec::new();
    for round in 0..10 {
        added.extend(ana.add(5, &format!("ana round {round}")));
        added.extend(ben.add(5, &format!("ben round {round}")));
        if round == 3 {
            // At the same time: Ana edits all eight; Ben, a moment later, edits five of them
            // his way and removes the other three.
            ana.edit(&common, "ana's edit");
            std::thread::sleep(std::time::Duration::from_millis(20));
            ben.edit(both_edit, "ben's edit");
            ben.remove(ben_removes);
        }
        ana.sync();
        ben.sync();
    }
    ana.sync();
    ben.sync();
    ana.sync();

    assert_eq!(ana.digest(), ben.digest(), "both clones hold the same files, byte for byte");
    assert!(
        git(&ana.dir, &["status", "--porcelain"]).trim().is_empty()
            && git(&ben.dir, &["status", "--porcelain"]).trim().is_empty()
    );
    let store = ana.store();
    assert!(!store.is_read_only());
    for id in added.iter().chain(&common) {
        assert!(store.notes.contains_key(id), "note {id} is there");
    }
    assert_eq!(store.notes.len(), 100 + 8);
    for id in both_edit {
        assert_eq!(store.notes[id].body, format!("ben's edit {id}"), "the later edit is kept");
    }
    for id in ben_removes {
        assert_eq!(store.notes[id].body, format!("ana's edit {id}"), "a removal loses to an edit");
    }
    let rejected = String::from_utf8(
        ana.files().into_iter().find(|(n, _)| n.ends_with(".notes.ron.rejected")).expect("a .rejected file").1,
    )
    .unwrap();
    for id in both_edit {
        assert!(rejected.contains(&format!("ana's edit {id}")), "the other edit of {id} is in .rejected");
    }
    assert!(
        rejected.contains("was kept") && rejected.contains("by Ben Okafor") && rejected.contains("by Ana Ruiz"),
        "both authors named: {rejected}"
    );
    for (name, bytes) in ana.files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"), "a conflict marker in {name}");
    }
    let authors = git(&ana.dir, &["log", "--format=%an"]);
    assert!(authors.contains("Ana Ruiz") && authors.contains("Ben Okafor"), "{authors}");
    assert!(git(&ana.dir, &["status", "--porcelain"]).trim().is_empty(), "nothing left uncommitted");
}

#[test]
fn sync_says_what_it_did_and_what_failed_in_words() {
    if !has_git() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("notes");
    // Not shared yet.
    let out = bin().args(["share", "sync"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `record-reader share init"));
    // Shared, with no remote: commits, nothing to push.
    let out = share(&["init", dir.to_str().unwrap()]);
    assert!(out.contains("made a git working copy"), "{out}");
    git(&dir, &["config", "user.name", "Ana Ruiz"]);
    git(&dir, &["config", "user.email", "ana@example.org"]);
    assert!(
        std::fs::read_to_string(dir.join(".gitattributes")).unwrap().contains("*.notes.ron merge=record-reader-notes")
    );
    assert!(git(&dir, &["config", "merge.record-reader-notes.driver"]).contains("notes merge-driver %O %A %B %P"));
    let out = share(&["sync", dir.to_str().unwrap()]);
    assert!(out.contains("Committed"), "{out}");
    assert_eq!(
        share(&["sync", dir.to_str().unwrap()]).trim(),
        "Nothing to do: the notes are the same here and in the shared copy"
    );
    // A shared copy that is not there: said, and the commit stays here.
    git(&dir, &["remote", "add", "origin", root.path().join("gone.git").to_str().unwrap()]);
    let ana = Person { dir: dir.clone(), name: "Ana Ruiz".to_owned() };
    ana.add(1, "kept");
    let out = bin().args(["share", "sync"]).arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not be reached") && err.contains("committed here"), "{err}");
    assert!(git(&dir, &["status", "--porcelain"]).trim().is_empty(), "the note is committed");
}

#[test]
fn records_shared_beside_the_notes_are_added_to_each_library() {
    if !has_git() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let shared = root.path().join("shared.git");
    Command::new("git").args(["init", "--quiet", "--bare"]).arg(&shared).status().unwrap();
    let (a, b) = (root.path().join("ana"), root.path().join("ben"));
    let flags = |library: &str| {
        let (lib, notes) = (root.path().join(library), root.path().join("unused-notes"));
        ["--library-dir".into(), lib.into_os_string(), "--notes-dir".into(), notes.into_os_string()]
    };
    let out = bin()
        .args(["share", "init", "--records", "--remote"])
        .arg(&shared)
        .arg(&a)
        .args(flags("lib-a"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("your library holds them"));
    git(&a, &["config", "user.name", "Ana Ruiz"]);
    git(&a, &["config", "user.email", "ana@example.org"]);
    std::fs::copy("tests/fixtures/fact-sheet.md", a.join("records").join("fact-sheet.md")).unwrap();
    share(&["sync", a.to_str().unwrap()]);
    // Ben clones: the records folder is there, and his library adds it without being asked.
    let out = bin().args(["share", "init", "--remote"]).arg(&shared).arg(&b).args(flags("lib-b")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let listed = bin().args(["library", "list", "--json"]).args(flags("lib-b")).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 1, "{v}");
    assert!(v["folders"][0].as_str().unwrap().ends_with("ben/records"));
    assert!(!b.join("records").join("index").exists(), "the index stays out of the shared folder");
}

#[test]
fn a_side_the_driver_cannot_read_is_an_ordinary_conflict_and_nothing_is_lost() {
    if !has_git() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let shared = root.path().join("shared.git");
    Command::new("git").args(["init", "--quiet", "--bare"]).arg(&shared).status().unwrap();
    let ana = Person::join(root.path(), "ana", "Ana Ruiz", &shared);
    let ben = Person::join(root.path(), "ben", "Ben Okafor", &shared);
    let ids = ana.add(2, "common");
    ana.sync();
    ben.sync();
    ana.edit(&ids, "ana's edit");
    ana.sync();
    // Ben's copy is damaged (cut short) and committed as it is.
    let doc = record_reader::core::open::embedded().unwrap();
    let file = ben.dir.join(format!("{}.notes.ron", doc.id));
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let damaged = std::fs::read(&file).unwrap();
    let out = bin().args(["share", "sync"]).arg(&ben.dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("conflict") && err.contains("nothing was lost"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), damaged, "the merge was undone: Ben's file as he left it");
    assert!(!String::from_utf8_lossy(&damaged).contains("<<<<<<<"));
    assert!(git(&ben.dir, &["status", "--porcelain"]).trim().is_empty(), "no merge left half done");
    assert!(ana.store().notes.values().all(|n| n.body.starts_with("ana's edit")), "Ana's notes untouched");
}

#[test]
fn a_sync_waits_for_a_writer_of_the_notes_and_says_so_rather_than_race_it() {
    if !has_git() {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let shared = root.path().join("shared.git");
    Command::new("git").args(["init", "--quiet", "--bare"]).arg(&shared).status().unwrap();
    let ana = Person::join(root.path(), "ana", "Ana Ruiz", &shared);
    ana.add(1, "first");
    let doc = record_reader::core::open::embedded().unwrap();
    let file = ana.dir.join(format!("{}.notes.ron", doc.id));
    // Another program is writing the notes (it holds their lock, as every save does).
    let held = record_reader::core::notes::disk::lock(&file, std::time::Duration::from_secs(1)).unwrap();
    let out = bin().args(["share", "sync"]).arg(&ana.dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("being written by another program"));
    assert!(!git(&ana.dir, &["status", "--porcelain"]).trim().is_empty(), "nothing was committed");
    drop(held);
    assert!(ana.sync().contains("Committed"));
}
