//! Watching the library's folders and the notes folder: filesystem events (`notify`, the
//! system's own watcher) become a channel of paths that changed. The caller passes each to
//! [`Library::reindex_path`](super::Library::reindex_path), which tells records, notes files
//! and folders apart and ignores anything else. One save can come as several events (a
//! write, then a rename): a window may gather the paths for a moment and index each once.

use super::{Library, LibraryError};
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchEvent {
    /// Something at this path was created, changed, renamed or removed.
    Changed(PathBuf),
    /// The watcher failed (events may have been lost: a full scan catches up).
    Error(String),
}

/// A running watcher: it stops when dropped.
#[derive(Debug)]
pub struct LibraryWatcher {
    _watcher: notify::RecommendedWatcher,
    pub events: Receiver<WatchEvent>,
}

impl Library {
    /// Watches the library's folders and, when it exists, the notes folder.
    pub fn watch(&self) -> Result<LibraryWatcher, LibraryError> {
        let notes = self.notes_dir.is_dir().then_some(self.notes_dir.as_path());
        watch(&self.config.folders, notes)
    }
}

/// Watches `folders` (with their subfolders) and `notes_dir` (itself only). As the scan does,
/// the watch stays inside the folders: symbolic links to folders are not followed (a link to a
/// folder inside them is watched there, under its real path); a link itself appearing or
/// changing is reported, and [`Library::reindex_path`] scans again for it.
pub fn watch(folders: &[PathBuf], notes_dir: Option<&Path>) -> Result<LibraryWatcher, LibraryError> {
    let (tx, rx) = channel();
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut watcher = notify::RecommendedWatcher::new(
        move |res: notify::Result<notify::Event>| {
            // A closed channel means no one listens any more: nothing to do.
            match res {
                Ok(event) if matches!(event.kind, EventKind::Access(_)) => {}
                Ok(event) => {
                    for path in event.paths {
                        let _ = tx.send(WatchEvent::Changed(path));
                    }
                }
                Err(e) => {
                    let _ = tx.send(WatchEvent::Error(e.to_string()));
                }
            }
        },
        config,
    )
    .map_err(|e| LibraryError::Watch { path: PathBuf::new(), why: e.to_string() })?;
    for folder in folders {
        watcher
            .watch(folder, RecursiveMode::Recursive)
            .map_err(|e| LibraryError::Watch { path: folder.clone(), why: e.to_string() })?;
    }
    if let Some(dir) = notes_dir {
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| LibraryError::Watch { path: dir.to_owned(), why: e.to_string() })?;
    }
    Ok(LibraryWatcher { _watcher: watcher, events: rx })
}
