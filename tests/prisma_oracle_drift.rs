//! Agreement with Prisma's own drift verdict.
//!
//! For every Prisma PostgreSQL project (the corpora and the examples), Prisma's
//! schema engine replays the migrations into a scratch database and prints the
//! SQL still needed to reach the model (`prisma-oracle drift`). miglint's drift
//! findings carry the SQL that closes each gap (`fix.sql`). Both scripts are
//! read into the same facts (table missing, column nullability differs, index
//! extra, …) and the sets must be equal.
//!
//! Needs Node.js, the oracle and a PostgreSQL server, so it runs only when
//! `MIGLINT_PRISMA_ORACLE` names the `prisma-oracle` command (e.g.
//! `../shared/oracles/prisma/prisma-oracle`) and is skipped with a notice
//! otherwise: `tests/oracle/prisma-drift.sh` runs it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::repo_root;

/// (name, migrations folder, schema file or folder), relative to the corpus.
const CORPORA: &[(&str, &str, &str)] = &[
    (
        "umami-pg",
        "umami-pg/prisma/migrations",
        "umami-pg/prisma/schema.prisma",
    ),
    (
        "hoppscotch",
        "hoppscotch/packages/hoppscotch-backend/prisma/migrations",
        "hoppscotch/packages/hoppscotch-backend/prisma/schema.prisma",
    ),
    (
        "teable-pg",
        "teable-pg/packages/db-main-prisma/prisma/postgres/migrations",
        "teable-pg/packages/db-main-prisma/prisma/postgres/schema.prisma",
    ),
    (
        "papermark",
        "papermark/prisma/migrations",
        "papermark/prisma/schema",
    ),
    (
        "langfuse",
        "langfuse/packages/shared/prisma/migrations",
        "langfuse/packages/shared/prisma/schema.prisma",
    ),
    (
        "trigger-dev",
        "trigger-dev/internal-packages/database/prisma/migrations",
        "trigger-dev/internal-packages/database/prisma/schema.prisma",
    ),
];

/// Differences miglint does not report, by design, with the reason. The test
/// fails if one disappears (update the list) or a new one appears.
const KNOWN_DIFFERENCES: &[(&str, &str, &str, &str)] = &[
    // Prisma re-creates an index whose model key uses `ops: raw(…)` on every
    // diff, even when the database index has that operator class.
    (
        "trigger-dev",
        "index extra",
        "SecretStore_key_idx",
        "raw() operator class",
    ),
    (
        "trigger-dev",
        "index missing",
        "SecretStore_key_idx",
        "raw() operator class",
    ),
    // The database index has `INCLUDE ("id") WITH (fillfactor = 90)`, which the
    // model cannot say; miglint does not compare index storage details.
    (
        "trigger-dev",
        "index extra",
        "TaskRun_runtimeEnvironmentId_createdAt_idx",
        "INCLUDE / WITH",
    ),
    (
        "trigger-dev",
        "index missing",
        "TaskRun_runtimeEnvironmentId_createdAt_idx",
        "INCLUDE / WITH",
    ),
];

/// One thing a drift script changes, e.g. `nullability "users"."active"`.
type Fact = (String, String);

fn unquote(name: &str) -> String {
    name.trim().trim_matches('"').to_owned()
}

/// The first quoted or bare identifier after `keyword` in `line`, qualified
/// names reduced to their last part.
fn name_after(line: &str, keyword: &str) -> Option<String> {
    let upper = line.to_ascii_uppercase();
    let start = upper.find(keyword)? + keyword.len();
    let rest = line.get(start..)?.trim_start();
    let rest = rest
        .strip_prefix("IF NOT EXISTS ")
        .or(rest.strip_prefix("IF EXISTS "))
        .unwrap_or(rest);
    let mut name = String::new();
    let mut in_quotes = false;
    for c in rest.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            c if !in_quotes && (c.is_whitespace() || c == '(' || c == ';' || c == ',') => break,
            c => name.push(c),
        }
    }
    let last = name.rsplit('.').next().unwrap_or(&name).to_owned();
    Some(unquote(&last))
}

/// Reads a PostgreSQL drift script (Prisma's or miglint's) into facts.
fn facts(sql: &str) -> BTreeSet<Fact> {
    let mut out = BTreeSet::new();
    let mut table = String::new();
    let mut in_enum_rebuild = false;
    for raw in sql.lines() {
        let line = raw.trim();
        let upper = line.to_ascii_uppercase();
        if line.starts_with("--") || line.is_empty() {
            continue;
        }
        if upper.starts_with("ALTER TABLE") {
            table = name_after(line, "ALTER TABLE").unwrap_or_default();
        }
        if upper.starts_with("CREATE TYPE") && upper.contains("_NEW\" AS ENUM") {
            // Prisma rebuilds an enum whose values changed.
            in_enum_rebuild = true;
            let name = name_after(line, "CREATE TYPE").unwrap_or_default();
            out.insert((
                "enum values".into(),
                name.trim_end_matches("_new").to_owned(),
            ));
            continue;
        }
        if in_enum_rebuild {
            in_enum_rebuild = !upper.starts_with("COMMIT");
            continue;
        }
        let column = |kw: &str| format!("{table}.{}", name_after(line, kw).unwrap_or_default());
        if upper.starts_with("CREATE TABLE") {
            out.insert((
                "table missing".into(),
                name_after(line, "CREATE TABLE").unwrap_or_default(),
            ));
        } else if upper.starts_with("DROP TABLE") {
            out.insert((
                "table extra".into(),
                name_after(line, "DROP TABLE").unwrap_or_default(),
            ));
        } else if upper.starts_with("CREATE TYPE") {
            out.insert((
                "enum missing".into(),
                name_after(line, "CREATE TYPE").unwrap_or_default(),
            ));
        } else if upper.starts_with("ALTER TYPE") && upper.contains("ADD VALUE") {
            out.insert((
                "enum values".into(),
                name_after(line, "ALTER TYPE").unwrap_or_default(),
            ));
        } else if upper.starts_with("CREATE UNIQUE INDEX") || upper.starts_with("CREATE INDEX") {
            out.insert((
                "index missing".into(),
                name_after(line, "INDEX").unwrap_or_default(),
            ));
        } else if upper.starts_with("DROP INDEX") {
            out.insert((
                "index extra".into(),
                name_after(line, "DROP INDEX").unwrap_or_default(),
            ));
        }
        if upper.contains("ADD COLUMN") {
            out.insert(("column missing".into(), column("ADD COLUMN")));
        }
        if upper.contains("DROP COLUMN") {
            out.insert(("column extra".into(), column("DROP COLUMN")));
        }
        if upper.contains("ALTER COLUMN") {
            let kind = if upper.contains("NOT NULL") {
                "nullability"
            } else if upper.contains("DATA TYPE") || upper.contains(" TYPE ") {
                "type"
            } else if upper.contains("DEFAULT") {
                "default"
            } else {
                "column other"
            };
            out.insert((kind.into(), column("ALTER COLUMN")));
        }
        if upper.contains("PRIMARY KEY") && upper.contains("ADD CONSTRAINT") {
            out.insert(("primary key".into(), table.clone()));
        } else if upper.contains("FOREIGN KEY") && upper.contains("ADD CONSTRAINT") {
            out.insert((
                "foreign key missing".into(),
                name_after(line, "ADD CONSTRAINT").unwrap_or_default(),
            ));
        } else if upper.contains("DROP CONSTRAINT") {
            out.insert((
                "constraint extra".into(),
                name_after(line, "DROP CONSTRAINT").unwrap_or_default(),
            ));
        }
    }
    out
}

fn oracle_facts(oracle: &Path, migrations: &Path, schema: &Path) -> Result<BTreeSet<Fact>, String> {
    let output = Command::new(oracle)
        .arg("drift")
        .arg(migrations)
        .arg(schema)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", oracle.display()))?;
    match output.status.code() {
        Some(0 | 2) => Ok(facts(&String::from_utf8_lossy(&output.stdout))),
        _ => Err(String::from_utf8_lossy(&output.stderr).into_owned()),
    }
}

fn miglint_facts(project: &Path) -> BTreeSet<Fact> {
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", "json", "--select", "drift"])
        .arg(project)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut out = BTreeSet::new();
    for d in json["diagnostics"].as_array().unwrap() {
        out.extend(facts(d["fix"]["sql"].as_str().unwrap_or("")));
    }
    out
}

#[test]
fn drift_agrees_with_prisma() {
    let Some(oracle) = std::env::var_os("MIGLINT_PRISMA_ORACLE").map(PathBuf::from) else {
        miglint_testing::skip(format_args!(
            "SKIPPED prisma_oracle_drift: set MIGLINT_PRISMA_ORACLE to the prisma-oracle command"
        ));
        return;
    };
    let Some(corpus) = support::corpus_root("prisma_oracle_drift") else {
        return;
    };
    let mut projects: Vec<(String, PathBuf, PathBuf)> = CORPORA
        .iter()
        .map(|(name, migrations, schema)| {
            (
                (*name).to_owned(),
                corpus.join(migrations),
                corpus.join(schema),
            )
        })
        .collect();
    for example in ["incident", "incident-hand-fix", "incident-fixed"] {
        let root = repo_root().join("examples").join(example).join("prisma");
        projects.push((
            example.to_owned(),
            root.join("migrations"),
            root.join("schema.prisma"),
        ));
    }
    let project = repo_root().join("tests/projects/drift-postgres/prisma");
    projects.push((
        "drift-postgres".into(),
        project.join("migrations"),
        project.join("schema.prisma"),
    ));

    let mut failures = Vec::new();
    eprintln!(
        "{:<18} {:>7} {:>8} {:>6} {:>6}",
        "project", "prisma", "miglint", "agree", "differ"
    );
    for (name, migrations, schema) in &projects {
        let expected = match oracle_facts(&oracle, migrations, schema) {
            Ok(facts) => facts,
            Err(error) => {
                failures.push(format!("{name}: the oracle failed: {error}"));
                continue;
            }
        };
        let found = miglint_facts(migrations.parent().unwrap());
        let agree = expected.intersection(&found).count();
        let known: BTreeSet<Fact> = KNOWN_DIFFERENCES
            .iter()
            .filter(|(project, ..)| project == name)
            .map(|(_, kind, object, _)| ((*kind).to_owned(), (*object).to_owned()))
            .collect();
        let only_prisma: Vec<_> = expected
            .difference(&found)
            .filter(|f| !known.contains(f))
            .collect();
        let unseen: Vec<_> = known
            .iter()
            .filter(|f| found.contains(f) || !expected.contains(f))
            .collect();
        if !unseen.is_empty() {
            failures.push(format!(
                "{name}: known differences no longer seen: {unseen:?}"
            ));
        }
        let only_miglint: Vec<_> = found.difference(&expected).collect();
        eprintln!(
            "{name:<18} {:>7} {:>8} {agree:>6} {:>6}",
            expected.len(),
            found.len(),
            only_prisma.len() + only_miglint.len()
        );
        if !only_prisma.is_empty() || !only_miglint.is_empty() {
            failures.push(format!(
                "{name}:\n  only Prisma:  {only_prisma:?}\n  only miglint: {only_miglint:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn facts_read_prisma_scripts() {
    let sql = r#"-- AlterTable
ALTER TABLE "users" ADD COLUMN     "a" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "b" TIMESTAMP(3);
ALTER TABLE "users" ALTER COLUMN "c" SET NOT NULL,
ALTER COLUMN "d" SET DATA TYPE TIMESTAMP(3);
DROP INDEX "x_idx";
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");"#;
    let expected: BTreeSet<Fact> = [
        ("column missing", "users.a"),
        ("column missing", "users.b"),
        ("nullability", "users.c"),
        ("type", "users.d"),
        ("index extra", "x_idx"),
        ("index missing", "users_email_key"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .collect();
    assert_eq!(facts(sql), expected);
}
