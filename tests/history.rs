//! The history rules in temporary git repositories: edited and out-of-order
//! migrations against the merge base, duplicate versions, Atlas checksums,
//! and `--changed-since` in a shallow clone. Skips with a notice without git.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

use support::{TempDir, json_of, run};

/// (rule, file) of every finding, sorted.
fn findings(output: &Output) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = json_of(output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

fn pair(rule: &str, file: &str) -> (String, String) {
    (rule.to_owned(), file.to_owned())
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(["-c", "user.email=t@t", "-c", "user.name=t"])
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn commit_all(dir: &Path, message: &str) {
    assert!(git(dir, &["add", "-A"]) && git(dir, &["commit", "-qm", message]));
}

/// A temp git repository on branch `main` with `files` committed, or `None`
/// (with a notice) without git.
fn repo(test: &str, files: &[(&str, &str)]) -> Option<TempDir> {
    let dir = TempDir::new(test);
    for (path, text) in files {
        dir.write(path, text);
    }
    if !(git(dir.path(), &["init", "-q", "-b", "main"])
        && git(dir.path(), &["add", "-A"])
        && git(dir.path(), &["commit", "-qm", "init"]))
    {
        miglint_testing::skip(format_args!("SKIPPED {test}: git is not available"));
        return None;
    }
    Some(dir)
}

const GOOSE_A: &str = "-- +goose Up\nCREATE TABLE a (id int);\n";
const GOOSE_B: &str = "-- +goose Up\nCREATE TABLE b (id int);\n";
const GOOSE_C: &str = "-- +goose Up\nCREATE TABLE c (id int);\n";
const HISTORY: &[&str] = &["check", "--format", "json", "--select", "history", "."];

#[test]
fn an_edited_applied_migration_is_reported_against_the_default_branch() {
    let Some(dir) = repo(
        "history-edited",
        &[
            ("db/migrations/001_a.sql", GOOSE_A),
            ("db/migrations/002_b.sql", GOOSE_B),
        ],
    ) else {
        return;
    };
    assert_eq!(findings(&run(dir.path(), HISTORY)), []);

    // On a branch: an uncommitted edit and a committed one both count.
    assert!(git(dir.path(), &["checkout", "-qb", "feature"]));
    dir.write(
        "db/migrations/002_b.sql",
        &format!("{GOOSE_B}ALTER TABLE b ADD x int;\n"),
    );
    commit_all(dir.path(), "edit b");
    dir.write("db/migrations/001_a.sql", &format!("{GOOSE_A}-- note\n"));
    dir.write("db/migrations/003_c.sql", GOOSE_C);
    let out = run(dir.path(), HISTORY);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&out),
        [
            pair("migration-edited", "db/migrations/001_a.sql"),
            pair("migration-edited", "db/migrations/002_b.sql"),
        ]
    );
    let message = json_of(&out)["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("exists at `main`"), "{message}");
}

#[test]
fn a_new_migration_older_than_the_newest_at_the_base_is_out_of_order() {
    let Some(dir) = repo(
        "history-order",
        &[
            ("db/migrations/20240101_a.sql", GOOSE_A),
            ("db/migrations/20240301_c.sql", GOOSE_C),
        ],
    ) else {
        return;
    };
    assert!(git(dir.path(), &["checkout", "-qb", "feature"]));
    dir.write("db/migrations/20240201_b.sql", GOOSE_B);
    dir.write(
        "db/migrations/20240401_d.sql",
        "-- +goose Up\nCREATE TABLE d (id int);\n",
    );
    let out = run(dir.path(), HISTORY);
    // A warning: exit 0 unless warnings are denied.
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        findings(&out),
        [pair(
            "migration-out-of-order",
            "db/migrations/20240201_b.sql"
        )]
    );
    let message = json_of(&out)["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("before `20240301_c`"), "{message}");
}

#[test]
fn duplicate_versions_need_no_git_and_outside_git_the_git_rules_say_they_skipped() {
    let dir = TempDir::new("history-duplicate");
    dir.write("db/migrations/001_a.sql", GOOSE_A);
    dir.write("db/migrations/1_b.sql", GOOSE_B);
    dir.write("db/migrations/002_c.sql", GOOSE_C);
    let out = run(dir.path(), HISTORY);
    assert_eq!(out.status.code(), Some(1));
    let found = findings(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "duplicate-migration-version");
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !git(dir.path(), &["rev-parse", "--show-toplevel"]) {
        assert!(
            stderr.contains("not in a git repository")
                && stderr.contains("migration-edited and migration-out-of-order skipped"),
            "{stderr}"
        );
    }
}

#[test]
fn changed_since_measures_from_the_merge_base_not_the_tip() {
    let Some(dir) = repo(
        "history-merge-base",
        &[("db/migrations/001_a.sql", GOOSE_A)],
    ) else {
        return;
    };
    assert!(git(dir.path(), &["checkout", "-qb", "feature"]));
    dir.write(
        "db/migrations/002_b.sql",
        "-- +goose Up\nCREATE TABLE b (id int);\nCREATE TABLE b (id int);\n",
    );
    commit_all(dir.path(), "b");
    // main moves on after the fork: it edits 001 and adds 003.
    assert!(git(dir.path(), &["checkout", "-q", "main"]));
    dir.write(
        "db/migrations/001_a.sql",
        &format!("{GOOSE_A}CREATE TABLE a (id int);\n"),
    );
    dir.write("db/migrations/003_c.sql", GOOSE_C);
    commit_all(dir.path(), "main moves");
    assert!(git(dir.path(), &["checkout", "-q", "feature"]));

    let out = run(
        dir.path(),
        &["check", "--format", "json", "--changed-since", "main", "."],
    );
    // Against main's tip, 001 would look edited and 002 out of order; against
    // the merge base only this branch's own change counts.
    assert_eq!(
        findings(&out),
        [pair("object-already-exists", "db/migrations/002_b.sql")]
    );
}

#[test]
fn a_ref_missing_from_a_shallow_clone_names_the_fix() {
    let Some(origin) = repo("history-shallow", &[("db/migrations/001_a.sql", GOOSE_A)]) else {
        return;
    };
    for (name, text) in [("002_b.sql", GOOSE_B), ("003_c.sql", GOOSE_C)] {
        origin.write(&format!("db/migrations/{name}"), text);
        commit_all(origin.path(), name);
    }
    let first = Command::new("git")
        .args(["rev-list", "--max-parents=0", "HEAD"])
        .current_dir(origin.path())
        .output()
        .unwrap();
    let first = String::from_utf8_lossy(&first.stdout).trim().to_owned();
    let clones = TempDir::new("history-shallow-clone");
    let url = format!("file://{}", origin.path().display());
    assert!(git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "c"]
    ));
    let clone = clones.path().join("c");

    let out = run(&clone, &["check", "--changed-since", &first, "."]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("shallow clone") && stderr.contains("fetch-depth: 0"),
        "{stderr}"
    );

    let out = run(
        &clone,
        &[
            "check",
            "--format",
            "github",
            "--changed-since",
            &first,
            ".",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("::error title=miglint::") && stdout.contains("fetch-depth: 0"),
        "{stdout}"
    );
    insta::assert_snapshot!(
        "shallow_clone_github",
        format!(
            "exit={}\n--- stdout\n{stdout}--- stderr\n{}",
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr)
        )
        .replace(&first, "$FIRST_COMMIT")
    );
}

/// The `atlas.sum` and file of Atlas's own test data
/// (atlasexec/internal/e2e/testdata/versioned-basic), written by `atlas migrate hash`.
const ATLAS_FILE: &str = "CREATE TABLE t1(c1 int);\n";
const ATLAS_SUM: &str = "h1:vefBQWShy7/4OI7C1NqFH9y2PtGtOUS5zFQ1492XitE=\n20240112070806.sql h1:nhoPxDs1H3UH6aEpy1qJ6Bj6zbFRt61sB4ndi0sx7zw=\n";

#[test]
fn atlas_sum_is_checked_the_way_atlas_computes_it() {
    let dir = TempDir::new("history-atlas");
    dir.write("migrations/20240112070806.sql", ATLAS_FILE);
    dir.write("migrations/atlas.sum", ATLAS_SUM);
    let args = [
        "check",
        "--format",
        "json",
        "--select",
        "migration-checksum-mismatch",
        ".",
    ];
    let out = run(dir.path(), &args);
    assert_eq!(json_of(&out)["projects"][0]["tool"], "atlas");
    assert_eq!(findings(&out), []);

    // A migration added without `atlas migrate hash`.
    dir.write(
        "migrations/20240113000000.sql",
        "CREATE TABLE t2(c1 int);\n",
    );
    let out = run(dir.path(), &args);
    assert_eq!(
        findings(&out),
        [pair(
            "migration-checksum-mismatch",
            "migrations/20240113000000.sql"
        )]
    );
    std::fs::remove_file(dir.path().join("migrations/20240113000000.sql")).unwrap();

    // An edited migration.
    dir.write(
        "migrations/20240112070806.sql",
        "CREATE TABLE t1(c1 bigint);\n",
    );
    let out = run(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&out),
        [pair(
            "migration-checksum-mismatch",
            "migrations/20240112070806.sql"
        )]
    );

    // A sum file edited by hand.
    dir.write("migrations/20240112070806.sql", ATLAS_FILE);
    dir.write(
        "migrations/atlas.sum",
        &ATLAS_SUM.replace("h1:vef", "h1:xef"),
    );
    let out = run(dir.path(), &args);
    assert_eq!(
        findings(&out),
        [pair("migration-checksum-mismatch", "migrations/atlas.sum")]
    );
}
