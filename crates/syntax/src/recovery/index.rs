//! Indexes: `CREATE INDEX`, `DROP INDEX` (with PostgreSQL's `CONCURRENTLY`,
//! which sqlparser lacks), `ALTER INDEX` (`REINDEX` is in `utility`).

use miglint_source::Dialect;

use crate::ir::{AlterObjectOp, IndexKey, SchemaChange};
use crate::lexer::TokenKind;

use super::Recovered;
use super::cursor::Cursor;

impl Cursor<'_> {
    pub(super) fn create_index(&mut self) -> Option<SchemaChange> {
        let unique = self.eat("UNIQUE");
        let kind = self.fulltext_or_spatial();
        if !self.eat("INDEX") {
            return None;
        }
        let concurrently = self.eat("CONCURRENTLY");
        let if_not_exists = self.if_not_exists();
        let name = if self.peek_word("ON") {
            None
        } else {
            Some(self.object_name()?.name)
        };
        while !self.at_end() && !self.peek_word("ON") {
            self.advance();
        }
        if !self.eat("ON") {
            return None;
        }
        self.eat("ONLY");
        let table = self.object_name()?;
        let method = if self.eat("USING") {
            self.ident().map(|m| m.value.to_lowercase())
        } else {
            kind
        };
        self.skip_to_group();
        let keys = self.index_keys();
        let mut predicate = None;
        while !self.at_end() {
            if self.eat("WHERE") {
                let start = self.pos;
                self.pos = self.limit;
                predicate = self.sql_text(start, self.limit);
            } else {
                self.advance();
            }
        }
        Some(SchemaChange::CreateIndex {
            name,
            table,
            unique,
            if_not_exists,
            concurrently,
            keys,
            predicate,
            method,
        })
    }

    /// The parenthesised key list at the cursor.
    pub(super) fn index_keys(&mut self) -> Vec<IndexKey> {
        if !self.peek_punct("(") {
            return Vec::new();
        }
        let end = self.group_end(self.pos);
        let parts = self.comma_parts(self.pos + 1, end.saturating_sub(1));
        let keys = parts
            .into_iter()
            .filter_map(|(from, to)| self.within(from, to, Cursor::index_key))
            .collect();
        self.pos = end;
        keys
    }

    /// A plain column (with optional collation, operator class, order or MySQL
    /// prefix length) or an expression.
    pub(super) fn index_key(&mut self) -> Option<IndexKey> {
        let start = self.pos;
        let limit = self.limit;
        if let Some(column) = self.ident() {
            let mut plain = true;
            if self.dialect == Dialect::MySql && self.peek_punct("(") {
                self.advance();
            }
            let mut decorated = false;
            while let Some(token) = self.peek() {
                let decoration = match token.kind {
                    TokenKind::Word | TokenKind::QuotedIdent => true,
                    // A qualified operator class (`extensions.gin_trgm_ops`).
                    TokenKind::Punct => decorated && token.is_punct(self.text, "."),
                    // `COLLATE "C"`, `opclass(options)` are rare; anything else is an expression.
                    _ => false,
                };
                if !decoration {
                    plain = false;
                    break;
                }
                decorated = true;
                self.pos += 1;
            }
            if plain {
                return Some(IndexKey::Column(column));
            }
        }
        // An expression: drop trailing ordering words, then the operator
        // class after its closing parenthesis (`lower(a) text_pattern_ops`).
        let mut end = limit;
        while end > start + 1
            && ["ASC", "DESC", "FIRST", "LAST", "NULLS"]
                .iter()
                .any(|w| self.is_word_at(end - 1, w))
        {
            end -= 1;
        }
        let mut class = end;
        while class > start + 1
            && self.token(class - 1).is_some_and(|t| {
                matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent)
                    || t.is_punct(self.text, ".")
            })
        {
            class -= 1;
        }
        if class < end && self.is_punct_at(class - 1, ")") {
            end = class;
        }
        let text = self.sql_text(start, end)?;
        Some(IndexKey::Expression(text))
    }

    /// `DROP INDEX …` after `INDEX`; `strict` in PostgreSQL, where `DROP
    /// INDEX CONCURRENTLY [IF EXISTS] name [, …] [CASCADE | RESTRICT]` is a
    /// form sqlparser lacks.
    pub(super) fn drop_index(&mut self, strict: bool) -> Recovered {
        let concurrently = self.eat("CONCURRENTLY");
        let if_exists = self.if_exists();
        let (names, listed) = self.object_names_exact();
        let table = if self.eat("ON") {
            self.object_name()
        } else {
            None
        };
        let valid = strict && concurrently && listed && table.is_none() && {
            self.cascade_or_restrict();
            self.at_end()
        };
        Recovered {
            valid,
            change: if names.is_empty() {
                SchemaChange::Other
            } else {
                SchemaChange::DropIndex {
                    names,
                    if_exists,
                    concurrently,
                    table,
                }
            },
        }
    }

    /// `ALTER INDEX …` after `INDEX`; `strict` in PostgreSQL, where every
    /// action below is a form sqlparser lacks: `ALL IN TABLESPACE t [OWNED
    /// BY r, …] SET TABLESPACE u [NOWAIT]`, or `[IF EXISTS] name` with
    /// `RENAME TO`, `SET {TABLESPACE | SCHEMA}`, `ATTACH PARTITION`, `[NO]
    /// DEPENDS ON EXTENSION`, `{SET | RESET} (options)` or `ALTER [COLUMN] n
    /// SET STATISTICS n`.
    pub(super) fn alter_index(&mut self, strict: bool) -> Recovered {
        let start = self.pos;
        if strict && self.eat_all(&["ALL", "IN", "TABLESPACE"]) {
            let moved = self.eat_name() && {
                if self.eat_all(&["OWNED", "BY"]) {
                    while self.eat_name() && self.eat_punct(",") {}
                }
                self.eat_all(&["SET", "TABLESPACE"]) && self.eat_name() && {
                    self.eat("NOWAIT");
                    self.at_end()
                }
            };
            if moved {
                // Moves storage only.
                return Recovered::valid(SchemaChange::Other);
            }
            self.pos = start;
        }
        let if_exists = self.if_exists();
        let Some(name) = self.object_name() else {
            return Recovered::unread();
        };
        let (op, known) = if self.eat_all(&["RENAME", "TO"]) {
            let to = self.ident();
            let known = to.is_some();
            (to.map(|to| AlterObjectOp::RenameTo { to }), known)
        } else if self.eat_all(&["SET", "SCHEMA"]) {
            let schema = self.ident();
            let known = schema.is_some();
            (
                schema.map(|schema| AlterObjectOp::SetSchema { schema }),
                known,
            )
        } else if self.eat_all(&["SET", "TABLESPACE"]) {
            (None, self.eat_name())
        } else if self.eat_all(&["ATTACH", "PARTITION"]) {
            (None, self.eat_qualified_name())
        } else if self.eat("NO") {
            (
                None,
                self.eat_all(&["DEPENDS", "ON", "EXTENSION"]) && self.eat_name(),
            )
        } else if self.eat_all(&["DEPENDS", "ON", "EXTENSION"]) {
            (None, self.eat_name())
        } else if self.eat("SET") || self.eat("RESET") {
            (None, self.eat_group())
        } else if self.eat("ALTER") {
            self.eat("COLUMN");
            let statistics = self.eat_kind(&[TokenKind::Number])
                && self.eat_all(&["SET", "STATISTICS"])
                && self.eat_number();
            (None, statistics)
        } else {
            (None, false)
        };
        Recovered {
            valid: strict && known && self.at_end(),
            change: SchemaChange::AlterIndex {
                name,
                if_exists,
                op: op.unwrap_or(AlterObjectOp::Other),
            },
        }
    }
}
