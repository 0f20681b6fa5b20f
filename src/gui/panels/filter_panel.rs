//! The left panel: world-region toggles with entry counts, a country search with
//! suggestions, the "No specific place" bucket, and Clear.
//!
//! The panel reads the [`FilterState`] and sends [`FilterCommand`]s. The country search box
//! edits a copy of the state's text and sends it as `SetCountryQuery` when it changes.

use crate::core::filter::{NO_PLACE, Scheme, region_keys, region_label, suggest_countries};
use crate::core::places::Gazetteer;
use crate::gui::command::{Command, FilterCommand};
use crate::gui::state::filter::FilterState;

pub fn filter_panel_ui(ui: &mut egui::Ui, state: &FilterState, commands: &mut Vec<Command>) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.heading("Regions");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if crate::gui::a11y::clear_button(ui, "filter", !state.selection.is_empty()).clicked() {
                commands.push(FilterCommand::Clear.into());
            }
        });
    });
    regions_ui(ui, state, commands);
    ui.add_space(10.0);
    ui.label(egui::RichText::new("Countries").strong());
    countries_ui(ui, state, commands);
}

/// The scheme switch, and a checkbox per region with its count.
fn regions_ui(ui: &mut egui::Ui, state: &FilterState, commands: &mut Vec<Command>) {
    let filter = &state.selection;
    ui.horizontal(|ui| {
        for (scheme, label, hover) in [
            (Scheme::Bureaus, "State Dept", "US State Department regional bureaus"),
            (Scheme::M49, "UN M49", "United Nations M49 regions"),
        ] {
            if ui.selectable_label(filter.scheme == scheme, label).on_hover_text(hover).clicked()
                && filter.scheme != scheme
            {
                commands.push(FilterCommand::SetScheme(scheme).into());
            }
        }
    });
    ui.separator();
    let counts = state.region_counts();
    for key in region_keys(filter.scheme) {
        let count = counts.get(&Some(key.clone())).copied().unwrap_or(0);
        let mut on = filter.regions.contains(&key);
        let label = format!("{} · {count}", region_label(filter.scheme, &key));
        if ui.checkbox(&mut on, label).clicked() {
            commands.push(FilterCommand::ToggleRegion(key).into());
        }
    }
    let mut no_place = filter.no_place;
    let count = counts.get(&None).copied().unwrap_or(0);
    if ui.checkbox(&mut no_place, format!("{NO_PLACE} · {count}")).clicked() {
        commands.push(FilterCommand::ToggleNoPlace.into());
    }
}

/// The country search with its suggestions, the countries chosen, and the record's most
/// named countries.
fn countries_ui(ui: &mut egui::Ui, state: &FilterState, commands: &mut Vec<Command>) {
    let (filter, counts, gazetteer) = (&state.selection, state.country_counts(), state.gazetteer);
    let name = |a2| country_name(gazetteer, a2);
    let mut query = state.country_query.clone();
    let response =
        ui.add(egui::TextEdit::singleline(&mut query).hint_text("Find a country…").desired_width(f32::INFINITY));
    crate::gui::a11y::name_text_box(&response, "Find a country", &query, "Find a country…");
    if response.changed() {
        commands.push(FilterCommand::SetCountryQuery(query.clone()).into());
    }
    let suggestions = suggest_countries(&query, counts, gazetteer, 8);
    let mut choose = |a2: &String| {
        commands.push(FilterCommand::ToggleCountry(a2.clone()).into());
        commands.push(FilterCommand::SetCountryQuery(String::new()).into());
    };
    if response.lost_focus()
        && ui.input(|i| i.key_pressed(egui::Key::Enter))
        && let Some(first) = suggestions.first()
    {
        choose(first);
    }
    for a2 in &suggestions {
        let count = counts.get(a2).copied().unwrap_or(0);
        if ui.selectable_label(filter.countries.contains(a2), format!("{} · {count}", name(a2))).clicked() {
            choose(a2);
        }
    }
    if !filter.countries.is_empty() {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            for a2 in &filter.countries {
                let remove =
                    ui.add(crate::gui::style::chip(format!("{} ×", name(a2)))).on_hover_text("Remove from the filter");
                crate::gui::a11y::name_button(&remove, &format!("Remove {} from the filter", name(a2)));
                if remove.clicked() {
                    commands.push(FilterCommand::ToggleCountry(a2.clone()).into());
                }
            }
        });
    }
    if query.trim().is_empty() && filter.countries.is_empty() {
        ui.add_space(6.0);
        ui.label(egui::RichText::new("Countries in this record:").small().weak());
        let mut top: Vec<(&String, &usize)> = counts.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        ui.horizontal_wrapped(|ui| {
            for (a2, n) in top.into_iter().take(8) {
                if ui.add(crate::gui::style::chip(format!("{} · {n}", name(a2)))).clicked() {
                    commands.push(FilterCommand::ToggleCountry(a2.clone()).into());
                }
            }
        });
    }
}

fn country_name<'a>(gazetteer: &'a Gazetteer, a2: &'a str) -> &'a str {
    gazetteer.country(a2).map_or(a2, |c| c.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    /// The panel alone, counting the embedded record; what it sends is kept, not applied.
    fn harness() -> Harness<'static, (FilterState, Vec<Command>)> {
        harness_of_width(260.0)
    }

    fn harness_of_width(width: f32) -> Harness<'static, (FilterState, Vec<Command>)> {
        let doc = crate::core::open::embedded().unwrap();
        let mut state = FilterState::new(Default::default(), "doc", crate::core::places::gazetteer().unwrap());
        state.refresh_counts(&doc);
        let mut h = Harness::builder().with_size(egui::vec2(width, 800.0)).build_ui_state(
            |ui, (state, sent): &mut (FilterState, Vec<Command>)| filter_panel_ui(ui, state, sent),
            (state, Vec::new()),
        );
        h.run();
        h
    }

    #[test]
    fn a_region_click_and_a_country_search_are_sent_not_applied() {
        let mut h = harness();
        h.get_by_role_and_label(Role::CheckBox, "Africa · 9").click();
        h.run();
        assert_eq!(h.state().1, [Command::Filter(FilterCommand::ToggleRegion("AF".into()))]);
        h.state_mut().1.clear();
        // Found by its placeholder: the box shows the state's text, which stays empty.
        let search = |n: &egui_kittest::kittest::AccessKitNode<'_>| n.placeholder() == Some("Find a country…");
        h.get_by(search).focus();
        h.run();
        h.get_by(search).type_text("sud");
        h.run();
        assert_eq!(h.state().1, [Command::Filter(FilterCommand::SetCountryQuery("sud".into()))]);
        assert!(h.state().0.selection.is_empty() && h.state().0.country_query.is_empty());
        // Once the state has the words, the suggestions follow; one click chooses and clears.
        let _ = h.state_mut().0.apply(FilterCommand::SetCountryQuery("sud".into()));
        h.state_mut().1.clear();
        h.run();
        h.get_by_label("Sudan · 3").click();
        h.run();
        let chosen = [FilterCommand::ToggleCountry("SD".into()), FilterCommand::SetCountryQuery(String::new())];
        assert_eq!(h.state().1, chosen.map(Command::from));
    }

    #[test]
    fn a_country_chip_keeps_its_words_on_one_line_even_in_a_narrow_sidebar() {
        // Down to a sidebar narrower than "Bosnia and Herzegovina · 3" itself.
        for width in [150.0, 200.0, 260.0] {
            let h = harness_of_width(width);
            let chip = h.get_by_label("Bosnia and Herzegovina · 3").rect();
            let one_line = h.get_by_label("Serbia · 4").rect();
            assert!((chip.height() - one_line.height()).abs() < 1.0, "at {width}: {chip:?} beside {one_line:?}");
        }
    }
}
