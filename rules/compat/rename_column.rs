use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::AlterTableOp;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `RENAME COLUMN` on a table that existed before this migration
    /// file.
    ///
    /// ## Why is this bad?
    /// The code that is running while the migration commits still uses the
    /// old name, and every one of its queries on that column fails until the
    /// new code is out. There is no moment when old and new code both work.
    ///
    /// The hazard is in the application, not the database: it applies to
    /// every dialect.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, name text);
    /// -- migration 2
    /// ALTER TABLE users RENAME COLUMN name TO full_name;
    /// ```
    ///
    /// Use instead: add the new column, write both, backfill, move reads to
    /// the new column, then drop the old one. Or keep the database name and
    /// rename only in the code (Prisma: `@map("name")`).
    pub struct RenameColumn {
        id: "rename-column",
        category: Compat,
        severity: Warning,
        summary: "a column renamed while code that is still running uses the old name",
    }
}

impl Rule for RenameColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let Some((table, actions)) = sql::alter_existing_table(cx) else {
            return;
        };
        for action in actions {
            let AlterTableOp::RenameColumn { from, to } = &action.op else {
                continue;
            };
            out.report(
                action.span,
                format!(
                    "renaming `{}.{}` to `{}` breaks code that still uses the old name",
                    sql::display(table),
                    from.value,
                    to.value
                ),
            )
            .help("add the new column and migrate to it in steps, or rename only in the code (Prisma `@map`)")
            .subject(sql::column_subject(table, &from.value));
        }
    }
}
