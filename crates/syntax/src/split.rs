//! Splitting a file into statements without parsing them.
//!
//! A `;` ends a statement only at top level: strings, quoted identifiers,
//! comments and dollar quotes are single tokens, and the bodies of triggers,
//! MySQL routines and PostgreSQL `BEGIN ATOMIC` functions are tracked as
//! `BEGIN … END` blocks. MySQL client `DELIMITER` lines and psql backslash
//! commands are client directives, not statements, and are dropped.

use miglint_source::{Dialect, Span};

use crate::lexer::{DRIZZLE_BREAKPOINT, Lexer, Token, TokenKind};

#[cfg(test)]
mod corpus_tests;

/// The spans of the statements in `range` of `text`: each from its first
/// token to its last, without the `;` and without surrounding trivia.
pub fn split_statements(text: &str, range: Span, dialect: Dialect) -> Vec<Span> {
    let mut splitter = Splitter {
        text,
        dialect,
        lexer: Lexer::new(text, range, dialect),
        delimiter: None,
        current: Current::default(),
        statements: Vec::new(),
    };
    splitter.run();
    splitter.statements
}

/// Words after `CREATE` that introduce an object with a procedural body.
const BODY_OBJECTS: [&str; 4] = ["TRIGGER", "FUNCTION", "PROCEDURE", "EVENT"];
/// Words after `CREATE` that rule a body out.
const PLAIN_OBJECTS: [&str; 14] = [
    "TABLE",
    "INDEX",
    "VIEW",
    "TYPE",
    "SCHEMA",
    "SEQUENCE",
    "EXTENSION",
    "DOMAIN",
    "DATABASE",
    "POLICY",
    "RULE",
    "ROLE",
    "USER",
    "UNIQUE",
];
/// `END` followed by one of these closes a block the splitter does not count.
const UNCOUNTED_ENDS: [&str; 5] = ["IF", "LOOP", "WHILE", "REPEAT", "FOR"];

/// The statement being read.
#[derive(Default)]
struct Current {
    start: Option<usize>,
    end: usize,
    significant: usize,
    /// The statement began with `CREATE` and its object kind is not known yet.
    in_create_head: bool,
    /// A trigger, function, procedure or event: `BEGIN` may open a body.
    body_capable: bool,
    depth: usize,
    previous_was_end: bool,
}

struct Splitter<'a> {
    text: &'a str,
    dialect: Dialect,
    lexer: Lexer<'a>,
    /// A MySQL client delimiter other than `;`.
    delimiter: Option<String>,
    current: Current,
    statements: Vec<Span>,
}

impl Splitter<'_> {
    fn run(&mut self) {
        while let Some(token) = self.lexer.next() {
            if token.kind == TokenKind::LineComment
                && token.text(self.text).starts_with(DRIZZLE_BREAKPOINT)
            {
                // The runner sends each piece on its own: the piece ends here.
                self.finish();
                continue;
            }
            if token.kind.is_trivia() {
                continue;
            }
            if self.current.start.is_none() && self.client_directive(token) {
                continue;
            }
            if self.delimiter.is_some() {
                self.custom_delimited(token);
                continue;
            }
            if token.is_punct(self.text, ";") && self.current.depth == 0 {
                self.finish();
                continue;
            }
            self.extend(token.span.start as usize, token.span.end as usize);
            self.track_blocks(token);
        }
        // An unclosed `/*` is an error in the statement it ends (or one of its
        // own), not trivia that hides the rest of the file.
        if let Some(open) = self.lexer.unclosed()
            && open.kind == TokenKind::BlockComment
        {
            self.extend(open.span.start as usize, open.span.end as usize);
        }
        self.finish();
    }

    /// Skips a MySQL `DELIMITER x` line or a psql `\command` line.
    fn client_directive(&mut self, token: Token) -> bool {
        let start = token.span.start as usize;
        let is_delimiter = self.dialect == Dialect::MySql
            && token.is_word(self.text, "DELIMITER")
            && self
                .text
                .as_bytes()
                .get(token.span.end as usize)
                .is_some_and(|b| *b == b' ' || *b == b'\t');
        let is_psql_command = self.dialect == Dialect::Postgres && token.is_punct(self.text, "\\");
        if !is_delimiter && !is_psql_command {
            return false;
        }
        let rest = self.text.get(start..self.lexer.end()).unwrap_or("");
        let line_end = start + rest.find('\n').unwrap_or(rest.len());
        if is_delimiter {
            let argument = self
                .text
                .get(token.span.end as usize..line_end)
                .unwrap_or("")
                .split_whitespace()
                .next()
                .unwrap_or(";");
            self.delimiter = (argument != ";").then(|| argument.to_owned());
        }
        self.lexer.seek(line_end);
        true
    }

    /// With a custom delimiter only the delimiter ends a statement; it may
    /// be glued to a word (`END$$`) or span several punctuation tokens (`//`).
    fn custom_delimited(&mut self, token: Token) {
        let Some(delimiter) = self.delimiter.as_deref() else {
            return;
        };
        let start = token.span.start as usize;
        let found = match token.kind {
            TokenKind::Word | TokenKind::Number | TokenKind::Parameter => {
                token.text(self.text).find(delimiter).map(|i| start + i)
            }
            TokenKind::Punct => self
                .text
                .get(start..self.lexer.end())
                .is_some_and(|rest| rest.starts_with(delimiter))
                .then_some(start),
            _ => None,
        };
        match found {
            Some(at) => {
                let resume = at + delimiter.len();
                if at > start {
                    self.extend(start, at);
                }
                self.finish();
                self.lexer.seek(resume);
            }
            None => self.extend(start, token.span.end as usize),
        }
    }

    fn extend(&mut self, start: usize, end: usize) {
        if self.current.start.is_none() {
            self.current.start = Some(start);
        }
        self.current.end = end;
    }

    fn finish(&mut self) {
        let current = std::mem::take(&mut self.current);
        if let Some(start) = current.start {
            self.statements.push(Span::from_range(start..current.end));
        }
    }

    fn next_word_is(&self, words: &[&str]) -> bool {
        let mut look = self.lexer;
        look.next_significant()
            .is_some_and(|t| words.iter().any(|w| t.is_word(self.text, w)))
    }

    /// Follows `BEGIN … END` bodies (and `CASE … END` inside them) of
    /// statements that can have one, so that their inner `;` do not split.
    fn track_blocks(&mut self, token: Token) {
        let text = self.text;
        let is = |word: &str| token.is_word(text, word);
        let current = &mut self.current;
        current.significant += 1;
        if current.significant == 1 {
            current.in_create_head = is("CREATE");
        } else if current.in_create_head {
            if BODY_OBJECTS.iter().any(|w| is(w)) {
                current.body_capable = true;
                current.in_create_head = false;
            } else if PLAIN_OBJECTS.iter().any(|w| is(w))
                || token.is_punct(text, "(")
                || current.significant > 16
            {
                current.in_create_head = false;
            }
        }
        let previous_was_end = std::mem::replace(&mut current.previous_was_end, is("END"));
        if !current.body_capable || token.kind != TokenKind::Word {
            return;
        }
        if is("BEGIN") {
            // PostgreSQL bodies are strings, except SQL-standard `BEGIN ATOMIC`.
            if self.dialect != Dialect::Postgres || self.next_word_is(&["ATOMIC"]) {
                self.current.depth += 1;
            }
        } else if is("CASE") && self.current.depth > 0 && !previous_was_end {
            self.current.depth += 1;
        } else if is("END") && self.current.depth > 0 && !self.next_word_is(&UNCOUNTED_ENDS) {
            self.current.depth -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(sql: &str, dialect: Dialect) -> Vec<&str> {
        split_statements(sql, Span::from_range(0..sql.len()), dialect)
            .into_iter()
            .map(|s| s.slice(sql))
            .collect()
    }

    #[test]
    fn drops_empty_statements_and_trivia() {
        let sql = "-- header\n;; /* only */ ;\nSELECT 1 -- trailing\n;\n\n  SELECT 2 /* c */";
        assert_eq!(split(sql, Dialect::Postgres), vec!["SELECT 1", "SELECT 2"]);
        assert!(split("", Dialect::Sqlite).is_empty());
        assert!(split("  -- x\n/* y */ ; ", Dialect::MySql).is_empty());
    }

    #[test]
    fn semicolons_inside_strings_and_identifiers() {
        let sql = "INSERT INTO t VALUES ('a;b', 'it''s;'); SELECT \"x;y\" FROM t";
        assert_eq!(
            split(sql, Dialect::Postgres),
            vec![
                "INSERT INTO t VALUES ('a;b', 'it''s;')",
                "SELECT \"x;y\" FROM t"
            ]
        );
        let mysql = r#"INSERT INTO t VALUES ('a\';b', "c;\"d"); SELECT `a;b`"#;
        assert_eq!(
            split(mysql, Dialect::MySql),
            vec![r#"INSERT INTO t VALUES ('a\';b', "c;\"d")"#, "SELECT `a;b`"]
        );
        let pg_e = r"SELECT E'a\';b'; SELECT 'c\'; SELECT 2";
        assert_eq!(
            split(pg_e, Dialect::Postgres),
            vec![r"SELECT E'a\';b'", r"SELECT 'c\'", "SELECT 2"]
        );
        assert_eq!(
            split("SELECT [a;b] FROM t; X", Dialect::Sqlite),
            vec!["SELECT [a;b] FROM t", "X"]
        );
    }

    #[test]
    fn dollar_quotes_and_do_blocks() {
        let sql = "CREATE FUNCTION f() RETURNS trigger AS $body$\nBEGIN\n  NEW.x := 1; RETURN NEW;\nEND;\n$body$ LANGUAGE plpgsql;\nDO $$ BEGIN CREATE TYPE \"R\" AS ENUM ('a'); EXCEPTION WHEN duplicate_object THEN null; END $$;\nSELECT $1;";
        let parts = split(sql, Dialect::Postgres);
        assert_eq!(parts.len(), 3, "{parts:#?}");
        assert!(parts[0].ends_with("LANGUAGE plpgsql"));
        assert!(parts[1].starts_with("DO $$") && parts[1].ends_with("END $$"));
        assert_eq!(parts[2], "SELECT $1");
    }

    #[test]
    fn nested_comments_in_postgres_only() {
        let sql = "/* a /* b; */ c; */ SELECT 1; SELECT 2";
        assert_eq!(split(sql, Dialect::Postgres), vec!["SELECT 1", "SELECT 2"]);
        // SQLite ends the comment at the first `*/`.
        assert_eq!(
            split(sql, Dialect::Sqlite),
            vec!["c", "*/ SELECT 1", "SELECT 2"]
        );
    }

    #[test]
    fn trigger_bodies() {
        let sqlite = "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET x = CASE WHEN 1 THEN 2 ELSE 3 END;\n  DELETE FROM u;\nEND;\nCREATE TABLE z (a)";
        let parts = split(sqlite, Dialect::Sqlite);
        assert_eq!(parts.len(), 2, "{parts:#?}");
        assert!(parts[0].ends_with("DELETE FROM u;\nEND"));
        assert_eq!(parts[1], "CREATE TABLE z (a)");

        let mysql = "CREATE DEFINER=`root`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n IF NEW.a IS NULL THEN SET NEW.a = 1; END IF;\n CASE NEW.b WHEN 1 THEN SET NEW.c = 2; ELSE BEGIN END; END CASE;\nEND; SELECT 1";
        let parts = split(mysql, Dialect::MySql);
        assert_eq!(parts.len(), 2, "{parts:#?}");
        assert_eq!(parts[1], "SELECT 1");
    }

    #[test]
    fn mysql_procedure_with_loops() {
        let sql = "CREATE PROCEDURE p()\nBEGIN\n  DECLARE i INT DEFAULT 0;\n  l: LOOP\n    SET i = i + 1;\n    IF i > 3 THEN LEAVE l; END IF;\n  END LOOP l;\n  WHILE i > 0 DO SET i = i - 1; END WHILE;\nEND;\nCALL p();";
        assert_eq!(split(sql, Dialect::MySql).len(), 2);
    }

    #[test]
    fn postgres_begin_atomic() {
        let sql = "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC\n  SELECT CASE WHEN a > 0 THEN 1 END;\n  SELECT 2;\nEND;\nSELECT 3";
        let parts = split(sql, Dialect::Postgres);
        assert_eq!(parts.len(), 2, "{parts:#?}");
        assert!(parts[0].ends_with("SELECT 2;\nEND"));
    }

    #[test]
    fn transaction_begin_does_not_open_a_block() {
        let sql = "BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\nBEGIN TRANSACTION;\nSTART TRANSACTION;\nSELECT 1;";
        for dialect in Dialect::ALL {
            assert_eq!(split(sql, dialect).len(), 6, "{dialect}");
        }
    }

    #[test]
    fn mysql_delimiter_lines() {
        let sql = "DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nSELECT 3;\nDELIMITER $$\nCREATE FUNCTION g() RETURNS INT BEGIN RETURN 1; END$$\nDELIMITER ;\n";
        assert_eq!(
            split(sql, Dialect::MySql),
            vec![
                "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END",
                "SELECT 3",
                "CREATE FUNCTION g() RETURNS INT BEGIN RETURN 1; END",
            ]
        );
    }

    #[test]
    fn lone_cr_ends_a_postgres_line_comment() {
        let sql = "-- c\rCREATE TABLE a (id int);\rSELECT 1 -- d\r;\r";
        assert_eq!(
            split(sql, Dialect::Postgres),
            vec!["CREATE TABLE a (id int)", "SELECT 1"]
        );
    }

    #[test]
    fn crlf_bom_and_non_ascii() {
        let sql = "\u{feff}-- héllo\r\nCREATE TABLE \"Bénéfice\" (größe int);\r\nSELECT 1\r\n;\r\n";
        assert_eq!(
            split(sql, Dialect::Postgres),
            vec!["CREATE TABLE \"Bénéfice\" (größe int)", "SELECT 1"]
        );
        assert_eq!(split("\u{feff}SELECT 1", Dialect::Sqlite), vec!["SELECT 1"]);
    }

    /// drizzle-kit splits on the marker before the server sees anything, so
    /// it separates statements in MySQL too, even without a `;`.
    #[test]
    fn drizzle_breakpoints_split_in_every_dialect() {
        let sql = "CREATE TABLE `a` (`id` int);\n--> statement-breakpoint\nCREATE TABLE `b` (`id` int)\n--> statement-breakpoint\nALTER TABLE `b` ADD `x` int;";
        for dialect in Dialect::ALL {
            assert_eq!(
                split(sql, dialect),
                vec![
                    "CREATE TABLE `a` (`id` int)",
                    "CREATE TABLE `b` (`id` int)",
                    "ALTER TABLE `b` ADD `x` int"
                ],
                "{dialect:?}"
            );
        }
        // Elsewhere MySQL's `--` needs a space to start a comment.
        assert_eq!(split("SELECT 1--1", Dialect::MySql), vec!["SELECT 1--1"]);
    }

    #[test]
    fn drizzle_breakpoints_and_prisma_warnings_are_trivia() {
        let sql = "/*\n  Warnings:\n\n  - You are about to drop the column `a`; data will be lost.\n*/\n-- AlterTable\nALTER TABLE \"t\" DROP COLUMN \"a\";--> statement-breakpoint\nCREATE INDEX i ON t (b);";
        assert_eq!(
            split(sql, Dialect::Postgres),
            vec![
                "ALTER TABLE \"t\" DROP COLUMN \"a\"",
                "CREATE INDEX i ON t (b)"
            ]
        );
    }

    #[test]
    fn unterminated_input_runs_to_the_end() {
        assert_eq!(
            split("SELECT 'a; SELECT 2", Dialect::Postgres),
            vec!["SELECT 'a; SELECT 2"]
        );
        assert_eq!(
            split("SELECT 1; /* x; y", Dialect::Postgres),
            vec!["SELECT 1", "/* x; y"]
        );
        assert_eq!(
            split("SELECT 1 /* /* x */", Dialect::Postgres),
            vec!["SELECT 1 /* /* x */"]
        );
        assert_eq!(
            split("SELECT 1 /* /* x */", Dialect::Sqlite),
            vec!["SELECT 1"]
        );
        assert_eq!(split("DO $$ a; b", Dialect::Postgres), vec!["DO $$ a; b"]);
    }

    #[test]
    fn respects_the_range_and_psql_commands() {
        let sql = "SELECT 0; -- migrate:up\nSELECT 1; SELECT 2;\n-- migrate:down\nSELECT 3;";
        let from = sql.find("-- migrate:up").unwrap();
        let to = sql.find("-- migrate:down").unwrap();
        let spans = split_statements(sql, Span::from_range(from..to), Dialect::Postgres);
        let texts: Vec<_> = spans.iter().map(|s| s.slice(sql)).collect();
        assert_eq!(texts, vec!["SELECT 1", "SELECT 2"]);
        assert_eq!(
            split(
                "\\restrict abc\nSELECT 1;\n\\unrestrict abc\n",
                Dialect::Postgres
            ),
            vec!["SELECT 1"]
        );
        // Out-of-bounds and mid-character ranges are clamped, not panics.
        assert!(split_statements("é", Span::new(1, 99), Dialect::MySql).len() <= 1);
    }
}
