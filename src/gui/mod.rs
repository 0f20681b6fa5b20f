//! The desktop window (eframe/egui). One module per panel; panels read the state and
//! return [`Command`]s, and [`ReaderApp::apply`] changes the state in one place per frame.

pub mod document_view;
pub mod file_dialog;
pub mod filter_panel;
pub mod map_view;
pub mod screenshot;
pub mod status_bar;
pub mod style;
pub mod top_bar;

use crate::core::filter::{RegionFilter, Scheme, country_counts, region_counts};
use crate::core::places::{Gazetteer, gazetteer};
use crate::core::{Document, open};
use document_view::DocumentView;
use file_dialog::{FileDialog, NativeDialog};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// The app id: names the window class, the desktop file and the settings folder.
pub const APP_ID: &str = "record-reader";
/// Id of the related-remarks section, for its open/closed state.
pub const REFERENCES_ID: &str = "related-remarks";

/// How the binary asks for the window.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    pub file: Option<PathBuf>,
    pub screenshot: Option<PathBuf>,
    pub size: Option<(f32, f32)>,
    /// Open on the map instead of the document.
    pub map: bool,
    /// Open filtered to these bureaus.
    pub regions: Vec<String>,
}

/// What is remembered across restarts (eframe persistence). Runtime state lives in [`ReaderApp`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Per document id, the sections the reader has closed. New sections open by default.
    pub collapsed: BTreeMap<String, BTreeSet<String>>,
    /// The folder of the last document opened through the dialog.
    pub last_dir: Option<PathBuf>,
    /// The region and country filter.
    pub filter: RegionFilter,
    /// Whether the filter panel is shown.
    pub hide_filters: bool,
    /// The document, or the map.
    pub view: MainView,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MainView {
    #[default]
    Document,
    Map,
}

/// Everything a panel can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    ToggleSection(String),
    ExpandAll,
    CollapseAll,
    OpenDialog,
    OpenPath(PathBuf),
    DismissStatus,
    ToggleRegion(String),
    ToggleCountry(String),
    /// Filter to this one country (a chip was clicked).
    FilterToCountry(String),
    ToggleNoPlace,
    SetScheme(Scheme),
    ClearFilter,
    SetCountryQuery(String),
    ToggleFilterPanel,
    SetView(MainView),
}

/// Counts for the filter panel, recomputed only when the document or the scheme changes.
#[derive(Debug, Default)]
struct Counts {
    key: Option<(String, Scheme)>,
    regions: std::collections::BTreeMap<Option<String>, usize>,
    countries: std::collections::BTreeMap<String, usize>,
}

/// A message for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Info(String),
    Error(String),
}

pub struct ReaderApp {
    pub doc: Document,
    pub prefs: Prefs,
    pub view: DocumentView,
    pub status: Option<Status>,
    dialog: Box<dyn FileDialog>,
    /// Whether to read and write [`Prefs`] (off for screenshots, which must not depend on them).
    persist: bool,
    screenshot: Option<screenshot::Screenshot>,
    title_sent: Option<String>,
    gazetteer: &'static Gazetteer,
    country_query: String,
    counts: Counts,
    /// Loaded the first time the map is shown.
    world_map: Option<Result<crate::core::world_map::WorldMap, String>>,
}

impl ReaderApp {
    /// A window on `doc`. Fails only if the embedded gazetteer is damaged.
    pub fn new(doc: Document, prefs: Prefs, dialog: Box<dyn FileDialog>) -> anyhow::Result<Self> {
        Ok(Self {
            doc,
            prefs,
            view: DocumentView::default(),
            status: None,
            dialog,
            persist: true,
            screenshot: None,
            title_sent: None,
            gazetteer: gazetteer()?,
            country_query: String::new(),
            counts: Counts::default(),
            world_map: None,
        })
    }

    fn refresh_counts(&mut self) {
        let key = (self.doc.id.clone(), self.prefs.filter.scheme);
        if self.counts.key.as_ref() != Some(&key) {
            self.counts.regions = region_counts(&self.doc, key.1);
            self.counts.countries = country_counts(&self.doc, self.gazetteer);
            self.counts.key = Some(key);
        }
    }

    /// The sections closed in the current document.
    pub fn collapsed(&self) -> BTreeSet<String> {
        self.prefs.collapsed.get(&self.doc.id).cloned().unwrap_or_default()
    }

    pub fn is_open(&self, section_id: &str) -> bool {
        !self.prefs.collapsed.get(&self.doc.id).is_some_and(|c| c.contains(section_id))
    }

    /// Draws the whole window for one frame and applies what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let mut commands = Vec::new();
        commands.extend(dropped_files(ui.ctx()));
        if ui.ctx().input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::O)) {
            commands.push(Command::OpenDialog);
        }
        egui::Panel::top("top_bar").show(ui, |ui| {
            top_bar::top_bar_ui(ui, &self.doc, !self.prefs.hide_filters, self.prefs.view, &mut commands);
        });
        if let Some(status) = &self.status {
            egui::Panel::bottom("status_bar").show(ui, |ui| status_bar::status_bar_ui(ui, status, &mut commands));
        }
        self.refresh_counts();
        if !self.prefs.hide_filters {
            egui::Panel::left("filters").resizable(true).default_size(240.0).show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let panel = filter_panel::FilterPanel {
                        filter: &self.prefs.filter,
                        region_counts: &self.counts.regions,
                        country_counts: &self.counts.countries,
                        gazetteer: self.gazetteer,
                        query: &mut self.country_query,
                    };
                    filter_panel::filter_panel_ui(ui, panel, &mut commands);
                });
            });
        }
        match self.prefs.view {
            MainView::Document => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    let collapsed = self.collapsed();
                    let ctx = document_view::ViewContext {
                        doc: &self.doc,
                        collapsed: &collapsed,
                        filter: &self.prefs.filter,
                        gazetteer: self.gazetteer,
                    };
                    self.view.ui(ui, &ctx, &mut commands);
                });
            }
            MainView::Map => {
                let map = self
                    .world_map
                    .get_or_insert_with(|| crate::core::world_map::WorldMap::embedded().map_err(|e| e.to_string()));
                egui::CentralPanel::default_margins().show(ui, |ui| match map {
                    Ok(map) => {
                        let cx = map_view::MapContext {
                            map,
                            gazetteer: self.gazetteer,
                            counts: &self.counts.countries,
                            filter: &self.prefs.filter,
                        };
                        map_view::map_ui(ui, &cx, &mut commands);
                    }
                    Err(e) => {
                        ui.colored_label(ui.visuals().error_fg_color, format!("The map cannot be shown: {e}"));
                    }
                });
            }
        }
        for c in commands {
            self.apply(c);
        }
    }

    /// The one place where state changes.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::ToggleSection(id) => {
                let set = self.prefs.collapsed.entry(self.doc.id.clone()).or_default();
                if !set.remove(&id) {
                    set.insert(id);
                }
                self.view.invalidate();
            }
            Command::ExpandAll => {
                self.prefs.collapsed.remove(&self.doc.id);
                self.view.invalidate();
            }
            Command::CollapseAll => {
                let all = self
                    .doc
                    .sections
                    .iter()
                    .map(|s| s.id.clone())
                    .chain((!self.doc.references.is_empty()).then(|| REFERENCES_ID.to_owned()))
                    .collect();
                self.prefs.collapsed.insert(self.doc.id.clone(), all);
                self.view.invalidate();
            }
            Command::OpenDialog => {
                if let Some(path) = self.dialog.pick_document(self.prefs.last_dir.as_deref()) {
                    self.prefs.last_dir = path.parent().map(PathBuf::from);
                    self.apply(Command::OpenPath(path));
                }
            }
            Command::OpenPath(path) => match open::open_path(&path) {
                Ok(doc) => {
                    self.status = Some(Status::Info(format!(
                        "Opened {}: {} sections, {} entries",
                        path.display(),
                        doc.sections.len(),
                        doc.entry_count()
                    )));
                    self.doc = doc;
                    self.view = DocumentView::default();
                }
                Err(e) => {
                    self.status = Some(Status::Error(format!("Could not open {}: {e}", path.display())));
                }
            },
            Command::DismissStatus => self.status = None,
            Command::ToggleRegion(key) => {
                let regions = &mut self.prefs.filter.regions;
                if !regions.remove(&key) {
                    regions.insert(key);
                }
                self.view.invalidate();
            }
            Command::ToggleCountry(a2) => {
                let countries = &mut self.prefs.filter.countries;
                if !countries.remove(&a2) {
                    countries.insert(a2);
                }
                self.view.invalidate();
            }
            Command::FilterToCountry(a2) => {
                self.prefs.filter.clear();
                self.prefs.filter.countries.insert(a2);
                self.view.invalidate();
            }
            Command::ToggleNoPlace => {
                self.prefs.filter.no_place = !self.prefs.filter.no_place;
                self.view.invalidate();
            }
            Command::SetScheme(scheme) => {
                // Region keys differ between schemes; countries carry over.
                self.prefs.filter.scheme = scheme;
                self.prefs.filter.regions.clear();
                self.view.invalidate();
            }
            Command::ClearFilter => {
                self.prefs.filter.clear();
                self.view.invalidate();
            }
            Command::SetCountryQuery(q) => self.country_query = q,
            Command::ToggleFilterPanel => self.prefs.hide_filters = !self.prefs.hide_filters,
            Command::SetView(view) => self.prefs.view = view,
        }
    }
}

fn dropped_files(ctx: &egui::Context) -> Vec<Command> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|f| f.path().to_path_buf())
            .filter(|p| !p.as_os_str().is_empty())
            .map(Command::OpenPath)
            .collect()
    })
}

impl eframe::App for ReaderApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let title = format!("Record Reader — {}", self.doc.meta.title);
        if self.title_sent.as_ref() != Some(&title) {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title_sent = Some(title);
        }
        self.show(ui);
        if let Some(shot) = &mut self.screenshot {
            shot.on_frame(ui.ctx(), self.prefs.view == MainView::Map || self.view.settled());
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
        }
    }
}

fn window_icon() -> Option<egui::IconData> {
    let png = include_bytes!("../../assets/icon-256.png");
    let img = image::load_from_memory(png).ok()?.into_rgba8();
    let (width, height) = img.dimensions();
    Some(egui::IconData { rgba: img.into_raw(), width, height })
}

/// Opens the window. Returns when it is closed (or, with `--screenshot`, once the PNG is written).
pub fn run(opts: LaunchOptions) -> anyhow::Result<()> {
    let doc = crate::cli::load_document(opts.file.as_deref())?;
    let (w, h) = opts.size.unwrap_or((1100.0, 820.0));
    let mut viewport = egui::ViewportBuilder::default()
        .with_app_id(APP_ID)
        .with_title(format!("Record Reader — {}", doc.meta.title))
        .with_inner_size([w, h])
        .with_min_inner_size([480.0, 360.0]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let screenshot_mode = opts.screenshot.is_some();
    let options = eframe::NativeOptions {
        viewport,
        persist_window: !screenshot_mode && opts.size.is_none(),
        ..Default::default()
    };
    let outcome = screenshot::Outcome::default();
    let outcome_for_app = outcome.clone();
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| {
            style::apply(&cc.egui_ctx);
            // Records read best as dark text on a light page; a reader's own choice is kept.
            if screenshot_mode || cc.egui_ctx.options(|o| o.theme_preference) == egui::ThemePreference::System {
                cc.egui_ctx.set_theme(egui::Theme::Light);
            }
            let prefs = match (screenshot_mode, cc.storage) {
                (false, Some(storage)) => eframe::get_value(storage, eframe::APP_KEY).unwrap_or_default(),
                _ => Prefs::default(),
            };
            let mut app = ReaderApp::new(doc, prefs, Box::new(NativeDialog))?;
            app.persist = !screenshot_mode;
            if opts.map {
                app.prefs.view = MainView::Map;
            }
            if !opts.regions.is_empty() {
                app.prefs.filter =
                    RegionFilter { regions: opts.regions.into_iter().collect(), ..RegionFilter::default() };
            }
            app.screenshot = opts.screenshot.map(|path| screenshot::Screenshot::new(path, outcome_for_app));
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;
    if screenshot_mode {
        outcome.result()?;
    }
    Ok(())
}
