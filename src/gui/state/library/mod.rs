//! The library area, in four parts, each with its own commands: [`jobs`] (the library
//! opened when the Library view is first shown, its folders, the scan, the watcher and the
//! re-indexing of what it reports), [`catalogue`] (the table of records), [`search`] (the
//! search across records) and [`notes`] (every note in the library, and their export). All
//! the work runs as background jobs: the window keeps answering, and each result is picked
//! up by [`LibraryState::poll`], once a frame.

pub mod catalogue;
pub mod jobs;
pub mod notes;
pub mod search;

use crate::gui::command::{DocumentCommand, Effects, LayoutCommand, LibraryCommand, LibraryJobsCommand, Status};
use crate::gui::dialogs::file_dialog::{self, FileDialog, Purpose, Request};
use crate::gui::prefs::MainView;
use catalogue::{CatalogueState, scan_summary};
use jobs::{LibraryJobs, Read, Refreshed};
use notes::LibraryNotesState;
use search::SearchState;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use search::{SEARCH_LIMIT, toggle_region};

#[derive(Debug, Default)]
pub struct LibraryState {
    pub jobs: LibraryJobs,
    pub catalogue: CatalogueState,
    pub search: SearchState,
    pub notes: LibraryNotesState,
}

impl LibraryState {
    /// A library kept in `dir` (tests, `--library-dir`); `None`: the platform's data folder.
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { jobs: LibraryJobs::new(dir), ..Self::default() }
    }

    /// Opens the library the first time it is needed; what to tell the reader if it cannot be.
    pub fn ensure_open(&mut self, notes_dir: &Path) -> Option<Status> {
        if self.jobs.tried() {
            return None;
        }
        self.jobs.open(notes_dir)
    }

    /// Is the view final: the library opened (or said why not), nothing running?
    pub fn settled(&self) -> bool {
        self.jobs.tried() && !self.busy()
    }

    /// Is anything running in the background (the window repaints to show it)?
    pub fn busy(&self) -> bool {
        self.jobs.busy() || self.search.busy() || self.notes.busy()
    }

    pub fn apply(&mut self, command: LibraryCommand, dialog: &mut dyn FileDialog, notes_dir: &Path) -> Effects {
        if let Some(status) = self.ensure_open(notes_dir) {
            return Effects::status(status);
        }
        let library = self.jobs.library();
        match command {
            LibraryCommand::Jobs(c) => return self.apply_jobs(c, dialog),
            LibraryCommand::Catalogue(c) => self.catalogue.apply(c),
            LibraryCommand::Search(c) => self.search.apply(c, library),
            LibraryCommand::Notes(c) => return self.notes.apply(c, library, &self.jobs.folders, dialog),
            LibraryCommand::Open(path, Some(entry)) => return Effects::then(DocumentCommand::OpenAt(path, entry)),
            LibraryCommand::Open(path, None) => return Effects::then(DocumentCommand::Open(path)),
        }
        Effects::none()
    }

    fn apply_jobs(&mut self, command: LibraryJobsCommand, dialog: &mut dyn FileDialog) -> Effects {
        match command {
            LibraryJobsCommand::AddFolderDialog => {
                let start = self.jobs.folders.last().and_then(|f| f.parent()).map(Path::to_path_buf);
                let request = Request::new(Purpose::LibraryFolder, |path| LibraryJobsCommand::AddFolder(path).into());
                file_dialog::ask(dialog, request.in_dir(start.as_deref()))
                    .and_then(LayoutCommand::SetView(MainView::Library))
            }
            LibraryJobsCommand::AddFolder(folder) => Effects::status(self.jobs.add_folder(folder)),
            LibraryJobsCommand::RemoveFolder(folder) => Effects::status(self.jobs.remove_folder(&folder)),
            LibraryJobsCommand::Scan => self.jobs.start_scan().map(Effects::status).unwrap_or_default(),
            LibraryJobsCommand::CancelScan => {
                self.jobs.cancel_scan();
                Effects::none()
            }
        }
    }

    /// Picks up what the background jobs finished, and the watcher's changes; what to tell
    /// the reader.
    pub fn poll(&mut self, now: f64) -> Option<Status> {
        let mut status = self.jobs.trouble.take();
        if let Some(s) = self.jobs.watch(now) {
            status = Some(s);
        }
        self.search.poll(self.jobs.library());
        if let Some(scanned) = self.jobs.scanned() {
            status = Some(self.finish_scan(scanned));
        }
        if let Some(reindexed) = self.jobs.reindexed()
            && let Some(s) = self.take_refreshed(reindexed)
        {
            status = Some(s);
        }
        if let Some(s) = self.notes.poll() {
            status = Some(s);
        }
        self.jobs.reindex_settled(now);
        status
    }

    fn finish_scan(&mut self, scanned: Read) -> Status {
        let mut status = match self.take_refreshed(scanned) {
            Some(error) => error,
            None => match &self.catalogue.last_report {
                Some(r) if r.cancelled => Status::Info(format!(
                    "Scan cancelled: {} records read so far are in the library; the rest is read next time",
                    r.indexed
                )),
                Some(r) => Status::Info(scan_summary(r, self.catalogue.records.len())),
                None => Status::Info("Scan done".to_owned()),
            },
        };
        // Folders chosen during the scan: what adding each says comes after the scan's summary.
        for folder in std::mem::take(&mut self.jobs.pending_folders) {
            status = self.jobs.add_folder(folder);
        }
        self.search.start(self.jobs.library());
        status
    }

    /// Takes a refreshed catalogue and the notes to their parts; an error, if the work failed.
    fn take_refreshed(&mut self, read: Read) -> Option<Status> {
        match read {
            Ok(Ok(Refreshed { report, records, unreadable, notes })) => {
                self.catalogue.replace(records, unreadable);
                (self.notes.notes, self.notes.notes_problems) = notes;
                if report.is_some() {
                    self.catalogue.last_report = report;
                } else {
                    self.search.start(self.jobs.library());
                }
                None
            }
            Ok(Err(e)) => Some(Status::Error(format!("The library could not be read: {e}"))),
            Err(_) => Some(Status::Error("Reading the library stopped unexpectedly".to_owned())),
        }
    }

    /// The same library state, knowing when each record was last read.
    #[must_use]
    pub fn with_last_read(mut self, read_at: &BTreeMap<PathBuf, i64>) -> Self {
        self.set_last_read(read_at);
        self
    }

    /// When each record was last read in the window (given when a record is shown).
    pub fn set_last_read(&mut self, read_at: &BTreeMap<PathBuf, i64>) {
        self.catalogue.set_last_read(read_at);
    }
}
