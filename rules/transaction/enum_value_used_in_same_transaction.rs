use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterTypeOp, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports a statement that uses an enum label added by
    /// `ALTER TYPE … ADD VALUE` earlier in the same transaction, as the
    /// project's migration tool runs the file (its own `BEGIN`, a `BEGIN` in
    /// the file, or the whole file sent as one script).
    ///
    /// ## Why is this bad?
    /// PostgreSQL cannot use a new enum value before the `ADD VALUE`
    /// commits: the statement fails with "unsafe use of new value", and the
    /// migration with it.
    ///
    /// PostgreSQL only: MySQL enums change with `MODIFY` and DDL commits at
    /// once; SQLite has no enums.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TYPE status AS ENUM ('active');
    /// CREATE TABLE users (id bigint PRIMARY KEY, status status);
    /// BEGIN;
    /// ALTER TYPE status ADD VALUE 'archived';
    /// UPDATE users SET status = 'archived' WHERE id = 1;
    /// COMMIT;
    /// ```
    ///
    /// Use instead: add the value in one migration and use it in a later one.
    pub struct EnumValueUsedInSameTransaction {
        id: "enum-value-used-in-same-transaction",
        category: Transaction,
        severity: Error,
        summary: "an enum value used in the transaction that adds it, which PostgreSQL rejects",
    }
}

impl Rule for EnumValueUsedInSameTransaction {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx)
            || matches!(
                cx.statement.change,
                SchemaChange::AlterType { .. } | SchemaChange::CreateEnum { .. }
            )
        {
            return;
        }
        let group = cx.transaction.group;
        let text = cx.text();
        for (earlier, state) in cx.statements.iter().zip(cx.transactions).take(cx.index) {
            let SchemaChange::AlterType {
                name,
                op: AlterTypeOp::AddValue { value, .. },
            } = &earlier.change
            else {
                continue;
            };
            if state.group != group || !uses_label(text, &value.value) {
                continue;
            }
            out.report(
                cx.statement.span,
                format!(
                    "'{}' was added to `{}` in this transaction and cannot be used before it commits",
                    value.value,
                    sql::display(name)
                ),
            )
            .label(cx.file, earlier.span, "added here")
            .help("use the new value in a later migration");
            return;
        }
    }
}

/// Whether `text` holds the string literal `'label'`.
fn uses_label(text: &str, label: &str) -> bool {
    let literal = format!("'{}'", label.replace('\'', "''"));
    text.contains(&literal)
}
