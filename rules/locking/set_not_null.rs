use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterColumnOp, AlterTableOp};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … SET NOT NULL` on a PostgreSQL table that
    /// existed before this migration file.
    ///
    /// ## Why is this bad?
    /// `SET NOT NULL` holds an ACCESS EXCLUSIVE lock while it scans the whole
    /// table for nulls: no query can read or write the table meanwhile. From
    /// PostgreSQL 12 on, the scan is skipped when a validated
    /// `CHECK (column IS NOT NULL)` constraint already proves it, and such a
    /// check can be added `NOT VALID` and validated without blocking.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ```
    ///
    /// Use instead: prove it with a check first, then set it (PostgreSQL 12+):
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
    /// -- migration 3
    /// ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
    /// ```
    /// and in a later migration `ALTER TABLE users ALTER COLUMN email SET NOT
    /// NULL;` (not reported once the check is validated) followed by `ALTER
    /// TABLE users DROP CONSTRAINT users_email_not_null;`.
    ///
    /// MySQL: `MODIFY … NOT NULL` rebuilds the table in place and permits
    /// concurrent writes (online DDL), so it is not reported; SQLite cannot
    /// change a column's nullability (`sqlite-unsupported-alter`).
    pub struct SetNotNull {
        id: "set-not-null",
        category: Locking,
        severity: Warning,
        summary: "setting a column NOT NULL on an existing table locks it while it scans every row",
    }
}

impl Rule for SetNotNull {
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
            let AlterTableOp::AlterColumn {
                name,
                op: AlterColumnOp::SetNotNull,
            } = &action.op
            else {
                continue;
            };
            // PostgreSQL 12+ skips the scan when a validated check proves it.
            let proven = cx.server_version.at_least(12, 0)
                && cx.catalog.table_by_name(table).is_some_and(|t| {
                    t.constraints.iter().any(|c| {
                        c.validated
                            && c.expression
                                .as_deref()
                                .is_some_and(|e| proves_not_null(e, &name.value, cx))
                    })
                });
            if proven {
                continue;
            }
            let help = if cx.server_version.at_least(12, 0) {
                "add `CHECK (column IS NOT NULL) NOT VALID`, validate it in a later migration, then SET NOT NULL (no scan) and drop the check"
            } else {
                "before PostgreSQL 12 there is no way around the scan: run it when the table is quiet, or keep a validated CHECK instead"
            };
            out.report(
                action.span,
                format!(
                    "setting `{}.{}` NOT NULL locks the table (ACCESS EXCLUSIVE) while every row is checked",
                    sql::display(table),
                    name.value
                ),
            )
            .help(help)
            .subject(sql::column_subject(table, &name.value));
        }
    }
}

/// Whether a check expression is `column IS NOT NULL`, alone or as one of the
/// `AND`ed terms at its top level (PostgreSQL proves NOT NULL from either).
fn proves_not_null(expr: &str, column: &str, cx: &StatementContext<'_>) -> bool {
    let mut text = expr.trim();
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        text = inner.trim();
    }
    let lower = text.to_ascii_lowercase();
    // Split on top-level AND only.
    let mut depth = 0i32;
    let mut terms = Vec::new();
    let mut start = 0;
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes.get(i) {
            Some(b'(') => depth += 1,
            Some(b')') => depth -= 1,
            _ => {}
        }
        if depth == 0 && lower.get(i..).is_some_and(|r| r.starts_with(" and ")) {
            terms.push(text.get(start..i).unwrap_or(""));
            start = i + 5;
            i += 5;
            continue;
        }
        i += 1;
    }
    terms.push(text.get(start..).unwrap_or(""));
    terms.iter().any(|term| {
        let term = term
            .trim()
            .trim_start_matches('(')
            .trim_end_matches(')')
            .trim();
        let Some(subject) = term
            .len()
            .checked_sub(" is not null".len())
            .filter(|&at| {
                term.get(at..)
                    .is_some_and(|t| t.eq_ignore_ascii_case(" is not null"))
            })
            .and_then(|at| term.get(..at))
        else {
            return false;
        };
        let subject = subject.trim();
        let (value, quoted) = match subject.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Some(inner) => (inner, true),
            None => (subject, false),
        };
        if quoted {
            value == column
        } else {
            cx.catalog.same(value, column)
        }
    })
}
