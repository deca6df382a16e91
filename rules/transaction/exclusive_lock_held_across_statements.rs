use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

use crate::sql::{self, Lock};

declare_rule! {
    /// ## What it does
    /// Reports a statement that takes an ACCESS EXCLUSIVE lock on an
    /// existing PostgreSQL table inside a transaction, when a later statement
    /// of the same transaction locks or writes *another* existing table.
    /// Reported once per transaction, at the first such lock.
    ///
    /// ## Why is this bad?
    /// PostgreSQL keeps every lock until the transaction commits. While a
    /// later statement waits for its own lock, or scans, the first table
    /// stays locked: every query on it queues, though its own change took
    /// milliseconds. Two such migrations touching the same tables in a
    /// different order can also deadlock. How the runner sends the file
    /// decides whether the statements share a transaction (sqlx, Flyway,
    /// goose, … wrap each file; Prisma's script is one implicit
    /// transaction).
    ///
    /// MySQL commits after each DDL statement, and SQLite has a single
    /// writer: neither is concerned.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE orders (id bigint PRIMARY KEY);
    /// -- migration 2
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN name text;
    /// ALTER TABLE orders ADD COLUMN note text;
    /// COMMIT;
    /// ```
    ///
    /// Use instead: one table per transaction (or per migration):
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// CREATE TABLE orders (id bigint PRIMARY KEY);
    /// -- migration 2
    /// BEGIN;
    /// ALTER TABLE users ADD COLUMN name text;
    /// COMMIT;
    /// BEGIN;
    /// ALTER TABLE orders ADD COLUMN note text;
    /// COMMIT;
    /// ```
    pub struct ExclusiveLockHeldAcrossStatements {
        id: "exclusive-lock-held-across-statements",
        category: Transaction,
        severity: Warning,
        summary: "an exclusive lock on an existing table is held while later statements of the transaction run",
    }
}

/// How far ahead to look for a statement on another table.
const LOOKAHEAD: usize = 200;

impl Rule for ExclusiveLockHeldAcrossStatements {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) || !cx.transaction.in_transaction() {
            return;
        }
        let Some(held) = sql::locks_existing(cx, &cx.statement.change, Lock::Everything) else {
            return;
        };
        let group = cx.transaction.group;
        let same_group = |i: &usize| {
            cx.transactions
                .get(*i)
                .is_some_and(|t| t.group == group && t.in_transaction())
        };
        // Once per transaction: an earlier exclusive lock of it is the one reported.
        let earlier = (0..cx.index)
            .rev()
            .take(LOOKAHEAD)
            .take_while(same_group)
            .filter_map(|i| cx.statements.get(i))
            .any(|s| sql::locks_existing(cx, &s.change, Lock::Everything).is_some());
        if earlier {
            return;
        }
        let created_here = |name| {
            cx.statements.iter().any(|s| {
                matches!(&s.change, SchemaChange::CreateTable { name: created, .. }
                    if sql::same_table(cx, created, name))
            })
        };
        let later = (cx.index + 1..cx.statements.len())
            .take(LOOKAHEAD)
            .take_while(same_group)
            .filter_map(|i| cx.statements.get(i))
            .find_map(|s| {
                sql::table_locks(&s.change)
                    .into_iter()
                    .find(|(name, _)| {
                        !sql::same_table(cx, name, held)
                            && cx.table_predates_file(name)
                            && !created_here(name)
                    })
                    .map(|(name, _)| (s, name))
            });
        let Some((statement, other)) = later else {
            return;
        };
        out.report(
            cx.statement.span,
            format!(
                "`{}` stays locked (ACCESS EXCLUSIVE) until the transaction commits, while a later statement works on `{}`",
                sql::display(held),
                sql::display(other)
            ),
        )
        .label(cx.file, statement.span, "runs while the first table is still locked")
        .help(format!(
            "commit after the change to `{}`, or move the other statements to their own migration ({})",
            sql::display(held),
            cx.transaction.why()
        ))
        .subject(sql::table_subject(held));
    }
}
