//! Notes out of the app and back in: Markdown, HTML, CSV, W3C Web Annotation JSON, RON.

pub mod cite;
pub(crate) mod formats;
pub(crate) mod import;
mod md_escape;

pub use formats::{ExportInput, Format, export};
pub use import::{ImportPlan, plan_import};
