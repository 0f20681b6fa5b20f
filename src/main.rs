//! The `record-reader` binary: the command line, and the window when built with `gui`.

use clap::Parser as _;
use record_reader::cli::{Cli, Command};
use record_reader::cli_text::path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`record-reader inspect | head`) is not an error worth a message.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            record_reader::cli_text::warn(&message(&e));
            ExitCode::FAILURE
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

fn run(cli: Cli) -> anyhow::Result<()> {
    // Locked per write, not for the whole run: the window's threads may print too.
    let out = &mut std::io::stdout();
    match cli.command {
        Some(Command::Inspect { file, json, explain }) => {
            record_reader::cli::inspect(file.as_deref(), json, explain, out)
        }
        Some(Command::Cite { file, entry, quote, style }) => {
            record_reader::cli::cite(file.as_deref(), &entry, quote.as_deref(), style, out)
        }
        Some(Command::Regions { file }) => record_reader::cli::regions(file.as_deref(), out),
        Some(Command::Notes(cmd)) => record_reader::cli_notes::run(cmd, cli.notes_dir.as_deref(), out),
        Some(Command::Library(cmd)) => {
            record_reader::cli_library::run(cmd, cli.library_dir.as_deref(), cli.notes_dir.as_deref(), out)
        }
        Some(Command::Export { file, format, region, tags, output }) => record_reader::cli_notes::export_cmd(
            file.as_deref(),
            format,
            &region,
            &tags,
            output.as_deref(),
            cli.notes_dir.as_deref(),
            out,
        ),
        Some(Command::Import { paths, dry_run }) => {
            let (file, notes_file) = match paths.as_slice() {
                [notes] => (None, notes.clone()),
                [doc, notes, ..] => (Some(doc.clone()), notes.clone()),
                [] => anyhow::bail!("name the notes file to import"),
            };
            record_reader::cli_notes::import_cmd(file.as_deref(), &notes_file, dry_run, cli.notes_dir.as_deref(), out)
        }
        Some(Command::Bench(record_reader::cli::BenchCommand::Gen {
            records: Some(records), seed, out_dir, ..
        })) => {
            let written = record_reader::bench::generate_library(records, seed, &out_dir)?;
            println!("{} records, {} entries in {}", written.records, written.entries, path(&out_dir));
            Ok(())
        }
        Some(Command::Bench(record_reader::cli::BenchCommand::Gen {
            records: None,
            entries,
            notes,
            seed,
            out_dir,
        })) => {
            let (doc, notes_file) = record_reader::bench::generate(entries, notes, seed, &out_dir)?;
            println!("{}\n{}", path(&doc), path(&notes_file));
            Ok(())
        }
        Some(Command::Bench(record_reader::cli::BenchCommand::Report { entries, notes, library_records })) => {
            let report = record_reader::bench::report(entries, notes, library_records)?;
            println!("{}", record_reader::cli_text::json(&report)?);
            Ok(())
        }
        Some(Command::GenerateFiles { out_dir }) => {
            for file in record_reader::cli::generate_files(&out_dir)? {
                println!("{}", path(&file));
            }
            Ok(())
        }
        None => run_gui(cli),
    }
}

#[cfg(feature = "gui")]
fn run_gui(cli: Cli) -> anyhow::Result<()> {
    record_reader::gui::run(record_reader::gui::LaunchOptions {
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
fn run_gui(_cli: Cli) -> anyhow::Result<()> {
    anyhow::bail!("this build has no window (built without the `gui` feature); try `record-reader inspect`")
}
