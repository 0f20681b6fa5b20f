//! `record-reader open URL` and `record-reader library add-url URL…` against a server on
//! loopback: each page kept byte for byte beside the library, its address beside it, the
//! library holding the folder; a page that cannot be fetched is said, exits 1, and keeps
//! nothing, while the others are still taken.
#![allow(clippy::unwrap_used)]

#[path = "common/cli.rs"]
mod cli;
#[path = "common/serve.rs"]
mod serve;

use serve::{Answer, serve};
use std::collections::BTreeMap;
use std::path::Path;

const PAGE: &str = "<html><head><title>Aid to Democracy, 1997</title></head><body><h1>Aid to Democracy, 1997</h1>\
<ul><li>Supported elections in Chad and Niger.</li><li>Trained judges in Peru.</li></ul></body></html>";

fn pages() -> BTreeMap<String, Answer> {
    let mut pages = BTreeMap::new();
    pages.insert("/WH/aid.html".to_owned(), Answer::ok("text/html; charset=utf-8", PAGE));
    pages.insert("/r.txt".to_owned(), Answer::ok("text/plain", "Aid to Peru\n\n- Trained judges in Lima.\n"));
    pages.insert("/report.pdf".to_owned(), Answer::ok("application/pdf", "%PDF-1.4"));
    pages
}

/// The folders of a test.
fn flags(root: &Path) -> Vec<String> {
    vec![
        "--library-dir".into(),
        root.join("library").display().to_string(),
        "--notes-dir".into(),
        root.join("notes").display().to_string(),
    ]
}

/// The folders, and a Wayback Machine that is not there (nothing leaves loopback), for a
/// command that fetches.
fn fetch_flags(root: &Path) -> Vec<String> {
    let mut flags = vec!["--archive".to_owned(), "http://127.0.0.1:1".to_owned()];
    flags.extend(self::flags(root));
    flags
}

fn copies(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn open_url_keeps_the_page_and_says_where() {
    let server = serve(pages());
    let root = tempfile::tempdir().unwrap();
    let address = format!("{}/WH/aid.html", server.address);
    let mut args = vec!["open".to_owned(), address.clone(), "--no-window".to_owned()];
    args.extend(fetch_flags(root.path()));
    let out = cli::ok(&args);
    let copy = Path::new(out.trim());
    assert!(copy.starts_with(root.path().join("web-records")), "{out}");
    assert_eq!(std::fs::read(copy).unwrap(), PAGE.as_bytes());
    let json = cli::ok(["inspect".to_owned(), "--json".to_owned(), copy.display().to_string()]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["title"], "Aid to Democracy, 1997");
    let details = record_reader::core::details::read_details(copy).unwrap().unwrap();
    assert_eq!(details.url.as_deref(), Some(address.as_str()));
    // A PDF is said, and nothing is kept.
    let mut args = vec!["open".to_owned(), format!("{}/report.pdf", server.address), "--no-window".to_owned()];
    args.extend(fetch_flags(root.path()));
    let err = cli::fails(&args);
    assert!(err.contains("PDF records are not read yet"), "{err}");
    assert_eq!(copies(&root.path().join("web-records")).len(), 2, "the one copy and its details");
}

#[test]
fn add_url_takes_every_page_it_can_and_the_library_holds_them() {
    let server = serve(pages());
    let root = tempfile::tempdir().unwrap();
    let mut args = vec!["library".to_owned(), "add-url".to_owned()];
    for path in ["/WH/aid.html", "/missing.html", "/r.txt"] {
        args.push(format!("{}{path}", server.address));
    }
    args.extend(fetch_flags(root.path()));
    let ran = cli::run(&args);
    assert_eq!(ran.code, std::process::ExitCode::FAILURE, "one address failed: {}", ran.stdout);
    assert!(
        ran.stderr.contains("/missing.html: the server has no page at this address (404 Not Found)"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("1 of 3 addresses could not be taken"), "{}", ran.stderr);
    let kept = copies(&root.path().join("web-records"));
    assert_eq!(kept.iter().filter(|n| !n.ends_with(".record.ron")).count(), 2, "{kept:?}");
    let mut list = vec!["library".to_owned(), "list".to_owned(), "--json".to_owned()];
    list.extend(flags(root.path()));
    let v: serde_json::Value = serde_json::from_str(&cli::ok(&list)).unwrap();
    let titles: Vec<&str> = v["records"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Aid to Democracy, 1997") && titles.contains(&"Aid to Peru"), "{titles:?}");
    // Again: the same pages are the same copies, nothing new is written.
    let again = vec!["library".to_owned(), "add-url".to_owned(), format!("{}/r.txt", server.address)];
    let _ = cli::ok(again.into_iter().chain(fetch_flags(root.path())));
    assert_eq!(copies(&root.path().join("web-records")), kept);
}

#[test]
fn what_is_not_a_web_address_is_said_before_anything_is_sent() {
    let root = tempfile::tempdir().unwrap();
    let mut args = vec!["open".to_owned(), "ftp://example.org/x".to_owned(), "--no-window".to_owned()];
    args.extend(fetch_flags(root.path()));
    let err = cli::fails(&args);
    assert!(err.contains("is not a web address"), "{err}");
    assert!(!root.path().join("web-records").exists());
}

#[test]
fn a_gone_address_names_the_internet_archives_copy_and_open_takes_it() {
    let server = serve(pages());
    let root = tempfile::tempdir().unwrap();
    let gone = format!("{}/gone.html", server.address);
    let capture = format!("{}/web/19991004112233/{gone}", server.address);
    let json = format!(
        r#"{{"archived_snapshots":{{"closest":{{"available":true,"url":"{capture}","timestamp":"19991004112233","status":"200"}}}}}}"#
    );
    let encoded: String = url::form_urlencoded::byte_serialize(gone.as_bytes()).collect();
    server.set(&format!("/wayback/available?url={encoded}"), Answer::ok("application/json", json));
    server.set(&format!("/web/19991004112233id_/{gone}"), Answer::ok("text/html", PAGE));
    let folders = || flags(root.path());
    let archive = ["--archive".to_owned(), server.address.clone()];
    let open = |address: &str| {
        let mut args = vec!["open".to_owned(), address.to_owned(), "--no-window".to_owned()];
        args.extend(archive.iter().cloned().chain(folders()));
        args
    };
    let err = cli::fails(open(&gone));
    assert!(err.contains("the server has no page at this address (404 Not Found)"), "{err}");
    assert!(err.contains("The Internet Archive holds a copy: the Internet Archive's copy of 4 October 1999"), "{err}");
    assert!(err.contains(&capture), "{err}");
    let out = cli::ok(open(&capture));
    let copy = Path::new(out.trim());
    assert_eq!(std::fs::read(copy).unwrap(), PAGE.as_bytes(), "the raw capture, as served");
    let details = record_reader::core::details::read_details(copy).unwrap().unwrap();
    assert_eq!(details.url.as_deref(), Some(capture.as_str()));
    assert_eq!(details.archived_from.as_deref(), Some(gone.as_str()));
    assert_eq!(details.captured.as_deref(), Some("1999-10-04T11:22:33Z"));
}
