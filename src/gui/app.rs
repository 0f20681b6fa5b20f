//! The app: its state, the frame loop that draws the panels, and `apply`, where the
//! commands the panels return change the state.

use super::document_view::{self, DocumentView};
use super::file_dialog::FileDialog;
use super::{
    Command, MainView, Prefs, REFERENCES_ID, export_dialog, filter_panel, map_view, notes_panel, notes_state,
    status_bar, top_bar,
};
use crate::core::filter::{Scheme, country_counts, region_counts};
use crate::core::places::{Gazetteer, gazetteer};
use crate::core::{Document, open};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The document's Find box: the words, and the entries that contain them.
#[derive(Debug, Default)]
pub struct FindState {
    pub query: String,
    /// (section, entry) of the entries found, in document order; `None` when the query is empty.
    pub hits: Option<Vec<(usize, usize)>>,
    /// Lower-cased entries, made on a background thread when the document opens.
    index: Option<crate::core::search::SearchIndex>,
    building: Option<std::thread::JoinHandle<crate::core::search::SearchIndex>>,
}

impl FindState {
    /// Starts making the search index of `doc` on a background thread, so that the first
    /// keystroke in Find does not wait for 100,000 entries to be lower-cased.
    pub fn for_document(doc: &Document) -> Self {
        let unbuilt = crate::core::search::SearchIndex::building(doc);
        let building = std::thread::Builder::new().name("find-index".to_owned()).spawn(move || unbuilt.build()).ok();
        Self { building, ..Self::default() }
    }

    /// The index of `doc`: the one built in the background (waiting for it if needed), or
    /// one made now.
    fn index(&mut self, doc: &Document) -> &crate::core::search::SearchIndex {
        if let Some(handle) = self.building.take()
            && let Ok(index) = handle.join()
        {
            self.index = Some(index);
        }
        if !self.index.as_ref().is_some_and(|index| index.is_for(doc)) {
            self.index = Some(crate::core::search::SearchIndex::new(doc));
        }
        self.index.get_or_insert_with(|| crate::core::search::SearchIndex::new(doc))
    }
}

/// Counts for the filter panel, recomputed only when the document or the scheme changes.
#[derive(Debug, Default)]
struct Counts {
    /// Document id, text revision (the same record can be opened again, edited) and scheme.
    key: Option<(String, String, Scheme)>,
    regions: std::collections::BTreeMap<Option<String>, usize>,
    countries: std::collections::BTreeMap<String, usize>,
}

/// A message for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Info(String),
    Error(String),
}

pub struct ReaderApp {
    pub doc: Document,
    pub prefs: Prefs,
    pub view: DocumentView,
    pub status: Option<Status>,
    dialog: Box<dyn FileDialog>,
    title_sent: Option<String>,
    gazetteer: &'static Gazetteer,
    country_query: String,
    counts: Counts,
    pub notes: notes_state::NotesState,
    pub export: Option<export_dialog::ExportChoice>,
    pub import: Option<(PathBuf, crate::core::export::ImportPlan)>,
    /// egui time of the current frame, seconds.
    now: f64,
    /// Loaded the first time the map is shown.
    world_map: Option<Result<crate::core::world_map::WorldMap, String>>,
    pub find: FindState,
    /// What the entries show of the notes, rebuilt only when the notes change.
    note_marks: Option<(u128, document_view::NoteMarks)>,
    /// A document being read, with its notes, on a background thread: a long record takes
    /// a noticeable time, and the window keeps answering meanwhile.
    opening: Option<Opening>,
}

type Opened = Result<(Document, notes_state::NotesState), crate::core::DocumentError>;

#[derive(Debug)]
struct Opening {
    path: PathBuf,
    handle: std::thread::JoinHandle<Opened>,
}

impl ReaderApp {
    /// A window on `doc`, its notes in `notes_dir`. Fails only if the embedded gazetteer is damaged.
    pub fn new(
        doc: Document,
        prefs: Prefs,
        dialog: Box<dyn FileDialog>,
        notes_dir: &std::path::Path,
    ) -> anyhow::Result<Self> {
        let find = FindState::for_document(&doc);
        // The document given at start-up is opened before the window: its warnings show here.
        let status = warnings_note(&doc).map(Status::Info);
        Ok(Self {
            notes: notes_state::NotesState::open(notes_dir, &doc),
            export: None,
            import: None,
            now: 0.0,
            doc,
            prefs,
            view: DocumentView::default(),
            status,
            dialog,
            title_sent: None,
            gazetteer: gazetteer()?,
            country_query: String::new(),
            counts: Counts::default(),
            world_map: None,
            find,
            note_marks: None,
            opening: None,
        })
    }

    /// Is a document being opened?
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// Takes a finished background open: the new document and its notes replace the old.
    fn poll_opening(&mut self) {
        if !self.opening.as_ref().is_some_and(|o| o.handle.is_finished()) {
            return;
        }
        let Some(Opening { path, handle }) = self.opening.take() else {
            return;
        };
        match handle.join() {
            Ok(Ok((doc, notes))) => {
                if doc.id == self.doc.id {
                    // The same record again (perhaps another copy or edition of it): the notes
                    // open now are the newest, edits made while it was read included. They are
                    // kept and placed on the text just read; the copy read from disk is dropped.
                    self.notes.place_on(&doc);
                    drop(notes);
                } else {
                    self.notes.flush();
                    self.notes = notes;
                }
                self.status = Some(Status::Info(format!(
                    "Opened {}: {} sections, {} entries{}",
                    path.display(),
                    doc.sections.len(),
                    doc.entry_count(),
                    warnings_note(&doc).map(|note| format!(". {note}")).unwrap_or_default()
                )));
                self.doc = doc;
                self.view = DocumentView::default();
                self.find = FindState::for_document(&self.doc);
                self.note_marks = None;
            }
            Ok(Err(e)) => {
                self.status = Some(Status::Error(format!("Could not open {}: {e}", path.display())));
            }
            Err(_) => {
                self.status = Some(Status::Error(format!(
                    "Could not open {}: reading it stopped unexpectedly (the document now open is unchanged)",
                    path.display()
                )));
            }
        }
    }

    fn refresh_counts(&mut self) {
        let key = (self.doc.id.clone(), self.doc.rev.clone(), self.prefs.filter.scheme);
        if self.counts.key.as_ref() != Some(&key) {
            self.counts.regions = region_counts(&self.doc, key.2);
            self.counts.countries = country_counts(&self.doc);
            self.counts.key = Some(key);
        }
    }

    /// The sections closed in the current document.
    pub fn collapsed(&self) -> BTreeSet<String> {
        self.prefs.collapsed.get(&self.doc.id).cloned().unwrap_or_default()
    }

    /// Whether the layout is final: the document's rows are measured (the map needs none).
    pub fn layout_settled(&self) -> bool {
        self.prefs.view == MainView::Map || self.view.settled()
    }

    pub fn is_open(&self, section_id: &str) -> bool {
        !self.prefs.collapsed.get(&self.doc.id).is_some_and(|c| c.contains(section_id))
    }

    /// Draws the whole window for one frame and applies what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut commands = Vec::new();
        commands.extend(dropped_files(ui.ctx()));
        self.now = ui.ctx().input(|i| i.time);
        shortcuts(ui.ctx(), &mut commands);
        egui::Panel::top("top_bar").show(ui, |ui| {
            let bar = top_bar::TopBar {
                doc: &self.doc,
                filters_shown: !self.prefs.hide_filters,
                view: self.prefs.view,
                find_query: &self.find.query,
                found: self.find.hits.as_ref().map(|h| h.len()),
            };
            top_bar::top_bar_ui(ui, bar, &mut commands);
        });
        if let Some(status) = &self.status {
            egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::status_bar_ui(ui, status, &mut commands));
        }
        self.refresh_counts();
        if !self.prefs.hide_notes {
            egui::Panel::right("notes").resizable(true).default_size(300.0).show(ui, |ui| {
                // The panel scrolls its parts itself: the list is virtualised.
                notes_panel::notes_panel_ui(ui, &self.doc, &mut self.notes, &mut commands);
            });
        }
        if !self.prefs.hide_filters {
            egui::Panel::left("filters").resizable(true).default_size(240.0).show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let panel = filter_panel::FilterPanel {
                        filter: &self.prefs.filter,
                        region_counts: &self.counts.regions,
                        country_counts: &self.counts.countries,
                        gazetteer: self.gazetteer,
                        query: &mut self.country_query,
                    };
                    filter_panel::filter_panel_ui(ui, panel, &mut commands);
                });
            });
        }
        if let Some(choice) = &self.export {
            let all = self.notes.store.live().count();
            let filtered = self.export_notes(true).len();
            export_dialog::export_dialog_ui(ui, choice, all, filtered, &mut commands);
        }
        if let Some((path, plan)) = &self.import {
            export_dialog::import_confirm_ui(ui, path, plan, &mut commands);
        }
        match self.prefs.view {
            MainView::Document => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    let collapsed = self.collapsed();
                    let key = self.notes.fingerprint();
                    if self.note_marks.as_ref().is_none_or(|(k, _)| *k != key) {
                        self.note_marks = Some((key, document_view::NoteMarks::of(&self.notes)));
                    }
                    let Some((_, note_marks)) = &self.note_marks else { return };
                    let ctx = document_view::ViewContext {
                        doc: &self.doc,
                        collapsed: &collapsed,
                        filter: &self.prefs.filter,
                        find: self.find.hits.as_deref(),
                        find_query: &self.find.query,
                        gazetteer: self.gazetteer,
                        notes: note_marks,
                        now: self.now,
                    };
                    self.view.ui(ui, &ctx, &mut commands);
                });
            }
            MainView::Map => {
                let map = self
                    .world_map
                    .get_or_insert_with(|| crate::core::world_map::WorldMap::embedded().map_err(|e| e.to_string()));
                egui::CentralPanel::default_margins().show(ui, |ui| match map {
                    Ok(map) => {
                        let cx = map_view::MapContext {
                            map,
                            gazetteer: self.gazetteer,
                            counts: &self.counts.countries,
                            filter: &self.prefs.filter,
                        };
                        map_view::map_ui(ui, &cx, &mut commands);
                    }
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, format!("The map cannot be shown: {e}"));
                    }
                });
            }
        }
        for c in commands {
            self.apply(c);
        }
        self.poll_opening();
        if self.opening.is_some() {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(30));
        }
        if self.notes.tick(&self.doc, self.now) {
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    /// The notes an export takes: all live notes, or those the region filter and the notes
    /// panel's filters show.
    pub fn export_notes(&self, filtered: bool) -> Vec<&crate::core::notes::Note> {
        let filter = if filtered {
            crate::core::notes::NoteFilter { region: Some(self.prefs.filter.clone()), ..self.notes.filter() }
        } else {
            crate::core::notes::NoteFilter::live()
        };
        filter.select(&self.doc, self.notes.store.notes.values().map(|n| &**n))
    }

    fn do_export(&mut self) -> Result<Option<String>, String> {
        let Some(choice) = self.export.clone() else { return Ok(None) };
        let slug = crate::core::text::slug(&self.doc.meta.title);
        let name = format!("{slug}-notes.{}", choice.format.extension());
        let Some(path) = self.dialog.save_export(&name, self.prefs.last_export_dir.as_deref()) else {
            return Ok(None);
        };
        let mut filter = if choice.filtered { self.prefs.filter.describe(self.gazetteer) } else { String::new() };
        if filter.is_empty() {
            filter = "all notes".to_owned();
        }
        let input = crate::core::export::ExportInput {
            doc: &self.doc,
            store: &self.notes.store,
            gazetteer: self.gazetteer,
            notes: self.export_notes(choice.filtered),
            filter,
        };
        let count = input.notes.len();
        let bytes = crate::core::export::export(&input, choice.format, crate::core::notes::model::now())?;
        std::fs::write(&path, bytes).map_err(|e| format!("Could not write {}: {e}", path.display()))?;
        self.prefs.last_export_dir = path.parent().map(PathBuf::from);
        Ok(Some(format!("Exported {count} notes to {}", path.display())))
    }

    /// Writes unsaved notes now (on exit, and for tests).
    pub fn flush_notes(&mut self) {
        self.notes.flush();
    }

    fn note_op(
        &mut self,
        id: uuid::Uuid,
        coalesce: Option<&'static str>,
        f: impl FnOnce(&mut crate::core::notes::Note),
    ) {
        self.notes.edit(id, coalesce, self.now, f);
        self.view.invalidate_heights();
    }

    /// The one place where state changes.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::ToggleSection(id) => {
                let set = self.prefs.collapsed.entry(self.doc.id.clone()).or_default();
                if !set.remove(&id) {
                    set.insert(id);
                }
                self.view.invalidate();
            }
            Command::ExpandAll => {
                self.prefs.collapsed.remove(&self.doc.id);
                self.view.invalidate();
            }
            Command::CollapseAll => {
                let all = self
                    .doc
                    .sections
                    .iter()
                    .map(|s| s.id.clone())
                    .chain((!self.doc.references.is_empty()).then(|| REFERENCES_ID.to_owned()))
                    .collect();
                self.prefs.collapsed.insert(self.doc.id.clone(), all);
                self.view.invalidate();
            }
            Command::OpenDialog => {
                if let Some(path) = self.dialog.pick_document(self.prefs.last_dir.as_deref()) {
                    self.prefs.last_dir = path.parent().map(PathBuf::from);
                    self.apply(Command::OpenPath(path));
                }
            }
            Command::OpenPath(path) => {
                if self.opening.is_some() {
                    self.status =
                        Some(Status::Info("A document is still being opened; try again when it is shown".to_owned()));
                    return;
                }
                let dir = self.notes.dir.clone();
                let to_open = path.clone();
                let spawned = std::thread::Builder::new().name("open-document".to_owned()).spawn(move || {
                    let doc = open::open_path(&to_open)?;
                    let notes = notes_state::NotesState::open(&dir, &doc);
                    Ok((doc, notes))
                });
                match spawned {
                    Ok(handle) => {
                        self.status = Some(Status::Info(format!("Opening {}…", path.display())));
                        self.opening = Some(Opening { path, handle });
                    }
                    Err(e) => self.status = Some(Status::Error(format!("Could not open {}: {e}", path.display()))),
                }
            }
            Command::DismissStatus => self.status = None,
            Command::Find(query) => {
                if query.trim().is_empty() {
                    self.find.hits = None;
                } else {
                    let hits = self.find.index(&self.doc).find(&query);
                    self.find.hits = Some(hits);
                }
                self.find.query = query;
                self.view.invalidate();
            }
            Command::ToggleRegion(key) => {
                let regions = &mut self.prefs.filter.regions;
                if !regions.remove(&key) {
                    regions.insert(key);
                }
                self.view.invalidate();
            }
            Command::ToggleCountry(a2) => {
                let countries = &mut self.prefs.filter.countries;
                if !countries.remove(&a2) {
                    countries.insert(a2);
                }
                self.view.invalidate();
            }
            Command::FilterToCountry(a2) => {
                self.prefs.filter.clear();
                self.prefs.filter.countries.insert(a2);
                self.view.invalidate();
            }
            Command::ToggleNoPlace => {
                self.prefs.filter.no_place = !self.prefs.filter.no_place;
                self.view.invalidate();
            }
            Command::SetScheme(scheme) => {
                // Region keys differ between schemes; countries carry over.
                self.prefs.filter.scheme = scheme;
                self.prefs.filter.regions.clear();
                self.view.invalidate();
            }
            Command::ClearFilter => {
                self.prefs.filter.clear();
                self.view.invalidate();
            }
            Command::SetCountryQuery(q) => self.country_query = q,
            Command::ToggleFilterPanel => self.prefs.hide_filters = !self.prefs.hide_filters,
            Command::SetView(view) => self.prefs.view = view,
            Command::ToggleNotesPanel => self.prefs.hide_notes = !self.prefs.hide_notes,
            Command::AddNote(entry_id) => {
                if let Some((_, e)) = self.doc.find_entry(&entry_id) {
                    let note = crate::core::notes::Note::on_entry(&self.doc, e, "");
                    self.notes.checkpoint(None, self.now);
                    self.notes.selected = Some(note.id);
                    self.notes.store.put(note);
                    self.prefs.hide_notes = false;
                    self.view.invalidate_heights();
                }
            }
            Command::StartHighlight(entry_id) => {
                self.notes.highlighting = Some(entry_id);
                self.view.invalidate_heights();
            }
            Command::CancelHighlight => {
                self.notes.highlighting = None;
                self.view.invalidate_heights();
            }
            Command::AddHighlight { entry_id, start, end } => {
                if let Some((_, e)) = self.doc.find_entry(&entry_id)
                    && start < end
                {
                    let mut note = crate::core::notes::Note::highlight(&self.doc, e, start, end, "");
                    if let Some(prev) = self.notes.selected.and_then(|id| self.notes.store.notes.get(&id)) {
                        note.color = prev.color.clone(); // keep using the colour in hand
                    }
                    self.notes.checkpoint(None, self.now);
                    self.notes.selected = Some(note.id);
                    self.notes.store.put(note);
                    self.notes.highlighting = None;
                    self.prefs.hide_notes = false;
                    self.view.invalidate_heights();
                }
            }
            Command::SelectNote(id) if id.is_nil() => self.notes.selected = None,
            Command::SelectNote(id) => {
                if let Some(n) = self.notes.store.notes.get(&id) {
                    let entry_id = n.anchor.entry_id.clone();
                    self.notes.selected = Some(id);
                    self.notes.tag_input.clear();
                    if let Some((s, _)) = self.doc.find_entry(&entry_id) {
                        let sid = s.id.clone();
                        if let Some(set) = self.prefs.collapsed.get_mut(&self.doc.id)
                            && set.remove(&sid)
                        {
                            self.view.invalidate();
                        }
                    }
                    self.prefs.view = MainView::Document;
                    self.view.reveal(&entry_id, self.now);
                }
            }
            Command::SetBody(id, body) => self.note_op(id, Some("body"), |n| n.body = body),
            Command::AddTag(id, tag) => {
                if let Some(tag) = crate::core::notes::model::clean_tag(&tag) {
                    self.note_op(id, None, |n| {
                        if !n.tags.contains(&tag) {
                            n.tags.push(tag);
                        }
                    });
                }
                self.notes.tag_input.clear();
            }
            Command::RemoveTag(id, tag) => self.note_op(id, None, |n| n.tags.retain(|t| t != &tag)),
            Command::SetColor(id, key) => self.note_op(id, None, |n| n.color = key),
            Command::DeleteNote(id) => {
                let t = crate::core::notes::model::now();
                self.note_op(id, None, |n| n.deleted = Some(t));
                if self.notes.selected == Some(id) {
                    self.notes.selected = None;
                }
            }
            Command::RestoreNote(id) => self.note_op(id, None, |n| n.deleted = None),
            Command::EmptyTrash => {
                let ids: Vec<uuid::Uuid> = self.notes.store.trash().map(|n| n.id).collect();
                if !ids.is_empty() {
                    self.notes.checkpoint(None, self.now);
                    for id in ids {
                        self.notes.store.purge(id);
                    }
                }
            }
            Command::Undo => {
                self.notes.undo(self.now);
                self.view.invalidate_heights();
            }
            Command::Redo => {
                self.notes.redo(self.now);
                self.view.invalidate_heights();
            }
            Command::RenameColor(key, label) => {
                self.notes.checkpoint(Some((uuid::Uuid::nil(), "label")), self.now);
                let label = label.trim().to_owned();
                if label.is_empty() {
                    self.notes.store.labels.remove(&key);
                } else {
                    self.notes.store.labels.insert(key, label);
                }
                self.notes.store.state = crate::core::notes::SaveState::Unsaved;
            }
            Command::ReattachNote(id, number) => {
                if let Some((_, e)) = self.doc.find_entry(number.trim()) {
                    let (doc, entry) = (&self.doc, e.clone());
                    let fresh = crate::core::notes::Note::on_entry(doc, &entry, "");
                    self.note_op(id, None, |n| {
                        n.kind = crate::core::notes::NoteKind::EntryNote;
                        n.anchor = fresh.anchor;
                    });
                    self.notes.orphans.retain(|o| *o != id);
                } else {
                    self.status = Some(Status::Error(format!("There is no entry {number} in this record")));
                }
            }
            Command::OpenExportDialog => {
                self.export.get_or_insert(export_dialog::ExportChoice {
                    format: crate::core::export::Format::Md,
                    filtered: false,
                });
            }
            Command::CloseExportDialog => self.export = None,
            Command::SetExportFormat(f) => {
                if let Some(c) = &mut self.export {
                    c.format = f;
                }
            }
            Command::SetExportFiltered(b) => {
                if let Some(c) = &mut self.export {
                    c.filtered = b;
                }
            }
            Command::DoExport => match self.do_export() {
                Ok(Some(msg)) => {
                    self.status = Some(Status::Info(msg));
                    self.export = None;
                }
                Ok(None) => {}
                Err(e) => self.status = Some(Status::Error(e)),
            },
            Command::OpenImportDialog => {
                if let Some(path) = self.dialog.pick_notes() {
                    self.apply(Command::ImportPath(path));
                }
            }
            Command::ImportPath(path) => {
                // Only a regular file, and not without end: a FIFO or a device would hang the window.
                let plan = crate::core::fsio::read_regular_file(&path, MAX_IMPORT_BYTES)
                    .map_err(|e| e.to_string())
                    .and_then(|b| crate::core::export::plan_import(&b, &self.doc, &self.notes.store.notes));
                match plan {
                    Ok(plan) => self.import = Some((path, plan)),
                    Err(e) => self.status = Some(Status::Error(format!("Cannot import {}: {e}", path.display()))),
                }
            }
            Command::ConfirmImport => {
                if let Some((path, plan)) = self.import.take() {
                    if let Err(e) = self.notes.store.set_aside(&plan.set_aside) {
                        // Nothing is imported rather than losing the records set aside.
                        self.status = Some(Status::Error(format!("Nothing was imported from {}: {e}", path.display())));
                        return;
                    }
                    self.notes.checkpoint(None, self.now);
                    let n = plan.add.len() + plan.update.len();
                    for note in plan.notes() {
                        self.notes.store.put(note.clone());
                    }
                    self.notes.orphans.extend(plan.orphaned.iter().copied());
                    self.notes.flush();
                    self.view.invalidate_heights();
                    self.status = Some(match &self.notes.store.state {
                        crate::core::notes::SaveState::Saved => {
                            Status::Info(format!("Imported {n} notes from {} ({})", path.display(), plan.summary()))
                        }
                        other => Status::Error(format!("Imported {n} notes, but they are not saved: {other:?}")),
                    });
                }
            }
            Command::CancelImport => self.import = None,
            Command::SaveNotesAs => {
                let name = format!("{}.notes.ron", self.doc.id);
                if let Some(path) = self.dialog.save_notes(&name) {
                    self.status = Some(match self.notes.store.save_as(&path) {
                        Ok(()) => Status::Info(format!("Notes saved to {}", path.display())),
                        Err(e) => Status::Error(e.to_string()),
                    });
                }
            }
        }
    }
}

fn shortcuts(ctx: &egui::Context, commands: &mut Vec<Command>) {
    use egui::{Key, Modifiers};
    ctx.input_mut(|i| {
        if i.consume_key(Modifiers::COMMAND, Key::O) {
            commands.push(Command::OpenDialog);
        }
        if i.consume_key(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z) || i.consume_key(Modifiers::COMMAND, Key::Y) {
            commands.push(Command::Redo);
        }
        if i.consume_key(Modifiers::COMMAND, Key::Z) {
            commands.push(Command::Undo);
        }
        if i.consume_key(Modifiers::COMMAND, Key::E) {
            commands.push(Command::OpenExportDialog);
        }
        if i.consume_key(Modifiers::COMMAND, Key::I) {
            commands.push(Command::OpenImportDialog);
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
                    Command::ImportPath(p)
                } else {
                    Command::OpenPath(p)
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
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }
}

/// The document's warnings for the status bar, e.g. "Note: 3 bytes that are not valid UTF-8
/// were replaced with �"; `None` when there are none.
fn warnings_note(doc: &Document) -> Option<String> {
    (!doc.warnings.is_empty()).then(|| format!("Note: {}", doc.warnings.join("; ")))
}

/// The largest notes file the window imports: far above any real one (a note is a few
/// hundred bytes), low enough that reading it cannot exhaust memory.
const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;
