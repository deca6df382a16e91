use miglint_diagnostics::{Diagnostic, RuleMeta};
use miglint_source::{FileId, Span};

use crate::context::{
    DriftContext, ModelContext, ProjectContext, ReplayContext, StatementContext, SuppressionContext,
};

/// A rule: its declaration and the hooks it implements. Every hook has an
/// empty default, so a rule implements only the scope it works on.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Called for every statement, with the catalog as it was *before* it.
    fn check_statement(&self, _cx: &StatementContext<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Called after a statement was replayed, with what replay raised.
    fn check_replay(&self, _cx: &ReplayContext<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Called for every difference between the model and the replayed history.
    fn check_drift(&self, _cx: &DriftContext<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Called when the project's model cannot be read.
    fn check_model(&self, _cx: &ModelContext<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Called once per project with the suppression comments that covered nothing.
    fn check_suppressions(&self, _cx: &SuppressionContext<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Called once per project, after the whole history was replayed.
    fn check_project(&self, _cx: &ProjectContext<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// A diagnostic of `meta`'s rule at its default severity (configuration may
/// change the severity afterwards).
pub fn diagnostic(
    meta: &RuleMeta,
    file: FileId,
    span: Span,
    message: impl Into<String>,
) -> Diagnostic {
    Diagnostic::new(
        meta.id,
        meta.category,
        meta.default_severity,
        file,
        span,
        message,
    )
}
