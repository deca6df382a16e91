//! Ground truth for MySQL histories: apply each MySQL corpus history to a
//! real MariaDB/MySQL server with its tool's semantics and compare the
//! server's `information_schema` with `miglint schema`'s document of the
//! same history, field by field (tables; columns with their
//! `COLUMN_TYPE`, nullability and default; primary keys; unique and other
//! indexes; foreign keys; checks; enum values are part of `COLUMN_TYPE`).
//!
//! Runs when `MIGLINT_TEST_MYSQL_URL` points at a server (e.g.
//! `mysql://miglint:miglint@127.0.0.1:3306/miglint_test`; `.ci/run` starts
//! MariaDB) and the corpus is present; otherwise it is skipped with a notice.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use support::differences;

/// How the difference lines name the server.
const SERVER: &str = "server";

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use mysql::prelude::Queryable;

use miglint_catalog::types::{normalize_default, numeric_default, parse_type};
use miglint_engine::schema::{SchemaDocument, schema_document};
use miglint_engine::{Config, replay};
use miglint_project::{Overrides, Project, Tool, discover};
use miglint_source::Dialect;

/// MySQL corpora: (name, project folder). Every MySQL history of the corpus
/// applies; none is left out.
const CORPORA: &[(&str, &str)] = &[("umami-mysql", "umami-mysql/db/mysql")];

/// Histories in this repository (`tests/replay_histories`), for the forms the
/// corpus does not use (foreign keys, checks, enums, renames, `ALTER` forms).
const HISTORIES: &[(&str, &str)] = &[
    ("mysql-features", "mysql-features/prisma"),
    ("mysql-drizzle", "mysql-drizzle/drizzle"),
];

/// Differences known and not resolved: (corpus, kind, subject). Any other
/// difference fails the test.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[
    // A column-level CHECK: MariaDB names it after its column (`rating`),
    // MySQL 8 `<table>_chk_<n>`; miglint follows MySQL and has no MariaDB
    // flavour of the dialect. `verify` is not affected: the live schema is
    // read back through the same naming.
    ("mysql-features", "check", "comment rating"),
    ("mysql-features", "check", "comment comment_chk_1"),
];

/// What the comparison covers, as sets of printable facts.
#[derive(Default, Debug)]
struct Facts {
    tables: BTreeSet<String>,
    /// `table column type null|not null`.
    columns: BTreeSet<String>,
    /// `table.column = default`, both sides normalised the same way.
    defaults: BTreeSet<String>,
    primary_keys: BTreeSet<String>,
    /// Every other index: `table name unique=… method=… (columns)`.
    indexes: BTreeSet<String>,
    foreign_keys: BTreeSet<String>,
    checks: BTreeSet<String>,
}

/// A default in one spelling for both sides: the catalog's normalisation,
/// numbers by value on numeric columns.
fn default_fact(table: &str, column: &str, ty: &str, default: &str) -> String {
    let normalized = normalize_default(default, Dialect::MySql);
    let value = if parse_type(ty, Dialect::MySql).is_numeric() {
        numeric_default(&normalized, Dialect::MySql)
    } else {
        normalized
    };
    format!("{table}.{column} = {value}")
}

/// The server's own catalog. Two MariaDB spellings are read as MySQL 8
/// prints them, since miglint's canonical form is MySQL's: integer display
/// widths (`int(11)`, through `parse_type`) and `JSON`, which MariaDB keeps
/// as `longtext` with a `json_valid` check named after the column.
fn server_facts(conn: &mut mysql::Conn) -> Facts {
    let mut facts = Facts::default();
    let tables: Vec<String> = conn
        .query(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> '_prisma_migrations'",
        )
        .unwrap();
    facts.tables.extend(tables.iter().cloned());
    // MySQL 8's CHECK_CONSTRAINTS has no TABLE_NAME (nor MariaDB's alias).
    let json_checks: BTreeSet<(String, String)> = conn
        .query::<(String, String, String), _>(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE()",
        )
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, name, clause)| *clause == format!("json_valid(`{name}`)"))
        .map(|(table, name, _)| (table, name))
        .collect();
    let columns: Vec<(String, String, String, String, Option<String>)> = conn
        .query(
            "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT \
             FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_NAME <> '_prisma_migrations'",
        )
        .unwrap();
    for (table, column, ty, nullable, default) in columns {
        if !tables.contains(&table) {
            continue;
        }
        let json = ty == "longtext" && json_checks.contains(&(table.clone(), column.clone()));
        let ty = if json {
            "json".to_owned()
        } else {
            parse_type(&ty, Dialect::MySql).to_string()
        };
        let null = if nullable == "YES" {
            "null"
        } else {
            "not null"
        };
        facts
            .columns
            .insert(format!("{table} {column} {ty} {null}"));
        // MariaDB prints `NULL` for `DEFAULT NULL` and SQL NULL for none:
        // both are no default.
        if let Some(default) = default.filter(|d| d != "NULL") {
            facts
                .defaults
                .insert(default_fact(&table, &column, &ty, &default));
        }
    }
    let statistics: Vec<(String, String, i64, String, String)> = conn
        .query(
            "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE, \
             GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX SEPARATOR ',') \
             FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
             AND TABLE_NAME <> '_prisma_migrations' \
             GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE",
        )
        .unwrap();
    for (table, index, non_unique, method, columns) in statistics {
        if index == "PRIMARY" {
            facts.primary_keys.insert(format!("{table} ({columns})"));
        } else {
            facts.indexes.insert(format!(
                "{table} {index} unique={} method={} ({columns})",
                non_unique == 0,
                method.to_lowercase()
            ));
        }
    }
    let foreign_keys: Vec<(String, String, String, String, String, String, String)> = conn
        .query(
            "SELECT r.TABLE_NAME, r.CONSTRAINT_NAME, \
             GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ','), \
             r.REFERENCED_TABLE_NAME, \
             GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ','), \
             r.DELETE_RULE, r.UPDATE_RULE \
             FROM information_schema.REFERENTIAL_CONSTRAINTS r \
             JOIN information_schema.KEY_COLUMN_USAGE k \
               ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.TABLE_NAME = r.TABLE_NAME \
              AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME \
             WHERE r.CONSTRAINT_SCHEMA = DATABASE() \
             GROUP BY r.TABLE_NAME, r.CONSTRAINT_NAME, r.REFERENCED_TABLE_NAME, \
                      r.DELETE_RULE, r.UPDATE_RULE",
        )
        .unwrap();
    for (table, name, columns, target, target_columns, on_delete, on_update) in foreign_keys {
        facts.foreign_keys.insert(format!(
            "{table} {name} ({columns}) -> {target} ({target_columns}) on delete {on_delete} on update {on_update}"
        ));
    }
    let checks: Vec<(String, String)> = conn
        .query(
            "SELECT TABLE_NAME, CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS \
             WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'CHECK'",
        )
        .unwrap();
    for (table, name) in checks {
        if !json_checks.contains(&(table.clone(), name.clone())) {
            facts.checks.insert(format!("{table} {name}"));
        }
    }
    facts
}

/// The same facts from `miglint schema`'s document.
fn document_facts(document: &SchemaDocument) -> Facts {
    let mut facts = Facts::default();
    for schema in &document.schemas {
        for table in schema.tables.iter().filter(|t| !t.assumed) {
            let t = &table.name;
            facts.tables.insert(t.clone());
            for column in &table.columns {
                let ty = column.data_type.clone().unwrap_or_default();
                let null = if column.nullable { "null" } else { "not null" };
                facts
                    .columns
                    .insert(format!("{t} {} {ty} {null}", column.name));
                if let Some(default) = &column.default
                    && normalize_default(default, Dialect::MySql) != "null"
                {
                    facts
                        .defaults
                        .insert(default_fact(t, &column.name, &ty, default));
                }
            }
            if let Some(key) = &table.primary_key {
                facts
                    .primary_keys
                    .insert(format!("{t} ({})", key.columns.join(",")));
            }
            for fk in &table.foreign_keys {
                let action = |a: &Option<String>| a.as_deref().unwrap_or("RESTRICT").to_uppercase();
                facts.foreign_keys.insert(format!(
                    "{t} {} ({}) -> {} ({}) on delete {} on update {}",
                    fk.name,
                    fk.columns.join(","),
                    fk.references.table,
                    fk.references.columns.join(","),
                    action(&fk.on_delete),
                    action(&fk.on_update)
                ));
            }
            for check in &table.checks {
                facts.checks.insert(format!("{t} {}", check.name));
            }
            // The primary key's index is the primary key fact.
            let primary = table.primary_key.as_ref().map(|k| k.name.as_str());
            for index in table
                .indexes
                .iter()
                .filter(|i| !(i.constraint && Some(i.name.as_str()) == primary))
            {
                facts.indexes.insert(format!(
                    "{t} {} unique={} method={} ({})",
                    index.name,
                    index.unique,
                    index.method,
                    index.columns.join(",")
                ));
            }
            // Unique constraints are unique indexes in MySQL.
            for key in &table.unique_constraints {
                facts.indexes.insert(format!(
                    "{t} {} unique=true method=btree ({})",
                    key.name,
                    key.columns.join(",")
                ));
            }
        }
    }
    facts
}

fn is_known(corpus: &str, line: &str) -> bool {
    KNOWN_DIFFERENCES.iter().any(|(c, kind, subject)| {
        *c == corpus && line.trim_start().starts_with(kind) && line.ends_with(subject)
    })
}

/// Runs a script as one multi-statement query (what Prisma's MySQL driver
/// sends), failing on the first statement that fails.
fn script(conn: &mut mysql::Conn, sql: &str) -> Result<(), mysql::Error> {
    let mut result = conn.query_iter(sql)?;
    while let Some(set) = result.iter() {
        for row in set {
            row?;
        }
    }
    Ok(())
}

/// Applies the history as its tool does (Prisma: each `migration.sql` as one
/// script, in order; drizzle-kit: each part between breakpoints). MySQL 8 functions MariaDB lacks are defined first, as
/// a MariaDB deployment of such a history would have to.
fn apply(conn: &mut mysql::Conn, project: &Project) -> Result<(), String> {
    if script(conn, "SELECT BIN_TO_UUID(RANDOM_BYTES(16))").is_err() {
        conn.query_drop(
            "CREATE FUNCTION BIN_TO_UUID(b BINARY(16)) RETURNS CHAR(36) NO SQL \
             RETURN LOWER(CONCAT_WS('-', HEX(SUBSTR(b, 1, 4)), HEX(SUBSTR(b, 5, 2)), \
             HEX(SUBSTR(b, 7, 2)), HEX(SUBSTR(b, 9, 2)), HEX(SUBSTR(b, 11, 6))))",
        )
        .map_err(|e| e.to_string())?;
    }
    for migration in &project.migrations {
        let text = std::fs::read_to_string(&migration.path).map_err(|e| e.to_string())?;
        let up = match migration.up_section {
            Some(span) => span.slice(&text).to_owned(),
            None => text,
        };
        // drizzle-kit sends each part between its breakpoints on its own.
        let parts: Vec<&str> = if project.tool == Tool::Drizzle {
            up.split("--> statement-breakpoint").collect()
        } else {
            vec![up.as_str()]
        };
        for part in parts.iter().filter(|p| !p.trim().is_empty()) {
            script(conn, part).map_err(|e| format!("{}: {e}", migration.path.display()))?;
        }
    }
    Ok(())
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Records each migration as its tool does (Prisma: `_prisma_migrations`
/// with the SHA-256 of the file; drizzle-kit: `__drizzle_migrations` with
/// the SHA-256 of the file's text and the journal's `when`) and runs
/// `miglint verify`; returns its findings as `rule: message` (none is
/// expected: the model, where there is one, matches the history).
fn record_and_verify(conn: &mut mysql::Conn, project: &Project, url: &str) -> Vec<String> {
    match project.tool {
        Tool::Prisma => record_prisma(conn, project),
        Tool::Drizzle => record_drizzle(conn, project),
        other => panic!("no bookkeeping written for {other:?} yet"),
    }
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["verify", "--database-url", url, "--format", "json"])
        .arg(&project.root)
        .env_remove("MIGLINT_DATABASE_URL")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&output.stderr)));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{}: {}", d["rule"], d["message"]))
        .collect()
}

fn record_drizzle(conn: &mut mysql::Conn, project: &Project) {
    conn.query_drop(
        "CREATE TABLE `__drizzle_migrations` (id SERIAL PRIMARY KEY, hash TEXT NOT NULL, \
         created_at BIGINT)",
    )
    .unwrap();
    let folder = project.migrations[0].path.parent().unwrap();
    let journal: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("meta/_journal.json")).unwrap())
            .unwrap();
    for entry in journal["entries"].as_array().unwrap() {
        let tag = entry["tag"].as_str().unwrap();
        let text = std::fs::read_to_string(folder.join(format!("{tag}.sql"))).unwrap();
        conn.exec_drop(
            "INSERT INTO `__drizzle_migrations` (hash, created_at) VALUES (?, ?)",
            (sha256_hex(text.as_bytes()), entry["when"].as_i64().unwrap()),
        )
        .unwrap();
    }
}

fn record_prisma(conn: &mut mysql::Conn, project: &Project) {
    conn.query_drop(
        "CREATE TABLE `_prisma_migrations` (`id` VARCHAR(36) PRIMARY KEY NOT NULL, \
         `checksum` VARCHAR(64) NOT NULL, `finished_at` DATETIME(3), \
         `migration_name` VARCHAR(255) NOT NULL, `logs` TEXT, `rolled_back_at` DATETIME(3), \
         `started_at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \
         `applied_steps_count` INTEGER UNSIGNED NOT NULL DEFAULT 0)",
    )
    .unwrap();
    for migration in &project.migrations {
        let bytes = std::fs::read(&migration.path).unwrap();
        let checksum = sha256_hex(&bytes);
        let folder = migration
            .path
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        conn.exec_drop(
            "INSERT INTO `_prisma_migrations` (id, checksum, finished_at, migration_name, \
             applied_steps_count) VALUES (UUID(), ?, NOW(3), ?, 1)",
            (checksum, folder),
        )
        .unwrap();
    }
}

fn mysql_project(path: &Path) -> Project {
    let projects = discover(&[path.to_path_buf()], &Overrides::default()).unwrap();
    projects
        .into_iter()
        .find(|p| p.dialect == Dialect::MySql)
        .unwrap_or_else(|| panic!("no MySQL project found in {}", path.display()))
}

/// The URL with its database replaced by `database`.
fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{}/{database}{query}", &base[..host_end])
}

#[test]
fn replay_matches_mysql() {
    let Ok(base) = std::env::var("MIGLINT_TEST_MYSQL_URL") else {
        miglint_testing::skip(format_args!(
            "SKIPPED mysql_replay: MIGLINT_TEST_MYSQL_URL is not set (.ci/run sets it)"
        ));
        return;
    };
    let mut admin = mysql::Conn::new(mysql::Opts::from_url(&base).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut histories: Vec<(&str, PathBuf)> = HISTORIES
        .iter()
        .map(|(name, path)| {
            (
                *name,
                support::repo_root()
                    .join("tests/replay_histories")
                    .join(path),
            )
        })
        .collect();
    if let Some(corpus) = support::corpus_root("mysql_replay") {
        histories.extend(
            CORPORA
                .iter()
                .map(|(name, path)| (*name, corpus.join(path))),
        );
    }
    for (name, path) in histories {
        let project = mysql_project(&path);
        let database = format!(
            "miglint_diff_{}_{}",
            name.replace('-', "_"),
            std::process::id()
        );
        admin
            .query_drop(format!("CREATE DATABASE {database}"))
            .unwrap();
        let mut conn =
            mysql::Conn::new(mysql::Opts::from_url(&with_database(&base, &database)).unwrap())
                .unwrap();
        let applied = apply(&mut conn, &project);
        let expected = server_facts(&mut conn);
        // `miglint verify` reads the same database back: a history recorded
        // as deployed leaves nothing between history and server.
        let verified = applied
            .is_ok()
            .then(|| record_and_verify(&mut conn, &project, &with_database(&base, &database)));
        drop(conn);
        let _ = admin.query_drop(format!("DROP DATABASE IF EXISTS {database}"));
        if let Err(error) = applied {
            failures.push(format!("{name}: does not apply: {error}"));
            continue;
        }
        if let Some(findings) = verified.filter(|f| !f.is_empty()) {
            failures.push(format!("{name}: verify reports {}", findings.join("\n  ")));
        }
        let replayed = replay(&project, &Config::default(), &PathBuf::from("."));
        let found = document_facts(&schema_document(&replayed.catalog));
        let mut diff = Vec::new();
        diff.extend(differences(
            "table",
            SERVER,
            &expected.tables,
            &found.tables,
        ));
        diff.extend(differences(
            "column",
            SERVER,
            &expected.columns,
            &found.columns,
        ));
        diff.extend(differences(
            "default",
            SERVER,
            &expected.defaults,
            &found.defaults,
        ));
        diff.extend(differences(
            "primary key",
            SERVER,
            &expected.primary_keys,
            &found.primary_keys,
        ));
        diff.extend(differences(
            "index",
            SERVER,
            &expected.indexes,
            &found.indexes,
        ));
        diff.extend(differences(
            "foreign key",
            SERVER,
            &expected.foreign_keys,
            &found.foreign_keys,
        ));
        diff.extend(differences(
            "check",
            SERVER,
            &expected.checks,
            &found.checks,
        ));
        let all = diff.len();
        diff.retain(|line| !is_known(name, line));
        eprintln!(
            "mysql_replay {name}: {} migrations, {} tables, {} columns, {} defaults, {} primary keys, {} indexes, {} foreign keys, {} checks, {} differences ({} known)",
            project.migrations.len(),
            expected.tables.len(),
            expected.columns.len(),
            expected.defaults.len(),
            expected.primary_keys.len(),
            expected.indexes.len(),
            expected.foreign_keys.len(),
            expected.checks.len(),
            diff.len(),
            all - diff.len()
        );
        if !diff.is_empty() {
            failures.push(format!(
                "{name}: {} differences\n{}",
                diff.len(),
                diff.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
