use miglint_diagnostics::RuleMeta;
use miglint_engine::{Findings, ProjectContext, Rule};
use miglint_project::Tool;
use miglint_source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a migration added since the git base (see `migration-edited`
    /// for how the base is chosen) that the tool orders before the newest
    /// migration already at the base: typically a branch that kept its
    /// migration's old timestamp while newer ones were merged.
    ///
    /// ## Why is this bad?
    /// Databases that already ran the newer migration get this one after it,
    /// a fresh database before it, so the two may end up different.
    /// golang-migrate never applies it, goose and Flyway refuse it unless
    /// told to allow out-of-order migrations.
    ///
    /// ## Example
    /// ```text
    /// migrations/20240301_add_orders.sql     (at the base)
    /// migrations/20240215_add_email.sql      <- new on this branch, sorts first
    /// ```
    ///
    /// Use instead: rename the new migration so it sorts after the newest one.
    pub struct MigrationOutOfOrder {
        id: "migration-out-of-order",
        category: History,
        severity: Warning,
        summary: "a new migration sorts before the newest migration at the git base",
    }
}

impl Rule for MigrationOutOfOrder {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check_project(&self, cx: &ProjectContext<'_>, out: &mut Findings<'_>) {
        let Some(base) = &cx.history.base else {
            return;
        };
        let migrations = &cx.project.migrations;
        let Some(newest) = migrations
            .iter()
            .rposition(|m| base.existing.contains(&m.path))
        else {
            return;
        };
        let Some(newest_name) = migrations.get(newest).map(|m| m.name.as_str()) else {
            return;
        };
        for (migration, &file) in migrations.iter().zip(cx.migration_files).take(newest) {
            // A file that is missing now is reported by unreadable-file.
            let missing = cx.unreadable.iter().any(|u| u.file == file && !u.lossy);
            if base.existing.contains(&migration.path) || missing {
                continue;
            }
            out.report_at(
                file,
                Span::new(0, 0),
                format!(
                    "this migration is new since {} but {} orders it before `{newest_name}`, \
                         which is already there: {}",
                    base.label,
                    cx.project.tool,
                    consequence(cx.project.tool)
                ),
            )
            .help(format!(
                "rename it so that it sorts after `{newest_name}` (a newer version or timestamp)"
            ));
        }
    }
}

fn consequence(tool: Tool) -> &'static str {
    match tool {
        Tool::GolangMigrate => {
            "golang-migrate never applies a migration older than the database's version"
        }
        Tool::Goose => "goose refuses it unless run with `-allow-missing`",
        Tool::Flyway => "Flyway's validation fails unless `outOfOrder` is enabled",
        _ => "databases that ran the newer migration apply it after it, new databases before it",
    }
}
