//! The top bar: the region panel's toggle at the left edge, the view (document or map) as
//! one segmented control, Open and Find, then the menu and the notes panel's toggle at the
//! right edge. In a narrow window Open moves into the menu.
//!
//! The Find box edits a copy of the words the state holds and sends them as
//! [`FindCommand::Set`] when they change. The dark-theme switch changes egui's own theme
//! setting (egui keeps it with its memory), not the app's state.

use crate::core::export::cite::CiteStyle;
use crate::gui::command::{
    AuthorCommand, Command, DocumentCommand, ExportCommand, FindCommand, LayoutCommand, ShareCommand, WebCommand,
};
use crate::gui::prefs::MainView;
use crate::gui::style::Reading;

/// Below this width (logical pixels) the top bar moves Open into the menu.
const NARROW_BAR: f32 = 640.0;
/// Below this width the Find box goes to a row of its own under the bar.
const FIND_OWN_ROW: f32 = 560.0;

/// What the top bar shows.
#[derive(Clone, Copy)]
pub struct TopBar<'a> {
    pub filters_shown: bool,
    pub notes_shown: bool,
    pub view: MainView,
    pub find_query: &'a str,
    pub reading: Reading,
    pub cite_style: CiteStyle,
    /// When each record was last read (Open recent lists the last ten, once the menu opens).
    pub read_at: &'a std::collections::BTreeMap<std::path::PathBuf, i64>,
    /// The notes sync by themselves every five minutes.
    pub auto_sync: bool,
}

pub fn top_bar_ui(ui: &mut egui::Ui, bar: TopBar<'_>, commands: &mut Vec<Command>) {
    let narrow = ui.available_width() < NARROW_BAR;
    // Narrower still (a small window, or display scaling), the Find box takes a row of its
    // own rather than run under the Menu.
    let find_below = ui.available_width() < FIND_OWN_ROW;
    ui.horizontal(|ui| {
        let toggle = ui.selectable_label(bar.filters_shown, "Sidebar");
        if toggle.on_hover_text("Show or hide the contents and the region filter").clicked() {
            commands.push(LayoutCommand::ToggleFilterPanel.into());
        }
        ui.separator();
        view_switch(ui, bar.view, commands);
        ui.separator();
        if !narrow && ui.button("Open…").on_hover_text("Open a record (Ctrl+O), or drop a file on the window").clicked()
        {
            commands.push(DocumentCommand::OpenDialog.into());
        }
        if !find_below {
            find_ui(ui, bar.find_query, bar.view == MainView::Library, commands);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let toggle = ui.selectable_label(bar.notes_shown, "Notes");
            if toggle.on_hover_text("Show or hide the notes panel").clicked() {
                commands.push(LayoutCommand::ToggleNotesPanel.into());
            }
            ui.menu_button("Menu", |ui| menu_ui(ui, narrow, bar, commands));
        });
    });
    if find_below {
        ui.horizontal(|ui| find_ui(ui, bar.find_query, bar.view == MainView::Library, commands));
    }
}

/// Document, Map and Library, as one control of three segments.
fn view_switch(ui: &mut egui::Ui, view: MainView, commands: &mut Vec<Command>) {
    egui::Frame::new().fill(ui.visuals().faint_bg_color).corner_radius(6.0).inner_margin(2.0).show(ui, |ui| {
        ui.spacing_mut().item_spacing.x = 2.0;
        for (v, label) in [(MainView::Document, "Document"), (MainView::Map, "Map"), (MainView::Library, "Library")] {
            if ui.selectable_label(view == v, label).clicked() && view != v {
                commands.push(LayoutCommand::SetView(v).into());
            }
        }
    });
}

/// A menu's item, with its shortcut beside it; the menu closes when it is clicked.
fn menu_item(ui: &mut egui::Ui, label: &str, shortcut: &str) -> bool {
    let button = egui::Button::new(label);
    let button = if shortcut.is_empty() { button } else { button.shortcut_text(shortcut) };
    let clicked = ui.add(button).clicked();
    if clicked {
        ui.close();
    }
    clicked
}

/// The menu's reading part: the size, the width, the face, place names, the theme.
fn reading_menu_ui(ui: &mut egui::Ui, reading: Reading, commands: &mut Vec<Command>) {
    let usual = format!("Usual size ({:.0} %)", reading.scale * 100.0);
    for (label, shortcut, by) in [("Larger text", "Ctrl++", 1), ("Smaller text", "Ctrl+-", -1), (&usual, "Ctrl+0", 0)] {
        if menu_item(ui, label, shortcut) {
            commands.push(LayoutCommand::ReadingSize(by).into());
        }
    }
    ui.menu_button("Reading width", |ui| {
        for width in crate::gui::style::ReadingWidth::ALL {
            let label = format!("{} (about {:.0} characters a line)", width.label(), width.line_chars());
            if ui.radio(reading.width == width, label).clicked() {
                commands.push(LayoutCommand::SetReadingWidth(width).into());
                ui.close();
            }
        }
    });
    let mut serif = reading.serif;
    if ui.checkbox(&mut serif, "Serif reading face").changed() {
        commands.push(LayoutCommand::SetSerif(serif).into());
    }
    let mut underline = reading.underline_places;
    if ui.checkbox(&mut underline, "Underline place names").changed() {
        commands.push(LayoutCommand::SetUnderlinePlaces(underline).into());
    }
    let mut dark = ui.visuals().dark_mode;
    if ui.checkbox(&mut dark, "Dark theme").changed() {
        ui.ctx().set_theme(if dark { egui::Theme::Dark } else { egui::Theme::Light });
    }
}

/// The menu: what is used less often, and what a narrow bar has no room for.
fn menu_ui(ui: &mut egui::Ui, narrow: bool, bar: TopBar<'_>, commands: &mut Vec<Command>) {
    let item = menu_item;
    if narrow && item(ui, "Open…", "Ctrl+O") {
        commands.push(DocumentCommand::OpenDialog.into());
    }
    if item(ui, "Open web address…", "Ctrl+L") {
        commands.push(WebCommand::OpenDialog(None).into());
    }
    ui.menu_button("Open recent", |ui| {
        let recent = crate::gui::state::document::recent(bar.read_at, 10);
        if recent.is_empty() {
            ui.add_enabled(false, egui::Button::new("No records read yet"));
        }
        for path in recent {
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            if ui.button(name).on_hover_text(path.display().to_string()).clicked() {
                commands.push(DocumentCommand::Open(path.clone()).into());
                ui.close();
            }
        }
    });
    ui.separator();
    if item(ui, "Record details…", "") {
        commands.push(DocumentCommand::EditDetails.into());
    }
    if item(ui, "Expand all", "") {
        commands.push(DocumentCommand::ExpandAll.into());
    }
    if item(ui, "Collapse all", "") {
        commands.push(DocumentCommand::CollapseAll.into());
    }
    ui.separator();
    reading_menu_ui(ui, bar.reading, commands);
    ui.menu_button("Citation style", |ui| {
        for style in [CiteStyle::Chicago, CiteStyle::Apa, CiteStyle::Mla] {
            if ui.radio(bar.cite_style == style, style.label()).clicked() {
                commands.push(ExportCommand::SetCiteStyle(style).into());
                ui.close();
            }
        }
    });
    ui.separator();
    if item(ui, "Your name…", "") {
        commands.push(AuthorCommand::Edit.into());
    }
    if item(ui, "Sync notes", "") {
        commands.push(ShareCommand::Sync.into());
    }
    let mut auto = bar.auto_sync;
    if ui.checkbox(&mut auto, "Sync every five minutes").changed() {
        commands.push(ShareCommand::SetAuto(auto).into());
    }
    ui.separator();
    if item(ui, "Keyboard shortcuts", "F1") {
        commands.push(LayoutCommand::ToggleShortcuts.into());
    }
    if item(ui, "Quit", "Ctrl+Q") {
        commands.push(LayoutCommand::Quit.into());
    }
}

/// The Find box (Ctrl+F): every word typed is found as the reader types. Enter and
/// Shift+Enter step through the matches, Esc clears them.
fn find_ui(ui: &mut egui::Ui, query: &str, library_shown: bool, commands: &mut Vec<Command>) {
    let mut text = query.to_owned();
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id_salt("find_in_document")
            .hint_text("Find in document")
            // Room is left for the Menu and Notes at the right edge in a narrow window.
            .desired_width((ui.available_width() - 150.0).clamp(80.0, 170.0).min(ui.available_width())),
    );
    let bar = ui.min_rect().expand2(egui::vec2(0.0, 4.0)).union(response.rect);
    crate::gui::panels::keys::register_stop(ui.ctx(), crate::gui::panels::keys::Stop::TopBar, bar, Some(response.id));
    // The box keeps its name once text is typed (egui names it by its hint only while empty).
    crate::gui::a11y::name_text_box(&response, "Find in document", &text, "Find in document");
    // Beside the library, Ctrl+F is the library's search (its view takes the key).
    if !library_shown && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
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
        if crate::gui::a11y::clear_button(ui, "Find", true).on_hover_text("Esc").clicked() {
            commands.push(FindCommand::Stop.into());
        }
    });
}
