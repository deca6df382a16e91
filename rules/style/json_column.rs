use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterColumnOp, AlterTableOp, ColumnDef, SchemaChange, SqlText};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports a PostgreSQL column declared `json` rather than `jsonb`.
    ///
    /// ## Why is this bad?
    /// `json` stores the text as written and re-parses it on every access;
    /// it has no equality operator, so `DISTINCT`, `GROUP BY` and unique
    /// indexes fail on it, and it cannot be indexed with GIN. `jsonb` is what
    /// almost every application wants (Prisma's `Json` maps to it).
    ///
    /// PostgreSQL only: MySQL's `JSON` is already a binary format, and SQLite
    /// has no JSON type.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE events (id bigint PRIMARY KEY, payload json);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE events (id bigint PRIMARY KEY, payload jsonb);
    /// ```
    pub struct JsonColumn {
        id: "json-column",
        category: Style,
        severity: Warning,
        summary: "a json column where jsonb is almost always wanted",
    }
}

impl Rule for JsonColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if !sql::is_postgres(cx) {
            return;
        }
        let columns: Vec<(&str, &SqlText)> = match &cx.statement.change {
            SchemaChange::CreateTable { columns, .. } => {
                columns.iter().filter_map(typed_column).collect()
            }
            SchemaChange::AlterTable { actions, .. } => actions
                .iter()
                .filter_map(|action| match &action.op {
                    AlterTableOp::AddColumn { column, .. } => typed_column(column),
                    AlterTableOp::AlterColumn {
                        name,
                        op: AlterColumnOp::SetType { data_type, .. },
                    } => Some((name.value.as_str(), data_type)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (column, data_type) in columns {
            if is_json(&data_type.text) {
                out.report(data_type.span, format!("column `{column}` is `json`"))
                    .help("use `jsonb`");
            }
        }
    }
}

fn typed_column(column: &ColumnDef) -> Option<(&str, &SqlText)> {
    column
        .data_type
        .as_ref()
        .map(|t| (column.name.value.as_str(), t))
}

fn is_json(data_type: &str) -> bool {
    let base = data_type
        .trim()
        .trim_end_matches("[]")
        .trim()
        .trim_matches('"');
    base.eq_ignore_ascii_case("json") || base.eq_ignore_ascii_case("pg_catalog.json")
}
