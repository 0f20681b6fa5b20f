//! The open dialog, behind a trait so tests never call the native one.

use std::path::{Path, PathBuf};

pub trait FileDialog {
    /// Asks the user for a document; `None` when cancelled or when no dialog can be shown.
    fn pick_document(&mut self, start_dir: Option<&Path>) -> Option<PathBuf>;
    /// Asks where to save a copy of the notes; `None` when cancelled.
    fn save_notes(&mut self, suggested_name: &str) -> Option<PathBuf>;
    /// Asks where to write an export.
    fn save_export(&mut self, suggested_name: &str, start_dir: Option<&Path>) -> Option<PathBuf>;
    /// Asks for a notes file to import.
    fn pick_notes(&mut self) -> Option<PathBuf>;
}

/// The platform's dialog (through the XDG desktop portal on Linux).
#[derive(Debug, Default)]
pub struct NativeDialog;

impl FileDialog for NativeDialog {
    fn pick_document(&mut self, start_dir: Option<&Path>) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new()
            .set_title("Open a record")
            .add_filter("Records (text, web pages)", &["txt", "text", "htm", "html", "xhtml"])
            .add_filter("All files", &["*"]);
        if let Some(dir) = start_dir {
            dialog = dialog.set_directory(dir);
        }
        dialog.pick_file()
    }

    fn save_notes(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Save the notes elsewhere")
            .set_file_name(suggested_name)
            .add_filter("Record Reader notes", &["ron"])
            .save_file()
    }

    fn save_export(&mut self, suggested_name: &str, start_dir: Option<&Path>) -> Option<PathBuf> {
        let mut d = rfd::FileDialog::new().set_title("Export notes").set_file_name(suggested_name);
        if let Some(dir) = start_dir {
            d = d.set_directory(dir);
        }
        d.save_file()
    }

    fn pick_notes(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import notes")
            .add_filter("Notes (RON, W3C Web Annotation JSON)", &["ron", "json", "jsonld"])
            .pick_file()
    }
}

/// A dialog that answers from a list: for tests.
#[derive(Debug, Default)]
pub struct ScriptedDialog(pub Vec<PathBuf>);

impl FileDialog for ScriptedDialog {
    fn pick_document(&mut self, _start_dir: Option<&Path>) -> Option<PathBuf> {
        self.0.pop()
    }

    fn save_notes(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        self.0.pop()
    }

    fn save_export(&mut self, _suggested_name: &str, _start_dir: Option<&Path>) -> Option<PathBuf> {
        self.0.pop()
    }

    fn pick_notes(&mut self) -> Option<PathBuf> {
        self.0.pop()
    }
}
