//! Reading SQL never crashes, never loses statements silently, and says so
//! when an input passes one of miglint's limits. Large inputs are generated.

use miglint_syntax::ir::SchemaChange;
use miglint_syntax::{DO_NESTING_LIMIT, Dialect, NESTING_LIMIT, ParsedFile, parse};

fn errors(file: &ParsedFile) -> Vec<&str> {
    file.statements
        .iter()
        .filter_map(|s| s.error.as_ref().map(|e| e.message.as_str()))
        .collect()
}

fn subqueries(n: usize) -> String {
    let mut query = "SELECT 1".to_owned();
    for i in 0..n {
        query = format!("SELECT * FROM ({query}) s{i}");
    }
    format!("CREATE VIEW v AS {query}")
}

fn parens(n: usize) -> String {
    format!("SELECT {}1{}", "(".repeat(n), ")".repeat(n))
}

fn cases(n: usize) -> String {
    format!(
        "SELECT {}1{}",
        "CASE WHEN true THEN ".repeat(n),
        " END".repeat(n)
    )
}

fn default_parens(n: usize) -> String {
    format!(
        "CREATE TABLE t (a int DEFAULT {}1{} CHECK (a > {}0{}))",
        "(".repeat(n),
        ")".repeat(n),
        "(".repeat(n),
        ")".repeat(n)
    )
}

/// Valid SQL nested well past what hand-written migrations use parses
/// (generated views, ORMs' nested CASE), here on the test harness's small
/// thread stack.
#[test]
fn deep_valid_sql_parses() {
    for sql in [
        subqueries(9),
        parens(17),
        cases(17),
        subqueries(60),
        parens(150),
        cases(150),
        default_parens(150),
    ] {
        for dialect in Dialect::ALL {
            let file = parse(&sql, dialect);
            assert_eq!(file.statements.len(), 1);
            assert!(
                errors(&file).is_empty(),
                "{dialect} {}…: {:?}",
                &sql[..40],
                errors(&file)
            );
            assert!(file.statements[0].parsed_by_sqlparser());
        }
    }
    let file = parse(&default_parens(150), Dialect::Postgres);
    let SchemaChange::CreateTable { columns, .. } = &file.statements[0].change else {
        panic!("{:?}", file.statements[0].change);
    };
    let default = columns[0].default.as_ref().map(|d| d.text.len());
    assert_eq!(default, Some(301));
}

/// Past the limit: a syntax error that names miglint's limit, whatever the
/// construct (sqlparser itself would call the CASE one "expected: end of
/// statement").
#[test]
fn too_deep_sql_names_the_limit() {
    let n = NESTING_LIMIT * 2;
    let nots = format!("SELECT {}true", "NOT ".repeat(n));
    for sql in [subqueries(n), parens(n), cases(n), default_parens(n), nots] {
        let file = parse(&sql, Dialect::Postgres);
        let found = errors(&file);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains(&format!("more than {NESTING_LIMIT} levels"))
                && found[0].contains("limit of miglint"),
            "{found:?}"
        );
        // The error covers the statement.
        let statement = &file.statements[0];
        assert_eq!(
            statement.error.as_ref().map(|e| e.span),
            Some(statement.span)
        );
    }
}

fn nested_do(n: usize) -> String {
    let mut sql = "CREATE TABLE inner_t (id int);".to_owned();
    for i in 0..n {
        sql = format!("DO $t{i}$ BEGIN {sql} END $t{i}$;");
    }
    sql
}

#[test]
fn nested_do_blocks_within_the_limit_are_read() {
    let file = parse(&nested_do(DO_NESTING_LIMIT), Dialect::Postgres);
    assert!(errors(&file).is_empty(), "{:?}", errors(&file));
    let mut change = &file.statements[0].change;
    let mut depth = 0;
    while let SchemaChange::Procedural { changes } = change {
        assert_eq!(changes.len(), 1, "{changes:?}");
        change = &changes[0];
        depth += 1;
    }
    assert_eq!(depth, DO_NESTING_LIMIT);
    assert!(
        matches!(change, SchemaChange::CreateTable { .. }),
        "{change:?}"
    );
}

/// 1,200 levels overflowed the stack; 50,000 took 15 s and 1.2 GB first.
#[test]
fn nested_do_blocks_past_the_limit_are_an_error() {
    for n in [DO_NESTING_LIMIT + 1, 1200, 50_000] {
        let sql = nested_do(n);
        let file = parse(&sql, Dialect::Postgres);
        let statement = &file.statements[0];
        let error = statement.error.as_ref().expect("an error naming the limit");
        assert!(
            error
                .message
                .starts_with(&format!("more than {DO_NESTING_LIMIT} DO blocks nested"))
                && error.message.contains("limit of miglint"),
            "{}",
            error.message
        );
        // On the first block past the limit, inside the statement.
        assert!(error.span.start > statement.span.start && error.span.end <= statement.span.end);
        assert!(error.span.slice(&sql).starts_with("DO $t"));
    }
}

/// PostgreSQL ends a `--` comment at a lone CR (old Mac line endings): the
/// statements after it are read.
#[test]
fn lone_cr_ends_a_line_comment() {
    let lf = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/cases/reliability/lone-cr-comment-swallows-file/lf.sql"
    ))
    .unwrap_or_else(|_| {
        "-- comment\nCREATE TABLE a (id int);\nALTER TABLE a ADD COLUMN id int;\n".to_owned()
    });
    let cr = lf.replace('\n', "\r");
    let read = |sql: &str| {
        let file = parse(sql, Dialect::Postgres);
        file.statements
            .iter()
            .map(|s| {
                (
                    s.text(sql).replace('\r', "\n"),
                    s.change.clone(),
                    s.error.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let from_lf = read(&lf);
    assert!(from_lf.len() >= 2, "{from_lf:?}");
    assert_eq!(read(&cr), from_lf);
    // A comment inside a statement ends at the CR too.
    let sql = "CREATE TABLE b ( -- the key\r  id int -- c\r);\rSELECT 1";
    let file = parse(sql, Dialect::Postgres);
    assert_eq!(file.statements.len(), 2);
    assert!(errors(&file).is_empty(), "{:?}", errors(&file));
    let SchemaChange::CreateTable { columns, .. } = &file.statements[0].change else {
        panic!("{:?}", file.statements[0].change);
    };
    assert_eq!(columns.len(), 1);
}

/// PostgreSQL rejects an unterminated `/*` and a zero-length `""`.
#[test]
fn unterminated_comment_and_empty_identifier_are_errors() {
    let sql = "CREATE TABLE t (id int);\nSELECT 1;\n/* unterminated block comment\n";
    let file = parse(sql, Dialect::Postgres);
    assert_eq!(file.statements.len(), 3);
    let last = &file.statements[2];
    let error = last.error.as_ref().expect("an error");
    assert!(error.span.slice(sql).starts_with("/* unterminated"));
    // Nested: the first `*/` closes only the inner comment.
    let sql = "SELECT 1 /* a /* b */ c";
    let file = parse(sql, Dialect::Postgres);
    assert_eq!(errors(&file).len(), 1);
    // Closed, it is trivia.
    let file = parse("SELECT 1 /* a /* b */ c */", Dialect::Postgres);
    assert!(errors(&file).is_empty());

    let sql = "CREATE TABLE \"\" (id int)";
    let file = parse(sql, Dialect::Postgres);
    let error = file.statements[0].error.as_ref().expect("an error");
    assert_eq!(error.message, "zero-length delimited identifier");
    assert_eq!(error.span.slice(sql), "\"\"");
    // In MySQL "" is a string.
    let file = parse("SELECT \"\"", Dialect::MySql);
    assert!(errors(&file).is_empty());
}
