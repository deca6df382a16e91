use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileContext, FileFindings, Rule};

declare_rule! {
    /// ## What it does
    /// Reports a `BEGIN` in a migration file with no `COMMIT` or `ROLLBACK`
    /// after it.
    ///
    /// ## Why is this bad?
    /// Whether the work is committed then depends on the runner: some
    /// commit it with their own bookkeeping, some roll it back when the
    /// session ends, and a runner that wraps the file in its own transaction
    /// is left with a nested `BEGIN`. The migration may report success and
    /// change nothing.
    ///
    /// All dialects: an open transaction at the end of a file leaves its work
    /// uncommitted (or rolled back when the connection closes).
    ///
    /// ## Example
    /// ```sql
    /// BEGIN;
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// BEGIN;
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// COMMIT;
    /// ```
    pub struct UncommittedTransaction {
        id: "uncommitted-transaction",
        category: Transaction,
        severity: Error,
        summary: "a BEGIN with no COMMIT before the end of the migration",
    }
}

impl Rule for UncommittedTransaction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_file(&self, cx: &FileContext<'_>, out: &mut FileFindings<'_>) {
        if let Some(begin) = cx.open_transaction {
            out.report(begin, "this transaction is never committed in the file")
                .help("end it with `COMMIT;` (or remove the `BEGIN` when the runner provides the transaction)");
        }
    }
}
