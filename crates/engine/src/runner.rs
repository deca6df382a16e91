//! The run: load → parse (in parallel) → replay (in order) → drift → project rules.

use std::fmt;
use std::path::{Path, PathBuf};

use miglint_catalog::{Catalog, Origin, ReplayEvent, ReplayOptions};
use miglint_diagnostics::{Category, Diagnostic, ProjectSummary, Report};
use miglint_prisma::{ExpectedSchema, compare, parse_schema};
use miglint_project::{Migration, Project, Tool};
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
    let mut diagnostics = Vec::new();
    let History {
        catalog,
        migrations,
        partial,
    } = load_and_replay(
        project,
        config,
        cwd,
        rules,
        &mut run.sources,
        &mut run.errors,
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
    run.report.statements += migrations.iter().map(|m| m.spans.len()).sum::<usize>();
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

/// What is kept of a migration once it is replayed: its statements (with
/// their syntax trees) are dropped, their spans kept for suppressions.
struct ReplayedMigration {
    file: FileId,
    spans: Vec<Span>,
}

/// A project's history, loaded and replayed.
struct History {
    catalog: Catalog,
    migrations: Vec<ReplayedMigration>,
    partial: bool,
}

/// How many migrations are read and parsed at once. Parsed statements are
/// the largest part of a run's memory; they live only until their chunk is
/// replayed, so memory does not grow with the number of migrations.
const CHUNK: usize = 256;

/// A chunk of migrations read and parsed (in parallel), in history order.
type Loaded = Vec<(usize, Result<(SourceFile, ParsedFile), String>)>;

fn load_chunk(project: &Project, cwd: &Path, first: usize, chunk: &[Migration]) -> Loaded {
    chunk
        .par_iter()
        .enumerate()
        .map(|(offset, migration)| {
            let loaded = read_source(&migration.path).map(|text| {
                let whole = Span::from_range(0..text.len());
                let section = migration.up_section.unwrap_or(whole);
                let parsed = parse_range(&text, section, project.dialect);
                let display = display_path(&migration.path, cwd);
                (
                    SourceFile::new(migration.path.clone(), display, text),
                    parsed,
                )
            });
            (first + offset, loaded)
        })
        .collect()
}

/// Reads, parses and replays the history chunk by chunk: the next chunk is
/// parsed while this one is replayed. Statement rules see the catalog
/// before each statement, replay rules what replaying it raised.
fn load_and_replay(
    project: &Project,
    config: &Config,
    cwd: &Path,
    rules: &[&dyn Rule],
    sources: &mut SourceMap,
    errors: &mut Vec<RunError>,
    diagnostics: &mut Vec<Diagnostic>,
) -> History {
    let mut replayer: Option<Replayer<'_>> = None;
    let mut migrations = Vec::with_capacity(project.migrations.len());
    let mut chunks = project.migrations.chunks(CHUNK).enumerate();
    let mut current = chunks
        .next()
        .map(|(_, chunk)| load_chunk(project, cwd, 0, chunk));
    while let Some(loaded) = current.take() {
        let mut parsed = Vec::with_capacity(loaded.len());
        for (index, result) in loaded {
            let Some(migration) = project.migrations.get(index) else {
                continue;
            };
            match result {
                Ok((source, file_parsed)) => {
                    let file = sources.add(source);
                    parsed.push((index, file, file_parsed));
                }
                Err(message) => errors.push(RunError {
                    path: migration.path.clone(),
                    message,
                }),
            }
        }
        let replayer = replayer.get_or_insert_with(|| {
            let first = parsed.first().map(|(_, file, p)| (*file, p));
            Replayer::new(project, is_partial(project, config, first), rules)
        });
        let next = chunks.next();
        let sources = &*sources;
        let (next, ()) = rayon::join(
            || next.map(|(n, chunk)| load_chunk(project, cwd, n * CHUNK, chunk)),
            || {
                for (index, file, file_parsed) in &parsed {
                    replayer.file(*index, *file, file_parsed, sources, diagnostics);
                }
            },
        );
        migrations.extend(parsed.into_iter().map(|(_, file, p)| ReplayedMigration {
            file,
            spans: p.statements.iter().map(|s| s.span).collect(),
        }));
        current = next;
    }
    // Files the tool never runs are read only so that findings can point into them.
    for path in &project.ignored_files {
        if let Ok(text) = read_source(path) {
            let display = display_path(path, cwd);
            sources.add(SourceFile::new(path.clone(), display, text));
        }
    }
    let replayer = replayer
        .unwrap_or_else(|| Replayer::new(project, is_partial(project, config, None), rules));
    History {
        partial: replayer.options.assume_missing_tables,
        catalog: replayer.catalog,
        migrations,
    }
}

/// Replays a history in order, one file at a time.
struct Replayer<'a> {
    project: &'a Project,
    rules: &'a [&'a dyn Rule],
    options: ReplayOptions,
    catalog: Catalog,
}

impl<'a> Replayer<'a> {
    fn new(project: &'a Project, partial: bool, rules: &'a [&'a dyn Rule]) -> Self {
        Self {
            project,
            rules,
            options: ReplayOptions {
                assume_missing_tables: partial,
            },
            catalog: empty_catalog(project),
        }
    }

    fn file(
        &mut self,
        index: usize,
        file: FileId,
        parsed: &ParsedFile,
        sources: &SourceMap,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let project = self.project;
        let (Some(source), Some(migration)) = (sources.get(file), project.migrations.get(index))
        else {
            return;
        };
        for statement in &parsed.statements {
            let cx = StatementContext {
                project,
                migration,
                file,
                source,
                statement,
                catalog: &self.catalog,
            };
            for rule in self.rules {
                rule.check_statement(&cx, diagnostics);
            }
            let at = Origin {
                file,
                span: statement.span,
            };
            let events = self.catalog.apply(&statement.change, at, self.options);
            let cx = ReplayContext {
                project,
                file,
                source,
                statement,
                events: &events,
            };
            for rule in self.rules {
                rule.check_replay(&cx, diagnostics);
            }
        }
        self.catalog.end_session();
    }
}

/// Drops the findings inline suppressions cover, then lets the rules report
/// the suppressions that covered nothing.
fn apply_suppressions(
    project: &Project,
    rules: &[&dyn Rule],
    migrations: &[ReplayedMigration],
    model_files: &[FileId],
    sources: &SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut suppressions = Vec::new();
    for migration in migrations {
        if let Some(source) = sources.get(migration.file) {
            suppressions.extend(suppression::find(migration.file, source, &migration.spans));
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
    let history = load_and_replay(
        project,
        config,
        cwd,
        &[],
        &mut sources,
        &mut errors,
        &mut Vec::new(),
    );
    Replayed {
        catalog: history.catalog,
        sources,
        errors,
        partial: history.partial,
    }
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
fn is_partial(project: &Project, config: &Config, first: Option<(FileId, &ParsedFile)>) -> bool {
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
                || first.is_some_and(|(file, parsed)| {
                    let mut scratch = empty_catalog(project);
                    parsed.statements.iter().any(|statement| {
                        let at = Origin {
                            file,
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
