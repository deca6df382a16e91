//! What a rule sees at each scope.

use miglint_catalog::{Catalog, ReplayEvent};
use miglint_prisma::{Drift, SchemaError};
use miglint_project::{Migration, Project};
use miglint_source::{FileId, SourceFile, SourceMap, Span};
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
    /// Files of the project that could not be read or decoded.
    pub unreadable: &'a [Unreadable],
}

/// A file of a project that could not be read (it is in the source map with
/// no text) or decoded (its text has replacement characters).
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub file: FileId,
    /// Where: the start of the file, or the first byte that is not UTF-8.
    pub span: Span,
    /// What went wrong, e.g. "cannot read it: permission denied".
    pub reason: String,
    /// The text was read with invalid bytes replaced (else there is no text).
    pub lossy: bool,
    /// A migration (the history after it is unreliable) or a model file
    /// (the drift check is skipped).
    pub kind: UnreadableKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnreadableKind {
    Migration,
    Model,
}

/// One difference between the model and the replayed history.
pub struct DriftContext<'a> {
    pub project: &'a Project,
    pub sources: &'a SourceMap,
    pub drift: &'a Drift,
    /// The replayed catalog at the end of the history.
    pub catalog: &'a Catalog,
}

/// The project's model, when it could not be read: the drift check is skipped.
pub struct ModelContext<'a> {
    pub project: &'a Project,
    pub errors: &'a [SchemaError],
}

/// The suppression comments of a project that covered no finding.
pub struct SuppressionContext<'a> {
    pub project: &'a Project,
    pub unused: &'a [&'a crate::suppression::Suppression],
    /// The rules that ran: a suppression of a rule that did not run is not unused.
    pub enabled: &'a [&'a dyn crate::Rule],
}
