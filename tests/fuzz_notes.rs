//! Property tests (proptest, on stable) of the notes file reader and of import: any bytes,
//! damaged files and hostile annotations. Bounded in cases and sizes so the suite stays quick;
//! a case that ever fails is kept below as a named regression test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/counted.rs"]
mod counted;

use counted::count_accepted;
use proptest::prelude::*;
use record_reader::core::export::plan_import;
use record_reader::core::notes::disk::parse_file;
use record_reader::core::notes::{Note, NoteMap, NotesStore};
use record_reader::core::open::embedded;
use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

fn doc() -> &'static record_reader::core::Document {
    static DOC: OnceLock<record_reader::core::Document> = OnceLock::new();
    DOC.get_or_init(|| embedded().unwrap())
}

/// A notes file of a few notes with awkward text, as this program writes it.
fn sample_file() -> &'static [u8] {
    static FILE: OnceLock<Vec<u8>> = OnceLock::new();
    FILE.get_or_init(|| {
        let d = doc();
        let dir = tempfile::tempdir().unwrap();
        let mut s = NotesStore::open(dir.path(), &d.id);
        for (i, body) in ["plain", "say \"no\" \\ r#\"x\"#", "two\nlines", "🙂 ٱلسلام", ""].iter().enumerate() {
            let e = d.entries().nth(i * 7).unwrap().1;
            let mut n = Note::highlight(d, e, 2, 12, body);
            n.tags = vec![format!("t{i}")];
            s.put(n);
        }
        s.labels.insert("yellow".into(), "Sanctions".into());
        s.to_ron().unwrap().into_bytes()
    })
}

/// A byte-level change: replace, insert or remove a byte, or cut the file short.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), prop::sample::select(b"\"\\#,()[]{}: \nr0\xff\xc3\x80".to_vec()))
            .prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Remove),
        any::<usize>().prop_map(Edit::Truncate),
    ];
    prop::collection::vec(edit, 1..6)
}

fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut v = bytes.to_vec();
    for e in edits {
        let n = v.len().max(1);
        match *e {
            Edit::Set(i, b) if !v.is_empty() => v[i % n] = b,
            Edit::Insert(i, b) => v.insert(i % (v.len() + 1), b),
            Edit::Remove(i) if !v.is_empty() => {
                v.remove(i % n);
            }
            Edit::Truncate(i) => v.truncate(i % (v.len() + 1)),
            _ => {}
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_in_a_note_comes_back_as_it_was(body in any::<String>(), tag in "\\PC{1,12}", exact in any::<String>()) {
        let d = doc();
        let e = d.entries().next().unwrap().1;
        let mut n = Note::on_entry(d, e, &body);
        n.tags = vec![tag];
        n.anchor.quote.exact = exact;
        let dir = tempfile::tempdir().unwrap();
        let mut s = NotesStore::open(dir.path(), &d.id);
        s.put(n.clone());
        let read = parse_file(s.to_ron().unwrap().as_bytes()).unwrap();
        prop_assert!(read.set_aside.is_empty());
        prop_assert_eq!(&*read.notes[&n.id], &n);
    }
}

/// A W3C annotation with any of its parts missing, of the wrong type, or hostile.
fn annotation() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    let text = prop_oneof![
        Just(Value::Null),
        Just(json!("Near East")),
        Just(json!("")),
        any::<String>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(json!([])),
        Just(json!({})),
    ];
    let date = prop_oneof![
        Just(Value::Null),
        Just(json!("2024-02-30T00:00:00Z")),
        Just(json!("2025-01-01T00:00:00Z")),
        any::<u32>().prop_map(Value::from)
    ];
    (text.clone(), text.clone(), text.clone(), text, date.clone(), date, any::<bool>()).prop_map(
        |(id, exact, body, source, created, modified, list)| {
            let selector = json!({"type": "TextQuoteSelector", "exact": exact, "prefix": "the ", "suffix": ""});
            json!({
                "id": id,
                "type": "Annotation",
                "created": created,
                "modified": modified,
                "body": [{"type": "TextualBody", "value": body}, {"purpose": "tagging", "value": body}],
                "target": {"source": source, "selector": if list { json!([selector, {"type": "TextPositionSelector", "start": -1, "end": 1e300}]) } else { selector }}
            })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_annotations_import_each_id_once(items in prop::collection::vec(annotation(), 0..12)) {
        let data = serde_json::json!({"type": "AnnotationPage", "items": items}).to_string();
        let plan = plan_import(data.as_bytes(), doc(), &NoteMap::new()).unwrap();
        let ids: BTreeSet<_> = plan.notes().map(|n| n.id).collect();
        prop_assert_eq!(ids.len(), plan.add.len() + plan.update.len(), "an id was planned twice");
        // Everything is accounted for: planned, skipped with a reason.
        prop_assert_eq!(plan.add.len() + plan.update.len() + plan.skip.len(), items.len());
        // Importing the plan again adds nothing.
        let store: NoteMap = plan.notes().map(|n| (n.id, Arc::new(n.clone()))).collect();
        let again = plan_import(data.as_bytes(), doc(), &store).unwrap();
        prop_assert_eq!(again.add.len(), 0);
    }
}

/// Every single byte removed, or changed to a letter, anywhere in the file: each note is
/// still read or set aside, or the file is refused. (Found by the property test above: a
/// file whose `notes:` had lost its `n` read as one with no notes.)
#[test]
fn one_byte_removed_or_changed_anywhere_loses_at_most_one_record() {
    let file = sample_file();
    let original = parse_file(file).unwrap();
    let mut files_read = 0;
    for i in 0..file.len() {
        for edit in [Edit::Remove(i), Edit::Set(i, b'x')] {
            let damaged = apply(file, std::slice::from_ref(&edit));
            if let Ok(read) = parse_file(&damaged) {
                files_read += 1;
                // A damaged label is a damaged record too; the file is not read without it.
                let labels_lost = usize::from(read.labels != original.labels);
                let undamaged =
                    read.notes.values().filter(|n| original.notes.get(&n.id).is_some_and(|o| **o == ***n)).count();
                assert!(
                    undamaged + read.set_aside.len() + 1 >= original.notes.len() + labels_lost,
                    "{edit:?} at {:?}: {undamaged} of {} notes survive, {} set aside",
                    String::from_utf8_lossy(&file[i.saturating_sub(20)..(i + 20).min(file.len())]),
                    original.notes.len(),
                    read.set_aside.len()
                );
            }
        }
    }
    // Checked on the files still read, which must be most of them (about four in five today).
    let edits = 2 * file.len();
    assert!(files_read * 10 >= edits * 7, "only {files_read} of {edits} files with one byte edited were read");
}

/// Any bytes are read or refused, without a panic. Random bytes are not a notes file: all but
/// a few are refused (none of 256, in runs here), while the sample file, a known good one, is
/// read with every note.
#[test]
fn any_bytes_are_read_or_refused_without_a_panic() {
    let read = count_accepted(256, prop::collection::vec(any::<u8>(), 0..2048), |bytes| Ok(parse_file(&bytes).is_ok()));
    assert!(read <= 16, "{read} of 256 runs of random bytes read as a notes file");
    let sample = parse_file(sample_file()).unwrap();
    assert_eq!((sample.notes.len(), sample.set_aside.len()), (5, 0));
}

/// A damaged file loses only the damaged records. Checked on the files that are still read,
/// which must be some of them: 36 to 46 of 256 in runs here (one to five byte edits on a file
/// of five notes; the others are refused whole, and open read-only with `notes recover`).
#[test]
fn a_damaged_file_loses_only_the_damaged_records() {
    let original = parse_file(sample_file()).unwrap();
    let read = count_accepted(256, edits(), |edits| {
        let damaged = apply(sample_file(), &edits);
        let Ok(read) = parse_file(&damaged) else { return Ok(false) };
        // Whatever loads has a unique id, and each record is either loaded or set aside
        // with a reason (a damaged record may also have become another valid one).
        prop_assert!(read.set_aside.iter().all(|r| !r.why.is_empty()));
        let undamaged = read.notes.values().filter(|n| original.notes.get(&n.id).is_some_and(|o| **o == ***n)).count();
        prop_assert!(
            undamaged + read.set_aside.len() + 2 * edits.len() >= original.notes.len(),
            "{} of {} notes survive {} edits, {} set aside",
            undamaged,
            original.notes.len(),
            edits.len(),
            read.set_aside.len()
        );
        Ok(true)
    });
    assert!(read >= 16, "only {read} of 256 damaged files were read");
}

/// Any bytes given to import are refused or planned, without a panic. Random bytes are neither
/// a notes file nor W3C JSON: all but a few are refused (none of 256, in runs here), while the
/// sample notes file, a known good one, is planned whole.
#[test]
fn any_bytes_as_an_import_are_refused_or_planned() {
    let bytes = prop::collection::vec(any::<u8>(), 0..1024);
    let planned = count_accepted(256, bytes, |bytes| Ok(plan_import(&bytes, doc(), &NoteMap::new()).is_ok()));
    assert!(planned <= 16, "{planned} of 256 runs of random bytes planned as an import");
    let plan = plan_import(sample_file(), doc(), &NoteMap::new()).unwrap();
    assert_eq!((plan.add.len(), plan.skip.len()), (5, 0), "{}", plan.summary());
}
