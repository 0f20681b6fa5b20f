//! Every note in the library: the notes panel beside the Library view (its filters are the
//! record's notes panel's, [`NotesFilterState`]) and the export of them all, written in the
//! background.

use super::jobs::Shared;
use crate::core::library::{ExportSummary, LibraryError, LibraryExport, LibraryNote};
use crate::gui::command::{Effects, LibraryCommand, LibraryNotesCommand, Status};
use crate::gui::dialogs::file_dialog::{self, FileDialog, Purpose, Request};
use crate::gui::job::{Job, JobFailed};
use crate::gui::state::notes_filter::NotesFilterState;
use std::path::{Path, PathBuf};
use std::sync::PoisonError;

#[derive(Debug, Default)]
pub struct LibraryNotesState {
    /// Every note in the library, and the records whose notes could not be read.
    pub notes: Vec<LibraryNote>,
    pub notes_problems: Vec<String>,
    /// The panel's filters.
    pub filter: NotesFilterState,
    /// What the export writes, and the export running.
    pub export_kind: Option<LibraryExport>,
    exporting: Option<Job<Result<ExportSummary, LibraryError>>>,
}

impl LibraryNotesState {
    /// `folders`: the library's, the first of which the export's dialog starts in.
    pub fn apply(
        &mut self,
        command: LibraryNotesCommand,
        library: Option<&Shared>,
        folders: &[PathBuf],
        dialog: &mut dyn FileDialog,
    ) -> Effects {
        match command {
            LibraryNotesCommand::Filter(c) => self.filter.apply(c),
            LibraryNotesCommand::SetExportKind(kind) => self.export_kind = Some(kind),
            LibraryNotesCommand::Export => {
                let kind = self.export_kind();
                let purpose = if kind.is_folder() { Purpose::LibraryExportFolder } else { Purpose::LibraryExport };
                let reply = |path| LibraryCommand::Notes(LibraryNotesCommand::ExportTo(path)).into();
                let start = folders.first().map(PathBuf::as_path);
                return file_dialog::ask(dialog, Request::new(purpose, reply).in_dir(start).named(kind.file_name()));
            }
            LibraryNotesCommand::ExportTo(path) => return Effects::status(self.start_export(&path, library)),
        }
        Effects::none()
    }

    /// The library's notes the panel's filters take (the one rule: [`NoteFilter`]).
    ///
    /// [`NoteFilter`]: crate::core::notes::NoteFilter
    pub fn shown_notes(&self) -> Vec<&LibraryNote> {
        crate::core::library::notes::select(&self.notes, &self.filter.note_filter(), self.filter.record.as_deref())
    }

    /// What the export writes: Markdown, one file, unless the reader chose another.
    pub fn export_kind(&self) -> LibraryExport {
        self.export_kind.unwrap_or(LibraryExport::Notes(crate::core::export::Format::Md))
    }

    pub fn busy(&self) -> bool {
        self.exporting.is_some()
    }

    /// Starts writing the export in the background; what to tell the reader.
    fn start_export(&mut self, path: &Path, library: Option<&Shared>) -> Status {
        if self.exporting.is_some() {
            return Status::Info("An export is being written; try again when it is done".to_owned());
        }
        let Some(library) = library.cloned() else { return Status::Error("The library is not open".to_owned()) };
        let kind = self.export_kind();
        let dest = path.to_owned();
        let spawned = Job::spawn("library-export", move |_| {
            let gazetteer = crate::core::places::gazetteer()
                .map_err(|e| LibraryError::Export { path: dest.clone(), why: e.to_string() })?;
            let library = library.read().unwrap_or_else(PoisonError::into_inner);
            let now = crate::core::notes::model::now();
            library.export(kind, &crate::core::notes::NoteFilter::live(), gazetteer, &dest, now)
        });
        match spawned {
            Ok(job) => {
                self.exporting = Some(job);
                Status::Info(format!("Exporting the library's notes to {}…", path.display()))
            }
            Err(e) => {
                Status::Error(format!("Cannot export the library's notes: {}", e.why_or("it could not be started")))
            }
        }
    }

    /// Once the export has ended: what to tell the reader.
    pub fn poll(&mut self) -> Option<Status> {
        Job::poll(&mut self.exporting).map(finished_export)
    }
}

fn finished_export(done: Result<Result<ExportSummary, LibraryError>, JobFailed>) -> Status {
    match done {
        Ok(Ok(done)) => {
            let mut text = format!(
                "Exported the notes of {} record(s) to {} ({} file(s))",
                done.records,
                done.path.display(),
                done.files
            );
            if let Some((path, why)) = done.skipped.first() {
                text.push_str(&format!(
                    "; {} records left out, for example {}: {why}",
                    done.skipped.len(),
                    path.display()
                ));
            }
            Status::Info(text)
        }
        Ok(Err(e)) => Status::Error(e.to_string()),
        Err(_) => Status::Error("The export stopped unexpectedly; nothing was written".to_owned()),
    }
}
