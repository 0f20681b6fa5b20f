//! The pull quote set apart at the top of a record, and its attribution: speaker,
//! occasion and date, on the quote's last line or on the one to three lines after it.

use super::items::{Item, Kind};
use crate::core::dates::{PartialDate, parse_date, trailing_date};
use crate::core::model::Quote;
use crate::core::text::squash_spaces;

/// Reads the quote and its attribution starting at `items[i]`; returns it and the index
/// of the first item after it.
pub(super) fn parse_quote(items: &[Item], i: usize) -> Option<(Quote, usize)> {
    let item = &items[i];
    let text = item.lines.join("\n");
    let open = text.chars().next()?;
    // The last closing quote followed by nothing, a line break, a dash or a comma.
    let closers = ['"', '”', '’', '\'', '»', '“'];
    let mut close_at = None;
    for (idx, c) in text.char_indices().skip(1) {
        if closers.contains(&c) {
            let after = text[idx + c.len_utf8()..].trim_start_matches([' ', '.', ',']);
            if after.is_empty() || after.starts_with(['\n', '-', '–', '—', '~']) {
                close_at = Some(idx);
            }
        }
    }
    let close_at = close_at?;
    let quote_text = squash_spaces(&text[open.len_utf8()..close_at].replace('\n', " "));
    if quote_text.split_whitespace().count() < 4 {
        return None;
    }
    let tail = &text[close_at..];
    let tail = tail.char_indices().nth(1).map_or("", |(j, _)| &tail[j..]).trim_start_matches([' ', '.', ',']);
    let mut attribution: Vec<String> = tail
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '–', '—', '~']).trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    let mut next = i + 1;
    if attribution.is_empty() {
        (attribution, next) = attribution_after(items, next);
    }
    let (speaker, occasion, date) = parse_attribution(&attribution);
    Some((Quote { text: quote_text, speaker, occasion, date }, next))
}

/// A quotation set without quote marks, known by the attribution under it: a paragraph of
/// running text, then a line naming a speaker by a title ("President Bill Clinton",
/// "-- Secretary Albright").
pub(super) fn parse_unmarked_quote(items: &[Item], i: usize) -> Option<(Quote, usize)> {
    let item = items.get(i)?;
    let speaker = items.get(i + 1)?;
    let names = matches!(speaker.kind, Kind::Para)
        && speaker.lines.len() <= ATTRIBUTION_LINES
        && speaker.lines.first().is_some_and(|l| names_a_speaker(l));
    if !matches!(item.kind, Kind::Para) || !item.is_prose() || !names {
        return None;
    }
    let (attribution, next) = attribution_after(items, i + 1);
    let (speaker, occasion, date) = parse_attribution(&attribution);
    Some((Quote { text: squash_spaces(&item.text()), speaker, occasion, date }, next))
}

/// Titles a speaker is named by.
const SPEAKER_TITLES: &[&str] = &[
    "president",
    "vice president",
    "first lady",
    "secretary",
    "ambassador",
    "senator",
    "governor",
    "mayor",
    "prime minister",
    "chancellor",
    "king",
    "queen",
    "pope",
    "dr.",
    "mr.",
    "mrs.",
    "ms.",
];

/// A short line that names someone by a title: "President Bill Clinton", "-- First Lady
/// Hillary Rodham Clinton", "Secretary of State Madeleine K. Albright, May 3, 1999".
pub(super) fn names_a_speaker(line: &str) -> bool {
    let line = line.trim().trim_start_matches(['-', '–', '—', '~']).trim();
    let lower = line.to_lowercase();
    let words = line.split_whitespace().count();
    (2..=14).contains(&words)
        && !line.ends_with('.')
        && line.starts_with(char::is_uppercase)
        && SPEAKER_TITLES.iter().any(|t| lower.starts_with(t) && lower[t.len()..].starts_with(' '))
}

/// The attribution on the one to four items from `next`: short paragraphs (blank lines
/// between them are allowed) or dash-led lines; and the index of the item after it.
fn attribution_after(items: &[Item], mut next: usize) -> (Vec<String>, usize) {
    let mut attribution: Vec<String> = Vec::new();
    let short = |l: &String| l.chars().count() <= 100;
    while let Some(n) = items.get(next) {
        let room = ATTRIBUTION_LINES - attribution.len();
        let takes = match n.kind {
            Kind::Para => {
                n.lines.len() <= room
                    && n.lines.iter().all(short)
                    && !n.is_prose()
                    && !n.starts_quote()
                    && !items.get(next + 1).is_some_and(Item::is_bullet)
            }
            Kind::Bullet { .. } => n.is_dash_bullet() && room > 0 && n.lines.iter().all(short),
        };
        if !takes {
            break;
        }
        attribution.extend(n.lines.iter().cloned());
        next += 1;
        if attribution.len() >= ATTRIBUTION_LINES || attribution.iter().any(|l| trailing_date(l).is_some()) {
            break;
        }
    }
    (attribution, next)
}

/// The most lines an attribution takes: the speaker, an occasion over one or two lines, and
/// the date.
const ATTRIBUTION_LINES: usize = 4;

/// "President Clinton / Freedom House Speech / October 6, 1995", on one to four lines (an
/// occasion may wrap onto a second), or on one line separated by commas. Dashes before the
/// speaker ("-- President Clinton") are not part of the name; a weekday goes with the date.
pub(crate) fn parse_attribution(lines: &[String]) -> (Option<String>, Option<String>, Option<PartialDate>) {
    let mut parts: Vec<String> = Vec::new();
    let mut date = None;
    for line in lines {
        let line = line.trim().trim_start_matches(['-', '–', '—', '~']).trim();
        if let Some(d) = parse_date(line) {
            date = Some(d);
            continue;
        }
        let mut rest = line;
        if let Some((d, at)) = trailing_date(line) {
            date = Some(d);
            rest = line[..at].trim_end().trim_end_matches([',', '-', '–', '—']);
        }
        if lines.len() == 1 {
            parts.extend(rest.split([',', '—', '–']).map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()));
        } else if !rest.trim().is_empty() {
            parts.push(rest.trim().to_owned());
        }
    }
    let mut parts = parts.into_iter();
    let speaker = parts.next();
    let mut occasion = String::new();
    for part in parts {
        if !occasion.is_empty() {
            occasion.push_str(if continues(&occasion, &part) { " " } else { ", " });
        }
        occasion.push_str(&part);
    }
    (speaker, (!occasion.is_empty()).then_some(occasion), date)
}

/// Whether `next` carries on the occasion `so_far` wrapped from ("Remarks to the Members of
/// the Conference / And Other Organizations"), rather than adding a place to it.
fn continues(so_far: &str, next: &str) -> bool {
    const JOINING: &[&str] = &["and", "of", "the", "to", "on", "for", "at", "in", "with", "&"];
    let first = next.split_whitespace().next().unwrap_or("");
    let last = so_far.split_whitespace().last().unwrap_or("");
    next.starts_with(char::is_lowercase)
        || JOINING.contains(&first.to_lowercase().as_str())
        || JOINING.contains(&last.to_lowercase().as_str())
        || last.ends_with('-')
}

#[cfg(test)]
mod tests {
    use crate::core::dates::PartialDate;
    use crate::core::open::parse_text;
    use crate::core::parse::Hints;

    fn quote_of(head: &str) -> crate::core::model::Quote {
        let text =
            format!("{head}\n\nACCOMPLISHMENTS\n\n• Helped forge peace in the region.\n• Expanded trade with Kenya.\n");
        parse_text(&text, &Hints::default()).unwrap().quote.expect("a quote")
    }

    #[test]
    fn a_quote_without_quote_marks_is_known_by_its_speaker() {
        let head = "Our mission is to build a world where every child can grow up free and every nation can choose its own future.\n\nPresident Bill Clinton\nRemarks at the United Nations, September 21, 1998\n\nThe Administration has worked with partners across the world.";
        let q = quote_of(head);
        assert!(q.text.starts_with("Our mission is to build a world"));
        assert_eq!(q.speaker.as_deref(), Some("President Bill Clinton"));
        assert_eq!(q.occasion.as_deref(), Some("Remarks at the United Nations"));
        let doc = parse_text(
            &format!("{head}\n\nACCOMPLISHMENTS\n\n• Helped forge peace in the region.\n• Expanded trade.\n"),
            &Hints::default(),
        )
        .unwrap();
        assert!(doc.sections.iter().all(|s| s.title != "President Bill Clinton"), "the name is not a heading");
        assert!(doc.intro.starts_with("The Administration"));
        // Running text with no speaker under it is the introduction, as before.
        let plain = parse_text(
            "Our mission is to build a world where every child can grow up free.\n\nACCOMPLISHMENTS\n\n• Helped forge peace.\n• Expanded trade.\n",
            &Hints::default(),
        )
        .unwrap();
        assert!(plain.quote.is_none() && plain.intro.starts_with("Our mission"));
    }

    #[test]
    fn a_quote_set_as_the_first_bullet_is_the_quote() {
        let text = "• \"We must build a world where freedom is the birthright of every person.\" -- President Clinton\n\nACCOMPLISHMENTS\n\n• Helped forge peace in the region.\n• Expanded trade with Kenya.\n";
        let doc = parse_text(text, &Hints::default()).unwrap();
        let q = doc.quote.as_ref().expect("the quote");
        assert_eq!(q.speaker.as_deref(), Some("President Clinton"));
        assert_eq!(doc.entry_count(), 2, "it is not an entry");
        // A first entry that only begins with a quotation stays an entry.
        let text =
            "• \"Kosovo\" was the word of the year, and we helped its people go home.\n• Expanded trade with Kenya.\n";
        let doc = parse_text(text, &Hints::default()).unwrap();
        assert!(doc.quote.is_none() && doc.entry_count() == 2);
    }

    #[test]
    fn attributions_in_the_styles_pages_use() {
        let said = "\"Peace must mean many things to many people in the region.\"";
        let q = quote_of(&format!("{said}\n-- President Clinton"));
        assert_eq!(q.speaker.as_deref(), Some("President Clinton"), "no dashes in the name");
        let q = quote_of(&format!("{said}\nPresident Bush, 5/27/03"));
        assert_eq!((q.speaker.as_deref(), q.occasion.as_deref()), (Some("President Bush"), None));
        assert_eq!(q.date.map(PartialDate::iso).as_deref(), Some("2003-05-27"));
        let q = quote_of(&format!("{said}\n\nPresident Clinton\nRemarks at the Summit\nThursday, February 17, 2000"));
        assert_eq!(q.occasion.as_deref(), Some("Remarks at the Summit"), "the weekday is the date's");
        assert_eq!(q.date.map(PartialDate::iso).as_deref(), Some("2000-02-17"));
        let q = quote_of(&format!(
            "{said}\n\nPresident Clinton\nRemarks to the Members of the Conference\nAnd Other Organizations\nDecember 14, 1998"
        ));
        assert_eq!(q.occasion.as_deref(), Some("Remarks to the Members of the Conference And Other Organizations"));
        assert_eq!(q.date.map(PartialDate::iso).as_deref(), Some("1998-12-14"), "a two-line occasion keeps the date");
    }
}
