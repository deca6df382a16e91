//! The database schema a Prisma model asks for, as plain data: what
//! `prisma migrate` would create from an empty database.

use miglint_source::Dialect;

/// A place in the model: the file and the span of a field, model or enum.
pub use miglint_model::ModelLocation;

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedSchema {
    pub dialect: Dialect,
    /// The datasource provider as written (`postgresql`, `cockroachdb`, `mysql`, `sqlite`).
    pub provider: String,
    /// False under `relationMode = "prisma"`: no foreign keys in the database.
    pub foreign_keys: bool,
    pub tables: Vec<ExpectedTable>,
    pub enums: Vec<ExpectedEnum>,
    /// Views the model declares, as (schema, name); they are not tables.
    pub views: Vec<(Option<String>, String)>,
}

impl ExpectedSchema {
    pub fn table(&self, name: &str) -> Option<&ExpectedTable> {
        self.tables.iter().find(|t| t.name == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedTable {
    /// `@@schema`, or `None` for the connection's default schema.
    pub schema: Option<String>,
    /// The table name (`@@map`, or the model name).
    pub name: String,
    /// The model's name; for an implicit many-to-many table, the relation's.
    pub model: String,
    /// The model header; for an implicit many-to-many table, the relation field.
    pub location: ModelLocation,
    pub columns: Vec<ExpectedColumn>,
    pub primary_key: Option<ExpectedKey>,
    /// `@unique`, `@@unique` and `@@index`, in declaration order.
    pub indexes: Vec<ExpectedIndex>,
    pub foreign_keys: Vec<ExpectedForeignKey>,
    /// `@@ignore`: hidden from the client, still created by Prisma Migrate.
    pub ignored: bool,
    /// The `_AToB` table of an implicit many-to-many relation.
    pub implicit_join: bool,
}

impl ExpectedTable {
    pub fn column(&self, name: &str) -> Option<&ExpectedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedColumn {
    /// The column name (`@map`, or the field name).
    pub name: String,
    /// The Prisma field name.
    pub field: String,
    /// The field's line, from its name to its last attribute.
    pub location: ModelLocation,
    /// The stored type as Prisma writes it: `TEXT`, `TIMESTAMP(3)`,
    /// `"Role"`, `TEXT[]`, `INTEGER` (a serial's storage; see `auto_increment`).
    pub sql_type: String,
    pub nullable: bool,
    pub default: Option<ColumnDefault>,
    /// `@default(autoincrement())`: SERIAL on PostgreSQL, AUTO_INCREMENT on
    /// MySQL, AUTOINCREMENT on SQLite.
    pub auto_increment: bool,
    /// `@ignore`: hidden from the client, still created by Prisma Migrate.
    pub ignored: bool,
    /// The Prisma enum this column stores, by Prisma name.
    pub enum_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnDefault {
    /// A default Prisma writes and keeps in sync: `false`, `'USER'`, `CURRENT_TIMESTAMP`.
    Sql(String),
    /// `dbgenerated("…")`: written at creation; Prisma only checks it exists.
    DbGenerated(String),
    /// `dbgenerated()` with no argument: the database owns the default.
    Unmanaged,
}

impl ColumnDefault {
    /// The SQL Prisma writes after `DEFAULT`, if any.
    pub fn sql(&self) -> Option<&str> {
        match self {
            ColumnDefault::Sql(sql) | ColumnDefault::DbGenerated(sql) => Some(sql),
            ColumnDefault::Unmanaged => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedKey {
    /// `<table>_pkey` unless `map:` names it.
    pub name: String,
    pub columns: Vec<String>,
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedIndex {
    pub name: String,
    /// Column names in key order.
    pub columns: Vec<String>,
    /// Each key as Prisma writes it: `"title" DESC`, `"e" gin_trgm_ops`.
    pub key_sql: Vec<String>,
    pub unique: bool,
    /// `type: Gin` and the like; `None` for the default method.
    pub using: Option<String>,
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    /// The referenced table as (schema, name).
    pub referenced_table: (Option<String>, String),
    pub referenced_columns: Vec<String>,
    /// As written in SQL: `CASCADE`, `SET NULL`, `RESTRICT`, `NO ACTION`, `SET DEFAULT`.
    pub on_delete: String,
    pub on_update: String,
    /// The relation field.
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedEnum {
    pub schema: Option<String>,
    /// The database type name (`@@map`, or the enum name).
    pub name: String,
    /// The Prisma enum name.
    pub prisma_name: String,
    pub values: Vec<ExpectedEnumValue>,
    /// The enum header.
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedEnumValue {
    /// The stored value (`@map`, or the value name).
    pub name: String,
    pub location: ModelLocation,
}
