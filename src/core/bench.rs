//! The figures of `record-reader bench report` and the statistics taken on them: the
//! report's shape, medians and percentiles, timing, peak memory. Shared by the command
//! line's part of the report (the core's figures) and the window's (frames, start-up);
//! imports nothing of the app.

use serde::Serialize;
use std::time::Instant;

/// Entries in the synthetic record of the report (and `bench gen`'s default).
pub const LARGE_ENTRIES: usize = 100_000;
/// Notes on it.
pub const LARGE_NOTES: usize = 10_000;
/// Records in the synthetic library (about 200,000 entries in all).
pub const LIBRARY_RECORDS: usize = 2_000;
/// The records of the large library the `_20k` figures are taken on (a whole archive).
pub const LIBRARY_RECORDS_LARGE: usize = 20_000;

/// Every figure of the report (milliseconds unless named otherwise). `None` where a figure
/// could not be taken here, with the reason in `skipped`.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub frame_ms_seed_median: Option<f64>,
    pub frame_ms_seed_p99: Option<f64>,
    pub frame_ms_large_median: Option<f64>,
    pub frame_ms_large_p99: Option<f64>,
    pub frame_ms_large_typing_median: Option<f64>,
    pub frame_ms_large_typing_p99: Option<f64>,
    /// The same scrolling and typing with the 10k notes all highlights.
    pub frame_ms_large_highlights_p99: Option<f64>,
    pub frame_ms_large_highlights_typing_p99: Option<f64>,
    /// One entry of 1 MB naming 20,000 places: from its text to the window showing it laid
    /// out (target under 1,000 ms), and the frames scrolling through it after (p99).
    pub frame_ms_long_entry: Option<f64>,
    pub frame_ms_long_entry_scroll_p99: Option<f64>,
    pub filter_ms_large: f64,
    pub search_ms_large: f64,
    /// Find over 100k with every match collected (`find_all`, what a keystroke in the window
    /// runs), and making Find's index of the 100k record (on a background thread when a
    /// record opens).
    pub search_matches_ms_large: f64,
    pub find_index_ms_large: f64,
    pub open_ms_large: f64,
    /// The 100k record and its 10k notes opened, placed and shown: the first frame drawn
    /// after it is interactive (window builds only).
    pub open_with_notes_ms_large: Option<f64>,
    pub notes_save_ms_10k: f64,
    pub notes_load_ms_10k: f64,
    /// The synthetic library (`bench gen --records 2000`): cold index in seconds, one changed
    /// record indexed again, searches (median and p99 of 20 queries, ten times each), and the
    /// peak memory after them, before the rest of the report runs.
    pub library_index_s_2k: Option<f64>,
    pub library_reindex_ms: Option<f64>,
    pub library_search_ms: Option<f64>,
    pub library_search_ms_p99: Option<f64>,
    pub library_rss_mb: Option<f64>,
    pub library_records: usize,
    pub library_entries: usize,
    /// The Library view's frames (window builds): scrolling the catalogue of that library
    /// (median and p99), and while a cold scan of it runs in the background (p99).
    pub library_frame_ms: Option<f64>,
    pub library_frame_ms_p99: Option<f64>,
    pub library_frame_ms_indexing_p99: Option<f64>,
    /// The same figures on a library of a whole archive (`bench gen --records 20000`, issue
    /// 29): cold index (target ≤ 60 s), searches (median ≤ 20 ms, p99 ≤ 60 ms), peak memory
    /// after them (≤ 600 MB), and the frames scrolling its catalogue (median ≤ 4 ms).
    pub library_index_s_20k: Option<f64>,
    pub library_search_ms_20k: Option<f64>,
    pub library_search_ms_20k_p99: Option<f64>,
    pub library_rss_mb_20k: Option<f64>,
    pub library_frame_ms_20k: Option<f64>,
    pub library_frame_ms_20k_p99: Option<f64>,
    pub library_records_20k: usize,
    pub library_entries_20k: usize,
    pub startup_ms: Option<f64>,
    pub startup_ms_bare: Option<f64>,
    pub rss_mb: Option<f64>,
    pub rss_mb_bare: Option<f64>,
    pub entries_large: usize,
    pub notes_large: usize,
    pub machine: Machine,
    pub build: Build,
    pub skipped: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub os: String,
    pub memory_gb: Option<f64>,
}

#[derive(Debug, Default, Serialize)]
pub struct Build {
    pub version: &'static str,
    pub profile: &'static str,
    pub gui: bool,
}

/// Median of `samples` (milliseconds).
pub fn median(samples: &[f64]) -> f64 {
    percentile(samples, 50.0)
}

/// The `p`th percentile of `samples`, nearest rank.
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    if samples.is_empty() {
        return f64::NAN;
    }
    let mut v = samples.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// Runs `f` `runs` times and gives the median wall time in milliseconds. What `f` returns is
/// dropped after the clock stops: freeing a document is not part of opening it.
pub fn time_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let samples: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            let out = std::hint::black_box(f());
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            drop(out);
            ms
        })
        .collect();
    median(&samples)
}

/// Peak resident memory of this process (`VmHWM`), in MB; Linux only.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 =
        status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_by_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(median(&v), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&v, 100.0), 100.0);
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert!(median(&[]).is_nan());
    }
}
