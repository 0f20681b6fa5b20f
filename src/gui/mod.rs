//! The desktop window (eframe/egui). One module per panel; panels read the state and
//! return [`Command`]s, and [`ReaderApp::apply`] changes the state in one place per frame.

pub mod app;
pub mod bench;
pub mod command;
pub mod document_view;
pub mod export_dialog;
pub mod file_dialog;
pub mod filter_panel;
pub mod map_view;
pub mod notes_panel;
pub mod notes_state;
pub mod prefs;
pub mod run;
pub mod screenshot;
pub mod status_bar;
pub mod style;
pub mod top_bar;

pub use app::{FindState, ReaderApp, Status};
pub use command::Command;
pub use prefs::{MainView, Prefs};
pub use run::{APP_ID, LaunchOptions, run};

/// Id of the related-remarks section, for its open/closed state.
pub const REFERENCES_ID: &str = "related-remarks";
