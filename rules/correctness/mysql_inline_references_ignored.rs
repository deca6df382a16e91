use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;
use miglint_syntax::ir::{AlterTableOp, ColumnDef, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports a column-level `REFERENCES` (`user_id int REFERENCES users
    /// (id)`) in a MySQL migration, in `CREATE TABLE`, `ADD COLUMN` or
    /// `MODIFY`/`CHANGE COLUMN`.
    ///
    /// ## Why is this bad?
    /// MySQL 8 parses a column's own `REFERENCES` clause and throws it away:
    /// no foreign key is created, and no warning is given. Only a separate
    /// `FOREIGN KEY (…) REFERENCES …` element creates one. The application
    /// then relies on an integrity check that does not exist. miglint's
    /// replay creates no foreign key for it either, so drift checks see
    /// what the database has. MySQL 9 releases create the key; set
    /// `mysql-version` to 9 or later and the rule is silent.
    ///
    /// PostgreSQL and SQLite create the foreign key: they are not checked.
    ///
    /// ## Example
    /// ```sql
    /// -- dialect: mysql
    /// CREATE TABLE users (id int PRIMARY KEY);
    /// CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// -- dialect: mysql
    /// CREATE TABLE users (id int PRIMARY KEY);
    /// CREATE TABLE orders (id int PRIMARY KEY, user_id int, FOREIGN KEY (user_id) REFERENCES users (id));
    /// ```
    pub struct MysqlInlineReferencesIgnored {
        id: "mysql-inline-references-ignored",
        category: Correctness,
        severity: Error,
        summary: "a column-level REFERENCES, which MySQL ignores: no foreign key is created",
    }
}

impl Rule for MysqlInlineReferencesIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() != Dialect::MySql || cx.server_version.at_least(9, 0) {
            return;
        }
        let columns: Vec<&ColumnDef> = match &cx.statement.change {
            SchemaChange::CreateTable { columns, .. } => columns.iter().collect(),
            SchemaChange::AlterTable { actions, .. } => actions
                .iter()
                .filter_map(|a| match &a.op {
                    AlterTableOp::AddColumn { column, .. }
                    | AlterTableOp::ReplaceColumn { column, .. } => Some(column),
                    _ => None,
                })
                .collect(),
            _ => return,
        };
        for column in columns {
            let Some(references) = &column.references else {
                continue;
            };
            out.report(
                column.span,
                format!(
                    "MySQL ignores `REFERENCES {}` on column `{}`: no foreign key is created",
                    sql::display(&references.table),
                    column.name.value
                ),
            )
            .help(format!(
                "declare it as a table element: `FOREIGN KEY ({}) REFERENCES {} (…)`",
                column.name.value,
                sql::display(&references.table)
            ));
        }
    }
}
