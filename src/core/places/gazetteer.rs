//! The gazetteer: countries, former states, regional phrases and look-alikes (phrases that
//! hold a country's name but are not it), read once from `assets/gazetteer/*.ron`, with
//! every name the tagger looks for and the regions of every place.

use super::regions::{Bureau, PlaceRegions};
use super::tagger::{NameIndex, Pattern, Place};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub a2: String,
    pub a3: String,
    pub num: u16,
    pub name: String,
    pub bureau: Bureau,
    pub region: String,
    pub subregion: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A state of the period that no longer exists (the Soviet Union, Yugoslavia …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Historical {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub bureau: Bureau,
    pub region: String,
    pub subregion: String,
    pub successors: Vec<String>,
}

/// A phrase for a part of the world ("our hemisphere", "the Balkans").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionPhrase {
    pub name: String,
    pub bureaus: Vec<Bureau>,
    pub m49: Vec<String>,
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct PlacesFile {
    actor: String,
    historical: Vec<Historical>,
    regions: Vec<RegionPhrase>,
    not_places: Vec<String>,
}

/// What a name in the gazetteer stands for: an index into its list.
#[derive(Debug, Clone, Copy)]
pub(super) enum Target {
    Country(usize),
    Historical(usize),
    Region(usize),
    NotAPlace,
}

#[derive(Debug)]
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub historical: Vec<Historical>,
    pub regions: Vec<RegionPhrase>,
    pub actor: String,
    /// Every name, as the tagger compares it, in gazetteer order.
    pub(super) patterns: Vec<Pattern>,
    /// From a word to the names it may begin.
    pub(super) names: NameIndex,
    by_a2: foldhash::HashMap<String, usize>,
    /// The regions of each country, former state and regional phrase, in gazetteer order.
    pub(super) country_regions: Vec<PlaceRegions>,
    pub(super) historical_regions: Vec<PlaceRegions>,
    pub(super) region_regions: Vec<PlaceRegions>,
    /// The country of [`Self::actor`], which the tagger does not count.
    pub(super) actor_country: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("the gazetteer is damaged ({file}): {message}")]
    Damaged { file: &'static str, message: String },
}

const COUNTRIES_RON: &str = include_str!("../../../assets/gazetteer/countries.ron");
const PLACES_RON: &str = include_str!("../../../assets/gazetteer/places.ron");

/// The embedded gazetteer, loaded once.
pub fn gazetteer() -> Result<&'static Gazetteer, GazetteerError> {
    static G: OnceLock<Result<Gazetteer, String>> = OnceLock::new();
    G.get_or_init(|| Gazetteer::from_ron(COUNTRIES_RON, PLACES_RON).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| GazetteerError::Damaged { file: "assets/gazetteer", message: message.clone() })
}

impl Gazetteer {
    pub fn from_ron(countries: &str, places: &str) -> Result<Self, GazetteerError> {
        let countries: Vec<Country> = ron::from_str(countries)
            .map_err(|e| GazetteerError::Damaged { file: "countries.ron", message: e.to_string() })?;
        let places: PlacesFile = ron::from_str(places)
            .map_err(|e| GazetteerError::Damaged { file: "places.ron", message: e.to_string() })?;
        let patterns = patterns(&countries, &places);
        let country_regions = countries.iter().map(|c| PlaceRegions::of(&[c.bureau], &[&c.region])).collect();
        let historical_regions =
            places.historical.iter().map(|h| PlaceRegions::of(&[h.bureau], &[&h.region])).collect();
        let region_regions = places
            .regions
            .iter()
            .map(|r| PlaceRegions::of(&r.bureaus, &r.m49.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        Ok(Self {
            names: NameIndex::new(&patterns),
            patterns,
            by_a2: countries.iter().enumerate().map(|(i, c)| (c.a2.clone(), i)).collect(),
            country_regions,
            historical_regions,
            region_regions,
            actor_country: countries.iter().position(|c| c.a2 == places.actor),
            countries,
            historical: places.historical,
            regions: places.regions,
            actor: places.actor,
        })
    }

    pub fn country(&self, a2: &str) -> Option<&Country> {
        self.by_a2.get(a2).map(|&i| &self.countries[i])
    }

    pub fn historical(&self, code: &str) -> Option<&Historical> {
        self.historical.iter().find(|h| h.code == code)
    }

    /// The display name of a place.
    pub fn place_name<'a>(&'a self, place: &'a Place) -> &'a str {
        match place {
            Place::Country(a2) => self.country(a2).map_or(a2.as_ref(), |c| c.name.as_str()),
            Place::Historical(code) => self.historical(code).map_or(code.as_ref(), |h| h.name.as_str()),
            Place::Region(name) => name.as_ref(),
        }
    }

    /// Countries a mention stands for on a map: the country, or a former state's successors.
    pub fn map_countries(&self, place: &Place) -> Vec<String> {
        match place {
            Place::Country(a2) => vec![a2.to_string()],
            Place::Historical(code) => self.historical(code).map(|h| h.successors.clone()).unwrap_or_default(),
            Place::Region(_) => Vec::new(),
        }
    }
}

/// Every name of every place, and the look-alikes, in gazetteer order: countries (name, then
/// aliases), former states, regional phrases, not-places.
fn patterns(countries: &[Country], places: &PlacesFile) -> Vec<Pattern> {
    let mut names: Vec<(&String, Target)> = Vec::new();
    for (i, c) in countries.iter().enumerate() {
        names.extend(std::iter::once(&c.name).chain(&c.aliases).map(|name| (name, Target::Country(i))));
    }
    for (i, h) in places.historical.iter().enumerate() {
        names.extend(std::iter::once(&h.name).chain(&h.aliases).map(|name| (name, Target::Historical(i))));
    }
    for (i, r) in places.regions.iter().enumerate() {
        names.extend(r.phrases.iter().map(|phrase| (phrase, Target::Region(i))));
    }
    names.extend(places.not_places.iter().map(|phrase| (phrase, Target::NotAPlace)));
    names
        .into_iter()
        .map(|(text, target)| {
            // A leading "the" before a proper name is optional in the text ("the Americas"
            // and "Americas"); before a common noun it is part of the phrase ("the hemisphere").
            let chars = match text.strip_prefix("the ") {
                Some(rest) if rest.starts_with(char::is_uppercase) => rest.chars().collect(),
                _ => text.chars().collect(),
            };
            Pattern::new(chars, target)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn gazetteer_loads_and_codes_are_unique() {
        let g = gazetteer().unwrap();
        assert!(g.countries.len() >= 249);
        let a2: BTreeSet<_> = g.countries.iter().map(|c| &c.a2).collect();
        let a3: BTreeSet<_> = g.countries.iter().map(|c| &c.a3).collect();
        assert_eq!(a2.len(), g.countries.len());
        assert_eq!(a3.len(), g.countries.len());
        for h in &g.historical {
            for s in &h.successors {
                assert!(g.country(s).is_some(), "{} successor {s}", h.name);
            }
        }
    }
}
