use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a model (`model User { … }`, or an implicit many-to-many join
    /// table) whose table no migration creates.
    ///
    /// ## Why is this bad?
    /// The application queries a table that does not exist in any database
    /// built from the migrations: every query on it fails in production.
    /// Usually the migration was never generated, or was written by hand and
    /// forgot the table.
    ///
    /// ## Example
    /// ```prisma
    /// model Invoice {
    ///   id Int @id @default(autoincrement())
    /// }
    /// ```
    /// with no migration creating `"Invoice"`.
    ///
    /// Use instead: add a migration with the `CREATE TABLE` from the finding's
    /// fix (or run `prisma migrate dev`).
    pub struct ModelTableMissing {
        id: "model-table-missing",
        category: Drift,
        severity: Error,
        summary: "the model declares a table that no migration creates",
    }
}

impl Rule for ModelTableMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::TableMissing(table) = &cx.drift.kind else {
            return;
        };
        let not_created = super::not_created(cx);
        let message = format!(
            "table `{}` is declared by the model but {not_created}",
            super::display(cx, &table.name)
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "table the model declares is missing",
    many: "tables the model declares are missing",
};
