//! The catalogue of the library's records: the records read, those that could not be, and
//! the table's filter and order.

use crate::core::library::{RecordSummary, ScanReport, Unreadable};
use crate::gui::command::{CatalogueCommand, Column};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Default)]
pub struct CatalogueState {
    pub records: Vec<RecordSummary>,
    pub unreadable: Vec<Unreadable>,
    pub record_filter: String,
    /// The catalogue's rows shown, as positions in `records`.
    shown: Vec<usize>,
    /// The catalogue's order: a column, and whether it is reversed.
    pub sort: (Column, bool),
    /// Per record file, when the reader last read it (seconds since 1970; the document area's,
    /// given with [`CatalogueState::set_last_read`]).
    pub last_read: BTreeMap<PathBuf, i64>,
    /// The last scan's report.
    pub last_report: Option<ScanReport>,
}

impl CatalogueState {
    pub fn apply(&mut self, command: CatalogueCommand) {
        match command {
            CatalogueCommand::SetRecordFilter(filter) => self.record_filter = filter,
            CatalogueCommand::SortBy(column) => {
                self.sort = if self.sort.0 == column { (column, !self.sort.1) } else { (column, false) };
            }
        }
        self.refresh_shown();
    }

    /// The records as read now.
    pub fn replace(&mut self, records: Vec<RecordSummary>, unreadable: Vec<Unreadable>) {
        self.records = records;
        self.refresh_shown();
        self.unreadable = unreadable;
    }

    /// The catalogue's rows: those the filter box matches, in the order chosen (worked out
    /// when the records, the filter or the order change, not every frame).
    pub fn shown_records(&self) -> impl Iterator<Item = &RecordSummary> {
        self.shown.iter().filter_map(|&i| self.records.get(i))
    }

    pub fn shown_record_count(&self) -> usize {
        self.shown.len()
    }

    /// When each record was last read in the window (given when a record is shown); the
    /// catalogue is sorted again if it is sorted by that.
    pub fn set_last_read(&mut self, read_at: &BTreeMap<PathBuf, i64>) {
        if self.last_read != *read_at {
            self.last_read.clone_from(read_at);
            if self.sort.0 == Column::LastRead {
                self.refresh_shown();
            }
        }
    }

    /// Works out [`CatalogueState::shown_records`] again. Measured: filtering and sorting 2,000
    /// records with their lower-cased titles every frame took most of the view's 4 ms.
    fn refresh_shown(&mut self) {
        let words: Vec<String> = self.record_filter.split_whitespace().map(str::to_lowercase).collect();
        let mut rows: Vec<usize> = (0..self.records.len())
            .filter(|&i| {
                let r = &self.records[i];
                let hay = format!("{} {} {}", r.title, r.date.as_deref().unwrap_or(""), r.administration.label())
                    .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect();
        let records = &self.records;
        match self.sort.0 {
            Column::Title => rows.sort_by_cached_key(|&i| records[i].title.to_lowercase()),
            Column::Date => rows.sort_by(|&a, &b| records[a].date.cmp(&records[b].date)),
            Column::Administration => rows.sort_by_key(|&i| records[i].administration.label()),
            Column::Entries => rows.sort_by_key(|&i| records[i].entries),
            Column::Regions => rows.sort_by_key(|&i| records[i].regions.len()),
            Column::Notes => rows.sort_by_key(|&i| records[i].notes),
            // Newest first; records never read last, in title order.
            Column::LastRead => rows.sort_by_cached_key(|&i| {
                let read = self.last_read.get(&records[i].path).copied();
                (std::cmp::Reverse(read), records[i].title.to_lowercase())
            }),
        }
        if self.sort.1 {
            rows.reverse();
        }
        self.shown = rows;
    }
}

/// "Library scanned: 12 new or changed files read, 2 gone, 1 cannot be read; 40 records".
pub fn scan_summary(r: &ScanReport, records: usize) -> String {
    let mut parts = vec![format!("{} new or changed files read", r.indexed)];
    if r.removed > 0 {
        parts.push(format!("{} gone", r.removed));
    }
    if r.unreadable > 0 {
        parts.push(format!("{} cannot be read (listed in the Library view)", r.unreadable));
    }
    let mut summary = format!("Library scanned: {}; {records} records", parts.join(", "));
    if let Some(w) = r.warnings.first() {
        summary.push_str(&format!(". {w}"));
    }
    summary
}
