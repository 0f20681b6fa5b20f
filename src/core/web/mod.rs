//! Fetching a record from the web (issue 30): one careful GET of a page, as a reader's
//! browser would make it, and every way it can fail said in words.
//!
//! The client is `ureq` 3 with rustls (ring) and the Mozilla roots (`webpki-roots`), chosen
//! over `reqwest`'s blocking client: no async runtime (tokio) is built in for one request at
//! a time, and no system OpenSSL is needed. Measured on this machine, 7 December: building it
//! (ureq, rustls, ring, webpki-roots) into a warm debug target took 49 s, this crate's own
//! rebuild included; the stripped release binary grew from 33.6 MB (912edb0, nothing called
//! it) to 36.1 MB (+2.4 MB, 7 %) once the window and the command line call it (see
//! `docs/performance.md`). It is asked (module `http`):
//! - only for `http` and `https` addresses, redirects included;
//! - to follow at most [`Limits::max_redirects`] redirects (a loop is told as one);
//! - to give up on a connection or a whole answer that takes too long;
//! - to read at most [`Limits::max_bytes`] (the limit files have too), decompressing gzip
//!   and brotli;
//! - with a User-Agent that names the app and its version, one request at a time;
//! - not to ask a server again before the time its `Retry-After` said (module `wait`).
//!
//! A Wayback Machine capture (`https://web.archive.org/web/<timestamp>/<original>`) is asked
//! in its raw form, without the archive's toolbar ([`CaptureAddress`]); [`nearest_capture`] finds
//! the archive's copy of an address that is gone.
//!
//! What came back is kept as it was received ([`Fetched::bytes`]): decoding it is
//! [`crate::core::decode::decode_declared`]'s (the header's charset, else the page's
//! `<meta>`, else as for a file). [`save_copy`] keeps it in a folder, byte for byte, with
//! its address, dates and header beside it (`<file>.record.ron`), so that it opens again
//! with no network, and reads the same.

mod copy;
mod http;
mod wait;
mod wayback;

pub use copy::{SaveError, SaveOutcome, Saved, save_copy};
pub use http::{Limits, WebError};
pub use wayback::{Capture, CaptureAddress, Wayback, captured_iso, nearest_capture};

/// A page as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The address the page came from, after redirects; for a Wayback Machine capture, the
    /// capture's address to read and cite, without `id_`
    /// (`https://web.archive.org/web/20091201142210/http://www.whitehouse.gov/x`).
    pub url: String,
    pub bytes: Vec<u8>,
    /// The `Content-Type` header ("text/html; charset=utf-8").
    pub content_type: Option<String>,
    /// The `Date` and `Last-Modified` headers, as sent.
    pub date: Option<String>,
    pub last_modified: Option<String>,
    /// For a Wayback Machine capture: the address archived (`http://www.whitehouse.gov/x`).
    pub archived_from: Option<String>,
    /// For a Wayback Machine capture: when it was captured, ISO ("2009-12-01T14:22:10Z").
    pub captured: Option<String>,
}

/// Fetches the page at `url` (the Wayback Machine at its own address).
pub fn fetch(url: &str, limits: &Limits) -> Result<Fetched, WebError> {
    fetch_from(url, limits, &Wayback::default())
}

/// Fetches the page at `url`; a capture address of `archive` ([`CaptureAddress`]) is asked
/// in its raw form (`id_`), the archive's redirect to the nearest capture followed.
pub fn fetch_from(url: &str, limits: &Limits, archive: &Wayback) -> Result<Fetched, WebError> {
    let asked = CaptureAddress::parse(url, archive).map_or_else(|| url.to_owned(), |c| c.raw());
    let answer = http::get(&asked, limits, http::page_kind)?;
    let (url, archived_from, captured) = match CaptureAddress::parse(&answer.url, archive) {
        Some(capture) => (capture.citable(), Some(capture.original.to_owned()), capture.captured()),
        None => (answer.url.clone(), None, None),
    };
    Ok(Fetched {
        url,
        bytes: answer.bytes,
        content_type: answer.content_type,
        date: answer.date,
        last_modified: answer.last_modified,
        archived_from,
        captured,
    })
}
