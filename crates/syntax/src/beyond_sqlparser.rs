//! Statement forms the databases accept but sqlparser (0.64) does not parse.
//!
//! A statement sqlparser rejects is a syntax error unless it matches one of
//! these small grammars exactly; then it is not reported, and its effect on
//! the schema comes from the fallback recogniser. Each grammar follows the
//! database's documentation for that statement and nothing looser, so a typo
//! in one of these forms is still a syntax error.

use miglint_source::{Dialect, Span};

use crate::lexer::{Token, TokenKind, tokenize};

mod postgres;

/// Whether the statement at `span` is a valid form sqlparser cannot read.
pub(crate) fn is_valid_form_sqlparser_lacks(text: &str, span: Span, dialect: Dialect) -> bool {
    let tokens: Vec<Token> = tokenize(text, span, dialect)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let mut reader = Reader {
        text,
        tokens: &tokens,
        pos: 0,
    };
    match dialect {
        Dialect::Sqlite => reader.pragma(),
        Dialect::Postgres => {
            reader.clone().do_block()
                || reader.clone().drop_index_concurrently()
                || reader.clone().reindex()
                || reader.clone().alter_sequence()
                || reader.clone().statistics()
                || reader.clone().alter_type_set_schema()
                || crate::utility::is_maintenance_form(text, span, dialect)
                || reader.clone().postgres_form()
        }
        Dialect::MySql => false,
    }
}

/// The statement at `span` with the clauses sqlparser lacks replaced by
/// spaces (so every other byte keeps its offset), or `None` when it has none.
/// The clauses carry no schema change: `COST n` / `ROWS n` / `[NOT] LEAKPROOF`
/// / `SUPPORT f` of a function, `COLLATE c` after a column type in `ALTER
/// TABLE`, `ALTER TABLE` actions that leave the catalog as it is (`ALTER
/// CONSTRAINT`, `SET STATISTICS`…) beside others, `LIKE`'s `INCLUDING x`,
/// `CREATE INDEX … ON ONLY`, a view's `RECURSIVE`, `WITH (options)`, `WITH
/// CHECK OPTION` and `WITH [NO] DATA`. `CREATE PROCEDURE` is read as the
/// function it is (the keyword is rewritten in place).
pub(crate) fn blank_clauses_sqlparser_lacks(
    text: &str,
    span: Span,
    dialect: Dialect,
) -> Option<String> {
    if dialect != Dialect::Postgres {
        return None;
    }
    let tokens: Vec<Token> = tokenize(text, span, dialect)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let word = |i: usize, w: &str| tokens.get(i).is_some_and(|t| t.is_word(text, w));
    let kind = |i: usize, k: TokenKind| tokens.get(i).is_some_and(|t| t.kind == k);
    let punct = |i: usize, p: &str| tokens.get(i).is_some_and(|t| t.is_punct(text, p));
    let or_replace = usize::from(word(1, "OR") && word(2, "REPLACE")) * 2;
    let function = word(0, "CREATE")
        && (word(1 + or_replace, "FUNCTION") || word(1 + or_replace, "PROCEDURE"));
    let alter_table = word(0, "ALTER") && word(1, "TABLE");
    let create_table = word(0, "CREATE") && (1..4).any(|i| word(i, "TABLE"));
    let create_index = word(0, "CREATE") && (word(1, "INDEX") || word(2, "INDEX"));
    let view_at = (1..6)
        .find(|&i| word(i, "VIEW"))
        .filter(|_| word(0, "CREATE"));
    let materialized = view_at.is_some_and(|i| word(i - 1, "MATERIALIZED"));
    // (first token, last token, replacement of the same length or blanks).
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    if function && word(1 + or_replace, "PROCEDURE") {
        edits.push((1 + or_replace, 1 + or_replace, "FUNCTION "));
    }
    if alter_table {
        edits.extend(blank_table_actions(text, &tokens));
    }
    if let Some(view) = view_at {
        if word(view - 1, "RECURSIVE") {
            edits.push((view - 1, view - 1, ""));
        }
        // `WITH (options)` between the name (and columns) and `AS`.
        let mut i = view + 1;
        let mut depth = 0i32;
        while i < tokens.len() && !(depth == 0 && word(i, "AS")) {
            if depth == 0 && word(i, "WITH") && punct(i + 1, "(") {
                let close = close_of(text, &tokens, i + 1)?;
                edits.push((i, close, ""));
                i = close + 1;
                continue;
            }
            depth += i32::from(punct(i, "(")) - i32::from(punct(i, ")"));
            i += 1;
        }
        let n = tokens.len();
        if n >= 3 && word(n - 2, "CHECK") && word(n - 1, "OPTION") {
            let with = if word(n - 3, "LOCAL") || word(n - 3, "CASCADED") {
                n - 4
            } else {
                n - 3
            };
            if word(with, "WITH") {
                edits.push((with, n - 1, ""));
            }
        }
        if materialized && n >= 3 && word(n - 1, "DATA") {
            let with = if word(n - 2, "NO") { n - 3 } else { n - 2 };
            if word(with, "WITH") {
                edits.push((with, n - 1, ""));
            }
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        // How many tokens the clause at `i` spans (0: none starts here).
        let two_word_clause = function
            && ((word(i, "COST") || word(i, "ROWS")) && kind(i + 1, TokenKind::Number)
                || word(i, "NOT") && word(i + 1, "LEAKPROOF")
                || word(i, "SUPPORT") && kind(i + 1, TokenKind::Word))
            || alter_table
                && word(i, "COLLATE")
                && (kind(i + 1, TokenKind::Word) || kind(i + 1, TokenKind::QuotedIdent))
            || create_table
                && (word(i, "INCLUDING") || word(i, "EXCLUDING"))
                && kind(i + 1, TokenKind::Word);
        let clause = if two_word_clause {
            2
        } else {
            usize::from(
                function && word(i, "LEAKPROOF")
                    || create_index && i > 0 && word(i - 1, "ON") && word(i, "ONLY"),
            )
        };
        if clause > 0 {
            edits.push((i, i + clause - 1, ""));
        }
        i += clause.max(1);
    }
    if edits.is_empty() {
        return None;
    }
    let mut sql = span.slice(text).to_owned().into_bytes();
    for (first, last, replacement) in edits {
        let (first, last) = (tokens.get(first)?, tokens.get(last)?);
        let from = first.span.start.checked_sub(span.start)? as usize;
        let to = last.span.end.checked_sub(span.start)? as usize;
        let bytes = sql.get_mut(from..to)?;
        // Only ASCII is replaced, so character columns stay where they were.
        if !bytes.is_ascii() || replacement.len() > bytes.len() {
            return None;
        }
        bytes.fill(b' ');
        bytes
            .get_mut(..replacement.len())?
            .copy_from_slice(replacement.as_bytes());
    }
    String::from_utf8(sql).ok()
}

/// The index of the `)` that closes the `(` at `open`.
fn close_of(text: &str, tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.is_punct(text, "(") {
            depth += 1;
        } else if t.is_punct(text, ")") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// The `ALTER TABLE` actions that sqlparser lacks and that leave the catalog
/// as it is, each with the comma that joins it to the others, when at least
/// one other action is left for sqlparser to read.
fn blank_table_actions<'t>(text: &str, tokens: &[Token]) -> Vec<(usize, usize, &'t str)> {
    let mut reader = Reader {
        text,
        tokens,
        pos: 0,
    };
    if !reader.alter_table_head() {
        return Vec::new();
    }
    // (first token, last token, blankable) of each action.
    let mut actions: Vec<(usize, usize, bool)> = Vec::new();
    loop {
        let start = reader.pos;
        let blank = reader.clone().lacking_table_action() == Some(true);
        let mut depth = 0i32;
        while let Some(t) = reader.peek() {
            if depth == 0 && t.is_punct(text, ",") {
                break;
            }
            depth += i32::from(t.is_punct(text, "(")) - i32::from(t.is_punct(text, ")"));
            reader.pos += 1;
        }
        if reader.pos == start {
            return Vec::new();
        }
        actions.push((start, reader.pos - 1, blank));
        if !reader.punct(",") {
            break;
        }
    }
    if actions.iter().all(|a| a.2) {
        return Vec::new();
    }
    let first_kept = actions.iter().position(|a| !a.2).unwrap_or(0);
    actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.2)
        .map(|(n, &(first, last, _))| {
            // Before the first kept action, take the comma after; else the one before.
            if n < first_kept {
                (first, last + 1, "")
            } else {
                (first - 1, last, "")
            }
        })
        .collect()
}

#[derive(Clone)]
struct Reader<'a> {
    text: &'a str,
    tokens: &'a [Token],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn done(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn eat(&mut self, word: &str) -> bool {
        let found = self.peek().is_some_and(|t| t.is_word(self.text, word));
        self.pos += usize::from(found);
        found
    }

    fn eat_all(&mut self, words: &[&str]) -> bool {
        let start = self.pos;
        if words.iter().all(|w| self.eat(w)) {
            return true;
        }
        self.pos = start;
        false
    }

    fn punct(&mut self, punct: &str) -> bool {
        let found = self.peek().is_some_and(|t| t.is_punct(self.text, punct));
        self.pos += usize::from(found);
        found
    }

    fn kind(&mut self, kinds: &[TokenKind]) -> bool {
        let found = self.peek().is_some_and(|t| kinds.contains(&t.kind));
        self.pos += usize::from(found);
        found
    }

    fn name(&mut self) -> bool {
        self.kind(&[TokenKind::Word, TokenKind::QuotedIdent])
    }

    /// `name` or `schema.name` (or `a.b.c`).
    fn qualified_name(&mut self) -> bool {
        if !self.name() {
            return false;
        }
        while self.punct(".") {
            if !self.name() {
                return false;
            }
        }
        true
    }

    /// A signed number.
    fn number(&mut self) -> bool {
        let start = self.pos;
        let _ = self.punct("-") || self.punct("+");
        if self.kind(&[TokenKind::Number]) {
            return true;
        }
        self.pos = start;
        false
    }

    /// SQLite `PRAGMA [schema.]name [= value | (value)]`.
    fn pragma(&mut self) -> bool {
        if !self.eat("PRAGMA") || !self.qualified_name() {
            return false;
        }
        if self.done() {
            return true;
        }
        let value = |r: &mut Self| {
            r.number() || r.kind(&[TokenKind::Word, TokenKind::String, TokenKind::QuotedIdent])
        };
        if self.punct("=") {
            return value(self) && self.done();
        }
        self.punct("(") && value(self) && self.punct(")") && self.done()
    }

    /// PostgreSQL `DO [LANGUAGE lang] 'body' [LANGUAGE lang]` with a
    /// terminated dollar-quoted or string body.
    fn do_block(&mut self) -> bool {
        if !self.eat("DO") {
            return false;
        }
        let language = |r: &mut Self| !r.eat("LANGUAGE") || r.name();
        if !language(self) {
            return false;
        }
        let Some(body) = self.peek() else {
            return false;
        };
        if !matches!(body.kind, TokenKind::DollarString | TokenKind::String)
            || !is_terminated(self.text, body)
        {
            return false;
        }
        self.pos += 1;
        language(self) && self.done()
    }

    /// PostgreSQL `DROP INDEX CONCURRENTLY [IF EXISTS] name [, …] [CASCADE | RESTRICT]`.
    fn drop_index_concurrently(&mut self) -> bool {
        if !self.eat_all(&["DROP", "INDEX", "CONCURRENTLY"]) {
            return false;
        }
        self.eat_all(&["IF", "EXISTS"]);
        if !self.qualified_name() {
            return false;
        }
        while self.punct(",") {
            if !self.qualified_name() {
                return false;
            }
        }
        let _ = self.eat("CASCADE") || self.eat("RESTRICT");
        self.done()
    }

    /// PostgreSQL `REINDEX [(options)] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM}
    /// [CONCURRENTLY] name` (the name is required up to PostgreSQL 15).
    fn reindex(&mut self) -> bool {
        if !self.eat("REINDEX") {
            return false;
        }
        if self.punct("(") && !self.skip_to_close() {
            return false;
        }
        let target = ["INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM"]
            .iter()
            .any(|w| self.eat(w));
        if !target {
            return false;
        }
        self.eat("CONCURRENTLY");
        self.qualified_name() && self.done()
    }

    /// PostgreSQL `ALTER SEQUENCE [IF EXISTS] name option …`.
    fn alter_sequence(&mut self) -> bool {
        if !self.eat_all(&["ALTER", "SEQUENCE"]) {
            return false;
        }
        self.eat_all(&["IF", "EXISTS"]);
        if !self.qualified_name() || self.done() {
            return false;
        }
        while !self.done() {
            let ok = if self.eat_all(&["RENAME", "TO"]) || self.eat_all(&["SET", "SCHEMA"]) {
                self.name()
            } else if self.eat_all(&["OWNED", "BY"]) {
                self.eat("NONE") || self.qualified_name()
            } else if self.eat_all(&["OWNER", "TO"]) || self.eat("AS") {
                self.name()
            } else if self.eat_all(&["SET", "LOGGED"]) || self.eat_all(&["SET", "UNLOGGED"]) {
                true
            } else if self.eat("RESTART") {
                // `RESTART` alone, or `RESTART [WITH] n`.
                if self.eat("WITH") {
                    self.number()
                } else {
                    let _ = self.number();
                    true
                }
            } else if self.eat("INCREMENT") {
                let _ = self.eat("BY");
                self.number()
            } else if self.eat("START") {
                let _ = self.eat("WITH");
                self.number()
            } else if self.eat("MINVALUE") || self.eat("MAXVALUE") || self.eat("CACHE") {
                self.number()
            } else if self.eat("NO") {
                self.eat("MINVALUE") || self.eat("MAXVALUE") || self.eat("CYCLE")
            } else {
                self.eat("CYCLE")
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// PostgreSQL `CREATE STATISTICS [IF NOT EXISTS] name [(kinds)] ON
    /// columns FROM table` and `DROP STATISTICS [IF EXISTS] name [, …]
    /// [CASCADE | RESTRICT]`.
    fn statistics(&mut self) -> bool {
        if self.eat_all(&["DROP", "STATISTICS"]) {
            self.eat_all(&["IF", "EXISTS"]);
            if !self.qualified_name() {
                return false;
            }
            while self.punct(",") {
                if !self.qualified_name() {
                    return false;
                }
            }
            let _ = self.eat("CASCADE") || self.eat("RESTRICT");
            return self.done();
        }
        if !self.eat_all(&["CREATE", "STATISTICS"]) {
            return false;
        }
        self.eat_all(&["IF", "NOT", "EXISTS"]);
        if !self.qualified_name() {
            return false;
        }
        if self.punct("(") && !self.skip_to_close() {
            return false;
        }
        if !self.eat("ON") {
            return false;
        }
        // Columns or expressions, up to FROM at depth 0.
        let mut depth = 0i32;
        while let Some(token) = self.peek() {
            if depth == 0 && token.is_word(self.text, "FROM") {
                break;
            }
            if token.is_punct(self.text, "(") {
                depth += 1;
            } else if token.is_punct(self.text, ")") {
                depth -= 1;
            }
            self.pos += 1;
        }
        self.eat("FROM") && self.qualified_name() && self.done()
    }

    /// PostgreSQL `ALTER TYPE name SET SCHEMA schema`.
    fn alter_type_set_schema(&mut self) -> bool {
        self.eat_all(&["ALTER", "TYPE"])
            && self.qualified_name()
            && self.eat_all(&["SET", "SCHEMA"])
            && self.name()
            && self.done()
    }

    /// After an opening parenthesis: skips to just past its closing one.
    fn skip_to_close(&mut self) -> bool {
        let mut depth = 1i32;
        while let Some(token) = self.peek() {
            self.pos += 1;
            if token.is_punct(self.text, "(") {
                depth += 1;
            } else if token.is_punct(self.text, ")") {
                depth -= 1;
                if depth == 0 {
                    return true;
                }
            }
        }
        false
    }
}

/// A quoted token whose closing quote is present.
fn is_terminated(text: &str, token: Token) -> bool {
    let raw = token.text(text);
    match token.kind {
        TokenKind::DollarString => {
            let tag_end = raw.get(1..).and_then(|r| r.find('$')).map(|i| i + 2);
            tag_end
                .is_some_and(|n| raw.len() >= 2 * n && raw.ends_with(raw.get(..n).unwrap_or("\0")))
        }
        TokenKind::String => raw.len() >= 2 && raw.ends_with('\''),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(sql: &str, dialect: Dialect) -> bool {
        is_valid_form_sqlparser_lacks(sql, Span::from_range(0..sql.len()), dialect)
    }

    #[test]
    fn forms_the_databases_accept() {
        let sqlite = [
            "PRAGMA foreign_keys=OFF",
            "PRAGMA foreign_keys = ON",
            "PRAGMA main.journal_mode = WAL",
            "PRAGMA defer_foreign_keys=ON",
            "PRAGMA user_version = 3",
            "PRAGMA table_info(\"users\")",
            "PRAGMA optimize",
        ];
        for sql in sqlite {
            assert!(valid(sql, Dialect::Sqlite), "{sql}");
        }
        let postgres = [
            "DO $$ BEGIN CREATE TYPE \"t\" AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$",
            "DO LANGUAGE plpgsql $body$ BEGIN NULL; END $body$",
            "DO 'BEGIN NULL; END'",
            "DROP INDEX CONCURRENTLY IF EXISTS \"a_idx\"",
            "DROP INDEX CONCURRENTLY public.a_idx, b_idx CASCADE",
            "REINDEX TABLE local_user",
            "REINDEX (VERBOSE) INDEX CONCURRENTLY \"a_idx\"",
            "REINDEX SYSTEM postgres",
            "ALTER SEQUENCE user__id_seq RENAME TO person_id_seq",
            "ALTER SEQUENCE IF EXISTS s RESTART WITH 1 INCREMENT BY 2 NO CYCLE",
            "ALTER SEQUENCE s OWNED BY t.id",
            "ALTER SEQUENCE s AS bigint MAXVALUE 9223372036854775807",
            "CREATE STATISTICS s (dependencies) ON a, b FROM t",
            "CREATE STATISTICS IF NOT EXISTS s ON (lower(a)), b FROM public.t",
            "DROP STATISTICS IF EXISTS s, t CASCADE",
            "ALTER TABLE comment_aggregates ALTER CONSTRAINT c_fkey INITIALLY DEFERRED",
            "ALTER TABLE ONLY t ALTER CONSTRAINT c NOT DEFERRABLE INITIALLY IMMEDIATE",
            "ALTER TABLE t ALTER CONSTRAINT a INITIALLY DEFERRED, ALTER CONSTRAINT b INITIALLY DEFERRED",
            "ALTER TYPE public.moderation_system SET SCHEMA upchieve",
        ];
        for sql in postgres {
            assert!(valid(sql, Dialect::Postgres), "{sql}");
        }
    }

    /// Each of these was checked against PostgreSQL 15 or SQLite 3, which reject them.
    #[test]
    fn typos_stay_syntax_errors() {
        let sqlite = [
            "PRAGMA",
            "PRAGMA foreign_keys = ",
            "PRAGMA a = b c",
            "PRAGMA a(1",
        ];
        for sql in sqlite {
            assert!(!valid(sql, Dialect::Sqlite), "{sql}");
        }
        let postgres = [
            "DO $$ BEGIN NULL; END",
            "DO",
            "DO $$ BEGIN NULL; END $$ extra",
            "DROP INDEX CONCURRENTLY",
            "DROP INDEX CONCURRENTLY a b",
            "REINDEX",
            "REINDEX TABLES t",
            "REINDEX SYSTEM",
            "ALTER SEQUENCE s",
            "ALTER SEQUENCE s RESTART WITH",
            "ALTER SEQUENCE s INCREMENT BY x",
            "CREATE STATISTICS s ON a",
            "DROP STATISTICS",
            "ALTER TABLE t ALTER CONSTRAINT c INITIALLY LATER",
            "ALTER TABLE t ALTER CONSTRAINT a INITIALLY DEFERRED,",
            "ALTER TYPE t SET SCHEMA",
        ];
        for sql in postgres {
            assert!(!valid(sql, Dialect::Postgres), "{sql}");
        }
        // PRAGMA is SQLite's; elsewhere it stays an error.
        assert!(!valid("PRAGMA foreign_keys=OFF", Dialect::Postgres));
        assert!(!valid("PRAGMA foreign_keys=OFF", Dialect::MySql));
    }
}
