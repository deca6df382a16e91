use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, Rule, VerifyContext};

declare_rule! {
    /// ## What it does
    /// Under `miglint verify`, reports a migration the database's
    /// bookkeeping table records as applied but that is not on disk.
    ///
    /// ## Why is this bad?
    /// The database holds changes the repository cannot rebuild: a migration
    /// deleted or renamed after it ran, a branch deployed and abandoned, or a
    /// database shared with another project. A fresh environment built from
    /// the files will differ from this one, and most tools refuse to go on
    /// (`prisma migrate deploy` and Flyway's validate report it).
    ///
    /// ## Example
    /// ```text
    /// _prisma_migrations: 20240103000000_hotfix   (no such folder on disk)
    /// ```
    ///
    /// Use instead: restore the migration file from version control, or
    /// remove the row once the change is captured in a migration on disk.
    pub struct AppliedMigrationMissing {
        id: "applied-migration-missing",
        category: Verify,
        severity: Error,
        summary: "a migration the database has applied that is not on disk",
    }
}

impl Rule for AppliedMigrationMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_verify(&self, cx: &VerifyContext<'_>, out: &mut Findings<'_>) {
        let Some(history) = &cx.database.history else {
            return;
        };
        for applied in history.applied.iter().filter(|a| a.migration.is_none()) {
            out.report_at(
                cx.database_file,
                super::START,
                format!(
                    "migration `{}` is recorded as applied in {} of {} but is not on disk",
                    applied.version, history.table, cx.database.name
                ),
            )
            .help(
                "restore the migration file from version control, or capture its change \
                 in a migration on disk",
            );
        }
    }
}
