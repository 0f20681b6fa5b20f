//! What the window remembers across restarts (eframe persistence), kept apart from the
//! runtime state: [`ReaderApp::new`] hands each part to the area that owns it, and
//! [`ReaderApp::prefs`] gathers them again to be saved.
//!
//! [`ReaderApp::new`]: crate::gui::app::ReaderApp::new
//! [`ReaderApp::prefs`]: crate::gui::app::ReaderApp::prefs

use crate::core::filter::RegionFilter;
use crate::gui::style::Reading;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What is remembered across restarts (eframe persistence), in the form it is saved in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Per document id, the sections the reader has closed. New sections open by default.
    /// (This and `last_dir`: the document area's.)
    pub collapsed: BTreeMap<String, BTreeSet<String>>,
    /// The folder of the last document opened through the dialog.
    pub last_dir: Option<PathBuf>,
    /// Per document id, the region and country filter (the filter area's).
    pub filters: BTreeMap<String, RegionFilter>,
    /// Per document id, the entry at the top of the view when it was last read (the
    /// document area's).
    pub positions: BTreeMap<String, String>,
    /// Whether the filter panel is hidden (this and the next two: the layout's).
    pub hide_filters: bool,
    /// The document, or the map.
    pub view: MainView,
    /// Whether the notes panel is hidden.
    pub hide_notes: bool,
    /// The folder of the last export (the export area's).
    pub last_export_dir: Option<PathBuf>,
    /// Find marks its matches among every entry, instead of showing only the entries that
    /// match (the Find area's).
    pub find_marks_in_place: bool,
    /// The reading size and face (the layout's).
    pub reading: Reading,
    /// How "Copy with citation" cites (the export area's).
    pub cite_style: crate::core::export::cite::CiteStyle,
    /// Per record file, when it was last shown, in seconds since 1970 (Open recent, the
    /// library's "last read"; the document area's).
    pub read_at: BTreeMap<PathBuf, i64>,
    /// The record file shown when the window was closed (none: the built-in record); it opens
    /// again when no file is given.
    pub open_record: Option<PathBuf>,
    /// Sync the notes folder through git every five minutes (the share area's).
    pub auto_sync: bool,
    /// The name (and email or ORCID) the reader's notes are signed with, from Menu → Your
    /// name… (the author area's); none: git's user.name, else the login name.
    pub author: Option<crate::core::notes::Author>,
}

/// What the middle of the window shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MainView {
    #[default]
    Document,
    Map,
    /// The library of records: search and catalogue across them.
    Library,
}
