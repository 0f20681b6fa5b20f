//! The window's file dialog: the platform's (through the XDG desktop portal on Linux) when
//! a portal answers on the session bus, the in-app dialog otherwise (i3, bare X or sway
//! sessions, Xvfb, many remote desktops), and also when the native one fails.

use crate::gui::command::Command;
use crate::gui::dialogs::fallback_dialog::InAppDialog;
use crate::gui::dialogs::file_dialog::{Answer, FileDialog, Request};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A native dialog that closes with no answer sooner than this did not open: no reader
/// cancels that fast. rfd reports a failure of the portal only in its log, with the same
/// `None` as a cancel.
const QUICKEST_CANCEL: Duration = Duration::from_millis(250);

/// The platform's dialog (through the XDG desktop portal on Linux), through rfd.
#[derive(Debug, Default)]
pub struct NativeDialog;

impl NativeDialog {
    fn show(request: &Request) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title(request.purpose.title());
        if let Some((name, extensions)) = request.purpose.filter() {
            dialog = dialog.add_filter(name, extensions);
            if !request.purpose.saves() {
                dialog = dialog.add_filter("All files", &["*"]);
            }
        }
        if let Some(dir) = &request.start_dir {
            dialog = dialog.set_directory(dir);
        }
        if request.purpose.picks_folder() {
            dialog.pick_folder()
        } else if request.purpose.saves() {
            dialog.set_file_name(&request.file_name).save_file()
        } else {
            dialog.pick_file()
        }
    }
}

impl FileDialog for NativeDialog {
    fn ask(&mut self, request: Request) -> Answer {
        let started = Instant::now();
        match std::panic::catch_unwind(|| Self::show(&request)) {
            Ok(Some(path)) => Answer::Chosen(path),
            Ok(None) if started.elapsed() < QUICKEST_CANCEL => {
                Answer::Failed("the system file dialog failed (it closed as soon as it was asked for)".to_owned())
            }
            Ok(None) => Answer::Cancelled,
            Err(_) => Answer::Failed("the system file dialog failed".to_owned()),
        }
    }
}

/// Which dialog [`SystemDialog`] shows, from `RECORD_READER_FILE_DIALOG` (`app` or `system`);
/// by default the system's when a portal answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Auto,
    App,
    System,
}

/// The window's dialog: the system's when it can be shown, the in-app one otherwise.
#[derive(Debug)]
pub struct SystemDialog {
    in_app: InAppDialog,
    choice: Choice,
    /// The system dialog failed once: the in-app one is used from then on.
    native_failed: bool,
}

impl SystemDialog {
    /// `recent`: folders to offer first in the in-app dialog, most recent first.
    pub fn new(recent: impl IntoIterator<Item = PathBuf>) -> Self {
        let choice = match std::env::var("RECORD_READER_FILE_DIALOG").as_deref() {
            Ok("app") => Choice::App,
            Ok("system") => Choice::System,
            _ => Choice::Auto,
        };
        Self { in_app: InAppDialog::new(recent), choice, native_failed: false }
    }

    fn use_native(&self) -> bool {
        !self.native_failed
            && match self.choice {
                Choice::App => false,
                Choice::System => true,
                Choice::Auto => portal::file_chooser_available(),
            }
    }
}

impl FileDialog for SystemDialog {
    fn ask(&mut self, request: Request) -> Answer {
        if !self.use_native() {
            return self.in_app.ask(request);
        }
        match NativeDialog.ask(request.clone()) {
            Answer::Chosen(path) => {
                self.in_app.remember(&path);
                Answer::Chosen(path)
            }
            Answer::Failed(why) => {
                self.native_failed = true;
                match self.in_app.ask(request) {
                    Answer::Shown => Answer::ShownInstead(why),
                    other => other,
                }
            }
            other => other,
        }
    }

    fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        self.in_app.ui(ctx, commands);
    }

    fn is_open(&self) -> bool {
        self.in_app.is_open()
    }
}

/// Asks the session bus, once per process, whether a desktop portal with a file chooser runs.
pub mod portal {
    use std::sync::OnceLock;
    use std::time::Duration;

    static AVAILABLE: OnceLock<bool> = OnceLock::new();

    /// The longest the question may take: a bus that does not answer means no portal.
    const TIMEOUT: Duration = Duration::from_millis(1500);

    /// Whether `org.freedesktop.portal.Desktop` has an owner on the session bus that offers
    /// the file chooser (asked once, then remembered). Off Linux the platform's dialog
    /// needs no portal: always true.
    pub fn file_chooser_available() -> bool {
        *AVAILABLE.get_or_init(ask_with_timeout)
    }

    /// Starts asking on a thread of its own, so that the first dialog need not wait.
    pub fn warm_up() {
        let _ = std::thread::Builder::new().name("portal-probe".to_owned()).spawn(file_chooser_available);
    }

    fn ask_with_timeout() -> bool {
        let (tx, rx) = std::sync::mpsc::channel();
        let asked = std::thread::Builder::new().name("portal-ask".to_owned()).spawn(move || {
            let _ = tx.send(ask_session_bus());
        });
        asked.is_ok() && rx.recv_timeout(TIMEOUT).unwrap_or(false)
    }

    #[cfg(target_os = "linux")]
    fn ask_session_bus() -> bool {
        const PORTAL: &str = "org.freedesktop.portal.Desktop";
        let ask = || -> zbus::Result<bool> {
            let bus = zbus::blocking::connection::Builder::session()?.method_timeout(TIMEOUT).build()?;
            let owned = bus.call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "NameHasOwner",
                &(PORTAL,),
            )?;
            if !owned.body().deserialize::<bool>()? {
                return Ok(false);
            }
            // A portal without a file chooser backend fails every dialog.
            bus.call_method(
                Some(PORTAL),
                "/org/freedesktop/portal/desktop",
                Some("org.freedesktop.DBus.Properties"),
                "Get",
                &("org.freedesktop.portal.FileChooser", "version"),
            )?;
            Ok(true)
        };
        ask().unwrap_or(false)
    }

    #[cfg(not(target_os = "linux"))]
    fn ask_session_bus() -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_no_session_bus_there_is_no_portal() {
        // A child process, so that the answer cached in this one does not matter.
        if std::env::var_os("RECORD_READER_PORTAL_CHILD").is_some() {
            assert!(!portal::file_chooser_available());
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let child = std::process::Command::new(exe)
            .args(["--exact", "gui::dialogs::system_dialog::tests::with_no_session_bus_there_is_no_portal", "--quiet"])
            .env("RECORD_READER_PORTAL_CHILD", "1")
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("XDG_RUNTIME_DIR", "/nonexistent")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&child.stdout);
        assert!(child.status.success(), "the child failed: {said}{}", String::from_utf8_lossy(&child.stderr));
        // A name that matches no test (after a move or a rename) runs none, and passes.
        assert!(
            said.contains("test result: ok. 1 passed;"),
            "the child ran not exactly this one test (is its name above still the test's?): {said}"
        );
    }
}
