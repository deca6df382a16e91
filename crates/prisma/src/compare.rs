//! A flat view of drift in Prisma's terms, for tools and tests that look at a
//! Prisma model alone. The comparison itself is `miglint_model::compare`, the
//! one the drift rules see; this only reshapes its result.

use miglint_catalog::{Catalog, History};
use miglint_model::Fix;

use crate::expected::{ExpectedSchema, ModelLocation};
use crate::model::PrismaFixes;

/// One difference between model and migrations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    pub kind: DriftKind,
    /// The schema the object lives in (the catalog's default when the model names none).
    pub schema: String,
    pub table: Option<String>,
    pub column: Option<String>,
    /// The enum's database name, for enum findings.
    pub enum_name: Option<String>,
    /// The enum value, for enum value findings.
    pub value: Option<String>,
    /// The index or constraint name, for key and index findings.
    pub index: Option<String>,
    /// Where the model declares the object.
    pub model: Option<ModelLocation>,
    /// Where the migrations created and last changed the actual object.
    pub history: Option<History>,
    /// SQL that closes the gap, as Prisma writes it; a `--` comment where
    /// the dialect cannot do it in place.
    pub fix: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriftKind {
    TableMissing,
    ColumnMissing,
    ColumnTypeMismatch {
        expected: String,
        actual: String,
    },
    NullabilityMismatch {
        expected_nullable: bool,
    },
    DefaultMismatch {
        expected: Option<String>,
        actual: Option<String>,
    },
    EnumMissing,
    EnumValueMissing,
    EnumValueNotInModel,
    TableNotInModel,
    ColumnNotInModel,
    PrimaryKeyMismatch {
        expected: Vec<String>,
        actual: Vec<String>,
    },
    IndexMissing {
        columns: Vec<String>,
    },
    UniqueMissing {
        columns: Vec<String>,
    },
    IndexNotInModel {
        columns: Vec<String>,
        unique: bool,
    },
    ForeignKeyMissing {
        columns: Vec<String>,
        referenced_table: String,
    },
}

/// Compares the schema the model expects with the replayed catalog.
pub fn compare(expected: &ExpectedSchema, actual: &Catalog) -> Vec<Drift> {
    let fixes = PrismaFixes::new(expected.clone());
    miglint_model::compare(&expected.to_model(), actual, &fixes)
        .into_iter()
        .map(flatten)
        .collect()
}

fn flatten(drift: miglint_model::Drift) -> Drift {
    use miglint_model::DriftKind as K;
    let subject = &drift.kind;
    let kind = match subject {
        K::TableMissing(_) => DriftKind::TableMissing,
        K::ColumnMissing(_) => DriftKind::ColumnMissing,
        K::ColumnTypeMismatch {
            expected, actual, ..
        } => DriftKind::ColumnTypeMismatch {
            expected: expected.clone(),
            actual: actual.clone(),
        },
        K::NullabilityMismatch {
            expected_nullable, ..
        } => DriftKind::NullabilityMismatch {
            expected_nullable: *expected_nullable,
        },
        K::DefaultMismatch {
            expected, actual, ..
        } => DriftKind::DefaultMismatch {
            expected: expected.clone(),
            actual: actual.clone(),
        },
        K::EnumMissing(_) => DriftKind::EnumMissing,
        K::EnumValueMissing { .. } => DriftKind::EnumValueMissing,
        K::EnumValueNotInModel { .. } => DriftKind::EnumValueNotInModel,
        K::TableNotInModel(_) => DriftKind::TableNotInModel,
        K::ColumnNotInModel(_) => DriftKind::ColumnNotInModel,
        K::PrimaryKeyMismatch {
            expected, actual, ..
        } => DriftKind::PrimaryKeyMismatch {
            expected: expected.clone(),
            actual: actual.clone(),
        },
        K::IndexMissing(i) => DriftKind::IndexMissing {
            columns: i.columns.clone(),
        },
        K::UniqueMissing(i) => DriftKind::UniqueMissing {
            columns: i.columns.clone(),
        },
        K::IndexNotInModel { index, unique } => DriftKind::IndexNotInModel {
            columns: index.columns.clone(),
            unique: *unique,
        },
        K::ForeignKeyMissing {
            key,
            referenced_table,
        } => DriftKind::ForeignKeyMissing {
            columns: key.columns.clone(),
            referenced_table: referenced_table.clone(),
        },
    };
    let index = match subject {
        K::PrimaryKeyMismatch { name, .. } => name.clone(),
        _ => subject.index().map(|i| i.name.clone()),
    };
    Drift {
        schema: subject.schema().to_owned(),
        table: subject.table().map(|t| t.name.clone()),
        column: subject.column().map(|c| c.name.clone()),
        enum_name: subject.enum_name().map(|e| e.name.clone()),
        value: subject.enum_value().map(str::to_owned),
        index,
        model: drift.model,
        history: drift.history,
        fix: match drift.fix {
            Fix::Sql(sql) => sql,
            Fix::Manual(text) | Fix::Model(text) => format!("-- {text}"),
        },
        kind,
    }
}
