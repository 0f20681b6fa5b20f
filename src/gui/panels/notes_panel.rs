//! The right panel: every note of the document in document order, with search and filters
//! by tag, colour and region; the editor of the selected note; orphans; the Trash; and an
//! honest save status.
//!
//! The panel reads the `NotesState` and sends [`NotesCommand`]s. Its text fields (the
//! search, the note's body, the tag box, the colour labels, the entry number beside an
//! orphan) all work alike: the field edits a copy of the text the state holds, and when it
//! changes the panel sends the new text (`SetQuery`, `SetBody`, `SetTagInput`, …), which the
//! state takes at the end of the frame.

use crate::core::Document;
use crate::core::notes::model::{NoteKind, PALETTE};
use crate::core::notes::{Note, SaveState};
use crate::core::places::Bureau;
use crate::gui::command::{Command, ExportCommand, NotesCommand, NotesFilterCommand};
use crate::gui::state::notes::NotesState;
use crate::gui::style::palette_color;
use egui::{RichText, Ui};
use uuid::Uuid;

fn swatch(ui: &mut Ui, key: &str) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, palette_color(key));
}

fn status_ui(ui: &mut Ui, state: &SaveState, commands: &mut Vec<Command>) {
    match state {
        SaveState::Saved => {
            ui.label(RichText::new("Saved").small().weak());
        }
        SaveState::Unsaved => {
            ui.label(RichText::new("Saving…").small().weak());
        }
        SaveState::Error(e) => {
            ui.label(RichText::new("Not saved").small().color(ui.visuals().error_fg_color)).on_hover_text(e);
        }
        SaveState::ReadOnly(why) => {
            ui.label(RichText::new("Read-only").small().color(ui.visuals().warn_fg_color)).on_hover_text(why);
            if ui.small_button("Save elsewhere…").clicked() {
                commands.push(NotesCommand::SaveAs.into());
            }
        }
    }
}

pub fn notes_panel_ui(ui: &mut Ui, doc: &Document, notes: &NotesState, commands: &mut Vec<Command>) {
    let overview = notes.overview();
    header_ui(ui, notes, overview.live, commands);
    if let Some(id) = notes.selected {
        let max = (ui.available_height() * 0.5).max(120.0);
        egui::ScrollArea::vertical().id_salt("note_editor").max_height(max).auto_shrink([false, true]).show(ui, |ui| {
            editor_ui(ui, doc, notes, id, commands);
            crate::gui::panels::keys::scroll_focus_into_view(ui);
        });
        ui.separator();
    }
    let search = ui.label(RichText::new("Search notes").small().weak());
    let mut query = notes.filter.query.clone();
    let field = egui::TextEdit::singleline(&mut query).hint_text("Words, quotes or tags…").desired_width(f32::INFINITY);
    let field = ui.add(field).labelled_by(search.id);
    crate::gui::panels::keys::register_stop(
        ui.ctx(),
        crate::gui::panels::keys::Stop::Notes,
        ui.max_rect(),
        Some(field.id),
    );
    if field.changed() {
        commands.push(NotesCommand::Filter(NotesFilterCommand::Query(query)).into());
    }
    filters_ui(ui, notes, &overview.tags, commands);
    author_filter_ui(ui, notes, &overview.authors, commands);
    ui.add_space(4.0);
    list_ui(ui, doc, notes, overview.live, commands);
    egui::ScrollArea::vertical().id_salt("notes_more").auto_shrink([false, true]).show(ui, |ui| {
        more_ui(ui, notes, &overview.trash, commands);
        crate::gui::panels::keys::scroll_focus_into_view(ui);
    });
}

/// The count, the save status and what went wrong, and the buttons of the panel.
fn header_ui(ui: &mut Ui, notes: &NotesState, live: usize, commands: &mut Vec<Command>) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading(format!("Notes · {live}"));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            status_ui(ui, &notes.store.state, commands);
        });
    });
    match &notes.store.state {
        SaveState::Error(e) => {
            // The window tries again by itself (`SAVE_RETRY_DELAY`); the notes stay in memory.
            let retry = crate::gui::state::notes::SAVE_RETRY_DELAY;
            let text = format!(
                "{}. Your notes are kept here, and saving is tried again every {retry:.0} seconds.",
                e.trim_end_matches('.')
            );
            ui.label(RichText::new(text).small().color(ui.visuals().error_fg_color));
        }
        SaveState::ReadOnly(why) => {
            ui.label(RichText::new(why).small().color(ui.visuals().warn_fg_color));
        }
        _ => {}
    }
    for w in &notes.store.warnings {
        ui.label(RichText::new(w).small().color(ui.visuals().warn_fg_color));
    }
    ui.horizontal(|ui| {
        if ui.add(egui::Button::new("Export…").small()).on_hover_text("Ctrl+E").clicked() {
            commands.push(ExportCommand::OpenExportDialog.into());
        }
        if ui
            .add(egui::Button::new("Import…").small())
            .on_hover_text("Ctrl+I, or drop a notes file on the window")
            .clicked()
        {
            commands.push(ExportCommand::OpenImportDialog.into());
        }
        if ui.add_enabled(notes.can_undo(), egui::Button::new("Undo").small()).on_hover_text("Ctrl+Z").clicked() {
            commands.push(NotesCommand::Undo.into());
        }
        if ui.add_enabled(notes.can_redo(), egui::Button::new("Redo").small()).on_hover_text("Ctrl+Shift+Z").clicked() {
            commands.push(NotesCommand::Redo.into());
        }
    });
}

/// The notes the search and filters show, as cards; only those in view are laid out.
fn list_ui(ui: &mut Ui, doc: &Document, notes: &NotesState, live: usize, commands: &mut Vec<Command>) {
    let list = notes.visible_ids(doc);
    if list.is_empty() {
        ui.label(
            RichText::new("No notes here yet. Select words in an entry to highlight them, or use “Add note” under it.")
                .weak(),
        );
    } else if list.len() < live {
        ui.label(RichText::new(format!("{} shown", list.len())).small().weak());
    }
    // The orphans, colour labels and Trash below the list get what is left under a list that
    // takes at most two thirds of the panel.
    let list_height = (ui.available_height() * 0.66).max(CARD_HEIGHT * 2.0);
    egui::ScrollArea::vertical().id_salt("notes_list").max_height(list_height).auto_shrink([false, true]).show_rows(
        ui,
        CARD_HEIGHT,
        list.len(),
        |ui, range| {
            for id in &list[range] {
                if let Some(n) = notes.store.notes.get(id) {
                    note_card(ui, doc, notes, n, commands);
                }
            }
            crate::gui::panels::keys::scroll_focus_into_view(ui);
        },
    );
}

/// Below the list: orphaned notes, colour labels, the Trash.
fn more_ui(ui: &mut Ui, notes: &NotesState, trash: &[Uuid], commands: &mut Vec<Command>) {
    if !notes.orphans.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new(format!("Orphaned · {}", notes.orphans.len())).strong())
            .on_hover_text("Notes whose passage is no longer in the document. They are kept until you delete them.");
        for n in notes.orphans.iter().filter_map(|id| notes.store.notes.get(id)) {
            orphan_ui(ui, notes, n, commands);
        }
    }

    ui.add_space(8.0);
    egui::CollapsingHeader::new("Colour labels").id_salt("labels").show(ui, |ui| {
        for (key, _, _) in PALETTE {
            ui.horizontal(|ui| {
                swatch(ui, key);
                let mut label = notes.store.label(key).to_owned();
                let r = ui.add(egui::TextEdit::singleline(&mut label).id_salt(("label", key)).desired_width(140.0));
                if r.changed() {
                    commands.push(NotesCommand::RenameColor(key.to_owned(), label).into());
                }
            });
        }
    });

    let trash: Vec<&Note> = trash.iter().filter_map(|id| notes.store.notes.get(id).map(|n| &**n)).collect();
    if !trash.is_empty() {
        ui.add_space(8.0);
        egui::CollapsingHeader::new(format!("Trash · {}", trash.len())).id_salt("trash").show(ui, |ui| {
            for n in trash {
                ui.horizontal_wrapped(|ui| {
                    ui.label(truncate(if n.body.is_empty() { &n.anchor.quote.exact } else { &n.body }, 50));
                    if ui.small_button("Restore").clicked() {
                        commands.push(NotesCommand::Restore(n.id).into());
                    }
                });
            }
            if ui.button("Empty trash").clicked() {
                commands.push(NotesCommand::EmptyTrash.into());
            }
        });
    }
}

/// An orphaned note: its passage, and a box for the entry to attach it to.
fn orphan_ui(ui: &mut Ui, notes: &NotesState, n: &Note, commands: &mut Vec<Command>) {
    let id = n.id;
    ui.label(format!("“{}” {}", truncate(&n.anchor.quote.exact, 60), truncate(&n.plain_summary(), 60)));
    ui.horizontal_wrapped(|ui| {
        let mut number = notes.reattach_input.get(&id).cloned().unwrap_or_default();
        let field = ui.add(
            egui::TextEdit::singleline(&mut number)
                .id_salt(("reattach", id))
                .hint_text("entry, e.g. 2.3")
                .desired_width(90.0),
        );
        if field.changed() {
            commands.push(NotesCommand::SetReattachInput(id, number.clone()).into());
        }
        if ui.small_button("Attach").clicked() && !number.trim().is_empty() {
            commands.push(NotesCommand::Reattach(id, number).into());
        }
        if ui.small_button("Delete").clicked() {
            commands.push(NotesCommand::Delete(id).into());
        }
    });
}

/// The tag, colour and region filters; a choice is sent when it differs from the current one.
fn filters_ui(ui: &mut Ui, notes: &NotesState, tags: &[String], commands: &mut Vec<Command>) {
    let mut choose = |ui: &mut Ui, chosen: bool, text: String, command: NotesCommand| {
        if ui.selectable_label(chosen, text).clicked() && !chosen {
            commands.push(command.into());
        }
    };
    ui.horizontal_wrapped(|ui| {
        let tag = &notes.filter.tag;
        let shown = tag.as_ref().map_or("All tags".to_owned(), |t| format!("#{t}"));
        let combo = egui::ComboBox::from_label("Tag").selected_text(&shown).show_ui(ui, |ui| {
            choose(ui, tag.is_none(), "All tags".to_owned(), NotesCommand::Filter(NotesFilterCommand::Tag(None)));
            for t in tags {
                let command = NotesCommand::Filter(NotesFilterCommand::Tag(Some(t.clone())));
                choose(ui, tag.as_ref() == Some(t), format!("#{t}"), command);
            }
        });
        crate::gui::a11y::combo_value(&combo.response, &shown);
        let color = &notes.filter.color;
        let shown = color.as_ref().map_or("All colours".to_owned(), |c| notes.store.label(c).to_owned());
        let combo = egui::ComboBox::from_label("Colour").selected_text(&shown).show_ui(ui, |ui| {
            choose(
                ui,
                color.is_none(),
                "All colours".to_owned(),
                NotesCommand::Filter(NotesFilterCommand::Color(None)),
            );
            for (key, _, _) in PALETTE {
                let command = NotesCommand::Filter(NotesFilterCommand::Color(Some(key.to_owned())));
                choose(ui, color.as_deref() == Some(key), notes.store.label(key).to_owned(), command);
            }
        });
        crate::gui::a11y::combo_value(&combo.response, &shown);
        let region = notes.filter.region;
        let shown = region.map_or("All regions", |b| b.name());
        let combo = egui::ComboBox::from_label("Region").selected_text(shown).show_ui(ui, |ui| {
            choose(
                ui,
                region.is_none(),
                "All regions".to_owned(),
                NotesCommand::Filter(NotesFilterCommand::Region(None)),
            );
            for b in Bureau::ALL {
                choose(
                    ui,
                    region == Some(b),
                    b.name().to_owned(),
                    NotesCommand::Filter(NotesFilterCommand::Region(Some(b))),
                );
            }
        });
        crate::gui::a11y::combo_value(&combo.response, shown);
    });
}

/// The author filter, beside the others: "All authors", then each author of the notes. Shown
/// once some note has an author.
fn author_filter_ui(ui: &mut Ui, notes: &NotesState, authors: &[String], commands: &mut Vec<Command>) {
    let author = &notes.filter.author;
    if authors.is_empty() && author.is_none() {
        return;
    }
    let shown = author.as_deref().unwrap_or("All authors");
    let combo = egui::ComboBox::from_label("Author").selected_text(shown).show_ui(ui, |ui| {
        let choices = std::iter::once(None).chain(authors.iter().map(Some));
        for choice in choices {
            let chosen = author.as_ref() == choice;
            let text = choice.map_or("All authors", String::as_str);
            if ui.selectable_label(chosen, text).clicked() && !chosen {
                commands.push(NotesCommand::Filter(NotesFilterCommand::Author(choice.cloned())).into());
            }
        }
    });
    crate::gui::a11y::combo_value(&combo.response, shown);
}

/// Markdown rendered with `egui_commonmark` (its cache is kept in egui's memory).
pub fn markdown_ui(ui: &mut Ui, id: egui::Id, text: &str) {
    type Cache = std::sync::Arc<std::sync::Mutex<egui_commonmark::CommonMarkCache>>;
    let cache: Cache =
        ui.data_mut(|d| d.get_temp_mut_or_default::<Cache>(egui::Id::unique("commonmark-cache")).clone());
    let Ok(mut cache) = cache.lock() else { return };
    egui_commonmark::CommonMarkViewer::new().show_with_id(id, ui, &mut cache, text);
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_owned() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}

/// Height of a card in the list: every card is the same height, so the list lays out only
/// the cards in view (10,000 notes cost what 10 do). The editor shows a note in full.
pub const CARD_HEIGHT: f32 = crate::gui::panels::note_card::CARD_HEIGHT;

fn note_card(ui: &mut Ui, doc: &Document, notes: &NotesState, n: &Note, commands: &mut Vec<Command>) {
    let number = doc.find_entry(&n.anchor.entry_id).map_or("?", |(_, e)| e.number.as_str());
    let highlight = n.kind == NoteKind::Highlight;
    // A note with nothing written yet: the card shows which entry it is on.
    let unwritten = n.body.trim().is_empty() && n.tags.is_empty();
    let card = crate::gui::panels::note_card::Card {
        color: palette_color(&n.color),
        number,
        label: notes.store.label(&n.color),
        record: None,
        date: n.modified.date().to_string(),
        passage: (highlight || unwritten).then_some(n.anchor.quote.exact.as_str()),
        highlight,
        body: &n.body,
        tags: &n.tags,
        byline: crate::gui::panels::note_card::byline(n),
        selected: notes.selected == Some(n.id),
        name: format!("Note on {number}: {}", n.plain_summary()),
    };
    if crate::gui::panels::note_card::card_ui(ui, ui.scope_id().with(("note", n.id)), &card).clicked() {
        commands.push(NotesCommand::Select(n.id).into());
    }
}

fn editor_ui(ui: &mut Ui, doc: &Document, notes: &NotesState, id: Uuid, commands: &mut Vec<Command>) {
    let Some(note) = notes.store.notes.get(&id) else { return };
    let number = doc.find_entry(&note.anchor.entry_id).map_or("?".to_owned(), |(_, e)| e.number.to_string());
    ui.add_space(4.0);
    ui.label(RichText::new(format!("Note on {number}")).strong());
    if note.kind == NoteKind::Highlight {
        ui.label(RichText::new(format!("“{}”", note.anchor.quote.exact)).italics());
    }
    let mut body = note.body.clone();
    let body_label = ui.label(RichText::new("Note").small().weak());
    let body_id = ui.make_persistent_id(("body", id));
    // A note just added takes the keyboard, caret in its body: typing goes into the note,
    // not to the reading keys.
    if notes.focus_body {
        ui.memory_mut(|m| m.request_focus(body_id));
        commands.push(NotesCommand::BodyFocused.into());
    }
    let done_key = done_pressed(ui, body_id);
    let edit = ui.add(
        egui::TextEdit::multiline(&mut body)
            .id(body_id)
            .hint_text("Write your note (Markdown)…")
            .desired_rows(5)
            .desired_width(f32::INFINITY),
    );
    let edit = edit.labelled_by(body_label.id);
    if edit.changed() {
        commands.push(NotesCommand::SetBody(id, body).into());
    }
    // Esc or Ctrl+Enter is Done (an empty new note is then not kept).
    if done_key || (edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape))) {
        commands.push(NotesCommand::Deselect.into());
    }
    tags_ui(ui, notes, note, commands);
    // Colour: a swatch each, the chosen one checked; its label on hover.
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Colour").small().weak());
        for (key, _, _) in PALETTE {
            let label = notes.store.label(key).to_owned();
            let chosen = note.color == key;
            let (rect, swatch) = ui.allocate_exact_size(egui::vec2(24.0, 24.0), egui::Sense::click());
            ui.painter().rect_filled(rect.shrink(2.0), 5.0, palette_color(key));
            if chosen {
                // A check mark, drawn (no font needed), dark on the light swatches.
                let (a, b, c) = (
                    rect.left_center() + egui::vec2(6.0, 0.0),
                    rect.center_bottom() - egui::vec2(2.0, 6.0),
                    rect.right_top() + egui::vec2(-6.0, 6.0),
                );
                let stroke = egui::Stroke::new(2.5, egui::Color32::from_gray(0x20));
                ui.painter().line_segment([a, b], stroke);
                ui.painter().line_segment([b, c], stroke);
            }
            if swatch.hovered() {
                ui.painter().rect_stroke(rect, 5.0, ui.visuals().selection.stroke, egui::StrokeKind::Inside);
            }
            let name = if chosen { format!("{label} (chosen)") } else { label.clone() };
            swatch.widget_info(|| egui::WidgetInfo::selected(egui::accesskit::Role::RadioButton, true, chosen, &name));
            if swatch.on_hover_text(label).clicked() && !chosen {
                commands.push(NotesCommand::SetColor(id, key.to_owned()).into());
            }
        }
    });
    ui.horizontal(|ui| {
        if ui.button("Delete").on_hover_text("Move to the Trash").clicked() {
            commands.push(NotesCommand::Delete(id).into());
        }
        if ui.button("Done").clicked() {
            commands.push(NotesCommand::Deselect.into());
        }
    });
}

/// Whether Ctrl+Enter was pressed in the text box `id` (it then gives up the keyboard): Done.
fn done_pressed(ui: &Ui, id: egui::Id) -> bool {
    let focused = ui.memory(|m| m.has_focus(id));
    let pressed = focused && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
    if pressed {
        ui.memory_mut(|m| m.surrender_focus(id));
    }
    pressed
}

/// The note's tags as chips with ×, and a box that adds one, completing from the tags in use.
fn tags_ui(ui: &mut Ui, notes: &NotesState, note: &Note, commands: &mut Vec<Command>) {
    let id = note.id;
    ui.horizontal_wrapped(|ui| {
        for t in &note.tags {
            let remove = ui.add(crate::gui::style::chip(format!("#{t} ×"))).on_hover_text("Remove this tag");
            crate::gui::a11y::name_button(&remove, &format!("Remove tag #{t}"));
            if remove.clicked() {
                commands.push(NotesCommand::RemoveTag(id, t.clone()).into());
            }
        }
    });
    let tags_label = ui.label(RichText::new("Tags").small().weak());
    let mut input = notes.tag_input.clone();
    let tags_id = ui.make_persistent_id(("tags", id));
    let done_key = done_pressed(ui, tags_id);
    let field = ui
        .add(
            egui::TextEdit::singleline(&mut input)
                .id(tags_id)
                .hint_text("Add a tag, then Enter…")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(tags_label.id);
    if field.changed() {
        commands.push(NotesCommand::SetTagInput(input.clone()).into());
    }
    let typed = input.trim().trim_start_matches('#').to_lowercase();
    let (enter, escape) = ui.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::Escape)));
    if field.lost_focus() && enter && !typed.is_empty() {
        commands.push(NotesCommand::AddTag(id, input.clone()).into());
        // The box keeps the keyboard for the next tag.
        field.request_focus();
    }
    // Esc or Ctrl+Enter is Done; a tag typed and not yet added is kept.
    if done_key || (field.lost_focus() && escape) {
        commands.push(NotesCommand::Deselect.into());
    }
    if !typed.is_empty() {
        let suggestions: Vec<String> = notes
            .store
            .tags()
            .into_iter()
            .filter(|t| t.to_lowercase().starts_with(&typed) && !note.tags.contains(t))
            .take(6)
            .collect();
        ui.horizontal_wrapped(|ui| {
            for s in suggestions {
                if ui.add(crate::gui::style::chip(format!("#{s}"))).clicked() {
                    commands.push(NotesCommand::AddTag(id, s).into());
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::dialogs::file_dialog::ScriptedDialog;
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    /// The panel alone, on the embedded record; what it sends is kept, not applied.
    struct Panel {
        doc: Document,
        notes: NotesState,
        sent: Vec<Command>,
        _dir: tempfile::TempDir,
    }

    impl Panel {
        fn apply(&mut self, command: NotesCommand) {
            let _ = self.notes.apply(command, &self.doc, &mut ScriptedDialog::default(), 0.0);
        }
    }

    fn harness() -> Harness<'static, Panel> {
        let dir = tempfile::tempdir().unwrap();
        let doc = crate::core::open::embedded().unwrap();
        let notes = NotesState::open(dir.path(), &doc);
        let panel = Panel { doc, notes, sent: Vec::new(), _dir: dir };
        let mut h = Harness::builder()
            .with_size(egui::vec2(320.0, 900.0))
            .build_ui_state(|ui, p: &mut Panel| notes_panel_ui(ui, &p.doc, &p.notes, &mut p.sent), panel);
        h.run();
        h
    }

    #[test]
    fn the_search_box_sends_what_is_typed_and_shows_what_the_state_holds() {
        let mut h = harness();
        h.get_by_role_and_label(Role::TextInput, "Search notes").focus();
        h.run();
        h.get_by_role_and_label(Role::TextInput, "Search notes").type_text("treaty");
        h.run();
        assert_eq!(h.state().sent, [Command::Notes(NotesCommand::Filter(NotesFilterCommand::Query("treaty".into())))]);
        assert_eq!(h.state().notes.filter.query, "", "the panel changes nothing itself");
        h.state_mut().apply(NotesCommand::Filter(NotesFilterCommand::Query("treaty".into())));
        h.run();
        assert_eq!(h.get_by_role_and_label(Role::TextInput, "Search notes").value().as_deref(), Some("treaty"));
    }

    #[test]
    fn the_editor_sends_tags_and_done() {
        let mut h = harness();
        let entry = h.state().doc.sections[0].entries[0].id.to_string();
        h.state_mut().apply(NotesCommand::Add(entry));
        h.run();
        let id = h.state().notes.selected.unwrap();
        // A new note's body has the keyboard, and the panel says so once.
        assert!(h.get_by_role_and_label(Role::MultilineTextInput, "Note").is_focused(), "the caret is in the body");
        assert!(h.state().sent.contains(&Command::Notes(NotesCommand::BodyFocused)));
        h.state_mut().apply(NotesCommand::BodyFocused);
        h.state_mut().sent.clear();
        h.run();
        assert!(h.state().sent.is_empty(), "{:?}", h.state().sent);
        h.get_by_role_and_label(Role::TextInput, "Tags").focus();
        h.run();
        h.get_by_role_and_label(Role::TextInput, "Tags").type_text("oas");
        h.run();
        assert_eq!(h.state().sent, [Command::Notes(NotesCommand::SetTagInput("oas".into()))]);
        assert_eq!(h.state().notes.tag_input, "");
        h.state_mut().apply(NotesCommand::SetTagInput("oas".into()));
        h.state_mut().sent.clear();
        h.key_press(egui::Key::Enter);
        h.run();
        assert_eq!(h.state().sent, [Command::Notes(NotesCommand::AddTag(id, "oas".into()))]);
        h.state_mut().sent.clear();
        h.get_by_role_and_label(Role::Button, "Done").click();
        h.run();
        assert_eq!(h.state().sent, [Command::Notes(NotesCommand::Deselect)]);
        assert_eq!(h.state().notes.selected, Some(id));
    }

    #[test]
    fn the_filter_menus_send_a_new_choice_only() {
        let mut h = harness();
        h.get_by_role_and_label(Role::ComboBox, "Colour").click();
        h.run();
        h.get_by_role_and_label(Role::Button, "All colours").click();
        h.run();
        assert!(h.state().sent.is_empty(), "the colour already chosen: {:?}", h.state().sent);
        h.get_by_role_and_label(Role::ComboBox, "Colour").click();
        h.run();
        h.get_by_label("Question").click();
        h.run();
        assert_eq!(
            h.state().sent,
            [Command::Notes(NotesCommand::Filter(NotesFilterCommand::Color(Some("red".into()))))]
        );
        assert_eq!(h.state().notes.filter.color, None);
    }
}
