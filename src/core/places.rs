//! The gazetteer and the region tagger: which countries, former states and world regions
//! each entry names, with the byte spans of every mention.
//!
//! Matching is longest-phrase-first at word boundaries, scanning left to right, so
//! "Niger" never fires inside "Nigeria", "Guinea" never inside "Papua New Guinea", and
//! "New Mexico" (a US state, listed as not a place) hides "Mexico". Capitalised words of
//! a name must be capitalised in the text: "turkey" is a bird, "Turkey" a country.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

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

/// A code or name in tags: borrowed from the embedded gazetteer when the tagger made it
/// (no allocation per mention), owned when it was read from elsewhere.
pub type Code = Cow<'static, str>;

/// What a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Place {
    /// ISO 3166-1 alpha-2.
    Country(Code),
    /// A former state, by its ISO 3166-3 code.
    Historical(Code),
    /// A regional phrase, by the name of its group.
    Region(Code),
}

/// One place named in an entry: byte offsets into the entry text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub place: Place,
}

/// Room the tagger reuses from one text to the next ([`Gazetteer::tag_with`]).
#[derive(Debug, Default)]
pub struct TagScratch {
    mentions: Vec<Mention>,
    /// What each mention names, as gazetteer indexes.
    targets: Vec<Target>,
}

/// The places of one entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tags {
    /// State Department bureaus, sorted by code.
    pub regions: Vec<Bureau>,
    /// ISO alpha-2 codes of the countries named, in order of first mention.
    pub countries: Vec<Code>,
    /// UN M49 regions, sorted.
    pub m49_regions: Vec<Code>,
    /// Every mention, in text order (for highlighting).
    pub mentions: Vec<Mention>,
    /// `regions` and `m49_regions` as bits, so that the region filter is a plain scan
    /// (derived by the tagger).
    #[serde(skip)]
    pub region_bits: RegionBits,
    /// The successors of the former states named that are not in `countries` (derived by the
    /// tagger); see [`Tags::map_countries`].
    #[serde(skip)]
    pub successors: Vec<Code>,
}

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
    fn m49_at(index: usize) -> Self {
        Self(1 << (8 + index))
    }

    pub fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    pub fn intersects(self, other: Self) -> bool {
        self.0 & other.0 != 0
    }
}

impl Tags {
    pub fn is_empty(&self) -> bool {
        self.mentions.is_empty()
    }

    /// The countries to count and mark on a map: those named, then the successors of the
    /// former states named, without repeats.
    pub fn map_countries(&self) -> impl Iterator<Item = &Code> {
        self.countries.iter().chain(&self.successors)
    }
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Country(usize),
    Historical(usize),
    Region(usize),
    NotAPlace,
}

#[derive(Debug)]
struct Pattern {
    chars: Vec<char>,
    target: Target,
    /// For a name of several words, the first letter (folded) of its second word: a quick
    /// test that turns away most names sharing a first word before they are compared.
    second: Option<char>,
}

impl Pattern {
    fn new(chars: Vec<char>, target: Target) -> Self {
        let first_word = chars.iter().take_while(|c| c.is_alphanumeric()).count();
        let second = (first_word > 0 && chars.get(first_word) == Some(&' '))
            .then(|| chars.get(first_word + 1).copied().map(fold))
            .flatten();
        Self { chars, target, second }
    }
}

#[derive(Debug)]
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub historical: Vec<Historical>,
    pub regions: Vec<RegionPhrase>,
    pub actor: String,
    patterns: Vec<Pattern>,
    /// Lower-cased first word → pattern indexes, longest first.
    by_first_word: foldhash::HashMap<String, Vec<usize>>,
    by_a2: foldhash::HashMap<String, usize>,
    /// First words (folded) of the names that do not start with a capital, sorted.
    lowercase_starts: Vec<String>,
    /// [`Self::by_first_word`] for each of [`Self::lowercase_starts`], in the same order.
    lowercase_candidates: Vec<Vec<usize>>,
    /// Bit `a << 7 | b` is set when a first word (folded) starts with the ASCII bytes `a b`:
    /// a word that starts with two ASCII letters or digits whose pair is not set starts no name.
    ascii_pairs: Box<[u64; 256]>,
    /// The same for the first words of [`Self::lowercase_starts`] only: most words in lower
    /// case are turned away by this one look-up.
    lowercase_pairs: Box<[u64; 256]>,
    /// The regions of each country, former state and regional phrase, in gazetteer order.
    country_regions: Vec<PlaceRegions>,
    historical_regions: Vec<PlaceRegions>,
    region_regions: Vec<PlaceRegions>,
    /// The country of [`Self::actor`], which the tagger does not count.
    actor_country: Option<usize>,
}

/// The regions a place is in, worked out once per gazetteer entry.
#[derive(Debug, Clone, Copy)]
struct PlaceRegions {
    bits: RegionBits,
    /// One of its M49 regions has no bit of its own: the tagger adds it by name.
    other_m49: bool,
}

impl PlaceRegions {
    fn of(bureaus: &[Bureau], m49: &[&str]) -> Self {
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

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("the gazetteer is damaged ({file}): {message}")]
    Damaged { file: &'static str, message: String },
}

const COUNTRIES_RON: &str = include_str!("../../assets/gazetteer/countries.ron");
const PLACES_RON: &str = include_str!("../../assets/gazetteer/places.ron");

/// The embedded gazetteer, loaded once.
pub fn gazetteer() -> Result<&'static Gazetteer, GazetteerError> {
    static G: OnceLock<Result<Gazetteer, String>> = OnceLock::new();
    G.get_or_init(|| Gazetteer::from_ron(COUNTRIES_RON, PLACES_RON).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|message| GazetteerError::Damaged { file: "assets/gazetteer", message: message.clone() })
}

fn fold(c: char) -> char {
    match c {
        '’' | '‘' | 'ʼ' => '\'',
        '‐' | '‑' | '–' => '-',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Is `b` an ASCII letter or digit? A table look-up (one load per byte in the tagger's scan,
/// where `u8::is_ascii_alphanumeric` is three range tests).
fn is_ascii_alnum(b: u8) -> bool {
    crate::core::text::ASCII_WORD_FOLD[usize::from(b)] != 0
}

/// The bit of the pair of ASCII bytes `a b` (either case) in a pair table.
fn pair_bit(a: u8, b: u8) -> usize {
    usize::from(a.to_ascii_lowercase()) << 7 | usize::from(b.to_ascii_lowercase())
}

/// Is the pair `a b` (ASCII, either case) set in `table`?
fn has_pair(table: &[u64; 256], a: u8, b: u8) -> bool {
    let bit = pair_bit(a, b);
    table[bit / 64] & (1 << (bit % 64)) != 0
}

/// How many ASCII letters and digits `bytes` starts with.
fn ascii_word_len(bytes: &[u8]) -> usize {
    bytes.iter().position(|&b| !is_ascii_alnum(b)).unwrap_or(bytes.len())
}

fn first_word_key(s: &str) -> String {
    let mut key = String::new();
    first_word_key_into(s, &mut key);
    key
}

/// [`first_word_key`] into a buffer that is reused, word after word, by the tagger.
fn first_word_key_into(s: &str, key: &mut String) {
    key.clear();
    // Most words are ASCII: lower-case them byte by byte.
    let word_len = ascii_word_len(s.as_bytes());
    if word_len > 0 && s.as_bytes().get(word_len).is_none_or(u8::is_ascii) {
        key.push_str(&s[..word_len]);
        key.make_ascii_lowercase();
        return;
    }
    key.extend(s.chars().skip_while(|c| !c.is_alphanumeric()).take_while(|c| c.is_alphanumeric()).map(fold));
}

impl Gazetteer {
    pub fn from_ron(countries: &str, places: &str) -> Result<Self, GazetteerError> {
        let countries: Vec<Country> = ron::from_str(countries)
            .map_err(|e| GazetteerError::Damaged { file: "countries.ron", message: e.to_string() })?;
        let places: PlacesFile = ron::from_str(places)
            .map_err(|e| GazetteerError::Damaged { file: "places.ron", message: e.to_string() })?;
        let mut patterns = Vec::new();
        for (i, c) in countries.iter().enumerate() {
            for name in std::iter::once(&c.name).chain(&c.aliases) {
                patterns.push((name.clone(), Target::Country(i)));
            }
        }
        for (i, h) in places.historical.iter().enumerate() {
            for name in std::iter::once(&h.name).chain(&h.aliases) {
                patterns.push((name.clone(), Target::Historical(i)));
            }
        }
        for (i, r) in places.regions.iter().enumerate() {
            for p in &r.phrases {
                patterns.push((p.clone(), Target::Region(i)));
            }
        }
        for p in &places.not_places {
            patterns.push((p.clone(), Target::NotAPlace));
        }
        let patterns: Vec<Pattern> = patterns
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
            .collect();
        let mut by_first_word: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            let key = first_word_key(&p.chars.iter().collect::<String>());
            by_first_word.entry(key).or_default().push(i);
        }
        for list in by_first_word.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(patterns[i].chars.len()));
        }
        let by_a2 = countries.iter().enumerate().map(|(i, c)| (c.a2.clone(), i)).collect();
        // A capital in a name must be a capital in the text, so a word starting in lower case
        // can only begin the few names that do not start with a capital ("sub-Saharan").
        let mut lowercase_starts: Vec<String> = patterns
            .iter()
            .filter(|p| p.chars.first().is_some_and(|c| !c.is_uppercase()))
            .map(|p| first_word_key(&p.chars.iter().collect::<String>()))
            .collect();
        lowercase_starts.sort_unstable();
        lowercase_starts.dedup();
        let pair_table = |keys: &mut dyn Iterator<Item = &String>| {
            let mut table = Box::new([0u64; 256]);
            for key in keys {
                if let [a, b, ..] = *key.as_bytes()
                    && a.is_ascii()
                    && b.is_ascii()
                {
                    let bit = pair_bit(a, b);
                    table[bit / 64] |= 1 << (bit % 64);
                }
            }
            table
        };
        let ascii_pairs = pair_table(&mut by_first_word.keys());
        let lowercase_pairs = pair_table(&mut lowercase_starts.iter());
        let lowercase_candidates =
            lowercase_starts.iter().map(|w| by_first_word.get(w).cloned().unwrap_or_default()).collect();
        let country_regions = countries.iter().map(|c| PlaceRegions::of(&[c.bureau], &[&c.region])).collect();
        let historical_regions =
            places.historical.iter().map(|h| PlaceRegions::of(&[h.bureau], &[&h.region])).collect();
        let region_regions = places
            .regions
            .iter()
            .map(|r| PlaceRegions::of(&r.bureaus, &r.m49.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        let actor_country = countries.iter().position(|c| c.a2 == places.actor);
        Ok(Self {
            country_regions,
            historical_regions,
            region_regions,
            actor_country,
            lowercase_starts,
            lowercase_candidates,
            ascii_pairs,
            lowercase_pairs,
            countries,
            historical: places.historical,
            regions: places.regions,
            actor: places.actor,
            patterns,
            by_first_word,
            by_a2,
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

    /// Does `pattern` match `text` at byte offset `at`? Returns the end offset.
    fn match_at(&self, text: &str, at: usize, pattern: &Pattern) -> Option<usize> {
        let mut it = text[at..].char_indices();
        for &p in &pattern.chars {
            let (_, t) = it.next()?;
            if p == t && p != ' ' {
                continue; // the same character: the usual case, no folding needed
            }
            if p == ' ' {
                if !t.is_whitespace() {
                    return None;
                }
                continue;
            }
            if fold(p) != fold(t) || (p.is_uppercase() && !t.is_uppercase()) {
                return None;
            }
        }
        let end = it.next().map_or(text.len(), |(i, _)| at + i);
        let next_is_word = text[end..].chars().next().is_some_and(char::is_alphanumeric);
        let last_is_word = pattern.chars.last().is_some_and(|c| c.is_alphanumeric());
        (!(next_is_word && last_is_word)).then_some(end)
    }

    /// Tags every entry with the places it names. Each entry is independent, so a long
    /// document is tagged on every core; a short one stays on the calling thread (handing
    /// work to the pool and waiting for it costs more than it takes).
    pub fn tag_entries(&'static self, entries: &mut [&mut crate::core::model::Entry]) {
        const MIN_PER_CORE: usize = 2_000;
        let tag = |scratch: &mut TagScratch, entry: &mut &mut crate::core::model::Entry| {
            entry.tags = self.tag_with(&entry.text, scratch);
        };
        if entries.len() <= MIN_PER_CORE {
            let mut scratch = TagScratch::default();
            entries.iter_mut().for_each(|e| tag(&mut scratch, e));
        } else {
            entries.par_iter_mut().with_min_len(MIN_PER_CORE).for_each_init(TagScratch::default, tag);
        }
    }

    /// Tags one piece of text. The tags borrow the gazetteer's codes and names, so the
    /// gazetteer is the embedded one ([`gazetteer`]).
    pub fn tag(&'static self, text: &str) -> Tags {
        self.tag_with(text, &mut TagScratch::default())
    }

    /// [`Self::tag`], collecting mentions in `scratch` (reused from entry to entry), so that
    /// the entry's own list is allocated once, at its final length.
    pub fn tag_with(&'static self, text: &str, scratch: &mut TagScratch) -> Tags {
        let bytes = text.as_bytes();
        scratch.mentions.clear();
        scratch.targets.clear();
        let mut pos = 0;
        let mut prev_is_word = false;
        let mut key = String::new();
        while let Some(&b) = bytes.get(pos) {
            let (c, len, is_word) = if b.is_ascii() {
                (char::from(b), 1, is_ascii_alnum(b))
            } else {
                let Some(c) = text[pos..].chars().next() else {
                    break;
                };
                (c, c.len_utf8(), c.is_alphanumeric())
            };
            // Only a word's first letter can start a name.
            if !is_word || prev_is_word {
                prev_is_word = is_word;
                pos += len;
                continue;
            }
            // The names the word may begin, and the two characters after its first word. A word
            // of ASCII letters and digits followed by ASCII (most words) takes the short way.
            let word_len = ascii_word_len(&bytes[pos..]);
            let lookup = if word_len > 0 && bytes.get(pos + word_len).is_none_or(u8::is_ascii) {
                self.ascii_candidates(&bytes[pos..pos + word_len]).map(|cands| {
                    let gap = bytes.get(pos + word_len).map(|&g| char::from(g));
                    let next = text.get(pos + word_len + 1..).and_then(|t| t.chars().next()).map(fold);
                    (cands, gap, next)
                })
            } else {
                self.general_candidates(text, pos, c, &mut key)
            };
            if let Some((cands, gap, next)) = lookup
                && let Some((end, target)) = {
                    // A name of several words can only match if the character after its first
                    // word is a space and the next folds to its second word's letter
                    // (`match_at` checks both again, with the rules for capitals).
                    let may_match =
                        |p: &Pattern| p.second.is_none_or(|c| gap.is_some_and(char::is_whitespace) && next == Some(c));
                    cands.iter().filter(|&&i| may_match(&self.patterns[i])).find_map(|&i| {
                        self.match_at(text, pos, &self.patterns[i]).map(|end| (end, self.patterns[i].target))
                    })
                }
            {
                if let Some(place) = self.place_of(target) {
                    scratch.mentions.push(Mention { start: pos, end, place });
                    scratch.targets.push(target);
                }
                prev_is_word = text[..end].chars().next_back().is_some_and(char::is_alphanumeric);
                pos = end;
                continue;
            }
            // Not a name: the rest of the word can be passed over at once.
            prev_is_word = true;
            pos += len;
            pos += ascii_word_len(&bytes[pos..]);
        }
        self.summarise(scratch)
    }

    /// The names an ASCII word (letters and digits, followed by ASCII or the end) may begin:
    /// its key is its bytes in lower case, so no key is built for a word that starts no name.
    fn ascii_candidates(&self, word: &[u8]) -> Option<&[usize]> {
        let pair_starts = |table: &[u64; 256]| match *word {
            [a, b, ..] => has_pair(table, a, b),
            _ => true,
        };
        if word.first().is_some_and(u8::is_ascii_lowercase) {
            // Only the few names that start in lower case ("former Soviet Union").
            if !pair_starts(&self.lowercase_pairs) {
                return None;
            }
            let i = self.lowercase_starts.iter().position(|w| w.as_bytes().eq_ignore_ascii_case(word))?;
            return self.lowercase_candidates.get(i).map(Vec::as_slice);
        }
        if !pair_starts(&self.ascii_pairs) {
            return None;
        }
        let mut short = [0u8; 32];
        let long;
        let key = match short.get_mut(..word.len()) {
            Some(key) => {
                key.copy_from_slice(word);
                key.make_ascii_lowercase();
                &*key
            }
            None => {
                long = word.to_ascii_lowercase();
                long.as_slice()
            }
        };
        let key = std::str::from_utf8(key).ok()?;
        self.by_first_word.get(key).map(Vec::as_slice)
    }

    /// [`Self::ascii_candidates`] for any word (`c` is its first character, at `pos`), with the
    /// two characters after its first word; the key is built in `key`.
    fn general_candidates<'g>(
        &'g self,
        text: &str,
        pos: usize,
        c: char,
        key: &mut String,
    ) -> Option<(&'g [usize], Option<char>, Option<char>)> {
        let bytes = text.as_bytes();
        let b = bytes.get(pos).copied()?;
        // A word in lower case can only begin the few names that do (the look-up below is
        // exact; this spares the key for most of them).
        if c.is_lowercase() && !self.lowercase_starts.iter().any(|w| w.starts_with(fold(c))) {
            return None;
        }
        // Two ASCII letters or digits whose pair starts no name: not a name, without a key.
        if b.is_ascii_alphanumeric()
            && let Some(&b1) = bytes.get(pos + 1)
            && b1.is_ascii_alphanumeric()
            && !has_pair(&self.ascii_pairs, b, b1)
        {
            return None;
        }
        first_word_key_into(&text[pos..], key);
        if c.is_lowercase() && self.lowercase_starts.binary_search_by(|w| w.as_str().cmp(key)).is_err() {
            return None;
        }
        let cands = self.by_first_word.get(key.as_str())?;
        let mut after = text[pos..].chars().skip(key.chars().count());
        let (gap, next) = (after.next(), after.next().map(fold));
        Some((cands, gap, next))
    }

    fn place_of(&'static self, target: Target) -> Option<Place> {
        match target {
            Target::Country(i) if Some(i) == self.actor_country => None,
            Target::Country(i) => Some(Place::Country(Cow::Borrowed(&self.countries[i].a2))),
            Target::Historical(i) => Some(Place::Historical(Cow::Borrowed(&self.historical[i].code))),
            Target::Region(i) => Some(Place::Region(Cow::Borrowed(&self.regions[i].name))),
            Target::NotAPlace => None,
        }
    }

    fn summarise(&'static self, scratch: &mut TagScratch) -> Tags {
        let mentions = &mut scratch.mentions;
        if mentions.is_empty() {
            return Tags::default(); // most entries: nothing to allocate
        }
        let mut bits = RegionBits::EMPTY;
        // M49 names without a bit of their own ("Antarctica").
        let mut other_m49: Vec<&'static str> = Vec::new();
        fn add_m49(name: &'static str, bits: &mut RegionBits, others: &mut Vec<&'static str>) {
            match RegionBits::m49(name) {
                RegionBits::EMPTY => others.push(name),
                bit => *bits = bits.union(bit),
            }
        }
        // Each list is allocated once, with room for every mention.
        let mut countries: Vec<Code> = Vec::with_capacity(mentions.len());
        let mut successors: Vec<Code> = Vec::new();
        let add = |list: &mut Vec<Code>, a2: &'static str| {
            if !list.iter().any(|x| x == a2) {
                list.push(Cow::Borrowed(a2));
            }
        };
        // The regions of each place were worked out with the gazetteer; a place in an M49
        // region without a bit of its own adds the region's name.
        for &target in &scratch.targets {
            match target {
                Target::Country(i) => {
                    let (c, regions) = (&self.countries[i], self.country_regions[i]);
                    bits = bits.union(regions.bits);
                    if regions.other_m49 {
                        add_m49(&c.region, &mut bits, &mut other_m49);
                    }
                    add(&mut countries, &c.a2);
                }
                Target::Historical(i) => {
                    let (h, regions) = (&self.historical[i], self.historical_regions[i]);
                    bits = bits.union(regions.bits);
                    if regions.other_m49 {
                        add_m49(&h.region, &mut bits, &mut other_m49);
                    }
                    for a2 in &h.successors {
                        add(&mut successors, a2);
                    }
                }
                Target::Region(i) => {
                    let (r, regions) = (&self.regions[i], self.region_regions[i]);
                    bits = bits.union(regions.bits);
                    if regions.other_m49 {
                        for m in &r.m49 {
                            add_m49(m, &mut bits, &mut other_m49);
                        }
                    }
                }
                Target::NotAPlace => {}
            }
        }
        let mut m49_regions: Vec<Code> = Vec::with_capacity(M49_REGIONS.len() + other_m49.len());
        m49_regions.extend(
            M49_REGIONS
                .iter()
                .enumerate()
                .filter(|&(i, _)| bits.intersects(RegionBits::m49_at(i)))
                .map(|(_, r)| r)
                .chain(other_m49.iter())
                .map(|r| Cow::Borrowed(*r)),
        );
        m49_regions.sort_unstable();
        m49_regions.dedup();
        successors.retain(|a2| !countries.contains(a2));
        // Moved into a list of exactly their number; the scratch list keeps its room.
        let mut own_mentions = Vec::with_capacity(mentions.len());
        own_mentions.append(mentions);
        Tags {
            // `Bureau::ALL` is in code order.
            regions: Bureau::ALL.into_iter().filter(|b| bits.intersects(RegionBits::bureau(*b))).collect(),
            countries,
            m49_regions,
            mentions: own_mentions,
            region_bits: bits,
            successors,
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

/// Per-bureau summary of a document: entries and the countries named, for `regions`.
pub fn region_table(doc: &crate::core::Document) -> BTreeMap<Option<Bureau>, (usize, BTreeMap<String, usize>)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn codes(text: &str) -> (Vec<String>, Vec<&'static str>) {
        let t = gazetteer().unwrap().tag(text);
        (t.countries.iter().map(ToString::to_string).collect(), t.regions.iter().map(|b| b.code()).collect())
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

    #[test]
    fn longest_phrase_first_at_word_boundaries() {
        assert_eq!(codes("Aid to Nigeria and Niger.").0, ["NG", "NE"]);
        assert_eq!(codes("Guinea-Bissau, Papua New Guinea, Equatorial Guinea and Guinea").0, ["GW", "PG", "GQ", "GN"]);
        assert_eq!(codes("the Dominican Republic and Dominica").0, ["DO", "DM"]);
        assert_eq!(codes("People's Republic of China").0, ["CN"]);
        assert_eq!(codes("the Central African Republic").0, ["CF"]);
        assert_eq!(codes("South Africa's election").0, ["ZA"]);
    }

    #[test]
    fn look_alikes_are_not_countries() {
        assert_eq!(codes("a conference in New Mexico"), (vec![], vec![]));
        assert_eq!(codes("a meeting in Atlanta, Georgia"), (vec![], vec![]));
        assert_eq!(codes("talks in Tbilisi, Georgia").0, ["GE"]);
        assert_eq!(codes("the return of ethnic Albanians to Kosovo").0, ["XK"]);
        assert_eq!(codes("the Commission in Geneva"), (vec![], vec![]));
        assert_eq!(codes("roast turkey and a chad"), (vec![], vec![]));
        assert_eq!(codes("the United States and the U.S. Agency for International Development"), (vec![], vec![]));
        assert_eq!(codes("Iranian and Haitian groups"), (vec![], vec![]));
    }

    #[test]
    fn historical_names_and_regional_phrases() {
        assert_eq!(
            codes("Burma, East Timor, Zaire, Ivory Coast, Swaziland and Macedonia").0,
            ["MM", "TL", "CD", "CI", "SZ", "MK"]
        );
        assert_eq!(codes("the former Soviet Union").1, ["EUR"]);
        assert_eq!(codes("the Former Yugoslavia and Czechoslovakia").1, ["EUR"]);
        assert_eq!(codes("democratic forces in the FRY").1, ["EUR"]);
        assert_eq!(codes("our hemisphere").1, ["WHA"]);
        assert_eq!(codes("the Americas and the hemisphere").1, ["WHA"]);
        assert!(codes("the southern hemisphere").1.is_empty());
        assert_eq!(codes("sub-Saharan Africa and the Near East").1, ["AF", "NEA"]);
        assert_eq!(codes("the Korean Peninsula and South Asia").1, ["EAP", "SCA"]);
        assert_eq!(codes("the Balkans, the Caucasus, the Baltic states").1, ["EUR"]);
        assert_eq!(codes("Central and Eastern Europe").1, ["EUR"]);
        assert_eq!(codes("North Africa").1, ["NEA"]);
    }

    #[test]
    fn successors_and_m49_regions_follow_the_places_named() {
        let g = gazetteer().unwrap();
        let t = g.tag("Russia, the former Soviet Union, Yugoslavia and the former Yugoslavia.");
        let (su, yu) = (g.historical("SUHH").unwrap(), g.historical("YUCS").unwrap());
        let mut expected: Vec<&str> = Vec::new();
        for a2 in su.successors.iter().chain(&yu.successors) {
            if a2 != "RU" && !expected.contains(&a2.as_str()) {
                expected.push(a2);
            }
        }
        assert!(expected.len() > 10, "{expected:?}");
        assert_eq!(t.countries, ["RU"]);
        assert_eq!(t.successors, expected);
        assert_eq!(t.map_countries().count(), 1 + expected.len());
        assert_eq!(t.m49_regions, ["Europe"]);
        // A region without a bit of its own is listed too, sorted with the others.
        let t = g.tag("Antarctica, Kenya and Peru");
        assert_eq!(t.m49_regions, ["Africa", "Americas", "Antarctica"]);
        assert!(t.region_bits.intersects(RegionBits::m49("Africa")));
    }

    #[test]
    fn mention_spans_point_at_the_names() {
        let text = "Pressed Indonesia; East Timor’s transition.";
        let t = gazetteer().unwrap().tag(text);
        let names: Vec<&str> = t.mentions.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(names, ["Indonesia", "East Timor"]);
    }

    #[test]
    fn ascii_words_take_the_short_way_to_the_same_names() {
        let g = gazetteer().unwrap();
        // Every word of the seed record and of the gazetteer's own names, and words that
        // only look like them: the short way gives the names and following characters the
        // general way gives.
        let long = "Supercalifragilisticexpialidociousnessly Bolivia";
        let names: Vec<String> = g.patterns.iter().map(|p| p.chars.iter().collect()).collect();
        let mut texts = vec![crate::core::open::EMBEDDED_TEXT.to_owned(), long.to_owned()];
        texts.push(names.join(". "));
        texts.push(names.iter().map(|n| n.to_uppercase()).collect::<Vec<_>>().join(", "));
        texts.push(names.iter().map(|n| n.to_lowercase()).collect::<Vec<_>>().join(" ; "));
        let (mut key, mut checked) = (String::new(), 0);
        for text in &texts {
            let bytes = text.as_bytes();
            for (pos, c) in text.char_indices() {
                let starts_word =
                    c.is_alphanumeric() && !text[..pos].chars().next_back().is_some_and(char::is_alphanumeric);
                let word_len = ascii_word_len(&bytes[pos..]);
                if !starts_word || word_len == 0 || !bytes.get(pos + word_len).is_none_or(u8::is_ascii) {
                    continue;
                }
                let general = g.general_candidates(text, pos, c, &mut key);
                let short = g.ascii_candidates(&bytes[pos..pos + word_len]);
                assert_eq!(short, general.map(|(cands, _, _)| cands), "at {pos} in {:?}", &text[pos..]);
                if let Some((_, gap, next)) = general {
                    assert_eq!(gap, bytes.get(pos + word_len).map(|&b| char::from(b)));
                    assert_eq!(next, text.get(pos + word_len + 1..).and_then(|t| t.chars().next()).map(fold));
                }
                checked += usize::from(short.is_some());
            }
        }
        assert!(checked > 500, "only {checked} words began a name");
        // Both ways are taken in one text, and find the same names.
        let t = g.tag("Kenya's and Kenya’s elections; the hemisphere and the\u{a0}hemisphere.");
        let named: Vec<&str> = t.mentions.iter().map(|m| g.place_name(&m.place)).collect();
        assert_eq!(named, ["Kenya", "Kenya", "Western Hemisphere", "Western Hemisphere"]);
    }
}
