//! Citations for a quoted passage, to paste into writing: Chicago (notes and bibliography),
//! APA and MLA, formatted by `hayagriva` from the CSL styles it bundles (the citation rules
//! are the styles', not ours), and a BibTeX entry to paste into a reference manager.
//!
//! The record is cited as a web page: its title, the site (the publisher), the page's date
//! where the page gives one, the entry as the locator, the archive that holds it where its
//! address tells ([`archive_of`]), the address and the access date.

use crate::core::dates::PartialDate;
use crate::core::model::{Document, Entry, Section};
use hayagriva::citationberg::Style;
use hayagriva::types::{Date as CslDate, EntryType, FormatString, QualifiedUrl};
use std::str::FromStr as _;
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

/// A citation style, chosen once (Menu → Citation style; `cite --style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CiteStyle {
    /// Chicago Manual of Style, 18th edition, notes and bibliography: the note.
    #[default]
    Chicago,
    /// APA, 7th edition: the in-text citation after the passage, then the reference.
    Apa,
    /// MLA, 9th edition: the in-text citation after the passage, then the work cited.
    Mla,
    /// A BibTeX `@misc` entry, the passage in its note.
    Bibtex,
}

impl CiteStyle {
    pub const ALL: [CiteStyle; 4] = [CiteStyle::Chicago, CiteStyle::Apa, CiteStyle::Mla, CiteStyle::Bibtex];

    /// The style's name, as menus show it.
    pub fn label(self) -> &'static str {
        match self {
            CiteStyle::Chicago => "Chicago (notes and bibliography)",
            CiteStyle::Apa => "APA",
            CiteStyle::Mla => "MLA",
            CiteStyle::Bibtex => "BibTeX",
        }
    }

    /// The style's name on the command line.
    pub fn key(self) -> &'static str {
        match self {
            CiteStyle::Chicago => "chicago",
            CiteStyle::Apa => "apa",
            CiteStyle::Mla => "mla",
            CiteStyle::Bibtex => "bibtex",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key().eq_ignore_ascii_case(key.trim()))
    }

    fn archived(self) -> Option<hayagriva::archive::ArchivedStyle> {
        use hayagriva::archive::ArchivedStyle;
        match self {
            CiteStyle::Chicago => Some(ArchivedStyle::ChicagoNotes),
            CiteStyle::Apa => Some(ArchivedStyle::AmericanPsychologicalAssociation),
            CiteStyle::Mla => Some(ArchivedStyle::ModernLanguageAssociation),
            CiteStyle::Bibtex => None,
        }
    }
}

/// Why a citation could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CiteError {
    #[error("the {0} style bundled with the citation library cannot be read")]
    Style(&'static str),
    #[error("the citation library could not write the citation: {0}")]
    Write(String),
}

/// The record's web address, when its source is one (a file path is no citation).
fn url(doc: &Document) -> Option<&str> {
    doc.meta.url.as_deref().filter(|s| s.starts_with("https://") || s.starts_with("http://"))
}

/// The archive that holds a page, named from its address: the National Archives' copies of
/// the White House sites of past administrations, the State Department's archives of past
/// Secretaries' sites, the Internet Archive's Wayback Machine. `None` for a live site.
pub fn archive_of(url: &str) -> Option<String> {
    let host = crate::core::text::web_host(url)?;
    let host = host.as_str();
    let nara = |who: &str| Some(format!("{who} White House Archives, National Archives and Records Administration"));
    if host.starts_with("clintonwhitehouse") && host.ends_with(".archives.gov") {
        return nara("Clinton");
    }
    match host {
        "georgewbush-whitehouse.archives.gov" => nara("George W. Bush"),
        "obamawhitehouse.archives.gov" => nara("Obama"),
        "trumpwhitehouse.archives.gov" => nara("Trump"),
        "bidenwhitehouse.archives.gov" => nara("Biden"),
        "web.archive.org" | "wayback.archive.org" => Some("Internet Archive, Wayback Machine".to_owned()),
        "webarchive.loc.gov" => Some("Library of Congress Web Archives".to_owned()),
        // 2009-2017.state.gov: the Department's archive of a past administration's site.
        h if h.ends_with(".state.gov") && is_year_span(h.split('.').next().unwrap_or_default()) => Some(format!(
            "U.S. Department of State Archive, {}",
            h.split('.').next().unwrap_or_default().replace('-', "–")
        )),
        _ => None,
    }
}

/// Host patterns and the publisher at them (`assets/publishers/publishers.ron`).
const PUBLISHERS: &str = include_str!("../../../assets/publishers/publishers.ron");

/// The publisher of the records at a web address, by the host patterns in
/// `assets/publishers/publishers.ron` (data, not code): "The White House" for whitehouse.gov
/// and its archives, "U.S. Department of State" for state.gov. A Wayback Machine copy is
/// matched by the address it archived. `None` for a site not listed.
pub fn publisher_of(url: &str) -> Option<String> {
    static TABLE: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    // A damaged table is a build fault that a test catches; it matches nothing here.
    let table = TABLE.get_or_init(|| ron::from_str(PUBLISHERS).unwrap_or_default());
    let url = archived_address(url).unwrap_or(url);
    let host = crate::core::text::web_host(url)?;
    table.iter().find(|(pattern, _)| host_matches(pattern, &host)).map(|(_, name)| name.clone())
}

/// The address a Wayback Machine copy archived: `…/web/20251010113941/https://x.gov/a` →
/// `https://x.gov/a`.
pub fn archived_address(url: &str) -> Option<&str> {
    let host = crate::core::text::web_host(url)?;
    if !matches!(host.as_str(), "web.archive.org" | "wayback.archive.org") {
        return None;
    }
    let at = url.find("/web/")? + "/web/".len();
    let rest = &url[at..];
    let after_stamp = &rest[rest.find('/')? + 1..];
    (after_stamp.starts_with("http://") || after_stamp.starts_with("https://")).then_some(after_stamp)
}

/// Where in its archive a Wayback Machine copy is: the address it archived and when it was
/// captured, from its own address (`…/web/20091201142210/http://x.gov/a` →
/// `http://x.gov/a, captured 2009-12-01 14:22:10 UTC`). CSL's `archive_location`, beside `archive`.
pub fn archive_location(url: &str) -> Option<String> {
    let original = archived_address(url)?;
    let stamp: String = url.split("/web/").nth(1)?.chars().take_while(char::is_ascii_digit).collect();
    let part = |r: std::ops::Range<usize>| stamp.get(r);
    let captured = match (part(0..4), part(4..6), part(6..8), part(8..10), part(10..12), part(12..14)) {
        (Some(y), Some(m), Some(d), Some(h), Some(min), Some(sec)) => format!("{y}-{m}-{d} {h}:{min}:{sec} UTC"),
        (Some(y), Some(m), Some(d), ..) => format!("{y}-{m}-{d}"),
        (Some(y), ..) => y.to_owned(),
        _ => return Some(original.to_owned()),
    };
    Some(format!("{original}, captured {captured}"))
}

/// A host pattern: `*` stands for any run of characters.
fn host_matches(pattern: &str, host: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else { return false };
    if parts.len() == 1 {
        return pattern == host;
    }
    if !host.starts_with(first) || !host.ends_with(last) || host.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &host[first.len()..host.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// "2009-2017".
fn is_year_span(label: &str) -> bool {
    label
        .split_once('-')
        .is_some_and(|(a, b)| [a, b].iter().all(|y| y.len() == 4 && y.bytes().all(|c| c.is_ascii_digit())))
}

/// A date as CSL reads it ("1999-09", "1995-10-06").
fn csl_date(d: PartialDate) -> Option<CslDate> {
    CslDate::from_str(&d.iso()).ok()
}

fn text(s: &str) -> Option<FormatString> {
    let s = s.trim();
    (!s.is_empty()).then(|| FormatString::from_str(s).ok()).flatten()
}

/// The record as a CSL item: a web page on its site.
fn item(c: &Cited<'_>) -> hayagriva::Entry {
    let meta = &c.doc.meta;
    let mut e = hayagriva::Entry::new("record", EntryType::Web);
    if let Some(t) = text(&meta.title) {
        e.set_title(t);
    }
    if let Some(site) = meta.publisher.as_deref().and_then(text) {
        let mut parent = hayagriva::Entry::new("site", EntryType::Web);
        parent.set_title(site);
        e.set_parents(vec![parent]);
    }
    if let Some(d) = c.doc.meta.date.and_then(csl_date) {
        e.set_date(d);
    }
    if let Some(u) = url(c.doc) {
        if let Some(archive) = archive_of(u).as_deref().and_then(text) {
            e.set_archive(archive);
        }
        if let Some(location) = archive_location(u).as_deref().and_then(text) {
            e.set_archive_location(location);
        }
        if let Ok(value) = url::Url::parse(u) {
            let given = meta.accessed.as_deref().and_then(PartialDate::parse_iso);
            let visit = given.unwrap_or_else(|| PartialDate {
                year: c.accessed.year(),
                month: Some(c.accessed.month() as u8),
                day: Some(c.accessed.day()),
            });
            e.set_url(QualifiedUrl { value, visit_date: csl_date(visit) });
        }
    }
    e
}

/// The passage's source in `style`: for Chicago the note, for APA and MLA the in-text
/// citation and the reference, for BibTeX the entry.
pub fn reference(c: &Cited<'_>, style: CiteStyle) -> Result<String, CiteError> {
    let Some(archived) = style.archived() else { return Ok(bibtex(c)) };
    let Style::Independent(csl) = archived.get() else { return Err(CiteError::Style(style.label())) };
    let locales = hayagriva::archive::locales();
    let entry = item(c);
    let locator = hayagriva::SpecificLocator(
        hayagriva::citationberg::taxonomy::Locator::Paragraph,
        hayagriva::LocatorPayload::Str(c.entry.number.as_str()),
    );
    let mut driver = hayagriva::BibliographyDriver::new();
    let items = vec![hayagriva::CitationItem::with_locator(&entry, Some(locator))];
    driver.citation(hayagriva::CitationRequest::from_items(items, &csl, &locales));
    let done = driver.finish(hayagriva::BibliographyRequest { style: &csl, locale: None, locale_files: &locales });
    let write = |content: &hayagriva::ElemChildren| -> Result<String, CiteError> {
        let mut out = String::new();
        content.write_buf(&mut out, hayagriva::BufWriteFormat::Plain).map_err(|e| CiteError::Write(e.to_string()))?;
        Ok(out.trim().to_owned())
    };
    let citation = match done.citations.first() {
        Some(cite) => write(&cite.citation)?,
        None => String::new(),
    };
    let bibliography = match done.bibliography.as_ref().and_then(|b| b.items.first()) {
        Some(item) => write(&item.content)?,
        None => String::new(),
    };
    Ok(match style {
        // A note cites in full; the bibliography's form is for the list at the end.
        CiteStyle::Chicago => citation,
        _ => [citation, bibliography].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n\n"),
    })
}

/// The passage in quotation marks with its source in `style`, as it is pasted into writing:
/// Chicago's note under the passage; APA's and MLA's in-text citation after it and the
/// reference under it; BibTeX's entry alone (the passage is in its note).
pub fn cite(c: &Cited<'_>, style: CiteStyle) -> Result<String, CiteError> {
    let source = reference(c, style)?;
    let quoted = format!("“{}”", c.passage.trim());
    Ok(match style {
        CiteStyle::Chicago => format!("{quoted}\n\n{source}"),
        CiteStyle::Apa | CiteStyle::Mla => match source.split_once("\n\n") {
            Some((in_text, full)) => format!("{quoted} {in_text}\n\n{full}"),
            None => format!("{quoted} {source}"),
        },
        CiteStyle::Bibtex => source,
    })
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
        bib(&c.section.label()),
        bib(&c.entry.number),
        bib(c.passage.trim())
    ));
    format!("@misc{{{},\n{}\n}}\n", if key.is_empty() { "record".to_owned() } else { key }, fields.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publisher_follows_from_the_address() {
        assert!(ron::from_str::<Vec<(String, String)>>(PUBLISHERS).is_ok(), "the publishers table reads");
        let of = |u: &str| publisher_of(u);
        assert_eq!(of("https://bidenwhitehouse.archives.gov/briefing-room/x/").as_deref(), Some("The White House"));
        assert_eq!(of("https://www.whitehouse.gov/news/").as_deref(), Some("The White House"));
        assert_eq!(of("https://georgewbush-whitehouse.archives.gov/news/").as_deref(), Some("The White House"));
        assert_eq!(of("https://2009-2017.state.gov/r/pa/x.htm").as_deref(), Some("U.S. Department of State"));
        assert_eq!(of("https://www.usa.gov/americans-abroad").as_deref(), Some("USA.gov"));
        assert_eq!(
            of("http://web.archive.org/web/20251010113941/https://www.whitehouse.gov/news/").as_deref(),
            Some("The White House")
        );
        assert_eq!(
            of("https://www.archives.gov/research").as_deref(),
            Some("National Archives and Records Administration")
        );
        assert_eq!(of("https://example.org/whitehouse.gov"), None);
        assert_eq!(of("https://notwhitehouse.gov/"), None);
    }
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
    fn chicago_gives_the_passage_then_a_note_with_the_title_entry_archive_and_address() {
        let doc = crate::core::open::embedded().unwrap();
        assert_eq!(
            doc.meta.url.as_deref(),
            Some("https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html")
        );
        let text = cite(&cited(&doc), CiteStyle::Chicago).unwrap();
        let (passage, note) = text.split_once("\n\n").expect("the note under the passage");
        assert_eq!(passage, "“restore the elected Government of Haiti”");
        assert_eq!(
            note,
            "“Promoting Democracy and Human Rights,” The White House (Clinton Administration), para. 1.3, \
             Clinton White House Archives, National Archives and Records Administration, \
             accessed November 30, 2026, https://clintonwhitehouse5.archives.gov/WH/EOP/NSC/html/nsc-25.html.",
            "with no date of its own, the page is dated by when it was read"
        );
    }

    #[test]
    fn apa_and_mla_cite_in_the_text_and_give_the_reference_with_the_page_date() {
        let mut doc = crate::core::open::embedded().unwrap();
        doc.meta.date = crate::core::dates::PartialDate::parse_iso("1999-09");
        let apa = cite(&cited(&doc), CiteStyle::Apa).unwrap();
        let (in_text, reference) = apa.split_once("\n\n").unwrap();
        assert!(
            in_text.starts_with("“restore the elected Government of Haiti” (") && in_text.contains("1999"),
            "{apa}"
        );
        assert!(reference.contains("Promoting Democracy and Human Rights") && reference.contains("(1999, September)"));
        assert!(reference.contains("https://clintonwhitehouse5.archives.gov/"), "{reference}");
        let mla = cite(&cited(&doc), CiteStyle::Mla).unwrap();
        assert!(mla.contains("“Promoting Democracy and Human Rights.”") && mla.contains("Sept. 1999"), "{mla}");
        let chicago = cite(&cited(&doc), CiteStyle::Chicago).unwrap();
        assert!(chicago.contains("September 1999"), "{chicago}");
    }

    #[test]
    fn the_archive_is_named_from_the_address() {
        for (url, archive) in [
            ("https://clintonwhitehouse4.archives.gov/WH/x.html", Some("Clinton White House Archives")),
            ("https://georgewbush-whitehouse.archives.gov/news/x.html", Some("George W. Bush White House Archives")),
            ("https://obamawhitehouse.archives.gov/the-press-office/x", Some("Obama White House Archives")),
            ("https://2009-2017.state.gov/r/pa/x.htm", Some("U.S. Department of State Archive, 2009–2017")),
            ("https://web.archive.org/web/2001/https://www.whitehouse.gov/", Some("Internet Archive, Wayback Machine")),
            ("https://www.whitehouse.gov/briefing-room/x/", None),
            ("https://www.state.gov/x/", None),
        ] {
            let got = archive_of(url);
            match archive {
                Some(a) => assert!(got.as_deref().is_some_and(|g| g.starts_with(a)), "{url}: {got:?}"),
                None => assert_eq!(got, None, "{url}"),
            }
        }
    }

    #[test]
    fn a_wayback_capture_is_cited_with_its_archive_the_address_it_archived_and_when() {
        let capture = "https://web.archive.org/web/20091201142210/http://www.whitehouse.gov/issues/foreign-policy";
        assert_eq!(
            archive_location(capture).as_deref(),
            Some("http://www.whitehouse.gov/issues/foreign-policy, captured 2009-12-01 14:22:10 UTC")
        );
        assert_eq!(
            archive_location("https://web.archive.org/web/2001/https://www.whitehouse.gov/").as_deref(),
            Some("https://www.whitehouse.gov/, captured 2001")
        );
        assert_eq!(archive_location("https://clintonwhitehouse4.archives.gov/WH/x.html"), None, "no capture");
        let mut doc = crate::core::open::embedded().unwrap();
        doc.meta.url = Some(capture.to_owned());
        doc.meta.accessed = Some("2026-12-07".to_owned());
        let chicago = cite(&cited(&doc), CiteStyle::Chicago).unwrap();
        for part in [
            "Internet Archive, Wayback Machine",
            "http://www.whitehouse.gov/issues/foreign-policy, captured 2009-12-01 14:22:10 UTC",
            "accessed December 7, 2026",
            capture,
        ] {
            assert!(chicago.contains(part), "{part:?} in {chicago}");
        }
    }

    #[test]
    fn a_file_path_is_not_cited_as_an_address() {
        let mut doc = crate::core::open::embedded().unwrap();
        doc.meta.url = Some("/home/me/records/nsc-25.txt".to_owned());
        for style in CiteStyle::ALL {
            let text = cite(&cited(&doc), style).unwrap();
            assert!(!text.contains("/home/me") && !text.contains("Archives"), "{style:?}: {text}");
        }
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
