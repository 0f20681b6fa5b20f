//! The outline: the record's sections with their entry counts, and the related remarks, as
//! a contents list in the sidebar (as in Foliate); a click goes to the section.

use super::{Command, DocumentCommand, REFERENCES_ID};
use crate::core::Document;

pub fn outline_ui(ui: &mut egui::Ui, doc: &Document, commands: &mut Vec<Command>) {
    let header = egui::CollapsingHeader::new(egui::RichText::new("Contents").strong()).default_open(true);
    let shown = header.show(ui, |ui| {
        let mut item = |ui: &mut egui::Ui, title: &str, count: usize, id: &str| {
            let text = format!("{title} · {count}");
            let link = egui::Button::new(egui::RichText::new(text)).frame(false).wrap();
            if ui.add(link).on_hover_text(format!("Go to {title}")).clicked() {
                commands.push(DocumentCommand::RevealSection(id.to_owned()).into());
            }
        };
        for s in &doc.sections {
            item(ui, &s.title, s.entries.len(), &s.id);
        }
        if !doc.references.is_empty() {
            let title = doc.references_title.as_deref().unwrap_or("Related remarks");
            item(ui, title, doc.references.len(), REFERENCES_ID);
        }
    });
    // F6 brings the keyboard to the sidebar's first control: the Contents header.
    let sidebar = ui.clip_rect();
    super::keys::register_stop(ui.ctx(), super::keys::Stop::Sidebar, sidebar, Some(shown.header_response.id));
}
