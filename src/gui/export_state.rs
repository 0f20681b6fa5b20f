//! The Export dialog (Ctrl+E) and the import confirmation (Ctrl+I, or a notes file dropped on
//! the window): the choices, the plan of an import waiting for the reader's yes, and the
//! folder of the last export (saved with the preferences).

use super::command::{Effects, ExportCommand};
use super::file_dialog::FileDialog;
use super::layout_state::Status;
use super::notes_state::NotesState;
use crate::core::Document;
use crate::core::export::{Format, ImportPlan};
use crate::core::filter::RegionFilter;
use crate::core::notes::{Note, NoteFilter};
use crate::core::places::Gazetteer;
use std::path::PathBuf;

/// The largest notes file the window imports: far above any real one (a note is a few
/// hundred bytes), low enough that reading it cannot exhaust memory.
const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

/// The Export dialog's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportChoice {
    pub format: Format,
    /// Only the notes that pass the current region, tag, colour and search filters.
    pub filtered: bool,
}

#[derive(Debug, Default)]
pub struct ExportState {
    /// The Export dialog, when it is open.
    pub choice: Option<ExportChoice>,
    /// A notes file read for import, and what importing it would do, until the reader says.
    pub import: Option<(PathBuf, ImportPlan)>,
    /// The folder of the last export.
    pub last_dir: Option<PathBuf>,
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
        if filtered { NoteFilter { region: Some(filter.clone()), ..notes.filter() } } else { NoteFilter::live() };
    rule.select(doc, notes.store.notes.values().map(|n| &**n))
}

impl ExportState {
    pub fn new(last_dir: Option<PathBuf>) -> Self {
        Self { last_dir, ..Self::default() }
    }

    pub fn apply(&mut self, command: ExportCommand, mut cx: ExportContext<'_>) -> Effects {
        match command {
            ExportCommand::OpenExportDialog => {
                self.choice.get_or_insert(ExportChoice { format: Format::Md, filtered: false });
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
            ExportCommand::Export => match self.export(&mut cx) {
                Ok(Some(done)) => {
                    self.choice = None;
                    return Effects::status(Status::Info(done));
                }
                Ok(None) => {}
                Err(e) => return Effects::status(Status::Error(e)),
            },
            ExportCommand::OpenImportDialog => {
                if let Some(path) = cx.dialog.pick_notes() {
                    return self.apply(ExportCommand::ImportPath(path), cx);
                }
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

    /// Asks where to write, and writes the notes chosen: what was done, or `None` if the
    /// reader cancelled.
    fn export(&mut self, cx: &mut ExportContext<'_>) -> Result<Option<String>, String> {
        let Some(choice) = self.choice.clone() else { return Ok(None) };
        let slug = crate::core::text::slug(&cx.doc.meta.title);
        let name = format!("{slug}-notes.{}", choice.format.extension());
        let Some(path) = cx.dialog.save_export(&name, self.last_dir.as_deref()) else {
            return Ok(None);
        };
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
        let bytes = crate::core::export::export(&input, choice.format, crate::core::notes::model::now())?;
        std::fs::write(&path, bytes).map_err(|e| format!("Could not write {}: {e}", path.display()))?;
        self.last_dir = path.parent().map(PathBuf::from);
        Ok(Some(format!("Exported {count} notes to {}", path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::command::LayoutCommand;
    use crate::gui::file_dialog::ScriptedDialog;

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
        let effects = world.apply(&mut export, ExportCommand::Export);
        let done = format!("Exported 0 notes to {}", path.display());
        assert_eq!(effects, Effects::then(LayoutCommand::ShowStatus(Status::Info(done))));
        assert!(path.exists() && export.choice.is_none());
        assert_eq!(export.last_dir.as_deref(), Some(out.path()));
    }

    #[test]
    fn an_unreadable_import_is_reported_and_plans_nothing() {
        let mut world = World::new(ScriptedDialog::default());
        let mut export = ExportState::default();
        let missing = PathBuf::from("/nonexistent/notes.ron");
        let effects = world.apply(&mut export, ExportCommand::ImportPath(missing));
        assert!(
            matches!(&effects.then[..], [crate::gui::Command::Layout(LayoutCommand::ShowStatus(Status::Error(m)))]
                if m.starts_with("Cannot import /nonexistent/notes.ron")),
            "{effects:?}"
        );
        assert!(export.import.is_none());
        assert_eq!(world.apply(&mut export, ExportCommand::ConfirmImport), Effects::none(), "nothing to confirm");
    }
}
