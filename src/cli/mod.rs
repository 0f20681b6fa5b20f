//! The command line, as a part of the library: [`run`] takes the arguments and the two
//! streams, and gives the exit code. The binary gives it the process's own; a test gives it
//! buffers and reads them back, in the test's process.
//!
//! - [`args`](Cli): the commands, their options and their help (clap), man pages and completions;
//! - [`record`](inspect): `inspect`, `regions`, `cite`;
//! - [`notes`]: `notes …`, `export`, `import`; [`library`]: `library …`; [`bench`](mod@bench): `bench …`;
//! - [`web`]: `open URL`, `library add-url`; [`share`]: `share …` and the notes merge driver;
//! - [`text`]: the one rule for what is printed (controls shown as escapes, JSON escaped).
//!
//! No rule of the app lives here: every command calls the core.

mod args;
pub mod bench;
pub mod library;
pub mod notes;
mod record;
pub mod share;
pub mod text;
mod web;

pub use args::{BenchCommand, Cli, Command, VERSION, generate_files};
pub use record::{InspectJson, cite, inspect, load_document, outline, regions};
pub use text::Console;

use clap::Parser as _;
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// Runs the command line on `args` (the program's name first, as `std::env::args_os` gives
/// them): the result on `out`, messages on `err`. clap's help, version and usage errors are
/// printed as clap prints them to a file (no colour), with its exit code (0 or 2); a command
/// that fails says why on `err` and exits with 1.
pub fn run<I, T>(args: I, out: &mut impl Write, err: &mut (impl Write + Send)) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    match Cli::try_parse_from(args) {
        Ok(cli) => execute(cli, out, err),
        Err(e) => {
            let to: &mut dyn Write = if e.use_stderr() { err } else { out };
            // Nothing more to say if the terminal is gone.
            let _ = to.write_all(e.render().to_string().as_bytes()).and_then(|()| to.flush());
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    }
}

/// Runs parsed arguments: a command, or the window when there is none.
pub fn execute(cli: Cli, out: &mut dyn Write, err: &mut (dyn Write + Send)) -> ExitCode {
    let mut con = Console::new(out, err);
    let done = dispatch(cli, &mut con).and_then(|()| Ok(con.out.flush()?));
    match done {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`record-reader inspect | head`) is not an error worth a message.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            con.warn(&message(&e));
            ExitCode::FAILURE
        }
    }
}

fn dispatch(mut cli: Cli, con: &mut Console<'_>) -> anyhow::Result<()> {
    let Some(command) = cli.command.take() else { return run_gui(cli) };
    let notes_dir = cli.notes_dir.as_deref();
    match command {
        Command::Inspect { file, json, explain } => inspect(file.as_deref(), json, explain, con),
        Command::Cite { file, entry, quote, style } => cite(file.as_deref(), &entry, quote.as_deref(), style, con),
        Command::Regions { file } => regions(file.as_deref(), con),
        Command::Open { url, into, no_window, archive } => {
            let archive = crate::core::web::Wayback { base: archive };
            match web::open(&url, into.as_deref(), &archive, no_window, cli.library_dir.as_deref(), con)? {
                Some(copy) => {
                    con.out.flush()?;
                    cli.file = Some(copy);
                    run_gui(cli)
                }
                None => Ok(()),
            }
        }
        Command::Notes(cmd) => notes::run(cmd, notes_dir, con),
        Command::Share(cmd) => share::run(cmd, (notes_dir, cli.library_dir.as_deref()), con),
        Command::Library(cmd) => library::run(cmd, cli.library_dir.as_deref(), notes_dir, con),
        Command::Export { file, format, region, tags, output } => {
            notes::export_cmd(file.as_deref(), format, &region, &tags, output.as_deref(), notes_dir, con)
        }
        Command::Import { paths, dry_run } => notes::import_cmd(&paths, dry_run, notes_dir, con),
        Command::Bench(cmd) => bench::run(cmd, con),
        Command::GenerateFiles { out_dir } => {
            for file in generate_files(&out_dir)? {
                writeln!(con.out, "{}", text::path(&file))?;
            }
            Ok(())
        }
    }
}

/// The error and its causes, each said once: the core's messages already name their cause,
/// and `{:#}` would repeat it.
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain().map(ToString::to_string) {
        if !out.contains(&cause) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&cause);
        }
    }
    out
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().filter_map(|c| c.downcast_ref::<std::io::Error>()).any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}

#[cfg(feature = "gui")]
fn run_gui(cli: Cli) -> anyhow::Result<()> {
    crate::gui::run(crate::gui::LaunchOptions {
        file: cli.file,
        notes_dir: cli.notes_dir,
        screenshot: cli.screenshot,
        size: cli.size,
        map: cli.map,
        show_library: cli.show_library,
        library_dir: cli.library_dir,
        dark: cli.dark,
        zoom: cli.zoom,
        regions: cli.region,
        exit_after_first_frame: cli.exit_after_first_frame,
    })
}

#[cfg(not(feature = "gui"))]
#[allow(clippy::needless_pass_by_value)] // the same call as the window's
fn run_gui(_cli: Cli) -> anyhow::Result<()> {
    anyhow::bail!("this build has no window (built without the `gui` feature); try `record-reader inspect`")
}
