//! The Internet Archive's Wayback Machine: its capture addresses
//! (`https://web.archive.org/web/<timestamp>[modifier_]/<original>`), asked in their raw
//! form (`id_`: the page as it was captured, without the archive's toolbar and rewritten
//! links), and its availability API, which finds the capture of an address nearest a date.

use super::http::{self, Limits, WebError};

/// Where the Wayback Machine is (`https://web.archive.org`; a test points it to loopback).
/// Its capture addresses are recognised on this host, and on the archive's own public
/// hosts (`web.archive.org`, `wayback.archive.org`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wayback {
    /// Scheme and host (and port), without a trailing slash.
    pub base: String,
}

impl Default for Wayback {
    fn default() -> Self {
        Self { base: "https://web.archive.org".to_owned() }
    }
}

/// The archive's public hosts, whose capture addresses are always recognised.
const ARCHIVE_HOSTS: [&str; 2] = ["web.archive.org", "wayback.archive.org"];

/// A capture address, in its parts: `<prefix><timestamp>[<modifier>]/<original>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaptureAddress<'a> {
    /// Up to and with `/web/`: `https://web.archive.org/web/`.
    prefix: &'a str,
    /// 1 to 14 digits ("20091201142210"; fewer, and the archive redirects to the nearest).
    pub timestamp: &'a str,
    /// "id_", "if_", "im_" …, when there is one.
    pub modifier: Option<&'a str>,
    /// The address archived, as written after the timestamp (`http://www.whitehouse.gov/x`).
    pub original: &'a str,
}

impl<'a> CaptureAddress<'a> {
    /// `url` as a capture address of `archive`: on its host (or the archive's public ones),
    /// path `/web/<1 to 14 digits>[<two letters>_]/http(s)://…`.
    pub fn parse(url: &'a str, archive: &Wayback) -> Option<Self> {
        let parsed = url::Url::parse(url).ok()?;
        let host = parsed.host_str()?.to_ascii_lowercase();
        let base = url::Url::parse(&archive.base).ok();
        let on_base = base.as_ref().is_some_and(|b| {
            b.host_str().is_some_and(|h| h.eq_ignore_ascii_case(&host))
                && b.port_or_known_default() == parsed.port_or_known_default()
        });
        if !on_base && !ARCHIVE_HOSTS.contains(&host.as_str()) {
            return None;
        }
        Self::parse_path(url)
    }

    /// `url` as a capture address on whatever host: the path alone is read.
    fn parse_path(url: &'a str) -> Option<Self> {
        let authority_end = url.find("://")? + 3;
        let at = authority_end + url[authority_end..].find('/')?;
        let prefix_len = at + "/web/".len();
        if !url[at..].starts_with("/web/") {
            return None;
        }
        let rest = &url[prefix_len..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let after = &rest[digits..];
        let (modifier, after) = match after.as_bytes() {
            [a, b, b'_', ..] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => (Some(&after[..3]), &after[3..]),
            _ => (None, after),
        };
        let original = after.strip_prefix('/')?;
        let lower = original.get(..8).unwrap_or(original).to_ascii_lowercase();
        let web = lower.starts_with("http://") || lower.starts_with("https://");
        ((1..=14).contains(&digits) && web).then_some(Self {
            prefix: &url[..prefix_len],
            timestamp: &rest[..digits],
            modifier,
            original,
        })
    }

    /// The raw form, which is what is fetched: `…/web/<timestamp>id_/<original>`.
    pub fn raw(&self) -> String {
        format!("{}{}id_/{}", self.prefix, self.timestamp, self.original)
    }

    /// The capture's address to read in a browser and to cite, without a modifier:
    /// `…/web/<timestamp>/<original>`.
    pub fn citable(&self) -> String {
        format!("{}{}/{}", self.prefix, self.timestamp, self.original)
    }

    /// When the archive captured the page, ISO ("2009-12-01T14:22:10Z"); `None` unless the
    /// timestamp is a whole one (14 digits) of a real time.
    pub fn captured(&self) -> Option<String> {
        captured_iso(self.timestamp)
    }
}

/// A 14-digit Wayback timestamp ("20091201142210") as ISO ("2009-12-01T14:22:10Z").
pub fn captured_iso(timestamp: &str) -> Option<String> {
    let at = capture_time(timestamp)?;
    let iso = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    at.format(iso).ok()
}

fn capture_time(timestamp: &str) -> Option<time::PrimitiveDateTime> {
    if timestamp.len() != 14 || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let format = time::macros::format_description!("[year][month][day][hour][minute][second]");
    time::PrimitiveDateTime::parse(timestamp, format).ok()
}

/// A capture the archive holds of an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// The capture's address, to fetch (the raw form is asked) and to cite:
    /// `https://web.archive.org/web/20091201142210/http://www.whitehouse.gov/x`.
    pub url: String,
    /// "20091201142210".
    pub timestamp: String,
    /// ISO: "2009-12-01T14:22:10Z".
    pub captured: String,
    /// The address archived.
    pub original: String,
}

impl Capture {
    /// Which copy it is, for the reader: "the Internet Archive's copy of 1 December 2009".
    pub fn describe(&self) -> String {
        let day = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
        match capture_time(&self.timestamp).and_then(|t| t.format(day).ok()) {
            Some(day) => format!("the Internet Archive's copy of {day}"),
            None => "the Internet Archive's copy".to_owned(),
        }
    }
}

/// The capture of `original` nearest `timestamp` ("2009", "20091201"; the latest when
/// `None`), asked of the archive's availability API
/// (`<base>/wayback/available?url=…&timestamp=…`); `Ok(None)` when it holds none. For a
/// live address that failed in a way [`WebError::offers_archive`] says.
pub fn nearest_capture(
    original: &str,
    timestamp: Option<&str>,
    limits: &Limits,
    archive: &Wayback,
) -> Result<Option<Capture>, WebError> {
    let api = format!("{}/wayback/available", archive.base.trim_end_matches('/'));
    let mut api = url::Url::parse(&api).map_err(|e| WebError::Other(format!("the archive's address {api}: {e}")))?;
    api.query_pairs_mut().append_pair("url", original);
    if let Some(t) = timestamp {
        api.query_pairs_mut().append_pair("timestamp", t);
    }
    let answer = http::get(api.as_str(), limits, |_| Ok(()))?;
    availability(&answer.bytes, archive)
}

#[derive(serde::Deserialize)]
struct Availability {
    archived_snapshots: Snapshots,
}

#[derive(Default, serde::Deserialize)]
struct Snapshots {
    closest: Option<Closest>,
}

#[derive(serde::Deserialize)]
struct Closest {
    #[serde(default)]
    available: bool,
    url: String,
    timestamp: String,
}

/// The availability API's JSON answer read:
/// `{"archived_snapshots":{"closest":{"available":true,"url":"http://web.archive.org/web/20091201142210/http://…","timestamp":"20091201142210","status":"200"}}}`,
/// or `{"archived_snapshots":{}}` for none. The capture's address is given on the archive's
/// own scheme and host (the API answers `http://`; the archive is asked over https).
fn availability(json: &[u8], archive: &Wayback) -> Result<Option<Capture>, WebError> {
    let answer: Availability = serde_json::from_slice(json).map_err(|e| WebError::ArchiveAnswer(e.to_string()))?;
    let Some(closest) = answer.archived_snapshots.closest.filter(|c| c.available) else { return Ok(None) };
    let bad = |why: &str| WebError::ArchiveAnswer(format!("{why}: {}", closest.url));
    // The archive names its captures on its own host, whatever host it was asked on.
    let address = CaptureAddress::parse_path(&closest.url).ok_or_else(|| bad("not a capture's address"))?;
    let captured = captured_iso(&closest.timestamp).ok_or_else(|| bad("no time of capture"))?;
    let citable = address.citable();
    let url = on_archive_scheme(&citable, archive).unwrap_or(citable);
    let original = address.original.to_owned();
    Ok(Some(Capture { url, timestamp: closest.timestamp, captured, original }))
}

/// `url` on the archive's scheme (https), when it is on the archive's host.
fn on_archive_scheme(url: &str, archive: &Wayback) -> Option<String> {
    let mut url = url::Url::parse(url).ok()?;
    let base = url::Url::parse(&archive.base).ok()?;
    if url.host_str() != base.host_str() || url.scheme() == base.scheme() {
        return None;
    }
    url.set_scheme(base.scheme()).ok()?;
    Some(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capture_address_is_read_and_asked_raw() {
        let archive = Wayback::default();
        let url = "https://web.archive.org/web/20091201142210/http://www.whitehouse.gov/x?a=1";
        let c = CaptureAddress::parse(url, &archive).unwrap();
        assert_eq!((c.timestamp, c.modifier, c.original), ("20091201142210", None, "http://www.whitehouse.gov/x?a=1"));
        assert_eq!(c.raw(), "https://web.archive.org/web/20091201142210id_/http://www.whitehouse.gov/x?a=1");
        assert_eq!(c.citable(), url);
        assert_eq!(c.captured().as_deref(), Some("2009-12-01T14:22:10Z"));
        for modifier in ["if_", "im_", "id_"] {
            let u = format!("http://web.archive.org/web/20091201142210{modifier}/https://a.gov/");
            let c = CaptureAddress::parse(&u, &archive).unwrap();
            assert_eq!(c.modifier, Some(modifier));
            assert_eq!(c.raw(), "http://web.archive.org/web/20091201142210id_/https://a.gov/");
            assert_eq!(c.citable(), "http://web.archive.org/web/20091201142210/https://a.gov/");
        }
        // A year only: the archive redirects to a capture; no time yet.
        let c = CaptureAddress::parse("https://web.archive.org/web/2009/http://a.gov/", &archive).unwrap();
        assert_eq!((c.raw().as_str(), c.captured()), ("https://web.archive.org/web/2009id_/http://a.gov/", None));
    }

    #[test]
    fn what_is_not_a_capture_address_is_not_read_as_one() {
        let archive = Wayback::default();
        for url in [
            "https://www.whitehouse.gov/web/20091201142210/http://a.gov/",
            "https://web.archive.org/web/*/http://a.gov/",
            "https://web.archive.org/web/200912011422101/http://a.gov/",
            "https://web.archive.org/web/20091201142210/a.gov/",
            "https://web.archive.org/details/x",
            "https://web.archive.org",
        ] {
            assert_eq!(CaptureAddress::parse(url, &archive), None, "{url}");
        }
        // On the configured host only at its port.
        let local = Wayback { base: "http://127.0.0.1:8080".into() };
        assert!(CaptureAddress::parse("http://127.0.0.1:8080/web/20091201142210/http://a.gov/", &local).is_some());
        assert!(CaptureAddress::parse("http://127.0.0.1:9/web/20091201142210/http://a.gov/", &local).is_none());
        assert_eq!(captured_iso("20091301142210"), None, "month 13");
    }

    #[test]
    fn the_availability_answer_is_read_found_or_none() {
        let archive = Wayback::default();
        let found = br#"{"url":"whitehouse.gov/x","archived_snapshots":{"closest":{"status":"200","available":true,
            "url":"http://web.archive.org/web/20091201142210/http://www.whitehouse.gov/x","timestamp":"20091201142210"}}}"#;
        let c = availability(found, &archive).unwrap().unwrap();
        assert_eq!(c.url, "https://web.archive.org/web/20091201142210/http://www.whitehouse.gov/x");
        assert_eq!((c.timestamp.as_str(), c.captured.as_str()), ("20091201142210", "2009-12-01T14:22:10Z"));
        assert_eq!(c.original, "http://www.whitehouse.gov/x");
        assert_eq!(c.describe(), "the Internet Archive's copy of 1 December 2009");
        let none = br#"{"url":"a.gov/nothing","archived_snapshots":{}}"#;
        assert_eq!(availability(none, &archive).unwrap(), None);
        let e = availability(b"<html>busy</html>", &archive).unwrap_err();
        assert!(e.to_string().starts_with("the Wayback Machine's answer could not be read"), "{e}");
    }
}
