//! `record-reader open URL`, and the fetching of `record-reader library add-url URL…`:
//! records taken from the web into the Web records folder (see [`crate::core::web_copy`]).

use super::text::{Console, path, visible};
use crate::core::web::{Limits, Wayback};
use crate::core::web_copy::{self, Taken, Taking};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

/// Where the copies go: `--into DIR`, else the Web records folder beside the library.
fn copies_dir(into: Option<&Path>, library_flag: Option<&Path>) -> anyhow::Result<PathBuf> {
    Ok(match into {
        Some(dir) => dir.to_owned(),
        None => web_copy::web_records_dir(&crate::core::library::folder(library_flag)?),
    })
}

/// Fetches `url` and keeps it; says where on stderr.
fn take_one(url: &str, dir: &Path, archive: &Wayback, con: &mut Console<'_>) -> anyhow::Result<Taken> {
    con.warn(&format!("fetching {}", visible(url)));
    let today = web_copy::today();
    let how = Taking { dir, limits: Limits::default(), archive, accessed: &today };
    let taken = web_copy::take(url, &how, &AtomicBool::new(false))?;
    con.warn(&visible(&taken.told()));
    Ok(taken)
}

/// `record-reader open URL`: the page fetched and kept; its copy's path on stdout, then the
/// window on it (unless `--no-window`).
pub fn open(
    url: &str,
    into: Option<&Path>,
    archive: &Wayback,
    no_window: bool,
    library_flag: Option<&Path>,
    con: &mut Console<'_>,
) -> anyhow::Result<Option<PathBuf>> {
    let dir = copies_dir(into, library_flag)?;
    let taken = take_one(url, &dir, archive, con)?;
    writeln!(con.out, "{}", path(&taken.path))?;
    Ok((!no_window).then_some(taken.path))
}

/// `record-reader library add-url URL…`'s fetching: each page fetched and kept in `dir`,
/// its path on stdout; a page that cannot be fetched is said and the others are still
/// taken. How many failed.
pub fn take_all(urls: &[String], dir: &Path, archive: &Wayback, con: &mut Console<'_>) -> anyhow::Result<usize> {
    let mut failed = 0;
    for url in urls {
        match take_one(url, dir, archive, con) {
            Ok(taken) => writeln!(con.out, "{}", path(&taken.path))?,
            Err(e) => {
                con.warn(&format!("error: {}", super::message(&e)));
                failed += 1;
            }
        }
    }
    Ok(failed)
}
