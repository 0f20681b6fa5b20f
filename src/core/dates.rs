//! Dates as records write them ("October 6, 1995", "6 October 1995", "1995-10-06"),
//! kept as partial calendar dates and serialised as ISO 8601.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date that may lack its day (or month): records often say "May 1998".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl PartialDate {
    /// A full date, checked against the calendar.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let m = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, m, day).ok()?;
        Some(Self { year, month: Some(month), day: Some(day) })
    }

    /// ISO 8601: `1995-10-06`, `1995-10` or `1995`.
    pub fn iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Parses an ISO 8601 date as written by [`PartialDate::iso`].
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month = parts.next().map(str::parse::<u8>).transpose().ok()?;
        let day = parts.next().map(str::parse::<u8>).transpose().ok()?;
        if parts.next().is_some() {
            return None;
        }
        match (month, day) {
            (Some(m), Some(d)) => Self::ymd(year, m, d),
            (Some(m), None) if (1..=12).contains(&m) => Some(Self { year, month: Some(m), day: None }),
            (None, None) => Some(Self { year, month: None, day: None }),
            _ => None,
        }
    }
}

impl fmt::Display for PartialDate {
    /// The way the records themselves write dates: "October 6, 1995".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month_name = |m: u8| {
            let name = MONTHS[usize::from(m.clamp(1, 12) - 1)];
            let mut c = name.chars();
            c.next().map(|first| first.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        };
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{} {}, {}", month_name(m), d, self.year),
            (Some(m), None) => write!(f, "{} {}", month_name(m), self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse_iso(&s).ok_or_else(|| serde::de::Error::custom(format!("not an ISO date: {s}")))
    }
}

fn month_from_word(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.');
    // Month names are ASCII and at most nine letters; no other character lower-cases to one
    // of their letters (the Kelvin sign becomes a "k", which none has). So the word is
    // lower-cased in place, without a string.
    if !(3..=9).contains(&w.len()) || !w.is_ascii() {
        return None;
    }
    // Most words are turned away by their first letter.
    if !matches!(w.as_bytes()[0].to_ascii_lowercase(), b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd') {
        return None;
    }
    let mut buf = [0u8; 9];
    let lower = &mut buf[..w.len()];
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    let w = &*lower;
    // The months' first three letters differ, so only the month they pick can match.
    let i = MONTHS.iter().position(|m| m.as_bytes()[..3] == w[..3])?;
    let m = MONTHS[i].as_bytes();
    (m == w || (m.starts_with(w) && (w.len() == 3 || w == b"sept"))).then(|| u8::try_from(i + 1).ok()).flatten()
}

fn parse_year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches(['.', ',', ')', ';']);
    if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) {
        w.parse().ok().filter(|y| (1000..=2999).contains(y))
    } else {
        None
    }
}

fn parse_day(word: &str) -> Option<u8> {
    let w = word.trim_end_matches(',');
    let w = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    if (1..=2).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit()) {
        w.parse().ok().filter(|d| (1..=31).contains(d))
    } else {
        None
    }
}

/// The last three words of `text` (split at whitespace) with their byte offsets, last word
/// first, and how many there are. Taken from the end, so a long line costs no more than a
/// short one; a hand-written backward scan, because `split_whitespace().rev()` cost several
/// times more in the parser, which asks this of every paragraph.
fn last_three_words(text: &str) -> ([(usize, &str); 3], usize) {
    let mut words = [(0, ""); 3];
    let mut n = 0;
    let mut word_end = None; // end of the word being read, scanning backwards
    for (i, c) in text.char_indices().rev() {
        match (c.is_whitespace(), word_end) {
            (true, Some(end)) => {
                let start = i + c.len_utf8();
                words[n] = (start, &text[start..end]);
                n += 1;
                word_end = None;
                if n == 3 {
                    return (words, n);
                }
            }
            (false, None) => word_end = Some(i + c.len_utf8()),
            _ => {}
        }
    }
    if let Some(end) = word_end {
        words[n] = (0, &text[..end]);
        n += 1;
    }
    (words, n)
}

/// Finds a date at the very end of `text` (trailing punctuation allowed) and returns it
/// with the byte offset where it starts.
///
/// Recognises "October 6, 1995", "Oct. 6 1995", "6 October 1995", "October 1995",
/// "1995-10-06" and US numeric dates ("10/6/95", "5/27/2003"), each after a weekday or not
/// ("Thursday, February 17, 2000": the weekday is part of the date).
pub fn trailing_date(text: &str) -> Option<(PartialDate, usize)> {
    let (date, start) = trailing_date_alone(text)?;
    Some((date, with_weekday(text, start)))
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// `start`, or the start of a weekday name (full or of three letters, with a comma or a
/// full stop) just before it.
fn with_weekday(text: &str, start: usize) -> usize {
    let before = text[..start].trim_end();
    let word_start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let word = before[word_start..].trim_end_matches([',', '.']).to_ascii_lowercase();
    let is_weekday = WEEKDAYS.iter().any(|d| *d == word || (word.len() == 3 && d.starts_with(word.as_str())));
    if is_weekday { word_start } else { start }
}

/// A US numeric date, month first: "10/6/95", "5/27/03", "10/06/1995". Two-digit years are
/// read as 1950–2049.
fn numeric_date(word: &str) -> Option<PartialDate> {
    let w = word.trim_start_matches(['(', '[']).trim_end_matches([',', '.', ')', ']', ';']);
    let mut parts = w.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    let digits =
        |p: &str, n: std::ops::RangeInclusive<usize>| n.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !digits(m, 1..=2) || !digits(d, 1..=2) || !(digits(y, 2..=2) || digits(y, 4..=4)) {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    let year = match (y.len(), year) {
        (2, 0..=49) => 2000 + year,
        (2, _) => 1900 + year,
        _ => year,
    };
    PartialDate::ymd(year, m.parse().ok()?, d.parse().ok()?)
}

fn trailing_date_alone(text: &str) -> Option<(PartialDate, usize)> {
    let trimmed = text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ')' | ']' | ';'));
    let (mut last3, n) = last_three_words(trimmed);
    let words = &mut last3[..n];
    words.reverse();
    let last = words.last()?;
    if last.1.contains('/')
        && let Some(d) = numeric_date(last.1)
    {
        return Some((d, last.0));
    }
    // ISO form.
    if last.1.len() == 10 && last.1.as_bytes().get(4) == Some(&b'-') {
        let iso = last.1.trim_start_matches(['(', '[']);
        if let Some(d) = PartialDate::parse_iso(iso) {
            return Some((d, last.0));
        }
    }
    let year = parse_year(last.1)?;
    if n >= 3 {
        let (start, w0) = words[n - 3];
        let w0 = w0.trim_start_matches(['(', '[']);
        // Month D, YYYY
        if let (Some(m), Some(d)) = (month_from_word(w0), parse_day(words[n - 2].1)) {
            return PartialDate::ymd(year, m, d).map(|pd| (pd, start));
        }
        // D Month YYYY
        if let (Some(d), Some(m)) = (parse_day(w0), month_from_word(words[n - 2].1))
            && !words[n - 2].1.ends_with(',')
        {
            return PartialDate::ymd(year, m, d).map(|pd| (pd, start));
        }
    }
    if n >= 2 {
        let (start, w) = words[n - 2];
        if let Some(m) = month_from_word(w.trim_start_matches(['(', '[']).trim_end_matches(',')) {
            return Some((PartialDate { year, month: Some(m), day: None }, start));
        }
    }
    None
}

/// Parses a whole string as a date ("October 6, 1995"); `None` if anything else is there.
pub fn parse_date(text: &str) -> Option<PartialDate> {
    match trailing_date(text) {
        Some((d, 0)) => Some(d),
        Some((d, start)) if text[..start].trim().is_empty() => Some(d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_three_words_are_those_split_whitespace_gives() {
        let texts = [
            "",
            "   ",
            "1995",
            "  1995",
            "May 10, 1995",
            "Remarks\u{a0}by the\u{2003}President, October\t6,\n1995",
            "  two  words",
            "é ü 1995-10-06",
            "Entry 7 of the series, 1993",
            "a b c d e f",
        ];
        for text in texts {
            let text = text.trim_end();
            let (words, n) = last_three_words(text);
            let expected: Vec<(usize, &str)> = text
                .split_whitespace()
                .rev()
                .take(3)
                .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
                .collect();
            assert_eq!(&words[..n], expected.as_slice(), "{text:?}");
        }
    }

    #[test]
    fn trailing_dates_in_record_styles() {
        let (d, at) =
            trailing_date("Remarks by the President at Moscow State University, May 10, 1995.").expect("date");
        assert_eq!(d.iso(), "1995-05-10");
        assert_eq!(at, "Remarks by the President at Moscow State University, ".len());
        assert_eq!(parse_date("October 6, 1995").map(PartialDate::iso), Some("1995-10-06".into()));
        assert_eq!(parse_date("6 October 1995").map(PartialDate::iso), Some("1995-10-06".into()));
        assert_eq!(parse_date("Sept. 30, 1999").map(PartialDate::iso), Some("1999-09-30".into()));
        assert_eq!(parse_date("1999-09-30").map(PartialDate::iso), Some("1999-09-30".into()));
        assert_eq!(parse_date("December 1999").map(PartialDate::iso), Some("1999-12".into()));
        assert_eq!(parse_date("February 30, 1999"), None);
        assert_eq!(parse_date("Freedom House Speech"), None);
        assert_eq!(trailing_date("in 1998"), None);
    }

    #[test]
    fn numeric_dates_and_weekdays() {
        assert_eq!(parse_date("10/6/95").map(PartialDate::iso), Some("1995-10-06".into()));
        assert_eq!(parse_date("5/27/03").map(PartialDate::iso), Some("2003-05-27".into()));
        assert_eq!(parse_date("10/06/1995").map(PartialDate::iso), Some("1995-10-06".into()));
        assert_eq!(parse_date("13/6/95"), None, "month first");
        assert_eq!(parse_date("1/2/3/4"), None);
        assert_eq!(parse_date("and/or"), None);
        let (d, at) = trailing_date("President Bush, 5/27/03").expect("date");
        assert_eq!((d.iso().as_str(), at), ("2003-05-27", "President Bush, ".len()));
        assert_eq!(parse_date("Thursday, February 17, 2000").map(PartialDate::iso), Some("2000-02-17".into()));
        assert_eq!(parse_date("Thu. February 17, 2000").map(PartialDate::iso), Some("2000-02-17".into()));
        let (_, at) = trailing_date("Remarks in Lagos, Saturday, August 26, 2000").expect("date");
        assert_eq!(at, "Remarks in Lagos, ".len(), "the weekday goes with the date");
        let (_, at) = trailing_date("Remarks on Sundays October 1999").expect("date");
        assert_eq!(at, "Remarks on Sundays ".len(), "a plural is not a weekday");
    }

    #[test]
    fn month_words_in_any_case_full_or_abbreviated() {
        for (word, month) in [
            ("October", Some(10)),
            ("OCT.", Some(10)),
            ("oct", Some(10)),
            ("Sept.", Some(9)),
            ("sep", Some(9)),
            ("September", Some(9)),
            ("MAY", Some(5)),
            ("Octo", None), // a prefix is only a month at three letters, or "sept"
            ("Septembers", None),
            ("series,", None),
            ("Ma", None),
            ("Décembre", None),
            ("\u{212a}", None), // the Kelvin sign lower-cases to "k"
        ] {
            assert_eq!(month_from_word(word), month, "{word}");
        }
    }

    #[test]
    fn display_and_iso_round_trip() {
        let d = PartialDate::ymd(1995, 10, 6).expect("valid");
        assert_eq!(d.to_string(), "October 6, 1995");
        assert_eq!(PartialDate::parse_iso(&d.iso()), Some(d));
    }
}
