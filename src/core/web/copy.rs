//! A fetched page kept in a folder, byte for byte as received, with its address and dates
//! beside it (`<file>.record.ron`), so that it opens again with no network; a page whose
//! text changed since is kept as another copy beside the first, which stays as it was.

use super::Fetched;
use crate::core::details::{RecordDetails, read_details, write_details};
use std::borrow::Cow;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Why a fetched page could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("could not save the copy in {dir}: {source}")]
    Write {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Details(#[from] crate::core::details::DetailsError),
}

/// A page kept: where, and how it stands to the copies of its address already there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    /// The copy to open: the new file, or the existing copy of the same text.
    pub path: PathBuf,
    pub outcome: SaveOutcome,
}

/// How a page kept stands to the copies of its address already in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// The first copy of this address: written.
    New,
    /// A copy already there has the same text (its path is given; nothing was written).
    Same,
    /// The text changed since the latest earlier copy, `earlier`: the page was written
    /// beside it, and it was kept untouched (notes stay on the copy they were written on).
    Newer { earlier: PathBuf },
}

/// The most copies of one address kept side by side.
const MAX_COPIES: usize = 1_000;

/// Keeps `page` in `dir`, byte for byte as received, with its address, the access date
/// (`accessed`, "2026-12-07"), the server's dates and `Content-Type`, and for a Wayback
/// Machine copy the address archived and the capture time, in `<file>.record.ron` beside
/// it. The file is named after the address (`stem.html`, then `stem-2.html` …).
///
/// A copy of this address already there whose text is the page's is the copy
/// ([`SaveOutcome::Same`]): texts are compared, decoded as each opens, not bytes, so a page
/// whose only change is in its markup or scripts (a timestamp) is the same record. A copy
/// of another address that took the name (its details say so) is passed over.
pub fn save_copy(page: &Fetched, dir: &Path, accessed: &str) -> Result<Saved, SaveError> {
    let write = |source| SaveError::Write { dir: dir.to_owned(), source };
    std::fs::create_dir_all(dir).map_err(write)?;
    let (stem, extension) = copy_name(&page.url, page.content_type.as_deref());
    let text = text_of(&page.bytes, &format!("{stem}.{extension}"), page.content_type.as_deref());
    let mut earlier = None;
    for n in 1..=MAX_COPIES {
        let name = if n == 1 { format!("{stem}.{extension}") } else { format!("{stem}-{n}.{extension}") };
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let details = read_details(&path).ok().flatten();
                if details.as_ref().and_then(|d| d.url.as_deref()).is_some_and(|u| u != page.url) {
                    continue; // a copy of another address
                }
                if same_record(&bytes, &path, details.as_ref(), &page.bytes, text.as_deref()) {
                    return Ok(Saved { path, outcome: SaveOutcome::Same });
                }
                earlier = Some(path);
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(write(e)),
        }
        if !write_new(&page.bytes, dir, &path).map_err(write)? {
            continue; // another writer took the name in the meantime: the next name
        }
        write_details(&path, &details_of(page, accessed))?;
        let outcome = earlier.map_or(SaveOutcome::New, |earlier| SaveOutcome::Newer { earlier });
        return Ok(Saved { path, outcome });
    }
    Err(write(std::io::Error::other(format!("{MAX_COPIES} copies of this address are there already"))))
}

/// Writes `bytes` as `path`, whole or not at all, never over a file already there: `false`
/// when one is.
fn write_new(bytes: &[u8], dir: &Path, path: &Path) -> std::io::Result<bool> {
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e.error),
    }
}

/// What is kept beside a copy: the address, the dates, the header it is decoded by ("" when
/// the server sent none: the copy is still decoded as a web page), the archive's capture.
fn details_of(page: &Fetched, accessed: &str) -> RecordDetails {
    RecordDetails {
        url: Some(page.url.clone()),
        accessed: Some(accessed.to_owned()),
        http_date: page.date.clone(),
        last_modified: page.last_modified.clone(),
        content_type: Some(page.content_type.clone().unwrap_or_default()),
        archived_from: page.archived_from.clone(),
        captured: page.captured.clone(),
        ..Default::default()
    }
}

/// The text of a page as it is read ([`crate::core::decode::decode_declared`], with its
/// `Content-Type`, "" for none): `None` when it is no text (empty, binary).
fn text_of(bytes: &[u8], name: &str, content_type: Option<&str>) -> Option<String> {
    let content_type = content_type.filter(|t| !t.is_empty());
    crate::core::decode::decode_declared(Cow::Borrowed(bytes), Some(name), content_type).ok().map(|d| d.text)
}

/// Whether the copy at `path` (its `bytes` and details) is the record `page` is: the same
/// text, each decoded as it opens (the copy by the header kept beside it); the same bytes
/// when either is no text.
fn same_record(
    bytes: &[u8],
    path: &Path,
    details: Option<&RecordDetails>,
    page: &[u8],
    page_text: Option<&str>,
) -> bool {
    if bytes == page {
        return true;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let copy_text = match details.and_then(|d| d.content_type.as_deref()) {
        Some(content_type) => text_of(bytes, &name, Some(content_type)),
        None => crate::core::decode::decode_named(Cow::Borrowed(bytes), Some(&name)).ok().map(|d| d.text),
    };
    page_text.is_some() && copy_text.as_deref() == page_text
}

/// A file name for a page's copy, of its address ("clintonwhitehouse4.archives.gov
/// textonly WH Work 082199.html" → `clintonwhitehouse4.archives.gov-textonly-wh-work-082199`)
/// and an extension of its kind.
pub(super) fn copy_name(url: &str, content_type: Option<&str>) -> (String, &'static str) {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn page(url: &str, bytes: &[u8]) -> Fetched {
        Fetched {
            url: url.to_owned(),
            bytes: bytes.to_vec(),
            content_type: Some("text/html; charset=utf-8".into()),
            date: None,
            last_modified: None,
            archived_from: None,
            captured: None,
        }
    }

    #[test]
    fn the_same_text_is_the_same_copy_a_changed_one_a_newer_copy_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let a = page("http://a.gov/x", b"<html><body><ul><li>Aid to Chad.</li></ul><script>t=1</script></body></html>");
        let first = save_copy(&a, dir.path(), "2026-12-07").unwrap();
        assert_eq!(first.outcome, SaveOutcome::New);
        // Only the script changed: the same record, nothing written.
        let b = page("http://a.gov/x", b"<html><body><ul><li>Aid to Chad.</li></ul><script>t=2</script></body></html>");
        assert_eq!(
            save_copy(&b, dir.path(), "2026-12-08").unwrap(),
            Saved { path: first.path.clone(), outcome: SaveOutcome::Same }
        );
        assert_eq!(std::fs::read(&first.path).unwrap(), a.bytes);
        let c = page("http://a.gov/x", b"<html><body><ul><li>Aid to Peru.</li></ul></body></html>");
        let second = save_copy(&c, dir.path(), "2026-12-09").unwrap();
        assert_eq!(second.outcome, SaveOutcome::Newer { earlier: first.path.clone() });
        assert_eq!(second.path, dir.path().join("a.gov-x-2.html"));
        assert_eq!(std::fs::read(&second.path).unwrap(), c.bytes);
        assert_eq!(std::fs::read(&first.path).unwrap(), a.bytes, "the earlier copy is untouched");
        let d = page("http://a.gov/x", b"<html><body><ul><li>Aid to Fiji.</li></ul></body></html>");
        let third = save_copy(&d, dir.path(), "2026-12-10").unwrap();
        assert_eq!(third.outcome, SaveOutcome::Newer { earlier: second.path.clone() }, "the latest earlier copy");
        // Another address whose name is the same ("x-2"): not taken for a copy of it.
        let other = page("http://a.gov/x-2", b"<html><body><ul><li>Aid to Chad.</li></ul></body></html>");
        let saved = save_copy(&other, dir.path(), "2026-12-10").unwrap();
        assert_eq!(saved.outcome, SaveOutcome::New);
        assert_eq!(saved.path, dir.path().join("a.gov-x-2-2.html"));
        assert_eq!(std::fs::read(&second.path).unwrap(), c.bytes);
    }
}
