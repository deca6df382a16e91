use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};

use crate::sql::{self, Lock};

declare_rule! {
    /// ## What it does
    /// Reports the first statement of a PostgreSQL migration file that locks
    /// an existing table when no `SET statement_timeout` comes before it in
    /// the file. Off by default: the timeout is often set on the role or the
    /// connection instead.
    ///
    /// ## Why is this bad?
    /// A statement that holds a lock for longer than expected (a rewrite on
    /// a table larger than in staging, a scan nobody timed) keeps every
    /// other query on the table waiting until it ends. A statement timeout
    /// bounds the damage: the migration fails and rolls back instead.
    /// Set it generously for statements that are meant to be long, such as
    /// `CREATE INDEX CONCURRENTLY`, which holds no blocking lock.
    ///
    /// MySQL's `max_execution_time` applies only to `SELECT`, and SQLite has
    /// no statement timeout: the rule is PostgreSQL-only.
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
    /// SET statement_timeout = '30s';
    /// ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
    /// ```
    pub struct MissingStatementTimeout {
        id: "missing-statement-timeout",
        category: Locking,
        severity: Warning,
        summary: "a migration locks an existing table without a statement timeout",
        enabled: false,
    }
}

impl Rule for MissingStatementTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let Some(table) = sql::locks_existing(cx, &cx.statement.change, Lock::Writes) else {
            return;
        };
        if sql::timeout_set_before(cx, &["statement_timeout"]) {
            return;
        }
        let earlier = cx
            .statements
            .iter()
            .take(cx.index)
            .any(|s| sql::locks_existing(cx, &s.change, Lock::Writes).is_some());
        if earlier {
            return;
        }
        out.report(
            cx.statement.span,
            format!(
                "this locks `{}` with no `statement_timeout` set: nothing bounds how long others wait",
                sql::display(table)
            ),
        )
        .help("start the migration with `SET statement_timeout = …`, generous enough for the work")
        .subject(sql::table_subject(table));
    }
}
