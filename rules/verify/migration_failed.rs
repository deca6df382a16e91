use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, Rule, VerifyContext};

declare_rule! {
    /// ## What it does
    /// Under `miglint verify`, reports a migration the tool recorded as
    /// failed or unfinished: a `_prisma_migrations` row that never finished
    /// or was rolled back, golang-migrate's `dirty` flag, a Flyway row with
    /// `success = false`, an Atlas revision with an error.
    ///
    /// ## Why is this bad?
    /// Part of the migration may have run (PostgreSQL rolls DDL back, MySQL
    /// does not), and the tool refuses to apply anything newer until someone
    /// resolves it by hand (`prisma migrate resolve`, `migrate force`).
    ///
    /// ## Example
    /// ```text
    /// _prisma_migrations: 20240102000000_add_quota  finished_at = NULL
    /// ```
    ///
    /// Use instead: find out what of the migration reached the database,
    /// finish or undo it, then mark it resolved with the tool.
    pub struct MigrationFailed {
        id: "migration-failed",
        category: Verify,
        severity: Error,
        summary: "the database records a migration as failed or unfinished",
    }
}

impl Rule for MigrationFailed {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_verify(&self, cx: &VerifyContext<'_>, out: &mut Findings<'_>) {
        let Some(history) = &cx.database.history else {
            return;
        };
        for applied in &history.applied {
            let Some(failure) = &applied.failure else {
                continue;
            };
            let file = applied
                .migration
                .and_then(|i| cx.migration_file(i))
                .unwrap_or(cx.database_file);
            out.report_at(
                file,
                super::START,
                format!(
                    "migration `{}` failed or did not finish in {}: {failure}",
                    applied.version, cx.database.name
                ),
            )
            .help(format!(
                "check what of it reached the database, finish or undo it, then mark it \
                 resolved with {}",
                cx.project.tool.name()
            ));
        }
    }
}
