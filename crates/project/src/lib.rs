//! Discovery: which migration projects live below the given paths, which tool
//! runs each, in which dialect, and in which order the tool applies the files.
//!
//! Each tool is one small detector in `detect/`; `discover` walks the tree
//! once and asks the detectors in order of specificity.

mod detect;
mod dialect;
pub mod order;
mod tree;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use miglint_source::{Dialect, Span};

/// The migration tool that runs a project's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tool {
    Prisma,
    Sqlx,
    Diesel,
    GolangMigrate,
    Goose,
    Flyway,
    Dbmate,
    Supabase,
    Drizzle,
    Atlas,
    Plain,
}

impl Tool {
    pub const ALL: [Tool; 11] = [
        Tool::Prisma,
        Tool::Sqlx,
        Tool::Diesel,
        Tool::GolangMigrate,
        Tool::Goose,
        Tool::Flyway,
        Tool::Dbmate,
        Tool::Supabase,
        Tool::Drizzle,
        Tool::Atlas,
        Tool::Plain,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            Tool::Prisma => "prisma",
            Tool::Sqlx => "sqlx",
            Tool::Diesel => "diesel",
            Tool::GolangMigrate => "golang-migrate",
            Tool::Goose => "goose",
            Tool::Flyway => "flyway",
            Tool::Dbmate => "dbmate",
            Tool::Supabase => "supabase",
            Tool::Drizzle => "drizzle",
            Tool::Atlas => "atlas",
            Tool::Plain => "plain",
        }
    }
}

impl Tool {
    /// The table the tool keeps its history in, as (schema, name): it exists
    /// in the database although no migration creates it.
    pub const fn bookkeeping_table(self) -> Option<(Option<&'static str>, &'static str)> {
        match self {
            Tool::Prisma => Some((None, "_prisma_migrations")),
            Tool::Sqlx => Some((None, "_sqlx_migrations")),
            Tool::Diesel => Some((None, "__diesel_schema_migrations")),
            Tool::GolangMigrate | Tool::Dbmate => Some((None, "schema_migrations")),
            Tool::Goose => Some((None, "goose_db_version")),
            Tool::Flyway => Some((None, "flyway_schema_history")),
            Tool::Supabase => Some((Some("supabase_migrations"), "schema_migrations")),
            Tool::Drizzle => Some((Some("drizzle"), "__drizzle_migrations")),
            Tool::Atlas => Some((Some("atlas_schema_revisions"), "atlas_schema_revisions")),
            Tool::Plain => None,
        }
    }

    /// Schemas the platform behind the tool provides before any migration
    /// runs (Supabase's `auth`, `storage`…).
    pub const fn platform_schemas(self) -> &'static [&'static str] {
        match self {
            Tool::Supabase => &[
                "auth",
                "storage",
                "extensions",
                "graphql",
                "graphql_public",
                "realtime",
                "supabase_functions",
                "supabase_migrations",
                "vault",
                "net",
                "pgsodium",
                "pgbouncer",
            ],
            _ => &[],
        }
    }
}

impl Tool {
    /// The version the tool records for the migration named `name` (its
    /// `Migration::name`), normalised the way the tool compares versions:
    /// two migrations with the same version collide. `None` when the tool
    /// identifies migrations by their whole name (Prisma, drizzle, plain SQL)
    /// or the name carries no version (Flyway's repeatable `R__` files).
    pub fn version_of(self, name: &str) -> Option<String> {
        let digits = |s: &str| -> Option<String> {
            let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
            let run = s.get(..end)?;
            (!run.is_empty()).then(|| run.to_owned())
        };
        match self {
            // Parsed as integers: `001` and `1` are the same version.
            Tool::Sqlx | Tool::GolangMigrate | Tool::Goose => {
                let version = detect::leading_version(name)?.trim_start_matches('0');
                Some(if version.is_empty() { "0" } else { version }.to_owned())
            }
            // Compared as text.
            Tool::Dbmate => digits(name),
            Tool::Supabase => detect::leading_version(name).map(str::to_owned),
            Tool::Diesel => Some(name.split('_').next().unwrap_or(name).replace('-', "")),
            Tool::Atlas => Some(name.split('_').next().unwrap_or(name).to_owned()),
            Tool::Flyway => {
                let (head, _) = name.split_once("__")?;
                let key = order::flyway_version_key(head.strip_prefix('V')?)?;
                Some(if key.is_empty() {
                    "0".to_owned()
                } else {
                    key.join(".")
                })
            }
            Tool::Prisma | Tool::Drizzle | Tool::Plain => None,
        }
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Tool {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tool::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = Tool::ALL.iter().map(|t| t.name()).collect();
                format!("unknown tool `{s}` (expected one of: {})", names.join(", "))
            })
    }
}

/// One migration, as its tool names and orders it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Migration {
    /// The tool's name for it (Prisma: the folder name; others: the file stem).
    pub name: String,
    /// The SQL file that applies it.
    pub path: PathBuf,
    /// The part of the file that runs when migrating up (dbmate's
    /// `-- migrate:up` section); `None` for the whole file.
    pub up_section: Option<Span>,
}

/// A migration project: a tool, a dialect, an ordered history and the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The folder the project was found at (shown in output).
    pub root: PathBuf,
    pub tool: Tool,
    pub dialect: Dialect,
    /// Where the dialect came from, for messages ("migration_lock.toml").
    pub dialect_source: String,
    /// In the order the tool applies them.
    pub migrations: Vec<Migration>,
    /// Model files (Prisma: `schema.prisma` or every `.prisma` file of the schema folder).
    pub model: Vec<PathBuf>,
    /// `.sql` files in the migrations folder that the tool will never run.
    pub ignored_files: Vec<PathBuf>,
    /// A single file given on the command line: a partial history.
    pub single_file: bool,
}

/// What the command line forces, overriding detection.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub tool: Option<Tool>,
    pub dialect: Option<Dialect>,
}

/// Discovery could not do its job for a path.
#[derive(Debug)]
pub struct DiscoveryError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// What discovery found below the paths.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Sorted by root.
    pub projects: Vec<Project>,
    /// Folders that could not be listed and hold no migration of a found
    /// history: worth a notice, not a failure. (A migration inside an
    /// unreadable folder stays in its project and is reported when read.)
    pub skipped: Vec<DiscoveryError>,
    /// Folders of `.sql` files left out because they do not look like a
    /// migration history (no migrations-like name, no versioned file names).
    pub not_histories: Vec<PathBuf>,
}

/// Every project below `paths`, sorted by root (so the order of the paths
/// does not change the output). A path that is a file is a project of its own
/// (`single_file`). A path with nothing to lint gives no project, not an error.
pub fn discover(paths: &[PathBuf], overrides: &Overrides) -> Result<Vec<Project>, DiscoveryError> {
    discover_all(paths, overrides).map(|found| found.projects)
}

/// [`discover`], with the folders it had to skip.
pub fn discover_all(
    paths: &[PathBuf],
    overrides: &Overrides,
) -> Result<Discovered, DiscoveryError> {
    let mut projects: Vec<Project> = Vec::new();
    let mut unreadable: Vec<(PathBuf, String)> = Vec::new();
    let mut not_histories: Vec<PathBuf> = Vec::new();
    for given in paths {
        // Detectors look at a folder's real ancestors (the nearest
        // `Cargo.toml`, a schema above the migrations): resolve `..` and links.
        let path = &std::fs::canonicalize(given).map_err(|err| DiscoveryError {
            path: given.clone(),
            message: err.to_string(),
        })?;
        let metadata = std::fs::metadata(path).map_err(|err| DiscoveryError {
            path: given.clone(),
            message: err.to_string(),
        })?;
        let is_prisma = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("prisma"));
        let found = if metadata.is_file() && is_prisma {
            vec![prisma_project_of(path, given, overrides)?]
        } else if metadata.is_file() {
            vec![single_file(path, overrides)]
        } else if !metadata.is_dir() {
            return Err(DiscoveryError {
                path: given.clone(),
                message: "not a file or folder (a device, pipe or socket cannot be linted)"
                    .to_owned(),
            });
        } else {
            let tree = tree::scan(path)?;
            unreadable.extend(tree.unreadable.iter().cloned());
            let (found, skipped) = detect::run(&tree, overrides.tool);
            not_histories.extend(skipped);
            found
        };
        for mut project in found {
            if let Some(dialect) = overrides.dialect {
                project.dialect = dialect;
                project.dialect_source = "--dialect".to_owned();
            }
            // Overlapping paths find the same project twice.
            if !projects.iter().any(|p| p.root == project.root) {
                projects.push(project);
            }
        }
    }
    projects.sort_by(|a, b| a.root.cmp(&b.root));
    unreadable.sort();
    unreadable.dedup();
    let skipped = unreadable
        .into_iter()
        .filter(|(dir, _)| {
            !projects
                .iter()
                .any(|p| p.migrations.iter().any(|m| m.path.starts_with(dir)))
        })
        .map(|(path, message)| DiscoveryError { path, message })
        .collect();
    not_histories.sort();
    not_histories.dedup();
    Ok(Discovered {
        projects,
        skipped,
        not_histories,
    })
}

/// The project whose model a `.prisma` file given on the command line is:
/// found from the schema's folder or the two above it (a `prisma/schema/`
/// folder of files sits beside `prisma/migrations`).
fn prisma_project_of(
    schema: &Path,
    given: &Path,
    overrides: &Overrides,
) -> Result<Project, DiscoveryError> {
    for dir in schema.ancestors().skip(1).take(3) {
        let Ok(tree) = tree::scan(dir) else {
            continue;
        };
        let (found, _) = detect::run(&tree, Some(overrides.tool.unwrap_or(Tool::Prisma)));
        if let Some(project) = found
            .into_iter()
            .find(|p| p.model.iter().any(|m| m == schema))
        {
            return Ok(project);
        }
    }
    Err(DiscoveryError {
        path: given.to_path_buf(),
        message:
            "no Prisma migrations folder uses this schema (expected `migrations/` beside it); \
                  give the project's folder instead"
                .to_owned(),
    })
}

/// The part of a migration's `text` its tool runs when migrating up (dbmate's
/// `-- migrate:up`, goose's `-- +goose Up` section); `None` for the whole text.
pub fn up_section(tool: Tool, text: &str) -> Option<Span> {
    detect::up_section(tool, text)
}

/// One file named on the command line: a partial history of one migration.
fn single_file(path: &Path, overrides: &Overrides) -> Project {
    let tool = overrides.tool.unwrap_or(Tool::Plain);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name
        .strip_suffix(".up.sql")
        .or_else(|| name.strip_suffix(".sql"))
        .unwrap_or(&name);
    // A dbmate or goose file keeps its up section; other tools run the whole file.
    let up_section = detect::up_section(tool, &detect::read_text(path));
    Project {
        root: path.to_path_buf(),
        tool,
        dialect: Dialect::Postgres,
        dialect_source: "default".to_owned(),
        migrations: vec![Migration {
            name: stem.to_owned(),
            path: path.to_path_buf(),
            up_section,
        }],
        model: Vec::new(),
        ignored_files: Vec::new(),
        single_file: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::test_support::TempTree;

    #[test]
    fn versions_as_each_tool_compares_them() {
        assert_eq!(Tool::Sqlx.version_of("001_a").as_deref(), Some("1"));
        assert_eq!(Tool::Goose.version_of("00000_a").as_deref(), Some("0"));
        assert_eq!(Tool::Dbmate.version_of("001_a").as_deref(), Some("001"));
        assert_eq!(
            Tool::Diesel.version_of("2024-01-01-000000_a").as_deref(),
            Some("20240101000000")
        );
        assert_eq!(
            Tool::Flyway.version_of("V1_0__a"),
            Tool::Flyway.version_of("V1__b")
        );
        assert_eq!(Tool::Flyway.version_of("R__views"), None);
        assert_eq!(Tool::Prisma.version_of("20240101_a"), None);
    }

    #[test]
    fn missing_path_is_an_error() {
        let missing = std::env::temp_dir().join("miglint-no-such-folder/really-not-here");
        let err = discover(std::slice::from_ref(&missing), &Overrides::default()).unwrap_err();
        assert_eq!(err.path, missing);
    }

    #[test]
    fn folder_without_sql_gives_nothing() {
        let tree = TempTree::new(&[("README.md", "hi")]);
        assert!(tree.discover().is_empty());
    }

    #[test]
    fn single_file_is_a_partial_history() {
        let tree = TempTree::new(&[("x/20240101_add.sql", "-- migrate:up\nSELECT 1;\n")]);
        let file = tree.path("x/20240101_add.sql");
        let p = &discover(std::slice::from_ref(&file), &Overrides::default()).unwrap()[0];
        assert!(p.single_file);
        assert_eq!((p.tool, p.dialect), (Tool::Plain, Dialect::Postgres));
        assert_eq!(p.migrations[0].name, "20240101_add");
        assert_eq!(p.migrations[0].up_section, None);

        let forced = Overrides {
            tool: Some(Tool::Dbmate),
            dialect: Some(Dialect::Sqlite),
        };
        let p = &discover(&[file], &forced).unwrap()[0];
        assert_eq!((p.tool, p.dialect), (Tool::Dbmate, Dialect::Sqlite));
        assert_eq!(p.migrations[0].up_section, Some(Span::new(14, 24)));
    }

    #[test]
    fn monorepo_projects_in_path_order() {
        let tree = TempTree::new(&[
            (
                "b/prisma/schema.prisma",
                "datasource db {\n provider = \"postgresql\"\n}\n",
            ),
            ("b/prisma/migrations/1_init/migration.sql", "SELECT 1;"),
            ("a/sql/1.sql", "SELECT 1;"),
            ("c/supabase/config.toml", ""),
            ("c/supabase/migrations/1_init.sql", "SELECT 1;"),
        ]);
        let found: Vec<(String, Tool)> = tree
            .discover()
            .iter()
            .map(|p| {
                (
                    p.root
                        .strip_prefix(&tree.root)
                        .unwrap()
                        .display()
                        .to_string(),
                    p.tool,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("a/sql".to_owned(), Tool::Plain),
                ("b/prisma/migrations".to_owned(), Tool::Prisma),
                ("c/supabase/migrations".to_owned(), Tool::Supabase),
            ]
        );
    }

    #[test]
    fn forced_tool_and_dialect_win() {
        let tree = TempTree::new(&[
            (
                "prisma/schema.prisma",
                "datasource db {\n provider = \"mysql\"\n}\n",
            ),
            ("prisma/migrations/1_init/migration.sql", "SELECT 1;"),
            ("go/1_a.up.sql", "SELECT 1;"),
        ]);
        let overrides = Overrides {
            tool: Some(Tool::Sqlx),
            dialect: Some(Dialect::Postgres),
        };
        let projects = discover(std::slice::from_ref(&tree.root), &overrides).unwrap();
        // Only the sqlx detector runs: the Prisma folder has no sqlx files.
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].tool, Tool::Sqlx);
        assert_eq!(projects[0].root, tree.path("go"));
        assert_eq!(projects[0].dialect_source, "--dialect");

        let overrides = Overrides {
            tool: Some(Tool::Prisma),
            dialect: None,
        };
        let projects = discover(std::slice::from_ref(&tree.root), &overrides).unwrap();
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].dialect, Dialect::MySql);
    }

    #[test]
    fn given_hidden_folder_is_walked() {
        let tree = TempTree::new(&[(".db/1.sql", "SELECT 1;")]);
        let projects = discover(&[tree.path(".db")], &Overrides::default()).unwrap();
        assert_eq!(projects.len(), 1);
        assert!(tree.discover().is_empty());
    }
}
