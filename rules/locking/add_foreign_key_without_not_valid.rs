use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterTableOp, ConstraintKind};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … ADD FOREIGN KEY` without `NOT VALID` on a
    /// PostgreSQL table that existed before this migration file, and a column
    /// added to such a table with its own `REFERENCES` (the same lock and
    /// check; a column constraint cannot be `NOT VALID`, so add the column
    /// first and the key as a separate `NOT VALID` constraint).
    ///
    /// ## Why is this bad?
    /// Adding a validated foreign key takes a SHARE ROW EXCLUSIVE lock on
    /// both tables and scans every row of the referencing table while holding
    /// it: writes to both tables stop for the length of the scan. Added with
    /// `NOT VALID`, the constraint is checked for new rows only and the lock
    /// is brief; `VALIDATE CONSTRAINT` then checks the old rows under a lock
    /// that lets reads and writes go on.
    ///
    /// MySQL has no `NOT VALID`: InnoDB adds a foreign key in place only with
    /// `foreign_key_checks` off, otherwise it copies the table; this rule
    /// stays PostgreSQL-only, as it would have no safe spelling to suggest.
    /// SQLite cannot add a foreign key to an existing table.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);
    /// -- migration 2
    /// ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
    /// ```
    ///
    /// Use instead (the validation in its own migration):
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint);
    /// -- migration 2
    /// ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
    /// -- migration 3
    /// ALTER TABLE posts VALIDATE CONSTRAINT posts_user_fk;
    /// ```
    pub struct AddForeignKeyWithoutNotValid {
        id: "add-foreign-key-without-not-valid",
        category: Locking,
        severity: Warning,
        summary: "a foreign key added to an existing table without NOT VALID blocks writes while it scans the table",
    }
}

impl Rule for AddForeignKeyWithoutNotValid {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let Some((table, actions)) = sql::alter_existing_table(cx) else {
            return;
        };
        for action in actions {
            // `ADD CONSTRAINT … FOREIGN KEY`, or a new column's own
            // `REFERENCES` (PostgreSQL 15 takes the same SHARE ROW EXCLUSIVE
            // lock on the referenced table and checks every row).
            let references = match &action.op {
                AlterTableOp::AddConstraint { constraint } if !constraint.not_valid => {
                    match &constraint.kind {
                        ConstraintKind::ForeignKey { references, .. } => references,
                        _ => continue,
                    }
                }
                AlterTableOp::AddColumn { column, .. } => match &column.references {
                    Some(references) => references,
                    None => continue,
                },
                _ => continue,
            };
            out.report(
                action.span,
                format!(
                    "adding a foreign key locks `{}` and `{}` against writes (SHARE ROW EXCLUSIVE) while every row of `{}` is checked",
                    sql::display(table),
                    sql::display(&references.table),
                    sql::display(table)
                ),
            )
            .help("add it `NOT VALID`, then `VALIDATE CONSTRAINT` in a later migration")
            .subject(sql::table_subject(table));
        }
    }
}
