use miglint_catalog::ConstraintKind;
use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_source::Dialect;
use miglint_syntax::ir::{AlterTableOp, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE` forms SQLite rejects. SQLite supports exactly
    /// one action per statement, and only `RENAME TO`, `RENAME [COLUMN]`,
    /// `ADD [COLUMN]` and (since 3.35) `DROP [COLUMN]`. Reported: `ALTER
    /// COLUMN` (type, `NOT NULL`, default), `ADD`/`DROP CONSTRAINT`, several
    /// actions in one statement, adding a `PRIMARY KEY`, `UNIQUE` or `STORED`
    /// generated column, and dropping a column that is part of the primary
    /// key, of a unique constraint or of an index (the replayed schema knows).
    ///
    /// ## Why is this bad?
    /// The statement fails and the deploy stops. The usual way to make such a
    /// change in SQLite is to create the new table, copy the rows, drop the
    /// old table and rename the new one.
    ///
    /// Only SQLite projects are checked; PostgreSQL and MySQL accept these
    /// forms.
    ///
    /// ## Example
    /// ```sql
    /// -- dialect: sqlite
    /// -- migration 1
    /// CREATE TABLE users (id integer PRIMARY KEY, email text);
    /// -- migration 2
    /// ALTER TABLE users ALTER COLUMN email SET NOT NULL;
    /// ```
    ///
    /// Use instead: rebuild the table:
    /// ```sql
    /// -- dialect: sqlite
    /// -- migration 1
    /// CREATE TABLE users (id integer PRIMARY KEY, email text);
    /// -- migration 2
    /// CREATE TABLE users_new (id integer PRIMARY KEY, email text NOT NULL);
    /// INSERT INTO users_new (id, email) SELECT id, email FROM users;
    /// DROP TABLE users;
    /// ALTER TABLE users_new RENAME TO users;
    /// ```
    pub struct SqliteUnsupportedAlter {
        id: "sqlite-unsupported-alter",
        category: Correctness,
        severity: Error,
        summary: "an ALTER TABLE form SQLite does not support: the migration fails",
    }
}

impl Rule for SqliteUnsupportedAlter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        if cx.dialect() != Dialect::Sqlite {
            return;
        }
        let SchemaChange::AlterTable { name, actions, .. } = &cx.statement.change else {
            return;
        };
        if actions.len() > 1 {
            out.report(
                cx.statement.span,
                format!(
                    "SQLite allows one action per ALTER TABLE; this one has {}",
                    actions.len()
                ),
            )
            .help("write one ALTER TABLE statement per action")
            .subject(sql::table_subject(name));
            return;
        }
        let table = cx.catalog.table_by_name(name);
        for action in actions {
            let problem = match &action.op {
                AlterTableOp::AddColumn { column, .. } => {
                    if column.primary_key {
                        Some("cannot add a PRIMARY KEY column".to_owned())
                    } else if column.unique {
                        Some("cannot add a UNIQUE column".to_owned())
                    } else if column.generated.is_some()
                        && cx.statement.generated_column_stored(&column.name.value) == Some(true)
                    {
                        Some("cannot add a STORED generated column".to_owned())
                    } else {
                        None
                    }
                }
                AlterTableOp::DropColumn { name: column, .. } => table.and_then(|t| {
                    let same = |c: &String| cx.catalog.same(c, &column.value);
                    let constraint = t.constraints.iter().find(|c| {
                        matches!(c.kind, ConstraintKind::PrimaryKey | ConstraintKind::Unique)
                            && c.columns.iter().any(same)
                    });
                    if let Some(c) = constraint {
                        let kind = if c.kind == ConstraintKind::PrimaryKey {
                            "PRIMARY KEY"
                        } else {
                            "UNIQUE"
                        };
                        return Some(format!(
                            "cannot drop `{}`: it is part of a {kind} constraint",
                            column.value
                        ));
                    }
                    cx.catalog
                        .indexes_on(t)
                        .find(|i| i.columns.iter().any(same))
                        .map(|i| {
                            format!(
                                "cannot drop `{}`: index `{}` uses it (drop the index first)",
                                column.value, i.name
                            )
                        })
                }),
                AlterTableOp::RenameTable { .. } | AlterTableOp::RenameColumn { .. } => None,
                AlterTableOp::AlterColumn { .. } => Some("has no ALTER COLUMN".to_owned()),
                AlterTableOp::AddConstraint { .. } => {
                    Some("cannot add a constraint to an existing table".to_owned())
                }
                AlterTableOp::DropConstraint { .. } | AlterTableOp::DropPrimaryKey => {
                    Some("cannot drop a constraint".to_owned())
                }
                _ => Some("does not support this ALTER TABLE action".to_owned()),
            };
            if let Some(problem) = problem {
                out.report(action.span, format!("SQLite {problem}: the migration fails here"))
                    .help("create a new table with the wanted shape, copy the rows, drop the old table and rename the new one")
                    .subject(sql::table_subject(name));
            }
        }
    }
}
