//! The Export dialog (Ctrl+E) and the import confirmation (Ctrl+I, or a notes file dropped
//! on the window): what will happen is shown before anything is written.

use crate::core::export::{Format, ImportPlan};
use crate::gui::command::{Command, ExportCommand};
use egui::{RichText, Ui};

/// The Export dialog's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportChoice {
    pub format: Format,
    /// Only the notes that pass the current region, tag, colour and search filters.
    pub filtered: bool,
}

impl Default for ExportChoice {
    fn default() -> Self {
        Self { format: Format::Md, filtered: false }
    }
}

/// The dialog's main button: filled in the accent colour.
fn main_button(ui: &mut Ui, enabled: bool, text: String) -> egui::Response {
    let accent = ui.visuals().selection.bg_fill;
    let label = RichText::new(text).strong().color(ui.visuals().strong_text_color());
    ui.add_enabled(enabled, egui::Button::new(label).fill(accent))
}

pub fn export_dialog_ui(ui: &mut Ui, choice: &ExportChoice, all: usize, filtered: usize, commands: &mut Vec<Command>) {
    // A modal: the window behind is dimmed and takes no clicks; Esc or a click outside cancels.
    let modal = egui::Modal::new(egui::Id::unique("export-dialog")).show(ui.ctx(), |ui| {
        ui.heading("Export notes");
        {
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
                if main_button(ui, n > 0, format!("Export {n} notes…")).clicked() {
                    commands.push(ExportCommand::Export.into());
                }
                if ui.button("Cancel").clicked() {
                    commands.push(ExportCommand::CloseExportDialog.into());
                }
            });
        }
    });
    if modal.should_close() {
        commands.push(ExportCommand::CloseExportDialog.into());
    }
}

pub fn import_confirm_ui(ui: &mut Ui, path: &std::path::Path, plan: &ImportPlan, commands: &mut Vec<Command>) {
    let modal = egui::Modal::new(egui::Id::unique("import-dialog")).show(ui.ctx(), |ui| {
        ui.heading("Import notes");
        {
            ui.label(format!("From {}", path.display()));
            ui.label(RichText::new(plan.summary()).strong());
            for (id, why) in plan.skip.iter().take(8) {
                ui.label(RichText::new(format!("skip {id}: {why}")).small().weak());
            }
            ui.horizontal(|ui| {
                let n = plan.add.len() + plan.update.len();
                if main_button(ui, n > 0, format!("Import {n} notes")).clicked() {
                    commands.push(ExportCommand::ConfirmImport.into());
                }
                if ui.button("Cancel").clicked() {
                    commands.push(ExportCommand::CancelImport.into());
                }
            });
        }
    });
    if modal.should_close() {
        commands.push(ExportCommand::CancelImport.into());
    }
}
