//! Read access to the catalog: find objects by stored or written name.

use miglint_syntax::ir::ObjectName;

use crate::names;
use crate::{Catalog, EnumType, Extension, Index, Schema, Sequence, Table, TableId, View};

impl Catalog {
    /// Whether two stored names denote the same object in this catalog's dialect.
    pub fn same(&self, a: &str, b: &str) -> bool {
        names::same_in(self.dialect, a, b)
    }

    /// The stored (schema, name) of a name as written.
    pub fn resolve(&self, name: &ObjectName) -> (String, String) {
        names::qualified(name, self.dialect, &self.default_schema)
    }

    /// `name` or `schema.name`, as the user would write it.
    pub fn display_name(&self, schema: &str, name: &str) -> String {
        names::display(schema, name, &self.default_schema)
    }

    fn matches(&self, schema: Option<&str>, name: &str, obj_schema: &str, obj_name: &str) -> bool {
        let schema = schema.unwrap_or(&self.default_schema);
        self.same(schema, obj_schema) && self.same(name, obj_name)
    }

    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas
            .position("", name, |s| self.same(&s.name, name))
            .and_then(|p| self.schemas.get(p))
    }

    /// Where a table is; `None` for the schema means the default schema.
    pub fn table_id(&self, schema: Option<&str>, name: &str) -> Option<TableId> {
        let schema = schema.unwrap_or(&self.default_schema);
        self.tables
            .position(schema, name, |t| {
                self.matches(Some(schema), name, &t.schema, &t.name)
            })
            .map(TableId)
    }

    /// A table by stored name; `None` for the schema means the default schema.
    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&Table> {
        self.table_id(schema, name)
            .and_then(|t| self.tables.get(t.0))
    }

    /// A table by the name as a statement writes it.
    pub fn table_by_name(&self, name: &ObjectName) -> Option<&Table> {
        let (schema, name) = names::qualified_ref(name, self.dialect, &self.default_schema);
        self.table(Some(&schema), &name)
    }

    pub fn enum_type(&self, schema: Option<&str>, name: &str) -> Option<&EnumType> {
        let schema = schema.unwrap_or(&self.default_schema);
        self.enums
            .position(schema, name, |e| {
                self.matches(Some(schema), name, &e.schema, &e.name)
            })
            .and_then(|p| self.enums.get(p))
    }

    pub fn enum_by_name(&self, name: &ObjectName) -> Option<&EnumType> {
        let (schema, name) = names::qualified_ref(name, self.dialect, &self.default_schema);
        self.enum_type(Some(&schema), &name)
    }

    /// An index by schema and name (PostgreSQL and SQLite name indexes per schema).
    pub fn index(&self, schema: Option<&str>, name: &str) -> Option<&Index> {
        let schema = schema.unwrap_or(&self.default_schema);
        self.indexes
            .position(schema, name, |i| {
                self.matches(Some(schema), name, &i.schema, &i.name)
            })
            .and_then(|p| self.indexes.get(p))
    }

    /// The indexes of a table, in creation order.
    pub fn indexes_on<'a>(&'a self, table: &'a Table) -> impl Iterator<Item = &'a Index> + 'a {
        self.indexes
            .grouped(&table.schema, &table.name)
            .filter_map(|p| self.indexes.get(p))
            .filter(move |i| {
                self.same(&i.table.0, &table.schema) && self.same(&i.table.1, &table.name)
            })
    }

    /// A view or materialised view.
    pub fn view(&self, schema: Option<&str>, name: &str) -> Option<&View> {
        let schema = schema.unwrap_or(&self.default_schema);
        self.views
            .position(schema, name, |v| {
                self.matches(Some(schema), name, &v.schema, &v.name)
            })
            .and_then(|p| self.views.get(p))
    }

    pub fn sequence(&self, schema: Option<&str>, name: &str) -> Option<&Sequence> {
        let schema = schema.unwrap_or(&self.default_schema);
        self.sequences
            .position(schema, name, |s| {
                self.matches(Some(schema), name, &s.schema, &s.name)
            })
            .and_then(|p| self.sequences.get(p))
    }

    pub fn extension(&self, name: &str) -> Option<&Extension> {
        self.extensions
            .position("", name, |e| self.same(&e.name, name))
            .and_then(|p| self.extensions.get(p))
    }

    /// Tables of one schema, in creation order.
    pub fn tables_in<'a>(&'a self, schema: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        self.tables
            .iter()
            .filter(move |t| self.same(&t.schema, schema))
    }
}
