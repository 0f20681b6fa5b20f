//! The outline: the record's sections with their entry counts, and the related remarks, as
//! a contents list in the sidebar (as in Foliate); a click goes to the section.

use super::{Command, DocumentCommand, REFERENCES_ID};
use crate::core::Document;

pub fn outline_ui(ui: &mut egui::Ui, doc: &Document, commands: &mut Vec<Command>) {
    let header = egui::CollapsingHeader::new(egui::RichText::new("Contents").strong()).default_open(true);
    let shown = header.show(ui, |ui| {
        let references = (!doc.references.is_empty())
            .then(|| (doc.references_title.as_deref().unwrap_or("Related remarks"), doc.references.len()));
        let rows = doc.sections.len() + usize::from(references.is_some());
        // One line each, and only the lines in view are laid out: a long record has
        // hundreds of sections.
        let row_height = ui.text_style_height(&egui::TextStyle::Button) + ui.spacing().item_spacing.y;
        let most = (ui.ctx().content_rect().height() * 0.4).max(row_height * 4.0);
        egui::ScrollArea::vertical().id_salt("outline").max_height(most).auto_shrink([false, true]).show_rows(
            ui,
            row_height,
            rows,
            |ui, range| {
                for i in range {
                    let (title, count, id) = match doc.sections.get(i) {
                        // Under its group's name: "Positive Results" may be in several groups.
                        Some(s) => match &s.group {
                            Some(g) => (format!("{} › {}", g.title, s.title), s.entries.len(), s.id.as_str()),
                            None => (s.title.clone(), s.entries.len(), s.id.as_str()),
                        },
                        None => match references {
                            Some((title, count)) => (title.to_owned(), count, REFERENCES_ID),
                            None => continue,
                        },
                    };
                    let link = egui::Button::new(format!("{title} · {count}")).frame(false).truncate();
                    if ui.add(link).on_hover_text(format!("Go to {title}")).clicked() {
                        commands.push(DocumentCommand::RevealSection(id.to_owned()).into());
                    }
                }
                super::keys::scroll_focus_into_view(ui);
            },
        );
    });
    // F6 brings the keyboard to the sidebar's first control: the Contents header.
    let sidebar = ui.clip_rect();
    super::keys::register_stop(ui.ctx(), super::keys::Stop::Sidebar, sidebar, Some(shown.header_response.id));
}
