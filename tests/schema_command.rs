//! `miglint schema` on a small project (`tests/schema/shop`): the three
//! formats as reviewed snapshots, `--at`, and the DDL it prints applied to a
//! real PostgreSQL when `MIGLINT_TEST_DATABASE_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::process::{Command, Output};

use support::repo_root;

fn schema(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_miglint"))
        .current_dir(repo_root())
        .arg("schema")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn sql_format() {
    insta::assert_snapshot!(stdout(&schema(&["tests/schema/shop"])));
}

#[test]
fn json_format() {
    let text = stdout(&schema(&["tests/schema/shop", "--format", "json"]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 1);
    insta::assert_snapshot!(text.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn mermaid_format() {
    insta::assert_snapshot!(stdout(&schema(&[
        "tests/schema/shop",
        "--format",
        "mermaid"
    ])));
}

#[test]
fn at_stops_after_the_named_migration() {
    let text = stdout(&schema(&[
        "tests/schema/shop",
        "--format",
        "json",
        "--at",
        "001_init",
    ]));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let project = &value["projects"][0];
    assert_eq!(project["migrations"], 1);
    let public = &project["schemas"][0];
    assert_eq!(public["name"], "public");
    let customers = public["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "customers")
        .unwrap();
    // `nickname` and `NOT NULL` on `name` come in 003.
    assert_eq!(customers["columns"].as_array().unwrap().len(), 4);
    assert_eq!(customers["columns"][2]["nullable"], true);
    assert!(
        public["tables"].as_array().unwrap()[0]["indexes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["name"] != "orders_tags_idx")
    );
    let missing = schema(&["tests/schema/shop", "--at", "004_nothing"]);
    assert_eq!(missing.status.code(), Some(2));
}

/// The DDL `--format sql` prints is valid PostgreSQL 15.
#[test]
fn sql_format_applies_to_postgres() {
    let Ok(url) = std::env::var("MIGLINT_TEST_DATABASE_URL") else {
        eprintln!("SKIPPED sql_format_applies_to_postgres: MIGLINT_TEST_DATABASE_URL is not set");
        return;
    };
    let sql = stdout(&schema(&["tests/schema/shop"]));
    let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
    let db = "miglint_schema_sql";
    let psql = |target: &str, args: &[&str]| {
        Command::new("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target])
            .args(args)
            .output()
            .unwrap()
    };
    let drop = format!("DROP DATABASE IF EXISTS {db}");
    let setup = psql(&url, &["-c", &drop, "-c", &format!("CREATE DATABASE {db}")]);
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let applied = psql(&format!("{base}/{db}"), &["-c", &sql]);
    let _ = psql(&url, &["-c", &drop]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
}
