//! DDL inside PostgreSQL `DO $$ … $$` blocks.
//!
//! Migrations wrap DDL in anonymous blocks to guard it (`BEGIN CREATE TYPE …;
//! EXCEPTION WHEN duplicate_object THEN null; END`) or to run it under a
//! condition (`IF NOT EXISTS (…) THEN ALTER TABLE …; END IF;`). The body is
//! split like any script, control-flow words in front of a statement are
//! skipped, and what remains is read as a statement of its own.

use miglint_source::{Dialect, Span};

use crate::ir::SchemaChange;
use crate::lexer::{Token, TokenKind, tokenize};
use crate::split::split_statements;

/// The DDL of a `DO` statement's body, or `None` when `span` is not a `DO`
/// statement. `read` turns one inner statement's span into its change.
pub(crate) fn do_block(
    text: &str,
    span: Span,
    dialect: Dialect,
    read: &dyn Fn(Span) -> SchemaChange,
) -> Option<SchemaChange> {
    if !is_do_block(text, span, dialect) {
        return None;
    }
    let tokens = significant(text, span, dialect);
    if !tokens.first()?.is_word(text, "DO") {
        return None;
    }
    let body = tokens
        .iter()
        .take(4)
        .find(|t| t.kind == TokenKind::DollarString)?;
    let body = inside_dollar_quotes(text, body.span)?;
    let changes = split_statements(text, body, dialect)
        .into_iter()
        .filter_map(|statement| strip_control_flow(text, statement, dialect))
        .map(read)
        // PL/pgSQL's `END` closes a block; it is no transaction control here.
        .filter(|change| !matches!(change, SchemaChange::Other | SchemaChange::Transaction(_)))
        .collect();
    Some(SchemaChange::Procedural { changes })
}

/// The statement at `span` starts with PostgreSQL's `DO`; cheap, without lexing.
pub(crate) fn is_do_block(text: &str, span: Span, dialect: Dialect) -> bool {
    let head = span.slice(text).as_bytes();
    dialect == Dialect::Postgres
        && head.get(..2).is_some_and(|w| w.eq_ignore_ascii_case(b"DO"))
        && head
            .get(2)
            .is_some_and(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))
}

fn significant(text: &str, span: Span, dialect: Dialect) -> Vec<Token> {
    tokenize(text, span, dialect)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect()
}

/// The span between `$tag$` and `$tag$`.
fn inside_dollar_quotes(text: &str, quoted: Span) -> Option<Span> {
    let raw = quoted.slice(text);
    let tag_len = raw.get(1..)?.find('$')? + 2;
    let body_start = quoted.start + u32::try_from(tag_len).ok()?;
    let body_end = quoted.end.checked_sub(u32::try_from(tag_len).ok()?)?;
    (body_start <= body_end).then(|| Span::new(body_start, body_end))
}

/// The statement without the PL/pgSQL words in front of it (`BEGIN`, `ELSE`,
/// `IF … THEN`, `EXCEPTION WHEN … THEN`), or `None` when nothing is left.
fn strip_control_flow(text: &str, statement: Span, dialect: Dialect) -> Option<Span> {
    let tokens = significant(text, statement, dialect);
    let mut index = 0;
    loop {
        let token = tokens.get(index)?;
        if ["BEGIN", "ELSE", "LOOP"]
            .iter()
            .any(|w| token.is_word(text, w))
        {
            index += 1;
        } else if ["IF", "ELSIF", "EXCEPTION", "WHEN"]
            .iter()
            .any(|w| token.is_word(text, w))
        {
            index = after_then(text, &tokens, index)?;
        } else {
            break;
        }
    }
    let first = tokens.get(index)?;
    if first.is_word(text, "EXECUTE") {
        return dynamic_sql(text, tokens.get(index + 1..)?);
    }
    Some(Span::new(first.span.start, statement.end))
}

/// `EXECUTE 'ALTER INDEX …'`: the statement inside a plain string literal,
/// when the literal is the whole argument and holds no escaped quote (so its
/// text is the statement's text, byte for byte).
fn dynamic_sql(text: &str, rest: &[Token]) -> Option<Span> {
    let [literal] = rest else {
        return None;
    };
    let raw = literal.text(text);
    let inner = raw.strip_prefix('\'')?.strip_suffix('\'')?;
    if literal.kind != TokenKind::String || inner.contains('\'') {
        return None;
    }
    Some(Span::new(literal.span.start + 1, literal.span.end - 1))
}

/// The index just after the `THEN` that ends a condition starting at `from`.
fn after_then(text: &str, tokens: &[Token], from: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, token) in tokens.iter().enumerate().skip(from) {
        if token.is_punct(text, "(") {
            depth += 1;
        } else if token.is_punct(text, ")") {
            depth -= 1;
        } else if depth == 0 && token.is_word(text, "THEN") {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(sql: &str) -> Vec<SchemaChange> {
        let span = Span::from_range(0..sql.trim_end_matches(';').len());
        let read = |s: Span| crate::recovery::read(sql, s, Dialect::Postgres).change;
        match do_block(sql, span, Dialect::Postgres, &read) {
            Some(SchemaChange::Procedural { changes }) => changes,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn guarded_create_type() {
        let sql = "DO $$ BEGIN\n CREATE TYPE \"public\".\"role\" AS ENUM('a', 'b');\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;";
        let found = changes(sql);
        assert_eq!(found.len(), 1);
        let SchemaChange::CreateEnum { name, values } = &found[0] else {
            panic!("{found:?}");
        };
        assert_eq!(name.name.span.slice(sql), "\"role\"");
        assert_eq!(values.len(), 2);
    }

    #[test]
    fn declare_section_and_conditional_ddl() {
        let sql = "DO $body$\nDECLARE n int := 1;\nBEGIN\n  ALTER TABLE \"t\" ADD COLUMN \"c\" text;\n  UPDATE \"t\" SET \"c\" = 'x';\n  IF NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'i') THEN\n    CREATE INDEX \"i\" ON \"t\" (\"c\");\n  END IF;\nEND $body$;";
        let found = changes(sql);
        assert!(
            matches!(found[0], SchemaChange::AlterTable { .. }),
            "{found:?}"
        );
        assert!(
            matches!(found.last(), Some(SchemaChange::CreateIndex { .. })),
            "{found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|c| matches!(c, SchemaChange::Transaction(_))),
            "{found:?}"
        );
    }

    #[test]
    fn dynamic_sql_in_a_plain_literal() {
        let sql = "DO $$ BEGIN\n  IF EXISTS (SELECT 1) THEN\n    EXECUTE 'ALTER INDEX \"a_idx\" RENAME TO \"b_idx\"';\n  END IF;\n  EXECUTE format('DROP TABLE %I', 'x');\nEND $$;";
        let found = changes(sql);
        assert_eq!(found.len(), 1, "{found:?}");
        let SchemaChange::AlterIndex { name, .. } = &found[0] else {
            panic!("{found:?}");
        };
        assert_eq!(name.name.span.slice(sql), "\"a_idx\"");
    }

    #[test]
    fn not_a_do_block() {
        let sql = "SELECT 1";
        let read = |s: Span| crate::recovery::read(sql, s, Dialect::Postgres).change;
        assert_eq!(
            do_block(sql, Span::new(0, 8), Dialect::Postgres, &read),
            None
        );
        assert_eq!(
            do_block("DO", Span::new(0, 2), Dialect::Postgres, &read),
            None
        );
        // An unterminated body is not read, and nothing panics.
        assert_eq!(
            do_block("DO $$", Span::new(0, 5), Dialect::Postgres, &read),
            None
        );
    }
}
