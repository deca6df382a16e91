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
    let loaded = load_migrations(project, cwd, &mut run.sources, &mut run.errors);
    let parsed = parse_all(project, &loaded, &run.sources);

    let options = ReplayOptions {
        assume_missing_tables: is_partial(project, config, &parsed),
    };
    let mut catalog = Catalog::new(project.dialect);
    let mut diagnostics = Vec::new();
    for ((file, parsed), migration) in parsed.iter().zip(&project.migrations) {
        let Some(source) = run.sources.get(*file) else {
            continue;
        };
        for statement in &parsed.statements {
            let cx = StatementContext {
                project,
                migration,
                file: *file,
                source,
                statement,
                catalog: &catalog,
            };
            for rule in rules {
                rule.check_statement(&cx, &mut diagnostics);
            }
            let at = Origin {
                file: *file,
                span: statement.span,
            };
            let events = catalog.apply(&statement.change, at, options);
            let cx = ReplayContext {
                project,
                file: *file,
                source,
                statement,
                events: &events,
            };
            for rule in rules {
                rule.check_replay(&cx, &mut diagnostics);
            }
        }
        catalog.end_session();
    }

    let mut model_files = Vec::new();
    if project.tool == Tool::Prisma && rules.iter().any(|r| r.meta().category == Category::Drift) {
        model_files = check_model(
            project,
            rules,
            &catalog,
            cwd,
            &mut run.sources,
            &mut diagnostics,
        );
    }

    let migration_files: Vec<FileId> = parsed.iter().map(|(file, _)| *file).collect();
    let cx = ProjectContext {
        project,
        sources: &run.sources,
        catalog: &catalog,
        migration_files: &migration_files,
    };
    for rule in rules {
        rule.check_project(&cx, &mut diagnostics);
    }

    run.report.files += parsed.len();
    run.report.statements += parsed
        .iter()
        .map(|(_, p)| p.statements.len())
        .sum::<usize>();
    run.report.projects.push(ProjectSummary {
        root: display_path(&project.root, cwd),
        tool: project.tool.name().to_owned(),
        dialect: project.dialect.name().to_owned(),
        migrations: project.migrations.len(),
        model: project.model.iter().map(|p| display_path(p, cwd)).collect(),
        history: if options.assume_missing_tables {
            "partial"
        } else {
            "complete"
        }
        .to_owned(),
    });
    // Inline suppressions, then the ones that covered nothing.
    let mut suppressions = Vec::new();
    for (file, parsed) in &parsed {
        if let Some(source) = run.sources.get(*file) {
            let spans: Vec<Span> = parsed.statements.iter().map(|s| s.span).collect();
            suppressions.extend(suppression::find(*file, source, &spans));
        }
    }
    for file in &model_files {
        if let Some(source) = run.sources.get(*file) {
            suppressions.extend(suppression::find(*file, source, &[]));
        }
    }
    suppression::apply(&mut diagnostics, &mut suppressions);
    let unused: Vec<&Suppression> = suppressions.iter().filter(|s| !s.used).collect();
    let cx = SuppressionContext {
        project,
        unused: &unused,
        enabled: rules,
    };
    for rule in rules {
        rule.check_suppressions(&cx, &mut diagnostics);
    }

    run.report.diagnostics.extend(diagnostics);
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
/// Parses every loaded migration, in parallel.
fn parse_all(
    project: &Project,
    loaded: &[(FileId, Span)],
    sources: &SourceMap,
) -> Vec<(FileId, ParsedFile)> {
    loaded
        .par_iter()
        .filter_map(|&(file, section)| {
            let source = sources.get(file)?;
            Some((file, parse_range(&source.text, section, project.dialect)))
        })
        .collect()
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
    let loaded = load_migrations(project, cwd, &mut sources, &mut errors);
    let parsed = parse_all(project, &loaded, &sources);
    let options = ReplayOptions {
        assume_missing_tables: is_partial(project, config, &parsed),
    };
    let mut catalog = Catalog::new(project.dialect);
    for (file, parsed) in &parsed {
        for statement in &parsed.statements {
            let at = Origin {
                file: *file,
                span: statement.span,
            };
            catalog.apply(&statement.change, at, options);
        }
        catalog.end_session();
    }
    Replayed {
        catalog,
        sources,
        errors,
        partial: options.assume_missing_tables,
    }
}

/// Reads every migration into the source map; unreadable files become run errors.
fn load_migrations(
    project: &Project,
    cwd: &Path,
    sources: &mut SourceMap,
    errors: &mut Vec<RunError>,
) -> Vec<(FileId, Span)> {
    let mut loaded = Vec::with_capacity(project.migrations.len());
    for migration in &project.migrations {
        match read_source(&migration.path) {
            Ok(text) => {
                let whole = Span::from_range(0..text.len());
                let section = migration.up_section.unwrap_or(whole);
                let display = display_path(&migration.path, cwd);
                let file = sources.add(SourceFile::new(migration.path.clone(), display, text));
                loaded.push((file, section));
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
    loaded
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
/// baselined from an existing database).
fn is_partial(project: &Project, config: &Config, parsed: &[(FileId, ParsedFile)]) -> bool {
    match config.history {
        HistoryMode::Complete => false,
        HistoryMode::Partial => true,
        HistoryMode::Auto => {
            project.single_file
                || parsed.first().is_some_and(|(file, first)| {
                    let mut scratch = Catalog::new(project.dialect);
                    first.statements.iter().any(|statement| {
                        let at = Origin {
                            file: *file,
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

/// Deterministic order: file path, then offset, then rule id.
fn sort_diagnostics(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
    diagnostics.sort_by(|a, b| {
        let path = |d: &Diagnostic| sources.get(d.file).map(|f| f.display_path.clone());
        path(a)
            .cmp(&path(b))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.span.end.cmp(&b.span.end))
            .then(a.rule.cmp(b.rule))
            .then(a.message.cmp(&b.message))
    });
}
