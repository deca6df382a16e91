use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a model `enum` whose PostgreSQL type no migration creates.
    ///
    /// ## Why is this bad?
    /// Columns of that type cannot exist either, and queries that cast to the
    /// type fail.
    ///
    /// ## Example
    /// ```prisma
    /// enum Plan { FREE PRO }
    /// ```
    /// with no `CREATE TYPE "Plan"` in the migrations.
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TYPE "Plan" AS ENUM ('FREE', 'PRO');
    /// ```
    pub struct ModelEnumMissing {
        id: "model-enum-missing",
        category: Drift,
        severity: Error,
        summary: "the model declares an enum type that no migration creates",
    }
}

impl Rule for ModelEnumMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::EnumMissing(enum_name) = &cx.drift.kind else {
            return;
        };
        let not_created = super::not_created(cx);
        let message = format!(
            "enum type `{}` is declared by the model but {not_created}",
            super::display(cx, &enum_name.name)
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "enum type the model declares is missing",
    many: "enum types the model declares are missing",
};
