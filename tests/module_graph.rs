//! The module graph of `src/`: which module imports which, read from the source text, and
//! its import circles. A module is a file (`foo.rs`, or `foo/mod.rs` for `foo`); an edge is
//! any path into another module outside tests (`use` lines, and paths written in the code:
//! `crate::…`, `super::…`, `record_reader::…`). A `pub use` in a `mod.rs` or `lib.rs` is a
//! name given to an item further down, not an import: a path through it goes to the item's
//! own module.
//!
//! There is none anywhere in `src/` (issue 28 took the last ones apart): a new one fails
//! the test. Code in a `#[cfg(test)] mod` at the end of a file is not read: a test may use
//! what it tests from above.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

struct Source {
    module: Module,
    /// The file is a `mod.rs` or `lib.rs`: its `pub use` lines name items further down.
    is_parent: bool,
    code: String,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_of(src: &Path, file: &Path) -> (Module, bool) {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.last().cloned().unwrap_or_default();
    match last.as_str() {
        "lib" => (Vec::new(), true),
        "main" => (vec!["<main>".to_owned()], false),
        "mod" => {
            parts.pop();
            (parts, true)
        }
        _ => (parts, false),
    }
}

/// The code without its tests, comments and string literals.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            // A char literal, not a lifetime: 'x' or '\n'.
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                let mut it = rest.chars();
                match (it.next(), it.next()) {
                    (Some('\\'), _) => {
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                    }
                    (Some(_), Some('\'')) => {
                        chars.next();
                        chars.next();
                    }
                    _ => out.push(c),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every `use` tree of the code, flattened into paths, with whether it is a `pub use`.
fn use_paths(code: &str) -> Vec<(bool, Vec<String>)> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = find_use(rest) {
        let public = rest[..at].trim_end().ends_with("pub") || rest[..at].trim_end().ends_with(')');
        let tail = &rest[at + 4..];
        let end = tail.find(';').unwrap_or(tail.len());
        let tree: String = tail[..end].chars().filter(|c| !c.is_whitespace()).collect();
        for path in expand(&tree) {
            out.push((public, path));
        }
        rest = &tail[end..];
    }
    out
}

fn find_use(code: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = code[from..].find("use ") {
        let at = from + i;
        let before = code[..at].chars().next_back();
        if before.is_none_or(|c| !c.is_alphanumeric() && c != '_') {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (an alias after `as` is dropped).
fn expand(tree: &str) -> Vec<Vec<String>> {
    let Some(open) = tree.find('{') else {
        let path = tree.split("as").next().unwrap_or(tree);
        return vec![path.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect()];
    };
    let prefix: Vec<String> = tree[..open].split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    let mut out = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        for tail in expand(part) {
            let mut path = prefix.clone();
            if tail != ["self"] {
                path.extend(tail);
            }
            out.push(path);
        }
    }
    out
}

/// Paths written in the code (not in `use` lines): `crate::a::b`, `super::x`, `record_reader::c`.
fn code_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for root in ["crate::", "super::", "record_reader::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(root) {
            let at = from + i;
            from = at + root.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b':') {
                continue;
            }
            let end = code[at..]
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| at + e);
            // The head of a `use` group (`use crate::a::{b, c}`): its paths are read whole.
            if code[at..end].ends_with("::") && code[end..].starts_with('{') {
                continue;
            }
            out.push(code[at..end].split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect());
        }
    }
    out
}

struct Graph {
    modules: BTreeSet<Module>,
    /// Per parent module, the names its `pub use` lines give: name → full path.
    aliases: BTreeMap<Module, BTreeMap<String, Vec<String>>>,
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

impl Graph {
    fn absolute(from: &Module, path: &[String]) -> Option<Vec<String>> {
        let mut base: Vec<String> = match path.first()?.as_str() {
            "crate" | "record_reader" => Vec::new(),
            "super" | "self" => from.clone(),
            _ => return None,
        };
        let mut rest = &path[1..];
        if path[0] == "super" {
            base.pop();
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// The module a full path lands in, following `pub use` names of parent modules.
    fn resolve(&self, path: &[String], depth: usize) -> Option<Module> {
        let n = (0..=path.len()).rev().find(|&n| self.modules.contains(&path[..n]))?;
        let module = path[..n].to_vec();
        if depth < 8
            && let Some(next) = path.get(n)
            && let Some(target) = self.aliases.get(&module).and_then(|a| a.get(next))
        {
            let mut full = target.clone();
            full.extend(path[n + 1..].iter().cloned());
            return self.resolve(&full, depth + 1).or(Some(module));
        }
        Some(module)
    }

    fn read(src: &Path) -> Self {
        let mut list = Vec::new();
        files(src, &mut list);
        let sources: Vec<Source> = list
            .iter()
            .map(|f| {
                let (module, is_parent) = module_of(src, f);
                Source { module, is_parent, code: code_of(&std::fs::read_to_string(f).unwrap()) }
            })
            .collect();
        let mut graph = Graph {
            modules: sources.iter().map(|s| s.module.clone()).collect(),
            aliases: BTreeMap::new(),
            edges: BTreeMap::new(),
        };
        for s in sources.iter().filter(|s| s.is_parent) {
            for (public, path) in use_paths(&s.code) {
                let full = match path.first().map(String::as_str) {
                    Some("crate" | "super" | "self" | "record_reader") => Graph::absolute(&s.module, &path),
                    // `pub use child::Item;` in a mod.rs: relative to the module.
                    _ => Some(s.module.iter().cloned().chain(path.iter().cloned()).collect()),
                };
                if let (true, Some(full), Some(name)) = (public, full, path.last()) {
                    graph.aliases.entry(s.module.clone()).or_default().insert(name.clone(), full);
                }
            }
        }
        for s in &sources {
            let mut paths: Vec<Vec<String>> = use_paths(&s.code)
                .into_iter()
                .filter(|(public, _)| !(s.is_parent && *public))
                .map(|(_, p)| p)
                .collect();
            paths.extend(code_paths(&s.code));
            for path in paths {
                let Some(full) = Graph::absolute(&s.module, &path) else { continue };
                if let Some(target) = graph.resolve(&full, 0)
                    && target != s.module
                {
                    graph.edges.entry(s.module.clone()).or_default().insert(target);
                }
            }
        }
        graph
    }

    /// The same graph, with only the modules under `top` (e.g. `gui`) and the edges between them.
    fn within(&self, top: &str) -> Graph {
        let inside = |m: &Module| m.first().is_some_and(|f| f == top);
        Graph {
            modules: self.modules.iter().filter(|m| inside(m)).cloned().collect(),
            aliases: BTreeMap::new(),
            edges: self
                .edges
                .iter()
                .filter(|(m, _)| inside(m))
                .map(|(m, to)| (m.clone(), to.iter().filter(|t| inside(t)).cloned().collect()))
                .collect(),
        }
    }

    /// The import circles: the strongly connected parts with more than one module (Tarjan).
    fn circles(&self) -> Vec<Vec<String>> {
        struct Walk<'a> {
            graph: &'a Graph,
            index: BTreeMap<&'a Module, usize>,
            low: BTreeMap<&'a Module, usize>,
            stack: Vec<&'a Module>,
            on_stack: BTreeSet<&'a Module>,
            out: Vec<Vec<String>>,
        }
        fn visit<'a>(w: &mut Walk<'a>, m: &'a Module) {
            let i = w.index.len();
            w.index.insert(m, i);
            w.low.insert(m, i);
            w.stack.push(m);
            w.on_stack.insert(m);
            for n in w.graph.edges.get(m).into_iter().flatten() {
                if !w.index.contains_key(n) {
                    visit(w, n);
                    let low = w.low[m].min(w.low[n]);
                    w.low.insert(m, low);
                } else if w.on_stack.contains(n) {
                    let low = w.low[m].min(w.index[n]);
                    w.low.insert(m, low);
                }
            }
            if w.low[m] == w.index[m] {
                let mut part = Vec::new();
                while let Some(n) = w.stack.pop() {
                    w.on_stack.remove(n);
                    part.push(name(n));
                    if n == m {
                        break;
                    }
                }
                if part.len() > 1 {
                    part.sort();
                    w.out.push(part);
                }
            }
        }
        let mut w = Walk {
            graph: self,
            index: BTreeMap::new(),
            low: BTreeMap::new(),
            stack: Vec::new(),
            on_stack: BTreeSet::new(),
            out: Vec::new(),
        };
        for m in &self.modules {
            if !w.index.contains_key(m) {
                visit(&mut w, m);
            }
        }
        w.out.sort();
        w.out
    }
}

fn name(m: &Module) -> String {
    if m.is_empty() { "crate".to_owned() } else { m.join("::") }
}

/// The graph of this crate's `src/` (or of `MODULE_GRAPH_SRC`, to look at another checkout).
fn graph() -> Graph {
    let src = std::env::var_os("MODULE_GRAPH_SRC")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), PathBuf::from);
    let graph = Graph::read(&src);
    let edges: usize = graph.edges.values().map(BTreeSet::len).sum();
    assert!(edges > 100, "the graph of {} was read ({edges} imports)", src.display());
    graph
}

#[test]
fn the_window_has_no_import_circle() {
    let in_gui = graph().within("gui").circles();
    assert!(in_gui.is_empty(), "import circles in src/gui/: {in_gui:#?}");
}

/// The window's layer of a module: the app and its launchers over the panels, over the
/// states, over the dialogs, over the commands, over what every layer may use (`prefs`,
/// `style`, `a11y`, `clipboard`, `open_folder`, `job`).
fn layer(m: &Module) -> (usize, &'static str) {
    match m.get(1).map(String::as_str) {
        Some("app" | "run" | "bench" | "screenshot") => (5, "app"),
        Some("panels") => (4, "panels"),
        Some("state") => (3, "state"),
        Some("dialogs") => (2, "dialogs"),
        Some("command") => (1, "command"),
        _ => (0, "support"),
    }
}

#[test]
fn the_window_imports_downward_only() {
    let graph = graph().within("gui");
    let mut upward = Vec::new();
    for (from, to) in &graph.edges {
        for to in to {
            let ((a, la), (b, lb)) = (layer(from), layer(to));
            if a < b || (a == b && a > 0 && la != lb) {
                upward.push(format!("{} ({la}) imports {} ({lb})", name(from), name(to)));
            }
        }
    }
    assert!(upward.is_empty(), "imports that go up a layer: {upward:#?}");
}

#[test]
fn no_import_circle_anywhere_in_src() {
    let circles = graph().circles();
    for circle in &circles {
        eprintln!("import circle: {}", circle.join(" → "));
    }
    assert!(circles.is_empty(), "import circles in src/: {circles:#?}");
}

/// The reader of the graph sees what it must: a circle written here is found, a layered
/// set of modules has none, and a `pub use` in a parent module leads to the item's module.
#[test]
fn the_check_finds_a_circle_and_follows_re_exports() {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "pub mod ui;\n");
    write("ui/mod.rs", "pub mod a;\npub mod b;\npub mod c;\npub use c::Thing;\n");
    write("ui/a.rs", "use super::b::B;\n// use super::c; (a comment)\nfn f() { let _ = \"crate::ui::c\"; }\n");
    write("ui/b.rs", "use crate::ui::{Thing, c::{self}};\n");
    write("ui/c.rs", "pub struct Thing;\n#[cfg(test)]\nmod tests {\n    use crate::ui::a;\n}\n");
    let graph = Graph::read(dir.path());
    assert!(graph.circles().is_empty(), "{:?}", graph.circles());
    let c = vec!["ui".to_owned(), "c".to_owned()];
    assert_eq!(graph.edges[&vec!["ui".to_owned(), "b".to_owned()]], BTreeSet::from([c.clone()]));
    assert!(!graph.edges[&vec!["ui".to_owned(), "a".to_owned()]].contains(&c), "comments and strings are not paths");
    write("ui/c.rs", "pub struct Thing;\nfn g() { crate::ui::a::f(); }\n");
    assert_eq!(Graph::read(dir.path()).circles(), [["ui::a", "ui::b", "ui::c"]]);
}
