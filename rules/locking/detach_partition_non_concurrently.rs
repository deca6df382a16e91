use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::AlterTableOp;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … DETACH PARTITION` without `CONCURRENTLY` on a
    /// partitioned PostgreSQL table that existed before this migration file,
    /// when the target is PostgreSQL 14 or later.
    ///
    /// ## Why is this bad?
    /// A plain detach takes an ACCESS EXCLUSIVE lock on the parent table:
    /// every query on any partition through the parent waits. PostgreSQL 14
    /// added `DETACH PARTITION … CONCURRENTLY`, which takes only a SHARE
    /// UPDATE EXCLUSIVE lock on the parent; it cannot run in a transaction
    /// block. Before 14 there is no alternative, so the rule stays silent.
    ///
    /// MySQL's `ALTER TABLE … REMOVE/EXCHANGE PARTITION` and SQLite are not
    /// concerned.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
    /// CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    /// -- migration 2
    /// ALTER TABLE events DETACH PARTITION events_2024;
    /// ```
    ///
    /// Use instead, in a migration that does not run in a transaction:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (id bigint, at date) PARTITION BY RANGE (at);
    /// CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    /// -- migration 2
    /// ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;
    /// ```
    pub struct DetachPartitionNonConcurrently {
        id: "detach-partition-non-concurrently",
        category: Locking,
        severity: Warning,
        summary: "detaching a partition without CONCURRENTLY locks the whole partitioned table",
    }
}

impl Rule for DetachPartitionNonConcurrently {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) || !cx.server_version.at_least(14, 0) {
            return;
        }
        let Some((table, actions)) = sql::alter_existing_table(cx) else {
            return;
        };
        for action in actions {
            let AlterTableOp::DetachPartition {
                partition,
                concurrently: false,
            } = &action.op
            else {
                continue;
            };
            out.report(
                action.span,
                format!(
                    "detaching `{}` locks the partitioned table `{}` (ACCESS EXCLUSIVE)",
                    sql::display(partition),
                    sql::display(table)
                ),
            )
            .help("use `DETACH PARTITION … CONCURRENTLY` in a migration that does not run in a transaction")
            .subject(sql::table_subject(table));
        }
    }
}
