//! The model readers other than Prisma (diesel `schema.rs`, drizzle-kit
//! snapshots, declarative `schema.sql`) on the fixture projects under
//! `tests/projects/`: each finding's rule, model line and fix. `projects.rs`
//! checks that these are the only findings.
//!
//! The PostgreSQL fixes were run by hand on PostgreSQL 15 after the
//! fixture's migrations: each applied cleanly and left the table as the model
//! declares it (`\d users`). The MySQL fixes of `diesel-mysql` and
//! `schema-sql-mysql`, run on MariaDB 10.11 after the migrations, left the
//! tables as their models declare them; the SQLite `ADD COLUMN` of
//! `schema-sql-sqlite` ran in sqlite3. The others follow the documented forms.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::process::Command;

use serde_json::Value;
use support::repo_root;

/// (rule, line, fix SQL or, for a change SQLite cannot make in place, `None`).
type Expected<'a> = [(&'a str, u64, Option<&'a str>)];

fn check(project: &str, args: &[&str], expected: &Expected<'_>) {
    let dir = repo_root().join("tests/projects").join(project);
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", "json"])
        .args(args)
        .arg(".")
        .current_dir(&dir)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(String, u64, Option<String>)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["start"]["line"].as_u64().unwrap(),
                d["fix"]["sql"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let expected: Vec<(String, u64, Option<String>)> = expected
        .iter()
        .map(|(rule, line, fix)| ((*rule).to_owned(), *line, fix.map(str::to_owned)))
        .collect();
    assert_eq!(found, expected, "{project}");
}

#[test]
fn diesel_postgres() {
    check(
        "diesel-postgres",
        &[],
        &[
            (
                "column-type-mismatch",
                16,
                Some(r#"ALTER TABLE "users" ALTER COLUMN "score" TYPE bigint;"#),
            ),
            (
                "column-nullability-mismatch",
                17,
                Some(r#"ALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;"#),
            ),
            (
                "model-column-missing",
                19,
                Some(r#"ALTER TABLE "users" ADD COLUMN "email" text NOT NULL;"#),
            ),
        ],
    );
}

#[test]
fn diesel_sqlite_compares_types_by_affinity() {
    check(
        "diesel-sqlite",
        &[],
        &[
            ("column-type-mismatch", 7, None),
            ("column-nullability-mismatch", 8, None),
            (
                "model-column-missing",
                9,
                Some(r#"ALTER TABLE "users" ADD COLUMN "email" TEXT;"#),
            ),
        ],
    );
}

#[test]
fn diesel_mysql() {
    check(
        "diesel-mysql",
        &[],
        &[
            (
                "column-type-mismatch",
                8,
                Some("ALTER TABLE `users` MODIFY `score` bigint NOT NULL;"),
            ),
            (
                "column-nullability-mismatch",
                9,
                Some("ALTER TABLE `users` MODIFY `bio` text NOT NULL;"),
            ),
            (
                "model-column-missing",
                12,
                Some("ALTER TABLE `users` ADD COLUMN `email` varchar(255);"),
            ),
        ],
    );
}

#[test]
fn drizzle_postgres() {
    check(
        "drizzle-postgres",
        &[],
        &[
            (
                "column-type-mismatch",
                31,
                Some(r#"ALTER TABLE "users" ALTER COLUMN "score" TYPE bigint;"#),
            ),
            (
                "column-nullability-mismatch",
                37,
                Some(r#"ALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;"#),
            ),
            (
                "model-column-missing",
                50,
                Some(r#"ALTER TABLE "users" ADD COLUMN "email" text;"#),
            ),
        ],
    );
}

#[test]
fn drizzle_mysql() {
    check(
        "drizzle-mysql",
        &[],
        &[
            (
                "column-type-mismatch",
                24,
                Some("ALTER TABLE `users` MODIFY `score` bigint NOT NULL;"),
            ),
            (
                "column-nullability-mismatch",
                31,
                Some("ALTER TABLE `users` MODIFY `bio` text NOT NULL;"),
            ),
            (
                "model-column-missing",
                38,
                Some("ALTER TABLE `users` ADD COLUMN `email` varchar(255);"),
            ),
        ],
    );
}

#[test]
fn drizzle_sqlite() {
    check(
        "drizzle-sqlite",
        &[],
        &[
            ("column-type-mismatch", 24, None),
            ("column-nullability-mismatch", 31, None),
            (
                "model-column-missing",
                38,
                Some(r#"ALTER TABLE "users" ADD COLUMN "email" text;"#),
            ),
        ],
    );
}

#[test]
fn dbmate_schema_dump() {
    check(
        "dbmate-schema-sql",
        &[],
        &[
            (
                "column-type-mismatch",
                11,
                Some(r#"ALTER TABLE "users" ALTER COLUMN "score" TYPE bigint;"#),
            ),
            (
                "column-nullability-mismatch",
                12,
                Some(r#"ALTER TABLE "users" ALTER COLUMN "bio" SET NOT NULL;"#),
            ),
            (
                "model-column-missing",
                13,
                Some(r#"ALTER TABLE "users" ADD COLUMN "email" text;"#),
            ),
        ],
    );
}

#[test]
fn dbmate_sqlite_schema_dump() {
    check(
        "schema-sql-sqlite",
        &[],
        &[
            ("column-type-mismatch", 5, None),
            ("column-nullability-mismatch", 6, None),
            (
                "model-column-missing",
                7,
                Some(r#"ALTER TABLE "users" ADD COLUMN "email" TEXT;"#),
            ),
        ],
    );
}

#[test]
fn mysql_schema_file_named_in_the_configuration() {
    check(
        "schema-sql-mysql",
        &[],
        &[
            (
                "column-type-mismatch",
                4,
                Some("ALTER TABLE `accounts` MODIFY `balance` decimal(14,2) NOT NULL;"),
            ),
            (
                "column-nullability-mismatch",
                5,
                Some("ALTER TABLE `accounts` MODIFY `note` varchar(200);"),
            ),
            (
                "model-column-missing",
                6,
                Some("ALTER TABLE `accounts` ADD COLUMN `closed_at` datetime;"),
            ),
        ],
    );
}

const CONFIG_FINDINGS: &Expected<'static> = &[
    (
        "column-type-mismatch",
        4,
        Some(r#"ALTER TABLE "accounts" ALTER COLUMN "balance" TYPE numeric(14,2);"#),
    ),
    (
        "column-nullability-mismatch",
        5,
        Some(r#"ALTER TABLE "accounts" ALTER COLUMN "note" DROP NOT NULL;"#),
    ),
    (
        "model-column-missing",
        6,
        Some(r#"ALTER TABLE "accounts" ADD COLUMN "closed_at" timestamp with time zone;"#),
    ),
];

#[test]
fn schema_file_named_in_the_configuration() {
    check("schema-sql-config", &[], CONFIG_FINDINGS);
}

#[test]
fn schema_file_named_on_the_command_line() {
    // An empty configuration: the flag alone names the model.
    check(
        "schema-sql-config",
        &["--config", "/dev/null", "--schema", "schema.sql"],
        CONFIG_FINDINGS,
    );
}
