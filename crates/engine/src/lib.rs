//! Runs miglint over discovered projects: loads and parses every migration,
//! replays the history into a catalog, compares it with the model, and calls
//! each enabled rule at the scope it works on (statement, replay, drift, project).

mod config;
mod context;
mod model;
mod rule;
mod runner;
pub mod schema;
pub mod suppression;
pub mod transaction;
mod verify;

pub use config::{Config, ConfigError, HistoryMode, RuleSelection, ServerVersion, TransactionMode};
pub use context::{
    DriftContext, DriftTarget, FileContext, HistoryBase, HistoryFacts, ModelContext,
    ProjectContext, ReplayContext, StatementContext, SuppressionContext, Unreadable,
    UnreadableKind,
};
pub use rule::{Anywhere, FileFindings, Finding, Findings, InFile, Rule, diagnostic};
pub use runner::{LintRun, Replayed, RunError, RunInputs, lint, lint_with, replay};
pub use verify::{
    AppliedHistory, AppliedMigration, ChecksumCheck, LiveDatabase, VerifyContext, verify,
};
