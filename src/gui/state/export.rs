//! The Export dialog (Ctrl+E) and the import confirmation (Ctrl+I, or a notes file dropped on
//! the window): the choices, the plan of an import waiting for the reader's yes, and the
//! folder of the last export (saved with the preferences).

use crate::core::Document;
use crate::core::export::ImportPlan;
use crate::core::export::cite::CiteStyle;
use crate::core::filter::RegionFilter;
use crate::core::notes::{Note, NoteFilter};
use crate::core::places::Gazetteer;
use crate::gui::command::Status;
use crate::gui::command::{Effects, ExportCommand};
use crate::gui::dialogs::export_dialog::ExportChoice;
use crate::gui::dialogs::file_dialog::{self, FileDialog, Purpose, Request, folder_of};
use crate::gui::open_folder::FolderOpener;
use crate::gui::state::notes::NotesState;
use std::path::{Path, PathBuf};

/// The largest notes file the window imports: far above any real one (a note is a few
/// hundred bytes), low enough that reading it cannot exhaust memory.
const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Default)]
pub struct ExportState {
    /// The Export dialog, when it is open.
    pub choice: Option<ExportChoice>,
    /// A notes file read for import, and what importing it would do, until the reader says.
    pub import: Option<(PathBuf, ImportPlan)>,
    /// The folder of the last export.
    pub last_dir: Option<PathBuf>,
    /// The choices of the export whose file is being asked for (the in-app dialog answers
    /// in a later frame).
    asked: Option<ExportChoice>,
    /// Shows a folder in the file manager ("Open folder" after an export or a save).
    pub folder: FolderOpener,
    /// How "Copy with citation" cites (saved).
    pub cite_style: CiteStyle,
}

/// What exports and imports read besides their own state.
pub struct ExportContext<'a> {
    pub doc: &'a Document,
    /// Read by an export; an import adds to them.
    pub notes: &'a mut NotesState,
    /// The region filter, for "only those the filters show".
    pub filter: &'a RegionFilter,
    pub gazetteer: &'a Gazetteer,
    pub dialog: &'a mut dyn FileDialog,
    /// egui time of this frame, seconds.
    pub now: f64,
}

/// The notes an export takes: all live notes, or those the region filter and the notes
/// panel's filters show.
pub fn export_notes<'a>(doc: &Document, notes: &'a NotesState, filter: &RegionFilter, filtered: bool) -> Vec<&'a Note> {
    let rule =
        if filtered { NoteFilter { region: Some(filter.clone()), ..notes.note_filter() } } else { NoteFilter::live() };
    rule.select(doc, notes.store.notes.values().map(|n| &**n))
}

impl ExportState {
    pub fn new(last_dir: Option<PathBuf>, cite_style: CiteStyle) -> Self {
        Self { last_dir, cite_style, ..Self::default() }
    }

    pub fn apply(&mut self, command: ExportCommand, cx: ExportContext<'_>) -> Effects {
        match command {
            ExportCommand::SetCiteStyle(style) => self.cite_style = style,
            ExportCommand::OpenExportDialog => {
                self.choice.get_or_insert_with(ExportChoice::default);
            }
            ExportCommand::CloseExportDialog => self.choice = None,
            ExportCommand::SetFormat(format) => {
                if let Some(c) = &mut self.choice {
                    c.format = format;
                }
            }
            ExportCommand::SetFiltered(filtered) => {
                if let Some(c) = &mut self.choice {
                    c.filtered = filtered;
                }
            }
            ExportCommand::Export => {
                let Some(choice) = self.choice.clone() else { return Effects::none() };
                let slug = crate::core::text::slug(&cx.doc.meta.title);
                let name = format!("{slug}-notes.{}", choice.format.extension());
                self.asked = Some(choice);
                let request = Request::new(Purpose::Export, |path| ExportCommand::ExportTo(path).into())
                    .named(name)
                    .in_dir(self.last_dir.as_deref());
                let ExportContext { dialog, .. } = cx;
                return file_dialog::ask(dialog, request);
            }
            ExportCommand::ExportTo(path) => {
                return match self.export_to(&path, &cx) {
                    Ok(done) => {
                        self.choice = None;
                        Effects::status(done)
                    }
                    Err(e) => Effects::status(Status::Error(e)),
                };
            }
            ExportCommand::OpenFolder(dir) => {
                if let Err(e) = self.folder.open(&dir) {
                    return Effects::status(Status::Error(e));
                }
            }
            ExportCommand::OpenImportDialog => {
                let ExportContext { dialog, .. } = cx;
                return file_dialog::ask(
                    dialog,
                    Request::new(Purpose::ImportNotes, |path| ExportCommand::ImportPath(path).into()),
                );
            }
            ExportCommand::ImportPath(path) => {
                // Only a regular file, and not without end: a FIFO or a device would hang the window.
                let plan = crate::core::fsio::read_regular_file(&path, MAX_IMPORT_BYTES)
                    .map_err(|e| e.to_string())
                    .and_then(|b| crate::core::export::plan_import(&b, cx.doc, &cx.notes.store.notes));
                match plan {
                    Ok(plan) => self.import = Some((path, plan)),
                    Err(e) => return Effects::status(Status::Error(format!("Cannot import {}: {e}", path.display()))),
                }
            }
            ExportCommand::ConfirmImport => {
                if let Some((path, plan)) = self.import.take() {
                    return cx.notes.import(&path, &plan, cx.now);
                }
            }
            ExportCommand::CancelImport => self.import = None,
        }
        Effects::none()
    }

    /// Writes the notes chosen in the Export dialog to `path`: what to tell the reader, or
    /// why nothing was written.
    fn export_to(&mut self, path: &Path, cx: &ExportContext<'_>) -> Result<Status, String> {
        let choice = self.asked.take().or_else(|| self.choice.clone()).unwrap_or_default();
        let mut filter = if choice.filtered { cx.filter.describe(cx.gazetteer) } else { String::new() };
        if filter.is_empty() {
            filter = "all notes".to_owned();
        }
        let input = crate::core::export::ExportInput {
            doc: cx.doc,
            store: &cx.notes.store,
            gazetteer: cx.gazetteer,
            notes: export_notes(cx.doc, cx.notes, cx.filter, choice.filtered),
            filter,
        };
        let count = input.notes.len();
        let cannot = |why: &dyn std::fmt::Display| format!("Could not write {}: {why}", path.display());
        let bytes = crate::core::export::export(&input, choice.format, crate::core::notes::model::now())
            .map_err(|e| format!("Could not export the notes: {e}"))?;
        // Writing to a named pipe would wait for a reader, and the window with it.
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            return Err(cannot(&"it exists and is not a regular file"));
        }
        std::fs::write(path, bytes).map_err(|e| cannot(&e))?;
        let folder = folder_of(path);
        self.last_dir = Some(folder.clone());
        let notes = if count == 1 { "note" } else { "notes" };
        Ok(Status::Saved { message: format!("Exported {count} {notes} to {}", path.display()), folder })
    }

    /// A folder asked to be shown has been, or could not be: what to tell the reader then.
    /// Called every frame.
    pub fn poll(&mut self) -> Option<Status> {
        self.folder.poll().map(Status::Error)
    }

    /// Is something still to be reported by [`ExportState::poll`]?
    pub fn busy(&self) -> bool {
        self.folder.busy()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::export::Format;
    use crate::gui::command::LayoutCommand;
    use crate::gui::dialogs::file_dialog::ScriptedDialog;

    struct World {
        doc: Document,
        notes: NotesState,
        dialog: ScriptedDialog,
        _dir: tempfile::TempDir,
    }

    impl World {
        fn new(dialog: ScriptedDialog) -> Self {
            let dir = tempfile::tempdir().unwrap();
            let doc = crate::core::open::embedded().unwrap();
            let notes = NotesState::open(dir.path(), &doc);
            Self { doc, notes, dialog, _dir: dir }
        }

        fn apply(&mut self, export: &mut ExportState, command: ExportCommand) -> Effects {
            let cx = ExportContext {
                doc: &self.doc,
                notes: &mut self.notes,
                filter: &RegionFilter::default(),
                gazetteer: crate::core::places::gazetteer().unwrap(),
                dialog: &mut self.dialog,
                now: 0.0,
            };
            export.apply(command, cx)
        }
    }

    #[test]
    fn the_dialog_keeps_its_choices_until_closed() {
        let mut world = World::new(ScriptedDialog::default());
        let mut export = ExportState::default();
        let _ = world.apply(&mut export, ExportCommand::SetFormat(Format::Csv));
        assert_eq!(export.choice, None, "no dialog, no choice");
        let _ = world.apply(&mut export, ExportCommand::OpenExportDialog);
        let _ = world.apply(&mut export, ExportCommand::SetFormat(Format::Csv));
        let _ = world.apply(&mut export, ExportCommand::SetFiltered(true));
        assert_eq!(export.choice, Some(ExportChoice { format: Format::Csv, filtered: true }));
        let _ = world.apply(&mut export, ExportCommand::OpenExportDialog);
        assert_eq!(export.choice, Some(ExportChoice { format: Format::Csv, filtered: true }), "kept when asked again");
        // A cancelled save dialog leaves the dialog open and says nothing.
        assert_eq!(world.apply(&mut export, ExportCommand::Export), Effects::none());
        assert!(export.choice.is_some());
        let _ = world.apply(&mut export, ExportCommand::CloseExportDialog);
        assert_eq!(export.choice, None);
    }

    #[test]
    fn an_export_writes_the_file_remembers_its_folder_and_says_so() {
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("notes.md");
        let mut world = World::new(ScriptedDialog(vec![path.clone()]));
        let mut export = ExportState::default();
        let _ = world.apply(&mut export, ExportCommand::OpenExportDialog);
        let asked = world.apply(&mut export, ExportCommand::Export);
        assert_eq!(asked, Effects::then(ExportCommand::ExportTo(path.clone())), "the path chosen comes back");
        let effects = world.apply(&mut export, ExportCommand::ExportTo(path.clone()));
        let done = Status::Saved {
            message: format!("Exported 0 notes to {}", path.display()),
            folder: out.path().to_path_buf(),
        };
        assert_eq!(effects, Effects::then(LayoutCommand::ShowStatus(done)));
        assert!(path.exists() && export.choice.is_none());
        assert_eq!(export.last_dir.as_deref(), Some(out.path()));
    }

    #[test]
    fn an_export_that_cannot_be_written_says_why_and_keeps_the_dialog() {
        let out = tempfile::tempdir().unwrap();
        let mut world = World::new(ScriptedDialog::default());
        let mut export = ExportState::default();
        let _ = world.apply(&mut export, ExportCommand::OpenExportDialog);
        let _ = world.apply(&mut export, ExportCommand::SetFormat(Format::Csv));
        for (path, why) in [
            (out.path().join("no-such-folder/notes.csv"), "No such file or directory"),
            (out.path().to_path_buf(), "it exists and is not a regular file"),
        ] {
            let effects = world.apply(&mut export, ExportCommand::ExportTo(path.clone()));
            let expected = format!("Could not write {}: {why}", path.display());
            assert!(
                matches!(&effects.then[..], [crate::gui::command::Command::Layout(LayoutCommand::ShowStatus(Status::Error(m)))]
                    if m.starts_with(&expected)),
                "{effects:?}"
            );
        }
        assert_eq!(export.choice, Some(ExportChoice { format: Format::Csv, filtered: false }), "still open");
        assert_eq!(export.last_dir, None);
    }

    #[test]
    fn an_unreadable_import_is_reported_and_plans_nothing() {
        let mut world = World::new(ScriptedDialog::default());
        let mut export = ExportState::default();
        let missing = PathBuf::from("/nonexistent/notes.ron");
        let effects = world.apply(&mut export, ExportCommand::ImportPath(missing));
        assert!(
            matches!(&effects.then[..], [crate::gui::command::Command::Layout(LayoutCommand::ShowStatus(Status::Error(m)))]
                if m.starts_with("Cannot import /nonexistent/notes.ron")),
            "{effects:?}"
        );
        assert!(export.import.is_none());
        assert_eq!(world.apply(&mut export, ExportCommand::ConfirmImport), Effects::none(), "nothing to confirm");
    }
}
