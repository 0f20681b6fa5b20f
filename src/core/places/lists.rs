//! The gazetteer's files as read (`assets/gazetteer/*.ron`): countries, former states,
//! regional phrases, cities, and the word lists of the tagger's rules; and [`Places`], the
//! places of all of them, which the gazetteer holds and the tagger reads.

use super::regions::Bureau;
use serde::{Deserialize, Serialize};

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
    /// Its people and its adjective ("Bolivian", "Bolivians"), from the CIA World Factbook's
    /// Nationality field (`scripts/build_gazetteer.py`).
    #[serde(default)]
    pub demonyms: Vec<String>,
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
    /// "Soviet", "Yugoslav".
    #[serde(default)]
    pub demonyms: Vec<String>,
}

/// A phrase for a part of the world ("our hemisphere", "the Balkans"), and its adjectives
/// ("African", "Latin American"), which the rules for demonyms also apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionPhrase {
    pub name: String,
    pub bureaus: Vec<Bureau>,
    pub m49: Vec<String>,
    pub phrases: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
}

/// A capital, or a city of a million people or more (from the `GeoNames` data), that counts
/// for its country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct City {
    pub name: String,
    /// ISO alpha-2 of its country.
    pub country: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct PlacesFile {
    pub(super) actor: String,
    pub(super) historical: Vec<Historical>,
    pub(super) regions: Vec<RegionPhrase>,
    pub(super) not_places: Vec<String>,
    #[serde(default)]
    pub(super) rules: RuleWords,
}

/// The word lists of the tagger's rules (`places.ron`, `rules`); see the tagger's `Rules`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct RuleWords {
    pub(super) titles: Vec<String>,
    pub(super) given_names: Vec<String>,
    pub(super) place_words: Vec<String>,
    pub(super) compound_nouns: Vec<String>,
    pub(super) other_place_before: Vec<String>,
    pub(super) other_place_after: Vec<String>,
    pub(super) people_before: Vec<String>,
    pub(super) people_after: Vec<String>,
    pub(super) instrument_words: Vec<String>,
    pub(super) name_connectors: Vec<String>,
    pub(super) instrument_adjectives: Vec<String>,
    pub(super) country_parts: Vec<String>,
    pub(super) institution_words: Vec<String>,
}

/// The places of the gazetteer's files, in their order (the tagger's targets index them).
#[derive(Debug)]
pub struct Places {
    pub countries: Vec<Country>,
    pub historical: Vec<Historical>,
    pub regions: Vec<RegionPhrase>,
    pub cities: Vec<City>,
    pub actor: String,
}
