use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a value of a database enum that the model's `enum` lacks.
    ///
    /// ## Why is this bad?
    /// Reading a row that holds the value makes Prisma Client fail, and
    /// `prisma migrate dev` would generate a migration that recreates the
    /// type without it.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'LEGACY');
    /// ```
    /// for `enum Role { USER ADMIN }`.
    ///
    /// Use instead: add the value to the model, or migrate the rows and
    /// recreate the type without it.
    pub struct EnumValueNotInModel {
        id: "enum-value-not-in-model",
        category: Drift,
        severity: Warning,
        summary: "the database enum has a value the model's enum does not declare",
    }
}

impl Rule for EnumValueNotInModel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::EnumValueNotInModel { enum_name, value } = &cx.drift.kind else {
            return;
        };
        let message = format!(
            "enum `{}` has a value `{value}` that the model does not declare",
            super::display(cx, &enum_name.name),
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "value is not declared in the model",
    many: "values are not declared in the model",
};
