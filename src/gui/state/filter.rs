//! The region and country filter (saved with the preferences), the filter panel's country
//! search, and what the filter panel and the map show of places: the gazetteer, the entry
//! counts per region and country, the world map.

use crate::core::Document;
use crate::core::filter::{RegionFilter, Scheme, country_counts, region_counts};
use crate::core::places::Gazetteer;
use crate::core::world_map::WorldMap;
use crate::gui::command::{Effects, FilterCommand};
use std::cell::OnceCell;
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct FilterState {
    /// The regions and countries the reader chose to see in the document shown.
    pub selection: RegionFilter,
    /// The filters chosen for other documents, by document id, kept for when they are
    /// opened again.
    others: BTreeMap<String, RegionFilter>,
    /// The text in the filter panel's country search box.
    pub country_query: String,
    pub gazetteer: &'static Gazetteer,
    counts: Counts,
    /// Loaded the first time the map is shown.
    world_map: OnceCell<Result<WorldMap, String>>,
}

/// Counts for the filter panel and the map, recomputed only when the document or the
/// scheme changes.
#[derive(Debug, Default)]
struct Counts {
    /// Document id, text revision (the same record can be opened again, edited) and scheme.
    key: Option<(String, String, Scheme)>,
    regions: BTreeMap<Option<String>, usize>,
    countries: BTreeMap<String, usize>,
}

impl FilterState {
    /// The filter state for document `doc_id`, with the saved filters of every document.
    pub fn new(mut filters: BTreeMap<String, RegionFilter>, doc_id: &str, gazetteer: &'static Gazetteer) -> Self {
        Self {
            selection: filters.remove(doc_id).unwrap_or_default(),
            others: filters,
            country_query: String::new(),
            gazetteer,
            counts: Counts::default(),
            world_map: OnceCell::new(),
        }
    }

    /// Another document is shown: its own filter comes back, the one left is kept.
    pub fn switch_document(&mut self, from: &str, to: &str) {
        let left = std::mem::replace(&mut self.selection, self.others.remove(to).unwrap_or_default());
        if !left.is_empty() {
            self.others.insert(from.to_owned(), left);
        }
    }

    /// Every document's filter, `doc_id` being the one shown, as saved.
    pub fn saved(&self, doc_id: &str) -> BTreeMap<String, RegionFilter> {
        let mut all = self.others.clone();
        if !self.selection.is_empty() {
            all.insert(doc_id.to_owned(), self.selection.clone());
        }
        all
    }

    /// Counts the entries of `doc` per region and country, unless they are counted already.
    /// Called before the panels are drawn: they only read the counts.
    pub fn refresh_counts(&mut self, doc: &Document) {
        let key = (doc.id.clone(), doc.rev.clone(), self.selection.scheme);
        if self.counts.key.as_ref() != Some(&key) {
            self.counts.regions = region_counts(doc, key.2);
            self.counts.countries = country_counts(doc);
            self.counts.key = Some(key);
        }
    }

    /// Entries per region key (`None`: no specific place), in the current scheme.
    pub fn region_counts(&self) -> &BTreeMap<Option<String>, usize> {
        &self.counts.regions
    }

    /// Entries per country (alpha-2).
    pub fn country_counts(&self) -> &BTreeMap<String, usize> {
        &self.counts.countries
    }

    /// The world map, read the first time it is asked for.
    pub fn world_map(&self) -> &Result<WorldMap, String> {
        self.world_map.get_or_init(|| WorldMap::embedded().map_err(|e| e.to_string()))
    }

    pub fn apply(&mut self, command: FilterCommand) -> Effects {
        let filter = &mut self.selection;
        match command {
            FilterCommand::ToggleRegion(key) => toggle(&mut filter.regions, key),
            FilterCommand::ToggleCountry(a2) => toggle(&mut filter.countries, a2),
            FilterCommand::OnlyCountry(a2) => {
                filter.clear();
                filter.countries.insert(a2);
            }
            FilterCommand::ToggleNoPlace => filter.no_place = !filter.no_place,
            FilterCommand::SetScheme(scheme) => {
                // Region keys differ between schemes; countries carry over.
                filter.scheme = scheme;
                filter.regions.clear();
            }
            FilterCommand::Clear => filter.clear(),
            FilterCommand::SetCountryQuery(query) => {
                self.country_query = query;
                return Effects::none();
            }
        }
        Effects::rows_changed()
    }
}

fn toggle(set: &mut std::collections::BTreeSet<String>, key: String) {
    if !set.remove(&key) {
        set.insert(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> FilterState {
        FilterState::new(BTreeMap::new(), "doc", crate::core::places::gazetteer().unwrap())
    }

    #[test]
    fn regions_and_countries_toggle_and_a_new_scheme_keeps_the_countries() {
        let mut f = state();
        assert_eq!(f.apply(FilterCommand::ToggleRegion("AF".into())), Effects::rows_changed());
        let _ = f.apply(FilterCommand::ToggleCountry("CU".into()));
        let _ = f.apply(FilterCommand::ToggleNoPlace);
        assert!(f.selection.regions.contains("AF") && f.selection.countries.contains("CU") && f.selection.no_place);
        let _ = f.apply(FilterCommand::ToggleRegion("AF".into()));
        assert!(f.selection.regions.is_empty());
        let _ = f.apply(FilterCommand::ToggleRegion("AF".into()));
        let _ = f.apply(FilterCommand::SetScheme(Scheme::M49));
        assert_eq!(f.selection.scheme, Scheme::M49);
        assert!(f.selection.regions.is_empty() && f.selection.countries.contains("CU"));
        let _ = f.apply(FilterCommand::OnlyCountry("PY".into()));
        assert_eq!(f.selection.countries.iter().collect::<Vec<_>>(), ["PY"]);
        assert!(!f.selection.no_place);
        let _ = f.apply(FilterCommand::Clear);
        assert!(f.selection.is_empty());
    }

    #[test]
    fn the_country_search_changes_no_rows() {
        let mut f = state();
        assert_eq!(f.apply(FilterCommand::SetCountryQuery("sud".into())), Effects::none());
        assert_eq!(f.country_query, "sud");
        assert!(f.selection.is_empty());
    }

    #[test]
    fn counts_follow_the_scheme() {
        let doc = crate::core::open::embedded().unwrap();
        let mut f = state();
        f.refresh_counts(&doc);
        assert_eq!(f.region_counts().get(&Some("SCA".to_owned())), Some(&1));
        let _ = f.apply(FilterCommand::SetScheme(Scheme::M49));
        f.refresh_counts(&doc);
        assert_eq!(f.region_counts().get(&Some("Americas".to_owned())), Some(&6));
        assert_eq!(f.country_counts().get("SD"), Some(&3));
    }
}
