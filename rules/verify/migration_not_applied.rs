use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, Rule, VerifyContext};

declare_rule! {
    /// ## What it does
    /// Under `miglint verify`, reports a migration on disk that the
    /// database's bookkeeping table (`_prisma_migrations`,
    /// `schema_migrations`…) does not record as applied.
    ///
    /// ## Why is this bad?
    /// The deploy's migration step did not run, failed before this file, or
    /// ran against another database: the code that needs this migration is
    /// live while the schema it expects is not.
    ///
    /// ## Example
    /// ```text
    /// prisma/migrations/20240102000000_add_quota/migration.sql   (on disk)
    /// _prisma_migrations has no row for 20240102000000_add_quota
    /// ```
    ///
    /// Use instead: run the tool's deploy command (`prisma migrate deploy`,
    /// `sqlx migrate run`…) against this database, then verify again.
    pub struct MigrationNotApplied {
        id: "migration-not-applied",
        category: Verify,
        severity: Error,
        summary: "a migration on disk that the database has not applied",
    }
}

impl Rule for MigrationNotApplied {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_verify(&self, cx: &VerifyContext<'_>, out: &mut Findings<'_>) {
        let Some(history) = &cx.database.history else {
            return;
        };
        for &index in &history.pending {
            let (Some(migration), Some(file)) =
                (cx.project.migrations.get(index), cx.migration_file(index))
            else {
                continue;
            };
            out.report_at(
                file,
                super::START,
                format!(
                    "migration `{}` is not applied to {} ({} has no row for it)",
                    migration.name, cx.database.name, history.table
                ),
            )
            .help(format!(
                "run {}'s deploy command against this database, then verify again",
                cx.project.tool.name()
            ));
        }
    }
}
