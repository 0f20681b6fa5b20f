//! A bare eframe "hello" window, built with the same features and profile as Record Reader,
//! for `record-reader bench report` to compare start-up time and peak memory against.
//! It prints the same JSON line as `record-reader --exit-after-first-frame` and exits.

use record_reader::gui::bench::FirstFrame;

struct Hello {
    frames: u64,
}

impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| ui.label("Hello"));
        // As in the app: the second call is the first after a painted frame.
        self.frames += 1;
        if self.frames == 2 {
            if let Ok(line) = serde_json::to_string(&FirstFrame::now()) {
                println!("{line}");
            }
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        } else {
            ui.ctx().request_repaint();
        }
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1100.0, 820.0]),
        persist_window: false,
        ..Default::default()
    };
    eframe::run_native("bare-hello", options, Box::new(|_cc| Ok(Box::new(Hello { frames: 0 }))))
}
