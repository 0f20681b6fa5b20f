//! The command line's arguments (clap): the commands, their options and their help, and the
//! man pages and shell completions made from them.

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

/// The version and the git commit it was built from, as `--version` prints them.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("RECORD_READER_COMMIT"), ")");

const AFTER_LONG_HELP: &str = "\
Files:
  Notes are kept per document in the data folder, one RON file each:
  ~/.local/share/record-reader/notes/<document>.notes.ron on Linux (or $XDG_DATA_HOME),
  with the previous version beside it as <document>.notes.ron.bak. Window preferences are
  kept in ~/.local/share/record-reader/app.ron. The library's folder list and its index
  (derived data: `record-reader library rebuild` makes it again) are kept in
  ~/.local/share/record-reader/library.

Examples:
  record-reader                          open the built-in record
  record-reader report.html              open a saved web page
  record-reader open https://clintonwhitehouse4.archives.gov/textonly/WH/Work/082199.html
                                         fetch a page, keep a copy, open it
  record-reader --region AF              open filtered to entries about Africa
  record-reader regions                  count the entries about each world region
  record-reader export --format md -o notes.md
                                         export the notes on the built-in record
  record-reader library add ~/records    add a folder of records to the library
  record-reader library search 'elections region:AF year:1994..1998'
                                         search every record in the library";

/// Record Reader: read archived policy records, find the entries about a region, annotate them.
#[derive(Debug, Parser)]
#[command(
    name = "record-reader",
    version = VERSION,
    about,
    after_long_help = AFTER_LONG_HELP,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Document to open (plain text in any common encoding, or a saved HTML page).
    /// Without it, or if it cannot be read (the window then says why), the built-in record
    /// "Promoting Democracy and Human Rights" opens.
    pub file: Option<PathBuf>,

    /// Open the window, wait until the layout has settled, save a PNG of it to this path and exit.
    #[arg(long, value_name = "OUT.png")]
    pub screenshot: Option<PathBuf>,

    /// Window size for the window or the screenshot, in logical pixels, e.g. 1280x800.
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    pub size: Option<(f32, f32)>,

    /// Folder of the notes files (default: the platform's data folder, e.g. ~/.local/share/record-reader/notes).
    #[arg(long, global = true, value_name = "DIR", env = "RECORD_READER_NOTES_DIR")]
    pub notes_dir: Option<PathBuf>,

    /// Folder of the library's folder list and index (default: the platform's data folder, e.g. ~/.local/share/record-reader/library).
    #[arg(long, global = true, value_name = "DIR", env = "RECORD_READER_LIBRARY_DIR")]
    pub library_dir: Option<PathBuf>,

    /// Open on the world map instead of the document.
    #[arg(long)]
    pub map: bool,

    /// Open on the Library view (the folders added with `library add`, searched together).
    #[arg(long, conflicts_with = "map")]
    pub show_library: bool,

    /// Open in the dark theme (the light one is the default for reading and screenshots).
    #[arg(long)]
    pub dark: bool,

    /// Scale the whole window by this factor, as a desktop's display scaling does (1.5 for
    /// 150 %); Ctrl+Plus still changes only the reading size.
    #[arg(long, value_name = "FACTOR", value_parser = parse_zoom)]
    pub zoom: Option<f32>,

    /// Print the time of the first painted frame and the peak memory as JSON, then exit
    /// (start-up benchmarks: `record-reader bench report` runs this).
    #[arg(long)]
    pub exit_after_first_frame: bool,

    /// Open filtered to a State Department bureau (AF, EAP, EUR, NEA, SCA, WHA); repeatable.
    #[arg(long, value_name = "CODE", value_parser = parse_bureau)]
    pub region: Vec<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the parsed document: a readable outline, or JSON with --json.
    Inspect {
        /// Document to read; the built-in record when omitted.
        file: Option<PathBuf>,
        /// Print JSON instead of an outline.
        #[arg(long)]
        json: bool,
        /// Print each line of the page with the part of the record it went to, and why.
        #[arg(long, conflicts_with = "json")]
        explain: bool,
    },
    /// Fetch a web page (one GET; a Wayback Machine address in its raw form), keep it byte
    /// for byte in the Web records folder with its address and access date beside it, print
    /// where, and open the window on it.
    Open {
        #[arg(value_name = "URL")]
        url: String,
        /// Keep the copy in this folder instead of the Web records folder.
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Only fetch and keep the page; open no window.
        #[arg(long)]
        no_window: bool,
        /// The Wayback Machine asked for a copy of an address that is gone.
        #[arg(long, value_name = "BASE", default_value = "https://web.archive.org")]
        archive: String,
    },
    /// List, add and remove notes.
    #[command(subcommand)]
    Notes(super::notes::NotesCommand),
    /// Share the notes folder with a group through git: init, sync, status.
    #[command(subcommand)]
    Share(super::share::ShareCommand),
    /// The library: folders of records, indexed and searched together.
    #[command(subcommand)]
    Library(super::library::LibraryCommand),
    /// Export notes: Markdown, HTML, CSV, W3C Web Annotation JSON or RON.
    Export {
        /// The document; the built-in record when omitted.
        file: Option<PathBuf>,
        #[arg(long, value_parser = format_parser())]
        format: crate::core::export::Format,
        /// Only notes on entries about this bureau (AF, EAP, EUR, NEA, SCA, WHA); repeatable.
        #[arg(long, value_name = "CODE")]
        region: Vec<String>,
        /// Only notes with this tag; repeatable.
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        /// Write here instead of to standard output.
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Import notes from a RON notes file or W3C Web Annotation JSON (merge by id, newest wins).
    Import {
        /// The document, then the notes file. With one path, it is the notes file and the
        /// document is the built-in record.
        #[arg(num_args = 1..=2, required = true, value_name = "[FILE] NOTES_FILE")]
        paths: Vec<PathBuf>,
        /// Show what would be added, updated and skipped, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print a citation of an entry (or a passage of it), as the window's Copy with citation gives it.
    Cite {
        /// The record; the built-in one when omitted.
        file: Option<PathBuf>,
        /// The entry, by its number ("5.1").
        #[arg(long, value_name = "NUMBER")]
        entry: String,
        /// The passage quoted; the whole entry when omitted. It must be in the entry.
        #[arg(long, value_name = "TEXT")]
        quote: Option<String>,
        /// chicago (notes and bibliography), apa, mla or bibtex.
        #[arg(long, default_value = "chicago", value_parser = cite_style_parser())]
        style: crate::core::export::cite::CiteStyle,
    },
    /// Print a table of world regions: how many entries name each, and which countries.
    Regions {
        /// Document to read; the built-in record when omitted.
        file: Option<PathBuf>,
    },
    /// Benchmarks: generate a large synthetic corpus, or print the performance report.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Write the man pages and shell completions into `OUT_DIR` (used when packaging).
    #[command(hide = true)]
    GenerateFiles {
        #[arg(value_name = "OUT_DIR")]
        out_dir: PathBuf,
    },
}

/// `record-reader generate-files OUT_DIR`: man pages in `OUT_DIR/man/` (one per command) and
/// completions for bash, zsh, fish and elvish in `OUT_DIR/completions/`.
pub fn generate_files(out_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    use clap::CommandFactory as _;
    use clap_complete::Shell;
    let man_dir = out_dir.join("man");
    let completions_dir = out_dir.join("completions");
    for dir in [&man_dir, &completions_dir] {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    clap_mangen::generate_to(Cli::command(), &man_dir)
        .with_context(|| format!("cannot write the man pages to {}", man_dir.display()))?;
    let mut written: Vec<PathBuf> = std::fs::read_dir(&man_dir)?.filter_map(|e| Some(e.ok()?.path())).collect();
    // clap_complete offers hidden commands too: complete a copy without them (this one).
    let full = Cli::command();
    let mut public = clap::Command::new("record-reader")
        .version(VERSION)
        .args_conflicts_with_subcommands(true)
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|c| !c.is_hide_set()).cloned());
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::Elvish] {
        let path = clap_complete::generate_to(shell, &mut public, "record-reader", &completions_dir)
            .with_context(|| format!("cannot write the {shell} completions to {}", completions_dir.display()))?;
        written.push(path);
    }
    written.sort();
    Ok(written)
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Write a synthetic record of N entries and K notes on it into `OUT_DIR` (deterministic per seed);
    /// with --records, a synthetic library of that many records of varied length instead.
    Gen {
        /// Write a library of this many records (about 100 entries each) instead of one record.
        #[arg(long, value_name = "N")]
        records: Option<usize>,
        #[arg(long, default_value_t = crate::core::bench::LARGE_ENTRIES)]
        entries: usize,
        #[arg(long, default_value_t = crate::core::bench::LARGE_NOTES)]
        notes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(value_name = "OUT_DIR")]
        out_dir: PathBuf,
    },
    /// Time everything (open, filter, search, notes load and save, frames, start-up, memory)
    /// and print one JSON object. Use a release build, under a display for start-up.
    Report {
        #[arg(long, default_value_t = crate::core::bench::LARGE_ENTRIES)]
        entries: usize,
        #[arg(long, default_value_t = crate::core::bench::LARGE_NOTES)]
        notes: usize,
        /// Records in the synthetic library the library figures are taken on (0: skip them).
        #[arg(long, default_value_t = crate::core::bench::LIBRARY_RECORDS)]
        library_records: usize,
        /// Records in the large library the `_20k` figures are taken on (0: skip them).
        #[arg(long, default_value_t = crate::core::bench::LIBRARY_RECORDS_LARGE)]
        library_records_large: usize,
    },
}

fn parse_bureau(s: &str) -> Result<String, String> {
    crate::core::places::Bureau::from_code(s)
        .map(|b| b.code().to_owned())
        .ok_or_else(|| format!("{s:?} is not a bureau: use AF, EAP, EUR, NEA, SCA or WHA"))
}

fn parse_zoom(s: &str) -> Result<f32, String> {
    s.trim()
        .trim_end_matches('%')
        .parse::<f32>()
        .ok()
        .map(|z| if s.trim().ends_with('%') { z / 100.0 } else { z })
        .filter(|z| (0.5..=4.0).contains(z))
        .ok_or_else(|| format!("{s:?} is not a zoom between 0.5 and 4 (or 50% and 400%)"))
}

fn parse_size(s: &str) -> Result<(f32, f32), String> {
    let (w, h) =
        s.split_once(['x', 'X', '×']).ok_or_else(|| format!("expected WIDTHxHEIGHT, e.g. 1280x800, not {s:?}"))?;
    let parse = |v: &str| {
        v.trim()
            .parse::<f32>()
            .ok()
            .filter(|n| (200.0..=8192.0).contains(n))
            .ok_or_else(|| format!("{v:?} is not a size between 200 and 8192"))
    };
    Ok((parse(w)?, parse(h)?))
}

/// `--style`: the citation styles by their keys.
fn cite_style_parser() -> impl clap::builder::TypedValueParser<Value = crate::core::export::cite::CiteStyle> {
    use crate::core::export::cite::CiteStyle;
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(
        CiteStyle::ALL.map(|s| clap::builder::PossibleValue::new(s.key()).help(s.label())),
    )
    .map(|key| CiteStyle::from_key(&key).unwrap_or_default())
}

/// `--format`: the export formats by their keys, each with its description in `--help`.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = crate::core::export::Format> {
    use crate::core::export::Format;
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(
        Format::ALL.map(|f| clap::builder::PossibleValue::new(f.key()).help(f.label())),
    )
    // Only the keys above get here.
    .map(|key| Format::ALL.into_iter().find(|f| f.key() == key).unwrap_or(Format::Md))
}
