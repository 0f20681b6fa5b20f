//! First stage of the parser: the text's lines cleaned (line ends unified, odd spaces
//! made spaces, invisible characters dropped, trailing spaces trimmed), in parts on every
//! core for a long text.

use rayon::prelude::*;
use std::borrow::Cow;

/// Cleans up lines: line endings, odd spaces, invisible characters, tabs.
pub(super) fn normalise_lines(text: &str) -> Vec<Cow<'_, str>> {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        let unified = text.replace("\r\n", "\n").replace('\r', "\n");
        return normalise_lines(&unified).into_iter().map(|l| Cow::Owned(l.into_owned())).collect();
    }
    if text.len() < 2 * PART_BYTES {
        return normalise_part(text);
    }
    normalise_in_parts(text, PART_BYTES)
}

/// A long text for [`normalise_lines`]: cut at line ends into parts of at least `part_bytes`,
/// each cleaned on its own core.
fn normalise_in_parts(text: &str, part_bytes: usize) -> Vec<Cow<'_, str>> {
    let mut parts = Vec::with_capacity(text.len() / part_bytes.max(1) + 1);
    let mut rest = text;
    while rest.len() >= 2 * part_bytes {
        let Some(nl) = memchr::memchr(b'\n', &rest.as_bytes()[part_bytes..]) else { break };
        let (part, after) = rest.split_at(part_bytes + nl);
        parts.push(part);
        rest = &after[1..]; // the line end itself belongs to neither part
    }
    parts.push(rest);
    parts.into_par_iter().flat_map_iter(normalise_part).collect()
}

/// The fewest bytes in a part of a long text that [`normalise_lines`] cleans on its own core.
const PART_BYTES: usize = 2 << 20;

/// [`normalise_lines`] of a text with no carriage return.
fn normalise_part(text: &str) -> Vec<Cow<'_, str>> {
    // Most texts, and most lines, have nothing to replace: they are borrowed as they are.
    let text_clean = !has_special_space(text);
    let mut lines = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    lines.extend(text.split('\n').map(|line| {
        if text_clean || !has_special_space(line) {
            return Cow::Borrowed(without_empty_cells(line.trim_end()));
        }
        let cleaned: String = line
            .chars()
            .filter(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'))
            .map(|c| match c {
                '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
                c => c,
            })
            .collect();
        without_empty_cells(cleaned.trim_end()).to_owned().into()
    }));
    lines
}

/// A line of a page laid out in a table, rendered as text, without the empty cells before its
/// text ("|        | STRENGTHENING NATO …": the page's margin column). Only a run of two
/// bars or more with nothing but spaces between them is taken off; a line of navigation
/// ("| Help | Site Map") keeps its bars.
fn without_empty_cells(line: &str) -> &str {
    let t = line.trim_start();
    if !t.starts_with('|') {
        return line;
    }
    let run = t.len() - t.trim_start_matches(['|', ' ']).len();
    let bars = t[..run].matches('|').count();
    if bars >= 2 && run < t.len() { &t[run..] } else { line }
}

/// A character [`normalise_lines`] replaces with a space or drops.
fn is_special_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}' | '\u{a0}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Does `text` hold a [`is_special_space`] character? Found by bytes: each is a tab or
/// starts with one of four lead bytes (C2, E2, E3, EF).
fn has_special_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    let special_at = |i: usize| text[i..].chars().next().is_some_and(is_special_space);
    memchr::memchr(b'\t', bytes).is_some()
        || memchr::memchr_iter(0xEF, bytes).any(special_at)
        || memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).any(special_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cleaned_in_parts_are_the_lines_of_the_whole() {
        // Odd spaces, tabs and invisible characters here and there, lines of every length.
        let text = crate::core::open::EMBEDDED_TEXT.replacen("Worked with", "Worked\u{a0}with", 1).replacen(
            "the ",
            "the\t\u{200b}",
            40,
        ) + "\n\nlast\u{3000}line \n";
        let whole = normalise_part(&text);
        assert!(whole.iter().any(|l| matches!(l, Cow::Owned(_))), "some lines were cleaned");
        for part_bytes in [0, 1, 2, 7, 64, 500, 4_096, text.len()] {
            assert_eq!(normalise_in_parts(&text, part_bytes), whole, "parts of {part_bytes} bytes");
        }
        let long = text.repeat(2 * PART_BYTES / text.len() + 1);
        assert_eq!(normalise_lines(&long), normalise_part(&long));
    }

    #[test]
    fn odd_spaces_are_found_by_their_bytes() {
        for c in ['\t', '\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}', '\u{ad}', '\u{a0}', '\u{2000}', '\u{2005}']
            .into_iter()
            .chain(['\u{200a}', '\u{202f}', '\u{205f}', '\u{3000}'])
        {
            assert!(is_special_space(c), "{c:?}");
            assert!(has_special_space(&format!("• a{c}b"),), "{c:?}");
        }
        // Characters that share those lead bytes but are kept.
        for c in ['•', '€', '©', '\u{3001}', '\u{fffd}', '\u{2010}', 'é', ' '] {
            assert!(!is_special_space(c), "{c:?}");
            assert!(!has_special_space(&format!("• a{c}b")), "{c:?}");
        }
        let lines = normalise_lines("a\u{a0}b\tc\u{200b}d \n• clean line  \n");
        assert_eq!(normalise_lines("|    | TITLE \n| Help | Site Map\n||\n"), ["TITLE", "| Help | Site Map", "||", ""]);
        assert_eq!(lines, ["a b cd", "• clean line", ""]);
        assert!(matches!(lines[1], Cow::Borrowed(_)));
    }
}
