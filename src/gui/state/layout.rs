//! The window's layout: which side panels show, the main view (document or map), the
//! reading size and face, and the status bar's message. The panels, the view and the
//! reading are saved with the preferences; the message is not.
//!
//! A narrow window (below [`NARROW_WINDOW`]) shows at most one side panel, over the
//! reading column's side: its toggle opens it and closes the other.

use crate::gui::command::{Effects, LayoutCommand, Status};
use crate::gui::prefs::MainView;
use crate::gui::style::Reading;

/// Below this width (logical pixels) the side panels fold into their toggles.
pub const NARROW_WINDOW: f32 = 1000.0;

/// A side panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidePanel {
    Filters,
    Notes,
}

/// What the layout's commands reach besides its own state.
pub struct LayoutContext<'a> {
    /// The status bar's message (the app's).
    pub status: &'a mut Option<Status>,
    pub clipboard: &'a mut dyn crate::gui::clipboard::Clipboard,
    pub ctx: &'a egui::Context,
}

/// Which panels show, and the main view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayoutState {
    pub hide_filters: bool,
    pub hide_notes: bool,
    pub view: MainView,
    /// The keyboard shortcuts window is open (not saved).
    pub shortcuts_shown: bool,
    /// Ctrl+Q was pressed: the frame loop closes the window (not saved).
    pub quit: bool,
    pub reading: Reading,
    /// The window is narrower than [`NARROW_WINDOW`] (set by the frame loop each frame).
    pub narrow: bool,
    /// The one side panel open in a narrow window (not saved).
    pub narrow_panel: Option<SidePanel>,
}

impl LayoutState {
    /// Whether the side panel shows, in a wide or a narrow window.
    pub fn shows(&self, panel: SidePanel) -> bool {
        match (self.narrow, panel) {
            (true, _) => self.narrow_panel == Some(panel),
            (false, SidePanel::Filters) => !self.hide_filters,
            (false, SidePanel::Notes) => !self.hide_notes,
        }
    }

    fn toggle_narrow(&mut self, panel: SidePanel) {
        self.narrow_panel = if self.narrow_panel == Some(panel) { None } else { Some(panel) };
    }

    /// The status bar's message is the app's (`ReaderApp::status`); it is changed here too.
    pub fn apply(&mut self, command: LayoutCommand, cx: LayoutContext<'_>) -> Effects {
        let LayoutContext { status, clipboard, ctx } = cx;
        match command {
            LayoutCommand::ToggleFilterPanel if self.narrow => self.toggle_narrow(SidePanel::Filters),
            LayoutCommand::ToggleNotesPanel if self.narrow => self.toggle_narrow(SidePanel::Notes),
            LayoutCommand::ShowNotesPanel if self.narrow => self.narrow_panel = Some(SidePanel::Notes),
            LayoutCommand::ToggleFilterPanel => self.hide_filters = !self.hide_filters,
            LayoutCommand::ToggleNotesPanel => self.hide_notes = !self.hide_notes,
            LayoutCommand::ShowNotesPanel => self.hide_notes = false,
            LayoutCommand::ReadingSize(by) => {
                self.reading.scale = self.reading.step(by);
                // The document view measures its rows again when the reading changes.
                *status = Some(Status::Info(format!(
                    "Reading size {:.0} % (Ctrl+Plus, Ctrl+Minus, Ctrl+0)",
                    self.reading.scale * 100.0
                )));
            }
            LayoutCommand::SetSerif(serif) => self.reading.serif = serif,
            LayoutCommand::SetUnderlinePlaces(on) => self.reading.underline_places = on,
            LayoutCommand::SetReadingWidth(width) => self.reading.width = width,
            LayoutCommand::SetView(view) => self.view = view,
            LayoutCommand::ShowStatus(message) => *status = Some(message),
            LayoutCommand::DismissStatus => *status = None,
            LayoutCommand::ToggleShortcuts => self.shortcuts_shown = !self.shortcuts_shown,
            LayoutCommand::Quit => self.quit = true,
            LayoutCommand::Copy { text, what } => {
                *status = Some(match clipboard.set_text(ctx, &text) {
                    Ok(()) => Status::Info(format!("Copied {what}")),
                    Err(e) => Status::Error(format!("Could not copy {what}: {e}")),
                });
            }
        }
        Effects::none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::gui::clipboard::{Clipboard, FailingClipboard, MemoryClipboard};

    /// Applies `command` with a clipboard in memory.
    fn apply(layout: &mut LayoutState, command: LayoutCommand, status: &mut Option<Status>) -> Effects {
        apply_with(layout, command, status, &mut MemoryClipboard::default())
    }

    fn apply_with(
        layout: &mut LayoutState,
        command: LayoutCommand,
        status: &mut Option<Status>,
        clipboard: &mut dyn Clipboard,
    ) -> Effects {
        let ctx = egui::Context::default();
        layout.apply(command, LayoutContext { status, clipboard, ctx: &ctx })
    }

    #[test]
    fn a_copy_says_copied_only_when_the_clipboard_took_it() {
        let (mut layout, mut status) = (LayoutState::default(), None);
        let mut memory = MemoryClipboard::default();
        let copy = || LayoutCommand::Copy { text: "a passage".into(), what: "the passage".into() };
        let _ = apply_with(&mut layout, copy(), &mut status, &mut memory);
        assert_eq!(memory.copied(), ["a passage"]);
        assert_eq!(status, Some(Status::Info("Copied the passage".into())));
        let mut failing = FailingClipboard("no X server".into());
        let _ = apply_with(&mut layout, copy(), &mut status, &mut failing);
        assert_eq!(status, Some(Status::Error("Could not copy the passage: no X server".into())));
    }

    #[test]
    fn panels_toggle_and_the_status_is_shown_and_dismissed() {
        let (mut layout, mut status) = (LayoutState::default(), None);
        assert_eq!(apply(&mut layout, LayoutCommand::ToggleNotesPanel, &mut status), Effects::none());
        assert!(layout.hide_notes);
        let _ = apply(&mut layout, LayoutCommand::ShowNotesPanel, &mut status);
        let _ = apply(&mut layout, LayoutCommand::ShowNotesPanel, &mut status);
        assert!(!layout.hide_notes, "showing a shown panel leaves it shown");
        let _ = apply(&mut layout, LayoutCommand::ToggleFilterPanel, &mut status);
        let _ = apply(&mut layout, LayoutCommand::SetView(MainView::Map), &mut status);
        assert_eq!(layout, LayoutState { hide_filters: true, view: MainView::Map, ..LayoutState::default() });
        let _ = apply(&mut layout, LayoutCommand::ShowStatus(Status::Info("Opened".into())), &mut status);
        assert_eq!(status, Some(Status::Info("Opened".into())));
        let _ = apply(&mut layout, LayoutCommand::DismissStatus, &mut status);
        assert_eq!(status, None);
    }
}
