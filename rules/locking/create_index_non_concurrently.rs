use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `CREATE INDEX` without `CONCURRENTLY` on a PostgreSQL table
    /// that existed before this migration file.
    ///
    /// ## Why is this bad?
    /// A plain `CREATE INDEX` takes a SHARE lock on the table for the whole
    /// build: every `INSERT`, `UPDATE` and `DELETE` waits until the index is
    /// built, which on a large table means minutes of failed writes. An index
    /// on a table created earlier in the same file is not reported: nobody
    /// else can use that table yet.
    ///
    /// MySQL (InnoDB) and SQLite are not concerned: InnoDB builds secondary
    /// indexes online, and SQLite has no concurrent writers to block.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// CREATE INDEX users_email_idx ON users (email);
    /// ```
    ///
    /// Use instead: build it concurrently, alone in a migration the runner
    /// does not wrap in a transaction:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text);
    /// -- migration 2
    /// CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
    /// ```
    pub struct CreateIndexNonConcurrently {
        id: "create-index-non-concurrently",
        category: Locking,
        severity: Warning,
        summary: "an index built without CONCURRENTLY blocks writes to an existing table",
    }
}

impl Rule for CreateIndexNonConcurrently {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::CreateIndex {
            table,
            concurrently: false,
            ..
        } = &cx.statement.change
        else {
            return;
        };
        if !sql::is_postgres(cx) || !cx.table_predates_file(table) {
            return;
        }
        out.report(
            cx.statement.span,
            format!(
                "creating an index locks table `{}` against writes (SHARE) until the index is built",
                sql::display(table)
            ),
        )
        .help("use `CREATE INDEX CONCURRENTLY`, alone in a migration that does not run in a transaction")
        .subject(sql::table_subject(table));
    }
}
