//! `miglint.toml`: which rules run, at which severity, and how to read histories.
//!
//! ```toml
//! baseline = "miglint-baseline.json"  # findings recorded by --write-baseline
//! include = ["db/**"]           # globs (relative to this file) of what is linted
//! exclude = ["db/seed/**"]      # globs left out, after `include`
//!
//! [rules]
//! select = ["all"]              # rule ids or categories; default: every rule
//! ignore = ["table-not-in-model"]
//!
//! [rules.severity]
//! syntax-error = "error"
//!
//! [history]
//! mode = "auto"                 # auto | complete | partial
//!
//! [database]
//! transaction = "auto"          # auto (the migration tool decides) | always | never
//! postgres-version = "15"       # target server, for version-dependent rules
//! mysql-version = "8.0"
//! model = "db/schema.sql"       # the model file, instead of the one discovery finds
//!
//! [output]
//! docs-url = "https://example.org/miglint/rules/{rule}"  # SARIF helpUri per rule
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use miglint_diagnostics::{RuleMeta, Severity};
use serde::Deserialize;

/// Whether replay may assume tables that no migration creates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HistoryMode {
    /// Infer it: a single file, or a history whose first migration alters
    /// tables it never creates, is partial.
    #[default]
    Auto,
    Complete,
    Partial,
}

/// Whether migrations run inside a transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransactionMode {
    /// As the project's migration tool runs them (see `transaction.rs`).
    #[default]
    Auto,
    /// Every file runs in one transaction.
    Always,
    /// Statements run one by one, in autocommit; only `BEGIN` in the file opens one.
    Never,
}

/// A server version, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServerVersion {
    pub major: u32,
    pub minor: u32,
}

impl ServerVersion {
    pub const POSTGRES_DEFAULT: Self = Self::new(15, 0);
    pub const MYSQL_DEFAULT: Self = Self::new(8, 0);

    pub const fn new(major: u32, minor: u32) -> Self {
        Self { major, minor }
    }

    /// `15`, `14.7`, `8.0.34` (the patch level is ignored).
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = match parts.next() {
            Some(minor) => minor.parse().ok()?,
            None => 0,
        };
        Some(Self { major, minor })
    }

    pub fn at_least(self, major: u32, minor: u32) -> bool {
        self >= Self::new(major, minor)
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Rule ids or category names to enable and disable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSelection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleSelection {
    /// Whether `rule` runs: selected (when nothing is selected, every rule
    /// that is on by default) and not ignored.
    pub fn enables(&self, rule: &RuleMeta) -> bool {
        let matches =
            |name: &String| name == "all" || name == rule.id || name == rule.category.as_str();
        let selected = if self.select.is_empty() {
            rule.enabled_by_default
        } else {
            self.select.iter().any(matches)
        };
        selected && !self.ignore.iter().any(matches)
    }

    /// Names that are neither a rule id, a category nor `all`.
    pub fn unknown_names<'a>(&'a self, rules: &'a [&'static RuleMeta]) -> Vec<&'a str> {
        self.select
            .iter()
            .chain(&self.ignore)
            .filter(|name| {
                name.as_str() != "all"
                    && !rules
                        .iter()
                        .any(|r| r.id == name.as_str() || r.category.as_str() == name.as_str())
            })
            .map(String::as_str)
            .collect()
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    pub rules: RuleSelection,
    pub severity: BTreeMap<String, Severity>,
    pub history: HistoryMode,
    pub transaction: TransactionMode,
    pub postgres_version: ServerVersion,
    pub mysql_version: ServerVersion,
    /// The model file every project is compared with (`model = "…"`,
    /// relative to the configuration file, or `--schema FILE`), instead of
    /// the one discovery found.
    pub model: Option<PathBuf>,
    /// The baseline file, resolved against the configuration's folder.
    pub baseline: Option<PathBuf>,
    /// Discovery globs, relative to the configuration's folder.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Where a rule's documentation is, `{rule}` standing for its id
    /// (`[output] docs-url`): SARIF's `helpUri`.
    pub docs_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            path: None,
            rules: RuleSelection::default(),
            severity: BTreeMap::new(),
            history: HistoryMode::default(),
            transaction: TransactionMode::default(),
            postgres_version: ServerVersion::POSTGRES_DEFAULT,
            mysql_version: ServerVersion::MYSQL_DEFAULT,
            model: None,
            baseline: None,
            include: Vec::new(),
            exclude: Vec::new(),
            docs_url: None,
        }
    }
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    model: Option<PathBuf>,
    baseline: Option<PathBuf>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules: RulesSection,
    #[serde(default)]
    history: HistorySection,
    #[serde(default)]
    database: DatabaseSection,
    #[serde(default)]
    output: OutputSection,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OutputSection {
    docs_url: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DatabaseSection {
    #[serde(default)]
    transaction: TransactionMode,
    postgres_version: Option<VersionText>,
    mysql_version: Option<VersionText>,
}

/// A version written as a string (`"14.7"`) or a number (`15`, `8.0`).
#[derive(Deserialize)]
#[serde(untagged)]
enum VersionText {
    Text(String),
    Integer(u32),
    Float(f64),
}

impl VersionText {
    fn parse(&self, path: &Path, key: &str) -> Result<ServerVersion, ConfigError> {
        let text = match self {
            VersionText::Text(text) => text.clone(),
            VersionText::Integer(n) => n.to_string(),
            VersionText::Float(n) => n.to_string(),
        };
        ServerVersion::parse(&text).ok_or_else(|| ConfigError {
            path: path.to_owned(),
            message: format!("{key}: expected a version like \"15\" or \"8.0\", found `{text}`"),
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RulesSection {
    #[serde(default)]
    select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HistorySection {
    #[serde(default)]
    mode: HistoryMode,
}

/// `line L, column C: MESSAGE` and the line with a caret under column C,
/// for an error at a byte offset of a configuration file.
fn located(text: &str, offset: usize, message: &str) -> String {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    let shown = text
        .get(line_start..)
        .and_then(|rest| rest.lines().next())
        .unwrap_or("")
        .trim_end();
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    // Tabs keep their width so the caret stays under the column.
    let pad: String = shown
        .chars()
        .take(column - 1)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(
        "line {line}, column {column}: {message}\n{gutter} |\n{number} | {shown}\n{gutter} | {pad}^"
    )
}

impl Config {
    pub const FILE_NAME: &'static str = "miglint.toml";

    pub fn from_toml(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| ConfigError {
            path: path.to_owned(),
            message: match e.span() {
                Some(span) => located(text, span.start, e.message()),
                None => e.message().to_owned(),
            },
        })?;
        let version = |v: &Option<VersionText>, key, default| match v {
            Some(v) => v.parse(path, key),
            None => Ok(default),
        };
        Ok(Config {
            path: Some(path.to_owned()),
            rules: RuleSelection {
                select: file.rules.select,
                ignore: file.rules.ignore,
            },
            severity: file.rules.severity,
            history: file.history.mode,
            transaction: file.database.transaction,
            postgres_version: version(
                &file.database.postgres_version,
                "postgres-version",
                ServerVersion::POSTGRES_DEFAULT,
            )?,
            mysql_version: version(
                &file.database.mysql_version,
                "mysql-version",
                ServerVersion::MYSQL_DEFAULT,
            )?,
            model: file.model.map(|model| {
                path.parent()
                    .map_or_else(|| model.clone(), |dir| dir.join(&model))
            }),
            baseline: file
                .baseline
                .map(|b| path.parent().map_or(b.clone(), |dir| dir.join(&b))),
            include: file.include,
            exclude: file.exclude,
            docs_url: match file.output.docs_url {
                Some(url) if !url.contains("{rule}") => {
                    return Err(ConfigError {
                        path: path.to_owned(),
                        message: format!(
                            "[output] docs-url: `{url}` has no `{{rule}}` to put the rule id in"
                        ),
                    });
                }
                url => url,
            },
        })
    }

    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_owned(),
            message: format!("cannot read the configuration: {e}"),
        })?;
        Self::from_toml(path, &text)
    }

    /// The nearest `miglint.toml` in `start` or a folder above it.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        let start = std::fs::canonicalize(start).ok()?;
        start
            .ancestors()
            .map(|dir| dir.join(Self::FILE_NAME))
            .find(|candidate| candidate.is_file())
    }

    /// Severity names and rule names in the file that do not exist.
    pub fn validate(&self, rules: &[&'static RuleMeta]) -> Result<(), ConfigError> {
        let mut unknown: Vec<&str> = self.rules.unknown_names(rules);
        unknown.extend(
            self.severity
                .keys()
                .map(String::as_str)
                .filter(|id| !rules.iter().any(|r| r.id == *id)),
        );
        match (unknown.is_empty(), &self.path) {
            (true, _) => Ok(()),
            (false, path) => Err(ConfigError {
                path: path.clone().unwrap_or_default(),
                message: format!("unknown rule or category: {}", unknown.join(", ")),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_severity_and_history() {
        let text = "[rules]\nignore = [\"drift\"]\n[rules.severity]\nsyntax-error = \"error\"\n[history]\nmode = \"partial\"\n";
        let config = Config::from_toml(Path::new("miglint.toml"), text).unwrap();
        assert_eq!(config.rules.ignore, vec!["drift".to_owned()]);
        assert_eq!(config.severity.get("syntax-error"), Some(&Severity::Error));
        assert_eq!(config.history, HistoryMode::Partial);
    }

    #[test]
    fn reads_database_settings() {
        let text =
            "[database]\ntransaction = \"never\"\npostgres-version = 11\nmysql-version = \"5.7\"\n";
        let config = Config::from_toml(Path::new("miglint.toml"), text).unwrap();
        assert_eq!(config.transaction, TransactionMode::Never);
        assert_eq!(config.postgres_version, ServerVersion::new(11, 0));
        assert_eq!(config.mysql_version, ServerVersion::new(5, 7));
        let defaults = Config::from_toml(Path::new("miglint.toml"), "").unwrap();
        assert_eq!(defaults.postgres_version, ServerVersion::new(15, 0));
        assert_eq!(defaults.mysql_version, ServerVersion::new(8, 0));
        assert!(
            Config::from_toml(
                Path::new("m.toml"),
                "[database]\npostgres-version = \"x\"\n"
            )
            .is_err()
        );
    }

    #[test]
    fn rejects_unknown_keys() {
        let err = Config::from_toml(Path::new("m.toml"), "[rules]\nselct = []\n").unwrap_err();
        assert!(err.message.contains("selct"), "{}", err.message);
        assert!(
            err.message.starts_with("line 2, column 1"),
            "{}",
            err.message
        );
    }

    #[test]
    fn type_errors_name_the_line() {
        let err = Config::from_toml(Path::new("m.toml"), "[history]\nmode = 5\n").unwrap_err();
        assert_eq!(
            err.message,
            "line 2, column 8: wanted string or table\n  |\n2 | mode = 5\n  |        ^"
        );
    }
}
