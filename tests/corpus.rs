//! Real histories: `miglint check --format json` on every corpus folder.
//!
//! Every run must exit 0 or 1 (never 2, never a crash) and print JSON that
//! follows the version-1 contract. Corpora whose history applies cleanly to
//! PostgreSQL must produce no correctness finding at all.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Corpora whose PostgreSQL history applies cleanly to PostgreSQL 15 (see
/// tests/postgres_replay.rs); their SQLite histories must be clean too.
const CLEAN: &[&str] = &[
    "atuin",
    "pocket-id",
    "umami-pg",
    "langfuse",
    "trigger-dev",
    "hoppscotch",
    "papermark",
    "teable-pg",
    "marquez",
    "dokploy",
];

fn check_json(path: &Path) -> (i32, Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let code = output.status.code().unwrap_or(-1);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{}: exit {code}, output is not JSON ({e}); stderr:\n{}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (code, json)
}

/// The fields DESIGN.md's JSON contract promises.
fn assert_contract(json: &Value, context: &str) {
    assert_eq!(json["version"], 1, "{context}");
    assert_eq!(json["tool"]["name"], "miglint", "{context}");
    assert!(json["tool"]["version"].is_string(), "{context}");
    for project in json["projects"].as_array().unwrap() {
        for key in ["root", "tool", "dialect"] {
            assert!(project[key].is_string(), "{context}: project.{key}");
        }
        assert!(project["migrations"].is_u64(), "{context}");
        assert!(project["model"].is_array(), "{context}");
    }
    for d in json["diagnostics"].as_array().unwrap() {
        for key in ["rule", "category", "severity", "message", "file"] {
            assert!(d[key].is_string(), "{context}: diagnostic.{key} in {d}");
        }
        for end in ["start", "end"] {
            for key in ["line", "column", "offset"] {
                assert!(d[end][key].is_u64(), "{context}: {end}.{key} in {d}");
            }
            assert!(d[end]["line"].as_u64().unwrap() >= 1);
            assert!(d[end]["column"].as_u64().unwrap() >= 1);
        }
        assert!(d["labels"].is_array(), "{context}");
        assert!(["error", "warning"].contains(&d["severity"].as_str().unwrap()));
    }
    let summary = &json["summary"];
    for key in ["files", "statements", "errors", "warnings"] {
        assert!(summary[key].is_u64(), "{context}: summary.{key}");
    }
}

#[test]
fn every_corpus_lints_with_the_json_contract() {
    let Some(corpus) = support::corpus_root("corpus") else {
        return;
    };
    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut failures = Vec::new();
    for name in &names {
        let (code, json) = check_json(&corpus.join(name));
        assert_contract(&json, name);
        let summary = &json["summary"];
        eprintln!(
            "corpus {name}: exit {code}, {} projects, {} files, {} statements, {} errors, {} warnings",
            json["projects"].as_array().map_or(0, Vec::len),
            summary["files"],
            summary["statements"],
            summary["errors"],
            summary["warnings"]
        );
        if code != 0 && code != 1 {
            failures.push(format!("{name}: exit {code}"));
        }
        if json["projects"].as_array().is_none_or(Vec::is_empty) {
            failures.push(format!("{name}: no project found"));
        }
        if CLEAN.contains(&name.as_str()) {
            let correctness: Vec<String> = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["category"] == "correctness")
                .map(|d| {
                    format!(
                        "  {}:{}: {} [{}]",
                        d["file"], d["start"]["line"], d["message"], d["rule"]
                    )
                })
                .collect();
            if !correctness.is_empty() {
                failures.push(format!(
                    "{name} applies cleanly to PostgreSQL, yet miglint reports:\n{}",
                    correctness.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
