//! Sequences: `CREATE SEQUENCE`, and `ALTER SEQUENCE` (which sqlparser lacks
//! in PostgreSQL).

use crate::ir::{AlterObjectOp, SchemaChange};

use super::Recovered;
use super::cursor::Cursor;

impl Cursor<'_> {
    /// `CREATE SEQUENCE [IF NOT EXISTS] name …` after `SEQUENCE`.
    pub(super) fn create_sequence(&mut self) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        let name = self.object_name()?;
        Some(SchemaChange::CreateSequence {
            name,
            if_not_exists,
        })
    }

    /// `ALTER SEQUENCE [IF EXISTS] name option …` after `SEQUENCE`; `strict`
    /// in PostgreSQL, where the whole form is one sqlparser lacks. The first
    /// option gives the effect (`RENAME TO`, `SET SCHEMA`).
    pub(super) fn alter_sequence(&mut self, strict: bool) -> Recovered {
        let if_exists = self.if_exists();
        let Some(name) = self.object_name() else {
            return Recovered::unread();
        };
        let mut op = None;
        let mut valid = !self.at_end();
        let mut first = true;
        while !self.at_end() {
            let (ok, effect) = self.sequence_option();
            if first {
                op = effect;
                first = false;
            }
            if !ok {
                valid = false;
                break;
            }
        }
        Recovered {
            change: SchemaChange::AlterSequence {
                name,
                if_exists,
                op: op.unwrap_or(AlterObjectOp::Other),
            },
            valid: strict && valid,
        }
    }

    /// One option of `ALTER SEQUENCE`: whether it is well formed, and its
    /// effect on the catalog.
    fn sequence_option(&mut self) -> (bool, Option<AlterObjectOp>) {
        if self.eat_all(&["RENAME", "TO"]) {
            let to = self.ident();
            return (to.is_some(), to.map(|to| AlterObjectOp::RenameTo { to }));
        }
        if self.eat_all(&["SET", "SCHEMA"]) {
            let schema = self.ident();
            return (
                schema.is_some(),
                schema.map(|schema| AlterObjectOp::SetSchema { schema }),
            );
        }
        let ok = if self.eat_all(&["OWNED", "BY"]) {
            self.eat("NONE") || self.eat_qualified_name()
        } else if self.eat_all(&["OWNER", "TO"]) || self.eat("AS") {
            self.eat_name()
        } else if self.eat_all(&["SET", "LOGGED"]) || self.eat_all(&["SET", "UNLOGGED"]) {
            true
        } else if self.eat("RESTART") {
            // `RESTART` alone, or `RESTART [WITH] n`.
            if self.eat("WITH") {
                self.eat_number()
            } else {
                let _ = self.eat_number();
                true
            }
        } else if self.eat("INCREMENT") {
            let _ = self.eat("BY");
            self.eat_number()
        } else if self.eat("START") {
            let _ = self.eat("WITH");
            self.eat_number()
        } else if self.eat("MINVALUE") || self.eat("MAXVALUE") || self.eat("CACHE") {
            self.eat_number()
        } else if self.eat("NO") {
            self.eat("MINVALUE") || self.eat("MAXVALUE") || self.eat("CYCLE")
        } else {
            self.eat("CYCLE")
        };
        (ok, None)
    }
}
