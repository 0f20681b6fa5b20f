//! The desktop window (eframe/egui).
//!
//! - `app`: [`ReaderApp`], one state per area, the frame loop, and `apply`, which routes
//!   each [`Command`] to the area that owns what it changes.
//! - `command`: the commands, one enum per area, nested in [`Command`].
//! - Area states, each applying its own commands: `document_state`, `filter_state`,
//!   `find_state`, `notes_state`, `export_state`, `layout_state`, `library_state`.
//! - Panels, which read the state and return commands: `top_bar`, `status_bar`,
//!   `filter_panel`, [`notes_panel`], [`document_view`], `map_view`, `library_view`,
//!   `export_dialog`.
//! - `clipboard`: the system clipboard behind a trait, whose answer the status bar tells.
//! - `file_dialog`: dialogs behind a trait; the system's through the portal, or the in-app
//!   `fallback_dialog` when no portal answers. `open_folder`: "Open folder" after a save.
//! - `prefs`: what is saved across restarts. [`run`](mod@run): the window and the launch modes
//!   (screenshot, start-up measurement). [`bench`](mod@bench): the window's part of `bench report`.

pub(crate) mod a11y;
pub(crate) mod app;
pub mod bench;
pub mod clipboard;
pub(crate) mod command;
pub(crate) mod details_dialog;
pub(crate) mod document_state;
pub mod document_view;
pub mod entry_text;
pub(crate) mod export_dialog;
pub(crate) mod export_state;
pub mod fallback_dialog;
pub mod file_dialog;
pub(crate) mod filter_panel;
pub(crate) mod filter_state;
pub(crate) mod find_state;
pub(crate) mod keys;
pub(crate) mod layout_state;
pub mod library_state;
pub(crate) mod library_view;
pub(crate) mod map_view;
pub(crate) mod note_card;
pub mod notes_panel;
pub(crate) mod notes_state;
pub(crate) mod open_folder;
pub(crate) mod outline;
pub(crate) mod prefs;
pub mod run;
pub(crate) mod screenshot;
pub(crate) mod status_bar;
pub mod style;
pub(crate) mod top_bar;

pub use app::ReaderApp;
pub use command::{
    Command, DetailField, DocumentCommand, Effects, ExportCommand, FilterCommand, FindCommand, LayoutCommand,
    NotesCommand,
};
pub use find_state::FindState;
pub use layout_state::Status;
pub use library_state::LibraryCommand;
pub use prefs::{MainView, Prefs};
pub use run::{APP_ID, Launch, LaunchMode, LaunchOptions, run};

/// Id of the related-remarks section, for its open/closed state.
pub const REFERENCES_ID: &str = "related-remarks";
