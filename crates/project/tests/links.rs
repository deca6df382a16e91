//! Symbolic links: a linked migration folder is not a migration, as the
//! tools list folders by directory-entry type (Prisma's `Dirent.isDirectory()`
//! is false for a link); loops and dangling links change nothing.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::os::unix::fs::symlink;

use miglint_project::{Overrides, Tool, discover};
use miglint_testing::TempDir;

#[test]
fn linked_migration_folders_are_not_migrations() {
    let dir = TempDir::new("links").unwrap();
    dir.write(
        "shared/20240101000000_init/migration.sql",
        "CREATE TABLE t (id int);\n",
    )
    .unwrap();
    dir.write(
        "app/prisma/schema.prisma",
        "datasource db {\n  provider = \"postgresql\"\n}\n",
    )
    .unwrap();
    dir.write(
        "app/prisma/migrations/20240201000000_more/migration.sql",
        "ALTER TABLE t ADD COLUMN a int;\n",
    )
    .unwrap();
    let migrations = dir.path().join("app/prisma/migrations");
    symlink(
        dir.path().join("shared/20240101000000_init"),
        migrations.join("20240101000000_init"),
    )
    .unwrap();
    symlink(dir.path().join("app"), dir.path().join("app/prisma/loop")).unwrap();
    symlink(dir.path().join("nowhere"), dir.path().join("app/dangling")).unwrap();

    let projects = discover(&[dir.path().join("app")], &Overrides::default()).unwrap();
    let prisma: Vec<_> = projects.iter().filter(|p| p.tool == Tool::Prisma).collect();
    assert_eq!(prisma.len(), 1, "{projects:#?}");
    let names: Vec<&str> = prisma[0]
        .migrations
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(names, ["20240201000000_more"]);
}
