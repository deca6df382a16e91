use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ADD COLUMN` with a volatile default (`gen_random_uuid()`,
    /// `random()`, `clock_timestamp()`, `nextval(…)`…) on a PostgreSQL table
    /// that existed before this migration file; before PostgreSQL 11
    /// (`postgres-version` in miglint.toml), any default.
    ///
    /// ## Why is this bad?
    /// A volatile default must be computed for every existing row, so
    /// PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock. A
    /// constant default (or `now()`, which is stable) is stored once in the
    /// catalog from PostgreSQL 11 on and costs nothing.
    ///
    /// MySQL 8 adds a column instantly (`ALGORITHM=INSTANT`, the default
    /// since 8.0.12) and does not accept volatile expression defaults that
    /// would rewrite; SQLite refuses a non-constant default on a table with
    /// rows. Neither is reported.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
    /// ```
    ///
    /// Use instead: add the column without a default, set the default for
    /// new rows, and backfill old rows in batches:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY);
    /// -- migration 2
    /// ALTER TABLE users ADD COLUMN token uuid;
    /// ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
    /// ```
    pub struct AddColumnVolatileDefault {
        id: "add-column-volatile-default",
        category: Locking,
        severity: Warning,
        summary: "a column added to an existing table with a volatile default rewrites the table",
    }
}

/// Volatile functions seen in column defaults.
const VOLATILE: &[&str] = &[
    "random",
    "gen_random_uuid",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "gen_random_bytes",
];

impl Rule for AddColumnVolatileDefault {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let before_11 = !cx.server_version.at_least(11, 0);
        for (table, action, column) in sql::columns_added_to_existing_table(cx) {
            let Some(default) = &column.default else {
                continue;
            };
            let volatile = calls_volatile(&default.text);
            let is_null = default.text.eq_ignore_ascii_case("null");
            if !(volatile || before_11 && !is_null) {
                continue;
            }
            let why = if volatile {
                "a volatile default"
            } else {
                "a default before PostgreSQL 11"
            };
            out.report(
                action.span,
                format!(
                    "adding `{}.{}` with {why} (`{}`) rewrites the table under an ACCESS EXCLUSIVE lock",
                    sql::display(table),
                    column.name.value,
                    default.text
                ),
            )
            .help("add the column without the default, `SET DEFAULT` for new rows, then backfill old rows in batches")
            .subject(sql::column_subject(table, &column.name.value));
        }
    }
}

/// Whether `expr` calls a volatile function (`name(` after a non-identifier character).
fn calls_volatile(expr: &str) -> bool {
    let lower = expr.to_ascii_lowercase();
    VOLATILE.iter().any(|name| {
        lower.match_indices(name).any(|(at, _)| {
            let before = lower.get(..at).and_then(|s| s.chars().next_back());
            let after = lower
                .get(at + name.len()..)
                .and_then(|s| s.trim_start().chars().next());
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') && after == Some('(')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::calls_volatile;

    #[test]
    fn finds_volatile_calls() {
        assert!(calls_volatile("gen_random_uuid()"));
        assert!(calls_volatile("public.uuid_generate_v4 ()"));
        assert!(calls_volatile("(random() * 10)::int"));
        assert!(!calls_volatile("now()"));
        assert!(!calls_volatile("my_random()"));
    }
}
