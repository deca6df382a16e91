//! Constraints: add (naming them as the dialect does), rename and remove.

use miglint_source::Dialect;
use miglint_syntax::ir::{ConstraintKind as IrConstraintKind, Ident, TableConstraint};

use super::Replay;
use super::column::ColumnLookup;
use crate::naming;
use crate::{Constraint, ConstraintKind, Index, ObjectKind, ReplayEvent, Table, TableId};

impl Replay<'_> {
    pub(super) fn add_constraint(&mut self, t: TableId, constraint: &TableConstraint) {
        self.add_constraint_named(t, constraint, None);
    }

    /// Adds a constraint; `check_column` names a column-level check's column.
    pub(super) fn add_constraint_named(
        &mut self,
        t: TableId,
        constraint: &TableConstraint,
        check_column: Option<&str>,
    ) {
        if let IrConstraintKind::UsingIndex { primary, index } = &constraint.kind {
            self.constraint_using_index(t, constraint, *primary, index);
            return;
        }
        let columns: Vec<String> = match &constraint.kind {
            IrConstraintKind::PrimaryKey { columns }
            | IrConstraintKind::Unique { columns }
            | IrConstraintKind::ForeignKey { columns, .. } => {
                let mut known = Vec::new();
                for column in columns {
                    let folded = self.fold(column);
                    match self.lookup_column(t, &folded) {
                        ColumnLookup::Found(_) | ColumnLookup::Unknown => known.push(folded),
                        ColumnLookup::Missing => {
                            self.unknown_column(t, folded, column.span);
                            return;
                        }
                    }
                }
                known
            }
            // A check depends on the columns its expression names: dropping
            // one of them drops the check.
            IrConstraintKind::Check { expr } => match check_column {
                Some(column) => vec![column.to_owned()],
                None => self.columns_named_in(t, &expr.text),
            },
            IrConstraintKind::Index { .. }
            | IrConstraintKind::UsingIndex { .. }
            | IrConstraintKind::Exclude
            | IrConstraintKind::Other => {
                check_column.map(|c| vec![c.to_owned()]).unwrap_or_default()
            }
        };
        let kind = match &constraint.kind {
            IrConstraintKind::PrimaryKey { .. } => {
                if self
                    .catalog
                    .tables
                    .get(t.0)
                    .and_then(Table::primary_key)
                    .is_some()
                {
                    let (schema, table) = self.table_key(t);
                    self.already_exists(
                        ObjectKind::Constraint,
                        format!("primary key of {}", self.shown(&schema, &table)),
                        constraint.span,
                        None,
                    );
                    return;
                }
                ConstraintKind::PrimaryKey
            }
            IrConstraintKind::Unique { .. } => ConstraintKind::Unique,
            IrConstraintKind::ForeignKey { references, .. } => {
                // SQLite checks a reference only when rows are written, so a
                // table may name one created later in the same migration.
                let (schema, name) = self.resolve(&references.table);
                if self.catalog.dialect == Dialect::Sqlite
                    && self.table_index(&schema, &name).is_none()
                {
                    ConstraintKind::ForeignKey {
                        table: (schema, name),
                        columns: references.columns.iter().map(|c| self.fold(c)).collect(),
                        on_delete: references.on_delete.clone(),
                        on_update: references.on_update.clone(),
                    }
                } else {
                    let Some(target) = self.existing_table(&references.table) else {
                        return;
                    };
                    let mut referenced = Vec::new();
                    for column in &references.columns {
                        if self.existing_column(target, column).is_none()
                            && matches!(
                                self.lookup_column(target, &self.fold(column)),
                                ColumnLookup::Missing
                            )
                        {
                            return;
                        }
                        referenced.push(self.fold(column));
                    }
                    // `REFERENCES t` without columns means t's primary key.
                    if referenced.is_empty()
                        && let Some(pk) = self
                            .catalog
                            .tables
                            .get(target.0)
                            .and_then(Table::primary_key)
                    {
                        referenced = pk.columns.clone();
                    }
                    ConstraintKind::ForeignKey {
                        table: self.table_key(target),
                        columns: referenced,
                        on_delete: references.on_delete.clone(),
                        on_update: references.on_update.clone(),
                    }
                }
            }
            IrConstraintKind::Check { .. } => ConstraintKind::Check,
            IrConstraintKind::Index { .. }
            | IrConstraintKind::UsingIndex { .. }
            | IrConstraintKind::Exclude
            | IrConstraintKind::Other => ConstraintKind::Other,
        };
        let name = match &constraint.name {
            Some(name) => {
                let name = self.fold(name);
                if let Some(existing) = self.find_constraint(t, &name) {
                    let previous = self
                        .catalog
                        .tables
                        .get(t.0)
                        .and_then(|tb| tb.constraints.get(existing))
                        .map(|c| c.history.created);
                    self.already_exists(ObjectKind::Constraint, name, constraint.span, previous);
                    return;
                }
                name
            }
            // PostgreSQL names a table-level check `<table>_check`, whatever
            // columns it reads.
            None if kind == ConstraintKind::Check => {
                let named: Vec<String> =
                    check_column.map(|c| vec![c.to_owned()]).unwrap_or_default();
                self.constraint_name(t, &kind, &named)
            }
            None => self.constraint_name(t, &kind, &columns),
        };
        let unique = matches!(kind, ConstraintKind::PrimaryKey | ConstraintKind::Unique);
        let primary = kind == ConstraintKind::PrimaryKey;
        let foreign_key = matches!(kind, ConstraintKind::ForeignKey { .. });
        let created = Constraint {
            name: name.clone(),
            kind,
            columns: columns.clone(),
            validated: !constraint.not_valid,
            expression: match &constraint.kind {
                IrConstraintKind::Check { expr } => Some(expr.text.clone()),
                _ => None,
            },
            history: self.history(),
        };
        let at = self.at;
        let dialect = self.catalog.dialect;
        let Some(table) = self.table_mut(t) else {
            return;
        };
        if primary {
            for column in &mut table.columns {
                let integer = column
                    .data_type
                    .as_ref()
                    .is_some_and(|d| d.name == "INTEGER");
                if columns
                    .iter()
                    .any(|c| crate::names::same_in(dialect, c, &column.name))
                    && (dialect != Dialect::Sqlite || integer || !column.nullable)
                {
                    column.nullable = false;
                    column.history.touch(at);
                }
            }
        }
        table.constraints.push(created);
        self.catalog
            .constraint_names
            .insert(name.to_ascii_lowercase());
        if unique {
            let index_name = self.constraint_index_name(t, &name, primary, &columns);
            let (schema, table_name) = self.table_key(t);
            self.catalog.indexes.push(Index {
                method: None,
                schema: schema.clone(),
                name: index_name.clone(),
                table: (schema, table_name),
                columns: columns.clone(),
                unique: true,
                predicate: None,
                from_constraint: true,
                backs_foreign_key: false,
                history: self.history(),
            });
            self.foreign_key_index_replaced(t, &index_name, &columns);
        } else if foreign_key {
            let named = constraint.name.as_ref().map(|_| name.as_str());
            self.back_foreign_key(t, named, &columns);
        }
    }

    /// `ADD CONSTRAINT c PRIMARY KEY | UNIQUE USING INDEX i`: the unique index
    /// `i` becomes the constraint's index and takes the constraint's name.
    pub(super) fn constraint_using_index(
        &mut self,
        t: TableId,
        constraint: &TableConstraint,
        primary: bool,
        index: &Ident,
    ) {
        let (schema, _) = self.table_key(t);
        let index_name = self.fold(index);
        let Some(position) = self.index_named(&schema, &index_name) else {
            self.events.push(ReplayEvent::UnknownObject {
                kind: ObjectKind::Index,
                name: index_name,
                span: index.span,
            });
            return;
        };
        let Some(removed) = self.catalog.indexes.remove(position) else {
            return;
        };
        let as_ident = |value: &str| Ident {
            value: value.to_owned(),
            quoted: true,
            span: index.span,
        };
        let columns: Vec<Ident> = removed.columns.iter().map(|c| as_ident(c)).collect();
        let rebuilt = TableConstraint {
            name: Some(
                constraint
                    .name
                    .clone()
                    .unwrap_or_else(|| as_ident(&removed.name)),
            ),
            kind: if primary {
                IrConstraintKind::PrimaryKey { columns }
            } else {
                IrConstraintKind::Unique { columns }
            },
            not_valid: false,
            span: constraint.span,
        };
        self.add_constraint_named(t, &rebuilt, None);
    }

    pub(super) fn find_constraint(&self, t: TableId, name: &str) -> Option<usize> {
        self.catalog
            .tables
            .get(t.0)?
            .constraints
            .iter()
            .position(|c| self.same(&c.name, name))
    }

    /// Whether a constraint name is taken where the dialect requires uniqueness.
    pub(super) fn constraint_name_taken(&self, t: TableId, name: &str) -> bool {
        let (schema, _) = self.table_key(t);
        let in_schema = |tb: &&Table| match self.catalog.dialect {
            // PostgreSQL's generated names avoid every constraint of the schema.
            Dialect::Postgres | Dialect::MySql => self.same(&tb.schema, &schema),
            Dialect::Sqlite => true,
        };
        // Names no constraint ever had need no scan.
        let maybe = self
            .catalog
            .constraint_names
            .contains(&name.to_ascii_lowercase());
        maybe
            && self
                .catalog
                .tables
                .iter()
                .filter(in_schema)
                .any(|tb| tb.constraints.iter().any(|c| self.same(&c.name, name)))
            || self.index_name_taken(&schema, name)
    }

    pub(super) fn constraint_name(
        &self,
        t: TableId,
        kind: &ConstraintKind,
        columns: &[String],
    ) -> String {
        let (_, table) = self.table_key(t);
        let taken = |n: &str| self.constraint_name_taken(t, n);
        if self.catalog.dialect == Dialect::MySql {
            return match kind {
                ConstraintKind::PrimaryKey => "PRIMARY".to_owned(),
                ConstraintKind::ForeignKey { .. } => naming::mysql_numbered(&table, "ibfk", taken),
                ConstraintKind::Check | ConstraintKind::Other => {
                    naming::mysql_numbered(&table, "chk", taken)
                }
                ConstraintKind::Unique => {
                    naming::mysql_index_name(columns.first().map_or("", String::as_str), taken)
                }
            };
        }
        let joined = columns.join("_");
        // A column check is named after its column, a table check after the table.
        let check_column = columns.first().cloned();
        match kind {
            ConstraintKind::PrimaryKey => naming::postgres_unique_name(&table, None, "pkey", taken),
            ConstraintKind::Unique => {
                naming::postgres_unique_name(&table, Some(&joined), "key", taken)
            }
            ConstraintKind::ForeignKey { .. } => {
                naming::postgres_unique_name(&table, Some(&joined), "fkey", taken)
            }
            ConstraintKind::Check | ConstraintKind::Other => {
                naming::postgres_unique_name(&table, check_column.as_deref(), "check", taken)
            }
        }
    }

    /// The index a PRIMARY KEY / UNIQUE constraint creates.
    pub(super) fn constraint_index_name(
        &self,
        t: TableId,
        constraint: &str,
        primary: bool,
        columns: &[String],
    ) -> String {
        match self.catalog.dialect {
            Dialect::Postgres | Dialect::MySql => constraint.to_owned(),
            Dialect::Sqlite => {
                let (schema, table) = self.table_key(t);
                let _ = (primary, columns);
                (1u32..10_000)
                    .map(|n| format!("sqlite_autoindex_{table}_{n}"))
                    .find(|n| !self.index_name_taken(&schema, n))
                    .unwrap_or_default()
            }
        }
    }

    /// Removes a constraint and the index it created.
    pub(super) fn remove_constraint(&mut self, t: TableId, c: usize) {
        let (schema, table_name) = self.table_key(t);
        let Some(table) = self.table_mut(t) else {
            return;
        };
        if c >= table.constraints.len() {
            return;
        }
        let removed = table.constraints.remove(c);
        let dialect = self.catalog.dialect;
        let same = |a: &str, b: &str| crate::names::same_in(dialect, a, b);
        self.catalog.indexes.retain(|i| {
            !(i.from_constraint
                && same(&i.table.0, &schema)
                && same(&i.table.1, &table_name)
                && (same(&i.name, &removed.name)
                    || dialect == Dialect::Sqlite && i.columns == removed.columns))
        });
    }

    pub(super) fn rename_constraint(&mut self, t: TableId, from: &Ident, to: &Ident) {
        let old = self.fold(from);
        let new = self.fold(to);
        let Some(c) = self.find_constraint(t, &old) else {
            return self.unknown(ObjectKind::Constraint, old, from.span);
        };
        if self.find_constraint(t, &new).is_some() {
            return self.already_exists(ObjectKind::Constraint, new, to.span, None);
        }
        let at = self.at;
        if let Some(k) = self.table_mut(t).and_then(|tb| tb.constraints.get_mut(c)) {
            k.name = new.clone();
            k.history.touch(at);
        }
        self.catalog
            .constraint_names
            .insert(new.to_ascii_lowercase());
        // PostgreSQL renames the index behind a key constraint with it.
        if let Some(i) = self.index_on_table(t, &old)
            && let Some(index) = self.catalog.indexes.get_mut(i)
            && index.from_constraint
        {
            index.name = new;
            index.history.touch(at);
            self.catalog.indexes.rekey();
        }
    }
}
