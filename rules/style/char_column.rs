use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `char(n)` / `character(n)` columns on PostgreSQL. Off by
    /// default.
    ///
    /// ## Why is this bad?
    /// `char(n)` pads values with spaces to `n` characters, ignores trailing
    /// spaces in comparisons but not in `LIKE` or regular expressions, and
    /// is no faster than `text` in PostgreSQL (it is stored the same way,
    /// padding included). Fixed-length codes are better as `text` with a
    /// check.
    ///
    /// MySQL's `CHAR` is a reasonable fixed-length type (trailing spaces are
    /// removed on read), and SQLite ignores the length: neither is reported.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE countries (code char(2) PRIMARY KEY);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE countries (code text PRIMARY KEY CHECK (length(code) = 2));
    /// ```
    pub struct CharColumn {
        id: "char-column",
        category: Style,
        severity: Warning,
        summary: "a blank-padded char(n) column",
        enabled: false,
    }
}

impl Rule for CharColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        for (column, data_type, _) in sql::declared_types(&cx.statement.change) {
            let base = sql::base_type(&data_type.text);
            // `"char"` (quoted) is PostgreSQL's one-byte internal type.
            let quoted = data_type.text.trim().starts_with('"');
            if quoted || !matches!(base.as_str(), "char" | "character" | "bpchar") {
                continue;
            }
            out.report(
                data_type.span,
                format!("column `{column}` is `{}`", data_type.text),
            )
            .help("use `text`, with a `CHECK (length(…) = n)` for a fixed length");
        }
    }
}
