//! What a rule sees at each scope.

use std::collections::HashSet;
use std::path::PathBuf;

use miglint_catalog::{Catalog, History, ReplayEvent, Table};
use miglint_model::{Drift, ExpectedSchema, ExpectedTable, ModelError};
use miglint_project::{Migration, Project};
use miglint_source::{Dialect, FileId, SourceFile, SourceMap, Span};
use miglint_syntax::Statement;
use miglint_syntax::ir::{ObjectName, SchemaChange};

use crate::config::ServerVersion;
use crate::transaction::TransactionState;

/// One statement, with the catalog as it was before the statement ran.
pub struct StatementContext<'a> {
    pub project: &'a Project,
    pub migration: &'a Migration,
    pub file: FileId,
    pub source: &'a SourceFile,
    pub statement: &'a Statement,
    /// The catalog before this statement.
    pub catalog: &'a Catalog,
    /// Every statement of the file (or dbmate section), this one at `index`.
    pub statements: &'a [Statement],
    pub index: usize,
    /// The transaction this statement runs in.
    pub transaction: &'a TransactionState,
    /// The transaction of every statement of the file, by index.
    pub transactions: &'a [TransactionState],
    /// The target server's version for the project's dialect.
    pub server_version: ServerVersion,
    /// The model (Prisma, diesel, drizzle, schema.sql), when the project has one that reads.
    pub model: Option<&'a ExpectedSchema>,
    /// The history is partial: a table the catalog lacks may pre-exist.
    pub partial: bool,
}

impl StatementContext<'_> {
    /// Whether an object with this history was created earlier in this
    /// migration file: nobody else can hold a lock on it or read it yet.
    pub fn is_new_in_this_file(&self, history: &History) -> bool {
        history.created.file == self.file
    }

    /// Whether `table` existed before this migration file: created by an
    /// earlier migration, or assumed by a partial history (replay assumes
    /// such a table where the file first names it, so its origin may lie in
    /// this file while no statement here created it).
    pub fn predates_file(&self, table: &Table) -> bool {
        // A temporary table is private to the migration's session.
        if table.temporary {
            return false;
        }
        let created = table.history.created;
        if created.file != self.file {
            return true;
        }
        // `CREATE TABLE … AS` also leaves the columns unknown (`assumed`).
        table.assumed
            && !self.statements.iter().any(|s| {
                s.span == created.span && matches!(s.change, SchemaChange::CreateTable { .. })
            })
    }

    /// The table `name` as it was before this statement, when it existed
    /// before this migration file. `None` for a table this file created, and
    /// for one that does not exist.
    pub fn existing_table(&self, name: &ObjectName) -> Option<&Table> {
        self.catalog
            .table_by_name(name)
            .filter(|t| self.predates_file(t))
    }

    /// Whether the table `name` existed before this migration file. A table
    /// the catalog does not know counts in a partial history (it is assumed
    /// to pre-exist); in a complete history `unknown-table` reports it.
    pub fn table_predates_file(&self, name: &ObjectName) -> bool {
        match self.catalog.table_by_name(name) {
            Some(t) => self.predates_file(t),
            None => {
                let (schema, table) = self.catalog.resolve(name);
                self.partial || self.catalog.is_external(&schema, &table)
            }
        }
    }

    /// The model's declaration of the table `name`, when the project has a
    /// model that reads and declares it.
    pub fn model_table(&self, name: &ObjectName) -> Option<&ExpectedTable> {
        let model = self.model?;
        let (schema, table) = self.catalog.resolve(name);
        model.tables.iter().find(|t| {
            let declared_schema = t.schema.as_deref().unwrap_or(&self.catalog.default_schema);
            self.catalog.same(declared_schema, &schema) && self.catalog.same(&t.name, &table)
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.project.dialect
    }

    /// The statement's source text.
    pub fn text(&self) -> &str {
        self.statement.text(&self.source.text)
    }
}

/// One migration file (or dbmate section) after all its statements ran.
pub struct FileContext<'a> {
    pub project: &'a Project,
    pub migration: &'a Migration,
    pub file: FileId,
    pub source: &'a SourceFile,
    pub statements: &'a [Statement],
    /// The transaction each statement ran in, by index.
    pub transactions: &'a [TransactionState],
    /// The `BEGIN` still open when the file ends.
    pub open_transaction: Option<Span>,
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
    /// The model's expected schema (its kind, dialect and capabilities).
    pub model: &'a ExpectedSchema,
    /// The schema the model is compared with: the replayed catalog at the
    /// end of the history, or a live database's (see `target`).
    pub catalog: &'a Catalog,
    pub target: DriftTarget,
}

/// What a model is compared with: the schema the history builds (`check`)
/// or a live database (`verify`). Rules word their findings after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriftTarget {
    History,
    Database,
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
    /// Comments that look meant as directives but are not.
    pub malformed: &'a [crate::suppression::Malformed],
}
