//! The top bar: open a document, expand or collapse every section, Find, theme.
//!
//! The Find box edits a copy of the words the state holds and sends them as
//! [`FindCommand::Set`] when they change. The Light/Dark switch changes egui's own theme
//! setting (egui keeps it with its memory), not the app's state.

use super::{Command, DocumentCommand, FindCommand, LayoutCommand, MainView};
use crate::core::Document;

/// What the top bar shows.
#[derive(Clone, Copy)]
pub struct TopBar<'a> {
    pub doc: &'a Document,
    pub filters_shown: bool,
    pub view: MainView,
    pub find_query: &'a str,
    /// How many entries the Find box found, when it has words in it.
    pub found: Option<usize>,
}

pub fn top_bar_ui(ui: &mut egui::Ui, bar: TopBar<'_>, commands: &mut Vec<Command>) {
    let TopBar { doc, filters_shown, view, find_query, found } = bar;
    ui.horizontal(|ui| {
        if ui.selectable_label(filters_shown, "Regions").on_hover_text("Show or hide the region filter").clicked() {
            commands.push(LayoutCommand::ToggleFilterPanel.into());
        }
        if ui.button("Open…").on_hover_text("Open a record (Ctrl+O), or drop a file on the window").clicked() {
            commands.push(DocumentCommand::OpenDialog.into());
        }
        ui.separator();
        for (v, label) in [(MainView::Document, "Document"), (MainView::Map, "Map")] {
            if ui.selectable_label(view == v, label).clicked() && view != v {
                commands.push(LayoutCommand::SetView(v).into());
            }
        }
        ui.separator();
        if ui.button("Expand all").clicked() {
            commands.push(DocumentCommand::ExpandAll.into());
        }
        if ui.button("Collapse all").clicked() {
            commands.push(DocumentCommand::CollapseAll.into());
        }
        ui.separator();
        find_ui(ui, find_query, found, commands);
        ui.separator();
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            theme_ui(ui);
            if ui.button("Notes").on_hover_text("Show or hide the notes panel").clicked() {
                commands.push(LayoutCommand::ToggleNotesPanel.into());
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

/// The Find box (Ctrl+F): entries containing every word typed, as the reader types.
fn find_ui(ui: &mut egui::Ui, query: &str, found: Option<usize>, commands: &mut Vec<Command>) {
    let mut text = query.to_owned();
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id_salt("find_in_document")
            .hint_text("Find in document")
            .desired_width(170.0),
    );
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
        response.request_focus();
    }
    if response.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        text.clear();
    }
    if text != query {
        commands.push(FindCommand::Set(text).into());
    }
    if let Some(n) = found {
        ui.label(egui::RichText::new(if n == 1 { "1 entry".to_owned() } else { format!("{n} entries") }).weak());
        if ui.small_button("×").on_hover_text("Stop finding (Esc)").clicked() {
            commands.push(FindCommand::Stop.into());
        }
    }
}
