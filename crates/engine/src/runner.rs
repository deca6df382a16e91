//! The run: load → parse (in parallel) → replay (in order) → drift → project rules.

use std::collections::HashMap;
use std::fmt;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use miglint_catalog::{Catalog, Origin, ReplayOptions};
use miglint_diagnostics::{Category, Diagnostic, ProjectSummary, Report};
use miglint_model::{ExpectedSchema, ModelError, compare};
use miglint_project::{Migration, Project, Tool};
use miglint_source::{Dialect, FileId, SourceFile, SourceMap, Span, display_path};
use miglint_syntax::{ParsedFile, Statement, parse_range, split_statements, statements};
use rayon::prelude::*;

use crate::config::{Config, HistoryMode, ServerVersion, TransactionMode};
use crate::context::{
    DriftContext, DriftTarget, FileContext, HistoryBase, HistoryFacts, ModelContext,
    ProjectContext, ReplayContext, StatementContext, SuppressionContext, Unreadable,
    UnreadableKind,
};
use crate::model::{self, LoadedModel};
use crate::rule::{Findings, Rule};
use crate::suppression::{self, Suppression};
use crate::transaction::{self, Delivery, FileDelivery, Tracker, TransactionState, file_delivery};

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

/// Unsaved texts by canonical path.
pub(crate) type Buffers = HashMap<PathBuf, String>;

/// [`lint`], with [`RunInputs`].
pub fn lint_with(
    projects: &[Project],
    rules: &[&dyn Rule],
    config: &Config,
    cwd: &Path,
    inputs: &RunInputs,
) -> LintRun {
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
        if is_the_model(project, config) {
            // The configured model file, found as a folder of SQL: not a history.
            continue;
        }
        let base = inputs.bases.get(&project.root);
        lint_project(
            project,
            &enabled,
            config,
            cwd,
            base,
            &inputs.buffers,
            &mut run,
        );
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

    // The model is read before replay: statement rules compare with it too.
    let wants_model = rules
        .iter()
        .any(|r| matches!(r.meta().category, Category::Drift | Category::Compat));
    let model_paths: Vec<PathBuf> = match &config.model {
        Some(model) => vec![model.clone()],
        None => project.model.clone(),
    };
    let (model_files, model) = if wants_model {
        load_model(
            project,
            &model_paths,
            (cwd, buffers),
            &mut run.sources,
            &mut unreadable,
        )
    } else {
        (Vec::new(), None)
    };
    let expected = match &model {
        Some(Ok(loaded)) => Some(&loaded.expected),
        _ => None,
    };

    let catalog = replay_history(
        &History {
            project,
            migrations: &migrations,
            sources: &run.sources,
            reading: &reading,
            config,
            model: expected,
        },
        rules,
        &mut diagnostics,
    );

    match &model {
        Some(Ok(loaded)) => {
            for drift in compare(&loaded.expected, &catalog, loaded.fixes.as_ref()) {
                let cx = DriftContext {
                    project,
                    sources: &run.sources,
                    drift: &drift,
                    model: &loaded.expected,
                    catalog: &catalog,
                    target: DriftTarget::History,
                };
                for rule in rules {
                    rule.check_drift(&cx, &mut Findings::new(rule.meta(), &mut diagnostics));
                }
            }
        }
        Some(Err(errors)) => {
            let cx = ModelContext { project, errors };
            for rule in rules {
                rule.check_model(&cx, &mut Findings::new(rule.meta(), &mut diagnostics));
            }
        }
        None => {}
    }

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
        rule.check_project(&cx, &mut Findings::new(rule.meta(), &mut diagnostics));
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
        .map(|m| m.statement_count(&run.sources, project))
        .sum::<usize>();
    run.report.projects.push(ProjectSummary {
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

/// Whether every "migration" of `project` is the configured model file.
fn is_the_model(project: &Project, config: &Config) -> bool {
    let Some(model) = &config.model else {
        return false;
    };
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let model = canonical(model);
    !project.migrations.is_empty()
        && project
            .migrations
            .iter()
            .all(|m| canonical(&m.path) == model)
}

/// Files larger than this are parsed one statement at a time during replay:
/// their statements' IR is never all in memory at once, so peak memory stays
/// proportional to the source (a seed migration of a million INSERTs).
const STREAMED_FILE_BYTES: usize = 1 << 20;

/// Migrations parsed at once (in parallel) during replay, the next chunk
/// while one is replayed. A statement's IR lives only until its file is
/// replayed, so memory does not grow with the length of the history.
const PARSE_CHUNK: usize = 256;

/// One migration of a project, read; it is parsed when it is replayed.
pub(crate) struct ParsedMigration {
    /// Its index in `Project::migrations`.
    pub(crate) index: usize,
    pub(crate) file: FileId,
    /// The part of the file that runs (a dbmate up section…).
    section: Span,
    /// How many statements it has, once the replay split it (the summary
    /// counts them without splitting every file again).
    statements: OnceLock<usize>,
}

impl ParsedMigration {
    /// Hands each statement to `f`, in order, until it breaks.
    fn each_statement(
        &self,
        sources: &SourceMap,
        project: &Project,
        f: &mut dyn FnMut(&Statement) -> ControlFlow<()>,
    ) {
        if let Some(source) = sources.get(self.file) {
            for statement in statements(&source.text, self.section, project.dialect) {
                if f(&statement).is_break() {
                    return;
                }
            }
        }
    }

    /// Its statements, parsed now; `None` for a file too large to hold
    /// parsed (see [`STREAMED_FILE_BYTES`]).
    fn parse(&self, sources: &SourceMap, project: &Project) -> Option<ParsedFile> {
        let source = sources.get(self.file)?;
        (source.text.len() <= STREAMED_FILE_BYTES)
            .then(|| parse_range(&source.text, self.section, project.dialect))
    }

    /// The statements' spans, from the splitter alone.
    fn statement_spans(&self, sources: &SourceMap, project: &Project) -> Vec<Span> {
        match sources.get(self.file) {
            Some(source) => split_statements(&source.text, self.section, project.dialect),
            None => Vec::new(),
        }
    }

    pub(crate) fn statement_count(&self, sources: &SourceMap, project: &Project) -> usize {
        *self
            .statements
            .get_or_init(|| self.statement_spans(sources, project).len())
    }
}

/// What replaying a project's history needs.
pub(crate) struct History<'a> {
    pub(crate) project: &'a Project,
    pub(crate) migrations: &'a [ParsedMigration],
    pub(crate) sources: &'a SourceMap,
    pub(crate) reading: &'a Reading,
    pub(crate) config: &'a Config,
    pub(crate) model: Option<&'a ExpectedSchema>,
}

/// Replays the history in order. Statement rules see the catalog before
/// each statement, replay rules what replaying it raised, file rules the
/// whole file once it ran.
pub(crate) fn replay_history(
    history: &History<'_>,
    rules: &[&dyn Rule],
    diagnostics: &mut Vec<Diagnostic>,
) -> Catalog {
    let project = history.project;
    let server_version = match project.dialect {
        Dialect::MySql => history.config.mysql_version,
        Dialect::Postgres | Dialect::Sqlite => history.config.postgres_version,
    };
    let mut catalog = empty_catalog(project);
    let options = match history.reading {
        Reading::Complete => ReplayOptions::default(),
        Reading::Partial {
            assumed: Some(tables),
            schemas,
            ..
        } => {
            for (schema, name) in tables {
                catalog.assume_table(Some(schema), name);
            }
            catalog.external_schemas.extend(schemas.iter().cloned());
            ReplayOptions::default()
        }
        Reading::Partial { assumed: None, .. } => ReplayOptions {
            assume_missing_tables: true,
        },
    };
    let parse = |chunk: &[ParsedMigration]| -> Vec<Option<ParsedFile>> {
        chunk
            .par_iter()
            .map(|m| m.parse(history.sources, project))
            .collect()
    };
    let at = Replaying {
        history,
        rules,
        server_version,
        options,
    };
    // The next chunk is parsed by the pool while this thread replays this
    // one: replay is sequential, and would otherwise leave the other cores
    // idle. The replay stays on this thread, so the catalog grows in one
    // allocator arena (spread over the pool's, peak memory rose by a tenth).
    let mut chunks = history.migrations.chunks(PARSE_CHUNK);
    let mut current = chunks.next().map(|chunk| (chunk, parse(chunk)));
    while let Some((chunk, parsed_chunk)) = current.take() {
        let mut parsed_next = None;
        rayon::in_place_scope(|scope| {
            if let Some(next) = chunks.next() {
                let parsed_next = &mut parsed_next;
                scope.spawn(move |_| *parsed_next = Some((next, parse(next))));
            }
            for (parsed, whole) in chunk.iter().zip(parsed_chunk) {
                at.migration(parsed, whole, &mut catalog, diagnostics);
            }
        });
        current = parsed_next;
    }
    catalog
}

/// What every migration of a replay shares.
#[derive(Clone, Copy)]
struct Replaying<'a> {
    history: &'a History<'a>,
    rules: &'a [&'a dyn Rule],
    server_version: ServerVersion,
    options: ReplayOptions,
}

impl Replaying<'_> {
    /// Replays one migration: `whole` is its parsed file, `None` when it is
    /// streamed.
    fn migration(
        self,
        parsed: &ParsedMigration,
        whole: Option<ParsedFile>,
        catalog: &mut Catalog,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Replaying {
            history,
            rules,
            server_version,
            options,
        } = self;
        let project = history.project;
        let (Some(source), Some(migration)) = (
            history.sources.get(parsed.file),
            project.migrations.get(parsed.index),
        ) else {
            return;
        };
        // A streamed file is replayed a chunk at a time; rules that look at
        // the file's other statements see the chunk.
        let mut streamed = match &whole {
            Some(_) => None,
            None => Some(statements(&source.text, parsed.section, project.dialect)),
        };
        let statement_count = match (&whole, &streamed) {
            (Some(whole), _) => whole.statements.len(),
            (None, Some(all)) => all.len(),
            (None, None) => 0,
        };
        // Already set only when the file was counted before the replay.
        let _ = parsed.statements.set(statement_count);
        let mut file = FileReplay {
            history,
            rules,
            migration,
            source,
            file: parsed.file,
            server_version,
            options,
            statement_count,
            tracker: None,
        };
        match (&whole, &mut streamed) {
            (Some(whole), _) => {
                let transactions = file.chunk(&whole.statements, catalog, diagnostics);
                file.finish(&whole.statements, &transactions, diagnostics);
            }
            (None, None) => {}
            (None, Some(all)) => {
                let mut last = (Vec::new(), Vec::new());
                loop {
                    let chunk: Vec<Statement> = all.by_ref().take(STREAMED_CHUNK).collect();
                    if chunk.is_empty() {
                        break;
                    }
                    let transactions = file.chunk(&chunk, catalog, diagnostics);
                    last = (chunk, transactions);
                }
                file.finish(&last.0, &last.1, diagnostics);
            }
        }
        catalog.end_session();
    }
}

/// Statements of a streamed file replayed at a time.
const STREAMED_CHUNK: usize = 4096;

/// One migration file being replayed.
struct FileReplay<'a> {
    history: &'a History<'a>,
    rules: &'a [&'a dyn Rule],
    migration: &'a Migration,
    source: &'a SourceFile,
    file: FileId,
    server_version: ServerVersion,
    options: ReplayOptions,
    statement_count: usize,
    /// Set at the first chunk, when any rule runs.
    tracker: Option<Tracker>,
}

impl FileReplay<'_> {
    /// How the runner delivers this file: read once, from its first chunk.
    fn delivery(&self, first_chunk: &[Statement]) -> FileDelivery {
        let history = self.history;
        let project = history.project;
        if project.tool == Tool::Flyway
            && history.config.transaction == TransactionMode::Auto
            && transaction::flyway_non_transactional(first_chunk)
        {
            return FileDelivery {
                delivery: Delivery::Statements,
                reason:
                    "Flyway runs a file of only non-transactional statements without a transaction"
                        .to_owned(),
            };
        }
        // dbmate's options sit on the `-- migrate:up` line before the section.
        let header = self
            .migration
            .up_section
            .and_then(|s| self.source.text.get(..s.start as usize))
            .and_then(|before| before.trim_end_matches(['\r', '\n']).rsplit('\n').next())
            .unwrap_or("");
        file_delivery(
            project.tool,
            project.dialect,
            history.config.transaction,
            &self.migration.path,
            &self.source.text,
            header,
        )
    }

    /// Replays `statements`: statement rules before each, replay rules after.
    /// Returns the transaction of each statement.
    fn chunk(
        &mut self,
        statements: &[Statement],
        catalog: &mut Catalog,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<TransactionState> {
        let history = self.history;
        let project = history.project;
        let transactions: Vec<TransactionState> = if self.rules.is_empty() {
            Vec::new()
        } else {
            if self.tracker.is_none() {
                let delivery = self.delivery(statements);
                self.tracker = Some(Tracker::new(delivery, self.statement_count));
            }
            match &mut self.tracker {
                Some(tracker) => statements.iter().map(|s| tracker.next(s)).collect(),
                None => Vec::new(),
            }
        };
        for (index, statement) in statements.iter().enumerate() {
            if let Some(transaction) = transactions.get(index) {
                let cx = StatementContext {
                    project,
                    migration: self.migration,
                    file: self.file,
                    source: self.source,
                    statement,
                    catalog,
                    statements,
                    index,
                    transaction,
                    transactions: &transactions,
                    server_version: self.server_version,
                    model: history.model,
                    partial: matches!(history.reading, Reading::Partial { .. }),
                };
                for rule in self.rules {
                    let mut out = Findings::in_file(rule.meta(), self.file, diagnostics);
                    rule.check_statement(&cx, &mut out);
                }
            }
            let at = Origin {
                file: self.file,
                span: statement.span,
            };
            let events = catalog.apply(&statement.change, at, self.options);
            let cx = ReplayContext {
                project,
                file: self.file,
                source: self.source,
                statement,
                events: &events,
            };
            for rule in self.rules {
                let mut out = Findings::in_file(rule.meta(), self.file, diagnostics);
                rule.check_replay(&cx, &mut out);
            }
        }
        transactions
    }

    /// File rules, once the file ran (`statements` is its last chunk).
    fn finish(
        &self,
        statements: &[Statement],
        transactions: &[TransactionState],
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let cx = FileContext {
            project: self.history.project,
            migration: self.migration,
            file: self.file,
            source: self.source,
            statements,
            transactions,
            open_transaction: self.tracker.as_ref().and_then(Tracker::open_transaction),
        };
        for rule in self.rules {
            let mut out = Findings::in_file(rule.meta(), self.file, diagnostics);
            rule.check_file(&cx, &mut out);
        }
    }
}

/// Drops the findings inline suppressions cover, then lets the rules report
/// the suppressions that covered nothing.
pub(crate) fn apply_suppressions(
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
            // Split only for a file with a directive that needs the spans.
            let spans = std::cell::OnceCell::new();
            let spans =
                || -> &[Span] { spans.get_or_init(|| migration.statement_spans(sources, project)) };
            add(suppression::scan_with(migration.file, source, &spans));
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
        rule.check_suppressions(&cx, &mut Findings::new(rule.meta(), diagnostics));
    }
}

/// Reads the project's model files into the source map and reads them with
/// their kind's reader: `None` when there is no model (or it cannot be read:
/// drift against part of a model would be wrong), the errors when it does
/// not parse.
pub(crate) fn load_model(
    project: &Project,
    paths: &[PathBuf],
    (cwd, buffers): (&Path, &Buffers),
    sources: &mut SourceMap,
    unreadable: &mut Vec<Unreadable>,
) -> (Vec<FileId>, Option<Result<LoadedModel, Vec<ModelError>>>) {
    let Some(kind) = model::kind_of(project, paths) else {
        return (Vec::new(), None);
    };
    let mut files = Vec::new();
    let mut readable = true;
    for path in paths {
        let (file, problem) = load_file(path, cwd, buffers, sources, UnreadableKind::Model);
        files.push(file);
        if let Some(problem) = problem {
            readable = false;
            unreadable.push(problem);
        }
    }
    if files.is_empty() || !readable {
        return (files, None);
    }
    let loaded = model::read(kind, project, &files, sources)
        .map_err(|errors| in_model_files(errors, &files));
    (files, Some(loaded))
}

/// Model errors placed in the model: one the reader could not place (an
/// empty schema has nothing to point at) goes to the start of the first
/// model file, never to a migration.
fn in_model_files(mut errors: Vec<ModelError>, files: &[FileId]) -> Vec<ModelError> {
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
        &History {
            project,
            migrations: &migrations,
            sources: &sources,
            reading: &reading,
            config,
            model: None,
        },
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
pub(crate) fn load_and_parse(
    project: &Project,
    cwd: &Path,
    buffers: &Buffers,
    sources: &mut SourceMap,
    unreadable: &mut Vec<Unreadable>,
) -> Vec<ParsedMigration> {
    // Read in parallel (a long history is mostly file reads), added in order.
    let read: Vec<ReadFile> = project
        .migrations
        .par_iter()
        .map(|migration| read_file(&migration.path, cwd, buffers))
        .collect();
    let mut loaded = Vec::with_capacity(project.migrations.len());
    for ((index, migration), read) in project.migrations.iter().enumerate().zip(read) {
        let (file, problem) = add_file(read, sources, UnreadableKind::Migration);
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
        .into_iter()
        .filter_map(|(index, file, section)| {
            sources.get(file)?;
            Some(ParsedMigration {
                index,
                file,
                section,
                statements: OnceLock::new(),
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
    add_file(read_file(path, cwd, buffers), sources, kind)
}

/// A file read, not yet in the source map.
struct ReadFile {
    source: SourceFile,
    /// Where and why it could not be read or decoded, and whether it was
    /// read lossily.
    problem: Option<(Span, String, bool)>,
}

/// Reads `path` (or its unsaved buffer); safe to run in parallel.
fn read_file(path: &Path, cwd: &Path, buffers: &Buffers) -> ReadFile {
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
    ReadFile {
        source: SourceFile::new(path.to_path_buf(), display, text),
        problem,
    }
}

/// Adds a file read to the source map.
fn add_file(
    read: ReadFile,
    sources: &mut SourceMap,
    kind: UnreadableKind,
) -> (FileId, Option<Unreadable>) {
    let ReadFile { source, problem } = read;
    let file = sources.add(source);
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
pub(crate) enum Reading {
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
pub(crate) fn read_as(
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
    first.each_statement(sources, project, &mut |statement| {
        let at = Origin {
            file: first.file,
            span: statement.span,
        };
        scratch.apply(&statement.change, at, options);
        ControlFlow::Continue(())
    });
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
pub(crate) fn empty_catalog(project: &Project) -> Catalog {
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
pub(crate) fn sort_diagnostics(diagnostics: &mut [Diagnostic], sources: &SourceMap) {
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
