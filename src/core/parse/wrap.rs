//! Text hard-wrapped at a fixed width with no blank lines between its parts (the archive's
//! text-only renderings): where each paragraph ends, found from the lines' lengths, and
//! marked with a blank line so that the later stages read it as any other layout.
//!
//! Hard-wrapping fills each line until the next word would not fit. So a line that had room
//! for the next line's first word ended its paragraph (a title, a heading, a speaker's name,
//! the last line of a paragraph or of an entry); a full line goes on into the next one,
//! whatever its first letter.

use std::borrow::Cow;

/// The fewest non-blank lines a text needs for its layout to be judged by their lengths.
const MIN_LINES: usize = 12;

/// The most lines whose lengths are measured to find the wrap.
const SAMPLE: usize = 2_000;

/// Blank lines where a hard-wrapped text with (almost) none ends each paragraph; any other
/// text is given back as it is.
pub(super) fn mark_paragraph_ends(lines: Vec<Cow<'_, str>>) -> Vec<Cow<'_, str>> {
    let Some(width) = wrap_width(&lines) else { return lines };
    let mut out = Vec::with_capacity(lines.len() + lines.len() / 4);
    let mut iter = lines.into_iter().peekable();
    let mut quotation = Quotation::default();
    while let Some(line) = iter.next() {
        let in_quotation = quotation.goes_on_after(&line);
        let ends = !in_quotation && iter.peek().is_some_and(|next| ends_paragraph(&line, next, width));
        out.push(line);
        if ends || !in_quotation && out.last().is_some_and(|l| l.trim().is_empty()) {
            quotation = Quotation::default();
        }
        if ends {
            out.push(Cow::Borrowed(""));
        }
    }
    out
}

/// A quotation that opens a paragraph, followed line by line: a pull quote is one paragraph
/// until its closing mark, however short its lines (a rendering's quote is often set
/// narrower than its text).
#[derive(Default)]
struct Quotation {
    /// Lines read of the paragraph; 0 at its start.
    lines: usize,
    /// The paragraph opened with a quotation mark.
    quoted: bool,
    /// Quotation marks opened and not yet closed.
    open: i32,
}

impl Quotation {
    /// The most lines a quotation is followed over: a mark never closed (or closed with
    /// another mark) does not join the rest of the text.
    const MAX_LINES: usize = 12;

    /// Reads `line`, the next of the paragraph: does the quotation go on after it?
    fn goes_on_after(&mut self, line: &str) -> bool {
        let t = line.trim();
        if self.lines == 0 {
            self.quoted = t.starts_with(['"', '“']);
        }
        self.lines += 1;
        if !self.quoted || t.is_empty() {
            return false;
        }
        for c in t.chars() {
            match c {
                '“' => self.open += 1,
                '”' => self.open -= 1,
                // A straight mark opens when none is open, else closes.
                '"' => self.open = if self.open > 0 { self.open - 1 } else { self.open + 1 },
                _ => {}
            }
        }
        self.open > 0 && self.lines < Self::MAX_LINES
    }
}

/// The width a text is hard-wrapped at, when it is a hard-wrapped text with almost no blank
/// lines: the length most full lines reach (the 95th percentile), when many lines come near
/// it.
fn wrap_width(lines: &[Cow<'_, str>]) -> Option<usize> {
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
    if lines.len() - blank < MIN_LINES || blank * 10 > lines.len() - blank {
        return None;
    }
    // The lengths of at most `SAMPLE` lines spread over the text: enough to see its wrap,
    // and a long text costs no more than a short one.
    let step = lines.len().div_ceil(SAMPLE).max(1);
    let mut lengths: Vec<usize> =
        lines.iter().step_by(step).filter(|l| !l.trim().is_empty()).map(|l| l.trim_end().chars().count()).collect();
    if lengths.is_empty() {
        return None;
    }
    let at = (lengths.len() * 95 / 100).min(lengths.len() - 1);
    let (_, &mut width, _) = lengths.select_nth_unstable(at);
    let near_full = lengths.iter().filter(|&&n| n * 10 >= width * 8).count();
    ((40..=132).contains(&width) && near_full * 10 >= lengths.len() * 3).then_some(width)
}

/// Whether `line` ends its paragraph, `next` being the line after it, in a text wrapped at
/// `width`: it had room for `next`'s first word, `next` does not begin in lower case, and it
/// does not end on a word that joins it to the next (a comma, a hyphen, "and").
fn ends_paragraph(line: &str, next: &str, width: usize) -> bool {
    let (line, next) = (line.trim_end(), next.trim());
    if line.trim().is_empty() || next.is_empty() || next.starts_with(char::is_lowercase) {
        return false;
    }
    if line.ends_with([',', '-', '&', '(']) || line.ends_with(" and") || line.ends_with(" of") {
        return false;
    }
    // Navigation ("Help | Site Map") is a line of its own.
    if line.contains(" | ") || next.contains(" | ") {
        return true;
    }
    // A title dated after a comma is a line of the related remarks, or a dateline.
    if let Some((_, at)) = crate::core::dates::trailing_date(line)
        && line[..at].trim_end().ends_with(',')
    {
        return true;
    }
    // A quotation closed after its sentence ends with it, full or not.
    if [".\"", ".”", "?\"", "?”", "!\"", "!”"].iter().any(|end| line.ends_with(end)) {
        return true;
    }
    let first_word = next.split_whitespace().next().map_or(0, |w| w.chars().count());
    // A little slack: wrapping tools differ on whether the width counts the last column.
    line.chars().count() + 1 + first_word + 2 <= width
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str) -> Vec<String> {
        let lines: Vec<Cow<'_, str>> = text.lines().map(Cow::Borrowed).collect();
        mark_paragraph_ends(lines).into_iter().map(Cow::into_owned).collect()
    }

    const TEXT_ONLY: &str = "\
BUILDING PEACE IN THE MIDDLE EAST
\"Peace must mean many things -- legitimate rights for the Palestinian people, real
security for Israel and its neighbours. But it must begin with the courage to choose.\"
President Clinton
Remarks to the Members of the Palestine National Council
And Other Palestinian Organizations
December 14, 1998
Since coming into office, President Clinton has worked to bring a just, lasting and
comprehensive peace to the Middle East, building on the agreements of the parties.
A RECORD OF ACCOMPLISHMENT
Israeli-Palestinian Peace Process
- Helped forge the agreements that led to the signing of the Declaration
of Principles in September 1993 and the Interim Agreement on the West Bank.
- Brought the parties together at Wye River, where they signed the Wye River
Memorandum in October 1998, and hosted the follow-on talks at the White House.
- Appointed a Special Middle East Coordinator to work with the parties every day, the
Ambassador-at-Large for the peace process, who travels to the region each month.
";

    #[test]
    fn a_text_only_page_gets_its_paragraph_ends() {
        let out = marked(TEXT_ONLY);
        let breaks: Vec<&str> = out.windows(2).filter(|w| w[1].is_empty()).map(|w| w[0].as_str()).collect();
        assert_eq!(
            breaks,
            [
                "BUILDING PEACE IN THE MIDDLE EAST",
                "security for Israel and its neighbours. But it must begin with the courage to choose.\"",
                "President Clinton",
                "Remarks to the Members of the Palestine National Council",
                "And Other Palestinian Organizations",
                "December 14, 1998",
                "comprehensive peace to the Middle East, building on the agreements of the parties.",
                "A RECORD OF ACCOMPLISHMENT",
                "Israeli-Palestinian Peace Process",
                "of Principles in September 1993 and the Interim Agreement on the West Bank.",
                "Memorandum in October 1998, and hosted the follow-on talks at the White House.",
            ],
            "a full line goes on, whatever the next one's first letter ({out:#?})"
        );
    }

    #[test]
    fn a_text_with_blank_lines_or_no_wrap_is_left_alone() {
        let spaced: String = TEXT_ONLY.lines().map(|l| format!("{l}\n\n")).collect();
        assert!(!marked(&spaced).windows(2).any(|w| w[0].is_empty() && w[1].is_empty()));
        assert_eq!(marked(&spaced).len(), spaced.lines().count());
        let short = "one\ntwo\nthree\n";
        assert_eq!(marked(short), ["one", "two", "three"]);
    }
}
