//! Find in the document: which parts contain the words typed by the reader, and where.
//!
//! Case-insensitive, every word must occur (in any order) in a part for it to be found: the
//! quote, the introduction, each entry and each related remark are parts. A word occurs where
//! it is found inside the text ("elec" in "elections", as it is typed), and where one of its
//! other English forms stands as a whole word ("refugees" finds "refugee", "democracy" finds
//! "democracies"): the forms are the document's words with the same stem, by
//! [`crate::core::stem`], as the library's index has them. Within the parts found, every
//! occurrence of every word is a [`Match`] covering the word found, in document order, so a
//! reader can step through them ("3 of 17"). The lower-cased text of the parts, and the words
//! of each stem, are made once per document, so a keystroke costs one pass of substring
//! searches over the text (one more for each other form), not a fresh lower-casing of it.

use crate::core::Document;
use crate::core::stem;
use memchr::memmem;
use rayon::prelude::*;

/// A part of the document that Find searches, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Spot {
    /// The pull quote's text.
    Quote,
    /// The introduction (its paragraphs joined by blank lines, as in [`Document::intro`]).
    Intro,
    /// An entry: (section, entry).
    Entry(usize, usize),
    /// A related remark's title.
    Reference(usize),
}

impl Spot {
    /// The text of this part in `doc` (empty if `doc` has no such part).
    pub fn text(self, doc: &Document) -> &str {
        match self {
            Spot::Quote => doc.quote.as_ref().map_or("", |q| q.text.as_str()),
            Spot::Intro => &doc.intro,
            Spot::Entry(si, ei) => doc.sections.get(si).and_then(|s| s.entries.get(ei)).map_or("", |e| &e.text),
            Spot::Reference(i) => doc.references.get(i).map_or("", |r| &r.title),
        }
    }
}

/// One occurrence of a word: its part, and its byte range in that part's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub spot: Spot,
    pub start: usize,
    pub end: usize,
}

/// The most matches that are marked and stepped through: a word of one or two letters can
/// occur millions of times in a long record, and a keystroke must not wait for them all
/// (`bench report`'s typing frames went from 10 to 146 ms at the 99th percentile without
/// this). Browsers stop counting at about as many.
pub const MAX_MATCHES: usize = 5_000;

/// What Find found for one query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The entries containing every word, in document order.
    pub entries: Vec<(usize, usize)>,
    /// Every occurrence of every word in the parts containing every word, in document
    /// order: the first [`MAX_MATCHES`] of them.
    pub matches: Vec<Match>,
    /// There are more matches than [`MAX_MATCHES`].
    pub more: bool,
    /// The words, lower-cased, with their forms, and the index of every part they were
    /// found in: a query that only adds to these words looks in these parts alone.
    terms: Vec<Term>,
    parts: Vec<usize>,
    /// The document (id, revision) whose parts those are.
    of: (String, String),
}

/// The parts of one document, not yet lower-cased.
#[derive(Debug)]
pub struct Unbuilt {
    index: SearchIndex,
    texts: Vec<String>,
}

impl Unbuilt {
    pub fn build(self) -> SearchIndex {
        let Unbuilt { mut index, texts } = self;
        let mut all = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
        for (part, text) in index.parts.iter_mut().zip(texts) {
            part.start = all.len();
            if text.is_ascii() {
                all.push_str(&text);
                all[part.start..].make_ascii_lowercase();
            } else {
                all.push_str(&text.to_lowercase());
                part.same_offsets = false;
            }
            part.end = all.len();
            // A word has no white space, so no match runs from one part into the next.
            all.push('\n');
        }
        index.forms = word_forms(&all, &index.parts);
        index.text = all;
        index
    }
}

/// Every word of the parts' lower-cased `text`, by its stem: the words of each part found in
/// one run of parts per thread, then each word stemmed once (a long record has a few tens of
/// thousands of words for its millions of occurrences).
fn word_forms(text: &str, parts: &[Part]) -> Forms {
    let words = parts
        .par_chunks(run_len(parts.len()))
        .map(|run| {
            let mut words = foldhash::HashSet::default();
            let (Some(head), Some(tail)) = (run.first(), run.last()) else { return words };
            let Some(run_text) = text.get(head.start..tail.end) else { return words };
            stem::for_each_word(run_text, |a, b| {
                // A number is no other word's form, nor has any (no suffix comes off a word
                // without a vowel): left out, as most of a long record's words are numbers
                // (100,001 of the synthetic 100k record's 100,441; stemming them cost about 75 ms).
                if let Some(word) = run_text.get(a..b).filter(|w| w.len() < stem::MAX_WORD_BYTES)
                    && !word.bytes().all(|b| b.is_ascii_digit())
                {
                    words.insert(word);
                }
            });
            words
        })
        .reduce(foldhash::HashSet::default, |a, b| {
            let (mut more, fewer) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            more.extend(fewer);
            more
        });
    let words: Vec<&str> = words.into_iter().collect();
    let stems: Vec<Box<str>> = words.par_iter().map(|w| stem::stem(w).into()).collect();
    let mut forms = Forms::default();
    for (stem, word) in stems.into_iter().zip(words) {
        forms.entry(stem).or_default().push(word.into());
    }
    for words in forms.values_mut() {
        words.sort_unstable();
    }
    forms
}

/// A stem → the document's words (lower case) with that stem.
type Forms = foldhash::HashMap<Box<str>, Vec<Box<str>>>;

/// How many parts one thread searches at a time.
fn run_len(parts: usize) -> usize {
    parts.div_ceil(4 * rayon::current_num_threads()).max(1024)
}

/// A word of the query: found inside the text as typed, and its other forms as whole words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Term {
    /// Lower case.
    word: String,
    /// The document's other words with its stem ("refugee" for "refugees").
    forms: Vec<String>,
}

impl Term {
    /// Whether every part this term is found in has `old` too: then a query of this term
    /// may look only in the parts `old` was found in. This word has `old`'s inside it, and
    /// each of its forms either has `old`'s word inside it or is one of `old`'s forms.
    fn implies(&self, old: &Term) -> bool {
        self.word.contains(old.word.as_str())
            && self.forms.iter().all(|f| f.contains(old.word.as_str()) || old.forms.contains(f))
    }
}

/// The searchers of one term, made once for all the parts.
struct TermFinder<'a> {
    word: memmem::Finder<'a>,
    /// Each form, and whether it must be looked for to find the parts (a form with the word
    /// inside it is found with the word; it is looked for again only to mark it whole).
    forms: Vec<(memmem::Finder<'a>, bool)>,
}

impl<'a> TermFinder<'a> {
    fn new(term: &'a Term) -> Self {
        let forms =
            term.forms.iter().map(|f| (memmem::Finder::new(f.as_bytes()), !f.contains(term.word.as_str()))).collect();
        Self { word: memmem::Finder::new(term.word.as_bytes()), forms }
    }

    /// Whether this term is in `text` (a part's).
    fn is_in(&self, text: &str) -> bool {
        self.word.find(text.as_bytes()).is_some()
            || self.forms.iter().any(|(f, seek)| *seek && whole_words(f, text).next().is_some())
    }

    /// Every place the term is in `text`, as byte ranges, in no order (some overlap).
    fn ranges<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize)> + 't {
        let len = self.word.needle().len();
        let inside = self.word.find_iter(text.as_bytes()).map(move |at| (at, at + len));
        let whole = self.forms.iter().flat_map(move |(f, _)| {
            let len = f.needle().len();
            whole_words(f, text).map(move |at| (at, at + len))
        });
        inside.chain(whole)
    }
}

/// Where `finder`'s word stands in `text` as a whole word (not inside a longer one).
fn whole_words<'t>(finder: &'t memmem::Finder<'_>, text: &'t str) -> impl Iterator<Item = usize> + 't {
    let len = finder.needle().len();
    finder.find_iter(text.as_bytes()).filter(move |&at| is_whole_word(text, at, at + len))
}

/// Whether `text[start..end]` has no letter or digit just before or after it.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else { return false };
    !before.chars().next_back().is_some_and(stem::is_word_char) && !after.chars().next().is_some_and(stem::is_word_char)
}

#[derive(Debug)]
struct Part {
    spot: Spot,
    /// Where its lower-cased text is in the index's text.
    start: usize,
    end: usize,
    /// Whether a byte offset in the lower-cased text is the same offset in the part's own
    /// text (true for ASCII, where lower-casing changes no lengths).
    same_offsets: bool,
}

/// The lower-cased parts of one document, ready for searching.
#[derive(Debug, Default)]
pub struct SearchIndex {
    doc_id: String,
    doc_rev: String,
    entry_count: usize,
    /// In document order.
    parts: Vec<Part>,
    /// Every part's lower-cased text, in document order, each after a line break: one
    /// buffer, searched in one pass. (A `String` per part, each searched apart, cost about
    /// 3 ms a keystroke on 100,000 entries, mostly in cache misses and making a searcher
    /// per part; measured in `docs/performance.md`.)
    text: String,
    /// The words of the text, by stem: a word's other forms.
    forms: Forms,
}

impl SearchIndex {
    pub fn new(doc: &Document) -> Self {
        Self::building(doc).build()
    }

    /// What an index is made from, copied out of `doc` so that the lower-casing (most of the
    /// cost) can run on another thread: `SearchIndex::building(doc).build()`.
    pub fn building(doc: &Document) -> Unbuilt {
        let entries =
            doc.sections.iter().enumerate().flat_map(|(si, s)| (0..s.entries.len()).map(move |ei| Spot::Entry(si, ei)));
        let spots =
            [Spot::Quote, Spot::Intro].into_iter().chain(entries).chain((0..doc.references.len()).map(Spot::Reference));
        let (parts, texts) = spots
            .filter_map(|spot| {
                let text = spot.text(doc);
                (!text.is_empty()).then(|| (Part { spot, start: 0, end: 0, same_offsets: true }, text.to_owned()))
            })
            .unzip();
        let index = Self {
            doc_id: doc.id.clone(),
            doc_rev: doc.rev.clone(),
            entry_count: doc.entry_count(),
            parts,
            text: String::new(),
            forms: Forms::default(),
        };
        Unbuilt { index, texts }
    }

    /// Whether this index was made from `doc`.
    pub fn is_for(&self, doc: &Document) -> bool {
        self.doc_id == doc.id && self.doc_rev == doc.rev && self.entry_count == doc.entry_count()
    }

    /// The (section, entry) positions of the entries containing every word of `query`.
    /// An empty query finds nothing.
    pub fn find(&self, query: &str) -> Vec<(usize, usize)> {
        let terms = self.terms(query);
        self.found_parts(&finders(&terms), None)
            .into_iter()
            .filter_map(|i| match self.parts.get(i)?.spot {
                Spot::Entry(si, ei) => Some((si, ei)),
                _ => None,
            })
            .collect()
    }

    /// The entries found and every match, for stepping through them; `doc` is the document
    /// this index was made from (for the offsets of text that is not ASCII).
    pub fn find_all(&self, doc: &Document, query: &str) -> Found {
        self.find_after(doc, query, None)
    }

    /// As [`find_all`](Self::find_all), given what the previous query found: when the new
    /// words only add to the old ones (typing on, "elec" after "el"), only the parts found
    /// before are looked in.
    pub fn find_after(&self, doc: &Document, query: &str, previous: Option<&Found>) -> Found {
        let terms = self.terms(query);
        let finders = finders(&terms);
        let within = previous
            .filter(|p| p.of.0 == self.doc_id && p.of.1 == self.doc_rev && !p.terms.is_empty())
            .filter(|p| p.terms.iter().all(|old| terms.iter().any(|t| t.implies(old))))
            .map(|p| p.parts.as_slice());
        let parts = self.found_parts(&finders, within);
        let mut found = Found { entries: Vec::with_capacity(parts.len()), ..Found::default() };
        for part in parts.iter().filter_map(|&i| self.parts.get(i)) {
            if let Spot::Entry(si, ei) = part.spot {
                found.entries.push((si, ei));
            }
            if found.matches.len() >= MAX_MATCHES {
                found.more = true;
                continue;
            }
            let text = self.text_of(part);
            let mut ranges: Vec<(usize, usize)> = finders.iter().flat_map(|f| f.ranges(text)).collect();
            ranges.sort_unstable();
            // Overlapping words ("state" in "statement" and "statements") are one match, and
            // so are a word and the form it is inside ("refugee" in "refugees": the form).
            ranges.dedup_by(|b, a| {
                let overlaps = b.0 < a.1;
                if overlaps {
                    a.1 = a.1.max(b.1);
                }
                overlaps
            });
            let original = part.spot.text(doc);
            let to_original = |lower: usize| if part.same_offsets { lower } else { original_offset(original, lower) };
            let room = MAX_MATCHES - found.matches.len();
            found.more |= ranges.len() > room;
            found.matches.extend(ranges.into_iter().take(room).map(|(a, b)| Match {
                spot: part.spot,
                start: to_original(a),
                end: to_original(b),
            }));
        }
        found.terms = terms;
        found.parts = parts;
        found.of = (self.doc_id.clone(), self.doc_rev.clone());
        found
    }

    fn text_of(&self, part: &Part) -> &str {
        self.text.get(part.start..part.end).unwrap_or_default()
    }

    /// The words of `query`, lower-cased, each with the document's other forms of it.
    fn terms(&self, query: &str) -> Vec<Term> {
        query
            .split_whitespace()
            .map(|word| {
                let word = word.to_lowercase();
                let forms = if stem::is_word(&word) {
                    let forms = self.forms.get(&*stem::stem(&word)).map_or(&[][..], Vec::as_slice);
                    forms.iter().filter(|f| ***f != *word).map(ToString::to_string).collect()
                } else {
                    Vec::new()
                };
                Term { word, forms }
            })
            .collect()
    }

    /// The indexes of the parts that contain every word, in document order: of `within`
    /// only, when given. Otherwise the first word (and each of its forms) is looked for in
    /// the whole text, in a run of parts per thread, skipping to the end of each part it is
    /// found in; the other words only in those parts.
    fn found_parts(&self, finders: &[TermFinder<'_>], within: Option<&[usize]>) -> Vec<usize> {
        let Some((first, rest)) = finders.split_first() else { return Vec::new() };
        let has_all =
            |i: usize| self.parts.get(i).is_some_and(|part| finders.iter().all(|f| f.is_in(self.text_of(part))));
        if let Some(within) = within {
            return within.par_iter().copied().filter(|&i| has_all(i)).collect();
        }
        let runs = run_len(self.parts.len());
        let starts: Vec<usize> = (0..self.parts.len()).step_by(runs).collect();
        let found: Vec<Vec<usize>> = starts
            .par_iter()
            .map(|&from| {
                let parts = &self.parts[from..(from + runs).min(self.parts.len())];
                // The other words are looked for at once, while the part's text is in cache.
                let has_rest = |part: &Part| rest.iter().all(|f| f.is_in(self.text_of(part)));
                let mut found = self.parts_with(parts, &first.word, false, has_rest);
                let mut forms = first.forms.iter().filter(|(_, seek)| *seek).peekable();
                if forms.peek().is_some() {
                    for (form, _) in forms {
                        found.extend(self.parts_with(parts, form, true, has_rest));
                    }
                    found.sort_unstable();
                    found.dedup();
                }
                found.iter().map(|i| from + i).collect()
            })
            .collect();
        found.concat()
    }

    /// The indexes in `parts` (in text order, one after another) of those `finder`'s word is
    /// in (as a whole word, when `whole`) and `has_rest` accepts, each once, in order.
    fn parts_with(
        &self,
        parts: &[Part],
        finder: &memmem::Finder<'_>,
        whole: bool,
        has_rest: impl Fn(&Part) -> bool,
    ) -> Vec<usize> {
        let (Some(head), Some(tail)) = (parts.first(), parts.last()) else { return Vec::new() };
        let Some(text) = self.text.get(head.start..tail.end) else { return Vec::new() };
        let len = finder.needle().len();
        let mut found = Vec::new();
        let (mut at, mut i) = (0, 0);
        while let Some(hit) = text.as_bytes().get(at..).and_then(|rest| finder.find(rest)) {
            let start = at + hit;
            if whole && !is_whole_word(text, start, start + len) {
                at = start + 1;
                continue;
            }
            let pos = head.start + start;
            // Parts are in text order: walk on to the one holding `pos`.
            while i < parts.len() && parts[i].end <= pos {
                i += 1;
            }
            let Some(part) = parts.get(i) else { break };
            if has_rest(part) {
                found.push(i);
            }
            at = part.end + 1 - head.start;
        }
        found
    }
}

/// The searchers of every term, made once for all the parts.
fn finders(terms: &[Term]) -> Vec<TermFinder<'_>> {
    terms.iter().map(TermFinder::new).collect()
}

/// The byte offset in `original` of byte offset `lower` in `original.to_lowercase()`: the
/// lower-cased text is rebuilt character by character up to that point (only for the few
/// parts that are not ASCII, and only where a match is).
fn original_offset(original: &str, lower: usize) -> usize {
    let mut lowered = 0;
    for (at, c) in original.char_indices() {
        if lowered >= lower {
            return at;
        }
        lowered += c.to_lowercase().map(char::len_utf8).sum::<usize>();
    }
    original.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_word_in_any_case_and_order() {
        let doc = crate::core::open::embedded().unwrap();
        let index = SearchIndex::new(&doc);
        assert!(index.is_for(&doc));
        let haiti = index.find("HAITI");
        assert!(!haiti.is_empty());
        for &(si, ei) in &haiti {
            assert!(doc.sections[si].entries[ei].text.to_lowercase().contains("haiti"));
        }
        let both = index.find("elections haiti");
        assert!(both.iter().all(|p| haiti.contains(p)));
        assert_eq!(index.find("elections haiti"), index.find("Haiti   ELECTIONS"));
        assert!(index.find("zzzz-not-there").is_empty());
        assert!(index.find("   ").is_empty());
    }

    #[test]
    fn every_occurrence_is_a_match_in_document_order_with_its_place_in_the_text() {
        let doc = crate::core::open::embedded().unwrap();
        let index = SearchIndex::new(&doc);
        let found = index.find_all(&doc, "democracy");
        assert_eq!(found.entries, index.find("democracy"));
        // Each "democracy", and each other form of it standing as a word ("democracies").
        let other_form = |w: &str| w != "democracy" && !w.contains("democracy") && stem::stem(w) == "democraci";
        let expected: usize = [Spot::Quote, Spot::Intro]
            .into_iter()
            .chain(found.entries.iter().map(|&(s, e)| Spot::Entry(s, e)))
            .chain((0..doc.references.len()).map(Spot::Reference))
            .map(|spot| {
                let text = spot.text(&doc).to_lowercase();
                text.matches("democracy").count()
                    + text.split(|c: char| !c.is_alphanumeric()).filter(|w| other_form(w)).count()
            })
            .sum();
        assert_eq!(found.matches.len(), expected);
        assert!(
            found.matches.iter().any(|m| m.spot == Spot::Quote || m.spot == Spot::Intro),
            "the quote and intro are searched"
        );
        for m in &found.matches {
            let text = m.spot.text(&doc)[m.start..m.end].to_lowercase();
            assert!(text == "democracy" || other_form(&text), "{text:?}");
        }
        assert!(found.matches.iter().any(|m| m.spot.text(&doc)[m.start..m.end] == *"democracies"), "the quote's");
        let order: Vec<(Spot, usize)> = found.matches.iter().map(|m| (m.spot, m.start)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "document order");
        assert!(index.find_all(&doc, "  ").matches.is_empty());
    }

    /// The text of each match, in order.
    fn marked<'d>(doc: &'d Document, found: &Found) -> Vec<&'d str> {
        found.matches.iter().map(|m| &m.spot.text(doc)[m.start..m.end]).collect()
    }

    #[test]
    fn a_word_finds_its_other_forms_as_whole_words() {
        let text = "• Resettled Refugees from the camps\n\
                    • One refugee returned\n\
                    • Young democracies and old democracy\n\
                    • A statement by the States, stated again\n\
                    • The refuge of the elected\n\
                    • International observers\n\
                    • One nation\n";
        let doc = crate::core::open::parse_text(text, &crate::core::parse::Hints::default()).unwrap();
        let index = SearchIndex::new(&doc);
        let entry = |i: usize| (0, i);
        let found = index.find_all(&doc, "refugees");
        assert_eq!(found.entries, [entry(0), entry(1)], "the singular too, not \"refuge\" (another stem)");
        assert_eq!(marked(&doc, &found), ["Refugees", "refugee"]);
        // The singular finds the plural, marked whole.
        let found = index.find_all(&doc, "Refugee");
        assert_eq!((found.entries.len(), marked(&doc, &found)), (2, vec!["Refugees", "refugee"]));
        assert_eq!(marked(&doc, &index.find_all(&doc, "democracy")), ["democracies", "democracy"]);
        assert_eq!(index.find("democracies"), [entry(2)]);
        // A word still being typed is found inside others, as before.
        assert_eq!(marked(&doc, &index.find_all(&doc, "democr")), ["democr", "democr"]);
        assert_eq!(marked(&doc, &index.find_all(&doc, "refu")), ["Refu", "refu", "refu"]);
        // Forms stand as words: "states" finds "States" and "stated", never "state" inside
        // "statement" (another stem), which only the word as typed finds.
        assert_eq!(marked(&doc, &index.find_all(&doc, "states")), ["States", "stated"]);
        assert_eq!(marked(&doc, &index.find_all(&doc, "state")), ["state", "States", "stated"]);
        assert_eq!(marked(&doc, &index.find_all(&doc, "nations")), ["nation"], "not inside \"International\"");
        assert!(index.find("nations observers").is_empty());
        assert_eq!(index.find("observers nations"), [], "nor when it is the second word");
        // Every word still has to be in the part: a form counts for its word.
        assert_eq!(index.find("refugee camps"), [entry(0)]);
        assert_eq!(index.find("election refuge"), [entry(4)], "\"elected\" is a form of \"election\"");
        assert!(index.find("refugees democracy").is_empty());
        // Not a word (punctuation inside): found as typed only.
        assert_eq!(index.find("states,"), [entry(3)]);
    }

    #[test]
    fn offsets_point_into_the_original_text_where_lower_case_is_longer() {
        // "İ" (2 bytes) lower-cases to "i̇" (3 bytes): offsets after it differ.
        let text = "• İstanbul and the Kurdish regions\n• Ankara talks on İzmir ports\n";
        let doc = crate::core::open::parse_text(text, &crate::core::parse::Hints::default()).unwrap();
        let index = SearchIndex::new(&doc);
        let found = index.find_all(&doc, "ports");
        assert_eq!(found.matches.len(), 1);
        let m = found.matches[0];
        assert_eq!(&m.spot.text(&doc)[m.start..m.end], "ports");
        let found = index.find_all(&doc, "regions");
        assert_eq!(&found.matches[0].spot.text(&doc)[found.matches[0].start..found.matches[0].end], "regions");
        // A form found after the longer lower case, marked whole.
        assert_eq!(marked(&doc, &index.find_all(&doc, "port")), ["ports"]);
        assert_eq!(marked(&doc, &index.find_all(&doc, "region")), ["regions"]);
    }

    #[test]
    fn typing_on_finds_what_a_fresh_search_finds() {
        let synthetic = crate::core::synth::document(3000, 7, crate::core::places::gazetteer().unwrap()).unwrap();
        let typed = [
            "e",
            "el",
            "ele",
            "elections",
            "elections ",
            "elections n",
            "elections nig",
            "elections ni",
            "election",
            "elect",
            "elected",
            "lections nig",
            "haiti",
            "haiti e",
            "e haiti",
            "zz",
            "zz e",
            "refugee",
            "refugees",
            "refugees return",
            "refuge",
            "democrac",
            "democracy",
            "democracies",
            "ies",
            "studies",
            "dies",
            "die",
            "states",
            "statement",
        ];
        for doc in [synthetic, crate::core::open::embedded().unwrap()] {
            let index = SearchIndex::new(&doc);
            let mut previous: Option<Found> = None;
            for query in typed {
                let fresh = index.find_all(&doc, query);
                let after = index.find_after(&doc, query, previous.as_ref());
                assert_eq!(after, fresh, "{query:?} after {:?}", previous.as_ref().map(|p| &p.terms));
                previous = Some(after);
            }
        }
        let doc = crate::core::synth::document(3000, 7, crate::core::places::gazetteer().unwrap()).unwrap();
        let index = SearchIndex::new(&doc);
        assert!(index.find_all(&doc, "elections nig").entries.len() < index.find_all(&doc, "elections").entries.len());
    }

    #[test]
    fn typing_on_looks_again_where_a_form_may_have_been_left_out() {
        // "studies" finds "study", which "dies" did not find: its parts are searched anew.
        let text = "• The study of famine\n• Many were ill\n• The studies\n";
        let doc = crate::core::open::parse_text(text, &crate::core::parse::Hints::default()).unwrap();
        let index = SearchIndex::new(&doc);
        let dies = index.find_all(&doc, "dies");
        assert_eq!(dies.entries, [(0, 2)]);
        let studies = index.find_after(&doc, "studies", Some(&dies));
        assert_eq!(studies.entries, [(0, 0), (0, 2)]);
        assert_eq!(studies, index.find_all(&doc, "studies"));
    }

    #[test]
    fn overlapping_words_make_one_match() {
        let text = "• The statement of states\n";
        let doc = crate::core::open::parse_text(text, &crate::core::parse::Hints::default()).unwrap();
        let found = SearchIndex::new(&doc).find_all(&doc, "state statement");
        // "state" inside "statement", and "states", a form of "state", marked whole.
        assert_eq!(marked(&doc, &found), ["statement", "states"]);
    }

    #[test]
    fn a_word_found_everywhere_stops_at_the_most_matches_but_finds_every_entry() {
        let text: String = (0..3000).map(|i| format!("- Entry {i}: aid to Kenya and Ghana and Mali\n")).collect();
        let doc = crate::core::open::parse_text(&text, &crate::core::parse::Hints::default()).unwrap();
        let index = SearchIndex::new(&doc);
        let found = index.find_all(&doc, "a");
        assert_eq!(found.matches.len(), MAX_MATCHES);
        assert!(found.more);
        assert_eq!(found.entries.len(), doc.entry_count(), "every entry is still found");
        let few = index.find_all(&doc, "entry 2999:");
        assert!(!few.more && few.matches.len() == 2, "{few:?}");
    }
}
