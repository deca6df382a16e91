//! Transaction control, data statements' targets, and the procedural and
//! session statements sqlparser lacks: PostgreSQL `DO`, SQLite `PRAGMA`.

use crate::ir::{SchemaChange, TransactionControl};
use crate::lexer::{Token, TokenKind};

use super::cursor::Cursor;

/// MySQL's modifiers between a data statement's verb and its table.
const DATA_MODIFIERS: [&str; 5] = [
    "LOW_PRIORITY",
    "DELAYED",
    "HIGH_PRIORITY",
    "QUICK",
    "IGNORE",
];

impl Cursor<'_> {
    pub(super) fn transaction(&mut self) -> Option<SchemaChange> {
        let control = if self.peek_any(&["BEGIN", "START"]) {
            TransactionControl::Begin
        } else if self.peek_any(&["COMMIT", "END"]) {
            TransactionControl::Commit
        } else if self.peek_word("ROLLBACK") && !self.is_word_at(self.pos + 1, "TO") {
            TransactionControl::Rollback
        } else {
            return None;
        };
        if self.eat("START") && !self.peek_word("TRANSACTION") {
            return None;
        }
        Some(SchemaChange::Transaction(control))
    }

    pub(super) fn data_head(&mut self) -> Option<SchemaChange> {
        let verb = self.peek()?;
        self.pos += 1;
        while self.peek_any(&DATA_MODIFIERS) || self.peek_word("ONLY") {
            self.pos += 1;
        }
        if verb.is_word(self.text, "INSERT") || verb.is_word(self.text, "REPLACE") {
            self.eat("INTO");
            let table = self.object_name()?;
            if self.eat("AS") {
                self.ident();
            }
            let columns = self.ident_list();
            Some(SchemaChange::Insert { table, columns })
        } else if verb.is_word(self.text, "UPDATE") {
            let table = self.object_name()?;
            Some(SchemaChange::Update {
                table,
                columns: Vec::new(),
            })
        } else if verb.is_word(self.text, "DELETE") {
            self.eat("FROM");
            while self.peek_word("ONLY") {
                self.pos += 1;
            }
            let table = self.object_name()?;
            Some(SchemaChange::Delete { table })
        } else {
            None
        }
    }

    /// SQLite `PRAGMA [schema.]name [= value | (value)]`.
    pub(super) fn pragma(&mut self) -> bool {
        if !self.eat("PRAGMA") || !self.eat_qualified_name() {
            return false;
        }
        if self.at_end() {
            return true;
        }
        let value = |r: &mut Self| {
            r.eat_number()
                || r.eat_kind(&[TokenKind::Word, TokenKind::String, TokenKind::QuotedIdent])
        };
        if self.eat_punct("=") {
            return value(self) && self.at_end();
        }
        self.eat_punct("(") && value(self) && self.eat_punct(")") && self.at_end()
    }

    /// PostgreSQL `DO [LANGUAGE lang] 'body' [LANGUAGE lang]` with a
    /// terminated dollar-quoted or string body.
    pub(super) fn do_block(&mut self) -> bool {
        if !self.eat("DO") {
            return false;
        }
        let language = |r: &mut Self| !r.eat("LANGUAGE") || r.eat_name();
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
        language(self) && self.at_end()
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
