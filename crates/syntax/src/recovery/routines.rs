//! Routines, casts and operators in the PostgreSQL forms sqlparser lacks:
//! `ALTER {PROCEDURE | ROUTINE | AGGREGATE}`, `DROP {ROUTINE | AGGREGATE}`,
//! `CREATE | DROP CAST`, `CREATE | DROP OPERATOR`. The catalog keeps none
//! of them, so only their validity is read; each reader starts at the
//! statement's first word.

use crate::lexer::TokenKind;

use super::cursor::Cursor;

impl Cursor<'_> {
    /// `name [ ( [args] ) ]`: a routine's signature.
    pub(super) fn routine_signature(&mut self) -> bool {
        if !self.eat_qualified_name() {
            return false;
        }
        !self.eat_punct("(") || self.skip_to_close()
    }

    /// An operator's name: punctuation characters, optionally
    /// schema-qualified (`public.===`) or written `OPERATOR(schema.op)`.
    pub(super) fn operator_name(&mut self) -> bool {
        let start = self.pos;
        if self.eat_name() && !self.eat_punct(".") {
            self.pos = start;
        }
        let first = self.pos;
        while let Some(token) = self.peek() {
            let raw = token.text(self.text);
            let op_char = token.kind == TokenKind::Punct
                && raw
                    .chars()
                    .all(|c| "+-*/<>=~!@#%^&|`?".contains(c) && !raw.is_empty());
            if !op_char {
                break;
            }
            self.pos += 1;
        }
        self.pos > first
    }

    /// `ALTER {PROCEDURE | ROUTINE | AGGREGATE} signature action …`
    /// (sqlparser reads `ALTER FUNCTION`).
    pub(super) fn alter_routine(&mut self) -> bool {
        if !self.eat("ALTER") || !self.eat_any(&["PROCEDURE", "ROUTINE", "AGGREGATE"]) {
            return false;
        }
        if !self.routine_signature() {
            return false;
        }
        if self.eat_all(&["RENAME", "TO"])
            || self.eat_all(&["OWNER", "TO"])
            || self.eat_all(&["SET", "SCHEMA"])
        {
            return self.eat_name() && self.at_end();
        }
        if self.eat("NO") {
            return self.eat_all(&["DEPENDS", "ON", "EXTENSION"])
                && self.eat_name()
                && self.at_end();
        }
        if self.eat_all(&["DEPENDS", "ON", "EXTENSION"]) {
            return self.eat_name() && self.at_end();
        }
        // Attributes (`SECURITY DEFINER`, `SET search_path = …`, `RESET ALL`…).
        let any = !self.at_end();
        while !self.at_end() {
            let Some(token) = self.peek() else { break };
            if !matches!(
                token.kind,
                TokenKind::Word | TokenKind::QuotedIdent | TokenKind::Number | TokenKind::String
            ) && !token.is_punct(self.text, "=")
                && !token.is_punct(self.text, ",")
                && !token.is_punct(self.text, ".")
            {
                return false;
            }
            self.pos += 1;
        }
        any
    }

    /// `DROP {ROUTINE | AGGREGATE} [IF EXISTS] signature [, …] [CASCADE | RESTRICT]`.
    pub(super) fn drop_routines(&mut self) -> bool {
        if !self.eat("DROP") || !self.eat_any(&["ROUTINE", "AGGREGATE"]) {
            return false;
        }
        self.eat_all(&["IF", "EXISTS"]);
        loop {
            if !self.routine_signature() {
                return false;
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.cascade_or_restrict();
        self.at_end()
    }

    /// `CREATE CAST (source AS target) {WITH FUNCTION f[(args)] | WITHOUT
    /// FUNCTION | WITH INOUT} [AS ASSIGNMENT | AS IMPLICIT]` and
    /// `DROP CAST [IF EXISTS] (source AS target) [CASCADE | RESTRICT]`.
    pub(super) fn cast(&mut self) -> bool {
        if self.eat_all(&["DROP", "CAST"]) {
            self.eat_all(&["IF", "EXISTS"]);
            if !(self.eat_group()) {
                return false;
            }
            self.cascade_or_restrict();
            return self.at_end();
        }
        if !(self.eat_all(&["CREATE", "CAST"]) && self.eat_group()) {
            return false;
        }
        let how = if self.eat_all(&["WITH", "FUNCTION"]) {
            self.routine_signature()
        } else {
            self.eat_all(&["WITHOUT", "FUNCTION"]) || self.eat_all(&["WITH", "INOUT"])
        };
        if !how {
            return false;
        }
        if self.eat("AS") && !(self.eat("ASSIGNMENT") || self.eat("IMPLICIT")) {
            return false;
        }
        self.at_end()
    }

    /// `CREATE OPERATOR name (parameters)` and `DROP OPERATOR [IF EXISTS]
    /// name ({left | NONE}, right) [, …] [CASCADE | RESTRICT]`.
    pub(super) fn operator(&mut self) -> bool {
        if self.eat_all(&["CREATE", "OPERATOR"]) {
            return self.operator_name() && self.eat_group() && self.at_end();
        }
        if !self.eat_all(&["DROP", "OPERATOR"]) {
            return false;
        }
        self.eat_all(&["IF", "EXISTS"]);
        loop {
            if !(self.operator_name() && self.eat_group()) {
                return false;
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.cascade_or_restrict();
        self.at_end()
    }
}
