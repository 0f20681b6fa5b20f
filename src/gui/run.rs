//! Launching the window: the options the binary passes, the viewport, icon and persistence.

use super::{MainView, Prefs, ReaderApp, file_dialog::NativeDialog, screenshot, style};
use crate::core::filter::RegionFilter;
use std::path::PathBuf;

/// The app id: names the window class, the desktop file and the settings folder.
/// The window's app id: the Wayland app id and the X11 WM_CLASS, matched by desktops to the
/// installed `io.github.record_reader.RecordReader.desktop` (its `StartupWMClass`).
pub const APP_ID: &str = "io.github.record_reader.RecordReader";

/// How the binary asks for the window.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    pub file: Option<PathBuf>,
    /// Where notes files live (--notes-dir / RECORD_READER_NOTES_DIR); the platform's data folder otherwise.
    pub notes_dir: Option<PathBuf>,
    pub screenshot: Option<PathBuf>,
    pub size: Option<(f32, f32)>,
    /// Open on the map instead of the document.
    pub map: bool,
    /// Open filtered to these bureaus.
    pub regions: Vec<String>,
    /// Print [`bench::FirstFrame`] after the first painted frame and close.
    pub exit_after_first_frame: bool,
}

fn window_icon() -> Option<egui::IconData> {
    let png = include_bytes!("../../assets/icon-256.png");
    let img = image::load_from_memory(png).ok()?.into_rgba8();
    let (width, height) = img.dimensions();
    Some(egui::IconData { rgba: img.into_raw(), width, height })
}

/// Opens the window. Returns when it is closed (or, with `--screenshot`, once the PNG is written).
pub fn run(opts: LaunchOptions) -> anyhow::Result<()> {
    let doc = crate::cli::load_document(opts.file.as_deref())?;
    let (w, h) = opts.size.unwrap_or((1100.0, 820.0));
    let mut viewport = egui::ViewportBuilder::default()
        .with_app_id(APP_ID)
        .with_title(format!("Record Reader — {}", doc.meta.title))
        .with_inner_size([w, h])
        .with_min_inner_size([480.0, 360.0]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let screenshot_mode = opts.screenshot.is_some();
    let notes_dir = crate::cli_notes::notes_dir(opts.notes_dir.as_deref())?;
    let options = eframe::NativeOptions {
        viewport,
        // Beside the notes folder, not in a folder named after the app id.
        persistence_path: crate::core::notes::store::data_dir().ok().map(|d| d.join("app.ron")),
        persist_window: !screenshot_mode && opts.size.is_none(),
        ..Default::default()
    };
    let outcome = screenshot::Outcome::default();
    let outcome_for_app = outcome.clone();
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            style::apply(&cc.egui_ctx);
            // Records read best as dark text on a light page; a reader's own choice is kept.
            if screenshot_mode || cc.egui_ctx.options(|o| o.theme_preference) == egui::ThemePreference::System {
                cc.egui_ctx.set_theme(egui::Theme::Light);
            }
            let prefs = match (screenshot_mode, cc.storage) {
                (false, Some(storage)) => eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default(),
                _ => Prefs::default(),
            };
            let mut app = ReaderApp::new(doc, prefs, Box::new(NativeDialog), &notes_dir)?;
            app.persist = !screenshot_mode && !opts.exit_after_first_frame;
            app.exit_after_first_frame = opts.exit_after_first_frame;
            app.initial_size = opts.size.map(|(w, h)| egui::vec2(w, h));
            if opts.map {
                app.prefs.view = MainView::Map;
            }
            if !opts.regions.is_empty() {
                app.prefs.filter =
                    RegionFilter { regions: opts.regions.into_iter().collect(), ..RegionFilter::default() };
            }
            app.screenshot = opts.screenshot.map(|path| screenshot::Screenshot::new(path, outcome_for_app));
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;
    if screenshot_mode {
        outcome.result()?;
    }
    Ok(())
}
