//! Parsing a file: split, parse each statement with sqlparser, lower.

use miglint_source::{Dialect, Span};
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use crate::ir::SchemaChange;
use crate::lexer::{self, TokenKind};
use crate::split::split_statements;
use crate::{
    ParsedFile, Statement, SyntaxError, beyond_sqlparser, fallback, lower, procedural, utility,
};

/// How deep sqlparser may nest. Its own default (50) is enforced without the
/// `recursive-protection` feature, but one level costs several large frames
/// in a debug build; 30 still covers real migrations and keeps a 2 MiB
/// thread (the test harness, rayon) far from overflowing.
const RECURSION_LIMIT: usize = 20;

/// Parses a whole file.
pub fn parse(text: &str, dialect: Dialect) -> ParsedFile {
    parse_range(text, Span::from_range(0..text.len()), dialect)
}

/// Parses the statements in `range` of `text` (e.g. a dbmate up section).
/// Spans in the result are offsets into `text`.
pub fn parse_range(text: &str, range: Span, dialect: Dialect) -> ParsedFile {
    let statements = split_statements(text, range, dialect)
        .into_iter()
        .map(|span| {
            let mut statement = parse_statement(text, span, dialect);
            if statement.change == SchemaChange::Other
                && let Some(u) = utility::recognize(text, span, dialect)
            {
                statement.change = SchemaChange::Utility(u);
            }
            if let SchemaChange::CreateView { references, .. } = &mut statement.change {
                *references = view_references(text, span, dialect);
            }
            statement
        })
        .collect();
    ParsedFile { statements }
}

/// The names a view's query mentions (after the first top-level `AS`),
/// folded as PostgreSQL folds them: a superset of what the view reads.
fn view_references(text: &str, span: Span, dialect: Dialect) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut depth = 0i32;
    let mut in_query = false;
    for token in lexer::tokenize(text, span, dialect) {
        let raw = token.text(text);
        match token.kind {
            TokenKind::Punct if raw == "(" => depth += 1,
            TokenKind::Punct if raw == ")" => depth -= 1,
            TokenKind::Word if !in_query => in_query = depth == 0 && raw.eq_ignore_ascii_case("AS"),
            TokenKind::Word => names.push(match dialect {
                Dialect::Postgres => raw.to_lowercase(),
                Dialect::MySql | Dialect::Sqlite => raw.to_owned(),
            }),
            TokenKind::QuotedIdent if in_query => names.push(lexer::unquote_ident(raw)),
            _ => {}
        }
    }
    names.sort();
    names.dedup();
    names
}

pub(crate) fn sqlparser_dialect(dialect: Dialect) -> &'static dyn sqlparser::dialect::Dialect {
    match dialect {
        Dialect::Postgres => &PostgreSqlDialect {},
        Dialect::MySql => &MySqlDialect {},
        Dialect::Sqlite => &SQLiteDialect {},
    }
}

/// Converts sqlparser's 1-based line/character positions inside one
/// statement's text into byte offsets of the file. Constant time per
/// position: a statement can hold tens of thousands of tokens on one line.
pub(crate) struct Locator {
    statement_start: u32,
    statement_len: u32,
    lines: Vec<LineStarts>,
}

struct LineStarts {
    /// Byte offset of the line in the statement.
    start: u32,
    /// Byte offset (from `start`) of every character, for non-ASCII lines;
    /// empty when characters are bytes.
    chars: Vec<u32>,
    len: u32,
}

impl Locator {
    pub(crate) fn new(file_text: &str, statement: Span) -> Self {
        let text = statement.slice(file_text);
        let mut lines = Vec::new();
        let mut start = 0usize;
        for line in text.split('\n') {
            let chars = if line.is_ascii() {
                Vec::new()
            } else {
                line.char_indices().map(|(i, _)| to_u32(i)).collect()
            };
            lines.push(LineStarts {
                start: to_u32(start),
                chars,
                len: to_u32(line.len()),
            });
            start += line.len() + 1;
        }
        Self {
            statement_start: statement.start,
            statement_len: to_u32(text.len()),
            lines,
        }
    }

    /// `None` for sqlparser's "no position" (line 0); clamped to the statement.
    pub(crate) fn offset(&self, location: Location) -> Option<u32> {
        if location.line == 0 || location.column == 0 {
            return None;
        }
        let line = self.lines.get(usize::try_from(location.line - 1).ok()?)?;
        let column = usize::try_from(location.column - 1).ok()?;
        let within = if line.chars.is_empty() {
            to_u32(column).min(line.len)
        } else {
            line.chars.get(column).copied().unwrap_or(line.len)
        };
        Some(self.statement_start + (line.start + within).min(self.statement_len))
    }

    /// A node's span in the file; `None` when sqlparser has none.
    pub(crate) fn span(&self, span: sqlparser::tokenizer::Span) -> Option<Span> {
        let start = self.offset(span.start)?;
        let end = self.offset(span.end)?;
        (end > start).then_some(Span::new(start, end))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn parse_statement(text: &str, span: Span, dialect: Dialect) -> Statement {
    let sql = span.slice(text);
    let locator = Locator::new(text, span);
    let parser_dialect = sqlparser_dialect(dialect);
    let tokens = match Tokenizer::new(parser_dialect, sql).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(e) => {
            // The tokenizer points at the start of the token it could not
            // finish (an unterminated string…): flag from there to the end.
            let start = locator.offset(e.location);
            let error_span = start.map_or(span, |s| Span::new(s, span.end));
            return failed(text, span, dialect, e.message, error_span);
        }
    };
    let parsed = Parser::new(parser_dialect)
        .with_recursion_limit(RECURSION_LIMIT)
        .with_tokens_with_locations(tokens.clone())
        .parse_statements();
    match parsed {
        Ok(mut statements) if statements.len() == 1 => {
            let Some(ast) = statements.pop() else {
                return failed(text, span, dialect, String::new(), span);
            };
            let change = lower::lower(&ast, text, span, &locator, &tokens, dialect);
            let change = match change {
                // sqlparser keeps a DO body as a string: read the DDL in it.
                SchemaChange::Other => {
                    let read = |inner: Span| parse_statement(text, inner, dialect).change;
                    procedural::do_block(text, span, dialect, &read).unwrap_or(change)
                }
                change => change,
            };
            Statement {
                span,
                change,
                error: None,
                ast: Some(Box::new(ast)),
            }
        }
        Ok(statements) => {
            let message = format!("expected one statement, found {}", statements.len());
            failed(text, span, dialect, message, span)
        }
        Err(e) => {
            if let Some(statement) = parse_without_clauses_sqlparser_lacks(text, span, dialect) {
                return statement;
            }
            let (message, error_span) = locate_error(&e, &locator, &tokens, span);
            failed(text, span, dialect, message, error_span)
        }
    }
}

/// A second try for a statement with clauses sqlparser does not know (a
/// function's `COST 100`): parse it with those blanked out. Offsets are kept,
/// so spans still point into the file.
fn parse_without_clauses_sqlparser_lacks(
    text: &str,
    span: Span,
    dialect: Dialect,
) -> Option<Statement> {
    let blanked = beyond_sqlparser::blank_clauses_sqlparser_lacks(text, span, dialect)?;
    let parser_dialect = sqlparser_dialect(dialect);
    let tokens = Tokenizer::new(parser_dialect, &blanked)
        .tokenize_with_location()
        .ok()?;
    let mut statements = Parser::new(parser_dialect)
        .with_recursion_limit(RECURSION_LIMIT)
        .with_tokens_with_locations(tokens.clone())
        .parse_statements()
        .ok()?;
    if statements.len() != 1 {
        return None;
    }
    let ast = statements.pop()?;
    let locator = Locator::new(text, span);
    let change = lower::lower(&ast, text, span, &locator, &tokens, dialect);
    Some(Statement {
        span,
        change,
        error: None,
        ast: Some(Box::new(ast)),
    })
}

/// What a statement sqlparser rejected does: the DDL of a `DO` body, else the
/// fallback recogniser's reading.
fn read_without_parser(text: &str, span: Span, dialect: Dialect) -> SchemaChange {
    let read = |inner: Span| parse_statement(text, inner, dialect).change;
    procedural::do_block(text, span, dialect, &read)
        .unwrap_or_else(|| fallback::recognize(text, span, dialect))
}

fn failed(
    text: &str,
    span: Span,
    dialect: Dialect,
    message: String,
    error_span: Span,
) -> Statement {
    // A valid form sqlparser lacks is understood without it: no error.
    let error = (!beyond_sqlparser::is_valid_form_sqlparser_lacks(text, span, dialect)).then_some(
        SyntaxError {
            message,
            span: error_span,
        },
    );
    Statement {
        span,
        change: read_without_parser(text, span, dialect),
        error,
        ast: None,
    }
}

/// The message without its position, and the span of the token the position
/// names (the rest of the statement when no token starts there, the whole
/// statement when there is no position).
fn locate_error(
    error: &ParserError,
    locator: &Locator,
    tokens: &[TokenWithSpan],
    statement: Span,
) -> (String, Span) {
    let full = match error {
        ParserError::TokenizerError(s) | ParserError::ParserError(s) => s.clone(),
        ParserError::RecursionLimitExceeded => {
            return ("statement nested too deeply".to_owned(), statement);
        }
    };
    let Some((message, location)) = split_location(&full) else {
        return (full, statement);
    };
    let Some(start) = locator.offset(location) else {
        return (message.to_owned(), statement);
    };
    let token = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_) | Token::EOF))
        .find(|t| locator.offset(t.span.start) == Some(start))
        .and_then(|t| locator.offset(t.span.end));
    let end = token.unwrap_or(statement.end).max(start);
    (
        message.to_owned(),
        Span::new(start, end.min(statement.end.max(start))),
    )
}

/// Splits sqlparser's "… at Line: L, Column: C" suffix off a message.
fn split_location(message: &str) -> Option<(&str, Location)> {
    let at = message.rfind(" at Line: ")?;
    let (text, rest) = message.split_at(at);
    let rest = rest.strip_prefix(" at Line: ")?;
    let (line, column) = rest.split_once(", Column: ")?;
    let line = line.trim().parse().ok()?;
    let column = column.trim().parse().ok()?;
    Some((text, Location::new(line, column)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_position_is_split_off_the_message() {
        let (message, location) =
            split_location("Expected: an expression, found: ) at Line: 2, Column: 7").unwrap();
        assert_eq!(message, "Expected: an expression, found: )");
        assert_eq!(location, Location::new(2, 7));
    }
}

#[cfg(test)]
mod deep_tests {
    use super::*;

    /// Runs on a thread with the test harness's default 2 MiB stack.
    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        let n = 5000;
        let inputs = [
            format!("SELECT {}1{}", "(".repeat(n), ")".repeat(n)),
            format!("SELECT {}1{}", "f(".repeat(n), ")".repeat(n)),
            format!("SELECT {}1{}", "ARRAY[".repeat(n), "]".repeat(n)),
            format!("SELECT {}1", "NOT ".repeat(n)),
            format!("SELECT {}1", "- ".repeat(n)),
            format!("SELECT {}", "(SELECT ".repeat(n)),
            format!(
                "SELECT {}1{}",
                "CASE WHEN ".repeat(n),
                " THEN 1 END".repeat(n)
            ),
            format!("SELECT * FROM {}t{}", "(".repeat(n), ")".repeat(n)),
            format!(
                "CREATE TABLE t (a int DEFAULT {}1{})",
                "(".repeat(n),
                ")".repeat(n)
            ),
            format!("CREATE TABLE t (a int{})", "[]".repeat(n)),
            format!("SELECT 1::int{}", "[]".repeat(n)),
            format!("SELECT a{}", ".b".repeat(n)),
            format!("SELECT a{}", "[1]".repeat(n)),
            format!("SELECT 1{}", "::int".repeat(n)),
            format!("SELECT 1{}", " + 1".repeat(n)),
            format!("SELECT * FROM t{}", " JOIN t ON true".repeat(n)),
            format!("WITH {} SELECT 1", "a AS (SELECT 1), ".repeat(n)),
            format!("SELECT 1 {}", "UNION SELECT 1 ".repeat(n)),
            format!("INSERT INTO t VALUES {}1{}", "(".repeat(n), ")".repeat(n)),
            format!("CREATE TABLE t (a int DEFAULT 1{})", " + 1".repeat(n)),
            format!("CREATE TABLE t (a int DEFAULT 1{})", "::int".repeat(n)),
            format!("CREATE TABLE t (a int CHECK (a{}))", "[1]".repeat(n)),
            format!("CREATE INDEX i ON t (a) WHERE a{}", " OR a".repeat(n)),
            format!("ALTER TABLE t ALTER a TYPE int{}", "[]".repeat(n)),
            format!("SELECT 1{}", " + 1".repeat(2 * n)),
            format!("SELECT 1{}", " || 'a'".repeat(2 * n)),
        ];
        let only: Option<usize> = std::env::var("DEEP_ONLY").ok().and_then(|v| v.parse().ok());
        for dialect in Dialect::ALL {
            for (i, input) in inputs.iter().enumerate() {
                if only.is_some_and(|o| o != i) {
                    continue;
                }
                let _ = parse(input, dialect);
            }
        }
    }
}
