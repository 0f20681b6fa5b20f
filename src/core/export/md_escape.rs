//! Text made safe for the Markdown export. Document text (titles, sections, entries, labels)
//! is shown as text; a note body stays Markdown but is held inside its blockquote, so that it
//! cannot add a heading, forge a note's `^note-<id>` block id, or hide what follows in an
//! open code fence. Front matter values are YAML strings whatever they hold.

use super::links;
use pulldown_cmark::{Event, Options, Parser, Tag};

/// Characters escaped with a backslash wherever they are in document text: those that start
/// Markdown inlines or blocks, and Obsidian's tags, math, comments, highlights and block ids.
/// All are ASCII punctuation, which `CommonMark` lets a backslash escape.
const SPECIAL: [char; 16] = ['\\', '`', '*', '_', '[', ']', '<', '>', '#', '&', '~', '|', '$', '^', '%', '='];

/// How many times headings, raw HTML and links are taken out of a body before it is shown as
/// plain text instead: unmaking one heading can make another (`# a` above `===`), unmaking a
/// reference definition can leave an autolink, but honest notes need one or two.
const HEADING_ROUNDS: usize = 8;

/// Note bodies longer than this are exported as plain text (as [`quoted_text`] writes document
/// text), not read as Markdown: a body is read three times, once per dialect, and again after
/// each change, and one reading of a 50 MB body took 0.6 s and hundreds of MB (its Markdown
/// export took 5.6 s, 13 s before the readings were merged).
pub(crate) const MAX_MARKDOWN_BODY: usize = 1 << 20;

/// The lines of `text`, split at every line break a Markdown reader might honour: `CommonMark`'s
/// LF, CR LF and lone CR, and the Unicode ones (NEL, line and paragraph separators).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.char_indices().find(|&(_, c)| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')) {
            Some((i, c)) => {
                let skip = if s[i..].starts_with("\r\n") { 2 } else { c.len_utf8() };
                rest = Some(&s[i + skip..]);
                Some(&s[..i])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

fn escape_into(out: &mut String, text: &str, keep: &[char]) {
    for c in text.chars() {
        if SPECIAL.contains(&c) && !keep.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Document text as Markdown text on one line (a heading, a list of places): line breaks
/// become spaces and every special character is escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in lines(text).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        escape_into(&mut out, line, &[]);
    }
    out
}

/// A tag as Obsidian writes one after its `#`: white space as hyphens, and escaped like
/// [`inline`] but for `_`, which tags use and which cannot start emphasis inside a word.
pub fn tag(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    escape_into(&mut out, &text.split_whitespace().collect::<Vec<_>>().join("-"), &['_']);
    out
}

/// One line of document text, to stand as text at the start of a line: its leading blanks
/// dropped (they would make code), escaped as by [`inline`], and a start that would still
/// open a list, a definition or a setext underline escaped too.
fn text_line(line: &str) -> String {
    let mut out = inline(line.trim_start());
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if out.starts_with(['-', '+', ':']) {
        out.insert(0, '\\');
    } else if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

fn quote_line(line: &str) -> String {
    if line.is_empty() { ">".to_owned() } else { format!("> {line}") }
}

/// Document text (an entry, a passage) as a blockquote of plain text, line by line.
pub fn quoted_text(text: &str) -> String {
    lines(text.trim_end()).map(|l| quote_line(&text_line(l))).collect::<Vec<_>>().join("\n")
}

/// Escapes the caret of a `^word` that ends a line: Obsidian reads it as a block id, and so
/// does a re-export looking for `^note-<id>`. Invisible characters after it do not hide it.
fn unblock_id(line: &str) -> String {
    let end = line.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    });
    let before_word = end.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    match before_word.strip_suffix('^') {
        Some(head) if before_word.len() < end.len() => format!("{head}\\{}", &line[head.len()..]),
        _ => line.to_owned(),
    }
}

/// The ways a reader may parse the export: plain `CommonMark`, and with every extension
/// (footnotes in either syntax), since a footnote can hold a heading.
fn dialects() -> [Options; 3] {
    let new_footnotes = (Options::all() - Options::ENABLE_OLD_FOOTNOTES) | Options::ENABLE_FOOTNOTES;
    [Options::empty(), Options::all(), new_footnotes]
}

/// What [`marks`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A heading: a backslash before an ATX heading's first `#`, or before a setext
    /// heading's underline.
    Heading,
    /// Raw HTML (a block or an inline tag, a comment): a backslash before its first `<`.
    Html,
    /// A link, image or reference definition to anything but http, https or mailto (see
    /// [`super::links`]): a backslash before its `[` (or an autolink's `<`).
    Link,
}

const EVERY_MARK: [Mark; 3] = [Mark::Heading, Mark::Html, Mark::Link];

/// Where to put a backslash to unmake each thing of the `kinds` in `md`, as every dialect
/// reads it: one reading per dialect.
fn marks(md: &str, kinds: &[Mark]) -> Vec<usize> {
    let mut marks = Vec::new();
    for options in dialects() {
        let mut parser = Parser::new_ext(md, options).into_offset_iter();
        for (event, range) in parser.by_ref() {
            match event {
                Event::Start(Tag::Heading { .. }) if kinds.contains(&Mark::Heading) => {
                    let source = &md[range.clone()];
                    let underline = source.trim_end().trim_end_matches(['=', '-']).len();
                    marks.push(if source.starts_with('#') { range.start } else { range.start + underline });
                }
                Event::Html(_) | Event::InlineHtml(_) if kinds.contains(&Mark::Html) => {
                    if let Some(i) = md[range.clone()].find('<') {
                        marks.push(range.start + i);
                    }
                }
                event if kinds.contains(&Mark::Link) => marks.extend(links::link_mark(md, &event, range)),
                _ => {}
            }
        }
        if kinds.contains(&Mark::Link) {
            marks.extend(links::definition_marks(md, parser.reference_definitions()));
        }
    }
    marks.sort_unstable();
    marks.dedup();
    marks
}

/// Where to put a backslash to unmake each heading of `md`.
#[cfg(test)]
fn heading_marks(md: &str) -> Vec<usize> {
    marks(md, &[Mark::Heading])
}

/// `md` with a backslash before each of `marks` (sorted), in one pass: inserting them one
/// by one moves the rest of the text each time, which took seconds on a long body.
fn with_backslashes(md: &str, marks: &[usize]) -> String {
    let mut out = String::with_capacity(md.len() + marks.len());
    let mut at = 0;
    for &m in marks {
        out.push_str(&md[at..m]);
        out.push('\\');
        at = m;
    }
    out.push_str(&md[at..]);
    out
}

/// The line that closes the code fence `md` leaves open at its own level, if it leaves one: a
/// line after it would be code.
fn open_fence(md: &str) -> Option<String> {
    // A fence is three backticks or tildes in a row: without them, no reading is needed.
    if !md.contains("```") && !md.contains("~~~") {
        return None;
    }
    let probe = format!("{md}\n> x");
    let at = probe.len() - 1;
    dialects().into_iter().find_map(|options| {
        Parser::new_ext(&probe, options).into_offset_iter().find_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))) if range.contains(&at) => {
                let fence = probe[range].trim_start();
                let mark = fence.chars().next()?;
                Some(format!("> {}", fence.chars().take_while(|&c| c == mark).collect::<String>()))
            }
            _ => None,
        })
    })
}

/// Where to put a backslash to turn each piece of raw HTML in `md` into text.
#[cfg(test)]
fn html_marks(md: &str) -> Vec<usize> {
    marks(md, &[Mark::Html])
}

/// A note body as a blockquote that it cannot reach out of. Each line is quoted, whatever line
/// break ends it; a line-ending `^word` is escaped; headings are unmade; raw HTML is made text
/// (as the HTML export makes it: a Markdown reader that renders HTML runs no script from a
/// note); a link or image to anything but http, https or mailto is made text (the rule of
/// [`super::links`], the HTML export's too); a code fence left open is closed. (`CommonMark`
/// also ends the blockquote, and all open in it, at the blank line that follows; the fence is
/// closed for readers that do not.)
/// A body that still has a heading, raw HTML, such a link or an open fence after that, or is
/// longer than [`MAX_MARKDOWN_BODY`], is shown as plain text.
pub fn quoted_body(body: &str) -> String {
    if body.len() > MAX_MARKDOWN_BODY {
        return quoted_text(body);
    }
    let mut md = lines(body.trim_end()).map(|l| quote_line(&unblock_id(l))).collect::<Vec<_>>().join("\n");
    let mut found = marks(&md, &EVERY_MARK);
    for _ in 0..HEADING_ROUNDS {
        if found.is_empty() {
            break;
        }
        md = with_backslashes(&md, &found);
        found = marks(&md, &EVERY_MARK);
    }
    let mut fence_open = false;
    if found.is_empty()
        && let Some(close) = open_fence(&md)
    {
        md.push('\n');
        md.push_str(&close);
        found = marks(&md, &EVERY_MARK);
        fence_open = open_fence(&md).is_some();
    }
    if found.is_empty() && !fence_open { md } else { quoted_text(body) }
}

/// A YAML double-quoted scalar that reads back as `s` (and is a JSON string too): quotes and
/// backslashes escaped, and as `\uXXXX` every character that YAML does not allow raw or
/// reads as a line break (controls, DEL, C1 with NEL, LS, PS, BOM, U+FFFE, U+FFFF).
pub fn yaml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FEFE}' | '\u{FF00}'..='\u{FFFD}' | '\u{10000}'..
                if !matches!(c, '\u{2028}' | '\u{2029}') =>
            {
                out.push(c);
            }
            c => out.push_str(&format!("\\u{:04X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_every_line_break() {
        let got: Vec<&str> = lines("a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}g").collect();
        assert_eq!(got, ["a", "b", "c", "d", "e", "f", "g"]);
        assert_eq!(lines("").collect::<Vec<_>>(), [""]);
        assert_eq!(lines("x\n").collect::<Vec<_>>(), ["x", ""]);
    }

    #[test]
    fn line_ending_block_ids_are_escaped() {
        assert_eq!(unblock_id("see ^note-1a2b"), "see \\^note-1a2b");
        assert_eq!(unblock_id("^note-1a2b  \u{FEFF}"), "\\^note-1a2b  \u{FEFF}");
        assert_eq!(unblock_id("a footnote[^1] here"), "a footnote[^1] here");
        assert_eq!(unblock_id("x^2 + y"), "x^2 + y");
        assert_eq!(unblock_id("ends with a caret ^"), "ends with a caret ^");
    }

    #[test]
    fn document_text_reads_as_text() {
        assert_eq!(text_line("  1. not a list"), "1\\. not a list");
        assert_eq!(text_line("- not a bullet"), "\\- not a bullet");
        assert_eq!(text_line("=== # <b>"), "\\=\\=\\= \\# \\<b\\>");
        assert_eq!(inline("a\r\nb\rc"), "a b c");
        assert_eq!(tag("snake_case tag #x"), "snake_case-tag-\\#x");
    }

    #[test]
    fn bodies_keep_their_markdown_when_it_is_harmless() {
        let body = "**bold** and a [link](https://example.org)\n\n- a list\n\n```\n# a comment in code\n```";
        assert_eq!(quoted_body(body), body.lines().map(quote_line).collect::<Vec<_>>().join("\n"));
    }

    #[test]
    fn bodies_lose_headings_and_close_their_fences() {
        assert_eq!(quoted_body("# a\ntext\n==="), "> \\# a\n> text\n> \\===");
        assert_eq!(quoted_body("~~~~\ncode\n~~~"), "> ~~~~\n> code\n> ~~~\n> ~~~~");
    }

    #[test]
    fn a_body_too_long_to_read_as_markdown_is_text() {
        let line = "# heading [x](javascript:f()) <b>bold</b> ```\n";
        let body = line.repeat(MAX_MARKDOWN_BODY / line.len() + 1);
        let md = quoted_body(&body);
        assert_eq!(md, quoted_text(&body));
        assert!(marks(&md, &EVERY_MARK).is_empty() && open_fence(&md).is_none());
    }

    #[test]
    fn raw_html_in_a_body_is_text() {
        let body = "<script>alert(1)</script>\nsee <b>this</b> <!-- hidden -->\n<div\nonclick=\"x()\">";
        let md = quoted_body(body);
        assert!(html_marks(&md).is_empty(), "{md}");
        for options in dialects() {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&md, options));
            assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<!--"), "{html}");
            assert!(!html.contains("<div"), "{html}");
            assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        }
    }

    /// Whether any reader dialect finds a block other than a paragraph in `md`'s blockquote.
    fn blocks_other_than_paragraphs(md: &str) -> Vec<String> {
        dialects()
            .into_iter()
            .flat_map(|o| Parser::new_ext(md, o).collect::<Vec<_>>())
            .filter_map(|e| match e {
                Event::Start(Tag::Paragraph | Tag::BlockQuote(_)) => None,
                Event::Start(t) if !matches!(t, Tag::Emphasis | Tag::Strong) => Some(format!("{t:?}")),
                Event::Html(h) => Some(format!("{h:?}")),
                _ => None,
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, failure_persistence: None, ..Default::default() })]

        /// Document text is text: one blockquote of paragraphs, whatever it holds.
        #[test]
        fn document_text_makes_only_paragraphs(parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..32)) {
            let md = quoted_text(&parts.concat());
            proptest::prop_assert!(blocks_other_than_paragraphs(&md).is_empty(), "{md}");
            let bare_block_id = |l: &str| {
                let word = l.trim_end().trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '-');
                word.len() < l.trim_end().len() && word.ends_with('^') && !word.ends_with("\\^")
            };
            proptest::prop_assert!(!md.lines().any(bare_block_id), "{md}");
        }

        /// A body keeps its Markdown but has no heading, no raw HTML and leaves no fence open.
        #[test]
        fn bodies_have_no_heading_and_no_open_fence(parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..32)) {
            let md = quoted_body(&parts.concat());
            proptest::prop_assert!(heading_marks(&md).is_empty() && open_fence(&md).is_none(), "{md}");
            proptest::prop_assert!(html_marks(&md).is_empty(), "{md}");
            proptest::prop_assert!(marks(&md, &[Mark::Link]).is_empty(), "{md}");
        }
    }

    const PIECES: &[&str] = &[
        "\n",
        "\r",
        "> ",
        "- ",
        "  ",
        "\t",
        "```",
        "~~~",
        "#",
        "# ",
        "=",
        "-",
        "1.",
        "1)",
        "[^1]: ",
        ": ",
        "|",
        "<div>",
        "<pre>",
        "<!--",
        "<script>",
        "</b>",
        "<a href=x>",
        "    ",
        "x",
        "*",
        "+ ",
        "\\",
        "`",
        "^note-1",
        "_",
        "[x]: /u",
        "[x]",
        "<https://a.b>",
        "](javascript:x)",
        "<javascript:x>",
        "![",
        "[[",
        "]]",
        "[y]: javascript:x",
        "(",
        ")",
    ];

    #[test]
    fn yaml_scalars_escape_what_yaml_does_not_take_raw() {
        assert_eq!(yaml("a \"b\": #c"), "\"a \\\"b\\\": #c\"");
        assert_eq!(yaml("\u{7f}\u{85}\u{2028}\u{FEFF}\u{FFFE}é🌍"), "\"\\u007F\\u0085\\u2028\\uFEFF\\uFFFEé🌍\"");
        assert_eq!(yaml("\0\n"), "\"\\u0000\\n\"");
    }
}
