//! Indexes: create, drop, alter and rename.

use miglint_source::Dialect;
use miglint_syntax::ir::{AlterObjectOp, Ident, IndexKey, ObjectName};

use super::Replay;
use super::column::ColumnLookup;
use crate::naming;
use crate::{Constraint, ConstraintKind, Index, ObjectKind, TableId};

/// What an index is besides its keys: a partial index's predicate, and its
/// method (`USING …`, MySQL's `fulltext`/`spatial`).
#[derive(Default)]
pub(super) struct IndexShape<'a> {
    pub(super) predicate: Option<String>,
    pub(super) method: Option<&'a str>,
}

impl Replay<'_> {
    pub(super) fn index_name_taken(&self, schema: &str, name: &str) -> bool {
        self.index_named(schema, name).is_some()
    }

    /// The index of this name in the schema.
    pub(super) fn index_named(&self, schema: &str, name: &str) -> Option<usize> {
        self.catalog.indexes.position(schema, name, |i| {
            self.same(&i.schema, schema) && self.same(&i.name, name)
        })
    }

    pub(super) fn index_on_table(&self, t: TableId, name: &str) -> Option<usize> {
        let (schema, table) = self.table_key(t);
        self.catalog.indexes.position(&schema, name, |i| {
            self.same(&i.table.0, &schema)
                && self.same(&i.table.1, &table)
                && self.same(&i.name, name)
        })
    }

    pub(super) fn create_index(
        &mut self,
        t: TableId,
        name: Option<&Ident>,
        unique: bool,
        if_not_exists: bool,
        keys: &[IndexKey],
        shape: IndexShape<'_>,
    ) {
        let IndexShape { predicate, method } = shape;
        let mut columns = Vec::new();
        let mut column_names = Vec::new();
        for key in keys {
            match key {
                IndexKey::Column(ident) => {
                    let folded = self.fold(ident);
                    if let ColumnLookup::Missing = self.lookup_column(t, &folded) {
                        self.unknown_column(t, folded, ident.span);
                        return;
                    }
                    let stored = self.lookup_column_name(t, &folded).unwrap_or(folded);
                    column_names.push(stored.clone());
                    columns.push(stored);
                }
                IndexKey::Expression(expr) => {
                    column_names.push(expression_label(&expr.text));
                    columns.push(expr.text.clone());
                }
            }
        }
        let (schema, table) = self.table_key(t);
        let dialect = self.catalog.dialect;
        let index_name = match name {
            Some(ident) => {
                let folded = self.fold(ident);
                let existing = match dialect {
                    Dialect::MySql => self.index_on_table(t, &folded),
                    Dialect::Postgres | Dialect::Sqlite => self.index_named(&schema, &folded),
                };
                if let Some(existing) = existing {
                    if !if_not_exists {
                        let previous = self
                            .catalog
                            .indexes
                            .get(existing)
                            .map(|i| i.history.created);
                        self.already_exists(ObjectKind::Index, folded, ident.span, previous);
                    }
                    return;
                }
                folded
            }
            None if dialect == Dialect::MySql => {
                let first = column_names.first().cloned().unwrap_or_default();
                naming::mysql_index_name(&first, |n| self.index_on_table(t, n).is_some())
            }
            None => {
                let joined = column_names.join("_");
                naming::postgres_unique_name(&table, Some(&joined), "idx", |n| {
                    self.index_name_taken(&schema, n)
                })
            }
        };
        let plain = predicate.is_none();
        self.catalog.indexes.push(Index {
            method: method.map(str::to_owned),
            schema: schema.clone(),
            name: index_name.clone(),
            table: (schema, table),
            columns: columns.clone(),
            unique,
            predicate,
            from_constraint: false,
            backs_foreign_key: false,
            history: self.history(),
        });
        if plain && method.is_none_or(|m| m == "btree" || m == "hash") {
            self.foreign_key_index_replaced(t, &index_name, &columns);
        }
        // MySQL's unique index is the unique constraint.
        if unique && dialect == Dialect::MySql {
            let history = self.history();
            self.catalog
                .constraint_names
                .insert(index_name.to_ascii_lowercase());
            if let Some(tb) = self.table_mut(t) {
                tb.constraints.push(Constraint {
                    name: index_name,
                    kind: ConstraintKind::Unique,
                    columns,
                    validated: true,
                    expression: None,
                    history,
                });
            }
            if let Some(index) = self.catalog.indexes.last_mut() {
                index.from_constraint = true;
            }
        }
    }

    /// MySQL: the index it made for a foreign key goes when another index
    /// begins with the same columns (InnoDB drops it as redundant).
    pub(super) fn foreign_key_index_replaced(&mut self, t: TableId, by: &str, columns: &[String]) {
        if self.catalog.dialect != Dialect::MySql {
            return;
        }
        let (schema, table) = self.table_key(t);
        let same = |a: &str, b: &str| crate::names::same_in(Dialect::MySql, a, b);
        self.catalog.indexes.retain(|i| {
            !(i.backs_foreign_key
                && !same(&i.name, by)
                && same(&i.table.0, &schema)
                && same(&i.table.1, &table)
                && i.columns.len() <= columns.len()
                && i.columns.iter().zip(columns).all(|(a, b)| same(a, b)))
        });
    }

    /// MySQL: a foreign key needs an index beginning with its columns; when
    /// there is none, InnoDB creates one named after the constraint (or,
    /// unnamed, after its first column).
    pub(super) fn back_foreign_key(&mut self, t: TableId, named: Option<&str>, columns: &[String]) {
        if self.catalog.dialect != Dialect::MySql || columns.is_empty() {
            return;
        }
        let (schema, table) = self.table_key(t);
        let same = |a: &str, b: &str| crate::names::same_in(Dialect::MySql, a, b);
        let served = self.catalog.indexes.iter().any(|i| {
            same(&i.table.0, &schema)
                && same(&i.table.1, &table)
                && i.predicate.is_none()
                && i.method
                    .as_deref()
                    .is_none_or(|m| m == "btree" || m == "hash")
                && i.columns.len() >= columns.len()
                && i.columns.iter().zip(columns).all(|(a, b)| same(a, b))
        });
        if served {
            return;
        }
        let name = match named {
            Some(name) if self.index_on_table(t, name).is_none() => name.to_owned(),
            _ => {
                let first = columns.first().map_or("", String::as_str);
                naming::mysql_index_name(first, |n| self.index_on_table(t, n).is_some())
            }
        };
        self.catalog.indexes.push(Index {
            method: None,
            schema: schema.clone(),
            name,
            table: (schema, table),
            columns: columns.to_vec(),
            unique: false,
            predicate: None,
            from_constraint: false,
            backs_foreign_key: true,
            history: self.history(),
        });
    }

    pub(super) fn drop_index(
        &mut self,
        name: &ObjectName,
        table: Option<&ObjectName>,
        if_exists: bool,
    ) {
        let (schema, index_name) = self.resolve(name);
        let found = match table {
            Some(table) => {
                let (ts, tn) = self.resolve(table);
                match self.table_index(&ts, &tn) {
                    Some(t) => self.index_on_table(t, &index_name),
                    None if if_exists => return,
                    None => {
                        self.existing_table(table);
                        return;
                    }
                }
            }
            None => self.index_named(&schema, &index_name),
        };
        let Some(i) = found else {
            if !if_exists {
                self.unknown(
                    ObjectKind::Index,
                    self.shown(&schema, &index_name),
                    name.span,
                );
            }
            return;
        };
        let Some(index) = self.catalog.indexes.get(i) else {
            return;
        };
        // PostgreSQL refuses to drop the index behind a constraint.
        if index.from_constraint && self.catalog.dialect == Dialect::Postgres {
            return;
        }
        let Some(index) = self.catalog.indexes.remove(i) else {
            return;
        };
        if index.from_constraint
            && let Some(t) = self.table_index(&index.table.0, &index.table.1)
            && let Some(c) = self.find_constraint(t, &index.name)
            && let Some(tb) = self.table_mut(t)
        {
            tb.constraints.remove(c);
        }
    }

    pub(super) fn alter_index(&mut self, name: &ObjectName, if_exists: bool, op: &AlterObjectOp) {
        let (schema, index_name) = self.resolve(name);
        let Some(i) = self.index_named(&schema, &index_name) else {
            if !if_exists {
                self.unknown(
                    ObjectKind::Index,
                    self.shown(&schema, &index_name),
                    name.span,
                );
            }
            return;
        };
        match op {
            AlterObjectOp::RenameTo { to } => self.rename_index(i, to),
            // An index follows its table's schema; PostgreSQL ignores SET SCHEMA here.
            AlterObjectOp::SetSchema { .. } | AlterObjectOp::Other => {
                let at = self.at;
                if let Some(index) = self.catalog.indexes.get_mut(i) {
                    index.history.touch(at);
                }
            }
        }
    }

    pub(super) fn rename_index(&mut self, i: usize, to: &Ident) {
        let new = self.fold(to);
        let Some(index) = self.catalog.indexes.get(i) else {
            return;
        };
        let (schema, table) = index.table.clone();
        let old = index.name.clone();
        let taken = match self.catalog.dialect {
            Dialect::MySql => self
                .table_index(&schema, &table)
                .and_then(|t| self.index_on_table(t, &new)),
            _ => self
                .catalog
                .indexes
                .iter()
                .position(|x| self.same(&x.schema, &index.schema) && self.same(&x.name, &new)),
        };
        if let Some(existing) = taken {
            let previous = self
                .catalog
                .indexes
                .get(existing)
                .map(|x| x.history.created);
            return self.already_exists(ObjectKind::Index, new, to.span, previous);
        }
        let at = self.at;
        let from_constraint = index.from_constraint;
        if let Some(index) = self.catalog.indexes.get_mut(i) {
            index.name = new.clone();
            index.history.touch(at);
        }
        self.catalog.indexes.rekey();
        // The constraint behind the index is renamed with it.
        if from_constraint {
            self.catalog
                .constraint_names
                .insert(new.to_ascii_lowercase());
        }
        if from_constraint
            && let Some(t) = self.table_index(&schema, &table)
            && let Some(c) = self.find_constraint(t, &old)
            && let Some(k) = self.table_mut(t).and_then(|tb| tb.constraints.get_mut(c))
        {
            k.name = new;
            k.history.touch(at);
        }
    }
}

/// How PostgreSQL labels an expression key in a generated index name: the
/// function's name for a call (`lower(email)` → `lower`), otherwise `expr`.
fn expression_label(text: &str) -> String {
    let trimmed = text.trim().trim_start_matches('(');
    let name: String = trimmed
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    let rest = trimmed.get(name.len()..).unwrap_or_default().trim_start();
    if !name.is_empty() && rest.starts_with('(') {
        name.to_lowercase()
    } else {
        "expr".to_owned()
    }
}
