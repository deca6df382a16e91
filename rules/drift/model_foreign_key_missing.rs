use miglint_diagnostics::{Heading, RuleMeta};
use miglint_engine::{DriftContext, Findings, Rule};
use miglint_model::DriftKind;

declare_rule! {
    /// ## What it does
    /// Reports a relation (`@relation(fields: […], references: […])`) whose
    /// foreign key constraint the migrations never create (unless the
    /// datasource uses `relationMode = "prisma"`).
    ///
    /// ## Why is this bad?
    /// Orphaned rows can be written, `onDelete` actions never run, and
    /// `prisma migrate dev` would generate the constraint.
    ///
    /// ## Example
    /// ```prisma
    /// user User @relation(fields: [userId], references: [id])
    /// ```
    /// with no foreign key on `userId`.
    ///
    /// Use instead:
    /// ```sql
    /// ALTER TABLE "posts" ADD CONSTRAINT "posts_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
    /// ```
    pub struct ModelForeignKeyMissing {
        id: "model-foreign-key-missing",
        category: Drift,
        severity: Warning,
        summary: "the model declares a relation whose foreign key no migration creates",
    }
}

impl Rule for ModelForeignKeyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_drift(&self, cx: &DriftContext<'_>, out: &mut Findings<'_>) {
        let DriftKind::ForeignKeyMissing {
            key,
            referenced_table,
        } = &cx.drift.kind
        else {
            return;
        };
        let not_created = super::not_created(cx);
        let message = format!(
            "foreign key on `{}` ({}) referencing `{referenced_table}` is declared by the model but {not_created}",
            super::display(cx, &key.table.name),
            key.columns.join(", ")
        );
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "foreign key the model declares is missing",
    many: "foreign keys the model declares are missing",
};
