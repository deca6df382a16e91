//! Runs miglint over discovered projects: loads and parses every migration,
//! replays the history into a catalog, compares it with the model, and calls
//! each enabled rule at the scope it works on (statement, replay, drift, project).

mod config;
mod context;
mod rule;
mod runner;
pub mod suppression;

pub use config::{Config, ConfigError, HistoryMode, RuleSelection};
pub use context::{
    DriftContext, HistoryBase, HistoryFacts, ModelContext, ProjectContext, ReplayContext,
    StatementContext, SuppressionContext, Unreadable, UnreadableKind,
};
pub use rule::{Rule, diagnostic};
pub use runner::{LintRun, Replayed, RunError, RunInputs, lint, lint_with, replay};
