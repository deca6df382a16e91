//! Everything a renderer needs: the run's projects, findings and counts.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// One migration project found by discovery, as listed in the JSON output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProjectSummary {
    pub root: String,
    pub tool: String,
    pub dialect: String,
    pub migrations: usize,
    pub model: Vec<String>,
    /// `complete` or `partial` (see DESIGN.md, "Complete and partial histories").
    pub history: String,
    /// Why a history is read as partial, and what was assumed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_reason: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub statements: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Findings the baseline holds, not reported.
    pub baselined: usize,
}

/// The result of a run, ready to render. Diagnostics are sorted by file, then offset.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub projects: Vec<ProjectSummary>,
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
    pub statements: usize,
    /// Findings left out because the baseline holds them.
    pub baselined: usize,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Summary {
            files: self.files,
            statements: self.statements,
            errors,
            warnings: self.diagnostics.len() - errors,
            baselined: self.baselined,
        }
    }
}
