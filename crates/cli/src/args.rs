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
    Check(CheckArgs),
    /// List every rule: id, category, default severity, summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Human)]
        format: ListFormat,
    },
    /// Print a rule's full documentation.
    Explain {
        /// The rule id, e.g. `model-column-missing`.
        rule: String,
    },
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
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Gcc,
    Github,
    Sarif,
    Gitlab,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    Human,
    Json,
}

const SUBCOMMANDS: [&str; 5] = ["check", "rules", "explain", "schema", "help"];

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
