//! Saved web pages, before they are read into blocks ([`crate::core::blocks::html`]): the
//! page's nesting tamed for the HTML parser ([`tame`]), the elements never shown, and the
//! address and date a page gives for itself.

use scraper::Html;
use smol_str::SmolStr;
use std::borrow::Cow;

/// Elements whose content is never shown.
pub(crate) const HIDDEN: &[&str] = &["script", "style", "noscript", "template", "head", "object", "iframe", "select"];
/// Elements that stand on lines of their own, separated by a blank line.
pub(crate) const PARAGRAPH_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "table",
    "pre",
    "hr",
    "center",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "main",
    "aside",
    "figure",
    "form",
    "address",
];
/// Elements that start a new line.
pub(crate) const LINE_BLOCKS: &[&str] = &["div", "br", "tr", "dt", "dd", "li", "caption", "figcaption", "option"];

/// The date a saved page gives for itself in its `<meta>`: when it was published, else its
/// Dublin Core or plain date.
pub(crate) fn page_date(doc: &Html) -> Option<crate::core::dates::PartialDate> {
    const NAMES: [&str; 8] = [
        "article:published_time",
        "dc.date.issued",
        "dcterms.issued",
        "dc.date",
        "dcterms.date",
        "date",
        "article:modified_time",
        "og:updated_time",
    ];
    let metas = scraper::Selector::parse("meta").ok()?;
    let found: Vec<(usize, &str)> = doc
        .select(&metas)
        .filter_map(|e| {
            let name = e.value().attr("property").or_else(|| e.value().attr("name"))?.to_ascii_lowercase();
            // `value` for `content`: Drupal's pages (the Obama White House archive) write it so.
            let content = e.value().attr("content").or_else(|| e.value().attr("value"))?;
            Some((NAMES.iter().position(|n| *n == name)?, content))
        })
        .collect();
    found.iter().min_by_key(|(rank, _)| *rank).and_then(|(_, content)| crate::core::details::page_date(content))
}

/// The address a saved page gives for itself: the address the browser noted in a "saved
/// from url=(…)" comment when it saved it, its canonical link, or its `og:url`. Only `http`
/// and `https` addresses count.
pub(crate) fn page_url(source: &str, doc: &Html) -> Option<String> {
    let web = |u: &str| {
        let u = u.trim();
        (u.starts_with("https://") || u.starts_with("http://")).then(|| u.to_owned()).filter(|u| u.len() < 2048)
    };
    // "<!-- saved from url=(0077)https://… -->": the browser's mark, near the top.
    let near_top = (0..=source.len().min(4096)).rev().find(|&i| source.is_char_boundary(i)).unwrap_or(0);
    let head = &source[..near_top];
    if let Some(at) = head.find("saved from url=(")
        && let Some(close) = head[at..].find(')')
    {
        let rest = &head[at + close + 1..];
        let end = rest.find(|c: char| c.is_whitespace() || c == '-').unwrap_or(rest.len());
        if let Some(u) = web(&rest[..end]) {
            return Some(u);
        }
    }
    let links = scraper::Selector::parse(r#"link[rel="canonical"]"#).ok()?;
    let og = scraper::Selector::parse(r#"meta[property="og:url"]"#).ok()?;
    doc.select(&links)
        .filter_map(|e| e.value().attr("href"))
        .chain(doc.select(&og).filter_map(|e| e.value().attr("content")))
        .find_map(web)
}

/// How deep elements are nested in the page the HTML parser is given; deeper ones are
/// flattened (see [`tame`]). Real pages stay far below it.
const MAX_DEPTH: usize = 512;
/// Every this many levels of nesting, the parser is given a scope boundary (see [`tame`]).
const BOUNDARY_EVERY: usize = 64;
/// The boundary: an element the parser's searches of its stack stop at, which shows as
/// nothing (an inline element to the blocks reader).
const BOUNDARY: &str = "<marquee>";
const BOUNDARY_END: &str = "</marquee>";
/// How many attributes a tag keeps for the HTML parser; a tag with more loses them all.
const MAX_ATTRIBUTES: usize = 64;

/// Elements without content: they never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "basefont", "bgsound", "frame", "keygen", "image",
];
/// Elements whose content is text, not markup, up to their end tag.
/// Follows SVG and `MathML` content: an HTML element such as <span> or <div> inside it (or
/// </p>, </br>) ends it, as the parser closes it first, and a <textarea> after it is raw
/// text again; not inside an SVG <title>, <desc> or <foreignObject>, or a `MathML` text
/// element, whose content is HTML already (`integration` counts those open). Returns how
/// many boundaries leaving it closed.
fn leave_foreign(
    open: &mut Nesting,
    flat: &mut Nesting,
    integration: &mut usize,
    tag: &Tag<'_>,
    name: &str,
    tag_text: &str,
) -> usize {
    if !open.is_foreign() {
        return 0;
    }
    if INTEGRATION_POINTS.contains(&name) {
        if tag.end {
            *integration = integration.saturating_sub(1);
        } else if !tag_text.ends_with("/>") {
            *integration += 1;
        }
    }
    let breaks_out = if tag.end { name == "p" || name == "br" } else { BREAKOUT.contains(&name) };
    let mut closed = 0;
    if breaks_out && *integration == 0 {
        *flat = Nesting::default();
        while let Some(b) = open.close("svg").or_else(|| open.close("math")) {
            closed += b;
        }
    }
    closed
}

/// Whether a start tag closes itself: `<svg/>`, `<math/>`, or any `<…/>` inside SVG or
/// `MathML` (an HTML element ignores the slash: `<div/>` opens a div).
fn self_closing_foreign(tag: &str, name: &str, in_foreign: bool) -> bool {
    tag.ends_with("/>") && (in_foreign || name == "svg" || name == "math")
}

/// SVG and `MathML` elements whose content is HTML (the standard's integration points).
const INTEGRATION_POINTS: &[&str] =
    &["title", "desc", "foreignobject", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"];

/// HTML start tags that end SVG or `MathML` content where they appear (the HTML standard's
/// "breakout" list for foreign content).
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

const RAW_TEXT: &[&str] =
    &["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title", "plaintext"];
/// Elements the HTML parser closes by itself when another like them starts (`<p>`, `<li>`,
/// table cells…), the page's frame, and hidden elements that are scope boundaries or cannot
/// nest: they cannot pile up on the parser's stack without a counted element between them.
const NOT_COUNTED: &[&str] = &[
    "html", "head", "body", "frameset", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc", "template", "object", "select",
];

/// The page as the HTML parser should see it: unchanged, unless it nests elements more than
/// [`BOUNDARY_EVERY`] deep or gives a tag more than [`MAX_ATTRIBUTES`] attributes.
///
/// html5ever does not overflow the stack on deep nesting, but many of its steps search its
/// stack of open elements, each to the nearest scope boundary: 100,000 nested `<div>`s (1 MB)
/// took it half a minute, nested lists three minutes, and a million `<hr>`s inside 500
/// `<div>`s five seconds. It also checks each attribute of a tag against all the others. So:
/// - every [`BOUNDARY_EVERY`] levels a [`BOUNDARY`] is opened, closed again before any end
///   tag that closes what is outside it: no search goes further than that;
/// - below [`MAX_DEPTH`] levels, tags are flattened: a block becomes a `<hr>` or `<br>` (the
///   same line breaks), any other element loses its tags; every text is kept, in order;
/// - a tag with too many attributes loses them (the text never depends on them).
///
/// The nesting is followed by a tokenizer that knows tags, comments and raw text, not all the
/// parser's rules: an end tag closes everything opened inside its element, and elements the
/// parser closes by itself ([`NOT_COUNTED`]) are not counted.
pub(crate) fn tame(source: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0; // source[..copied] is in `out`
    let mut open = Nesting::default(); // what the parser is given
    let mut flat = Nesting::default(); // opened below the limit depth, flattened
    let mut integration: usize = 0; // SVG or MathML elements open whose content is HTML
    let mut at = 0;
    let bytes = source.as_bytes();
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + lt;
        let tag = match markup_at(&source[start..]) {
            Markup::Skip(len) => {
                at = start + len;
                continue;
            }
            Markup::Tag(tag) => tag,
        };
        let tag_end = start + tag.len;
        at = tag_end;
        let name = SmolStr::from(tag.name.to_ascii_lowercase());
        let counted = !VOID.contains(&name.as_str())
            && !RAW_TEXT.contains(&name.as_str())
            && !NOT_COUNTED.contains(&name.as_str());
        let mut emit = Emit::Same;
        // Whether this tag is read as HTML (not inside SVG or MathML, or inside their HTML).
        let html_here = !open.is_foreign() || integration > 0;
        let broke_out = leave_foreign(&mut open, &mut flat, &mut integration, &tag, &name, &source[start..tag_end]);
        if broke_out > 0 {
            emit = Emit::Before(BOUNDARY_END.repeat(broke_out));
        }
        if tag.end && counted {
            if flat.close(&name).is_some() {
                emit = Emit::Instead(flattened(&name));
            } else if let Some(boundaries) = open.close(&name) {
                // Closing an element closes what was opened in it, flattened or not.
                flat = Nesting::default();
                emit = Emit::Before(BOUNDARY_END.repeat(boundaries));
            } else if open.is_foreign() || (name == "marquee" && open.boundaries > 0) {
                // Nothing to close: the parser would search its whole stack for it in SVG
                // or MathML, or close a boundary with it.
                emit = Emit::Instead("");
            }
        } else if counted && broke_out > 0 {
            open.open(name);
        } else if counted && self_closing_foreign(&source[start..tag_end], &name, open.is_foreign()) {
            // `<svg/>`, or `<path/>` inside SVG: opened and closed at once.
        } else if counted {
            if open.elements >= MAX_DEPTH {
                emit = Emit::Instead(flattened(&name));
                flat.open(name);
            } else if open.elements > 0 && open.elements % BOUNDARY_EVERY == 0 && !open.is_foreign() {
                open.open_boundary();
                open.open(name);
                emit = Emit::Before(BOUNDARY.to_owned());
            } else {
                open.open(name);
            }
        } else if !tag.end && RAW_TEXT.contains(&name.as_str()) && (html_here || broke_out > 0 || !open.is_foreign()) {
            // Its text runs to its end tag (to the end of the page for <plaintext>).
            at = if name == "plaintext" { source.len() } else { end_tag(source, at, &name).unwrap_or(source.len()) };
        }
        if let Some(r) = replacement(emit, &tag, &source[start..tag_end]) {
            let o = out.get_or_insert_with(|| String::with_capacity(source.len()));
            o.push_str(&source[copied..start]);
            o.push_str(&r);
            copied = tag_end;
        }
    }
    match out {
        None => Cow::Borrowed(source),
        Some(mut o) => {
            o.push_str(&source[copied..]);
            Cow::Owned(o)
        }
    }
}

/// What [`tame`] writes for a tag (`tag_text`, as the page has it) when not the tag as it
/// is: what `emit` says, with the tag itself without its attributes when it has too many.
fn replacement(emit: Emit, tag: &Tag<'_>, tag_text: &str) -> Option<String> {
    let bare = (tag.attributes > MAX_ATTRIBUTES).then(|| format!("<{}{}>", if tag.end { "/" } else { "" }, tag.name));
    let tag_text = bare.as_deref().unwrap_or(tag_text);
    match emit {
        Emit::Same => bare.clone(),
        Emit::Instead(s) => Some(s.to_owned()),
        Emit::Before(before) if before.is_empty() => bare.clone(),
        Emit::Before(before) => Some(before + tag_text),
    }
}

/// What [`tame`] gives the parser for a tag.
enum Emit {
    /// The tag as it is.
    Same,
    /// This instead of the tag.
    Instead(&'static str),
    /// This, then the tag.
    Before(String),
}

/// What a flattened tag becomes: a tag with the same line breaks and no content.
fn flattened(name: &str) -> &'static str {
    if PARAGRAPH_BLOCKS.contains(&name) {
        "<hr>"
    } else if LINE_BLOCKS.contains(&name) {
        "<br>"
    } else {
        ""
    }
}

/// Open elements and boundaries, innermost last, with how many elements of each name are
/// open (so that an end tag with no open element is known at once, not by a search).
#[derive(Default)]
struct Nesting {
    /// `None` for a boundary.
    stack: Vec<Option<SmolStr>>,
    count: foldhash::HashMap<SmolStr, usize>,
    elements: usize,
    boundaries: usize,
}

impl Nesting {
    fn open(&mut self, name: SmolStr) {
        *self.count.entry(name.clone()).or_default() += 1;
        self.elements += 1;
        self.stack.push(Some(name));
    }

    fn open_boundary(&mut self) {
        self.boundaries += 1;
        self.stack.push(None);
    }

    /// Closes the innermost `name` and everything opened in it: how many boundaries that
    /// closed, or `None` if no `name` is open.
    fn close(&mut self, name: &str) -> Option<usize> {
        if self.count.get(name).is_none_or(|&n| n == 0) {
            return None;
        }
        let mut boundaries = 0;
        while let Some(top) = self.stack.pop() {
            let Some(top) = top else {
                boundaries += 1;
                continue;
            };
            self.elements -= 1;
            if let Some(n) = self.count.get_mut(&top) {
                *n = n.saturating_sub(1);
            }
            if top == name {
                break;
            }
        }
        self.boundaries -= boundaries;
        Some(boundaries)
    }

    /// Inside SVG or `MathML`, where `<title>` or `<style>` hold markup, not raw text, and a
    /// boundary would be an element like any other.
    fn is_foreign(&self) -> bool {
        ["svg", "math"].iter().any(|n| self.count.get(*n).is_some_and(|&c| c > 0))
    }
}

/// A tag, as the HTML tokenizer reads it.
struct Tag<'a> {
    /// As written (any case).
    name: &'a str,
    end: bool,
    /// Its length in bytes, from `<` to `>`.
    len: usize,
    /// Roughly how many attributes it has (the words outside values).
    attributes: usize,
}

enum Markup<'a> {
    Tag(Tag<'a>),
    /// Bytes that are not a tag (a comment, a doctype, or a `<` that is only text).
    Skip(usize),
}

/// The markup at the start of `rest`, which starts with `<`.
fn markup_at(rest: &str) -> Markup<'_> {
    let b = rest.as_bytes();
    let to_gt = |from: usize| memchr::memchr(b'>', b.get(from..).unwrap_or_default()).map_or(b.len(), |i| from + i + 1);
    if rest.starts_with("<!--") {
        // "-->" or "--!>" ends a comment; "<!-->" and "<!--->" are whole comments.
        let body = &b[2..];
        let end = [&b"-->"[..], b"--!>"]
            .iter()
            .filter_map(|close| memchr::memmem::find(body, close).map(|i| 2 + i + close.len()))
            .min();
        return Markup::Skip(end.unwrap_or(b.len()));
    }
    let (end, name_start) = match b.get(1) {
        Some(b'!' | b'?') => return Markup::Skip(to_gt(1)),
        Some(b'/') => (true, 2),
        _ => (false, 1),
    };
    if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        // "</>" is nothing and "</ …>" a bogus comment; a "<" before anything else is text.
        return Markup::Skip(if end { to_gt(2) } else { 1 });
    }
    let name_len = b[name_start..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        .unwrap_or(b.len() - name_start);
    let name_end = name_start + name_len;
    let mut i = name_end;
    let mut attributes = 0;
    let mut in_word = false; // in an attribute's name or unquoted value
    let mut last = b'<'; // the last byte that is not a space
    while let Some(&c) = b.get(i) {
        match c {
            b'>' => {
                return Markup::Tag(Tag { name: &rest[name_start..name_end], end, len: i + 1, attributes });
            }
            b'"' | b'\'' if last == b'=' => match memchr::memchr(c, &b[i + 1..]) {
                Some(close) => i += close + 1,
                None => break,
            },
            b'=' => in_word = true, // the value belongs to the attribute already counted
            c if c.is_ascii_whitespace() || c == b'/' => in_word = false,
            _ if !in_word => {
                attributes += 1;
                in_word = true;
            }
            _ => {}
        }
        if !b[i].is_ascii_whitespace() {
            last = b[i];
        }
        i += 1;
    }
    // A tag cut off by the end of the page is dropped by the parser; nothing follows it.
    Markup::Skip(b.len())
}

/// Where the end tag `</name` of a raw-text element starts, searching from `from`.
fn end_tag(source: &str, from: usize, name: &str) -> Option<usize> {
    let b = source.as_bytes();
    memchr::memmem::find_iter(&b[from..], b"</").map(|i| from + i).find(|&i| {
        let after = i + 2 + name.len();
        b.get(i + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(after).is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a saved page is read to, through the blocks reader.
    fn text_of(page: &str) -> String {
        crate::core::blocks::html::read(page).text()
    }

    #[test]
    fn lists_paragraphs_and_titles() {
        let html = r#"<!DOCTYPE html><html><head><title> Promoting  Peace </title>
            <style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
            <body><h2>Advancing Peace</h2><ul><li>Worked with <b>partners</b> in
            Haiti.</li><li>Helped &amp; supported Mozambique.</li></ul>
            <p>Remarks by the President, May 10, 1995.<br>Privacy Statement</p></body></html>"#;
        let page = crate::core::blocks::html::read(html);
        assert_eq!(page.head_title.as_deref(), Some("Promoting Peace"));
        assert_eq!(
            page.text(),
            "Advancing Peace\n\n• Worked with partners in Haiti.\n\n• Helped & supported Mozambique.\n\nRemarks by the President, May 10, 1995.\nPrivacy Statement\n\n"
        );
    }

    /// A page of `depth` elements nested, each opened by `open` and holding the word "wN".
    fn nested(open: &str, close: &str, depth: usize) -> String {
        let mut page = String::from("<html><body>");
        for level in 0..depth {
            page.push_str(&format!("{open}w{level} "));
        }
        page.push_str(&close.repeat(depth));
        page + "</body></html>"
    }

    #[test]
    fn real_pages_reach_the_parser_unchanged() {
        let fixture = include_str!("../../tests/fixtures/saved-page.html");
        let shallow = nested("<div>", "</div>", BOUNDARY_EVERY);
        let hidden = format!("<script>{}</script><!-- {} -->", "<div>".repeat(1000), "<span>".repeat(1000));
        for page in [fixture, &shallow, &hidden] {
            assert!(matches!(tame(page), Cow::Borrowed(_)), "{page}");
        }
    }

    #[test]
    fn deep_nesting_keeps_its_text_and_line_breaks() {
        // The text of every level, in order, once; a block element's in a block of its own
        // (each word on a line of its own), an inline element's on one line.
        for (open, close, own_blocks) in [
            ("<div>", "</div>", true),
            ("<blockquote>", "</blockquote>", true),
            ("<span>", "</span>", false),
            ("<ul><li>", "</li></ul>", true),
        ] {
            let depth = 3 * MAX_DEPTH;
            let page = nested(open, close, depth);
            assert!(matches!(tame(&page), Cow::Owned(_)), "{open}");
            let text = text_of(&page);
            let words: Vec<&str> = text.split_whitespace().filter(|w| w.starts_with('w')).collect();
            let want: Vec<String> = (0..depth).map(|l| format!("w{l}")).collect();
            assert_eq!(words, want, "{open}");
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
            assert_eq!(lines, if own_blocks { depth } else { 1 }, "{open}");
        }
    }

    #[test]
    fn end_tags_close_the_boundaries_opened_inside() {
        // After deep nesting closes, the next paragraphs are not left inside it.
        let depth = 2 * BOUNDARY_EVERY + 5;
        let page = nested("<div>", "</div>", depth) + "<p>after</p><p>last</p>";
        let tamed = tame(&page);
        assert_eq!(tamed.matches(BOUNDARY).count(), 2);
        assert_eq!(tamed.matches(BOUNDARY_END).count(), 2);
        let text = text_of(&page);
        assert!(text.ends_with(&format!("w{}\n\nafter\n\nlast\n\n", depth - 1)), "{text}");
    }

    #[test]
    fn tags_with_too_many_attributes_lose_them() {
        let attributes: String = (0..2 * MAX_ATTRIBUTES).map(|i| format!(" a{i}=\"x>{i}\"")).collect();
        let page = format!("<p{attributes}>hello</p><p id=x>world</p>");
        assert_eq!(tame(&page), "<p>hello</p><p id=x>world</p>");
        assert_eq!(text_of(&page), "hello\n\nworld\n\n");
    }

    #[test]
    fn markup_is_read_as_the_tokenizer_reads_it() {
        let tag = |s: &str| match markup_at(s) {
            Markup::Tag(t) => Some((t.name.to_owned(), t.end, t.len, t.attributes)),
            Markup::Skip(_) => None,
        };
        assert_eq!(tag("<DIV class=\"a>b\" id='c' hidden>x"), Some(("DIV".to_owned(), false, 31, 3)));
        assert_eq!(tag("</span >"), Some(("span".to_owned(), true, 8, 0)));
        assert_eq!(tag("<br/>"), Some(("br".to_owned(), false, 5, 0)));
        let skip = |s: &str| match markup_at(s) {
            Markup::Skip(n) => Some(n),
            Markup::Tag(_) => None,
        };
        assert_eq!(skip("<!-- <div> --> x"), Some(14));
        assert_eq!(skip("<!--> <div>"), Some(5));
        assert_eq!(skip("<!-- a --!> <div>"), Some(11));
        assert_eq!(skip("<!DOCTYPE html><p>"), Some(15));
        assert_eq!(skip("< p>"), Some(1));
        assert_eq!(skip("</>x"), Some(3));
        let cut = "<div class=\"never closed";
        assert_eq!(skip(cut), Some(cut.len()), "a tag cut off by the end is not a tag");
        assert_eq!(end_tag("x</SCRIPT >", 0, "script"), Some(1));
        assert_eq!(end_tag("</scripts></script>", 0, "script"), Some(10));
    }
}
