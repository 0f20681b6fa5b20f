//! Criterion benchmarks of the core on the built-in record and on synthetic records of
//! 1k, 10k and 100k entries (one note per ten entries, at most 10k): parse, tag regions,
//! filter, find, notes load and save, each export format; and each export format of one note
//! with a 50 MB body (`long_body`). `cargo bench`; set `RECORD_READER_BENCH_SIZES=1000,10000`
//! to choose sizes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use record_reader::core::export::{ExportInput, Format, export};
use record_reader::core::filter::RegionFilter;
use record_reader::core::notes::NotesStore;
use record_reader::core::places::gazetteer;
use record_reader::core::search::SearchIndex;
use record_reader::core::{open, synth};
use std::hint::black_box;

struct Corpus {
    name: String,
    text: Vec<u8>,
    notes: usize,
}

fn corpora() -> Vec<Corpus> {
    let g = gazetteer().unwrap();
    let sizes: Vec<usize> = std::env::var("RECORD_READER_BENCH_SIZES")
        .ok()
        .map_or_else(|| vec![1_000, 10_000, 100_000], |s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect());
    let seed = include_bytes!("../assets/documents/promoting-democracy-and-human-rights.txt").to_vec();
    let mut v = vec![Corpus { name: "seed".to_owned(), text: seed, notes: 30 }];
    v.extend(sizes.into_iter().map(|n| Corpus {
        name: format!("{}k", n / 1000),
        text: synth::document_text(n, 1, g).into_bytes(),
        notes: (n / 10).clamp(10, 10_000),
    }));
    v
}

fn benches(c: &mut Criterion) {
    let g = gazetteer().unwrap();
    for corpus in corpora() {
        let doc = open::from_bytes(&corpus.text, Some("record.txt")).unwrap();
        let mut group = c.benchmark_group(corpus.name.clone());
        group.sample_size(10);
        group.bench_function("parse", |b| b.iter(|| open::from_bytes(black_box(&corpus.text), Some("record.txt"))));
        let mut tagged = doc.clone();
        group.bench_function("tag_regions", |b| b.iter(|| tagged.tag_places(g)));
        let filter = RegionFilter { regions: ["AF".to_owned()].into(), ..RegionFilter::default() };
        group.bench_function("filter", |b| {
            b.iter(|| {
                let matcher = filter.matcher();
                doc.entries().filter(|(_, e)| matcher.matches(e)).count()
            });
        });
        let index = SearchIndex::new(&doc);
        group.bench_function("search", |b| b.iter(|| index.find(black_box("elections nigeria"))));

        let dir = tempfile::tempdir().unwrap();
        let mut store = NotesStore::open(dir.path(), &doc.id);
        for n in synth::notes(&doc, corpus.notes, 1) {
            store.put(n);
        }
        store.save().unwrap();
        group.bench_function(BenchmarkId::new("notes_load", corpus.notes), |b| {
            b.iter(|| NotesStore::open(dir.path(), &doc.id));
        });
        group.bench_function(BenchmarkId::new("notes_save", corpus.notes), |b| b.iter(|| store.save().unwrap()));
        let input = ExportInput {
            doc: &doc,
            store: &store,
            gazetteer: g,
            notes: store.live().collect(),
            filter: "all notes".to_owned(),
        };
        let at = time::OffsetDateTime::UNIX_EPOCH;
        for format in Format::ALL {
            group.bench_function(BenchmarkId::new("export", format.extension()), |b| {
                b.iter(|| export(&input, format, at).unwrap());
            });
        }
        group.finish();
    }
    long_body(c);
}

/// Each export of one note with a 50 MB body of Markdown, links to script on every line (a
/// Markdown export took 10.7 s and an HTML one 1.3 GB before issue 26).
fn long_body(c: &mut Criterion) {
    let doc = open::embedded().unwrap();
    let mut body = String::new();
    for i in 0.. {
        if body.len() >= 50 << 20 {
            break;
        }
        body.push_str(&format!(
            "Line {i} with **bold**, [a link](https://example.org/{i}), `code`, [x](javascript:f({i})).\n"
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut store = NotesStore::open(dir.path(), &doc.id);
    store.put(record_reader::core::notes::Note::on_entry(&doc, doc.entries().next().unwrap().1, &body));
    let input = ExportInput {
        doc: &doc,
        store: &store,
        gazetteer: gazetteer().unwrap(),
        notes: store.live().collect(),
        filter: "all notes".to_owned(),
    };
    let mut group = c.benchmark_group("long_body");
    group.sample_size(10);
    for format in Format::ALL {
        group.bench_function(BenchmarkId::new("export", format.extension()), |b| {
            b.iter(|| export(&input, format, time::OffsetDateTime::UNIX_EPOCH).unwrap());
        });
    }
    group.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
