//! `record-reader inspect`, `regions` and `cite`: a record read, and what is in it.

use super::text::{Console, visible};
use crate::core::{Document, open};
use anyhow::Context as _;
use serde::Serialize;
use std::path::Path;

/// Opens FILE, or the embedded record when there is none. Errors name the file.
pub fn load_document(file: Option<&Path>) -> anyhow::Result<Document> {
    match file {
        Some(path) => open::open_path(path).with_context(|| format!("cannot open {}", path.display())),
        None => open::embedded().context("the built-in document could not be read"),
    }
}

/// The JSON shape of `record-reader inspect --json`.
#[derive(Debug, Serialize)]
pub struct InspectJson<'a> {
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    /// The record's date, as the library files it (ISO 8601): a Markdown copy's front
    /// matter `date:`, else its quote's, else its latest related remark's.
    pub date: Option<String>,
    pub doc_id: &'a str,
    pub doc_rev: &'a str,
    pub masthead: &'a [String],
    pub quote: Option<&'a crate::core::Quote>,
    pub intro: &'a str,
    pub sections: &'a [crate::core::Section],
    pub references_title: Option<&'a str>,
    pub references: &'a [crate::core::Reference],
    pub footer: &'a [String],
    /// Text of the page that is none of the record's parts.
    pub unplaced: &'a [String],
}

impl<'a> InspectJson<'a> {
    pub fn new(doc: &'a Document) -> Self {
        Self {
            title: &doc.meta.title,
            publisher: doc.meta.publisher.as_deref(),
            date: crate::core::library::record_date(doc).map(crate::core::dates::PartialDate::iso),
            doc_id: &doc.id,
            doc_rev: &doc.rev,
            masthead: &doc.masthead,
            quote: doc.quote.as_ref(),
            intro: &doc.intro,
            sections: &doc.sections,
            references_title: doc.references_title.as_deref(),
            references: &doc.references,
            footer: &doc.footer,
            unplaced: &doc.unplaced,
        }
    }
}

/// A readable outline of the document.
pub fn outline(doc: &Document) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "{}", doc.meta.title);
    if let Some(p) = &doc.meta.publisher {
        let _ = writeln!(s, "{p}");
    }
    if let Some(date) = crate::core::library::record_date(doc) {
        let _ = writeln!(s, "Dated {}", date.iso());
    }
    let _ = writeln!(
        s,
        "{} sections, {} entries, {} related remarks",
        doc.sections.len(),
        doc.entry_count(),
        doc.references.len()
    );
    if let Some(q) = &doc.quote {
        let _ = writeln!(s, "\n“{}”", q.text);
        if let Some(attribution) = q.attribution() {
            let _ = writeln!(s, "    — {attribution}");
        }
    }
    if !doc.intro.is_empty() {
        let _ = writeln!(s, "\n{}", doc.intro);
    }
    let mut group = None;
    for (i, sec) in doc.sections.iter().enumerate() {
        if let Some(g) = &sec.group
            && group != Some(&g.id)
        {
            let _ = writeln!(s, "\n{}", g.title);
        }
        group = sec.group.as_ref().map(|g| &g.id);
        let _ = writeln!(s, "\n{}. {} · {}", i + 1, sec.title, sec.entries.len());
        for e in &sec.entries {
            let _ = writeln!(s, "  {:>5}  {}", e.number, e.text);
        }
    }
    if !doc.references.is_empty() {
        let _ = writeln!(
            s,
            "\n{} · {}",
            doc.references_title.as_deref().unwrap_or("Related remarks"),
            doc.references.len()
        );
        for r in &doc.references {
            let date = r.date.map_or_else(|| "----------".to_owned(), crate::core::dates::PartialDate::iso);
            let _ = writeln!(s, "  {date:<10}  {}", r.title);
        }
    }
    if !doc.unplaced.is_empty() {
        let _ = writeln!(s, "\nOther text on this page · {}", doc.unplaced.len());
        for text in &doc.unplaced {
            let _ = writeln!(s, "  {text}");
        }
    }
    s
}

/// Tells the reader, on stderr, what they should know about how the document was read
/// (stdout carries the document itself).
fn print_warnings(doc: &Document, con: &Console<'_>) {
    for warning in &doc.warnings {
        con.warn(&format!("warning: {warning}"));
    }
}

/// `record-reader inspect`.
pub fn inspect(file: Option<&Path>, json: bool, explain: bool, con: &mut Console<'_>) -> anyhow::Result<()> {
    let doc = load_document(file)?;
    print_warnings(&doc, con);
    if explain {
        let roles = match file {
            Some(path) => {
                let decoded = open::read_decoded(path).with_context(|| format!("cannot read {}", path.display()))?;
                crate::core::explain::explain_decoded(&decoded, &doc)
            }
            None => crate::core::explain::explain(open::EMBEDDED_TEXT, &doc),
        };
        // The rule is told on the first line of each run of one role; a page read into
        // blocks names each line's block too.
        let mut last_role = String::new();
        for r in roles {
            if r.role != last_role {
                writeln!(con.out, "       {:<28} ({})", "", visible(r.rule))?;
            }
            let role = match r.block {
                Some(block) => format!("{} [{block}]", r.role),
                None => r.role.clone(),
            };
            writeln!(con.out, "{:>5}  {:<28} {}", r.number, visible(&role), visible(r.line.trim()))?;
            last_role = r.role;
        }
    } else if json {
        writeln!(con.out, "{}", super::text::json(&InspectJson::new(&doc))?)?;
    } else {
        // Record text can hold control characters: shown as escapes, its line breaks kept.
        write!(con.out, "{}", super::text::visible_lines(&outline(&doc)))?;
    }
    Ok(())
}

/// `record-reader regions`: bureau, entry count, countries named (with entry counts).
pub fn regions(file: Option<&Path>, con: &mut Console<'_>) -> anyhow::Result<()> {
    let doc = load_document(file)?;
    print_warnings(&doc, con);
    let g = crate::core::places::gazetteer()?;
    let table = crate::core::places::region_table(&doc);
    writeln!(con.out, "{:<5} {:<24} {:>7}  countries", "code", "region", "entries")?;
    for (bureau, (count, countries)) in &table {
        let (code, name) = match bureau {
            Some(b) => (b.code(), b.name()),
            None => ("-", "No specific place"),
        };
        let list: Vec<String> = countries
            .iter()
            .map(|(a2, n)| {
                let name = visible(g.country(a2).map_or(a2.as_str(), |c| c.name.as_str())).into_owned();
                if *n > 1 { format!("{name} ({n})") } else { name }
            })
            .collect();
        writeln!(con.out, "{code:<5} {name:<24} {count:>7}  {}", list.join(", "))?;
    }
    writeln!(con.out, "{} entries in all", doc.entry_count())?;
    Ok(())
}

/// `record-reader cite`: the entry (or the passage of it) with its citation in `style`.
pub fn cite(
    file: Option<&Path>,
    number: &str,
    quote: Option<&str>,
    style: crate::core::export::cite::CiteStyle,
    con: &mut Console<'_>,
) -> anyhow::Result<()> {
    let doc = load_document(file)?;
    print_warnings(&doc, con);
    let (section, entry) = doc.find_entry(number.trim()).with_context(|| {
        format!("the record has no entry {number:?} (entries are numbered by section, e.g. 1.1 or 5.2)")
    })?;
    let passage = match quote.map(str::trim) {
        Some("") => anyhow::bail!("--quote is empty"),
        Some(q) if !entry.text.contains(q) => {
            anyhow::bail!("entry {} does not contain the quoted text {q:?}", entry.number)
        }
        Some(q) => q,
        None => entry.text.as_str(),
    };
    let cited = crate::core::export::cite::Cited {
        doc: &doc,
        section,
        entry,
        passage,
        accessed: time::OffsetDateTime::now_utc().date(),
    };
    writeln!(con.out, "{}", crate::core::export::cite::cite(&cited, style)?)?;
    Ok(())
}
