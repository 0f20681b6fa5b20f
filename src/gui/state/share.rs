//! The notes folder shared through git, in the window: **Sync notes** (Menu) commits this
//! person's notes, pulls the others' (merged note by note) and pushes, as a [`Job`]; with
//! **Sync every five minutes** on, it runs by itself while the window is open. What came in
//! is told ("4 notes from Ana Ruiz arrived"); the notes panel shows the notes as the notes
//! area reads them from disk after it. The rule is the core's ([`crate::core::share`]).

use crate::core::share::{Git, ShareError, Synced};
use crate::gui::command::{Effects, ShareCommand, Status};
use crate::gui::job::{Job, JobFailed};
use std::path::PathBuf;

/// Seconds between syncs when the reader turned them on.
pub const AUTO_SYNC_SECONDS: f64 = 300.0;

#[derive(Debug, Default)]
pub struct ShareState {
    /// Sync by itself every [`AUTO_SYNC_SECONDS`] (saved with the preferences).
    pub auto: bool,
    /// The git program (tests name one that is not there).
    pub git: Git,
    syncing: Option<Job<Result<Synced, ShareError>>>,
    /// egui time of the last sync started.
    last: Option<f64>,
}

impl ShareState {
    pub fn new(auto: bool) -> Self {
        Self { auto, ..Self::default() }
    }

    pub fn busy(&self) -> bool {
        self.syncing.is_some()
    }

    /// `notes_dir` is the notes folder (flushed by the app before this is called).
    pub fn apply(&mut self, command: ShareCommand, notes_dir: &std::path::Path, now: f64) -> Effects {
        match command {
            ShareCommand::Sync => self.start(notes_dir.to_owned(), now),
            ShareCommand::SetAuto(on) => {
                self.auto = on;
                let said = if on {
                    "The notes will sync every five minutes while the window is open"
                } else {
                    "The notes sync only when you ask"
                };
                Effects::status(Status::Info(said.to_owned()))
            }
        }
    }

    fn start(&mut self, dir: PathBuf, now: f64) -> Effects {
        if self.syncing.is_some() {
            return Effects::status(Status::Info("The notes are being synced already".to_owned()));
        }
        self.last = Some(now);
        let git = self.git.clone();
        match Job::spawn("notes-sync", move |_| git.sync(&dir)) {
            Ok(job) => {
                self.syncing = Some(job);
                Effects::status(Status::Info("Syncing the notes…".to_owned()))
            }
            Err(e) => Effects::status(Status::Error(format!("Cannot sync the notes: {}", e.why_or("no thread")))),
        }
    }

    /// Whether an automatic sync is due now.
    pub fn due(&self, now: f64) -> bool {
        self.auto && self.syncing.is_none() && self.last.is_none_or(|t| now - t >= AUTO_SYNC_SECONDS)
    }

    /// Once a frame: what the sync that ended did, or why it failed.
    pub fn poll(&mut self) -> Option<Status> {
        let done: Result<Result<Synced, ShareError>, JobFailed> = Job::poll(&mut self.syncing)?;
        Some(match done {
            Ok(Ok(synced)) => Status::Info(synced.told()),
            Ok(Err(e)) => Status::Error(format!("The notes were not synced: {e}")),
            Err(e) => {
                Status::Error(format!("The notes were not synced: {}", e.why_or("the sync stopped unexpectedly")))
            }
        })
    }
}
