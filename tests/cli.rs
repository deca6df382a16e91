//! The command line end to end: the incident example in its three states,
//! exit codes, and every output format on a real project.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::{TempDir, repo_root};

fn miglint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(args)
        .current_dir(repo_root())
        // The examples' git history is miglint's own, not theirs: git stops
        // looking for a repository at examples/ (tests/history.rs makes
        // repositories for the git-aware rules).
        .env("GIT_CEILING_DIRECTORIES", repo_root().join("examples"))
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .unwrap()
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let output = miglint(&all);
    let code = output.status.code().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    (
        code,
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}")),
    )
}

/// The 1-based line of the first line of `path` that contains `needle`.
fn line_of(path: &str, needle: &str) -> u64 {
    let text = std::fs::read_to_string(repo_root().join(path)).unwrap();
    let index = text.lines().position(|l| l.contains(needle)).unwrap();
    index as u64 + 1
}

fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().unwrap()
}

const SCHEMA: &str = "examples/incident/prisma/schema.prisma";

/// The five fields the model gained, with the SQL Prisma writes for each
/// (taken from `prisma migrate diff` on the two schema versions).
const ADDED: [(&str, &str); 5] = [
    (
        "unlimitedPoseActive",
        r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseActive" BOOLEAN NOT NULL DEFAULT false;"#,
    ),
    (
        "unlimitedPoseDailyQuota",
        r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseDailyQuota" INTEGER NOT NULL DEFAULT 100;"#,
    ),
    (
        "unlimitedPoseQuotaUsed",
        r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseQuotaUsed" INTEGER NOT NULL DEFAULT 0;"#,
    ),
    (
        "unlimitedPoseQuotaResetAt",
        r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseQuotaResetAt" TIMESTAMP(3);"#,
    ),
    (
        "unlimitedPoseExpiresAt",
        r#"ALTER TABLE "users" ADD COLUMN "unlimitedPoseExpiresAt" TIMESTAMP(3);"#,
    ),
];

#[test]
fn incident_five_missing_columns_on_their_field_lines() {
    let (code, json) = check_json(&["examples/incident"]);
    assert_eq!(code, 1);
    let found = diagnostics(&json);
    assert_eq!(found.len(), 5, "{found:#?}");
    for (field, sql) in ADDED {
        let d = found
            .iter()
            .find(|d| d["subject"]["column"] == field)
            .unwrap_or_else(|| panic!("no finding for {field}: {found:#?}"));
        assert_eq!(d["rule"], "model-column-missing");
        assert_eq!(d["severity"], "error");
        assert_eq!(d["file"], SCHEMA);
        assert_eq!(d["start"]["line"], line_of(SCHEMA, &format!("  {field} ")));
        assert_eq!(d["subject"]["table"], "users");
        assert_eq!(d["fix"]["sql"], sql);
        assert!(d["help"].as_str().unwrap().contains(sql), "{d}");
        // The label points at the migration that created `users`.
        let label = &d["labels"][0];
        assert_eq!(
            label["file"],
            "examples/incident/prisma/migrations/20250301090000_init/migration.sql"
        );
        assert!(
            label["message"].as_str().unwrap().contains("users"),
            "{label}"
        );
    }
}

#[test]
fn incident_hand_written_fix_is_still_drift() {
    // Prisma's engine says of this history: SET NOT NULL on three columns,
    // SET DATA TYPE TIMESTAMP(3) on two.
    let (code, json) = check_json(&["examples/incident-hand-fix"]);
    assert_eq!(code, 1);
    let mut found: Vec<(String, String, String)> = diagnostics(&json)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["subject"]["column"].as_str().unwrap_or("").to_owned(),
                d["fix"]["sql"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    found.sort();
    let not_null = |c: &str| {
        (
            "column-nullability-mismatch".to_owned(),
            c.to_owned(),
            format!(r#"ALTER TABLE "users" ALTER COLUMN "{c}" SET NOT NULL;"#),
        )
    };
    let timestamp = |c: &str| {
        (
            "column-type-mismatch".to_owned(),
            c.to_owned(),
            format!(r#"ALTER TABLE "users" ALTER COLUMN "{c}" SET DATA TYPE TIMESTAMP(3);"#),
        )
    };
    let mut expected = vec![
        not_null("unlimitedPoseActive"),
        not_null("unlimitedPoseDailyQuota"),
        not_null("unlimitedPoseQuotaUsed"),
        timestamp("unlimitedPoseExpiresAt"),
        timestamp("unlimitedPoseQuotaResetAt"),
    ];
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn incident_correct_fix_is_clean() {
    let (code, json) = check_json(&["examples/incident-fixed"]);
    assert_eq!(diagnostics(&json), &Vec::<Value>::new());
    assert_eq!(code, 0);
}

#[test]
fn human_output_of_the_incident() {
    let output = miglint(&["check", "examples/incident"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("incident_human", String::from_utf8(output.stdout).unwrap());
}

#[test]
fn every_format_on_the_hand_written_fix() {
    for format in ["json", "gcc", "github", "sarif", "gitlab"] {
        let output = miglint(&["check", "--format", format, "examples/incident-hand-fix"]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = String::from_utf8(output.stdout).unwrap();
        // The tool version changes with releases; keep the snapshot stable.
        let text = text.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!(format!("hand_fix_{format}"), text);
    }
}

#[test]
fn gcc_lines_match_the_documented_problem_matcher() {
    let output = miglint(&["check", "--format", "gcc", "examples/incident"]);
    let text = String::from_utf8(output.stdout).unwrap();
    let pattern = regex::Regex::new(miglint_diagnostics::GCC_PROBLEM_MATCHER).unwrap();
    assert!(text.lines().count() >= 5);
    for line in text.lines() {
        assert!(pattern.is_match(line), "{line}");
    }
}

#[test]
fn sarif_has_the_2_1_0_structure() {
    let output = miglint(&["check", "--format", "sarif", "examples/incident"]);
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), miglint_rules::RULES.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn exit_2_when_miglint_cannot_do_its_job() {
    let missing = miglint(&["check", "no/such/path"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/path"));

    let empty = TempDir::new("cli-empty");
    let nothing = miglint(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("no migrations found"));

    let unknown_rule = miglint(&["check", "--select", "no-such-rule", "examples/incident"]);
    assert_eq!(unknown_rule.status.code(), Some(2));

    let bad_format = miglint(&["check", "--format", "xml", "examples/incident"]);
    assert_eq!(bad_format.status.code(), Some(2));

    let config = TempDir::new("cli-config");
    config.write("miglint.toml", "[rules]\nselct = []\n");
    let config_path = config.path().join("miglint.toml");
    let bad_config = miglint(&[
        "check",
        "--config",
        config_path.to_str().unwrap(),
        "examples/incident",
    ]);
    assert_eq!(bad_config.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_config.stderr).contains("selct"));
}

#[test]
fn select_ignore_and_deny_warnings() {
    let (code, json) = check_json(&["--ignore", "drift", "examples/incident"]);
    assert_eq!(code, 0);
    assert!(diagnostics(&json).is_empty());

    let (code, _) = check_json(&["--select", "correctness", "examples/incident"]);
    assert_eq!(code, 0);

    // A warning alone exits 0, and 1 under --deny-warnings.
    let dir = TempDir::new("cli-warn");
    dir.write(
        "migrations/0001_init.sql",
        "CREATE TABLE t (id int);\nSELEC 1;\n",
    );
    let path = dir.path().join("migrations");
    let path = path.to_str().unwrap();
    let (code, json) = check_json(&[path]);
    assert_eq!(diagnostics(&json)[0]["rule"], "syntax-error");
    assert_eq!(code, 0);
    let (code, _) = check_json(&["--deny-warnings", path]);
    assert_eq!(code, 1);
}

#[test]
fn default_command_is_check() {
    let output = miglint(&["--format", "json", "examples/incident-fixed"]);
    assert_eq!(output.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["projects"][0]["tool"], "prisma");
    assert_eq!(json["projects"][0]["dialect"], "postgresql");
}

#[test]
fn rules_and_explain_read_the_registry() {
    let output = miglint(&["rules", "--format", "json"]);
    let rules: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let registry: Vec<&str> = miglint_rules::all_meta().iter().map(|m| m.id).collect();
    assert_eq!(ids, registry);

    let explain = miglint(&["explain", "model-column-missing"]);
    assert_eq!(explain.status.code(), Some(0));
    let text = String::from_utf8(explain.stdout).unwrap();
    assert!(text.starts_with("# model-column-missing\n"));
    assert!(text.contains("## Why is this bad?"));

    let unknown = miglint(&["explain", "column-missing"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("model-column-missing"));
}

#[test]
fn a_single_file_is_linted_alone_as_a_partial_history() {
    let dir = TempDir::new("cli-single");
    let file = dir.write("fix.sql", "ALTER TABLE users ADD COLUMN email text;\n");
    let (code, json) = check_json(&[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["projects"][0]["history"], "partial");
    assert!(Path::new(&file).exists());
}

#[test]
fn changed_since_reports_only_new_migrations_but_replays_all() {
    let dir = TempDir::new("cli-changed");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .output()
            .unwrap();
        assert!(status.status.success(), "git {args:?}: {status:?}");
    };
    git(&["init", "-q"]);
    // An old mistake, already merged: not reported with --changed-since.
    dir.write(
        "migrations/0001_init.sql",
        "CREATE TABLE users (id int PRIMARY KEY);\n",
    );
    dir.write(
        "migrations/0002_old.sql",
        "ALTER TABLE users ADD COLUMN a int;\nALTER TABLE user ADD COLUMN a int;\n",
    );
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "init"]);
    // The new migration relies on what the old ones created.
    dir.write(
        "migrations/0003_next.sql",
        "ALTER TABLE users ADD COLUMN b int;\nALTER TABLE nope ADD COLUMN c int;\n",
    );

    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&output.stdout).unwrap();
        let files: Vec<String> = diagnostics(&json)
            .iter()
            .map(|d| format!("{}:{}", d["file"].as_str().unwrap(), d["start"]["line"]))
            .collect();
        (output.status.code().unwrap(), files)
    };
    let (code, all) = run(&["check", "--format", "json", "migrations"]);
    assert_eq!(code, 1);
    assert_eq!(
        all,
        ["migrations/0002_old.sql:2", "migrations/0003_next.sql:2"]
    );
    let (code, changed) = run(&[
        "check",
        "--format",
        "json",
        "--changed-since",
        "HEAD",
        "migrations",
    ]);
    assert_eq!(code, 1);
    assert_eq!(changed, ["migrations/0003_next.sql:2"]);
}

#[test]
fn the_nearest_config_file_applies() {
    let dir = TempDir::new("cli-config-found");
    dir.write(
        "miglint.toml",
        "[rules]\nignore = [\"unknown-table\"]\n\n[rules.severity]\nsyntax-error = \"error\"\n",
    );
    dir.write(
        "db/migrations/0001_a.sql",
        "CREATE TABLE a (id int);\nALTER TABLE b ADD COLUMN c int;\nSELEC 1;\n",
    );
    let path = dir.path().join("db/migrations");
    let (code, json) = check_json(&[path.to_str().unwrap()]);
    let rules: Vec<&str> = diagnostics(&json)
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["syntax-error"]);
    assert_eq!(diagnostics(&json)[0]["severity"], "error");
    assert_eq!(code, 1);
}

/// SARIF rules carry their documentation as `help`; `helpUri` and the
/// driver's `informationUri` come from the build's repository or from
/// `[output] docs-url`, and are left out when neither names one.
#[test]
fn sarif_rules_link_their_documentation() {
    let project = TempDir::new("cli-sarif-docs");
    support::copy_dir(&repo_root().join("tests/model_text/prisma"), project.path());
    let sarif = |project: &Path| -> (Value, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
            .args(["check", "--format", "sarif", "--select", "drift", "."])
            .current_dir(project)
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        (serde_json::from_str(&text).unwrap(), text)
    };
    let repository = option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty());

    let (plain, _) = sarif(project.path());
    let driver = &plain["runs"][0]["tool"]["driver"];
    for rule in driver["rules"].as_array().unwrap() {
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty(), "{rule}");
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## What it does")
        );
        assert_eq!(rule["helpUri"].is_string(), repository.is_some(), "{rule}");
    }
    assert_eq!(driver["informationUri"].is_string(), repository.is_some());
    let results = plain["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let fingerprint = result["partialFingerprints"]["miglint/v1"]
            .as_str()
            .unwrap();
        assert!(
            !fingerprint.is_empty() && fingerprint.chars().all(|c| c.is_ascii_hexdigit()),
            "{result}"
        );
        assert!(result["message"]["text"].is_string());
        assert!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string());
    }

    project.write(
        "miglint.toml",
        "[output]\ndocs-url = \"https://docs.example/miglint/rules/{rule}\"\n",
    );
    let (linked, text) = sarif(project.path());
    let driver = &linked["runs"][0]["tool"]["driver"];
    if repository.is_none() {
        assert_eq!(
            driver["informationUri"],
            "https://docs.example/miglint/rules"
        );
        for rule in driver["rules"].as_array().unwrap() {
            let expected = format!(
                "https://docs.example/miglint/rules/{}",
                rule["id"].as_str().unwrap()
            );
            assert_eq!(rule["helpUri"], expected.as_str());
        }
        let text = text.replace(env!("CARGO_PKG_VERSION"), "[version]");
        insta::assert_snapshot!("declare_sarif", text);
    }
}

#[test]
fn docs_url_without_a_rule_placeholder_is_a_config_error() {
    let project = TempDir::new("cli-docs-url");
    support::copy_dir(&repo_root().join("tests/model_text/prisma"), project.path());
    project.write(
        "miglint.toml",
        "[output]\ndocs-url = \"https://docs.example/\"\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "."])
        .current_dir(project.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("{rule}"));
}
