//! Each area's state, and its `apply`: it takes the area's command and returns [`Effects`],
//! what the change means for the other areas. States never draw and never call a panel.
//!
//! [`Effects`]: crate::gui::command::Effects

pub(crate) mod author;
pub(crate) mod document;
pub(crate) mod export;
pub(crate) mod filter;
pub mod find;
pub(crate) mod layout;
pub mod library;
pub(crate) mod notes;
pub mod notes_filter;
pub(crate) mod rows;
pub(crate) mod share;
pub(crate) mod web;
