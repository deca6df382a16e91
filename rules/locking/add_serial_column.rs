use miglint_catalog::types::is_serial;
use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports a `serial`, `bigserial`, `smallserial` or identity column
    /// (PostgreSQL), or an `AUTO_INCREMENT` column (MySQL), added to a table
    /// that existed before this migration file.
    ///
    /// ## Why is this bad?
    /// Every existing row needs its own value from the sequence, so
    /// PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock
    /// (the default `nextval(…)` is volatile). MySQL 8 adds an
    /// `AUTO_INCREMENT` column in place but rebuilds the table and does not
    /// permit concurrent writes meanwhile. SQLite cannot add such a column
    /// (a primary key) with `ALTER TABLE`.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (name text);
    /// -- migration 2
    /// ALTER TABLE events ADD COLUMN id bigserial;
    /// ```
    ///
    /// Use instead: add a nullable `bigint`, attach a sequence as the
    /// default for new rows, and backfill old rows in batches:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (name text);
    /// -- migration 2
    /// ALTER TABLE events ADD COLUMN id bigint;
    /// ```
    pub struct AddSerialColumn {
        id: "add-serial-column",
        category: Locking,
        severity: Warning,
        summary: "an auto-numbered column added to an existing table rewrites it",
    }
}

impl Rule for AddSerialColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() == Dialect::Sqlite {
            return;
        }
        for (table, action, column) in sql::columns_added_to_existing_table(cx) {
            let serial = column
                .data_type
                .as_ref()
                .is_some_and(|t| is_serial(&sql::base_type(&t.text)));
            if !(serial || column.identity.is_some() || column.auto_increment) {
                continue;
            }
            let how = match cx.dialect() {
                Dialect::MySql => "rebuilds the table without concurrent writes",
                _ => "rewrites the table under an ACCESS EXCLUSIVE lock",
            };
            out.report(
                action.span,
                format!(
                    "adding the auto-numbered column `{}.{}` {how} to number every row",
                    sql::display(table),
                    column.name.value
                ),
            )
            .help("add a nullable bigint, give it a sequence default for new rows, and backfill old rows in batches")
            .subject(sql::column_subject(table, &column.name.value));
        }
    }
}
