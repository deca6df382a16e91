use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a column whose database default differs from the field's
    /// `@default(…)`, where Prisma itself would write SQL to change it.
    ///
    /// ## Why is this bad?
    /// Rows inserted outside Prisma (SQL scripts, other services) get another
    /// value than the model promises, and `prisma migrate dev` generates an
    /// `ALTER COLUMN … SET DEFAULT` migration.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "users" ADD COLUMN "credits" INTEGER NOT NULL DEFAULT 5;
    /// ```
    /// for `credits Int @default(10)`.
    ///
    /// Use instead:
    /// ```sql
    /// ALTER TABLE "users" ALTER COLUMN "credits" SET DEFAULT 10;
    /// ```
    pub struct ColumnDefaultMismatch {
        id: "column-default-mismatch",
        category: Drift,
        severity: Warning,
        summary: "a column's default in the migrations differs from the model's @default",
    }
}

impl Rule for ColumnDefaultMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::DefaultMismatch {
            column,
            expected,
            actual,
        } = &cx.drift.kind
        else {
            return;
        };
        let in_actual = super::in_actual(cx);
        let message = format!(
            "column `{}` has default {} {in_actual} but the model expects {}",
            super::column_name(cx, column),
            describe(actual.as_deref()),
            describe(expected.as_deref())
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

/// A default as the message shows it.
fn describe(default: Option<&str>) -> String {
    default.map_or_else(|| "none".to_owned(), |sql| format!("`{sql}`"))
}

const HEADING: Heading = Heading {
    one: "column has another default in the model",
    many: "columns have another default in the model",
};
