//! Regression tests for the reliability reproducers (../shared/cases/reliability): no crash, no
//! silent loss. Every input is generated here; git and privilege-dropping tests skip with a
//! notice where the machine lacks what they need.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::{TempDir, json_of};

fn miglint_in(dir: &Path, args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    miglint_in(dir, &args)
}

/// (rule, file, line) of every finding.
fn findings(json: &Value) -> Vec<(String, String, u64)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn finding(rule: &str, file: &str, line: u64) -> (String, String, u64) {
    (rule.to_owned(), file.to_owned(), line)
}

/// human-render-panic-long-line: a finding a megabyte along one line is shown
/// (exit 1, not a panic), with its true column.
#[test]
fn finding_far_along_a_one_megabyte_line() {
    let dir = TempDir::new("long-line");
    let padding = "x".repeat(1 << 20);
    let text = format!("/*{padding}*/ CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN id int;");
    dir.write("m.sql", &text);
    let out = run(dir.path(), &["check", "m.sql"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // All ASCII: the column is the byte offset plus one.
    let column = text.find("id int;").unwrap() + 1;
    assert!(column > usize::from(u16::MAX));
    assert!(stdout.contains(&format!("[m.sql:1:{column}]")), "{stdout}");
    assert!(stdout.contains("object-already-exists"), "{stdout}");
    assert!(stdout.len() < 20_000, "a window, not the megabyte");
}

/// goose-down-section-replayed: goose runs only the `-- +goose Up` section.
#[test]
fn goose_down_sections_are_not_replayed() {
    let dir = TempDir::new("goose");
    dir.write(
        "db/migrations/00001_create.sql",
        "-- +goose Up\nCREATE TABLE t (id int primary key);\n\n-- +goose Down\nDROP TABLE t;\n",
    );
    dir.write(
        "db/migrations/00002_add_name.sql",
        "-- +goose Up\n-- +goose StatementBegin\nALTER TABLE t ADD COLUMN name text;\n-- +goose StatementEnd\n\n-- +goose Down\nALTER TABLE t DROP COLUMN name;\nALTER TABLE t DROP COLUMN name;\n",
    );
    dir.write(
        "db/migrations/00003_again.sql",
        "-- +goose Up\nALTER TABLE t ADD COLUMN name text;\n-- +goose Down\nSELECT 1;\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    let json = json_of(&out);
    assert_eq!(json["projects"][0]["tool"], "goose");
    // Only the real mistake of an Up section: 00003 adds `name` again.
    assert_eq!(
        findings(&json),
        [finding(
            "object-already-exists",
            "db/migrations/00003_again.sql",
            2
        )]
    );
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .args(["-c", "user.email=t@t", "-c", "user.name=t"])
        .args(args)
        .current_dir(dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A temp git repository with `files` committed, or `None` (with a notice) without git.
fn repo(test: &str, files: &[(&str, &str)]) -> Option<TempDir> {
    let dir = TempDir::new(test);
    for (path, text) in files {
        dir.write(path, text);
    }
    if !(git(dir.path(), &["init", "-q"])
        && git(dir.path(), &["add", "-A"])
        && git(dir.path(), &["commit", "-qm", "init"]))
    {
        miglint_testing::skip(format_args!("SKIPPED {test}: git is not available"));
        return None;
    }
    Some(dir)
}

fn append(path: &Path, text: &str) {
    let old = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, old + text).unwrap();
}

/// changed-since-non-ascii-paths: git quotes such names unless `-z`.
#[test]
fn changed_since_keeps_paths_with_non_ascii_characters() {
    let create = "CREATE TABLE t (id int);\n";
    let Some(dir) = repo(
        "changed-non-ascii",
        &[
            ("mïg/001_ïnit.sql", create),
            ("plain dir/001 \"q\".sql", create),
        ],
    ) else {
        return;
    };
    for file in ["mïg/001_ïnit.sql", "plain dir/001 \"q\".sql"] {
        append(&dir.path().join(file), "ALTER TABLE t ADD COLUMN id int;\n");
    }
    let out = run(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--changed-since",
            "HEAD",
            "mïg",
            "plain dir",
        ],
    );
    let mut found = findings(&json_of(&out));
    found.sort();
    assert_eq!(
        found,
        [
            // Both files existed at HEAD and were edited since.
            finding("migration-edited", "mïg/001_ïnit.sql", 1),
            finding("migration-edited", "plain dir/001 \"q\".sql", 1),
            finding("object-already-exists", "mïg/001_ïnit.sql", 2),
            finding("object-already-exists", "plain dir/001 \"q\".sql", 2),
        ]
    );
}

/// changed-since-git-option-injection: a ref that looks like an option never reaches git.
#[test]
fn changed_since_refuses_option_like_refs() {
    let Some(dir) = repo(
        "changed-option",
        &[("m/001.sql", "CREATE TABLE t (id int);\n")],
    ) else {
        return;
    };
    append(
        &dir.path().join("m/001.sql"),
        "ALTER TABLE t ADD COLUMN id int;\n",
    );
    let written = dir.path().join("written-by-git.txt");
    let flag = format!("--changed-since=--output={}", written.display());
    let out = run(dir.path(), &["check", "--format", "gcc", &flag, "m"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!written.exists(), "git ran with the ref as an option");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not a git ref"), "{stderr}");

    let out = run(
        dir.path(),
        &["check", "--changed-since", "no-such-ref", "m"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`no-such-ref` is not a commit"), "{stderr}");
    assert!(stderr.lines().count() <= 2, "no git usage dump: {stderr}");

    let out = run(
        dir.path(),
        &["check", "--format", "gcc", "--changed-since", "HEAD", "m"],
    );
    assert_eq!(out.status.code(), Some(1));
}

/// non-utf8-file-name-skipped: the file is linted and shown with a lossy name.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_linted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = TempDir::new("latin1-name");
    dir.write("m/000_init.sql", "CREATE TABLE t (id int);\n");
    let name = OsStr::from_bytes(b"001_caf\xe9.sql");
    std::fs::write(
        dir.path().join("m").join(name),
        "ALTER TABLE t ADD COLUMN id int;\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check", "--format", "json", "m"]);
    let json = json_of(&out);
    assert_eq!(json["projects"][0]["migrations"], 2);
    assert_eq!(
        findings(&json),
        [finding("object-already-exists", "m/001_caf\u{FFFD}.sql", 1)]
    );
    assert_eq!(out.status.code(), Some(1));
}

const SCHEMA: &str = "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\nmodel User {\n  id Int @id @default(autoincrement())\n}\n";
const INIT: &str = "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n";

/// A Prisma project whose second migration folder `20240102000000_second` is
/// left to `hole` to fill (or not).
fn prisma_project(dir: &TempDir, name: &str) {
    dir.write(&format!("{name}/prisma/schema.prisma"), SCHEMA);
    dir.write(
        &format!("{name}/prisma/migrations/20240101000000_init/migration.sql"),
        INIT,
    );
    std::fs::create_dir_all(
        dir.path()
            .join(name)
            .join("prisma/migrations/20240102000000_second"),
    )
    .unwrap();
}

/// silent-skips: every hole in a history is a finding on the file, and the rest is linted.
#[cfg(unix)]
#[test]
fn holes_in_a_history_are_findings() {
    let dir = TempDir::new("holes");
    let second = "prisma/migrations/20240102000000_second/migration.sql";
    prisma_project(&dir, "nomigsql");
    prisma_project(&dir, "dangling");
    std::os::unix::fs::symlink(
        "/nonexistent/migration.sql",
        dir.path().join("dangling").join(second),
    )
    .unwrap();
    prisma_project(&dir, "isdir");
    std::fs::create_dir_all(dir.path().join("isdir").join(second)).unwrap();
    dir.write("plain/001.sql", "CREATE TABLE t (id int);\n");
    dir.write("plain/003.sql", "ALTER TABLE t ADD COLUMN id int;\n");
    std::os::unix::fs::symlink("/nonexistent/002.sql", dir.path().join("plain/002.sql")).unwrap();
    dir.write("latin1/001.sql", "CREATE TABLE t (id int);\n");
    std::fs::write(dir.path().join("latin1/002.sql"), b"SELECT 1; -- caf\xe9\n").unwrap();

    for (project, file, why) in [
        ("nomigsql", second, "it does not exist"),
        (
            "dangling",
            second,
            "symbolic link to `/nonexistent/migration.sql`",
        ),
        ("isdir", second, "it is a folder"),
        (
            "plain",
            "002.sql",
            "symbolic link to `/nonexistent/002.sql`",
        ),
        ("latin1", "002.sql", "not UTF-8 text (byte 16"),
    ] {
        let out = run(dir.path(), &["check", "--format", "json", project]);
        let json = json_of(&out);
        assert_eq!(out.status.code(), Some(1), "{project}");
        let mut found = findings(&json);
        found.retain(|f| f.0 != "object-already-exists");
        let line = 1;
        assert_eq!(
            found,
            [finding(
                "unreadable-file",
                &format!("{project}/{file}"),
                line
            )],
            "{project}"
        );
        let message = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "unreadable-file")
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(why), "{project}: {message}");
        assert!(message.contains("may be wrong"), "{project}: {message}");
        let migrations = json["projects"][0]["migrations"].as_u64().unwrap();
        assert_eq!(
            json["summary"]["files"].as_u64(),
            Some(migrations),
            "{project}"
        );
    }
    // The rest of a history is still linted.
    let json = json_of(&run(dir.path(), &["check", "--format", "json", "plain"]));
    assert!(
        findings(&json).contains(&finding("object-already-exists", "plain/003.sql", 1)),
        "{json}"
    );
}

/// unreadable-path-handling: run as an unprivileged user (root reads anything), an
/// unreadable file is a finding in a complete JSON document, an unreadable folder outside
/// the history a notice.
#[cfg(unix)]
#[test]
fn unreadable_files_and_folders() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("unreadable");
    let root = dir.path().join("m");
    dir.write("m/001.sql", "CREATE TABLE t (id int);\n");
    dir.write("m/002.sql", "SELECT 1;\n");
    dir.write("m/003.sql", "ALTER TABLE t ADD COLUMN id int;\n");
    dir.write("m/sub/001.sql", "SELECT 1;\n");
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    };
    for path in [dir.path(), root.as_path()] {
        mode(path, 0o755);
    }
    let as_unprivileged = |path: &Path| -> Option<Output> {
        let mut command = if is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(env!("CARGO_BIN_EXE_miglint"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_miglint"))
        };
        let out = command
            .args(["check", "--format", "json"])
            .arg(path)
            .env("NO_COLOR", "1")
            .output()
            .ok()?;
        // No JSON at all: the unprivileged user cannot run the binary here.
        out.stdout.starts_with(b"{").then_some(out)
    };

    mode(&root.join("sub"), 0o000);
    let out = as_unprivileged(&root);
    mode(&root.join("sub"), 0o755);
    let Some(out) = out else {
        miglint_testing::skip(format_args!(
            "SKIPPED unreadable_files_and_folders: cannot run miglint as another user"
        ));
        return;
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("notice") && stderr.contains("sub"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let json = json_of(&out);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json["diagnostics"][0]["rule"], "object-already-exists");

    mode(&root.join("002.sql"), 0o000);
    let out = as_unprivileged(&root).unwrap();
    mode(&root.join("002.sql"), 0o644);
    assert_eq!(out.status.code(), Some(1));
    let json = json_of(&out);
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["unreadable-file", "object-already-exists"],
        "{json}"
    );
    assert!(
        json["diagnostics"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("m/002.sql")
    );
    assert_eq!(json["summary"]["files"].as_u64(), Some(4));
}

/// Whether the tests run as root (who reads any file whatever its mode).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// prisma-empty-schema-blamed-on-migration: the finding is in schema.prisma.
#[test]
fn an_empty_schema_is_blamed_on_itself() {
    let dir = TempDir::new("empty-schema");
    dir.write("prisma/schema.prisma", "");
    dir.write(
        "prisma/migrations/migration_lock.toml",
        "provider = \"postgresql\"\n",
    );
    dir.write("prisma/migrations/20240101000000_init/migration.sql", INIT);
    let json = json_of(&run(dir.path(), &["check", "--format", "json", "."]));
    assert_eq!(
        findings(&json),
        [finding("syntax-error", "prisma/schema.prisma", 1)]
    );
}
