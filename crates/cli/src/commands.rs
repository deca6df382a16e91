//! The three commands: check, rules, explain.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use miglint_diagnostics::{Format, RenderOptions, RuleMeta, Severity, render};
use miglint_engine::{Config, HistoryBase, LintRun, RunInputs, lint_with};
use miglint_project::{Overrides, Project, discover_all};
use miglint_source::display_path;

use crate::args::{CheckArgs, Cli, Command, ListFormat, OutputFormat};
use crate::baseline;
use crate::changed::{Base, changed_files, default_base, files_at_base, resolve_ref};
use crate::exit;
use crate::setup;

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Rules { format } => list_rules(format),
        Command::Verify(args) => crate::verify::verify(&args),
        Command::Explain { rule } => explain(&rule),
        Command::Init { force } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            setup::init(&cwd, force)
        }
        Command::Completions { shell } => setup::completions(shell),
        Command::Man => setup::man(),
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
        Err(message) => return fail_in(args.format, message),
    };
    if let Err(error) = config.validate(&registry) {
        return fail_in(args.format, error);
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
            if args.verbose {
                for folder in &found.not_histories {
                    eprintln!(
                        "miglint: note: {}: .sql files skipped, the folder does not look like a \
                         migration history (name it `migrations`, number its files, or give it \
                         as the path)",
                        display_path(folder, &cwd)
                    );
                }
            }
            found.projects
        }
        Err(error) => return fail(with_command_hint(&error)),
    };
    let projects = match filter_projects(projects, &config, &cwd, args.verbose) {
        Ok(projects) => projects,
        Err(message) => return fail(message),
    };
    let (projects, stdin) = match &args.stdin_filename {
        None => (projects, None),
        Some(name) => match stdin_project(name, projects, &cwd) {
            Ok((projects, buffer)) => (projects, Some(buffer)),
            Err(message) => return fail(message),
        },
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

    let explicit = match &args.changed_since {
        Some(reference) => match resolve_ref(reference, &cwd) {
            Ok(base) => Some(base),
            Err(message) => return fail_in(args.format, message),
        },
        None => None,
    };
    let changed = match &explicit {
        Some(base) => match changed_files(base) {
            Ok(changed) => Some(changed),
            Err(message) => return fail_in(args.format, message),
        },
        None => None,
    };
    let (bases, notices) = history_bases(&projects, explicit.as_ref(), &config, &registry);

    let inputs = RunInputs {
        bases,
        buffers: stdin.iter().cloned().collect(),
    };
    let mut run = lint_with(&projects, miglint_rules::RULES, &config, &cwd, &inputs);
    if let Some((path, _)) = &stdin {
        // The editor asked about its buffer: findings in other files are not its.
        let sources = &run.sources;
        run.report
            .diagnostics
            .retain(|d| sources.get(d.file).is_some_and(|f| &f.path == path));
    }
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

    if let Some(path) = &args.write_baseline {
        return match baseline::write(path, &run.report, &run.sources) {
            Ok(count) => {
                eprintln!(
                    "miglint: wrote {count} finding{} to the baseline {}",
                    if count == 1 { "" } else { "s" },
                    path.display()
                );
                for error in &run.errors {
                    eprintln!("miglint: error: {error}");
                }
                if run.errors.is_empty() {
                    exit::CLEAN
                } else {
                    exit::FAILURE
                }
            }
            Err(message) => fail(message),
        };
    }
    if let Some(path) = args.baseline.as_ref().or(config.baseline.as_ref())
        && let Err(message) = baseline::apply(path, &mut run.report, &run.sources)
    {
        return fail_in(args.format, message);
    }

    if let Err(code) = print_report(args.format, &run, &registry, config.docs_url.as_deref()) {
        return code;
    }

    for notice in notices {
        eprintln!("miglint: notice: {notice}");
    }
    let code = exit_code(&run, args.deny_warnings);
    // The process exits next: freeing a long history's sources, findings
    // and migrations one allocation at a time would only cost time.
    std::mem::forget(run);
    std::mem::forget(projects);
    code
}

/// Prints the report on standard output in `output_format`. A report cut
/// short (full disk, closed pipe) must not pass for a clean run: the exit
/// code of the failure is returned instead.
pub(crate) fn print_report(
    output_format: OutputFormat,
    run: &LintRun,
    registry: &[&'static RuleMeta],
    docs_url: Option<&str>,
) -> Result<(), u8> {
    let options = RenderOptions {
        color: output_format == OutputFormat::Human && use_color(),
        width: terminal_width(),
        tool_version: env!("CARGO_PKG_VERSION"),
        docs_url: docs_url.map(str::to_owned),
    };
    let output = render(
        format(output_format),
        &run.report,
        &run.sources,
        &rules_meta(registry),
        &options,
    );
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|error| {
            fail(format!(
                "cannot write the report to standard output: {error}"
            ))
        })
}

/// Reports the run's errors on stderr; the exit code the findings call for.
pub(crate) fn exit_code(run: &LintRun, deny_warnings: bool) -> u8 {
    for error in &run.errors {
        eprintln!("miglint: error: {error}");
    }
    let summary = run.report.summary();
    if !run.errors.is_empty() {
        exit::FAILURE
    } else if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        exit::FINDINGS
    } else {
        exit::CLEAN
    }
}

/// A path that does not exist but reads like a command (`miglint version`,
/// `miglint chek`): say which command was probably meant.
fn with_command_hint(error: &miglint_project::DiscoveryError) -> String {
    let word = error.path.to_string_lossy();
    let missing = !error.path.exists() && error.path.components().count() == 1;
    let hint = match word.as_ref() {
        _ if !missing => None,
        "version" => Some("`miglint --version` prints the version".to_owned()),
        word => crate::args::SUBCOMMANDS
            .iter()
            .find(|command| edit_distance(word, command) <= 2)
            .map(|command| format!("did you mean `miglint {command}`?")),
    };
    match hint {
        Some(hint) => format!("{error} ({hint})"),
        None => error.to_string(),
    }
}

/// `--stdin-filename PATH`: standard input is the text of PATH. The project
/// that holds PATH is linted with that text in its place (the history before
/// it is replayed); a new file in a project's folder is its newest
/// migration; a file of no project is linted on its own.
fn stdin_project(
    name: &std::path::Path,
    projects: Vec<Project>,
    cwd: &std::path::Path,
) -> Result<(Vec<Project>, (PathBuf, String)), String> {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
        .map_err(|e| format!("--stdin-filename: cannot read standard input as UTF-8 text: {e}"))?;
    let given = cwd.join(name);
    let path = std::fs::canonicalize(&given).unwrap_or_else(|_| {
        // A new file: its folder exists, the file not yet.
        match (given.parent(), given.file_name()) {
            (Some(dir), Some(file)) => std::fs::canonicalize(dir)
                .map(|dir| dir.join(file))
                .unwrap_or_else(|_| given.clone()),
            _ => given.clone(),
        }
    });
    let mut projects = projects;
    let owner = projects
        .iter()
        .position(|p| p.migrations.iter().any(|m| m.path == path) || p.model.contains(&path))
        .or_else(|| {
            // A new migration, not saved yet: it comes after the project's others.
            let position = projects.iter().position(|p| {
                !p.single_file && path.ancestors().skip(1).take(2).any(|a| a == p.root)
            })?;
            let project = projects.get_mut(position)?;
            let name = match project.tool {
                miglint_project::Tool::Prisma | miglint_project::Tool::Diesel => path
                    .parent()
                    .and_then(|dir| dir.file_name())
                    .map(|n| n.to_string_lossy().into_owned()),
                _ => path.file_stem().map(|s| s.to_string_lossy().into_owned()),
            };
            project.migrations.push(miglint_project::Migration {
                name: name.unwrap_or_default(),
                path: path.clone(),
                up_section: None,
            });
            Some(position)
        });
    let project = match owner {
        Some(index) => {
            let mut project = projects.swap_remove(index);
            // The buffer's own up section (dbmate, goose), not the saved file's.
            let tool = project.tool;
            for migration in project.migrations.iter_mut().filter(|m| m.path == path) {
                migration.up_section = miglint_project::up_section(tool, &text);
            }
            project
        }
        None => Project {
            root: path.clone(),
            tool: miglint_project::Tool::Plain,
            dialect: miglint_source::Dialect::Postgres,
            dialect_source: "default".to_owned(),
            migrations: vec![miglint_project::Migration {
                name: path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                path: path.clone(),
                up_section: None,
            }],
            model: Vec::new(),
            ignored_files: Vec::new(),
            single_file: true,
        },
    };
    Ok((vec![project], (path, text)))
}

/// [`fail`], also as a GitHub annotation under `--format github`, so that a
/// CI run shows why it stopped.
fn fail_in(format: OutputFormat, message: impl std::fmt::Display) -> u8 {
    if format == OutputFormat::Github {
        let data = message
            .to_string()
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A");
        println!("::error title=miglint::{data}");
    }
    fail(message)
}

/// The projects `include`/`exclude` in miglint.toml let through (globs
/// relative to the configuration's folder): a project is included when its
/// folder or one of its migrations matches `include` (or `include` is empty),
/// and excluded when its folder or every migration matches `exclude`.
fn filter_projects(
    projects: Vec<Project>,
    config: &Config,
    cwd: &std::path::Path,
    verbose: bool,
) -> Result<Vec<Project>, String> {
    if config.include.is_empty() && config.exclude.is_empty() {
        return Ok(projects);
    }
    let base = config
        .path
        .as_ref()
        .and_then(|p| p.parent())
        .map_or_else(|| cwd.to_path_buf(), std::path::Path::to_path_buf);
    let base = std::fs::canonicalize(&base).unwrap_or(base);
    let set = |key: &str, globs: &[String]| -> Result<globset::GlobSet, String> {
        let mut builder = globset::GlobSetBuilder::new();
        for glob in globs {
            let glob = globset::GlobBuilder::new(glob)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("miglint.toml: `{key}`: {e}"))?;
            builder.add(glob);
        }
        builder
            .build()
            .map_err(|e| format!("miglint.toml: `{key}`: {e}"))
    };
    let include = set("include", &config.include)?;
    let exclude = set("exclude", &config.exclude)?;
    let relative = |path: &std::path::Path| -> PathBuf {
        path.strip_prefix(&base).unwrap_or(path).to_path_buf()
    };
    Ok(projects
        .into_iter()
        .filter(|project| {
            let root = relative(&project.root);
            let files: Vec<PathBuf> = project
                .migrations
                .iter()
                .map(|m| relative(&m.path))
                .collect();
            let included = config.include.is_empty()
                || include.is_match(&root)
                || files.iter().any(|f| include.is_match(f));
            let excluded = exclude.is_match(&root)
                || (!files.is_empty() && files.iter().all(|f| exclude.is_match(f)));
            let kept = included && !excluded;
            if !kept && verbose {
                eprintln!(
                    "miglint: note: {}: left out by `{}` in miglint.toml",
                    display_path(&project.root, cwd),
                    if included { "exclude" } else { "include" }
                );
            }
            kept
        })
        .collect())
}

/// The rules that compare the history with a git base.
const GIT_RULES: [&str; 2] = ["migration-edited", "migration-out-of-order"];

/// Each project's files at its git base, when a rule needs them: the merge
/// base with `--changed-since`'s ref, else with the default branch. Outside
/// git, or when git cannot say, those rules are skipped with a notice.
fn history_bases(
    projects: &[Project],
    explicit: Option<&Base>,
    config: &Config,
    registry: &[&'static RuleMeta],
) -> (HashMap<PathBuf, HistoryBase>, Vec<String>) {
    let mut bases = HashMap::new();
    let wanted = registry
        .iter()
        .any(|r| GIT_RULES.contains(&r.id) && config.rules.enables(r));
    if !wanted {
        return (bases, Vec::new());
    }
    let mut notices: Vec<String> = Vec::new();
    let mut defaults: HashMap<PathBuf, Option<Base>> = HashMap::new();
    for project in projects {
        let dir = if project.single_file {
            project.root.parent().unwrap_or(&project.root).to_path_buf()
        } else {
            project.root.clone()
        };
        let base = match explicit {
            Some(base) => Some(base.clone()),
            None => match defaults.get(&dir) {
                Some(found) => found.clone(),
                None => {
                    let found = match default_base(&dir) {
                        Ok(found) => found,
                        Err(message) => {
                            notices.push(format!("{}: {message}", dir.display()));
                            None
                        }
                    };
                    if found.is_none() && notices.is_empty() {
                        notices.push("not in a git repository".to_owned());
                    }
                    defaults.insert(dir, found.clone());
                    found
                }
            },
        };
        let Some(base) = base else { continue };
        match files_at_base(&base, &project.root) {
            Ok((existing, changed)) => {
                bases.insert(
                    project.root.clone(),
                    HistoryBase {
                        label: base.label.clone(),
                        existing,
                        changed,
                    },
                );
            }
            Err(message) => notices.push(message),
        }
    }
    notices.dedup();
    let skipped = GIT_RULES.join(" and ");
    let notices = notices
        .into_iter()
        .map(|notice| format!("{notice}; {skipped} skipped"))
        .collect();
    (bases, notices)
}

/// Every name given to `--select`/`--ignore` is a rule id, a category or `all`.
pub(crate) fn check_rule_names(
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

pub(crate) fn load_config(args: &CheckArgs) -> Result<Config, String> {
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

pub(crate) fn overrides(args: &CheckArgs) -> Result<Overrides, String> {
    Ok(Overrides {
        tool: args.tool.as_deref().map(str::parse).transpose()?,
        dialect: args.dialect.as_deref().map(str::parse).transpose()?,
    })
}

pub(crate) fn format(format: OutputFormat) -> Format {
    match format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
        OutputFormat::Gcc => Format::Gcc,
        OutputFormat::Github => Format::Github,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Gitlab => Format::Gitlab,
        OutputFormat::Markdown => Format::Markdown,
    }
}

pub(crate) fn rules_meta(registry: &[&'static RuleMeta]) -> Vec<RuleMeta> {
    registry.iter().map(|meta| **meta).collect()
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub(crate) fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

pub(crate) fn terminal_width() -> usize {
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
