//! The top bar: open a document, expand or collapse every section, theme.

use super::{Command, MainView};
use crate::core::Document;

pub fn top_bar_ui(ui: &mut egui::Ui, doc: &Document, filters_shown: bool, view: MainView, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        if ui.selectable_label(filters_shown, "Regions").on_hover_text("Show or hide the region filter").clicked() {
            commands.push(Command::ToggleFilterPanel);
        }
        if ui.button("Open…").on_hover_text("Open a record (Ctrl+O), or drop a file on the window").clicked() {
            commands.push(Command::OpenDialog);
        }
        ui.separator();
        for (v, label) in [(MainView::Document, "Document"), (MainView::Map, "Map")] {
            if ui.selectable_label(view == v, label).clicked() && view != v {
                commands.push(Command::SetView(v));
            }
        }
        ui.separator();
        if ui.button("Expand all").clicked() {
            commands.push(Command::ExpandAll);
        }
        if ui.button("Collapse all").clicked() {
            commands.push(Command::CollapseAll);
        }
        ui.separator();
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            theme_ui(ui);
            if ui.button("Notes").on_hover_text("Show or hide the notes panel").clicked() {
                commands.push(Command::ToggleNotesPanel);
            }
            ui.separator();
            ui.add(egui::Label::new(egui::RichText::new(&doc.meta.title).strong()).truncate());
        });
    });
}

/// Light / Dark switch. egui remembers the choice with the rest of its memory.
fn theme_ui(ui: &mut egui::Ui) {
    let dark = ui.visuals().dark_mode;
    let (label, next) = if dark { ("Light", egui::Theme::Light) } else { ("Dark", egui::Theme::Dark) };
    if ui.button(label).on_hover_text("Switch between light and dark reading").clicked() {
        ui.ctx().set_theme(next);
    }
}
