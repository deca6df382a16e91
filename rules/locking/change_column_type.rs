use miglint_catalog::SqlType;
use miglint_catalog::types::parse_type;
use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;
use miglint_syntax::ir::{AlterColumnOp, AlterTableOp};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER COLUMN … TYPE` on a PostgreSQL table that existed
    /// before this migration file, unless the change is binary-compatible
    /// (widening `varchar(n)`, `varchar` → `text`, widening `numeric(p, s)`,
    /// `cidr` → `inet`), which PostgreSQL does without touching the rows.
    ///
    /// ## Why is this bad?
    /// Any other type change rewrites the whole table and rebuilds its
    /// indexes under an ACCESS EXCLUSIVE lock: no query can read or write the
    /// table until it is done. Code still running during the deploy may also
    /// read or write the old type.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, age int);
    /// -- migration 2
    /// ALTER TABLE users ALTER COLUMN age TYPE bigint;
    /// ```
    ///
    /// MySQL 8: `MODIFY`/`CHANGE COLUMN` to another type copies the table
    /// and permits no concurrent writes (online DDL), except extending a
    /// `VARCHAR` while its length prefix keeps its size, which is done in
    /// place and not reported. SQLite cannot change a column's type (`sqlite-unsupported-alter`).
    ///
    /// Use instead: add a column of the new type, backfill it in batches,
    /// switch the code over, then drop the old column. Widening a `varchar`
    /// is fine as it is:
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, name varchar(50));
    /// -- migration 2
    /// ALTER TABLE users ALTER COLUMN name TYPE varchar(100);
    /// ```
    pub struct ChangeColumnType {
        id: "change-column-type",
        category: Locking,
        severity: Warning,
        summary: "a column type change that rewrites an existing table under an exclusive lock",
    }
}

impl Rule for ChangeColumnType {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() == Dialect::MySql {
            return mysql(cx, out);
        }
        if !sql::is_postgres(cx) {
            return;
        }
        let Some((table, actions)) = sql::alter_existing_table(cx) else {
            return;
        };
        for action in actions {
            let AlterTableOp::AlterColumn {
                name,
                op: AlterColumnOp::SetType { data_type, using },
            } = &action.op
            else {
                continue;
            };
            let new = parse_type(&data_type.text, cx.dialect());
            let old = cx
                .catalog
                .table_by_name(table)
                .and_then(|t| t.column(&name.value))
                .and_then(|c| c.data_type.as_ref());
            if using.is_none() && old.is_some_and(|old| binary_compatible(old, &new)) {
                continue;
            }
            let from = old.map_or_else(String::new, |old| format!(" from {old}"));
            out.report(
                action.span,
                format!(
                    "changing the type of `{}.{}`{from} to {new} rewrites the table under an ACCESS EXCLUSIVE lock",
                    sql::display(table),
                    name.value
                ),
            )
            .help("add a new column, backfill it in batches, move the code to it, then drop the old one")
            .subject(sql::column_subject(table, &name.value));
        }
    }
}

/// MySQL `MODIFY`/`CHANGE` to another type copies the table and blocks
/// writes (online DDL: "changing the column data type" is not in place).
fn mysql(cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
    let Some((table, actions)) = sql::alter_existing_table(cx) else {
        return;
    };
    // An explicit in-place algorithm fails instead of copying.
    if cx
        .statement
        .mysql_algorithm()
        .is_some_and(|a| a == "INPLACE" || a == "INSTANT")
    {
        return;
    }
    for action in actions {
        let AlterTableOp::ReplaceColumn { old_name, column } = &action.op else {
            continue;
        };
        let Some(data_type) = &column.data_type else {
            continue;
        };
        let new = parse_type(&data_type.text, Dialect::MySql);
        let Some(old) = cx
            .catalog
            .table_by_name(table)
            .and_then(|t| t.column(&old_name.value))
            .and_then(|c| c.data_type.as_ref())
        else {
            continue;
        };
        if *old == new || mysql_varchar_extended_in_place(old, &new) {
            continue;
        }
        out.report(
            action.span,
            format!(
                "changing the type of `{}.{}` from {old} to {new} copies the table; writes wait until it is done",
                sql::display(table),
                old_name.value
            ),
        )
        .help("add a new column, backfill it in batches, move the code to it, then drop the old one (or use an online schema change tool)")
        .subject(sql::column_subject(table, &old_name.value));
    }
}

/// MySQL extends a `VARCHAR` in place while its length prefix keeps its size
/// (1 byte up to 255 bytes, else 2); assumes 4-byte characters (utf8mb4).
fn mysql_varchar_extended_in_place(old: &SqlType, new: &SqlType) -> bool {
    let length = |t: &SqlType| t.modifiers.first().and_then(|m| m.parse::<u64>().ok());
    match (
        old.name.as_str(),
        new.name.as_str(),
        length(old),
        length(new),
    ) {
        ("varchar", "varchar", Some(from), Some(to)) => {
            to >= from && (from * 4 > 255 || to * 4 <= 255) && old.suffix == new.suffix
        }
        _ => false,
    }
}

/// Changes PostgreSQL makes without rewriting the table or its indexes.
fn binary_compatible(old: &SqlType, new: &SqlType) -> bool {
    if old == new {
        return true;
    }
    if old.array != new.array {
        return false;
    }
    let length = |t: &SqlType, i: usize| t.modifiers.get(i).and_then(|m| m.parse::<u64>().ok());
    // A type without modifiers accepts every length the old one allowed.
    let widened = |i: usize| match (length(old, i), length(new, i)) {
        (_, None) => new.modifiers.is_empty(),
        (Some(from), Some(to)) => to >= from,
        (None, Some(_)) => false,
    };
    match (old.name.as_str(), new.name.as_str()) {
        ("character varying", "character varying") => widened(0),
        ("character varying" | "text", "text") => true,
        ("text", "character varying") => new.modifiers.is_empty(),
        // Same scale and a precision that does not shrink.
        ("numeric", "numeric") => {
            new.modifiers.is_empty() || (old.modifiers.get(1) == new.modifiers.get(1) && widened(0))
        }
        ("cidr", "inet") => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miglint_source::Dialect;

    fn compatible(old: &str, new: &str) -> bool {
        binary_compatible(
            &parse_type(old, Dialect::Postgres),
            &parse_type(new, Dialect::Postgres),
        )
    }

    #[test]
    fn widening_is_compatible_and_narrowing_is_not() {
        assert!(compatible("varchar(50)", "varchar(100)"));
        assert!(compatible("varchar(50)", "text"));
        assert!(compatible("varchar(50)", "varchar"));
        assert!(compatible("text", "varchar"));
        assert!(compatible("numeric(10,2)", "numeric(12,2)"));
        assert!(!compatible("varchar(100)", "varchar(50)"));
        assert!(!compatible("text", "varchar(10)"));
        assert!(!compatible("int", "bigint"));
        assert!(!compatible("numeric(10,2)", "numeric(12,3)"));
        assert!(!compatible("varchar(50)[]", "text"));
    }
}
