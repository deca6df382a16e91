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

/// Rule ids or category names to enable and disable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSelection {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

impl RuleSelection {
    /// Whether `rule` runs: selected (everything when nothing is selected) and not ignored.
    pub fn enables(&self, rule: &RuleMeta) -> bool {
        let matches =
            |name: &String| name == "all" || name == rule.id || name == rule.category.as_str();
        (self.select.is_empty() || self.select.iter().any(matches))
            && !self.ignore.iter().any(matches)
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

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    pub rules: RuleSelection,
    pub severity: BTreeMap<String, Severity>,
    pub history: HistoryMode,
    /// The baseline file, resolved against the configuration's folder.
    pub baseline: Option<PathBuf>,
    /// Discovery globs, relative to the configuration's folder.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
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
    baseline: Option<PathBuf>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules: RulesSection,
    #[serde(default)]
    history: HistorySection,
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
        Ok(Config {
            path: Some(path.to_owned()),
            rules: RuleSelection {
                select: file.rules.select,
                ignore: file.rules.ignore,
            },
            severity: file.rules.severity,
            history: file.history.mode,
            baseline: file
                .baseline
                .map(|b| path.parent().map_or(b.clone(), |dir| dir.join(&b))),
            include: file.include,
            exclude: file.exclude,
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
