//! Who is writing: the name each note the reader makes or changes is stamped with
//! ([`crate::core::notes::Note::created_by`], `modified_by`). One rule, for the window and
//! the command line alike:
//!
//! 1. the app's setting (Menu → "Your name…" in the window; `--author` on the command line);
//! 2. else git's `user.name` (and `user.email` as the id), asked of `git config --get` with
//!    fixed arguments, never through a shell (no git installed: the next rule);
//! 3. else the login name (`$USER`, `$USERNAME`);
//! 4. else "Reader".

pub use super::model::Author;
use std::process::{Command, Stdio};

/// The name used when nothing else tells who is writing.
pub const FALLBACK_NAME: &str = "Reader";

/// Who is writing now (see the module doc).
pub fn current(setting: Option<&Author>) -> Author {
    resolve(setting, git_config, |var| std::env::var(var).ok())
}

/// The rule, with git's configuration and the environment given (for tests).
pub fn resolve(
    setting: Option<&Author>,
    git: impl Fn(&str) -> Option<String>,
    env: impl Fn(&str) -> Option<String>,
) -> Author {
    if let Some(a) = setting.and_then(cleaned) {
        return a;
    }
    if let Some(name) = git("user.name").and_then(|n| non_empty(&n)) {
        return Author { name, id: git("user.email").and_then(|e| non_empty(&e)) };
    }
    ["USER", "USERNAME"]
        .iter()
        .find_map(|var| env(var).and_then(|n| non_empty(&n)))
        .map_or_else(|| Author::named(FALLBACK_NAME), |name| Author { name, id: None })
}

/// The author with its name and id trimmed; `None` when the name is blank.
pub fn cleaned(author: &Author) -> Option<Author> {
    let name = non_empty(&author.name)?;
    Some(Author { name, id: author.id.as_deref().and_then(non_empty) })
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// `git config --get KEY`, or `None` (no git, the key unset, an error).
fn git_config(key: &str) -> Option<String> {
    let out =
        Command::new("git").args(["config", "--get", key]).stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git_of(name: Option<&'static str>, email: Option<&'static str>) -> impl Fn(&str) -> Option<String> {
        move |key| match key {
            "user.name" => name.map(str::to_owned),
            "user.email" => email.map(str::to_owned),
            _ => None,
        }
    }

    fn env_of(user: Option<&'static str>) -> impl Fn(&str) -> Option<String> {
        move |var| if var == "USERNAME" { user.map(str::to_owned) } else { None }
    }

    #[test]
    fn the_setting_then_git_then_the_login_then_reader() {
        let setting = Author { name: "  Ada Lovelace ".into(), id: Some("0000-0002-1825-0097".into()) };
        let git = git_of(Some("Grace"), Some("grace@example.org"));
        assert_eq!(
            resolve(Some(&setting), &git, env_of(Some("ada"))),
            Author { name: "Ada Lovelace".into(), id: Some("0000-0002-1825-0097".into()) }
        );
        let blank = Author::named("   ");
        assert_eq!(
            resolve(Some(&blank), &git, env_of(Some("ada"))),
            Author { name: "Grace".into(), id: Some("grace@example.org".into()) }
        );
        assert_eq!(resolve(None, git_of(Some(" "), None), env_of(Some("ada"))), Author::named("ada"));
        assert_eq!(resolve(None, git_of(None, Some("x@y")), env_of(None)), Author::named(FALLBACK_NAME));
    }

    #[test]
    fn the_real_rule_always_gives_a_name() {
        assert!(!current(None).name.is_empty());
        assert_eq!(current(Some(&Author::named("Set"))).name, "Set");
    }
}
