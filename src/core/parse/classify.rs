//! Plain text's line classifier: the items of a text (its bullets and paragraphs, from
//! [`super::items`]) given their roles as [`Block`]s, each with the rule that gave it, for the
//! one assembler ([`crate::core::blocks::assemble`]) that reads every format's blocks.
//!
//! Text states none of its structure, so this is where it is guessed, line by line:
//! - the masthead (site banner, navigation, the title) and the footer's navigation and
//!   legal lines are the site's ([`Block::chrome`]);
//! - the pull quote and its attribution are read here ([`super::head`]), across lines;
//! - a short title-like line over entries is a heading: of level 2 when it is straight over
//!   another heading (a group's) or heads no group, of level 3 under a group. A heading in
//!   the group heading's style (capitals, or not) ends the group once the group heads a
//!   section;
//! - a bullet is a list item; entries run together on one line ("…Union.· Pressed …") are
//!   several; a bullet in square brackets is a source note, not an entry;
//! - in a record of bullets, its other paragraphs of running text are paragraphs; in a
//!   record without bullets, its paragraphs are its entries (list items here);
//! - lines of a title and a date after the entries are the related remarks.

use super::head::Head;
use super::items::{Item, Kind as ItemKind, split_run_together};
use super::sections::{ItemFacts, is_bracketed, is_credit, not_an_entry};
use crate::core::blocks::{Block, Kind};
use crate::core::text::collapse_letter_spacing;

/// The blocks of a text: masthead, introduction, body items (from `head.end` to `body_end`,
/// where the footer starts; entries' text is moved out of their items) and footer.
pub(super) fn blocks(items: &mut [Item], head: &Head, body_end: usize) -> Vec<Block> {
    let mut out = Vec::with_capacity(items.len() + head.masthead_raw.len());
    for line in &head.masthead_raw {
        out.push(chrome(collapse_letter_spacing(line), "line above the quote"));
    }
    for para in &head.intro {
        out.push(Block::new(Kind::Para, para.clone(), "paragraph before the body"));
    }
    let mut body = Body::new(items, head.end, body_end);
    for i in head.end..body_end {
        body.read(items, i, &mut out);
    }
    for item in &items[body_end..] {
        for line in &item.lines {
            out.push(chrome(line.clone(), "navigation line at the end"));
        }
    }
    out
}

fn chrome(text: String, rule: &'static str) -> Block {
    let mut b = Block::new(Kind::Para, text, rule);
    b.chrome = true;
    b
}

/// The body's reading so far.
struct Body {
    start: usize,
    facts: Vec<ItemFacts>,
    /// A record of bullets has its entries in them: its other paragraphs are not entries.
    bulleted: bool,
    /// The group heading the sections are under: whether it is in capitals.
    group: Option<bool>,
    /// Whether a section heading has been read under the group yet.
    group_used: bool,
    /// A heading or an entry has been read.
    begun: bool,
    /// In the related remarks, after the entries.
    in_refs: bool,
}

impl Body {
    fn new(items: &[Item], start: usize, end: usize) -> Self {
        let bulleted = items.get(start..end).unwrap_or_default().iter().filter(|it| it.is_bullet()).count() >= 2;
        let facts = ItemFacts::of_all(items, start..end);
        Self { start, facts, bulleted, group: None, group_used: false, begun: false, in_refs: false }
    }

    fn fact(&self, k: usize) -> ItemFacts {
        self.facts.get(k.wrapping_sub(self.start)).copied().unwrap_or_default()
    }

    fn read(&mut self, items: &mut [Item], i: usize, out: &mut Vec<Block>) {
        let f = self.fact(i);
        let end = self.start + self.facts.len();
        let starts_refs = f.ref_count.is_some_and(|r| r > 1 || self.fact(i + 1).ref_count.is_some() || i + 1 == end);
        self.in_refs |= starts_refs && self.begun;
        let item = &mut items[i];
        if self.in_refs {
            return read_remark(item, f, out);
        }
        match &item.kind {
            ItemKind::Para if is_credit(&item.text()) => {
                out.push(Block::new(Kind::Para, item.text(), "photo credit"));
            }
            _ if f.heading => {
                let next_heading = self.fact(i + 1).heading && self.fact(i + 1).ref_count.is_none();
                let title = item.lines[0].clone();
                out.push(self.heading(title, next_heading && i + 1 < end));
            }
            ItemKind::Bullet { .. } if is_bracketed(&item.lines[0]) => {
                out.push(Block::new(Kind::Para, item.text(), "bullet in brackets"));
            }
            ItemKind::Bullet { .. } if f.run_together => {
                self.begun = true;
                for piece in split_run_together(&item.lines[0]) {
                    out.push(Block::new(Kind::Item(0), piece, "bullets run together"));
                }
            }
            ItemKind::Bullet { .. } => {
                self.begun = true;
                // The usual entry: its text is moved, not copied (nothing looks at it again).
                let text = std::mem::take(&mut item.lines[0]);
                out.push(Block::new(Kind::Item(0), text, "bullet and its wrapped lines"));
            }
            ItemKind::Para if not_an_entry(item, self.bulleted) => {
                let rule = "paragraph among bullets";
                out.push(Block::new(Kind::Para, item.text(), rule));
            }
            ItemKind::Para => {
                self.begun = true;
                out.push(Block::new(Kind::Item(0), item.text(), "paragraph of a record without bullets"));
            }
        }
    }

    /// A heading of the level its place among the headings gives it.
    fn heading(&mut self, title: String, over_heading: bool) -> Block {
        self.begun = true;
        let capitals = crate::core::blocks::in_capitals(&title);
        if self.group_used && self.group == Some(capitals) {
            self.group = None;
        }
        if over_heading {
            self.group = Some(capitals);
            self.group_used = false;
            return Block::new(Kind::Heading(2), title, "title-like line over a heading");
        }
        self.group_used |= self.group.is_some();
        let level = if self.group.is_some() { 3 } else { 2 };
        Block::new(Kind::Heading(level), title, "title-like line")
    }
}

/// An item of the related remarks: each line of a title and a date a remark, anything else
/// (a sub-heading) other text.
fn read_remark(item: &Item, f: ItemFacts, out: &mut Vec<Block>) {
    let rule = "line ending in a date";
    match f.ref_count.and_then(|_| item.ref_lines()) {
        Some(lines) => out.extend(lines.into_iter().map(|l| Block::new(Kind::Para, l, rule))),
        None => out.push(Block::new(Kind::Para, item.text(), "line among dated lines")),
    }
}
