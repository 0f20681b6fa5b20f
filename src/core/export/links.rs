//! The one rule for links in an export: a link or image in a note body stays a link only
//! when its destination is `http`, `https` or `mailto`; anything else (`javascript:`,
//! `vbscript:`, `data:`, `file:`, a relative path into the reader's disk) becomes text.
//! The HTML export drops such a link and keeps its words ([`allowed_events`]; `ammonia`
//! then checks the same schemes again); the Markdown export escapes its first mark, so that
//! it reads as the text it was ([`link_mark`], [`definition_marks`]).

use pulldown_cmark::{Event, LinkType, RefDefs, Tag, TagEnd};
use std::ops::Range;

/// The schemes a link in an export may have.
pub const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether a link may go to `dest`, the destination as a Markdown reader reads it (its
/// entities and backslash escapes already decoded, as `pulldown-cmark` gives it): its
/// scheme, case ignored, after the blanks and controls around it and the tabs and line
/// breaks in it are dropped (as browsers drop them), must be one of [`SCHEMES`]. A
/// destination without a scheme is relative, and is refused too.
pub fn allowed(dest: &str) -> bool {
    let trimmed = dest.trim_matches(|c: char| c <= ' ');
    let url: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let Some((scheme, _)) = url.split_once(':') else { return false };
    SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// [`allowed`] for a link of this kind: an e-mail autolink (`<a@b.org>`) is given without
/// its `mailto:`, which a writer of HTML adds.
pub fn allowed_link(link_type: LinkType, dest: &str) -> bool {
    match link_type {
        LinkType::Email => allowed(&format!("mailto:{dest}")),
        _ => allowed(dest),
    }
}

/// The events of a Markdown text with every link whose destination is not [`allowed`]
/// taken away, its words kept (for the HTML export; images are made links before).
pub fn allowed_events<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // For each link open, whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    events.filter(move |event| match event {
        Event::Start(Tag::Link { link_type, dest_url, .. }) => {
            let keep = allowed_link(*link_type, dest_url);
            open.push(keep);
            keep
        }
        Event::End(TagEnd::Link) => open.pop().unwrap_or(true),
        _ => true,
    })
}

/// Where to put a backslash in `md` to make `event` (read at `range` of it) text, when it
/// opens a link or image whose destination is not [`allowed`]: before the `[` that opens it
/// (an image's, after its `!`), or the `<` of an autolink.
pub fn link_mark(md: &str, event: &Event<'_>, range: Range<usize>) -> Option<usize> {
    let (link_type, dest, image) = match event {
        Event::Start(Tag::Link { link_type, dest_url, .. }) => (*link_type, dest_url, false),
        Event::Start(Tag::Image { link_type, dest_url, .. }) => (*link_type, dest_url, true),
        _ => return None,
    };
    if allowed_link(link_type, dest) {
        return None;
    }
    let skip = usize::from(image && md.get(range.clone()).is_some_and(|s| s.starts_with('!')));
    Some(range.start + skip)
}

/// Where to put a backslash in `md` to make each of its reference definitions whose
/// destination is not [`allowed`] text (before its `[`): a definition shows nothing itself,
/// but every link to it would go there.
pub fn definition_marks(md: &str, definitions: &RefDefs<'_>) -> Vec<usize> {
    definitions
        .iter()
        .filter(|(_, def)| !allowed(&def.dest))
        .filter_map(|(_, def)| Some(def.span.start + md.get(def.span.clone())?.find('[')?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_and_mailto_are_links() {
        for ok in ["https://example.org", "HTTP://x", "  mailto:a@b.org", "hTtPs:\t//x", "\u{1}https://x"] {
            assert!(allowed(ok), "{ok:?}");
        }
        let refused = [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " java\tscript:alert(1)",
            "java\nscript:x",
            "vbscript:msgbox",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "/home/me/notes",
            "../x",
            "//evil.example/x",
            "#top",
            "",
            "ht tp://x",
            "&#106;avascript:x",
        ];
        for bad in refused {
            assert!(!allowed(bad), "{bad:?}");
        }
        assert!(allowed_link(LinkType::Email, "a@b.org"));
    }
}
