//! CI and editor integration: the problem matcher against real gcc output,
//! the VS Code example, the Action and pre-commit files, `--stdin-filename`,
//! `init`, `completions`, `man`, and the error messages people meet first
//! (insta snapshots).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use support::run;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use regex::Regex;
use serde_json::Value;
use support::{TempDir, repo_root};

fn run_with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(repo_root().join(relative)).unwrap()
}

/// A project whose gcc output has errors and warnings, paths with spaces and colons.
fn sample() -> TempDir {
    let dir = TempDir::new("editors");
    dir.write(
        "db: main/migrations/001_init.sql",
        "CREATE TABLE t (id int);\n",
    );
    dir.write(
        "db: main/migrations/002_more.sql",
        "ALTER TABLE t ADD COLUMN id int;\n-- miglint-ignore unknown-table\nSELECT 1;\n",
    );
    dir
}

#[test]
fn the_problem_matcher_reads_every_gcc_line() {
    let matcher: Value = serde_json::from_str(&read(".github/miglint-matcher.json")).unwrap();
    let pattern = &matcher["problemMatcher"][0]["pattern"][0];
    let regexp = pattern["regexp"].as_str().unwrap();
    assert_eq!(regexp, miglint_diagnostics::GCC_PROBLEM_MATCHER);
    let regex = Regex::new(regexp).unwrap();

    let dir = sample();
    let out = run(dir.path(), &["check", "--format", "gcc", "."]);
    let json: Value =
        serde_json::from_slice(&run(dir.path(), &["check", "--format", "json", "."]).stdout)
            .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let findings = json["diagnostics"].as_array().unwrap();
    assert_eq!(lines.len(), findings.len());
    assert!(lines.len() >= 2, "{stdout}");
    for (line, finding) in lines.iter().zip(findings) {
        let caps = regex
            .captures(line)
            .unwrap_or_else(|| panic!("no match: {line}"));
        let group = |name: &str| pattern[name].as_u64().unwrap() as usize;
        assert_eq!(&caps[group("file")], finding["file"].as_str().unwrap());
        assert_eq!(
            caps[group("line")].parse::<u64>().unwrap(),
            finding["start"]["line"].as_u64().unwrap()
        );
        assert_eq!(
            caps[group("column")].parse::<u64>().unwrap(),
            finding["start"]["column"].as_u64().unwrap()
        );
        assert_eq!(
            &caps[group("severity")],
            finding["severity"].as_str().unwrap()
        );
        assert_eq!(&caps[group("code")], finding["rule"].as_str().unwrap());
    }
}

#[test]
fn the_vs_code_example_uses_the_matcher() {
    // tasks.json allows `//` comments; none of its strings holds `//`.
    let text: String = read("examples/editor/tasks.json")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let tasks: Value = serde_json::from_str(&text).unwrap();
    for task in tasks["tasks"].as_array().unwrap() {
        assert_eq!(
            task["problemMatcher"]["pattern"]["regexp"],
            miglint_diagnostics::GCC_PROBLEM_MATCHER
        );
        assert!(task["command"].as_str().unwrap().contains("--format gcc"));
    }
}

#[test]
fn the_action_installs_locked_caches_and_summarises() {
    let action = read("action.yml");
    for needle in [
        "cargo install --locked",
        "actions/cache@",
        "GITHUB_STEP_SUMMARY",
        "--format markdown",
        "upload-sarif",
        "fetch-depth: 0",
    ] {
        assert!(action.contains(needle), "action.yml lacks {needle}");
    }
    let python = Command::new("python3")
        .args([
            "-c",
            "import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); assert d['runs']['using'] == 'composite'",
        ])
        .arg(repo_root().join("action.yml"))
        .output();
    match python {
        Ok(out) if out.status.success() => {}
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named") => {
            miglint_testing::skip(format_args!(
                "SKIPPED action.yml YAML check: python3 has no yaml module"
            ));
        }
        Ok(out) => panic!("action.yml: {}", String::from_utf8_lossy(&out.stderr)),
        Err(_) => miglint_testing::skip(format_args!("SKIPPED action.yml YAML check: no python3")),
    }
}

#[test]
fn the_pre_commit_hook_watches_models_journals_and_configuration() {
    let hooks = read(".pre-commit-hooks.yaml");
    let files = hooks
        .lines()
        .find_map(|l| l.trim().strip_prefix("files: "))
        .unwrap()
        .trim_matches('\'');
    let regex = Regex::new(files).unwrap();
    for path in [
        "prisma/migrations/1_init/migration.sql",
        "prisma/schema.prisma",
        "drizzle/meta/_journal.json",
        "src/schema.rs",
        "miglint.toml",
        "db/miglint.toml",
    ] {
        assert!(regex.is_match(path), "{path}");
    }
    for path in [
        "src/main.rs",
        "package.json",
        "drizzle/meta/0001_snapshot.json",
    ] {
        assert!(!regex.is_match(path), "{path}");
    }
}

#[test]
fn stdin_is_linted_in_its_projects_context() {
    let dir = TempDir::new("stdin");
    dir.write("migrations/001_init.sql", "CREATE TABLE t (id int);\n");
    dir.write("migrations/002_ok.sql", "ALTER TABLE t ADD COLUMN a int;\n");
    // The unsaved buffer of 002 re-adds `id`, which only 001 makes a mistake.
    let args = [
        "check",
        "--format",
        "gcc",
        "--stdin-filename",
        "migrations/002_ok.sql",
    ];
    let out = run_with_stdin(dir.path(), &args, "ALTER TABLE t ADD COLUMN id int;\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "migrations/002_ok.sql:1:26: error: column `t.id` already exists at this point of the history [object-already-exists]\n"
    );
    // A new file not saved yet: still after 001.
    let args = [
        "check",
        "--format",
        "gcc",
        "--stdin-filename",
        "migrations/003_new.sql",
    ];
    let out = run_with_stdin(dir.path(), &args, "ALTER TABLE t DROP COLUMN nope;\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("migrations/003_new.sql:1:") && stdout.contains("[unknown-column]"),
        "{stdout}"
    );
}

#[test]
fn stdin_keeps_its_own_dbmate_sections() {
    let dir = TempDir::new("stdin-dbmate");
    dir.write(
        "db/migrations/20240101000000_init.sql",
        "-- migrate:up\nCREATE TABLE t (id int);\n-- migrate:down\nDROP TABLE t;\n",
    );
    dir.write(
        "db/migrations/20240102000000_x.sql",
        "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n",
    );
    // A longer up section than the saved file's: all of it is read, the down section is not.
    let buffer = "-- migrate:up\nALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN id int;\n\n-- migrate:down\nALTER TABLE nope DROP COLUMN a;\n";
    let args = [
        "check",
        "--format",
        "gcc",
        "--stdin-filename",
        "db/migrations/20240102000000_x.sql",
    ];
    let out = run_with_stdin(dir.path(), &args, buffer);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "db/migrations/20240102000000_x.sql:3:26: error: column `t.id` already exists at this point of the history [object-already-exists]\n"
    );
}

#[test]
fn init_completions_and_man() {
    let dir = TempDir::new("init");
    let out = run(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("miglint.toml")).unwrap();
    assert!(written.contains("# baseline = "));
    assert_eq!(run(dir.path(), &["init"]).status.code(), Some(2));
    assert_eq!(run(dir.path(), &["init", "--force"]).status.code(), Some(0));

    let bash = run(dir.path(), &["completions", "bash"]);
    assert!(String::from_utf8_lossy(&bash.stdout).contains("--write-baseline"));
    let man = run(dir.path(), &["man"]);
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH miglint 1"));
}

/// `exit=N`, stdout and stderr with the folder's path replaced.
fn outcome(dir: &Path, out: &Output) -> String {
    let clean =
        |bytes: &[u8]| String::from_utf8_lossy(bytes).replace(&dir.display().to_string(), "$DIR");
    format!(
        "exit={}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap(),
        clean(&out.stdout),
        clean(&out.stderr)
    )
}

#[test]
fn first_errors_snapshots() {
    let dir = TempDir::new("first-errors");
    dir.write("migrations/001_init.sql", "CREATE TABLE t (id int);\n");
    insta::assert_snapshot!(
        "version_hint",
        outcome(dir.path(), &run(dir.path(), &["version"]))
    );
    insta::assert_snapshot!(
        "command_typo",
        outcome(dir.path(), &run(dir.path(), &["chek"]))
    );
    insta::assert_snapshot!(
        "select_bogus",
        outcome(
            dir.path(),
            &run(dir.path(), &["check", "--select", "bogus", "."])
        )
    );
    dir.write("miglint.toml", "[rules]\nselect = [\"all\"\n");
    insta::assert_snapshot!(
        "bad_config",
        outcome(dir.path(), &run(dir.path(), &["check", "."]))
    );
    std::fs::remove_file(dir.path().join("miglint.toml")).unwrap();
    dir.write("b.json", "[]");
    insta::assert_snapshot!(
        "bad_baseline",
        outcome(
            dir.path(),
            &run(dir.path(), &["check", "--baseline", "b.json", "."])
        )
    );
    dir.write(
        "migrations/002_bad.sql",
        "-- miglint-ingore unknown-table\nSELECT 1;\n",
    );
    insta::assert_snapshot!(
        "invalid_ignore_and_outside_git",
        outcome(
            dir.path(),
            &run(dir.path(), &["check", "--format", "gcc", "."])
        )
    );
}

#[test]
fn dbmate_marker_not_at_line_start_is_named() {
    let dir = TempDir::new("dbmate-indented");
    dir.write(
        "db/migrations/20240101000000_init.sql",
        "-- migrate:up\nCREATE TABLE t (id int, name text);\n\n-- migrate:down\nDROP TABLE t;\n",
    );
    dir.write(
        "db/migrations/20240102000000_unique.sql",
        "-- migrate:up\nALTER TABLE t\n    ADD CONSTRAINT t_name UNIQUE (name)\n    -- migrate:down\n    DROP CONSTRAINT IF EXISTS t_name;\n",
    );
    let out = run(dir.path(), &["check", "--format", "json", "."]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["projects"][0]["tool"], "dbmate");
    let finding = json["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["rule"] == "syntax-error"))
        .unwrap();
    insta::assert_snapshot!(
        "dbmate_indented_marker",
        format!("{}\nhelp: {}", finding["message"], finding["help"])
    );
}
