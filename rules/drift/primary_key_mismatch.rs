use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a table whose primary key columns differ from the model's
    /// `@id` or `@@id`.
    ///
    /// ## Why is this bad?
    /// Prisma relies on the primary key to identify rows; a missing or
    /// different key lets duplicates in and makes `prisma migrate dev`
    /// rebuild the key.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE "members" ("teamId" TEXT NOT NULL, "userId" TEXT NOT NULL);
    /// ```
    /// for a model with `@@id([teamId, userId])`.
    ///
    /// Use instead:
    /// ```sql
    /// ALTER TABLE "members" ADD CONSTRAINT "members_pkey" PRIMARY KEY ("teamId", "userId");
    /// ```
    pub struct PrimaryKeyMismatch {
        id: "primary-key-mismatch",
        category: Drift,
        severity: Warning,
        summary: "a table's primary key differs from the model's @id / @@id",
    }
}

impl Rule for PrimaryKeyMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::PrimaryKeyMismatch {
            table,
            expected,
            actual,
            ..
        } = &cx.drift.kind
        else {
            return;
        };
        let in_actual = super::in_actual(cx);
        let message = format!(
            "table `{}` has {} {in_actual} but the model declares {}",
            super::display(cx, &table.name),
            super::primary_key(actual),
            super::primary_key(expected)
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "primary key differs from the model",
    many: "primary keys differ from the model",
};
