//! Narrowing a document to the entries about a part of the world.

use crate::core::model::{Document, Entry};
use crate::core::places::{Bureau, Gazetteer, M49_REGIONS, Place, RegionBits};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Which division of the world the region toggles use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Scheme {
    /// US State Department regional bureaus (AF, EAP, EUR, NEA, SCA, WHA).
    #[default]
    Bureaus,
    /// UN M49 regions (Africa, Americas, Asia, Europe, Oceania).
    M49,
}

/// The current filter. Empty means every entry. Several choices match any of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegionFilter {
    pub scheme: Scheme,
    /// Bureau codes or M49 region names, by `scheme`.
    pub regions: BTreeSet<String>,
    /// ISO alpha-2 codes.
    pub countries: BTreeSet<String>,
    /// Entries that name no place at all.
    pub no_place: bool,
}

impl RegionFilter {
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty() && self.countries.is_empty() && !self.no_place
    }

    pub fn clear(&mut self) {
        self.regions.clear();
        self.countries.clear();
        self.no_place = false;
    }

    /// Does the entry pass the filter? For many entries, take [`Self::matcher`] once.
    pub fn matches(&self, entry: &Entry) -> bool {
        self.matcher().matches(entry)
    }

    /// The filter made ready to test many entries: the regions chosen become one bit mask.
    pub fn matcher(&self) -> Matcher<'_> {
        let bits = self
            .regions
            .iter()
            .map(|k| match self.scheme {
                Scheme::Bureaus => Bureau::from_code(k).map_or(RegionBits::EMPTY, RegionBits::bureau),
                Scheme::M49 => RegionBits::m49(k),
            })
            .fold(RegionBits::EMPTY, RegionBits::union);
        Matcher { filter: self, everything: self.is_empty(), bits }
    }

    /// Words for the banner: "Africa, Near East, Cuba".
    pub fn describe(&self, g: &Gazetteer) -> String {
        let mut parts: Vec<String> = self.regions.iter().map(|k| region_label(self.scheme, k)).collect();
        parts.extend(self.countries.iter().map(|a2| g.place_name(&Place::Country(a2.clone().into())).to_owned()));
        if self.no_place {
            parts.push(NO_PLACE.to_owned());
        }
        parts.join(", ")
    }
}

/// A [`RegionFilter`] ready to test entries; see [`RegionFilter::matcher`].
#[derive(Debug, Clone, Copy)]
pub struct Matcher<'a> {
    filter: &'a RegionFilter,
    everything: bool,
    bits: RegionBits,
}

impl Matcher<'_> {
    /// Does the entry pass? No allocation and, for regions, no pointer chased: this runs over
    /// every entry when the filter changes.
    pub fn matches(&self, entry: &Entry) -> bool {
        let f = self.filter;
        self.everything
            || entry.tags.region_bits.intersects(self.bits)
            || (f.no_place && entry.tags.regions.is_empty())
            || (!f.countries.is_empty() && entry.tags.map_countries().any(|a2| f.countries.contains(a2.as_ref())))
    }
}

pub const NO_PLACE: &str = "No specific place";

/// The region keys of the scheme, in display order.
pub fn region_keys(scheme: Scheme) -> Vec<String> {
    match scheme {
        Scheme::Bureaus => Bureau::ALL.iter().map(|b| b.code().to_owned()).collect(),
        Scheme::M49 => M49_REGIONS.iter().map(|r| (*r).to_owned()).collect(),
    }
}

/// "Africa (AF)" for a bureau, the name for an M49 region.
pub fn region_label(scheme: Scheme, key: &str) -> String {
    match (scheme, Bureau::from_code(key)) {
        (Scheme::Bureaus, Some(b)) => b.name().to_owned(),
        _ => key.to_owned(),
    }
}

fn entry_region_keys(entry: &Entry, scheme: Scheme) -> Vec<String> {
    match scheme {
        Scheme::Bureaus => entry.tags.regions.iter().map(|b| b.code().to_owned()).collect(),
        Scheme::M49 => entry.tags.m49_regions.iter().map(ToString::to_string).collect(),
    }
}

/// Entries per region key (and `None` for entries naming no place), for the toggles.
pub fn region_counts(doc: &Document, scheme: Scheme) -> BTreeMap<Option<String>, usize> {
    let mut counts = BTreeMap::new();
    for (_, e) in doc.entries() {
        let keys = entry_region_keys(e, scheme);
        if e.tags.regions.is_empty() {
            *counts.entry(None).or_default() += 1;
        }
        for k in keys {
            *counts.entry(Some(k)).or_default() += 1;
        }
    }
    counts
}

/// Entries per country (ISO alpha-2), counting former states for their successors.
pub fn country_counts(doc: &Document) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (_, e) in doc.entries() {
        for a2 in e.tags.map_countries() {
            *counts.entry(a2.to_string()).or_default() += 1;
        }
    }
    counts
}

/// Countries whose name, alias or code starts a word with `query`, those the document
/// names first (most entries first), then the rest alphabetically.
pub fn suggest_countries(query: &str, counts: &BTreeMap<String, usize>, g: &Gazetteer, limit: usize) -> Vec<String> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(std::cmp::Reverse<usize>, String, String)> = g
        .countries
        .iter()
        .filter(|c| c.a2 != g.actor)
        .filter(|c| {
            c.a2.eq_ignore_ascii_case(&q)
                || c.a3.eq_ignore_ascii_case(&q)
                || std::iter::once(&c.name).chain(&c.aliases).any(|n| {
                    let n = n.to_lowercase();
                    n.starts_with(&q) || n.split([' ', '-']).any(|w| w.starts_with(&q))
                })
        })
        .map(|c| (std::cmp::Reverse(counts.get(&c.a2).copied().unwrap_or(0)), c.name.clone(), c.a2.clone()))
        .collect();
    hits.sort();
    hits.into_iter().take(limit).map(|(_, _, a2)| a2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::open::embedded;
    use crate::core::places::gazetteer;

    fn numbers(doc: &Document, f: &RegionFilter) -> Vec<String> {
        doc.entries().filter(|(_, e)| f.matches(e)).map(|(_, e)| e.number.to_string()).collect()
    }

    #[test]
    fn regions_countries_and_no_place() {
        let doc = embedded().unwrap();
        let mut f = RegionFilter::default();
        assert_eq!(numbers(&doc, &f).len(), 37);
        f.regions.insert("SCA".into());
        assert_eq!(numbers(&doc, &f), ["6.4"]);
        f.regions.insert("NEA".into());
        assert_eq!(numbers(&doc, &f), ["1.11", "2.2", "5.4", "6.4"]);
        f.clear();
        f.countries.insert("RS".into());
        // Serbia by name, and the FRY and the former Yugoslavia, whose successor it is.
        assert_eq!(numbers(&doc, &f), ["1.6", "2.2", "3.1", "6.4"]);
        f.clear();
        f.no_place = true;
        assert_eq!(numbers(&doc, &f).len(), 18);
        f.clear();
        f.scheme = Scheme::M49;
        f.regions.insert("Oceania".into());
        assert!(numbers(&doc, &f).is_empty());
        f.regions.insert("Asia".into());
        assert_eq!(numbers(&doc, &f), ["1.8", "1.11", "2.1", "2.2", "5.4", "6.4"]); // 5.4: the Near East spans Asia and Africa
    }

    #[test]
    fn the_bit_mask_agrees_with_the_region_lists() {
        let g = gazetteer().unwrap();
        let doc = crate::core::synth::document(2000, 7, g).unwrap();
        let pick = |scheme, key: &str| {
            let f = RegionFilter { scheme, regions: [key.to_owned()].into(), ..RegionFilter::default() };
            let m = f.matcher();
            doc.entries().filter(|(_, e)| m.matches(e)).map(|(_, e)| e.id.to_string()).collect::<Vec<_>>()
        };
        for b in Bureau::ALL {
            let by_list: Vec<String> =
                doc.entries().filter(|(_, e)| e.tags.regions.contains(&b)).map(|(_, e)| e.id.to_string()).collect();
            assert!(!by_list.is_empty(), "the corpus names places in {b:?}");
            assert_eq!(pick(Scheme::Bureaus, b.code()), by_list, "{b:?}");
        }
        for r in M49_REGIONS {
            let by_list: Vec<String> = doc
                .entries()
                .filter(|(_, e)| e.tags.m49_regions.iter().any(|x| x == r))
                .map(|(_, e)| e.id.to_string())
                .collect();
            assert_eq!(pick(Scheme::M49, r), by_list, "{r}");
        }
        assert!(pick(Scheme::Bureaus, "nowhere").is_empty(), "an unknown key matches nothing");
    }

    #[test]
    fn counts_follow_the_scheme() {
        let doc = embedded().unwrap();
        let b = region_counts(&doc, Scheme::Bureaus);
        assert_eq!(b.get(&Some("WHA".into())), Some(&6));
        assert_eq!(b.get(&None), Some(&18));
        let m = region_counts(&doc, Scheme::M49);
        assert_eq!(m.get(&Some("Americas".into())), Some(&6));
        assert_eq!(m.get(&Some("Europe".into())), Some(&8));
    }

    #[test]
    fn suggestions_prefer_countries_the_document_names() {
        let doc = embedded().unwrap();
        let g = gazetteer().unwrap();
        let counts = country_counts(&doc);
        let s = suggest_countries("su", &counts, g, 5);
        assert_eq!(s.first().map(String::as_str), Some("SD"));
        assert!(s.contains(&"SR".to_owned()));
        assert_eq!(suggest_countries("burma", &counts, g, 5), ["MM"]);
        assert!(!suggest_countries("united st", &counts, g, 5).contains(&"US".to_owned()), "the actor is no filter");
    }
}
