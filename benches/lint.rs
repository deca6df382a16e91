//! How fast the library pipeline lints real migration histories.
//!
//! `cargo bench --bench lint` measures, per case:
//! - `pipeline`: discovery + load + parse + replay + drift + rules, as `miglint check` runs them;
//! - `discover`: discovery alone (walking the tree, ordering the files);
//! - `parse`: splitting and parsing the already loaded files, one thread;
//! - `replay`: applying the already parsed statements to a fresh catalog;
//! - `drift`: reading the Prisma models and comparing them with the replayed catalogs.
//!
//! Cases come from the shared corpus (`MIGLINT_CORPUS`, else `../shared/corpus`
//! beside the checkout): trigger-dev's 820 Prisma migrations and every corpus
//! together. Without the corpus the bench says so and measures `examples/incident`.
//! Two synthetic Prisma histories of 1,000 and 10,000 one-statement migrations
//! (`miglint_testing::synthetic`) are measured in every case; larger sizes are
//! measured by `benches/scaling.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use miglint_catalog::{Catalog, Origin, ReplayOptions};
use miglint_engine::{Config, lint, replay};
use miglint_project::{Overrides, Project, Tool, discover};
use miglint_source::{Dialect, FileId, Span};
use miglint_syntax::{ParsedFile, parse_range};

const TRIGGER_DEV: &str = "trigger-dev/internal-packages/database/prisma";

/// One history (or set of histories) to measure, discovered once up front.
struct Case {
    name: &'static str,
    path: PathBuf,
    projects: Vec<Project>,
    /// Every migration's text, its up section and its project's dialect.
    files: Vec<(String, Span, Dialect)>,
    /// The generated project's folder, removed when the case is dropped.
    _scratch: Option<miglint_testing::TempDir>,
}

impl Case {
    fn new(name: &'static str, path: PathBuf) -> Self {
        let projects = discover(std::slice::from_ref(&path), &Overrides::default())
            .unwrap_or_else(|e| panic!("discovery failed for {}: {e}", path.display()));
        assert!(!projects.is_empty(), "no project at {}", path.display());
        let files = projects
            .iter()
            .flat_map(|project| {
                project.migrations.iter().map(|migration| {
                    let text = std::fs::read_to_string(&migration.path).unwrap_or_else(|_| {
                        String::from_utf8_lossy(&std::fs::read(&migration.path).unwrap())
                            .into_owned()
                    });
                    let section = migration
                        .up_section
                        .unwrap_or(Span::from_range(0..text.len()));
                    (text, section, project.dialect)
                })
            })
            .collect();
        Self {
            name,
            path,
            projects,
            files,
            _scratch: None,
        }
    }

    /// A synthetic Prisma history of `n` migrations in a scratch folder.
    fn synthetic(name: &'static str, n: usize) -> Self {
        let scratch = miglint_testing::TempDir::new(name).unwrap();
        miglint_testing::synthetic::write_prisma_history(scratch.path(), n).unwrap();
        let mut case = Self::new(name, scratch.path().to_path_buf());
        case._scratch = Some(scratch);
        case
    }

    fn migrations(&self) -> u64 {
        self.files.len() as u64
    }
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Vec<Case> {
    // Without the corpus, say so and measure the incident example only.
    let mut cases = match miglint_testing::corpus("lint bench (measuring examples/incident only)") {
        Some(corpus) => vec![
            Case::new("trigger-dev", corpus.join(TRIGGER_DEV)),
            Case::new("all-corpora", corpus),
        ],
        None => vec![Case::new("incident", repo_root().join("examples/incident"))],
    };
    cases.push(Case::synthetic("synthetic-1k", 1_000));
    cases.push(Case::synthetic("synthetic-10k", 10_000));
    cases
}

fn benches(c: &mut Criterion) {
    let cases = cases();
    let cwd = std::env::current_dir().unwrap_or_else(|_| repo_root());
    let config = Config::default();

    let mut group = c.benchmark_group("pipeline");
    // A run of all corpora takes over 100 ms: one iteration per sample.
    group.sampling_mode(SamplingMode::Flat);
    for case in &cases {
        group.throughput(Throughput::Elements(case.migrations()));
        group.bench_function(case.name, |b| {
            b.iter(|| {
                let projects = discover(std::slice::from_ref(&case.path), &Overrides::default())
                    .unwrap_or_default();
                let run = lint(&projects, miglint_rules::RULES, &config, &cwd);
                black_box(run.report.diagnostics.len())
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("discover");
    for case in &cases {
        group.throughput(Throughput::Elements(case.migrations()));
        group.bench_function(case.name, |b| {
            b.iter(|| discover(std::slice::from_ref(&case.path), &Overrides::default()));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse");
    for case in &cases {
        group.throughput(Throughput::Bytes(
            case.files.iter().map(|(text, ..)| text.len() as u64).sum(),
        ));
        group.bench_function(case.name, |b| {
            b.iter(|| {
                case.files
                    .iter()
                    .map(|(text, section, dialect)| {
                        parse_range(text, *section, *dialect).statements.len()
                    })
                    .sum::<usize>()
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("replay");
    for case in &cases {
        let histories = parsed_histories(case, &config, &cwd);
        let statements: usize = histories
            .iter()
            .flat_map(|h| &h.files)
            .map(|f| f.statements.len())
            .sum();
        group.throughput(Throughput::Elements(statements as u64));
        group.bench_function(case.name, |b| {
            b.iter(|| {
                histories
                    .iter()
                    .map(|history| {
                        let catalog = replay_history(history);
                        catalog.tables_in(&catalog.default_schema).count()
                    })
                    .sum::<usize>()
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("drift");
    for case in &cases {
        let models = prisma_models(case, &config, &cwd);
        if models.is_empty() {
            continue;
        }
        group.bench_function(case.name, |b| {
            b.iter(|| {
                models
                    .iter()
                    .map(|(texts, catalog)| drift_count(texts, catalog))
                    .sum::<usize>()
            });
        });
    }
    group.finish();
}

/// One project's parsed migrations, in the order the tool applies them.
struct ParsedHistory {
    dialect: Dialect,
    partial: bool,
    files: Vec<ParsedFile>,
}

fn parsed_histories(case: &Case, config: &Config, cwd: &Path) -> Vec<ParsedHistory> {
    let mut texts = case.files.iter();
    case.projects
        .iter()
        .map(|project| {
            let files = texts
                .by_ref()
                .take(project.migrations.len())
                .map(|(text, section, dialect)| parse_range(text, *section, *dialect))
                .collect();
            ParsedHistory {
                dialect: project.dialect,
                partial: replay(project, config, cwd).partial,
                files,
            }
        })
        .collect()
}

fn replay_history(history: &ParsedHistory) -> Catalog {
    let options = ReplayOptions {
        assume_missing_tables: history.partial,
    };
    let mut catalog = Catalog::new(history.dialect);
    for (index, file) in history.files.iter().enumerate() {
        let id = FileId(u32::try_from(index).unwrap_or(u32::MAX));
        for statement in &file.statements {
            let at = Origin {
                file: id,
                span: statement.span,
            };
            black_box(catalog.apply(&statement.change, at, options));
        }
    }
    catalog
}

/// Each Prisma project's model texts with its replayed catalog.
fn prisma_models(case: &Case, config: &Config, cwd: &Path) -> Vec<(Vec<String>, Catalog)> {
    case.projects
        .iter()
        .filter(|project| project.tool == Tool::Prisma && !project.model.is_empty())
        .map(|project| {
            let texts = project
                .model
                .iter()
                .map(|path| std::fs::read_to_string(path).unwrap())
                .collect();
            (texts, replay(project, config, cwd).catalog)
        })
        .collect()
}

fn drift_count(texts: &[String], catalog: &Catalog) -> usize {
    let files: Vec<(FileId, &str)> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), text.as_str()))
        .collect();
    miglint_prisma::read_model(&files)
        .map(|(expected, fixes)| miglint_model::compare(&expected, catalog, &fixes).len())
        .unwrap_or(0)
}

criterion_group! {
    name = lint_benches;
    // Small samples: `cargo bench` must finish in a few minutes on 2 cores.
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = benches
}
criterion_main!(lint_benches);
