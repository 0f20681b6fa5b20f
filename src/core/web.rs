//! Fetching a record from the web (issue 30): one careful GET of a page, as a reader's
//! browser would make it, and every way it can fail said in words.
//!
//! The client is `ureq` 3 with rustls (ring) and the Mozilla roots (`webpki-roots`), chosen
//! over `reqwest`'s blocking client: no async runtime (tokio) is built in for one request at
//! a time, and no system OpenSSL is needed. Measured on this machine, 7 December: building it
//! (ureq, rustls, ring, webpki-roots) into a warm debug target took 49 s, this crate's own
//! rebuild included. Its size in the release binary is measured when the window and the
//! command line call it (the next step of issue 30): until then the linker leaves it out
//! (the release binary is byte for byte as large as without it). It is asked:
//! - only for `http` and `https` addresses;
//! - to follow at most [`Limits::max_redirects`] redirects (a loop is one that never ends);
//! - to give up on a connection or a whole answer that takes too long;
//! - to read at most [`Limits::max_bytes`] (the limit files have too), decompressing gzip
//!   and brotli;
//! - with a User-Agent that names the app and its version, one request at a time.
//!
//! What came back is kept as it was received ([`Fetched::bytes`]): decoding it (charset,
//! HTML or Markdown) is [`crate::core::decode`]'s, as for a file. [`save_copy`] keeps it in a
//! folder, byte for byte, with its address and dates beside it (`<file>.record.ron`), so that
//! it opens again with no network.

use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

/// What a fetch may take.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_redirects: u32,
    /// To connect to the server.
    pub connect: Duration,
    /// For the whole answer, body included.
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

/// A page as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The address the page came from, after redirects.
    pub url: String,
    pub bytes: Vec<u8>,
    /// The `Content-Type` header ("text/html; charset=utf-8").
    pub content_type: Option<String>,
    /// The `Date` and `Last-Modified` headers, as sent.
    pub date: Option<String>,
    pub last_modified: Option<String>,
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
    #[error("the server did not answer in time")]
    Timeout,
    #[error("the server's name was not found (no network, or a mistyped address?)")]
    HostNotFound,
    #[error("no connection to the server could be made (no network, or the server is down)")]
    NoConnection,
    #[error("the secure connection failed: {0}")]
    Tls(String),
    #[error("the page could not be fetched: {0}")]
    Other(String),
}

/// One request at a time, to any host.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The User-Agent: the app and its version.
fn user_agent() -> String {
    format!("record-reader/{} (a reader for archived policy records)", env!("CARGO_PKG_VERSION"))
}

/// Fetches the page at `url`.
pub fn fetch(url: &str, limits: &Limits) -> Result<Fetched, WebError> {
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) {
        return Err(WebError::NotWeb(url.to_owned()));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(limits.max_redirects)
        .timeout_connect(Some(limits.connect))
        .timeout_global(Some(limits.total))
        .user_agent(user_agent())
        .build()
        .into();
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let response = agent.get(url).call().map_err(|e| failure(e, limits))?;
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    status(response.status().as_u16(), header("retry-after").as_deref())?;
    let content_type = header("content-type");
    kind(content_type.as_deref())?;
    let (date, last_modified) = (header("date"), header("last-modified"));
    let url = ureq::ResponseExt::get_uri(&response).to_string();
    let bytes =
        response.into_body().with_config().limit(limits.max_bytes).read_to_vec().map_err(|e| failure(e, limits))?;
    Ok(Fetched { url, bytes, content_type, date, last_modified })
}

/// Why a fetched page could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not save the copy in {dir}: {source}")]
    Write {
        dir: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Details(#[from] crate::core::details::DetailsError),
}

/// Keeps `page` in `dir`, byte for byte as received, with its address, the access date
/// (`accessed`, "2026-12-07") and the server's dates in `<file>.record.ron` beside it. The
/// file is named after the address. A copy of the same bytes already there is the copy (its
/// path is given back, nothing written); a page that changed since is kept as another file
/// beside the first ("…-2.html"), so that notes stay on the copy they were written on.
pub fn save_copy(page: &Fetched, dir: &Path, accessed: &str) -> Result<std::path::PathBuf, SaveError> {
    let write = |source| SaveError::Write { dir: dir.to_owned(), source };
    std::fs::create_dir_all(dir).map_err(write)?;
    let (stem, extension) = copy_name(&page.url, page.content_type.as_deref());
    for n in 1..=MAX_COPIES {
        let name = if n == 1 { format!("{stem}.{extension}") } else { format!("{stem}-{n}.{extension}") };
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) if bytes == page.bytes => return Ok(path),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(write(e)),
        }
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write)?;
        tmp.write_all(&page.bytes).and_then(|()| tmp.as_file().sync_all()).map_err(write)?;
        match tmp.persist_noclobber(&path) {
            Ok(_) => {}
            // Another writer took the name in the meantime: the next name.
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(write(e.error)),
        }
        let details = crate::core::details::RecordDetails {
            url: Some(page.url.clone()),
            accessed: Some(accessed.to_owned()),
            http_date: page.date.clone(),
            last_modified: page.last_modified.clone(),
            ..Default::default()
        };
        crate::core::details::write_details(&path, &details)?;
        return Ok(path);
    }
    Err(write(std::io::Error::other(format!("{MAX_COPIES} copies of this address are there already"))))
}

/// The most copies of one address kept side by side.
const MAX_COPIES: usize = 1_000;

/// A file name for a page's copy, of its address ("clintonwhitehouse4.archives.gov
/// textonly WH Work 082199.html" → `clintonwhitehouse4.archives.gov-textonly-wh-work-082199`)
/// and an extension of its kind.
fn copy_name(url: &str, content_type: Option<&str>) -> (String, &'static str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let rest = rest.trim_end_matches('/');
    let rest = rest
        .rsplit_once('.')
        .filter(|(_, ext)| {
            ["html", "htm", "txt", "md", "shtml", "php", "aspx"].contains(&ext.to_ascii_lowercase().as_str())
        })
        .map_or(rest, |(r, _)| r);
    let mut stem = String::new();
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_matches(['-', '.']).chars().take(120).collect();
    let mime = content_type.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let extension = match mime.as_str() {
        "text/plain" => "txt",
        "text/markdown" => "md",
        _ => "html",
    };
    (if stem.is_empty() { "page".to_owned() } else { stem }, extension)
}

/// A status that is not a page, in words.
fn status(code: u16, retry_after: Option<&str>) -> Result<(), WebError> {
    match code {
        200..=299 => Ok(()),
        404 => Err(WebError::NotFound),
        410 => Err(WebError::Gone),
        429 => Err(WebError::TooManyRequests { retry_after: retry_after.and_then(|s| s.trim().parse().ok()) }),
        500..=599 => Err(WebError::ServerError(code)),
        _ => Err(WebError::Refused(code)),
    }
}

/// Whether the answer is a page or a text a record can be read from.
fn kind(content_type: Option<&str>) -> Result<(), WebError> {
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
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A server on loopback that answers each request by its path, until the test ends.
    fn serve(answer: fn(&str) -> (Vec<u8>, Duration)) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                std::thread::spawn(move || {
                    let mut request = [0u8; 4096];
                    let n = stream.read(&mut request).unwrap_or(0);
                    let line = String::from_utf8_lossy(&request[..n]).lines().next().unwrap_or_default().to_owned();
                    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
                    let (bytes, delay) = answer(&path);
                    std::thread::sleep(delay);
                    let _ = stream.write_all(&bytes);
                });
            }
        });
        address
    }

    fn response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
        for (k, v) in headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(body);
        bytes
    }

    const PAGE: &[u8] = b"<html><head><title>A Record</title></head><body><ul><li>Aid to Chad.</li></ul></body></html>";

    fn site(path: &str) -> (Vec<u8>, Duration) {
        let html = [("Content-Type", "text/html; charset=utf-8"), ("Last-Modified", "Wed, 01 Oct 1997 10:00:00 GMT")];
        let now = Duration::ZERO;
        match path {
            "/page" => (response("200 OK", &html, PAGE), now),
            "/r1" => (response("301 Moved", &[("Location", "/r2")], b""), now),
            "/r2" => (response("302 Found", &[("Location", "/page")], b""), now),
            "/loop" => (response("302 Found", &[("Location", "/loop")], b""), now),
            "/gone" => (response("410 Gone", &[], b""), now),
            "/busy" => (response("429 Too Many Requests", &[("Retry-After", "120")], b""), now),
            "/broken" => (response("500 Internal Server Error", &[], b""), now),
            "/slow" => (response("200 OK", &html, PAGE), Duration::from_secs(3)),
            "/big" => (response("200 OK", &html, &vec![b'a'; 5_000]), now),
            "/pdf" => (response("200 OK", &[("Content-Type", "application/pdf")], b"%PDF-1.4"), now),
            "/image" => (response("200 OK", &[("Content-Type", "image/png")], b"\x89PNG"), now),
            "/gzip" => {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                gz.write_all(PAGE).unwrap();
                let body = gz.finish().unwrap();
                (response("200 OK", &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")], &body), now)
            }
            _ => (response("404 Not Found", &[], b"no such page"), now),
        }
    }

    fn limits() -> Limits {
        Limits { max_bytes: 1_000, max_redirects: 5, connect: Duration::from_secs(2), total: Duration::from_secs(1) }
    }

    #[test]
    fn a_page_comes_back_as_sent_with_its_address_after_redirects() {
        let server = serve(site);
        let page = fetch(&format!("{server}/r1"), &limits()).unwrap();
        assert_eq!(page.bytes, PAGE);
        assert_eq!(page.url, format!("{server}/page"));
        assert_eq!(page.content_type.as_deref(), Some("text/html; charset=utf-8"));
        assert_eq!(page.last_modified.as_deref(), Some("Wed, 01 Oct 1997 10:00:00 GMT"));
        // gzip is undone: the page's own bytes are kept.
        assert_eq!(fetch(&format!("{server}/gzip"), &limits()).unwrap().bytes, PAGE);
    }

    #[test]
    fn a_copy_is_kept_byte_for_byte_with_its_address_and_opens_with_no_network() {
        let server = serve(site);
        let dir = tempfile::tempdir().unwrap();
        let page = fetch(&format!("{server}/r1"), &limits()).unwrap();
        let path = save_copy(&page, dir.path(), "2026-12-07").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), PAGE);
        assert!(path.file_name().unwrap().to_string_lossy().ends_with("-page.html"), "{path:?}");
        let details = crate::core::details::read_details(&path).unwrap().unwrap();
        assert_eq!(details.url.as_deref(), Some(page.url.as_str()));
        assert_eq!(details.last_modified.as_deref(), Some("Wed, 01 Oct 1997 10:00:00 GMT"));
        // The same page again is the same copy; a changed one is kept beside it.
        assert_eq!(save_copy(&page, dir.path(), "2026-12-08").unwrap(), path);
        let changed =
            Fetched { bytes: b"<html><body><ul><li>Aid to Peru.</li></ul></body></html>".to_vec(), ..page.clone() };
        let second = save_copy(&changed, dir.path(), "2026-12-08").unwrap();
        assert_ne!(second, path);
        assert_eq!(std::fs::read(&path).unwrap(), PAGE, "the first copy is kept as it was");
        // Opened from the copy (the server is not asked): the record, with its address.
        let doc = crate::core::open::open_path(&path).unwrap();
        assert_eq!(doc.meta.title, "A Record");
        assert_eq!(doc.meta.url.as_deref(), Some(page.url.as_str()));
        assert_eq!(doc.meta.accessed.as_deref(), Some("2026-12-07"));
    }

    #[test]
    fn a_copy_is_named_after_its_address() {
        let name = |u: &str, t: Option<&str>| copy_name(u, t);
        assert_eq!(
            name("https://clintonwhitehouse4.archives.gov/textonly/WH/Work/082199.html", Some("text/html")),
            ("clintonwhitehouse4.archives.gov-textonly-wh-work-082199".to_owned(), "html")
        );
        assert_eq!(name("http://a.gov/x/?q=1#top", Some("text/plain; charset=utf-8")), ("a.gov-x".to_owned(), "txt"));
        assert_eq!(name("http://../", None).1, "html");
        assert!(!name("http://../", None).0.is_empty());
    }

    #[test]
    fn every_failure_is_said_in_words() {
        let server = serve(site);
        let get = |path: &str| fetch(&format!("{server}{path}"), &limits()).unwrap_err();
        assert_eq!(get("/missing"), WebError::NotFound);
        assert_eq!(get("/gone"), WebError::Gone);
        assert_eq!(get("/busy"), WebError::TooManyRequests { retry_after: Some(120) });
        assert!(get("/busy").to_string().contains("try again in 120 s"));
        assert_eq!(get("/broken"), WebError::ServerError(500));
        assert_eq!(get("/loop"), WebError::TooManyRedirects);
        assert_eq!(get("/slow"), WebError::Timeout);
        assert_eq!(get("/big"), WebError::TooLarge { limit: 1_000 });
        assert_eq!(get("/pdf"), WebError::Pdf);
        assert!(get("/pdf").to_string().contains("PDF records are not read yet"));
        assert_eq!(get("/image"), WebError::NotAPage("image/png".into()));
        assert!(matches!(fetch("ftp://example.org/x", &limits()), Err(WebError::NotWeb(_))));
        assert!(matches!(fetch("/etc/passwd", &limits()), Err(WebError::NotWeb(_))));
        // A port nobody listens on.
        let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
        assert_eq!(fetch(&format!("http://{closed}/"), &limits()).unwrap_err(), WebError::NoConnection);
    }
}
