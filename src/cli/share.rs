//! `record-reader share …` (a notes folder shared through git, see [`crate::core::share`])
//! and `record-reader notes merge-driver`, which git runs for `*.notes.ron`.

use super::text::{Console, path, visible};
use crate::core::share;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ShareCommand {
    /// Make the notes folder (or DIR) a git working copy shared with others, or adopt the one
    /// it is; register the notes merge driver for *.notes.ron. With --remote, clone it into an
    /// empty folder, or name it as the shared copy.
    Init {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
        #[arg(long, value_name = "URL")]
        remote: Option<String>,
        /// Share records too: a `records/` folder in the shared folder, added to your library
        /// (a clone that has one already is added without asking).
        #[arg(long)]
        records: bool,
    },
    /// Commit this person's changes with a message that says what changed, pull with a merge
    /// (notes merged note by note), and push.
    Sync {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// What is ahead of and behind the shared copy, and whose changes are waiting.
    Status {
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

pub fn run(
    cmd: ShareCommand,
    (notes_flag, library_flag): (Option<&Path>, Option<&Path>),
    con: &mut Console<'_>,
) -> anyhow::Result<()> {
    let folder = |dir: Option<PathBuf>| -> anyhow::Result<PathBuf> {
        Ok(match dir {
            Some(d) => d,
            None => crate::core::notes::folder(notes_flag)?,
        })
    };
    match cmd {
        ShareCommand::Init { dir, remote, records } => {
            let dir = folder(dir)?;
            let exe = std::env::current_exe()?;
            let done = share::Git::default().init(&dir, remote.as_deref(), &exe)?;
            let shared_records = dir.join(share::RECORDS);
            if records || shared_records.is_dir() {
                std::fs::create_dir_all(&shared_records)?;
                let notes = crate::core::notes::folder(notes_flag)?;
                let mut lib =
                    crate::core::library::Library::open(&crate::core::library::folder(library_flag)?, &notes)?;
                let added = lib.add_folder(&shared_records)?;
                let report = lib.scan(&|_| {}, &std::sync::atomic::AtomicBool::new(false))?;
                writeln!(
                    con.out,
                    "Shared records go in {}; your library holds them ({} read). Its index stays on this machine.",
                    path(&added),
                    report.indexed
                )?;
            }
            let how = if done.cloned {
                "cloned"
            } else if done.created {
                "made a git working copy"
            } else {
                "adopted"
            };
            writeln!(con.out, "{} is shared ({how}); notes files merge note by note.", path(&done.dir))?;
            Ok(())
        }
        ShareCommand::Sync { dir } => {
            let done = share::Git::default().sync(&folder(dir)?)?;
            writeln!(con.out, "{}", visible(&done.told()))?;
            Ok(())
        }
        ShareCommand::Status { dir } => {
            let s = share::Git::default().status(&folder(dir)?)?;
            writeln!(con.out, "{} ahead, {} behind, {} uncommitted.", s.ahead, s.behind, s.uncommitted)?;
            for (who, n) in &s.incoming {
                writeln!(con.out, "  {n} note{} from {} waiting", if *n == 1 { "" } else { "s" }, visible(who))?;
            }
            Ok(())
        }
    }
}

/// `record-reader notes merge-driver %O %A %B %P`: the merged notes over %A, what was set
/// aside in `%P.rejected`; on failure nothing is written and git shows a conflict.
pub fn merge_driver(base: &Path, ours: &Path, theirs: &Path, file: &Path, con: &mut Console<'_>) -> anyhow::Result<()> {
    let done = crate::core::notes::driver::merge_in_place(base, ours, theirs, file)?;
    let aside = match &done.rejected {
        Some(r) => format!("; {} set aside in {}", done.set_aside, path(r)),
        None => String::new(),
    };
    con.warn(&format!("merged the notes of {} note by note: {} notes{aside}", path(file), done.notes));
    Ok(())
}
