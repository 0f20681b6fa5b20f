//! Re-anchoring: when the document text changes, find where each note now belongs.
//!
//! In order: the same entry and offsets if the quote is still there; the exact quote
//! anywhere (prefix and suffix break ties); a fuzzy match above a threshold. A note that
//! cannot be placed is orphaned: listed for the user, never dropped.
//!
//! The search is bounded: a quote longer than [`MAX_FUZZY_QUOTE`] is only looked for
//! exactly, and a note that could not be placed remembers the document revision it was
//! tried on (`Anchor::unplaced_on`), so the same text is not searched again.

#[cfg(test)]
use super::model::Anchor;
use super::model::{Note, NoteKind, char_slice, quote_of};
use crate::core::model::{Document, Entry};

/// How similar (Sørensen–Dice over bigrams) a passage must be to be placed by fuzzy match.
pub const FUZZY_THRESHOLD: f64 = 0.75;

/// Quotes longer than this (in bytes) are placed by an exact match only: comparing a long
/// quote with every window of every entry costs seconds (a 1 MB quote took 33 s), and a
/// passage that long which no longer occurs as it was is better shown as an orphan.
pub const MAX_FUZZY_QUOTE: usize = 4096;

/// Where a note was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Still where it was.
    Unchanged,
    /// Moved to a new entry or offsets.
    Moved,
    /// Nowhere: the note is listed as orphaned (it already was on this text).
    Orphaned,
    /// Nowhere, found out now: the anchor records the revision, to be saved.
    NewlyOrphaned,
}

/// Char positions of every occurrence of `needle` in `hay`.
fn find_all(hay: &str, needle: &str) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    hay.match_indices(needle).map(|(b, _)| hay[..b].chars().count()).collect()
}

/// How many chars of context agree around a candidate position.
fn context_score(text: &str, start: usize, end: usize, note: &Note) -> usize {
    let q = quote_of(text, start, end);
    let common_suffix =
        q.prefix.chars().rev().zip(note.anchor.quote.prefix.chars().rev()).take_while(|(a, b)| a == b).count();
    let common_prefix = q.suffix.chars().zip(note.anchor.quote.suffix.chars()).take_while(|(a, b)| a == b).count();
    common_suffix + common_prefix
}

fn place(note: &mut Note, doc: &Document, entry: &Entry, start: usize, end: usize) {
    note.anchor.doc_rev = doc.rev.clone();
    note.anchor.entry_id = entry.id.to_string();
    note.anchor.quote = quote_of(&entry.text, start, end);
    note.anchor.start = start;
    note.anchor.end = end;
}

/// Places `note` on `doc`, updating its anchor. Notes of another document are left alone.
pub fn reanchor(note: &mut Note, doc: &Document) -> Placement {
    if note.anchor.unplaced_on.as_deref() == Some(doc.rev.as_str()) {
        return Placement::Orphaned;
    }
    let placement = search(note, doc);
    if placement == Placement::Orphaned {
        note.anchor.unplaced_on = Some(doc.rev.clone());
        return Placement::NewlyOrphaned;
    }
    if note.anchor.unplaced_on.take().is_some() {
        return Placement::Moved;
    }
    placement
}

fn search(note: &mut Note, doc: &Document) -> Placement {
    let a = note.anchor.clone();
    let exact = a.quote.exact.as_str();
    // 1. Same entry, same offsets, same text.
    if let Some((_, e)) = doc.find_entry(&a.entry_id) {
        let here = char_slice(&e.text, a.start, a.end);
        let whole = note.kind == NoteKind::EntryNote;
        if here == exact || whole {
            let unchanged = a.doc_rev == doc.rev && (!whole || a.end == e.text.chars().count());
            if whole {
                let len = e.text.chars().count();
                place(note, doc, e, 0, len);
            } else {
                note.anchor.doc_rev = doc.rev.clone();
            }
            return if unchanged { Placement::Unchanged } else { Placement::Moved };
        }
    }
    // 2. The exact quote, anywhere; the context decides between several.
    let len = exact.chars().count();
    let mut best: Option<(usize, &Entry, usize)> = None;
    for (_, e) in doc.entries() {
        for start in find_all(&e.text, exact) {
            let mut score = context_score(&e.text, start, start + len, note);
            if e.id == a.entry_id {
                score += 1; // same entry breaks a tie
            }
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, e, start));
            }
        }
    }
    if let Some((_, e, start)) = best {
        place(note, doc, e, start, start + len);
        return Placement::Moved;
    }
    if exact.len() > MAX_FUZZY_QUOTE {
        return Placement::Orphaned;
    }
    // 3. Fuzzy: the most similar entry (entry notes) or passage (highlights).
    let mut fuzzy: Option<(f64, &Entry, usize, usize)> = None;
    for (_, e) in doc.entries() {
        let candidate = if note.kind == NoteKind::EntryNote {
            Some((strsim::sorensen_dice(exact, &e.text), 0, e.text.chars().count()))
        } else {
            best_window(&e.text, exact)
        };
        if let Some((score, s, en)) = candidate
            && score >= FUZZY_THRESHOLD
            && fuzzy.as_ref().is_none_or(|f| score > f.0)
        {
            fuzzy = Some((score, e, s, en));
        }
    }
    if let Some((_, e, s, en)) = fuzzy {
        place(note, doc, e, s, en);
        return Placement::Moved;
    }
    Placement::Orphaned
}

/// The window of `text` most similar to `exact` (same length in chars, stepping by word).
fn best_window(text: &str, exact: &str) -> Option<(f64, usize, usize)> {
    let len = exact.chars().count();
    let total = text.chars().count();
    if len == 0 || total == 0 {
        return None;
    }
    let starts = std::iter::once(0)
        .chain(text.char_indices().filter(|(_, c)| c.is_whitespace()).map(|(b, _)| text[..b].chars().count() + 1));
    starts
        .filter(|&s| s < total)
        .map(|s| {
            let end = (s + len).min(total);
            (strsim::sorensen_dice(char_slice(text, s, end), exact), s, end)
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::open::{EMBEDDED_TEXT, embedded, from_bytes};

    fn entry<'a>(doc: &'a Document, n: &str) -> &'a Entry {
        doc.find_entry(n).map(|(_, e)| e).unwrap()
    }

    #[test]
    fn notes_follow_their_text_through_edits() {
        let old = embedded().unwrap();
        let e = entry(&old, "5.4");
        let start = e.text.find("Near East").unwrap();
        let mut hl = Note::highlight(&old, e, start, start + "Near East".len(), "region");
        let mut whole = Note::on_entry(&old, entry(&old, "2.1"), "China");

        // Unchanged document: nothing moves.
        assert_eq!(reanchor(&mut hl.clone(), &old), Placement::Unchanged);

        // An entry inserted before, and words added inside the highlighted entry.
        let text = EMBEDDED_TEXT
            .replace("  • Reformed the asylum", "  • Opened new offices.\n  • Reformed the asylum")
            .replace("including increased resettlement", "including greatly increased resettlement");
        let new = from_bytes(text.as_bytes(), None).unwrap();
        assert_eq!(reanchor(&mut hl, &new), Placement::Moved);
        let now = entry(&new, "5.5");
        assert_eq!(hl.anchor.entry_id, now.id);
        assert_eq!(char_slice(&now.text, hl.anchor.start, hl.anchor.end), "Near East");
        assert_eq!(hl.anchor.doc_rev, new.rev);
        assert_eq!(reanchor(&mut whole, &new), Placement::Moved, "rev changed, entry id the same");
        assert_eq!(whole.anchor.entry_id, entry(&new, "2.1").id);
    }

    #[test]
    fn fuzzy_match_then_orphan() {
        let old = embedded().unwrap();
        let e = entry(&old, "3.2");
        let mut whole = Note::on_entry(&old, e, "Sierra Leone court");
        // The entry is reworded a little: its id changes, the fuzzy match finds it.
        let text = EMBEDDED_TEXT
            .replace("egregious criminal violations in Sierra Leone", "egregious violations in Sierra Leone");
        let new = from_bytes(text.as_bytes(), None).unwrap();
        assert!(new.find_entry(&e.id).is_none());
        assert_eq!(reanchor(&mut whole, &new), Placement::Moved);
        assert_eq!(whole.anchor.entry_id, entry(&new, "3.2").id);
        // The entry is gone altogether: orphaned, and the note keeps its old anchor.
        let gone = EMBEDDED_TEXT.replace(&format!("  • {}\n", e.text), "");
        let new = from_bytes(gone.as_bytes(), None).unwrap();
        let mut again = Note::on_entry(&old, e, "x");
        let before = again.anchor.clone();
        assert_eq!(reanchor(&mut again, &new), Placement::NewlyOrphaned);
        assert_eq!(again.anchor.unplaced_on.as_deref(), Some(new.rev.as_str()));
        // The failed search is remembered for this text; the rest of the anchor is as it was.
        assert_eq!(reanchor(&mut again, &new), Placement::Orphaned);
        assert_eq!(Anchor { unplaced_on: None, ..again.anchor.clone() }, before);
        // On the old text it is placed again, and forgets the failure.
        assert_eq!(reanchor(&mut again, &old), Placement::Moved);
        assert_eq!(again.anchor, before);
    }

    #[test]
    fn repeated_quote_is_placed_by_its_context() {
        let doc = embedded().unwrap();
        // "human rights" occurs many times; the context picks the right one.
        let e = entry(&doc, "2.2");
        let start = e.text.find("improve their human rights").unwrap() + "improve their ".len();
        let start = e.text[..start].chars().count();
        let mut hl = Note::highlight(&doc, e, start, start + 12, "");
        hl.anchor.entry_id = "gone".into();
        hl.anchor.doc_rev = "old".into();
        assert_eq!(reanchor(&mut hl, &doc), Placement::Moved);
        assert_eq!(hl.anchor.entry_id, e.id);
        assert_eq!(hl.anchor.start, start);
    }
}
