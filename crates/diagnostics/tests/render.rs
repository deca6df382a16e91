//! Every format over the same synthetic run (tests/common), snapshotted and checked
//! against the contract in DESIGN.md with positions worked out by hand.

mod common;

use common::{MIGRATION_PATH, SCHEMA_PATH, rendered};
use miglint_diagnostics::{Format, GCC_PROBLEM_MATCHER, Report, render};
use serde_json::{Value, json};

#[test]
fn human_snapshot() {
    insta::assert_snapshot!("human", rendered(Format::Human));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", rendered(Format::Json));
}

#[test]
fn gcc_snapshot() {
    insta::assert_snapshot!("gcc", rendered(Format::Gcc));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("github", rendered(Format::Github));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", rendered(Format::Sarif));
}

#[test]
fn gitlab_snapshot() {
    insta::assert_snapshot!("gitlab", rendered(Format::Gitlab));
}

/// `{line, column, offset}` as the JSON format prints it.
fn at(line: u64, column: u64, offset: u64) -> Value {
    json!({ "line": line, "column": column, "offset": offset })
}

#[test]
fn json_follows_the_version_1_contract() {
    let out = rendered(Format::Json);
    assert!(out.ends_with("}\n"), "pretty JSON with a trailing newline");
    assert!(out.contains("\n  \"version\": 1,"), "pretty-printed");
    let doc: Value = serde_json::from_str(&out).unwrap();

    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["tool"],
        json!({ "name": "miglint", "version": "0.1.0" })
    );
    assert_eq!(doc["projects"][0]["root"], "prisma");
    assert_eq!(doc["projects"][0]["tool"], "prisma");
    assert_eq!(doc["projects"][0]["dialect"], "postgresql");
    assert_eq!(doc["projects"][0]["migrations"], 1);
    assert_eq!(doc["projects"][0]["model"], json!([SCHEMA_PATH]));
    assert_eq!(
        doc["summary"],
        json!({ "files": 2, "statements": 3, "errors": 3, "warnings": 2, "baselined": 0 })
    );

    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 5);

    // Schema line 9 is `  unlimitedPoseActive Boolean   @default(false)`, 47 characters,
    // starting at byte 193 (lines 1-8 are 16+26+33+2+1+13+62+40 bytes with their LF).
    let first = &diagnostics[0];
    assert_eq!(first["rule"], "model-column-missing");
    assert_eq!(first["category"], "drift");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], SCHEMA_PATH);
    assert_eq!(first["start"], at(9, 3, 195));
    assert_eq!(first["end"], at(9, 48, 240));
    assert_eq!(first["help"], "add the column in a new migration");
    assert_eq!(
        first["fix"],
        json!({ "sql": "ALTER TABLE \"users\" ADD COLUMN \"unlimitedPoseActive\" BOOLEAN NOT NULL DEFAULT false;" })
    );
    assert_eq!(
        first["subject"],
        json!({ "schema": "public", "table": "users", "column": "unlimitedPoseActive" })
    );
    assert!(
        first.get("group").is_none(),
        "the group key is the human renderer's business"
    );
    let labels = first["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2);
    // Migration line 1 is `-- Create users` + CRLF (17 bytes); line 2 opens the table.
    assert_eq!(labels[0]["file"], MIGRATION_PATH);
    assert_eq!(labels[0]["start"], at(2, 1, 17));
    assert_eq!(labels[0]["end"], at(2, 23, 39));
    assert_eq!(
        labels[0]["message"],
        "table `users` is created here, without it"
    );
    // `@@map("users")` on schema line 13, which starts at byte 318.
    assert_eq!(labels[1]["file"], SCHEMA_PATH);
    assert_eq!(labels[1]["start"], at(13, 3, 320));
    assert_eq!(labels[1]["end"], at(13, 17, 334));

    // `  unlimitedPoseUntil  DateTime?` is line 11, from byte 285.
    assert_eq!(diagnostics[2]["start"], at(11, 3, 287));
    assert_eq!(diagnostics[2]["end"], at(11, 32, 316));

    // `CREATE TABLE "größe" (` is migration line 8 from byte 150: the name is 7 characters
    // but 9 bytes. This finding has no help, no fix and no labels.
    let table = &diagnostics[3];
    assert_eq!(table["rule"], "table-not-in-model");
    assert_eq!(table["severity"], "warning");
    assert_eq!(table["file"], MIGRATION_PATH);
    assert_eq!(table["start"], at(8, 14, 163));
    assert_eq!(table["end"], at(8, 21, 172));
    assert!(table.get("help").is_none());
    assert!(table.get("fix").is_none());
    assert_eq!(table["labels"], json!([]));
    assert_eq!(
        table["subject"],
        json!({ "schema": "public", "table": "größe" })
    );

    // `ALTER TABLE "größe" ADD COLUM …` is line 11 from byte 200; `COLUM` is character 25
    // but byte 26 of the line.
    let syntax = &diagnostics[4];
    assert_eq!(syntax["rule"], "syntax-error");
    assert_eq!(syntax["category"], "correctness");
    assert_eq!(syntax["start"], at(11, 25, 226));
    assert_eq!(syntax["end"], at(11, 30, 231));
    assert!(
        syntax.get("subject").is_none(),
        "an empty subject is omitted"
    );
    assert!(syntax.get("fix").is_none());
}

#[test]
fn every_gcc_line_matches_the_problem_matcher() {
    let matcher = regex::Regex::new(GCC_PROBLEM_MATCHER).unwrap();
    let out = rendered(Format::Gcc);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "one line per finding");
    let parsed: Vec<(String, String, String, String, String)> = lines
        .iter()
        .map(|line| {
            let caps = matcher
                .captures(line)
                .unwrap_or_else(|| panic!("no match: {line}"));
            (
                caps[1].to_owned(),
                format!("{}:{}", &caps[2], &caps[3]),
                caps[4].to_owned(),
                caps[6].to_owned(),
                caps[5].to_owned(),
            )
        })
        .collect();
    assert_eq!(parsed[0].0, SCHEMA_PATH);
    assert_eq!(parsed[0].1, "9:3");
    assert_eq!(parsed[0].2, "error");
    assert_eq!(parsed[0].3, "model-column-missing");
    assert_eq!(parsed[3].1, "8:14");
    assert_eq!(parsed[4].0, MIGRATION_PATH);
    assert_eq!(parsed[4].1, "11:25");
    assert_eq!(parsed[4].2, "warning");
    assert_eq!(parsed[4].3, "syntax-error");
    assert_eq!(
        parsed[4].4,
        "expected COLUMN, CONSTRAINT or another ALTER TABLE operation, found `COLUM`"
    );
    // The path stays whole when it holds a drive letter.
    let caps = matcher
        .captures("C:/db/m.sql:3:7: warning: a: b [x-y]")
        .unwrap();
    assert_eq!((&caps[1], &caps[2], &caps[5]), ("C:/db/m.sql", "3", "a: b"));
}

#[test]
fn github_commands_carry_positions_and_escaped_text() {
    let out = rendered(Format::Github);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with(&format!(
        "::error file={SCHEMA_PATH},line=9,col=3,endLine=9,endColumn=48,title=model-column-missing::"
    )));
    // The help and the fix are on lines of their own, escaped.
    assert!(lines[0].ends_with(
        "%0Ahelp: add the column in a new migration%0Afix:%0AALTER TABLE \"users\" ADD COLUMN \"unlimitedPoseActive\" BOOLEAN NOT NULL DEFAULT false;"
    ));
    assert_eq!(
        lines[3],
        format!(
            "::warning file={MIGRATION_PATH},line=8,col=14,endLine=8,endColumn=21,\
             title=table-not-in-model::table `größe` is created by the migrations, but no model maps to it"
        )
    );
    assert!(lines[4].starts_with("::warning file="));
}

#[test]
fn sarif_has_the_2_1_0_structure() {
    let doc: Value = serde_json::from_str(&rendered(Format::Sarif)).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert!(
        doc["$schema"]
            .as_str()
            .unwrap()
            .contains("sarif-schema-2.1.0")
    );
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "miglint");
    assert_eq!(driver["version"], "0.1.0");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), common::RULES.len());
    assert_eq!(rules[0]["id"], "model-column-missing");
    assert_eq!(
        rules[0]["shortDescription"]["text"],
        "a column the model declares is never created by the migrations"
    );
    assert_eq!(
        rules[0]["fullDescription"]["text"],
        "Flags a model field whose column no migration creates."
    );
    assert_eq!(rules[0]["help"]["markdown"], common::RULES[0].docs);
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "error");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            rules[index]["id"], result["ruleId"],
            "ruleIndex points at its rule"
        );
    }
    let first = &results[0];
    assert_eq!(first["level"], "error");
    let location = &first["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], SCHEMA_PATH);
    assert_eq!(
        location["region"],
        json!({ "startLine": 9, "startColumn": 3, "endLine": 9, "endColumn": 48,
                "byteOffset": 195, "byteLength": 45 })
    );
    let related = first["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 2);
    assert_eq!(
        related[0]["message"]["text"],
        "table `users` is created here, without it"
    );
    assert_eq!(
        related[0]["physicalLocation"]["artifactLocation"]["uri"],
        MIGRATION_PATH
    );
    assert_eq!(
        first["properties"]["help"],
        "add the column in a new migration"
    );
    assert!(
        first["properties"]["fix"]["sql"]
            .as_str()
            .unwrap()
            .starts_with("ALTER TABLE")
    );
    // The syntax error is a warning here although the rule defaults to error.
    assert_eq!(results[4]["level"], "warning");
    assert_eq!(results[4]["ruleIndex"], 2);
    assert!(results[3].get("relatedLocations").is_none());
    assert!(results[3]["message"].get("markdown").is_none());
}

#[test]
fn sarif_lists_rules_the_registry_lacks() {
    let out = render(
        Format::Sarif,
        &common::report(),
        &common::sources(),
        &[],
        &common::options(false),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["model-column-missing", "table-not-in-model", "syntax-error"]
    );
    assert_eq!(doc["runs"][0]["results"][4]["ruleIndex"], 2);
}

#[test]
fn gitlab_issues_follow_code_quality() {
    let doc: Value = serde_json::from_str(&rendered(Format::Gitlab)).unwrap();
    let issues = doc.as_array().unwrap();
    assert_eq!(issues.len(), 5);
    assert_eq!(issues[0]["check_name"], "model-column-missing");
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(issues[3]["severity"], "minor");
    assert_eq!(
        issues[0]["location"],
        json!({ "path": SCHEMA_PATH, "lines": { "begin": 9, "end": 9 } })
    );
    assert_eq!(
        issues[4]["location"],
        json!({ "path": MIGRATION_PATH, "lines": { "begin": 11, "end": 11 } })
    );
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 5, "fingerprints are unique");
}

#[test]
fn an_empty_run_renders_in_every_format() {
    let report = Report {
        files: 4,
        statements: 1,
        ..Report::default()
    };
    let sources = common::sources();
    let out = |format| {
        render(
            format,
            &report,
            &sources,
            common::RULES,
            &common::options(false),
        )
    };
    assert_eq!(
        out(Format::Human),
        "no problems found in 4 files (1 statement)\n"
    );
    assert_eq!(out(Format::Gcc), "");
    assert_eq!(out(Format::Github), "");
    assert_eq!(out(Format::Gitlab), "[]\n");
    let json: Value = serde_json::from_str(&out(Format::Json)).unwrap();
    assert_eq!(json["diagnostics"], json!([]));
    assert_eq!(json["summary"]["errors"], 0);
    let sarif: Value = serde_json::from_str(&out(Format::Sarif)).unwrap();
    assert_eq!(sarif["runs"][0]["results"], json!([]));
}

#[test]
fn colour_only_adds_escape_codes() {
    let plain = rendered(Format::Human);
    let coloured = render(
        Format::Human,
        &common::report(),
        &common::sources(),
        common::RULES,
        &common::options(true),
    );
    assert!(coloured.contains('\u{1b}'));
    assert!(!plain.contains('\u{1b}'));
    let stripped = regex::Regex::new("\u{1b}\\[[0-9;]*m")
        .unwrap()
        .replace_all(&coloured, "");
    assert_eq!(stripped, plain);
}
