//! The baseline round trip: record today's findings, then report only new
//! ones; moving lines does not bring recorded findings back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use serde_json::Value;
use support::{TempDir, json_of, run};

/// (rule, line) of every finding.
fn findings(json: &Value) -> Vec<(String, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

const INIT: &str = "CREATE TABLE t (id int);\n";
const OLD_PROBLEMS: &str = "ALTER TABLE t ADD COLUMN id int;\nALTER TABLE t ADD COLUMN id int;\nALTER TABLE missing ADD COLUMN x int;\n";

#[test]
fn write_then_report_only_new_findings() {
    let dir = TempDir::new("baseline");
    dir.write("migrations/001_init.sql", INIT);
    dir.write("migrations/002_old.sql", OLD_PROBLEMS);
    let before = json_of(&run(dir.path(), &["check", "--format", "json", "."]));
    assert_eq!(findings(&before).len(), 3);

    let out = run(
        dir.path(),
        &["check", "--write-baseline", "miglint-baseline.json", "."],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote 3 findings"));
    let written: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("miglint-baseline.json")).unwrap(),
    )
    .unwrap();
    let entry = &written["findings"][0];
    for field in ["rule", "file", "fingerprint"] {
        assert!(entry[field].is_string(), "{entry}");
    }
    assert_eq!(entry["file"], "migrations/002_old.sql");

    let args = [
        "check",
        "--format",
        "json",
        "--baseline",
        "miglint-baseline.json",
        ".",
    ];
    let out = run(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0));
    let json = json_of(&out);
    assert_eq!(findings(&json), []);
    assert_eq!(json["summary"]["baselined"], 3);

    // Lines move (a header, reflowed statements): still recorded.
    dir.write(
        "migrations/002_old.sql",
        "-- legacy fixes\n\nALTER TABLE t\n  ADD COLUMN id int;\n\nALTER TABLE t ADD COLUMN id int;\nALTER TABLE missing\n  ADD COLUMN x int;\n",
    );
    let json = json_of(&run(dir.path(), &args));
    assert_eq!(findings(&json), []);
    assert_eq!(json["summary"]["baselined"], 3);

    // A new problem, and a third copy of a recorded one in the same file:
    // only those are reported.
    dir.write(
        "migrations/002_old.sql",
        "-- legacy fixes\n\nALTER TABLE t\n  ADD COLUMN id int;\n\nALTER TABLE t ADD COLUMN id int;\nALTER TABLE missing\n  ADD COLUMN x int;\nALTER TABLE t ADD COLUMN id int;\n",
    );
    dir.write(
        "migrations/003_new.sql",
        "ALTER TABLE t DROP COLUMN nope;\n",
    );
    let out = run(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    let json = json_of(&out);
    let mut found = findings(&json);
    found.sort();
    assert_eq!(
        found,
        [
            ("object-already-exists".to_owned(), 9),
            ("unknown-column".to_owned(), 1)
        ]
    );
    assert_eq!(json["summary"]["baselined"], 3);

    // The human footer says how many were left out; so does miglint.toml's `baseline`.
    dir.write("miglint.toml", "baseline = \"miglint-baseline.json\"\n");
    let out = run(dir.path(), &["check", "."]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("; 3 findings in the baseline not shown"),
        "{stdout}"
    );
}

#[test]
fn a_broken_baseline_is_an_error_not_an_empty_baseline() {
    let dir = TempDir::new("baseline-broken");
    dir.write("migrations/001_init.sql", INIT);
    dir.write("b.json", "{\"findings\": 3}");
    let out = run(dir.path(), &["check", "--baseline", "b.json", "."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a miglint baseline"), "{stderr}");
}
