//! Reading files that may be hostile: only regular files, never more than a limit.
//!
//! A named pipe (FIFO) would block `open` or `read` forever; `/dev/zero` reports a size of 0
//! and never ends. So the file is opened without blocking, its kind is checked on the open
//! handle (no race between a check and the open), and it is read through `take(limit + 1)`,
//! so a size that lies cannot get past the limit.

use std::io::Read as _;
use std::path::Path;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("it is {kind}, not a regular file")]
    NotAFile { kind: &'static str },
    #[error("it is too large ({} MB; the limit is {} MB)", bytes / 1_000_000, limit / 1_000_000)]
    TooLarge {
        /// The size seen: the file's size, or at least this many bytes when it lied about it.
        bytes: u64,
        limit: u64,
    },
}

impl ReadError {
    /// True when the file is not there at all.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// What kind of thing a path that is not a regular file is, in words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if t.is_dir() { "a folder" } else { "not a file" }
}

/// Opens `path` for reading without blocking on a FIFO. Symbolic links are followed.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Without it, opening a FIFO waits for a writer that may never come. It changes
        // nothing for a regular file.
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Opens, with `options`, a file that belongs to another one beside it (a lock, the records
/// set aside): never through a symbolic link (`O_NOFOLLOW`: a link planted there is refused,
/// and a dangling one does not make its target), never a pipe or a device (checked on the
/// open handle), and created readable and writable by its owner only (0600).
pub fn open_own_file(path: &Path, options: &mut std::fs::OpenOptions) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).mode(0o600);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            let why = format!("{} is a symbolic link, which is not followed", path.display());
            return std::io::Error::new(e.kind(), why);
        }
        e
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!("{} is {}, not a regular file", path.display(), kind_of(&meta))));
    }
    Ok(file)
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile { kind: kind_of(&meta) });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { bytes: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > limit {
        return Err(ReadError::TooLarge { bytes: read, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_and_refuses_what_is_not_one() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, b"hello").unwrap();
        assert_eq!(read_regular_file(&f, 5).unwrap(), b"hello");
        assert!(matches!(read_regular_file(&f, 4), Err(ReadError::TooLarge { bytes: 5, limit: 4 })));
        assert!(matches!(read_regular_file(dir.path(), 100), Err(ReadError::NotAFile { kind: "a folder" })));
        assert!(read_regular_file(&dir.path().join("missing"), 100).unwrap_err().is_not_found());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_and_dev_zero_are_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let e = read_regular_file(&fifo, 100).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
        let e = read_regular_file(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(e.to_string().contains("device"), "{e}");
    }
}
