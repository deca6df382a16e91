//! The detectors, one file per tool, and the order they are asked in.
//!
//! Every folder of the walk is offered to the detectors, most specific first;
//! the first that recognises it claims it (and the subfolders it uses). Plain
//! SQL folders are found in a second pass, so that files a detector claimed as
//! its model (dbmate's `schema.sql`) never become a plain project.

mod atlas;
mod dbmate;
mod diesel;
mod drizzle;
mod flyway;
mod golang_migrate;
mod goose;
mod plain;
mod prisma;
mod sqlx;
mod supabase;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use miglint_source::Span;

use crate::dialect::Evidence;
use crate::tree::{Listing, Tree};
use crate::{Migration, Project, Tool};

/// A folder offered to a detector.
pub(crate) struct Folder<'a> {
    pub path: &'a Path,
    pub listing: &'a Listing,
    pub tree: &'a Tree,
    /// The command line forced this tool: match on layout alone, without
    /// asking for the tool's usual evidence (config file, marker, manifest).
    pub forced: bool,
    /// Files other detectors claimed (model files), never migrations.
    pub claimed_files: &'a HashSet<PathBuf>,
}

impl Folder<'_> {
    /// The path of the entry `name` (its real bytes when the name is not UTF-8).
    pub fn join(&self, name: &str) -> PathBuf {
        self.listing.path_in(self.path, name)
    }

    /// The subfolder `name`, if the walk entered it.
    pub fn subfolder(&self, name: &str) -> Option<(PathBuf, &Listing)> {
        let path = self.join(name);
        let listing = self.tree.listing(&path)?;
        Some((path, listing))
    }

    pub fn sql_paths(&self) -> Vec<PathBuf> {
        self.listing
            .sql_files()
            .map(|name| self.join(name))
            .collect()
    }
}

/// What a detector recognised.
pub(crate) struct Detection {
    pub project: Project,
    /// Folders no other detector may claim (the migrations folder and the
    /// subfolders holding its migrations).
    pub claimed_dirs: Vec<PathBuf>,
    /// Files that are not migrations of any project (model files).
    pub claimed_files: Vec<PathBuf>,
}

impl Detection {
    pub fn new(project: Project) -> Self {
        let claimed_dirs = vec![project.root.clone()];
        Self {
            project,
            claimed_dirs,
            claimed_files: Vec::new(),
        }
    }
}

type DetectFn = fn(&Folder<'_>) -> Option<Detection>;

/// Most specific first: tools with a config file or a layout of their own,
/// then content markers, then bare file-name patterns, then plain SQL.
const DETECTORS: [(Tool, DetectFn); 11] = [
    (Tool::Prisma, prisma::detect),
    (Tool::Drizzle, drizzle::detect),
    (Tool::Supabase, supabase::detect),
    (Tool::Atlas, atlas::detect),
    (Tool::Diesel, diesel::detect),
    (Tool::Flyway, flyway::detect),
    (Tool::Dbmate, dbmate::detect),
    (Tool::Goose, goose::detect),
    (Tool::Sqlx, sqlx::detect),
    (Tool::GolangMigrate, golang_migrate::detect),
    (Tool::Plain, plain::detect),
];

/// Every project in the walked tree, in folder order, and the folders of
/// `.sql` files that do not look like a history (skipped).
pub(crate) fn run(tree: &Tree, forced: Option<Tool>) -> (Vec<Project>, Vec<PathBuf>) {
    let mut skipped = Vec::new();
    let mut claimed_dirs: HashSet<PathBuf> = HashSet::new();
    let mut claimed_files: HashSet<PathBuf> = HashSet::new();
    let mut projects = Vec::new();
    let first_pass: Vec<(Tool, DetectFn)> = DETECTORS
        .into_iter()
        .filter(|(tool, _)| match forced {
            Some(forced) => *tool == forced,
            None => *tool != Tool::Plain,
        })
        .collect();
    let plain_pass: Vec<(Tool, DetectFn)> = match forced {
        None => vec![(Tool::Plain, plain::detect as DetectFn)],
        Some(_) => Vec::new(),
    };
    for (pass, detectors) in [first_pass, plain_pass].into_iter().enumerate() {
        for (path, listing) in &tree.dirs {
            if claimed_dirs.contains(path) {
                continue;
            }
            let folder = Folder {
                path,
                listing,
                tree,
                forced: forced.is_some(),
                claimed_files: &claimed_files,
            };
            let Some(found) = detectors.iter().find_map(|(_, detect)| detect(&folder)) else {
                if pass == 1 && plain::skipped(&folder) {
                    skipped.push(path.clone());
                }
                continue;
            };
            claimed_dirs.extend(found.claimed_dirs);
            claimed_files.extend(found.claimed_files);
            projects.push(found.project);
        }
    }
    projects.sort_by(|a, b| a.root.cmp(&b.root));
    (projects, skipped)
}

/// The project of a flat folder of integer-versioned migrations (sqlx,
/// golang-migrate, goose), in version order; the dialect is guessed from the
/// migrations and `crate_feature` (a sqlx-style Cargo feature) when given.
pub(crate) fn numbered_project<K: Ord + Copy>(
    folder: &Folder<'_>,
    tool: Tool,
    mut keyed: Vec<(K, Migration)>,
    ignored: Vec<PathBuf>,
    crate_feature: Option<&str>,
) -> Detection {
    keyed.sort_by_key(|(version, _)| *version);
    let files: Vec<PathBuf> = keyed.iter().map(|(_, m)| m.path.clone()).collect();
    let evidence = crate::dialect::guess(folder.path, &files, crate_feature);
    let mut project = project(folder.path, tool, evidence);
    project.migrations = keyed.into_iter().map(|(_, m)| m).collect();
    project.ignored_files = ignored;
    Detection::new(project)
}

/// A project with nothing but its root, tool and dialect filled in.
pub(crate) fn project(root: &Path, tool: Tool, evidence: Evidence) -> Project {
    Project {
        root: root.to_path_buf(),
        tool,
        dialect: evidence.dialect,
        dialect_source: evidence.source,
        migrations: Vec::new(),
        model: Vec::new(),
        ignored_files: Vec::new(),
        single_file: false,
    }
}

pub(crate) fn migration(name: impl Into<String>, path: PathBuf) -> Migration {
    Migration {
        name: name.into(),
        path,
        up_section: None,
    }
}

/// The part of a migration file its tool runs when migrating up, for tools
/// that keep up and down sections in one file (dbmate, goose); `None` for
/// the whole file.
pub(crate) fn up_section(tool: Tool, text: &str) -> Option<Span> {
    match tool {
        Tool::Dbmate => dbmate::up_section(text),
        Tool::Goose => goose::up_section(text),
        _ => None,
    }
}

/// The byte span from the line after the first line `starts` accepts to the
/// next line `ends` accepts (or the end of the text); `None` without a start.
pub(crate) fn marked_section(
    text: &str,
    starts: impl Fn(&str) -> bool,
    ends: impl Fn(&str) -> bool,
) -> Option<Span> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        match start {
            None if starts(line) => start = Some(offset + line.len()),
            Some(begin) if ends(line) => return Some(Span::from_range(begin..offset)),
            _ => {}
        }
        offset += line.len();
    }
    start.map(|begin| Span::from_range(begin..text.len()))
}

/// The part of `name` before its first `_`, if it is all digits.
pub(crate) fn leading_version(name: &str) -> Option<&str> {
    let (version, _) = name.split_once('_')?;
    (!version.is_empty() && version.bytes().all(|b| b.is_ascii_digit())).then_some(version)
}

/// `name` without a trailing `suffix`, compared case-insensitively.
pub(crate) fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(suffix.len())?;
    let (stem, tail) = (name.get(..cut)?, name.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(stem)
}

/// A file's text; unreadable files count as empty here (reading them for
/// linting reports the error). Only regular files are read: a pipe named
/// like a migration would block.
pub(crate) fn read_text(path: &Path) -> String {
    if !path.is_file() {
        return String::new();
    }
    // Valid UTF-8 becomes the String without a copy (a seed file may be
    // hundreds of megabytes).
    std::fs::read(path)
        .map(|bytes| {
            String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        })
        .unwrap_or_default()
}

/// Whether an ancestor (up to four levels) marks a Rust project: the nearest
/// `Cargo.toml` or `go.mod` decides; with neither, a `crates` folder in the
/// path (the usual Cargo workspace layout) counts.
pub(crate) fn looks_like_rust(dir: &Path) -> bool {
    for folder in dir.ancestors().take(5) {
        if folder.join("Cargo.toml").is_file() {
            return true;
        }
        if folder.join("go.mod").is_file() {
            return false;
        }
    }
    dir.components().any(|c| c.as_os_str() == "crates")
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Small trees under the system temp folder.

    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct TempTree {
        pub root: PathBuf,
    }

    impl TempTree {
        pub fn new(files: &[(&str, &str)]) -> Self {
            static COUNTER: AtomicUsize = AtomicUsize::new(0);
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            // Two levels of our own, so detectors looking above the tree
            // find nothing left in the shared temp folder.
            let root = std::env::temp_dir()
                .join("miglint-project-tests")
                .join(format!("{}-{n}", std::process::id()))
                .join("work");
            let _ = std::fs::remove_dir_all(&root);
            std::fs::create_dir_all(&root).unwrap();
            for (path, text) in files {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
            Self { root }
        }

        pub fn path(&self, relative: &str) -> PathBuf {
            self.root.join(relative)
        }

        pub fn discover(&self) -> Vec<crate::Project> {
            crate::discover(
                std::slice::from_ref(&self.root),
                &crate::Overrides::default(),
            )
            .unwrap()
        }

        /// Migration names in order.
        pub fn names(project: &crate::Project) -> Vec<&str> {
            project.migrations.iter().map(|m| m.name.as_str()).collect()
        }
    }

    impl Drop for TempTree {
        fn drop(&mut self) {
            if let Some(run) = self.root.parent() {
                let _ = std::fs::remove_dir_all(run);
            }
        }
    }
}
