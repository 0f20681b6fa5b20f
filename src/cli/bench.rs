//! `record-reader bench`: the synthetic corpus (`gen`) and the performance report (`report`).
//!
//! The report times the core (open, filter, search, notes load and save) on the synthetic
//! 100k-entry record with 10k notes, the window's frames headless (with `gui`), and start-up
//! and peak memory against a bare eframe window (with `gui`, under a display).

use super::BenchCommand;
use super::text::{Console, path};
use crate::core::bench::{Build, Machine, Report, median, peak_rss_mb, percentile, time_ms};
use crate::core::filter::RegionFilter;
use crate::core::notes::NotesStore;
use crate::core::notes::store::notes_path;
use crate::core::places::{Bureau, gazetteer};
use crate::core::search::SearchIndex;
use crate::core::synth;
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use crate::core::bench::{LARGE_ENTRIES, LARGE_NOTES, LIBRARY_RECORDS};

/// `record-reader bench gen|report`.
pub fn run(cmd: BenchCommand, con: &mut Console<'_>) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Gen { records: Some(records), seed, out_dir, .. } => {
            let written = generate_library(records, seed, &out_dir)?;
            writeln!(con.out, "{} records, {} entries in {}", written.records, written.entries, path(&out_dir))?;
        }
        BenchCommand::Gen { records: None, entries, notes, seed, out_dir } => {
            let (doc, notes_file) = generate(entries, notes, seed, &out_dir)?;
            writeln!(con.out, "{}\n{}", path(&doc), path(&notes_file))?;
        }
        BenchCommand::Report { entries, notes, library_records, library_records_large } => {
            let report = report(entries, notes, (library_records, library_records_large))?;
            writeln!(con.out, "{}", super::text::json(&report)?)?;
        }
    }
    Ok(())
}

/// `bench gen`: writes `record-N.txt` and its notes (`notes/<doc>.notes.ron`) into `out_dir`.
/// Open them with `record-reader --notes-dir OUT_DIR/notes OUT_DIR/record-N.txt`.
pub fn generate(entries: usize, notes: usize, seed: u64, out_dir: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let g = gazetteer()?;
    std::fs::create_dir_all(out_dir.join("notes")).with_context(|| format!("cannot create {}", out_dir.display()))?;
    let text = synth::document_text(entries, seed, g);
    let doc_path = out_dir.join(format!("record-{entries}.txt"));
    std::fs::write(&doc_path, &text).with_context(|| format!("cannot write {}", doc_path.display()))?;
    let doc = crate::core::open::open_path(&doc_path)?;
    let notes_dir = out_dir.join("notes");
    save_notes(&notes_dir, &doc.id, synth::notes(&doc, notes, seed))?;
    Ok((doc_path, notes_path(&notes_dir, &doc.id)))
}

/// Writes `notes` as the notes of document `doc_id` in `dir`.
fn save_notes(dir: &Path, doc_id: &str, notes: Vec<crate::core::notes::Note>) -> anyhow::Result<()> {
    let mut store = NotesStore::open(dir, doc_id);
    for n in notes {
        store.put(n);
    }
    store.save()?;
    Ok(())
}

/// What [`generate_library`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibraryCorpus {
    pub records: usize,
    pub entries: usize,
}

/// `bench gen --records N`: a synthetic library of `records` records of 10 to 190 entries
/// (100 on average) in folders of 100 (`part-NN/record-NNNN.txt`), quoted on dates from 1993
/// to 2024, with a few notes on every 20th record in `OUT_DIR/notes`. Deterministic per seed.
pub fn generate_library(records: usize, seed: u64, out_dir: &Path) -> anyhow::Result<LibraryCorpus> {
    let g = gazetteer()?;
    let notes_dir = out_dir.join("notes");
    std::fs::create_dir_all(&notes_dir).with_context(|| format!("cannot create {}", notes_dir.display()))?;
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut entries = 0;
    for i in 0..records {
        let n = rng.usize(10..=190);
        let record_seed = seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
        // Month, day, year: drawn in that order, so the same seed gives the same library.
        let (month, day) = (rng.u8(1..=12), rng.u8(1..=28));
        let date = crate::core::dates::PartialDate { year: rng.i32(1993..=2024), month: Some(month), day: Some(day) };
        let text = synth::document_text(n, record_seed, g).replacen("March 4, 1997", &date.to_string(), 1);
        let folder = out_dir.join(format!("part-{:02}", i / 100));
        std::fs::create_dir_all(&folder).with_context(|| format!("cannot create {}", folder.display()))?;
        let path = folder.join(format!("record-{i:04}.txt"));
        std::fs::write(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
        entries += n;
        if i % 20 == 0 {
            let doc = crate::core::open::open_path(&path)?;
            save_notes(&notes_dir, &doc.id, synth::notes(&doc, 5, record_seed))?;
        }
    }
    Ok(LibraryCorpus { records, entries })
}

/// The library searches timed: words, phrases, filters, each alone and with a region.
pub const LIBRARY_QUERIES: [&str; 20] = [
    "elections",
    "refugees",
    "\"free and fair elections\"",
    "independent media",
    "war crimes",
    "nigeria",
    "labor rights children",
    "\"religious freedom\"",
    "political prisoners release",
    "humanitarian relief year:1995..2000",
    "elections region:AF",
    "refugees region:EUR",
    "\"rule of law\" region:WHA",
    "press region:EAP",
    "democratic transitions region:NEA",
    "civil society region:SCA",
    "country:SD",
    "tag:elections",
    "has:note region:AF",
    "accountability region:EUR year:2001..2008",
];

/// The library's figures on a synthetic library of records, written to `dir`.
struct LibraryFigures {
    index_s: f64,
    reindex_ms: f64,
    search_ms: f64,
    search_ms_p99: f64,
    rss_mb: Option<f64>,
    records: usize,
    entries: usize,
}

/// The library's figures on a synthetic library of `records` records in `dir`: cold index,
/// one record changed, searches, peak memory (taken at once, so that the rest of the report
/// is not in it).
fn library_figures(records: usize, dir: &Path) -> anyhow::Result<LibraryFigures> {
    use crate::core::library::Library;
    use std::sync::atomic::AtomicBool;
    let corpus_dir = dir.join("library-records");
    let corpus = generate_library(records, 1, &corpus_dir)?;
    let lib_dir = dir.join("library");
    std::fs::create_dir_all(&lib_dir)?;
    let t = Instant::now();
    let mut lib = Library::open(&lib_dir, &corpus_dir.join("notes"))?;
    lib.add_folder(&corpus_dir)?;
    lib.scan(&|_| {}, &AtomicBool::new(false))?;
    let index_s = t.elapsed().as_secs_f64();
    // The eighth record (the last, in a library of fewer).
    let changed = corpus_dir.join("part-00").join(format!("record-{:04}.txt", records.clamp(1, 8) - 1));
    let mut samples = Vec::new();
    for k in 0..7 {
        let mut text = std::fs::read_to_string(&changed)?;
        text.push_str(&format!("\nAdded Part {k}\n\n  • Sent observers to the elections in Chad, change {k}.\n"));
        std::fs::write(&changed, text)?;
        let t = Instant::now();
        lib.reindex_path(&changed)?;
        samples.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let reindex_ms = median(&samples);
    for q in LIBRARY_QUERIES {
        lib.search(q, 20)?; // warm: the first search maps the index files
    }
    let mut samples = Vec::new();
    for _ in 0..10 {
        for q in LIBRARY_QUERIES {
            let t = Instant::now();
            std::hint::black_box(lib.search(q, 20)?);
            samples.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(LibraryFigures {
        index_s,
        reindex_ms,
        search_ms: median(&samples),
        search_ms_p99: percentile(&samples, 99.0),
        rss_mb: peak_rss_mb(),
        records: corpus.records,
        entries: corpus.entries,
    })
}

/// The figures of the library of `records` (2,000), then of the large one (20,000), each in
/// a folder of its own under `dir`, with the Library view's frames (window builds).
fn libraries(r: &mut Report, (records, large): (usize, usize), dir: &Path) -> anyhow::Result<()> {
    if records > 0 {
        let here = dir.join("library-2k");
        let f = library_figures(records, &here)?;
        r.library_index_s_2k = Some(f.index_s);
        r.library_reindex_ms = Some(f.reindex_ms);
        r.library_search_ms = Some(f.search_ms);
        r.library_search_ms_p99 = Some(f.search_ms_p99);
        r.library_rss_mb = f.rss_mb;
        (r.library_records, r.library_entries) = (f.records, f.entries);
        #[cfg(feature = "gui")]
        {
            let (scrolling, indexing) = crate::gui::bench::library_frames(
                &here.join("library-records"),
                &here.join("library"),
                Some(&here.join("library-cold")),
            )?;
            r.library_frame_ms = Some(median(&scrolling));
            r.library_frame_ms_p99 = Some(percentile(&scrolling, 99.0));
            r.library_frame_ms_indexing_p99 = Some(percentile(&indexing, 99.0));
        }
        let _ = std::fs::remove_dir_all(&here);
    } else {
        r.skipped.push("the library's figures: --library-records 0".to_owned());
    }
    if large > 0 {
        let here = dir.join("library-20k");
        let f = library_figures(large, &here)?;
        r.library_index_s_20k = Some(f.index_s);
        r.library_search_ms_20k = Some(f.search_ms);
        r.library_search_ms_20k_p99 = Some(f.search_ms_p99);
        r.library_rss_mb_20k = f.rss_mb;
        (r.library_records_20k, r.library_entries_20k) = (f.records, f.entries);
        #[cfg(feature = "gui")]
        {
            let (scrolling, _) =
                crate::gui::bench::library_frames(&here.join("library-records"), &here.join("library"), None)?;
            r.library_frame_ms_20k = Some(median(&scrolling));
            r.library_frame_ms_20k_p99 = Some(percentile(&scrolling, 99.0));
        }
        let _ = std::fs::remove_dir_all(&here);
    } else {
        r.skipped.push("the large library's figures: --library-records-large 0".to_owned());
    }
    Ok(())
}

/// `bench report`: everything, on a corpus generated into a temporary folder.
pub fn report(entries: usize, notes: usize, library_records: (usize, usize)) -> anyhow::Result<Report> {
    let dir = tempfile_dir()?;
    let mut r = Report {
        entries_large: entries,
        notes_large: notes,
        machine: machine(),
        build: Build {
            version: crate::cli::VERSION,
            profile: env!("RECORD_READER_PROFILE"),
            gui: cfg!(feature = "gui"),
        },
        ..Report::default()
    };
    libraries(&mut r, library_records, &dir)?;
    let (doc_path, notes_file) = generate(entries, notes, 1, &dir)?;
    r.open_ms_large = time_ms(5, || crate::core::open::open_path(&doc_path));
    let doc = crate::core::open::open_path(&doc_path)?;
    let filter = RegionFilter { regions: [Bureau::AF.code().to_owned()].into(), ..RegionFilter::default() };
    r.filter_ms_large = time_ms(11, || {
        let matcher = filter.matcher();
        doc.entries().filter(|(_, e)| matcher.matches(e)).count()
    });
    r.find_index_ms_large = time_ms(5, || SearchIndex::new(&doc));
    let index = SearchIndex::new(&doc);
    r.search_ms_large = time_ms(11, || index.find("elections nigeria"));
    r.search_matches_ms_large = time_ms(11, || index.find_all(&doc, "elections nigeria"));
    let notes_dir = notes_file.parent().context("the notes file has no folder")?.to_owned();
    r.notes_load_ms_10k = time_ms(5, || NotesStore::open(&notes_dir, &doc.id));
    let mut store = NotesStore::open(&notes_dir, &doc.id);
    r.notes_save_ms_10k = time_ms(5, || store.save());
    #[cfg(feature = "gui")]
    {
        let highlights_dir = dir.join("highlights");
        save_notes(&highlights_dir, &doc.id, synth::highlights(&doc, notes, 1))?;
        crate::gui::bench::frames_and_startup(&mut r, &doc_path, &notes_dir, &highlights_dir)?;
    }
    #[cfg(not(feature = "gui"))]
    r.skipped.push("frames, start-up and memory: this build has no window (built without `gui`)".to_owned());
    let _ = std::fs::remove_dir_all(&dir);
    Ok(r)
}

fn tempfile_dir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("record-reader-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, v)| v.trim().to_owned()))
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let memory_gb = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        let kb: f64 =
            m.lines().find_map(|l| l.strip_prefix("MemTotal:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some((kb / 1024.0 / 1024.0 * 10.0).round() / 10.0)
    });
    Machine {
        cpu,
        cores: std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        os: std::env::consts::OS.to_owned(),
        memory_gb,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_synthetic_library_is_deterministic_and_varied() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let corpus = generate_library(30, 2, a.path()).unwrap();
        assert_eq!(generate_library(30, 2, b.path()).unwrap(), corpus);
        let file = |d: &Path, i: usize| std::fs::read(d.join("part-00").join(format!("record-{i:04}.txt"))).unwrap();
        assert_eq!(file(a.path(), 17), file(b.path(), 17));
        assert_ne!(file(a.path(), 17).len(), file(a.path(), 18).len());
        assert!((300..=5700).contains(&corpus.entries), "{corpus:?}");
        let doc = crate::core::open::open_path(&a.path().join("part-00/record-0003.txt")).unwrap();
        assert_ne!(doc.quote.and_then(|q| q.date).map(|d| d.year), None);
        let notes_files = std::fs::read_dir(a.path().join("notes"))
            .unwrap()
            .filter(|f| f.as_ref().unwrap().file_name().to_string_lossy().ends_with(".notes.ron"))
            .count();
        assert_eq!(notes_files, 2, "notes on records 0 and 20");
    }

    #[test]
    fn generated_corpus_opens_with_its_notes() {
        let dir = tempfile::tempdir().unwrap();
        let (doc_path, notes_file) = generate(500, 120, 3, dir.path()).unwrap();
        let doc = crate::core::open::open_path(&doc_path).unwrap();
        assert_eq!(doc.entry_count(), 500);
        let mut store = NotesStore::open(notes_file.parent().unwrap(), &doc.id);
        assert_eq!(store.notes.len(), 120);
        assert!(store.reanchor(&doc).is_empty(), "every generated note finds its passage");
    }
}
