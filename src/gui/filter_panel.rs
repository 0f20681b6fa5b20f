//! The left panel: world-region toggles with entry counts, a country search with
//! suggestions, the "No specific place" bucket, and Clear.

use super::Command;
use crate::core::filter::{NO_PLACE, RegionFilter, Scheme, region_keys, region_label, suggest_countries};
use crate::core::places::Gazetteer;
use std::collections::BTreeMap;

/// What the panel shows; borrowed from the app for one frame.
pub struct FilterPanel<'a> {
    pub filter: &'a RegionFilter,
    pub region_counts: &'a BTreeMap<Option<String>, usize>,
    pub country_counts: &'a BTreeMap<String, usize>,
    pub gazetteer: &'a Gazetteer,
    /// The text in the country search box (runtime state, owned by the app).
    pub query: &'a mut String,
}

pub fn filter_panel_ui(ui: &mut egui::Ui, p: FilterPanel<'_>, commands: &mut Vec<Command>) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading("Regions");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.add_enabled(!p.filter.is_empty(), egui::Button::new("Clear")).clicked() {
                commands.push(Command::ClearFilter);
            }
        });
    });
    ui.horizontal(|ui| {
        for (scheme, label, hover) in [
            (Scheme::Bureaus, "State Dept", "US State Department regional bureaus"),
            (Scheme::M49, "UN M49", "United Nations M49 regions"),
        ] {
            if ui.selectable_label(p.filter.scheme == scheme, label).on_hover_text(hover).clicked()
                && p.filter.scheme != scheme
            {
                commands.push(Command::SetScheme(scheme));
            }
        }
    });
    ui.separator();
    for key in region_keys(p.filter.scheme) {
        let count = p.region_counts.get(&Some(key.clone())).copied().unwrap_or(0);
        let mut on = p.filter.regions.contains(&key);
        let label = format!("{} · {count}", region_label(p.filter.scheme, &key));
        if ui.checkbox(&mut on, label).clicked() {
            commands.push(Command::ToggleRegion(key));
        }
    }
    let mut no_place = p.filter.no_place;
    let count = p.region_counts.get(&None).copied().unwrap_or(0);
    if ui.checkbox(&mut no_place, format!("{NO_PLACE} · {count}")).clicked() {
        commands.push(Command::ToggleNoPlace);
    }

    ui.add_space(10.0);
    ui.label(egui::RichText::new("Countries").strong());
    let response =
        ui.add(egui::TextEdit::singleline(p.query).hint_text("Find a country…").desired_width(f32::INFINITY));
    let suggestions = suggest_countries(p.query, p.country_counts, p.gazetteer, 8);
    if response.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && let Some(first) = suggestions.first()
    {
        commands.push(Command::ToggleCountry(first.clone()));
        commands.push(Command::SetCountryQuery(String::new()));
    }
    for a2 in &suggestions {
        let count = p.country_counts.get(a2).copied().unwrap_or(0);
        let name = p.gazetteer.country(a2).map_or(a2.as_str(), |c| c.name.as_str());
        if ui.selectable_label(p.filter.countries.contains(a2), format!("{name} · {count}")).clicked() {
            commands.push(Command::ToggleCountry(a2.clone()));
            commands.push(Command::SetCountryQuery(String::new()));
        }
    }
    if !p.filter.countries.is_empty() {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            for a2 in &p.filter.countries {
                let name = p.gazetteer.country(a2).map_or(a2.as_str(), |c| c.name.as_str());
                if ui.small_button(format!("{name} ×")).on_hover_text("Remove from the filter").clicked() {
                    commands.push(Command::ToggleCountry(a2.clone()));
                }
            }
        });
    }
    if p.query.trim().is_empty() && p.filter.countries.is_empty() {
        ui.add_space(6.0);
        ui.label(egui::RichText::new("Countries in this record:").small().weak());
        let mut top: Vec<(&String, &usize)> = p.country_counts.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        ui.horizontal_wrapped(|ui| {
            for (a2, n) in top.into_iter().take(8) {
                let name = p.gazetteer.country(a2).map_or(a2.as_str(), |c| c.name.as_str());
                if ui.small_button(format!("{name} · {n}")).clicked() {
                    commands.push(Command::ToggleCountry(a2.clone()));
                }
            }
        });
    }
}
