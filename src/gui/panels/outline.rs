//! The outline: the record's sections with their entry counts, and the related remarks, as
//! a contents list in the sidebar (as in Foliate); a click goes to the section.

use crate::core::Document;
use crate::gui::REFERENCES_ID;
use crate::gui::command::{Command, DocumentCommand};

/// One line of the outline.
#[derive(Clone, Copy)]
enum Line {
    /// A group's heading, over its sections (section index of its first).
    Group(usize),
    Section(usize),
    References,
}

/// The outline's lines: each section, under its group's heading when it has one.
fn lines(doc: &Document) -> Vec<Line> {
    let mut lines = Vec::with_capacity(doc.sections.len() + 1);
    let mut group = None;
    for (si, s) in doc.sections.iter().enumerate() {
        // A group whose heading is the section's just above (with entries of its own) is
        // that line already.
        if let Some(g) = &s.group
            && group != Some(&g.id)
            && !(g.heads_section && si > 0)
        {
            lines.push(Line::Group(si));
        }
        group = s.group.as_ref().map(|g| &g.id);
        lines.push(Line::Section(si));
    }
    if !doc.references.is_empty() {
        lines.push(Line::References);
    }
    lines
}

pub fn outline_ui(ui: &mut egui::Ui, doc: &Document, commands: &mut Vec<Command>) {
    let header = egui::CollapsingHeader::new(egui::RichText::new("Contents").strong()).default_open(true);
    let shown = header.show(ui, |ui| {
        let lines = lines(doc);
        // One line each, and only the lines in view are laid out: a long record has
        // hundreds of sections.
        let row_height = ui.text_style_height(&egui::TextStyle::Button) + ui.spacing().item_spacing.y;
        let most = (ui.ctx().content_rect().height() * 0.4).max(row_height * 4.0);
        egui::ScrollArea::vertical().id_salt("outline").max_height(most).auto_shrink([false, true]).show_rows(
            ui,
            row_height,
            lines.len(),
            |ui, range| {
                for line in &lines[range] {
                    // A group's heading goes to its first section; its sections are indented.
                    let (text, title, id, indent) = match *line {
                        Line::Group(si) => {
                            let g = doc.sections[si].group.as_ref().map_or("", |g| g.title.as_str());
                            (egui::RichText::new(g).strong(), g.to_owned(), doc.sections[si].id.as_str(), 0.0)
                        }
                        Line::Section(si) => {
                            let s = &doc.sections[si];
                            let indent = if s.group.is_some() { 12.0 } else { 0.0 };
                            (
                                format!("{} · {}", s.label(), s.entries.len()).into(),
                                s.label().into_owned(),
                                s.id.as_str(),
                                indent,
                            )
                        }
                        Line::References => {
                            let title = doc.references_title.as_deref().unwrap_or("Related remarks");
                            (format!("{title} · {}", doc.references.len()).into(), title.to_owned(), REFERENCES_ID, 0.0)
                        }
                    };
                    ui.horizontal(|ui| {
                        ui.add_space(indent);
                        let link = egui::Button::new(text).frame(false).truncate();
                        if ui.add(link).on_hover_text(format!("Go to {title}")).clicked() {
                            commands.push(DocumentCommand::RevealSection(id.to_owned()).into());
                        }
                    });
                }
                crate::gui::panels::keys::scroll_focus_into_view(ui);
            },
        );
    });
    // F6 brings the keyboard to the sidebar's first control: the Contents header.
    let sidebar = ui.clip_rect();
    crate::gui::panels::keys::register_stop(
        ui.ctx(),
        crate::gui::panels::keys::Stop::Sidebar,
        sidebar,
        Some(shown.header_response.id),
    );
}
