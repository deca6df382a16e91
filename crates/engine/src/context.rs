//! What a rule sees at each scope.

use miglint_catalog::{Catalog, ReplayEvent};
use miglint_model::{Drift, ExpectedSchema, ModelError};
use miglint_project::{Migration, Project};
use miglint_source::{FileId, SourceFile, SourceMap};
use miglint_syntax::Statement;

/// One statement, with the catalog as it was before the statement ran.
pub struct StatementContext<'a> {
    pub project: &'a Project,
    pub migration: &'a Migration,
    pub file: FileId,
    pub source: &'a SourceFile,
    pub statement: &'a Statement,
    /// The catalog before this statement.
    pub catalog: &'a Catalog,
}

/// One statement after replay, with the problems replay raised.
pub struct ReplayContext<'a> {
    pub project: &'a Project,
    pub file: FileId,
    pub source: &'a SourceFile,
    pub statement: &'a Statement,
    pub events: &'a [ReplayEvent],
}

/// A whole project after its history was replayed.
pub struct ProjectContext<'a> {
    pub project: &'a Project,
    pub sources: &'a SourceMap,
    /// The replayed catalog at the end of the history.
    pub catalog: &'a Catalog,
    /// The file of each migration, in `project.migrations` order.
    pub migration_files: &'a [FileId],
}

/// One difference between the model and the replayed history.
pub struct DriftContext<'a> {
    pub project: &'a Project,
    pub sources: &'a SourceMap,
    pub drift: &'a Drift,
    /// The model's expected schema (its kind, dialect and capabilities).
    pub model: &'a ExpectedSchema,
    /// The replayed catalog at the end of the history.
    pub catalog: &'a Catalog,
}

/// The project's model, when it could not be read: the drift check is skipped.
pub struct ModelContext<'a> {
    pub project: &'a Project,
    pub errors: &'a [ModelError],
}

/// The suppression comments of a project that covered no finding.
pub struct SuppressionContext<'a> {
    pub project: &'a Project,
    pub unused: &'a [&'a crate::suppression::Suppression],
    /// The rules that ran: a suppression of a rule that did not run is not unused.
    pub enabled: &'a [&'a dyn crate::Rule],
}
