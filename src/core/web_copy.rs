//! A record taken from the web (issue 30): the address a reader typed or pasted, fetched
//! ([`crate::core::web::fetch`]), kept byte for byte in the "Web records" folder beside the
//! library's own ([`web_records_dir`]), with its address and dates beside it. One rule for
//! the window (Ctrl+L) and the command line (`open URL`, `library add-url`).

use crate::core::web::{self, Capture, Limits, SaveOutcome, Wayback, WebError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The folder of the pages taken from the web, beside the library's own folder (which holds
/// its index and folder list, and may hold no records): `~/.local/share/record-reader/web-records`.
pub const WEB_RECORDS: &str = "web-records";

/// The Web records folder of the library kept in `library_dir`.
pub fn web_records_dir(library_dir: &Path) -> PathBuf {
    library_dir.parent().unwrap_or(library_dir).join(WEB_RECORDS)
}

/// A web address as a reader types or pastes it: `https://…`, `http://…`, or a host and path
/// with no scheme (`clintonwhitehouse4.archives.gov/textonly/WH/Work/082199.html`), which is
/// asked over https. `None` for what is not one (words, a file path, another scheme).
pub fn address(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() || typed.len() > 8_192 || typed.chars().any(char::is_whitespace) {
        return None;
    }
    let lower = typed.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        let parsed = url::Url::parse(typed).ok()?;
        return parsed.host_str().filter(|h| !h.is_empty()).map(|_| typed.to_owned());
    }
    if typed.contains("://") || typed.starts_with('/') || typed.starts_with('.') {
        return None;
    }
    // A host with a dot and letters at its end ("whitehouse.gov"), then perhaps a path.
    let host = typed.split(['/', '?', '#']).next().unwrap_or_default();
    let name =
        host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h);
    let tld = name.rsplit_once('.').map(|(_, t)| t).unwrap_or_default();
    let host_like = name.contains('.')
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    host_like.then(|| format!("https://{typed}"))
}

/// A web address pasted into the window (Ctrl+V where no text box has the keyboard), which
/// the window offers to open: only one written in full (`https://…`) or starting `www.`, so
/// that a pasted file name ("notes.ron") or a sentence is not taken for one.
pub fn pasted_address(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let full = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.");
    full.then(|| address(t)).flatten()
}

/// A page taken: the copy kept, the address it came from (after redirects; a Wayback
/// Machine capture's citable address), and how it stands to the copies already kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub path: PathBuf,
    pub url: String,
    pub outcome: SaveOutcome,
}

impl Taken {
    /// What happened, for the reader: kept, already kept, or kept beside an older copy.
    pub fn told(&self) -> String {
        let path = self.path.display();
        match &self.outcome {
            SaveOutcome::New => format!("Kept a copy of {} as {path}", self.url),
            SaveOutcome::Same => format!("{} has not changed since your copy {path}", self.url),
            SaveOutcome::Newer { earlier } => format!(
                "A newer copy exists: {} has changed since your copy {}; the new text is kept beside it as {path}, \
                 and notes stay on the copy they were written on",
                self.url,
                earlier.display()
            ),
        }
    }
}

/// Why a page could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum TakeError {
    #[error("{0:?} is not a web address: type one such as https://clintonwhitehouse4.archives.gov/WH/Work/")]
    NotAnAddress(String),
    #[error("{address}: {error}{}", archived.as_ref().map(|c| format!(". The Internet Archive holds a copy: {} ({})", c.describe(), c.url)).unwrap_or_default())]
    Fetch {
        address: String,
        error: WebError,
        /// When a live address failed as [`WebError::offers_archive`] says: the nearest
        /// capture the Internet Archive holds of it, to offer.
        archived: Option<Box<Capture>>,
    },
    #[error(transparent)]
    Save(#[from] web::SaveError),
    #[error("stopped: nothing was kept")]
    Cancelled,
}

/// Where and how a page is taken: the folder of copies, the limits of a fetch, the Wayback
/// Machine asked for an archived copy, today's date (the access date, "2026-12-07").
#[derive(Debug, Clone)]
pub struct Taking<'a> {
    pub dir: &'a Path,
    pub limits: Limits,
    pub archive: &'a Wayback,
    pub accessed: &'a str,
}

/// Fetches the page at `typed` and keeps it. A live address that is gone (404, 410, no such
/// host, no connection) comes back with the nearest capture the Internet Archive holds, to
/// offer (its availability API is asked once; if it cannot answer, the first failure is
/// told). When `cancel` is set meanwhile, nothing is kept.
pub fn take(typed: &str, how: &Taking<'_>, cancel: &AtomicBool) -> Result<Taken, TakeError> {
    let url = address(typed).ok_or_else(|| TakeError::NotAnAddress(typed.trim().to_owned()))?;
    let page = match web::fetch_from(&url, &how.limits, how.archive) {
        Ok(page) => page,
        Err(error) => {
            let offered = error.offers_archive() && !cancel.load(Ordering::Relaxed);
            let archived = offered.then(|| web::nearest_capture(&url, None, &how.limits, how.archive).ok().flatten());
            return Err(TakeError::Fetch { address: url, error, archived: archived.flatten().map(Box::new) });
        }
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(TakeError::Cancelled);
    }
    let saved = web::save_copy(&page, how.dir, how.accessed)?;
    Ok(Taken { path: saved.path, url: page.url, outcome: saved.outcome })
}

/// Today's date, as a citation's access date ("2026-12-07", UTC).
pub fn today() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!("{:04}-{:02}-{:02}", now.year(), u8::from(now.month()), now.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_reader_types_is_read_as_an_address_or_not() {
        let a = |s: &str| address(s);
        assert_eq!(a(" https://a.gov/x "), Some("https://a.gov/x".to_owned()));
        assert_eq!(a("HTTP://A.gov"), Some("HTTP://A.gov".to_owned()));
        assert_eq!(
            a("clintonwhitehouse4.archives.gov/textonly/WH/Work/082199.html"),
            Some("https://clintonwhitehouse4.archives.gov/textonly/WH/Work/082199.html".to_owned())
        );
        assert_eq!(a("localhost.test:8080/a"), Some("https://localhost.test:8080/a".to_owned()));
        for no in
            ["", "democracy and human rights", "ftp://a.gov/x", "/home/a/record.txt", "./x.txt", "x.1", "https://"]
        {
            assert_eq!(a(no), None, "{no:?}");
        }
        assert_eq!(pasted_address("www.state.gov/j/drl"), Some("https://www.state.gov/j/drl".to_owned()));
        assert_eq!(pasted_address(" https://a.gov/x\n"), Some("https://a.gov/x".to_owned()));
        for no in ["notes.ron", "state.gov", "see https://a.gov/x", "Aid to Chad."] {
            assert_eq!(pasted_address(no), None, "{no:?}");
        }
    }

    #[test]
    fn web_records_are_kept_beside_the_library_not_in_it() {
        let dir = web_records_dir(Path::new("/home/a/.local/share/record-reader/library"));
        assert_eq!(dir, Path::new("/home/a/.local/share/record-reader/web-records"));
    }
}
