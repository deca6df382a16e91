use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;
use miglint_syntax::ir::{ConstraintKind, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports a primary key column declared as a 32-bit or smaller integer
    /// (`int`, `serial`, `smallint`…) on PostgreSQL and MySQL. Off by
    /// default.
    ///
    /// ## Why is this bad?
    /// A busy table runs out of 2,147,483,647 ids sooner than expected, and
    /// widening the key later rewrites the table and every table that
    /// references it, under locks. `bigint` costs four bytes more per row.
    ///
    /// SQLite's `INTEGER PRIMARY KEY` is already a 64-bit rowid: not reported.
    ///
    /// ## Example
    /// ```sql
    /// CREATE TABLE users (id serial PRIMARY KEY);
    /// ```
    ///
    /// Use instead:
    /// ```sql
    /// CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
    /// ```
    pub struct PreferBigintPrimaryKey {
        id: "prefer-bigint-primary-key",
        category: Style,
        severity: Warning,
        summary: "a primary key of a 32-bit or smaller integer type can run out of values",
        enabled: false,
    }
}

const SMALL: &[&str] = &[
    "int",
    "integer",
    "int4",
    "int2",
    "smallint",
    "serial",
    "serial4",
    "smallserial",
    "serial2",
    "mediumint",
    "tinyint",
];

impl Rule for PreferBigintPrimaryKey {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() == Dialect::Sqlite {
            return;
        }
        // Single-column primary keys declared as a table constraint.
        let table_key: Vec<&str> = match &cx.statement.change {
            SchemaChange::CreateTable { constraints, .. } => constraints
                .iter()
                .filter_map(|c| match &c.kind {
                    ConstraintKind::PrimaryKey { columns } if columns.len() == 1 => {
                        columns.first().map(|c| c.value.as_str())
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        for (column, data_type, def) in sql::declared_types(&cx.statement.change) {
            let Some(def) = def else { continue };
            let key = def.primary_key || table_key.iter().any(|k| k.eq_ignore_ascii_case(column));
            let base = sql::base_type(&data_type.text);
            if !key || !SMALL.contains(&base.as_str()) {
                continue;
            }
            out.report(
                data_type.span,
                format!(
                    "primary key `{column}` is `{}`: at most about 2 billion values",
                    data_type.text
                ),
            )
            .help("use `bigint` (with `GENERATED … AS IDENTITY` on PostgreSQL)");
        }
    }
}
