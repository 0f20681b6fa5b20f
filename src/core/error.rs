//! Typed errors of the core. Each message says what went wrong in words a reader understands.

use std::path::PathBuf;

/// Why a document could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("the file is empty: there is no text to read")]
    Empty,
    #[error("this looks like a binary file (an image, an archive or a program), not a text document or saved web page")]
    Binary,
    #[error("the file is too large to open ({} MB); Record Reader opens documents up to {} MB", bytes / 1_000_000, limit / 1_000_000)]
    TooLarge { bytes: u64, limit: u64 },
    #[error(
        "no record found in this file: it has text, but no introduction, quotation, sections or list of entries that make up a document"
    )]
    NotADocument,
    #[error("the built-in document's metadata is damaged: {0}")]
    BadMetadata(String),
    #[error(transparent)]
    Gazetteer(#[from] crate::core::places::GazetteerError),
    /// A named pipe, a device, a folder or a socket: reading it could wait forever or never end.
    #[error("it is {kind}, not a regular file; only document files can be opened")]
    NotAFile { kind: &'static str },
    #[error("could not read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
