//! The Open web address dialog (Menu → Open web address…, Ctrl+L, or an address pasted):
//! the address, Open, and while the page is fetched its progress and Cancel.

use crate::core::web::Capture;
use crate::gui::command::{Command, WebCommand};
use egui::{RichText, Ui};
use std::path::PathBuf;

/// The Open web address dialog, while it is open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebDialog {
    /// The address typed or pasted.
    pub address: String,
    /// Why the last try failed, said in the dialog (the address stays, to be corrected).
    pub error: Option<String>,
    /// The live address is gone, and the Internet Archive holds this copy of it: offered.
    pub archived: Option<Capture>,
    /// The page changed since the reader's copy: the newer copy kept, and theirs, offered.
    pub newer: Option<Newer>,
}

/// A page fetched again whose text changed: both copies are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Newer {
    pub address: String,
    pub newer: PathBuf,
    pub earlier: PathBuf,
}

/// A page being fetched, as the dialog shows it: its address and the seconds gone.
#[derive(Debug, Clone, Copy)]
pub struct FetchShown<'a> {
    pub address: &'a str,
    pub seconds: u64,
}

/// Where copies may be kept: the library's folders, and the one chosen (`None`: Web records).
#[derive(Debug, Clone, Copy)]
pub struct Keep<'a> {
    pub folders: &'a [PathBuf],
    pub into: Option<&'a std::path::Path>,
}

pub fn web_dialog_ui(
    ui: &mut Ui,
    dialog: &WebDialog,
    fetching: Option<FetchShown<'_>>,
    keep: Keep<'_>,
    commands: &mut Vec<Command>,
) {
    let modal = egui::Modal::new(egui::Id::unique("web-dialog")).show(ui.ctx(), |ui| {
        ui.set_max_width(560.0);
        ui.heading("Open web address");
        ui.label(
            RichText::new(
                "One request is sent for the page. It is kept, exactly as received, in the Web records \
                 folder of the library, with its address and today's date for citations.",
            )
            .small()
            .weak(),
        );
        ui.add_space(4.0);
        let name = ui.label("Web address");
        let mut text = dialog.address.clone();
        let field = ui.add_enabled(
            fetching.is_none(),
            egui::TextEdit::singleline(&mut text)
                .id_salt("web-address")
                .hint_text("https://clintonwhitehouse4.archives.gov/…")
                .desired_width(f32::INFINITY),
        );
        let field = field.labelled_by(name.id);
        // Read before the box takes the keyboard back below (it gives it up on Enter).
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if fetching.is_none() && ui.ctx().memory(|m| m.focused().is_none()) {
            field.request_focus();
        }
        if field.changed() {
            commands.push(WebCommand::SetAddress(text).into());
        }
        keep_ui(ui, keep, commands);
        if let Some(why) = &dialog.error {
            ui.colored_label(ui.visuals().error_fg_color, why);
        }
        offers_ui(ui, dialog, fetching.is_some(), commands);
        ui.add_space(6.0);
        ui.horizontal(|ui| match fetching {
            Some(f) => {
                ui.spinner();
                ui.label(format!("Fetching {} … {} s", f.address, f.seconds));
                if ui.button("Cancel").clicked() {
                    commands.push(WebCommand::Cancel.into());
                }
            }
            None => {
                let accent = ui.visuals().selection.bg_fill;
                let open = ui.add(egui::Button::new(RichText::new("Open").strong()).fill(accent));
                if open.clicked() || entered {
                    commands.push(WebCommand::Fetch.into());
                }
                if ui.button("Close").clicked() {
                    commands.push(WebCommand::CloseDialog.into());
                }
            }
        });
    });
    if modal.should_close() {
        commands.push(WebCommand::CloseDialog.into());
    }
}

/// What the dialog offers after a fetch: the Internet Archive's copy of an address that is
/// gone, or, for a page that changed since the reader's copy, the newer copy or theirs.
fn offers_ui(ui: &mut Ui, dialog: &WebDialog, busy: bool, commands: &mut Vec<Command>) {
    if let Some(capture) = dialog.archived.as_ref().filter(|_| !busy) {
        ui.label(format!("The Internet Archive holds {} ({}).", capture.describe(), capture.url));
        if ui.button(format!("Open {}", capture.describe())).clicked() {
            commands.push(WebCommand::FetchAddress(capture.url.clone()).into());
        }
    }
    if let Some(newer) = &dialog.newer {
        ui.label(RichText::new("A newer copy exists").strong());
        ui.label(format!(
            "The page has changed since your copy ({}). Both are kept; notes stay on the copy they were written on.",
            newer.earlier.display()
        ));
        ui.horizontal(|ui| {
            if ui.button("Open the newer copy").clicked() {
                commands.push(WebCommand::OpenCopy(newer.newer.clone()).into());
            }
            if ui.button("Open my copy").clicked() {
                commands.push(WebCommand::OpenCopy(newer.earlier.clone()).into());
            }
        });
    }
}

/// "Keep the copy in": the Web records folder, or a folder of the library.
fn keep_ui(ui: &mut Ui, keep: Keep<'_>, commands: &mut Vec<Command>) {
    let name = |p: &std::path::Path| {
        p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
    };
    ui.horizontal(|ui| {
        let label = ui.label("Keep the copy in");
        let shown = keep.into.map_or_else(|| "Web records".to_owned(), name);
        egui::ComboBox::from_id_salt("web-keep-in")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if ui.selectable_label(keep.into.is_none(), "Web records").clicked() {
                    commands.push(WebCommand::SetInto(None).into());
                }
                for folder in keep.folders {
                    let chosen = keep.into == Some(folder.as_path());
                    let item = ui.selectable_label(chosen, name(folder)).on_hover_text(folder.display().to_string());
                    if item.clicked() {
                        commands.push(WebCommand::SetInto(Some(folder.clone())).into());
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}
