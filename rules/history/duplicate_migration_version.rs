use std::collections::HashMap;

use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, ProjectContext, Rule};
use miglint_source::Span;

declare_rule! {
    /// ## What it does
    /// Reports two migrations of one history with the same version, as the
    /// tool reads versions: the number before the first `_` for sqlx,
    /// golang-migrate and goose (so `001_a` and `1_b` collide), the digits
    /// for dbmate and Supabase, Flyway's dotted version (`V1_0` equals `V1`),
    /// diesel's and Atlas's prefix. Prisma and drizzle name migrations by
    /// their whole folder or tag, so they cannot collide.
    ///
    /// ## Why is this bad?
    /// The tool records applied migrations by version. It refuses the whole
    /// history (sqlx, golang-migrate, goose, Flyway), or applies one of the
    /// two and takes the other for already applied. This usually happens
    /// when two branches each add a migration and are merged.
    ///
    /// ## Example
    /// ```text
    /// migrations/0042_add_email.sql
    /// migrations/0042_add_phone.sql     <- same version
    /// ```
    ///
    /// Use instead: give the newer migration the next free version.
    pub struct DuplicateMigrationVersion {
        id: "duplicate-migration-version",
        category: History,
        severity: Error,
        summary: "two migrations of one history have the same version",
    }
}

impl Rule for DuplicateMigrationVersion {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Findings<'_>) {
        let tool = cx.project.tool;
        // The first migration of each version, by the tool's order.
        let mut first: HashMap<String, (&str, usize)> = HashMap::new();
        for (index, migration) in cx.project.migrations.iter().enumerate() {
            let Some(version) = tool.version_of(&migration.name) else {
                continue;
            };
            let Some(&file) = cx.migration_files.get(index) else {
                continue;
            };
            match first.get(&version) {
                None => {
                    first.insert(version, (migration.name.as_str(), index));
                }
                Some(&(earlier, earlier_index)) => {
                    let finding = out
                        .report_at(
                            file,
                            Span::new(0, 0),
                            format!(
                                "migration version `{version}` is also the version of `{earlier}`; \
                                 {tool} records applied migrations by version, so it refuses this \
                                 history or treats one of the two as already applied"
                            ),
                        )
                        .help("give this migration the next free version (rename it)");
                    if let Some(&earlier_file) = cx.migration_files.get(earlier_index) {
                        finding.label(
                            earlier_file,
                            Span::new(0, 0),
                            "the first migration with this version",
                        );
                    }
                }
            }
        }
    }
}
