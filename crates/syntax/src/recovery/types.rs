//! Types and domains: `CREATE TYPE` (enums), `ALTER TYPE` (with the
//! PostgreSQL actions sqlparser lacks), `ALTER DOMAIN`.

use crate::ir::{AlterTypeOp, EnumValuePosition, SchemaChange, Utility};
use crate::lexer::TokenKind;

use super::Recovered;
use super::cursor::Cursor;

impl Cursor<'_> {
    pub(super) fn create_type(&mut self) -> Option<SchemaChange> {
        let name = self.object_name()?;
        if !self.eat_all(&["AS", "ENUM"]) {
            return Some(SchemaChange::CreateOtherType { name });
        }
        if !self.peek_punct("(") {
            return None;
        }
        let end = self.group_end(self.pos);
        let mut values = Vec::new();
        for (from, to) in self.comma_parts(self.pos + 1, end.saturating_sub(1)) {
            values.push(self.within(from, to, Cursor::string)?);
        }
        self.pos = end;
        Some(SchemaChange::CreateEnum { name, values })
    }

    /// `ALTER TYPE …` after `TYPE`; `strict` in PostgreSQL, where `SET
    /// SCHEMA s`, `OWNER TO r`, `RENAME ATTRIBUTE a TO b` and a composite
    /// type's `ADD | DROP | ALTER ATTRIBUTE` list are forms sqlparser lacks.
    pub(super) fn alter_type(&mut self, strict: bool) -> Recovered {
        let start = self.pos;
        let read = self.alter_type_op(strict);
        if read.is_none() {
            self.pos = start;
        }
        read.unwrap_or_else(Recovered::unread)
    }

    fn alter_type_op(&mut self, strict: bool) -> Option<Recovered> {
        let name = self.object_name()?;
        let mut lacking = false;
        let op = if self.eat_all(&["ADD", "VALUE"]) {
            let if_not_exists = self.if_not_exists();
            let value = self.string()?;
            let position = if self.eat("BEFORE") {
                Some(EnumValuePosition::Before(self.string()?))
            } else if self.eat("AFTER") {
                Some(EnumValuePosition::After(self.string()?))
            } else {
                None
            };
            AlterTypeOp::AddValue {
                value,
                if_not_exists,
                position,
            }
        } else if self.eat_all(&["RENAME", "VALUE"]) {
            let from = self.string()?;
            if !self.eat("TO") {
                return None;
            }
            AlterTypeOp::RenameValue {
                from,
                to: self.string()?,
            }
        } else if self.eat_all(&["RENAME", "TO"]) {
            AlterTypeOp::RenameTo { to: self.ident()? }
        } else if self.eat_all(&["SET", "SCHEMA"]) {
            let schema = self.ident()?;
            lacking = self.at_end();
            AlterTypeOp::SetSchema { schema }
        } else {
            lacking = self.type_action_sqlparser_lacks();
            AlterTypeOp::Other
        };
        Some(Recovered {
            change: SchemaChange::AlterType { name, op },
            valid: strict && lacking,
        })
    }

    /// `OWNER TO r`, `RENAME ATTRIBUTE a TO b [CASCADE | RESTRICT]`, or a
    /// list of `ADD ATTRIBUTE a type`, `DROP ATTRIBUTE [IF EXISTS] a`,
    /// `ALTER ATTRIBUTE a [SET DATA] TYPE type` (each `[CASCADE | RESTRICT]`).
    fn type_action_sqlparser_lacks(&mut self) -> bool {
        if self.eat_all(&["OWNER", "TO"]) {
            return self.eat_name() && self.at_end();
        }
        if self.eat_all(&["RENAME", "ATTRIBUTE"]) {
            if !(self.eat_name() && self.eat("TO") && self.eat_name()) {
                return false;
            }
            self.cascade_or_restrict();
            return self.at_end();
        }
        loop {
            let ok = if self.eat_all(&["ADD", "ATTRIBUTE"]) {
                self.eat_name() && self.type_until_comma() && {
                    self.cascade_or_restrict();
                    true
                }
            } else if self.eat_all(&["DROP", "ATTRIBUTE"]) {
                self.eat_all(&["IF", "EXISTS"]);
                self.eat_name() && {
                    self.cascade_or_restrict();
                    true
                }
            } else if self.eat_all(&["ALTER", "ATTRIBUTE"]) {
                self.eat_name()
                    && (self.eat("TYPE") || self.eat_all(&["SET", "DATA", "TYPE"]))
                    && self.type_until_comma()
            } else {
                false
            };
            if !ok {
                return false;
            }
            if !self.eat_punct(",") {
                return self.at_end();
            }
        }
    }

    /// A type name up to a top-level comma or the end (`varchar(10)`,
    /// `timestamp with time zone`, `text[]`, `"T"`). Not empty.
    fn type_until_comma(&mut self) -> bool {
        let start = self.pos;
        while let Some(token) = self.peek() {
            if token.is_punct(self.text, ",") || token.is_punct(self.text, ")") {
                break;
            }
            if token.is_punct(self.text, "(") {
                self.pos += 1;
                if !self.skip_to_close() {
                    return false;
                }
                continue;
            }
            if !matches!(
                token.kind,
                TokenKind::Word | TokenKind::QuotedIdent | TokenKind::Number
            ) && !token.is_punct(self.text, "[")
                && !token.is_punct(self.text, "]")
                && !token.is_punct(self.text, ".")
            {
                return false;
            }
            self.pos += 1;
        }
        self.pos > start
    }

    /// PostgreSQL `ALTER DOMAIN name action` (after `DOMAIN`), which
    /// sqlparser lacks: whether it is well formed, and for `ADD [CONSTRAINT
    /// c] {CHECK (…) | NOT NULL} [NOT VALID]` the constraint it adds (the
    /// catalog keeps no other detail of domains).
    pub(super) fn alter_domain(&mut self) -> (bool, Option<Utility>) {
        let Some(domain) = self.object_name() else {
            return (false, None);
        };
        let mut added = None;
        let ok = if self.eat_all(&["SET", "DEFAULT"]) {
            !self.at_end() && {
                self.pos = self.limit;
                true
            }
        } else if self.eat_all(&["DROP", "DEFAULT"])
            || self.eat_all(&["SET", "NOT", "NULL"])
            || self.eat_all(&["DROP", "NOT", "NULL"])
        {
            true
        } else if self.eat("ADD") {
            let named = !self.eat("CONSTRAINT") || self.eat_name();
            let body = if self.eat("CHECK") {
                self.eat_group()
            } else {
                self.eat_all(&["NOT", "NULL"])
            };
            let not_valid = self.eat_all(&["NOT", "VALID"]);
            added = Some(Utility::AddDomainConstraint { domain, not_valid });
            named && body
        } else if self.eat_all(&["DROP", "CONSTRAINT"]) {
            self.eat_all(&["IF", "EXISTS"]);
            self.eat_name() && {
                self.cascade_or_restrict();
                true
            }
        } else if self.eat_all(&["RENAME", "CONSTRAINT"]) {
            self.eat_name() && self.eat("TO") && self.eat_name()
        } else if self.eat_all(&["VALIDATE", "CONSTRAINT"])
            || self.eat_all(&["OWNER", "TO"])
            || self.eat_all(&["RENAME", "TO"])
            || self.eat_all(&["SET", "SCHEMA"])
        {
            self.eat_name()
        } else {
            false
        };
        let valid = ok && self.at_end();
        (valid, added.filter(|_| valid))
    }
}
