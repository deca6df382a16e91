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
    /// fix (or run `prisma migrate dev`). When a table the model lacks has
    /// exactly the model table's columns and foreign keys (a model or
    /// many-to-many relation renamed on one side only), the one finding says
    /// so and its fix renames that table instead, keeping its rows.
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
        let (table, renamed_from) = match &cx.drift.kind {
            DriftKind::TableMissing(table) => (table, None),
            DriftKind::TableRenamed { table, from } => (table, Some(from)),
            _ => return,
        };
        let not_created = super::not_created(cx);
        let mut message = format!(
            "table `{}` is declared by the model but {not_created}",
            super::display(cx, &table.name)
        );
        if let Some(from) = renamed_from {
            message.push_str(&format!(
                "; `{}` has its columns and foreign keys (renamed on one side only?)",
                super::display(cx, &from.name)
            ));
        }
        super::drift_finding(cx, out, message, HEADING);
    }
}

const HEADING: Heading = Heading {
    one: "table the model declares is missing",
    many: "tables the model declares are missing",
};
