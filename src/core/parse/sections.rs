//! The body of a record as the assembler reads it (sections, their group headings, the
//! related remarks), and what plain text's line classifier ([`super::classify`]) asks of an
//! item of the body: a heading (bullets that are really headings)? entries run together on
//! one line? a source note, a credit, a paragraph that is not an entry?

use super::items::{Item, Kind, may_run_together};
use crate::core::dates::trailing_date;
use crate::core::model::Reference;
use crate::core::text::{ends_sentence, is_title_like};
use rayon::prelude::*;

/// A section as read: its title, the group heading it sits under, its entries' text.
pub(crate) struct RawSection {
    pub(crate) title: String,
    pub(crate) group: Option<RawGroup>,
    /// See [`crate::core::model::Section::description`].
    pub(crate) description: Option<String>,
    pub(crate) entries: Vec<String>,
}

/// A group heading as read: its title, and which group heading of the page it is (two
/// headings of one title are two groups, each over its own sections).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawGroup {
    pub(crate) title: String,
    pub(crate) nth: usize,
    /// See [`crate::core::model::Group::heads_section`].
    pub(crate) heads_section: bool,
}

/// A record's body as read: sections and the related remarks.
pub(crate) struct Body {
    /// Entries' spaces are squashed later, with their ids, on every core.
    pub(crate) sections: Vec<RawSection>,
    pub(crate) references_title: Option<String>,
    pub(crate) references: Vec<Reference>,
    /// Paragraphs of the body that are not entries ([`not_an_entry`]).
    pub(crate) unplaced: Vec<String>,
}

/// A paragraph of the body that is not an entry: a source note in brackets ("[source:
/// …]"), a photo credit ("AP/Wide World Photos"), a lead-in to a list (ending in ":"), or,
/// in a record whose entries are bullets, any other paragraph of running text.
pub(super) fn not_an_entry(item: &Item, bulleted: bool) -> bool {
    let text = item.text();
    let t = text.trim();
    is_bracketed(t) || is_credit(t) || (bulleted && (t.ends_with(':') || item.is_prose()))
}

/// A note in square brackets: "[source: National Security Council]".
pub(super) fn is_bracketed(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('[') && t.ends_with(']')
}

/// A photo credit: a short line naming a picture agency or a credit ("AP/Wide World
/// Photos", "Photo courtesy of USAID").
pub(super) fn is_credit(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    t.split_whitespace().count() <= 8
        && !ends_sentence(t)
        && ["photo", "courtesy of", "ap/", "reuters", "getty images", "credit:"].iter().any(|w| lower.contains(w))
}

/// The fewest items the facts of which are asked on one core.
const FACTS_MIN: usize = 4_000;

/// What the section loop of [`read_body`] asks of one item of the body.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ItemFacts {
    /// [`Item::ref_count`].
    pub(super) ref_count: Option<usize>,
    /// A heading: a one-line paragraph that reads like one, or a bullet that is one
    /// ([`bullet_is_heading`]).
    pub(super) heading: bool,
    /// A bullet that may hold entries run together ([`may_run_together`]).
    pub(super) run_together: bool,
}

impl ItemFacts {
    /// The facts of the items in `body`. They depend only on the items, so they are asked of
    /// them all at once, on every core, before the loop moves entries' text out of their
    /// items. A short body stays on this thread (see [`crate::core::open::HASH_BESIDE_BYTES`]).
    pub(super) fn of_all(items: &[Item], body: std::ops::Range<usize>) -> Vec<Self> {
        let of = |k| Self::of(items, k);
        if body.len() < 2 * FACTS_MIN {
            body.map(of).collect()
        } else {
            body.into_par_iter().with_min_len(FACTS_MIN).map(of).collect()
        }
    }

    fn of(items: &[Item], k: usize) -> Self {
        let item = &items[k];
        let ref_count = item.ref_count();
        let (heading, run_together) = match item.kind {
            Kind::Para => (item.is_heading_para_with(ref_count), false),
            Kind::Bullet { .. } => {
                // The item before is not a bullet, or it ends a sentence.
                let prev_ok = k == 0 || !items[k - 1].is_bullet() || ends_sentence(&items[k - 1].lines[0]);
                let heading = bullet_is_heading(items, k, prev_ok);
                (heading, !heading && may_run_together(&item.lines[0]))
            }
        };
        Self { ref_count, heading, run_together }
    }
}

/// A bullet that is really a section heading: short and title-like, no closing period,
/// between entries that are sentences.
/// `prev_ok`: the item before is not a bullet, or it ends a sentence.
fn bullet_is_heading(items: &[Item], i: usize, prev_ok: bool) -> bool {
    let text = &items[i].lines[0];
    if text.ends_with(['.', ':', ';', ',', '!', '?']) || !is_title_like(text) || text.split_whitespace().count() > 15 {
        return false;
    }
    let Some(next) = items.get(i + 1) else {
        return false;
    };
    let next_text = next.text();
    let next_is_entry = next.is_bullet() && ends_sentence(&next_text) && !is_title_like(&next_text);
    next_is_entry && prev_ok
}

pub(crate) fn reference_from_line(line: &str) -> Reference {
    match trailing_date(line) {
        Some((date, at)) => {
            let mut title = line[..at].trim_end().trim_end_matches([',', '-', '–', '—', ':', '(', '|', ' ']).to_owned();
            // `Fact Sheet: "U.S. Efforts …,"` → `Fact Sheet: "U.S. Efforts …"`
            for close in ["\"", "”"] {
                if let Some(stripped) = line[..at].trim_end().strip_suffix(&format!(",{close}")) {
                    title = format!("{}{close}", stripped.trim_end());
                }
            }
            Reference { title, date: Some(date) }
        }
        None => Reference { title: line.trim().to_owned(), date: None },
    }
}
