//! One difference between a model and a migration history, with the object
//! it is about as typed data.

use miglint_catalog::History;

use crate::expected::{Capabilities, ModelLocation};
use crate::fix::Fix;

/// A table, its schema resolved (the catalog's default when the model names none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableName {
    pub schema: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnName {
    pub table: TableName,
    pub name: String,
}

/// An enum type, its schema resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnumName {
    pub schema: String,
    pub name: String,
}

/// An index, unique constraint or foreign key of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexName {
    pub table: TableName,
    pub name: String,
    pub columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriftKind {
    /// The model's table is never created.
    TableMissing(TableName),
    /// The model's table is never created, but a table the model lacks
    /// (`from`) has exactly its columns and foreign keys: a rename that the
    /// migrations never made, or that the model never followed.
    TableRenamed { table: TableName, from: TableName },
    /// A model column is never added.
    ColumnMissing(ColumnName),
    /// Types differ, in the catalog's canonical spelling.
    ColumnTypeMismatch {
        column: ColumnName,
        expected: String,
        actual: String,
    },
    /// The model says nullable (`expected_nullable`) and the column is not, or the reverse.
    NullabilityMismatch {
        column: ColumnName,
        expected_nullable: bool,
    },
    /// The column default differs; `None` is no default.
    DefaultMismatch {
        column: ColumnName,
        expected: Option<String>,
        actual: Option<String>,
    },
    /// A PostgreSQL enum type is never created.
    EnumMissing(EnumName),
    /// The enum lacks a value the model declares.
    EnumValueMissing { enum_name: EnumName, value: String },
    /// The enum has a value the model does not declare.
    EnumValueNotInModel { enum_name: EnumName, value: String },
    /// A table the migrations create that the model does not declare.
    TableNotInModel(TableName),
    /// A column the migrations create that the model does not declare.
    ColumnNotInModel(ColumnName),
    /// The primary key's columns differ (`actual` empty: none).
    PrimaryKeyMismatch {
        table: TableName,
        /// The key's name in the model, when it has one.
        name: Option<String>,
        expected: Vec<String>,
        actual: Vec<String>,
    },
    /// An index the migrations never create.
    IndexMissing(IndexName),
    /// A unique constraint or index the migrations never create.
    UniqueMissing(IndexName),
    /// An index (or unique constraint) the model does not declare.
    IndexNotInModel { index: IndexName, unique: bool },
    /// A foreign key the migrations never create.
    ForeignKeyMissing {
        key: IndexName,
        referenced_table: String,
    },
}

impl DriftKind {
    /// The table the drift is about, if any.
    pub fn table(&self) -> Option<&TableName> {
        match self {
            DriftKind::TableMissing(t)
            | DriftKind::TableNotInModel(t)
            | DriftKind::TableRenamed { table: t, .. } => Some(t),
            DriftKind::ColumnMissing(c)
            | DriftKind::ColumnNotInModel(c)
            | DriftKind::ColumnTypeMismatch { column: c, .. }
            | DriftKind::NullabilityMismatch { column: c, .. }
            | DriftKind::DefaultMismatch { column: c, .. } => Some(&c.table),
            DriftKind::PrimaryKeyMismatch { table, .. } => Some(table),
            DriftKind::IndexMissing(i)
            | DriftKind::UniqueMissing(i)
            | DriftKind::IndexNotInModel { index: i, .. }
            | DriftKind::ForeignKeyMissing { key: i, .. } => Some(&i.table),
            DriftKind::EnumMissing(_)
            | DriftKind::EnumValueMissing { .. }
            | DriftKind::EnumValueNotInModel { .. } => None,
        }
    }

    /// The column the drift is about, if any.
    pub fn column(&self) -> Option<&ColumnName> {
        match self {
            DriftKind::ColumnMissing(c)
            | DriftKind::ColumnNotInModel(c)
            | DriftKind::ColumnTypeMismatch { column: c, .. }
            | DriftKind::NullabilityMismatch { column: c, .. }
            | DriftKind::DefaultMismatch { column: c, .. } => Some(c),
            _ => None,
        }
    }

    /// The enum type the drift is about, if any.
    pub fn enum_name(&self) -> Option<&EnumName> {
        match self {
            DriftKind::EnumMissing(e)
            | DriftKind::EnumValueMissing { enum_name: e, .. }
            | DriftKind::EnumValueNotInModel { enum_name: e, .. } => Some(e),
            _ => None,
        }
    }

    /// The enum value the drift is about, if any.
    pub fn enum_value(&self) -> Option<&str> {
        match self {
            DriftKind::EnumValueMissing { value, .. }
            | DriftKind::EnumValueNotInModel { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The index, key or constraint the drift is about, if any.
    pub fn index(&self) -> Option<&IndexName> {
        match self {
            DriftKind::IndexMissing(i)
            | DriftKind::UniqueMissing(i)
            | DriftKind::IndexNotInModel { index: i, .. }
            | DriftKind::ForeignKeyMissing { key: i, .. } => Some(i),
            _ => None,
        }
    }

    /// The schema of the object the drift is about.
    pub fn schema(&self) -> &str {
        match (self.table(), self.enum_name()) {
            (Some(t), _) => &t.schema,
            (None, Some(e)) => &e.schema,
            (None, None) => "",
        }
    }

    /// Whether a model with `capabilities` can express this drift at all.
    pub fn needs(&self, capabilities: &Capabilities) -> bool {
        match self {
            DriftKind::DefaultMismatch { .. } => capabilities.defaults,
            DriftKind::IndexMissing(_)
            | DriftKind::UniqueMissing(_)
            | DriftKind::IndexNotInModel { .. } => capabilities.indexes,
            DriftKind::ForeignKeyMissing { .. } => capabilities.foreign_keys,
            DriftKind::EnumMissing(_)
            | DriftKind::EnumValueMissing { .. }
            | DriftKind::EnumValueNotInModel { .. } => capabilities.enums,
            DriftKind::PrimaryKeyMismatch { .. } => capabilities.primary_keys,
            DriftKind::TableMissing(_)
            | DriftKind::TableRenamed { .. }
            | DriftKind::ColumnMissing(_)
            | DriftKind::ColumnTypeMismatch { .. }
            | DriftKind::NullabilityMismatch { .. }
            | DriftKind::TableNotInModel(_)
            | DriftKind::ColumnNotInModel(_) => true,
        }
    }
}

/// One difference between model and migrations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    pub kind: DriftKind,
    /// Where the model declares the object: the column for column drift, the
    /// table or enum for table and enum drift, the key or index declaration.
    /// `None` for an object the model lacks entirely.
    pub model: Option<ModelLocation>,
    /// Where the migrations created and last changed the actual object (the
    /// table for a missing column), when it exists.
    pub history: Option<History>,
    /// What closes the gap.
    pub fix: Fix,
    /// For an object the history has and the model lacks, the other way to
    /// close the gap: declare it in the model (`fix` drops it).
    pub declare: Option<Fix>,
}
