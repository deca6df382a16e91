use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a column whose nullability differs from the model: the field
    /// is required (`Boolean`) but the column accepts NULL, or the field is
    /// optional (`String?`) but the column is `NOT NULL`.
    ///
    /// ## Why is this bad?
    /// A required field read from a NULL column makes Prisma Client throw at
    /// run time; an optional field written as NULL into a `NOT NULL` column
    /// makes the insert fail. `prisma migrate dev` would also generate a
    /// `SET NOT NULL` / `DROP NOT NULL` migration.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "users" ADD COLUMN "active" BOOLEAN DEFAULT false;
    /// ```
    /// for the field `active Boolean @default(false)`.
    ///
    /// Use instead:
    /// ```sql
    /// ALTER TABLE "users" ALTER COLUMN "active" SET NOT NULL;
    /// ```
    pub struct ColumnNullabilityMismatch {
        id: "column-nullability-mismatch",
        category: Drift,
        severity: Error,
        summary: "a column is nullable in the migrations but required in the model, or the reverse",
    }
}

impl Rule for ColumnNullabilityMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::NullabilityMismatch {
            column,
            expected_nullable,
        } = &cx.drift.kind
        else {
            return;
        };
        let in_actual = super::in_actual(cx);
        let message = if *expected_nullable {
            format!(
                "column `{}` is NOT NULL {in_actual} but the model field is optional",
                super::column_name(cx, column)
            )
        } else {
            format!(
                "column `{}` is nullable {in_actual} but the model field is required",
                super::column_name(cx, column)
            )
        };
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "column has another nullability in the model",
    many: "columns have another nullability in the model",
};
