//! The `record-reader` binary: the command line ([`record_reader::cli`]), and the window when
//! built with `gui`.

use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap prints --help, --version and usage errors itself (in colour on a terminal) and
    // exits; `cli::run` does the same for arguments it is given, without colour.
    let cli = record_reader::cli::Cli::parse();
    // Locked per write, not for the whole run: the window's threads may print too.
    record_reader::cli::execute(cli, &mut std::io::stdout(), &mut std::io::stderr())
}
