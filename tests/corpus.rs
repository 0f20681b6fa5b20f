//! The corpus of real pages as a test (issue 27): each page named in the corpus's
//! `expect.json` is opened in-process, as `record-reader inspect FILE --json` opens it, and
//! its facts are counted exactly as the corpus's checker (`check.py BIN`) counts them. The
//! figures of each page are printed (`cargo test --test corpus -- --nocapture`), and the test
//! fails when fewer facts hold than [`FLOOR_FACTS`].
//!
//! The corpus is not part of the repository: it is read from the folder in the environment
//! variable `RECORD_READER_CORPUS`, else from `../shared/corpus` beside the repository. Where
//! there is no `expect.json` there (a user's clone), the test says so and passes, unless
//! `RECORD_READER_CORPUS_REQUIRED=1` (CI), when it fails.
//!
//! # What is read of `expect.json`
//!
//! An object keyed by file name (keys starting with `_` are notes, not pages), each page's
//! facts being:
//! - `title_contains` (string, or null: no fact): the title contains it, word by word;
//! - `quote`: null (one fact: there is no quote), or an object whose `text_contains`,
//!   `speaker_contains`, `occasion_contains` (word by word) and `date` (the exact ISO string)
//!   are one fact each; a page without a quote fails them all;
//! - `sections`: in order, against the record's sections that have entries; each has `title_contains`
//!   (one fact; null means no heading of its own: a title that is empty or not words of the
//!   page), optional `entries` (one fact: an int, or `[low, high]` inclusive) and optional
//!   `parent_contains` (one fact: the section's group, or its title, names it);
//! - `entries_total` (one fact: an int or `[low, high]`);
//! - `entry_starts`: one fact each, matched in order (as a subsequence) by the start of an
//!   entry's words;
//! - `not_entries`: one fact each, text in no entry (punctuation kept);
//! - `countries_in_doc` and `countries_not`: one fact each, an ISO code in some entry's
//!   countries, or in none.
//!
//! Text is compared as `check.py` compares it: NFKC, odd spaces, quotes and dashes folded,
//! case folded, spaces collapsed; "word by word" also drops punctuation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "common/words.rs"]
mod words;

use serde_json::Value;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// The fewest facts that must hold on the corpus. It only goes up: raise it when the reader
/// reads more of the corpus right, never lower it to let a change through.
const FLOOR_FACTS: usize = 830;

/// The corpus folder: `RECORD_READER_CORPUS`, else `../shared/corpus` beside the repository.
fn corpus_dir() -> PathBuf {
    match std::env::var_os("RECORD_READER_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// `check.py`'s `FOLD`: odd spaces, quotes and dashes.
fn fold_char(c: char) -> char {
    match c {
        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2009}' => ' ',
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c => c,
    }
}

/// Python's `str.casefold()`: lower case, and the few letters whose folding is not their
/// lower case (ß, ſ, final sigma).
fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ſ' => out.push('s'),
            'ς' => out.push('σ'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// `check.py`'s `soft`: NFKC, folded, case folded, spaces collapsed.
fn soft(s: &str) -> String {
    let folded: String = s.nfkc().map(fold_char).collect();
    casefold(&folded).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `check.py`'s `words`: [`soft`], with every run of characters that are not word characters
/// (Python's `\w`: letters, digits; `_` is then a space too) made a space.
fn words(s: &str) -> String {
    let soft = soft(s);
    let spaced: String = soft.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn contains_words(hay: &str, needle: &str) -> bool {
    let n = words(needle);
    !n.is_empty() && words(hay).contains(&n)
}

/// An int is exact; `[low, high]` is an inclusive range.
fn count_ok(got: usize, want: &Value) -> bool {
    match want {
        Value::Array(bounds) => {
            let bounds: Vec<u64> = bounds.iter().filter_map(Value::as_u64).collect();
            let (low, high) = (bounds.iter().min(), bounds.iter().max());
            low.zip(high).is_some_and(|(l, h)| (*l..=*h).contains(&(got as u64)))
        }
        other => other.as_u64() == Some(got as u64),
    }
}

fn str_of(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or("")
}

fn list<'a>(exp: &'a Value, key: &str) -> &'a [Value] {
    exp.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// `check.py`'s `count_facts`.
fn count_facts(exp: &Value) -> usize {
    let mut n = usize::from(exp.get("title_contains").is_some_and(|t| !t.is_null()));
    if let Some(q) = exp.get("quote") {
        n += if q.is_null() {
            1
        } else {
            ["text_contains", "speaker_contains", "occasion_contains", "date"]
                .iter()
                .filter(|k| q.get(**k).is_some())
                .count()
        };
    }
    for s in list(exp, "sections") {
        n += 1 + usize::from(s.get("entries").is_some()) + usize::from(s.get("parent_contains").is_some());
    }
    n += usize::from(exp.get("entries_total").is_some());
    for k in ["entry_starts", "not_entries", "countries_in_doc", "countries_not"] {
        n += list(exp, k).len();
    }
    n
}

/// `check.py`'s `PARENT_KEYS`.
const PARENT_KEYS: &[&str] = &[
    "parent",
    "parent_title",
    "parent_heading",
    "group",
    "group_title",
    "part",
    "part_title",
    "chapter",
    "supertitle",
    "super_title",
    "heading_path",
    "path",
    "breadcrumbs",
    "ancestors",
];

/// `check.py`'s `parent_text`: what a section says of the heading over it.
fn parent_text(sec: &Value) -> String {
    let mut vals: Vec<String> = Vec::new();
    for k in PARENT_KEYS {
        match sec.get(*k) {
            Some(Value::String(s)) => vals.push(s.clone()),
            Some(Value::Object(o)) => vals.extend(o.values().filter_map(Value::as_str).map(str::to_owned)),
            Some(Value::Array(a)) => vals.extend(a.iter().map(|x| match x {
                Value::String(s) => s.clone(),
                Value::Object(o) => match o.get("title") {
                    Some(Value::String(t)) => t.clone(),
                    Some(other) => python_str(other),
                    None => String::new(),
                },
                other => python_str(other),
            })),
            _ => {}
        }
    }
    vals.join(" / ")
}

/// Python's `str()` of a JSON value, as far as the comparisons above can tell.
fn python_str(v: &Value) -> String {
    match v {
        Value::Null => "None".to_owned(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `check.py`'s `check_doc`: the facts that hold, and what failed.
fn check_doc(exp: &Value, doc: &Value, page_text: &str) -> (usize, Vec<String>) {
    let mut t = Tally::default();
    if let Some(want) = exp.get("title_contains").and_then(Value::as_str) {
        let title = str_of(doc.get("title"));
        t.fact(contains_words(title, want), format!("title {title:?} lacks {want:?}"));
    }
    check_quote(exp, doc, &mut t);

    let all_secs = doc.get("sections").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let entries_of = |s: &Value| s.get("entries").and_then(Value::as_array).map_or(&[][..], Vec::as_slice).to_vec();
    let secs: Vec<&Value> = all_secs.iter().filter(|s| !entries_of(s).is_empty()).collect();
    let entries: Vec<Value> = all_secs.iter().flat_map(entries_of).collect();
    let texts: Vec<&str> = entries.iter().map(|e| str_of(e.get("text"))).collect();

    check_sections(exp, &secs, page_text, &mut t);
    if let Some(want) = exp.get("entries_total") {
        t.fact(count_ok(entries.len(), want), format!("entries_total {} ≠ {want}", entries.len()));
    }

    let entry_words: Vec<String> = texts.iter().map(|text| format!("{} ", words(text))).collect();
    let mut pos = 0;
    for (j, start) in list(exp, "entry_starts").iter().enumerate() {
        let w = format!("{} ", words(start.as_str().unwrap_or("")));
        match (pos..entry_words.len()).find(|&k| entry_words[k].starts_with(&w)) {
            Some(hit) => {
                pos = hit + 1;
                t.fact(true, String::new());
            }
            None => t.fact(false, format!("entry_starts[{j}] {start} not found in order")),
        }
    }
    let soft_texts: Vec<String> = texts.iter().map(|text| soft(text)).collect();
    for bad in list(exp, "not_entries") {
        let b = soft(bad.as_str().unwrap_or(""));
        t.fact(!soft_texts.iter().any(|text| text.contains(&b)), format!("not_entry {bad} in an entry"));
    }

    let got_c: std::collections::HashSet<String> = entries
        .iter()
        .flat_map(|e| e.get("countries").and_then(Value::as_array).cloned().unwrap_or_default())
        .map(|c| python_str(&c).to_uppercase())
        .collect();
    for c in list(exp, "countries_in_doc") {
        let c = python_str(c).to_uppercase();
        t.fact(got_c.contains(&c), format!("country {c} missing"));
    }
    for c in list(exp, "countries_not") {
        let c = python_str(c).to_uppercase();
        t.fact(!got_c.contains(&c), format!("false country {c}"));
    }
    (t.ok, t.failed)
}

/// The quote's facts of `check_doc`.
fn check_quote(exp: &Value, doc: &Value, t: &mut Tally) {
    if let Some(gq) = exp.get("quote") {
        let q = doc.get("quote").filter(|q| q.as_object().is_some_and(|o| !o.is_empty()));
        if gq.is_null() {
            t.fact(q.is_none(), "quote present, want none".to_owned());
        } else if let Some(q) = q {
            for (key, field) in
                [("text_contains", "text"), ("speaker_contains", "speaker"), ("occasion_contains", "occasion")]
            {
                if let Some(want) = gq.get(key) {
                    let got = str_of(q.get(field));
                    let want = want.as_str().unwrap_or("");
                    t.fact(contains_words(got, want), format!("quote.{field} {got:?} lacks {want:?}"));
                }
            }
            if let Some(want) = gq.get("date") {
                let got = match q.get("date") {
                    Some(Value::String(s)) => s.clone(),
                    Some(Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                };
                t.fact(Some(got.as_str()) == want.as_str(), format!("quote.date {got:?} ≠ {want}"));
            }
        } else {
            t.failed.push("quote missing".to_owned()); // every quote fact fails
        }
    }
}

/// The sections' facts of `check_doc`: against the record's sections that have entries.
fn check_sections(exp: &Value, secs: &[&Value], page_text: &str, t: &mut Tally) {
    let entries_of = |s: &Value| s.get("entries").and_then(Value::as_array).map_or(0, Vec::len);
    let page_words = format!(" {} ", words(page_text));
    for (i, gs) in list(exp, "sections").iter().enumerate() {
        let s = secs.get(i).copied();
        let title = s.map_or("", |s| str_of(s.get("title")));
        match gs.get("title_contains").and_then(Value::as_str) {
            None => {
                let w = words(title);
                let lifted = !w.is_empty() && page_words.contains(&format!(" {w} "));
                t.fact(s.is_some() && !lifted, format!("sections[{i}] missing or its title {title:?} is page text"));
            }
            Some(want) => {
                t.fact(
                    s.is_some() && contains_words(title, want),
                    format!("sections[{i}].title {title:?} lacks {want:?}"),
                );
            }
        }
        if let Some(want) = gs.get("parent_contains") {
            let want = want.as_str().unwrap_or("");
            let pt = s.map(parent_text).unwrap_or_default();
            t.fact(
                s.is_some() && (contains_words(&pt, want) || contains_words(title, want)),
                format!("sections[{i}].parent lacks {want:?}"),
            );
        }
        if let Some(want) = gs.get("entries") {
            let n = s.map_or(0, entries_of);
            t.fact(s.is_some() && count_ok(n, want), format!("sections[{i}].entries {n} ≠ {want}"));
        }
    }
}

/// The facts that hold, and what failed.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: Vec<String>,
}

impl Tally {
    fn fact(&mut self, holds: bool, msg: String) {
        if holds {
            self.ok += 1;
        } else {
            self.failed.push(msg);
        }
    }
}

#[test]
fn the_corpus_of_real_pages_reads_at_least_the_floor() {
    let dir = corpus_dir();
    let expect_path = dir.join("expect.json");
    let Ok(expect) = std::fs::read_to_string(&expect_path) else {
        let required = std::env::var("RECORD_READER_CORPUS_REQUIRED").is_ok_and(|v| v == "1");
        assert!(!required, "RECORD_READER_CORPUS_REQUIRED=1, but there is no corpus at {}", expect_path.display());
        println!(
            "corpus: no {} (set RECORD_READER_CORPUS to the corpus folder to run this test); skipped",
            expect_path.display()
        );
        return;
    };
    let expect: serde_json::Map<String, Value> = serde_json::from_str(&expect).expect("expect.json is a JSON object");
    let mut names: Vec<&String> = expect.keys().filter(|k| !k.starts_with('_')).collect();
    names.sort();
    let (mut total_ok, mut total, mut full) = (0, 0, 0);
    let mut conservation: Vec<String> = Vec::new();
    println!("corpus: {}", dir.display());
    for name in &names {
        let exp = &expect[name.as_str()];
        let path = dir.join(name);
        let n = count_facts(exp);
        total += n;
        let label = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
        let Ok(bytes) = std::fs::read(&path) else {
            println!("{label}: 0/{n} facts hold; failed: document unreadable");
            continue;
        };
        let page_text = String::from_utf8_lossy(&bytes);
        // As `record-reader inspect FILE --json` opens and writes it.
        let doc = match record_reader::core::open::open_path(&path) {
            Ok(doc) => doc,
            Err(e) => {
                println!("{label}: 0/{n} facts hold; failed: {e}");
                continue;
            }
        };
        // Every letter of the page as read (its blocks' text, for a saved page or a Markdown
        // copy) is in exactly one part of the record: nothing dropped, nothing read twice.
        // Letters, not words: a reader may split "ClintonSan" (a table's cells run together).
        let decoded = record_reader::core::open::read_decoded(&path).expect("the page decodes");
        let (missing, added) = match &decoded.blocks {
            Some(page) => words::block_letter_gaps(page, &doc),
            None => words::letter_gaps(&decoded.text, &doc),
        };
        conservation.extend(
            (!missing.is_empty() || !added.is_empty())
                .then(|| format!("{label}: missing {missing:?}, added {added:?}")),
        );
        // `inspect --explain` names a part of the record, a rule and a block for every line.
        for r in record_reader::core::explain::explain_decoded(&decoded, &doc) {
            if r.role == "not read" || r.block.is_none() {
                conservation.push(format!("{label}: line {} explained as {:?} in {:?}", r.number, r.role, r.block));
            }
        }
        let json = serde_json::to_value(record_reader::cli::InspectJson::new(&doc)).expect("the record as JSON");
        let (ok, failed) = check_doc(exp, &json, &page_text);
        total_ok += ok;
        if ok == n {
            full += 1;
            println!("{label}: {ok}/{n} facts hold");
        } else {
            println!("{label}: {ok}/{n} facts hold; failed: {}", failed.join(", "));
        }
    }
    println!(
        "real documents: {total_ok}/{total} facts hold ({:.0}%), {full}/{} documents fully right",
        100.0 * total_ok as f64 / total.max(1) as f64,
        names.len()
    );
    assert!(total_ok >= FLOOR_FACTS, "{total_ok} facts hold on the corpus, fewer than the floor of {FLOOR_FACTS}");
    assert!(
        conservation.is_empty(),
        "letters not read exactly once, or lines not explained:\n{}",
        conservation.join("\n")
    );
}
