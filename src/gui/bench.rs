//! The window's part of `record-reader bench report`: frames run headless (the whole UI in
//! an egui context, laid out and tessellated, without a window or GPU), and start-up to the
//! first painted frame with peak memory, beside a bare eframe window.

use super::file_dialog::ScriptedDialog;
use super::{Prefs, ReaderApp};
use crate::bench::{Report, median, percentile};
use crate::core::Document;
use crate::core::filter::RegionFilter;
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
        super::style::apply(&ctx);
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
            if self.app.view.settled() {
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
pub fn frames_and_startup(r: &mut Report, doc_path: &Path, notes_dir: &Path) -> anyhow::Result<()> {
    // The seed, no filter, scrolling.
    let seed_dir = temp_notes_dir("seed")?;
    let mut h = Headless::new(crate::core::open::embedded()?, Prefs::default(), &seed_dir)?;
    h.settle(20);
    let seed = scroll_frames(&mut h, 300);
    r.frame_ms_seed_median = Some(median(&seed));
    r.frame_ms_seed_p99 = Some(percentile(&seed, 99.0));
    let _ = std::fs::remove_dir_all(&seed_dir);

    // 100k entries, 10k notes, filtered to Africa, scrolling.
    let doc = crate::core::open::open_path(doc_path)?;
    let prefs = Prefs {
        filter: RegionFilter { regions: ["AF".to_owned()].into(), ..RegionFilter::default() },
        ..Prefs::default()
    };
    let mut h = Headless::new(doc, prefs, notes_dir)?;
    h.settle(20);
    let large = scroll_frames(&mut h, 600);
    r.frame_ms_large_median = Some(median(&large));
    r.frame_ms_large_p99 = Some(percentile(&large, 99.0));

    // Typing a search into the document's Find box, one character a frame.
    let typing = typing_frames(&mut h, "elections in nigeria");
    r.frame_ms_large_typing_median = Some(median(&typing));
    r.frame_ms_large_typing_p99 = Some(percentile(&typing, 99.0));

    startup(r);
    Ok(())
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
        Self { first_frame_unix_ns: ns, rss_mb: crate::bench::peak_rss_mb() }
    }
}

/// Start-up and peak RSS of this binary and of the bare eframe window (`examples/bare_hello`,
/// built beside it with `cargo build --release --example bare_hello`), median of 5 runs each.
fn startup(r: &mut Report) {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        r.skipped.push("start-up and memory: no display (run under xvfb-run)".to_owned());
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        r.skipped.push("start-up: cannot find this program".to_owned());
        return;
    };
    let bare = exe.parent().map(|d| d.join("examples").join("bare_hello"));
    let scratch = std::env::temp_dir().join(format!("record-reader-bench-{}-startup", std::process::id()));
    let ours = std::process::Command::new(&exe);
    match runs(ours, &["--exit-after-first-frame", "--notes-dir"], Some(&scratch)) {
        Ok((ms, rss)) => {
            r.startup_ms = Some(ms);
            r.rss_mb = rss;
        }
        Err(e) => r.skipped.push(format!("start-up: {e}")),
    }
    match bare.filter(|b| b.exists()) {
        Some(bare) => match runs(std::process::Command::new(bare), &[], None) {
            Ok((ms, rss)) => {
                r.startup_ms_bare = Some(ms);
                r.rss_mb_bare = rss;
            }
            Err(e) => r.skipped.push(format!("bare window: {e}")),
        },
        None => r.skipped.push(
            "bare window: build it first with `cargo build --release --example bare_hello` (it is looked for beside \
             this program, in examples/)"
                .to_owned(),
        ),
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

fn runs(mut cmd: std::process::Command, args: &[&str], dir_arg: Option<&Path>) -> anyhow::Result<(f64, Option<f64>)> {
    cmd.args(args);
    if let Some(d) = dir_arg {
        cmd.arg(d);
    }
    let mut times = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..5 {
        let start = SystemTime::now().duration_since(UNIX_EPOCH)?.as_nanos();
        let out = cmd.output()?;
        anyhow::ensure!(out.status.success(), "exited with {}: {}", out.status, String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8_lossy(&out.stdout);
        let first: FirstFrame =
            serde_json::from_str(line.trim()).map_err(|e| anyhow::anyhow!("unexpected output {line:?}: {e}"))?;
        times.push(Duration::from_nanos(first.first_frame_unix_ns.saturating_sub(start) as u64).as_secs_f64() * 1000.0);
        rss.extend(first.rss_mb);
    }
    Ok((median(&times), (!rss.is_empty()).then(|| median(&rss))))
}
