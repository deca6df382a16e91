use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

declare_rule! {
    /// ## What it does
    /// Reports `DROP DATABASE` in a migration.
    ///
    /// ## Why is this bad?
    /// A migration runs against production: this deletes a whole database
    /// and cannot be undone. On PostgreSQL it also cannot run inside a
    /// transaction, which most runners use.
    ///
    /// Every dialect that has `DROP DATABASE` (PostgreSQL, MySQL) is
    /// concerned.
    ///
    /// ## Example
    /// ```sql
    /// DROP DATABASE analytics;
    /// ```
    ///
    /// Use instead: drop databases by hand, with a backup, outside the
    /// migration history.
    pub struct DropDatabase {
        id: "drop-database",
        category: Compat,
        severity: Error,
        summary: "a migration that drops a whole database",
    }
}

impl Rule for DropDatabase {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::DropDatabase { name } = &cx.statement.change else {
            return;
        };
        out.report(
            cx.statement.span,
            format!("dropping database `{}` deletes all of its data", name.value),
        )
        .help("drop databases by hand, after a backup, not in a migration");
    }
}
