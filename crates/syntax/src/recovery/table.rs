//! Tables: `CREATE TABLE` and its elements, `ALTER TABLE` and its actions
//! (with the PostgreSQL actions sqlparser lacks), MySQL `RENAME TABLE`.

use miglint_source::{Dialect, Span};

use crate::ir::{
    AlterColumnOp, AlterTableAction, AlterTableOp, ColumnConstraint, ColumnDef, ConstraintKind,
    ForeignKeyRef, Ident, IdentityKind, SchemaChange, SqlText, TableConstraint,
};

use super::Recovered;
use super::cursor::Cursor;

/// Words that end a column's type and start its attributes.
const COLUMN_ATTRIBUTES: [&str; 16] = [
    "CONSTRAINT",
    "NOT",
    "NULL",
    "DEFAULT",
    "PRIMARY",
    "UNIQUE",
    "REFERENCES",
    "CHECK",
    "GENERATED",
    "AUTO_INCREMENT",
    "AUTOINCREMENT",
    "COLLATE",
    "COMMENT",
    "ON",
    "AS",
    "CHARSET",
];

/// Words a PostgreSQL or MySQL type may go on with after its first word:
/// `double precision`, `character varying`, `national char`, `timestamp(3)
/// with time zone`, `interval day to second`, `int unsigned zerofill`,
/// `varchar(10) binary`, `int array`.
const TYPE_CONTINUATIONS: [&str; 24] = [
    "PRECISION",
    "VARYING",
    "CHARACTER",
    "CHAR",
    "VARCHAR",
    "NCHAR",
    "VARBINARY",
    "WITH",
    "WITHOUT",
    "LOCAL",
    "TIME",
    "ZONE",
    "YEAR",
    "MONTH",
    "DAY",
    "HOUR",
    "MINUTE",
    "SECOND",
    "TO",
    "UNSIGNED",
    "SIGNED",
    "ZEROFILL",
    "BINARY",
    "ARRAY",
];

/// How one `ALTER TABLE` action was read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    /// An action sqlparser lacks that leaves the catalog as it is: it may
    /// be blanked so that sqlparser reads the others.
    LackingNoEffect,
    /// An action sqlparser lacks whose effect this reader returns.
    Lacking,
    /// `SET SCHEMA name`, exactly.
    SetSchema,
    /// Anything else (sqlparser's to read; here read leniently).
    Other,
}

impl Cursor<'_> {
    pub(super) fn create_table(&mut self, temporary: bool) -> Option<SchemaChange> {
        let if_not_exists = self.if_not_exists();
        let name = self.object_name()?;
        let mut columns = Vec::new();
        let mut constraints = Vec::new();
        let mut columns_unknown = false;
        if self.peek_punct("(") {
            let end = self.group_end(self.pos);
            let parts = self.comma_parts(self.pos + 1, end.saturating_sub(1));
            for (from, to) in parts {
                self.within(from, to, |reader| {
                    reader.table_element(&mut columns, &mut constraints, &mut columns_unknown);
                });
            }
            self.pos = end;
        }
        // `AS SELECT`, `LIKE t`, `PARTITION OF t`, `OF type`, `INHERITS (t)`.
        while let Some(token) = self.peek() {
            if ["AS", "LIKE", "OF", "INHERITS", "SELECT"]
                .iter()
                .any(|w| token.is_word(self.text, w))
            {
                columns_unknown = true;
                break;
            }
            self.advance();
        }
        Some(SchemaChange::CreateTable {
            name,
            if_not_exists,
            temporary,
            columns,
            constraints,
            columns_unknown,
        })
    }

    pub(super) fn table_element(
        &mut self,
        columns: &mut Vec<ColumnDef>,
        constraints: &mut Vec<TableConstraint>,
        columns_unknown: &mut bool,
    ) {
        if self.peek_word("LIKE") {
            *columns_unknown = true;
        } else if self.starts_table_constraint() {
            constraints.extend(self.table_constraint());
        } else if self.starts_mysql_index() {
            constraints.extend(self.inline_index());
        } else {
            columns.extend(self.column_def());
        }
    }

    pub(super) fn starts_table_constraint(&self) -> bool {
        self.peek_any(&["CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN", "CHECK"])
            || (self.peek_word("EXCLUDE")
                && (self.is_word_at(self.pos + 1, "USING") || self.is_punct_at(self.pos + 1, "(")))
    }

    pub(super) fn starts_mysql_index(&self) -> bool {
        self.dialect == Dialect::MySql && self.peek_any(&["INDEX", "KEY", "FULLTEXT", "SPATIAL"])
    }

    pub(super) fn column_def(&mut self) -> Option<ColumnDef> {
        let start = self.pos;
        let name = self.ident()?;
        let type_start = self.pos;
        self.skip_column_type();
        let mut column = ColumnDef::new(name, self.sql_text(type_start, self.pos), Span::default());
        // `CONSTRAINT name` waiting for the constraint it names.
        let mut constraint_name = None;
        while !self.at_end() {
            self.column_attribute(&mut column, &mut constraint_name);
        }
        column.span = self.span_of(start, self.pos).unwrap_or(column.name.span);
        Some(column)
    }

    /// A column's type. SQLite takes any run of names; PostgreSQL and MySQL a
    /// (qualified) name, its modifiers and only the words a type continues
    /// with, so text the statement does not own (a down section run as part
    /// of the up one) ends the type instead of becoming it.
    fn skip_column_type(&mut self) {
        let mut first = true;
        while !self.at_end() && !self.at_column_attribute() {
            let part_of_type = first
                || self.dialect == Dialect::Sqlite
                || self.peek_any(&TYPE_CONTINUATIONS)
                || ["(", "[", "]", "."].iter().any(|p| self.peek_punct(p))
                || self.previous_is_dot()
                || self.peek_number_in_brackets();
            if !part_of_type {
                return;
            }
            first = false;
            self.advance();
        }
    }

    fn previous_is_dot(&self) -> bool {
        self.pos
            .checked_sub(1)
            .is_some_and(|previous| self.is_punct_at(previous, "."))
    }

    /// The `4` of `int[4]`.
    fn peek_number_in_brackets(&self) -> bool {
        self.pos
            .checked_sub(1)
            .is_some_and(|previous| self.is_punct_at(previous, "["))
    }

    pub(super) fn at_column_attribute(&self) -> bool {
        self.peek_any(&COLUMN_ATTRIBUTES)
            || (self.peek_word("CHARACTER") && self.is_word_at(self.pos + 1, "SET"))
            || (self.dialect == Dialect::MySql && self.peek_word("KEY"))
    }

    pub(super) fn column_attribute(
        &mut self,
        column: &mut ColumnDef,
        constraint_name: &mut Option<Ident>,
    ) {
        if self.eat("CONSTRAINT") {
            *constraint_name = if self.at_column_attribute() {
                None
            } else {
                self.ident()
            };
            return;
        }
        let name = constraint_name.take();
        let named = |kind: ColumnConstraint, column: &mut ColumnDef| {
            if let Some(name) = name.clone() {
                column.constraint_names.push((kind, name));
            }
        };
        if self.eat_all(&["NOT", "NULL"]) {
            column.not_null = true;
        } else if self.eat("DEFAULT") {
            column.default = self.expression_until_attribute();
        } else if self.eat_all(&["PRIMARY", "KEY"]) || self.eat("KEY") {
            named(ColumnConstraint::PrimaryKey, column);
            column.primary_key = true;
        } else if self.eat("UNIQUE") {
            self.eat("KEY");
            named(ColumnConstraint::Unique, column);
            column.unique = true;
        } else if self.eat("REFERENCES") {
            named(ColumnConstraint::References, column);
            column.references = self.references();
        } else if self.eat("CHECK") {
            named(ColumnConstraint::Check(column.checks.len()), column);
            column.checks.extend(self.group_text());
        } else if self.eat("GENERATED") {
            self.generated(column);
        } else if self.eat("AS") {
            column.generated = self.group_text();
        } else if self.eat("AUTO_INCREMENT") || self.eat("AUTOINCREMENT") {
            column.auto_increment = true;
        } else if self.eat("COLLATE") {
            // The name as written (quotes kept), as sqlparser's lowering has it.
            let start = self.pos;
            column.collation = match self.object_name() {
                Some(_) => self.raw_text(start, self.pos),
                None => self.string().map(|s| s.value),
            };
        } else if self.eat_all(&["ON", "UPDATE"]) {
            self.expression_until_attribute();
        } else {
            self.advance();
        }
    }

    /// `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY […]` or `… AS (expr) [STORED]`.
    pub(super) fn generated(&mut self, column: &mut ColumnDef) {
        let kind = if self.eat("ALWAYS") {
            IdentityKind::Always
        } else if self.eat_all(&["BY", "DEFAULT"]) {
            IdentityKind::ByDefault
        } else {
            return;
        };
        if !self.eat("AS") {
            return;
        }
        if self.eat("IDENTITY") {
            column.identity = Some(kind);
            if self.peek_punct("(") {
                self.advance();
            }
        } else {
            column.generated = self.group_text();
        }
    }

    /// Tokens from the cursor to the next column attribute, the first always.
    pub(super) fn expression_until_attribute(&mut self) -> Option<SqlText> {
        let start = self.pos;
        self.advance();
        while !self.at_end() && !self.at_column_attribute() {
            self.advance();
        }
        self.sql_text(start, self.pos)
    }

    pub(super) fn references(&mut self) -> Option<ForeignKeyRef> {
        let table = self.object_name()?;
        let columns = self.ident_list();
        let mut reference = ForeignKeyRef {
            table,
            columns,
            on_delete: None,
            on_update: None,
        };
        loop {
            if self.eat("MATCH") {
                self.pos += 1;
            } else if self.eat_all(&["ON", "DELETE"]) {
                reference.on_delete = self.referential_action();
            } else if self.eat_all(&["ON", "UPDATE"]) {
                reference.on_update = self.referential_action();
            } else {
                break;
            }
        }
        Some(reference)
    }

    pub(super) fn referential_action(&mut self) -> Option<String> {
        let action = if self.eat_all(&["NO", "ACTION"]) {
            "NO ACTION"
        } else if self.eat_all(&["SET", "NULL"]) {
            "SET NULL"
        } else if self.eat_all(&["SET", "DEFAULT"]) {
            "SET DEFAULT"
        } else if self.eat("CASCADE") {
            "CASCADE"
        } else if self.eat("RESTRICT") {
            "RESTRICT"
        } else {
            return None;
        };
        // PostgreSQL 15: `SET NULL (columns)`.
        if self.peek_punct("(") {
            self.advance();
        }
        Some(action.to_owned())
    }

    pub(super) fn table_constraint(&mut self) -> Option<TableConstraint> {
        let start = self.pos;
        let mut name = None;
        if self.eat("CONSTRAINT")
            && !self.peek_any(&["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "EXCLUDE"])
        {
            name = self.ident();
        }
        let kind = if self.eat_all(&["PRIMARY", "KEY"]) {
            if self.eat_all(&["USING", "INDEX"]) {
                ConstraintKind::UsingIndex {
                    primary: true,
                    index: self.ident()?,
                }
            } else {
                self.skip_to_group();
                ConstraintKind::PrimaryKey {
                    columns: self.ident_list(),
                }
            }
        } else if self.eat("UNIQUE") {
            if self.eat("KEY") || self.eat("INDEX") || self.dialect == Dialect::MySql {
                let index_name = self.optional_index_name();
                name = name.or(index_name);
            }
            if self.eat_all(&["USING", "INDEX"]) {
                ConstraintKind::UsingIndex {
                    primary: false,
                    index: self.ident()?,
                }
            } else {
                self.skip_to_group();
                ConstraintKind::Unique {
                    columns: self.ident_list(),
                }
            }
        } else if self.eat_all(&["FOREIGN", "KEY"]) {
            if !self.peek_punct("(") {
                let index_name = self.ident();
                name = name.or(index_name);
            }
            let columns = self.ident_list();
            if !self.eat("REFERENCES") {
                return None;
            }
            ConstraintKind::ForeignKey {
                columns,
                references: self.references()?,
            }
        } else if self.eat("CHECK") {
            ConstraintKind::Check {
                expr: self.group_text()?,
            }
        } else if self.eat("EXCLUDE") {
            ConstraintKind::Exclude
        } else {
            return None;
        };
        let mut not_valid = false;
        while !self.at_end() {
            if self.eat_all(&["NOT", "VALID"]) {
                not_valid = true;
            } else {
                self.advance();
            }
        }
        Some(TableConstraint {
            name,
            kind,
            not_valid,
            span: self.span_of(start, self.pos)?,
        })
    }

    /// Skips words such as `USING BTREE` or `NULLS NOT DISTINCT` before a column list.
    pub(super) fn skip_to_group(&mut self) {
        while !self.at_end() && !self.peek_punct("(") {
            self.pos += 1;
        }
    }

    /// A MySQL index name before its column list, if there is one.
    pub(super) fn optional_index_name(&mut self) -> Option<Ident> {
        if self.peek_punct("(") || self.peek_word("USING") {
            None
        } else {
            self.ident()
        }
    }

    /// `ALTER TABLE …` after `TABLE`; `strict` when the statement began
    /// exactly `ALTER TABLE` in PostgreSQL, where the forms sqlparser lacks
    /// are valid: `ALL IN TABLESPACE …`, `SET SCHEMA s` alone, or a list
    /// whose every action is one sqlparser lacks.
    pub(super) fn alter_table(&mut self, strict: bool) -> Recovered {
        let start = self.pos;
        if strict && self.all_in_tablespace() {
            // Moves storage only.
            return Recovered::valid(SchemaChange::Other);
        }
        self.pos = start;
        let Some((if_exists, name)) = self.alter_table_head() else {
            return Recovered::unread();
        };
        let parts = self.comma_parts_all(self.pos, self.limit);
        // Every action is a form sqlparser lacks, or it is `SET SCHEMA s` alone.
        let mut lacking = !parts.is_empty();
        let single = parts.len() == 1;
        let mut actions = Vec::new();
        for (from, to) in parts {
            let Some(span) = self.span_of(from, to) else {
                lacking = false;
                continue;
            };
            let (ops, read) = self.within(from, to, Cursor::alter_table_action);
            lacking &= matches!(read, Action::Lacking | Action::LackingNoEffect)
                || single && read == Action::SetSchema;
            actions.extend(ops.into_iter().map(|op| AlterTableAction { op, span }));
        }
        let change = SchemaChange::AlterTable {
            name,
            if_exists,
            actions,
        };
        Recovered {
            change,
            valid: strict && lacking,
        }
    }

    /// `[IF EXISTS] [ONLY] name [*]` after `ALTER TABLE`.
    pub(super) fn alter_table_head(&mut self) -> Option<(bool, crate::ir::ObjectName)> {
        let if_exists = self.if_exists();
        self.eat("ONLY");
        let name = self.object_name()?;
        self.eat_punct("*");
        Some((if_exists, name))
    }

    /// PostgreSQL `ALL IN TABLESPACE t [OWNED BY r, …] SET TABLESPACE u [NOWAIT]`.
    fn all_in_tablespace(&mut self) -> bool {
        if !self.eat_all(&["ALL", "IN", "TABLESPACE"]) || !self.eat_name() {
            return false;
        }
        if self.eat_all(&["OWNED", "BY"]) {
            while self.eat_name() && self.eat_punct(",") {}
        }
        self.eat_all(&["SET", "TABLESPACE"]) && self.eat_name() && {
            self.eat("NOWAIT");
            self.at_end()
        }
    }

    /// One action (the cursor's limit ends it) and how it was read.
    pub(super) fn alter_table_action(&mut self) -> (Vec<AlterTableOp>, Action) {
        let start = self.pos;
        if let Some((op, action)) = self.lacking_table_action() {
            return (vec![op], action);
        }
        self.pos = start;
        if self.eat("ADD") {
            return (self.add_action(), Action::Other);
        }
        let mut read = Action::Other;
        let op = if self.eat("DROP") {
            self.drop_action()
        } else if self.eat("RENAME") {
            self.rename_action()
        } else if self.eat("ALTER") {
            self.alter_column_action()
        } else if self.eat_all(&["SET", "SCHEMA"]) {
            let op = self
                .ident()
                .map(|schema| AlterTableOp::SetSchema { schema });
            if op.is_some() && self.at_end() {
                read = Action::SetSchema;
            }
            op
        } else if self.eat_all(&["VALIDATE", "CONSTRAINT"]) {
            self.ident()
                .map(|name| AlterTableOp::ValidateConstraint { name })
        } else if self.eat("MODIFY") {
            self.eat("COLUMN");
            self.column_def().map(|column| AlterTableOp::ReplaceColumn {
                old_name: column.name.clone(),
                column,
            })
        } else if self.eat("CHANGE") {
            self.eat("COLUMN");
            self.ident().and_then(|old_name| {
                self.column_def()
                    .map(|column| AlterTableOp::ReplaceColumn { old_name, column })
            })
        } else {
            None
        };
        (vec![op.unwrap_or(AlterTableOp::Other)], read)
    }

    /// A PostgreSQL `ALTER TABLE` action sqlparser lacks, read whole (to the
    /// cursor's limit), with its effect: `ALTER CONSTRAINT c [NOT] DEFERRABLE
    /// | INITIALLY …`, `CLUSTER ON i`, `SET WITHOUT {CLUSTER | OIDS}`, `SET
    /// {TABLESPACE | ACCESS METHOD} x`, and `ALTER [COLUMN] c` with `SET
    /// STATISTICS n`, `SET {STORAGE | COMPRESSION} x`, `{SET | RESET}
    /// (options)`, `SET GENERATED …` or `RESTART [[WITH] n]`. `None` (cursor
    /// anywhere) when the action is none of these.
    pub(super) fn lacking_table_action(&mut self) -> Option<(AlterTableOp, Action)> {
        let other = Some((AlterTableOp::Other, Action::LackingNoEffect));
        let read = if self.eat_all(&["ALTER", "CONSTRAINT"]) {
            if !self.eat_name() {
                return None;
            }
            loop {
                if self.eat("DEFERRABLE") || self.eat_all(&["NOT", "DEFERRABLE"]) {
                    continue;
                }
                if !self.eat("INITIALLY") {
                    break;
                }
                if !(self.eat("DEFERRED") || self.eat("IMMEDIATE")) {
                    return None;
                }
            }
            other
        } else if self.eat_all(&["CLUSTER", "ON"]) {
            if !self.eat_name() {
                return None;
            }
            other
        } else if self.eat_all(&["SET", "WITHOUT", "CLUSTER"])
            || self.eat_all(&["SET", "WITHOUT", "OIDS"])
        {
            other
        } else if self.eat_all(&["SET", "TABLESPACE"]) || self.eat_all(&["SET", "ACCESS", "METHOD"])
        {
            if !self.eat_name() {
                return None;
            }
            other
        } else if self.eat("ALTER") {
            let column_keyword = self.eat("COLUMN");
            // Without `COLUMN`, these words start other actions.
            let named_like_action =
                !column_keyword && self.peek_any(&["CONSTRAINT", "INDEX", "CHECK"]);
            let name = self.ident()?;
            let action = if self.eat_all(&["SET", "STATISTICS"]) {
                self.eat_number().then_some(Action::LackingNoEffect)
            } else if self.eat_all(&["SET", "STORAGE"]) || self.eat_all(&["SET", "COMPRESSION"]) {
                self.eat_name().then_some(Action::LackingNoEffect)
            } else if self.eat("SET") || self.eat("RESET") {
                if self.peek_punct("(") {
                    self.eat_group().then_some(Action::LackingNoEffect)
                } else if self.eat("GENERATED") {
                    // Changes the identity's kind.
                    if !(self.eat("ALWAYS") || self.eat_all(&["BY", "DEFAULT"])) {
                        return None;
                    }
                    self.identity_options();
                    Some(Action::Lacking)
                } else {
                    None
                }
            } else if self.eat("RESTART") {
                if self.eat("WITH") {
                    self.eat_number().then_some(Action::LackingNoEffect)
                } else {
                    let _ = self.eat_number();
                    Some(Action::LackingNoEffect)
                }
            } else {
                None
            }?;
            let op = if named_like_action {
                AlterTableOp::Other
            } else {
                AlterTableOp::AlterColumn {
                    name,
                    op: AlterColumnOp::Other,
                }
            };
            Some((op, action))
        } else {
            None
        };
        read.filter(|_| self.at_end())
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
                let _ = self.eat_number() || self.eat("CYCLE") || self.eat_all(&["NO", "CYCLE"]);
            } else if self.eat("RESTART") {
                let _ = self.eat("WITH");
                let _ = self.eat_number();
            }
            if self.pos == before {
                return;
            }
        }
    }

    pub(super) fn add_action(&mut self) -> Vec<AlterTableOp> {
        let mysql_index = self.dialect == Dialect::MySql
            && (self.peek_any(&["INDEX", "KEY", "FULLTEXT", "SPATIAL"])
                || (self.peek_word("UNIQUE")
                    && (self.is_word_at(self.pos + 1, "INDEX")
                        || self.is_word_at(self.pos + 1, "KEY"))));
        if mysql_index {
            return vec![self.add_index()];
        }
        if self.starts_table_constraint() {
            // An added constraint spans its whole action, `ADD` included, as
            // sqlparser's lowering has it.
            let action = self
                .pos
                .checked_sub(1)
                .and_then(|add| self.span_of(add, self.limit));
            return vec![
                self.table_constraint()
                    .map_or(AlterTableOp::Other, |mut constraint| {
                        constraint.span = action.unwrap_or(constraint.span);
                        AlterTableOp::AddConstraint { constraint }
                    }),
            ];
        }
        self.eat("COLUMN");
        let if_not_exists = self.if_not_exists();
        if self.peek_punct("(") {
            // MySQL `ADD (a INT, b INT)`.
            let end = self.group_end(self.pos);
            let parts = self.comma_parts(self.pos + 1, end.saturating_sub(1));
            let ops = parts
                .into_iter()
                .filter_map(|(from, to)| self.within(from, to, Cursor::column_def))
                .map(|column| AlterTableOp::AddColumn {
                    column,
                    if_not_exists,
                })
                .collect();
            self.pos = end;
            return ops;
        }
        vec![
            self.column_def()
                .map_or(AlterTableOp::Other, |column| AlterTableOp::AddColumn {
                    column,
                    if_not_exists,
                }),
        ]
    }

    /// MySQL's inline `{INDEX|KEY|FULLTEXT|SPATIAL} [name] [USING m] (keys)` in `CREATE TABLE`.
    pub(super) fn inline_index(&mut self) -> Option<TableConstraint> {
        let start = self.pos;
        let AlterTableOp::AddIndex {
            name, keys, method, ..
        } = self.add_index()
        else {
            return None;
        };
        Some(TableConstraint {
            name,
            kind: ConstraintKind::Index { keys, method },
            not_valid: false,
            span: self.span_of(start, self.pos)?,
        })
    }

    /// MySQL `ADD [UNIQUE] {INDEX|KEY} [name] [USING m] (keys)`.
    pub(super) fn add_index(&mut self) -> AlterTableOp {
        let unique = self.eat("UNIQUE");
        let method = self.fulltext_or_spatial();
        if !self.eat("INDEX") {
            self.eat("KEY");
        }
        let name = self.optional_index_name();
        self.skip_to_group();
        let keys = self.index_keys();
        AlterTableOp::AddIndex {
            name,
            unique,
            keys,
            method,
        }
    }

    /// MySQL's `FULLTEXT` / `SPATIAL` index kind, lower-cased.
    pub(super) fn fulltext_or_spatial(&mut self) -> Option<String> {
        if self.eat("FULLTEXT") {
            Some("fulltext".to_owned())
        } else if self.eat("SPATIAL") {
            Some("spatial".to_owned())
        } else {
            None
        }
    }

    pub(super) fn drop_action(&mut self) -> Option<AlterTableOp> {
        if self.eat("CONSTRAINT") || self.eat_all(&["FOREIGN", "KEY"]) || self.eat("CHECK") {
            let if_exists = self.if_exists();
            let name = self.ident()?;
            let cascade = self.cascade();
            Some(AlterTableOp::DropConstraint {
                name,
                if_exists,
                cascade,
            })
        } else if self.eat_all(&["PRIMARY", "KEY"]) {
            Some(AlterTableOp::DropPrimaryKey)
        } else if self.peek_any(&["INDEX", "KEY"]) {
            self.pos += 1;
            let name = self.ident()?;
            Some(AlterTableOp::DropIndex { name })
        } else if self.peek_any(&["DEFAULT", "PARTITION", "FOREIGN"]) {
            None
        } else {
            self.eat("COLUMN");
            let if_exists = self.if_exists();
            let name = self.ident()?;
            let cascade = self.cascade();
            Some(AlterTableOp::DropColumn {
                name,
                if_exists,
                cascade,
            })
        }
    }

    pub(super) fn rename_action(&mut self) -> Option<AlterTableOp> {
        if self.eat("TO") || self.eat("AS") {
            let to = self.object_name()?;
            return Some(AlterTableOp::RenameTable { to });
        }
        if self.eat("CONSTRAINT") {
            let (from, to) = self.renamed_pair()?;
            return Some(AlterTableOp::RenameConstraint { from, to });
        }
        if self.peek_any(&["INDEX", "KEY"]) {
            self.pos += 1;
            let (from, to) = self.renamed_pair()?;
            return Some(AlterTableOp::RenameIndex { from, to });
        }
        let column_keyword = self.eat("COLUMN");
        if !column_keyword && !self.is_word_at(self.pos + 1, "TO") {
            // MySQL `RENAME new_name`.
            let to = self.object_name()?;
            return self.at_end().then_some(AlterTableOp::RenameTable { to });
        }
        let (from, to) = self.renamed_pair()?;
        Some(AlterTableOp::RenameColumn { from, to })
    }

    pub(super) fn renamed_pair(&mut self) -> Option<(Ident, Ident)> {
        let from = self.ident()?;
        if !self.eat("TO") {
            return None;
        }
        Some((from, self.ident()?))
    }

    pub(super) fn alter_column_action(&mut self) -> Option<AlterTableOp> {
        if self.peek_any(&["CONSTRAINT", "INDEX", "CHECK"]) {
            return None;
        }
        self.eat("COLUMN");
        let name = self.ident()?;
        let op = if self.eat("TYPE") || self.eat_all(&["SET", "DATA", "TYPE"]) {
            let start = self.pos;
            while !self.at_end() && !self.peek_any(&["USING", "COLLATE"]) {
                self.advance();
            }
            let data_type = self.sql_text(start, self.pos)?;
            let mut using = None;
            while !self.at_end() {
                if self.eat("USING") {
                    let from = self.pos;
                    while !self.at_end() && !self.peek_word("COLLATE") {
                        self.advance();
                    }
                    using = self.sql_text(from, self.pos);
                } else {
                    self.advance();
                }
            }
            AlterColumnOp::SetType { data_type, using }
        } else if self.eat_all(&["SET", "NOT", "NULL"]) {
            AlterColumnOp::SetNotNull
        } else if self.eat_all(&["DROP", "NOT", "NULL"]) {
            AlterColumnOp::DropNotNull
        } else if self.eat_all(&["SET", "DEFAULT"]) {
            let start = self.pos;
            self.pos = self.limit;
            AlterColumnOp::SetDefault {
                default: self.sql_text(start, self.limit)?,
            }
        } else if self.eat_all(&["DROP", "DEFAULT"]) {
            AlterColumnOp::DropDefault
        } else if self.eat_all(&["DROP", "IDENTITY"]) {
            AlterColumnOp::DropIdentity
        } else if self.eat_all(&["ADD", "GENERATED"]) {
            let kind = if self.eat("ALWAYS") {
                IdentityKind::Always
            } else if self.eat_all(&["BY", "DEFAULT"]) {
                IdentityKind::ByDefault
            } else {
                return None;
            };
            if !self.eat_all(&["AS", "IDENTITY"]) {
                return None;
            }
            AlterColumnOp::AddIdentity { kind }
        } else {
            AlterColumnOp::Other
        };
        Some(AlterTableOp::AlterColumn { name, op })
    }
}
