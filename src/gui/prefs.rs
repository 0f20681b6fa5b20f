//! What the window remembers across restarts (eframe persistence), kept apart from the
//! runtime state.

use crate::core::filter::RegionFilter;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// What is remembered across restarts (eframe persistence). Runtime state lives in [`ReaderApp`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Per document id, the sections the reader has closed. New sections open by default.
    pub collapsed: BTreeMap<String, BTreeSet<String>>,
    /// The folder of the last document opened through the dialog.
    pub last_dir: Option<PathBuf>,
    /// The region and country filter.
    pub filter: RegionFilter,
    /// Whether the filter panel is shown.
    pub hide_filters: bool,
    /// The document, or the map.
    pub view: MainView,
    /// Whether the notes panel is hidden.
    pub hide_notes: bool,
    /// The folder of the last export.
    pub last_export_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MainView {
    #[default]
    Document,
    Map,
}
