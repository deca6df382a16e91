//! Rule fixtures: `tests/fixtures/<category>/<rule-id>.sql`, split into cases.
//!
//! ```sql
//! -- @case: what the case shows
//! -- @given CREATE TABLE t (id int);   -- replayed first, as an earlier migration
//! -- @history partial                  -- optional; default is a complete history
//! -- @dialect mysql                    -- optional; default is postgresql
//! -- @tool prisma                      -- optional; the migration tool (default plain)
//! -- @transaction always               -- optional; miglint.toml `transaction`
//! -- @postgres-version 11              -- optional; miglint.toml `postgres-version`
//! ALTER TABLE x ADD COLUMN a int; -- @expect unknown-table
//! ```
//!
//! Each case is linted on its own, with the fixture's rule (even when it is
//! off by default) plus the correctness and suppression rules. The (line, rule)
//! pairs found must equal the `@expect` annotations exactly; a case without
//! any must produce nothing.
//! The rendered findings of each fixture are kept as an insta snapshot.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use miglint_diagnostics::{Format, RenderOptions, render};
use miglint_engine::{Config, HistoryMode, RuleSelection, ServerVersion, TransactionMode, lint};
use miglint_project::{Migration, Project, Tool};
use miglint_source::Dialect;
use support::{TempDir, repo_root};

struct Case {
    title: String,
    given: Vec<String>,
    body: Vec<String>,
    partial: bool,
    dialect: Dialect,
    tool: Tool,
    transaction: TransactionMode,
    postgres_version: Option<ServerVersion>,
}

fn parse_cases(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("-- @case:") {
            cases.push(Case {
                title: title.trim().to_owned(),
                given: Vec::new(),
                body: Vec::new(),
                partial: false,
                dialect: Dialect::Postgres,
                tool: Tool::Plain,
                transaction: TransactionMode::Auto,
                postgres_version: None,
            });
            continue;
        }
        let Some(case) = cases.last_mut() else {
            continue;
        };
        if let Some(sql) = line.strip_prefix("-- @given ") {
            case.given.push(sql.to_owned());
        } else if line.trim() == "-- @history partial" {
            case.partial = true;
        } else if let Some(dialect) = line.strip_prefix("-- @dialect ") {
            case.dialect = dialect.trim().parse().unwrap();
        } else if let Some(tool) = line.strip_prefix("-- @tool ") {
            case.tool = tool.trim().parse().unwrap();
        } else if let Some(mode) = line.strip_prefix("-- @transaction ") {
            case.transaction = match mode.trim() {
                "always" => TransactionMode::Always,
                "never" => TransactionMode::Never,
                _ => TransactionMode::Auto,
            };
        } else if let Some(version) = line.strip_prefix("-- @postgres-version ") {
            case.postgres_version = Some(ServerVersion::parse(version).unwrap());
        }
        case.body.push(line.to_owned());
    }
    cases
}

fn expectations(body: &[String]) -> BTreeSet<(usize, String)> {
    let mut expected = BTreeSet::new();
    for (index, line) in body.iter().enumerate() {
        if let Some((_, rules)) = line.split_once("-- @expect ") {
            for rule in rules.split(',') {
                expected.insert((index + 1, rule.trim().to_owned()));
            }
        }
    }
    expected
}

/// Lints one case; returns the (line, rule) pairs and the rendered findings.
fn run_case(case: &Case, rule: &str) -> (BTreeSet<(usize, String)>, String) {
    let dir = TempDir::new("fixture");
    let mut migrations = Vec::new();
    if !case.given.is_empty() {
        let given: Vec<&str> = case
            .given
            .iter()
            .map(|sql| sql.trim_end().trim_end_matches(';'))
            .collect();
        let path = dir.write("0001_given.sql", &(given.join(";\n") + ";\n"));
        migrations.push(migration("0001_given", path));
    }
    let path = dir.write("0002_case.sql", &(case.body.join("\n") + "\n"));
    migrations.push(migration("0002_case", path.clone()));
    let project = Project {
        root: dir.path().to_owned(),
        tool: case.tool,
        dialect: case.dialect,
        dialect_source: "fixture".to_owned(),
        migrations,
        model: Vec::new(),
        ignored_files: Vec::new(),
        single_file: false,
    };
    let config = Config {
        history: if case.partial {
            HistoryMode::Partial
        } else {
            HistoryMode::Complete
        },
        // The fixture's rule, even when it is off by default.
        rules: RuleSelection {
            select: [rule, "correctness", "suppression"]
                .map(str::to_owned)
                .to_vec(),
            ignore: Vec::new(),
        },
        transaction: case.transaction,
        postgres_version: case
            .postgres_version
            .unwrap_or(ServerVersion::POSTGRES_DEFAULT),
        ..Config::default()
    };
    let run = lint(&[project], miglint_rules::RULES, &config, dir.path());
    assert!(run.errors.is_empty(), "{:?}", run.errors);

    let mut found = BTreeSet::new();
    for d in &run.report.diagnostics {
        let file = run.sources.get(d.file).unwrap();
        assert_eq!(
            file.path, path,
            "case `{}`: finding in the @given setup: {} {}",
            case.title, d.rule, d.message
        );
        let line = file.line_column(d.span.start).line as usize;
        found.insert((line, d.rule.to_owned()));
    }
    let options = RenderOptions {
        color: false,
        width: 100,
        tool_version: "test",
        docs_url: None,
    };
    let meta: Vec<_> = miglint_rules::all_meta().into_iter().copied().collect();
    let rendered = render(Format::Human, &run.report, &run.sources, &meta, &options);
    (found, rendered)
}

fn migration(name: &str, path: PathBuf) -> Migration {
    Migration {
        name: name.to_owned(),
        path,
        up_section: None,
    }
}

fn fixture_files() -> Vec<PathBuf> {
    let root = repo_root().join("tests/fixtures");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .collect();
    files.sort();
    files
}

fn check_fixture(path: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let rule = path.file_stem().and_then(|name| name.to_str()).unwrap();
    let mut failures = Vec::new();
    let mut snapshot = String::new();
    for case in parse_cases(&text) {
        let expected = expectations(&case.body);
        let (found, rendered) = run_case(&case, rule);
        if found != expected {
            failures.push(format!(
                "case `{}`\n  expected {:?}\n  found    {:?}\n{}",
                case.title, expected, found, rendered
            ));
        }
        snapshot.push_str(&format!("=== {}\n{}\n", case.title, rendered));
    }
    if failures.is_empty() {
        Ok(snapshot)
    } else {
        Err(format!("{}:\n{}", path.display(), failures.join("\n")))
    }
}

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    for path in fixture_files() {
        match check_fixture(&path) {
            Ok(snapshot) => {
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                insta::with_settings!({ snapshot_path => "snapshots/fixtures", prepend_module_to_snapshot => false }, {
                    insta::assert_snapshot!(name, snapshot);
                });
            }
            Err(failure) => failures.push(failure),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
