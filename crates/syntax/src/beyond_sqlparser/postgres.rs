//! PostgreSQL statements that change the schema (or attach metadata to it)
//! in forms sqlparser 0.64 rejects, each read after the grammar in
//! PostgreSQL's SQL command reference. Their effect, where the catalog keeps
//! one, comes from the fallback recogniser.

use crate::lexer::TokenKind;

use super::Reader;

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

impl Reader<'_> {
    /// Any of this module's forms.
    pub(super) fn postgres_form(&self) -> bool {
        self.clone().comment_on()
            || self.clone().alter_extension()
            || self.clone().alter_type_other()
            || self.clone().alter_domain()
            || self.clone().alter_index()
            || self.clone().alter_routine()
            || self.clone().drop_routines()
            || self.clone().cast()
            || self.clone().operator()
            || self.clone().alter_table_lacking_only()
    }

    fn word_in(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.eat(w))
    }

    fn cascade_or_restrict(&mut self) {
        let _ = self.eat("CASCADE") || self.eat("RESTRICT");
    }

    /// `name [ ( [args] ) ]`: a routine's signature.
    fn routine_signature(&mut self) -> bool {
        if !self.qualified_name() {
            return false;
        }
        !self.punct("(") || self.skip_to_close()
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

    /// `COMMENT ON object IS 'text' | NULL`.
    fn comment_on(&mut self) -> bool {
        if !self.eat_all(&["COMMENT", "ON"]) {
            return false;
        }
        let object = if self.eat("CONSTRAINT")
            || self.eat("TRIGGER")
            || self.eat("POLICY")
            || self.eat("RULE")
        {
            // `… name ON [DOMAIN] table`.
            self.name() && self.eat("ON") && {
                self.eat("DOMAIN");
                self.qualified_name()
            }
        } else if self.word_in(ROUTINE_KINDS) {
            self.routine_signature()
        } else if self.eat("CAST") {
            self.punct("(") && self.skip_to_close()
        } else if self.eat_all(&["LARGE", "OBJECT"]) {
            self.number()
        } else if self.eat_all(&["OPERATOR", "CLASS"]) || self.eat_all(&["OPERATOR", "FAMILY"]) {
            self.qualified_name() && self.eat("USING") && self.name()
        } else if self.eat("OPERATOR") {
            self.operator_name() && self.punct("(") && self.skip_to_close()
        } else if self.eat_all(&["TRANSFORM", "FOR"]) {
            self.type_until_comma_or_word("LANGUAGE") && self.eat("LANGUAGE") && self.name()
        } else {
            COMMENT_PLAIN_KINDS
                .iter()
                .any(|kind| self.eat_all(kind) && self.qualified_name())
        };
        object
            && self.eat("IS")
            && (self.eat("NULL") || self.kind(&[TokenKind::String, TokenKind::DollarString]))
            && self.done()
    }

    fn type_until_comma_or_word(&mut self, word: &str) -> bool {
        let start = self.pos;
        while self.peek().is_some_and(|t| !t.is_word(self.text, word)) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// An operator's name: punctuation characters, optionally
    /// schema-qualified (`public.===`) or written `OPERATOR(schema.op)`.
    fn operator_name(&mut self) -> bool {
        let start = self.pos;
        if self.name() && !self.punct(".") {
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

    /// `ALTER EXTENSION name UPDATE [TO version] | SET SCHEMA s | ADD|DROP member`.
    fn alter_extension(&mut self) -> bool {
        if !self.eat_all(&["ALTER", "EXTENSION"]) || !self.name() {
            return false;
        }
        if self.eat("UPDATE") {
            if self.eat("TO")
                && !self.kind(&[TokenKind::Word, TokenKind::String, TokenKind::Number])
            {
                return false;
            }
            return self.done();
        }
        if self.eat_all(&["SET", "SCHEMA"]) {
            return self.name() && self.done();
        }
        if self.eat("ADD") || self.eat("DROP") {
            // A member object, named as `COMMENT ON` names it.
            return !self.done();
        }
        false
    }

    /// `ALTER TYPE name` actions sqlparser lacks: `OWNER TO`, and the
    /// composite type's `ADD|DROP|ALTER ATTRIBUTE` list and `RENAME ATTRIBUTE`.
    fn alter_type_other(&mut self) -> bool {
        if !self.eat_all(&["ALTER", "TYPE"]) || !self.qualified_name() {
            return false;
        }
        if self.eat_all(&["OWNER", "TO"]) {
            return self.name() && self.done();
        }
        if self.eat_all(&["RENAME", "ATTRIBUTE"]) {
            if !(self.name() && self.eat("TO") && self.name()) {
                return false;
            }
            self.cascade_or_restrict();
            return self.done();
        }
        loop {
            let ok = if self.eat_all(&["ADD", "ATTRIBUTE"]) {
                self.name() && self.type_until_comma() && {
                    self.cascade_or_restrict();
                    true
                }
            } else if self.eat_all(&["DROP", "ATTRIBUTE"]) {
                self.eat_all(&["IF", "EXISTS"]);
                self.name() && {
                    self.cascade_or_restrict();
                    true
                }
            } else if self.eat_all(&["ALTER", "ATTRIBUTE"]) {
                self.name()
                    && (self.eat("TYPE") || self.eat_all(&["SET", "DATA", "TYPE"]))
                    && self.type_until_comma()
            } else {
                false
            };
            if !ok {
                return false;
            }
            if !self.punct(",") {
                return self.done();
            }
        }
    }

    /// `ALTER DOMAIN name action`.
    fn alter_domain(&mut self) -> bool {
        if !self.eat_all(&["ALTER", "DOMAIN"]) || !self.qualified_name() {
            return false;
        }
        let ok = if self.eat_all(&["SET", "DEFAULT"]) {
            !self.done() && {
                self.pos = self.tokens.len();
                true
            }
        } else if self.eat_all(&["DROP", "DEFAULT"])
            || self.eat_all(&["SET", "NOT", "NULL"])
            || self.eat_all(&["DROP", "NOT", "NULL"])
        {
            true
        } else if self.eat("ADD") {
            let named = !self.eat("CONSTRAINT") || self.name();
            let body = if self.eat("CHECK") {
                self.punct("(") && self.skip_to_close()
            } else {
                self.eat_all(&["NOT", "NULL"])
            };
            named && body && {
                self.eat_all(&["NOT", "VALID"]);
                true
            }
        } else if self.eat_all(&["DROP", "CONSTRAINT"]) {
            self.eat_all(&["IF", "EXISTS"]);
            self.name() && {
                self.cascade_or_restrict();
                true
            }
        } else if self.eat_all(&["RENAME", "CONSTRAINT"]) {
            self.name() && self.eat("TO") && self.name()
        } else if self.eat_all(&["VALIDATE", "CONSTRAINT"])
            || self.eat_all(&["OWNER", "TO"])
            || self.eat_all(&["RENAME", "TO"])
            || self.eat_all(&["SET", "SCHEMA"])
        {
            self.name()
        } else {
            false
        };
        ok && self.done()
    }

    /// `ALTER INDEX [IF EXISTS] name action` and `ALTER INDEX ALL IN TABLESPACE …`.
    fn alter_index(&mut self) -> bool {
        if !self.eat_all(&["ALTER", "INDEX"]) {
            return false;
        }
        if self.eat_all(&["ALL", "IN", "TABLESPACE"]) {
            if !self.name() {
                return false;
            }
            if self.eat_all(&["OWNED", "BY"]) {
                while self.name() && self.punct(",") {}
            }
            return self.eat_all(&["SET", "TABLESPACE"]) && self.name() && {
                self.eat("NOWAIT");
                self.done()
            };
        }
        self.eat_all(&["IF", "EXISTS"]);
        if !self.qualified_name() {
            return false;
        }
        let ok = if self.eat_all(&["RENAME", "TO"])
            || self.eat_all(&["SET", "TABLESPACE"])
            || self.eat_all(&["SET", "SCHEMA"])
        {
            self.name()
        } else if self.eat_all(&["ATTACH", "PARTITION"]) {
            self.qualified_name()
        } else if self.eat("NO") {
            self.eat_all(&["DEPENDS", "ON", "EXTENSION"]) && self.name()
        } else if self.eat_all(&["DEPENDS", "ON", "EXTENSION"]) {
            self.name()
        } else if self.eat("SET") || self.eat("RESET") {
            self.punct("(") && self.skip_to_close()
        } else if self.eat("ALTER") {
            self.eat("COLUMN");
            self.kind(&[TokenKind::Number]) && self.eat_all(&["SET", "STATISTICS"]) && self.number()
        } else {
            false
        };
        ok && self.done()
    }

    /// `ALTER {PROCEDURE | ROUTINE | AGGREGATE} signature action …`
    /// (sqlparser reads `ALTER FUNCTION`).
    fn alter_routine(&mut self) -> bool {
        if !self.eat("ALTER") || !self.word_in(&["PROCEDURE", "ROUTINE", "AGGREGATE"]) {
            return false;
        }
        if !self.routine_signature() {
            return false;
        }
        if self.eat_all(&["RENAME", "TO"])
            || self.eat_all(&["OWNER", "TO"])
            || self.eat_all(&["SET", "SCHEMA"])
        {
            return self.name() && self.done();
        }
        if self.eat("NO") {
            return self.eat_all(&["DEPENDS", "ON", "EXTENSION"]) && self.name() && self.done();
        }
        if self.eat_all(&["DEPENDS", "ON", "EXTENSION"]) {
            return self.name() && self.done();
        }
        // Attributes (`SECURITY DEFINER`, `SET search_path = …`, `RESET ALL`…).
        let any = !self.done();
        while !self.done() {
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
    fn drop_routines(&mut self) -> bool {
        if !self.eat("DROP") || !self.word_in(&["ROUTINE", "AGGREGATE"]) {
            return false;
        }
        self.eat_all(&["IF", "EXISTS"]);
        loop {
            if !self.routine_signature() {
                return false;
            }
            if !self.punct(",") {
                break;
            }
        }
        self.cascade_or_restrict();
        self.done()
    }

    /// `CREATE CAST (source AS target) {WITH FUNCTION f[(args)] | WITHOUT
    /// FUNCTION | WITH INOUT} [AS ASSIGNMENT | AS IMPLICIT]` and
    /// `DROP CAST [IF EXISTS] (source AS target) [CASCADE | RESTRICT]`.
    fn cast(&mut self) -> bool {
        if self.eat_all(&["DROP", "CAST"]) {
            self.eat_all(&["IF", "EXISTS"]);
            if !(self.punct("(") && self.skip_to_close()) {
                return false;
            }
            self.cascade_or_restrict();
            return self.done();
        }
        if !(self.eat_all(&["CREATE", "CAST"]) && self.punct("(") && self.skip_to_close()) {
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
        self.done()
    }

    /// `CREATE OPERATOR name (parameters)` and `DROP OPERATOR [IF EXISTS]
    /// name ({left | NONE}, right) [, …] [CASCADE | RESTRICT]`.
    fn operator(&mut self) -> bool {
        if self.eat_all(&["CREATE", "OPERATOR"]) {
            return self.operator_name() && self.punct("(") && self.skip_to_close() && self.done();
        }
        if !self.eat_all(&["DROP", "OPERATOR"]) {
            return false;
        }
        self.eat_all(&["IF", "EXISTS"]);
        loop {
            if !(self.operator_name() && self.punct("(") && self.skip_to_close()) {
                return false;
            }
            if !self.punct(",") {
                break;
            }
        }
        self.cascade_or_restrict();
        self.done()
    }

    /// `ALTER TABLE` whose every action is one sqlparser lacks (see
    /// [`Reader::lacking_table_action`]); mixed statements are parsed by
    /// sqlparser with those actions blanked.
    fn alter_table_lacking_only(&mut self) -> bool {
        if self.eat_all(&["ALTER", "TABLE", "ALL", "IN", "TABLESPACE"]) {
            if !self.name() {
                return false;
            }
            if self.eat_all(&["OWNED", "BY"]) {
                while self.name() && self.punct(",") {}
            }
            return self.eat_all(&["SET", "TABLESPACE"]) && self.name() && {
                self.eat("NOWAIT");
                self.done()
            };
        }
        if !self.alter_table_head() {
            return false;
        }
        if self.eat_all(&["SET", "SCHEMA"]) {
            return self.name() && self.done();
        }
        loop {
            if self.lacking_table_action().is_none() {
                return false;
            }
            if !self.punct(",") {
                return self.done();
            }
        }
    }

    /// `ALTER TABLE [IF EXISTS] [ONLY] name [*]`.
    pub(super) fn alter_table_head(&mut self) -> bool {
        if !self.eat_all(&["ALTER", "TABLE"]) {
            return false;
        }
        self.eat_all(&["IF", "EXISTS"]);
        self.eat("ONLY");
        let named = self.qualified_name();
        self.punct("*");
        named
    }

    /// One `ALTER TABLE` action sqlparser lacks, up to (not past) the comma
    /// that ends it: `Some(true)` when it leaves the catalog as it is (it can
    /// be blanked for sqlparser), `Some(false)` when the fallback recogniser
    /// must read its effect, `None` when it is no such action.
    pub(super) fn lacking_table_action(&mut self) -> Option<bool> {
        let start = self.pos;
        let at_end = |r: &Self| r.done() || r.peek().is_some_and(|t| t.is_punct(r.text, ","));
        let no_effect = if self.eat_all(&["ALTER", "CONSTRAINT"]) {
            if !self.name() {
                return self.reset(start);
            }
            loop {
                if self.eat("DEFERRABLE") || self.eat_all(&["NOT", "DEFERRABLE"]) {
                    continue;
                }
                if !self.eat("INITIALLY") {
                    break;
                }
                if !(self.eat("DEFERRED") || self.eat("IMMEDIATE")) {
                    return self.reset(start);
                }
            }
            true
        } else if self.eat_all(&["CLUSTER", "ON"]) {
            self.name()
        } else if self.eat_all(&["SET", "WITHOUT", "CLUSTER"])
            || self.eat_all(&["SET", "WITHOUT", "OIDS"])
        {
            true
        } else if self.eat_all(&["SET", "TABLESPACE"]) || self.eat_all(&["SET", "ACCESS", "METHOD"])
        {
            self.name()
        } else if self.eat("ALTER") {
            self.eat("COLUMN");
            if !self.name() {
                return self.reset(start);
            }
            if self.eat_all(&["SET", "STATISTICS"]) {
                self.number()
            } else if self.eat_all(&["SET", "STORAGE"]) || self.eat_all(&["SET", "COMPRESSION"]) {
                self.name()
            } else if self.eat("SET") || self.eat("RESET") {
                if self.peek().is_some_and(|t| t.is_punct(self.text, "(")) {
                    self.pos += 1;
                    self.skip_to_close()
                } else if self.eat("GENERATED") {
                    // Changes the identity's kind: the fallback reads it.
                    let kind = self.eat("ALWAYS") || self.eat_all(&["BY", "DEFAULT"]);
                    if !kind {
                        return self.reset(start);
                    }
                    self.identity_options();
                    return at_end(self).then_some(false).or_else(|| self.reset(start));
                } else {
                    false
                }
            } else if self.eat("RESTART") {
                if self.eat("WITH") {
                    self.number()
                } else {
                    let _ = self.number();
                    true
                }
            } else {
                false
            }
        } else {
            false
        };
        if no_effect && at_end(self) {
            Some(true)
        } else {
            self.reset(start)
        }
    }

    /// Sequence options after an identity's kind (`SET INCREMENT BY 2`, `RESTART`…).
    fn identity_options(&mut self) {
        loop {
            let before = self.pos;
            if self.eat("SET") {
                let _ = self.eat_all(&["INCREMENT", "BY"])
                    || self.eat("INCREMENT")
                    || self.eat_all(&["START", "WITH"])
                    || self.eat("START")
                    || self.eat("MINVALUE")
                    || self.eat("MAXVALUE")
                    || self.eat("CACHE");
                let _ = self.number() || self.eat("CYCLE") || self.eat_all(&["NO", "CYCLE"]);
            } else if self.eat("RESTART") {
                let _ = self.eat("WITH");
                let _ = self.number();
            }
            if self.pos == before {
                return;
            }
        }
    }

    fn reset<T>(&mut self, start: usize) -> Option<T> {
        self.pos = start;
        None
    }
}
