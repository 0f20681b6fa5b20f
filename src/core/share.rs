//! A notes folder shared through git (issue 29): `share init` makes the folder a working
//! copy (or adopts one) and registers the notes merge driver ([`crate::core::notes::driver`])
//! for `*.notes.ron`; `share sync` commits this person's changes with a message that says what
//! changed, pulls with a merge, and pushes; `share status` says what is ahead and behind.
//!
//! It runs the `git` command line, as Obsidian Git and VS Code do (gix cannot merge and push
//! today): with fixed arguments, never through a shell, with hooks off, and with no terminal
//! prompt (`GIT_TERMINAL_PROMPT=0`), so a missing credential fails in words instead of
//! waiting. Credentials are git's own (its helpers, SSH); nothing here stores a password.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of a shared folder that holds records shared with the group (beside the notes
/// files); each machine's library adds it, and keeps its own index of it.
pub const RECORDS: &str = "records";

/// The merge driver's name in `.gitattributes` and the repository's config.
pub const DRIVER: &str = "record-reader-notes";

/// Why sharing failed, in words.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("git is not installed (or not on PATH): install it (e.g. `apt install git`) to share notes")]
    NoGit,
    #[error("{dir} is not a shared notes folder: run `record-reader share init {dir}` first")]
    NotShared { dir: String },
    #[error("git {what} failed: {why}")]
    Git { what: String, why: String },
    #[error("the push was refused ({why}); your notes are committed here and go out with the next sync")]
    PushRejected { why: String },
    #[error(
        "the shared copy could not be reached ({why}); your notes are committed here and go out with the next sync"
    )]
    Unreachable { why: String },
    #[error(
        "the merge of the shared notes stopped on a conflict git could not settle ({why}); nothing was lost: the merge was undone and your notes are committed here"
    )]
    Conflict { why: String },
    #[error("the notes are being written by another program ({why}); nothing was synced, try again")]
    Busy { why: String },
    #[error("could not write {path}: {why}")]
    Write { path: String, why: String },
}

/// The git program run (`git` on PATH; a test names another, or one that is not there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Git {
    pub program: PathBuf,
}

impl Default for Git {
    fn default() -> Self {
        Self { program: PathBuf::from("git") }
    }
}

impl Git {
    /// Runs `git -C dir ARGS…`; its standard output, or why it failed.
    fn git(&self, dir: &Path, args: &[&str]) -> Result<String, ShareError> {
        let out = Command::new(&self.program)
            .arg("-C")
            .arg(dir)
            .args(["-c", "core.hooksPath=/dev/null"])
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .output()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    ShareError::NoGit
                } else {
                    git_error(args, &e.to_string())
                }
            })?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        // A merge's CONFLICT lines are on its standard output.
        let why =
            format!("{}\n{}", String::from_utf8_lossy(&out.stderr).trim(), String::from_utf8_lossy(&out.stdout).trim());
        Err(git_error(args, &why))
    }
}

/// Git's own words: its `fatal:`, `error:`, `CONFLICT` and refused-ref lines, else all it said.
fn git_error(args: &[&str], why: &str) -> ShareError {
    let said: Vec<&str> = why
        .lines()
        .map(str::trim)
        .filter(|l| {
            // A push's refused refs are its `!` lines ("! [remote rejected] main (…)").
            ["fatal:", "error:", "CONFLICT", "!", "remote: error:"].iter().any(|p| l.starts_with(p))
        })
        .collect();
    let why = if said.is_empty() {
        why.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
    } else {
        said.join(" ")
    };
    ShareError::Git { what: args.first().copied().unwrap_or("").to_owned(), why }
}

impl Git {
    /// Whether `dir` is inside a git working copy.
    fn is_working_copy(&self, dir: &Path) -> bool {
        self.git(dir, &["rev-parse", "--is-inside-work-tree"]).is_ok_and(|o| o.trim() == "true")
    }
}

/// What `share init` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Initialised {
    pub dir: PathBuf,
    /// The folder was made a working copy now (not adopted, not cloned).
    pub created: bool,
    pub cloned: bool,
}

impl Git {
    /// Makes `dir` a shared notes folder: a clone of `remote` (when it is empty or missing and a
    /// remote is given), a new repository, or the working copy it is already; then
    /// `.gitattributes` names the notes merge driver, and the repository's config runs
    /// `exe notes merge-driver %O %A %B %P` for it.
    pub fn init(&self, dir: &Path, remote: Option<&str>, exe: &Path) -> Result<Initialised, ShareError> {
        self.git(Path::new("."), &["--version"])?;
        let empty = std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none());
        let (mut created, mut cloned) = (false, false);
        if !self.is_working_copy(dir) {
            if let (Some(url), true) = (remote, empty) {
                let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                std::fs::create_dir_all(parent).map_err(|e| write_error(parent, &e))?;
                let target = dir.to_string_lossy();
                self.git(parent, &["clone", "--quiet", url, &target])?;
                cloned = true;
            } else {
                std::fs::create_dir_all(dir).map_err(|e| write_error(dir, &e))?;
                self.git(dir, &["init", "--quiet"])?;
                created = true;
            }
        }
        self.register_driver(dir, exe)?;
        if let Some(url) = remote.filter(|_| !cloned)
            && self.git(dir, &["remote", "get-url", "origin"]).is_err()
        {
            self.git(dir, &["remote", "add", "origin", url])?;
        }
        Ok(Initialised { dir: dir.to_owned(), created, cloned })
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> ShareError {
    ShareError::Write { path: path.display().to_string(), why: e.to_string() }
}

/// The lock of every notes file in `dir` (as each save takes it), held until dropped.
fn lock_notes(dir: &Path) -> Result<Vec<crate::core::notes::disk::Lock>, ShareError> {
    let entries = std::fs::read_dir(dir).map_err(|e| write_error(dir, &e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".notes.ron")))
        .collect();
    // One order for every taker, so two syncs never wait on each other crosswise.
    files.sort();
    files
        .iter()
        .map(|f| {
            crate::core::notes::disk::lock(f, std::time::Duration::from_secs(10))
                .map_err(|e| ShareError::Busy { why: e.to_string() })
        })
        .collect()
}

/// Lines `file` must hold, added to what it holds (each once).
fn ensure_lines(file: &Path, lines: &[&str]) -> Result<(), ShareError> {
    let held = std::fs::read_to_string(file).unwrap_or_default();
    let mut text = held.clone();
    for line in lines {
        if !held.lines().any(|l| l.trim() == *line) {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(line);
            text.push('\n');
        }
    }
    if text != held {
        std::fs::write(file, text).map_err(|e| write_error(file, &e))?;
    }
    Ok(())
}

impl Git {
    /// `.gitattributes` names the driver for notes files (and git's own `union` for the
    /// `.rejected` files, to which each side only appends); `.gitignore` keeps each machine's
    /// own files out (the previous version, the lock, a save's temp file); the config says how
    /// to run the driver.
    fn register_driver(&self, dir: &Path, exe: &Path) -> Result<(), ShareError> {
        let notes = format!("*.notes.ron merge={DRIVER}");
        ensure_lines(&dir.join(".gitattributes"), &[&notes, "*.rejected merge=union"])?;
        ensure_lines(&dir.join(".gitignore"), &["*.bak", "*.lock", ".*.tmp", "*.recovered"])?;
        let exe = exe.to_string_lossy().replace('\'', "'\\''");
        self.git(dir, &["config", &format!("merge.{DRIVER}.name"), "Record Reader notes, merged note by note"])?;
        self.git(
            dir,
            &["config", &format!("merge.{DRIVER}.driver"), &format!("'{exe}' notes merge-driver %O %A %B %P")],
        )?;
        Ok(())
    }
}

/// What `share sync` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    /// This person's commit's message, when there was something to commit.
    pub committed: Option<String>,
    /// Notes that came in (added or changed), by the author of their commit.
    pub arrived: Vec<(String, usize)>,
    pub pushed: bool,
}

impl Synced {
    /// For the reader: "Committed …; 2 changes from Ana arrived; pushed", or "Nothing to do".
    pub fn told(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = &self.committed {
            parts.push(format!("committed \"{m}\""));
        }
        for (who, n) in &self.arrived {
            parts.push(format!("{n} note{} from {who} arrived", if *n == 1 { "" } else { "s" }));
        }
        if self.pushed {
            parts.push("pushed".to_owned());
        }
        if self.committed.is_none() && self.arrived.is_empty() {
            return "Nothing to do: the notes are the same here and in the shared copy".to_owned();
        }
        let mut text = parts.join("; ");
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        text
    }
}

impl Git {
    /// Commits what changed here, pulls with a merge (the notes merged by the driver), and
    /// pushes, when the folder has a remote. A failed pull or push leaves the commit here.
    pub fn sync(&self, dir: &Path) -> Result<Synced, ShareError> {
        self.git(Path::new("."), &["--version"])?;
        if !self.is_working_copy(dir) {
            return Err(ShareError::NotShared { dir: dir.display().to_string() });
        }
        // Another writer of these notes (the window's autosave, the command line) waits while
        // git reads and rewrites them: a save between the commit and the merge's checkout
        // would otherwise be overwritten by git, unseen.
        let _locks = lock_notes(dir)?;
        let mut done = Synced::default();
        self.git(dir, &["add", "--all"])?;
        let staged = self.git(dir, &["diff", "--cached", "--name-only"])?;
        if !staged.trim().is_empty() {
            let message = self.message(dir, staged.lines())?;
            self.commit(dir, &message)?;
            done.committed = Some(message);
        }
        if self.git(dir, &["remote", "get-url", "origin"]).is_err() {
            return Ok(done);
        }
        let before = self.git(dir, &["rev-parse", "HEAD"]).ok();
        self.pull(dir)?;
        let after = self.git(dir, &["rev-parse", "HEAD"]).ok();
        if let (Some(b), Some(a)) = (before, after)
            && b != a
        {
            done.arrived = self.arrived(dir, b.trim(), a.trim())?;
        }
        self.push(dir)?;
        done.pushed = true;
        Ok(done)
    }
}

impl Git {
    /// Commits with this person's name: git's own, else the login name.
    fn commit(&self, dir: &Path, message: &str) -> Result<(), ShareError> {
        let named = self.git(dir, &["config", "user.name"]).is_ok_and(|n| !n.trim().is_empty());
        if named {
            self.git(dir, &["commit", "--quiet", "--no-verify", "-m", message]).map(drop)
        } else {
            let login =
                std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "reader".to_owned());
            let name = format!("user.name={login}");
            let email = format!("user.email={login}@localhost");
            self.git(dir, &["-c", &name, "-c", &email, "commit", "--quiet", "--no-verify", "-m", message]).map(drop)
        }
    }
}

impl Git {
    fn pull(&self, dir: &Path) -> Result<(), ShareError> {
        let branch = self.git(dir, &["rev-parse", "--abbrev-ref", "HEAD"])?;
        let branch = branch.trim();
        // The shared copy may have no branch yet (a new bare repository): nothing to pull.
        let remote_has = self.git(dir, &["ls-remote", "--heads", "origin", branch]).map_err(unreachable)?;
        if remote_has.trim().is_empty() {
            return Ok(());
        }
        // Unrelated histories: two people who each began the folder before they met (each
        // commit holds the same `.gitattributes`, which merges cleanly).
        match self
            .git(dir, &["pull", "--quiet", "--no-rebase", "--no-edit", "--allow-unrelated-histories", "origin", branch])
        {
            Ok(_) => Ok(()),
            Err(ShareError::Git { why, .. })
                if why.contains("CONFLICT") || why.contains("conflict") || why.contains("fix conflicts") =>
            {
                let _ = self.git(dir, &["merge", "--abort"]);
                Err(ShareError::Conflict { why })
            }
            Err(e) => Err(unreachable(e)),
        }
    }
}

/// A failure to reach the shared copy (no network, no such host or repository, no access)
/// said as such; any other failure as git said it.
fn unreachable(e: ShareError) -> ShareError {
    const UNREACHABLE: [&str; 7] = [
        "Could not read from remote",
        "does not appear to be a git repository",
        "unable to access",
        "Could not resolve host",
        "Connection",
        "Permission denied",
        "Authentication failed",
    ];
    match e {
        ShareError::Git { why, .. } if UNREACHABLE.iter().any(|u| why.contains(u)) => ShareError::Unreachable { why },
        other => other,
    }
}

impl Git {
    fn push(&self, dir: &Path) -> Result<(), ShareError> {
        match self.git(dir, &["push", "--quiet", "origin", "HEAD"]) {
            Ok(_) => Ok(()),
            Err(ShareError::Git { why, .. })
                if why.contains("rejected") || why.contains("denied") || why.contains("non-fast-forward") =>
            {
                Err(ShareError::PushRejected { why })
            }
            Err(e) => Err(unreachable(e)),
        }
    }
}

impl Git {
    /// Authors of the commits from `before` to `after` that are not this person's, with how many.
    fn arrived(&self, dir: &Path, before: &str, after: &str) -> Result<Vec<(String, usize)>, ShareError> {
        let range = format!("{before}..{after}");
        // A notes file holds a note a line (`    (id: …`): the note lines a commit adds to one
        // are the notes it adds or changes.
        let log = self
            .git(dir, &["log", "--no-merges", "--format=%x00%an", "-p", "--unified=0", &range, "--", "*.notes.ron"])?;
        let me = self.git(dir, &["config", "user.name"]).unwrap_or_default();
        let mut counts: Vec<(String, usize)> = Vec::new();
        let mut who = String::new();
        for line in log.lines() {
            // Each commit's author, after a NUL no diff line starts with.
            if let Some(name) = line.strip_prefix('\0') {
                name.trim().clone_into(&mut who);
                continue;
            }
            if !line.starts_with("+    (id: ") || who.is_empty() || who == me.trim() {
                continue;
            }
            match counts.iter_mut().find(|(w, _)| *w == who) {
                Some((_, n)) => *n += 1,
                None => counts.push((who.clone(), 1)),
            }
        }
        Ok(counts)
    }
}

impl Git {
    /// The commit's message: what changed in each notes file staged, counted against the last
    /// commit ("3 notes added, 1 changed to 'Promoting Democracy and Human Rights'").
    fn message<'a>(&self, dir: &Path, staged: impl Iterator<Item = &'a str>) -> Result<String, ShareError> {
        let mut parts = Vec::new();
        let mut other = 0;
        for path in staged {
            if !path.ends_with(".notes.ron") {
                other += 1;
                continue;
            }
            let now = std::fs::read(dir.join(path)).ok();
            let then = self.git(dir, &["show", &format!("HEAD:{path}")]).ok();
            parts.push(describe_change(path, then.as_deref().map(str::as_bytes), now.as_deref()));
        }
        if other > 0 {
            parts.push(format!("{other} other file{}", if other == 1 { "" } else { "s" }));
        }
        Ok(parts.join("; "))
    }
}

/// "3 notes added, 1 changed, 2 removed in 'TITLE'" for one notes file.
fn describe_change(path: &str, then: Option<&[u8]>, now: Option<&[u8]>) -> String {
    use crate::core::notes::disk::parse_file;
    let read = |b: Option<&[u8]>| b.and_then(|b| parse_file(b).ok()).map(|f| f.notes).unwrap_or_default();
    let (before, after) = (read(then), read(now));
    let added = after.keys().filter(|id| !before.contains_key(id)).count();
    let removed = before.keys().filter(|id| !after.contains_key(id)).count();
    let changed = after.iter().filter(|(id, n)| before.get(id).is_some_and(|b| b.modified != n.modified)).count();
    let doc_id = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".notes.ron");
    let title = record_title(doc_id);
    let mut counts = Vec::new();
    for (n, what) in [(added, "added"), (changed, "changed"), (removed, "removed")] {
        if n > 0 {
            counts.push(format!("{n} {what}"));
        }
    }
    if counts.is_empty() {
        return format!("notes of '{title}' rewritten");
    }
    let first = counts.remove(0);
    let (n, rest) = first.split_once(' ').unwrap_or((&first, ""));
    let noun = if n == "1" { "note" } else { "notes" };
    let mut text = format!("{n} {noun} {rest}");
    for c in counts {
        text.push_str(", ");
        text.push_str(&c);
    }
    format!("{text} to '{title}'")
}

/// A record's title by its id, where it is known here: the built-in record's; else its id.
fn record_title(doc_id: &str) -> String {
    match crate::core::open::embedded() {
        Ok(doc) if doc.id == doc_id => doc.meta.title,
        _ => doc_id.to_owned(),
    }
}

/// What `share status` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Commits here not in the shared copy, and there not here.
    pub ahead: usize,
    pub behind: usize,
    /// Files changed here and not yet committed.
    pub uncommitted: usize,
    /// Who wrote the notes not yet here (added or changed), with how many.
    pub incoming: Vec<(String, usize)>,
}

impl Git {
    /// Asks the shared copy (a fetch) and counts.
    pub fn status(&self, dir: &Path) -> Result<Status, ShareError> {
        self.git(Path::new("."), &["--version"])?;
        if !self.is_working_copy(dir) {
            return Err(ShareError::NotShared { dir: dir.display().to_string() });
        }
        let uncommitted = self.git(dir, &["status", "--porcelain"])?.lines().count();
        let mut status = Status { uncommitted, ..Status::default() };
        if self.git(dir, &["remote", "get-url", "origin"]).is_err() {
            return Ok(status);
        }
        self.git(dir, &["fetch", "--quiet", "origin"]).map_err(unreachable)?;
        let branch = self.git(dir, &["rev-parse", "--abbrev-ref", "HEAD"])?;
        let upstream = format!("origin/{}", branch.trim());
        if self.git(dir, &["rev-parse", "--verify", "--quiet", &upstream]).is_err() {
            status.ahead = self.git(dir, &["rev-list", "--count", "HEAD"]).map_or(0, |c| c.trim().parse().unwrap_or(0));
            return Ok(status);
        }
        let counts = self.git(dir, &["rev-list", "--left-right", "--count", &format!("HEAD...{upstream}")])?;
        let mut n = counts.split_whitespace().map(|c| c.parse::<usize>().unwrap_or(0));
        status.ahead = n.next().unwrap_or(0);
        status.behind = n.next().unwrap_or(0);
        let head = self.git(dir, &["rev-parse", "HEAD"])?;
        status.incoming = self.arrived(dir, head.trim(), &upstream)?;
        Ok(status)
    }
}
