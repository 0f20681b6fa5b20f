//! The library of records: folders of records the reader adds, indexed for search across
//! every record at once.
//!
//! - [`Library`] is the library in a folder (by default `<data dir>/library`, see
//!   [`default_library_dir`]): [`Library::open`], then [`Library::add_folder`],
//!   [`Library::scan`] (incremental, in parallel, with progress and cancelling),
//!   [`Library::reindex_path`] (one changed file, for the watcher), [`Library::refresh_notes`],
//!   [`Library::search`] and the catalogue, [`Library::records`] and [`Library::unreadable`].
//! - [`LibraryConfig`] is the list of folders, kept in `library.ron`.
//! - The index is tantivy's, in `<library dir>/index`: one document per entry (text for BM25
//!   and snippets, regions, countries, year, notes) and, in the same index, one catalogue card
//!   per record ([`RecordSummary`]) and one per unreadable file ([`Unreadable`]). It holds
//!   only what can be derived again from the records and the notes files: deleting it loses
//!   nothing (`record-reader library rebuild`). Notes stay in their own files, read only here.
//! - [`query`]: the query language ([`LibraryQuery`]); [`Hit`] is one entry found, with a
//!   [`Snippet`] and the byte ranges of its matches.
//! - [`watch`]: changes to the folders and the notes folder, as paths to re-index.
//! - [`Administration`]: which administration published a record.
//! - [`Library::export`]: notes across the library, or a bibliography ([`LibraryExport`]).
//!
//! Everything fails with a [`LibraryError`] that says what happened and what to do.
//!
//! Threads: a [`Library`] is `Send + Sync`; searches may run while a scan does. Each change
//! (scan, `reindex_path`, `refresh_notes`, removing a folder) takes the index's writer lock
//! for its duration and waits a little for another writer, then fails with
//! [`LibraryError::Locked`]: a window should run its changes one after another on one worker
//! thread. Adding and removing folders need `&mut`.

mod admin;
mod config;
mod export;
mod facets;
mod index;
pub mod notes;
pub mod query;
mod schema;
mod search;
pub mod watch;

pub use admin::Administration;
pub use config::{CONFIG_FILE, LibraryConfig};
pub use export::{ExportSummary, LibraryExport};
pub use index::{Reindexed, ScanProgress, ScanReport};
pub use notes::LibraryNote;
pub use query::{Clause, LibraryQuery, QueryError};
pub use schema::record_date;
pub use search::{Hit, RecordSummary, Snippet, Unreadable};

use schema::Fields;
use std::path::{Path, PathBuf};
use tantivy::{Index, IndexReader, TantivyError};

/// The folder of the index inside the library folder.
pub const INDEX_DIR: &str = "index";

/// What went wrong with the library, in words, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error("no data folder for the library on this system: {0}; name one with --library-dir")]
    NoDataDir(String),
    #[error("could not create the library folder {path}: {why}")]
    CreateDir { path: PathBuf, why: String },
    #[error("could not read the library's folder list {path}: {why}")]
    ConfigRead { path: PathBuf, why: String },
    #[error("the library's folder list {path} is damaged ({why}); repair it or delete it and add the folders again")]
    ConfigDamaged { path: PathBuf, why: String },
    #[error("could not save the library's folder list {path}: {why}")]
    ConfigWrite { path: PathBuf, why: String },
    #[error("{path} cannot be added to the library: {why}")]
    NotAFolder { path: PathBuf, why: String },
    #[error("{path} is not a folder of the library{}", list_folders(.folders))]
    NotInLibrary { path: PathBuf, folders: Vec<PathBuf> },
    #[error(
        "the library index in {path} is in use by another Record Reader (it holds the index's lock); \
         try again when that one has finished"
    )]
    Locked { path: PathBuf },
    #[error(
        "the library index in {path} cannot be used ({why}). It holds only what the records and notes \
         give again (never the notes themselves): rebuild it with `record-reader library rebuild`, \
         or delete that folder and scan again"
    )]
    Corrupt { path: PathBuf, why: String },
    #[error("the library index in {path} failed: {why}")]
    Index { path: PathBuf, why: String },
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("could not watch {path} for changes: {why}")]
    Watch { path: PathBuf, why: String },
    #[error("could not export the library's notes to {path}: {why}")]
    Export { path: PathBuf, why: String },
}

fn list_folders(folders: &[PathBuf]) -> String {
    if folders.is_empty() {
        " (it has none)".to_owned()
    } else {
        let list: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
        format!(" (its folders: {})", list.join(", "))
    }
}

/// `<data dir>/library` (`~/.local/share/record-reader/library` on Linux).
pub fn default_library_dir() -> Result<PathBuf, LibraryError> {
    crate::core::notes::store::data_dir().map(|d| d.join("library")).map_err(|e| LibraryError::NoDataDir(e.to_string()))
}

/// The library folder: the one chosen (`--library-dir`, `RECORD_READER_LIBRARY_DIR`), else
/// [`default_library_dir`].
pub fn folder(chosen: Option<&Path>) -> Result<PathBuf, LibraryError> {
    chosen.map_or_else(default_library_dir, |dir| Ok(dir.to_owned()))
}

/// A library: its folder list, its index, and the notes folder it reads notes from.
pub struct Library {
    dir: PathBuf,
    notes_dir: PathBuf,
    config: LibraryConfig,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("dir", &self.dir).field("folders", &self.config.folders).finish_non_exhaustive()
    }
}

impl Library {
    /// Opens the library in `dir` (created when missing), reading notes from `notes_dir`.
    pub fn open(dir: &Path, notes_dir: &Path) -> Result<Self, LibraryError> {
        let index_dir = dir.join(INDEX_DIR);
        std::fs::create_dir_all(&index_dir)
            .map_err(|e| LibraryError::CreateDir { path: index_dir.clone(), why: e.to_string() })?;
        // Absolute, so that a folder inside it is recognised.
        let dir = &std::fs::canonicalize(dir)
            .map_err(|e| LibraryError::CreateDir { path: dir.to_owned(), why: e.to_string() })?;
        let config = LibraryConfig::load(dir)?;
        let (schema, fields) = Fields::schema();
        let directory = tantivy::directory::MmapDirectory::open(&index_dir)
            .map_err(|e| LibraryError::Corrupt { path: index_dir.clone(), why: e.to_string() })?;
        let index = match Index::open_or_create(directory, schema) {
            Ok(index) => index,
            // An index of another layout (written by another version): it holds only derived
            // data, so it is made again, and the next scan fills it.
            Err(TantivyError::SchemaError(_)) => return Self::rebuild(dir, notes_dir),
            Err(e) => return Err(open_error(&index_dir, e)),
        };
        index.tokenizers().register(crate::core::stem::ANALYZER, crate::core::stem::analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| open_error(&index_dir, e))?;
        Ok(Self { dir: dir.to_owned(), notes_dir: notes_dir.to_owned(), config, index, reader, fields })
    }

    /// Deletes the index (derived data only) and opens the library again with an empty one;
    /// [`Library::scan`] then fills it. The folder list is kept.
    pub fn rebuild(dir: &Path, notes_dir: &Path) -> Result<Self, LibraryError> {
        let index_dir = dir.join(INDEX_DIR);
        match std::fs::remove_dir_all(&index_dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(LibraryError::Index { path: index_dir, why: format!("could not delete it: {e}") }),
        }
        Self::open(dir, notes_dir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn notes_dir(&self) -> &Path {
        &self.notes_dir
    }

    /// The added folders, absolute, in the order they were added.
    pub fn folders(&self) -> &[PathBuf] {
        &self.config.folders
    }

    /// Adds a folder (saved at once); [`Library::scan`] indexes it. Gives its absolute path.
    /// Adding a folder already in the library changes nothing.
    pub fn add_folder(&mut self, folder: &Path) -> Result<PathBuf, LibraryError> {
        let not = |why: String| LibraryError::NotAFolder { path: folder.to_owned(), why };
        let abs = std::fs::canonicalize(folder).map_err(|e| not(e.to_string()))?;
        if !abs.is_dir() {
            return Err(not("it is not a folder".to_owned()));
        }
        if abs.starts_with(&self.dir) {
            return Err(not("it is the library's own folder".to_owned()));
        }
        if !self.config.folders.contains(&abs) {
            let mut config = self.config.clone();
            config.folders.push(abs.clone());
            config.save(&self.dir)?;
            self.config = config;
        }
        Ok(abs)
    }

    /// Removes a folder (saved at once) and the records found only under it from the index.
    pub fn remove_folder(&mut self, folder: &Path) -> Result<PathBuf, LibraryError> {
        let abs = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_owned());
        let Some(pos) = self.config.folders.iter().position(|f| *f == abs || f == folder) else {
            return Err(LibraryError::NotInLibrary { path: folder.to_owned(), folders: self.config.folders.clone() });
        };
        let mut config = self.config.clone();
        let removed = config.folders.remove(pos);
        config.save(&self.dir)?;
        self.config = config;
        self.forget_outside_folders()?;
        Ok(removed)
    }

    fn index_dir(&self) -> PathBuf {
        self.dir.join(INDEX_DIR)
    }

    fn index_error(&self, e: &TantivyError) -> LibraryError {
        match e {
            TantivyError::LockFailure(..) => LibraryError::Locked { path: self.index_dir() },
            TantivyError::DataCorruption(_)
            | TantivyError::OpenReadError(_)
            | TantivyError::SchemaError(_)
            | TantivyError::IncompatibleIndex(_) => {
                LibraryError::Corrupt { path: self.index_dir(), why: e.to_string() }
            }
            _ => LibraryError::Index { path: self.index_dir(), why: e.to_string() },
        }
    }
}

fn open_error(index_dir: &Path, e: TantivyError) -> LibraryError {
    match e {
        TantivyError::LockFailure(..) => LibraryError::Locked { path: index_dir.to_owned() },
        TantivyError::IoError(io) => LibraryError::Index { path: index_dir.to_owned(), why: io.to_string() },
        other => LibraryError::Corrupt { path: index_dir.to_owned(), why: other.to_string() },
    }
}

#[cfg(test)]
mod tests;
