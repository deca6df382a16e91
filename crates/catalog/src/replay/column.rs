//! Columns: lookup, add, alter, rename, replace and drop, with what follows them.

use miglint_source::{Dialect, Span};
use miglint_syntax::ir::{
    AlterColumnOp, ColumnConstraint, ColumnDef, ConstraintKind as IrConstraintKind, Ident,
    IdentityKind, TableConstraint,
};

use super::Replay;
use crate::naming;
use crate::types::{SqlType, normalize_column_default, normalize_default, parse_type};
use crate::{
    Column, ColumnId, ConstraintKind, History, Identity, Index, ObjectKind, OwnedBy, ReplayEvent,
    Sequence, TableId,
};

/// The result of looking a column up on a table.
pub(super) enum ColumnLookup {
    Found(ColumnId),
    /// The table's columns are unknown (assumed or `CREATE TABLE … AS`).
    Unknown,
    Missing,
}

impl Replay<'_> {
    /// The table's columns that `expression` names, in table order.
    pub(super) fn columns_named_in(&self, t: TableId, expression: &str) -> Vec<String> {
        // Words as written (a quoted name) and folded (an unquoted one).
        let words: Vec<String> = expression
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
            .filter(|w| !w.is_empty())
            .flat_map(|w| [w.to_owned(), w.to_lowercase()])
            .collect();
        self.catalog.tables.get(t.0).map_or_else(Vec::new, |table| {
            table
                .columns
                .iter()
                .filter(|c| words.iter().any(|w| self.same(w, &c.name)))
                .map(|c| c.name.clone())
                .collect()
        })
    }

    pub(super) fn lookup_column(&self, t: TableId, name: &str) -> ColumnLookup {
        let Some(table) = self.catalog.tables.get(t.0) else {
            return ColumnLookup::Unknown;
        };
        match table
            .columns
            .position("", name, |c| self.same(&c.name, name))
        {
            Some(c) => ColumnLookup::Found(ColumnId(c)),
            None if table.assumed => ColumnLookup::Unknown,
            None => ColumnLookup::Missing,
        }
    }

    /// The column a statement names on table `t`; reports it when missing.
    /// `None` also when the table's columns are unknown.
    pub(super) fn existing_column(&mut self, t: TableId, column: &Ident) -> Option<ColumnId> {
        let name = self.fold(column);
        match self.lookup_column(t, &name) {
            ColumnLookup::Found(c) => Some(c),
            ColumnLookup::Unknown => None,
            ColumnLookup::Missing => {
                self.unknown_column(t, name, column.span);
                None
            }
        }
    }

    pub(super) fn unknown_column(&mut self, t: TableId, column: String, span: Span) {
        let table = self
            .catalog
            .tables
            .get(t.0)
            .map(|t| self.shown(&t.schema, &t.name))
            .unwrap_or_default();
        self.events.push(ReplayEvent::UnknownColumn {
            table,
            column,
            span,
        });
    }

    /// Adds a column with its column-level constraints (`ADD COLUMN` and `CREATE TABLE`).
    pub(super) fn add_column(&mut self, t: TableId, def: &ColumnDef, if_not_exists: bool) {
        let name = self.fold(&def.name);
        if let ColumnLookup::Found(c) = self.lookup_column(t, &name) {
            if !if_not_exists {
                let (schema, table) = self.table_key(t);
                let previous = self
                    .catalog
                    .tables
                    .get(t.0)
                    .and_then(|tb| tb.columns.get(c.0))
                    .map(|col| col.history.created);
                self.already_exists(
                    ObjectKind::Column,
                    format!("{}.{name}", self.shown(&schema, &table)),
                    def.name.span,
                    previous,
                );
            }
            return;
        }
        let column = self.build_column(t, def, &name);
        if let Some(table) = self.table_mut(t) {
            table.columns.push(column);
        }
        self.column_constraints(t, def, &name);
    }

    pub(super) fn build_column(&mut self, t: TableId, def: &ColumnDef, name: &str) -> Column {
        let dialect = self.catalog.dialect;
        let type_text = def
            .data_type
            .as_ref()
            .map(|d| d.text.trim().to_ascii_lowercase());
        let serial = dialect == Dialect::Postgres
            && type_text.as_deref().is_some_and(crate::types::is_serial);
        let data_type = def.data_type.as_ref().map(|d| parse_type(&d.text, dialect));
        // MySQL's SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
        let mysql_serial = is_mysql_serial(dialect, def);
        let mut default = def
            .default
            .as_ref()
            .map(|d| normalize_column_default(&d.text, dialect, data_type.as_ref()));
        let mut default_text = def.default.as_ref().map(|d| d.text.clone());
        // SQLite keeps `DEFAULT NULL` as written (`PRAGMA table_info`).
        if dialect != Dialect::Sqlite && default.as_deref().is_some_and(is_null_default) {
            default_text = default
                .as_deref()
                .filter(|_| dialect == Dialect::Postgres)
                .and_then(|d| postgres_stored_null(d, data_type.as_ref()));
            default = default_text
                .as_deref()
                .map(|d| normalize_default(d, dialect));
        }
        if serial {
            default = Some(self.create_owned_sequence(t, name));
            // As PostgreSQL prints it.
            default_text = default
                .as_ref()
                .map(|d| d.replacen("')", "'::regclass)", 1));
        }
        // SQLite lets a non-INTEGER primary key hold NULL.
        let key_not_null = def.primary_key
            && (dialect != Dialect::Sqlite || type_text.as_deref().is_some_and(|t| t == "integer"));
        Column {
            name: name.to_owned(),
            data_type,
            nullable: !(def.not_null
                || key_not_null
                || serial
                || mysql_serial
                || def.identity.is_some()),
            default,
            default_text,
            identity: def.identity.map(identity),
            generated: def.generated.is_some(),
            auto_increment: def.auto_increment || serial || mysql_serial,
            // A column's history starts at its own definition, so a label
            // can point at the line that made it.
            history: if def.span.is_empty() {
                self.history()
            } else {
                History::new(crate::Origin {
                    file: self.at.file,
                    span: def.span,
                })
            },
        }
    }

    /// Creates `<table>_<column>_seq` owned by the column; returns the column default.
    pub(super) fn create_owned_sequence(&mut self, t: TableId, column: &str) -> String {
        let (schema, table) = self.table_key(t);
        let sequences = &self.catalog.sequences;
        let name = naming::postgres_unique_name(&table, Some(column), "seq", |n| {
            sequences
                .position(&schema, n, |s| s.schema == schema && s.name == n)
                .is_some()
        });
        let qualified = if schema == self.catalog.default_schema {
            crate::names::quote_postgres(&name)
        } else {
            format!(
                "{}.{}",
                crate::names::quote_postgres(&schema),
                crate::names::quote_postgres(&name)
            )
        };
        self.catalog.sequences.push(Sequence {
            schema: schema.clone(),
            name,
            owned_by: Some(OwnedBy {
                table: (schema, table),
                column: column.to_owned(),
            }),
            history: self.history(),
        });
        normalize_default(
            &format!("nextval('{}'::regclass)", qualified.replace('\'', "''")),
            self.catalog.dialect,
        )
    }

    pub(super) fn column_constraints(&mut self, t: TableId, def: &ColumnDef, name: &str) {
        let column = Ident {
            value: name.to_owned(),
            quoted: true,
            span: def.name.span,
        };
        let named = |which: ColumnConstraint| {
            def.constraint_names
                .iter()
                .find(|(kind, _)| *kind == which)
                .map(|(_, name)| name.clone())
        };
        let mut implied = Vec::new();
        if def.primary_key {
            implied.push((
                named(ColumnConstraint::PrimaryKey),
                IrConstraintKind::PrimaryKey {
                    columns: vec![column.clone()],
                },
            ));
        }
        if def.unique || is_mysql_serial(self.catalog.dialect, def) {
            implied.push((
                named(ColumnConstraint::Unique),
                IrConstraintKind::Unique {
                    columns: vec![column.clone()],
                },
            ));
        }
        // MySQL parses a column's own REFERENCES and creates no foreign key.
        if let Some(references) = def
            .references
            .as_ref()
            .filter(|_| self.catalog.dialect != Dialect::MySql)
        {
            implied.push((
                named(ColumnConstraint::References),
                IrConstraintKind::ForeignKey {
                    columns: vec![column.clone()],
                    references: references.clone(),
                },
            ));
        }
        for (i, check) in def.checks.iter().enumerate() {
            implied.push((
                named(ColumnConstraint::Check(i)),
                IrConstraintKind::Check {
                    expr: check.clone(),
                },
            ));
        }
        for (constraint_name, kind) in implied {
            let is_check = matches!(kind, IrConstraintKind::Check { .. });
            let constraint = TableConstraint {
                name: constraint_name,
                kind,
                not_valid: false,
                span: def.span,
            };
            self.add_constraint_named(t, &constraint, is_check.then_some(name));
        }
    }

    pub(super) fn drop_column(&mut self, t: TableId, name: &Ident, if_exists: bool, cascade: bool) {
        let folded = self.fold(name);
        let c = match self.lookup_column(t, &folded) {
            ColumnLookup::Found(c) => c,
            ColumnLookup::Unknown => return,
            ColumnLookup::Missing if if_exists => return,
            ColumnLookup::Missing => return self.unknown_column(t, folded, name.span),
        };
        self.remove_column(t, c, cascade);
    }

    /// Removes column `c` of table `t` with the indexes, constraints and
    /// sequences on it; `cascade` also drops the foreign keys that reference
    /// it and the views that read it.
    pub(super) fn remove_column(&mut self, t: TableId, c: ColumnId, cascade: bool) {
        let (schema, table) = self.table_key(t);
        let dialect = self.catalog.dialect;
        let same = |a: &str, b: &str| crate::names::same_in(dialect, a, b);
        let Some(tb) = self.table_mut(t) else {
            return;
        };
        let Some(column) = tb.columns.remove(c.0).map(|c| c.name) else {
            return;
        };
        // Indexes and constraints on the column go with it.
        let dropped: Vec<String> = tb
            .constraints
            .iter()
            .filter(|k| k.columns.iter().any(|k| same(k, &column)))
            .map(|k| k.name.clone())
            .collect();
        tb.constraints
            .retain(|k| !k.columns.iter().any(|k| same(k, &column)));
        let on_table = |i: &Index| same(&i.table.0, &schema) && same(&i.table.1, &table);
        self.catalog.indexes.retain(|i| {
            !(on_table(i)
                && (i.columns.iter().any(|k| same(k, &column))
                    || i.from_constraint && dropped.iter().any(|d| same(d, &i.name))))
        });
        self.catalog.sequences.retain(|s| {
            !s.owned_by.as_ref().is_some_and(|o| {
                same(&o.table.0, &schema) && same(&o.table.1, &table) && same(&o.column, &column)
            })
        });
        if cascade {
            if dialect == Dialect::Postgres {
                self.drop_views_reading(&table, &column);
            }
            for other in &mut self.catalog.tables {
                other.constraints.retain(|k| match &k.kind {
                    ConstraintKind::ForeignKey {
                        table: (s, n),
                        columns,
                        ..
                    } => {
                        !(same(s, &schema)
                            && same(n, &table)
                            && columns.iter().any(|k| same(k, &column)))
                    }
                    _ => true,
                });
            }
        }
    }

    pub(super) fn rename_column(&mut self, t: TableId, c: ColumnId, to: &Ident) {
        let new = self.fold(to);
        if let ColumnLookup::Found(_) = self.lookup_column(t, &new) {
            let (schema, table) = self.table_key(t);
            self.already_exists(
                ObjectKind::Column,
                format!("{}.{new}", self.shown(&schema, &table)),
                to.span,
                None,
            );
            return;
        }
        let (schema, table) = self.table_key(t);
        let at = self.at;
        let Some(column) = self.table_mut(t).and_then(|tb| tb.columns.get_mut(c.0)) else {
            return;
        };
        let old = std::mem::replace(&mut column.name, new.clone());
        column.history.touch(at);
        if let Some(tb) = self.table_mut(t) {
            tb.columns.rekey();
        }
        self.rename_column_references(&schema, &table, &old, &new);
    }

    /// Follows a column rename in constraints, indexes, foreign keys and sequences.
    pub(super) fn rename_column_references(
        &mut self,
        schema: &str,
        table: &str,
        old: &str,
        new: &str,
    ) {
        let dialect = self.catalog.dialect;
        let same = |a: &str, b: &str| crate::names::same_in(dialect, a, b);
        let rename = |columns: &mut Vec<String>| {
            for column in columns.iter_mut() {
                if same(column, old) {
                    *column = new.to_owned();
                }
            }
        };
        for tb in &mut self.catalog.tables {
            let this = same(&tb.schema, schema) && same(&tb.name, table);
            for k in &mut tb.constraints {
                if this {
                    rename(&mut k.columns);
                }
                if let ConstraintKind::ForeignKey {
                    table: (s, n),
                    columns,
                    ..
                } = &mut k.kind
                    && same(s, schema)
                    && same(n, table)
                {
                    rename(columns);
                }
            }
        }
        for index in &mut self.catalog.indexes {
            if same(&index.table.0, schema) && same(&index.table.1, table) {
                rename(&mut index.columns);
            }
        }
        for sequence in &mut self.catalog.sequences {
            if let Some(owner) = &mut sequence.owned_by
                && same(&owner.table.0, schema)
                && same(&owner.table.1, table)
                && same(&owner.column, old)
            {
                owner.column = new.to_owned();
            }
        }
    }

    pub(super) fn alter_column(&mut self, t: TableId, c: ColumnId, op: &AlterColumnOp) {
        let dialect = self.catalog.dialect;
        let at = self.at;
        let Some(column) = self.table_mut(t).and_then(|tb| tb.columns.get_mut(c.0)) else {
            return;
        };
        column.history.touch(at);
        match op {
            AlterColumnOp::SetType {
                data_type,
                using: _,
            } => {
                column.data_type = Some(parse_type(&data_type.text, dialect));
            }
            AlterColumnOp::SetNotNull => column.nullable = false,
            AlterColumnOp::DropNotNull => column.nullable = true,
            AlterColumnOp::SetDefault { default } => {
                let normalized =
                    normalize_column_default(&default.text, dialect, column.data_type.as_ref());
                if dialect != Dialect::Sqlite && is_null_default(&normalized) {
                    column.default_text = Some(normalized)
                        .filter(|_| dialect == Dialect::Postgres)
                        .and_then(|d| postgres_stored_null(&d, column.data_type.as_ref()));
                    column.default = column
                        .default_text
                        .as_deref()
                        .map(|d| normalize_default(d, dialect));
                } else {
                    column.default = Some(normalized);
                    column.default_text = Some(default.text.clone());
                }
            }
            AlterColumnOp::DropDefault => {
                column.default = None;
                column.default_text = None;
            }
            AlterColumnOp::AddIdentity { kind } => {
                column.identity = Some(identity(*kind));
                column.nullable = false;
            }
            AlterColumnOp::DropIdentity => column.identity = None,
            AlterColumnOp::Other => {}
        }
    }

    /// MySQL `MODIFY` / `CHANGE`: the column is redefined in place.
    pub(super) fn replace_column(&mut self, t: TableId, c: ColumnId, def: &ColumnDef) {
        let new_name = self.fold(&def.name);
        let old_name = self
            .catalog
            .tables
            .get(t.0)
            .and_then(|tb| tb.columns.get(c.0))
            .map(|col| col.name.clone())
            .unwrap_or_default();
        if !self.same(&old_name, &new_name)
            && let ColumnLookup::Found(_) = self.lookup_column(t, &new_name)
        {
            let (schema, table) = self.table_key(t);
            self.already_exists(
                ObjectKind::Column,
                format!("{}.{new_name}", self.shown(&schema, &table)),
                def.name.span,
                None,
            );
            return;
        }
        let mut column = self.build_column(t, def, &new_name);
        if let Some(previous) = self
            .catalog
            .tables
            .get(t.0)
            .and_then(|tb| tb.columns.get(c.0))
        {
            column.history = History {
                created: previous.history.created,
                changed: self.at,
            };
        }
        if let Some(tb) = self.table_mut(t)
            && let Some(slot) = tb.columns.get_mut(c.0)
        {
            *slot = column;
            tb.columns.rekey();
        }
        if old_name != new_name {
            let (schema, table) = self.table_key(t);
            self.rename_column_references(&schema, &table, &old_name, &new_name);
        }
        self.column_constraints(t, def, &new_name);
    }

    pub(super) fn lookup_column_name(&self, t: TableId, name: &str) -> Option<String> {
        self.catalog
            .tables
            .get(t.0)?
            .columns
            .iter()
            .find(|c| self.same(&c.name, name))
            .map(|c| c.name.clone())
    }
}

/// `DEFAULT NULL`, cast or not: MySQL keeps no default; PostgreSQL keeps
/// one only as `postgres_stored_null` says.
fn is_null_default(normalized: &str) -> bool {
    normalized == "null" || normalized.starts_with("null::")
}

/// What PostgreSQL stores for a NULL default (`normalized`) on a column of
/// `column_type`, as `pg_get_expr` prints it. It stores nothing for a plain
/// NULL of the column's own type, but keeps the coercion when the column has
/// a type modifier (`varchar(40) DEFAULT NULL` is `NULL::character varying`)
/// or the NULL is cast to another type (checked with PostgreSQL 15).
fn postgres_stored_null(normalized: &str, column_type: Option<&SqlType>) -> Option<String> {
    let column_type = column_type?;
    // An interval's fields or precision need no coercion call.
    let modified = !column_type.modifiers.is_empty() && !column_type.name.starts_with("interval");
    match normalized.strip_prefix("null::") {
        None if modified => {
            let bare = SqlType {
                name: match column_type.name.as_str() {
                    "character" => "bpchar".to_owned(),
                    "bit" => "\"bit\"".to_owned(),
                    other => other.to_owned(),
                },
                modifiers: Vec::new(),
                ..column_type.clone()
            };
            Some(format!("NULL::{bare}"))
        }
        None => None,
        Some(cast) => {
            let cast_type = parse_type(cast, Dialect::Postgres);
            (modified || cast_type != *column_type).then(|| format!("NULL::{cast_type}"))
        }
    }
}

fn identity(kind: IdentityKind) -> Identity {
    match kind {
        IdentityKind::Always => Identity::Always,
        IdentityKind::ByDefault => Identity::ByDefault,
    }
}

/// A MySQL column of type `SERIAL`.
fn is_mysql_serial(dialect: Dialect, def: &ColumnDef) -> bool {
    dialect == Dialect::MySql
        && def
            .data_type
            .as_ref()
            .is_some_and(|d| d.text.trim().eq_ignore_ascii_case("serial"))
}
