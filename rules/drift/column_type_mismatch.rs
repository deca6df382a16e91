use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a column whose type, as the migration history leaves it,
    /// differs from the type the model's field maps to, precision included
    /// (`TIMESTAMP` is not `TIMESTAMP(3)`, `VARCHAR(100)` is not `TEXT`).
    ///
    /// ## Why is this bad?
    /// Values are truncated, rounded or rejected, and `prisma migrate dev`
    /// generates an `ALTER COLUMN … SET DATA TYPE` the next time it runs: the
    /// schema and the model disagree.
    ///
    /// ## Example
    /// ```prisma
    /// resetAt DateTime?
    /// ```
    /// with a migration that wrote `"resetAt" TIMESTAMP` (Prisma uses `TIMESTAMP(3)`).
    ///
    /// Use instead:
    /// ```sql
    /// ALTER TABLE "users" ALTER COLUMN "resetAt" SET DATA TYPE TIMESTAMP(3);
    /// ```
    pub struct ColumnTypeMismatch {
        id: "column-type-mismatch",
        category: Drift,
        severity: Error,
        summary: "a column's type in the migrations differs from the model's",
    }
}

impl Rule for ColumnTypeMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::ColumnTypeMismatch {
            column,
            expected,
            actual,
        } = &cx.drift.kind
        else {
            return;
        };
        let in_actual = super::in_actual(cx);
        let message = format!(
            "column `{}` is `{actual}` {in_actual} but the model expects `{expected}`",
            super::column_name(cx, column)
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "column has another type in the model",
    many: "columns have another type in the model",
};
