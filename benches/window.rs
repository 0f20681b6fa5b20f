//! Criterion benchmarks of the window, headless (laid out and tessellated, no GPU): one entry
//! of 1 MB naming 20,000 places, from its text to the window showing it, and a frame
//! scrolling through it. `cargo bench --bench window`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use record_reader::gui::Prefs;
use record_reader::gui::bench::{Headless, scroll_frames};

fn benches(c: &mut Criterion) {
    let g = record_reader::core::places::gazetteer().unwrap();
    let text = record_reader::core::synth::long_entry_text(1_000_000, 20_000, 1, g);
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("long_entry_1mb_20k_places");
    group.sample_size(10);
    group.bench_function("shown", |b| {
        b.iter(|| {
            let doc = record_reader::core::open::from_bytes(text.as_bytes(), Some("long.txt")).unwrap();
            let mut h = Headless::new(doc, Prefs::default(), dir.path()).unwrap();
            h.settle(30);
        });
    });
    let doc = record_reader::core::open::from_bytes(text.as_bytes(), Some("long.txt")).unwrap();
    let mut h = Headless::new(doc, Prefs::default(), dir.path()).unwrap();
    h.settle(30);
    group.bench_function("scroll_frame", |b| b.iter(|| scroll_frames(&mut h, 1)));
    group.finish();
}

criterion_group!(window, benches);
criterion_main!(window);
