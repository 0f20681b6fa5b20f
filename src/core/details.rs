//! A record's details kept beside it, in `<file>.record.ron`: what a citation needs that the
//! page does not say (or says wrongly): its title, publisher, web address and the date the
//! reader accessed it. The reader edits them in the window's Record details dialog; they win
//! over what the parser derived.

use crate::core::fsio::{ReadError, read_regular_file};
use crate::core::model::DocMeta;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The most a details file may hold: it is a few lines.
const MAX_DETAILS_BYTES: u64 = 64 * 1024;

/// What the reader said about a record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordDetails {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// The record's web address.
    pub url: Option<String>,
    /// When the reader accessed it, as they wrote it (e.g. "2026-11-30").
    pub accessed: Option<String>,
    /// The page's own date, as they wrote it ("1999-09", "September 1999").
    pub date: Option<String>,
    /// For a copy fetched from the web ([`crate::core::web`]): the server's `Date` and
    /// `Last-Modified` headers, as sent. Kept with the copy, for the record.
    pub http_date: Option<String>,
    pub last_modified: Option<String>,
    /// For a copy fetched from the web: its `Content-Type` header as sent ("text/html;
    /// charset=windows-1252"), or "" when the server sent none, so that the copy is decoded
    /// offline exactly as the page was online ([`crate::core::decode::decode_declared`]).
    /// `None` for a file that was not fetched: it is decoded as any file.
    pub content_type: Option<String>,
    /// For a Wayback Machine copy: the address it archived (`http://www.whitehouse.gov/x`).
    pub archived_from: Option<String>,
    /// For a Wayback Machine copy: when the archive captured it, ISO ("2009-12-01T14:22:10Z").
    pub captured: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum DetailsError {
    #[error("could not read the record details {path}: {why}")]
    Read { path: PathBuf, why: String },
    #[error("the record details {path} are damaged ({why}); they were not used")]
    Damaged { path: PathBuf, why: String },
    #[error("could not save the record details {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Where the details of the record in `record` are kept.
pub fn details_path(record: &Path) -> PathBuf {
    let mut name = record.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".record.ron");
    record.with_file_name(name)
}

/// The details kept beside `record`; `Ok(None)` when there are none.
pub fn read_details(record: &Path) -> Result<Option<RecordDetails>, DetailsError> {
    let path = details_path(record);
    let bytes = match read_regular_file(&path, MAX_DETAILS_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(DetailsError::Read { path, why: e.to_string() }),
    };
    let text =
        String::from_utf8(bytes).map_err(|e| DetailsError::Damaged { path: path.clone(), why: e.to_string() })?;
    ron::from_str(&text).map(Some).map_err(|e| DetailsError::Damaged { path, why: e.to_string() })
}

/// Writes the details beside `record`, whole or not at all (a temporary file renamed). What
/// the fetch of a web copy recorded (the server's dates and `Content-Type`, the archived
/// address and capture time) is a fact of the copy, not the reader's to edit: where
/// `details` leaves such a field empty (the Record details dialog starts from
/// [`RecordDetails::of`], which has none), the one already beside the record is kept.
pub fn write_details(record: &Path, details: &RecordDetails) -> Result<PathBuf, DetailsError> {
    let path = details_path(record);
    let err = |source| DetailsError::Write { path: path.clone(), source };
    let mut details = Cow::Borrowed(details);
    if details.has_a_fetch_field_missing()
        && let Ok(Some(before)) = read_details(record)
    {
        details.to_mut().keep_fetch_fields_of(before);
    }
    let text = ron::ser::to_string_pretty(&*details, ron::ser::PrettyConfig::default())
        .map_err(|e| err(std::io::Error::other(e.to_string())))?;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    tmp.write_all(format!("// Record Reader: the details of {}\n{text}\n", record.display()).as_bytes())
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(err)?;
    tmp.persist(&path).map_err(|e| err(e.error))?;
    Ok(path)
}

/// A page's date as a reader or a page writes it: ISO ("1999-09-23", "1999-09", a time
/// after a "T" ignored) or in words ("September 23, 1999").
pub fn page_date(text: &str) -> Option<crate::core::dates::PartialDate> {
    let text = text.trim();
    let iso = text.split(['T', ' ']).next().unwrap_or(text);
    crate::core::dates::PartialDate::parse_iso(iso).or_else(|| crate::core::dates::parse_date(text))
}

impl RecordDetails {
    /// Whether one of the fields a fetch records is empty.
    fn has_a_fetch_field_missing(&self) -> bool {
        [&self.http_date, &self.last_modified, &self.content_type, &self.archived_from, &self.captured]
            .iter()
            .any(|f| f.is_none())
    }

    /// Fills the fields a fetch records that are empty here from `before`.
    fn keep_fetch_fields_of(&mut self, before: RecordDetails) {
        let keep = |now: &mut Option<String>, then: Option<String>| {
            if now.is_none() {
                *now = then;
            }
        };
        keep(&mut self.http_date, before.http_date);
        keep(&mut self.last_modified, before.last_modified);
        keep(&mut self.content_type, before.content_type);
        keep(&mut self.archived_from, before.archived_from);
        keep(&mut self.captured, before.captured);
    }

    /// The details as the record has them now (to start the dialog from).
    pub fn of(meta: &DocMeta) -> Self {
        Self {
            title: Some(meta.title.clone()),
            publisher: meta.publisher.clone(),
            url: meta.url.clone(),
            accessed: meta.accessed.clone(),
            date: meta.date.map(crate::core::dates::PartialDate::iso),
            ..Self::default()
        }
    }

    /// Puts what was said over what was derived (blank fields say nothing).
    pub fn apply(&self, meta: &mut DocMeta) {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        if let Some(t) = given(&self.title) {
            meta.title = t;
        }
        if let Some(p) = given(&self.publisher) {
            meta.publisher = Some(p);
        }
        if let Some(u) = given(&self.url) {
            meta.url = Some(u);
        }
        if let Some(a) = given(&self.accessed) {
            meta.accessed = Some(a);
        }
        if let Some(d) = given(&self.date).and_then(|d| page_date(&d)) {
            meta.date = Some(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_written_beside_the_record_read_back_and_win() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("peace.txt");
        assert_eq!(read_details(&record).unwrap(), None, "none yet");
        let details = RecordDetails {
            title: Some("Building Peace in the Middle East".into()),
            publisher: Some("  ".into()),
            url: Some("https://clinton4.nara.gov/WH/peace.html".into()),
            accessed: Some("2026-11-30".into()),
            date: Some("September 1999".into()),
            ..RecordDetails::default()
        };
        let path = write_details(&record, &details).unwrap();
        assert_eq!(path, dir.path().join("peace.txt.record.ron"));
        let back = read_details(&record).unwrap().unwrap();
        assert_eq!(back, details);
        let mut meta = crate::core::open::embedded_meta().unwrap();
        back.apply(&mut meta);
        assert_eq!(meta.title, "Building Peace in the Middle East");
        assert_eq!(meta.publisher.as_deref(), Some("The White House (Clinton Administration)"), "blank says nothing");
        assert_eq!(meta.accessed.as_deref(), Some("2026-11-30"));
        assert_eq!(
            meta.date.map(crate::core::dates::PartialDate::iso).as_deref(),
            Some("1999-09"),
            "the page's date, in words"
        );
    }

    #[test]
    fn what_a_fetch_recorded_stays_when_the_reader_edits_the_details() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("x.html");
        let fetched = RecordDetails {
            url: Some("https://web.archive.org/web/20091201142210/http://www.whitehouse.gov/x".into()),
            accessed: Some("2026-12-07".into()),
            http_date: Some("Mon, 07 Dec 2026 10:00:00 GMT".into()),
            content_type: Some("text/html; charset=windows-1252".into()),
            archived_from: Some("http://www.whitehouse.gov/x".into()),
            captured: Some("2009-12-01T14:22:10Z".into()),
            ..RecordDetails::default()
        };
        write_details(&record, &fetched).unwrap();
        // The dialog's details: the reader's fields only.
        let edited = RecordDetails { title: Some("A Record".into()), ..RecordDetails::default() };
        write_details(&record, &edited).unwrap();
        let back = read_details(&record).unwrap().unwrap();
        assert_eq!(back.title.as_deref(), Some("A Record"));
        assert_eq!(back.url, None, "the reader's own fields are as they wrote them");
        assert_eq!(back.content_type, fetched.content_type);
        assert_eq!(back.archived_from, fetched.archived_from);
        assert_eq!(back.captured, fetched.captured);
        assert_eq!(back.http_date, fetched.http_date);
    }

    #[test]
    fn details_written_before_the_web_fields_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("old.html");
        let old = "// Record Reader: the details of old.html\n(\n    title: Some(\"Old\"),\n    url: Some(\"https://a.gov/x\"),\n    http_date: None,\n)\n";
        std::fs::write(details_path(&record), old).unwrap();
        let back = read_details(&record).unwrap().unwrap();
        assert_eq!(back.title.as_deref(), Some("Old"));
        assert_eq!((back.content_type, back.archived_from, back.captured), (None, None, None));
    }

    #[test]
    fn a_damaged_details_file_is_reported_and_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("peace.txt");
        std::fs::write(details_path(&record), "(title: Some(\"unfinished").unwrap();
        let e = read_details(&record).unwrap_err();
        assert!(matches!(e, DetailsError::Damaged { .. }), "{e}");
    }
}
