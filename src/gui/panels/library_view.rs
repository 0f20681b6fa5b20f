//! The Library view: the folders of records, the scan's progress, a search across every
//! record (results grouped by record, the matches marked; a click opens the record at the
//! entry), the catalogue of records (sortable, filterable; a click opens the record), and
//! the files that could not be read, with why.

use crate::core::library::{Hit, LibraryExport};
use crate::core::notes::model::PALETTE;
use crate::core::places::Bureau;
use crate::gui::command::Command;
use crate::gui::command::{
    CatalogueCommand, Column, LibraryCommand, LibraryJobsCommand, LibraryNotesCommand, NotesFilterCommand,
    SearchCommand,
};
use crate::gui::job::Progress;
use crate::gui::state::library::LibraryState;
use egui::text::LayoutJob;
use egui::{Color32, TextFormat};

/// What the search box says it takes.
const SEARCH_HINT: &str = "Search the library (Ctrl+F): words, \"a phrase\", region:AF, country:SD, year:1994..1998, tag:…, author:…, has:note";

/// The world map, for the map of the library: its shapes and the gazetteer.
pub type MapData<'a> = Option<(&'a crate::core::world_map::WorldMap, &'a crate::core::places::Gazetteer)>;

pub fn library_ui(ui: &mut egui::Ui, state: &LibraryState, map: MapData<'_>, commands: &mut Vec<Command>) {
    let heading = ui.heading("Library");
    crate::gui::a11y::heading(&heading, 1, "Library");
    if let Some(why) = &state.jobs.open_error {
        ui.colored_label(ui.visuals().error_fg_color, why);
        return;
    }
    folders_ui(ui, state, commands);
    ui.separator();
    search_box_ui(ui, state, commands);
    library_map_ui(ui, state, map, commands);
    ui.add_space(4.0);
    if state.search.query.trim().is_empty() {
        export_ui(ui, state, commands);
        catalogue_ui(ui, state, commands);
    } else {
        results_ui(ui, state, commands);
    }
}

fn folders_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        if ui.button("Add folder…").on_hover_text("Add a folder of records (text, web pages, Markdown)").clicked() {
            commands.push(LibraryJobsCommand::AddFolderDialog.into());
        }
        let scanning = state.jobs.scan_progress().is_some();
        let scan = ui.add_enabled(!scanning && !state.jobs.folders.is_empty(), egui::Button::new("Scan again"));
        if scan.on_hover_text("Read the files added or changed since the last scan").clicked() {
            commands.push(LibraryJobsCommand::Scan.into());
        }
        for folder in &state.jobs.folders {
            ui.label(folder.display().to_string());
            let name = format!("Remove folder {}", folder.display());
            // Worded, not a bare "×": it reads the same to the eye and to a screen reader.
            let remove =
                ui.small_button("Remove folder").on_hover_text(format!("{name} from the library (its files stay)"));
            crate::gui::a11y::name_button(&remove, &name);
            if remove.clicked() {
                commands.push(LibraryJobsCommand::RemoveFolder(folder.clone()).into());
            }
        }
    });
    if let Some(why) = &state.jobs.watch_problem {
        ui.colored_label(ui.visuals().error_fg_color, why);
    }
    if state.jobs.folders.is_empty() {
        ui.label("No folders yet. Add a folder of records to search, filter and annotate them together.");
    }
    if let Some(Progress { done, total, current }) = state.jobs.scan_progress() {
        ui.horizontal(|ui| {
            let fraction = if total == 0 { 0.0 } else { done as f32 / total as f32 };
            let file = current.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
            let text = format!("Reading {done} of {total} files {file}");
            ui.add(egui::ProgressBar::new(fraction).text(text).desired_width(ui.available_width() - 90.0));
            if ui.button("Cancel").on_hover_text("Stop the scan: what was read so far is kept").clicked() {
                commands.push(LibraryJobsCommand::CancelScan.into());
            }
        });
    }
}

/// What the library's export writes, and the button that asks where.
fn export_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    if state.catalogue.records.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        let name = "Export every note in the library as";
        ui.label(name);
        let kind = state.notes.export_kind();
        let combo = egui::ComboBox::from_id_salt("library_export").selected_text(kind.label()).show_ui(ui, |ui| {
            for k in LibraryExport::all() {
                if ui.selectable_label(k == kind, k.label()).clicked() {
                    commands.push(LibraryNotesCommand::SetExportKind(k).into());
                }
            }
        });
        combo.response.ctx.accesskit_node_builder(combo.response.id, |node| node.set_label(name));
        crate::gui::a11y::combo_value(&combo.response, &kind.label());
        if ui.button("Export library…").on_hover_text("Choose where to write it").clicked() {
            commands.push(LibraryNotesCommand::Export.into());
        }
    });
}

/// The map of the library, shaded by the entries that name each country (of the search, or
/// of the whole library); a click on a country searches for its entries.
fn library_map_ui(ui: &mut egui::Ui, state: &LibraryState, map: MapData<'_>, commands: &mut Vec<Command>) {
    let toggle = ui.button(if state.search.map_shown { "Hide the map" } else { "Show the map" });
    if toggle.on_hover_text("A world map shaded by the entries that name each country").clicked() {
        commands.push(SearchCommand::ToggleMap.into());
    }
    if !state.search.map_shown {
        return;
    }
    let Some((world, gazetteer)) = map else {
        ui.colored_label(ui.visuals().error_fg_color, "The map cannot be shown: its shapes could not be read");
        return;
    };
    let filter = crate::core::filter::RegionFilter::default();
    let cx = crate::gui::panels::map_view::MapContext {
        map: world,
        gazetteer,
        counts: &state.search.country_counts,
        filter: &filter,
    };
    let height = (ui.available_width() / crate::gui::panels::map_view::ASPECT + 40.0).min(ui.available_height() * 0.5);
    let mut clicked = Vec::new();
    ui.allocate_ui_with_layout(
        egui::vec2(ui.available_width(), height),
        egui::Layout::top_down(egui::Align::Min),
        |ui| {
            crate::gui::panels::map_view::map_ui(ui, &cx, &mut clicked);
        },
    );
    // A country clicked on the map is a search for its entries, in the library.
    for command in clicked {
        if let Command::Filter(crate::gui::command::FilterCommand::OnlyCountry(code)) = command {
            let mut words: Vec<String> = state
                .search
                .query
                .split_whitespace()
                .filter(|w| !w.to_ascii_lowercase().starts_with("country:"))
                .map(str::to_owned)
                .collect();
            words.push(format!("country:{code}"));
            let query = words.join(" ");
            commands.push(SearchCommand::SetQuery(query).into());
        }
    }
}

fn search_box_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    let mut text = state.search.query.clone();
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id_salt("library_search")
            .hint_text(SEARCH_HINT)
            .desired_width(ui.available_width()),
    );
    crate::gui::a11y::name_text_box(&response, "Search the library", &text, SEARCH_HINT);
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::F)) {
        response.request_focus();
    }
    if response.changed() {
        commands.push(SearchCommand::SetQuery(text).into());
    }
}

/// The entries found, grouped by record, best record first.
fn results_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    if let Some(why) = &state.search.search_error {
        ui.colored_label(ui.visuals().error_fg_color, why);
        return;
    }
    let groups = group_by_record(&state.search.hits);
    let searching = state.search.searched != state.search.query;
    let summary = match state.search.hits.len() {
        0 if searching => "Searching…".to_owned(),
        0 => "No entries match".to_owned(),
        n => format!("{n} entries in {} records{}", groups.len(), if searching { " (searching…)" } else { "" }),
    };
    ui.label(summary);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for hits in groups {
            let first = hits[0];
            let title = format!("{} · {}", first.title, hits.len());
            let heading = ui.strong(&title);
            crate::gui::a11y::heading(&heading, 2, &title);
            for hit in hits {
                let response = ui.add(egui::Button::new(hit_job(ui, hit)).frame(false).wrap());
                let name = format!("{} {} in {}: {}", hit.number, hit.section, hit.title, hit.snippet.text);
                crate::gui::a11y::name_button(&response, &name);
                if response.on_hover_text("Open the record at this entry").clicked() {
                    commands.push(LibraryCommand::Open(hit.path.clone(), Some(hit.entry_id.clone())).into());
                }
            }
            ui.add_space(6.0);
        }
    });
}

/// Hits of the same record together, records in the order of their best hit.
fn group_by_record(hits: &[Hit]) -> Vec<Vec<&Hit>> {
    let mut groups: Vec<Vec<&Hit>> = Vec::new();
    for hit in hits {
        match groups.iter_mut().find(|g| g[0].record_id == hit.record_id) {
            Some(group) => group.push(hit),
            None => groups.push(vec![hit]),
        }
    }
    groups
}

/// "2.3 Section — … snippet …", the matches marked.
fn hit_job(ui: &egui::Ui, hit: &Hit) -> LayoutJob {
    let body = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat { font_id: body.clone(), color: ui.visuals().text_color(), ..Default::default() };
    let weak = TextFormat { color: ui.visuals().weak_text_color(), ..plain.clone() };
    let marked = TextFormat {
        background: Color32::from_rgba_unmultiplied(255, 200, 0, 110),
        color: ui.visuals().strong_text_color(),
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    let section = hit.group.as_ref().map_or_else(|| hit.section.clone(), |g| format!("{g}: {}", hit.section));
    job.append(&format!("{}  {section} — ", hit.number), 0.0, weak.clone());
    let text = &hit.snippet.text;
    if hit.snippet.start > 0 {
        job.append("…", 0.0, weak.clone());
    }
    let mut at = 0;
    for range in &hit.snippet.matches {
        if range.start < at
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            continue;
        }
        job.append(&text[at..range.start], 0.0, plain.clone());
        job.append(&text[range.clone()], 0.0, marked.clone());
        at = range.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}

/// The records: a filter box, then a table with a header per column (click to sort).
fn catalogue_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    let count = state.catalogue.shown_record_count();
    ui.horizontal(|ui| {
        ui.label(format!("{count} of {} records", state.catalogue.records.len()));
        let mut filter = state.catalogue.record_filter.clone();
        let response = ui.add(egui::TextEdit::singleline(&mut filter).hint_text("Filter records").desired_width(220.0));
        crate::gui::a11y::name_text_box(&response, "Filter records", &filter, "Filter records");
        if response.changed() {
            commands.push(CatalogueCommand::SetRecordFilter(filter).into());
        }
    });
    unreadable_ui(ui, state);
    let columns = [
        (Column::Title, "Title"),
        (Column::Date, "Date"),
        (Column::Administration, "Admin."),
        (Column::Entries, "Entries"),
        (Column::Regions, "Regions"),
        (Column::Notes, "Notes"),
        (Column::LastRead, "Read"),
    ];
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y + 2.0;
    let widths = column_widths(ui);
    let width = |k: usize| widths[k];
    let shown = |k: usize| k == 0 || widths[k] > 0.0;
    ui.horizontal(|ui| {
        for (k, (column, label)) in columns.into_iter().enumerate().filter(|(k, _)| shown(*k)) {
            let arrow = match state.catalogue.sort {
                (c, false) if c == column => " · asc",
                (c, true) if c == column => " · desc",
                _ => "",
            };
            let sort = cell(ui, width(k), row_height, |ui| ui.button(format!("{label}{arrow}")));
            let what = match column {
                Column::Administration => "administration",
                Column::LastRead => "when you last read it",
                _ => &label.to_lowercase(),
            };
            if sort.on_hover_text(format!("Sort by {what}")).clicked() {
                commands.push(CatalogueCommand::SortBy(column).into());
            }
        }
    });
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(ui, row_height, count, |ui, range| {
        for record in state.catalogue.shown_records().skip(range.start).take(range.len()) {
            ui.horizontal(|ui| {
                let open = cell(ui, width(0), row_height, |ui| ui.add(egui::Link::new(&record.title)));
                if open.on_hover_text(record.path.display().to_string()).clicked() {
                    commands.push(LibraryCommand::Open(record.path.clone(), None).into());
                }
                let texts = [
                    record.date.clone().unwrap_or_else(|| "—".to_owned()),
                    record.administration.label().to_owned(),
                    record.entries.to_string(),
                    record.regions.join(" "),
                    record.notes.to_string(),
                    state.catalogue.last_read.get(&record.path).map_or_else(|| "—".to_owned(), |t| read_date(*t)),
                ];
                for (k, text) in texts.into_iter().enumerate().filter(|(k, _)| shown(k + 1)) {
                    cell(ui, width(k + 1), row_height, |ui| ui.add(egui::Label::new(text).truncate()));
                }
            });
        }
    });
}

/// The catalogue's column widths (0: not shown). Fixed widths, the title taking what is
/// left: header and rows line up. In a narrow view the regions, then the administration,
/// give the title their room.
fn column_widths(ui: &egui::Ui) -> [f32; 7] {
    let mut fixed = [0.0, 86.0, 76.0, 68.0, 110.0, 60.0, 86.0];
    let title_room = |fixed: &[f32; 7]| {
        let shown = fixed.iter().filter(|w| **w > 0.0).count() + 1;
        ui.available_width() - fixed.iter().sum::<f32>() - ui.spacing().item_spacing.x * shown as f32 - 16.0
    };
    for dropped in [6, 4, 2] {
        if title_room(&fixed) < 200.0 {
            fixed[dropped] = 0.0;
        }
    }
    fixed[0] = title_room(&fixed).max(120.0);
    fixed
}

/// The day a record was read, as ISO 8601 (in UTC).
fn read_date(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix).map_or_else(|_| "—".to_owned(), |t| t.date().to_string())
}

/// One cell of the catalogue: `width` wide, its content at the left, cut to fit.
fn cell(
    ui: &mut egui::Ui,
    width: f32,
    height: f32,
    add: impl FnOnce(&mut egui::Ui) -> egui::Response,
) -> egui::Response {
    let layout = egui::Layout::left_to_right(egui::Align::Center);
    ui.allocate_ui_with_layout(egui::vec2(width, height), layout, |ui| {
        ui.set_min_width(width);
        ui.set_max_width(width);
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        add(ui)
    })
    .inner
}

fn unreadable_ui(ui: &mut egui::Ui, state: &LibraryState) {
    if state.catalogue.unreadable.is_empty() {
        return;
    }
    let title = format!("Files that cannot be read · {}", state.catalogue.unreadable.len());
    egui::CollapsingHeader::new(title).id_salt("library_unreadable").show(ui, |ui| {
        for file in &state.catalogue.unreadable {
            ui.label(format!("{}: {}", file.path.display(), file.reason));
        }
    });
}

/// The library's region filter, beside it: each bureau with the entries that name it (of
/// those the search finds, or of the whole library). A click narrows the search to it.
pub fn regions_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    ui.add_space(6.0);
    let heading = ui.heading("Regions in the library");
    crate::gui::a11y::heading(&heading, 2, "Regions in the library");
    let of = if state.search.searched.trim().is_empty() {
        "Entries naming each region"
    } else {
        "Entries found naming each region"
    };
    ui.label(egui::RichText::new(of).small());
    let chosen: Vec<String> = state
        .search
        .query
        .split_whitespace()
        .filter_map(|w| w.to_ascii_lowercase().strip_prefix("region:").map(str::to_uppercase))
        .collect();
    for &(bureau, count) in &state.search.region_counts {
        let mut on = chosen.iter().any(|c| c == bureau.code());
        let label = format!("{} · {count}", bureau.name());
        if ui.checkbox(&mut on, label).on_hover_text(format!("Search for region:{}", bureau.code())).changed() {
            commands.push(SearchCommand::ToggleRegion(bureau).into());
        }
    }
    if state.search.region_counts.is_empty() {
        ui.label("Add a folder of records to see their regions.");
    }
}

/// The notes panel beside the Library view: every note in the library, filtered by tag,
/// colour, region and record; a click opens the record at the note's entry.
pub fn notes_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    let shown = state.notes.shown_notes();
    let title = format!("All notes in the library · {}", shown.len());
    let heading = ui.heading(&title);
    crate::gui::a11y::heading(&heading, 2, &title);
    notes_filters_ui(ui, state, commands);
    for why in &state.notes.notes_problems {
        ui.colored_label(ui.visuals().error_fg_color, why);
    }
    if state.notes.notes.is_empty() {
        ui.label("No notes in the library's records yet.");
        return;
    }
    // Cards of one height, as in the notes panel: only those in view are laid out
    // (thousands of notes cost no more than a screenful).
    let card_height = crate::gui::panels::note_card::CARD_HEIGHT;
    egui::ScrollArea::vertical().id_salt("library_notes").auto_shrink([false, false]).show_rows(
        ui,
        card_height,
        shown.len(),
        |ui, range| {
            for n in &shown[range] {
                library_note_ui(ui, n, commands);
            }
        },
    );
}

/// One note of the library as a card: its record and entry, its passage, its body (its
/// Markdown rendered), its tags; a click opens the record at the note's entry.
fn library_note_ui(ui: &mut egui::Ui, n: &crate::core::library::LibraryNote, commands: &mut Vec<Command>) {
    let number = n.number.as_deref().unwrap_or("entry gone");
    let highlight = n.note.kind == crate::core::notes::NoteKind::Highlight;
    let unwritten = n.note.body.trim().is_empty() && n.note.tags.is_empty();
    let card = crate::gui::panels::note_card::Card {
        color: crate::gui::style::palette_color(&n.note.color),
        number,
        label: "",
        record: Some(&n.record_title),
        date: n.note.modified.date().to_string(),
        passage: (highlight || unwritten).then_some(n.note.anchor.quote.exact.as_str()),
        highlight,
        body: &n.note.body,
        tags: &n.note.tags,
        byline: crate::gui::panels::note_card::byline(&n.note),
        selected: false,
        name: format!("{number} in {}: {}", n.record_title, n.note.plain_summary()),
    };
    let open = crate::gui::panels::note_card::card_ui(ui, ui.scope_id().with(("library-note", n.note.id)), &card);
    if open.on_hover_text("Open the record at this note's entry").clicked() {
        commands.push(LibraryCommand::Open(n.path.clone(), Some(n.note.anchor.entry_id.clone())).into());
    }
}

/// Tag, colour, region, author and record: each a dropdown whose first choice is "all".
fn notes_filters_ui(ui: &mut egui::Ui, state: &LibraryState, commands: &mut Vec<Command>) {
    let f = &state.notes.filter;
    let mut tags: Vec<&str> = state.notes.notes.iter().flat_map(|n| n.note.tags.iter().map(String::as_str)).collect();
    tags.sort_unstable();
    tags.dedup();
    let tag_choices: Vec<(Option<String>, String)> = std::iter::once((None, "All tags".to_owned()))
        .chain(tags.into_iter().map(|t| (Some(t.to_owned()), format!("#{t}"))))
        .collect();
    choice_ui(ui, "Tag", &tag_choices, &f.tag, NotesFilterCommand::Tag, commands);
    let colours: Vec<(Option<String>, String)> = std::iter::once((None, "All colours".to_owned()))
        .chain(PALETTE.iter().map(|(k, label, _)| (Some((*k).to_owned()), (*label).to_owned())))
        .collect();
    choice_ui(ui, "Colour", &colours, &f.color, NotesFilterCommand::Color, commands);
    let regions: Vec<(Option<Bureau>, String)> = std::iter::once((None, "All regions".to_owned()))
        .chain(Bureau::ALL.iter().map(|b| (Some(*b), b.name().to_owned())))
        .collect();
    choice_ui(ui, "Region", &regions, &f.region, NotesFilterCommand::Region, commands);
    let authors: Vec<(Option<String>, String)> = std::iter::once((None, "All authors".to_owned()))
        .chain(
            crate::core::notes::authors(state.notes.notes.iter().map(|n| &n.note))
                .into_iter()
                .map(|a| (Some(a.clone()), a)),
        )
        .collect();
    choice_ui(ui, "Author", &authors, &f.author, NotesFilterCommand::Author, commands);
    let mut records: Vec<(&str, &str)> =
        state.notes.notes.iter().map(|n| (n.record_id.as_str(), n.record_title.as_str())).collect();
    records.dedup();
    let records: Vec<(Option<String>, String)> = std::iter::once((None, "All records".to_owned()))
        .chain(records.into_iter().map(|(id, title)| (Some(id.to_owned()), title.to_owned())))
        .collect();
    choice_ui(ui, "Record", &records, &f.record, NotesFilterCommand::Record, commands);
}

/// A dropdown named `name` showing `current` among `choices`; a pick sends `command`.
fn choice_ui<T: Clone + PartialEq>(
    ui: &mut egui::Ui,
    name: &str,
    choices: &[(Option<T>, String)],
    current: &Option<T>,
    command: impl Fn(Option<T>) -> NotesFilterCommand,
    commands: &mut Vec<Command>,
) {
    let shown = choices.iter().find(|(v, _)| v == current).map_or("", |(_, label)| label.as_str());
    let combo = egui::ComboBox::from_label(name).selected_text(shown).truncate().show_ui(ui, |ui| {
        for (value, label) in choices {
            if ui.selectable_label(value == current, label).clicked() {
                commands.push(LibraryNotesCommand::Filter(command(value.clone())).into());
            }
        }
    });
    crate::gui::a11y::combo_value(&combo.response, shown);
}
