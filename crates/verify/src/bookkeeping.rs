//! The migration tool's bookkeeping table, read and matched with the files
//! on disk: which migrations the database has, which failed, and whether
//! each applied file still has the checksum the tool recorded.

use std::path::Path;

use miglint_engine::{AppliedHistory, AppliedMigration, ChecksumCheck};
use miglint_project::{Migration, Project, Tool};
use miglint_source::Dialect;

use crate::backend::{Row, Session, flag, literal, text};
use crate::checksum::{flyway_crc32, prisma_matches, sha256_hex, sha384_hex};

/// One row (or one migration's rows) of the bookkeeping table.
struct Record {
    /// The version or name as the tool recorded it, for messages.
    version: String,
    /// What it matches on disk (see [`file_key`]).
    key: String,
    checksum: Option<String>,
    failure: Option<String>,
}

/// Reads `project`'s bookkeeping table; `None` for a tool without one. A
/// missing table means nothing was applied.
pub(crate) fn read(
    session: &mut dyn Session,
    dialect: Dialect,
    project: &Project,
) -> Result<Option<AppliedHistory>, String> {
    let Some((schema, name)) = project.tool.bookkeeping_table() else {
        return Ok(None);
    };
    // Only PostgreSQL keeps these tables in a schema of their own.
    let schema = schema.filter(|_| dialect == Dialect::Postgres);
    let table = match schema {
        Some(schema) => format!("{schema}.{name}"),
        None => name.to_owned(),
    };
    let exists = match dialect {
        Dialect::Postgres => format!(
            "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE c.relname = {} AND n.nspname = {}",
            literal(name),
            schema.map_or_else(|| "current_schema()".to_owned(), literal)
        ),
        Dialect::MySql => format!(
            "SELECT 1 FROM information_schema.TABLES \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {}",
            literal(name)
        ),
        Dialect::Sqlite => format!(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = {}",
            literal(name)
        ),
    };
    let files: Vec<Option<String>> = project
        .migrations
        .iter()
        .map(|m| file_key(project.tool, m))
        .collect();
    if session.rows(&exists)?.is_empty() {
        return Ok(Some(AppliedHistory {
            table,
            applied: Vec::new(),
            pending: (0..project.migrations.len()).collect(),
        }));
    }
    let quoted = match (dialect, schema) {
        (Dialect::MySql, _) => format!("`{name}`"),
        (_, Some(schema)) => format!("\"{schema}\".\"{name}\""),
        (_, None) => format!("\"{name}\""),
    };
    let records = records(session, dialect, project, &quoted, &files)?;

    let mut history = AppliedHistory {
        table,
        ..AppliedHistory::default()
    };
    let mut matched = vec![false; project.migrations.len()];
    for record in records {
        let index = files
            .iter()
            .position(|key| key.as_deref() == Some(record.key.as_str()));
        if let Some(slot) = index.and_then(|i| matched.get_mut(i)) {
            *slot = true;
        }
        let checksum = match (
            index.and_then(|i| project.migrations.get(i)),
            &record.checksum,
        ) {
            (Some(migration), Some(recorded)) if record.failure.is_none() => {
                check(project.tool, migration, recorded)
            }
            _ => ChecksumCheck::NotChecked,
        };
        history.applied.push(AppliedMigration {
            version: record.version,
            migration: index,
            failure: record.failure,
            checksum,
        });
    }
    history.pending = matched
        .iter()
        .enumerate()
        .filter(|(_, applied)| !**applied)
        .map(|(i, _)| i)
        .collect();
    Ok(Some(history))
}

/// The rows of the table, one record per migration it records.
fn records(
    session: &mut dyn Session,
    dialect: Dialect,
    project: &Project,
    table: &str,
    files: &[Option<String>],
) -> Result<Vec<Record>, String> {
    let simple = |rows: Vec<Row>, numeric: bool| -> Vec<Record> {
        rows.iter()
            .filter_map(|row| {
                let version = text(row, 0)?.trim().to_owned();
                let key = if numeric {
                    integer(&version)?
                } else {
                    version.clone()
                };
                Some(Record {
                    version,
                    key,
                    checksum: None,
                    failure: None,
                })
            })
            .collect()
    };
    Ok(match project.tool {
        Tool::Prisma => prisma(session.rows(&format!(
            "SELECT migration_name, checksum, \
                    CASE WHEN finished_at IS NULL THEN 0 ELSE 1 END, \
                    CASE WHEN rolled_back_at IS NULL THEN 0 ELSE 1 END, logs \
             FROM {table} ORDER BY started_at, migration_name"
        ))?),
        Tool::Sqlx => {
            let hex = match dialect {
                Dialect::Postgres => "encode(checksum, 'hex')",
                Dialect::MySql | Dialect::Sqlite => "lower(hex(checksum))",
            };
            session
                .rows(&format!(
                    "SELECT version, {hex}, CASE WHEN success THEN 1 ELSE 0 END \
                     FROM {table} ORDER BY version"
                ))?
                .iter()
                .filter_map(|row| {
                    let version = text(row, 0)?.trim().to_owned();
                    Some(Record {
                        key: integer(&version)?,
                        version,
                        checksum: text(row, 1).map(str::to_owned),
                        failure: (!flag(row, 2)).then(|| {
                            "sqlx recorded it with success = false: it failed part-way".to_owned()
                        }),
                    })
                })
                .collect()
        }
        Tool::Diesel => simple(
            session.rows(&format!("SELECT version FROM {table} ORDER BY version"))?,
            false,
        ),
        Tool::Dbmate | Tool::Supabase => simple(
            session.rows(&format!("SELECT version FROM {table} ORDER BY version"))?,
            false,
        ),
        Tool::GolangMigrate => {
            let rows = session.rows(&format!(
                "SELECT version, CASE WHEN dirty THEN 1 ELSE 0 END FROM {table}"
            ))?;
            golang_migrate(&rows, files)
        }
        Tool::Goose => {
            let rows = session.rows(&format!(
                "SELECT version_id, CASE WHEN is_applied THEN 1 ELSE 0 END \
                 FROM {table} ORDER BY id"
            ))?;
            goose(&rows)
        }
        Tool::Flyway => session
            .rows(&format!(
                "SELECT version, script, checksum, CASE WHEN success THEN 1 ELSE 0 END, type \
                 FROM {table} ORDER BY installed_rank"
            ))?
            .iter()
            .filter(|row| matches!(text(row, 4), Some("SQL" | "JDBC" | "SQL_BASELINE")))
            .filter_map(|row| {
                let (key, version) = match text(row, 0) {
                    Some(version) => (flyway_version(version), version.to_owned()),
                    None => {
                        let script = text(row, 1)?;
                        (repeatable_key(script), script.to_owned())
                    }
                };
                Some(Record {
                    version,
                    // A repeatable migration runs again when it changes:
                    // its checksum is not a promise.
                    checksum: text(row, 0).and(text(row, 2)).map(str::to_owned),
                    failure: (!flag(row, 3))
                        .then(|| "Flyway recorded it with success = false".to_owned()),
                    key,
                })
            })
            .collect(),
        Tool::Drizzle => drizzle(
            session.rows(&format!(
                "SELECT hash, created_at FROM {table} ORDER BY created_at"
            ))?,
            project,
        ),
        Tool::Atlas => session
            .rows(&format!(
                "SELECT version, applied, total, error FROM {table} ORDER BY version"
            ))?
            .iter()
            .filter_map(|row| {
                let version = text(row, 0)?.to_owned();
                // Atlas keeps its own state in rows whose version starts with a dot.
                if version.starts_with('.') {
                    return None;
                }
                let applied = text(row, 1).and_then(|n| n.parse::<u64>().ok());
                let total = text(row, 2).and_then(|n| n.parse::<u64>().ok());
                let error = text(row, 3).filter(|e| !e.trim().is_empty());
                let failure = match (error, applied, total) {
                    (Some(error), _, _) => Some(format!("Atlas recorded an error: {error}")),
                    (None, Some(applied), Some(total)) if applied < total => {
                        Some(format!("Atlas applied {applied} of its {total} statements"))
                    }
                    _ => None,
                };
                Some(Record {
                    key: version.clone(),
                    version,
                    checksum: None,
                    failure,
                })
            })
            .collect(),
        Tool::Plain => Vec::new(),
    })
}

/// Prisma keeps a row per attempt: a migration is applied when one attempt
/// finished and was not rolled back; otherwise its last attempt failed
/// (never finished) or was rolled back and not applied again.
fn prisma(rows: Vec<Row>) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    let mut done: Vec<String> = Vec::new();
    for row in rows.iter().rev() {
        let Some(name) = text(row, 0) else { continue };
        if out.iter().any(|r| r.key == name) {
            // The last attempt decides, unless an earlier one succeeded.
            if flag(row, 2)
                && !flag(row, 3)
                && let Some(record) = out.iter_mut().find(|r| r.key == name)
                && !done.iter().any(|d| d == name)
            {
                record.failure = None;
                record.checksum = text(row, 1).map(str::to_owned);
                done.push(name.to_owned());
            }
            continue;
        }
        let finished = flag(row, 2);
        let rolled_back = flag(row, 3);
        let failure = if rolled_back {
            Some(
                "it was marked rolled back (rolled_back_at is set) and not applied again"
                    .to_owned(),
            )
        } else if !finished {
            let log = text(row, 4)
                .and_then(|l| l.lines().find(|line| !line.trim().is_empty()))
                .map(|l| format!(" ({})", l.trim()))
                .unwrap_or_default();
            Some(format!(
                "it started but never finished (finished_at is empty){log}"
            ))
        } else {
            done.push(name.to_owned());
            None
        };
        out.push(Record {
            version: name.to_owned(),
            key: name.to_owned(),
            checksum: text(row, 1).map(str::to_owned),
            failure,
        });
    }
    out.reverse();
    out
}

/// golang-migrate keeps one row: the current version and whether the
/// migration to it failed part-way (`dirty`). Every file up to that version
/// counts as applied.
fn golang_migrate(rows: &[Row], files: &[Option<String>]) -> Vec<Record> {
    let Some(row) = rows.first() else {
        return Vec::new();
    };
    let Some(current) = text(row, 0).and_then(|v| v.trim().parse::<u64>().ok()) else {
        return Vec::new();
    };
    let dirty = flag(row, 1);
    let mut out: Vec<Record> = files
        .iter()
        .flatten()
        .filter_map(|key| key.parse::<u64>().ok())
        .filter(|&v| v < current || (v == current && !dirty))
        .map(|v| Record {
            version: v.to_string(),
            key: v.to_string(),
            checksum: None,
            failure: None,
        })
        .collect();
    let has_current = files.iter().flatten().any(|k| *k == current.to_string());
    if dirty || !has_current {
        out.push(Record {
            version: current.to_string(),
            key: current.to_string(),
            checksum: None,
            failure: dirty.then(|| {
                "golang-migrate marked the database dirty at this version: the migration \
                 failed part-way"
                    .to_owned()
            }),
        });
    }
    out
}

/// goose appends a row per up or down; the last row of a version decides.
fn goose(rows: &[Row]) -> Vec<Record> {
    let mut state: Vec<(String, bool)> = Vec::new();
    for row in rows {
        let Some(version) = text(row, 0).and_then(integer) else {
            continue;
        };
        if version == "0" {
            continue;
        }
        let applied = flag(row, 1);
        match state.iter_mut().find(|(v, _)| *v == version) {
            Some(entry) => entry.1 = applied,
            None => state.push((version, applied)),
        }
    }
    state
        .into_iter()
        .filter(|(_, applied)| *applied)
        .map(|(version, _)| Record {
            key: version.clone(),
            version,
            checksum: None,
            failure: None,
        })
        .collect()
}

/// drizzle records a migration as its hash and the journal entry's `when`
/// (`created_at`); the journal names the file.
fn drizzle(rows: Vec<Row>, project: &Project) -> Vec<Record> {
    let journal = project
        .migrations
        .first()
        .and_then(|m| m.path.parent())
        .map(|dir| journal_entries(&dir.join("meta").join("_journal.json")))
        .unwrap_or_default();
    rows.iter()
        .filter_map(|row| {
            let hash = text(row, 0)?.to_owned();
            let created = text(row, 1)?.trim();
            let created = created.strip_suffix(".0").unwrap_or(created);
            let tag = journal
                .iter()
                .find(|(_, when)| when == created)
                .map(|(tag, _)| tag.clone());
            Some(Record {
                version: tag
                    .clone()
                    .unwrap_or_else(|| format!("created_at {created}, hash {hash}")),
                key: tag.unwrap_or_else(|| format!("@{created}")),
                checksum: Some(hash),
                failure: None,
            })
        })
        .collect()
}

/// (tag, when) of each entry of a drizzle journal.
fn journal_entries(path: &Path) -> Vec<(String, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let Ok(journal) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    journal
        .get("entries")
        .and_then(|e| e.as_array())
        .map(|entries| {
            entries
                .iter()
                .filter_map(|entry| {
                    let tag = entry.get("tag")?.as_str()?.to_owned();
                    let when = entry.get("when")?;
                    Some((tag, when.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What a migration file matches in its tool's table.
fn file_key(tool: Tool, migration: &Migration) -> Option<String> {
    let file = migration.path.file_name()?.to_str()?;
    let folder = migration
        .path
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|f| f.to_str());
    let leading = |name: &str| -> Option<String> {
        let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
        (!digits.is_empty()).then_some(digits)
    };
    match tool {
        Tool::Prisma => folder.map(str::to_owned),
        Tool::Diesel => folder.map(|f| f.split('_').next().unwrap_or(f).replace('-', "")),
        Tool::Sqlx | Tool::GolangMigrate | Tool::Goose => leading(file).and_then(|v| integer(&v)),
        Tool::Dbmate | Tool::Supabase => leading(file),
        Tool::Flyway => {
            let lower = file.to_ascii_lowercase();
            if lower.starts_with("r__") {
                return Some(repeatable_key(file));
            }
            let rest = file.get(1..)?;
            let version = rest.split("__").next()?;
            Some(flyway_version(&version.replace('_', ".")))
        }
        Tool::Atlas => {
            let stem = file.strip_suffix(".sql").unwrap_or(file);
            Some(stem.split('_').next().unwrap_or(stem).to_owned())
        }
        Tool::Drizzle => Some(file.strip_suffix(".sql").unwrap_or(file).to_owned()),
        Tool::Plain => None,
    }
}

/// An integer version without leading zeros (sqlx, golang-migrate and goose
/// compare versions as numbers).
fn integer(version: &str) -> Option<String> {
    version.trim().parse::<u64>().ok().map(|v| v.to_string())
}

/// Flyway compares versions part by part as numbers: `1.01` is `1.1`, and
/// trailing zero parts do not count (`1.0` is `1`).
fn flyway_version(version: &str) -> String {
    let mut parts: Vec<String> = version
        .split(['.', '_'])
        .map(|part| {
            let trimmed = part.trim_start_matches('0');
            if trimmed.is_empty() { "0" } else { trimmed }.to_owned()
        })
        .collect();
    while parts.len() > 1 && parts.last().is_some_and(|p| p == "0") {
        parts.pop();
    }
    parts.join(".")
}

fn repeatable_key(script: &str) -> String {
    let name = script.rsplit(['/', '\\']).next().unwrap_or(script);
    format!("repeatable:{name}")
}

/// The file's checksum as the tool computes it, against what it recorded.
fn check(tool: Tool, migration: &Migration, recorded: &str) -> ChecksumCheck {
    let Ok(bytes) = std::fs::read(&migration.path) else {
        return ChecksumCheck::NotChecked;
    };
    let text = String::from_utf8_lossy(&bytes);
    let recorded = recorded.trim();
    let (algorithm, actual, matches) = match tool {
        Tool::Prisma => {
            let actual = sha256_hex(&bytes);
            let matches = prisma_matches(&text, recorded);
            ("SHA-256", actual, matches)
        }
        Tool::Drizzle => {
            let actual = sha256_hex(text.as_bytes());
            let matches = actual == recorded;
            ("SHA-256", actual, matches)
        }
        Tool::Sqlx => {
            let actual = sha384_hex(&bytes);
            let matches = actual.eq_ignore_ascii_case(recorded);
            ("SHA-384", actual, matches)
        }
        Tool::Flyway => {
            let actual = flyway_crc32(&text).to_string();
            let matches = actual == recorded;
            ("CRC32", actual, matches)
        }
        _ => return ChecksumCheck::NotChecked,
    };
    if matches {
        ChecksumCheck::Matches
    } else {
        ChecksumCheck::Differs {
            algorithm,
            recorded: recorded.to_owned(),
            actual,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flyway_versions_compare_as_numbers() {
        assert_eq!(flyway_version("1.01"), "1.1");
        assert_eq!(flyway_version("1.0"), "1");
        assert_eq!(flyway_version("2_3"), "2.3");
        assert_eq!(flyway_version("010"), "10");
    }

    #[test]
    fn file_keys_follow_each_tool() {
        let m = |path: &str| Migration {
            name: String::new(),
            path: path.into(),
            up_section: None,
        };
        let key = |tool, path| file_key(tool, &m(path));
        assert_eq!(
            key(Tool::Diesel, "migrations/2017-08-21-205032_users/up.sql").as_deref(),
            Some("20170821205032")
        );
        assert_eq!(key(Tool::Sqlx, "m/0003_users.sql").as_deref(), Some("3"));
        assert_eq!(
            key(Tool::Dbmate, "db/0003_users.sql").as_deref(),
            Some("0003")
        );
        assert_eq!(
            key(Tool::Flyway, "sql/V1_1__users.sql").as_deref(),
            Some("1.1")
        );
        assert_eq!(
            key(
                Tool::Prisma,
                "prisma/migrations/20240101_init/migration.sql"
            )
            .as_deref(),
            Some("20240101_init")
        );
    }

    #[test]
    fn prisma_rows_by_attempt() {
        let row = |name: &str, finished: bool, rolled: bool| -> Row {
            vec![
                Some(name.to_owned()),
                Some("c".to_owned()),
                Some(if finished { "1" } else { "0" }.to_owned()),
                Some(if rolled { "1" } else { "0" }.to_owned()),
                None,
            ]
        };
        let records = prisma(vec![
            row("a", true, false),
            row("b", false, true),
            row("b", true, false),
            row("c", false, false),
        ]);
        let failures: Vec<(&str, bool)> = records
            .iter()
            .map(|r| (r.key.as_str(), r.failure.is_some()))
            .collect();
        assert_eq!(failures, [("a", false), ("b", false), ("c", true)]);
    }
}
