//! One walk over the given folder: which files and subfolders each folder has.

use std::collections::{BTreeMap, HashMap};
use std::ffi::{OsStr, OsString};
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

/// What one folder holds (names only, sorted). A name that is not UTF-8 is
/// listed lossily, and `real` keeps its bytes for reading the file.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub files: Vec<String>,
    pub dirs: Vec<String>,
    real: HashMap<String, OsString>,
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

    /// The path of the entry `name` of this listing, which is the folder `dir`.
    pub fn path_in(&self, dir: &Path, name: &str) -> PathBuf {
        match self.real.get(name) {
            Some(real) => dir.join(real),
            None => dir.join(name),
        }
    }

    fn add(&mut self, name: &OsStr, is_dir: bool) {
        let shown = name.to_string_lossy().into_owned();
        if name.to_str().is_none() {
            self.real.insert(shown.clone(), name.to_owned());
        }
        if is_dir {
            self.dirs.push(shown);
        } else {
            self.files.push(shown);
        }
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
    /// Folders below the root that could not be listed, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Tree {
    pub fn listing(&self, dir: &Path) -> Option<&Listing> {
        self.dirs.get(dir)
    }
}

fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || SKIPPED_DIRS.contains(&name)
}

/// Walk `root` once. The root itself is walked even if its name would be
/// skipped; a root that cannot be listed is an error, a folder below it that
/// cannot be listed is kept in `unreadable` and the walk goes on.
pub(crate) fn scan(root: &Path) -> Result<Tree, DiscoveryError> {
    // Hashed while walking (one look-up per entry), ordered once at the end.
    let mut dirs: HashMap<PathBuf, Listing> = HashMap::new();
    let mut unreadable = Vec::new();
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
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                let message = err
                    .io_error()
                    .map_or_else(|| err.to_string(), ToString::to_string);
                if err.depth() == 0 || path == root {
                    return Err(DiscoveryError { path, message });
                }
                unreadable.push((path, message));
                continue;
            }
        };
        let path = entry.path();
        let is_dir = entry.file_type().is_dir();
        // A link to a folder is not entered (above); any other entry that is
        // not a folder is listed as a file, so that a dangling link or a pipe
        // named like a migration is reported when it is read, not dropped.
        let is_link_to_dir = entry.path_is_symlink() && path.is_dir();
        if is_dir {
            dirs.entry(path.to_path_buf()).or_default();
        }
        if entry.depth() == 0 || is_link_to_dir {
            continue;
        }
        let Some(parent) = path.parent() else {
            continue;
        };
        dirs.entry(parent.to_path_buf())
            .or_default()
            .add(entry.file_name(), is_dir);
    }
    Ok(Tree {
        dirs: dirs.into_iter().collect(),
        unreadable,
    })
}
