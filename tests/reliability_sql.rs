//! Hostile SQL through the whole `miglint check`: no crash, no statement lost
//! in silence, limits reported as findings, large inputs in bounded time.
//! Large inputs are generated here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::process::Command;

use serde_json::Value;
use support::TempDir;

/// `miglint check --format json FILE` on `sql`: exit code and JSON.
fn check(sql: &str) -> (i32, Value) {
    check_history(&[sql])
}

/// The same on a history of `migrations` (a folder of numbered files) when
/// there are several: a single file is read as a partial history.
fn check_history(migrations: &[&str]) -> (i32, Value) {
    let dir = TempDir::new("reliability-sql");
    let mut path = dir.path().join("migrations");
    for (i, sql) in migrations.iter().enumerate() {
        path = dir.write(&format!("migrations/{:03}_m.sql", i + 1), sql);
    }
    if migrations.len() > 1 {
        path = dir.path().join("migrations");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let code = output
        .status
        .code()
        .expect("exited, not killed by a signal");
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (code, json)
}

/// (rule, line, column, message) of every finding.
fn findings(json: &Value) -> Vec<(String, u64, u64, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn rules(json: &Value) -> Vec<String> {
    findings(json).into_iter().map(|f| f.0).collect()
}

/// With lone-CR line endings the statements after a `--` comment are still
/// linted (PostgreSQL ends the comment at CR), and suppressions still apply.
#[test]
fn lone_cr_line_endings() {
    let lf = "-- comment\nCREATE TABLE a (id int);\nSELECT * FROM nope;\nALTER TABLE a ADD COLUMN id int;\n";
    let (_, from_lf) = check(lf);
    let (_, from_cr) = check(&lf.replace('\n', "\r"));
    assert!(rules(&from_lf).contains(&"object-already-exists".to_owned()));
    assert_eq!(rules(&from_cr), rules(&from_lf));
    assert_eq!(
        from_cr["summary"]["statements"],
        from_lf["summary"]["statements"]
    );

    let suppressed = "CREATE TABLE a (id int);\r-- miglint-ignore object-already-exists -- kept\rALTER TABLE a ADD COLUMN id int;\r";
    let (_, json) = check(suppressed);
    assert!(
        !rules(&json).contains(&"object-already-exists".to_owned()),
        "{:?}",
        findings(&json)
    );
}

/// 1,200 nested DO blocks overflowed the stack: now one syntax error naming
/// the limit, and the run completes.
#[test]
fn nested_do_blocks() {
    let mut sql = "CREATE TABLE inner_t (id int);".to_owned();
    for i in 0..1200 {
        sql = format!("DO $t{i}$ BEGIN {sql} END $t{i}$;");
    }
    let (_, json) = check(&sql);
    let found = findings(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "syntax-error");
    assert!(found[0].3.contains("DO blocks nested") && found[0].3.contains("limit of miglint"));
}

/// Valid SQL nested deeper than sqlparser's old limit of 20 is no syntax error.
#[test]
fn deep_valid_sql() {
    let mut query = "SELECT 1".to_owned();
    for i in 0..9 {
        query = format!("SELECT * FROM ({query}) s{i}");
    }
    let sql = format!(
        "CREATE VIEW v AS {query};\nSELECT {}1{};\nSELECT {}1{};\n",
        "(".repeat(17),
        ")".repeat(17),
        "CASE WHEN true THEN ".repeat(17),
        " END".repeat(17)
    );
    let (code, json) = check(&sql);
    assert_eq!((code, findings(&json)), (0, Vec::new()));
}

/// `DEFAULT ((((1))))` 100,000 deep took 12 s (quadratic); linear now. The
/// bound is generous for a debug build on a busy machine.
#[test]
fn deeply_parenthesized_default() {
    let n = 100_000;
    let sql = format!(
        "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN y int DEFAULT {}1{};\n",
        "(".repeat(n),
        ")".repeat(n)
    );
    let (_, json) = check(&sql);
    assert_eq!(json["summary"]["statements"], 2);
}

/// A data statement too large for sqlparser keeps its target: an INSERT into
/// a missing table is still `unknown-table`; one with an unterminated string
/// is still a syntax error.
#[test]
fn large_insert_statements() {
    let rows: Vec<String> = (0..20_000).map(|i| format!("({i}, 'name {i}')")).collect();
    let values = rows.join(",\n");
    let sql = format!(
        "INSERT INTO t (id, name) VALUES\n{values};\nINSERT INTO missing (id, name) VALUES\n{values};\nINSERT INTO t (id, name) VALUES\n{values}, (1, 'open);\n"
    );
    assert!(sql.len() > 3 * miglint_syntax::LARGE_STATEMENT);
    let (_, json) = check_history(&["CREATE TABLE t (id int, name text);\n", &sql]);
    let found = findings(&json);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "unknown-table");
    assert_eq!(found[0].1, 20_002);
    assert_eq!(found[1].0, "syntax-error");
    assert!(
        found[1].3.contains("unterminated quoted string"),
        "{found:?}"
    );
    assert_eq!(json["summary"]["statements"], 4);
}

/// A 1 MB single line with a finding far past column 65,535.
#[test]
fn one_megabyte_line() {
    let sql = format!(
        "CREATE TABLE t (id int);{}ALTER TABLE t ADD COLUMN id int;\n",
        "INSERT INTO t (id) VALUES (1);".repeat(35_000)
    );
    assert!(sql.len() > 1_000_000);
    let (code, json) = check(&sql);
    assert_eq!(code, 1);
    let found = findings(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "object-already-exists");
    // The column's name: 25 characters into the ALTER, columns count from 1.
    let column = sql.find("ALTER").unwrap() + 25 + 1;
    assert_eq!((found[0].1, found[0].2), (1, column as u64));
}

/// PostgreSQL rejects a zero-length identifier and an unterminated `/*`
/// (checked with psql on PostgreSQL 15).
#[test]
fn empty_identifier_and_unterminated_comment() {
    let sql = "CREATE TABLE t (id int);\nCREATE TABLE \"\" (id int);\nSELECT 1;\n/* unterminated /* nested */ comment\n";
    let (_, json) = check(sql);
    let found: Vec<_> = findings(&json)
        .into_iter()
        .map(|(rule, line, column, _)| (rule, line, column))
        .collect();
    assert_eq!(
        found,
        [
            ("syntax-error".to_owned(), 2, 14),
            ("syntax-error".to_owned(), 4, 1)
        ]
    );
}

/// A migration over 1 MiB is parsed statement by statement during replay:
/// the same findings, suppressions and counts as any other file.
#[test]
fn streamed_large_migration() {
    let row = format!("(1, '{}')", "x".repeat(100));
    let insert = format!(
        "INSERT INTO t (id, name) VALUES {};\n",
        [row.as_str(); 40].join(", ")
    );
    let mut sql = insert.repeat(200);
    sql.push_str("INSERT INTO missing (id) VALUES (1);\n");
    sql.push_str(
        "-- miglint-ignore unknown-table -- on purpose\nINSERT INTO gone (id) VALUES (1);\n",
    );
    sql.push_str(&insert.repeat(200));
    assert!(sql.len() > 1 << 20);
    let (code, json) = check_history(&["CREATE TABLE t (id int, name text);\n", &sql]);
    assert_eq!(code, 1);
    let found = findings(&json);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("unknown-table", 201));
    assert_eq!(json["summary"]["statements"], 1 + 402);
}
