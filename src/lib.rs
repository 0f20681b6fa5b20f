//! Record Reader: a reader for primary-source policy records.
//!
//! A record (an archived policy page: plain text in any common encoding, or a saved HTML
//! page) becomes a [`Document`](core::Document): a quote banner, an introduction and
//! [`Section`](core::Section)s of numbered [`Entry`](core::Entry)s, each tagged with the
//! world regions and countries it names. Notes ([`Note`](core::notes::Note)) anchor to an
//! entry or a passage and live in a [`NotesStore`](core::notes::NotesStore), one RON file
//! per document, written under a lock and merged with other writers. They export to
//! Markdown, HTML, CSV, W3C Web Annotation JSON and RON ([`core::export`]).
//!
//! The pieces:
//! - [`core::open`] reads a file (or the built-in record) through [`core::decode`],
//!   [`core::html`] and [`core::parse`]; [`core::places`] tags each entry.
//! - [`core::filter`] narrows a document to regions or countries; [`core::search`] finds
//!   words in it.
//! - [`core::notes`] holds the notes: the store, the file, the merge, re-anchoring, and
//!   [`NoteFilter`](core::notes::NoteFilter), the one rule for which notes, in which order.
//! - [`core::library`] keeps folders of records in one full-text index ([`Library`](core::library::Library)):
//!   search, the catalogue, every note and export across them.
//! - [`cli`] is the command line ([`cli::run`]); [`gui`] is the desktop window, behind
//!   the default `gui` feature. Neither holds a rule of its own: both call the core, which
//!   never touches egui, eframe or clap.
//!
//! # Example
//!
//! Open the built-in record, find the entries about Africa, annotate one and export the
//! notes as Markdown:
//!
//! ```
//! use record_reader::core::export::{ExportInput, Format, export};
//! use record_reader::core::notes::{Note, NoteFilter, NotesStore};
//! use record_reader::core::places::{Bureau, gazetteer};
//!
//! let doc = record_reader::core::open::embedded()?;
//! let about_africa: Vec<_> = doc.entries().filter(|(_, e)| e.tags.regions.contains(&Bureau::AF)).collect();
//! let (_, entry) = about_africa[0];
//!
//! let dir = tempfile::tempdir()?;
//! let mut notes = NotesStore::open(dir.path(), &doc.id);
//! let mut note = Note::on_entry(&doc, entry, "Compare with the 1998 fact sheet.");
//! note.tags = vec!["sierra-leone".to_owned()];
//! notes.put(note);
//! notes.save()?;
//!
//! let input = ExportInput {
//!     doc: &doc,
//!     store: &notes,
//!     gazetteer: gazetteer()?,
//!     notes: NoteFilter::live().select(&doc, notes.notes.values().map(|n| &**n)),
//!     filter: "all notes".to_owned(),
//! };
//! let markdown = String::from_utf8(export(&input, Format::Md, record_reader::core::notes::model::now())?)?;
//! assert!(markdown.contains("Compare with the 1998 fact sheet."));
//! assert!(markdown.contains("#sierra-leone"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod cli;
pub mod core;
#[cfg(feature = "gui")]
pub mod gui;
