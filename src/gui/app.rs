//! The app: one state per area, the frame loop that draws the panels, and
//! [`ReaderApp::apply`], which routes each command the panels return to the area that owns
//! what it changes and carries out what that means for the others.

use super::command::{Command, DocumentCommand, Effects, ExportCommand, NotesCommand};
use super::document_state::{DocumentContext, DocumentState, Opened};
use super::document_view::ViewContext;
use super::export_state::{ExportContext, ExportState, export_notes};
use super::file_dialog::FileDialog;
use super::filter_state::FilterState;
use super::find_state::FindState;
use super::layout_state::{LayoutState, Status};
use super::notes_state::NotesState;
use super::prefs::{MainView, Prefs};
use super::{export_dialog, filter_panel, map_view, notes_panel, status_bar, top_bar};
use crate::core::Document;
use crate::core::places::gazetteer;
use std::collections::BTreeSet;
use std::path::Path;

pub struct ReaderApp {
    /// The record shown.
    pub doc: Document,
    /// Open sections, the view's rows, the record being opened.
    pub document: DocumentState,
    /// The region and country filter, and what the filter panel and the map show.
    pub filter: FilterState,
    pub find: FindState,
    pub notes: NotesState,
    pub export: ExportState,
    /// Which panels show, and the main view.
    pub layout: LayoutState,
    /// The status bar's message (changed through [`super::LayoutCommand`]).
    pub status: Option<Status>,
    dialog: Box<dyn FileDialog>,
    /// egui time of the current frame, seconds.
    now: f64,
    /// The window title last sent.
    title_sent: Option<String>,
}

impl ReaderApp {
    /// A window on `doc`, its notes in `notes_dir`. Fails only if the embedded gazetteer is damaged.
    pub fn new(doc: Document, prefs: Prefs, dialog: Box<dyn FileDialog>, notes_dir: &Path) -> anyhow::Result<Self> {
        let Prefs { collapsed, last_dir, filter, hide_filters, view, hide_notes, last_export_dir } = prefs;
        Ok(Self {
            notes: NotesState::open(notes_dir, &doc),
            find: FindState::for_document(&doc),
            // The document given at start-up is opened before the window: its warnings show here.
            status: warnings_note(&doc).map(Status::Info),
            doc,
            document: DocumentState::new(collapsed, last_dir),
            filter: FilterState::new(filter, gazetteer()?),
            export: ExportState::new(last_export_dir),
            layout: LayoutState { hide_filters, hide_notes, view },
            dialog,
            now: 0.0,
            title_sent: None,
        })
    }

    /// What is saved across restarts, gathered from the areas.
    pub fn prefs(&self) -> Prefs {
        Prefs {
            collapsed: self.document.collapsed.clone(),
            last_dir: self.document.last_dir.clone(),
            filter: self.filter.selection.clone(),
            hide_filters: self.layout.hide_filters,
            view: self.layout.view,
            hide_notes: self.layout.hide_notes,
            last_export_dir: self.export.last_dir.clone(),
        }
    }

    /// Is a document being opened?
    pub fn is_opening(&self) -> bool {
        self.document.is_opening()
    }

    /// The sections closed in the current document.
    pub fn collapsed(&self) -> BTreeSet<String> {
        self.document.collapsed_in(&self.doc)
    }

    pub fn is_open(&self, section_id: &str) -> bool {
        !self.document.collapsed.get(&self.doc.id).is_some_and(|c| c.contains(section_id))
    }

    /// Whether the layout is final: the document's rows are measured (the map needs none).
    pub fn layout_settled(&self) -> bool {
        self.layout.view == MainView::Map || self.document.view.settled()
    }

    /// Writes unsaved notes now (on exit, and for tests).
    pub fn flush_notes(&mut self) {
        self.notes.flush();
    }

    /// Draws the whole window for one frame, then applies what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.now = ui.ctx().input(|i| i.time);
        // Counts are brought up to date before the panels, which only read them.
        self.filter.refresh_counts(&self.doc);
        let mut commands = dropped_files(ui.ctx());
        shortcuts(ui.ctx(), &mut commands);
        self.bars_ui(ui, &mut commands);
        self.side_panels_ui(ui, &mut commands);
        self.dialogs_ui(ui, &mut commands);
        // The in-app file dialog, when one is open (it keeps its own state across frames).
        self.dialog.ui(ui.ctx(), &mut commands);
        match self.layout.view {
            MainView::Document => self.document_ui(ui, &mut commands),
            MainView::Map => self.map_ui(ui, &mut commands),
        }
        for command in commands {
            self.apply(command);
        }
        self.background_work(ui.ctx());
    }

    fn bars_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::Panel::top("top_bar").show(ui, |ui| {
            let bar = top_bar::TopBar {
                doc: &self.doc,
                filters_shown: !self.layout.hide_filters,
                view: self.layout.view,
                find_query: &self.find.query,
                found: self.find.hits.as_ref().map(std::vec::Vec::len),
            };
            top_bar::top_bar_ui(ui, bar, commands);
        });
        if let Some(status) = &self.status {
            egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::status_bar_ui(ui, status, commands));
        }
    }

    fn side_panels_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if !self.layout.hide_notes {
            egui::Panel::right("notes").resizable(true).default_size(300.0).show(ui, |ui| {
                // The panel scrolls its parts itself: the list is virtualised.
                notes_panel::notes_panel_ui(ui, &self.doc, &self.notes, commands);
            });
        }
        if !self.layout.hide_filters {
            egui::Panel::left("filters").resizable(true).default_size(240.0).show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| filter_panel::filter_panel_ui(ui, &self.filter, commands));
            });
        }
    }

    fn dialogs_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if let Some(choice) = &self.export.choice {
            let all = self.notes.store.live().count();
            let filtered = export_notes(&self.doc, &self.notes, &self.filter.selection, true).len();
            export_dialog::export_dialog_ui(ui, choice, all, filtered, commands);
        }
        if let Some((path, plan)) = &self.export.import {
            export_dialog::import_confirm_ui(ui, path, plan, commands);
        }
    }

    fn document_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let marks = self.document.marks(&self.notes);
        let collapsed = self.document.collapsed_in(&self.doc);
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let cx = ViewContext {
                doc: &self.doc,
                collapsed: &collapsed,
                filter: &self.filter.selection,
                find: self.find.hits.as_deref(),
                find_query: &self.find.query,
                gazetteer: self.filter.gazetteer,
                notes: &marks,
                now: self.now,
            };
            // The view writes only its own layout memory (the rows' measured heights).
            self.document.view.ui(ui, &cx, commands);
        });
    }

    fn map_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::CentralPanel::default_margins().show(ui, |ui| match self.filter.world_map() {
            Ok(map) => {
                let cx = map_view::MapContext {
                    map,
                    gazetteer: self.filter.gazetteer,
                    counts: self.filter.country_counts(),
                    filter: &self.filter.selection,
                };
                map_view::map_ui(ui, &cx, commands);
            }
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("The map cannot be shown: {e}"));
            }
        });
    }

    /// A record read in the background is shown; the notes are saved after a pause.
    fn background_work(&mut self, ctx: &egui::Context) {
        if let Some((path, read)) = self.document.take_opened() {
            self.status = Some(self.show_opened(&path, read));
        }
        if let Some(status) = self.export.poll() {
            self.status = Some(status);
        }
        if self.document.is_opening() || self.export.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
        if self.notes.tick(&self.doc, self.now) {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// A record read in the background replaces the one shown, with its notes and Find
    /// index; what to tell the reader.
    fn show_opened(&mut self, path: &Path, read: std::thread::Result<Opened>) -> Status {
        let (doc, notes) = match read {
            Ok(Ok(opened)) => opened,
            Ok(Err(e)) => return Status::Error(format!("Could not open {}: {e}", path.display())),
            Err(_) => {
                return Status::Error(format!(
                    "Could not open {}: reading it stopped unexpectedly (the document now open is unchanged)",
                    path.display()
                ));
            }
        };
        if doc.id == self.doc.id {
            // The same record again (perhaps another copy or edition of it): the notes open now
            // are the newest, edits made while it was read included. They are kept and placed
            // on the text just read; the copy read from disk is dropped.
            self.notes.place_on(&doc);
            drop(notes);
        } else {
            self.notes.flush();
            self.notes = notes;
        }
        let status = Status::Info(format!(
            "Opened {}: {} sections, {} entries{}",
            path.display(),
            doc.sections.len(),
            doc.entry_count(),
            warnings_note(&doc).map(|note| format!(". {note}")).unwrap_or_default()
        ));
        self.doc = doc;
        self.document.replace_document();
        self.find = FindState::for_document(&self.doc);
        status
    }

    /// Routes a command to the area that owns what it changes, then carries out what the
    /// change means for the other areas: the document view's rows, and follow-up commands.
    pub fn apply(&mut self, command: impl Into<Command>) {
        let effects = match command.into() {
            Command::Document(c) => {
                let dialog = &mut *self.dialog;
                let cx = DocumentContext { doc: &self.doc, dialog, notes_dir: &self.notes.dir, now: self.now };
                self.document.apply(c, cx)
            }
            Command::Filter(c) => self.filter.apply(c),
            Command::Find(c) => self.find.apply(c, &self.doc),
            Command::Notes(c) => self.notes.apply(c, &self.doc, &mut *self.dialog, self.now),
            Command::Export(c) => {
                let cx = ExportContext {
                    doc: &self.doc,
                    notes: &mut self.notes,
                    filter: &self.filter.selection,
                    gazetteer: self.filter.gazetteer,
                    dialog: &mut *self.dialog,
                    now: self.now,
                };
                self.export.apply(c, cx)
            }
            Command::Layout(c) => self.layout.apply(c, &mut self.status),
        };
        let Effects { rows_changed, heights_changed, then } = effects;
        if rows_changed {
            self.document.view.invalidate();
        }
        if heights_changed {
            self.document.view.invalidate_heights();
        }
        for command in then {
            self.apply(command);
        }
    }
}

fn shortcuts(ctx: &egui::Context, commands: &mut Vec<Command>) {
    use egui::{Key, Modifiers};
    ctx.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND, Key::O) {
            commands.push(DocumentCommand::OpenDialog.into());
        }
        if i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z) || i.consume_key(Modifiers::COMMAND, Key::Y) {
            commands.push(NotesCommand::Redo.into());
        }
        if i.consume_key(Modifiers::COMMAND, Key::Z) {
            commands.push(NotesCommand::Undo.into());
        }
        if i.consume_key(Modifiers::COMMAND, Key::E) {
            commands.push(ExportCommand::OpenExportDialog.into());
        }
        if i.consume_key(Modifiers::COMMAND, Key::I) {
            commands.push(ExportCommand::OpenImportDialog.into());
        }
    });
}

fn dropped_files(ctx: &egui::Context) -> Vec<Command> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .map(|p| {
                // A notes file is imported; anything else is opened as a record.
                let name = p.to_string_lossy().to_lowercase();
                if name.ends_with(".ron") || name.ends_with(".json") || name.ends_with(".jsonld") {
                    ExportCommand::ImportPath(p).into()
                } else {
                    DocumentCommand::Open(p).into()
                }
            })
            .collect()
    })
}

impl eframe::App for ReaderApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let title = format!("Record Reader — {}", self.doc.meta.title);
        if self.title_sent.as_ref() != Some(&title) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = Some(title);
        }
        self.show(ui);
    }

    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        super::run::limit_glyph_atlas(raw_input);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.notes.flush();
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs());
    }
}

/// The document's warnings for the status bar, e.g. "Note: 3 bytes that are not valid UTF-8
/// were replaced with �"; `None` when there are none.
fn warnings_note(doc: &Document) -> Option<String> {
    (!doc.warnings.is_empty()).then(|| format!("Note: {}", doc.warnings.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::filter::RegionFilter;
    use crate::gui::LayoutCommand;
    use crate::gui::file_dialog::ScriptedDialog;

    fn app(dir: &Path, prefs: Prefs) -> ReaderApp {
        let doc = crate::core::open::embedded().unwrap();
        ReaderApp::new(doc, prefs, Box::new(ScriptedDialog::default()), dir).unwrap()
    }

    #[test]
    fn the_preferences_go_to_their_areas_and_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let prefs = Prefs {
            collapsed: [("doc".to_owned(), ["s1".to_owned()].into())].into(),
            last_dir: Some("/records".into()),
            filter: RegionFilter { regions: ["AF".to_owned()].into(), ..RegionFilter::default() },
            hide_filters: true,
            view: MainView::Map,
            hide_notes: true,
            last_export_dir: Some("/exports".into()),
        };
        let app = app(dir.path(), prefs.clone());
        assert_eq!(app.prefs(), prefs);
        assert!(app.filter.selection.regions.contains("AF") && app.layout.view == MainView::Map);
    }

    #[test]
    fn a_note_added_or_selected_is_shown_with_its_entry() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), Prefs::default());
        let (section, entry) = app.doc.find_entry("2.1").unwrap();
        let (section, entry) = (section.id.clone(), entry.id.to_string());
        app.apply(LayoutCommand::ToggleNotesPanel);
        app.apply(NotesCommand::Add(entry));
        assert!(!app.layout.hide_notes, "adding a note shows the notes panel");
        let id = app.notes.selected.unwrap();
        app.apply(NotesCommand::Deselect);
        app.apply(DocumentCommand::CollapseAll);
        app.apply(LayoutCommand::SetView(MainView::Map));
        // Notes → Document (open the section) → Layout (show the document).
        app.apply(NotesCommand::Select(id));
        assert_eq!(app.notes.selected, Some(id));
        assert!(app.is_open(&section), "its section opened");
        assert!(!app.is_open(&app.doc.sections[0].id), "the others stay closed");
        assert_eq!(app.layout.view, MainView::Document);
    }

    #[test]
    fn a_failed_open_is_told_in_the_status_bar() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), Prefs::default());
        app.apply(DocumentCommand::Open("/nonexistent/record.txt".into()));
        assert!(matches!(&app.status, Some(Status::Info(m)) if m.starts_with("Opening /nonexistent/record.txt")));
        let start = std::time::Instant::now();
        while app.is_opening() {
            assert!(start.elapsed() < std::time::Duration::from_secs(20));
            std::thread::sleep(std::time::Duration::from_millis(5));
            app.background_work(&egui::Context::default());
        }
        assert!(matches!(&app.status, Some(Status::Error(m)) if m.starts_with("Could not open /nonexistent")));
        assert_eq!(app.doc.sections.len(), 6, "the record shown stays");
    }
}
