//! Many writers on one notes file at once, through the real binary: every note added is
//! kept, every removal stays removed, a reader never sees a damaged file, and a save that
//! cannot get the lock says so and keeps the notes.
//!
//! Before saves took a lock and merged with the file on disk, 4 processes adding 25 notes
//! each lost about half of them, a concurrent `notes rm` was undone 17 times in 40, and a
//! reader saw an empty notes file hundreds of times while 8 processes wrote it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::notes::disk::parse_file;
use record_reader::core::notes::store::notes_path;
use record_reader::core::notes::{Note, NotesError, NotesStore, SaveState};
use record_reader::core::open::embedded;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

/// `record-reader notes …` on the notes folder `dir`. `NOTES_CONCURRENCY_BIN=PATH` runs the
/// command-line tests against another build of the binary (an older one, to see them fail).
fn notes(dir: &Path) -> Command {
    let bin = std::env::var_os("NOTES_CONCURRENCY_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_record-reader").into());
    let mut c = Command::new(bin);
    c.env("RECORD_READER_NOTES_DIR", dir).arg("notes").stdin(Stdio::null());
    c
}

/// The command line on one notes folder. A command that fails is an error; what a command
/// that succeeded said on stderr is kept: when nothing is wrong it says nothing.
#[derive(Debug, Clone)]
struct Cli {
    dir: PathBuf,
    warnings: Arc<Mutex<Vec<String>>>,
}

impl Cli {
    fn new(dir: &Path) -> Self {
        Self { dir: dir.to_owned(), warnings: Arc::default() }
    }

    /// Runs `notes ARGS`: its stdout, or what went wrong.
    fn run(&self, args: &[&str]) -> Result<String, String> {
        let mut c = notes(&self.dir);
        c.args(args);
        let out = c.output().map_err(|e| format!("could not start {c:?}: {e}"))?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            return Err(format!("`notes {}` failed ({}): {stderr}", args.join(" "), out.status));
        }
        if !stderr.trim().is_empty() {
            self.warnings.lock().unwrap().push(format!("`notes {}` succeeded but said: {stderr}", args.join(" ")));
        }
        String::from_utf8(out.stdout)
            .map_err(|e| format!("`notes {}` printed bytes that are not UTF-8: {e}", args.join(" ")))
    }

    /// `notes add`: the new note's id.
    fn add(&self, entry: &str, body: &str) -> Result<String, String> {
        let out = self.run(&["add", "--entry", entry, "--body", body])?;
        let id = out.trim().to_owned();
        uuid::Uuid::parse_str(&id).map_err(|e| format!("`notes add` printed {out:?}, not a note id: {e}"))?;
        Ok(id)
    }

    /// `notes rm ID` (to the Trash), or `notes rm ID --purge`.
    fn rm(&self, id: &str, purge: bool) -> Result<(), String> {
        let out = if purge { self.run(&["rm", id, "--purge"])? } else { self.run(&["rm", id])? };
        let said = if purge { "Removed" } else { "Trash" };
        if !out.contains(said) || !out.contains(id) {
            return Err(format!("`notes rm {id}` (purge: {purge}) printed {out:?}"));
        }
        Ok(())
    }

    /// `notes list --json [--trash]`: id → body, and how many rows there were.
    fn list(&self, trash: bool) -> (BTreeMap<String, String>, usize) {
        let out = if trash { self.run(&["list", "--json", "--trash"]) } else { self.run(&["list", "--json"]) };
        let rows: Vec<serde_json::Value> = serde_json::from_str(&out.unwrap()).unwrap();
        let mut map = BTreeMap::new();
        for row in &rows {
            assert_eq!(row["deleted"].as_bool(), Some(trash), "{row}");
            map.insert(row["id"].as_str().unwrap().to_owned(), row["body"].as_str().unwrap().to_owned());
        }
        (map, rows.len())
    }

    /// What the commands that succeeded said on stderr, for a failure message.
    fn said(&self) -> String {
        let w = self.warnings.lock().unwrap();
        if w.is_empty() { "Nothing was said on stderr.".to_owned() } else { format!("On stderr:\n{}", w.join("\n")) }
    }

    /// Every command that succeeded said nothing on stderr.
    fn assert_no_warnings(&self) {
        let w = self.warnings.lock().unwrap();
        assert!(w.is_empty(), "{} command(s) warned though nothing was wrong:\n{}", w.len(), w.join("\n"));
    }
}

/// The entry numbers of the built-in record ("1.1" … "6.4").
fn entry_numbers() -> Vec<String> {
    embedded().unwrap().entries().map(|(_, e)| e.number.to_string()).collect()
}

fn notes_file(dir: &Path) -> PathBuf {
    notes_path(dir, &embedded().unwrap().id)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = OsString::from(path.as_os_str());
    s.push(suffix);
    PathBuf::from(s)
}

/// The notes file, its `.bak` and its `.lock` are all a folder of notes may hold after
/// saves that finished: no temp file (`.<name>.XXXXXX.tmp`, or an older `<name>.tmp-<pid>`)
/// and no `.rejected` (nothing was unreadable).
fn assert_only_notes_files(dir: &Path) {
    let file = notes_file(dir);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let allowed: BTreeSet<String> = [name.clone(), format!("{name}.bak"), format!("{name}.lock")].into_iter().collect();
    let present: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let temps: Vec<&String> =
        present.iter().filter(|n| (n.starts_with('.') && n.ends_with(".tmp")) || n.contains(".tmp-")).collect();
    assert!(temps.is_empty(), "temp files left in the notes folder: {temps:?}");
    let stray: Vec<&String> = present.iter().filter(|n| !allowed.contains(*n)).collect();
    let rejected = std::fs::read_to_string(with_suffix(&file, ".rejected")).unwrap_or_default();
    assert!(stray.is_empty(), "unexpected files in the notes folder: {stray:?}\n.rejected holds:\n{rejected}");
    // What is on disk reads cleanly, whole.
    let bytes = std::fs::read(&file).unwrap();
    let read = parse_file(&bytes).unwrap();
    assert!(read.set_aside.is_empty(), "records set aside: {:?}", read.set_aside);
}

/// A small xorshift generator: the same seed, the same sequence of operations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The base seed; `NOTES_CONCURRENCY_SEED=…` replays another.
fn base_seed() -> u64 {
    std::env::var("NOTES_CONCURRENCY_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x9e37_79b9_7f4a_7c15)
}

/// What one writer did, and so what the file must hold of its notes.
#[derive(Debug, Default)]
struct Outcome {
    live: BTreeMap<String, String>,
    trash: BTreeMap<String, String>,
    purged: BTreeMap<String, String>,
    /// How many notes were moved to the Trash (some of them purged since).
    trashed: usize,
    /// Every command run, in order, for the failure message.
    log: Vec<String>,
}

/// Writer `p`: `ops` operations chosen by `seed` — add a note, move one of its notes to the
/// Trash, or remove one for good (live or from the Trash). Stops at the first command that
/// fails, and says why.
fn writer(cli: &Cli, p: usize, ops: usize, seed: u64, entries: &[String]) -> (Outcome, Option<String>) {
    let mut rng = Rng(seed | 1);
    let mut o = Outcome::default();
    let mut added = 0;
    for step in 0..ops {
        let roll = rng.below(10);
        let result = if o.live.is_empty() || roll < 5 {
            let body = format!("p{p}-n{added}");
            let entry = &entries[(p * 7 + added * 3) % entries.len()];
            added += 1;
            o.log.push(format!("{step}: add {body} on {entry}"));
            cli.add(entry, &body).map(|id| {
                o.live.insert(id, body);
            })
        } else if roll < 8 {
            let (id, body) = o.live.iter().nth(rng.below(o.live.len())).map(|(i, b)| (i.clone(), b.clone())).unwrap();
            o.log.push(format!("{step}: rm {body} ({id})"));
            cli.rm(&id, false).map(|()| {
                o.live.remove(&id);
                o.trash.insert(id, body);
                o.trashed += 1;
            })
        } else {
            let from_trash = !o.trash.is_empty() && rng.below(2) == 0;
            let pool = if from_trash { &o.trash } else { &o.live };
            let (id, body) = pool.iter().nth(rng.below(pool.len())).map(|(i, b)| (i.clone(), b.clone())).unwrap();
            o.log.push(format!(
                "{step}: rm --purge {body} ({id}, from the {})",
                if from_trash { "Trash" } else { "list" }
            ));
            cli.rm(&id, true).map(|()| {
                o.live.remove(&id);
                o.trash.remove(&id);
                o.purged.insert(id, body);
            })
        };
        if let Err(e) = result {
            return (o, Some(e));
        }
    }
    (o, None)
}

fn describe(outcomes: &[Outcome]) -> String {
    outcomes.iter().enumerate().map(|(p, o)| format!("writer {p}: {}\n", o.log.join("; "))).collect()
}

#[test]
fn n_processes_adding_and_removing_keep_exactly_the_expected_notes() {
    let entries = entry_numbers();
    for (n, ops) in [(2, 24), (8, 12)] {
        let dir = tempfile::tempdir().unwrap();
        let cli = Cli::new(dir.path());
        let base = base_seed();
        let seed = base ^ n as u64;
        let barrier = Arc::new(Barrier::new(n));
        let handles: Vec<_> = (0..n)
            .map(|p| {
                let (cli, barrier, entries) = (cli.clone(), barrier.clone(), entries.clone());
                let seed = seed.wrapping_add((p as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d));
                std::thread::spawn(move || {
                    barrier.wait();
                    writer(&cli, p, ops, seed, &entries)
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        let mut failures = Vec::new();
        for h in handles {
            let (o, failed) = h.join().expect("a writer thread panicked");
            outcomes.push(o);
            failures.extend(failed);
        }
        let what = format!("{n} writers, {ops} operations each (NOTES_CONCURRENCY_SEED={base})");
        assert!(failures.is_empty(), "{what}: commands failed:\n{}\n{}", failures.join("\n"), describe(&outcomes));

        let mut live = BTreeMap::new();
        let mut trash = BTreeMap::new();
        let mut purged = BTreeMap::new();
        for o in &outcomes {
            live.extend(o.live.clone());
            trash.extend(o.trash.clone());
            purged.extend(o.purged.clone());
        }
        let trashed: usize = outcomes.iter().map(|o| o.trashed).sum();
        assert!(trashed > 0 && !purged.is_empty(), "{what}: the sequences must trash and purge notes");
        let (listed, rows) = cli.list(false);
        let (trashed, trash_rows) = cli.list(true);
        let missing: Vec<&String> = live.iter().filter(|(id, _)| !listed.contains_key(*id)).map(|(_, b)| b).collect();
        let back: Vec<&String> = purged
            .iter()
            .filter(|(id, _)| listed.contains_key(*id) || trashed.contains_key(*id))
            .map(|(_, b)| b)
            .collect();
        let not_trashed: Vec<&String> =
            trash.iter().filter(|(id, _)| !trashed.contains_key(*id)).map(|(_, b)| b).collect();
        assert!(
            missing.is_empty() && back.is_empty() && not_trashed.is_empty(),
            "{what}: lost {missing:?}; purged but back {back:?}; trashed but not in the Trash {not_trashed:?}\n{}{}",
            describe(&outcomes),
            cli.said()
        );
        assert_eq!(listed, live, "{what}: the live notes\n{}", describe(&outcomes));
        assert_eq!(trashed, trash, "{what}: the Trash\n{}", describe(&outcomes));
        assert_eq!((rows, trash_rows), (live.len(), trash.len()), "{what}: one row per note");
        assert_only_notes_files(dir.path());
        cli.assert_no_warnings();
    }
}

#[test]
fn one_process_adds_while_another_removes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let entries: Vec<_> = doc.entries().map(|(_, e)| e.clone()).collect();
    let mut store = NotesStore::open(dir.path(), &doc.id);
    let mut old = BTreeMap::new();
    for i in 0..40 {
        let note = Note::on_entry(&doc, &entries[i % entries.len()], &format!("old-{i}"));
        old.insert(note.id.to_string(), note.body.clone());
        store.put(note);
    }
    store.save().unwrap();
    drop(store);

    let cli = Cli::new(dir.path());
    let barrier = Arc::new(Barrier::new(2));
    let adder = {
        let (cli, barrier) = (cli.clone(), barrier.clone());
        let numbers = entry_numbers();
        std::thread::spawn(move || -> Result<BTreeMap<String, String>, String> {
            barrier.wait();
            let mut new = BTreeMap::new();
            for i in 0..40 {
                let body = format!("new-{i}");
                new.insert(cli.add(&numbers[(i * 5) % numbers.len()], &body)?, body);
            }
            Ok(new)
        })
    };
    let remover = {
        let (cli, barrier, ids) = (cli.clone(), barrier.clone(), old.keys().cloned().collect::<Vec<_>>());
        std::thread::spawn(move || -> Result<(), String> {
            barrier.wait();
            for id in ids {
                cli.rm(&id, false)?;
            }
            Ok(())
        })
    };
    let new = adder.join().unwrap().unwrap();
    remover.join().unwrap().unwrap();

    let (listed, _) = cli.list(false);
    let (trashed, _) = cli.list(true);
    let undone: Vec<&String> = old.iter().filter(|(id, _)| !trashed.contains_key(*id)).map(|(_, b)| b).collect();
    let lost: Vec<&String> = new.iter().filter(|(id, _)| !listed.contains_key(*id)).map(|(_, b)| b).collect();
    assert!(
        undone.is_empty() && lost.is_empty(),
        "removals undone: {undone:?}; additions lost: {lost:?}\n{}",
        cli.said()
    );
    assert_eq!(trashed, old, "all 40 old notes in the Trash, nothing else");
    assert_eq!(listed, new, "all 40 new notes live, nothing else");
    assert_only_notes_files(dir.path());
    cli.assert_no_warnings();
}

/// What the reader saw.
#[derive(Debug, Default)]
struct Reads {
    file: u64,
    bak: u64,
    /// How many notes the last read of the file saw.
    last: usize,
}

/// Reads the notes file and its `.bak` over and over until `done`, then once more: each read
/// must parse whole, and a note once in the file must stay in it (the writers only add).
fn read_until_done(file: &Path, bak: &Path, done: &AtomicBool) -> Result<Reads, String> {
    let mut reads = Reads::default();
    let mut seen: BTreeSet<uuid::Uuid> = BTreeSet::new();
    loop {
        // Once the writers are done, one last look at what they left.
        let last = done.load(Ordering::SeqCst);
        for path in [file, bak] {
            let bytes = match std::fs::read(path) {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(format!("{} could not be read: {e}", path.display())),
            };
            let n = reads.file + reads.bak + 1;
            if bytes.is_empty() {
                return Err(format!("read {n}: {} is empty", path.display()));
            }
            let read = parse_file(&bytes).map_err(|e| {
                format!("read {n}: {} does not parse ({e}):\n{}", path.display(), String::from_utf8_lossy(&bytes))
            })?;
            if !read.set_aside.is_empty() {
                return Err(format!("read {n}: {} has bad records: {:?}", path.display(), read.set_aside));
            }
            if path == file {
                // Writers only add: a note once in the file stays in it.
                let ids: BTreeSet<uuid::Uuid> = read.notes.keys().copied().collect();
                let gone: Vec<_> = seen.difference(&ids).collect();
                if !gone.is_empty() {
                    return Err(format!("read {n}: notes disappeared from the file: {gone:?}"));
                }
                reads.last = ids.len();
                seen = ids;
                reads.file += 1;
            } else {
                reads.bak += 1;
            }
        }
        if last {
            return Ok(reads);
        }
    }
}

#[test]
fn a_reader_never_sees_an_empty_or_torn_file() {
    const WRITERS: usize = 8;
    const ADDS: usize = 6;
    let dir = tempfile::tempdir().unwrap();
    let cli = Cli::new(dir.path());
    let file = notes_file(dir.path());
    let bak = with_suffix(&file, ".bak");
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (file, bak, done) = (file.clone(), bak.clone(), done.clone());
        std::thread::spawn(move || read_until_done(&file, &bak, &done))
    };
    let barrier = Arc::new(Barrier::new(WRITERS));
    let numbers = entry_numbers();
    let writers: Vec<_> = (0..WRITERS)
        .map(|p| {
            let (cli, barrier, numbers) = (cli.clone(), barrier.clone(), numbers.clone());
            std::thread::spawn(move || -> Result<BTreeMap<String, String>, String> {
                barrier.wait();
                let mut mine = BTreeMap::new();
                for i in 0..ADDS {
                    let body = format!("w{p}-a{i}");
                    mine.insert(cli.add(&numbers[(p + i * 3) % numbers.len()], &body)?, body);
                }
                Ok(mine)
            })
        })
        .collect();
    let mut added = BTreeMap::new();
    let mut failures = Vec::new();
    for w in writers {
        match w.join().unwrap() {
            Ok(mine) => added.extend(mine),
            Err(e) => failures.push(e),
        }
    }
    done.store(true, Ordering::SeqCst);
    let reads = reader.join().unwrap();
    assert!(failures.is_empty(), "writers failed:\n{}", failures.join("\n"));
    let reads = reads.unwrap_or_else(|e| panic!("the reader saw a damaged notes file: {e}"));
    // Enough reads to have met the writers mid-save many times; how many a busy machine
    // allows varies (175 and 176 under a parallel build), so the bar is low.
    assert!(reads.file > 40 && reads.bak > 20, "the reader must read the files many times: {reads:?}");
    assert_eq!(reads.last, WRITERS * ADDS, "its last read saw every note: {reads:?}");
    let (listed, _) = cli.list(false);
    assert_eq!(listed, added, "every note added is in the file");
    assert_only_notes_files(dir.path());
    cli.assert_no_warnings();
}

#[test]
fn a_save_that_cannot_get_the_lock_says_so_and_keeps_the_notes() {
    let doc = embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, entry) = doc.find_entry("1.11").unwrap();
    let cli = Cli::new(dir.path());

    // In the library: the store gives up after its wait, says why, and keeps the note.
    let mut store = NotesStore::open(dir.path(), &doc.id);
    let lock_path = with_suffix(&store.path, ".lock");
    let open_lock =
        || std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&lock_path).unwrap();
    let held = open_lock();
    held.lock().unwrap();
    store.lock_wait = Duration::from_millis(300);
    let note = Note::on_entry(&doc, entry, "written while another Record Reader saves");
    let id = note.id;
    store.put(note);
    let started = Instant::now();
    let err = store.save().expect_err("the save cannot take the lock");
    let waited = started.elapsed();
    assert!(matches!(err, NotesError::Locked { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("another Record Reader"), "{message}");
    assert!(waited >= Duration::from_millis(300) && waited < Duration::from_secs(3), "waited {waited:?}");
    assert_eq!(store.state, SaveState::Error(message.clone()));
    assert!(store.notes.contains_key(&id), "the note is kept in memory");
    assert!(!store.path.exists(), "nothing was written without the lock");

    held.unlock().unwrap();
    drop(held);
    store.save().unwrap();
    assert_eq!(store.state, SaveState::Saved);
    let reopened = NotesStore::open(dir.path(), &doc.id);
    assert!(reopened.notes.contains_key(&id), "saved once the lock was free");

    // The command line: `notes add` waits its 5 s for the lock, then fails and says why.
    let held = open_lock();
    held.lock().unwrap();
    // Reading needs no lock.
    let (before, _) = cli.list(false);
    assert_eq!(before.len(), 1);
    let started = Instant::now();
    let mut child = notes(dir.path())
        .args(["add", "--entry", "1.11", "--body", "blocked by the lock"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = started + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            panic!("`notes add` was still waiting for the lock after 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = started.elapsed();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "`notes add` must fail without the lock; it printed {:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(took >= Duration::from_secs(4), "it waits for the lock before giving up (took {took:?})");
    assert!(stderr.contains("another Record Reader") && stderr.contains("lock"), "{stderr}");
    // What happened, not what a window would do next: the command ends, the note is not kept.
    assert!(stderr.contains("the note was not added") && !stderr.contains("saved again"), "{stderr}");
    assert!(out.stdout.is_empty(), "no id printed for a note that was not saved");
    let on_disk = std::fs::read_to_string(&store.path).unwrap();
    assert!(!on_disk.contains("blocked by the lock"), "{on_disk}");
    assert_eq!(cli.list(false).0, before, "the file is as it was");

    held.unlock().unwrap();
    drop(held);
    cli.add("1.11", "after the lock").unwrap();
    assert_eq!(cli.list(false).0.len(), 2);
    cli.assert_no_warnings();
}

/// A save in progress (its writer holds the lock and has written its temp file) is not an
/// interrupted one: a store opened meanwhile must neither report the temp file as left over
/// nor take its notes. Otherwise a note that its writer removes for good right after comes
/// back with the other store's next save, as a note only that store has.
#[test]
fn a_save_in_progress_is_not_mistaken_for_an_interrupted_one() {
    let doc = embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, entry) = doc.find_entry("2.1").unwrap();
    let mut p = NotesStore::open(dir.path(), &doc.id);
    p.put(Note::on_entry(&doc, entry, "kept"));
    p.save().unwrap();
    // P is saving a new note: it holds the lock and has written its temp file, which it has
    // not yet renamed over the notes file.
    let note = Note::on_entry(&doc, entry, "removed for good right after");
    let id = note.id;
    p.put(note);
    let file = p.path.clone();
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let temp = dir.path().join(format!(".{name}.Ab12Cd.tmp"));
    std::fs::write(&temp, p.to_ron().unwrap()).unwrap();
    let lock = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(with_suffix(&file, ".lock"))
        .unwrap();
    lock.lock().unwrap();
    // Meanwhile Q opens the notes (a `notes add` starting).
    let mut q = NotesStore::open(dir.path(), &doc.id);
    // P's save finishes: the temp file becomes the notes file, the lock is let go.
    std::fs::rename(&temp, &file).unwrap();
    lock.unlock().unwrap();
    drop(lock);
    // P removes the note for good.
    let mut p = NotesStore::open(dir.path(), &doc.id);
    assert!(p.purge(id).is_some());
    p.save().unwrap();
    // Q saves a note of its own.
    q.put(Note::on_entry(&doc, entry, "Q's note"));
    q.save().unwrap();
    let after = NotesStore::open(dir.path(), &doc.id);
    let bodies: BTreeSet<&str> = after.notes.values().map(|n| n.body.as_str()).collect();
    assert!(
        !after.notes.contains_key(&id),
        "the note removed for good is back, taken by Q from P's temp file; Q said {:?}",
        q.warnings
    );
    assert_eq!(bodies, BTreeSet::from(["kept", "Q's note"]));
    assert!(q.warnings.is_empty(), "Q reported a save in progress as interrupted: {:?}", q.warnings);
}

/// The lock is taken beside the notes file, so its folder must exist first: the first note a
/// reader ever writes goes to a notes folder not yet made (`~/.local/share/record-reader/notes`
/// on a new machine).
#[test]
fn the_first_save_takes_its_lock_in_a_notes_folder_not_yet_made() {
    let doc = embedded().unwrap();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("record-reader").join("notes");
    let mut store = NotesStore::open(&dir, &doc.id);
    let (_, entry) = doc.find_entry("1.11").unwrap();
    store.put(Note::on_entry(&doc, entry, "the very first note"));
    store.save().unwrap();
    assert_eq!(NotesStore::open(&dir, &doc.id).live().count(), 1);

    let dir = root.path().join("from the command line").join("notes");
    let cli = Cli::new(&dir);
    let id = cli.add("1.11", "the first note from the command line").unwrap();
    assert_eq!(cli.list(false).0.into_keys().collect::<Vec<_>>(), [id]);
    cli.assert_no_warnings();
}
