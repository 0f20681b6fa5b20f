//! One careful GET: redirects followed here, one by one (each server on the way is asked
//! only when it has not said to wait, see [`super::wait`]), the status and the kind of
//! answer told in words, the body read up to the limit.

use super::wait;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a fetch may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_redirects: u32,
    /// To connect to the server.
    pub connect: Duration,
    /// For the whole answer, redirects and body included.
    pub total: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: crate::core::decode::MAX_DOCUMENT_BYTES,
            max_redirects: 10,
            connect: Duration::from_secs(15),
            total: Duration::from_secs(60),
        }
    }
}

/// Why a page could not be fetched, in the reader's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebError {
    #[error("{0} is not a web address (only http:// and https:// addresses are opened)")]
    NotWeb(String),
    #[error("the server has no page at this address (404 Not Found)")]
    NotFound,
    #[error("the page has been removed from this address (410 Gone)")]
    Gone,
    /// The server said to wait (429), or said so earlier (429 or 503 with `Retry-After`) and
    /// was not asked again: `retry_after` is the seconds still to wait.
    #[error("the server asks to wait before asking again (429 Too Many Requests){}", retry_after.map(|s| format!("; try again in {s} s")).unwrap_or_default())]
    TooManyRequests { retry_after: Option<u64> },
    #[error("the server failed ({0} server error); try again later")]
    ServerError(u16),
    #[error("the server refused the page (HTTP {0})")]
    Refused(u16),
    #[error("the page is a PDF: PDF records are not read yet")]
    Pdf,
    #[error("the address gives {0}, not a web page or a text")]
    NotAPage(String),
    #[error("the page is larger than {limit} bytes, the most a record may be")]
    TooLarge { limit: u64 },
    #[error("the address redirects too many times (a redirect loop?)")]
    TooManyRedirects,
    #[error("the address redirects in a loop: {0} leads back to itself")]
    RedirectLoop(String),
    #[error("the server did not answer in time")]
    Timeout,
    #[error("the server's name was not found (no network, or a mistyped address?)")]
    HostNotFound,
    #[error("no connection to the server could be made (no network, or the server is down)")]
    NoConnection,
    #[error("the secure connection failed: {0}")]
    Tls(String),
    #[error("the Wayback Machine's answer could not be read ({0})")]
    ArchiveAnswer(String),
    #[error("the page could not be fetched: {0}")]
    Other(String),
}

impl WebError {
    /// Whether the archive's copy is worth offering instead: the page is not (or no longer)
    /// at its address (404, 410), or its server cannot be reached (its name is not found,
    /// or no connection is made). Not for a server that is there but failing or busy.
    pub fn offers_archive(&self) -> bool {
        matches!(self, Self::NotFound | Self::Gone | Self::HostNotFound | Self::NoConnection)
    }
}

/// An answer that is a page: its address after redirects, its headers, its body.
#[derive(Debug)]
pub(super) struct Answer {
    pub url: String,
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub date: Option<String>,
    pub last_modified: Option<String>,
}

/// What kinds of answer a caller takes, by their `Content-Type` (checked before the body
/// is read).
pub(super) type Accept = fn(Option<&str>) -> Result<(), WebError>;

/// One request at a time, to any host.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The User-Agent: the app and its version.
fn user_agent() -> String {
    format!("record-reader/{} (a reader for archived policy records)", env!("CARGO_PKG_VERSION"))
}

/// GETs `url`, following redirects, and reads the answer when it is a page `accept` takes.
pub(super) fn get(url: &str, limits: &Limits, accept: Accept) -> Result<Answer, WebError> {
    let mut url = web_address(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0) // followed below, each hop checked
        .timeout_connect(Some(limits.connect))
        .user_agent(user_agent())
        .build()
        .into();
    let deadline = Instant::now().checked_add(limits.total);
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut seen = Vec::new();
    loop {
        let server = server_of(&url);
        if let Some(seconds) = wait::still_to_wait(&server) {
            return Err(WebError::TooManyRequests { retry_after: Some(seconds) });
        }
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if left.is_some_and(|l| l.is_zero()) {
            return Err(WebError::Timeout);
        }
        let response =
            agent.get(url.as_str()).config().timeout_global(left).build().call().map_err(|e| failure(e, limits))?;
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let code = response.status().as_u16();
        if let (301 | 302 | 303 | 307 | 308, Some(location)) = (code, header("location")) {
            let next = redirect(&url, &location)?;
            seen.push(url);
            if seen.contains(&next) {
                return Err(WebError::RedirectLoop(next.to_string()));
            }
            if seen.len() > limits.max_redirects as usize {
                return Err(WebError::TooManyRedirects);
            }
            url = next;
            continue;
        }
        status(code, &server, header("retry-after").as_deref(), header("date").as_deref())?;
        let content_type = header("content-type");
        accept(content_type.as_deref())?;
        let (date, last_modified) = (header("date"), header("last-modified"));
        let bytes =
            response.into_body().with_config().limit(limits.max_bytes).read_to_vec().map_err(|e| failure(e, limits))?;
        return Ok(Answer { url: url.to_string(), bytes, content_type, date, last_modified });
    }
}

/// `url` read as an http or https address.
fn web_address(url: &str) -> Result<url::Url, WebError> {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) {
        return Err(WebError::NotWeb(url.to_owned()));
    }
    let parsed =
        url::Url::parse(url).map_err(|e| WebError::Other(format!("the address {url} could not be read ({e})")))?;
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(WebError::Other(format!("the address {url} names no server")));
    }
    Ok(parsed)
}

/// Where a redirect from `from` leads (`location` may be relative), when it is a web address.
fn redirect(from: &url::Url, location: &str) -> Result<url::Url, WebError> {
    let next = from
        .join(location.trim())
        .map_err(|e| WebError::Other(format!("the server redirected to an address that cannot be read ({e})")))?;
    match next.scheme() {
        "http" | "https" => Ok(next),
        _ => Err(WebError::NotWeb(next.to_string())),
    }
}

/// The server an address is on, as `Retry-After` holds it: `host:port`.
pub(super) fn server_of(url: &url::Url) -> String {
    format!("{}:{}", url.host_str().unwrap_or_default(), url.port_or_known_default().unwrap_or_default())
}

/// A status that is not a page, in words. A 429 or 503 with `Retry-After` keeps `server`
/// from being asked again until then.
fn status(code: u16, server: &str, retry_after: Option<&str>, date: Option<&str>) -> Result<(), WebError> {
    let wait = retry_after.and_then(|r| wait::retry_after_seconds(r, date));
    if matches!(code, 429 | 503)
        && let Some(seconds) = wait
    {
        wait::hold(server, seconds);
    }
    match code {
        200..=299 => Ok(()),
        404 => Err(WebError::NotFound),
        410 => Err(WebError::Gone),
        429 => Err(WebError::TooManyRequests { retry_after: wait }),
        500..=599 => Err(WebError::ServerError(code)),
        _ => Err(WebError::Refused(code)),
    }
}

/// Whether the answer is a page or a text a record can be read from.
pub(super) fn page_kind(content_type: Option<&str>) -> Result<(), WebError> {
    let Some(t) = content_type else { return Ok(()) }; // no type: the decoder tells
    let mime = t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match mime.as_str() {
        "application/pdf" => Err(WebError::Pdf),
        m if m.starts_with("text/") || m.is_empty() || m == "application/xhtml+xml" => Ok(()),
        _ => Err(WebError::NotAPage(mime)),
    }
}

fn failure(e: ureq::Error, limits: &Limits) -> WebError {
    match e {
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => WebError::TooManyRedirects,
        ureq::Error::Timeout(_) | ureq::Error::BodyStalled => WebError::Timeout,
        ureq::Error::HostNotFound => WebError::HostNotFound,
        ureq::Error::ConnectionFailed => WebError::NoConnection,
        ureq::Error::BodyExceedsLimit(_) => WebError::TooLarge { limit: limits.max_bytes },
        ureq::Error::Rustls(e) => WebError::Tls(e.to_string()),
        ureq::Error::Tls(why) => WebError::Tls(why.to_owned()),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => WebError::NoConnection,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => WebError::Timeout,
        other => WebError::Other(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_is_offered_when_the_page_or_its_server_is_not_there() {
        for e in [WebError::NotFound, WebError::Gone, WebError::HostNotFound, WebError::NoConnection] {
            assert!(e.offers_archive(), "{e}");
        }
        for e in [WebError::ServerError(500), WebError::TooManyRequests { retry_after: None }, WebError::Pdf] {
            assert!(!e.offers_archive(), "{e}");
        }
    }

    #[test]
    fn a_redirect_is_read_against_its_page_and_only_to_the_web() {
        let from = url::Url::parse("http://a.gov/x/y.html").unwrap();
        assert_eq!(redirect(&from, "../z").unwrap().as_str(), "http://a.gov/z");
        assert_eq!(redirect(&from, "https://b.gov/").unwrap().as_str(), "https://b.gov/");
        assert!(matches!(redirect(&from, "file:///etc/passwd"), Err(WebError::NotWeb(_))));
        assert_eq!(server_of(&url::Url::parse("https://A.gov/x").unwrap()), "a.gov:443");
        let e = web_address("http://a b.gov/").unwrap_err();
        assert!(e.to_string().contains("could not be read"), "{e}");
    }
}
