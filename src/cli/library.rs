//! `record-reader library …`: the library of records (see [`crate::core::library`]).

use super::text::{Console, path, visible};
use crate::core::library::{Hit, Library, RecordSummary, ScanProgress, ScanReport, Unreadable};
use anyhow::{Context as _, bail};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

#[derive(Debug, clap::Subcommand)]
pub enum LibraryCommand {
    /// Add a folder of records (with its subfolders) to the library and index it.
    Add {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Fetch web pages (one GET each), keep each byte for byte in the Web records folder
    /// with its address and access date beside it, and add that folder to the library.
    AddUrl {
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// Keep the copies in this folder instead (it is added to the library).
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// The Wayback Machine asked for a copy of an address that is gone.
        #[arg(long, value_name = "BASE", default_value = "https://web.archive.org")]
        archive: String,
    },
    /// Take a folder out of the library (its files are not touched).
    Remove {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Scan the folders again: index new and changed files, drop removed ones.
    Scan,
    /// Delete the index (it holds nothing that is not in the records and notes) and build it again.
    Rebuild,
    /// List the records in the library, and the files that could not be read.
    List {
        /// Print JSON (folders, records, unreadable files) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Search every record: words (and their other English forms), "a phrase", region:AF,
    /// country:SD (or country:Sudan), year:1994..1998, tag:sanctions, author:"Ada Lovelace",
    /// has:note (all must match).
    Search {
        /// The query; several arguments are joined with spaces. Quote a phrase inside it:
        /// '"free press" region:AF'.
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Print JSON (the query as read, and each hit with its snippet and match ranges).
        #[arg(long)]
        json: bool,
        /// At most this many entries.
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
    },
    /// Export the notes of every record in the library, or a bibliography of the records
    /// they cite (CSL-JSON, BibTeX), to a file (or a folder, for the per-record formats).
    Export {
        #[arg(long, value_parser = library_export_parser())]
        format: crate::core::library::LibraryExport,
        /// Only notes with this tag; repeatable.
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        /// Only notes on entries about this bureau (AF, EAP, EUR, NEA, SCA, WHA); repeatable.
        #[arg(long, value_name = "CODE")]
        region: Vec<String>,
        /// Only notes of this colour (its palette key).
        #[arg(long, value_name = "KEY")]
        color: Option<String>,
        /// The file to write (a folder for the per-record formats).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
    },
}

fn library_export_parser() -> impl clap::builder::TypedValueParser<Value = crate::core::library::LibraryExport> {
    use crate::core::library::LibraryExport;
    use clap::builder::TypedValueParser as _;
    let keys: Vec<clap::builder::PossibleValue> =
        LibraryExport::all().into_iter().map(|e| clap::builder::PossibleValue::new(e.key()).help(e.label())).collect();
    clap::builder::PossibleValuesParser::new(keys)
        // Only the keys above get here.
        .map(|key| LibraryExport::from_key(&key).unwrap_or(LibraryExport::Notes(crate::core::export::Format::Md)))
}

pub fn run(
    cmd: LibraryCommand,
    library_flag: Option<&Path>,
    notes_flag: Option<&Path>,
    con: &mut Console<'_>,
) -> anyhow::Result<()> {
    let dir = crate::core::library::folder(library_flag)?;
    let notes = crate::core::notes::folder(notes_flag)?;
    match cmd {
        LibraryCommand::AddUrl { urls, into, archive } => {
            add_urls(&urls, into.as_deref(), &crate::core::web::Wayback { base: archive }, (&dir, &notes), con)
        }
        LibraryCommand::Add { dir: folder } => {
            let mut lib = Library::open(&dir, &notes)?;
            let added = lib.add_folder(&folder)?;
            con.warn(&format!("added {}", path(&added)));
            scan_and_report(&lib, con)
        }
        LibraryCommand::Remove { dir: folder } => {
            let mut lib = Library::open(&dir, &notes)?;
            let removed = lib.remove_folder(&folder)?;
            writeln!(con.out, "Removed {} from the library.", path(&removed))?;
            summary(&lib, con)
        }
        LibraryCommand::Scan => {
            let lib = Library::open(&dir, &notes)?;
            if lib.folders().is_empty() {
                bail!("the library has no folders: add one with `record-reader library add DIR`");
            }
            scan_and_report(&lib, con)
        }
        LibraryCommand::Rebuild => {
            let lib = Library::rebuild(&dir, &notes)?;
            scan_and_report(&lib, con)
        }
        LibraryCommand::List { json } => list(&Library::open(&dir, &notes)?, json, con),
        LibraryCommand::Search { query, json, limit } => {
            let lib = Library::open(&dir, &notes)?;
            if lib.folders().is_empty() {
                bail!("the library has no folders to search: add one with `record-reader library add DIR`");
            }
            search(&lib, &query.join(" "), json, limit, con)
        }
        LibraryCommand::Export { format, tags, region, color, output } => {
            let mut bureaus = Vec::new();
            for code in &region {
                bureaus.push(
                    crate::core::places::Bureau::from_code(code).ok_or_else(|| {
                        anyhow::anyhow!("{code:?} is not a bureau: use AF, EAP, EUR, NEA, SCA or WHA")
                    })?,
                );
            }
            let filter = crate::core::notes::NoteFilter { tags, color, bureaus, ..Default::default() };
            export(&Library::open(&dir, &notes)?, format, &filter, &output, con)
        }
    }
}

/// `library add-url`: each page fetched and kept (by [`super::web`]), the folder added to
/// the library (once) and scanned. The command fails if any address could not be taken.
fn add_urls(
    urls: &[String],
    into: Option<&Path>,
    archive: &crate::core::web::Wayback,
    (dir, notes): (&Path, &Path),
    con: &mut Console<'_>,
) -> anyhow::Result<()> {
    let copies = into.map_or_else(|| crate::core::web_copy::web_records_dir(dir), Path::to_path_buf);
    let failed = super::web::take_all(urls, &copies, archive, con)?;
    if failed < urls.len() {
        let mut lib = Library::open(dir, notes)?;
        let folder = lib.add_folder(&copies)?;
        con.warn(&format!("the library holds {}", path(&folder)));
        scan_and_report(&lib, con)?;
    }
    if failed > 0 {
        bail!("{failed} of {} addresses could not be taken (see above)", urls.len());
    }
    Ok(())
}

/// `library export`: the file (or folder) written, and the records left out, said. A script
/// must not take an export with records left out for a whole one: it fails then.
fn export(
    lib: &Library,
    format: crate::core::library::LibraryExport,
    filter: &crate::core::notes::NoteFilter,
    output: &Path,
    con: &mut Console<'_>,
) -> anyhow::Result<()> {
    let gazetteer = crate::core::places::gazetteer()?;
    let done = lib.export(format, filter, gazetteer, output, crate::core::notes::model::now())?;
    for (file, why) in &done.skipped {
        con.warn(&format!("warning: {} was left out: {why}", path(file)));
    }
    writeln!(
        con.out,
        "Wrote {} ({} file{}, {} record{} with notes).",
        path(&done.path),
        done.files,
        if done.files == 1 { "" } else { "s" },
        done.records,
        if done.records == 1 { "" } else { "s" }
    )?;
    if !done.skipped.is_empty() {
        bail!("{} record(s) with notes were left out of the export (see above)", done.skipped.len());
    }
    Ok(())
}

/// Scans with progress on stderr (about every 5%), then prints what the library holds.
fn scan_and_report(lib: &Library, con: &mut Console<'_>) -> anyhow::Result<()> {
    let last_step = Mutex::new(0usize);
    let err = &con.err;
    let progress = |p: ScanProgress<'_>| {
        let step = p.done * 20 / p.total.max(1);
        let Ok(mut last) = last_step.lock() else { return };
        if step > *last || p.done == 1 {
            *last = step;
            err.warn(&format!("scanning {}/{} {}", p.done, p.total, path(p.current)));
        }
    };
    let report = lib.scan(&progress, &AtomicBool::new(false)).context("the scan failed")?;
    for w in &report.warnings {
        con.warn(&format!("warning: {w}"));
    }
    print_scan(&report, con)?;
    summary(lib, con)
}

fn print_scan(r: &ScanReport, con: &mut Console<'_>) -> anyhow::Result<()> {
    writeln!(
        con.out,
        "Scanned: {} files found, {} read, {} unchanged, {} removed.",
        r.found, r.indexed, r.unchanged, r.removed
    )?;
    Ok(())
}

/// Records and entries in the library, and the files it could not read, with why.
fn summary(lib: &Library, con: &mut Console<'_>) -> anyhow::Result<()> {
    let records = lib.records()?;
    let entries: u64 = records.iter().map(|r| r.entries).sum();
    writeln!(con.out, "The library holds {} records, {} entries.", records.len(), entries)?;
    print_unreadable(&lib.unreadable()?, con)
}

fn print_unreadable(unreadable: &[Unreadable], con: &mut Console<'_>) -> anyhow::Result<()> {
    if !unreadable.is_empty() {
        let files = if unreadable.len() == 1 { "file" } else { "files" };
        writeln!(con.out, "{} {files} could not be read:", unreadable.len())?;
        for u in unreadable {
            writeln!(con.out, "  {}: {}", path(&u.path), visible(&u.reason))?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct ListJson<'a> {
    folders: &'a [PathBuf],
    records: &'a [RecordSummary],
    unreadable: &'a [Unreadable],
}

/// `library list`: the catalogue.
fn list(lib: &Library, json: bool, con: &mut Console<'_>) -> anyhow::Result<()> {
    let records = lib.records()?;
    let unreadable = lib.unreadable()?;
    if json {
        let j = ListJson { folders: lib.folders(), records: &records, unreadable: &unreadable };
        writeln!(con.out, "{}", super::text::json(&j)?)?;
        return Ok(());
    }
    if lib.folders().is_empty() {
        writeln!(con.out, "The library has no folders: add one with `record-reader library add DIR`.")?;
    }
    for f in lib.folders() {
        writeln!(con.out, "Folder: {}", path(f))?;
    }
    writeln!(
        con.out,
        "{:<10}  {:<14} {:>7} {:>5}  {:<23} title",
        "date", "administration", "entries", "notes", "regions"
    )?;
    for r in &records {
        writeln!(
            con.out,
            "{:<10}  {:<14} {:>7} {:>5}  {:<23} {}\n{:>12}{}",
            visible(r.date.as_deref().unwrap_or("-")),
            r.administration.label(),
            r.entries,
            r.notes,
            visible(&r.regions.join(",")),
            visible(&r.title),
            "",
            path(&r.path)
        )?;
    }
    let entries: u64 = records.iter().map(|r| r.entries).sum();
    writeln!(con.out, "{} records, {} entries.", records.len(), entries)?;
    print_unreadable(&unreadable, con)
}

#[derive(Serialize)]
struct SearchJson<'a> {
    query: String,
    hits: &'a [Hit],
}

/// `library search`: the entries found, grouped by record (in the order of each record's best
/// entry), each with its snippet and the matches marked «like this».
fn search(lib: &Library, query: &str, json: bool, limit: usize, con: &mut Console<'_>) -> anyhow::Result<()> {
    let parsed = crate::core::library::LibraryQuery::parse(query)?;
    let hits = lib.search_parsed(&parsed, limit)?;
    if json {
        writeln!(con.out, "{}", super::text::json(&SearchJson { query: parsed.to_string(), hits: &hits })?)?;
        return Ok(());
    }
    if hits.is_empty() {
        writeln!(con.out, "No entries match {}.", visible(&parsed.to_string()))?;
        return Ok(());
    }
    let mut order: Vec<&Path> = Vec::new();
    for h in &hits {
        if !order.contains(&h.path.as_path()) {
            order.push(&h.path);
        }
    }
    for file in &order {
        let mut group = hits.iter().filter(|h| h.path == *file).peekable();
        if let Some(first) = group.peek() {
            writeln!(con.out, "{} — {}", visible(&first.title), path(file))?;
        }
        for h in group {
            writeln!(con.out, "  {:>6}  {}", visible(&h.number), visible(&h.section))?;
            writeln!(con.out, "          {}", visible(&marked(h)))?;
        }
        writeln!(con.out)?;
    }
    writeln!(con.out, "{} entries in {} records.", hits.len(), order.len())?;
    Ok(())
}

/// A hit's snippet with its matches between « and », and … where the entry goes on.
pub fn marked(h: &Hit) -> String {
    let s = &h.snippet;
    let mut text = String::new();
    if s.start > 0 {
        text.push('…');
    }
    let mut at = 0;
    for m in &s.matches {
        if let (Some(before), Some(word)) = (s.text.get(at..m.start), s.text.get(m.clone())) {
            text.push_str(before);
            text.push('«');
            text.push_str(word);
            text.push('»');
            at = m.end;
        }
    }
    text.push_str(s.text.get(at..).unwrap_or_default());
    if s.start + s.text.len() < s.entry_len {
        text.push('…');
    }
    text
}
