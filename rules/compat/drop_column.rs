use miglint_diagnostics::{RuleMeta, Severity};
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterTableOp, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TABLE … DROP COLUMN` on a table that existed before this
    /// migration file. It is an error when the model (Prisma) still declares
    /// the column: the application that is deployed with this migration
    /// still reads and writes it.
    ///
    /// ## Why is this bad?
    /// During a deploy the old version of the application keeps running
    /// until the new one replaces it, and it still selects and inserts the
    /// column: its queries fail from the moment the migration commits. Stop
    /// using the column in the code first (Prisma: remove the field, or
    /// `@ignore` it), deploy, then drop it.
    ///
    /// The hazard is in the application, not the database: it applies to
    /// PostgreSQL, MySQL and SQLite alike.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE users (id bigint PRIMARY KEY, nickname text);
    /// -- migration 2
    /// ALTER TABLE users DROP COLUMN nickname;
    /// ```
    ///
    /// Use instead: release code that no longer uses the column first, then
    /// drop it in a later deploy (and say so with
    /// `-- miglint-ignore drop-column -- unused since release N`).
    pub struct DropColumn {
        id: "drop-column",
        category: Compat,
        severity: Warning,
        summary: "a column dropped while code that is still running may use it",
    }
}

impl Rule for DropColumn {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let Some((table, actions)) = sql::alter_existing_table(cx) else {
            return;
        };
        for action in actions {
            let AlterTableOp::DropColumn { name, .. } = &action.op else {
                continue;
            };
            if readded_later_in_file(cx, &name.value) {
                continue;
            }
            // A column that is not there is `unknown-column`'s finding.
            let known = cx.catalog.table_by_name(table).filter(|t| !t.assumed);
            if known.is_some_and(|t| t.column(&name.value).is_none()) {
                continue;
            }
            let declared = cx.model_table(table).and_then(|t| t.column(&name.value));
            let finding = out
                .report(
                    action.span,
                    format!(
                        "dropping column `{}.{}` breaks code that still reads or writes it",
                        sql::display(table),
                        name.value
                    ),
                )
                .subject(sql::column_subject(table, &name.value));
            match declared {
                Some(column) => {
                    finding
                        .severity(Severity::Error)
                        .label(column.location.file, column.location.span, "the model still declares it")
                        .help("remove the field from the model (or `@ignore` it) and deploy that first; drop the column in a later migration");
                }
                None => {
                    finding.help("deploy code that no longer uses the column first, then drop it in a later migration");
                }
            }
        }
    }
}

/// The same file adds the column back (a drop and re-add to change it): the
/// drop is part of a replacement that other rules judge.
fn readded_later_in_file(cx: &StatementContext<'_>, column: &str) -> bool {
    let Some(SchemaChange::AlterTable { name: table, .. }) = Some(&cx.statement.change) else {
        return false;
    };
    cx.statements.iter().skip(cx.index + 1).any(|s| match &s.change {
        SchemaChange::AlterTable { name, actions, .. } => {
            name.name.value == table.name.value
                && actions.iter().any(|a| {
                    matches!(&a.op, AlterTableOp::AddColumn { column: c, .. } if c.name.value == column)
                })
        }
        _ => false,
    })
}
