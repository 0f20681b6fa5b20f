//! Exports given hostile note text (and hostile document text): what a security test of the
//! built binary found. Each export is read back with a real parser of its format.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use record_reader::core::Document;
use record_reader::core::export::{ExportInput, Format, export};
use record_reader::core::notes::{Note, NotesStore};
use record_reader::core::open::embedded;
use record_reader::core::places::gazetteer;
use std::collections::BTreeMap;

fn export_text(doc: &Document, s: &NotesStore, f: Format) -> String {
    let input = ExportInput {
        doc,
        store: s,
        gazetteer: gazetteer().unwrap(),
        notes: s.live().collect(),
        filter: "all notes".to_owned(),
    };
    String::from_utf8(export(&input, f, record_reader::core::notes::model::now()).unwrap()).unwrap()
}

/// One note per body, each on its own entry while there are entries enough; entry notes and
/// highlights in turn.
fn notes_on(doc: &Document, bodies: &[String]) -> Vec<Note> {
    let entries: Vec<_> = doc.entries().map(|(_, e)| e.clone()).collect();
    bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            let e = &entries[i % entries.len()];
            if i % 2 == 0 {
                Note::on_entry(doc, e, body)
            } else {
                let len = e.text.chars().count().min(40);
                Note::highlight(doc, e, 3, len, body)
            }
        })
        .collect()
}

fn store_of(dir: &std::path::Path, doc: &Document, notes: Vec<Note>) -> NotesStore {
    let mut s = NotesStore::open(dir, &doc.id);
    for n in notes {
        s.put(n);
    }
    s
}

fn owned(bodies: &[&str]) -> Vec<String> {
    bodies.iter().map(|b| (*b).to_owned()).collect()
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Every way the security test made a note body link to script, and a few more.
const SCRIPT_LINKS: &[&str] = &[
    "[a](javascript:alert(1))",
    "<javascript:alert(2)>",
    "[c](JaVaScRiPt:alert(3))",
    "[d](jav&#x61;script:alert(4))",
    "[e](&#106;avascript:alert(5))",
    "[f](java&#9;script:alert(6))",
    "[g](java&#10;script:alert(7))",
    "[h](<java\tscript:alert(8)>)",
    "[i][r]\n\n[r]: javascript:alert(9)",
    "[j](vbscript:msgbox(10))",
    "<VBScript:msgbox(11)>",
    "[k](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMik8L3NjcmlwdD4=)",
    "![l](javascript:alert(13))",
    "![m](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTQpPjwvc3ZnPg==)",
    "<a href=\"javascript:alert(15)\" onclick=\"alert(16)\">raw</a>",
    "[n](%6Aavascript:alert(17))",
    "[o](\\javascript:alert(18))",
    "[p](&#x0A;javascript:alert(19))",
    "<svg><a xlink:href=\"javascript:alert(20)\">x</a></svg>",
    "<iframe srcdoc=\"<script>alert(21)</script>\"></iframe><object data=\"javascript:alert(22)\"></object>",
];

/// The scheme a browser would see: ASCII whitespace and control characters taken out, lower case.
fn scheme(url: &str) -> String {
    let squeezed: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    squeezed.split(':').next().unwrap_or("").to_ascii_lowercase()
}

/// Asserts that no element of the page can run script.
fn assert_no_script(page: &scraper::Html) {
    let url_attrs = ["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster", "background"];
    for el in page.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        let name = el.value().name();
        assert!(
            !["script", "iframe", "object", "embed", "frame", "base", "form", "svg", "math"].contains(&name),
            "<{name}> in the page"
        );
        for (attr, value) in el.value().attrs() {
            assert!(!attr.to_ascii_lowercase().starts_with("on"), "<{name} {attr}={value:?}>");
            if url_attrs.contains(&attr.to_ascii_lowercase().as_str()) {
                let s = scheme(value);
                assert!(!["javascript", "vbscript", "data"].contains(&s.as_str()), "<{name} {attr}={value:?}>");
            }
        }
        if name == "meta" {
            assert!(el.value().attr("http-equiv").is_none_or(|h| !h.eq_ignore_ascii_case("refresh")));
        }
    }
}

/// The page's Content-Security-Policy from its `<meta http-equiv>`, directive → sources.
fn csp(page: &scraper::Html) -> BTreeMap<String, Vec<String>> {
    let sel = scraper::Selector::parse("head meta[http-equiv]").unwrap();
    let meta = page
        .select(&sel)
        .find(|m| m.value().attr("http-equiv").unwrap().eq_ignore_ascii_case("content-security-policy"))
        .expect("a Content-Security-Policy meta in <head>");
    meta.value()
        .attr("content")
        .unwrap()
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_ascii_whitespace().map(str::to_ascii_lowercase);
            Some((words.next()?, words.collect()))
        })
        .collect()
}

#[test]
fn html_has_no_script_links_whatever_the_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut bodies = owned(SCRIPT_LINKS);
    bodies
        .push("ordinary [ok](https://example.org/ok) and <https://example.org/auto> and <someone@example.org>".into());
    let s = store_of(dir.path(), &doc, notes_on(&doc, &bodies));
    let html = export_text(&doc, &s, Format::Html);
    let page = scraper::Html::parse_document(&html);
    assert_no_script(&page);

    // Only http, https and mailto links are links; the text of the others is still there.
    let a = scraper::Selector::parse("a[href]").unwrap();
    for link in page.select(&a) {
        let href = link.value().attr("href").unwrap();
        assert!(["http", "https", "mailto"].contains(&scheme(href).as_str()), "link to {href:?}");
    }
    let hrefs: Vec<&str> = page.select(&a).filter_map(|l| l.value().attr("href")).collect();
    assert!(hrefs.contains(&"https://example.org/ok"), "{hrefs:?}");
    assert!(hrefs.contains(&"https://example.org/auto"), "{hrefs:?}");
    assert!(hrefs.contains(&"mailto:someone@example.org"), "{hrefs:?}");
    // The text of every note is still there.
    let body_sel = scraper::Selector::parse("div.body").unwrap();
    let body_texts: Vec<String> = page.select(&body_sel).map(|b| b.text().collect()).collect();
    assert_eq!(body_texts.len(), bodies.len());
    assert!(body_texts.iter().all(|t| !t.trim().is_empty()), "{body_texts:?}");
    assert!(body_texts.iter().any(|t| t.contains("<a href=\"javascript:alert(15)\" onclick=\"alert(16)\">raw</a>")));
}

#[test]
fn html_forbids_scripts_by_policy_and_escapes_every_document_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = embedded().unwrap();
    doc.meta.title = "<script>alert('title')</script>".into();
    doc.meta.publisher = Some("<svg onload=alert('publisher')>".into());
    doc.sections[0].title = "<img src=x onerror=alert('section')>".into();
    doc.sections[0].entries[0].text = "<iframe src=\"javascript:alert('entry')\"></iframe> entry".into();
    doc.sections[1].entries[0].text = "<object data=\"javascript:alert('quote')\"></object> quoted passage".into();
    let mut notes = notes_on(&doc, &owned(&["entry note", "highlight"]));
    notes[0].tags = vec!["<embed src=\"javascript:alert('tag')\">".into()];
    notes[1] = Note::highlight(&doc, &doc.sections[1].entries[0], 0, 60, "highlight");
    notes[1].color = "red".into();
    let mut s = store_of(dir.path(), &doc, notes);
    s.labels.insert("yellow".into(), "<a href=\"javascript:alert('label')\">label</a>".into());
    s.labels.insert("red".into(), "<form action=\"javascript:alert('label')\"><button>x</button></form>".into());
    let html = export_text(&doc, &s, Format::Html);
    let page = scraper::Html::parse_document(&html);
    assert_no_script(&page);
    assert_eq!(page.select(&scraper::Selector::parse("a, img, button").unwrap()).count(), 0);
    let text: String = page.root_element().text().collect();
    for shown in [
        "<script>alert('title')</script>",
        "<svg onload=alert('publisher')>",
        "<img src=x onerror=alert('section')>",
        "<iframe src=\"javascript:alert('entry')\"></iframe>",
        "<object data=\"javascript:alert('quote')\"></object>",
        "<embed src=\"javascript:alert('tag')\">",
        "<a href=\"javascript:alert('label')\">label</a>",
        "<form action=\"javascript:alert('label')\">",
    ] {
        assert!(text.contains(shown), "{shown} shown as text");
    }

    // The policy forbids scripts (script-src, or default-src when script-src is not given)
    // and anything else the page does not need; its own inline style still applies.
    let policy = csp(&page);
    let scripts = policy.get("script-src").or(policy.get("default-src")).expect("a script policy");
    assert_eq!(scripts, &["'none'"], "{policy:?}");
    assert_eq!(policy.get("default-src").map(Vec::as_slice), Some(&["'none'".to_owned()][..]), "{policy:?}");
    assert!(policy["style-src"].contains(&"'unsafe-inline'".to_owned()), "{policy:?}");
    let head = scraper::Selector::parse("head > style").unwrap();
    assert!(page.select(&head).next().unwrap().inner_html().contains("@media print"));
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Parser options a Markdown reader may use: plain `CommonMark` plus the extensions Obsidian
/// and GitHub have.
fn md_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// The headings of the export: (level, text).
fn headings(md: &str) -> Vec<(u8, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current: Option<(u8, String)> = None;
    for e in Parser::new_ext(md, md_options()) {
        match e {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level as u8, String::new())),
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s)) = &mut current {
                    s.push_str(&t);
                }
            }
            _ => {}
        }
    }
    out
}

/// The headings the document structure implies: the title, one per section with notes, and
/// one per note.
fn expected_headings(doc: &Document, s: &NotesStore) -> usize {
    let sections: std::collections::BTreeSet<&str> =
        s.live().map(|n| doc.find_entry(&n.anchor.entry_id).unwrap().0.id.as_str()).collect();
    1 + sections.len() + s.live().count()
}

/// The block ids at the ends of lines, in order: `^note-<id>` that a textual re-export (or
/// Obsidian) would take as a block id: at line start or after white space, not escaped.
fn block_ids(md: &str) -> Vec<String> {
    md.lines()
        .filter_map(|l| {
            let l = l.trim_end();
            let at = l.rfind("^note-")?;
            let id = &l[at + 1..];
            let real = id[5..].chars().all(|c| c.is_ascii_hexdigit() || c == '-') && id.len() > 5;
            let before = l[..at].chars().last();
            (real && before.is_none_or(char::is_whitespace)).then(|| id.to_owned())
        })
        .collect()
}

#[test]
fn markdown_bodies_and_document_text_add_no_headings() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = embedded().unwrap();
    doc.meta.title = "A title # with hashes\r# Forged from the title\n=====".into();
    doc.sections[0].title = "Section\r## Forged from a section ##".into();
    doc.sections[1].entries[0].text = "# Forged from an entry\n===\nmore".into();
    let bodies = owned(&[
        "# Forged ATX",
        "Forged setext\n===",
        "Forged setext two\n---",
        "> # Forged in a nested quote",
        "- # Forged in a list",
        "1. Forged setext in a list\n   ---",
        "text\r# Forged after a bare CR",
        "   ### Forged indented",
        "\\# escaped\n===",
        "# first\n===\n---\n===",
        "[^1]: # Forged in a footnote\n\n[^1]",
        "<h1>raw</h1>\n\n# Forged after HTML",
        "line\n\n\n## Forged after blank lines",
    ]);
    let mut notes = notes_on(&doc, &bodies);
    notes[3] = Note::highlight(&doc, &doc.sections[1].entries[0], 0, 30, "# Forged body of the entry quote");
    let mut s = store_of(dir.path(), &doc, notes);
    s.labels.insert("yellow".into(), "Label\n# Forged from a label".into());
    let md = export_text(&doc, &s, Format::Md);
    let h = headings(&md);
    assert_eq!(h.len(), expected_headings(&doc, &s), "{h:#?}\n{md}");
    assert_eq!(h[0].0, 1);
    assert!(h[0].1.starts_with("Notes on A title # with hashes"), "{:?}", h[0]);
    assert!(h.iter().any(|(l, t)| *l == 2 && t.starts_with("Section") && t.ends_with("##")), "{h:#?}");
    assert_eq!(h.iter().filter(|(l, _)| *l == 3).count(), s.live().count());
}

/// Links a Markdown export holds, as each reader dialect reads it: (link type, destination,
/// as a link's `href` would hold it), reference definitions among them.
fn markdown_links(md: &str) -> Vec<(String, String)> {
    use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};
    let mut found = Vec::new();
    for options in [Options::empty(), md_options(), Options::all()] {
        let mut parser = Parser::new_ext(md, options);
        for event in parser.by_ref() {
            if let Event::Start(Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. }) = event
            {
                let href =
                    if link_type == LinkType::Email { format!("mailto:{dest_url}") } else { dest_url.to_string() };
                found.push((format!("{link_type:?}"), href));
            }
        }
        for (label, def) in parser.reference_definitions().iter() {
            found.push((format!("definition [{label}]"), def.dest.to_string()));
        }
    }
    found
}

#[test]
fn markdown_has_no_script_links_whatever_the_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut bodies = owned(SCRIPT_LINKS);
    bodies.extend(owned(&[
        "[q]: javascript:alert(30)",
        "[r]: <javascript:alert(31)> \"title\"\n\n[r] and [r][] and [x][r]",
        "[[javascript:alert(32)]]",
        "[![s](javascript:alert(33))](javascript:alert(34))",
        "[t](  JAVASCRIPT:alert(35) \"title\")",
        "[u](file:///etc/passwd) and [v](/home/reader/notes.md) and [w](#top)",
        "<data:text/html,alert(36)>",
        "[y](java\u{0}script:alert(37))",
        "[z]\n\n[Z]: vbscript:alert(38)",
    ]));
    bodies
        .push("ordinary [ok](https://example.org/ok) and <https://example.org/auto> and <someone@example.org>".into());
    let s = store_of(dir.path(), &doc, notes_on(&doc, &bodies));
    let md = export_text(&doc, &s, Format::Md);
    let links = markdown_links(&md);
    for (kind, href) in &links {
        assert!(["http", "https", "mailto"].contains(&scheme(href).as_str()), "{kind} to {href:?} in\n{md}");
    }
    let hrefs: Vec<&str> = links.iter().map(|(_, h)| h.as_str()).collect();
    for ok in ["https://example.org/ok", "https://example.org/auto", "mailto:someone@example.org"] {
        assert!(hrefs.contains(&ok), "{ok} is a link no more: {hrefs:?}");
    }
    // The others are text, as written.
    let mut text = String::new();
    for e in pulldown_cmark::Parser::new_ext(&md, md_options()) {
        if let pulldown_cmark::Event::Text(t) = e {
            text.push_str(&t);
        }
    }
    for n in [1, 2, 3, 9, 13, 30, 31, 32, 33, 34, 35, 36, 38] {
        assert!(text.contains(&format!("({n})")), "alert({n}) is not in the text:\n{text}");
    }
    assert!(text.contains("[a](javascript:alert(1))") && text.contains("<javascript:alert(2)>"), "{text}");
}

#[test]
fn markdown_block_ids_cannot_be_forged() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let mut notes = notes_on(&doc, &owned(&["first", "", "", "", "", ""]));
    let ids: Vec<String> = notes.iter().map(|n| n.id.to_string()).collect();
    notes[1].body = format!("see ^note-{}", ids[0]);
    notes[2].body = format!("^note-{}", ids[2]);
    notes[3].body = format!("two lines\n^note-{}\ntext ^note-{}   ", ids[0], ids[1]);
    notes[4].body = format!("```\n^note-{}\n```", ids[0]);
    notes[5].body = format!("CR line\r^note-{}\r\n\\^note-{}\n\\\\^note-{}", ids[1], ids[2], ids[3]);
    // Nor can a tag (tags from an imported file are not cleaned).
    notes[0].tags = vec![format!("x ^note-{}\ny", ids[1])];
    let s = store_of(dir.path(), &doc, notes);
    let md = export_text(&doc, &s, Format::Md);

    // Exactly one per note, in the order of the notes' headings, each after its own heading.
    let found = block_ids(&md);
    let mut sorted = found.clone();
    sorted.sort();
    let mut want: Vec<String> = ids.iter().map(|i| format!("note-{i}")).collect();
    want.sort();
    assert_eq!(sorted, want, "{md}");
    let lines: Vec<&str> = md.lines().collect();
    let mut heading_of_note = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("### ") {
            heading_of_note.push(i);
        }
        if let Some(id) = block_ids(l).first() {
            // The block id closes the section of the latest note heading: one per heading.
            assert_eq!(block_ids(&lines[*heading_of_note.last().unwrap()..=i].join("\n")).len(), 1, "{id}");
        }
    }
    assert_eq!(heading_of_note.len(), ids.len());
    let by_id: BTreeMap<String, &Note> = s.live().map(|n| (format!("note-{}", n.id), n)).collect();
    for (k, id) in found.iter().enumerate() {
        let n = by_id[id];
        let number = &doc.find_entry(&n.anchor.entry_id).unwrap().1.number;
        assert!(lines[heading_of_note[k]].starts_with(&format!("### {number} ·")), "{id} under its own heading");
    }
}

/// Where each `^note-` block id is, and whether a code block holds it, as the parser sees it.
fn block_ids_in_code(md: &str) -> Vec<(String, bool)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut in_code = 0;
    let mut out = Vec::new();
    for e in Parser::new_ext(md, md_options()) {
        match e {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code -= 1,
            Event::Text(t) => {
                for l in t.lines() {
                    out.extend(block_ids(l).into_iter().map(|id| (id, in_code > 0)));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn markdown_unclosed_fences_do_not_swallow_the_next_note() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let bodies = owned(&[
        "```\nunclosed backticks",
        "~~~~\nunclosed tildes\n~~~",
        "  ```rust\nindented fence",
        "`````\nlonger fence\n````\nstill inside",
        "- item\n\n  ```\n  in a list",
        "> ```\n> in a nested quote",
        "text\n\n```",
        "last: ~~~",
        "~~~\nthe last note's fence",
    ]);
    let notes = notes_on(&doc, &bodies);
    let ids: Vec<String> = notes.iter().map(|n| format!("note-{}", n.id)).collect();
    let s = store_of(dir.path(), &doc, notes);
    let md = export_text(&doc, &s, Format::Md);
    let seen = block_ids_in_code(&md);
    let mut visible: Vec<String> = seen.iter().filter(|(_, code)| !code).map(|(id, _)| id.clone()).collect();
    visible.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(visible, want, "every block id is text, none in code:\n{md}");
    assert!(seen.iter().all(|(_, code)| !code), "{md}");

    // Each body closes its own fence: with its quote marks taken off, what a note's blockquotes
    // hold leaves no code block open at its end.
    let lines: Vec<&str> = md.lines().collect();
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("### ")).collect();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let inner: Vec<&str> = lines[start + 1..end]
            .iter()
            .map(|l| l.strip_prefix("> ").or_else(|| l.strip_prefix('>')).unwrap_or(""))
            .collect();
        let probe = format!("{}\nPROBE\n", inner.join("\n"));
        assert!(!inside_code(&probe, probe.len() - 6), "note {k} leaves a fence open:\n{probe}");
    }
}

/// Whether a code block covers byte `at` of `md`.
fn inside_code(md: &str, at: usize) -> bool {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new_ext(md, md_options())
        .into_offset_iter()
        .any(|(e, r)| matches!(e, Event::Start(Tag::CodeBlock(_))) && r.contains(&at))
}

#[test]
fn markdown_bodies_stay_inside_their_blockquote() {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let bodies = owned(&[
        "MARK1 first\n\nMARK2 after a blank line",
        "MARK3\n>\n> MARK4 quoted\n\n\n\nMARK5 after blank lines",
        "MARK6\r\nMARK7 after CRLF\r\rMARK8 after two CRs",
        "    MARK9 indented code\n\nMARK10",
        "<div>\nMARK11 in html\n</div>\n\nMARK12",
        "- MARK13 list\n\nMARK14 after the list",
        "MARK15 lazy\ncontinuation MARK16",
        "MARK17\u{2028}MARK18\u{85}MARK19",
        "\n\n\nMARK20 after leading blank lines\n \t \nMARK21",
    ]);
    let s = store_of(dir.path(), &doc, notes_on(&doc, &bodies));
    let md = export_text(&doc, &s, Format::Md);
    let mut depth = 0;
    let mut marks = std::collections::BTreeSet::new();
    for e in Parser::new_ext(&md, md_options()) {
        match e {
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => depth -= 1,
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::Code(t) => {
                for m in t.match_indices("MARK").map(|(i, _)| &t[i..]) {
                    let n: String = m[4..].chars().take_while(char::is_ascii_digit).collect();
                    assert!(depth > 0, "MARK{n} is outside the note's blockquote:\n{md}");
                    marks.insert(n.parse::<u32>().unwrap());
                }
                if t.contains("^note-") {
                    assert_eq!(depth, 0, "the block id line is the note's own, outside the quotes");
                }
            }
            _ => {}
        }
    }
    assert_eq!(marks, (1..=21).collect(), "every line of every body is kept");
}

/// Reads a YAML double-quoted scalar (the whole `value`), or says why it is not one.
fn yaml_double_quoted(value: &str) -> Result<String, String> {
    let inner = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).ok_or("not double-quoted")?;
    let mut out = String::new();
    let mut chars = inner.chars();
    let hex = |chars: &mut std::str::Chars, n: usize| -> Result<char, String> {
        let h: String = chars.take(n).collect();
        u32::from_str_radix(&h, 16).ok().and_then(char::from_u32).ok_or(format!("bad escape {h}"))
    };
    while let Some(c) = chars.next() {
        // YAML's printable set, with its line breaks (1.1 has NEL, LS and PS too) only escaped.
        let printable = matches!(c, '\t' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
        if !printable || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
            return Err(format!("raw {c:?} in a scalar"));
        }
        match c {
            '"' => return Err("unescaped quote".into()),
            '\\' => out.push(match chars.next().ok_or("trailing backslash")? {
                '0' => '\0',
                'a' => '\u{7}',
                'b' => '\u{8}',
                't' | '\t' => '\t',
                'n' => '\n',
                'v' => '\u{b}',
                'f' => '\u{c}',
                'r' => '\r',
                'e' => '\u{1b}',
                ' ' => ' ',
                '"' => '"',
                '/' => '/',
                '\\' => '\\',
                'N' => '\u{85}',
                '_' => '\u{a0}',
                'L' => '\u{2028}',
                'P' => '\u{2029}',
                'x' => hex(&mut chars, 2)?,
                'u' => hex(&mut chars, 4)?,
                'U' => hex(&mut chars, 8)?,
                e => return Err(format!("unknown escape \\{e}")),
            }),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[test]
fn markdown_front_matter_stays_valid_yaml_whatever_the_title() {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let dir = tempfile::tempdir().unwrap();
    let mut doc = embedded().unwrap();
    let title =
        "He said \"yes\": # not a comment\n---\nkey: value\r\u{2028}\u{2029}\u{85}\u{7f}\u{9b}\u{feff}\t\\ end 🌍";
    doc.meta.title = title.into();
    doc.meta.publisher = Some("'single' & {flow: [x]} *alias &anchor !tag %dir @ `".into());
    let s = store_of(dir.path(), &doc, notes_on(&doc, &owned(&["body"])));
    let md = export_text(&doc, &s, Format::Md);
    let mut meta: Option<String> = None;
    let mut inside = false;
    for e in Parser::new_ext(&md, md_options()) {
        match e {
            Event::Start(Tag::MetadataBlock(_)) => inside = true,
            Event::End(TagEnd::MetadataBlock(_)) => inside = false,
            Event::Text(t) if inside => meta = Some(meta.unwrap_or_default() + &t),
            _ => {}
        }
    }
    let meta = meta.expect("front matter");
    let fields: BTreeMap<&str, &str> = meta.lines().map(|l| l.split_once(": ").expect(l)).collect();
    assert_eq!(
        fields.keys().copied().collect::<Vec<_>>(),
        ["doc_id", "doc_rev", "exported_at", "filter", "notes", "publisher", "title", "url"],
        "{meta}"
    );
    assert_eq!(yaml_double_quoted(fields["title"]).as_deref(), Ok(title), "{meta}");
    assert_eq!(yaml_double_quoted(fields["publisher"]).as_deref(), Ok(doc.meta.publisher.as_deref().unwrap()));
    assert_eq!(fields["notes"], "1");
}

// ---------------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_neutralises_formulas_behind_invisible_characters_and_full_width_signs() {
    let dir = tempfile::tempdir().unwrap();
    let doc = embedded().unwrap();
    let leads = [
        " ",
        "\t",
        "\r",
        "\n",
        "\u{a0}",
        "\u{200b}",
        "\u{200c}",
        "\u{200d}",
        "\u{2060}",
        "\u{feff}",
        "\u{1}",
        "\u{7f}",
        " \t\r\n\u{a0}",
    ];
    let mut risky: Vec<String> =
        leads.iter().flat_map(|l| ["=", "+", "-", "@"].map(|t| format!("{l}{t}1+1"))).collect();
    risky.extend(["＝1+1", "＋1", "－1", "＠SUM(A1)", "\u{feff}＝cmd", " ＠x"].map(str::to_owned));
    let safe = owned(&["a = b", "plain", "1-2", "x@example.org"]);
    let bodies: Vec<String> = risky.iter().chain(&safe).cloned().collect();
    let s = store_of(dir.path(), &doc, notes_on(&doc, &bodies));
    let data = export_text(&doc, &s, Format::Csv);
    let mut r = csv::Reader::from_reader(data.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = r.records().map(|row| row.unwrap()[9].to_owned()).collect();
    assert_eq!(cells.len(), bodies.len());
    for body in &risky {
        assert!(cells.contains(&format!("'{body}")), "{body:?} neutralised as '{body:?}; cells: {cells:?}");
    }
    for body in &safe {
        assert!(cells.contains(body), "{body:?} left as it is");
    }
}

// ---------------------------------------------------------------------------------------------
// Any body

mod any_body {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that mean something to Markdown, HTML or a spreadsheet, and plain words.
    const PIECES: &[&str] = &[
        "\n",
        "\n\n",
        "\r",
        "\r\n",
        " ",
        "\t",
        "    ",
        "# ",
        "## ",
        "===",
        "---",
        "> ",
        "- ",
        "1. ",
        "```",
        "~~~",
        "````",
        "^note-",
        "^",
        "[x](",
        ")",
        "<",
        ">",
        "javascript:",
        "JavaScript:",
        "vbscript:",
        "data:",
        "&#106;",
        "jav&#x61;",
        "&#x09;",
        "alert(1)",
        "[r]: ",
        "[r]",
        "![i](",
        "<a href=\"",
        "\" onclick=\"",
        "<script>",
        "<!--",
        "-->",
        "*",
        "_",
        "`",
        "\\",
        "|",
        "word",
        "https://example.org/",
        "=",
        "+",
        "@",
        "\u{a0}",
        "\u{200b}",
    ];

    fn body() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn exports_stay_safe(bodies in prop::collection::vec(body(), 1..5), forge in any::<bool>()) {
            let dir = tempfile::tempdir().unwrap();
            let doc = embedded().unwrap();
            let mut notes = notes_on(&doc, &bodies);
            if forge {
                // Each body also names the next note's block id on a line of its own.
                let ids: Vec<String> = notes.iter().map(|n| n.id.to_string()).collect();
                for (k, n) in notes.iter_mut().enumerate() {
                    n.body.push_str(&format!("\n^note-{}", ids[(k + 1) % ids.len()]));
                }
            }
            let s = store_of(dir.path(), &doc, notes);

            let html = export_text(&doc, &s, Format::Html);
            assert_no_script(&scraper::Html::parse_document(&html));

            let md = export_text(&doc, &s, Format::Md);
            let mut found = block_ids(&md);
            found.sort();
            let mut want: Vec<String> = s.live().map(|n| format!("note-{}", n.id)).collect();
            want.sort();
            prop_assert_eq!(found, want, "{}", md);
            prop_assert!(block_ids_in_code(&md).iter().all(|(_, code)| !code), "{}", md);
            prop_assert_eq!(headings(&md).len(), expected_headings(&doc, &s), "{}", md);
        }
    }
}
