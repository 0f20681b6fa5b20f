//! The notes of the open document, as the window holds them: the store, undo history,
//! autosave timing, and the notes panel's search, filters and text fields. Changed by
//! [`NotesState::apply`] (the panel only reads it and sends [`NotesCommand`]s), by the
//! autosave's [`NotesState::tick`], and by an import the reader confirmed.
//!
//! The panel's list and overview are caches keyed on the notes' fingerprint, kept in
//! `RefCell`s so that the panel, which holds the state only to read it, can fill them.

use crate::core::Document;
use crate::core::export::ImportPlan;
use crate::core::notes::model::{Note, now};
use crate::core::notes::store::Saved;
use crate::core::notes::{Author, NotesError, NotesStore, SaveState};
use crate::gui::command::Status;
use crate::gui::command::{DocumentCommand, Effects, LayoutCommand, NotesCommand};
use crate::gui::dialogs::file_dialog::{self, FileDialog, Purpose, Request, folder_of};
use crate::gui::job::Job;
use crate::gui::state::notes_filter::NotesFilterState;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uuid::Uuid;

/// Seconds after the last change before the notes are written.
pub const AUTOSAVE_DELAY: f64 = 0.4;
/// Seconds between looks at the file on disk for changes by someone else.
pub const DISK_CHECK_INTERVAL: f64 = 2.0;
/// Seconds before a failed save (the file locked by another writer, a full disk) is tried
/// again; the notes stay in memory meanwhile.
pub const SAVE_RETRY_DELAY: f64 = 10.0;

/// The notes at one undo step: shared pointers, so a step costs a map of ids, not the notes.
type Snapshot = crate::core::notes::NoteMap;

#[derive(Debug)]
pub struct NotesState {
    pub store: NotesStore,
    pub orphans: Vec<Uuid>,
    pub selected: Option<Uuid>,
    undo: Vec<(Snapshot, Option<(Uuid, &'static str)>)>,
    redo: Vec<Snapshot>,
    /// When the first unsaved change was made (egui time, seconds).
    pub dirty_since: Option<f64>,
    last_disk_check: f64,
    /// The panel's search and filters (runtime only).
    pub filter: NotesFilterState,
    pub tag_input: String,
    /// The entry number typed beside each orphaned note, to attach it to.
    pub reattach_input: BTreeMap<Uuid, String>,
    /// The colour of the last highlight made or colour chosen: Ctrl+H highlights in it.
    pub last_color: Option<String>,
    /// A note was just added: its editor takes the keyboard, caret in the body, until the
    /// panel says it did ([`NotesCommand::BodyFocused`]).
    pub focus_body: bool,
    /// The folder the notes live in.
    pub dir: PathBuf,
    /// The panel's list for (notes fingerprint, document, search and filters).
    list_cache: RefCell<Option<(ListKey, Arc<[Uuid]>)>>,
    /// The save running on a background thread, if one is.
    saving: Option<Saving>,
    /// Counts, tags in use and the Trash, for the panel, by notes fingerprint.
    overview_cache: RefCell<Option<(u128, Arc<Overview>)>>,
    /// A save brought in notes written by someone else: they are placed on the document
    /// at the next tick.
    place_again: bool,
    /// What became of conflict copies, until the window takes it for the status bar
    /// ([`NotesState::take_status`]).
    untold: Vec<crate::core::notes::ConflictNews>,
    /// Who is writing: every note made here is signed with it, every change names it (the
    /// window sets it from the author area before each command).
    pub author: Author,
}

/// What the panel shows about all the notes, derived once per change, not per frame.
#[derive(Debug, Default)]
pub struct Overview {
    pub live: usize,
    /// Every tag in use, sorted.
    pub tags: Vec<String>,
    /// Who wrote the live notes, each once, sorted (the author filter's choices).
    pub authors: Vec<String>,
    /// Notes in the Trash, by id order.
    pub trash: Vec<Uuid>,
}

/// A background save: its job, and what the notes were when it began.
#[derive(Debug)]
struct Saving {
    job: Job<Result<Saved, NotesError>>,
    fingerprint: u128,
    labels: BTreeMap<String, String>,
}

type ListKey = (u128, String, NotesFilterState);

impl NotesState {
    pub fn open(dir: &Path, doc: &Document) -> Self {
        // Notes kept under the record's former id are taken over (the store's warnings say so).
        let mut store = NotesStore::open_document(dir, doc);
        // Conflict copies sync tools left are merged in now, and removed once saved (soon).
        store.merge_conflict_copies();
        let orphans = store.reanchor(doc);
        let dirty_since = (store.state == SaveState::Unsaved).then_some(0.0);
        let untold = store.take_conflict_news();
        Self {
            store,
            orphans,
            selected: None,
            undo: Vec::new(),
            redo: Vec::new(),
            dirty_since,
            last_disk_check: 0.0,
            filter: NotesFilterState::default(),
            tag_input: String::new(),
            reattach_input: BTreeMap::new(),
            last_color: None,
            focus_body: false,
            dir: dir.to_owned(),
            list_cache: RefCell::default(),
            saving: None,
            overview_cache: RefCell::default(),
            place_again: false,
            untold,
            author: Author::named(crate::core::notes::author::FALLBACK_NAME),
        }
    }

    /// What the status bar is to tell of the notes, once: conflict copies merged and removed,
    /// or left as they were and why.
    pub fn take_status(&mut self) -> Option<Status> {
        let news = std::mem::take(&mut self.untold);
        conflicts_status(&news)
    }

    /// Places the notes on another text of the same document (re-read from disk): the
    /// orphans and the cached list follow the new text.
    pub fn place_on(&mut self, doc: &Document) {
        self.orphans = self.store.reanchor(doc);
        self.forget_caches();
    }

    fn forget_caches(&mut self) {
        *self.list_cache.get_mut() = None;
        *self.overview_cache.get_mut() = None;
    }

    /// Records the state before a change. Consecutive edits of one field of one note
    /// (typing in the body) make one undo step.
    pub fn checkpoint(&mut self, coalesce: Option<(Uuid, &'static str)>, t: f64) {
        self.mark_dirty(t);
        if coalesce.is_some() && self.undo.last().is_some_and(|(_, k)| *k == coalesce) {
            return;
        }
        self.undo.push((self.store.notes.clone(), coalesce));
        self.redo.clear();
        self.mark_dirty(t);
    }

    pub fn mark_dirty(&mut self, t: f64) {
        self.dirty_since.get_or_insert(t);
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self, t: f64) {
        if let Some((snap, _)) = self.undo.pop() {
            let current = self.store.replace_notes(snap);
            self.redo.push(current);
            self.after_history(t);
        }
    }

    pub fn redo(&mut self, t: f64) {
        if let Some(snap) = self.redo.pop() {
            let current = self.store.replace_notes(snap);
            self.undo.push((current, None));
            self.after_history(t);
        }
    }

    fn after_history(&mut self, t: f64) {
        self.store.state = SaveState::Unsaved;
        if self.store.is_read_only() {
            self.store.state = SaveState::ReadOnly(self.store.read_only.clone().unwrap_or_default());
        }
        if self.selected.is_some_and(|id| !self.store.notes.contains_key(&id)) {
            self.selected = None;
        }
        self.mark_dirty(t);
    }

    /// Changes a note in place: a checkpoint, the edit, a new `modified` by [`Self::author`].
    pub fn edit(&mut self, id: Uuid, coalesce: Option<&'static str>, t: f64, f: impl FnOnce(&mut Note)) {
        let Some(mut note) = self.store.notes.get(&id).map(|n| Note::clone(n)) else { return };
        self.checkpoint(coalesce.map(|k| (id, k)), t);
        f(&mut note);
        note.touched_by(&self.author, now());
        self.store.put(note);
    }

    /// Autosave and the look at the disk; call once per frame with the egui time.
    /// Returns true while a save is pending or running (the caller keeps repainting).
    /// Looks at the notes file on the next [`NotesState::tick`], not after the usual pause:
    /// something this window started (a sync) has just changed it.
    pub fn look_at_disk_soon(&mut self) {
        self.last_disk_check = f64::NEG_INFINITY;
    }

    pub fn tick(&mut self, doc: &Document, t: f64) -> bool {
        if self.finish_saving(false) {
            return true; // our own write is under way: no look at the disk, no second save
        }
        if std::mem::take(&mut self.place_again) {
            self.orphans = self.store.reanchor(doc);
        }
        if matches!(self.store.state, SaveState::Error(_)) && self.dirty_since.is_none() {
            // Try again later; the notes are still in memory.
            self.dirty_since = Some(t + SAVE_RETRY_DELAY - AUTOSAVE_DELAY);
        }
        if t - self.last_disk_check >= DISK_CHECK_INTERVAL {
            self.last_disk_check = t;
            self.look_at_disk(doc);
        }
        if self.store.state == SaveState::Unsaved {
            self.mark_dirty(t);
        }
        match self.dirty_since {
            Some(since) if t - since >= AUTOSAVE_DELAY => {
                self.start_save();
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    /// The watch on the notes folder: what someone else wrote to the notes file is merged
    /// in, and so are the conflict copies a sync tool left beside it (removed once saved).
    fn look_at_disk(&mut self, doc: &Document) {
        if self.store.changed_on_disk() && !self.store.is_read_only() {
            match self.store.merge_from_disk() {
                Ok(report) if report.changed() => {
                    self.orphans = self.store.reanchor(doc);
                }
                Ok(_) => {}
                Err(e) => self.store.state = SaveState::Error(e.to_string()),
            }
        }
        if self.store.watch_conflict_copies() > 0 {
            self.orphans = self.store.reanchor(doc);
            self.forget_caches();
        }
        self.tell_conflicts();
    }

    /// Keeps what became of conflict copies for the status bar.
    fn tell_conflicts(&mut self) {
        self.untold.extend(self.store.take_conflict_news());
    }

    /// Starts writing the notes on a background thread: the UI thread only copies them.
    fn start_save(&mut self) {
        self.dirty_since = None;
        if self.store.is_read_only() {
            return;
        }
        // A failure is kept in `store.state`, shown in the panel, and retried by `tick`.
        let job = match self.store.begin_save() {
            Ok(job) => job,
            Err(e) => {
                let _ = self.store.finish_save(Err(e));
                return;
            }
        };
        let fingerprint = self.fingerprint();
        let labels = self.store.labels.clone();
        match Job::spawn("notes-save", move |_| job.run()) {
            Ok(job) => self.saving = Some(Saving { job, fingerprint, labels }),
            Err(e) => {
                let why = format!("could not start saving: {}", e.why_or("no thread"));
                let _ = self.store.finish_save(Err(NotesError::SaveThread(why)));
            }
        }
    }

    /// Takes back the result of a background save once it is done (or, with `wait`, waits
    /// for it). Returns true while it is still running. Edits made during the save leave the
    /// notes unsaved, to be written again.
    fn finish_saving(&mut self, wait: bool) -> bool {
        let Some(saving) = self.saving.take() else { return false };
        if !wait && !saving.job.is_finished() {
            self.saving = Some(saving);
            return true;
        }
        let result = saving
            .job
            .wait()
            .unwrap_or_else(|failed| Err(NotesError::SaveThread(failed.why_or("the save stopped unexpectedly"))));
        let edited_since = self.fingerprint() != saving.fingerprint || self.store.labels != saving.labels;
        // A failure is kept in `store.state`, shown in the panel, and retried by `tick`.
        if let Ok(report) = self.store.finish_save(result) {
            if edited_since {
                self.store.state = SaveState::Unsaved;
            }
            if report.changed() {
                self.place_again = true;
                self.forget_caches();
            }
        }
        self.tell_conflicts();
        false
    }

    /// Writes now, on this thread (exit, switching documents, tests), after any background
    /// save. Errors stay visible in `store.state`.
    pub fn flush(&mut self) {
        self.finish_saving(true);
        if self.store.is_read_only() {
            self.dirty_since = None;
            return;
        }
        if self.store.state == SaveState::Unsaved || self.dirty_since.is_some() {
            // The error is kept in `store.state` and shown in the panel.
            if self.store.save().is_ok_and(|r| r.changed()) {
                self.place_again = true;
            }
            self.tell_conflicts();
        }
        self.dirty_since = None;
    }

    /// Changes whenever a note is added, removed, edited, trashed or restored (the store's
    /// generation), or orphaned. O(orphans), not O(notes), so views can key what they
    /// derive from the notes on it every frame.
    pub fn fingerprint(&self) -> u128 {
        let orphans = self.orphans.iter().fold(0u128, |a, id| a.wrapping_add(id.as_u128()));
        u128::from(self.store.generation()) ^ orphans.rotate_left(64)
    }

    /// Counts, tags and the Trash, recomputed only when the notes change.
    pub fn overview(&self) -> Arc<Overview> {
        let key = self.fingerprint();
        if let Some((k, o)) = &*self.overview_cache.borrow()
            && *k == key
        {
            return o.clone();
        }
        let o = Arc::new(Overview {
            live: self.store.live().count(),
            tags: self.store.tags().into_iter().collect(),
            authors: crate::core::notes::authors(self.store.live()),
            trash: self.store.trash().map(|n| n.id).collect(),
        });
        *self.overview_cache.borrow_mut() = Some((key, o.clone()));
        o
    }

    /// The notes the panel lists (search and filters applied, document order), recomputed
    /// only when the notes, the document, the search or a filter changes.
    pub fn visible_ids(&self, doc: &Document) -> Arc<[Uuid]> {
        let key: ListKey = (self.fingerprint(), doc.rev.clone(), self.filter.clone());
        if let Some((k, list)) = &*self.list_cache.borrow()
            && *k == key
        {
            return list.clone();
        }
        let list: Arc<[Uuid]> = self.visible_notes(doc).iter().map(|n| n.id).collect();
        *self.list_cache.borrow_mut() = Some((key, list.clone()));
        list
    }

    /// The live notes that pass the panel's search and its tag, colour and region filters, in
    /// document order.
    pub fn visible_notes<'a>(&'a self, doc: &Document) -> Vec<&'a Note> {
        self.note_filter().select(doc, self.store.notes.values().map(|n| &**n))
    }

    /// The panel's search and filters, as the core's rule for choosing notes.
    pub fn note_filter(&self) -> crate::core::notes::NoteFilter {
        self.filter.note_filter()
    }

    /// Live notes per entry id, for the markers on entries.
    pub fn counts_by_entry(&self) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for n in self.store.live() {
            *m.entry(n.anchor.entry_id.clone()).or_default() += 1;
        }
        m
    }
}

/// The status bar's message for what became of conflict copies: an error when one was left
/// as it was (it stays until dismissed), else information.
fn conflicts_status(news: &[crate::core::notes::ConflictNews]) -> Option<Status> {
    if news.is_empty() {
        return None;
    }
    let text = news.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
    Some(if news.iter().all(crate::core::notes::ConflictNews::done) { Status::Info(text) } else { Status::Error(text) })
}

/// What the commands do.
impl NotesState {
    pub fn apply(&mut self, command: NotesCommand, doc: &Document, dialog: &mut dyn FileDialog, t: f64) -> Effects {
        use NotesCommand as C;
        match command {
            C::Add(entry_id) => return self.add(doc, &entry_id, t),
            C::AddHighlight { entry_id, start, end, color, edit } => {
                return self.add_highlight(doc, &entry_id, (start, end), color, edit, t);
            }
            C::Select(id) => return self.select(id, t),
            C::Deselect => return self.done(t),
            C::BodyFocused => self.focus_body = false,
            C::SetBody(id, body) => return self.edit_note(id, Some("body"), t, |n| n.body = body),
            C::AddTag(id, tag) => return self.add_tag(id, &tag, t),
            C::RemoveTag(id, tag) => return self.edit_note(id, None, t, |n| n.tags.retain(|x| *x != tag)),
            C::SetColor(id, key) => {
                self.last_color = Some(key.clone());
                return self.edit_note(id, None, t, |n| n.color = key);
            }
            C::Delete(id) => return self.delete(id, t),
            C::Restore(id) => return self.edit_note(id, None, t, |n| n.restore(now())),
            C::EmptyTrash => self.empty_trash(t),
            C::Undo | C::Redo => {
                let (undo, before) = (matches!(command, C::Undo), self.store.notes.clone());
                if undo {
                    self.undo(t);
                } else {
                    self.redo(t);
                }
                // Undo names the change it took back (from the state it returned to), Redo the
                // change it made again.
                let what = if undo {
                    crate::core::notes::change::describe(&self.store.notes, &before)
                } else {
                    crate::core::notes::change::describe(&before, &self.store.notes)
                };
                let message = match (undo, what.as_str()) {
                    (true, "no change") => "Nothing to undo".to_owned(),
                    (false, "no change") => "Nothing to redo".to_owned(),
                    (true, _) => format!("Undid: {what}"),
                    (false, _) => format!("Redid: {what}"),
                };
                return Effects::heights_changed().and_then(LayoutCommand::ShowStatus(Status::Info(message)));
            }
            C::SaveAs => {
                let request = Request::new(Purpose::SaveNotes, |path| NotesCommand::SaveAsTo(path).into())
                    .named(format!("{}.notes.ron", doc.id));
                return file_dialog::ask(dialog, request);
            }
            C::SaveAsTo(path) => return self.save_as(&path),
            C::RenameColor(key, label) => self.rename_color(key, &label, t),
            C::Reattach(id, number) => return self.reattach(doc, id, &number, t),
            C::Filter(c) => self.filter.apply(c),
            C::SetTagInput(text) => self.tag_input = text,
            C::SetReattachInput(id, number) => {
                self.reattach_input.insert(id, number);
            }
        }
        Effects::none()
    }

    /// [`NotesState::edit`]; the entries show the change.
    fn edit_note(&mut self, id: Uuid, coalesce: Option<&'static str>, t: f64, f: impl FnOnce(&mut Note)) -> Effects {
        self.edit(id, coalesce, t, f);
        Effects::heights_changed()
    }

    /// A new note, selected, in the panel brought into view.
    /// Leaving a note the reader added and left empty (no text, no tags) drops it: on Done,
    /// Esc, or choosing another note. Undo brings it back. A highlight is kept: its passage
    /// is what it says. Whether one was dropped.
    /// The selected note is a note on an entry with nothing written and no tags: leaving it
    /// drops it (Undo brings it back).
    pub fn selected_is_empty(&self) -> bool {
        self.selected.and_then(|id| self.store.notes.get(&id)).is_some_and(|n| {
            n.kind == crate::core::notes::NoteKind::EntryNote && n.body.trim().is_empty() && n.tags.is_empty()
        })
    }

    fn leave_selected(&mut self, t: f64) -> bool {
        let empty = self.selected_is_empty();
        if let (true, Some(id)) = (empty, self.selected) {
            self.checkpoint(None, t);
            self.store.purge(id);
            self.selected = None;
        }
        empty
    }

    /// Done (the button, Esc, Ctrl+Enter, a press elsewhere): a tag typed and not yet added
    /// is added, an empty new note is not kept, and the keyboard goes back to the note's entry.
    fn done(&mut self, t: f64) -> Effects {
        let Some(id) = self.selected else { return Effects::none() };
        let entry = self.store.notes.get(&id).map(|n| n.anchor.entry_id.clone());
        let mut effects = Effects::none();
        if !self.tag_input.trim().trim_start_matches('#').is_empty() {
            let typed = std::mem::take(&mut self.tag_input);
            effects = self.add_tag(id, &typed, t);
        }
        self.focus_body = false;
        let dropped = self.leave_selected(t);
        self.selected = None;
        if dropped {
            effects = Effects::heights_changed().and_then(LayoutCommand::ShowStatus(Status::Info(
                "The empty note was not kept (Ctrl+Z brings it back)".to_owned(),
            )));
        }
        match entry {
            Some(entry) => effects.and_then(DocumentCommand::SetCurrent(entry)),
            None => effects,
        }
    }

    fn put_new(&mut self, note: Note, t: f64) -> Effects {
        self.leave_selected(t);
        self.checkpoint(None, t);
        self.focus_body = true;
        self.tag_input.clear();
        self.selected = Some(note.id);
        self.store.put(note);
        Effects::heights_changed().and_then(LayoutCommand::ShowNotesPanel)
    }

    fn add(&mut self, doc: &Document, entry_id: &str, t: f64) -> Effects {
        match doc.find_entry(entry_id) {
            Some((_, entry)) => self.put_new(Note::on_entry(doc, entry, "").by(&self.author), t),
            None => Effects::none(),
        }
    }

    /// A highlight of characters `start..end` of an entry, in `color` or the last colour
    /// used; with `edit`, selected with its editor open (the toolbar's Note).
    fn add_highlight(
        &mut self,
        doc: &Document,
        entry_id: &str,
        (start, end): (usize, usize),
        color: Option<String>,
        edit: bool,
        t: f64,
    ) -> Effects {
        let Some((_, entry)) = doc.find_entry(entry_id).filter(|_| start < end) else { return Effects::none() };
        let mut note = Note::highlight(doc, entry, start, end, "").by(&self.author);
        if let Some(c) = color.or_else(|| self.last_color.clone()) {
            note.color = c;
        }
        self.last_color = Some(note.color.clone());
        if edit {
            return self.put_new(note, t);
        }
        self.checkpoint(None, t);
        self.store.put(note);
        Effects::heights_changed()
    }

    /// Selects a note and shows its entry.
    fn select(&mut self, id: Uuid, t: f64) -> Effects {
        let Some(entry_id) = self.store.notes.get(&id).map(|n| n.anchor.entry_id.clone()) else {
            return Effects::none();
        };
        if self.selected != Some(id) {
            self.leave_selected(t);
        }
        self.selected = Some(id);
        self.tag_input.clear();
        Effects::then(DocumentCommand::Reveal(entry_id))
    }

    fn add_tag(&mut self, id: Uuid, tag: &str, t: f64) -> Effects {
        self.tag_input.clear();
        let Some(tag) = crate::core::notes::model::clean_tag(tag) else { return Effects::none() };
        self.edit_note(id, None, t, |n| {
            if !n.tags.contains(&tag) {
                n.tags.push(tag);
            }
        })
    }

    /// Moves a note to the Trash.
    fn delete(&mut self, id: Uuid, t: f64) -> Effects {
        let effects = self.edit_note(id, None, t, |n| n.move_to_trash(now()));
        if self.selected == Some(id) {
            self.selected = None;
        }
        effects
    }

    fn empty_trash(&mut self, t: f64) {
        let ids: Vec<Uuid> = self.store.trash().map(|n| n.id).collect();
        if !ids.is_empty() {
            self.checkpoint(None, t);
            for id in ids {
                self.store.purge(id);
            }
        }
    }

    fn rename_color(&mut self, key: String, label: &str, t: f64) {
        self.checkpoint(Some((Uuid::nil(), "label")), t);
        let label = label.trim().to_owned();
        if label.is_empty() {
            self.store.labels.remove(&key);
        } else {
            self.store.labels.insert(key, label);
        }
        self.store.state = SaveState::Unsaved;
    }

    /// Attaches an orphaned note to the entry with this number.
    fn reattach(&mut self, doc: &Document, id: Uuid, number: &str, t: f64) -> Effects {
        let Some((_, entry)) = doc.find_entry(number.trim()) else {
            return Effects::status(Status::Error(format!("There is no entry {number} in this record")));
        };
        let fresh = Note::on_entry(doc, entry, "");
        let effects = self.edit_note(id, None, t, |n| {
            n.kind = crate::core::notes::NoteKind::EntryNote;
            n.anchor = fresh.anchor;
        });
        self.orphans.retain(|o| *o != id);
        self.reattach_input.remove(&id);
        effects
    }

    /// Saves a copy of the notes where the reader chose (the notes file is read-only).
    fn save_as(&self, path: &Path) -> Effects {
        Effects::status(match self.store.save_as(path) {
            Ok(()) => Status::Saved { message: format!("Notes saved to {}", path.display()), folder: folder_of(path) },
            Err(e) => Status::Error(e.to_string()),
        })
    }

    /// Adds the notes of an import the reader confirmed, and saves them.
    pub fn import(&mut self, path: &Path, plan: &ImportPlan, t: f64) -> Effects {
        if let Err(e) = self.store.set_aside(&plan.set_aside) {
            // Nothing is imported rather than losing the records set aside.
            return Effects::status(Status::Error(format!("Nothing was imported from {}: {e}", path.display())));
        }
        self.checkpoint(None, t);
        let n = plan.add.len() + plan.update.len();
        for note in plan.notes() {
            self.store.put(note.clone());
        }
        self.orphans.extend(plan.orphaned.iter().copied());
        self.flush();
        let status = match &self.store.state {
            SaveState::Saved => {
                Status::Info(format!("Imported {n} notes from {} ({})", path.display(), plan.summary()))
            }
            other => Status::Error(format!("Imported {n} notes, but they are not saved: {other:?}")),
        };
        Effects { heights_changed: true, ..Effects::status(status) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::command::NotesFilterCommand;

    #[test]
    fn autosave_runs_on_a_background_thread_and_keeps_edits_made_during_it() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let mut notes = NotesState::open(dir.path(), &doc);
        let entry = doc.entries().next().unwrap().1;
        let first = Note::on_entry(&doc, entry, "first");
        notes.checkpoint(None, 0.0);
        notes.store.put(first);
        assert!(notes.tick(&doc, 0.1), "a save is pending");
        assert!(notes.tick(&doc, 0.5), "the save runs");
        assert!(notes.saving.is_some(), "on a thread of its own");
        // An edit while the thread writes.
        let second = Note::on_entry(&doc, entry, "second, typed during the save");
        notes.checkpoint(None, 0.55);
        notes.store.put(second);
        let mut t = 0.6;
        while notes.tick(&doc, t) {
            std::thread::sleep(std::time::Duration::from_millis(5));
            t += 0.05;
            assert!(t < 60.0, "saves never finished");
        }
        assert_eq!(notes.store.state, SaveState::Saved);
        let on_disk = std::fs::read_to_string(&notes.store.path).unwrap();
        assert!(on_disk.contains("first") && on_disk.contains("typed during the save"), "{on_disk}");
    }

    #[test]
    fn an_undo_made_while_a_save_runs_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let mut notes = NotesState::open(dir.path(), &doc);
        let entry = doc.entries().next().unwrap().1;
        let note = Note::on_entry(&doc, entry, "first words");
        let id = note.id;
        notes.checkpoint(None, 0.0);
        notes.store.put(note);
        notes.flush();
        notes.edit(id, None, 1.0, |n| n.body = "second words".into());
        assert!(notes.tick(&doc, 1.5), "the save of the edit starts");
        assert!(notes.saving.is_some());
        // Undone before the save that writes the edit has come back.
        notes.undo(1.6);
        let mut t = 1.7;
        while notes.tick(&doc, t) {
            std::thread::sleep(std::time::Duration::from_millis(5));
            t += 0.05;
            assert!(t < 60.0, "saves never finished");
        }
        assert_eq!(notes.store.notes[&id].body, "first words", "the undo was undone by our own save");
        let on_disk = std::fs::read_to_string(&notes.store.path).unwrap();
        assert!(on_disk.contains("first words") && !on_disk.contains("second words"), "{on_disk}");
    }

    #[test]
    fn a_failed_background_save_is_reported_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let mut notes = NotesState::open(dir.path(), &doc);
        // The folder disappears under the app: a file now stands where it was.
        std::fs::remove_dir_all(dir.path()).unwrap();
        std::fs::write(dir.path(), b"not a folder").unwrap();
        let entry = doc.entries().next().unwrap().1;
        notes.checkpoint(None, 0.0);
        notes.store.put(Note::on_entry(&doc, entry, "kept in memory"));
        let mut t = 0.5;
        while notes.tick(&doc, t) && t < 5.0 {
            std::thread::sleep(std::time::Duration::from_millis(5));
            t += 0.05;
        }
        assert!(matches!(notes.store.state, SaveState::Error(_)), "{:?}", notes.store.state);
        assert!(notes.store.live().any(|n| n.body == "kept in memory"));
        let _ = std::fs::remove_file(dir.path());
    }

    fn apply(notes: &mut NotesState, doc: &Document, command: NotesCommand) -> Effects {
        notes.apply(command, doc, &mut crate::gui::dialogs::file_dialog::ScriptedDialog::default(), 1.0)
    }

    #[test]
    fn a_note_added_is_selected_and_shown_and_selecting_it_shows_its_entry() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let mut notes = NotesState::open(dir.path(), &doc);
        let (_, entry) = doc.find_entry("2.1").unwrap();
        let entry_id = entry.id.to_string();
        let effects = apply(&mut notes, &doc, NotesCommand::Add(entry_id.clone()));
        assert_eq!(effects, Effects::heights_changed().and_then(LayoutCommand::ShowNotesPanel));
        let id = notes.selected.unwrap();
        assert_eq!(notes.store.notes[&id].anchor.entry_id, entry_id);
        assert_eq!(apply(&mut notes, &doc, NotesCommand::Add("no-such-entry".into())), Effects::none());
        let _ = apply(&mut notes, &doc, NotesCommand::SetBody(id, "written".into()));
        let _ = apply(&mut notes, &doc, NotesCommand::Deselect);
        let _ = apply(&mut notes, &doc, NotesCommand::SetTagInput("half-typed".into()));
        let effects = apply(&mut notes, &doc, NotesCommand::Select(id));
        assert_eq!(effects, Effects::then(DocumentCommand::Reveal(entry_id)));
        assert_eq!((notes.selected, notes.tag_input.as_str()), (Some(id), ""), "the tag box starts empty");
    }

    #[test]
    fn tags_are_cleaned_a_deleted_note_is_deselected_and_undo_brings_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let mut notes = NotesState::open(dir.path(), &doc);
        let entry_id = doc.entries().next().unwrap().1.id.to_string();
        let _ = apply(&mut notes, &doc, NotesCommand::Add(entry_id));
        let id = notes.selected.unwrap();
        let _ = apply(&mut notes, &doc, NotesCommand::SetTagInput("#hemisphere".into()));
        assert_eq!(
            apply(&mut notes, &doc, NotesCommand::AddTag(id, " #hemisphere".into())),
            Effects::heights_changed()
        );
        assert_eq!(notes.tag_input, "");
        let _ = apply(&mut notes, &doc, NotesCommand::AddTag(id, "hemisphere".into()));
        assert_eq!(notes.store.notes[&id].tags, ["hemisphere"], "cleaned, and once");
        let _ = apply(&mut notes, &doc, NotesCommand::Delete(id));
        assert!(notes.store.notes[&id].is_deleted() && notes.selected.is_none());
        assert_eq!(notes.overview().trash, [id]);
        let undone = Status::Info("Undid: move to the Trash".into());
        assert_eq!(
            apply(&mut notes, &doc, NotesCommand::Undo),
            Effects::heights_changed().and_then(LayoutCommand::ShowStatus(undone))
        );
        assert!(!notes.store.notes[&id].is_deleted());
        assert!(notes.overview().trash.is_empty(), "the cached overview follows the notes");
    }

    #[test]
    fn reattaching_to_an_entry_that_is_not_there_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let mut notes = NotesState::open(dir.path(), &doc);
        let effects = apply(&mut notes, &doc, NotesCommand::Reattach(Uuid::from_u128(7), "99.9".into()));
        let error = Status::Error("There is no entry 99.9 in this record".into());
        assert_eq!(effects, Effects::status(error));
    }

    #[test]
    fn the_panel_filters_narrow_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let mut notes = NotesState::open(dir.path(), &doc);
        for number in ["1.1", "6.4"] {
            let entry_id = doc.find_entry(number).unwrap().1.id.to_string();
            let _ = apply(&mut notes, &doc, NotesCommand::Add(entry_id));
            let id = notes.selected.unwrap();
            let _ = apply(&mut notes, &doc, NotesCommand::SetBody(id, format!("on {number}")));
        }
        let on_64 = notes.selected.unwrap();
        let _ = apply(&mut notes, &doc, NotesCommand::SetColor(on_64, "red".into()));
        assert_eq!(notes.visible_ids(&doc).len(), 2);
        assert_eq!(
            apply(&mut notes, &doc, NotesCommand::Filter(NotesFilterCommand::Color(Some("red".into())))),
            Effects::none()
        );
        assert_eq!(&*notes.visible_ids(&doc), [on_64]);
        let _ = apply(&mut notes, &doc, NotesCommand::Filter(NotesFilterCommand::Color(None)));
        let _ = apply(&mut notes, &doc, NotesCommand::Filter(NotesFilterCommand::Query("no such words".into())));
        assert!(notes.visible_ids(&doc).is_empty());
    }
}
