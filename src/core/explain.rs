//! Where each line of a page went: `record-reader inspect FILE --explain`, for readers who
//! wonder why a line is where it is, and for bug reports.
//!
//! Each non-blank line of the page's text (as decoded: a saved page's visible text, a
//! Markdown copy without its marks) is found in the part of the record that holds it, in
//! reading order, and is given that part's role and the general rule that puts lines there.

use crate::core::model::Document;
use crate::core::text::{collapse_letter_spacing, normalise_for_id};

/// A line of the page and what the record made of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRole {
    /// 1-based, in the page's text.
    pub number: usize,
    pub line: String,
    /// "title", "quote", "entry 2.3", "other text" …
    pub role: String,
    /// The rule that puts such lines there.
    pub rule: &'static str,
    /// For a page read into blocks (Markdown, a saved page), the block the line is in, as
    /// its reader named it ("<li>", "# heading", "paragraph").
    pub block: Option<&'static str>,
}

/// One part of the record, in reading order: its role, rule and text (reduced as
/// [`normalise_for_id`] reduces it).
struct Part {
    role: String,
    rule: &'static str,
    text: String,
}

fn parts(doc: &Document) -> Vec<Part> {
    let part =
        |role: String, rule, text: &str| Part { role, rule, text: normalise_for_id(&collapse_letter_spacing(text)) };
    let mut parts = Vec::new();
    for line in &doc.masthead {
        let title = collapse_letter_spacing(line) == doc.meta.title;
        let (role, rule) = if title {
            ("title", "the page's heading above the quote and introduction, not navigation or a date")
        } else {
            ("page head", "above the quote and introduction: site banner, navigation, subtitle or dateline")
        };
        parts.push(part(role.to_owned(), rule, line));
    }
    if let Some(q) = &doc.quote {
        parts.push(part(
            "quote".to_owned(),
            "a quotation at the top, in quote marks or over a speaker's name",
            &q.text,
        ));
        if let Some(a) = q.attribution() {
            parts.push(part(
                "attribution".to_owned(),
                "the speaker, occasion and date on the lines after the quote",
                &a,
            ));
        }
    }
    for para in doc.intro.split("\n\n") {
        parts.push(part("introduction".to_owned(), "running text before the first heading or entry", para));
    }
    let mut group = None;
    for s in &doc.sections {
        if let Some(g) = &s.group
            && group != Some(&g.id)
        {
            parts.push(part("group heading".to_owned(), "a heading straight over another heading", &g.title));
        }
        group = s.group.as_ref().map(|g| &g.id);
        parts.push(part("section heading".to_owned(), "a short title-like line over entries", &s.title));
        if let Some(d) = &s.description {
            for para in d.split("\n\n") {
                let rule = "under the heading, before its first entry: its lead-in or what it says of them";
                parts.push(part("section description".to_owned(), rule, para));
            }
        }
        for e in &s.entries {
            let rule =
                "a bullet, with the wrapped lines that go on from it (or a paragraph, in a record without bullets)";
            parts.push(part(format!("entry {}", e.number), rule, &e.text));
        }
    }
    if let Some(t) = &doc.references_title {
        parts.push(part("remarks heading".to_owned(), "the heading over the related remarks", t));
    }
    for r in &doc.references {
        parts.push(part("related remark".to_owned(), "a title with a date at its end, after the sections", &r.title));
    }
    for t in &doc.unplaced {
        let rule = "none of the record's parts: a lead-in, a source note, a credit, a paragraph between lists, a heading over nothing";
        parts.push(part("other text".to_owned(), rule, t));
    }
    for line in &doc.footer {
        parts.push(part("page foot".to_owned(), "navigation and legal lines at the end of the page", line));
    }
    parts
}

/// Each non-blank line of `text` (the page `doc` was read from) with its role.
pub fn explain(text: &str, doc: &Document) -> Vec<LineRole> {
    let parts = parts(doc);
    let mut at = 0; // the part the last line was found in: the page is read in order
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let key = normalise_for_id(&collapse_letter_spacing(line));
        if key.is_empty() {
            continue;
        }
        // A bullet's marker is no word of the entry: look for the rest too.
        let rest = key.split_once(' ').map_or("", |(_, r)| r);
        let holds = |p: &Part| p.text.contains(&key) || (rest.len() > 3 && p.text.contains(rest));
        let find = |holds: &dyn Fn(&Part) -> bool| {
            parts[at..].iter().position(holds).map(|k| at + k).or_else(|| parts.iter().position(holds))
        };
        // A line that holds several parts (entries run together on it) starts in one.
        let first_words = |t: &str| t.split(' ').take(8).collect::<Vec<_>>().join(" ");
        let (start, start_rest) = (first_words(&key), first_words(rest));
        let begins = |p: &Part| {
            (start.len() > 12 && p.text.starts_with(&start))
                || (start_rest.len() > 12 && p.text.starts_with(&start_rest))
        };
        // A line that holds a whole part and more (a remark's title and its date).
        let within = |p: &Part| p.text.len() >= 12 && key.contains(&p.text);
        let (role, rule) = if let Some(k) = find(&holds) {
            at = k;
            (parts[k].role.clone(), parts[k].rule)
        } else if let Some(k) = find(&begins) {
            at = k;
            let role = format!("{} and the parts after it", parts[k].role);
            (role, "several parts on one line, split after each sentence end that starts another")
        } else if let Some(k) = find(&within) {
            at = k;
            (parts[k].role.clone(), parts[k].rule)
        } else if let Some(k) = find(&|p: &Part| start.len() > 12 && p.text.contains(&start)) {
            // A line whose start is inside a part and whose end is another's: a table's
            // cells run together ("… the post-Cold War world. President ClintonSan Francisco").
            at = k;
            let role = format!("{} and the parts after it", parts[k].role);
            (role, "a line that runs on from one part into the next, its parts read apart")
        } else {
            ("not read".to_owned(), "found in no part of the record (please report it)")
        };
        out.push(LineRole { number: i + 1, line: line.trim_end().to_owned(), role, rule, block: None });
    }
    out
}

/// [`explain`] of the text a file was decoded to, each line naming its block too: the
/// block a reader of Markdown or a saved page made of it, or the role plain text's line
/// classifier gave it.
pub fn explain_decoded(decoded: &crate::core::decode::Decoded, doc: &Document) -> Vec<LineRole> {
    let mut roles = explain(&decoded.text, doc);
    match &decoded.blocks {
        Some(page) => {
            // The blocks' text is [`crate::core::blocks::Page::text`]: each block's lines,
            // then a blank line.
            let mut rule_of_line = Vec::new();
            for b in &page.blocks {
                rule_of_line.extend(std::iter::repeat_n(Some(b.rule), b.text.lines().count()));
                rule_of_line.push(None);
            }
            for r in &mut roles {
                r.block = rule_of_line.get(r.number - 1).copied().flatten();
            }
        }
        None => {
            let hints = crate::core::parse::Hints::default();
            if let Ok(page) = crate::core::parse::read_blocks(&decoded.text, &hints) {
                name_blocks_by_text(&mut roles, &page.blocks);
            }
        }
    }
    roles
}

/// Names each line's block by finding its words in the blocks, in reading order: a text's
/// blocks are made of its lines cleaned, joined and split, so their lines are not the
/// page's.
fn name_blocks_by_text(roles: &mut [LineRole], blocks: &[crate::core::blocks::Block]) {
    let keys: Vec<String> = blocks.iter().map(|b| normalise_for_id(&collapse_letter_spacing(&b.text))).collect();
    let mut at = 0;
    for r in roles {
        let key = normalise_for_id(&collapse_letter_spacing(&r.line));
        let rest = key.split_once(' ').map_or("", |(_, rest)| rest); // after a bullet's marker
        let start = key.split(' ').take(8).collect::<Vec<_>>().join(" ");
        let holds = |k: &String| {
            k.contains(&key) || (rest.len() > 3 && k.contains(rest)) || (start.len() > 12 && k.contains(&start))
        };
        let found = keys[at..].iter().position(holds).map(|k| at + k).or_else(|| keys.iter().position(holds));
        if let Some(k) = found {
            at = k;
            r.block = Some(blocks[k].rule);
        } else {
            // The pull quote is read by the classifier across lines, not made a block.
            r.block = match r.role.as_str() {
                "quote" => Some("quotation read across lines"),
                "attribution" => Some("line under the quotation"),
                _ => None,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_the_built_in_record_has_its_role() {
        let doc = crate::core::open::embedded().unwrap();
        let roles = explain(crate::core::open::EMBEDDED_TEXT, &doc);
        assert!(roles.iter().all(|r| r.role != "not read"), "{:?}", roles.iter().find(|r| r.role == "not read"));
        let role_of =
            |start: &str| roles.iter().find(|r| r.line.trim_start().starts_with(start)).map(|r| r.role.as_str());
        assert_eq!(role_of("Advancing Democracy Worldwide"), Some("section heading"));
        assert_eq!(role_of("President Clinton has made"), Some("introduction"));
        assert!(role_of("• Worked with partners").is_some_and(|r| r == "entry 1.1"));
        assert!(role_of("• Contributed substantial").is_some_and(|r| r.ends_with("and the parts after it")));
    }
}
