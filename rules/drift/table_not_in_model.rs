use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a table the migration history creates (and never drops) that
    /// no model maps to (Prisma's own `_prisma_migrations` excepted).
    ///
    /// ## Why is this bad?
    /// `prisma migrate dev` would generate a `DROP TABLE` for it, and with it
    /// the data. It is often a model that was renamed without `@@map`, or a
    /// table managed outside Prisma that should be listed with `@@ignore`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE "audit_log" ("id" SERIAL PRIMARY KEY);
    /// ```
    /// with no model for `audit_log`.
    ///
    /// Use instead: add a model (`prisma db pull` writes one), or drop the table.
    pub struct TableNotInModel {
        id: "table-not-in-model",
        category: Drift,
        severity: Warning,
        summary: "the migrations create a table that no model maps to",
    }
}

impl Rule for TableNotInModel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::TableNotInModel(table) = &cx.drift.kind else {
            return;
        };
        let created_actual = super::created_actual(cx);
        let message = format!(
            "table `{}` {created_actual} but no model maps to it",
            super::display(cx, &table.name)
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "table is not declared in the model",
    many: "tables are not declared in the model",
};
