//! Records from the web (issue 30) against a real HTTP server on loopback, started by each
//! test: the corpus's pages (read where `tests/corpus.rs` reads them, never copied here)
//! served with real headers, redirects, errors, compression, wrong charsets, the Wayback
//! Machine's raw captures and its availability API. Each test checks that what was kept is
//! exactly what was served, or that the error says why and nothing was kept, and that the
//! copy already in the folder is untouched.
//!
//! Without the corpus, the tests that serve its pages say so and pass, unless
//! `RECORD_READER_CORPUS_REQUIRED=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use record_reader::core::web::{
    Fetched, Limits, SaveOutcome, Saved, Wayback, WebError, fetch, fetch_from, nearest_capture, save_copy,
};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

// ---------------------------------------------------------------------------------------
// The server

/// An answer: status line, headers, body, and how long to wait before sending it.
struct Reply {
    status: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
}

impl Reply {
    fn new(status: &'static str, headers: &[(&str, &str)], body: &[u8]) -> Self {
        let headers = headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        Self { status, headers, body: body.to_vec(), delay: Duration::ZERO }
    }

    /// A page as a web server sends it: its type, dates and length.
    fn page(content_type: &str, body: &[u8]) -> Self {
        Self::new(
            "200 OK",
            &[
                ("Content-Type", content_type),
                ("Date", "Mon, 07 Dec 2026 10:00:00 GMT"),
                ("Last-Modified", "Wed, 01 Oct 1997 10:00:00 GMT"),
                ("ETag", "\"5f3a-1997\""),
            ],
            body,
        )
    }

    fn redirect(status: &'static str, to: &str) -> Self {
        Self::new(status, &[("Location", to)], b"")
    }

    fn bytes(&self) -> Vec<u8> {
        let mut head =
            format!("HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n", self.status, self.body.len());
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// A server on loopback, answering each request by its path (and query), until the test
/// ends; it remembers each request it was sent.
struct Server {
    base: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(answer: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (answer, log) = (Arc::new(answer), Arc::clone(&requests));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (answer, log) = (Arc::clone(&answer), Arc::clone(&log));
                std::thread::spawn(move || answer_one(stream, &*answer, &log));
            }
        });
        Self { base, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The paths asked, in order.
    fn paths(&self) -> Vec<String> {
        self.requests.lock().unwrap().iter().map(|r| r.split(' ').nth(1).unwrap_or_default().to_owned()).collect()
    }
}

fn answer_one(mut stream: TcpStream, answer: &dyn Fn(&str) -> Reply, log: &Mutex<Vec<String>>) {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let request = String::from_utf8_lossy(&request).into_owned();
    let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
    log.lock().unwrap().push(request);
    let reply = answer(&path);
    std::thread::sleep(reply.delay);
    let _ = stream.write_all(&reply.bytes());
}

// ---------------------------------------------------------------------------------------
// The corpus, the folder, and a page taken as the app takes it

/// The corpus folder: `RECORD_READER_CORPUS`, else `../shared/corpus` beside the repository.
fn corpus_dir() -> PathBuf {
    match std::env::var_os("RECORD_READER_CORPUS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// A page of the corpus, or `None` (said) where there is no corpus, unless it is required.
fn corpus_page(name: &str) -> Option<Vec<u8>> {
    let path = corpus_dir().join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if std::env::var("RECORD_READER_CORPUS_REQUIRED").is_ok_and(|v| v == "1") => {
            panic!("the corpus page {} is required: {e}", path.display())
        }
        Err(_) => {
            println!("skipped: no corpus page at {} (set RECORD_READER_CORPUS)", path.display());
            None
        }
    }
}

const HTML: &str = "text/html; charset=utf-8";

/// A folder of Web records with a copy already in it, and what it held.
struct Folder {
    dir: tempfile::TempDir,
    before: BTreeMap<PathBuf, Vec<u8>>,
}

impl Folder {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let page = Fetched {
            url: "https://clintonwhitehouse4.archives.gov/WH/Work/082199.html".into(),
            bytes: b"<html><head><title>Kept</title></head><body><ul><li>Aid to Chad.</li></ul></body></html>".to_vec(),
            content_type: Some(HTML.into()),
            date: None,
            last_modified: None,
            archived_from: None,
            captured: None,
        };
        save_copy(&page, dir.path(), "2026-12-01").unwrap();
        let before = Self::contents(dir.path());
        assert_eq!(before.len(), 2, "a copy and its details");
        Self { dir, before }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| (p.clone(), std::fs::read(p).unwrap()))
            .collect()
    }

    /// The copy that was there is as it was; `new` lists the files added.
    fn assert_kept_and_added(&self, new: &[&Path]) {
        let now = Self::contents(self.path());
        for (path, bytes) in &self.before {
            assert_eq!(now.get(path), Some(bytes), "{} was changed", path.display());
        }
        let added: BTreeSet<&Path> =
            now.keys().filter(|p| !self.before.contains_key(*p)).map(PathBuf::as_path).collect();
        assert_eq!(added, new.iter().copied().collect::<BTreeSet<&Path>>(), "the files added");
    }

    fn assert_untouched(&self) {
        self.assert_kept_and_added(&[]);
    }
}

fn limits() -> Limits {
    Limits { max_bytes: 1 << 20, max_redirects: 5, connect: Duration::from_secs(2), total: Duration::from_secs(5) }
}

/// Fetches and keeps, as the window and the command line do.
fn take(url: &str, folder: &Folder, archive: &Wayback) -> Result<(Fetched, Saved), WebError> {
    let page = fetch_from(url, &limits(), archive)?;
    let saved = save_copy(&page, folder.path(), "2026-12-07").unwrap();
    Ok((page, saved))
}

/// `record-reader inspect --json` of a record.
fn inspect_json(doc: &record_reader::core::Document) -> String {
    record_reader::cli::text::json(&record_reader::cli::InspectJson::new(doc)).unwrap()
}

fn details(path: &Path) -> record_reader::core::details::RecordDetails {
    record_reader::core::details::read_details(path).unwrap().expect("details beside the copy")
}

// ---------------------------------------------------------------------------------------
// A page kept as served

#[test]
fn a_corpus_page_after_a_redirect_chain_is_kept_as_served_with_its_address_and_dates() {
    let Some(page) = corpus_page("state-2022-07-hrc50-outcomes.html") else { return };
    let served = page.clone();
    let server = Server::start(move |path| match path {
        "/old" => Reply::redirect("301 Moved Permanently", "/moved"),
        "/moved" => Reply::redirect("302 Found", "/releases/hrc50.html"),
        "/releases/hrc50.html" => Reply::page(HTML, &served),
        _ => Reply::new("404 Not Found", &[], b""),
    });
    let folder = Folder::new();
    let (fetched, saved) = take(&server.url("/old"), &folder, &Wayback::default()).unwrap();
    assert_eq!(fetched.url, server.url("/releases/hrc50.html"), "the address after the redirects");
    assert_eq!(saved.outcome, SaveOutcome::New);
    assert_eq!(std::fs::read(&saved.path).unwrap(), page, "kept byte for byte");
    let d = details(&saved.path);
    assert_eq!(d.url.as_deref(), Some(fetched.url.as_str()));
    assert_eq!(d.content_type.as_deref(), Some(HTML));
    assert_eq!(d.http_date.as_deref(), Some("Mon, 07 Dec 2026 10:00:00 GMT"));
    assert_eq!(d.last_modified.as_deref(), Some("Wed, 01 Oct 1997 10:00:00 GMT"));
    assert_eq!((d.accessed.as_deref(), d.archived_from, d.captured), (Some("2026-12-07"), None, None));
    folder.assert_kept_and_added(&[&saved.path, &record_reader::core::details::details_path(&saved.path)]);
    // One GET a page, each naming the app.
    assert_eq!(server.paths(), ["/old", "/moved", "/releases/hrc50.html"]);
    let first = server.requests.lock().unwrap()[0].to_ascii_lowercase();
    assert!(first.contains("user-agent: record-reader/"), "{first}");
    assert!(first.starts_with("get "), "{first}");
}

#[test]
fn gzip_and_brotli_are_undone_and_the_page_is_kept_as_it_was_sent() {
    let Some(page) = corpus_page("obamawh-2011-09-10-serve-and-remember.html") else { return };
    let served = page.clone();
    let server = Server::start(move |path| {
        let (encoding, body) = match path {
            "/gzip" => {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                gz.write_all(&served).unwrap();
                ("gzip", gz.finish().unwrap())
            }
            "/brotli" => ("br", brotli_stored(&served)),
            _ => return Reply::new("404 Not Found", &[], b""),
        };
        let mut reply = Reply::page(HTML, &body);
        reply.headers.push(("Content-Encoding".into(), encoding.into()));
        reply
    });
    let folder = Folder::new();
    let (_, gz) = take(&server.url("/gzip"), &folder, &Wayback::default()).unwrap();
    let (_, br) = take(&server.url("/brotli"), &folder, &Wayback::default()).unwrap();
    assert_eq!(std::fs::read(&gz.path).unwrap(), page);
    assert_eq!(std::fs::read(&br.path).unwrap(), page);
    let asked = server.requests.lock().unwrap()[0].to_ascii_lowercase();
    assert!(asked.contains("accept-encoding:") && asked.contains("gzip") && asked.contains("br"), "{asked}");
    let d = |p: &Path| record_reader::core::details::details_path(p);
    folder.assert_kept_and_added(&[&br.path, &d(&br.path), &gz.path, &d(&gz.path)]);
}

/// A brotli stream (RFC 7932) of `data` in uncompressed meta-blocks: what a server may send
/// as `Content-Encoding: br`, made here without an encoder (the client decodes any).
fn brotli_stored(data: &[u8]) -> Vec<u8> {
    #[derive(Default)]
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        fn align(&mut self) {
            if self.n > 0 {
                self.put(0, 8 - self.n);
            }
        }
    }
    let mut bits = Bits::default();
    bits.put(0, 1); // WBITS: a window of 2^16 - 16 bytes
    for chunk in data.chunks(1 << 16) {
        bits.put(0, 1); // ISLAST: no
        bits.put(0, 2); // MNIBBLES: 4
        bits.put(chunk.len() as u64 - 1, 16); // MLEN - 1
        bits.put(1, 1); // ISUNCOMPRESSED
        bits.align();
        bits.out.extend_from_slice(chunk);
    }
    bits.put(1, 1); // ISLAST
    bits.put(1, 1); // ISLASTEMPTY
    bits.align();
    bits.out
}

#[test]
fn a_wrong_charset_header_against_a_right_meta_reads_right() {
    let Some(page) = corpus_page("state-hrr-2024-tuvalu.html") else { return };
    let text = String::from_utf8(page.clone()).unwrap();
    assert!(text.contains("<meta charset=\"UTF-8\">") && text.contains('’'), "the page as the test knows it");
    // The same page in windows-1252, saying so in its <meta>, served as UTF-8.
    let declared = text.replace("charset=\"UTF-8\"", "charset=\"windows-1252\"");
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&declared);
    assert!(!unmappable);
    let served = cp1252.into_owned();
    let body = served.clone();
    let server = Server::start(move |_| Reply::page(HTML, &body));
    let folder = Folder::new();
    let (fetched, saved) = take(&server.url("/tuvalu"), &folder, &Wayback::default()).unwrap();
    assert_eq!(std::fs::read(&saved.path).unwrap(), served, "kept as served, not converted");
    let decoded = record_reader::core::decode::decode_declared(
        std::borrow::Cow::Borrowed(&fetched.bytes),
        None,
        fetched.content_type.as_deref(),
    )
    .unwrap();
    assert_eq!(decoded.encoding, "windows-1252");
    assert!(
        decoded.warnings.iter().any(|w| w.contains("the server says the page is in UTF-8")),
        "{:?}",
        decoded.warnings
    );
    // It reads as the UTF-8 page does, letter for letter, online and from the copy.
    let name = saved.path.file_name().unwrap().to_str().unwrap();
    let right = record_reader::core::open::from_bytes(&page, Some(name)).unwrap();
    let online =
        record_reader::core::open::from_fetched_bytes(&fetched.bytes, Some(name), fetched.content_type.as_deref())
            .unwrap();
    let offline = record_reader::core::open::open_path(&saved.path).unwrap();
    assert_eq!(inspect_json(&online), inspect_json(&right));
    assert_eq!(inspect_json(&offline), inspect_json(&right));
    assert!(!inspect_json(&online).contains('\u{fffd}'));
    folder.assert_kept_and_added(&[&saved.path, &record_reader::core::details::details_path(&saved.path)]);
}

#[test]
fn a_meta_charset_the_bytes_alone_would_not_give_is_followed_over_a_wrong_header() {
    let Some(page) = corpus_page("state-2021-07-india-strategic-partnership.html") else { return };
    // Mac Roman, named in the page's <meta> only, served as UTF-8: detection alone would
    // take the bytes for windows-1252, so reading right shows the <meta> was followed.
    let text = format!("<meta charset=\"macintosh\">\n{}", String::from_utf8(page).unwrap());
    let (mac, _, unmappable) = encoding_rs::MACINTOSH.encode(&text);
    assert!(!unmappable);
    let served = mac.into_owned();
    let body = served.clone();
    let server = Server::start(move |_| Reply::page(HTML, &body));
    let folder = Folder::new();
    let (fetched, saved) = take(&server.url("/india.html"), &folder, &Wayback::default()).unwrap();
    assert_eq!(std::fs::read(&saved.path).unwrap(), served);
    let name = saved.path.file_name().unwrap().to_str().unwrap();
    let right = record_reader::core::open::from_bytes(text.as_bytes(), Some(name)).unwrap();
    let online =
        record_reader::core::open::from_fetched_bytes(&fetched.bytes, Some(name), fetched.content_type.as_deref())
            .unwrap();
    assert_eq!(inspect_json(&online), inspect_json(&right));
    assert_eq!(inspect_json(&record_reader::core::open::open_path(&saved.path).unwrap()), inspect_json(&right));
    let guessed = record_reader::core::open::from_bytes(&served, Some(name)).unwrap();
    assert_ne!(inspect_json(&guessed), inspect_json(&right), "the bytes alone read otherwise");
    folder.assert_kept_and_added(&[&saved.path, &record_reader::core::details::details_path(&saved.path)]);
}

// ---------------------------------------------------------------------------------------
// Failures, each said, nothing kept

#[test]
fn a_redirect_loop_and_a_chain_too_long_are_told_and_nothing_is_kept() {
    let server = Server::start(|path| match path {
        "/a" => Reply::redirect("302 Found", "/b"),
        "/b" => Reply::redirect("307 Temporary Redirect", "/a"),
        p if p.starts_with("/hop/") => {
            let n: u32 = p["/hop/".len()..].parse().unwrap();
            Reply::redirect("302 Found", &format!("/hop/{}", n + 1))
        }
        "/elsewhere" => Reply::redirect("302 Found", "file:///etc/passwd"),
        _ => Reply::new("404 Not Found", &[], b""),
    });
    let folder = Folder::new();
    let archive = Wayback::default();
    let e = take(&server.url("/a"), &folder, &archive).unwrap_err();
    assert_eq!(e, WebError::RedirectLoop(server.url("/a")));
    assert!(e.to_string().contains("redirects in a loop"), "{e}");
    assert_eq!(server.paths(), ["/a", "/b"], "each page asked once");
    let e = take(&server.url("/hop/0"), &folder, &archive).unwrap_err();
    assert_eq!(e, WebError::TooManyRedirects);
    assert!(e.to_string().contains("redirects too many times"), "{e}");
    assert_eq!(server.paths().len(), 2 + 6, "the first and 5 redirects followed");
    assert!(matches!(take(&server.url("/elsewhere"), &folder, &archive), Err(WebError::NotWeb(_))));
    folder.assert_untouched();
}

#[test]
fn not_found_gone_and_server_errors_are_told_and_nothing_is_kept() {
    let server = Server::start(|path| match path {
        "/gone" => Reply::new("410 Gone", &[("Content-Type", "text/html")], b"<html>gone</html>"),
        "/broken" => Reply::new("500 Internal Server Error", &[("Content-Type", "text/html")], b"<html>oops</html>"),
        "/down" => Reply::new("503 Service Unavailable", &[], b""),
        "/private" => Reply::new("403 Forbidden", &[], b""),
        _ => Reply::new("404 Not Found", &[("Content-Type", "text/html")], b"<html>no such page</html>"),
    });
    let folder = Folder::new();
    let get = |path: &str| take(&server.url(path), &folder, &Wayback::default()).unwrap_err();
    let cases = [
        ("/missing", WebError::NotFound, "no page at this address (404 Not Found)", true),
        ("/gone", WebError::Gone, "removed from this address (410 Gone)", true),
        ("/broken", WebError::ServerError(500), "the server failed (500 server error)", false),
        ("/down", WebError::ServerError(503), "503", false),
        ("/private", WebError::Refused(403), "refused the page (HTTP 403)", false),
    ];
    for (path, error, words, archive) in cases {
        let e = get(path);
        assert_eq!(e, error, "{path}");
        assert!(e.to_string().contains(words), "{path}: {e}");
        assert_eq!(e.offers_archive(), archive, "{path}");
    }
    // A port nobody listens on.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let e = fetch(&format!("http://{closed}/"), &limits()).unwrap_err();
    assert_eq!(e, WebError::NoConnection);
    assert!(e.offers_archive());
    for not_web in ["ftp://example.org/x", "/etc/passwd", "file:///etc/passwd"] {
        assert!(matches!(fetch(not_web, &limits()), Err(WebError::NotWeb(_))), "{not_web}");
    }
    folder.assert_untouched();
}

#[test]
fn retry_after_keeps_the_server_from_being_asked_until_then() {
    let Some(page) = corpus_page("state-2022-02-australia-vital-partnership.html") else { return };
    let served = page.clone();
    let busy = Server::start(move |path| match path {
        "/busy" => Reply::new("429 Too Many Requests", &[("Retry-After", "120")], b""),
        _ => Reply::page(HTML, &served),
    });
    let folder = Folder::new();
    let archive = Wayback::default();
    let e = take(&busy.url("/busy"), &folder, &archive).unwrap_err();
    assert_eq!(e, WebError::TooManyRequests { retry_after: Some(120) });
    assert!(e.to_string().contains("try again in 120 s"), "{e}");
    // Another page of the same server: not asked, told at once how long is left.
    let e = take(&busy.url("/page"), &folder, &archive).unwrap_err();
    let WebError::TooManyRequests { retry_after: Some(left) } = e else { panic!("{e:?}") };
    assert!((118..=120).contains(&left), "{left}");
    assert_eq!(busy.paths(), ["/busy"], "the server was not asked again");
    folder.assert_untouched();
    // An HTTP date, counted from the server's own Date; a 503 holds the server too.
    let down = Server::start(|path| match path {
        "/down" => Reply::new(
            "503 Service Unavailable",
            &[("Date", "Mon, 07 Dec 2026 10:00:00 GMT"), ("Retry-After", "Mon, 07 Dec 2026 10:01:00 GMT")],
            b"",
        ),
        _ => Reply::new("200 OK", &[("Content-Type", HTML)], b"<html><body><ul><li>Aid.</li></ul></body></html>"),
    });
    assert_eq!(take(&down.url("/down"), &folder, &archive).unwrap_err(), WebError::ServerError(503));
    let e = take(&down.url("/page"), &folder, &archive).unwrap_err();
    let WebError::TooManyRequests { retry_after: Some(left) } = e else { panic!("{e:?}") };
    assert!((58..=60).contains(&left), "{left}");
    assert_eq!(down.paths(), ["/down"]);
    folder.assert_untouched();
    // Another server is asked as usual.
    let other = Server::start(move |_| Reply::page(HTML, &page));
    let (_, saved) = take(&other.url("/page"), &folder, &archive).unwrap();
    assert_eq!(saved.outcome, SaveOutcome::New);
}

#[test]
fn a_slow_server_trips_the_timeout() {
    let server = Server::start(|_| {
        let mut reply = Reply::page(HTML, b"<html><body><ul><li>Aid to Chad.</li></ul></body></html>");
        reply.delay = Duration::from_secs(3);
        reply
    });
    let folder = Folder::new();
    let limits = Limits { total: Duration::from_secs(1), ..limits() };
    let started = std::time::Instant::now();
    let e = fetch(&server.url("/slow"), &limits).unwrap_err();
    assert_eq!(e, WebError::Timeout);
    assert!(e.to_string().contains("did not answer in time"), "{e}");
    assert!(started.elapsed() < Duration::from_millis(2_500), "gave up at the limit: {:?}", started.elapsed());
    folder.assert_untouched();
}

#[test]
fn a_body_over_the_limit_is_refused() {
    let Some(page) = corpus_page("state-hrr-2024-tuvalu.html") else { return };
    assert!(page.len() > 100_000);
    let server = Server::start(move |_| Reply::page(HTML, &page));
    let folder = Folder::new();
    let limits = Limits { max_bytes: 100_000, ..limits() };
    let e = fetch(&server.url("/tuvalu"), &limits).unwrap_err();
    assert_eq!(e, WebError::TooLarge { limit: 100_000 });
    assert!(e.to_string().contains("larger than 100000 bytes"), "{e}");
    folder.assert_untouched();
}

#[test]
fn a_pdf_or_an_image_is_told_not_read() {
    let server = Server::start(|path| match path {
        "/report.pdf" => Reply::page("application/pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"),
        _ => Reply::page("image/png", b"\x89PNG\r\n\x1a\n"),
    });
    let folder = Folder::new();
    let e = take(&server.url("/report.pdf"), &folder, &Wayback::default()).unwrap_err();
    assert_eq!(e, WebError::Pdf);
    assert!(e.to_string().contains("PDF records are not read yet"), "{e}");
    let e = take(&server.url("/map.png"), &folder, &Wayback::default()).unwrap_err();
    assert_eq!(e, WebError::NotAPage("image/png".into()));
    folder.assert_untouched();
}

// ---------------------------------------------------------------------------------------
// The Wayback Machine

/// The archive's toolbar, as it inserts it in a capture shown in a browser.
const TOOLBAR: &str =
    "<!-- BEGIN WAYBACK TOOLBAR INSERT --><div id=\"wm-ipp\">Wayback Machine</div><!-- END WAYBACK TOOLBAR INSERT -->";

/// An archive on loopback holding one capture of `/x` at 20091201142210: the raw page on
/// the `id_` path, the page with the toolbar without it; a short timestamp redirects to the
/// capture, as the archive does.
fn archive_server(page: Vec<u8>) -> Server {
    let original = "http://www.whitehouse.gov/x";
    Server::start(move |path| {
        let Some(rest) = path.strip_prefix("/web/") else { return Reply::new("404 Not Found", &[], b"") };
        let (stamp, target) = rest.split_once('/').unwrap_or_default();
        if target != original {
            return Reply::new("404 Not Found", &[], b"");
        }
        match stamp {
            "20091201142210id_" => Reply::page(HTML, &page),
            "20091201142210" => Reply::page(HTML, &with_toolbar(&page)),
            s if s.ends_with("id_") => Reply::redirect("302 Found", &format!("/web/20091201142210id_/{original}")),
            _ => Reply::redirect("302 Found", &format!("/web/20091201142210/{original}")),
        }
    })
}

/// The page as the archive shows it in a browser: its toolbar first in the body.
fn with_toolbar(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let at = text.find("<body").and_then(|b| text[b..].find('>').map(|e| b + e + 1)).unwrap_or(0);
    format!("{}{TOOLBAR}{}", &text[..at], &text[at..]).into_bytes()
}

#[test]
fn a_wayback_capture_is_asked_raw_and_kept_without_the_toolbar() {
    let Some(page) = corpus_page("obamawh-2017-01-17-digital-transition.html") else { return };
    assert!(String::from_utf8_lossy(&page).contains("<body"), "the page has a body");
    let server = archive_server(page.clone());
    let archive = Wayback { base: server.base.clone() };
    let capture = server.url("/web/20091201142210/http://www.whitehouse.gov/x");
    let cases = [
        ("/web/20091201142210/http://www.whitehouse.gov/x", vec!["/web/20091201142210id_/http://www.whitehouse.gov/x"]),
        (
            "/web/20091201142210id_/http://www.whitehouse.gov/x",
            vec!["/web/20091201142210id_/http://www.whitehouse.gov/x"],
        ),
        (
            "/web/20091201142210if_/http://www.whitehouse.gov/x",
            vec!["/web/20091201142210id_/http://www.whitehouse.gov/x"],
        ),
        (
            "/web/2009/http://www.whitehouse.gov/x",
            vec!["/web/2009id_/http://www.whitehouse.gov/x", "/web/20091201142210id_/http://www.whitehouse.gov/x"],
        ),
    ];
    let folder = Folder::new();
    let mut first = None;
    for (path, asked) in cases {
        server.requests.lock().unwrap().clear();
        let (fetched, saved) = take(&server.url(path), &folder, &archive).unwrap();
        assert_eq!(server.paths(), asked, "{path}: the raw capture was asked, and only it");
        assert_eq!(fetched.url, capture, "{path}: the capture's address to cite, without id_");
        assert_eq!(fetched.archived_from.as_deref(), Some("http://www.whitehouse.gov/x"));
        assert_eq!(fetched.captured.as_deref(), Some("2009-12-01T14:22:10Z"));
        assert_eq!(fetched.bytes, page, "{path}: the raw page");
        let kept = std::fs::read(&saved.path).unwrap();
        assert_eq!(kept, page);
        assert!(!String::from_utf8_lossy(&kept).contains("wm-ipp"), "no toolbar");
        let d = details(&saved.path);
        assert_eq!(d.url.as_deref(), Some(capture.as_str()));
        assert_eq!(d.archived_from.as_deref(), Some("http://www.whitehouse.gov/x"));
        assert_eq!(d.captured.as_deref(), Some("2009-12-01T14:22:10Z"));
        // Asked again by another form of its address: the same copy.
        match &first {
            None => first = Some(saved.path),
            Some(path) => assert_eq!(saved, Saved { path: path.clone(), outcome: SaveOutcome::Same }),
        }
    }
    let first = first.unwrap();
    folder.assert_kept_and_added(&[&first, &record_reader::core::details::details_path(&first)]);
    // The browser's form, asked as it is where the archive is not recognised (the test's
    // archive is not the configured one): the toolbar is there, so its absence above counts.
    let shown = fetch(&capture, &limits()).unwrap();
    assert!(String::from_utf8_lossy(&shown.bytes).contains("wm-ipp"));
    assert_eq!((shown.archived_from, shown.captured), (None, None));
    let doc = record_reader::core::open::open_path(&first).unwrap();
    assert_eq!(doc.meta.url.as_deref(), Some(capture.as_str()));
}

#[test]
fn the_availability_api_finds_the_nearest_capture_or_says_there_is_none() {
    let Some(page) = corpus_page("state-2022-07-hrc50-outcomes.html") else { return };
    let archived = archive_server(page.clone());
    let base = archived.base.clone();
    let api = Server::start(move |path| {
        if path.starts_with("/wayback/available?url=http%3A%2F%2Fwww.whitehouse.gov%2Fx") {
            let json = format!(
                r#"{{"url": "http://www.whitehouse.gov/x", "archived_snapshots": {{"closest": {{"status": "200", "available": true, "url": "{base}/web/20091201142210/http://www.whitehouse.gov/x", "timestamp": "20091201142210"}}}}}}"#
            );
            Reply::page("application/json", json.as_bytes())
        } else if path.starts_with("/wayback/available?") {
            Reply::page("application/json", br#"{"url": "http://a.gov/never", "archived_snapshots": {}}"#)
        } else {
            Reply::new("404 Not Found", &[], b"")
        }
    });
    // The API on one server, the captures on another: the capture's host is what it says.
    let archive = Wayback { base: api.base.clone() };
    let none = nearest_capture("http://a.gov/never", None, &limits(), &archive).unwrap();
    assert_eq!(none, None);
    let capture = nearest_capture("http://www.whitehouse.gov/x", Some("2009"), &limits(), &archive).unwrap().unwrap();
    assert_eq!(capture.url, archived.url("/web/20091201142210/http://www.whitehouse.gov/x"));
    assert_eq!((capture.timestamp.as_str(), capture.captured.as_str()), ("20091201142210", "2009-12-01T14:22:10Z"));
    assert_eq!(capture.describe(), "the Internet Archive's copy of 1 December 2009");
    let asked = api.paths();
    assert_eq!(
        asked[1], "/wayback/available?url=http%3A%2F%2Fwww.whitehouse.gov%2Fx&timestamp=2009",
        "percent-encoded"
    );
    // The copy the capture names, fetched raw.
    let folder = Folder::new();
    let archive = Wayback { base: archived.base.clone() };
    let (fetched, saved) = take(&capture.url, &folder, &archive).unwrap();
    assert_eq!(std::fs::read(&saved.path).unwrap(), page);
    assert_eq!(fetched.captured.as_deref(), Some(capture.captured.as_str()));
    assert_eq!(archived.paths(), ["/web/20091201142210id_/http://www.whitehouse.gov/x"]);
    // A server with no API: its 404, said.
    let e = nearest_capture("http://www.whitehouse.gov/x", None, &limits(), &archive).unwrap_err();
    assert_eq!(e, WebError::NotFound, "no API on that server");
}

// ---------------------------------------------------------------------------------------
// The copy: opened offline as it read online; a newer copy beside the earlier

#[test]
fn a_copy_opened_offline_reads_byte_for_byte_as_the_page_fetched() {
    let names: Vec<String> = match std::fs::read_dir(corpus_dir()) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| [".html", ".txt", ".md"].iter().any(|ext| n.ends_with(ext)) && n != "SOURCES.md")
            .collect(),
        Err(_) => {
            let _ = corpus_page("expect.json"); // says so, or fails where required
            return;
        }
    };
    assert!(names.len() >= 30, "{names:?}");
    let dir = corpus_dir();
    let server = Server::start(move |path| {
        let name = path.trim_start_matches('/');
        let Ok(bytes) = std::fs::read(dir.join(name)) else { return Reply::new("404 Not Found", &[], b"") };
        let kind = match name.rsplit_once('.').map(|(_, e)| e) {
            Some("txt") => "text/plain; charset=utf-8",
            Some("md") => "text/markdown; charset=UTF-8",
            _ => HTML,
        };
        Reply::page(kind, &bytes)
    });
    let folder = Folder::new();
    let mut compared = 0;
    for name in &names {
        let (fetched, saved) = take(&server.url(&format!("/{name}")), &folder, &Wayback::default()).unwrap();
        let file_name = saved.path.file_name().unwrap().to_str().unwrap();
        let online = record_reader::core::open::from_fetched_bytes(
            &fetched.bytes,
            Some(file_name),
            fetched.content_type.as_deref(),
        );
        let offline = record_reader::core::open::open_path(&saved.path);
        match (online, offline) {
            (Ok(online), Ok(offline)) => {
                assert_eq!(inspect_json(&offline), inspect_json(&online), "{name}");
                compared += 1;
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: online {:?}, offline {:?}", a.err(), b.err()),
        }
    }
    println!("{compared} of {} corpus pages read the same from their copy", names.len());
    assert!(compared >= 30);
}

#[test]
fn the_charset_header_kept_beside_a_copy_decodes_it_offline() {
    let Some(page) = corpus_page("state-2021-07-india-strategic-partnership.html") else { return };
    let text = String::from_utf8(page).unwrap();
    assert!(!text.to_ascii_lowercase().contains("charset"), "the page names no charset of its own");
    // Mac Roman: only its header says so; the bytes alone would be taken for windows-1252.
    let (mac, _, unmappable) = encoding_rs::MACINTOSH.encode(&text);
    assert!(!unmappable);
    let served = mac.into_owned();
    let body = served.clone();
    let server = Server::start(move |_| Reply::page("text/html; charset=macintosh", &body));
    let folder = Folder::new();
    let (fetched, saved) = take(&server.url("/india.html"), &folder, &Wayback::default()).unwrap();
    assert_eq!(std::fs::read(&saved.path).unwrap(), served);
    let name = saved.path.file_name().unwrap().to_str().unwrap();
    let online =
        record_reader::core::open::from_fetched_bytes(&fetched.bytes, Some(name), fetched.content_type.as_deref())
            .unwrap();
    let offline = record_reader::core::open::open_path(&saved.path).unwrap();
    assert_eq!(inspect_json(&offline), inspect_json(&online));
    let right = record_reader::core::open::from_bytes(text.as_bytes(), Some(name)).unwrap();
    assert_eq!(inspect_json(&online), inspect_json(&right), "read as the UTF-8 page reads");
    // Without the header the same bytes read otherwise: the sidecar is what keeps it right.
    let guessed = record_reader::core::open::from_bytes(&served, Some(name)).unwrap();
    assert_ne!(inspect_json(&guessed), inspect_json(&right));
}

#[test]
fn a_page_whose_text_changed_is_kept_as_a_newer_copy_beside_the_earlier() {
    let Some(page) = corpus_page("state-2022-02-australia-vital-partnership.html") else { return };
    let text = String::from_utf8(page.clone()).unwrap();
    let versions: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(page.clone()));
    let now = Arc::clone(&versions);
    let server = Server::start(move |_| Reply::page(HTML, &now.lock().unwrap()));
    let folder = Folder::new();
    let url = server.url("/australia.html");
    let (_, first) = take(&url, &folder, &Wayback::default()).unwrap();
    assert_eq!(first.outcome, SaveOutcome::New);
    // A script's timestamp changed: the same record; nothing written.
    let script = format!("{text}<script>var served = 1733565600;</script>\n");
    assert_ne!(script, text);
    *versions.lock().unwrap() = script.into_bytes();
    let (_, same) = take(&url, &folder, &Wayback::default()).unwrap();
    assert_eq!(same, Saved { path: first.path.clone(), outcome: SaveOutcome::Same });
    assert_eq!(std::fs::read(&first.path).unwrap(), page);
    // The text changed: a newer copy beside it; the earlier one untouched.
    let changed = text.replacen("Australia", "Australia and New Zealand", 1);
    assert_ne!(changed, text);
    *versions.lock().unwrap() = changed.clone().into_bytes();
    let (_, newer) = take(&url, &folder, &Wayback::default()).unwrap();
    assert_eq!(newer.outcome, SaveOutcome::Newer { earlier: first.path.clone() });
    assert_ne!(newer.path, first.path);
    assert_eq!(std::fs::read(&newer.path).unwrap(), changed.as_bytes());
    assert_eq!(std::fs::read(&first.path).unwrap(), page, "the earlier copy is kept as it was");
    let d = record_reader::core::details::details_path;
    folder.assert_kept_and_added(&[&first.path, &d(&first.path), &newer.path, &d(&newer.path)]);
}
