use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "miglint",
    version,
    about = "Lint database migration histories: replay them, compare them with the model, flag unsafe changes",
    after_help = "`miglint PATH…` is short for `miglint check PATH…`."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint the migration projects below PATH (the default command).
    Check(Box<CheckArgs>),
    /// List every rule: id, category, default severity, summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Compare a live database with the history and the model (read-only).
    Verify(Box<VerifyArgs>),
    /// Print a rule's full documentation.
    Explain {
        /// The rule id, e.g. `model-column-missing`.
        rule: String,
    },
    /// Write a commented starter miglint.toml in the current folder.
    Init {
        /// Replace an existing miglint.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (e.g. `miglint completions bash > /etc/bash_completion.d/miglint`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `miglint man > miglint.1`.
    Man,
    /// Print the schema the history below PATH builds (no database needed).
    Schema(SchemaArgs),
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// The project folder (or a migration file).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format: DDL in dependency order, the versioned JSON document,
    /// or a Mermaid ER diagram.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Sql)]
    pub format: SchemaFormat,
    /// Stop after this migration (its name, or its file name).
    #[arg(long, value_name = "MIGRATION")]
    pub at: Option<String>,
    /// Configuration file (default: the nearest miglint.toml upward from PATH).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The migration tool, overriding detection.
    #[arg(long)]
    pub tool: Option<String>,
    /// The SQL dialect, overriding detection.
    #[arg(long)]
    pub dialect: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaFormat {
    Sql,
    Json,
    Mermaid,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or folders to lint.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Configuration file (default: the nearest miglint.toml upward from PATH).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Enable only these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub select: Vec<String>,
    /// Disable these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE,...")]
    pub ignore: Vec<String>,
    /// The migration tool, overriding detection.
    #[arg(long)]
    pub tool: Option<String>,
    /// The SQL dialect, overriding detection.
    #[arg(long)]
    pub dialect: Option<String>,
    /// Report only migrations added or changed since this git ref (the whole
    /// history is still replayed; drift is always reported).
    #[arg(long, value_name = "GIT-REF")]
    pub changed_since: Option<String>,
    /// The model to compare the history with (a declarative `schema.sql`, a
    /// diesel `schema.rs`, a drizzle snapshot or a Prisma schema), instead of
    /// the one discovery finds.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Warnings also fail the run.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Record every finding of this run in FILE (then exit 0); later runs with
    /// `--baseline FILE` report only new findings.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Leave out the findings recorded in FILE (default: `baseline` in miglint.toml).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Say more on stderr: folders skipped by discovery and why.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Lint standard input as the file PATH (an unsaved editor buffer), in
    /// the context of PATH's project: the history before it is replayed.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The database to verify: postgres://, mysql://, mariadb://, or a SQLite
    /// file (`sqlite:PATH`, `file:PATH` or a path). Default: the
    /// MIGLINT_DATABASE_URL or DATABASE_URL environment variable.
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Gcc,
    Github,
    Sarif,
    Gitlab,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    Json,
}

pub(crate) const SUBCOMMANDS: [&str; 9] = [
    "check",
    "rules",
    "explain",
    "verify",
    "schema",
    "init",
    "completions",
    "man",
    "help",
];

/// `miglint [PATH…]` means `miglint check [PATH…]`: insert `check` unless the
/// first argument is a subcommand or a top-level flag.
pub fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_owned);
    let top_level = |a: &str| matches!(a, "-h" | "--help" | "-V" | "--version");
    match first.as_deref() {
        Some(a) if SUBCOMMANDS.contains(&a) || top_level(a) => {}
        _ => args.insert(1.min(args.len()), OsString::from("check")),
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn check_is_the_default_command() {
        assert_eq!(
            with_default_command(os(&["miglint"])),
            os(&["miglint", "check"])
        );
        assert_eq!(
            with_default_command(os(&["miglint", "db", "--format", "json"])),
            os(&["miglint", "check", "db", "--format", "json"])
        );
        assert_eq!(
            with_default_command(os(&["miglint", "rules"])),
            os(&["miglint", "rules"])
        );
        assert_eq!(
            with_default_command(os(&["miglint", "-V"])),
            os(&["miglint", "-V"])
        );
    }
}
