use miglint_diagnostics::{RuleMeta, Severity};
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterTableOp, ObjectName, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `DROP TABLE` of a table that existed before this migration
    /// file. It is an error when the model (Prisma) still declares the table.
    ///
    /// ## Why is this bad?
    /// The old version of the application keeps running during the deploy
    /// and still queries the table; the data is gone for good once the
    /// migration commits. Remove the table's use from the code and deploy
    /// that first.
    ///
    /// The hazard is in the application, not the database: it applies to
    /// every dialect.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TABLE sessions (id bigint PRIMARY KEY);
    /// -- migration 2
    /// DROP TABLE sessions;
    /// ```
    ///
    /// Use instead: drop it in a later deploy than the code change, and
    /// record that with `-- miglint-ignore drop-table -- unused since release N`.
    pub struct DropTable {
        id: "drop-table",
        category: Compat,
        severity: Warning,
        summary: "a table dropped while code that is still running may use it",
    }
}

impl Rule for DropTable {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::DropTable { names, .. } = &cx.statement.change else {
            return;
        };
        for name in names {
            if cx.existing_table(name).is_none() || replaced_later_in_file(cx, name) {
                continue;
            }
            let declared = cx.model_table(name);
            let finding = out
                .report(
                    name.span,
                    format!(
                        "dropping table `{}` breaks code that still uses it, and its data is lost",
                        sql::display(name)
                    ),
                )
                .subject(sql::table_subject(name));
            match declared {
                Some(table) => {
                    finding
                        .severity(Severity::Error)
                        .label(table.location.file, table.location.span, "the model still declares it")
                        .help("remove the model and deploy that first; drop the table in a later migration");
                }
                None => {
                    finding.help("deploy code that no longer uses the table first, then drop it in a later migration");
                }
            }
        }
    }
}

/// A later statement of the file puts a table of the same name back (SQLite
/// and Prisma redefine a table: create `new_t`, copy, drop `t`, rename
/// `new_t` to `t`): the data moved, and the code keeps its table.
fn replaced_later_in_file(cx: &StatementContext<'_>, dropped: &ObjectName) -> bool {
    let same = |other: &ObjectName| cx.catalog.same(&other.name.value, &dropped.name.value);
    cx.statements
        .iter()
        .skip(cx.index + 1)
        .any(|s| match &s.change {
            SchemaChange::CreateTable { name, .. } => same(name),
            SchemaChange::AlterTable { actions, .. } => actions
                .iter()
                .any(|a| matches!(&a.op, AlterTableOp::RenameTable { to } if same(to))),
            SchemaChange::RenameTables { pairs } => pairs.iter().any(|(_, to)| same(to)),
            _ => false,
        })
}
