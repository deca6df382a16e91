//! What a Prisma model says beyond the model-neutral expected schema: the
//! Prisma names and flags of each table and column, keyed by database name.
//! The fix writer reads the model names (to declare an implicit
//! many-to-many relation) and each field's arity (the `NULL` Prisma writes
//! for a column whose nullability the comparison leaves alone).

/// One entry per table of the expected schema, in the same order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrismaFacts {
    pub tables: Vec<TableFacts>,
}

impl PrismaFacts {
    /// The table named `name` in `schema`; of same-named tables (a schema
    /// Prisma rejects), the first.
    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&TableFacts> {
        self.tables
            .iter()
            .find(|t| t.schema.as_deref() == schema && t.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableFacts {
    /// `@@schema`, or `None` for the connection's default schema.
    pub schema: Option<String>,
    /// The table name (`@@map`, or the model name).
    pub name: String,
    /// The model's name; for an implicit many-to-many table, the relation's.
    pub model: String,
    /// `@@ignore`: hidden from the client, still created by Prisma Migrate.
    pub ignored: bool,
    /// The `_AToB` table of an implicit many-to-many relation.
    pub implicit_join: bool,
    pub columns: Vec<ColumnFacts>,
}

impl TableFacts {
    pub fn column(&self, name: &str) -> Option<&ColumnFacts> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnFacts {
    /// The column name (`@map`, or the field name).
    pub name: String,
    /// The Prisma field name.
    pub field: String,
    /// The field's arity as Prisma's DDL writes it: `NULL` for an optional
    /// or list field. The expected column leaves array nullability uncompared.
    pub nullable: bool,
    /// `@ignore`: hidden from the client, still created by Prisma Migrate.
    pub ignored: bool,
    /// The Prisma enum this column stores, by Prisma name.
    pub enum_name: Option<String>,
}
