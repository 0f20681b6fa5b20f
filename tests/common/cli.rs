//! The command line run in the test's process ([`record_reader::cli::run`]), its output caught.
#![allow(dead_code)]

use std::ffi::OsString;
use std::process::ExitCode;

/// What a command printed, and how it ended.
#[derive(Debug)]
pub struct Ran {
    pub code: ExitCode,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn success(&self) -> bool {
        self.code == ExitCode::SUCCESS
    }
}

/// `record-reader ARGS…`, in this process.
pub fn run<A: Into<OsString>>(args: impl IntoIterator<Item = A>) -> Ran {
    let args = std::iter::once(OsString::from("record-reader")).chain(args.into_iter().map(Into::into));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = record_reader::cli::run(args, &mut stdout, &mut stderr);
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("the command line prints UTF-8");
    Ran { code, stdout: text(stdout), stderr: text(stderr) }
}

/// `record-reader ARGS…`, in this process; it must succeed. Its stdout.
pub fn ok<A: Into<OsString>>(args: impl IntoIterator<Item = A>) -> String {
    let ran = run(args);
    assert!(ran.success(), "{:?}: {}", ran.code, ran.stderr);
    ran.stdout
}

/// `record-reader ARGS…`, in this process; it must fail with exit code 1 and say why,
/// without a panic. Its stderr.
pub fn fails<A: Into<OsString>>(args: impl IntoIterator<Item = A>) -> String {
    let ran = run(args);
    assert_eq!(ran.code, ExitCode::FAILURE, "should fail: {}", ran.stdout);
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    ran.stderr
}
