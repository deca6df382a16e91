use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, Rule, StatementContext};
use miglint_syntax::ir::{AlterColumnOp, AlterTableOp};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … SET NOT NULL` on a PostgreSQL table that
    /// existed before this migration file.
    ///
    /// ## Why is this bad?
    /// `SET NOT NULL` holds an ACCESS EXCLUSIVE lock while it scans the whole
    /// table for nulls: no query can read or write the table meanwhile. From
    /// PostgreSQL 12 on, the scan is skipped when a validated
    /// `CHECK (column IS NOT NULL)` constraint already proves it, and such a
    /// check can be added `NOT VALID` and validated without blocking.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ```
    ///
    /// Use instead: prove it with a check first, then set it (PostgreSQL 12+):
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
    /// -- migration 3
    /// ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
    /// ```
    /// and in a later migration `ALTER TABLE users ALTER COLUMN email SET NOT
    /// NULL;` followed by `ALTER TABLE users DROP CONSTRAINT
    /// users_email_not_null;` (suppress this rule on that statement).
    pub struct SetNotNull {
        id: "set-not-null",
        category: Locking,
        severity: Warning,
        summary: "setting a column NOT NULL on an existing table locks it while it scans every row",
    }
}

impl Rule for SetNotNull {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut Findings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let Some((table, actions)) = sql::alter_existing_table(cx) else {
            return;
        };
        for action in actions {
            let AlterTableOp::AlterColumn {
                name,
                op: AlterColumnOp::SetNotNull,
            } = &action.op
            else {
                continue;
            };
            let help = if cx.server_version.at_least(12, 0) {
                "add `CHECK (column IS NOT NULL) NOT VALID`, validate it in a later migration, then SET NOT NULL (no scan) and drop the check"
            } else {
                "before PostgreSQL 12 there is no way around the scan: run it when the table is quiet, or keep a validated CHECK instead"
            };
            out.report(
                action.span,
                format!(
                    "setting `{}.{}` NOT NULL locks the table (ACCESS EXCLUSIVE) while every row is checked",
                    sql::display(table),
                    name.value
                ),
            )
            .help(help)
            .subject(sql::column_subject(table, &name.value));
        }
    }
}
