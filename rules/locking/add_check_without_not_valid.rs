use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::ConstraintKind;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … ADD CHECK` without `NOT VALID` on a PostgreSQL
    /// table that existed before this migration file.
    ///
    /// ## Why is this bad?
    /// Adding a validated check constraint holds an ACCESS EXCLUSIVE lock
    /// while every row is checked: no query can read or write the table for
    /// the length of the scan. Added with `NOT VALID`, only new rows are
    /// checked and the lock is brief; `VALIDATE CONSTRAINT` then checks the
    /// old rows under a lock that lets reads and writes go on.
    ///
    /// MySQL 8 (8.0.16+) validates a new CHECK with a table copy but has no
    /// `NOT VALID`; it is not reported, as there is no safer spelling to
    /// suggest. SQLite cannot add a check to an existing table
    /// (`sqlite-unsupported-alter`).
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE orders (id bigint PRIMARY KEY, amount int);
    /// -- migration 2
    /// ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);
    /// ```
    ///
    /// Use instead (the validation in its own migration):
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE orders (id bigint PRIMARY KEY, amount int);
    /// -- migration 2
    /// ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
    /// -- migration 3
    /// ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;
    /// ```
    pub struct AddCheckWithoutNotValid {
        id: "add-check-without-not-valid",
        category: Locking,
        severity: Warning,
        summary: "a check constraint added to an existing table without NOT VALID locks it while it scans every row",
    }
}

impl Rule for AddCheckWithoutNotValid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        for (table, action, constraint) in sql::constraints_added_to_existing_table(cx) {
            if !matches!(constraint.kind, ConstraintKind::Check { .. }) || constraint.not_valid {
                continue;
            }
            out.report(
                action.span,
                format!(
                    "adding a check constraint locks `{}` (ACCESS EXCLUSIVE) while every row is checked",
                    sql::display(table)
                ),
            )
            .help("add it `NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration")
            .subject(sql::table_subject(table));
        }
    }
}
