//! The app: one state per area, the frame loop that draws the panels, and
//! [`ReaderApp::apply`], which routes each command the panels return to the area that owns
//! what it changes and carries out what that means for the others.

use crate::core::Document;
use crate::core::places::gazetteer;
use crate::gui::clipboard::{Clipboard, MemoryClipboard};
use crate::gui::command::Status;
use crate::gui::command::{Command, DocumentCommand, Effects, ExportCommand};
use crate::gui::dialogs::file_dialog::FileDialog;
use crate::gui::dialogs::{author_dialog, details_dialog, export_dialog, web_dialog};
use crate::gui::job::JobFailed;
use crate::gui::panels::{filter_panel, keys, library_view, map_view, notes_panel, outline, status_bar, top_bar};
use crate::gui::prefs::{MainView, Prefs};
use crate::gui::state::author::AuthorState;
use crate::gui::state::document::{DocumentContext, DocumentState, Opened};
use crate::gui::state::export::{ExportContext, ExportState, export_notes};
use crate::gui::state::filter::FilterState;
use crate::gui::state::find::FindState;
use crate::gui::state::layout::{LayoutContext, LayoutState, NARROW_WINDOW, SidePanel};
use crate::gui::state::library::LibraryState;
use crate::gui::state::notes::NotesState;
use crate::gui::state::rows::ViewContext;
use crate::gui::state::share::ShareState;
use crate::gui::state::web::WebState;
use std::collections::BTreeSet;
use std::path::Path;

/// Seconds an information message stays in the status bar before it fades.
pub const STATUS_STAYS: f64 = 6.0;
/// Seconds it takes to fade.
const STATUS_FADES: f64 = 1.0;

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
    /// The library of records: folders, scan, search, catalogue.
    pub library: LibraryState,
    /// Records taken from the web: the Open web address dialog, the page being fetched.
    pub web: WebState,
    /// The notes folder synced through git.
    pub share: ShareState,
    /// Who is writing: the name the notes are signed with.
    pub author: AuthorState,
    /// The status bar's message (changed through [`crate::gui::command::LayoutCommand`]).
    pub status: Option<Status>,
    /// The message last seen by the frame loop, and when it came (egui time): information
    /// fades after a few seconds, errors stay until dismissed.
    status_seen: Option<(Status, f64)>,
    dialog: Box<dyn FileDialog>,
    /// Where the app's copies go (the system's clipboard in the window, memory in tests).
    clipboard: Box<dyn Clipboard>,
    /// The window's egui context, for what must reach the platform (the clipboard).
    ctx: egui::Context,
    /// egui time of the current frame, seconds.
    now: f64,
    /// The window title last sent.
    title_sent: Option<String>,
}

impl ReaderApp {
    /// A window on `doc`, its notes in `notes_dir`. Fails only if the embedded gazetteer is damaged.
    pub fn new(doc: Document, prefs: Prefs, dialog: Box<dyn FileDialog>, notes_dir: &Path) -> anyhow::Result<Self> {
        let Prefs {
            collapsed,
            last_dir,
            filters,
            positions,
            hide_filters,
            view,
            hide_notes,
            last_export_dir,
            find_marks_in_place,
            reading,
            cite_style,
            read_at,
            open_record: _,
            auto_sync,
            author,
        } = prefs;
        let mut document = DocumentState::new(collapsed, last_dir, positions).with_read_at(read_at);
        document.restore_position(&doc);
        document.note_read(&doc);
        let read_at_now = document.read_at.clone();
        Ok(Self {
            notes: NotesState::open(notes_dir, &doc),
            find: FindState::for_document(&doc, !find_marks_in_place),
            // The document given at start-up is opened before the window: its warnings show here.
            status: warnings_note(&doc).map(Status::Info),
            filter: FilterState::new(filters, &doc.id, gazetteer()?),
            doc,
            document,
            export: ExportState::new(last_export_dir, cite_style),
            layout: LayoutState { hide_filters, hide_notes, view, reading, ..LayoutState::default() },
            library: LibraryState::default().with_last_read(&read_at_now),
            web: WebState::default(),
            share: ShareState::new(auto_sync),
            author: AuthorState::new(author.as_ref()),
            dialog,
            status_seen: None,
            clipboard: Box::new(MemoryClipboard::default()),
            ctx: egui::Context::default(),
            now: 0.0,
            title_sent: None,
        })
    }

    /// Sends the app's copies to `clipboard` (the system's, in the window).
    #[must_use]
    pub fn with_clipboard(mut self, clipboard: Box<dyn Clipboard>) -> Self {
        self.clipboard = clipboard;
        self
    }

    /// Keeps the library in `dir` instead of the platform's data folder (`--library-dir`, tests).
    #[must_use]
    pub fn with_library_dir(mut self, dir: Option<std::path::PathBuf>) -> Self {
        self.library = LibraryState::new(dir.clone()).with_last_read(&self.document.read_at);
        self.web = WebState::new(dir);
        self
    }

    /// What is saved across restarts, gathered from the areas.
    pub fn prefs(&self) -> Prefs {
        Prefs {
            collapsed: self.document.collapsed.clone(),
            last_dir: self.document.last_dir.clone(),
            filters: self.filter.saved(&self.doc.id),
            positions: self.document.saved_positions(&self.doc),
            hide_filters: self.layout.hide_filters,
            view: self.layout.view,
            hide_notes: self.layout.hide_notes,
            last_export_dir: self.export.last_dir.clone(),
            find_marks_in_place: !self.find.only_matching,
            reading: self.layout.reading,
            cite_style: self.export.cite_style,
            read_at: self.document.read_at.clone(),
            open_record: crate::gui::state::document::record_file(&self.doc),
            auto_sync: self.share.auto,
            author: self.author.setting.clone(),
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

    /// Whether the layout is final: the document's rows are measured (the map needs none),
    /// the library's catalogue is read.
    pub fn layout_settled(&self) -> bool {
        match self.layout.view {
            MainView::Document => self.document.view.settled(),
            MainView::Map => true,
            MainView::Library => self.library.settled(),
        }
    }

    /// Writes unsaved notes now (on exit, and for tests).
    pub fn flush_notes(&mut self) {
        self.notes.flush();
    }

    /// Draws the whole window for one frame, then applies what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.now = ui.ctx().input(|i| i.time);
        self.ctx = ui.ctx().clone();
        crate::gui::a11y::name_window(ui.ctx(), &format!("Record Reader — {}", self.doc.meta.title));
        self.layout.narrow = ui.ctx().content_rect().width() < NARROW_WINDOW;
        // Counts are brought up to date before the panels, which only read them.
        self.filter.refresh_counts(&self.doc);
        let mut commands = dropped_files(ui.ctx());
        keys::window_shortcuts(ui.ctx(), &mut commands);
        keys::cycle_stops(ui.ctx(), &mut commands);
        let status_opacity = self.age_status(ui.ctx());
        self.bars_ui(ui, status_opacity, &mut commands);
        self.side_panels_ui(ui, &mut commands);
        self.dialogs_ui(ui, &mut commands);
        // The in-app file dialog, when one is open (it keeps its own state across frames).
        self.dialog.ui(ui.ctx(), &mut commands);
        if self.layout.shortcuts_shown {
            keys::shortcuts_ui(ui.ctx(), &mut commands);
        }
        let modal = self.export.choice.is_some()
            || self.export.import.is_some()
            || self.document.details.is_some()
            || self.author.dialog.is_some()
            || self.web.dialog.is_some()
            || self.dialog.is_open();
        if !modal {
            // An address pasted where no text box has the keyboard is offered for opening.
            keys::pasted_address(ui.ctx(), &mut commands);
        }
        if !modal && !self.layout.shortcuts_shown {
            // After the panels, so that a focused text box keeps its keys.
            keys::reading_keys(ui.ctx(), self.layout.view, &mut commands);
        }
        match self.layout.view {
            MainView::Document => self.document_ui(ui, &mut commands),
            MainView::Map => self.map_ui(ui, &mut commands),
            MainView::Library => self.library_ui(ui, &mut commands),
        }
        keys::focus_ring(ui.ctx());
        for command in commands {
            self.apply(command);
        }
        if std::mem::take(&mut self.layout.quit) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.background_work(ui.ctx());
    }

    /// How opaque the status bar's message is now: information fades out after
    /// [`STATUS_STAYS`] seconds (a saved file's message, with its "Open folder", stays longer)
    /// and then goes; an error stays until dismissed.
    fn age_status(&mut self, ctx: &egui::Context) -> f32 {
        let Some(status) = &self.status else {
            self.status_seen = None;
            return 1.0;
        };
        if self.status_seen.as_ref().is_none_or(|(seen, _)| seen != status) {
            self.status_seen = Some((status.clone(), self.now));
        }
        let stays = match status {
            Status::Error(_) => return 1.0,
            Status::Info(_) => STATUS_STAYS,
            Status::Saved { .. } => STATUS_STAYS * 2.0,
        };
        let age = self.now - self.status_seen.as_ref().map_or(self.now, |(_, since)| *since);
        if age >= stays + STATUS_FADES {
            self.status = None;
            self.status_seen = None;
            return 1.0;
        }
        let wait = if age < stays { stays - age } else { 0.05 };
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        if age < stays { 1.0 } else { (1.0 - (age - stays) / STATUS_FADES) as f32 }
    }

    fn bars_ui(&self, ui: &mut egui::Ui, status_opacity: f32, commands: &mut Vec<Command>) {
        egui::Panel::top("top_bar").show(ui, |ui| {
            let bar = top_bar::TopBar {
                read_at: &self.document.read_at,
                filters_shown: self.layout.shows(SidePanel::Filters),
                notes_shown: self.layout.shows(SidePanel::Notes),
                view: self.layout.view,
                find_query: &self.find.query,
                reading: self.layout.reading,
                cite_style: self.export.cite_style,
                auto_sync: self.share.auto,
            };
            top_bar::top_bar_ui(ui, bar, commands);
        });
        if let Some(position) = self.find.position_text() {
            egui::Panel::top("find_bar").show(ui, |ui| {
                let bar = top_bar::FindBar { position: &position, only_matching: self.find.only_matching };
                top_bar::find_bar_ui(ui, &bar, commands);
            });
        }
        if let Some(status) = &self.status {
            egui::Panel::bottom("status_bar").show(ui, |ui| {
                ui.set_opacity(status_opacity);
                status_bar::status_bar_ui(ui, status, commands);
            });
        }
    }

    fn side_panels_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if self.layout.shows(SidePanel::Notes) {
            egui::Panel::right("notes").resizable(true).default_size(300.0).show(ui, |ui| {
                if self.layout.view == MainView::Library {
                    library_view::notes_ui(ui, &self.library, commands);
                } else {
                    // The panel scrolls its parts itself: the list is virtualised.
                    notes_panel::notes_panel_ui(ui, &self.doc, &self.notes, commands);
                }
            });
        }
        if self.layout.shows(SidePanel::Filters) {
            egui::Panel::left("filters").resizable(true).default_size(240.0).show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    // Beside the library, its own region filter: the record's outline and
                    // filter belong to the record.
                    if self.layout.view == MainView::Library {
                        library_view::regions_ui(ui, &self.library, commands);
                    } else {
                        outline::outline_ui(ui, &self.doc, commands);
                        ui.separator();
                        filter_panel::filter_panel_ui(ui, &self.filter, commands);
                    }
                    keys::scroll_focus_into_view(ui);
                });
            });
        }
    }

    fn dialogs_ui(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        // While the file dialog asks where to write, the Export dialog waits behind it (a
        // modal would dim it and take its clicks).
        if self.dialog.is_open() {
            return;
        }
        if let Some(choice) = &self.export.choice {
            let all = self.notes.store.live().count();
            let filtered = export_notes(&self.doc, &self.notes, &self.filter.selection, true).len();
            export_dialog::export_dialog_ui(ui, choice, all, filtered, commands);
        }
        if let Some((path, plan)) = &self.export.import {
            export_dialog::import_confirm_ui(ui, path, plan, commands);
        }
        if let Some(details) = &self.document.details {
            details_dialog::details_dialog_ui(ui, details, commands);
        }
        if let Some((name, id)) = &self.author.dialog {
            author_dialog::author_dialog_ui(ui, (name, id), commands);
        }
        if let Some(dialog) = &self.web.dialog {
            let shown = self
                .web
                .fetching
                .as_ref()
                .map(|f| web_dialog::FetchShown { address: &f.address, seconds: f.seconds() });
            // The library's own folders, but not the Web records one, which is offered as such.
            let folders: Vec<std::path::PathBuf> = self
                .library
                .jobs
                .folders
                .iter()
                .filter(|f| !f.ends_with(crate::core::web_copy::WEB_RECORDS))
                .cloned()
                .collect();
            let keep = web_dialog::Keep { folders: &folders, into: self.web.into.as_deref() };
            web_dialog::web_dialog_ui(ui, dialog, shown, keep, commands);
        }
    }

    fn document_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            keys::register_stop(ui.ctx(), keys::Stop::Document, ui.max_rect(), None);
            self.entries_ui(ui, commands);
        });
    }

    /// The document's rows in what is left of `ui`.
    fn entries_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let marks = self.document.marks(&self.notes);
        let collapsed = self.document.collapsed_in(&self.doc);
        let cx = ViewContext {
            doc: &self.doc,
            collapsed: &collapsed,
            filter: &self.filter.selection,
            find: self.find.entries_shown(),
            find_query: &self.find.query,
            matches: self.find.matches(),
            current_match: self.find.current.and_then(|i| self.find.matches().get(i).copied()),
            reading: self.layout.reading,
            gazetteer: self.filter.gazetteer,
            notes: &marks,
            empty_note_open: self.notes.selected_is_empty(),
            now: self.now,
            cite_style: self.export.cite_style,
        };
        // The view writes only its own layout memory (the rows' measured heights).
        self.document.view.ui(ui, &cx, commands);
    }

    /// The Library view; the library is opened when it is first shown.
    fn library_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        if let Some(status) = self.library.ensure_open(&self.notes.dir) {
            self.status = Some(status);
        }
        egui::CentralPanel::default_margins().show(ui, |ui| {
            keys::register_stop(ui.ctx(), keys::Stop::Document, ui.max_rect(), None);
            let map = self.filter.world_map().as_ref().ok().map(|m| (m, self.filter.gazetteer));
            library_view::library_ui(ui, &self.library, map, commands);
        });
    }

    /// The map across the view, the entries it filters to below it: a click on a country
    /// shows its entries without leaving the map.
    fn map_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let avail = ui.available_size();
            let map_height = (avail.x / map_view::ASPECT + 40.0).min(avail.y * 0.6);
            let size = egui::vec2(avail.x, map_height);
            ui.allocate_ui_with_layout(size, egui::Layout::top_down(egui::Align::Min), |ui| {
                match self.filter.world_map() {
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
                }
            });
            ui.separator();
            self.entries_ui(ui, commands);
        });
    }

    /// A record read in the background is shown; the notes are saved after a pause; Find's
    /// index is begun once the record's first frame is drawn.
    fn background_work(&mut self, ctx: &egui::Context) {
        if let Some(status) = self.find.poll() {
            self.status = Some(status);
        }
        if let Some((path, reveal, read)) = self.document.take_opened() {
            let shown = read.as_ref().is_ok_and(Result::is_ok);
            self.status = Some(self.show_opened(&path, read));
            if let Some(entry_id) = reveal.filter(|_| shown) {
                self.apply(DocumentCommand::Reveal(entry_id));
            }
        }
        if let Some(status) = self.export.poll() {
            self.status = Some(status);
        }
        if let Some(status) = self.library.poll(self.now) {
            self.status = Some(status);
        }
        if let Some(effects) = self.web.poll() {
            self.carry_out(effects);
        }
        if let Some(status) = self.share.poll() {
            // What came in is shown now, not at the notes area's next look at the disk.
            self.notes.look_at_disk_soon();
            self.status = Some(status);
        }
        if self.share.due(self.now) {
            self.apply(crate::gui::command::ShareCommand::Sync);
        }
        let busy = self.document.is_opening() || self.export.busy() || self.library.busy() || self.web.busy();
        if busy || self.share.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(30));
        }
        if self.notes.tick(&self.doc, self.now) {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        // Conflict copies of the notes file merged in and removed, or kept and why.
        if let Some(status) = self.notes.take_status() {
            self.status = Some(status);
        }
    }

    /// A record read in the background replaces the one shown, with its notes and Find
    /// index; what to tell the reader.
    fn show_opened(&mut self, path: &Path, read: Result<Opened, JobFailed>) -> Status {
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
        self.document.remember_position(&self.doc);
        self.filter.switch_document(&self.doc.id, &doc.id);
        self.doc = doc;
        self.document.replace_document();
        self.document.restore_position(&self.doc);
        self.document.note_read(&self.doc);
        self.library.set_last_read(&self.document.read_at);
        self.find = FindState::for_document(&self.doc, self.find.only_matching);
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
            Command::Notes(c) => {
                // The notes the reader makes or changes are signed with who is writing now.
                self.notes.author.clone_from(self.author.current());
                self.notes.apply(c, &self.doc, &mut *self.dialog, self.now)
            }
            Command::Author(c) => self.author.apply(c),
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
            Command::Layout(c) => {
                let cx = LayoutContext { status: &mut self.status, clipboard: &mut *self.clipboard, ctx: &self.ctx };
                self.layout.apply(c, cx)
            }
            Command::Library(c) => self.library.apply(c, &mut *self.dialog, &self.notes.dir),
            Command::Web(c) => {
                // "Keep the copy in" lists the library's folders: the library is read first.
                if matches!(c, crate::gui::command::WebCommand::OpenDialog(_))
                    && let Some(status) = self.library.ensure_open(&self.notes.dir)
                {
                    self.status = Some(status);
                }
                self.web.apply(c)
            }
            Command::Share(c) => {
                // What the reader wrote a moment ago goes too.
                self.notes.flush();
                self.share.apply(c, &self.notes.dir, self.now)
            }
        };
        self.carry_out(effects);
    }

    /// Carries out what a change means for the other areas: the document view's rows, and
    /// follow-up commands.
    fn carry_out(&mut self, effects: Effects) {
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
        crate::gui::style::limit_glyph_atlas(raw_input);
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
    use crate::gui::command::LayoutCommand;
    use crate::gui::command::NotesCommand;
    use crate::gui::dialogs::file_dialog::ScriptedDialog;

    fn app(dir: &Path, prefs: Prefs) -> ReaderApp {
        let doc = crate::core::open::embedded().unwrap();
        ReaderApp::new(doc, prefs, Box::new(ScriptedDialog::default()), dir).unwrap()
    }

    #[test]
    fn the_preferences_go_to_their_areas_and_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let doc_id = crate::core::open::embedded().unwrap().id;
        let prefs = Prefs {
            collapsed: [("doc".to_owned(), ["s1".to_owned()].into())].into(),
            last_dir: Some("/records".into()),
            filters: [
                (doc_id.clone(), RegionFilter { regions: ["AF".to_owned()].into(), ..RegionFilter::default() }),
                ("other".to_owned(), RegionFilter { regions: ["EU".to_owned()].into(), ..RegionFilter::default() }),
            ]
            .into(),
            positions: [("other".to_owned(), "e-123".to_owned())].into(),
            hide_filters: true,
            view: MainView::Map,
            hide_notes: true,
            last_export_dir: Some("/exports".into()),
            find_marks_in_place: true,
            reading: crate::gui::style::Reading {
                scale: 1.25,
                serif: true,
                underline_places: false,
                width: crate::gui::style::ReadingWidth::Wide,
            },
            cite_style: crate::core::export::cite::CiteStyle::Apa,
            read_at: [("/records/a.txt".into(), 1_700_000_000)].into(),
            open_record: None,
            auto_sync: true,
            author: Some(crate::core::notes::Author {
                name: "Ada Lovelace".into(),
                id: Some("ada@example.org".into()),
            }),
        };
        let app = app(dir.path(), prefs.clone());
        assert_eq!(app.prefs(), prefs);
        assert!(!app.find.only_matching);
        assert!(app.filter.selection.regions.contains("AF") && app.layout.view == MainView::Map);
        assert_eq!(app.author.current().name, "Ada Lovelace");
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
        app.apply(NotesCommand::SetBody(id, "written".into()));
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
    fn information_fades_after_a_few_seconds_and_an_error_stays() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app(dir.path(), Prefs::default());
        let ctx = egui::Context::default();
        app.apply(LayoutCommand::ShowStatus(Status::Info("Copied the passage".into())));
        app.now = 10.0;
        assert_eq!(app.age_status(&ctx), 1.0);
        app.now = 10.0 + STATUS_STAYS + 0.5;
        let fading = app.age_status(&ctx);
        assert!(fading > 0.0 && fading < 1.0, "half way through its fade: {fading}");
        app.now = 10.0 + STATUS_STAYS + 1.5;
        let _ = app.age_status(&ctx);
        assert_eq!(app.status, None, "gone");
        app.apply(LayoutCommand::ShowStatus(Status::Error("Could not copy".into())));
        app.now = 1000.0;
        let _ = app.age_status(&ctx);
        app.now = 2000.0;
        assert_eq!(app.age_status(&ctx), 1.0);
        assert!(matches!(app.status, Some(Status::Error(_))), "an error stays until dismissed");
        // A new message starts its own time.
        app.apply(LayoutCommand::ShowStatus(Status::Info("Opened".into())));
        let _ = app.age_status(&ctx);
        app.now = 2000.0 + STATUS_STAYS - 1.0;
        assert_eq!(app.age_status(&ctx), 1.0);
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
