//! One walk over the given folder: which files and subfolders each folder has.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::DiscoveryError;

/// Folders that never hold a project's own migrations.
const SKIPPED_DIRS: [&str; 7] = [
    ".git",
    "node_modules",
    "target",
    "dist",
    "build",
    ".next",
    "vendor",
];

/// What one folder holds (names only, sorted; names that are not UTF-8 are left out).
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub files: Vec<String>,
    pub dirs: Vec<String>,
}

impl Listing {
    pub fn has_file(&self, name: &str) -> bool {
        self.files.iter().any(|f| f == name)
    }

    pub fn sql_files(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(String::as_str)
            .filter(|name| has_sql_extension(name))
    }
}

pub(crate) fn has_sql_extension(name: &str) -> bool {
    name.len() > 4
        && name
            .get(name.len() - 4..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".sql"))
}

/// Every walked folder, parents before their children.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    pub dirs: BTreeMap<PathBuf, Listing>,
}

impl Tree {
    pub fn listing(&self, dir: &Path) -> Option<&Listing> {
        self.dirs.get(dir)
    }
}

fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || SKIPPED_DIRS.contains(&name)
}

/// Walk `root` once. The root itself is walked even if its name would be skipped.
pub(crate) fn scan(root: &Path) -> Result<Tree, DiscoveryError> {
    Ok(Tree {
        dirs: scan_dir(root)?.into_iter().collect(),
    })
}

/// Lists `dir`, then the folders below it in parallel (a history of
/// thousands of migration folders is mostly directory reads).
fn scan_dir(dir: &Path) -> Result<Vec<(PathBuf, Listing)>, DiscoveryError> {
    let error = |err: std::io::Error| DiscoveryError {
        path: dir.to_path_buf(),
        message: err.to_string(),
    };
    let mut entries = std::fs::read_dir(dir)
        .map_err(error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(error)?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    let mut listing = Listing::default();
    let mut subdirs = Vec::new();
    for entry in entries {
        // The entry's own type: symbolic links to folders are not entered, as
        // the tools list folders with a directory-entry type check (Prisma's
        // `Dirent.isDirectory()`, Go's `DirEntry.IsDir()`).
        let file_type = entry.file_type().map_err(error)?;
        let path = entry.path();
        let file_name = entry.file_name();
        let name = file_name.to_str();
        if file_type.is_dir() {
            if !name.is_some_and(is_skipped) {
                subdirs.push(path);
                listing.dirs.extend(name.map(str::to_owned));
            }
        } else if file_type.is_file() || (file_type.is_symlink() && path.is_file()) {
            // A link to a file is read like the file.
            listing.files.extend(name.map(str::to_owned));
        }
    }
    let below: Vec<_> = subdirs.par_iter().map(|sub| scan_dir(sub)).collect();
    let mut dirs = vec![(dir.to_path_buf(), listing)];
    for scanned in below {
        dirs.extend(scanned?);
    }
    Ok(dirs)
}
