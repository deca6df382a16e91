//! One walk over the given folder: which files and subfolders each folder has.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};
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
    pub dirs: Dirs,
    /// Folders below the root that could not be listed, with the reason.
    pub unreadable: Vec<(PathBuf, String)>,
}

impl Tree {
    pub fn listing(&self, dir: &Path) -> Option<&Listing> {
        self.dirs.get(dir)
    }
}

/// Folders in walk order, found by path through a hash. The walk lists a
/// folder before its subfolders and those by name, which is the order of
/// paths compared component by component; a sorted map compared whole
/// paths at every insertion and lookup (most of discovery's own time in a
/// history of 100,000 migration folders).
#[derive(Debug, Default)]
pub(crate) struct Dirs {
    entries: Vec<(PathBuf, Listing)>,
    positions: HashMap<PathBuf, usize>,
}

impl Dirs {
    pub fn get(&self, dir: &Path) -> Option<&Listing> {
        let &position = self.positions.get(dir)?;
        self.entries.get(position).map(|(_, listing)| listing)
    }

    /// Adds `dir` after every folder added so far (the walk's order).
    fn insert(&mut self, dir: PathBuf, listing: Listing) {
        match self.positions.get(&dir) {
            Some(&position) => {
                if let Some(entry) = self.entries.get_mut(position) {
                    entry.1 = listing;
                }
            }
            None => {
                self.positions.insert(dir.clone(), self.entries.len());
                self.entries.push((dir, listing));
            }
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &PathBuf> {
        self.entries.iter().map(|(path, _)| path)
    }
}

impl<'a> IntoIterator for &'a Dirs {
    type Item = (&'a PathBuf, &'a Listing);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (PathBuf, Listing)>,
        fn(&'a (PathBuf, Listing)) -> (&'a PathBuf, &'a Listing),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(path, listing)| (path, listing))
    }
}

fn is_skipped(name: &str) -> bool {
    name.starts_with('.') || SKIPPED_DIRS.contains(&name)
}

/// Walk `root` once. The root itself is walked even if its name would be
/// skipped; a root that cannot be listed is an error, a folder below it that
/// cannot be listed is kept in `unreadable` and the walk goes on.
pub(crate) fn scan(root: &Path) -> Result<Tree, DiscoveryError> {
    let listing = list_dir(root).map_err(|message| DiscoveryError {
        path: root.to_path_buf(),
        message,
    })?;
    let mut tree = Tree::default();
    walk(root, listing, &mut tree);
    Ok(tree)
}

/// What one `read_dir` found: the listing and the subfolders to enter.
struct Scanned {
    listing: Listing,
    subdirs: Vec<PathBuf>,
}

/// Records `dir`'s listing, then lists the folders below it in parallel (a
/// history of thousands of migration folders is mostly directory reads).
fn walk(dir: &Path, scanned: Scanned, tree: &mut Tree) {
    tree.dirs.insert(dir.to_path_buf(), scanned.listing);
    let below: Vec<(PathBuf, Result<Scanned, String>)> = scanned
        .subdirs
        .into_par_iter()
        .map(|sub| {
            let listed = list_dir(&sub);
            (sub, listed)
        })
        .collect();
    for (sub, listed) in below {
        match listed {
            Ok(scanned) => walk(&sub, scanned, tree),
            Err(message) => {
                // Still a folder of its parent's listing; its contents are unknown.
                if tree.dirs.get(&sub).is_none() {
                    tree.dirs.insert(sub.clone(), Listing::default());
                }
                tree.unreadable.push((sub, message));
            }
        }
    }
}

fn list_dir(dir: &Path) -> Result<Scanned, String> {
    // Each name is taken once: `DirEntry::file_name` allocates, and sorting
    // by it allocated twice per comparison (O(n log n) in a folder of
    // 100,000 migrations).
    let mut entries = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .map(|entry| entry.map(|entry| (entry.file_name(), entry)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut listing = Listing::default();
    let mut subdirs = Vec::new();
    for (name, entry) in entries {
        let path = entry.path();
        // The entry's own type: symbolic links to folders are not entered, as
        // the tools list folders with a directory-entry type check (Prisma's
        // `Dirent.isDirectory()`, Go's `DirEntry.IsDir()`).
        let Ok(file_type) = entry.file_type() else {
            listing.add(&name, false);
            continue;
        };
        if file_type.is_dir() {
            if !name.to_str().is_some_and(is_skipped) {
                listing.add(&name, true);
                subdirs.push(path);
            }
        } else if !(file_type.is_symlink() && path.is_dir()) {
            // Any other entry that is not a folder is listed as a file, so
            // that a dangling link or a pipe named like a migration is
            // reported when it is read, not dropped.
            listing.add(&name, false);
        }
    }
    Ok(Scanned { listing, subdirs })
}
