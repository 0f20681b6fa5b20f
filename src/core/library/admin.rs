//! Which administration published a record: from the address it was archived at, else from
//! its date and the inauguration days.

use crate::core::dates::PartialDate;
use serde::{Deserialize, Serialize};

/// A presidential administration (the records are White House pages from 1993 on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Administration {
    Clinton,
    Bush,
    Obama,
    /// The first Trump administration (2017–2021).
    Trump1,
    Biden,
    /// The second Trump administration (from 2025).
    Trump2,
    Unknown,
}

/// Inauguration days, in order: each administration runs until the next one's.
const INAUGURATIONS: [(Administration, (i32, u8, u8)); 6] = [
    (Administration::Clinton, (1993, 1, 20)),
    (Administration::Bush, (2001, 1, 20)),
    (Administration::Obama, (2009, 1, 20)),
    (Administration::Trump1, (2017, 1, 20)),
    (Administration::Biden, (2021, 1, 20)),
    (Administration::Trump2, (2025, 1, 20)),
];

impl Administration {
    /// The key kept in the index and printed by `library list`.
    pub fn key(self) -> &'static str {
        match self {
            Administration::Clinton => "clinton",
            Administration::Bush => "bush",
            Administration::Obama => "obama",
            Administration::Trump1 => "trump-1",
            Administration::Biden => "biden",
            Administration::Trump2 => "trump-2",
            Administration::Unknown => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Self {
        INAUGURATIONS.iter().map(|(a, _)| *a).find(|a| a.key() == key).unwrap_or(Administration::Unknown)
    }

    pub fn label(self) -> &'static str {
        match self {
            Administration::Clinton => "Clinton",
            Administration::Bush => "G. W. Bush",
            Administration::Obama => "Obama",
            Administration::Trump1 => "Trump (first)",
            Administration::Biden => "Biden",
            Administration::Trump2 => "Trump (second)",
            Administration::Unknown => "unknown",
        }
    }

    /// The archive a record's address points into wins; else its date; else unknown.
    pub fn of_record(url: Option<&str>, date: Option<PartialDate>) -> Self {
        url.and_then(Self::from_url).or_else(|| date.and_then(Self::from_date)).unwrap_or(Administration::Unknown)
    }

    /// `clintonwhitehouse1.archives.gov` … `bidenwhitehouse.archives.gov`.
    pub fn from_url(url: &str) -> Option<Self> {
        let host = crate::core::text::web_host(url)?;
        let first = host.split('.').next()?;
        if first.starts_with("clintonwhitehouse") {
            Some(Administration::Clinton)
        } else {
            match first {
                "georgewbush-whitehouse" => Some(Administration::Bush),
                "obamawhitehouse" => Some(Administration::Obama),
                "trumpwhitehouse" => Some(Administration::Trump1),
                "bidenwhitehouse" => Some(Administration::Biden),
                _ => None,
            }
        }
    }

    /// The administration in office on `date`. A date without its month in an inauguration
    /// year could be either side of the day: `None`, as for dates before 1993-01-20.
    pub fn from_date(date: PartialDate) -> Option<Self> {
        let key = match (date.month, date.day) {
            (Some(m), Some(d)) => (date.year, m, d),
            (Some(m), None) if m != 1 => (date.year, m, 1),
            _ if INAUGURATIONS.iter().any(|(_, (y, _, _))| *y == date.year) => return None,
            _ => (date.year, 1, 1),
        };
        INAUGURATIONS.iter().rev().find(|(_, day)| *day <= key).map(|(a, _)| *a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> PartialDate {
        PartialDate::ymd(y, m, day).unwrap()
    }

    #[test]
    fn the_archive_address_wins() {
        let of = |u| Administration::of_record(Some(u), Some(d(2010, 5, 5)));
        assert_eq!(of("https://clintonwhitehouse4.archives.gov/WH/x.html"), Administration::Clinton);
        assert_eq!(of("http://clintonwhitehouse2.archives.gov"), Administration::Clinton);
        assert_eq!(of("https://georgewbush-whitehouse.archives.gov/news/"), Administration::Bush);
        assert_eq!(of("https://obamawhitehouse.archives.gov/the-press-office"), Administration::Obama);
        assert_eq!(of("https://trumpwhitehouse.archives.gov/"), Administration::Trump1);
        assert_eq!(of("https://BidenWhiteHouse.archives.gov/briefing-room/"), Administration::Biden);
        // Another address: the date decides.
        assert_eq!(of("https://www.whitehouse.gov/"), Administration::Obama);
        assert_eq!(of("https://example.org/clintonwhitehouse.html"), Administration::Obama);
    }

    #[test]
    fn dates_by_inauguration_day() {
        let of = |date| Administration::of_record(None, Some(date));
        assert_eq!(of(d(1993, 1, 19)), Administration::Unknown);
        assert_eq!(of(d(1993, 1, 20)), Administration::Clinton);
        assert_eq!(of(d(2001, 1, 19)), Administration::Clinton);
        assert_eq!(of(d(2001, 1, 20)), Administration::Bush);
        assert_eq!(of(d(2009, 1, 20)), Administration::Obama);
        assert_eq!(of(d(2017, 1, 20)), Administration::Trump1);
        assert_eq!(of(d(2021, 1, 20)), Administration::Biden);
        assert_eq!(of(d(2025, 1, 20)), Administration::Trump2);
        assert_eq!(of(PartialDate { year: 1997, month: None, day: None }), Administration::Clinton);
        assert_eq!(of(PartialDate { year: 2001, month: Some(3), day: None }), Administration::Bush);
        assert_eq!(of(PartialDate { year: 2001, month: Some(1), day: None }), Administration::Unknown);
        assert_eq!(of(PartialDate { year: 2001, month: None, day: None }), Administration::Unknown);
        assert_eq!(Administration::of_record(None, None), Administration::Unknown);
        for a in INAUGURATIONS.map(|(a, _)| a) {
            assert_eq!(Administration::from_key(a.key()), a);
        }
    }
}
