//! The run: load → parse (in parallel) → replay (in order) → drift → project rules.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use miglint_catalog::{Catalog, Origin, ReplayOptions};
use miglint_diagnostics::{Category, Diagnostic, ProjectSummary, Report};
use miglint_prisma::{ExpectedSchema, SchemaError, compare, parse_schema};
use miglint_project::{Project, Tool};
use miglint_source::{FileId, SourceFile, SourceMap, Span, display_path};
use miglint_syntax::{ParsedFile, parse_range};
use rayon::prelude::*;

use crate::config::{Config, HistoryMode};
use crate::context::{
    DriftContext, HistoryBase, HistoryFacts, ModelContext, ProjectContext, ReplayContext,
    StatementContext, SuppressionContext, Unreadable, UnreadableKind,
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
    lint_with(projects, rules, config, cwd, &RunInputs::default())
}

/// What a run reads besides the files on disk.
#[derive(Clone, Debug, Default)]
pub struct RunInputs {
    /// Each project's files at its git base (by project root), for the
    /// history rules that compare with it.
    pub bases: HashMap<PathBuf, HistoryBase>,
    /// Text that replaces a file's content on disk (an unsaved editor buffer
    /// read from standard input), by canonical path.
    pub buffers: HashMap<PathBuf, String>,
}

/// [`lint`], with [`RunInputs`].
pub fn lint_with(
    projects: &[Project],
    rules: &[&dyn Rule],
    config: &Config,
    cwd: &Path,
    inputs: &RunInputs,
) -> LintRun {
    let bases = &inputs.bases;
    let buffers = &inputs.buffers;
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
        let base = bases.get(&project.root);
        lint_project(project, &enabled, config, cwd, base, buffers, &mut run);
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
    base: Option<&HistoryBase>,
    buffers: &Buffers,
    run: &mut LintRun,
) {
    let mut unreadable = Vec::new();
    let migrations = load_and_parse(project, cwd, buffers, &mut run.sources, &mut unreadable);
    let reading = read_as(project, config, &migrations, &run.sources);
    let mut diagnostics = Vec::new();
    let catalog = replay_history(
        project,
        &migrations,
        &run.sources,
        &reading,
        rules,
        &mut diagnostics,
    );

    let wants_drift = rules.iter().any(|r| r.meta().category == Category::Drift);
    let model_files = if project.tool == Tool::Prisma && wants_drift {
        check_model(
            project,
            rules,
            &catalog,
            (cwd, buffers),
            &mut run.sources,
            &mut unreadable,
            &mut diagnostics,
        )
    } else {
        Vec::new()
    };

    let history = HistoryFacts {
        base: base.cloned(),
        checksum_file: checksum_file(project, cwd, &mut run.sources, &mut unreadable),
    };
    let migration_files: Vec<FileId> = migrations.iter().map(|m| m.file).collect();
    let cx = ProjectContext {
        project,
        sources: &run.sources,
        catalog: &catalog,
        migration_files: &migration_files,
        unreadable: &unreadable,
        history: &history,
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
    run.report.diagnostics.extend(diagnostics);
}

/// The tool's file of recorded checksums (Atlas's `atlas.sum`), read into
/// the source map.
fn checksum_file(
    project: &Project,
    cwd: &Path,
    sources: &mut SourceMap,
    unreadable: &mut Vec<Unreadable>,
) -> Option<FileId> {
    let path = match project.tool {
        Tool::Atlas => project.root.join("atlas.sum"),
        _ => return None,
    };
    if std::fs::symlink_metadata(&path).is_err() {
        return None;
    }
    let (file, problem) = load_file(
        &path,
        cwd,
        &Buffers::new(),
        sources,
        UnreadableKind::Migration,
    );
    unreadable.extend(problem);
    Some(file)
}

/// Unsaved texts by canonical path.
type Buffers = HashMap<PathBuf, String>;

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
    reading: &Reading,
    rules: &[&dyn Rule],
    diagnostics: &mut Vec<Diagnostic>,
) -> Catalog {
    let mut catalog = empty_catalog(project);
    let options = match reading {
        Reading::Complete => ReplayOptions::default(),
        Reading::Partial {
            assumed: Some(tables),
            ..
        } => {
            for (schema, name) in tables {
                catalog.assume_table(Some(schema), name);
            }
            if let Reading::Partial { schemas, .. } = reading {
                catalog.external_schemas.extend(schemas.iter().cloned());
            }
            ReplayOptions::default()
        }
        Reading::Partial { assumed: None, .. } => ReplayOptions {
            assume_missing_tables: true,
        },
    };
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
    let mut malformed = Vec::new();
    let mut add = |found: suppression::Found| {
        suppressions.extend(found.suppressions);
        malformed.extend(found.malformed);
    };
    for migration in migrations {
        if let Some(source) = sources.get(migration.file) {
            let spans: Vec<Span> = migration.parsed.statements.iter().map(|s| s.span).collect();
            add(suppression::scan(migration.file, source, &spans));
        }
    }
    for &file in model_files {
        if let Some(source) = sources.get(file) {
            add(suppression::scan(file, source, &[]));
        }
    }
    suppression::apply(diagnostics, &mut suppressions);
    let unused: Vec<&Suppression> = suppressions.iter().filter(|s| !s.used).collect();
    let cx = SuppressionContext {
        project,
        unused: &unused,
        enabled: rules,
        malformed: &malformed,
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
    (cwd, buffers): (&Path, &Buffers),
    sources: &mut SourceMap,
    unreadable: &mut Vec<Unreadable>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FileId> {
    let mut files = Vec::new();
    let mut readable = true;
    for path in &project.model {
        let (file, problem) = load_file(path, cwd, buffers, sources, UnreadableKind::Model);
        files.push(file);
        if let Some(problem) = problem {
            // A model that cannot be read is not compared at all: drift
            // against part of it would be wrong.
            readable = false;
            unreadable.push(problem);
        }
    }
    let texts: Vec<(FileId, &str)> = files
        .iter()
        .filter_map(|&id| sources.get(id).map(|f| (id, f.text.as_str())))
        .collect();
    if texts.is_empty() || !readable {
        return files;
    }
    let expected = parse_schema(&texts)
        .and_then(|schema| ExpectedSchema::from_schema(&schema))
        .map_err(|errors| in_model_files(errors, &files));
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
/// Schema errors placed in the model: one the parser could not place (an
/// empty schema has nothing to point at) goes to the start of the first
/// model file, never to a migration.
fn in_model_files(mut errors: Vec<SchemaError>, files: &[FileId]) -> Vec<SchemaError> {
    if let Some(&first) = files.first() {
        for error in &mut errors {
            if !files.contains(&error.file) {
                error.file = first;
                error.span = Span::new(0, 0);
            }
        }
    }
    errors
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
    let mut unreadable = Vec::new();
    let migrations = load_and_parse(project, cwd, &Buffers::new(), &mut sources, &mut unreadable);
    let errors = unreadable
        .iter()
        .filter_map(|problem| {
            let file = sources.get(problem.file)?;
            Some(RunError {
                path: file.path.clone(),
                message: problem.reason.clone(),
            })
        })
        .collect();
    let reading = read_as(project, config, &migrations, &sources);
    let partial = matches!(reading, Reading::Partial { .. });
    let catalog = replay_history(
        project,
        &migrations,
        &sources,
        &reading,
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

/// Reads every migration into the source map and parses them in parallel.
/// A migration that cannot be read stays in the history as an empty file
/// (listed in `unreadable`, for the rule that reports it); one that is not
/// UTF-8 is read with replacement characters.
fn load_and_parse(
    project: &Project,
    cwd: &Path,
    buffers: &Buffers,
    sources: &mut SourceMap,
    unreadable: &mut Vec<Unreadable>,
) -> Vec<ParsedMigration> {
    let mut loaded = Vec::with_capacity(project.migrations.len());
    for (index, migration) in project.migrations.iter().enumerate() {
        let (file, problem) = load_file(
            &migration.path,
            cwd,
            buffers,
            sources,
            UnreadableKind::Migration,
        );
        let len = sources.get(file).map_or(0, |f| f.text.len());
        let whole = Span::from_range(0..len);
        // Discovery found the section in the same (lossily decoded) text;
        // a file that changed since may not fit it any more.
        let section = migration
            .up_section
            .filter(|s| s.end as usize <= len)
            .unwrap_or(whole);
        unreadable.extend(problem);
        loaded.push((index, file, section));
    }
    // Files the tool never runs are read only so that findings can point into them.
    for path in &project.ignored_files {
        load_file(path, cwd, buffers, sources, UnreadableKind::Migration);
    }
    let sources = &*sources;
    loaded
        .par_iter()
        .filter_map(|&(index, file, section)| {
            let source = sources.get(file)?;
            Some(ParsedMigration {
                index,
                file,
                parsed: parse_range(&source.text, section, project.dialect),
            })
        })
        .collect()
}

/// Adds `path` to the source map: its text, or no text when it cannot be
/// read, with what went wrong.
fn load_file(
    path: &Path,
    cwd: &Path,
    buffers: &Buffers,
    sources: &mut SourceMap,
    kind: UnreadableKind,
) -> (FileId, Option<Unreadable>) {
    let display = display_path(path, cwd);
    let read = match buffers.get(path) {
        Some(text) => Ok(Decoded::Text(text.clone())),
        None => read_source(path),
    };
    let (text, problem) = match read {
        Ok(Decoded::Text(text)) => (text, None),
        Ok(Decoded::Lossy { text, first_bad }) => {
            let at = u32::try_from(first_bad).unwrap_or(u32::MAX);
            let end = at.saturating_add(u32::try_from('\u{FFFD}'.len_utf8()).unwrap_or(0));
            let reason = format!("it is not UTF-8 text (byte {first_bad} is not valid UTF-8)");
            (text, Some((Span::new(at, end), reason, true)))
        }
        Err(reason) => (String::new(), Some((Span::new(0, 0), reason, false))),
    };
    let file = sources.add(SourceFile::new(path.to_path_buf(), display, text));
    let problem = problem.map(|(span, reason, lossy)| Unreadable {
        file,
        span,
        reason,
        lossy,
        kind,
    });
    (file, problem)
}

/// A file's text, whole or with its invalid bytes replaced.
pub(crate) enum Decoded {
    Text(String),
    Lossy { text: String, first_bad: usize },
}

/// Reads a file as UTF-8 text; invalid bytes are replaced so one bad byte does
/// not cost the whole file. Only regular files are read (a pipe would block).
pub(crate) fn read_source(path: &Path) -> Result<Decoded, String> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(match std::fs::read_link(path) {
                Ok(target) => format!(
                    "it is a symbolic link to `{}`, which does not exist",
                    target.display()
                ),
                Err(_) => "it does not exist".to_owned(),
            });
        }
        Err(error) => return Err(error.to_string()),
    };
    if metadata.is_dir() {
        return Err("it is a folder, not a file".to_owned());
    }
    if !metadata.is_file() {
        return Err("it is not a regular file (a pipe, socket or device)".to_owned());
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Decoded::Text(text),
        Err(e) => {
            let first_bad = e.utf8_error().valid_up_to();
            Decoded::Lossy {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                first_bad,
            }
        }
    })
}

/// How a history is read.
enum Reading {
    Complete,
    /// Part of the history is missing: `reason` says why, for the output.
    /// `assumed`: the only tables assumed to exist (those the first migration
    /// uses without creating them), as (schema, name); `None` assumes every
    /// table no migration creates.
    Partial {
        reason: String,
        assumed: Option<Vec<(String, String)>>,
        /// Schemas the first migration uses without creating them.
        schemas: Vec<String>,
    },
}

/// A history is partial when configured so, when it is a single file, or when
/// its first migration already refers to tables it never creates (a project
/// baselined from an existing database, or one built on a platform's
/// schemas). In the last case only those tables are assumed, so a misspelt
/// table later in the history is still unknown.
fn read_as(
    project: &Project,
    config: &Config,
    migrations: &[ParsedMigration],
    sources: &SourceMap,
) -> Reading {
    let every_table = |reason: &str| Reading::Partial {
        reason: reason.to_owned(),
        assumed: None,
        schemas: Vec::new(),
    };
    match config.history {
        HistoryMode::Complete => return Reading::Complete,
        HistoryMode::Partial => {
            return every_table(
                "miglint.toml sets `[history] mode = \"partial\"`, so tables no migration \
                 creates are assumed to exist",
            );
        }
        HistoryMode::Auto => {}
    }
    if project.single_file {
        return every_table(
            "a single file was given, so tables it does not create are assumed to exist",
        );
    }
    // Prisma and drizzle generate their first migration from an empty
    // database (a baseline too), so their histories are complete.
    if matches!(project.tool, Tool::Prisma | Tool::Drizzle) {
        return Reading::Complete;
    }
    let Some(first) = migrations.first() else {
        return Reading::Complete;
    };
    let empty = empty_catalog(project);
    let mut scratch = empty_catalog(project);
    let options = ReplayOptions {
        assume_missing_tables: true,
    };
    for statement in &first.parsed.statements {
        let at = Origin {
            file: first.file,
            span: statement.span,
        };
        scratch.apply(&statement.change, at, options);
    }
    let assumed: Vec<(String, String)> = scratch
        .tables
        .iter()
        .filter(|t| t.assumed)
        .filter(|t| {
            !empty
                .tables
                .iter()
                .any(|e| e.schema == t.schema && e.name == t.name)
        })
        .map(|t| (t.schema.clone(), t.name.clone()))
        .collect();
    if assumed.is_empty() {
        return Reading::Complete;
    }
    let mut schemas: Vec<String> = scratch
        .tables
        .iter()
        .map(|t| t.schema.clone())
        .filter(|schema| {
            schema != &scratch.default_schema && !scratch.schemas.iter().any(|s| &s.name == schema)
        })
        .collect();
    schemas.sort();
    schemas.dedup();
    let first_name = sources
        .get(first.file)
        .map_or_else(String::new, |f| f.display_path.clone());
    let names: Vec<String> = assumed
        .iter()
        .take(5)
        .map(|(schema, name)| {
            if schema == &scratch.default_schema {
                format!("`{name}`")
            } else {
                format!("`{schema}.{name}`")
            }
        })
        .collect();
    let more = match assumed.len().saturating_sub(names.len()) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Reading::Partial {
        reason: format!(
            "the first migration ({first_name}) uses {}{more} without creating it, as a history \
             started from an existing database does; only the tables it uses are assumed to exist",
            names.join(", ")
        ),
        assumed: Some(assumed),
        schemas,
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
