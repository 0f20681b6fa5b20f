//! Launching the window: the options the binary passes, the viewport, icon and persistence,
//! and the launch modes. A screenshot or a start-up measurement is not the app's business:
//! [`Launch`] wraps the app in its [`LaunchMode`], and the app never knows which it runs in.

use crate::core::Document;
use crate::core::filter::RegionFilter;
use crate::gui::app::ReaderApp;
use crate::gui::clipboard::SystemClipboard;
use crate::gui::command::{LayoutCommand, Status};
use crate::gui::dialogs::system_dialog::{SystemDialog, portal};
use crate::gui::prefs::{MainView, Prefs};
use crate::gui::{bench, screenshot, style};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// The app id: names the window class, the desktop file and the settings folder.
/// The window's app id: the Wayland app id and the X11 `WM_CLASS`, matched by desktops to the
/// installed `io.github.record_reader.RecordReader.desktop` (its `StartupWMClass`).
pub const APP_ID: &str = "io.github.record_reader.RecordReader";

/// How the binary asks for the window.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    pub file: Option<PathBuf>,
    /// Where notes files live (--notes-dir / `RECORD_READER_NOTES_DIR`); the platform's data folder otherwise.
    pub notes_dir: Option<PathBuf>,
    pub screenshot: Option<PathBuf>,
    pub size: Option<(f32, f32)>,
    /// Open on the map instead of the document.
    pub map: bool,
    /// Open on the Library view.
    pub show_library: bool,
    /// Where the library keeps its folder list and index (--library-dir); the platform's data folder otherwise.
    pub library_dir: Option<PathBuf>,
    /// Open in the dark theme.
    pub dark: bool,
    /// Scale the whole window (`--zoom`), as display scaling does.
    pub zoom: Option<f32>,
    /// Open filtered to these bureaus.
    pub regions: Vec<String>,
    /// Print [`bench::FirstFrame`] after the first painted frame and close.
    pub exit_after_first_frame: bool,
}

/// How the window runs.
pub enum LaunchMode {
    /// For a reader: the preferences are read at start and saved.
    Interactive,
    /// `--screenshot OUT.png`: the preferences are neither read nor saved (the picture must
    /// not depend on them); the window closes once the PNG is written.
    Screenshot(screenshot::Screenshot),
    /// `--exit-after-first-frame`: prints [`bench::FirstFrame`] once a frame has been
    /// painted, and closes. The preferences are read but not saved.
    ExitAfterFirstFrame {
        /// Frames laid out so far.
        frames_run: u64,
    },
}

impl LaunchMode {
    /// Whether the saved preferences are read at start.
    pub fn reads_prefs(&self) -> bool {
        !matches!(self, Self::Screenshot(_))
    }

    /// Whether the preferences are saved (on exit, and now and then by eframe).
    pub fn saves_prefs(&self) -> bool {
        matches!(self, Self::Interactive)
    }

    /// Called after each frame of the app has been laid out.
    fn after_frame(&mut self, ctx: &egui::Context, layout_settled: bool) {
        match self {
            Self::Interactive => {}
            Self::Screenshot(shot) => shot.on_frame(ctx, layout_settled),
            Self::ExitAfterFirstFrame { frames_run } => {
                // This call lays out frame n; frame n-1 has been painted. Frame 0 is painted once
                // this one starts, so the second call is the first after a painted frame.
                *frames_run += 1;
                if *frames_run == 2 {
                    match serde_json::to_string(&bench::FirstFrame::now()) {
                        Ok(line) => println!("{line}"),
                        Err(e) => eprintln!("record-reader: {e}"),
                    }
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                } else {
                    ctx.request_repaint();
                }
            }
        }
    }
}

/// What eframe runs: the app, in its launch mode.
pub struct Launch {
    pub app: ReaderApp,
    pub mode: LaunchMode,
    /// `--size`: eframe restores a saved window size over the one asked for, so it is asked
    /// for again on the first frame.
    pub initial_size: Option<egui::Vec2>,
}

impl eframe::App for Launch {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if let Some(size) = self.initial_size.take() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
        }
        self.app.ui(ui, frame);
        self.mode.after_frame(ui.ctx(), self.app.layout_settled());
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.app.raw_input_hook(ctx, raw_input);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.mode.saves_prefs() {
            self.app.save(storage);
        } else {
            self.app.flush_notes();
        }
    }
}

fn window_icon() -> Option<egui::IconData> {
    let png = include_bytes!("../../assets/icon-256.png");
    let img = image::load_from_memory(png).ok()?.into_rgba8();
    let (width, height) = img.dimensions();
    Some(egui::IconData { rgba: img.into_raw(), width, height })
}

/// The record the window opens on: the file asked for, else the record that was open when
/// the window was last closed (`last`), else the built-in record. When the one chosen cannot
/// be read (launched from a file manager on a file that is gone, a FIFO, a record moved
/// since), the built-in record and why, for the status bar. Fails only if the built-in
/// record is damaged.
pub fn start_document(file: Option<&Path>, last: Option<&Path>) -> anyhow::Result<(Document, Option<String>)> {
    let embedded = || crate::core::open::embedded().context("the built-in document could not be read");
    let (path, given) = match (file, last) {
        (Some(path), _) => (path, true),
        (None, Some(path)) => (path, false),
        (None, None) => return Ok((embedded()?, None)),
    };
    match crate::core::open::open_path(path) {
        Ok(doc) => Ok((doc, None)),
        Err(e) => {
            let what = if given { "Could not open" } else { "Could not open the record read last time," };
            let why = format!("{what} {}: {e}. The built-in record is shown instead.", path.display());
            eprintln!("record-reader: {why}");
            Ok((embedded()?, Some(why)))
        }
    }
}

/// The window's style, zoom and theme. Records read best as dark text on a light page; a
/// reader's own choice is kept.
fn set_look(ctx: &egui::Context, opts: &LaunchOptions, screenshot_mode: bool) {
    style::apply(ctx);
    if let Some(zoom) = opts.zoom {
        ctx.set_zoom_factor(zoom);
    }
    if opts.dark {
        ctx.set_theme(egui::Theme::Dark);
    } else if screenshot_mode || ctx.options(|o| o.theme_preference) == egui::ThemePreference::System {
        ctx.set_theme(egui::Theme::Light);
    }
}

/// Opens the window. Returns when it is closed (or, with `--screenshot`, once the PNG is written).
pub fn run(opts: LaunchOptions) -> anyhow::Result<()> {
    let (w, h) = opts.size.unwrap_or((1100.0, 820.0));
    // The record's title joins it once the record is read (after the preferences, which say
    // which record was open last).
    let mut viewport = egui::ViewportBuilder::default()
        .with_app_id(APP_ID)
        .with_title("Record Reader")
        .with_inner_size([w, h])
        .with_min_inner_size([400.0, 300.0]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let notes_dir = crate::core::notes::folder(opts.notes_dir.as_deref())?;
    let outcome = screenshot::Outcome::default();
    let mode = match &opts.screenshot {
        Some(path) => LaunchMode::Screenshot(screenshot::Screenshot::new(path.clone(), outcome.clone())),
        None if opts.exit_after_first_frame => LaunchMode::ExitAfterFirstFrame { frames_run: 0 },
        None => LaunchMode::Interactive,
    };
    let screenshot_mode = matches!(mode, LaunchMode::Screenshot(_));
    if matches!(mode, LaunchMode::Interactive) {
        portal::warm_up(); // the first Open… need not wait for the session bus
    }
    let options = eframe::NativeOptions {
        viewport,
        // Beside the notes folder, not in a folder named after the app id.
        persistence_path: crate::core::notes::store::data_dir().ok().map(|d| d.join("app.ron")),
        persist_window: !screenshot_mode && opts.size.is_none(),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            set_look(&cc.egui_ctx, &opts, screenshot_mode);
            let mut prefs = match (mode.reads_prefs(), cc.storage) {
                (true, Some(storage)) => eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default(),
                _ => Prefs::default(),
            };
            let (doc, trouble) = start_document(opts.file.as_deref(), prefs.open_record.as_deref())?;
            if opts.map {
                prefs.view = MainView::Map;
            }
            if opts.show_library {
                prefs.view = MainView::Library;
            }
            if !opts.regions.is_empty() {
                let regions = RegionFilter { regions: opts.regions.into_iter().collect(), ..RegionFilter::default() };
                prefs.filters.insert(doc.id.clone(), regions);
            }
            let recent = [prefs.last_dir.clone(), prefs.last_export_dir.clone()].into_iter().flatten();
            let dialog = SystemDialog::new(recent);
            let mut app = ReaderApp::new(doc, prefs, Box::new(dialog), &notes_dir)?
                .with_library_dir(opts.library_dir.clone())
                .with_clipboard(Box::new(SystemClipboard::default()));
            if let Some(why) = trouble {
                app.apply(LayoutCommand::ShowStatus(Status::Error(why)));
            }
            let initial_size = opts.size.map(|(w, h)| egui::vec2(w, h));
            Ok(Box::new(Launch { app, mode, initial_size }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;
    if screenshot_mode {
        outcome.result()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The viewport commands `mode` sends after one frame.
    fn frame(mode: &mut LaunchMode, ctx: &egui::Context) -> Vec<egui::ViewportCommand> {
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| mode.after_frame(ui.ctx(), true));
        out.textures_delta.clear(); // no GPU here to upload the glyph atlas to
        out.viewport_output.get(&egui::ViewportId::ROOT).map(|v| v.commands.clone()).unwrap_or_default()
    }

    #[test]
    fn a_file_that_cannot_be_read_opens_the_built_in_record_and_says_why() {
        let (doc, why) = start_document(Some(Path::new("/nonexistent/record.txt")), None).unwrap();
        assert_eq!(doc.id, crate::core::open::embedded().unwrap().id);
        let why = why.unwrap();
        assert!(why.starts_with("Could not open /nonexistent/record.txt: "), "{why}");
        assert!(why.ends_with("The built-in record is shown instead."), "{why}");
        let dir = tempfile::tempdir().unwrap();
        let folder = start_document(Some(dir.path()), None).unwrap().1.unwrap();
        assert!(folder.contains("not a regular file"), "{folder}");
        let fixture = Path::new("tests/fixtures/record-of-progress-wrapped.txt");
        let (doc, why) = start_document(Some(fixture), None).unwrap();
        assert!(why.is_none() && doc.sections.iter().any(|s| s.title == "Building Open Markets"));
        assert!(start_document(None, None).unwrap().1.is_none());
        // With no file given, the record read last time; one given wins over it.
        let (last, why) = start_document(None, Some(fixture)).unwrap();
        assert!(why.is_none() && last.id == doc.id);
        let (given, _) =
            start_document(Some(Path::new("assets/documents/promoting-democracy-and-human-rights.txt")), Some(fixture))
                .unwrap();
        assert_ne!(given.id, doc.id);
        // The record read last time, gone since: the built-in record, and why.
        let (shown, why) = start_document(None, Some(Path::new("/nonexistent/last.txt"))).unwrap();
        assert_eq!(shown.id, crate::core::open::embedded().unwrap().id);
        assert!(why.unwrap().starts_with("Could not open the record read last time, /nonexistent/last.txt: "));
    }

    #[test]
    fn only_a_readers_window_saves_the_preferences() {
        let shot = screenshot::Screenshot::new("/nonexistent.png".into(), screenshot::Outcome::default());
        let modes =
            [LaunchMode::Interactive, LaunchMode::Screenshot(shot), LaunchMode::ExitAfterFirstFrame { frames_run: 0 }];
        let read_saved: Vec<_> = modes.iter().map(|m| (m.reads_prefs(), m.saves_prefs())).collect();
        assert_eq!(read_saved, [(true, true), (false, false), (true, false)]);
    }

    #[test]
    fn the_start_up_measurement_closes_after_the_first_painted_frame() {
        let ctx = egui::Context::default();
        let mut mode = LaunchMode::ExitAfterFirstFrame { frames_run: 0 };
        assert!(!frame(&mut mode, &ctx).contains(&egui::ViewportCommand::Close), "frame 0 is not painted yet");
        assert!(frame(&mut mode, &ctx).contains(&egui::ViewportCommand::Close));
        let mut interactive = LaunchMode::Interactive;
        assert!(frame(&mut interactive, &ctx).is_empty());
    }
}
