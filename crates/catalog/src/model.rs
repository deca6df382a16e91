//! The catalog's objects. Names are stored as the database stores them
//! (PostgreSQL folds unquoted names to lower case); lookups go through
//! [`crate::names`] so that MySQL and SQLite compare case-insensitively.

use miglint_source::{FileId, Span};

use crate::named::{Named, NamedVec};
use crate::types::SqlType;

/// Where a statement sits: the file and the statement's span.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    pub file: FileId,
    pub span: Span,
}

/// Where an object was created and where it was last changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct History {
    pub created: Origin,
    pub changed: Origin,
}

impl History {
    pub fn new(at: Origin) -> Self {
        Self {
            created: at,
            changed: at,
        }
    }

    pub fn touch(&mut self, at: Origin) {
        self.changed = at;
    }
}

#[derive(Clone, Debug)]
pub struct Schema {
    pub name: String,
    pub history: Option<History>,
}

/// Where a table sits in [`crate::Catalog::tables`]: valid until a table is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableId(pub usize);

/// Where a column sits in its table's [`Table::columns`]: valid until a column is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ColumnId(pub usize);

#[derive(Clone, Debug)]
pub struct Table {
    pub schema: String,
    pub name: String,
    pub columns: NamedVec<Column>,
    pub constraints: Vec<Constraint>,
    /// True for a table no statement created, assumed to pre-exist in a
    /// partial history: its column list is unknown.
    pub assumed: bool,
    /// `CREATE TEMPORARY TABLE`: gone when the migration's session ends
    /// (see [`crate::Catalog::end_session`]).
    pub temporary: bool,
    pub history: History,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.column_position(name).and_then(|c| self.columns.get(c))
    }

    /// Where the column of this name (compared case-insensitively) is.
    pub fn column_position(&self, name: &str) -> Option<usize> {
        self.columns
            .position("", name, |c| crate::names::same(&c.name, name))
    }

    pub fn primary_key(&self) -> Option<&Constraint> {
        self.constraints
            .iter()
            .find(|c| matches!(c.kind, ConstraintKind::PrimaryKey))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Identity {
    Always,
    ByDefault,
}

#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    /// `None` for a SQLite column declared without a type.
    pub data_type: Option<SqlType>,
    pub nullable: bool,
    /// The default expression, normalised (see `crate::types::normalize_default`).
    pub default: Option<String>,
    /// The default as written (whitespace collapsed): what `miglint schema`
    /// prints, and where a cast to a dropped type is found.
    pub default_text: Option<String>,
    pub identity: Option<Identity>,
    /// `GENERATED ALWAYS AS (…)`.
    pub generated: bool,
    /// MySQL `AUTO_INCREMENT` / SQLite `AUTOINCREMENT`, or a PostgreSQL serial.
    pub auto_increment: bool,
    pub history: History,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey {
        /// Referenced table as (schema, name).
        table: (String, String),
        columns: Vec<String>,
        on_delete: Option<String>,
        on_update: Option<String>,
    },
    Check,
    Other,
}

#[derive(Clone, Debug)]
pub struct Constraint {
    /// The constraint's name; generated the way the dialect names it when the
    /// statement gave none (PostgreSQL: `<table>_pkey`, `<table>_<cols>_key`…).
    pub name: String,
    pub kind: ConstraintKind,
    pub columns: Vec<String>,
    /// False while a `NOT VALID` constraint has not been validated.
    pub validated: bool,
    /// A check's expression as written (whitespace collapsed).
    pub expression: Option<String>,
    pub history: History,
}

#[derive(Clone, Debug)]
pub struct Index {
    pub schema: String,
    pub name: String,
    /// The table as (schema, name).
    pub table: (String, String),
    /// Column names, or expression text for expression keys.
    pub columns: Vec<String>,
    pub unique: bool,
    /// Partial index predicate text.
    pub predicate: Option<String>,
    /// `USING method` as written (lower case); `None` for the default.
    pub method: Option<String>,
    /// Created implicitly by a PRIMARY KEY or UNIQUE constraint.
    pub from_constraint: bool,
    /// MySQL: created implicitly for a foreign key no index could serve;
    /// dropped by the server when a later index begins with its columns
    /// (MariaDB 10.11 does so even after the foreign key was dropped).
    pub backs_foreign_key: bool,
    pub history: History,
}

#[derive(Clone, Debug)]
pub struct EnumType {
    pub schema: String,
    pub name: String,
    pub values: Vec<String>,
    pub history: History,
}

#[derive(Clone, Debug)]
pub struct View {
    pub schema: String,
    pub name: String,
    pub materialized: bool,
    /// Names its query mentions: the view goes when one of them is dropped.
    pub depends_on: Vec<String>,
    pub history: History,
}

#[derive(Clone, Debug)]
pub struct Sequence {
    pub schema: String,
    pub name: String,
    /// The column a serial column's sequence belongs to: dropped with it.
    pub owned_by: Option<OwnedBy>,
    pub history: History,
}

/// The column that owns a sequence (`serial`, `OWNED BY`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedBy {
    /// The table as (schema, name).
    pub table: (String, String),
    pub column: String,
}

#[derive(Clone, Debug)]
pub struct Extension {
    pub name: String,
    pub history: History,
}

impl Named for Schema {
    fn key(&self) -> (&str, &str) {
        ("", &self.name)
    }
}

impl Named for Table {
    fn key(&self) -> (&str, &str) {
        (&self.schema, &self.name)
    }
}

impl Named for Column {
    fn key(&self) -> (&str, &str) {
        ("", &self.name)
    }
}

impl Named for Index {
    fn key(&self) -> (&str, &str) {
        (&self.schema, &self.name)
    }

    fn group(&self) -> Option<(&str, &str)> {
        Some((&self.table.0, &self.table.1))
    }
}

impl Named for EnumType {
    fn key(&self) -> (&str, &str) {
        (&self.schema, &self.name)
    }
}

impl Named for View {
    fn key(&self) -> (&str, &str) {
        (&self.schema, &self.name)
    }
}

impl Named for Sequence {
    fn key(&self) -> (&str, &str) {
        (&self.schema, &self.name)
    }
}

impl Named for Extension {
    fn key(&self) -> (&str, &str) {
        ("", &self.name)
    }
}
