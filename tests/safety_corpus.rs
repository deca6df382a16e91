//! Safety rules on the real corpora (issue acceptance): no locking finding on
//! a table the same file created earlier, and `concurrent-index-in-transaction`
//! on Prisma migrations exactly when `CONCURRENTLY` is not alone in its file.
//! Skipped with a notice when ../shared/corpus is absent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use regex::Regex;
use serde_json::Value;

fn check_all(root: &Path) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", "json", "--select", "all"])
        .arg(root)
        .output()
        .unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

fn corpora(root: &Path) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Whether `text` creates `table` (any schema, quoted or not) — read with a
/// regular expression, independently of miglint's parser.
fn creates(text: &str, table: &str) -> bool {
    let pattern = format!(
        r#"(?i)create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?(?:"?[\w]+"?\.)?"?{}"?[\s(]"#,
        regex::escape(table)
    );
    Regex::new(&pattern).unwrap().is_match(text)
}

#[test]
fn no_locking_finding_on_a_table_created_earlier_in_the_same_file() {
    let Some(root) = miglint_testing::corpus("safety_corpus") else {
        return;
    };
    let mut checked = 0;
    let mut wrong = Vec::new();
    for corpus in corpora(&root) {
        let json = check_all(&corpus);
        for d in json["diagnostics"].as_array().unwrap() {
            // The index rule reports where the key was declared, not a lock.
            if d["category"] != "locking" || d["rule"] == "foreign-key-without-index" {
                continue;
            }
            let Some(table) = d["subject"]["table"].as_str() else {
                continue;
            };
            let file = d["file"].as_str().unwrap();
            let offset = d["start"]["offset"].as_u64().unwrap() as usize;
            let text = std::fs::read_to_string(file).unwrap_or_default();
            let before = text.get(..offset).unwrap_or("");
            checked += 1;
            if creates(before, table) {
                wrong.push(format!(
                    "{file}:{} {} on `{table}`",
                    d["start"]["line"], d["rule"]
                ));
            }
        }
    }
    println!("{checked} locking findings checked");
    assert!(checked > 0, "no locking finding at all on the corpora");
    assert!(
        wrong.is_empty(),
        "locking findings on tables created earlier in the file:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn prisma_concurrent_index_reported_only_when_not_alone() {
    let Some(root) = miglint_testing::corpus("safety_corpus") else {
        return;
    };
    let concurrently = Regex::new(r"(?i)\bconcurrently\b").unwrap();
    let (mut alone, mut shared) = (0, 0);
    for corpus in corpora(&root) {
        let json = check_all(&corpus);
        let prisma_pg = json["projects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["tool"] == "prisma" && p["dialect"] == "postgresql");
        if !prisma_pg {
            continue;
        }
        let reported: BTreeSet<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "concurrent-index-in-transaction")
            .filter_map(|d| d["file"].as_str())
            .collect();
        for entry in walkdir::WalkDir::new(&corpus)
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if path.file_name().is_none_or(|n| n != "migration.sql") {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if !concurrently.is_match(&text) {
                continue;
            }
            let parsed = miglint_syntax::parse(&text, miglint_source::Dialect::Postgres);
            // The word may sit in a comment only.
            if !parsed.statements.iter().any(|s| s.is_concurrent_index()) {
                continue;
            }
            let statements = parsed.statements.len();
            let is_reported = reported.contains(path.to_str().unwrap());
            if statements == 1 {
                alone += 1;
                assert!(
                    !is_reported,
                    "{}: alone in its file, yet reported",
                    path.display()
                );
            } else {
                shared += 1;
                assert!(
                    is_reported,
                    "{}: {statements} statements, not reported",
                    path.display()
                );
            }
        }
    }
    println!("Prisma CONCURRENTLY migrations: {alone} alone, {shared} with other statements");
}
