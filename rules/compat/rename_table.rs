use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterTableOp, ObjectName, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports renaming a table that existed before this migration file
    /// (`ALTER TABLE … RENAME TO`, MySQL `RENAME TABLE`).
    ///
    /// ## Why is this bad?
    /// The code that is running while the migration commits still queries
    /// the old name, and fails until the new code is out.
    ///
    /// The hazard is in the application, not the database: it applies to
    /// every dialect.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE customer (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE customer RENAME TO customers;
    /// ```
    ///
    /// Use instead: keep the database name and rename only in the code
    /// (Prisma: `@@map("customer")`), or rename and leave a view with the old
    /// name until no code uses it.
    pub struct RenameTable {
        id: "rename-table",
        category: Compat,
        severity: Warning,
        summary: "a table renamed while code that is still running uses the old name",
    }
}

impl Rule for RenameTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let mut report = |from: &ObjectName, to: &ObjectName, span| {
            out.report(
                span,
                format!(
                    "renaming table `{}` to `{}` breaks code that still uses the old name",
                    sql::display(from),
                    sql::display(to)
                ),
            )
            .help("rename only in the code (Prisma `@@map`), or leave a view with the old name until no code uses it")
            .subject(sql::table_subject(from));
        };
        match &cx.statement.change {
            SchemaChange::RenameTables { pairs } => {
                for (from, to) in pairs {
                    if cx.table_predates_file(from) {
                        report(from, to, from.span);
                    }
                }
            }
            SchemaChange::AlterTable { name, actions, .. } if cx.table_predates_file(name) => {
                for action in actions {
                    if let AlterTableOp::RenameTable { to } = &action.op {
                        report(name, to, action.span);
                    }
                }
            }
            _ => {}
        }
    }
}
