//! The window's layout: which side panels show, the main view (document or map), and the
//! status bar's message. The panels and the view are saved with the preferences; the
//! message is not.

use super::command::{Effects, LayoutCommand};
use super::prefs::MainView;

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

/// Which panels show, and the main view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayoutState {
    pub hide_filters: bool,
    pub hide_notes: bool,
    pub view: MainView,
}

impl LayoutState {
    /// The status bar's message is the app's (`ReaderApp::status`); it is changed here too.
    pub fn apply(&mut self, command: LayoutCommand, status: &mut Option<Status>) -> Effects {
        match command {
            LayoutCommand::ToggleFilterPanel => self.hide_filters = !self.hide_filters,
            LayoutCommand::ToggleNotesPanel => self.hide_notes = !self.hide_notes,
            LayoutCommand::ShowNotesPanel => self.hide_notes = false,
            LayoutCommand::SetView(view) => self.view = view,
            LayoutCommand::ShowStatus(message) => *status = Some(message),
            LayoutCommand::DismissStatus => *status = None,
        }
        Effects::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_toggle_and_the_status_is_shown_and_dismissed() {
        let (mut layout, mut status) = (LayoutState::default(), None);
        assert_eq!(layout.apply(LayoutCommand::ToggleNotesPanel, &mut status), Effects::none());
        assert!(layout.hide_notes);
        let _ = layout.apply(LayoutCommand::ShowNotesPanel, &mut status);
        let _ = layout.apply(LayoutCommand::ShowNotesPanel, &mut status);
        assert!(!layout.hide_notes, "showing a shown panel leaves it shown");
        let _ = layout.apply(LayoutCommand::ToggleFilterPanel, &mut status);
        let _ = layout.apply(LayoutCommand::SetView(MainView::Map), &mut status);
        assert_eq!(layout, LayoutState { hide_filters: true, hide_notes: false, view: MainView::Map });
        let _ = layout.apply(LayoutCommand::ShowStatus(Status::Info("Opened".into())), &mut status);
        assert_eq!(status, Some(Status::Info("Opened".into())));
        let _ = layout.apply(LayoutCommand::DismissStatus, &mut status);
        assert_eq!(status, None);
    }
}
