//! The per-bureau table of a document: how many entries name each State Department bureau's
//! region, and the countries of each (for `regions`).

use super::gazetteer::gazetteer;
use super::regions::Bureau;
use crate::core::model::Document;
use std::collections::BTreeMap;

/// Per-bureau summary of a document: entries and the countries named, for `regions`.
pub fn region_table(doc: &Document) -> BTreeMap<Option<Bureau>, (usize, BTreeMap<String, usize>)> {
    let mut table: BTreeMap<Option<Bureau>, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for (_, e) in doc.entries() {
        if e.tags.regions.is_empty() {
            table.entry(None).or_default().0 += 1;
        }
        for b in &e.tags.regions {
            let row = table.entry(Some(*b)).or_default();
            row.0 += 1;
            if let Ok(g) = gazetteer() {
                for a2 in &e.tags.countries {
                    if g.country(a2).is_some_and(|c| c.bureau == *b) {
                        *row.1.entry(a2.to_string()).or_default() += 1;
                    }
                }
            }
        }
    }
    table
}
