use miglint_diagnostics::{RuleMeta, Subject};
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::{AlterTypeOp, SchemaChange};

use crate::sql;

declare_rule! {
    /// ## What it does
    /// Reports `ALTER TYPE … RENAME VALUE` of an enum that existed before
    /// this migration file.
    ///
    /// ## Why is this bad?
    /// Code that is still running writes and compares the old label: its
    /// inserts fail with "invalid input value for enum" and its filters
    /// silently match nothing.
    ///
    /// PostgreSQL only: MySQL enums are column types changed with `MODIFY`,
    /// and SQLite has none.
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE TYPE status AS ENUM ('active', 'disabled');
    /// -- migration 2
    /// ALTER TYPE status RENAME VALUE 'disabled' TO 'suspended';
    /// ```
    ///
    /// Use instead: add the new value, move the code and the rows to it,
    /// and stop using the old one.
    pub struct RenameEnumValue {
        id: "rename-enum-value",
        category: Compat,
        severity: Warning,
        summary: "an enum value renamed while code that is still running uses the old label",
    }
}

impl Rule for RenameEnumValue {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::AlterType {
            name,
            op: AlterTypeOp::RenameValue { from, to },
        } = &cx.statement.change
        else {
            return;
        };
        let new = cx
            .catalog
            .enum_by_name(name)
            .is_some_and(|e| cx.is_new_in_this_file(&e.history));
        if new {
            return;
        }
        out.report(
            cx.statement.span,
            format!(
                "renaming value '{}' of `{}` to '{}' breaks code that still uses the old label",
                from.value,
                sql::display(name),
                to.value
            ),
        )
        .help("add the new value, move code and rows to it, then stop using the old one")
        .subject(Subject {
            type_name: Some(name.name.value.clone()),
            value: Some(from.value.clone()),
            ..Subject::default()
        });
    }
}
