//! Findings as plain data ([`Diagnostic`]) and the renderers at the edge.
//!
//! Only this crate knows miette, JSON, SARIF and the other output formats.

mod diagnostic;
mod render;
mod report;

pub use diagnostic::{Category, Diagnostic, Fix, Label, Severity, Subject};
pub use render::{Format, GCC_PROBLEM_MATCHER, RenderOptions, render};
pub use report::{ProjectSummary, Report, Summary};

/// A rule's description, as the registry declares it (for `miglint rules`,
/// `miglint explain` and SARIF's rule metadata).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Kebab-case id, e.g. `model-column-missing`.
    pub id: &'static str,
    pub category: Category,
    pub default_severity: Severity,
    /// One line: what the rule flags.
    pub summary: &'static str,
    /// The full documentation (Markdown): what it does, why, an example, what to do.
    pub docs: &'static str,
}
