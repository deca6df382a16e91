//! One walk over the given folder: which files and subfolders each folder has.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

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
    // Hashed while walking (one look-up per entry), ordered once at the end.
    let mut dirs: HashMap<PathBuf, Listing> = HashMap::new();
    // Symbolic links to folders are not entered: the tools list folders with
    // a directory-entry type check (Prisma's `Dirent.isDirectory()`, Go's
    // `DirEntry.IsDir()`), which is false for a link.
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !entry.file_type().is_dir()
                || !entry.file_name().to_str().is_some_and(is_skipped)
        });
    for entry in walker {
        let entry = entry.map_err(|err| DiscoveryError {
            path: err.path().unwrap_or(root).to_path_buf(),
            message: err
                .io_error()
                .map_or_else(|| err.to_string(), ToString::to_string),
        })?;
        let path = entry.path();
        let is_dir = entry.file_type().is_dir();
        // A link to a file is read like the file.
        let is_file = entry.file_type().is_file() || (entry.path_is_symlink() && path.is_file());
        if is_dir {
            dirs.entry(path.to_path_buf()).or_default();
        }
        if entry.depth() == 0 {
            continue;
        }
        let (Some(parent), Some(name)) = (path.parent(), entry.file_name().to_str()) else {
            continue;
        };
        let listing = dirs.entry(parent.to_path_buf()).or_default();
        if is_dir {
            listing.dirs.push(name.to_owned());
        } else if is_file {
            listing.files.push(name.to_owned());
        }
    }
    Ok(Tree {
        dirs: dirs.into_iter().collect(),
    })
}
