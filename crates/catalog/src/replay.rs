//! Replaying schema changes into the catalog.
//!
//! Each [`SchemaChange`] is applied the way the database would apply it; what
//! the database would reject is reported as a [`ReplayEvent`] and otherwise
//! skipped, so that replay goes on.

mod column;
mod constraint;
mod index;
mod objects;
mod table;

use miglint_source::{Dialect, Span};
use miglint_syntax::ir::{Ident, ObjectName, SchemaChange};

use std::collections::HashSet;

use crate::named::NamedVec;
use crate::{Catalog, History, ObjectKind, Origin, ReplayEvent, Schema, names};

/// How to treat objects the history never created.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReplayOptions {
    /// A partial history: a table no statement created is assumed to exist,
    /// with unknown columns.
    pub assume_missing_tables: bool,
}

impl Catalog {
    /// An empty catalog holding only the dialect's default schema.
    pub fn new(dialect: Dialect) -> Self {
        let default_schema = names::default_schema(dialect).to_owned();
        Self {
            dialect,
            schemas: NamedVec::from(vec![Schema {
                name: default_schema.clone(),
                history: None,
            }]),
            default_schema,
            tables: NamedVec::new(),
            indexes: NamedVec::new(),
            enums: NamedVec::new(),
            views: NamedVec::new(),
            sequences: NamedVec::new(),
            extensions: NamedVec::new(),
            other_types: Vec::new(),
            external_schemas: Vec::new(),
            has_temporary: false,
            constraint_names: HashSet::new(),
        }
    }

    /// Declares a table that exists before the history starts (a migration
    /// tool's bookkeeping table): assumed, with unknown columns.
    pub fn assume_table(&mut self, schema: Option<&str>, name: &str) {
        let schema = schema.unwrap_or(&self.default_schema).to_owned();
        let dialect = self.dialect;
        let exists = self
            .tables
            .position(&schema, name, |t| {
                names::same_in(dialect, &t.schema, &schema)
                    && names::same_in(dialect, &t.name, name)
            })
            .is_some();
        if !exists {
            let origin = Origin {
                file: miglint_source::FileId(u32::MAX),
                span: miglint_source::Span::default(),
            };
            self.tables.push(crate::Table {
                schema,
                name: name.to_owned(),
                columns: NamedVec::new(),
                constraints: Vec::new(),
                assumed: true,
                temporary: false,
                history: crate::History::new(origin),
            });
        }
    }

    /// Whether a table of this name exists outside the history: a system
    /// catalog (`pg_class`, `information_schema.tables`, `sqlite_master`…)
    /// or a table of an external schema.
    pub fn is_external(&self, schema: &str, name: &str) -> bool {
        let dialect = self.dialect;
        let system_schema = match dialect {
            Dialect::Postgres => ["pg_catalog", "information_schema"].as_slice(),
            Dialect::MySql => {
                ["information_schema", "mysql", "performance_schema", "sys"].as_slice()
            }
            Dialect::Sqlite => ["temp"].as_slice(),
        };
        let system_name = match dialect {
            // `pg_catalog` comes first in the search path.
            Dialect::Postgres => name.starts_with("pg_"),
            Dialect::Sqlite => name.starts_with("sqlite_"),
            Dialect::MySql => false,
        };
        system_schema
            .iter()
            .any(|s| names::same_in(dialect, s, schema))
            || self
                .external_schemas
                .iter()
                .any(|s| names::same_in(dialect, s, schema))
            || (system_name && names::same_in(dialect, schema, &self.default_schema))
    }

    /// Applies one statement's change; returns what the database would have
    /// rejected (the rest of the statement is still applied).
    pub fn apply(
        &mut self,
        change: &SchemaChange,
        at: Origin,
        options: ReplayOptions,
    ) -> Vec<ReplayEvent> {
        let mut replay = Replay {
            catalog: self,
            at,
            options,
            events: Vec::new(),
        };
        replay.change(change);
        replay.events
    }
}

impl Catalog {
    /// Ends a migration's database session: temporary tables disappear.
    pub fn end_session(&mut self) {
        if !self.has_temporary {
            return;
        }
        self.has_temporary = false;
        let dialect = self.dialect;
        let temporary: Vec<(String, String)> = self
            .tables
            .iter()
            .filter(|t| t.temporary)
            .map(|t| (t.schema.clone(), t.name.clone()))
            .collect();
        if temporary.is_empty() {
            return;
        }
        self.tables.retain(|t| !t.temporary);
        self.indexes.retain(|i| {
            !temporary.iter().any(|(schema, name)| {
                crate::names::same_in(dialect, schema, &i.table.0)
                    && crate::names::same_in(dialect, name, &i.table.1)
            })
        });
    }
}

/// One `apply` call: the catalog, where the statement is, and the events so far.
struct Replay<'a> {
    catalog: &'a mut Catalog,
    at: Origin,
    options: ReplayOptions,
    events: Vec<ReplayEvent>,
}

impl Replay<'_> {
    fn change(&mut self, change: &SchemaChange) {
        match change {
            SchemaChange::CreateSchema {
                name,
                if_not_exists,
            } => self.create_schema(name, *if_not_exists),
            SchemaChange::DropSchema {
                names,
                if_exists,
                cascade,
            } => {
                for name in names {
                    self.drop_schema(name, *if_exists, *cascade);
                }
            }
            SchemaChange::RenameSchema { name, to } => self.rename_schema(name, to),
            SchemaChange::CreateTable {
                name,
                if_not_exists,
                temporary,
                columns,
                constraints,
                columns_unknown,
            } => {
                self.create_table(name, *if_not_exists, columns, constraints, *columns_unknown);
                if *temporary
                    && let Some(t) = self.existing_table(name)
                    && let Some(table) = self.catalog.tables.get_mut(t.0)
                {
                    table.temporary = true;
                    self.catalog.has_temporary = true;
                }
            }
            SchemaChange::Procedural { changes } => {
                // What a guarded block would raise is not reported: replay
                // the DDL for its effect only.
                let reported = self.events.len();
                for change in changes {
                    self.change(change);
                }
                self.events.truncate(reported);
            }
            SchemaChange::AlterTable {
                name,
                if_exists,
                actions,
            } => self.alter_table(name, *if_exists, actions),
            SchemaChange::DropTable {
                names,
                if_exists,
                cascade,
            } => {
                for name in names {
                    self.drop_table(name, *if_exists, *cascade);
                }
            }
            SchemaChange::RenameTables { pairs } => {
                for (from, to) in pairs {
                    if let Some(t) = self.existing_table(from) {
                        self.rename_table(t, to);
                    }
                }
            }
            SchemaChange::CreateIndex {
                name,
                table,
                unique,
                if_not_exists,
                concurrently: _,
                keys,
                predicate,
                method,
            } => {
                // PostgreSQL also indexes materialized views; their columns
                // are not tracked, so such an index is accepted as it is.
                let (schema, view) = self.resolve(table);
                if self
                    .catalog
                    .view(Some(&schema), &view)
                    .is_some_and(|v| v.materialized)
                {
                    return;
                }
                if let Some(t) = self.existing_table(table) {
                    let predicate = predicate.as_ref().map(|p| p.text.clone());
                    self.create_index(
                        t,
                        name.as_ref(),
                        *unique,
                        *if_not_exists,
                        keys,
                        index::IndexShape {
                            predicate,
                            method: method.as_deref(),
                        },
                    );
                }
            }
            SchemaChange::DropIndex {
                names,
                if_exists,
                concurrently: _,
                table,
            } => {
                for name in names {
                    self.drop_index(name, table.as_ref(), *if_exists);
                }
            }
            SchemaChange::AlterIndex {
                name,
                if_exists,
                op,
            } => self.alter_index(name, *if_exists, op),
            SchemaChange::CreateEnum { name, values } => self.create_enum(name, values),
            SchemaChange::CreateOtherType { name } => self.create_other_type(name),
            SchemaChange::AlterType { name, op } => self.alter_type(name, op),
            SchemaChange::DropType {
                names,
                if_exists,
                cascade,
            } => {
                for name in names {
                    self.drop_type(name, *if_exists, *cascade);
                }
            }
            SchemaChange::CreateView {
                name,
                or_replace,
                materialized,
                if_not_exists,
                columns: _,
                references,
            } => self.create_view(name, *or_replace, *materialized, *if_not_exists, references),
            SchemaChange::AlterView {
                name,
                materialized,
                if_exists,
                op,
            } => self.alter_view(name, *materialized, *if_exists, op),
            SchemaChange::DropView {
                names,
                materialized,
                if_exists,
            } => {
                for name in names {
                    self.drop_view(name, *materialized, *if_exists);
                }
            }
            SchemaChange::CreateSequence {
                name,
                if_not_exists,
            } => self.create_sequence(name, *if_not_exists),
            SchemaChange::AlterSequence {
                name,
                if_exists,
                op,
            } => self.alter_sequence(name, *if_exists, op),
            SchemaChange::DropSequence { names, if_exists } => {
                for name in names {
                    self.drop_sequence(name, *if_exists);
                }
            }
            SchemaChange::CreateExtension {
                name,
                if_not_exists,
                schema: _,
            } => self.create_extension(name, *if_not_exists),
            SchemaChange::DropExtension { names, if_exists } => {
                for name in names {
                    self.drop_extension(name, *if_exists);
                }
            }
            SchemaChange::Insert { table, columns } | SchemaChange::Update { table, columns } => {
                if let Some(t) = self.existing_table(table) {
                    for column in columns {
                        self.existing_column(t, column);
                    }
                }
            }
            SchemaChange::Delete { table } => {
                self.existing_table(table);
            }
            SchemaChange::Transaction(_)
            | SchemaChange::Truncate { .. }
            | SchemaChange::DropDatabase { .. }
            | SchemaChange::Utility(_)
            | SchemaChange::Other => {}
        }
    }

    // Shared helpers.

    fn fold(&self, ident: &Ident) -> String {
        names::fold(ident, self.catalog.dialect)
    }

    fn same(&self, a: &str, b: &str) -> bool {
        self.catalog.same(a, b)
    }

    fn resolve(&self, name: &ObjectName) -> (String, String) {
        self.catalog.resolve(name)
    }

    fn shown(&self, schema: &str, name: &str) -> String {
        self.catalog.display_name(schema, name)
    }

    fn history(&self) -> History {
        History::new(self.at)
    }

    fn already_exists(
        &mut self,
        kind: ObjectKind,
        name: String,
        span: Span,
        previous: Option<Origin>,
    ) {
        self.events.push(ReplayEvent::AlreadyExists {
            kind,
            name,
            span,
            previous,
        });
    }

    fn unknown(&mut self, kind: ObjectKind, name: String, span: Span) {
        self.events
            .push(ReplayEvent::UnknownObject { kind, name, span });
    }

    /// Whether the schema exists; reports it when it does not. Only PostgreSQL's
    /// schemas are tracked (MySQL's are databases, SQLite's attached files); a
    /// partial history may lack the `CREATE SCHEMA`, and a platform's schemas
    /// (or those a partial history's first migration uses) pre-exist.
    fn check_schema(&mut self, schema: &str, span: Span) -> bool {
        if self.catalog.dialect != Dialect::Postgres
            || self.options.assume_missing_tables
            || self.catalog.schema(schema).is_some()
            || self
                .catalog
                .external_schemas
                .iter()
                .any(|s| names::same_in(Dialect::Postgres, s, schema))
        {
            return true;
        }
        self.unknown(ObjectKind::Schema, schema.to_owned(), span);
        false
    }
}
