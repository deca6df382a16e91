use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `timestamp` (`timestamp without time zone`) columns on
    /// PostgreSQL. Off by default.
    ///
    /// ## Why is this bad?
    /// A `timestamp` stores a wall-clock reading with no zone: the same
    /// value means different instants for clients in different zones, and
    /// comparisons across a daylight-saving change go wrong. `timestamptz`
    /// stores an instant (in UTC) and converts on the way in and out, at the
    /// same size.
    ///
    /// MySQL's `TIMESTAMP` and `DATETIME` have different ranges and rules,
    /// and SQLite has no time types: neither is reported.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE events (id bigint PRIMARY KEY, at timestamp);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz);
    /// ```
    pub struct PreferTimestamptz {
        id: "prefer-timestamptz",
        category: Style,
        severity: Warning,
        summary: "a timestamp without time zone, which stores no instant",
        enabled: false,
    }
}

impl Rule for PreferTimestamptz {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        for (column, data_type, _) in sql::declared_types(&cx.statement.change) {
            let base = sql::base_type(&data_type.text);
            if !matches!(base.as_str(), "timestamp" | "timestamp without time zone") {
                continue;
            }
            out.report(
                data_type.span,
                format!("column `{column}` is `{}`", data_type.text),
            )
            .help("use `timestamptz`");
        }
    }
}
