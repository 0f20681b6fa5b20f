//! File dialogs, behind a trait so tests never call the native one.
//!
//! A state asks for a path with a [`Request`] naming its [`Purpose`] and carrying its
//! [`Reply`], the command of its own area the path chosen is sent back as: the dialog knows
//! no area. The reply comes through the normal command flow: at once from a native dialog,
//! which blocks until the reader answers, or in a later frame from the in-app dialog
//! ([`InAppDialog`](super::fallback_dialog::InAppDialog)), which is drawn across frames.
//!
//! [`SystemDialog`](super::system_dialog::SystemDialog) is the window's.

use crate::gui::command::{Command, Effects, Status};
use std::path::{Path, PathBuf};

/// What a path is asked for: it decides the dialog's title, button and filters.
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

    /// What could not be done, to begin a message about a dialog that failed.
    pub(crate) fn failed(self) -> &'static str {
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

/// The command a path chosen is sent back as: the asking area's own
/// (`|path| DocumentCommand::Open(path).into()`).
pub type Reply = fn(PathBuf) -> Command;

/// A path asked of the reader.
#[derive(Debug, Clone)]
pub struct Request {
    pub purpose: Purpose,
    /// The folder to start in; the dialog chooses one when `None`.
    pub start_dir: Option<PathBuf>,
    /// The file name proposed (for a file to write).
    pub file_name: String,
    /// What the path chosen becomes.
    pub reply: Reply,
}

impl Request {
    pub fn new(purpose: Purpose, reply: Reply) -> Self {
        Self { purpose, start_dir: None, file_name: String::new(), reply }
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

    /// Draws the in-app dialog, if one is open; the path chosen is pushed as its request's
    /// reply. Dialogs that answer at once draw nothing.
    fn ui(&mut self, _ctx: &egui::Context, _commands: &mut Vec<Command>) {}

    /// Is an in-app dialog open (and taking the keyboard)?
    fn is_open(&self) -> bool {
        false
    }
}

/// Asks `dialog` for a path: what the asking state returns. The path chosen becomes the
/// request's reply; a failure goes to the status bar; a cancel says nothing.
pub fn ask(dialog: &mut dyn FileDialog, request: Request) -> Effects {
    let (purpose, reply) = (request.purpose, request.reply);
    match dialog.ask(request) {
        Answer::Chosen(path) => Effects::then(reply(path)),
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
    use crate::gui::command::{DocumentCommand, ExportCommand, LayoutCommand, NotesCommand};

    #[test]
    fn a_path_chosen_becomes_its_requests_reply_and_a_cancel_says_nothing() {
        let mut dialog = ScriptedDialog(vec!["/b.md".into(), "/a.txt".into()]);
        let open = ask(&mut dialog, Request::new(Purpose::OpenDocument, |p| DocumentCommand::Open(p).into()));
        assert_eq!(open, Effects::then(DocumentCommand::Open("/a.txt".into())));
        let export =
            ask(&mut dialog, Request::new(Purpose::Export, |p| ExportCommand::ExportTo(p).into()).named("notes.md"));
        assert_eq!(export, Effects::then(ExportCommand::ExportTo("/b.md".into())));
        let save = Request::new(Purpose::SaveNotes, |p| NotesCommand::SaveAsTo(p).into());
        assert_eq!(ask(&mut dialog, save), Effects::none(), "cancelled");
    }

    #[test]
    fn a_dialog_that_fails_says_so_in_the_status_bar() {
        let mut dialog = FailingDialog("the system file dialog failed".into());
        let effects = ask(&mut dialog, Request::new(Purpose::Export, |p| ExportCommand::ExportTo(p).into()));
        let message = "Cannot export the notes: the system file dialog failed".to_owned();
        assert_eq!(effects, Effects::then(LayoutCommand::ShowStatus(Status::Error(message))));
    }

    #[test]
    fn the_folder_of_a_bare_file_name_is_the_current_one() {
        assert_eq!(folder_of(Path::new("/tmp/x/notes.md")), PathBuf::from("/tmp/x"));
        assert_eq!(folder_of(Path::new("notes.md")), PathBuf::from("."));
    }
}
