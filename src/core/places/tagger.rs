//! The region tagger: the places a text names, with the byte span of each mention, found by
//! the matching rules of [`crate::core::places`]; and every entry of a document tagged, on
//! every core.

use super::gazetteer::{Gazetteer, Target};
use super::regions::{Bureau, M49_REGIONS, PlaceRegions, RegionBits};
use rayon::prelude::*;
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

/// A name as the tagger compares it (a leading "the" before a proper name left out).
#[derive(Debug)]
pub(super) struct Pattern {
    pub(super) chars: Vec<char>,
    pub(super) target: Target,
    /// For a name of several words, the first letter (folded) of its second word: a quick
    /// test that turns away most names sharing a first word before they are compared.
    second: Option<char>,
}

impl Pattern {
    pub(super) fn new(chars: Vec<char>, target: Target) -> Self {
        let first_word = chars.iter().take_while(|c| c.is_alphanumeric()).count();
        let second = (first_word > 0 && chars.get(first_word) == Some(&' '))
            .then(|| chars.get(first_word + 1).copied().map(fold))
            .flatten();
        Self { chars, target, second }
    }
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

impl Gazetteer {
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
                self.names.ascii_candidates(&bytes[pos..pos + word_len]).map(|cands| {
                    let gap = bytes.get(pos + word_len).map(|&g| char::from(g));
                    let next = text.get(pos + word_len + 1..).and_then(|t| t.chars().next()).map(fold);
                    (cands, gap, next)
                })
            } else {
                self.names.general_candidates(text, pos, c, &mut key)
            };
            if let Some((cands, gap, next)) = lookup
                && let Some((end, target)) = {
                    // A name of several words can only match if the character after its first
                    // word is a space and the next folds to its second word's letter
                    // (`match_at` checks both again, with the rules for capitals).
                    let may_match =
                        |p: &Pattern| p.second.is_none_or(|c| gap.is_some_and(char::is_whitespace) && next == Some(c));
                    cands.iter().filter(|&&i| may_match(&self.patterns[i])).find_map(|&i| {
                        Self::match_at(text, pos, &self.patterns[i]).map(|end| (end, self.patterns[i].target))
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

    fn place_of(&'static self, target: Target) -> Option<Place> {
        match target {
            Target::Country(i) if Some(i) == self.actor_country => None,
            Target::Country(i) => Some(Place::Country(Cow::Borrowed(&self.countries[i].a2))),
            Target::Historical(i) => Some(Place::Historical(Cow::Borrowed(&self.historical[i].code))),
            Target::Region(i) => Some(Place::Region(Cow::Borrowed(&self.regions[i].name))),
            Target::NotAPlace => None,
        }
    }

    /// The tags of the mentions in `scratch`, which are moved into them.
    fn summarise(&'static self, scratch: &mut TagScratch) -> Tags {
        let mentions = &mut scratch.mentions;
        if mentions.is_empty() {
            return Tags::default(); // most entries: nothing to allocate
        }
        let Named { bits, other_m49, countries, mut successors } = self.named(&scratch.targets, mentions.len());
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
    fn named(&'static self, targets: &[Target], mentions: usize) -> Named {
        let mut named = Named {
            bits: RegionBits::EMPTY,
            other_m49: Vec::new(),
            countries: Vec::with_capacity(mentions),
            successors: Vec::new(),
        };
        for &target in targets {
            match target {
                Target::Country(i) => {
                    let (c, regions) = (&self.countries[i], self.country_regions[i]);
                    named.add_regions(regions, [c.region.as_str()]);
                    add_code(&mut named.countries, &c.a2);
                }
                Target::Historical(i) => {
                    let (h, regions) = (&self.historical[i], self.historical_regions[i]);
                    named.add_regions(regions, [h.region.as_str()]);
                    for a2 in &h.successors {
                        add_code(&mut named.successors, a2);
                    }
                }
                Target::Region(i) => {
                    let (r, regions) = (&self.regions[i], self.region_regions[i]);
                    named.add_regions(regions, r.m49.iter().map(String::as_str));
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
    use crate::core::places::gazetteer;

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
                let general = g.names.general_candidates(text, pos, c, &mut key);
                let short = g.names.ascii_candidates(&bytes[pos..pos + word_len]);
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
