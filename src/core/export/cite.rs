//! Citations for a quoted passage: Chicago style (notes and bibliography, for a web page)
//! to paste into writing, and a BibTeX entry to paste into a reference manager.

use crate::core::model::{Document, Entry, Section};
use time::Date;

/// Where a passage comes from: the record, its section and entry.
#[derive(Debug, Clone, Copy)]
pub struct Cited<'a> {
    pub doc: &'a Document,
    pub section: &'a Section,
    pub entry: &'a Entry,
    /// The passage, as selected.
    pub passage: &'a str,
    /// When the reader read it (the access date of a web source).
    pub accessed: Date,
}

/// The record's web address, when its source is one (a file path is no citation).
fn url(doc: &Document) -> Option<&str> {
    doc.meta.url.as_deref().filter(|s| s.starts_with("https://") || s.starts_with("http://"))
}

fn long_date(d: Date) -> String {
    format!("{} {}, {}", d.month(), d.day(), d.year())
}

/// Chicago style: the passage in quotation marks, then the record's publisher, title,
/// section, entry number, address and access date. (The record's own date is not known to
/// the model yet; the quote's date is a speech's, not the record's, and is left out.)
///
/// “Worked with partners …” The White House (Clinton Administration), “Promoting Democracy
/// and Human Rights,” section “Advancing Democracy Worldwide,” entry 1.1,
/// https://…, accessed November 30, 2026.
pub fn chicago(c: &Cited<'_>) -> String {
    let meta = &c.doc.meta;
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = meta.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        parts.push(p.trim().to_owned());
    }
    parts.push(format!("“{},”", meta.title.trim()));
    let mut line = parts.join(", ");
    line.push_str(&format!(" section “{},” entry {}", c.section.title.trim(), c.entry.number));
    if let Some(u) = url(c.doc) {
        let accessed = c.doc.meta.accessed.clone().unwrap_or_else(|| long_date(c.accessed));
        line.push_str(&format!(", {u}, accessed {accessed}"));
    }
    format!("“{}” {line}.", c.passage.trim())
}

/// Text as the value of a braced BibTeX field, read back the same by BibTeX and `biber`: braces
/// and a backslash as the commands that print them (a bare one would end the field or start a
/// command), the characters TeX treats as commands escaped, `<` and `>` as commands, `--` kept from becoming a dash,
/// line breaks and other control characters as spaces. Other characters, non-ASCII too, are
/// kept as UTF-8.
pub(crate) fn bib(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev = None;
    for ch in s.chars() {
        match ch {
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            // Printed as themselves whatever the font encoding (OT1 has ¡ and ¿ there).
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '-' if prev == Some('-') => out.push_str("{}-"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
        prev = Some(ch);
    }
    out
}

/// A web address as the value of a BibTeX `url` field, which BibTeX styles and `biber` read
/// verbatim: the characters that could end the field or the address (braces, backslash, white
/// space, controls) percent-encoded, the rest as it is.
pub(crate) fn bib_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for ch in url.chars() {
        if matches!(ch, '{' | '}' | '\\' | '"') || ch.is_whitespace() || ch.is_control() {
            let mut buf = [0; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(ch);
        }
    }
    out
}

/// The words of a citation key: the title's first three words, lower-case ASCII letters and
/// digits only, joined by hyphens (empty when the title has none).
pub(crate) fn key_words(title: &str) -> String {
    title
        .split_whitespace()
        .map(|w| w.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join("-")
}

/// A BibTeX `@misc` entry for the record, with the passage and its place in a note.
pub fn bibtex(c: &Cited<'_>) -> String {
    let meta = &c.doc.meta;
    let key = key_words(&meta.title);
    let mut fields = vec![format!("  title = {{{}}}", bib(&meta.title))];
    if let Some(p) = meta.publisher.as_deref() {
        fields.push(format!("  organization = {{{}}}", bib(p)));
    }
    if let Some(u) = url(c.doc) {
        fields.push(format!("  url = {{{}}}", bib_url(u)));
        let accessed = c.doc.meta.accessed.clone().unwrap_or_else(|| c.accessed.to_string());
        fields.push(format!("  urldate = {{{}}}", bib(&accessed)));
    }
    fields.push(format!(
        "  note = {{Section ``{}'', entry {}: ``{}''}}",
        bib(&c.section.title),
        bib(&c.entry.number),
        bib(c.passage.trim())
    ));
    format!("@misc{{{},\n{}\n}}\n", if key.is_empty() { "record".to_owned() } else { key }, fields.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn cited(doc: &Document) -> Cited<'_> {
        let (section, entry) = doc.find_entry("1.3").unwrap();
        Cited {
            doc,
            section,
            entry,
            passage: "restore the elected Government of Haiti",
            accessed: date!(2026 - 11 - 30),
        }
    }

    #[test]
    fn chicago_names_the_record_section_entry_address_and_access_date() {
        let doc = crate::core::open::embedded().unwrap();
        assert_eq!(
            doc.meta.url.as_deref(),
            Some("https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html")
        );
        let text = chicago(&cited(&doc));
        assert_eq!(
            text,
            "“restore the elected Government of Haiti” The White House (Clinton Administration), \
             “Promoting Democracy and Human Rights,” section “Advancing Democracy Worldwide,” entry 1.3, \
             https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html, \
             accessed November 30, 2026."
        );
    }

    #[test]
    fn a_file_path_is_not_cited_as_an_address() {
        let mut doc = crate::core::open::embedded().unwrap();
        doc.meta.url = Some("/home/me/records/nsc-25.txt".to_owned());
        let text = chicago(&cited(&doc));
        assert!(!text.contains("/home/me") && !text.contains("accessed"), "{text}");
        assert!(!bibtex(&cited(&doc)).contains("url"));
    }

    #[test]
    fn bibtex_is_one_entry_whose_fields_cannot_be_broken_out_of() {
        let mut doc = crate::core::open::embedded().unwrap();
        doc.meta.title = "Rights {and} \\wrongs & 100% of it".to_owned();
        doc.meta.url = Some("https://example.org/a_b".to_owned());
        let entry = bibtex(&cited(&doc));
        assert!(entry.starts_with("@misc{rights-and-wrongs,\n"), "{entry}");
        assert!(
            entry.contains(
                "title = {Rights \\textbraceleft{}and\\textbraceright{} \\textbackslash{}wrongs \\& 100\\% of it}"
            ),
            "{entry}"
        );
        // The address is read verbatim: an underscore stays as it is.
        assert!(entry.contains("url = {https://example.org/a_b}") && entry.contains("urldate = {2026-11-30}"));
        assert_eq!(entry.matches('{').count(), entry.matches('}').count(), "{entry}");
    }
}
