use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, ProjectContext, Rule};
use miglint_project::Tool;
use miglint_source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a migration that already exists at the git base and whose
    /// content has changed since. The base is the merge base with the ref
    /// given to `--changed-since`, else with the default branch
    /// (`origin/HEAD`, else `main` or `master`). Outside a git repository the
    /// rule is skipped, with a notice.
    ///
    /// ## Why is this bad?
    /// A database that already applied the migration never runs it again, so
    /// the edit reaches only new databases: production and a fresh database
    /// end up different. Prisma, sqlx, Flyway and Atlas compare checksums and
    /// refuse to deploy instead; the others apply nothing and say nothing.
    ///
    /// ## Example
    /// ```text
    /// prisma/migrations/20240101000000_init/migration.sql   (changed on this branch)
    /// ```
    ///
    /// Use instead: revert the edit and make the change in a new migration.
    pub struct MigrationEdited {
        id: "migration-edited",
        category: History,
        severity: Error,
        summary: "a migration that exists at the git base was edited",
    }
}

impl Rule for MigrationEdited {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Findings<'_>) {
        let Some(base) = &cx.history.base else {
            return;
        };
        for (migration, &file) in cx.project.migrations.iter().zip(cx.migration_files) {
            if !(base.existing.contains(&migration.path) && base.changed.contains(&migration.path))
            {
                continue;
            }
            out.report_at(
                file,
                Span::new(0, 0),
                format!(
                    "this migration exists at {} and was edited since: {}",
                    base.label,
                    consequence(cx.project.tool)
                ),
            )
            .help("revert the edit and make the change in a new migration");
        }
    }
}

fn consequence(tool: Tool) -> &'static str {
    match tool {
        Tool::Prisma => {
            "Prisma compares it with the checksum in `_prisma_migrations` and refuses to deploy"
        }
        Tool::Sqlx => "sqlx compares it with the checksum in `_sqlx_migrations` and refuses to run",
        Tool::Flyway => "Flyway's validation fails on the changed checksum",
        Tool::Atlas => "Atlas refuses to run until `atlas.sum` is rewritten, and never re-runs it",
        _ => {
            "databases that already applied it never run it again, so only new databases get the change"
        }
    }
}
