//! Conventions every rule keeps, checked here instead of in review.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use std::collections::HashSet;

use miglint_diagnostics::Category;
use support::repo_root;

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[test]
fn ids_are_unique_kebab_case_and_name_the_pattern() {
    let mut seen = HashSet::new();
    for meta in miglint_rules::all_meta() {
        assert!(seen.insert(meta.id), "duplicate id {}", meta.id);
        assert!(
            meta.id.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !meta.id.starts_with('-')
                && !meta.id.ends_with('-'),
            "{} is not kebab-case",
            meta.id
        );
        assert!(
            !meta.id.starts_with("ban-") && !meta.id.starts_with("no-"),
            "{}: ids name what is flagged, without ban-/no-",
            meta.id
        );
    }
}

#[test]
fn each_rule_lives_in_its_own_file_named_after_it() {
    for meta in miglint_rules::all_meta() {
        let path = repo_root()
            .join("rules")
            .join(meta.category.as_str())
            .join(format!("{}.rs", meta.id.replace('-', "_")));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{}: expected its file at {}", meta.id, path.display()));
        assert!(
            text.contains(&format!("pub struct {} {{", pascal_case(meta.id))),
            "{} must declare `{}`",
            path.display(),
            pascal_case(meta.id)
        );
        assert!(text.contains(&format!("id: \"{}\"", meta.id)));
    }
}

/// The `id` of every `declare_rule!` under rules/, with its file.
fn declared_ids() -> Vec<(String, std::path::PathBuf)> {
    let mut declared = Vec::new();
    for entry in walkdir::WalkDir::new(repo_root().join("rules"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for declaration in text.split("declare_rule! {").skip(1) {
            let id = declaration
                .split_once("id: \"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(id, _)| id.to_owned())
                .unwrap();
            declared.push((id, entry.path().to_owned()));
        }
    }
    declared
}

#[test]
fn every_declared_rule_is_registered() {
    let registered: HashSet<&str> = miglint_rules::all_meta().iter().map(|m| m.id).collect();
    let declared = declared_ids();
    assert!(declared.len() >= registered.len(), "{declared:?}");
    for (id, path) in declared {
        assert!(
            registered.contains(id.as_str()),
            "{} declares `{id}` but rules/lib.rs RULES does not list it",
            path.display()
        );
    }
}

#[test]
fn docs_have_the_sections_explain_prints() {
    for meta in miglint_rules::all_meta() {
        for heading in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(
                meta.docs.contains(heading),
                "{}: docs lack `{heading}`",
                meta.id
            );
        }
        let first = meta.summary.chars().next().unwrap();
        assert!(
            first.is_lowercase(),
            "{}: summary starts lower-case",
            meta.id
        );
        assert!(
            !meta.summary.ends_with('.'),
            "{}: summary has no final period",
            meta.id
        );
    }
}

/// Statement rules have a SQL fixture with a bad and a good case; drift
/// rules, and rules about whole files, are covered by a project fixture
/// under tests/projects.
#[test]
fn every_rule_has_a_fixture_with_bad_and_good_cases() {
    let projects = std::fs::read_dir(repo_root().join("tests/projects"))
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path().join("expect.txt")).ok())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    for meta in miglint_rules::all_meta() {
        let in_project = projects
            .lines()
            .any(|l| l.split_whitespace().next() == Some(meta.id));
        // These compare with a git base: tests/history.rs makes repositories for them.
        let needs_git = ["migration-edited", "migration-out-of-order"].contains(&meta.id);
        match meta.category {
            _ if in_project || needs_git => {}
            // Verify rules need a live database: tests/verify.rs covers each.
            Category::Verify => {}
            Category::Drift | Category::History => assert!(
                projects
                    .lines()
                    .any(|l| l.split_whitespace().next() == Some(meta.id)),
                "{}: no project fixture under tests/projects expects it",
                meta.id
            ),
            _ => {
                let path = repo_root()
                    .join("tests/fixtures")
                    .join(meta.category.as_str())
                    .join(format!("{}.sql", meta.id));
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|_| panic!("{}: no fixture at {}", meta.id, path.display()));
                let cases: Vec<&str> = text.split("-- @case:").skip(1).collect();
                assert!(
                    cases
                        .iter()
                        .any(|c| c.contains(&format!("@expect {}", meta.id))),
                    "{}: the fixture has no bad case",
                    meta.id
                );
                assert!(
                    cases.iter().any(|c| !c.contains("@expect")),
                    "{}: the fixture has no good case",
                    meta.id
                );
            }
        }
    }
}

/// The SQL blocks of `## Example` in a rule's documentation: the first is the
/// bad example, the one after "Use instead" (if any) the good one.
fn doc_examples(docs: &str) -> (Option<String>, Option<String>) {
    let Some((_, example)) = docs.split_once("## Example") else {
        return (None, None);
    };
    let block = |text: &str| -> Option<String> {
        let (_, rest) = text.split_once("```sql\n")?;
        let (sql, _) = rest.split_once("```")?;
        Some(sql.to_owned())
    };
    let (bad_part, good_part) = example
        .split_once("Use instead")
        .map_or((example, None), |(bad, good)| (bad, Some(good)));
    (block(bad_part), good_part.and_then(block))
}

/// The migrations of a documented example: a line `-- migration N` starts
/// the next one (locking rules need a table from an earlier migration).
fn example_migrations(sql: &str) -> Vec<String> {
    let mut migrations = vec![String::new()];
    for line in sql.lines() {
        let is_marker = line
            .strip_prefix("-- migration ")
            .is_some_and(|n| n.trim().chars().all(|c| c.is_ascii_digit()));
        if is_marker {
            if migrations.last().is_some_and(|m| !m.trim().is_empty()) {
                migrations.push(String::new());
            }
            continue;
        }
        if let Some(current) = migrations.last_mut() {
            current.push_str(line);
            current.push('\n');
        }
    }
    migrations
}

#[test]
fn example_migrations_split_on_markers() {
    let sql = "-- migration 1\nCREATE TABLE t (a int);\n-- migration 2\nCREATE INDEX i ON t (a);\n";
    assert_eq!(
        example_migrations(sql),
        ["CREATE TABLE t (a int);\n", "CREATE INDEX i ON t (a);\n"]
    );
    assert_eq!(example_migrations("SELECT 1;\n"), ["SELECT 1;\n"]);
}

/// Findings of `rule` when `sql` is a project's history (complete), in the
/// last migration.
fn findings_of(rule: &str, sql: &str) -> usize {
    use miglint_engine::{Config, HistoryMode, lint};
    use miglint_project::{Migration, Project, Tool};

    let dir = support::TempDir::new("doc-example");
    let migrations: Vec<Migration> = example_migrations(sql)
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let name = format!("{:04}_example", i + 1);
            let path = dir.write(&format!("{name}.sql"), text);
            Migration {
                name,
                path,
                up_section: None,
            }
        })
        .collect();
    let last = migrations.last().map(|m| m.path.clone()).unwrap();
    let project = Project {
        root: dir.path().to_owned(),
        tool: Tool::Plain,
        // `-- dialect: sqlite` in an example selects its dialect.
        dialect: sql
            .lines()
            .find_map(|l| l.strip_prefix("-- dialect: "))
            .map_or(miglint_source::Dialect::Postgres, |d| {
                d.trim().parse().unwrap()
            }),
        dialect_source: "docs".to_owned(),
        migrations,
        model: Vec::new(),
        ignored_files: Vec::new(),
        single_file: false,
    };
    let config = Config {
        history: HistoryMode::Complete,
        rules: miglint_engine::RuleSelection {
            select: vec!["all".to_owned()],
            ignore: Vec::new(),
        },
        ..Config::default()
    };
    let run = lint(&[project], miglint_rules::RULES, &config, dir.path());
    run.report
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule && run.sources.get(d.file).is_some_and(|f| f.path == last))
        .count()
}

/// A rule's documented examples do what the documentation says: the bad SQL
/// gives exactly one finding of the rule, the good SQL none.
#[test]
fn documented_sql_examples_hold() {
    let mut checked = 0;
    for meta in miglint_rules::all_meta() {
        let (bad, good) = doc_examples(&meta.documentation());
        // Drift examples need a model beside the SQL; project fixtures cover them.
        if meta.category == Category::Drift {
            continue;
        }
        if let Some(bad) = bad {
            assert_eq!(
                findings_of(meta.id, &bad),
                1,
                "{}: the bad example\n{bad}",
                meta.id
            );
            checked += 1;
        }
        if let Some(good) = good {
            assert_eq!(
                findings_of(meta.id, &good),
                0,
                "{}: the good example\n{good}",
                meta.id
            );
        }
    }
    assert!(
        checked >= 5,
        "only {checked} documented examples were checked"
    );
}
