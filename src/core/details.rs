//! A record's details kept beside it, in `<file>.record.ron`: what a citation needs that the
//! page does not say (or says wrongly): its title, publisher, web address and the date the
//! reader accessed it. The reader edits them in the window's Record details dialog; they win
//! over what the parser derived.

use crate::core::fsio::{ReadError, read_regular_file};
use crate::core::model::DocMeta;
use serde::{Deserialize, Serialize};
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

/// Writes the details beside `record`, whole or not at all (a temporary file renamed).
pub fn write_details(record: &Path, details: &RecordDetails) -> Result<PathBuf, DetailsError> {
    let path = details_path(record);
    let err = |source| DetailsError::Write { path: path.clone(), source };
    let text = ron::ser::to_string_pretty(details, ron::ser::PrettyConfig::default())
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
    fn a_damaged_details_file_is_reported_and_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("peace.txt");
        std::fs::write(details_path(&record), "(title: Some(\"unfinished").unwrap();
        let e = read_details(&record).unwrap_err();
        assert!(matches!(e, DetailsError::Damaged { .. }), "{e}");
    }
}
