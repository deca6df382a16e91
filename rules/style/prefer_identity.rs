use miglint_catalog::types::is_serial;
use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `serial`, `bigserial` and `smallserial` columns on PostgreSQL.
    /// Off by default.
    ///
    /// ## Why is this bad?
    /// A serial column is an integer with a sequence default that the table
    /// owner must grant separately, that an explicit insert can bypass and
    /// later collide with, and that dump/restore and ownership changes handle
    /// awkwardly. Identity columns (PostgreSQL 10+) are the standard form:
    /// the sequence belongs to the column, and `GENERATED ALWAYS` rejects
    /// hand-written ids.
    ///
    /// MySQL's `AUTO_INCREMENT` and SQLite's rowid have no such split: not
    /// reported.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigserial PRIMARY KEY);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
    /// ```
    pub struct PreferIdentity {
        id: "prefer-identity",
        category: Style,
        severity: Warning,
        summary: "a serial column where an identity column is the standard form",
        enabled: false,
    }
}

impl Rule for PreferIdentity {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        for (column, data_type, _) in sql::declared_types(&cx.statement.change) {
            if !is_serial(&sql::base_type(&data_type.text)) {
                continue;
            }
            out.report(data_type.span, format!("column `{column}` is `{}`", data_type.text))
                .help("use `bigint GENERATED ALWAYS AS IDENTITY` (or `BY DEFAULT` if ids are sometimes given)");
        }
    }
}
