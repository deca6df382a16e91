//! Small helpers the safety rules share: names for messages, subjects, and
//! the shape of `ALTER TABLE` actions.

use miglint_diagnostics::Subject;
use miglint_engine::StatementContext;
use miglint_source::Dialect;
use miglint_syntax::ir::{AlterTableAction, ObjectName, SchemaChange};

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
