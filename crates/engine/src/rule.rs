use miglint_diagnostics::{Diagnostic, Heading, RuleMeta, Severity, Subject};
use miglint_source::{FileId, Span};

use crate::context::{
    DriftContext, FileContext, ModelContext, ProjectContext, ReplayContext, StatementContext,
    SuppressionContext,
};

/// A rule: its declaration and the hooks it implements. Every hook has an
/// empty default, so a rule implements only the scope it works on.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Called for every statement, with the catalog as it was *before* it.
    fn check_statement(&self, _cx: &StatementContext<'_>, _out: &mut FileFindings<'_>) {}

    /// Called after a statement was replayed, with what replay raised.
    fn check_replay(&self, _cx: &ReplayContext<'_>, _out: &mut FileFindings<'_>) {}

    /// Called once per migration file after its last statement (transaction
    /// patterns that span statements).
    fn check_file(&self, _cx: &FileContext<'_>, _out: &mut FileFindings<'_>) {}

    /// Called for every difference between the model and the replayed history.
    fn check_drift(&self, _cx: &DriftContext<'_>, _out: &mut Findings<'_>) {}

    /// Called when the project's model cannot be read.
    fn check_model(&self, _cx: &ModelContext<'_>, _out: &mut Findings<'_>) {}

    /// Called once per project with the suppression comments that covered nothing.
    fn check_suppressions(&self, _cx: &SuppressionContext<'_>, _out: &mut Findings<'_>) {}

    /// Called once per project, after the whole history was replayed.
    fn check_project(&self, _cx: &ProjectContext<'_>, _out: &mut Findings<'_>) {}

    /// Called once per project by `miglint verify`, with the live database.
    fn check_verify(&self, _cx: &crate::verify::VerifyContext<'_>, _out: &mut Findings<'_>) {}
}

/// Where a rule reports, bound to the rule (id, category, default severity).
/// In the statement, replay and file hooks it is also bound to the migration
/// file ([`FileFindings`]), and only there does [`Findings::report`] exist:
/// the other scopes name the file of each finding ([`Findings::report_at`]).
pub struct Findings<'a, Scope = Anywhere> {
    meta: &'static RuleMeta,
    scope: Scope,
    out: &'a mut Vec<Diagnostic>,
}

/// The scope of hooks that work on one migration file.
#[derive(Clone, Copy, Debug)]
pub struct InFile(pub FileId);

/// The scope of hooks with no file of their own (drift, model, project,
/// suppressions, verify).
#[derive(Clone, Copy, Debug)]
pub struct Anywhere;

/// The findings of a statement, replay or file hook.
pub type FileFindings<'a> = Findings<'a, InFile>;

impl<'a> Findings<'a, Anywhere> {
    pub fn new(meta: &'static RuleMeta, out: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            meta,
            scope: Anywhere,
            out,
        }
    }
}

impl<'a> Findings<'a, InFile> {
    pub fn in_file(meta: &'static RuleMeta, file: FileId, out: &'a mut Vec<Diagnostic>) -> Self {
        Self {
            meta,
            scope: InFile(file),
            out,
        }
    }

    /// A finding at `span` of the file in scope.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> Finding<'_> {
        let file = self.scope.0;
        self.report_at(file, span, message)
    }
}

impl<Scope> Findings<'_, Scope> {
    /// A finding at `span` of `file`.
    pub fn report_at(
        &mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Finding<'_> {
        Finding {
            diagnostic: Some(diagnostic(self.meta, file, span, message)),
            out: self.out,
        }
    }

    /// A finding built elsewhere (shared helpers of a category).
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }

    pub fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
}

/// A finding being built; it is recorded when dropped.
pub struct Finding<'a> {
    diagnostic: Option<Diagnostic>,
    out: &'a mut Vec<Diagnostic>,
}

impl Finding<'_> {
    fn map(mut self, f: impl FnOnce(Diagnostic) -> Diagnostic) -> Self {
        self.diagnostic = self.diagnostic.take().map(f);
        self
    }

    pub fn help(self, help: impl Into<String>) -> Self {
        self.map(|d| d.with_help(help))
    }

    pub fn label(self, file: FileId, span: Span, message: impl Into<String>) -> Self {
        self.map(|d| d.with_label(file, span, message))
    }

    pub fn subject(self, subject: Subject) -> Self {
        self.map(|d| d.with_subject(subject))
    }

    pub fn fix(self, sql: impl Into<String>) -> Self {
        self.map(|d| d.with_fix(sql))
    }

    pub fn declare(self, declare: miglint_diagnostics::Declare) -> Self {
        self.map(|d| d.with_declare(declare))
    }

    /// Overrides the rule's default severity for this finding (the
    /// configuration still wins).
    pub fn severity(self, severity: Severity) -> Self {
        self.map(|mut d| {
            d.severity = severity;
            d
        })
    }

    pub fn group(self, group: impl Into<String>) -> Self {
        self.map(|d| d.with_group(group))
    }

    /// The title the human output prints over a group of this rule's findings.
    pub fn heading(self, heading: Heading) -> Self {
        self.map(|d| d.with_heading(heading))
    }
}

impl Drop for Finding<'_> {
    fn drop(&mut self) {
        if let Some(diagnostic) = self.diagnostic.take() {
            self.out.push(diagnostic);
        }
    }
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
