use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a value of a model `enum` that the database enum type (or
    /// MySQL's inline `ENUM(…)`) never receives through the migrations.
    ///
    /// ## Why is this bad?
    /// Writing that value fails (`invalid input value for enum`), so the code
    /// path that uses the new value breaks in production.
    ///
    /// ## Example
    /// ```prisma
    /// enum Role { USER ADMIN AUDITOR }
    /// ```
    /// with migrations that create `"Role"` as `('USER', 'ADMIN')` only.
    ///
    /// Use instead:
    /// ```sql
    /// ALTER TYPE "Role" ADD VALUE 'AUDITOR';
    /// ```
    pub struct EnumValueMissing {
        id: "enum-value-missing",
        category: Drift,
        severity: Error,
        summary: "the model's enum has a value the database enum lacks",
    }
}

impl Rule for EnumValueMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::EnumValueMissing { enum_name, value } = &cx.drift.kind else {
            return;
        };
        let in_actual = super::in_actual(cx);
        let message = format!(
            "enum `{}` has no value `{value}` {in_actual}, but the model declares it",
            super::display(cx, &enum_name.name),
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "value the model declares is missing",
    many: "values the model declares are missing",
};
