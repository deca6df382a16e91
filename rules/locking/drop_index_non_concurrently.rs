use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `DROP INDEX` without `CONCURRENTLY` of a PostgreSQL index on a
    /// table that existed before this migration file.
    ///
    /// ## Why is this bad?
    /// `DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's table: it
    /// waits for every running query on the table, and every query that
    /// arrives meanwhile waits behind it. `DROP INDEX CONCURRENTLY` waits for
    /// conflicting transactions without blocking new ones.
    ///
    /// MySQL 8 drops an index in place, changing only metadata; SQLite has
    /// one writer. Neither is reported.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_idx ON users (email);
    /// -- migration 2
    /// DROP INDEX users_email_idx;
    /// ```
    ///
    /// Use instead, alone in a migration that does not run in a transaction:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// CREATE INDEX users_email_idx ON users (email);
    /// -- migration 2
    /// DROP INDEX CONCURRENTLY users_email_idx;
    /// ```
    pub struct DropIndexNonConcurrently {
        id: "drop-index-non-concurrently",
        category: Locking,
        severity: Warning,
        summary: "an index dropped without CONCURRENTLY locks an existing table",
    }
}

impl Rule for DropIndexNonConcurrently {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::DropIndex {
            names,
            concurrently: false,
            table: None,
            ..
        } = &cx.statement.change
        else {
            return;
        };
        if !sql::is_postgres(cx) {
            return;
        }
        for name in names {
            let (schema, index) = cx.catalog.resolve(name);
            let predates = match cx.catalog.index(Some(&schema), &index) {
                Some(found) => {
                    let table = cx.catalog.table(Some(&found.table.0), &found.table.1);
                    table.is_some_and(|t| cx.predates_file(t))
                }
                // Unknown index: only a partial history may hold it.
                None => cx.partial,
            };
            if predates {
                out.report(
                    name.span,
                    format!(
                        "dropping index `{}` locks its table (ACCESS EXCLUSIVE) until every query on it ends",
                        sql::display(name)
                    ),
                )
                .help("use `DROP INDEX CONCURRENTLY`, alone in a migration that does not run in a transaction");
            }
        }
    }
}
