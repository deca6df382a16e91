//! Ground truth for SQLite: apply each SQLite corpus history to a fresh
//! in-memory SQLite database (the bundled library) and compare what its
//! `PRAGMA`s report with miglint's schema document for the same history.
//!
//! Runs whenever the shared corpus is present; otherwise it is skipped with a
//! notice. Compared per table: columns (declared type, NOT NULL, default,
//! primary key position), indexes made by `CREATE INDEX` (name, unique,
//! partial, key columns), the unique constraints and primary key SQLite keeps
//! as automatic indexes (by columns: their names are SQLite's own), and
//! foreign keys (columns, referenced table and columns, actions). Check
//! constraints are compared by count per table, views by name. Check
//! constraints: SQLite keeps them only inside the
//! table's text in `sqlite_master`, which the test does not parse.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use support::differences;

/// How the difference lines name the server.
const SERVER: &str = "sqlite";

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use miglint_catalog::types::{normalize_default, parse_type};
use miglint_engine::schema::{TableDoc, schema_document};
use miglint_engine::{Config, replay};
use miglint_project::{Overrides, Project, discover};
use miglint_source::Dialect;
use rusqlite::Connection;

/// SQLite corpora: (name, folder holding the history). Every SQLite history
/// in the shared corpus is here; none is left out.
const CORPORA: &[(&str, &str)] = &[
    ("spacedrive", "spacedrive/core/prisma"),
    (
        "atuin-server-sqlite",
        "atuin/crates/atuin-server-sqlite/migrations",
    ),
    ("atuin-client", "atuin/crates/atuin-client/migrations"),
    (
        "atuin-client-records",
        "atuin/crates/atuin-client/record-migrations",
    ),
    (
        "atuin-client-meta",
        "atuin/crates/atuin-client/meta-migrations",
    ),
    ("atuin-scripts", "atuin/crates/atuin-scripts/migrations"),
    ("atuin-ai", "atuin/crates/atuin-ai/migrations"),
    ("atuin-kv", "atuin/crates/atuin-kv/migrations"),
    (
        "pocket-id-sqlite",
        "pocket-id/backend/resources/migrations/sqlite",
    ),
];

/// Differences known and not resolved: (corpus, kind, table). Each has its
/// reason beside it. Any other difference fails the test.
const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[];

fn is_known(corpus: &str, line: &str) -> bool {
    KNOWN_DIFFERENCES.iter().any(|(c, kind, table)| {
        *c == corpus && line.trim_start().starts_with(kind) && line.contains(&format!(": {table} "))
    })
}

#[derive(Default, Debug)]
struct Facts {
    tables: BTreeSet<String>,
    columns: BTreeSet<String>,
    indexes: BTreeSet<String>,
    keys: BTreeSet<String>,
    foreign_keys: BTreeSet<String>,
    checks: BTreeSet<String>,
    views: BTreeSet<String>,
}

fn sqlite_type(declared: &str) -> String {
    if declared.trim().is_empty() {
        String::new()
    } else {
        parse_type(declared, Dialect::Sqlite).to_string()
    }
}

fn default_text(default: Option<&str>) -> String {
    default.map_or_else(|| "-".to_owned(), |d| normalize_default(d, Dialect::Sqlite))
}

/// SQLite reports actions in upper case, `NO ACTION` when none was given.
fn action(action: Option<&str>) -> String {
    action.unwrap_or("NO ACTION").to_uppercase()
}

fn database_facts(db: &Connection) -> Facts {
    let mut facts = Facts::default();
    let tables: Vec<(String, String)> = db
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut stmt = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'view'")
        .unwrap();
    for view in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        facts.views.insert(view.unwrap());
    }
    for (table, sql) in &tables {
        facts.tables.insert(table.clone());
        let alias = rowid_alias(db, table, sql);
        let mut pk: Vec<(i64, String)> = Vec::new();
        let mut stmt = db
            .prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1)")
            .unwrap();
        let rows = stmt
            .query_map([table], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .unwrap();
        for row in rows {
            let (name, ty, notnull, default, key) = row.unwrap();
            // A rowid alias reports notnull 0 but never holds NULL (inserting
            // NULL assigns the next rowid); miglint models it as NOT NULL.
            let notnull = notnull || alias.as_deref() == Some(name.as_str());
            facts.columns.insert(format!(
                "{table}: {name} {} {} default {}",
                sqlite_type(&ty),
                if notnull { "not null" } else { "null" },
                default_text(default.as_deref())
            ));
            if key > 0 {
                pk.push((key, name));
            }
        }
        pk.sort();
        if !pk.is_empty() {
            let columns: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
            facts
                .keys
                .insert(format!("{table}: primary key ({})", columns.join(",")));
        }
        let mut stmt = db
            .prepare("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1)")
            .unwrap();
        let indexes: Vec<(String, bool, String, bool)> = stmt
            .query_map([table], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (index, unique, origin, partial) in indexes {
            let mut stmt = db
                .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                .unwrap();
            let columns: Vec<String> = stmt
                .query_map([&index], |r| r.get::<_, Option<String>>(0))
                .unwrap()
                .map(|c| c.unwrap().unwrap_or_else(|| "(expression)".to_owned()))
                .collect();
            match origin.as_str() {
                "c" => {
                    facts.indexes.insert(format!(
                        "{table}: {index} ({}) unique={unique} partial={partial}",
                        columns.join(",")
                    ));
                }
                "u" => {
                    facts
                        .keys
                        .insert(format!("{table}: unique ({})", columns.join(",")));
                }
                // The primary key's own index: its columns are compared above.
                _ => {}
            }
        }
        let mut stmt = db
            .prepare(
                "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete \
                 FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
            )
            .unwrap();
        let rows: Vec<(i64, String, String, Option<String>, String, String)> = stmt
            .query_map([table], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut by_id: std::collections::BTreeMap<i64, Vec<_>> = Default::default();
        for row in rows {
            by_id.entry(row.0).or_default().push(row);
        }
        for parts in by_id.values() {
            let first = &parts[0];
            let from: Vec<&str> = parts.iter().map(|p| p.2.as_str()).collect();
            // `to` is NULL where the reference names no columns: SQLite then
            // uses the referenced table's primary key.
            let to: Vec<String> = if parts.iter().all(|p| p.3.is_some()) {
                parts.iter().filter_map(|p| p.3.clone()).collect()
            } else {
                primary_key(db, &first.1)
            };
            facts.foreign_keys.insert(format!(
                "{table}: ({}) -> {} ({}) on delete {} on update {}",
                from.join(","),
                first.1,
                to.join(","),
                action(Some(&first.5)),
                action(Some(&first.4))
            ));
        }
        let checks = count_checks(sql);
        if checks > 0 {
            facts.checks.insert(format!("{table}: {checks} checks"));
        }
    }
    facts
}

/// A table's primary key columns in key order.
fn primary_key(db: &Connection, table: &str) -> Vec<String> {
    let mut stmt = db
        .prepare("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
        .unwrap();
    stmt.query_map([table], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The column that aliases the rowid: the whole primary key, declared
/// exactly `INTEGER`, in a table with a rowid.
fn rowid_alias(db: &Connection, table: &str, sql: &str) -> Option<String> {
    if sql.to_ascii_uppercase().contains("WITHOUT ROWID") {
        return None;
    }
    let mut stmt = db
        .prepare("SELECT name, type FROM pragma_table_info(?1) WHERE pk > 0")
        .unwrap();
    let keys: Vec<(String, String)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    match keys.as_slice() {
        [(name, ty)] if ty.eq_ignore_ascii_case("integer") => Some(name.clone()),
        _ => None,
    }
}

/// `CHECK (` occurrences outside quotes in a table's stored definition.
fn count_checks(sql: &str) -> usize {
    let mut count = 0;
    let mut quote = None;
    let upper = sql.to_ascii_uppercase();
    let bytes = upper.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'\'' | b'"' | b'`' | b'[') => {
                quote = Some(if b == b'[' { b']' } else { b })
            }
            None => {
                let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
                if word_start && upper[i..].starts_with("CHECK") {
                    let rest = upper[i + 5..].trim_start();
                    if rest.starts_with('(') {
                        count += 1;
                    }
                }
            }
        }
        i += 1;
    }
    count
}

fn document_facts(tables: &[&TableDoc]) -> Facts {
    let mut facts = Facts::default();
    for table in tables {
        let name = &table.name;
        facts.tables.insert(name.clone());
        let pk = table.primary_key.as_ref();
        for column in &table.columns {
            facts.columns.insert(format!(
                "{name}: {} {} {} default {}",
                column.name,
                column
                    .data_type
                    .as_deref()
                    .map(sqlite_type)
                    .unwrap_or_default(),
                if column.nullable { "null" } else { "not null" },
                default_text(column.default.as_deref())
            ));
        }
        if let Some(pk) = pk {
            facts
                .keys
                .insert(format!("{name}: primary key ({})", pk.columns.join(",")));
        }
        for unique in &table.unique_constraints {
            facts
                .keys
                .insert(format!("{name}: unique ({})", unique.columns.join(",")));
        }
        for index in table.indexes.iter().filter(|i| !i.constraint) {
            let columns: Vec<String> = index
                .columns
                .iter()
                .map(|c| {
                    if table
                        .columns
                        .iter()
                        .any(|col| col.name.eq_ignore_ascii_case(c))
                    {
                        c.clone()
                    } else {
                        "(expression)".to_owned()
                    }
                })
                .collect();
            facts.indexes.insert(format!(
                "{name}: {} ({}) unique={} partial={}",
                index.name,
                columns.join(","),
                index.unique,
                index.predicate.is_some()
            ));
        }
        for fk in &table.foreign_keys {
            let to = fk.references.columns.clone();
            facts.foreign_keys.insert(format!(
                "{name}: ({}) -> {} ({}) on delete {} on update {}",
                fk.columns.join(","),
                fk.references.table,
                to.join(","),
                action(fk.on_delete.as_deref()),
                action(fk.on_update.as_deref())
            ));
        }
        if !table.checks.is_empty() {
            facts
                .checks
                .insert(format!("{name}: {} checks", table.checks.len()));
        }
    }
    facts
}

/// Runs each migration's up SQL as one script, as the tools do (Prisma, sqlx
/// and golang-migrate each send a file's statements in order; the files that
/// manage their own transaction say `BEGIN`/`COMMIT` themselves).
fn apply(db: &Connection, project: &Project) -> Result<(), String> {
    for migration in &project.migrations {
        let text = std::fs::read_to_string(&migration.path).map_err(|e| e.to_string())?;
        let sql = match migration.up_section {
            Some(span) => span.slice(&text),
            None => &text,
        };
        db.execute_batch(sql)
            .map_err(|e| format!("{}: {e}", migration.path.display()))?;
    }
    Ok(())
}

/// The corpus keeps the migrations, not the crates' manifests whose sqlx
/// features say the database is SQLite, so the dialect is given here.
fn sqlite_project(path: &Path) -> Option<Project> {
    let overrides = Overrides {
        dialect: Some(Dialect::Sqlite),
        ..Overrides::default()
    };
    let projects = discover(&[path.to_path_buf()], &overrides).ok()?;
    projects.into_iter().find(|p| p.dialect == Dialect::Sqlite)
}

#[test]
fn replay_matches_sqlite() {
    let Some(corpus) = support::corpus_root("sqlite_replay") else {
        return;
    };
    let mut failures = Vec::new();
    for (name, relative) in CORPORA {
        let Some(project) = sqlite_project(&corpus.join(relative)) else {
            failures.push(format!("{name}: no SQLite project found in {relative}"));
            continue;
        };
        let db = Connection::open_in_memory().unwrap();
        // pocket-id registers `normalize(text, form)` (Unicode normalisation)
        // in its SQLite driver; its migrations call it on data only.
        db.create_scalar_function(
            "normalize",
            2,
            rusqlite::functions::FunctionFlags::SQLITE_UTF8
                | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| ctx.get::<Option<String>>(0),
        )
        .unwrap();
        if let Err(error) = apply(&db, &project) {
            failures.push(format!("{name}: does not apply to SQLite: {error}"));
            continue;
        }
        let expected = database_facts(&db);
        let replayed = replay(&project, &Config::default(), &PathBuf::from("."));
        let document = schema_document(&replayed.catalog);
        let tables: Vec<&TableDoc> = document
            .schemas
            .iter()
            .flat_map(|s| s.tables.iter())
            .filter(|t| !t.assumed)
            .collect();
        let mut found = document_facts(&tables);
        for view in document.schemas.iter().flat_map(|s| s.views.iter()) {
            found.views.insert(view.name.clone());
        }
        if std::env::var_os("SQLITE_REPLAY_DUMP").is_some() {
            eprintln!("{expected:#?}");
        }
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
        diff.extend(differences("key", SERVER, &expected.keys, &found.keys));
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
        diff.extend(differences("view", SERVER, &expected.views, &found.views));
        let all = diff.len();
        diff.retain(|line| {
            let known = is_known(name, line);
            if known {
                eprintln!("sqlite_replay {name}: known difference:{line}");
            }
            !known
        });
        eprintln!(
            "sqlite_replay {name}: {} migrations, {} tables, {} columns, {} keys, {} indexes, {} foreign keys, {} tables with checks, {} views, {} differences ({} known)",
            project.migrations.len(),
            expected.tables.len(),
            expected.columns.len(),
            expected.keys.len(),
            expected.indexes.len(),
            expected.foreign_keys.len(),
            expected.checks.len(),
            expected.views.len(),
            diff.len(),
            all - diff.len()
        );
        if !diff.is_empty() {
            failures.push(format!(
                "{name}: {} differences\n{}",
                diff.len(),
                diff.iter()
                    .take(200)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
