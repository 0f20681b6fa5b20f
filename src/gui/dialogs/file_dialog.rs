//! File dialogs, behind a trait so tests never call the native one.
//!
//! A state asks for a path with a [`Request`] naming its [`Purpose`]. The path chosen comes
//! back as the purpose's command ([`Purpose::command`]), through the normal command flow:
//! at once from a native dialog, which blocks until the reader answers, or in a later frame
//! from the in-app dialog ([`InAppDialog`]), which is drawn across frames.
//!
//! [`SystemDialog`] is the window's: the platform's dialog (through the XDG desktop portal
//! on Linux) when a portal answers on the session bus, the in-app dialog otherwise (i3, bare
//! X or sway sessions, Xvfb, many remote desktops), and also when the native one fails.

use crate::gui::command::LibraryCommand;
use crate::gui::command::Status;
use crate::gui::command::{Command, DocumentCommand, Effects, ExportCommand, NotesCommand};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use crate::gui::dialogs::fallback_dialog::InAppDialog;

/// What a path is asked for: it decides the dialog's title and filters, and the command
/// the path chosen becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A record to open.
    OpenDocument,
    /// A notes file to import.
    ImportNotes,
    /// Where to save a copy of the notes.
    SaveNotes,
    /// Where to write an export.
    Export,
    /// A folder of records to add to the library.
    LibraryFolder,
    /// Where to write an export of the library's notes (a file).
    LibraryExport,
    /// The folder to write an export of a file per record into.
    LibraryExportFolder,
}

impl Purpose {
    pub fn title(self) -> &'static str {
        match self {
            Self::OpenDocument => "Open a record",
            Self::ImportNotes => "Import notes",
            Self::SaveNotes => "Save the notes elsewhere",
            Self::Export => "Export notes",
            Self::LibraryFolder => "Add a folder of records to the library",
            Self::LibraryExport => "Export the library's notes",
            Self::LibraryExportFolder => "Export the library's notes into a folder",
        }
    }

    /// Whether the path names a file to write (which may not exist yet).
    pub fn saves(self) -> bool {
        matches!(self, Self::SaveNotes | Self::Export | Self::LibraryExport)
    }

    /// Whether a folder is asked for, not a file.
    pub fn picks_folder(self) -> bool {
        matches!(self, Self::LibraryFolder | Self::LibraryExportFolder)
    }

    /// The dialog's main button.
    pub fn button(self) -> &'static str {
        match self {
            Self::OpenDocument => "Open",
            Self::ImportNotes => "Import",
            Self::SaveNotes => "Save",
            Self::Export | Self::LibraryExport | Self::LibraryExportFolder => "Export",
            Self::LibraryFolder => "Add folder",
        }
    }

    /// The kind of file asked for, and its extensions; `None`: any file.
    pub fn filter(self) -> Option<(&'static str, &'static [&'static str])> {
        match self {
            Self::OpenDocument => Some((
                "Records (text, web pages, Markdown)",
                &["txt", "text", "htm", "html", "xhtml", "md", "markdown"],
            )),
            Self::ImportNotes => Some(("Notes (RON, W3C Web Annotation JSON)", &["ron", "json", "jsonld"])),
            Self::SaveNotes => Some(("Record Reader notes", &["ron"])),
            Self::Export | Self::LibraryFolder | Self::LibraryExport | Self::LibraryExportFolder => None,
        }
    }

    /// The command that carries the path chosen.
    pub fn command(self, path: PathBuf) -> Command {
        match self {
            Self::OpenDocument => DocumentCommand::Open(path).into(),
            Self::ImportNotes => ExportCommand::ImportPath(path).into(),
            Self::SaveNotes => NotesCommand::SaveAsTo(path).into(),
            Self::Export => ExportCommand::ExportTo(path).into(),
            Self::LibraryFolder => LibraryCommand::AddFolder(path).into(),
            Self::LibraryExport | Self::LibraryExportFolder => LibraryCommand::ExportTo(path).into(),
        }
    }

    /// What could not be done, to begin a message about a dialog that failed.
    fn failed(self) -> &'static str {
        match self {
            Self::OpenDocument => "Cannot open a record",
            Self::ImportNotes => "Cannot import notes",
            Self::SaveNotes => "Cannot save the notes elsewhere",
            Self::Export => "Cannot export the notes",
            Self::LibraryFolder => "Cannot add a folder to the library",
            Self::LibraryExport | Self::LibraryExportFolder => "Cannot export the library's notes",
        }
    }
}

/// A path asked of the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub purpose: Purpose,
    /// The folder to start in; the dialog chooses one when `None`.
    pub start_dir: Option<PathBuf>,
    /// The file name proposed (for a file to write).
    pub file_name: String,
}

impl Request {
    pub fn new(purpose: Purpose) -> Self {
        Self { purpose, start_dir: None, file_name: String::new() }
    }

    pub fn in_dir(mut self, dir: Option<&Path>) -> Self {
        self.start_dir = dir.map(Path::to_path_buf);
        self
    }

    pub fn named(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = file_name.into();
        self
    }
}

/// A dialog's answer to a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The reader chose this path (a native dialog answers at once).
    Chosen(PathBuf),
    /// The reader cancelled: nothing to do, nothing to say.
    Cancelled,
    /// The in-app dialog is shown; the path chosen comes as a command in a later frame.
    Shown,
    /// The system dialog failed (why), and the in-app dialog is shown instead.
    ShownInstead(String),
    /// No dialog could be shown: why.
    Failed(String),
}

pub trait FileDialog {
    /// Asks the reader for a path.
    fn ask(&mut self, request: Request) -> Answer;

    /// Draws the in-app dialog, if one is open; the path chosen is pushed as its purpose's
    /// command. Dialogs that answer at once draw nothing.
    fn ui(&mut self, _ctx: &egui::Context, _commands: &mut Vec<Command>) {}

    /// Is an in-app dialog open (and taking the keyboard)?
    fn is_open(&self) -> bool {
        false
    }
}

/// Asks `dialog` for a path: what the asking state returns. The path chosen becomes the
/// purpose's command; a failure goes to the status bar; a cancel says nothing.
pub fn ask(dialog: &mut dyn FileDialog, request: Request) -> Effects {
    let purpose = request.purpose;
    match dialog.ask(request) {
        Answer::Chosen(path) => Effects::then(purpose.command(path)),
        Answer::Cancelled | Answer::Shown => Effects::none(),
        Answer::ShownInstead(why) => {
            Effects::status(Status::Error(format!("{why}; the app's own file dialog is shown instead")))
        }
        Answer::Failed(why) => Effects::status(Status::Error(format!("{}: {why}", purpose.failed()))),
    }
}

/// The folder a file is in, to show or to start the next dialog in (`.` for a bare name).
pub fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

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

/// A dialog that answers from a list, from the back: for tests. An empty list cancels.
#[derive(Debug, Default)]
pub struct ScriptedDialog(pub Vec<PathBuf>);

impl FileDialog for ScriptedDialog {
    fn ask(&mut self, _request: Request) -> Answer {
        self.0.pop().map_or(Answer::Cancelled, Answer::Chosen)
    }
}

/// A dialog that cannot be shown: for tests of what the window says then.
#[derive(Debug)]
pub struct FailingDialog(pub String);

impl FileDialog for FailingDialog {
    fn ask(&mut self, _request: Request) -> Answer {
        Answer::Failed(self.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::command::LayoutCommand;

    #[test]
    fn a_path_chosen_becomes_its_purposes_command_and_a_cancel_says_nothing() {
        let mut dialog = ScriptedDialog(vec!["/b.md".into(), "/a.txt".into()]);
        let open = ask(&mut dialog, Request::new(Purpose::OpenDocument));
        assert_eq!(open, Effects::then(DocumentCommand::Open("/a.txt".into())));
        let export = ask(&mut dialog, Request::new(Purpose::Export).named("notes.md"));
        assert_eq!(export, Effects::then(ExportCommand::ExportTo("/b.md".into())));
        assert_eq!(ask(&mut dialog, Request::new(Purpose::SaveNotes)), Effects::none(), "cancelled");
    }

    #[test]
    fn a_dialog_that_fails_says_so_in_the_status_bar() {
        let mut dialog = FailingDialog("the system file dialog failed".into());
        let effects = ask(&mut dialog, Request::new(Purpose::Export));
        let message = "Cannot export the notes: the system file dialog failed".to_owned();
        assert_eq!(effects, Effects::then(LayoutCommand::ShowStatus(Status::Error(message))));
    }

    #[test]
    fn the_folder_of_a_bare_file_name_is_the_current_one() {
        assert_eq!(folder_of(Path::new("/tmp/x/notes.md")), PathBuf::from("/tmp/x"));
        assert_eq!(folder_of(Path::new("notes.md")), PathBuf::from("."));
    }

    #[test]
    fn with_no_session_bus_there_is_no_portal() {
        // A child process, so that the answer cached in this one does not matter.
        if std::env::var_os("RECORD_READER_PORTAL_CHILD").is_some() {
            assert!(!portal::file_chooser_available());
            return;
        }
        let exe = std::env::current_exe().unwrap();
        let status = std::process::Command::new(exe)
            .args(["--exact", "gui::file_dialog::tests::with_no_session_bus_there_is_no_portal", "--quiet"])
            .env("RECORD_READER_PORTAL_CHILD", "1")
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("XDG_RUNTIME_DIR", "/nonexistent")
            .status()
            .unwrap();
        assert!(status.success());
    }
}
