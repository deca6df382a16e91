//! Tables, their columns and constraints, and indexes.

use miglint_source::{Dialect, Span};
use miglint_syntax::ir::{
    AlterColumnOp, AlterObjectOp, AlterTableAction, AlterTableOp, ColumnDef,
    ConstraintKind as IrConstraintKind, Ident, IdentityKind, IndexKey, ObjectName, TableConstraint,
};

use super::Replay;
use crate::named::NamedVec;
use crate::naming;
use crate::types::{normalize_default, parse_type};
use crate::{
    Column, Constraint, ConstraintKind, History, Identity, Index, ObjectKind, OwnedBy, ReplayEvent,
    Sequence, Table, TableId,
};

/// Serial pseudo-types (PostgreSQL): an integer column with an owned sequence.
const SERIALS: [&str; 6] = [
    "serial",
    "serial4",
    "bigserial",
    "serial8",
    "smallserial",
    "serial2",
];

/// The result of looking a column up on a table.
enum ColumnLookup {
    Found(usize),
    /// The table's columns are unknown (assumed or `CREATE TABLE … AS`).
    Unknown,
    Missing,
}

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

    /// The table's columns that `expression` names, in table order.
    fn columns_named_in(&self, t: TableId, expression: &str) -> Vec<String> {
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

    fn table_index(&self, schema: &str, name: &str) -> Option<TableId> {
        self.catalog.table_id(Some(schema), name)
    }

    fn lookup_column(&self, t: TableId, name: &str) -> ColumnLookup {
        let Some(table) = self.catalog.tables.get(t.0) else {
            return ColumnLookup::Unknown;
        };
        match table
            .columns
            .position("", name, |c| self.same(&c.name, name))
        {
            Some(c) => ColumnLookup::Found(c),
            None if table.assumed => ColumnLookup::Unknown,
            None => ColumnLookup::Missing,
        }
    }

    /// The column a statement names on table `t`; reports it when missing.
    /// `None` also when the table's columns are unknown.
    pub(super) fn existing_column(&mut self, t: TableId, column: &Ident) -> Option<usize> {
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

    fn unknown_column(&mut self, t: TableId, column: String, span: Span) {
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

    fn table_mut(&mut self, t: TableId) -> Option<&mut Table> {
        self.catalog.tables.get_mut(t.0)
    }

    fn touch_table(&mut self, t: TableId) {
        let at = self.at;
        if let Some(table) = self.table_mut(t) {
            table.history.touch(at);
        }
    }

    fn table_key(&self, t: TableId) -> (String, String) {
        self.catalog
            .tables
            .get(t.0)
            .map(|t| (t.schema.clone(), t.name.clone()))
            .unwrap_or_default()
    }

    // CREATE TABLE

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
        for constraint in constraints {
            if let IrConstraintKind::Index { keys } = &constraint.kind {
                self.create_index(t, constraint.name.as_ref(), false, false, keys, None);
            } else {
                self.add_constraint(t, constraint);
            }
        }
    }

    /// Adds a column with its column-level constraints (`ADD COLUMN` and `CREATE TABLE`).
    fn add_column(&mut self, t: TableId, def: &ColumnDef, if_not_exists: bool) {
        let name = self.fold(&def.name);
        if let ColumnLookup::Found(c) = self.lookup_column(t, &name) {
            if !if_not_exists {
                let (schema, table) = self.table_key(t);
                let previous = self
                    .catalog
                    .tables
                    .get(t.0)
                    .and_then(|tb| tb.columns.get(c))
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

    fn build_column(&mut self, t: TableId, def: &ColumnDef, name: &str) -> Column {
        let dialect = self.catalog.dialect;
        let type_text = def
            .data_type
            .as_ref()
            .map(|d| d.text.trim().to_ascii_lowercase());
        let serial = dialect == Dialect::Postgres
            && type_text.as_deref().is_some_and(|t| SERIALS.contains(&t));
        let mut default = def
            .default
            .as_ref()
            .map(|d| normalize_default(&d.text, dialect));
        if serial {
            default = Some(self.create_owned_sequence(t, name));
        }
        // SQLite lets a non-INTEGER primary key hold NULL.
        let key_not_null = def.primary_key
            && (dialect != Dialect::Sqlite || type_text.as_deref().is_some_and(|t| t == "integer"));
        Column {
            name: name.to_owned(),
            data_type: def.data_type.as_ref().map(|d| parse_type(&d.text, dialect)),
            nullable: !(def.not_null || key_not_null || serial || def.identity.is_some()),
            default,
            identity: def.identity.map(identity),
            generated: def.generated.is_some(),
            auto_increment: def.auto_increment || serial,
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
    fn create_owned_sequence(&mut self, t: TableId, column: &str) -> String {
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

    fn column_constraints(&mut self, t: TableId, def: &ColumnDef, name: &str) {
        let column = Ident {
            value: name.to_owned(),
            quoted: true,
            span: def.name.span,
        };
        let mut implied = Vec::new();
        if def.primary_key {
            implied.push(IrConstraintKind::PrimaryKey {
                columns: vec![column.clone()],
            });
        }
        if def.unique {
            implied.push(IrConstraintKind::Unique {
                columns: vec![column.clone()],
            });
        }
        if let Some(references) = &def.references {
            implied.push(IrConstraintKind::ForeignKey {
                columns: vec![column.clone()],
                references: references.clone(),
            });
        }
        for check in &def.checks {
            implied.push(IrConstraintKind::Check {
                expr: check.clone(),
            });
        }
        for kind in implied {
            let is_check = matches!(kind, IrConstraintKind::Check { .. });
            let constraint = TableConstraint {
                name: None,
                kind,
                not_valid: false,
                span: def.span,
            };
            self.add_constraint_named(t, &constraint, is_check.then_some(name));
        }
    }

    // Constraints

    pub(super) fn add_constraint(&mut self, t: TableId, constraint: &TableConstraint) {
        self.add_constraint_named(t, constraint, None);
    }

    /// Adds a constraint; `check_column` names a column-level check's column.
    fn add_constraint_named(
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
        let created = Constraint {
            name: name.clone(),
            kind,
            columns: columns.clone(),
            validated: !constraint.not_valid,
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
                schema: schema.clone(),
                name: index_name,
                table: (schema, table_name),
                columns,
                unique: true,
                predicate: None,
                from_constraint: true,
                history: self.history(),
            });
        }
    }

    /// `ADD CONSTRAINT c PRIMARY KEY | UNIQUE USING INDEX i`: the unique index
    /// `i` becomes the constraint's index and takes the constraint's name.
    fn constraint_using_index(
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

    fn find_constraint(&self, t: TableId, name: &str) -> Option<usize> {
        self.catalog
            .tables
            .get(t.0)?
            .constraints
            .iter()
            .position(|c| self.same(&c.name, name))
    }

    /// Whether a constraint name is taken where the dialect requires uniqueness.
    fn constraint_name_taken(&self, t: TableId, name: &str) -> bool {
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

    fn index_name_taken(&self, schema: &str, name: &str) -> bool {
        self.index_named(schema, name).is_some()
    }

    /// The index of this name in the schema.
    fn index_named(&self, schema: &str, name: &str) -> Option<usize> {
        self.catalog.indexes.position(schema, name, |i| {
            self.same(&i.schema, schema) && self.same(&i.name, name)
        })
    }

    fn constraint_name(&self, t: TableId, kind: &ConstraintKind, columns: &[String]) -> String {
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
    fn constraint_index_name(
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
    fn remove_constraint(&mut self, t: TableId, c: usize) {
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

    // ALTER TABLE

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
                AlterTableOp::AddIndex { name, unique, keys } => {
                    self.create_index(t, name.as_ref(), *unique, false, keys, None);
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
                AlterTableOp::Other => {}
            }
        }
    }

    fn drop_column(&mut self, t: TableId, name: &Ident, if_exists: bool, cascade: bool) {
        let folded = self.fold(name);
        let c = match self.lookup_column(t, &folded) {
            ColumnLookup::Found(c) => c,
            ColumnLookup::Unknown => return,
            ColumnLookup::Missing if if_exists => return,
            ColumnLookup::Missing => return self.unknown_column(t, folded, name.span),
        };
        let (schema, table) = self.table_key(t);
        let dialect = self.catalog.dialect;
        let same = |a: &str, b: &str| crate::names::same_in(dialect, a, b);
        let Some(tb) = self.table_mut(t) else {
            return;
        };
        let Some(column) = tb.columns.remove(c).map(|c| c.name) else {
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

    fn rename_column(&mut self, t: TableId, c: usize, to: &Ident) {
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
        let Some(column) = self.table_mut(t).and_then(|tb| tb.columns.get_mut(c)) else {
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
    fn rename_column_references(&mut self, schema: &str, table: &str, old: &str, new: &str) {
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

    /// Renames table `t` (a schema in `to` moves it, as MySQL allows); returns its
    /// new position.
    pub(super) fn rename_table(&mut self, t: TableId, to: &ObjectName) -> Option<TableId> {
        let (schema, _) = self.table_key(t);
        let new_schema = to.schema.as_ref().map_or(schema, |s| self.fold(s));
        let new_name = self.fold(&to.name);
        if let Some(existing) = self.table_index(&new_schema, &new_name)
            && existing != t
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
    fn move_table(&mut self, t: TableId, schema: &str, name: &str) {
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

    fn alter_column(&mut self, t: TableId, c: usize, op: &AlterColumnOp) {
        let dialect = self.catalog.dialect;
        let at = self.at;
        let Some(column) = self.table_mut(t).and_then(|tb| tb.columns.get_mut(c)) else {
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
                column.default = Some(normalize_default(&default.text, dialect));
            }
            AlterColumnOp::DropDefault => column.default = None,
            AlterColumnOp::AddIdentity { kind } => {
                column.identity = Some(identity(*kind));
                column.nullable = false;
            }
            AlterColumnOp::DropIdentity => column.identity = None,
            AlterColumnOp::Other => {}
        }
    }

    /// MySQL `MODIFY` / `CHANGE`: the column is redefined in place.
    fn replace_column(&mut self, t: TableId, c: usize, def: &ColumnDef) {
        let new_name = self.fold(&def.name);
        let old_name = self
            .catalog
            .tables
            .get(t.0)
            .and_then(|tb| tb.columns.get(c))
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
            .and_then(|tb| tb.columns.get(c))
        {
            column.history = History {
                created: previous.history.created,
                changed: self.at,
            };
        }
        if let Some(tb) = self.table_mut(t)
            && let Some(slot) = tb.columns.get_mut(c)
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

    fn rename_constraint(&mut self, t: TableId, from: &Ident, to: &Ident) {
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

    // Indexes

    fn index_on_table(&self, t: TableId, name: &str) -> Option<usize> {
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
        predicate: Option<String>,
    ) {
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
        self.catalog.indexes.push(Index {
            schema: schema.clone(),
            name: index_name.clone(),
            table: (schema, table),
            columns: columns.clone(),
            unique,
            predicate,
            from_constraint: false,
            history: self.history(),
        });
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
                    history,
                });
            }
            if let Some(index) = self.catalog.indexes.last_mut() {
                index.from_constraint = true;
            }
        }
    }

    fn lookup_column_name(&self, t: TableId, name: &str) -> Option<String> {
        self.catalog
            .tables
            .get(t.0)?
            .columns
            .iter()
            .find(|c| self.same(&c.name, name))
            .map(|c| c.name.clone())
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

    fn rename_index(&mut self, i: usize, to: &Ident) {
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

    // DROP TABLE

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

    /// Drops the columns of a user type (`DROP TYPE … CASCADE`).
    pub(super) fn drop_columns_of_type(&mut self, type_name: &str) {
        for tb in &mut self.catalog.tables {
            tb.columns
                .retain(|c| c.data_type.as_ref().is_none_or(|d| d.name != type_name));
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

fn identity(kind: IdentityKind) -> Identity {
    match kind {
        IdentityKind::Always => Identity::Always,
        IdentityKind::ByDefault => Identity::ByDefault,
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
