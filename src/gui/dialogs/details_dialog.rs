//! The Record details dialog (Menu → Record details…): the title, publisher, web address,
//! the page's date and the access date a citation needs, kept beside the record in `<file>.record.ron`.

use crate::core::details::RecordDetails;
use crate::gui::command::{Command, DetailField, DocumentCommand};
use egui::{RichText, Ui};

pub fn details_dialog_ui(ui: &mut Ui, details: &RecordDetails, commands: &mut Vec<Command>) {
    let modal = egui::Modal::new(egui::Id::unique("details-dialog")).show(ui.ctx(), |ui| {
        ui.heading("Record details");
        ui.label(RichText::new("For citations; kept beside the record in a .record.ron file.").small().weak());
        egui::Grid::new("details").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
            for (field, label, value) in [
                (DetailField::Title, "Title", &details.title),
                (DetailField::Publisher, "Publisher", &details.publisher),
                (DetailField::Url, "Web address", &details.url),
                (DetailField::Date, "Page date", &details.date),
                (DetailField::Accessed, "Accessed (date)", &details.accessed),
            ] {
                let name = ui.label(label);
                let mut text = value.clone().unwrap_or_default();
                let edit = ui.add(egui::TextEdit::singleline(&mut text).desired_width(360.0)).labelled_by(name.id);
                if edit.changed() {
                    commands.push(DocumentCommand::SetDetail(field, text).into());
                }
                ui.end_row();
            }
        });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let accent = ui.visuals().selection.bg_fill;
            if ui.add(egui::Button::new(RichText::new("Save").strong()).fill(accent)).clicked() {
                commands.push(DocumentCommand::SaveDetails.into());
            }
            if ui.button("Cancel").clicked() {
                commands.push(DocumentCommand::CloseDetails.into());
            }
        });
    });
    if modal.should_close() {
        commands.push(DocumentCommand::CloseDetails.into());
    }
}
