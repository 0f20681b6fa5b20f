//! `--screenshot OUT.png`: wait until the layout has settled, capture the window, save it, close.

use anyhow::anyhow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// How the screenshot went, read by `run` after the window has closed.
#[derive(Debug, Clone, Default)]
pub struct Outcome(Arc<Mutex<Option<Result<PathBuf, String>>>>);

impl Outcome {
    fn set(&self, result: Result<PathBuf, String>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(result);
        }
    }

    pub fn result(&self) -> anyhow::Result<()> {
        let taken = self.0.lock().map_err(|_| anyhow!("screenshot state poisoned"))?.take();
        match taken {
            Some(Ok(_)) => Ok(()),
            Some(Err(e)) => Err(anyhow!(e)),
            None => Err(anyhow!("the window closed before the screenshot was taken")),
        }
    }
}

type Captured = Arc<Mutex<Option<Arc<egui::ColorImage>>>>;

pub struct Screenshot {
    path: PathBuf,
    outcome: Outcome,
    frames: u32,
    settled_frames: u32,
    requested: bool,
    captured: Captured,
}

/// Frames to wait at most for the layout to settle before capturing anyway.
const MAX_WAIT_FRAMES: u32 = 240;

impl Screenshot {
    pub fn new(path: PathBuf, outcome: Outcome) -> Self {
        Self { path, outcome, frames: 0, settled_frames: 0, requested: false, captured: Captured::default() }
    }

    /// Called once per frame after the UI has been drawn.
    pub fn on_frame(&mut self, ctx: &egui::Context, layout_settled: bool) {
        self.frames += 1;
        self.settled_frames = if layout_settled { self.settled_frames + 1 } else { 0 };
        if !self.requested && ((self.settled_frames >= 3 && self.frames >= 6) || self.frames >= MAX_WAIT_FRAMES) {
            let slot = self.captured.clone();
            ctx.request_screenshot(move |image| {
                if let Ok(mut s) = slot.lock() {
                    *s = Some(image);
                }
            });
            self.requested = true;
        }
        let image = self.captured.lock().ok().and_then(|mut s| s.take());
        if let Some(image) = image {
            let result = save_png(&self.path, &image).map(|()| self.path.clone());
            if let Err(e) = &result {
                eprintln!("record-reader: {e}");
            }
            self.outcome.set(result);
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        ctx.request_repaint();
    }
}

fn save_png(path: &std::path::Path, image: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let (w, h) = (u32::try_from(w).map_err(|e| e.to_string())?, u32::try_from(h).map_err(|e| e.to_string())?);
    image::save_buffer_with_format(path, image.as_raw(), w, h, image::ColorType::Rgba8, image::ImageFormat::Png)
        .map_err(|e| format!("could not write the screenshot to {}: {e}", path.display()))
}
