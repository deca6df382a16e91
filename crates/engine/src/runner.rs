//! The run: load → parse (in parallel) → replay (in order) → drift → project rules.

use std::fmt;
use std::path::{Path, PathBuf};

use miglint_catalog::{Catalog, Origin, ReplayEvent, ReplayOptions};
use miglint_diagnostics::{Category, Diagnostic, ProjectSummary, Report};
use miglint_prisma::{ExpectedSchema, compare, parse_schema};
use miglint_project::{Project, Tool};
use miglint_source::{FileId, SourceFile, SourceMap, Span, display_path};
use miglint_syntax::{ParsedFile, parse_range};
use rayon::prelude::*;

use crate::config::{Config, HistoryMode};
use crate::context::{
    DriftContext, ModelContext, ProjectContext, ReplayContext, StatementContext, SuppressionContext,
};
use crate::rule::Rule;
use crate::suppression::{self, Suppression};

/// miglint could not do part of its job (the CLI exits 2 after printing the rest).
#[derive(Debug)]
pub struct RunError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Everything a run produced.
pub struct LintRun {
    pub report: Report,
    pub sources: SourceMap,
    pub errors: Vec<RunError>,
}

/// Lints every project with the rules `config` enables.
pub fn lint(projects: &[Project], rules: &[&dyn Rule], config: &Config, cwd: &Path) -> LintRun {
    let enabled: Vec<&dyn Rule> = rules
        .iter()
        .copied()
        .filter(|rule| config.rules.enables(rule.meta()))
        .collect();
    let mut run = LintRun {
        report: Report::default(),
        sources: SourceMap::new(),
        errors: Vec::new(),
    };
    for project in projects {
        lint_project(project, &enabled, config, cwd, &mut run);
    }
    for diagnostic in &mut run.report.diagnostics {
        if let Some(severity) = config.severity.get(diagnostic.rule) {
            diagnostic.severity = *severity;
        }
    }
    sort_diagnostics(&mut run.report.diagnostics, &run.sources);
    run
}

fn lint_project(
    project: &Project,
    rules: &[&dyn Rule],
    config: &Config,
    cwd: &Path,
    run: &mut LintRun,
) {
    let migrations = load_and_parse(project, cwd, &mut run.sources, &mut run.errors);
    let partial = is_partial(project, config, &migrations);
    let mut diagnostics = Vec::new();
    let catalog = replay_history(
        project,
        &migrations,
        &run.sources,
        partial,
        rules,
        &mut diagnostics,
    );

    let wants_drift = rules.iter().any(|r| r.meta().category == Category::Drift);
    let model_files = if project.tool == Tool::Prisma && wants_drift {
        check_model(
            project,
            rules,
            &catalog,
            cwd,
            &mut run.sources,
            &mut diagnostics,
        )
    } else {
        Vec::new()
    };

    let migration_files: Vec<FileId> = migrations.iter().map(|m| m.file).collect();
    let cx = ProjectContext {
        project,
        sources: &run.sources,
        catalog: &catalog,
        migration_files: &migration_files,
    };
    for rule in rules {
        rule.check_project(&cx, &mut diagnostics);
    }

    apply_suppressions(
        project,
        rules,
        &migrations,
        &model_files,
        &run.sources,
        &mut diagnostics,
    );

    run.report.files += migrations.len();
    run.report.statements += migrations
        .iter()
        .map(|m| m.parsed.statements.len())
        .sum::<usize>();
    run.report.projects.push(ProjectSummary {
        root: display_path(&project.root, cwd),
        tool: project.tool.name().to_owned(),
        dialect: project.dialect.name().to_owned(),
        migrations: project.migrations.len(),
        model: project.model.iter().map(|p| display_path(p, cwd)).collect(),
        history: if partial { "partial" } else { "complete" }.to_owned(),
    });
    run.report.diagnostics.extend(diagnostics);
}

/// One migration of a project, read and parsed.
struct ParsedMigration {
    /// Its index in `Project::migrations`.
    index: usize,
    file: FileId,
    parsed: ParsedFile,
}

/// Replays the history in order. Statement rules see the catalog before
/// each statement, replay rules what replaying it raised.
fn replay_history(
    project: &Project,
    migrations: &[ParsedMigration],
    sources: &SourceMap,
    partial: bool,
    rules: &[&dyn Rule],
    diagnostics: &mut Vec<Diagnostic>,
) -> Catalog {
    let options = ReplayOptions {
        assume_missing_tables: partial,
    };
    let mut catalog = empty_catalog(project);
    for parsed in migrations {
        let (Some(source), Some(migration)) = (
            sources.get(parsed.file),
            project.migrations.get(parsed.index),
        ) else {
            continue;
        };
        for statement in &parsed.parsed.statements {
            let cx = StatementContext {
                project,
                migration,
                file: parsed.file,
                source,
                statement,
                catalog: &catalog,
            };
            for rule in rules {
                rule.check_statement(&cx, diagnostics);
            }
            let at = Origin {
                file: parsed.file,
                span: statement.span,
            };
            let events = catalog.apply(&statement.change, at, options);
            let cx = ReplayContext {
                project,
                file: parsed.file,
                source,
                statement,
                events: &events,
            };
            for rule in rules {
                rule.check_replay(&cx, diagnostics);
            }
        }
        catalog.end_session();
    }
    catalog
}

/// Drops the findings inline suppressions cover, then lets the rules report
/// the suppressions that covered nothing.
fn apply_suppressions(
    project: &Project,
    rules: &[&dyn Rule],
    migrations: &[ParsedMigration],
    model_files: &[FileId],
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut suppressions = Vec::new();
    for migration in migrations {
        if let Some(source) = sources.get(migration.file) {
            let spans: Vec<Span> = migration.parsed.statements.iter().map(|s| s.span).collect();
            suppressions.extend(suppression::find(migration.file, source, &spans));
        }
    }
    for &file in model_files {
        if let Some(source) = sources.get(file) {
            suppressions.extend(suppression::find(file, source, &[]));
        }
    }
    suppression::apply(diagnostics, &mut suppressions);
    let unused: Vec<&Suppression> = suppressions.iter().filter(|s| !s.used).collect();
    let cx = SuppressionContext {
        project,
        unused: &unused,
        enabled: rules,
    };
    for rule in rules {
        rule.check_suppressions(&cx, diagnostics);
    }
}

/// Compares the Prisma model with the replayed catalog and hands every
/// difference to the drift rules. A model that cannot be read is reported and
/// its drift check skipped.
fn check_model(
    project: &Project,
    rules: &[&dyn Rule],
    catalog: &Catalog,
    cwd: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FileId> {
    let mut files = Vec::new();
    for path in &project.model {
        // Unreadable model files surface as a schema error below (no model text).
        if let Ok(text) = read_source(path) {
            let display = display_path(path, cwd);
            files.push(sources.add(SourceFile::new(path.clone(), display, text)));
        }
    }
    let texts: Vec<(FileId, &str)> = files
        .iter()
        .filter_map(|&id| sources.get(id).map(|f| (id, f.text.as_str())))
        .collect();
    if texts.is_empty() {
        return files;
    }
    let expected = parse_schema(&texts).and_then(|schema| ExpectedSchema::from_schema(&schema));
    match expected {
        Ok(expected) => {
            for drift in compare(&expected, catalog) {
                let cx = DriftContext {
                    project,
                    sources,
                    drift: &drift,
                    catalog,
                };
                for rule in rules {
                    rule.check_drift(&cx, diagnostics);
                }
            }
        }
        Err(errors) => {
            let cx = ModelContext {
                project,
                errors: &errors,
            };
            for rule in rules {
                rule.check_model(&cx, diagnostics);
            }
        }
    }
    files
}
/// A project's history replayed, without any rule: for tools and tests that
/// need the resulting schema.
pub struct Replayed {
    pub catalog: Catalog,
    pub sources: SourceMap,
    pub errors: Vec<RunError>,
    /// Whether the history was read as partial.
    pub partial: bool,
}

/// Loads, parses and replays a project's history.
pub fn replay(project: &Project, config: &Config, cwd: &Path) -> Replayed {
    let mut sources = SourceMap::new();
    let mut errors = Vec::new();
    let migrations = load_and_parse(project, cwd, &mut sources, &mut errors);
    let partial = is_partial(project, config, &migrations);
    let catalog = replay_history(
        project,
        &migrations,
        &sources,
        partial,
        &[],
        &mut Vec::new(),
    );
    Replayed {
        catalog,
        sources,
        errors,
        partial,
    }
}

/// Reads and parses every migration in parallel, then adds them to the
/// source map in history order (unreadable files become run errors).
fn load_and_parse(
    project: &Project,
    cwd: &Path,
    sources: &mut SourceMap,
    errors: &mut Vec<RunError>,
) -> Vec<ParsedMigration> {
    let loaded: Vec<Result<(SourceFile, ParsedFile), String>> = project
        .migrations
        .par_iter()
        .map(|migration| {
            let text = read_source(&migration.path)?;
            let whole = Span::from_range(0..text.len());
            let section = migration.up_section.unwrap_or(whole);
            let parsed = parse_range(&text, section, project.dialect);
            let display = display_path(&migration.path, cwd);
            let source = SourceFile::new(migration.path.clone(), display, text);
            Ok((source, parsed))
        })
        .collect();
    let mut migrations = Vec::with_capacity(loaded.len());
    for ((index, migration), result) in project.migrations.iter().enumerate().zip(loaded) {
        match result {
            Ok((source, parsed)) => {
                let file = sources.add(source);
                migrations.push(ParsedMigration {
                    index,
                    file,
                    parsed,
                });
            }
            Err(message) => errors.push(RunError {
                path: migration.path.clone(),
                message,
            }),
        }
    }
    // Files the tool never runs are read only so that findings can point into them.
    for path in &project.ignored_files {
        if let Ok(text) = read_source(path) {
            let display = display_path(path, cwd);
            sources.add(SourceFile::new(path.clone(), display, text));
        }
    }
    migrations
}

/// Reads a file as UTF-8 text; invalid bytes are replaced so one bad byte does
/// not cost the whole file.
pub(crate) fn read_source(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// A history is partial when configured so, when it is a single file, or when
/// its first migration already refers to tables it never creates (a project
/// baselined from an existing database, or one built on a platform's
/// schemas).
fn is_partial(project: &Project, config: &Config, migrations: &[ParsedMigration]) -> bool {
    match config.history {
        HistoryMode::Complete => false,
        HistoryMode::Partial => true,
        // Prisma and drizzle generate their first migration from an empty
        // database (a baseline too), so their histories are complete.
        HistoryMode::Auto if matches!(project.tool, Tool::Prisma | Tool::Drizzle) => {
            project.single_file
        }
        HistoryMode::Auto => {
            project.single_file
                || migrations.first().is_some_and(|first| {
                    let mut scratch = empty_catalog(project);
                    first.parsed.statements.iter().any(|statement| {
                        let at = Origin {
                            file: first.file,
                            span: statement.span,
                        };
                        scratch
                            .apply(&statement.change, at, ReplayOptions::default())
                            .iter()
                            .any(|event| matches!(event, ReplayEvent::UnknownTable { .. }))
                    })
                })
        }
    }
}

/// The database before the first migration: the tool's own bookkeeping
/// table and the platform's schemas already exist.
fn empty_catalog(project: &Project) -> Catalog {
    let mut catalog = Catalog::new(project.dialect);
    catalog.external_schemas = project
        .tool
        .platform_schemas()
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    if let Some((schema, name)) = project.tool.bookkeeping_table() {
        catalog.assume_table(schema, name);
    }
    catalog
}

/// Deterministic order: file path, then offset, then rule id.
fn sort_diagnostics(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let path = |d: &Diagnostic| sources.get(d.file).map(|f| f.display_path.as_str());
        path(a)
            .cmp(&path(b))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.span.end.cmp(&b.span.end))
            .then(a.rule.cmp(b.rule))
            .then(a.message.cmp(&b.message))
    });
}
