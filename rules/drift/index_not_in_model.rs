use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports an index or unique constraint on a modelled table that the
    /// model declares with neither `@unique`, `@@unique` nor `@@index`.
    ///
    /// ## Why is this bad?
    /// `prisma migrate dev` would drop it: queries that relied on it slow
    /// down, or duplicates that it prevented get in.
    ///
    /// ## Example
    /// ```sql
    /// CREATE INDEX "users_email_idx" ON "users"("email");
    /// ```
    /// with no `@@index([email])` on `User`.
    ///
    /// Use instead: declare it in the model (`@@index([email])`).
    pub struct IndexNotInModel {
        id: "index-not-in-model",
        category: Drift,
        severity: Warning,
        summary: "the migrations create an index or unique constraint the model does not declare",
    }
}

impl Rule for IndexNotInModel {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::IndexNotInModel { index, unique } = &cx.drift.kind else {
            return;
        };
        let created_actual = super::created_actual(cx);
        let message = format!(
            "{} `{}` on `{}` ({}) {created_actual} but the model does not declare it",
            if *unique { "unique index" } else { "index" },
            index.name,
            super::display(cx, &index.table.name),
            index.columns.join(", ")
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "index is not declared in the model",
    many: "indexes are not declared in the model",
};
