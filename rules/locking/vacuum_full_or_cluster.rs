use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{ObjectName, SchemaChange, Utility};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `VACUUM FULL` and `CLUSTER` on PostgreSQL, unless every table
    /// they name was created earlier in the same migration file.
    ///
    /// ## Why is this bad?
    /// Both rewrite the whole table into a new file and hold an ACCESS
    /// EXCLUSIVE lock until they finish: no query can read or write the
    /// table, for minutes or hours on a large one. Without a table name they
    /// do this to every table (`VACUUM FULL`) or every clustered table
    /// (`CLUSTER`). A plain `VACUUM` takes no such lock and is not reported.
    ///
    /// MySQL's counterpart, `OPTIMIZE TABLE`, rebuilds InnoDB tables online;
    /// SQLite's `VACUUM` runs in its single writer. Neither is reported.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);
    /// -- migration 2
    /// VACUUM FULL events;
    /// ```
    ///
    /// Use instead: a plain `VACUUM`, or an online rewrite such as the
    /// pg_repack extension run outside migrations:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);
    /// -- migration 2
    /// VACUUM events;
    /// ```
    pub struct VacuumFullOrCluster {
        id: "vacuum-full-or-cluster",
        category: Locking,
        severity: Warning,
        summary: "a VACUUM FULL or CLUSTER rewrites a table that cannot be read or written meanwhile",
    }
}

impl Rule for VacuumFullOrCluster {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let (keyword, tables): (&str, Vec<&ObjectName>) = match &cx.statement.change {
            SchemaChange::Utility(Utility::VacuumFull { tables }) => {
                ("VACUUM FULL", tables.iter().collect())
            }
            SchemaChange::Utility(Utility::Cluster { table }) => {
                ("CLUSTER", table.iter().collect())
            }
            _ => return,
        };
        let what = if tables.is_empty() {
            "every table it applies to".to_owned()
        } else {
            let existing: Vec<String> = tables
                .iter()
                .filter(|t| cx.table_predates_file(t))
                .map(|t| format!("`{}`", sql::display(t)))
                .collect();
            if existing.is_empty() {
                return;
            }
            existing.join(", ")
        };
        out.report(
            cx.statement.span,
            format!("`{keyword}` rewrites {what} under an ACCESS EXCLUSIVE lock: no reads or writes until it ends"),
        )
        .help("use a plain `VACUUM`, or rewrite online with pg_repack outside the migration");
    }
}
