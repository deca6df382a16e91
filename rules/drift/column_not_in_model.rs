use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a column of a modelled table that the migrations create but
    /// no field maps to.
    ///
    /// ## Why is this bad?
    /// `prisma migrate dev` would drop it with its data; a required column
    /// without a default also makes every insert through Prisma fail.
    ///
    /// ## Example
    /// ```sql
    /// ALTER TABLE "users" ADD COLUMN "legacyId" INTEGER;
    /// ```
    /// with no `legacyId` field on `User`.
    ///
    /// Use instead: add the field to the model, or drop the column.
    pub struct ColumnNotInModel {
        id: "column-not-in-model",
        category: Drift,
        severity: Warning,
        summary: "the migrations add a column that the model does not declare",
    }
}

impl Rule for ColumnNotInModel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::ColumnNotInModel(column) = &cx.drift.kind else {
            return;
        };
        let created_actual = super::created_actual(cx);
        let message = format!(
            "column `{}` {created_actual} but the model does not declare it",
            super::column_name(cx, column)
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "column is not declared in the model",
    many: "columns are not declared in the model",
};
