//! The commands the panels send: everything that changes the window's state, one enum per
//! area, nested in [`Command`]. Each area's state applies its own enum and returns
//! [`Effects`], what the change means for the other areas; [`ReaderApp::apply`] routes a
//! command to its area and carries the effects out.
//!
//! | command | applied by | owns |
//! |---|---|---|
//! | [`DocumentCommand`] | [`DocumentState`] | open sections, the view's rows, the record being opened |
//! | [`FilterCommand`] | [`FilterState`] | the region and country filter, the country search |
//! | [`FindCommand`] | [`FindState`] | the Find box's words and the entries found |
//! | [`NotesCommand`] | [`NotesState`] | the notes, their undo history, the notes panel's search and filters |
//! | [`ExportCommand`] | [`ExportState`] | the Export dialog and the import confirmation |
//! | [`LayoutCommand`] | [`LayoutState`] | which panels show, the main view, the status bar |
//! | [`LibraryCommand`] | [`LibraryState`] | routes to its parts, below; opens a record |
//! | [`LibraryJobsCommand`] | [`LibraryJobs`] | the library's folders, the scan, the watcher |
//! | [`CatalogueCommand`] | [`CatalogueState`] | the table of records, its filter and order |
//! | [`SearchCommand`] | [`SearchState`] | the search across the library, its map |
//! | [`LibraryNotesCommand`] | [`LibraryNotesState`] | every note in the library, their export |
//! | [`NotesFilterCommand`] | [`NotesFilterState`] | a notes panel's search and filters (both panels) |
//! | [`WebCommand`] | [`WebState`] | the Open web address dialog, the page being fetched |
//! | [`ShareCommand`] | [`ShareState`] | the notes folder synced through git |
//! | [`AuthorCommand`] | [`AuthorState`] | who is writing: the "Your name…" setting and dialog |
//!
//! A panel's status message, [`Status`], and the parts of the page that fold ([`Fold`]) are
//! here too: the commands carry them.
//!
//! [`ReaderApp::apply`]: crate::gui::app::ReaderApp::apply
//! [`DocumentState`]: crate::gui::state::document::DocumentState
//! [`FilterState`]: crate::gui::state::filter::FilterState
//! [`FindState`]: crate::gui::state::find::FindState
//! [`NotesState`]: crate::gui::state::notes::NotesState
//! [`ExportState`]: crate::gui::state::export::ExportState
//! [`LayoutState`]: crate::gui::state::layout::LayoutState
//! [`LibraryState`]: crate::gui::state::library::LibraryState
//! [`LibraryJobs`]: crate::gui::state::library::jobs::LibraryJobs
//! [`CatalogueState`]: crate::gui::state::library::catalogue::CatalogueState
//! [`SearchState`]: crate::gui::state::library::search::SearchState
//! [`LibraryNotesState`]: crate::gui::state::library::notes::LibraryNotesState
//! [`NotesFilterState`]: crate::gui::state::notes_filter::NotesFilterState
//! [`WebState`]: crate::gui::state::web::WebState
//! [`ShareState`]: crate::gui::state::share::ShareState
//! [`AuthorState`]: crate::gui::state::author::AuthorState

use crate::core::export::Format;
use crate::core::export::cite::CiteStyle;
use crate::core::filter::Scheme;
use crate::core::library::LibraryExport;
use crate::core::places::Bureau;
use crate::core::search::Spot;
use crate::gui::prefs::MainView;
use std::path::PathBuf;
use uuid::Uuid;

/// Everything a panel can ask for, by area.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Document(DocumentCommand),
    Filter(FilterCommand),
    Find(FindCommand),
    Notes(NotesCommand),
    Export(ExportCommand),
    Layout(LayoutCommand),
    Library(LibraryCommand),
    Web(WebCommand),
    Share(ShareCommand),
    Author(AuthorCommand),
}

/// Who is writing (Menu → Your name…): the name and the email or ORCID each note the reader
/// makes or changes is stamped with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorCommand {
    /// Open the "Your name" dialog on the current setting.
    Edit,
    /// The dialog's Name field.
    SetName(String),
    /// The dialog's "Email or ORCID" field.
    SetId(String),
    /// Keep what the dialog holds as the setting (a blank name: no setting, git's or the
    /// login name is used).
    Save,
    Close,
}

/// The notes folder shared through git (Menu → Sync notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareCommand {
    /// Commit, pull (merged note by note), push, now.
    Sync,
    /// Sync every five minutes while the window is open, or not.
    SetAuto(bool),
}

/// Records taken from the web: Menu → Open web address… (Ctrl+L), or an address pasted
/// (Ctrl+V) where no text box has the keyboard.
#[derive(Debug, Clone, PartialEq)]
pub enum WebCommand {
    /// Show the Open web address dialog, with this address in it (a pasted one).
    OpenDialog(Option<String>),
    /// The text in the dialog's address box.
    SetAddress(String),
    /// Fetch the address in the dialog, keep a copy in the Web records folder, open it.
    Fetch,
    /// Fetch this address (an archived copy the dialog offered).
    FetchAddress(String),
    /// Open this copy of a page (the newer copy, or the reader's own, when the page changed).
    OpenCopy(PathBuf),
    /// Keep the copies in this folder of the library (`None`: the Web records folder).
    SetInto(Option<PathBuf>),
    /// Stop the fetch: nothing is kept.
    Cancel,
    CloseDialog,
}
#[derive(Debug, Clone, PartialEq)]
pub enum DocumentCommand {
    /// Open or close a section (by id; [`crate::gui::REFERENCES_ID`] for the related remarks).
    ToggleSection(String),
    ExpandAll,
    CollapseAll,
    /// Ask for a record with the open dialog; the path chosen comes back as [`DocumentCommand::Open`].
    OpenDialog,
    /// Read this record on a background thread; it replaces the one shown when it is read.
    Open(PathBuf),
    /// Open this record, then show this entry in it (a library search result was clicked).
    OpenAt(PathBuf, String),
    /// Show this entry: open its section, show the document, scroll to it.
    Reveal(String),
    /// Show this part of the document (a Find match's): open its section, scroll to it.
    RevealSpot(Spot),
    /// Go to a section's header (by id; [`crate::gui::REFERENCES_ID`] for the related remarks).
    RevealSection(String),
    /// Scroll by this many screens (Page Down, Space; negative: up).
    ScrollPages(f32),
    /// Scroll to the end (`true`, End) or the top (`false`, Home).
    ScrollToEnd(bool),
    /// Move the keyboard's row by this many entries or headers (↓ ↑, j k).
    MoveCurrent(isize),
    /// Move the keyboard's row to the next or previous section header (] [).
    MoveSection(isize),
    /// Open or close the section whose header the keyboard is on (Enter).
    ToggleCurrentSection,
    /// Add a note to the entry the keyboard is on (N).
    NoteOnCurrent,
    /// The keyboard's row goes to this entry (back from its note's editor); the view stays.
    SetCurrent(String),
    /// Open or close a part of the page folded into one line.
    ToggleFold(Fold),
    /// Open the Record details dialog on the record shown.
    EditDetails,
    /// A field of the Record details dialog changed.
    SetDetail(DetailField, String),
    /// Write the details beside the record, and read it again with them.
    SaveDetails,
    CloseDetails,
}

/// A field of the Record details dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailField {
    Title,
    Publisher,
    Url,
    Accessed,
    Date,
}

/// The region and country filter (saved), and the filter panel's country search.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterCommand {
    ToggleRegion(String),
    ToggleCountry(String),
    /// Filter to this one country (a chip or the map was clicked).
    OnlyCountry(String),
    ToggleNoPlace,
    SetScheme(Scheme),
    Clear,
    /// The text in the country search box.
    SetCountryQuery(String),
}

/// The document's Find box.
#[derive(Debug, Clone, PartialEq)]
pub enum FindCommand {
    /// Find the entries containing these words (blank: stop finding).
    Set(String),
    /// Clear the words (Esc, or the clear button).
    Stop,
    /// Go to the next match (Enter, F3) or the previous one (Shift+Enter, Shift+F3).
    Next,
    Previous,
    /// Show only the entries that match, or every entry with the matches marked.
    SetOnlyMatching(bool),
}

/// The notes of the open record, and the notes panel.
#[derive(Debug, Clone, PartialEq)]
pub enum NotesCommand {
    /// A new note on the entry with this id.
    Add(String),
    /// Highlight characters `start..end` of an entry, in `color` (a palette key) or the last
    /// colour used; with `edit`, the note's editor opens on it.
    AddHighlight {
        entry_id: String,
        start: usize,
        end: usize,
        color: Option<String>,
        edit: bool,
    },
    /// Select a note, and show its entry.
    Select(Uuid),
    /// Done with the selected note (the button, Esc, Ctrl+Enter): the keyboard goes back to
    /// its entry.
    Deselect,
    /// The note's editor has the keyboard, as [`NotesState::focus_body`] asked.
    ///
    /// [`NotesState::focus_body`]: crate::gui::state::notes::NotesState::focus_body
    BodyFocused,
    SetBody(Uuid, String),
    AddTag(Uuid, String),
    RemoveTag(Uuid, String),
    SetColor(Uuid, String),
    /// Move to the Trash.
    Delete(Uuid),
    Restore(Uuid),
    EmptyTrash,
    Undo,
    Redo,
    /// Ask where to save a copy (the notes file is read-only); the path chosen comes back as
    /// [`NotesCommand::SaveAsTo`].
    SaveAs,
    /// Save a copy of the notes to this file.
    SaveAsTo(PathBuf),
    /// Name a colour (its palette key, the label).
    RenameColor(String, String),
    /// Attach an orphaned note to the entry with this number.
    Reattach(Uuid, String),
    /// The panel's search and filters.
    Filter(NotesFilterCommand),
    /// The text in the selected note's tag box.
    SetTagInput(String),
    /// The entry number typed beside an orphaned note.
    SetReattachInput(Uuid, String),
}

/// The Export dialog and the import confirmation.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportCommand {
    /// Cite in this style from now on (Menu → Citation style).
    SetCiteStyle(CiteStyle),
    OpenExportDialog,
    CloseExportDialog,
    SetFormat(Format),
    /// Export only the notes the filters show.
    SetFiltered(bool),
    /// Ask where to write; the path chosen comes back as [`ExportCommand::ExportTo`].
    Export,
    /// Write the notes chosen in the Export dialog to this file.
    ExportTo(PathBuf),
    /// Show this folder in the desktop's file manager (after an export or a save).
    OpenFolder(PathBuf),
    /// Ask for a notes file; the path chosen comes back as [`ExportCommand::ImportPath`].
    OpenImportDialog,
    /// Read a notes file and show what importing it would do.
    ImportPath(PathBuf),
    ConfirmImport,
    CancelImport,
}

/// Which panels show, the main view, and the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum LayoutCommand {
    ToggleFilterPanel,
    ToggleNotesPanel,
    ShowNotesPanel,
    SetView(MainView),
    ShowStatus(Status),
    DismissStatus,
    /// Show or hide the list of keyboard shortcuts (F1, ?).
    ToggleShortcuts,
    /// Close the window (Ctrl+Q); unsaved notes are written first, as on any close.
    Quit,
    /// The reading size one step larger (1), smaller (-1), or the usual (0).
    ReadingSize(i8),
    /// Read in the serif face, or the usual one.
    SetSerif(bool),
    /// Underline place names in the text, or not.
    SetUnderlinePlaces(bool),
    /// How wide the reading column may grow.
    SetReadingWidth(crate::gui::style::ReadingWidth),
    /// Put `text` on the system clipboard; `what` names it for the status bar ("the passage").
    Copy {
        text: String,
        what: String,
    },
}

/// A message for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Info(String),
    Error(String),
    /// A file was written: what was done, and the folder it is in, which the status bar
    /// offers to open.
    Saved {
        message: String,
        folder: std::path::PathBuf,
    },
}

/// A part of the page that folds into one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// The quote and introduction, while a filter or Find narrows the entries.
    FrontMatter,
    /// The page's navigation and footer lines.
    PageDetails,
    /// Text of the page that is none of the record's parts.
    OtherText,
}

/// The library, by part: its folders and the work on them, the catalogue, the search, and
/// every note in it.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryCommand {
    Jobs(LibraryJobsCommand),
    Catalogue(CatalogueCommand),
    Search(SearchCommand),
    Notes(LibraryNotesCommand),
    /// Open a record; with an entry id, at that entry.
    Open(PathBuf, Option<String>),
}

/// The library's folders, and the scan that reads them.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryJobsCommand {
    /// Ask for a folder; the one chosen comes back as [`LibraryJobsCommand::AddFolder`].
    AddFolderDialog,
    /// Add this folder and scan it.
    AddFolder(PathBuf),
    RemoveFolder(PathBuf),
    /// Read new and changed files again.
    Scan,
    CancelScan,
}

/// The catalogue of records.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogueCommand {
    /// The words in the catalogue's filter box.
    SetRecordFilter(String),
    /// Sort the catalogue by this column (again: the other way).
    SortBy(Column),
}

/// The search across the library.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchCommand {
    /// The words in the library's search box.
    SetQuery(String),
    /// Narrow the search to the entries about this bureau (`region:AF` in the query), or,
    /// if it is the one chosen, widen it again.
    ToggleRegion(Bureau),
    /// Show or hide the map of the library (shaded by the entries the search finds).
    ToggleMap,
}

/// Every note in the library: the notes panel beside the Library view, and the export.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryNotesCommand {
    /// The panel's filters.
    Filter(NotesFilterCommand),
    /// Choose what the library's export writes.
    SetExportKind(LibraryExport),
    /// Ask where to write the export; the path chosen comes back as [`LibraryNotesCommand::ExportTo`].
    Export,
    /// Write the export (of every live note in the library) here, in the background.
    ExportTo(PathBuf),
}

/// A notes panel's search and filters (the record's notes panel, and the library's): which
/// notes it lists, by the core's one rule, [`NoteFilter`](crate::core::notes::NoteFilter).
#[derive(Debug, Clone, PartialEq)]
pub enum NotesFilterCommand {
    /// The text in the panel's search box.
    Query(String),
    /// A tag, a colour key, a bureau, a record (by id); `None`: any.
    Tag(Option<String>),
    Color(Option<String>),
    Region(Option<Bureau>),
    Record(Option<String>),
    /// Who wrote the notes (a name, in any case); `None`: anyone.
    Author(Option<String>),
}

/// A column of the catalogue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Column {
    #[default]
    Title,
    Date,
    Administration,
    Entries,
    Regions,
    Notes,
    /// When the reader last read the record in the window.
    LastRead,
}

macro_rules! area {
    ($($area:ident($command:ty)),*) => {$(
        impl From<$command> for Command {
            fn from(command: $command) -> Self {
                Self::$area(command)
            }
        }
    )*};
}
area!(
    Document(DocumentCommand),
    Filter(FilterCommand),
    Find(FindCommand),
    Notes(NotesCommand),
    Export(ExportCommand),
    Layout(LayoutCommand),
    Library(LibraryCommand),
    Web(WebCommand),
    Share(ShareCommand),
    Author(AuthorCommand)
);

macro_rules! library_part {
    ($($part:ident($command:ty)),*) => {$(
        impl From<$command> for Command {
            fn from(command: $command) -> Self {
                Self::Library(LibraryCommand::$part(command))
            }
        }
    )*};
}
library_part!(Jobs(LibraryJobsCommand), Catalogue(CatalogueCommand), Search(SearchCommand), Notes(LibraryNotesCommand));

/// What applying a command to one area means for the others; [`crate::gui::app::ReaderApp::apply`]
/// carries it out.
#[derive(Debug, Default, PartialEq)]
#[must_use]
pub struct Effects {
    /// The document shows other rows (the filter or Find changed).
    pub rows_changed: bool,
    /// What the entries show of the notes changed: their rows are measured again.
    pub heights_changed: bool,
    /// Commands for other areas, applied next, in order.
    pub then: Vec<Command>,
}

impl Effects {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn rows_changed() -> Self {
        Self { rows_changed: true, ..Self::default() }
    }

    pub fn heights_changed() -> Self {
        Self { heights_changed: true, ..Self::default() }
    }

    /// A command for another area.
    pub fn then(command: impl Into<Command>) -> Self {
        Self { then: vec![command.into()], ..Self::default() }
    }

    /// A message for the status bar.
    pub fn status(status: Status) -> Self {
        Self::then(LayoutCommand::ShowStatus(status))
    }

    /// These effects, and a command for another area after them.
    pub fn and_then(mut self, command: impl Into<Command>) -> Self {
        self.then.push(command.into());
        self
    }

    /// These effects, and the document's rows change too.
    pub fn with_rows_changed(mut self) -> Self {
        self.rows_changed = true;
        self
    }
}
