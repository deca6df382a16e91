use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `varchar(n)` columns on PostgreSQL. Off by default.
    ///
    /// ## Why is this bad?
    /// In PostgreSQL `varchar(n)` is stored exactly like `text`; the length
    /// is only a check. Raising the limit later is cheap, but lowering it, or
    /// changing it on a column with dependent views, is not, and the limit
    /// is usually arbitrary. `text`, with a `CHECK (length(…) <= n)` where a
    /// limit matters, can be changed with `NOT VALID` and `VALIDATE` without
    /// blocking.
    ///
    /// MySQL stores `VARCHAR` and `TEXT` differently (`TEXT` is kept off-row
    /// and cannot be fully indexed), and SQLite ignores the length: neither
    /// is reported.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255));
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE users (id bigint PRIMARY KEY, email text CHECK (length(email) <= 255));
    /// ```
    pub struct PreferText {
        id: "prefer-text",
        category: Style,
        severity: Warning,
        summary: "a varchar(n) column where text with a check is as fast and easier to change",
        enabled: false,
    }
}

impl Rule for PreferText {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        for (column, data_type, _) in sql::declared_types(&cx.statement.change) {
            let base = sql::base_type(&data_type.text);
            let limited = data_type.text.contains('(');
            if !(limited && matches!(base.as_str(), "varchar" | "character varying")) {
                continue;
            }
            out.report(
                data_type.span,
                format!("column `{column}` is `{}`", data_type.text),
            )
            .help("use `text`, with a `CHECK (length(…) <= n)` if the limit matters");
        }
    }
}
