//! The status bar: the outcome of the last action, errors in the error colour.

use super::{Command, LayoutCommand, Status};

pub fn status_bar_ui(ui: &mut egui::Ui, status: &Status, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        match status {
            Status::Info(text) => ui.label(text),
            Status::Error(text) => ui.colored_label(ui.visuals().error_fg_color, format!("Error: {text}")),
        };
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button("Dismiss").clicked() {
                commands.push(LayoutCommand::DismissStatus.into());
            }
        });
    });
}
