//! Splits every `.sql` file of the shared corpora (when present) and checks
//! the shape of each statement span.

use std::path::{Path, PathBuf};

use miglint_source::{Dialect, Span};

use super::split_statements;

const CORPUS: &str = "/work/shared/corpus";

/// The dialect of a corpus file, from its corpus and folder names.
pub(crate) fn corpus_dialect(path: &Path) -> Dialect {
    let path = path.to_string_lossy();
    if path.contains("/umami-mysql/") {
        Dialect::MySql
    } else if path.contains("/spacedrive/")
        || path.contains("/pocket-id/backend/resources/migrations/sqlite/")
        || (path.contains("/atuin/") && !path.contains("atuin-server-postgres"))
    {
        Dialect::Sqlite
    } else {
        Dialect::Postgres
    }
}

/// Every `.sql` file under the corpus folder, sorted; `None` when it is absent.
pub(crate) fn corpus_files() -> Option<Vec<PathBuf>> {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        println!("skipped: {CORPUS} is absent");
        return None;
    }
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "sql") {
                files.push(path);
            }
        }
    }
    files.sort();
    Some(files)
}

fn starts_like_a_statement(statement: &str) -> bool {
    statement
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '(')
}

#[test]
fn every_corpus_file_splits_into_clean_statements() {
    let Some(files) = corpus_files() else {
        return;
    };
    let mut total = 0usize;
    let mut by_dialect = [0usize; 3];
    let mut problems = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let dialect = corpus_dialect(path);
        let spans = split_statements(&text, Span::from_range(0..text.len()), dialect);
        for span in &spans {
            let (start, end) = (span.start as usize, span.end as usize);
            let statement = text.get(start..end);
            let ok = !span.is_empty()
                && statement.is_some_and(|s| starts_like_a_statement(s) && !s.ends_with(';'));
            if !ok {
                problems.push(format!(
                    "{}: {:?}",
                    path.display(),
                    statement.map(|s| s.chars().take(80).collect::<String>())
                ));
            }
        }
        total += spans.len();
        if let Some(count) = Dialect::ALL
            .iter()
            .position(|d| *d == dialect)
            .and_then(|i| by_dialect.get_mut(i))
        {
            *count += spans.len();
        }
    }
    println!(
        "{} files, {total} statements (postgresql {}, mysql {}, sqlite {})",
        files.len(),
        by_dialect[0],
        by_dialect[1],
        by_dialect[2]
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(total > files.len(), "suspiciously few statements: {total}");
}
