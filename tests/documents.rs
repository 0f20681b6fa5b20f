//! The project's documents stay the size a reader can hold, and their links lead somewhere:
//! the README (for users) at most 250 lines, `ARCHITECTURE.md` one screen (under 60 lines
//! and 4 KB), and every relative link of the top-level documents and `docs/` to a file that
//! exists.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_readme_and_the_architecture_fit() {
    let readme = read("README.md");
    assert!(readme.lines().count() <= 250, "README.md has {} lines", readme.lines().count());
    let architecture = read("ARCHITECTURE.md");
    assert!(architecture.lines().count() < 60, "ARCHITECTURE.md has {} lines", architecture.lines().count());
    assert!(architecture.len() < 4096, "ARCHITECTURE.md has {} bytes", architecture.len());
    assert!(read("CONTRIBUTING.md").contains("## Before you push"));
}

/// The targets of a Markdown text's inline links and images: `](target)`.
fn links(text: &str) -> Vec<String> {
    text.split("](").skip(1).filter_map(|rest| rest.split_once(')').map(|(target, _)| target.to_owned())).collect()
}

#[test]
fn every_relative_link_leads_to_a_file() {
    let mut documents = vec!["README.md".to_owned(), "ARCHITECTURE.md".to_owned(), "CONTRIBUTING.md".to_owned()];
    for entry in std::fs::read_dir("docs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            documents.push(path.to_string_lossy().into_owned());
        }
    }
    let mut checked = 0;
    for doc in &documents {
        let base = Path::new(doc).parent().unwrap_or(Path::new(""));
        for target in links(&read(doc)) {
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap_or_default();
            assert!(base.join(file).exists(), "{doc}: the link to {target} leads nowhere");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} links found: is the link reader still right?");
}
