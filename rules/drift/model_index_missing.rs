use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports an `@unique`, `@@unique` or `@@index` of the model that the
    /// migration history never creates.
    ///
    /// ## Why is this bad?
    /// A missing unique index lets duplicates in (and makes upserts on that
    /// key behave differently); a missing index makes the queries it was for
    /// slow. `prisma migrate dev` would generate it.
    ///
    /// ## Example
    /// ```prisma
    /// email String @unique
    /// ```
    /// with no unique index on `email` in the migrations.
    ///
    /// Use instead:
    /// ```sql
    /// CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
    /// ```
    pub struct ModelIndexMissing {
        id: "model-index-missing",
        category: Drift,
        severity: Warning,
        summary: "the model declares an index or unique constraint that no migration creates",
    }
}

impl Rule for ModelIndexMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let (DriftKind::IndexMissing(index) | DriftKind::UniqueMissing(index)) = &cx.drift.kind
        else {
            return;
        };
        let not_created = super::not_created(cx);
        let message = format!(
            "{} on `{}` ({}) is declared by the model but {not_created}",
            if matches!(cx.drift.kind, DriftKind::UniqueMissing(_)) {
                "unique constraint"
            } else {
                "index"
            },
            super::display(cx, &index.table.name),
            index.columns.join(", ")
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "index the model declares is missing",
    many: "indexes the model declares are missing",
};
