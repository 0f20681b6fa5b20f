//! Background work, one way for the whole window: a [`Job`] runs on a thread of its own,
//! may say how far it is and be asked to stop, and is polled once a frame by the state that
//! started it, which takes its result (or why it failed) and tells the reader.
//!
//! ```text
//! start:        self.saving = Some(Job::spawn("notes-save", move |_| job.run())?);
//! every frame:  if let Some(done) = Job::poll(&mut self.saving) { match done { Ok(..), Err(failed) } }
//! ```
//!
//! A job is never dropped unread: its state keeps it until [`Job::poll`] (or [`Job::wait`])
//! gives back what it ended with, and a thread that stopped (a panic) comes back as a
//! [`JobFailed`], for the status bar.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How far a job is: `done` of `total`, at `current` (a file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub current: PathBuf,
}

/// What the work sees of its job: where to say how far it is, and whether to stop.
#[derive(Debug, Clone, Default)]
pub struct JobHandle {
    progress: Arc<Mutex<Progress>>,
    cancel: Arc<AtomicBool>,
}

impl JobHandle {
    pub fn set_progress(&self, done: usize, total: usize, current: &Path) {
        let mut progress = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
        *progress = Progress { done, total, current: current.to_owned() };
    }

    /// The flag [`Job::cancel`] sets, for work that takes one (the library's scan).
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }
}

/// A job that gave no result: its thread could not start, or it stopped (a panic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobFailed {
    /// The job's name (the thread's).
    pub name: String,
    /// Why, when it was said in words (a panic with a message, or the system's error).
    pub why: Option<String>,
}

impl JobFailed {
    /// Why, or `otherwise` when it was not said.
    pub fn why_or(&self, otherwise: &str) -> String {
        self.why.clone().unwrap_or_else(|| otherwise.to_owned())
    }
}

impl std::fmt::Display for JobFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} stopped: {}", self.name, self.why_or("it stopped unexpectedly"))
    }
}

/// Work running on a thread of its own, which ends with a `T`.
#[derive(Debug)]
pub struct Job<T> {
    name: String,
    handle: JoinHandle<T>,
    control: JobHandle,
    started: Instant,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread named `name`; an error if the thread could not be started.
    pub fn spawn(name: &str, work: impl FnOnce(&JobHandle) -> T + Send + 'static) -> Result<Self, JobFailed> {
        let control = JobHandle::default();
        let inside = control.clone();
        let spawned = std::thread::Builder::new().name(name.to_owned()).spawn(move || work(&inside));
        match spawned {
            Ok(handle) => Ok(Self { name: name.to_owned(), handle, control, started: Instant::now() }),
            Err(e) => Err(JobFailed { name: name.to_owned(), why: Some(e.to_string()) }),
        }
    }
}

impl<T> Job<T> {
    /// How far it is, as the work last said.
    pub fn progress(&self) -> Progress {
        self.control.progress.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Asks the work to stop (it looks at [`JobHandle::cancel_flag`] when it can).
    pub fn cancel(&self) {
        self.control.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// How long it has run.
    pub fn age(&self) -> Duration {
        self.started.elapsed()
    }

    /// Waits for the work to end: its result, or why there is none.
    pub fn wait(self) -> Result<T, JobFailed> {
        let name = self.name;
        self.handle.join().map_err(|panic| JobFailed { name, why: panic_message(panic.as_ref()) })
    }

    /// Once a frame: the result of the job in `slot` when it has ended (the slot is then
    /// empty), `None` while it runs or when there is none.
    pub fn poll(slot: &mut Option<Self>) -> Option<Result<T, JobFailed>> {
        if !slot.as_ref().is_some_and(Job::is_finished) {
            return None;
        }
        slot.take().map(Job::wait)
    }
}

/// What a panic said, if it said it in words.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> Option<String> {
    panic.downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| panic.downcast_ref::<String>().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn until_done<T>(slot: &mut Option<Job<T>>) -> Result<T, JobFailed> {
        let start = Instant::now();
        loop {
            if let Some(done) = Job::poll(slot) {
                return done;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "the job ends");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn a_job_gives_its_result_once_then_its_slot_is_empty() {
        let mut slot = Some(Job::spawn("test-job", |_| 6 * 7).unwrap());
        assert_eq!(until_done(&mut slot), Ok(42));
        assert!(slot.is_none() && Job::poll(&mut slot).is_none());
    }

    #[test]
    fn a_job_that_panics_says_why_and_is_not_dropped_silently() {
        let mut slot = Some(Job::spawn("test-panic", |_| -> u8 { panic!("disk on fire") }).unwrap());
        let failed = until_done(&mut slot).unwrap_err();
        assert_eq!(failed, JobFailed { name: "test-panic".into(), why: Some("disk on fire".into()) });
        assert_eq!(failed.to_string(), "test-panic stopped: disk on fire");
    }

    #[test]
    fn a_job_says_how_far_it_is_and_stops_when_asked() {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let job = Job::spawn("test-cancel", move |handle| {
            handle.set_progress(1, 3, Path::new("/a.txt"));
            let _ = rx.recv();
            handle.cancel_flag().load(Ordering::Relaxed)
        })
        .unwrap();
        let start = Instant::now();
        while job.progress().done == 0 {
            assert!(start.elapsed() < Duration::from_secs(20));
            std::thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(job.progress(), Progress { done: 1, total: 3, current: "/a.txt".into() });
        job.cancel();
        tx.send(()).unwrap();
        assert_eq!(job.wait(), Ok(true), "the work saw the cancel");
    }
}
