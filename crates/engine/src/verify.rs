//! `miglint verify`: a live database compared with the migration history and
//! the model. The database side arrives as plain data ([`LiveDatabase`], read
//! by `miglint_verify`), so the engine and the rules never talk to a server.
//!
//! Three comparisons feed the rules: the model against the live schema (the
//! drift rules, worded for a database), the schema the applied migrations
//! build against the live schema (`schema-changed-outside-migrations`), and
//! the tool's bookkeeping rows against the files (the other verify rules).

use std::path::{Path, PathBuf};

use miglint_catalog::{Catalog, History as ObjectHistory, Origin, ReplayOptions};
use miglint_diagnostics::{Category, ProjectSummary, Report};
use miglint_model::{DeclaredSpans, Drift, DriftKind, StandardFixes, compare, from_catalog};
use miglint_project::Project;
use miglint_source::{FileId, SourceFile, SourceMap, display_path};

use crate::config::Config;
use crate::context::{DriftContext, DriftTarget, ModelContext};
use crate::rule::{Findings, Rule};
use crate::runner::{
    Buffers, History, LintRun, Reading, RunError, apply_suppressions, empty_catalog,
    load_and_parse, load_model, read_as, replay_history, sort_diagnostics,
};

/// What was read from a live database.
#[derive(Clone, Debug)]
pub struct LiveDatabase {
    /// The database as output names it: its URL without the password.
    pub name: String,
    /// The live schema as DDL in the project's dialect, generated from the
    /// server's catalog; replayed like a migration into the live catalog.
    pub schema_sql: String,
    /// The tool's bookkeeping, when its table exists.
    pub history: Option<AppliedHistory>,
}

/// The migration tool's bookkeeping table, matched with the files on disk.
#[derive(Clone, Debug, Default)]
pub struct AppliedHistory {
    /// The table as the tool names it (`_prisma_migrations`).
    pub table: String,
    /// One entry per migration the table records, in the order applied.
    pub applied: Vec<AppliedMigration>,
    /// Migrations on disk (indexes into `Project::migrations`) the table
    /// does not record as applied.
    pub pending: Vec<usize>,
}

impl AppliedHistory {
    /// How many leading migrations of the project the database has: up to
    /// and including the last one recorded. A failed one counts: part of it
    /// may have run, and what did not shows as a difference.
    pub fn replayed_count(&self) -> usize {
        self.applied
            .iter()
            .filter_map(|a| a.migration)
            .max()
            .map_or(0, |last| last + 1)
    }
}

/// One migration the bookkeeping table records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedMigration {
    /// The version or name as the tool recorded it.
    pub version: String,
    /// The migration on disk it stands for (index into `Project::migrations`).
    pub migration: Option<usize>,
    /// Why the tool considers it failed or unfinished, if it does.
    pub failure: Option<String>,
    pub checksum: ChecksumCheck,
}

/// The checksum the tool recorded, against the file as it is now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChecksumCheck {
    /// The tool records none (or the file is not on disk).
    NotChecked,
    Matches,
    Differs {
        /// `SHA-256`, `SHA-384`, `CRC32`.
        algorithm: &'static str,
        recorded: String,
        actual: String,
    },
}

/// What the verify rules see.
pub struct VerifyContext<'a> {
    pub project: &'a Project,
    pub sources: &'a SourceMap,
    pub database: &'a LiveDatabase,
    /// The live schema's DDL, in the source map under the database's name:
    /// findings about an object no file declares point here.
    pub database_file: FileId,
    /// The file of each migration, by index into `Project::migrations`.
    pub migration_files: &'a [Option<FileId>],
    /// Differences between the schema the applied migrations build (the
    /// "expected" side, located in the migrations) and the live one (the
    /// "actual" side, located in `database_file`).
    pub outside: &'a [Drift],
    /// The catalog the applied migrations build.
    pub replayed: &'a Catalog,
    /// The live database's catalog.
    pub live: &'a Catalog,
}

impl VerifyContext<'_> {
    pub fn migration_file(&self, index: usize) -> Option<FileId> {
        self.migration_files.get(index).copied().flatten()
    }
}

/// Compares `live` with `project`'s history and model, with the drift and
/// verify rules `config` enables.
pub fn verify(
    project: &Project,
    rules: &[&dyn Rule],
    config: &Config,
    cwd: &Path,
    live: &LiveDatabase,
) -> LintRun {
    let rules: Vec<&dyn Rule> = rules
        .iter()
        .copied()
        .filter(|rule| {
            let meta = rule.meta();
            matches!(meta.category, Category::Drift | Category::Verify)
                && config.rules.enables(meta)
        })
        .collect();
    let mut sources = SourceMap::new();
    let mut unreadable = Vec::new();
    let mut errors = Vec::new();
    let buffers = Buffers::new();
    let migrations = load_and_parse(project, cwd, &buffers, &mut sources, &mut unreadable);
    let reading = read_as(project, config, &migrations, &sources);
    let model_paths: Vec<PathBuf> = match &config.model {
        Some(model) => vec![model.clone()],
        None => project.model.clone(),
    };
    let (model_files, model) = load_model(
        project,
        &model_paths,
        (cwd, &buffers),
        &mut sources,
        &mut unreadable,
    );
    for problem in &unreadable {
        if let Some(file) = sources.get(problem.file) {
            errors.push(RunError {
                path: file.path.clone(),
                message: problem.reason.clone(),
            });
        }
    }

    // The history as far as the database has it.
    let applied = live
        .history
        .as_ref()
        .map_or(project.migrations.len(), AppliedHistory::replayed_count);
    let upto = migrations.partition_point(|m| m.index < applied);
    let replayed = replay_history(
        &History {
            project,
            migrations: migrations.get(..upto).unwrap_or(&migrations),
            sources: &sources,
            reading: &reading,
            config,
            model: None,
        },
        &[],
        &mut Vec::new(),
    );

    let database_file = sources.add(SourceFile::new(
        PathBuf::from(&live.name),
        live.name.clone(),
        live.schema_sql.clone(),
    ));
    let live_catalog = live_catalog(project, &sources, database_file);

    let mut diagnostics = Vec::new();
    match &model {
        Some(Ok(loaded)) => {
            for mut drift in compare(&loaded.expected, &live_catalog, loaded.fixes.as_ref()) {
                // Labels point at the migrations that made the object; an
                // object no migration made is named by the database.
                let made = made_by(&drift.kind, &replayed);
                drift.history = made.or(if drift.model.is_none() {
                    drift.history
                } else {
                    None
                });
                let cx = DriftContext {
                    project,
                    sources: &sources,
                    drift: &drift,
                    model: &loaded.expected,
                    catalog: &live_catalog,
                    target: DriftTarget::Database,
                };
                for rule in &rules {
                    rule.check_drift(&cx, &mut Findings::new(rule.meta(), &mut diagnostics));
                }
            }
        }
        Some(Err(model_errors)) => {
            let cx = ModelContext {
                project,
                errors: model_errors,
            };
            for rule in &rules {
                rule.check_model(&cx, &mut Findings::new(rule.meta(), &mut diagnostics));
            }
        }
        None => {}
    }

    let built = from_catalog(&replayed, &DeclaredSpans::default());
    let outside = compare(&built, &live_catalog, &StandardFixes);
    let mut migration_files = vec![None; project.migrations.len()];
    for parsed in &migrations {
        if let Some(slot) = migration_files.get_mut(parsed.index) {
            *slot = Some(parsed.file);
        }
    }
    let cx = VerifyContext {
        project,
        sources: &sources,
        database: live,
        database_file,
        migration_files: &migration_files,
        outside: &outside,
        replayed: &replayed,
        live: &live_catalog,
    };
    for rule in &rules {
        rule.check_verify(&cx, &mut Findings::new(rule.meta(), &mut diagnostics));
    }

    apply_suppressions(
        project,
        &rules,
        &migrations,
        &model_files,
        &sources,
        &mut diagnostics,
    );
    for diagnostic in &mut diagnostics {
        if let Some(severity) = config.severity.get(diagnostic.rule) {
            diagnostic.severity = *severity;
        }
    }
    sort_diagnostics(&mut diagnostics, &sources);

    let mut report = Report {
        files: migrations.len(),
        statements: migrations
            .iter()
            .map(|m| m.statement_count(&sources, project))
            .sum(),
        ..Report::default()
    };
    report.projects.push(ProjectSummary {
        root: display_path(&project.root, cwd),
        tool: project.tool.name().to_owned(),
        dialect: project.dialect.name().to_owned(),
        migrations: project.migrations.len(),
        model: model_paths.iter().map(|p| display_path(p, cwd)).collect(),
        history: match reading {
            Reading::Complete => "complete",
            Reading::Partial { .. } => "partial",
        }
        .to_owned(),
        history_reason: match reading {
            Reading::Complete => None,
            Reading::Partial { reason, .. } => Some(reason),
        },
    });
    report.diagnostics = diagnostics;
    LintRun {
        report,
        sources,
        errors,
    }
}

/// Replays the live schema's DDL into a catalog of its own, on the same
/// footing as the history's (the tool's table and platform schemas exist).
fn live_catalog(project: &Project, sources: &SourceMap, file: FileId) -> Catalog {
    let mut catalog = empty_catalog(project);
    if let Some(source) = sources.get(file) {
        let parsed = miglint_syntax::parse(&source.text, project.dialect);
        for statement in &parsed.statements {
            let at = Origin {
                file,
                span: statement.span,
            };
            catalog.apply(&statement.change, at, ReplayOptions::default());
        }
    }
    catalog.end_session();
    catalog
}

/// Where the migrations made the object `kind` is about: the column when
/// both exist, else its table or enum type.
fn made_by(kind: &DriftKind, replayed: &Catalog) -> Option<ObjectHistory> {
    if let Some(table) = kind.table() {
        let found = replayed.table(Some(&table.schema), &table.name)?;
        if found.assumed {
            return None;
        }
        let column = kind
            .column()
            .and_then(|c| found.column(&c.name))
            .map(|c| c.history);
        return Some(column.unwrap_or(found.history));
    }
    let e = kind.enum_name()?;
    replayed
        .enum_type(Some(&e.schema), &e.name)
        .map(|e| e.history)
}
