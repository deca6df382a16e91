use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;

use crate::sql::{self, Lock};

declare_rule! {
    /// ## What it does
    /// Reports the first statement of a migration file that locks an
    /// existing table against writes when no `SET lock_timeout` (PostgreSQL)
    /// or `SET lock_wait_timeout` (MySQL) comes before it in the file. Off by
    /// default: the timeout is often set on the role or the connection
    /// instead.
    ///
    /// ## Why is this bad?
    /// A statement that needs a strong lock first waits behind every running
    /// transaction on the table, and while it waits, every later query on the
    /// table queues behind it. One long-running report turns a millisecond
    /// `ALTER TABLE` into an outage. A lock timeout makes the migration fail
    /// fast instead, so it can be retried.
    ///
    /// PostgreSQL waits forever by default. MySQL's metadata lock waits up
    /// to `lock_wait_timeout`, one year by default, and online DDL still
    /// needs that lock briefly at its start and end. SQLite has one writer
    /// and is not concerned.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE users ADD COLUMN name text;
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// SET lock_timeout = '5s';
    /// ALTER TABLE users ADD COLUMN name text;
    /// ```
    pub struct MissingLockTimeout {
        id: "missing-lock-timeout",
        category: Locking,
        severity: Warning,
        summary: "a migration takes a strong lock on an existing table without a lock timeout",
        enabled: false,
    }
}

impl Rule for MissingLockTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let setting = match cx.dialect() {
            Dialect::Postgres => "lock_timeout",
            Dialect::MySql => "lock_wait_timeout",
            Dialect::Sqlite => return,
        };
        let Some(table) = sql::locks_existing(cx, &cx.statement.change, Lock::Writes) else {
            return;
        };
        if sql::timeout_set_before(cx, &[setting]) {
            return;
        }
        // Once per file: an earlier statement of the file already reported.
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
                "this locks `{}` with no `{setting}` set: if the lock is not granted at once, every query on the table queues behind it",
                sql::display(table)
            ),
        )
        .help(format!("start the migration with `SET {setting} = …` (a few seconds) and retry on timeout"))
        .subject(sql::table_subject(table));
    }
}
