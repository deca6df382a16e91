//! Checks `parse_type`'s PostgreSQL spelling against PostgreSQL itself: every
//! spelling below becomes a column of a scratch table, and `format_type` must
//! print exactly what `parse_type` displays.
//!
//! Runs when `MIGLINT_TEST_DATABASE_URL` is set
//! (`postgres://postgres:postgres@127.0.0.1:5432/postgres`), through `psql`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use miglint_catalog::types::parse_type;
use miglint_source::Dialect;

/// Types the spellings refer to, created before the table.
const SETUP: &str = r#"
CREATE TYPE "Role" AS ENUM ('A');
CREATE TYPE role AS ENUM ('a');
CREATE SCHEMA other;
CREATE TYPE other."Role" AS ENUM ('A');
CREATE TYPE other.plain AS ENUM ('p');
CREATE TYPE "user" AS ENUM ('u');
CREATE TYPE "Has Space" AS ENUM ('s');
"#;

const SPELLINGS: &[&str] = &[
    "int",
    "int4",
    "integer",
    "INTEGER",
    "serial",
    "serial4",
    "SERIAL",
    "bigserial",
    "serial8",
    "int8",
    "bigint",
    "BIGINT",
    "smallint",
    "int2",
    "smallserial",
    "serial2",
    "float8",
    "float4",
    "real",
    "float",
    "float(1)",
    "float(24)",
    "float(25)",
    "float(53)",
    "double precision",
    "DOUBLE   PRECISION",
    "varchar",
    "varchar(255)",
    "VARCHAR(191)",
    "character varying(10)",
    "CHARACTER VARYING(255)",
    "char varying(3)",
    "char",
    "character",
    "char(5)",
    "CHAR(36)",
    "bpchar",
    "bpchar(4)",
    "bool",
    "boolean",
    "BOOLEAN",
    "timestamp",
    "timestamp(3)",
    "TIMESTAMP(3)",
    "timestamptz",
    "timestamptz(6)",
    "timestamp with time zone",
    "timestamp without time zone",
    "timestamp(3) without time zone",
    "TIMESTAMP(3) WITHOUT TIME ZONE",
    "timestamp (3) with time zone",
    "TIMESTAMPTZ(3)",
    "time",
    "time(2)",
    "timetz",
    "timetz(4)",
    "time with time zone",
    "time(3) without time zone",
    "interval",
    "interval(3)",
    "interval year to month",
    "interval day to second(3)",
    "interval hour",
    "interval minute to second",
    "decimal",
    "numeric",
    "numeric(10)",
    "numeric(65,30)",
    "decimal(10, 2)",
    "DECIMAL(65,30)",
    "numeric(5, 0)",
    "decimal(7)",
    "bit",
    "bit(5)",
    "bit varying",
    "varbit",
    "varbit(5)",
    "bit varying(7)",
    "text",
    "TEXT",
    "text[]",
    "TEXT[]",
    "int[]",
    "int[][]",
    "int[3]",
    "integer ARRAY",
    "int ARRAY[4]",
    "varchar(10)[]",
    "timestamp(3)[]",
    "character varying[]",
    "double precision[]",
    "timestamptz(3)[]",
    "smallint[]",
    "jsonb",
    "JSONB",
    "json",
    "jsonb[]",
    "uuid",
    "UUID",
    "bytea",
    "date",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "money",
    "xml",
    "tsvector",
    "oid",
    "name",
    "regclass",
    "point",
    "tstzrange",
    "int4range",
    "int8range",
    "\"char\"",
    "\"int4\"",
    "\"varchar\"(5)",
    "\"bool\"",
    "\"timestamptz\"",
    "pg_catalog.int4",
    "pg_catalog.varchar(20)",
    "\"Role\"",
    "role",
    "ROLE",
    "\"role\"",
    "public.\"Role\"",
    "public.role",
    "other.\"Role\"",
    "other.plain",
    "OTHER.PLAIN",
    "\"Role\"[]",
    "\"Role\" ARRAY",
    "\"user\"",
    "\"Has Space\"",
    "\"Has Space\"[]",
];

fn psql(url: &str, script: &str) -> String {
    let output = Command::new("psql")
        .args([
            url,
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            script,
        ])
        .output()
        .expect("psql runs");
    assert!(
        output.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn postgres_spellings_match_format_type() {
    let Ok(url) = std::env::var("MIGLINT_TEST_DATABASE_URL") else {
        println!(
            "skipped: set MIGLINT_TEST_DATABASE_URL to check type spellings against PostgreSQL"
        );
        return;
    };
    let database = format!("miglint_types_{}", std::process::id());
    psql(&url, &format!("DROP DATABASE IF EXISTS {database}"));
    psql(&url, &format!("CREATE DATABASE {database}"));

    let columns: Vec<String> = SPELLINGS
        .iter()
        .enumerate()
        .map(|(i, spelling)| format!("c{i} {spelling}"))
        .collect();
    // `\c` keeps the connection's host and user and switches database.
    let script = format!(
        "\\c {database}\n{SETUP}\nCREATE TABLE spellings ({});\n\
         SELECT format_type(atttypid, atttypmod) FROM pg_attribute \
         WHERE attrelid = 'spellings'::regclass AND attnum > 0 ORDER BY attnum;",
        columns.join(",\n")
    );
    let output = Command::new("psql")
        .args([
            url.as_str(),
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(script.as_bytes())?;
            child.wait_with_output()
        })
        .expect("psql runs");
    psql(&url, &format!("DROP DATABASE IF EXISTS {database}"));
    assert!(
        output.status.success(),
        "psql failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let printed: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(printed.len(), SPELLINGS.len(), "one row per spelling");
    let mismatches: Vec<String> = SPELLINGS
        .iter()
        .zip(&printed)
        .filter_map(|(spelling, expected)| {
            let ours = parse_type(spelling, Dialect::Postgres).to_string();
            (ours != *expected)
                .then(|| format!("{spelling}: postgres `{expected}`, miglint `{ours}`"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "mismatches:\n{}",
        mismatches.join("\n")
    );
    println!("{} spellings agree with format_type", SPELLINGS.len());
}
