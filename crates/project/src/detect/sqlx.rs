//! sqlx: `<version>_<desc>.sql` or `<version>_<desc>.up.sql` (`.down.sql`
//! files only run on revert), version an `i64`, applied in numeric order.
//!
//! The same names suit plain folders and golang-migrate, so sqlx asks for a
//! Rust project around the folder (see `looks_like_rust`).

use super::{Detection, Folder, leading_version, looks_like_rust, migration, numbered_project};
use crate::Tool;

pub(super) fn detect(folder: &Folder<'_>) -> Option<Detection> {
    if !folder.forced && !looks_like_rust(folder.path) {
        return None;
    }
    let mut keyed = Vec::new();
    let mut ignored = Vec::new();
    for name in folder.listing.sql_files() {
        let path = folder.join(name);
        if name.ends_with(".down.sql") {
            continue;
        }
        let version = leading_version(name).and_then(|v| v.parse::<i64>().ok());
        let stem = name
            .strip_suffix(".up.sql")
            .or_else(|| name.strip_suffix(".sql"));
        match (version, stem) {
            (Some(version), Some(stem)) => keyed.push((version, migration(stem, path))),
            _ => ignored.push(path),
        }
    }
    if keyed.is_empty() || (keyed.len() <= ignored.len() && !folder.forced) {
        return None;
    }
    Some(numbered_project(
        folder,
        Tool::Sqlx,
        keyed,
        ignored,
        Some("sqlx"),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::TempTree;
    use super::*;
    use miglint_source::Dialect;

    #[test]
    fn sqlx_in_a_cargo_project() {
        let tree = TempTree::new(&[
            (
                "Cargo.toml",
                "[package]\nname = \"x\"\n\n[dependencies]\nsqlx = { version = \"0.8\", features = [\"runtime-tokio\", \"sqlite\"] }\n",
            ),
            ("migrations/10_c.up.sql", "SELECT 1;"),
            ("migrations/10_c.down.sql", "SELECT 1;"),
            ("migrations/9_b.sql", "SELECT 1;"),
            ("migrations/notes.sql", "SELECT 1;"),
        ]);
        let projects = tree.discover();
        assert_eq!(projects.len(), 1);
        let p = &projects[0];
        assert_eq!(p.tool, Tool::Sqlx);
        assert_eq!(p.dialect, Dialect::Sqlite);
        assert!(p.dialect_source.starts_with("sqlx features in"));
        assert_eq!(TempTree::names(p), ["9_b", "10_c"]);
        assert_eq!(p.ignored_files, [tree.path("migrations/notes.sql")]);
    }

    /// SQL that both databases accept, in a SQLite crate: the dialect comes
    /// from the workspace's sqlx features, a database URL, or the crate's
    /// other migration folders.
    #[test]
    fn sqlite_crates_with_neutral_sql() {
        let neutral = "create table history (id text primary key, timestamp integer not null);";
        let workspace = TempTree::new(&[
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.dependencies]\nsqlx = { version = \"0.8\", features = [\"runtime-tokio-rustls\", \"sqlite\"] }\n",
            ),
            (
                "crates/client/Cargo.toml",
                "[package]\nname = \"client\"\n\n[dependencies]\nsqlx = { workspace = true }\n",
            ),
            ("crates/client/migrations/1_init.sql", neutral),
        ]);
        let url = TempTree::new(&[
            ("Cargo.toml", "[package]\nname = \"x\"\n"),
            (".env", "DATABASE_URL=sqlite:./data/app.db\n"),
            ("migrations/1_init.sql", neutral),
        ]);
        let siblings = TempTree::new(&[
            ("Cargo.toml", "[package]\nname = \"x\"\n"),
            ("migrations/1_init.sql", neutral),
            (
                "record-migrations/1_records.sql",
                "create table records (id text primary key, data blob not null);",
            ),
        ]);
        for tree in [workspace, url, siblings] {
            let projects = tree.discover();
            assert!(!projects.is_empty());
            for p in &projects {
                assert_eq!(p.tool, Tool::Sqlx);
                assert_eq!(p.dialect, Dialect::Sqlite, "{}", p.dialect_source);
            }
        }
    }

    #[test]
    fn without_rust_the_same_files_are_plain() {
        let tree = TempTree::new(&[("migrations/9_b.sql", "SELECT 1;")]);
        assert_eq!(tree.discover()[0].tool, Tool::Plain);
    }
}
