//! "Open folder": shows a folder in the desktop's file manager (`xdg-open` on Linux, `open`
//! on macOS, `explorer` on Windows). The program runs on a thread of its own, which waits for
//! it, so that a failure (no program, or one that says it could not) reaches the window.

use crate::gui::job::Job;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

/// After this, a program still running (some file managers are started in the foreground)
/// is taken to have shown the folder.
const PATIENCE: Duration = Duration::from_secs(10);

/// The program that shows a folder on this platform.
fn platform_opener() -> OsString {
    if cfg!(target_os = "macos") {
        "open".into()
    } else if cfg!(windows) {
        "explorer".into()
    } else {
        "xdg-open".into()
    }
}

/// A folder being shown.
#[derive(Debug)]
struct Showing {
    dir: PathBuf,
    program: OsString,
    job: Job<std::io::Result<ExitStatus>>,
}

#[derive(Debug, Default)]
pub struct FolderOpener {
    /// The program to run with the folder; the platform's when `None` (tests give another).
    pub program: Option<OsString>,
    showing: Option<Showing>,
}

impl FolderOpener {
    /// Starts showing `dir`; an error if the program could not even be started on its thread.
    pub fn open(&mut self, dir: &Path) -> Result<(), String> {
        let program = self.program.clone().unwrap_or_else(platform_opener);
        let (run, arg) = (program.clone(), dir.to_path_buf());
        let job = Job::spawn("open-folder", move |_| {
            Command::new(run).arg(arg).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).status()
        })
        .map_err(|e| format!("Could not open the folder {}: {}", dir.display(), e.why_or("no thread")))?;
        self.showing = Some(Showing { dir: dir.to_path_buf(), program, job });
        Ok(())
    }

    /// Is a folder being shown (and its outcome still to be reported)?
    pub fn busy(&self) -> bool {
        self.showing.is_some()
    }

    /// Once the program has ended: why the folder could not be shown, if it could not.
    pub fn poll(&mut self) -> Option<String> {
        let showing = self.showing.as_ref()?;
        if !showing.job.is_finished() {
            if showing.job.age() > PATIENCE {
                // Still running: the file manager itself, most likely, which shows the folder.
                // Its thread waits for it on its own; nothing is left to tell.
                self.showing = None;
            }
            return None;
        }
        let Showing { dir, program, job } = self.showing.take()?;
        let (dir, program) = (dir.display(), program.to_string_lossy().into_owned());
        let why = match job.wait() {
            Ok(Ok(status)) if status.success() => return None,
            Ok(Ok(status)) => format!("{program} failed ({status})"),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                format!("{program} was not found (it comes with the desktop's utilities, e.g. xdg-utils)")
            }
            Ok(Err(e)) => format!("{program} could not be run: {e}"),
            Err(_) => format!("running {program} stopped unexpectedly"),
        };
        Some(format!("Could not open the folder {dir}: {why}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn outcome(program: &str) -> Option<String> {
        let mut opener = FolderOpener { program: Some(program.into()), ..FolderOpener::default() };
        opener.open(Path::new("/tmp")).unwrap();
        let start = Instant::now();
        while opener.busy() {
            assert!(start.elapsed() < Duration::from_secs(20));
            if let Some(why) = opener.poll() {
                return Some(why);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    #[test]
    fn a_program_that_fails_or_is_missing_is_reported() {
        assert_eq!(outcome("true"), None);
        let failed = outcome("false").unwrap();
        assert!(failed.starts_with("Could not open the folder /tmp: false failed (exit status: 1)"), "{failed}");
        let missing = outcome("/nonexistent/xdg-open").unwrap();
        assert!(missing.contains("/nonexistent/xdg-open was not found"), "{missing}");
    }
}
