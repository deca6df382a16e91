//! The SQL a drift finding suggests must itself pass miglint's rules: a
//! required column added to a table with rows is the case that matters.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use miglint_engine::{Config, HistoryMode, lint};
use miglint_project::{Migration, Project, Tool};
use miglint_source::Dialect;
use support::TempDir;

const SCHEMA: &str = r#"datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id           Int    @id @default(autoincrement())
  referralCode String
  active       Boolean @default(false)
  @@map("users")
}
"#;

const INIT: &str = "CREATE TABLE \"users\" (\n    \"id\" SERIAL NOT NULL,\n    CONSTRAINT \"users_pkey\" PRIMARY KEY (\"id\")\n);\n";

fn project(dir: &TempDir, migrations: &[(&str, &str)]) -> Project {
    let schema = dir.write("prisma/schema.prisma", SCHEMA);
    Project {
        root: dir.path().join("prisma"),
        tool: Tool::Prisma,
        dialect: Dialect::Postgres,
        dialect_source: "test".to_owned(),
        migrations: migrations
            .iter()
            .map(|(name, sql)| Migration {
                name: (*name).to_owned(),
                path: dir.write(&format!("prisma/migrations/{name}/migration.sql"), sql),
                up_section: None,
            })
            .collect(),
        model: vec![schema],
        ignored_files: Vec::new(),
        single_file: false,
    }
}

fn config() -> Config {
    Config {
        history: HistoryMode::Complete,
        ..Config::default()
    }
}

#[test]
fn required_column_fix_is_safe_and_passes_the_rules() {
    let dir = TempDir::new("safe-fix");
    let first = project(&dir, &[("20240101000000_init", INIT)]);
    let run = lint(&[first], miglint_rules::RULES, &config(), dir.path());
    let fixes: Vec<String> = run
        .report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "model-column-missing")
        .filter_map(|d| d.fix.as_ref().map(|f| f.sql.clone()))
        .collect();
    assert_eq!(fixes.len(), 2, "{fixes:?}");
    let required = fixes
        .iter()
        .find(|sql| sql.contains("referralCode"))
        .unwrap();
    // Never the one-step form that fails on a table with rows.
    assert!(
        !required
            .lines()
            .any(|l| !l.starts_with("--") && l.contains("NOT NULL")),
        "{required}"
    );
    assert!(
        required.contains("fails on a table with rows"),
        "{required}"
    );
    assert!(required.contains("SET NOT NULL"), "{required}");

    // Committing the suggested SQL as the next migration raises nothing
    // from the safety rules.
    let all = fixes.join("\n");
    let second = project(
        &dir,
        &[("20240101000000_init", INIT), ("20240201000000_fix", &all)],
    );
    let run = lint(&[second], miglint_rules::RULES, &config(), dir.path());
    let in_fix: Vec<String> = run
        .report
        .diagnostics
        .iter()
        .filter(|d| {
            run.sources
                .get(d.file)
                .is_some_and(|f| f.path.ends_with("20240201000000_fix/migration.sql"))
        })
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    assert!(in_fix.is_empty(), "{in_fix:?}");
}

#[test]
fn the_one_step_form_is_what_the_rules_reject() {
    let dir = TempDir::new("unsafe-fix");
    let unsafe_sql = "ALTER TABLE \"users\" ADD COLUMN \"referralCode\" TEXT NOT NULL;\n";
    let p = project(
        &dir,
        &[
            ("20240101000000_init", INIT),
            ("20240201000000_fix", unsafe_sql),
        ],
    );
    let run = lint(&[p], miglint_rules::RULES, &config(), dir.path());
    assert!(
        run.report
            .diagnostics
            .iter()
            .any(|d| d.rule == "add-column-not-null-without-default"),
        "{:?}",
        run.report
            .diagnostics
            .iter()
            .map(|d| d.rule)
            .collect::<Vec<_>>()
    );
}
