//! Real git for the tests of notes shared through git: runs it, and says whether it is here.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

/// `git -C dir ARGS…`, which must succeed; its standard output.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether git is installed. Without it a test says it is skipped, and fails where git is
/// required (`RECORD_READER_GIT_REQUIRED=1`, as `.ci/run` sets), so that it never passes
/// having checked nothing there.
pub fn has_git() -> bool {
    let here = Command::new("git").arg("--version").output().is_ok_and(|o| o.status.success());
    assert!(
        here || std::env::var_os("RECORD_READER_GIT_REQUIRED").is_none(),
        "git is required here (RECORD_READER_GIT_REQUIRED) and not installed"
    );
    if !here {
        eprintln!("skipped: git is not installed");
    }
    here
}
