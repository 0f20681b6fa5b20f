//! Build script: records the git commit for `record-reader --version`, and on Windows
//! embeds the application icon in the executable.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let commit = git(&["rev-parse", "--short=10", "HEAD"]);
    let date = git(&["log", "-1", "--format=%cs", "HEAD"]);
    let describe = match (commit, date) {
        (Some(c), Some(d)) => format!("{c} {d}"),
        (Some(c), None) => c,
        // A build from a source tarball (crates.io, a distribution) has no git history.
        _ => "no git commit".to_owned(),
    };
    println!("cargo:rustc-env=RECORD_READER_COMMIT={describe}");
    // The cargo profile (release, profiling, debug …): OUT_DIR is target/<profile>/build/<pkg>/out.
    let profile = std::env::var("OUT_DIR")
        .ok()
        .and_then(|out| {
            Path::new(&out).ancestors().nth(3).and_then(|p| p.file_name()).map(|p| p.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=RECORD_READER_PROFILE={profile}");
    // Rebuild the version string when HEAD moves, not on every source change.
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]) {
        let git_dir = Path::new(&git_dir);
        // In a linked worktree HEAD is in its own git dir, but the branches are in the common one.
        let common = git(&["rev-parse", "--git-common-dir"]);
        let common = common.as_deref().map_or(git_dir, Path::new);
        let head_ref = git(&["symbolic-ref", "-q", "HEAD"]).map(|r| common.join(r));
        // Only files that exist: cargo treats a missing one as changed and would rebuild every time.
        for path in [Some(git_dir.join("HEAD")), Some(common.join("packed-refs")), head_ref].into_iter().flatten() {
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    windows_icon();
}

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let s = String::from_utf8(out.stdout).ok()?;
    let s = s.trim();
    (out.status.success() && !s.is_empty()).then(|| s.to_owned())
}

/// The Windows icon resource (`packaging/windows/record-reader.ico`). Not built or tested on
/// this project's Linux machines; see packaging/README.md.
#[cfg(windows)]
fn windows_icon() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        let mut res = winresource::WindowsResource::new();
        res.set_icon("packaging/windows/record-reader.ico");
        if let Err(e) = res.compile() {
            println!("cargo:warning=could not embed the Windows icon: {e}");
        }
    }
}

#[cfg(not(windows))]
fn windows_icon() {}
