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
}

pub fn top_bar_ui(ui: &mut egui::Ui, bar: TopBar<'_>, commands: &mut Vec<Command>) {
    let TopBar { doc, filters_shown, view, find_query } = bar;
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
        find_ui(ui, find_query, commands);
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

/// The Find box (Ctrl+F): every word typed is found as the reader types. Enter and
/// Shift+Enter step through the matches, Esc clears them.
fn find_ui(ui: &mut egui::Ui, query: &str, commands: &mut Vec<Command>) {
    let mut text = query.to_owned();
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id_salt("find_in_document")
            .hint_text("Find in document")
            .desired_width(170.0),
    );
    // The box keeps its name once text is typed (egui names it by its hint only while empty).
    response.widget_info(|| egui::WidgetInfo::text_edit(true, "Find in document", &text, "Find in document"));
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
        response.request_focus();
    }
    // A single-line box gives up the keyboard on Enter and Esc: Enter steps to the next
    // match and keeps it, Esc clears Find.
    let (enter, shift, escape) =
        ui.input(|i| (i.key_pressed(egui::Key::Enter), i.modifiers.shift, i.key_pressed(egui::Key::Escape)));
    if response.lost_focus() && escape {
        commands.push(FindCommand::Stop.into());
        return;
    }
    if text != query {
        commands.push(FindCommand::Set(text).into());
    } else if response.lost_focus() && enter {
        commands.push(if shift { FindCommand::Previous } else { FindCommand::Next }.into());
        response.request_focus();
    }
}

/// What the Find bar shows, below the top bar while Find has words.
pub struct FindBar<'a> {
    /// "3 of 17".
    pub position: &'a str,
    pub only_matching: bool,
}

/// The Find bar: where the reader is among the matches, the way to the next and previous,
/// whether only the entries that match are shown, and the way to clear Find.
pub fn find_bar_ui(ui: &mut egui::Ui, bar: &FindBar<'_>, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(bar.position).strong());
        if ui.button("Previous").on_hover_text("Previous match (Shift+Enter, Shift+F3)").clicked() {
            commands.push(FindCommand::Previous.into());
        }
        if ui.button("Next").on_hover_text("Next match (Enter, F3)").clicked() {
            commands.push(FindCommand::Next.into());
        }
        ui.separator();
        let mut only = bar.only_matching;
        let toggle = ui.checkbox(&mut only, "Only matching entries");
        if toggle.on_hover_text("Show only the entries that match, or every entry with the matches marked").changed() {
            commands.push(FindCommand::SetOnlyMatching(only).into());
        }
        ui.separator();
        if ui.button("Clear Find").on_hover_text("Clear Find (Esc)").clicked() {
            commands.push(FindCommand::Stop.into());
        }
    });
}
