use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{SchemaChange, Utility};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `REFRESH MATERIALIZED VIEW` without `CONCURRENTLY` on
    /// PostgreSQL, for a materialized view that existed before this
    /// migration file.
    ///
    /// ## Why is this bad?
    /// A plain refresh holds an ACCESS EXCLUSIVE lock on the view while its
    /// query runs again: every `SELECT` from the view waits until the refresh
    /// is done. `CONCURRENTLY` (PostgreSQL 9.4+) computes the new contents
    /// beside the old and lets reads go on; it needs a unique index on the
    /// view, a view that is already populated, and cannot run in a
    /// transaction block. A view created earlier in the same file is not
    /// reported: nobody reads it yet.
    ///
    /// MySQL and SQLite have no materialized views.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
    /// CREATE MATERIALIZED VIEW order_totals AS SELECT id, total FROM orders;
    /// CREATE UNIQUE INDEX order_totals_id ON order_totals (id);
    /// -- migration 2
    /// REFRESH MATERIALIZED VIEW order_totals;
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
    /// CREATE MATERIALIZED VIEW order_totals AS SELECT id, total FROM orders;
    /// CREATE UNIQUE INDEX order_totals_id ON order_totals (id);
    /// -- migration 2
    /// REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;
    /// ```
    pub struct RefreshMaterializedViewNonConcurrently {
        id: "refresh-materialized-view-non-concurrently",
        category: Locking,
        severity: Warning,
        summary: "a materialized view refreshed without CONCURRENTLY cannot be read until the refresh ends",
    }
}

impl Rule for RefreshMaterializedViewNonConcurrently {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::Utility(Utility::RefreshMaterializedView {
            name,
            concurrently: false,
        }) = &cx.statement.change
        else {
            return;
        };
        if !sql::is_postgres(cx) {
            return;
        }
        let (schema, view) = cx.catalog.resolve(name);
        let new_here = cx
            .catalog
            .view(Some(&schema), &view)
            .is_some_and(|v| cx.is_new_in_this_file(&v.history));
        if new_here {
            return;
        }
        out.report(
            cx.statement.span,
            format!(
                "refreshing `{}` locks it (ACCESS EXCLUSIVE): reads wait until the query has run again",
                sql::display(name)
            ),
        )
        .help("use `REFRESH MATERIALIZED VIEW CONCURRENTLY` (needs a unique index on the view), outside a transaction");
    }
}
