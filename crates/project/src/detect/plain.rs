//! Plain SQL: a folder with `.sql` files and nothing more specific, in
//! natural order (`2_a.sql` before `10_a.sql`), when it looks like a
//! migration history: a migrations-like folder name, or files that all start
//! with a version number. Other folders of `.sql` files (`scripts/`,
//! `seed/`, `docker/init.sql`) are skipped; `--verbose` names them.

use std::path::{Path, PathBuf};

use super::{Detection, Folder, migration, project, strip_suffix_ignore_case};
use crate::Tool;
use crate::dialect;
use crate::order::natural_compare;

fn candidates<'a>(folder: &'a Folder<'_>) -> Vec<&'a str> {
    folder
        .listing
        .sql_files()
        .filter(|name| !folder.claimed_files.contains(&folder.join(name)))
        .collect()
}

/// A folder of `.sql` files that is not read as a history (for `--verbose`).
pub(super) fn skipped(folder: &Folder<'_>) -> bool {
    !candidates(folder).is_empty() && detect(folder).is_none()
}

/// Names that say "migrations" (`migrations`, `db/migrate`, `sql_migrations`,
/// `schema`, Liquibase's `changelog`, Play's `evolutions`): the folder's, its
/// parent's (`migrations/<name>/up.sql`), or the files' own (`migration.sql`).
fn migrations_like(dir: &Path, names: &[&str]) -> bool {
    let says = |name: &str| {
        let name = name.to_ascii_lowercase();
        ["migrat", "schema", "changelog", "evolution", "ddl"]
            .iter()
            .any(|word| name.contains(word))
    };
    let folder_says = dir
        .iter()
        .rev()
        .take(2)
        .any(|part| says(&part.to_string_lossy()));
    folder_says || names.iter().all(|name| says(name))
}

/// A name that starts with a version: digits (`001_init.sql`, `1.sql`), or a
/// `V` and digits (`V1__init.sql`).
fn versioned(name: &str) -> bool {
    let rest = name
        .strip_prefix(['V', 'v'])
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(name);
    rest.starts_with(|c: char| c.is_ascii_digit())
}

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    let mut names = candidates(folder);
    if names.is_empty() {
        return None;
    }
    // A folder given on the command line is linted as asked.
    let given = folder.tree.dirs.keys().next().map(PathBuf::as_path) == Some(folder.path);
    let history = folder.forced
        || given
        || migrations_like(folder.path, &names)
        || names.iter().all(|name| versioned(name));
    if !history {
        return None;
    }
    names.sort_by(|a, b| natural_compare(a, b));
    let files: Vec<_> = names.iter().map(|name| folder.join(name)).collect();
    let evidence = dialect::guess(folder.path, &files, None);
    let mut project = project(folder.path, Tool::Plain, evidence);
    project.migrations = names
        .iter()
        .zip(files)
        .map(|(name, path)| migration(strip_suffix_ignore_case(name, ".sql").unwrap_or(name), path))
        .collect();
    Some(Detection::new(project))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;

    #[test]
    fn natural_order_and_skipped_folders() {
        let tree = TempTree::new(&[
            ("sql/10_a.sql", "SELECT 1;"),
            ("sql/2_a.sql", "SELECT 1;"),
            ("sql/node_modules/x/1.sql", "SELECT 1;"),
            ("sql/.hidden/1.sql", "SELECT 1;"),
            ("sql/build/1.sql", "SELECT 1;"),
        ]);
        let projects = tree.discover();
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].tool, Tool::Plain);
        assert_eq!(TempTree::names(&projects[0]), ["2_a", "10_a"]);
    }

    #[test]
    fn only_folders_that_look_like_histories() {
        let tree = TempTree::new(&[
            ("db/migrations/init.sql", "SELECT 1;"),
            ("db/migrations/users.sql", "SELECT 1;"),
            ("sql/001_a.sql", "SELECT 1;"),
            ("sql/V2__b.sql", "SELECT 1;"),
            ("scripts/backfill.sql", "SELECT 1;"),
            ("scripts/001_report.sql", "SELECT 1;"),
            ("seed/users.sql", "SELECT 1;"),
            ("docker/init.sql", "SELECT 1;"),
        ]);
        let roots: Vec<PathBuf> = tree.discover().into_iter().map(|p| p.root).collect();
        assert_eq!(roots, [tree.path("db/migrations"), tree.path("sql")]);
        // Given on the command line, a folder is linted as asked.
        let given = crate::discover(&[tree.path("seed")], &crate::Overrides::default()).unwrap();
        assert_eq!(given.len(), 1);
    }
}
