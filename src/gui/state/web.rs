//! Records taken from the web in the window: the Open web address dialog (Ctrl+L, or an
//! address pasted), the page fetched and kept as a [`Job`] (the window keeps answering, and
//! Cancel stops it), then the copy opened and its folder added to the library. The rule is
//! the core's, [`crate::core::web_copy::take`], as for `record-reader open URL`.

use crate::core::web::{Limits, SaveOutcome, Wayback};
use crate::core::web_copy::{self, TakeError, Taken, Taking};
use crate::gui::command::{DocumentCommand, Effects, LibraryJobsCommand, Status, WebCommand};
use crate::gui::dialogs::web_dialog::{Newer, WebDialog};
use crate::gui::job::{Job, JobFailed};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

/// A page being fetched.
#[derive(Debug)]
pub struct Fetching {
    pub address: String,
    job: Job<Result<Taken, TakeError>>,
}

impl Fetching {
    /// Seconds it has run.
    pub fn seconds(&self) -> u64 {
        self.job.age().as_secs()
    }
}

#[derive(Debug, Default)]
pub struct WebState {
    pub dialog: Option<WebDialog>,
    pub fetching: Option<Fetching>,
    /// Fetches stopped with Cancel: the request already sent runs to its end (or its
    /// timeout) on its thread, keeps nothing, and is read here when it ends.
    stopped: Vec<Fetching>,
    /// Where the library is kept (`--library-dir`, tests); `None`: the platform's data folder.
    /// The copies go to the Web records folder beside it.
    library_dir: Option<PathBuf>,
    /// What a fetch may take (tests make it short).
    pub limits: Limits,
    /// The Wayback Machine, asked for a copy of an address that is gone (tests: loopback).
    pub archive: Wayback,
    /// The library folder the reader chose to keep copies in; `None`: Web records.
    pub into: Option<PathBuf>,
}

impl WebState {
    pub fn new(library_dir: Option<PathBuf>) -> Self {
        Self { library_dir, ..Self::default() }
    }

    /// Is a page being fetched (the window repaints to show it)?
    pub fn busy(&self) -> bool {
        self.fetching.is_some() || !self.stopped.is_empty()
    }

    /// The folder the copies go to.
    fn copies_dir(&self) -> Result<PathBuf, String> {
        if let Some(dir) = &self.into {
            return Ok(dir.clone());
        }
        let library = match &self.library_dir {
            Some(dir) => dir.clone(),
            None => crate::core::library::default_library_dir().map_err(|e| e.to_string())?,
        };
        Ok(web_copy::web_records_dir(&library))
    }

    pub fn apply(&mut self, command: WebCommand) -> Effects {
        match command {
            WebCommand::OpenDialog(address) => {
                let address = address.unwrap_or_default();
                self.dialog = Some(WebDialog { address, ..WebDialog::default() });
            }
            WebCommand::SetAddress(text) => {
                if let Some(d) = &mut self.dialog {
                    *d = WebDialog { address: text, ..WebDialog::default() };
                }
            }
            WebCommand::Fetch => {
                let address = self.dialog.as_ref().map(|d| d.address.clone()).unwrap_or_default();
                return self.fetch(&address);
            }
            WebCommand::FetchAddress(address) => return self.fetch(&address),
            WebCommand::SetInto(dir) => self.into = dir,
            WebCommand::OpenCopy(path) => {
                self.dialog = None;
                return Effects::then(DocumentCommand::Open(path));
            }
            WebCommand::Cancel => {
                if let Some(f) = self.fetching.take() {
                    f.job.cancel();
                    let status = Status::Info(format!("Stopped fetching {}; nothing was kept", f.address));
                    self.stopped.push(f);
                    return Effects::status(status);
                }
            }
            WebCommand::CloseDialog => {
                if self.fetching.is_none() {
                    self.dialog = None;
                }
            }
        }
        Effects::none()
    }

    /// Starts fetching `address` in the background.
    fn fetch(&mut self, address: &str) -> Effects {
        if let Some(f) = &self.fetching {
            let why = format!("{} is still being fetched; wait for it or press Cancel", f.address);
            return Effects::status(Status::Info(why));
        }
        let say = |this: &mut Self, why: String| {
            this.dialog = Some(WebDialog { address: address.to_owned(), error: Some(why), ..WebDialog::default() });
            Effects::none()
        };
        let Some(url) = web_copy::address(address) else {
            return say(self, TakeError::NotAnAddress(address.trim().to_owned()).to_string());
        };
        let dir = match self.copies_dir() {
            Ok(dir) => dir,
            Err(why) => return say(self, format!("There is no folder to keep the copy in: {why}")),
        };
        let (limits, archive) = (self.limits, self.archive.clone());
        let to_fetch = url.clone();
        let spawned = Job::spawn("fetch-page", move |job| {
            let cancel: &AtomicBool = job.cancel_flag();
            let today = web_copy::today();
            let how = Taking { dir: &dir, limits, archive: &archive, accessed: &today };
            web_copy::take(&to_fetch, &how, cancel)
        });
        match spawned {
            Ok(job) => {
                self.fetching = Some(Fetching { address: url.clone(), job });
                Effects::status(Status::Info(format!("Fetching {url}…")))
            }
            Err(e) => say(self, format!("The page could not be fetched: {}", e.why_or("no thread"))),
        }
    }

    /// Once a frame: the fetch that ended, its copy opened (and its folder added to the
    /// library), or why it failed said in the dialog.
    pub fn poll(&mut self) -> Option<Effects> {
        // A stopped fetch that ended: it kept nothing, unless it was already keeping its copy.
        if let Some(at) = self.stopped.iter().position(|f| f.job.is_finished()) {
            let Fetching { address, job } = self.stopped.remove(at);
            if let Ok(Ok(taken)) = job.wait() {
                let kept =
                    format!("The stopped fetch of {address} had ended: its copy is kept as {}", taken.path.display());
                return Some(Effects::status(Status::Info(kept)));
            }
        }
        if !self.fetching.as_ref().is_some_and(|f| f.job.is_finished()) {
            return None;
        }
        let Fetching { address, job } = self.fetching.take()?;
        Some(self.fetched(&address, job.wait()))
    }

    fn fetched(&mut self, address: &str, done: Result<Result<Taken, TakeError>, JobFailed>) -> Effects {
        match done {
            Ok(Ok(taken)) => self.taken(taken),
            Ok(Err(TakeError::Cancelled)) => Effects::none(),
            Ok(Err(TakeError::Fetch { address, error, archived: Some(capture) })) => {
                // The dialog offers the archived copy; nothing is fetched unasked.
                let why = format!("Could not take {address}: {error}");
                let dialog = self.dialog.get_or_insert_with(WebDialog::default);
                *dialog = WebDialog { address, error: Some(why.clone()), archived: Some(*capture), newer: None };
                Effects::status(Status::Error(why))
            }
            // The core's message names the address.
            Ok(Err(e)) => self.failed(format!("Could not take the page: {e}")),
            Err(e) => self.failed(format!("Could not take {address}: {}", e.why_or("the fetch stopped unexpectedly"))),
        }
    }

    /// A page kept: its folder added to the library (once), and the copy opened; a page that
    /// changed since the reader's copy is offered beside it, in the dialog.
    fn taken(&mut self, taken: Taken) -> Effects {
        let folder = taken.path.parent().map(PathBuf::from).unwrap_or_default();
        let effects = Effects::then(LibraryJobsCommand::AddFolder(folder));
        let told = Status::Info(taken.told());
        match taken.outcome {
            SaveOutcome::Newer { earlier } => {
                let newer = Newer { address: taken.url.clone(), newer: taken.path, earlier };
                let address = taken.url;
                self.dialog = Some(WebDialog { address, newer: Some(newer), ..WebDialog::default() });
                effects.and_then(crate::gui::command::LayoutCommand::ShowStatus(told))
            }
            SaveOutcome::New | SaveOutcome::Same => {
                self.dialog = None;
                effects.and_then(DocumentCommand::Open(taken.path))
            }
        }
    }

    /// Why a fetch failed: in the dialog, if it is open (the address stays, to be corrected
    /// or tried again), and in the status bar.
    fn failed(&mut self, why: String) -> Effects {
        if let Some(d) = &mut self.dialog {
            d.error = Some(why.clone());
        }
        Effects::status(Status::Error(why))
    }
}
