use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `CREATE INDEX CONCURRENTLY` and `DROP INDEX CONCURRENTLY` that
    /// will run inside a transaction, as the project's migration tool sends
    /// the file: the runner's own `BEGIN` (sqlx, diesel, goose, dbmate,
    /// Flyway, Atlas, drizzle), a `BEGIN` in the file, or a multi-statement
    /// file sent as one script (Prisma, golang-migrate, and sqlx, diesel or
    /// dbmate with their transaction switched off), which PostgreSQL runs as
    /// one implicit transaction.
    ///
    /// ## Why is this bad?
    /// PostgreSQL rejects it ("cannot run inside a transaction block"), the
    /// migration fails, and the deploy stops. `transaction` in miglint.toml
    /// overrides what miglint infers from the tool.
    ///
    /// PostgreSQL only: MySQL has no `CONCURRENTLY` and commits DDL
    /// implicitly, and SQLite has no concurrent builds.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// BEGIN;
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// COMMIT;
    /// ```
    ///
    /// Use instead: the statement alone, in a migration the runner does not
    /// wrap (sqlx `-- no-transaction`, goose `-- +goose NO TRANSACTION`,
    /// dbmate `transaction:false`, diesel `run_in_transaction = false`;
    /// with Prisma, a migration of its own):
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// ```
    pub struct ConcurrentIndexInTransaction {
        id: "concurrent-index-in-transaction",
        category: Transaction,
        severity: Error,
        summary: "an index built or dropped CONCURRENTLY inside a transaction, which PostgreSQL rejects",
    }
}

impl Rule for ConcurrentIndexInTransaction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let keyword = match &cx.statement.change {
            SchemaChange::CreateIndex {
                concurrently: true, ..
            } => "CREATE INDEX CONCURRENTLY",
            SchemaChange::DropIndex {
                concurrently: true, ..
            } => "DROP INDEX CONCURRENTLY",
            _ => return,
        };
        if !sql::is_postgres(cx) || !cx.transaction.in_transaction() {
            return;
        }
        let finding = out
            .report(
                cx.statement.span,
                format!(
                    "{keyword} fails inside a transaction, and this one runs in one: {}",
                    cx.transaction.why()
                ),
            )
            .help("put it alone in a migration that does not run in a transaction");
        if let Some(begin) = cx.transaction.explicit_begin {
            finding.label(cx.file, begin, "the transaction starts here");
        }
    }
}
