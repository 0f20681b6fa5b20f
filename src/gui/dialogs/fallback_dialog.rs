//! The in-app file dialog, for desktops with no portal (i3, bare X or sway sessions, Xvfb,
//! many remote desktops) and for when the system dialog fails: `egui_file`'s dialog, with
//! quick places beside its list (recent folders, Home, Documents), and a question before a
//! file is replaced.
//!
//! It is shown across frames: [`InAppDialog::ask`] opens it, and [`InAppDialog::ui`] draws it
//! each frame and pushes the purpose's command with the path once the reader has chosen. Like
//! the document view, it writes only its own state (the folder shown, the name typed).

use crate::gui::command::Command;
use crate::gui::dialogs::file_dialog::{Answer, FileDialog, Purpose, Reply, Request, folder_of};
use egui::{Align2, Id, RichText};
use egui_file::State;
use std::path::{Path, PathBuf};

/// The dialog window's id, which also finds its rectangle to put the places beside it.
const WINDOW_ID: &str = "in_app_file_dialog";
/// Width of the places column, and the gap between it and the dialog.
const PLACES_WIDTH: f32 = 170.0;
const GAP: f32 = 8.0;
/// What `egui_file` puts before the title of a dialog that names a file to write (all of
/// ours: an existing file is opened, a new name is written).
const DIALOG_TITLE_ICON: &str = "💾  ";
/// How many recent folders are offered.
const MAX_RECENT: usize = 4;

/// Names the dialog's two text boxes for screen readers ("Folder", then "File name"):
/// `egui_file` draws them without a label, nor a way to give them one. It renames them in
/// the output of each pass, where the whole accessibility tree is sent; and it puts the
/// keyboard in the file name box when the dialog opens, through the same tree (a focus
/// request, as a screen reader sends), so that Ctrl+O, a path and Enter open a file.
///
/// With no screen reader, egui builds no tree: it is then turned on for one pass, to find
/// the box. (A screen reader that starts in that very pass would find the tree off again
/// until it asks anew: egui does not say whether someone else turned it on.)
#[derive(Default)]
struct DialogAccess {
    /// The file name box in the last pass's tree.
    file_name: Option<egui::accesskit::NodeId>,
    /// Focus the file name box in the next pass.
    focus: bool,
    /// The tree was turned on here, for one pass.
    tree_on_for_focus: bool,
    /// Passes since the focus was asked for in which the dialog was not in the tree.
    waited: u8,
}

impl egui::Plugin for DialogAccess {
    fn debug_name(&self) -> &'static str {
        "record_reader::DialogAccess"
    }

    fn input_hook(&mut self, _ctx: &egui::Context, input: &mut egui::RawInput) {
        use egui::accesskit::{Action, ActionRequest, TreeId};
        if self.focus
            && let Some(target_node) = self.file_name
        {
            self.focus = false;
            let focus = ActionRequest { action: Action::Focus, target_tree: TreeId::ROOT, target_node, data: None };
            input.events.push(egui::Event::AccessKitActionRequest(focus));
        }
    }

    fn output_hook(&mut self, ctx: &egui::Context, output: &mut egui::FullOutput) {
        use egui::accesskit::{NodeId, Role};
        self.file_name = None;
        let Some(update) = &mut output.platform_output.accesskit_update else {
            if self.focus && !self.tree_on_for_focus {
                self.tree_on_for_focus = true;
                ctx.enable_accesskit();
                ctx.request_repaint();
            }
            return;
        };
        if std::mem::take(&mut self.tree_on_for_focus) {
            ctx.disable_accesskit();
        }
        let Some(window) = update
            .nodes
            .iter()
            .position(|(_, n)| n.role() == Role::Window && n.label().is_some_and(|l| l.starts_with(DIALOG_TITLE_ICON)))
        else {
            // A new window is laid out unseen in its first pass: wait a few for it. (Counted
            // only while waiting: with a screen reader on, every pass has a tree, and a count
            // of them all overflowed after 255 passes and took the window down.)
            if !self.focus {
                return;
            }
            self.waited = self.waited.saturating_add(1);
            if self.waited > 5 {
                self.focus = false;
            } else if self.focus {
                ctx.request_repaint();
            }
            return;
        };
        self.waited = 0;
        let index: std::collections::HashMap<NodeId, usize> =
            update.nodes.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        // Depth first, in the order drawn: the folder box is at the top, the name at the bottom.
        let mut unnamed = Vec::new();
        let mut stack = vec![window];
        while let Some(i) = stack.pop() {
            let node = &update.nodes[i].1;
            if node.role() == Role::TextInput && node.label().is_none() {
                unnamed.push(i);
            }
            stack.extend(node.children().iter().rev().filter_map(|c| index.get(c).copied()));
        }
        for (i, name) in unnamed.into_iter().zip(["Folder", "File name"]) {
            update.nodes[i].1.set_label(name);
            if name == "File name" {
                self.file_name = Some(update.nodes[i].0);
            }
        }
    }
}

/// A quick place beside the dialog's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub label: String,
    pub dir: PathBuf,
    /// A folder a file was last chosen in (else Home or Documents).
    pub recent: bool,
}

/// The dialog being shown.
struct Shown {
    purpose: Purpose,
    /// What the path chosen is sent back as.
    reply: Reply,
    dialog: egui_file::FileDialog,
    /// The reader chose a file that exists: replace it? (For files to write.)
    replace: Option<PathBuf>,
    /// The keyboard goes to the file name box once the dialog is drawn.
    focus_file_name: bool,
}

pub struct InAppDialog {
    shown: Option<Shown>,
    /// Folders files were last chosen in, most recent first.
    recent: Vec<PathBuf>,
    home: Option<PathBuf>,
    documents: Option<PathBuf>,
}

impl std::fmt::Debug for InAppDialog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InAppDialog")
            .field("purpose", &self.shown.as_ref().map(|s| s.purpose))
            .field("recent", &self.recent)
            .finish_non_exhaustive()
    }
}

/// What the reader did in the dialog this frame.
enum Outcome {
    Open,
    Chosen(PathBuf),
    Closed,
}

impl InAppDialog {
    /// `recent`: folders to offer first, most recent first. Home and Documents are the user's.
    pub fn new(recent: impl IntoIterator<Item = PathBuf>) -> Self {
        let dirs = directories::UserDirs::new();
        let home = dirs.as_ref().map(|d| d.home_dir().to_path_buf());
        let documents = dirs.as_ref().and_then(|d| d.document_dir()).map(Path::to_path_buf);
        Self::with_places(recent, home, documents)
    }

    /// With these places only (tests give folders of their own).
    pub fn with_places(
        recent: impl IntoIterator<Item = PathBuf>,
        home: Option<PathBuf>,
        documents: Option<PathBuf>,
    ) -> Self {
        let mut dialog = Self { shown: None, recent: Vec::new(), home, documents };
        let recent: Vec<PathBuf> = recent.into_iter().collect();
        for dir in recent.into_iter().rev() {
            dialog.remember_dir(dir);
        }
        dialog
    }

    /// The folder of a file chosen (here or in the system's dialog) comes first among the
    /// recent folders.
    pub fn remember(&mut self, path: &Path) {
        self.remember_dir(folder_of(path));
    }

    fn remember_dir(&mut self, dir: PathBuf) {
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        self.recent.retain(|d| *d != dir);
        self.recent.insert(0, dir);
        self.recent.truncate(MAX_RECENT);
    }

    /// The quick places that exist: recent folders, then Home and Documents.
    pub fn places(&self) -> Vec<Place> {
        let recent = self.recent.iter().map(|dir| Place {
            label: dir.file_name().map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned()),
            dir: dir.clone(),
            recent: true,
        });
        let home = self.home.iter().map(|d| Place { label: "Home".to_owned(), dir: d.clone(), recent: false });
        let documents =
            self.documents.iter().map(|d| Place { label: "Documents".to_owned(), dir: d.clone(), recent: false });
        recent.chain(home).chain(documents).filter(|p| p.dir.is_dir()).collect()
    }

    /// The folder a request starts in: its own, else the most recent, Documents, Home, or
    /// the current folder.
    fn start_dir(&self, request: &Request) -> PathBuf {
        let mut candidates = request.start_dir.iter().chain(&self.recent).chain(&self.documents).chain(&self.home);
        candidates
            .find(|d| d.is_dir())
            .cloned()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"))
    }

    /// Draws the places beside the dialog (at `dialog_rect`): on its left, else on its right
    /// where the window has no room on the left, else not at all (never over the window's
    /// edge or over the dialog); the folder clicked.
    fn places_ui(&self, ctx: &egui::Context, dialog_rect: egui::Rect) -> Option<PathBuf> {
        let screen = ctx.content_rect();
        let left = dialog_rect.left() - PLACES_WIDTH - GAP;
        let right = dialog_rect.right() + GAP;
        let x = if left >= screen.left() {
            left
        } else if right + PLACES_WIDTH <= screen.right() {
            right
        } else {
            return None;
        };
        let places = self.places();
        let mut clicked = None;
        let pos = egui::pos2(x, dialog_rect.top());
        egui::Area::new(Id::unique(WINDOW_ID).with("places")).order(egui::Order::Foreground).fixed_pos(pos).show(
            ctx,
            |ui| {
                egui::Frame::window(ui.style()).show(ui, |ui| {
                    ui.set_width(PLACES_WIDTH - 2.0 * ui.style().spacing.window_margin.leftf());
                    ui.label(RichText::new("Places").strong());
                    for (i, place) in places.iter().enumerate() {
                        if i > 0 && places[i - 1].recent && !place.recent {
                            ui.separator();
                        }
                        let hover = if place.recent {
                            format!("Recent: {}", place.dir.display())
                        } else {
                            place.dir.display().to_string()
                        };
                        let button = egui::Button::new(place.label.as_str())
                            .truncate()
                            .min_size(egui::vec2(ui.available_width(), 0.0));
                        if ui.add(button).on_hover_text(hover).clicked() {
                            clicked = Some(place.dir.clone());
                        }
                    }
                });
            },
        );
        clicked
    }

    /// Asks before a file to write replaces one that exists: `Some(yes)` once answered.
    fn replace_ui(ctx: &egui::Context, path: &Path) -> Option<bool> {
        let mut answer = None;
        let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        egui::Window::new("Replace the file?")
            .id(Id::unique(WINDOW_ID).with("replace"))
            .collapsible(false)
            .resizable(false)
            .anchor(Align2::CENTER_CENTER, [0.0, 0.0])
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                ui.label(format!("“{name}” already exists in {}.", folder_of(path).display()));
                ui.label("Replacing it overwrites what it holds.");
                ui.horizontal(|ui| {
                    if ui.button("Replace").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Choose another name").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                        answer = Some(false);
                    }
                });
            });
        answer
    }

    /// Draws the file dialog and its places for one frame: what the reader did.
    fn dialog_ui(&mut self, ctx: &egui::Context) -> Outcome {
        let Some(shown) = &mut self.shown else { return Outcome::Closed };
        if let Some(path) = shown.replace.clone() {
            return match Self::replace_ui(ctx, &path) {
                Some(true) => Outcome::Chosen(path),
                Some(false) => {
                    shown.replace = None;
                    shown.dialog.open();
                    Outcome::Open
                }
                None => Outcome::Open,
            };
        }
        shown.dialog.show(ctx);
        match shown.dialog.state() {
            State::Open => {
                let rect = ctx.memory(|m| m.area_rect(Id::unique(WINDOW_ID)));
                if let Some(dir) = rect.and_then(|rect| self.places_ui(ctx, rect))
                    && let Some(shown) = &mut self.shown
                {
                    shown.dialog.set_path(dir);
                }
                Outcome::Open
            }
            State::Selected => match shown.dialog.path().map(Path::to_path_buf) {
                // Only a regular file is replaced; anything else is refused by the writer.
                Some(path) if shown.purpose.saves() && path.is_file() => {
                    shown.replace = Some(path);
                    Outcome::Open
                }
                Some(path) => Outcome::Chosen(path),
                None => Outcome::Closed,
            },
            State::Cancelled | State::Closed => Outcome::Closed,
        }
    }
}

impl FileDialog for InAppDialog {
    fn ask(&mut self, request: Request) -> Answer {
        let purpose = request.purpose;
        let dialog = if purpose.picks_folder() {
            egui_file::FileDialog::select_folder()
        } else {
            egui_file::FileDialog::save_file()
        };
        let mut dialog = dialog
            .id(Id::unique(WINDOW_ID))
            .title(purpose.title())
            // Room on the left for the places.
            .anchor(Align2::CENTER_CENTER, [(PLACES_WIDTH + GAP) / 2.0, 0.0])
            .default_size([520.0, 420.0])
            .save_button_text(purpose.button().into())
            .file_label_text(if purpose.picks_folder() { "Folder:" } else { "File name:" }.into())
            .show_new_folder(false)
            .show_rename(false)
            .keep_on_top(true)
            .initial_path(self.start_dir(&request))
            .default_filename(request.file_name);
        if let Some((_, extensions)) = purpose.filter().filter(|_| !purpose.saves()) {
            dialog = dialog.show_files_filter(Box::new(move |path: &Path| {
                path.extension().is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
            }));
        }
        dialog.open();
        self.shown = Some(Shown { purpose, reply: request.reply, dialog, replace: None, focus_file_name: true });
        Answer::Shown
    }

    fn is_open(&self) -> bool {
        self.shown.is_some()
    }

    fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(shown) = &mut self.shown
            && std::mem::take(&mut shown.focus_file_name)
        {
            let plugin = ctx.plugin_or_default::<DialogAccess>();
            let mut access = plugin.lock();
            (access.focus, access.waited) = (true, 0);
            ctx.request_repaint(); // the focus is given in the next pass
        }
        match self.dialog_ui(ctx) {
            Outcome::Open => {}
            Outcome::Closed => self.shown = None,
            Outcome::Chosen(path) => {
                if let Some(shown) = self.shown.take() {
                    self.remember(&path);
                    commands.push((shown.reply)(path));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::command::ExportCommand;

    #[test]
    fn recent_folders_come_first_once_each_then_home_and_documents_that_exist() {
        let (a, b, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let gone = a.path().join("gone");
        let mut dialog = InAppDialog::with_places(
            [a.path().to_path_buf(), gone.clone()],
            Some(home.path().to_path_buf()),
            Some(gone),
        );
        dialog.remember(&b.path().join("notes.md"));
        dialog.remember(&a.path().join("record.txt"));
        let places: Vec<(PathBuf, bool)> = dialog.places().into_iter().map(|p| (p.dir, p.recent)).collect();
        let expected = [(a.path(), true), (b.path(), true), (home.path(), false)];
        assert_eq!(places, expected.map(|(d, r)| (d.to_path_buf(), r)), "folders that are gone are not offered");
        assert_eq!(dialog.places()[2].label, "Home");
        // A request's own folder first; else the most recent that exists.
        let own = Request::new(Purpose::Export, |p| ExportCommand::ExportTo(p).into()).in_dir(Some(b.path()));
        assert_eq!(dialog.start_dir(&own), b.path());
        let import = Request::new(Purpose::ImportNotes, |p| ExportCommand::ImportPath(p).into());
        assert_eq!(dialog.start_dir(&import), a.path());
    }

    #[test]
    fn a_screen_reader_on_for_hundreds_of_passes_without_the_dialog_takes_nothing_down() {
        // Every pass has an accessibility tree while a screen reader is on; the dialog's
        // helper once counted them all in a u8 and panicked on the 256th.
        let ctx = egui::Context::default();
        ctx.enable_accesskit();
        let _ = ctx.plugin_or_default::<DialogAccess>();
        for _ in 0..300 {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                ui.label("reading");
            });
            out.textures_delta.clear(); // no GPU here to upload the glyphs to
            assert!(out.platform_output.accesskit_update.is_some());
        }
    }

    #[test]
    fn the_dialog_is_open_from_the_question_until_the_answer() {
        let dir = tempfile::tempdir().unwrap();
        let mut dialog = InAppDialog::with_places([dir.path().to_path_buf()], None, None);
        assert!(!dialog.is_open());
        let open = Request::new(Purpose::OpenDocument, |p| crate::gui::command::DocumentCommand::Open(p).into());
        assert_eq!(dialog.ask(open), Answer::Shown);
        assert!(dialog.is_open());
        let ctx = egui::Context::default();
        let mut commands = Vec::new();
        let escape = egui::Event::Key {
            key: egui::Key::Escape,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        };
        let input = egui::RawInput { events: vec![escape], ..egui::RawInput::default() };
        let mut out = ctx.run_ui(input, |ui| dialog.ui(ui.ctx(), &mut commands));
        out.textures_delta.clear();
        assert!(!dialog.is_open() && commands.is_empty(), "Esc cancels, and says nothing");
    }
}
