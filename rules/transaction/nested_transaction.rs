use miglint_diagnostics::RuleMeta;
use miglint_engine::transaction::Delivery;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{SchemaChange, TransactionControl};

declare_rule! {
    /// ## What it does
    /// Reports `BEGIN` inside a transaction that is already open: a second
    /// `BEGIN` in the file before the first is committed, or a `BEGIN` in a
    /// file the runner already wraps in its own transaction (sqlx, diesel,
    /// goose, dbmate, Flyway, Atlas, drizzle).
    ///
    /// ## Why is this bad?
    /// PostgreSQL ignores the inner `BEGIN` with a warning, so the first
    /// `COMMIT` ends the outer transaction: what follows runs outside it,
    /// the runner's bookkeeping may be committed apart from the schema
    /// change, and a failure half-way leaves the database half-migrated.
    ///
    /// All dialects: PostgreSQL warns and ignores the inner `BEGIN`, MySQL
    /// commits the open transaction at the second `BEGIN`, SQLite rejects it.
    ///
    /// ## Example
    /// ```sql
    /// BEGIN;
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// BEGIN;
    /// CREATE TABLE posts (id bigint PRIMARY KEY);
    /// COMMIT;
    /// COMMIT;
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// BEGIN;
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE posts (id bigint PRIMARY KEY);
    /// COMMIT;
    /// ```
    pub struct NestedTransaction {
        id: "nested-transaction",
        category: Transaction,
        severity: Error,
        summary: "a BEGIN inside a transaction that is already open",
    }
}

impl Rule for NestedTransaction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.statement.change != SchemaChange::Transaction(TransactionControl::Begin) {
            return;
        }
        if let Some(outer) = cx.transaction.explicit_begin {
            out.report(cx.statement.span, "a transaction is already open here")
                .label(cx.file, outer, "it starts here")
                .help("remove this `BEGIN`, or `COMMIT` the first transaction before it");
        } else if cx.transaction.delivery == Delivery::Transaction {
            out.report(
                cx.statement.span,
                format!(
                    "`BEGIN` inside the runner's transaction: {}",
                    cx.transaction.reason
                ),
            )
            .help("remove `BEGIN`/`COMMIT` from the file, or switch the runner's transaction off for it");
        }
    }
}
