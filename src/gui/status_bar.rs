//! The status bar: the outcome of the last action, errors in the error colour, and "Open
//! folder" after a file was written.

use super::{Command, ExportCommand, LayoutCommand, Status};

pub fn status_bar_ui(ui: &mut egui::Ui, status: &Status, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        match status {
            Status::Info(text) => {
                ui.label(text);
            }
            Status::Error(text) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("Error: {text}"));
            }
            Status::Saved { message, folder } => {
                ui.label(message);
                let button =
                    ui.button("Open folder").on_hover_text(format!("Show {} in the file manager", folder.display()));
                if button.clicked() {
                    commands.push(ExportCommand::OpenFolder(folder.clone()).into());
                }
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("Dismiss").clicked() {
                commands.push(LayoutCommand::DismissStatus.into());
            }
        });
    });
}
