//! Dialogs. `file_dialog`: the [`FileDialog`](file_dialog::FileDialog) trait the states ask
//! for a path through, and the system's dialog (through the desktop portal) or the in-app
//! `fallback_dialog` when no portal answers. A request carries the command the path chosen
//! is sent back as: a dialog knows no area. `export_dialog`, `details_dialog`, `author_dialog` (Your name) and
//! `web_dialog` (Open web address): modal dialogs drawn over the window.

pub(crate) mod author_dialog;
pub(crate) mod details_dialog;
pub(crate) mod export_dialog;
pub mod fallback_dialog;
pub mod file_dialog;
pub mod system_dialog;
pub(crate) mod web_dialog;
