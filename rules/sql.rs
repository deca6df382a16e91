//! Small helpers the safety rules share: names for messages, subjects, and
//! the shape of `ALTER TABLE` actions.

use miglint_diagnostics::Subject;
use miglint_engine::StatementContext;
use miglint_source::Dialect;
use miglint_syntax::ir::{
    AlterTableAction, AlterTableOp, ColumnDef, ObjectName, SchemaChange, TableConstraint,
};

/// `name` or `schema.name`, as written (without quotes).
pub fn display(name: &ObjectName) -> String {
    match &name.schema {
        Some(schema) => format!("{}.{}", schema.value, name.name.value),
        None => name.name.value.clone(),
    }
}

pub fn table_subject(name: &ObjectName) -> Subject {
    Subject {
        schema: name.schema.as_ref().map(|s| s.value.clone()),
        table: Some(name.name.value.clone()),
        ..Subject::default()
    }
}

pub fn column_subject(table: &ObjectName, column: &str) -> Subject {
    Subject {
        column: Some(column.to_owned()),
        ..table_subject(table)
    }
}

pub fn is_postgres(cx: &StatementContext<'_>) -> bool {
    cx.dialect() == Dialect::Postgres
}

/// The `ALTER TABLE` actions of a table that existed before this migration
/// file: on a table created earlier in the same file nobody else holds a
/// lock or reads rows, so locking and compatibility rules stay silent.
pub fn alter_existing_table<'a>(
    cx: &StatementContext<'a>,
) -> Option<(&'a ObjectName, &'a [AlterTableAction])> {
    let SchemaChange::AlterTable { name, actions, .. } = &cx.statement.change else {
        return None;
    };
    cx.table_predates_file(name)
        .then_some((name, actions.as_slice()))
}

/// How strongly a statement locks a table against other sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lock {
    /// Row locks (`UPDATE`, `DELETE`, `INSERT`): others wait only on those rows.
    Rows,
    /// Writes wait (SHARE, SHARE ROW EXCLUSIVE), reads go on.
    Writes,
    /// ACCESS EXCLUSIVE: reads and writes wait.
    Everything,
}

/// The PostgreSQL table-level locks a statement takes, by table. Statements
/// whose locks conflict with neither reads nor writes (`CONCURRENTLY`,
/// `VALIDATE CONSTRAINT`) take none here.
pub fn table_locks(change: &SchemaChange) -> Vec<(&ObjectName, Lock)> {
    use miglint_syntax::ir::{ConstraintKind, Utility};
    match change {
        SchemaChange::AlterTable { name, actions, .. } => {
            let mut lock = None;
            let mut referenced = Vec::new();
            for action in actions {
                let this = match &action.op {
                    AlterTableOp::ValidateConstraint { .. }
                    | AlterTableOp::DetachPartition {
                        concurrently: true, ..
                    } => continue,
                    AlterTableOp::AddConstraint { constraint } => match &constraint.kind {
                        ConstraintKind::ForeignKey { references, .. } => {
                            referenced.push((&references.table, Lock::Writes));
                            Lock::Writes
                        }
                        _ => Lock::Everything,
                    },
                    _ => Lock::Everything,
                };
                lock = lock.max(Some(this));
            }
            let mut locks: Vec<(&ObjectName, Lock)> =
                lock.map(|lock| (name, lock)).into_iter().collect();
            locks.extend(referenced);
            locks
        }
        SchemaChange::CreateIndex {
            table,
            concurrently: false,
            ..
        } => vec![(table, Lock::Writes)],
        SchemaChange::DropTable { names, .. } => {
            names.iter().map(|n| (n, Lock::Everything)).collect()
        }
        SchemaChange::Truncate { tables, .. } => {
            tables.iter().map(|n| (n, Lock::Everything)).collect()
        }
        SchemaChange::Update { table, .. }
        | SchemaChange::Delete { table }
        | SchemaChange::Insert { table, .. } => vec![(table, Lock::Rows)],
        SchemaChange::Utility(Utility::VacuumFull { tables }) => {
            tables.iter().map(|n| (n, Lock::Everything)).collect()
        }
        SchemaChange::Utility(Utility::Cluster { table: Some(table) }) => {
            vec![(table, Lock::Everything)]
        }
        SchemaChange::Utility(Utility::Reindex {
            target: miglint_syntax::ir::ReindexTarget::Table,
            name: Some(table),
            concurrently: false,
        }) => vec![(table, Lock::Writes)],
        SchemaChange::Utility(Utility::RefreshMaterializedView {
            name,
            concurrently: false,
        }) => vec![(name, Lock::Everything)],
        _ => Vec::new(),
    }
}

/// Whether `a` and `b` name the same table in this catalog.
pub fn same_table(cx: &StatementContext<'_>, a: &ObjectName, b: &ObjectName) -> bool {
    cx.catalog.resolve(a) == cx.catalog.resolve(b)
}

/// Whether a `SET` of one of `names` to a non-zero value comes before
/// statement `index` of the file.
pub fn timeout_set_before(cx: &StatementContext<'_>, names: &[&str]) -> bool {
    use miglint_syntax::ir::Utility;
    cx.statements.iter().take(cx.index).any(|s| {
        matches!(&s.change, SchemaChange::Utility(Utility::Set { name, value, .. })
            if names.contains(&name.as_str())
                && !matches!(value.trim_matches(|c| c == '\'' || c == '"'), "0" | "DEFAULT" | "default"))
    })
}

/// The first table an existing-table lock of at least `min` is taken on by
/// the statement at `index`: `None` when it locks only tables this file
/// created.
pub fn locks_existing<'a>(
    cx: &StatementContext<'a>,
    change: &'a SchemaChange,
    min: Lock,
) -> Option<&'a ObjectName> {
    table_locks(change)
        .into_iter()
        .find(|(name, lock)| *lock >= min && cx.table_predates_file(name))
        .map(|(name, _)| name)
}

/// The column types a statement declares: `CREATE TABLE` and `ADD COLUMN`
/// definitions (with their definition), and `ALTER COLUMN … TYPE`.
pub fn declared_types(
    change: &SchemaChange,
) -> Vec<(
    &str,
    &miglint_syntax::ir::SqlText,
    Option<&miglint_syntax::ir::ColumnDef>,
)> {
    use miglint_syntax::ir::AlterColumnOp;
    match change {
        SchemaChange::CreateTable { columns, .. } => columns
            .iter()
            .filter_map(|c| {
                c.data_type
                    .as_ref()
                    .map(|t| (c.name.value.as_str(), t, Some(c)))
            })
            .collect(),
        SchemaChange::AlterTable { actions, .. } => actions
            .iter()
            .filter_map(|action| match &action.op {
                AlterTableOp::AddColumn { column, .. } => column
                    .data_type
                    .as_ref()
                    .map(|t| (column.name.value.as_str(), t, Some(column))),
                AlterTableOp::AlterColumn {
                    name,
                    op: AlterColumnOp::SetType { data_type, .. },
                } => Some((name.value.as_str(), data_type, None)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A type's base name as written, lower-cased, without schema, quotes,
/// modifiers or array brackets: `varchar`, `timestamp without time zone`.
pub fn base_type(text: &str) -> String {
    // One pass and one allocation: statement rules call this on every
    // column a statement adds.
    let written = text.trim().trim_end_matches("[]").trim();
    let mut base = String::with_capacity(written.len());
    let mut depth = 0i32;
    let mut space = false;
    for c in written.chars() {
        let outside = match c {
            '(' => {
                depth += 1;
                depth == 0
            }
            ')' => {
                depth -= 1;
                false
            }
            _ => depth == 0,
        };
        if !outside {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !base.is_empty() {
            base.push(' ');
        }
        space = false;
        base.push(c.to_ascii_lowercase());
    }
    let schema = base.len() - base.trim_start_matches("pg_catalog.").len();
    base.drain(..schema);
    base.truncate(base.trim_end_matches('"').len());
    let quote = base.len() - base.trim_start_matches('"').len();
    base.drain(..quote);
    base
}

/// The constraints `ALTER TABLE … ADD CONSTRAINT` adds to a PostgreSQL table
/// that existed before this migration file, each with its action (for the
/// span), and the table.
pub fn constraints_added_to_existing_table<'a>(
    cx: &StatementContext<'a>,
) -> Vec<(&'a ObjectName, &'a AlterTableAction, &'a TableConstraint)> {
    if !is_postgres(cx) {
        return Vec::new();
    }
    let Some((table, actions)) = alter_existing_table(cx) else {
        return Vec::new();
    };
    actions
        .iter()
        .filter_map(|action| match &action.op {
            AlterTableOp::AddConstraint { constraint } => Some((table, action, constraint)),
            _ => None,
        })
        .collect()
}

/// The columns `ALTER TABLE … ADD COLUMN` adds to a table that existed before
/// this migration file, each with its action (for the span), and the table.
pub fn columns_added_to_existing_table<'a>(
    cx: &StatementContext<'a>,
) -> Vec<(&'a ObjectName, &'a AlterTableAction, &'a ColumnDef)> {
    let Some((table, actions)) = alter_existing_table(cx) else {
        return Vec::new();
    };
    actions
        .iter()
        .filter_map(|action| match &action.op {
            AlterTableOp::AddColumn { column, .. } => Some((table, action, column)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::base_type;

    /// The straightforward spelling of `base_type`, step by step.
    fn by_steps(text: &str) -> String {
        let lower = text.to_ascii_lowercase();
        let lower = lower.trim().trim_end_matches("[]").trim();
        let mut depth = 0;
        let without_modifiers: String = lower
            .chars()
            .filter(|c| {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        return false;
                    }
                    _ => {}
                }
                depth == 0
            })
            .collect();
        let words: Vec<&str> = without_modifiers.split_whitespace().collect();
        words
            .join(" ")
            .trim_start_matches("pg_catalog.")
            .trim_matches('"')
            .to_owned()
    }

    #[test]
    fn base_type_drops_modifiers_schema_quotes_and_brackets() {
        let cases = [
            ("VARCHAR(255)", "varchar"),
            (
                "  timestamp(3)   WITHOUT  time zone ",
                "timestamp without time zone",
            ),
            ("pg_catalog.int4", "int4"),
            ("\"Role\"[]", "role"),
            ("numeric (10, 2)[][]", "numeric"),
            ("BIGSERIAL", "bigserial"),
            ("(x) int", "int"),
            ("a)b", "a"),
            ("\"\"\"", ""),
            ("", ""),
            ("double\tprecision", "double precision"),
            ("pg_catalog.pg_catalog.\"Text\"", "text"),
            ("Ünïcode (1)", "Ünïcode"),
        ];
        for (text, expected) in cases {
            assert_eq!(base_type(text), expected, "{text:?}");
            assert_eq!(base_type(text), by_steps(text), "{text:?}");
        }
    }
}
