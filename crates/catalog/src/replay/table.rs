//! Tables: create, alter (dispatching each action), rename, move and drop.

use miglint_source::Dialect;
use miglint_syntax::ir::{
    AlterTableAction, AlterTableOp, ColumnDef, ConstraintKind as IrConstraintKind, Ident,
    ObjectName, TableConstraint,
};

use super::Replay;
use super::index::IndexShape;
use crate::named::NamedVec;
use crate::{ColumnId, ConstraintKind, ObjectKind, ReplayEvent, Table, TableId};

impl Replay<'_> {
    /// The table a statement names; reports it (or assumes it) when missing.
    pub(super) fn existing_table(&mut self, name: &ObjectName) -> Option<TableId> {
        let (schema, table) = self.resolve(name);
        if let Some(t) = self.table_index(&schema, &table) {
            return Some(t);
        }
        if self.options.assume_missing_tables || self.catalog.is_external(&schema, &table) {
            self.catalog.tables.push(Table {
                schema,
                name: table,
                columns: NamedVec::new(),
                constraints: Vec::new(),
                assumed: true,
                temporary: false,
                history: self.history(),
            });
            return Some(TableId(self.catalog.tables.len() - 1));
        }
        self.events.push(ReplayEvent::UnknownTable {
            name: self.shown(&schema, &table),
            span: name.span,
        });
        None
    }

    pub(super) fn table_index(&self, schema: &str, name: &str) -> Option<TableId> {
        self.catalog.table_id(Some(schema), name)
    }

    pub(super) fn table_mut(&mut self, t: TableId) -> Option<&mut Table> {
        self.catalog.tables.get_mut(t.0)
    }

    pub(super) fn touch_table(&mut self, t: TableId) {
        let at = self.at;
        if let Some(table) = self.table_mut(t) {
            table.history.touch(at);
        }
    }

    pub(super) fn table_key(&self, t: TableId) -> (String, String) {
        self.catalog
            .tables
            .get(t.0)
            .map(|t| (t.schema.clone(), t.name.clone()))
            .unwrap_or_default()
    }

    pub(super) fn create_table(
        &mut self,
        name: &ObjectName,
        if_not_exists: bool,
        columns: &[ColumnDef],
        constraints: &[TableConstraint],
        columns_unknown: bool,
    ) {
        let (schema, table_name) = self.resolve(name);
        if let Some(existing) = self.table_index(&schema, &table_name) {
            let assumed = self
                .catalog
                .tables
                .get(existing.0)
                .is_some_and(|t| t.assumed);
            if !assumed {
                if !if_not_exists {
                    let previous = self
                        .catalog
                        .tables
                        .get(existing.0)
                        .map(|t| t.history.created);
                    self.already_exists(
                        ObjectKind::Table,
                        self.shown(&schema, &table_name),
                        name.span,
                        previous,
                    );
                }
                return;
            }
            // The real definition of a table assumed earlier replaces the guess.
            self.catalog.tables.remove(existing.0);
        }
        if !self.check_schema(&schema, name.schema.as_ref().map_or(name.span, |s| s.span)) {
            return;
        }
        self.catalog.tables.push(Table {
            schema,
            name: table_name,
            columns: NamedVec::new(),
            constraints: Vec::new(),
            assumed: columns_unknown,
            temporary: false,
            history: self.history(),
        });
        let t = TableId(self.catalog.tables.len() - 1);
        for column in columns {
            self.add_column(t, column, false);
        }
        // MySQL: keys before foreign keys, as a foreign key gets an index of
        // its own only when none of the table's serves it.
        let mysql = self.catalog.dialect == Dialect::MySql;
        let foreign =
            |c: &&TableConstraint| mysql && matches!(c.kind, IrConstraintKind::ForeignKey { .. });
        let ordered = constraints
            .iter()
            .filter(|c| !foreign(c))
            .chain(constraints.iter().filter(foreign));
        for constraint in ordered {
            if let IrConstraintKind::Index { keys, method } = &constraint.kind {
                self.create_index(
                    t,
                    constraint.name.as_ref(),
                    false,
                    false,
                    keys,
                    IndexShape {
                        predicate: None,
                        method: method.as_deref(),
                    },
                );
            } else {
                self.add_constraint(t, constraint);
            }
        }
    }

    pub(super) fn alter_table(
        &mut self,
        name: &ObjectName,
        if_exists: bool,
        actions: &[AlterTableAction],
    ) {
        let (schema, table) = self.resolve(name);
        let t = match self.table_index(&schema, &table) {
            Some(t) => t,
            None if if_exists => return,
            None => match self.existing_table(name) {
                Some(t) => t,
                None => return,
            },
        };
        let mut t = t;
        for action in actions {
            self.touch_table(t);
            match &action.op {
                AlterTableOp::AddColumn {
                    column,
                    if_not_exists,
                } => {
                    self.add_column(t, column, *if_not_exists);
                }
                AlterTableOp::DropColumn {
                    name,
                    if_exists,
                    cascade,
                } => {
                    self.drop_column(t, name, *if_exists, *cascade);
                }
                AlterTableOp::RenameColumn { from, to } => {
                    if let Some(c) = self.existing_column(t, from) {
                        self.rename_column(t, c, to);
                    }
                }
                AlterTableOp::RenameTable { to } => {
                    t = self.rename_table(t, to).unwrap_or(t);
                }
                AlterTableOp::SetSchema { schema } => {
                    let target = self.fold(schema);
                    if self.check_schema(&target, schema.span) {
                        let (_, table) = self.table_key(t);
                        self.move_table(t, &target, &table);
                    }
                }
                AlterTableOp::AlterColumn { name, op } => {
                    if let Some(c) = self.existing_column(t, name) {
                        self.alter_column(t, c, op);
                    }
                }
                AlterTableOp::ReplaceColumn { old_name, column } => {
                    if let Some(c) = self.existing_column(t, old_name) {
                        self.replace_column(t, c, column);
                    }
                }
                AlterTableOp::AddConstraint { constraint } => self.add_constraint(t, constraint),
                AlterTableOp::DropConstraint {
                    name,
                    if_exists,
                    cascade: _,
                } => {
                    let folded = self.fold(name);
                    match self.find_constraint(t, &folded) {
                        Some(c) => self.remove_constraint(t, c),
                        None if *if_exists => {}
                        None => self.unknown(ObjectKind::Constraint, folded, name.span),
                    }
                }
                AlterTableOp::RenameConstraint { from, to } => self.rename_constraint(t, from, to),
                AlterTableOp::ValidateConstraint { name } => {
                    let folded = self.fold(name);
                    let at = self.at;
                    match self.find_constraint(t, &folded) {
                        Some(c) => {
                            if let Some(constraint) =
                                self.table_mut(t).and_then(|tb| tb.constraints.get_mut(c))
                            {
                                constraint.validated = true;
                                constraint.history.touch(at);
                            }
                        }
                        None => self.unknown(ObjectKind::Constraint, folded, name.span),
                    }
                }
                AlterTableOp::DropPrimaryKey => {
                    let pk = self.catalog.tables.get(t.0).and_then(|tb| {
                        tb.constraints
                            .iter()
                            .position(|c| c.kind == ConstraintKind::PrimaryKey)
                    });
                    match pk {
                        Some(c) => self.remove_constraint(t, c),
                        None => {
                            self.unknown(ObjectKind::Constraint, "PRIMARY".to_owned(), action.span)
                        }
                    }
                }
                AlterTableOp::AddIndex {
                    name,
                    unique,
                    keys,
                    method,
                } => {
                    self.create_index(
                        t,
                        name.as_ref(),
                        *unique,
                        false,
                        keys,
                        IndexShape {
                            predicate: None,
                            method: method.as_deref(),
                        },
                    );
                }
                AlterTableOp::DropIndex { name } => {
                    let (schema, table) = self.table_key(t);
                    let table_name = ObjectName {
                        schema: Some(Ident {
                            value: schema,
                            quoted: true,
                            span: action.span,
                        }),
                        name: Ident {
                            value: table,
                            quoted: true,
                            span: action.span,
                        },
                        span: action.span,
                    };
                    let index = ObjectName {
                        schema: None,
                        name: name.clone(),
                        span: name.span,
                    };
                    self.drop_index(&index, Some(&table_name), false);
                }
                AlterTableOp::RenameIndex { from, to } => {
                    let folded = self.fold(from);
                    match self.index_on_table(t, &folded) {
                        Some(i) => self.rename_index(i, to),
                        None => self.unknown(ObjectKind::Index, folded, from.span),
                    }
                }
                AlterTableOp::DetachPartition { .. } | AlterTableOp::Other => {}
            }
        }
    }

    /// Renames table `t` (a schema in `to` moves it, as MySQL allows); returns its
    /// new position.
    pub(super) fn rename_table(&mut self, t: TableId, to: &ObjectName) -> Option<TableId> {
        let (schema, _) = self.table_key(t);
        let new_schema = to.schema.as_ref().map_or(schema, |s| self.fold(s));
        let new_name = self.fold(&to.name);
        // PostgreSQL and SQLite reject a rename to the table's own name.
        let own_name = self.catalog.dialect != Dialect::MySql
            && self
                .catalog
                .tables
                .get(t.0)
                .is_some_and(|tb| tb.name == new_name);
        if let Some(existing) = self.table_index(&new_schema, &new_name)
            && (existing != t || own_name)
        {
            let previous = self
                .catalog
                .tables
                .get(existing.0)
                .map(|tb| tb.history.created);
            self.already_exists(
                ObjectKind::Table,
                self.shown(&new_schema, &new_name),
                to.span,
                previous,
            );
            return None;
        }
        self.move_table(t, &new_schema, &new_name);
        Some(t)
    }

    /// Gives table `t` a new (schema, name), following it in every reference.
    pub(super) fn move_table(&mut self, t: TableId, schema: &str, name: &str) {
        let (old_schema, old_name) = self.table_key(t);
        let at = self.at;
        let dialect = self.catalog.dialect;
        let same = |a: &str, b: &str| crate::names::same_in(dialect, a, b);
        let is_old = |s: &str, n: &str| same(s, &old_schema) && same(n, &old_name);
        let new_key = (schema.to_owned(), name.to_owned());
        if let Some(tb) = self.table_mut(t) {
            tb.schema = schema.to_owned();
            tb.name = name.to_owned();
            tb.history.touch(at);
        }
        self.catalog.tables.rekey();
        for tb in &mut self.catalog.tables {
            for k in &mut tb.constraints {
                if let ConstraintKind::ForeignKey { table, .. } = &mut k.kind
                    && is_old(&table.0, &table.1)
                {
                    *table = new_key.clone();
                }
            }
        }
        for index in &mut self.catalog.indexes {
            if is_old(&index.table.0, &index.table.1) {
                index.table = new_key.clone();
                index.schema = schema.to_owned();
            }
        }
        for sequence in &mut self.catalog.sequences {
            if let Some(owner) = &mut sequence.owned_by
                && is_old(&owner.table.0, &owner.table.1)
            {
                owner.table = new_key.clone();
                sequence.schema = schema.to_owned();
            }
        }
        self.catalog.indexes.rekey();
        self.catalog.sequences.rekey();
    }

    pub(super) fn drop_table(&mut self, name: &ObjectName, if_exists: bool, cascade: bool) {
        let (schema, table) = self.resolve(name);
        let Some(t) = self.table_index(&schema, &table) else {
            if !if_exists
                && !self.options.assume_missing_tables
                && !self.catalog.is_external(&schema, &table)
            {
                self.events.push(ReplayEvent::UnknownTable {
                    name: self.shown(&schema, &table),
                    span: name.span,
                });
            }
            return;
        };
        self.remove_table(t, cascade);
    }

    /// Removes table `t` with its indexes and owned sequences; `cascade` also drops
    /// the foreign keys that reference it.
    pub(super) fn remove_table(&mut self, t: TableId, cascade: bool) {
        let Some(removed) = self.catalog.tables.remove(t.0) else {
            return;
        };
        let dialect = self.catalog.dialect;
        // PostgreSQL tracks what views read; SQLite and MySQL leave them be.
        if dialect == Dialect::Postgres {
            self.drop_dependent_views(&removed.name);
        }
        let same = |a: &str, b: &str| crate::names::same_in(dialect, a, b);
        let is_it = |s: &str, n: &str| same(s, &removed.schema) && same(n, &removed.name);
        self.catalog
            .indexes
            .retain(|i| !is_it(&i.table.0, &i.table.1));
        self.catalog.sequences.retain(|s| {
            !s.owned_by
                .as_ref()
                .is_some_and(|o| is_it(&o.table.0, &o.table.1))
        });
        if cascade {
            for tb in &mut self.catalog.tables {
                tb.constraints.retain(|k| match &k.kind {
                    ConstraintKind::ForeignKey { table, .. } => !is_it(&table.0, &table.1),
                    _ => true,
                });
            }
        }
    }

    /// Renames a user type in the columns that use it (`"Role"` → `"Status"`).
    pub(super) fn rename_type_in_columns(&mut self, old: &str, new: &str) {
        for tb in &mut self.catalog.tables {
            for column in &mut tb.columns {
                if let Some(data_type) = &mut column.data_type
                    && data_type.name == old
                {
                    data_type.name = new.to_owned();
                }
            }
        }
    }

    /// What `DROP TYPE … CASCADE` drops besides the type: the columns of the
    /// type (or arrays of it) with what depends on them, and the defaults and
    /// checks whose expressions cast to it.
    pub(super) fn drop_columns_of_type(&mut self, type_name: &str) {
        let cast = format!("::{}", type_name.to_lowercase());
        let casts = |expr: &str| {
            let expr = expr.to_lowercase();
            expr.match_indices(&cast).any(|(i, _)| {
                // `::mood` but not `::mood_v2`.
                let next = expr
                    .get(i + cast.len()..)
                    .and_then(|rest| rest.chars().next());
                !next.is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '"')
            })
        };
        for t in 0..self.catalog.tables.len() {
            let t = TableId(t);
            while let Some(c) = self.catalog.tables.get(t.0).and_then(|tb| {
                tb.columns
                    .iter()
                    .position(|c| c.data_type.as_ref().is_some_and(|d| d.name == type_name))
            }) {
                self.remove_column(t, ColumnId(c), true);
            }
            if let Some(tb) = self.table_mut(t) {
                for column in tb.columns.iter_mut() {
                    if column.default_text.as_deref().is_some_and(casts) {
                        column.default = None;
                        column.default_text = None;
                    }
                }
                tb.constraints
                    .retain(|k| !k.expression.as_deref().is_some_and(casts));
            }
        }
    }

    /// The unused-span placeholder for objects removed by a schema-level operation.
    pub(super) fn tables_in_schema(&self, schema: &str) -> Vec<TableId> {
        self.catalog
            .tables
            .iter()
            .enumerate()
            .filter(|(_, tb)| self.same(&tb.schema, schema))
            .map(|(i, _)| TableId(i))
            .collect()
    }
}
