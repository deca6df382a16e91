//! Read access to the catalog: find objects by stored or written name.

use miglint_syntax::ir::ObjectName;

use crate::names;
use crate::{Catalog, EnumType, Extension, Index, Schema, Sequence, Table, View};

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
        self.schemas.iter().find(|s| self.same(&s.name, name))
    }

    /// A table by stored name; `None` for the schema means the default schema.
    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| self.matches(schema, name, &t.schema, &t.name))
    }

    /// A table by the name as a statement writes it.
    pub fn table_by_name(&self, name: &ObjectName) -> Option<&Table> {
        let (schema, name) = self.resolve(name);
        self.table(Some(&schema), &name)
    }

    pub fn enum_type(&self, schema: Option<&str>, name: &str) -> Option<&EnumType> {
        self.enums
            .iter()
            .find(|e| self.matches(schema, name, &e.schema, &e.name))
    }

    pub fn enum_by_name(&self, name: &ObjectName) -> Option<&EnumType> {
        let (schema, name) = self.resolve(name);
        self.enum_type(Some(&schema), &name)
    }

    /// An index by schema and name (PostgreSQL and SQLite name indexes per schema).
    pub fn index(&self, schema: Option<&str>, name: &str) -> Option<&Index> {
        self.indexes
            .iter()
            .find(|i| self.matches(schema, name, &i.schema, &i.name))
    }

    /// The indexes of a table, in creation order.
    pub fn indexes_on<'a>(&'a self, table: &'a Table) -> impl Iterator<Item = &'a Index> + 'a {
        self.indexes.iter().filter(move |i| {
            self.same(&i.table.0, &table.schema) && self.same(&i.table.1, &table.name)
        })
    }

    /// A view or materialised view.
    pub fn view(&self, schema: Option<&str>, name: &str) -> Option<&View> {
        self.views
            .iter()
            .find(|v| self.matches(schema, name, &v.schema, &v.name))
    }

    pub fn sequence(&self, schema: Option<&str>, name: &str) -> Option<&Sequence> {
        self.sequences
            .iter()
            .find(|s| self.matches(schema, name, &s.schema, &s.name))
    }

    pub fn extension(&self, name: &str) -> Option<&Extension> {
        self.extensions.iter().find(|e| self.same(&e.name, name))
    }

    /// Tables of one schema, in creation order.
    pub fn tables_in<'a>(&'a self, schema: &'a str) -> impl Iterator<Item = &'a Table> + 'a {
        self.tables
            .iter()
            .filter(move |t| self.same(&t.schema, schema))
    }
}
