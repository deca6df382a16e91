use miglint_diagnostics::RuleMeta;
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_prisma::DriftKind;

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
        let DriftKind::EnumMissing = &cx.drift.kind else {
            return;
        };
        let message = format!(
            "enum type `{}` is declared by the model but no migration creates it",
            super::display(cx, cx.drift.enum_name.as_deref().unwrap_or("?"))
        );
        super::drift_finding(cx, out, message);
    }
}
