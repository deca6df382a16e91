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

pub use config::{Config, ConfigError, HistoryMode, RuleSelection, ServerVersion, TransactionMode};
pub use context::{
    DriftContext, FileContext, ModelContext, ProjectContext, ReplayContext, StatementContext,
    SuppressionContext, Unreadable, UnreadableKind,
};
pub use rule::{Finding, Findings, Rule, diagnostic};
pub use runner::{LintRun, Replayed, RunError, lint, replay};
