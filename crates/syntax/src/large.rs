//! Data statements too large for sqlparser.
//!
//! sqlparser's token vector and tree take many times a statement's text, so a
//! seed migration's 50 MB `INSERT … VALUES` would need gigabytes. A statement
//! longer than [`LARGE_STATEMENT`] bytes that starts with `INSERT`,
//! `REPLACE`, `UPDATE`, `DELETE` or `COPY` is read here instead, in one pass
//! of miglint's own lexer that keeps only the statement's head: quoting is
//! checked (an unterminated string or comment is a syntax error), and the
//! target table, the listed columns and whether a `WHERE` is present go into
//! the IR, so replay and the rules still check them. Other syntax errors in
//! such a statement are not found.

use miglint_source::{Dialect, Span};

use crate::ir::{Ident, SchemaChange};
use crate::lexer::{Lexer, Token, TokenKind, unquote_ident};
use crate::{Statement, SyntaxError, ast, recovery};

/// Data statements longer than this (in bytes) are not handed to sqlparser.
/// Far above hand-written statements; seed data and dumps pass it.
pub const LARGE_STATEMENT: usize = 64 * 1024;

/// Statements whose data this module reads.
const VERBS: [&str; 5] = ["INSERT", "REPLACE", "UPDATE", "DELETE", "COPY"];

/// Top-level words that end the head (the part naming the target).
const HEAD_ENDS: [&str; 11] = [
    "VALUES",
    "VALUE",
    "SELECT",
    "WITH",
    "DEFAULT",
    "SET",
    "OVERRIDING",
    "WHERE",
    "USING",
    "RETURNING",
    "ON",
];

/// A bound on the head's tokens, in case a statement never reaches one of
/// [`HEAD_ENDS`]; a real column list is far shorter.
const MAX_HEAD_TOKENS: usize = 50_000;

pub(crate) fn is_large_data_statement(text: &str, span: Span) -> bool {
    if (span.end.saturating_sub(span.start) as usize) <= LARGE_STATEMENT {
        return false;
    }
    let sql = span.slice(text);
    let word_len = sql.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
    let word = sql.get(..word_len).unwrap_or("");
    VERBS.iter().any(|v| v.eq_ignore_ascii_case(word))
}

/// Reads a statement [`is_large_data_statement`] accepted.
pub(crate) fn read(text: &str, span: Span, dialect: Dialect) -> Statement {
    let mut lexer = Lexer::new(text, span, dialect);
    let mut head: Vec<Token> = Vec::new();
    let mut in_head = true;
    let mut depth = 0i64;
    let mut has_where = false;
    let mut set_list = SetList::default();
    let mut empty_ident = None;
    for token in lexer.by_ref() {
        if token.kind.is_trivia() {
            continue;
        }
        if dialect == Dialect::Postgres
            && token.kind == TokenKind::QuotedIdent
            && token.text(text) == "\"\""
        {
            empty_ident = empty_ident.or(Some(token.span));
        }
        let top = depth == 0;
        if token.is_punct(text, "(") {
            depth += 1;
        } else if token.is_punct(text, ")") {
            depth -= 1;
        }
        if in_head {
            let ends = top && !head.is_empty() && HEAD_ENDS.iter().any(|w| token.is_word(text, w));
            if !ends && head.len() < MAX_HEAD_TOKENS {
                head.push(token);
                continue;
            }
            in_head = false;
        }
        has_where |= top && token.is_word(text, "WHERE");
        set_list.feed(text, token, top && depth == 0);
    }
    let change = match recovery::data_statement_head(text, head, dialect) {
        SchemaChange::Update { table, .. } => SchemaChange::Update {
            table,
            columns: set_list.columns,
        },
        change => change,
    };
    let touches_every_row = matches!(
        change,
        SchemaChange::Update { .. } | SchemaChange::Delete { .. }
    )
    .then_some(!has_where);
    let error = match (lexer.unclosed(), empty_ident) {
        (Some(open), _) => Some(SyntaxError {
            message: unclosed_message(open.kind).to_owned(),
            span: Span::new(open.span.start, span.end.max(open.span.start)),
        }),
        (None, Some(at)) => Some(SyntaxError {
            message: "zero-length delimited identifier".to_owned(),
            span: at,
        }),
        (None, None) => None,
    };
    Statement {
        span,
        keyword: ast::change_keyword(&change),
        change,
        error,
        touches_every_row,
        by_sqlparser: false,
        facts: None,
    }
}

/// The string, quoted identifier or comment left open at the end of the
/// statement at `span`, if any.
pub(crate) fn unclosed(text: &str, span: Span, dialect: Dialect) -> Option<SyntaxError> {
    let mut lexer = Lexer::new(text, span, dialect);
    for _ in lexer.by_ref() {}
    let open = lexer.unclosed()?;
    Some(SyntaxError {
        message: unclosed_message(open.kind).to_owned(),
        span: Span::new(open.span.start, span.end.max(open.span.start)),
    })
}

/// PostgreSQL's words for what was left open.
fn unclosed_message(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::QuotedIdent => "unterminated quoted identifier",
        TokenKind::DollarString => "unterminated dollar-quoted string",
        TokenKind::BlockComment => "unterminated /* comment",
        _ => "unterminated quoted string",
    }
}

/// The columns an `UPDATE … SET` assigns, read token by token: the last name
/// before each top-level `=`, or each name of a `(a, b) = …` tuple.
#[derive(Default)]
struct SetList {
    state: SetState,
    pending: Option<Ident>,
    columns: Vec<Ident>,
}

#[derive(Default, PartialEq, Eq)]
enum SetState {
    #[default]
    BeforeSet,
    Target,
    Tuple,
    Value,
    Done,
}

impl SetList {
    /// `top`: the token is outside any parentheses (a `(` or `)` is not).
    fn feed(&mut self, text: &str, token: Token, top: bool) {
        match self.state {
            SetState::BeforeSet if top && token.is_word(text, "SET") => {
                self.state = SetState::Target;
            }
            SetState::Target | SetState::Tuple => match token.kind {
                TokenKind::Word | TokenKind::QuotedIdent => {
                    let raw = token.text(text);
                    let (value, quoted) = match token.kind {
                        TokenKind::QuotedIdent => (unquote_ident(raw), true),
                        _ => (raw.to_owned(), false),
                    };
                    self.pending = Some(Ident {
                        value,
                        quoted,
                        span: token.span,
                    });
                }
                _ if token.is_punct(text, "(") => self.state = SetState::Tuple,
                _ if token.is_punct(text, ",") || token.is_punct(text, ")") => {
                    self.columns.extend(self.pending.take());
                    if token.is_punct(text, ")") {
                        self.state = SetState::Target;
                    }
                }
                _ if token.is_punct(text, "=") => {
                    self.columns.extend(self.pending.take());
                    self.state = SetState::Value;
                }
                _ => {}
            },
            SetState::Value if top && token.is_punct(text, ",") => self.state = SetState::Target,
            SetState::Value
                if top
                    && ["FROM", "WHERE", "RETURNING"]
                        .iter()
                        .any(|w| token.is_word(text, w)) =>
            {
                self.state = SetState::Done;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    fn big_insert(rows: usize) -> String {
        let values: Vec<String> = (0..rows)
            .map(|i| format!("({i}, 'it''s row {i}', \"x\", $$a;b$$)"))
            .collect();
        format!(
            "INSERT INTO \"public\".t (id, \"Name\", c, d) VALUES\n{};\nSELECT 1;",
            values.join(",\n")
        )
    }

    #[test]
    fn a_large_insert_keeps_its_target() {
        let sql = big_insert(5000);
        assert!(sql.len() > LARGE_STATEMENT);
        let file = parse(&sql, Dialect::Postgres);
        assert_eq!(file.statements.len(), 2);
        let insert = &file.statements[0];
        assert!(insert.error.is_none(), "{:?}", insert.error);
        assert!(!insert.parsed_by_sqlparser());
        assert_eq!(insert.keyword(), "INSERT");
        let SchemaChange::Insert { table, columns } = &insert.change else {
            panic!("{:?}", insert.change);
        };
        assert_eq!(table.name.value, "t");
        assert_eq!(
            table.schema.as_ref().map(|s| s.value.as_str()),
            Some("public")
        );
        let names: Vec<_> = columns.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(names, ["id", "Name", "c", "d"]);
        assert!(columns[1].quoted);
        assert_eq!(columns[1].span.slice(&sql), "\"Name\"");
    }

    #[test]
    fn the_same_insert_small_reads_the_same() {
        let small = big_insert(2);
        let large = big_insert(5000);
        let small = parse(&small, Dialect::Postgres);
        let large = parse(&large, Dialect::Postgres);
        assert!(small.statements[0].parsed_by_sqlparser());
        assert_eq!(small.statements[0].change, large.statements[0].change);
        assert_eq!(small.statements[0].keyword(), large.statements[0].keyword());
    }

    #[test]
    fn unterminated_string_in_a_large_statement() {
        let sql = format!("INSERT INTO t VALUES ('{}", "x".repeat(LARGE_STATEMENT));
        let file = parse(&sql, Dialect::Postgres);
        let error = file.statements[0]
            .error
            .as_ref()
            .map(|e| e.message.as_str());
        assert_eq!(error, Some("unterminated quoted string"));
        let sql = format!(
            "INSERT INTO t VALUES (1) /* {}",
            "x".repeat(LARGE_STATEMENT)
        );
        let file = parse(&sql, Dialect::Postgres);
        let error = file.statements[0]
            .error
            .as_ref()
            .map(|e| e.message.as_str());
        assert_eq!(error, Some("unterminated /* comment"));
    }

    #[test]
    fn large_update_and_delete() {
        let cases = format!(
            "CASE id {} END",
            "WHEN 1 THEN 'a' ".repeat(LARGE_STATEMENT / 10)
        );
        for (sql, columns, every_row) in [
            (
                format!(
                    "UPDATE s.t SET a = {cases}, (b, \"C\") = (1, 2), t.d = (SELECT 1 WHERE true)"
                ),
                vec!["a", "b", "C", "d"],
                true,
            ),
            (
                format!("UPDATE t SET a = {cases} WHERE id IN (1, 2)"),
                vec!["a"],
                false,
            ),
        ] {
            let small = sql.replace(&cases, "1");
            for text in [&sql, &small] {
                let file = parse(text, Dialect::Postgres);
                let statement = &file.statements[0];
                let SchemaChange::Update {
                    table,
                    columns: found,
                } = &statement.change
                else {
                    panic!("{:?}", statement.change);
                };
                assert_eq!(table.name.value, "t");
                let found: Vec<_> = found.iter().map(|c| c.value.as_str()).collect();
                assert_eq!(found, columns);
                assert_eq!(statement.touches_every_row(), Some(every_row));
            }
        }
        let sql = format!(
            "DELETE FROM t WHERE id IN ({})",
            "1, ".repeat(LARGE_STATEMENT) + "1"
        );
        let file = parse(&sql, Dialect::MySql);
        assert!(
            matches!(&file.statements[0].change, SchemaChange::Delete { table } if table.name.value == "t")
        );
        assert_eq!(file.statements[0].touches_every_row(), Some(false));
    }
}
