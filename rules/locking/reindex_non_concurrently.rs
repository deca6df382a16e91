use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{ReindexTarget, SchemaChange, Utility};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `REINDEX` without `CONCURRENTLY` on PostgreSQL, unless it
    /// rebuilds an index or table created earlier in the same file.
    ///
    /// ## Why is this bad?
    /// A plain `REINDEX` locks the table against writes (SHARE) and takes an
    /// ACCESS EXCLUSIVE lock on each index it rebuilds, so queries that would
    /// use the index wait too, for as long as the rebuild takes. `REINDEX
    /// SCHEMA` and `DATABASE` do this to every table in turn.
    ///
    /// PostgreSQL 12 added `REINDEX … CONCURRENTLY`, which builds a new
    /// index beside the old one and swaps them. Like `CREATE INDEX
    /// CONCURRENTLY` it cannot run inside a transaction block.
    /// MySQL and SQLite have no `REINDEX` of this kind (SQLite's `REINDEX`
    /// runs in its single writer and is not reported).
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_idx ON users (email);
    /// -- migration 2
    /// REINDEX INDEX users_email_idx;
    /// ```
    ///
    /// Use instead (PostgreSQL 12+), in a migration that does not run in a
    /// transaction:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_idx ON users (email);
    /// -- migration 2
    /// REINDEX INDEX CONCURRENTLY users_email_idx;
    /// ```
    pub struct ReindexNonConcurrently {
        id: "reindex-non-concurrently",
        category: Locking,
        severity: Warning,
        summary: "a REINDEX without CONCURRENTLY blocks writes to the table and reads through the index",
    }
}

impl Rule for ReindexNonConcurrently {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::Utility(Utility::Reindex {
            target,
            name,
            concurrently: false,
        }) = &cx.statement.change
        else {
            return;
        };
        if !sql::is_postgres(cx) {
            return;
        }
        let what = match (target, name) {
            (ReindexTarget::Table, Some(table)) => {
                if !cx.table_predates_file(table) {
                    return;
                }
                format!("table `{}`", sql::display(table))
            }
            (ReindexTarget::Index, Some(index)) => {
                let (schema, name) = cx.catalog.resolve(index);
                let on = cx
                    .catalog
                    .index(Some(&schema), &name)
                    .map(|i| i.table.clone());
                if let Some((schema, table)) = &on
                    && cx
                        .catalog
                        .table(Some(schema), table)
                        .is_some_and(|t| !cx.predates_file(t))
                {
                    return;
                }
                format!("index `{}`", sql::display(index))
            }
            (ReindexTarget::Schema, Some(n)) => {
                format!("every index of schema `{}`", sql::display(n))
            }
            _ => "every index of the database".to_owned(),
        };
        let help = if cx.server_version.at_least(12, 0) {
            "use `REINDEX … CONCURRENTLY` in a migration that does not run in a transaction"
        } else {
            "before PostgreSQL 12, build a new index with `CREATE INDEX CONCURRENTLY`, then drop the old one"
        };
        out.report(
            cx.statement.span,
            format!("rebuilding {what} blocks writes to its table (SHARE) and reads through the index (ACCESS EXCLUSIVE)"),
        )
        .help(help);
    }
}
