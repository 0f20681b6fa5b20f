//! The status bar: the outcome of the last action, errors in the error colour, and "Open
//! folder" after a file was written. A long message wraps rather than pushing the buttons
//! out of the window.

use crate::gui::command::{Command, ExportCommand, LayoutCommand, Status};

/// Room kept for the buttons after the message: "Dismiss", and "Open folder" after a save.
const DISMISS_WIDTH: f32 = 80.0;
const OPEN_FOLDER_WIDTH: f32 = 110.0;

pub fn status_bar_ui(ui: &mut egui::Ui, status: &Status, commands: &mut Vec<Command>) {
    let (message, folder) = match status {
        Status::Info(text) => (egui::WidgetText::from(text), None),
        Status::Error(text) => {
            (egui::RichText::new(format!("Error: {text}")).color(ui.visuals().error_fg_color).into(), None)
        }
        Status::Saved { message, folder } => (egui::WidgetText::from(message), Some(folder)),
    };
    ui.horizontal(|ui| {
        let buttons = DISMISS_WIDTH + if folder.is_some() { OPEN_FOLDER_WIDTH } else { 0.0 };
        let width = (ui.available_width() - buttons).max(120.0);
        ui.scope(|ui| {
            ui.set_max_width(width);
            ui.add(egui::Label::new(message).wrap());
        });
        if let Some(folder) = folder {
            let hover = format!("Show {} in the file manager", folder.display());
            if ui.button("Open folder").on_hover_text(hover).clicked() {
                commands.push(ExportCommand::OpenFolder(folder.clone()).into());
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("Dismiss").clicked() {
                commands.push(LayoutCommand::DismissStatus.into());
            }
        });
    });
}
