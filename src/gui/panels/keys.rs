//! The keyboard: reading keys (as in Foliate, Okular and browsers), the window's shortcuts,
//! the focus ring, and the list of shortcuts the reader sees with F1 or ?.

use crate::gui::command::{
    Command, DocumentCommand, ExportCommand, FindCommand, LayoutCommand, NotesCommand, WebCommand,
};
use crate::gui::prefs::MainView;
use egui::{Key, KeyboardShortcut, Modifiers};

/// Every shortcut, as the help lists it: (keys, what they do).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Page Down, Space", "Scroll down a screen"),
    ("Page Up, Shift+Space", "Scroll up a screen"),
    ("Home, End", "Go to the top or the end"),
    ("Down, Up, j k", "Next or previous entry (marked in the margin)"),
    ("] [", "Next or previous section"),
    ("Enter", "Open or close the section header you are on"),
    ("N", "Add a note to the entry you are on"),
    ("Shift+arrows", "Select text in the entry you are on (or drag, double-click)"),
    ("Ctrl+H", "Highlight the selection in the last colour"),
    ("Ctrl+C, Ctrl+Shift+C", "Copy the selection, or copy it with its citation"),
    ("Ctrl+Plus, Ctrl+Minus, Ctrl+0", "Larger, smaller, usual reading text"),
    ("Ctrl+F", "Find in the document"),
    ("Enter, F3", "Next match"),
    ("Shift+Enter, Shift+F3", "Previous match"),
    ("Esc", "Clear Find; close a dialog"),
    ("Ctrl+O", "Open a record"),
    ("Ctrl+L", "Open a web address (or paste one with Ctrl+V)"),
    ("Ctrl+E, Ctrl+I", "Export notes, import notes"),
    ("Ctrl+Z, Ctrl+Shift+Z", "Undo, redo a change to the notes"),
    ("Tab, Shift+Tab", "Move between controls"),
    ("F6, Shift+F6", "Move between the bar, the sidebar, the document and the notes"),
    ("F1, ?", "Show these shortcuts"),
    ("Ctrl+Q", "Quit"),
];

/// The window's shortcuts, which work wherever the focus is.
pub fn window_shortcuts(ctx: &egui::Context, commands: &mut Vec<Command>) {
    ctx.input_mut(|i| {
        let mut pressed = |modifiers, key| i.consume_shortcut(&KeyboardShortcut::new(modifiers, key));
        if pressed(Modifiers::COMMAND, Key::O) {
            commands.push(DocumentCommand::OpenDialog.into());
        }
        if pressed(Modifiers::COMMAND, Key::L) {
            commands.push(WebCommand::OpenDialog(None).into());
        }
        if pressed(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z) || pressed(Modifiers::COMMAND, Key::Y) {
            commands.push(NotesCommand::Redo.into());
        }
        if pressed(Modifiers::COMMAND, Key::Z) {
            commands.push(NotesCommand::Undo.into());
        }
        if pressed(Modifiers::COMMAND, Key::E) {
            commands.push(ExportCommand::OpenExportDialog.into());
        }
        if pressed(Modifiers::COMMAND, Key::I) {
            commands.push(ExportCommand::OpenImportDialog.into());
        }
        if pressed(Modifiers::SHIFT, Key::F3) {
            commands.push(FindCommand::Previous.into());
        }
        if pressed(Modifiers::NONE, Key::F3) {
            commands.push(FindCommand::Next.into());
        }
        if pressed(Modifiers::NONE, Key::F1) {
            commands.push(LayoutCommand::ToggleShortcuts.into());
        }
        if pressed(Modifiers::COMMAND, Key::Q) {
            commands.push(LayoutCommand::Quit.into());
        }
        // Ctrl+= is Ctrl+Plus without Shift on most layouts.
        if pressed(Modifiers::COMMAND, Key::Plus) || pressed(Modifiers::COMMAND, Key::Equals) {
            commands.push(LayoutCommand::ReadingSize(1).into());
        }
        if pressed(Modifiers::COMMAND, Key::Minus) {
            commands.push(LayoutCommand::ReadingSize(-1).into());
        }
        if pressed(Modifiers::COMMAND, Key::Num0) {
            commands.push(LayoutCommand::ReadingSize(0).into());
        }
    });
}

/// Ctrl+V of a web address where no text box has the keyboard: the Open web address dialog
/// opens with it, so that the reader sees it and confirms (nothing is fetched unasked).
pub fn pasted_address(ctx: &egui::Context, commands: &mut Vec<Command>) {
    if ctx.text_edit_focused() {
        return;
    }
    let pasted = ctx.input(|i| {
        i.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) => crate::core::web_copy::pasted_address(text),
            _ => None,
        })
    });
    if let Some(address) = pasted {
        commands.push(WebCommand::OpenDialog(Some(address)).into());
    }
}

/// The reading keys, for the document view when no text box has the keyboard. Scrolling
/// keys work while a button has the focus too; the keys a focused control answers itself
/// (arrows, Space, Enter) only when no control has it.
pub fn reading_keys(ctx: &egui::Context, view: MainView, commands: &mut Vec<Command>) {
    if view != MainView::Document || ctx.egui_wants_keyboard_input() {
        return;
    }
    let nothing_focused = ctx.memory(|m| m.focused().is_none());
    ctx.input_mut(|i| {
        let mut pressed = |modifiers, key| i.consume_shortcut(&KeyboardShortcut::new(modifiers, key));
        let mut push = |c: DocumentCommand| commands.push(c.into());
        if pressed(Modifiers::NONE, Key::PageDown) {
            push(DocumentCommand::ScrollPages(1.0));
        }
        if pressed(Modifiers::NONE, Key::PageUp) {
            push(DocumentCommand::ScrollPages(-1.0));
        }
        if pressed(Modifiers::NONE, Key::Home) {
            push(DocumentCommand::ScrollToEnd(false));
        }
        if pressed(Modifiers::NONE, Key::End) {
            push(DocumentCommand::ScrollToEnd(true));
        }
        if !nothing_focused {
            return;
        }
        if pressed(Modifiers::SHIFT, Key::Space) {
            push(DocumentCommand::ScrollPages(-1.0));
        }
        if pressed(Modifiers::NONE, Key::Space) {
            push(DocumentCommand::ScrollPages(1.0));
        }
        if pressed(Modifiers::NONE, Key::ArrowDown) || pressed(Modifiers::NONE, Key::J) {
            push(DocumentCommand::MoveCurrent(1));
        }
        if pressed(Modifiers::NONE, Key::ArrowUp) || pressed(Modifiers::NONE, Key::K) {
            push(DocumentCommand::MoveCurrent(-1));
        }
        if pressed(Modifiers::NONE, Key::CloseBracket) {
            push(DocumentCommand::MoveSection(1));
        }
        if pressed(Modifiers::NONE, Key::OpenBracket) {
            push(DocumentCommand::MoveSection(-1));
        }
        if pressed(Modifiers::NONE, Key::Enter) {
            push(DocumentCommand::ToggleCurrentSection);
        }
        if pressed(Modifiers::NONE, Key::N) {
            push(DocumentCommand::NoteOnCurrent);
        }
        // "?" is a typed character (Shift+/ on most layouts, something else on others).
        let question = i.events.iter().any(|e| matches!(e, egui::Event::Text(t) if t == "?"));
        if question {
            commands.push(LayoutCommand::ToggleShortcuts.into());
        }
    });
}

/// A 2-pixel ring in the accent colour around the control that has the keyboard, drawn
/// above everything: egui's own mark of focus is a shade that is easily missed.
pub fn focus_ring(ctx: &egui::Context) {
    let Some(id) = ctx.memory(egui::Memory::focused) else { return };
    let Some(response) = ctx.read_response(id) else { return };
    let rect = response.interact_rect;
    if !rect.is_positive() {
        return;
    }
    let accent = ctx.global_style().visuals.selection.stroke.color;
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("focus_ring")));
    painter.rect_stroke(rect.expand(2.0), 4.0, egui::Stroke::new(2.0, accent), egui::StrokeKind::Outside);
}

/// Brings the control that just got the keyboard (by Tab) into view; call at the end of a
/// scroll area's contents, where the control was laid out.
pub fn scroll_focus_into_view(ui: &egui::Ui) {
    let Some(id) = ui.ctx().memory(egui::Memory::focused) else { return };
    if let Some(response) = ui.ctx().read_response(id)
        && response.gained_focus()
        && ui.min_rect().intersects(response.rect)
    {
        response.scroll_to_me(None);
    }
}

/// The shortcuts window (F1 or ?).
pub fn shortcuts_ui(ctx: &egui::Context, commands: &mut Vec<Command>) {
    let mut open = true;
    egui::Window::new("Keyboard shortcuts").collapsible(false).resizable(false).open(&mut open).show(ctx, |ui| {
        egui::Grid::new("shortcuts").num_columns(2).striped(true).show(ui, |ui| {
            for (keys, what) in SHORTCUTS {
                ui.label(egui::RichText::new(*keys).strong());
                ui.label(*what);
                ui.end_row();
            }
        });
        if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
            commands.push(LayoutCommand::ToggleShortcuts.into());
        }
    });
    if !open {
        commands.push(LayoutCommand::ToggleShortcuts.into());
    }
}

/// The places F6 moves between, in order: the top bar, the sidebar, the document, the
/// notes panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    TopBar,
    Sidebar,
    Document,
    Notes,
}

const STOPS: [Stop; 4] = [Stop::TopBar, Stop::Sidebar, Stop::Document, Stop::Notes];

/// Where each stop was drawn this frame, and the control F6 gives the keyboard to there
/// (`None` for the document, which is read with no control focused).
#[derive(Debug, Clone, Default)]
struct Stops(Vec<(Stop, egui::Rect, Option<egui::Id>)>);

fn stops_id() -> egui::Id {
    egui::Id::unique("f6-stops")
}

/// Says where a stop is this frame: its area, and the control F6 focuses in it.
pub fn register_stop(ctx: &egui::Context, stop: Stop, area: egui::Rect, target: Option<egui::Id>) {
    ctx.data_mut(|d| {
        let stops = d.get_temp_mut_or_default::<Stops>(stops_id());
        stops.0.retain(|(s, _, _)| *s != stop);
        stops.0.push((stop, area, target));
    });
}

/// F6 and Shift+F6: the keyboard goes to the next (or previous) stop shown. Call before the
/// panels are drawn; it reads where they were in the last frame.
pub fn cycle_stops(ctx: &egui::Context, commands: &mut Vec<Command>) {
    // Shift+F6 first: a shortcut without Shift also matches with it.
    let (back, forward) = ctx.input_mut(|i| {
        (
            i.consume_shortcut(&KeyboardShortcut::new(Modifiers::SHIFT, Key::F6)),
            i.consume_shortcut(&KeyboardShortcut::new(Modifiers::NONE, Key::F6)),
        )
    });
    let Stops(drawn) = ctx.data_mut(|d| std::mem::take(d.get_temp_mut_or_default::<Stops>(stops_id())));
    if !forward && !back {
        return;
    }
    let shown: Vec<&(Stop, egui::Rect, Option<egui::Id>)> =
        STOPS.iter().filter_map(|s| drawn.iter().find(|(d, _, _)| d == s)).collect();
    if shown.is_empty() {
        return;
    }
    // Where the keyboard is now: the stop around the focused control, or the document.
    let focused = ctx.memory(egui::Memory::focused).and_then(|id| ctx.read_response(id));
    let now = focused
        .as_ref()
        .and_then(|r| shown.iter().position(|(_, area, _)| area.contains(r.rect.center())))
        .or_else(|| shown.iter().position(|(s, _, _)| *s == Stop::Document))
        .unwrap_or(0);
    let n = shown.len();
    let next = if forward { (now + 1) % n } else { (now + n - 1) % n };
    let (stop, _, target) = *shown[next];
    match target {
        Some(id) => ctx.memory_mut(|m| m.request_focus(id)),
        None => {
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
            // In the document, the keyboard reads: the first entry in view becomes current.
            if stop == Stop::Document {
                commands.push(DocumentCommand::MoveCurrent(0).into());
            }
        }
    }
}
