//! What a rule sees at each scope.

use std::collections::HashSet;
use std::path::PathBuf;

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
    /// What the history rules compare against: the git base, checksum files.
    pub history: &'a HistoryFacts,
}

/// What a project's history is checked against beyond its own files.
#[derive(Clone, Debug, Default)]
pub struct HistoryFacts {
    /// The project's files at the base git ref; `None` outside git.
    pub base: Option<HistoryBase>,
    /// The tool's recorded checksums (Atlas's `atlas.sum`), loaded into the
    /// source map, when the project has one.
    pub checksum_file: Option<FileId>,
}

/// The project's files at the git ref its changes are measured from (the
/// merge base with `--changed-since REF`, else with the default branch).
#[derive(Clone, Debug, Default)]
pub struct HistoryBase {
    /// How messages name it, e.g. "origin/main (merge base 1a2b3c4d)".
    pub label: String,
    /// Canonical paths of the files that exist at the base.
    pub existing: HashSet<PathBuf>,
    /// Canonical paths of the files whose content differs from the base.
    pub changed: HashSet<PathBuf>,
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
    /// Comments that look meant as directives but are not.
    pub malformed: &'a [crate::suppression::Malformed],
}
