//! Discovery control: only folders that look like histories, `include` and
//! `exclude` in miglint.toml, and a `schema.prisma` path selecting its project.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::process::Output;

use serde_json::Value;
use support::{TempDir, run};

fn roots(output: &Output) -> Vec<String> {
    let text = String::from_utf8_lossy(&output.stdout);
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    json["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["root"].as_str().unwrap().to_owned())
        .collect()
}

fn repository_with_sql_beside_the_history() -> TempDir {
    let dir = TempDir::new("discovery");
    dir.write(
        "db/migrations/001_users.sql",
        "CREATE TABLE users (id int);\n",
    );
    dir.write(
        "db/migrations/002_email.sql",
        "ALTER TABLE users ADD COLUMN email text;\n",
    );
    dir.write("scripts/backfill.sql", "UPDATE users SET email = '';\n");
    dir.write("scripts/report.sql", "SELECT * FROM orders;\n");
    dir.write("seed/users.sql", "INSERT INTO users VALUES (1);\n");
    dir.write(
        "docker/init.sql",
        "CREATE EXTENSION pgcrypto;\nCREATE TABLE t (id int);\nCREATE TABLE t (id int);\n",
    );
    dir
}

#[test]
fn only_the_history_is_linted_and_verbose_says_what_was_skipped() {
    let dir = repository_with_sql_beside_the_history();
    let out = run(dir.path(), &["check", "--format", "json", "--verbose", "."]);
    assert_eq!(roots(&out), ["db/migrations"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for folder in ["scripts", "seed", "docker"] {
        assert!(
            stderr.contains(&format!("note: {folder}: .sql files skipped")),
            "{stderr}"
        );
    }
    // Without --verbose, no notes.
    let quiet = run(dir.path(), &["check", "--format", "json", "."]);
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("note:"));
    // A folder given by name is linted as asked.
    let out = run(dir.path(), &["check", "--format", "json", "docker"]);
    assert_eq!(roots(&out), ["docker"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn include_and_exclude_globs_in_the_configuration() {
    let dir = repository_with_sql_beside_the_history();
    dir.write(
        "legacy/migrations/001_old.sql",
        "ALTER TABLE gone ADD x int;\n",
    );
    let all = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(roots(&all), ["db/migrations", "legacy/migrations"]);

    dir.write("miglint.toml", "exclude = [\"legacy/**\"]\n");
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(roots(&out), ["db/migrations"]);

    dir.write("miglint.toml", "include = [\"legacy/**\"]\n");
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(roots(&out), ["legacy/migrations"]);

    dir.write("miglint.toml", "include = [\"[\"]\n");
    let out = run(dir.path(), &["check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`include`"));
}

#[test]
fn a_prisma_schema_path_selects_its_project() {
    let dir = TempDir::new("discovery-prisma");
    dir.write(
        "prisma/schema.prisma",
        "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel User {\n  id Int @id\n  email String\n}\n",
    );
    dir.write(
        "prisma/migrations/20240101000000_init/migration.sql",
        "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n",
    );
    dir.write(
        "prisma/migrations/migration_lock.toml",
        "provider = \"postgresql\"\n",
    );
    let out = run(
        dir.path(),
        &["check", "--format", "json", "prisma/schema.prisma"],
    );
    assert_eq!(roots(&out), ["prisma/migrations"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("model-column-missing"), "{text}");
    assert!(!text.contains("syntax-error"), "{text}");
}
