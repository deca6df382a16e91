use miglint_diagnostics::RuleMeta;
use miglint_engine::{ChecksumCheck, Findings, Rule, VerifyContext};

declare_rule! {
    /// ## What it does
    /// Under `miglint verify`, reports an applied migration whose file no
    /// longer matches the checksum the tool recorded when it ran: Prisma and
    /// drizzle (SHA-256 of the file), sqlx (SHA-384), Flyway (its CRC32 over
    /// the lines).
    ///
    /// ## Why is this bad?
    /// The edit never reached this database, so the schema differs from what
    /// the files say, and the tool refuses to go on (`prisma migrate deploy`
    /// and Flyway's validate fail on a checksum mismatch).
    ///
    /// ## Example
    /// ```text
    /// 20240101000000_init/migration.sql edited after it was applied
    /// ```
    ///
    /// Use instead: restore the file as it was applied and put the change in
    /// a new migration.
    pub struct AppliedMigrationEdited {
        id: "applied-migration-edited",
        category: Verify,
        severity: Error,
        summary: "an applied migration file no longer matches the checksum the database recorded",
    }
}

impl Rule for AppliedMigrationEdited {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_verify(&self, cx: &VerifyContext<'_>, out: &mut Findings<'_>) {
        let Some(history) = &cx.database.history else {
            return;
        };
        for applied in &history.applied {
            let ChecksumCheck::Differs {
                algorithm,
                recorded,
                actual,
            } = &applied.checksum
            else {
                continue;
            };
            let Some(file) = applied.migration.and_then(|i| cx.migration_file(i)) else {
                continue;
            };
            out.report_at(
                file,
                super::START,
                format!(
                    "migration `{}` was edited after it was applied to {}: its {algorithm} \
                     is {actual}, {} recorded {recorded}",
                    applied.version, cx.database.name, history.table
                ),
            )
            .help(
                "restore the file as it was applied (version control has it) and put the \
                 change in a new migration",
            );
        }
    }
}
