use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;
use miglint_syntax::ir::ColumnDef;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ADD COLUMN … NOT NULL` without a default on a table that
    /// existed before this migration file (PostgreSQL and SQLite).
    ///
    /// ## Why is this bad?
    /// The existing rows would get a null in a column that forbids it, so
    /// the statement fails on any table with rows ("column contains null
    /// values"; SQLite 3.40 refuses it on a table with rows too). It passes on a
    /// developer's empty database and fails in production.
    ///
    /// MySQL is not concerned: it fills existing rows with the type's
    /// implicit default (0, '').
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE users ADD COLUMN referral_code text NOT NULL;
    /// ```
    ///
    /// Use instead: add it nullable, backfill, then set it NOT NULL in a
    /// later migration (or add it with a constant default):
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE users ADD COLUMN referral_code text;
    /// UPDATE users SET referral_code = '' WHERE referral_code IS NULL;
    /// ```
    pub struct AddColumnNotNullWithoutDefault {
        id: "add-column-not-null-without-default",
        category: Compat,
        severity: Error,
        summary: "a NOT NULL column without a default added to an existing table fails when the table has rows",
    }
}

impl Rule for AddColumnNotNullWithoutDefault {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() == Dialect::MySql {
            return;
        }
        for (table, action, column) in sql::columns_added_to_existing_table(cx) {
            if !column.not_null || fills_itself(column) {
                continue;
            }
            out.report(
                action.span,
                format!(
                    "adding `{}.{}` NOT NULL without a default fails on a table with rows",
                    sql::display(table),
                    column.name.value
                ),
            )
            .help("add it nullable (or with a default), backfill it, then SET NOT NULL in a later migration")
            .subject(sql::column_subject(table, &column.name.value));
        }
    }
}

/// A column whose rows get a value without a written default.
fn fills_itself(column: &ColumnDef) -> bool {
    let serial = column.data_type.as_ref().is_some_and(|t| {
        let name = t.text.to_ascii_lowercase();
        name.contains("serial")
    });
    let default = column
        .default
        .as_ref()
        .is_some_and(|d| !d.text.eq_ignore_ascii_case("null"));
    default
        || serial
        || column.identity.is_some()
        || column.generated.is_some()
        || column.auto_increment
}
