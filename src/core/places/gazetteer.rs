//! The gazetteer: countries (with their demonyms), former states, regional phrases and
//! adjectives, cities, look-alikes (phrases that hold a country's name but are not it) and
//! the word lists of the tagger's rules, read once from `assets/gazetteer/*.ron`, with its
//! places by code and name, and the [`Tagger`] made with them.

use super::lists::{City, Country, Historical, Places, PlacesFile};
use super::tagger::{Place, TagScratch, Tagger, Tags};
use std::sync::OnceLock;

#[derive(Debug)]
pub struct Gazetteer {
    /// The places as the files list them (read through [`std::ops::Deref`]: `g.countries`).
    places: Places,
    by_a2: foldhash::HashMap<String, usize>,
    /// Each country's alpha-3 code, name and aliases, as [`name_key`] makes them → its index.
    by_name: foldhash::HashMap<String, usize>,
    by_city: foldhash::HashMap<String, usize>,
    /// The tagger of these places, made with them.
    tagger: Tagger,
}

/// The gazetteer's places are read as its own fields (`g.countries`, `g.cities`): the
/// [`Tagger`] is given them alone, so that it does not depend on the gazetteer that holds it.
impl std::ops::Deref for Gazetteer {
    type Target = Places;

    fn deref(&self) -> &Places {
        &self.places
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("the gazetteer is damaged ({file}): {message}")]
    Damaged { file: &'static str, message: String },
}

const COUNTRIES_RON: &str = include_str!("../../../assets/gazetteer/countries.ron");
const PLACES_RON: &str = include_str!("../../../assets/gazetteer/places.ron");
const CITIES_RON: &str = include_str!("../../../assets/gazetteer/cities.ron");

/// The embedded gazetteer, loaded once.
pub fn gazetteer() -> Result<&'static Gazetteer, GazetteerError> {
    static G: OnceLock<Result<Gazetteer, String>> = OnceLock::new();
    G.get_or_init(|| Gazetteer::from_ron(COUNTRIES_RON, PLACES_RON, CITIES_RON).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| GazetteerError::Damaged { file: "assets/gazetteer", message: message.clone() })
}

impl Gazetteer {
    pub fn from_ron(countries: &str, places: &str, cities: &str) -> Result<Self, GazetteerError> {
        let countries: Vec<Country> = ron::from_str(countries)
            .map_err(|e| GazetteerError::Damaged { file: "countries.ron", message: e.to_string() })?;
        let places: PlacesFile = ron::from_str(places)
            .map_err(|e| GazetteerError::Damaged { file: "places.ron", message: e.to_string() })?;
        let cities: Vec<City> = ron::from_str(cities)
            .map_err(|e| GazetteerError::Damaged { file: "cities.ron", message: e.to_string() })?;
        let by_a2: foldhash::HashMap<String, usize> =
            countries.iter().enumerate().map(|(i, c)| (c.a2.clone(), i)).collect();
        let city_country = cities
            .iter()
            .map(|city| {
                by_a2.get(&city.country).copied().ok_or_else(|| GazetteerError::Damaged {
                    file: "cities.ron",
                    message: format!("{} is in {}, which is no country of countries.ron", city.name, city.country),
                })
            })
            .collect::<Result<Vec<usize>, _>>()?;
        let tagger = Tagger::new(&countries, &places, &cities, city_country);
        let mut by_name = foldhash::HashMap::default();
        for (i, c) in countries.iter().enumerate() {
            for name in [&c.a3, &c.name].into_iter().chain(&c.aliases) {
                // The first country to have a name keeps it (none is shared: a test says so).
                by_name.entry(name_key(name)).or_insert(i);
            }
        }
        Ok(Self {
            by_name,
            by_a2,
            by_city: cities.iter().enumerate().map(|(i, c)| (c.name.clone(), i)).collect(),
            tagger,
            places: Places {
                cities,
                countries,
                historical: places.historical,
                regions: places.regions,
                actor: places.actor,
            },
        })
    }

    /// The tagger of these places ([`Tagger`]).
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// Tags one piece of text ([`Tagger::tag`]). The tags borrow the gazetteer's codes and
    /// names, so the gazetteer is the embedded one ([`gazetteer`]).
    pub fn tag(&'static self, text: &str) -> Tags {
        self.tagger.tag(self, text)
    }

    /// [`Self::tag`], collecting mentions in `scratch` ([`Tagger::tag_with`]).
    pub fn tag_with(&'static self, text: &str, scratch: &mut TagScratch) -> Tags {
        self.tagger.tag_with(self, text, scratch)
    }

    pub fn country(&self, a2: &str) -> Option<&Country> {
        self.by_a2.get(a2).map(|&i| &self.countries[i])
    }

    /// The country `text` names: its ISO code (alpha-2 or alpha-3), its name or one of its
    /// aliases, in any case, with ’ or ', with or without "the" ("UA", "ukraine", "The
    /// Ukraine", "Côte d’Ivoire", "burma", "UKR").
    pub fn find_country(&self, text: &str) -> Option<&Country> {
        let text = text.trim();
        self.country(&text.to_ascii_uppercase()).or_else(|| {
            let key = name_key(text);
            let i = self.by_name.get(&key).or_else(|| self.by_name.get(key.strip_prefix("the ")?))?;
            self.countries.get(*i)
        })
    }

    pub fn historical(&self, code: &str) -> Option<&Historical> {
        self.historical.iter().find(|h| h.code == code)
    }

    /// A city by its name (the code of a [`Place::City`]).
    pub fn city(&self, name: &str) -> Option<&City> {
        self.by_city.get(name).map(|&i| &self.cities[i])
    }

    /// The display name of a place.
    pub fn place_name<'a>(&'a self, place: &'a Place) -> &'a str {
        match place {
            Place::Country(a2) => self.country(a2).map_or(a2.as_ref(), |c| c.name.as_str()),
            Place::Historical(code) => self.historical(code).map_or(code.as_ref(), |h| h.name.as_str()),
            Place::Region(name) | Place::City(name) => name.as_ref(),
        }
    }

    /// Countries a mention stands for on a map: the country (a city's), or a former state's
    /// successors.
    pub fn map_countries(&self, place: &Place) -> Vec<String> {
        match place {
            Place::Country(a2) => vec![a2.to_string()],
            Place::City(name) => self.city(name).map(|c| vec![c.country.clone()]).unwrap_or_default(),
            Place::Historical(code) => self.historical(code).map(|h| h.successors.clone()).unwrap_or_default(),
            Place::Region(_) => Vec::new(),
        }
    }
}

/// A country's name or code as [`Gazetteer::find_country`] compares it: lower case, one
/// space between words, curly apostrophes straight.
fn name_key(name: &str) -> String {
    let words: Vec<String> = name.split_whitespace().map(|w| w.to_lowercase().replace(['’', '‘'], "'")).collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::tagger::Target;
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_city_and_demonym_belongs_to_a_country_and_no_name_is_given_twice() {
        let g = gazetteer().unwrap();
        assert!(g.cities.len() > 500, "{} cities", g.cities.len());
        assert!(g.countries.iter().filter(|c| !c.demonyms.is_empty()).count() > 200);
        for city in &g.cities {
            assert!(g.country(&city.country).is_some(), "{}", city.name);
            assert_ne!(city.country, g.actor, "{} is a city of the actor", city.name);
        }
        // The same spelling for two places would leave the second unreachable.
        let mut seen = std::collections::BTreeMap::new();
        for p in &g.tagger.patterns {
            let name: String = p.chars.iter().collect();
            let first = *seen.entry(name.clone()).or_insert(p.target);
            assert_eq!(first, p.target, "{name} is given to two places");
        }
        assert!(matches!(
            Gazetteer::from_ron(COUNTRIES_RON, PLACES_RON, "[(name: \"X\", country: \"ZZ\")]"),
            Err(GazetteerError::Damaged { file: "cities.ron", .. })
        ));
    }

    #[test]
    fn a_country_is_found_by_its_code_name_or_alias() {
        let g = gazetteer().unwrap();
        let a2 = |text: &str| g.find_country(text).map(|c| c.a2.as_str());
        assert_eq!(a2("UA"), Some("UA"));
        assert_eq!(a2("ua"), Some("UA"));
        assert_eq!(a2("UKR"), Some("UA"));
        assert_eq!(a2("Ukraine"), Some("UA"));
        assert_eq!(a2(" the  Ukraine "), Some("UA"));
        assert_eq!(a2("Côte d'Ivoire"), Some("CI"));
        assert_eq!(a2("côte d’ivoire"), Some("CI"));
        assert_eq!(a2("Ivory Coast"), Some("CI"));
        assert_eq!(a2("burma"), Some("MM"));
        assert_eq!(a2("The Gambia"), g.find_country("Gambia").map(|c| c.a2.as_str()));
        assert_eq!(a2("UK"), Some("GB"));
        for nothing in ["", "Ukrain", "Soviet Union", "Europe", "ZZ", "the"] {
            assert_eq!(a2(nothing), None, "{nothing:?}");
        }
        // No two countries share a code, name or alias: each finds its own.
        for c in &g.countries {
            for name in [&c.a2, &c.a3, &c.name].into_iter().chain(&c.aliases) {
                assert_eq!(a2(name), Some(c.a2.as_str()), "{name:?}");
            }
        }
    }

    #[test]
    fn each_country_part_of_the_rules_is_a_country_alias() {
        let g = gazetteer().unwrap();
        // Each is found as a country's name, once: a part that is no alias is never matched.
        let parts: Vec<(String, Target)> = g
            .tagger
            .patterns
            .iter()
            .filter(|p| p.venue && !matches!(p.target, Target::City(_)))
            .map(|p| (p.chars.iter().collect(), p.target))
            .collect();
        let gb = Target::Country(g.countries.iter().position(|c| c.a2 == "GB").unwrap());
        let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["England", "Scotland", "Wales", "Northern Ireland"]);
        assert!(parts.iter().all(|(_, target)| *target == gb));
    }

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
