use miglint_diagnostics::RuleMeta;
use miglint_engine::{FileFindings, Rule, StatementContext};
use miglint_syntax::ir::SchemaChange;

declare_rule! {
    /// ## What it does
    /// Reports `DROP SCHEMA` of a schema that existed before this migration
    /// file.
    ///
    /// ## Why is this bad?
    /// Every table, view, function and type in the schema goes with it
    /// (with `CASCADE`), or the statement fails (without): either way code
    /// still running loses what it uses.
    ///
    /// Applies to PostgreSQL schemas and MySQL (where a schema is a
    /// database).
    ///
    /// ## Example
    /// ```sql
    /// -- migration 1
    /// CREATE SCHEMA reporting;
    /// -- migration 2
    /// DROP SCHEMA reporting CASCADE;
    /// ```
    ///
    /// Use instead: drop the objects one by one in a deploy after the code
    /// stopped using them, then the empty schema.
    pub struct DropSchema {
        id: "drop-schema",
        category: Compat,
        severity: Warning,
        summary: "a schema dropped with everything in it",
    }
}

impl Rule for DropSchema {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_statement(&self, cx: &StatementContext<'_>, out: &mut FileFindings<'_>) {
        let SchemaChange::DropSchema { names, cascade, .. } = &cx.statement.change else {
            return;
        };
        for name in names {
            let new = cx
                .catalog
                .schema(&name.value)
                .and_then(|s| s.history.as_ref())
                .is_some_and(|h| cx.is_new_in_this_file(h));
            if new {
                continue;
            }
            let what = if *cascade {
                "and everything in it"
            } else {
                "(it fails while anything is in it)"
            };
            out.report(
                name.span,
                format!("dropping schema `{}` {what}", name.value),
            )
            .help(
                "drop its objects in a deploy after the code stopped using them, then the schema",
            );
        }
    }
}
