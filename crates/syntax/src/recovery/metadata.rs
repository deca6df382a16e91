//! Metadata the catalog does not keep, in the PostgreSQL forms sqlparser
//! lacks: `COMMENT ON` every kind of object, `CREATE | DROP STATISTICS`.
//! Only their validity is read; each reader starts at the statement's first
//! word.

use crate::lexer::TokenKind;

use super::cursor::Cursor;

/// Object kinds `COMMENT ON` names by a plain (possibly qualified) name.
const COMMENT_PLAIN_KINDS: &[&[&str]] = &[
    &["ACCESS", "METHOD"],
    &["COLLATION"],
    &["COLUMN"],
    &["CONVERSION"],
    &["DATABASE"],
    &["DOMAIN"],
    &["EVENT", "TRIGGER"],
    &["EXTENSION"],
    &["FOREIGN", "DATA", "WRAPPER"],
    &["FOREIGN", "TABLE"],
    &["INDEX"],
    &["LANGUAGE"],
    &["PROCEDURAL", "LANGUAGE"],
    &["MATERIALIZED", "VIEW"],
    &["PUBLICATION"],
    &["ROLE"],
    &["SCHEMA"],
    &["SEQUENCE"],
    &["SERVER"],
    &["STATISTICS"],
    &["SUBSCRIPTION"],
    &["TABLE"],
    &["TABLESPACE"],
    &["TEXT", "SEARCH", "CONFIGURATION"],
    &["TEXT", "SEARCH", "DICTIONARY"],
    &["TEXT", "SEARCH", "PARSER"],
    &["TEXT", "SEARCH", "TEMPLATE"],
    &["TYPE"],
    &["VIEW"],
];

/// Routine kinds, named with an optional argument list.
const ROUTINE_KINDS: &[&str] = &["FUNCTION", "PROCEDURE", "ROUTINE", "AGGREGATE"];

impl Cursor<'_> {
    /// `COMMENT ON object IS 'text' | NULL`.
    pub(super) fn comment_on(&mut self) -> bool {
        if !self.eat_all(&["COMMENT", "ON"]) {
            return false;
        }
        let object = if self.eat("CONSTRAINT")
            || self.eat("TRIGGER")
            || self.eat("POLICY")
            || self.eat("RULE")
        {
            // `… name ON [DOMAIN] table`.
            self.eat_name() && self.eat("ON") && {
                self.eat("DOMAIN");
                self.eat_qualified_name()
            }
        } else if self.eat_any(ROUTINE_KINDS) {
            self.routine_signature()
        } else if self.eat("CAST") {
            self.eat_group()
        } else if self.eat_all(&["LARGE", "OBJECT"]) {
            self.eat_number()
        } else if self.eat_all(&["OPERATOR", "CLASS"]) || self.eat_all(&["OPERATOR", "FAMILY"]) {
            self.eat_qualified_name() && self.eat("USING") && self.eat_name()
        } else if self.eat("OPERATOR") {
            self.operator_name() && self.eat_group()
        } else if self.eat_all(&["TRANSFORM", "FOR"]) {
            self.type_until_comma_or_word("LANGUAGE") && self.eat("LANGUAGE") && self.eat_name()
        } else {
            COMMENT_PLAIN_KINDS
                .iter()
                .any(|kind| self.eat_all(kind) && self.eat_qualified_name())
        };
        object
            && self.eat("IS")
            && (self.eat("NULL") || self.eat_kind(&[TokenKind::String, TokenKind::DollarString]))
            && self.at_end()
    }

    pub(super) fn type_until_comma_or_word(&mut self, word: &str) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(|t| !t.is_word(self.text, word)) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// `CREATE STATISTICS [IF NOT EXISTS] name [(kinds)] ON columns FROM
    /// table` and `DROP STATISTICS [IF EXISTS] name [, …] [CASCADE |
    /// RESTRICT]`.
    pub(super) fn statistics(&mut self) -> bool {
        if self.eat_all(&["DROP", "STATISTICS"]) {
            self.eat_all(&["IF", "EXISTS"]);
            if !self.eat_qualified_name() {
                return false;
            }
            while self.eat_punct(",") {
                if !self.eat_qualified_name() {
                    return false;
                }
            }
            self.cascade_or_restrict();
            return self.at_end();
        }
        if !self.eat_all(&["CREATE", "STATISTICS"]) {
            return false;
        }
        self.eat_all(&["IF", "NOT", "EXISTS"]);
        if !self.eat_qualified_name() {
            return false;
        }
        if self.peek_punct("(") && !self.eat_group() {
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
        self.eat("FROM") && self.eat_qualified_name() && self.at_end()
    }
}
