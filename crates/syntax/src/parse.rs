//! Parsing a file: split, parse each statement with sqlparser, lower.

use miglint_source::{Dialect, Span};
use sqlparser::dialect::{MySqlDialect, PostgreSqlDialect, SQLiteDialect};
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Location, Token, TokenWithSpan, Tokenizer};

use std::borrow::Cow;
use std::cell::Cell;

use crate::ir::SchemaChange;
use crate::lexer::{self, TokenKind};
use crate::split::split_statements;
use crate::{ParsedFile, Statement, SyntaxError, ast, large, lower, procedural, recovery};

/// How deep sqlparser may nest on the caller's thread: one level costs
/// several large frames in a debug build, and 20 keeps a 2 MiB thread (the
/// test harness, rayon's workers) far from overflowing. A statement that
/// needs more is parsed again on a thread of its own with [`DEEP_STACK`].
const SHALLOW_LIMIT: usize = 20;

/// miglint's limit on how deep a statement may nest (subqueries,
/// parentheses, `CASE`…), in sqlparser's recursion levels; deeper statements
/// are syntax errors that name the limit.
pub const NESTING_LIMIT: usize = 250;

/// The stack of the thread that parses statements nested past
/// [`SHALLOW_LIMIT`]: enough for [`NESTING_LIMIT`] in a debug build, with
/// room to spare (only touched pages cost memory).
const DEEP_STACK: usize = 256 << 20;

/// How deep `DO` blocks may nest inside each other; the DDL of blocks nested
/// deeper is not read, and the statement gets a syntax error naming the limit.
pub const DO_NESTING_LIMIT: usize = 16;

/// Parses a whole file.
pub fn parse(text: &str, dialect: Dialect) -> ParsedFile {
    parse_range(text, Span::from_range(0..text.len()), dialect)
}

/// Parses the statements in `range` of `text` (e.g. a dbmate up section).
/// Spans in the result are offsets into `text`.
pub fn parse_range(text: &str, range: Span, dialect: Dialect) -> ParsedFile {
    ParsedFile {
        statements: statements(text, range, dialect).collect(),
    }
}

/// The statements in `range` of `text`, each parsed when the iterator
/// reaches it: a caller that handles one at a time keeps memory proportional
/// to the source however many statements it holds. Splitting is done first
/// (a span per statement).
pub fn statements(
    text: &str,
    range: Span,
    dialect: Dialect,
) -> impl ExactSizeIterator<Item = Statement> + '_ {
    split_statements(text, range, dialect)
        .into_iter()
        .map(move |span| statement_at(text, span, dialect))
}

/// The statement at `span`, one of the spans [`split_statements`] gives:
/// statements of one file can be parsed in parallel this way.
pub fn statement_at(text: &str, span: Span, dialect: Dialect) -> Statement {
    let mut statement = parse_statement(text, span, dialect);
    if statement.change == SchemaChange::Other
        && let Some(u) = recovery::utility(text, span, dialect)
    {
        statement.change = SchemaChange::Utility(u);
    }
    if let SchemaChange::CreateView { references, .. } = &mut statement.change {
        *references = view_references(text, span, dialect);
    }
    statement
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
    /// For the statement `text` that starts at byte `start` of the file.
    pub(crate) fn for_statement(statement_start: u32, text: &str) -> Self {
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
            statement_start,
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

/// Reads one top-level statement.
fn parse_statement(text: &str, span: Span, dialect: Dialect) -> Statement {
    let limit = Cell::new(None);
    let mut statement = read_statement(text, span, dialect, 0, &limit);
    if statement.error.is_none() {
        statement.error = limit.take();
    }
    statement
}

/// Reads one statement `do_depth` `DO` blocks deep; the first `DO` nesting
/// limit met is left in `limit`.
fn read_statement(
    text: &str,
    span: Span,
    dialect: Dialect,
    do_depth: usize,
    limit: &Cell<Option<SyntaxError>>,
) -> Statement {
    if large::is_large_data_statement(text, span) {
        return large::read(text, span, dialect);
    }
    let mut statement = read_with_sqlparser(text, span, dialect);
    if matches!(statement.change, SchemaChange::Other)
        && procedural::is_do_block(text, span, dialect)
    {
        if do_depth >= DO_NESTING_LIMIT {
            let first = limit.take().unwrap_or(SyntaxError {
                message: format!(
                    "more than {DO_NESTING_LIMIT} DO blocks nested in each other (a limit of miglint): the statements inside are not read"
                ),
                span,
            });
            limit.set(Some(first));
        } else {
            // sqlparser keeps a DO body as a string: read the DDL in it.
            let read =
                |inner: Span| read_statement(text, inner, dialect, do_depth + 1, limit).change;
            if let Some(change) = procedural::do_block(text, span, dialect, &read) {
                statement.change = change;
                if !statement.by_sqlparser {
                    statement.keyword = ast::change_keyword(&statement.change);
                }
            }
        }
    }
    statement
}

/// What sqlparser makes of one statement (the recovery reader's reading
/// when it rejects it). A `DO` body is not read here.
fn read_with_sqlparser(text: &str, span: Span, dialect: Dialect) -> Statement {
    let sql = postgres_line_ends(span.slice(text), dialect);
    let locator = Locator::for_statement(span.start, &sql);
    let parser_dialect = sqlparser_dialect(dialect);
    let tokens = match Tokenizer::new(parser_dialect, &sql).tokenize_with_location() {
        Ok(tokens) => tokens,
        Err(e) => {
            // Something left open (a string, a comment): flag from its start
            // to the end, in PostgreSQL's words.
            if let Some(open) = large::unclosed(text, span, dialect) {
                return failed(text, span, dialect, open.message, open.span);
            }
            let start = locator.offset(e.location);
            let error_span = start.map_or(span, |s| Span::new(s, span.end));
            return failed(text, span, dialect, e.message, error_span);
        }
    };
    if let Some(error) = zero_length_identifier(&tokens, &locator, dialect) {
        return Statement {
            error: Some(error),
            ..failed(text, span, dialect, String::new(), span)
        };
    }
    let shallow = ParseInput {
        text,
        span,
        locator: &locator,
        tokens: &tokens,
        dialect,
    };
    // sqlparser sometimes turns its depth limit into another error (a `CASE`
    // it then reads as a name): a deeply nested statement that fails is
    // parsed again with the deep limit too.
    let nesting = nesting_hint(&tokens);
    let outcome = match shallow.run(SHALLOW_LIMIT) {
        Err(ParserError::RecursionLimitExceeded) => shallow.run_on_deep_stack(),
        Err(_) if nesting >= SHALLOW_LIMIT / 4 => shallow.run_on_deep_stack(),
        outcome => outcome,
    };
    let outcome = match outcome {
        Err(ParserError::ParserError(_)) if nesting >= NESTING_LIMIT / 2 => {
            Err(ParserError::RecursionLimitExceeded)
        }
        outcome => outcome,
    };
    match outcome {
        Ok(Some(statement)) => statement,
        Ok(None) => failed(
            text,
            span,
            dialect,
            "expected one statement".to_owned(),
            span,
        ),
        Err(ParserError::RecursionLimitExceeded) => {
            let message = format!(
                "statement nested more than {NESTING_LIMIT} levels deep (subqueries, parentheses, CASE…): a limit of miglint, not of the database"
            );
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

/// How deep parentheses, brackets, `CASE … END` and runs of `NOT` nest in
/// `tokens`: a cheap lower bound of sqlparser's recursion depth.
fn nesting_hint(tokens: &[TokenWithSpan]) -> usize {
    let (mut depth, mut cases, mut max, mut nots) = (0usize, 0usize, 0usize, 0usize);
    for t in tokens {
        let is_not = matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("NOT"));
        if is_not {
            nots += 1;
        } else if !matches!(t.token, Token::Whitespace(_)) {
            nots = 0;
        }
        match &t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("CASE") => {
                depth += 1;
                cases += 1;
            }
            Token::Word(w)
                if cases > 0 && w.quote_style.is_none() && w.value.eq_ignore_ascii_case("END") =>
            {
                depth = depth.saturating_sub(1);
                cases -= 1;
            }
            _ => {}
        }
        max = max.max(depth + nots);
    }
    max
}

/// PostgreSQL ends a `--` comment at a lone CR, sqlparser only at LF: give it
/// LF there (same length, so offsets hold).
fn postgres_line_ends(sql: &str, dialect: Dialect) -> Cow<'_, str> {
    let bytes = sql.as_bytes();
    let lone_cr = |i: usize| bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) != Some(&b'\n');
    if dialect != Dialect::Postgres || !(0..bytes.len()).any(lone_cr) {
        return Cow::Borrowed(sql);
    }
    let mut fixed = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        fixed.push(if c == '\r' && chars.peek() != Some(&'\n') {
            '\n'
        } else {
            c
        });
    }
    Cow::Owned(fixed)
}

/// PostgreSQL rejects `""`; sqlparser takes it for an empty name.
fn zero_length_identifier(
    tokens: &[TokenWithSpan],
    locator: &Locator,
    dialect: Dialect,
) -> Option<SyntaxError> {
    if dialect != Dialect::Postgres {
        return None;
    }
    let empty = tokens.iter().find(
        |t| matches!(&t.token, Token::Word(w) if w.quote_style == Some('"') && w.value.is_empty()),
    )?;
    Some(SyntaxError {
        message: "zero-length delimited identifier".to_owned(),
        span: locator.span(empty.span)?,
    })
}

/// One statement's tokens, ready for sqlparser.
#[derive(Clone, Copy)]
struct ParseInput<'a> {
    text: &'a str,
    span: Span,
    locator: &'a Locator,
    tokens: &'a [TokenWithSpan],
    dialect: Dialect,
}

impl ParseInput<'_> {
    /// Parses and lowers; `Ok(None)` when the text holds more or fewer than
    /// one statement. sqlparser's tree is dropped here, on the thread that
    /// built it (dropping a deep tree recurses as deeply as building it).
    fn run(self, recursion_limit: usize) -> Result<Option<Statement>, ParserError> {
        let mut statements = Parser::new(sqlparser_dialect(self.dialect))
            .with_recursion_limit(recursion_limit)
            .with_tokens_with_locations(self.tokens.to_vec())
            .parse_statements()?;
        if statements.len() != 1 {
            return Ok(None);
        }
        Ok(statements.pop().map(|ast| self.statement(&ast)))
    }

    fn statement(self, ast: &sqlparser::ast::Statement) -> Statement {
        let change = lower::lower(
            ast,
            self.text,
            self.span,
            self.locator,
            self.tokens,
            self.dialect,
        );
        Statement {
            span: self.span,
            change,
            error: None,
            keyword: ast::keyword(ast),
            touches_every_row: ast::touches_every_row(ast),
            by_sqlparser: true,
            facts: ast::TreeFacts::of(ast),
        }
    }

    /// [`Self::run`] with [`NESTING_LIMIT`] on a thread with a stack deep
    /// enough for it. Rare: only statements nested past [`SHALLOW_LIMIT`].
    fn run_on_deep_stack(self) -> Result<Option<Statement>, ParserError> {
        std::thread::scope(|scope| {
            std::thread::Builder::new()
                .name("miglint-deep-parse".to_owned())
                .stack_size(DEEP_STACK)
                .spawn_scoped(scope, move || self.run(NESTING_LIMIT))
                .ok()
                .and_then(|thread| thread.join().ok())
                // No thread (or it died): report the statement as too deep.
                .unwrap_or(Err(ParserError::RecursionLimitExceeded))
        })
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
    let blanked = recovery::blank_clauses_sqlparser_lacks(text, span, dialect)?;
    let blanked = postgres_line_ends(&blanked, dialect);
    let tokens = Tokenizer::new(sqlparser_dialect(dialect), &blanked)
        .tokenize_with_location()
        .ok()?;
    let locator = Locator::for_statement(span.start, &blanked);
    let input = ParseInput {
        text,
        span,
        locator: &locator,
        tokens: &tokens,
        dialect,
    };
    input.run(SHALLOW_LIMIT).ok().flatten()
}

fn failed(
    text: &str,
    span: Span,
    dialect: Dialect,
    message: String,
    error_span: Span,
) -> Statement {
    // One reading gives both: a valid form sqlparser lacks is no error, and
    // what any statement does to the schema is read as far as it can be.
    let recovery::Recovered { change, valid } = recovery::read(text, span, dialect);
    let error = (!valid).then_some(SyntaxError {
        message: short_message(&message),
        span: error_span,
    });
    Statement {
        span,
        keyword: ast::change_keyword(&change),
        change,
        error,
        touches_every_row: None,
        by_sqlparser: false,
        facts: None,
    }
}

/// How much of the offending token a message quotes.
const QUOTED_CHARS: usize = 40;

/// The message with the token it quotes after `found: ` cut to the first
/// line and [`QUOTED_CHARS`] characters: the span already points at it, and
/// a function body is no message.
fn short_message(message: &str) -> String {
    let Some((head, found)) = message.split_once("found: ") else {
        return message.to_owned();
    };
    let line = found.lines().next().unwrap_or("");
    let mut quoted: String = line.chars().take(QUOTED_CHARS).collect();
    if quoted.len() < found.len() {
        quoted.push('…');
    }
    format!("{head}found: {quoted}")
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
    fn syntax_errors_quote_one_short_line() {
        let body = format!("$a$ BEGIN\n{}\nEND $a$", "PERFORM 1;\n".repeat(300));
        let sql = format!("CREATE TABLE t (a int) {body}");
        let parsed = parse(&sql, Dialect::Postgres);
        let error = parsed
            .statements
            .first()
            .and_then(|s| s.error.clone())
            .unwrap();
        assert!(error.message.chars().count() < 200, "{}", error.message);
        assert!(!error.message.contains('\n'), "{}", error.message);
        assert!(
            error.message.contains("found: $a$ BEGIN…"),
            "{}",
            error.message
        );
        assert_eq!(short_message("found: abc"), "found: abc");
        assert_eq!(
            short_message("expected x, found: a\nb"),
            "expected x, found: a…"
        );
    }

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
