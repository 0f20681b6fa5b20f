//! The layers of `src/` and the rule between them: imports go downward only.
//!
//! - `core` (the rules) names nothing of the command line or the window, nor clap, egui
//!   or eframe;
//! - `gui` (the window) names nothing of the command line;
//! - `cli` (the command line) may start the window and take the window's bench figures;
//! - `core::bench` (the bench report's shape and statistics) imports nothing of the app, so
//!   that both the command line's and the window's halves of `bench report` can use it.
//!
//! Read from the source, line by line, comments and tests aside: a path written in full is
//! an import.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// The Rust files at `dir`: the file itself, or every one under the folder.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    if dir.is_file() {
        return vec![dir.to_owned()];
    }
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The lines of the files under `src/<dir>` that name one of `names` (comments and tests
/// aside), as `file:line: text`.
fn naming(dir: &str, names: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for file in rust_files(&root.join(dir)) {
        let text = std::fs::read_to_string(&file).unwrap();
        // A file's own tests may use what they test.
        for (i, line) in text.lines().enumerate().take_while(|(_, l)| l.trim() != "#[cfg(test)]") {
            let code = line.split("//").next().unwrap_or("");
            if names.iter().any(|name| code.contains(name)) {
                let shown = file.strip_prefix(&root).unwrap_or(&file).display().to_string();
                found.push(format!("{shown}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_core_names_neither_the_command_line_nor_the_window() {
    let found = naming("core", &["crate::cli", "crate::gui", "clap::", "egui::", "eframe::", "egui_"]);
    assert!(found.is_empty(), "the core reaches up:\n{}", found.join("\n"));
}

#[test]
fn the_window_does_not_name_the_command_line() {
    let found = naming("gui", &["crate::cli", "clap::"]);
    assert!(found.is_empty(), "the window reaches into the command line:\n{}", found.join("\n"));
}

#[test]
fn the_bench_statistics_import_nothing_of_the_app() {
    let found = naming("core/bench.rs", &["crate::", "super::"]);
    assert!(found.is_empty(), "core::bench imports the app:\n{}", found.join("\n"));
    // Its readers: the command line's and the window's halves of `bench report`.
    assert!(!naming("cli/bench.rs", &["crate::core::bench"]).is_empty());
}
