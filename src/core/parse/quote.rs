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
        // The attribution on the following one to three lines: short paragraphs (blank
        // lines between them are allowed) or dash-led lines.
        let short = |l: &String| l.chars().count() <= 100;
        while let Some(n) = items.get(next) {
            let room = 3 - attribution.len();
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
            if attribution.len() >= 3 || attribution.iter().any(|l| trailing_date(l).is_some()) {
                break;
            }
        }
    }
    let (speaker, occasion, date) = parse_attribution(&attribution);
    Some((Quote { text: quote_text, speaker, occasion, date }, next))
}

/// "President Clinton / Freedom House Speech / October 6, 1995", on one to three lines,
/// or on one line separated by commas.
fn parse_attribution(lines: &[String]) -> (Option<String>, Option<String>, Option<PartialDate>) {
    let mut parts: Vec<String> = Vec::new();
    let mut date = None;
    for line in lines {
        if let Some(d) = parse_date(line) {
            date = Some(d);
            continue;
        }
        let mut rest = line.as_str();
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
    let occasion = parts.collect::<Vec<_>>().join(", ");
    (speaker, (!occasion.is_empty()).then_some(occasion), date)
}
