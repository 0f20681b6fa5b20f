//! The Export dialog (Ctrl+E) and the import confirmation (Ctrl+I, or a notes file dropped
//! on the window): what will happen is shown before anything is written.

use super::export_state::ExportChoice;
use super::{Command, ExportCommand};
use crate::core::export::{Format, ImportPlan};
use egui::{RichText, Ui};

pub fn export_dialog_ui(ui: &mut Ui, choice: &ExportChoice, all: usize, filtered: usize, commands: &mut Vec<Command>) {
    egui::Window::new("Export notes")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ui.ctx(), |ui| {
            ui.label(RichText::new("Format").strong());
            for f in Format::ALL {
                if ui.radio(choice.format == f, f.label()).clicked() {
                    commands.push(ExportCommand::SetFormat(f).into());
                }
            }
            ui.add_space(6.0);
            ui.label(RichText::new("Notes").strong());
            if ui.radio(!choice.filtered, format!("All notes · {all}")).clicked() {
                commands.push(ExportCommand::SetFiltered(false).into());
            }
            if ui.radio(choice.filtered, format!("Only those the filters show · {filtered}")).clicked() {
                commands.push(ExportCommand::SetFiltered(true).into());
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let n = if choice.filtered { filtered } else { all };
                if ui.add_enabled(n > 0, egui::Button::new(format!("Export {n} notes…"))).clicked() {
                    commands.push(ExportCommand::Export.into());
                }
                if ui.button("Cancel").clicked() {
                    commands.push(ExportCommand::CloseExportDialog.into());
                }
            });
        });
}

pub fn import_confirm_ui(ui: &mut Ui, path: &std::path::Path, plan: &ImportPlan, commands: &mut Vec<Command>) {
    egui::Window::new("Import notes")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ui.ctx(), |ui| {
            ui.label(format!("From {}", path.display()));
            ui.label(RichText::new(plan.summary()).strong());
            for (id, why) in plan.skip.iter().take(8) {
                ui.label(RichText::new(format!("skip {id}: {why}")).small().weak());
            }
            ui.horizontal(|ui| {
                let n = plan.add.len() + plan.update.len();
                if ui.add_enabled(n > 0, egui::Button::new(format!("Import {n} notes"))).clicked() {
                    commands.push(ExportCommand::ConfirmImport.into());
                }
                if ui.button("Cancel").clicked() {
                    commands.push(ExportCommand::CancelImport.into());
                }
            });
        });
}
