use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::ConstraintKind;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … ADD PRIMARY KEY` (a constraint that builds its
    /// own index) on a PostgreSQL table that existed before this migration
    /// file.
    ///
    /// ## Why is this bad?
    /// The primary key's index is built under an ACCESS EXCLUSIVE lock, and
    /// columns that are not yet `NOT NULL` are scanned and set so under the
    /// same lock: no query can use the table meanwhile. Build a unique index
    /// `CONCURRENTLY` first and attach it with `PRIMARY KEY USING INDEX`.
    ///
    /// MySQL 8 adds a primary key in place (the table is rebuilt but
    /// concurrent writes are permitted), so it is not reported. SQLite cannot
    /// add one (`sqlite-unsupported-alter`).
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (id bigint NOT NULL, payload text);
    /// -- migration 2
    /// ALTER TABLE events ADD PRIMARY KEY (id);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE events (id bigint NOT NULL, payload text);
    /// -- migration 2
    /// CREATE UNIQUE INDEX CONCURRENTLY events_pkey ON events (id);
    /// -- migration 3
    /// ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;
    /// ```
    pub struct AddPrimaryKey {
        id: "add-primary-key",
        category: Locking,
        severity: Warning,
        summary: "a primary key added to an existing table builds its index under a lock",
    }
}

impl Rule for AddPrimaryKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        for (table, action, constraint) in sql::constraints_added_to_existing_table(cx) {
            if !matches!(constraint.kind, ConstraintKind::PrimaryKey { .. }) {
                continue;
            }
            out.report(
                action.span,
                format!(
                    "adding a primary key builds its index while `{}` is locked (ACCESS EXCLUSIVE)",
                    sql::display(table)
                ),
            )
            .help("build a unique index `CONCURRENTLY`, then `ADD CONSTRAINT … PRIMARY KEY USING INDEX`")
            .subject(sql::table_subject(table));
        }
    }
}
