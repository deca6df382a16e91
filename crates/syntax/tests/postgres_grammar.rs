#![allow(clippy::unwrap_used, clippy::expect_used)]
//! PostgreSQL's schema-changing statements, one or more forms of each from
//! the SQL command reference: every statement of `postgres15_ddl.sql` is
//! valid (the file applies to PostgreSQL 15 from an empty database, checked
//! below when a server is given) and none is a syntax error to miglint;
//! every statement of `postgres15_typos.sql` is rejected by PostgreSQL 15
//! and stays a syntax error.

use std::path::Path;
use std::process::Command;

use miglint_syntax::{Dialect, parse};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests")
            .join(name),
    )
    .unwrap()
}

#[test]
fn valid_statements_are_not_syntax_errors() {
    let text = fixture("postgres15_ddl.sql");
    let parsed = parse(&text, Dialect::Postgres);
    assert!(parsed.statements.len() > 150);
    let errors: Vec<String> = parsed
        .statements
        .iter()
        .filter_map(|s| {
            let e = s.error.as_ref()?;
            Some(format!("{}\n  => {}", s.text(&text), e.message))
        })
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn typos_stay_syntax_errors() {
    let text = fixture("postgres15_typos.sql");
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let parsed = parse(line, Dialect::Postgres);
        assert!(
            parsed.statements.iter().any(|s| s.error.is_some()),
            "{line}"
        );
    }
}

/// The fixture itself is checked against the server: it must apply cleanly.
#[test]
fn valid_statements_apply_to_postgres() {
    let Ok(url) = std::env::var("MIGLINT_TEST_DATABASE_URL") else {
        eprintln!(
            "SKIPPED valid_statements_apply_to_postgres: MIGLINT_TEST_DATABASE_URL is not set"
        );
        return;
    };
    let Some((base, _)) = url.rsplit_once('/') else {
        panic!("MIGLINT_TEST_DATABASE_URL has no database name: {url}");
    };
    let db = "miglint_grammar_fixture";
    let psql = |target: &str, args: &[&str]| {
        Command::new("psql")
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target])
            .args(args)
            .output()
            .unwrap()
    };
    let setup = psql(
        &url,
        &[
            "-c",
            &format!("DROP DATABASE IF EXISTS {db}"),
            "-c",
            &format!("CREATE DATABASE {db}"),
        ],
    );
    assert!(
        setup.status.success(),
        "{}",
        String::from_utf8_lossy(&setup.stderr)
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/postgres15_ddl.sql");
    let applied = psql(&format!("{base}/{db}"), &["-f", path.to_str().unwrap()]);
    let _ = psql(&url, &["-c", &format!("DROP DATABASE IF EXISTS {db}")]);
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
}
