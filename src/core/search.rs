//! Find in the document: which parts contain the words typed by the reader, and where.
//!
//! Case-insensitive, every word must occur (in any order) in a part for it to be found: the
//! quote, the introduction, each entry and each related remark are parts. Within the parts
//! found, every occurrence of every word is a [`Match`], in document order, so a reader can
//! step through them ("3 of 17"). The lower-cased text of the parts is made once per
//! document, so a keystroke costs one pass of substring searches over the text, not a fresh
//! lower-casing of it.

use crate::core::Document;
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
    /// The words, lower-cased, and the index of every part they were found in: a query
    /// that only adds to these words looks in these parts alone.
    words: Vec<String>,
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
        index.text = all;
        index
    }
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
        let words = words(query);
        self.found_parts(&finders(&words), None)
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
        let words = words(query);
        let finders = finders(&words);
        let within = previous
            .filter(|p| p.of.0 == self.doc_id && p.of.1 == self.doc_rev && !p.words.is_empty())
            .filter(|p| p.words.iter().all(|old| words.iter().any(|w| w.contains(old.as_str()))))
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
            let mut ranges: Vec<(usize, usize)> =
                finders.iter().flat_map(|f| f.find_iter(text).map(move |at| (at, at + f.needle().len()))).collect();
            ranges.sort_unstable();
            // Overlapping words ("state" in "statement" and "statements") are one match.
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
        found.words = words;
        found.parts = parts;
        found.of = (self.doc_id.clone(), self.doc_rev.clone());
        found
    }

    fn text_of(&self, part: &Part) -> &[u8] {
        &self.text.as_bytes()[part.start..part.end]
    }

    /// The indexes of the parts that contain every word, in document order: of `within`
    /// only, when given. Otherwise the first word is looked for in the whole text, in a run
    /// of parts per thread, skipping to the end of each part it is found in; the other words
    /// only in those parts.
    fn found_parts(&self, finders: &[memmem::Finder<'_>], within: Option<&[usize]>) -> Vec<usize> {
        let Some((first, rest)) = finders.split_first() else { return Vec::new() };
        let has_all = |i: usize| {
            self.parts.get(i).is_some_and(|part| finders.iter().all(|f| f.find(self.text_of(part)).is_some()))
        };
        if let Some(within) = within {
            return within.par_iter().copied().filter(|&i| has_all(i)).collect();
        }
        let runs = self.parts.len().div_ceil(4 * rayon::current_num_threads()).max(1024);
        let starts: Vec<usize> = (0..self.parts.len()).step_by(runs).collect();
        let found: Vec<Vec<usize>> = starts
            .par_iter()
            .map(|&from| {
                let parts = &self.parts[from..(from + runs).min(self.parts.len())];
                let (Some(head), Some(tail)) = (parts.first(), parts.last()) else { return Vec::new() };
                let text = &self.text.as_bytes()[head.start..tail.end];
                let mut found = Vec::new();
                let (mut at, mut i) = (0, 0);
                while let Some(hit) = text.get(at..).and_then(|rest| first.find(rest)) {
                    let pos = head.start + at + hit;
                    // Parts are in text order: walk on to the one holding `pos`.
                    while i < parts.len() && parts[i].end <= pos {
                        i += 1;
                    }
                    let Some(part) = parts.get(i) else { break };
                    if rest.iter().all(|f| f.find(self.text_of(part)).is_some()) {
                        found.push(from + i);
                    }
                    at = part.end + 1 - head.start;
                }
                found
            })
            .collect();
        found.concat()
    }
}

/// One searcher per word, made once for all the parts.
fn finders(words: &[String]) -> Vec<memmem::Finder<'_>> {
    words.iter().map(|w| memmem::Finder::new(w.as_bytes())).collect()
}

fn words(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_lowercase).collect()
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
        let expected: usize = [Spot::Quote, Spot::Intro]
            .into_iter()
            .chain(found.entries.iter().map(|&(s, e)| Spot::Entry(s, e)))
            .chain((0..doc.references.len()).map(Spot::Reference))
            .map(|spot| spot.text(&doc).to_lowercase().matches("democracy").count())
            .sum();
        assert_eq!(found.matches.len(), expected);
        assert!(
            found.matches.iter().any(|m| m.spot == Spot::Quote || m.spot == Spot::Intro),
            "the quote and intro are searched"
        );
        for m in &found.matches {
            assert_eq!(m.spot.text(&doc)[m.start..m.end].to_lowercase(), "democracy");
        }
        let order: Vec<(Spot, usize)> = found.matches.iter().map(|m| (m.spot, m.start)).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "document order");
        assert!(index.find_all(&doc, "  ").matches.is_empty());
    }

    #[test]
    fn offsets_point_into_the_original_text_where_lower_case_is_longer() {
        // "İ" (2 bytes) lower-cases to "i̇" (3 bytes): offsets after it differ.
        let text = "• İstanbul and the Kurdish regions\n• Ankara talks on İzmir ports\n";
        let doc = crate::core::parse::parse_text(text, &crate::core::parse::Hints::default()).unwrap();
        let index = SearchIndex::new(&doc);
        let found = index.find_all(&doc, "ports");
        assert_eq!(found.matches.len(), 1);
        let m = found.matches[0];
        assert_eq!(&m.spot.text(&doc)[m.start..m.end], "ports");
        let found = index.find_all(&doc, "regions");
        assert_eq!(&found.matches[0].spot.text(&doc)[found.matches[0].start..found.matches[0].end], "regions");
    }

    #[test]
    fn typing_on_finds_what_a_fresh_search_finds() {
        let doc = crate::core::synth::document(3000, 7, crate::core::places::gazetteer().unwrap()).unwrap();
        let index = SearchIndex::new(&doc);
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
            "lections nig",
            "haiti",
            "haiti e",
            "e haiti",
            "zz",
            "zz e",
        ];
        let mut previous: Option<Found> = None;
        for query in typed {
            let fresh = index.find_all(&doc, query);
            let after = index.find_after(&doc, query, previous.as_ref());
            assert_eq!(after, fresh, "{query:?} after {:?}", previous.as_ref().map(|p| &p.words));
            previous = Some(after);
        }
        assert!(index.find_all(&doc, "elections nig").entries.len() < index.find_all(&doc, "elections").entries.len());
    }

    #[test]
    fn overlapping_words_make_one_match() {
        let text = "• The statement of states\n";
        let doc = crate::core::parse::parse_text(text, &crate::core::parse::Hints::default()).unwrap();
        let found = SearchIndex::new(&doc).find_all(&doc, "state statement");
        let texts: Vec<&str> = found.matches.iter().map(|m| &m.spot.text(&doc)[m.start..m.end]).collect();
        assert_eq!(texts, ["statement", "state"]);
    }

    #[test]
    fn a_word_found_everywhere_stops_at_the_most_matches_but_finds_every_entry() {
        let text: String = (0..3000).map(|i| format!("- Entry {i}: aid to Kenya and Ghana and Mali\n")).collect();
        let doc = crate::core::parse::parse_text(&text, &crate::core::parse::Hints::default()).unwrap();
        let index = SearchIndex::new(&doc);
        let found = index.find_all(&doc, "a");
        assert_eq!(found.matches.len(), MAX_MATCHES);
        assert!(found.more);
        assert_eq!(found.entries.len(), doc.entry_count(), "every entry is still found");
        let few = index.find_all(&doc, "entry 2999:");
        assert!(!few.more && few.matches.len() == 2, "{few:?}");
    }
}
