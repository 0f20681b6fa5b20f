//! Notes out of the app and back in: Markdown, HTML, CSV, W3C Web Annotation JSON, RON; the
//! same across a library of records, and a bibliography of the records cited.

pub mod bibliography;
pub mod cite;
pub(crate) mod formats;
pub(crate) mod import;
pub mod library;
pub mod links;
pub(crate) mod md_escape;
pub mod w3c;

pub use bibliography::{BibFormat, bibliography};
pub use formats::{ExportInput, Format, export, export_to};
pub use import::{ImportPlan, plan_import};
pub use library::{LibraryInput, LibraryRecord, export_library, export_library_files, record_file_name};
