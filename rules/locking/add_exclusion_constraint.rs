use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::ConstraintKind;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … ADD CONSTRAINT … EXCLUDE` on a PostgreSQL table
    /// that existed before this migration file.
    ///
    /// ## Why is this bad?
    /// Adding an exclusion constraint builds its index and checks every row
    /// under an ACCESS EXCLUSIVE lock: the table can be neither read nor
    /// written until it is done. Unlike foreign keys and checks there is no
    /// `NOT VALID`, and unlike unique constraints no `USING INDEX`, so there
    /// is no online way to add one. On a table created in the same file the
    /// lock harms nobody and is not reported.
    ///
    /// MySQL and SQLite have no exclusion constraints.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE bookings (id bigint PRIMARY KEY, room int, during tstzrange);
    /// -- migration 2
    /// ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);
    /// ```
    ///
    /// Use instead: declare it when the table is created, or add it in a
    /// maintenance window with a short `lock_timeout`:
    /// ```sql
    /// CREATE TABLE bookings (id bigint PRIMARY KEY, room int, during tstzrange);
    /// ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&);
    /// ```
    pub struct AddExclusionConstraint {
        id: "add-exclusion-constraint",
        category: Locking,
        severity: Warning,
        summary: "an exclusion constraint added to an existing table locks it while every row is checked",
    }
}

impl Rule for AddExclusionConstraint {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        for (table, action, constraint) in sql::constraints_added_to_existing_table(cx) {
            if constraint.kind != ConstraintKind::Exclude {
                continue;
            }
            out.report(
                action.span,
                format!(
                    "adding an exclusion constraint locks `{}` (ACCESS EXCLUSIVE) while its index is built and every row checked",
                    sql::display(table)
                ),
            )
            .help("there is no online way to add it: do it in a quiet window with a short `lock_timeout`, or when the table is created")
            .subject(sql::table_subject(table));
        }
    }
}
