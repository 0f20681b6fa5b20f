//! Record Reader: a reader for primary-source policy records.
//!
//! The [`core`] modules (document model, decoding, parsing) never touch egui; the
//! [`cli`] module holds the command line; [`gui`] is the desktop window, behind the
//! default `gui` feature.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod bench;
pub mod cli;
pub mod cli_notes;
pub mod core;
#[cfg(feature = "gui")]
pub mod gui;
