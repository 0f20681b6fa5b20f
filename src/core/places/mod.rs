//! Places: which countries, former states and world regions each entry names, with the
//! byte spans of every mention.
//!
//! - `gazetteer`: the embedded gazetteer (`assets/gazetteer/*.ron`: countries with their
//!   demonyms, former states, regional phrases and adjectives, cities, look-alikes and the
//!   rules' word lists), read once, and its places by code and name;
//! - `lists`: the gazetteer's files as read, and the [`Places`] of them;
//! - `tagger`: the [`Tagger`] made with it (every name as it compares them, the index from a
//!   word to the names it may begin, the rules, the regions of every place): text → [`Tags`],
//!   by the matching rules below, and every entry of a document;
//! - `regions`: State Department bureaus, UN M49 regions and sets of them as bits;
//! - `table`: the per-bureau table of a document.
//!
//! Matching is longest-phrase-first at word boundaries, scanning left to right, so
//! "Niger" never fires inside "Nigeria", "Guinea" never inside "Papua New Guinea", and
//! "New Mexico" (a US state, listed as not a place) hides "Mexico". Capitalised words of
//! a name must be capitalised in the text: "turkey" is a bird, "Turkey" a country.
//!
//! Demonyms ("Bolivians") count for their country, regional adjectives ("Latin American")
//! for their region, and capitals and cities of a million people ("Algiers") for their
//! country. A name found is then judged by the words around it (the `Rules` of `tagger`):
//! "Chad Johnson" and "Mr. Jordan" are people, "Guinea worm", "Gulf of Guinea" and "Jersey
//! City" are not the country, "ethnic Albanians" and "Cuban Americans" are peoples, and
//! "Americas Forests" is "America's Forests".

mod gazetteer;
mod lists;
mod regions;
mod table;
mod tagger;

pub use gazetteer::{Gazetteer, GazetteerError, gazetteer};
pub use lists::{City, Country, Historical, Places, RegionPhrase};
pub use regions::{Bureau, M49_REGIONS, RegionBits};
pub use table::region_table;
pub use tagger::{Code, Mention, Place, TagScratch, Tagger, Tags};
