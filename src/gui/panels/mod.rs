//! The views: each reads the states it is given and pushes [`Command`]s; none changes a
//! state itself (the document view writes only its own layout memory).
//!
//! [`Command`]: crate::gui::command::Command

pub(crate) mod document_view;
pub mod entry_text;
pub(crate) mod filter_panel;
pub(crate) mod keys;
pub(crate) mod library_view;
pub(crate) mod map_view;
pub(crate) mod note_card;
pub mod notes_panel;
pub(crate) mod outline;
pub(crate) mod status_bar;
pub(crate) mod top_bar;
