//! The library's folders and the work on them: the library opened (when the Library view is
//! first shown), the scan, the watcher on the folders, and the re-indexing of what it
//! reports. Each runs as a [`Job`]; what a scan or a re-index read ([`Refreshed`]) is handed
//! to the catalogue and the notes by [`LibraryState::poll`](super::LibraryState::poll).

use crate::core::library::watch::{LibraryWatcher, WatchEvent};
use crate::core::library::{Library, LibraryError, LibraryNote, RecordSummary, ScanReport, Unreadable};
use crate::gui::command::Status;
use crate::gui::job::{Job, JobFailed, Progress};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

/// How long changes the watcher reports are gathered before they are indexed (a save is
/// often several events).
const SETTLE_SECONDS: f64 = 0.4;

/// The library, shared with the jobs that read it.
pub type Shared = Arc<RwLock<Library>>;

/// What a scan or a re-index gives back: its report, and the catalogue read after it.
#[derive(Debug)]
pub struct Refreshed {
    pub report: Option<ScanReport>,
    pub records: Vec<RecordSummary>,
    pub unreadable: Vec<Unreadable>,
    /// Every note in the library, and the records whose notes could not be read.
    pub notes: (Vec<LibraryNote>, Vec<String>),
}

impl Refreshed {
    /// The catalogue and the notes as they are now, after `report`'s scan (if any).
    fn read(library: &Library, report: Option<ScanReport>) -> Result<Self, LibraryError> {
        Ok(Self { report, records: library.records()?, unreadable: library.unreadable()?, notes: library.notes()? })
    }
}

/// A scan or a re-index that ended: what it read, or why it could not.
pub type Read = Result<Result<Refreshed, LibraryError>, JobFailed>;

#[derive(Debug, Default)]
pub struct LibraryJobs {
    /// Where the library keeps its folder list and index; `None`: the platform's data folder.
    dir: Option<PathBuf>,
    library: Option<Shared>,
    /// Why the library could not be opened (shown in the view).
    pub open_error: Option<String>,
    pub folders: Vec<PathBuf>,
    scanning: Option<Job<Result<Refreshed, LibraryError>>>,
    /// Folders chosen while a scan ran: added when it ends.
    pub pending_folders: Vec<PathBuf>,
    /// What went wrong in work the reader did not ask for just now (the watcher, a refresh):
    /// told by the next poll.
    pub trouble: Option<Status>,
    /// Why the folders are not watched, shown in the view for as long as it holds.
    pub watch_problem: Option<String>,
    /// Paths the watcher reported, and when the last one came.
    changed: BTreeSet<PathBuf>,
    changed_at: f64,
    reindexing: Option<Job<Result<Refreshed, LibraryError>>>,
    watcher: Option<LibraryWatcher>,
}

impl LibraryJobs {
    pub fn new(dir: Option<PathBuf>) -> Self {
        Self { dir, ..Self::default() }
    }

    /// The library, once open.
    pub fn library(&self) -> Option<&Shared> {
        self.library.as_ref()
    }

    /// Has the library been opened, or said why it cannot be?
    pub fn tried(&self) -> bool {
        self.library.is_some() || self.open_error.is_some()
    }

    /// Opens the library; what to tell the reader if it cannot be. Its catalogue is read
    /// as indexed, then a scan looks for what changed while the app was closed.
    pub fn open(&mut self, notes_dir: &Path) -> Option<Status> {
        // The notes folder is watched for notes written elsewhere: it must exist to be watched.
        let _ = std::fs::create_dir_all(notes_dir);
        let opened = match &self.dir {
            Some(dir) => Library::open(dir, notes_dir),
            None => crate::core::library::default_library_dir().and_then(|dir| Library::open(&dir, notes_dir)),
        };
        match opened {
            Ok(library) => {
                self.folders = library.folders().to_vec();
                self.library = Some(Arc::new(RwLock::new(library)));
                self.start_watching();
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

    /// Is a scan running? With how far it is.
    pub fn scan_progress(&self) -> Option<Progress> {
        self.scanning.as_ref().map(Job::progress)
    }

    pub fn is_scanning(&self) -> bool {
        self.scanning.is_some()
    }

    /// Is anything running, or waiting to (changes the watcher reported)?
    pub fn busy(&self) -> bool {
        self.scanning.is_some() || self.reindexing.is_some() || !self.changed.is_empty()
    }

    pub fn cancel_scan(&self) {
        if let Some(scan) = &self.scanning {
            scan.cancel();
        }
    }

    /// Adds a folder to the library (after the scan running, if one is); what to tell the reader.
    pub fn add_folder(&mut self, folder: PathBuf) -> Status {
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

    pub fn remove_folder(&mut self, folder: &Path) -> Status {
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

    /// Starts a scan in the background; what to tell the reader if it cannot start.
    pub fn start_scan(&mut self) -> Option<Status> {
        if self.scanning.is_some() {
            return Some(Status::Info("The library is being scanned already".to_owned()));
        }
        let library = self.library.clone()?;
        let spawned = Job::spawn("library-scan", move |job| {
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            let report = library.scan(&|p| job.set_progress(p.done, p.total, p.current), job.cancel_flag())?;
            Refreshed::read(&library, Some(report))
        });
        match spawned {
            Ok(job) => {
                self.scanning = Some(job);
                None
            }
            Err(e) => Some(Status::Error(format!("Cannot scan the library: {}", e.why_or("it could not be started")))),
        }
    }

    /// Reads the catalogue again in the background, after indexing `paths` (the watcher's)
    /// when there are any.
    fn spawn_refresh(&mut self, paths: Option<Vec<PathBuf>>) {
        let Some(library) = self.library.clone() else { return };
        let spawned = Job::spawn("library-reindex", move |_| {
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            for path in paths.unwrap_or_default() {
                library.reindex_path(&path)?;
            }
            Refreshed::read(&library, None)
        });
        match spawned {
            Ok(job) => self.reindexing = Some(job),
            // The catalogue stays as it is; the next change, or Scan again, retries.
            Err(e) => {
                self.trouble = Some(Status::Error(format!(
                    "Cannot read the library again: {}",
                    e.why_or("it could not be started")
                )));
            }
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

    /// Takes the watcher's changes in; what to tell the reader if watching failed.
    pub fn watch(&mut self, now: f64) -> Option<Status> {
        let mut status = None;
        let Some(watcher) = &self.watcher else { return None };
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
        status
    }

    /// The scan, once it has ended.
    pub fn scanned(&mut self) -> Option<Read> {
        Job::poll(&mut self.scanning)
    }

    /// The re-index, once it has ended.
    pub fn reindexed(&mut self) -> Option<Read> {
        Job::poll(&mut self.reindexing)
    }

    /// Indexes what the watcher reported once it has settled and nothing else runs.
    pub fn reindex_settled(&mut self, now: f64) {
        let settled = now - self.changed_at >= SETTLE_SECONDS;
        if settled && !self.changed.is_empty() && self.scanning.is_none() && self.reindexing.is_none() {
            let paths = std::mem::take(&mut self.changed).into_iter().collect();
            self.spawn_refresh(Some(paths));
        }
    }
}
