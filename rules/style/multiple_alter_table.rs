use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;
use miglint_syntax::ir::SchemaChange;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports an `ALTER TABLE` of an existing table that an earlier `ALTER
    /// TABLE` of the same migration file already changed (PostgreSQL and
    /// MySQL). Off by default.
    ///
    /// ## Why is this bad?
    /// Each statement queues for the table's lock again, and each rewrite
    /// (a type change, MySQL's table copy) reads the whole table again.
    /// One statement with several comma-separated actions takes the lock
    /// once and rewrites at most once.
    ///
    /// SQLite allows only one action per `ALTER TABLE`: not reported.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE users ADD COLUMN name text;
    /// ALTER TABLE users ADD COLUMN email text;
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE users ADD COLUMN name text, ADD COLUMN email text;
    /// ```
    pub struct MultipleAlterTable {
        id: "multiple-alter-table",
        category: Style,
        severity: Warning,
        summary: "several ALTER TABLE statements on one existing table where one would do",
        enabled: false,
    }
}

impl Rule for MultipleAlterTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() == Dialect::Sqlite {
            return;
        }
        let Some((table, _)) = sql::alter_existing_table(cx) else {
            return;
        };
        let earlier = cx.statements.iter().take(cx.index).find(|s| {
            matches!(&s.change, SchemaChange::AlterTable { name, .. } if sql::same_table(cx, name, table))
        });
        let Some(earlier) = earlier else {
            return;
        };
        // Once per table: only the second ALTER of it.
        let count = cx
            .statements
            .iter()
            .take(cx.index)
            .filter(|s| matches!(&s.change, SchemaChange::AlterTable { name, .. } if sql::same_table(cx, name, table)))
            .count();
        if count != 1 {
            return;
        }
        out.report(
            cx.statement.span,
            format!(
                "`{}` was already altered earlier in this migration",
                sql::display(table)
            ),
        )
        .label(cx.file, earlier.span, "the earlier ALTER TABLE")
        .help("combine the actions into one ALTER TABLE, separated by commas")
        .subject(sql::table_subject(table));
    }
}
