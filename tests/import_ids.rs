//! Import never merges two different annotations into one, never silently drops one of two
//! with the same id, and importing the same file again changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cli.rs"]
mod cli;

use record_reader::core::export::plan_import;
use record_reader::core::notes::{Note, NoteMap, NotesStore};
use record_reader::core::open::embedded;
use serde_json::{Value, json};
use std::sync::Arc;

fn annotation(id: Option<Value>, exact: &str, body: &str) -> Value {
    let mut a = json!({
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": body},
        "target": {"selector": {"type": "TextQuoteSelector", "exact": exact}}
    });
    if let Some(id) = id {
        a["id"] = id;
    }
    a
}

fn page(items: impl IntoIterator<Item = Value>) -> Vec<u8> {
    let items: Value = items.into_iter().collect();
    json!({"type": "AnnotationPage", "items": items}).to_string().into_bytes()
}

fn apply(store: &mut NoteMap, plan: &record_reader::core::export::ImportPlan) {
    for n in plan.notes() {
        store.insert(n.id, Arc::new(n.clone()));
    }
}

#[test]
fn annotations_without_ids_or_with_numbers_for_ids_never_collide() {
    let doc = embedded().unwrap();
    let passages = ["special independent court", "Near East", "human rights"];
    let none = page(passages.iter().map(|p| annotation(None, p, "no id")));
    let empty = page(passages.iter().map(|p| annotation(Some(json!("")), p, "empty id")));
    let numbers = page(passages.iter().enumerate().map(|(i, p)| annotation(Some(json!(i + 1)), p, "n")));
    // The same passage and body twice, without ids: still two annotations.
    let twins = page(vec![annotation(None, "Near East", "same"), annotation(None, "Near East", "same")]);
    for (what, data, expected) in
        [("no ids", none, 3), ("empty ids", empty, 3), ("numbers", numbers, 3), ("twins", twins, 2)]
    {
        let plan = plan_import(&data, &doc, &NoteMap::new()).unwrap();
        assert_eq!(plan.add.len(), expected, "{what}: {}", plan.summary());
        let mut ids: Vec<_> = plan.add.iter().map(|n| n.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), expected, "{what}: ids collide");
        // The same file again: the same ids, so nothing new.
        let mut store = NoteMap::new();
        apply(&mut store, &plan);
        let again = plan_import(&data, &doc, &store).unwrap();
        assert_eq!((again.add.len(), again.update.len()), (0, 0), "{what}: {}", again.summary());
    }
}

#[test]
fn two_annotations_with_one_id_keep_the_newer_and_set_the_other_aside() {
    let doc = embedded().unwrap();
    let mut older = annotation(Some(json!("https://hypothes.is/a/1")), "Near East", "older");
    older["modified"] = json!("2024-01-01T00:00:00Z");
    let mut newer = annotation(Some(json!("https://hypothes.is/a/1")), "Near East", "newer");
    newer["modified"] = json!("2025-01-01T00:00:00Z");
    for items in [vec![older.clone(), newer.clone()], vec![newer.clone(), older.clone()]] {
        let plan = plan_import(&page(items), &doc, &NoteMap::new()).unwrap();
        assert_eq!(plan.add.len(), 1, "{}", plan.summary());
        assert_eq!(plan.add[0].body, "newer");
        assert_eq!(plan.set_aside.len(), 1);
        assert!(String::from_utf8_lossy(&plan.set_aside[0].raw).contains("older"));
        assert!(plan.summary().contains("1 set aside"), "{}", plan.summary());
        assert!(plan.skip.iter().any(|(_, why)| why.contains("a second annotation with the id")), "{:?}", plan.skip);
    }
    // Without dates, the later one in the file is kept.
    let (a, b) =
        (annotation(Some(json!("x")), "Near East", "first"), annotation(Some(json!("x")), "Near East", "second"));
    let plan = plan_import(&page(vec![a, b]), &doc, &NoteMap::new()).unwrap();
    assert_eq!(plan.add.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["second"]);
}

#[test]
fn a_notes_file_with_one_id_twice_imports_the_newer() {
    let doc = embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut s = NotesStore::open(dir.path(), &doc.id);
    let older = Note::on_entry(&doc, doc.find_entry("1.1").unwrap().1, "older");
    let mut newer = older.clone();
    newer.body = "newer".into();
    newer.modified += time::Duration::seconds(1);
    s.put(newer);
    let text = s.to_ron().unwrap();
    let line = text.lines().find(|l| l.contains("(id:")).unwrap();
    let twice = text.replace(
        line,
        &format!(
            "{line}\n{}",
            line.replace("\"newer\"", "\"older\"").replace(
                &s.notes
                    .values()
                    .next()
                    .unwrap()
                    .modified
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap(),
                &older.modified.format(&time::format_description::well_known::Rfc3339).unwrap(),
            )
        ),
    );
    let plan = plan_import(twice.as_bytes(), &doc, &NoteMap::new()).unwrap();
    assert_eq!(plan.add.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["newer"]);
    assert_eq!(plan.set_aside.len(), 1, "{}", plan.summary());
}

#[test]
fn importing_undated_annotations_again_is_the_same_and_keeps_the_trash() {
    let doc = embedded().unwrap();
    let data = page(vec![annotation(Some(json!("urn:other:1")), "Near East", "a note without dates")]);
    let plan = plan_import(&data, &doc, &NoteMap::new()).unwrap();
    assert_eq!(plan.add.len(), 1);
    let mut store = NoteMap::new();
    apply(&mut store, &plan);
    // Moved to the Trash here.
    let id = plan.add[0].id;
    let mut trashed = Note::clone(&store[&id]);
    trashed.deleted = Some(trashed.modified + time::Duration::seconds(1));
    trashed.modified = trashed.deleted.unwrap();
    store.insert(id, Arc::new(trashed));
    std::thread::sleep(std::time::Duration::from_millis(5)); // "now" moves on, as between two imports
    let again = plan_import(&data, &doc, &store).unwrap();
    assert_eq!((again.add.len(), again.update.len(), again.skip.len()), (0, 0, 1), "{}", again.summary());
    assert!(again.skip[0].1.contains("same"), "{:?}", again.skip);
    // Another tool changed its text: an update, and the note stays in the Trash.
    let changed = page(vec![annotation(Some(json!("urn:other:1")), "Near East", "changed elsewhere")]);
    let plan = plan_import(&changed, &doc, &store).unwrap();
    assert_eq!(plan.update.len(), 1, "{}", plan.summary());
    assert!(plan.update[0].deleted.is_some(), "a re-import does not bring a note back from the Trash");
}

#[test]
fn the_command_line_keeps_the_set_aside_annotation_in_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = annotation(Some(json!("dup")), "Near East", "kept");
    a["modified"] = json!("2025-01-01T00:00:00Z");
    let mut b = annotation(Some(json!("dup")), "Near East", "the other one");
    b["modified"] = json!("2020-01-01T00:00:00Z");
    let file = dir.path().join("annotations.json");
    std::fs::write(&file, page(vec![a, b])).unwrap();
    let notes_dir = dir.path().join("notes");
    let out = cli::run(["import".as_ref(), "--notes-dir".as_ref(), notes_dir.as_os_str(), file.as_os_str()]);
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    assert!(out.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 to add") && stdout.contains("1 set aside"), "{stdout}");
    assert!(stderr.contains("set aside"), "the user is told where: {stderr}");
    let doc = embedded().unwrap();
    let store = NotesStore::open(&notes_dir, &doc.id);
    assert_eq!(store.notes.values().map(|n| n.body.as_str()).collect::<Vec<_>>(), ["kept"]);
    let mut rejected = store.path.as_os_str().to_owned();
    rejected.push(".rejected");
    assert!(std::fs::read_to_string(std::path::PathBuf::from(rejected)).unwrap().contains("the other one"));
}
