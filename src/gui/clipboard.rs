//! The system clipboard, behind a trait as the file dialogs are, so that the window can say
//! whether a copy reached it. egui's `copy_text` hands the text to the platform and never
//! hears back: a binary built without eframe's `clipboard` feature said "Copied" for a whole
//! release while nothing was copied. Here the platform's answer comes back, and the status
//! bar tells it.
//!
//! Text boxes keep egui's own Ctrl+C and Ctrl+V (eframe's `clipboard` feature); the app's
//! copies (Copy, Copy with citation, BibTeX, Ctrl+C in the reading column) come here.

use std::sync::{Arc, Mutex};

/// Where the app's copies go.
pub trait Clipboard {
    /// Puts `text` on the clipboard; `Err` says, in words, why it could not.
    fn set_text(&mut self, ctx: &egui::Context, text: &str) -> Result<(), String>;
}

/// The desktop's clipboard: X11 (and Wayland through `XWayland`) by `arboard`, kept for the
/// window's lifetime (on X11 the clipboard's owner must live to hand the text over); on a
/// Wayland session with no X server, egui's own path (`smithay-clipboard`), which takes the
/// text without an answer.
#[derive(Default)]
pub struct SystemClipboard {
    arboard: Option<arboard::Clipboard>,
}

impl SystemClipboard {
    fn arboard(&mut self) -> Result<&mut arboard::Clipboard, String> {
        if self.arboard.is_none() {
            self.arboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        self.arboard.as_mut().ok_or_else(|| "no clipboard".to_owned())
    }
}

/// A Wayland session without an X server for `arboard` to reach.
fn wayland_only() -> bool {
    std::env::var_os("WAYLAND_DISPLAY").is_some() && std::env::var_os("DISPLAY").is_none()
}

impl Clipboard for SystemClipboard {
    fn set_text(&mut self, ctx: &egui::Context, text: &str) -> Result<(), String> {
        if wayland_only() {
            ctx.copy_text(text.to_owned());
            return Ok(());
        }
        let result = self.arboard().and_then(|c| c.set_text(text.to_owned()).map_err(|e| e.to_string()));
        if result.is_err() {
            // A clipboard whose owner went away is made again on the next copy.
            self.arboard = None;
        }
        result.map_err(|e| format!("the system clipboard did not take the text ({e})"))
    }
}

/// A clipboard in memory, for tests and for windows with no desktop: what was copied, in order.
#[derive(Debug, Clone, Default)]
pub struct MemoryClipboard(pub Arc<Mutex<Vec<String>>>);

impl MemoryClipboard {
    /// What was copied, oldest first.
    pub fn copied(&self) -> Vec<String> {
        self.0.lock().map(|c| c.clone()).unwrap_or_default()
    }
}

impl Clipboard for MemoryClipboard {
    fn set_text(&mut self, _ctx: &egui::Context, text: &str) -> Result<(), String> {
        self.0.lock().map_err(|_| "the clipboard is unusable".to_owned())?.push(text.to_owned());
        Ok(())
    }
}

/// A clipboard that always fails with this reason (tests).
#[derive(Debug, Clone)]
pub struct FailingClipboard(pub String);

impl Clipboard for FailingClipboard {
    fn set_text(&mut self, _ctx: &egui::Context, _text: &str) -> Result<(), String> {
        Err(self.0.clone())
    }
}
