//! The desktop window (eframe/egui), in layers; a module imports only from the layers
//! below it (`tests/module_graph.rs` checks there is no import circle):
//!
//! - `app`: [`ReaderApp`], one state per area, the frame loop, and `apply`, which routes
//!   each [`Command`] to the area that owns what it changes. [`run`](mod@run): the window
//!   and the launch modes (screenshot, start-up measurement); [`bench`](mod@bench): the
//!   window's part of `bench report`.
//! - [`panels`]: the views. They read the states and return commands; they change nothing.
//! - [`state`]: each area's state and its `apply`, which returns [`Effects`].
//! - [`dialogs`]: the file dialogs (the system's, or the in-app one when no portal answers)
//!   and the modal dialogs; a request for a path carries the command to send back.
//! - `command`: every area's commands, one enum per area, nested in [`Command`].
//! - Below them all: `job` (background work), `clipboard`, `open_folder`, `prefs` (what is
//!   saved across restarts), `style`, `a11y`.

pub(crate) mod a11y;
pub(crate) mod app;
pub mod bench;
pub mod clipboard;
pub(crate) mod command;
pub mod dialogs;
pub mod job;
pub(crate) mod open_folder;
pub mod panels;
pub(crate) mod prefs;
pub mod run;
pub(crate) mod screenshot;
pub mod state;
pub mod style;

pub use app::ReaderApp;
pub use command::{
    Command, DetailField, DocumentCommand, Effects, ExportCommand, FilterCommand, FindCommand, LayoutCommand,
    LibraryCommand, NotesCommand, Status,
};
pub use prefs::{MainView, Prefs};
pub use run::{APP_ID, Launch, LaunchMode, LaunchOptions, run};
pub use state::find::FindState;

/// Id of the related-remarks section, for its open/closed state.
pub const REFERENCES_ID: &str = "related-remarks";
