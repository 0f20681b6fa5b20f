//! The window's part of `record-reader bench report`: frames run headless (the whole UI in
//! an egui context, laid out and tessellated, without a window or GPU), and start-up to the
//! first painted frame with peak memory, beside a bare eframe window.

use crate::core::Document;
use crate::core::bench::{Report, median, percentile};
use crate::core::filter::RegionFilter;
use crate::gui::app::ReaderApp;
use crate::gui::dialogs::file_dialog::ScriptedDialog;
use crate::gui::prefs::Prefs;
use egui::{Event, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, vec2};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const SCREEN: (f32, f32) = (1280.0, 800.0);

/// One headless window: an egui context, the app, and a clock.
pub struct Headless {
    pub ctx: egui::Context,
    pub app: ReaderApp,
    time: f64,
}

impl Headless {
    pub fn new(doc: Document, prefs: Prefs, notes_dir: &Path) -> anyhow::Result<Self> {
        let ctx = egui::Context::default();
        crate::gui::style::apply(&ctx);
        ctx.set_theme(egui::Theme::Light);
        let app = ReaderApp::new(doc, prefs, Box::new(ScriptedDialog::default()), notes_dir)?;
        Ok(Self { ctx, app, time: 0.0 })
    }

    /// One frame with these input events; returns its CPU time (layout and tessellation), ms.
    pub fn frame(&mut self, events: Vec<Event>) -> f64 {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(SCREEN.0, SCREEN.1))),
            time: Some(self.time),
            predicted_dt: 1.0 / 60.0,
            focused: true,
            events,
            ..RawInput::default()
        };
        let t = Instant::now();
        let mut out = self.ctx.run_ui(input, |ui| self.app.show(ui));
        out.textures_delta.clear(); // no GPU to upload font atlases to
        let primitives = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(primitives);
        t.elapsed().as_secs_f64() * 1000.0
    }

    /// Frames until the layout settles (row heights measured), at most `max`.
    pub fn settle(&mut self, max: usize) {
        for _ in 0..max {
            self.frame(Vec::new());
            if self.app.document.view.settled() {
                break;
            }
        }
    }
}

fn wheel(dy: f32) -> Vec<Event> {
    vec![
        Event::PointerMoved(Pos2::new(SCREEN.0 * 0.5, SCREEN.1 * 0.5)),
        Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, dy),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Unknown,
            modifiers: Modifiers::NONE,
        },
    ]
}

/// Scrolls down `frames` frames (and back up every 100), returning each frame's time.
pub fn scroll_frames(h: &mut Headless, frames: usize) -> Vec<f64> {
    (0..frames).map(|i| h.frame(wheel(if (i / 100) % 2 == 0 { -120.0 } else { 120.0 }))).collect()
}

fn temp_notes_dir(name: &str) -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("record-reader-bench-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Fills the frame and start-up figures of `r`.
pub fn frames_and_startup(
    r: &mut Report,
    doc_path: &Path,
    notes_dir: &Path,
    highlights_dir: &Path,
) -> anyhow::Result<()> {
    // The seed, no filter, scrolling.
    let seed_dir = temp_notes_dir("seed")?;
    let mut h = Headless::new(crate::core::open::embedded()?, Prefs::default(), &seed_dir)?;
    h.settle(20);
    let seed = scroll_frames(&mut h, 300);
    r.frame_ms_seed_median = Some(median(&seed));
    r.frame_ms_seed_p99 = Some(percentile(&seed, 99.0));
    let _ = std::fs::remove_dir_all(&seed_dir);

    // 100k entries and 10k notes: read, parsed, notes loaded and placed, first frame drawn.
    let mut runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let doc = crate::core::open::open_path(doc_path)?;
        let mut h = Headless::new(doc, Prefs::default(), notes_dir)?;
        h.frame(Vec::new());
        runs.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    r.open_with_notes_ms_large = Some(median(&runs));

    // 100k entries, 10k notes, filtered to Africa: scrolling, then typing a search into the
    // document's Find box, one character a frame.
    let (large, typing) = scroll_and_type(doc_path, notes_dir)?;
    r.frame_ms_large_median = Some(median(&large));
    r.frame_ms_large_p99 = Some(percentile(&large, 99.0));
    r.frame_ms_large_typing_median = Some(median(&typing));
    r.frame_ms_large_typing_p99 = Some(percentile(&typing, 99.0));
    // The same, the 10k notes all highlights.
    let (large, typing) = scroll_and_type(doc_path, highlights_dir)?;
    r.frame_ms_large_highlights_p99 = Some(percentile(&large, 99.0));
    r.frame_ms_large_highlights_typing_p99 = Some(percentile(&typing, 99.0));

    // One entry of 1 MB naming 20,000 places.
    let (shown, scrolling) = long_entry(1_000_000, 20_000)?;
    r.frame_ms_long_entry = Some(shown);
    r.frame_ms_long_entry_scroll_p99 = Some(percentile(&scrolling, 99.0));

    startup(r);
    Ok(())
}

/// One entry of about `bytes` naming `places` places (a pasted report): the time from its
/// text to the window showing it, laid out (parse, open, frames until the layout settles),
/// and the frames scrolling through it after, ms.
pub fn long_entry(bytes: usize, places: usize) -> anyhow::Result<(f64, Vec<f64>)> {
    let text = crate::core::synth::long_entry_text(bytes, places, 1, crate::core::places::gazetteer()?);
    let dir = temp_notes_dir("long-entry")?;
    let t = Instant::now();
    let doc = crate::core::open::from_bytes(text.as_bytes(), Some("long.txt"))?;
    let mut h = Headless::new(doc, Prefs::default(), &dir)?;
    h.settle(30);
    let shown = t.elapsed().as_secs_f64() * 1000.0;
    let scrolling = scroll_frames(&mut h, 60);
    let _ = std::fs::remove_dir_all(&dir);
    Ok((shown, scrolling))
}

/// The Library view's frames: scrolling the catalogue of the library in `library_dir`
/// (already indexed), and, with a `scratch` folder, while a cold scan of `records_dir` into a
/// new library there runs in the background. Returns (scrolling, while indexing), ms.
pub fn library_frames(
    records_dir: &Path,
    library_dir: &Path,
    scratch: Option<&Path>,
) -> anyhow::Result<(Vec<f64>, Vec<f64>)> {
    use crate::gui::command::LibraryJobsCommand;
    let notes_dir = records_dir.join("notes");
    let prefs = Prefs { view: crate::gui::prefs::MainView::Library, ..Prefs::default() };
    let mut h = Headless::new(crate::core::open::embedded()?, prefs.clone(), &notes_dir)?;
    h.app.library = crate::gui::state::library::LibraryState::new(Some(library_dir.to_owned()));
    // The catalogue is read in the background: frames until it is shown.
    let start = Instant::now();
    while (h.app.library.catalogue.records.is_empty() || h.app.library.busy())
        && start.elapsed() < Duration::from_secs(120)
    {
        h.frame(Vec::new());
        std::thread::sleep(Duration::from_millis(5));
    }
    let scrolling = scroll_frames(&mut h, 300);
    let Some(scratch) = scratch else { return Ok((scrolling, Vec::new())) };

    let mut h = Headless::new(crate::core::open::embedded()?, prefs, &notes_dir)?;
    h.app.library = crate::gui::state::library::LibraryState::new(Some(scratch.to_owned()));
    h.frame(Vec::new());
    h.app.apply(LibraryJobsCommand::AddFolder(records_dir.to_owned()));
    let mut indexing = Vec::new();
    let start = Instant::now();
    while h.app.library.busy() && start.elapsed() < Duration::from_secs(300) {
        indexing.push(h.frame(wheel(-120.0)));
        // A frame every 16 ms, as a display would ask for.
        std::thread::sleep(Duration::from_millis(16));
    }
    Ok((scrolling, indexing))
}

/// The record at `doc_path` with the notes in `notes_dir`, filtered to Africa: the frame
/// times of scrolling, then of typing a search.
fn scroll_and_type(doc_path: &Path, notes_dir: &Path) -> anyhow::Result<(Vec<f64>, Vec<f64>)> {
    let doc = crate::core::open::open_path(doc_path)?;
    let africa = RegionFilter { regions: ["AF".to_owned()].into(), ..RegionFilter::default() };
    let prefs = Prefs { filters: [(doc.id.clone(), africa)].into(), ..Prefs::default() };
    let mut h = Headless::new(doc, prefs, notes_dir)?;
    h.settle(20);
    let scrolling = scroll_frames(&mut h, 600);
    let typing = typing_frames(&mut h, "elections in nigeria");
    Ok((scrolling, typing))
}

/// Focuses the document's Find box (Ctrl+F) and types `text`, a character a frame, then
/// lets the results settle; returns each frame's time.
pub fn typing_frames(h: &mut Headless, text: &str) -> Vec<f64> {
    h.frame(vec![Event::Key {
        key: egui::Key::F,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    }]);
    let mut times: Vec<f64> = text.chars().map(|c| h.frame(vec![Event::Text(c.to_string())])).collect();
    times.extend((0..30).map(|_| h.frame(Vec::new())));
    if std::env::var_os("RR_DBG").is_some() {
        eprintln!("TYPING {:?}", times.iter().map(|t| (t * 10.0).round() / 10.0).collect::<Vec<_>>());
    }
    times
}

/// What a child started with `--exit-after-first-frame` prints.
#[derive(Debug, serde::Deserialize, serde::Serialize)]
pub struct FirstFrame {
    /// Wall clock at the first painted frame, ns since the Unix epoch.
    pub first_frame_unix_ns: u128,
    pub rss_mb: Option<f64>,
}

impl FirstFrame {
    pub fn now() -> Self {
        let ns = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Self { first_frame_unix_ns: ns, rss_mb: crate::core::bench::peak_rss_mb() }
    }
}

/// How many times each program is started for the start-up figures.
const STARTUP_RUNS: usize = 11;

/// Start-up and peak RSS of this binary and of the bare eframe window (`examples/bare_hello`,
/// built beside it with `cargo build --release --example bare_hello`): the median of
/// [`STARTUP_RUNS`] runs each, alternated (this program, then the bare window), so that a
/// machine slowing down or speeding up between runs weighs on both alike.
fn startup(r: &mut Report) {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        r.skipped.push("start-up and memory: no display (run under xvfb-run)".to_owned());
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        r.skipped.push("start-up: cannot find this program".to_owned());
        return;
    };
    let scratch = std::env::temp_dir().join(format!("record-reader-bench-{}-startup", std::process::id()));
    let mut ours = std::process::Command::new(&exe);
    ours.arg("--exit-after-first-frame").arg("--notes-dir").arg(&scratch);
    let mut bare = match exe.parent().map(|d| d.join("examples").join("bare_hello")).filter(|b| b.exists()) {
        Some(path) => Some(std::process::Command::new(path)),
        None => {
            r.skipped.push(
                "bare window: build it first with `cargo build --release --example bare_hello` (it is looked for \
                 beside this program, in examples/)"
                    .to_owned(),
            );
            None
        }
    };
    let (mut ours_runs, mut bare_runs) = (Runs::default(), Runs::default());
    for _ in 0..STARTUP_RUNS {
        if let Err(e) = ours_runs.run(&mut ours) {
            r.skipped.push(format!("start-up: {e}"));
            break;
        }
        if let Some(cmd) = &mut bare
            && let Err(e) = bare_runs.run(cmd)
        {
            r.skipped.push(format!("bare window: {e}"));
            bare = None;
        }
    }
    (r.startup_ms, r.rss_mb) = ours_runs.medians();
    (r.startup_ms_bare, r.rss_mb_bare) = bare_runs.medians();
    let _ = std::fs::remove_dir_all(&scratch);
}

/// Times to the first painted frame (ms) and peak RSS (MB) of the runs of one program.
#[derive(Default)]
struct Runs {
    times: Vec<f64>,
    rss: Vec<f64>,
}

impl Runs {
    /// Starts `cmd` once; it prints a [`FirstFrame`] line and exits.
    fn run(&mut self, cmd: &mut std::process::Command) -> anyhow::Result<()> {
        let start = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos();
        let out = cmd.output()?;
        anyhow::ensure!(out.status.success(), "exited with {}: {}", out.status, String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8_lossy(&out.stdout);
        let first: FirstFrame =
            serde_json::from_str(line.trim()).map_err(|e| anyhow::anyhow!("unexpected output {line:?}: {e}"))?;
        let ns = u64::try_from(first.first_frame_unix_ns.saturating_sub(start)).unwrap_or(u64::MAX);
        self.times.push(Duration::from_nanos(ns).as_secs_f64() * 1000.0);
        self.rss.extend(first.rss_mb);
        Ok(())
    }

    /// The median time and RSS; `None` for what no run gave.
    fn medians(&self) -> (Option<f64>, Option<f64>) {
        ((!self.times.is_empty()).then(|| median(&self.times)), (!self.rss.is_empty()).then(|| median(&self.rss)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> std::process::Command {
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c").arg(script);
        cmd
    }

    #[test]
    fn start_up_runs_read_the_first_frame_line_and_report_failures() {
        let mut runs = Runs::default();
        assert_eq!(runs.medians(), (None, None), "no run, no figure");
        // A program that prints its first frame as painted now, at 40 then 60 MB.
        for rss in ["40.0", "60.0", "50.0"] {
            let script = format!("printf '{{\"first_frame_unix_ns\":%s,\"rss_mb\":{rss}}}\\n' \"$(date +%s%N)\"");
            runs.run(&mut sh(&script)).unwrap();
        }
        let (ms, rss) = runs.medians();
        assert!(ms.is_some_and(|ms| (0.0..5_000.0).contains(&ms)), "{ms:?}");
        assert_eq!(rss, Some(50.0));
        // A program that fails, or prints something else, is an error, not a figure.
        let failed = runs.run(&mut sh("echo broken >&2; exit 3")).unwrap_err().to_string();
        assert!(failed.contains("exited with") && failed.contains("broken"), "{failed}");
        let odd = runs.run(&mut sh("echo hello")).unwrap_err().to_string();
        assert!(odd.contains("unexpected output"), "{odd}");
        assert_eq!(runs.times.len(), 3);
    }
}
