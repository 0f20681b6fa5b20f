//! The commands the panels send: everything that changes the window's state.

use super::MainView;
use crate::core::filter::Scheme;
use std::path::PathBuf;

/// Everything a panel can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    ToggleSection(String),
    ExpandAll,
    CollapseAll,
    OpenDialog,
    OpenPath(PathBuf),
    DismissStatus,
    ToggleRegion(String),
    ToggleCountry(String),
    /// Filter to this one country (a chip was clicked).
    FilterToCountry(String),
    ToggleNoPlace,
    SetScheme(Scheme),
    ClearFilter,
    SetCountryQuery(String),
    ToggleFilterPanel,
    SetView(MainView),
    ToggleNotesPanel,
    AddNote(String),
    StartHighlight(String),
    CancelHighlight,
    AddHighlight {
        entry_id: String,
        start: usize,
        end: usize,
    },
    /// Select a note and show its entry; the nil id deselects.
    SelectNote(uuid::Uuid),
    SetBody(uuid::Uuid, String),
    AddTag(uuid::Uuid, String),
    RemoveTag(uuid::Uuid, String),
    SetColor(uuid::Uuid, String),
    DeleteNote(uuid::Uuid),
    RestoreNote(uuid::Uuid),
    EmptyTrash,
    Undo,
    Redo,
    SaveNotesAs,
    RenameColor(String, String),
    /// Attach an orphaned note to the entry with this number.
    ReattachNote(uuid::Uuid, String),
    OpenExportDialog,
    CloseExportDialog,
    SetExportFormat(crate::core::export::Format),
    SetExportFiltered(bool),
    DoExport,
    OpenImportDialog,
    ImportPath(PathBuf),
    ConfirmImport,
    CancelImport,
    /// Find entries containing these words (empty: stop finding).
    Find(String),
}
