//! `*-not-in-model` findings offer both ways: the model text that keeps the
//! object (`declare`) and the SQL that drops it (`fix`). Declaring what they
//! propose must leave no drift: the model text is pasted into a copy of the
//! fixture and miglint is run again; with `MIGLINT_PRISMA_ORACLE` set (the
//! `prisma-oracle` command, a PostgreSQL server running), Prisma's own
//! drift check must find the declared Prisma model in sync with the history.
//! The Prisma lines below were checked that way (`prisma-oracle drift` printed
//! an empty migration).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::{TempDir, copy_dir, repo_root};

fn check(project: &Path) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_miglint"))
        .args(["check", "--format", "json", "--select", "drift", "."])
        .current_dir(project)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    json["diagnostics"].as_array().unwrap().clone()
}

fn declared<'a>(findings: &'a [Value], rule: &str, column_or_table: &str) -> &'a str {
    findings
        .iter()
        .find(|f| {
            f["rule"] == rule
                && (f["subject"]["column"] == column_or_table
                    || (f["subject"]["column"].is_null()
                        && f["subject"]["table"] == column_or_table))
        })
        .and_then(|f| f["declare"]["model"].as_str())
        .unwrap_or_else(|| panic!("no declare for {rule} {column_or_table}"))
}

/// Pastes each finding's model text into the model file: a field or index
/// line at the top of its table's block, a value into its enum, a block
/// (or blocks) merged with the block of the same name or appended.
fn apply_prisma(schema: &Path, findings: &[Value]) {
    let mut text = std::fs::read_to_string(schema).unwrap();
    let insert = |text: &mut String, header: &str, lines: &str| match text.find(header) {
        Some(at) => text.insert_str(at + header.len(), &format!("{lines}\n")),
        None => panic!("no `{header}` in the model"),
    };
    for finding in findings {
        let Some(model) = finding["declare"]["model"].as_str() else {
            continue;
        };
        if model.starts_with("model ") || model.starts_with("enum ") {
            for block in model.split("\n}").filter(|b| !b.trim().is_empty()) {
                let block = block.trim_start_matches('\n');
                let (header, body) = block.split_once('\n').unwrap();
                let header = format!("{header}\n");
                if text.contains(&header) {
                    insert(&mut text, &header, body);
                } else {
                    text.push_str(&format!("\n{block}\n}}\n"));
                }
            }
        } else {
            let table = finding["subject"]["table"].as_str().unwrap();
            insert(&mut text, &format!("model {table} {{\n"), model);
        }
    }
    std::fs::write(schema, text).unwrap();
}

#[test]
fn prisma_declarations_close_the_drift() {
    let fixture = repo_root().join("tests/model_text/prisma");
    let findings = check(&fixture);
    for finding in &findings {
        let rule = finding["rule"].as_str().unwrap();
        if rule.ends_with("-not-in-model") {
            // PostgreSQL cannot drop an enum value in place: no SQL fix for it.
            let drops = finding["fix"]["sql"].is_string() || rule == "enum-value-not-in-model";
            assert!(
                finding["declare"]["model"].is_string() && drops,
                "{finding}"
            );
        }
    }
    // Prisma's introspection types, checked with Prisma's engine.
    for (column, line) in [
        ("nickname", "  nickname String? @db.VarChar(40)"),
        ("score", "  score Decimal @default(0) @db.Decimal(10, 2)"),
        ("plain_ts", "  plain_ts DateTime? @db.Timestamp(6)"),
        ("at", "  at DateTime @default(now())"),
        ("labels", "  labels String[]"),
        ("role", "  role Role @default(USER)"),
        ("first-name", "  first_name String? @map(\"first-name\")"),
        ("ts_col", "  ts_col Unsupported(\"tsvector\")?"),
        (
            "uid",
            "  uid String @default(dbgenerated(\"gen_random_uuid()\")) @db.Uuid",
        ),
    ] {
        assert_eq!(declared(&findings, "column-not-in-model", column), line);
    }
    assert_eq!(
        declared(&findings, "index-not-in-model", "Post")
            .lines()
            .count(),
        1
    );
    // The join table of a relation the model lacks: one finding, declared
    // as the two list fields.
    let join: Vec<_> = findings
        .iter()
        .filter(|f| f["subject"]["table"] == "_PostToTag")
        .collect();
    assert_eq!(join.len(), 1, "{join:?}");
    assert_eq!(join[0]["rule"], "table-not-in-model");
    assert_eq!(
        join[0]["declare"]["model"],
        "model Post {\n  tag Tag[]\n}\nmodel Tag {\n  post Post[]\n}"
    );

    let copy = TempDir::new("declare-prisma");
    copy_dir(&fixture, copy.path());
    let schema = copy.path().join("prisma/schema.prisma");
    apply_prisma(&schema, &findings);
    let left: Vec<_> = check(copy.path())
        .into_iter()
        .filter(|f| f["category"] == "drift")
        .collect();
    // With the relation declared, Prisma 6 expects a primary key where
    // Prisma 5 wrote a unique index: one finding, both steps in its fix.
    assert_eq!(left.len(), 1, "{left:#?}");
    assert_eq!(left[0]["rule"], "primary-key-mismatch");
    assert_eq!(
        left[0]["fix"]["sql"],
        "ALTER TABLE \"_PostToTag\" ADD CONSTRAINT \"_PostToTag_AB_pkey\" PRIMARY KEY (\"A\",\"B\");\nDROP INDEX \"_PostToTag_AB_unique\";"
    );

    let Some(oracle) = std::env::var_os("MIGLINT_PRISMA_ORACLE") else {
        eprintln!("declare: MIGLINT_PRISMA_ORACLE not set, Prisma's drift check skipped");
        return;
    };
    let output = Command::new(oracle)
        .args(["drift", "prisma/migrations", "prisma/schema.prisma"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    let sql = String::from_utf8_lossy(&output.stdout);
    // Prisma's own verdict: exactly the join table's key, nothing else.
    assert_eq!(output.status.code(), Some(2), "{sql}");
    let statements: Vec<&str> = sql
        .lines()
        .filter(|l| !l.starts_with("--") && !l.trim().is_empty())
        .collect();
    assert_eq!(
        statements,
        [
            "ALTER TABLE \"_PostToTag\" ADD CONSTRAINT \"_PostToTag_AB_pkey\" PRIMARY KEY (\"A\", \"B\");",
            "DROP INDEX \"_PostToTag_AB_unique\";"
        ]
    );
}

#[test]
fn diesel_declarations_close_the_drift() {
    let fixture = repo_root().join("tests/model_text/diesel");
    let findings = check(&fixture);
    assert_eq!(
        declared(&findings, "column-not-in-model", "nickname"),
        "        #[max_length = 40]\n        nickname -> Nullable<Varchar>,"
    );
    assert_eq!(
        declared(&findings, "column-not-in-model", "tags"),
        "        tags -> Nullable<Array<Nullable<Text>>>,"
    );
    let block = declared(&findings, "table-not-in-model", "audit_log");
    assert!(
        block.starts_with("diesel::table! {\n    audit_log (id) {\n"),
        "{block}"
    );

    let copy = TempDir::new("declare-diesel");
    copy_dir(&fixture, copy.path());
    let path = copy.path().join("src/schema.rs");
    let mut text = std::fs::read_to_string(&path).unwrap();
    for finding in &findings {
        let model = finding["declare"]["model"].as_str().unwrap();
        if finding["rule"] == "column-not-in-model" {
            let at = text.find("name -> Varchar,\n").unwrap() + "name -> Varchar,\n".len();
            text.insert_str(at, &format!("{model}\n"));
        } else {
            text.push_str(&format!("\n{model}\n"));
        }
    }
    std::fs::write(&path, text).unwrap();
    let left = check(copy.path());
    assert!(left.is_empty(), "{left:#?}");
}

#[test]
fn drizzle_declarations_say_where() {
    let fixture = repo_root().join("tests/projects/drizzle-postgres");
    let copy = TempDir::new("declare-drizzle");
    copy_dir(&fixture, copy.path());
    let migration = copy.path().join("drizzle/0000_init.sql");
    let mut sql = std::fs::read_to_string(&migration).unwrap();
    sql.push_str(
        "\n--> statement-breakpoint\nCREATE TABLE \"extra\" (\"id\" integer PRIMARY KEY);\n",
    );
    std::fs::write(&migration, sql).unwrap();
    let findings = check(copy.path());
    let extra = findings
        .iter()
        .find(|f| f["rule"] == "table-not-in-model" && f["subject"]["table"] == "extra")
        .unwrap();
    let manual = extra["declare"]["manual"].as_str().unwrap();
    assert!(manual.contains("drizzle schema"), "{manual}");
    assert!(
        manual.contains("drizzle/meta/0000_snapshot.json"),
        "{manual}"
    );
    assert_eq!(extra["fix"]["sql"], "DROP TABLE \"extra\";");
}

/// Posts and tags with their implicit many-to-many table in Prisma 6's shape
/// (as `prisma-oracle ddl` writes it).
const POST_TO_TAG: &str = "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));\n\
     CREATE TABLE \"Tag\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"Tag_pkey\" PRIMARY KEY (\"id\"));\n\
     CREATE TABLE \"_PostToTag\" (\"A\" INTEGER NOT NULL, \"B\" INTEGER NOT NULL, CONSTRAINT \"_PostToTag_AB_pkey\" PRIMARY KEY (\"A\",\"B\"));\n\
     CREATE INDEX \"_PostToTag_B_index\" ON \"_PostToTag\"(\"B\");\n\
     ALTER TABLE \"_PostToTag\" ADD CONSTRAINT \"_PostToTag_A_fkey\" FOREIGN KEY (\"A\") REFERENCES \"Post\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE;\n\
     ALTER TABLE \"_PostToTag\" ADD CONSTRAINT \"_PostToTag_B_fkey\" FOREIGN KEY (\"B\") REFERENCES \"Tag\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE;\n";

/// The join table of a relation the model declares is the model's: not
/// reported, in Prisma 6's shape (checked with `prisma-oracle ddl`).
#[test]
fn implied_join_tables_are_not_reported() {
    let project = TempDir::new("declare-implied-join");
    project.write(
        "prisma/schema.prisma",
        "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n\nmodel Post {\n  id Int @id @default(autoincrement())\n  tags Tag[]\n}\n\nmodel Tag {\n  id Int @id @default(autoincrement())\n  posts Post[]\n}\n",
    );
    project.write("prisma/migrations/0_init/migration.sql", POST_TO_TAG);
    let findings = check(project.path());
    assert!(findings.is_empty(), "{findings:#?}");
}

/// A relation renamed in the model only (`@relation("PostTags")` where the
/// history has `_PostToTag`): one finding, whose fix renames the table and
/// its keys. Applied as a new migration, nothing is left to report, and
/// Prisma's drift check (with `MIGLINT_PRISMA_ORACLE`) finds no difference.
#[test]
fn a_relation_renamed_on_one_side_is_one_finding() {
    let project = TempDir::new("declare-renamed-join");
    project.write(
        "prisma/schema.prisma",
        "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n\nmodel Post {\n  id Int @id @default(autoincrement())\n  tags Tag[] @relation(\"PostTags\")\n}\n\nmodel Tag {\n  id Int @id @default(autoincrement())\n  posts Post[] @relation(\"PostTags\")\n}\n",
    );
    project.write(
        "prisma/migrations/migration_lock.toml",
        "provider = \"postgresql\"\n",
    );
    project.write("prisma/migrations/0_init/migration.sql", POST_TO_TAG);
    let findings = check(project.path());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "model-table-missing");
    let sql = findings[0]["fix"]["sql"].as_str().unwrap();
    assert!(
        sql.starts_with("ALTER TABLE \"_PostToTag\" RENAME TO \"_PostTags\";"),
        "{sql}"
    );
    project.write(
        "prisma/migrations/1_rename/migration.sql",
        &format!("{sql}\n"),
    );
    let left = check(project.path());
    assert!(left.is_empty(), "{left:#?}");

    let Some(oracle) = std::env::var_os("MIGLINT_PRISMA_ORACLE") else {
        eprintln!("declare: MIGLINT_PRISMA_ORACLE not set, Prisma's drift check skipped");
        return;
    };
    let output = Command::new(oracle)
        .args(["drift", "prisma/migrations", "prisma/schema.prisma"])
        .current_dir(project.path())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
