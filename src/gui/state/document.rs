//! The document area: which sections are closed (saved with the preferences), the folder
//! records were last opened from, the view's rows, and the record being read in the
//! background.

use crate::core::search::Spot;
use crate::core::{Document, DocumentError, open};
use crate::gui::REFERENCES_ID;
use crate::gui::command::Status;
use crate::gui::command::{DetailField, DocumentCommand, Effects, LayoutCommand, NotesCommand};
use crate::gui::dialogs::file_dialog::{self, FileDialog, Purpose, Request, folder_of};
use crate::gui::job::{Job, JobFailed};
use crate::gui::prefs::MainView;
use crate::gui::state::notes::NotesState;
use crate::gui::state::rows::{DocumentView, NoteMarks};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Of the records read (when each was last shown), the last `n`, newest first.
pub fn recent(read_at: &BTreeMap<PathBuf, i64>, n: usize) -> Vec<&PathBuf> {
    let mut all: Vec<(&PathBuf, i64)> = read_at.iter().map(|(p, t)| (p, *t)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    all.into_iter().take(n).map(|(p, _)| p).collect()
}

/// The file a record was opened from; `None` for the built-in record.
pub fn record_file(doc: &Document) -> Option<PathBuf> {
    doc.meta.source.as_deref().filter(|s| !s.is_empty() && *s != "embedded").map(PathBuf::from)
}

/// A record read on a background thread, with its notes.
pub type Opened = Result<(Document, NotesState), DocumentError>;

/// A record being read on a background thread: a long record takes a noticeable time, and
/// the window keeps answering meanwhile.
#[derive(Debug)]
pub struct Opening {
    pub path: PathBuf,
    /// The entry to show once it is read.
    pub reveal: Option<String>,
    job: Job<Opened>,
}

#[derive(Debug, Default)]
pub struct DocumentState {
    /// Per document id, the sections the reader has closed. New sections open by default.
    pub collapsed: BTreeMap<String, BTreeSet<String>>,
    /// The folder of the last record opened (through the dialog, or dropped on the window).
    pub last_dir: Option<PathBuf>,
    /// Per document id, the entry at the top of the view when it was last read.
    positions: BTreeMap<String, String>,
    /// Per record file, when it was last shown (seconds since 1970).
    pub read_at: BTreeMap<PathBuf, i64>,
    /// The Record details dialog's fields, while it is open.
    pub details: Option<crate::core::details::RecordDetails>,
    /// The rows of the document and their measured heights (see [`DocumentView`]).
    pub view: DocumentView,
    /// What the entries show of the notes, rebuilt only when the notes change.
    marks: Option<(u128, Arc<NoteMarks>)>,
    opening: Option<Opening>,
}

/// What the document area reads besides its own state.
pub struct DocumentContext<'a> {
    pub doc: &'a Document,
    pub dialog: &'a mut dyn FileDialog,
    /// Where the notes of a record being opened are read from.
    pub notes_dir: &'a Path,
    /// egui time of this frame, seconds.
    pub now: f64,
}

impl DocumentState {
    pub fn new(
        collapsed: BTreeMap<String, BTreeSet<String>>,
        last_dir: Option<PathBuf>,
        positions: BTreeMap<String, String>,
    ) -> Self {
        Self { collapsed, last_dir, positions, ..Self::default() }
    }

    /// The records read before, when each was last shown.
    #[must_use]
    pub fn with_read_at(mut self, read_at: BTreeMap<PathBuf, i64>) -> Self {
        self.read_at = read_at;
        self
    }

    /// Notes that `doc` is being read now, if it is a record file (Open recent, "last read").
    pub fn note_read(&mut self, doc: &Document) {
        const KEPT: usize = 500;
        let Some(path) = record_file(doc) else { return };
        self.read_at.insert(path, time::OffsetDateTime::now_utc().unix_timestamp());
        if self.read_at.len() > KEPT {
            let mut times: Vec<i64> = self.read_at.values().copied().collect();
            times.sort_unstable_by(|a, b| b.cmp(a));
            let oldest_kept = times[KEPT - 1];
            self.read_at.retain(|_, t| *t >= oldest_kept);
        }
    }

    /// Scrolls to where the reader left `doc` last time, if they read it before.
    pub fn restore_position(&mut self, doc: &Document) {
        if let Some(entry) = self.positions.get(&doc.id) {
            self.view.scroll_to_entry(doc, entry);
        }
    }

    /// Remembers where the reader is in `doc` (before another document replaces it).
    pub fn remember_position(&mut self, doc: &Document) {
        if let Some(entry) = self.view.top_entry(doc) {
            self.positions.insert(doc.id.clone(), entry);
        }
    }

    /// Every document's reading position, `doc` being the one shown, as saved.
    pub fn saved_positions(&self, doc: &Document) -> BTreeMap<String, String> {
        let mut all = self.positions.clone();
        if let Some(entry) = self.view.top_entry(doc) {
            all.insert(doc.id.clone(), entry);
        }
        all
    }

    /// The sections closed in `doc`.
    pub fn collapsed_in(&self, doc: &Document) -> BTreeSet<String> {
        self.collapsed.get(&doc.id).cloned().unwrap_or_default()
    }

    /// Is a record being read?
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    /// The record read in the background, once reading is over (or `None`): its path, the
    /// entry to show in it, and the record and its notes, or why it could not be read (`Err`
    /// if the job stopped).
    pub fn take_opened(&mut self) -> Option<(PathBuf, Option<String>, Result<Opened, JobFailed>)> {
        if !self.opening.as_ref().is_some_and(|o| o.job.is_finished()) {
            return None;
        }
        let Opening { path, reveal, job } = self.opening.take()?;
        Some((path, reveal, job.wait()))
    }

    /// Shows another record: the view starts afresh.
    pub fn replace_document(&mut self) {
        self.view = DocumentView::default();
        // At its top, unless it was read before (`restore_position` then takes it there):
        // the scroll area would otherwise keep the last record's offset.
        self.view.scroll_to_end(false);
        self.marks = None;
    }

    /// What the entries show of `notes`, rebuilt when the notes changed. Called before the
    /// view is drawn, which only reads it.
    pub fn marks(&mut self, notes: &NotesState) -> Arc<NoteMarks> {
        let key = notes.fingerprint();
        match &self.marks {
            Some((k, marks)) if *k == key => marks.clone(),
            _ => self.marks.insert((key, Arc::new(NoteMarks::of(notes)))).1.clone(),
        }
    }

    /// Opens or closes a section, or all of them.
    fn open_or_close(&mut self, command: DocumentCommand, doc: &Document) {
        match command {
            DocumentCommand::ToggleSection(id) => {
                let set = self.collapsed.entry(doc.id.clone()).or_default();
                if !set.remove(&id) {
                    set.insert(id);
                }
            }
            DocumentCommand::ExpandAll => {
                self.collapsed.remove(&doc.id);
            }
            DocumentCommand::CollapseAll => {
                let sections = doc.sections.iter().map(|s| s.id.clone());
                let references = (!doc.references.is_empty()).then(|| REFERENCES_ID.to_owned());
                self.collapsed.insert(doc.id.clone(), sections.chain(references).collect());
            }
            _ => return,
        }
        self.view.invalidate();
    }

    /// Shows an entry: its section opened, the document shown, scrolled to it.
    fn reveal(&mut self, doc: &Document, entry_id: &str, now: f64) -> Effects {
        if let Some((section, _)) = doc.find_entry(entry_id)
            && let Some(closed) = self.collapsed.get_mut(&doc.id)
            && closed.remove(&section.id)
        {
            self.view.invalidate();
        }
        self.view.reveal(doc, entry_id, now);
        Effects::then(LayoutCommand::SetView(MainView::Document))
    }

    pub fn apply(&mut self, command: DocumentCommand, cx: DocumentContext<'_>) -> Effects {
        let doc = cx.doc;
        match command {
            DocumentCommand::ToggleSection(_) | DocumentCommand::ExpandAll | DocumentCommand::CollapseAll => {
                self.open_or_close(command, doc);
            }
            DocumentCommand::OpenDialog => {
                let request = Request::new(Purpose::OpenDocument, |path| DocumentCommand::Open(path).into())
                    .in_dir(self.last_dir.as_deref());
                let DocumentContext { dialog, .. } = cx;
                return file_dialog::ask(dialog, request);
            }
            DocumentCommand::Open(path) => {
                self.last_dir = Some(folder_of(&path));
                return Effects::status(self.open(path, None, cx.notes_dir));
            }
            DocumentCommand::OpenAt(path, entry_id) => {
                return Effects::status(self.open(path, Some(entry_id), cx.notes_dir));
            }
            DocumentCommand::Reveal(entry_id) => return self.reveal(doc, &entry_id, cx.now),
            DocumentCommand::RevealSpot(spot) => return self.reveal_spot(doc, spot),
            DocumentCommand::ToggleFold(fold) => self.view.toggle_fold(fold),
            DocumentCommand::EditDetails
            | DocumentCommand::SetDetail(..)
            | DocumentCommand::SaveDetails
            | DocumentCommand::CloseDetails => return self.apply_details(command, doc),
            DocumentCommand::RevealSection(id) => {
                self.view.reveal_header(doc, &id);
                return Effects::then(LayoutCommand::SetView(MainView::Document));
            }
            DocumentCommand::ScrollPages(_)
            | DocumentCommand::ScrollToEnd(_)
            | DocumentCommand::MoveCurrent(_)
            | DocumentCommand::MoveSection(_) => self.move_view(&command),
            DocumentCommand::ToggleCurrentSection => {
                if let Some(id) = self.view.current_header(doc) {
                    return self.apply(DocumentCommand::ToggleSection(id), cx);
                }
            }
            DocumentCommand::SetCurrent(entry_id) => self.view.set_current(doc, &entry_id),
            DocumentCommand::NoteOnCurrent => {
                return match self.view.current_entry(doc) {
                    Some(id) => Effects::then(NotesCommand::Add(id)),
                    None => Effects::status(Status::Info(
                        "Move to an entry first (Down or j), then press N to add a note to it".to_owned(),
                    )),
                };
            }
        }
        Effects::none()
    }

    /// Shows a part of the document (a Find match's): opens its section, scrolls to it.
    fn reveal_spot(&mut self, doc: &Document, spot: Spot) -> Effects {
        let section = match spot {
            Spot::Entry(si, _) => doc.sections.get(si).map(|s| s.id.clone()),
            Spot::Reference(_) => Some(REFERENCES_ID.to_owned()),
            Spot::Quote | Spot::Intro => None,
        };
        if let Some(id) = section
            && let Some(closed) = self.collapsed.get_mut(&doc.id)
            && closed.remove(&id)
        {
            self.view.invalidate();
        }
        self.view.reveal_spot(spot);
        Effects::then(LayoutCommand::SetView(MainView::Document))
    }

    /// Scrolling and the keyboard's row.
    fn move_view(&mut self, command: &DocumentCommand) {
        match *command {
            DocumentCommand::ScrollPages(pages) => self.view.scroll_pages(pages),
            DocumentCommand::ScrollToEnd(end) => self.view.scroll_to_end(end),
            DocumentCommand::MoveCurrent(by) => self.view.move_current(by),
            DocumentCommand::MoveSection(by) => self.view.move_section(by),
            _ => {}
        }
    }

    /// The Record details dialog's commands.
    fn apply_details(&mut self, command: DocumentCommand, doc: &Document) -> Effects {
        match command {
            DocumentCommand::EditDetails => self.details = Some(crate::core::details::RecordDetails::of(&doc.meta)),
            DocumentCommand::SetDetail(field, value) => {
                if let Some(d) = &mut self.details {
                    let slot = match field {
                        DetailField::Title => &mut d.title,
                        DetailField::Publisher => &mut d.publisher,
                        DetailField::Url => &mut d.url,
                        DetailField::Accessed => &mut d.accessed,
                        DetailField::Date => &mut d.date,
                    };
                    *slot = Some(value);
                }
            }
            DocumentCommand::SaveDetails => return self.save_details(doc),
            _ => self.details = None,
        }
        Effects::none()
    }

    /// Writes the dialog's details beside the record shown, and reads it again with them.
    fn save_details(&mut self, doc: &Document) -> Effects {
        let Some(details) = self.details.clone() else { return Effects::none() };
        // A page date that cannot be read is said now, not dropped without a word.
        if let Some(date) = details.date.as_deref().map(str::trim).filter(|d| !d.is_empty())
            && crate::core::details::page_date(date).is_none()
        {
            return Effects::status(Status::Error(format!(
                "The page date \"{date}\" is not a date: write it as 1999-09-23, 1999-09 or September 23, 1999"
            )));
        }
        let Some(path) = doc.meta.source.as_deref().map(PathBuf::from).filter(|p| p.is_file()) else {
            return Effects::status(Status::Error(
                "The built-in record's details cannot be changed; open a record from a file to keep details beside it"
                    .to_owned(),
            ));
        };
        match crate::core::details::write_details(&path, &details) {
            Ok(written) => {
                self.details = None;
                Effects::then(DocumentCommand::Open(path)).and_then(LayoutCommand::ShowStatus(Status::Info(format!(
                    "Record details saved to {}",
                    written.display()
                ))))
            }
            // The dialog stays open with what was typed: nothing is lost.
            Err(e) => Effects::status(Status::Error(e.to_string())),
        }
    }

    /// Starts reading `path` and its notes on a background thread; what to tell the reader.
    fn open(&mut self, path: PathBuf, reveal: Option<String>, notes_dir: &Path) -> Status {
        if self.opening.is_some() {
            return Status::Info("A document is still being opened; try again when it is shown".to_owned());
        }
        let dir = notes_dir.to_owned();
        let to_open = path.clone();
        let spawned = Job::spawn("open-document", move |_| {
            let doc = open::open_path(&to_open)?;
            let notes = NotesState::open(&dir, &doc);
            Ok((doc, notes))
        });
        match spawned {
            Ok(job) => {
                let status = Status::Info(format!("Opening {}…", path.display()));
                self.opening = Some(Opening { path, reveal, job });
                status
            }
            Err(e) => Status::Error(format!("Could not open {}: {}", path.display(), e.why_or("no thread"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::dialogs::file_dialog::ScriptedDialog;

    fn cx<'a>(doc: &'a Document, dialog: &'a mut dyn FileDialog) -> DocumentContext<'a> {
        DocumentContext { doc, dialog, notes_dir: Path::new("/nonexistent"), now: 0.0 }
    }

    #[test]
    fn sections_open_and_close_one_by_one_or_all_at_once() {
        let doc = crate::core::open::embedded().unwrap();
        let mut dialog = ScriptedDialog::default();
        let mut state = DocumentState::default();
        let first = doc.sections[0].id.clone();
        let _ = state.apply(DocumentCommand::ToggleSection(first.clone()), cx(&doc, &mut dialog));
        assert_eq!(state.collapsed_in(&doc), BTreeSet::from([first.clone()]));
        let _ = state.apply(DocumentCommand::ToggleSection(first), cx(&doc, &mut dialog));
        assert!(state.collapsed_in(&doc).is_empty());
        let _ = state.apply(DocumentCommand::CollapseAll, cx(&doc, &mut dialog));
        assert_eq!(state.collapsed_in(&doc).len(), doc.sections.len() + 1, "the sections and the related remarks");
        assert!(state.collapsed_in(&doc).contains(REFERENCES_ID));
        let _ = state.apply(DocumentCommand::ExpandAll, cx(&doc, &mut dialog));
        assert!(state.collapsed_in(&doc).is_empty() && state.collapsed.is_empty());
    }

    #[test]
    fn revealing_an_entry_opens_its_section_and_shows_the_document() {
        let doc = crate::core::open::embedded().unwrap();
        let mut dialog = ScriptedDialog::default();
        let mut state = DocumentState::default();
        let _ = state.apply(DocumentCommand::CollapseAll, cx(&doc, &mut dialog));
        let (section, entry) = doc.find_entry("2.1").unwrap();
        let (section, entry) = (section.id.clone(), entry.id.to_string());
        let effects = state.apply(DocumentCommand::Reveal(entry), cx(&doc, &mut dialog));
        assert_eq!(effects, Effects::then(LayoutCommand::SetView(MainView::Document)));
        assert!(!state.collapsed_in(&doc).contains(&section));
        assert_eq!(state.collapsed_in(&doc).len(), doc.sections.len(), "the others stay closed");
    }

    #[test]
    fn a_cancelled_open_dialog_opens_nothing() {
        let doc = crate::core::open::embedded().unwrap();
        let mut dialog = ScriptedDialog::default();
        let mut state = DocumentState::default();
        assert_eq!(state.apply(DocumentCommand::OpenDialog, cx(&doc, &mut dialog)), Effects::none());
        assert!(!state.is_opening() && state.last_dir.is_none());
    }

    #[test]
    fn the_open_dialogs_answer_opens_the_record_and_a_failing_dialog_says_so() {
        let doc = crate::core::open::embedded().unwrap();
        let mut dialog = ScriptedDialog(vec!["/records/b.txt".into()]);
        let mut state = DocumentState::new(BTreeMap::new(), Some("/records".into()), BTreeMap::new());
        let effects = state.apply(DocumentCommand::OpenDialog, cx(&doc, &mut dialog));
        assert_eq!(effects, Effects::then(DocumentCommand::Open("/records/b.txt".into())));
        let mut failing = crate::gui::dialogs::file_dialog::FailingDialog("the system file dialog failed".into());
        let effects = state.apply(DocumentCommand::OpenDialog, cx(&doc, &mut failing));
        let why = "Cannot open a record: the system file dialog failed".to_owned();
        assert_eq!(effects, Effects::status(Status::Error(why)), "a dialog that fails says so");
    }

    #[test]
    fn a_page_date_that_is_no_date_is_said_and_the_dialog_stays() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("peace.txt");
        std::fs::copy("tests/fixtures/record-of-progress-wrapped.txt", &record).unwrap();
        let doc = crate::core::open::open_path(&record).unwrap();
        let mut dialog = ScriptedDialog::default();
        let mut state = DocumentState::default();
        let _ = state.apply(DocumentCommand::EditDetails, cx(&doc, &mut dialog));
        let _ = state.apply(DocumentCommand::SetDetail(DetailField::Date, "soon".into()), cx(&doc, &mut dialog));
        let effects = state.apply(DocumentCommand::SaveDetails, cx(&doc, &mut dialog));
        assert!(
            matches!(&effects.then[..], [crate::gui::command::Command::Layout(LayoutCommand::ShowStatus(Status::Error(e)))] if e.contains("\"soon\" is not a date")),
            "{effects:?}"
        );
        assert!(state.details.is_some(), "what was typed stays in the dialog");
        assert!(!crate::core::details::details_path(&record).exists(), "nothing written");
        let _ =
            state.apply(DocumentCommand::SetDetail(DetailField::Date, "September 1999".into()), cx(&doc, &mut dialog));
        let _ = state.apply(DocumentCommand::SaveDetails, cx(&doc, &mut dialog));
        assert!(state.details.is_none() && crate::core::details::details_path(&record).exists());
    }
}
