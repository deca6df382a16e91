#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Parses every migration of the shared corpora: no panic, spans inside the
//! file on character boundaries, and the share sqlparser parses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miglint_syntax::{Dialect, Span, parse};

fn dialect_of(relative: &str) -> Dialect {
    let sqlite = relative.starts_with("spacedrive/")
        || relative.starts_with("pocket-id/backend/resources/migrations/sqlite/")
        || [
            "atuin-client",
            "atuin-server-sqlite",
            "atuin-scripts",
            "atuin-ai",
            "atuin-kv",
        ]
        .iter()
        .any(|c| relative.starts_with(&format!("atuin/crates/{c}/")));
    if relative.starts_with("umami-mysql/") {
        Dialect::MySql
    } else if sqlite {
        Dialect::Sqlite
    } else {
        Dialect::Postgres
    }
}

fn sql_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sql_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
}

/// The first keywords of a statement, for grouping failures.
fn form(text: &str) -> String {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_uppercase)
        .collect();
    match words.first().map(String::as_str) {
        Some("CREATE" | "ALTER" | "DROP") => {
            words.iter().take(2).cloned().collect::<Vec<_>>().join(" ")
        }
        _ => words.first().cloned().unwrap_or_default(),
    }
}

fn assert_span(text: &str, span: Span, what: &str, path: &Path) {
    assert!(
        span.start <= span.end && (span.end as usize) <= text.len(),
        "{what} span {span:?} outside {}",
        path.display()
    );
    assert!(
        text.is_char_boundary(span.start as usize) && text.is_char_boundary(span.end as usize),
        "{what} span {span:?} not on char boundaries in {}",
        path.display()
    );
}

#[test]
fn corpus_parses_without_panic_and_with_spans_inside_files() {
    let Some(root) = miglint_testing::corpus("syntax corpus") else {
        return;
    };
    let root = root.as_path();
    let mut files = Vec::new();
    sql_files(root, &mut files);
    files.sort();
    let mut total = 0usize;
    let mut parsed = 0usize;
    let mut by_sqlparser = 0usize;
    let mut per_dialect: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let dialect = dialect_of(&relative);
        let file = parse(&text, dialect);
        for statement in &file.statements {
            assert_span(&text, statement.span, "statement", path);
            total += 1;
            by_sqlparser += usize::from(statement.parsed_by_sqlparser());
            let entry = per_dialect.entry(dialect.name()).or_default();
            entry.0 += 1;
            match &statement.error {
                None => {
                    parsed += 1;
                    entry.1 += 1;
                    // Every span in the IR lies in the file: checked through Debug.
                    let debug = format!("{:?}", statement.change);
                    for piece in debug.split("span: Span { start: ").skip(1) {
                        let nums: Vec<u32> = piece
                            .split(|c: char| !c.is_ascii_digit())
                            .filter(|s| !s.is_empty())
                            .take(2)
                            .map(|n| n.parse().unwrap())
                            .collect();
                        assert_span(&text, Span::new(nums[0], nums[1]), "node", path);
                    }
                }
                Some(error) => {
                    assert_span(&text, error.span, "error", path);
                    let slot = failures
                        .entry(form(statement.text(&text)))
                        .or_insert_with(|| {
                            let first: String = error
                                .message
                                .lines()
                                .next()
                                .unwrap_or("")
                                .chars()
                                .take(110)
                                .collect();
                            (0, format!("{relative}: {first}"))
                        });
                    slot.0 += 1;
                }
            }
        }
    }
    let rate = 100.0 * parsed as f64 / total.max(1) as f64;
    let sqlparser_rate = 100.0 * by_sqlparser as f64 / total.max(1) as f64;
    println!(
        "corpus: {} files, {total} statements, {parsed} read without a syntax error ({rate:.2}%), \
         {by_sqlparser} of them by sqlparser ({sqlparser_rate:.2}%)",
        files.len()
    );
    for (dialect, (n, ok)) in &per_dialect {
        println!("  {dialect}: {ok}/{n}");
    }
    let mut top: Vec<_> = failures.into_iter().collect();
    top.sort_by_key(|entry| std::cmp::Reverse(entry.1.0));
    for (form, (count, example)) in top.iter().take(25) {
        println!("  {count:5}  {form:30}  e.g. {example}");
    }
    assert!(
        rate >= 99.5,
        "only {rate:.2}% of the corpus statements parse"
    );
}
