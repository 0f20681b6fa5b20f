//! The "Your name" dialog (Menu → Your name…): the name, and an email or ORCID, that the
//! notes the reader writes are signed with (kept in the preferences).

use crate::gui::command::{AuthorCommand, Command};
use egui::{RichText, Ui};

pub fn author_dialog_ui(ui: &mut Ui, (name, id): (&str, &str), commands: &mut Vec<Command>) {
    let modal = egui::Modal::new(egui::Id::unique("author-dialog")).show(ui.ctx(), |ui| {
        ui.heading("Your name");
        ui.label(
            RichText::new("Signs the notes you write and change. Left blank: git's user.name, else your login name.")
                .small()
                .weak(),
        );
        egui::Grid::new("author").num_columns(2).spacing([8.0, 6.0]).show(ui, |ui| {
            for (label, value, field) in [
                ("Name", name, AuthorCommand::SetName as fn(String) -> AuthorCommand),
                ("Email or ORCID", id, AuthorCommand::SetId),
            ] {
                let label = ui.label(label);
                let mut text = value.to_owned();
                let edit = ui.add(egui::TextEdit::singleline(&mut text).desired_width(300.0)).labelled_by(label.id);
                if edit.changed() {
                    commands.push(field(text).into());
                }
                ui.end_row();
            }
        });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let accent = ui.visuals().selection.bg_fill;
            if ui.add(egui::Button::new(RichText::new("Save").strong()).fill(accent)).clicked() {
                commands.push(AuthorCommand::Save.into());
            }
            if ui.button("Cancel").clicked() {
                commands.push(AuthorCommand::Close.into());
            }
        });
    });
    if modal.should_close() {
        commands.push(AuthorCommand::Close.into());
    }
}
