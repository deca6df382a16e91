use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

use crate::sql::{self, Lock};

declare_rule! {
    /// ## What it does
    /// Reports an `UPDATE` or `DELETE` of an existing PostgreSQL table in the
    /// same transaction as a statement that locks that table for a schema
    /// change (`ALTER TABLE`, `CREATE INDEX`…).
    ///
    /// ## Why is this bad?
    /// The schema change's lock is held until the transaction commits, and
    /// the backfill touches every matching row while holding it: the table
    /// is unreadable (ACCESS EXCLUSIVE) or unwritable (SHARE) for as long as
    /// the backfill runs, and a backfill of a large table also holds its row
    /// locks and bloats the table in one go. Whether the statements share a
    /// transaction depends on how the runner sends the file.
    ///
    /// MySQL commits after each DDL statement, so the lock is not held
    /// across the backfill; SQLite has a single writer. Neither is reported.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN active boolean;
    /// UPDATE users SET active = true;
    /// COMMIT;
    /// ```
    ///
    /// Use instead: commit the schema change, then backfill in batches in
    /// their own transactions:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN active boolean;
    /// COMMIT;
    /// UPDATE users SET active = true WHERE id < 10000;
    /// ```
    pub struct BackfillInDdlTransaction {
        id: "backfill-in-ddl-transaction",
        category: Transaction,
        severity: Warning,
        summary: "a backfill runs in the transaction that holds a schema change's lock on the same table",
    }
}

impl Rule for BackfillInDdlTransaction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) || !cx.transaction.in_transaction() {
            return;
        }
        let table = match &cx.statement.change {
            SchemaChange::Update { table, .. } | SchemaChange::Delete { table } => table,
            _ => return,
        };
        if !cx.table_predates_file(table) {
            return;
        }
        let group = cx.transaction.group;
        let ddl = cx
            .statements
            .iter()
            .zip(cx.transactions)
            .filter(|(_, t)| t.group == group && t.in_transaction())
            .map(|(s, _)| s)
            .find(|s| {
                sql::table_locks(&s.change)
                    .iter()
                    .any(|(name, lock)| *lock >= Lock::Writes && sql::same_table(cx, name, table))
            });
        let Some(ddl) = ddl else {
            return;
        };
        out.report(
            cx.statement.span,
            format!(
                "this backfill of `{}` runs while the transaction holds a schema change's lock on it: the table stays blocked until it finishes",
                sql::display(table)
            ),
        )
        .label(cx.file, ddl.span, "the schema change whose lock is held")
        .help(format!(
            "commit the schema change first, then backfill in batches in their own transactions ({})",
            cx.transaction.why()
        ))
        .subject(sql::table_subject(table));
    }
}
