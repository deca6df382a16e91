//! A history read as partial says so and why, and assumes only the tables
//! its first migration uses: a misspelt table later is still unknown.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::process::Command;

use serde_json::Value;
use support::TempDir;

#[test]
fn only_the_first_migrations_tables_are_assumed() {
    let dir = TempDir::new("partial");
    // Started from an existing database: `users` and `billing.plans` predate the history.
    dir.write(
        "migrations/001_email.sql",
        "ALTER TABLE users ADD COLUMN email text;\nALTER TABLE billing.plans ADD COLUMN tier int;\n",
    );
    dir.write(
        "migrations/002_more.sql",
        "ALTER TABLE users ADD COLUMN phone text;\nALTER TABLE userz ADD COLUMN typo text;\nCREATE TABLE billing.invoices (id int);\n",
    );
    let run = |format: &str| {
        Command::new(env!("CARGO_BIN_EXE_miglint"))
            .args(["check", "--format", format, "."])
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let out = run("json");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let project = &json["projects"][0];
    assert_eq!(project["history"], "partial");
    let reason = project["history_reason"].as_str().unwrap();
    assert!(
        reason.contains("migrations/001_email.sql")
            && reason.contains("`users`")
            && reason.contains("`billing.plans`"),
        "{reason}"
    );
    let found: Vec<(String, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("unknown-table".to_owned(), 2)]);

    let human = run("human");
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("note: migrations: history read as partial: the first migration"),
        "{text}"
    );
}
