//! The project's model: which reader reads it, and the declarative
//! `schema.sql` reader, which replays the file with the migrations' engine.

use std::path::{Path, PathBuf};

use miglint_catalog::names::{fold, qualified};
use miglint_catalog::{Catalog, Origin, ReplayOptions};
use miglint_model::{
    DeclaredSpans, ExpectedSchema, FixWriter, ModelError, ModelKind, ModelLocation, StandardFixes,
    from_catalog,
};
use miglint_project::{Project, Tool};
use miglint_source::{Dialect, FileId, SourceMap, Span};
use miglint_syntax::Statement;
use miglint_syntax::ir::{AlterTableOp, SchemaChange};
use rayon::prelude::*;

/// A model read and ready to compare.
pub(crate) struct LoadedModel {
    pub expected: ExpectedSchema,
    pub fixes: Box<dyn FixWriter + Send>,
}

/// The kind of model `paths` hold for `project`.
pub(crate) fn kind_of(project: &Project, paths: &[PathBuf]) -> Option<ModelKind> {
    let first = paths.first()?;
    let name = first.file_name()?.to_string_lossy();
    let extension = first
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    match extension.as_deref() {
        Some("prisma") => Some(ModelKind::Prisma),
        _ if project.tool == Tool::Prisma => Some(ModelKind::Prisma),
        Some("rs") => Some(ModelKind::Diesel),
        Some("json") if name.ends_with("_snapshot.json") => Some(ModelKind::Drizzle),
        Some("sql") => Some(ModelKind::SchemaSql),
        _ => None,
    }
}

/// Reads the model files (already in `sources`) with the reader of `kind`.
pub(crate) fn read(
    kind: ModelKind,
    project: &Project,
    files: &[FileId],
    sources: &SourceMap,
) -> Result<LoadedModel, Vec<ModelError>> {
    let texts: Vec<(FileId, &str)> = files
        .iter()
        .filter_map(|&id| sources.get(id).map(|f| (id, f.text.as_str())))
        .collect();
    let (first, text) = texts.first().copied().unwrap_or((FileId(0), ""));
    let error = |message: String| ModelError {
        kind,
        file: first,
        span: Span::new(0, 0),
        message,
    };
    match kind {
        ModelKind::Prisma => miglint_prisma::read_model(&texts)
            .map(|(expected, fixes)| LoadedModel {
                expected,
                fixes: Box::new(fixes),
            })
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|e| ModelError {
                        kind,
                        file: e.file,
                        span: e.span,
                        message: e.message,
                    })
                    .collect()
            }),
        ModelKind::Diesel => {
            let path = sources
                .get(first)
                .map(|f| f.path.clone())
                .unwrap_or_default();
            let config = diesel_config(&path);
            miglint_diesel::read(first, text, project.dialect, &config)
                .map(|expected| LoadedModel {
                    expected,
                    fixes: Box::new(miglint_diesel::DieselFixes),
                })
                .map_err(|errors| {
                    errors
                        .into_iter()
                        .map(|e| error_at(kind, first, e))
                        .collect()
                })
        }
        ModelKind::Drizzle => miglint_drizzle::read(first, text, project.dialect)
            .map(|expected| LoadedModel {
                expected,
                fixes: Box::new(miglint_drizzle::DrizzleFixes {
                    snapshot: sources
                        .get(first)
                        .map(|f| f.display_path.clone())
                        .unwrap_or_default(),
                }),
            })
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|e| error_at(kind, first, e))
                    .collect()
            }),
        ModelKind::SchemaSql => {
            if texts.is_empty() {
                return Err(vec![error("the schema file cannot be read".to_owned())]);
            }
            Ok(LoadedModel {
                expected: declared_schema(project.dialect, &texts),
                fixes: Box::new(StandardFixes),
            })
        }
    }
}

fn error_at(kind: ModelKind, file: FileId, (span, message): (Span, String)) -> ModelError {
    ModelError {
        kind,
        file,
        span,
        message,
    }
}

/// The `diesel.toml` that prints `schema_file`: the nearest one above it whose
/// `[print_schema] file` names it, else the nearest one.
fn diesel_config(schema_file: &Path) -> miglint_diesel::Config {
    let mut nearest = None;
    for dir in schema_file.ancestors().skip(1).take(6) {
        let path = dir.join("diesel.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let config = miglint_diesel::Config::from_toml(&text, dir, schema_file);
        if config.prints(schema_file) {
            return config;
        }
        nearest.get_or_insert(config);
    }
    nearest.unwrap_or_default()
}

/// Replays a declarative schema file into a catalog of its own and reads it
/// back as the expected schema, each table and column pointing at its
/// definition.
fn declared_schema(dialect: Dialect, texts: &[(FileId, &str)]) -> ExpectedSchema {
    let mut catalog = Catalog::new(dialect);
    let default_schema = catalog.default_schema.clone();
    let mut spans = DeclaredSpans::default();
    for &(file, text) in texts {
        // Parsed in parallel: a dump of a large schema is thousands of
        // statements, and the replay waits for them.
        let whole = Span::from_range(0..text.len());
        let statements: Vec<Statement> = miglint_syntax::split_statements(text, whole, dialect)
            .into_par_iter()
            .map(|span| miglint_syntax::statement_at(text, span, dialect))
            .collect();
        for statement in &statements {
            let at = |span: Span| ModelLocation { file, span };
            match &statement.change {
                SchemaChange::CreateTable { name, columns, .. } => {
                    let (schema, table) = qualified(name, dialect, &default_schema);
                    // A dump's `CREATE TABLE sqlite_sequence(name,seq);` lists
                    // an internal table the database makes and forbids creating.
                    if catalog.is_external(&schema, &table) {
                        continue;
                    }
                    spans
                        .tables
                        .entry((schema.clone(), table.clone()))
                        .or_insert(at(Span::new(statement.span.start, name.span.end)));
                    for column in columns {
                        spans.columns.insert(
                            (schema.clone(), table.clone(), fold(&column.name, dialect)),
                            at(column.span),
                        );
                    }
                }
                SchemaChange::AlterTable { name, actions, .. } => {
                    let (schema, table) = qualified(name, dialect, &default_schema);
                    for action in actions {
                        if let AlterTableOp::AddColumn { column, .. } = &action.op {
                            spans.columns.insert(
                                (schema.clone(), table.clone(), fold(&column.name, dialect)),
                                at(column.span),
                            );
                        }
                    }
                }
                _ => {}
            }
            let origin = Origin {
                file,
                span: statement.span,
            };
            catalog.apply(&statement.change, origin, ReplayOptions::default());
        }
        catalog.end_session();
    }
    from_catalog(&catalog, &spans)
}
