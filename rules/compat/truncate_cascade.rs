use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `TRUNCATE … CASCADE`.
    ///
    /// ## Why is this bad?
    /// `CASCADE` also empties every table that references the truncated ones
    /// through a foreign key, and the tables that reference those, without
    /// naming them: one statement can wipe most of a database.
    ///
    /// PostgreSQL only: MySQL's `TRUNCATE` has no `CASCADE` (it fails on a
    /// referenced table), and SQLite has no `TRUNCATE`.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// TRUNCATE users CASCADE;
    /// ```
    ///
    /// Use instead: name every table to empty, so the statement fails if it
    /// would touch another:
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// TRUNCATE users;
    /// ```
    pub struct TruncateCascade {
        id: "truncate-cascade",
        category: Compat,
        severity: Error,
        summary: "a truncate with CASCADE empties every table that references the named ones",
    }
}

impl Rule for TruncateCascade {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::Truncate {
            tables,
            cascade: true,
        } = &cx.statement.change
        else {
            return;
        };
        let names: Vec<String> = tables
            .iter()
            .map(|t| format!("`{}`", sql::display(t)))
            .collect();
        out.report(
            cx.statement.span,
            format!(
                "TRUNCATE CASCADE also empties every table that references {}",
                names.join(", ")
            ),
        )
        .help("name every table to empty and drop CASCADE");
    }
}
