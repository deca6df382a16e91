use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ADD COLUMN … GENERATED ALWAYS AS (…) STORED` on a table that
    /// existed before this migration file (PostgreSQL and MySQL).
    ///
    /// ## Why is this bad?
    /// A stored generated column must be computed and written for every
    /// existing row: PostgreSQL rewrites the whole table under an ACCESS
    /// EXCLUSIVE lock, and MySQL 8 cannot add one in place (it copies the
    /// table, blocking writes). PostgreSQL up to 17 has only stored generated
    /// columns, so a generated column there is stored unless `VIRTUAL` is
    /// written (PostgreSQL 18). MySQL's default, `VIRTUAL`, is added
    /// instantly and is not reported.
    ///
    /// SQLite cannot add a stored generated column at all
    /// (`sqlite-unsupported-alter`).
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE items (id bigint PRIMARY KEY, price numeric, qty int);
    /// -- migration 2
    /// ALTER TABLE items ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;
    /// ```
    ///
    /// Use instead: add a plain nullable column, fill it with a trigger for
    /// new rows and batches for old ones, or compute it in a view:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE items (id bigint PRIMARY KEY, price numeric, qty int);
    /// -- migration 2
    /// ALTER TABLE items ADD COLUMN total numeric;
    /// ```
    pub struct AddStoredGeneratedColumn {
        id: "add-stored-generated-column",
        category: Locking,
        severity: Warning,
        summary: "a stored generated column added to an existing table rewrites it",
    }
}

impl Rule for AddStoredGeneratedColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() == Dialect::Sqlite {
            return;
        }
        for (table, action, column) in sql::columns_added_to_existing_table(cx) {
            if column.generated.is_none() {
                continue;
            }
            let stored = cx.statement.generated_column_stored(&column.name.value);
            let stored = match cx.dialect() {
                Dialect::MySql => stored == Some(true),
                _ => stored != Some(false),
            };
            if !stored {
                continue;
            }
            let how = match cx.dialect() {
                Dialect::MySql => "copies the table (writes blocked) to compute it",
                _ => "rewrites the table under an ACCESS EXCLUSIVE lock to compute it",
            };
            out.report(
                action.span,
                format!(
                    "adding the stored generated column `{}.{}` {how} for every row",
                    sql::display(table),
                    column.name.value
                ),
            )
            .help("add a plain nullable column and backfill it in batches (a trigger keeps new rows filled), or compute it in a view")
            .subject(sql::column_subject(table, &column.name.value));
        }
    }
}
