//! Schemas, extensions, views, MySQL `RENAME TABLE`, and `DROP` of every
//! kind the catalog keeps but indexes.

use crate::ir::{AlterObjectOp, Ident, SchemaChange};

use crate::lexer::TokenKind;

use super::cursor::Cursor;

impl Cursor<'_> {
    pub(super) fn create_view(
        &mut self,
        or_replace: bool,
        materialized: bool,
    ) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        let name = self.object_name()?;
        let columns = self.ident_list();
        Some(SchemaChange::CreateView {
            name,
            or_replace,
            materialized,
            if_not_exists,
            columns,
            references: Vec::new(),
        })
    }

    pub(super) fn create_schema(&mut self) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        // `CREATE SCHEMA AUTHORIZATION role` names the schema after the role.
        self.eat("AUTHORIZATION");
        let name = self.ident()?;
        Some(SchemaChange::CreateSchema {
            name,
            if_not_exists,
        })
    }

    pub(super) fn create_extension(&mut self) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        let name = self.ident()?;
        let mut schema = None;
        while !self.at_end() {
            if self.eat("SCHEMA") {
                schema = self.ident();
            } else {
                self.advance();
            }
        }
        Some(SchemaChange::CreateExtension {
            name,
            if_not_exists,
            schema,
        })
    }

    pub(super) fn alter_object_op(&mut self) -> AlterObjectOp {
        let op = if self.eat_all(&["RENAME", "TO"]) {
            self.ident().map(|to| AlterObjectOp::RenameTo { to })
        } else if self.eat_all(&["SET", "SCHEMA"]) {
            self.ident()
                .map(|schema| AlterObjectOp::SetSchema { schema })
        } else {
            None
        };
        op.unwrap_or(AlterObjectOp::Other)
    }

    /// PostgreSQL `ALTER EXTENSION name UPDATE [TO version] | SET SCHEMA s |
    /// ADD|DROP member` (after `EXTENSION`), which sqlparser lacks.
    pub(super) fn alter_extension(&mut self) -> bool {
        if !self.eat_name() {
            return false;
        }
        if self.eat("UPDATE") {
            if self.eat("TO")
                && !self.eat_kind(&[TokenKind::Word, TokenKind::String, TokenKind::Number])
            {
                return false;
            }
            return self.at_end();
        }
        if self.eat_all(&["SET", "SCHEMA"]) {
            return self.eat_name() && self.at_end();
        }
        if self.eat("ADD") || self.eat("DROP") {
            // A member object, named as `COMMENT ON` names it.
            return !self.at_end();
        }
        false
    }

    /// `DROP …` after `DROP`, for every kind but indexes.
    pub(super) fn drop_object(&mut self) -> Option<SchemaChange> {
        let temporary = self.eat("TEMPORARY");
        if self.eat("TABLE") {
            let if_exists = self.if_exists();
            let names = self.object_names();
            let cascade = self.cascade();
            return (!names.is_empty()).then_some(SchemaChange::DropTable {
                names,
                if_exists,
                cascade,
            });
        }
        if temporary {
            return None;
        }
        if self.eat("TYPE") {
            let if_exists = self.if_exists();
            let names = self.object_names();
            let cascade = self.cascade();
            return (!names.is_empty()).then_some(SchemaChange::DropType {
                names,
                if_exists,
                cascade,
            });
        }
        if self.peek_any(&["VIEW", "MATERIALIZED"]) {
            let materialized = self.eat("MATERIALIZED");
            if !self.eat("VIEW") {
                return None;
            }
            let if_exists = self.if_exists();
            let names = self.object_names();
            return (!names.is_empty()).then_some(SchemaChange::DropView {
                names,
                materialized,
                if_exists,
            });
        }
        if self.eat("SEQUENCE") {
            let if_exists = self.if_exists();
            let names = self.object_names();
            return (!names.is_empty()).then_some(SchemaChange::DropSequence { names, if_exists });
        }
        if self.eat("SCHEMA") {
            let if_exists = self.if_exists();
            let names = self.ident_names();
            let cascade = self.cascade();
            return (!names.is_empty()).then_some(SchemaChange::DropSchema {
                names,
                if_exists,
                cascade,
            });
        }
        if self.eat("EXTENSION") {
            let if_exists = self.if_exists();
            let names = self.ident_names();
            return (!names.is_empty()).then_some(SchemaChange::DropExtension { names, if_exists });
        }
        None
    }

    pub(super) fn ident_names(&mut self) -> Vec<Ident> {
        let mut names = Vec::new();
        while let Some(name) = self.ident() {
            names.push(name);
            if !self.eat_punct(",") {
                break;
            }
        }
        names
    }

    /// MySQL `RENAME TABLE a TO b, c TO d`.
    pub(super) fn rename_tables(&mut self) -> Option<SchemaChange> {
        let mut pairs = Vec::new();
        loop {
            let from = self.object_name()?;
            if !self.eat("TO") {
                return None;
            }
            pairs.push((from, self.object_name()?));
            if !self.eat_punct(",") {
                break;
            }
        }
        Some(SchemaChange::RenameTables { pairs })
    }
}
