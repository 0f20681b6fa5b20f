//! World regions: the State Department's regional bureaus, the UN M49 regions, sets of them
//! as bits (what the region filter tests) and the regions of each place.

use serde::{Deserialize, Serialize};

/// US State Department regional bureaus, in the order their codes sort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Bureau {
    AF,
    EAP,
    EUR,
    NEA,
    SCA,
    WHA,
}

impl Bureau {
    pub const ALL: [Bureau; 6] = [Bureau::AF, Bureau::EAP, Bureau::EUR, Bureau::NEA, Bureau::SCA, Bureau::WHA];

    pub fn code(self) -> &'static str {
        match self {
            Bureau::AF => "AF",
            Bureau::EAP => "EAP",
            Bureau::EUR => "EUR",
            Bureau::NEA => "NEA",
            Bureau::SCA => "SCA",
            Bureau::WHA => "WHA",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bureau::AF => "Africa",
            Bureau::EAP => "East Asia and Pacific",
            Bureau::EUR => "Europe and Eurasia",
            Bureau::NEA => "Near East",
            Bureau::SCA => "South and Central Asia",
            Bureau::WHA => "Western Hemisphere",
        }
    }

    pub fn from_code(code: &str) -> Option<Bureau> {
        Self::ALL.into_iter().find(|b| b.code().eq_ignore_ascii_case(code))
    }
}

/// The UN M49 top-level regions.
pub const M49_REGIONS: [&str; 5] = ["Africa", "Americas", "Asia", "Europe", "Oceania"];

/// A set of regions as bits: bureaus in [`Bureau::ALL`] order from bit 0, M49 regions in
/// [`M49_REGIONS`] order from bit 8.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RegionBits(u16);

impl RegionBits {
    pub const EMPTY: Self = Self(0);

    pub fn bureau(b: Bureau) -> Self {
        Self(1 << (b as u16))
    }

    /// The bit of an M49 region name; empty for a name that is not one.
    pub fn m49(name: &str) -> Self {
        M49_REGIONS.iter().position(|r| *r == name).map_or(Self::EMPTY, |i| Self(1 << (8 + i)))
    }

    /// The bit of the M49 region at `index` in [`M49_REGIONS`].
    pub(super) fn m49_at(index: usize) -> Self {
        Self(1 << (8 + index))
    }

    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
}

/// The regions a place is in, worked out once per gazetteer entry.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlaceRegions {
    pub(super) bits: RegionBits,
    /// One of its M49 regions has no bit of its own: the tagger adds it by name.
    pub(super) other_m49: bool,
}

impl PlaceRegions {
    pub(super) fn of(bureaus: &[Bureau], m49: &[&str]) -> Self {
        let mut bits = RegionBits::EMPTY;
        for b in bureaus {
            bits = bits.union(RegionBits::bureau(*b));
        }
        let mut other_m49 = false;
        for name in m49 {
            match RegionBits::m49(name) {
                RegionBits::EMPTY => other_m49 = true,
                bit => bits = bits.union(bit),
            }
        }
        Self { bits, other_m49 }
    }
}
