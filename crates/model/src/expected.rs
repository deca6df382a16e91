//! The database schema a model asks for, as plain data in database names and
//! the project's dialect, whatever the model's language.

use miglint_source::{Dialect, FileId, Span};

/// A place in the model: the file and the span of a field, table or enum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ModelLocation {
    pub file: FileId,
    pub span: Span,
}

/// The language the model is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelKind {
    Prisma,
    /// diesel's `schema.rs` (`table!` blocks).
    Diesel,
    /// drizzle-kit's `meta/<n>_snapshot.json`.
    Drizzle,
    /// A declarative SQL file (`schema.sql`, a dbmate dump).
    SchemaSql,
}

impl ModelKind {
    pub const fn name(self) -> &'static str {
        match self {
            ModelKind::Prisma => "prisma",
            ModelKind::Diesel => "diesel",
            ModelKind::Drizzle => "drizzle",
            ModelKind::SchemaSql => "schema.sql",
        }
    }

    /// The model file as messages name it: "invalid Prisma schema: …".
    pub const fn file_description(self) -> &'static str {
        match self {
            ModelKind::Prisma => "Prisma schema",
            ModelKind::Diesel => "diesel schema",
            ModelKind::Drizzle => "drizzle snapshot",
            ModelKind::SchemaSql => "schema file",
        }
    }

    /// What a model of this kind can declare; drift it cannot express is
    /// never reported.
    pub const fn capabilities(self) -> Capabilities {
        match self {
            ModelKind::Prisma | ModelKind::Drizzle | ModelKind::SchemaSql => Capabilities::ALL,
            // `table!` lists columns, SQL types, nullability and the primary
            // key; `joinable!` the foreign keys. No defaults, indexes,
            // unique constraints or enum values.
            ModelKind::Diesel => Capabilities {
                defaults: false,
                indexes: false,
                enums: false,
                ..Capabilities::ALL
            },
        }
    }
}

/// What a model kind can declare. Each flag switches the drift of that kind
/// on or off (see [`crate::DriftKind::needs`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// Column defaults: `column-default-mismatch`.
    pub defaults: bool,
    /// Indexes and unique constraints: `model-index-missing`, `index-not-in-model`.
    pub indexes: bool,
    /// Foreign keys: `model-foreign-key-missing`.
    pub foreign_keys: bool,
    /// Enum types and their values: `model-enum-missing`, `enum-value-*`.
    pub enums: bool,
    /// Primary keys: `primary-key-mismatch`.
    pub primary_keys: bool,
}

impl Capabilities {
    pub const ALL: Capabilities = Capabilities {
        defaults: true,
        indexes: true,
        foreign_keys: true,
        enums: true,
        primary_keys: true,
    };
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedSchema {
    pub dialect: Dialect,
    pub kind: ModelKind,
    /// What this model can declare: usually `kind.capabilities()`, less when
    /// the model itself says so (Prisma's `relationMode = "prisma"`: no foreign keys).
    pub capabilities: Capabilities,
    pub tables: Vec<ExpectedTable>,
    pub enums: Vec<ExpectedEnum>,
    /// Relations the model declares that are not tables (views), as (schema, name).
    pub views: Vec<(Option<String>, String)>,
    /// Tables the model leaves out on purpose (a tool's bookkeeping table, a
    /// reader's filter), as (schema, name): never "not in model".
    pub unmanaged_tables: Vec<(Option<String>, String)>,
    /// Whether the connection's default schema is compared even when no
    /// table names it (false for a diesel `schema = "other"` filter).
    pub default_schema_managed: bool,
    /// Which tables of the history the model speaks for (diesel's `filter`).
    pub filter: TableFilter,
}

/// Table-name patterns (regular expressions, matched anywhere in the name as
/// diesel does): a table outside the filter is never "not in model".
#[derive(Clone, Debug, Default)]
pub struct TableFilter {
    /// When not empty, only tables matching one of these.
    pub only: Vec<regex::Regex>,
    /// Tables matching one of these are left out.
    pub except: Vec<regex::Regex>,
}

impl TableFilter {
    pub fn manages(&self, table: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|r| r.is_match(table)))
            && !self.except.iter().any(|r| r.is_match(table))
    }
}

impl PartialEq for TableFilter {
    fn eq(&self, other: &Self) -> bool {
        let patterns = |list: &[regex::Regex]| -> Vec<String> {
            list.iter().map(|r| r.as_str().to_owned()).collect()
        };
        patterns(&self.only) == patterns(&other.only)
            && patterns(&self.except) == patterns(&other.except)
    }
}

/// A model file that cannot be read: the drift check is skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    pub kind: ModelKind,
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl ExpectedSchema {
    pub fn new(dialect: Dialect, kind: ModelKind) -> Self {
        Self {
            dialect,
            kind,
            capabilities: kind.capabilities(),
            tables: Vec::new(),
            enums: Vec::new(),
            views: Vec::new(),
            unmanaged_tables: Vec::new(),
            default_schema_managed: true,
            filter: TableFilter::default(),
        }
    }

    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<&ExpectedTable> {
        self.tables
            .iter()
            .find(|t| t.schema.as_deref() == schema && t.name == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedTable {
    /// `None` for the connection's default schema.
    pub schema: Option<String>,
    pub name: String,
    /// The table's declaration in the model (its header line).
    pub location: ModelLocation,
    pub columns: Vec<ExpectedColumn>,
    pub primary_key: Option<ExpectedKey>,
    /// Indexes and unique constraints, in declaration order.
    pub indexes: Vec<ExpectedIndex>,
    pub foreign_keys: Vec<ExpectedForeignKey>,
}

impl ExpectedTable {
    pub fn column(&self, name: &str) -> Option<&ExpectedColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// How a column's type is compared with the one the history built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeMatch {
    /// Name, modifiers and array-ness (`TIMESTAMP(3)` is not `TIMESTAMP`).
    Exact,
    /// Name and array-ness: the model cannot state precision or length.
    IgnoreModifiers,
    /// SQLite type affinity: the model names only the storage class.
    Affinity,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedColumn {
    pub name: String,
    /// The column's declaration, from its name to the end of its definition.
    pub location: ModelLocation,
    /// The type as SQL in the project's dialect (`TIMESTAMP(3)`, `"Role"[]`, `integer`).
    pub sql_type: String,
    /// Other spellings that also satisfy the model (a serial's pseudo-type).
    pub also_accepted: Vec<String>,
    pub type_match: TypeMatch,
    /// `None` where the model has no say (a Prisma list field).
    pub nullable: Option<bool>,
    pub default: Option<ExpectedDefault>,
    /// The database generates values (serial, AUTO_INCREMENT, identity):
    /// its default is not compared.
    pub auto_increment: bool,
}

impl ExpectedColumn {
    /// A column the model calls nullable, or says nothing about.
    pub fn is_nullable(&self) -> bool {
        self.nullable.unwrap_or(true)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExpectedDefault {
    /// A default the model states and keeps in sync: compared after normalising.
    Sql(String),
    /// A default the database computes from SQL the model quotes: only its
    /// presence is compared.
    Present(String),
    /// The database owns the default: not compared.
    Unmanaged,
}

impl ExpectedDefault {
    /// The SQL to write after `DEFAULT`, if any.
    pub fn sql(&self) -> Option<&str> {
        match self {
            ExpectedDefault::Sql(sql) | ExpectedDefault::Present(sql) => Some(sql),
            ExpectedDefault::Unmanaged => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedKey {
    /// The constraint name the fix gives it.
    pub name: String,
    pub columns: Vec<String>,
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedIndex {
    pub name: String,
    /// Column names in key order.
    pub columns: Vec<String>,
    /// Each key as SQL: `"title" DESC`, `"e" gin_trgm_ops`.
    pub key_sql: Vec<String>,
    pub unique: bool,
    /// `gin` and the like; `None` for the default method.
    pub using: Option<String>,
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    /// The referenced table as (schema, name).
    pub referenced_table: (Option<String>, String),
    /// Empty when the model names only the table (its primary key).
    pub referenced_columns: Vec<String>,
    /// As written in SQL (`CASCADE`, `SET NULL`…), when the model says.
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedEnum {
    pub schema: Option<String>,
    /// The database type name.
    pub name: String,
    /// The name the model gives it, for messages.
    pub model_name: String,
    pub values: Vec<ExpectedEnumValue>,
    pub location: ModelLocation,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedEnumValue {
    pub name: String,
    pub location: ModelLocation,
}
