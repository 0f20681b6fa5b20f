//! A saved web page read into blocks from its DOM (html5ever, through `scraper`): `<h2>`
//! is a heading of level 2, a `<li>` inside two lists an item of depth 1, `<strong>` runs
//! are kept as a block's bold. The site's chrome is set apart, not read as the record:
//!
//! - its regions: `nav`, `footer`, `aside`, `form`, a `header` outside the article, and
//!   elements whose ARIA role (navigation, banner, contentinfo, complementary, search …) or
//!   whose class or id (menu, nav, breadcrumb, footer, share, social, cookie, sidebar …)
//!   says so;
//! - everything outside the page's main content, when the page marks it: its one `<main>`
//!   (or `role="main"`), else its one `<article>`.
//!
//! The main content is found by the page's own landmarks first; Readability
//! (`dom_smoothie`, MIT, a port of Readability.js) is then a second opinion that may only
//! trim it ([`trim_by_readability`]). Measured on the corpus's 8 saved pages (301 facts,
//! `check.py`), 7 December:
//! - the landmarks alone hold 297;
//! - Readability's article alone, read by the same blocks reader and assembler, holds 294
//!   (its content has no `<h1>` or `<meta>`: 5 titles lost), or 299 with the page's own
//!   title, date and address kept; but 100,000 nested `<div>`s ran past 120 s in it
//!   (killed), where this reader, behind [`crate::core::html`]'s nesting cap, takes under a
//!   second;
//! - the landmarks trimmed by Readability's article (kept): 299, and no page worse. It sets
//!   usa.gov's "Do you have a question?" box apart, which no landmark marks, and moves search
//!   forms, category pickers and author boxes that the landmarks left in to the page's head
//!   and foot. It reads the page as tamed (nesting capped), and only pages of at most 2 MB
//!   and 20,000 elements: a 1.8 MB page of 12,000 elements took 0.04 s more to open.
//!
//! The walk keeps its own stack instead of recursing, as [`crate::core::html`]'s does, and
//! reads the page as that module tames it (nesting capped).

use super::{Block, Kind, Page, tidy, title_without_site};
use scraper::{ElementRef, Html, Node};

/// Elements that hold blocks of their own besides the ones that break lines in the text
/// ([`crate::core::html::PARAGRAPH_BLOCKS`], [`crate::core::html::LINE_BLOCKS`]): their text
/// between children is a paragraph.
const MORE_BLOCKS: &[&str] = &["td", "th", "fieldset", "details", "summary", "body", "html"];

/// Whether an element holds blocks of its own (a `<br>` only breaks the line).
fn is_block(name: &str) -> bool {
    use crate::core::html::{LINE_BLOCKS, PARAGRAPH_BLOCKS};
    name != "br" && name != "option" && [PARAGRAPH_BLOCKS, LINE_BLOCKS, MORE_BLOCKS].iter().any(|l| l.contains(&name))
}

/// Regions of a page that are the site's, by element.
const CHROME_ELEMENTS: &[&str] = &["nav", "footer", "aside", "form"];
/// ARIA roles of the site's regions.
const CHROME_ROLES: &[&str] =
    &["navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alertdialog"];
/// Words of a class or id (split at `-` and `_`) that name the site's regions.
const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "megamenu",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "share",
    "sharing",
    "social",
    "cookie",
    "cookies",
    "sidebar",
    "skip",
    "toolbar",
    "subscribe",
    "newsletter",
    "pagination",
    "pager",
    "modal",
    "popup",
    "dropdown",
    "banner",
    "masthead",
    "utility",
    "search",
    "tags",
    "wm", // the Wayback Machine's toolbar (wm-ipp)
];

/// Reads a saved page into blocks, with its title, address and date.
pub fn read(source: &str) -> Page {
    let tamed = crate::core::html::tame(source);
    let doc = Html::parse_document(&tamed);
    let main = main_content(&doc);
    let mut w = Walker::default();
    w.walk(doc.root_element(), main);
    w.flush();
    trim_by_readability(&tamed, &mut w.blocks);
    let og_title = meta_content(&doc, "og:title").map(|t| title_without_site(&t));
    let h1 = w.blocks.iter().find(|b| b.kind == Kind::Heading(1)).map(|b| b.text.replace('\n', " "));
    let head_title = scraper::Selector::parse("title")
        .ok()
        .and_then(|s| doc.select(&s).next().map(|e| title_without_site(&e.text().collect::<String>())))
        .filter(|t| !t.is_empty());
    let url = crate::core::html::page_url(source, &doc);
    let date = crate::core::html::page_date(&doc)
        .or_else(|| w.blocks.iter().find_map(|b| updated_on(&b.text)))
        .or_else(|| url.as_deref().and_then(capture_date));
    Page { blocks: w.blocks, title: og_title.or(h1), head_title, url, date, kind: "saved web page", quote: None }
}

/// Pages bigger than this are not given to Readability (its scoring is slower than this
/// reader; the landmarks alone decide).
const READABILITY_MAX_BYTES: usize = 2 << 20;
/// Nor pages of more elements than this (`dom_smoothie` refuses them).
const READABILITY_MAX_ELEMENTS: usize = 20_000;

/// Readability's opinion of the page (`dom_smoothie`, on the page as tamed), where the
/// page's landmarks leave the site's parts in its content: the content's blocks before the
/// first and after the last that Readability's article holds, and a heading it does not hold
/// with what is under it that it does not hold either (usa.gov's "Do you have a question?"
/// box), are the site's too. It
/// is heard only when its article holds most of the content's letters (else it read
/// another part of the page).
fn trim_by_readability(tamed: &str, blocks: &mut [Block]) {
    if tamed.len() > READABILITY_MAX_BYTES {
        return;
    }
    let config = dom_smoothie::Config { max_elements_to_parse: READABILITY_MAX_ELEMENTS, ..Default::default() };
    let Ok(article) = dom_smoothie::Readability::new(tamed, None, Some(config)).and_then(|mut r| r.parse()) else {
        return;
    };
    // The article read into blocks as the page is: its blocks' texts, looked up, not searched.
    let fragment = Html::parse_fragment(&article.content);
    let mut w = Walker::default();
    w.walk(fragment.root_element(), None);
    w.flush();
    let key = |t: &str| crate::core::text::normalise_for_id(t);
    let held: std::collections::HashSet<String> = w.blocks.iter().map(|b| key(&b.text)).collect();
    let in_article: Vec<bool> = blocks.iter().map(|b| !b.chrome && held.contains(&key(&b.text))).collect();
    let (Some(first), Some(last)) = (in_article.iter().position(|&h| h), in_article.iter().rposition(|&h| h)) else {
        return;
    };
    let letters = |keep: &dyn Fn(usize) -> bool| {
        blocks.iter().enumerate().filter(|&(i, b)| !b.chrome && keep(i)).map(|(_, b)| b.text.len()).sum::<usize>()
    };
    if letters(&|i| in_article[i]) * 2 < letters(&|_| true) {
        return;
    }
    let mut site = vec![false; blocks.len()];
    for (i, s) in site.iter_mut().enumerate() {
        *s = i < first || i > last;
    }
    // A heading the article does not hold, with the blocks under it up to the next heading
    // of its level or the next block it holds, when they are none of them in it. (Each
    // block is in the runs of at most six headings, one a level.)
    for (i, b) in blocks.iter().enumerate() {
        let Kind::Heading(level) = b.kind else { continue };
        if b.chrome || in_article[i] {
            continue;
        }
        let run = blocks[i + 1..]
            .iter()
            .zip(&in_article[i + 1..])
            .take_while(|(n, held)| !**held && !matches!(n.kind, Kind::Heading(l) if l <= level))
            .count();
        if run > 0 {
            site[i..=i + run].iter_mut().for_each(|s| *s = true);
        }
    }
    for (b, s) in blocks.iter_mut().zip(site) {
        b.chrome |= s;
    }
}

/// The date of a "Last Updated: October 19, 2022" line (a government page's own stamp).
fn updated_on(text: &str) -> Option<crate::core::dates::PartialDate> {
    let (label, date) = text.split_once(':')?;
    let label = label.trim().to_lowercase();
    let known = ["last updated", "updated", "page last updated", "last modified", "published", "date"];
    known.contains(&label.as_str()).then(|| crate::core::dates::parse_date(date.trim())).flatten()
}

/// The day a Wayback Machine copy was captured, from its address (`/web/20251010113941/…`):
/// the date of the page as the record holds it.
fn capture_date(url: &str) -> Option<crate::core::dates::PartialDate> {
    crate::core::export::cite::archived_address(url)?;
    let stamp = url.split("/web/").nth(1)?.get(..8)?;
    let n = |r: std::ops::Range<usize>| stamp.get(r)?.parse::<u32>().ok();
    crate::core::dates::PartialDate::ymd(
        i32::try_from(n(0..4)?).ok()?,
        u8::try_from(n(4..6)?).ok()?,
        u8::try_from(n(6..8)?).ok()?,
    )
}

/// A `<meta property|name=… content=…>`'s content.
fn meta_content(doc: &Html, name: &str) -> Option<String> {
    let metas = scraper::Selector::parse("meta").ok()?;
    doc.select(&metas).find_map(|e| {
        let n = e.value().attr("property").or_else(|| e.value().attr("name"))?;
        let content = e.value().attr("content").or_else(|| e.value().attr("value"));
        n.eq_ignore_ascii_case(name).then_some(content).flatten().map(|c| c.trim().to_owned())
    })
}

/// The page's main content, when it marks one: its one `<main>` or `role="main"` element,
/// else its one `<article>`.
fn main_content(doc: &Html) -> Option<ego_tree::NodeId> {
    let pick = |sel: &str| {
        let s = scraper::Selector::parse(sel).ok()?;
        let found: Vec<ElementRef<'_>> = doc.select(&s).collect();
        // One, or the first of several nested in one another (a `<main>` inside a `<main>`).
        let first = found.first()?;
        found.iter().all(|e| e.id() == first.id() || e.ancestors().any(|a| a.id() == first.id())).then(|| first.id())
    };
    pick("main, [role=main]").or_else(|| pick("article"))
}

/// Whether an element is one of the site's regions.
fn is_chrome(el: ElementRef<'_>, in_article: bool) -> bool {
    let v = el.value();
    let name = v.name();
    if CHROME_ELEMENTS.contains(&name) || (name == "header" && !in_article) {
        return true;
    }
    if matches!(name, "html" | "body" | "main" | "article") {
        return false;
    }
    if v.attr("aria-hidden").is_some_and(|a| a.eq_ignore_ascii_case("true")) || v.attr("hidden").is_some() {
        return true;
    }
    if v.attr("role").is_some_and(|r| CHROME_ROLES.iter().any(|c| r.trim().eq_ignore_ascii_case(c))) {
        return true;
    }
    let words = v
        .attr("class")
        .into_iter()
        .chain(v.attr("id"))
        .flat_map(|a| a.split(|c: char| c.is_whitespace() || c == '-' || c == '_'));
    words.map(str::to_ascii_lowercase).any(|w| CHROME_WORDS.contains(&w.as_str()))
}

/// Where the walk is: what its elements say of the text inside them.
#[derive(Clone, Copy, Default)]
struct Ctx {
    chrome: bool,
    lists: u8,
    quote: bool,
    article: bool,
    pre: bool,
}

enum Step<'a> {
    Enter(ElementRef<'a>, Ctx),
    Text(&'a str, Ctx),
    Leave(Leave),
}

#[derive(Clone, Copy)]
enum Leave {
    Block,
    Bold(usize),
    Italic(usize),
}

/// The block a block element opens, and the rule that says so.
fn block_kind(name: &str, ctx: Ctx) -> (Kind, &'static str) {
    match name {
        "h1" => (Kind::Heading(1), "<h1>"),
        "h2" => (Kind::Heading(2), "<h2>"),
        "h3" => (Kind::Heading(3), "<h3>"),
        "h4" => (Kind::Heading(4), "<h4>"),
        "h5" => (Kind::Heading(5), "<h5>"),
        "h6" => (Kind::Heading(6), "<h6>"),
        "li" => (Kind::Item(ctx.lists.saturating_sub(1)), "<li>"),
        _ if ctx.quote || name == "blockquote" => (Kind::Quote, "<blockquote>"),
        "p" => (Kind::Para, "<p>"),
        _ => (Kind::Para, "text in a block element"),
    }
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    raw: String,
    bold: Vec<(usize, usize)>,
    italic: Vec<(usize, usize)>,
    /// The blocks open: each one's kind, whether it is chrome, and its rule.
    open: Vec<(Kind, bool, &'static str)>,
}

impl Walker {
    fn walk(&mut self, root: ElementRef<'_>, main: Option<ego_tree::NodeId>) {
        // Outside the main content, when there is one, everything is the site's.
        let mut stack = vec![Step::Enter(root, Ctx { chrome: main.is_some(), ..Ctx::default() })];
        while let Some(step) = stack.pop() {
            match step {
                Step::Text(t, ctx) => self.text(t, ctx),
                Step::Leave(leave) => self.leave(leave),
                Step::Enter(el, ctx) => self.enter(el, ctx, main, &mut stack),
            }
        }
    }

    /// A text of the page, added to the block being written.
    fn text(&mut self, t: &str, ctx: Ctx) {
        if ctx.pre {
            self.raw.push_str(t);
        } else {
            // Line breaks of the source are spaces; a zero-width space is nothing.
            self.raw.push_str(&t.replace(['\n', '\r', '\t'], " ").replace('\u{200b}', ""));
        }
    }

    /// The end of an element: of a block, or of bold or italic text begun at `from`.
    fn leave(&mut self, leave: Leave) {
        match leave {
            Leave::Block => {
                self.flush();
                self.open.pop();
            }
            Leave::Bold(from) => self.bold.push((from.min(self.raw.len()), self.raw.len())),
            Leave::Italic(from) => self.italic.push((from.min(self.raw.len()), self.raw.len())),
        }
    }

    /// An element entered: what it says of the text inside it, then its end and its
    /// children on the stack (the children reversed, so that the first is taken first).
    fn enter<'a>(
        &mut self,
        el: ElementRef<'a>,
        mut ctx: Ctx,
        main: Option<ego_tree::NodeId>,
        stack: &mut Vec<Step<'a>>,
    ) {
        let name = el.value().name();
        if crate::core::html::HIDDEN.contains(&name) {
            return;
        }
        if main == Some(el.id()) {
            ctx.chrome = false;
            ctx.article = true;
        }
        ctx.article |= name == "article";
        ctx.chrome |= is_chrome(el, ctx.article);
        ctx.pre |= name == "pre";
        let leave = match name {
            "br" => {
                self.raw.push('\n');
                None
            }
            "strong" | "b" => Some(Leave::Bold(self.raw.len())),
            "em" | "i" => Some(Leave::Italic(self.raw.len())),
            _ if is_block(name) => {
                self.flush();
                let (kind, rule) = block_kind(name, ctx);
                self.open.push((kind, ctx.chrome, rule));
                Some(Leave::Block)
            }
            _ => None,
        };
        if matches!(name, "ul" | "ol") {
            ctx.lists = ctx.lists.saturating_add(1);
        }
        ctx.quote |= name == "blockquote";
        stack.extend(leave.map(Step::Leave));
        let mark = stack.len();
        for child in el.children() {
            match child.value() {
                Node::Text(t) => stack.push(Step::Text(t, ctx)),
                Node::Element(_) => stack.extend(ElementRef::wrap(child).map(|c| Step::Enter(c, ctx))),
                _ => {}
            }
        }
        stack[mark..].reverse();
    }

    /// Ends the block being written, as the innermost block open.
    fn flush(&mut self) {
        let raw = std::mem::take(&mut self.raw);
        let bold = std::mem::take(&mut self.bold);
        let italic = std::mem::take(&mut self.italic);
        if tidy(&raw).is_empty() {
            return;
        }
        let (kind, chrome, rule) = self.open.last().copied().unwrap_or((Kind::Para, false, "text"));
        let mut block = Block::marked(kind, rule, &raw, &bold, &italic);
        block.chrome = chrome;
        self.blocks.push(block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::blocks::Bold;

    #[test]
    fn chrome_is_set_apart_and_structure_kept() {
        let page = read(
            "<html><head><title>Tuvalu - United States Department of State</title></head><body>\
             <header><nav><ul><li>Home</li><li>Countries</li></ul></nav></header>\
             <main><h1>2024 Report: Tuvalu</h1><h2>Life</h2><h3>a. Killings</h3><p>One <strong>two</strong>.</p>\
             <ul><li><strong>Lead:</strong> text<ul><li>sub</li></ul></li></ul>\
             <div class=\"share-links\">Facebook X</div></main><footer>Privacy</footer></body></html>",
        );
        let shown: Vec<(Kind, &str, bool)> = page.blocks.iter().map(|b| (b.kind, b.text.as_str(), b.chrome)).collect();
        assert_eq!(
            shown,
            vec![
                (Kind::Item(0), "Home", true),
                (Kind::Item(0), "Countries", true),
                (Kind::Heading(1), "2024 Report: Tuvalu", false),
                (Kind::Heading(2), "Life", false),
                (Kind::Heading(3), "a. Killings", false),
                (Kind::Para, "One two.", false),
                (Kind::Item(0), "Lead: text", false),
                (Kind::Item(1), "sub", false),
                (Kind::Para, "Facebook X", true),
                (Kind::Para, "Privacy", true),
            ]
        );
        assert_eq!(page.blocks[6].bold, Bold::Lead(5));
        assert_eq!(page.title.as_deref(), Some("2024 Report: Tuvalu"));
    }

    #[test]
    fn deep_nesting_is_read_on_a_small_stack_with_every_word() {
        let depth = 50_000;
        let page =
            format!("<html><body>{}{}</body></html>", "<div><span>w ".repeat(depth), "</span></div>".repeat(depth));
        let text =
            std::thread::Builder::new().stack_size(2 << 20).spawn(move || read(&page).text()).unwrap().join().unwrap();
        assert_eq!(text.matches('w').count(), depth);
    }

    #[test]
    fn a_line_break_after_a_bold_lead_is_kept() {
        let page = read("<p><strong>President Obama:</strong><br>Twitter: @POTUS44</p>");
        assert_eq!(page.blocks[0].text, "President Obama:\nTwitter: @POTUS44");
        assert_eq!(page.blocks[0].bold, Bold::Lead("President Obama:".len()));
    }
}
