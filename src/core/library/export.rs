//! Export across the library: the records the catalogue lists are read again with their
//! notes (on every core), and given to [`crate::core::export::library`] and
//! [`crate::core::export::bibliography`]. One rule for the command line and the window.

use super::{Library, LibraryError};
use crate::core::export::{
    BibFormat, Format, LibraryInput, LibraryRecord, bibliography, export_library, export_library_files,
};
use crate::core::notes::{NoteFilter, NotesStore};
use crate::core::places::Gazetteer;
use crate::core::{Document, open};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibraryExport {
    /// Every record's notes in one file (Markdown, CSV or W3C JSON).
    Notes(Format),
    /// A file per record, into a folder (any notes format).
    NotesPerRecord(Format),
    /// The records the notes cite.
    Bibliography(BibFormat),
}

impl LibraryExport {
    /// Its name on the command line: `md`, `md-per-record`, `csv`, `json`, `csl-json`, `bibtex`, …
    pub fn key(self) -> &'static str {
        match self {
            Self::Notes(f) => f.key(),
            Self::NotesPerRecord(Format::Md) => "md-per-record",
            Self::NotesPerRecord(Format::Html) => "html-per-record",
            Self::NotesPerRecord(Format::Csv) => "csv-per-record",
            Self::NotesPerRecord(Format::Json) => "json-per-record",
            Self::NotesPerRecord(Format::Ron) => "ron-per-record",
            Self::Bibliography(b) => b.key(),
        }
    }

    /// Every export offered, in the order the window lists them.
    pub fn all() -> Vec<Self> {
        let mut all = vec![Self::Notes(Format::Md), Self::NotesPerRecord(Format::Md)];
        all.extend([Self::Notes(Format::Csv), Self::Notes(Format::Json)]);
        all.extend(BibFormat::ALL.into_iter().map(Self::Bibliography));
        all.push(Self::NotesPerRecord(Format::Html));
        all
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::all().into_iter().find(|e| e.key() == key)
    }

    pub fn label(self) -> String {
        match self {
            Self::Notes(f) => format!("{}, one file", f.label()),
            Self::NotesPerRecord(f) => format!("{}, a file per record (into a folder)", f.label()),
            Self::Bibliography(b) => format!("Bibliography: {}", b.label()),
        }
    }

    /// Whether it writes a folder of files, not one file.
    pub fn is_folder(self) -> bool {
        matches!(self, Self::NotesPerRecord(_))
    }

    /// The name proposed for what is written.
    pub fn file_name(self) -> String {
        match self {
            Self::Notes(f) => format!("library-notes.{}", f.extension()),
            Self::NotesPerRecord(f) => format!("library-notes-{}", f.key()),
            Self::Bibliography(b) => format!("library.{}", b.extension()),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSummary {
    pub path: PathBuf,
    /// Files written (one, or one per record).
    pub files: usize,
    /// Records whose notes (or citation) are in it.
    pub records: usize,
    /// Records that could not be read again, with why: left out, and said.
    pub skipped: Vec<(PathBuf, String)>,
}

impl Library {
    /// Writes `kind` of the notes `filter` takes, across the library, to `dest` (a file, or a
    /// folder for [`LibraryExport::NotesPerRecord`]). Files are written whole or not at all.
    pub fn export(
        &self,
        kind: LibraryExport,
        filter: &NoteFilter,
        gazetteer: &Gazetteer,
        dest: &Path,
        at: time::OffsetDateTime,
    ) -> Result<ExportSummary, LibraryError> {
        let (records, skipped) = self.records_with_notes()?;
        let input = LibraryInput {
            records: records.iter().map(|(doc, store)| LibraryRecord { doc, store }).collect(),
            gazetteer,
            filter: filter.clone(),
            filter_label: describe(filter),
            all_records: false,
        };
        let cited =
            records.iter().filter(|(doc, store)| !filter.select(doc, store.notes.values().map(|n| &**n)).is_empty());
        let summary = |files| ExportSummary { path: dest.to_owned(), files, records: cited.count(), skipped };
        let failed = |why: String| LibraryError::Export { path: dest.to_owned(), why };
        match kind {
            LibraryExport::Notes(format) => {
                let bytes = export_library(&input, format, at).map_err(failed)?;
                write(dest, &bytes)?;
                Ok(summary(1))
            }
            LibraryExport::Bibliography(format) => {
                let bytes = bibliography(&input, format, at).map_err(failed)?;
                write(dest, &bytes)?;
                Ok(summary(1))
            }
            LibraryExport::NotesPerRecord(format) => {
                let files = export_library_files(&input, format, at).map_err(failed)?;
                std::fs::create_dir_all(dest).map_err(|e| failed(e.to_string()))?;
                for (name, bytes) in &files {
                    write(&dest.join(name), bytes)?;
                }
                Ok(summary(files.len()))
            }
        }
    }

    /// The records of the catalogue that have notes, read again with their notes (on every
    /// core); those that cannot be read, with why.
    #[allow(clippy::type_complexity)]
    fn records_with_notes(&self) -> Result<(Vec<(Document, NotesStore)>, Vec<(PathBuf, String)>), LibraryError> {
        let notes_dir = self.notes_dir.clone();
        let read: Vec<Result<(Document, NotesStore), (PathBuf, String)>> = self
            .records()?
            .into_par_iter()
            // Whether it has notes is asked of the notes folder, not of the catalogue: notes
            // written since the last scan count too.
            .filter(|r| crate::core::notes::store::notes_path(&notes_dir, &r.id).exists())
            .map(|r| {
                let doc = open::open_path(&r.path).map_err(|e| (r.path.clone(), e.to_string()))?;
                let store = NotesStore::open_document(&notes_dir, &doc);
                // Left out, and said: an export without them must not pass for a whole one.
                if let Some(why) = &store.unreadable {
                    return Err((r.path.clone(), format!("its notes cannot be read: {why}")));
                }
                Ok((doc, store))
            })
            .collect();
        let mut records = Vec::new();
        let mut skipped = Vec::new();
        for r in read {
            match r {
                Ok(record) => records.push(record),
                Err(why) => skipped.push(why),
            }
        }
        Ok((records, skipped))
    }
}

/// The filter in words, for the export's header.
fn describe(filter: &NoteFilter) -> String {
    let mut parts = Vec::new();
    if !filter.tags.is_empty() {
        parts.push(format!("tagged {}", filter.tags.join(" or ")));
    }
    if let Some(c) = &filter.color {
        parts.push(format!("colour {c}"));
    }
    if !filter.bureaus.is_empty() {
        let codes: Vec<&str> = filter.bureaus.iter().map(|b| b.code()).collect();
        parts.push(format!("about {}", codes.join(" or ")));
    }
    if parts.is_empty() { "all notes in the library".to_owned() } else { format!("notes {}", parts.join(", ")) }
}

/// Writes a file atomically (a temp file beside it, renamed into place).
fn write(path: &Path, bytes: &[u8]) -> Result<(), LibraryError> {
    crate::core::notes::disk::write_atomic(path, bytes, None)
        .map_err(|e| LibraryError::Export { path: path.to_owned(), why: e.to_string() })
}
