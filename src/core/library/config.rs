//! The library's folders, kept in `<library dir>/library.ron` and written atomically (a temp
//! file in the same folder, then renamed over the old one).

use super::LibraryError;
use crate::core::fsio::read_regular_file;
use serde::{Deserialize, Serialize};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The file name of the folder list in the library folder.
pub const CONFIG_FILE: &str = "library.ron";
const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// What the reader chose to have in the library: folders, each scanned with its subfolders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LibraryConfig {
    pub version: u32,
    /// Absolute paths, in the order they were added.
    pub folders: Vec<PathBuf>,
}

impl LibraryConfig {
    /// Reads the folder list of the library in `dir`; an empty one when there is none yet.
    pub fn load(dir: &Path) -> Result<Self, LibraryError> {
        let path = dir.join(CONFIG_FILE);
        let bytes = match read_regular_file(&path, MAX_CONFIG_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.is_not_found() => return Ok(Self { version: 1, folders: Vec::new() }),
            Err(e) => return Err(LibraryError::ConfigRead { path, why: e.to_string() }),
        };
        let text = String::from_utf8(bytes)
            .map_err(|e| LibraryError::ConfigDamaged { path: path.clone(), why: e.to_string() })?;
        ron::from_str(&text).map_err(|e| LibraryError::ConfigDamaged { path, why: e.to_string() })
    }

    /// Writes the folder list: whole or not at all.
    pub fn save(&self, dir: &Path) -> Result<(), LibraryError> {
        let path = dir.join(CONFIG_FILE);
        let err = |e: &dyn std::fmt::Display| LibraryError::ConfigWrite { path: path.clone(), why: e.to_string() };
        let text = ron::ser::to_string_pretty(&Self { version: 1, ..self.clone() }, ron::ser::PrettyConfig::default())
            .map_err(|e| err(&e))?;
        std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| err(&e))?;
        tmp.write_all(text.as_bytes()).map_err(|e| err(&e))?;
        tmp.as_file().sync_all().map_err(|e| err(&e))?;
        tmp.persist(&path).map_err(|e| err(&e.error))?;
        Ok(())
    }

    /// Whether `path` lies in one of the folders.
    pub fn contains(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path.starts_with(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_and_read_back_and_damage_is_told() {
        let dir = tempfile::tempdir().unwrap();
        assert!(LibraryConfig::load(dir.path()).unwrap().folders.is_empty());
        let config = LibraryConfig { version: 1, folders: vec!["/a/b".into(), "/c".into()] };
        config.save(dir.path()).unwrap();
        assert_eq!(LibraryConfig::load(dir.path()).unwrap(), config);
        assert!(config.contains(Path::new("/a/b/x.txt")) && !config.contains(Path::new("/a/bc/x.txt")));
        std::fs::write(dir.path().join(CONFIG_FILE), "(folders: [").unwrap();
        let e = LibraryConfig::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("damaged") && e.contains(CONFIG_FILE), "{e}");
    }
}
