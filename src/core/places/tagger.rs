//! The region tagger: the places a text names, with the byte span of each mention, found by
//! the matching rules of [`crate::core::places`]; and every entry of a document tagged, on
//! every core.

use super::lists::{City, Country, Places, PlacesFile};
use super::regions::{Bureau, M49_REGIONS, PlaceRegions, RegionBits};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
    /// A capital or a large city, by its name: it counts for its country.
    City(Code),
}

/// One place named in an entry: byte offsets into the entry text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub place: Place,
}

/// Room the tagger reuses from one text to the next ([`Gazetteer::tag_with`](super::Gazetteer::tag_with)).
#[derive(Debug, Default)]
pub struct TagScratch {
    mentions: Vec<Mention>,
    /// What each mention names, as gazetteer indexes.
    targets: Vec<Target>,
    /// The mentions (indexes) that are demonyms in institutions' names ("the French
    /// Development Agency"): kept only where the country is named otherwise.
    in_institutions: Vec<usize>,
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

/// What a name in the gazetteer stands for: an index into its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Country(usize),
    Historical(usize),
    Region(usize),
    City(usize),
    NotAPlace,
}

/// The tagger: every name of the gazetteer's places as it compares them, the index from a
/// word to the names it may begin, the rules' word lists, and the regions of every place.
/// Made once with its gazetteer ([`Gazetteer::tagger`](super::Gazetteer::tagger)), whose places' codes and names the
/// tags it gives borrow.
#[derive(Debug)]
pub struct Tagger {
    /// Every name, as the tagger compares it, in gazetteer order.
    pub(super) patterns: Vec<Pattern>,
    /// From a word to the names it may begin.
    names: NameIndex,
    /// The word lists of the rules that tell a name from the same word used otherwise.
    rules: Rules,
    /// The country of each city, as an index into the gazetteer's countries.
    city_country: Vec<usize>,
    /// The regions of each country, former state and regional phrase, in gazetteer order.
    country_regions: Vec<PlaceRegions>,
    historical_regions: Vec<PlaceRegions>,
    region_regions: Vec<PlaceRegions>,
    /// The country of the gazetteer's actor, which the tagger does not count.
    actor_country: Option<usize>,
}

impl Tagger {
    /// The tagger of these places; `city_country`: the country of each city, by index.
    pub(super) fn new(countries: &[Country], places: &PlacesFile, cities: &[City], city_country: Vec<usize>) -> Self {
        let rules = Rules::new(&places.rules);
        let patterns = patterns(countries, places, cities, &rules);
        let region_regions = places
            .regions
            .iter()
            .map(|r| PlaceRegions::of(&r.bureaus, &r.m49.iter().map(String::as_str).collect::<Vec<_>>()))
            .collect();
        Self {
            names: NameIndex::new(&patterns),
            patterns,
            rules,
            city_country,
            country_regions: countries.iter().map(|c| PlaceRegions::of(&[c.bureau], &[&c.region])).collect(),
            historical_regions: places.historical.iter().map(|h| PlaceRegions::of(&[h.bureau], &[&h.region])).collect(),
            region_regions,
            actor_country: countries.iter().position(|c| c.a2 == places.actor),
        }
    }
}

/// Every name of every place, and the look-alikes, in gazetteer order: countries (name and
/// aliases, then demonyms), former states (the same), regional phrases and adjectives,
/// cities, not-places. Demonyms and regional adjectives are marked as such.
fn patterns(countries: &[Country], places: &PlacesFile, cities: &[City], rules: &Rules) -> Vec<Pattern> {
    let mut names: Vec<(&String, Target, bool)> = Vec::new();
    for (i, c) in countries.iter().enumerate() {
        names.extend(std::iter::once(&c.name).chain(&c.aliases).map(|name| (name, Target::Country(i), false)));
        names.extend(c.demonyms.iter().map(|name| (name, Target::Country(i), true)));
    }
    for (i, h) in places.historical.iter().enumerate() {
        names.extend(std::iter::once(&h.name).chain(&h.aliases).map(|name| (name, Target::Historical(i), false)));
        names.extend(h.demonyms.iter().map(|name| (name, Target::Historical(i), true)));
    }
    for (i, r) in places.regions.iter().enumerate() {
        names.extend(r.phrases.iter().map(|phrase| (phrase, Target::Region(i), false)));
        names.extend(r.adjectives.iter().map(|adjective| (adjective, Target::Region(i), true)));
    }
    for (i, c) in cities.iter().enumerate() {
        names.extend(std::iter::once(&c.name).chain(&c.aliases).map(|name| (name, Target::City(i), false)));
    }
    names.extend(places.not_places.iter().map(|phrase| (phrase, Target::NotAPlace, false)));
    names
        .into_iter()
        .map(|(text, target, demonym)| {
            // A leading "the" before a proper name is optional in the text ("the Americas"
            // and "Americas"); before a common noun it is part of the phrase ("the hemisphere").
            let chars = match text.strip_prefix("the ") {
                Some(rest) if rest.starts_with(char::is_uppercase) => rest.chars().collect(),
                _ => text.chars().collect(),
            };
            // A city, or a part of a country ("Wales"), may name where something was made or held.
            let venue = matches!(target, Target::City(_)) || rules.is_country_part(text);
            Pattern::new(chars, target, demonym, rules.is_given_name(text), venue)
        })
        .collect()
}

/// A name as the tagger compares it (a leading "the" before a proper name left out).
#[derive(Debug)]
pub(super) struct Pattern {
    pub(super) chars: Vec<char>,
    pub(super) target: Target,
    /// For a name of several words, the first letter (folded) of its second word: a quick
    /// test that turns away most names sharing a first word before they are compared.
    second: Option<char>,
    /// A demonym or a regional adjective ("Bolivians", "African"): the rules for peoples
    /// apply to it.
    demonym: bool,
    /// Also a given name ("Chad", "Jordan"): the rule for people's names applies to it.
    given_name: bool,
    /// A name of three letters or fewer, not all in capitals ("Aba", "Lao"): written in
    /// capitals in the text it is an acronym ("ABA"), not the place.
    short: bool,
    /// A city or a part of a country ("Wales"): things are named after it as after the place
    /// where they were made or held ("Kyoto Protocol", "Wales Summit").
    pub(super) venue: bool,
}

impl Pattern {
    pub(super) fn new(chars: Vec<char>, target: Target, demonym: bool, given_name: bool, venue: bool) -> Self {
        let first_word = chars.iter().take_while(|c| c.is_alphanumeric()).count();
        let second = (first_word > 0 && chars.get(first_word) == Some(&' '))
            .then(|| chars.get(first_word + 1).copied().map(fold))
            .flatten();
        let short =
            chars.iter().all(|c| c.is_alphanumeric()) && chars.len() <= 3 && chars.iter().any(|c| c.is_lowercase());
        Self { chars, target, second, demonym, given_name, short, venue }
    }
}

/// The words the rules look for around a name, each with what it is (`RULE_*` bits), by
/// its spelling in the text: a word before or after a name is looked up once.
///
/// The rules, each general (see `places.ron`, `rules`, for the lists):
/// - a title before a name makes it a person's ("Mr. Jordan", "Senator Chad");
/// - a name that is also a given name, followed by a capitalised word that is neither a place
///   word nor the start of a name, is a person's ("Chad Johnson", but "Chad Basin");
/// - a name right after the start of another place's name ("New Jersey", "Gulf of Guinea") or
///   right before "City" ("Jersey City": a city in the gazetteer, "Kuwait City", is matched
///   whole first), or followed by a noun that makes it a thing ("Guinea worm"), is not the place;
/// - a demonym after "ethnic", or before "American" or "speaking" ("Cuban Americans",
///   "Spanish-speaking"), is a people or a language, not the country;
/// - a city or a part of a country before a word like "Protocol", "Club", "Policy" or "Summit",
///   or before a name of capitalised words (and "of", "for" …) that holds one, names an
///   agreement, a group, a policy or a meeting after the place where it was made or held
///   ("Kyoto Protocol", "Paris Club", "Mexico City Policy", "the Tokyo Nutrition for Growth
///   Summit", "the Wales Defense Investment Pledge"); joined by a hyphen to a word like
///   "aligned", it speaks of its agreement ("Paris-aligned");
/// - a demonym opening such a name that holds a word like "Agency" or "Bank" names an
///   institution ("the French Development Agency"), which counts for its country only where
///   the text names the country otherwise;
/// - a name ending in "s" followed by a capitalised word that is not a place is read as the
///   possessive of the name without the "s" when that is a name: the apostrophe was lost
///   ("Americas Forests" for "America's Forests", the actor's, not the Western Hemisphere);
/// - and, not from a list: a name of three letters or fewer written in capitals is an acronym
///   ("ABA" is not Aba).
#[derive(Debug)]
pub(super) struct Rules {
    words: foldhash::HashMap<String, u16>,
    /// The phrases before a name that make it part of another place's ("New", "Gulf of"):
    /// looked at only when the word before the name is the last word of one of them.
    before_phrases: Vec<String>,
    given_names: foldhash::HashSet<String>,
    country_parts: foldhash::HashSet<String>,
}

const RULE_TITLE: u16 = 1;
const RULE_PLACE_WORD: u16 = 1 << 1;
const RULE_COMPOUND: u16 = 1 << 2;
/// The last word of an `other_place_before` phrase: the whole phrase is checked.
const RULE_OTHER_BEFORE: u16 = 1 << 3;
const RULE_OTHER_AFTER: u16 = 1 << 4;
const RULE_PEOPLE_BEFORE: u16 = 1 << 5;
const RULE_PEOPLE_AFTER: u16 = 1 << 6;
const RULE_INSTRUMENT: u16 = 1 << 7;
const RULE_CONNECTOR: u16 = 1 << 8;
const RULE_INSTRUMENT_ADJECTIVE: u16 = 1 << 9;
const RULE_INSTITUTION: u16 = 1 << 10;

/// The most words after a place's name that are read as the rest of a name made from it
/// ("Nutrition for Growth Summit"): names are short, and this bounds the look.
const MAX_NAME_WORDS: usize = 6;

impl Rules {
    pub(super) fn new(lists: &super::lists::RuleWords) -> Self {
        let mut words: foldhash::HashMap<String, u16> = foldhash::HashMap::default();
        let mut add = |word: &str, bit: u16, any_case: bool| {
            *words.entry(word.to_owned()).or_default() |= bit;
            if any_case {
                // As written in the list, in lower case, capitalised, and in capitals.
                let lower = word.to_lowercase();
                let mut capital: String = lower.chars().take(1).flat_map(char::to_uppercase).collect();
                capital.extend(lower.chars().skip(1));
                for w in [lower.clone(), capital, word.to_uppercase()] {
                    *words.entry(w).or_default() |= bit;
                }
            }
        };
        for (list, bit, any_case) in [
            (&lists.titles, RULE_TITLE, false),
            (&lists.place_words, RULE_PLACE_WORD, false),
            (&lists.compound_nouns, RULE_COMPOUND, true),
            (&lists.other_place_after, RULE_OTHER_AFTER, false),
            (&lists.people_before, RULE_PEOPLE_BEFORE, true),
            (&lists.people_after, RULE_PEOPLE_AFTER, true),
            (&lists.instrument_words, RULE_INSTRUMENT, false),
            (&lists.name_connectors, RULE_CONNECTOR, false),
            (&lists.instrument_adjectives, RULE_INSTRUMENT_ADJECTIVE, true),
            (&lists.institution_words, RULE_INSTITUTION, false),
        ] {
            for word in list {
                add(word, bit, any_case);
            }
        }
        for phrase in &lists.other_place_before {
            if let Some(last) = phrase.split_whitespace().next_back() {
                add(last, RULE_OTHER_BEFORE, false);
            }
        }
        Self {
            words,
            before_phrases: lists.other_place_before.clone(),
            given_names: lists.given_names.iter().cloned().collect(),
            country_parts: lists.country_parts.iter().cloned().collect(),
        }
    }

    pub(super) fn is_given_name(&self, name: &str) -> bool {
        self.given_names.contains(name)
    }

    pub(super) fn is_country_part(&self, name: &str) -> bool {
        self.country_parts.contains(name)
    }

    /// Does the name of capitalised words that starts right after byte `end` (after spaces:
    /// "Nutrition for Growth Summit", "Leaders’ Declaration") hold a word with `bit`? It ends
    /// at a word in lower case that is no connector, at punctuation, or after
    /// [`MAX_NAME_WORDS`] words.
    fn name_after_holds(&self, text: &str, mut end: usize, bit: u16) -> bool {
        for _ in 0..MAX_NAME_WORDS {
            let Some((at, word)) = word_after(text, end, false) else {
                return false;
            };
            let bits = self.bits(word);
            if bits & bit != 0 {
                return true;
            }
            if bits & RULE_CONNECTOR == 0 && !word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
                return false;
            }
            end = at + word.len();
            // A possessive's ending is part of the word: "Leaders’ Declaration".
            let rest = &text[end..];
            for ending in ["’s", "'s", "’", "'"] {
                if rest.starts_with(ending) {
                    end += ending.len();
                    break;
                }
            }
        }
        false
    }

    fn bits(&self, word: &str) -> u16 {
        self.words.get(word).copied().unwrap_or(0)
    }
}

/// The word before byte `start`, across spaces (at least one): its characters up to the
/// space before it, so "Mr." keeps its stop. With the offset it starts at.
fn word_before(text: &str, start: usize) -> Option<(usize, &str)> {
    let before = text.get(..start)?;
    let bytes = before.as_bytes();
    // Most text is ASCII: walk back byte by byte while it is.
    let spaces = bytes.iter().rev().take_while(|b| b.is_ascii_whitespace()).count();
    let word_len = bytes[..bytes.len() - spaces].iter().rev().take_while(|b| b.is_ascii_graphic()).count();
    let from = bytes.len() - spaces - word_len;
    if spaces == 0 || !(from == 0 || bytes[from - 1].is_ascii_whitespace()) {
        return word_before_general(before);
    }
    let word = before[from..before.len() - spaces].trim_start_matches(|c: char| !c.is_alphanumeric());
    (!word.is_empty()).then(|| (before.len() - spaces - word.len(), word))
}

/// [`word_before`] for text that is not ASCII around the word.
fn word_before_general(before: &str) -> Option<(usize, &str)> {
    let trimmed = before.trim_end_matches(char::is_whitespace);
    if trimmed.len() == before.len() {
        return None;
    }
    let from =
        trimmed.rfind(char::is_whitespace).map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
    let word = trimmed[from..].trim_start_matches(|c: char| !c.is_alphanumeric());
    (!word.is_empty()).then(|| (trimmed.len() - word.len(), word))
}

/// The word after byte `end`, across spaces (at least one) or, with `hyphen`, one hyphen:
/// its letters and digits, with the offset it starts at.
fn word_after(text: &str, end: usize, hyphen: bool) -> Option<(usize, &str)> {
    let after = text.get(end..)?;
    let spaces = after.bytes().take_while(u8::is_ascii_whitespace).count();
    let rest = match after.as_bytes().get(spaces) {
        // Most text is ASCII: the spaces are, and so is what follows them.
        Some(b) if spaces > 0 && b.is_ascii() => &after[spaces..],
        _ => {
            let rest = after.trim_start_matches(char::is_whitespace);
            if rest.len() == after.len() {
                if !hyphen {
                    return None;
                }
                rest.strip_prefix(['-', '‐', '‑'])?
            } else {
                rest
            }
        }
    };
    let ascii = ascii_word_len(rest.as_bytes());
    let len = if rest.as_bytes().get(ascii).is_none_or(u8::is_ascii) {
        ascii
    } else {
        rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len())
    };
    let start = text.len() - rest.len();
    (len > 0).then(|| (start, &rest[..len]))
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

/// From a word to the names it may begin: the tagger's look-ups, built with the gazetteer.
/// Most words begin no name, and most of those are turned away by one look-up in a table of
/// the pairs of letters names begin with, before any key is built.
///
/// Measured against an Aho–Corasick automaton over all the names (`aho-corasick` 1.1,
/// leftmost-longest, ASCII case-insensitive, text with other characters to fold searched
/// folded, each match checked by `match_at` and at word starts, shorter names tried when a
/// match fails): the same tags on every test and record, but slower. Tagging the 100k-entry
/// record on one core took 88–91 ms (contiguous NFA, the crate's choice) or 84–96 ms (DFA)
/// against 64–72 ms here, and `open_ms_large` (release, NFA, 5 alternated runs on a loaded
/// machine) was 222–270 (median 244) against 202–239 (median 223) ms; the automaton also
/// took 2 ms (NFA) or 8 ms (DFA) more to build at start-up. It steps through every byte;
/// these look-ups skip most words whole.
#[derive(Debug)]
pub(super) struct NameIndex {
    /// Lower-cased first word → pattern indexes, longest first.
    by_first_word: foldhash::HashMap<String, Vec<usize>>,
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
}

impl NameIndex {
    pub(super) fn new(patterns: &[Pattern]) -> Self {
        let mut by_first_word: foldhash::HashMap<String, Vec<usize>> = foldhash::HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            let key = first_word_key(&p.chars.iter().collect::<String>());
            by_first_word.entry(key).or_default().push(i);
        }
        for list in by_first_word.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(patterns[i].chars.len()));
        }
        // A capital in a name must be a capital in the text, so a word starting in lower case
        // can only begin the few names that do not start with a capital ("sub-Saharan").
        let mut lowercase_starts: Vec<String> = patterns
            .iter()
            .filter(|p| p.chars.first().is_some_and(|c| !c.is_uppercase()))
            .map(|p| first_word_key(&p.chars.iter().collect::<String>()))
            .collect();
        lowercase_starts.sort_unstable();
        lowercase_starts.dedup();
        let lowercase_candidates =
            lowercase_starts.iter().map(|w| by_first_word.get(w).cloned().unwrap_or_default()).collect();
        Self {
            ascii_pairs: pair_table(by_first_word.keys()),
            lowercase_pairs: pair_table(lowercase_starts.iter()),
            by_first_word,
            lowercase_starts,
            lowercase_candidates,
        }
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
}

/// The table of the pairs of ASCII bytes that `keys` start with (see [`NameIndex::ascii_pairs`]).
fn pair_table<'k>(keys: impl Iterator<Item = &'k String>) -> Box<[u64; 256]> {
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
}

impl Tagger {
    /// Does `pattern` match `text` at byte offset `at`? Returns the end offset.
    fn match_at(text: &str, at: usize, pattern: &Pattern) -> Option<usize> {
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

    /// Tags one piece of text. The tags borrow the codes and names of `g`, the gazetteer this
    /// tagger was made with.
    pub fn tag(&self, g: &'static Places, text: &str) -> Tags {
        self.tag_with(g, text, &mut TagScratch::default())
    }

    /// [`Self::tag`], collecting mentions in `scratch` (reused from entry to entry), so that
    /// the entry's own list is allocated once, at its final length.
    pub fn tag_with(&self, g: &'static Places, text: &str, scratch: &mut TagScratch) -> Tags {
        let bytes = text.as_bytes();
        scratch.mentions.clear();
        scratch.targets.clear();
        scratch.in_institutions.clear();
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
            if let Some((end, i)) = self.name_at(text, pos, c, &mut key) {
                let pattern = &self.patterns[i];
                let target = self.judge(text, pos, end, pattern, &mut key);
                if let Some(place) = self.place_of(g, target) {
                    if pattern.demonym
                        && matches!(target, Target::Country(_))
                        && text[end..].starts_with(char::is_whitespace)
                        && self.rules.name_after_holds(text, end, RULE_INSTITUTION)
                    {
                        scratch.in_institutions.push(scratch.mentions.len());
                    }
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
        if !scratch.in_institutions.is_empty() {
            self.drop_institutions_of_countries_not_named(scratch);
        }
        self.summarise(g, scratch)
    }

    /// Drops the demonyms in institutions' names whose country no other mention names (a
    /// country by its name or a demonym, or one of its cities). Only texts with such a
    /// demonym come here, and their mentions are few.
    fn drop_institutions_of_countries_not_named(&self, scratch: &mut TagScratch) {
        let country = |target: Target| match target {
            Target::Country(i) => Some(i),
            Target::City(i) => self.city_country.get(i).copied(),
            _ => None,
        };
        let institutions = &scratch.in_institutions;
        let named_otherwise = |at: usize| {
            let of = country(scratch.targets[at]);
            scratch.targets.iter().enumerate().any(|(j, &t)| !institutions.contains(&j) && country(t) == of)
        };
        let keep: Vec<bool> =
            (0..scratch.mentions.len()).map(|at| !institutions.contains(&at) || named_otherwise(at)).collect();
        let mut kept = keep.iter();
        scratch.mentions.retain(|_| kept.next().copied().unwrap_or(true));
        let mut kept = keep.iter();
        scratch.targets.retain(|_| kept.next().copied().unwrap_or(true));
    }

    /// The longest name that starts at byte `pos` of `text` (a word's first character, `c`):
    /// its end and its pattern. `key` is room for the look-up.
    fn name_at(&self, text: &str, pos: usize, c: char, key: &mut String) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        // The names the word may begin, and the two characters after its first word. A word
        // of ASCII letters and digits followed by ASCII (most words) takes the short way.
        let word_len = ascii_word_len(&bytes[pos..]);
        let (cands, gap, next) = if word_len > 0 && bytes.get(pos + word_len).is_none_or(u8::is_ascii) {
            let cands = self.names.ascii_candidates(&bytes[pos..pos + word_len])?;
            let gap = bytes.get(pos + word_len).map(|&g| char::from(g));
            let next = text.get(pos + word_len + 1..).and_then(|t| t.chars().next()).map(fold);
            (cands, gap, next)
        } else {
            self.names.general_candidates(text, pos, c, key)?
        };
        // A name of several words can only match if the character after its first word is a
        // space and the next folds to its second word's letter (`match_at` checks both again,
        // with the rules for capitals).
        let may_match = |p: &Pattern| p.second.is_none_or(|c| gap.is_some_and(char::is_whitespace) && next == Some(c));
        cands
            .iter()
            .filter(|&&i| may_match(&self.patterns[i]))
            .find_map(|&i| Self::match_at(text, pos, &self.patterns[i]).map(|end| (end, i)))
    }

    /// Does a place's name start at byte `pos` (a word's start)? A place word ("Valley") or
    /// the start of a name in the gazetteer.
    fn place_starts_at(&self, text: &str, pos: usize, word: &str, key: &mut String) -> bool {
        self.rules.bits(word) & RULE_PLACE_WORD != 0
            || text[pos..].chars().next().is_some_and(|c| self.name_at(text, pos, c, key).is_some())
    }

    /// What the name of `pattern` found at `start..end` stands for, by the rules of [`Rules`]:
    /// its place, or [`Target::NotAPlace`], or (a lost apostrophe) the place of the name
    /// without its last "s".
    fn judge(&self, text: &str, start: usize, end: usize, pattern: &Pattern, key: &mut String) -> Target {
        let target = pattern.target;
        if target == Target::NotAPlace {
            return target;
        }
        // "ABA" (the American Bar Association) is not Aba.
        if pattern.short && !text[start..end].chars().any(char::is_lowercase) {
            return Target::NotAPlace;
        }
        // The word after, and whether a space (not a hyphen) comes before it.
        let after = word_after(text, end, true);
        let spaced = after.filter(|_| text[end..].starts_with(char::is_whitespace));
        let (after_bits, spaced_bits) = match after {
            Some((_, word)) => {
                let bits = self.rules.bits(word);
                (bits, if spaced.is_some() { bits } else { 0 })
            }
            None => (0, 0),
        };
        let region = matches!(target, Target::Region(_));
        if !region || pattern.demonym {
            let before_bits = word_before(text, start).map_or(0, |(_, word)| self.rules.bits(word));
            let not_a_place = (before_bits & RULE_TITLE != 0 && !region)
                || (before_bits & RULE_OTHER_BEFORE != 0 && self.after_other_place(text, start))
                || (pattern.demonym && (before_bits & RULE_PEOPLE_BEFORE != 0 || after_bits & RULE_PEOPLE_AFTER != 0))
                || after_bits & RULE_COMPOUND != 0
                || (!pattern.demonym && spaced_bits & RULE_OTHER_AFTER != 0)
                || (pattern.venue && self.names_a_thing_after_it(text, end, spaced.is_some(), after_bits));
            if not_a_place {
                return Target::NotAPlace;
            }
            if pattern.given_name
                && let Some((at, word)) = spaced
                && word.starts_with(char::is_uppercase)
                && !self.place_starts_at(text, at, word, key)
            {
                return Target::NotAPlace;
            }
        }
        // A lost apostrophe: "Americas Forests" is "America's Forests".
        if text[..end].ends_with('s')
            && let Some((at, word)) = spaced
            && word.starts_with(char::is_uppercase)
            && !self.place_starts_at(text, at, word, key)
            && let Some(c) = text[start..].chars().next()
            && let Some((singular_end, i)) = self.name_at(&text[..end - 1], start, c, key)
            && singular_end == end - 1
        {
            return self.patterns[i].target;
        }
        target
    }

    /// Is a city or a part of a country ending at byte `end` the start of a thing's name, or
    /// joined by a hyphen to an agreement's adjective ("Paris-aligned")? `spaced`: a space
    /// comes after it; `after_bits`: the bits of the word after it.
    fn names_a_thing_after_it(&self, text: &str, end: usize, spaced: bool, after_bits: u16) -> bool {
        if spaced {
            self.rules.name_after_holds(text, end, RULE_INSTRUMENT)
        } else {
            after_bits & RULE_INSTRUMENT_ADJECTIVE != 0
        }
    }

    /// Does one of the `other_place_before` phrases ("Gulf of") end right before `start`
    /// (with a space between, and no letter before it)?
    fn after_other_place(&self, text: &str, start: usize) -> bool {
        let before = text[..start].trim_end_matches(char::is_whitespace);
        self.rules.before_phrases.iter().any(|phrase| {
            before
                .strip_suffix(phrase.as_str())
                .is_some_and(|rest| !rest.chars().next_back().is_some_and(char::is_alphanumeric))
        })
    }

    fn place_of(&self, g: &'static Places, target: Target) -> Option<Place> {
        match target {
            Target::Country(i) if Some(i) == self.actor_country => None,
            Target::City(i) if Some(self.city_country[i]) == self.actor_country => None,
            Target::City(i) => Some(Place::City(Cow::Borrowed(&g.cities[i].name))),
            Target::Country(i) => Some(Place::Country(Cow::Borrowed(&g.countries[i].a2))),
            Target::Historical(i) => Some(Place::Historical(Cow::Borrowed(&g.historical[i].code))),
            Target::Region(i) => Some(Place::Region(Cow::Borrowed(&g.regions[i].name))),
            Target::NotAPlace => None,
        }
    }

    /// The tags of the mentions in `scratch`, which are moved into them.
    fn summarise(&self, g: &'static Places, scratch: &mut TagScratch) -> Tags {
        let mentions = &mut scratch.mentions;
        if mentions.is_empty() {
            return Tags::default(); // most entries: nothing to allocate
        }
        let Named { bits, other_m49, countries, mut successors } = self.named(g, &scratch.targets, mentions.len());
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

    /// What the places named add up to. The regions of each place were worked out with the
    /// gazetteer; a place in an M49 region without a bit of its own adds the region's name.
    /// The list of countries is allocated once, with room for `mentions` of them.
    fn named(&self, g: &'static Places, targets: &[Target], mentions: usize) -> Named {
        let mut named = Named {
            bits: RegionBits::EMPTY,
            other_m49: Vec::new(),
            countries: Vec::with_capacity(mentions),
            successors: Vec::new(),
        };
        for &target in targets {
            match target {
                Target::Country(i) => {
                    let (c, regions) = (&g.countries[i], self.country_regions[i]);
                    named.add_regions(regions, [c.region.as_str()]);
                    add_code(&mut named.countries, &c.a2);
                }
                Target::Historical(i) => {
                    let (h, regions) = (&g.historical[i], self.historical_regions[i]);
                    named.add_regions(regions, [h.region.as_str()]);
                    for a2 in &h.successors {
                        add_code(&mut named.successors, a2);
                    }
                }
                Target::Region(i) => {
                    let (r, regions) = (&g.regions[i], self.region_regions[i]);
                    named.add_regions(regions, r.m49.iter().map(String::as_str));
                }
                Target::City(i) => {
                    let country = self.city_country[i];
                    let (c, regions) = (&g.countries[country], self.country_regions[country]);
                    named.add_regions(regions, [c.region.as_str()]);
                    add_code(&mut named.countries, &c.a2);
                }
                Target::NotAPlace => {}
            }
        }
        named
    }
}

/// The places of a text added up, before they become its [`Tags`].
struct Named {
    bits: RegionBits,
    /// M49 names without a bit of their own ("Antarctica").
    other_m49: Vec<&'static str>,
    countries: Vec<Code>,
    successors: Vec<Code>,
}

impl Named {
    /// The regions of a place; `m49`, its M49 regions, are looked at only when one of them
    /// has no bit of its own.
    fn add_regions(&mut self, regions: PlaceRegions, m49: impl IntoIterator<Item = &'static str>) {
        self.bits = self.bits.union(regions.bits);
        if regions.other_m49 {
            for name in m49 {
                match RegionBits::m49(name) {
                    RegionBits::EMPTY => self.other_m49.push(name),
                    bit => self.bits = self.bits.union(bit),
                }
            }
        }
    }
}

/// Adds `a2` to `list` unless it is there.
fn add_code(list: &mut Vec<Code>, a2: &'static str) {
    if !list.iter().any(|x| x == a2) {
        list.push(Cow::Borrowed(a2));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::places::{Gazetteer, gazetteer};

    fn codes(text: &str) -> (Vec<String>, Vec<&'static str>) {
        let t = gazetteer().unwrap().tag(text);
        (t.countries.iter().map(ToString::to_string).collect(), t.regions.iter().map(|b| b.code()).collect())
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
        // Peoples are named by demonyms, which tag their country (tests/tagger_rules.rs).
        assert_eq!(codes("Iranian and Haitian groups"), (vec!["IR".to_owned(), "HT".to_owned()], vec!["NEA", "WHA"]));
    }

    #[test]
    fn words_around_a_name() {
        let text = "met Mr. Chad  Johnson-Smith, (Guinea) here";
        let chad = text.find("Chad").unwrap();
        assert_eq!(word_before(text, chad), Some((4, "Mr.")));
        assert_eq!(word_after(text, chad + 4, false), Some((chad + 6, "Johnson")));
        let johnson = chad + 6;
        assert_eq!(word_after(text, johnson + 7, false), None, "a hyphen, not a space");
        assert_eq!(word_after(text, johnson + 7, true), Some((johnson + 8, "Smith")));
        let guinea = text.find("Guinea").unwrap();
        assert_eq!(word_before(text, guinea), None, "a bracket, not a space");
        assert_eq!(word_after(text, guinea + 6, false), None);
        assert_eq!(word_before(text, 0), None);
        assert_eq!(word_after(text, text.len(), true), None);
        // Not a character boundary: nothing, not a panic.
        assert_eq!(word_before("é x", 1), None);
        assert_eq!(word_after("x é", 3, true), None);
        // Other spaces and letters than ASCII's take the general way to the same words.
        let text = "un café\u{a0}Chad\u{a0}Jóhnson et Ñandú";
        let chad = text.find("Chad").unwrap();
        assert_eq!(word_before(text, chad), Some((3, "café")));
        assert_eq!(word_after(text, chad + 4, false), Some((chad + 6, "Jóhnson")));
        let nandu = text.find("Ñandú").unwrap();
        assert_eq!(word_before(text, nandu), Some((nandu - 3, "et")));
        assert_eq!(word_after(text, nandu - 4, false), Some((nandu - 3, "et")));
    }

    #[test]
    fn each_rule_turns_away_only_what_it_should() {
        let g = gazetteer().unwrap();
        let first = |text: &str| {
            let t = g.tag(text);
            t.mentions.first().map(|m| (text[m.start..m.end].to_owned(), g.place_name(&m.place).to_owned()))
        };
        // Short names written in capitals are acronyms.
        assert_eq!(first("the ABA sent lawyers"), None);
        assert_eq!(first("riots in Aba").unwrap().1, "Aba");
        assert_eq!(first("LAOS AND LAO OFFICIALS").unwrap().0, "LAOS");
        // A title before any place's name.
        assert_eq!(first("Ambassador Jordan spoke"), None);
        assert_eq!(first("President Lagos of Chile"), Some(("Chile".to_owned(), "Chile".to_owned())));
        assert_eq!(first("President, Jordan"), Some(("Jordan".to_owned(), "Jordan".to_owned())));
        // Given names only before a capitalised word that is no place.
        assert_eq!(first("Jordan Valley settlements").unwrap().1, "Jordan");
        assert_eq!(first("Jordan Cuba"), Some(("Jordan".to_owned(), "Jordan".to_owned())));
        assert_eq!(first("Milan Milutinovic"), None);
        assert_eq!(first("Milan Kucan of Slovenia").unwrap().1, "Slovenia");
        // Cities named in agreements; countries are not.
        assert_eq!(first("the Kyoto Protocol"), None);
        assert_eq!(first("the Iraq Liberation Act").unwrap().1, "Iraq");
        // Compounds, with a hyphen too.
        assert_eq!(first("Guinea-worm and Guinea Worm"), None);
        // A region adjective before "American" is a people.
        assert_eq!(first("African-American voters"), None);
        assert_eq!(first("Latin Americans").unwrap().1, "Western Hemisphere");
    }

    #[test]
    fn a_lost_apostrophe_reads_as_the_possessive_of_the_shorter_name() {
        let g = gazetteer().unwrap();
        let places = |text: &str| -> Vec<String> {
            g.tag(text).mentions.iter().map(|m| g.place_name(&m.place).to_owned()).collect()
        };
        assert!(places("Americas Forests").is_empty(), "America's, the actor's");
        assert_eq!(places("the Americas Region and the Americas."), ["Western Hemisphere", "Western Hemisphere"]);
        assert_eq!(places("Americas Watch reports"), Vec::<String>::new());
        // The shorter name is another spelling of the same place, or no name: unchanged.
        assert_eq!(places("Bahamas Government"), ["Bahamas"]);
        assert_eq!(places("Palestinians Rally"), ["Palestinian Territories"]);
    }

    #[test]
    fn the_rules_follow_the_gazetteer_lists_not_fixed_words() {
        // A gazetteer whose rules have other words (leaked: the tagger wants `'static`).
        let places = include_str!("../../../assets/gazetteer/places.ron")
            .replace("given_names: [\"Chad\"", "given_names: [\"Kenya\", \"Chad\"")
            .replace("actor: \"US\"", "actor: \"GB\"");
        let g: &'static Gazetteer = Box::leak(Box::new(
            Gazetteer::from_ron(
                include_str!("../../../assets/gazetteer/countries.ron"),
                &places,
                include_str!("../../../assets/gazetteer/cities.ron"),
            )
            .unwrap(),
        ));
        let countries = |text: &str| -> Vec<String> { g.tag(text).countries.iter().map(ToString::to_string).collect() };
        assert!(countries("Kenya Moore").is_empty());
        assert!(countries("British officials in London").is_empty(), "the actor's demonym and city");
        // "American" is no demonym of the US whoever the actor is; "America" names it.
        assert!(countries("American officials").is_empty());
        assert_eq!(countries("America"), ["US"]);
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
        let (g, tagger) = (gazetteer().unwrap(), gazetteer().unwrap().tagger());
        // Every word of the seed record and of the gazetteer's own names, and words that
        // only look like them: the short way gives the names and following characters the
        // general way gives.
        let long = "Supercalifragilisticexpialidociousnessly Bolivia";
        let names: Vec<String> = tagger.patterns.iter().map(|p| p.chars.iter().collect()).collect();
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
                let general = tagger.names.general_candidates(text, pos, c, &mut key);
                let short = tagger.names.ascii_candidates(&bytes[pos..pos + word_len]);
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
