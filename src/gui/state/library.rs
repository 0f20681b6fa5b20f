//! The library area: the folders of records the reader added, their index (opened when the
//! Library view is first shown), the scan running in the background, the search across
//! records and the catalogue table. All the work (scanning, searching, re-indexing what the
//! watcher reports) runs on background threads: the window keeps answering, and each result
//! is picked up by [`LibraryState::poll`].

use crate::core::library::watch::{LibraryWatcher, WatchEvent};
use crate::core::library::{
    ExportSummary, Hit, Library, LibraryError, LibraryExport, RecordSummary, ScanReport, Unreadable,
};
use crate::core::library::{LibraryNote, LibraryQuery};
use crate::core::notes::NoteFilter;
use crate::core::places::Bureau;
use crate::gui::command::Status;
use crate::gui::command::{Column, DocumentCommand, Effects, LayoutCommand, LibraryCommand};
use crate::gui::dialogs::file_dialog::{self, FileDialog, Purpose, Request};
use crate::gui::prefs::MainView;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::thread::JoinHandle;

/// The most entries a search shows.
pub const SEARCH_LIMIT: usize = 200;

/// How long changes the watcher reports are gathered before they are indexed (a save is
/// often several events).
const SETTLE_SECONDS: f64 = 0.4;

/// A scan on its thread: how far it is, and how to stop it.
#[derive(Debug)]
struct Scanning {
    progress: Arc<Mutex<(usize, usize, PathBuf)>>,
    cancel: Arc<AtomicBool>,
    handle: JoinHandle<Result<Refreshed, LibraryError>>,
}

/// What a search gives back: the entries found, the count per region, and per country when
/// the map is shown.
type Found = (Vec<Hit>, Vec<(Bureau, usize)>, Option<BTreeMap<String, usize>>);

/// What a scan or a re-index gives back: its report, and the catalogue read after it.
#[derive(Debug)]
struct Refreshed {
    report: Option<ScanReport>,
    records: Vec<RecordSummary>,
    unreadable: Vec<Unreadable>,
    /// Every note in the library, and the records whose notes could not be read.
    notes: (Vec<LibraryNote>, Vec<String>),
}

impl Refreshed {
    /// The catalogue and the notes as they are now, after `report`'s scan (if any).
    fn read(library: &Library, report: Option<ScanReport>) -> Result<Self, LibraryError> {
        Ok(Self { report, records: library.records()?, unreadable: library.unreadable()?, notes: library.notes()? })
    }
}

/// The notes panel's filters over the library's notes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotesFilter {
    pub tag: Option<String>,
    pub color: Option<String>,
    pub region: Option<Bureau>,
    pub record: Option<String>,
}

#[derive(Debug, Default)]
pub struct LibraryState {
    /// Where the library keeps its folder list and index; `None`: the platform's data folder.
    dir: Option<PathBuf>,
    library: Option<Arc<RwLock<Library>>>,
    /// Why the library could not be opened (shown in the view).
    pub open_error: Option<String>,
    scanning: Option<Scanning>,
    /// Folders chosen while a scan ran: added when it ends.
    pending_folders: Vec<PathBuf>,
    /// What went wrong in work the reader did not ask for just now (the watcher, a refresh):
    /// told by the next [`LibraryState::poll`].
    trouble: Option<Status>,
    /// Why the folders are not watched, shown in the view for as long as it holds.
    pub watch_problem: Option<String>,
    /// Paths the watcher reported, and when the last one came.
    changed: BTreeSet<PathBuf>,
    changed_at: f64,
    reindexing: Option<JoinHandle<Result<Refreshed, LibraryError>>>,
    watcher: Option<LibraryWatcher>,
    pub query: String,
    searching: Option<(String, JoinHandle<Result<Found, LibraryError>>)>,
    /// The query whose results are shown, and the results (or why the query failed).
    pub searched: String,
    pub hits: Vec<Hit>,
    /// Per bureau, the entries that match the query and name it (all entries, with no query).
    pub region_counts: Vec<(Bureau, usize)>,
    /// Whether the map of the library shows, and its counts per country (alpha-2).
    pub map_shown: bool,
    pub country_counts: BTreeMap<String, usize>,
    pub search_error: Option<String>,
    pub records: Vec<RecordSummary>,
    pub unreadable: Vec<Unreadable>,
    pub folders: Vec<PathBuf>,
    pub record_filter: String,
    /// The catalogue's rows shown, as positions in `records`.
    shown: Vec<usize>,
    /// The catalogue's order: a column, and whether it is reversed.
    pub sort: (Column, bool),
    /// Per record file, when the reader last read it (seconds since 1970; the document area's,
    /// given with [`LibraryState::set_last_read`]).
    pub last_read: BTreeMap<PathBuf, i64>,
    /// The last scan's report.
    pub last_report: Option<ScanReport>,
    /// Every note in the library (the notes panel beside the Library view), the records
    /// whose notes could not be read, and the panel's filters.
    pub notes: Vec<LibraryNote>,
    pub notes_problems: Vec<String>,
    pub notes_filter: NotesFilter,
    /// What the export writes, and the export running.
    pub export_kind: Option<LibraryExport>,
    exporting: Option<JoinHandle<Result<ExportSummary, LibraryError>>>,
}

impl LibraryState {
    /// A library kept in `dir` (tests, `--library-dir`); `None`: the platform's data folder.
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { dir, ..Self::default() }
    }

    /// Opens the library the first time it is needed; what to tell the reader if it cannot be.
    pub fn ensure_open(&mut self, notes_dir: &Path) -> Option<Status> {
        if self.library.is_some() || self.open_error.is_some() {
            return None;
        }
        // The notes folder is watched for notes written elsewhere: it must exist to be watched.
        let _ = std::fs::create_dir_all(notes_dir);
        let opened = match &self.dir {
            Some(dir) => Library::open(dir, notes_dir),
            None => crate::core::library::default_library_dir().and_then(|dir| Library::open(&dir, notes_dir)),
        };
        match opened {
            Ok(library) => {
                self.folders = library.folders().to_vec();
                let library = Arc::new(RwLock::new(library));
                self.library = Some(library.clone());
                self.start_watching();
                // The catalogue as indexed, then a scan for what changed while the app was closed.
                self.spawn_refresh(None);
                (!self.folders.is_empty()).then(|| self.start_scan()).flatten()
            }
            Err(e) => {
                let why = format!("The library cannot be opened: {e}");
                self.open_error = Some(why.clone());
                Some(Status::Error(why))
            }
        }
    }

    /// Is a scan running? With how far it is: (done, total, current file).
    pub fn scan_progress(&self) -> Option<(usize, usize, PathBuf)> {
        let scanning = self.scanning.as_ref()?;
        Some(scanning.progress.lock().unwrap_or_else(PoisonError::into_inner).clone())
    }

    /// Is the view final: the library opened (or said why not), nothing running?
    pub fn settled(&self) -> bool {
        (self.library.is_some() || self.open_error.is_some()) && !self.busy()
    }

    /// Is anything running in the background (the window repaints to show it)?
    pub fn busy(&self) -> bool {
        self.scanning.is_some()
            || self.searching.is_some()
            || self.reindexing.is_some()
            || self.exporting.is_some()
            || !self.changed.is_empty()
    }

    pub fn apply(&mut self, command: LibraryCommand, dialog: &mut dyn FileDialog, notes_dir: &Path) -> Effects {
        if let Some(status) = self.ensure_open(notes_dir) {
            return Effects::status(status);
        }
        match command {
            LibraryCommand::AddFolderDialog => {
                let start = self.folders.last().and_then(|f| f.parent()).map(Path::to_path_buf);
                return file_dialog::ask(
                    dialog,
                    Request::new(Purpose::LibraryFolder, |path| LibraryCommand::AddFolder(path).into())
                        .in_dir(start.as_deref()),
                )
                .and_then(LayoutCommand::SetView(MainView::Library));
            }
            LibraryCommand::AddFolder(folder) => return Effects::status(self.add_folder(folder)),
            LibraryCommand::RemoveFolder(folder) => return Effects::status(self.remove_folder(&folder)),
            LibraryCommand::Scan => return self.start_scan().map(Effects::status).unwrap_or_default(),
            LibraryCommand::CancelScan => {
                if let Some(s) = &self.scanning {
                    s.cancel.store(true, Ordering::Relaxed);
                }
            }
            LibraryCommand::SetQuery(query) => {
                self.query = query;
                self.start_search();
            }
            LibraryCommand::ToggleRegion(bureau) => {
                self.query = toggle_region(&self.query, bureau);
                self.start_search();
            }
            LibraryCommand::ToggleMap => {
                self.map_shown = !self.map_shown;
                if self.map_shown {
                    // The counts per country are taken by the search: searched again.
                    self.searched.clear();
                    self.start_search();
                }
            }
            LibraryCommand::SetRecordFilter(filter) => {
                self.record_filter = filter;
                self.refresh_shown();
            }
            LibraryCommand::SetNotesTag(tag) => self.notes_filter.tag = tag,
            LibraryCommand::SetNotesColor(color) => self.notes_filter.color = color,
            LibraryCommand::SetNotesRegion(region) => self.notes_filter.region = region,
            LibraryCommand::SetNotesRecord(record) => self.notes_filter.record = record,
            LibraryCommand::SortBy(column) => {
                self.sort = if self.sort.0 == column { (column, !self.sort.1) } else { (column, false) };
                self.refresh_shown();
            }
            LibraryCommand::Open(path, Some(entry)) => return Effects::then(DocumentCommand::OpenAt(path, entry)),
            LibraryCommand::Open(path, None) => return Effects::then(DocumentCommand::Open(path)),
            LibraryCommand::SetExportKind(kind) => self.export_kind = Some(kind),
            LibraryCommand::Export => {
                let kind = self.export_kind();
                let purpose = if kind.is_folder() { Purpose::LibraryExportFolder } else { Purpose::LibraryExport };
                let start = self.folders.first().map(PathBuf::as_path);
                return file_dialog::ask(
                    dialog,
                    Request::new(purpose, |path| LibraryCommand::ExportTo(path).into())
                        .in_dir(start)
                        .named(kind.file_name()),
                );
            }
            LibraryCommand::ExportTo(path) => return Effects::status(self.start_export(&path)),
        }
        Effects::none()
    }

    fn add_folder(&mut self, folder: PathBuf) -> Status {
        if self.scanning.is_some() {
            let status = Status::Info(format!("{} will be added when the scan running now ends", folder.display()));
            self.pending_folders.push(folder);
            return status;
        }
        let Some(library) = &self.library else { return Status::Error("The library is not open".to_owned()) };
        let added = library.write().unwrap_or_else(PoisonError::into_inner).add_folder(&folder);
        match added {
            Ok(path) => {
                self.folders = library.read().unwrap_or_else(PoisonError::into_inner).folders().to_vec();
                self.start_watching();
                let scan = self.start_scan();
                scan.unwrap_or_else(|| Status::Info(format!("Added {}; reading it…", path.display())))
            }
            Err(e) => Status::Error(format!("Cannot add {} to the library: {e}", folder.display())),
        }
    }

    fn remove_folder(&mut self, folder: &Path) -> Status {
        if self.scanning.is_some() {
            return Status::Info("Cancel the scan running now, then remove the folder".to_owned());
        }
        let Some(library) = &self.library else { return Status::Error("The library is not open".to_owned()) };
        let removed = library.write().unwrap_or_else(PoisonError::into_inner).remove_folder(folder);
        match removed {
            Ok(path) => {
                self.folders = library.read().unwrap_or_else(PoisonError::into_inner).folders().to_vec();
                self.start_watching();
                // The scan takes the folder's records out of the index.
                let scan = self.start_scan();
                scan.unwrap_or_else(|| Status::Info(format!("Removed {} from the library", path.display())))
            }
            Err(e) => Status::Error(format!("Cannot remove {}: {e}", folder.display())),
        }
    }

    /// What the export writes: Markdown, one file, unless the reader chose another.
    pub fn export_kind(&self) -> LibraryExport {
        self.export_kind.unwrap_or(LibraryExport::Notes(crate::core::export::Format::Md))
    }

    /// Starts writing the export on a background thread; what to tell the reader.
    fn start_export(&mut self, path: &Path) -> Status {
        if self.exporting.is_some() {
            return Status::Info("An export is being written; try again when it is done".to_owned());
        }
        let Some(library) = self.library.clone() else { return Status::Error("The library is not open".to_owned()) };
        let kind = self.export_kind();
        let dest = path.to_owned();
        let spawned = std::thread::Builder::new().name("library-export".to_owned()).spawn(move || {
            let gazetteer = crate::core::places::gazetteer()
                .map_err(|e| LibraryError::Export { path: dest.clone(), why: e.to_string() })?;
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            let now = crate::core::notes::model::now();
            library.export(kind, &crate::core::notes::NoteFilter::live(), gazetteer, &dest, now)
        });
        match spawned {
            Ok(handle) => {
                self.exporting = Some(handle);
                Status::Info(format!("Exporting the library's notes to {}…", path.display()))
            }
            Err(e) => Status::Error(format!("Cannot export the library's notes: {e}")),
        }
    }

    fn finish_export(handle: JoinHandle<Result<ExportSummary, LibraryError>>) -> Status {
        match handle.join() {
            Ok(Ok(done)) => {
                let mut text = format!(
                    "Exported the notes of {} record(s) to {} ({} file(s))",
                    done.records,
                    done.path.display(),
                    done.files
                );
                if let Some((path, why)) = done.skipped.first() {
                    text.push_str(&format!(
                        "; {} records left out, for example {}: {why}",
                        done.skipped.len(),
                        path.display()
                    ));
                }
                Status::Info(text)
            }
            Ok(Err(e)) => Status::Error(e.to_string()),
            Err(_) => Status::Error("The export stopped unexpectedly; nothing was written".to_owned()),
        }
    }

    /// Starts a scan on a background thread; what to tell the reader if it cannot start.
    fn start_scan(&mut self) -> Option<Status> {
        if self.scanning.is_some() {
            return Some(Status::Info("The library is being scanned already".to_owned()));
        }
        let library = self.library.clone()?;
        let progress = Arc::new(Mutex::new((0, 0, PathBuf::new())));
        let cancel = Arc::new(AtomicBool::new(false));
        let (shared, stop) = (progress.clone(), cancel.clone());
        let spawned = std::thread::Builder::new().name("library-scan".to_owned()).spawn(move || {
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            let report = library.scan(
                &|p| *shared.lock().unwrap_or_else(PoisonError::into_inner) = (p.done, p.total, p.current.to_owned()),
                &stop,
            )?;
            Refreshed::read(&library, Some(report))
        });
        match spawned {
            Ok(handle) => {
                self.scanning = Some(Scanning { progress, cancel, handle });
                None
            }
            Err(e) => Some(Status::Error(format!("Cannot scan the library: {e}"))),
        }
    }

    /// Reads the catalogue again on a background thread, after indexing `paths` (the
    /// watcher's) when there are any.
    fn spawn_refresh(&mut self, paths: Option<Vec<PathBuf>>) {
        let Some(library) = self.library.clone() else { return };
        let spawned = std::thread::Builder::new().name("library-reindex".to_owned()).spawn(move || {
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            for path in paths.unwrap_or_default() {
                library.reindex_path(&path)?;
            }
            Refreshed::read(&library, None)
        });
        match spawned {
            Ok(handle) => self.reindexing = Some(handle),
            // The catalogue stays as it is; the next change, or Scan again, retries.
            Err(e) => self.trouble = Some(Status::Error(format!("Cannot read the library again: {e}"))),
        }
    }

    /// Searches on a background thread (one at a time: words typed meanwhile are searched
    /// when it ends). With no words, only the counts per region are taken.
    fn start_search(&mut self) {
        if self.searching.is_some() {
            return;
        }
        let Some(library) = self.library.clone() else { return };
        let query = self.query.clone();
        let words = query.clone();
        let map = self.map_shown;
        let spawned = std::thread::Builder::new().name("library-search".to_owned()).spawn(move || {
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            // No words: no entries listed, and the counts of the whole library.
            let (parsed, hits) = if words.trim().is_empty() {
                (LibraryQuery::default(), Vec::new())
            } else {
                let parsed = LibraryQuery::parse(&words)?;
                let hits = library.search_parsed(&parsed, SEARCH_LIMIT)?;
                (parsed, hits)
            };
            let countries = if map { Some(library.country_counts(&parsed)?) } else { None };
            Ok((hits, library.region_counts(&parsed)?, countries))
        });
        match spawned {
            Ok(handle) => self.searching = Some((query, handle)),
            Err(e) => self.search_error = Some(format!("Cannot search: {e}")),
        }
    }

    fn start_watching(&mut self) {
        let Some(library) = &self.library else { return };
        // The old watcher stops when dropped.
        match library.read().unwrap_or_else(PoisonError::into_inner).watch() {
            Ok(watcher) => {
                self.watcher = Some(watcher);
                self.watch_problem = None;
            }
            Err(e) => {
                self.watcher = None;
                let why =
                    format!("Changes to the library's files will not show while the app runs ({e}); use Scan again");
                self.trouble = Some(Status::Error(why.clone()));
                self.watch_problem = Some(why);
            }
        }
    }

    /// Picks up what the background threads finished, and the watcher's changes; what to
    /// tell the reader.
    pub fn poll(&mut self, now: f64) -> Option<Status> {
        let mut status = self.trouble.take();
        if let Some(watcher) = &self.watcher {
            for event in watcher.events.try_iter() {
                match event {
                    WatchEvent::Changed(path) => {
                        self.changed.insert(path);
                        self.changed_at = now;
                    }
                    WatchEvent::Error(why) => {
                        let why = format!("Watching the library's folders failed ({why}); use Scan again");
                        status = Some(Status::Error(why.clone()));
                        self.watch_problem = Some(why);
                    }
                }
            }
        }
        if self.searching.as_ref().is_some_and(|(_, h)| h.is_finished())
            && let Some((query, handle)) = self.searching.take()
        {
            self.finish_search(query, handle);
        }
        if self.scanning.as_ref().is_some_and(|s| s.handle.is_finished())
            && let Some(scanning) = self.scanning.take()
        {
            status = Some(self.finish_scan(scanning.handle));
        }
        if self.reindexing.as_ref().is_some_and(JoinHandle::is_finished)
            && let Some(handle) = self.reindexing.take()
            && let Some(s) = self.take_refreshed(handle)
        {
            status = Some(s);
        }
        if self.exporting.as_ref().is_some_and(JoinHandle::is_finished)
            && let Some(handle) = self.exporting.take()
        {
            status = Some(Self::finish_export(handle));
        }
        let settled = now - self.changed_at >= SETTLE_SECONDS;
        if settled && !self.changed.is_empty() && self.scanning.is_none() && self.reindexing.is_none() {
            let paths = std::mem::take(&mut self.changed).into_iter().collect();
            self.spawn_refresh(Some(paths));
        }
        status
    }

    fn finish_search(&mut self, query: String, handle: JoinHandle<Result<Found, LibraryError>>) {
        match handle.join() {
            Ok(Ok((hits, regions, countries))) => {
                self.hits = hits;
                self.region_counts = regions;
                if let Some(countries) = countries {
                    self.country_counts = countries;
                }
                self.search_error = None;
            }
            Ok(Err(e)) => {
                self.hits.clear();
                self.search_error = Some(e.to_string());
            }
            Err(_) => self.search_error = Some("The search stopped unexpectedly".to_owned()),
        }
        self.searched = query;
        if self.searched != self.query {
            self.start_search();
        }
    }

    fn finish_scan(&mut self, handle: JoinHandle<Result<Refreshed, LibraryError>>) -> Status {
        let status = match self.take_refreshed(handle) {
            Some(error) => error,
            None => match &self.last_report {
                Some(r) if r.cancelled => Status::Info(format!(
                    "Scan cancelled: {} records read so far are in the library; the rest is read next time",
                    r.indexed
                )),
                Some(r) => Status::Info(scan_summary(r, self.records.len())),
                None => Status::Info("Scan done".to_owned()),
            },
        };
        let mut status = status;
        // Folders chosen during the scan: what adding each says comes after the scan's summary.
        for folder in std::mem::take(&mut self.pending_folders) {
            status = self.add_folder(folder);
        }
        self.start_search();
        status
    }

    /// Takes a refreshed catalogue; an error, if the work failed.
    fn take_refreshed(&mut self, handle: JoinHandle<Result<Refreshed, LibraryError>>) -> Option<Status> {
        match handle.join() {
            Ok(Ok(Refreshed { report, records, unreadable, notes })) => {
                self.records = records;
                self.refresh_shown();
                self.unreadable = unreadable;
                (self.notes, self.notes_problems) = notes;
                if report.is_some() {
                    self.last_report = report;
                } else {
                    self.start_search();
                }
                None
            }
            Ok(Err(e)) => Some(Status::Error(format!("The library could not be read: {e}"))),
            Err(_) => Some(Status::Error("Reading the library stopped unexpectedly".to_owned())),
        }
    }

    /// The library's notes the panel's filters take (the one rule: [`NoteFilter`]).
    pub fn shown_notes(&self) -> Vec<&LibraryNote> {
        let f = &self.notes_filter;
        let filter = NoteFilter {
            tags: f.tag.iter().cloned().collect(),
            color: f.color.clone(),
            bureaus: f.region.iter().copied().collect(),
            ..NoteFilter::live()
        };
        crate::core::library::notes::select(&self.notes, &filter, f.record.as_deref())
    }

    /// The catalogue's rows: those the filter box matches, in the order chosen (worked out
    /// when the records, the filter or the order change, not every frame).
    pub fn shown_records(&self) -> impl Iterator<Item = &RecordSummary> {
        self.shown.iter().filter_map(|&i| self.records.get(i))
    }

    pub fn shown_record_count(&self) -> usize {
        self.shown.len()
    }

    /// The same library state, knowing when each record was last read.
    #[must_use]
    pub fn with_last_read(mut self, read_at: &BTreeMap<PathBuf, i64>) -> Self {
        self.set_last_read(read_at);
        self
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

    /// Works out [`LibraryState::shown_records`] again. Measured: filtering and sorting 2,000
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
fn scan_summary(r: &ScanReport, records: usize) -> String {
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

/// The query with `region:CODE` for `bureau` as its one region clause, or without it if it
/// was there: the region list beside the library is a switch, one region at a time.
pub fn toggle_region(query: &str, bureau: Bureau) -> String {
    let token = format!("region:{}", bureau.code());
    let had = query.split_whitespace().any(|w| w.eq_ignore_ascii_case(&token));
    let mut words: Vec<&str> =
        query.split_whitespace().filter(|w| !w.to_ascii_lowercase().starts_with("region:")).collect();
    if !had {
        words.push(&token);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_switches_on_alone_and_off_again() {
        assert_eq!(toggle_region("", Bureau::AF), "region:AF");
        assert_eq!(toggle_region("elections region:EUR", Bureau::AF), "elections region:AF");
        assert_eq!(toggle_region("elections region:AF", Bureau::AF), "elections");
        assert_eq!(toggle_region("\"free press\" REGION:af", Bureau::AF), "\"free press\"");
    }
}
