use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::ConstraintKind;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … ADD UNIQUE` (a constraint that builds its own
    /// index) on a PostgreSQL table that existed before this migration file.
    ///
    /// ## Why is this bad?
    /// The unique index is built while the table is locked against writes
    /// (ACCESS EXCLUSIVE for the `ALTER TABLE`): on a large table, minutes of
    /// blocked queries. Build the unique index `CONCURRENTLY` first, then
    /// attach it with `ADD CONSTRAINT … UNIQUE USING INDEX`, which is instant.
    ///
    /// MySQL 8 builds a unique index online (in place, concurrent writes
    /// permitted): not reported. SQLite cannot add a constraint
    /// (`sqlite-unsupported-alter`); use `CREATE UNIQUE INDEX`.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
    /// -- migration 3
    /// ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
    /// ```
    pub struct AddUniqueConstraint {
        id: "add-unique-constraint",
        category: Locking,
        severity: Warning,
        summary: "a unique constraint added to an existing table builds its index under a lock",
    }
}

impl Rule for AddUniqueConstraint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        for (table, action, constraint) in sql::constraints_added_to_existing_table(cx) {
            if !matches!(constraint.kind, ConstraintKind::Unique { .. }) {
                continue;
            }
            out.report(
                action.span,
                format!(
                    "adding a unique constraint builds its index while `{}` is locked (ACCESS EXCLUSIVE)",
                    sql::display(table)
                ),
            )
            .help("build the index with `CREATE UNIQUE INDEX CONCURRENTLY`, then `ADD CONSTRAINT … UNIQUE USING INDEX`")
            .subject(sql::table_subject(table));
        }
    }
}
