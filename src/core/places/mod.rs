//! Places: which countries, former states and world regions each entry names, with the
//! byte spans of every mention.
//!
//! - `gazetteer`: the embedded gazetteer (`assets/gazetteer/*.ron`), read once, and the
//!   names the tagger looks for;
//! - `tagger`: text → [`Tags`], by the matching rules below, and every entry of a document;
//! - `regions`: State Department bureaus, UN M49 regions, sets of them as bits, and the
//!   per-bureau table of a document.
//!
//! Matching is longest-phrase-first at word boundaries, scanning left to right, so
//! "Niger" never fires inside "Nigeria", "Guinea" never inside "Papua New Guinea", and
//! "New Mexico" (a US state, listed as not a place) hides "Mexico". Capitalised words of
//! a name must be capitalised in the text: "turkey" is a bird, "Turkey" a country.

mod gazetteer;
mod regions;
mod tagger;

pub use gazetteer::{Country, Gazetteer, GazetteerError, Historical, RegionPhrase, gazetteer};
pub use regions::{Bureau, M49_REGIONS, RegionBits, region_table};
pub use tagger::{Code, Mention, Place, TagScratch, Tags};
