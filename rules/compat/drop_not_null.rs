use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterColumnOp, AlterTableOp};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … DROP NOT NULL` on a table that existed before
    /// this migration file.
    ///
    /// ## Why is this bad?
    /// Code that is still running was written for a column that is never
    /// null: once new code writes nulls, the old code meets values it does
    /// not expect (a crash on a non-optional field, a wrong total).
    ///
    /// The hazard is in the application (old code assumes a value): it
    /// applies to every dialect.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
    /// -- migration 2
    /// ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
    /// ```
    ///
    /// Use instead: release code that handles a null first, then drop the
    /// constraint (and record it with `-- miglint-ignore drop-not-null --
    /// handled since release N`).
    pub struct DropNotNull {
        id: "drop-not-null",
        category: Compat,
        severity: Warning,
        summary: "a column made nullable while code that is still running expects a value",
    }
}

impl Rule for DropNotNull {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let Some((table, actions)) = sql::alter_existing_table(cx) else {
            return;
        };
        for action in actions {
            let AlterTableOp::AlterColumn {
                name,
                op: AlterColumnOp::DropNotNull,
            } = &action.op
            else {
                continue;
            };
            out.report(
                action.span,
                format!(
                    "making `{}.{}` nullable breaks code that still expects a value",
                    sql::display(table),
                    name.value
                ),
            )
            .help("release code that handles a null first, then drop NOT NULL")
            .subject(sql::column_subject(table, &name.value));
        }
    }
}
