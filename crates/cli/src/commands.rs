//! The three commands: check, rules, explain.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use miglint_diagnostics::{Format, RenderOptions, RuleMeta, Severity, render};
use miglint_engine::{Config, lint};
use miglint_project::{Overrides, discover_all};

use crate::args::{CheckArgs, Cli, Command, ListFormat, OutputFormat};
use crate::changed::changed_files;
use crate::exit;

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { format } => list_rules(format),
        Command::Explain { rule } => explain(&rule),
        Command::Schema(args) => crate::schema::run(&args),
    }
}

/// Prints `miglint: error: …` to stderr and returns the failure exit code.
pub(crate) fn fail(message: impl std::fmt::Display) -> u8 {
    eprintln!("miglint: error: {message}");
    exit::FAILURE
}

fn check(args: &CheckArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let registry = miglint_rules::all_meta();

    for (flag, names) in [("--select", &args.select), ("--ignore", &args.ignore)] {
        if let Err(message) = check_rule_names(flag, names, &registry) {
            return fail(message);
        }
    }
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
    let projects = match discover_all(&args.paths, &overrides) {
        Ok(found) => {
            for skipped in &found.skipped {
                eprintln!(
                    "miglint: notice: {}: folder skipped, it cannot be read ({})",
                    skipped.path.display(),
                    skipped.message
                );
            }
            found.projects
        }
        Err(error) => return fail(error),
    };
    if projects.is_empty() {
        let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        let paths = paths.join(", ");
        return fail(match overrides.tool {
            Some(tool) => format!(
                "no {tool} migrations found in {paths} (its layout: {})",
                tool_layout(tool)
            ),
            None => {
                format!("no migrations found in {paths} (use --tool to say which tool runs them)")
            }
        });
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
    if let Err(error) = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A report cut short (full disk, closed pipe) must not pass for a clean run.
        return fail(format!(
            "cannot write the report to standard output: {error}"
        ));
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

/// Every name given to `--select`/`--ignore` is a rule id, a category or `all`.
fn check_rule_names(
    flag: &str,
    names: &[String],
    registry: &[&'static RuleMeta],
) -> Result<(), String> {
    for name in names {
        if name.trim().is_empty() {
            return Err(format!(
                "{flag}: empty rule name; give rule ids or categories separated by commas"
            ));
        }
        let known = name == "all"
            || registry
                .iter()
                .any(|r| r.id == name.as_str() || r.category.as_str() == name.as_str());
        if !known {
            let hint = closest_rule(name, registry)
                .map_or_else(String::new, |close| format!("; did you mean `{close}`?"));
            return Err(format!(
                "{flag}: unknown rule or category `{name}`{hint} (`miglint rules` lists them)"
            ));
        }
    }
    Ok(())
}

/// The rule id or category nearest to `name`, if it is a likely typo.
fn closest_rule(name: &str, registry: &[&'static RuleMeta]) -> Option<&'static str> {
    registry
        .iter()
        .flat_map(|r| [r.id, r.category.as_str()])
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute =
                previous.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != *cb);
            let delete = previous
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let insert = current
                .get(j)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or_default()
}

/// Where a tool keeps its migrations, for the message when none were found.
fn tool_layout(tool: miglint_project::Tool) -> &'static str {
    use miglint_project::Tool;
    match tool {
        Tool::Prisma => "`migrations/<name>/migration.sql` beside a Prisma schema",
        Tool::Sqlx => "`<version>_<description>.sql` files",
        Tool::Diesel => "`<version>_<name>/up.sql` folders",
        Tool::GolangMigrate => "`<version>_<title>.up.sql` files",
        Tool::Goose => "`<version>_<name>.sql` files",
        Tool::Flyway => "`V<version>__<description>.sql` files",
        Tool::Dbmate => "`<digits>_<name>.sql` files",
        Tool::Supabase => "`supabase/migrations/<timestamp>_<name>.sql` files",
        Tool::Drizzle => "`<index>_<name>.sql` files with `meta/_journal.json`",
        Tool::Atlas => "`.sql` files with `atlas.sum`",
        Tool::Plain => "a folder of `.sql` files",
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
