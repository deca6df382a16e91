//! Builders for IR values, so replay tests read like the SQL they stand for.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use miglint_catalog::{Catalog, Origin, ReplayEvent, ReplayOptions};
use miglint_source::{Dialect, FileId, Span};
use miglint_syntax::ir::*;

/// `name` unquoted; `"Name"` (with the quotes) quoted.
pub fn id(text: &str) -> Ident {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => Ident {
            value: inner.to_owned(),
            quoted: true,
            span: Span::default(),
        },
        None => Ident {
            value: text.to_owned(),
            quoted: false,
            span: Span::default(),
        },
    }
}

/// `table` or `schema.table`.
pub fn obj(text: &str) -> ObjectName {
    match text.split_once('.') {
        Some((schema, name)) => ObjectName {
            schema: Some(id(schema)),
            name: id(name),
            span: Span::default(),
        },
        None => ObjectName {
            schema: None,
            name: id(text),
            span: Span::default(),
        },
    }
}

pub fn sql(text: &str) -> SqlText {
    SqlText {
        text: text.to_owned(),
        span: Span::default(),
    }
}

pub fn lit(text: &str) -> StringLit {
    StringLit {
        value: text.to_owned(),
        span: Span::default(),
    }
}

pub fn col(name: &str, data_type: &str) -> ColumnDef {
    ColumnDef::new(id(name), Some(sql(data_type)), Span::default())
}

pub fn not_null(mut c: ColumnDef) -> ColumnDef {
    c.not_null = true;
    c
}
pub fn pk(mut c: ColumnDef) -> ColumnDef {
    c.primary_key = true;
    c
}
pub fn unique(mut c: ColumnDef) -> ColumnDef {
    c.unique = true;
    c
}
pub fn default(mut c: ColumnDef, text: &str) -> ColumnDef {
    c.default = Some(sql(text));
    c
}
pub fn references(mut c: ColumnDef, table: &str, columns: &[&str]) -> ColumnDef {
    c.references = Some(fk_ref(table, columns));
    c
}
pub fn check(mut c: ColumnDef, expr: &str) -> ColumnDef {
    c.checks.push(sql(expr));
    c
}

pub fn fk_ref(table: &str, columns: &[&str]) -> ForeignKeyRef {
    ForeignKeyRef {
        table: obj(table),
        columns: ids(columns),
        on_delete: None,
        on_update: None,
    }
}

pub fn ids(names: &[&str]) -> Vec<Ident> {
    names.iter().map(|n| id(n)).collect()
}

pub fn constraint(name: Option<&str>, kind: ConstraintKind) -> TableConstraint {
    TableConstraint {
        name: name.map(id),
        kind,
        not_valid: false,
        span: Span::default(),
    }
}

pub fn create_table(name: &str, columns: Vec<ColumnDef>) -> SchemaChange {
    create_table_with(name, columns, Vec::new())
}

pub fn create_table_with(
    name: &str,
    columns: Vec<ColumnDef>,
    constraints: Vec<TableConstraint>,
) -> SchemaChange {
    SchemaChange::CreateTable {
        name: obj(name),
        if_not_exists: false,
        temporary: false,
        columns,
        constraints,
        columns_unknown: false,
    }
}

pub fn alter(name: &str, ops: Vec<AlterTableOp>) -> SchemaChange {
    SchemaChange::AlterTable {
        name: obj(name),
        if_exists: false,
        actions: ops
            .into_iter()
            .map(|op| AlterTableAction {
                op,
                span: Span::default(),
            })
            .collect(),
    }
}

pub fn drop_table(name: &str) -> SchemaChange {
    SchemaChange::DropTable {
        names: vec![obj(name)],
        if_exists: false,
        cascade: false,
    }
}

pub fn create_index(name: Option<&str>, table: &str, columns: &[&str]) -> SchemaChange {
    SchemaChange::CreateIndex {
        name: name.map(id),
        table: obj(table),
        unique: false,
        if_not_exists: false,
        concurrently: false,
        keys: columns.iter().map(|c| IndexKey::Column(id(c))).collect(),
        predicate: None,
        method: None,
    }
}

pub fn create_enum(name: &str, values: &[&str]) -> SchemaChange {
    SchemaChange::CreateEnum {
        name: obj(name),
        values: values.iter().map(|v| lit(v)).collect(),
    }
}

/// A catalog plus a counter giving each applied statement its own origin.
pub struct Db {
    pub catalog: Catalog,
    pub options: ReplayOptions,
    next: u32,
}

impl Db {
    pub fn new(dialect: Dialect) -> Self {
        Self {
            catalog: Catalog::new(dialect),
            options: ReplayOptions::default(),
            next: 0,
        }
    }

    pub fn pg() -> Self {
        Self::new(Dialect::Postgres)
    }

    /// The origin the next `apply` will use.
    pub fn next_origin(&self) -> Origin {
        Origin {
            file: FileId(0),
            span: Span::new(self.next, self.next + 1),
        }
    }

    pub fn apply(&mut self, change: SchemaChange) -> Vec<ReplayEvent> {
        let at = self.next_origin();
        self.next += 1;
        self.catalog.apply(&change, at, self.options)
    }

    /// Applies a change that must replay without events.
    pub fn ok(&mut self, change: SchemaChange) {
        let events = self.apply(change);
        assert_eq!(events, Vec::new(), "unexpected events");
    }

    pub fn column_type(&self, table: &str, column: &str) -> String {
        let t = self.catalog.table_by_name(&obj(table)).expect("table");
        t.column(column)
            .expect("column")
            .data_type
            .as_ref()
            .expect("type")
            .to_string()
    }

    pub fn constraint_names(&self, table: &str) -> Vec<String> {
        let t = self.catalog.table_by_name(&obj(table)).expect("table");
        t.constraints.iter().map(|c| c.name.clone()).collect()
    }

    pub fn index_names(&self, table: &str) -> Vec<String> {
        let t = self.catalog.table_by_name(&obj(table)).expect("table");
        self.catalog.indexes_on(t).map(|i| i.name.clone()).collect()
    }
}
