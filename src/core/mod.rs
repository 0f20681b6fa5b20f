//! The core: document model, decoding, parsing. Never touches egui.

pub mod bench;
pub mod blocks;
pub(crate) mod dates;
pub mod decode;
pub mod details;
pub mod error;
pub mod explain;
pub mod export;
pub mod filter;
pub(crate) mod fsio;
pub mod html;
pub mod library;
pub mod markdown;
pub mod model;
pub mod notes;
pub mod open;
pub mod parse;
pub mod places;
pub mod search;
pub mod share;
pub mod stem;
pub mod synth;
pub mod text;
pub mod web;
pub mod web_copy;
// Only the window draws the map: the command line leaves it out.
#[cfg(feature = "gui")]
pub(crate) mod world_map;

pub use dates::PartialDate;
pub use error::DocumentError;
pub use model::{DocMeta, Document, Entry, Quote, Reference, Section};
