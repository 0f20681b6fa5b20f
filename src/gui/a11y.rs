//! What a screen reader is told beyond what egui says by itself: the window's name, names
//! for text boxes that have only a placeholder (egui drops it once text is typed), and
//! headings.

use egui::accesskit::Role;

/// Names the window (the tree's root) as its title bar does.
pub fn name_window(ctx: &egui::Context, title: &str) {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(title));
}

/// Names a single-line text box `name`, whatever is typed in it; `hint` is its placeholder.
pub fn name_text_box(response: &egui::Response, name: &str, text: &str, hint: &str) {
    response.widget_info(|| {
        let mut info = egui::WidgetInfo::text_edit(true, text, text, hint);
        info.label = Some(name.to_owned());
        info
    });
}

/// Makes a label a heading of `level` (1 for the record's title), named by its text.
pub fn heading(response: &egui::Response, level: usize, text: &str) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_role(Role::Heading);
        node.set_level(level);
        node.set_label(text);
    });
}

/// A dropdown tells what it shows: as its value, and, because AccessKit's Linux adapter
/// does not pass a combo box's value on, as its description too (Orca reads it after the
/// name: "Tag, combo box, All tags").
pub fn combo_value(response: &egui::Response, value: &str) {
    response.ctx.accesskit_node_builder(response.id, |node| {
        node.set_value(value);
        node.set_description(value);
    });
}

/// A button that clears something: always worded "Clear …" with the one mark "×", and named
/// without the mark.
pub fn clear_button(ui: &mut egui::Ui, what: &str, enabled: bool) -> egui::Response {
    let name = format!("Clear {what}");
    let response = ui.add_enabled(enabled, egui::Button::new(format!("× {name}")));
    name_button(&response, &name);
    response
}

/// Names a small button by what it does, not by its glyph ("Remove tag #oas", not "×").
pub fn name_button(response: &egui::Response, name: &str) {
    response.widget_info(|| egui::WidgetInfo::labeled(Role::Button, true, name));
}
