//! The three commands: check, rules, explain.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use miglint_diagnostics::{Format, RenderOptions, RuleMeta, Severity, render};
use miglint_engine::{Config, lint};
use miglint_project::{Overrides, discover};

use crate::args::{CheckArgs, Cli, Command, ListFormat, OutputFormat};
use crate::changed::changed_files;
use crate::exit;

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
    }
}

/// Prints `miglint: error: …` to stderr and returns the failure exit code.
fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("miglint: error: {message}");
    exit::FAILURE
}

fn check(args: &CheckArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let registry = miglint_rules::all_meta();

    let config = match load_config(args) {
        Ok(config) => config,
        Err(message) => return fail(message),
    };
    if let Err(error) = config.validate(&registry) {
        return fail(error);
    }

    let overrides = match overrides(args) {
        Ok(overrides) => overrides,
        Err(message) => return fail(message),
    };
    let projects = match discover(&args.paths, &overrides) {
        Ok(projects) => projects,
        Err(error) => return fail(error),
    };
    if projects.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        return fail(format!(
            "no migrations found in {} (use --tool to say which tool runs them)",
            paths.join(", ")
        ));
    }

    let changed = match &args.changed_since {
        Some(reference) => match changed_files(reference, &cwd) {
            Ok(changed) => Some(changed),
            Err(message) => return fail(message),
        },
        None => None,
    };

    let mut run = lint(&projects, miglint_rules::RULES, &config, &cwd);
    if let Some(changed) = &changed {
        let sources = &run.sources;
        run.report.diagnostics.retain(|d| {
            d.category == miglint_diagnostics::Category::Drift
                || sources
                    .get(d.file)
                    .and_then(|f| std::fs::canonicalize(&f.path).ok())
                    .is_some_and(|path| changed.contains(&path))
        });
    }

    let options = RenderOptions {
        color: args.format == OutputFormat::Human && use_color(),
        width: terminal_width(),
        tool_version: env!("CARGO_PKG_VERSION"),
    };
    let output = render(
        format(args.format),
        &run.report,
        &run.sources,
        &rules_meta(&registry),
        &options,
    );
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // A closed pipe (`miglint | head`) is not miglint's failure to report.
        return exit::FAILURE;
    }

    for error in &run.errors {
        eprintln!("miglint: error: {error}");
    }
    let summary = run.report.summary();
    if !run.errors.is_empty() {
        exit::FAILURE
    } else if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

fn load_config(args: &CheckArgs) -> Result<Config, String> {
    let path = match &args.config {
        Some(path) => Some(path.clone()),
        None => args.paths.first().and_then(|p| Config::find(p)),
    };
    let mut config = match path {
        Some(path) => Config::load(&path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if !args.select.is_empty() {
        config.rules.select = args.select.clone();
    }
    config.rules.ignore.extend(args.ignore.iter().cloned());
    if let Some(schema) = &args.schema {
        config.model = Some(schema.clone());
    }
    Ok(config)
}

fn overrides(args: &CheckArgs) -> Result<Overrides, String> {
    Ok(Overrides {
        tool: args.tool.as_deref().map(str::parse).transpose()?,
        dialect: args.dialect.as_deref().map(str::parse).transpose()?,
    })
}

fn format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
        OutputFormat::Gcc => Format::Gcc,
        OutputFormat::Github => Format::Github,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Gitlab => Format::Gitlab,
    }
}

fn rules_meta(registry: &[&'static RuleMeta]) -> Vec<RuleMeta> {
    registry.iter().map(|meta| **meta).collect()
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

fn list_rules(format: ListFormat) -> u8 {
    let registry = miglint_rules::all_meta();
    let output = match format {
        ListFormat::Json => {
            let rules: Vec<_> = registry
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "category": r.category.as_str(),
                        "severity": r.default_severity.as_str(),
                        "summary": r.summary,
                    })
                })
                .collect();
            format!("{:#}\n", serde_json::Value::Array(rules))
        }
        ListFormat::Human => {
            let width = registry.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for r in &registry {
                out.push_str(&format!(
                    "{:width$}  {:11}  {:7}  {}\n",
                    r.id,
                    r.category.as_str(),
                    r.default_severity.as_str(),
                    r.summary,
                ));
            }
            out
        }
    };
    print!("{output}");
    exit::CLEAN
}

fn explain(id: &str) -> u8 {
    let Some(rule) = miglint_rules::find(id) else {
        let close: Vec<&str> = miglint_rules::all_meta()
            .iter()
            .map(|r| r.id)
            .filter(|candidate| candidate.contains(id) || id.contains(candidate))
            .collect();
        let hint = if close.is_empty() {
            "; `miglint rules` lists them".to_owned()
        } else {
            format!("; did you mean {}?", close.join(", "))
        };
        return fail(format!("no rule named `{id}`{hint}"));
    };
    let meta = rule.meta();
    let severity = match meta.default_severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    println!("# {}\n", meta.id);
    println!("{}\n", meta.summary);
    println!(
        "Category: {} · default severity: {severity}\n",
        meta.category.as_str()
    );
    print!("{}", meta.documentation());
    exit::CLEAN
}
