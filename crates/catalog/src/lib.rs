//! The in-memory catalog a migration history is replayed into.
//!
//! [`Catalog::apply`] replays one statement's [`SchemaChange`] and returns the
//! problems a real database would have raised ([`ReplayEvent`]): the
//! correctness rules turn those into findings. Rules that need the state
//! *before* a statement read the catalog before calling `apply`.

mod jsonb;
mod lookup;
mod model;
mod named;
pub mod names;
mod naming;
mod replay;
pub mod types;

pub use model::*;
pub use named::{Named, NamedVec};
pub use replay::ReplayOptions;
pub use types::SqlType;

use miglint_source::{Dialect, Span};

/// The kind of a catalog object, for messages and events.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Schema,
    Table,
    Column,
    Constraint,
    Index,
    Type,
    EnumValue,
    View,
    MaterializedView,
    Sequence,
    Extension,
}

impl ObjectKind {
    pub const fn noun(self) -> &'static str {
        match self {
            ObjectKind::Schema => "schema",
            ObjectKind::Table => "table",
            ObjectKind::Column => "column",
            ObjectKind::Constraint => "constraint",
            ObjectKind::Index => "index",
            ObjectKind::Type => "type",
            ObjectKind::EnumValue => "enum value",
            ObjectKind::View => "view",
            ObjectKind::MaterializedView => "materialized view",
            ObjectKind::Sequence => "sequence",
            ObjectKind::Extension => "extension",
        }
    }
}

/// Something a real database would reject while replaying a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayEvent {
    /// The statement names a table that does not exist at this point.
    UnknownTable {
        /// The name as the user would write it (`schema.table` when qualified).
        name: String,
        span: Span,
    },
    /// The statement names a column the table does not have at this point.
    UnknownColumn {
        table: String,
        column: String,
        span: Span,
    },
    /// The statement creates something that already exists, without `IF NOT EXISTS`.
    AlreadyExists {
        kind: ObjectKind,
        name: String,
        span: Span,
        /// Where the existing object was created, when a statement did.
        previous: Option<Origin>,
    },
    /// Another kind of object (index, type, view, constraint…) is missing.
    UnknownObject {
        kind: ObjectKind,
        name: String,
        span: Span,
    },
}

/// A database schema as the migration history builds it.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub dialect: Dialect,
    /// `public` for PostgreSQL, `main` for SQLite, the database for MySQL.
    pub default_schema: String,
    pub schemas: NamedVec<Schema>,
    pub tables: NamedVec<Table>,
    pub indexes: NamedVec<Index>,
    pub enums: NamedVec<EnumType>,
    pub views: NamedVec<View>,
    pub sequences: NamedVec<Sequence>,
    pub extensions: NamedVec<Extension>,
    /// Composite, range and domain types, by (schema, name).
    pub other_types: Vec<(String, String)>,
    /// Schemas that exist outside the history (a platform's `auth`,
    /// `storage`…): their tables are assumed to exist, with unknown columns.
    pub external_schemas: Vec<String>,
    /// Whether a temporary table may exist (see [`Catalog::end_session`]).
    pub(crate) has_temporary: bool,
    /// Every constraint name replay ever gave, ASCII-lower-cased: a name not
    /// in it is certainly free, one in it is checked by a scan.
    pub(crate) constraint_names: std::collections::HashSet<String>,
}
