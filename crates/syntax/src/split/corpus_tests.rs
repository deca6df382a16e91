//! Splits every `.sql` file of the shared corpora (when present) and checks
//! the shape of each statement span.

use std::path::{Path, PathBuf};

use miglint_source::{Dialect, Span};

use super::split_statements;

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
    let root = miglint_testing::corpus("syntax corpus files")?;
    let mut files = Vec::new();
    let mut pending = vec![root];
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

/// Compares the splitter with psql's own statement boundaries: psql echoes
/// (`-e`) each statement it sends, from its first token through the `;`.
/// Needs a PostgreSQL server in the usual `PG*` environment variables; the
/// session is read-only, so the corpus statements change nothing.
#[test]
#[ignore = "needs psql and a PostgreSQL server (PGHOST, PGUSER, PGPASSWORD, PGDATABASE)"]
fn postgres_files_split_like_psql() {
    let Some(files) = corpus_files() else {
        return;
    };
    // Comments are dropped from both sides: psql keeps leading block comments.
    let squeeze = |s: &str| -> String {
        crate::lexer::tokenize(s, Span::from_range(0..s.len()), Dialect::Postgres)
            .into_iter()
            .filter(|t| !t.kind.is_trivia())
            .map(|t| t.text(s).to_owned())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut compared = 0;
    let mut different = Vec::new();
    for path in files
        .iter()
        .filter(|p| corpus_dialect(p) == Dialect::Postgres)
    {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let output = std::process::Command::new("psql")
            .args(["-X", "-q", "-e", "-o", "/dev/null", "-f"])
            .arg(path)
            .env("PGOPTIONS", "-c default_transaction_read_only=on")
            .output()
            .expect("psql runs");
        let echoed = squeeze(&String::from_utf8_lossy(&output.stdout));
        // psql also sends empty statements (`;;`), which the splitter drops.
        let mut echoed = format!("; {echoed}");
        while echoed.contains("; ;") {
            echoed = echoed.replace("; ;", ";");
        }
        let echoed = echoed.trim_start_matches([';', ' ']).to_owned();
        let spans = split_statements(&text, Span::from_range(0..text.len()), Dialect::Postgres);
        let ours: String = spans
            .iter()
            .map(|s| format!("{} ;", squeeze(s.slice(&text))))
            .collect::<Vec<_>>()
            .join(" ");
        compared += 1;
        if echoed.trim_end_matches([';', ' ']) != ours.trim_end_matches([';', ' ']) {
            different.push(path.display().to_string());
        }
    }
    println!(
        "compared {compared} files with psql, {} differ",
        different.len()
    );
    assert!(different.is_empty(), "{}", different.join("\n"));
}

/// Every span in `change` (read from its `Debug` form, which names them all).
fn spans_in(change: &crate::ir::SchemaChange) -> Vec<(usize, usize)> {
    let debug = format!("{change:?}");
    let number = |s: &str| -> usize {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    debug
        .match_indices("Span { start: ")
        .map(|(i, m)| {
            let rest = &debug[i + m.len()..];
            let start = number(rest);
            let end_at = rest.find("end: ").unwrap() + "end: ".len();
            (start, number(&rest[end_at..]))
        })
        .collect()
}

#[test]
fn recovery_reads_every_corpus_statement_within_its_span() {
    use crate::ir::SchemaChange;
    let Some(files) = corpus_files() else {
        return;
    };
    let (mut statements, mut recognised, mut ddl_other) = (0usize, 0usize, 0usize);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let dialect = corpus_dialect(path);
        for span in split_statements(&text, Span::from_range(0..text.len()), dialect) {
            statements += 1;
            let change = crate::recovery::read(&text, span, dialect).change;
            if change != SchemaChange::Other {
                recognised += 1;
            } else {
                let head = span.slice(&text).to_ascii_uppercase();
                let wanted = [
                    "CREATE TABLE",
                    "ALTER TABLE",
                    "CREATE INDEX",
                    "CREATE UNIQUE INDEX",
                    "DROP TABLE",
                    "DROP INDEX",
                    "ALTER TYPE",
                ];
                if wanted.iter().any(|w| head.starts_with(w)) {
                    ddl_other += 1;
                    println!(
                        "not recognised: {}",
                        head.chars().take(100).collect::<String>()
                    );
                }
            }
            for (start, end) in spans_in(&change) {
                assert!(
                    span.start as usize <= start && start < end && end <= span.end as usize,
                    "{}: {start}..{end} outside {span:?}",
                    path.display()
                );
                assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            }
        }
    }
    println!(
        "{statements} statements, {recognised} recognised, {ddl_other} core DDL not recognised"
    );
    assert_eq!(ddl_other, 0);
}

/// Where sqlparser parses a corpus statement as it is (no clause blanked),
/// the recovery reader, run on the same text, must read the same change as
/// the lowering wherever it reads one at all: the two grammars agree.
#[test]
fn recovery_reads_what_sqlparser_parses_as_lower_does() {
    use crate::ir::SchemaChange;
    let Some(files) = corpus_files() else {
        return;
    };
    let (mut parsed, mut claimed, mut same) = (0usize, 0usize, 0usize);
    let mut different = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let dialect = corpus_dialect(path);
        for statement in crate::parse::parse(&text, dialect).statements {
            let span = statement.span;
            let blanked =
                crate::recovery::blank_clauses_sqlparser_lacks(&text, span, dialect).is_some();
            if !statement.parsed_by_sqlparser() || !statement.parsed() || blanked {
                continue;
            }
            parsed += 1;
            let mut recovered = crate::recovery::read(&text, span, dialect).change;
            if recovered == SchemaChange::Other {
                continue;
            }
            claimed += 1;
            let mut lowered = statement.change;
            // A view's references are read later, for both alike.
            for change in [&mut recovered, &mut lowered] {
                if let SchemaChange::CreateView { references, .. } = change {
                    references.clear();
                }
            }
            if recovered == lowered {
                same += 1;
            } else {
                different.push(format!(
                    "{}: {}\n  lower:    {lowered:?}\n  recovery: {recovered:?}",
                    path.display(),
                    span.slice(&text)
                ));
            }
        }
    }
    println!(
        "{parsed} statements parsed by sqlparser as written; the recovery reader reads \
         {claimed} of them, {same} as the lowering does"
    );
    assert!(claimed > parsed / 2, "the recovery reader reads too few");
    assert!(different.is_empty(), "{}", different.join("\n"));
}
