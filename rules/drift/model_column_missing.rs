use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a field of a model whose column the migration history never
    /// creates: neither in the table's `CREATE TABLE` nor in a later
    /// `ALTER TABLE … ADD COLUMN`.
    ///
    /// ## Why is this bad?
    /// Prisma Client selects every scalar field, so every query on the model
    /// fails (`The column users.x does not exist in the current database`) as
    /// soon as the code is deployed, while the migration step itself succeeds.
    ///
    /// ## Example
    /// ```prisma
    /// model User {
    ///   id                  String  @id
    ///   unlimitedPoseActive Boolean @default(false)
    ///   @@map("users")
    /// }
    /// ```
    /// with migrations that create `users` but never add `unlimitedPoseActive`.
    ///
    /// Use instead: a migration with the SQL from the finding's fix:
    /// ```sql
    /// ALTER TABLE "users" ADD COLUMN "unlimitedPoseActive" BOOLEAN NOT NULL DEFAULT false;
    /// ```
    pub struct ModelColumnMissing {
        id: "model-column-missing",
        category: Drift,
        severity: Error,
        summary: "the model declares a column that no migration adds",
    }
}

impl Rule for ModelColumnMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::ColumnMissing(column) = &cx.drift.kind else {
            return;
        };
        let not_added = super::not_added(cx);
        let message = format!(
            "column `{}` is declared by the model but {not_added}",
            super::column_name(cx, column)
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "column the model declares is missing",
    many: "columns the model declares are missing",
};
